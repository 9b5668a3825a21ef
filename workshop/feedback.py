"""Feedback logic for exercises, kept apart from the widgets so it can be tested on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that name a feeling, so "I feel hurt" is recognised as owning an emotion.
FEELING_WORDS = frozenset("""
afraid alone angry annoyed anxious ashamed calm cheerful close confused content curious
disappointed discouraged disconnected embarrassed excited exhausted frightened frustrated glad
grateful guilty happy helpless hopeful hopeless hurt insecure irritated jealous joyful lonely
loved nervous numb overwhelmed peaceful proud relaxed relieved resentful restless sad safe scared
shy sorry stressed surprised tender tense tired touched uneasy unsure upset vulnerable warm
weary worried good bad low fine great awful rejected unseen unheard invisible excluded ignored
""".split())

# Words that describe what someone else did rather than what you feel ("I feel ignored").
PARTLY_ABOUT_OTHERS = frozenset("rejected unseen unheard invisible excluded ignored".split())

ABSOLUTES = ("always", "never", "every time", "constantly", "nobody", "no one", "everyone",
             "all the time", "nothing")


@dataclass(frozen=True)
class Note:
    kind: str  # "good", "tip"
    message: str


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def check_i_feel(sentence: str) -> list[Note]:
    """Kind, rule-based feedback on an "I feel" sentence.

    The rules follow the lesson: name a feeling (not a thought), own it without justifying it,
    and leave out blame and absolutes.
    """
    text = " ".join(sentence.strip().split())
    if not text:
        return [Note("tip", "Write a short sentence that starts with \"I feel\", then check it.")]
    notes: list[Note] = []
    lower = text.lower().replace("\u2019", "'")
    starts = re.search(r"\bi(?:'m| am)?(?: [a-z]+)? feel(?:ing)?\b", lower)
    if _has(r"\byou (?:make|made|are making) me feel\b", lower) or _has(r"\byou make me\b", lower):
        notes.append(Note("tip", "\"You make me feel...\" hands your feeling to someone else. Try "
                                 "owning it: \"I feel ___.\" The feeling is yours, and that is "
                                 "what makes it safe to share."))
    elif not starts:
        notes.append(Note("tip", "Try starting with the words \"I feel\", followed by one word for "
                                 "the emotion, for example \"I feel nervous.\""))
    if _has(r"\bi feel (?:that|like|as if|as though)\b", lower):
        notes.append(Note("tip", "\"I feel that...\" or \"I feel like...\" usually introduces a "
                                 "thought or a judgement, not a feeling. What emotion sits under "
                                 "it? Sad, worried, lonely, hopeful?"))
    elif starts and _has(r"\bi(?: really| just)? feel(?:ing)? (?:\w+ )?you\b", lower):
        notes.append(Note("tip", "This sentence is about the other person. Bring it back to you: "
                                 "\"I feel ___.\""))
    if _has(r"\b(?:because|since|cos|cause|as you|when you|whenever you|after you)\b", lower):
        notes.append(Note("tip", "You don't need to justify the feeling. Explaining why often "
                                 "slips into blaming a situation or a person. Try stopping after "
                                 "the feeling word."))
    found = [w for w in ABSOLUTES if _has(r"\b" + re.escape(w) + r"\b", lower)]
    if found:
        notes.append(Note("tip", f"Words like \"{found[0]}\" make a moment sound permanent, and "
                                 "the listener may argue with the word instead of hearing you. "
                                 "Try describing this moment only."))
    if _has(r"\b(?:your fault|you should|you need to|thanks to you|you ruin|you never|you always|"
            r"you don't care|you do not care|you're so|you are so)\b", lower):
        notes.append(Note("tip", "Part of this sentence points at the other person. Blame tends to "
                                 "start a defence, not a conversation. What do you feel, in one "
                                 "word?"))
    named = [w for w in re.findall(r"[a-z]+", lower) if w in FEELING_WORDS]
    if starts and named and not notes:
        word = named[0]
        message = f"Clear and owned: you named a feeling (\"{word}\") without blaming or explaining."
        if word in PARTLY_ABOUT_OTHERS:
            message += (f" \"{word.capitalize()}\" also hints at what someone did; if you like, "
                        "try the feeling underneath it, such as hurt or lonely.")
        notes.append(Note("good", message + " Saying it out loud is the next step."))
    elif starts and not named and not notes:
        notes.append(Note("tip", "Nicely owned. Is there a single feeling word you could use? "
                                 "For example hurt, hopeful, tired, worried or glad."))
    return notes


def is_clear_i_feel(sentence: str) -> bool:
    return any(n.kind == "good" for n in check_i_feel(sentence))
