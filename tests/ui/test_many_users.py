"""Many people at once, and faults at the app's edge. In real browsers (Debian's Chromium via Playwright): ten
sessions opened at the same moment right after the app starts all get the chat box and their answers, and with
the index on a `chroma run` server that stops and starts again, the page says the sources are unavailable in one
sentence — never a traceback — and answers again once the server is back. Through AppTest: an exchange that
answered nothing is shown but never sent back to the engine as part of the conversation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit.testing.v1 import AppTest

from plainlaw.answer import ERROR, INVALID, UNAVAILABLE
from plainlaw.prompts import Messages
from plainlaw.settings import ROOT, Settings
from plainlaw.sheets import ui_words
from tests.plainlaw.test_inputs import refused_connection
from tests.servers import chroma_server, free_port, running
from tests.ui.test_browser import browser_type_launch_args  # noqa: F401  (the same Chromium, launched the same way)

pytestmark = pytest.mark.browser
WORDS = ui_words(ROOT / "prompts")
MESSAGES = Messages(ROOT / "prompts")
QUESTIONS = [*(q for group in WORDS["starters"]["groups"] for q in group["questions"]),
             "What is cyberflashing?", "What is a pseudo-photograph?"]
NEVER_ON_A_PAGE = ("Traceback", "Error", "Exception", "default_tenant")


@contextmanager
def app(env: dict[str, str], log: Path | None = None) -> Iterator[str]:
    """`streamlit run app.py` as run.sh starts it, with these settings; yields its address once it serves. Its
    log (a fault's reference and traceback) goes to `log`, when given, for a failing test to show."""
    port = free_port()
    err = log.open("w", encoding="utf-8") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"],
        env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
    )
    url = f"http://127.0.0.1:{port}"
    with running(proc, f"{url}/_stcore/health", 60, "the app", ready=lambda body: body == b"ok"):
        yield url


def ask(page: Page, question: str, answers: int) -> None:
    """Type a question and send it; the caller waits for the `answers`-th answer card."""
    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_editable(timeout=60_000)
    box.fill(question)
    box.press("Enter")
    expect(page.locator(".pl-answer")).to_have_count(answers, timeout=60_000)


def shows_no_fault(page: Page) -> None:
    text = page.locator("body").inner_text()
    for words in NEVER_ON_A_PAGE:
        assert words not in text, f"the page shows {words!r}: {text[:500]}"


def test_ten_sessions_opened_together_after_a_start_all_get_their_answers(browser: Browser, index_settings: Settings,
                                                                          tmp_path: Path) -> None:
    env = {"PLAINLAW_CHROMA_PATH": str(index_settings.chroma_path), "PLAINLAW_DATA_DIR": str(tmp_path)}
    log = tmp_path / "app.log"
    with app(env, log) as url:
        pages = [browser.new_context().new_page() for _ in QUESTIONS]
        for page in pages:  # all ten connect within a moment, while the engine is still being loaded
            page.goto(url, wait_until="commit")
        for page in pages:
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=60_000)
        for page, question in zip(pages, QUESTIONS, strict=True):  # ten questions in flight together
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill(question)
            box.press("Enter")
        for page, question in zip(pages, QUESTIONS, strict=True):
            card = page.locator(".pl-answer")
            expect(card).to_have_count(1, timeout=90_000)
            text = card.inner_text()
            assert text.strip() and MESSAGES("unavailable") not in text and "Something went wrong" not in text, \
                (question, text, log.read_text(encoding="utf-8")[-3000:])
            shows_no_fault(page)
        for page in pages:
            page.context.close()


def test_a_chroma_server_that_stops_and_starts_again_under_the_running_app(browser: Browser,
                                                                           index_settings: Settings,
                                                                           tmp_path: Path) -> None:
    # The server serves a copy of the test index (the on-disk format is the same); the app's own folder keeps
    # only the caches, copied so that nothing is trained or encoded again.
    data, local = tmp_path / "server-data", tmp_path / "local"
    shutil.copytree(index_settings.chroma_path, data, ignore=shutil.ignore_patterns("cache"))
    shutil.copytree(index_settings.chroma_path / "cache", local / "cache")
    port = free_port()
    env = {"PLAINLAW_CHROMA_HOST": "127.0.0.1", "PLAINLAW_CHROMA_PORT": str(port), "PLAINLAW_CHROMA_PATH": str(local),
           "PLAINLAW_DATA_DIR": str(tmp_path / "data")}
    unavailable = MESSAGES("unavailable")
    with app(env) as url:
        page = browser.new_context().new_page()
        page.goto(url)
        # Started with the server down: one plain sentence, and the chat box is there to try again.
        expect(page.get_by_text(unavailable)).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible()
        shows_no_fault(page)
        with chroma_server(data, port) as server:
            ask(page, "Is it illegal to share a deepfake nude of someone without their consent?", 1)
            assert unavailable not in page.locator(".pl-answer").inner_text()
            server.terminate()
            server.wait(timeout=30)
            ask(page, "What is the maximum sentence for possessing an indecent photograph of a child?", 2)
            expect(page.locator(".pl-answer").nth(1)).to_contain_text(unavailable)
            shows_no_fault(page)
            page.reload()  # a new session while the server is down still gets the page and the chat box
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=60_000)
            shows_no_fault(page)
        with chroma_server(data, port):
            ask(page, "What is the maximum sentence for possessing an indecent photograph of a child?", 1)
            answer = page.locator(".pl-answer").inner_text()
            assert unavailable not in answer and "Something went wrong" not in answer, answer
            shows_no_fault(page)
        page.context.close()


def test_an_exchange_that_answered_nothing_is_never_sent_back_as_the_conversation(
        index_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A question met by 'sources unavailable' (or refused as unreadable) is shown, but the next question is read
    on its own: the engine never gets it as an earlier turn (the chat box itself cuts a paste to the limit)."""
    from plainlaw.find import Finder

    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(index_settings.chroma_path))
    monkeypatch.setenv("PLAINLAW_DATA_DIR", str(tmp_path))
    find, calls = Finder.find, []

    def down_once(self: Finder, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise refused_connection()
        return find(self, *args, **kwargs)

    monkeypatch.setattr(Finder, "find", down_once)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.chat_input[0].set_value("Is sharing a deepfake nude of an adult a crime?").run()
    at.chat_input[0].set_value("What is the maximum sentence for it?").run()
    assert not at.exception
    asked, failed, question, answer = at.session_state.messages
    assert failed["answer"].status == UNAVAILABLE and failed["content"] == MESSAGES("unavailable")
    assert not asked["context"] and not failed["context"]
    assert question["context"] and answer["context"] and answer["answer"].status not in {INVALID, ERROR}
    # Read on its own: with the failed question as its context it would have been read as a follow-up.
    assert answer["answer"].situation["follow_up"] is False
