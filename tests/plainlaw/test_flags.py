"""The reader's yes-or-no flags (plainlaw/flags.py): shipped weights match their data, each flag clears its floors on
held-out examples nobody trained on, a raised flag decides the role over the roles it may replace, and a flag never
retrains the heads."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pytest

from plainlaw.flags import FlagDataError, Flags, flag_examples
from plainlaw.read import Reader
from plainlaw.settings import ROOT

PROMPTS = ROOT / "prompts"
FLAGS = PROMPTS / "reading" / "flags"
# On the held-out examples written for each flag (a quarter of each writer's file, never trained on; they chose the
# bar, so they are a validation set). danger: 190/201 in danger raised, 19/198 near misses raised. found: 82/88 who came
# across images raised, 20/78 near misses raised (most are victims, seekers and others whose role it never replaces).
# Set a little under.
FLOORS = {"danger": {"recall": 0.92, "false": 0.12, "each_at_least": 100},
          "found": {"recall": 0.88, "false": 0.32, "each_at_least": 75}}


@pytest.fixture(scope="module")
def reader(explainer) -> Reader:
    """The reader the answering engine uses (its settings are restored by each test that changes one)."""
    return explainer.reader


def raised(reader: Reader, texts: list[str], flag: str) -> list[bool]:
    """Whether the flag is raised for each text, read whole as the reader reads a message."""
    x = reader.encoders.features(texts, reader.config["encoders"])
    bar = float(reader.flags.config[flag]["at_least"])
    return [bool(p >= bar) for p in reader.flags.probabilities(x)[flag]]


def test_the_shipped_flags_were_trained_on_the_data_in_the_repository(reader: Reader) -> None:
    saved = joblib.load(reader.flags.model_path)
    assert saved["fingerprint"] == reader.flags.fingerprint(), (
        "prompts/reading/data, the flags' examples or settings changed: run `python -m ingest --train-flags`")
    assert set(saved["flags"]) == set(reader.flags.config)


@pytest.mark.parametrize("flag", sorted(FLOORS))
def test_each_flag_catches_held_out_yes_and_rarely_raises_on_near_misses(reader: Reader, flag: str) -> None:
    """Floors a little under what was measured on the held-out examples written for the flag (never trained on)."""
    held = flag_examples(FLAGS / flag / "heldout", flag)
    got = raised(reader, [ex.text for ex in held], flag)
    yes = [g for g, ex in zip(got, held, strict=True) if ex.yes]
    no = [g for g, ex in zip(got, held, strict=True) if not ex.yes]
    assert len(yes) >= FLOORS[flag]["each_at_least"] and len(no) >= FLOORS[flag]["each_at_least"]
    assert sum(yes) / len(yes) >= FLOORS[flag]["recall"], f"{sum(yes)}/{len(yes)} raised"
    assert sum(no) / len(no) <= FLOORS[flag]["false"], f"{sum(no)}/{len(no)} near misses raised"


def test_a_raised_flag_reads_the_role_as_danger_and_its_bar_is_the_switch(reader: Reader) -> None:
    message = "my ex shared my photos and I don't know what to do"
    flag = reader.flags.config["danger"]
    saved = flag["at_least"], reader.config["danger_threshold"]
    try:
        reader.config["danger_threshold"] = 1.01  # the role head alone never decides here
        for bar, expected in ((0.0, True), (1.01, False)):
            flag["at_least"] = bar
            reader._read_one.cache_clear()  # the reading of a message is cached; the setting changed
            situation = reader.read(message)
            assert (situation.role == "danger") is expected
            assert 0.0 <= situation.scores["flags"]["danger"] <= 1.0
    finally:
        flag["at_least"], reader.config["danger_threshold"] = saved
        reader._read_one.cache_clear()


def test_the_flags_settings_retrain_the_flags_but_leave_the_heads_fingerprint_alone(reader: Reader) -> None:
    heads, flags = reader.fingerprint(), reader.flags.fingerprint()
    flag = reader.flags.config["danger"]
    saved = flag["C"], flag["at_least"]
    try:
        flag["at_least"] = 0.01  # a bar is read when answering: nothing to retrain
        assert reader.flags.fingerprint() == flags
        flag["C"] = 99.0
        assert reader.flags.fingerprint() != flags and reader.fingerprint() == heads
    finally:
        flag["C"], flag["at_least"] = saved


@pytest.mark.parametrize(("line", "problem"), [
    ('{"text": "he is at the door", "danger": "yes"}', "'danger' must be true or false"),
    ('{"text": "", "danger": true}', "'text' must be non-empty text"),
    ('{"text": "he is at the door", "danger": true', "not valid JSON"),
])
def test_a_malformed_flag_example_names_its_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    good = json.dumps({"text": "is sharing a deepfake a crime?", "danger": False})
    (tmp_path / "written.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(FlagDataError, match=rf"written.jsonl line 2: .*{problem}"):
        flag_examples(tmp_path, "danger")


@pytest.mark.parametrize("flag", [
    {"head": {"role": "danger"}, "C": 4.0, "class_weight": "balanced"},  # no bar
    {"head": {"role": "danger", "kind": "help"}, "C": 4.0, "class_weight": None, "at_least": 0.5},  # two heads
])
def test_a_flag_without_its_settings_is_refused_by_name(tmp_path: Path, flag: dict) -> None:
    with pytest.raises(FlagDataError, match=r"flags\.danger"):
        Flags({"danger": flag}, tmp_path, tmp_path / "flags.joblib", list)


@pytest.mark.parametrize(("kind", "probability", "expected"), [
    ("disclosure", 0.61, {"danger"}),
    ("harmful", 0.61, {"danger"}),  # someone in danger read as a harmful request still gets 999 first
    ("question", 0.99, set()),  # a question about the law is left out, however sure the flag is
    ("disclosure", 0.59, set()),  # under the bar
])
def test_a_flag_is_raised_at_its_bar_except_for_the_kinds_it_leaves_out(
        tmp_path: Path, kind: str, probability: float, expected: set[str]) -> None:
    flags = Flags({"danger": {"head": {"role": "danger"}, "C": 4.0, "class_weight": "balanced", "at_least": 0.6,
                              "not_for_kinds": ["question"]}}, tmp_path, tmp_path / "flags.joblib", list)
    assert flags.raised({"danger": probability}, kind) == expected


@pytest.mark.parametrize(("probabilities", "kind", "role", "expected"), [
    ({"danger": 0.9, "found": 0.9}, "disclosure", "none", "danger"),  # in danger now outranks came across images
    ({"danger": 0.1, "found": 0.9}, "disclosure", "none", "found"),
    ({"danger": 0.1, "found": 0.9}, "disclosure", "victim", "victim"),  # found replaces only an unsure "none"
    ({"danger": 0.9, "found": 0.1}, "disclosure", "victim", "danger"),  # danger replaces every role
    ({"danger": 0.1, "found": 0.9}, "harmful", "none", "none"),  # a request is never read as a finder's
    ({"danger": 0.1, "found": 0.1}, "help", "thoughts", "thoughts"),
])
def test_raised_flags_give_their_role_in_order_over_the_roles_they_list(
        tmp_path: Path, probabilities: dict, kind: str, role: str, expected: str) -> None:
    flags = Flags({"danger": {"head": {"role": "danger"}, "C": 4.0, "class_weight": "balanced", "at_least": 0.6},
                   "found": {"head": {"role": "found"}, "C": 4.0, "class_weight": "balanced", "at_least": 0.5,
                             "not_for_kinds": ["harmful"], "over_roles": ["none"]}},
                  tmp_path, tmp_path / "flags.joblib", list)
    assert flags.role(probabilities, kind, role) == expected
