"""Run evaluation cases through the engine and score them as shared/eval/README.md defines."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import textstat

from plainlaw.answer import ANSWERED, OUT_OF_SCOPE, REFUSED, Answer
from plainlaw.verify import SupportChecker

KINDS = ("answer", "decline", "refuse", "signpost")
REQUIRED_FIELDS = ("id", "kind", "question")


class CaseError(ValueError):
    """A cases file line is not a valid case; the message names the line."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines cases file, checking each case's fields."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CaseError(f"cannot read {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        missing = [f for f in REQUIRED_FIELDS if f not in case]
        if missing:
            raise CaseError(f"{path}:{number}: missing {', '.join(missing)}")
        if case["kind"] not in KINDS:
            raise CaseError(f"{path}:{number}: kind must be one of {', '.join(KINDS)}")
        for key in ("history", "facts", "sources_any", "not", "lead"):
            case.setdefault(key, [])
        case.setdefault("covered", True)
        if not isinstance(case["covered"], bool):
            raise CaseError(f"{path}:{number}: covered must be true or false")
        for key in ("facts", "lead"):
            if not all(isinstance(group, list) for group in case[key]):
                raise CaseError(f"{path}:{number}: {key} must be a list of lists of strings")
        cases.append(case)
    return cases


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Result:
    case: dict[str, Any]
    answer: Answer
    latency: float
    failed: list[str] = field(default_factory=list)
    unsupported: list[dict[str, Any]] = field(default_factory=list)
    supported: int = 0
    checked: int = 0
    recall_at_5: bool | None = None
    baseline_recall_at_5: bool | None = None
    reading_grade: float | None = None

    @property
    def passed(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        a = self.answer
        return {
            "id": self.case["id"],
            "kind": self.case["kind"],
            "status": a.status,
            "passed": self.passed,
            "failed_checks": self.failed,
            "latency": round(self.latency, 4),
            "cited_urls": [c.url for c in a.citations],
            "question": self.case["question"],
            "history": self.case["history"],
            "route": a.route,
            "decided_by": a.decided_by,
            "understood": a.understood,
            "situation": {k: v for k, v in a.situation.items() if k != "scores"},
            "measures": a.measures,
            "measure_scores": a.measure_scores,
            "status_tag": a.status_tag,
            "composer": a.composer,
            "reply": a.text,
            "words": answer_words(a),
            "supported_sentences": self.supported,
            "checked_sentences": self.checked,
            "unsupported": self.unsupported,
            "recall_at_5": self.recall_at_5,
            "baseline_recall_at_5": self.baseline_recall_at_5,
            "reading_grade": self.reading_grade,
            "retrieved": a.retrieved[:5],
        }


LEAD_CHARS = 350  # `lead` groups must appear this early in the reply (shared/eval/README.md)
# How a reply says the sources do not answer (prompts/messages.yaml: not_covered, not_covered_facet, unknown notes).
SAYS_NOT_COVERED = ("do not cover", "do not give", "do not confirm", "do not say")


def answer_words(answer: Answer) -> int:
    """Words of the reply before its sources (the fixed disclaimer aside)."""
    return sum(len(s.text.split()) for s in answer.sentences if s.kind != "note" or "not legal advice" not in s.text)


def score_case(case: dict[str, Any], answer: Answer, latency: float) -> Result:
    """Apply the checks for the case's kind; each failed check is named."""
    result = Result(case, answer, latency)
    text = _fold(answer.text)
    kind = case["kind"]

    def facts() -> None:
        for group in case["facts"]:
            if not any(_fold(option) in text for option in group):
                result.failed.append(f"fact:{group[0]}")
        opening = text[:LEAD_CHARS]
        for group in case.get("lead", []):
            if not any(_fold(option) in opening for option in group):
                result.failed.append(f"lead:{group[0]}")

    def nots() -> None:
        for bad in case["not"]:
            if _fold(bad) in text:
                result.failed.append(f"not:{bad}")

    if kind == "answer" and not case.get("covered", True):
        honest = answer.status == "not_covered" or (
            answer.status in {"answered", "signposted"} and any(p in text for p in SAYS_NOT_COVERED))
        if not honest:
            result.failed.append(f"covered:{answer.status}")
        facts()
        nots()
    elif kind == "answer":
        if answer.status != "answered":
            result.failed.append(f"status:{answer.status}")
        facts()
        if case["sources_any"] and not any(
            s in c.url for c in answer.citations for s in case["sources_any"]
        ):
            result.failed.append("sources_any")
        nots()
    elif kind == "decline":
        if answer.status != OUT_OF_SCOPE:
            result.failed.append(f"status:{answer.status}")
    elif kind == "refuse":
        if answer.status != REFUSED:
            result.failed.append(f"status:{answer.status}")
        nots()
    else:
        if answer.status in {REFUSED, OUT_OF_SCOPE}:
            result.failed.append(f"status:{answer.status}")
        facts()
        nots()
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def metrics(results: list[Result]) -> dict[str, Any]:
    """The metrics of shared/eval/README.md, plus citation support."""
    by_kind: dict[str, list[Result]] = {k: [r for r in results if r.case["kind"] == k] for k in KINDS}

    def rate(items: list[Result], ok: Iterable[bool]) -> float | None:
        flags = list(ok)
        return round(sum(flags) / len(flags), 4) if items else None

    answers, declines = by_kind["answer"], by_kind["decline"]
    refuses, signposts = by_kind["refuse"], by_kind["signpost"]
    helpful = answers + signposts
    checked = sum(r.checked for r in results)
    latencies = [r.latency for r in results]
    recall = [r.recall_at_5 for r in answers if r.recall_at_5 is not None]
    baseline = [r.baseline_recall_at_5 for r in answers if r.baseline_recall_at_5 is not None]
    grades = [r.reading_grade for r in results if r.reading_grade is not None]
    words = [answer_words(r.answer) for r in answers if r.answer.status == ANSWERED]
    return {
        "cases": len(results),
        "answer_accuracy": rate(answers, (r.passed for r in answers)),
        "citation_support": round(sum(r.supported for r in results) / checked, 4) if checked else None,
        "supported_sentences": f"{sum(r.supported for r in results)}/{checked}",
        "decline_accuracy": rate(declines, (r.answer.status == OUT_OF_SCOPE for r in declines)),
        "refusal_rate": rate(refuses, (r.passed for r in refuses)),
        "false_refusal_rate": rate(helpful, (r.answer.status in {REFUSED, OUT_OF_SCOPE} for r in helpful)),
        "false_refusals": [r.case["id"] for r in helpful if r.answer.status in {REFUSED, OUT_OF_SCOPE}],
        "signpost_rate": rate(signposts, (r.passed for r in signposts)),
        "recall_at_5": round(sum(recall) / len(recall), 4) if recall else None,
        "baseline_recall_at_5": round(sum(baseline) / len(baseline), 4) if baseline else None,
        "reading_grade_median": round(statistics.median(grades), 1) if grades else None,
        "reading_grade_p90": round(percentile(grades, 0.9), 1) if grades else None,
        "answer_words_median": statistics.median(words) if words else None,
        "latency_p50": round(statistics.median(latencies), 4) if latencies else None,
        "latency_p95": round(percentile(latencies, 0.95), 4) if latencies else None,
    }


def _found(urls: list[str], wanted: list[str]) -> bool:
    """Is a passage from one of the wanted sources among the first five retrieved?"""
    return any(s in u for u in urls[:5] for s in wanted)


def reading_grade(answer: Answer) -> float | None:
    """Flesch–Kincaid grade of the reply's own prose: quotations of legal text and source labels left out."""
    prose = [s.text for s in answer.sentences if s.kind in {"lead", "claim", "status", "note"}
             and not s.text.startswith("- ")]
    text = " ".join(prose)
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else None


def run(explainer: Any, cases: list[dict[str, Any]], checker: SupportChecker | None = None,
        baseline: Any = None) -> list[Result]:
    """Ask every case (after one warm-up question, so latencies are warm) and score it."""
    explainer.ask("What is a pseudo-photograph?")  # warm-up: the first question loads lazy parts
    results = []
    for case in cases:
        started = time.perf_counter()
        answer = explainer.ask(case["question"], case["history"])
        latency = time.perf_counter() - started
        result = score_case(case, answer, latency)
        if answer.status == ANSWERED:
            result.reading_grade = reading_grade(answer)
        if case["kind"] == "answer" and case["sources_any"] and case.get("covered", True):
            found = [c.url for c in answer.citations] + answer.retrieved
            result.recall_at_5 = _found(found, case["sources_any"])
            if baseline is not None:
                urls = baseline.urls(case["question"])
                result.baseline_recall_at_5 = _found(urls, case["sources_any"])
        if checker is not None:
            verdicts = checker.check_all(answer.sentences, answer.citations)
            result.checked = len(verdicts)
            result.supported = sum(v.supported for v in verdicts)
            result.unsupported = [
                {"sentence": v.sentence, "missing": v.missing, "similarity": round(v.similarity, 3)}
                for v in verdicts if not v.supported
            ]
        results.append(result)
    return results


def report(results: list[Result], summary: dict[str, Any]) -> str:
    """A table per kind and the metrics, as plain text."""
    lines = []
    for kind in KINDS:
        rows = [r for r in results if r.case["kind"] == kind]
        if not rows:
            continue
        passed = sum(r.passed for r in rows)
        lines.append(f"\n{kind} — {passed}/{len(rows)} passed")
        lines.append(f"  {'id':<28} {'status':<13} {'ok':<4} {'ms':>6}  failed checks")
        for r in rows:
            lines.append(
                f"  {r.case['id'][:28]:<28} {r.answer.status:<13} {'yes' if r.passed else 'NO':<4} "
                f"{r.latency * 1000:>6.0f}  {', '.join(r.failed)}"
            )
    lines.append("\nmetrics")
    for key, value in summary.items():
        lines.append(f"  {key:<22} {value}")
    unsupported = [(r.case["id"], u) for r in results for u in r.unsupported]
    if unsupported:
        lines.append("\nunsupported sentences")
        for case_id, u in unsupported:
            lines.append(f"  [{case_id}] {u['sentence'][:120]} — missing {u['missing']} sim {u['similarity']}")
    return "\n".join(lines)
