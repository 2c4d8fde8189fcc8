"""Step 4: hybrid retrieval — Chroma vectors and BM25 keywords fused, exact terms boosted, MMR to narrow.

LangChain's EnsembleRetriever fuses ranks (reciprocal rank fusion) and drops the scores. Ranks hide how far
ahead a keyword match is — the one passage that uses a rare word like "nudify" ranks first but scores no
better than a passage that is fifth in both lists — and scores are what routing and the "not covered"
decision need. So the fusion here is relative score fusion: both scores normalised over the candidates,
then weighted. BM25 is rank-bm25's Okapi, read from the keyword index kept beside the index
(plainlaw/keywords.py), so nothing is read whole at start. Narrowing is maximal marginal relevance on the fused
score: LangChain's maximal_marginal_relevance measures relevance by the vector alone and would undo the keyword
match.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from plainlaw.keywords import PAGE, Collection, by_ids, open_index
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

    @cached_property
    def terms(self) -> set[str]:
        """The words the sentence was read with (its window), as keyword overlap counts them."""
        return set(content_terms(self.window or self.text))


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


class PassageMap(Mapping[str, Passage]):
    """`library.by_id`: every passage by id, read from Chroma the first time it is asked for."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, pid: str) -> Passage:
        found = self._library.load([pid])
        if pid not in found:
            raise KeyError(pid)
        return found[pid]

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, str) and self._library.keywords.has(pid)

    def __iter__(self) -> Iterator[str]:
        return self._library.keywords.all_ids()

    def __len__(self) -> int:
        return self._library.keywords.count


class Library:
    """What retrieval reads, without holding the index: passages are read from Chroma by id when a question
    needs them, with their sentences and vectors from the keyword index (plainlaw/keywords.py, built once per
    index content, which also answers keyword search and word statistics), and the most recent few thousand
    are kept.

    `passages` and `sentences` are the chromadb collections of the live index (`client.get_collection`);
    `builder`, if given, builds a missing keyword index elsewhere (plainlaw.keywords.build_in_child).
    """

    def __init__(self, passages: Collection, sentences: Collection, cache_dir: Path, page: int = PAGE,
                 remember: int = 4096, builder: Callable[[], object] | None = None) -> None:
        self.passages_collection = passages
        self.page = page
        self.keywords = open_index(passages, sentences, cache_dir, page, builder)
        self.unit_idf = self.keywords.unit_idf
        self.by_id = PassageMap(self)
        self._remember = remember
        self._cache: OrderedDict[str, Passage] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.keywords.count

    def load(self, ids: Iterable[str]) -> dict[str, Passage]:
        """The passages with these ids that exist, from memory or, in one paged read, from Chroma."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Passage] = {}
        with self._lock:
            for pid in wanted:
                if pid in self._cache:
                    self._cache.move_to_end(pid)
                    found[pid] = self._cache[pid]
        missing = [pid for pid in wanted if pid not in found]
        if missing:
            fresh = self._read(missing)
            with self._lock:
                for pid, passage in fresh.items():
                    self._cache[pid] = passage
                while len(self._cache) > self._remember:
                    self._cache.popitem(last=False)
            found.update(fresh)
        return found

    def _read(self, ids: list[str]) -> dict[str, Passage]:
        include = ["documents", "metadatas", "embeddings"]
        units: dict[str, list[Unit]] = {}
        for uid, pid, index, begin, text, vector in self.keywords.units(ids):
            units.setdefault(pid, []).append(Unit(uid, text[begin:], vector, index, text))
        passages = {}
        for got in by_ids(self.passages_collection, ids, include, self.page):
            for pid, text, meta, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"],
                                            strict=True):
                passages[pid] = Passage(pid, text, meta, np.asarray(vec),
                                        sorted(units.get(pid, []), key=lambda u: u.index))
        return passages

    def of_sources(self, sources: Iterable[str]) -> list[Passage]:
        """Every passage of these documents, in (source, position) order."""
        ids = self.keywords.ids_of_sources(sorted(set(sources)))
        found = self.load(ids)
        return [found[pid] for pid in ids if pid in found]

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Chroma's k nearest passages to a vector: (id, cosine similarity)."""
        got = self.passages_collection.query(query_embeddings=[vector.tolist()], n_results=k, include=["distances"])
        return [(pid, 1.0 - float(dist)) for pid, dist in zip(got["ids"][0], got["distances"][0], strict=True)]

    def sources(self) -> list[dict[str, Any]]:
        """One metadata record per document, newest first (for the sidebar)."""
        return self.keywords.sources()


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

    def dense(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Passage ids nearest the question's vector, with their cosine similarity."""
        return self.lib.nearest(vector, k)

    def expand(self, question: str) -> list[str]:
        """The question's terms plus the source words for its everyday words (prompts/search.yaml)."""
        terms = content_terms(question)
        for word in words(question):
            terms += content_terms(" ".join(self.synonyms.get(word, [])))
        return terms

    def keyword(self, question: str, k: int) -> list[tuple[str, float]]:
        """BM25 over the expanded question: passage ids, scores divided by the best so they run from 0 to 1."""
        return self.lib.keywords.top(self.expand(question), k)

    def search(self, question: str, vector: np.ndarray, k: int | None = None) -> list[Hit]:
        """The best passages for a question, most relevant first, with their component scores."""
        if not len(self.lib):
            return []
        cfg = self.cfg
        fetch = int(cfg["fetch_k"])
        dense_ids = self.dense(vector, fetch)
        keyword_ids = self.keyword(question, fetch)
        loaded = self.lib.load(pid for pid, _ in dense_ids + keyword_ids)  # one read for every candidate
        dense = [(loaded[pid], sim) for pid, sim in dense_ids if pid in loaded]
        keyword = [(loaded[pid], score) for pid, score in keyword_ids if pid in loaded]
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
