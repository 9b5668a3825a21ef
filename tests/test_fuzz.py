"""Property tests for the answer-file loader.

Whatever bytes or JSON arrive, `answers.parse` either returns a valid answer file or raises the
documented `AnswerFileError` with a one-line message; nothing else escapes. Every valid file,
generated from the instrument definitions, round-trips through `dumps` and `parse` unchanged.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from workshop import answers, instruments
from workshop.answers import AnswerFileError

# Hundreds of generated files per test: part of `make test`, not of the quick subset.
pytestmark = pytest.mark.slow

INSTRUMENTS = instruments.load_all()
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
WHERE = "fuzz.json"

# ----------------------------------------------------------------------------- strategies

keys = st.from_regex(r"[a-z0-9][a-z0-9-]{0,63}", fullmatch=True)
pseudonyms = st.from_regex(r"[a-z0-9][a-z0-9-]{0,39}", fullmatch=True)
stamps = st.builds(
    lambda d, frac: d.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z",
    st.datetimes(min_value=dt.datetime(1000, 1, 1)), st.sampled_from(["", ".5", ".123456"]))
consents = st.fixed_dictionaries({}, optional={"group_report": st.booleans(),
                                               "reflections_in_group_report": st.booleans()})
instrument_answers = st.fixed_dictionaries({}, optional={
    iid: st.dictionaries(st.sampled_from(sorted(inst.item_ids)),
                         st.integers(inst.min, inst.max))
    for iid, inst in INSTRUMENTS.items()})
exercise_values = st.one_of(st.text(max_size=60), st.booleans(), st.integers())
exercises = st.dictionaries(keys, st.dictionaries(keys, exercise_values, max_size=6), max_size=5)
reflections = st.dictionaries(keys, st.text(max_size=200), max_size=6)

valid_files = st.fixed_dictionaries(
    {"format": st.just(answers.FORMAT), "version": st.just(answers.VERSION),
     "participant": pseudonyms, "consent": consents, "instruments": instrument_answers},
    optional={"created": stamps, "updated": stamps, "exercises": exercises,
              "reflections": reflections})

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(),
                         st.floats(allow_nan=True, allow_infinity=True),
                         st.text(st.characters(exclude_categories=()), max_size=30))
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=12) | keys, children, max_size=5),
    max_leaves=25)


# ----------------------------------------------------------------------------- helpers

def parse_or_reject(raw: bytes):
    """Parse; a rejection must be the documented error with a one-line message naming the file."""
    try:
        return answers.parse(raw, WHERE)
    except AnswerFileError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message
        assert message.startswith(f"{WHERE}: "), message
        assert len(message) < 600, message
        return None


# ----------------------------------------------------------------------------- properties

@FUZZ
@given(valid_files)
def test_valid_files_round_trip_unchanged(data):
    original = copy.deepcopy(data)
    raw = answers.dumps(data)
    assert answers.parse(raw) == original
    assert answers.dumps(answers.parse(raw)) == raw                   # byte for byte
    assert answers.parse(json.dumps(data).encode()) == original        # compact, ASCII-escaped
    assert answers.validate(data) is data and data == original        # validation changes nothing


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-disk")


@settings(FUZZ, max_examples=40)
@given(data=valid_files)
def test_valid_files_survive_a_save_and_load(disk, data):
    path = disk / f"{data['participant']}.json"
    answers.save(data, path)
    assert answers.load(path) == data


@FUZZ
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xef\xbb\xbf{}")
@example(b"[" * 50_000)
@example(b'{"a": 1' + b"0" * 5000 + b"}")
def test_arbitrary_bytes_are_parsed_or_rejected(raw):
    result = parse_or_reject(raw)
    if result is not None:
        assert answers.parse(answers.dumps(result)) == result


@FUZZ
@given(json_values)
def test_arbitrary_json_is_parsed_or_rejected(value):
    for raw in (json.dumps(value).encode(), json.dumps(value, ensure_ascii=False)
                .encode("utf-8", "surrogatepass")):
        result = parse_or_reject(raw)
        if result is not None:
            assert answers.parse(answers.dumps(result)) == result


@FUZZ
@given(valid_files, st.data())
def test_a_valid_file_with_one_part_replaced_is_parsed_or_rejected(data, draw):
    """Replace or delete one field, at any depth, with arbitrary JSON."""
    target = data
    path = []
    while isinstance(target, dict) and target and draw.draw(st.booleans(), label="deeper"):
        key = draw.draw(st.sampled_from(sorted(target)), label="key")
        path.append(key)
        parent, target = target, target[key]
    assume(path)
    if draw.draw(st.booleans(), label="delete"):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw.draw(json_values, label="value")
    result = parse_or_reject(json.dumps(data).encode())
    if result is not None:
        assert answers.parse(answers.dumps(result)) == result


@FUZZ
@given(valid_files, st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=3)),
                             min_size=1, max_size=4))
def test_a_valid_file_with_damaged_bytes_is_parsed_or_rejected(data, edits):
    raw = bytearray(answers.dumps(data))
    for position, replacement in edits:
        position %= len(raw)
        raw[position:position + 1] = replacement
    parse_or_reject(bytes(raw))


any_text = st.text(st.characters(exclude_categories=()) | st.characters(categories=["Cs"]),
                   max_size=20)


@FUZZ
@given(valid_files, keys, any_text, any_text)
def test_any_accepted_text_can_be_saved_again(data, key, reflection, exercise_answer):
    """JSON can carry text Python cannot write back as UTF-8 (a lone surrogate, "\\ud800");
    a file holding it must be rejected, not accepted and then fail on the next save."""
    data.setdefault("reflections", {})[key] = reflection
    data.setdefault("exercises", {}).setdefault(key, {})[key] = exercise_answer
    result = parse_or_reject(json.dumps(data).encode())
    if result is not None:
        assert answers.parse(answers.dumps(result)) == result


@FUZZ
@given(valid_files, st.sampled_from(sorted(INSTRUMENTS)), st.data())
def test_answers_off_the_scale_are_always_rejected(data, iid, draw):
    inst = INSTRUMENTS[iid]
    item = draw.draw(st.sampled_from(sorted(inst.item_ids)))
    bad = draw.draw(st.one_of(st.integers(max_value=inst.min - 1),
                              st.integers(min_value=inst.max + 1),
                              st.floats(), st.booleans(), st.text(max_size=3), st.none()))
    data["instruments"].setdefault(iid, {})[item] = bad
    assert parse_or_reject(json.dumps(data).encode()) is None


def test_boundary_lengths_round_trip():
    data = answers.new("a" * 40)
    data["reflections"] = {"walls-notice": "\u2764" * 20_000}
    data["exercises"] = {"action-plan": {"step": "s" * 4000}}
    assert answers.parse(answers.dumps(data)) == data
    data["reflections"]["walls-notice"] += "!"
    assert parse_or_reject(answers.dumps(data)) is None
