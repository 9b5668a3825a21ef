"""Scoring as the spec fixes it: hand-computed cases on a tiny instrument, then properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop import instruments, scoring

# `tiny` (conftest): scale 1-5, one subscale "only" of items t1..t5, t3 reversed, min_answered 0.8.


def only(results):
    assert len(results) == 1
    return results[0]


# ----------------------------------------------------------------------------- by hand

def test_reversed_item_counts_from_the_other_end(tiny):
    assert scoring.keyed(tiny, "t3", 2) == 4       # 1 + 5 - 2
    assert scoring.keyed(tiny, "t3", 5) == 1
    assert scoring.keyed(tiny, "t1", 2) == 2       # not reversed


def test_all_answered_with_a_reversed_item(tiny):
    # t1=1, t2=2, t3=2 (reversed: 1+5-2 = 4), t4=4, t5=5
    # mean = (1+2+4+4+5)/5 = 16/5 = 3.2 ; score = (3.2-1)/(5-1)*100 = 2.2/4*100 = 55.0
    r = only(scoring.score(tiny, {"t1": 1, "t2": 2, "t3": 2, "t4": 4, "t5": 5}))
    assert r.mean == pytest.approx(3.2)
    assert r.score == pytest.approx(55.0)
    assert (r.answered, r.items) == (5, 5)
    assert r.instrument == "tiny" and r.subscale == "only" and r.label == "Only"
    assert r.band == "A familiar pattern"           # default bands: 50 < 55 <= 75


def test_exactly_at_min_answered_is_scored(tiny):
    # 4 of 5 answered = 0.8 = min_answered -> scored.
    # t1=3, t2=4, t3=1 (reversed: 5), t5=2 ; mean = (3+4+5+2)/4 = 14/4 = 3.5
    # score = (3.5-1)/4*100 = 62.5
    r = only(scoring.score(tiny, {"t1": 3, "t2": 4, "t3": 1, "t5": 2}))
    assert r.mean == pytest.approx(3.5)
    assert r.score == pytest.approx(62.5)
    assert (r.answered, r.items) == (4, 5)


def test_one_below_min_answered_has_no_score(tiny):
    # 3 of 5 = 0.6 < 0.8 -> no score
    r = only(scoring.score(tiny, {"t1": 5, "t2": 5, "t3": 1}))
    assert r.mean is None and r.score is None
    assert r.answered == 3
    assert r.band == "Not enough answers"


def test_no_answers(tiny):
    r = only(scoring.score(tiny, {}))
    assert r.mean is None and r.score is None
    assert (r.answered, r.items) == (0, 5)
    assert r.band == "Not enough answers"


def test_extremes(tiny):
    # everything at the "low" end once keyed: t3 answered 5 counts as 1
    low = only(scoring.score(tiny, {"t1": 1, "t2": 1, "t3": 5, "t4": 1, "t5": 1}))
    assert (low.mean, low.score) == (1.0, 0.0)
    high = only(scoring.score(tiny, {"t1": 5, "t2": 5, "t3": 1, "t4": 5, "t5": 5}))
    assert (high.mean, high.score) == (5.0, 100.0)


def test_min_answered_with_awkward_float():
    # 0.7 * 10 = 7.000000000000001 in floating point; 7 of 10 answers must still count.
    inst = instruments.parse({
        "id": "ten", "title": "Ten", "scale": {"min": 0, "max": 4}, "min_answered": 0.7,
        "subscales": [{"id": "s", "label": "S"}],
        "items": [{"id": f"i{n}", "subscale": "s", "text": "x"} for n in range(10)],
    })
    # 7 answers of 2 on a 0-4 scale: mean 2.0, score (2-0)/4*100 = 50.0
    r = only(scoring.score(inst, {f"i{n}": 2 for n in range(7)}))
    assert r.score == pytest.approx(50.0)
    assert only(scoring.score(inst, {f"i{n}": 2 for n in range(6)})).score is None


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, 3.0, True, False, "3", None])
def test_wrong_value_raises(tiny, bad):
    with pytest.raises(ValueError, match="t2"):
        scoring.score(tiny, {"t1": 3, "t2": bad})


def test_unknown_item_raises(tiny):
    with pytest.raises(ValueError, match="t9"):
        scoring.score(tiny, {"t1": 3, "t9": 3})


def test_walls_subscales_by_hand():
    walls = instruments.get("walls")
    # stoicism: walls-01..03 plain, walls-04 reversed. 5, 4, 4, and walls-04=1 -> 5
    # mean = (5+4+4+5)/4 = 4.5 ; score = 3.5/4*100 = 87.5
    results = {r.subscale: r for r in scoring.score(
        walls, {"walls-01": 5, "walls-02": 4, "walls-03": 4, "walls-04": 1})}
    assert results["stoicism"].mean == pytest.approx(4.5)
    assert results["stoicism"].score == pytest.approx(87.5)
    assert results["busyness"].score is None and results["busyness"].answered == 0
    assert list(results) == ["stoicism", "busyness", "caregiving", "numbing", "smokescreens"]


def test_prominent_orders_by_direction():
    walls = instruments.get("walls")
    # stoicism all 1 (walls-04 reversed: 5 -> 1): score 0 ; busyness all 5 (walls-08=1 -> 5): 100
    res = scoring.score(walls, {"walls-01": 1, "walls-02": 1, "walls-03": 1, "walls-04": 5,
                                "walls-05": 5, "walls-06": 5, "walls-07": 5, "walls-08": 1})
    assert [r.subscale for r in scoring.prominent(walls, res)] == ["busyness", "stoicism"]
    safe = instruments.get("safe-space")
    assert safe.direction == "strength"
    first = safe.subscales[0].id
    items = safe.items_of(first)
    low = {i.id: (5 if i.reverse else 1) for i in items}     # score 0
    second = safe.items_of(safe.subscales[1].id)
    high = {i.id: (1 if i.reverse else 5) for i in second}   # score 100
    ordered = scoring.prominent(safe, scoring.score(safe, {**high, **low}))
    assert [r.score for r in ordered] == [0.0, 100.0]


def test_csv_rows_cover_every_instrument_and_subscale(valid_data):
    rows = scoring.csv_rows(valid_data)
    expected = {(iid, s.id) for iid, inst in instruments.load_all().items() for s in inst.subscales}
    assert {(r["instrument"], r["subscale"]) for r in rows} == expected
    assert len(rows) == len(expected)
    assert all(r["participant"] == "river-42" for r in rows)
    assert scoring.CSV_COLUMNS == ("participant", "instrument", "subscale", "mean", "score",
                                   "answered", "items")
    assert all(tuple(r) == scoring.CSV_COLUMNS for r in rows)
    # only 2 of walls' 4 stoicism items: below 0.66 -> empty mean and score
    stoic = next(r for r in rows if r["subscale"] == "stoicism")
    assert (stoic["mean"], stoic["score"], stoic["answered"], stoic["items"]) == ("", "", 2, 4)


# ----------------------------------------------------------------------------- properties

ALL = instruments.load_all()


@st.composite
def instrument_and_answers(draw, complete=False):
    inst = draw(st.sampled_from(sorted(ALL.values(), key=lambda i: i.id)))
    answers = {}
    for item in inst.items:
        if complete or draw(st.booleans()):
            answers[item.id] = draw(st.integers(inst.min, inst.max))
    return inst, answers


def oracle(inst, answers):
    """The spec's rules, written out again independently of scoring.py."""
    out = {}
    for sub in inst.subscales:
        ids = [i.id for i in inst.items if i.subscale == sub.id]
        vals = []
        for i in inst.items:
            if i.subscale == sub.id and i.id in answers:
                a = answers[i.id]
                vals.append(inst.min + inst.max - a if i.reverse else a)
        if vals and len(vals) / len(ids) >= inst.min_answered - 1e-9:
            m = sum(vals) / len(vals)
            out[sub.id] = (m, (m - inst.min) / (inst.max - inst.min) * 100)
        else:
            out[sub.id] = (None, None)
    return out


@settings(max_examples=200, deadline=None)
@given(instrument_and_answers())
def test_scores_stay_within_0_and_100(case):
    inst, answers = case
    for r in scoring.score(inst, answers):
        assert r.answered <= r.items
        if r.score is not None:
            assert 0 <= r.score <= 100
            assert inst.min <= r.mean <= inst.max
            assert r.band == inst.band(r.score)
        else:
            assert r.band == "Not enough answers"


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(instrument_and_answers())
def test_matches_an_independent_reading_of_the_spec(case):
    inst, answers = case
    expected = oracle(inst, answers)
    for r in scoring.score(inst, answers):
        mean, score = expected[r.subscale]
        if mean is None:
            assert r.mean is None and r.score is None
        else:
            assert r.mean == pytest.approx(mean) and r.score == pytest.approx(score)


@settings(max_examples=200, deadline=None)
@given(instrument_and_answers(complete=True))
def test_reversing_every_answer_mirrors_the_score(case):
    inst, answers = case
    flipped = {k: inst.min + inst.max - v for k, v in answers.items()}
    before = {r.subscale: r.score for r in scoring.score(inst, answers)}
    after = {r.subscale: r.score for r in scoring.score(inst, flipped)}
    for sub, s in before.items():
        assert s is not None
        assert math.isclose(after[sub], 100 - s, abs_tol=1e-9)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(instrument_and_answers(), st.randoms(use_true_random=False))
def test_item_order_does_not_matter(case, rnd):
    inst, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    assert scoring.score(inst, dict(items)) == scoring.score(inst, answers)
    assert scoring.score(inst, dict(reversed(items))) == scoring.score(inst, answers)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["t1", "t2", "t3", "t4", "t5"]),
                       st.one_of(st.integers(-10, 10), st.floats(allow_nan=False), st.booleans(),
                                 st.text(max_size=2))))
def test_score_never_accepts_a_value_off_the_scale(answers):
    tiny = instruments.parse({
        "id": "tiny", "title": "Tiny", "scale": {"min": 1, "max": 5},
        "subscales": [{"id": "only", "label": "Only"}],
        "items": [{"id": f"t{n}", "subscale": "only", "text": "x"} for n in range(1, 6)]})
    ok = all(type(v) is int and 1 <= v <= 5 for v in answers.values())
    if ok:
        assert scoring.score(tiny, answers)
    else:
        with pytest.raises(ValueError):
            scoring.score(tiny, answers)


def test_why_an_answer_cannot_count_is_said_in_the_current_language(tiny):
    from workshop import i18n

    with i18n.using("es"):
        assert scoring.answer_problem(tiny, "t9", 3) == "no es una afirmación de 'tiny'"
        assert scoring.answer_problem(tiny, "t1", 2.5) == "debe ser un número entero"
        assert scoring.answer_problem(tiny, "t1", 7) == "7 está fuera de la escala de 1 a 5"
        assert scoring.answer_problem(tiny, "t1", 3) is None
    assert scoring.answer_problem(tiny, "t1", 7) == "7 is outside the scale 1-5"
