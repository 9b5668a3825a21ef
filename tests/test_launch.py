"""`launch`: the command lines and environment that start JupyterLab or Voila for a workshop.

No server is started: the command is built and handed to a stand-in for `subprocess.call`.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from conftest import REPO_ROOT
from workshop import answers, launch


def test_with_templates_puts_closers_template_first_and_keeps_the_rest():
    env = {"JUPYTER_PATH": os.pathsep.join(["/a", "", str(launch.JUPYTER_DATA), "/b"]), "X": "1"}
    got = launch.with_templates(env)
    assert got["JUPYTER_PATH"].split(os.pathsep) == [str(launch.JUPYTER_DATA), "/a", "/b"]
    assert got["X"] == "1"
    assert env["JUPYTER_PATH"].startswith("/a")  # the caller's dict is left alone
    assert launch.with_templates({})["JUPYTER_PATH"] == str(launch.JUPYTER_DATA)


def test_the_template_it_points_to_exists():
    template = launch.JUPYTER_DATA / "voila" / "templates" / launch.VOILA_TEMPLATE
    assert template.is_dir(), template


def test_voila_listens_on_this_computer_only_with_the_offline_template(tmp_path):
    cmd = launch.voila_command(tmp_path / "notebooks", 8866, ("--no-browser",))
    assert cmd[:3] == [sys.executable, "-m", "voila"]
    assert cmd[3] == str(tmp_path / "notebooks")
    assert "--port=8866" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert f"--template={launch.VOILA_TEMPLATE}" in cmd
    assert "--VoilaConfiguration.show_tracebacks=False" in cmd  # no code shown to participants
    assert cmd[-1] == "--no-browser"


@pytest.mark.parametrize("open_browser", [True, False])
def test_voila_command_and_address(tmp_path, open_browser):
    cmd, url = launch.command(True, 8866, "secret", tmp_path, open_browser)
    assert cmd[3] == str(tmp_path / "notebooks")
    assert "--Voila.port_retries=0" in cmd  # a busy port is an error, not a surprise address
    assert ("--no-browser" in cmd) is not open_browser
    assert url == "http://127.0.0.1:8866/voila/render/00-welcome.ipynb"
    assert "secret" not in " ".join(cmd) + url


@pytest.mark.parametrize("open_browser", [True, False])
def test_lab_command_and_address(tmp_path, open_browser, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    cmd, url = launch.command(False, 8888, "t0ken", tmp_path, open_browser)
    assert cmd[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert "--ip=127.0.0.1" in cmd and "--port=8888" in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert "--IdentityProvider.token=t0ken" in cmd
    assert f"--LabApp.default_url=/lab/tree/{launch.WELCOME}" in cmd
    assert "--ServerApp.port_retries=0" in cmd
    assert "--allow-root" not in cmd
    assert ("--no-browser" in cmd) is not open_browser
    assert url == f"http://127.0.0.1:8888/lab/tree/{launch.WELCOME}?token=t0ken"


def test_lab_as_root_adds_the_flag_jupyterlab_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    cmd, _ = launch.command(False, 8888, "t0ken", tmp_path, False)
    assert "--allow-root" in cmd


def test_project_root_is_the_checkout(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert launch.project_root() == REPO_ROOT


def test_project_root_falls_back_to_the_working_folder_then_says_what_is_missing(
        monkeypatch, tmp_path):
    monkeypatch.setattr(launch, "PACKAGE_DIR", tmp_path / "installed" / "workshop")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="00-welcome.ipynb"):
        launch.project_root()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / launch.WELCOME).write_text("{}")
    assert launch.project_root() == tmp_path


def test_lab_settings_turn_off_autosave_and_news_and_keep_a_facilitators_changes(tmp_path):
    settings = launch.lab_settings(tmp_path)
    assert settings == tmp_path / ".closer-lab-settings"
    autosave = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert json.loads(autosave.read_text()) == {"autosave": False}
    assert json.loads(news.read_text())["checkForUpdates"] is False
    autosave.write_text('{"autosave": true}\n')
    launch.lab_settings(tmp_path)
    assert json.loads(autosave.read_text()) == {"autosave": True}


def started(monkeypatch, **kwargs) -> tuple[int, list, dict]:
    """`launch.start(**kwargs)` with `subprocess.call` recorded instead of run."""
    calls = []

    def call(cmd, cwd, env):
        calls.append((cmd, cwd, env))
        return 0

    monkeypatch.setattr(launch.subprocess, "call", call)
    code = launch.start(**kwargs)
    [(cmd, cwd, env)] = calls
    assert cwd == REPO_ROOT
    return code, cmd, env


def test_start_lab_uses_the_answers_folder_and_its_own_settings(answers_dir, monkeypatch,
                                                               capsys):
    monkeypatch.delenv("JUPYTERLAB_SETTINGS_DIR", raising=False)
    code, cmd, env = started(monkeypatch, port=8899, open_browser=False)
    assert code == 0
    assert cmd[:4] == [sys.executable, "-m", "jupyter", "lab"] and "--port=8899" in cmd
    assert env[answers.ENV_DIR] == str(answers_dir)
    assert answers_dir.is_dir() and (answers_dir.stat().st_mode & 0o777) == 0o700
    assert env["JUPYTERLAB_SETTINGS_DIR"] == str(answers_dir.parent / ".closer-lab-settings")
    assert env["JUPYTER_PATH"].split(os.pathsep)[0] == str(launch.JUPYTER_DATA)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8899/lab/tree/" in out and str(answers_dir) in out


def test_start_voila_needs_no_lab_settings(answers_dir, monkeypatch):
    monkeypatch.delenv("JUPYTERLAB_SETTINGS_DIR", raising=False)
    code, cmd, env = started(monkeypatch, voila=True, port=8866, open_browser=False)
    assert code == 0 and cmd[:3] == [sys.executable, "-m", "voila"]
    assert "JUPYTERLAB_SETTINGS_DIR" not in env
    assert not (answers_dir.parent / ".closer-lab-settings").exists()


# --------------------------------------------------------------------------- in Spanish

def test_the_spanish_welcome_page_is_the_address_for_voila_and_for_jupyterlab(tmp_path,
                                                                             monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    _cmd, url = launch.command(True, 8866, "t", tmp_path, False, language="es")
    assert url == "http://127.0.0.1:8866/voila/render/es/00-bienvenida.ipynb"
    cmd, url = launch.command(False, 8888, "t", tmp_path, False, language="es")
    assert "--LabApp.default_url=/lab/tree/notebooks/es/00-bienvenida.ipynb" in cmd
    assert url == "http://127.0.0.1:8888/lab/tree/notebooks/es/00-bienvenida.ipynb?token=t"
    assert (REPO_ROOT / launch.WELCOMES["es"]).is_file()  # the page the address names exists
    with pytest.raises(ValueError, match="unknown language"):
        launch.command(True, 8866, "t", tmp_path, False, language="fr")


def test_workshop_start_lang_es_opens_the_spanish_page_and_speaks_spanish(answers_dir,
                                                                         monkeypatch, capsys):
    from workshop import cli, i18n

    calls = []
    monkeypatch.setattr(launch.subprocess, "call", lambda cmd, cwd, env: calls.append(cmd) or 0)
    try:
        assert cli.main(["start", "--voila", "--lang", "es", "--no-browser", "--port",
                         "8867"]) == 0
    finally:
        i18n.use("en")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8867/voila/render/es/00-bienvenida.ipynb" in out
    assert "Abre esta dirección en tu navegador:" in out
    assert "Open this address" not in out and len(calls) == 1


def test_workshop_start_follows_a_spanish_terminal(answers_dir, monkeypatch, capsys):
    from workshop import cli, i18n

    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.setattr(launch.subprocess, "call", lambda cmd, cwd, env: 0)
    try:
        assert cli.main(["start", "--no-browser", "--port", "8868"]) == 0
    finally:
        i18n.use("en")
    out = capsys.readouterr().out
    assert "/lab/tree/notebooks/es/00-bienvenida.ipynb?token=" in out
    assert "Las respuestas se guardan en" in out


def test_a_missing_welcome_page_is_said_in_the_current_language(monkeypatch, tmp_path):
    from workshop import i18n

    monkeypatch.setattr(launch, "PACKAGE_DIR", tmp_path / "installed" / "workshop")
    monkeypatch.chdir(tmp_path)
    with i18n.using("es"), pytest.raises(FileNotFoundError,
                                         match="ejecuta esto desde la carpeta de Closer"):
        launch.project_root()
