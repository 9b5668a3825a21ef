"""The "I feel" checker: safety first, then the one method the workshop teaches.

A plain owned feeling ("I feel lonely.") is already good. So is the full form: the feeling, a
specific situation described without blame (after "when", "because", "since" or "as", all alike),
and what you would like. Anything about wanting to die, self-harm, fear of a person, violence,
threats or control gets a safety note with help lines and nothing else: no praise, no coaching.

The rules are the plain functions below; the words and patterns are data in
`content/feelings.toml`, one table per language, read once.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from workshop import PACKAGE_DIR, resources

DATA_FILE = PACKAGE_DIR / "content" / "feelings.toml"
GOOD, TIP, SAFETY = "good", "tip", "safety"
# Head kinds that name a feeling (with or without a nudge) and those that stand in for one.
NAMED = ("feeling", "pleasant", "vague")
STAND_INS = ("judgement", "self_judgement", "heavy")


@dataclass(frozen=True)
class Note:
    kind: str  # "good", "tip" or "safety"
    message: str


def _tokens(text: str) -> list[str]:
    """Lower-case words and sentence marks; apostrophes dropped so "don't" and "dont" agree."""
    text = text.lower()
    for quote in "'\u2019\u2018\u02bc\u0060\u00b4":
        text = text.replace(quote, "")
    return re.findall(r"[^\W_]+|[.,;:!?]", text)


def _words(tokens: list[str]) -> str:
    return " ".join(t for t in tokens if t[0].isalnum())


def _phrase(text: str) -> str:
    return " ".join(_tokens(text))


def _as_written(text: str, found: str) -> str:
    """The words the person typed for a normalised phrase, apostrophes and capitals kept."""
    letters = ["['\u2019]?".join(map(re.escape, word)) for word in found.split()]
    match = re.search(r"\W+".join(letters), text, flags=re.IGNORECASE)
    return match.group() if match else found


@dataclass(frozen=True)
class _Lexicon:
    heads: dict[tuple[str, ...], tuple[str, str]]  # phrase -> (kind, feelings underneath)
    longest: int
    sets: dict[str, frozenset[str]]
    patterns: dict[str, re.Pattern]
    strips: dict[str, list[re.Pattern]]
    messages: dict[str, str]


@functools.cache
def _data() -> dict:
    with open(DATA_FILE, "rb") as f:
        return tomllib.load(f)


def languages() -> list[str]:
    """The languages the checker has words for."""
    return sorted(_data())


def _expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace <name> with its fragment from [terms], repeatedly, so terms may use terms."""
    for _ in range(4):
        pattern = re.sub(r"<([a-z_]+)>", lambda m: f"(?:{terms[m.group(1)]})", pattern)
    return pattern


@functools.cache
def _lexicon(language: str) -> _Lexicon:
    data = _data()
    if language not in data:
        raise ValueError(f"the I-feel checker has no words for language {language!r}; "
                         f"it knows {', '.join(languages())}")
    d = data[language]
    heads: dict[tuple[str, ...], tuple[str, str]] = {}
    for family, words in d["feelings"].items():
        kind = "pleasant" if family in d["pleasant_families"] else "feeling"
        heads.update({tuple(_phrase(w).split()): (kind, "") for w in words})
    heads.update({tuple(_phrase(w).split()): ("vague", "") for w in d["vague"]["words"]})
    tables = {"judgement": "judgements", "self_judgement": "self_judgements", "heavy": "heavy"}
    for kind, table in tables.items():
        heads.update({tuple(_phrase(w).split()): (kind, u) for w, u in d[table].items()})
    terms = dict(d["terms"])
    terms["feeling"] = "|".join(sorted((re.escape(" ".join(k)) for k in heads), key=len,
                                       reverse=True))
    heavy = "|".join(re.escape(_phrase(w)) for w in sorted(d["heavy"], key=len, reverse=True))

    def compile_(value: str | list[str]) -> re.Pattern:
        parts = [value] if isinstance(value, str) else value
        return re.compile("|".join(f"(?:{_expand(p, terms)})" for p in parts))

    patterns = {name: compile_(value) for name, value in d["patterns"].items()}
    patterns["danger"] = compile_(d["danger"]["patterns"])
    patterns["heavy"] = re.compile(rf"\b(?:{heavy})\b")
    patterns["connector"] = re.compile(
        r"\b(?:" + "|".join(re.escape(_phrase(c)) for c in d["connectors"]) + r")\b")
    sets = {key: frozenset(_phrase(w) for w in d[key]) for key in
            ("owners", "feel_verbs", "fillers", "being", "negations", "intensifiers",
             "about_others")}
    strips = {"danger": [re.compile(_expand(p, terms)) for p in d["danger"]["not_danger"]],
              "situation": [re.compile(p) for p in d["not_situation"]]}
    return _Lexicon(heads, max(map(len, heads)), sets, patterns, strips, dict(d["messages"]))


def feeling_words(language: str = "en") -> frozenset[str]:
    """Every word and phrase the checker accepts as a named feeling."""
    lex = _lexicon(language)
    return frozenset(" ".join(k) for k, (kind, _) in lex.heads.items() if kind in NAMED)


def speaks_of_danger(text: str, language: str = "en") -> bool:
    """True for words about dying, self-harm, fear of a person, violence, threats or control.

    Errs on the side of safety: a false alarm costs a moment, a missed one could cost far more.
    """
    lex = _lexicon(language)
    words = f" {_words(_tokens(text))} "
    for idiom in lex.strips["danger"]:
        words = idiom.sub(" ", words)
    return lex.patterns["danger"].search(" ".join(words.split())) is not None


def _head(lex: _Lexicon, tokens: list[str], pos: int) -> tuple[str, str, int]:
    """What follows "I feel": (kind, phrase, end). Kinds are NAMED, STAND_INS, "thought",
    "about_them", "numb", "negated" or "none"."""
    while pos < len(tokens):
        for n in range(min(lex.longest, len(tokens) - pos), 0, -1):
            phrase = tuple(tokens[pos:pos + n])
            if phrase in lex.heads:
                return lex.heads[phrase][0], " ".join(phrase), pos + n
        word = tokens[pos]
        if word in lex.sets["intensifiers"]:
            pos += 1
        elif word in ("that", "like") or tokens[pos:pos + 2] in (["as", "if"], ["as", "though"]):
            return "thought", word, pos + 1
        elif word in lex.sets["about_others"] or tokens[pos:pos + 2] == ["no", "one"]:
            return "about_them", word, pos  # kept in the rest, where blame is looked for
        elif word in lex.sets["negations"]:
            return "negated", word, pos + 1
        elif word == "nothing":
            return "numb", word, pos + 1
        else:
            break
    return "none", "", pos


def _owner(lex: _Lexicon, tokens: list[str]) -> tuple[int, int, bool] | None:
    """The first owned feeling: (start, where the feeling word may begin, negated)."""
    s = lex.sets
    for i, token in enumerate(tokens):
        if token not in s["owners"]:
            continue
        j, negated, being = i + 1, False, token == "im"
        while j < len(tokens) and (tokens[j] in s["fillers"] or tokens[j] in s["negations"]):
            negated |= tokens[j] in s["negations"]
            being |= tokens[j] in s["being"]
            j += 1
        if j < len(tokens) and tokens[j] in s["feel_verbs"]:
            return i, j + 1, negated
        if being and _head(lex, tokens, j)[0] in NAMED + STAND_INS:
            return i, j, negated
    if tokens and tokens[0] in s["feel_verbs"]:  # "Feeling lonely today."
        return 0, 1, False
    return None


def _blame(lex: _Lexicon, words: str, text: str, absolutes: bool = True) -> list[Note]:
    """Labels, blame and absolutes in the situation or request, each quoted back.

    "You always make me laugh" is no verdict: absolutes count only beside unpleasant feelings.
    """
    say, notes = lex.messages, []
    for name in ("labels", "blame"):
        if found := lex.patterns[name].search(words):
            notes.append(Note(TIP, say["label" if name == "labels" else "blame"]
                              .format(word=_as_written(text, found.group()))))
            break
    if absolutes and (found := lex.patterns["absolutes"].search(words)):
        notes.append(Note(TIP, say["absolute"].format(word=_as_written(text, found.group()))))
    return notes


def _good(lex: _Lexicon, kind: str, word: str, before: str, after: str) -> list[Note]:
    """The good note, naming the parts that are there, and at most one gentle next step."""
    say = lex.messages
    request = lex.patterns["request"].search(after)
    situation = after[:request.start()] if request else after
    for idiom in lex.strips["situation"]:
        situation = idiom.sub(" ", situation)
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


def check_i_feel(text: str, language: str = "en", country: str | None = None) -> list[Note]:
    """Kind, rule-based feedback on an "I feel" sentence; see the module docstring."""
    lex = _lexicon(language)
    say = lex.messages
    tokens = _tokens(text)
    words = _words(tokens)
    if not words:
        return [Note(TIP, say["empty"])]
    if speaks_of_danger(text, language):
        return [Note(SAFETY, say["safety"].format(help=resources.help_text(country)))]
    if heavy := lex.patterns["heavy"].search(words):
        underneath = lex.heads[tuple(heavy.group().split())][1]
        return [Note(TIP, say["heavy"].format(word=_as_written(text, heavy.group()),
                                              underneath=underneath,
                                              help=resources.help_text(country)))]
    owner = _owner(lex, tokens)
    if owner is None:
        kind, word, start, end = "none", "", len(tokens), len(tokens)
    else:
        start, pos, negated = owner
        kind, word, end = _head(lex, tokens, pos)
        if negated:
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
    blame = _blame(lex, _words(tokens[:start] + tokens[end:]), text, kind != "pleasant")
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
        message = say[primary].format(word=_as_written(text, word), underneath=underneath)
        return [Note(TIP, message), *blame[:1 if primary != "own_it" else 0]]
    return blame or _good(lex, kind, _as_written(text, word), before, after)


def is_clear(notes: Iterable[Note]) -> bool:
    """The verdict widgets show and save: something good was found and nothing about safety."""
    kinds = {n.kind for n in notes}
    return GOOD in kinds and SAFETY not in kinds


def is_clear_i_feel(sentence: str, language: str = "en") -> bool:
    return is_clear(check_i_feel(sentence, language))
