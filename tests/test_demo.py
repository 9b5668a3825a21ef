"""Synthetic cohorts: reproducible, valid, and as untidy as real groups."""

from __future__ import annotations

import itertools
import math
import os
import stat

import pytest

from workshop import answers, demo, instruments

N = 60


def contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Sixty participants written to disk and read back through the validator."""
    out = tmp_path_factory.mktemp("cohort")
    paths = demo.write_cohort(N, seed=7, out=out)
    return out, paths, [answers.load(p) for p in paths]


def test_same_seed_gives_byte_identical_files(tmp_path):
    a = demo.write_cohort(12, seed=3, out=tmp_path / "a")
    b = demo.write_cohort(12, seed=3, out=tmp_path / "b")
    assert len(a) == len(b) == 12
    first, second = contents(tmp_path / "a"), contents(tmp_path / "b")
    assert len(first) == 12
    assert first == second


def test_different_seeds_differ(tmp_path):
    demo.write_cohort(12, seed=3, out=tmp_path / "a")
    demo.write_cohort(12, seed=4, out=tmp_path / "b")
    first, second = contents(tmp_path / "a"), contents(tmp_path / "b")
    assert first != second
    assert set(first) != set(second)  # even the pseudonyms


def test_every_file_validates_and_is_private(cohort):
    out, paths, data = cohort
    assert len(paths) == N == len({p.name for p in paths})
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o700
    for path, d in zip(paths, data):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert path.name == f"{d['participant']}.json"
        answers.check_pseudonym(d["participant"])
    assert len({d["participant"] for d in data}) == N


def test_some_decline_consent(cohort):
    consents = [d["consent"]["group_report"] for d in cohort[2]]
    assert 0 < consents.count(False) < N
    # reflections may only be shared by someone who agreed to be counted at all
    for d in cohort[2]:
        if d["consent"]["reflections_in_group_report"]:
            assert d["consent"]["group_report"]
    assert any(d["consent"]["reflections_in_group_report"] for d in cohort[2])


def test_some_answers_are_missing(cohort):
    all_items = {iid: inst.item_ids for iid, inst in instruments.load_all().items()}
    partial = skipped = complete = 0
    for d in cohort[2]:
        for iid, items in all_items.items():
            given = d["instruments"].get(iid)
            if given is None:
                skipped += 1
            elif set(given) < items:
                partial += 1
            else:
                complete += 1
    assert partial > 0, "nobody left an item out"
    assert skipped > 0, "nobody skipped a whole instrument"
    assert complete > 0


def test_answers_use_the_whole_scale(cohort):
    walls = instruments.get("walls")
    seen = {v for d in cohort[2] for v in d["instruments"].get("walls", {}).values()}
    assert seen == set(range(walls.min, walls.max + 1))


def test_reflections_vary_in_length(cohort):
    lengths = [len(text) for d in cohort[2] for text in d["reflections"].values()]
    assert len(lengths) > N  # most people write more than one
    assert max(lengths) > 3 * min(lengths)
    assert len(set(lengths)) >= 10
    counts = [len(d["reflections"]) for d in cohort[2]]
    assert min(counts) < max(counts)


def test_some_have_an_action_plan(cohort):
    plans = [d["exercises"].get("action-plan") for d in cohort[2]]
    with_plan = [p for p in plans if p]
    assert 0 < len(with_plan) < N
    for p in with_plan:
        assert p["step"] and p["when"] and p["support"]


def pearson(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def test_answers_correlate_within_a_subscale(cohort):
    walls = instruments.get("walls")
    items = walls.items_of("stoicism")
    assert len(items) >= 3

    def keyed(item, value):  # reversed items point the other way before correlating
        return walls.min + walls.max - value if item.reverse else value

    correlations = []
    for a, b in itertools.combinations(items, 2):
        answered = [d["instruments"].get("walls", {}) for d in cohort[2]]
        pairs = [(keyed(a, w[a.id]), keyed(b, w[b.id]))
                 for w in answered if a.id in w and b.id in w]
        assert len(pairs) > N / 2
        correlations.append(pearson(*zip(*pairs)))
    mean_r = sum(correlations) / len(correlations)
    assert mean_r > 0.2, f"mean inter-item correlation {mean_r:.2f}"


def test_people_differ(cohort):
    walls = instruments.get("walls")
    totals = []
    for d in cohort[2]:
        given = d["instruments"].get("walls", {})
        if given:
            totals.append(sum(given.values()) / len(given))
    assert max(totals) - min(totals) > 1.0
    assert walls.min <= min(totals) and max(totals) <= walls.max


def test_demo_reflections_use_the_notebooks_reflection_ids():
    """Demo cohorts exercise the same reflection boxes the notebooks have."""
    import re
    from pathlib import Path

    from workshop import demo

    root = Path(__file__).resolve().parent.parent
    used = set()
    for nb in (root / "notebooks").glob("*.ipynb"):
        used |= set(re.findall(r'exercises\.reflection\(\\"([a-z0-9-]+)\\"', nb.read_text()))
    assert used and set(demo._REFLECTIONS) == used
