"""The "I feel" checker: safety first, then the one method (feeling, situation, request).

Every message is recognised by a few distinctive words, so a rule that stops firing, fires on the
wrong sentence, or loses its wording fails here. The sentences are our own.
"""

from __future__ import annotations

import re

import pytest

from workshop import content, feedback, resources
from workshop.feedback import Note

# rule -> words that only that rule's message contains
RULES = {
    "empty": "Write a short sentence",
    "start": "Try starting with",
    "we": "speaks for someone else",
    "own-it": "hands your feeling",
    "missing": "a feeling that is missing",
    "thought": "brings in a thought",
    "about-them": "about the other person",
    "numb": "Feeling nothing is worth naming",
    "no-word": "Is there a feeling word",
    "judgement": "says what someone else did",
    "self": "hard thing to say about yourself",
    "heavy": "heavy to carry",
    "minimising": "talked it down",
    "label": "verdict on a person",
    "blame": "puts the cause on someone",
    "absolute": "make a moment sound permanent",
    "plain": "and owned it",
    "situation": "described what happened without blame",
    "request": "and said what you would like",
    "full": "All three parts are here",
    "add": "you could add what you would like",
    "add-more": "what you would love more of",
    "positive": "asking someone to stop",
    "vague": "is a start",
    "safety": "matters much more than this exercise",
}
GOOD_RULES = {"plain", "situation", "request", "full"}


def rules_of(sentence: str, **kwargs) -> set[str]:
    """Which rules fired, by their distinctive words; an unrecognised message fails the test."""
    fired = set()
    for note in feedback.check_i_feel(sentence, **kwargs):
        matched = {rule for rule, words in RULES.items() if words in note.message}
        assert len(matched) == 1, f"{sentence!r}: {note.message} matched {matched}"
        fired |= matched
    return fired


P, S, R, F = {"plain"}, {"situation", "add"}, {"request"}, {"full"}
CASES = [
    # 1. a plain owned feeling is good
    ("I feel lonely.", P),
    ("I am feeling nervous", P),
    ("I really feel sad", P),
    ("I'm feeling hopeful today", P),
    ("I\u2019m feeling anxious", P),  # a phone's curly apostrophe
    ("Im feeling sad", P),  # and no apostrophe at all
    ("i feel lonely", P),
    ("I FEEL LONELY", P),
    ("Sometimes I feel lonely", P),
    ("I feel a bit tired today", P),
    ("I feel cheerful, actually.", P),
    ("I just feel overwhelmed", P),
    ("I feel homesick", P),
    ("I feel a bit lost these days.", P),
    ("I felt worried, and then annoyed.", P),
    ("I feel scared and alone", P),
    ("I feel down.", P),
    ("I feel bored.", P),
    ("I feel on edge.", P),
    ("I feel torn.", P),
    ("I feel left out.", P),
    ("I feel let down.", P),
    ("I feel worn out.", P),
    ("I feel fed up.", P),
    ("I feel self-conscious.", P),
    ("I'm so tired.", P),
    ("I am tired", P),
    ("I've been feeling a bit flat lately.", P),
    ("Feeling a little homesick tonight.", P),
    ("I feel like myself again.", P),
    ("I feel like crying.", P),
    ("I feel in two minds.", P),
    ("I feel proud of myself.", P),
    ("I feel heard.", P),
    ("I always feel nervous before exams", S),  # "always" here is about me, not a verdict
    # 2. vague words are a start, with a nudge
    ("I feel fine.", {"plain", "vague"}),
    ("I feel bad.", {"plain", "vague"}),
    ("I'm okay.", {"plain", "vague"}),
    ("I feel a bit off today.", {"plain", "vague"}),
    # 3. feeling and a blame-free situation: good, and a nudge to say what you would like
    ("I feel hurt when you forget to call.", S),
    ("I feel jealous when she texts her ex.", S),
    ("I feel sad because you forgot my birthday.", S),
    ("I feel nervous about my job interview tomorrow.", S),
    ("I feel lonely when we eat dinner with our phones out.", S),
    ("I feel anxious when the rent is due.", S),
    ("I feel frustrated when the dishes stay in the sink overnight.", S),
    ("I feel uneasy since my partner started working nights.", S),
    ("I felt embarrassed when you corrected me in front of your friends.", S),
    ("When you came home late last night, I felt worried.", S),
    ("I feel tense as the deadline gets closer.", S),
    ("I feel left out when they make plans without me.", S),
    ("I feel disappointed that our trip was cancelled.", S),
    ("I feel torn about moving to a new city.", S),
    ("I feel on edge since the argument on Sunday.", S),
    ("I feel bored when we spend every weekend at home.", S),
    ("I feel down since I lost my job.", S),
    ("I feel angry because he borrowed my car without asking.", S),
    ("I feel sad because you forgot", S),
    ("I feel angry since you lied", S),
    ("I feel sad cause you left", S),
    ("I feel grateful when you make me tea in the morning.", {"situation", "add-more"}),
    ("I feel close to you when we walk together.", {"situation", "add-more"}),
    ("I feel relaxed when we cook together on Sundays.", {"situation", "add-more"}),
    ("I felt loved when you held my hand at the party.", {"situation", "add-more"}),
    ("I feel grateful that you always remember where I left my keys.",
     {"situation", "add-more"}),  # an absolute beside a pleasant feeling is no verdict
    # 4. feeling and what you would like
    ("I feel lonely tonight. Could we put our phones away for a while?", R),
    ("I feel hurt. I was hoping you'd ask how my interview went.", R),
    ("I felt worried, and then annoyed. Next time, I'd really like a quick text.", R),
    ("I feel left out sometimes, and I'd like to be asked more.", R),
    ("I feel tired. Could you take the kids to school tomorrow?", R),
    ("I feel nervous, and I'd love a hug.", R),
    ("I'm feeling low. Can we talk tonight?", R),
    ("Could we talk tonight? I feel a bit lost.", R),
    # 5. the full form
    ("I feel lonely when we eat dinner in silence, and I would love to talk.", F),
    ("I feel hurt when you forget to call, and I'd like a quick text if you're running late.", F),
    (("I feel stressed when the house is messy before guests arrive; could we tidy together on "
     "Friday?"), F),
    (("I feel anxious because the bills are piling up, and I'd love us to sit down and plan a "
     "budget this weekend."), F),
    (("I feel jealous when she texts her ex late at night, and I'd like us to talk about what "
     "we're both comfortable with."), F),
    (("I felt embarrassed when you joked about my cooking at dinner. Next time, could you keep "
     "that between us?"), F),
    (("I feel sad since we stopped having date nights; I'd really like us to plan one this "
     "month."), F),
    (("I feel worried as you've been quiet all week. Would you be willing to tell me what's on "
     "your mind?"), F),
    ("I feel happy when you sing in the kitchen, and I'd love more of that.", F),
    (("When you're on your phone during dinner, I feel lonely. I'd like us to keep phones in the "
     "kitchen."), F),
    # a request to stop: good, with a nudge towards a positive request
    ("I feel frustrated when you leave dishes out. Could you stop doing that?", F | {"positive"}),
    ("I feel tense when we argue in front of the kids, and I'd like us not to do that.",
     F | {"positive"}),
    ("I feel anxious; please don't cancel again.", R | {"positive"}),
    # 6. a thought dressed as a feeling
    ("I feel that you never listen", {"thought", "absolute"}),
    ("I feel like you don't care", {"thought", "blame"}),
    ("I feel as if nobody cares", {"thought"}),
    ("I feel that you care more about your phone than about me.", {"thought"}),
    ("I feel like you don't have time for me any more.", {"thought"}),
    ("I feel that you only care about your own stuff.", {"thought", "blame"}),
    ("I feel as though we're drifting apart.", {"thought"}),
    ("I feel like we should talk more.", {"thought"}),
    ("I feel you are not listening", {"about-them"}),
    ("I feel he doesn't respect me", {"about-them", "blame"}),
    ("I feel everyone is against me", {"about-them"}),
    ("I feel no one understands me", {"about-them"}),
    # 7. words that judge what someone else did
    ("I feel ignored.", {"judgement"}),
    ("I feel manipulated.", {"judgement"}),
    ("I feel neglected.", {"judgement"}),
    ("I feel betrayed.", {"judgement"}),
    ("I feel abandoned.", {"judgement"}),
    ("I feel disrespected.", {"judgement"}),
    ("I feel used.", {"judgement"}),
    ("I feel rejected.", {"judgement"}),
    ("I always feel ignored", {"judgement"}),
    ("I feel taken for granted.", {"judgement"}),
    ("I feel unappreciated when I cook every night.", {"judgement"}),
    ("I feel invisible when you're on your phone.", {"judgement"}),
    ("I feel intimidated by the new job.", {"judgement"}),
    ("I feel ignored because you never ask about my day.", {"judgement", "absolute"}),
    # 8. hard verdicts on yourself
    ("I feel so stupid", {"self"}),
    ("I feel useless.", {"self"}),
    ("I feel like a failure.", {"self"}),
    ("I feel not good enough.", {"self"}),
    ("I feel lazy today.", {"self"}),
    # 9. heavy words: no praise, a gentle word and where help is
    ("I feel worthless.", {"heavy"}),
    ("I feel hopeless about everything.", {"heavy"}),
    ("I feel trapped in this job.", {"heavy"}),
    ("I feel like a burden.", {"heavy"}),
    ("I feel empty.", {"heavy"}),
    ("I can't cope any more.", {"heavy"}),
    # 10. handing the feeling to someone or something else
    ("You make me feel small", {"own-it"}),
    ("You made me feel stupid", {"own-it"}),
    ("My partner makes me feel small", {"own-it"}),
    ("You make me so happy", {"own-it"}),
    ("It makes me anxious when plans change.", {"own-it"}),
    ("You make me feel invisible when you're on your phone.", {"own-it"}),
    ("You made me feel like I don't matter to you.", {"own-it"}),
    # 11. a feeling that is missing, and feeling nothing
    ("I don't feel loved", {"missing"}),
    ("I dont feel loved", {"missing"}),
    ("I'm not feeling heard", {"missing"}),
    ("I'm not upset. I just think a caring partner would remember.", {"missing"}),
    ("I never feel heard.", {"missing"}),
    ("I don't feel close to you any more.", {"missing"}),
    ("I feel nothing", {"numb"}),
    # 12. owned, but no feeling word yet
    ("I feel", {"no-word"}),
    ("I feel blorp", {"no-word"}),
    ("I feel in a bit of a muddle.", {"no-word"}),
    ("I felt it in my chest.", {"no-word"}),
    # 13. not an "I feel" sentence yet
    ("", {"empty"}),
    ("   \n ", {"empty"}),
    ("I think you are wrong", {"start"}),
    ("We feel distant", {"we"}),
    ("You never listen to me", {"start", "absolute"}),
    ("You're always on that thing. It's rude.", {"start", "label"}),
    ("It's fine, don't worry about it.", {"start"}),
    ("My partner is lovely.", {"start"}),
    # 14. talking the feeling down
    (("I feel lost, but that's only because I'm retired and have nothing to do, so it's silly "
     "really."), {"minimising"}),
    ("I feel hurt, but it's probably nothing.", {"minimising"}),
    ("I feel jealous, I know it's silly.", {"minimising"}),
    ("I feel upset, but I'm probably overreacting.", {"minimising"}),
    # 15. blame in the situation, aimed at anyone
    ("I feel angry because he's selfish.", {"label"}),
    ("I feel hurt because you're so inconsiderate.", {"label"}),
    ("I feel frustrated when my partner is lazy about the housework.", {"label"}),
    ("I feel annoyed because they're useless.", {"label"}),
    ("I feel sad because she's so thoughtless.", {"label"}),
    ("I feel sad, you're so selfish", {"label"}),
    ("I feel annoyed when you're lazy, could you do more?", {"label"}),
    ("It's your fault I feel bad", {"blame"}),
    ("Thanks to you I feel awful", {"blame"}),
    ("I feel angry because you don't care about me.", {"blame"}),
    ("I feel hurt because you only think about yourself.", {"blame"}),
    ("I feel tired because you should do more around the house.", {"blame"}),
    ("I feel annoyed because you never think about anyone but yourself.", {"blame", "absolute"}),
    ("I feel lonely because you're always on your phone.", {"absolute"}),
    ("I feel frustrated because you never help with the washing up.", {"absolute"}),
    ("I feel angry when he constantly interrupts me.", {"absolute"}),
    ("I feel hurt when you're late as usual.", {"absolute"}),
    ("I feel lonely when you're on your phone all the time, and I'd like us to talk.",
     {"absolute"}),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[repr(s) for s, _ in CASES])
def test_rules(sentence, expected):
    assert rules_of(sentence) == expected


@pytest.mark.parametrize("sentence, expected", CASES, ids=[repr(s) for s, _ in CASES])
def test_good_only_when_the_method_is_there(sentence, expected):
    notes = feedback.check_i_feel(sentence)
    kinds = [n.kind for n in notes]
    assert notes and len(notes) <= 2, "one verdict, and at most one gentle next step"
    assert "safety" not in kinds
    if expected & GOOD_RULES:
        assert kinds[0] == "good" and kinds.count("good") == 1
        assert feedback.is_clear(notes) and feedback.is_clear_i_feel(sentence)
    else:
        assert set(kinds) == {"tip"}
        assert not feedback.is_clear(notes) and not feedback.is_clear_i_feel(sentence)


def test_enough_ordinary_sentences():
    assert len(CASES) >= 120


# --------------------------------------------------------------------------- safety

DANGER = [
    # wanting to die, suicide
    "I feel suicidal.",
    "I feel sucidal",  # a typo
    "I feel like I want to die.",
    "I want to die",
    "i wanna die",
    "I WANT TO DIE",
    "I wish I wasn't here",
    "I wish I wasnt here anymore",
    "I don't want to be alive anymore",
    "i dont want to live anymore",
    "Sometimes I think about killing myself",
    "I'm going to kill myself",
    "kms",
    "honestly just kms lol",
    "I want to end it all",
    "I've been thinking about ending my life",
    "Everyone would be better off without me",
    "I feel like a burden and they'd be better off without me",
    "There's no point in living",
    "I have nothing to live for",
    "I want to die of embarrassment",  # about dying: we err on the side of safety
    # self-harm
    "I cut myself last night",
    "I've been hurting myself again",
    "I feel like I need to self harm",
    "I've started self-harming",
    "I feel like hurting myself.",
    # fear of a person, not being safe
    "I'm scared of him",
    "I'm scared of her",
    "I'm scared of them",
    "I feel scared of my partner.",
    "I'm scared of my husband",
    "Im scared of my wife",
    "I feel afraid of my girlfriend",
    "I'm terrified of my boyfriend",
    "I\u2019m scared of my husband",
    "I'm SCARED of my PARTNER",
    "I'm afraid of what he'll do",
    "I\u2019m afraid of what he\u2019ll do if I leave",
    "I feel like I'm walking on eggshells around him because he might explode.",
    "I feel scared when he shouts",
    "My partner gets angry and I feel frightened of him",
    "I feel scared to go home",
    "I don't feel safe at home.",
    "I dont feel safe at home",
    "I\u2019m not safe",
    "I'M NOT SAFE",
    "Im not safe here",
    "I feel unsafe with my partner",
    # violence and threats
    "He hits me when he's drunk",
    "She threw something at me",
    "He pushed me into the wall",
    "He choked me",
    "She slapped me",
    "My partner hit me last night",
    "I was hit by my husband",
    "They threatened to take the kids",
    "He threatened me",
    "He said he'd hurt me if I told anyone",
    # coercive control
    "He won't let me see my friends",
    "he wont let me see my friends",
    "She checks my phone every night",
    "He goes through my messages",
    "She tracks my location",
    "He controls the money",
    "I feel controlled",
    "I feel trapped because he won't let me leave",
    "He made me have sex when I didn't want to",
    "He calls me names and I feel small",
    "He grabbed my arm really hard",
    "He always wants to know where I am",
    "I'm scared of how he'll react if I say no",
    "Nobody would miss me if I was gone",
    "I feel like ending it",
    "I'd rather die than go to that party",  # about dying: we err on the side of safety
    "I feel scared of my boss",  # fear of any person
]

CONTROL = [
    "I feel dead tired.",
    "This deadline is killing me.",
    "My feet are killing me.",
    "I'm dying to see you.",
    "I could have died of embarrassment.",
    "I nearly died laughing.",
    "My phone is about to die.",
    "I'm afraid I forgot your birthday.",
    "I feel nervous; I'm afraid it's going to rain on the wedding.",
    "I feel scared of heights.",
    "I'm scared of spiders.",
    "I'm scared of losing you.",
    "I feel scared of you leaving one day.",
    "I feel nervous about my driving test.",
    "I feel safe with you.",
    "I feel safe when we talk like this.",
    "I feel safe in my own home now.",
    "I feel hurt when you forget to call.",
    "I feel jealous when she texts her ex.",
    "I feel out of control at work.",
    "I killed it in my presentation and I feel proud.",
    "I feel bored to death in these meetings.",
    "She pushed me to apply for the job and I feel grateful.",
    "He beat me at chess again and I feel annoyed.",
    "I feel anxious when I check my bank account.",
    "I feel frustrated when you check your phone at dinner.",
    "I feel sad because my grandad died last year.",
    "I feel worried because my dog is dying.",
    "My mum is dying and I feel lost.",
    "I feel choked up when I think about our wedding.",
    "I feel threatened by her success.",
    "Could you grab me a coffee? I feel exhausted.",
    "I feel lonely when you push me away.",
    "I feel worried about my partner's health.",
    "I feel scared for my partner, who is ill.",
    "I feel nervous when you drive fast.",
    "I feel annoyed when the kids won't let me sleep in.",
    "I feel hurt; it hurt me when you laughed at my idea.",
    "I feel like I'm drowning in paperwork.",
    "I feel scared and excited about the new job.",
    "I feel frightened by the news.",
    "I'm in a dead-end job and I feel stuck.",
    "I feel cut up about the breakup.",
    "I feel anxious because I have to ask my boss for a day off.",
    "I feel excited; I'd die for a holiday in the sun.",
    "I feel isolated since we moved to the countryside.",
    "I'm scared she'll leave me.",
    "I feel afraid I might lose you.",
    "I feel frustrated when you slam the door.",
    "I feel anxious when you drive after a drink.",
    "I feel happy when you text me where you are.",
    "I feel guilty because I shouted at the kids.",
    "You hurt me when you laughed at my idea.",  # to a partner: read as hurt feelings
]


@pytest.mark.parametrize("sentence", DANGER)
def test_danger_gets_safety_and_nothing_else(sentence):
    notes = feedback.check_i_feel(sentence, country="GB")
    assert [n.kind for n in notes] == ["safety"], notes
    [note] = notes
    assert resources.help_text("GB") in note.message
    assert not feedback.is_clear(notes)
    assert feedback.speaks_of_danger(sentence)


@pytest.mark.parametrize("sentence", CONTROL)
def test_ordinary_sentences_raise_no_alarm(sentence):
    assert not feedback.speaks_of_danger(sentence)
    assert "safety" not in {n.kind for n in feedback.check_i_feel(sentence)}


def test_enough_danger_and_control_sentences():
    assert len(DANGER) >= 40 and len(CONTROL) >= 40


@pytest.mark.parametrize("country, numbers", [("GB", ["999"]), ("US", ["988", "911"])])
def test_safety_gives_the_countrys_numbers(country, numbers):
    [note] = feedback.check_i_feel("I don't feel safe at home.", country=country)
    assert note.kind == "safety"
    assert all(number in note.message for number in numbers)


def test_safety_without_a_country_still_points_to_help():
    [note] = feedback.check_i_feel("I want to die")
    assert note.kind == "safety" and resources.help_text(None) in note.message


def test_safety_is_kind_and_brief_and_never_nudges():
    [note] = feedback.check_i_feel("I feel scared of my partner.")
    intro = note.message.replace(resources.help_text(None), "")
    assert "more than this exercise" in intro and "support now" in intro
    assert len(intro.split()) < 50
    assert "out loud" not in note.message.lower() and "would like" not in intro


def test_heavy_words_add_the_help_lines_softly():
    [note] = feedback.check_i_feel("I feel worthless.", country="GB")
    assert note.kind == "tip" and resources.help_text("GB") in note.message
    assert "hurt" in note.message  # the feeling that may sit underneath


# --------------------------------------------------------------------------- one method

@pytest.mark.parametrize("feeling, situation", [
    ("I feel hurt", "you forgot to call last night."),
    ("I feel lonely", "we ate dinner in silence."),
    ("I feel angry", "he is selfish."),
    ("I feel anxious", "you never text back."),
    ("I feel sad", "you forgot my birthday, and I'd like us to celebrate at the weekend."),
    ("I felt embarrassed", "my partner teased me in front of friends."),
])
def test_because_since_as_and_when_are_alike(feeling, situation):
    verdicts = {c: rules_of(f"{feeling} {c} {situation}") for c in
                ("when", "because", "since", "as")}
    assert len({frozenset(v) for v in verdicts.values()}) == 1, verdicts


def test_hurt_and_jealous_get_the_same_kind_of_verdict():
    hurt = feedback.check_i_feel("I feel hurt when you forget to call.")
    jealous = feedback.check_i_feel("I feel jealous when she texts her ex.")
    assert [n.kind for n in hurt] == [n.kind for n in jealous] == ["good", "tip"]
    assert rules_of("I feel hurt when you forget to call.") == \
        rules_of("I feel jealous when she texts her ex.")


def test_good_notes_quote_the_feeling_as_written():
    [note] = feedback.check_i_feel("I really feel SAD")
    assert '"SAD"' in note.message
    [note] = feedback.check_i_feel("I feel self-conscious.")
    assert '"self-conscious"' in note.message


def test_tips_quote_the_words_they_are_about():
    text = " ".join(n.message for n in feedback.check_i_feel("I feel sad, you don't care"))
    assert '"you don\'t care"' in text
    text = " ".join(n.message for n in feedback.check_i_feel("I feel hurt as you always do it"))
    assert '"always"' in text
    [note] = feedback.check_i_feel("I feel ignored.")
    assert "lonely" in note.message  # a feeling that may sit underneath


def test_knows_at_least_150_feeling_words():
    words = feedback.feeling_words()
    assert len(words) >= 150
    assert {"down", "bored", "on edge", "torn", "left out", "worn out", "fed up"} <= words
    unclear = [w for w in sorted(words) if not feedback.is_clear_i_feel(f"I feel {w}.")]
    assert not unclear


def test_judgements_are_not_counted_as_feelings():
    assert not {"ignored", "manipulated", "worthless", "betrayed"} & feedback.feeling_words()


def test_is_clear_reads_a_verdict_from_notes():
    good, tip, safety = Note("good", "g"), Note("tip", "t"), Note("safety", "s")
    assert feedback.is_clear([good]) and feedback.is_clear([good, tip])
    assert not feedback.is_clear([tip]) and not feedback.is_clear([])
    assert not feedback.is_clear([good, safety])


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="xx"):
        feedback.check_i_feel("I feel lonely.", language="xx")
    assert "en" in feedback.languages()


def _all_messages():
    sentences = [s for s, _ in CASES] + DANGER + CONTROL
    return [(s, n.message) for s in sentences for n in feedback.check_i_feel(s)]


def test_messages_are_kind_and_teach_one_method():
    """Tips suggest; they never scold, never push to say it out loud, never drop the because."""
    harsh = ("wrong", "incorrect", "error", "invalid", "bad sentence", "fail", "!", "should")
    for sentence, message in _all_messages():
        own_words = message.replace(resources.help_text(None), "")  # the help lines' own text
        own_words = re.sub(r'"[^"]*"', "", own_words).lower()  # words quoted back are theirs
        assert not any(word in own_words for word in harsh), (sentence, message)
        assert "out loud" not in own_words and "justify" not in own_words, (sentence, message)
        assert "leave out" not in own_words and "because" not in own_words, (sentence, message)


def test_agrees_with_the_ifeel_quiz():
    """The quiz's best sentences pass the checker; every other option gets a tip."""
    quiz = content.quiz("ifeel-quiz")
    for question in quiz["questions"]:
        for option in question["options"]:
            clear = feedback.is_clear_i_feel(option["text"])
            assert clear == bool(option.get("best")), (question["id"], option["text"])


def test_every_word_the_lesson_offers_is_recognised():
    """Module 07 offers a table of feeling words to try in the checker; each one must pass."""
    import nbformat

    from workshop import curriculum

    notebook = curriculum.REPO_ROOT / curriculum.module("vulnerability").notebook
    nb = nbformat.read(notebook, as_version=4)
    table = next(c.source for c in nb.cells
                 if c.cell_type == "markdown" and "| family |" in c.source)
    words = []
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("family", "---"):
            words += [cells[0], *(w.strip() for w in cells[1].split(","))]
    assert len(words) > 20
    unclear = [w for w in words if not feedback.is_clear_i_feel(f"I feel {w}.")]
    assert not unclear, f"the checker does not recognise: {unclear}"


def test_the_module_stays_small():
    with open(feedback.__file__, encoding="utf-8") as source:
        assert len(source.read().splitlines()) < 300
