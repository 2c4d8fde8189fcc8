"""Many people asking one engine at once: twenty threads get exactly the answers one thread gets, with no error.

The threads work on texts the shared engine has never seen, so they really encode, read and search side by side
(nothing comes from its caches); the single-thread answers come from a second engine over the same index, whose
caches the threads never touched, so a vector spoiled by a race could not hide by being reused."""

from __future__ import annotations

import json
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from plainlaw.answer import ANSWER_STATUSES, ERROR, UNAVAILABLE, Answer
from plainlaw.settings import ROOT, Settings

THREADS = 20


def cases(n: int = 40) -> list[tuple[str, list[dict[str, str]]]]:
    """Development questions, follow-ups with their earlier turns among them, marked so that they are new."""
    rows = [json.loads(line) for line in (ROOT / "evals" / "dev_cases.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    follow_ups = [r for r in rows if r.get("history")][: n // 4]
    chosen = follow_ups + [r for r in rows if not r.get("history")][: n - len(follow_ups)]
    return [(f"{r['question']} (concurrency {i})", r.get("history") or []) for i, r in enumerate(chosen)]


def comparable(answer: Answer) -> dict[str, Any]:
    """Everything the user sees and how the message was read; probabilities rounded, because a text encoded in
    a batch with other texts (a follow-up's earlier turn already cached by another thread) differs from one
    encoded alone in the last bits of a float."""
    assert answer.status in ANSWER_STATUSES and answer.status not in {ERROR, UNAVAILABLE}, answer.text
    record = answer.to_dict()
    record.pop("timings")
    situation = record.get("situation") or {}
    situation["scores"] = {head: {k: round(float(v), 4) for k, v in row.items()}
                           for head, row in (situation.get("scores") or {}).items()}
    if "harm" in situation:
        situation["harm"] = round(float(situation["harm"]), 4)
    record["measure_scores"] = {k: round(float(v), 4) for k, v in record.get("measure_scores", {}).items()}
    return record


def test_twenty_threads_on_one_engine_get_the_single_thread_answers(explainer, index_settings: Settings) -> None:
    from plainlaw.explainer import Explainer

    asked = cases()
    assert len(asked) == 40 and any(history for _, history in asked)
    work = asked * 2  # every question twice, in random order: the same text in flight in two threads at once
    random.Random(11).shuffle(work)
    with ThreadPoolExecutor(THREADS) as pool:
        together = list(pool.map(lambda case: comparable(explainer.ask(*case)), work))
    alone = Explainer(index_settings)
    expected = {question: comparable(alone.ask(question, history)) for question, history in asked}
    for (question, _), answer in zip(work, together, strict=True):
        assert answer == expected[question], question
