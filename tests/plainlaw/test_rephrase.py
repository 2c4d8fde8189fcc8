"""Follow-up questions become standalone ones."""

from __future__ import annotations

import pytest

from plainlaw.rephrase import standalone

PENALTY = [
    {"role": "user", "content": "What is the maximum sentence for owning AI tools made to create child abuse images?"},
    {"role": "assistant", "content": "Up to five years in prison [1]."},
]
BILL = [
    {"role": "user", "content": "What is the Crime and Policing Bill?"},
    {"role": "assistant", "content": "A government bill introduced on 25 February 2025 [1]."},
]


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("And for the paedophile manuals?", PENALTY, "What is the maximum sentence for the paedophile manuals?"),
        ("What about websites that share abuse images?", PENALTY,
         "What is the maximum sentence for websites that share abuse images?"),
        ("When did it become law?", BILL, "When did the Crime and Policing Bill become law?"),
        ("Is it law yet?", BILL, "Is the Crime and Policing Bill law yet?"),
        ("What does section 66B say?", BILL, "What does section 66B say?"),
        ("When did it become law?", [], "When did it become law?"),
    ],
)
def test_standalone(question: str, history: list[dict[str, str]], expected: str) -> None:
    assert standalone(question, history) == expected
