"""Step 2: read a message as a Situation, with learned classifiers over sentence embeddings plus exact cues.

One logistic regression per question the reader asks of a message (its kind, who is asking, who is pictured,
real or fake, the topic, what is asked, and which acts), trained on the examples in prompts/reading/data/.
Training takes under a minute and is cached beside the index, keyed by a hash of the data and settings, so
it happens once per change of data (ingest does it; the engine does it if the cache is missing).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from plainlaw.cues import CueReader, language
from plainlaw.encoders import features
from plainlaw.normalise import disguises
from plainlaw.prompts import load_yaml
from plainlaw.situation import Situation, merge

log = logging.getLogger("plainlaw")

Example = dict[str, Any]
Encode = Callable[[list[str]], np.ndarray]


class ReadingDataError(ValueError):
    """A training or held-out example is malformed; the message names the file and line."""


def load_examples(folder: Path) -> list[Example]:
    """Every example in a folder of JSON-lines files, checked for the fields the reader needs."""
    examples: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                example = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadingDataError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(example.get("text"), str) or not example["text"].strip():
                raise ReadingDataError(f"{path.name}:{number}: 'text' must be non-empty text")
            example.setdefault("history", [])
            examples.append(example)
    return examples


def context_text(history: Sequence[dict[str, Any]], text: str, turns: int = 2) -> str:
    """The last few user turns and the message, as one text: how a request spread over turns is read."""
    users = [str(h.get("content", "")) for h in history if h.get("role") == "user"][-turns:]
    return " ".join([*users, text]).strip()


@dataclass
class Heads:
    """The trained classifiers: one per single-label head, one per act."""

    single: dict[str, LogisticRegression]
    acts: dict[str, LogisticRegression]

    def probabilities(self, x: np.ndarray) -> dict[str, list[dict[str, float]]]:
        """For each head, one {label: probability} per row of x."""
        out: dict[str, list[dict[str, float]]] = {}
        for name, model in self.single.items():
            p = model.predict_proba(x)
            out[name] = [dict(zip(model.classes_, map(float, row), strict=True)) for row in p]
        for act, model in self.acts.items():
            p = model.predict_proba(x)[:, list(model.classes_).index(1)]
            out[f"act:{act}"] = [{"yes": float(v)} for v in p]
        return out


def _labels(examples: list[Example], head: str, allowed: Sequence[str]) -> tuple[list[int], list[str]]:
    rows, labels = [], []
    for i, ex in enumerate(examples):
        value = ex.get(head)
        if value in allowed:
            rows.append(i)
            labels.append(value)
    return rows, labels


def train(examples: list[Example], x: np.ndarray, config: dict[str, Any]) -> Heads:
    """Fit every head on the examples (rows of x are their vectors)."""
    params = config["classifier"]

    def model() -> LogisticRegression:
        return LogisticRegression(C=float(params["C"]), max_iter=int(params["max_iter"]),
                                  class_weight=params.get("class_weight"))

    single = {}
    for head, allowed in config["heads"].items():
        rows, labels = _labels(examples, head, allowed)
        if len(set(labels)) > 1:
            single[head] = model().fit(x[rows], labels)
    acts = {}
    labelled = [i for i, ex in enumerate(examples) if isinstance(ex.get("acts"), list)]
    for act in config["multi_label"]["acts"]:
        y = [int(act in examples[i]["acts"]) for i in labelled]
        if 0 < sum(y) < len(y):
            acts[act] = model().fit(x[labelled], y)
    return Heads(single, acts)


def training_rows(examples: list[Example]) -> tuple[list[Example], list[str]]:
    """The texts the heads learn from: each message, and for multi-turn examples also the message read with
    its earlier turns (labelled with the message's kind only), so a request spread over turns is learned."""
    rows, texts = [], []
    for ex in examples:
        rows.append(ex)
        texts.append(ex["text"])
        if ex["history"]:
            rows.append({"kind": ex.get("kind")})
            texts.append(context_text(ex["history"], ex["text"]))
    return rows, texts


class Reader:
    """Reads messages into Situations. Build once per process; each message costs one batch of encodings."""

    def __init__(self, prompts_dir: Path, cache_dir: Path, encode: Encode | None = None) -> None:
        self.config = load_yaml(prompts_dir, "reading/reader.yaml")
        self.cues = CueReader(prompts_dir)
        self.encode = encode or features(self.config["encoders"])
        self.data_dir = prompts_dir / "reading" / "data"
        self.heads = self._heads(cache_dir)
        self._read_one = lru_cache(maxsize=512)(self._read_message)

    def fingerprint(self) -> str:
        """What the trained heads depend on: the data, the settings and the library version."""
        digest = hashlib.sha256(json.dumps(self.config, sort_keys=True).encode())
        digest.update(sklearn.__version__.encode())
        for path in sorted(self.data_dir.glob("*.jsonl")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def _heads(self, cache_dir: Path) -> Heads:
        path = cache_dir / f"reader-{self.fingerprint()}.joblib"
        if path.exists():
            try:
                return joblib.load(path)
            except Exception as exc:  # a cache from another version is rebuilt, never trusted
                log.warning("reader cache unreadable (%s); training again", type(exc).__name__)
        examples, texts = training_rows(load_examples(self.data_dir))
        heads = train(examples, self.encode(texts), self.config)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("reader-*.joblib"):
            old.unlink()
        joblib.dump(heads, path)
        return heads

    def _read_message(self, text: str) -> Situation:
        """A message on its own: classifiers on the text and on any disguised reading of it."""
        forms = [text, *disguises(text)]
        probs = self.heads.probabilities(self.encode(forms))
        scores = {head: rows[0] for head, rows in probs.items() if not head.startswith("act:")}
        harm = max(row.get("harmful", 0.0) for row in probs["kind"])
        acts = tuple(act.removeprefix("act:") for act, rows in probs.items()
                     if act.startswith("act:") and rows[0]["yes"] >= float(self.config["act_threshold"]))
        best = {head: max(row, key=row.get) for head, row in scores.items()}
        cues = self.cues.read(text)
        situation = Situation(
            kind=best["kind"], asker=best["asker"], role=best["role"], pictured=best["pictured"],
            fake=best["fake"], topic=best["topic"], acts=acts, asks=best["asks"], asker_age=cues.asker_age,
            pictured_age=cues.pictured_age, measures_named=cues.measures, lang=language(text), scores=scores,
            harm=harm, decided_by="classifiers",
        )
        return self._apply_cues(situation)

    def _apply_cues(self, s: Situation) -> Situation:
        """Ages stated outright outrank the classifiers' guesses about who is asking and who is pictured."""
        changes: dict[str, Any] = {}
        asker_child = self.cues.is_child(s.asker_age)
        if asker_child is True and s.asker in {"adult", "unknown"}:
            changes["asker"] = "young_person"
        elif asker_child is False and s.asker == "young_person":
            changes["asker"] = "adult"
        pictured_child = self.cues.is_child(s.pictured_age)
        if pictured_child is not None:
            changes["pictured"] = "child" if pictured_child else "adult"
        elif s.role == "victim" and asker_child is not None and s.pictured == "unknown":
            changes["pictured"] = "child" if asker_child else "adult"
        return replace(s, **changes) if changes else s

    def read(self, text: str, history: Sequence[dict[str, Any]] = ()) -> Situation:
        """The message read in its conversation: earlier user turns give a follow-up its missing parts."""
        turns = [str(h.get("content", "")) for h in history if h.get("role") == "user" and h.get("content")]
        earlier: Situation | None = None
        for turn in turns[-int(self.config["history_turns"]):]:
            earlier = merge(earlier, self._follow(self._read_one(turn), earlier is not None))
        now = merge(earlier, self._follow(self._read_one(text), earlier is not None))
        if turns:
            joined = context_text(history, text)
            conversation = self.heads.probabilities(self.encode([joined]))["kind"][0].get("harmful", 0.0)
            now = replace(now, harm=max(now.harm, conversation))
        return now

    @staticmethod
    def _follow(s: Situation, has_context: bool) -> Situation:
        """A message with no topic and no named measure, read after earlier turns, is a follow-up."""
        follow = has_context and s.topic == "none" and not s.measures_named and s.kind in {"question", "help"}
        return replace(s, follow_up=follow) if follow != s.follow_up else s


def heldout_report(reader: Reader, folder: Path) -> dict[str, Any]:
    """Accuracy of each head on held-out examples (never trained or tuned on), with per-label recall."""
    examples = load_examples(folder)
    report: dict[str, Any] = {"examples": len(examples)}
    situations = [reader.read(ex["text"], ex["history"]) for ex in examples]
    for head in reader.config["heads"]:
        pairs = [(ex[head], getattr(s, head)) for ex, s in zip(examples, situations, strict=True) if ex.get(head)]
        if not pairs:
            continue
        per_label = {}
        for label in sorted({gold for gold, _ in pairs}):
            gold_rows = [p for g, p in pairs if g == label]
            per_label[label] = {"n": len(gold_rows), "recall": round(sum(p == label for p in gold_rows) / len(gold_rows), 3)}
        report[head] = {"accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3), "labels": per_label}
    return report
