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
    assert sum(m.minutes for m in modules) + sum(agenda.FULL_BREAKS.values()) == total
    assert 150 <= total <= 200
    short = sum(s.minutes for s in agenda.plan(modules, short=True))
    assert 80 <= short <= 100


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
