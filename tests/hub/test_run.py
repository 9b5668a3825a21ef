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


# --------------------------------------------------------------------------- in Spanish

def test_lang_es_is_remembered_and_english_is_the_default(tmp_path):
    first = run.settings_from(cli.build_parser().parse_args(["hub", "--state", str(tmp_path)]))
    assert first.language == "en"
    s = run.settings_from(cli.build_parser().parse_args(["hub", "--state", str(tmp_path),
                                                         "--lang", "es"]))
    assert s.language == "es"
    settings.save(s)
    again = run.settings_from(cli.build_parser().parse_args(["hub", "--state", str(tmp_path)]))
    assert again.language == "es"
    back = run.settings_from(cli.build_parser().parse_args(["hub", "--state", str(tmp_path),
                                                            "--lang", "en"]))
    assert back.language == "en"


def test_a_spanish_hub_needs_the_spanish_welcome_page(tmp_path, monkeypatch):
    proxy = tmp_path / "configurable-http-proxy"
    proxy.write_text("#!/bin/sh\n")
    monkeypatch.setenv(run.PROXY_ENV, str(proxy))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "00-welcome.ipynb").write_text("{}")
    s = settings.Settings(state_dir=str(tmp_path / "state"), notebooks=str(notebooks),
                          language="es")
    with pytest.raises(FileNotFoundError, match="does not hold es/00-bienvenida.ipynb"):
        run.prepare(s)
    (notebooks / "es").mkdir()
    (notebooks / "es" / "00-bienvenida.ipynb").write_text("{}")
    assert run.prepare(s).exists()
    assert "welcome page  es/00-bienvenida.ipynb (Español)" in run.summary(s)


def test_hub_help_and_messages_in_spanish(tmp_path, monkeypatch, capsys):
    from workshop import i18n

    try:
        with pytest.raises(SystemExit):
            cli.main(["hub", "--lang", "es", "--help"])
        text = " ".join(capsys.readouterr().out.split())
        for words in ("Ejecuta Closer en JupyterHub en esta máquina, para un grupo.",
                      "/voila/render/es/00-bienvenida.ipynb", "el hub en español",
                      "el idioma de la página de bienvenida que se abre al iniciar sesión"):
            assert words in text, words
        monkeypatch.setattr(run, "_is_root", lambda: False)
        assert cli.main(["hub", "--lang", "es", "--state", str(tmp_path / "state")]) == 1
        assert "workshop hub: debe ejecutarse como root" in capsys.readouterr().err
        monkeypatch.setenv("LANGUAGE", "es_MX")
        monkeypatch.setattr("sys.stdin", __import__("io").StringIO("abc\n"))
        assert cli.main(["hub", "code", "--state", str(tmp_path / "state")]) == 1
        assert "un código del taller necesita al menos 6 caracteres" in capsys.readouterr().err
    finally:
        i18n.use("en")
