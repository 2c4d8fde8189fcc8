"""Step 4: hybrid retrieval — Chroma vectors and BM25 keywords fused, exact terms boosted, MMR to narrow.

LangChain's EnsembleRetriever fuses ranks (reciprocal rank fusion) and drops the scores. Ranks hide how far
ahead a keyword match is — the one passage that uses a rare word like "nudify" ranks first but scores no
better than a passage that is fifth in both lists — and scores are what routing and the "not covered"
decision need. So the fusion here is relative score fusion: both scores normalised over the candidates,
then weighted. BM25 comes from rank-bm25. Narrowing is maximal marginal relevance on the fused score: LangChain's
maximal_marginal_relevance measures relevance by the vector alone and would undo the keyword match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_chroma import Chroma
from rank_bm25 import BM25Okapi

from plainlaw.prompts import load_yaml
from plainlaw.textutil import content_terms, fold, words


@dataclass
class Unit:
    """A sentence of prose, or a whole subsection of a statute: the smallest thing an answer quotes.

    `window` is the sentence with the one before it (what was embedded); `text` is the sentence alone.
    """

    id: str
    text: str
    vector: np.ndarray
    index: int
    window: str = ""


@dataclass
class Passage:
    """A stored chunk with its metadata, vector and quotable units."""

    id: str
    text: str
    meta: dict[str, Any]
    vector: np.ndarray
    units: list[Unit]

    @property
    def body(self) -> str:
        """The passage as the source words it (the stored text starts with its heading path)."""
        return self.text.split("\n", 1)[1] if "\n" in self.text else self.text


@dataclass
class Hit:
    passage: Passage
    score: float
    dense: float
    keyword: float
    exact: bool


class Library:
    """Everything retrieval reads, loaded once from Chroma: passages, their units and vectors.

    Passages and unit vectors are held in memory for BM25 and sentence scoring (the corpus is a few hundred
    passages); vector search itself is a Chroma query, so a Chroma server can hold a larger index.
    """

    def __init__(self, passages_store: Chroma, sentences_store: Chroma) -> None:
        self.store = passages_store
        got = passages_store._collection.get(include=["documents", "metadatas", "embeddings"])
        units: dict[str, list[Unit]] = {}
        sgot = sentences_store._collection.get(include=["documents", "metadatas", "embeddings"])
        for uid, text, meta, vec in zip(sgot["ids"], sgot["documents"], sgot["metadatas"], sgot["embeddings"],
                                        strict=True):
            start = int(meta.get("start", 0))
            units.setdefault(meta["chunk_id"], []).append(
                Unit(uid, text[start:], np.asarray(vec), int(meta["index"]), text))
        self.passages = [
            Passage(pid, text, meta, np.asarray(vec), sorted(units.get(pid, []), key=lambda u: u.index))
            for pid, text, meta, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"],
                                            strict=True)
        ]
        self.passages.sort(key=lambda p: (p.meta["source"], p.meta["position"]))
        self.by_id = {p.id: p for p in self.passages}
        self.bm25 = BM25Okapi([content_terms(p.text) for p in self.passages]) if self.passages else None

    def sources(self) -> list[dict[str, Any]]:
        """One metadata record per document, newest first (for the sidebar)."""
        seen: dict[str, dict[str, Any]] = {}
        for p in self.passages:
            seen.setdefault(p.meta["source"], p.meta)
        return sorted(seen.values(), key=lambda m: m.get("date") or "", reverse=True)


class Retriever:
    """Hybrid search over a Library with the weights in prompts/search.yaml."""

    def __init__(self, library: Library, prompts_dir: Path) -> None:
        self.lib = library
        self.cfg = load_yaml(prompts_dir, "search.yaml")
        self.cues = {name: (re.compile(c["pattern"], re.I), c["boost"]) for name, c in self.cfg["cues"].items()}
        self.exact = re.compile(self.cfg["exact_terms"], re.I)
        self.synonyms: dict[str, list[str]] = self.cfg.get("synonyms") or {}

    def exact_terms(self, question: str) -> set[str]:
        """Section numbers and defined terms the question names ('66E', 'pseudo-photograph')."""
        found = set()
        for match in self.exact.finditer(question):
            term = match.group(1) or match.group(0)
            names_section = re.match(r"(s\.?|section)", match.group(0), re.I)
            if match.group(1) and not re.search(r"[A-Za-z]", term) and not names_section:
                continue  # a bare number ("5 years") is not a provision
            found.add(fold(term).replace("-", ""))
        return found

    def _contains(self, passage: Passage, term: str) -> bool:
        text = fold(passage.text).replace("-", "")
        return re.search(rf"(?<![\w.]){re.escape(term)}(?!\w)", text) is not None

    def dense(self, vector: np.ndarray, k: int) -> list[tuple[Passage, float]]:
        docs = self.lib.store.similarity_search_by_vector_with_relevance_scores(vector.tolist(), k=k)
        # langchain-chroma returns cosine distance here; similarity is 1 - distance.
        return [(self.lib.by_id[d.id], 1.0 - float(dist)) for d, dist in docs if d.id in self.lib.by_id]

    def expand(self, question: str) -> list[str]:
        """The question's terms plus the source words for its everyday words (prompts/search.yaml)."""
        terms = content_terms(question)
        for word in words(question):
            terms += content_terms(" ".join(self.synonyms.get(word, [])))
        return terms

    def keyword(self, question: str, k: int) -> list[tuple[Passage, float]]:
        """BM25 over the expanded question, scores divided by the best so they run from 0 to 1."""
        if not self.lib.bm25:
            return []
        scores = self.lib.bm25.get_scores(self.expand(question))
        top = np.argsort(scores)[::-1][:k]
        best = float(scores[top[0]]) if len(top) and scores[top[0]] > 0 else 1.0
        return [(self.lib.passages[i], float(scores[i]) / best) for i in top if scores[i] > 0]

    def search(self, question: str, vector: np.ndarray, k: int | None = None) -> list[Hit]:
        """The best passages for a question, most relevant first, with their component scores."""
        if not self.lib.passages:
            return []
        cfg = self.cfg
        fetch = int(cfg["fetch_k"])
        dense = self.dense(vector, fetch)
        keyword = self.keyword(question, fetch)
        exact = self.exact_terms(question)
        boosts: dict[str, float] = {}
        for pattern, boost in self.cues.values():
            if pattern.search(question):
                for doc_type, value in boost.items():
                    boosts[doc_type] = boosts.get(doc_type, 0.0) + float(value)

        candidates = {p.id: p for p, _ in dense} | {p.id: p for p, _ in keyword}
        dense_sim = {pid: float(p.vector @ vector) for pid, p in candidates.items()}
        keyword_score = {p.id: s for p, s in keyword}
        low, high = min(dense_sim.values()), max(dense_sim.values())
        span = (high - low) or 1.0
        hits = []
        for pid, p in candidates.items():
            is_exact = any(self._contains(p, t) for t in exact)
            score = (float(cfg["weights"]["dense"]) * (dense_sim[pid] - low) / span
                     + float(cfg["weights"]["keyword"]) * keyword_score.get(pid, 0.0)
                     + (float(cfg["exact_boost"]) if is_exact else 0.0)
                     + boosts.get(p.meta["doc_type"], 0.0))
            hits.append(Hit(p, score, dense_sim[pid], keyword_score.get(pid, 0.0), is_exact))
        hits.sort(key=lambda h: h.score, reverse=True)
        return self._narrow(hits[: fetch], vector, k or int(cfg["top_k"]))

    def _narrow(self, hits: list[Hit], vector: np.ndarray, k: int) -> list[Hit]:
        """MMR over the fused candidates, so near-duplicate passages do not crowd out a second source."""
        if len(hits) <= k:
            return hits
        lam = float(self.cfg["mmr_lambda"])
        top = hits[0].score or 1.0
        chosen: list[Hit] = [hits[0]]
        rest = hits[1:]
        while rest and len(chosen) < k:
            def gain(h: Hit) -> float:
                redundancy = max(float(h.passage.vector @ c.passage.vector) for c in chosen)
                return lam * h.score / top - (1 - lam) * redundancy
            best = max(rest, key=gain)
            chosen.append(best)
            rest.remove(best)
        chosen.sort(key=lambda h: h.score, reverse=True)
        return chosen
