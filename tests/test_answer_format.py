"""`answer_format`: what a valid answer file is, how a rejection reads, and `put`, the one way
an answer is set or removed. (Files on disk: test_answers.py.)"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from workshop import answer_format, answers
from workshop.answer_format import AnswerFileError


def assert_one_line(exc: BaseException, path: Path | str, *needles: str) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message, message
    assert str(path) in message, message
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"


# ----------------------------------------------------------------------------- valid files

def test_the_spec_example_validates(valid_data, write_json):
    assert answers.load(write_json(valid_data)) == valid_data


def test_new_is_a_valid_empty_file_with_nothing_agreed():
    data = answer_format.new("river-42")
    assert answer_format.validate(data) is data
    assert data["created"] == data["updated"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["created"])
    assert data["consent"] == {"group_report": False, "reflections_in_group_report": False}
    assert data["instruments"] == data["exercises"] == data["reflections"] == {}
    with pytest.raises(AnswerFileError, match="participant"):
        answer_format.new("River 42")


def test_answers_hands_out_the_same_rules():
    """Callers use `answers.validate` and friends; they must be these very functions."""
    for name in ("AnswerFileError", "CorruptAnswerFile", "validate", "parse", "put", "new",
                 "check_pseudonym", "FORMAT", "VERSION", "MAX_BYTES"):
        assert getattr(answers, name) is getattr(answer_format, name), name


# ----------------------------------------------------------------------------- rejections

def _set(key, value):
    def change(d):
        d[key] = value
    return change


def _drop(key):
    def change(d):
        del d[key]
    return change


def _answer(value, instrument="walls", item="walls-01"):
    def change(d):
        d["instruments"].setdefault(instrument, {})[item] = value
    return change


REJECTIONS = {
    # id: (change to the valid example, field named, words in the reason)
    "wrong format": (_set("format", "something-else"), "format", "closer-answers"),
    "future version": (_set("version", 2), "version", "newer"),
    "version as text": (_set("version", "1"), "version", ""),
    "missing participant": (_drop("participant"), "participant", "missing"),
    "missing consent": (_drop("consent"), "consent", "missing"),
    "upper-case pseudonym": (_set("participant", "River-42"), "participant", ""),
    "path traversal": (_set("participant", "../x"), "participant", ""),
    "empty pseudonym": (_set("participant", ""), "participant", ""),
    "41 characters": (_set("participant", "a" * 41), "participant", ""),
    "NUL in pseudonym": (_set("participant", "river\x0042"), "participant", ""),
    "cyrillic look-alike": (_set("participant", "r\u0456ver"), "participant", ""),
    "trailing newline": (_set("participant", "river-42\n"), "participant", ""),
    "pseudonym as number": (_set("participant", 42), "participant", ""),
    "answer above scale": (_answer(6), "instruments.walls.walls-01", "outside"),
    "answer below scale": (_answer(0), "instruments.walls.walls-01", "outside"),
    "float answer": (_answer(3.5), "instruments.walls.walls-01", "whole number"),
    "integral float": (_answer(3.0), "instruments.walls.walls-01", "whole number"),
    "bool answer": (_answer(True), "instruments.walls.walls-01", "whole number"),
    "string answer": (_answer("3"), "instruments.walls.walls-01", "whole number"),
    "unknown instrument": (_answer(3, instrument="wallz"), "instruments.wallz", "instrument"),
    "unknown item": (_answer(3, item="walls-99"), "instruments.walls.walls-99", "not an item"),
    "unknown top-level field": (_set("password", "x"), "password", "not a known field"),
    "consent as text": (_set("consent", {"group_report": "yes"}), "consent.group_report", ""),
    "key with newline": (_set("reflections", {"walls-notice\n": "x"}), "reflections", ""),
    "huge reflection": (_set("reflections", {"walls-notice": "x" * 20001}),
                        "reflections.walls-notice", "too long"),
}


@pytest.mark.parametrize("case", list(REJECTIONS), ids=list(REJECTIONS))
def test_rejection_is_one_line_naming_file_and_field(case, valid_data, write_json):
    change, field, words = REJECTIONS[case]
    data = copy.deepcopy(valid_data)
    change(data)
    path = write_json(data)
    with pytest.raises(AnswerFileError) as exc:
        answers.load(path)
    assert_one_line(exc.value, path, f": {field}:", words)
    # validate() on the parsed object says the same thing
    with pytest.raises(AnswerFileError) as again:
        answers.validate(data, path)
    assert again.value.field == exc.value.field


def _valid_bytes():
    return json.dumps({"format": "closer-answers", "version": 1, "participant": "river-42",
                       "consent": {}, "instruments": {}}).encode()


RAW_REJECTIONS = {
    # id: (bytes, words in the message)
    "not JSON": (b"this is not json at all", "not valid JSON"),
    "truncated JSON": (_valid_bytes()[:37], "not valid JSON"),
    "JSON list": (b"[1, 2, 3]", "(top level)"),
    "JSON string": (b'"closer-answers"', "(top level)"),
    "JSON null": (b"null", "(top level)"),
    "empty file": (b"", "empty"),
    "only whitespace": (b"  \n\t ", "empty"),
    "UTF-8 BOM": (b"\xef\xbb\xbf" + _valid_bytes(), "byte-order mark"),
    "not UTF-8": (_valid_bytes().replace(b"river-42", b"rivi\xe8re"), "UTF-8"),
    "duplicate keys": (_valid_bytes()[:-1] + b', "participant": "other"}', "participant"),
    "nested duplicate keys": (_valid_bytes().replace(b'"consent": {}',
                                                     b'"consent": {"group_report": true, '
                                                     b'"group_report": false}'), "group_report"),
    "array nested 100000 deep": (b"[" * 100_000 + b"]" * 100_000, "nested"),
    "object nested 100000 deep": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested"),
    "number with 5000 digits": (_valid_bytes().replace(b'"version": 1', b'"version": 1'
                                                       + b"0" * 5000), "JSON"),
}


@pytest.mark.parametrize("case", list(RAW_REJECTIONS), ids=list(RAW_REJECTIONS))
def test_damaged_bytes_are_one_line_naming_the_file(case, write_json):
    raw, words = RAW_REJECTIONS[case]
    path = write_json(raw)
    with pytest.raises(AnswerFileError) as exc:
        answers.load(path)
    assert_one_line(exc.value, path, words)


def test_the_valid_bytes_helper_is_valid(write_json):
    # Control: the raw cases above are damaged versions of a file that is fine.
    assert answers.load(write_json(_valid_bytes()))["participant"] == "river-42"


def test_pseudonym_boundaries():
    assert answers.check_pseudonym("a" * 40) == "a" * 40
    assert answers.check_pseudonym("7") == "7"
    assert answers.check_pseudonym("river-42") == "river-42"
    for bad in ["", "a" * 41, "-river", "River", "../x", "a/b", "river\x00", "r\u0456ver",
                "river-42\n", "river 42", "river_42", None, 42]:
        with pytest.raises(AnswerFileError) as exc:
            answers.check_pseudonym(bad)
        assert exc.value.field == "participant"
        assert "\n" not in str(exc.value)


def test_the_message_names_file_field_and_reason_or_leaves_out_what_is_missing():
    assert str(AnswerFileError("a.json", "consent", "is missing")) == "a.json: consent: is missing"
    assert str(AnswerFileError(None, "consent", "is missing")) == "consent: is missing"
    assert str(AnswerFileError("a.json", "", "is empty")) == "a.json: is empty"


def test_the_message_stays_one_short_line_whatever_the_file_holds():
    exc = AnswerFileError("odd\nname.json", "key\nwith\rbreaks" * 20, "x" * 1000)
    message = str(exc)
    assert "\n" not in message and "\r" not in message
    assert message.startswith("odd\\nname.json: key\\nwith\\rbreaks")
    assert len(exc.field) == 80 + 3 and exc.field.endswith("...")
    assert len(exc.reason) == 300 + 3 and exc.reason.endswith("...")


# ----------------------------------------------------------------------------- put

def test_put_sets_an_answer_creating_the_places_above_it():
    data = answer_format.new("river-42")
    answer_format.put(data, ("instruments", "walls", "walls-01"), 4)
    answer_format.put(data, ("exercises", "action-plan", "step"), "a walk on Sunday")
    answer_format.put(data, ("reflections", "walls-notice"), "I go quiet")
    answer_format.put(data, ("country",), "GB")
    assert data["instruments"] == {"walls": {"walls-01": 4}}
    assert data["exercises"] == {"action-plan": {"step": "a walk on Sunday"}}
    assert data["reflections"] == {"walls-notice": "I go quiet"}
    assert data["country"] == "GB"
    assert answer_format.validate(data) is data  # what put makes is a valid file


def test_put_replaces_an_answer_and_leaves_its_neighbours():
    data = answer_format.new("river-42")
    data["instruments"]["walls"] = {"walls-01": 4, "walls-02": 2}
    answer_format.put(data, ("instruments", "walls", "walls-01"), 1)
    assert data["instruments"]["walls"] == {"walls-01": 1, "walls-02": 2}


@pytest.mark.parametrize("empty", [None, ""])
def test_put_none_or_empty_text_removes_the_answer(empty):
    data = answer_format.new("river-42")
    data["reflections"] = {"walls-notice": "old words", "why-heard": "kept"}
    data["country"] = "GB"
    answer_format.put(data, ("reflections", "walls-notice"), empty)
    answer_format.put(data, ("country",), empty)
    assert data["reflections"] == {"why-heard": "kept"}
    assert "country" not in data
    answer_format.put(data, ("reflections", "never-written"), empty)  # nothing to remove: fine
    assert data["reflections"] == {"why-heard": "kept"}


def test_put_keeps_a_consent_of_false_and_a_zero():
    """False and 0 are answers ("no", "none of the time"), not an absence of one."""
    data = answer_format.new("river-42")
    data["consent"]["group_report"] = True
    answer_format.put(data, ("consent", "group_report"), False)
    assert data["consent"] == {"group_report": False, "reflections_in_group_report": False}
    answer_format.put(data, ("exercises", "checklist", "count"), 0)
    assert data["exercises"]["checklist"] == {"count": 0}


@pytest.mark.parametrize("where", [(), ("participant",), ("format",), ("password", "x"),
                                   ("created",), ("Instruments", "walls", "walls-01")])
def test_put_refuses_a_place_that_is_not_for_answers(where):
    data = answer_format.new("river-42")
    before = copy.deepcopy(data)
    with pytest.raises(ValueError, match="not a place for an answer"):
        answer_format.put(data, where, "x")
    assert data == before


# ----------------------------------------------------------------------------- in Spanish
# A refusal is worded when the file is refused, in the language of the page or the command.

def _refusal(load, language: str) -> AnswerFileError:
    from workshop import i18n

    with i18n.using(language), pytest.raises(AnswerFileError) as exc:
        load()
    return exc.value


@pytest.mark.parametrize("case", list(REJECTIONS), ids=list(REJECTIONS))
def test_every_rejection_reads_in_spanish_and_still_names_file_and_field(case, valid_data,
                                                                        write_json):
    change, field, _words = REJECTIONS[case]
    data = copy.deepcopy(valid_data)
    change(data)
    path = write_json(data)
    english, spanish = (_refusal(lambda: answers.load(path), lang) for lang in ("en", "es"))
    assert spanish.reason != english.reason, spanish.reason
    assert spanish.field == english.field
    assert_one_line(spanish, path, f": {field}:")


@pytest.mark.parametrize("case", list(RAW_REJECTIONS), ids=list(RAW_REJECTIONS))
def test_every_damaged_file_reads_in_spanish(case, write_json):
    raw, _words = RAW_REJECTIONS[case]
    path = write_json(raw)
    english, spanish = (_refusal(lambda: answers.load(path), lang) for lang in ("en", "es"))
    assert spanish.reason != english.reason, spanish.reason
    assert_one_line(spanish, path)


@pytest.mark.parametrize("change, words", [
    (_answer(6), "6 está fuera de la escala de 1 a 5"),
    (_answer(3.5), "debe ser un número entero"),
    (_set("password", "x"), "no es un campo conocido"),
    (_drop("consent"), "consent: falta"),
    (_set("format", "something-else"), "¿es un archivo de respuestas de Closer?"),
    (_set("country", "gb"), "debe ser un código de país de dos letras mayúsculas"),
    (_set("consent", {"group_report": "yes"}), "debe ser true o false (se recibió texto)"),
])
def test_a_bad_answer_file_is_explained_in_spanish(change, words, valid_data, write_json):
    data = copy.deepcopy(valid_data)
    change(data)
    path = write_json(data)
    assert words in str(_refusal(lambda: answers.load(path), "es"))
    assert words not in str(_refusal(lambda: answers.load(path), "en"))


def test_sizes_and_the_top_level_read_as_spanish_writes_them():
    too_big = b" " * (answer_format.MAX_BYTES + 1)
    message = str(_refusal(lambda: answer_format.parse(too_big, "x.json"), "es"))
    assert "pesa 5,2 MB; un archivo de respuestas puede pesar como máximo 5 MB" in message
    assert "5.2 MB" in str(_refusal(lambda: answer_format.parse(too_big, "x.json"), "en"))
    listed = _refusal(lambda: answer_format.parse(b"[1]", "x.json"), "es")
    assert listed.field == "(nivel principal)" and "no una lista" in listed.reason


def test_a_refused_pseudonym_is_explained_in_spanish():
    assert "hace falta un seudónimo" in str(_refusal(lambda: answer_format.check_pseudonym(""),
                                                     "es"))
    assert "por ejemplo, river-42" in str(_refusal(
        lambda: answer_format.check_pseudonym("River 42"), "es"))
