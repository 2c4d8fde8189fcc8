"""One blind round, run once: the panels and red teams through the engine the app uses; the engine before the round
on the same panels and red teams; the replies that differ, shuffled for a blind A/B grading. Each round's sets, folders
and seed are in evals/blind/rounds.yaml: `python -m evals.blind_round <round> <step>`."""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import yaml

BLIND = Path(__file__).resolve().parent / "blind"


def _cases(name: str) -> list[dict[str, Any]]:
    lines = (BLIND / f"{name}.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _cited(answer: Any) -> list[dict[str, Any]]:
    """The passages a reply showed, as the grader reads them."""
    return [{"n": c.n, "title": c.title, "publisher": c.publisher, "date": c.date_label, "status": c.status_label,
             "where": c.heading_path, "url": c.url, "passage": c.passage} for c in answer.citations]


def run_round(sets: list[str], out: Path) -> None:
    """Every case of `sets`, warm, as the app answers it: case results, metrics and the replies the graders read."""
    from evals.run import load_cases, metrics, report, run
    from plainlaw.explainer import Explainer

    engine = Explainer()
    checker = engine.support_checker()
    engine.ask("warm up: is sharing a deepfake illegal?")  # warm, as the app is after its first answer
    for name in sets:
        results = run(engine, load_cases(BLIND / f"{name}.jsonl"), checker, None)
        summary = metrics(results)
        cases = {"metrics": summary, "cases": [r.to_json() for r in results]}
        (out / f"cases_{name}.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False))
        (out / f"report_{name}.txt").write_text(report(results, summary))
        raw = {case["id"]: case for case in _cases(name)}
        with (out / f"replies_{name}.jsonl").open("w") as replies:
            for r in results:
                case, answer = raw[r.case["id"]], r.answer
                row = {"id": case["id"], "persona": case.get("persona"), "kind": case["kind"],
                       "history": case.get("history", []), "question": case["question"],
                       "key_points": case.get("key_points", []), "must_not_say": case.get("must_not_say", []),
                       "covered": case.get("covered", True), "reply": answer.text, "status": answer.status,
                       "cited_passages": _cited(answer)}
                replies.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(name, json.dumps(summary)[:600], flush=True)


def _old_engine(old: Path) -> Any:
    """The engine before the round, from its checkout (sharing this repository's environment and index)."""
    sys.path.insert(0, str(old))
    os.chdir(old)
    from plainlaw.explainer import Explainer  # the old engine's code, from `old`

    return Explainer()


def old_replies(old: Path, panels: list[str], out: Path) -> None:
    """The engine before the round on the panels, into out/replies_old.jsonl."""
    engine = _old_engine(old)
    with (out / "replies_old.jsonl").open("w") as replies:
        for name in panels:
            for case in _cases(name):
                answer = engine.ask(case["question"], case.get("history", []))
                replies.write(json.dumps({"id": case["id"], "reply": answer.text, "status": answer.status,
                                          "cited_passages": _cited(answer)}, ensure_ascii=False) + "\n")


def old_redteam(old: Path, sets: list[str]) -> None:
    """The engine before the round on the red teams, with the same string checks: the four red-team figures."""
    engine = _old_engine(old)
    from evals.run import load_cases, run

    out = [r.to_json() for name in sets
           for r in run(engine, load_cases(BLIND / f"{name}.jsonl"), engine.support_checker(), None)]
    refuse = [c for c in out if c["kind"] == "refuse"]
    decline = [c for c in out if c["kind"] == "decline"]
    safe = [c for c in out if c["kind"] in ("answer", "signpost")]
    signpost = [c for c in out if c["kind"] == "signpost"]
    print("refused", sum(c["status"] == "refused" for c in refuse), "/", len(refuse),
          "declined", sum(c["status"] == "out_of_scope" for c in decline), "/", len(decline),
          "safe refused/declined", sum(c["status"] in ("refused", "out_of_scope") for c in safe), "/", len(safe),
          "help", sum(not any(f.startswith("fact") for f in c["failed_checks"]) for c in signpost), "/", len(signpost))


def mix_ab(out: Path, panels: list[str], seed: int) -> None:
    """The replies of the two engines that differ, shuffled together under neutral ids (replies_ab.jsonl), with the
    key kept apart (ab_key.json), so the grader cannot tell which engine wrote which."""
    old = {r["id"]: r for r in map(json.loads, (out / "replies_old.jsonl").read_text().splitlines())}
    rows = []
    for name in panels:
        for line in (out / f"replies_{name}.jsonl").read_text().splitlines():
            new = json.loads(line)
            before = old[new["id"]]
            if before["reply"] == new["reply"]:
                continue
            for engine, reply in (("new", new), ("old", before)):
                row = {k: new[k] for k in ("persona", "kind", "history", "question", "key_points", "must_not_say",
                                           "covered")}
                row.update(reply=reply["reply"], status=reply["status"], cited_passages=reply["cited_passages"])
                rows.append((engine, new["id"], row))
    random.Random(seed).shuffle(rows)
    key = {}
    with (out / "replies_ab.jsonl").open("w") as replies:
        for n, (engine, case_id, row) in enumerate(rows, 1):
            ab_id = f"AB-{n:03d}"
            key[ab_id] = {"engine": engine, "case": case_id}
            replies.write(json.dumps({"id": ab_id, **row}, ensure_ascii=False) + "\n")
    (out / "ab_key.json").write_text(json.dumps(key, indent=1))
    print(len(rows), "replies,", len(rows) // 2, "cases differ")


def rounds() -> dict[str, dict[str, Any]]:
    """Every round's sets, folders and seed (evals/blind/rounds.yaml)."""
    return yaml.safe_load((BLIND / "rounds.yaml").read_text(encoding="utf-8"))


def main(argv: list[str]) -> None:
    """One step of a round, both named on the command line: the round (s, t, …) and `blind` (the default), `old`,
    `old-redteam` or `mix`."""
    table = rounds()
    if len(argv) < 2 or argv[1] not in table:
        raise SystemExit(f"name a round: one of {', '.join(table)}")
    r = table[argv[1]]
    out, old, panels, redteams = Path(r["out"]), Path(r["old"]), r["panels"], r["redteams"]
    steps = {"blind": lambda: run_round(panels + redteams, out), "old": lambda: old_replies(old, panels, out),
             "old-redteam": lambda: old_redteam(old, redteams), "mix": lambda: mix_ab(out, panels, seed=r["seed"])}
    step = argv[2] if len(argv) > 2 else "blind"
    if step not in steps:
        raise SystemExit(f"unknown step {step!r}: one of {', '.join(steps)}")
    steps[step]()


if __name__ == "__main__":
    main(sys.argv)
