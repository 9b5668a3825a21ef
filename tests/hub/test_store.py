"""The inbox's folder rules, without the web service."""

from __future__ import annotations

import stat

import pytest

from workshop import share
from workshop.hub.store import Store

ANSWERS = {"format": "closer-answers", "version": 1, "participant": "ash",
           "created": "2026-11-21T10:00:00Z", "updated": "2026-11-21T10:00:00Z",
           "consent": {"group_report": True, "reflections_in_group_report": True},
           "instruments": {"walls": {"walls-01": 4}}, "exercises": {},
           "reflections": {"walls-notice": "quiet"}}


def made(reflections=()) -> bytes:
    return share.dumps(share.make(ANSWERS, "facilitator", ["walls"], list(reflections)))


def test_one_contribution_per_person_replaced_and_withdrawn(tmp_path):
    store = Store(tmp_path / "inbox")
    first = store.put("ash", made())
    second = store.put("ash", made(["walls-notice"]))
    assert first["id"] != second["id"]
    assert [c["id"] for c in store.contributions()] == [second["id"]]
    assert store.mine("ash")["reflections"] == 1 and store.mine("birch") is None
    assert store.withdraw("ash") and not store.withdraw("ash")
    assert store.contributions() == []


def test_the_folder_names_nobody_and_is_private(tmp_path):
    store = Store(tmp_path / "inbox")
    store.put("ash", made())
    names = [p.name for p in (tmp_path / "inbox").iterdir()]
    assert not any("ash" in n for n in names)
    assert stat.S_IMODE((tmp_path / "inbox").stat().st_mode) == 0o700
    for path in (tmp_path / "inbox").glob("*.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "ash" not in path.read_text()
    again = Store(tmp_path / "inbox")  # the same key after a restart: still ash's file
    assert again.mine("ash") is not None


def test_only_facilitator_shares_go_in(tmp_path):
    store = Store(tmp_path / "inbox")
    with pytest.raises(share.ShareError, match="partner"):
        store.put("ash", share.dumps(share.make(ANSWERS, "partner", ["walls"], [])))
    with pytest.raises(share.ShareError):
        store.put("ash", b"{}")
    with pytest.raises(share.ShareError, match="not valid JSON"):
        store.put("ash", b"not json")
    assert store.contributions() == []


def test_get_by_id_and_zip(tmp_path):
    import io
    import zipfile

    store = Store(tmp_path / "inbox")
    kept = [store.put(name, made()) for name in ("ash", "birch")]
    assert share.parse(store.get(kept[0]["id"]))["id"] == kept[0]["id"]
    with pytest.raises(KeyError):
        store.get("0" * 32)
    archive = zipfile.ZipFile(io.BytesIO(store.zip_all()))
    assert sorted(archive.namelist()) == sorted(f"contribution-{k['id']}.json" for k in kept)


def test_a_partner_share_is_refused_in_the_inbox_language(tmp_path):
    from workshop import i18n

    store = Store(tmp_path / "inbox")
    with i18n.using("es"), pytest.raises(share.ShareError) as exc:
        store.put("ash", share.dumps(share.make(ANSWERS, "partner", ["walls"], [])))
    assert str(exc.value) == ("el aporte: es un archivo para compartir con una pareja; en el "
                              "buzón solo puede ir un archivo para compartir con la persona "
                              "facilitadora")
