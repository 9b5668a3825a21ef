"""Charts of self-assessment scores, shared by the notebooks and the reports.

Figures are built with matplotlib's object API (no pyplot state, no backend), so the same code
runs in a kernel, in Voila and in a report worker. Colours come from the Okabe-Ito palette,
which stays distinguishable with the common colour-vision deficiencies, and every mark carries
its number, so nothing is told by colour alone.
"""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from typing import Sequence

from matplotlib.figure import Figure

from workshop import i18n
from workshop.i18n import _
from workshop.scoring import SubscaleScore

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
INK = "#222222"
GRID = "#BBBBBB"
FONT = 11


def _wrap(label: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def radar(results: Sequence[SubscaleScore], title: str = "") -> Figure:
    """A radar chart for a profile of patterns (the five walls): 0 at the centre, 100 outside."""
    n = len(results)
    fig = Figure(figsize=(6.4, 5.6), dpi=100)
    ax = fig.add_subplot(projection="polar")
    # Clockwise from the top, kept in [0, 2*pi): a negative tick angle would make set_xticks
    # widen the polar axes past a full turn and draw only part of the circle.
    angles = [(math.pi / 2 - 2 * math.pi * i / n) % (2 * math.pi) for i in range(n)]
    values = [r.score if r.score is not None else 0.0 for r in results]
    closed_a, closed_v = angles + angles[:1], values + values[:1]
    ax.plot(closed_a, closed_v, color=OKABE_ITO[0], linewidth=2)
    ax.fill(closed_a, closed_v, color=OKABE_ITO[0], alpha=0.18)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25", "50", "75", "100"], color="#666666", fontsize=8)
    ax.set_rlabel_position(90 + 180 / n)  # between the first two spokes, clear of the labels
    ax.set_xticks(angles)
    ax.set_xticklabels([_wrap(r.label) for r in results], fontsize=FONT, color=INK)
    ax.tick_params(axis="x", pad=14)
    ax.grid(color=GRID, linewidth=0.8)
    for a, r in zip(angles, results):
        if r.score is None:
            ax.annotate(_wrap(_("not enough answers"), 12), (a, 8), ha="center", va="center",
                        fontsize=8, color="#555555")
            continue
        ax.plot([a], [r.score], marker="o", markersize=7, color=OKABE_ITO[1],
                markeredgecolor=INK, zorder=3)
        ax.annotate(i18n.number(r.score, 0), (a, r.score), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=FONT, fontweight="bold", color=INK, zorder=4)
    if title:
        fig.suptitle(title, fontsize=FONT + 2, color=INK)
    fig.subplots_adjust(left=0.16, right=0.84, top=0.86, bottom=0.1)
    return fig


def bars(results: Sequence[SubscaleScore], title: str = "") -> Figure:
    """Horizontal bars, one per subscale, each labelled with its score."""
    n = len(results)
    fig = Figure(figsize=(6.4, 0.75 * n + 1.3), dpi=100)
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    for i, (y, r) in enumerate(zip(ys, results)):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        if r.score is None:
            ax.text(1, y, _("not enough answers yet"), va="center", fontsize=FONT - 1,
                    color="#555555")
            continue
        ax.barh(y, r.score, color=colour, edgecolor=INK, linewidth=0.6, height=0.6)
        inside = r.score > 18
        ax.text(r.score - 2 if inside else r.score + 2, y, i18n.number(r.score, 0), va="center",
                ha="right" if inside else "left", fontsize=FONT, fontweight="bold",
                color="white" if inside and colour in ("#0072B2", "#000000", "#D55E00") else INK)
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(r.label, 22) for r in results], fontsize=FONT, color=INK)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(_("score (0-100)"), fontsize=FONT - 1, color="#444444")
    return _finish(fig, ax, title)


def _finish(fig: Figure, ax, title: str) -> Figure:
    """The quiet grid, open frame and left-aligned title every bar-like chart shares."""
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=FONT + 2, color=INK, loc="left")
    fig.tight_layout()
    return fig


def distribution(labels: Sequence[str], groups: Sequence[Sequence[float]], title: str = "") -> Figure:
    """Group report: each subscale's scores as a box with the individual points and the mean."""
    import random

    n = len(labels)
    fig = Figure(figsize=(6.8, 0.9 * n + 1.4), dpi=100)
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    jitter = random.Random(0)  # fixed jitter: the same data draws the same picture
    for i, (y, values) in enumerate(zip(ys, groups)):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        if not values:
            ax.text(1, y, _("no scores"), va="center", fontsize=FONT - 1, color="#555555")
            continue
        ax.boxplot([values], positions=[y], orientation="horizontal", widths=0.5,
                   showfliers=False, medianprops={"color": INK},
                   boxprops={"color": "#555555"}, whiskerprops={"color": "#555555"},
                   capprops={"color": "#555555"})
        ax.scatter(values, [y + jitter.uniform(-0.18, 0.18) for _ in values], s=16,
                   color=colour, edgecolor=INK, linewidth=0.4, alpha=0.8, zorder=3)
        mean = sum(values) / len(values)
        ax.plot([mean], [y], marker="D", markersize=8, color="white", markeredgecolor=INK,
                zorder=4)
        ax.annotate(_("mean {mean}").format(mean=i18n.number(mean, 0)), (mean, y + 0.32), ha="center", fontsize=FONT - 1,
                    color=INK)
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(label, 22) for label in labels], fontsize=FONT, color=INK)
    ax.set_xlim(-2, 102)
    ax.set_ylim(-0.7, n - 0.2)
    ax.set_xlabel(_("score (0-100); dots are people, the diamond is the mean"),
                  fontsize=FONT - 1, color="#444444")
    return _finish(fig, ax, title)


def pair(ra: Sequence[SubscaleScore], rb: Sequence[SubscaleScore],
         names: tuple[str, str]) -> Figure:
    """Conversation report: two bars per pattern, one for each partner, told apart by colour,
    hatching, the legend and the number at the end of every bar (never by colour alone)."""
    from matplotlib.patches import Patch

    n = len(ra)
    fig = Figure(figsize=(6.4, 0.95 * n + 1.6), dpi=100)
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    styles = ((OKABE_ITO[0], "", 0.19), (OKABE_ITO[1], "///", -0.19))
    for results, name, (colour, hatch, offset) in zip((ra, rb), names, styles):
        for y, r in zip(ys, results):
            if r.score is None:
                ax.text(1, y + offset, _("{name}: not enough answers").format(name=name),
                        va="center", fontsize=FONT - 2, color="#555555")
                continue
            ax.barh(y + offset, r.score, height=0.36, color=colour, hatch=hatch,
                    edgecolor=INK, linewidth=0.6)
            ax.text(r.score + 1.5, y + offset, i18n.number(r.score, 0), va="center", ha="left",
                    fontsize=FONT, fontweight="bold", color=INK)
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(r.label, 22) for r in ra], fontsize=FONT, color=INK)
    ax.set_xlim(0, 110)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(_("score (0-100)"), fontsize=FONT - 1, color="#444444")
    ax.legend(handles=[Patch(facecolor=c, hatch=h, edgecolor=INK, label=name)
                       for name, (c, h, _offset) in zip(names, styles)],
              loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, fontsize=FONT)
    return _finish(fig, ax, "")


def for_instrument(instrument_id: str, results: Sequence[SubscaleScore], title: str = "") -> Figure:
    """The chart a participant sees: a radar for the five walls, bars for the rest."""
    return radar(results, title) if instrument_id == "walls" else bars(results, title)


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def alt_text(results: Sequence[SubscaleScore]) -> str:
    """A chart's numbers in words, for people who cannot see it (the one wording everywhere)."""
    missing = _("not enough answers")
    return "; ".join(f"{r.label}: {missing if r.score is None else i18n.number(r.score, 0)}"
                     for r in results)


def to_html(fig: Figure, alt: str) -> str:
    """An <img> with the PNG embedded, so it shows in Voila, JupyterLab and a report file."""
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    return (f'<img class="closer-chart" alt="{html.escape(alt)}" '
            f'style="max-width:100%;height:auto" src="data:image/png;base64,{data}">')


def score_table(results: Sequence[SubscaleScore]) -> str:
    """The numbers and band words beside a chart, as escaped HTML.

    Under each score a line says what a higher score means for that subscale (its
    `higher_means`), because "higher" is good news on a strength and not on a challenge. It is a
    row of its own, not a fourth column, so the table still fits a phone.
    """
    from workshop import instruments

    known = instruments.load_all()
    rows = []
    for r in results:
        number = "&ndash;" if r.score is None else i18n.number(r.score, 0)
        band = _("Not enough answers yet") if r.score is None else r.band
        rows.append(f"<tr><th scope='row'>{html.escape(r.label)}</th><td class='num'>{number}</td>"
                    f"<td>{html.escape(band)}</td></tr>")
        inst = known.get(r.instrument)
        sub = next((s for s in inst.subscales if s.id == r.subscale), None) if inst else None
        if sub is not None and sub.higher_means:
            higher = _("A higher score means {meaning}.").format(meaning=sub.higher_means)
            rows.append("<tr class='closer-higher'><td colspan='3' style='border-top: hidden; "
                        "padding-top: 0; font-size: 0.9em; color: #57606a'>"
                        f"{html.escape(higher)}</td></tr>")
    head = "".join(f"<th>{html.escape(word)}</th>"
                   for word in (_("Pattern"), _("Score"), _("What it suggests")))
    return ("<table class='closer-scores'><thead><tr>" + head + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")
