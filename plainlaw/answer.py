"""What the engine returns: plain data that the UI, the evaluation and the tests all read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Status words; the evaluation reads these.
ANSWERED = "answered"
NOT_COVERED = "not_covered"
OUT_OF_SCOPE = "out_of_scope"
REFUSED = "refused"
SIGNPOSTED = "signposted"
GREETING = "greeting"
INVALID = "invalid_input"


@dataclass(frozen=True)
class Citation:
    """A passage shown to the user, with the source facts needed to judge it."""

    n: int
    passage: str
    heading_path: str
    title: str
    publisher: str
    date: str
    date_label: str
    doc_type: str
    type_label: str
    status: str
    status_label: str
    url: str
    partial: bool
    completeness_note: str
    source: str
    chunk_id: str


@dataclass(frozen=True)
class Signpost:
    """A UK help service, exactly as listed in prompts/signposts.yaml."""

    id: str
    name: str
    for_whom: str
    how: str
    url: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply and the citations it rests on.

    kind: 'claim' (must be supported by its citations), 'quote' (words copied from a passage),
    'source_note' (describes a cited source's own metadata) or 'note' (fixed text such as the disclaimer).
    """

    text: str
    cites: tuple[int, ...] = ()
    kind: str = "claim"
    summary: bool = False  # written for this product (an explainer), not the source's own words


@dataclass
class Answer:
    """The result of one question: status, reply, the passages it cites and any help services."""

    status: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    signposts: list[Signpost] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    question: str = ""
    standalone_question: str = ""
    route: str = ""
    decided_by: str = ""
    composer: str = "extractive"
    timings: dict[str, float] = field(default_factory=dict)
    retrieved: list[str] = field(default_factory=list)  # source URLs of the passages retrieved, best first

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
