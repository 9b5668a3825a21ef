"""Instruments are data: the packaged ones are complete and kind, malformed files are refused."""

from __future__ import annotations

import re
import tomllib

import pytest

from workshop import instruments
from workshop.instruments import InstrumentError

EXPECTED = {"perfectionism", "walls", "safe-space", "fears", "connection"}
DIAGNOSTIC = re.compile(r"disorder|diagnos|patholog|abnormal|severe|clinical", re.IGNORECASE)


def test_all_five_instruments_load():
    loaded = instruments.load_all()
    assert set(loaded) == EXPECTED
    for iid, inst in loaded.items():
        assert inst.id == iid
        assert inst.max > inst.min
        assert inst.items and inst.subscales
        assert len(inst.item_ids) == len(inst.items)
        if inst.labels:
            assert len(inst.labels) == inst.max - inst.min + 1


def test_get_known_and_unknown():
    assert instruments.get("walls").title
    with pytest.raises(KeyError, match="no-such"):
        instruments.get("no-such")


def test_walls_has_the_five_patterns_with_three_items_each():
    walls = instruments.get("walls")
    assert [s.id for s in walls.subscales] == [
        "stoicism", "busyness", "caregiving", "numbing", "smokescreens"]
    for s in walls.subscales:
        assert len(walls.items_of(s.id)) >= 3, s.id


def test_spec_subscales_of_the_other_instruments():
    assert {s.id for s in instruments.get("safe-space").subscales} == {
        "respect-trust", "support", "curiosity"}
    assert {s.id for s in instruments.get("fears").subscales} == {
        "rejection", "being-known", "worthiness", "independence"}


@pytest.mark.parametrize("iid", sorted(EXPECTED))
def test_every_instrument_has_a_reversed_item(iid):
    inst = instruments.get(iid)
    assert any(item.reverse for item in inst.items)
    assert not all(item.reverse for item in inst.items)


@pytest.mark.parametrize("iid", sorted(EXPECTED))
def test_every_subscale_has_items(iid):
    inst = instruments.get(iid)
    for s in inst.subscales:
        assert inst.items_of(s.id), s.id


@pytest.mark.parametrize("iid", sorted(EXPECTED))
def test_band_words_are_not_diagnostic(iid):
    inst = instruments.get(iid)
    labels = [label for _, label in inst.bands] + [inst.band(None)]
    for label in labels:
        assert not DIAGNOSTIC.search(label), f"{iid}: band label {label!r}"
    # the bands climb to 100 so every score gets words
    assert inst.bands[-1][0] >= 100
    assert [u for u, _ in inst.bands] == sorted(u for u, _ in inst.bands)


def test_default_bands_are_not_diagnostic():
    for _, label in instruments.DEFAULT_BANDS:
        assert not DIAGNOSTIC.search(label)


def test_raw_files_match_what_is_loaded():
    # Independent read of the TOML: the loader must not drop or invent items.
    for path in sorted(instruments.INSTRUMENTS_DIR.glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        inst = instruments.get(path.stem)
        assert [i["id"] for i in raw["items"]] == [i.id for i in inst.items]
        reversed_in_file = [bool(i.get("reverse", False)) for i in raw["items"]]
        assert reversed_in_file == [i.reverse for i in inst.items]


def test_band_edges():
    walls = instruments.get("walls")
    (first_upto, first), (_, second) = walls.bands[0], walls.bands[1]
    assert walls.band(0) == first
    assert walls.band(first_upto) == first          # "upto" is inclusive
    assert walls.band(first_upto + 0.01) == second
    assert walls.band(100) == walls.bands[-1][1]
    assert walls.band(None) == "Not enough answers"


# ----------------------------------------------------------------------------- malformed files

GOOD = """\
id = "{name}"
title = "A test instrument"
[scale]
min = 1
max = 5
[[subscales]]
id = "alpha"
label = "Alpha"
[[items]]
id = "x-01"
subscale = "alpha"
text = "first"
[[items]]
id = "x-02"
subscale = "alpha"
text = "second"
reverse = true
"""


def write(tmp_path, text, name="probe"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace("{name}", name), encoding="utf-8")
    return path


def test_the_good_template_loads(tmp_path):
    inst = instruments.load_file(write(tmp_path, GOOD))
    assert [i.id for i in inst.items] == ["x-01", "x-02"]
    assert inst.item("x-02").reverse and not inst.item("x-01").reverse
    assert inst.min_answered == 0.8                     # the spec's default
    assert inst.bands == instruments.DEFAULT_BANDS


@pytest.mark.parametrize("text, expected", [
    (GOOD.replace('subscale = "alpha"\ntext = "second"', 'subscale = "beta"\ntext = "second"'),
     r"x-02: unknown subscale 'beta'"),
    (GOOD.replace('id = "x-02"', 'id = "x-01"'), r"duplicate item ids"),
    (GOOD.replace('title = "A test instrument"\n', ""), r"missing key 'title'"),
    (GOOD.replace('text = "first"\n', ""), r"x-01: missing key 'text'"),
    (GOOD.replace("max = 5\n", ""), r"\[scale\]: missing key 'max'"),
    (GOOD + '[[bands]]\nupto = 50\nlabel = "low"\n[[bands]]\nupto = 90\nlabel = "high"\n',
     r"upto = 100"),
    (GOOD.replace("max = 5", "max = 1"), r"max must be greater than min"),
    (GOOD.replace("max = 5", 'max = "5"'), r"'max' must be int"),
    (GOOD.replace("[scale]", 'min_answered = 1.5\n[scale]'), r"min_answered"),
    (GOOD.replace("max = 5", 'max = 5\nlabels = ["a", "b"]'), r"2 labels for 5 points"),
    (GOOD + '[[subscales]]\nid = "empty"\nlabel = "Empty"\n', r"subscale 'empty' has no items"),
    (GOOD.replace("[scale]", 'direction = "sideways"\n[scale]'), r"direction"),
    (GOOD + '[[bands]]\nlabel = "no upto"\n', r"\[\[bands\]\] needs a number 'upto'"),
    (GOOD + '[[bands]]\nupto = "lots"\nlabel = "x"\n', r"\[\[bands\]\] needs a number 'upto'"),
    ('id = "probe"\ntitle = "x"\n[scale\n', r"not valid TOML"),
])
def test_malformed_file_is_refused_clearly(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InstrumentError, match=expected) as exc:
        instruments.load_file(path)
    message = str(exc.value)
    assert str(path) in message
    assert "\n" not in message.split(": not valid TOML")[0]


def test_id_must_match_file_name(tmp_path):
    path = write(tmp_path, GOOD.replace('id = "{name}"', 'id = "other"'))
    with pytest.raises(InstrumentError, match=r"'other' does not match the file name"):
        instruments.load_file(path)


def test_load_all_of_a_folder_stops_at_the_first_bad_file(tmp_path):
    write(tmp_path, GOOD, name="aaa")
    write(tmp_path, GOOD.replace('id = "x-02"', 'id = "x-01"'), name="bbb")
    with pytest.raises(InstrumentError, match="bbb.toml"):
        instruments.load_all(tmp_path)
