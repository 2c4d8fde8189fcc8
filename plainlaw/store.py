"""Chroma access: an embedded PersistentClient by default, a Chroma server when one is configured."""

from __future__ import annotations

from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from plainlaw.embeddings import model_id
from plainlaw.settings import Settings

PASSAGES = "passages"
SENTENCES = "sentences"


class StoreError(RuntimeError):
    """The index cannot be used as it is; the message says what to run."""


def client(settings: Settings) -> Any:
    """The Chroma client the settings ask for (server if PLAINLAW_CHROMA_HOST is set)."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def collection_name(settings: Settings, kind: str) -> str:
    return f"{settings.collection}-{kind}"


def open_collection(chroma: Any, settings: Settings, kind: str, embeddings: Embeddings) -> Chroma:
    """A LangChain view of one collection, created with cosine distance and the model's name if new."""
    store = Chroma(
        client=chroma,
        collection_name=collection_name(settings, kind),
        embedding_function=embeddings,
        collection_metadata={"hnsw:space": "cosine", "embedding_model": model_id()},
    )
    recorded = (store._collection.metadata or {}).get("embedding_model")
    if recorded and recorded != model_id():
        raise StoreError(
            f"The index at {settings.chroma_path} was built with {recorded}; "
            "run `python -m ingest --rebuild` to rebuild it with the packaged model."
        )
    return store


def index_exists(settings: Settings) -> bool:
    """True when the passages collection exists and holds at least one chunk."""
    if not settings.chroma_host and not (settings.chroma_path / "chroma.sqlite3").exists():
        return False
    chroma = client(settings)
    names = {c if isinstance(c, str) else c.name for c in chroma.list_collections()}
    name = collection_name(settings, PASSAGES)
    return name in names and chroma.get_collection(name).count() > 0
