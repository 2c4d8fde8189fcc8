"""The Streamlit app through AppTest: first screen, answer cards, help, history, sheets, feedback, first start."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from plainlaw.feedback import FeedbackStore
from plainlaw.settings import ROOT, Settings
from plainlaw.sheets import ui_words

WORDS = ui_words(ROOT / "prompts")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("app-data")


@pytest.fixture
def app(index_settings: Settings, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(index_settings.chroma_path))
    monkeypatch.setenv("PLAINLAW_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    yield at


def html_of(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def answer_html(at: AppTest, n: int = -1) -> str:
    return "\n".join(h.proto.body for h in at.chat_message[n].get("html"))


def ask(at: AppTest, question: str) -> None:
    at.chat_input[0].set_value(question).run()
    assert not at.exception


def test_the_first_screen_has_the_intro_starters_and_the_notice(app: AppTest) -> None:
    page = html_of(app)
    assert app.title[0].value == WORDS["title"]
    for words in ("England and Wales", "not legal advice", "personal details", "dated up to"):
        assert words in page
    starters = [q for g in WORDS["starters"]["groups"] for q in g["questions"]]
    assert [b.label for b in app.button if b.label in starters] == starters
    assert 'id="pl-help-panel"' in page and "tel:08001111" in page  # "Get help now" holds every key service
    box = app.chat_input[0]
    limit = Settings.max_question_chars
    assert box.proto.max_chars == limit and f"{limit:,} characters" in box.placeholder


def test_the_sidebar_starts_with_new_conversation_and_groups_the_sources(app: AppTest) -> None:
    assert app.sidebar.button[0].label == WORDS["chat"]["new_conversation"]
    side = "\n".join(h.proto.body for h in app.sidebar.get("html"))
    headings = re.findall(r"<h3>(.*?)</h3>", side)
    assert headings[:2] == ["Laws", "Official guidance and papers"]
    assert "Sexual Offences Act 2003, section 66B" in side and "29 June 2026" in side
    assert "not legal advice" in side


def test_a_starter_question_gets_an_answer_card(app: AppTest) -> None:
    question = WORDS["starters"]["groups"][3]["questions"][1]
    next(b for b in app.button if b.label == question).click().run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    answer = app.session_state.messages[1]["answer"]
    card = answer_html(app)
    assert 'class="pl-tag pl-tag--' in card and answer.status_tag in card
    assert card.index("pl-short") < card.index("pl-sources")  # the short answer first, the sources last
    documents = {c.source for c in answer.citations}
    assert card.count('class="pl-source"') == len(documents) < len(answer.citations) + 1
    assert all(f'id="answer-0-1-s{c.n}"' in card for c in answer.citations)  # every [n] has its passage
    assert 'href="#answer-0-1-s1"' in card and "<mark>" in card
    assert "I understood this as" in card


def test_a_disclosure_leads_with_help_links_and_tap_to_call(app: AppTest) -> None:
    ask(app, "I'm 14 and a boy at school says he will share a fake naked picture of me.")
    card = answer_html(app)
    assert card.index('class="pl-help"') < card.index("pl-short")
    assert 'href="tel:08001111"' in card and "Call 0800 1111" in card
    assert 'href="https://www.childline.org.uk/"' in card and "Report Remove" in card


def test_history_survives_reruns_without_duplicates(app: AppTest) -> None:
    ask(app, "What is a pseudo-photograph?")
    ask(app, "hello")
    app.run()  # a plain rerun, as when a source is opened
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert app.session_state.messages[2]["content"] == "hello"
    app.sidebar.button[0].click().run()  # New conversation
    assert app.session_state.messages == [] and not app.chat_message


def test_feedback_is_stored_without_the_question_unless_allowed(app: AppTest, data_dir: Path) -> None:
    ask(app, "What is cyberflashing?")
    store = FeedbackStore(data_dir / "feedback.sqlite3")
    before = len(store.rows())
    app.chat_message[1].get("feedback")[0].set_value(1).run()
    rows = store.rows()
    assert len(rows) == before + 1 and rows[-1]["rating"] == "up" and rows[-1]["question"] is None
    app.chat_message[1].text_area[0].input("Clear and short.")
    app.chat_message[1].checkbox[0].check()
    app.chat_message[1].button[0].click().run()
    row = store.rows()[-1]
    assert row["comment"] == "Clear and short." and row["question"] == "What is cyberflashing?"
    assert any(WORDS["feedback"]["sent"] in s.value for s in app.chat_message[1].success)


def test_topic_sheets_are_viewable_and_downloadable(app: AppTest) -> None:
    next(b for b in app.sidebar.button if b.label == WORDS["sidebar"]["sheets_link"]).click().run()
    assert not app.exception
    assert app.title[0].value == WORDS["sheets"]["heading"]
    app.selectbox[0].set_value("cyberflashing").run()
    page = html_of(app)
    assert "pl-sheet" in page and "cyberflashing" in page.lower() and "Sources" in page
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels == [WORDS["sheets"]["download_pdf"], WORDS["sheets"]["download_html"]]


def test_a_missing_index_is_built_on_first_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = ROOT / "corpus" / "2026-06-29_home-office-circular-004-2026_crime-and-policing-act-2026.md"
    (corpus / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PLAINLAW_CORPUS", str(corpus))
    monkeypatch.setenv("PLAINLAW_CHROMA_PATH", str(tmp_path / "fresh-index"))
    monkeypatch.setenv("PLAINLAW_DATA_DIR", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    assert "pl-intro" in html_of(at)  # the page is there at once, while the sources are prepared
    ask(at, "When did the Crime and Policing Act 2026 come into force?")
    assert (tmp_path / "fresh-index" / "chroma.sqlite3").exists()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
