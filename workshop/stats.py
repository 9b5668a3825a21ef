"""Group statistics for the group report: n, mean, sample SD per subscale, Cronbach's alpha."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from workshop.instruments import Instrument
from workshop.scoring import keyed


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None  # sample SD (n - 1); None below two values


def summarise(values: Iterable[float | None]) -> Summary:
    """n, mean and sample standard deviation of the scored values; None values are skipped."""
    xs = [v for v in values if v is not None]
    n = len(xs)
    if n == 0:
        return Summary(0, None, None)
    mean = sum(xs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else None
    return Summary(n, mean, sd)


def _variance(xs: Sequence[float]) -> float:
    m = sum(xs) / len(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a complete respondents x items matrix.

    alpha = k / (k - 1) * (1 - sum(item variances) / variance(total)), sample variances.
    Returns None when alpha is undefined: fewer than 2 items or 2 respondents, or no variance in
    the totals.
    """
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    item_vars = sum(_variance([r[j] for r in rows]) for j in range(k))
    total_var = _variance([sum(r) for r in rows])
    if total_var == 0:
        return None
    return k / (k - 1) * (1 - item_vars / total_var)


def subscale_alpha(instrument: Instrument, subscale_id: str,
                   answer_sets: Iterable[Mapping[str, int]]) -> tuple[float | None, int]:
    """Alpha for one subscale across participants, with the number of participants used.

    Missing answers: listwise deletion. Only participants who answered every item of the
    subscale are used, because alpha needs a complete matrix and imputing would inflate it.
    Reversed items are keyed first, so every item points the same way.
    """
    items = [i.id for i in instrument.items_of(subscale_id)]
    rows = [[keyed(instrument, i, a[i]) for i in items]
            for a in answer_sets if all(i in a for i in items)]
    return cronbach_alpha(rows), len(rows)
