"""Group statistics against values worked out by hand."""

from __future__ import annotations

import pytest

from workshop import instruments, stats

# The worked alpha example used twice below.
#   rows (respondents x items): [1,2,3], [2,3,3], [3,4,5], [4,4,5]
#   item 1: 1,2,3,4  mean 2.5   squared deviations 2.25+0.25+0.25+2.25 = 5     -> var 5/3
#   item 2: 2,3,4,4  mean 3.25  1.5625+0.0625+0.5625+0.5625 = 2.75            -> var 11/12
#   item 3: 3,3,5,5  mean 4     1+1+1+1 = 4                                   -> var 4/3
#   sum of item variances = 20/12 + 11/12 + 16/12 = 47/12
#   totals: 6, 8, 12, 13  mean 9.75  14.0625+3.0625+5.0625+10.5625 = 32.75  -> var 131/12
#   alpha = 3/2 * (1 - 47/131) = 3/2 * 84/131 = 126/131 = 0.961832...
ROWS = [[1, 2, 3], [2, 3, 3], [3, 4, 5], [4, 4, 5]]
ALPHA = 0.9618320611


def test_summarise_by_hand():
    # 2,4,4,4,5,5,7,9: mean 40/8 = 5 ; squared deviations 9+1+1+1+0+0+4+16 = 32
    # sample variance 32/7 = 4.571428... ; SD = sqrt(4.571428...) = 2.1380899353
    s = stats.summarise([2, 4, 4, 4, 5, 5, 7, 9])
    assert s.n == 8
    assert s.mean == pytest.approx(5.0)
    assert s.sd == pytest.approx(2.1380899353, abs=1e-9)


def test_summarise_skips_missing_values():
    # 3 and 5: mean 4, sample SD sqrt((1 + 1) / 1) = 1.4142135624
    s = stats.summarise([None, 3, None, 5])
    assert (s.n, s.mean) == (2, 4.0)
    assert s.sd == pytest.approx(1.4142135624, abs=1e-9)


def test_summarise_small_inputs():
    assert stats.summarise([]) == stats.Summary(0, None, None)
    assert stats.summarise([None, None]) == stats.Summary(0, None, None)
    one = stats.summarise([42.5])
    assert (one.n, one.mean, one.sd) == (1, 42.5, None)
    same = stats.summarise([7, 7, 7])
    assert (same.mean, same.sd) == (7.0, 0.0)


def test_cronbach_alpha_by_hand():
    assert stats.cronbach_alpha(ROWS) == pytest.approx(ALPHA, abs=1e-9)


def test_cronbach_alpha_of_identical_items_is_one():
    # two identical items 1,2,3: item vars 1 + 1 = 2 ; totals 2,4,6 var 4 ; alpha = 2*(1-2/4) = 1
    assert stats.cronbach_alpha([[1, 1], [2, 2], [3, 3]]) == pytest.approx(1.0)


def test_cronbach_alpha_does_not_depend_on_respondent_order():
    assert stats.cronbach_alpha(ROWS[::-1]) == pytest.approx(ALPHA, abs=1e-9)


@pytest.mark.parametrize("rows", [
    [],                               # nobody
    [[1, 2, 3]],                      # one respondent
    [[1], [2], [3]],                  # one item
    [[1, 5], [5, 1], [3, 3]],         # every total is 6: no variance
    [[2, 2, 2], [2, 2, 2]],           # no variance at all
])
def test_cronbach_alpha_undefined(rows):
    assert stats.cronbach_alpha(rows) is None


@pytest.fixture
def three_items():
    """Scale 1-5, items a, b plain and c reversed, one subscale."""
    return instruments.parse({
        "id": "three", "title": "Three", "scale": {"min": 1, "max": 5},
        "subscales": [{"id": "s", "label": "S"}, {"id": "other", "label": "Other"}],
        "items": [{"id": "a", "subscale": "s", "text": "a"},
                  {"id": "b", "subscale": "s", "text": "b"},
                  {"id": "c", "subscale": "s", "text": "c", "reverse": True},
                  {"id": "z", "subscale": "other", "text": "z"}],
    })


def test_subscale_alpha_keys_reversed_items_and_drops_incomplete_people(three_items):
    # c is reversed, so raw c = 6 - keyed: keyed rows are exactly ROWS above.
    complete = [{"a": 1, "b": 2, "c": 3}, {"a": 2, "b": 3, "c": 3},
                {"a": 3, "b": 4, "c": 1}, {"a": 4, "b": 4, "c": 1, "z": 5}]
    incomplete = [{"a": 5, "b": 1}, {"b": 2, "c": 2, "z": 1}, {}, {"z": 3}]
    answer_sets = [incomplete[0], *complete[:2], incomplete[1], incomplete[2], *complete[2:],
                   incomplete[3]]
    alpha, used = stats.subscale_alpha(three_items, "s", answer_sets)
    assert used == 4
    assert alpha == pytest.approx(ALPHA, abs=1e-9)


def test_subscale_alpha_with_too_few_complete_people(three_items):
    alpha, used = stats.subscale_alpha(three_items, "s", [{"a": 1, "b": 2, "c": 3}, {"a": 1}])
    assert (alpha, used) == (None, 1)


def test_subscale_alpha_on_a_real_instrument_counts_listwise():
    walls = instruments.get("walls")
    ids = [i.id for i in walls.items_of("stoicism")]
    full = {i: 3 for i in ids}
    people = [dict(full), {**full, ids[0]: 4}, {**full, ids[1]: 5}, {k: v for k, v in full.items()
                                                                    if k != ids[2]}]
    _, used = stats.subscale_alpha(walls, "stoicism", people)
    assert used == 3
