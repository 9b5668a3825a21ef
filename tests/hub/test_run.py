"""`workshop hub`: its help, its chores, and the checks before it becomes JupyterHub."""

from __future__ import annotations

import json
import os

import pytest

from workshop import cli
from workshop.hub import accounts, run, settings


def test_help_explains_sign_in_servers_answers_facilitators_and_the_guide(capsys):
    with pytest.raises(SystemExit):
        cli.main(["hub", "--help"])
    text = capsys.readouterr().out
    for words in ("pseudonym and a password", "workshop code", "/voila/render/00-welcome.ipynb",
                  "WORKSHOP_ANSWERS_DIR", "jupyterhub-idle-culler", "facilitators",
                  "cannot open anyone's server", "configurable-http-proxy",
                  "facilitator_guide/hub.md"):
        assert words in " ".join(text.split()), words


def test_options_are_remembered_in_settings_json(tmp_path):
    args = cli.build_parser().parse_args(["hub", "--state", str(tmp_path), "--port", "9000",
                                          "--cull-timeout", "600"])
    s = run.settings_from(args)
    assert (s.port, s.cull_timeout, s.hub_port) == (9000, 600, 8081)
    settings.save(s)
    again = run.settings_from(cli.build_parser().parse_args(["hub", "--state", str(tmp_path)]))
    assert (again.port, again.cull_timeout) == (9000, 600)


def test_the_code_is_read_from_standard_input(tmp_path, monkeypatch, capsys):
    import io

    state = tmp_path / "state"
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    assert cli.main(["hub", "code", "--state", str(state)]) == 1
    assert "at least 6 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("open-sesame\n"))
    assert cli.main(["hub", "code", "--state", str(state)]) == 0
    assert accounts.has_code(state / "accounts.json")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert cli.main(["hub", "code", "--state", str(state)]) == 0
    assert not accounts.has_code(state / "accounts.json")
    assert "newcomers cannot sign up" in capsys.readouterr().out


def test_a_facilitator_account_is_remembered_as_one(tmp_path, monkeypatch, capsys):
    import io

    state = tmp_path / "state"
    monkeypatch.setattr("sys.stdin", io.StringIO("sampass12\n"))
    assert cli.main(["hub", "password", "sam", "--facilitator", "--state", str(state)]) == 0
    assert settings.load(state).facilitators == ["sam"]
    assert accounts.sign_in(state / "accounts.json", "sam", "sampass12") == "sam"
    monkeypatch.setattr("sys.stdin", io.StringIO("sampass34\n"))
    assert cli.main(["hub", "password", "sam", "--participant", "--state", str(state)]) == 0
    assert settings.load(state).facilitators == []
    assert "participant" in capsys.readouterr().out


def test_prepare_finds_the_proxy_and_notebooks_and_writes_the_config(tmp_path, monkeypatch):
    proxy = tmp_path / "configurable-http-proxy"
    proxy.write_text("#!/bin/sh\n")
    monkeypatch.setenv(run.PROXY_ENV, str(proxy))
    s = settings.Settings(state_dir=str(tmp_path / "state"))
    config_file = run.prepare(s)
    saved = json.loads((tmp_path / "state" / "settings.json").read_text())
    assert saved["proxy_command"] == str(proxy)
    assert saved["notebooks"].endswith("notebooks") and config_file.exists()


def test_no_proxy_is_a_plain_error(tmp_path, monkeypatch):
    monkeypatch.setenv(run.PROXY_ENV, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="npm install"):
        run.prepare(settings.Settings(state_dir=str(tmp_path / "state")))


def test_a_python_other_users_cannot_reach_is_refused():
    import shutil
    import tempfile
    from pathlib import Path

    base = Path(tempfile.mkdtemp(prefix="closer-test-"))  # /tmp/x, open like /opt
    base.chmod(0o755)
    closed = base / "closed"
    (closed / "bin").mkdir(parents=True)
    (closed / "bin" / "python").write_text("")
    os.chmod(closed / "bin" / "python", 0o755)
    os.chmod(closed, 0o700)
    assert run.blocked_for_others(closed / "bin" / "python") == \
        f"{closed} does not let other users in"
    os.chmod(closed, 0o711)
    assert run.blocked_for_others(closed / "bin" / "python") is None
    shutil.rmtree(base)


def test_not_root_is_refused_before_anything_happens(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run, "_is_root", lambda: False)
    assert cli.main(["hub", "--state", str(tmp_path / "state")]) == 1
    assert "must run as root" in capsys.readouterr().err
    assert not (tmp_path / "state").exists()


def test_collect_without_a_hub_says_what_to_give(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    monkeypatch.delenv("CLOSER_INBOX_URL", raising=False)
    assert cli.main(["hub", "collect", "--out", str(tmp_path / "c")]) == 1
    assert "--hub URL and --token-file" in capsys.readouterr().err
