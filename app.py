"""Plain Law chat. Rendering only: every decision is made by plainlaw.Explainer; topic sheets come from
plainlaw.sheets and feedback is stored by plainlaw.feedback. The words are in prompts/ui.yaml, the look in
static/plainlaw.css and the page behaviour (skip link, quick exit, live region) in static/plainlaw.js."""

from __future__ import annotations

import gc
import html
import json
import logging
import re
import threading
from collections.abc import Callable
from typing import Any

import streamlit as st

from plainlaw.answer import ERROR, INVALID, UNAVAILABLE, Answer, Citation, Signpost
from plainlaw.faults import reference, unreachable
from plainlaw.feedback import FeedbackError, FeedbackStore, feedback_for
from plainlaw.help import Help
from plainlaw.prompts import Messages
from plainlaw.schema import DOC_TYPES, STATUSES, CorpusError, date_label, read_source
from plainlaw.settings import ROOT, Settings, SettingsError, load_settings
from plainlaw.sheets import SHEET_CSS, build_sheet, sheet_fragment, sheet_html, sheet_pdf, ui_words

log = logging.getLogger("plainlaw")
STATIC = ROOT / "static"
NO_FEEDBACK = {"greeting", INVALID, UNAVAILABLE, ERROR}
# Exchanges that answered nothing (unreadable, sources unavailable, a fault) are shown but never sent back as the
# conversation: the next question would otherwise be read as a follow-up of one that was never answered.
NOT_CONTEXT = {INVALID, UNAVAILABLE, ERROR}

st.set_page_config(page_title="Plain Law", page_icon="⚖️", layout="centered", initial_sidebar_state="auto")


# --- the engine, loaded in the background ------------------------------------------------------------------------

class Loader:
    """Brings the index up to date with corpus/ and builds the engine on a background thread, once per process,
    so that the first page shows at once (with progress) instead of waiting for the sources. Every session uses
    this one engine (and so one Chroma client); if loading failed, the next question or page load tries again."""

    def __init__(self, cfg: Settings) -> None:
        self.cfg = cfg
        self.stage, self.done, self.total = "start", 0, 0
        self.engine: Any = None
        self.error = ""  # one sentence to show, never a traceback
        self.skipped: list[str] = []
        self._finished = threading.Event()
        self._lock = threading.Lock()
        self._start()

    def _start(self) -> None:
        threading.Thread(target=self._run, name="plainlaw-loader", daemon=True).start()

    def retry(self) -> None:
        """Load again after a failure (a Chroma server that was down may be back); one attempt at a time."""
        with self._lock:
            if not self._finished.is_set() or not self.error:
                return
            self.stage, self.error = "start", ""
            self._finished.clear()
            self._start()

    def _run(self) -> None:
        try:
            self.stage = "reading"
            from ingest.pipeline import sync_index

            def progress(done: int, total: int) -> None:
                self.stage, self.done, self.total = ("checking" if done >= total else "indexing"), done, total

            _, errors = sync_index(self.cfg, progress=progress, show_bar=False)
            self.skipped = list(errors.values())
            self.stage = "engine"
            from plainlaw.explainer import Explainer

            self.engine = Explainer(self.cfg)
            # The engine lives as long as the process: keep its objects out of every later full garbage collection
            # (each took 0.3-0.5 s with the GIL held, stalling every session's answers).
            gc.collect()
            gc.freeze()
            self.stage = "ready"
        except Exception as exc:  # one sentence for the person; the details go to the log
            self.error = self._sentence(exc)
        finally:
            self._finished.set()

    def _sentence(self, exc: Exception) -> str:
        from plainlaw.store import StoreError  # imported by the engine by now; not before the first page

        if isinstance(exc, StoreError | SettingsError):  # an operator's step is missing: the message says which
            log.error("the engine could not be loaded: %s", exc)
            return ui_words(self.cfg.prompts_dir)["loading"]["failed"].format(reason=exc)
        return fault_sentence(self.cfg, exc, "the engine could not be loaded")

    @property
    def ready(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)


def fault_sentence(cfg: Settings, exc: Exception, what: str) -> str:
    """What to tell the person about a failure: the sources out of reach, or a fault logged under a reference
    (call inside the `except` block, so that the log gets the traceback)."""
    messages = Messages(cfg.prompts_dir)
    if unreachable(exc):
        log.warning("%s: the index could not be reached (%s)", what, exc)
        return messages("unavailable")
    ref = reference()
    log.exception("%s (reference %s)", what, ref)
    return messages("error", reference=ref)


@st.cache_resource(show_spinner=False)
def engine_lock() -> threading.Lock:
    """One lock per process: a cached resource outlives the reruns that execute this file again."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def loader(cfg: Settings) -> Loader:
    """The process's one engine loader. Streamlit already computes a cached resource once; the lock also holds
    if that changes, so that ten sessions opening together never open ten Chroma clients at once."""
    with engine_lock():
        return Loader(cfg)


@st.cache_resource(show_spinner=False)
def corpus_documents(cfg: Settings) -> list[dict[str, Any]]:
    """What the corpus holds, newest first, read from the files' front matter (no engine needed), for the
    sidebar and the intro's date. Files the schema rejects are left out, as ingest leaves them out."""
    docs = []
    for path in sorted(cfg.corpus_dir.rglob("*.md")) if cfg.corpus_dir.is_dir() else []:
        try:
            doc = read_source(path, cfg.corpus_dir)
        except (CorpusError, ValueError):
            continue
        docs.append({"title": doc.title, "url": doc.url, "date": doc.date.isoformat() if doc.date else "",
                     "date_confirmed": doc.date_confirmed, "doc_type": doc.doc_type, "status": doc.status,
                     "partial": doc.partial})
    return sorted(docs, key=lambda d: d["date"], reverse=True)


@st.cache_resource(show_spinner=False)
def help_services(cfg: Settings) -> dict[str, Any]:
    """The help services of prompts/help.yaml (no engine needed: help is on screen from the first moment)."""
    return Help(cfg.prompts_dir).services


@st.cache_resource(show_spinner=False)
def page_assets(cfg: Settings) -> tuple[str, str]:
    """The page's CSS and its one script, with the words it shows filled in."""
    words = ui_words(cfg.prompts_dir)
    config = {
        "skip": words["chat"]["skip_link"], "getHelp": words["help"]["get_help_now"], "exit": words["exit"]["label"],
        "exitHint": words["exit"]["hint"], "exitUrl": words["exit"]["url"], "copied": words["answer"]["copied"],
        "barLabel": f'{words["help"]["get_help_now"]}, {words["exit"]["label"]}',
        "limitNote": words["chat"]["limit_note"].format(limit=f"{cfg.max_question_chars:,}"),
    }
    script = (STATIC / "plainlaw.js").read_text(encoding="utf-8").replace(
        "PL_CONFIG", json.dumps(config).replace("</", "<\\/"))
    return (STATIC / "plainlaw.css").read_text(encoding="utf-8"), script


# --- small helpers ---------------------------------------------------------------------------------------------

def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def tag_html(label: str, colour: str) -> str:
    return f'<strong class="pl-tag pl-tag--{e(colour)}">{e(label)}</strong>'


def phone(tel: str, how: str) -> str:
    """The number as the service writes it ('0808 800 5000'), for the tap-to-call link's text."""
    for candidate in re.findall(r"\d[\d ]{1,14}\d", how):
        if candidate.replace(" ", "") == tel:
            return candidate
    return tel


def mark(text: str, highlights: tuple[str, ...]) -> str:
    """The passage, escaped, with the supporting words highlighted wherever they occur (spacing may differ)."""
    spans: list[tuple[int, int]] = []
    for words_ in highlights:
        parts = [re.escape(w) for w in words_.split()]
        if not parts:
            continue
        found = re.search(r"\s+".join(parts), text)
        if found:
            spans.append(found.span())
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out.append(e(text[at:start]))
        out.append(f"<mark>{e(text[start:end])}</mark>")
        at = end
    out.append(e(text[at:]))
    return "".join(out)


def services_html(signposts: list[Signpost], w: dict[str, Any]) -> str:
    items = []
    for s in signposts:
        name = f'<a class="pl-service-name" href="{e(s.url)}">{e(s.name)}</a>' if s.url else \
            f'<span class="pl-service-name">{e(s.name)}</span>'
        call = (f' <a class="pl-call" href="tel:{e(s.tel)}">{e(w["help"]["call"].format(number=phone(s.tel, s.how)))}'
                "</a>") if s.tel else ""
        items.append(f"<li>{name}: {e(s.how)}.{call}</li>")
    return f'<ul class="pl-services">{"".join(items)}</ul>'


# --- the answer card -------------------------------------------------------------------------------------------

def answer_card(answer: Answer, aid: str, w: dict[str, Any]) -> str:
    """An answer as HTML: help first when the reply leads with it, the status tag and the short answer, then the
    detail, how the message was read, and the sources grouped one card per document."""
    a = w["answer"]

    def cites(numbers: tuple[int, ...]) -> str:
        return "".join(f' <a class="pl-cite" href="#{aid}-s{n}" aria-label="Source {n}">[{n}]</a>' for n in numbers)

    help_first = bool(answer.sentences) and answer.sentences[0].kind == "help"
    help_parts: list[str] = []
    body: list[str] = []
    listed = False
    for s in answer.sentences:
        if s.kind == "help":
            if s.text.startswith("- "):
                if not listed:
                    help_parts.append(services_html(answer.signposts, w))
                    listed = True
            else:
                help_parts.append(f"<p>{e(s.text)}</p>")
            continue
        if s.kind == "note" and s.text == answer.disclaimer:
            continue
        text = f"{e(s.text)}{cites(s.cites)}{'†' if s.summary else ''}"
        if s.kind == "lead" and not any("pl-short" in b for b in body):
            body.append(f'<p class="pl-short">{text}</p>')
        elif s.kind == "quote":
            body.append(f'<p class="pl-quote">{text}</p>')
        elif s.kind == "note":
            body.append(f'<p class="pl-note">{text}</p>')
        else:
            body.append(f"<p>{text}</p>")
    if answer.signposts and not listed:
        help_parts.append(services_html(answer.signposts, w))
    if not answer.sentences and answer.text:
        body = [f"<p>{e(part)}</p>" for part in answer.text.split("\n\n") if part.strip()]
    help_html = (f'<section class="pl-help" aria-labelledby="{aid}-help"><h3 id="{aid}-help">{e(w["help"]["heading"])}'
                 f"</h3>{''.join(help_parts)}</section>") if help_parts else ""
    tag = (f'<p class="pl-tagline">{tag_html(answer.status_tag, w["status_tags"].get(answer.status_kind, "grey"))}</p>'
           if answer.status_tag else "")
    parts = [f'<article class="pl-answer" id="{aid}" aria-labelledby="{aid}-h" data-pl-text="{e(plain_text(answer))}">',
             f'<h2 class="pl-sr-only" id="{aid}-h">{e(a["label"])}</h2>']
    parts += [help_html, tag, *body] if help_first else [tag, *body, help_html]
    if answer.understood:
        parts.append(f'<p class="pl-understood">{e(answer.understood)} {e(a["understood_hint"])}</p>')
    if answer.disclaimer and answer.sentences:
        parts.append(f'<p class="pl-disclaimer">{e(answer.disclaimer)}</p>')
    if any(s.summary for s in answer.sentences):
        parts.append(f'<p class="pl-summary-note">{e(a["summary_mark"])}</p>')
    if answer.glossary:
        terms = "".join(f"<dt>{e(t)}</dt><dd>{e(m)}</dd>" for t, m in answer.glossary)
        parts.append(f'<details class="pl-words"><summary>{e(a["words"])}</summary><dl>{terms}</dl></details>')
    if answer.citations:
        parts.append(sources_html(answer.citations, aid, w))
    parts.append(f'<div class="pl-actions"><button type="button" class="pl-btn" data-pl-action="copy">{e(a["copy"])}'
                 f'</button><button type="button" class="pl-btn" data-pl-action="print">{e(a["print"])}</button></div>')
    parts.append("</article>")
    return "".join(p for p in parts if p)


def sources_html(citations: list[Citation], aid: str, w: dict[str, Any]) -> str:
    """One card per document, its status, type and date in the header; each cited passage under it."""
    a = w["answer"]
    docs: dict[str, list[Citation]] = {}
    for c in sorted(citations, key=lambda c: c.n):
        docs.setdefault(c.source, []).append(c)
    cards = []
    for d, group in enumerate(docs.values(), 1):
        first = group[0]
        partial = f' · {e(a["partial"])}' if first.partial else ""
        facts = a["source_facts"].format(type=e(first.type_label), date=e(first.date_label))
        passages = []
        for c in group:
            supports = ""
            if c.highlights:
                quoted = " … ".join(e(h) for h in c.highlights)
                supports = (f'<p class="pl-muted">{e(a["supports"].format(n=c.n))}</p>'
                            f"<blockquote><mark>{quoted}</mark></blockquote>")
            passages.append(
                f'<div class="pl-passage" id="{aid}-s{c.n}" tabindex="-1"><p class="pl-passage-head">[{c.n}] '
                f'{e(c.heading_path or c.title)}</p>{supports}<details><summary>{e(a["whole_passage"])}</summary>'
                f"<blockquote>{mark(c.passage, c.highlights)}</blockquote></details></div>")
        colour = w["status_tags"].get(first.status, "grey")
        link = (f'<p><a href="{e(first.url)}">{e(a["open_source"].format(publisher=first.publisher))}</a></p>'
                if first.url else "")
        cards.append(
            f'<section class="pl-source" id="{aid}-d{d}" aria-labelledby="{aid}-d{d}-h">'
            f'<h4 id="{aid}-d{d}-h">{e(first.title)}</h4>'
            f'<p class="pl-facts">{tag_html(first.status_label, colour)} {facts}{partial}</p>'
            f'{link}{"".join(passages)}</section>')
    return (f'<section class="pl-sources" aria-labelledby="{aid}-src"><h3 id="{aid}-src">{e(a["sources"])}</h3>'
            f'{"".join(cards)}</section>')


def plain_text(answer: Answer) -> str:
    """The answer as plain text, to copy: the reply, how it was read, and its sources with dates and links."""
    lines = [answer.text]
    if answer.understood:
        lines.append(answer.understood)
    seen: set[str] = set()
    for c in answer.citations:
        if c.source not in seen:
            seen.add(c.source)
            lines.append(f"- {c.title}, {c.publisher}, {c.date_label} ({c.status_label}): {c.url}")
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.heading_path}")
    return "\n\n".join(lines)


# --- page parts ------------------------------------------------------------------------------------------------

def page_setup(cfg: Settings) -> None:
    css, script = page_assets(cfg)
    st.html(f"<style>{css}</style>")
    st.html(f'<div class="pl-js"><script>{script}</script></div>', unsafe_allow_javascript=True)


def announce(answer: Answer, aid: str, w: dict[str, Any]) -> None:
    """Announce a new answer in the live region and bring its start (its help card, if any) into view."""
    a = w["answer"]
    help_first = bool(answer.signposts) and bool(answer.sentences) and answer.sentences[0].kind == "help"
    if help_first:
        say = a["announce_help"].format(first=answer.sentences[0].text)
    else:
        say = a["announce"].format(short=answer.short or answer.text[:200])
    call = json.dumps([aid, say, help_first]).replace("</", "<\\/")
    bridge(f"P.reveal.apply(null, {call})", "reveal")


def bridge(call: str, needs: str) -> None:
    """Run one call of static/plainlaw.js once the page script is there (it is set up by page_setup)."""
    st.html(f'<div class="pl-js"><script>(function () {{ var n = 0; var t = setInterval(function () {{'
            f' var P = window.__plainlaw; n += 1; if (P && P.{needs}) {{ clearInterval(t); {call}; }}'
            f' else if (n > 100) {{ clearInterval(t); }} }}, 50); }})();</script></div>',
            unsafe_allow_javascript=True)


def help_panel(cfg: Settings, w: dict[str, Any]) -> None:
    """'Get help now': every key service, with links and tap-to-call numbers (opened from the top bar)."""
    h = w["help"]
    known = help_services(cfg)
    services = [known[s] for s in h["panel_services"] if s in known]
    posts = [Signpost(s.id, s.name, s.for_whom, s.how, s.url, s.tel) for s in services]
    st.html(f'<details class="pl-helppanel" id="pl-help-panel"><summary>{e(h["panel_heading"])}</summary>'
            f'<div class="pl-helppanel-body"><p>{e(h["panel_intro"])}</p>{services_html(posts, w)}'
            f'<p class="pl-exit-hint">{e(w["exit"]["hint"])}</p></div></details>')


def intro(cfg: Settings, w: dict[str, Any]) -> None:
    i = w["intro"]
    dates = [d["date"] for d in corpus_documents(cfg) if d["date"]]
    dated = f"<p>{e(i['dated'].format(newest=date_label(max(dates))))}</p>" if dates else ""
    st.html(
        f'<section class="pl-intro" aria-labelledby="pl-intro-h"><h2 id="pl-intro-h">{e(i["heading"])}</h2>'
        f'<p>{e(i["can"])}</p><p>{e(i["cannot"])}</p><p>{e(i["where"])}</p>{dated}'
        f'<p class="pl-disclaimer">{e(i["not_advice"])}</p><p><strong>{e(i["no_names"])}</strong></p></section>')


def starters(w: dict[str, Any], ask: Callable[[str], None]) -> None:
    s = w["starters"]
    st.html(f'<div class="pl-starters" id="starter-questions"><h2>{e(s["heading"])}</h2></div>')
    for g, group in enumerate(s["groups"]):
        st.html(f'<div class="pl-starters"><h3>{e(group["label"])}</h3></div>')
        for q, question in enumerate(group["questions"]):
            if st.button(question, key=f"starter-{g}-{q}"):
                ask(question)


def notice(text: str) -> None:
    """One plain sentence where an answer or the page would be (a failure, said without a traceback)."""
    st.html(f'<p class="pl-warning" role="status">{e(text)}</p>')


def progress(load: Loader, w: dict[str, Any]) -> None:
    lw = w["loading"]
    if load.error:
        notice(load.error)
        return
    stage = lw["stages"].get(load.stage, load.stage).format(done=load.done, total=load.total)
    bar = (f'<progress max="{load.total}" value="{load.done}" aria-label="{e(stage)}"></progress>'
           if load.stage == "indexing" and load.total else '<progress aria-label="Loading"></progress>')
    st.html(f'<section class="pl-progress" aria-labelledby="pl-progress-h"><h2 id="pl-progress-h">{e(lw["heading"])}'
            f'</h2><p>{e(stage)}</p>{bar}<p class="pl-muted">{e(lw["note"])}</p></section>')


@st.fragment(run_every=1.0)
def progress_fragment(load: Loader, w: dict[str, Any]) -> None:
    """Shown while the engine loads; reruns the whole page once it is ready. A fragment's reruns run outside
    main(), so it keeps its own edge."""
    if load.ready:
        st.rerun()
    try:
        progress(load, w)
    except Exception as exc:
        notice(fault_sentence(load.cfg, exc, "the loading progress failed"))


def sidebar(cfg: Settings, w: dict[str, Any]) -> None:
    sw = w["sidebar"]
    with st.sidebar:
        if st.button(w["chat"]["new_conversation"], key="new-conversation", icon=":material/add_comment:"):
            st.session_state.messages = []
            st.session_state.conversation = st.session_state.get("conversation", 0) + 1
            st.session_state.view = "ask"
            st.rerun()
        st.html(f'<div class="pl-sourcelist"><p>{e(sw["about"])}</p>'
                f'<p class="pl-warning">{e(w["intro"]["not_advice"])}</p>'
                f'<h2>{e(sw["sheets_heading"])}</h2></div>')
        if st.button(sw["sheets_link"], key="open-sheets", icon=":material/description:"):
            st.session_state.view = "sheets"
            st.rerun()
        sources = corpus_documents(cfg)
        dates = [s["date"] for s in sources if s.get("date")]
        newest = date_label(max(dates)) if dates else ""
        parts = [f'<div class="pl-sourcelist"><h2>{e(sw["sources_heading"])}</h2>',
                 f'<p>{e(sw["sources_intro"].format(count=len(sources), newest=newest))}</p>']
        for group in sw["groups"]:
            members = [s for s in sources if s.get("doc_type") in group["doc_types"]]
            if not members:
                continue
            parts.append(f'<h3>{e(group["label"])}</h3><ul>')
            for s in members:
                when = date_label(s.get("date") or "", bool(s.get("date_confirmed")))
                partial = f' · {e(w["answer"]["partial"])}' if s.get("partial") else ""
                parts.append(f'<li><a href="{e(s["url"])}">{e(s["title"])}</a><br>'
                             f'<span class="pl-muted">{e(DOC_TYPES.get(s["doc_type"], ""))} · '
                             f'{e(STATUSES.get(s["status"], s["status"]))} · {e(when)}{partial}</span></li>')
            parts.append("</ul>")
        parts.append("</div>")
        st.html("".join(parts))


# --- feedback --------------------------------------------------------------------------------------------------

def feedback(i: int, answer: Answer, cfg: Settings, w: dict[str, Any]) -> None:
    """Thumbs up or down (stored at once, without the question), then an optional comment and, only if the
    person ticks the box, their question and this answer."""
    f = w["feedback"]
    conv = st.session_state.get("conversation", 0)
    key = f"{conv}-{i}"
    store = FeedbackStore.from_settings(cfg)
    records = st.session_state.setdefault("feedback", {})
    st.html(f'<p class="pl-muted" id="fb-q-{key}">{e(f["question"])}</p>')
    choice = st.feedback("thumbs", key=f"fb-rate-{key}")
    if choice is None:
        return
    rating = "up" if choice == 1 else "down"
    record = records.get(key)
    try:
        if record is None:
            record = {"id": store.add(feedback_for(answer, rating)), "rating": rating, "sent": False}
            records[key] = record
        elif record["rating"] != rating:
            store.update(record["id"], rating=rating)
            record["rating"] = rating
    except (FeedbackError, OSError, ValueError) as exc:
        st.error(f["error"].format(reason=exc))
        return
    if record["sent"]:
        st.success(f["sent"])
        return
    st.html(f'<p class="pl-muted">{e(f["thanks"])}</p>')
    with st.form(key=f"fb-form-{key}", border=False, enter_to_submit=False):
        comment = st.text_area(f["comment"], key=f"fb-comment-{key}", max_chars=1000, height=80)
        keep = st.checkbox(f["keep_question"], key=f"fb-keep-{key}", value=False)
        if st.form_submit_button(f["send"]):
            try:
                store.update(record["id"], comment=comment, question=answer.question if keep else None,
                             answer=answer.text if keep else None)
            except (FeedbackError, OSError, ValueError) as exc:
                st.error(f["error"].format(reason=exc))
                return
            record["sent"] = True
            st.success(f["sent"])


# --- pages -----------------------------------------------------------------------------------------------------

def show_assistant(i: int, answer: Answer, cfg: Settings, w: dict[str, Any]) -> None:
    aid = f"answer-{st.session_state.get('conversation', 0)}-{i}"
    st.html(answer_card(answer, aid, w))
    if answer.status not in NO_FEEDBACK:
        feedback(i, answer, cfg, w)


def ask_page(cfg: Settings, load: Loader, w: dict[str, Any]) -> None:
    st.title(w["title"], anchor=False)
    st.html(f'<p class="pl-muted">{e(w["tagline"])}</p>')
    help_panel(cfg, w)
    messages: list[dict[str, Any]] = st.session_state.messages
    asked: list[str] = []

    if not messages:
        intro(cfg, w)
        starters(w, asked.append)
        bridge(f"P.top({json.dumps('first-' + str(st.session_state.get('conversation', 0)))})", "top")
    if not load.ready:
        progress_fragment(load, w)
    elif load.error:
        progress(load, w)
    else:
        st.html('<div class="pl-js" id="engine-ready" hidden></div>')

    for i, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "assistant":
                show_assistant(i, message["answer"], cfg, w)
            else:
                st.html(f'<p><span class="pl-sr-only">{e(w["chat"]["you"])}: </span>{e(message["content"])}</p>')

    limit = cfg.max_question_chars
    typed = st.chat_input(w["chat"]["placeholder"].format(limit=f"{limit:,}"), max_chars=limit, key="question")
    question = typed or (asked[0] if asked else None)
    if not question:
        if messages and messages[-1]["role"] == "assistant":
            announce(messages[-1]["answer"], f"answer-{st.session_state.get('conversation', 0)}-{len(messages) - 1}", w)
        return
    history = [{"role": m["role"], "content": m["content"]} for m in messages if m.get("context", True)]
    with st.chat_message("user"):
        st.html(f'<p><span class="pl-sr-only">{e(w["chat"]["you"])}: </span>{e(question)}</p>')
    with st.chat_message("assistant"):
        load.retry()  # a failed start is tried again when someone asks (the server may be back)
        if not load.ready:
            box = st.empty()
            while not load.wait(0.5):
                with box.container():
                    progress(load, w)
            box.empty()
        if load.error or load.engine is None:
            progress(load, w)
            return
        try:
            with st.spinner(w["chat"]["thinking"]):
                answer = load.engine.ask(question, history)
        except Exception as exc:  # ask never raises; should that ever change, still no traceback on the page
            answer = Answer(ERROR, fault_sentence(cfg, exc, "the engine failed on a question"))
    context = answer.status not in NOT_CONTEXT
    messages.append({"role": "user", "content": question, "context": context})
    messages.append({"role": "assistant", "content": answer.text, "answer": answer, "context": context})
    st.rerun()


def sheets_page(cfg: Settings, load: Loader, w: dict[str, Any]) -> None:
    sw = w["sheets"]
    st.title(sw["heading"], anchor=False)
    if st.button(sw["back"], key="back-to-questions", icon=":material/arrow_back:"):
        st.session_state.view = "ask"
        st.rerun()
    st.html(f'<p class="pl-sheetnote">{e(sw["intro"])}</p>')
    if not load.ready:
        progress_fragment(load, w)
        return
    if load.error or load.engine is None:
        progress(load, w)
        return
    engine = load.engine
    ids = list(engine.law.measures)
    wanted = st.session_state.get("sheet") or st.query_params.get("sheet")
    index = ids.index(wanted) if wanted in ids else 0
    chosen = st.selectbox(sw["choose"], ids, index=index, key="sheet-choice",
                          format_func=lambda m: engine.law.measures[m].title)
    st.session_state.sheet = chosen
    try:
        sheet = build_sheet(engine, chosen, w)
    except Exception as exc:  # e.g. a Chroma server that stopped: one sentence, and the rest of the page stays
        notice(fault_sentence(cfg, exc, "the topic sheet could not be built"))
        return
    c1, c2 = st.columns(2)
    c1.download_button(sw["download_pdf"], data=sheet_pdf(sheet), file_name=f"{sheet.file_stem}.pdf",
                       mime="application/pdf", key="sheet-pdf", icon=":material/picture_as_pdf:")
    c2.download_button(sw["download_html"], data=sheet_html(sheet), file_name=f"{sheet.file_stem}.html",
                       mime="text/html", key="sheet-html", icon=":material/download:")
    st.html(f"<style>{SHEET_CSS}</style>")
    st.html(f'<div class="pl-sheet-frame">{sheet_fragment(sheet, prefix="sheet-" + chosen, level=2)}'
            f'<div class="pl-actions" style="padding: 0 1rem 0.8rem"><button type="button" class="pl-btn" '
            f'data-pl-action="print">{e(w["answer"]["print"])}</button></div></div>')


def main() -> None:
    """The app's edge: whatever fails below shows one plain sentence, and the log has the details."""
    try:
        cfg = load_settings()
    except SettingsError as exc:
        notice(str(exc))
        return
    try:
        page(cfg)
    except Exception as exc:  # st.rerun() and st.stop() are not Exceptions, so they pass through
        notice(fault_sentence(cfg, exc, "the page failed"))


def page(cfg: Settings) -> None:
    w = ui_words(cfg.prompts_dir)
    page_setup(cfg)
    load = loader(cfg)
    if "messages" not in st.session_state:
        st.session_state.messages = []
        load.retry()  # a new visit after a failed start tries again
    if "view" not in st.session_state:
        st.session_state.view = "sheets" if st.query_params.get("view") == "sheets" else "ask"
    sidebar(cfg, w)
    if st.session_state.view == "sheets":
        sheets_page(cfg, load, w)
    else:
        ask_page(cfg, load, w)


main()
