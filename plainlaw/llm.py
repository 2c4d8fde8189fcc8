"""The optional LLM composer, behind LangChain's chat-model interface; off unless PLAINLAW_LLM is set.

A chat model (a local GGUF file, an OpenAI-compatible server, or Ollama) writes short sentences from
numbered passages — links swapped for tokens so it cannot invent a URL, passages fenced as data. Every
sentence is then checked against the passages it cites; unsupported ones are dropped, and if nothing
survives the default composer answers instead. The reply says which composer answered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plainlaw.answer import Sentence, citation_for
from plainlaw.prompts import load_text
from plainlaw.retrieve import Hit, Passage
from plainlaw.schema import date_label
from plainlaw.settings import Settings, SettingsError
from plainlaw.textutil import split_sentences
from plainlaw.verify import SupportChecker

if TYPE_CHECKING:  # LangChain's core takes 0.4 s to import; only a configured language model needs it
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger("plainlaw")
_LINK = re.compile(r"https?://\S+|\bwww\.\S+")
_MARK = re.compile(r"\[(\d{1,2})\]")


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The configured chat model. Imports happen here: the default run never loads these packages."""
    backend = settings.llm_backend
    if backend == "openai":
        if not settings.llm_base_url and not settings.llm_api_key:
            raise SettingsError("PLAINLAW_LLM=openai needs PLAINLAW_LLM_BASE_URL "
                                "(or PLAINLAW_LLM_API_KEY for a hosted server)")
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=settings.llm_model or "local-model", base_url=settings.llm_base_url or None,
                          api_key=settings.llm_api_key or "not-needed", temperature=0, max_tokens=300,
                          timeout=settings.llm_timeout, max_retries=0)
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(model=settings.llm_model or "llama3.2", base_url=settings.llm_base_url or None,
                          temperature=0, num_predict=300)
    if backend == "gguf":
        path = Path(settings.llm_gguf_path).expanduser()
        if not path.is_file():
            raise SettingsError(f"PLAINLAW_LLM_GGUF must name a GGUF model file; {path} does not exist")
        from langchain_community.chat_models import ChatLlamaCpp

        # rope_freq_base=0 makes llama.cpp read the value from the file (LangChain's default of 10000
        # silently corrupts models trained with another value).
        return ChatLlamaCpp(model_path=str(path), temperature=0, max_tokens=300, n_ctx=4096, n_batch=512,
                            rope_freq_base=0, n_threads=2, verbose=False)
    raise SettingsError(f"no chat model for PLAINLAW_LLM={backend!r}")


def _tokenise_links(text: str) -> str:
    """Swap each link for a numbered token, so the model cannot copy — or invent — a URL."""
    links: dict[str, str] = {}
    return _LINK.sub(lambda m: links.setdefault(m.group(0), f"[link {len(links) + 1}]"), text)


@dataclass
class LLMDraft:
    """What the model wrote and what survived the check."""

    sentences: list[tuple[Sentence, list[str]]] = field(default_factory=list)
    raw: str = ""
    dropped: list[str] = field(default_factory=list)


class LLMComposer:
    """Asks the chat model for a cited answer and keeps only the sentences its citations support."""

    def __init__(self, model: BaseChatModel, prompts_dir: Path, checker: SupportChecker,
                 is_instruction: Callable[[str], bool], max_passages: int = 4) -> None:
        self.model = model
        self.template = load_text(prompts_dir, "llm_composer.md")
        self.checker = checker
        self.is_instruction = is_instruction
        self.max_passages = max_passages
        self.name = f"llm:{type(model).__name__}"

    def passages(self, hits: list[Hit], resolve: Callable[[Passage], Passage]) -> list[Passage]:
        """The best few passages (a Plain Law summary stands for the passage it restates)."""
        out: list[Passage] = []
        for hit in hits:
            passage = resolve(hit.passage)
            if passage not in out:
                out.append(passage)
        return out[: self.max_passages]

    def data(self, passage: Passage) -> str:
        """A passage's words as data for the model: sentences that read as instructions left out."""
        return " ".join(s for s in split_sentences(passage.body) if not self.is_instruction(s))

    def prompt(self, question: str, passages: list[Passage]) -> str:
        """Numbered passages fenced as data, links swapped for tokens, instruction-like sentences left out."""
        blocks = []
        for n, passage in enumerate(passages, 1):
            text = _tokenise_links(self.data(passage))
            label = f"{passage.meta['publisher']}, {date_label(str(passage.meta.get('date') or ''))}"
            blocks.append(f'<passage number="{n}" source="{label}">\n{text}\n</passage>')
        return self.template.format(passages="\n\n".join(blocks), question=question)

    def compose(self, question: str, passages: list[Passage]) -> LLMDraft:
        """The model's sentences that name a passage and that the passage supports."""
        draft = LLMDraft()
        if not passages:
            return draft
        reply: Any = self.model.invoke(self.prompt(question, passages))
        draft.raw = str(getattr(reply, "content", reply)).strip()
        if not draft.raw or "NOT COVERED" in draft.raw.upper():
            return draft
        # Checked against exactly what the model was shown, so an instruction hidden in a source cannot
        # "support" a sentence that obeys it.
        citations = [citation_for(n, p.meta, self.data(p), p.id) for n, p in enumerate(passages, 1)]
        for sentence in split_sentences(draft.raw.replace("\n", " ")):
            numbers = sorted({int(n) for n in _MARK.findall(sentence) if 1 <= int(n) <= len(passages)})
            words = re.sub(r"\s+([.,;:!?])", r"\1", _MARK.sub("", sentence)).strip(" ,;")
            if not numbers or len(words.split()) < 3:
                draft.dropped.append(sentence)
                continue
            claim = Sentence(words, tuple(numbers), kind="claim", summary=True)
            verdict = self.checker.check(claim, citations)
            if verdict is None or not verdict.supported:
                draft.dropped.append(sentence)
                continue
            draft.sentences.append((claim, [passages[n - 1].id for n in numbers]))
        if draft.dropped:
            log.info("llm composer dropped %d unsupported sentence(s)", len(draft.dropped))
        return draft
