"""Step 4: find what answers the question — the measures whose elements fit the situation and, within the best
one, the statements for what is asked; passages from the index for what the law model has no statement on.

Weights are in prompts/find.yaml. A measure that does not protect the person pictured (an adults-only offence
for a child, a children's offence for an adult) hands its score to the measure that does and covers the same
act: the law for the person in the picture, never another group's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from plainlaw.lawmodel import LawModel, Measure, Statement
from plainlaw.normalise import common_english
from plainlaw.prompts import load_yaml
from plainlaw.read import Piece
from plainlaw.retrieve import Hit, Passage, Retriever, Unit
from plainlaw.situation import Situation
from plainlaw.textutil import content_terms, fold, numbers_in, stem, words
from plainlaw.unsaid import Gap

MOVABLE_KINDS = ("offence", "plan")
OTHER_THINGS = ("tool", "manual", "site", "device")  # the law-model objects a message must name to be about
_QUOTED = re.compile(r"[\"“‘']([^\"“”‘’']{3,60})[\"”’']")


def quoted_terms(question: str) -> list[str]:
    """Words the question puts in quotation marks ('a national emergency'): the user wants exactly those."""
    return [fold(t).strip() for t in _QUOTED.findall(question) if len(t.split()) <= 8 and t.strip()]
CHILD_IMAGE_ACTS = {"make", "take", "share", "possess", "view"}


@dataclass
class Part:
    """Another question the message asks ("…and did it become law?"): the facet it asks of the measure chosen, and
    the statement that answers it — None where the law model has none (the sources do not say)."""

    facet: str
    statement: Statement | None = None


@dataclass
class Found:
    """What the writer works from: the measure chosen, the facet asked, ranked statements, and passages."""

    measure: Measure | None
    facet: str
    statements: list[Statement] = field(default_factory=list)
    act_matched: bool = True
    facet_found: bool = True
    measure_scores: dict[str, float] = field(default_factory=dict)
    passage: tuple[Passage, Unit, float] | None = None
    second: Unit | None = None  # another sentence of the same passage that also answers
    quote: tuple[Passage, Unit, float] | None = None  # the source sentence closest to the question's details
    question_terms: set[str] = field(default_factory=set)
    hits: list[Hit] = field(default_factory=list)
    redirected_from: str = ""
    also: list[tuple[Measure, Statement]] = field(default_factory=list)  # other laws that fit a general question
    nearby: list[Statement] = field(default_factory=list)  # the measure's other statements closest to the message
    fitting: list[Statement] = field(default_factory=list)  # statements for circumstances the message tells
    unsaid: Gap | None = None  # asked about something the sources do not say (prompts/unsaid.yaml)
    acts: tuple[str, ...] = ()  # the acts the measure's statements answer for, the leading one first
    leading_act: str = ""  # the act that is the point of the message (find.yaml leading_acts), if it names one
    first_act: str = ""  # the act named first, when a maximum or defence answers for it (find.yaml first_act_facets)
    parts: list[Part] = field(default_factory=list)  # the message's other questions, each with its answer


class Finder:
    """Chooses measures and statements with the vectors of the packaged encoders: MiniLM, which the index is built
    with, and, for how close a statement is to a message, also multilingual e5 (find.yaml closeness)."""

    def __init__(self, prompts_dir: Path, law: LawModel, anchors: dict[str, str], retriever: Retriever,
                 statement_vectors: dict[str, np.ndarray],
                 passage_vectors: dict[str, np.ndarray] | None = None) -> None:
        self.cfg: dict[str, Any] = load_yaml(prompts_dir, "find.yaml")
        self.law = law
        self.anchors = anchors  # statement key → passage id
        self.retriever = retriever
        self.vectors = statement_vectors  # statement key → unit vector of its plain sentence
        # statement key → e5 vector of its plain sentence, read as a passage (e5 reads a message as a query)
        self.passage_vectors = passage_vectors or {}
        # …stacked once, so that a message's closeness to every statement is one product per encoder
        self._keys = list(self.vectors)
        self._minilm = np.vstack([self.vectors[k] for k in self._keys]) if self._keys else np.empty((0, 0))
        self._e5 = np.vstack([self.passage_vectors[k] for k in self._keys]) \
            if self._keys and set(self._keys) <= set(self.passage_vectors) else None
        # How rare each word is among the index's sentences, so a rare word the question shares with a sentence
        # ('breastfeeding', 'forfeiture') counts for more than a common one ('share', 'image'). Counted over
        # every sentence when the keyword index is built, and read here a word at a time.
        self.idf = retriever.lib.unit_idf
        self.asking_terms = set(content_terms(" ".join(self.cfg.get("asking_words", []))))
        # A statement's words are its plain sentence and the source words it restates.
        self.statement_terms = {k: set(content_terms(f"{law.statements[k].say} {law.statements[k].quote}"))
                                for k in anchors}

    def usable(self, measure: Measure) -> list[Statement]:
        """A measure's statements whose anchors resolved (an unresolved one is never used)."""
        return [s for s in measure.statements if s.key in self.anchors]

    def _similarity(self, statements: list[Statement], vector: np.ndarray) -> dict[str, float]:
        return {s.key: float(self.vectors[s.key] @ vector) for s in statements if s.key in self.vectors}

    def closeness(self, vector: np.ndarray, query_vector: np.ndarray | None = None) -> dict[str, float]:
        """How close each statement is to the message: MiniLM's cosine, plus e5's cosine (a retrieval model trained
        on questions and the passages that answer them) above its mean over all statements, weighted. e5's cosines
        sit in a narrow band (0.8–0.9), so only how far one stands out from the rest says anything."""
        scores = self._minilm @ vector
        weight = float(self.cfg["closeness"]["e5_weight"])
        if query_vector is not None and weight and self._e5 is not None:
            e5 = self._e5 @ query_vector
            scores = scores + weight * (e5 - e5.mean())
        return dict(zip(self._keys, scores.tolist(), strict=True))

    def overlap_scorer(self, question: str) -> Callable[[set[str]], float]:
        """How much of the question's wording (each word weighted by its rarity in the sources) a text uses."""
        terms = set(content_terms(question)) - self.asking_terms
        total = sum(self.idf.get(t, 0.0) for t in terms)  # words the sources never use cannot be matched

        def share(other: set[str]) -> float:
            return sum(self.idf.get(t, 0.0) for t in terms & other) / total if total else 0.0

        return share

    def known_terms(self, text: str) -> tuple[str, ...]:
        """Rare words of a message that the sources also use: a name or term only this corpus would explain."""
        floor = float(self.cfg["known_term_idf"])
        common = common_english()
        # A common word in another form ('designing', 'uploads') is no name or term either.
        return tuple(sorted({w for w in words(text) if w not in common and len(w) > 2
                             and stem(w.replace("'", "")) not in common
                             and self.idf.get(stem(w.replace("'", "")), 0.0) >= floor}))

    def measure_scores(self, s: Situation, close: dict[str, float], facet: str
                       ) -> tuple[dict[str, float], dict[str, str], set[str]]:
        """Each measure's fit: the reader's topic probability for it (moved to the measure that protects the
        person pictured, when it does not), its closest statement to the message, whether the message names
        it, and whether it has a statement for what is asked. Returns the scores, what was moved where because of who is
        pictured, and the laws moved to because of the kind of image."""
        w = self.cfg["measure"]
        topics = s.scores.get("topic", {})
        measures = list(self.law.measures.values())
        topic = {}
        for m in measures:
            sharing = [x for x in measures if set(x.topics) & set(m.topics)]
            topic[m.id] = sum(topics.get(t, 0.0) for t in m.topics) / max(1, len(sharing))
        sims = {m.id: max((close[st.key] for st in self.usable(m) if st.key in close), default=0.0) for m in measures}
        topic, moved, excluded = self.redirect(s, topic, sims)
        topic, kind_targets, excluded_kind = self.redirect_kind(s, topic, sims)
        excluded |= excluded_kind
        if s.self_pictured:
            # An image of the writer sent to others ("he airdropped my nudes round the bus"): an offence whose
            # victim is whoever receives an image (cyberflashing) is not the writer's; the sharing offence that
            # protects them is (find.yaml recipient_offences).
            for mid, instead in (self.cfg.get("recipient_offences") or {}).items():
                target = instead.get(s.pictured, instead["unknown"])
                topic[target] = topic[target] + topic[mid]
                topic[mid] = 0.0
                excluded.add(mid)
        scores = {}
        for m in measures:
            covers = len(set(s.acts) & set(m.acts)) / len(s.acts) if s.acts and m.acts else None
            fit = 0.0 if covers is None else (float(w["act_weight"]) * covers if covers else float(w["act_mismatch"]))
            score = (float(w["topic_weight"]) * topic[m.id] + float(w["similarity_weight"]) * sims[m.id]
                     + (float(w["named_bonus"]) if m.id in s.measures_named else 0.0)
                     # a section named outright ("section 138") points at its offence more precisely than the
                     # Act's name does
                     + (float(w["section_bonus"]) if m.id in s.measures_by_section else 0.0)
                     + (float(w["facet_bonus"]) if any(st.facet == facet for st in self.usable(m)) else 0.0)
                     + (float(w["thing_unnamed"]) if self._thing_unnamed(s, m) else 0.0)
                     + (float(w["thing_named"]) if self._thing_named(s, m) else 0.0)
                     + fit)
            scores[m.id] = 0.0 if m.id in excluded else score
        return scores, moved, kind_targets

    def _covering(self, s: Situation, ranked: list[tuple[str, float]], acts: set[str],
                  guessed: bool = False, kinds: tuple[str, ...] = ("offence",)) -> list[tuple[str, float]]:
        """The ranked offences (or measures of `kinds`) that fit well enough, may answer for this person and cover
        one of `acts`."""
        floor = float(self.cfg["measure"]["min_score"])
        return [(mid, score) for mid, score in ranked if score >= floor and self.law.measures[mid].kind in kinds
                and set(self.law.measures[mid].acts) & acts and self._takes_over(s, self.law.measures[mid], guessed)
                and self._defining_act_named(s, self.law.measures[mid])]

    @staticmethod
    def _takes_over(s: Situation, m: Measure, guessed: bool = False) -> bool:
        """May this offence answer in place of (or beside) the one chosen, for what else the message names? A law
        for anyone may; a law for one group only when the message says who is pictured (an age, "of me", "our
        teacher") — or, for the act that is the point of the message, the reader guesses (`guessed`) — and they are
        in that group, and the kind of image is one it covers. A law for anyone does not answer for a kind of image
        it does not cover either (a drawing, for a law on photos and films)."""
        covers_kind = s.fake == "unknown" or not m.things or s.fake in m.things
        if m.protects == "anyone":
            # …but a law for photos and films does not answer for a drawing, whoever it shows
            return covers_kind
        # (what is asked to be made, for the leading act, is a made image whatever the photos it starts from)
        return (s.pictured_said or guessed) and m.protects == s.pictured and (guessed or covers_kind)

    @staticmethod
    def _thing_unnamed(s: Situation, m: Measure) -> bool:
        """A law about a thing other than images (a tool, manual, site or device) for a message that names images
        but not that thing, nor the law itself."""
        return ("image" in s.things_named and m.object in OTHER_THINGS and m.object not in s.things_named
                and m.id not in s.measures_named)

    def _thing_named(self, s: Situation, m: Measure) -> bool:
        """A law about a thing other than images (find.yaml thing_named_objects: a manual, site or device) for a
        message that names that thing and no images: "how long for running one of those forums?", "a how-to pdf".
        (Apps and tools are named as often for making deepfakes as for the tools offence: the reader's topic tells
        them apart.)"""
        return "image" not in s.things_named and m.object in self.cfg["thing_named_objects"] \
            and m.object in s.things_named

    def _defining_act_named(self, s: Situation, m: Measure) -> bool:
        """Does a message that names acts name the one an offence is about (find.yaml defining_acts)? Sending a
        fake nude is sharing, but not the sending of a genital picture that cyberflashing is: an offence moved to
        because of who is pictured, or answering for an act besides the leading one, must be about what was done."""
        act = (self.cfg.get("defining_acts") or {}).get(m.id)
        return not (act and s.acts and act not in s.acts)

    def _fit(self, s: Situation, target: Measure, acts: tuple[str, ...]) -> int:
        if not self._defining_act_named(s, target):
            return 0
        return len(set(acts) & set(target.acts)) + int(s.fake in target.things)

    def redirect(self, s: Situation, topic: dict[str, float], sims: dict[str, float]
                 ) -> tuple[dict[str, float], dict[str, str], set[str]]:
        """Move the topic weight of an offence that does not protect the person pictured to the one that does
        and covers the same act: a fake nude of a 14-year-old is the children's law, of a 25-year-old the
        adults'. The offence moved from is not answered with. A law for anyone (sharing an intimate image) stays
        when who is pictured is only guessed, and unsurely (find.yaml measure.redirect_guess_at_least): it is
        right whoever is pictured, and an unsure guess must not swap it for one group's law."""
        if s.pictured not in {"child", "adult"}:
            return topic, {}, set()
        floor = float(self.cfg["measure"]["redirect_guess_at_least"])
        unsure = not s.pictured_said and s.confidence("pictured") < floor
        allowed = {"child": {"child"}, "adult": {"adult", "anyone"}}[s.pictured]
        out, moved, excluded = dict(topic), {}, set()
        for m in self.law.measures.values():
            if m.kind not in MOVABLE_KINDS or m.protects in allowed:
                continue
            if m.protects == "anyone" and unsure:
                continue
            if m.id in s.measures_named and not s.pictured_said:
                continue  # a law named outright ("s.69") is what is asked, whoever the classifier guessed is pictured
            acts = s.acts or m.acts
            if s.pictured == "child" and m.protects == "anyone" and not set(acts) & CHILD_IMAGE_ACTS:
                continue  # threats and cyberflashing have no children's counterpart here: the general law stays
            # A law for the other age group alone can never be the answer; a general law ("anyone") stays
            # unless the law for this person covers every act named (threats have no children's counterpart).
            only_others = m.protects != "anyone"
            targets = [t for t in self.law.measures.values()
                       if t.kind in MOVABLE_KINDS and t.protects in allowed and t.object == m.object]
            best = max(targets, key=lambda t, acts=acts: (self._fit(s, t, acts), topic[t.id] + sims[t.id]),
                       default=None)
            fits = best is not None and self._fit(s, best, acts) > 0
            if not only_others and (not fits or (s.acts and set(s.acts) & set(m.acts) - set(best.acts))):
                continue
            excluded.add(m.id)
            if fits and topic[m.id] > 0:
                if topic[m.id] >= float(self.cfg["measure"]["note_redirect_from"]):
                    moved[best.id] = m.id  # worth telling the user: they may have expected the other law
                out[best.id] += topic[m.id]
                out[m.id] = 0.0
        return out, moved, excluded

    def redirect_kind(self, s: Situation, topic: dict[str, float], sims: dict[str, float]
                      ) -> tuple[dict[str, float], set[str], set[str]]:
        """Move the topic weight of a law whose kind of image the message rules out, in so many words, to the law
        for the same people and object that covers it: "a cartoon" of a child is the law on prohibited images, not
        the one on photos and pseudo-photographs. Where no law covers that kind of image for them, nothing moves.
        Returns the weights, the laws moved to and the laws moved from."""
        if not s.fake_said or s.fake == "unknown":
            return topic, set(), set()
        out, targets_used, excluded = dict(topic), set(), set()
        for m in self.law.measures.values():
            if m.kind not in MOVABLE_KINDS or not m.things or s.fake in m.things or (
                    m.id in s.measures_named and "measures_named" not in s.carried):
                continue  # (a law the message itself names is what is asked, whatever the image)
            targets = [t for t in self.law.measures.values() if t.kind in MOVABLE_KINDS and s.fake in t.things
                       and t.protects == m.protects and t.object == m.object]
            if not targets:
                continue
            best = max(targets, key=lambda t: topic[t.id] + sims[t.id])
            if not s.follow_up and sims[m.id] > sims[best.id] + float(
                    self.cfg["kind_moved_leads_with"]["unless_closer_by"]):
                # A statement of the law moved from speaks to it ("a drawing traced from a photo"). (A follow-up is
                # weighed with the earlier turns' words, which are nearer the law they were about.)
                continue
            excluded.add(m.id)
            if m.kind == "offence":  # (a plan for another kind of image is no offence the message could mean)
                targets_used.add(best.id)
            out[best.id] += out[m.id]
            out[m.id] = 0.0
        return out, targets_used, excluded

    def leading_act(self, s: Situation, acts: tuple[str, ...] | set[str]) -> str:
        """The act that is the point of the message among `acts` (find.yaml leading_acts), or ''."""
        return next((a for a in self.cfg.get("leading_acts", []) if a in s.acts and a in acts), "")

    @staticmethod
    def acts_asked(s: Situation, m: Measure, lead: str) -> tuple[str, ...]:
        """The acts a measure's statements are matched against: its leading act first when the message names one
        (a threat the words read as 'sharing' is still the threat), then those the message names for it."""
        acts = s.acts_for(m.acts)
        return (lead, *(a for a in acts if a != lead)) if lead else acts

    def rank(self, m: Measure, facet: str, s: Situation, close: dict[str, float],
             question: str = "") -> list[Statement]:
        """The measure's statements for a facet, best first: closeness to the message, then act and image kind,
        and any number or year the question names."""
        w = self.cfg["statement"]
        candidates = [st for st in self.usable(m) if st.facet == facet and st.fits(s.role, s.place)]
        lead_act = self.leading_act(s, m.acts)
        acts = self.acts_asked(s, m, lead_act)
        sims = {st.key: close[st.key] for st in candidates if st.key in close}
        first = next((st.key for st in m.statements if st.facet == facet), None)
        named = m.id in s.measures_named
        compared = named and s.asks == facet and len(s.measures_named) > 1
        first_bonus = max(float(w["first_of_facet_bonus"].get(facet, 0.0)),
                          float(w["named_first_bonus"].get(facet, 0.0)) if named else 0.0,
                          float(w["compared_first_bonus"].get(facet, 0.0)) if compared else 0.0)
        numbers_bonus = float(w.get("states_numbers_bonus", {}).get(facet, 0.0))
        asked = numbers_in(question)

        stage_bonus = self.cfg["statement"]["stage_bonus"]
        quoted = quoted_terms(question)
        overlap = self.overlap_scorer(question)

        def score(st: Statement) -> float:
            value = sims.get(st.key, 0.0) + float(self.cfg["passage"]["number_bonus"]) * len(asked & numbers_in(st.say))
            value += float(w["overlap_weight"]) * overlap(self.statement_terms[st.key])
            value += float(stage_bonus.get(st.stage, 0.0)) + (float(w["dated_bonus"]) if st.date else 0.0)
            value += first_bonus if st.key == first else 0.0
            value += numbers_bonus if numbers_in(st.say) else 0.0
            value += float(w["quoted_bonus"]) * sum(t in fold(st.say) for t in quoted)
            if s.sections and self.in_section(st, s.sections):
                value += float(w["section_bonus"])  # "what does section 66F say": that section's words lead
            if facet == "legality" and s.asks in {"legality", "other"} and st.answer:
                value += float(w["answers_bonus"])  # a yes-or-no question is led by a statement that answers it
            if lead_act and st.acts:  # a statement for the leading act outranks one for the act it names
                value += float(w["act_bonus"]) if lead_act in st.acts else 0.0
            elif acts and st.acts:
                value += float(w["act_bonus"]) if set(acts) & set(st.acts) else float(w["act_mismatch"])
            if st.things and s.fake in st.things:
                value += float(w["thing_bonus"])
            return value

        return sorted(candidates, key=score, reverse=True)

    def in_section(self, st: Statement, sections: tuple[str, ...]) -> bool:
        """Is the statement anchored in a named section (by its file name or the passage's heading path)?"""
        heading = str(self.retriever.lib.by_id[self.anchors[st.key]].meta.get("heading_path", "")).lower()
        # "_s1" must not match "_s160": a section number ends where letters and digits end
        return any(re.search(rf"(?:_s|s\.){re.escape(n.lower())}(?![0-9a-z])", f"{st.source.lower()} {heading}")
                   for n in sections)

    def facet_order(self, s: Situation) -> list[str]:
        return [f for f in self.cfg["facets"].get(s.asks, ["legality"]) if f not in self.hidden(s)] or ["legality"]

    def hidden(self, s: Situation) -> set[str]:
        """Facets this asker is not shown. A victim who asks outright whether the other person's excuse gets them
        off ('he says he thought I'd consented') is told what the law says of it — except the defences to
        having images of children, which are never shown to a victim."""
        hidden = set(self.cfg["hidden_facets"].get(s.role, []))
        if s.asks in self.cfg["shown_when_asked"] and s.pictured != "child":
            hidden -= {s.asks}
        return hidden

    def _nearby(self, measure: Measure, lead: Statement, s: Situation, vector: np.ndarray) -> list[Statement]:
        """Statements of any facet (status and defences aside, unless asked) that are nearly as close to the
        message as the lead: the facts that matter to this asker."""
        cfg = self.cfg["nearby"]
        # Where a law stands, who said what and side facts (police powers, stages) only when asked; defences only
        # when close to the message, and never to a victim (hidden).
        skip = {"status", "who", "other"} - {s.asks}
        hidden = self.hidden(s)
        candidates = [st for st in self.usable(measure) if st.key != lead.key and st.facet not in skip | hidden
                      and st.fits(s.role, s.place)]
        if lead.facet in cfg.get("same_facet_only", ()):
            # A narrow question (the maximum, where a law stands, the figures) gets more of the same, not a side fact
            # that happens to share its words: blind readers counted those as sentences that did not help them.
            candidates = [st for st in candidates if st.facet == lead.facet]
        sims = self._similarity([*candidates, lead], vector)
        floor = max(float(cfg["min_similarity"]), sims.get(lead.key, 0.0) - float(cfg["within"]))
        close = [st for st in candidates if sims.get(st.key, 0.0) >= floor and
                 not (s.acts and st.acts and not set(s.acts) & set(st.acts))]
        return sorted(close, key=lambda st: sims[st.key], reverse=True)[: int(cfg["max"])]

    def fitting_statements(self, measure: Measure, lead: Statement, s: Situation) -> list[Statement]:
        """The measure's statements for what the message tells outright ('someone sent me one I didn't ask for'
        meets the defence for unasked images), whatever it asks — within what this asker may be shown."""
        if not s.circumstances:
            return []
        hidden = self.hidden(s)
        acts = s.named_acts  # a rule for someone who was sent an image is no answer for someone who made one
        return [st for st in self.usable(measure) if st.key != lead.key and set(st.when) & set(s.circumstances)
                and st.fits(s.role, s.place) and st.facet not in hidden
                and not (st.acts and acts and not set(st.acts) & set(acts))][: int(self.cfg["fitting_max"])]

    def _also(self, s: Situation, measure: Measure, ranked: list[tuple[str, float]], close: dict[str, float],
              question: str, found_facet: str) -> list[tuple[Measure, Statement]]:
        """The other laws an answer also needs: each other law the message names, or, for a general question
        ('are deepfakes illegal?') that names no act and no one pictured, the other offences that fit almost as
        well — each with its own lead statement."""
        cfg = self.cfg["overview"]
        named = [self.law.measures[m] for m in s.measures_named if m != measure.id and m in self.law.measures]
        if named:
            # "What's the difference between X and Y?": each law the message names, with its own lead.
            out = []
            for other in named[: int(cfg["max_extra"])]:
                statements = self.rank(other, found_facet, s, close, question) or \
                    self.rank(other, "legality", s, close, question)
                if statements:
                    out.append((other, statements[0]))
            return out
        uncovered = set(s.acts_said) - set(measure.acts)
        if uncovered:
            # "Someone made a fake of her and posted it": the law chosen covers the making; the offence that covers
            # what else was done (the sharing) is the other half of the answer. Where no offence covers it ("is
            # taking them a crime, or only sharing?"), the plan that would is, with where it stands: silence about
            # an act the message names reads as "that is legal" — when the plan fits the message nearly as well as
            # the best law (the taking is what it is about, not a step told on the way to the sharing).
            best = max(score for _, score in ranked)
            covering = self._covering(s, ranked[1:], uncovered) or [
                (mid, score) for mid, score in self._covering(s, ranked[1:], uncovered, kinds=MOVABLE_KINDS)
                if score >= float(self.cfg["uncovered_plan_within"]) * best]
            for mid, _ in covering:
                other = self.law.measures[mid]
                statements = [st for st in self.rank(other, "legality", s, close, question)
                              if set(st.acts) & uncovered]
                # the law's plain offence for the act ("it is a crime to make one") before what it says of a kind
                # of image ("an AI-made image counts"), as the writer leads the chosen law
                plain = [st for st in statements if not st.things]
                lead = (plain or statements or [None])[0]
                return [(other, lead)] if lead is not None else []
            return []
        if s.acts or s.pictured != "unknown":
            return []
        top = ranked[0][1]
        out = []
        for mid, score in ranked[1:]:
            other = self.law.measures[mid]
            if score < float(cfg["within"]) * top or other.kind not in MOVABLE_KINDS or other.id == measure.id:
                continue
            statements = self.rank(other, "legality", s, close, question)
            if statements:
                out.append((other, statements[0]))
            if len(out) >= int(cfg["max_extra"]):
                break
        return out

    def answer_parts(self, found: Found, s: Situation, parts: list[Piece]) -> list[Part]:
        """For a message that asks more than one thing, each other question's answer from the measure chosen: a
        piece read as asking another facet (find.yaml parts) than the one answered gets that facet's closest
        statement when it is close enough; a penalty or defence the measure has none for gets a Part without one, so
        the reply says the sources do not say; a status question gets a Part the writer answers from the steps."""
        m = found.measure
        if m is None or not found.statements or not found.facet_found:
            return []
        cfg = self.cfg["parts"]
        answered = {found.facet, *(["status"] if s.also_status else [])}
        said = {found.statements[0].key}
        out: list[Part] = []
        for piece in parts:
            text = piece.text
            asked = replace(s, asks=piece.asks, also_status=piece.also_status)
            facet = next((f for f in self.facet_order(asked) if f in cfg["facets"]), "")
            if not facet:
                continue
            close = self.closeness(piece.vector)
            if facet in answered:
                # A second question of the same kind ("when was it introduced, and when did it get Royal Assent?"):
                # its own closest statement answers it, when that is close enough and not already said.
                again = [st for st, _ in self.closest(m, asked, close, text)] if facet == "other" else \
                    self.rank(m, facet, asked, close, text)
                best = again[0] if again and facet in cfg["again_facets"] else None
                if best is not None and best.key not in said and close.get(best.key, 0.0) >= float(
                        cfg["again_min_closeness"]):
                    said.add(best.key)
                    out.append(Part(facet, best))
                continue
            answered.add(facet)
            # "does anyone have to agree before a prosecution?" ('other'): no label names every such detail, so the
            # closest statement of any facet answers.
            ranked = [st for st, _ in self.closest(m, asked, close, text)] if facet == "other" else \
                self.rank(m, facet, asked, close, text)
            own = ranked[0] if ranked and close.get(ranked[0].key, 0.0) >= float(cfg["min_closeness"]) else None
            # only for a facet the piece names in so many words ("what sentence…"): a guess does not move laws
            elsewhere = None if own is not None or facet == "status" or piece.said != facet \
                else self._other_law_answer(m, facet, asked, close)
            if elsewhere is not None:
                # "…and what sentence would people running those sites face?": another law the sources state it for
                said.add(elsewhere.key)
                out.append(Part(facet, elsewhere))
            elif facet == "status" or (not ranked and facet in self.cfg["say_missing"]):
                out.append(Part(facet))
            elif own is not None:
                said.add(own.key)
                out.append(Part(facet, own))
        return out

    def _other_law_answer(self, m: Measure, facet: str, s: Situation, close: dict[str, float]) -> Statement | None:
        """The closest statement of this facet in another law, when a question of a message about one law asks it
        of another and is this close to it (find.yaml parts.other_law_min_closeness)."""
        hidden = self.hidden(s)
        if facet in hidden:
            return None
        candidates = [st for other in self.law.measures.values() if other.id != m.id for st in self.usable(other)
                      if st.facet == facet and st.fits(s.role, s.place) and not st.stage]
        best = max(candidates, key=lambda st: close.get(st.key, 0.0), default=None)
        floor = float(self.cfg["parts"]["other_law_min_closeness"])
        return best if best is not None and close.get(best.key, 0.0) >= floor else None

    def closest(self, m: Measure, s: Situation, close: dict[str, float], text: str) -> list[tuple[Statement, float]]:
        """The measure's statements of every facet this asker may be shown (where it stands aside: that has its
        own answer), each with how close it is to the text — its closeness plus the rare words they share — best
        first."""
        overlap = self.overlap_scorer(text)
        weight = float(self.cfg["statement"]["overlap_weight"])
        scored = [(st, close.get(st.key, 0.0) + weight * overlap(self.statement_terms[st.key]))
                  for st in self.usable(m) if st.facet not in {"status", *self.hidden(s)} and st.fits(s.role, s.place)]
        return sorted(scored, key=lambda x: x[1], reverse=True)

    def best_passage(self, question: str, vector: np.ndarray) -> tuple[list[tuple[Passage, Unit, float]], list[Hit]]:
        """The single sentence of the index closest to the question, from the best passages; a sentence that
        states a number or year the question names ('in 2024') comes first among near-equals."""
        hits = self.retriever.search(question, vector)
        asked = numbers_in(question)
        quoted = quoted_terms(question)
        bonus = float(self.cfg["passage"]["number_bonus"])
        overlap_weight = float(self.cfg["passage"]["overlap_weight"])
        overlap = self.overlap_scorer(question)
        scored: list[tuple[Passage, Unit, float]] = []
        for hit in hits:
            for unit in hit.passage.units:
                sim = float(unit.vector @ vector) + bonus * len(asked & numbers_in(unit.text))
                sim += float(self.cfg["passage"]["quoted_bonus"]) * sum(t in fold(unit.text) for t in quoted)
                # the question's own words in the sentence: details that a sentence vector blurs
                sim += overlap_weight * overlap(unit.terms)
                scored.append((hit.passage, unit, sim))
        return sorted(scored, key=lambda x: x[2], reverse=True), hits

    def find(self, s: Situation, question: str, vector: np.ndarray, query_vector: np.ndarray | None = None) -> Found:
        """The measure and statements that answer, or the passage that does, or neither. `vector` is the question's
        MiniLM vector, `query_vector` the message's e5 vector (when read)."""
        order = self.facet_order(s)
        close = self.closeness(vector, query_vector)
        scores, moved, kind_targets = self.measure_scores(s, close, order[0])
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        first = self.law.measures[ranked[0][0]]
        covering = self._covering(s, ranked, set(s.named_acts))
        if covering and first.acts and not set(first.acts) & set(s.named_acts):
            # An offence that covers none of the acts named ("he says he'll share it": a threat; "made a fake of
            # me, not sent it": making) does not answer when another offence covers them.
            ranked = [covering[0], *(kv for kv in ranked if kv != covering[0])]
        lead_act = self.leading_act(s, set(s.acts))
        leading = self._covering(s, ranked, {lead_act}, guessed=True) if lead_act else []
        if leading and lead_act not in self.law.measures[ranked[0][0]].acts:
            # "he'll post them unless I pay": the offence for the threat answers, not the one for what is threatened.
            ranked = [leading[0], *(kv for kv in ranked if kv != leading[0])]
        first = self.law.measures[ranked[0][0]]
        # Done for certain: named in words and read by the classifier too — or told by the one it was done to ("he
        # made a fake of me and posted it"), whose account of what was done is not a guess.
        said = set(s.acts_said)
        done = (said if s.role == "victim" else said & set(s.acts_read)) - set(first.acts)
        in_force = [kv for kv in self._covering(s, ranked[1:], done) if self.law.measures[kv[0]].settled]
        if in_force and not first.settled and first.kind in MOVABLE_KINDS and set(first.acts) & set(s.acts_said) \
                and lead_act not in first.acts:
            # "Someone made a fake of her and posted it": both are named, and both readings agree the sharing was
            # done; the offence in force for it answers first, the one not shown in force follows as the other half.
            ranked = [in_force[0], *(kv for kv in ranked if kv != in_force[0])]
        top_id, top = ranked[0]
        measure = self.law.measures[top_id] if top >= float(self.cfg["measure"]["min_score"]) else None
        found = Found(measure, order[0], measure_scores={k: round(v, 3) for k, v in ranked[:4]},
                      question_terms=set(content_terms(question)),
                      redirected_from=moved.get(top_id, ""), leading_act=lead_act)
        if measure is not None:
            if top_id in kind_targets and order[0] in self.cfg["kind_moved_leads_with"]["asks"]:
                # Moved to the law for the kind of image said (a comic strip, not a photo): what that law makes a crime
                # answers, not the sentence nearest the question's words (which says what the law does not cover).
                order = [self.cfg["kind_moved_leads_with"]["facet"], *order]
            for facet in order:
                statements = self.rank(measure, facet, s, close, question)
                if statements:
                    found.facet, found.statements = facet, statements
                    break
            else:
                found.statements = self.rank(measure, "legality", s, close, question)
                # Moved here because of who is pictured: say what this law covers, with the reason (and that the
                # sources give it no penalty or defences, when those were asked for).
                found.facet_found = bool(found.redirected_from) and order[0] not in self.cfg["say_missing"]
                if found.facet_found:
                    found.facet = "legality"
            if s.asks in self.cfg["detail"]["asks"] and found.statements:
                # A question no label fits ("how do courts decide…?", "who has to agree…?") is about a detail: the
                # statement closest to it, of whatever facet, leads when it is clearly closer than the one chosen.
                near = {st.key: v for st, v in self.closest(measure, s, close, question)}
                best = max(near, key=near.__getitem__, default="")
                chosen = found.statements[0].key
                if best and best != chosen and near[best] >= near.get(chosen, 0.0) + float(
                        self.cfg["detail"]["margin"]):
                    detail = self.law.statements[best]
                    found.facet = detail.facet
                    found.statements = [detail, *(st for st in self.rank(measure, detail.facet, s, close, question)
                                                  if st.key != best)]
            current = measure.current_step
            if found.facet == "status" and s.also_status == "now" and current in found.statements:
                # "Is it law yet?", "did it pass?": where it stands now answers, whatever step the words are nearest.
                found.statements = [current, *(st for st in found.statements if st.key != current.key)]
            lead = found.statements[0] if found.statements else None
            acts = found.acts = self.acts_asked(s, measure, self.leading_act(s, measure.acts))
            # Whether it is a crime, its penalty and its defences turn on the act; what a law covers or a word means
            # does not ("and would an AI-made version be covered too?").
            # A maximum or a defence answers for the act asked about — the one named first ("the top penalty for
            # taking one, not just having it") — not for another act the message also names.
            first = found.first_act = next((a for a in s.acts_said if a in measure.acts), "") if found.facet in \
                self.cfg["first_act_facets"] else ""
            found.act_matched = found.facet not in self.cfg["act_facets"] or not (
                acts and lead is not None and lead.acts and (not set(acts) & set(lead.acts)
                                                             or (first and first not in lead.acts)))
        if measure is not None and found.facet_found and (found.facet == "legality" or len(s.measures_named) > 1):
            found.also = self._also(s, measure, ranked, close, question, found.facet)
        if measure is not None and found.statements:
            found.nearby = self._nearby(measure, found.statements[0], s, vector)
            found.fitting = self.fitting_statements(measure, found.statements[0], s)
            # …only when it speaks to everything the writer did ("someone sent it me first, then I forwarded it":
            # the defence for an unasked image does not answer for the forwarding).
            told_now = [st for st in found.fitting if set(st.when) & set(s.told_now)
                        and not (st.acts and set(s.named_acts) - set(st.acts))]
            if told_now and s.asks in {"legality", "none", "other", "scope", "defences", "what_to_do"}:
                # "I gave him those pictures myself back then — is posting them still a crime?", "one arrived
                # unasked — could I be charged?": a message that tells a circumstance the law speaks to asks about it,
                # so the statement for it answers first, then the rest.
                found.statements = [told_now[0], *(st for st in found.statements if st.key != told_now[0].key)]
                found.fitting = [st for st in found.fitting if st.key != told_now[0].key]
        cfg = self.cfg["passage"]
        own = [st for st in found.statements if st.facet == order[0]]
        # The law model answers what it has facets for; a missing penalty or date is said to be missing, never
        # filled from a nearby passage. Passages answer the rest: who said what, figures, other details.
        wants_passage = measure is None or (order[0] in cfg["facets"] and (not found.facet_found or not own))
        scored, hits = self.best_passage(question, vector)
        found.hits = hits
        if scored and scored[0][2] >= float(cfg["quote_similarity"]):
            found.quote = scored[0]
        if wants_passage:
            passage = scored[0] if scored else None
            if passage is not None and passage[2] >= float(cfg["min_similarity"]):
                best_statement = max((float(self.vectors[st.key] @ vector) for st in found.statements
                                      if st.key in self.vectors), default=-1.0) if found.facet_found else -1.0
                if measure is None or passage[2] >= best_statement + float(cfg["beat_statement_by"]):
                    found.passage = passage
                    found.second = next((u for p, u, sim in scored[1:] if p.id == passage[0].id and
                                         sim >= float(cfg["second_similarity"]) and u.text not in passage[1].window),
                                        None)
        return found
