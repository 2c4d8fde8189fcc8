"""Split a cleaned document along its own structure.

Statutes split by subsection, each chunk keeping its heading path ("Sexual Offences Act 2003 › s.66B › (1)");
articles and guidance split into paragraph groups of roughly 60–200 words. LangChain's splitters cut by
size, not by a statute's numbering, so this structure-reading is written here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from plainlaw.schema import SourceDoc
from plainlaw.textutil import normalise_space, split_sentences

MIN_WORDS, MAX_WORDS = 60, 200
SEP = " › "
_SECTION = re.compile(r"^(\d+[A-Z]{0,2})\s+([A-Z][^\n]{2,160})$")
_SUBSECTION = re.compile(r"^\((\d+[A-Z]*)\)\s*(.*)$")
_NUMBERED_PARA = re.compile(r"^(\d+)\.\s+(.*)$")
_INSERT_INTO = re.compile(r"\b(?:In|the) (?:the )?([A-Z][\w ()]+? Act \d{4})\b.*?(?:insert|amended)", re.I)


@dataclass
class Chunk:
    """One passage as stored and cited: its text, where it sits, and its document's metadata."""

    body: str
    heading_path: str
    section_title: str
    kind: str
    units: list[str]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """What is embedded and searched: the heading path and section title travel with the words."""
        head = self.heading_path + (f" — {self.section_title}" if self.section_title else "")
        return f"{head}\n{self.body}"

    @property
    def id(self) -> str:
        payload = json.dumps([self.text, self.metadata], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _words(text: str) -> int:
    return len(text.split())


def act_and_section(title: str) -> tuple[str, str, str]:
    """'Sexual Offences Act 2003, section 66F — Requesting … (inserted by …)' → act, section, heading."""
    act = re.match(r"^(.+? Act \d{4})", title)
    section = re.search(r"\bsection (\d+[A-Z]*)\b", title)
    heading = title.split(" — ", 1)[1] if " — " in title else ""
    heading = re.sub(r"\s*\((?:inserted|point-in-time)[^)]*\)\s*$", "", heading).strip()
    return (act.group(1) if act else title, section.group(1) if section else "", heading)


def chunk_legislation(doc: SourceDoc, text: str) -> list[Chunk]:
    """One chunk per subsection (paragraphs (a), (i) stay inside it), plus section intros and notes."""
    act, section, section_title = act_and_section(doc.title)
    inserted = ""
    inserted_into = ""
    inserted_title = ""
    label = ""  # current subsection label, "" for a section's opening words
    lines: list[str] = []
    preamble: list[str] = []
    chunks: list[Chunk] = []

    def path() -> str:
        parts = [act, f"s.{section}" if section else ""]
        if inserted:
            parts.append(f"inserted s.{inserted}" + (f" ({inserted_into})" if inserted_into else ""))
        parts.append(label)
        return SEP.join(p for p in parts if p)

    def flush() -> None:
        nonlocal lines
        body_lines = [*preamble, *lines] if not chunks else lines
        body = "\n".join(body_lines).strip()
        if lines and body:
            kind = "annotation" if label == "textual amendments" else ("subsection" if label else "section")
            title = inserted_title if inserted else section_title
            unit = normalise_space(body)
            chunks.append(Chunk(body, path(), title, kind, [unit]))
        lines = []

    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if line.lower() == "textual amendments":
            flush()
            label = "textual amendments"
            continue
        heading = _SECTION.match(line)
        if heading and label != "textual amendments" and not line.endswith((",", ";")):
            inserting = bool(lines) and lines[-1].endswith(("insert—", "insert-"))
            flush()
            if inserting:
                inserted, inserted_title = heading.group(1), heading.group(2).rstrip(".")
            else:
                section, section_title, inserted, inserted_into = (
                    heading.group(1), heading.group(2).rstrip("."), "", "",
                )
            label = ""
            lines = [line]
            continue
        sub = _SUBSECTION.match(line)
        if sub and label != "textual amendments":
            flush()
            label = f"({sub.group(1)})"
            lines = [line]
            into = _INSERT_INTO.search(line)
            if into:
                inserted_into = into.group(1)
            continue
        into = _INSERT_INTO.search(line)
        if into and line.endswith(("insert—", "insert-")):
            inserted_into = into.group(1)
        if not lines and not label and not chunks:
            # Words above the first section: the Act's name, Part and cross-heading lines, page labels.
            if line.lower() == "prospective":
                preamble.append(line)
            continue
        lines.append(line)
    flush()
    # A section's bare heading repeats the heading path; keep it only when it says more (e.g. "Prospective").
    return [c for c in chunks if c.kind != "section" or len(c.body.splitlines()) > 1]


def _paragraph_units(text: str) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs; list items join the paragraph that introduces them."""
    out: list[tuple[str, str]] = []
    heading = ""
    for raw in re.split(r"\n", text):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "• ")):
            item = line[2:].strip()
            if out and out[-1][0] == heading:
                prev = out[-1][1]
                joiner = " " if prev.endswith(":") else "; "
                out[-1] = (heading, prev + joiner + item)
            else:
                out.append((heading, item))
            continue
        is_heading = (
            _words(line) <= 12
            and not re.search(r"[.:;?!\"”’)…]$", line)
            and ":" not in line
            and not _NUMBERED_PARA.match(line)
        )
        if is_heading:
            heading = line
            continue
        out.append((heading, line))
    return out


def _root_label(doc: SourceDoc) -> str:
    """The first step of a prose chunk's heading path: 'LBC, 1 February 2025' or the title's main part."""
    if doc.doc_type == "news":
        return f"{doc.publisher}, {doc.date_label}"
    parts = doc.title.split(" — ")
    return parts[0] if len(parts[0]) >= 40 else " — ".join(parts[:2])


def chunk_prose(doc: SourceDoc, text: str) -> list[Chunk]:
    """Paragraph groups of roughly 60–200 words, broken at headings so a group stays on one topic."""
    short_title = _root_label(doc)
    paragraphs = _paragraph_units(text) if doc.doc_type != "news" else [("", p) for p in text.split("\n\n")]
    chunks: list[Chunk] = []
    group: list[str] = []
    group_heading = ""
    first_index = 0

    def flush(last_index: int) -> None:
        nonlocal group
        if not group:
            return
        numbers = [m.group(1) for p in group if (m := _NUMBERED_PARA.match(p))]
        if numbers:
            where = f"para {numbers[0]}" + (f"–{numbers[-1]}" if len(numbers) > 1 else "")
        else:
            where = f"¶{first_index + 1}" + (f"–{last_index + 1}" if last_index > first_index else "")
        parts = [short_title, group_heading, where]
        units = [u for p in group for u in split_sentences(p)]
        chunks.append(Chunk("\n\n".join(group), SEP.join(p for p in parts if p), "", "paragraphs", units))
        group = []

    for index, (heading, paragraph) in enumerate(paragraphs):
        paragraph = normalise_space(paragraph)
        count = sum(_words(p) for p in group)
        new_topic = heading != group_heading and count >= 25
        if group and (new_topic or count + _words(paragraph) > MAX_WORDS or (count >= MIN_WORDS and new_topic)):
            flush(index - 1)
        if not group:
            group_heading, first_index = heading, index
        elif heading != group_heading:
            group_heading = heading  # a few words under an old heading join the new topic
        group.append(paragraph)
        if sum(_words(p) for p in group) >= MIN_WORDS * 2:
            flush(index)
    flush(len(paragraphs) - 1)
    return chunks


def chunk_document(doc: SourceDoc, cleaned: str) -> list[Chunk]:
    """Chunks for one document, each carrying the document's metadata and its own place in it."""
    chunks = chunk_legislation(doc, cleaned) if doc.doc_type == "legislation" else chunk_prose(doc, cleaned)
    base = doc.metadata()
    for position, chunk in enumerate(chunks):
        chunk.metadata = {
            **base,
            "heading_path": chunk.heading_path,
            "section_title": chunk.section_title,
            "kind": chunk.kind,
            "position": position,
        }
    return chunks
