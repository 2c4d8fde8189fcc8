"""What the sources do not say (prompts/unsaid.yaml): each entry is true of the corpus, is recognised, leads the
reply, and leaves ordinary questions alone. Messages here are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainlaw.answer import NOT_COVERED
from plainlaw.unsaid import Unsaid, UnsaidError, load_gaps

ROOT = Path(__file__).resolve().parents[2]
GAPS = load_gaps(ROOT / "prompts")

ASKED = {
    "young_people_outcomes": "if a 13 year old is caught sharing a nude would they be cautioned by police",
    "sex_offenders_register": "would someone convicted of having AI abuse images become a registered sex offender",
    "image_categories": "which category A, B or C would an AI generated image fall into",
    "prosecution_figures": "how many men have been convicted of the deepfake sharing offence so far",
    "age_of_a_child": "up to what age is a young person protected by the indecent photographs law?",
    "pseudo_photograph_definition": "give me the statutory definition of a pseudo-photograph please",
    "platform_duties": "what does Ofcom make websites do about intimate image abuse",
    "police_process": "how long do the police take to look into a report about fake nudes",
    "victim_anonymity": "if i report my ex for sharing my pics will my name be in the papers",
    "time_limits": "is there a time limit for reporting my ex for sharing my nudes years ago",
    "suing_or_compensation": "can i sue the guy who made the deepfake for damages",
    "age_of_criminal_responsibility": "from what age can kids be charged for sending nudes",
    "school_duties": "is the school legally required to tell the police when pupils share nudes",
    "before_in_force": "is the offence of sharing intimate images without consent backdated to older cases?",
    "company_liability": "how much could a tech firm get fined if its tool makes these images",
    "other_figures": "what are the statistics on deepfakes of women in the UK",
}

ORDINARY = [
    "Could I be prosecuted for keeping an indecent image of a child on an old laptop?",
    "is sending an unwanted picture of my genitals to a stranger on a train a crime",
    "What's the most a court can give for owning a prohibited cartoon image of a child?",
    "when did sharing intimate images without consent become an offence",
    "my 15 year old daughter's photo is being shared by a boy at school, what can we do",
    "is it illegal to make a fake nude of a teacher",
    "what does 'intimate state' mean in the sharing offence",
    "what did the IWF say about AI images in 2024",
    "how many years in prison can you get for cyberflashing",
    "how many reports of AI abuse images did the IWF confirm",
    "what age is a child in the law on indecent photos",
    "my son's phone has a nude on it, is he in trouble",
    "can the police take my phone at the airport",
    "when does the time come that the offence starts",
    "how do I get my pic taken down off instagram",
    "my daughter has to delete it, right?",
    "are officers at the border now allowed to search phones for these images",
    "when did the law come in", "what was the law before 2024",
    "¿es delito compartir una foto falsa de mi compañera?", "ist das Teilen von Nacktbildern strafbar?",
    "posso denunciar o meu ex por partilhar as minhas fotos?", "qu'est-ce que je dois faire ?",
    "as an adult, is it illegal for me to have a cartoon image like this?",
    "how many reports of AI-made child abuse images did the watchdog get", "is the fine for this unlimited?",
    "I confiscated her phone in maths and found a nude on it; am I committing a crime by keeping it locked up?",
    "¿cuántos años de cárcel le pueden caer?", "ile lat więzienia grozi za to?", "combien de temps en prison ?",
    "does he have any previous convictions to date?",
]


@pytest.mark.parametrize(("message", "gap"), [
    ("how many people have actually been prosecuted for deepfakes", "prosecution_figures"),
    ("is there a number of prosecutions published anywhere", "prosecution_figures"),
    ("do victims get anonymity in these cases", "victim_anonymity"),
    ("could she get compensation from him", "suing_or_compensation"),
    ("whats the age of criminal responsibility", "age_of_criminal_responsibility"),
    ("is there a minimum age to be charged with this", "age_of_criminal_responsibility"),
    ("could a ten year old be prosecuted or is there a minimum age", "age_of_criminal_responsibility"),
    ("if it goes to court would her name get out", "victim_anonymity"),
    ("could my name end up in the papers if I report it", "victim_anonymity"),
    ("should i confiscate the phone", "school_duties"),
    ("are teachers allowed to confiscate phones if they think there's a nude on them", "school_duties"),
    ("as head of year am I allowed to search a pupil's phone for it", "school_duties"),
    ("is it too late to report it years later to the police", "time_limits"),
    ("can the government make a forum delete an image", "platform_duties"),
    ("do hosting companies face a deadline for removal?", "platform_duties"),
    ("tiktok must take my video down within a day?", "platform_duties"),
    ("doesn't the Online Safety Act force them to take it down quickly?", "platform_duties"),
    ("would a 13 year old who forwarded it get treated the same as an adult", "young_people_outcomes"),
    ("can teenagers really be arrested for sending pics", "young_people_outcomes"),
    ("could the app company be fined for it", "company_liability"),
    ("are there figures on sextortion of pupils in schools", "other_figures"),
    ("how many women have had fake nudes made of them", "other_figures"),
    ("revenge porn convictions stats for last year?", "prosecution_figures"),
    ("any data on arrests so far for the new offence", "prosecution_figures"),
    # the same gaps in the other languages the product answers
    ("¿mi hijo tendrá antecedentes penales por esto?", "young_people_outcomes"),
    ("aura-t-il un casier judiciaire ?", "young_people_outcomes"),
    ("kommt er dann ins Sexualstraftäterregister?", "sex_offenders_register"),
    ("ainda posso denunciar, ou já prescreveu?", "time_limits"),
    ("czy to się przedawnia?", "time_limits"),
    ("la víctima tiene derecho al anonimato?", "victim_anonymity"),
    ("posso chiedere un risarcimento?", "suing_or_compensation"),
    ("de la ce vârstă de răspundere penală poate fi acuzat?", "age_of_criminal_responsibility"),
    ("le site est-il obligé de supprimer la photo ?", "platform_duties"),
    ("¿cuántas personas han sido condenadas por esto en Inglaterra?", "prosecution_figures"),
    ("combien de personnes ont été poursuivies pour des deepfakes ?", "prosecution_figures"),
    ("wie viele Täter wurden bisher verurteilt?", "prosecution_figures"),
    ("ile osób zostało skazanych za takie zdjęcia?", "prosecution_figures"),
    ("英国有多少人因为这个被判刑？", "prosecution_figures"),
])
def test_the_same_gap_asked_in_other_words(message: str, gap: str) -> None:
    found = Unsaid(GAPS).match(message, None)
    assert found is not None and found.id == gap


@pytest.mark.parametrize("message", ["is a sixth former classed as a minor here",
                                     "what is the age of consent in England"])
def test_the_age_of_a_child_asked_in_other_words(message: str) -> None:
    found = Unsaid(GAPS).match(message, "child_images")
    assert found is not None and found.id == "age_of_a_child"
    assert Unsaid(GAPS).match(message, "intimate_sharing") is None  # only for the laws that turn on it


@pytest.mark.parametrize("message", ["he posted them before the offence came into force, can he still be charged",
                                     "does the law still apply if it happened back in 2020"])
def test_what_was_done_before_a_law_came_in_asked_in_other_words(message: str) -> None:
    found = Unsaid(GAPS).match(message, "intimate_sharing")
    assert found is not None and found.id == "before_in_force"
    assert Unsaid(GAPS).match(message, "prohibited_images") is None  # that law's sources say it is not retrospective


def test_every_entry_is_still_unsaid_by_the_corpus() -> None:
    corpus = " ".join(p.read_text(encoding="utf-8").lower() for p in (ROOT / "corpus").glob("*.md"))
    for gap in GAPS:
        assert gap.patterns, gap.id
        said = [w for w in gap.absent if w in corpus]
        assert not said, f"{gap.id}: a source now uses {said}; answer from it instead"


def test_every_entry_has_a_message_here_that_asks_it() -> None:
    assert set(ASKED) == {g.id for g in GAPS}


@pytest.mark.parametrize(("gap", "message"), sorted(ASKED.items()))
def test_a_message_asking_what_the_sources_do_not_say_is_told_so_first(explainer, gap: str, message: str) -> None:
    answer = explainer.ask(message)
    assert answer.status == NOT_COVERED, answer.text
    assert answer.text.startswith("The sources here do not say"), answer.text
    assert next(g for g in GAPS if g.id == gap).about in answer.text


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_questions_match_no_entry(message: str) -> None:
    assert Unsaid(GAPS).match(message, None) is None


def test_an_entry_with_an_unknown_nearest_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "unsaid.yaml").write_text('entries:\n  - {id: x, about: "y", patterns: ["z"], nearest: quote}\n')
    with pytest.raises(UnsaidError, match="entry 1: nearest must be one of"):
        load_gaps(tmp_path)
