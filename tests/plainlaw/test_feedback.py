"""Feedback: stored in SQLite only when given, the question only when allowed, read back and exported as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from plainlaw.answer import Answer, citation_for
from plainlaw.feedback import FeedbackError, FeedbackStore, feedback_for, main

META = {"title": "Sexual Offences Act 2003, section 66B", "publisher": "legislation.gov.uk", "date": "2023-10-26",
        "doc_type": "legislation", "status": "in_force", "url": "https://www.legislation.gov.uk/ukpga/2003/42/section/66B",
        "source": "2023-10-26_sexual-offences-act-2003_s66B.md", "heading_path": "s.66B › (1)"}


def answer() -> Answer:
    cited = [citation_for(1, META, "A person commits an offence…", "c1"),
             citation_for(2, META, "…if A intentionally shares…", "c2")]
    return Answer("answered", "Yes. It is a crime to share an intimate image without consent. [1]",
                  citations=cited, question="Is sharing a deepfake nude of my friend a crime?",
                  route="question", measures=["intimate_sharing"])


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "data" / "feedback.sqlite3")


def test_nothing_is_written_until_someone_rates_an_answer(store: FeedbackStore) -> None:
    assert store.rows() == []
    assert not store.path.exists()


def test_a_rating_keeps_what_the_answer_was_made_of_but_not_the_question(store: FeedbackStore) -> None:
    store.add(feedback_for(answer(), "up"))
    [row] = store.rows()
    assert row["rating"] == "up" and row["status"] == "answered" and row["route"] == "question"
    assert row["measures"] == "intimate_sharing"
    assert row["sources"] == META["source"]  # one entry per document, however many passages it cites
    assert row["question"] is None and row["answer"] is None
    assert "deepfake" not in " ".join(str(v) for v in row.values())


def test_the_question_is_kept_only_when_the_person_allows_it(store: FeedbackStore) -> None:
    store.add(feedback_for(answer(), "down", "Too long", keep_question=True))
    [row] = store.rows()
    assert row["question"] == "Is sharing a deepfake nude of my friend a crime?"
    assert row["answer"].startswith("Yes.")


def test_a_rating_can_be_changed_and_a_comment_added(store: FeedbackStore) -> None:
    row_id = store.add(feedback_for(answer(), "up"))
    store.update(row_id, rating="down")
    store.update(row_id, comment="The date\nwas missing\x00", question="q?", answer="a.")
    [row] = store.rows()
    assert row["rating"] == "down" and row["comment"] == "The date was missing"
    assert row["question"] == "q?" and row["answer"] == "a."


@pytest.mark.parametrize("bad", ["sideways", "", "UP"])
def test_only_up_or_down_is_a_rating(store: FeedbackStore, bad: str) -> None:
    with pytest.raises(FeedbackError):
        feedback_for(answer(), bad)
    row_id = store.add(feedback_for(answer(), "up"))
    with pytest.raises(FeedbackError):
        store.update(row_id, rating=bad)


def test_an_over_long_comment_is_refused_in_one_sentence(store: FeedbackStore) -> None:
    with pytest.raises(FeedbackError, match="under 1000 characters"):
        feedback_for(answer(), "up", "x" * 1001)


def test_export_writes_a_csv_that_reads_back(store: FeedbackStore, tmp_path: Path) -> None:
    store.add(feedback_for(answer(), "up", "Clear, thank you"))
    store.add(feedback_for(answer(), "down", "=HYPERLINK(\"x\")", keep_question=True))
    out = tmp_path / "feedback.csv"
    assert main(["export", "--db", str(store.path), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["comment"] == "Clear, thank you" and rows[0]["question"] == ""
    assert rows[1]["comment"].startswith("'=")  # a spreadsheet shows it as text, never runs it
    assert rows[1]["question"].startswith("Is sharing")


def test_export_to_standard_output_with_the_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAINLAW_DATA_DIR", str(tmp_path))
    FeedbackStore(tmp_path / "feedback.sqlite3").add(feedback_for(answer(), "up"))
    out = io.StringIO()
    assert main(["export"], stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("id,created,rating") and len(lines) == 2
