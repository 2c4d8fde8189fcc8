"""Re-ingest is idempotent; changes, deletions and broken files touch only their own chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.pipeline import sync_index
from plainlaw.embeddings import get_embeddings
from plainlaw.settings import Settings
from plainlaw.store import PASSAGES, client, open_collection

CIRCULAR = "2026-06-29_home-office-circular-004-2026_crime-and-policing-act-2026.md"


def stored(settings: Settings) -> dict[str, str]:
    """chunk id → source file, read straight from Chroma."""
    store = open_collection(client(settings), settings, PASSAGES, get_embeddings())
    got = store.get(include=["metadatas"])
    return {i: m["source"] for i, m in zip(got["ids"], got["metadatas"], strict=True)}


def by_source(ids: dict[str, str], source: str) -> set[str]:
    return {i for i, s in ids.items() if s == source}


def test_second_run_writes_nothing(small_corpus: Settings) -> None:
    first, errors = sync_index(small_corpus, show_bar=False)
    assert errors == {} and first.added > 0 and first.removed == 0
    second, _ = sync_index(small_corpus, show_bar=False)
    assert (second.added, second.removed, second.unchanged) == (0, 0, first.added)
    assert "0 chunks written" in second.line()


def test_a_changed_file_replaces_exactly_its_own_chunks(small_corpus: Settings) -> None:
    sync_index(small_corpus, show_bar=False)
    before = stored(small_corpus)
    path = small_corpus.corpus_dir / CIRCULAR
    path.write_text(path.read_text(encoding="utf-8").replace("29 April 2026", "30 April 2026"), encoding="utf-8")
    summary, _ = sync_index(small_corpus, show_bar=False)
    after = stored(small_corpus)
    others_before = {i for i, s in before.items() if s != CIRCULAR}
    assert others_before == {i for i, s in after.items() if s != CIRCULAR}
    changed = by_source(before, CIRCULAR) - by_source(after, CIRCULAR)
    assert summary.removed == len(changed) >= 1
    assert summary.added == len(by_source(after, CIRCULAR) - by_source(before, CIRCULAR))


def test_a_removed_file_loses_its_chunks(small_corpus: Settings) -> None:
    sync_index(small_corpus, show_bar=False)
    before = stored(small_corpus)
    (small_corpus.corpus_dir / CIRCULAR).unlink()
    summary, _ = sync_index(small_corpus, show_bar=False)
    after = stored(small_corpus)
    assert by_source(after, CIRCULAR) == set()
    assert summary.removed == len(by_source(before, CIRCULAR))
    assert set(after) == {i for i, s in before.items() if s != CIRCULAR}


def test_broken_front_matter_is_named_skipped_and_loses_nothing(small_corpus: Settings) -> None:
    sync_index(small_corpus, show_bar=False)
    before = stored(small_corpus)
    path = small_corpus.corpus_dir / CIRCULAR
    path.write_text(path.read_text(encoding="utf-8").replace("status: partly_in_force", "status: [oops"),
                    encoding="utf-8")
    (small_corpus.corpus_dir / "new-note.md").write_text("no front matter here\n", encoding="utf-8")
    summary, errors = sync_index(small_corpus, show_bar=False)
    assert set(errors) == {CIRCULAR, "new-note.md"}
    assert errors[CIRCULAR].startswith(f"{CIRCULAR}: front matter is not valid YAML")
    assert "no front matter" in errors["new-note.md"]
    assert summary.skipped == sorted(errors)
    assert stored(small_corpus) == before  # the broken file keeps its chunks; nothing else changed

    rebuilt, _ = sync_index(small_corpus, rebuild=True, show_bar=False)
    assert stored(small_corpus) == before  # even a rebuild keeps the last good chunks of a broken file
    assert rebuilt.added == len(before) - len(by_source(before, CIRCULAR))


def test_unreadable_text_and_bad_values_get_one_clear_line(small_corpus: Settings) -> None:
    (small_corpus.corpus_dir / "binary.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe\x00")
    good = (small_corpus.corpus_dir / CIRCULAR).read_text(encoding="utf-8")
    (small_corpus.corpus_dir / "bad-status.md").write_text(good.replace("partly_in_force", "rumoured"),
                                                         encoding="utf-8")
    _, errors = sync_index(small_corpus, show_bar=False)
    assert errors["binary.md"] == "binary.md: not readable as UTF-8 text (byte 17)"
    assert "status 'rumoured' is not one of announced" in errors["bad-status.md"]


def test_command_line_prints_the_summary_and_names_skipped_files(
    small_corpus: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLAINLAW_CORPUS", str(small_corpus.corpus_dir))
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(small_corpus.chroma_path))
    (small_corpus.corpus_dir / "empty.md").write_text("", encoding="utf-8")
    assert ingest_main(["--quiet"]) == 0
    out = capsys.readouterr()
    assert "4 files, 1 skipped; chunks added" in out.out
    assert "skipped empty.md: no front matter" in out.err
    assert ingest_main(["--quiet"]) == 0
    assert "index already up to date: 0 chunks written" in capsys.readouterr().out


def test_a_missing_corpus_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PLAINLAW_CORPUS", str(tmp_path / "nowhere"))
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(tmp_path / "index"))
    assert ingest_main(["--quiet"]) == 2
    assert "corpus folder not found" in capsys.readouterr().err
