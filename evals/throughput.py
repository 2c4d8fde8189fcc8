"""`python -m evals.throughput [--rounds 3]`: questions per second with one asker and with two at once, on one
engine — does a second person asking at the same time use the machine's second core?

Each round asks the same questions with a mark that makes every text new (so nothing comes from the engine's
caches), first with one thread and then with two; rounds alternate so that other load on the machine falls on
both alike. `scaling(explainer, questions)` is what the benchmark command calls.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from plainlaw.settings import ROOT


def dev_questions(limit: int = 40) -> list[str]:
    """Real questions of the development set (evaluation cases with no earlier turns)."""
    cases = [json.loads(line) for line in (ROOT / "evals" / "dev_cases.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    return [c["question"] for c in cases if not c.get("history")][:limit]


def rate(explainer: Any, questions: list[str], threads: int) -> tuple[float, float]:
    """(questions per second, CPU seconds of this process per question) for these questions on `threads`."""
    wall, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        answers = list(pool.map(explainer.ask, questions))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert all(a.status not in {"error", "unavailable"} for a in answers), "a question failed while measuring"
    return len(questions) / wall, cpu / len(questions)


def scaling(explainer: Any, questions: list[str] | None = None, threads: tuple[int, int] = (1, 2),
            rounds: int = 3) -> dict[str, Any]:
    """Throughput with one asker and with two at once, median of `rounds`, and their ratio (goal ≥ 1.6)."""
    questions = questions or dev_questions()
    for q in questions:  # load every model and cache what does not depend on the text
        explainer.ask(q)
    runs: dict[int, list[tuple[float, float]]] = {n: [] for n in threads}
    for r in range(rounds):
        for n in threads:
            runs[n].append(rate(explainer, [f"{q} ({r}.{n}.{i})" for i, q in enumerate(questions)], n))
    one, two = (statistics.median(q for q, _ in runs[n]) for n in threads)
    return {
        "questions": len(questions), "rounds": rounds,
        **{f"q_per_s_{n}": round(statistics.median(q for q, _ in runs[n]), 1) for n in threads},
        **{f"cpu_ms_per_q_{n}": round(1000 * statistics.median(c for _, c in runs[n]), 1) for n in threads},
        # cores this process kept busy: near 1.0 with two askers means the machine had no second core to give
        **{f"cores_used_{n}": round(statistics.median(q * c for q, c in runs[n]), 2) for n in threads},
        "ratio": round(two / one, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.throughput", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from plainlaw.explainer import Explainer

    result = scaling(Explainer(), rounds=args.rounds)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
