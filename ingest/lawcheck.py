"""Check the law model against the corpus: every statement's quote is in its source file, and the statement
passes the same support check answers are held to (facts, polarity, topic, meaning) against that passage.

A statement that fails is reported with what is missing; the engine never uses a statement whose quote
cannot be found. Results are cached beside the index, keyed by the law files and the passages they cite,
so re-running ingest over an unchanged corpus checks nothing again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ingest.chunk import Chunk
from plainlaw.answer import Sentence, citation_for
from plainlaw.embeddings import get_embeddings
from plainlaw.lawmodel import LawModel, anchor_matches
from plainlaw.verify import SupportChecker, concepts_from


def check_law(law: LawModel, by_source: dict[str, list[Chunk]], prompts_dir: Path,
              cache: Path | None = None) -> tuple[list[str], list[str]]:
    """Problems with the law model's anchors, one line each ([] when every statement is anchored and
    supported), and the statements left unused because their source file is not in this corpus."""
    resolved: dict[str, Chunk] = {}
    problems: list[str] = []
    unused: list[str] = []
    for st in law.anchors():
        chunks = by_source.get(st.source)
        if chunks is None:
            unused.append(st.key)
            continue
        found = anchor_matches(st, [(c.id, c.body) for c in chunks])
        if not found:
            problems.append(f"{st.key}: the quote is not in {st.source}: {st.quote[:70]!r}")
            continue
        resolved[st.key] = next(c for c in chunks if c.id == found[0])
    stamp = hashlib.sha256(json.dumps(
        sorted((k, law.statements[k].say, c.id) for k, c in resolved.items())).encode()).hexdigest()
    if cache is not None and cache.exists() and cache.read_text(encoding="utf-8").strip() == stamp and not problems:
        return problems, unused
    embeddings = get_embeddings()
    checker = SupportChecker(lambda texts: np.asarray(embeddings.embed_documents(texts)),
                             concepts=concepts_from(prompts_dir))
    checker.prime([law.statements[k].say for k in resolved], [c.body for c in resolved.values()])
    for key, chunk in resolved.items():
        cited = citation_for(1, chunk.metadata, chunk.body, chunk.id)
        verdict = checker.check(Sentence(law.statements[key].say, (1,)), [cited])
        if verdict is not None and not verdict.supported:
            why = ", ".join(verdict.missing) or f"similarity {verdict.similarity:.2f}"
            problems.append(f"{key}: not supported by its passage in {chunk.metadata['source']} ({why})")
    if cache is not None and not problems:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(stamp, encoding="utf-8")
    return problems, unused
