"""Cleaning keeps every word of the source that is about the law and drops capture noise."""

from __future__ import annotations

import re

import pytest

from ingest.clean import clean, clean_legislation, strip_editorial
from ingest.pipeline import chunks_for, load_corpus
from plainlaw.schema import read_source
from tests.conftest import CORPUS

NEWS = ["2025-02-01_lbc_ai-csam-tools-offence.md", "2025-01-07_lbc_deepfake-creation-offence.md"]
NOISE = ["Gene Hackman", "Meghan Markle", "Toronto", "Putin", "Read more", "Listen to this article",
         "Loading audio", "Picture: Alamy", "More Latest News", "By Josef Al Shemary", "date 2025-01-07"]
OFFENCE_WORDS = re.compile(r"offence|prison|jail|years|law|Bill|illegal|criminal|consent|deepfake|AI", re.I)


@pytest.fixture(scope="module")
def all_chunk_text() -> str:
    docs, errors = load_corpus(CORPUS)
    assert not errors
    return "\n".join(c.text for d in docs for c in chunks_for(d))


@pytest.mark.parametrize("noise", NOISE)
def test_no_chunk_carries_capture_noise(all_chunk_text: str, noise: str) -> None:
    assert noise not in all_chunk_text


def test_editorial_notes_and_gaps_are_never_source_text(all_chunk_text: str) -> None:
    assert "text not available" not in all_chunk_text
    assert "Editor's note" not in all_chunk_text
    assert "<!--" not in all_chunk_text
    assert "omitted as off-topic" not in all_chunk_text


@pytest.mark.parametrize("name", NEWS)
def test_every_article_paragraph_about_the_offences_survives(name: str, all_chunk_text: str) -> None:
    doc = read_source(CORPUS / name, CORPUS)
    raw = doc.body.split("More Latest News")[0]
    squashed = " ".join(all_chunk_text.split())
    kept = 0
    for paragraph in (p.strip() for p in raw.split("\n\n")):
        words = len(paragraph.split())
        if words < 12 or paragraph.startswith(("Read more:", "date ")) or "Picture:" in paragraph:
            continue
        if paragraph == doc.title:
            continue  # the headline: shown as the source's title, not repeated as a passage
        if re.match(r"^[A-Z][a-z]+ [A-Z][a-z]+ (asks|concludes)\b", paragraph):
            continue  # a presenter's video teaser, not the article
        if OFFENCE_WORDS.search(paragraph):
            assert " ".join(paragraph.split()) in squashed, paragraph
            kept += 1
    assert kept >= 10


def test_news_cleaning_drops_headline_repeat_byline_and_trailing_headlines() -> None:
    doc = read_source(CORPUS / NEWS[0], CORPUS)
    text = clean(doc)
    assert not text.startswith(doc.title)
    assert "Harriet Harman" not in text and "James Bond" not in text
    assert text.rstrip().endswith("a few clicks.\"")


def test_legislation_markers_are_removed_but_words_kept() -> None:
    raw = "160 [F1Possession of indecent photograph of child]E+W\n(1)[F2Subject to section 160A,] it is an " \
          "offence to have any indecent photograph [F3or pseudo-photograph]of a child F4. . . in his possession."
    out = clean_legislation(raw)
    assert out.splitlines()[0] == "160 Possession of indecent photograph of child"
    assert out.splitlines()[1] == ("(1) Subject to section 160A, it is an offence to have any indecent photograph "
                                   "or pseudo-photograph of a child in his possession.")


def test_a_section_number_run_into_its_marker_is_split_correctly() -> None:
    assert clean_legislation("[F166BSharing or threatening to share]E+W") == "66B Sharing or threatening to share"


def test_gap_markers_go_and_a_cut_sentence_is_marked() -> None:
    text = "(3)[text not available in this copy]\n\nand it applies in relation [text not available in this copy]"
    out = strip_editorial(text)
    assert "(3)" not in out
    assert out.strip().endswith("in relation …")
