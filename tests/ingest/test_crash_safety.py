"""A rebuild killed with SIGKILL part way leaves the previous index answering exactly as before, and the
next ingest completes and deletes what the killed run left."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plainlaw.settings import ROOT, Settings
from plainlaw.store import client, live_names, own_collections
from tests.ingest.asking import QUESTIONS, answers

PROGRESS = re.compile(rb"Writing:\s+\d+%\|[^|\r\n]*\|\s*(\d+)/(\d+)")


def kill_once_rows_are_written(proc: subprocess.Popen, timeout: float = 180) -> tuple[int, int]:
    """Read the progress bar as it is drawn; SIGKILL the process once some rows, not all, are written."""
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    seen = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        chunk = proc.stderr.read()
        if chunk:
            seen += chunk
            drawn = PROGRESS.findall(seen)
            if drawn and 0 < int(drawn[-1][0]) < int(drawn[-1][1]):
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return int(drawn[-1][0]), int(drawn[-1][1])
        elif proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"the rebuild was never seen part way: {seen[-600:].decode(errors='replace')}")


def test_a_rebuild_killed_part_way_leaves_the_previous_index_answering(
    index_settings: Settings, explainer, tmp_path: Path
) -> None:
    from ingest.pipeline import sync_index
    from plainlaw.explainer import Explainer

    before = answers(explainer, QUESTIONS[:4])
    index = tmp_path / "index"
    shutil.copytree(index_settings.chroma_path, index, ignore=shutil.ignore_patterns("ingest.lock"))
    settings = index_settings.with_(chroma_path=index)
    live = live_names(client(settings), settings)

    env = {**os.environ, "PLAINLAW_CHROMA_PATH": str(index), "PLAINLAW_CORPUS": str(settings.corpus_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "--rebuild"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    written, total = kill_once_rows_are_written(proc)
    assert proc.returncode == -signal.SIGKILL

    chroma = client(settings)
    assert live_names(chroma, settings) == live
    partial = set(own_collections(chroma, settings)) - set(live.values())
    assert partial, "the killed run had created its new generation"
    assert 0 < sum(chroma.get_collection(name).count() for name in partial) < total

    assert answers(Explainer(settings), QUESTIONS[:4]) == before

    summary, errors = sync_index(settings, show_bar=False)
    assert errors == {} and not summary.written and summary.cleaned == sorted(partial)
    assert set(own_collections(client(settings), settings)) == set(live.values())
    assert written > 0
