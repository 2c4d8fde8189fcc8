"""Chunks follow each document's own structure and carry its metadata."""

from __future__ import annotations

from ingest.pipeline import chunks_for, load_corpus
from plainlaw.schema import read_source
from tests.conftest import CORPUS


def chunks(name: str):
    return chunks_for(read_source(CORPUS / name, CORPUS))


def test_statutes_split_by_subsection_with_heading_path_in_text_and_metadata() -> None:
    got = chunks("2023-10-26_sexual-offences-act-2003_s66B.md")
    paths = [c.heading_path for c in got]
    assert paths == [f"Sexual Offences Act 2003 › s.66B › ({n})" for n in range(1, 7)]
    first = got[0]
    assert first.text.startswith("Sexual Offences Act 2003 › s.66B › (1)")
    assert first.metadata["heading_path"] == "Sexual Offences Act 2003 › s.66B › (1)"
    assert "(a) A intentionally shares" in first.body and "(c) A does not reasonably believe" in first.body


def test_inserted_sections_keep_both_acts_in_the_path() -> None:
    got = chunks("2023-10-26_online-safety-act-2023_s187-s188.md")
    assert "Online Safety Act 2023 › s.187 › inserted s.66A (Sexual Offences Act 2003) › (1)" in [
        c.heading_path for c in got
    ]
    s138 = chunks("2025-06-19_data-use-and-access-act-2025_s138.md")
    assert s138[-1].heading_path.endswith("inserted s.66E (Sexual Offences Act 2003) › (1)")
    assert any("Prospective" in c.body for c in s138)


def test_articles_split_into_paragraph_groups_of_roughly_60_to_200_words() -> None:
    got = chunks("2025-01-07_lbc_deepfake-creation-offence.md")
    sizes = [len(c.body.split()) for c in got]
    assert all(n <= 200 for n in sizes)
    assert all(n >= 60 for n in sizes[:-1])
    assert all(c.heading_path.startswith("LBC, 7 January 2025 › ¶") for c in got)


def test_guidance_groups_stay_under_their_heading() -> None:
    got = chunks("college-of-policing_sharing-photographs-or-film-of-people-in-an-intimate-state.md")
    offences = [c for c in got if "› Offences" in c.heading_path]
    assert offences and "31 January 2024" in offences[0].body


def test_every_chunk_carries_its_documents_metadata() -> None:
    docs, _ = load_corpus(CORPUS)
    for doc in docs:
        for chunk in chunks_for(doc):
            meta = chunk.metadata
            assert meta["source"] == doc.path and meta["url"] == doc.url and meta["status"] == doc.status
            assert meta["doc_type"] == doc.doc_type and meta["partial"] == doc.partial
            assert chunk.units, chunk.heading_path


def test_chunk_ids_depend_on_content_only() -> None:
    a = chunks("2025-06-19_sexual-offences-act-2003_s66F.md")
    b = chunks("2025-06-19_sexual-offences-act-2003_s66F.md")
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)
