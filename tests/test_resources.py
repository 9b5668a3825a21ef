"""Help lines and the safety box: complete data, escaped HTML, a pointer for anywhere else."""

from __future__ import annotations

import copy
import re
import tomllib

import pytest

from workshop import answers, i18n, resources
from workshop.answers import AnswerFileError

NEW_COUNTRIES = ("AR", "CO", "CL", "PE")  # added for Spanish-speaking participants
REQUIRED_COUNTRIES = ("US", "GB", "CA", "AU", "IE", "NZ", "ES", "MX") + NEW_COUNTRIES
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def country_data() -> dict:
    """A private copy of the parsed resources file, safe to break."""
    return copy.deepcopy(resources._read("resources"))


# ----------------------------------------------------------------------------- the data

@pytest.mark.parametrize("code", REQUIRED_COUNTRIES)
def test_every_required_country_has_the_three_required_kinds(code):
    entry = resources.for_country(code)
    assert entry is not None, code
    kinds = {line["kind"] for line in entry["lines"]}
    assert {"emergency", "crisis", "abuse"} <= kinds, (code, kinds)
    for line in entry["lines"]:
        assert line["name"].strip()
        assert any(line.get(k, "").strip() for k in ("phone", "text", "web")), line["name"]


def test_countries_lists_codes_with_english_names_sorted_by_name():
    listed = resources.countries()
    assert {code for code, _ in listed} >= set(REQUIRED_COUNTRIES)
    assert dict(listed)["GB"] == "United Kingdom" and dict(listed)["ES"] == "Spain"
    assert [name for _, name in listed] == sorted(name for _, name in listed)


def test_every_number_has_digits_and_every_kind_is_known():
    for code, _ in resources.countries():
        for line in resources.for_country(code)["lines"]:
            assert line["kind"] in resources.KINDS
            if "phone" in line:
                assert re.search(r"\d", line["phone"]), (code, line["name"])
                assert re.fullmatch(r"\*?[\d \-]+", line["phone"]), (code, line["phone"])
            if line["kind"] == "emergency":
                assert re.search(r"\d{3}", line["phone"]), code


def test_for_country_accepts_any_case_and_returns_a_copy():
    entry = resources.for_country(" gb ")
    assert entry["name"] == "United Kingdom"
    entry["lines"].clear()
    assert resources.for_country("GB")["lines"], "the cached data must not change"
    assert resources.for_country("ZZ") is None and resources.for_country(None) is None
    assert resources.for_country(42) is None


@pytest.mark.parametrize("break_it, needle", [
    (lambda d: d["countries"]["GB"]["lines"].__setitem__(
        slice(None), [ln for ln in d["countries"]["GB"]["lines"] if ln["kind"] != "abuse"]),
     "country GB: has no 'abuse' line"),
    (lambda d: d["countries"]["US"]["lines"][0].pop("phone"), "country US, line 1"),
    (lambda d: d["countries"]["AU"]["lines"][1].__setitem__("name", " "), "country AU, line 2"),
    (lambda d: d["countries"]["NZ"]["lines"][1].__setitem__("phone", "call 1737"), "NZ, line 2"),
    (lambda d: d["countries"]["IE"]["lines"][0].__setitem__("kind", "other"), "country IE"),
    (lambda d: d["countries"].__setitem__("gb", d["countries"]["GB"]), "country gb"),
    (lambda d: d["general"].pop("directory"), "[general]"),
    (lambda d: d["countries"]["CL"]["lines"][2].__setitem__("phone", "4141*"), "CL, line 3"),
])
def test_broken_data_is_refused_naming_file_and_country(break_it, needle):
    data = country_data()
    break_it(data)
    with pytest.raises(resources.ResourcesError) as caught:
        resources.validate(data, "content/resources.toml")
    assert "content/resources.toml" in str(caught.value) and needle in str(caught.value)


def test_a_line_reachable_only_by_website_is_valid_and_rendered_as_plain_text():
    entry = resources.for_country("CA")
    shelter = next(ln for ln in entry["lines"] if ln["kind"] == "abuse")
    assert "phone" not in shelter and shelter["web"]
    block = resources.help_html("CA")
    assert shelter["web"] in block and 'href="http' not in block and 'href="sheltersafe' not in block
    assert shelter["web"] in resources.help_text("CA")


# ----------------------------------------------------------------------------- text and HTML

def test_help_text_is_a_few_sentences_with_the_three_numbers():
    text = resources.help_text("GB")
    assert text.startswith("If you are in danger now, call 999.")
    assert "116 123" in text and "0808 2000 247" in text
    assert "\n" not in text and "<" not in text and text.count(".") <= 8


def test_help_html_renders_phone_numbers_as_tel_links_with_digits_only():
    block = resources.help_html("US")
    assert '<a href="tel:18007997233">1-800-799-7233</a>' in block
    assert '<a href="tel:988">988</a>' in block
    for href in re.findall(r'href="([^"]*)"', block):
        assert re.fullmatch(r"tel:\d+", href), href
    assert '<a href="tel:*4141">*4141</a>' in resources.help_html("CL")  # Chile dials the star
    spain = resources.help_html("ES")
    assert '<a href="tel:600000016">' not in spain  # WhatsApp is a text option, not a call
    assert '<a href="tel:016">016</a>' in spain


def test_help_html_is_accessible_and_prefixed():
    block = resources.help_html("AU")
    assert block.startswith('<section class="closer-help"') and "<h3" in block
    assert "<ul" in block and "<strong>If you are in danger now</strong>" in block
    assert "<script" not in block and "style=" not in block
    assert not re.search(r"<[^>]*\son\w+\s*=", block), "no inline event handlers"
    classes = re.findall(r'class="([^"]*)"', block)
    assert classes and all(c.startswith("closer-") for c in classes), classes


def test_renderers_escape_every_string():
    entry = {"name": HOSTILE, "place": HOSTILE, "lines": [
        {"kind": kind, "name": HOSTILE, "gloss": HOSTILE, "phone": "999", "text": HOSTILE,
         "web": HOSTILE, "hours": HOSTILE, "note": HOSTILE, "dial_note": HOSTILE,
         "spanish": HOSTILE}
        for kind in resources.KINDS]}
    general = {k: HOSTILE for k in resources.GENERAL_KEYS}
    safety = {k: HOSTILE for k in resources.SAFETY_KEYS}
    safety["pairs"] = [{"healthy": HOSTILE, "controlling": HOSTILE}] * 5
    for block in (resources.render_help(entry, general), resources.render_help(None, general),
                  resources.render_safety(safety, entry, general),
                  resources.render_safety(safety, None, general)):
        assert "<script" not in block and "<img" not in block and 'alert("x")' not in block
        assert "&lt;script&gt;" in block and "&amp;" in block


def test_unknown_or_missing_country_gives_the_general_pointer():
    for code in (None, "FR", "", "xx"):
        text, block = resources.help_text(code), resources.help_html(code)
        assert "findahelpline.com" in text and "welcome page" in text
        assert "emergency number" in text and "doctor" in text
        assert "findahelpline.com" in block and "welcome page" in block
        assert "tel:" not in block


def test_safety_box_has_the_caveat_the_contrast_and_the_lines():
    block = resources.safety_html("IE")
    assert block.startswith('<section class="closer-safety"')
    assert "relationships where you feel safe" in block
    assert "<table" in block and '<th scope="col">' in block
    assert 5 <= block.count("<tr><td>") <= 7
    assert "walking on eggshells" in block
    assert "Couples counselling is not recommended where there is abuse, fear or control" in block
    assert '<a href="tel:1800341900">1800 341 900</a>' in block  # Women's Aid
    assert "<h4" in block, "the help block nests under the safety heading"
    general_box = resources.safety_html(None)
    assert "findahelpline.com" in general_box and "welcome page" in general_box


@pytest.mark.parametrize("code", NEW_COUNTRIES)
def test_each_new_country_line_names_its_sources_in_the_data(code):
    """Every line added for Argentina, Colombia, Chile and Peru says where it was confirmed."""
    raw = (resources.CONTENT_DIR / "resources.toml").read_text(encoding="utf-8")
    blocks = raw.split(f"[[countries.{code}.lines]]")[1:]
    assert len(blocks) == len(resources.for_country(code)["lines"])
    for block in blocks:
        block = block.split("\n[")[0]  # up to the next table
        assert re.search(r"^# Sources?: \S+\.\w", block, re.M), block


# ----------------------------------------------------------------------------- in Spanish

def parsed(name: str, language: str) -> dict:
    path = i18n.localized(resources.CONTENT_DIR / f"{name}.toml", language)
    return tomllib.loads(path.read_text(encoding="utf-8"))


def walk(en, es, where="") -> list[tuple[str, str, str]]:
    """Compare the shape of two parsed files; return (where, English, Spanish) for every string."""
    assert type(en) is type(es), where
    if isinstance(en, dict):
        assert en.keys() == es.keys(), (where, en.keys() ^ es.keys())
        return [pair for k in en for pair in walk(en[k], es[k], f"{where}.{k}")]
    if isinstance(en, list):
        assert len(en) == len(es), where
        return [pair for i, (a, b) in enumerate(zip(en, es)) for pair in walk(a, b, f"{where}[{i}]")]
    assert isinstance(en, str), where
    return [(where, en, es)]


@pytest.mark.parametrize("name", ["resources", "safety"])
def test_the_spanish_files_have_the_structure_and_ids_of_the_english(name):
    strings = walk(parsed(name, "en"), parsed(name, "es"))
    assert len(strings) > 20
    for where, en, es in strings:
        if where.endswith((".kind", ".phone", ".web")):
            assert en == es, where  # ids, numbers and addresses are never translated


def test_every_number_in_the_spanish_copy_equals_the_english_one():
    strings = walk(parsed("resources", "en"), parsed("resources", "es"))
    for where, en, es in strings:
        assert re.findall(r"\d+", en) == re.findall(r"\d+", es), where
    with i18n.using("es"):
        spanish = {c: resources.for_country(c) for c, _ in resources.countries()}
    for code, entry in spanish.items():
        english = resources.for_country(code)
        assert [ln.get("phone") for ln in entry["lines"]] == [
            ln.get("phone") for ln in english["lines"]], code


def test_the_spanish_copy_is_translated_not_copied():
    strings = walk(parsed("resources", "en"), parsed("resources", "es"))
    notes = [(en, es) for where, en, es in strings if where.endswith((".note", ".hours"))]
    assert notes and all(en != es for en, es in notes)
    assert all(en != es for _, en, es in walk(parsed("safety", "en"), parsed("safety", "es")))


def test_countries_are_named_in_the_page_language():
    english = dict(resources.countries())
    with i18n.using("es"):
        listed = resources.countries()
    spanish = dict(listed)
    assert spanish.keys() == english.keys() >= set(REQUIRED_COUNTRIES)
    for code in english:
        assert english[code] == i18n.country_name(code, "en"), code
        assert spanish[code] == i18n.country_name(code, "es"), code
    assert spanish["MX"] == "México" and spanish["PE"] == "Perú" and spanish["GB"] == "Reino Unido"
    names = [name for _, name in listed]  # accents do not push Perú or España out of order
    assert names.index("Perú") < names.index("Reino Unido")
    assert names.index("España") < names.index("Estados Unidos")


def test_help_text_for_mexico_in_spanish_gives_the_mexican_numbers():
    with i18n.using("es"):
        text = resources.help_text("MX")
    assert text.startswith("Si estás en peligro ahora, llama al 911.")
    assert "llama al 800 911 2000" in text and "llama al 079, luego elige la opción 1" in text
    assert "Si alguien cercano te hace daño, te controla o te da miedo" in text
    assert not re.search(r"\b(call|If you|or)\b", text), text
    assert resources.help_text("MX").startswith("If you are in danger now, call 911.")


def test_spanish_help_block_is_translated_and_still_escaped():
    with i18n.using("es"):
        block = resources.help_html("PE")
    assert '<h3 class="closer-help-title">Dónde pedir ayuda en Perú</h3>' in block
    assert "<strong>Si estás en peligro ahora</strong>" in block
    assert 'Llama al <a href="tel:113">113</a>, luego elige la opción 5.' in block
    assert "Horario: 24 horas, todos los días, en castellano, quechua y aimara." in block
    assert "Where to get help" not in block and "Open:" not in block and "call" not in block


def test_the_us_spanish_services_appear_on_spanish_pages():
    with i18n.using("es"):
        text, block = resources.help_text("US"), resources.help_html("US")
        box = resources.safety_html("US")
    assert "llama al 988 y marca 2, o envía AYUDA por mensaje de texto al 988" in text
    assert "espanol.thehotline.org" in text
    for html_block in (block, box):
        assert "En español: llama al 988 y marca 2" in html_block
        assert "chatea en español en espanol.thehotline.org" in html_block
    english = resources.help_html("US")
    assert "In Spanish: call 988 and press 2, or text AYUDA to 988." in english
    assert "AYUDA" not in resources.help_text("US")  # English pages keep the usual way in


def test_spanish_safety_box_keeps_every_element_of_the_english():
    with i18n.using("es"):
        block, general = resources.safety_html("CO"), resources.safety_html(None)
    assert block.startswith('<section class="closer-safety"')
    assert "relaciones en las que te sientes a salvo" in block
    assert block.count("<tr><td>") == resources.safety_html("CO").count("<tr><td>") == 7
    assert "Puede ser una señal de control" in block and "cáscaras de huevo" in block
    assert "La terapia de pareja no se recomienda cuando hay maltrato, miedo o control" in block
    assert "celular o tu computadora" in block
    assert '<h4 class="closer-help-title">Dónde pedir ayuda en Colombia</h4>' in block
    assert '<a href="tel:155">155</a>' in block and '<a href="tel:123">123</a>' in block
    assert "findahelpline.com" in general and "página de bienvenida" in general


# ----------------------------------------------------------------------------- the answer file

def test_answer_file_accepts_country_and_language(valid_data):
    data = copy.deepcopy(valid_data)
    data["country"], data["language"] = "GB", "es"
    assert answers.validate(data, "river-42.json") is data
    data["language"] = "en"
    answers.validate(data, "river-42.json")


@pytest.mark.parametrize("field, value", [
    ("country", "gb"), ("country", "GBR"), ("country", "G"), ("country", 44),
    ("language", "fr"), ("language", "EN"), ("language", None),
])
def test_answer_file_rejects_a_bad_country_or_language(valid_data, field, value):
    data = copy.deepcopy(valid_data)
    data[field] = value
    with pytest.raises(AnswerFileError) as caught:
        answers.validate(data, "river-42.json")
    assert "river-42.json" in str(caught.value) and field in str(caught.value)
