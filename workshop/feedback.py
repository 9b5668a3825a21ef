"""The "I feel" checker: safety first, then the one method the workshop teaches.

A plain owned feeling ("I feel lonely.") is already good. So is the full form: the feeling, a
specific situation described without blame (after "when", "because", "since" or "as", all alike),
and what you would like. Anything about wanting to die, self-harm, fear of a person, violence,
threats or control gets a safety note with help lines and nothing else: no praise, no coaching.

The rules are the plain functions below; the words and patterns are data in
`content/feelings.toml`, one table per language, read by `workshop/feedback_words.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop import feedback_words as fw
from workshop import i18n, resources
from workshop.feedback_words import Lexicon, as_written, languages, lexicon, strip

__all__ = ["Note", "check_i_feel", "feeling_words", "is_clear", "is_clear_i_feel", "languages",
           "speaks_of_danger"]
GOOD, TIP, SAFETY = "good", "tip", "safety"
# Head kinds that name a feeling (with or without a nudge) and those that stand in for one.
NAMED = ("feeling", "pleasant", "vague")
STAND_INS = ("judgement", "self_judgement", "heavy")


@dataclass(frozen=True)
class Note:
    kind: str  # "good", "tip" or "safety"
    message: str


def feeling_words(language: str = "en") -> frozenset[str]:
    """Every word and phrase the checker accepts as a named feeling."""
    lex = lexicon(language)
    return frozenset(" ".join(k) for k, (kind, _) in lex.heads.items() if kind in NAMED)


def speaks_of_danger(text: str, language: str = "en") -> bool:
    """True for words about dying, self-harm, fear of a person, violence, threats or control.

    Errs on the side of safety: a false alarm costs a moment, a missed one could cost far more.
    """
    lex = lexicon(language)
    words = strip(lex, "danger", fw.words(fw.tokens(text)))
    return lex.patterns["danger"].search(words) is not None


def _head(lex: Lexicon, tokens: list[str], pos: int) -> tuple[str, str, int]:
    """What follows "I feel": (kind, phrase, end). Kinds are NAMED, STAND_INS, "thought",
    "about_them", "numb", "negated" or "none"."""
    while pos < len(tokens):
        for n in range(min(lex.longest, len(tokens) - pos), 0, -1):
            phrase = tuple(tokens[pos:pos + n])
            if phrase in lex.heads:
                kind = lex.heads[phrase][0]
                if kind == "vague":  # "bien cansado" is "very tired": the exact word wins
                    then = _head(lex, tokens, pos + n)
                    if then[0] in ("feeling", "pleasant") + STAND_INS:
                        return then
                return kind, " ".join(phrase), pos + n
        word = tokens[pos]
        if word in lex.sets["intensifiers"]:
            pos += 1
        elif n := lex.starts("thought_words", tokens, pos):  # "that", "like", "as if"
            return "thought", " ".join(tokens[pos:pos + n]), pos + n
        elif lex.starts("about_others", tokens, pos):
            return "about_them", word, pos  # kept in the rest, where blame is looked for
        elif word in lex.sets["negations"]:
            return "negated", word, pos + 1
        elif n := lex.starts("numb_words", tokens, pos):  # "nothing"
            return "numb", " ".join(tokens[pos:pos + n]), pos + n
        else:
            break
    return "none", "", pos


def _lead_in(lex: Lexicon, tokens: list[str], i: int) -> int:
    """Where an owned feeling starts, taking in words before it that belong to it ("Siempre me
    siento..."), so that they are not read as part of the situation."""
    while n := next((n for n in (3, 2, 1) if n <= i and " ".join(tokens[i - n:i])
                     in lex.sets["lead_ins"]), 0):
        i -= n
    return i


def _owner(lex: Lexicon, tokens: list[str]) -> tuple[int, int, bool] | None:
    """The first owned feeling: (start, where the feeling word may begin, negated).

    An owner ("I", "I'm"; "me", "estoy", "no") may be followed by fillers and then a verb of
    feeling, or, for a form of "to be", by the feeling itself. A verb that is first-person on its
    own ("siento") owns the feeling by itself, unless an object comes first ("lo siento").
    """
    s = lex.sets
    for i, token in enumerate(tokens):
        if token in s["self_verbs"] and (i == 0 or tokens[i - 1] not in s["not_owning_before"]):
            return _lead_in(lex, tokens, i), i + 1, False
        if token not in s["owners"]:
            continue
        j, negated, being = i + 1, token in s["negations"], token in s["being"]
        while j < len(tokens) and (tokens[j] in s["fillers"] or tokens[j] in s["negations"]):
            if being and _head(lex, tokens, j)[0] in NAMED + STAND_INS:  # "estoy a salvo"
                return _lead_in(lex, tokens, i), j, negated
            negated |= tokens[j] in s["negations"]
            being |= tokens[j] in s["being"]
            j += 1
        if j < len(tokens) and tokens[j] in s["feel_verbs"]:
            return _lead_in(lex, tokens, i), j + 1, negated
        if being and _head(lex, tokens, j)[0] in NAMED + STAND_INS:
            return _lead_in(lex, tokens, i), j, negated
    if tokens and tokens[0] in s["feel_verbs"]:  # "Feeling lonely today."
        return 0, 1, False
    return None


def _blame(lex: Lexicon, words: str, text: str, absolutes: bool = True) -> list[Note]:
    """Labels, blame and absolutes in the situation or request, each quoted back.

    "You always make me laugh" is no verdict: absolutes count only beside unpleasant feelings.
    """
    say, notes = lex.messages, []
    for name in ("labels", "blame"):
        if found := lex.patterns[name].search(words):
            notes.append(Note(TIP, say["label" if name == "labels" else "blame"]
                              .format(word=as_written(text, found.group()))))
            break
    if absolutes and (found := lex.patterns["absolutes"].search(words)):
        notes.append(Note(TIP, say["absolute"].format(word=as_written(text, found.group()))))
    return notes


def _good(lex: Lexicon, kind: str, word: str, before: str, after: str) -> list[Note]:
    """The good note, naming the parts that are there, and at most one gentle next step."""
    say = lex.messages
    request = lex.patterns["request"].search(after)
    situation = after[:request.start()] if request else after
    situation = strip(lex, "situation", situation)
    asks = request is not None or lex.patterns["request"].search(before) is not None
    has_situation = bool(lex.patterns["connector"].search(situation)
                         or lex.patterns["connector"].search(before))
    key = {(True, True): "good_full", (True, False): "good_situation",
           (False, True): "good_request", (False, False): "good_plain"}[(has_situation, asks)]
    notes = [Note(GOOD, say[key].format(word=word))]
    if request and lex.patterns["negative_request"].search(after[request.start():]):
        notes.append(Note(TIP, say["negative_request"]))
    elif has_situation and not asks:
        notes.append(Note(TIP, say["add_request_pleasant" if kind == "pleasant"
                                   else "add_request"]))
    elif kind == "vague":
        notes.append(Note(TIP, say["vague"].format(word=word)))
    return notes


def _help(language: str, country: str | None) -> str:
    """The help lines in the checker's language, whatever language the page is in."""
    with i18n.using(language):
        return resources.help_text(country)


def check_i_feel(text: str, language: str = "en", country: str | None = None) -> list[Note]:
    """Kind, rule-based feedback on an "I feel" sentence; see the module docstring."""
    lex = lexicon(language)
    say = lex.messages
    tokens = fw.tokens(text)
    words = fw.words(tokens)
    if not words:
        return [Note(TIP, say["empty"])]
    if speaks_of_danger(text, language):
        return [Note(SAFETY, say["safety"].format(help=_help(language, country)))]
    if heavy := lex.patterns["heavy"].search(strip(lex, "heavy", words)):
        underneath = lex.heads[tuple(heavy.group().split())][1]
        return [Note(TIP, say["heavy"].format(word=as_written(text, heavy.group()),
                                              underneath=underneath,
                                              help=_help(language, country)))]
    owner = _owner(lex, tokens)
    if owner is None:
        kind, word, start, end = "none", "", len(tokens), len(tokens)
    else:
        start, pos, negated = owner
        kind, word, end = _head(lex, tokens, pos)
        if negated and kind != "numb":  # "No siento nada" is feeling nothing
            kind = "negated"
        elif kind == "none":  # "I feel in a real muddle": look on to the end of the clause
            for k in range(end, len(tokens)):
                if not tokens[k][0].isalnum() or lex.patterns["connector"].fullmatch(tokens[k]):
                    break
                found = _head(lex, tokens, k)
                if found[0] in NAMED + STAND_INS:
                    kind, word, end = found
                    break
    before, after = " ".join(tokens[:start]), " ".join(tokens[end:])
    blame = _blame(lex, fw.words(tokens[:start] + tokens[end:]), text, kind != "pleasant")
    if lex.patterns["own_it"].search(words):
        primary = "own_it"
    elif owner is None:
        primary = "we_feel" if lex.patterns["we_feel"].search(words) else "start"
    elif kind in NAMED:
        primary = "minimising" if lex.patterns["minimising"].search(words) else None
    else:
        primary = {"negated": "missing", "none": "no_word"}.get(kind, kind)
    if primary:
        underneath = lex.heads.get(tuple(word.split()), ("", ""))[1]
        message = say[primary].format(word=as_written(text, word), underneath=underneath)
        return [Note(TIP, message), *blame[:1 if primary != "own_it" else 0]]
    return blame or _good(lex, kind, as_written(text, word), before, after)


def is_clear(notes: Iterable[Note]) -> bool:
    """The verdict widgets show and save: something good was found and nothing about safety."""
    kinds = {n.kind for n in notes}
    return GOOD in kinds and SAFETY not in kinds


def is_clear_i_feel(sentence: str, language: str = "en") -> bool:
    return is_clear(check_i_feel(sentence, language))
