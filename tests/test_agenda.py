"""The guide's agenda is generated from the manifest; these tests fail when the two disagree."""

import dataclasses
import re
from pathlib import Path

import pytest

from workshop import agenda, cli, curriculum

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "facilitator_guide" / "agenda.md"


@pytest.mark.parametrize("name,short", [("full", False), ("short", True)])
def test_guide_agenda_matches_manifest(name, short):
    text = GUIDE.read_text(encoding="utf-8")
    assert agenda.guide_block(text, name) == agenda.markdown(curriculum.load(), short=short), (
        "facilitator_guide/agenda.md disagrees with workshop/curriculum.toml; run "
        "`workshop agenda --update-guide facilitator_guide/agenda.md`")


def test_a_changed_manifest_is_detected():
    modules = curriculum.load()
    changed = [dataclasses.replace(modules[0], exercise_minutes=modules[0].exercise_minutes + 5),
               *modules[1:]]
    text = GUIDE.read_text(encoding="utf-8")
    assert agenda.guide_block(text, "full") != agenda.markdown(changed)


def test_agenda_times_add_up():
    modules = curriculum.load()
    slots = agenda.plan(modules, start="09:30")
    assert slots[0].start == "09:30"
    total = sum(s.minutes for s in slots)
    end_h, end_m = map(int, slots[-1].start.split(":"))
    assert (end_h * 60 + end_m) - (9 * 60 + 30) == total
    in_session = [m for m in modules if m.id not in agenda.AT_HOME]
    assert sum(m.minutes for m in in_session) + sum(agenda.FULL_BREAKS.values()) == total
    assert 150 <= total <= 200
    short = sum(s.minutes for s in agenda.plan(modules, short=True))
    assert 80 <= short <= 100


@pytest.mark.parametrize("short", [False, True])
def test_at_home_module_is_listed_as_optional_and_never_timed(short):
    modules = curriculum.load()
    home = [m for m in modules if m.id in agenda.AT_HOME]
    assert [m.id for m in home] == ["together"], "module 09 is the one for home"
    assert not {s.module_id for s in agenda.plan(modules, short=short)} & agenda.AT_HOME
    text = agenda.markdown(modules, short=short)
    table, _, after = text.partition("Total:")
    assert "Together" not in table
    assert re.search(r"Optional, at home .*09 Together, about 40 minutes, only for couples who "
                     r"both feel safe", after)


def test_marking_a_module_at_home_takes_it_out_of_the_session(monkeypatch):
    modules = curriculum.load()
    before = agenda.plan(modules)
    walls = next(m for m in modules if m.id == "walls")
    monkeypatch.setattr(agenda, "AT_HOME", agenda.AT_HOME | {"walls"})
    after = agenda.plan(modules)
    assert "walls" not in {s.module_id for s in after}
    assert sum(s.minutes for s in before) - sum(s.minutes for s in after) == walls.minutes
    assert f"{walls.number} {walls.title}, about {walls.minutes} minutes" in \
        agenda.markdown(modules).partition("Total:")[2]


def test_update_guide_rewrites_only_the_blocks(tmp_path, capsys):
    page = tmp_path / "agenda.md"
    page.write_text("intro\n<!-- agenda:full:start -->\nold\n<!-- agenda:full:end -->\nmiddle\n"
                    "<!-- agenda:short:start -->\nold\n<!-- agenda:short:end -->\nend\n")
    assert cli.main(["agenda", "--update-guide", str(page)]) == 0
    text = page.read_text()
    assert text.startswith("intro\n") and "\nmiddle\n" in text and text.endswith("end\n")
    assert "old" not in text
    assert agenda.guide_block(text, "short") == agenda.markdown(curriculum.load(), short=True)


def test_guide_links_resolve():
    """Every relative link in the guide points at a file that exists."""
    for page in (ROOT / "facilitator_guide").rglob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
