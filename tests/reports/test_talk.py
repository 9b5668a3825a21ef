"""`reports.talk`: the conversation plan and the help at the end of the conversation report,
in the current language, with the pattern names escaped."""

from __future__ import annotations

import pytest
from report_helpers import text_of

from workshop import i18n, resources
from workshop.reports import talk


@pytest.fixture(autouse=True)
def english():
    i18n.use("en")
    yield
    i18n.use("en")


def test_the_plan_starts_alike_then_differently_and_escapes_the_names():
    plan = talk.plan_html("<b>Going it alone</b>", "Always & busy")
    assert "such as <b>&lt;b&gt;Going it alone&lt;/b&gt;</b>" in plan
    assert "try one you see differently, such as <b>Always &amp; busy</b>" in plan
    assert plan.index("something you see alike") < plan.index("see differently")


def test_without_patterns_the_plan_starts_from_a_reflection():
    plan = text_of(talk.plan_html(None, None))
    assert "one of the reflections above" in plan and "see differently" not in plan
    for step in ("Set a time", "Choose one thing", "First turn", "Swap", "A second round",
                 "Agree one small thing", "If it gets heated", "not the right tool"):
        assert step in plan, step


def test_the_plan_in_spanish_keeps_every_step_and_the_safety_limits():
    with i18n.using("es"):
        plan = text_of(talk.plan_html("Arreglármelas sin ayuda", None))
    for words in ("Elijan un momento", "señal de pausa", "Primer turno", "Cambien de papel",
                  "segunda ronda", "Acuerden una cosa pequeña", "módulo 07",
                  "Cuando esta no es la herramienta adecuada",
                  "no es un problema de comunicación", "Arreglármelas sin ayuda"):
        assert words in plan, words
    assert "Set a time" not in plan


def test_help_shows_each_partners_country_once():
    both = talk.help_html(["GB", "IE"])
    assert resources.safety_html("GB") in both and resources.help_html("IE") in both
    assert talk.help_html(["GB", "GB"]).count(resources.help_html("GB")) <= 1
    assert resources.safety_html(None) in talk.help_html([None, None])
    with i18n.using("es"):
        spanish = talk.help_html(["MX", None])
        assert resources.safety_html("MX") in spanish
    assert "una persona profesional de la psicología" in spanish
