"""The status view: where each measure the sources speak of stands, step by step, each step cited.

Steps are data (prompts/measures.yaml): a source file and a pattern that must match one of its passages.
The date of a step is read from that passage's words, or from the document's own date — never typed in —
so a step says only what a source in the corpus says.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from plainlaw.prompts import load_yaml
from plainlaw.retrieve import Library
from plainlaw.schema import date_label
from plainlaw.textutil import fold

log = logging.getLogger("plainlaw")
STATUS_QUESTION = re.compile(
    r"\b(?:law yet|in force|into force|become law|became law|royal assent|commence\w*|passed|enacted|still (?:a )?"
    r"(?:plan|bill|proposal)|what stage|where (?:is|are|does) (?:it|the|this|that|things) (?:now|up to|at)\b|"
    r"is (?:it|this|that) (?:law|"
    r"illegal|legal|an offen[cs]e|a crime) (?:yet|now|already)|(?:yet|now|currently|already|still)\b.{0,20}\?|"
    r"when (?:did|does|will|was|were|is)\b)", re.I)


@dataclass(frozen=True)
class Step:
    stage: str
    text: str
    passage_id: str


@dataclass
class Measure:
    id: str
    name: str
    asked_as: list[re.Pattern[str]]
    steps: list[Step] = field(default_factory=list)
    unknown: str = ""
    note: str = ""

    @property
    def in_force(self) -> bool:
        return any(s.stage == "in_force" for s in self.steps)


class Timeline:
    """Resolves prompts/measures.yaml against the indexed passages once; answers then read it."""

    def __init__(self, prompts_dir: Path, library: Library) -> None:
        self.problems: list[str] = []
        self.measures: list[Measure] = []
        for mid, raw in load_yaml(prompts_dir, "measures.yaml")["measures"].items():
            measure = Measure(mid, raw["name"], [re.compile(p, re.I) for p in raw["asked_as"]],
                              unknown=raw.get("unknown", ""), note=raw.get("note", ""))
            for step in raw["steps"]:
                resolved = self._resolve(step, library)
                if resolved:
                    measure.steps.append(resolved)
                else:
                    self.problems.append(f"{mid}: no passage of {step['file']} matches {step['pattern']!r}")
            self.measures.append(measure)
        for problem in self.problems:
            log.warning("status view: %s", problem)

    @staticmethod
    def _resolve(step: dict[str, str], library: Library) -> Step | None:
        pattern = re.compile(step["pattern"], re.I | re.M)
        for passage in library.passages:
            if passage.meta["source"] != step["file"]:
                continue
            match = pattern.search(fold(passage.body))
            if not match:
                continue
            if step.get("date_from") == "document":
                date = date_label(passage.meta.get("date", ""), bool(passage.meta.get("date_confirmed")))
            else:
                date = match.groupdict().get("date") or ""
                date = " ".join(w.capitalize() if w.isalpha() else w for w in date.split())
            return Step(step["stage"], step["say"].format(date=date), passage.id)
        return None

    def about(self, question: str) -> Measure | None:
        """The measure a question is about, if it names one the sources speak of."""
        folded = fold(question)
        return next((m for m in self.measures if all(p.search(folded) for p in m.asked_as)), None)

    @staticmethod
    def asks_status(question: str) -> bool:
        """Is, is it law yet, when did it become law, is it in force…"""
        return bool(STATUS_QUESTION.search(question))
