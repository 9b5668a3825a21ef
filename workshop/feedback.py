"""Feedback logic for exercises, kept apart from the widgets so it can be tested on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that name a feeling, so "I feel hurt" is recognised as owning an emotion. Includes every
# word in the "Feeling words to borrow" table of the vulnerability notebook.
FEELING_WORDS = frozenset("""
afraid alone angry annoyed anxious ashamed calm cheerful close confused content curious
disappointed discouraged disconnected embarrassed excited exhausted frightened frustrated glad
grateful guilty happy helpless hopeful hopeless hurt insecure irritated jealous joyful lonely
loved nervous numb overwhelmed peaceful proud relaxed relieved resentful restless sad safe scared
shy sorry stressed surprised tender tense tired touched uneasy unsure upset vulnerable warm
weary worried good bad low fine great awful rejected unseen unheard invisible excluded ignored
playful homesick impatient moved drained flat scattered lost heartbroken unloved unimportant
unappreciated disrespected neglected betrayed abandoned misunderstood judged
""".split())

# Feelings of more than one word ("I feel left out").
FEELING_PHRASES = ("left out", "let down", "shut out", "taken for granted")

# Words that describe what someone else did rather than what you feel ("I feel ignored").
PARTLY_ABOUT_OTHERS = frozenset("""
rejected unseen unheard invisible excluded ignored unappreciated disrespected neglected betrayed
abandoned misunderstood judged
""".split()) | {"left out", "let down", "shut out", "taken for granted"}

ABSOLUTES = ("always", "never", "every time", "constantly", "nobody", "no one", "everyone",
             "all the time", "nothing")

# "I feel", "I'm feeling", "I really feel", "Im feeling" (no apostrophe on a phone), "I felt".
_OWNED = r"\bi(?:'m|m| am)?(?: [a-z]+)? (?:feel|feeling|felt)\b"
# "I don't feel loved", "I'm not feeling heard": a feeling that is missing.
_NEGATED = (r"\bi(?:'m not| am not| do not| don't| dont| did not| didn't| didnt| can't| cannot|"
            r" cant| no longer)(?: really| even)? (?:feel|feeling|felt)\b")


@dataclass(frozen=True)
class Note:
    kind: str  # "good", "tip"
    message: str


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def _feelings(lower: str) -> list[str]:
    """Feeling words and phrases in the order they appear."""
    found = [(m.start(), m.group()) for m in re.finditer(r"[a-z]+", lower)
             if m.group() in FEELING_WORDS]
    for phrase in FEELING_PHRASES:
        found += [(m.start(), phrase) for m in re.finditer(r"\b" + phrase + r"\b", lower)]
    return [word for _, word in sorted(found)]


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
    starts = re.search(_OWNED, lower)
    negated = _has(_NEGATED, lower)
    if _has(r"\byou (?:make|made|are making|keep making) me\b", lower):
        notes.append(Note("tip", "\"You make me feel...\" hands your feeling to someone else. Try "
                                 "owning it: \"I feel ___.\" The feeling is yours, and that is "
                                 "what makes it safe to share."))
    elif _has(r"\b(?:makes|made|is making|keeps making) me feel\b", lower):
        notes.append(Note("tip", "Saying someone or something \"makes me feel...\" hands your "
                                 "feeling to them. Try owning it: \"I feel ___.\" The feeling is "
                                 "yours, and that is what makes it safe to share."))
    elif negated:
        notes.append(Note("tip", "You named a feeling that is missing. What do you feel instead? "
                                 "For example, \"I don't feel loved\" might become \"I feel "
                                 "lonely\" or \"I feel hurt\"."))
    elif not starts:
        notes.append(Note("tip", "Try starting with the words \"I feel\", followed by one word for "
                                 "the emotion, for example \"I feel nervous.\""))
    if _has(r"\bi(?:'m| am)?(?: really| just)? (?:feel|feeling|felt) "
            r"(?:that|like|as if|as though)\b", lower):
        notes.append(Note("tip", "\"I feel that...\" or \"I feel like...\" usually introduces a "
                                 "thought or a judgement, not a feeling. What emotion sits under "
                                 "it? Sad, worried, lonely, hopeful?"))
    elif starts and _has(r"\bi(?: really| just)? (?:feel|feeling|felt) (?:\w+ )?you\b", lower):
        notes.append(Note("tip", "This sentence is about the other person. Bring it back to you: "
                                 "\"I feel ___.\""))
    elif starts and not negated and _has(r"\b(?:feel|feeling|felt) nothing\b", lower):
        notes.append(Note("tip", "Feeling nothing is worth naming too. \"I feel numb\" or \"I feel "
                                 "flat\" says it in a way someone can respond to."))
    if _has(r"\b(?:because|since|cos|cause|as you(?! know)|when you|whenever you|after you)\b",
            lower):
        notes.append(Note("tip", "You don't need to justify the feeling. Explaining why often "
                                 "slips into blaming a situation or a person. Try stopping after "
                                 "the feeling word."))
    # "I feel nothing" names numbness, not an absolute.
    without_numb = re.sub(r"\b(?:feel|feeling|felt) nothing\b", "", lower)
    found = [w for w in ABSOLUTES if _has(r"\b" + re.escape(w) + r"\b", without_numb)]
    if found:
        notes.append(Note("tip", f"Words like \"{found[0]}\" make a moment sound permanent, and "
                                 "the listener may argue with the word instead of hearing you. "
                                 "Try describing this moment only."))
    if _has(r"\b(?:your fault|you should|you need to|thanks to you|you ruin|you never|you always|"
            r"you don't care|you do not care|you're so|you are so)\b", lower):
        notes.append(Note("tip", "Part of this sentence points at the other person. Blame tends to "
                                 "start a defence, not a conversation. What do you feel, in one "
                                 "word?"))
    named = _feelings(lower)
    if starts and named and not notes:
        word = named[0]
        message = (f"Clear and owned: you named a feeling (\"{word}\") without blaming or "
                   "explaining.")
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
