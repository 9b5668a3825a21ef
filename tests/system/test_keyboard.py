"""Keyboard only: the welcome page and module 04 done with Tab, Shift+Tab, the arrow keys, Space
and Enter, with the focus always visible, then the answer file checked; and module 04 read as a
screen reader meets it (Playwright's accessibility tree)."""

from __future__ import annotations

import pytest

from browser_support import open_voila, read_json, screenshot, settle, wait_for
from test_browser import browser, chromium_path, context, page, suite_clock, voila  # noqa: F401
from workshop import content, instruments

pytestmark = pytest.mark.browser

FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const seen = e => { const s = getComputedStyle(e);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
               || (s.boxShadow && s.boxShadow !== 'none'); };
    const holder = el.closest('label') || el;
    return {tag: el.tagName, type: el.type || '', cls: String(el.className || ''),
            text: (el.innerText || el.value || holder.innerText || '').trim().slice(0, 40),
            visible: seen(el) || seen(holder)};
}"""


def tab_to(page, matches: str, shift: bool = False, limit: int = 40) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches a CSS selector; every element
    that receives focus on the way must show a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:
            continue
        assert focus["visible"], f"no visible focus on {focus}"
        if page.evaluate("s => document.activeElement.matches(s)", matches):
            return focus
    raise AssertionError(f"Tab never reached {matches}")


def test_welcome_and_walls_with_the_keyboard_alone(voila, page):  # noqa: F811
    me = "keys-1"
    file = voila.answers / f"{me}.json"
    open_voila(page, voila.base, "00-welcome.ipynb", ".closer-pseudonym input")
    settle(page, 500)

    tab_to(page, ".closer-pseudonym input")
    page.keyboard.type(me)
    focus = tab_to(page, "button")
    assert focus["text"] == "Use this pseudonym", focus
    page.keyboard.press("Enter")
    page.locator(".closer-pseudonym-message").filter(has_text=f"working as {me}").wait_for()
    wait_for(lambda: file.exists(), "the answer file to be created")
    tab_to(page, ".closer-consent-group-report input")
    page.keyboard.press("Space")
    tab_to(page, ".closer-consent-reflections-in-group-report input")
    page.keyboard.press("Space")
    tab_to(page, ".closer-country select")
    page.keyboard.type("United K")  # a closed select follows typed letters
    tab_to(page, ".closer-consent-reflections-in-group-report input", shift=True)
    data = wait_for(lambda: (d := read_json(file)) and d.get("country") == "GB"
                    and all(d["consent"].values()) and d, "consents and country on disk")
    assert data["consent"] == {"group_report": True, "reflections_in_group_report": True}

    # module 04: every scale with the arrow keys, the checklist with Space, the reflection typed
    walls = instruments.get("walls")
    open_voila(page, voila.base, "04-walls.ipynb", "fieldset.closer-scale", len(walls.items))
    settle(page, 500)
    picks = {}
    for i, item in enumerate(walls.items):
        tab_to(page, "fieldset.closer-scale input[type=radio]")
        page.keyboard.press("Space")  # the first answer, "Never"
        steps = (2 * i + 1) % len(walls.labels)
        for _ in range(steps):
            page.keyboard.press("ArrowRight")  # moves to the next answer and chooses it
        picks[item.id] = walls.min + steps
    wait_for(lambda: (d := read_json(file)) and d["instruments"].get("walls") == picks,
             "every walls answer on disk")

    first_tick = content.checklist("walls-noticing")["items"][0]["id"]
    tab_to(page, ".closer-tick input[type=checkbox]")
    page.keyboard.press("Space")
    tab_to(page, "textarea.closer-reflection")
    page.keyboard.type("The busy wall, mostly on Sundays.")
    page.keyboard.press("Tab")
    data = wait_for(lambda: (d := read_json(file))
                    and d["reflections"].get("walls-notice") == "The busy wall, mostly on Sundays."
                    and d, "the reflection on disk")
    assert data["exercises"]["walls-noticing"] == {first_tick: True}
    assert data["instruments"]["walls"] == picks
    screenshot(page, "keyboard-04-walls")
    assert page.errors == []


def test_a_scale_reads_as_a_named_group_of_answers(voila, page):  # noqa: F811
    """What a screen reader meets: each statement is a group, each answer a radio button."""
    walls = instruments.get("walls")
    open_voila(page, voila.base, "04-walls.ipynb", "fieldset.closer-scale", len(walls.items))
    tree = page.locator("fieldset.closer-scale").first.aria_snapshot()
    assert walls.items[0].text[:30] in tree
    assert "group" in tree
    for label in walls.labels:
        assert f'radio "{label}"' in tree
    status = page.locator("[role=status]").first.aria_snapshot()
    assert "status" in status
    assert page.locator("html").get_attribute("lang") == "en"
