"""Scoring, exactly as the spec fixes it, so notebooks, reports and CSV always agree.

- a reversed item counts as `min + max - answer`;
- a subscale's mean is the mean of its answered items if at least `min_answered` of its items
  are answered; otherwise it has no score;
- score = (mean - min) / (max - min) * 100.
"""

from __future__ import annotations

import contextlib
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from workshop.i18n import _
from workshop.instruments import Instrument


@dataclass(frozen=True)
class SubscaleScore:
    instrument: str
    subscale: str
    label: str
    mean: float | None
    score: float | None
    answered: int
    items: int
    band: str


def answer_problem(instrument: Instrument, item_id: str, value) -> str | None:
    """Why an answer cannot count, in plain words, or None when it can.

    The one range rule: answer files are validated with it, and scoring refuses the same answers.
    """
    if item_id not in instrument.item_ids:
        return _("is not an item of '{instrument}'").format(instrument=instrument.id)
    if isinstance(value, bool) or not isinstance(value, int):
        return _("must be a whole number")
    if not instrument.min <= value <= instrument.max:
        return _("{value} is outside the scale {min}-{max}").format(
            value=value, min=instrument.min, max=instrument.max)
    return None


def attention(instrument: Instrument, score: float) -> float:
    """How much a 0-100 score asks for attention: a challenge by its size, a strength by the room
    it has to grow. The one direction rule for charts' order, suggestions and group notes."""
    return score if instrument.direction == "challenge" else 100 - score


def keyed(instrument: Instrument, item_id: str, value: int) -> int:
    """The answer as it counts, after reverse keying."""
    item = instrument.item(item_id)
    return instrument.min + instrument.max - value if item.reverse else value


def score(instrument: Instrument, answers: Mapping[str, int]) -> list[SubscaleScore]:
    """Score one participant's answers to one instrument, one result per subscale.

    Raises ValueError for an unknown item or an answer that is not a whole number on the scale.
    """
    for item_id, value in answers.items():
        reason = answer_problem(instrument, item_id, value)
        if reason:
            raise ValueError(f"{instrument.id}.{item_id}: {reason}")
    results = []
    span = instrument.max - instrument.min
    for sub in instrument.subscales:
        items = instrument.items_of(sub.id)
        values = [keyed(instrument, i.id, answers[i.id]) for i in items if i.id in answers]
        mean = score_ = None
        # Compare counts, not floats, so "exactly at min_answered" always passes.
        if values and len(values) >= instrument.min_answered * len(items) - 1e-9:
            mean = sum(values) / len(values)
            score_ = (mean - instrument.min) / span * 100
        results.append(SubscaleScore(
            instrument=instrument.id, subscale=sub.id, label=sub.label, mean=mean, score=score_,
            answered=len(values), items=len(items), band=instrument.band(score_),
        ))
    return results


def prominent(instrument: Instrument, results: list[SubscaleScore]) -> list[SubscaleScore]:
    """Scored subscales ordered by what is most worth working on first.

    For a "challenge" instrument that is the highest score; for a "strength" instrument the lowest.
    """
    scored = [r for r in results if r.score is not None]
    return sorted(scored, key=lambda r: attention(instrument, r.score), reverse=True)


def score_all(data: Mapping) -> dict[str, list[SubscaleScore]]:
    """Every instrument's subscale scores for one validated answer file, by instrument id.

    Instruments the participant never opened are included, with no scores, so every report and
    CSV has the same rows for everyone.
    """
    from workshop import instruments

    given = data.get("instruments", {})
    return {iid: score(inst, given.get(iid, {}))
            for iid, inst in instruments.load_all().items()}


CSV_COLUMNS = ("participant", "instrument", "subscale", "mean", "score", "answered", "items")


def csv_rows(data: Mapping) -> list[dict]:
    """The scores.csv rows of one participant: one per instrument and subscale."""
    def fmt(x):
        return "" if x is None else f"{x:.4f}"

    return [{"participant": data["participant"], "instrument": r.instrument,
             "subscale": r.subscale, "mean": fmt(r.mean), "score": fmt(r.score),
             "answered": r.answered, "items": r.items}
            for results in score_all(data).values() for r in results]


@contextlib.contextmanager
def csv_writer(path: Path) -> Iterator[csv.DictWriter]:
    """scores.csv, private to its owner, with its header written: the one way it is written."""
    from workshop import files

    path.parent.mkdir(parents=True, exist_ok=True)
    with files.open_private(path) as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        yield writer
