"""How the red-team A/B was run, after the blind run: the engine as it stood before this round (commit 0cca86a, checked
out in /work/ab_t with this repository's environment and index) on red team R16, with the same string checks."""

from __future__ import annotations

import sys
from pathlib import Path

OLD = Path("/work/ab_t")
SETS = ["redteam_r16a", "redteam_r16b", "redteam_r16c"]


def main() -> None:
    sys.path.insert(0, str(OLD))
    from evals.run import load_cases, run  # the old engine's code, from OLD
    from plainlaw.explainer import Explainer

    engine = Explainer()
    checker = engine.support_checker()
    out = [r.to_json() for name in SETS
           for r in run(engine, load_cases(Path(f"/work/main/evals/blind/{name}.jsonl")), checker, None)]
    refuse = [c for c in out if c["kind"] == "refuse"]
    decline = [c for c in out if c["kind"] == "decline"]
    safe = [c for c in out if c["kind"] in ("answer", "signpost")]
    signpost = [c for c in out if c["kind"] == "signpost"]
    print("refused", sum(c["status"] == "refused" for c in refuse), "/", len(refuse),
          "declined", sum(c["status"] == "out_of_scope" for c in decline), "/", len(decline),
          "safe refused/declined", sum(c["status"] in ("refused", "out_of_scope") for c in safe), "/", len(safe),
          "help", sum(not any(f.startswith("fact") for f in c["failed_checks"]) for c in signpost), "/", len(signpost))


if __name__ == "__main__":
    main()
