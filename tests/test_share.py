"""Share files: only what their owner chose, checked like answer files, refused in one line."""

from __future__ import annotations

import json
import random
import re
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import answers, demo, instruments, share
from workshop.reports import group

INSTRUMENTS = instruments.load_all()
ALL_IDS = sorted(INSTRUMENTS)
REFLECTION_IDS = ["walls-notice", "why-heard", "fading-step", "vulnerability-step"]
PLAN_MARK = "plan-marker-do-not-share"


def person(name: str = "river-42", *, group_report: bool = True, quote: bool = False,
           seed: int = 1, country: str | None = None, language: str | None = None) -> dict:
    """A realistic answer file (demo cohort rules) with every instrument answered, a reflection
    that only its id could explain, an action plan and an exercise answer."""
    data = demo.participant(name, random.Random(seed), demo.START)
    for iid, inst in INSTRUMENTS.items():
        data["instruments"].setdefault(iid, {inst.items[0].id: inst.min})
        if not data["instruments"][iid]:
            data["instruments"][iid] = {inst.items[0].id: inst.min}
    data["reflections"] = {rid: f"reflection-marker-{rid}" for rid in REFLECTION_IDS}
    data["exercises"]["action-plan"] = {"step": PLAN_MARK}
    data["exercises"]["listening-quiz"] = {"q1": "b"}
    data["consent"] = {"group_report": group_report, "reflections_in_group_report": quote}
    if country:
        data["country"] = country
    if language:
        data["language"] = language
    return answers.validate(data)


def one_line(exc: Exception, path: str | None = None) -> str:
    message = str(exc)
    assert "\n" not in message and "\r" not in message and len(message) < 600, message
    if path:
        assert message.startswith(f"{path}: "), message
    return message


# ----------------------------------------------------------------------------- make

def test_a_partner_share_holds_only_what_was_chosen():
    data = person(country="GB")
    made = share.make(data, "partner", ["walls"], ["walls-notice"])
    assert set(made) == {"format", "version", "audience", "from", "created", "language",
                         "country", "instruments", "reflections"}
    assert made["from"] == "river-42" and made["audience"] == "partner"
    assert made["instruments"] == {"walls": data["instruments"]["walls"]}
    assert made["reflections"] == {"walls-notice": "reflection-marker-walls-notice"}
    assert made["language"] == "en" and made["country"] == "GB"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", made["created"])
    assert share.validate(made) is made


def test_the_share_is_a_copy_not_a_view_of_the_answer_file():
    data = person()
    made = share.make(data, "partner", ["walls"], [])
    made["instruments"]["walls"].clear()
    assert data["instruments"]["walls"]


def test_a_facilitator_share_has_a_random_id_and_no_name_or_country():
    data = person(country="GB", quote=True)
    first = share.make(data, "facilitator", ["walls", "fears"], ["walls-notice"])
    second = share.make(data, "facilitator", ["walls", "fears"], ["walls-notice"])
    for made in (first, second):
        assert "from" not in made and "country" not in made
        assert re.fullmatch(r"[0-9a-f]{32}", made["id"])
        assert "river-42" not in share.dumps(made).decode()
    assert first["id"] != second["id"]


def test_the_language_follows_the_answer_file():
    assert share.make(person(language="es"), "partner", ["walls"], [])["language"] == "es"


@pytest.mark.parametrize("data, audience, chosen, written, words", [
    (person(group_report=False), "facilitator", ["walls"], [], "agreed to be counted"),
    (person(group_report=True, quote=False), "facilitator", ["walls"], ["walls-notice"],
     "quoted"),
    (person(), "partner", [], [], "nothing is chosen"),
    (person(), "partner", ["nonsense"], [], "not a self-assessment"),
    (person(), "partner", [], ["never-written"], "have not written"),
    (person(), "boss", ["walls"], [], "partner or for the facilitator"),
])
def test_make_refuses_with_a_clear_line(data, audience, chosen, written, words):
    with pytest.raises(share.ShareError) as exc:
        share.make(data, audience, chosen, written)
    assert words in one_line(exc.value)


def test_an_unanswered_instrument_is_refused_by_its_title():
    data = person()
    del data["instruments"]["fears"]
    with pytest.raises(share.ShareError, match="What makes closeness feel risky"):
        share.make(data, "partner", ["walls", "fears"], [])


def test_a_facilitator_share_without_reflections_needs_no_quote_consent():
    made = share.make(person(quote=False), "facilitator", ["walls"], [])
    assert made["reflections"] == {}


def test_choices_are_taken_once_and_a_single_id_is_not_split_into_letters():
    made = share.make(person(), "partner", "walls", ["walls-notice", "walls-notice", " "])
    assert list(made["instruments"]) == ["walls"]
    assert list(made["reflections"]) == ["walls-notice"]


# ----------------------------------------------------------------------------- the property

FORBIDDEN_KEYS = {"consent", "exercises", "participant", "updated", "action-plan"}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answered=st.sets(st.sampled_from(ALL_IDS), min_size=1),
       chosen=st.lists(st.sampled_from(ALL_IDS), max_size=6),
       written=st.lists(st.sampled_from(REFLECTION_IDS + ["not-written"]), max_size=5),
       group_report=st.booleans(), quote=st.booleans(),
       audience=st.sampled_from(share.AUDIENCES), country=st.sampled_from([None, "GB"]))
def test_nothing_unchosen_is_ever_in_a_share_file(answered, chosen, written, group_report,
                                                   quote, audience, country):
    data = person(group_report=group_report, quote=quote, country=country)
    data["instruments"] = {iid: v for iid, v in data["instruments"].items() if iid in answered}
    try:
        made = share.make(data, audience, chosen, written)
    except share.ShareError as exc:
        one_line(exc)
        facilitator = audience == "facilitator"
        assert (not chosen and not written) or set(chosen) - answered \
            or "not-written" in written or (facilitator and not group_report) \
            or (facilitator and written and not quote), str(exc)
        return
    raw = share.dumps(made).decode("utf-8")
    assert set(made["instruments"]) == set(chosen)
    assert set(made["reflections"]) == set(written)
    for iid in made["instruments"]:
        assert made["instruments"][iid] == data["instruments"][iid]
    for rid in REFLECTION_IDS:
        if rid not in written:
            assert f"reflection-marker-{rid}" not in raw
    for iid in ALL_IDS:
        if iid not in chosen:
            assert f'"{iid}"' not in raw
    assert PLAN_MARK not in raw and "listening-quiz" not in raw
    assert not FORBIDDEN_KEYS & set(made)
    if audience == "facilitator":
        assert group_report and (quote or not written)
        assert "from" not in made and "country" not in made and "river-42" not in raw
    assert share.parse(raw.encode("utf-8"), "made.json") == made


# ----------------------------------------------------------------------------- reading

@pytest.fixture
def partner_share():
    return share.make(person(country="GB"), "partner", ["walls"], ["walls-notice"])


def test_write_is_private_and_load_gives_it_back(tmp_path, partner_share):
    path = share.write(partner_share, tmp_path / "mine.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert share.load(path) == partner_share
    assert json.loads(share.dumps(partner_share)) == partner_share


def _edited(obj: dict, **changes) -> bytes:
    obj = json.loads(json.dumps(obj))
    for key, value in changes.items():
        if value is None:
            obj.pop(key, None)
        else:
            obj[key] = value
    return json.dumps(obj).encode()


@pytest.mark.parametrize("change, words", [
    ({"format": "closer-answers"}, "is a full answer file, not a share file: make a share file "
                                   "with `workshop share`"),
    ({"version": 7}, "version 7 is newer than this Closer reads (1); please update Closer"),
    ({"version": True}, "version: must be 1"),
    ({"format": "something-else"}, "is this a Closer share file?"),
    ({"from": "river-42\n"}, "from: is not a valid pseudonym"),
    ({"from": None}, "from: is missing"),
    ({"id": "ab" * 16}, "id: does not belong in a share file for the partner"),
    ({"audience": "everyone"}, 'audience: must be "partner" or "facilitator"'),
    ({"instruments": {"walls": {"walls-01": 9}}}, "walls-01: 9 is outside the scale 1-5"),
    ({"instruments": {"walls": {"walls-99": 3}}}, "is not an item of 'walls'"),
    ({"instruments": {"tarot": {"t-1": 3}}}, "instruments.tarot: is not a known instrument"),
    ({"instruments": {"walls": {}}}, "instruments.walls: holds no answers"),
    ({"instruments": {}, "reflections": {}}, "holds nothing"),
    ({"reflections": {"walls-notice": ""}}, "reflections.walls-notice: is empty"),
    ({"reflections": {"Bad Key": "x"}}, "key that is not lower-case"),
    ({"reflections": {"walls-notice": "\ud800"}}, "unpaired surrogate"),
    ({"created": "yesterday"}, "created: is not in the expected form"),
    ({"consent": {"group_report": True}}, "consent: is not a known field"),
    ({"exercises": {}}, "exercises: is not a known field"),
])
def test_a_bad_share_file_is_refused_in_one_line_naming_it(partner_share, change, words):
    with pytest.raises(share.ShareError) as exc:
        share.parse(_edited(partner_share, **change), "theirs.json")
    assert words in one_line(exc.value, "theirs.json")


def test_a_facilitator_share_may_not_carry_a_name_or_a_country(partner_share):
    facilitator = share.make(person(), "facilitator", ["walls"], [])
    for change, words in (({"from": "river-42"}, "from: does not belong"),
                          ({"country": "GB"}, "country: does not belong"),
                          ({"id": None}, "id: is missing"),
                          ({"id": "ZZ" * 16}, "id: is not a random id")):
        with pytest.raises(share.ShareError, match=words):
            share.parse(_edited(facilitator, **change), "f.json")


@pytest.mark.parametrize("raw, words", [
    (b"", "is empty"),
    (b"\xef\xbb\xbf{}", "byte-order mark"),
    (b"\xff\xfe", "not UTF-8"),
    (b'{"format": "closer-share", "vers', "not valid JSON"),
    (b'{"format": "closer-share", "format": "closer-share"}', "appears twice"),
    (b"[]", "must be a JSON object, not a list"),
    (b"[" * 100_000, "nested too deeply"),
    (b" " * (share.MAX_BYTES + 1), "share files are at most 5 MB"),
])
def test_broken_bytes_are_refused_in_one_line(raw, words):
    with pytest.raises(share.ShareError) as exc:
        share.parse(raw, "theirs.json")
    assert words in one_line(exc.value, "theirs.json")


def test_load_refuses_what_is_not_a_readable_file(tmp_path):
    for path, words in ((tmp_path / "missing.json", "does not exist"),
                        (tmp_path, "is a folder")):
        with pytest.raises(share.ShareError, match=words):
            share.load(path)


def test_write_refuses_an_invalid_share_and_writes_nothing(tmp_path, partner_share):
    bad = dict(partner_share, instruments={}, reflections={})
    with pytest.raises(share.ShareError):
        share.write(bad, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_share_error_takes_one_message_as_the_widgets_raise_it():
    assert str(share.ShareError("plain words")) == "plain words"
    assert str(share.ShareError("bad\nthing", "a.json", "from")) == "a.json: from: bad\\nthing"


# ----------------------------------------------------------------------------- describe

def test_describe_says_exactly_what_the_file_holds():
    data = person(country="GB")
    data["reflections"]["walls-notice"] = "Busyness,\n definitely. " + "I fill every evening. " * 9
    data["instruments"]["walls"] = {"walls-01": 2, "walls-02": 3}
    lines = share.describe(share.make(data, "partner", ["walls"], ["walls-notice"]))
    assert lines[0] == ("For your partner, signed with your pseudonym 'river-42'. Your partner "
                        "can read everything listed here, down to each single answer.")
    assert lines[1] == "Your answers to 'The walls I put up' (2 of 21 statements)."
    assert lines[2].startswith("Your reflection from module 04, ")
    quoted = re.search(r'"(.*)"$', lines[2]).group(1)
    assert quoted.startswith("Busyness, definitely. I fill") and quoted.endswith("…")
    assert len(quoted) <= share.PREVIEW_CHARS + 1
    assert "United Kingdom" in lines[3] and "English" in lines[3]
    assert lines[-1] == ("Nothing else from your answer file: no consents, exercises, action "
                         "plan, or anything you did not choose.")
    assert len(lines) == 5
    assert all("\n" not in line for line in lines)


def test_describe_a_facilitator_share_promises_no_name():
    lines = share.describe(share.make(person(quote=True), "facilitator", ["fears"],
                                      ["why-heard"]))
    assert "without your pseudonym" in lines[0]
    assert any("What makes closeness feel risky" in line for line in lines)
    assert not any("river-42" in line for line in lines)


# ----------------------------------------------------------------------------- pair

def test_pair_accepts_two_partners_even_in_different_languages():
    a = share.make(person("river-42", language="es"), "partner", ["walls"], [])
    b = share.make(person("sky-7", seed=2), "partner", ["fears"], [])
    assert share.pair(a, b) is None


def test_pair_refuses_two_files_from_the_same_person():
    a = share.make(person(), "partner", ["walls"], [])
    b = share.make(person(), "partner", ["fears"], [])
    with pytest.raises(share.ShareError, match="both share files come from 'river-42'"):
        share.pair(a, b)


def test_pair_refuses_a_facilitator_share_by_name():
    a = share.make(person(), "partner", ["walls"], [])
    f = share.make(person("sky-7"), "facilitator", ["walls"], [])
    with pytest.raises(share.ShareError) as exc:
        share.pair(a, f, ("mine.json", "theirs.json"))
    assert one_line(exc.value).startswith("theirs.json is a share file for the facilitator")


# ----------------------------------------------------------------------------- in a reports folder

def test_a_reports_folder_reads_facilitator_shares_and_refuses_partner_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    facilitator = share.make(person("sky-7", quote=True), "facilitator", ["walls"],
                             ["walls-notice"])
    share.write(facilitator, folder / "f.json")
    share.write(share.make(person(), "partner", ["walls"], []), folder / "p.json")
    (folder / "a.json").write_bytes(answers.dumps(person("moss-3")))
    (folder / "x.json").write_text('{"format": "other"}')
    assert share.read_either(folder / "f.json") == facilitator
    assert share.read_either(folder / "a.json")["participant"] == "moss-3"
    with pytest.raises(share.ShareError) as exc:
        share.read_either(folder / "p.json")
    assert "is a share file for river-42's partner, not for the group report" in one_line(
        exc.value, str(folder / "p.json"))
    with pytest.raises(answers.AnswerFileError, match="is this a Closer answer file"):
        share.read_either(folder / "x.json")


def test_the_group_counts_a_facilitator_share_once_and_quotes_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    facilitator = share.make(person("sky-7", quote=True), "facilitator", ["walls"],
                             ["walls-notice"])
    share.write(facilitator, folder / "f.json")
    share.write(facilitator, folder / "f-again.json")  # handed in twice: the same id
    share.write(share.make(person(), "partner", ["walls"], []), folder / "p.json")
    (folder / "a.json").write_bytes(answers.dumps(person("moss-3", quote=False)))
    g = group.GroupData.collect(folder)
    assert (g.took_part, g.consented, g.rejected) == (2, 2, 2)
    walls = INSTRUMENTS["walls"].subscales[0].id
    assert len(g.scores[("walls", walls)]) == 2
    assert [quote[1] for quote in g.reflections] == ["reflection-marker-walls-notice"]
    assert len(g.scores[("fears", INSTRUMENTS["fears"].subscales[0].id)]) == 1  # moss-3 only


# ----------------------------------------------------------------------------- in Spanish
# Refusals and the preview are worded when they are made, in the page's or command's language.

def test_describe_reads_in_spanish_with_spanish_titles_and_country():
    from workshop import i18n

    data = person(country="GB", language="es")
    data["instruments"]["walls"] = {"walls-01": 2, "walls-02": 3}
    made = share.make(data, "partner", ["walls"], ["walls-notice"])
    with i18n.using("es"):
        lines = share.describe(made)
    assert lines[0] == ("Para tu pareja, con tu seudónimo 'river-42'. Tu pareja puede leer todo "
                        "lo que aparece aquí, incluida cada una de tus respuestas.")
    assert lines[1] == "Tus respuestas a “Los muros que levanto” (2 de 21 afirmaciones)."
    assert lines[2] == ("Tu reflexión (módulo 04, Los muros que levantamos): "
                        "“reflection-marker-walls-notice”")
    assert lines[3] == ("Cuándo se hizo, el idioma en que trabajas (español) y tu país (Reino "
                        "Unido), para que el informe muestre las líneas de ayuda de ese país.")
    assert lines[4].startswith("Nada más de tu archivo de respuestas")
    assert share.describe(made)[0].startswith("For your partner")  # English again outside


def test_describe_a_facilitator_share_in_spanish_promises_no_name():
    from workshop import i18n

    made = share.make(person(quote=True), "facilitator", ["fears"], [])
    with i18n.using("es"):
        lines = share.describe(made)
    assert lines[0].startswith("Para el informe del grupo que prepara la persona facilitadora, "
                               "sin tu seudónimo")
    assert lines[2] == "Cuándo se hizo y el idioma en que trabajas (inglés)."
    assert not any("river-42" in line for line in lines)


@pytest.mark.parametrize("make, words", [
    (lambda: share.make(person(), "partner", [], []), "no elegiste nada"),
    (lambda: share.make(person(group_report=False), "facilitator", ["walls"], []),
     "no diste permiso para que se te cuente en el informe del grupo"),
    (lambda: share.make(person(), "facilitator", [], ["walls-notice"]),
     "no diste permiso para que se citen tus reflexiones"),
    (lambda: share.make(person(), "partner", ["wallz"], []),
     "'wallz' no es una autoevaluación de Closer"),
    (lambda: share.make(person(), "partner", [], ["never-written"]),
     "no escribiste la reflexión 'never-written'"),
    (lambda: share.pair(*[share.make(person(), "partner", ["walls"], [])] * 2),
     "los dos archivos para compartir son de 'river-42'"),
    (lambda: share.pair(share.make(person(), "partner", ["walls"], []),
                        share.make(person("sky-7"), "facilitator", ["walls"], [])),
     "el segundo archivo para compartir es para el informe del grupo, no para una pareja"),
])
def test_a_refused_share_is_explained_in_spanish(make, words):
    from workshop import i18n

    with i18n.using("es"), pytest.raises(share.ShareError) as exc:
        make()
    assert words in one_line(exc.value)


def test_a_damaged_share_file_is_refused_in_spanish(tmp_path):
    from workshop import i18n

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "closer-answers"}))
    partner = share.make(person(), "partner", ["walls"], [])
    with i18n.using("es"):
        with pytest.raises(share.ShareError) as answer_file:
            share.load(path)
        with pytest.raises(share.ShareError) as missing:
            share.load(tmp_path / "nada.json")
        with pytest.raises(share.ShareError) as wrong_key:
            share.validate({**partner, "id": "ab12"}, "s.json")
    assert "es un archivo de respuestas completo, no un archivo para compartir" in one_line(
        answer_file.value, str(path))
    assert one_line(missing.value) == f"{tmp_path / 'nada.json'}: no existe"
    assert one_line(wrong_key.value) == ("s.json: id: no va en un archivo para compartir con "
                                         "tu pareja")
