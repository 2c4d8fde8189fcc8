"""A plain dense-only retriever, for comparison: the corpus files split by LangChain's
RecursiveCharacterTextSplitter, embedded with the same packaged model, searched by vector alone."""

from __future__ import annotations

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.pipeline import load_corpus
from plainlaw.embeddings import get_embeddings
from plainlaw.settings import Settings


class DenseBaseline:
    """Fixed-size chunks of each file's text (front matter removed), in an in-memory Chroma."""

    def __init__(self, settings: Settings, chunk_size: int = 800, overlap: int = 100) -> None:
        docs, _ = load_corpus(settings.corpus_dir)
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
        pieces = splitter.split_documents(
            [Document(d.body, metadata={"url": d.url}) for d in docs]
        )
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(client=client, collection_name="baseline", embedding_function=get_embeddings(),
                            collection_metadata={"hnsw:space": "cosine"})
        self.store.add_documents(pieces)
        self.size = len(pieces)

    def urls(self, question: str, k: int = 5) -> list[str]:
        return [d.metadata["url"] for d in self.store.similarity_search(question, k=k)]
