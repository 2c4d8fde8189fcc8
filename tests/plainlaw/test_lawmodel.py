"""The law model: every statement anchored to words that are really in its source and supported by them;
bad files are clear errors; every measure the corpus speaks of has the facets the corpus gives it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.lawcheck import check_law
from ingest.pipeline import build_chunks, load_corpus
from plainlaw.lawmodel import FACETS, LawModel, LawModelError, anchor_matches, squash
from plainlaw.settings import ROOT
from tests.conftest import CORPUS

LAW = ROOT / "law"


@pytest.fixture(scope="module")
def law() -> LawModel:
    return LawModel.load(LAW)


@pytest.fixture(scope="module")
def chunks() -> dict:
    docs, errors = load_corpus(CORPUS)
    assert errors == {}
    return build_chunks(docs, errors)


def test_every_anchor_is_in_its_source_and_supports_its_statement(law: LawModel, chunks: dict) -> None:
    problems, unused = check_law(law, chunks, ROOT / "prompts")
    assert problems == [] and unused == []


def test_an_anchor_that_no_longer_matches_its_source_is_reported(tmp_path: Path, chunks: dict) -> None:
    # Only the measure whose source changes is checked: the rest would be checked again for nothing (20 s).
    shutil.copy(LAW / "child_images.yaml", tmp_path / "child_images.yaml")
    law = LawModel.load(tmp_path)
    statement = law.statements["child_images.penalty_possess"]
    changed = {**chunks, statement.source: [replace(chunk, body=chunk.body.replace("five years", "ten years"))
                                            for chunk in chunks[statement.source]]}  # the shared chunks stay as read
    problems, _ = check_law(law, changed, ROOT / "prompts")
    assert any(p.startswith("child_images.penalty_possess: the quote is not in") for p in problems)


def test_a_statement_its_anchor_does_not_support_is_reported(tmp_path: Path, chunks: dict) -> None:
    text = (LAW / "prohibited_images.yaml").read_text(encoding="utf-8")
    (tmp_path / "prohibited_images.yaml").write_text(
        text.replace("can mean up to 3 years in prison", "can mean up to 14 years in prison"), encoding="utf-8")
    problems, _ = check_law(LawModel.load(tmp_path), chunks, ROOT / "prompts")
    assert any("prohibited_images.penalty:" in p and "14" in p for p in problems)


def test_each_offence_says_what_is_illegal_and_where_it_stands(law: LawModel) -> None:
    for measure in law.measures.values():
        assert measure.title and measure.topics, measure.id
        if measure.kind in {"offence", "plan", "power", "defence"}:
            assert measure.facet("legality"), measure.id
            assert measure.steps, measure.id
            assert measure.current_step is not None, measure.id
        if not measure.settled and measure.kind != "facts":
            assert measure.unknown, f"{measure.id}: say what the sources cannot confirm"


def test_penalties_the_corpus_states_are_in_the_model(law: LawModel) -> None:
    penalties = {m: [s.say for s in law.measures[m].facet("penalty")] for m in law.measures}
    assert any("five years" in s for s in penalties["child_images"])
    assert any("3 years" in s for s in penalties["prohibited_images"])
    assert any("3 years" in s for s in penalties["manuals"])
    assert any("five years" in s for s in penalties["ai_tools"])
    assert any("10 years" in s for s in penalties["websites"])
    assert any("two years" in s for s in penalties["taking_images"])


def test_shared_steps_are_the_same_statement(law: LawModel) -> None:
    assent = law.statements["legislation_cpa.royal_assent"]
    for measure in ("ai_tools", "manuals", "websites", "border", "testing"):
        assert assent in law.measures[measure].statements


def law_with(folder: Path, file: str, old: str, new: str) -> Path:
    """A copy of the law model in `folder` with one change to one file (`old`, which must be there, made `new`)."""
    for path in LAW.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = folder / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("change", "message"), [
    (("facet: legality", "facet: gossip"), "facet 'gossip' is not one of"),
    (("id: child_images\n", "id: children\n"), "'id' must be 'child_images'"),
    (("protects: child", "protects: kittens"), "protects 'kittens' is not one of"),
    (("    acts: [make, take]", "    acts: [juggle]"), "juggle not one of"),
    (("status:\n  now: in_force", "status:\n  now: rumoured"), "status.now 'rumoured'"),
    (("  current: in_force_s160", "  current: nowhere"), "status.current 'nowhere' names no statement"),
    (("    date: 1978-07-20", "    date: July 1978"), "date must be YYYY-MM-DD"),
    (("title: Indecent", "mood: happy\ntitle: Indecent"), "unknown field(s) mood"),
])
def test_bad_law_files_name_the_file_and_the_field(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(LawModelError) as raised:
        LawModel.load(law_with(tmp_path, "child_images.yaml", *change))
    assert message in str(raised.value)


def test_a_ref_to_a_missing_statement_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LawModelError, match=r"ref 'legislation_cpa\.nope' names no statement"):
        LawModel.load(law_with(tmp_path, "border.yaml", "legislation_cpa.introduced", "legislation_cpa.nope"))


def test_anchors_match_whatever_the_punctuation_and_layout() -> None:
    assert squash("A — intentionally (shares)\n a photo’s") == "a intentionally shares a photo s"
    body = "(1) A person (A) commits an offence if—\n(a) A intentionally shares a photograph"
    statement = LawModel.load(LAW).statements["intimate_sharing.share"]
    assert anchor_matches(statement, [("x", body)]) == []
    assert FACETS[0] == "legality"


def test_every_circumstance_a_statement_names_is_a_cue(law: LawModel) -> None:
    """A statement's `when` must name a circumstance the reader can find, or it would never be shown."""
    from plainlaw.prompts import load_yaml

    cues = set(load_yaml(ROOT / "prompts", "reading/cues.yaml")["circumstances"])
    named = {c for st in law.statements.values() for c in st.when}
    assert named, "no statement names a circumstance"
    assert named <= cues, named - cues


def test_every_place_a_statement_names_is_a_cue_place(law: LawModel) -> None:
    """A statement about one part of the UK only must name a place the reader can find, or it would never be shown."""
    from plainlaw.prompts import load_yaml

    places = set(load_yaml(ROOT / "prompts", "reading/cues.yaml")["places"])
    named = {p for st in law.statements.values() for p in st.places}
    assert named, "no statement names a place"
    assert named <= places, named - places


def test_a_statement_for_one_place_fits_only_a_message_naming_it(law: LawModel) -> None:
    only_there = next(st for st in law.statements.values() if st.places)
    place = only_there.places[0]
    assert only_there.fits("none", place)
    assert not only_there.fits("none") and not only_there.fits("none", "scotland" if place != "scotland" else "")
    anywhere = law.statements["child_images.make"]
    assert anywhere.fits("none", "") and anywhere.fits("none", place)


def test_a_law_in_force_is_unsure_only_for_the_kind_its_planned_change_is_for(law: LawModel) -> None:
    changed = next(m for m in law.measures.values() if m.unsure_for)
    assert changed.settled and changed.unknown
    kind = changed.unsure_for[0]
    assert changed.unsure(kind)
    assert not any(changed.unsure(other) for other in ("real", "fake", "drawn", "unknown") if other not in
                   changed.unsure_for)
    planned = law.measures["ai_tools"]
    assert not planned.settled and planned.unsure("unknown")  # a plan is unsure whatever kind is asked about
    assert not law.measures["child_images"].unsure("fake")


def test_unsure_for_names_kinds_of_thing(tmp_path: Path) -> None:
    with pytest.raises(LawModelError, match="robots not one of"):
        LawModel.load(law_with(tmp_path, "manuals.yaml", "unsure_for: [fake]", "unsure_for: [robots]"))
