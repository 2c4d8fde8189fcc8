"""Trained weights that ship with the product (the reader's heads, the coverage classifier): the fingerprint of what
they were trained on, loading them only while it still matches, and training them into the cache when it does not.
scikit-learn keeps no record of the data a model saw; this is that record, written by hand for that reason."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import joblib
import sklearn

log = logging.getLogger(__name__)


def fingerprint(settings: dict[str, Any], files: Iterable[Path]) -> str:
    """What trained weights depend on: the settings that train them, the library version and the data files."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    digest.update(sklearn.__version__.encode())
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load(path: Path, key: str, expected: str) -> Any | None:
    """The weights saved under `key` in `path` when they were trained on what `expected` fingerprints, else None."""
    if not path.exists():
        return None
    try:
        saved = joblib.load(path)
    except Exception as exc:  # a file from another library version is retrained, never trusted
        log.warning("weights in %s unreadable (%s)", path.name, type(exc).__name__)
        return None
    return saved[key] if saved.get("fingerprint") == expected else None


def save(path: Path, key: str, print_: str, weights: Any, compress: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"fingerprint": print_, key: weights}, path, compress=compress)
    return path


def shipped_or_trained(shipped: Path, cache_dir: Path, name: str, key: str, expected: str,
                       train: Callable[[], Any]) -> Any:
    """The shipped weights when they match their data, else those trained before into the cache, else trained now
    (kept in the cache, replacing older ones, until the shipped file is brought up to date)."""
    cached = cache_dir / f"{name}-{expected}.joblib"
    weights = load(shipped, key, expected)
    if weights is None:
        weights = load(cached, key, expected)
    if weights is not None:
        return weights
    log.warning("the %s's data changed since its weights were saved: training it (a few minutes)", name)
    weights = train()
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob(f"{name}-*.joblib"):
        old.unlink()
    save(cached, key, expected, weights)
    return weights


def trusted_input() -> Any:
    """scikit-learn's checks of every input, skipped: the vectors come from the packaged encoders (finite, the
    right width) and the models are ours, and the checks cost more than the models' arithmetic."""
    return sklearn.config_context(assume_finite=True, skip_parameter_validation=True)
