"""Step 2: make a follow-up question standalone from the conversation, without an LLM.

"And for the paedophile manuals?" after "What is the maximum sentence for owning AI tools…?" becomes
"What is the maximum sentence for the paedophile manuals?"; "When did it become law?" after a question
about the Crime and Policing Bill becomes "When did the Crime and Policing Bill become law?".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from plainlaw.textutil import content_terms, stem

_CUE = re.compile(
    r"^\s*(?:ok(?:ay)?,?\s+|right,?\s+|so,?\s+)?(?:and|but|also|plus)?\s*"
    r"(?:what about|how about|what of|same (?:question )?for|the same for|and for|and what about|then)?\s*",
    re.I,
)
_STARTS_AS_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|also|plus|what about|how about|what of|same for|the same for|then)\b", re.I
)
_PRONOUN = re.compile(r"\b(it|this|that|they|them|these|those|its|their)\b", re.I)
INSTRUMENT = re.compile(
    r"\b(?:the )?(?:[A-Z][\w()'’-]*\s(?:(?:and|of|for|the|\(?[A-Z][\w()'’-]*\)?)\s)*)?"
    r"(?:Act|Bill)(?:\s\d{4})?\b"
)
_SECTION = re.compile(r"\b(?:section|s\.)\s?\d+[A-Z]?\b", re.I)
_FRAME = re.compile(r"^(.*?\b(?:for|of|about|on|under|against|to)\b)\s+(.+?)\s*\??\s*$", re.I)
_LEADING_PREP = re.compile(r"^(?:for|of|about|on|under|against|to)\s+", re.I)
_DOMAIN_NOUN = re.compile(
    r"\b(deep ?fakes?|nudes?|intimate images?|images?|pictures?|photos?|manuals?|tools?|apps?|offen[cs]es?|"
    r"websites?|border force|law|act|bill|section|penalt\w*|sentence)\b",
    re.I,
)


# How an earlier question is carried beside a follow-up that names no topic of its own.
EARLIER = " (earlier question: "


def own_words(question: str) -> str:
    """The follow-up without the earlier question carried beside it: what kind of fact it asks for
    ("when…", "does it apply in Scotland?") is in these words only."""
    return question.split(EARLIER, 1)[0]


def _user_turns(history: Sequence[dict[str, Any]]) -> list[str]:
    return [str(t.get("content", "")) for t in history if t.get("role") == "user" and t.get("content")]


def _assistant_turns(history: Sequence[dict[str, Any]]) -> list[str]:
    return [str(t.get("content", "")) for t in history if t.get("role") == "assistant" and t.get("content")]


def is_follow_up(question: str, history: Sequence[dict[str, Any]]) -> bool:
    """A question that leans on earlier turns: starts with 'and…', or says 'it' without naming a topic."""
    if not _user_turns(history):
        return False
    if re.match(r"^\s*what if\b", question, re.I):  # "what if he only showed it to her?"
        return True
    if len(question.split()) <= 8 and not (_DOMAIN_NOUN.search(question) or INSTRUMENT.search(question)
                                           or _SECTION.search(question)):
        return True  # short and names nothing: "over how long, though? a year?"
    if _STARTS_AS_FOLLOW_UP.match(question):
        return True
    if _PRONOUN.search(question) and not (INSTRUMENT.search(question) or _SECTION.search(question)):
        return not _DOMAIN_NOUN.search(_PRONOUN.sub("", question)) or len(question.split()) <= 6
    return len(question.split()) <= 3 or not set(content_terms(question)) - GENERIC


# Words that ask about something without naming it: "What is the penalty?" needs the earlier topic.
GENERIC = {stem(w) for w in (
    "penalty penalties sentence maximum punishment prison jail illegal legal law offence crime happen "
    "happens date year when who why where how long much many say says mean means count counts status "
    "force yet become became still announced introduced passed defence defences apply applies scotland "
    "wales england northern ireland uk current currently now today"
).split()}


def _named(text: str) -> str:
    """A named Act, Bill or section in the text ("the Crime and Policing Bill", "section 66B"), or ''."""
    if match := INSTRUMENT.search(text):
        found = match.group(0)
        return found if found.lower().startswith("the ") else f"the {found}"
    return match.group(0) if (match := _SECTION.search(text)) else ""


def standalone(question: str, history: Sequence[dict[str, Any]]) -> str:
    """The question rewritten so that it can be searched without the conversation."""
    question = question.strip()
    if not is_follow_up(question, history):
        return question
    users = _user_turns(history)
    previous = standalone(users[-1], [{"role": "user", "content": u} for u in users[:-1]])
    rest = _CUE.sub("", question, count=1).strip().rstrip("?").strip()

    if _STARTS_AS_FOLLOW_UP.match(question) and rest and not _PRONOUN.fullmatch(rest):
        # "And for X?" → the previous question's frame with X as its subject.
        frame = _FRAME.match(previous)
        if frame and not re.match(r"^(is|are|was|were|when|who|why|how|does|do|did|can|could)\b", rest, re.I):
            return f"{frame.group(1)} {_LEADING_PREP.sub('', rest)}?"
        if re.match(r"^(is|are|was|were|when|who|why|how|does|do|did|can|could|what|which)\b", rest, re.I):
            return _fill_pronoun(rest + "?", previous, history)
        return f"{rest}: {previous}"
    return _fill_pronoun(question, previous, history)


def _fill_pronoun(question: str, previous: str, history: Sequence[dict[str, Any]]) -> str:
    """Put the earlier topic in place of "it"; when the earlier question names no Act, Bill or section,
    keep its words beside the question instead, since a guessed noun phrase ("children illegal" from
    "…images of children illegal?") misleads the search more than the whole question does."""
    subject = _named(previous)
    if not subject and not _DOMAIN_NOUN.search(previous):
        answers = _assistant_turns(history)
        subject = _named(answers[-1]) if answers else ""
    if not subject:
        return f"{question}{EARLIER}{previous})"
    replaced, count = _PRONOUN.subn(subject, question, count=1)
    return replaced if count else f"{question.rstrip('?')} ({subject})?"
