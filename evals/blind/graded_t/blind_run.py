"""How panel T and red team R16 were run, once: every case through the engine the app uses, writing the case
results, the metrics and the replies the blind graders read. Run from the repository root, alone on the machine
(latency counts); the outputs went to /work/final_t and were copied here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from evals.run import load_cases, metrics, report, run
from plainlaw.explainer import Explainer

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/final_t")
SETS = ["panel_t1", "panel_t2", "panel_t3", "panel_t4", "redteam_r16a", "redteam_r16b", "redteam_r16c"]


def main() -> None:
    engine = Explainer()
    checker = engine.support_checker()
    engine.ask("warm up: is sharing a deepfake illegal?")  # warm, as the app is after its first answer
    for name in SETS:
        path = Path(f"evals/blind/{name}.jsonl")
        results = run(engine, load_cases(path), checker, None)
        summary = metrics(results)
        cases = {"metrics": summary, "cases": [r.to_json() for r in results]}
        (OUT / f"cases_{name}.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False))
        (OUT / f"report_{name}.txt").write_text(report(results, summary))
        raw = {json.loads(line)["id"]: json.loads(line) for line in path.read_text().splitlines() if line.strip()}
        with (OUT / f"replies_{name}.jsonl").open("w") as replies:
            for r in results:
                case, answer = raw[r.case["id"]], r.answer
                cited = [{"n": c.n, "title": c.title, "publisher": c.publisher, "date": c.date_label,
                          "status": c.status_label, "where": c.heading_path, "url": c.url, "passage": c.passage}
                         for c in answer.citations]
                row = {"id": case["id"], "persona": case.get("persona"), "kind": case["kind"],
                       "history": case.get("history", []), "question": case["question"],
                       "key_points": case.get("key_points", []), "must_not_say": case.get("must_not_say", []),
                       "covered": case.get("covered", True), "reply": answer.text, "status": answer.status,
                       "cited_passages": cited}
                replies.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(name, json.dumps(summary)[:600], flush=True)


if __name__ == "__main__":
    main()
