"""The engine's fast encoders: MiniLM exported to ONNX gives the vectors (and so the answers) that
sentence-transformers gives, a start without the export still answers, and e5 reads only a text's first window."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest

from plainlaw import embeddings
from plainlaw.embeddings import OnnxEncoder, export_onnx, get_embeddings, model_path
from plainlaw.encoders import E5_WINDOW, ENCODERS, _e5, _first_window
from plainlaw.lawmodel import load_law
from plainlaw.settings import ROOT, Settings
from tests.plainlaw.test_concurrency import cases, comparable

ODD = ["", "a", "Is it illegal?\nAsking for my son, who is 15.", "x " * 600, "Ünïcödé, 漢字 и кириллица 🙂",
       "s.66B(1)(a) Sexual Offences Act 2003 — “intimate image”", "   spaces   around   ", "£5,000 fine?"]


def texts() -> list[str]:
    """Varied texts: the law model's statements, real questions with earlier turns among them, and odd ones
    (empty, one letter, past the 256-token limit, other scripts, line breaks)."""
    law = load_law(ROOT / "law")
    return [st.say for st in law.statements.values()] + [q for q, _ in cases(30)] + ODD


def reference(batch: list[str]) -> np.ndarray:
    """sentence-transformers' vectors through LangChain's wrapper: what ingest stores in the index."""
    return np.asarray(get_embeddings().embed_documents(batch), dtype=np.float32)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> OnnxEncoder:
    folder = tmp_path_factory.mktemp("onnx")
    (folder / "minilm-old.onnx").write_bytes(b"an export of another model")
    target = export_onnx(folder / "minilm-new.onnx")
    assert [p.name for p in folder.iterdir()] == ["minilm-new.onnx"]  # no temp file left, the old one removed
    return OnnxEncoder(target, model_path())


def test_onnx_vectors_match_sentence_transformers(exported: OnnxEncoder) -> None:
    batch = texts()
    assert len(batch) > 100
    fast = exported.encode([t.replace("\n", " ") for t in batch])
    slow = reference(batch)
    cosine = (fast * slow).sum(axis=1) / np.linalg.norm(fast, axis=1) / np.linalg.norm(slow, axis=1)
    assert cosine.min() >= 0.9999, batch[int(cosine.argmin())]
    assert np.abs(fast - slow).max() < 1e-4
    alone = np.vstack([exported.encode([t.replace("\n", " ")]) for t in batch[-len(ODD):]])
    assert np.abs(alone - fast[-len(ODD):]).max() < 1e-4  # padded in a batch or alone, the same vector


def test_without_an_export_the_engine_uses_sentence_transformers(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path) -> None:
    def fails(target):
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(embeddings, "onnx_path", lambda: tmp_path / "minilm-missing.onnx")
    monkeypatch.setattr(embeddings, "export_onnx", fails)
    embeddings._encoder.cache_clear()
    try:
        got = embeddings.embed(ODD)
    finally:
        embeddings._encoder.cache_clear()  # the next caller loads the real export again
    assert np.abs(got - reference(ODD)).max() < 1e-6


def test_engine_answers_are_the_same_with_sentence_transformers(explainer, index_settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from plainlaw.explainer import Explainer

    asked = [(f"{q} (backend)", history) for q, history in cases(30)]
    fast = [comparable(explainer.ask(q, history)) for q, history in asked]
    monkeypatch.setitem(ENCODERS, "minilm", reference)
    slow_engine = Explainer(index_settings)  # its own caches: every question is encoded by sentence-transformers
    slow = [comparable(slow_engine.ask(q, history)) for q, history in asked]
    for (question, _), a, b in zip(asked, fast, slow, strict=True):
        # Probabilities agree to a thousandth (vectors differ by ~1e-7, so a fourth decimal can round either way);
        # everything else the user sees or the engine decided is identical.
        assert without_numbers(a) == without_numbers(b), question
        assert numbers(a) == pytest.approx(numbers(b), abs=1e-3), question


def numbers(record: dict[str, Any]) -> list[float]:
    s = record["situation"]
    return [s["harm"], *(v for head in sorted(s["scores"]) for _, v in sorted(s["scores"][head].items())),
            *(v for _, v in sorted(record.get("measure_scores", {}).items()))]


def without_numbers(record: dict[str, Any]) -> dict[str, Any]:
    situation = {k: v for k, v in record["situation"].items() if k not in {"scores", "harm"}}
    return {**{k: v for k, v in record.items() if k != "measure_scores"}, "situation": situation}


def test_e5_reads_only_the_first_window() -> None:
    model = _e5()
    short = "Is it a crime to share a deepfake of my teacher?"
    medium = "Can I report it? " * 20
    assert _first_window(model, short) is short and _first_window(model, medium) is medium
    words = " ".join(f"word{i}" for i in range(3000))
    cut = _first_window(model, words)
    assert model.token_count(cut, True) <= E5_WINDOW < model.token_count(words[: len(cut) + 8], True)
    assert np.allclose(ENCODERS["e5"]([words]), ENCODERS["e5"]([cut]))
    rng = np.random.default_rng(11)
    noise = "".join(chr(int(c)) for c in rng.integers(0x100, 0xD7FF, 300_000))  # no surrogates
    started = time.perf_counter()
    vector = ENCODERS["e5"]([noise])
    assert time.perf_counter() - started < 3 and vector.shape == (1, 384)


def test_messages_are_read_by_e5_to_the_window_reader_yaml_gives() -> None:
    from plainlaw.encoders import Encoders
    from plainlaw.prompts import load_yaml

    config = load_yaml(ROOT / "prompts", "reading/reader.yaml")
    window = int(config["e5_window"])
    encoders = Encoders.from_config(config)
    long = " ".join(f"question{i} about a deepfake" for i in range(60))
    cut = _first_window(_e5(), long, window)
    assert model_tokens(cut) <= window < model_tokens(long)
    read = encoders.vectors([long, cut], ["e5"])["e5"]
    assert np.allclose(read[0], read[1], atol=1e-5)
    # statements are read in full: the passage window is the model's own
    assert _first_window(_e5(), long) != cut


def model_tokens(text: str) -> int:
    return int(_e5().token_count(text, True))


@pytest.mark.parametrize("window", [0, 8, E5_WINDOW + 1])
def test_an_e5_window_out_of_range_is_a_clear_error(window: int) -> None:
    from plainlaw.encoders import Encoders

    with pytest.raises(ValueError, match="e5_window"):
        Encoders(["e5"], e5_window=window)
