"""Clean a source body before chunking: drop editors' notes, gaps and capture noise; keep source words."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from plainlaw.schema import SourceDoc

NOISE_FILE = Path(__file__).with_name("noise.yaml")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Editorial brackets: "[text not available in this copy]", "[paragraph 4 ... omitted as off-topic]".
_GAP = re.compile(r"\[[^\[\]]*\b(?:not available|not visible|omitted)\b[^\[\]]*\]", re.I)
_FURNITURE = re.compile(r"^this section has no associated explanatory notes$", re.I)


@cache
def _noise() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = yaml.safe_load(NOISE_FILE.read_text(encoding="utf-8"))
    drop = [re.compile(p) if "[A-Z]" in p else re.compile(p, re.I) for p in data["drop_lines"]]
    cut = [re.compile(p, re.I) for p in data["cut_from"]]
    return drop, cut


def strip_editorial(text: str) -> str:
    """Remove HTML comments (editors' notes) and gap markers; a line left holding only a label goes too."""
    text = _COMMENT.sub("", text)
    lines = []
    for line in text.splitlines():
        had_gap = bool(_GAP.search(line))
        line = _GAP.sub("", line).rstrip()
        if had_gap and re.fullmatch(r"\s*(\(\w+\)|\d+\.|[-–—\s]*)\s*", line):
            continue
        if had_gap and line:
            line += " …"  # the source breaks off here
        lines.append(line)
    return "\n".join(lines)


def clean_news(text: str, title: str) -> str:
    """Keep only the article: no headline repeat, byline, captions, players, links or trailing headlines."""
    drop, cut = _noise()
    kept: list[str] = []
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        line = raw.strip()
        if any(p.search(line) for p in cut):
            break
        if not line or any(p.search(line) for p in drop):
            continue
        if line == title.strip() and not kept:
            continue
        following = next((n.strip() for n in lines[i + 1 :] if n.strip()), "")
        if following.startswith(line) and re.search(r"picture: [^.]*$", following, re.I):
            continue  # caption text printed twice: once alone, once with its credit
        kept.append(line)
    return "\n\n".join(kept)


_F_OPEN = re.compile(r"\[F\d+?(?=\d+[A-Z]?[A-Z][a-z])|\[F\d+")
_EXTENT = re.compile(r"(?<=[A-Za-z0-9.)\]])(?:E\+W(?:\+S)?(?:\+N\.I\.)?|U\.K\.)(?=\s|$|[A-Z])")


def clean_legislation(text: str) -> str:
    """Drop amendment markers ('[F2 … ]', 'F3. . .') and extent labels ('E+W') but keep every word."""
    out = []
    text = _strip_markers(_EXTENT.sub(lambda m: " " if text[m.end() : m.end() + 1].isalpha() else "", text))
    for line in text.splitlines():
        line = line.strip()
        if re.fullmatch(r"F\d+\s*\(\w+\)[ .]*", line) or _FURNITURE.match(line):
            continue  # a repealed subsection shown as dots, or page furniture
        line = re.sub(r"\s*\bF\d+(?:\s*\.){3,}", "", line)  # words omitted by an amendment
        line = re.sub(r"\bM\d+(?=[A-Z])", "", line)  # marginal-citation markers ("M1Protection")
        line = re.sub(r"^F\d+(?=[A-Z])", "", line)  # the number heading a textual-amendment note
        line = re.sub(r"\s+([,;.])", r"\1", line)
        line = re.sub(r"^\(\s*(\w+)\s*\)", r"(\1)", line)  # "( 4 )" → "(4)"
        line = re.sub(r"^(\d+[A-Z]{0,2}?)([A-Z][a-z])", r"\1 \2", line)  # "69Possession" → "69 Possession"
        line = re.sub(r"^(\([^)]+\))(?=\S)", r"\1 ", line)  # "(1)It is" → "(1) It is"
        out.append(re.sub(r"\s{2,}", " ", line).strip())
    return "\n".join(out)


def _strip_markers(line: str) -> str:
    """Remove '[F12' openers and their matching ']' (which may close lines later), keeping plain brackets."""
    result: list[str] = []
    depth: list[bool] = []  # True for an F-marker bracket, False for a plain one
    i = 0
    while i < len(line):
        match = _F_OPEN.match(line, i) if line[i] == "[" else None
        if match:
            depth.append(True)
            i = match.end()
            continue
        ch = line[i]
        if ch == "[":
            depth.append(False)
        elif ch == "]" and depth and depth.pop():
            i += 1
            if result and result[-1].isalnum() and i < len(line) and line[i].isalnum():
                result.append(" ")  # the page runs the bracketed words into the next word
            continue
        result.append(ch)
        i += 1
    return "".join(result)


def clean(doc: SourceDoc) -> str:
    """The text of a document as the product may show it, per document type."""
    text = strip_editorial(doc.body)
    if doc.doc_type == "news":
        return clean_news(text, doc.title)
    if doc.doc_type == "legislation":
        return clean_legislation(text)
    return "\n".join(line.strip() for line in text.splitlines())
