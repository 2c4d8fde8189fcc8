"""Every setting in one place, read from environment variables; none is required for the default run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The packaged embedding model must load without a model hub; set before transformers is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

LLM_BACKENDS = ("none", "openai", "ollama", "gguf")


class SettingsError(ValueError):
    """A setting has a value the product cannot use; the message names the variable."""


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {value!r}") from exc


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {value!r}")


@dataclass(frozen=True)
class Settings:
    """Where things live and which optional backends are switched on."""

    corpus_dir: Path = ROOT / "corpus"
    prompts_dir: Path = ROOT / "prompts"
    law_dir: Path = ROOT / "law"
    chroma_path: Path = ROOT / "vectorstore"
    chroma_host: str = ""
    chroma_port: int = 8000
    collection: str = "plainlaw"
    max_question_chars: int = 2000
    llm_backend: str = "none"
    llm_model: str = ""
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_gguf_path: str = ""
    llm_timeout: int = 60
    log_conversations: bool = False
    data_dir: Path = field(default=ROOT / ".plainlaw")

    def __post_init__(self) -> None:
        if self.llm_backend not in LLM_BACKENDS:
            raise SettingsError(
                f"PLAINLAW_LLM must be one of {', '.join(LLM_BACKENDS)}, got {self.llm_backend!r}"
            )
        if not 20 <= self.max_question_chars <= 20000:
            raise SettingsError("PLAINLAW_MAX_CHARS must be between 20 and 20000")

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (tests point the store at a temp folder this way)."""
        return replace(self, **changes)


def load_settings() -> Settings:
    """Read the environment once; unset variables keep the embedded offline defaults."""
    return Settings(
        corpus_dir=_env_path("PLAINLAW_CORPUS", ROOT / "corpus"),
        prompts_dir=_env_path("PLAINLAW_PROMPTS", ROOT / "prompts"),
        law_dir=_env_path("PLAINLAW_LAW", ROOT / "law"),
        chroma_path=_env_path("PLAINLAW_CHROMA_PATH", ROOT / "vectorstore"),
        chroma_host=os.environ.get("PLAINLAW_CHROMA_HOST", ""),
        chroma_port=_env_int("PLAINLAW_CHROMA_PORT", 8000),
        collection=os.environ.get("PLAINLAW_COLLECTION", "plainlaw"),
        max_question_chars=_env_int("PLAINLAW_MAX_CHARS", 2000),
        llm_backend=os.environ.get("PLAINLAW_LLM", "none").strip().lower() or "none",
        llm_model=os.environ.get("PLAINLAW_LLM_MODEL", ""),
        llm_base_url=os.environ.get("PLAINLAW_LLM_BASE_URL", ""),
        llm_api_key=os.environ.get("PLAINLAW_LLM_API_KEY", ""),
        llm_gguf_path=os.environ.get("PLAINLAW_LLM_GGUF", ""),
        llm_timeout=_env_int("PLAINLAW_LLM_TIMEOUT", 60),
        log_conversations=_env_bool("PLAINLAW_LOG_CONVERSATIONS"),
        data_dir=_env_path("PLAINLAW_DATA_DIR", ROOT / ".plainlaw"),
    )
