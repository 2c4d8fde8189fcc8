"""How panel W and red team R19 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the engine the app uses, alone on the machine (latency counts), into /work/final_w (the
outputs were copied here); `old` and `old-redteam` — the engine before the round (commit 9b888bc, checked out in
/work/ab_w with this repository's environment and index) on the panels and on the red teams; `mix` — the replies that
differ, shuffled for the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import main

OUT = Path("/work/final_w")
OLD = Path("/work/ab_w")
PANELS = ["panel_w1", "panel_w2", "panel_w3", "panel_w4"]
REDTEAMS = ["redteam_r19a", "redteam_r19b", "redteam_r19c"]

if __name__ == "__main__":
    main(sys.argv, OUT, OLD, PANELS, REDTEAMS, seed=20261205)
