"""The support check catches a sentence whose facts or meaning are not in the passage it cites."""

from __future__ import annotations

import numpy as np
import pytest

from plainlaw.answer import Citation, Sentence
from plainlaw.embeddings import get_embeddings
from plainlaw.verify import SupportChecker, facts_in

PASSAGE = ("Under the plans, announced by Home Secretary Yvette Cooper, offenders that own such AI tools could "
           "be sentenced to up to five years in prison.")


def citation(passage: str = PASSAGE) -> Citation:
    return Citation(1, passage, "LBC, 1 February 2025 › ¶1–5", "Owning AI tech…", "LBC", "2025-02-01",
                    "1 February 2025", "news", "News article", "announced", "announced plan",
                    "https://www.lbc.co.uk/news/x", False, "", "x.md", "abc")


@pytest.fixture(scope="module")
def checker() -> SupportChecker:
    emb = get_embeddings()
    return SupportChecker(lambda texts: np.asarray(emb.embed_documents(texts)))


def test_facts_are_found_by_kind() -> None:
    facts = facts_in("On 29 April 2026 the Crime and Policing Act 2026 made s.66E carry 5 years and a £500 fine.")
    assert facts["date"] == {"29 april 2026"}
    assert {"5"} <= facts["number"] and "2026" in facts["number"]
    assert facts["section"] == {"66e"}
    assert facts["money"] == {"£500"}
    assert "crime and policing act 2026" in facts["named"]


def test_a_faithful_sentence_is_supported(checker: SupportChecker) -> None:
    verdict = checker.check(Sentence("LBC reported in February 2025: owners of such AI tools could get up to "
                                     "five years in prison.", (1,)), [citation()])
    assert verdict is not None and verdict.supported, verdict


@pytest.mark.parametrize(
    "claim",
    [
        "Owners of such AI tools could get up to ten years in prison.",
        "Under section 66E, owners of such AI tools could get up to five years in prison.",
        "The Crime and Policing Act 2026 sets up to five years in prison for owning such AI tools.",
        "The weather in London will be sunny tomorrow.",
        "Owning such AI tools is legal and harmless.",
        "Offenders that own such AI tools could not be sentenced to prison.",
    ],
)
def test_a_changed_fact_or_meaning_is_caught(checker: SupportChecker, claim: str) -> None:
    verdict = checker.check(Sentence(claim, (1,)), [citation()])
    assert verdict is not None and not verdict.supported


def test_a_quote_must_be_in_the_passage(checker: SupportChecker) -> None:
    bad = Sentence("LBC says: “offenders could be sentenced to up to seven years”", (1,), kind="quote")
    assert not checker.check(bad, [citation()]).supported
    note = Sentence("This is general information, not legal advice.", kind="note")
    assert checker.check(note, [citation()]) is None
