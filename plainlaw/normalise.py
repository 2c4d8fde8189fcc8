"""Fold the disguises people use to get words past a filter, for routing only (never for display).

Homoglyphs (Cyrillic 'а' for 'a'), leetspeak ('n00d'), spaced or dotted letters ('n u d e'), mixed case and
accents are all folded, and each message is routed on every folded variant. No library does this for
these few hundred characters, so it is written here.
"""

from __future__ import annotations

import re
import unicodedata

HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ν": "v", "ο": "o", "α": "a", "ε": "e",
    "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ѡ": "w", "ʏ": "y", "ɪ": "i", "ᴅ": "d",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ł": "l",
    "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
})
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a",
                      "$": "s", "!": "i", "|": "l", "+": "t", "€": "e", "£": "l"})
_MIXED = re.compile(r"\b(?=[\w@$!|+€£]*[a-z])(?=[\w@$!|+€£]*[0-9@$!|+€£])[\w@$!|+€£]+\b")
_SPACED = re.compile(r"\b(?:[a-z0-9@$][ .\-_*·•/\\]){2,}[a-z0-9@$]\b")


def base_fold(text: str) -> str:
    """Homoglyphs to Latin, compatibility forms folded (NFKC), accents dropped, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(HOMOGLYPHS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text.lower()).strip()


def unleet(text: str) -> str:
    """'n00d3s' → 'noodes'... only inside words that mix letters with digits or symbols."""
    return _MIXED.sub(lambda m: m.group(0).translate(LEET), text)


def unspace(text: str) -> str:
    """'n u d e' / 'n.u.d.e' / 'n-u-d-e' → 'nude'."""
    return _SPACED.sub(lambda m: re.sub(r"[ .\-_*·•/\\]", "", m.group(0)), text)


def squeeze(text: str) -> str:
    """'nuuuudes' → 'nudes': letters repeated three or more times become one."""
    return re.sub(r"([a-z])\1{2,}", r"\1", text)


def variants(text: str) -> list[str]:
    """Every folded form a message is routed on, the plain fold first."""
    folded = base_fold(text)
    forms = [folded, squeeze(unspace(unleet(folded))), squeeze(unspace(folded)), unleet(folded)]
    seen: list[str] = []
    for form in forms:
        if form not in seen:
            seen.append(form)
    return seen
