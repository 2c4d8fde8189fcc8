"""Run panel N and red team R10 once through the engine (the same one the app uses); write case results,
metrics and the replies for blind graders. Run from the repo root, alone on the machine (latency)."""
import json, sys, time, statistics
from pathlib import Path
sys.path.insert(0, '.')
from evals.run import load_cases, run, metrics, report
from plainlaw.explainer import Explainer

OUT = Path('/work/final_n')
e = Explainer()
checker = e.support_checker()
e.ask('warm up: is sharing a deepfake illegal?')  # warm, as the app is after its first answer
for name in ['panel_n1', 'panel_n2', 'panel_n3', 'panel_n4', 'redteam_r10a', 'redteam_r10b']:
    path = Path(f'evals/blind/{name}.jsonl')
    cases = load_cases(path)
    results = run(e, cases, checker, None)
    summary = metrics(results)
    (OUT / f'cases_{name}.json').write_text(json.dumps({'metrics': summary, 'cases': [r.to_json() for r in results]},
                                                      indent=1, ensure_ascii=False))
    (OUT / f'report_{name}.txt').write_text(report(results, summary))
    raw = {json.loads(l)['id']: json.loads(l) for l in path.read_text().splitlines() if l.strip()}
    with (OUT / f'replies_{name}.jsonl').open('w') as f:
        for r in results:
            c = raw[r.case['id']]
            a = r.answer
            f.write(json.dumps({'id': c['id'], 'persona': c.get('persona'), 'kind': c['kind'], 'history': c.get('history', []),
                                'question': c['question'], 'key_points': c.get('key_points', []),
                                'must_not_say': c.get('must_not_say', []), 'covered': c.get('covered', True),
                                'reply': a.text, 'status': a.status,
                                'cited_passages': [{'n': x.n, 'title': x.title, 'publisher': x.publisher, 'date': x.date_label,
                                                    'status': x.status_label, 'where': x.heading_path, 'url': x.url,
                                                    'passage': x.passage} for x in a.citations]}, ensure_ascii=False) + '\n')
    print(name, json.dumps(summary)[:600], flush=True)
