"""`python -m ingest [--rebuild]`: update the index from corpus/ and print what changed."""

from __future__ import annotations

import argparse
import sys

from plainlaw.settings import SettingsError, load_settings
from plainlaw.store import StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="drop the index and embed everything again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--check", action="store_true",
                        help="only check the corpus files (front matter, explainer anchors); write nothing")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        from ingest.pipeline import build_chunks, check_explainers, load_corpus, sync_index

        if args.check:
            docs, errors = load_corpus(settings.corpus_dir)
            chunks = build_chunks(docs, errors)
            errors.update(check_explainers(chunks, settings.prompts_dir))
            for reason in errors.values():
                print(f"problem: {reason}", file=sys.stderr)
            print(f"{len(docs)} files checked, {len(errors)} with problems")
            return 1 if errors else 0

        where = settings.chroma_host or settings.chroma_path
        print(f"Indexing {settings.corpus_dir} into {where}", file=sys.stderr)
        summary, errors = sync_index(settings, rebuild=args.rebuild, show_bar=not args.quiet)
    except (SettingsError, StoreError, ValueError) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    for reason in errors.values():
        print(f"skipped {reason}", file=sys.stderr)
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
