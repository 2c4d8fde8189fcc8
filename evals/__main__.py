"""`python -m evals --cases FILE [--json OUT]`: ask every case, print a table per kind and the metrics.

Exits 0 whenever it ran, whatever the scores; 2 when the cases file or the index cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("--cases", required=True, type=Path, help="JSON-lines file of cases")
    parser.add_argument("--json", type=Path, help="write per-case results and metrics here")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the dense-only baseline retriever used for the recall comparison")
    args = parser.parse_args(argv)

    from evals.run import CaseError, load_cases, metrics, report, run

    try:
        cases = load_cases(args.cases)
    except CaseError as exc:
        print(f"evals: {exc}", file=sys.stderr)
        return 2
    from plainlaw.explainer import Explainer
    from plainlaw.settings import SettingsError
    from plainlaw.store import StoreError

    try:
        explainer = Explainer()
    except (StoreError, SettingsError) as exc:
        print(f"evals: {exc}", file=sys.stderr)
        return 2
    checker = explainer.support_checker()
    baseline = None
    if not args.no_baseline:
        from evals.baseline import DenseBaseline

        baseline = DenseBaseline(explainer.settings)
    results = run(explainer, cases, checker, baseline)
    summary = metrics(results)
    print(report(results, summary))
    if args.json:
        payload = {"metrics": summary, "cases": [r.to_json() for r in results]}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nper-case results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
