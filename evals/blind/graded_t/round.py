"""How panel T and red team R16 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the
engine the app uses, alone on the machine (latency counts), into /work/final_t (the outputs were copied here);
`old` and `old-redteam` — the engine before the round (commit 0cca86a, checked out in /work/ab_t with this
repository's environment and index) on the panels and on the red teams; `mix` — the replies that differ, shuffled for
the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import main

OUT = Path("/work/final_t")
OLD = Path("/work/ab_t")
PANELS = ["panel_t1", "panel_t2", "panel_t3", "panel_t4"]
REDTEAMS = ["redteam_r16a", "redteam_r16b", "redteam_r16c"]

if __name__ == "__main__":
    main(sys.argv, OUT, OLD, PANELS, REDTEAMS, seed=20261202)
