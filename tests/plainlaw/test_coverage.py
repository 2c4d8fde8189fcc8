"""The coverage classifier: the shipped weights match their examples, it catches questions the sources leave
open on a held-out file it was never trained or tuned on while rarely flagging answered ones, and bad examples
get a clear error."""

from __future__ import annotations

from pathlib import Path

import joblib
import pytest

from plainlaw.coverage import Coverage, CoverageDataError, heldout_report, load_labelled
from plainlaw.encoders import Encoders
from plainlaw.prompts import load_yaml
from plainlaw.settings import ROOT

PROMPTS = ROOT / "prompts"


@pytest.fixture(scope="module")
def coverage(tmp_path_factory: pytest.TempPathFactory) -> Coverage:
    encoders = Encoders.from_config(load_yaml(PROMPTS, "reading/reader.yaml"))
    return Coverage(PROMPTS, tmp_path_factory.mktemp("coverage-cache"), encoders)


def test_the_shipped_weights_were_trained_on_the_examples_in_the_repository(coverage: Coverage) -> None:
    saved = joblib.load(coverage.model_path)
    assert saved["fingerprint"] == coverage.fingerprint(), (
        "prompts/reading/coverage or its settings changed: run `python -m ingest --train-coverage`")


def test_on_held_out_questions_it_catches_most_gaps_and_rarely_flags_an_answered_question(coverage: Coverage) -> None:
    # Measured when the weights were trained: 40 of 65 gaps caught, 10 of 314 answered questions flagged.
    report = heldout_report(coverage, coverage.data_dir / "heldout")
    assert report["caught"] >= 0.5 * report["not_covered"], report
    assert report["wrongly_flagged"] <= 0.05 * report["covered"], report


def test_no_held_out_question_is_also_a_training_example() -> None:
    folder = PROMPTS / "reading" / "coverage"
    trained = {r.text.lower() for r in load_labelled(folder)}
    assert not [r.text for r in load_labelled(folder / "heldout") if r.text.lower() in trained]


@pytest.mark.parametrize(("line", "problem"), [
    ('{"text": "is it legal", "covered": "yes"}', "covered true or false"),
    ('{"covered": true}', "text"),
    ("not json", "line 1"),
])
def test_a_malformed_example_is_named_with_its_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    (tmp_path / "bad.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CoverageDataError, match=problem):
        load_labelled(tmp_path)


@pytest.mark.parametrize(("asks", "follow_up", "place", "read"), [
    ("legality", False, "", True), ("other", False, "", True), ("status", False, "", False),
    ("penalty", False, "", False), ("legality", True, "", False), ("scope", False, "scotland", False)])
def test_status_penalty_place_and_follow_up_questions_are_left_to_the_law_model(
        coverage: Coverage, asks: str, follow_up: bool, place: str, read: bool) -> None:
    assert coverage.applies(asks, follow_up, place) is read
