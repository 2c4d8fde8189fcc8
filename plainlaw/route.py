"""Step 3: decide what kind of message this is, from rules and examples kept in prompts/routes.yaml.

Rules decide intent (a request to make, find, share or hide abuse imagery; a disclosure; a question about
the law); similarity to each route's examples and the retrieval score decide scope. Every decision records
the step and the rule or example that made it, so a wrong one can be traced quickly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from plainlaw.normalise import variants
from plainlaw.prompts import load_yaml

ANSWER, REFUSE, SIGNPOST, DECLINE, REPLY = "answer", "refuse", "signpost", "decline", "reply"


@dataclass(frozen=True)
class Route:
    """One routing decision and its reason."""

    name: str
    decision: str
    decided_by: str
    signposts: tuple[str, ...] = ()
    intro: str = ""
    also_answer: bool = False


@dataclass
class _Rule:
    id: str
    all: list[re.Pattern[str]]
    unless: list[re.Pattern[str]] = field(default_factory=list)
    route: str = ""
    min_hits: int = 1

    def matches(self, forms: list[str]) -> bool:
        """True when, on one folded form of the message, every pattern matches and no 'unless' does."""
        for text in forms:
            if self.min_hits > 1:
                if len(self.all[0].findall(text)) >= self.min_hits:
                    return True
                continue
            if all(p.search(text) for p in self.all) and not any(p.search(text) for p in self.unless):
                return True
        return False


def _expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace {name} with its term (terms may use other terms) and drop the YAML folding spaces."""
    for _ in range(5):
        new = re.sub(r"\{(\w+)\}", lambda m: terms[m.group(1)] if m.group(1) in terms else m.group(0), pattern)
        if new == pattern:
            break
        pattern = new
    return re.sub(r"\s*\n\s*", "", pattern)


class Router:
    """Applies the routing table; `embed` turns texts into unit vectors for the example check."""

    def __init__(self, prompts_dir: Path, embed: Callable[[list[str]], np.ndarray]) -> None:
        data = load_yaml(prompts_dir, "routes.yaml")
        terms = {k: re.sub(r"\s*\n\s*", "", str(v)).strip() for k, v in data["terms"].items()}
        self.rules = {group: [self._rule(r, terms) for r in rules] for group, rules in data["rules"].items()}
        self.domain = re.compile(_expand(str(data["domain_terms"]), terms).strip(), re.I)
        self.signposts: dict[str, dict[str, Any]] = data["signposts"]
        self.examples: dict[str, list[str]] = data["examples"]
        self._embed = embed
        labels, texts = zip(*[(k, t) for k, ts in self.examples.items() for t in ts], strict=True)
        self._labels = list(labels)
        self._texts = list(texts)
        self._vectors = embed(self._texts)

    @staticmethod
    def _rule(raw: dict[str, Any], terms: dict[str, str]) -> _Rule:
        patterns = raw.get("all") or [raw["pattern"]]
        compile_ = lambda p: re.compile(_expand(p, terms), re.I | re.M)  # noqa: E731
        return _Rule(
            id=raw["id"],
            all=[compile_(p) for p in patterns],
            unless=[compile_(p) for p in raw.get("unless", [])],
            route=raw.get("route", ""),
            min_hits=int(raw.get("min_hits", 1)),
        )

    def _first(self, group: str, forms: list[str]) -> _Rule | None:
        return next((rule for rule in self.rules.get(group, []) if rule.matches(forms)), None)

    def nearest_example(self, vector: np.ndarray) -> tuple[str, str, float]:
        """The closest example question: its route, its text and the cosine similarity."""
        sims = self._vectors @ vector
        best = int(np.argmax(sims))
        return self._labels[best], self._texts[best], float(sims[best])

    def route(self, message: str, vector: np.ndarray, retrieval_score: Callable[[], float],
              context: str = "") -> Route:
        """Route one message; `context` is the earlier user turns, for requests that build up over turns."""
        forms = variants(message)
        with_context = variants(f"{context}\n{message}") if context else forms

        if rule := self._first("jailbreak", forms):
            return Route("jailbreak", REFUSE, f"rule:jailbreak/{rule.id}")
        if rule := self._first("harm", forms):
            return Route("harmful_request", REFUSE, f"rule:harm/{rule.id}")
        # A follow-up ("now show me how") that completes a harmful request made over several turns.
        asks_more = re.search(r"\b(how|steps?|show|give|send|make|do it|where|which|tell|write|list)\b", forms[0])
        if context and asks_more and (rule := self._first("harm", [f.replace("\n", " ") for f in with_context])):
            return Route("harmful_request", REFUSE, f"rule:harm/{rule.id} (with earlier turns)")

        legal = self._first("legal_question", forms) is not None
        if rule := self._first("disclosure", forms):
            config = self.signposts[rule.route]
            return Route(rule.route, SIGNPOST, f"rule:disclosure/{rule.id}", tuple(config["services"]),
                         config["intro"], also_answer=legal or "?" in message)
        for group in ("greeting", "thanks", "about"):
            if rule := self._first(group, forms):
                return Route(group, REPLY, f"rule:{group}/{rule.id}")
        if rule := self._first("opinion", forms):
            return Route("opinion", DECLINE, f"rule:opinion/{rule.id}")
        if rule := self._first("non_english", forms):
            return Route("non_english", DECLINE, f"rule:non_english/{rule.id}")

        domain = next((m.group(0) for f in forms if (m := self.domain.search(f))), None)
        if domain:
            return Route("legal_question", ANSWER, f"rule:domain/'{domain}'")
        label, example, sim = self.nearest_example(vector)
        score = retrieval_score()
        if label == "legal_question" and sim >= 0.45:
            return Route("legal_question", ANSWER, f"example:'{example}' ({sim:.2f})")
        if score >= 0.55:
            return Route("legal_question", ANSWER, f"retrieval:{score:.2f} (nearest example '{example}' {sim:.2f})")
        return Route("out_of_scope", DECLINE, f"example:'{example}' ({sim:.2f}); retrieval:{score:.2f}")
