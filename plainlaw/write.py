"""Step 5: write the answer — the first sentence answers the question, then the facts that matter to this asker,
where the law stands when it matters, one exact quotation, help where it fits.

Every sentence is a law-model statement (checked against the words it restates at ingest) or a sentence
quoted from a passage; the only words added are the short answer opener ("Yes.") the statement carries, and
fixed notes from messages.yaml. Passage ids stand in for citations until the explainer numbers them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from plainlaw.find import Found
from plainlaw.lawmodel import LawModel, Measure, Statement, squash
from plainlaw.prompts import Messages
from plainlaw.retrieve import Library, Passage, Unit
from plainlaw.situation import Situation
from plainlaw.textutil import content_terms
from plainlaw.unsaid import gap_message


@dataclass
class Line:
    """A sentence of the reply, with the passage ids it rests on."""

    text: str
    cites: tuple[str, ...] = ()
    kind: str = "claim"  # lead | claim | status | quote | note
    summary: bool = False  # Plain Law's own plain words (a law-model statement), not a source's
    priority: int = 0  # lower goes first when the answer must be shortened
    also: bool = False  # about another law the answer also needs (the other half of what was done)


@dataclass
class Draft:
    lines: list[Line] = field(default_factory=list)
    covered: bool = True
    measures: list[str] = field(default_factory=list)
    tag: str = ""
    tag_kind: str = ""
    composer: str = "law model"  # who wrote the words: the law model, a quoted passage, or a language model


@cache
def _squashed(ch: str) -> str:
    """One character as `squash` leaves it: a passage is walked a character at a time, and folding each of its few
    distinct characters once (not each of its thousands) took about 4 ms off an answer."""
    return squash(ch)


def exact_span(body: str, quote: str) -> str:
    """The passage's own words for a quote written loosely (punctuation and line breaks aside)."""
    kept, index = [], []
    for i, ch in enumerate(body):
        folded = _squashed(ch)
        if folded:
            kept.append(folded)
            index.append(i)
        elif kept and kept[-1] != " ":
            kept.append(" ")
            index.append(i)
    flat = "".join(kept)
    target = squash(quote)
    at = flat.find(target)
    if at < 0:
        return quote
    start, end = index[at], index[min(at + len(target), len(index)) - 1] + 1
    words = body[start:end]
    return re.sub(r"\s+", " ", words).strip(" ,;—-")


QUOTE_DETAIL_FACETS = {"who", "figures", "other"}
QUOTE_KEPT_FACETS = {"definition", "who"}  # the words themselves are the answer: what a term means, who said what
# Where a law stands matters to whether something is a crime, its penalty and its status — not to what a word
# means or who said what. A plan still never reads as law: its answer to those questions says it is a plan.
STATUS_MATTERS = {"legality", "penalty", "status", "none", "what_to_do"}


class Writer:
    """Turns what was found into Lines, in the answer shape the product promises."""

    def __init__(self, law: LawModel, library: Library, anchors: dict[str, str], messages: Messages,
                 max_words: int, max_quote_words: int, is_instruction: Callable[[str], bool],
                 strong_quote: float, max_words_for: dict[str, int] | None = None,
                 quote_new_share: float = 0.0, yes_no_asks: dict[str, str] | None = None) -> None:
        self.law = law
        self.library = library
        self.anchors = anchors
        self.messages = messages
        self.max_words = max_words
        self.max_words_for = max_words_for or {}  # a longer limit where the answer is a list (each defence)
        self.max_quote_words = max_quote_words
        self.strong_quote = strong_quote
        self.quote_new_share = quote_new_share
        # what a message asks when "Yes." or "No." can answer it, and which statements may ("any", "fitting")
        self.yes_no_asks = yes_no_asks or {"legality": "any"}
        self.is_instruction = is_instruction  # a source sentence that reads as an order to the assistant

    def _line(self, st: Statement, kind: str = "claim", priority: int = 0, opener: str = "") -> Line:
        text = f"{opener} {st.say}".strip() if opener else st.say
        return Line(text, (self.anchors[st.key],), kind, summary=True, priority=priority)

    def quote(self, st: Statement, priority: int = 1) -> Line:
        passage = self.library.by_id[self.anchors[st.key]]
        words = exact_span(passage.body, st.quote)
        return Line(f"{self.quote_intro(passage)} “{words}”", (passage.id,), "quote", priority=priority)

    def with_context(self, unit: Unit, terms: set[str]) -> str:
        """A sentence as quoted: with the sentence before it when that one holds words of the question the
        sentence itself lacks (its vector was read with it), or when it begins by pointing back ('She said…')."""
        before = unit.window[: len(unit.window) - len(unit.text)].strip() if unit.window else ""
        if before and (set(content_terms(before)) & terms - set(content_terms(unit.text))
                       or re.match(r"(?:she|he|they|it|this|these|that)\b", unit.text, re.I)):
            return f"{before} {unit.text.strip()}"
        return unit.text.strip()

    def quote_intro(self, passage: Passage) -> str:
        """Who says the quoted words: for legislation, where they sit in the law ('Sexual Offences Act 2003,
        s.66F, (1) says:'); otherwise the kind of source and its publisher."""
        template = self.messages.data("quote_intro").get(passage.meta["doc_type"], "The source says:")
        where = str(passage.meta.get("heading_path", "")).replace(" › ", ", ")
        return template.format(publisher=passage.meta["publisher"], where=where)

    def status_lines(self, m: Measure, asked: bool = False, since: bool = False,
                     acts: tuple[str, ...] = (), thing: str = "") -> list[Line]:
        """Where a measure stands, in one line: its current step, and what the sources cannot confirm. A
        measure in force with no dated step needs no line. Asked for, it is kept whole; asked since when, a law in
        force whose current step is undated is told by the dated steps before it (those for the acts asked
        about, when a step names its acts)."""
        steps = [s for s in m.steps if s.key in self.anchors]
        if not steps:
            return []
        current = m.current_step if m.current_step in steps else steps[-1]
        chosen = ([current] if current.date else []) if m.settled else [current]
        if since and m.settled and not chosen:
            # "Since when?" of a law in force whose current step has no date (an offence the sources show in force,
            # undated): the dated steps that led to it ("made a crime in 1978; pseudo-photographs added in 1995").
            chosen = self._dated_steps(steps[: steps.index(current)], acts)
        # Where a plan stands is never trimmed away: without it, a plan could read as law.
        lines = [self._line(st, "status", priority=0 if not m.settled or asked else 2) for st in chosen]
        if not m.settled and m.unknown and lines:
            lines.append(Line(m.unknown, (), "note", priority=0))
        elif m.settled and m.unsure(thing):
            # A law in force whose change for this kind of thing (AI) is a plan: that the sources cannot confirm the
            # change is said beside the law, first when where it stands was asked.
            lines.append(Line(m.unknown, (), "note", priority=0 if asked else 1))
        return lines

    def from_measure(self, found: Found, s: Situation) -> Draft:
        """The answer shape: the lead, the facts that matter to this asker, where the law stands (when it
        matters), one exact quotation."""
        m = found.measure
        assert m is not None
        draft = Draft(measures=[m.id], tag=m.tag, tag_kind=m.now)
        if not found.statements:
            draft.covered = False
            if found.unsaid is not None:  # what the sources do not say is still said ("how long have they got?")
                draft.lines = [Line(gap_message(self.messages, found.unsaid), (), "note")]
            return draft
        lead = found.statements[0]
        order = {st.key: i for i, st in enumerate(m.statements)}  # a law file states its plain offences first
        acts = found.acts or s.acts_for(m.acts)
        offences = [st for st in found.statements if set(st.acts) & set(acts) and not st.things]
        named = list(acts)
        # the offence for the act the message names first ("is asking for one a crime, or only making it?"), then
        # the law file's own order
        offence = min(offences, key=lambda st: (min((named.index(a) for a in st.acts if a in named), default=99),
                                                order[st.key]), default=None)
        told = bool(set(lead.when) & set(s.told_now))  # the lead speaks to what the message tells: it stays
        if found.facet == "legality" and offence is not None and (lead.things or lead in offences) and not told:
            # Asked whether producing an AI-made indecent image of a child is illegal: the law's plain offence for the
            # act leads ("it is a crime to make one"); the statement about the kind of image ("an AI-made image
            # counts") and the narrower offences ("…with a view to sharing") follow it.
            found.statements = [offence, *(st for st in found.statements if st.key != offence.key)]
            lead = offence
        lines: list[Line] = []
        basis = lead  # the statement whose source words are quoted
        inside, extent = self._extent(m, lead, s.place) if s.place else (None, [])
        bare = False  # a reply that says only what the sources do not say: no quotation
        if found.unsaid is not None:
            # Asked what no source says: that comes first. Then, for a gap on timing (prompts/unsaid.yaml
            # `nearest: status`), where the law stands and since when, which answers part of it; for a question that
            # names this law, the nearest thing the sources say of it, plainly labelled; otherwise only which law they
            # do cover — blind readers took a nearby statement on another point (a figure, another offence) as the
            # answer, or as clutter.
            lines.append(Line(gap_message(self.messages, found.unsaid), (), "note"))
            since = self.status_lines(m, asked=True, since=True, acts=s.acts) \
                if found.unsaid.nearest == "status" else []
            if since:
                bare = True
                lines += [Line(self.messages("what_they_say"), (), "note", priority=1), *since]
            elif m.id in s.measures_named:
                basis = self._nearest(found, s, lead)
                lines += [Line(self.messages("what_they_say"), (), "note", priority=1), self._line(basis, priority=1)]
            else:
                bare = True
                lines.append(Line(self.messages("they_cover", what=m.name_in_sentence), (), "note", priority=1))
            if not m.settled and not since and not bare:
                # …and a law not shown in force, whose statement is given, says where it stands: never as law. A reply
                # that only names the law states nothing of it, and blind readers took its status there as padding.
                lines += self.status_lines(m)
            draft.covered = False
        elif s.place and (s.asks == "scope" or inside is False
                          or (inside is None and s.place in self.messages.data("extent_words")["own_law"])):
            # "Does it apply in Scotland?": where the law applies leads (and, for a place its sources do not
            # cover, that they do not say), then what it says. A place named in passing ("the maximum in
            # England?") changes nothing unless the law's record leaves it out.
            lines += extent
            core = lead if found.facet == "legality" else next(
                (st for st in m.facet("legality") if st.key in self.anchors and st.fits(s.role, s.place)), lead)
            lines.append(self._line(core, "lead" if not lines else "claim", priority=1))
            basis = core
            if not m.settled:  # a law not shown in force is never stated as law, wherever it applies
                lines += self.status_lines(m)
        elif self._young(s) and "penalty" in {found.facet, s.asks}:
            # "Am I going to prison?" from (or about) someone under 18: the sources give adults' maximums and say
            # nothing on how young people are dealt with, so that comes first, then the law itself.
            lines.append(Line(self.messages("young_people_first"), (), "note"))
            offence = self._offences_for_acts(m, s)
            lines += [self._line(st, "lead", priority=1) for st in offence[:1]]
            if found.facet == "penalty" and found.facet_found and found.act_matched:
                lines.append(self._line(lead, priority=2))
            elif offence:
                basis = offence[0]
        elif not found.facet_found or not found.act_matched:
            basis = self._nearest(found, s, lead)
            lines += self._not_given(found, s, basis)
            draft.covered = found.facet_found
        elif found.facet == "status":
            lines += self._status_answer(found, lead, s)
        else:
            if found.facet in {"penalty", "defences"} and lead.stage == "bill":
                # A vote on a Bill is not the law it became: the penalty or defence the law sets is missing.
                facet = self.messages.data("facet_names").get(found.facet, "that")
                lines += self._missing(self.messages("not_covered_facet", facet=facet, what=m.name_in_sentence))
            # "Since when is it a crime?" of a law in force: since when answers it, first.
            since = self.status_lines(m, asked=True, since=True, acts=s.acts_for(m.acts)) \
                if s.also_status == "since" and m.settled else []
            lines += [replace(x, kind="lead") if i == 0 and not lines else x for i, x in enumerate(since)]
            lines.append(self._line(lead, "lead" if not lines else "claim",
                                    opener="" if since else self._opener(lead, s, m)))
            if told and offence is not None and offence.key != lead.key:
                # What the message tells leads (images given willingly at the time); the offence itself follows.
                lines.append(self._line(offence, priority=1))
            lines += [self._line(self.law.statements[f"{m.id}.{w}"], priority=1) for w in lead.with_
                      if f"{m.id}.{w}" in self.anchors]
            lines += self._support(found, s, lead)
            # An unsettled measure always says where it stands, and so does any law a message asks "since when?"
            if (s.asks in STATUS_MATTERS or not m.settled or s.also_status) and not since:
                # Whether something is a crime is answered with since when it has been one: that line weighs as much
                # as the facts that matter to the asker, so an answer cut short drops the quotation before it.
                status = [replace(x, priority=min(x.priority, 1)) if s.asks == "legality" else x
                          for x in self.status_lines(m, asked=bool(s.also_status), thing=s.fake)]
                if s.also_status == "now" and m.unsure(s.fake) and s.asks not in {"penalty", "defences"}:
                    # "Is it law yet?" of a plan, or of the AI change to a law in force: that the sources cannot
                    # confirm it answers it, first.
                    notes = [x for x in status if x.text == m.unknown]
                    lines = [*notes, *lines, *(x for x in status if x not in notes)]
                else:
                    lines += status
        lines = self._with_parts(found, lines)
        for other, st in found.also:
            # A law not shown in force keeps its claim with its status line: "marked 'Prospective'" alone says
            # nothing of what the law does.
            claim = self._line(st, priority=1 if other.settled else 0)
            lines += [replace(line, also=True) for line in (claim, *self.status_lines(other))]
            draft.measures.append(other.id)
        if m.settled and any(not other.settled for other, _ in found.also):
            # Beside a law not confirmed in force, the one in force says since when, kept whole: that is the
            # difference. Where it is already in the answer it stays; otherwise it goes before the other law.
            since = [replace(x, priority=0) for x in self.status_lines(m)]
            shown = {x.text for x in lines}
            lines = [next((y for y in since if y.text == x.text), x) for x in lines]
            at = next((i for i, x in enumerate(lines) if x.also), len(lines))
            lines[at:at] = [x for x in since if x.text not in shown]
        if found.facet in {"legality", "status"}:
            related = self._related(m, s, found.leading_act)
            if related is not None:
                other, said, leads = related
                if leads and found.facet == "legality" and draft.covered and any(x.kind == "lead" for x in lines):
                    # "Are deepfake nudes illegal?": the law in force that already covers them answers first, with
                    # since when; the new law not confirmed in force follows, with where it stands.
                    opener = self._opener(lead, s, m)
                    rest = [replace(x, kind="claim", also=True, text=x.text.removeprefix(opener).strip())
                            if x.kind == "lead" else replace(x, also=True) for x in lines]
                    lines = [self._line(said, "lead", opener=self._opener(said, s, m)),
                             *(replace(x, priority=0) for x in self.status_lines(other)), *rest]
                    draft.measures.insert(0, other.id)
                else:
                    # The law in force beside the one not confirmed in force, with since when: without it, a
                    # deepfake's victim would read that the law may not yet cover what was done to them. For someone
                    # harmed it is kept whole, also in a reply that leads with help; for a general question it gives
                    # way, when the answer is shortened, to what the new law itself says (its penalty, its Act).
                    keep = 0 if s.role == "victim" else 1
                    since = [replace(y, priority=keep) for y in self.status_lines(other)]
                    lines += [replace(x, also=True) for x in (self._line(said, priority=keep), *since)]
                    draft.measures.append(other.id)
        if found.redirected_from:
            key = "child_not_adult" if s.pictured == "child" else "adult_not_child"
            lines.insert(1, Line(self.messages(key), (), "note", priority=4))
        quote = self._best_quote(found, basis)
        limit = self.max_words_for.get(found.facet, self.max_words)
        kept = self._trim(self._unique([*lines, *([] if bare else [quote])]), limit)
        if quote in kept and found.facet not in QUOTE_KEPT_FACETS and not self._adds(quote, kept):
            # A quotation that adds nothing is left out, and where the law stands, if it was shortened away to make
            # room for the quotation, comes back.
            kept = self._trim([x for x in self._unique(lines) if x in kept or x.kind == "status"], limit)
        draft.lines = self._name_laws(kept)
        draft.measures = list(dict.fromkeys(draft.measures))  # a law added as another's partner and as asked, once
        return draft

    def _with_parts(self, found: Found, lines: list[Line]) -> list[Line]:
        """The answers to the message's other questions, right after the lead: blind readers marked down replies
        that answered one half of a two-part question. Where the law stands comes from its dated steps; a penalty
        or defence the law model has no statement for is said to be missing."""
        m = found.measure
        assert m is not None
        extra: list[Line] = []
        for part in found.parts:
            if part.facet == "status":
                # "…or has it always been illegal?": for a law in force, since when answers too
                extra += [replace(x, priority=0) for x in self.status_lines(m, asked=True, since=True,
                                                                            acts=found.acts)]
            elif part.statement is not None:
                extra.append(self._line(part.statement, priority=0))
            else:
                facet = self.messages.data("facet_names").get(part.facet, "that")
                extra.append(Line(self.messages("not_covered_facet", facet=facet, what=m.name_in_sentence), (),
                                  "note", priority=0))
        # A line already there answers another question too: it is kept whenever the answer is shortened.
        answers = {x.text for x in extra}
        lines = [replace(x, priority=0) if x.text in answers else x for x in lines]
        shown = {x.text for x in lines}
        extra = [x for x in extra if x.text not in shown]
        at = next((i + 1 for i, x in enumerate(lines) if x.kind == "lead"), len(lines))
        return [*lines[:at], *extra, *lines[at:]]

    def _law_named(self, line: Line) -> str:
        """Which Act and section a line of the law model restates ("Sexual Offences Act 2003, s.66B"), when it
        cites legislation; "" otherwise."""
        passage = self.library.by_id.get(line.cites[0]) if line.cites else None
        if passage is None or passage.meta.get("doc_type") != "legislation":
            return ""
        return ", ".join(str(passage.meta.get("heading_path", "")).split(" › ")[:2]).strip()

    def _name_laws(self, lines: list[Line]) -> list[Line]:
        """Each law the reply states, named once where it is first stated ("… (Protection of Children Act 1978,
        s.1)."): blind readers marked down replies that gave an offence without saying which law it is, and asked
        for a second offence in the same reply they could not tell the two apart."""
        out: list[Line] = []
        for i, line in enumerate(lines):
            where = self._law_named(line) if line.kind in {"lead", "claim"} and line.summary else ""
            act, _, section = where.partition(", s.")
            after = lines[i + 1].text if i + 1 < len(lines) else ""
            # …unless the next line names it already ("Section 138 of the … Act 2025 is marked 'Prospective'").
            said_next = bool(section) and act in after and re.search(rf"\b(?:s\.|[Ss]ection ){re.escape(section)}\b",
                                                                    after) is not None
            if where and not said_next and not any(where in x.text for x in [*out, line]):
                text = line.text.rstrip()
                end = text[-1] if text[-1] in ".?!" else ""
                line = replace(line, text=f"{text.removesuffix(end)} ({where}){end or '.'}")
            out.append(line)
        return out

    def _adds(self, quote: Line, lines: list[Line]) -> bool:
        """Is the quotation worth its place: do enough of its words (`quote_new_share` of them) say what the reply
        does not already say? One that restates the lead in the source's words is what blind readers called
        clutter; the passage it comes from is shown beside the answer all the same."""
        quoted = content_terms(quote.text.split("“", 1)[-1])
        said = {term for line in lines if line is not quote for term in content_terms(line.text)}
        return not quoted or sum(term not in said for term in quoted) >= self.quote_new_share * len(quoted)

    def _best_quote(self, found: Found, lead: Statement) -> Line:
        """The one exact quotation: the words the lead restates — or, for a question about a detail (who said
        what, figures), the source sentence closest to it, when the search found one. What a word means is quoted
        from the text that defines it: a news report's description is not the law's definition."""
        defining = {lead.source, *(st.source for st in (found.measure.facet("definition") if found.measure else ()))}
        strong = found.quote is not None and found.quote[2] >= self.strong_quote and \
            (found.facet != "definition" or found.quote[0].meta.get("source") in defining)
        # For what is illegal, a penalty or where a law stands, only the measure's own sources: another law's
        # sentence (a plan's "10-year sentence", say) would read as this law's.
        own_passages = {self.anchors[st.key] for st in found.measure.statements if st.key in self.anchors} \
            if found.measure is not None else set()
        if found.quote is not None and found.facet not in QUOTE_DETAIL_FACETS and found.quote[0].id not in own_passages:
            strong = False
        if found.quote is not None and (found.facet in QUOTE_DETAIL_FACETS or strong):
            passage, unit, _ = found.quote
            words = self.with_context(unit, found.question_terms)
            if len(words.split()) <= self.max_quote_words and not self.is_instruction(words):
                return Line(f"{self.quote_intro(passage)} “{words}”", (passage.id,), "quote", priority=1)
        return self.quote(lead)

    def _nearest(self, found: Found, s: Situation, lead: Statement) -> Statement:
        """What the sources do say, beside a penalty or defence they give for another act only: the offence for
        the act asked about ("the maximum for passing one on?": that passing it on is a crime), not the other act's
        maximum, which would read as the answer."""
        if found.measure is None or not found.facet_found or found.act_matched:
            return lead
        offences = [st for st in self._offences_for_acts(found.measure, s) if st.acts]
        return offences[0] if offences else lead

    def _not_given(self, found: Found, s: Situation, lead: Statement) -> list[Line]:
        """Say plainly what the sources do not give, then the nearest thing they do say."""
        m = found.measure
        assert m is not None
        names = self.messages.data("facet_names")
        facet = names.get(s.asks if s.asks in names else found.facet, "that")
        if found.facet_found:  # the facet is there, but not for the act asked about
            asked = [found.first_act] if found.first_act else s.acts_for(m.acts)[:2]
            what = " or ".join(self.messages.data("act_phrases").get(a, a) for a in asked)
            key = "not_covered_act_facet" if found.facet in {"penalty", "defences"} else "not_covered_act"
            said = self.messages(key, facet=facet, what=what)
        else:
            said = self.messages("not_covered_facet", facet=facet, what=m.name_in_sentence)
        return [*self._missing(said), self._line(lead, priority=1)]

    def _missing(self, said: str) -> list[Line]:
        """What the sources do not give, said first, and the line that introduces what they do say."""
        return [Line(said, (), "note"), Line(self.messages("what_they_say"), (), "note", priority=1)]

    @staticmethod
    def _dated_steps(steps: list[Statement], acts: tuple[str, ...]) -> list[Statement]:
        """The dated steps for the acts asked about: having an image was made an offence by another step than
        making one. A step that names no acts is for all of them."""
        return [st for st in steps if st.date and (not acts or not st.acts or set(acts) & set(st.acts))]

    def _status_answer(self, found: Found, lead: Statement, s: Situation) -> list[Line]:
        """Where the law stands. For a measure the sources do not show in force, that comes first (it is the
        answer to 'is it law yet?'), then its latest dated steps; for an Act, the step asked about and its
        other stages in order; for a law in force, the step asked about, its current one and what it made a
        crime (for the act asked about), so that 'since when?' is also told what became an offence."""
        m = found.measure
        assert m is not None
        steps = [st for st in m.steps if st.key in self.anchors]
        if m.kind != "act" and m.settled and m.unsure(s.fake):
            # A law in force with a planned change for this kind of thing (AI 'paedophile manuals'): the law in force
            # answers "is it already a crime?", then what the sources cannot confirm of the change, then the plan.
            current = m.current_step if m.current_step in steps else lead
            later = [st for st in steps if st.key != current.key and st.stage != "in_force"]
            announced = [st for st in later if st.stage == "announced"][-1:]  # the plan for the change itself
            # …and the step that made the Bill law (Royal Assent), else the latest
            passed = [st for st in later if st.stage == "enacted"][-1:] or \
                [st for st in later if st not in announced][-1:]
            plan = [*announced, *passed]
            penalty = [st for st in m.facet("penalty") if st.key in self.anchors and st.fits(s.role, s.place)
                       and not st.stage and not self._young(s)][:1]  # what the law in force sets (adults' maximum)
            return [self._line(current, "lead", priority=0), Line(m.unknown, (), "note", priority=0),
                    *[self._line(st, "status", priority=1) for st in plan],
                    *[self._line(st, priority=1) for st in penalty]]
        if m.kind != "act" and m.unsure(s.fake):
            latest = [st for st in steps if st.stage in {"announced", "enacted", "partly_in_force", "in_force"}]
            chosen = list(dict.fromkeys([lead, *latest[-2:]]))
            # …and what it would mean, where the sources give it: "is owning one of those AI tools law yet?" is told
            # the sentence planned as well as that the sources cannot confirm the plan is law.
            planned = [st for st in m.facet("penalty") if st.key in self.anchors and st.fits(s.role, s.place)][:1]
            return [Line(m.unknown, (), "note", priority=0),
                    *[self._line(st, "lead" if i == 0 else "status", priority=0 if i == 0 else 1)
                      for i, st in enumerate(chosen)],
                    *[self._line(st, priority=1) for st in planned]]
        steps = [st for st in steps if st.key != lead.key]
        dated = self._dated_steps(steps, s.acts_for(m.acts)) if m.settled and not lead.date \
            and s.also_status == "since" else []
        if dated:
            # "Since when?" answered best by an undated step ("having one is an offence now"): the dated steps for
            # the act asked about answer it, then that step.
            return [*(self._line(st, "lead" if i == 0 else "status", priority=0) for i, st in enumerate(dated)),
                    self._line(lead, "status", priority=1)]
        lines = [self._line(lead, "lead")]
        if m.kind == "act":
            # The step it became law (Royal Assent) stays beside where it stands now; earlier stages may go.
            lines += [self._line(st, "status", priority=1 if st.stage == "enacted" else 2) for st in steps[-4:]]
        else:
            current = m.current_step
            if current is not None and current.key != lead.key and current.key in self.anchors:
                lines.append(self._line(current, "status", priority=2))
            elif m.settled:  # no later step says what is an offence now: the offence itself does
                lines += [self._line(st, priority=1) for st in self._offences_for_acts(m, s)[:1] if st.key != lead.key]
        return lines

    def _offences_for_acts(self, m: Measure, s: Situation) -> list[Statement]:
        """The measure's plain offences this asker may be shown, for the acts the message is about (any, if none)."""
        acts = s.acts_for(m.acts)
        return [st for st in m.facet("legality") if st.key in self.anchors and st.fits(s.role, s.place)
                and (not acts or not st.acts or set(acts) & set(st.acts))]

    def _extent(self, m: Measure, st: Statement, place: str = "") -> tuple[bool | None, list[Line]]:
        """Where a law applies, as its legislation's own record shows it (the jurisdiction beside its citation;
        a news page's is where it was published, not where the law applies), answering for the place the
        message names. Returns whether that place is inside the record (None: not shown), and the line to say:
        a place outside it is one the sources do not cover, and a record the copy does not show is missing."""
        anchored = [x for x in m.statements if x.key in self.anchors]
        passages = [self.library.by_id[self.anchors[x.key]] for x in [st, *anchored]]
        passage = next((p for p in passages if p.meta.get("doc_type") == "legislation"), None)
        named = self.messages.data("place_names").get(place, place)
        where = re.sub(r"\s*\(.*", "", str(passage.meta.get("jurisdiction", ""))).strip() if passage else ""
        if not where or any(w in where.lower() for w in self.messages.data("extent_words")["unknown"]):
            shown = place not in {"", "uk"}
            return None, [Line(self.messages("place_not_shown", place=named), (), "note")] if shown else []
        assert passage is not None
        for code, words in self.messages.data("extent_codes").items():
            where = where.replace(f"'{code}'", words).replace(code, words)
        cites = (passage.id,)
        if place in {"", "uk"}:
            return True, [Line(self.messages("extent", where=where), cites, "source", priority=1)]
        whole_uk = self.messages.data("extent_words")["whole_uk"]
        inside = place in where.lower() or any(w in where.lower() for w in whole_uk)
        key = "place_in_extent" if inside else "place_outside_extent"
        return inside, [Line(self.messages(key, place=named, where=where), cites, "source")]

    @staticmethod
    def _young(s: Situation) -> bool:
        """Is the message from, or about something done by, someone under 18? A parent writing about their
        child's images who does not say the child was harmed is read as asking about what the child did — unless
        the message names an adult as the one charged or arrested."""
        doer = {"did_it", "none"} if s.asker == "parent" and not s.adult_accused else {"did_it"}
        return s.asker == "young_person" or (s.asker != "adult" and s.pictured == "child" and s.role in doer)

    @staticmethod
    def _unique(lines: list[Line]) -> list[Line]:
        seen: set[str] = set()
        out = []
        for line in lines:
            if line.text not in seen:
                seen.add(line.text)
                out.append(line)
        return out

    def _opener(self, st: Statement, s: Situation, m: Measure | None = None) -> str:
        """'Yes.' and the like, only when the message asks whether something is a crime or is covered ("is a fake
        one covered too?") — 'No.' when it asks whether something is allowed — and never when it asks whether
        someone else's claim is right ('my mate says… is that right?'), where either word could agree with the
        claim. `m` is the law the message asks about, which may not be the one whose statement leads."""
        if s.also_status and m is not None and m.unsure(s.fake):
            return ""  # "is the AI one in force yet?": a "Yes." would answer what the sources cannot confirm
        speaks_to_it = bool(set(st.when) & set(s.circumstances))
        # (an image said to be "fully clothed" is no case a statement on intimate images was written for)
        fitting = speaks_to_it or (s.fake != "unknown" and s.fake in st.things and not s.not_sexual)
        which = self.yes_no_asks.get(s.asks)
        if not st.answer or which is None or (which == "fitting" and not fitting) or s.claim_check or s.open_question \
                or (s.circumstances and not speaks_to_it) or s.lang != "en":
            # …nor when the message tells a circumstance the law speaks to (an image that arrived unasked) and the
            # statement is not the one written for it: the answer then turns on the circumstance, and a bare "Yes."
            # would not;
            # nor in another language, where the words that show a question is not a yes-or-no one ("which
            # laws…?") or checks a claim are not read.
            return ""
        if s.role == "victim" or self._young(s):
            # "Am I in trouble?" from someone harmed, or from a young person: "Yes." would read as being about
            # them, when the crime stated may be someone else's, and the sources do not say how under-18s are
            # dealt with.
            return ""
        if s.permission:
            return self.messages.data("opposite_answers").get(st.answer, "")
        return st.answer

    def _support(self, found: Found, s: Situation, lead: Statement) -> list[Line]:
        """The facts that matter to this asker after the lead: for a penalty the other court's maximum, for an
        is-it-a-crime question the penalty for the act asked about, for a meaning the offence itself."""
        m = found.measure
        assert m is not None
        out: list[Line] = []
        rest = [st for st in found.statements[1:] if st.say != lead.say]
        acts = s.acts_for(m.acts)
        fits_act = [st for st in rest if not st.acts or not acts or set(st.acts) & set(acts)]
        if found.facet in {"defences", "penalty"}:
            out += [self._line(st, priority=1) for st in fits_act[:3 if found.facet == "defences" else 1]]
        kind_said = bool(lead.things and s.fake in lead.things)
        if found.facet not in {"defences", "penalty"} and rest:
            second = rest[0]
            of_kind = bool(second.things and s.fake in second.things)
            if (set(second.acts) - set(lead.acts)) & set(s.acts) or of_kind:
                # another act the message names, or the kind of image it is about (AI-made): what the law says of
                # that kind of image is kept over the lines after it when the answer is cut short
                out.append(self._line(second, priority=1 if of_kind else 2))
                kind_said = kind_said or of_kind
        said = {lead.key, *(x.key for x in rest[:1])}
        if s.fake in {"fake", "drawn"} and not kind_said and found.facet != "status":
            # "He says it's AI so it doesn't count": what the law says of that kind of image, whatever facet holds it.
            kind = next((st for st in m.statements if st.key in self.anchors and s.fake in st.things
                         and st.key not in said and st.fits(s.role, s.place)
                         and st.facet in {"scope", "definition", "legality"}
                         and (not st.acts or not acts or set(st.acts) & set(acts))), None)
            if kind is not None:
                out.append(self._line(kind, priority=1))
                said.add(kind.key)
        # What the message tells ("it was sent to me, I didn't ask") comes before the facts nearest its words.
        out += [self._line(st, priority=1) for st in found.fitting if st.key not in said]
        said |= {st.key for st in found.fitting}
        out += [self._line(st, priority=2) for st in found.nearby if st.key not in said]
        if found.facet == "legality" and not s.own_young_case:
            # The maximum the law sets (not a Bill-stage vote) for the act asked about — not to a young person
            # asking about their own case, who did not ask it: the sources give adults' maximums only.
            penalties = [st for st in m.facet("penalty") if st.key in self.anchors and not st.stage]
            acts = set(acts) or set(lead.acts)  # the act asked about, or the one the answer is about
            fitting = [st for st in penalties if not st.acts or not acts or set(st.acts) & acts]
            if fitting:
                out.append(self._line(fitting[0], priority=1))
        elif found.facet in {"scope", "other", "who"} and lead.facet != "legality":
            offence = [st for st in m.facet("legality") if st.key in self.anchors and st.fits(s.role, s.place)]
            if offence:
                out.insert(0, self._line(offence[0], priority=1))
        about_young = self._young(s)
        if about_young and (found.facet == "penalty" or any("prison" in x.text for x in out)):
            out.append(Line(self.messages("penalties_for_adults"), (), "note", priority=1))
        elif about_young and found.facet == "legality" and m.protects == "child" and s.role != "victim":
            # (how the law deals with under-18s who did it: never said to the one harmed, as if it were about them)
            out.append(Line(self.messages("young_people_note"), (), "note", priority=1))
        return out

    def _related(self, m: Measure, s: Situation, leading_act: str = "") -> tuple[Measure, Statement, bool] | None:
        """For a law not confirmed in force, the law in force that already covers the same images (AI tools → the
        images; deepfakes → sharing them), its statement, and whether it leads: it does when it covers everything
        the message says was done (or nothing is said), and the act the message is about ("asked them to make
        one"), and the message does not name the thing only the new law is about."""
        if m.settled:
            return None
        for other_id in m.related:
            other = self.law.measures[other_id]
            if not other.settled:
                continue
            said = [*other.facet("legality"), *other.facet("scope")]
            fitting = [st for st in said if st.key in self.anchors and "fake" in st.things and st.fits(s.role, s.place)]
            fitting = fitting or [st for st in other.facet("legality") if st.key in self.anchors]
            if fitting:
                leads = (set(s.acts_said) <= set(other.acts) and leading_act in {"", *other.acts}
                         and (m.object == other.object or m.object not in s.things_named))
                return other, fitting[0], leads
        return None

    def brief(self, draft: Draft) -> Draft:
        """The law in a sentence, for a reply that leads with help: the lead and the line after it."""
        kept: list[Line] = []
        for line in (x for x in draft.lines if x.kind in {"lead", "claim", "status", "note"}):
            kept.append(line)
            # two lines, at least one of them from the sources ("what they do say:" is not an answer on its own)
            if len(kept) >= 2 and any(x.cites for x in kept):
                break
        # …and the other law for what else was done, with where it stands ("made it and is threatening to post it").
        kept += [x for x in draft.lines if x.also and x not in kept and (x.kind != "status" or x.priority == 0)]
        return Draft(lines=kept, covered=draft.covered, measures=draft.measures, tag=draft.tag,
                     tag_kind=draft.tag_kind)

    def from_passage(self, found: Found) -> Draft:
        """A sentence of a source, quoted, when the law model has nothing on the question (with the sentence
        before it when that holds words of the question, and a second sentence of the passage that answers)."""
        assert found.passage is not None
        passage, unit, _ = found.passage
        second = found.second
        words = self.with_context(unit, found.question_terms)
        if second is not None and second.text not in words:  # in the passage's own order
            words = (f"{words.strip()} … {second.text.strip()}" if unit.index < second.index
                     else f"{second.text.strip()} … {words.strip()}")
        lines = [Line(f"{self.quote_intro(passage)} “{words.strip()}”", (passage.id,), "lead")]
        return Draft(lines=lines, composer="passage")

    def _trim(self, lines: list[Line], limit: int) -> list[Line]:
        """Keep the answer short: drop the least important lines (highest priority number) past the limit."""
        def words(ls: list[Line]) -> int:
            return sum(len(x.text.split()) for x in ls)

        kept = list(lines)
        while words(kept) > limit:
            droppable = [x for x in kept if x.priority > 0 and x.kind != "lead"]
            if not droppable:
                break
            worst = max(droppable, key=lambda x: (x.priority, kept.index(x)))
            kept.remove(worst)
        return kept
