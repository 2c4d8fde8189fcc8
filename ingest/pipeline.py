"""corpus/ → clean → chunk → embed → Chroma, writing only what changed, never in place.

Chunk IDs are content hashes: an unchanged corpus writes nothing, a changed file replaces exactly its own
chunks, a removed file's chunks go, and a file that cannot be read keeps the chunks it had. Every run that
changes anything writes a new generation of the index beside the live one (see plainlaw/store.py): rows
that did not change are copied with their stored vectors, each new distinct text is embedded once, and the
live pointer moves only when the new generation is complete. A run killed at any moment leaves the
previous generation serving; the next run deletes what it left.
"""

from __future__ import annotations

import fcntl
import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ingest.chunk import Chunk, chunk_document
from ingest.clean import clean
from ingest.lawcheck import check_law
from plainlaw.embeddings import ensure_onnx, get_embeddings
from plainlaw.keywords import build_keyword_index
from plainlaw.lawmodel import load_law
from plainlaw.read import Reader
from plainlaw.schema import CorpusError, SourceDoc, read_source
from plainlaw.settings import Settings
from plainlaw.store import (
    KINDS,
    PAGE,
    PASSAGES,
    SENTENCES,
    StoreError,
    check_model,
    client,
    collection_metadata,
    generation_names,
    kept_names,
    live_fingerprint,
    live_generation,
    live_names,
    own_collections,
    pages,
    switch,
)

EMBED_BATCH = 64  # distinct texts per embed_documents call; texts are sorted by length, so batches pad little
Progress = Callable[[int, int], None]
Record = tuple[str, str, dict[str, Any]]  # id, text, metadata


@dataclass
class Rows:
    """What happened to one kind of row (passages or sentences) in one run."""

    embedded: int = 0
    copied: int = 0
    removed: int = 0

    @property
    def written(self) -> int:
        return self.embedded + self.copied

    def line(self, kind: str) -> str:
        return f"{kind} {self.embedded} embedded + {self.copied} copied, {self.removed} removed"


@dataclass
class Summary:
    """What one ingest run did, for the closing line and for tests: every row written and removed."""

    files: int = 0
    skipped: list[str] = field(default_factory=list)
    passages: Rows = field(default_factory=Rows)
    sentences: Rows = field(default_factory=Rows)
    texts_embedded: int = 0
    generation: int = 0  # the live generation after the run
    written: bool = False  # False: nothing changed, so no generation was written
    serving: dict[str, int] = field(default_factory=dict)  # kind → rows in the live generation after the run
    cleaned: list[str] = field(default_factory=list)  # collections left by an interrupted run, deleted
    retired: list[str] = field(default_factory=list)  # older generations deleted after the switch
    statements: int = 0
    law_problems: list[str] = field(default_factory=list)
    law_unused: int = 0
    seconds: float = 0.0

    def rows(self, kind: str) -> Rows:
        return self.passages if kind == PASSAGES else self.sentences

    def line(self) -> str:
        serving = f"{self.serving.get(PASSAGES, 0)} passages and {self.serving.get(SENTENCES, 0)} sentences"
        if self.written:
            change = (f"wrote generation {self.generation}: {self.passages.line('passages')}; "
                      f"{self.sentences.line('sentences')} ({self.texts_embedded} distinct texts embedded); "
                      f"now serving {serving}")
        else:
            change = f"index already up to date: nothing written, serving {serving} (generation {self.generation})"
        if self.cleaned:
            change += f"; deleted {len(self.cleaned)} collections left by an interrupted run"
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        law = f"; law model: {self.statements - self.law_unused} statements checked"
        if self.law_unused:
            law += f" ({self.law_unused} unused: their source is not in this corpus)"
        if self.law_problems:
            law += f", {len(self.law_problems)} with problems"
        return f"{self.files} files{skipped}; {change}{law}; {self.seconds:.1f} s"


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every Markdown source below the corpus folder, in a stable order."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    return sorted(p for p in corpus_dir.rglob("*.md") if p.is_file() and not p.name.startswith("."))


def load_corpus(corpus_dir: Path) -> tuple[list[SourceDoc], dict[str, str]]:
    """Parsed documents, and for each file that cannot be used, one clear line saying why."""
    docs: list[SourceDoc] = []
    errors: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        try:
            docs.append(read_source(path, corpus_dir))
        except CorpusError as exc:
            errors[path.relative_to(corpus_dir).as_posix()] = str(exc)
    return docs, errors


def chunks_for(doc: SourceDoc) -> list[Chunk]:
    """A source document's chunks, cleaned and split along its own structure."""
    return chunk_document(doc, clean(doc))


def build_chunks(docs: list[SourceDoc], errors: dict[str, str]) -> dict[str, list[Chunk]]:
    """Chunks per file. A file that cannot be chunked goes into `errors`."""
    by_source: dict[str, list[Chunk]] = {}
    for doc in docs:
        try:
            by_source[doc.path] = chunks_for(doc)
        except CorpusError as exc:
            errors[doc.path] = str(exc)
    return by_source


def sentence_records(chunk: Chunk) -> list[tuple[str, str, dict[str, Any]]]:
    """The sentences (or whole subsections) the composer may quote, each keyed to its chunk.

    Each is embedded with the sentence before it, so "These changes came into force on 31 January 2024"
    carries what "these changes" are; `start` marks where the sentence itself begins in the stored text.
    """
    records = []
    for index, unit in enumerate(chunk.units):
        before = chunk.units[index - 1] if index and chunk.metadata.get("doc_type") != "legislation" else ""
        window = f"{before} {unit}" if before else unit
        sid = hashlib.sha256(f"{chunk.id}\x00{index}\x00{window}".encode()).hexdigest()[:32]
        meta = {"chunk_id": chunk.id, "index": index, "source": chunk.metadata["source"],
                "start": len(window) - len(unit)}
        records.append((sid, window, meta))
    return records



def wanted_rows(by_source: dict[str, list[Chunk]]) -> dict[str, dict[str, Record]]:
    """kind → id → record: every row the corpus as it is now should have in the index."""
    wanted: dict[str, dict[str, Record]] = {PASSAGES: {}, SENTENCES: {}}
    for chunks in by_source.values():
        for chunk in chunks:
            wanted[PASSAGES][chunk.id] = (chunk.id, chunk.text, chunk.metadata)
            for record in sentence_records(chunk):
                wanted[SENTENCES][record[0]] = record
    return wanted


@dataclass
class Plan:
    """For one kind: what the live generation has, which of it to copy, and what to embed."""

    have: dict[str, str]  # id → source file, in the live generation
    copy: set[str]  # ids copied with their stored vectors
    embed: list[Record]  # rows whose text is embedded now

    @property
    def removed(self) -> int:
        return len(set(self.have) - self.copy - {r[0] for r in self.embed})


def plan(live: Any, wanted: dict[str, Record], broken: set[str], rebuild: bool) -> Plan:
    """Compare the live rows with the wanted ones. A broken file keeps its rows: copied on an update,
    embedded again from their stored text on a rebuild (which may be for a new model)."""
    have: dict[str, str] = {}
    if live is not None:
        for got in pages(live, ["metadatas"]):
            have.update({i: (m or {}).get("source", "") for i, m in zip(got["ids"], got["metadatas"], strict=True)})
    kept = {i for i, source in have.items() if source in broken and i not in wanted}
    if not rebuild:
        return Plan(have, {i for i in have if i in wanted} | kept, [r for i, r in wanted.items() if i not in have])
    stored: list[Record] = []
    ordered = sorted(kept)
    for start in range(0, len(ordered), PAGE):
        got = live.get(ids=ordered[start : start + PAGE], include=["documents", "metadatas"])
        stored += list(zip(got["ids"], got["documents"], got["metadatas"], strict=True))
    return Plan(have, set(), [*wanted.values(), *stored])


@contextmanager
def one_ingest_at_a_time(settings: Settings) -> Iterator[None]:
    """Hold a lock beside the index while it is written, so two ingests on this machine (a command and an
    app starting) never build generations at once; the second waits. The lock dies with its process, so a
    killed run never blocks the next one. Ingests from other machines into one server are not seen."""
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    with open(settings.chroma_path / "ingest.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Waiting for another ingest of this index to finish", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def delete_unkept(chroma: Any, settings: Settings) -> list[str]:
    """Delete every index collection that is neither live nor the generation before it."""
    kept = kept_names(chroma, settings)
    gone = sorted(name for name in own_collections(chroma, settings) if name not in kept)
    for name in gone:
        chroma.delete_collection(name)
    return gone


class Writer:
    """Fills the collections of a new generation and counts every row it writes."""

    def __init__(self, targets: dict[str, Any], summary: Summary, total: int, progress: Progress | None,
                 show_bar: bool) -> None:
        self.targets, self.summary, self.total, self.progress = targets, summary, total, progress
        self.done = 0
        self.bar = tqdm(total=total, desc="Writing", unit="row", disable=not show_bar or total == 0)

    def add(self, kind: str, ids: list[str], vectors: Any, texts: list[str], metas: list[dict[str, Any]],
            embedded: bool) -> None:
        if not ids:
            return
        self.targets[kind].add(ids=ids, embeddings=vectors, documents=texts, metadatas=metas)
        rows = self.summary.rows(kind)
        if embedded:
            rows.embedded += len(ids)
        else:
            rows.copied += len(ids)
        self.done += len(ids)
        self.bar.update(len(ids))
        if self.progress:
            self.progress(self.done, self.total)

    def copy(self, kind: str, live: Any, ids: set[str]) -> None:
        """The unchanged rows, page by page, with the vectors they were stored with."""
        if not ids:
            return
        for got in pages(live, ["documents", "metadatas", "embeddings"]):
            pick = [n for n, i in enumerate(got["ids"]) if i in ids]
            self.add(kind, [got["ids"][n] for n in pick], [got["embeddings"][n] for n in pick],
                     [got["documents"][n] for n in pick], [got["metadatas"][n] for n in pick], embedded=False)

    def embed(self, records: dict[str, list[Record]], embeddings: Any) -> None:
        """Each distinct text embedded once, shortest first in batches, and its rows written at once."""
        by_text: dict[str, list[tuple[str, Record]]] = {}
        for kind, rows in records.items():
            for record in rows:
                by_text.setdefault(record[1], []).append((kind, record))
        order = sorted(by_text, key=len)
        for start in range(0, len(order), EMBED_BATCH):
            batch = order[start : start + EMBED_BATCH]
            vectors = dict(zip(batch, embeddings.embed_documents(batch), strict=True))
            self.summary.texts_embedded += len(batch)
            for kind in KINDS:
                rows = [record for text in batch for k, record in by_text[text] if k == kind]
                self.add(kind, [r[0] for r in rows], [vectors[r[1]] for r in rows], [r[1] for r in rows],
                         [r[2] for r in rows], embedded=True)

    def close(self) -> None:
        self.bar.close()


def fingerprint(ids: dict[str, Iterable[str]]) -> str:
    """One hash of every row id of each kind (ids are content hashes, so this names the index's content)."""
    digest = hashlib.sha256()
    for kind in KINDS:
        digest.update(kind.encode() + b"\0" + "\0".join(sorted(ids[kind])).encode() + b"\0")
    return digest.hexdigest()


def write_index(settings: Settings, wanted: dict[str, dict[str, Record]], broken: set[str], rebuild: bool,
                summary: Summary, progress: Progress | None, show_bar: bool) -> None:
    """Bring the index in line with `wanted` through a new generation, or leave it when nothing changed."""
    chroma = client(settings)
    summary.cleaned = delete_unkept(chroma, settings)  # leftovers of a run that was killed
    live_of = live_names(chroma, settings)
    live = {kind: chroma.get_collection(name) for kind, name in (live_of or {}).items()}
    if live_of and not rebuild:
        for name in live_of.values():
            check_model(chroma, settings, name)
    summary.generation = live_generation(chroma, settings)
    content = fingerprint(wanted)
    if live_of and not rebuild and not broken and live_fingerprint(chroma, settings) == content:
        summary.serving = {kind: collection.count() for kind, collection in live.items()}  # unchanged: no row read
        return
    plans = {kind: plan(live.get(kind), wanted[kind], broken, rebuild) for kind in KINDS}
    legacy = bool(live_of) and summary.generation == 0  # made before generations: migrate it now
    if not rebuild and not legacy and all(not p.embed and not p.removed for p in plans.values()):
        summary.serving = {kind: len(p.have) for kind, p in plans.items()}
        return
    expected = {kind: len(p.copy) + len(p.embed) for kind, p in plans.items()}
    if not expected[PASSAGES]:
        raise CorpusError("the corpus has no passages to index; the index is left as it was")

    generation = max([summary.generation, *own_collections(chroma, settings).values()]) + 1
    names = generation_names(settings, generation)
    targets = {kind: chroma.create_collection(name, metadata=collection_metadata(), embedding_function=None)
               for kind, name in names.items()}
    writer = Writer(targets, summary, sum(expected.values()), progress, show_bar)
    try:
        for kind in KINDS:
            writer.copy(kind, live.get(kind), plans[kind].copy)
        writer.embed({kind: p.embed for kind, p in plans.items()}, get_embeddings())
    finally:
        writer.close()
    counted = {kind: targets[kind].count() for kind in KINDS}
    if counted != expected:  # e.g. another machine's ingest deleted this generation while it was written
        raise StoreError(f"the new index generation holds {counted} rows, not {expected}; nothing was switched")
    written = fingerprint({kind: {*p.copy, *(r[0] for r in p.embed)} for kind, p in plans.items()})
    switch(chroma, settings, generation, names, live_of, written)
    for kind, p in plans.items():
        summary.rows(kind).removed = p.removed
    summary.generation, summary.written, summary.serving = generation, True, counted
    summary.retired = delete_unkept(chroma, settings)


def sync_index(settings: Settings, rebuild: bool = False, progress: Progress | None = None,
               show_bar: bool = True) -> tuple[Summary, dict[str, str]]:
    """Bring the index in line with corpus/; returns the summary and the files skipped with reasons."""
    started = time.perf_counter()
    docs, errors = load_corpus(settings.corpus_dir)
    summary = Summary(files=len(docs) + len(errors))
    by_source = build_chunks(docs, errors)
    summary.skipped = sorted(errors)
    with one_ingest_at_a_time(settings):
        write_index(settings, wanted_rows(by_source), set(errors), rebuild, summary, progress, show_bar)
        build_keyword_index(settings)  # so that the next start finds the live index's keyword index ready
    law = load_law(settings.law_dir)
    summary.statements = len(law.statements)
    summary.law_problems, unused = check_law(law, by_source, settings.prompts_dir,
                                             settings.chroma_path / "cache" / "lawcheck")
    summary.law_unused = len(unused)
    Reader(settings.prompts_dir, settings.chroma_path / "cache")  # trains the message reader if its data changed
    ensure_onnx()  # so that the engine's start runs the model's ONNX export instead of importing PyTorch (seconds)
    summary.seconds = time.perf_counter() - started
    return summary, errors
