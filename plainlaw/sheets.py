"""Topic sheets for teachers: one print-ready page per measure of the law model, as HTML and as PDF.

A sheet says what the law says in plain words, who it protects, the penalties, the defences, where it stands
and since when, where to get help, and its sources with their dates. Every sentence on it is either a
law-model statement whose quote was found in its source passage (the engine's `anchors`, checked by ingest
against the same support check answers are held to) or a fixed label from prompts/ui.yaml. A statement whose
quote cannot be found is left off. Nothing else is written: no new claims.

    python -m plainlaw.sheets --out sheets/            # every sheet, as .html and .pdf
    python -m plainlaw.sheets --out sheets/ child_images --format pdf
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from plainlaw.prompts import load_yaml
from plainlaw.schema import DOC_TYPES, STATUSES, date_label

UI_FILE = "ui.yaml"


def ui_words(prompts_dir: Path) -> dict[str, Any]:
    """The app's and the sheets' words (prompts/ui.yaml)."""
    return load_yaml(prompts_dir, UI_FILE)


@dataclass(frozen=True)
class Item:
    """One sentence of a sheet: a law-model statement, the sheet numbers of the sources it rests on, and for a
    status step the name of its stage."""

    text: str
    cites: tuple[int, ...] = ()
    key: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    items: tuple[Item, ...]
    note: str = ""  # a law-model note (what the sources cannot confirm)


@dataclass(frozen=True)
class SheetSource:
    """One document the sheet cites (numbered in order of first use, one number per document)."""

    n: int
    title: str
    publisher: str
    type_label: str
    status_label: str
    date: str
    date_label: str
    url: str
    partial: bool = False

    @property
    def site(self) -> str:
        return site_name(self.url)


@dataclass(frozen=True)
class HelpGroup:
    label: str
    services: tuple[Any, ...]  # plainlaw.help.Service


@dataclass(frozen=True)
class Sheet:
    measure_id: str
    title: str
    kind: str
    tag: str
    tag_colour: str
    protects: str  # a fixed label, or "" when the sheet has no such section
    sections: tuple[Section, ...]
    help: tuple[HelpGroup, ...]
    sources: tuple[SheetSource, ...]
    dated: str  # "Sources dated from … to …"
    disclaimer: str
    words: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def sentences(self) -> list[str]:
        """Every statement on the sheet (what the tests hold to the law model)."""
        return [item.text for section in self.sections for item in section.items] + [
            s.note for s in self.sections if s.note]

    @property
    def file_stem(self) -> str:
        return f"plain-law-{self.measure_id.replace('_', '-')}"


def site_name(url: str) -> str:
    """Readable link text for a source: its web site's name ('legislation.gov.uk')."""
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def build_sheet(engine: Any, measure_id: str, words: dict[str, Any] | None = None) -> Sheet:
    """The sheet of one measure. `engine` is an Explainer (its law model, anchors, library, help and messages)."""
    words = words or ui_words(engine.settings.prompts_dir)
    w = words["sheets"]
    measure = engine.law.measures[measure_id]
    numbers: dict[str, int] = {}
    metas: dict[str, dict[str, Any]] = {}

    def cite(key: str) -> tuple[int, ...] | None:
        pid = engine.anchors.get(key)
        passage = engine.library.by_id.get(pid) if pid else None
        if passage is None:
            return None  # a statement whose quote was not found is never shown
        source = passage.meta["source"]
        metas.setdefault(source, passage.meta)
        numbers.setdefault(source, len(numbers) + 1)
        return (numbers[source],)

    sections: list[Section] = []
    placed: set[str] = set()
    for spec in w["sections"]:
        heading = spec["heading"]
        if isinstance(heading, dict):
            heading = heading.get(measure.kind) or next(iter(heading.values()))
        items = []
        for st in measure.statements:
            if st.facet not in spec["facets"] or st.key in placed:
                continue
            cites = cite(st.key)
            if cites is None:
                continue
            placed.add(st.key)
            items.append(Item(st.say, cites, st.key, w["stages"].get(st.stage, "") if st.facet == "status" else ""))
        note = measure.unknown if spec["key"] == "status" else ""
        if items or note:
            sections.append(Section(spec["key"], heading, tuple(items), note))
    sources = tuple(
        SheetSource(n=n, title=metas[src]["title"], publisher=metas[src]["publisher"],
                    type_label=DOC_TYPES.get(metas[src]["doc_type"], metas[src]["doc_type"]),
                    status_label=STATUSES.get(metas[src]["status"], metas[src]["status"]),
                    date=str(metas[src].get("date") or ""),
                    date_label=date_label(str(metas[src].get("date") or ""), bool(metas[src].get("date_confirmed"))),
                    url=metas[src]["url"], partial=bool(metas[src].get("partial")))
        for src, n in numbers.items()
    )
    dates = sorted(s.date for s in sources if s.date)
    dated = w["dated"].format(oldest=date_label(dates[0]), newest=date_label(dates[-1])) if dates else ""
    protective = measure.kind in {"offence", "plan", "power", "defence"}
    protects = w["protects"].get(measure.protects, "") if protective else ""
    services = engine.help.services
    asked = measure.help or w["default_help"]
    groups = tuple(
        HelpGroup(w["help_for"].get(asker, asker), tuple(services[s] for s in ids if s in services))
        for asker, ids in asked.items() if ids
    )
    colour = words["status_tags"].get(measure.now, "grey")
    return Sheet(measure_id=measure.id, title=measure.title, kind=measure.kind, tag=measure.tag, tag_colour=colour,
                 protects=protects, sections=tuple(sections), help=groups, sources=sources, dated=dated,
                 disclaimer=engine.messages("disclaimer"), words=words)


def build_sheets(engine: Any, words: dict[str, Any] | None = None) -> list[Sheet]:
    """Every measure's sheet, in the law model's order."""
    return [build_sheet(engine, mid, words) for mid in engine.law.measures]


# --- HTML ------------------------------------------------------------------------------------------------------

SHEET_CSS = """
.pl-sheet { --ink: #0b0c0c; --muted: #40464a; --rule: #8a8f93; --link: #1a65a6; color: var(--ink);
  background: #ffffff; font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.35;
  max-width: 190mm; margin: 0 auto; padding: 8mm 10mm; box-sizing: border-box; }
.pl-sheet .pl-sheet-kicker { color: var(--muted); font-size: 9pt; margin: 0; text-transform: uppercase;
  letter-spacing: .04em; }
.pl-sheet .pl-sheet-title { font-size: 17pt; margin: 1mm 0 2mm; line-height: 1.2; color: var(--ink); padding: 0;
  font-weight: bold; }
.pl-sheet section > h2, .pl-sheet section > h3 { font-size: 11.5pt; font-weight: bold; margin: 3.5mm 0 1mm;
  padding: 0 0 .5mm; border-bottom: 1px solid var(--rule);
  color: var(--ink); }
.pl-sheet p, .pl-sheet ul, .pl-sheet ol { margin: 0 0 1.5mm; }
.pl-sheet ul, .pl-sheet ol { padding-left: 5mm; }
.pl-sheet li { margin: 0 0 .8mm; }
.pl-sheet a { color: var(--link); text-decoration: underline; }
.pl-sheet .pl-sheet-cite { font-size: 8.5pt; white-space: nowrap; }
.pl-sheet .pl-sheet-stage { font-weight: bold; }
.pl-sheet .pl-sheet-note, .pl-sheet .pl-sheet-dated, .pl-sheet footer { color: var(--muted); }
.pl-sheet .pl-sheet-sources li { font-size: 9pt; }
.pl-sheet footer { border-top: 1px solid var(--rule); margin-top: 3mm; padding-top: 1.5mm; font-size: 9pt; }
.pl-sheet .pl-tag { display: inline-block; font-weight: bold; padding: .5mm 2mm; font-size: 10.5pt; }
.pl-sheet p, .pl-sheet li, .pl-sheet ul, .pl-sheet ol { color: var(--ink); font-size: 10.5pt; }
.pl-tag--green { color: #005a30; background: #cce2d8; }
.pl-tag--turquoise { color: #10403c; background: #d4ecea; }
.pl-tag--yellow { color: #594d00; background: #fff7bf; }
.pl-tag--purple { color: #3d2375; background: #dbd5e9; }
.pl-tag--orange { color: #6e3619; background: #fcd6c3; }
.pl-tag--grey { color: #282d30; background: #e5e6e7; }
.pl-sheet .pl-sheet-columns { columns: 2; column-gap: 8mm; }
.pl-sheet .pl-sheet-columns > section { break-inside: avoid; }
@media (max-width: 640px) { .pl-sheet .pl-sheet-columns { columns: 1; } .pl-sheet { padding: 4mm; } }
@media print {
  @page { size: A4; margin: 10mm; }
  .pl-sheet { max-width: none; padding: 0; font-size: 9.5pt; }
  .pl-sheet a { color: var(--ink); }
}
"""


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _cites_html(item: Item, prefix: str) -> str:
    return "".join(f' <a class="pl-sheet-cite" href="#{prefix}-src-{n}">[{n}]</a>' for n in item.cites)


def sheet_fragment(sheet: Sheet, prefix: str = "sheet", level: int = 1) -> str:
    """The sheet as an HTML fragment (an <article>), for the app and for the standalone page. `level` is the
    heading level of its title (1 on its own page, 2 inside the app's page); its sections are one level below."""
    w = sheet.words["sheets"]
    h, h2 = f"h{level}", f"h{level + 1}"
    parts = [f'<article class="pl-sheet" aria-labelledby="{prefix}-title">',
             f'<p class="pl-sheet-kicker">{_e(w["kicker"])}</p>',
             f'<{h} class="pl-sheet-title" id="{prefix}-title">{_e(sheet.title)}</{h}>']
    if sheet.tag:
        parts.append(f'<p>{_e(w["tag_label"])} <strong class="pl-tag pl-tag--{_e(sheet.tag_colour)}">'
                     f'{_e(sheet.tag)}</strong></p>')
    if sheet.dated:
        parts.append(f'<p class="pl-sheet-dated">{_e(sheet.dated)}</p>')
    parts.append('<div class="pl-sheet-columns">')
    for i, section in enumerate(sheet.sections):
        parts.append(f'<section><{h2}>{_e(section.heading)}</{h2}><ul>')
        for item in section.items:
            stage = f'<span class="pl-sheet-stage">{_e(item.stage)}:</span> ' if item.stage else ""
            parts.append(f"<li>{stage}{_e(item.text)}{_cites_html(item, prefix)}</li>")
        parts.append("</ul>")
        if section.note:
            parts.append(f'<p class="pl-sheet-note">{_e(section.note)}</p>')
        parts.append("</section>")
        if i == 0 and sheet.protects:
            parts.append(f'<section><{h2}>{_e(w["protects_heading"])}</{h2}><p>{_e(sheet.protects)}</p></section>')
    if sheet.help:
        parts.append(f'<section><{h2}>{_e(w["help_heading"])}</{h2}>')
        for group in sheet.help:
            parts.append(f"<p><strong>{_e(group.label)}</strong></p><ul>")
            for s in group.services:
                link = f' <a href="{_e(s.url)}">{_e(site_name(s.url))}</a>' if s.url else ""
                parts.append(f"<li><strong>{_e(s.name)}</strong>: {_e(s.how)}.{link}</li>")
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</div>")
    parts.append(f'<section class="pl-sheet-sources"><{h2}>{_e(w["sources_heading"])}</{h2}><ol>')
    for s in sheet.sources:
        partial = f" ({_e(sheet.words['answer']['partial'])})" if s.partial else ""
        line = w["source_line"].format(publisher=s.publisher, type=s.type_label.lower(), status=s.status_label,
                                       date=s.date_label)
        parts.append(f'<li id="{prefix}-src-{s.n}"><strong>{_e(s.title)}</strong>{partial}. {_e(line)}. '
                     f'<a href="{_e(s.url)}">{_e(s.site)}</a></li>')
    parts.append("</ol></section>")
    parts.append(f"<footer><p>{_e(sheet.disclaimer)} {_e(w['footer'])}</p></footer></article>")
    return "\n".join(parts)


def sheet_html(sheet: Sheet) -> str:
    """A standalone, print-ready HTML handout (A4, one page)."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(sheet.title)} — {_e(sheet.words['title'])}</title>\n"
        f"<style>body {{ margin: 0; background: #ffffff; }}\n{SHEET_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{sheet_fragment(sheet)}\n</main>\n</body>\n</html>\n"
    )


# --- PDF -------------------------------------------------------------------------------------------------------

TAG_COLOURS = {  # GOV.UK tag colours: (text, background)
    "green": ("#005a30", "#cce2d8"), "turquoise": ("#10403c", "#d4ecea"), "yellow": ("#594d00", "#fff7bf"),
    "purple": ("#3d2375", "#dbd5e9"), "orange": ("#6e3619", "#fcd6c3"), "grey": ("#282d30", "#e5e6e7"),
}


def _pdf_text(text: str) -> str:
    """Text for ReportLab's built-in Helvetica (Windows-1252 glyphs), escaped for its paragraph markup."""
    out = []
    for ch in str(text):
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append({"\u2011": "-", "\u2212": "-", "\u00a0": " "}.get(ch, "?"))
    return html.escape("".join(out), quote=False)


def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as a one-page A4 PDF (ReportLab); long sheets are scaled to fit the page."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    w = sheet.words["sheets"]
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=9, leading=11.5, alignment=TA_LEFT,
                          textColor=colors.HexColor("#0b0c0c"), spaceAfter=1.5)
    muted = ParagraphStyle("muted", parent=base, textColor=colors.HexColor("#40464a"), fontSize=8, leading=10)
    kicker = ParagraphStyle("kicker", parent=muted, fontSize=8)
    title = ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=16, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=base, fontName="Helvetica-Bold", fontSize=10.5, leading=13, spaceBefore=5,
                        spaceAfter=2, textColor=colors.HexColor("#0b0c0c"))
    bullet = ParagraphStyle("bullet", parent=base, leftIndent=9, bulletIndent=1)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, leftIndent=9, bulletIndent=1)
    link = "#1a65a6"

    def cites(item: Item) -> str:
        return "".join(f" <font size=7>[{n}]</font>" for n in item.cites)

    story: list[Any] = [Paragraph(_pdf_text(w["kicker"]).upper(), kicker), Paragraph(_pdf_text(sheet.title), title)]
    if sheet.tag:
        ink, paper = TAG_COLOURS.get(sheet.tag_colour, TAG_COLOURS["grey"])
        tag = Table([[Paragraph(_pdf_text(w["tag_label"]), base),
                      Paragraph(f'<font color="{ink}"><b>{_pdf_text(sheet.tag)}</b></font>', base)]],
                    hAlign="LEFT")
        tag.setStyle(TableStyle([("BACKGROUND", (1, 0), (1, 0), colors.HexColor(paper)),
                                 ("LEFTPADDING", (0, 0), (0, 0), 0), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
        story.append(tag)
    if sheet.dated:
        story.append(Paragraph(_pdf_text(sheet.dated), muted))
    for i, section in enumerate(sheet.sections):
        story.append(Paragraph(_pdf_text(section.heading), h2))
        for item in section.items:
            stage = f"<b>{_pdf_text(item.stage)}:</b> " if item.stage else ""
            story.append(Paragraph(f"{stage}{_pdf_text(item.text)}{cites(item)}", bullet, bulletText="•"))
        if section.note:
            story.append(Paragraph(_pdf_text(section.note), muted))
        if i == 0 and sheet.protects:
            story.append(Paragraph(_pdf_text(w["protects_heading"]), h2))
            story.append(Paragraph(_pdf_text(sheet.protects), base))
    if sheet.help:
        story.append(Paragraph(_pdf_text(w["help_heading"]), h2))
        for group in sheet.help:
            story.append(Paragraph(f"<b>{_pdf_text(group.label)}</b>", base))
            for s in group.services:
                url = f' <a href="{_pdf_text(s.url)}" color="{link}"><u>{_pdf_text(site_name(s.url))}</u></a>' \
                    if s.url else ""
                story.append(Paragraph(f"<b>{_pdf_text(s.name)}</b>: {_pdf_text(s.how)}.{url}", small,
                                       bulletText="•"))
    story.append(Paragraph(_pdf_text(w["sources_heading"]), h2))
    for s in sheet.sources:
        partial = f" ({_pdf_text(sheet.words['answer']['partial'])})" if s.partial else ""
        line = w["source_line"].format(publisher=s.publisher, type=s.type_label.lower(), status=s.status_label,
                                       date=s.date_label)
        story.append(Paragraph(f"<b>{_pdf_text(s.title)}</b>{partial}. {_pdf_text(line)}. "
                               f'<a href="{_pdf_text(s.url)}" color="{link}"><u>{_pdf_text(s.url)}</u></a>',
                               small, bulletText=f"[{s.n}]"))
    story.append(Spacer(1, 4))
    story.append(Paragraph(f"{_pdf_text(sheet.disclaimer)} {_pdf_text(w['footer'])}", muted))

    buffer = io.BytesIO()
    margin = 12 * mm
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=f"{sheet.title} — {sheet.words['title']}",
                            author=sheet.words["title"], subject=w["kicker"], lang="en-GB")
    frame_w, frame_h = A4[0] - 2 * margin, A4[1] - 2 * margin - 1
    doc.build([KeepInFrame(frame_w, frame_h, story, mode="shrink")])
    return buffer.getvalue()


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


# --- command line ----------------------------------------------------------------------------------------------

def export(sheets: Iterable[Sheet], out: Path, formats: Sequence[str] = ("html", "pdf")) -> list[Path]:
    """Write each sheet as files in `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        if "html" in formats:
            path = out / f"{sheet.file_stem}.html"
            path.write_text(sheet_html(sheet), encoding="utf-8")
            written.append(path)
        if "pdf" in formats:
            path = out / f"{sheet.file_stem}.pdf"
            path.write_bytes(sheet_pdf(sheet))
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plainlaw.sheets", description="Export the topic sheets.")
    parser.add_argument("measures", nargs="*", help="measure ids (default: every measure)")
    parser.add_argument("--out", default="sheets", help="folder to write to (default: sheets/)")
    parser.add_argument("--format", choices=("html", "pdf", "both"), default="both")
    args = parser.parse_args(list(argv) if argv is not None else None)
    from plainlaw.explainer import Explainer
    from plainlaw.settings import SettingsError
    from plainlaw.store import StoreError

    try:
        engine = Explainer()
    except (SettingsError, StoreError, ValueError) as exc:
        print(f"sheets: {exc}", file=sys.stderr)
        return 2
    unknown = [m for m in args.measures if m not in engine.law.measures]
    if unknown:
        print(f"sheets: no measure {', '.join(unknown)}; choose from {', '.join(engine.law.measures)}",
              file=sys.stderr)
        return 2
    words = ui_words(engine.settings.prompts_dir)
    sheets = [build_sheet(engine, m, words) for m in (args.measures or engine.law.measures)]
    formats = ("html", "pdf") if args.format == "both" else (args.format,)
    for path in export(sheets, Path(args.out), formats):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
