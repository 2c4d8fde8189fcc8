"""Take the README's screenshots (docs/screenshots/) from the running app in Chromium:

    .venv/bin/python -m tests.ui.screenshots [--out docs/screenshots]

first screen (desktop and 390 px), an answer, a disclosure reply (390 px), a topic sheet in the app, and the
sheet's PDF as a picture when pdftoppm is installed. A tool, not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from plainlaw.settings import ROOT
from tests.servers import free_port

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSWER = "Is making a sexual deepfake of an adult a crime yet?"
DISCLOSURE = "I'm 14 and a boy at school says he will share a fake naked picture of me."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    data = tempfile.mkdtemp(prefix="plainlaw-shots-")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
         "--client.toolbarMode", "viewer", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "PLAINLAW_DATA_DIR": data}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

            def page_at(width: int, height: int):
                page = browser.new_context(viewport={"width": width, "height": height}).new_page()
                for _ in range(120):
                    try:
                        page.goto(url)
                        break
                    except Exception:  # the server is still starting
                        page.wait_for_timeout(500)
                expect(page.locator("#engine-ready")).to_be_attached(timeout=300_000)
                page.wait_for_timeout(1500)
                return page

            def ask(page, question: str) -> None:
                box = page.get_by_test_id("stChatInputTextArea")
                box.fill(question)
                box.press("Enter")
                expect(page.locator(".pl-answer")).to_have_count(1, timeout=60_000)
                page.wait_for_timeout(2500)

            page = page_at(1280, 900)
            page.screenshot(path=str(out / "first-screen.png"))
            ask(page, ANSWER)
            page.screenshot(path=str(out / "answer.png"))
            phone = page_at(390, 844)
            phone.screenshot(path=str(out / "first-screen-390px.png"))
            ask(phone, DISCLOSURE)
            phone.screenshot(path=str(out / "disclosure-390px.png"))
            sheets = page_at(1280, 900)
            sheets.get_by_role("button", name="Topic sheets to print or share").click()
            expect(sheets.locator(".pl-sheet .pl-sheet-title")).to_be_visible(timeout=60_000)
            sheets.wait_for_timeout(1000)
            sheets.screenshot(path=str(out / "topic-sheet.png"))
            with sheets.expect_download() as download:
                sheets.get_by_role("button", name="Download the PDF").click()
            pdf = Path(download.value.path())
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(out / "topic-sheet-pdf")],
                               check=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    for path in sorted(out.glob("*.png")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
