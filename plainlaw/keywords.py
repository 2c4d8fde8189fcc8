"""The keyword index: BM25 over every passage and word rarity over every sentence, computed once per index
content and kept in one SQLite file beside the index, so that a question reads only the rows of its own words.

BM25 here is rank-bm25's BM25Okapi (k1 1.5, b 0.75, an idf below zero raised to 0.25 × the mean idf) over the
same words (`content_terms`), with scores summed in the same order, so rankings match the in-memory BM25 the
engine used before. It is written by hand because SQLite's FTS5 `bm25()` fixes k1 at 1.2 and uses another idf
(it would change which passages are found), and rank-bm25 keeps every passage's word counts in memory.

Tables: `docs` (passages in (source, position) order, which is the order ties are broken in), `postings` (per
word: its idf and the passages that use it, as packed arrays), `units` (every quotable sentence with its
vector, by passage), `unit_idf` (how rare each word is among those sentences: prompts/find.yaml's overlap
weights use it), `sources` (one metadata record per document).

The sentences are kept here, not read from Chroma's sentences collection at each question, because an
embedded Chroma loads the whole vector index of a collection into memory the first time the collection is
touched at all (even `count()` or a `get` by id): about 500 MB at 100k passages, for vectors that are only
ever read by id. The engine touches the passages collection alone; ingest keeps the sentences collection.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import threading
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from plainlaw.settings import ROOT, Settings, load_settings
from plainlaw.store import PASSAGES, SENTENCES, client, live_names
from plainlaw.textutil import content_terms

K1, B, EPSILON = 1.5, 0.75, 0.25  # rank-bm25's BM25Okapi defaults, which the engine has always used
PAGE = 5000  # rows per Chroma read: one read of more than ~32k rows fails ("too many SQL variables")
FORMAT = 3  # raise when the file's layout changes, so old files are rebuilt rather than misread
Collection = Any  # a chromadb Collection (the client's own object)


def paged(collection: Collection, include: list[str], page: int = PAGE, **where: Any) -> Iterator[dict[str, Any]]:
    """Every row of a collection (or of a `where` filter), read `page` rows at a time."""
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset, **where)
        if got["ids"]:
            yield got
        if len(got["ids"]) < page:
            return
        offset += len(got["ids"])


def by_ids(collection: Collection, ids: list[str], include: list[str], page: int = PAGE) -> Iterator[dict[str, Any]]:
    """The rows with these ids, asked for `page` ids at a time."""
    for start in range(0, len(ids), page):
        got = collection.get(ids=ids[start : start + page], include=include)
        if got["ids"]:
            yield got


def content_key(passages: Collection, sentences: Collection) -> str:
    """What the keyword index depends on, without reading the rows: which collections (name and Chroma id)
    and how many passages there are. Ingest never writes into the collections it has made live — a change of
    content is a new generation of collections (plainlaw/store.py) — so these identify the content. (The
    sentences collection is not counted: touching it at all loads its vectors into memory.)"""
    parts = [FORMAT, passages.name, passages.id, passages.count(), sentences.name, sentences.id]
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:20]


def index_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"keywords-{key}.sqlite"


def build(path: Path, passages: Collection, sentences: Collection, key: str, page: int = PAGE) -> Path:
    """Write the keyword index for the collections' current content to `path` (atomically: a half-written
    file is never seen under that name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    order: list[tuple[str, int, str]] = []
    first: dict[str, tuple[int, dict[str, Any]]] = {}  # each source's first passage's metadata
    for got in paged(passages, ["metadatas"], page):
        for pid, meta in zip(got["ids"], got["metadatas"], strict=True):
            source, position = str(meta["source"]), int(meta["position"])
            order.append((source, position, pid))
            if source not in first or position < first[source][0]:
                first[source] = (position, meta)
    order.sort()
    ids = [pid for _, _, pid in order]

    # BM25 as rank-bm25 computes it: documents in order, words in order of first use.
    lengths = array("q")
    doc_freq: dict[str, int] = {}
    post_docs: dict[str, array] = {}
    post_tfs: dict[str, array] = {}
    for ordinal, text in enumerate(_texts_in_order(passages, ids, page)):
        terms = content_terms(text)
        lengths.append(len(terms))
        frequencies: dict[str, int] = {}
        for term in terms:
            frequencies[term] = frequencies.get(term, 0) + 1
        for term, tf in frequencies.items():
            doc_freq[term] = doc_freq.get(term, 0) + 1
            post_docs.setdefault(term, array("i")).append(ordinal)
            post_tfs.setdefault(term, array("i")).append(tf)
    idf = _okapi_idf(doc_freq, len(ids))

    temp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    temp.unlink(missing_ok=True)
    db = sqlite3.connect(temp)
    with db:
        db.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE arrays (name TEXT PRIMARY KEY, data BLOB);
            CREATE TABLE docs (ord INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, source TEXT NOT NULL);
            CREATE INDEX docs_source ON docs (source);
            CREATE TABLE postings (term TEXT PRIMARY KEY, idf REAL, docs BLOB, tfs BLOB) WITHOUT ROWID;
            CREATE TABLE units (id TEXT PRIMARY KEY, passage TEXT NOT NULL, idx INTEGER, start INTEGER, text TEXT,
                                vector BLOB);
            CREATE TABLE unit_idf (term TEXT PRIMARY KEY, idf REAL) WITHOUT ROWID;
            CREATE TABLE sources (source TEXT PRIMARY KEY, date TEXT, meta TEXT);
        """)
        known = set(ids)
        unit_counts: dict[str, int] = {}
        units = 0
        for got in paged(sentences, ["documents", "metadatas", "embeddings"], page):
            rows = []
            for uid, text, meta, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"],
                                            strict=True):
                if meta["chunk_id"] not in known:
                    continue
                units += 1
                start = int(meta.get("start", 0))
                # Chroma keeps float32 and returns it widened to float64: float32 bytes lose nothing.
                rows.append((uid, meta["chunk_id"], int(meta["index"]), start, text,
                             np.asarray(vec, dtype=np.float32).tobytes()))
                for term in set(content_terms(text[start:])):
                    unit_counts[term] = unit_counts.get(term, 0) + 1
            db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.execute("CREATE INDEX units_passage ON units (passage)")
        avgdl = sum(lengths) / len(ids) if ids else 0.0
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("format", str(FORMAT)), ("key", key), ("count", str(len(ids))), ("avgdl", repr(avgdl)),
            ("units", str(units))])
        db.execute("INSERT INTO arrays VALUES ('lengths', ?)", (lengths.tobytes(),))
        db.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((i, pid, src) for i, (src, _, pid) in enumerate(order)))
        db.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)",
                       ((t, idf[t], post_docs[t].tobytes(), post_tfs[t].tobytes()) for t in post_docs))
        db.executemany("INSERT INTO unit_idf VALUES (?, ?)",
                       ((t, math.log((1 + units) / (1 + n)) + 1) for t, n in unit_counts.items()))
        db.executemany("INSERT INTO sources VALUES (?, ?, ?)",
                       ((s, str(m.get("date") or ""), json.dumps(m)) for s, (_, m) in first.items()))
    db.close()
    os.replace(temp, path)
    return path


def _texts_in_order(passages: Collection, ids: list[str], page: int) -> Iterator[str]:
    for start in range(0, len(ids), page):
        batch = ids[start : start + page]
        texts: dict[str, str] = {}
        for got in by_ids(passages, batch, ["documents"], page):
            texts.update(zip(got["ids"], got["documents"], strict=True))
        yield from (texts[pid] for pid in batch)


def _okapi_idf(doc_freq: dict[str, int], n: int) -> dict[str, float]:
    """rank-bm25's BM25Okapi idf, summed in the same order so the floor for very common words is the same."""
    idf: dict[str, float] = {}
    total = 0.0
    negative = []
    for term, freq in doc_freq.items():
        value = math.log(n - freq + 0.5) - math.log(freq + 0.5)
        idf[term] = value
        total += value
        if value < 0:
            negative.append(term)
    floor = EPSILON * (total / len(idf)) if idf else 0.0
    for term in negative:
        idf[term] = floor
    return idf


class KeywordIndex:
    """One built keyword index, opened read-only; safe to share between threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        meta = dict(self._db().execute("SELECT key, value FROM meta"))
        if int(meta.get("format", 0)) != FORMAT:
            raise ValueError(f"{path.name} has another layout")
        self.key = meta["key"]
        self.count = int(meta["count"])
        self.avgdl = float(meta["avgdl"])
        blob = self._db().execute("SELECT data FROM arrays WHERE name = 'lengths'").fetchone()[0]
        self.lengths = np.frombuffer(blob, dtype=np.int64)
        self.unit_idf = UnitIdf(self)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._local.db = db
        return db

    def scores(self, query: list[str]) -> np.ndarray:
        """BM25 of every passage (in `docs` order) for the query's terms, repeated terms counted again."""
        score = np.zeros(self.count)
        rows = {t: (idf, d, f) for t, idf, d, f in self._db().execute(
            f"SELECT term, idf, docs, tfs FROM postings WHERE term IN ({','.join('?' * len(set(query)))})",
            sorted(set(query)))} if query else {}
        for term in query:
            if term not in rows or not rows[term][0]:
                continue
            idf, blob_docs, blob_tfs = rows[term]
            docs = np.frombuffer(blob_docs, dtype=np.int32)
            tf = np.frombuffer(blob_tfs, dtype=np.int32).astype(np.int64)
            doc_len = self.lengths[docs]
            # The expression and its order of operations are rank-bm25's, so each score is the same float.
            score[docs] += idf * (tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc_len / self.avgdl)))
        return score

    def top(self, query: list[str], k: int) -> list[tuple[str, float]]:
        """The k best passages for the terms, with scores divided by the best (0 to 1); none scoring 0."""
        if not self.count:
            return []
        scores = self.scores(query)
        top = np.argsort(scores)[::-1][:k]
        best = float(scores[top[0]]) if len(top) and scores[top[0]] > 0 else 1.0
        kept = [int(i) for i in top if scores[i] > 0]
        ids = self.ids(kept)
        return [(ids[i], float(scores[i]) / best) for i in kept]

    def ids(self, ordinals: list[int]) -> dict[int, str]:
        if not ordinals:
            return {}
        return dict(self._db().execute(
            f"SELECT ord, id FROM docs WHERE ord IN ({','.join('?' * len(ordinals))})", ordinals))

    def units(self, pids: list[str]) -> Iterator[tuple[str, str, int, int, str, np.ndarray]]:
        """These passages' sentences: (id, passage id, index, where the sentence starts in its window, the
        window, the vector as Chroma returns it)."""
        for start in range(0, len(pids), 500):
            batch = pids[start : start + 500]
            for uid, pid, index, begin, text, blob in self._db().execute(
                    "SELECT id, passage, idx, start, text, vector FROM units "
                    f"WHERE passage IN ({','.join('?' * len(batch))})", batch):
                yield uid, pid, index, begin, text, np.frombuffer(blob, dtype=np.float32).astype(np.float64)

    def has(self, pid: str) -> bool:
        return self._db().execute("SELECT 1 FROM docs WHERE id = ?", (pid,)).fetchone() is not None

    def all_ids(self) -> Iterator[str]:
        for (pid,) in self._db().execute("SELECT id FROM docs ORDER BY ord"):
            yield pid

    def ids_of_sources(self, sources: list[str]) -> list[str]:
        """The passages of these documents, in (source, position) order."""
        if not sources:
            return []
        return [pid for (pid,) in self._db().execute(
            f"SELECT id FROM docs WHERE source IN ({','.join('?' * len(sources))}) ORDER BY ord", sources)]

    def sources(self) -> list[dict[str, Any]]:
        """One metadata record per document (its first passage's), newest first."""
        rows = self._db().execute("SELECT meta FROM sources ORDER BY source")
        return sorted((json.loads(m) for (m,) in rows), key=lambda m: m.get("date") or "", reverse=True)


_UNSEEN = object()


class UnitIdf(Mapping[str, float]):
    """How rare each word is among the index's sentences: read from the file a word at a time, remembered."""

    def __init__(self, index: KeywordIndex, remember: int = 100_000) -> None:
        self._index = index
        self._seen: dict[str, float | None] = {}
        self._remember = remember

    def _lookup(self, term: str) -> float | None:
        seen = self._seen.get(term, _UNSEEN)
        if seen is not _UNSEEN:
            return seen  # type: ignore[return-value]
        row = self._index._db().execute("SELECT idf FROM unit_idf WHERE term = ?", (term,)).fetchone()
        if len(self._seen) >= self._remember:
            self._seen.clear()
        self._seen[term] = value = row[0] if row else None
        return value

    def __getitem__(self, term: str) -> float:
        value = self._lookup(term)
        if value is None:
            raise KeyError(term)
        return value

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._lookup(term) is not None

    def __iter__(self) -> Iterator[str]:
        for (term,) in self._index._db().execute("SELECT term FROM unit_idf"):
            yield term

    def __len__(self) -> int:
        return int(self._index._db().execute("SELECT count(*) FROM unit_idf").fetchone()[0])


def open_index(passages: Collection, sentences: Collection, cache_dir: Path, page: int = PAGE,
               builder: Callable[[], object] | None = None) -> KeywordIndex:
    """The keyword index for the collections' current content: from the cache folder, built there if missing
    (by `builder` when given — the engine builds in a child process — and here if that did not)."""
    key = content_key(passages, sentences)
    path = index_path(cache_dir, key)
    if path.exists():
        try:
            return KeywordIndex(path)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)  # unreadable or another layout: built again below
    if builder is not None:
        builder()
    if not path.exists():
        build(path, passages, sentences, key, page)
    _prune(cache_dir, keep=path)
    return KeywordIndex(path)


def build_keyword_index(settings: Settings) -> Path | None:
    """Build the keyword index for the live index now, if it is not built yet (ingest calls this last, so that
    the next start finds it). Returns its path, or None when there is no index."""
    chroma = client(settings)
    names = live_names(chroma, settings)
    if names is None:
        return None
    return open_index(chroma.get_collection(names[PASSAGES]), chroma.get_collection(names[SENTENCES]),
                      settings.chroma_path / "cache").path


def build_in_child(settings: Settings) -> None:
    """build_keyword_index in a child process (`python -m plainlaw.keywords`): reading the sentences loads
    their collection's vectors into the reader's memory for good (embedded Chroma), which an engine should not
    carry. A child that fails leaves the build to the caller."""
    env = {**os.environ, "PLAINLAW_CHROMA_PATH": str(settings.chroma_path),
           "PLAINLAW_CHROMA_HOST": settings.chroma_host, "PLAINLAW_CHROMA_PORT": str(settings.chroma_port),
           "PLAINLAW_COLLECTION": settings.collection,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    subprocess.run([sys.executable, "-m", "plainlaw.keywords"], env=env, check=False)


def _prune(cache_dir: Path, keep: Path, spare: int = 1) -> None:
    """Drop old keyword indexes, sparing the most recent other one (an engine may still read it)."""
    old = sorted((p for p in cache_dir.glob("keywords-*.sqlite") if p != keep), key=lambda p: p.stat().st_mtime)
    for path in old[: max(0, len(old) - spare)]:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    build_keyword_index(load_settings())
