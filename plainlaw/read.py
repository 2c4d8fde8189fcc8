"""Step 2: read a message as a Situation, with learned classifiers over sentence embeddings plus exact cues.

One logistic regression per question the reader asks of a message (its kind, who is asking, who is pictured,
real or fake, the topic, what is asked, and which acts), trained on the examples in prompts/reading/data/.
Training takes under a minute and is cached beside the index, keyed by a hash of the data and settings, so
it happens once per change of data (ingest does it; the engine does it if the cache is missing).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from plainlaw import trained
from plainlaw.cues import CueReader, Cues, language
from plainlaw.encoders import Encoders
from plainlaw.flags import Flags, fit, flag_examples, head_examples
from plainlaw.normalise import base_fold, disguises
from plainlaw.prompts import load_yaml
from plainlaw.situation import Situation, merge
from plainlaw.textutil import split_sentences

log = logging.getLogger("plainlaw")

Example = dict[str, Any]
TRAINING_SETTINGS = ("encoders", "e5_window", "sentence_encoders", "sentence_heads", "heads", "multi_label",
                     "classifier", "words_view")


class ReadingDataError(ValueError):
    """A training or held-out example is malformed; the message names the file and line."""


def load_examples(folder: Path, check: Callable[[Example], str] = lambda _: "",
                  error: type[ValueError] = ReadingDataError) -> list[Example]:
    """Every example in a folder of JSON-lines files, with a non-empty text; `check` returns what else is wrong
    with one ("" if nothing), and a problem is raised as `error`, naming the file and line."""
    examples: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                example = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(f"{path.name} line {number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(example, dict) or not isinstance(example.get("text"), str) or not example["text"].strip():
                raise error(f"{path.name} line {number}: 'text' must be non-empty text")
            problem = check(example)
            if problem:
                raise error(f"{path.name} line {number}: {problem}")
            example.setdefault("history", [])
            examples.append(example)
    return examples


def context_text(history: Sequence[dict[str, Any]], text: str, turns: int = 2) -> str:
    """The last few user turns and the message, as one text: how a request spread over turns is read."""
    users = [str(h.get("content", "")) for h in history if h.get("role") == "user"][-turns:]
    return " ".join([*users, text]).strip()


@dataclass(frozen=True)
class Piece:
    """One question of a message that asks several, as the parts of an answer need it."""

    text: str
    asks: str
    also_status: str  # "now" or "since" when it asks that in so many words (cues.yaml status_words), else ""
    vector: np.ndarray  # MiniLM's, for how close each statement is
    said: str = ""  # what it asks, named in so many words (cues.yaml asks_words), else ""


@dataclass
class Heads:
    """The trained classifiers: one per single-label head, one per act, and for some heads a second view that
    reads the words themselves (character and word n-grams), averaged with the first."""

    single: dict[str, LogisticRegression]
    acts: dict[str, LogisticRegression]
    words: dict[str, Pipeline] = field(default_factory=dict)
    # Some heads again, over the cheaper encoders only (reader.yaml sentence_heads): the kind head reads the
    # sentences of a long message and the asks head each question of a message that asks several, where the
    # multilingual e5 encoder would cost more than the rest of the answer (reader.yaml sentence_encoders).
    sentence: dict[str, LogisticRegression] = field(default_factory=dict)

    def probabilities(self, x: np.ndarray, texts: Sequence[str]) -> dict[str, list[dict[str, float]]]:
        """For each head, one {label: probability} per row of x (the vectors of `texts`)."""
        with trained.trusted_input():
            return self._probabilities(x, texts)

    def _probabilities(self, x: np.ndarray, texts: Sequence[str]) -> dict[str, list[dict[str, float]]]:
        out: dict[str, list[dict[str, float]]] = {}
        for name, model in self.single.items():
            p = model.predict_proba(x)
            if name in self.words:
                view = self.words[name]
                q = view.predict_proba(list(texts))
                order = [list(view.classes_).index(c) for c in model.classes_]
                p = (p + q[:, order]) / 2
            out[name] = [dict(zip(model.classes_, map(float, row), strict=True)) for row in p]
        for act, model in self.acts.items():
            p = model.predict_proba(x)[:, list(model.classes_).index(1)]
            out[f"act:{act}"] = [{"yes": float(v)} for v in p]
        return out

    def sentence_harm(self, x: np.ndarray, texts: Sequence[str]) -> list[float]:
        """How likely each text (rows of x: its vectors from the sentence encoders) is a harmful request, read as
        the kind head reads a message: the sentence vector view averaged with the words view."""
        model = self.sentence.get("kind")
        if model is None or not len(texts):
            return [0.0] * len(texts)
        with trained.trusted_input():
            p = model.predict_proba(x)
            if "kind" in self.words:
                view = self.words["kind"]
                q = view.predict_proba(list(texts))
                p = (p + q[:, [list(view.classes_).index(c) for c in model.classes_]]) / 2
        return [float(v) for v in p[:, list(model.classes_).index("harmful")]]

    def sentence_labels(self, head: str, x: np.ndarray) -> list[str]:
        """The most likely label of `head` for each row of x (vectors from the sentence encoders)."""
        return [str(label) for label in self.sentence[head].predict(x)] if len(x) else []


def _labels(examples: list[Example], head: str, allowed: Sequence[str]) -> tuple[list[int], list[str]]:
    rows, labels = [], []
    for i, ex in enumerate(examples):
        value = ex.get(head)
        if value in allowed:
            rows.append(i)
            labels.append(value)
    return rows, labels


def words_view(config: dict[str, Any]) -> Pipeline:
    """Character and word n-grams (scikit-learn's TfidfVectorizer) feeding a logistic regression."""
    w = config["words_view"]
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(w["char_ngrams"]), min_df=2,
                                  sublinear_tf=True, max_features=int(w["max_features"]), preprocessor=base_fold)),
        ("words", TfidfVectorizer(ngram_range=tuple(w["word_ngrams"]), min_df=2, sublinear_tf=True,
                                  max_features=int(w["max_features"]), preprocessor=base_fold)),
    ])
    return Pipeline([("features", features), ("model", LogisticRegression(
        C=float(w["C"]), max_iter=4000, class_weight=w.get("class_weight")))])


def train(examples: list[Example], x: np.ndarray, config: dict[str, Any], texts: Sequence[str] = (),
          x_sentence: np.ndarray | None = None) -> Heads:
    """Fit every head on the examples (rows of x are their vectors, `texts` their words, rows of x_sentence their
    vectors from the sentence encoders)."""
    params = config["classifier"]

    def model(head: str = "") -> LogisticRegression:
        own = {**params, **(params.get("per_head") or {}).get(head, {})}
        return LogisticRegression(C=float(own["C"]), max_iter=int(own["max_iter"]),
                                  class_weight=own.get("class_weight"))

    single = {}
    for head, allowed in config["heads"].items():
        rows, labels = _labels(examples, head, allowed)
        if len(set(labels)) > 1:
            single[head] = model(head).fit(x[rows], labels)
    acts = {}
    labelled = [i for i, ex in enumerate(examples) if isinstance(ex.get("acts"), list)]
    for act in config["multi_label"]["acts"]:
        y = [int(act in examples[i]["acts"]) for i in labelled]
        if 0 < sum(y) < len(y):
            acts[act] = model().fit(x[labelled], y)
    words = {}
    for head in config["words_view"]["heads"] if texts else []:
        rows, labels = _labels(examples, head, config["heads"][head])
        words[head] = words_view(config).fit([texts[i] for i in rows], labels)
    sentence = {}
    for head in config["sentence_heads"] if x_sentence is not None else []:
        rows, labels = _labels(examples, head, config["heads"][head])
        sentence[head] = model(head).fit(x_sentence[rows], labels)
    return Heads(single, acts, words, sentence)


def training_rows(examples: list[Example]) -> tuple[list[Example], list[str]]:
    """The texts the heads learn from: each message, and for multi-turn examples also the message read with
    its earlier turns (labelled with the message's kind only), so a request spread over turns is learned."""
    rows, texts = [], []
    for ex in examples:
        rows.append(ex)
        texts.append(ex["text"])
        if ex["history"]:
            rows.append({"kind": ex.get("kind")})
            texts.append(context_text(ex["history"], ex["text"]))
    return rows, texts


class Reader:
    """Reads messages into Situations. Build once per process; each message costs one batch of encodings.

    The trained heads ship in prompts/reading/model/reader.joblib with the fingerprint of the data and settings
    they were trained on (`python -m ingest --train-reader` writes it); if the data has changed since, the reader
    trains itself once (a few minutes) and keeps the result in the cache folder.
    """

    def __init__(self, prompts_dir: Path, cache_dir: Path, encoders: Encoders | None = None) -> None:
        self.setup(prompts_dir, cache_dir, encoders)
        self.heads = self._heads()
        self.flags.load(cache_dir, self.train_flags)

    def setup(self, prompts_dir: Path, cache_dir: Path, encoders: Encoders | None = None) -> None:
        """Everything but the trained heads (training builds those)."""
        self.config = load_yaml(prompts_dir, "reading/reader.yaml")
        self.cues = CueReader(prompts_dir)
        self.encoders = encoders or Encoders.from_config(self.config)
        self._pictured_unsure = float(self.config["pictured_unsure_below"])
        self._adult_child_below = float(self.config["adult_victim_child_below"])
        self._question_victim_at_least = float(self.config["question_victim_at_least"])
        self.encode = self.encoders.features
        missing = set(self.config["sentence_encoders"]) - set(self.config["encoders"])
        if missing:
            raise ReadingDataError(f"reader.yaml: sentence_encoders {sorted(missing)} are not among its encoders")
        unknown = set(self.config["sentence_heads"]) - set(self.config["heads"])
        if unknown:
            raise ReadingDataError(f"reader.yaml: sentence_heads {sorted(unknown)} are not among its heads")
        self.data_dir = prompts_dir / "reading" / "data"
        self.model_path = prompts_dir / "reading" / "model" / "reader.joblib"
        self.cache_dir = cache_dir
        self.flags = Flags(self.config.get("flags") or {}, prompts_dir / "reading" / "flags",
                           self.model_path.with_name("flags.joblib"), lambda: list(self.data_dir.glob("*.jsonl")))
        self._read_one = lru_cache(maxsize=512)(self._read_message)

    def fingerprint(self) -> str:
        """What the trained heads depend on: the data, the training settings and the library version."""
        return trained.fingerprint({k: self.config[k] for k in TRAINING_SETTINGS}, self.data_dir.glob("*.jsonl"))

    def _heads(self) -> Heads:
        return trained.shipped_or_trained(self.model_path, self.cache_dir, "reader", "heads", self.fingerprint(),
                                          self.train)

    def train(self) -> Heads:
        examples, texts = training_rows(load_examples(self.data_dir))
        parts = self.encoders.vectors(texts)  # each text through each encoder once, for both feature sets
        x, x_sentence = (np.hstack([parts[name] for name in self.config[key]])
                         for key in ("encoders", "sentence_encoders"))
        return train(examples, x, self.config, texts, x_sentence)

    def train_flags(self) -> dict[str, LogisticRegression]:
        """Each flag (reader.yaml flags), on the reading examples labelled for its head and its own examples."""
        reading = load_examples(self.data_dir)
        rows = {name: [*head_examples(reading, flag["head"]), *flag_examples(self.flags.folder / name, name)]
                for name, flag in self.flags.config.items()}
        # every text through the encoders once, however many flags learn from it
        texts = list(dict.fromkeys(row.text for flag_rows in rows.values() for row in flag_rows))
        parts = self.encoders.vectors(texts)
        x = np.hstack([parts[encoder] for encoder in self.config["encoders"]])
        at = {text: i for i, text in enumerate(texts)}
        return {name: fit(flag, x[[at[row.text] for row in rows[name]]], [row.yes for row in rows[name]])
                for name, flag in self.flags.config.items()}

    def encode_sentences(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors from the sentence encoders (taken from the encoders' cache when already read)."""
        return self.encoders.features(texts, self.config["sentence_encoders"])

    def read_pieces(self, pieces: list[str]) -> list[Piece]:
        """Each question of a message that asks several: what it asks, read by the sentence heads. e5 is left out:
        the message was read whole with it, and on two cores it would add ~20 ms a piece to the answer."""
        if not pieces:
            return []
        names = self.config["sentence_encoders"]
        vectors = self.encoders.vectors(pieces, list(dict.fromkeys([*names, "minilm"])))
        asks = self.heads.sentence_labels("asks", np.hstack([vectors[name] for name in names]))
        said = [self.cues.asks_said(text) for text in pieces]
        # what a piece names outright outranks the head's vaguer guess, as for a whole message
        asks = [self.cues.asks_outranking(word, ask) for ask, word in zip(asks, said, strict=True)]
        return [Piece(text, ask, self.cues.status_asked(text), vectors["minilm"][i], word)
                for i, (text, ask, word) in enumerate(zip(pieces, asks, said, strict=True))]

    def save(self, heads: Heads) -> Path:
        """Write trained weights where they ship with the product."""
        self.model_path.parent.mkdir(parents=True, exist_ok=True)
        trained.save(self.model_path, "heads", self.fingerprint(), heads, compress=3)
        self.heads = heads
        return self.model_path

    def _read_message(self, text: str) -> Situation:
        """A message on its own: classifiers on the text, on any disguised reading of it, and — in a long
        text, where an instruction can hide — on each sentence; the most harmful reading counts (in a long text, a
        sentence or disguised reading only when it alone is clearly harmful)."""
        sentences = split_sentences(text)
        long_text = len(sentences) >= 3 and len(text.split()) > int(self.config["sentence_check_words"])
        # The message and its disguised readings; in a long message, its sentences and the disguised readings are
        # read by the cheaper sentence head instead (a long text rarely hides in leetspeak, and e5 would read it
        # whole again for each reading).
        lang = language(text)
        readings = [text, *([] if long_text else disguises(text, lang))]
        first, last = int(self.config["sentences_read"]["first"]), int(self.config["sentences_read"]["last"])
        ends = sentences if len(sentences) <= first + last else [*sentences[:first], *sentences[-last:]]
        parts_read = list(dict.fromkeys([*ends, *disguises(text, lang)])) if long_text else []
        wanted = {name: list(readings) for name in self.config["encoders"]}
        for name in self.config["sentence_encoders"]:
            wanted[name] = [*wanted[name], *parts_read]
        vectors = self.encoders.vectors_each(wanted)  # one round: e5 reads the message while the rest read it all
        whole = np.hstack([vectors[name][: len(readings)] for name in self.config["encoders"]])
        probs = self.heads.probabilities(whole, readings)
        scores = {head: rows[0] for head, rows in probs.items() if not head.startswith("act:")}
        flags = {name: float(p[0]) for name, p in self.flags.probabilities(whole[:1]).items()}
        if flags:
            scores["flags"] = flags
        harm = max(row.get("harmful", 0.0) for row in probs["kind"])
        parts = self.heads.sentence_harm(
            np.hstack([vectors[name][len(readings):] for name in self.config["sentence_encoders"]]),
            parts_read) if parts_read else []
        beside = self.config["sentence_harm_beside_whole"]
        if parts and max(parts) >= float(self.config["sentence_harm_at_least"]) and (
                harm >= float(beside["whole_at_least"]) or max(parts) >= float(beside["alone_at_least"])):
            harm = max(harm, *parts)
        acts = tuple(act.removeprefix("act:") for act, rows in probs.items()
                     if act.startswith("act:") and rows[0]["yes"] >= float(self.config["act_threshold"]))
        best = {head: max(row, key=row.get) for head, row in scores.items()}
        best["kind"] = kind_after_ties(scores["kind"], self.config["kind_ties"])
        cues = self.cues.read(text)
        situation = Situation(
            kind=best["kind"], asker=best["asker"], role=best["role"], pictured=best["pictured"],
            fake=best["fake"], topic=best["topic"], acts=acts, acts_read=acts, asks=best["asks"],
            asker_age=cues.asker_age,
            pictured_age=cues.pictured_age, measures_named=cues.measures, place=cues.place, sections=cues.sections,
            measures_by_section=cues.measures_by_section,
            lookup=cues.lookup, claim_check=cues.claim_check, open_question=cues.open_question,
            permission=cues.permission, opinion=cues.opinion,
            law_asked=cues.law_question or cues.permission or bool(cues.asks or cues.asks_other or cues.asks_status),
            asks_said=cues.asks, other_area=cues.other_area, not_sexual=cues.not_sexual, intent_told=cues.intent_told,
            circumstances=cues.circumstances, told_now=cues.circumstances, refers_back=cues.refers_back,
            things_named=cues.things_named,
            close_device=cues.close_device, someone_close=cues.someone_close, adult_accused=cues.adult_accused,
            also_status=cues.asks_status,
            new_subject=cues.new_subject,
            asker_said=bool(cues.asker) or cues.asker_age is not None,
            safeguarding_lead=cues.safeguarding_lead, outside_school=cues.outside_school,
            subject_named=cues.subject_named, other_country=cues.other_country,
            lang=lang,
            words=len(text.split()),
            scores=scores,
            harm=harm, decided_by="classifiers",
        )
        if cues.harm_rule:  # a request for harm stated in so many words (cues.yaml harm_rules)
            situation = replace(situation, harm=max(situation.harm, self.cues.harm_floor),
                                decided_by=f"rule:{cues.harm_rule}")
        elif cues.takedown and situation.harm < float(self.config["takedown_harm_below"]):
            # "can they take the photo of my son off the site?": asking for an image to be taken down is
            # asking for help, whatever half-reading of harm its words ("get", "picture", "my child") raise.
            situation = replace(situation, harm=min(situation.harm, float(self.config["takedown_harm_to"])),
                                kind="help" if situation.kind == "harmful" else situation.kind,
                                decided_by="rule:takedown")
        elif cues.testing_question and situation.harm < float(self.config["testing_harm_below"]) \
                and situation.kind != "harmful":
            # "would stress-testing our generator for this break the law?": a question about the law on testing
            # AI models (its own measure in the law model), that the kind head reads as a question too and that asks
            # for no prompts, examples, lists or images (cues.yaml testing_question unless).
            situation = replace(situation, harm=min(situation.harm, float(self.config["takedown_harm_to"])),
                                decided_by="rule:testing_question")
        if cues.danger or scores["role"]["danger"] >= float(self.config["danger_threshold"]):
            situation = replace(situation, role="danger")
        situation = replace(situation, role=self.flags.role(flags, situation.kind, situation.role))
        if set(cues.acts) - set(situation.acts):  # verbs the message uses outright, which the classifier missed
            situation = replace(situation, acts=tuple(dict.fromkeys((*situation.acts, *cues.acts))))
        if set(cues.negated_acts) & set(situation.acts):  # "not possessing, making": only the act done counts
            situation = replace(situation, acts=tuple(a for a in situation.acts if a not in cues.negated_acts))
        if cues.circumstances and situation.role != "victim":  # "someone sent me one": the writer has it
            situation = replace(situation, acts=self.cues.own_acts(situation.acts, cues.circumstances))
        told = set(self.cues.own_acts((), cues.circumstances)) if cues.circumstances else set()
        said = [a for a in cues.acts if a in situation.acts] + [a for a in situation.acts if a in told]
        situation = replace(situation, acts_said=tuple(dict.fromkeys(said)))
        guessed = situation.asks
        other_language_ask = False
        if self.cues.asks_outranking(cues.asks, situation.asks) != situation.asks:  # "what defences are there?"
            situation = replace(situation, asks=cues.asks)
        elif (cues.asks_other and situation.lang != "en"
              and situation.asks in self.cues.asks_other_overrides[cues.asks_other]):
            situation = replace(situation, asks=cues.asks_other)
            other_language_ask = True
        if cues.dated_act and not situation.also_status and situation.asks in self.config["dated_act_asks"]:
            # "were cartoons kept in 2006 illegal then?": since when the law applies decides it
            situation = replace(situation, also_status="since")
        situation = self._apply_cues(situation, cues)
        if other_language_ask and situation.asks == "defences" and situation.role == "victim":
            # "¿qué defensa tengo?" from someone harmed asks what protects them, not the defences of whoever has
            # their images: the other languages' word for a defence is also their word for protection.
            situation = replace(situation, asks=guessed)
        return situation

    @staticmethod
    def _asking_the_law(s: Situation) -> dict[str, str]:
        """Nobody in the message is harmed, found or did it (a class taught, a site's team, a non-sexual picture): a
        disclosure or plea for help read so far asks what the law says."""
        return {"role": "none", "kind": "question" if s.kind in {"disclosure", "help"} else s.kind}

    @staticmethod
    def _surer_grown_up(s: Situation, young: bool) -> bool:
        """Is the pictured head surer that the one pictured is grown up than the asker head is that a young
        person writes? (For a writer who is the one pictured.)"""
        adult = s.scores.get("pictured", {}).get("adult", 0.0)
        return young and adult > s.scores.get("asker", {}).get("young_person", 0.0)

    def _apply_cues(self, s: Situation, cues: Cues) -> Situation:
        """What a message says outright outranks the classifiers' guesses: who is asking ("teacher here"), ages,
        that someone named by an adult's role ("our maths teacher") is an adult and that a young person's
        schoolmate is a child."""
        peer, asker, self_pictured = cues.peer, cues.asker, cues.self_pictured
        changes: dict[str, Any] = {}
        if cues.image_kind and s.fake != cues.image_kind and not (cues.image_kind == "fake" and s.fake == "drawn"):
            changes["fake"] = cues.image_kind  # "it's AI so it doesn't count": what it says, not the guess
        if cues.image_kind and changes.get("fake", s.fake) == cues.image_kind:
            changes["fake_said"] = True
        if cues.found_other_languages and s.lang != "en" and not self_pictured and s.role in {"victim", "none"} \
                and "parent" not in {s.asker, cues.asker}:
            # "encontré imágenes de abuso en un foro": the writer came across them (the found flag is trained on
            # English far more than on other languages)
            changes["role"] = "found"
        if cues.teaching and not cues.danger and not self_pictured and s.role != "danger":
            # A class being taught the law is a question: nobody in it is a victim, a finder or someone who did it.
            changes.update(self._asking_the_law(s))
        elif cues.at_work and changes.get("role", s.role) == "victim" and not self_pictured \
                and "parent" not in {s.asker, cues.asker} and not cues.someone_close:
            # Someone asking for the site or team they work for ("we host user uploads: must we take it down?")
            # asks what the law asks of them; the harm is someone else's, told of in general.
            changes.update(self._asking_the_law(s))
        elif s.kind == "question" and changes.get("role", s.role) == "victim" and not self_pictured \
                and not cues.circumstances \
                and s.asker != "parent" \
                and s.scores.get("role", {}).get("victim", 1.0) < self._question_victim_at_least:
            # A plain question that the role head only half thinks is from someone harmed, telling nothing of an
            # image of the writer or sent to them, asks about the law: no "I'm sorry this is happening" — unless a
            # parent asks it, whose child's harm is theirs.
            changes["role"] = "none"
        asker_child = self.cues.is_child(s.asker_age)
        if asker and asker_child is not True:
            changes["asker"] = asker
        if asker_child is True and s.asker != "young_person":
            # a writer who gives their own age as under 18 is a young person, whatever role the head guessed
            changes["asker"] = "young_person"
        elif asker_child is False and s.asker == "young_person":
            changes["asker"] = "adult"
        pictured_child = self.cues.is_child(s.pictured_age)
        writer = changes.get("asker", s.asker)
        if self_pictured and cues.age_then is not None:
            # "an old video of me, back when I was 14": the one pictured is the writer, as old as they were then.
            changes["pictured"] = "child" if self.cues.is_child(cues.age_then) else "adult"
            changes["pictured_age"] = cues.age_then
        elif self_pictured and writer in {"teacher", "parent", "adult", "young_person"}:
            # "some Year 11s made a deepfake of me": the writer is the one pictured, as old as the writer; the
            # ages given are those of whoever made it.
            young = writer == "young_person"
            if not (asker or asker_child is not None) and self._surer_grown_up(s, young):
                # Nothing says who is writing, and the pictured head is surer the one pictured (the writer) is grown
                # up than the asker head is that a young person writes ("a fake of me passed round the school mums'
                # group"): the writer is an adult.
                young = False
                changes["asker"] = "adult"
            changes["pictured"] = "child" if young else "adult"
            if pictured_child is not young:
                changes["pictured_age"] = None
        elif self_pictured and pictured_child is None:
            # …and when who is writing is not known, neither is the age of the one pictured: a guess that they
            # are a child is a guess about the writer, which the asker head did not make.
            changes["pictured"] = "unknown"
        elif cues.pictured_child and not self_pictured and (pictured_child is False or s.pictured == "adult"):
            # "my brother is 30 and has photos of little children": images described as images of children picture
            # children, whatever the pictured head guessed; a grown-up's age given is someone else's.
            changes["pictured"] = "child"
            if pictured_child is False:
                changes["pictured_age"] = None
        elif cues.pictured_adult and not self_pictured:
            # A 15-year-old who faked his coach: the person pictured is the adult; a child's age given is the
            # age of whoever made it.
            changes["pictured"] = "adult"
            if pictured_child:
                changes["pictured_age"] = None
        elif pictured_child is not None:
            changes["pictured"] = "child" if pictured_child else "adult"
        elif "sent_to_writer" in cues.circumstances and "send_genitals" in s.acts and not peer \
                and writer in {"teacher", "parent", "adult"}:
            # A genital picture sent to an adult writer ("a parent keeps sending me…"): the one harmed is the writer,
            # an adult; no child is named.
            changes["pictured"] = "adult"
        elif changes.get("role", s.role) == "victim" and writer == "adult" and (
                asker_child is False or s.scores.get("pictured", {}).get("child", 0.0) < self._adult_child_below):
            # "I'm 24 and someone at work made one": a grown-up who gives their own age as the one harmed, with no
            # child's age or role named, is the one pictured, whatever the classifier guessed; so is a grown-up
            # writer the classifiers read as harmed, unless the pictured head is sure a child is pictured (in the
            # reading examples, 402 of 425 grown-up writers harmed are pictured themselves; the head leans to
            # "child", which most examples picture, in languages other than English).
            changes["pictured"] = "adult"
        elif s.role == "victim" and asker_child is not None and s.pictured == "unknown":
            changes["pictured"] = "child" if asker_child else "adult"
        elif peer and changes.get("asker", s.asker) in {"young_person", "teacher"} and not cues.teaching:
            # a schoolmate is a child — not the class a lesson is for ("my Year 10 lesson on deepfakes"), which
            # says nothing of who is pictured
            changes["pictured"] = "child"
        if self_pictured:
            changes["self_pictured"] = True
        if "send_genitals" in s.acts and "sent_to_them" in cues.circumstances and s.role in {"found", "none"}:
            # a stranger's genital photo arrived on the writer's phone: sending it is the offence, and the writer
            # is its victim
            changes["role"] = "victim"
        if s.role == "thoughts" and "threaten" in (*s.acts, *cues.acts) and not self_pictured:
            # someone being blackmailed or threatened with an image is harmed: the worry is for them, not about
            # anyone's sexual thoughts
            changes["role"] = "victim"
        if changes.get("role", s.role) == "victim" and changes.get("asker", s.asker) == "young_person" \
                and not self_pictured and cues.pictured_adult and changes.get("pictured", s.pictured) == "adult" \
                and not {"threaten", "send_genitals"} & {*s.acts, *cues.acts}:
            # A pupil telling of an image of a grown-up named by who they are ("a lad faked our PE teacher") is not
            # the one pictured: a young writer cannot be an adult shown. They ask about the law as a bystander;
            # sympathy and help for the one harmed are not theirs. (An adult's age alone says less: it may be the age
            # of whoever is pressing the writer for images.)
            changes["role"] = "none"
        if cues.not_sexual and changes.get("role", s.role) in {"victim", "none"} and not cues.danger \
                and not {"threaten", "send_genitals"} & {*s.acts, *cues.acts}:
            # an edited picture said to be "nothing sexual": no intimate image, so not the harm these laws and their
            # help are for; what was asked is answered (or declined) as a question
            changes.update(self._asking_the_law(s))
        if cues.writer_did and s.role == "victim":
            changes["role"] = "did_it"  # "i posted a fake of my ex": the writer did it, to someone else
        elif cues.done_to_writer and s.role == "did_it":
            changes["role"] = "victim"  # "a workmate did this to me": done to the writer, not by them
        if self_pictured and s.role in {"none", "thoughts", "found"} and not cues.not_sexual:
            # "an edited picture of me", "my own photos": the writer is the person pictured, so the one harmed (not
            # someone who came across it, whoever showed it to them).
            changes["role"] = "victim"
        if changes.get("role", s.role) == "victim" and "sent_to_them" in cues.circumstances and not self_pictured \
                and changes.get("pictured", s.pictured) == "child" and not {"threaten", "send_genitals"} & set(s.acts):
            # A child's image that reached the writer (or their child) unasked, picturing someone else: they came
            # across it, and what the law says of having it (and its defence for what arrived unasked) is theirs.
            changes["role"] = "found"
        if "pictured" in changes:
            changes["pictured_said"] = True
        if changes.get("role", s.role) == "found" and not cues.close_device:
            changes.update(self._finders_acts(s, cues.passed_on))
        return replace(s, **changes) if changes else s

    def _finders_acts(self, s: Situation, passed_on: bool) -> dict[str, Any]:
        """Someone who came across images is asked about by what they did — having them, the law's word for it (a
        picture seen on a screen is on the device) — and what a sender posted or sent them arrived unasked (cues.yaml
        found_reading) — unless the writer passed it on too."""
        spec = self.cues.found_reading
        own = (*spec["acts"], *(spec["sender_acts"] if passed_on else ()))
        sent = bool(set(spec["sender_acts"]) & set(s.acts_said)) and not passed_on  # (else the sharing may be theirs)
        told = (spec["told"],) if sent and spec["told"] not in s.circumstances else ()
        return {"acts": own, "acts_said": tuple(a for a in s.acts_said if a in own),
                "circumstances": (*s.circumstances, *told), "told_now": (*s.told_now, *told)}

    def read(self, text: str, history: Sequence[dict[str, Any]] = ()) -> Situation:
        """The message read in its conversation: earlier user turns give a follow-up its missing parts."""
        turns = [str(h.get("content", "")) for h in history if h.get("role") == "user" and h.get("content")]
        turns = turns[-int(self.config["history_turns"]):]
        if turns:
            # The earlier turns and the message in one batch per encoder, before each is read on its own (and finds
            # its vectors read): e5 reads a few short texts together faster than one after another.
            self.encoders.vectors([*turns, text])
        earlier: Situation | None = None
        earlier_harm = 0.0
        for turn in turns:
            read = self._read_one(turn)
            earlier_harm = max(earlier_harm, read.harm)
            earlier = merge(earlier, self._follow(read, earlier is not None), self._pictured_unsure)
        own = self._read_one(text)
        if earlier is not None and self._unclear_on_its_own(own):
            # "and the fine?" reads as chat alone; with the question before it, it is a question — and "ok who do
            # I tell" after someone's story is a request for help.
            joined = self._read_one(context_text(history, text, turns=1))
            if joined.kind in {"question", "help", "disclosure"}:
                own = replace(own, kind="question" if joined.kind == "question" else "help", asks=joined.asks,
                              scores={**own.scores, "kind": joined.scores["kind"], "asks": joined.scores["asks"]})
        if earlier is not None and self._unsure_of_harm(own, earlier_harm):
            own = self._harm_in_conversation(own, history, text)
        now = merge(earlier, self._follow(own, earlier is not None), self._pictured_unsure)
        # An Act named in an earlier turn ("…under the Online Safety Act?") holds the offence the last reply explained;
        # a follow-up is about that offence, as if no law had been named (unless it points at the Act itself, below).
        acts_only = "measures_named" in now.carried and bool(now.measures_named) and \
            set(now.measures_named) <= set(self.cues.act_measures)
        if now.follow_up and own.pictured_age is None and (acts_only or not (now.measures_named or own.acts)):
            # "So when did that start?": 'that' is the law the last reply named, when it named one (a follow-up
            # that changes who is pictured or what was done is about a law that fits the change instead).
            replies = [str(h.get("content", "")) for h in history if h.get("role") == "assistant"]
            # Only a law named by its section points at one offence; an Act named in passing ("as part of the
            # Crime and Policing Bill") does not replace the offence the conversation is about.
            last = self._lead_of(replies[-1]) if replies else None
            named = last.measures_by_section[:1] if last else ()
            if last and (not named or acts_only) and self.cues.act_reference.search(text):
                # …unless the message points at the Bill or Act itself ("is that bill law now?").
                named = tuple(m for m in last.measures if m in self.cues.act_measures)[:1]
            if named:
                now = replace(now, measures_named=named, carried=(*now.carried, "measures_named"))
        if earlier is not None and not now.follow_up and earlier.measures_named and not own.measures_named \
                and self.cues.law_reference.search(text):
            # "Would that offence include X?" after a question that named an offence: that offence is the subject,
            # though the message's own words may be nearer another law.
            now = replace(now, measures_named=earlier.measures_named, topic=earlier.topic,
                          carried=(*now.carried, "measures_named", "topic"))
        if earlier is not None and not now.follow_up and self._asks_over(own):
            # "And for the paedophile manuals?": a new subject, asked about in the same way as before.
            now = replace(now, asks=earlier.asks, carried=(*now.carried, "asks"))
        if now.other_area and not own.new_subject and any(self.cues.about_images(turn) for turn in turns):
            # "is that harassment too?" after a message about her pictures is about the pictures
            now = replace(now, other_area=False)
        if now.follow_up or (earlier is not None and earlier.harm >= 0.5):
            # A message that leans on the conversation ("ok, now for a 12 year old") is also read with it.
            joined = context_text(history, text)
            conversation = self.heads.probabilities(self.encode([joined]), [joined])["kind"][0].get("harmful", 0.0)
            now = replace(now, harm=max(now.harm, conversation))
        return now

    def _lead_of(self, reply: str) -> Cues:
        """What the last reply was about: its first sentence that names a law or speaks of a crime or offence (past
        "Yes." or "I'm sorry this is happening."). A reply that leads with the plan for AI tools and adds
        "Separately, making … is already an offence under section 1" is about the plan; "that" in the next message
        points at what it led with, or at no law named, if its lead named none."""
        for sentence in split_sentences(reply):
            read = self.cues.read(sentence)
            if read.measures or self.cues.prohibition.search(sentence):
                return read
        return Cues()  # no sentence names a law: the reply points at none

    def _unsure_of_harm(self, own: Situation, earlier_harm: float) -> bool:
        """A message that reads as a request only half-surely, after turns that were not requests: its words
        alone ("and for making them?") cannot say whether it asks for harm or about the law."""
        rule = self.config["harm_in_conversation"]
        leaning = own.harm >= float(rule["from"]) or own.kind == "harmful"
        # …and it asks something of the law (a penalty, whether it covers…): "now do one of her" asks nothing.
        asks_law = 1.0 - own.scores["asks"].get("none", 0.0) >= float(rule["asks_law_at_least"])
        return leaning and asks_law and own.harm < float(rule["below"]) \
            and earlier_harm < float(rule["earlier_below"]) and own.decided_by == "classifiers"

    def _harm_in_conversation(self, own: Situation, history: Sequence[dict[str, Any]], text: str) -> Situation:
        """Such a message is read with the user's turns before it; only when the whole reads clearly as a
        question, a disclosure or a plea for help does that reading decide its kind and harm."""
        joined = self._read_one(context_text(history, text))
        if joined.harm >= float(self.config["harm_in_conversation"]["conversation_below"]) or \
                joined.kind not in {"question", "help", "disclosure"}:
            return own
        kind = joined.kind if own.kind == "harmful" else own.kind
        return replace(own, kind=kind, harm=joined.harm, decided_by="conversation",
                       scores={**own.scores, "kind": joined.scores["kind"]})

    def _unclear_on_its_own(self, s: Situation) -> bool:
        """A short message read as chat or off-topic without much confidence may lean on the conversation."""
        rule = self.config["read_with_context"]
        # …and so may a longer one that points back at it ("brilliant, thanks. and how many years for that?")
        short = s.words <= int(rule["max_words"]) or \
            (s.refers_back and s.words <= int(self.config["refers_back_question_words"]))
        return (s.kind in {"chat", "off_topic"} and short
                and s.confidence("kind") < float(rule["below"]) and not s.measures_named)

    def _asks_over(self, s: Situation) -> bool:
        """A short message whose question is unclear leans on the earlier one for what it asks."""
        short = s.words <= int(self.config["carry_asks"]["max_words"])
        unclear = s.confidence("asks") < float(self.config["carry_asks"]["below"]) or s.asks in {"none", "other"}
        return s.kind in {"question", "help"} and short and unclear

    def _follow(self, s: Situation, has_context: bool) -> Situation:
        """A message with no topic and no named measure, read after earlier turns, is a follow-up. One that
        clearly asks something about the law ("how long would he get") is a question, however short,
        even when on its own it reads like chat."""
        legal = s.asks not in {"none", "what_to_do", "other"} and \
            s.confidence("asks") >= float(self.config["follow_up_asks_at_least"])
        if has_context and s.kind == "chat" and legal:
            s = replace(s, kind="question")
        if has_context and s.refers_back and not s.measures_named and s.topic != "none" and \
                s.confidence("topic") < float(self.config["refers_back_topic_below"]):
            # "so when did that start?": its unsure topic guess gives way to the conversation's
            s = replace(s, topic="none")
        if has_context and s.kind == "disclosure" and s.refers_back and s.topic == "none" and \
                s.words <= int(self.config["refers_back_question_words"]):
            # "turns out she's 22 — does that change anything?": a short message that points back at the answer
            # asks about it, even when its words read like someone telling what happened.
            s = replace(s, kind="question")
        follow = has_context and s.topic == "none" and not s.measures_named and s.kind in {"question", "help"} \
            and not s.new_subject
        return replace(s, follow_up=follow) if follow != s.follow_up else s


def kind_after_ties(kinds: dict[str, float], tie: dict[str, Any]) -> str:
    """The kind read: the likeliest, except that off-topic or chat nearly tied with a question (reader.yaml
    kind_ties) is a question — a tie that a machine's rounding would otherwise settle."""
    best = max(kinds, key=kinds.get)
    if best in tie["kinds"] and kinds.get(tie["read_as"], 0.0) >= kinds[best] - float(tie["within"]):
        return str(tie["read_as"])
    return str(best)


def heldout_report(reader: Reader, folder: Path, harm_threshold: float = 0.5) -> dict[str, Any]:
    """Accuracy of each head on held-out examples (never trained or tuned on), with per-label recall, and how
    often a harmful request reaches the refusal threshold and a safe message does."""
    seen = {ex["text"].strip().lower() for ex in load_examples(reader.data_dir)}
    everything = load_examples(folder)
    # A message also in the training data ("hi", "are you a lawyer?") would flatter the figures: left out.
    examples = [ex for ex in everything if ex["text"].strip().lower() not in seen]
    report: dict[str, Any] = {"examples": len(examples), "left_out_as_in_training": len(everything) - len(examples)}
    # Every message through the encoders in one batch first (a third faster than one at a time), then read as usual.
    reader.encoders.vectors(list(dict.fromkeys(ex["text"] for ex in examples)))
    situations = [reader.read(ex["text"], ex["history"]) for ex in examples]
    pairs = list(zip(examples, situations, strict=True))
    harmful = [s.harm >= harm_threshold for ex, s in pairs if ex.get("kind") == "harmful"]
    safe = [s.harm >= harm_threshold for ex, s in zip(examples, situations, strict=True)
            if ex.get("kind") in {"question", "disclosure", "help"}]
    report["harm"] = f"{sum(harmful)}/{len(harmful)} harmful requests at or above {harm_threshold}"
    # Each flag (reader.yaml flags) on messages of the other roles it may replace: how often it alone would change
    # who the message is read as (999 for someone not in danger, the IWF for someone who found nothing).
    for name, flag in reader.flags.config.items():
        label, over = flag["head"].get("role"), flag.get("over_roles")
        others = [s.scores.get("flags", {}).get(name, 0.0) >= float(flag["at_least"]) for ex, s in pairs
                  if ex.get("role") and ex["role"] != label and (over is None or ex["role"] in over)]
        report[f"{name}_flag_on_other_roles"] = f"{sum(others)}/{len(others)} messages of other roles"
    report["false_harm_on_safe"] = f"{sum(safe)}/{len(safe)} questions, disclosures and help requests"
    # The sentence head, read on each held-out message as if it were a sentence of a longer one.
    bar = float(reader.config["sentence_harm_at_least"])
    texts = [ex["text"] for ex in examples]
    sentence = reader.heads.sentence_harm(reader.encode_sentences(texts), texts)
    caught = [p >= bar for ex, p in zip(examples, sentence, strict=True) if ex.get("kind") == "harmful"]
    over = [p >= bar for ex, p in zip(examples, sentence, strict=True)
            if ex.get("kind") in {"question", "disclosure", "help"}]
    report["sentence_harm"] = f"{sum(caught)}/{len(caught)} harmful requests at or above {bar}"
    report["sentence_false_harm_on_safe"] = f"{sum(over)}/{len(over)} questions, disclosures and help requests"
    # The sentence asks head, on the English messages it reads in use (each question of a message that asks several).
    english = [ex for ex in examples if ex.get("asks") and ex.get("lang", "en") == "en" and not ex["history"]]
    pieces = reader.read_pieces([ex["text"] for ex in english])
    right = sum(piece.asks == ex["asks"] for piece, ex in zip(pieces, english, strict=True))
    report["sentence_asks"] = {"accuracy": round(right / len(english), 3) if english else 0.0, "n": len(english)}
    for head in reader.config["heads"]:
        pairs = [(ex[head], getattr(s, head)) for ex, s in zip(examples, situations, strict=True) if ex.get(head)]
        if not pairs:
            continue
        per_label = {}
        for label in sorted({gold for gold, _ in pairs}):
            gold_rows = [p for g, p in pairs if g == label]
            recall = sum(p == label for p in gold_rows) / len(gold_rows)
            per_label[label] = {"n": len(gold_rows), "recall": round(recall, 3)}
        report[head] = {"accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3), "labels": per_label}
    return report
