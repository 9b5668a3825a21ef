"""Capacity of a Closer hub on this machine: memory per participant and time to the first widget.

For N participants (5, 10 and 20 by default), each signs in through the real sign-in form in
their own Chromium context (cookies of their own) and keeps the Voila welcome page open. The
script prints, for each N:
- the time from pressing "Sign in" to the first widget on the welcome page (server start, kernel
  start and the notebook run included), and from opening the page on a running server;
- the memory of the participants' processes (single-user server and kernel, proportional set size
  so shared libraries are not counted twice), per participant, with all N pages open;
- the CPU time each participant's processes used to get there, and the load while all N pages sit
  open and idle.
The hub, proxy and services are measured once, apart. Chromium's own memory is the participants'
browsers, not the server's, and is not counted.

Needs what the hub tests need: root, configurable-http-proxy (`make test` installs it), and
Debian's chromium. Everything stays on 127.0.0.1; every test user is removed at the end.

    sudo .venv/bin/python benchmarks/bench_hub.py [--sizes 5,10,20] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests" / "hub"), str(HERE.parent / "tests" / "system")]

import hub_support as hs  # noqa: E402
from browser_support import CHROMIUM_ARGS, find_chromium  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
FIRST_WIDGET = ".jupyter-widgets"


def processes_of(uids: set[int]) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir()
            if p.name.isdigit() and hs._uid_of(p) in uids]


def pss_mib(pids) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(pids) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


def tree(root_pid: int) -> list[int]:
    """A process and all its descendants (the hub, its proxy and its services)."""
    children: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(p.name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def sign_in_and_open(browser, hub: hs.Hub, name: str) -> dict:
    """One participant, as at the workshop: the sign-in form, then the welcome page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login", timeout=60_000)
    page.fill("#username_input", name)
    page.fill("#password_input", hs.PASSWORD)
    page.fill("#code_input", hs.CODE)
    started = time.monotonic()
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/voila/render/00-welcome.ipynb", timeout=180_000)
    page.wait_for_selector(FIRST_WIDGET, timeout=180_000)
    cold = time.monotonic() - started
    started = time.monotonic()  # the page again, on the server now running
    page.reload(timeout=120_000)
    page.wait_for_selector(FIRST_WIDGET, timeout=120_000)
    warm = time.monotonic() - started
    return {"context": context, "cold": cold, "warm": warm}


def round_of(browser, hub: hs.Hub, n: int, idle_seconds: float) -> dict:
    names = [f"p{i:02d}" for i in range(1, n + 1)]
    opened = []
    for name in names:
        opened.append(sign_in_and_open(browser, hub, name))
        print(f"  {name}: first widget {opened[-1]['cold']:.1f} s after Sign in, "
              f"{opened[-1]['warm']:.1f} s on reload", flush=True)
    uids = {pwd.getpwnam(hs.PREFIX + name).pw_uid for name in names}
    pids = processes_of(uids)
    used_cpu = cpu_seconds(pids)
    time.sleep(2)
    memory = pss_mib(processes_of(uids))
    before = cpu_seconds(processes_of(uids))
    time.sleep(idle_seconds)
    idle_load = (cpu_seconds(processes_of(uids)) - before) / idle_seconds
    theirs = set(processes_of(uids))  # the servers are the hub's children: leave them out
    hub_memory = pss_mib(pid for pid in tree(hub.proc.pid) if pid not in theirs)
    for item in opened:
        item["context"].close()
    for name in names:  # stop the servers for the next round (answers would be kept)
        person = hs.Person(hub, name)
        person.sign_in()
        person.api("DELETE", f"users/{name}/server")
    hs.wait(lambda: not processes_of(uids), "the servers to stop", 120)
    colds = [o["cold"] for o in opened]
    warms = [o["warm"] for o in opened]
    return {"participants": n, "memory_mib_total": round(memory, 1),
            "memory_mib_per_participant": round(memory / n, 1),
            "hub_proxy_services_mib": round(hub_memory, 1),
            "first_widget_after_sign_in_s": {"median": round(statistics.median(colds), 2),
                                             "max": round(max(colds), 2)},
            "first_widget_on_reload_s": {"median": round(statistics.median(warms), 2),
                                         "max": round(max(warms), 2)},
            "cpu_s_per_participant_to_open": round(used_cpu / n, 2),
            "idle_load_cores": round(idle_load, 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,10,20", help="participants per round")
    parser.add_argument("--idle", type=float, default=20, help="seconds of idle load to measure")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    reason = hs.why_not()
    chromium = find_chromium()
    if reason or chromium is None:
        print(f"bench_hub: {reason or 'no Chromium (apt-get install chromium)'}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    lock = hs.one_at_a_time()
    hs.cleanup_users()
    hs.open_folders()
    root = hs.make_root()
    hub = hs.Hub(Path(sys.executable), root / "hub", facilitators=())
    results = []
    try:
        hub.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for n in (int(x) for x in args.sizes.split(",")):
                print(f"{n} participants", flush=True)
                results.append(round_of(browser, hub, n, args.idle))
                print("  " + json.dumps(results[-1]), flush=True)
            browser.close()
    finally:
        hub.stop()
        hs.cleanup_users()
        hs.restore_folders()
        import shutil

        shutil.rmtree(root, ignore_errors=True)
        lock.close()
    print(f"\nOn this machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    print("| participants | memory per participant | hub+proxy+services | first widget after "
          "sign-in (median / max) | on reload (median) | CPU s to open, each | idle load |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['participants']} | {r['memory_mib_per_participant']} MiB | "
              f"{r['hub_proxy_services_mib']} MiB | "
              f"{r['first_widget_after_sign_in_s']['median']} s / "
              f"{r['first_widget_after_sign_in_s']['max']} s | "
              f"{r['first_widget_on_reload_s']['median']} s | "
              f"{r['cpu_s_per_participant_to_open']} s | {r['idle_load_cores']} cores |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
