"""How panel U and red team R17 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the engine the app uses, alone on the machine (latency counts), into /work/final_u (the
outputs were copied here); `old` and `old-redteam` — the engine before the round (commit 788006e, checked out in
/work/ab_u with this repository's environment and index) on the panels and on the red teams; `mix` — the replies that
differ, shuffled for the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import mix_ab, old_redteam, old_replies, run_round

OUT = Path("/work/final_u")
OLD = Path("/work/ab_u")
PANELS = ["panel_u1", "panel_u2", "panel_u3", "panel_u4"]
REDTEAMS = ["redteam_r17a", "redteam_r17b", "redteam_r17c"]

if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else "blind"
    {"blind": lambda: run_round(PANELS + REDTEAMS, OUT), "old": lambda: old_replies(OLD, PANELS, OUT),
     "old-redteam": lambda: old_redteam(OLD, REDTEAMS), "mix": lambda: mix_ab(OUT, PANELS, seed=20261203)}[step]()
