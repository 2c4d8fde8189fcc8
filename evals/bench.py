"""`python -m evals.bench [--sizes 1,100,500] [--server | --no-server] [--json OUT]`: speed and scale in one run.

For each size (1 = the corpus as shipped; N = the corpus and N-1 generated variants of every document, each
variant's sentences with other words and numbers so that every passage is distinct and is embedded), in a
temporary folder:
- ingest: `python -m ingest` in a child process (wall time), against the encode-only floor — the time the
  packaged model takes to embed the same distinct texts, in one length-sorted call, with nothing else;
- start: a new process builds the engine and answers one question (import, engine, first answer, and the wall
  time from launch to the first answer); run twice, the first time after ingest, the second as every later
  start is, with the caches in place;
- warm questions: p50 and p95 over distinct development questions after a short warm-up; peak memory (the
  child's maximum resident set); throughput of one engine with one and with two users asking at once
  (evals/throughput.py's `scaling`);
- each of the above embedded (PersistentClient) and, with --server, on a real `chroma run` on 127.0.0.1.
At size 1 it also times a naive LangChain RAG over the same corpus (RecursiveCharacterTextSplitter chunks in a
dense Chroma, the same packaged MiniLM: evals/baseline.py) and prints Plain Law's latency as a ratio of it.

Questions come from evals/dev_cases.jsonl and evals/fresh_*_cases.jsonl (never the blind sets). Imports at the
top are the standard library's only: the child measures the engine's own imports.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = ("dev_cases.jsonl", "fresh_a_cases.jsonl", "fresh_b_cases.jsonl")
WARMUP = 3
FLOOR_SAMPLE = 4000  # texts encoded for the floor; more are timed on a random sample of this size and scaled


def questions() -> list[str]:
    """Distinct single-turn questions of the development and fresh cases, in file order."""
    found: dict[str, None] = {}
    for name in QUESTION_FILES:
        for line in (ROOT / "evals" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                if not case.get("history"):
                    found.setdefault(case["question"], None)
    return list(found)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


# --- the child process: one engine, measured from the inside ---------------------------------------------

def probe(n_warm: int, n_users: int) -> dict[str, Any]:
    """Start an engine as the app does, answer, then time warm questions and one vs two users."""
    began = time.perf_counter()
    from plainlaw.explainer import Explainer

    imported = time.perf_counter()
    engine = Explainer()
    built = time.perf_counter()
    asked = questions()
    engine.ask(asked[0])
    first = time.perf_counter()
    first_wall = time.time()
    for q in asked[1 : 1 + WARMUP]:
        engine.ask(q)
    timed = asked[1 + WARMUP : 1 + WARMUP + n_warm]
    latencies = []
    for q in timed:
        t = time.perf_counter()
        engine.ask(q)
        latencies.append(time.perf_counter() - t)
    from evals.throughput import scaling  # one asker against two at once, on questions made new each round

    users = scaling(engine, (asked[1 + WARMUP + n_warm :] or asked)[:n_users], rounds=2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "passages": len(engine.library), "cpu_s": usage.ru_utime + usage.ru_stime,
        "import_s": imported - began, "engine_s": built - imported,
        "first_answer_s": first - built, "first_wall": first_wall,
        "warm_p50_ms": 1000 * percentile(latencies, 50), "warm_p95_ms": 1000 * percentile(latencies, 95),
        "warm_n": len(latencies), "qps_1": users["q_per_s_1"], "qps_2": users["q_per_s_2"],
        "cores_used_2": users["cores_used_2"],
        "peak_rss_mb": usage.ru_maxrss / 1024, "load_average": os.getloadavg()[0],
    }


# --- the parent: corpora, ingest, servers, children --------------------------------------------------------

def child_env(corpus: Path, index: Path, host: str = "", port: int = 0) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAINLAW_CHROMA")}
    env.update(PLAINLAW_CORPUS=str(corpus), PLAINLAW_CHROMA_PATH=str(index), PLAINLAW_LLM="none",
               PYTHONPATH=str(ROOT))
    if host:
        env.update(PLAINLAW_CHROMA_HOST=host, PLAINLAW_CHROMA_PORT=str(port))
    return env


def ingest(env: dict[str, str]) -> tuple[float, str]:
    """`python -m ingest` in a child: wall seconds and its closing line."""
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - t
    if done.returncode not in (0, 1):  # 1: law-model problems reported, the index is still written
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, (done.stdout.strip().splitlines() or [""])[-1]


def start(env: dict[str, str], n_warm: int, n_users: int) -> dict[str, Any]:
    """A new process: the engine's start and warm figures, and the wall time from launch to its first answer."""
    launched = time.time()
    done = subprocess.run([sys.executable, "-m", "evals.bench", "--probe", "--questions", str(n_warm),
                           "--users", str(n_users)], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"engine failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["launch_to_first_answer_s"] = result.pop("first_wall") - launched
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """A real `chroma run` on 127.0.0.1 storing in `path`, stopped when the block ends."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("chroma run did not start") from None
                time.sleep(0.5)
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def peak_rss_mb(pid: int) -> float:
    """A running process's peak resident set (Linux /proc), e.g. the Chroma server's."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


_WORD = re.compile(r"\b[a-z]{4,}\b")
_NUMBER = re.compile(r"(?<= )\d{2,}(?![\d)])")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_FRONT = re.compile(r"\A(---\n.*?\n---\n)(.*)\Z", re.S)


def synthetic_corpus(source: Path, target: Path, factor: int, seed: int = 11) -> int:
    """The corpus and factor-1 variants of every file, written as valid corpus files under `target`.

    A variant is its file's cleaned text (what ingest keeps: a variant has as many passages as its original)
    under the same front matter, its url given a #variant suffix; the layout the chunker reads (headings,
    numbering, line starts) is kept, and in every sentence at least one word in six, and every number of two
    digits or more inside a line, is swapped for another, so no two passages are the same.
    """
    from ingest.clean import clean
    from plainlaw.schema import read_source

    shutil.copytree(source, target, dirs_exist_ok=True)
    files = {}
    for path in sorted(source.rglob("*.md")):
        match = _FRONT.match(path.read_text(encoding="utf-8"))
        if match:
            files[path] = (match.group(1), clean(read_source(path, source)))
    vocabulary = sorted({w for _, body in files.values() for w in _WORD.findall(body)})
    rng = random.Random(seed)

    def vary(sentence: str) -> str:
        spots = [m.span() for m in _WORD.finditer(sentence)]
        chosen = sorted(rng.sample(spots, max(1, len(spots) // 6)) if spots else [], reverse=True)
        for start, end in chosen:
            sentence = sentence[:start] + rng.choice(vocabulary) + sentence[end:]
        return _NUMBER.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group()))), sentence)

    written = 0
    for path, (front, body) in files.items():
        relative = path.relative_to(source)
        for v in range(1, factor):
            front_v = re.sub(r"(?m)^(url:\s*['\"]?)([^'\"\n]+)", rf"\g<1>\g<2>#variant-{v}", front, count=1)
            lines = [" ".join(vary(s) for s in _SENTENCE.split(line)) for line in body.split("\n")]
            out = target / "variants" / relative.with_name(f"{relative.stem}_v{v:04d}.md")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(front_v + "\n".join(lines) + "\n", encoding="utf-8")
            written += 1
    return written


def encode_floor(env: dict[str, str]) -> tuple[float, int, bool]:
    """Seconds the packaged model needs for the index's distinct texts, in one call (sorted by length inside)
    and nothing else; timed on a random sample when there are more than FLOOR_SAMPLE, then scaled."""
    os.environ.update({k: v for k, v in env.items() if k.startswith("PLAINLAW_CHROMA")})
    from plainlaw.embeddings import get_embeddings
    from plainlaw.keywords import paged
    from plainlaw.settings import load_settings
    from plainlaw.store import KINDS, client, live_names

    settings = load_settings()
    chroma = client(settings)
    names = live_names(chroma, settings) or {}
    texts = sorted({d for kind in KINDS for got in paged(chroma.get_collection(names[kind]), ["documents"])
                    for d in got["documents"]})
    sample = random.Random(5).sample(texts, min(len(texts), FLOOR_SAMPLE))
    model = get_embeddings()
    model.embed_documents(sample[:8])  # loaded and warm: the floor is encoding alone
    t = time.perf_counter()
    model.embed_documents(sample)
    return (time.perf_counter() - t) * len(texts) / len(sample), len(texts), len(sample) < len(texts)


def naive_rag(n_warm: int) -> dict[str, float]:
    """Warm latency of a naive LangChain RAG over the shipped corpus: split, embed, dense search (k=5)."""
    import torch

    from evals.baseline import DenseBaseline
    from plainlaw.settings import Settings

    torch.set_num_threads(1)  # as the engine runs one question (plainlaw/explainer.py)
    baseline = DenseBaseline(Settings(corpus_dir=ROOT / "corpus"))
    asked = questions()
    for q in asked[1 : 1 + WARMUP]:
        baseline.store.similarity_search(q, k=5)
    latencies = []
    for q in asked[1 + WARMUP : 1 + WARMUP + n_warm]:
        t = time.perf_counter()
        baseline.store.similarity_search(q, k=5)
        latencies.append(time.perf_counter() - t)
    torch.set_num_threads(os.cpu_count() or 1)
    return {"chunks": baseline.size, "warm_p50_ms": 1000 * percentile(latencies, 50),
            "warm_p95_ms": 1000 * percentile(latencies, 95)}


def fill_index(factor: int, seed: int = 11) -> int:
    """Grow the live index in place to `factor` times its rows without the model: every passage and sentence
    copied factor-1 times with varied words and numbers (as synthetic_corpus varies them) and its vector moved
    a little at random (cosine ~0.9 to the original), so that an engine can be measured at a size whose
    embedding would take hours on two cores. Runs in a child with the settings in its environment."""
    import hashlib

    import numpy as np

    from plainlaw.keywords import paged
    from plainlaw.settings import load_settings
    from plainlaw.store import PASSAGES, SENTENCES, client, live_names

    settings = load_settings()
    chroma = client(settings)
    names = live_names(chroma, settings) or {}
    passages, sentences = chroma.get_collection(names[PASSAGES]), chroma.get_collection(names[SENTENCES])
    include = ["documents", "metadatas", "embeddings"]
    originals = {kind: [got for got in paged(c, include)] for kind, c in (("p", passages), ("s", sentences))}
    vocabulary = sorted({w for got in originals["p"] for d in got["documents"] for w in _WORD.findall(d)})
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)

    def vary(text: str) -> str:
        spots = [m.span() for m in _WORD.finditer(text)]
        for start, end in sorted(rng.sample(spots, max(1, len(spots) // 6)) if spots else [], reverse=True):
            text = text[:start] + rng.choice(vocabulary) + text[end:]
        return _NUMBER.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group()))), text)

    def moved(vectors: Any) -> list[list[float]]:
        out = np.asarray(vectors, dtype=np.float32)
        out = out + noise.normal(0, 0.025, out.shape).astype(np.float32)
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).tolist()

    def new_id(v: int, old: str) -> str:
        return hashlib.sha256(f"{v}\0{old}".encode()).hexdigest()[:32]

    added = 0
    for v in range(1, factor):
        for got in originals["p"]:
            metas = [{**m, "source": f"variants/{Path(m['source']).stem}_v{v:04d}.md",
                      "url": f"{m['url']}#variant-{v}"} for m in got["metadatas"]]
            passages.add(ids=[new_id(v, i) for i in got["ids"]], documents=[vary(d) for d in got["documents"]],
                         metadatas=metas, embeddings=moved(got["embeddings"]))
            added += len(got["ids"])
        for got in originals["s"]:
            docs, metas = [], []
            for d, m in zip(got["documents"], got["metadatas"], strict=True):
                before, unit = vary(d[: int(m["start"])]), vary(d[int(m["start"]):])
                docs.append(before + unit)
                metas.append({**m, "chunk_id": new_id(v, m["chunk_id"]), "start": len(before),
                              "source": f"variants/{Path(m['source']).stem}_v{v:04d}.md"})
            sentences.add(ids=[new_id(v, i) for i in got["ids"]], documents=docs, metadatas=metas,
                          embeddings=moved(got["embeddings"]))
            added += len(got["ids"])
    return added


def measure_size(size: int, work: Path, server: bool, server_ingest: bool, filled: bool, n_warm: int,
                 n_users: int) -> list[dict[str, Any]]:
    """Ingest, start and question figures at one size, embedded and (if asked) on a Chroma server.

    `filled`: the shipped corpus is ingested and the index then grown by fill_index (no ingest figures).
    On a server the index is ingested again when `server_ingest`, else the server serves a copy of the
    embedded index's folder (Chroma's server reads what its embedded client wrote)."""
    corpus = ROOT / "corpus"
    if size > 1 and not filled:
        corpus = work / f"corpus-{size}x"
        t = time.perf_counter()
        made = synthetic_corpus(ROOT / "corpus", corpus, size)
        print(f"[{size}x] corpus: {made} variant files written in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    rows = []
    floor: dict[str, Any] = {}
    embedded = work / f"index-{size}x-embedded"
    for mode in ["embedded", "server"] if server else ["embedded"]:
        index = work / f"index-{size}x-{mode}"
        store = work / f"server-{size}x"
        copy = mode == "server" and not server_ingest
        if copy:
            shutil.copytree(embedded, store, ignore=shutil.ignore_patterns("cache"))
        with (chroma_server(store) if mode == "server" else _nothing()) as running:
            env = child_env(corpus, index, *(("127.0.0.1", running[0]) if running else ()))
            row: dict[str, Any] = {"size": size, "mode": mode, "filled": filled}
            if not copy:
                print(f"[{size}x {mode}] ingest…", file=sys.stderr)
                seconds, line = ingest(env)
                row.update(ingest_s=seconds, ingest_summary=line)
                if filled:
                    t = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "evals.bench", "--fill", str(size)], env=env, cwd=ROOT,
                                   check=True)
                    row.update(ingest_s=None, fill_s=time.perf_counter() - t)
                elif not floor:
                    floor = dict(zip(("floor_s", "distinct_texts", "floor_sampled"), encode_floor(env), strict=True))
            row.update(floor if row.get("ingest_s") else {})
            print(f"[{size}x {mode}] starting the engine…", file=sys.stderr)
            after_ingest = start(env, n_warm, n_users)
            row.update(start(env, n_warm, n_users))
            row["first_start_after_ingest_s"] = after_ingest["launch_to_first_answer_s"]
            row["first_start_engine_s"] = after_ingest["engine_s"]
            if running:
                row["server_peak_rss_mb"] = peak_rss_mb(running[1].pid)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    return rows


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def table(rows: list[dict[str, Any]], rag: dict[str, float] | None) -> str:
    head = (f"{'size':>5} {'mode':9} {'passages':>8} {'ingest s':>9} {'floor s':>8} {'ratio':>6} "
            f"{'start s':>8} {'1st after ingest':>16} {'import':>6} {'engine':>6} {'1st ans':>7} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'RSS MB':>7} {'q/s 1':>6} {'q/s 2':>6} {'load':>5}")
    out = [head]
    for r in rows:
        ingested = (f"{r['ingest_s']:>9.1f} {r['floor_s']:>8.1f} {r['ingest_s'] / r['floor_s']:>6.2f}"
                    if r.get("floor_s") else f"{'—':>9} {'—':>8} {'—':>6}")
        out.append(f"{r['size']:>4}x {r['mode']:9} {r['passages']:>8} {ingested} {r['launch_to_first_answer_s']:>8.2f} "
                   f"{r['first_start_after_ingest_s']:>16.2f} {r['import_s']:>6.2f} {r['engine_s']:>6.2f} "
                   f"{r['first_answer_s']:>7.2f} {r['warm_p50_ms']:>7.1f} {r['warm_p95_ms']:>7.1f} "
                   f"{r['peak_rss_mb']:>7.0f} {r['qps_1']:>6.1f} {r['qps_2']:>6.1f} {r['load_average']:>5.1f}")
    if rag:
        ours = next((r for r in rows if r["size"] == 1 and r["mode"] == "embedded"), None)
        out.append(f"naive LangChain RAG (1x, {rag['chunks']} chunks, dense k=5, no language model): "
                   f"p50 {rag['warm_p50_ms']:.1f} ms, p95 {rag['warm_p95_ms']:.1f} ms")
        if ours:
            out.append(f"Plain Law / naive RAG: p50 {ours['warm_p50_ms'] / rag['warm_p50_ms']:.2f}×, "
                       f"p95 {ours['warm_p95_ms'] / rag['warm_p95_ms']:.2f}×")
    for r in rows:
        if r.get("filled"):
            out.append(f"{r['size']}x {r['mode']}: index grown without the model in {r.get('fill_s', 0):.0f} s (copies "
                       "with varied words and perturbed vectors: no ingest figures)")
        elif r.get("ingest_s") and not r.get("floor_s"):
            out.append(f"{r['size']}x {r['mode']}: ingested again into the server in {r['ingest_s']:.0f} s")
        elif r["mode"] == "server" and not r.get("ingest_s"):
            out.append(f"{r['size']}x server: serves a copy of the embedded index (not ingested again)")
        if "server_peak_rss_mb" in r:
            out.append(f"{r['size']}x server: the Chroma server's own peak RSS {r['server_peak_rss_mb']:.0f} MB")
        if r.get("floor_sampled"):
            out.append(f"{r['size']}x {r['mode']}: floor timed on {FLOOR_SAMPLE} of {r['distinct_texts']} distinct "
                       "texts and scaled")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,100,500", help="corpus sizes as multiples of the shipped corpus")
    parser.add_argument("--server", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure with the index in a `chroma run` server")
    parser.add_argument("--server-sizes", help="sizes to measure on a server too (default: every size)")
    parser.add_argument("--server-ingest", action="store_true",
                        help="ingest again into the server at every size (default: only at size 1; larger sizes "
                             "serve a copy of the embedded index)")
    parser.add_argument("--filled-sizes", default="",
                        help="sizes grown without the model (e.g. 1300 ≈ 100k passages): engine figures only")
    parser.add_argument("--questions", type=int, default=60, help="warm questions timed per engine")
    parser.add_argument("--users", type=int, default=24, help="questions per user count in the throughput test")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp folder)")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)  # the child that grows an index
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(args.questions, args.users)))
        return 0
    if args.fill:
        print(f"{fill_index(args.fill)} rows added", file=sys.stderr)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.keep or Path(tempfile.mkdtemp(prefix="plainlaw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        filled = [int(s) for s in args.filled_sizes.split(",") if s.strip()]
        on_server = [int(s) for s in args.server_sizes.split(",")] if args.server_sizes else sizes + filled
        rows = [row for size in sizes + filled
                for row in measure_size(size, work, args.server and size in on_server,
                                        args.server_ingest or size == 1, size in filled, args.questions, args.users)]
        rag = naive_rag(args.questions) if 1 in sizes else None
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows, rag))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "naive_rag": rag}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
