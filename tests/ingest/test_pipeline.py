"""Re-ingest is idempotent; changes, deletions and broken files touch only their own chunks; every change is
written as a new generation and switched to only when complete; the summary counts every row."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import ingest.pipeline as pipeline
from ingest.__main__ import main as ingest_main
from ingest.pipeline import build_chunks, load_corpus, one_ingest_at_a_time, sync_index, wanted_rows
from plainlaw.embeddings import get_embeddings, model_id
from plainlaw.keywords import content_key, index_path
from plainlaw.schema import CorpusError
from plainlaw.settings import Settings
from plainlaw.store import (
    PASSAGES,
    SENTENCES,
    StoreError,
    client,
    collection_name,
    index_exists,
    live_names,
    open_collection,
    own_collections,
    pages,
    pointer_name,
)

CIRCULAR = "2026-06-29_home-office-circular-004-2026_crime-and-policing-act-2026.md"


@pytest.fixture(autouse=True)
def no_law_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The law model's check has its own tests (tests/plainlaw/test_lawmodel.py); on each fresh index here
    it would only add ~20 s of embedding to tests of how the index is written."""
    monkeypatch.setattr(pipeline, "check_law", lambda *args, **kwargs: ([], []))


def stored(settings: Settings, kind: str = PASSAGES) -> dict[str, str]:
    """id → source file of the live generation, read straight from Chroma."""
    store = open_collection(client(settings), settings, kind, get_embeddings())
    got = store.get(include=["metadatas"])
    return {i: m["source"] for i, m in zip(got["ids"], got["metadatas"], strict=True)}


def by_source(ids: dict[str, str], source: str) -> set[str]:
    return {i for i, s in ids.items() if s == source}


def collections(settings: Settings) -> set[str]:
    return set(own_collections(client(settings), settings))


def edit_circular(settings: Settings) -> None:
    path = settings.corpus_dir / CIRCULAR
    path.write_text(path.read_text(encoding="utf-8").replace("29 April 2026", "30 April 2026"), encoding="utf-8")


def test_second_run_writes_nothing(small_corpus: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    first, errors = sync_index(small_corpus, show_bar=False)
    assert errors == {} and first.written and first.generation == 1
    assert first.passages.embedded == len(stored(small_corpus)) > 0 and first.passages.copied == 0
    assert first.sentences.embedded == len(stored(small_corpus, SENTENCES)) > first.passages.embedded

    def read_every_row(*args: object) -> None:
        raise AssertionError("an unchanged corpus is recognised by the fingerprint of its row ids")

    monkeypatch.setattr(pipeline, "plan", read_every_row)
    second, _ = sync_index(small_corpus, show_bar=False)
    assert not second.written and second.generation == 1
    assert (second.passages.written, second.sentences.written, second.texts_embedded) == (0, 0, 0)
    assert second.serving == {PASSAGES: first.passages.embedded, SENTENCES: first.sentences.embedded}
    assert "index already up to date: nothing written" in second.line()
    assert "wrote generation 1" in first.line() and "nothing written" not in first.line()


def test_a_changed_file_replaces_exactly_its_own_chunks(indexed: Settings) -> None:
    before, sentences_before = stored(indexed), stored(indexed, SENTENCES)
    edit_circular(indexed)
    summary, _ = sync_index(indexed, show_bar=False)
    after, sentences_after = stored(indexed), stored(indexed, SENTENCES)
    others_before = {i for i, s in before.items() if s != CIRCULAR}
    assert others_before == {i for i, s in after.items() if s != CIRCULAR}
    changed = by_source(before, CIRCULAR) - by_source(after, CIRCULAR)
    assert summary.passages.removed == len(changed) >= 1
    assert summary.passages.embedded == len(by_source(after, CIRCULAR) - by_source(before, CIRCULAR))
    assert summary.passages.copied == len(set(before) & set(after))
    # Sentences are counted too: a repair that writes only sentences never reads as "nothing written".
    assert summary.sentences.copied == len(set(sentences_before) & set(sentences_after))
    assert summary.sentences.embedded == len(set(sentences_after) - set(sentences_before)) >= 1
    assert summary.sentences.removed == len(set(sentences_before) - set(sentences_after)) >= 1
    assert summary.serving == {PASSAGES: len(after), SENTENCES: len(sentences_after)}
    # The new generation's keyword index is built by the ingest, so the next start does not build it.
    chroma = client(indexed)
    names = live_names(chroma, indexed)
    assert names is not None
    assert index_path(indexed.chroma_path / "cache", content_key(chroma.get_collection(names[PASSAGES]),
                                                                chroma.get_collection(names[SENTENCES]))).exists()


def test_a_removed_file_loses_its_chunks(indexed: Settings) -> None:
    before = stored(indexed)
    (indexed.corpus_dir / CIRCULAR).unlink()
    summary, _ = sync_index(indexed, show_bar=False)
    after = stored(indexed)
    assert by_source(after, CIRCULAR) == set()
    assert summary.passages.removed == len(by_source(before, CIRCULAR))
    assert (summary.passages.embedded, summary.sentences.embedded, summary.texts_embedded) == (0, 0, 0)
    assert set(after) == {i for i, s in before.items() if s != CIRCULAR}


def test_broken_front_matter_is_named_skipped_and_loses_nothing(indexed: Settings) -> None:
    before = stored(indexed)
    path = indexed.corpus_dir / CIRCULAR
    path.write_text(path.read_text(encoding="utf-8").replace("status: partly_in_force", "status: [oops"),
                    encoding="utf-8")
    (indexed.corpus_dir / "new-note.md").write_text("no front matter here\n", encoding="utf-8")
    summary, errors = sync_index(indexed, show_bar=False)
    assert set(errors) == {CIRCULAR, "new-note.md"}
    assert errors[CIRCULAR].startswith(f"{CIRCULAR}: front matter is not valid YAML")
    assert "no front matter" in errors["new-note.md"]
    assert summary.skipped == sorted(errors)
    assert not summary.written and stored(indexed) == before  # the broken file keeps its chunks

    rebuilt, _ = sync_index(indexed, rebuild=True, show_bar=False)
    assert stored(indexed) == before  # even a rebuild keeps the last good chunks of a broken file
    # A rebuild embeds everything again, the broken file's kept chunks from their stored text.
    assert (rebuilt.passages.embedded, rebuilt.passages.copied) == (len(before), 0)


def test_each_update_is_a_new_generation_and_the_one_before_is_kept_for_running_engines(
    indexed: Settings,
) -> None:
    first = live_names(client(indexed), indexed)
    assert first == {PASSAGES: "plainlaw-passages-g1", SENTENCES: "plainlaw-sentences-g1"}
    edit_circular(indexed)
    sync_index(indexed, show_bar=False)
    second = live_names(client(indexed), indexed)
    assert second == {PASSAGES: "plainlaw-passages-g2", SENTENCES: "plainlaw-sentences-g2"}
    assert collections(indexed) == {*first.values(), *second.values()}
    summary, _ = sync_index(indexed, rebuild=True, show_bar=False)
    assert summary.retired == sorted(first.values())
    assert collections(indexed) == {*second.values(), "plainlaw-passages-g3", "plainlaw-sentences-g3"}


class Interrupted(Exception):
    pass


def test_a_run_stopped_part_way_leaves_the_live_index_whole_and_the_next_run_clears_up(
    indexed: Settings,
) -> None:
    before, live = stored(indexed), live_names(client(indexed), indexed)
    edit_circular(indexed)

    def stop(done: int, total: int) -> None:
        raise Interrupted  # after the new generation's first rows are written

    with pytest.raises(Interrupted):
        sync_index(indexed, progress=stop, show_bar=False)
    chroma = client(indexed)
    assert live_names(chroma, indexed) == live and stored(indexed) == before
    left = collections(indexed) - set(live.values())
    assert left and sum(chroma.get_collection(n).count() for n in left) > 0  # it was stopped part way

    summary, _ = sync_index(indexed, show_bar=False)
    assert summary.cleaned == sorted(left) and "collections left by an interrupted run" in summary.line()
    assert summary.written and by_source(stored(indexed), CIRCULAR) != by_source(before, CIRCULAR)


def test_a_second_ingest_of_one_index_waits_for_the_first(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(chroma_path=tmp_path / "index")
    entered = threading.Event()

    def second() -> None:
        with one_ingest_at_a_time(settings):
            entered.set()

    with one_ingest_at_a_time(settings):
        waiting = threading.Thread(target=second)
        waiting.start()
        assert not entered.wait(0.5)
    assert entered.wait(10)
    waiting.join()
    assert "Waiting for another ingest" in capsys.readouterr().err


def test_an_index_made_before_generations_is_read_and_migrated(indexed: Settings) -> None:
    before = {kind: stored(indexed, kind) for kind in (PASSAGES, SENTENCES)}
    chroma = client(indexed)
    live = live_names(chroma, indexed)
    for kind, name in live.items():  # the layout of earlier versions: fixed names and no pointer
        legacy = chroma.create_collection(collection_name(indexed, kind), embedding_function=None,
                                          metadata={"hnsw:space": "cosine", "embedding_model": model_id()})
        for got in pages(chroma.get_collection(name), ["documents", "metadatas", "embeddings"]):
            legacy.add(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
                       metadatas=got["metadatas"])
        chroma.delete_collection(name)
    chroma.delete_collection(pointer_name(indexed))
    assert live_names(chroma, indexed) == {PASSAGES: "plainlaw-passages", SENTENCES: "plainlaw-sentences"}
    assert index_exists(indexed) and stored(indexed) == before[PASSAGES]

    summary, _ = sync_index(indexed, show_bar=False)
    assert summary.written and summary.texts_embedded == 0
    assert summary.passages.copied == len(before[PASSAGES]) and summary.sentences.copied == len(before[SENTENCES])
    assert live_names(client(indexed), indexed)[PASSAGES].endswith("-g1")
    assert {kind: stored(indexed, kind) for kind in before} == before
    edit_circular(indexed)
    sync_index(indexed, show_bar=False)
    assert not {"plainlaw-passages", "plainlaw-sentences"} & collections(indexed)


def test_each_distinct_text_is_embedded_once_shortest_first(small_corpus: Settings,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[list[str]] = []

    class Recording:
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            batches.append(list(texts))
            return get_embeddings().embed_documents(texts)

    monkeypatch.setattr(pipeline, "get_embeddings", Recording)
    summary, _ = sync_index(small_corpus, show_bar=False)
    docs, errors = load_corpus(small_corpus.corpus_dir)
    wanted = wanted_rows(build_chunks(docs, errors))
    distinct = {record[1] for rows in wanted.values() for record in rows.values()}
    sent = [text for batch in batches for text in batch]
    assert sorted(sent) == sorted(distinct) and summary.texts_embedded == len(distinct)
    assert [len(t) for t in sent] == sorted(len(t) for t in sent)
    assert all(len(batch) <= pipeline.EMBED_BATCH for batch in batches)
    assert summary.passages.embedded + summary.sentences.embedded == sum(len(rows) for rows in wanted.values())


def test_an_empty_corpus_never_replaces_the_index(indexed: Settings) -> None:
    before = stored(indexed)
    for path in indexed.corpus_dir.iterdir():
        path.unlink()
    with pytest.raises(CorpusError, match="no passages to index"):
        sync_index(indexed, show_bar=False)
    assert stored(indexed) == before


def test_an_index_of_another_model_is_refused_until_rebuilt(indexed: Settings) -> None:
    chroma = client(indexed)
    chroma.get_collection(live_names(chroma, indexed)[PASSAGES]).modify(metadata={"embedding_model": "x/y"})
    with pytest.raises(StoreError, match="built with x/y"):
        sync_index(indexed, show_bar=False)
    with pytest.raises(StoreError, match="built with x/y"):
        open_collection(chroma, indexed, PASSAGES, get_embeddings())
    summary, _ = sync_index(indexed, rebuild=True, show_bar=False)
    assert summary.written and summary.passages.copied == 0 and summary.sentences.copied == 0
    assert open_collection(client(indexed), indexed, PASSAGES, get_embeddings())


def test_command_line_prints_the_summary_and_names_skipped_files(
    small_corpus: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLAINLAW_CORPUS", str(small_corpus.corpus_dir))
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(small_corpus.chroma_path))
    (small_corpus.corpus_dir / "empty.md").write_text("", encoding="utf-8")
    assert ingest_main(["--quiet"]) == 0
    out = capsys.readouterr()
    assert "4 files, 1 skipped; wrote generation 1: passages " in out.out
    assert "skipped empty.md: no front matter" in out.err
    assert ingest_main(["--quiet"]) == 0
    assert "index already up to date: nothing written" in capsys.readouterr().out


def test_a_missing_corpus_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PLAINLAW_CORPUS", str(tmp_path / "nowhere"))
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(tmp_path / "index"))
    assert ingest_main(["--quiet"]) == 2
    assert "corpus folder not found" in capsys.readouterr().err


def test_unreadable_text_and_bad_values_get_one_clear_line(small_corpus: Settings) -> None:
    (small_corpus.corpus_dir / "binary.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe\x00")
    good = (small_corpus.corpus_dir / CIRCULAR).read_text(encoding="utf-8")
    (small_corpus.corpus_dir / "bad-status.md").write_text(good.replace("partly_in_force", "rumoured"),
                                                         encoding="utf-8")
    _, errors = sync_index(small_corpus, show_bar=False)
    assert errors["binary.md"] == "binary.md: not readable as UTF-8 text (byte 17)"
    assert "status 'rumoured' is not one of announced" in errors["bad-status.md"]
