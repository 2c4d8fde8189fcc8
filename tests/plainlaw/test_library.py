"""The library reads the index a page at a time and searches keywords from a persisted index: these tests check
paging past one page, that the keyword index is built once per content and reused, that search finds exactly
what an in-memory reference (rank-bm25 and brute-force vectors over every passage) finds, and that a change
of content gives a new keyword index."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from plainlaw import keywords
from plainlaw.encoders import ENCODERS
from plainlaw.retrieve import Library, Passage, Retriever, Unit
from plainlaw.settings import Settings
from plainlaw.store import PASSAGES, SENTENCES, client, live_names
from plainlaw.textutil import content_terms

QUESTIONS = [
    "Is it illegal to make a deepfake nude of a child?",
    "What does section 66B say about sharing an intimate image?",
    "nudify apps ban",
    "What is the maximum sentence for creating AI child abuse images?",
    "pseudo-photograph definition",
    "When did the offence come into force?",
]


@pytest.fixture(scope="module")
def small_index(index_settings: Settings) -> Settings:
    """The real corpus, indexed once per test session (tests/conftest.py)."""
    return index_settings


def collections(settings: Settings) -> tuple[Any, Any]:
    chroma = client(settings)
    names = live_names(chroma, settings)
    assert names is not None
    return chroma.get_collection(names[PASSAGES]), chroma.get_collection(names[SENTENCES])


def test_paged_reads_every_row_once_past_one_page(tmp_path: Path) -> None:
    chroma = chromadb.PersistentClient(path=str(tmp_path))
    rows = chroma.create_collection("rows", embedding_function=None)
    rows.add(ids=[f"r{i:02d}" for i in range(23)], embeddings=np.eye(23, 4, dtype=np.float32).tolist(),
             metadatas=[{"group": i % 3} for i in range(23)])
    pages = list(keywords.paged(rows, [], page=5))
    assert [len(p["ids"]) for p in pages] == [5, 5, 5, 5, 3]
    assert sorted(i for p in pages for i in p["ids"]) == [f"r{i:02d}" for i in range(23)]
    filtered = [i for p in keywords.paged(rows, [], page=2, where={"group": 1}) for i in p["ids"]]
    assert sorted(filtered) == [f"r{i:02d}" for i in range(1, 23, 3)]
    asked = [f"r{i:02d}" for i in range(0, 23, 2)]
    assert sorted(i for got in keywords.by_ids(rows, asked, [], page=5) for i in got["ids"]) == asked


def test_library_loads_passages_and_their_sentences_in_pages(small_index: Settings, tmp_path: Path) -> None:
    passages, sentences = collections(small_index)
    library = Library(passages, sentences, tmp_path / "cache", page=7, remember=5)
    everything = passages.get(include=["documents"])
    assert len(library) == len(everything["ids"]) > 7
    loaded = library.load(everything["ids"])
    assert set(loaded) == set(everything["ids"])
    units = sentences.get(include=["metadatas"])
    per_passage = {pid: sum(1 for m in units["metadatas"] if m["chunk_id"] == pid) for pid in everything["ids"]}
    assert {pid: len(p.units) for pid, p in loaded.items()} == per_passage
    for passage in loaded.values():
        assert [u.index for u in passage.units] == sorted(u.index for u in passage.units)
    pid = everything["ids"][0]
    assert pid in library.by_id and library.by_id[pid].text == everything["documents"][0]
    assert "no-such-passage" not in library.by_id and library.by_id.get("no-such-passage") is None
    source = loaded[pid].meta["source"]
    positions = [p.meta["position"] for p in library.of_sources([source])]
    assert positions == sorted(positions) and len(positions) == sum(
        1 for p in loaded.values() if p.meta["source"] == source)
    assert {s["source"] for s in library.sources()} == {p.meta["source"] for p in loaded.values()}


def test_keyword_index_is_built_once_and_reused(small_index: Settings, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    passages, sentences = collections(small_index)
    cache = tmp_path / "cache"
    first = keywords.open_index(passages, sentences, cache)
    built = first.path.stat().st_mtime_ns

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the keyword index was built again for the same content")

    monkeypatch.setattr(keywords, "build", no_build)
    again = keywords.open_index(passages, sentences, cache)
    assert again.path == first.path and again.path.stat().st_mtime_ns == built
    assert [p.name for p in cache.glob("keywords-*.sqlite")] == [first.path.name]


class Reference:
    """The library as it was before: every passage in memory, rank-bm25, brute-force cosine similarity."""

    def __init__(self, passages: Any, sentences: Any) -> None:
        got = passages.get(include=["documents", "metadatas", "embeddings"])
        sgot = sentences.get(include=["documents", "metadatas", "embeddings"])
        units: dict[str, list[Unit]] = {}
        for uid, text, meta, vec in zip(sgot["ids"], sgot["documents"], sgot["metadatas"], sgot["embeddings"],
                                        strict=True):
            units.setdefault(meta["chunk_id"], []).append(
                Unit(uid, text[int(meta["start"]):], np.asarray(vec), int(meta["index"]), text))
        self.passages = sorted((Passage(pid, text, meta, np.asarray(vec), sorted(units.get(pid, []),
                                                                                 key=lambda u: u.index))
                                for pid, text, meta, vec in zip(got["ids"], got["documents"], got["metadatas"],
                                                                got["embeddings"], strict=True)),
                               key=lambda p: (p.meta["source"], p.meta["position"]))
        self.by_id = {p.id: p for p in self.passages}
        self.bm25 = BM25Okapi([content_terms(p.text) for p in self.passages])
        self.keywords = self
        unit_terms = [set(content_terms(u.text)) for p in self.passages for u in p.units]
        counts: dict[str, int] = {}
        for terms in unit_terms:
            for t in terms:
                counts[t] = counts.get(t, 0) + 1
        self.unit_idf = {t: math.log((1 + len(unit_terms)) / (1 + n)) + 1 for t, n in counts.items()}

    def __len__(self) -> int:
        return len(self.passages)

    def top(self, query: list[str], k: int) -> list[tuple[str, float]]:
        scores = self.bm25.get_scores(query)
        top = np.argsort(scores)[::-1][:k]
        best = float(scores[top[0]]) if scores[top[0]] > 0 else 1.0
        return [(self.passages[i].id, float(scores[i]) / best) for i in top if scores[i] > 0]

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        sims = [(p.id, float(p.vector @ vector)) for p in self.passages]
        return sorted(sims, key=lambda x: x[1], reverse=True)[:k]

    def load(self, ids: Any) -> dict[str, Passage]:
        return {i: self.by_id[i] for i in ids}


def test_search_matches_an_in_memory_reference(small_index: Settings, tmp_path: Path) -> None:
    passages, sentences = collections(small_index)
    library = Library(passages, sentences, tmp_path / "cache", page=6)
    reference = Reference(passages, sentences)
    ours, theirs = Retriever(library, small_index.prompts_dir), Retriever(reference, small_index.prompts_dir)
    for question in QUESTIONS:
        terms = ours.expand(question)
        assert np.array_equal(library.keywords.scores(terms), reference.bm25.get_scores(terms)), question
        assert library.keywords.top(terms, 20) == reference.top(terms, 20)
        vector = ENCODERS["minilm"]([question])[0]
        got = [(h.passage.id, h.score, h.keyword) for h in ours.search(question, vector)]
        want = [(h.passage.id, h.score, h.keyword) for h in theirs.search(question, vector)]
        assert got == want, question
    for term in {t for q in QUESTIONS for t in content_terms(q)} | {"unseenword"}:
        assert library.unit_idf.get(term) == reference.unit_idf.get(term)


def test_a_change_of_content_gives_a_new_keyword_index(small_index: Settings, tmp_path: Path) -> None:
    changed = small_index.with_(chroma_path=tmp_path / "index")
    shutil.copytree(small_index.chroma_path, changed.chroma_path)  # the same index, without embedding it again
    before = keywords.build_keyword_index(changed)
    assert before is not None and before.exists()
    passages, sentences = collections(changed)
    some = passages.get(limit=1, include=["metadatas", "embeddings"])
    meta = {**some["metadatas"][0], "source": "zz-new.md", "position": 0}
    passages.add(ids=["zz-new"], documents=["Heading\nThe zanzibarian committee met on a Tuesday."],
                 metadatas=[meta], embeddings=[some["embeddings"][0]])
    sentences.add(ids=["zz-new-0"], documents=["The zanzibarian committee met on a Tuesday."],
                  metadatas=[{"chunk_id": "zz-new", "index": 0, "source": "zz-new.md", "start": 0}],
                  embeddings=[some["embeddings"][0]])
    after = keywords.build_keyword_index(changed)
    assert after is not None and after != before
    library = Library(passages, sentences, changed.chroma_path / "cache")
    assert library.keywords.path == after
    found = library.keywords.top(content_terms("zanzibarian committee"), 3)
    assert found[0][0] == "zz-new" and library.by_id["zz-new"].units[0].text.startswith("The zanzibarian")
    assert "zanzibarian" in library.unit_idf and "zz-new.md" in {s["source"] for s in library.sources()}
    passages.delete(ids=["zz-new"])
    sentences.delete(ids=["zz-new-0"])
    assert keywords.build_keyword_index(changed) == before  # the same content again: the same key


def test_a_missing_keyword_index_is_built_in_a_child_process(small_index: Settings, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = small_index.with_(chroma_path=tmp_path / "index")
    shutil.copytree(small_index.chroma_path, settings.chroma_path, ignore=shutil.ignore_patterns("keywords-*"))
    passages, sentences = collections(settings)
    cache = settings.chroma_path / "cache"

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("the keyword index was built in the engine's process")

    monkeypatch.setattr(keywords, "build", not_here)  # the child process is not patched
    library = Library(passages, sentences, cache, builder=lambda: keywords.build_in_child(settings))
    assert [p.name for p in cache.glob("keywords-*.sqlite")] == [library.keywords.path.name]
    assert len(library) == passages.count() and library.sources()
