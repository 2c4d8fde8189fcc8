"""Measure the README's first command from a fresh copy: how long `./run.sh` takes to reach a usable page.

    .venv/bin/python -m tests.ui.first_run [--keep] [--work /tmp/plainlaw-first-run]

It copies what a clone of this work tree would hold (tracked and new files, never .venv, vectorstore/ or
other ignored files) to an empty folder, runs `./run.sh` there with empty pip and uv caches, and prints each line
of its output with the seconds since start. It then opens the page in Chromium and records:

- `server`: the app answers /_stcore/health;
- `page`: the intro, the starter questions and the chat box are on the screen;
- `ready`: the engine has loaded (the page says so) — a question typed now is answered at once;
- `answer`: the first answer to a starter question has arrived.

This is a tool, not a test (it takes minutes and needs the package registry); pytest does not collect it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def copy_tree(target: Path) -> None:
    """The files a fresh clone of the work tree would have (git's view: tracked plus untracked, not ignored)."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, names):
        src = ROOT / name
        if not src.is_file():
            continue
        dst = target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default="/tmp/plainlaw-first-run", help="the empty folder to copy into")
    parser.add_argument("--port", type=int, default=8599)
    parser.add_argument("--keep", action="store_true", help="keep the copy (and its .venv) afterwards")
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy_tree(work / "plainlaw")
    app = work / "plainlaw"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLAINLAW_", "VIRTUAL_ENV"))}
    env.update(PIP_CACHE_DIR=str(work / "pip-cache"), UV_CACHE_DIR=str(work / "uv-cache"), PLAINLAW_PORT=str(args.port),
               PLAINLAW_HOST="127.0.0.1")
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def stamp(what: str) -> None:
        marks[what] = time.perf_counter() - start
        print(f"[{marks[what]:7.1f} s] == {what}", flush=True)

    proc = subprocess.Popen(["./run.sh"], cwd=app, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)

    def echo() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            print(f"[{time.perf_counter() - start:7.1f} s] {raw.decode(errors='replace').rstrip()}", flush=True)

    threading.Thread(target=echo, daemon=True).start()
    url = f"http://127.0.0.1:{args.port}"
    try:
        while True:
            if proc.poll() is not None:
                print("run.sh stopped before the app started", file=sys.stderr)
                return 1
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        stamp("server")
        from playwright.sync_api import expect, sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=600_000)
            page.locator("#starter-questions").wait_for(timeout=600_000)
            stamp("page")
            expect(page.locator("#engine-ready")).to_be_attached(timeout=600_000)
            stamp("ready")
            page.get_by_role("button").filter(has_text="?").first.click()
            done = page.locator(".pl-answer, [data-testid='stAlertContentError']").first
            expect(done).to_be_visible(timeout=600_000)
            if not page.locator(".pl-answer").count():
                print(f"the app could not answer: {done.inner_text()}", file=sys.stderr)
                return 1
            stamp("answer")
            page.screenshot(path=str(work / "first-run.png"))
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(" ".join(f"{k}={v:.1f}s" for k, v in marks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
