"""Charts: every instrument draws with scores, without them, and half-way; output is a PNG."""

from __future__ import annotations

import base64
import html
import re

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from workshop import charts, i18n, instruments, scoring

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Okabe & Ito (2008): the eight colours of the colour-universal-design palette.
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}
INSTRUMENTS = sorted(instruments.load_all())


def full(inst: instruments.Instrument, value: int | None = None) -> dict:
    """Every item answered, cycling through the scale unless one value is given."""
    span = inst.max - inst.min + 1
    return {item.id: value if value is not None else inst.min + n % span
            for n, item in enumerate(inst.items)}


def half(inst: instruments.Instrument) -> dict:
    """The first subscale fully answered, the rest not at all: some scores, some None."""
    first = inst.subscales[0].id
    return {item.id: inst.max for item in inst.items_of(first)}


CASES = {"scored": full, "none": lambda inst: {}, "some": half,
         "lowest": lambda inst: full(inst, inst.min), "highest": lambda inst: full(inst, inst.max)}


def is_png(data: bytes) -> bool:
    return data.startswith(PNG_MAGIC) and b"IEND" in data[-16:]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("iid", INSTRUMENTS)
def test_every_instrument_draws_a_png(iid, case):
    inst = instruments.get(iid)
    results = scoring.score(inst, CASES[case](inst))
    if case == "none":
        assert all(r.score is None for r in results)
    if case == "some":
        assert results[0].score is not None and all(r.score is None for r in results[1:])
    fig = charts.for_instrument(iid, results, title=inst.title)
    assert isinstance(fig, Figure)
    assert is_png(charts.png_bytes(fig))


def test_walls_is_a_radar_and_the_others_are_bars():
    for iid in INSTRUMENTS:
        inst = instruments.get(iid)
        fig = charts.for_instrument(iid, scoring.score(inst, full(inst)))
        assert (fig.axes[0].name == "polar") == (iid == "walls")


def test_numbers_are_written_on_the_chart_not_told_by_colour_alone():
    inst = instruments.get("perfectionism")
    results = scoring.score(inst, full(inst))
    fig = charts.bars(results)
    written = {t.get_text() for t in fig.axes[0].texts}
    assert {f"{r.score:.0f}" for r in results} <= written
    empty = charts.bars(scoring.score(inst, {}))
    assert any("not enough answers" in t.get_text() for t in empty.axes[0].texts)


def test_radar_marks_missing_scores_in_words():
    inst = instruments.get("walls")
    fig = charts.radar(scoring.score(inst, half(inst)))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum("not enough" in t for t in texts) == len(inst.subscales) - 1


def test_distribution_draws_groups_and_empty_groups():
    fig = charts.distribution(["A", "B", "C"], [[10.0, 50.0, 90.0], [], [42.0]], title="Group")
    assert is_png(charts.png_bytes(fig))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "mean 50" in texts and "mean 42" in texts and "no scores" in texts


def test_palette_is_okabe_ito():
    assert {c.lower() for c in charts.OKABE_ITO} == OKABE_ITO
    assert len(charts.OKABE_ITO) == len(OKABE_ITO)


def test_charts_use_only_the_palette_for_data():
    inst = instruments.get("walls")  # five subscales: five bar colours
    bars = charts.bars(scoring.score(inst, full(inst)))
    used = {to_hex(p.get_facecolor()) for p in bars.axes[0].patches}
    assert used and used <= OKABE_ITO
    radar = charts.radar(scoring.score(inst, full(inst)))
    assert to_hex(radar.axes[0].lines[0].get_color()) in OKABE_ITO
    dist = charts.distribution(["A", "B"], [[10.0, 20.0], [30.0, 40.0]])
    dots = {to_hex(c) for coll in dist.axes[0].collections for c in coll.get_facecolors()}
    assert dots and dots <= OKABE_ITO


def test_to_html_embeds_the_png_and_escapes_the_alt_text():
    inst = instruments.get("fears")
    fig = charts.for_instrument("fears", scoring.score(inst, full(inst)))
    tag = charts.to_html(fig, 'A "quoted" <b>alt</b> & more')
    assert tag.startswith("<img ") and "http" not in tag
    data = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', tag).group(1)
    assert is_png(base64.b64decode(data))
    alt = re.search(r'alt="([^"]*)"', tag).group(1)
    assert alt == "A &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt; &amp; more"


def result(label: str, score: float | None, band: str = "Some words") -> scoring.SubscaleScore:
    return scoring.SubscaleScore(instrument="x", subscale="s", label=label,
                                 mean=None if score is None else 1 + score / 25, score=score,
                                 answered=4, items=4, band=band)


def test_score_table_escapes_labels_and_band_words():
    table = charts.score_table([result("<script>alert(1)</script>", 62.5, "Tom & Jerry <i>"),
                                result("Plain", None)])
    assert "<script" not in table and "<i>" not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "Tom &amp; Jerry &lt;i&gt;" in table
    assert "<td class='num'>62</td>" in table  # one rounding rule: Python's format
    assert "<td class='num'>&ndash;</td><td>Not enough answers yet</td>" in table


def test_score_table_shows_every_subscale_with_its_band():
    inst = instruments.get("safe-space")
    results = scoring.score(inst, full(inst))
    table = charts.score_table(results)
    for r in results:
        assert (f"<th scope='row'>{html.escape(r.label)}</th><td class='num'>{r.score:.0f}"
                f"</td><td>{html.escape(r.band)}</td>") in table


# ----------------------------------------------------------------------------- in Spanish

@pytest.fixture
def in_spanish():
    """Charts drawn while the page is in Spanish; English again afterwards, whatever happens."""
    with i18n.using("es"):
        yield
    assert i18n.current() == "en"


def test_charts_speak_the_pages_language(in_spanish):
    inst = instruments.get("perfectionism")
    empty = charts.bars(scoring.score(inst, {}))
    assert any("aún faltan respuestas" in t.get_text() for t in empty.axes[0].texts)
    assert empty.axes[0].get_xlabel() == "puntaje (0-100)"
    radar = charts.radar(scoring.score(instruments.get("walls"), {}))
    assert any("faltan" in t.get_text() for t in radar.axes[0].texts)
    dist = charts.distribution(["A", "B"], [[10.0, 50.0, 90.0], []])
    texts = [t.get_text() for t in dist.axes[0].texts]
    assert "promedio 50" in texts and "sin puntajes" in texts
    assert "cada punto es una persona" in dist.axes[0].get_xlabel()
    pair = charts.pair([result("A", 40.0), result("B", None)],
                       [result("A", 70.0), result("B", 55.0)], ("ana-1", "bo-2"))
    assert "ana-1: faltan respuestas" in [t.get_text() for t in pair.axes[0].texts]


def test_the_score_table_and_alt_text_in_spanish(in_spanish):
    inst = instruments.get("safe-space")  # the Spanish instrument: the page's language
    results = scoring.score(inst, half(inst))
    table = charts.score_table(results)
    assert "<th>Patrón</th><th>Puntaje</th><th>Qué sugiere</th>" in table
    assert "<td>Aún faltan respuestas</td>" in table
    assert "Un puntaje más alto significa" in table and "A higher score" not in table
    assert inst.title == instruments.get("safe-space", "es").title
    alt = charts.alt_text(results)
    assert f"{results[1].label}: faltan respuestas" in alt
    assert f"{results[0].label}: {results[0].score:.0f}" in alt


def test_numbers_are_written_the_pages_way():
    """Scores are whole numbers, written by `i18n.number` with the same rounding as before."""
    for score in (12.5, 62.5, 87.5, 58.333333333333336, 0.0, 100.0):
        with i18n.using("es"):
            assert charts.alt_text([result("X", score)]) == f"X: {score:.0f}"
            assert f"<td class='num'>{score:.0f}</td>" in charts.score_table([result("X", score)])
