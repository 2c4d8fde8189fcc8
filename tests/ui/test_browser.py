"""The running app in a real browser (Debian's Chromium, driven by Playwright), at desktop and phone widths:
help in view after a disclosure, the quick exit, the answer card and its sources, topic sheets, feedback, and
an axe-core accessibility scan (serious and critical violations fail)."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from plainlaw.feedback import FeedbackStore
from plainlaw.feedback import main as export_feedback
from plainlaw.settings import ROOT, Settings
from plainlaw.sheets import pdf_pages, ui_words
from tests.servers import free_port, running

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
AXE_PATHS = (ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
             ROOT / "node_modules" / "axe-core" / "axe.min.js")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WORDS = ui_words(ROOT / "prompts")
DISCLOSURE = "I'm 14 and a boy at school says he will share a fake naked picture of me."
QUESTION = "Is making a sexual deepfake of an adult a crime yet?"
EXIT_URL = WORDS["exit"]["url"]


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Debian's Chromium, headless, with the flags this machine's closed network needs."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `sudo apt-get install chromium` (./test.sh does this as root)")
    return {
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plainlaw-data")


@pytest.fixture(scope="module")
def app_url(index_settings: Settings, data_dir: Path) -> Iterator[str]:
    """The app served by `streamlit run` (as run.sh starts it), started and stopped by this test module."""
    port = free_port()
    env = {**os.environ, "PLAINLAW_CHROMA_PATH": str(index_settings.chroma_path), "PLAINLAW_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    with running(proc, f"{url}/_stcore/health", 60, "the app", ready=lambda body: body == b"ok"):
        yield url


def open_app(browser: Browser, url: str, viewport: dict) -> Page:
    """A fresh session at this width, once the engine is ready."""
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(url)
    expect(page.locator("#engine-ready")).to_be_attached(timeout=180_000)
    return page


def ask(page: Page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator(".pl-answer")).to_have_count(1, timeout=60_000)


def in_view(page: Page, selector: str, top_fraction: float = 0.5) -> bool:
    """The element's top edge comes to rest on screen, in the top part of the view, within a few seconds."""
    check = ("([sel, frac]) => { const el = document.querySelector(sel); if (!el) return false;"
             " const top = el.getBoundingClientRect().top; return top >= 0 && top <= window.innerHeight * frac; }")
    try:
        page.wait_for_function(check, arg=[selector, top_fraction], timeout=5_000)
    except PlaywrightTimeout:
        top = page.evaluate("sel => document.querySelector(sel)?.getBoundingClientRect().top", selector)
        print(f"{selector} starts at {top} px in a view {page.viewport_size} high")
        return False
    return True


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now."""
    path = next((p for p in AXE_PATHS if p.exists()), None)
    if path is None:
        pytest.fail("axe-core is missing: ./test.sh installs it from the npm registry into .venv/axe")
    page.add_script_tag(path=str(path))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(', '))")
    return list(found)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_first_screen_is_clear_and_accessible(browser: Browser, app_url: str, viewport: dict) -> None:
    page = open_app(browser, app_url, viewport)
    expect(page.locator("h1")).to_have_text(WORDS["title"])
    intro = page.locator(".pl-intro")
    expect(intro).to_contain_text("England and Wales")
    expect(intro).to_contain_text("not legal advice")
    expect(intro).to_contain_text("names")
    assert in_view(page, "h1"), "the first screen should open at its top"
    for group in WORDS["starters"]["groups"]:
        expect(page.locator(".pl-starters h3", has_text=group["label"])).to_be_visible()
    expect(page.locator(".pl-exit")).to_be_visible()
    expect(page.locator(".pl-gethelp")).to_be_visible()
    # The first tab stop skips straight to the question box, which shows its limit before anything is typed.
    page.keyboard.press("Tab")
    expect(page.locator(".pl-skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_focused()
    expect(page.locator("#pl-limit")).to_contain_text(f"{Settings.max_question_chars:,} characters")
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_a_disclosure_puts_help_at_the_top_of_the_view(browser: Browser, app_url: str, viewport: dict) -> None:
    page = open_app(browser, app_url, viewport)
    ask(page, DISCLOSURE)
    help_card = page.locator(".pl-answer .pl-help")
    expect(help_card).to_contain_text("Childline")
    assert in_view(page, ".pl-answer .pl-help"), "the help card should start the view after a disclosure"
    call = help_card.locator("a[href^='tel:']").first
    expect(call).to_have_attribute("href", "tel:08001111")
    expect(call).to_be_visible()
    expect(help_card.locator("a[href^='https://www.childline.org.uk']").first).to_be_visible()
    expect(page.locator("#pl-live")).to_contain_text("help", timeout=5_000)
    expect(page.locator("#pl-live")).to_have_attribute("aria-live", "polite")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_the_quick_exit_leaves_the_site_for_good(browser: Browser, app_url: str, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport)
    context.route(re.compile(r"https://www\.bbc\.co\.uk/.*"),
                  lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    page = context.new_page()
    page.goto("about:blank")
    page.goto(app_url)
    expect(page.locator(".pl-exit")).to_be_visible(timeout=60_000)
    page.locator(".pl-exit").click()
    page.wait_for_url(EXIT_URL + "*")
    page.go_back()
    assert not page.url.startswith(app_url), "Back must not return to Plain Law after a quick exit"
    # Pressing Shift three times does the same.
    page.goto(app_url)
    expect(page.locator(".pl-exit")).to_be_visible(timeout=60_000)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL + "*")
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_an_answer_card_has_its_status_short_answer_and_grouped_sources(browser: Browser, app_url: str,
                                                                        viewport: dict) -> None:
    page = open_app(browser, app_url, viewport)
    ask(page, QUESTION)
    card = page.locator(".pl-answer")
    expect(card.locator(".pl-tagline .pl-tag")).to_be_visible()
    expect(card.locator(".pl-short")).to_be_visible()
    assert in_view(page, ".pl-answer", 0.6), "a new answer should be shown from its start"
    expect(card.locator(".pl-understood")).to_contain_text("I understood this as")
    # One card per document: the passages [n] of the same document sit in the same card.
    titles = card.locator(".pl-source h4").all_inner_texts()
    assert titles and len(titles) == len(set(titles))
    cited = len(card.locator(".pl-passage").all())
    assert cited >= len(titles)
    for source in card.locator(".pl-source").all():
        expect(source.locator(".pl-facts .pl-tag")).to_be_visible()  # its status
        expect(source.locator(".pl-facts")).to_contain_text(re.compile(r"\d{4}|date not shown"))  # its date
        expect(source.locator("a[href^='http']").first).to_be_visible()
    # [1] takes you to its passage in its source card, opened and focused.
    card.locator("a.pl-cite").first.click()
    target = card.locator(".pl-passage").filter(has=page.locator(".pl-passage-head", has_text="[1]"))
    expect(target).to_be_focused()
    expect(target.locator("details")).to_have_attribute("open", "")
    expect(target.locator("mark").first).to_be_visible()
    assert in_view(page, "#" + target.get_attribute("id"), 0.7)
    expect(page.locator("#pl-live")).to_contain_text("New answer")
    assert axe_violations(page) == []


def test_a_topic_sheet_is_exported(browser: Browser, app_url: str) -> None:
    page = open_app(browser, app_url, DESKTOP)
    page.get_by_role("button", name=WORDS["sidebar"]["sheets_link"]).click()
    expect(page.locator(".pl-sheet .pl-sheet-title")).to_be_visible(timeout=30_000)
    title = page.locator(".pl-sheet .pl-sheet-title").inner_text()
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name=WORDS["sheets"]["download_pdf"]).click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000 and pdf_pages(pdf) == 1
    with page.expect_download() as html_download:
        page.get_by_role("button", name=WORDS["sheets"]["download_html"]).click()
    handout = Path(html_download.value.path()).read_text(encoding="utf-8")
    assert title in handout and "<li" in handout and WORDS["sheets"]["sources_heading"] in handout
    assert axe_violations(page) == []


def test_feedback_is_stored_and_exported(browser: Browser, app_url: str, data_dir: Path, tmp_path: Path) -> None:
    page = open_app(browser, app_url, DESKTOP)
    ask(page, QUESTION)
    page.get_by_role("radio", name="Thumbs down").click()
    comment = "The short answer could say when it starts."
    page.get_by_role("textbox", name=WORDS["feedback"]["comment"]).fill(comment)
    page.get_by_text(WORDS["feedback"]["keep_question"]).click()
    page.get_by_role("button", name=WORDS["feedback"]["send"], exact=True).click()
    expect(page.get_by_text(WORDS["feedback"]["sent"])).to_be_visible()
    rows = [r for r in FeedbackStore(data_dir / "feedback.sqlite3").rows() if r["comment"] == comment]
    assert len(rows) == 1 and rows[0]["rating"] == "down" and rows[0]["question"] == QUESTION
    out = tmp_path / "feedback.csv"
    assert export_feedback(["export", "--db", str(data_dir / "feedback.sqlite3"), "--out", str(out)]) == 0
    exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert any(r["comment"] == comment and r["rating"] == "down" for r in exported)
