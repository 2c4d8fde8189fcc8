"""Topic sheets: one page per measure, every sentence a checked law-model statement or a fixed label, with
dated sources, help and exports to HTML and a one-page PDF."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from plainlaw.sheets import build_sheet, build_sheets, export, pdf_pages, sheet_html, sheet_pdf, ui_words


@pytest.fixture(scope="module")
def sheets(explainer) -> list:
    return build_sheets(explainer)


def test_every_measure_has_a_sheet(explainer, sheets) -> None:
    assert [s.measure_id for s in sheets] == list(explainer.law.measures)


def test_every_sentence_is_an_anchored_statement_of_the_law_model(explainer, sheets) -> None:
    """No new claims: each item is a statement's own words, and only statements whose quote was found."""
    for sheet in sheets:
        measure = explainer.law.measures[sheet.measure_id]
        for section in sheet.sections:
            for item in section.items:
                statement = explainer.law.statements[item.key]
                assert item.text == statement.say
                assert statement in measure.statements
                assert item.key in explainer.anchors
            if section.note:
                assert section.note == measure.unknown


def test_each_sentence_cites_a_dated_source_of_the_sheet(sheets) -> None:
    for sheet in sheets:
        numbers = [s.n for s in sheet.sources]
        assert numbers == list(range(1, len(numbers) + 1))
        assert len({s.title for s in sheet.sources}) == len(numbers)  # one number per document
        for section in sheet.sections:
            for item in section.items:
                assert item.cites and set(item.cites) <= set(numbers)
        assert all(s.url.startswith("http") and s.date_label for s in sheet.sources)
        if any(s.date for s in sheet.sources):
            assert sheet.dated.startswith("Sources dated from")


def test_a_sheet_says_what_the_law_is_who_it_protects_the_penalty_and_where_it_stands(explainer) -> None:
    sheet = build_sheet(explainer, "child_images")
    keys = [s.key for s in sheet.sections]
    assert keys[:4] == ["law", "penalty", "defences", "status"]
    assert sheet.protects == "Children under 18"
    assert sheet.tag == explainer.law.measures["child_images"].tag and sheet.tag_colour == "green"
    status = next(s for s in sheet.sections if s.key == "status")
    assert all(item.stage for item in status.items)
    assert any("five years" in item.text for s in sheet.sections if s.key == "penalty" for item in s.items)


def test_a_plan_says_what_the_sources_cannot_confirm(explainer) -> None:
    sheet = build_sheet(explainer, "ai_tools")
    status = next(s for s in sheet.sections if s.key == "status")
    assert status.note == explainer.law.measures["ai_tools"].unknown
    assert sheet.sections[0].heading == "What is planned"


def test_help_comes_from_the_help_services_with_numbers_and_links(explainer, sheets) -> None:
    for sheet in sheets:
        assert sheet.help, sheet.measure_id
        for group in sheet.help:
            for service in group.services:
                assert service.id in explainer.help.services
    child = build_sheet(explainer, "child_images")
    young = next(g for g in child.help if g.label == "For young people")
    assert any(s.tel == "08001111" for s in young.services)


def test_a_statement_whose_quote_was_not_found_is_left_off(explainer) -> None:
    first = build_sheet(explainer, "intimate_sharing").sections[0].items[0]
    anchors = {k: v for k, v in explainer.anchors.items() if k != first.key}
    engine = SimpleNamespace(law=explainer.law, anchors=anchors, library=explainer.library, help=explainer.help,
                             messages=explainer.messages, settings=explainer.settings)
    sheet = build_sheet(engine, "intimate_sharing")
    assert first.text not in sheet.sentences


def test_the_html_handout_holds_every_sentence_and_source(sheets) -> None:
    for sheet in sheets:
        page = sheet_html(sheet)
        assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
        assert "@page" in page and "<h1" in page
        for sentence in sheet.sentences:
            assert html.escape(sentence) in page
        for source in sheet.sources:
            assert html.escape(source.url) in page and html.escape(source.date_label) in page
        assert len(re.findall(r"<h1\b", page)) == 1


def test_every_pdf_is_one_page(sheets) -> None:
    for sheet in sheets:
        pdf = sheet_pdf(sheet)
        assert pdf.startswith(b"%PDF") and len(pdf) > 2000
        assert pdf_pages(pdf) == 1, sheet.measure_id


def test_export_writes_both_files(sheets, tmp_path: Path) -> None:
    written = export(sheets[:2], tmp_path)
    assert [p.suffix for p in written] == [".html", ".pdf", ".html", ".pdf"]
    assert all(p.stat().st_size > 1000 for p in written)


def test_words_come_from_the_ui_file(explainer) -> None:
    words = ui_words(explainer.settings.prompts_dir)
    sheet = build_sheet(explainer, "cyberflashing", words)
    assert sheet.sections[0].heading == words["sheets"]["sections"][0]["heading"]["offence"]
