"""Yes-or-no flags read beside the reader's heads: is anyone in danger right now?

The role head makes "in danger now" compete with "the one harmed" (most people in danger have also been harmed),
and few of its examples are in languages other than English, so a frightened message in another language could read
as barely possible danger. A flag asks that one question on its own: a logistic regression over the same sentence
vectors, trained on the reading examples (the head's label as yes, every other label of that head as no) and on
examples written for the flag alone (prompts/reading/flags/<flag>/*.jsonl), weighed so the rare yes counts.

Flags are trained and shipped apart from the heads (prompts/reading/model/flags.joblib, with their own
fingerprint), so adding or changing one leaves every other reading of a message as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from plainlaw import trained

# What a flag's training depends on (its bar, `at_least`, is read at answer time and retrains nothing).
FLAG_TRAINING = ("head", "C", "class_weight")


class FlagDataError(ValueError):
    """A flag's settings or examples are malformed; the message names the flag, file and line."""


@dataclass(frozen=True)
class FlagExample:
    """One message a flag learns from or is checked on, and whether the flag should be raised for it."""

    text: str
    yes: bool


def flag_examples(folder: Path, flag: str) -> list[FlagExample]:
    """The examples written for one flag: JSON lines with a non-empty `text` and a true or false `<flag>`."""
    from plainlaw.read import load_examples

    def check(example: dict[str, Any]) -> str:
        return "" if isinstance(example.get(flag), bool) else f"'{flag}' must be true or false"

    return [FlagExample(ex["text"], ex[flag]) for ex in load_examples(folder, check, FlagDataError)]


def head_examples(examples: Sequence[dict[str, Any]], head: dict[str, str]) -> list[FlagExample]:
    """Reading examples labelled for the flag's head: its label is yes, any other label of that head no."""
    (name, label), = head.items()
    return [FlagExample(ex["text"], ex[name] == label) for ex in examples if ex.get(name)]


class Flags:
    """The trained flags, and how sure each is of a message (rows of its vectors from the reader's encoders)."""

    def __init__(self, config: dict[str, Any], folder: Path, model_path: Path,
                 reading_files: Callable[[], Sequence[Path]]) -> None:
        for name, flag in config.items():
            missing = (set(FLAG_TRAINING) | {"at_least"}) - set(flag)
            if missing or not isinstance(flag["head"], dict) or len(flag["head"]) != 1:
                raise FlagDataError(f"reader.yaml flags.{name}: needs head (one head: label), C, class_weight and "
                                    f"at_least{f'; missing {sorted(missing)}' if missing else ''}")
        self.config = config
        self.folder = folder
        self.model_path = model_path
        self._reading_files = reading_files
        self.models: dict[str, LogisticRegression] = {}

    def load(self, cache_dir: Path, train: Callable[[], dict[str, LogisticRegression]]) -> None:
        """The shipped flags when they match their data, else trained (once, into the cache)."""
        self.models = trained.shipped_or_trained(self.model_path, cache_dir, "flags", "flags", self.fingerprint(),
                                                 train)

    def fingerprint(self) -> str:
        """The flags' settings, the reading data and each flag's own examples."""
        settings = {name: {k: flag[k] for k in FLAG_TRAINING} for name, flag in self.config.items()}
        files = [*self._reading_files(), *(p for name in self.config for p in (self.folder / name).glob("*.jsonl"))]
        return trained.fingerprint(settings, files)

    def probabilities(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """How sure each flag is of each message (rows of x: their vectors from the reader's encoders)."""
        with trained.trusted_input():
            return {name: model.predict_proba(x)[:, list(model.classes_).index(True)]
                    for name, model in self.models.items() if name in self.config}

    def raised(self, probabilities: dict[str, float], kind: str) -> set[str]:
        """The flags at or over their bar, for a message read as this kind (a flag can leave out kinds it does not
        apply to: `not_for_kinds`)."""
        return {name for name, p in probabilities.items() if p >= float(self.config[name]["at_least"])
                and kind not in (self.config[name].get("not_for_kinds") or ())}

    def role(self, probabilities: dict[str, float], kind: str, role: str) -> str:
        """The role a message is read as once its raised flags are counted: each raised flag, in the order of
        reader.yaml, gives its head's label to a message of any role it lists in `over_roles` (every role when it
        lists none) — "in danger now" outranks all, "came across images" only an unsure "none"."""
        raised = self.raised(probabilities, kind)
        for name, flag in self.config.items():
            over = flag.get("over_roles")
            if name in raised and "role" in flag["head"] and (over is None or role in over):
                role = flag["head"]["role"]
        return role

    def save(self, models: dict[str, LogisticRegression]) -> Path:
        """Write trained flags where they ship with the product."""
        self.models = models
        return trained.save(self.model_path, "flags", self.fingerprint(), models, compress=3)


def fit(flag: dict[str, Any], x: np.ndarray, yes: Sequence[bool]) -> LogisticRegression:
    """One flag's logistic regression, with its settings (a balanced class weight lets the rare yes count)."""
    return LogisticRegression(C=float(flag["C"]), max_iter=4000, class_weight=flag["class_weight"]).fit(
        x, np.asarray(yes, dtype=bool))
