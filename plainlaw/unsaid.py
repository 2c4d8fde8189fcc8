"""What the sources do not say: questions people ask about this law that no document answers (prompts/unsaid.yaml).

A reply to one of them says so first, and only then gives what the sources do say, instead of answering a
nearby question with a fact that would read as the answer (an adult's maximum for "will my son get a record?").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plainlaw.prompts import load_yaml


@dataclass(frozen=True)
class Gap:
    """One thing the sources do not say, with the exact patterns of a message asking it."""

    id: str
    about: str  # completes "The sources here do not say …"
    patterns: tuple[re.Pattern[str], ...]
    absent: tuple[str, ...]  # words no corpus document may use while this entry stands
    measures: tuple[str, ...]  # when given, only for a question answered from one of these laws
    nearest: str = ""  # "status": where the law stands and since when answers part of it ("is it too late?")


# A question the coverage classifier reads as unanswered (plainlaw/coverage.py): no entry names what is missing.
READ_GAP = Gap("read", "", (), (), ())


def gap_message(messages: Callable[..., str], gap: Gap) -> str:
    """The reply's first line for a gap: what the sources do not say, or, for one read by the classifier, that
    they do not answer the question."""
    return messages("unsaid", about=gap.about) if gap.about else messages("unsaid_read")


class UnsaidError(ValueError):
    """prompts/unsaid.yaml is malformed; the message says where."""


NEAREST = {"", "status"}  # what a reply may give after a gap, besides the law it covers (unsaid.yaml `nearest`)


def load_gaps(prompts_dir: Path) -> list[Gap]:
    data = load_yaml(prompts_dir, "unsaid.yaml")
    gaps = []
    for i, entry in enumerate(data.get("entries") or []):
        if entry.get("nearest", "") not in NEAREST:
            raise UnsaidError(f"prompts/unsaid.yaml entry {i + 1}: nearest must be one of {sorted(NEAREST)}")
        try:
            gaps.append(Gap(str(entry["id"]), str(entry["about"]),
                            tuple(re.compile(p, re.I) for p in entry["patterns"]),
                            tuple(str(x).lower() for x in entry.get("absent") or []),
                            tuple(str(x) for x in entry.get("measures") or []),
                            str(entry.get("nearest", ""))))
        except (KeyError, TypeError, re.error) as exc:
            raise UnsaidError(f"prompts/unsaid.yaml entry {i + 1}: {exc}") from exc
    return gaps


class Unsaid:
    """Finds the entry a message asks about, if any."""

    def __init__(self, gaps: list[Gap]) -> None:
        self.gaps = gaps

    def match(self, text: str, measure: str | None) -> Gap | None:
        """The first entry whose pattern the message matches, among those that apply to the law chosen."""
        return next((g for g in self.gaps if (not g.measures or measure in g.measures)
                     and any(p.search(text) for p in g.patterns)), None)
