"""Fold the disguises people use to get words past a filter, for routing only (never for display).

Homoglyphs (Cyrillic 'а', Armenian 'ո', Greek 'υ' for Latin letters), leetspeak ('n00d'), letters spaced or
dotted out ('n u d e', 'n.u.d.e', 'c h i l d a b u s e'), mixed case and accents are all folded, and each
message is routed on every folded variant. Unicode's confusables table (confusable-homoglyphs) and a word
segmenter (wordninja) do the heavy lifting; the small tables here only cover what they get wrong for this
purpose (they map Greek 'Ι' to 'l', and do not know 'paedophile' or 'nudify').
"""

from __future__ import annotations

import base64
import binascii
import codecs
import gzip
import re
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import wordninja
from confusable_homoglyphs import confusables

HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ν": "v", "ο": "o", "α": "a", "ε": "e",
    "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ѡ": "w", "ʏ": "y", "ɪ": "i", "ᴅ": "d",
    "ϲ": "c", "η": "n", "ω": "w", "ո": "n", "ս": "u", "օ": "o", "հ": "h", "ց": "g", "զ": "q", "ք": "p",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ł": "l",
    "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
})
LEET_L = str.maketrans({"1": "l", "|": "l", "!": "i"})  # '1' stands for 'l' as often as for 'i'
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a",
                      "$": "s", "!": "i", "|": "l", "+": "t", "€": "e", "£": "l"})
_LEET_CHARS = "@$!|+€£"
_MIXED = re.compile(rf"(?<![\w{re.escape(_LEET_CHARS)}])(?=[\w{re.escape(_LEET_CHARS)}]*[a-z])"
                    rf"(?=[\w{re.escape(_LEET_CHARS)}]*[0-9{re.escape(_LEET_CHARS)}])[\w{re.escape(_LEET_CHARS)}]+")
_SHORT_SYMBOLS = re.compile(rf"(?<![\w{re.escape(_LEET_CHARS)}])[0-9{re.escape(_LEET_CHARS)}]{{1,3}}"
                            rf"(?![\w{re.escape(_LEET_CHARS)}])")
_DOTTED = re.compile(r"\b(?:[a-z0-9][.\-_*·•'’]+){1,}[a-z0-9]\b")
_SPACED_SPAN = re.compile(r"(?<!\S)[^\w\s]*\w[^\w\s]*(?:(?:   | )[^\w\s]*\w[^\w\s]*){2,}(?!\S)")
# Words the segmenter must keep whole when it splits a run of letters ("paedophilemanual").
DOMAIN_WORDS = (
    "paedophile paedophiles pedophile manual manuals nudify nudified nudes nude deepfake deepfakes csam "
    "undress undressing sextortion sextort grooming groom kids kiddie loli porn naked selfies pics "
    "snapchat instagram telegram onion darkweb airdrop"
).split()


@lru_cache(maxsize=1)
def _words() -> list[str]:
    """wordninja's English word list (most frequent first, as shipped in the package), with this domain's
    words placed among the common ones."""
    path = Path(wordninja.__file__).parent / "wordninja" / "wordninja_words.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        shipped = handle.read().split()
    return [*shipped[:200], *DOMAIN_WORDS, *shipped[200:]]


@lru_cache(maxsize=1)
def _segmenter() -> wordninja.LanguageModel:
    """A wordninja segmenter over `_words()`; LanguageModel reads a gzipped word file, so one is written once."""
    target = Path(tempfile.gettempdir()) / f"plainlaw-words-{len(_words())}.txt.gz"
    if not target.exists():
        with gzip.open(target, "wt", encoding="utf-8") as handle:
            handle.write("\n".join(_words()))
    return wordninja.LanguageModel(str(target))


def common_english() -> frozenset[str]:
    """The most common English words (wordninja's list): not names or terms of art."""
    return _known()


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Common English words: the long tail of the list holds strings such as 'ekam' that are no real test."""
    return frozenset(_words()[:8000])


def _confusable(ch: str) -> str:
    """A character's Latin look-alike from Unicode's confusables table, if it has one."""
    found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True)
    for entry in found or []:
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii():
                return glyph["c"]
    return ch


def base_fold(text: str, keep_accents: bool = False) -> str:
    """Homoglyphs to Latin, compatibility forms folded (NFKC), accents dropped (unless kept), lower case."""
    text = unicodedata.normalize("NFKC", text).translate(HOMOGLYPHS)
    text = "".join(ch if ch.isascii() or unicodedata.category(ch)[0] != "L" or _is_accented_latin(ch)
                   else _confusable(ch) for ch in text)
    if not keep_accents:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[\t\r\n]+", " ", text.lower()).strip()  # runs of spaces stay: unspace() reads them


def _is_accented_latin(ch: str) -> bool:
    """Latin letters with accents (é, ñ, ż) are real letters of French, Spanish, Polish: keep them."""
    return "LATIN" in unicodedata.name(ch, "")


def unleet(text: str, one_as_l: bool = False) -> str:
    """'n00d3s' → 'noodes'… inside words that mix letters with digits or symbols.

    In a message that is plainly leetspeak (three or more such words), short tokens of digits and
    symbols alone ('17', '$0', '!') are read as letters too; elsewhere they stay numbers.
    """
    def fold_word(word: str) -> str:
        return (word.translate(LEET_L) if one_as_l else word).translate(LEET)

    out = _MIXED.sub(lambda m: fold_word(m.group(0)), text)
    if len(_MIXED.findall(text)) >= 3:
        out = _SHORT_SYMBOLS.sub(lambda m: fold_word(m.group(0)), out)
        out = re.sub(r"(?<=[a-z])'([0-9])\b", lambda m: "'" + m.group(1).translate(LEET), out)
    return out


def undot(text: str) -> str:
    """'n.u.d.e' / 'd.o' / 'n-u-d-e' → 'nude' / 'do'."""
    return _DOTTED.sub(lambda m: re.sub(r"[.\-_*·•'’]", "", m.group(0)), text)


def unspace(text: str) -> str:
    """'h o w   d o   i' → 'how do i'; 'c h i l d a b u s e' → 'child abuse'.

    A span of single characters is read as words: wider gaps separate its words when it has them,
    otherwise the word segmenter finds the words in the joined letters.
    """
    def join(m: re.Match[str]) -> str:
        span = m.group(0)
        if "   " in span:
            return " ".join(part.replace(" ", "") for part in span.split("   ") if part.strip())
        return " ".join(_segmenter().split(span.replace(" ", ""))) or span

    text = _SPACED_SPAN.sub(join, text)
    text = re.sub(r"(?<=\w) ' (?=\w)", "'", text)  # "i ' m" → "i'm"
    return re.sub(r" {2,}", " ", re.sub(r" ([,.;:?!])", r"\1", text))


def squeeze(text: str) -> str:
    """'nuuuudes' → 'nudes': letters repeated three or more times become one."""
    return re.sub(r"([a-z])\1{2,}", r"\1", text)


def english_share(text: str) -> float:
    """Share of a text's words that are English words (wordninja's dictionary): low for encoded text."""
    words = re.findall(r"[a-z]{3,}", text.lower())
    if not words:
        return 0.0
    known = _known()
    return sum(w in known for w in words) / len(words)


def decodings(text: str) -> list[str]:
    """Readings of a message hidden by encoding: Base64 runs, ROT13, or written backwards."""
    found = []
    for token in re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", text):
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
        if decoded.isprintable() and english_share(decoded) >= 0.6:
            found.append(text.replace(token, decoded))
    for part in re.split(r"[:\n]", text):
        if len(part) > 12 and english_share(part) < 0.6:
            for candidate in (codecs.decode(part, "rot13"), part[::-1]):
                if english_share(candidate) >= 0.75:
                    found.append(text.replace(part, candidate))
    return found


def variants(text: str, keep_accents: bool = False) -> list[str]:
    """Every folded form a message is routed on, the plain fold first."""
    text = " ".join([text, *decodings(text)])
    spaced = base_fold(text, keep_accents)
    folded = re.sub(r" {2,}", " ", spaced)
    forms = [
        folded,
        squeeze(unspace(undot(unleet(spaced)))),
        squeeze(unspace(undot(unleet(spaced, one_as_l=True)))),
        squeeze(unspace(undot(spaced))),
    ]
    forms = [re.sub(r" {2,}", " ", f) for f in forms]
    seen: list[str] = []
    for form in forms:
        if form not in seen:
            seen.append(form)
    return seen


_SIGNS = re.compile(r"\d|[@$|+€£]|(?:\b\w\b[ .\-_*·•]){3}|([a-z])\1{2}", re.I)


# A Latin-script message with a few accented letters ("nüdes", "España") is read without them as well; one written
# mostly with them (Vietnamese) loses its words without them, so its accents are a language, not a disguise.
ACCENTS_AS_DISGUISE = 0.15


def _shows_disguise(text: str, accents: bool = True) -> bool:
    """Digits, symbols, spaced or repeated letters; invisible characters; compatibility forms (full-width
    letters); a word that mixes Latin letters with look-alikes from another script ('пudes'); a few accents (when
    `accents`). Letters of another script, or a language written mostly with accents, are not a disguise."""
    mixed = _mixes_scripts(text)
    accented, other = _letter_shares(text)
    signs = bool(_SIGNS.search(text)) or any(unicodedata.category(ch) == "Cf" for ch in text) \
        or unicodedata.normalize("NFKC", text) != unicodedata.normalize("NFC", text) or mixed \
        or (accents and 0 < accented <= ACCENTS_AS_DISGUISE)
    return signs and (mixed or other < 0.5)


def _letter_shares(text: str) -> tuple[float, float]:
    """The shares of a text's letters that are accented Latin letters, and letters of another script."""
    letters = [ch for ch in text if ch.isalpha() and not ch.isascii()]
    total = sum(ch.isalpha() for ch in text)
    if not total:
        return 0.0, 0.0
    accented = sum(_is_accented_latin(ch) for ch in letters)
    return accented / total, (len(letters) - accented) / total


def _mixes_scripts(text: str) -> bool:
    return any(re.search(r"[a-z]", word, re.I) and any(ch.isalpha() and not _is_accented_latin(ch)
                                                       and not ch.isascii() for ch in word)
               for word in re.findall(r"[^\W_]+", text))


def disguises(text: str, language: str = "en") -> list[str]:
    """The readings of a message that undo a disguise, when it shows signs of one; [] for plain text.

    The reader classifies these beside the message itself and takes the most harmful reading, so
    'n00dz', 'n u d e s', 'пudes' and a Base64 or reversed request are read as what they spell. Plain
    messages cost nothing extra, and neither does a message written in another script or mostly with accents:
    folding Russian, Greek or Hindi words into Latin look-alikes, or Vietnamese without its accents, reads
    them as nonsense, which the classifiers took for a request they could not place.

    In a message identified as written in another language (`language`, not "en"), accents are that language's
    own letters: its readings keep them. Without them, a Polish victim's question read as a harmful request (0.49)
    that the message itself is not (0.07).
    """
    own_letters = language != "en"
    if not _shows_disguise(text, accents=not own_letters) and not decodings(text):
        return []
    plain = _bare_words(text)
    # A form that differs only in case or punctuation ("I'm 14" folded to "im 14") is the message
    # itself: reading it again would double the cost of a long message for nothing.
    return [form for form in variants(text, own_letters) if _bare_words(form) != plain][:2]


def _bare_words(text: str) -> list[str]:
    """The words of a text without case, apostrophes or other punctuation. Accents stay: a Spanish message read
    without them ("intimas") reads closer to its meaning for the English encoder than with them."""
    return re.findall(r"[^\W_]+", re.sub(r"['’`]", "", unicodedata.normalize("NFC", text.lower())))
