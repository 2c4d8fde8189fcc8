"""Each policy rule and each help group, on Situations made by hand (no classifier involved)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plainlaw.help import Help
from plainlaw.policy import Policy
from plainlaw.prompts import Messages
from plainlaw.settings import ROOT
from plainlaw.situation import Situation, merge

PROMPTS = ROOT / "prompts"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy(PROMPTS)


@pytest.fixture(scope="module")
def help_() -> Help:
    return Help(PROMPTS)


@pytest.mark.parametrize(("situation", "action", "rule"), [
    (Situation(kind="question", harm=0.9), "refuse", "harmful_request"),
    (Situation(kind="question", harm=0.44), "answer", "question"),
    (Situation(kind="harmful", harm=0.44), "refuse", "read_as_a_harmful_request"),
    # …unless it asks the law in so many words, under the bar: answered
    (Situation(kind="harmful", harm=0.44, law_asked=True), "answer", "question"),
    (Situation(kind="harmful", harm=0.44, claim_check=True), "answer", "question"),
    (Situation(kind="harmful", harm=0.46, law_asked=True), "refuse", "harmful_request"),
    # another area of law, no image named: declined — but a clear request for harm is still refused
    (Situation(kind="question", other_area=True), "decline", "other_area_of_law"),
    (Situation(kind="off_topic", other_area=True), "decline", "other_area_of_law"),
    (Situation(kind="disclosure", role="victim", other_area=True), "help_first", "harm_to_the_writer"),
    (Situation(kind="question", role="danger", other_area=True), "help_first", "immediate_danger"),
    (Situation(kind="question", role="victim", other_area=True), "answer", "question"),
    (Situation(kind="question", other_area=True, measures_named=("legislation_cpa",)), "decline", "other_area_of_law"),
    (Situation(kind="disclosure", other_area=True), "decline", "other_area_of_law"),
    (Situation(kind="harmful", harm=0.9, other_area=True), "refuse", "harmful_request"),
    # a short message asking the penalty in so many words, half read as harmful: answered (harmful_request's unless)
    (Situation(kind="harmful", harm=0.48, law_asked=True, asks_said="penalty", words=9), "answer", "question"),
    (Situation(kind="harmful", harm=0.52, law_asked=True, asks_said="penalty", words=9), "refuse", "harmful_request"),
    (Situation(kind="harmful", harm=0.5, law_asked=True, asks_said="penalty", words=30), "refuse", "harmful_request"),
    (Situation(kind="harmful", harm=0.48, law_asked=True, asks_said="penalty", words=9, intent_told=True), "refuse",
     "harmful_request"),
    (Situation(kind="harmful", harm=0.5, law_asked=True, asks_said="legality", words=9), "refuse", "harmful_request"),
    (Situation(kind="disclosure", harm=0.46), "refuse", "harmful_request"),
    (Situation(kind="question", readable=False), "language_note", "unreadable_language"),
    (Situation(kind="question", role="danger"), "help_first", "immediate_danger"),
    (Situation(kind="disclosure", role="victim", asks="legality"), "help_first", "harm_to_the_writer"),
    (Situation(kind="help", role="thoughts", asks="legality"), "help_first", "harm_to_the_writer"),
    (Situation(kind="disclosure", role="found", asks="none"), "help_first", "asking_for_help"),
    (Situation(kind="help", role="did_it", asks="what_to_do"), "help_first", "asking_for_help"),
    (Situation(kind="disclosure", role="did_it", asks="legality"), "answer_then_help", "disclosure_with_a_question"),
    (Situation(kind="question", asks="what_to_do", role="victim"), "help_first", "how_to_get_help"),
    (Situation(kind="question", asker="young_person", role="victim"), "help_first", "young_person_own_case"),
    # asking whether what they did is a crime: answered first (help follows it, help_after_answer)
    (Situation(kind="question", asker="young_person", role="did_it", asks="legality"), "answer", "question"),
    (Situation(kind="question", asker="young_person", role="none"), "answer", "question"),
    (Situation(kind="question", asks="what_to_do", role="none"), "answer", "question"),
    (Situation(kind="chat"), "chat", "chat"),
    (Situation(kind="chat", words=8, scores={"kind": {"chat": 0.4, "off_topic": 0.35}}), "decline",
     "unsure_chat_that_asks_something"),
    (Situation(kind="chat", words=3, scores={"kind": {"chat": 0.4, "off_topic": 0.35}}), "chat", "chat"),
    (Situation(kind="chat", words=8, refers_back=True, scores={"kind": {"chat": 0.4}}), "chat", "chat"),
    (Situation(kind="chat", words=8, scores={"kind": {"chat": 0.9}}), "chat", "chat"),
    (Situation(kind="chat", measures_named=("manuals",)), "answer", "question"),
    (Situation(kind="off_topic"), "decline", "off_topic"),
    (Situation(kind="off_topic", known_terms=("evaw",), lookup=True), "answer", "question"),
    (Situation(kind="off_topic", known_terms=("yvette",), lookup=False), "decline", "off_topic"),
    (Situation(kind="question", topic="none", scores={"topic": {"none": 0.9}}), "decline", "nothing_the_law_covers"),
    (Situation(kind="question", topic="none", follow_up=True, scores={"topic": {"none": 0.9}}), "answer",
     "question"),
    (Situation(kind="question", topic="none", scores={"topic": {"none": 0.4}}), "answer", "question"),
    (Situation(kind="off_topic", measures_named=("legislation_cpa",)), "answer", "question"),
    (Situation(kind="off_topic", measures_named=("legislation_cpa",), subject_named=False), "decline",
     "another_part_of_a_law"),
    (Situation(kind="question", measures_named=("legislation_cpa",), subject_named=False), "answer", "question"),
    (Situation(kind="question", other_country=True), "decline", "other_countrys_law"),
    (Situation(kind="question", other_country=True, measures_named=("intimate_sharing",)), "answer", "question"),
    (Situation(kind="disclosure", role="victim", other_country=True), "help_first", "harm_to_the_writer"),
    (Situation(kind="help", role="none", opinion=True), "decline", "opinion_not_help"),
    (Situation(kind="help", role="victim", opinion=True), "help_first", "harm_to_the_writer"),
    (Situation(kind="question"), "answer", "question"),
])
def test_each_rule(policy: Policy, situation: Situation, action: str, rule: str) -> None:
    decision = policy.decide(situation)
    assert (decision.action, decision.rule) == (action, rule)


def test_the_refusal_threshold_is_read_from_the_table(policy: Policy) -> None:
    assert 0.3 <= policy.harm_threshold <= 0.7


@pytest.mark.parametrize(("situation", "expected"), [
    (Situation(role="victim"), True), (Situation(role="thoughts"), True), (Situation(role="danger"), True),
    (Situation(role="none"), False), (Situation(role="did_it"), False),
])
def test_help_comes_with_a_refusal_when_the_writer_is_at_risk(policy: Policy, situation: Situation,
                                                             expected: bool) -> None:
    assert policy.help_with_refusal(situation) is expected


@pytest.mark.parametrize(("situation", "expected"), [
    (Situation(asker="young_person", pictured="child"), True), (Situation(asker="parent", pictured="child"), True),
    (Situation(asker="teacher", pictured="child"), False), (Situation(asker="unknown", pictured="child"), False),
    (Situation(asker="adult", role="victim"), True), (Situation(asker="unknown", role="none"), False),
    (Situation(asker="parent", pictured="child", asks="legality"), True),
    (Situation(asker="parent", pictured="child", asks="status"), False),
    (Situation(asker="parent", pictured="child", asks="penalty"), False),
    (Situation(asker="parent", pictured="child", asks="penalty", role="did_it"), True),
])
def test_help_after_an_answer_only_where_it_fits(policy: Policy, situation: Situation, expected: bool) -> None:
    assert policy.help_after_answer(situation) is expected


def _harmful(pictured: str, topic: str, child: float) -> Situation:
    return Situation(kind="harmful", pictured=pictured, topic=topic,
                     scores={"pictured": {"child": child, "adult": 1 - child}})


@pytest.mark.parametrize(("situation", "expected"), [
    (_harmful("child", "child_images", 0.9), True),
    (_harmful("unknown", "child_images", 0.05), True),
    (_harmful("unknown", "none", 0.05), True),
    (_harmful("child", "deepfake_creation", 0.05), True),
    (_harmful("adult", "child_images", 0.05), True),
    (_harmful("adult", "intimate_sharing", 0.05), False),
    (_harmful("unknown", "deepfake_creation", 0.1), False),
    (_harmful("unknown", "cyberflashing", 0.0), False),
    # read as about an adult, but with a real chance that a child is pictured
    (_harmful("adult", "deepfake_creation", 0.2), True),
    (_harmful("unknown", "intimate_sharing", 0.15), True),
])
def test_stop_it_now_ends_a_refusal_unless_it_is_about_adults_only(policy: Policy, situation: Situation,
                                                                   expected: bool) -> None:
    assert policy.stop_it_now_with_refusal(situation) is expected


@pytest.mark.parametrize(("text", "first_turn", "key"), [
    ("hello", True, "chat_greeting"), ("thanks, that helped", False, "chat_thanks"),
    ("bye!", False, "chat_goodbye"), ("what can you do?", True, "chat_about"), ("ok", False, "chat_default"),
])
def test_chat_replies(policy: Policy, text: str, first_turn: bool, key: str) -> None:
    assert policy.chat_reply(text, first_turn) == key


@pytest.mark.parametrize(("situation", "first", "absent"), [
    (Situation(asker="young_person", role="victim", pictured="child"), ["childline", "report_remove", "ceop"],
     ["revenge_porn_helpline"]),
    (Situation(asker="adult", role="victim", pictured="adult"), ["revenge_porn_helpline", "police_101"],
     ["childline", "report_remove"]),
    (Situation(asker="parent", role="victim", pictured="child"), ["ceop", "nspcc_helpline", "report_remove"],
     ["revenge_porn_helpline"]),
    (Situation(asker="parent", role="victim", pictured="adult"), ["revenge_porn_helpline"], ["childline"]),
    (Situation(asker="teacher", role="victim", pictured="child"), ["school_dsl"], []),
    (Situation(asker="teacher", role="victim", pictured="adult"), ["school_dsl", "revenge_porn_helpline", "police_101"],
     ["childline", "report_remove"]),
    (Situation(asker="teacher", role="none", pictured="adult"), ["school_dsl", "revenge_porn_helpline"],
     ["childline", "report_remove"]),
    (Situation(asker="adult", role="found", pictured="child", close_device=True), ["stop_it_now", "police_101"],
     ["iwf", "childline"]),
    (Situation(asker="teacher", role="found", pictured="child", close_device=True), ["school_dsl"], []),
    (Situation(asker="parent", role="did_it", pictured="adult"), ["nspcc_helpline"],
     ["childline", "report_remove", "revenge_porn_helpline"]),
    (Situation(asker="young_person", role="none", pictured="adult"), ["childline"],
     ["report_remove", "revenge_porn_helpline"]),
    (Situation(asker="young_person", role="did_it", pictured="child"), ["childline", "report_remove"],
     ["stop_it_now"]),
    (Situation(asker="unknown", role="thoughts"), ["stop_it_now"], ["childline"]),
    # a young person worried about their own thoughts is a child: Childline first, then Stop It Now
    (Situation(asker="young_person", role="thoughts", pictured="child"), ["childline", "stop_it_now"],
     ["revenge_porn_helpline"]),
    (Situation(asker="teacher", role="thoughts"), ["school_dsl", "stop_it_now"], ["childline"]),
    # school staff sent an image of a pupil are not sent to the service for worries about sexual thoughts
    (Situation(asker="teacher", role="thoughts", pictured="child", circumstances=("sent_to_writer",)),
     ["school_dsl"], ["stop_it_now"]),
    # a parent worried about someone else's behaviour towards their child: help for adults worried about a child
    (Situation(asker="parent", role="thoughts", pictured="child"), ["nspcc_helpline", "ceop", "stop_it_now"],
     ["childline"]),
    (Situation(asker="parent", role="thoughts", pictured="unknown"), ["stop_it_now"], ["childline"]),
    (Situation(asker="adult", role="found"), ["iwf"], []),
    (Situation(asker="parent", role="found", pictured="child"), ["iwf", "ceop"], ["revenge_porn_helpline"]),
    (Situation(asker="teacher", role="found", pictured="child"), ["school_dsl", "iwf"], ["revenge_porn_helpline"]),
    (Situation(asker="young_person", role="found", pictured="child"), ["iwf", "childline"],
     ["revenge_porn_helpline"]),
    (Situation(asker="young_person", role="danger", pictured="child"), ["police_999", "childline"], []),
    (Situation(asker="adult", role="danger", pictured="adult", scores={"role": {"danger": 0.3, "victim": 0.6}}),
     ["police_999", "revenge_porn_helpline"], ["childline"]),
    (Situation(asker="unknown", role="danger", scores={"role": {"danger": 0.3, "thoughts": 0.5}}),
     ["police_999", "stop_it_now"], ["revenge_porn_helpline"]),
    # the writer is the one pictured: help as the one harmed, whatever the classifier's second guess
    (Situation(asker="adult", role="danger", pictured="adult", self_pictured=True,
               scores={"role": {"danger": 0.5, "none": 0.4}}),
     ["police_999", "revenge_porn_helpline"], ["stop_it_now"]),
    # in danger, with no other part leaned to: help as someone harmed, not 999 alone
    (Situation(asker="adult", role="danger", pictured="adult", scores={"role": {"danger": 0.6, "none": 0.4}}),
     ["police_999", "revenge_porn_helpline"], ["childline"]),
    (Situation(asker="unknown", role="victim", pictured="child"), ["childline"], ["revenge_porn_helpline"]),
    (Situation(asker="adult", role="victim", pictured="child"), ["nspcc_helpline", "ceop"], ["childline"]),
    (Situation(asker="adult", role="none", pictured="child"), ["nspcc_helpline"], ["childline", "report_remove"]),
    # a young person telling of an adult who was harmed: the adult's help, and someone to talk to themselves
    (Situation(asker="young_person", role="victim", pictured="adult", pictured_said=True, topic="intimate_sharing"),
     ["revenge_porn_helpline", "police_101", "childline"], ["report_remove", "ceop"]),
    # …but a young person sent a man's genital picture is the one harmed: the help for a young person
    (Situation(asker="young_person", role="victim", pictured="adult", pictured_said=True, topic="cyberflashing"),
     ["childline"], ["revenge_porn_helpline"]),
    # the IWF takes reports of images of children only: someone sent an adult's genital picture is not sent there
    (Situation(asker="adult", role="found", pictured="adult"), ["revenge_porn_helpline"], ["iwf"]),
    # an adult sent images of a child has come across abuse material: the IWF first; a parent's child sent them
    # is the parent's case
    (Situation(asker="adult", role="victim", pictured="child", circumstances=("sent_to_them",)), ["iwf"],
     ["childline", "report_remove"]),
    (Situation(asker="parent", role="victim", pictured="child", circumstances=("sent_to_them",)), ["ceop"], []),
    # the safeguarding lead is not told to tell their DSL: they report, so the police come first
    (Situation(asker="teacher", role="victim", pictured="child", safeguarding_lead=True), ["police_101", "ceop"],
     ["school_dsl"]),
    (Situation(asker="teacher", role="found", pictured="child", safeguarding_lead=True), ["iwf", "police_101"],
     ["school_dsl"]),
    (Situation(asker="teacher", role="thoughts", safeguarding_lead=True), ["stop_it_now", "police_101"],
     ["school_dsl"]),
    # someone working with young people outside a school has no school DSL
    (Situation(asker="teacher", role="victim", pictured="child", outside_school=True),
     ["org_safeguarding_lead", "ceop", "nspcc_helpline"], ["school_dsl"]),
    (Situation(asker="teacher", role="none", pictured="adult", outside_school=True),
     ["org_safeguarding_lead", "revenge_porn_helpline", "police_101"], ["school_dsl", "childline"]),
    # an adult worried about someone close to them: Stop It Now, and the NSPCC for adults worried about a child
    (Situation(asker="adult", role="thoughts", pictured="child", someone_close=True),
     ["stop_it_now", "nspcc_helpline"], ["childline", "revenge_porn_helpline"]),
    (Situation(asker="adult", role="thoughts", pictured="child"), ["stop_it_now"], ["childline", "nspcc_helpline"]),
])
def test_help_that_fits_the_person(help_: Help, situation: Situation, first: list[str], absent: list[str]) -> None:
    chosen = [s.id for s in help_.choose(situation).services]
    assert chosen[: len(first)] == first
    assert not set(absent) & set(chosen)


@pytest.mark.parametrize("asker", ["young_person", "parent", "adult"])
def test_sympathy_for_harm_is_only_for_someone_read_as_harmed(help_: Help, asker: str) -> None:
    pictured = "adult" if asker == "adult" else "child"
    harmed = help_.choose(Situation(asker=asker, role="victim", pictured=pictured))
    asking = help_.choose(Situation(asker=asker, role="none", pictured=pictured))
    shown = help_.choose(Situation(asker=asker, role="none", pictured=pictured, self_pictured=True))
    messages = Messages(PROMPTS)
    assert "sorry" in messages(harmed.empathy).lower()
    assert "sorry" not in messages(asking.empathy).lower()
    assert harmed.services == asking.services  # the same help, only the first line changes
    assert asker == "parent" or "sorry" in messages(shown.empathy).lower()  # an image of the writer is harm told


def test_every_service_links_to_its_own_page(help_: Help) -> None:
    own = {"childline": "childline.org.uk", "ceop": "ceop.police.uk", "revenge_porn_helpline":
           "revengepornhelpline.org.uk", "stop_it_now": "stopitnow.org.uk", "iwf": "iwf.org.uk",
           "report_remove": "childline.org.uk", "nspcc_helpline": "nspcc.org.uk", "police_999": "police.uk"}
    for sid, domain in own.items():
        assert domain in help_.services[sid].url
    assert help_.services["childline"].tel == "08001111"
    assert help_.services["revenge_porn_helpline"].tel == "03456000459"


def test_a_follow_up_keeps_the_offence_and_asks_its_own_question() -> None:
    earlier = Situation(topic="child_images", acts=("possess",), pictured="child", asks="legality",
                        scores={"topic": {"child_images": 0.9}})
    now = merge(earlier, Situation(topic="none", asks="penalty", follow_up=True, scores={"topic": {"none": 0.8}}))
    assert (now.topic, now.acts, now.pictured, now.asks) == ("child_images", ("possess",), "child", "penalty")
    assert now.scores["topic"] == {"child_images": 0.9}


@pytest.mark.parametrize(("asks", "kept"), [("scope", "penalty"), ("legality", "penalty"), ("status", "status")])
def test_a_short_follow_up_that_gives_an_age_asks_the_earlier_question_again(asks: str, kept: str) -> None:
    earlier = Situation(topic="child_images", pictured="child", asks="penalty")
    now = merge(earlier, Situation(topic="none", asks=asks, follow_up=True, pictured="adult", pictured_age=19,
                                   words=5))
    assert now.asks == kept


def test_a_follow_up_with_an_age_changes_who_is_pictured() -> None:
    earlier = Situation(topic="deepfake_creation", pictured="child", pictured_age=15)
    now = merge(earlier, Situation(topic="none", pictured="adult", pictured_age=19, follow_up=True))
    assert (now.topic, now.pictured, now.pictured_age) == ("deepfake_creation", "adult", 19)


@pytest.mark.parametrize(("age", "pictured", "role"), [(21, "adult", "none"), (13, "child", "victim")])
def test_a_what_if_about_someone_older_or_younger_does_not_carry_the_harm_told(age: int, pictured: str,
                                                                                role: str) -> None:
    earlier = Situation(topic="child_images", pictured="child", pictured_age=15, role="victim")
    now = merge(earlier, Situation(topic="none", role="none", pictured=pictured, pictured_age=age, follow_up=True,
                                   asks="legality", words=5))
    assert now.role == role
    # a longer follow-up that asks something in particular (the penalty) goes on with the story told
    told = merge(earlier, Situation(topic="none", role="none", pictured=pictured, pictured_age=age, follow_up=True,
                                    asks="penalty", words=11))
    assert told.role == "victim"


@pytest.mark.parametrize(("said", "pictured"), [(False, "adult"), (True, "child")])
def test_only_a_follow_up_that_says_who_is_pictured_changes_it(said: bool, pictured: str) -> None:
    earlier = Situation(topic="intimate_sharing", pictured="adult", pictured_said=True)
    now = merge(earlier, Situation(topic="none", pictured="child", pictured_said=said, follow_up=True))
    assert now.pictured == pictured


@pytest.mark.parametrize(("guess", "sure", "said", "pictured"), [
    ("child", 0.45, False, "adult"),   # an unsure guess gives way to what an earlier turn said
    ("child", 0.85, False, "child"),   # a sure reading of the new message stands
    ("child", 0.45, True, "child"),    # and so does what the new message says outright
])
def test_a_new_subject_keeps_who_was_said_to_be_pictured_over_an_unsure_guess(guess: str, sure: float, said: bool,
                                                                             pictured: str) -> None:
    earlier = Situation(topic="deepfake_creation", pictured="adult", pictured_said=True)
    now = Situation(topic="intimate_sharing", pictured=guess, pictured_said=said, follow_up=False,
                    scores={"pictured": {guess: sure}})
    assert merge(earlier, now, pictured_unsure_below=0.6).pictured == pictured
    assert merge(Situation(topic="deepfake_creation", pictured="adult"), now, 0.6).pictured == guess


@pytest.mark.parametrize(("topic", "pictured"), [("child_images", "child"), ("intimate_sharing", "adult")])
def test_a_message_on_the_same_topic_keeps_who_was_said_to_be_pictured(topic: str, pictured: str) -> None:
    earlier = Situation(topic="child_images", pictured="child", pictured_age=14, pictured_said=True)
    now = Situation(kind="help", topic=topic, pictured="adult", follow_up=False, scores={"pictured": {"adult": 0.9}})
    assert merge(earlier, now, pictured_unsure_below=0.6).pictured == pictured


def test_a_new_subject_keeps_only_who_is_asking() -> None:
    earlier = Situation(kind="disclosure", asker="parent", role="victim", topic="intimate_sharing")
    now = merge(earlier, Situation(kind="question", topic="legislation_cpa", follow_up=False))
    assert (now.asker, now.role, now.topic) == ("parent", "none", "legislation_cpa")


@pytest.mark.parametrize("follow_up", [True, False])
def test_someone_who_said_who_they_are_stays_that_person(follow_up: bool) -> None:
    earlier = Situation(asker="teacher", asker_said=True, topic="cyberflashing")
    now = merge(earlier, Situation(asker="young_person", topic="none", follow_up=follow_up))
    assert now.asker == "teacher" and now.asker_said


@pytest.mark.parametrize(("follow_up", "asker"), [(True, "teacher"), (False, "young_person")])
def test_a_follow_ups_guess_of_who_is_asking_gives_way_to_the_conversations(follow_up: bool, asker: str) -> None:
    earlier = Situation(asker="teacher", topic="child_images")
    now = merge(earlier, Situation(asker="young_person", topic="none" if follow_up else "cyberflashing",
                                   follow_up=follow_up))
    assert now.asker == asker
    assert merge(Situation(asker="unknown"), Situation(asker="parent", follow_up=True)).asker == "parent"


@pytest.mark.parametrize("follow_up", [True, False])
def test_where_someone_works_holds_while_they_are_the_same_person(follow_up: bool) -> None:
    earlier = Situation(asker="teacher", asker_said=True, safeguarding_lead=True, outside_school=True)
    now = merge(earlier, Situation(asker="teacher", topic="none", follow_up=follow_up))
    assert now.safeguarding_lead and now.outside_school
    assert not merge(earlier, Situation(asker="parent", asker_said=True)).safeguarding_lead


def test_help_lines_in_a_setting_have_their_own_intro(help_: Help) -> None:
    messages = Messages(PROMPTS)
    school = help_.choose(Situation(asker="teacher", role="victim", pictured="child"))
    lead = help_.choose(Situation(asker="teacher", role="victim", pictured="child", safeguarding_lead=True))
    assert school.intro != lead.intro and "dsl" not in lead.intro
    assert "DSL" not in messages(lead.intro) and "DSL" in messages(school.intro)


def test_a_later_message_that_says_who_is_asking_changes_it() -> None:
    earlier = Situation(asker="teacher", asker_said=True)
    assert merge(earlier, Situation(asker="parent", asker_said=True)).asker == "parent"


def test_an_opinion_or_a_prediction_is_declined_even_when_it_names_a_law(policy: Policy) -> None:
    s = Situation(kind="question", opinion=True, measures_named=("legislation_osa",))
    assert policy.decide(s).action == "decline"
    assert policy.decide(replace(s, kind="disclosure", role="victim")).action != "decline"


@pytest.mark.parametrize("role", ["did_it", "victim", "none"])
def test_a_young_person_telling_of_their_own_situation_gets_help_first(policy: Policy, role: str) -> None:
    s = Situation(kind="disclosure", asker="young_person", role=role, asks="legality")
    # one with no part in what they tell, asking the law, is answered first and given the same help after it
    assert policy.decide(s).action == ("answer_then_help" if role == "none" else "help_first")
    assert policy.decide(replace(s, asks="what_to_do")).action == "help_first"
    # …and a young person harmed, asking a plain question about their own case, still gets someone to talk to
    # first; one asking whether what they did is a crime, or a general question, is answered first
    assert (policy.decide(replace(s, kind="question")).action == "help_first") is (role == "victim")
    assert policy.help_after_answer(replace(s, kind="question", pictured="child"))
