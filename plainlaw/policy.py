"""Step 3: decide, from the Situation, what to do — answer, refuse, help first, decline, chat or a language
note — by the rule table in prompts/policy.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainlaw.prompts import PromptsError, load_yaml
from plainlaw.situation import Situation

ACTIONS = ("refuse", "language_note", "help_first", "answer_then_help", "chat", "decline", "answer")


@dataclass(frozen=True)
class Decision:
    action: str
    rule: str


class Policy:
    """The ordered rules of policy.yaml; each condition is one exact comparison."""

    def __init__(self, prompts_dir: Path) -> None:
        data = load_yaml(prompts_dir, "policy.yaml")
        self.rules: list[dict[str, Any]] = data["rules"]
        for rule in self.rules:
            if rule["then"] not in ACTIONS:
                raise PromptsError(f"policy.yaml rule {rule['name']}: unknown action {rule['then']!r}")
        self.help_roles = set(data["refuse_with_help_for_roles"])
        self.help_after: list[dict[str, Any]] = data["help_after_answer"]
        self.no_stop_it_now: list[dict[str, Any]] = data["refuse_without_stop_it_now"]
        self.harm_threshold = next(float(r["when"]["harm_at_least"]) for r in self.rules
                                   if "harm_at_least" in (r.get("when") or {}))
        self.chat_words = {key: [w.lower() for w in words] for key, words in data["chat_replies"].items()}

    @staticmethod
    def _holds(condition: str, value: Any, s: Situation) -> bool:
        if condition == "harm_at_least":
            return s.harm >= float(value)
        if condition == "readable":
            return s.readable is bool(value)
        if condition == "named":
            return bool(s.measures_named) is bool(value)
        if condition == "known_terms":
            return bool(s.known_terms) is bool(value)
        if condition == "who_or_what_named":  # "who is Jess Davies?": a person or term only the sources explain
            return (bool(s.known_terms) and s.lookup) is bool(value)
        if condition == "topic_confidence_at_least":
            return s.confidence("topic") >= float(value)
        if condition == "kind_confidence_below":
            return s.confidence("kind") < float(value)
        if condition == "child_pictured_below":  # how sure the reader is that no child is pictured
            return s.scores.get("pictured", {}).get("child", 0.0) < float(value)
        if condition == "harm_below":
            return s.harm < float(value)
        if condition == "words_at_least":
            return s.words >= int(value)
        if condition == "words_below":
            return s.words < int(value)
        if condition in {"follow_up", "refers_back", "subject_named", "other_country", "law_asked", "claim_check",
                         "other_area", "intent_told"}:
            return getattr(s, condition) is bool(value)
        if condition == "opinion":
            return s.opinion is bool(value)
        if condition in {"kind", "role", "asker", "pictured", "asks", "topic", "asks_said"}:
            return getattr(s, condition) in value
        raise PromptsError(f"policy.yaml: unknown condition {condition!r}")

    def decide(self, s: Situation) -> Decision:
        """The first rule whose `when` conditions all hold, and whose `unless` conditions (if it has them) do not all
        hold, decides."""
        for rule in self.rules:
            if all(self._holds(c, v, s) for c, v in (rule.get("when") or {}).items()) and not (
                    rule.get("unless") and all(self._holds(c, v, s) for c, v in rule["unless"].items())):
                return Decision(rule["then"], rule["name"])
        return Decision("answer", "default")

    def _any(self, alternatives: list[dict[str, Any]], s: Situation) -> bool:
        return any(all(self._holds(c, v, s) for c, v in conditions.items()) for conditions in alternatives)

    def help_after_answer(self, s: Situation) -> bool:
        """Does an answered question end with help? (policy.yaml help_after_answer)"""
        return self._any(self.help_after, s)

    def stop_it_now_with_refusal(self, s: Situation) -> bool:
        """Does a refusal without other help end with Stop It Now? Not when it is about adults only."""
        return not self._any(self.no_stop_it_now, s)

    def help_with_refusal(self, s: Situation) -> bool:
        """A harmful request that also tells of harm to the writer gets help first."""
        return s.role in self.help_roles

    def chat_reply(self, text: str, first_turn: bool) -> str:
        """Which chat message fits: thanks, goodbye, about, or a greeting (first turn) / default."""
        lowered = text.lower()
        for key, words in self.chat_words.items():
            if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in words):
                return f"chat_{key}"
        return "chat_greeting" if first_turn else "chat_default"
