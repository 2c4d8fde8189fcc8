"""Every corpus file follows the schema; bad front matter is reported by file and field."""

from __future__ import annotations

import pytest

from ingest.pipeline import load_corpus
from plainlaw.schema import STATUSES, CorpusError, parse_source
from tests.conftest import CORPUS

GOOD = """---
title: A title
publisher: A publisher
url: https://example.org/a
date: 2025-02-01
doc_type: news
status: announced
jurisdiction: England and Wales
licence: OGL
completeness: complete
---
Body text.
"""


def test_the_whole_corpus_parses_with_controlled_statuses() -> None:
    docs, errors = load_corpus(CORPUS)
    assert errors == {}
    assert len(docs) >= 18
    assert {d.status for d in docs} <= set(STATUSES)
    partial = [d for d in docs if d.partial]
    assert partial and all(d.completeness_note for d in partial)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("date: 2025-02-01", "date: soon"), "front matter field 'date' must be YYYY-MM-DD or null"),
        (("status: announced", "status: rumour"), "status 'rumour' is not one of"),
        (("doc_type: news", "doc_type: blog"), "doc_type 'blog' is not one of"),
        (("url: https://example.org/a", "url: example.org"), "url must start with http"),
        (("title: A title\n", ""), "front matter is missing title"),
        (("completeness: complete", "completeness: most"), "completeness must be 'complete' or 'partial'"),
        (("licence: OGL", "licence: OGL\nmood: happy"), "unknown front matter field(s) mood"),
        (("Body text.", ""), "has front matter but no text"),
    ],
)
def test_bad_front_matter_names_the_file_and_the_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(CorpusError) as raised:
        parse_source(GOOD.replace(*change), "x.md")
    assert str(raised.value).startswith("x.md: ")
    assert message in str(raised.value)


def test_dates_carry_their_certainty() -> None:
    doc = parse_source(GOOD.replace("completeness: complete", "completeness: complete\ndate_confirmed: false"), "x.md")
    assert doc.date_label == "1 February 2025 (date not confirmed)"
    assert parse_source(GOOD.replace("2025-02-01", "null"), "x.md").date_label == "date not shown"
