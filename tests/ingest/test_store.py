"""The store's generation mechanics on a real embedded Chroma: paged reads, the live pointer, and which
collections are ours."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from plainlaw.settings import Settings
from plainlaw.store import (
    PASSAGES,
    SENTENCES,
    StoreError,
    client,
    collection_metadata,
    generation_names,
    index_exists,
    kept_names,
    live_generation,
    live_names,
    open_collection,
    own_collections,
    pages,
    switch,
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(chroma_path=tmp_path / "index")


def filled(chroma, name: str, rows: int):
    collection = chroma.create_collection(name, metadata=collection_metadata(), embedding_function=None)
    if rows:
        collection.add(ids=[f"id{i:03d}" for i in range(rows)], embeddings=np.random.rand(rows, 4).astype("float32"),
                       documents=[f"text {i}" for i in range(rows)])
    return collection


def test_pages_read_every_row_once_in_pieces(settings: Settings) -> None:
    collection = filled(client(settings), "plainlaw-passages-g1", 23)
    seen = [got["ids"] for got in pages(collection, [], size=5)]
    assert [len(ids) for ids in seen] == [5, 5, 5, 5, 3]
    assert sorted(i for ids in seen for i in ids) == [f"id{i:03d}" for i in range(23)]


def test_no_index_until_a_generation_is_switched_to(settings: Settings) -> None:
    chroma = client(settings)
    assert live_names(chroma, settings) is None and not index_exists(settings)
    with pytest.raises(StoreError, match="run `python -m ingest`"):
        open_collection(chroma, settings, PASSAGES, None)
    names = generation_names(settings, 1)
    for name in names.values():
        filled(chroma, name, 3)
    assert live_names(chroma, settings) is None  # complete collections serve only once the pointer names them
    switch(chroma, settings, 1, names, None)
    assert live_names(chroma, settings) == names and live_generation(chroma, settings) == 1 and index_exists(settings)


def test_switching_replaces_the_pointer_whole_and_keeps_only_the_generation_before(settings: Settings) -> None:
    chroma = client(settings)
    first, second = generation_names(settings, 1), generation_names(settings, 2)
    for name in [*first.values(), *second.values()]:
        filled(chroma, name, 1)
    switch(chroma, settings, 1, first, None)
    switch(chroma, settings, 2, second, first)
    assert live_names(chroma, settings) == second
    assert kept_names(chroma, settings) == {*first.values(), *second.values()}
    third = generation_names(settings, 3)
    switch(chroma, settings, 3, third, second)
    assert kept_names(chroma, settings) == {*second.values(), *third.values()}  # nothing of the first survives


def test_only_this_index_s_collections_are_ours(settings: Settings) -> None:
    chroma = client(settings)
    for name in ["plainlaw-passages", "plainlaw-sentences-g7", "plainlaw-live", "plainlaw-test-passages-g1",
                 "other-passages-g1", "plainlaw-passages-g1x"]:
        filled(chroma, name, 0)
    assert own_collections(chroma, settings) == {"plainlaw-passages": 0, "plainlaw-sentences-g7": 7}
    assert own_collections(chroma, settings.with_(collection="plainlaw-test")) == {"plainlaw-test-passages-g1": 1}
    assert {SENTENCES, PASSAGES} == set(generation_names(settings, 7))
