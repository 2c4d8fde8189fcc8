"""The index on a real Chroma server (`chroma run`): ingest writes it there, the engine answers as it does from
the embedded index, says the sources are unavailable while the server is down, and answers again by itself
when the server is back."""

from __future__ import annotations

import shutil
from pathlib import Path

from plainlaw.answer import UNAVAILABLE
from plainlaw.settings import Settings
from plainlaw.store import client, live_names
from tests.ingest.asking import QUESTIONS, answers
from tests.servers import chroma_server, free_port


def test_the_index_on_a_chroma_server_answers_as_embedded_and_survives_a_restart(
    index_settings: Settings, explainer, tmp_path: Path
) -> None:
    from ingest.pipeline import sync_index
    from plainlaw.explainer import Explainer

    embedded = answers(explainer)
    port, data = free_port(), tmp_path / "server-data"
    # The local folder keeps only caches in server mode; the embedded index's are valid for the same corpus.
    shutil.copytree(index_settings.chroma_path / "cache", tmp_path / "local" / "cache")
    settings = index_settings.with_(chroma_host="127.0.0.1", chroma_port=port, chroma_path=tmp_path / "local")

    with chroma_server(data, port) as server:
        summary, errors = sync_index(settings, show_bar=False)
        assert errors == {} and summary.written and summary.passages.embedded > 0
        assert live_names(client(settings), settings) is not None
        assert not (tmp_path / "local" / "chroma.sqlite3").exists()  # nothing was written to an embedded index
        engine = Explainer(settings)
        assert answers(engine) == embedded

        server.terminate()
        server.wait(timeout=30)
        down = engine.ask(QUESTIONS[0])
        assert down.status == UNAVAILABLE and "Traceback" not in down.text

    with chroma_server(data, port):
        again = answers(engine, QUESTIONS[:3])
    assert again == {q: embedded[q] for q in QUESTIONS[:3]}
