"""Step 1 for the conversation: the earlier turns `ask` is given, checked and put in one plain shape.

`ask` is called by the app, the evaluation and whatever anyone builds on it, so the history may be anything:
not a list, items that are not mappings, missing keys, numbers for text, unknown roles, a thousand turns or a
pasted book. A malformed history gets one clear sentence; a long one is bounded (prompts/inputs.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plainlaw.checks import clean
from plainlaw.prompts import load_yaml

Turn = dict[str, str]


@dataclass(frozen=True)
class Conversation:
    """The earlier turns as the reader will read them (oldest first), and the problem (a messages.yaml key)."""

    turns: tuple[Turn, ...] = ()
    problem: str = ""


def check_history(raw: object, limit: int, prompts_dir: Path) -> Conversation:
    """The last turns of a well-formed history, each cleaned like a question and cut to `limit` characters.

    What the reader reads of them — the user's earlier messages, newest first — is also bounded by `limit` in
    total, so that a conversation never costs more to read than one more question of the longest kind. (The
    assistant's turns are carried, cut to `limit` each, but never read.)"""
    if raw is None:
        return Conversation()
    if not isinstance(raw, list | tuple):
        return Conversation(problem="history_invalid")
    rules = load_yaml(prompts_dir, "inputs.yaml")["history"]
    roles = set(rules["roles"])
    turns = []
    budget = limit
    for item in reversed(raw[-int(rules["max_turns"]):]):
        if not isinstance(item, Mapping):
            return Conversation(problem="history_invalid")
        role, content = item.get("role"), item.get("content")
        if not isinstance(role, str) or role not in roles or not isinstance(content, str):
            return Conversation(problem="history_invalid")
        # Cut before cleaning too, so that a pasted book costs no more than a page.
        text = clean(content[: limit * 2]).strip()[:limit]
        if role == "user":
            text = text[:budget]
            budget -= len(text)
        turns.append({"role": role, "content": text})
    return Conversation(tuple(reversed(turns)))
