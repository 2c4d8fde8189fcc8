"""How the A/B check was run, after the blind run: the engine as it stood before this round (commit 0cca86a, checked
out in /work/ab_t with this repository's environment and index) answered panel T; its replies went beside this
round's, and the ones that differ were graded blind, shuffled together (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

OLD = Path("/work/ab_t")
PANELS = Path("/work/main/evals/blind")


def main() -> None:
    sys.path.insert(0, str(OLD))
    os.chdir(OLD)
    from plainlaw.explainer import Explainer  # the old engine's code, from OLD

    engine = Explainer()
    with open("/work/final_t/replies_old.jsonl", "w") as out:
        for name in ["panel_t1", "panel_t2", "panel_t3", "panel_t4"]:
            for line in (PANELS / f"{name}.jsonl").read_text().splitlines():
                if not line.strip():
                    continue
                case = json.loads(line)
                answer = engine.ask(case["question"], case.get("history", []))
                cited = [{"n": c.n, "title": c.title, "publisher": c.publisher, "date": c.date_label,
                          "status": c.status_label, "where": c.heading_path, "url": c.url, "passage": c.passage}
                         for c in answer.citations]
                out.write(json.dumps({"id": case["id"], "reply": answer.text, "status": answer.status,
                                      "cited_passages": cited}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
