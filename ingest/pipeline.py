"""corpus/ → clean → chunk → embed → Chroma, writing only what changed.

Chunk IDs are content hashes: an unchanged corpus writes nothing, a changed file replaces exactly its own
chunks, a removed file's chunks go, and a file that cannot be read keeps the chunks it had.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ingest.chunk import Chunk, chunk_document
from ingest.clean import clean
from ingest.lawcheck import check_law
from plainlaw.embeddings import get_embeddings
from plainlaw.lawmodel import load_law
from plainlaw.read import Reader
from plainlaw.schema import CorpusError, SourceDoc, read_source
from plainlaw.settings import Settings
from plainlaw.store import PASSAGES, SENTENCES, client, open_collection

BATCH = 32
Progress = Callable[[int, int], None]


@dataclass
class Summary:
    """What one ingest run did, for the closing line and for tests."""

    files: int = 0
    skipped: list[str] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    statements: int = 0
    law_problems: list[str] = field(default_factory=list)
    law_unused: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        if not self.added and not self.removed:
            change = f"index already up to date: 0 chunks written ({self.unchanged} unchanged)"
        else:
            change = f"chunks added {self.added}, removed {self.removed}, unchanged {self.unchanged}"
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


def _batched(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(store: Any) -> dict[str, str]:
    """id → source file for everything already in a collection."""
    got = store.get(include=["metadatas"])
    return {i: (m or {}).get("source", "") for i, m in zip(got["ids"], got["metadatas"], strict=True)}


def _add(store: Any, records: list[tuple[str, str, dict[str, Any]]], bar: tqdm, progress: Progress | None,
         done: list[int], total: int) -> None:
    for batch in _batched(records, BATCH):
        ids, texts, metas = zip(*batch, strict=True)
        store.add_texts(list(texts), metadatas=list(metas), ids=list(ids))
        bar.update(len(batch))
        done[0] += len(batch)
        if progress:
            progress(done[0], total)


def sync_index(settings: Settings, rebuild: bool = False, progress: Progress | None = None,
               show_bar: bool = True) -> tuple[Summary, dict[str, str]]:
    """Bring the index in line with corpus/; returns the summary and the files skipped with reasons."""
    started = time.perf_counter()
    docs, errors = load_corpus(settings.corpus_dir)
    summary = Summary(files=len(docs) + len(errors), skipped=sorted(errors))
    embeddings = get_embeddings()
    chroma = client(settings)
    passages = open_collection(chroma, settings, PASSAGES, embeddings)
    sentences = open_collection(chroma, settings, SENTENCES, embeddings)

    if rebuild:
        kept = {kind: _records_of(store, set(errors)) for kind, store in (("p", passages), ("s", sentences))}
        for store in (passages, sentences):
            store.delete_collection()
        passages = open_collection(chroma, settings, PASSAGES, embeddings)
        sentences = open_collection(chroma, settings, SENTENCES, embeddings)
        _restore(passages, kept["p"])
        _restore(sentences, kept["s"])

    wanted: dict[str, tuple[str, str, dict[str, Any]]] = {}
    wanted_sentences: dict[str, tuple[str, str, dict[str, Any]]] = {}
    by_source = build_chunks(docs, errors)
    have = _existing(passages)
    summary.skipped = sorted(errors)
    for chunks in by_source.values():
        for chunk in chunks:
            wanted[chunk.id] = (chunk.id, chunk.text, chunk.metadata)
            for record in sentence_records(chunk):
                wanted_sentences[record[0]] = record

    have_sentences = _existing(sentences)
    # Stale: a readable file's old chunks, or chunks of a file that is gone. A broken file keeps its chunks.
    stale = [i for i, src in have.items() if i not in wanted and src not in errors]
    stale_sentences = [i for i, src in have_sentences.items() if i not in wanted_sentences and src not in errors]
    new = [wanted[i] for i in wanted if i not in have]
    new_sentences = [wanted_sentences[i] for i in wanted_sentences if i not in have_sentences]

    total = len(new) + len(new_sentences)
    done = [0]
    with tqdm(total=total, desc="Embedding", unit="text", disable=not show_bar or total == 0) as bar:
        # Add before deleting: if the run stops half-way, nothing that was stored is lost.
        _add(passages, new, bar, progress, done, total)
        _add(sentences, new_sentences, bar, progress, done, total)
    for ids, store in ((stale, passages), (stale_sentences, sentences)):
        for batch in _batched(ids, 5000):
            store.delete(ids=batch)

    summary.added = len(new)
    summary.removed = len(stale)
    summary.unchanged = len([i for i in wanted if i in have])
    law = load_law(settings.law_dir)
    summary.statements = len(law.statements)
    summary.law_problems, unused = check_law(law, by_source, settings.prompts_dir,
                                             settings.chroma_path / "cache" / "lawcheck")
    summary.law_unused = len(unused)
    Reader(settings.prompts_dir, settings.chroma_path / "cache")  # trains the message reader if its data changed
    summary.seconds = time.perf_counter() - started
    return summary, errors


def _records_of(store: Any, sources: set[str]) -> dict[str, list[Any]]:
    """Everything stored for the given files, embeddings included, so a rebuild can keep it."""
    if not sources:
        return {"ids": []}
    got = store._collection.get(
        where={"source": {"$in": sorted(sources)}}, include=["documents", "metadatas", "embeddings"]
    )
    return got


def _restore(store: Any, records: dict[str, Any]) -> None:
    if records.get("ids"):
        store._collection.add(
            ids=records["ids"],
            documents=records["documents"],
            metadatas=records["metadatas"],
            embeddings=records["embeddings"],
        )
