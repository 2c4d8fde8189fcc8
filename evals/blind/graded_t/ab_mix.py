"""How the A/B file was made, after ab_run.py: the replies of the engine before this round and of this round's engine
that differ, shuffled together under neutral ids (replies_ab.jsonl) with the key kept apart (ab_key.json), so the
grader cannot tell which engine wrote which reply."""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path("/work/final_t")
PANELS = ["panel_t1", "panel_t2", "panel_t3", "panel_t4"]


def main() -> None:
    old = {r["id"]: r for r in map(json.loads, (OUT / "replies_old.jsonl").read_text().splitlines())}
    rows, key = [], {}
    for name in PANELS:
        for line in (OUT / f"replies_{name}.jsonl").read_text().splitlines():
            new = json.loads(line)
            before = old[new["id"]]
            if before["reply"] == new["reply"]:
                continue
            for engine, reply in (("new", new), ("old", before)):
                row = {k: new[k] for k in ("persona", "kind", "history", "question", "key_points", "must_not_say",
                                           "covered")}
                row.update(reply=reply["reply"], status=reply["status"], cited_passages=reply["cited_passages"])
                rows.append((engine, new["id"], row))
    random.Random(20261202).shuffle(rows)
    with (OUT / "replies_ab.jsonl").open("w") as out:
        for n, (engine, case_id, row) in enumerate(rows, 1):
            ab_id = f"AB-{n:03d}"
            key[ab_id] = {"engine": engine, "case": case_id}
            out.write(json.dumps({"id": ab_id, **row}, ensure_ascii=False) + "\n")
    (OUT / "ab_key.json").write_text(json.dumps(key, indent=1))
    print(len(rows), "replies,", len(rows) // 2, "cases differ")


if __name__ == "__main__":
    main()
