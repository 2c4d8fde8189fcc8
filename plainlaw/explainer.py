"""The engine's one entry point: `Explainer.ask(question, history) -> Answer`.

One message flows through small steps, each with one job (see ../shared/DESIGN.md):
check → read (a Situation) → decide (policy.yaml) → find (law model, then passages) → write → Answer.
Any step can end the flow with a status; every Answer records the rule that decided and how the message
was read.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from plainlaw.answer import (
    ANSWERED,
    ERROR,
    GREETING,
    INVALID,
    NOT_COVERED,
    OUT_OF_SCOPE,
    REFUSED,
    SIGNPOSTED,
    UNAVAILABLE,
    Answer,
    Sentence,
    Signpost,
    citation_for,
)
from plainlaw.checks import check_input
from plainlaw.coverage import Coverage
from plainlaw.cues import InstructionRule, readable
from plainlaw.embeddings import get_embeddings
from plainlaw.encoders import Encoders
from plainlaw.faults import reference, unreachable
from plainlaw.find import Finder, Found
from plainlaw.help import Help, HelpChoice
from plainlaw.inputs import check_history
from plainlaw.keywords import build_in_child
from plainlaw.lawmodel import LawModel, anchor_matches, load_law
from plainlaw.llm import LLMComposer, make_chat_model
from plainlaw.policy import Policy
from plainlaw.prompts import Messages, load_yaml
from plainlaw.read import Piece, Reader, context_text
from plainlaw.retrieve import Library, Retriever
from plainlaw.settings import Settings, load_settings
from plainlaw.situation import Situation
from plainlaw.store import PASSAGES, SENTENCES, StoreError, check_model, client, index_exists, live_names
from plainlaw.unsaid import READ_GAP, Unsaid, gap_message, load_gaps
from plainlaw.verify import SupportChecker, concepts_from
from plainlaw.write import Draft, Line, Writer, exact_span

NOT_THE_LAW = {"none", "what_to_do"}  # what the asks head reads when a message asks nothing of the law itself
log = logging.getLogger("plainlaw")

History = Sequence[dict[str, Any]]


def resolve_anchors(law: LawModel, library: Library) -> tuple[dict[str, str], list[str]]:
    """Each statement's passage: the passage of its source file whose words hold its quote."""
    by_source: dict[str, list[tuple[str, str]]] = {}
    for p in library.of_sources(st.source for st in law.anchors()):
        by_source.setdefault(p.meta["source"], []).append((p.id, p.body))
    anchors, problems = {}, []
    for st in law.anchors():
        found = anchor_matches(st, by_source.get(st.source, []))
        if found:
            anchors[st.key] = found[0]
        else:
            problems.append(f"{st.key}: quote not found in {st.source}: {st.quote[:60]!r}")
    return anchors, problems


class Explainer:
    """Answers questions from the law model and the indexed corpus. Build once (seconds); each question takes
    tens of milliseconds."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        if not index_exists(self.settings):
            raise StoreError("The search index is empty or missing: run `python -m ingest` first.")
        prompts = self.settings.prompts_dir
        cache = self.settings.chroma_path / "cache"
        encoders = Encoders.from_config(load_yaml(prompts, "reading/reader.yaml"))
        encoders.warm()  # the models load while the index and the data files are read
        chroma = client(self.settings)
        names = live_names(chroma, self.settings) or {}
        for name in names.values():
            check_model(chroma, self.settings, name)
        self.library = Library(chroma.get_collection(names[PASSAGES]), chroma.get_collection(names[SENTENCES]), cache,
                               builder=lambda: build_in_child(self.settings))
        self.retriever = Retriever(self.library, prompts)
        self.law = load_law(self.settings.law_dir)
        self.anchors, problems = resolve_anchors(self.law, self.library)
        for problem in problems:
            log.warning("law model: %s", problem)
        self.reader = Reader(prompts, cache, encoders)
        keys = [k for k in self.anchors]
        vectors = self.reader.encoders.kept([self.law.statements[k].say for k in keys], ["minilm", "e5_passage"], cache)
        self.statement_vectors = {name: dict(zip(keys, rows, strict=True)) for name, rows in vectors.items()}
        self.finder = Finder(prompts, self.law, self.anchors, self.retriever, self.statement_vectors["minilm"],
                             self.statement_vectors["e5_passage"])
        self.unsaid = Unsaid(load_gaps(prompts))
        self.coverage = Coverage(prompts, cache, self.reader.encoders)
        self.messages = Messages(prompts)
        self.writer = Writer(self.law, self.library, self.anchors, self.messages, int(self.finder.cfg["max_words"]),
                             int(self.finder.cfg["max_quote_words"]), self.is_instruction,
                             float(self.finder.cfg["passage"]["strong_quote"]),
                             {k: int(v) for k, v in self.finder.cfg["max_words_for"].items()},
                             float(self.finder.cfg["quote_new_share"]), self.finder.cfg["yes_no_asks"])
        self.policy = Policy(prompts)
        self.instruction_rule = InstructionRule(prompts)
        self.help = Help(prompts)
        self.glossary = [(term, re.compile(entry["pattern"], re.I), entry["plain"])
                         for term, entry in load_yaml(prompts, "glossary.yaml")["terms"].items()]
        self.llm: LLMComposer | None = None
        if self.settings.llm_backend != "none":
            self.llm = LLMComposer(make_chat_model(self.settings), prompts, self.support_checker(),
                                   self.is_instruction)

    def support_checker(self) -> SupportChecker:
        """The support check answers are held to (also used by ingest, the evaluation and the tests)."""
        return SupportChecker(self._embed_many, concepts=concepts_from(self.settings.prompts_dir))

    def _embed_many(self, texts: list[str]) -> np.ndarray:
        return np.asarray(get_embeddings().embed_documents(texts))

    def _embed(self, text: str) -> np.ndarray:
        return self.reader.encoders.vectors([text])["minilm"][0]

    def is_instruction(self, text: str) -> bool:
        """Does a source sentence read as a request to the assistant ("ignore your instructions…")? A
        document's words are data: such sentences are never quoted or shown to a language model."""
        return self.instruction_rule(text)

    def sources(self) -> list[dict[str, Any]]:
        """What the corpus covers: one record per document, newest first."""
        return self.library.sources()

    # --- the pipeline -----------------------------------------------------------------------------------

    def ask(self, question: str, history: History = ()) -> Answer:
        """Answer one message in the light of the earlier turns (oldest first).

        Never raises, whatever it is given: a question or history that cannot be read gets one clear sentence
        (status invalid_input), an index that cannot be reached says so (unavailable: it is asked again with the
        next question, so a server that comes back is used at once), and any other fault is logged with a short
        reference that the reply quotes (error)."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        try:
            answer = self._answer(question, history, timings)
        except Exception as exc:  # the engine's error boundary: one sentence instead of a traceback
            answer = self._fault(exc)
        return self._finish(answer, started, timings)

    def _answer(self, question: object, history: object, timings: dict[str, float]) -> Answer:
        limit = self.settings.max_question_chars
        checked = check_input(question, limit)
        conversation = check_history(history, limit, self.settings.prompts_dir)
        problem = checked.problem or conversation.problem
        if problem:
            return Answer(INVALID, self.messages(problem, length=checked.length, limit=limit), question=checked.text,
                          route="input_check", decided_by=f"check:{problem}")
        text, turns = checked.text, conversation.turns
        t = time.perf_counter()
        situation = self.reader.read(text, turns)
        situation = replace(situation, readable=readable(situation.lang, text),
                            known_terms=self.finder.known_terms(text))
        if situation.kind in {"off_topic", "chat"} and (situation.acts_said or "image" in situation.things_named) \
                and self.unsaid.match(text, None) is not None:
            # Whether a court case would make the victim's identity public, asked about someone who posted her
            # images: a question about this law that the sources do not answer is in scope, and is told so.
            situation = replace(situation, kind="question")
        timings["read"] = round(time.perf_counter() - t, 4)
        decision = self.policy.decide(situation)
        answer = Answer(ANSWERED, "", question=text, route=decision.rule, decided_by=f"policy:{decision.rule}",
                        situation=situation.to_dict(), disclaimer=self.messages("disclaimer"))
        t = time.perf_counter()
        if decision.action == "refuse":
            self._refuse(answer, situation)
        elif decision.action == "language_note":
            self._help(answer, self.help.choose(situation), intro_key="language_note")
        elif decision.action == "decline":
            answer.status, answer.text = OUT_OF_SCOPE, self.messages("out_of_scope")
        elif decision.action == "chat":
            key = self.policy.chat_reply(text, first_turn=not turns)
            answer.status, answer.text = GREETING, self.messages(key)
        else:
            self._respond(answer, situation, text, turns, help_first=decision.action == "help_first",
                          help_after=decision.action == "answer_then_help")
        timings["decide_find_write"] = round(time.perf_counter() - t, 4)
        return answer

    def _fault(self, exc: Exception) -> Answer:
        """The reply when answering failed: the sources out of reach, or a fault logged under a reference."""
        if unreachable(exc):
            log.warning("the index could not be reached (%s: %s)", type(exc).__name__, exc)
            return Answer(UNAVAILABLE, self.messages("unavailable"), route="fault", decided_by="fault:unreachable")
        ref = reference()
        log.exception("answering failed (reference %s)", ref)
        return Answer(ERROR, self.messages("error", reference=ref), route="fault", decided_by=f"fault:{ref}")

    def _respond(self, answer: Answer, s: Situation, text: str, history: History, help_first: bool,
                 help_after: bool = False) -> None:
        """An answer from the law model or the passages, with the help that fits. A disclosure gets help first
        — and when it also asks a legal question, the answer to it right after the first line."""
        question = context_text(history, text) if s.follow_up else text
        vector = self.reader.encoders.vectors([question])["minilm"][0]
        # e5 read the message itself when the reader did (a follow-up's earlier turns are MiniLM's to weigh)
        query_vector = self.reader.encoders.vectors([text], ["e5"])["e5"][0] if "e5" in self.reader.encoders.names \
            else None
        found = self.finder.find(s, question, vector, query_vector)
        pieces = self._parts(text, s)
        found.parts = self.finder.answer_parts(found, s, pieces)
        found.unsaid = self.unsaid.match(text, found.measure.id if found.measure else None)
        if found.unsaid is None and s.kind == "question" and self.coverage.applies(s.asks, s.follow_up, s.place) \
                and self.coverage.is_unanswered(text):
            found.unsaid = READ_GAP
        if found.unsaid is not None:
            found.passage = None  # a nearby passage would read as the answer to what the sources do not say
        answer.retrieved = [h.passage.meta["url"] for h in found.hits]
        answer.measure_scores = found.measure_scores
        draft = self._draft(found, s, text)
        # A message that asks what to do and, in a question of its own or in so many words, whether what was done
        # is a crime: that question asks the law even when the message as a whole reads as asking what to do.
        asks_the_law = s.law_asked or any(ask not in NOT_THE_LAW for ask in [s.asks, *(p.asks for p in pieces)])
        if help_first and draft.lines and not asks_the_law:
            draft = self.writer.brief(draft)
        choice = self.help.choose(s) if help_first or help_after or self.policy.help_after_answer(s) else None
        answer.measures = draft.measures
        answer.status_tag, answer.status_kind = draft.tag, draft.tag_kind
        answer.composer = draft.composer
        answer.understood = self._understood(s, draft)
        self._fill(answer, s, draft, choice, help_first, asks_the_law)

    def _parts(self, text: str, s: Situation) -> list[Piece]:
        """Each question of an English message that asks more than one, read on its own."""
        return self.reader.read_pieces(self.reader.cues.question_parts(text) if s.lang == "en" else [])

    def _draft(self, found: Found, s: Situation, text: str) -> Draft:
        """The law model's answer; for what it has no statement on, a passage (written up by the optional
        language model when one is configured and its sentences pass the check)."""
        if found.passage is not None and not self.is_instruction(found.passage[1].text) and (
                found.measure is None or not found.facet_found or found.facet in self.finder.cfg["passage"]["facets"]):
            quoted = self.writer.from_passage(found)
            if self.llm is None:
                return quoted
            written = self._llm_draft(found, text)
            if written is not None:
                return written
            quoted.lines.append(Line(self.messages("composer_fallback"), (), "note", priority=0))
            quoted.composer = "passage (the language model's answer did not pass the check)"
            return quoted
        if found.measure is not None:
            return self.writer.from_measure(found, s)
        if found.unsaid is not None:
            return Draft(lines=[Line(gap_message(self.messages, found.unsaid), (), "note"),
                                Line(self.messages("covered_list", topics=self._covered_topics()), (), "note")],
                         covered=False)
        return Draft(covered=False)

    def _llm_draft(self, found: Found, question: str) -> Draft | None:
        """The optional language model's checked sentences from the passages found, or None."""
        assert self.llm is not None
        try:
            passages = self.llm.passages(found.hits, lambda p: p)
            written = self.llm.compose(question, passages)
        except Exception as exc:  # a backend that is down or fails must never break an answer
            log.warning("llm composer failed (%s); the passages answer", type(exc).__name__)
            return None
        if not written.sentences:
            return None
        lines = [Line(sentence.text, tuple(pids), "lead" if i == 0 else "claim", summary=True)
                 for i, (sentence, pids) in enumerate(written.sentences)]
        lines.append(Line(self.messages("composer_llm"), (), "note", priority=0))
        return Draft(lines=lines, composer=self.llm.name)

    def _fill(self, answer: Answer, s: Situation, draft: Draft, choice: HelpChoice | None, help_first: bool,
              asks_the_law: bool) -> None:
        """Order the reply, number the citations in order of use and write the text.

        Help first: the first line for the person, then (when they asked about the law) the answer's first
        sentence, then the services, then the rest. Otherwise the answer, then any help that fits.
        """
        numbers: dict[str, int] = {}
        highlights: dict[str, list[str]] = {}
        body: list[Sentence] = []
        covered = draft.covered and bool(draft.lines)
        if draft.lines:
            for line in draft.lines:
                for pid in line.cites:
                    numbers.setdefault(pid, len(numbers) + 1)
                    if line.kind == "quote":
                        words = re.search(r"“(.+)”", line.text)
                        highlights.setdefault(pid, []).append(words.group(1) if words else line.text)
                body.append(Sentence(line.text, tuple(numbers[p] for p in line.cites), line.kind, line.summary))
        elif not help_first:
            body = [Sentence(self.messages("not_covered"), kind="note"),
                    Sentence(self.messages("covered_list", topics=self._covered_topics()), kind="note")]
        help_lines: list[Sentence] = []
        first: list[Sentence] = []
        if choice is not None:
            answer.signposts = [self._signpost(x) for x in choice.services]
            answer.help_intro = self.messages(choice.intro)
            if help_first:
                first = [Sentence(self.messages(choice.empathy), kind="help")]
            help_lines = [*([Sentence(answer.help_intro, kind="help")] if answer.help_intro else []),
                          *[Sentence(f"- {x.line()}", kind="help") for x in choice.services]]
        if s.lang != "en" and body:
            first.insert(0, Sentence(self.messages("answered_in_english"), kind="note"))
        # A young person asking about their own case hears who can help before any law: a first line "it is a crime
        # to share…" reads as being about them, whoever did it.
        if help_first and covered and asks_the_law and not s.own_young_case:
            ordered = [*first, *body[:1], *help_lines, *body[1:]]
        elif help_first:
            ordered = [*first, *help_lines, *body]
        else:
            ordered = [*first, *body, *help_lines]
        notes = [Sentence(self.messages("disclaimer"), kind="note")] if ordered else []
        answer.sentences = [*ordered, *notes]
        answer.status = ANSWERED if covered and (asks_the_law or not help_first) else (
            SIGNPOSTED if help_first else NOT_COVERED)
        for pid, n in numbers.items():
            passage = self.library.by_id[pid]
            answer.citations.append(citation_for(n, passage.meta, passage.body, pid, tuple(highlights.get(pid, ()))))
        answer.citations.sort(key=lambda c: c.n)
        answer.citations = [c if c.highlights else replace(c, highlights=self._supporting(c, answer.sentences))
                            for c in answer.citations]
        answer.text = _join(answer.sentences)
        said = " ".join(x.text for x in answer.sentences if x.kind in {"lead", "claim", "status", "quote"})
        answer.glossary = [(term, plain) for term, pattern, plain in self.glossary if pattern.search(said)]

    def _supporting(self, citation: Any, sentences: list[Sentence]) -> tuple[str, ...]:
        """The quoted words a statement citing this passage restates, to highlight in the passage."""
        keys = [k for k, pid in self.anchors.items() if pid == citation.chunk_id]
        said = {s.text for s in sentences}
        for key in keys:
            st = self.law.statements[key]
            if any(st.say.rstrip(".") in text for text in said):  # (its law may be named before the full stop)
                return (exact_span(citation.passage, st.quote),)
        return ()

    def _covered_topics(self) -> str:
        titles = [m.name_in_sentence for m in self.law.measures.values()
                  if m.kind in {"offence", "plan", "power"}]
        return "; ".join(titles)

    def _help_lines(self, choice: HelpChoice) -> list[Sentence]:
        intro = self.messages(choice.intro)
        return [*([Sentence(intro, kind="help")] if intro else []),
                *[Sentence(f"- {s.line()}", kind="help") for s in choice.services]]

    def _help(self, answer: Answer, choice: HelpChoice, intro_key: str) -> None:
        answer.status = SIGNPOSTED
        answer.signposts = [self._signpost(x) for x in choice.services]
        answer.help_intro = self.messages(intro_key)
        answer.sentences = [Sentence(self.messages(intro_key), kind="help"),
                            *[Sentence(f"- {s.line()}", kind="help") for s in choice.services]]
        answer.text = _join(answer.sentences)

    def _refuse(self, answer: Answer, s: Situation) -> None:
        """A calm refusal that never repeats the request; help first when the message also tells of harm."""
        answer.status = REFUSED
        lines: list[Sentence] = []
        if self.policy.help_with_refusal(s):
            choice = self.help.choose(s)
            answer.signposts = [self._signpost(x) for x in choice.services]
            answer.help_intro = self.messages(choice.intro)
            lines += [Sentence(self.messages(choice.empathy), kind="help"), *self._help_lines(choice)]
        lines.append(Sentence(self.messages("refused"), kind="note"))
        if not answer.signposts and self.policy.stop_it_now_with_refusal(s):
            service = self.help.services["stop_it_now"]
            answer.signposts = [self._signpost(service)]
            lines.append(Sentence(self.messages("refused_stop_it_now"), kind="help"))
            lines.append(Sentence(f"- {service.line()}", kind="help"))
        answer.sentences = lines
        answer.text = _join(lines)
        answer.understood = self._understood(s, None)

    def _signpost(self, service: Any) -> Signpost:
        return Signpost(service.id, service.name, service.for_whom, service.how, service.url, service.tel)

    def _understood(self, s: Situation, draft: Draft | None) -> str:
        m = self.messages
        who = m.data("understood_who").get(s.asker, "someone")
        kind = s.kind if s.kind != "harmful" or draft is None else "question"  # answered, so read as a question
        what = m.data("understood_kind").get(kind, "asking")
        asks = m.data("understood_asks").get(s.asks, "")
        if kind in {"question", "disclosure", "help"} and asks:
            what = f"{what} {asks}"
        measure = self.law.measures.get(draft.measures[0]) if draft and draft.measures else None
        about = f" — {measure.name_in_sentence}" if measure else ""
        details = [d for d in (m.data("understood_pictured").get(s.pictured), m.data("understood_fake").get(s.fake))
                   if d]
        if s.follow_up:
            details.append(m("followup_note"))
        return m("understood", who=who, what=what, about=about, details=f" ({'; '.join(details)})" if details else "")

    def _finish(self, answer: Answer, started: float, timings: dict[str, float]) -> Answer:
        timings["total"] = round(time.perf_counter() - started, 4)
        answer.timings = timings
        # Decisions and timings only: never the question text.
        log.info("status=%s rule=%s measures=%s total=%.3fs", answer.status, answer.route,
                 ",".join(answer.measures) or "-", timings["total"])
        if self.settings.log_conversations:
            try:
                self._keep(answer)
            except OSError as exc:  # a full disk must not cost the person their answer
                log.warning("conversation not kept: %s", exc)
        return answer

    def _keep(self, answer: Answer) -> None:
        """Opt-in only (PLAINLAW_LOG_CONVERSATIONS=true): append the exchange to a local JSON-lines file."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "question": answer.question, "status": answer.status,
                  "route": answer.route, "reply": answer.text, "sources": [c.url for c in answer.citations]}
        with (self.settings.data_dir / "conversations.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _join(sentences: list[Sentence]) -> str:
    """Paragraphs, one per sentence; a help list stays together under its introduction."""
    parts: list[str] = []
    previous = ""
    for s in sentences:
        line = s.text + "".join(f" [{n}]" for n in s.cites)
        if s.kind == "help" and previous == "help" and s.text.startswith("- "):
            parts[-1] = f"{parts[-1]}\n{line}"
        else:
            parts.append(line)
        previous = s.kind
    return "\n\n".join(parts)
