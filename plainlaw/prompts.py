"""Load the behaviour kept as data in prompts/: fixed messages, routes, signposts, search weights, glossary."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

# libyaml's C parser when PyYAML was built with it (ten times faster on the law model and prompts), the pure-Python
# safe loader otherwise; both build only plain data.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PromptsError(ValueError):
    """A prompts/ file is missing or malformed; the message names it."""


@cache
def load_yaml(prompts_dir: Path, name: str) -> dict[str, Any]:
    path = prompts_dir / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except FileNotFoundError as exc:
        raise PromptsError(f"missing {path}") from exc
    except yaml.YAMLError as exc:
        raise PromptsError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PromptsError(f"{path} must hold a mapping of names to values")
    return data


def load_text(prompts_dir: Path, name: str) -> str:
    path = prompts_dir / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PromptsError(f"missing {path}") from exc


class Messages:
    """The fixed replies, with {help_line} and other placeholders filled in."""

    def __init__(self, prompts_dir: Path) -> None:
        self._data = load_yaml(prompts_dir, "messages.yaml")

    def template(self, key: str) -> str:
        """The raw text of a message, for callers that fill its placeholders themselves."""
        try:
            return " ".join(str(self._data[key]).split())
        except KeyError as exc:
            raise PromptsError(f"prompts/messages.yaml has no '{key}'") from exc

    def data(self, key: str) -> dict[str, str]:
        """A table of small words (act phrases, quote intros…), for callers that pick from it."""
        value = self._data.get(key)
        if not isinstance(value, dict):
            raise PromptsError(f"prompts/messages.yaml has no table '{key}'")
        return value

    def __call__(self, key: str, **values: object) -> str:
        template = self.template(key)
        values.setdefault("help_line", str(self._data.get("help_line", "")).strip())
        return template.format(**values)
