"""The engine's one entry point: `Explainer.ask(question, history) -> Answer`.

The pipeline is a list of small steps (check → rephrase → route → retrieve → compose → answer); any step
can stop it with a status and a fixed reply, which is how declining and refusing work — in code.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from plainlaw.answer import (
    ANSWERED,
    GREETING,
    INVALID,
    NOT_COVERED,
    OUT_OF_SCOPE,
    REFUSED,
    SIGNPOSTED,
    Answer,
    Sentence,
    Signpost,
    citation_for,
)
from plainlaw.checks import check_input
from plainlaw.compose import Composer, Draft
from plainlaw.embeddings import get_embeddings
from plainlaw.llm import LLMComposer, make_chat_model
from plainlaw.prompts import Messages, load_yaml
from plainlaw.rephrase import is_follow_up, own_words, standalone
from plainlaw.retrieve import Library, Passage, Retriever
from plainlaw.route import DECLINE, REFUSE, REPLY, SIGNPOST, Route, Router
from plainlaw.settings import Settings, load_settings
from plainlaw.store import PASSAGES, SENTENCES, StoreError, client, index_exists, open_collection
from plainlaw.timeline import Measure, Step, Timeline
from plainlaw.verify import SupportChecker

log = logging.getLogger("plainlaw")

History = Sequence[dict[str, Any]]


class Explainer:
    """Answers questions from the indexed corpus. Build once (seconds); each question takes milliseconds."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        if not index_exists(self.settings):
            raise StoreError("The search index is empty or missing: run `python -m ingest` first.")
        prompts = self.settings.prompts_dir
        # One short question gains nothing from more threads, and with other work on a 2-core machine
        # two PyTorch threads contend: measured 1 s per question instead of 40 ms.
        torch.set_num_threads(1)
        self.embeddings = get_embeddings()
        chroma = client(self.settings)
        self.library = Library(
            open_collection(chroma, self.settings, PASSAGES, self.embeddings),
            open_collection(chroma, self.settings, SENTENCES, self.embeddings),
        )
        self.retriever = Retriever(self.library, prompts)
        self.router = Router(prompts, self._embed_many)
        self.instruction_units = {u.id for p in self.library.passages for u in p.units
                                  if self.router.is_instruction(u.text)}
        self.composer = Composer(prompts, self.library, skip_units=self.instruction_units)
        self.timeline = Timeline(prompts, self.library)
        self.llm: LLMComposer | None = None
        if self.settings.llm_backend != "none":
            self.llm = LLMComposer(make_chat_model(self.settings), prompts, self.support_checker(),
                                   self.router.is_instruction)
        self.messages = Messages(prompts)
        self.services = load_yaml(prompts, "signposts.yaml")["services"]
        self.glossary = [(term, re.compile(entry["pattern"], re.I), entry["plain"])
                         for term, entry in load_yaml(prompts, "glossary.yaml")["terms"].items()]

    def support_checker(self) -> SupportChecker:
        """The support check answers are held to (also used by the evaluation and the tests)."""
        return SupportChecker(self._embed_many, concepts=self.composer.concepts)

    def _llm_draft(self, answer: Answer, query: str, hits: list[Any], fallback: Draft) -> Draft:
        """The LLM composer's checked sentences, or the default composer's draft if none survive."""
        assert self.llm is not None
        try:
            written = self.llm.compose(query, self.llm.passages(hits, self._restated))
        except Exception as exc:  # a backend that is down or fails must never break an answer
            log.warning("llm composer failed (%s); the default composer answers", type(exc).__name__)
            written = None
        if written is not None and written.sentences:
            answer.composer = self.llm.name
            return Draft(sentences=written.sentences, candidates=fallback.candidates,
                         best_score=fallback.best_score, notes=[self.messages("composer_llm")])
        answer.composer = "extractive (the language model's answer did not pass the check)"
        fallback.notes = [*fallback.notes, self.messages("composer_fallback")]
        return fallback

    def _restated(self, passage: Passage) -> Passage:
        """A Plain Law summary stands for the official passage it restates."""
        return self.library.by_id.get(passage.meta.get("restates_chunk", ""), passage)

    def _source_url(self, passage: Passage) -> str:
        """Where a passage comes from; a Plain Law summary counts as the passage it restates."""
        return self._restated(passage).meta["url"]

    def _embed_many(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.embeddings.embed_documents(texts))

    def _embed(self, text: str) -> np.ndarray:
        return np.asarray(self.embeddings.embed_query(text))

    def sources(self) -> list[dict[str, Any]]:
        """What the corpus covers: one record per document, newest first."""
        return self.library.sources()

    def ask(self, question: str, history: History = ()) -> Answer:
        """Answer one message in the light of the earlier turns (oldest first)."""
        started = time.perf_counter()
        timings: dict[str, float] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            timings[name] = round(now - since, 4)
            return now

        checked = check_input(question, self.settings.max_question_chars)
        if checked.problem in {"input_empty", "input_too_long"}:
            return self._finish(Answer(INVALID, self.messages(checked.problem, length=checked.length,
                                                              limit=self.settings.max_question_chars),
                                       question=str(question or ""), route="input_check",
                                       decided_by=f"check:{checked.problem}"), started, timings)
        text = checked.text
        t = time.perf_counter()
        query = standalone(text, history)
        t = lap("rephrase", t)
        vector = self._embed(query)
        t = lap("embed", t)
        hits_cache: dict[str, Any] = {}

        def hits() -> list[Any]:
            if "hits" not in hits_cache:
                hits_cache["hits"] = self.retriever.search(query, vector)
            return hits_cache["hits"]

        def retrieval_score() -> float:
            found = hits()
            return max((h.dense for h in found), default=0.0)

        context = "\n".join(str(h.get("content", "")) for h in history if h.get("role") == "user")[-2000:]
        route = self.router.route(query, vector, retrieval_score, context=context,
                                  follow_up=is_follow_up(text, history))
        t = lap("route", t)
        answer = Answer(ANSWERED, "", question=text, standalone_question=query, route=route.name,
                        decided_by=route.decided_by)

        if route.decision == REFUSE:
            key = "refused_jailbreak" if route.name == "jailbreak" else "refused"
            answer.status, answer.text = REFUSED, self.messages(key)
        elif checked.problem:  # unreadable characters, and nothing harmful in what could be read
            answer.status, answer.text, answer.decided_by = INVALID, self.messages(checked.problem), "check:control"
        elif route.decision == DECLINE:
            answer.status, answer.text = OUT_OF_SCOPE, self.messages("out_of_scope")
        elif route.decision == REPLY:
            answer.status, answer.text = GREETING, self.messages(route.name)
        else:
            draft = self.composer.draft(query, vector, hits())
            if self.llm is not None and (route.decision != SIGNPOST or route.also_answer):
                draft = self._llm_draft(answer, query, hits(), draft)
            t = lap("compose", t)
            answer.retrieved = [self._source_url(h.passage) for h in hits()]
            measure = self.timeline.about(query)
            status_question = measure is not None and self.timeline.asks_status(own_words(query))
            if route.decision == SIGNPOST:
                self._signpost(answer, route, draft if route.also_answer else None, measure, status_question)
            else:
                self._fill(answer, draft, measure=measure, status_question=status_question)
        return self._finish(answer, started, timings)

    def _finish(self, answer: Answer, started: float, timings: dict[str, float]) -> Answer:
        timings["total"] = round(time.perf_counter() - started, 4)
        answer.timings = timings
        # Decisions and timings only: no question text, not even the word a rule matched.
        rule = re.split(r"['\"(]", answer.decided_by)[0].strip()  # "rule:domain/'nude'" → "rule:domain/"
        log.info("status=%s route=%s rule=%s composer=%s total=%.3fs", answer.status, answer.route, rule,
                 answer.composer.split(" ")[0], timings["total"])
        if self.settings.log_conversations:
            self._keep(answer)
        return answer

    def _keep(self, answer: Answer) -> None:
        """Opt-in only (PLAINLAW_LOG_CONVERSATIONS=true): append the exchange to a local JSON-lines file."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "question": answer.question, "status": answer.status,
                  "route": answer.route, "reply": answer.text, "sources": [c.url for c in answer.citations]}
        with (self.settings.data_dir / "conversations.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _signpost(self, answer: Answer, route: Route, draft: Draft | None, measure: Measure | None = None,
                  status_question: bool = False) -> None:
        answer.signposts = [self._service(sid) for sid in route.signposts]
        lines = [self.messages(route.intro)]
        lines += [f"- {s.name} — for {s.for_whom}: {s.how}." for s in answer.signposts]
        answer.status = SIGNPOSTED
        answer.sentences = [Sentence(line, kind="note") for line in lines]
        if draft is not None and (draft.covered or status_question):
            self._fill(answer, draft, prefix=answer.sentences, measure=measure, status_question=status_question)
        else:
            answer.text = "\n".join(lines)

    def _service(self, sid: str) -> Signpost:
        s = self.services[sid]
        return Signpost(sid, s["name"], s["for"], s["how"], s["url"])

    def _fill(self, answer: Answer, draft: Draft, prefix: list[Sentence] | None = None,
              measure: Measure | None = None, status_question: bool = False) -> None:
        """Number the citations in order of use and write the reply text.

        A question about whether or when a measure became law is answered from the status view; any other
        answer about a measure ends with where that measure stands now.
        """
        prefix = prefix or []
        if measure is not None and measure.steps:
            steps = measure.steps if status_question else _latest(measure.steps)
            status = [(Sentence(step.text, kind="claim", summary=True), [step.passage_id]) for step in steps]
            if status_question:  # the best sentence on the point, then where things stand
                lead = draft.sentences[: 2 if draft.sentences and draft.sentences[0][0].summary else 1]
                body = [*lead, *status] if draft.covered else status
            else:
                body = [*draft.sentences, *status] if draft.covered else []
            if body:
                unknown = measure.unknown if not measure.in_force else ""
                notes = [*draft.notes, *(n for n in (unknown, measure.note) if n)]
                draft = Draft(sentences=_unique(body), candidates=draft.candidates, best_score=draft.best_score,
                              notes=notes)
        if not draft.covered:
            answer.status = NOT_COVERED if not prefix else SIGNPOSTED
            body = [Sentence(self.messages("not_covered"), kind="note")]
            answer.sentences = [*prefix, *body]
            answer.text = _join(answer.sentences)
            return
        numbers: dict[str, int] = {}
        used: list[Passage] = []
        sentences: list[Sentence] = []
        for sentence, pids in draft.sentences:
            cites = []
            for pid in pids:
                if pid not in numbers:
                    numbers[pid] = len(numbers) + 1
                    used.append(self.library.by_id[pid])
                cites.append(numbers[pid])
            sentences.append(Sentence(sentence.text, tuple(cites), sentence.kind, sentence.summary))
        sentences += [Sentence(note, kind="note") for note in draft.notes]
        newest = max(used, key=lambda p: (p.meta["authority"], p.meta.get("date") or ""))
        if measure is None and newest.meta["doc_type"] not in {"news", "explainer"}:
            note = self.composer.source_note(newest, self.messages.template("newest_source"))
            sentences.append(Sentence(note.text, (numbers[newest.id],), note.kind))
        if any(sn.summary for sn in sentences):
            sentences.append(Sentence(self.messages("summary_note"), kind="note"))
        sentences.append(Sentence(self.messages("disclaimer"), kind="note"))
        answer.status = ANSWERED
        answer.sentences = [*prefix, *sentences]
        answer.citations = [citation_for(numbers[p.id], p.meta, p.body, p.id) for p in used]
        answer.text = _join(answer.sentences)
        said = " ".join(s.text for s in sentences if s.kind in {"claim", "quote"})
        answer.glossary = [(term, plain) for term, pattern, plain in self.glossary if pattern.search(said)]


def _latest(steps: list[Step]) -> list[Step]:
    """Where a measure stands now: from the latest step naming its Act (else its latest step in force)
    onwards, or else its last step."""
    for stages in ({"enacted"}, {"in_force"}):
        settled = [i for i, step in enumerate(steps) if step.stage in stages]
        if settled:
            return steps[settled[-1]:]
    return steps[-1:]


def _unique(sentences: list[tuple[Sentence, list[str]]]) -> list[tuple[Sentence, list[str]]]:
    """Drop repeated sentences (a step can also be the lead)."""
    seen: set[str] = set()
    out = []
    for sentence, pids in sentences:
        if sentence.text not in seen:
            seen.add(sentence.text)
            out.append((sentence, pids))
    return out


def _join(sentences: list[Sentence]) -> str:
    parts = []
    for s in sentences:
        marks = "".join(f" [{n}]" for n in s.cites) + ("†" if s.summary else "")
        parts.append(f"{s.text}{marks}")
    return "\n\n".join(parts)
