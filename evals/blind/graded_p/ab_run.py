"""A/B, after the blind run: the engine as it stood before this round (commit 72a2b26, in /work/ab_old) answers panel P;
its replies go beside this round's, to find the ones that differ."""
import json, sys
from pathlib import Path
sys.path.insert(0, '/work/ab_old')
import os
os.chdir('/work/ab_old')
from plainlaw.explainer import Explainer
e = Explainer()
out = open('/work/final_p/replies_old.jsonl', 'w')
for n in ['panel_p1', 'panel_p2', 'panel_p3', 'panel_p4']:
    for line in Path(f'/work/main/evals/blind/{n}.jsonl').read_text().splitlines():
        if not line.strip():
            continue
        c = json.loads(line)
        a = e.ask(c['question'], c.get('history', []))
        cited = [{"n": x.n, "title": x.title, "publisher": x.publisher, "date": x.date_label, "status": x.status_label,
                  "where": x.heading_path, "url": x.url, "passage": x.passage} for x in a.citations]
        out.write(json.dumps({"id": c['id'], "reply": a.text, "status": a.status, "cited_passages": cited},
                             ensure_ascii=False) + "\n")
out.close()
print('done')
