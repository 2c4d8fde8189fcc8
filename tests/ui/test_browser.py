"""A real browser (Debian's Chromium, driven by Playwright) asks the running app a question."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from plainlaw.settings import ROOT, Settings

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(index_settings: Settings) -> Iterator[str]:
    """The app served by `streamlit run`, started and stopped by this test."""
    port = _free_port()
    env = {**os.environ, "PLAINLAW_CHROMA_PATH": str(index_settings.chroma_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


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
