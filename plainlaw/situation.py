"""A message read as a situation: who is asking, who is pictured and how old, what was done, real or fake, and
what is being asked — plus the kind of message. Plain data; `merge` carries a follow-up's missing parts over
from the conversation's earlier situation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

KINDS = ("question", "harmful", "disclosure", "help", "chat", "off_topic")
ASKERS = ("young_person", "parent", "teacher", "adult", "unknown")
ROLES = ("victim", "did_it", "thoughts", "found", "danger", "none")
PICTURED = ("child", "adult", "unknown")
FAKE = ("real", "fake", "drawn", "unknown")
ASKS = ("legality", "penalty", "status", "defences", "what_to_do", "definition", "figures", "scope", "who",
        "prosecution", "other", "none")


@dataclass
class Situation:
    """What one message (in its conversation) is about. Probabilities are kept for the record and the UI."""

    kind: str = "question"
    asker: str = "unknown"
    role: str = "none"
    pictured: str = "unknown"
    fake: str = "unknown"
    topic: str = "none"
    acts: tuple[str, ...] = ()
    acts_said: tuple[str, ...] = ()  # …of which, named in so many words ("made a fake of her and posted it")
    acts_read: tuple[str, ...] = ()  # the acts the classifier read, before the words were added
    asks: str = "none"
    asker_age: int | None = None
    pictured_age: int | None = None
    measures_named: tuple[str, ...] = ()  # measures named outright (a section number, an Act, a legal term)
    measures_by_section: tuple[str, ...] = ()  # …of which, named through a section number ("s.66F")
    place: str = ""  # the place named ("scotland"): where does the law apply there?
    sections: tuple[str, ...] = ()  # section numbers named
    words: int = 0  # how long the message is
    known_terms: tuple[str, ...] = ()  # rare words of the message that the sources also use ("Ray-Hill")
    lookup: bool = False  # asks who or what something is
    claim_check: bool = False  # asks whether someone else's claim is right
    open_question: bool = False  # asks what, how or which, not whether: no "Yes." or "No." opens the answer
    permission: bool = False  # asks whether something is allowed (so "it is a crime" answers "No.")
    law_asked: bool = False  # asks something of the law in so many words ("is that a crime?", "what's the penalty?")
    not_sexual: bool = False  # says the image is not sexual ("fully clothed"): no intimate image is in question
    intent_told: bool = False  # tells what the writer means to do or has done ("i'll use a vpn")
    other_area: bool = False  # names another area of law, and no image or anything sexual (cues.yaml)
    asks_said: str = ""  # what it asks, when named in so many words (cues.yaml asks_words: "penalty"…), else ""
    opinion: bool = False  # asks for an opinion or a prediction (out of scope)
    circumstances: tuple[str, ...] = ()  # told outright: an image sent unasked, never opened, deleted…
    also_status: str = ""  # also asks, in so many words, whether it is law "now" or "since" when ("…, and…?")
    told_now: tuple[str, ...] = ()  # …of which, told in this message itself ("but I deleted it?")
    refers_back: bool = False  # points back at what was just said ("has that passed yet?")
    things_named: tuple[str, ...] = ()  # kinds of thing named outright: image, tool, manual, site, device
    close_device: bool = False  # what was found is on the device of someone close to the writer
    someone_close: bool = False  # names someone close to the writer, whose behaviour may be what worries them
    adult_accused: bool = False  # an adult is named as the one charged or arrested
    self_pictured: bool = False  # the writer says the image is of them ("a fake video of me")
    new_subject: bool = False  # says it changes the subject: never a follow-up
    fake_said: bool = False  # the kind of image comes from the message's own words ("a cartoon", "AI-made")
    pictured_said: bool = False  # who is pictured comes from the message's own words (an age, "our teacher", "me")
    asker_said: bool = False  # who is asking comes from the message's own words ("teacher here", "I'm 15")
    subject_named: bool = True  # names what this product is about: images, deepfakes, nudes, abuse (cues.yaml)
    safeguarding_lead: bool = False  # the writer is the safeguarding lead ("I'm the DSL"): not told to tell their DSL
    outside_school: bool = False  # the writer works with young people outside a school (a youth worker, a coach)
    other_country: bool = False  # names a country outside the UK and nothing of the UK: asks about another law
    lang: str = "en"
    readable: bool = True
    follow_up: bool = False
    carried: tuple[str, ...] = ()  # fields carried over from the earlier situation
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    harm: float = 0.0  # the highest probability of a harmful request, on the message or the conversation
    decided_by: str = ""

    @property
    def named_acts(self) -> tuple[str, ...]:
        """The acts the message names in words when it names any, else the classifier's."""
        return self.acts_said or self.acts

    @property
    def own_young_case(self) -> bool:
        """A young person writing about something done to them, by them, or that they came across: help comes
        before any law, and adults' maximums are not given unasked (the sources say nothing of how under-18s are
        dealt with). The same roles as policy.yaml's young_person_own_case."""
        return self.asker == "young_person" and self.role in {"victim", "did_it", "found"}

    @property
    def received(self) -> bool:
        """Told that what they ask about was sent to them (or to the writer): it reached them unasked."""
        return bool({"sent_to_them", "sent_to_writer"} & set(self.circumstances))

    def acts_for(self, law_acts: tuple[str, ...]) -> tuple[str, ...]:
        """The acts a law's statements are matched against: those the message names in words that this law speaks
        of ("the maximum for making one" is not answered with the maximum for having one because the classifier
        also read possession), else the reader's (a verb in another sense, "make people hand over phones", names
        no act of that law)."""
        return tuple(a for a in self.acts_said if a in law_acts) or self.acts

    def confidence(self, head: str) -> float:
        """The classifier's probability for the label this situation holds for a head."""
        value = getattr(self, head)
        return self.scores.get(head, {}).get(value, 0.0) if isinstance(value, str) else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


AGE_ONLY_WORDS = 8  # a follow-up this short that gives an age ("and if he was 17?") only changes the age…
VAGUE_ASKS = {"scope", "definition", "other", "legality"}  # …unless it asks something in particular (a penalty)


def merge(earlier: Situation | None, now: Situation, pictured_unsure_below: float = 0.0) -> Situation:
    """Read `now` in the light of the conversation's earlier situation.

    A follow-up (no topic of its own, no measure named) keeps the earlier topic, measures, acts, what is
    pictured and, unless it says otherwise, who is pictured; an age it gives replaces the earlier one, and it
    asks its own question ("what's the max penalty?" keeps the offence). A message with a topic of its own
    starts a new subject: only who is asking carries over, so an unrelated question after a disclosure is
    not answered with the disclosure's help — and who is pictured, when an earlier turn said so outright and
    this message only guesses, less surely than `pictured_unsure_below` ("a fake of me" at work, then "and
    whoever made them?": still an adult) or about the same topic ("she's 14", then "can she report it herself?").
    """
    if earlier is None:
        return now
    carried: list[str] = []
    asker, asker_age = now.asker, now.asker_age
    if (earlier.asker_said or (now.follow_up and earlier.asker != "unknown")) and not now.asker_said \
            and asker != earlier.asker:
        # Someone who said who they are ("teacher here") stays that person: a later guess does not change them. Nor
        # does a follow-up's ("and the ones who were sent it?"): its few words say less of who writes than the
        # conversation did.
        asker, asker_age = earlier.asker, asker_age or earlier.asker_age
        carried.append("asker")
    elif asker == "unknown" and earlier.asker != "unknown":
        asker, asker_age = earlier.asker, asker_age or earlier.asker_age
        carried.append("asker")
    # Where someone said they work ("I'm the DSL", "youth worker here") holds while they are the same person.
    setting = {flag: getattr(now, flag) or (getattr(earlier, flag) and asker == earlier.asker)
               for flag in ("safeguarding_lead", "outside_school")}
    if not now.follow_up:
        pictured: dict[str, Any] = {}
        if earlier.pictured_said and not now.pictured_said and now.pictured_age is None \
                and now.pictured != earlier.pictured and (now.confidence("pictured") < pictured_unsure_below
                                                          or now.topic == earlier.topic != "none"):
            pictured = {"pictured": earlier.pictured, "pictured_age": earlier.pictured_age, "pictured_said": True}
            carried.append("pictured")
        return replace(now, asker=asker, asker_age=asker_age, asker_said=now.asker_said or earlier.asker_said,
                       carried=tuple(carried), **setting, **pictured)
    changes: dict[str, Any] = {"asker": asker, "asker_age": asker_age,
                               "asker_said": now.asker_said or earlier.asker_said, **setting}
    scores = dict(now.scores)
    for name in ("topic", "measures_named", "measures_by_section", "acts", "acts_said", "acts_read"):
        if not getattr(now, name) or getattr(now, name) == "none":
            changes[name] = getattr(earlier, name)
            carried.append(name)
            if name in earlier.scores:
                scores[name] = earlier.scores[name]
    changes["scores"] = scores
    # A short what-if that moves who is pictured to the other age group ("and if she were 20?") after a story of harm
    # is about someone else, not more of the story, so the harm told earlier is not carried into it.
    what_if = now.pictured_age is not None and now.pictured != earlier.pictured and earlier.role == "victim" \
        and now.words <= AGE_ONLY_WORDS and now.asks in VAGUE_ASKS
    for name, unknown in (("fake", "unknown"), ("role", "none")):
        if getattr(now, name) == unknown and getattr(earlier, name) != unknown and not (name == "role" and what_if):
            changes[name] = getattr(earlier, name)
            carried.append(name)
    if not now.pictured_said and now.pictured_age is None:
        # "And AI-made versions?" after a threat to an adult: a guess from a short follow-up's words does
        # not change who is pictured; only what it says outright (an age, "of me", "our teacher") does. It is
        # who the conversation said, or guessed as surely as it was then.
        if now.pictured != earlier.pictured:
            changes["pictured"] = earlier.pictured
            carried.append("pictured")
        changes["pictured_said"] = earlier.pictured_said
        if "pictured" in earlier.scores:
            scores["pictured"] = earlier.scores["pictured"]
    if now.pictured_age is None and earlier.pictured_age is not None and "pictured" in carried:
        changes["pictured_age"] = earlier.pictured_age
    if earlier.circumstances:  # "what if I deleted it?" after "someone sent me one": both still hold
        changes["circumstances"] = tuple(dict.fromkeys((*earlier.circumstances, *now.circumstances)))
    if now.asks == "none":
        changes["asks"] = earlier.asks
        carried.append("asks")
    elif now.pictured_age is not None and now.words <= AGE_ONLY_WORDS and now.asks in VAGUE_ASKS:
        # "What if she was 18?" asks the earlier question again for someone older or younger (after a story that
        # asked nothing, whether it is a crime), whatever a short message's words read like on their own.
        changes["asks"] = earlier.asks if earlier.asks != "none" else "legality"
        carried.append("asks")
    return replace(now, **changes, carried=tuple(carried))
