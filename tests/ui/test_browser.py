"""A real browser (Debian's Chromium, driven by Playwright) asks the running app a question."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from plainlaw.settings import ROOT, Settings
from tests.servers import free_port, running

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


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
def app_url(index_settings: Settings) -> Iterator[str]:
    """The app served by `streamlit run`, started and stopped by this test."""
    port = free_port()
    env = {**os.environ, "PLAINLAW_CHROMA_PATH": str(index_settings.chroma_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    with running(proc, f"{url}/_stcore/health", 60, "the app", ready=lambda body: body == b"ok"):
        yield url


def test_asking_in_the_browser_shows_a_cited_answer(page: Page, app_url: str) -> None:
    page.goto(app_url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=120_000)
    box.fill("What is the maximum sentence for owning an AI tool made to create child abuse images?")
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text("five years", timeout=120_000)
    expect(answer).to_contain_text("[1]")
    source = answer.get_by_test_id("stExpander").first
    source.click()
    expect(source).to_contain_text("lbc.co.uk")
    expect(source).to_contain_text("announced plan")
