"""Fixtures for the ingest tests: a small index built once per corpus content and copied into each test."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from plainlaw.settings import Settings

_built: dict[str, Path] = {}


def corpus_hash(corpus: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(corpus.rglob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture
def indexed(small_corpus: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """`small_corpus` with its index already built: embedded once per session, then copied (Chroma's
    folder is plain files, and nothing writes to the first copy once it is built)."""
    from ingest.pipeline import sync_index

    key = corpus_hash(small_corpus.corpus_dir)
    if key not in _built:
        template = tmp_path_factory.mktemp("small-index") / "index"
        sync_index(small_corpus.with_(chroma_path=template), show_bar=False)
        _built[key] = template
    shutil.copytree(_built[key], small_corpus.chroma_path, ignore=shutil.ignore_patterns("ingest.lock"))
    return small_corpus
