"""What the engine returns: plain data that the UI, the evaluation and the tests all read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from plainlaw.schema import DOC_TYPES, STATUSES, date_label

# Status words; the evaluation reads these.
ANSWERED = "answered"
NOT_COVERED = "not_covered"
OUT_OF_SCOPE = "out_of_scope"
REFUSED = "refused"
SIGNPOSTED = "signposted"
GREETING = "greeting"
INVALID = "invalid_input"
UNAVAILABLE = "unavailable"  # the index could not be reached (a Chroma server down): try again shortly
ERROR = "error"  # anything else that failed; the log has the details under the reference in the reply
ANSWER_STATUSES = (ANSWERED, NOT_COVERED, OUT_OF_SCOPE, REFUSED, SIGNPOSTED, GREETING, INVALID, UNAVAILABLE, ERROR)


@dataclass(frozen=True)
class Citation:
    """A passage shown to the user, with the source facts needed to judge it and the words to highlight."""

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
    highlights: tuple[str, ...] = ()


def citation_for(n: int, meta: dict[str, Any], passage: str, chunk_id: str,
                 highlights: tuple[str, ...] = ()) -> Citation:
    """A stored passage as the user sees it cited: its words and its document's facts."""
    iso = str(meta.get("date") or "")
    return Citation(
        n=n, passage=passage, heading_path=meta.get("heading_path", ""), title=meta["title"],
        publisher=meta["publisher"], date=iso, date_label=date_label(iso, bool(meta.get("date_confirmed"))),
        doc_type=meta["doc_type"], type_label=DOC_TYPES[meta["doc_type"]], status=meta["status"],
        status_label=STATUSES[meta["status"]], url=meta["url"], partial=bool(meta.get("partial")),
        completeness_note=meta.get("completeness_note", ""), source=meta["source"], chunk_id=chunk_id,
        highlights=highlights,
    )


@dataclass(frozen=True)
class Signpost:
    """A UK help service, exactly as listed in prompts/help.yaml."""

    id: str
    name: str
    for_whom: str
    how: str
    url: str = ""
    tel: str = ""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply and the citations it rests on.

    kind: 'lead' (answers the question), 'claim', 'status' (where the law stands), 'quote' (words copied
    from a passage), 'help' (a help service or its introduction) or 'note' (fixed text). Leads, claims,
    statuses and quotes must be supported by their citations.
    """

    text: str
    cites: tuple[int, ...] = ()
    kind: str = "claim"
    summary: bool = False  # Plain Law's own plain words for the cited passage, not the source's words


@dataclass
class Answer:
    """The result of one message: status, reply, the passages it cites, help, and how the message was read."""

    status: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    signposts: list[Signpost] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    question: str = ""
    route: str = ""  # the policy rule that decided
    decided_by: str = ""
    composer: str = "law model"
    timings: dict[str, float] = field(default_factory=dict)
    retrieved: list[str] = field(default_factory=list)  # source URLs of passages searched, best first
    situation: dict[str, Any] = field(default_factory=dict)
    understood: str = ""  # "I understood this as: …"
    measures: list[str] = field(default_factory=list)
    measure_scores: dict[str, float] = field(default_factory=dict)
    status_tag: str = ""  # where the law stands, e.g. "In force"
    status_kind: str = ""  # in_force | partly_in_force | enacted_unconfirmed | bill | announced
    help_intro: str = ""
    disclaimer: str = ""

    @property
    def short(self) -> str:
        """The short answer: the first sentence that answers (or the reply's first line)."""
        lead = next((s.text for s in self.sentences if s.kind == "lead"), "")
        return lead or (self.text.split("\n", 1)[0] if self.text else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
