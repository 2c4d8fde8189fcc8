"""Shared fixtures: the real corpus indexed once into a temporary Chroma with the packaged model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plainlaw.settings import ROOT, Settings

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a fresh index of the real corpus (built once per test session)."""
    from ingest.pipeline import sync_index

    settings = Settings(chroma_path=tmp_path_factory.mktemp("index"), corpus_dir=CORPUS)
    _, errors = sync_index(settings, show_bar=False)
    assert errors == {}, errors
    return settings


@pytest.fixture(scope="session")
def explainer(index_settings: Settings):
    from plainlaw.explainer import Explainer

    return Explainer(index_settings)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Settings:
    """Three real corpus files (an article, a statute, guidance) in a temporary corpus and index."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (
        "2025-02-01_lbc_ai-csam-tools-offence.md",
        "2023-10-26_sexual-offences-act-2003_s66B.md",
        "2026-06-29_home-office-circular-004-2026_crime-and-policing-act-2026.md",
    ):
        shutil.copy(CORPUS / name, corpus / name)
    return Settings(chroma_path=tmp_path / "index", corpus_dir=corpus)
