"""Build and update the search index from corpus/ (run `python -m ingest`)."""

from ingest.pipeline import Summary, load_corpus, sync_index

__all__ = ["Summary", "load_corpus", "sync_index"]
