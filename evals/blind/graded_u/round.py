"""How panel U and red team R17 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the engine the app uses, alone on the machine (latency counts), into /work/final_u (the
outputs were copied here); `old` and `old-redteam` — the engine before the round (commit 788006e, checked out in
/work/ab_u with this repository's environment and index) on the panels and on the red teams; `mix` — the replies that
differ, shuffled for the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import main

OUT = Path("/work/final_u")
OLD = Path("/work/ab_u")
PANELS = ["panel_u1", "panel_u2", "panel_u3", "panel_u4"]
REDTEAMS = ["redteam_r17a", "redteam_r17b", "redteam_r17c"]

if __name__ == "__main__":
    main(sys.argv, OUT, OLD, PANELS, REDTEAMS, seed=20261203)
