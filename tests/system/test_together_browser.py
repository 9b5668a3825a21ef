"""Module 09 in a real browser, as two partners on one machine, each with their own answers
folder (their own Voila): a private safety check, pick, preview, download a share file; the
other partner uploads it and reads the conversation report, where hostile text stays inert."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from axe_support import format_violations, scan
from browser_support import open_voila, screenshot, settle, start_voila
from test_browser import browser, chromium_path, suite_clock  # noqa: F401
from workshop import answers, demo, instruments

pytestmark = pytest.mark.browser
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def partner_folder(root: Path, who: str, seed: int, reflection: str) -> Path:
    folder = answers.ensure_dir(root / who / "answers")
    data = demo.participant(who, random.Random(seed), demo.START)
    for inst in instruments.load_all().values():
        rng = random.Random(seed + len(inst.id))
        data["instruments"][inst.id] = {i.id: rng.randint(inst.min, inst.max) for i in inst.items}
    data["reflections"]["walls-notice"] = reflection
    data["country"] = "GB"
    answers.save(data, folder / f"{who}.json")
    (folder / ".current").write_text(who)
    return folder


@pytest.fixture(scope="module")
def partners(tmp_path_factory, chromium_path):  # noqa: F811
    root = tmp_path_factory.mktemp("together")
    servers = {}
    try:
        for who, seed, text in (("sun-1", 1, HOSTILE), ("moon-2", 2, "Busy, mostly.")):
            folder = partner_folder(root, who, seed, text)
            server, base = start_voila(folder, root / f"{who}.log")
            server.base, server.answers = base, folder
            servers[who] = server
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def make_share(page, base: str, downloads: Path) -> Path:
    """Step 1 as a participant does it: the safety check, ticks, the preview, the download."""
    open_voila(page, base, "09-together.ipynb", "fieldset.closer-safe-check")
    settle(page, 500)
    assert page.locator(".closer-share-picks").is_hidden()  # nothing offered before the check
    page.locator("fieldset.closer-safe-check label.closer-choice").first.click()  # "Yes"
    picks = page.locator(".closer-share-picks .closer-tick input[type=checkbox]")
    picks.first.wait_for()
    assert all(not picks.nth(i).is_checked() for i in range(picks.count()))  # none by default
    page.locator(".closer-share-picks .closer-tick").filter(
        has_text="The walls I put up").locator("input").check()
    page.locator(".closer-share-picks .closer-tick").filter(
        has_text="Module 04").locator("input").check()
    page.locator(".closer-share-preview").filter(has_text="The walls I put up").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my share file").click()
    target = downloads / info.value.suggested_filename
    info.value.save_as(target)
    return target


def upload(page, path: Path) -> None:
    inputs = page.locator(".closer-together input[type=file]")
    if inputs.count():
        inputs.first.set_input_files(str(path))
    else:
        with page.expect_file_chooser() as chooser:
            page.locator(".closer-together .widget-upload").click()
        chooser.value.set_files(str(path))


def test_two_partners_share_upload_and_read_the_report(browser, partners, tmp_path):  # noqa: F811
    pages = {}
    for who in partners:
        context = browser.new_context(viewport={"width": 1100, "height": 900},
                                      accept_downloads=True)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc, p=page: p.errors.append(str(exc)))
        pages[who] = page
    shares = {who: make_share(pages[who], partners[who].base, tmp_path) for who in partners}
    sun = json.loads(shares["sun-1"].read_text())
    assert sun["from"] == "sun-1" and set(sun["instruments"]) == {"walls"}
    assert set(sun["reflections"]) == {"walls-notice"} and "consent" not in sun

    # moon-2 uploads sun-1's file and reads the report on the page
    page = pages["moon-2"]
    upload(page, shares["sun-1"])
    page.locator(".closer-together").filter(has_text="Your conversation report is below").wait_for(
        timeout=120_000)
    frame = page.frame_locator("iframe.closer-report-frame")
    frame.locator("h1").filter(has_text="sun-1").wait_for()
    text = frame.locator("body").inner_text()
    assert "moon-2" in text and "The walls I put up" in text
    assert "Where you see things differently" in text or "Where you see things alike" in text
    assert HOSTILE[:20] in text  # shown as text ...
    assert page.evaluate("() => typeof window.__pwned") == "undefined"  # ... and never run
    screenshot(page, "together-09-report")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download our conversation report").click()
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert "sun-1" in report and "&lt;script&gt;" in report and "<script>window" not in report

    # the downloaded report passes the same accessibility checks as every page
    saved = tmp_path / "together.html"
    saved.write_text(report, encoding="utf-8")
    reader = browser.new_context(bypass_csp=True)  # axe is injected as a script
    view = reader.new_page()
    view.goto(saved.as_uri())
    assert view.evaluate("() => typeof window.__pwned") == "undefined"  # escaping alone
    violations = scan(view)
    assert violations == [], format_violations(violations, "together.html")
    assert view.locator("html").get_attribute("lang") == "en"
    reader.close()
    for p in pages.values():
        assert p.errors == []
        p.context.close()
