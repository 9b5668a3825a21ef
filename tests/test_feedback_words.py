"""The checker's words: feelings.toml read the same way for every language.

The normalising rules (no accents, no apostrophes, both genders) must hold for text and word lists
alike, and every language must have every list, pattern and message the rules ask for, or a
Spanish sentence would crash or quietly skip a rule.
"""

from __future__ import annotations

import re
import string

import pytest

from workshop import feedback_words as fw


def test_text_is_lower_case_without_accents_apostrophes_or_inverted_marks():
    assert fw.tokens("¿Me SENTÍ así? ¡Sí!") == ["me", "senti", "asi", "?", "si", "!"]
    assert fw.tokens("I'm scared, I don\u2019t know") == ["im", "scared", ",", "i", "dont", "know"]
    assert fw.words(fw.tokens("Estoy triste. Mucho.")) == "estoy triste mucho"
    assert fw.fold("él está aquí, año, pingüino") == "el esta aqui, ano, pinguino"
    assert fw.fold("e\u0301") == "e"  # an accent typed as a separate mark


@pytest.mark.parametrize("listed, forms", [
    ("triste", ["triste"]),
    ("cansado/a", ["cansado", "cansada"]),
    ("cansados/as", ["cansados", "cansadas"]),
    ("juguetón/a", ["juguetón", "juguetóna"]),  # accents go before matching: "juguetona"
    ("trabajador/a", ["trabajador", "trabajadora"]),
    ("dejado/a de lado", ["dejado de lado", "dejada de lado"]),
    ("un/una tonto/a", ["un tonto", "una tonta"]),
    ("un/una mal/a padre/madre", ["un mal padre", "una mala madre"]),
    ("seguro/a de mí mismo/a", ["seguro de mí mismo", "segura de mí misma"]),
])
def test_a_listed_phrase_gives_both_genders(listed, forms):
    assert fw.forms(listed) == forms


def test_keys_are_normalised_like_the_text():
    assert fw.keys(["juguetón/a"]) == [("jugueton",), ("juguetona",)]
    assert fw.keys(["con el ánimo bajo"]) == [("con", "el", "animo", "bajo")]


@pytest.mark.parametrize("text, found, shown", [
    ("De verdad me siento TRISTE", "triste", "TRISTE"),
    ("Me siento cómoda.", "comoda", "cómoda"),
    ("Me siento co\u0301moda.", "comoda", "cómoda"),  # decomposed accent: shown composed
    ("I feel self-conscious.", "self conscious", "self-conscious"),
    ("You don't care", "you dont care", "You don't care"),
    ("nothing like it", "absent", "absent"),  # not found: the normalised words themselves
])
def test_quoted_words_are_shown_as_typed(text, found, shown):
    assert fw.as_written(text, found) == shown


def test_the_same_keys_in_every_language():
    data = fw.read()
    english = data["en"]
    for language, table in data.items():
        assert set(table) == set(english), language
        for key in ("patterns", "danger", "messages", "terms"):
            if key == "terms":
                assert set(table[key]) >= {"person", "object", "fear"}, language
            else:
                assert set(table[key]) == set(english[key]), (language, key)
        assert set(table["feelings"]) == set(english["feelings"]), language
        assert set(table["pleasant_families"]) <= set(table["feelings"]), language


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


@pytest.mark.parametrize("language", fw.languages())
def test_messages_have_the_same_placeholders_as_english(language):
    english, messages = fw.read()["en"]["messages"], fw.read()[language]["messages"]
    for key, message in messages.items():
        assert _placeholders(message) == _placeholders(english[key]), (language, key)
        assert message.strip() and message.count("{") == message.count("}"), (language, key)


@pytest.mark.parametrize("language", fw.languages())
def test_every_language_builds_a_full_lexicon(language):
    lex = fw.lexicon(language)
    assert set(lex.sets) == set(fw.SETS) and lex.sets["owners"] and lex.sets["feel_verbs"]
    assert {"danger", "heavy", "connector", "own_it", "request", "labels", "blame",
            "absolutes", "minimising", "we_feel", "negative_request"} <= set(lex.patterns)
    kinds = {kind for kind, _ in lex.heads.values()}
    assert kinds == {"feeling", "pleasant", "vague", "judgement", "self_judgement", "heavy"}
    assert all(u for kind, u in lex.heads.values() if kind in ("judgement", "self_judgement",
                                                                  "heavy")), language
    assert all(re.fullmatch(r"[a-z0-9 ]+", " ".join(k)) for k in lex.heads), language


@pytest.mark.parametrize("language", fw.languages())
def test_idioms_are_stripped_only_where_they_stand(language):
    lex = fw.lexicon(language)
    assert fw.strip(lex, "danger", "") == ""
    sample = {"en": ("im dead tired today", "im today"),
              "es": ("me muero de risa contigo", "me contigo")}[language]
    assert fw.strip(lex, "danger", sample[0]) == sample[1]


def test_a_language_without_words_is_refused_by_name():
    with pytest.raises(ValueError, match="'xx'.*en, es"):
        fw.lexicon("xx")
