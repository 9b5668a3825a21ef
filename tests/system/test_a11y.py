"""Accessibility in Chromium: axe-core's WCAG 2.0-2.2 A and AA rules on every page people meet.

1. Every module in Voila, in English and in Spanish, before and after answering: a participant with a pseudonym and no
   answers opens it (before), then answers everything a person can answer there (a choice in
   every scale and quiz, every checkbox, a sentence in every text box, the first country, the
   buttons that give feedback, every "Need help now?" box opened) and the page is scanned again
   (after). Every finding goes to test-artifacts/axe-modules.txt.
2. Voila's page itself (our "closer" template): lang="en" (lang="es" for the Spanish modules),
   one main landmark holding the cells, a title that names the module.
3. The personal and group reports of a demo cohort (`workshop reports --pdf`): no violations,
   lang, one h1 and headings in order; at 320 CSS px and at 200% zoom nothing scrolls sideways
   and every link or button is at least 24 by 24 px.
4. The printed reports: no heading, chart or table is separated from what belongs with it by a
   page break. Chromium's PDFs are tagged (headings, figures, tables, rows), so the check reads
   those tags with pdfplumber: each heading starts on the page of the block after it, and a
   chart on the page of its table's first row.

The reports are built in another process while the modules are scanned, to keep this file
within BUDGET seconds on two cores. A missing Chromium or axe-core fails the run when $CI is
set and skips it, saying why, otherwise.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import axe_support as axe
from browser_support import (
    leaves_machine,
    PAGE_TIMEOUT, REPO_ROOT, launch, missing, require_chromium, screenshot, start_voila,
    wait_widgets,
)
from workshop import answers, curriculum, demo, i18n

BUDGET = 300  # seconds for this whole file: about two minutes for each language
ARTIFACTS = REPO_ROOT / "test-artifacts"
# Paths under notebooks/, as Voila serves them: the English modules, then the Spanish ones.
MODULES = [Path(m.notebook).relative_to("notebooks").as_posix()
           for language in i18n.LANGUAGES
           for m in curriculum.load(i18n.localized(curriculum.MANIFEST_PATH, language),
                                    check_notebooks=False)]
TITLE = {"en": r"Module {number}: [A-Z][\w ,]+ · Closer",
         "es": r"Módulo {number}: [A-ZÁÉÍÓÚ][\w ,]+ · Closer"}

PSEUDONYM = "axe-reader"
SENTENCE = ("I feel lonely when we eat dinner with our phones out, and I'd like us to leave "
            "them in the kitchen.")
# Buttons that change or leave the page rather than give feedback on it.
LEAVE_ALONE = re.compile(r"restore|fresh|download|erase|clear|cancel|upload|file|report", re.I)
# Page-level rules outside the WCAG tags that say whether the page is well formed.
PAGE_RULES = ["landmark-one-main", "page-has-heading-one", "document-title", "html-has-lang"]
REPORT_RULES = [*PAGE_RULES, "heading-order"]
MODULE_URL = "https://closer.example/voila/render/notebooks/"
MIN_TARGET = 24  # CSS px, WCAG 2.2 target size (minimum)
NETGUARD = Path(__file__).resolve().parent / "netguard"
NETGUARD_LOG_ENV = "CLOSER_NETGUARD_LOG"



# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def clock():
    started = time.monotonic()
    yield started
    took = time.monotonic() - started
    assert took <= BUDGET, f"test_a11y.py took {took:.0f}s; the budget is {BUDGET}s"


@pytest.fixture(scope="module")
def chromium_path(clock) -> str:
    path = require_chromium()
    reason = axe.installed()
    if reason:
        missing(reason)
    return path


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p, chromium_path)
        try:
            yield b
        finally:
            b.close()


class ReportJob:
    """`workshop reports --pdf` on a demo cohort, running in another process."""

    def __init__(self, root: Path):
        self.folder, self.out = root / "answers", root / "out"
        paths = demo.write_cohort(7, 12, self.folder)
        for n, path in enumerate(paths):
            data = answers.load(path)
            data["consent"]["group_report"] = n < 6  # enough people for every figure
            data["consent"]["reflections_in_group_report"] = n % 2 == 0
            if n == 0:
                data["country"] = "GB"  # help lines with phone links in one report
            answers.save(data, path)
        self.log = open(root / "reports.log", "w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workshop", "reports", str(self.folder), "--out",
             str(self.out), "--workers", "2", "--pdf", "--module-url", MODULE_URL, "-q"],
            cwd=REPO_ROOT, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)  # its workers too can be stopped as one group

    def result(self) -> Path:
        code = self.proc.wait(timeout=240)
        self.log.seek(0)
        output = self.log.read()
        assert code == 0, f"workshop reports failed ({code}):\n{output[-3000:]}"
        assert "wrote 8 PDF(s)" in output, output[-2000:]
        return self.out

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def report_job(tmp_path_factory, chromium_path):
    job = ReportJob(tmp_path_factory.mktemp("a11y-reports"))
    try:
        yield job
    finally:
        job.stop()


@pytest.fixture(scope="module")
def voila(tmp_path_factory, chromium_path):
    """Voila for a participant who chose a pseudonym and has answered nothing yet."""
    root = tmp_path_factory.mktemp("a11y-voila")
    folder = answers.ensure_dir(root / "answers")
    answers.save(answers.new(PSEUDONYM), folder / f"{PSEUDONYM}.json")
    (folder / ".current").write_text(PSEUDONYM)
    # The network guard in every kernel: this sweep is each notebook's second run in make test
    # (nbval's is the first), so it also proves that no module reaches another machine.
    log = root / "net.log"
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(NETGUARD), os.environ.get("PYTHONPATH"))
                                         if p), NETGUARD_LOG_ENV: str(log)}
    server, base = start_voila(folder, root / "voila.log", extra_env=env)
    server.base, server.netlog, server.answers = base, log, folder
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- steps in a module

def quiet(page, still_ms: int = 500, cap_ms: int = 8000) -> None:
    """Wait until the page has stopped changing (kernel replies drawn) for `still_ms`."""
    page.evaluate("""([still, cap]) => new Promise(resolve => {
        let timer;
        const done = () => { observer.disconnect(); clearTimeout(limit); resolve(); };
        const observer = new MutationObserver(() => {
            clearTimeout(timer); timer = setTimeout(done, still); });
        observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                         characterData: true});
        timer = setTimeout(done, still);
        const limit = setTimeout(done, cap);
    })""", [still_ms, cap_ms])


def page_facts(page) -> dict:
    return page.evaluate("""() => {
        const mains = [...document.querySelectorAll('main, [role=main]')];
        const cells = document.querySelector('#rendered_cells');
        return {lang: document.documentElement.lang, title: document.title,
                mains: mains.length,
                cellsInMain: !!cells && mains.some(m => m.contains(cells))};
    }""")


REFLOW = """() => ({
    wide: Math.max(document.documentElement.scrollWidth,
                   ...[...document.querySelectorAll('#rendered_cells, .jp-Notebook')]
                      .map(e => e.scrollWidth)),
    offscreen: [...document.querySelectorAll('label.closer-choice, button, textarea')]
        .filter(b => b.offsetParent !== null
                     && b.getBoundingClientRect().right > window.innerWidth + 1).length,
    small: [...document.querySelectorAll(
            'button, label.closer-choice, input[type=checkbox], select, summary, textarea')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.width < 24 || r.height < 24)
        .map(([e, r]) => `${e.tagName} ${(e.innerText || e.className || '').trim().slice(0, 30)}`
                         + ` (${Math.round(r.width)}x${Math.round(r.height)})`),
})"""


def settled(file: Path, still: float = 1.0, cap: float = 10.0) -> bytes:
    """The file once the previous page's last saves have landed (unchanged for `still` s)."""
    began, last = time.monotonic(), file.stat().st_mtime_ns
    quiet_since = time.monotonic()
    while time.monotonic() - began < cap:
        time.sleep(0.2)
        now = file.stat().st_mtime_ns
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= still:
            break
    return file.read_bytes()


def render_facts(page) -> dict:
    """What a participant would notice going wrong on a freshly opened module."""
    return page.evaluate("""() => ({
        stderr: document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')
            .length,
        errors: document.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"]')
            .length,
        traceback: /Traceback|There was an error when executing cell/.test(document.body.innerText),
        drawn: [...document.querySelectorAll('.jupyter-widgets')]
            .filter(e => e.getBoundingClientRect().height > 0).length,
        headers: document.querySelectorAll('.closer-header').length,
        cut: [...document.querySelectorAll('button, .widget-label, .widget-html-content')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.innerText.trim().slice(0, 40)),
    })""")


def answer_everything(page) -> dict[str, int]:
    """Answer what a participant can answer on this page; returns what was done, by kind."""
    done = {"choices": 0, "checkboxes": 0, "text boxes": 0, "lists": 0, "buttons": 0}
    # the second answer of every group, clicked in one go: as a person's clicks, but faster
    done["choices"] = page.evaluate("""() => {
        const groups = {};
        for (const e of document.querySelectorAll('input[type=radio]:not(:disabled)')) {
            if (e.getClientRects().length) (groups[e.name] = groups[e.name] || []).push(e);
        }
        const chosen = Object.values(groups).map(g => g[Math.min(1, g.length - 1)]);
        chosen.forEach(e => e.click());
        return chosen.filter(e => e.checked).length;
    }""")
    boxes = page.locator("input[type=checkbox]:visible:not(:disabled)")
    for i in range(boxes.count()):
        boxes.nth(i).check()
        done["checkboxes"] += 1
    for kind, text in (("textarea", SENTENCE), ("input[type=text]", PSEUDONYM)):
        fields = page.locator(f"{kind}:visible:not(:disabled)")
        for i in range(fields.count()):
            fields.nth(i).fill(text)
            fields.nth(i).blur()
            done["text boxes"] += 1
    lists = page.locator("select:visible:not(:disabled)")
    for i in range(lists.count()):
        if lists.nth(i).locator("option").count() > 1:
            lists.nth(i).select_option(index=1)
            done["lists"] += 1
    labels = page.evaluate("""() => [...document.querySelectorAll('button')]
        .filter(b => b.getClientRects().length && !b.disabled)
        .map(b => b.innerText.trim()).filter(Boolean)""")
    for label in dict.fromkeys(labels):
        if not LEAVE_ALONE.search(label):
            page.get_by_role("button", name=label, exact=True).first.click()
            done["buttons"] += 1
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return done


def tall(page, width: int = 1100) -> None:
    """Make the window as tall as the page (capped): Voila scrolls inside a container, and axe
    checks colour contrast only for what is on screen."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')]"
                           ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": max(900, min(int(height) + 50, 16000))})
    quiet(page, 300)


def axe_sees_widgets(page) -> bool:
    """A picture with no text alternative put inside the last widget is found: the scan does
    reach what the widgets draw."""
    page.evaluate("""() => { const probe = document.createElement('img');
        probe.id = 'closer-axe-probe'; probe.src = 'data:,';
        [...document.querySelectorAll('.jupyter-widgets')].pop().append(probe); }""")
    try:
        found = axe.scan(page, rules=["image-alt"])
        return any("closer-axe-probe" in n["html"] for v in found for n in v["nodes"])
    finally:
        page.evaluate("() => document.getElementById('closer-axe-probe').remove()")


def scan_module(page, saved: bytes, file: Path) -> dict:
    """Scan a module page that is loading (module_scans started it), before and after; opening
    it must not change the participant's file (`saved` is the file before)."""
    page.bring_to_front()  # a page behind another gets no animation frames: widgets stall
    page.wait_for_selector(".closer-footer", timeout=PAGE_TIMEOUT)
    wait_widgets(page, ".jupyter-widgets")
    quiet(page)
    tall(page)
    result = {"facts": page_facts(page), "render": render_facts(page),
              "before": axe.scan(page), "page": axe.scan(page, rules=PAGE_RULES)}
    result["unchanged"] = file.read_bytes() == saved
    screenshot(page, f"voila-{Path(page.url).stem}")
    result["answered"] = answer_everything(page)
    quiet(page, 1000)  # the kernel saves and redraws after each answer
    tall(page)
    result["after"] = axe.scan(page)
    result["text"] = page.evaluate("() => document.body.innerText")
    result["probe"] = axe_sees_widgets(page)
    # Reflow (WCAG 1.4.10): at 320 CSS px, the width of a 1280 px screen at 400% zoom, and so
    # also at 200%, nothing scrolls sideways; every target stays at least 24 by 24 px.
    page.set_viewport_size({"width": 320, "height": 900})
    quiet(page, 500)
    result["reflow"] = page.evaluate(REFLOW)
    return result


@pytest.fixture(scope="module")
def module_scans(browser, voila, report_job) -> dict[str, dict]:
    """Every module scanned before and after answering, in one pass. While one module is
    scanned, the next one already loads and runs in a second page, which saves most of a
    kernel start per module. (`report_job` is asked for only to start the reports early.)"""
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    ctx.set_default_timeout(15_000)
    results: dict[str, dict] = {}

    def start(notebook: str):
        page = ctx.new_page()
        page.outside, page.errors = [], []
        page.on("request", lambda r, p=page: p.outside.append(r.url)
                if leaves_machine(r.url) else None)
        page.on("pageerror", lambda exc, p=page: p.errors.append(str(exc)))
        page.goto(f"{voila.base}/voila/render/{notebook}", wait_until="commit",
                  timeout=PAGE_TIMEOUT)
        return page

    try:
        upcoming = start(MODULES[0])
        for n, notebook in enumerate(MODULES):
            page, upcoming = upcoming, start(MODULES[n + 1]) if n + 1 < len(MODULES) else None
            began = time.monotonic()
            before = settled(voila.answers / f"{PSEUDONYM}.json")
            try:
                results[notebook] = scan_module(page, before, voila.answers / f"{PSEUDONYM}.json")
                results[notebook]["seconds"] = time.monotonic() - began
                results[notebook]["outside"] = list(page.outside)
                results[notebook]["js_errors"] = list(page.errors)
            except Exception as exc:  # noqa: BLE001  recorded here, failed by its own test
                results[notebook] = {"error": f"{type(exc).__name__}: {exc}"}
            finally:
                page.close()
    finally:
        ctx.close()
    write_module_artifact(results)
    return results


def write_module_artifact(results: dict[str, dict]) -> Path:
    """test-artifacts/axe-modules.txt: every violation, by module and state, then by rule."""
    lines = [f"axe-core {axe.version()} ({', '.join(axe.TAGS)}), Chromium via Playwright, "
             f"Voila with the 'closer' template; {_dt.datetime.now():%Y-%m-%d %H:%M}.",
             "before: a participant with a pseudonym and no answers opens the module; after: "
             "everything on the page is answered (see answer_everything in test_a11y.py).", ""]
    by_rule: dict[str, list[str]] = {}
    for notebook, r in results.items():
        if "error" in r:
            lines += [f"== {notebook}: could not be scanned: {r['error']}", ""]
            continue
        answered = ", ".join(f"{n} {k}" for k, n in r["answered"].items() if n) or "nothing"
        lines.append(f"({notebook} scanned in {r['seconds']:.1f}s)")
        for state in ("before", "after"):
            label = f"{notebook}, {state}" + (f" (answered: {answered})" if state == "after"
                                              else "")
            lines += [f"== {axe.format_violations(r[state], label)}", ""]
            for v in r[state]:
                by_rule.setdefault(v["id"], []).append(f"{notebook} {state}")
        if r["page"]:
            lines += [f"== {axe.format_violations(r['page'], notebook + ', page rules')}", ""]
    lines.append("== by rule")
    lines += [f"  {rule}: {', '.join(where)}" for rule, where in sorted(by_rule.items())] or \
        ["  none"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "axe-modules.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- 1-2. modules

@pytest.mark.browser
@pytest.mark.parametrize("notebook", MODULES)
def test_module_has_no_axe_violations_before_and_after_answering(module_scans, notebook):
    r = module_scans[notebook]
    assert "error" not in r, f"{notebook} could not be scanned: {r.get('error')}"
    assert sum(r["answered"].values()) > 0, f"nothing to answer was found in {notebook}"
    assert r["probe"], f"axe did not see inside the widgets of {notebook}"
    found = [axe.format_violations(r[state], f"{notebook}, {state} answering")
             for state in ("before", "after") if r[state]]
    assert not found, "\n".join(found) + "\n(every module: test-artifacts/axe-modules.txt)"


@pytest.mark.browser
@pytest.mark.parametrize("notebook", MODULES)
def test_module_renders_cleanly_and_stays_on_this_machine(module_scans, voila, notebook):
    """Freshly opened: no error or warning on the page, widgets drawn, one header, no label cut
    off, no JavaScript error, no request to another machine from the page or its kernel, and
    opening it saved nothing."""
    r = module_scans[notebook]
    assert "error" not in r, f"{notebook} could not be opened: {r.get('error')}"
    facts = r["render"]
    assert facts["stderr"] == 0 and facts["errors"] == 0 and not facts["traceback"], facts
    assert facts["drawn"] >= 1, f"no widget drawn in {notebook}"
    assert facts["headers"] == 1
    assert facts["cut"] == [], f"labels cut off in {notebook}: {facts['cut']}"
    assert r["js_errors"] == [], f"JavaScript errors in {notebook}: {r['js_errors']}"
    assert r["outside"] == [], f"{notebook} made the browser contact {r['outside'][:3]}"
    assert r["unchanged"], f"opening {notebook} changed the participant's file"
    lines = voila.netlog.read_text(encoding="utf-8").splitlines() if voila.netlog.exists() else []
    events = [json.loads(line) for line in lines]
    assert any(e["event"] == "loaded" and "ipykernel" in " ".join(e["argv"]) for e in events), \
        "the network guard did not load in the kernels"
    assert [e for e in events if e["event"] == "blocked"] == [], "a kernel tried the network"


@pytest.mark.browser
@pytest.mark.parametrize("notebook", MODULES)
def test_module_reflows_at_320_pixels_with_large_targets(module_scans, notebook):
    r = module_scans[notebook]
    assert "error" not in r, f"{notebook} could not be opened: {r.get('error')}"
    flow = r["reflow"]
    assert flow["wide"] <= 320, f"{notebook} is {flow['wide']}px wide in a 320px window"
    assert flow["offscreen"] == 0, f"{flow['offscreen']} controls run off screen in {notebook}"
    assert flow["small"] == [], f"targets under 24x24 px in {notebook}: {flow['small'][:5]}"


@pytest.mark.browser
def test_voila_pages_declare_language_main_landmark_and_title(module_scans):
    for notebook, r in module_scans.items():
        assert "error" not in r, f"{notebook} could not be scanned: {r.get('error')}"
        facts = r["facts"]
        language = "es" if notebook.startswith("es/") else "en"
        assert facts["lang"] == language, (notebook, facts)
        assert facts["mains"] == 1 and facts["cellsInMain"], (notebook, facts)
        number = Path(notebook).name.split("-", 1)[0]
        title = TITLE[language].format(number=number)
        assert re.fullmatch(title, facts["title"]), (notebook, facts["title"])
        assert not r["page"], axe.format_violations(r["page"], notebook)


# Words that give away English on a Spanish page: a string nobody marked for translation.
ENGLISH = re.compile(r"\b(?:the|you|your|and|with|this|that|what|when|is|are|of|to)\b")


@pytest.mark.browser
@pytest.mark.parametrize("notebook", [m for m in MODULES if m.startswith("es/")])
def test_spanish_pages_show_no_english_once_answered(module_scans, notebook):
    """Everything on a Spanish page, after every exercise was answered (statuses, feedback,
    charts' text, help boxes opened), is Spanish: no English left in a widget or a message."""
    r = module_scans[notebook]
    assert "error" not in r, f"{notebook} could not be scanned: {r.get('error')}"
    lines = [line for line in r["text"].splitlines() if ENGLISH.search(line)
             and SENTENCE not in line]
    assert lines == [], f"English on {notebook}: {lines[:8]}"


# --------------------------------------------------------------------------- 3. reports

@pytest.fixture(scope="module")
def reports(report_job) -> Path:
    return report_job.result()


def report_pages(out: Path) -> list[Path]:
    pages = [out / "group.html", *sorted((out / "participants").glob("*.html"))]
    assert len(pages) == 8, pages
    return pages


def headings(page) -> list[tuple[int, str]]:
    return [tuple(h) for h in page.evaluate("""() => [...document.querySelectorAll(
        'h1, h2, h3, h4, h5, h6')].filter(h => h.getClientRects().length)
        .map(h => [Number(h.tagName[1]), h.innerText.trim()])""")]


def outline_problems(found: list[tuple[int, str]]) -> list[str]:
    """One h1 first, then no level skipped on the way down (h2 after h1, h3 after h2...)."""
    if not found or found[0][0] != 1:
        return [f"the first heading is not an h1: {found[:1]}"]
    problems = [f"a second h1: {text!r}" for level, text in found[1:] if level == 1]
    for (before, _), (level, text) in zip(found, found[1:]):
        if level > before + 1:
            problems.append(f"h{level} {text!r} follows an h{before}")
    return problems


@pytest.mark.browser
def test_reports_have_no_axe_violations_and_headings_in_order(browser, reports):
    # the reports' Content-Security-Policy forbids scripts: axe needs it bypassed
    ctx = browser.new_context(bypass_csp=True)
    lines, problems = [f"axe-core {axe.version()} ({', '.join(axe.TAGS)}) on the reports"], []
    try:
        page = ctx.new_page()
        for path in report_pages(reports):
            page.goto(path.as_uri(), wait_until="load")
            found = axe.scan(page) + axe.scan(page, rules=REPORT_RULES)
            lines.append(axe.format_violations(found, path.name))
            if found:
                problems.append(axe.format_violations(found, path.name))
            outline = headings(page)
            problems += [f"{path.name}: {p}" for p in outline_problems(outline)]
            lang = page.evaluate("() => document.documentElement.lang")
            if lang != "en":
                problems.append(f"{path.name}: lang is {lang!r}")
            if not [h for h in outline if h[0] == 3]:
                problems.append(f"{path.name}: no h3, so the outline was not really checked")
    finally:
        ctx.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-reports.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not problems, "\n".join(problems)


def overflow_and_small_targets(page) -> dict:
    return page.evaluate("""(min) => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        small: [...document.querySelectorAll('a[href], button, input, select, summary')]
            .filter(e => e.getClientRects().length)
            .map(e => [e.outerHTML.slice(0, 70), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < min || r.height < min)
            .map(([html, r]) => `${html} (${Math.round(r.width)}x${Math.round(r.height)})`),
        links: document.querySelectorAll('a[href]').length,
    })""", MIN_TARGET)


@pytest.mark.browser
@pytest.mark.parametrize("width,scale", [(320, 1), (640, 2)], ids=["320px", "200pct-zoom"])
def test_reports_reflow_and_links_are_big_enough(browser, reports, width, scale):
    """At 320 CSS px, and at 200% zoom of a 1280 px window (640 CSS px at two device pixels
    each), nothing scrolls sideways; links and buttons are at least 24 by 24 px."""
    ctx = browser.new_context(viewport={"width": width, "height": 800},
                              device_scale_factor=scale)
    try:
        page = ctx.new_page()
        links = 0
        for path in report_pages(reports):
            page.goto(path.as_uri(), wait_until="load")
            got = overflow_and_small_targets(page)
            assert got["scrollWidth"] <= got["clientWidth"], \
                f"{path.name} scrolls sideways at {width}px: {got['scrollWidth']}px wide"
            assert got["small"] == [], f"{path.name}: targets under {MIN_TARGET}px: {got['small']}"
            links += got["links"]
        assert links > 0, "no report had a link, so the target size was not checked"
    finally:
        ctx.close()


# --------------------------------------------------------------------------- 4. printed reports

HEADINGS = {"H1", "H2", "H3", "H4", "H5", "H6"}
BLOCKS = HEADINGS | {"P", "L", "Figure", "Table", "BlockQuote"}


@dataclass
class Block:
    """One tagged block of a PDF, in reading order: its kind, where it starts and ends."""

    kind: str
    page: int
    last_page: int
    text: str
    rows: list[int] = field(default_factory=list)  # the page each table row starts on


def _pages(element: dict) -> list[int]:
    found = [element["page_number"]] if element.get("mcids") and element.get("page_number") \
        else []
    for child in element.get("children", []):
        found += _pages(child)
    return found


def tagged_blocks(path: Path, with_text: bool = True) -> list[Block]:
    """The PDF's structure tree flattened to its blocks, with the pages they are printed on
    (and their text, which takes most of the time: `with_text=False` leaves it out)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        chars: dict[tuple[int, int], list[str]] = {}
        for page in pdf.pages if with_text else []:
            for ch in page.chars:
                if ch.get("mcid") is not None:
                    chars.setdefault((page.page_number, ch["mcid"]), []).append(ch["text"])
        tree = pdf.structure_tree

    def text(e: dict) -> str:
        own = "".join("".join(chars.get((e.get("page_number"), m), []))
                      for m in e.get("mcids") or [])
        return own + " ".join(text(c) for c in e.get("children", []))

    def rows(e: dict) -> list[int]:
        if e.get("type") == "TR":
            return [min(_pages(e), default=0)]
        return [p for c in e.get("children", []) for p in rows(c)]

    blocks: list[Block] = []

    def walk(e: dict) -> None:
        if e.get("type") in BLOCKS:
            pages = _pages(e)
            if pages:
                blocks.append(Block(e["type"], min(pages), max(pages), " ".join(text(e).split()),
                                    rows(e) if e["type"] == "Table" else []))
            return
        for child in e.get("children", []):
            walk(child)

    for element in tree:
        walk(element)
    return blocks


def separated(blocks: list[Block]) -> list[str]:
    """Where a page break parts a heading from the block after it (and from a table's first
    row), an introduction under a heading is split, or a chart ends a page without its table."""
    problems = []
    for here, after in zip(blocks, blocks[1:]):
        if not (here.kind in HEADINGS or here.kind == "Figure" and after.kind == "Table"):
            continue
        name = f"{here.kind} {here.text[:50]!r}" if here.kind != "Figure" else "a chart"
        if after.page != here.page:
            problems.append(f"{name} is on page {here.page}, the {after.kind} after it "
                            f"({after.text[:40]!r}) on page {after.page}")
        elif after.kind == "Table" and after.rows[1:2] and after.rows[1] != here.page:
            problems.append(f"{name} is on page {here.page}, the first row of its table on "
                            f"page {after.rows[1]}")
        elif here.kind in HEADINGS and after.kind == "P" and after.last_page != here.page:
            problems.append(f"{name}: the paragraph under it runs on to page {after.last_page}")
    return problems


def test_separated_finds_a_heading_left_at_the_foot_of_a_page():
    """The check itself: the fault the issue describes, and its fix, in made-up blocks."""
    heading = Block("H3", 1, 1, "Where connection is fading")
    chart, table = Block("Figure", 2, 2, ""), Block("Table", 2, 3, "Pattern", rows=[2, 3])
    assert separated([heading, chart, table]) == [
        "H3 'Where connection is fading' is on page 1, the Figure after it ('') on page 2",
        "a chart is on page 2, the first row of its table on page 3"]
    assert separated([Block("H2", 4, 4, "Intro"), Block("P", 4, 5, "long")]) == [
        "H2 'Intro': the paragraph under it runs on to page 5"]
    together = [Block("H3", 2, 2, "Where connection is fading"), Block("Figure", 2, 2, ""),
                Block("Table", 2, 2, "Pattern", rows=[2, 2, 2]), Block("H3", 3, 3, "Next")]
    assert separated(together) == []


@pytest.mark.browser
def test_printed_reports_keep_headings_with_their_charts_and_tables(reports):
    pdfs = [p.with_suffix(".pdf") for p in report_pages(reports)]
    problems = []
    for pdf in pdfs:
        blocks = tagged_blocks(pdf, with_text=False)
        assert blocks, f"{pdf.name} is not a tagged PDF: its headings cannot be found"
        kinds = [b.kind for b in blocks]
        assert "H1" in kinds and "H3" in kinds and "Table" in kinds, (pdf.name, kinds)
        images = pdf.with_suffix(".html").read_text(encoding="utf-8").count("<img ")
        assert kinds.count("Figure") == images > 0, (pdf.name, kinds.count("Figure"), images)
        if separated(blocks):  # read again with the text, to say which heading
            problems += [f"{pdf.name}: {p}" for p in separated(tagged_blocks(pdf))]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pdf_check_reads_the_reports_own_headings(reports):
    """The tags the print check relies on name the report's real headings and charts."""
    blocks = tagged_blocks(reports / "group.pdf")
    texts = [b.text for b in blocks if b.kind in HEADINGS]
    assert "Our group at a glance" in texts and "How the group answered" in texts, texts
    assert "Where connection is fading" in texts and "Perfect on the outside" in texts, texts
    images = (reports / "group.html").read_text(encoding="utf-8").count("<img ")
    assert len([b for b in blocks if b.kind == "Figure"]) == images > 0
