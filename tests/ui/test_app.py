"""The Streamlit app through AppTest: chat history, cited answers and the sidebar."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from plainlaw.settings import ROOT, Settings


@pytest.fixture
def app(index_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(index_settings.chroma_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_a_question_gets_a_cited_answer_with_expandable_sources(app: AppTest) -> None:
    app.chat_input[0].set_value("What is the maximum sentence for owning an AI tool made to create child abuse "
                                "images?").run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    reply = app.chat_message[1].markdown[0].value
    assert "five years" in reply and "[1]" in reply
    labels = [e.label for e in app.chat_message[1].expander]
    assert labels and labels[0].startswith("[1] ")
    assert any("lbc.co.uk" in m.value for m in app.chat_message[1].expander[0].markdown)


def test_history_survives_reruns_without_duplicates(app: AppTest) -> None:
    app.chat_input[0].set_value("What is a pseudo-photograph?").run()
    app.chat_input[0].set_value("hello").run()
    app.run()  # a plain rerun, as when a source is expanded
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert app.session_state.messages[2]["content"] == "hello"


def test_sidebar_lists_sources_with_dates_and_status_and_the_disclaimer(app: AppTest) -> None:
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "Sexual Offences Act 2003, section 66B" in sidebar
    assert "29 June 2026" in sidebar and "partly in force" in sidebar
    assert any("not legal advice" in w.value for w in app.sidebar.warning)


def test_safeguarding_help_is_shown_first(app: AppTest) -> None:
    app.chat_input[0].set_value("I'm 14 and a boy at school says he will share a fake naked picture of me.").run()
    info = app.chat_message[1].info[0].value
    assert "Childline" in info and "0800 1111" in info and "Report Remove" in info


def test_a_missing_index_is_built_on_first_start(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = ROOT / "corpus" / "2026-06-29_home-office-circular-004-2026_crime-and-policing-act-2026.md"
    (corpus / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PLAINLAW_CORPUS", str(corpus))
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(tmp_path / "fresh-index"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert any("Sources ready" in s.label for s in at.status)
    assert (tmp_path / "fresh-index" / "chroma.sqlite3").exists()
