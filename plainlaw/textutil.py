"""Small text helpers shared by ingest and the engine: sentences, words, dates and numbers.

Written by hand because the libraries in use either split sentences badly on legal abbreviations
("s. 160", "Ms Davies-Jones", "Cr. App. R.") or would pull in a large NLP toolkit for one regex's work.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

ABBREVIATIONS = {
    "s", "ss", "mr", "mrs", "ms", "dr", "no", "nos", "para", "paras", "art", "reg", "sch", "c", "cr", "app",
    "r", "v", "vs", "e.g", "i.e", "etc", "st", "sec", "gov", "co", "uk", "u.k", "n.i", "ewca", "crim",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
_BARE_WORD = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[a-z0-9]+(?:[’'][a-z]+)?")
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
DATE_PATTERN = re.compile(
    rf"\b(\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\s+\d{{4}}|(?:{MONTHS})\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.I,
)
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20",
}
STOPWORDS = frozenset(
    (
        "a about above after again against all am an and any are as at be because been before being below "
        "between both but by can could did do does doing down during each few for from further had has have "
        "having he her here hers herself him himself his how i if in into is it its itself just me more most "
        "my myself no nor not now of off on once only or other our ours out over own same she should so some "
        "such than that the their theirs them themselves then there these they this those through to too "
        "under until up very was we were what when where which while who whom why will with would you your "
        "yours yourself yourselves also may might must shall s get got let lets like ever still yet already "
        "much many whether i'm im i've ive i'd i'll you're youre it's don't dont didn't didnt can't cant won't "
        "wont isn't isnt doesn't doesnt he's hes she's shes they're theyre that's thats what's whats there's "
        "theres we're let's we've weve you've youve they've theyve we'd you'd they'd we'll you'll they'll "
        "he'd she'd wasn't wasnt aren't arent haven't havent hasn't hasnt wouldn't wouldnt couldn't couldnt"
    ).split()
)


def normalise_space(text: str) -> str:
    """Fold every run of whitespace (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def fold(text: str) -> str:
    """Lower-case, accents and curly quotes folded: the form used for matching, never for display."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return normalise_space(text.lower())


def bare(text: str) -> str:
    """Folded, with every run of punctuation a single space and a space at each end: a term matches however it is
    quoted or hyphenated ("a 'prohibited' image", "pseudo-photograph") and only as whole words at its edges."""
    return " " + " ".join(_BARE_WORD.findall(fold(text))) + " "


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences without breaking on legal and honorific abbreviations."""
    text = normalise_space(text)
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start(0) + len(match.group(1))
        candidate = text[start:end]
        last_word = re.search(r"([A-Za-z.]+)\.[\"'”’)]*$", candidate)
        if last_word and last_word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            continue
        if re.search(r"\b[A-Z]\.$", candidate):  # an initial, as in "J. Smith"
            continue
        pieces.append(candidate.strip())
        start = match.end(0)
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def words(text: str) -> list[str]:
    """Lower-case word tokens, keeping section numbers like '66e' and '160' whole; possessive 's dropped."""
    return [re.sub(r"'s$", "", w) for w in _WORD.findall(fold(text))]


_STEMMERS = threading.local()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem, so 'images'/'image' and 'offences'/'offence' meet.

    A snowball stemmer keeps the word it is working on in itself, so two threads sharing one garble each other's
    words (or fail with IndexError); each thread that serves answers gets its own."""
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def content_terms(text: str) -> list[str]:
    """Stemmed words that carry meaning (stopwords dropped), for keyword search and overlap."""
    return [stem(w.replace("'", "")) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def dates_in(text: str) -> list[str]:
    return [normalise_space(m.group(0)).lower() for m in DATE_PATTERN.finditer(text)]


def numbers_in(text: str) -> set[str]:
    """Numbers a sentence states, with number words folded to digits ('five' → '5', '380%' → '380')."""
    found = {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    found |= {NUMBER_WORDS[w] for w in words(text) if w in NUMBER_WORDS}
    return found
