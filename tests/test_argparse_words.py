"""argparse's own words follow the command's language."""

from __future__ import annotations

import argparse

import pytest

from workshop import argparse_words, i18n


def make_parser() -> argparse.ArgumentParser:
    argparse_words.translate()
    p = argparse.ArgumentParser(prog="workshop")
    p.add_argument("dir")
    p.add_argument("--lang", choices=["en", "es"])
    return p


@pytest.fixture
def parser():
    return make_parser()


def test_help_and_errors_are_in_spanish_on_a_spanish_command(capsys):
    with i18n.using("es"):  # as `workshop` does: the language first, then the parser
        parser = make_parser()
        text = parser.format_help()
        with pytest.raises(SystemExit) as stop:
            parser.parse_args(["--lang", "fr", "x"])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert text.startswith("uso: ") and "\nopciones:" in text and "argumentos posicionales" in text
    assert "error:" in error and "elección no válida" in error, error


def test_english_is_untouched(parser, capsys):
    assert parser.format_help().startswith("usage: ")
    with pytest.raises(SystemExit):
        parser.parse_args([])
    assert "the following arguments are required: dir" in capsys.readouterr().err


def test_every_word_has_a_spanish_translation():
    with i18n.using("es"):
        untranslated = [w for w in argparse_words.WORDS if i18n._(w) == w and "%(prog)s" not in w]
    assert untranslated == []
