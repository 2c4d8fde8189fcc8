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
from sklearn.linear_model import LogisticRegression

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
    target: re.Pattern[str] | None = None  # harm rules: what the action is done to (may be in earlier turns)

    def matches(self, forms: list[str], scopes: list[str] | None = None) -> bool:
        """True when, on one folded form of the message, every pattern matches and no 'unless' does.

        With `scopes` (each form with the earlier turns before it), a harm rule's target may match there.
        """
        for i, text in enumerate(forms):
            if self.min_hits > 1:
                if len(self.all[0].findall(text)) >= self.min_hits:
                    return True
                continue
            if not all(p.search(text) for p in self.all) or any(p.search(text) for p in self.unless):
                continue
            where = scopes[i] if scopes else text
            if self.target is None or self.target.search(where):
                return True
        return False


def _expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace {name} with its term (terms may use other terms) and drop the YAML folding spaces."""
    for _ in range(5):
        new = re.sub(r"\{(\w+)\}", lambda m: terms[m.group(1)] if m.group(1) in terms else m.group(0), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern.replace("\n", "")


class Router:
    """Applies the routing table; `embed` turns texts into unit vectors for the example check."""

    def __init__(self, prompts_dir: Path, embed: Callable[[list[str]], np.ndarray]) -> None:
        data = load_yaml(prompts_dir, "routes.yaml")
        terms = {k: str(v).replace("\n", "").strip() for k, v in data["terms"].items()}
        self.rules = {group: [self._rule(r, terms) for r in rules] for group, rules in data["rules"].items()}
        self.safe_howto = re.compile(_expand("{safe_howto}", terms), re.I)
        self.ask_strong = re.compile(_expand("{ask_strong}", terms), re.I | re.M)
        self.ask_weak = re.compile(_expand("{ask_weak}", terms), re.I)
        self.legal_frame = re.compile(_expand("{legal_frame}", terms), re.I | re.M)
        self.request = re.compile(_expand("{request}", terms), re.I | re.M)
        self.operational = re.compile(_expand("{operational}", terms), re.I | re.M)
        self.safe_frame = re.compile(_expand("{safe_frame}", terms), re.I | re.M)
        self.sensitive_any = re.compile(_expand("{sensitive}", terms), re.I | re.M)
        self.child = re.compile(_expand("{child}", terms), re.I)
        self.media = re.compile(_expand("{media}", terms), re.I)
        self.domain = re.compile(_expand(str(data["domain_terms"]), terms).strip(), re.I)
        self.signposts: dict[str, dict[str, Any]] = data["signposts"]
        self.examples: dict[str, list[str]] = data["examples"]
        self._embed = embed
        labels, texts = zip(*[(k, t) for k, ts in self.examples.items() for t in ts], strict=True)
        self._labels = list(labels)
        self._texts = list(texts)
        self._vectors = embed(self._texts)
        self.sensitive = re.compile(_expand(str(data["classifier"]["applies_to"]), terms), re.I)
        self.threshold = float(data["classifier"]["threshold"])
        self.classifier, self._harm_texts, self._harm_vectors = self._train(prompts_dir, embed,
                                                                            float(data["classifier"]["C"]))

    @staticmethod
    def _train(prompts_dir: Path, embed: Callable[[list[str]], np.ndarray],
               c: float) -> tuple[LogisticRegression, list[str], np.ndarray]:
        """Fit the backstop classifier on prompts/router_examples.yaml (harmful vs safe look-alikes)."""
        data = load_yaml(prompts_dir, "router_examples.yaml")
        harmful, safe = list(data["harmful"]), list(data["safe"])
        vectors = embed(harmful + safe)
        labels = np.array([1] * len(harmful) + [0] * len(safe))
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(vectors, labels)
        return model, harmful, vectors[: len(harmful)]

    def harm_probability(self, vector: np.ndarray) -> tuple[float, str]:
        """The classifier's probability that a message is a harmful request, and the closest harmful example."""
        probability = float(self.classifier.predict_proba(vector.reshape(1, -1))[0, 1])
        nearest = int(np.argmax(self._harm_vectors @ vector))
        return probability, self._harm_texts[nearest]

    @staticmethod
    def _rule(raw: dict[str, Any], terms: dict[str, str]) -> _Rule:
        patterns = raw.get("all") or [raw.get("action") or raw["pattern"]]
        compile_ = lambda p: re.compile(_expand(p, terms), re.I | re.M)  # noqa: E731
        return _Rule(
            id=raw["id"],
            all=[compile_(p) for p in patterns],
            unless=[compile_(p) for p in raw.get("unless", [])],
            route=raw.get("route", ""),
            min_hits=int(raw.get("min_hits", 1)),
            target=compile_(raw["target"]) if "target" in raw else None,
        )

    def _first(self, group: str, forms: list[str]) -> _Rule | None:
        return next((rule for rule in self.rules.get(group, []) if rule.matches(forms)), None)

    def harm(self, forms: list[str], context: str = "") -> _Rule | None:
        """The harm rule a message matches, after safe 'how' questions are set aside.

        "How do I report…", "how long could I go to prison…" and "how do the police…" are removed first;
        a message left with only a weak request ("can you…") that asks about the law is a legal question.
        The request and the action are read in this message; the target may be in `context` (earlier turns).
        """
        kept, scopes = [], []
        earlier = variants(context) if context else []
        for i, form in enumerate(forms):
            text = re.sub(r"\s+", " ", self.safe_howto.sub(" ", form))  # a removed "how do police" leaves a gap
            if not (strong := self.ask_strong.search(text)) and not self.ask_weak.search(text):
                continue
            if not strong and self.legal_frame.search(text):
                continue
            kept.append(text)
            scopes.append(f"{earlier[min(i, len(earlier) - 1)]} {text}" if earlier else text)
        if not kept:
            return None
        return next((rule for rule in self.rules["harm"] if rule.matches(kept, scopes)), None)

    def operational_request(self, forms: list[str], context: str = "") -> bool:
        """A request that touches abuse imagery, intimate images or coercion and is not a question about
        the law, a definition, or a search for help — or that asks for specifics (steps, prompts, links).

        The product only ever explains the law, so it never needs to meet such a request: this default
        catches the phrasings that no specific harm rule foresaw ("I need a site where…", "correct my
        prompt", "what would they do?").
        """
        earlier = " ".join(variants(context)[:2]) if context else ""
        for form in forms:
            text = re.sub(r"\s+", " ", self.safe_howto.sub(" ", form))  # a removed "how do police" leaves a gap
            if not self.request.search(text) or not self.sensitive_any.search(f"{earlier} {text}"):
                continue
            if self.safe_frame.search(text) and not self.operational.search(text):
                continue
            return True
        return False

    def is_instruction(self, text: str) -> bool:
        """Does this text try to instruct the assistant ("ignore your instructions…")? Used on source
        passages too: a document's words are data, so such sentences are never quoted or followed."""
        return self._first("jailbreak", variants(text)) is not None

    def nearest_example(self, vector: np.ndarray) -> tuple[str, str, float]:
        """The closest example question: its route, its text and the cosine similarity."""
        sims = self._vectors @ vector
        best = int(np.argmax(sims))
        return self._labels[best], self._texts[best], float(sims[best])

    def route(self, message: str, vector: np.ndarray, retrieval_score: Callable[[], float],
              context: str = "", follow_up: bool = False) -> Route:
        """Route one message. `context` is the earlier user turns (requests can build up over turns);
        `follow_up` says the message leans on them ("and the year before?")."""
        forms = variants(message)
        with_context = variants(f"{context}\n{message}") if context else forms

        if rule := self._first("jailbreak", forms):
            return Route("jailbreak", REFUSE, f"rule:jailbreak/{rule.id}")
        if rule := self.harm(forms):
            return Route("harmful_request", REFUSE, f"rule:harm/{rule.id}")
        # A follow-up ("now make one for me") that completes a harmful request made over several turns.
        if context and (rule := self.harm(forms, context)):
            return Route("harmful_request", REFUSE, f"rule:harm/{rule.id} (target named in earlier turns)")

        legal = self._first("legal_question", forms) is not None
        if rule := self._first("disclosure", forms):
            config = self.signposts[rule.route]
            return Route(rule.route, SIGNPOST, f"rule:disclosure/{rule.id}", tuple(config["services"]),
                         config["intro"], also_answer=legal or "?" in message)
        if any(self.sensitive.search(f) for f in forms):
            probability, example = self.harm_probability(vector)
            if probability >= self.threshold:
                return Route("harmful_request", REFUSE, f"classifier:{probability:.2f} (like '{example}')")
        opinion = self._first("opinion", forms)
        if opinion and not any(self.operational.search(f) for f in forms):
            # "Do you reckon the law will stop anyone doing it?" asks for a view, not for material.
            return Route("opinion", DECLINE, f"rule:opinion/{opinion.id}")
        if self.operational_request(forms, context):
            return Route("harmful_request", REFUSE, "rule:harm/request-touching-abuse-material")
        for group in ("greeting", "thanks", "about"):
            if rule := self._first(group, forms):
                return Route(group, REPLY, f"rule:{group}/{rule.id}")
        if opinion:
            return Route("opinion", DECLINE, f"rule:opinion/{opinion.id}")
        if rule := self._first("non_english", forms):
            if any(self.sensitive_any.search(f) or (self.child.search(f) and self.media.search(f)) for f in forms):
                return Route("harmful_request", REFUSE, f"rule:non_english/{rule.id} touching abuse material")
            return Route("non_english", DECLINE, f"rule:non_english/{rule.id}")

        domain = next((m.group(0) for f in forms if (m := self.domain.search(f))), None)
        if domain:
            return Route("legal_question", ANSWER, f"rule:domain/'{domain}'")
        if rule := self._first("scope", forms):
            return Route("legal_question", ANSWER, f"rule:scope/{rule.id}")
        earlier = next((m.group(0) for f in with_context if (m := self.domain.search(f))), None) if context else None
        label, example, sim = self.nearest_example(vector)
        off_topic = label == "out_of_scope" and sim >= 0.5  # "and what's the weather tomorrow?"
        if earlier and not off_topic and (follow_up or legal or retrieval_score() >= 0.35):
            # A short or elliptical question in a conversation about this law ("and the year before?").
            return Route("legal_question", ANSWER, f"rule:continues a conversation about '{earlier}'")
        score = retrieval_score()
        if label == "legal_question" and sim >= 0.45:
            return Route("legal_question", ANSWER, f"example:'{example}' ({sim:.2f})")
        if score >= 0.55:
            return Route("legal_question", ANSWER, f"retrieval:{score:.2f} (nearest example '{example}' {sim:.2f})")
        return Route("out_of_scope", DECLINE, f"example:'{example}' ({sim:.2f}); retrieval:{score:.2f}")
