"""Instruments are data: the packaged ones are complete and kind, malformed files are refused."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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


def test_connection_reads_as_a_challenge_throughout():
    # Every label names a difficulty, so a low score never reads as "little respect and care".
    conn = instruments.get("connection")
    assert conn.direction == "challenge"
    assert [s.label for s in conn.subscales] == [
        "Drifting apart", "Running short of time for us", "Hard to talk things through",
        "Blame creeping in", "Hiding my real self"]
    assert conn.subscale("distance").higher_means == "more distance than you would like"


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
def test_most_items_of_each_subscale_point_the_way_of_its_label(iid):
    # The label and higher_means describe the unreversed items, so they must be the majority.
    inst = instruments.get(iid)
    for s in inst.subscales:
        items = inst.items_of(s.id)
        assert sum(i.reverse for i in items) < len(items) / 2, s.id


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
higher_means = "more alpha"
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
    (GOOD + '[[subscales]]\nid = "empty"\nlabel = "Empty"\nhigher_means = "more"\n',
     r"subscale 'empty' has no items"),
    (GOOD.replace('higher_means = "more alpha"', "higher_means = 3"),
     r"subscale alpha: 'higher_means' must be str"),
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


# ----------------------------------------------------------------------------- item-writing rules
# The rules in workshop/instruments/README.md, as checks. Each heuristic is shown to catch the
# items a reviewer found wrong in an earlier version (their old texts are kept below).

FREQUENCY = re.compile(
    r"\b(never|rarely|seldom|sometimes|often|always|usually|every|constantly|frequently|"
    r"occasionally|regular|regularly|normally|generally|typically|mostly|hardly|ever|"
    r"continually|daily|weekly|all the time|most of the time|now and then|from time to time|"
    r"at times)\b", re.IGNORECASE)

# "and"/"or" that do not join two behaviours. Keep this list short and explicit.
JOINED_BUT_ONE_THING = ("my partner and i", "you and me", "more or less", "back and forth")
# Words that join two clauses, so that one answer would have to cover two things.
JOINER = re.compile(r"\b(and|or|nor|but|because|without|as well as)\b|/", re.IGNORECASE)

OLD_FREQUENCY_WORDS = {
    "connection-06": "We rarely have time together that isn't about getting something done.",
    "perfectionism-01": "I hold myself to standards in my relationship that I could never fully "
                        "meet.",
    "walls-05": "I fill every gap in my day so that I don't have to sit still.",
    "connection-08": "I make regular, deliberate time for us, even when life is busy.",
}
OLD_DOUBLE_BARRELLED = {
    "perfectionism-04": "I expect a lot of my partner and feel let down when they fall short.",
    "connection-09": "I avoid bringing up things that matter because talking about them goes "
                     "badly.",
    "connection-12": "I can tell my partner honestly how I feel without it turning into a fight.",
    "fears-04": "I can share something tender and trust myself to cope with the response.",
    "walls-19": "When things start to feel close, I remember something my partner did wrong and "
                "pull back.",
    "walls-06": "Slowing down makes me feel restless or uneasy.",
    "walls-13": "When I feel low or tense, I reach for my phone, a drink or a screen to switch "
                "off.",
}


def frequency_word(text: str) -> str | None:
    """The frequency word inside an item, if any: the scale already asks how often."""
    m = FREQUENCY.search(text)
    return m.group(0) if m else None


def joiner(text: str) -> str | None:
    """The word that makes an item double-barrelled, if any (after the allowed phrases)."""
    lowered = text.lower()
    for phrase in JOINED_BUT_ONE_THING:
        lowered = lowered.replace(phrase, " ")
    m = JOINER.search(lowered)
    return m.group(0) if m else None


def is_frequency_scale(inst: instruments.Instrument) -> bool:
    return any(FREQUENCY.search(label) for label in inst.labels)


ALL_ITEMS = [(iid, item) for iid, inst in sorted(instruments.load_all().items())
             for item in inst.items]


@pytest.mark.parametrize("item_id, text", sorted(OLD_FREQUENCY_WORDS.items()))
def test_the_frequency_check_catches_the_old_items(item_id, text):
    assert frequency_word(text), item_id


@pytest.mark.parametrize("item_id, text", sorted(OLD_DOUBLE_BARRELLED.items()))
def test_the_double_barrel_check_catches_the_old_items(item_id, text):
    assert joiner(text), item_id


def test_the_checks_pass_plain_items_and_the_allowed_phrases():
    assert frequency_word("I say I'm fine when I'm not.") is None
    assert frequency_word("I look after everyone else's needs.") is None  # "every" is a word
    assert joiner("My partner and I plan the week together.") is None
    assert joiner("I listen, and then I ask.") == "and"
    assert joiner("I call or text.") == "or"


def test_every_packaged_instrument_uses_a_frequency_scale():
    # The frequency-word rule below only bites on a frequency scale; all five use one today.
    for inst in instruments.load_all().values():
        assert is_frequency_scale(inst), inst.id


@pytest.mark.parametrize("iid, item", ALL_ITEMS, ids=[i.id for _, i in ALL_ITEMS])
def test_no_frequency_word_inside_an_item_on_a_frequency_scale(iid, item):
    if is_frequency_scale(instruments.get(iid)):
        assert frequency_word(item.text) is None, item.text


@pytest.mark.parametrize("iid, item", ALL_ITEMS, ids=[i.id for _, i in ALL_ITEMS])
def test_no_item_is_double_barrelled(iid, item):
    assert joiner(item.text) is None, item.text


@pytest.mark.parametrize("iid", sorted(EXPECTED))
def test_every_subscale_says_what_a_higher_score_means(iid):
    inst = instruments.get(iid)
    for s in inst.subscales:
        # a short comparative phrase, so that it reads beside a number: "more ..." or "less ..."
        assert re.match(r"(more|less) \S", s.higher_means), (s.id, s.higher_means)
        assert len(s.higher_means) <= 60, s.id
        assert not DIAGNOSTIC.search(s.higher_means), s.id


@pytest.mark.parametrize("iid", sorted(EXPECTED))
def test_a_subscale_of_four_or_more_items_has_a_reversed_item(iid):
    inst = instruments.get(iid)
    for s in inst.subscales:
        items = inst.items_of(s.id)
        if len(items) >= 4:
            assert any(i.reverse for i in items) or s.no_reverse_reason, s.id


def test_couples_counselling_is_never_suggested_without_the_caveat():
    for inst in instruments.load_all().values():
        for s in inst.subscales:
            for text in (s.suggestion, s.description):
                if re.search(r"couples?\s+(counsel|therap|work)", text, re.IGNORECASE):
                    assert re.search(r"abuse, fear or control", text), (inst.id, s.id)


def test_a_file_without_higher_means_is_refused_naming_file_and_subscale(tmp_path):
    path = write(tmp_path, GOOD.replace('higher_means = "more alpha"\n', ""))
    with pytest.raises(InstrumentError, match=r"subscale alpha: missing key 'higher_means'") as exc:
        instruments.load_file(path)
    assert str(path) in str(exc.value)


def test_no_reverse_reason_is_read_from_the_file(tmp_path):
    text = GOOD.replace('higher_means = "more alpha"\n',
                        'higher_means = "more alpha"\nno_reverse_reason = "all items are facts"\n')
    inst = instruments.load_file(write(tmp_path, text))
    assert inst.subscale("alpha").no_reverse_reason == "all items are facts"
    assert inst.subscale("alpha").higher_means == "more alpha"


def test_the_score_table_shows_higher_means_under_every_score():
    import html

    from workshop import charts, scoring

    for inst in instruments.load_all().values():
        results = scoring.score(inst, {i.id: inst.max for i in inst.items})
        table = charts.score_table(results)
        for sub, r in zip(inst.subscales, results):
            row = (f"<th scope='row'>{html.escape(sub.label)}</th><td class='num'>"
                   f"{r.score:.0f}</td><td>{html.escape(r.band)}</td></tr>")
            after = table.split(row, 1)[1]
            assert after.startswith("<tr class='closer-higher'>"), sub.id
            line = after.split("</tr>")[0]
            assert f"A higher score means {html.escape(sub.higher_means)}." in line


@pytest.mark.parametrize("iid", sorted(EXPECTED))
def test_ids_follow_the_pattern_and_subscales_have_three_items(iid):
    inst = instruments.get(iid)
    for item in inst.items:
        assert re.fullmatch(rf"{re.escape(iid)}-\d\d", item.id), item.id
    for s in inst.subscales:
        assert len(inst.items_of(s.id)) >= 3, s.id


def test_the_guide_counts_the_statements_each_instrument_has():
    """The module notes say how many statements a self-assessment has: they must not drift."""
    import re

    guide = Path(__file__).resolve().parents[1] / "facilitator_guide" / "modules"
    by_title = {i.title: i for i in instruments.load_all().values()}
    found = {}
    for page in sorted(guide.glob("*.md")):
        for title, count in re.findall(r'Self-assessment \*\*"([^"]+)"\*\*: (\d+) statements',
                                       page.read_text(encoding="utf-8")):
            assert title in by_title, f"{page.name} names an instrument that does not exist: {title}"
            assert int(count) == len(by_title[title].items), f"{page.name}: {title}"
            found[title] = page.name
    assert set(found) == set(by_title), "every instrument is described in a module note"
