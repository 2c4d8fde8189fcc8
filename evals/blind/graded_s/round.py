"""How panel S and red team R15 were run, once, from the repository root with PYTHONPATH set to it:
`blind` — every case through the
engine the app uses, alone on the machine (latency counts), into /work/final_s (the outputs were copied here);
`old` and `old-redteam` — the engine before the round (commit c8172bd, checked out in /work/ab_s with this
repository's environment and index) on the panels and on the red teams; `mix` — the replies that differ, shuffled for
the blind A/B grading (replies_ab.jsonl, ab_key.json)."""

from __future__ import annotations

import sys
from pathlib import Path

from evals.blind_round import main

OUT = Path("/work/final_s")
OLD = Path("/work/ab_s")
PANELS = ["panel_s1", "panel_s2", "panel_s3", "panel_s4"]
REDTEAMS = ["redteam_r15a", "redteam_r15b", "redteam_r15c"]

if __name__ == "__main__":
    main(sys.argv, OUT, OLD, PANELS, REDTEAMS, seed=20261201)
