"""Build what mybinder.org builds, then serve the welcome notebook with Voila from it.

repo2docker installs `binder/requirements.txt` from the repository root into a fresh
environment; this test does the same with a fresh virtual environment, so a missing runtime
dependency (or a test tool leaking into Binder) fails here before it fails on the day.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
TEST_TOOLS = ("pytest", "nbval", "hypothesis", "playwright")


def _requirements() -> list[str]:
    return [line.split("#")[0].strip() for line in
            (BINDER / "requirements.txt").read_text().splitlines() if line.split("#")[0].strip()]


def test_binder_requirements_are_runtime_only_and_pinned():
    reqs = _requirements()
    assert "." in reqs, "the project itself must be installed (a '.' line)"
    names = [re.split(r"[=<>~!\[]", r)[0].lower() for r in reqs if r != "."]
    for tool in TEST_TOOLS:
        assert tool not in names, f"{tool} is a test tool and must not be installed on Binder"
    for needed in ("jupyterlab", "ipywidgets", "voila", "papermill", "nbconvert", "matplotlib"):
        assert needed in names
    assert all("==" in r for r in reqs if r != "."), "pin every runtime dependency"
    assert (BINDER / "runtime.txt").read_text().strip().startswith("python-3.11")


def test_binder_start_keeps_answers_in_one_private_folder():
    text = (BINDER / "start").read_text()
    assert "WORKSHOP_ANSWERS_DIR" in text and 'exec "$@"' in text and "JUPYTER_PATH" in text
    assert json.loads((BINDER / "voila.json").read_text())["VoilaConfiguration"]["template"] \
        == "closer"
    assert os.access(BINDER / "start", os.X_OK) and os.access(BINDER / "postBuild", os.X_OK)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.slow
def test_binder_environment_serves_the_welcome_notebook(tmp_path):
    env_dir = tmp_path / "binder-env"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(BINDER / "requirements.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert install.returncode == 0, install.stderr[-3000:]
    seconds = time.monotonic() - started
    size_mb = _dir_size(env_dir) / 1e6
    print(f"\nBinder environment: {size_mb:.0f} MB, installed in {seconds:.0f} s")

    for tool in TEST_TOOLS:
        probe = subprocess.run([str(py), "-c", f"import {tool}"], capture_output=True)
        assert probe.returncode != 0, f"{tool} must not be in the Binder environment"

    # Installed as a regular (non-editable) package, as repo2docker does.
    where = subprocess.run([str(py), "-c", "import workshop, sys; print(workshop.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(env_dir) in where

    port = _free_port()
    answers = tmp_path / "answers"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(WORKSHOP_ANSWERS_DIR=str(answers), PATH=f"{env_dir / 'bin'}:{env.get('PATH', '')}")
    # Through binder/start, as on mybinder.org, with Binder's Voila settings (template "closer").
    proc = subprocess.Popen(
        [str(BINDER / "start"), str(py), "-m", "voila", str(ROOT / "notebooks"),
         f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
         f"--Voila.config_file_paths={BINDER}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/voila/render/00-welcome.ipynb"
        page = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=60) as resp:
                    page = resp.read().decode("utf-8", "replace")
                break
            except OSError:
                time.sleep(1)
        assert page, "Voila did not answer"
        assert "application/vnd.jupyter.widget-view+json" in page, "no widgets were rendered"
        assert "Traceback" not in page
        # the setup panel's first widget (its text form is all the page holds of a widget)
        assert "Language / Idioma" in page
        assert "cdn.jsdelivr.net" not in page, "the page would fetch styles from a CDN"
        # the Spanish badge's page: the same panel, in a page that says it is Spanish
        with urllib.request.urlopen(url.replace("00-welcome", "es/00-bienvenida"),
                                    timeout=60) as resp:
            spanish = resp.read().decode("utf-8", "replace")
        assert '<html lang="es">' in spanish and "Language / Idioma" in spanish
        assert "Traceback" not in spanish
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    shutil.rmtree(env_dir, ignore_errors=True)
