"""A real Closer hub for the tests and the capacity benchmark: started as `workshop hub` starts,
with configurable-http-proxy, system users and single-user servers, and people who use it
through HTTP like a browser does (cookies, the sign-in form, OAuth redirects).

Everything listens on 127.0.0.1. System users are `closer-test-<name>`, and every one of them
(with its home and its processes) is removed by `cleanup_users()`.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFIX = "closer-test-"
CODE = "test-workshop-code"
PASSWORD = "a-long-password"
START_TIMEOUT = 60
PINNED_PROXY = REPO_ROOT / "tests" / "system" / "node_modules" / ".bin" / "configurable-http-proxy"


# --------------------------------------------------------------------------- what is needed

def why_not() -> str | None:
    """Why a hub cannot run here (not root, no proxy, no Python other users can run), or None."""
    from workshop.hub import run

    if os.geteuid() != 0:
        return "the hub tests must run as root (they create system users)"
    if proxy() is None:
        return ("configurable-http-proxy is not installed: `make test` installs it (`npm ci` in "
                "tests/system, whose package.json pins it)")
    if shutil.which("useradd") is None:
        return "useradd is missing"
    return None


def proxy() -> str | None:
    """The proxy `make test` installs (tests/system/node_modules), else what `workshop hub`
    itself would find ($CLOSER_PROXY, ./node_modules, the PATH)."""
    from workshop.hub import run

    if not os.environ.get(run.PROXY_ENV) and PINNED_PROXY.is_file():
        return str(PINNED_PROXY)
    return run.find_proxy()


def hub_env() -> dict:
    return {**os.environ, "CLOSER_PROXY": proxy() or ""}


def closed_folders() -> list[Path]:
    """Folders on the way to this Python, its packages or the notebooks that other users
    cannot enter (on a developer's machine, a Python under /root)."""
    import jupyterhub

    from workshop.hub.run import blocked_for_others

    closed = []
    for path in (sys.executable, Path(jupyterhub.__file__).parent, REPO_ROOT / "notebooks"):
        for folder in reversed(Path(path).resolve().parents):
            if not folder.stat().st_mode & 0o001 and folder not in closed:
                closed.append(folder)
        assert blocked_for_others(path) is None or closed, path
    return closed


RESTORE = Path(tempfile.gettempdir()) / "closer-hub-test-restore.json"


def open_folders() -> None:
    """Let other users pass through (not list) the closed folders for the test session: the
    participants' servers run this Python as their own users, as they would run /opt/closer on
    a server. `restore_folders()` puts the modes back; a run that was killed is put right by
    the next one."""
    restore_folders()
    modes = {str(f): f.stat().st_mode & 0o7777 for f in closed_folders()}
    RESTORE.write_text(json.dumps(modes), encoding="utf-8")
    for folder, mode in modes.items():
        os.chmod(folder, mode | 0o001)


def restore_folders() -> None:
    try:
        modes = json.loads(RESTORE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for folder, mode in modes.items():
        os.chmod(folder, mode)
    RESTORE.unlink()


def free_ports(n: int) -> list[int]:
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


# --------------------------------------------------------------------------- the hub

class Hub:
    """`workshop hub` in its own process group, on free loopback ports."""

    def __init__(self, python: Path, root: Path, facilitators=("fern",)):
        self.python, self.root = python, root
        self.state = root / "state"
        self.homes = root / "homes"
        self.homes.mkdir(parents=True, exist_ok=True)
        self.homes.chmod(0o755)
        self.port, self.hub_port, self.api_port, self.inbox_port = free_ports(4)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = root / "hub.log"
        self.workshop("code", stdin=CODE)
        for name in facilitators:
            self.workshop("password", name, "--facilitator", stdin=PASSWORD)

    def workshop(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        """`workshop hub ACTION ...` on this hub's state folder."""
        done = subprocess.run([str(self.python), "-m", "workshop", "hub", *args, "--state",
                               str(self.state)], input=stdin + "\n", capture_output=True,
                              text=True, timeout=60, cwd=REPO_ROOT, env=hub_env())
        assert done.returncode == 0, done.stderr
        return done

    def command(self, **options) -> list[str]:
        opts = {"port": self.port, "hub-port": self.hub_port, "proxy-api-port": self.api_port,
                "inbox-port": self.inbox_port, "home-base": self.homes, "user-prefix": PREFIX,
                "cull-timeout": 3600, "cull-every": 300, "activity-interval": 300, **options}
        return [str(self.python), "-m", "workshop", "hub", "--state", str(self.state),
                *[f"--{k}={v}" for k, v in opts.items()]]

    def start(self, **options) -> "Hub":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(**options), cwd=REPO_ROOT, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True, env=hub_env())
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.log()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=3).status_code == 200 and \
                        requests.get(f"{self.url}/services/inbox/api/mine",
                                     timeout=3).status_code == 403:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the hub did not answer within {START_TIMEOUT}s:\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM, as systemd or Ctrl+C would; the hub stops every server and service."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None

    def restart(self, **options) -> "Hub":
        self.stop()
        return self.start(**options)

    def log(self, tail: int = 6000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]
        except OSError:
            return ""


# --------------------------------------------------------------------------- people

class Person:
    """Someone at a browser: a cookie jar, the sign-in form, and (for the API) a token."""

    def __init__(self, hub: Hub, name: str, password: str = PASSWORD):
        self.hub, self.name, self.password = hub, name, password
        self.browser = requests.Session()
        self._token: str | None = None

    @property
    def system_user(self) -> str:
        return PREFIX + self.name

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.system_user).pw_dir)

    @property
    def server(self) -> str:
        return f"{self.hub.url}/user/{self.name}/"

    def sign_in(self, code: str = "", password: str | None = None, fresh: bool = False,
                follow: bool = False) -> requests.Response:
        """Fill in and send the sign-in form; `fresh` is another browser (no cookies)."""
        if fresh:
            self.browser = requests.Session()
        page = self.browser.get(f"{self.hub.url}/hub/login", timeout=30)
        page.raise_for_status()
        form = {"username": self.name, "password": self.password if password is None else
                password, "code": code, "_xsrf": self.browser.cookies.get("_xsrf", path="/hub/")}
        return self.browser.post(f"{self.hub.url}/hub/login", data=form, timeout=120,
                                 allow_redirects=follow)

    def api(self, method: str, path: str, token: str | None = None, **kw) -> requests.Response:
        return requests.request(method, f"{self.hub.url}/hub/api/{path}", timeout=60, headers={
            "Authorization": f"token {token or self.token}"}, **kw)

    @property
    def token(self) -> str:
        """An API token of this person's own (made with their signed-in browser)."""
        if self._token is None:
            xsrf = self.browser.cookies.get("_xsrf", path="/hub/")
            made = self.browser.post(f"{self.hub.url}/hub/api/users/{self.name}/tokens",
                                     json={"note": "hub tests", "expires_in": 7200},
                                     headers={"X-XSRFToken": xsrf}, timeout=30)
            assert made.status_code == 201, made.text
            self._token = made.json()["token"]
        return self._token

    def model(self) -> dict:
        return self.api("GET", "user").json()

    def running(self) -> bool:
        server = self.model().get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def start_server(self, timeout: float = 90) -> None:
        if not self.running():
            started = self.api("POST", f"users/{self.name}/server")
            assert started.status_code in (201, 202, 400), started.text
        wait(self.running, f"{self.name}'s server to be ready", timeout)

    def open(self, path: str, **kw) -> requests.Response:
        """A page of their own server, following the hub's OAuth redirects like a browser."""
        page = self.browser.get(self.server + path, timeout=120, **kw)
        page.encoding = "utf-8"  # Voila's pages are UTF-8 but do not say so in their header
        return page

    def run(self, code: str, token: str | None = None) -> str:
        """Run Python in a new kernel on this person's server (as a notebook would) and return
        what it printed; raise KernelError with the traceback if it failed."""
        return asyncio.run(_execute(self.hub.url, self.name, token or self.token, code))


class KernelError(AssertionError):
    pass


async def _execute(base: str, name: str, token: str, code: str, timeout: float = 120) -> str:
    from tornado import httpclient, websocket

    headers = {"Authorization": f"token {token}"}
    api = f"{base}/user/{name}/api/kernels"
    made = requests.post(api, headers=headers, json={"name": "python3"}, timeout=60)
    made.raise_for_status()
    kernel = made.json()["id"]
    try:
        request = httpclient.HTTPRequest(
            f"{api.replace('http', 'ws', 1)}/{kernel}/channels", headers=headers)
        ws = await websocket.websocket_connect(request)
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        out, error = [], None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(ws.read_message(), deadline - time.monotonic())
            if raw is None:
                raise KernelError("the kernel's connection closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                error = "\n".join(content["traceback"])
            elif kind == "status" and content["execution_state"] == "idle":
                break
        ws.close()
        if error:
            raise KernelError(error)
        return "".join(out)
    finally:
        requests.delete(f"{api}/{kernel}", headers=headers, timeout=30)


def wait(check, what: str, timeout: float = 60, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


# --------------------------------------------------------------------------- cleaning up

def test_users() -> list[str]:
    from workshop.hub import accounts

    return accounts.ours_with_prefix(PREFIX)


def cleanup_users() -> list[str]:
    """End every process of the test users (by id), then remove the users and their homes."""
    from workshop.hub import accounts

    names = test_users()
    uids = {pwd.getpwnam(n).pw_uid for n in names}
    for _ in range(2):
        pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                and _uid_of(p) in uids]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.3)
    for name in names:
        accounts.remove_system_user(name)
    return names


def _uid_of(proc: Path) -> int | None:
    try:
        return proc.stat().st_uid
    except OSError:
        return None


LOCK = Path(tempfile.gettempdir()) / "closer-hub-tests.lock"


def one_at_a_time():
    """Hold the machine's hub-test lock: two runs at once (a developer's and `make test`) would
    share the test users, the ports' neighbourhood and the folder modes. Released at exit."""
    import fcntl

    handle = open(LOCK, "w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def make_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="closer-hub-test-"))
    root.chmod(0o755)  # homes live below it; each home itself is 0700
    return root
