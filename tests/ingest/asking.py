"""Questions the index tests ask an engine, written for them: law-model answers, passage search for figures
and dates, a follow-up, and one the sources do not cover."""

from __future__ import annotations

from typing import Any

QUESTIONS = [
    "Is it illegal to make an AI nude of a 15 year old?",
    "Could I be prosecuted for keeping an indecent image of a child on an old laptop?",
    "What's the maximum sentence for sharing a deepfake of an adult without consent?",
    "is sending an unwanted picture of my genitals to a stranger a crime",
    "Has the offence of running a child abuse website come into force?",
    "how many AI abuse image reports did the IWF confirm in 2023",
    "Can Border Force make me unlock my phone?",
    "What is a pseudo-photograph?",
    "Explain the technology testing defence in simple terms",
    "What is the speed limit on a motorway?",
]


def answers(engine: Any, questions: list[str] = QUESTIONS) -> dict[str, tuple[str, str]]:
    """question → (status, text) of the engine's answer."""
    return {q: (a.status, a.text) for q, a in ((q, engine.ask(q)) for q in questions)}
