"""How panel T and red team R16 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the
engine the app uses, alone on the machine (latency counts), into /work/final_t (the outputs were copied here);
`old` and `old-redteam` — the engine before the round (commit 0cca86a, checked out in /work/ab_t with this
repository's environment and index) on the panels and on the red teams; `mix` — the replies that differ, shuffled for
the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import mix_ab, old_redteam, old_replies, run_round

OUT = Path("/work/final_t")
OLD = Path("/work/ab_t")
PANELS = ["panel_t1", "panel_t2", "panel_t3", "panel_t4"]
REDTEAMS = ["redteam_r16a", "redteam_r16b", "redteam_r16c"]

if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else "blind"
    {"blind": lambda: run_round(PANELS + REDTEAMS, OUT), "old": lambda: old_replies(OLD, PANELS, OUT),
     "old-redteam": lambda: old_redteam(OLD, REDTEAMS), "mix": lambda: mix_ab(OUT, PANELS, seed=20261202)}[step]()
