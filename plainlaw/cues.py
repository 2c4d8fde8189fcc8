"""Exact cues read beside the classifiers: ages, section numbers, the names of Acts and legal terms, and the
message's language. Patterns live in prompts/reading/cues.yaml; each one has its own tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from plainlaw.normalise import english_share
from plainlaw.prompts import load_yaml
from plainlaw.textutil import bare


@dataclass(frozen=True)
class Cues:
    """What a message states in so many words."""

    asker_age: int | None = None
    pictured_age: int | None = None
    measures: tuple[str, ...] = ()
    peer: bool = False  # a young person's schoolmate is named
    place: str = ""  # the place named, when one is (where does the law apply?); the first of cues.yaml's order
    sections: tuple[str, ...] = ()  # section numbers named ("66F", "160")
    asker: str = ""  # who is asking, when the message says so
    lookup: bool = False  # asks who or what something is
    claim_check: bool = False  # asks whether someone else's claim is right
    danger: bool = False  # someone is in danger now
    acts: tuple[str, ...] = ()  # acts named by their verb
    permission: bool = False  # asks whether something is allowed
    asks: str = ""  # what is asked, when the message names it outright ("what defences are there?")
    opinion: bool = False  # asks for an opinion or a prediction
    self_pictured: bool = False  # the writer is the person pictured
    negated_acts: tuple[str, ...] = ()  # acts named only after a negation ("not possessing", "never shared")
    measures_by_section: tuple[str, ...] = ()  # measures named through one of their section numbers
    circumstances: tuple[str, ...] = ()  # circumstances told outright that a statement speaks to (cues.yaml)
    refers_back: bool = False  # points back at what was just said ("does that apply in Wales?")
    things_named: tuple[str, ...] = ()  # kinds of thing named: image, tool, manual, site, device
    pictured_adult: bool = False  # the person pictured is named by a role only adults hold ("our maths teacher")
    teaching: bool = False  # about teaching a class the law ("for my lesson…"), with nothing a pupil told
    close_device: bool = False  # what was found is on a device of someone close ("my fiancé's work computer")
    adult_accused: bool = False  # an adult is named as the one charged or arrested ("the man next door was charged")
    image_kind: str = ""  # "drawn" or "fake", when the message says so in words (cues.yaml image_kind_words)
    writer_did: bool = False  # the writer did it to someone else ("i posted a fake of my ex")
    new_subject: bool = False  # says it changes the subject ("different thing - …")
    asks_status: str = ""  # also asks, in so many words, whether a law is in force "now" or "since" when
    harm_rule: str = ""  # the exact harm rule the message meets (cues.yaml harm_rules), if any
    open_question: bool = False  # asks what, how or which ("what is the law on…"): no yes-or-no answer fits
    passed_on: bool = False  # the writer passed on what reached them ("…then I forwarded it on to a friend")
    age_then: int | None = None  # the writer's age at an earlier time ("back when I was 14")
    subject_named: bool = True  # names what the product is about (images, deepfakes, nudes, abuse)
    asks_other: str = ""  # what is asked, named outright in another language ("¿es delito…?")
    safeguarding_lead: bool = False  # the writer is the safeguarding lead ("DSL here")
    outside_school: bool = False  # the writer works with young people outside a school ("I coach an under-14s side")
    other_country: bool = False  # names a country outside the UK, and nothing of the UK (cues.yaml other_countries)
    at_work: bool = False  # asks for a site, app or moderation team they work for ("we run a small forum")
    someone_close: bool = False  # names someone close to the writer ("my brother"), whose behaviour may be the worry
    pictured_child: bool = False  # the images are described as images of children ("pics of young kids")
    law_question: bool = False  # asks whether something is a crime or someone is in trouble ("is that even allowed?")
    dated_act: bool = False  # dates what was done by a year ("kept in 2006", "in November 2023")
    takedown: bool = False  # asks for an image to be removed ("can they take the photo of my son off the site?")
    testing_question: bool = False  # asks whether testing an AI model for abuse images is lawful, asking for no content
    found_other_languages: bool = False  # came across images, said in another language ("me encontré con…")
    not_sexual: bool = False  # says the image is not sexual ("nothing sexual", "fully clothed")
    other_area: bool = False  # names another area of law and no image or anything sexual (cues.yaml other_area_pattern)
    done_to_writer: bool = False  # someone did it to the writer ("he did it to me")
    intent_told: bool = False  # tells what the writer means to do or has done ("i'll use a vpn")


# Digits of other scripts (Arabic-Indic, Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, full-width) read
# as 0-9, one character for one, so that an age written "١٥" or "۱۵" is found by the same patterns.
DIGITS = {cp: ord("0") + unicodedata.decimal(chr(cp))
          for start in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0BE6, 0xFF10)
          for cp in range(start, start + 10)}


def names_pattern(names: dict[str, list[str]]) -> re.Pattern[str]:
    """A list of names as one pattern, any case: `words` match as whole words; `anywhere` (names in scripts written
    without spaces between words, "日本では") match inside longer text."""
    words = "|".join(re.escape(str(n)) for n in names.get("words") or [])
    anywhere = "|".join(re.escape(str(n)) for n in names.get("anywhere") or [])
    parts = [rf"\b(?:{words})\b"] * bool(words) + [f"(?:{anywhere})"] * bool(anywhere)
    return re.compile("|".join(parts) or r"(?!)", re.I)


class CueReader:
    """Compiled patterns from cues.yaml."""

    def __init__(self, prompts_dir: Path) -> None:
        data = load_yaml(prompts_dir, "reading/cues.yaml")
        self.asker_age = [re.compile(p, re.I) for p in data["asker_age"]]
        self.pictured_age = [re.compile(p, re.I) for p in data["pictured_age"]]
        self.age_then = [re.compile(p, re.I) for p in data["age_then"]]
        self.year_offset = int(data["school_year_to_age"])
        self.adult_age = int(data["adult_age"])
        self.section = re.compile(data["section_pattern"], re.I)
        self.sections = {str(k).upper(): v for k, v in data["sections"].items()}
        # a name matches the message's bare form at word starts ("cyberflash" in "cyberflashing", not in "xcyberflash")
        self.names = {measure: [bare(n).rstrip() for n in names] for measure, names in data["names"].items()}
        self.peer = re.compile(data["peer_words"], re.I)
        adult, adult_other = data["pictured_adult_pattern"], data["pictured_adult_other_languages"]
        self.pictured_adult = re.compile(f"(?:{adult})|(?:{adult_other})", re.I)
        child, child_other = data["pictured_child_pattern"], data["pictured_child_other_languages"]
        self.pictured_child = re.compile(f"(?:{child})|(?:{child_other})", re.I)
        self.law_question = re.compile(data["law_question_pattern"], re.I)
        self.dated_act = re.compile(data["dated_act_pattern"], re.I)
        self.teaching = re.compile(data["teaching"]["pattern"], re.I)
        self.at_work = re.compile(data["teaching"]["work"], re.I)
        self.someone_close = re.compile(data["someone_close_pattern"], re.I)
        self.close_device = re.compile(data["close_device_pattern"], re.I)
        self.adult_accused = re.compile(data["adult_accused_pattern"], re.I)
        self.act_reference = re.compile(data["act_reference"]["pattern"], re.I)
        self.law_reference = re.compile(data["law_reference"], re.I)
        self.act_measures: list[str] = list(data["act_reference"]["measures"])
        self.image_kinds = {kind: re.compile(p, re.I) for kind, p in data["image_kind_words"].items()}
        self.writer_did = re.compile(data["writer_did_pattern"], re.I)
        self.new_subject = re.compile(data["new_subject_pattern"], re.I)
        self.status_words = {kind: re.compile(p, re.I) for kind, p in data["status_words"].items()}
        self.harm_rules = {name: ([re.compile(p, re.I) for p in rule["all"]],
                                  re.compile(rule["unless"], re.I) if rule.get("unless") else None)
                           for name, rule in data["harm_rules"].items()}
        self.harm_floor = float(data["harm_floor"])
        self.told = re.compile(data["teaching"]["unless"], re.I)
        self.places = {name: re.compile(pattern, re.I) for name, pattern in data["places"].items()}
        self.other_countries = names_pattern(data["other_countries"])
        self.uk_named = names_pattern(data["uk_named"])
        self.askers = {who: re.compile(pattern, re.I) for who, pattern in data["asker_words"].items()}
        self.lookup = re.compile(data["lookup_pattern"], re.I)
        self.claim_check = re.compile(data["claim_check_pattern"], re.I)
        self.open_question = re.compile(data["open_question_pattern"], re.I)
        self.danger = re.compile(data["danger_pattern"], re.I)
        other = data["act_words_other_languages"]
        self.acts = {act: re.compile(f"(?:{pattern})|(?:{other[act]})" if act in other else pattern, re.I)
                     for act, pattern in data["act_words"].items()}
        self.negation = re.compile(data["negation_before_act"] + r"$", re.I)
        self.acts_within: dict[str, list[str]] = data["acts_within"]
        self.permission = re.compile(data["permission_pattern"], re.I)
        self.asks = {label: re.compile(pattern, re.I) for label, pattern in data["asks_words"]["patterns"].items()}
        self.asks_overrides = {label: set(over) for label, over in data["asks_words"]["overrides"].items()}
        other = data["asks_words"]["other_languages"]
        self.asks_other = {label: re.compile(pattern, re.I) for label, pattern in other["patterns"].items()}
        self.asks_other_overrides = {label: set(over) for label, over in other["overrides"].items()}
        self.opinion = re.compile(data["opinion_pattern"], re.I)
        self.self_pictured = re.compile(
            f"(?:{data['self_pictured_pattern']})|(?:{data['self_pictured_other_languages']})", re.I)
        self.takedown = re.compile(data["takedown_pattern"], re.I)
        self.takedown_unless = re.compile(data["takedown_unless"], re.I)
        self.testing_question = [re.compile(p, re.I) for p in data["testing_question"]["all"]]
        self.testing_unless = re.compile(data["testing_question"]["unless"], re.I)
        self.found_other_languages = re.compile(data["found_other_languages"], re.I)
        self.not_sexual = re.compile(data["not_sexual_pattern"], re.I)
        self.not_sexual_unless = re.compile(data["not_sexual_unless"], re.I)
        self.other_area = re.compile(data["other_area_pattern"], re.I)
        self.done_to_writer = re.compile(data["done_to_writer_pattern"], re.I)
        self.done_to_writer_unless = re.compile(data["done_to_writer_unless"], re.I)
        self.intent = re.compile(data["intent_pattern"], re.I)
        self.image_or_sexual = re.compile(data["image_or_sexual_words"], re.I)
        # A question that also names illegality ("is it legal or a crime") is not read as asking permission.
        self.prohibition = re.compile(data["prohibition_pattern"], re.I)
        self.circumstances = {name: re.compile(p, re.I) for name, p in data["circumstances"].items()}
        self.circumstance_acts: dict[str, dict[str, Any]] = data["circumstance_acts"]
        self.found_reading: dict[str, Any] = data["found_reading"]
        self.passed_on = re.compile(self.found_reading["passed_on_pattern"], re.I)
        self.refers_back = re.compile(data["refers_back_pattern"], re.I)
        self.things = {name: re.compile(p, re.I) for name, p in data["thing_words"].items()}
        self.law_process = re.compile(data["law_process_words"], re.I)
        self.settings = {flag: re.compile(p, re.I) for flag, p in data["staff_setting"]["patterns"].items()}
        self.in_school = re.compile(data["staff_setting"]["in_school"], re.I)
        parts = data["question_parts"]
        self.part_split = re.compile(parts["split"], re.I)
        self.part_start = re.compile(parts["question_start"], re.I)
        self.part_min_words, self.max_parts = int(parts["min_words"]), int(parts["max_parts"])

    def _affirmed(self, act: str, text: str) -> bool:
        """Is the act named at least once without a negation just before it ("not possessing, making"), and
        outside the words of an act that contains it ("he'll post them unless…" threatens, it does not share)?"""
        inside = [m.span() for outer, acts in self.acts_within.items() if act in acts
                  for m in (self.acts.get(outer) or self.circumstances[outer]).finditer(text)]
        return any(not self.negation.search(text[: m.start()])
                   and not any(a <= m.start() and m.end() <= b for a, b in inside)
                   for m in self.acts[act].finditer(text))

    def _place(self, text: str) -> str:
        return next((name for name, pattern in self.places.items() if pattern.search(text)), "")

    def _age(self, patterns: list[re.Pattern[str]], text: str, youngest: bool = False,
             besides: Sequence[tuple[int, int]] = ()) -> int | None:
        """The first age the patterns find — or, for the person pictured, the youngest: when a message gives a
        child's age and an adult's, the child is the one pictured and the adult the one pressing or taking. An age
        from a school year ("a Year 10 has told me") counts too, unless an age given outright is within two years of
        it (that pupil's own age: "a Year 13, she's 18"). Ages inside the `besides` spans are left out."""
        ages: list[int] = []
        years: list[int] = []  # ages from a school year ("a Year 13 pupil"), only a guess beside an age given outright
        for pattern in patterns:
            for match in pattern.finditer(text):
                if any(match.start() < end and start < match.end() for start, end in besides):
                    continue
                found = match.groupdict()
                if found.get("age"):
                    ages.append(int(found["age"]))
                elif found.get("year"):
                    years.append(int(found["year"]) + self.year_offset)
                if (ages or years) and not youngest:
                    return (ages or years)[0]
        years = [y for y in years if not any(abs(y - a) <= 2 for a in ages)]
        return min([*ages, *years]) if ages or years else None

    def read(self, text: str) -> Cues:
        measures: list[str] = []
        sections: list[str] = []
        for match in self.section.finditer(text):
            number = (match.group("num") or match.group("bare") or "").upper()
            if number in self.sections:
                sections.append(number)
                if self.sections[number] not in measures:
                    measures.append(self.sections[number])
        plain = bare(text)
        for measure, names in self.names.items():
            if measure not in measures and any(name in plain for name in names):
                measures.append(measure)
        asker = next((who for who, pattern in self.askers.items() if pattern.search(text)), "")
        # in the order the message names them: the act named first is what it is mostly about
        found = sorted((m.start(), act) for act, pattern in self.acts.items() if (m := pattern.search(text)))
        # the harm rules whose words all match, each with whether its `unless` lets it go: read once for both the
        # rule met and whether a takedown plea is one
        worded = [(name, bool(unless and unless.search(text))) for name, (rule, unless) in self.harm_rules.items()
                  if all(p.search(text) for p in rule)]
        named = {act: self._affirmed(act, text) for _, act in found}
        # Another person's age names who is pictured; the writer's own ("I'm a 16 year old") only when it is the
        # only age given ("tengo 15 años y un chico tiene mis fotos").
        digits = text.translate(DIGITS)
        then = [match.span() for pattern in self.age_then for match in pattern.finditer(digits)]
        own_age = [match.span() for pattern in self.asker_age for match in pattern.finditer(digits)]
        pictured_age = self._age(self.pictured_age, digits, youngest=True, besides=own_age)
        if pictured_age is None:
            pictured_age = self._age(self.pictured_age, digits, youngest=True)
        # The writer's age now, when they also give an earlier one ("back when I was 14 … I'm 30"); else the one given.
        asker_age = self._age(self.asker_age, digits, besides=then)
        if asker_age is None:
            asker_age = self._age(self.asker_age, digits)
        not_sexual = bool(self.not_sexual.search(text)) and not self.not_sexual_unless.search(text)
        return Cues(asker_age, pictured_age, tuple(measures),
                    bool(self.peer.search(text)), self._place(text), tuple(sections), asker,
                    bool(self.lookup.search(text)), bool(self.claim_check.search(text)),
                    bool(self.danger.search(text)),
                    tuple(act for act, affirmed in named.items() if affirmed),
                    bool(self.permission.search(text)) and not self.prohibition.search(text),
                    self.asks_said(text),
                    bool(self.opinion.search(text)), bool(self.self_pictured.search(text)),
                    tuple(act for act, affirmed in named.items() if not affirmed),
                    tuple(dict.fromkeys(self.sections[n] for n in sections)),
                    tuple(name for name, pattern in self.circumstances.items() if pattern.search(text)),
                    bool(self.refers_back.search(text)),
                    tuple(name for name, pattern in self.things.items() if pattern.search(text)),
                    bool(self.pictured_adult.search(text)),
                    bool(self.teaching.search(text)) and not self.told.search(text),
                    bool(self.close_device.search(text)), bool(self.adult_accused.search(text)),
                    next((kind for kind, pattern in self.image_kinds.items() if pattern.search(text)), ""),
                    bool(self.writer_did.search(text)) and not bool(self.self_pictured.search(text)),
                    bool(self.new_subject.search(text)),
                    self.status_asked(text),
                    next((name for name, excused in worded if not excused), ""),
                    bool(self.open_question.search(text)),
                    bool(self.passed_on.search(text)),
                    self._age(self.age_then, digits),
                    asks_other=next((label for label, pattern in self.asks_other.items() if pattern.search(text)), ""),
                    subject_named=self.about_images(text) or bool(self.law_process.search(text)),
                    safeguarding_lead=bool(self.settings["safeguarding_lead"].search(text)),
                    at_work=bool(self.at_work.search(text)), someone_close=bool(self.someone_close.search(text)),
                    outside_school=bool(self.settings["outside_school"].search(text))
                    and not self.in_school.search(text),
                    other_country=bool(self.other_countries.search(text)) and not self.uk_named.search(text),
                    pictured_child=bool(self.pictured_child.search(text)),
                    law_question=bool(self.law_question.search(text)),
                    dated_act=bool(self.dated_act.search(text)),
                    takedown=bool(self.takedown.search(text)) and not self.takedown_unless.search(text)
                    and not worded,
                    testing_question=all(p.search(text) for p in self.testing_question)
                    and not self.testing_unless.search(text) and not worded,
                    found_other_languages=bool(self.found_other_languages.search(text)),
                    not_sexual=not_sexual,
                    other_area=bool(self.other_area.search(text)) and (not_sexual or not self.about_images(text)),
                    done_to_writer=bool(self.done_to_writer.search(text))
                    and not self.done_to_writer_unless.search(text),
                    intent_told=bool(self.intent.search(text)))

    def about_images(self, text: str) -> bool:
        """Does the text name an image, or anything sexual (cues.yaml image_or_sexual_words)?"""
        return bool(self.image_or_sexual.search(text))

    def asks_outranking(self, said: str, guessed: str) -> str:
        """What is asked: the label named in so many words when the classifier's guess is one it overrides
        (cues.yaml asks_words overrides), else the guess."""
        return said if said and guessed in self.asks_overrides[said] else guessed

    def asks_said(self, text: str) -> str:
        """What the text asks, named in so many words in English (cues.yaml asks_words), or ""."""
        return next((label for label, pattern in self.asks.items() if pattern.search(text)), "")

    def status_asked(self, text: str) -> str:
        """Whether the text asks, in so many words, if a law is in force "now" or "since" when ("" if neither)."""
        return next((kind for kind, pattern in self.status_words.items() if pattern.search(text)), "")

    def own_acts(self, acts: tuple[str, ...], circumstances: tuple[str, ...]) -> tuple[str, ...]:
        """The writer's own acts, given what they tell: 'someone sent me one' means they have it (the sending,
        someone else's, is not counted as done: acts_within)."""
        told = [self.circumstance_acts[c] for c in circumstances if c in self.circumstance_acts]
        for act in (t["act"] for t in told if not set(t.get("unless", ())) & set(circumstances)):
            acts = (act, *(a for a in acts if a != act))
        return acts

    def question_parts(self, text: str) -> list[str]:
        """The questions a message asks, in order, when it asks more than one (cues.yaml question_parts): each is
        read on its own so that the answer gives both halves. [] for a message asking one thing or none."""
        pieces = [p.strip(" ,;:-") for p in self.part_split.split(" ".join(text.split()))]
        asked = [p for p in pieces if len(p.split()) >= self.part_min_words
                 and (p.endswith("?") or self.part_start.search(p))]
        return asked[-self.max_parts:] if len(asked) > 1 else []

    def is_child(self, age: int | None) -> bool | None:
        return None if age is None else age < self.adult_age


class InstructionRule:
    """Exact patterns (prompts/reading/instructions.yaml) for source text that addresses the assistant."""

    def __init__(self, prompts_dir: Path) -> None:
        data = load_yaml(prompts_dir, "reading/instructions.yaml")
        self.patterns = [re.compile(p, re.I | re.M) for p in data["patterns"]]

    def __call__(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@cache
def _langid() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# Languages the multilingual encoder reads (multilingual-e5-small's training languages, ISO 639-1), and Chinese
# as the identifier names it when written as Cantonese or Wu: the same characters.
READABLE = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi hr hu hy id "
    "is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa pl ps pt ro ru sa sd si "
    "sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh yue wuu".split()
)


def latin_script(text: str) -> bool:
    """Whether every letter of the text is a Latin one."""
    return not re.search(r"[^\x00-\u024f\u1e00-\u1eff\s\d\W]", text)


def readable(lang: str, text: str) -> bool:
    """Whether the encoders can read a message: its language is one of theirs, or it is written in Latin letters.

    Hindi, Urdu, Punjabi and Bengali typed in Latin letters are read by the reader (it is trained on them), but the
    language identifier names them as languages it knows in Latin letters (Shona, Haitian, Fulfulde, Nigerian
    Pidgin…): in Latin letters, the classifiers decide, not that guess. A script the encoders never saw is unread.
    """
    return lang in READABLE or latin_script(text)


def language(text: str, min_words: int = 4, margin: float = 3.0) -> str:
    """The message's language (ISO 639-1) by py3langid, or 'en' when the text is too short to tell.

    Short messages ("ok", "hi") fool any language identifier, so they count as English; a Latin-script
    message counts as another language only when that language is `margin` times likelier than English.
    A script other than Latin is a language of its own however short the text.
    """
    if not re.search(r"[^\W\d_]", text):
        return "en"
    ranked = dict(_langid().rank(text))  # type: ignore[attr-defined]
    top = max(ranked, key=ranked.get)
    if not latin_script(text):
        return str(top)
    if top == "en" or len(text.split()) < min_words or ranked[top] < margin * ranked.get("en", 0.0):
        return "en"
    if english_share(text) >= 0.5:  # mostly common English words, whatever the spelling ('thx u r a legend')
        return "en"
    return str(top)
