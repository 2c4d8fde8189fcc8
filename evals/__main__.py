"""`python -m evals --cases FILE [--json OUT]`: ask every case, print a table per kind and the metrics.
`python -m evals --reader [--final]`: each reading head's accuracy on held-out examples (never trained on).

Exits 0 whenever it ran, whatever the scores; 2 when the cases file or the index cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--cases", type=Path, help="JSON-lines file of cases")
    what.add_argument("--reader", action="store_true",
                      help="report the message reader's accuracy on prompts/reading/heldout")
    parser.add_argument("--final", action="store_true",
                        help="with --reader: use prompts/reading/heldout_final, the set kept for the final report")
    parser.add_argument("--json", type=Path, help="write per-case results and metrics here")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the dense-only baseline retriever used for the recall comparison")
    args = parser.parse_args(argv)
    if args.reader:
        return reader_report(args.final, args.json)

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


def reader_report(final: bool, out: Path | None) -> int:
    """Accuracy per head (and recall per label) of the shipped reader on a held-out folder."""
    from plainlaw.read import Reader, heldout_report
    from plainlaw.settings import load_settings

    settings = load_settings()
    folder = settings.prompts_dir / "reading" / ("heldout_final" if final else "heldout")
    reader = Reader(settings.prompts_dir, settings.chroma_path / "cache")
    from plainlaw.policy import Policy

    result = heldout_report(reader, folder, Policy(settings.prompts_dir).harm_threshold)
    print(f"{folder.name}: {result['examples']} examples")
    for head, row in result.items():
        if isinstance(row, dict) and "labels" in row:
            labels = ", ".join(f"{k} {v['recall']:.2f} (n={v['n']})" for k, v in row["labels"].items())
            print(f"  {head:<9} accuracy {row['accuracy']:.3f}   recall: {labels}")
    for key in ("harm", "false_harm_on_safe", "sentence_harm", "sentence_false_harm_on_safe"):
        if key in result:
            print(f"  {key}: {result[key]}")
    if "sentence_asks" in result:
        asks = result["sentence_asks"]
        print(f"  sentence asks head (English, n={asks['n']}): accuracy {asks['accuracy']:.3f}")
    if out:
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
