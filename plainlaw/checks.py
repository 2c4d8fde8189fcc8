"""Step 1: input checks. Bad input gets one clear sentence, never a traceback."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and other invisible format characters are used to slip words past filters: removed silently.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Checked:
    """The question as the pipeline will read it, and the problem (a messages.yaml key) if any."""

    text: str
    problem: str = ""
    length: int = 0


def clean(raw: str) -> str:
    """Text any encoder can read: surrogate pairs joined into their character and lone surrogates dropped
    (a tokenizer rejects them), NFC, invisible characters removed, control characters turned into spaces.

    Python's codecs do the surrogate work: UTF-16 with 'surrogatepass' keeps every code unit, and decoding it
    back joins the pairs and marks each lone one with U+FFFD, which is then dropped."""
    if _SURROGATE.search(raw):
        raw = raw.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").replace("\ufffd", "")
    text = unicodedata.normalize("NFC", raw)
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub(" ", text).replace("\t", " ")


def check_input(raw: object, limit: int) -> Checked:
    """Empty, over-long and non-text input are caught here; unreadable characters are cleaned away."""
    if raw is None:
        return Checked("", "input_empty")
    if not isinstance(raw, str):
        return Checked("", "input_not_text")
    text = clean(raw).strip()  # runs of spaces stay: spaced-out words are read by the router
    if not text:
        return Checked("", "input_empty")
    if len(text) > limit:
        return Checked(text[:limit], "input_too_long", len(text))
    return Checked(text, "", len(text))
