"""Step 6: is each sentence supported by the passages it cites?

A sentence is supported when every number, date, money amount, section reference and named Act, Bill or
offence in it appears in a cited passage (or in that passage's citation header — title, publisher, date —
which the user sees beside it), and the sentence means much the same as the passage (cosine similarity at
or above a threshold chosen on the development cases; see the README). Fixed notes (the disclaimer) and
descriptions of a source's own metadata are not claims and are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np

from plainlaw.answer import Citation, Sentence
from plainlaw.prompts import load_yaml
from plainlaw.textutil import DATE_PATTERN, MONTHS, fold, numbers_in, split_sentences

SIMILARITY_THRESHOLD = 0.50  # calibrated: see README, 'How answers are checked'
_MONEY = re.compile(r"£\s?\d[\d,.]*(?:\s?(?:million|billion|m|bn|k))?", re.I)
_SECTION = re.compile(r"\b(?:section|s\.|ss\.)\s?(\d+[A-Z]{0,2})\b|\b(\d{1,3}[A-Z]{1,2})\b")
_NAMED = re.compile(
    r"\b((?:[A-Z][\w()'’-]*\s(?:(?:and|of|for|the|\(?[A-Z][\w()'’-]*\)?)\s)*)(?:Act|Bill)(?:\s\d{4})?)\b"
)
_MARKERS = re.compile(r"\s*\[\d{1,2}\]")  # citation markers; "[2002]" in a case name stays


@dataclass
class Support:
    """The verdict on one sentence, with what was missing when it failed."""

    sentence: str
    supported: bool
    similarity: float = 0.0
    missing: list[str] = field(default_factory=list)


def facts_in(sentence: str) -> dict[str, set[str]]:
    """The checkable facts a sentence states, by kind."""
    text = _MARKERS.sub("", sentence)
    no_dates = DATE_PATTERN.sub(" ", text)
    return {
        "date": {fold(d) for d in DATE_PATTERN.findall(text)},
        "number": numbers_in(_MONEY.sub(" ", no_dates)),
        "money": {fold(m).replace(" ", "") for m in _MONEY.findall(text)},
        "section": {fold(a or b) for a, b in _SECTION.findall(text)},
        "named": {fold(n).removeprefix("the ") for n in _NAMED.findall(text)},
    }


def evidence_text(citation: Citation) -> str:
    """What the user sees for a citation: its header and its passage."""
    return f"{citation.title}\n{citation.publisher}\n{citation.date_label}\n{citation.heading_path}\n{citation.passage}"


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\b", re.I)
_MONTH_NAMES = MONTHS.split("|")


def _day_month_year(text: str) -> set[str]:
    """Dates in a text in every form worth matching ('29 april 2026', 'april 2026'). Amendment notes write
    dates as '3.2.1995'; a page dated 2025 that says '28 January' means 28 January 2025."""
    out = set()
    for d in DATE_PATTERN.findall(text):
        d = fold(d)
        out.add(d)
        parts = d.split()
        if len(parts) == 3:
            out.add(" ".join(parts[1:]))
    for day, month, year in _NUMERIC_DATE.findall(text):
        if 1 <= int(month) <= 12:
            name = _MONTH_NAMES[int(month) - 1]
            out |= {f"{int(day)} {name} {year}", f"{name} {year}"}
    years = set(re.findall(r"\b(?:19|20)\d{2}\b", text))
    for match in _DAY_MONTH.finditer(fold(text)):
        for year in years:
            out |= {f"{int(match.group(1))} {match.group(2)} {year}", f"{match.group(2)} {year}"}
    for match in re.finditer(rf"\b(\d{{1,2}})\s+and\s+(?:\w+\s+)?(\d{{1,2}})\s+({MONTHS})\b", fold(text)):
        for year in years:
            out.add(f"{int(match.group(1))} {match.group(3)} {year}")
    return out


# Words that turn a claim's meaning around: "is legal", "is not an offence". Sentence similarity barely
# notices them, so a claim using one needs its cited evidence to use it too.
_PERMISSIVE = re.compile(r"(?<!il)\b(?:legal|lawful|allowed|permitted|harmless|fine|ok|okay|safe)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|isn't|aren't|wasn't|won't|doesn't|don't|didn't|neither|nor|"
                       r"without|excludes?|excluding|unless|rather than|instead of|other than)\b")


def missing_facts(sentence: str, evidence: str) -> list[str]:
    """Facts of the sentence that no cited evidence states."""
    facts = facts_in(sentence)
    ev = fold(evidence)
    said = fold(_MARKERS.sub("", sentence))
    ev_numbers = numbers_in(evidence) | {n.lstrip("0") for n in numbers_in(evidence)}
    ev_dates = _day_month_year(evidence)
    missing = [d for d in facts["date"] if d not in ev_dates and d not in ev]
    missing += [n for n in facts["number"] if n not in ev_numbers]
    missing += [m for m in facts["money"] if m not in ev.replace(" ", "")]
    missing += [s for s in facts["section"] if not re.search(rf"(?<![\w]){re.escape(s)}(?!\w)", ev)]
    missing += [n for n in facts["named"] if n not in ev]
    missing += [f"'{w}'" for w in set(_PERMISSIVE.findall(said)) if not re.search(rf"(?<!il)\b{re.escape(w)}\b", ev)]
    if _NEGATION.search(said) and not _NEGATION.search(ev):
        missing.append("a negation")
    return sorted(set(missing))


def concepts_from(prompts_dir: Path) -> dict[str, re.Pattern[str]]:
    """The distinct legal concepts listed in prompts/search.yaml."""
    found = load_yaml(prompts_dir, "search.yaml").get("concepts") or {}
    return {name: re.compile(pattern, re.I) for name, pattern in found.items()}


class SupportChecker:
    """Checks sentences against their citations; `embed` gives unit vectors for texts."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray], threshold: float = SIMILARITY_THRESHOLD,
                 concepts: dict[str, re.Pattern[str]] | None = None) -> None:
        self._embed = embed
        self.threshold = threshold
        # Distinct legal concepts (prompts/search.yaml): a claim about one must cite evidence about it, so
        # "owning an AI tool… 3 years" cannot borrow the "3 years" of the paedophile-manual offence.
        self.concepts = concepts or {}
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors for texts, each computed once (passages recur across the sentences that cite them)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            self._cache.update(zip(missing, self._embed(missing), strict=True))
        return np.asarray([self._cache[t] for t in texts])

    def prime(self, claims: Sequence[str], passages: Sequence[str]) -> None:
        """Embed many claims and passages in one batch before checking them one by one."""
        self.embed([*claims, *(p for passage in passages for p in [passage, *_clauses(passage)])])

    def check(self, sentence: Sentence, citations: Sequence[Citation]) -> Support | None:
        """None for sentences that make no claim; otherwise the verdict."""
        if sentence.kind not in {"lead", "claim", "status", "quote"}:
            return None
        cited = [c for c in citations if c.n in sentence.cites]
        text = _MARKERS.sub("", sentence.text).strip()
        if not cited:
            return Support(text, False, missing=["no citation"])
        evidence = "\n".join(evidence_text(c) for c in cited)
        missing = missing_facts(text, evidence)
        missing += [f"about {name}" for name, pattern in self.concepts.items()
                    if pattern.search(_claim_words(text)) and not pattern.search(evidence)]
        similarity = self.similarity(_claim_words(text), [c.passage for c in cited],
                                     [c.heading_path for c in cited if "›" in c.heading_path])
        if sentence.kind == "quote":
            quoted = re.search(r"“(.+)”", text, re.S)
            body = quoted.group(1) if quoted else text
            parts = [part for part in body.split("…") if part.strip()]  # "…" joins words quoted from one passage
            if not any(all(_squash(part) in _squash(c.passage) for part in parts) for c in cited):
                missing.append("quoted words not in the cited passage")
        ok = not missing and similarity >= self.threshold
        return Support(text, ok, similarity, missing)

    def similarity(self, claim: str, passages: Sequence[str], headings: Sequence[str] = ()) -> float:
        """Cosine similarity of the claim to the closest passage, sentence or clause it cites — or to a
        cited passage's heading path ("Data (Use and Access) Act 2025 › s.138 › …"), which names where
        the words sit in the law and is shown with them."""
        pieces = [p for passage in passages for p in [passage, *_clauses(passage)]]
        pieces += [h.replace("›", ",") for h in headings]
        vectors = self.embed([claim, *pieces])
        return float(np.max(vectors[1:] @ vectors[0]))

    def check_all(self, sentences: Sequence[Sentence], citations: Sequence[Citation]) -> list[Support]:
        return [s for s in (self.check(x, citations) for x in sentences) if s is not None]


def _clauses(passage: str) -> list[str]:
    """A passage's sentences and their clauses (split at commas, semicolons and dashes), for matching a
    claim that restates part of a long sentence."""
    out = []
    for sentence in split_sentences(passage):
        out.append(sentence)
        parts = [p.strip() for p in re.split(r"[,;:—–]\s", sentence) if len(p.split()) >= 4]
        if len(parts) > 1:
            out += parts + [f"{a}, {b}" for a, b in pairwise(parts)]
    return out


def _claim_words(text: str) -> str:
    """The sentence without its attribution ('LBC reported …:'), which only names the source."""
    return text.split(": ", 1)[1] if re.match(r"^[^:“\"]{0,90}:\s", text) else text


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text)).replace("…", "").strip(" .")
