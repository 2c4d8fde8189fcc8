"""Whether the sources answer a question at all: a classifier over the message's sentence vectors, trained on
questions labelled as answered or not by the sources (prompts/reading/coverage/), with a held-out file it is
never trained or tuned on (heldout/).

The law model and the passages always find *something* close to a question; what they find for "can teachers
search my phone?" is the nearest law, which reads as the answer. Exact patterns (prompts/unsaid.yaml) name the
gaps known one by one; this reads the kinds of question the sources leave open (procedure, practice, other
places, other duties), so that the reply says so first instead of answering a nearby question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from plainlaw import trained
from plainlaw.encoders import Encoders
from plainlaw.prompts import load_yaml
from plainlaw.read import load_examples


class CoverageDataError(ValueError):
    """A coverage example or setting is malformed; the message says where."""


@dataclass(frozen=True)
class Labelled:
    """A message and whether the sources answer it."""

    text: str
    covered: bool


def load_labelled(folder: Path) -> list[Labelled]:
    """Every example in the folder's .jsonl files (not its subfolders): {"text": …, "covered": true|false}."""
    def needs_covered(row: dict[str, Any]) -> str:
        return "" if isinstance(row.get("covered"), bool) else "needs covered true or false"

    return [Labelled(row["text"].strip(), row["covered"])
            for row in load_examples(folder, check=needs_covered, error=CoverageDataError)]


class Coverage:
    """How likely the sources leave a message's question unanswered."""

    def __init__(self, prompts_dir: Path, cache_dir: Path, encoders: Encoders) -> None:
        self.config: dict[str, Any] = load_yaml(prompts_dir, "reading/coverage.yaml")
        self.encoders = encoders
        self.names: list[str] = list(self.config["encoders"])
        missing = set(self.names) - set(encoders.names)
        if missing:
            raise CoverageDataError(f"coverage.yaml: encoders {sorted(missing)} are not the reader's")
        self.threshold = float(self.config["unanswered_at_least"])
        self.data_dir = prompts_dir / "reading" / "coverage"
        self.model_path = prompts_dir / "reading" / "model" / "coverage.joblib"
        self.model: LogisticRegression = trained.shipped_or_trained(
            self.model_path, cache_dir, "coverage", "model", self.fingerprint(), self.train)

    def fingerprint(self) -> str:
        """What the weights depend on: the training files, the settings that train them and the library."""
        settings = {k: self.config[k] for k in ("encoders", "C", "class_weight")}
        return trained.fingerprint(settings, self.data_dir.glob("*.jsonl"))

    def features(self, texts: list[str]) -> np.ndarray:
        return self.encoders.features(texts, self.names)

    def train(self) -> LogisticRegression:
        rows = load_labelled(self.data_dir)
        x = self.features([r.text for r in rows])
        y = np.array([int(not r.covered) for r in rows])
        return LogisticRegression(C=float(self.config["C"]), class_weight=self.config["class_weight"],
                                  max_iter=3000).fit(x, y)

    def save(self, model: LogisticRegression) -> Path:
        """Write trained weights where they ship with the product."""
        trained.save(self.model_path, "model", self.fingerprint(), model, compress=3)
        self.model = model
        return self.model_path

    def unanswered(self, texts: list[str]) -> list[float]:
        """The probability that the sources do not answer each text (its vectors are the reader's, already read)."""
        if not texts:
            return []
        with trained.trusted_input():
            return [float(p) for p in self.model.predict_proba(self.features(texts))[:, 1]]

    def applies(self, asks: str, follow_up: bool, place: str = "") -> bool:
        """Is a question of this kind read for coverage at all (coverage.yaml read_follow_ups,
        read_place_questions, not_for_asks)?"""
        return asks not in self.config["not_for_asks"] and (bool(self.config["read_follow_ups"]) or not follow_up) \
            and (bool(self.config["read_place_questions"]) or not place)

    def is_unanswered(self, text: str) -> bool:
        return self.unanswered([text])[0] >= self.threshold


def heldout_report(coverage: Coverage, folder: Path) -> dict[str, Any]:
    """How the shipped weights do on the held-out file: of the questions the sources do not answer, how many are
    caught, and of those they do, how many are wrongly said to be unanswered, at the threshold in use."""
    rows = load_labelled(folder)
    scores = coverage.unanswered([r.text for r in rows])
    flagged = [s >= coverage.threshold for s in scores]
    gaps = sum(not r.covered for r in rows)
    caught = sum(f and not r.covered for f, r in zip(flagged, rows, strict=True))
    wrong = sum(f and r.covered for f, r in zip(flagged, rows, strict=True))
    return {"examples": len(rows), "not_covered": gaps, "caught": caught, "covered": len(rows) - gaps,
            "wrongly_flagged": wrong}
