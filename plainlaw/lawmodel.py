"""The model of the law, read from law/*.yaml: each measure, what it covers, and every plain statement tied to
the exact corpus words it restates (the way OpenFisca keeps parameters beside their legal reference).

The engine never states a fact about a measure that is not a statement here (or a passage found by search);
ingest checks every anchor (`python -m ingest --check`), and the tests fail when one no longer matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from plainlaw.prompts import SAFE_LOADER
from plainlaw.textutil import fold

FACETS = ("legality", "penalty", "status", "defences", "definition", "scope", "figures", "who", "prosecution", "other")
ACTS = ("make", "take", "share", "threaten", "possess", "view", "request", "run_site", "supply", "send_genitals",
        "install", "unlock")
THINGS = ("real", "fake", "drawn")
PROTECTS = ("child", "adult", "anyone")
KINDS = ("offence", "plan", "power", "defence", "act", "facts")
STAGES = ("announced", "bill", "enacted", "prospective", "partly_in_force", "in_force")
NOW = ("in_force", "partly_in_force", "enacted_unconfirmed", "bill", "announced", "none")

OBJECTS = ("image", "tool", "manual", "site", "device", "act", "facts")
_MEASURE_FIELDS = {"id", "title", "kind", "object", "topics", "names", "protects", "acts", "things", "laws", "related",
                   "status", "statements", "help"}
_STATEMENT_FIELDS = {"id", "facet", "acts", "things", "answer", "say", "source", "quote", "stage", "date", "with",
                     "for", "not_for", "when", "places"}
ROLES = ("victim", "did_it", "thoughts", "found", "danger", "none")


class LawModelError(ValueError):
    """A law/ file breaks the model's schema; the message names the file and the field."""


@dataclass(frozen=True)
class Statement:
    """One plain sentence about a measure and the corpus words it restates."""

    key: str  # "measure.statement", unique across the model
    facet: str
    say: str
    source: str
    quote: str
    acts: tuple[str, ...] = ()
    things: tuple[str, ...] = ()
    answer: str = ""  # the opening word(s) when this statement answers a yes/no question
    stage: str = ""
    date: str = ""
    with_: tuple[str, ...] = ()  # statements of the same measure that always go with this one when it leads
    only_for: tuple[str, ...] = ()  # shown only to these roles (a victim-facing wording)
    not_for: tuple[str, ...] = ()  # never shown to these roles (a defence-like condition, to a victim)
    when: tuple[str, ...] = ()  # circumstances (cues.yaml) in which it belongs in the answer whatever is asked
    places: tuple[str, ...] = ()  # parts of the UK (cues.yaml places) it speaks of alone: said only when one is named

    def fits(self, role: str, place: str = "") -> bool:
        """May this asker be shown it? A statement about one part of the UK only ("…penalties for Northern
        Ireland") fits only a message that names that part (`place`, "" when none is named)."""
        in_place = not self.places or place in self.places
        return in_place and (not self.only_for or role in self.only_for) and role not in self.not_for

    @property
    def id(self) -> str:
        return self.key.split(".", 1)[1]


@dataclass(frozen=True)
class Measure:
    """A measure the sources speak of: an offence, a planned offence, a power, a defence, an Act, or facts."""

    id: str
    title: str
    kind: str
    object: str  # what it is about: images, tools, manuals, sites, devices, an Act, or facts
    topics: tuple[str, ...]
    names: tuple[str, ...]
    protects: str
    acts: tuple[str, ...]
    things: tuple[str, ...]
    laws: tuple[str, ...]
    related: tuple[str, ...]
    now: str
    tag: str
    current: str
    unknown: str
    statements: tuple[Statement, ...]
    # kinds of thing (THINGS) whose part of a law in force the sources cannot confirm: 'AI' manuals, a planned change
    unsure_for: tuple[str, ...] = ()
    help: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def facet(self, name: str) -> list[Statement]:
        return [s for s in self.statements if s.facet == name]

    @property
    def steps(self) -> list[Statement]:
        """Where the measure stands, step by step, in the order the file gives them (oldest first)."""
        return self.facet("status")

    @property
    def current_step(self) -> Statement | None:
        return next((s for s in self.statements if s.id == self.current), None)

    @property
    def name_in_sentence(self) -> str:
        """The title as it reads mid-sentence: 'indecent photos…', but 'AI tools…' and "'Paedophile manuals'"."""
        first = self.title[:2]
        keep = len(first) > 1 and (first[1].isupper() or not first[0].isalpha())
        return self.title if keep else self.title[0].lower() + self.title[1:]

    @property
    def settled(self) -> bool:
        """True when the sources show the measure is law in force now."""
        return self.now == "in_force"

    def unsure(self, thing: str) -> bool:
        """True when the sources cannot confirm where the law stands for this kind of thing: a measure not shown in
        force, or one in force whose change for that kind (an AI 'paedophile manual') is only planned."""
        return bool(self.unknown) and (not self.settled or thing in self.unsure_for)


def _list(value: Any, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LawModelError(f"{where} must be a list of words")
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            raise LawModelError(f"{where}: {', '.join(bad)} not one of {', '.join(allowed)}")
    return tuple(value)


def _text(data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int) or (required and not str(value).strip()):
        raise LawModelError(f"{where}: '{key}' must be non-empty text")
    return " ".join(str(value).split())


def _statement(raw: dict[str, Any], measure: str, where: str) -> Statement:
    unknown = sorted(set(raw) - _STATEMENT_FIELDS)
    if unknown:
        raise LawModelError(f"{where}: unknown field(s) {', '.join(unknown)}")
    facet = _text(raw, "facet", where)
    if facet not in FACETS:
        raise LawModelError(f"{where}: facet {facet!r} is not one of {', '.join(FACETS)}")
    stage = _text(raw, "stage", where, required=facet == "status")  # other facets may name a Bill stage
    if stage and stage not in STAGES:
        raise LawModelError(f"{where}: stage {stage!r} is not one of {', '.join(STAGES)}")
    date = str(raw.get("date") or "")
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise LawModelError(f"{where}: date must be YYYY-MM-DD")
    source = _text(raw, "source", where)
    if not source.endswith(".md"):
        raise LawModelError(f"{where}: source must name a corpus file (….md)")
    return Statement(
        key=f"{measure}.{_text(raw, 'id', where)}", facet=facet, say=_text(raw, "say", where), source=source,
        quote=_text(raw, "quote", where), acts=_list(raw.get("acts"), f"{where} acts", ACTS),
        things=_list(raw.get("things"), f"{where} things", THINGS), answer=_text(raw, "answer", where, False),
        stage=stage, date=date, with_=_list(raw.get("with"), f"{where} with"),
        only_for=_list(raw.get("for"), f"{where} for", ROLES),
        not_for=_list(raw.get("not_for"), f"{where} not_for", ROLES),
        when=_list(raw.get("when"), f"{where} when"), places=_list(raw.get("places"), f"{where} places"),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise LawModelError(f"{path.name}: not valid YAML ({exc})") from exc
    except OSError as exc:
        raise LawModelError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    if not isinstance(data, dict):
        raise LawModelError(f"{path.name}: must hold one measure as 'field: value' lines")
    return data


class LawModel:
    """Every measure in law/, with `{ref: measure.statement}` entries resolved to the statement they name."""

    def __init__(self, measures: dict[str, Measure]) -> None:
        self.measures = measures
        self.statements = {s.key: s for m in measures.values() for s in m.statements}

    @classmethod
    def load(cls, folder: Path) -> LawModel:
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise LawModelError(f"no measures found in {folder}")
        raws = {path.stem: _read(path) for path in files}
        own: dict[str, Statement] = {}
        for name, raw in raws.items():
            if raw.get("id") != name:
                raise LawModelError(f"{name}.yaml: 'id' must be {name!r}, the file's name")
            for i, entry in enumerate(raw.get("statements") or []):
                if isinstance(entry, dict) and "ref" not in entry:
                    s = _statement(entry, name, f"{name}.yaml statement {i + 1}")
                    if s.key in own:
                        raise LawModelError(f"{name}.yaml: statement id {s.id!r} is used twice")
                    own[s.key] = s
        measures = {}
        for name, raw in raws.items():
            measures[name] = _measure(name, raw, own)
        for m in measures.values():
            for other in m.related:
                if other not in measures:
                    raise LawModelError(f"{m.id}.yaml: related measure {other!r} does not exist")
        for st in own.values():
            missing = [w for w in st.with_ if f"{st.key.split('.')[0]}.{w}" not in own]
            if missing:
                raise LawModelError(f"{st.key}: 'with' names no statement {', '.join(missing)}")
        return cls(measures)

    def anchors(self) -> list[Statement]:
        """Each statement once (a shared status step is checked where it is defined)."""
        return list(self.statements.values())


def _measure(name: str, raw: dict[str, Any], own: dict[str, Statement]) -> Measure:
    where = f"{name}.yaml"
    unknown = sorted(set(raw) - _MEASURE_FIELDS)
    if unknown:
        raise LawModelError(f"{where}: unknown field(s) {', '.join(unknown)}")
    statements: list[Statement] = []
    for i, entry in enumerate(raw.get("statements") or []):
        if not isinstance(entry, dict):
            raise LawModelError(f"{where} statement {i + 1}: must be a mapping")
        if "ref" in entry:
            ref = str(entry["ref"])
            if ref not in own:
                raise LawModelError(f"{where} statement {i + 1}: ref {ref!r} names no statement")
            statements.append(own[ref])
        else:
            statements.append(own[f"{name}.{entry['id']}"])
    status = raw.get("status") or {}
    if not isinstance(status, dict):
        raise LawModelError(f"{where}: 'status' must be a mapping")
    now = _text(status, "now", f"{where} status")
    if now not in NOW:
        raise LawModelError(f"{where}: status.now {now!r} is not one of {', '.join(NOW)}")
    current = _text(status, "current", f"{where} status", required=now != "none")
    if current and current not in {s.id for s in statements}:
        raise LawModelError(f"{where}: status.current {current!r} names no statement of this measure")
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise LawModelError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    obj = _text(raw, "object", where)
    if obj not in OBJECTS:
        raise LawModelError(f"{where}: object {obj!r} is not one of {', '.join(OBJECTS)}")
    protects = _text(raw, "protects", where)
    if protects not in PROTECTS:
        raise LawModelError(f"{where}: protects {protects!r} is not one of {', '.join(PROTECTS)}")
    help_ = raw.get("help") or {}
    if not isinstance(help_, dict):
        raise LawModelError(f"{where}: 'help' must map an asker to a list of services")
    return Measure(
        id=name, title=_text(raw, "title", where), kind=kind, object=obj,
        topics=_list(raw.get("topics"), f"{where} topics"),
        names=_list(raw.get("names"), f"{where} names"), protects=protects,
        acts=_list(raw.get("acts"), f"{where} acts", ACTS), things=_list(raw.get("things"), f"{where} things", THINGS),
        laws=_list(raw.get("laws"), f"{where} laws"), related=_list(raw.get("related"), f"{where} related"),
        now=now, tag=_text(status, "tag", f"{where} status", required=now != "none"), current=current,
        unknown=_text(status, "unknown", f"{where} status", required=False), statements=tuple(statements),
        unsure_for=_list(status.get("unsure_for"), f"{where} status.unsure_for", THINGS),
        help={k: _list(v, f"{where} help.{k}") for k, v in help_.items()},
    )


@cache
def load_law(folder: Path) -> LawModel:
    """The law model, read once per process."""
    return LawModel.load(folder)


def squash(text: str) -> str:
    """The form anchors are matched in: letters, digits, £ and % only, so punctuation and layout never matter."""
    return re.sub(r"[^a-z0-9£%]+", " ", fold(text)).strip()


def anchor_matches(statement: Statement, passages: list[tuple[str, str]]) -> list[str]:
    """Ids of the passages (id, body) of the statement's source whose words contain its quote."""
    quote = squash(statement.quote)
    return [pid for pid, body in passages if quote in squash(body)]
