"""The words of the "I feel" checker: `content/feelings.toml` read into one lexicon per language.

Text and word lists are normalised the same way (lower case, no accents, no apostrophes), word
lists are expanded to both genders ("cansado/a"), and patterns are compiled once. The rules that
use all this live in `workshop/feedback.py`.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from workshop import PACKAGE_DIR

DATA_FILE = PACKAGE_DIR / "content" / "feelings.toml"
# Word lists every language has, read as sets of normalised phrases.
SETS = ("owners", "feel_verbs", "self_verbs", "not_owning_before", "lead_ins", "fillers", "being",
        "negations", "intensifiers", "thought_words", "about_others", "numb_words")


def fold(text: str) -> str:
    """Accents dropped, so "sentí" and "senti" (and "año" and "ano") agree."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Lower-case words and sentence marks; apostrophes dropped so "don't" and "dont" agree."""
    text = fold(text.lower())
    for quote in "'\u2019\u2018\u02bc\u0060\u00b4":
        text = text.replace(quote, "")
    return re.findall(r"[^\W_]+|[.,;:!?]", text)


def words(tokens: list[str]) -> str:
    """The words alone, without sentence marks, joined by single spaces."""
    return " ".join(t for t in tokens if t[0].isalnum())


def phrase(text: str) -> str:
    return " ".join(tokens(text))


def as_written(text: str, found: str) -> str:
    """The words the person typed for a normalised phrase, apostrophes, accents, capitals kept."""
    text = unicodedata.normalize("NFC", text)
    folded = [(fold(c), i) for i, c in enumerate(text)]
    where = [i for f, i in folded for _ in f]  # index in `text` of each folded character
    letters = ["['\u2019]?".join(map(re.escape, word)) for word in found.split()]
    match = re.search(r"\W+".join(letters), "".join(f for f, _ in folded), flags=re.IGNORECASE)
    return text[where[match.start()]:where[match.end() - 1] + 1] if match else found


def forms(phrase: str) -> list[str]:
    """Both genders of a listed phrase: "cansado/a" -> cansado, cansada; "un/una tonto/a" ->
    "un tonto", "una tonta". A short ending replaces -o/-os or is added; a longer one is a word."""
    parts = [w.split("/") for w in phrase.split(" ")]

    def form(word: list[str], k: int) -> str:
        first, alt = word[0], word[min(k, len(word) - 1)]
        if k == 0 or len(word) == 1 or len(alt) > 2:
            return alt
        swap = alt.replace("a", "o")
        return first.removesuffix(swap) + alt

    return [" ".join(form(w, k) for w in parts) for k in range(max(map(len, parts)))]


@dataclass(frozen=True)
class Lexicon:
    heads: dict[tuple[str, ...], tuple[str, str]]  # phrase -> (kind, feelings underneath)
    longest: int
    sets: dict[str, frozenset[str]]
    patterns: dict[str, re.Pattern]
    strips: dict[str, list[re.Pattern]]
    messages: dict[str, str]

    def starts(self, key: str, tokens: list[str], pos: int) -> int:
        """How many words of a phrase in set `key` start at `pos` (the longest), or 0."""
        return next((n for n in (3, 2, 1) if pos + n <= len(tokens)
                     and " ".join(tokens[pos:pos + n]) in self.sets[key]), 0)


@functools.cache
def read() -> dict:
    with open(DATA_FILE, "rb") as f:
        return tomllib.load(f)


def languages() -> list[str]:
    """The languages the checker has words for."""
    return sorted(read())


def expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace <name> with its fragment from [terms], repeatedly, so terms may use terms; accents
    are dropped as in the text."""
    for _ in range(4):
        pattern = re.sub(r"<([a-z_]+)>", lambda m: f"(?:{terms[m.group(1)]})", pattern)
    return fold(pattern)


def keys(listed: Iterable[str]) -> list[tuple[str, ...]]:
    """Every form of every listed phrase, as a tuple of normalised words."""
    return [tuple(phrase(form).split()) for word in listed for form in forms(word)]


@functools.cache
def lexicon(language: str) -> Lexicon:
    """Everything the checker needs for `language`; a ValueError for a language it lacks."""
    if language not in read():
        raise ValueError(f"the I-feel checker has no words for language {language!r}; "
                         f"it knows {', '.join(languages())}")
    d = read()[language]
    heads: dict[tuple[str, ...], tuple[str, str]] = {}
    for family, listed in d["feelings"].items():
        kind = "pleasant" if family in d["pleasant_families"] else "feeling"
        heads.update({k: (kind, "") for k in keys(listed)})
    heads.update({k: ("vague", "") for k in keys(d["vague"]["words"])})
    tables = {"judgement": "judgements", "self_judgement": "self_judgements", "heavy": "heavy"}
    for kind, table in tables.items():
        heads.update({k: (kind, u) for w, u in d[table].items() for k in keys([w])})
    terms = dict(d["terms"])
    terms["feeling"] = "|".join(sorted((re.escape(" ".join(k)) for k in heads), key=len,
                                       reverse=True))
    heavy = "|".join(sorted((re.escape(" ".join(k)) for k in keys(d["heavy"])), key=len,
                            reverse=True))

    def compile_(value: str | list[str]) -> re.Pattern:
        parts = [value] if isinstance(value, str) else value
        return re.compile("|".join(f"(?:{expand(p, terms)})" for p in parts))

    patterns = {name: compile_(value) for name, value in d["patterns"].items()}
    patterns["danger"] = compile_(d["danger"]["patterns"])
    patterns["heavy"] = re.compile(rf"\b(?:{heavy})\b")
    patterns["connector"] = re.compile(
        r"\b(?:" + "|".join(re.escape(phrase(c)) for c in d["connectors"]) + r")\b")
    sets = {key: frozenset(phrase(w) for w in d[key]) for key in SETS}
    strips = {"danger": [re.compile(expand(p, terms)) for p in d["danger"]["not_danger"]],
              "heavy": [re.compile(expand(p, terms)) for p in d["not_heavy"]],
              "situation": [re.compile(expand(p, terms)) for p in d["not_situation"]]}
    return Lexicon(heads, max(map(len, heads)), sets, patterns, strips, dict(d["messages"]))


def strip(lex: Lexicon, kind: str, text: str) -> str:
    """Normalised words with the ordinary idioms of `kind` removed ("dead tired", "corazón roto"),
    so that they raise no alarm."""
    text = f" {text} "
    for idiom in lex.strips[kind]:
        text = idiom.sub(" ", text)
    return " ".join(text.split())
