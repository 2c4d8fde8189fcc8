"""Step 5: the default composer. No LLM: it picks the source sentences that answer the question.

It leads with plain words from news or guidance where they answer as well as the statute does, then
quotes the exact legal words, cites every sentence, and adds the status and date of the newest
authoritative source it cites. Scoring is written here because it mixes signals no library combines:
sentence-vector similarity, keyword overlap, the kind of fact asked for, and the passage's rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from plainlaw.answer import Sentence
from plainlaw.prompts import load_yaml
from plainlaw.rephrase import INSTRUMENT, own_words
from plainlaw.retrieve import Hit, Library, Passage, Unit
from plainlaw.schema import DOC_TYPES, STATUSES, date_label
from plainlaw.textutil import STOPWORDS, content_terms, fold, stem, words
from plainlaw.verify import concepts_from


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9£%]+", " ", fold(text)).strip()


# Kinds of fact that a passage either states or does not: asking for one that no passage gives means
# the sources do not cover the question.
SPECIFIC = {"penalty", "date", "number", "person"}
# Kinds of fact that rank sentences the same way, but whose absence still leaves something worth saying.
RANKED = SPECIFIC | {"identity", "extent"}
# Question words that say what is asked, not what about: never a sign of a topic the sources lack.
GENERIC = {stem(w) for w in (
    "say says said want wants wanted mean means meant count counts happen happens happened rise rose "
    "risen never ever already still yet really actually own owning owned going thing things way ways tell "
    "explain know need right wrong true kind type sort exactly just mine someone somebody anyone anybody "
    "people person would could should get gets got give make makes made ban banned school class classmate "
    "friend friends boy boys girl girls mum mom dad parent parents teacher student ex boyfriend girlfriend "
    "partner year years old age help worried scared"
).split()}


@dataclass
class Candidate:
    """A quotable unit scored against the question."""

    unit: Unit
    hit: Hit
    similarity: float
    keywords: float
    types: set[str]
    score: float
    off_topic: bool = False  # about another offence than the one asked

    @property
    def passage(self) -> Passage:
        return self.hit.passage

    @property
    def legal(self) -> bool:
        return self.passage.meta["doc_type"] == "legislation"

    @property
    def summary(self) -> bool:
        """A sentence of Plain Law's own plain-English summary (it cites the passage it restates)."""
        return self.passage.meta["doc_type"] == "explainer"


@dataclass
class Draft:
    """What the composer chose: sentences with passage ids in place of citation numbers."""

    sentences: list[tuple[Sentence, list[str]]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    best_score: float = 0.0
    gap: str = ""  # why nothing was chosen, when nothing was
    notes: list[str] = field(default_factory=list)  # fixed lines about what the sources do not show

    @property
    def covered(self) -> bool:
        return any(s.kind in {"claim", "quote"} for s, _ in self.sentences)


def short_publisher(publisher: str) -> str:
    """'College of Policing (college.police.uk)' → 'College of Policing'."""
    return re.sub(r"\s*\(.*?\)\s*$", "", publisher).strip() or publisher


def provision(passage: Passage) -> str:
    """How to name a statute passage in a sentence: 'Section 66E(1) of the Sexual Offences Act 2003, …'."""
    path = passage.meta.get("heading_path", "")
    parts = path.split(" › ")
    act = parts[0]
    section = next((p[2:] for p in parts if p.startswith("s.")), "")
    inserted = next((p for p in parts if p.startswith("inserted s.")), "")
    sub = next((p for p in parts if re.fullmatch(r"\(\w+\)", p)), "")
    if parts[-1] == "textual amendments":
        return f"The amendment notes to section {section} of the {act}"
    if inserted:
        m = re.match(r"inserted s\.(\w+)(?: \((.+)\))?", inserted)
        number, target = (m.group(1), m.group(2) or act) if m else (inserted, act)
        return f"Section {number}{sub} of the {target}, inserted by section {section} of the {act},"
    return f"Section {section}{sub} of the {act}" if section else f"The {act}"


class Composer:
    """Scores units of the retrieved passages and drafts a cited answer from the best of them."""

    def __init__(self, prompts_dir: Path, library: Library, skip_units: set[str] | None = None) -> None:
        self.skip_units = skip_units or set()  # sentences that read as instructions: never quoted
        self.library = library
        search = load_yaml(prompts_dir, "search.yaml")
        self.cfg = search["composer"]
        self.exact = re.compile(search["exact_terms"], re.I)
        types = load_yaml(prompts_dir, "answer_types.yaml")["types"]
        self.asks = {name: re.compile(t["question"], re.I) for name, t in types.items()}
        self.evidence = {name: [(float(w), re.compile(p, re.I)) for w, p in t["evidence"]] for name, t in types.items()}
        self.idf: dict[str, float] = dict(library.bm25.idf) if library.bm25 else {}
        self._default_idf = max(self.idf.values(), default=1.0)
        self.synonyms: dict[str, list[str]] = search.get("synonyms") or {}
        self.concepts = concepts_from(prompts_dir)
        self.vocabulary = set(self.idf)

    def evidence_for(self, kind: str, text: str) -> float:
        """How well a text shows the kind of fact asked for (the best matching tier's weight, or 0)."""
        return max((weight for weight, pattern in self.evidence[kind] if pattern.search(text)), default=0.0)

    def wanted(self, question: str) -> set[str]:
        """The kinds of fact the question asks for (penalty, date, person, number, law, …)."""
        return {name for name, pattern in self.asks.items() if pattern.search(own_words(question))}

    def term_groups(self, question: str) -> dict[str, set[str]]:
        """Each meaningful question word (stemmed) with the stems that count as a match for it."""
        groups: dict[str, set[str]] = {}
        for word in words(question):
            if word in STOPWORDS or len(word) < 2:
                continue
            key = stem(word.replace("'", ""))
            groups.setdefault(key, {key}).update(content_terms(" ".join(self.synonyms.get(word, []))))
        return groups

    def _weight(self, term: str) -> float:
        return max(self.idf.get(term, self._default_idf), 0.1)

    def _keywords(self, groups: dict[str, set[str]], text: str, local: dict[str, float] | None = None) -> float:
        """Share of the question's words (weighted by rarity) that the text uses, directly or by synonym.

        With `local` weights (rarity among the candidate sentences), the words that set one sentence apart
        from the others ("sittings") count more than the topic words they all share ("Crime and Policing Bill").
        """
        if not groups:
            return 0.0
        have = set(content_terms(text))
        weight = (lambda t: local.get(t, 1.0) * self._weight(t)) if local else self._weight
        total = sum(weight(t) for t in groups)
        return sum(weight(t) for t, ok in groups.items() if ok & have) / total

    @staticmethod
    def _local_weights(groups: dict[str, set[str]], texts: list[str]) -> dict[str, float]:
        """For each question word, how rare it is among the candidate texts (1 = in none or one of them)."""
        terms = [set(content_terms(t)) for t in texts]
        n = len(terms) or 1
        out = {}
        for term, ok in groups.items():
            df = sum(bool(ok & t) for t in terms)
            out[term] = max(0.2, float(np.log((n + 1) / (df + 1)) / np.log(n + 1))) if df > 1 else 1.0
        return out

    def unknown_terms(self, question: str) -> list[str]:
        """Question words the sources never use, even by synonym: a sign the sources do not cover it."""
        return [t for t, ok in self.term_groups(question).items() if not ok & self.vocabulary and t not in GENERIC]

    def candidates(self, question: str, vector: np.ndarray, hits: list[Hit]) -> list[Candidate]:
        """Every unit of the retrieved passages, scored and sorted best first."""
        w = self.cfg["weights"]
        wanted = self.wanted(question)
        # An earlier question carried beside a follow-up steers the search, not the pick of sentences.
        groups = self.term_groups(own_words(question))
        named = {fold(m.group(1) or m.group(0)) for m in self.exact.finditer(question)
                 if re.search(r"[a-z]", fold(m.group(0)))}
        acts = {re.sub(r"^the ", "", fold(m.group(0))) for m in INSTRUMENT.finditer(question)}
        top = max((h.score for h in hits), default=1.0) or 1.0
        local = self._local_weights(groups, [u.text for h in hits for u in h.passage.units])
        specific = wanted & RANKED
        asked = {name for name, p in self.concepts.items() if p.search(question)}
        out = []
        for hit in hits:
            head = f"{hit.passage.meta.get('heading_path', '')} {hit.passage.meta.get('section_title', '')}"
            for unit in hit.passage.units:
                if unit.id in self.skip_units:
                    continue
                legal = hit.passage.meta["doc_type"] == "legislation"
                text = f"{head} {unit.text}" if legal else unit.text
                strength = {name: self.evidence_for(name, text) for name in wanted}
                types = {name for name, value in strength.items() if value >= 0.6}
                sim = float(unit.vector @ vector)
                kw = self._keywords(groups, text, local)
                if unit.window and unit.window != unit.text:  # words of the sentence before count a little
                    kw = max(kw, 0.8 * self._keywords(groups, unit.window, local))
                type_score = sum(strength.values()) / len(wanted) if wanted else 0.5
                score = (w["similarity"] * sim + w["keywords"] * kw + w["answer_type"] * type_score
                         + w["passage"] * hit.score / top)
                for kind in specific:
                    score *= 0.55 + 0.45 * strength[kind]  # a "when" question wants a date, a "who" a name
                off_topic = False
                if asked:
                    about = {n for n, p in self.concepts.items() if p.search(f"{head} {unit.window or unit.text}")}
                    if about & asked:
                        score *= 1.1
                    elif about:
                        score *= 0.6  # about another offence than the one asked
                        off_topic = True
                if len(unit.text.split()) < 6 or unit.text.rstrip().endswith("?"):
                    score *= 0.7  # fragments and questions rarely answer anything
                if named and not any(t in fold(hit.passage.text) for t in named):
                    score *= 0.8  # the question names a provision this passage does not mention
                elif acts and legal and not any(t in fold(head) for t in acts):
                    score *= 0.9  # another Act that only refers to the one named
                out.append(Candidate(unit, hit, sim, kw, types, score, off_topic))
        out.sort(key=lambda c: c.score, reverse=True)
        return out

    def draft(self, question: str, vector: np.ndarray, hits: list[Hit]) -> Draft:
        """Choose the lead, the legal words and any further sentence; empty when nothing answers."""
        cfg = self.cfg
        cands = self.candidates(question, vector, hits)
        draft = Draft(candidates=cands, best_score=cands[0].score if cands else 0.0)
        draft.gap = self.gap(question, cands)
        if draft.gap:
            return draft
        best = cands[0].score
        pool = [c for c in cands if c.score >= best - cfg["lead_margin"]]
        lead = next((c for c in pool if c.summary), None) or next((c for c in pool if not c.legal), cands[0])
        chosen = [lead]
        coherent = self._coherence(question, lead)
        wanted = self.wanted(question)
        covered = set(lead.types)
        groups = self.term_groups(question)

        def answered(text: str) -> set[str]:  # the question words a sentence uses, directly or by synonym
            have = set(content_terms(text))
            return {term for term, ok in groups.items() if ok & have}

        seen_terms = answered(lead.unit.text)
        for cand in cands:
            if cand is lead:
                continue
            if len(chosen) >= cfg["max_sentences"]:
                break
            new_terms = answered(cand.unit.text) - seen_terms
            # Near-duplicates add nothing, unless they use a question word the chosen ones lack (a unit's
            # vector includes the sentence before, so neighbours look alike: "…on summary conviction…").
            if not new_terms and any(float(cand.unit.vector @ c.unit.vector) >= cfg["redundancy"] for c in chosen):
                continue
            if any(c.summary and c.passage.meta["restates_chunk"] == cand.passage.id and not cand.legal
                   and float(cand.unit.vector @ c.unit.vector) >= 0.6 for c in chosen):
                continue  # the plain summary already says what this source sentence says
            if not coherent(cand):
                continue  # another offence or topic: it would blur the answer
            if cand.legal and not any(c.legal for c in chosen):
                if cand.score >= max(best - cfg["legal_margin"], cfg["min_score"]):
                    chosen.append(cand)
                continue
            if cand.legal or cand.score < max(best - cfg["extra_margin"], cfg["min_score"]):
                continue
            new_types = (cand.types & wanted) - covered
            if new_terms or new_types:
                chosen.append(cand)
                covered |= cand.types
                seen_terms |= new_terms
        plain = [c for c in chosen if not c.legal]
        legal = [c for c in chosen if c.legal]
        first = plain[0] if plain else None
        if first is not None and first.summary and (words := self._restated_unit(first, cands)) is not None:
            # Plain words first, then the source's own words that they restate, then anything else.
            rest = [c for c in plain[1:] if c.unit.id != words.unit.id]
            others = [c for c in legal if c.unit.id != words.unit.id][: 0 if words.legal else 1]
            ordered = [first, words, *rest, *others]
        else:
            ordered = plain + legal
        for cand in ordered:
            cited = cand.passage.meta["restates_chunk"] if cand.summary else cand.passage.id
            draft.sentences.append((self.render(cand), [cited]))
        return draft

    def _restated_unit(self, lead: Candidate, cands: list[Candidate]) -> Candidate | None:
        """The source sentence or provision a Plain Law summary restates (the one holding its anchor)."""
        target = self.library.by_id.get(lead.passage.meta.get("restates_chunk", ""))
        quote = _squash(lead.passage.meta.get("restates_quote", ""))
        if target is None or not quote:
            return None
        unit = next((u for u in target.units if quote in _squash(u.window or u.text)), None)
        if unit is None or unit.id in self.skip_units:
            return None
        found = next((c for c in cands if c.unit.id == unit.id), None)
        hit = found.hit if found else Hit(target, lead.hit.score, 0.0, 0.0, False)
        if quote not in _squash(unit.text):  # the anchor is in the sentence before: quote that one too
            unit = Unit(unit.id, unit.window, unit.vector, unit.index, unit.window)
        return found if found and found.unit.text == unit.text else Candidate(unit, hit, 0.0, 0.0, set(), lead.score)

    def _coherence(self, question: str, lead: Candidate):
        """A test for whether another candidate stays on the lead's topic: from the same document or the
        passage the lead restates, or using the question's rarest word that the lead uses."""
        groups = self.term_groups(question)
        lead_terms = set(content_terms(lead.unit.window or lead.unit.text)) | set(content_terms(
            f"{lead.passage.meta.get('heading_path', '')} {lead.passage.meta.get('section_title', '')}"))
        matched = [t for t, ok in groups.items() if ok & lead_terms]
        rare = sorted(matched, key=self._weight, reverse=True)[:2]
        related = {lead.passage.meta["source"], lead.passage.meta.get("restates_source", "")}

        def test(cand: Candidate) -> bool:
            if cand.passage.meta["source"] in related or cand.passage.id == lead.passage.meta.get("restates_chunk"):
                return True
            where = cand.passage.meta.get("heading_path", "")
            text = set(content_terms(f"{cand.unit.window or cand.unit.text} {where}"))
            return any(groups[t] & text for t in rare)

        return test

    def _source(self, cand: Candidate) -> Passage:
        """The passage a candidate's words come from (a Plain Law summary: the passage it restates)."""
        return self.library.by_id.get(cand.passage.meta.get("restates_chunk", ""), cand.passage)

    def gap(self, question: str, cands: list[Candidate]) -> str:
        """Why the best candidates do not answer the question ('' when they do)."""
        cfg = self.cfg
        if not cands:
            return "nothing retrieved"
        best = cands[0].score
        if best < cfg["min_score"]:
            return f"best score {best:.2f} below {cfg['min_score']}"
        pool = [c for c in cands if c.score >= best - cfg["extra_margin"]]
        specific = self.wanted(question) & SPECIFIC
        # The penalty for taking intimate images is no answer to a question about sharing them.
        if specific and not any(c.types & specific and not c.off_topic for c in pool):
            return f"no passage gives the {'/'.join(sorted(specific))} asked for"
        evidence = " ".join(f"{p.text} {p.meta.get('date', '')}" for p in map(self._source, pool))
        years = [y for y in re.findall(r"\b(?:19|20)\d{2}\b", question) if y not in evidence]
        if years:
            return f"the sources here say nothing about {', '.join(years)}"
        unknown = self.unknown_terms(question)
        names = {stem(w.lower()) for w in re.findall(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]{2,}\b", question)}
        # Two or more words the sources never use, and a third of the question's words: a story around a
        # covered question ("now we've split up") leaves most of its words known.
        many = len(unknown) >= max(2, len(self.term_groups(question)) / 3)
        if (many or names & set(unknown)) and best < cfg["strong_score"]:
            return f"the sources never mention {', '.join(unknown)}"
        return ""

    @staticmethod
    def render(cand: Candidate) -> Sentence:
        """The unit in a sentence that says where it comes from; the source's own words are kept exactly."""
        meta = cand.passage.meta
        text = cand.unit.text.strip()
        if cand.legal:
            words = re.sub(r"^\(\w+\)\s*", "", text)
            if not re.search(r"[.;:—…)]$", words):
                words += " …"  # the copy of this provision breaks off here
            return Sentence(f"{provision(cand.passage)} says: “{words}”", kind="quote")
        who = short_publisher(meta["publisher"])
        when = _month_year(meta.get("date", ""))
        if meta["doc_type"] == "explainer":
            return Sentence(text, kind="claim", summary=True)
        # The source's own words, shown as a quotation with who said them and when.
        if meta["status"] == "announced":
            said = f"{who} reported on the plans announced in {when}" if when else f"{who} reported on the plans"
        else:
            said = f"{who} ({when})" if when else who
        return Sentence(f"{said}: “{text.strip(chr(34) + '“”')}”", kind="quote")

    @staticmethod
    def source_note(passage: Passage, template: str) -> Sentence:
        """The status and date of the newest authoritative source cited (its own metadata, shown as such)."""
        meta = passage.meta
        date = date_label(str(meta.get("date") or ""), bool(meta.get("date_confirmed")))
        text = template.format(
            title=meta["title"], type=DOC_TYPES[meta["doc_type"]].lower(), date=date,
            status=STATUSES[meta["status"]],
        )
        return Sentence(text, kind="source_note")


def _month_year(iso: str) -> str:
    if not iso:
        return ""
    year, month = iso[:4], int(iso[5:7])
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
    return f"{names[month - 1]} {year}"

