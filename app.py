"""Plain Law chat. Rendering only: every decision is made by plainlaw.Explainer."""

from __future__ import annotations

import streamlit as st

from plainlaw.answer import Answer, Citation
from plainlaw.schema import STATUSES, date_label
from plainlaw.settings import Settings, load_settings
from plainlaw.store import index_exists

st.set_page_config(page_title="Plain Law", page_icon="⚖️", layout="centered")


def build_index_if_missing(cfg: Settings) -> None:
    """First start on a fresh machine: build the index with a visible progress bar."""
    if index_exists(cfg):
        return
    from ingest.pipeline import sync_index

    with st.status("Preparing the sources (first start only)…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading the sources")
        summary, errors = sync_index(
            cfg, show_bar=False,
            progress=lambda done, total: bar.progress(done / total, text=f"Indexing passages: {done} of {total}"),
        )
        for reason in errors.values():
            st.warning(f"Skipped {reason}")
        status.update(label=f"Sources ready: {summary.line()}", state="complete", expanded=False)


@st.cache_resource(show_spinner="Loading the sources…")
def explainer(cfg: Settings):
    """One engine per configuration, shared by every session."""
    from plainlaw.explainer import Explainer

    return Explainer(cfg)


def show_citation(c: Citation) -> None:
    partial = " · partial copy" if c.partial else ""
    with st.expander(f"[{c.n}] {c.title} — {c.date_label}{partial}"):
        st.caption(c.heading_path)
        st.markdown("\n".join(f"> {line}" if line.strip() else ">" for line in _md(c.passage).splitlines()))
        st.markdown(
            f"**Source:** {_md(c.publisher)} ({c.type_label.lower()})  \n"
            f"**Date:** {c.date_label}  \n"
            f"**Legal status:** {c.status_label}  \n"
            f"**Link:** [{_md(c.url)}]({c.url})"
        )
        if c.partial:
            st.caption(f"Partial copy: {c.completeness_note or 'only part of this document was available'}")


def show_answer(answer: Answer) -> None:
    """Help services first (when shown), then the cited answer, then its sources and the words explained."""
    rest = answer.sentences
    if answer.signposts:
        head = len(answer.signposts) + 1
        st.info("\n\n".join(_md(s.text) for s in answer.sentences[:head]))
        rest = answer.sentences[head:]
    if rest:
        st.markdown("\n\n".join(_md(s.text) + "".join(f" [{n}]" for n in s.cites) + ("†" if s.summary else "")
                                  for s in rest))
    elif not answer.signposts:
        st.markdown(_md(answer.text))
    for c in answer.citations:
        show_citation(c)
    if answer.glossary:
        with st.expander("Words explained"):
            for term, meaning in answer.glossary:
                st.markdown(f"**{_md(term)}**: {_md(meaning)}")


def _md(text: str) -> str:
    """Show source text literally: '$' would start maths and '*' emphasis in Markdown."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*").replace("_", "\\_")


def sidebar(engine: object) -> None:
    with st.sidebar:
        st.header("Plain Law")
        st.write("Plain-English answers about UK law on AI-made child sexual abuse images and sexual "
                 "deepfakes, with the exact passages each answer rests on.")
        st.warning("General information, not legal advice. For your own situation, speak to a solicitor.")
        st.subheader("What the sources cover")
        for source in engine.sources():
            date = date_label(source.get("date") or "", bool(source.get("date_confirmed")))
            partial = " · partial copy" if source.get("partial") else ""
            st.markdown(f"- [{_md(source['title'])}]({source['url']})  \n"
                        f"  {date} · {STATUSES[source['status']]}{partial}")
        if st.button("Start a new conversation"):
            st.session_state.messages = []
            st.rerun()


def main() -> None:
    cfg = load_settings()
    st.title("Plain Law")
    st.caption("Ask about the law on AI child-abuse images, sexual deepfakes and sharing intimate images.")
    build_index_if_missing(cfg)
    engine = explainer(cfg)
    sidebar(engine)

    if "messages" not in st.session_state:
        st.session_state.messages = []
    for message in st.session_state.messages:
        with st.chat_message(message["role"]):
            if message["role"] == "assistant":
                show_answer(message["answer"])
            else:
                st.markdown(_md(message["content"]))

    question = st.chat_input("Ask a question, e.g. Is it illegal to make a deepfake nude?")
    if question:
        history = [{"role": m["role"], "content": m["content"]} for m in st.session_state.messages]
        with st.chat_message("user"):
            st.markdown(_md(question))
        with st.chat_message("assistant"):
            with st.spinner("Checking the sources…"):
                answer = engine.ask(question, history)
            show_answer(answer)
        st.session_state.messages.append({"role": "user", "content": question})
        st.session_state.messages.append({"role": "assistant", "content": answer.text, "answer": answer})


main()
