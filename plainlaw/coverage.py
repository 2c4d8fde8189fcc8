"""Whether the sources answer a question at all: a classifier over the message's sentence vectors, trained on
questions labelled as answered or not by the sources (prompts/reading/coverage/), with a held-out file it is
never trained or tuned on (heldout/).

The law model and the passages always find *something* close to a question; what they find for "can teachers
search my phone?" is the nearest law, which reads as the answer. Exact patterns (prompts/unsaid.yaml) name the
gaps known one by one; this reads the kinds of question the sources leave open (procedure, practice, other
places, other duties), so that the reply says so first instead of answering a nearby question.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from plainlaw.encoders import Encoders
from plainlaw.prompts import load_yaml

log = logging.getLogger(__name__)


class CoverageDataError(ValueError):
    """A coverage example or setting is malformed; the message says where."""


@dataclass(frozen=True)
class Labelled:
    """A message and whether the sources answer it."""

    text: str
    covered: bool


def load_labelled(folder: Path) -> list[Labelled]:
    """Every example in the folder's .jsonl files (not its subfolders): {"text": …, "covered": true|false}."""
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, covered = str(row["text"]).strip(), row["covered"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise CoverageDataError(f"{path.name} line {n}: {exc}") from exc
            if not text or not isinstance(covered, bool):
                raise CoverageDataError(f"{path.name} line {n}: needs a text and covered true or false")
            rows.append(Labelled(text, covered))
    return rows


class Coverage:
    """How likely the sources leave a message's question unanswered."""

    def __init__(self, prompts_dir: Path, cache_dir: Path, encoders: Encoders) -> None:
        self.config: dict[str, Any] = load_yaml(prompts_dir, "reading/coverage.yaml")
        self.encoders = encoders
        self.names: list[str] = list(self.config["encoders"])
        missing = set(self.names) - set(encoders.names)
        if missing:
            raise CoverageDataError(f"coverage.yaml: encoders {sorted(missing)} are not the reader's")
        self.threshold = float(self.config["unanswered_at_least"])
        self.data_dir = prompts_dir / "reading" / "coverage"
        self.model_path = prompts_dir / "reading" / "model" / "coverage.joblib"
        self.cache_dir = cache_dir
        self.model = self._model()

    def fingerprint(self) -> str:
        """What the weights depend on: the training files, the settings that train them and the library."""
        settings = {k: self.config[k] for k in ("encoders", "C", "class_weight")}
        digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
        digest.update(sklearn.__version__.encode())
        for path in sorted(self.data_dir.glob("*.jsonl")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def _model(self) -> LogisticRegression:
        fingerprint = self.fingerprint()
        cached = self.cache_dir / f"coverage-{fingerprint}.joblib"
        for path in (self.model_path, cached):
            try:
                saved = joblib.load(path) if path.exists() else {}
            except Exception as exc:  # weights from another library version are retrained, never trusted
                log.warning("coverage weights in %s unreadable (%s)", path.name, type(exc).__name__)
                saved = {}
            if saved.get("fingerprint") == fingerprint:
                return saved["model"]
        log.warning("the coverage examples changed since their weights were saved: training (a minute or two)")
        model = self.train()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        joblib.dump({"fingerprint": fingerprint, "model": model}, cached)
        return model

    def features(self, texts: list[str]) -> np.ndarray:
        return self.encoders.features(texts, self.names)

    def train(self, rows: list[Labelled] | None = None) -> LogisticRegression:
        rows = rows if rows is not None else load_labelled(self.data_dir)
        x = self.features([r.text for r in rows])
        y = np.array([int(not r.covered) for r in rows])
        return LogisticRegression(C=float(self.config["C"]), class_weight=self.config["class_weight"],
                                  max_iter=3000).fit(x, y)

    def save(self, model: LogisticRegression) -> Path:
        """Write trained weights where they ship with the product."""
        self.model_path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"fingerprint": self.fingerprint(), "model": model}, self.model_path, compress=3)
        self.model = model
        return self.model_path

    def unanswered(self, texts: list[str]) -> list[float]:
        """The probability that the sources do not answer each text (its vectors are the reader's, already read)."""
        if not texts:
            return []
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return [float(p) for p in self.model.predict_proba(self.features(texts))[:, 1]]

    def applies(self, asks: str, follow_up: bool, place: str = "") -> bool:
        """Is a question of this kind read for coverage at all (coverage.yaml read_follow_ups,
        read_place_questions, not_for_asks)?"""
        return asks not in self.config["not_for_asks"] and (bool(self.config["read_follow_ups"]) or not follow_up) \
            and (bool(self.config["read_place_questions"]) or not place)

    def is_unanswered(self, text: str) -> bool:
        return self.unanswered([text])[0] >= self.threshold


def heldout_report(coverage: Coverage, folder: Path) -> dict[str, Any]:
    """How the shipped weights do on the held-out file: of the questions the sources do not answer, how many are
    caught, and of those they do, how many are wrongly said to be unanswered, at the threshold in use."""
    rows = load_labelled(folder)
    scores = coverage.unanswered([r.text for r in rows])
    flagged = [s >= coverage.threshold for s in scores]
    gaps = sum(not r.covered for r in rows)
    caught = sum(f and not r.covered for f, r in zip(flagged, rows, strict=True))
    wrong = sum(f and r.covered for f, r in zip(flagged, rows, strict=True))
    return {"examples": len(rows), "not_covered": gaps, "caught": caught, "covered": len(rows) - gaps,
            "wrongly_flagged": wrong}
