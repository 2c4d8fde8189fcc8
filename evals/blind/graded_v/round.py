"""How panel V and red team R18 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the engine the app uses, alone on the machine (latency counts), into /work/final_v (the
outputs were copied here); `old` and `old-redteam` — the engine before the round (commit 10cb51a, checked out in
/work/ab_v with this repository's environment and index) on the panels and on the red teams; `mix` — the replies that
differ, shuffled for the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import main

OUT = Path("/work/final_v")
OLD = Path("/work/ab_v")
PANELS = ["panel_v1", "panel_v2", "panel_v3", "panel_v4"]
REDTEAMS = ["redteam_r18a", "redteam_r18b", "redteam_r18c"]

if __name__ == "__main__":
    main(sys.argv, OUT, OLD, PANELS, REDTEAMS, seed=20261204)
