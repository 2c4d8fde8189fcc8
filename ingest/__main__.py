"""`python -m ingest [--rebuild]`: update the index from corpus/ and print what changed."""

from __future__ import annotations

import argparse
import json
import sys

from plainlaw.settings import SettingsError, load_settings
from plainlaw.store import StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("--rebuild", action="store_true",
                        help="embed everything again into a new generation; the live index serves until it is done")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--train-reader", action="store_true",
                        help="train the message reader on prompts/reading/data and save its weights with the product")
    parser.add_argument("--train-flags", action="store_true",
                        help="train only the reader's yes-or-no flags (reader.yaml flags) and save their weights, "
                             "leaving the heads' weights as they are")
    parser.add_argument("--train-coverage", action="store_true",
                        help="train the classifier that tells whether the sources answer a question "
                             "(prompts/reading/coverage), save its weights and report them on its held-out file")
    parser.add_argument("--check", action="store_true",
                        help="only check the corpus files and the law model's anchors; write nothing")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        from ingest.lawcheck import check_law
        from ingest.pipeline import build_chunks, load_corpus, sync_index
        from plainlaw.lawmodel import load_law

        if args.train_reader:
            from plainlaw.read import Reader

            reader = Reader.__new__(Reader)  # the saved weights are replaced, so none are loaded first
            Reader.setup(reader, settings.prompts_dir, settings.chroma_path / "cache")
            print(f"Training the message reader on {reader.data_dir}", file=sys.stderr)
            path = reader.save(reader.train())
            print(f"reader weights written to {path} (fingerprint {reader.fingerprint()})")
            path = reader.flags.save(reader.train_flags())
            print(f"flag weights written to {path} (fingerprint {reader.flags.fingerprint()})")
            return 0

        if args.train_flags:
            from plainlaw.read import Reader

            reader = Reader.__new__(Reader)
            Reader.setup(reader, settings.prompts_dir, settings.chroma_path / "cache")
            print(f"Training the reader's flags on {reader.data_dir} and {reader.flags.folder}", file=sys.stderr)
            path = reader.flags.save(reader.train_flags())
            print(f"flag weights written to {path} (fingerprint {reader.flags.fingerprint()})")
            return 0

        if args.train_coverage:
            from plainlaw.coverage import Coverage, heldout_report
            from plainlaw.encoders import Encoders
            from plainlaw.prompts import load_yaml

            encoders = Encoders.from_config(load_yaml(settings.prompts_dir, "reading/reader.yaml"))
            coverage = Coverage(settings.prompts_dir, settings.chroma_path / "cache", encoders)
            path = coverage.save(coverage.model)  # trained on loading when the examples changed
            print(f"coverage weights written to {path} (fingerprint {coverage.fingerprint()})")
            print(json.dumps(heldout_report(coverage, coverage.data_dir / "heldout")))
            return 0

        if args.check:
            docs, errors = load_corpus(settings.corpus_dir)
            chunks = build_chunks(docs, errors)
            law = load_law(settings.law_dir)
            problems, _ = check_law(law, chunks, settings.prompts_dir)
            for reason in [*errors.values(), *problems]:
                print(f"problem: {reason}", file=sys.stderr)
            print(f"{len(docs)} files and {len(law.statements)} law-model statements checked, "
                  f"{len(errors) + len(problems)} with problems")
            return 1 if errors or problems else 0

        where = settings.chroma_host or settings.chroma_path
        print(f"Indexing {settings.corpus_dir} into {where}", file=sys.stderr)
        summary, errors = sync_index(settings, rebuild=args.rebuild, show_bar=not args.quiet)
    except (SettingsError, StoreError, ValueError) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    for reason in errors.values():
        print(f"skipped {reason}", file=sys.stderr)
    for problem in summary.law_problems:
        print(f"law model: {problem}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.law_problems else 0


if __name__ == "__main__":
    sys.exit(main())
