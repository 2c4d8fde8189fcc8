"""Start a local server for a test and stop it afterwards (the app, the llama-cpp-python server, or Chroma)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(proc: subprocess.Popen, probe: str, timeout: float, name: str,
            ready: Callable[[bytes], bool] = lambda body: True) -> Iterator[None]:
    """Wait until `probe` answers (and `ready` accepts the reply), then yield; always stop the process."""
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if ready(urllib.request.urlopen(probe, timeout=2).read()):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"{name} exited at start")
            time.sleep(0.5)
        else:
            pytest.fail(f"{name} did not start within {timeout:.0f} s")
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def chroma_server(path: Path, port: int, timeout: float = 60) -> Iterator[subprocess.Popen]:
    """A real `chroma run` (the CLI shipped in the chromadb wheel) on 127.0.0.1, storing its data in `path`;
    stopped when the block ends, or earlier by the caller (`proc.terminate()`) to test an outage."""
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with running(proc, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout, "chroma run"):
        yield proc
