"""A closed network: nothing Closer runs tries to reach another machine.

`tests/system/netguard/sitecustomize.py` is put first on PYTHONPATH of every kernel and command started
here. It refuses any connection, datagram or name lookup that is not loopback, before a packet
leaves, and records it in a log. The controls at the top prove that the guard is active and
records an attempt, so the tests below can fail. The notebooks themselves run guarded twice:
under nbval (root conftest.py) and in Voila for the browser tests (test_browser.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook


NETGUARD = Path(__file__).resolve().parent / "netguard"
LOG_ENV = "CLOSER_NETGUARD_LOG"
TEST_NET = "203.0.113.1"  # TEST-NET-3 (RFC 5737): reserved for documentation, never routed
PARTICIPANT = "river-42"


def guarded_env(log: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(NETGUARD), env.get("PYTHONPATH")) if p)
    env[LOG_ENV] = str(log)
    env.update(extra)
    return env


def events(log: Path, kind: str) -> list[dict]:
    if not log.exists():
        return []
    lines = log.read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if e["event"] == kind]


def run_notebook(nb, workdir: Path, env: dict) -> None:
    client = NotebookClient(nb, kernel_name="python3", timeout=180,
                            resources={"metadata": {"path": str(workdir)}})
    client.execute(env=env)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, f"{errors[0]['ename']}: {errors[0]['evalue']}"


# ----------------------------------------------------------------------------- controls

def test_control_the_guard_refuses_and_records_a_connection(tmp_path):
    log = tmp_path / "net.log"
    code = (f"import socket\n"
            f"try:\n"
            f"    socket.create_connection(('{TEST_NET}', 80), timeout=2)\n"
            f"except ConnectionRefusedError as exc:\n"
            f"    print('refused:', exc)\n"
            f"for host in ('example.org', '{TEST_NET}'):\n"
            f"    try:\n"
            f"        socket.getaddrinfo(host, 443)\n"
            f"    except OSError:\n"
            f"        print('lookup refused:', host)\n"
            f"s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            f"try:\n"
            f"    s.sendto(b'x', ('{TEST_NET}', 53))\n"
            f"except OSError:\n"
            f"    print('datagram refused')\n"
            f"socket.getaddrinfo('localhost', 80)  # loopback stays allowed\n")
    result = subprocess.run([sys.executable, "-c", code], env=guarded_env(log),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "refused: closer netguard" in result.stdout
    assert "datagram refused" in result.stdout
    blocked = events(log, "blocked")
    assert [(e["call"], e["target"]) for e in blocked] == [
        ("create_connection", [TEST_NET, 80]), ("getaddrinfo", "example.org"),
        ("getaddrinfo", TEST_NET), ("sendto", [TEST_NET, 53])]
    assert len(events(log, "loaded")) == 1


def test_control_the_guard_is_active_inside_a_kernel(tmp_path):
    log = tmp_path / "net.log"
    nb = new_notebook(cells=[new_code_cell(
        "import urllib.request\n"
        "try:\n"
        f"    urllib.request.urlopen('http://{TEST_NET}/', timeout=2)\n"
        "except Exception as exc:\n"
        "    assert 'closer netguard' in str(exc), exc\n")])
    run_notebook(nb, tmp_path, guarded_env(log))
    blocked = events(log, "blocked")
    assert [e["target"] for e in blocked] == [[TEST_NET, 80]]
    kernels = {e["pid"] for e in events(log, "loaded") if "ipykernel" in " ".join(e["argv"])}
    assert blocked[0]["pid"] in kernels


# ----------------------------------------------------------------------------- the workshop

# Run after each notebook in the same kernel: the participant saves something, and in the last
# module makes their report, as the buttons would.
@pytest.mark.slow
def test_the_commands_run_without_touching_the_network(tmp_path):
    log = tmp_path / "net.log"
    env = guarded_env(log)
    cohort = tmp_path / "cohort"
    out = tmp_path / "out"

    def workshop(*args) -> None:
        result = subprocess.run([sys.executable, "-m", "workshop", *map(str, args)], env=env,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, (args[0], result.stderr)

    workshop("demo-cohort", "--n", 8, "--seed", 3, "--out", cohort)
    workshop("validate", "-q", *sorted(cohort.glob("*.json")))
    workshop("scores", cohort, "--out", tmp_path / "scores.csv")
    workshop("reports", cohort, "--out", out, "--workers", 2, "-q")
    assert len(list((out / "participants").glob("*.html"))) == 8
    assert (out / "group.html").exists()
    assert events(log, "blocked") == []
    commands = [e for e in events(log, "loaded") if e["argv"][1:3] == ["-m", "workshop"]]
    assert len(commands) == 4  # every command ran guarded
