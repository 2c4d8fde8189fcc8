"""The corpus front-matter schema: one shape for every source, checked when a file is read.

Status words describe where the law a document speaks of stood when the document was written. They are a
small fixed vocabulary so that answers can say "announced" or "in force" without reading free text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from plainlaw.prompts import SAFE_LOADER

DOC_TYPES = {
    "legislation": "Legislation",
    "guidance": "Official guidance",
    "policy_paper": "Government policy paper",
    "press_release": "Official news release",
    "briefing": "Parliamentary briefing",
    "news": "News article",
    "explainer": "Plain Law summary",
}

STATUSES = {
    "announced": "announced plan",
    "bill": "in a Bill before Parliament",
    "enacted": "enacted (in an Act); not shown as in force in this copy",
    "in_force": "in force",
    "partly_in_force": "partly in force",
    "guidance": "guidance (not law itself)",
    "background": "background",
    "summary": "Plain Law's own summary of the cited official text",
}

# How much a document type counts when sources disagree on what the law is (higher wins).
AUTHORITY = {
    "legislation": 4,
    "guidance": 3,
    "policy_paper": 3,
    "press_release": 3,
    "briefing": 2,
    "news": 1,
    "explainer": 0,
}

REQUIRED = ("title", "publisher", "url", "date", "doc_type", "status", "jurisdiction", "licence", "completeness")
OPTIONAL = (
    "date_note",
    "date_confirmed",
    "doc_type_note",
    "status_note",
    "completeness_note",
    "author",
    "updated",
    "retrieved_via",
    "raw",
    "raw_note",
    "restates",
)
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)


class CorpusError(ValueError):
    """A corpus file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class SourceDoc:
    """One corpus file: its checked metadata and its body as stored (raw captures stay raw)."""

    path: str
    title: str
    publisher: str
    url: str
    date: dt.date | None
    date_confirmed: bool
    doc_type: str
    status: str
    status_note: str
    jurisdiction: str
    licence: str
    partial: bool
    completeness_note: str
    body: str
    restates: tuple[str, ...] = ()

    @property
    def date_label(self) -> str:
        return date_label(self.date.isoformat() if self.date else "", self.date_confirmed)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def type_label(self) -> str:
        return DOC_TYPES[self.doc_type]

    def metadata(self) -> dict[str, Any]:
        """Flat metadata stored with every chunk (Chroma takes str, int, float and bool only)."""
        return {
            "source": self.path,
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "date": self.date.isoformat() if self.date else "",
            "date_confirmed": self.date_confirmed,
            "doc_type": self.doc_type,
            "status": self.status,
            "status_note": self.status_note,
            "jurisdiction": self.jurisdiction,
            "partial": self.partial,
            "completeness_note": self.completeness_note,
            "authority": AUTHORITY[self.doc_type],
        }


def date_label(iso: str, confirmed: bool = True) -> str:
    """A date as a reader sees it ('7 January 2025'), saying so when the source did not confirm it."""
    if not iso:
        return "date not shown"
    day = dt.date.fromisoformat(iso[:10])
    text = f"{day.day} {day:%B %Y}"
    return text if confirmed else f"{text} (date not confirmed)"


def _text(meta: dict[str, Any], key: str, name: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{name}: front matter field '{key}' must be non-empty text")
    return value.strip()


def _date(meta: dict[str, Any], name: str) -> dt.date | None:
    value = meta.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorpusError(f"{name}: front matter field 'date' must be YYYY-MM-DD or null, got {value!r}") from exc


def parse_source(text: str, name: str) -> SourceDoc:
    """Check a corpus file's front matter against the schema and return it with its body."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise CorpusError(f"{name}: no front matter (the file must start with a '---' block)")
    try:
        meta = yaml.load(match.group(1), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" near line {where.line + 2}" if where else ""
        raise CorpusError(f"{name}: front matter is not valid YAML{line}") from exc
    if not isinstance(meta, dict):
        raise CorpusError(f"{name}: front matter must be a set of 'field: value' lines")
    missing = [key for key in REQUIRED if key not in meta]
    if missing:
        raise CorpusError(f"{name}: front matter is missing {', '.join(missing)}")
    unknown = sorted(set(meta) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise CorpusError(f"{name}: unknown front matter field(s) {', '.join(unknown)}")
    doc_type = _text(meta, "doc_type", name)
    if doc_type not in DOC_TYPES:
        raise CorpusError(f"{name}: doc_type {doc_type!r} is not one of {', '.join(DOC_TYPES)}")
    status = _text(meta, "status", name)
    if status not in STATUSES:
        raise CorpusError(f"{name}: status {status!r} is not one of {', '.join(STATUSES)}")
    completeness = _text(meta, "completeness", name)
    if completeness not in {"complete", "partial"}:
        raise CorpusError(f"{name}: completeness must be 'complete' or 'partial', got {completeness!r}")
    url = _text(meta, "url", name)
    if not re.match(r"https?://", url):
        raise CorpusError(f"{name}: url must start with http:// or https://")
    date = _date(meta, name)
    restates = meta.get("restates") or []
    if doc_type == "explainer" and not restates:
        raise CorpusError(f"{name}: an explainer must list the corpus files it restates under 'restates'")
    body = text[match.end():]
    if not body.strip():
        raise CorpusError(f"{name}: the file has front matter but no text")
    return SourceDoc(
        path=name,
        title=_text(meta, "title", name),
        publisher=_text(meta, "publisher", name),
        url=url,
        date=date,
        date_confirmed=bool(meta.get("date_confirmed", True)) and date is not None,
        doc_type=doc_type,
        status=status,
        status_note=str(meta.get("status_note") or ""),
        jurisdiction=_text(meta, "jurisdiction", name),
        licence=_text(meta, "licence", name),
        partial=completeness == "partial",
        completeness_note=str(meta.get("completeness_note") or ""),
        body=body,
        restates=tuple(str(item) for item in restates),
    )


def read_source(path: Path, root: Path) -> SourceDoc:
    """Read one corpus file; unreadable bytes are a CorpusError naming the file, never a traceback."""
    name = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{name}: not readable as UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{name}: cannot be read ({exc.strerror})") from exc
    if "\x00" in text:
        raise CorpusError(f"{name}: contains binary data, not text")
    return parse_source(text, name)
