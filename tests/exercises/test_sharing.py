"""Module 09's widgets: a private safety check before any sharing, nothing picked by default, a
preview of exactly what the file holds, and the conversation report from the partner's file."""

from __future__ import annotations

import html
import json
import random

import pytest

from exercise_helpers import WHO, on_disk, s  # noqa: F401
from workshop import answers, demo, instruments, resources, share
from workshop.exercises import sharing as together
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")


@pytest.fixture
def answered(answers_dir) -> Session:
    """A participant who has answered every instrument and written reflections."""
    data = demo.participant(WHO, random.Random(3), demo.START)
    for inst in instruments.load_all().values():
        data["instruments"][inst.id] = {i.id: inst.min for i in inst.items}
    data["reflections"]["walls-notice"] = "<b>The busy wall</b>"
    data["country"] = "GB"
    answers.save(data, answers_dir / f"{WHO}.json")
    (answers_dir / ".current").write_text(WHO)
    return Session(answers_dir)


def partner_share(who: str = "sky-7", instruments_chosen=("walls",)) -> bytes:
    data = demo.participant(who, random.Random(9), demo.START)
    for iid in instruments_chosen:
        inst = instruments.get(iid)
        data["instruments"][iid] = {i.id: inst.max for i in inst.items}
    return share.dumps(share.make(data, "partner", list(instruments_chosen), []))


def test_nothing_is_picked_and_nothing_offered_before_the_safety_check(answered):
    step = together.ShareStep(answered)
    assert step.picks and not any(t.value for t in step.picks.values())
    assert step.safe.value is None
    assert step.current() is None and step._made() is None
    assert step.download.layout.display == "none"


@pytest.mark.parametrize("answer", ["no", "unsure"])
def test_no_or_not_sure_makes_no_file_and_shows_the_help_lines(answered, answer):
    before = on_disk(answered.directory)
    step = together.ShareStep(answered)
    for tick in step.picks.values():
        tick.value = True
    step.safe.value = answer
    assert step._made() is None
    assert "No share file will be made" in step.stop.value
    assert "999" in step.stop.value  # the participant's country (GB)
    assert step.download.layout.display == "none"
    # the answer to the safety check is never saved
    assert on_disk(answered.directory) == before


def test_yes_then_the_chosen_walls_only_with_a_preview(answered):
    step = together.ShareStep(answered)
    step.safe.value = "yes"
    assert "Nothing chosen yet" in step.preview.value
    step.picks[("instruments", "walls")].value = True
    for line in share.describe(step.current()):
        assert html.escape(line) in step.preview.value
    payload, name, mime = step._made()
    made = json.loads(payload)
    assert name == f"closer-share-{WHO}.json" and mime == "application/json"
    assert made["audience"] == "partner" and made["from"] == WHO
    assert set(made["instruments"]) == {"walls"} and made["reflections"] == {}
    assert "consent" not in made and "exercises" not in made
    if "country" in made:  # only for the report's help lines, and the preview says so
        assert any("country" in line.lower() for line in share.describe(made))


def test_the_report_needs_your_own_share_first(answered):
    panel = together.TogetherPanel(answered)
    assert panel.show(partner_share()) is None
    assert "First make your own share file" in panel.message.value


def test_refusals_are_shown_in_one_plain_line(answered):
    step = together.ShareStep(answered)
    step.safe.value = "yes"
    step.picks[("instruments", "walls")].value = True
    panel = together.TogetherPanel(answered)
    full_file = (answered.directory / f"{WHO}.json").read_bytes()
    assert panel.show(full_file) is None
    assert "answer file" in panel.message.value and "Traceback" not in panel.message.value
    assert panel.show(partner_share(who=WHO)) is None  # the same person twice
    assert panel.download.layout.display == "none"


def test_the_report_shows_in_a_sandboxed_frame_and_downloads(answered, monkeypatch):
    step = together.ShareStep(answered)
    step.safe.value = "yes"
    step.picks[("instruments", "walls")].value = True
    made = {}

    def fake_render(mine, theirs):
        made.update(mine=mine, theirs=theirs)
        return "<html><body><script>window.x=1</script>report</body></html>"

    monkeypatch.setattr(together, "render_together", fake_render)
    panel = together.TogetherPanel(answered)
    page = panel.show(partner_share())
    assert page and made["mine"]["from"] == WHO and made["theirs"]["from"] == "sky-7"
    assert "<iframe" in panel.report.value and " sandbox " in panel.report.value
    assert "<script>" not in panel.report.value  # escaped inside srcdoc
    assert panel._made()[0] == page.encode("utf-8")


@pytest.mark.slow
def test_the_real_report_is_made_in_a_fresh_process(answered):
    step = together.ShareStep(answered)
    step.safe.value = "yes"
    step.picks[("instruments", "walls")].value = True
    step.picks[("reflections", "walls-notice")].value = True
    page = together.TogetherPanel(answered).show(partner_share())
    assert page and WHO in page and "sky-7" in page
    assert "&lt;b&gt;The busy wall&lt;/b&gt;" in page and "<b>The busy wall</b>" not in page
    assert resources.help_html(None)[:30] in page or "help" in page.lower()
