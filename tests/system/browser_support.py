"""Helpers for the browser tests: Chromium, free ports, servers we start and stop, screenshots.

Kept apart from the tests so each test reads as what a participant does. Nothing here talks to
the network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "notebooks"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

CHROMIUM_ENV = "CLOSER_CHROMIUM"  # optional: the Chromium binary to use
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

SERVER_START_TIMEOUT = 90  # seconds for Voila / JupyterLab to answer HTTP
PAGE_TIMEOUT = 60_000      # ms for a notebook page to execute and draw
STEP_TIMEOUT = 20_000      # ms for one click to show its result


# --------------------------------------------------------------------------- Chromium

def find_chromium() -> str | None:
    """The Chromium binary: $CLOSER_CHROMIUM, else `chromium` on PATH, else None."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing(reason: str) -> None:
    """A missing browser fails the run in CI (CI set) and skips, saying why, elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{reason} (set CI=1 to make this a failure)")


def require_chromium() -> str:
    """The Chromium path, or a clear failure (CI) / skip (elsewhere) when there is none."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the Python package 'playwright' is not installed "
                "(pip install -e '.[test]')")
    path = find_chromium()
    if path is None:
        where = os.environ.get(CHROMIUM_ENV)
        missing(f"{CHROMIUM_ENV}={where} is not a file" if where else
                "no Chromium found (looked for chromium, chromium-browser and /usr/bin/chromium; "
                "install it with `apt-get install chromium`, or set CLOSER_CHROMIUM to its path). "
                "Playwright's own browser download is not used")
    return path


def launch(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                      timeout=60_000)


# --------------------------------------------------------------------------- servers

def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process in its own process group, logging to a file, stopped as a group."""

    def __init__(self, cmd: list[str], env: dict, cwd: Path, log: Path):
        self.cmd, self.log_path = cmd, log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)

    def log(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_http(self, url: str, timeout: float = SERVER_START_TIMEOUT) -> None:
        """Retry `url` until it answers (any status below 500); fail early if the server dies."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"server exited with status {self.proc.returncode} before "
                                   f"answering {url}\n--- log ---\n{self.log()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status < 500:
                        return
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    return
                last = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                last = str(exc)
            time.sleep(0.3)
        raise RuntimeError(f"server did not answer {url} within {timeout:.0f}s ({last})\n"
                           f"--- log ---\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM the server's process group, then SIGKILL what is left.

        Jupyter starts kernels in sessions of their own; the server shuts them down on SIGTERM,
        and a kernel whose server was killed outright exits when it notices its parent is gone.
        """
        if self.alive():
            for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # helpers of the server (e.g. `workshop start`'s child) may outlive it by a moment
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()


def start_voila(answers_dir: Path, log: Path, attempts: int = 3,
                extra_env: dict | None = None) -> tuple[Server, str]:
    """Voila on the notebooks folder on a free loopback port; returns (server, base URL).

    `--Voila.port_retries=0` makes a port taken in the meantime an exit instead of a silent move
    to another port; we then try again with a new one.
    """
    from workshop import launch

    env = launch.with_templates(dict(os.environ, WORKSHOP_ANSWERS_DIR=str(answers_dir),
                                     **(extra_env or {})))
    error = None
    for _ in range(attempts):
        port = free_port()
        cmd = launch.voila_command(NOTEBOOKS, port, ("--no-browser", "--Voila.port_retries=0"))
        server = Server(cmd, env, REPO_ROOT, log)
        base = f"http://127.0.0.1:{port}"
        try:
            server.wait_http(base + "/")
            return server, base
        except RuntimeError as exc:
            error = exc
            server.stop()
    raise RuntimeError(f"Voila did not start after {attempts} attempts: {error}")


# --------------------------------------------------------------------------- pages

def settle(page, ms: int = 600) -> None:
    page.wait_for_timeout(ms)


def wait_widgets(page, selector: str, count: int = 1, timeout: int = PAGE_TIMEOUT) -> None:
    """Wait until at least `count` elements match `selector` (widgets draw after the cells)."""
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length >= n",
                           arg=[selector, count], timeout=timeout)


def open_voila(page, base: str, notebook: str, ready: str = ".jupyter-widgets",
               count: int = 1) -> None:
    """Open a notebook in Voila and wait until it executed and `ready` is drawn."""
    page.goto(f"{base}/voila/render/{notebook}", timeout=PAGE_TIMEOUT)
    page.wait_for_selector(".closer-footer", timeout=PAGE_TIMEOUT)
    wait_widgets(page, ready, count)


def screenshot(page, name: str, width: int = 1100) -> Path:
    """A full-page screenshot. Voila scrolls inside a container, so the viewport is first made
    as tall as the tallest scrolling element (capped), then the page is captured."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight, "
        "...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": max(600, min(int(height) + 50, 16000))})
    settle(page, 500)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --------------------------------------------------------------------------- files

def wait_for(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    """Poll `check` until it returns something truthy; fail naming `what` and the last value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (OSError, ValueError) as exc:  # file mid-replace, half JSON: try again
            last = exc
        else:
            if last:
                return last
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")


def read_json(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def leaves_machine(url: str) -> bool:
    """A request to anything but this machine (a CDN, say): pages must make none."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and \
        parts.hostname not in ("127.0.0.1", "localhost", "::1")
