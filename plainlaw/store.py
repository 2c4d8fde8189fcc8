"""Chroma access: an embedded PersistentClient by default, a Chroma server when one is configured.

The index is kept in generations so that an update can never leave it partial. Each ingest that changes
anything writes a new pair of collections, `{collection}-passages-g{N}` and `{collection}-sentences-g{N}`,
beside the live pair, and only when both are complete does it switch the live pointer: the metadata of a
small collection `{collection}-live`, changed with one `collection.modify` (a single transaction, embedded
or on a server). A process killed at any moment leaves the pointer on a complete generation. The
generation before the live one is kept until the next ingest, so an engine started before a switch keeps
answering; anything else of ours is a leftover of an interrupted run and is deleted by the next ingest.
Chroma has no alias or rename-swap of two collections, so this pointer is written here by hand.

Indexes made before generations (`{collection}-passages` and `{collection}-sentences`, no pointer) are
still read as the live pair and are migrated by the next ingest that writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from plainlaw.embeddings import model_id
from plainlaw.settings import Settings

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

PASSAGES = "passages"
SENTENCES = "sentences"
KINDS = (PASSAGES, SENTENCES)
PAGE = 1000  # rows per read: one unpaged get() fails above ~32k rows ("too many SQL variables")


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
    """The name an index made before generations used for one kind (read, then migrated)."""
    return f"{settings.collection}-{kind}"


def pointer_name(settings: Settings) -> str:
    return f"{settings.collection}-live"


def generation_names(settings: Settings, generation: int) -> dict[str, str]:
    return {kind: f"{collection_name(settings, kind)}-g{generation}" for kind in KINDS}


def collection_metadata() -> dict[str, str]:
    """What every index collection is created with: cosine distance and the model that made its vectors."""
    return {"hnsw:space": "cosine", "embedding_model": model_id()}


def _names(chroma: Any) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in chroma.list_collections()}


def _pointer(chroma: Any, settings: Settings, names: set[str]) -> dict[str, Any]:
    return dict(chroma.get_collection(pointer_name(settings)).metadata or {}) if pointer_name(settings) in names else {}


def live_names(chroma: Any, settings: Settings) -> dict[str, str] | None:
    """kind → name of the live generation's collection, or None when there is no index yet."""
    names = _names(chroma)
    pointer = _pointer(chroma, settings, names)
    if pointer:
        return {kind: str(pointer[kind]) for kind in KINDS}
    legacy = {kind: collection_name(settings, kind) for kind in KINDS}
    return legacy if set(legacy.values()) <= names else None


def live_generation(chroma: Any, settings: Settings) -> int:
    """The live generation's number (0 for an index made before generations, or none)."""
    return int(_pointer(chroma, settings, _names(chroma)).get("generation", 0))


def own_collections(chroma: Any, settings: Settings) -> dict[str, int]:
    """Every index collection of these settings (not the pointer) → its generation (0: made before them)."""
    pattern = re.compile(rf"{re.escape(settings.collection)}-(?:{'|'.join(KINDS)})(?:-g(\d+))?")
    found = {}
    for name in _names(chroma):
        match = pattern.fullmatch(name)
        if match:
            found[name] = int(match.group(1) or 0)
    return found


def kept_names(chroma: Any, settings: Settings) -> set[str]:
    """The live generation and the one before it; every other index collection may be deleted."""
    names = _names(chroma)
    pointer = _pointer(chroma, settings, names)
    live = live_names(chroma, settings) or {}
    return set(live.values()) | {str(pointer[f"previous_{kind}"]) for kind in KINDS if f"previous_{kind}" in pointer}


def live_fingerprint(chroma: Any, settings: Settings) -> str:
    """The fingerprint of the live generation's row ids recorded at its switch ("" if none was)."""
    return str(_pointer(chroma, settings, _names(chroma)).get("rows", ""))


def switch(chroma: Any, settings: Settings, generation: int, new: dict[str, str], old: dict[str, str] | None,
           fingerprint: str = "") -> None:
    """Make `new` the live generation in one write, keeping `old` named as the one before it. `fingerprint`
    names the rows it holds, so that an unchanged corpus is recognised without reading them."""
    metadata: dict[str, Any] = {**new, "generation": generation, "rows": fingerprint}
    if old:
        metadata.update({f"previous_{kind}": name for kind, name in old.items()})
    pointer = chroma.get_or_create_collection(pointer_name(settings), metadata=metadata, embedding_function=None)
    pointer.modify(metadata=metadata)  # replaces the whole metadata in one transaction


def check_model(chroma: Any, settings: Settings, name: str) -> None:
    """Refuse a collection whose vectors were made by another model: they are not comparable with ours."""
    recorded = (chroma.get_collection(name).metadata or {}).get("embedding_model")
    if recorded and recorded != model_id():
        where = settings.chroma_host or settings.chroma_path
        raise StoreError(
            f"The index at {where} was built with {recorded}; "
            "run `python -m ingest --rebuild` to rebuild it with the packaged model."
        )


def open_collection(chroma: Any, settings: Settings, kind: str, embeddings: Embeddings) -> Chroma:
    """A LangChain view of the live generation's collection of one kind."""
    # Imported here: the engine reads the index with chromadb's own client, and this import costs it 0.35 s.
    from langchain_chroma import Chroma

    names = live_names(chroma, settings)
    if names is None:
        raise StoreError("The search index is empty or missing: run `python -m ingest` first.")
    check_model(chroma, settings, names[kind])
    return Chroma(client=chroma, collection_name=names[kind], embedding_function=embeddings,
                  create_collection_if_not_exists=False)


def pages(collection: Any, include: list[str], size: int = PAGE) -> Iterator[dict[str, Any]]:
    """A collection read `size` rows at a time, in Chroma's stored order (unchanged while nothing writes)."""
    offset = 0
    while True:
        got = collection.get(limit=size, offset=offset, include=include)
        if not got["ids"]:
            return
        yield got
        offset += len(got["ids"])


def index_exists(settings: Settings) -> bool:
    """True when a live generation exists and its passages collection holds at least one chunk."""
    if not settings.chroma_host and not (settings.chroma_path / "chroma.sqlite3").exists():
        return False
    chroma = client(settings)
    names = live_names(chroma, settings)
    return names is not None and chroma.get_collection(names[PASSAGES]).count() > 0
