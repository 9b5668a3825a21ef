"""What typing into a reflection box costs on the wire, for a small and a large answer file.

    .venv/bin/python benchmarks/bench_typing.py [--repeats 3] [--chars 140]

For two answer files, about 1 kB (one instrument, short reflections) and about 20 kB (every
instrument, long reflections), each in a folder of its own with the `.current` marker, a Voila
server runs `notebooks/04-walls.ipynb` with `WORKSHOP_ANSWERS_DIR` pointing there. In Debian's
Chromium (Playwright) the page is opened, the cursor put at the end of the `walls-notice`
reflection, and `--chars` characters are typed at 40 ms a key, the pace of a quick typist. While
typing and for 2 s after the last key (the last save), the bytes of every websocket frame the
browser receives are counted. Then the answer file on disk must hold the typed text at the end of
`walls-notice`, and so must the text box: a fast page that loses words is not a fast page.

The file is put back as it was before every run, so each run types into the same text. Runs
alternate between the two files; medians are printed. The `walls-notice` reflection is the same
short sentence in both files, so the difference between the rows is the rest of the file.
Goal (issue 11): at most 1,000 bytes received per typed character.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "system"))

from browser_support import find_chromium, launch, open_voila, start_voila

from workshop import answers, instruments

NOTEBOOK = "04-walls.ipynb"
REFLECTION = "walls-notice"
# The reflection's text box: a textarea carrying the class, or one inside an element that does
# (ipywidgets' Textarea puts the class on its wrapper).
BOX = "textarea.closer-reflection, .closer-reflection textarea"
PSEUDONYM = "calm-heron-17"
KEY_DELAY_MS = 40
LAST_SAVE_S = 2.0
LATE_SAVE_S = 8.0       # after the 2 s window, how much longer to wait before calling text lost
GOAL_BYTES_PER_CHAR = 1000
GIVE_UP_AFTER = 2       # failed runs in a row: the page is broken (mid-edit?), stop early
SMALL, LARGE = 1_000, 20_000  # target answer-file sizes in bytes

# --------------------------------------------------------------------------- answer files

# What the participant already wrote in walls-notice (the same in both files).
EXISTING = "Busyness, mostly. I fill every evening so there is no quiet moment to talk."

# What the benchmark types: a reflection going on from EXISTING, cut or repeated to --chars.
TYPED = (" When I feel tired I tidy the kitchen instead of sitting down with them; I think it "
         "keeps me from saying I feel lonely, and I'd like to say it sooner. ")

# Sentences for long reflections, in the voice of a participant, to build realistic files.
SENTENCES = [
    "I noticed this week that I answer questions about my day with a list of tasks.",
    "When we finally sit down together I am already thinking about tomorrow.",
    "It is easier to talk about the children, the house or the news than about us.",
    "I grew up in a home where nobody said what they felt, so I learned to guess.",
    "Sometimes I want to say something tender and it comes out as a joke.",
    "After an argument I go very calm and reasonable, which I now see is a way of leaving.",
    "My friend asked how I really was and I surprised myself by crying a little.",
    "I think I worry that if I ask for more, I will be seen as needy.",
    "On Sunday we walked by the canal without our phones and it felt like years ago.",
    "I keep a mental score of who did what, and I would like to put it down.",
    "Saying 'I feel left out' instead of 'you never include me' felt strange but softer.",
    "I can listen well to colleagues and strangers; at home I jump in to fix things.",
    "Part of me is afraid that being seen fully would be too much for anyone.",
    "I would like to notice the small moments when my partner reaches out to me.",
    "When I am single I still do this with friends: I keep everyone at arm's length.",
    "Writing this down is already a little easier than saying it out loud.",
    "A small step could be to tell one true feeling at dinner, even a boring one.",
    "I am not sure the walls are all bad; some of them kept me safe when I needed it.",
    "What I want is not more time together but more honest time together.",
    "I notice I relax when I feel I am not being judged, and tense up when I am.",
]


def answer_file(target: int, seed: int) -> dict:
    """A valid answer file of about `target` bytes: instruments answered, then reflections
    written until the file is big enough. Small files answer only the walls instrument."""
    rng = random.Random(seed)
    data = answers.new(PSEUDONYM)
    data["created"], data["updated"] = "2026-11-21T10:00:00Z", "2026-11-21T11:20:00Z"
    data["consent"] = {"group_report": True, "reflections_in_group_report": False}
    chosen = list(instruments.load_all().values())
    if target < 4_000:
        chosen = [inst for inst in chosen if inst.id == "walls"]
    for inst in chosen:
        data["instruments"][inst.id] = {item.id: rng.randint(inst.min, inst.max)
                                        for item in inst.items}
    data["reflections"][REFLECTION] = EXISTING
    others = ["welcome-hopes", "why-heard", "why-hope", "fading-step", "perfectionism-kind",
              "safe-space-fear", "fear-trust-cycle", "vulnerability-step", "forward-stand-up"]
    if target < 4_000:
        others = others[:2]  # a newcomer: two modules done
    # Add one sentence to each reflection in turn until the next one would overshoot.
    turn = 0
    while len(answers.dumps(data)) < target:
        rid = others[turn % len(others)]
        before = data["reflections"].get(rid, "")
        data["reflections"][rid] = (before + " " + rng.choice(SENTENCES)).strip()
        if len(answers.dumps(data)) > target * 1.05:
            data["reflections"][rid] = before
            break
        turn += 1
    return answers.validate(data)


def typed_text(chars: int) -> str:
    return (TYPED * (chars // len(TYPED) + 1))[:chars]


@dataclass
class Case:
    label: str
    folder: Path
    original: bytes
    server: object = None
    base: str = ""
    runs: list[dict] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / f"{PSEUDONYM}.json"

    def reset(self) -> None:
        """The file as it was before any run (a run's kernel saved typed text into it)."""
        answers.write_atomic(self.path, self.original)


def make_case(label: str, target: int, seed: int, root: Path) -> Case:
    folder = answers.ensure_dir(root / label)
    case = Case(label, folder, answers.dumps(answer_file(target, seed)))
    case.reset()
    answers.write_atomic(folder / ".current", PSEUDONYM.encode("utf-8"))
    check = subprocess.run([sys.executable, "-m", "workshop", "validate", str(case.path)],
                           check=False, capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit(f"workshop validate rejected the {label} file:\n{check.stdout}{check.stderr}")
    return case


# --------------------------------------------------------------------------- one run

MSG_TYPE = re.compile(rb'"msg_type":\s*"(\w+)"')
METHOD = re.compile(rb'"method":\s*"(\w+)"')


def kind(frame: bytes) -> str:
    """What a received frame carries: the kernel message type (the header comes first in both
    of Jupyter's websocket formats), and for widget messages the method, e.g. `comm_msg
    echo_update`. `stream` or `error` while typing means the kernel is printing a problem."""
    found = MSG_TYPE.search(frame)
    name = found.group(1).decode() if found else "other"
    if name == "comm_msg" and (method := METHOD.search(frame)):
        name += " " + method.group(1).decode()
    return name


def on_disk(path: Path) -> str:
    try:
        return json.loads(path.read_text("utf-8"))["reflections"].get(REFLECTION, "")
    except (OSError, ValueError, KeyError):
        return ""  # mid-replace or damaged: treated as "not there yet"


def run_once(browser, case: Case, text: str) -> dict:
    """Open the page, type `text`, count received websocket bytes; returns the figures."""
    case.reset()
    window = {"on": False, "received": 0, "frames": 0, "sent": 0}
    kinds: dict[str, int] = {}

    def received(payload) -> None:
        if window["on"]:
            frame = payload.encode("utf-8") if isinstance(payload, str) else payload
            window["received"] += len(frame)
            window["frames"] += 1
            what = kind(frame)
            kinds[what] = kinds.get(what, 0) + len(frame)

    def sent(payload) -> None:
        if window["on"]:
            window["sent"] += len(payload.encode("utf-8") if isinstance(payload, str)
                                  else payload)

    def socket(ws) -> None:
        ws.on("framereceived", received)
        ws.on("framesent", sent)

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        page.on("websocket", socket)
        started = time.perf_counter()
        open_voila(page, case.base, NOTEBOOK, ready=BOX)
        loaded = time.perf_counter() - started
        box = page.locator(BOX).first
        box.click()
        page.keyboard.press("Control+End")  # after what is already written
        page.wait_for_timeout(1000)          # let the page go quiet before counting
        window["on"] = True
        typing = time.perf_counter()
        page.keyboard.type(text, delay=KEY_DELAY_MS)
        typed_s = time.perf_counter() - typing
        page.wait_for_timeout(LAST_SAVE_S * 1000)
        window["on"] = False
        in_box = box.input_value().endswith(text)
        saved = "yes" if on_disk(case.path).endswith(text) else ""
        if not saved:
            deadline = time.monotonic() + LATE_SAVE_S
            waited = time.monotonic()
            while time.monotonic() < deadline and not on_disk(case.path).endswith(text):
                time.sleep(0.2)
            saved = (f"late ({LAST_SAVE_S + time.monotonic() - waited:.0f} s)"
                     if on_disk(case.path).endswith(text) else "NO")
    finally:
        context.close()
    return {"received": window["received"], "frames": window["frames"], "sent": window["sent"],
            "loaded": loaded, "typed_s": typed_s, "in_box": in_box, "saved": saved,
            "kinds": kinds}


# --------------------------------------------------------------------------- report

def table(cases: list[Case], chars: int) -> list[str]:
    lines = [("| answer file | bytes received | bytes per character | frames per character "
              "| bytes sent per character | typing took | text in box | text on disk |"),
             "| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for case in cases:
        runs = case.runs
        if not runs:
            lines.append(f"| {len(case.original):,} B | failed | | | | | | |")
            continue
        got = statistics.median(r["received"] for r in runs)
        lines.append(
            f"| {len(case.original):,} B | {got:,.0f} | {got / chars:,.0f} "
            f"| {statistics.median(r['frames'] for r in runs) / chars:.1f} "
            f"| {statistics.median(r['sent'] for r in runs) / chars:,.0f} "
            f"| {statistics.median(r['typed_s'] for r in runs):.1f} s "
            f"| {sum(r['in_box'] for r in runs)}/{len(runs)} "
            f"| {', '.join(r['saved'] for r in runs)} |")
    return lines


def breakdown(cases: list[Case], chars: int) -> list[str]:
    """Received bytes per typed character by message kind, the mean over each case's runs."""
    lines = []
    for case in cases:
        if not case.runs:
            continue
        totals: dict[str, int] = {}
        for r in case.runs:
            for name, size in r["kinds"].items():
                totals[name] = totals.get(name, 0) + size
        parts = sorted(totals.items(), key=lambda kv: -kv[1])
        lines.append(f"  {len(case.original):>6,} B file: " + ", ".join(
            f"{name} {size / len(case.runs) / chars:,.0f}" for name, size in parts))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per answer file, alternating (default 3)")
    parser.add_argument("--chars", type=int, default=140,
                        help="characters typed per run, at 40 ms a key (default 140)")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.chars < 1:
        parser.error("--repeats and --chars must be at least 1")
    sys.stdout.reconfigure(line_buffering=True)
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found (apt-get install chromium, or set CLOSER_CHROMIUM)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    text = typed_text(args.chars)
    clock = time.perf_counter()
    print(f"Closer typing benchmark: {args.chars} characters at {KEY_DELAY_MS} ms a key into "
          f"the {REFLECTION} reflection of {NOTEBOOK}, {args.repeats} run(s) per answer file; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    failures = in_a_row = 0
    with tempfile.TemporaryDirectory(prefix="closer-bench-typing-") as tmp:
        root = Path(tmp)
        cases = [make_case("small", SMALL, 1, root), make_case("large", LARGE, 2, root)]
        try:
            for case in cases:
                case.server, case.base = start_voila(case.folder, root / f"voila-{case.label}.log")
                print(f"  Voila for the {len(case.original):,}-byte file at {case.base}")
            with sync_playwright() as p:
                browser = launch(p, chromium)
                try:
                    for i in range(args.repeats * len(cases)):
                        case = cases[i % len(cases)]
                        try:
                            r = run_once(browser, case, text)
                        except PlaywrightError as exc:  # a page broken mid-edit: say so, go on
                            failures += 1
                            in_a_row += 1
                            print(f"  run {i // len(cases) + 1}, {case.label}: FAILED: "
                                  f"{str(exc).splitlines()[0]}\n--- end of the Voila log ---\n"
                                  f"{case.server.log(1500)}")
                            if in_a_row >= GIVE_UP_AFTER:
                                print(f"  {in_a_row} failed runs in a row: giving up; is the "
                                      "page broken? Wait a few minutes and try again.")
                                break
                            continue
                        in_a_row = 0
                        case.runs.append(r)
                        print(f"  run {i // len(cases) + 1}, {len(case.original):>6,} B file: "
                              f"page {r['loaded']:4.1f} s, typing {r['typed_s']:4.1f} s, "
                              f"{r['received']:>9,} B received "
                              f"({r['received'] / args.chars:,.0f} per character), "
                              f"in box {'yes' if r['in_box'] else 'NO'}, "
                              f"on disk {r['saved']}")
                finally:
                    browser.close()
        finally:
            for case in cases:
                if case.server is not None:
                    case.server.stop()

    print(f"\nMedians of {args.repeats} run(s), counted from the first key to {LAST_SAVE_S:.0f} s "
          f"after the last ({time.perf_counter() - clock:.0f} s in all):\n")
    print("\n".join(table(cases, args.chars)))
    print("\nWhere the received bytes go, per typed character (kernel message type):")
    print("\n".join(breakdown(cases, args.chars)))
    worst = max((statistics.median(r["received"] for r in c.runs) / args.chars
                 for c in cases if c.runs), default=None)
    lost = sum(not r["in_box"] or r["saved"] != "yes" for c in cases for r in c.runs)
    # Output or tracebacks from the kernel while typing: the page works, but something is wrong.
    complaints = sum(r["kinds"].get(k, 0) for c in cases for r in c.runs
                     for k in ("stream", "error"))
    met = worst is not None and worst <= GOAL_BYTES_PER_CHAR
    print(f"\ngoal: at most {GOAL_BYTES_PER_CHAR:,} bytes per character: "
          + ("no runs" if worst is None else
             f"{'MET' if met else 'NOT MET'} (worst median {worst:,.0f})")
          + (f"; {lost} run(s) lost or delayed typed text" if lost else "; no typed text lost")
          + (f"; {failures} run(s) failed" if failures else "")
          + (f"; the kernel printed {complaints:,} B of output or errors while typing"
             if complaints else ""))
    return 0 if met and not lost and not failures and not complaints else 1


if __name__ == "__main__":
    sys.exit(main())
