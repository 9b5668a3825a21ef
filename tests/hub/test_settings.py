"""settings.json: what the operator chose, checked before any hub starts with it."""

from __future__ import annotations

import json
import stat

import pytest

from workshop.hub import settings


def test_defaults_are_safe_and_round_trip(tmp_path):
    s = settings.Settings(state_dir=str(tmp_path / "state"), port=9000, facilitators=["sam"])
    settings.save(s)
    path = tmp_path / "state" / settings.SETTINGS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
    again = settings.load(tmp_path / "state")
    assert again == s and again.ip == "127.0.0.1"


def test_a_missing_file_means_the_defaults(tmp_path):
    s = settings.load(tmp_path)
    assert (s.port, s.cull_timeout, s.user_prefix) == (8000, 3600, "closer-")


@pytest.mark.parametrize("change, words", [
    ({"user_prefix": "Closer-"}, "user_prefix"),
    ({"user_prefix": "a-very-long-prefix-"}, "user_prefix"),
    ({"user_prefix": "closer"}, "end with '-'"),
    ({"port": 8081}, "ports must be different"),
    ({"cull_timeout": 0}, "at least 1"),
    ({"ssl_cert": "/etc/cert.pem"}, "both ssl_cert and ssl_key"),
    ({"base_url": "closer"}, "base_url"),
])
def test_unsafe_or_broken_settings_are_refused_by_name(change, words):
    with pytest.raises(ValueError, match=words):
        settings.Settings(**change).check()


def test_an_unknown_setting_is_named(tmp_path):
    (tmp_path / settings.SETTINGS_FILE).write_text(json.dumps({"prot": 1}))
    with pytest.raises(ValueError, match="unknown setting.*prot"):
        settings.load(tmp_path)


def test_the_config_file_reads_the_settings_beside_it(tmp_path):
    s = settings.Settings(state_dir=str(tmp_path))
    path = settings.write_config(s)
    assert "config.apply(c, config.settings_beside(__file__))" in path.read_text()
    compile(path.read_text(), str(path), "exec")


def test_addresses():
    s = settings.Settings(port=9000, inbox_port=9002, base_url="/closer/")
    assert s.public_url() == "http://127.0.0.1:9000/closer/"
    assert s.inbox_url() == "http://127.0.0.1:9002/closer/services/inbox/"


def test_the_language_is_english_unless_chosen_and_must_be_one_closer_speaks(tmp_path):
    from workshop import i18n

    assert settings.Settings().language == "en"
    (tmp_path / settings.SETTINGS_FILE).write_text(json.dumps({"port": 9000}))  # an older file
    assert settings.load(tmp_path).language == "en"
    settings.save(settings.Settings(state_dir=str(tmp_path), language="es"))
    assert settings.load(tmp_path).language == "es"
    with pytest.raises(ValueError, match="language 'fr' must be one of: en, es"):
        settings.Settings(language="fr").check()
    with i18n.using("es"), pytest.raises(ValueError, match="los cuatro puertos deben ser"):
        settings.Settings(port=8081).check()
