"""Plain Law's own plain-English summaries, each sentence tied to the official words it restates.

An explainer file (doc_type: explainer) holds paragraphs of two lines: a plain sentence, then an anchor
naming a corpus file and quoting the exact words the sentence restates:

    Owning an AI tool made to create child abuse images could mean up to five years in prison.
    ↳ 2025-02-01_lbc_ai-csam-tools-offence.md: "could be sentenced to up to five years in prison"

At ingest each anchor must match exactly one passage of that file; answers that use the sentence cite that
passage and label the sentence as the product's own summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.chunk import SEP, Chunk
from plainlaw.schema import CorpusError, SourceDoc
from plainlaw.textutil import fold, normalise_space

_ANCHOR = re.compile(r'^\s*(?:↳|->)\s*(?P<file>[^:]+\.md)\s*:\s*[“"](?P<quote>.+)[”"]\s*$')


@dataclass(frozen=True)
class Claim:
    sentence: str
    source: str
    quote: str


def parse_claims(doc: SourceDoc) -> list[Claim]:
    """The sentence-and-anchor pairs of an explainer; a malformed pair names its line."""
    claims: list[Claim] = []
    for block in re.split(r"\n\s*\n", doc.body.strip()):
        lines = [line for line in block.strip().splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if not lines:
            continue
        if len(lines) != 2 or not (match := _ANCHOR.match(lines[1])):
            raise CorpusError(f"{doc.path}: each paragraph must be one sentence and one '↳ file.md: \"quote\"' "
                              f"line; this one is not: {normalise_space(block)[:80]!r}")
        claims.append(Claim(normalise_space(lines[0]), match["file"].strip(), normalise_space(match["quote"])))
    if not claims:
        raise CorpusError(f"{doc.path}: an explainer needs at least one sentence with its anchor")
    return claims


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9£%]+", " ", fold(text)).strip()


def chunk_explainer(doc: SourceDoc, chunks_by_source: dict[str, list[Chunk]]) -> list[Chunk]:
    """One chunk per sentence, each pointing at the official passage its anchor quotes."""
    out: list[Chunk] = []
    title = doc.title.split(" — ")[0]
    for index, claim in enumerate(parse_claims(doc)):
        targets = chunks_by_source.get(claim.source)
        if targets is None:
            raise CorpusError(f"{doc.path}: sentence {index + 1} restates {claim.source}, which is not in the corpus "
                              "(or could not be read)")
        quote = _squash(claim.quote)
        found = [c for c in targets if quote in _squash(c.body)]
        if len(found) != 1:
            where = "no passage" if not found else f"{len(found)} passages"
            raise CorpusError(f"{doc.path}: sentence {index + 1}'s quote matches {where} of {claim.source}: "
                              f"{claim.quote[:60]!r}")
        chunk = Chunk(claim.sentence, f"{title}{SEP}{index + 1}", "", "summary", [claim.sentence])
        chunk.metadata = {
            **doc.metadata(),
            "heading_path": chunk.heading_path,
            "section_title": "",
            "kind": "summary",
            "position": index,
            "restates_chunk": found[0].id,
            "restates_source": claim.source,
            "restates_quote": claim.quote,
        }
        out.append(chunk)
    return out
