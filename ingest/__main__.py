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
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        from ingest.pipeline import sync_index  # heavy imports after the arguments are known to be good

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
