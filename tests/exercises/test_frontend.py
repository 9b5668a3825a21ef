"""The two browser-side widgets, from the kernel's side: what crosses the network, and when.

`TextBox` must not echo what the browser typed back to it, and tells the browser how often to
sync (the browser-side throttle itself is exercised by the browser tests). `DownloadButton` sends
nothing until the browser asks, and then exactly the file its `make` returns.
"""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as w
import ipywidgets.widgets.widget as widget_module
import pytest

from workshop import exercises
from workshop.exercises import frontend
from workshop.exercises.frontend import DownloadButton, TextBox
from workshop.session import Session

pytestmark = pytest.mark.usefixtures("fresh_session")

WHO = "river-42"


def sent_by(widget, monkeypatch) -> list[dict]:
    """Every message the kernel sends to the browser for this widget."""
    out: list[dict] = []
    monkeypatch.setattr(widget, "_send", lambda msg, buffers=None: out.append(msg))
    return out


# --------------------------------------------------------------------------- TextBox

def test_textbox_value_is_synced_but_never_echoed():
    trait = TextBox.class_traits()["value"]
    assert trait.metadata.get("sync") is True
    assert trait.metadata.get("echo_update") is False


def test_textbox_syncs_about_twice_a_second():
    assert frontend.SAVE_INTERVAL_MS == 500
    assert TextBox().interval_ms == 500
    assert TextBox.class_traits()["interval_ms"].metadata.get("sync") is True
    assert 'model.get("interval_ms")' in TextBox._esm  # the browser reads it, not a constant


def test_what_the_browser_types_arrives_without_an_echo(monkeypatch):
    monkeypatch.setattr(widget_module, "JUPYTER_WIDGETS_ECHO", True)
    box, plain = TextBox(), w.Textarea()
    box_sent, plain_sent = sent_by(box, monkeypatch), sent_by(plain, monkeypatch)
    seen = []
    box.observe(lambda c: seen.append(c["new"]), names="value")
    text = "I noticed the wall when we argued " * 50

    box.set_state({"value": text})
    plain.set_state({"value": text})

    assert box.value == text and seen == [text]
    assert not any(text in json.dumps(m) for m in box_sent)  # the long text is not sent back
    # the control: a standard text area does echo it, so the check above could fail
    assert any(m.get("method") == "echo_update" and m["state"].get("value") == text
               for m in plain_sent)


def test_a_value_set_in_the_kernel_still_reaches_the_browser(monkeypatch):
    """Only the echo is dropped: loading a saved reflection must still fill the browser's box."""
    box = TextBox()
    out = sent_by(box, monkeypatch)
    box.value = "loaded from the file"
    assert any(m.get("method") == "update" and m["state"].get("value") == "loaded from the file"
               for m in out)


def test_textbox_defaults_and_script():
    box = TextBox()
    assert (box.value, box.disabled, box.max_length) == ("", False, 4000)
    assert box.css_class == "closer-text"
    for needed in ("export default", "render", "save_changes", "blur", "visibilitychange",
                   'model.get("label_html")', 'model.get("disabled")'):
        assert needed in TextBox._esm, needed


# --------------------------------------------------------------------------- DownloadButton

class Maker:
    """A `make` that counts its calls and returns a fixed file (or None)."""

    def __init__(self, made):
        self.made = made
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.made


def captured(button, monkeypatch) -> list[tuple[dict, list]]:
    out: list[tuple[dict, list]] = []
    monkeypatch.setattr(button, "send",
                        lambda content, buffers=None: out.append((content, buffers)))
    return out


def test_nothing_is_made_or_sent_until_the_browser_asks(monkeypatch):
    make = Maker((b"{}", "river-42.json", "application/json"))
    button = DownloadButton("Download", make)
    out = captured(button, monkeypatch)
    assert make.calls == 0 and out == []
    assert "data:" not in json.dumps(button.get_state())  # no inline copy in the widget state

    button._asked(button, {"ask": "file"}, [])
    assert make.calls == 1
    assert out == [({"kind": "file", "filename": "river-42.json", "mime": "application/json"},
                    [b"{}"])]
    assert button.busy is False


@pytest.mark.parametrize("content", [{}, {"ask": "other"}, "file", None, ["ask", "file"]])
def test_other_messages_are_ignored(monkeypatch, content):
    make = Maker((b"x", "x.json", "application/json"))
    button = DownloadButton("Download", make)
    out = captured(button, monkeypatch)
    button._asked(button, content, [])
    assert make.calls == 0 and out == []


def test_a_browser_message_reaches_the_button(monkeypatch):
    """The wiring: a custom message from the browser goes through on_msg to `make`."""
    make = Maker((b"abc", "a.json", "application/json"))
    button = DownloadButton("Download", make)
    out = captured(button, monkeypatch)
    button._handle_custom_msg({"ask": "file"}, [])
    assert make.calls == 1 and out[0][1] == [b"abc"]


def test_nothing_to_download_sends_nothing(monkeypatch):
    make = Maker(None)
    button = DownloadButton("Download", make)
    out = captured(button, monkeypatch)
    button._asked(button, {"ask": "file"}, [])
    assert make.calls == 1 and out == [] and button.busy is False


def test_busy_while_making_and_cleared_even_when_making_fails(monkeypatch):
    seen_busy = []

    def make():
        seen_busy.append(button.busy)
        raise RuntimeError("disk gone")

    button = DownloadButton("Download", make)
    out = captured(button, monkeypatch)
    with pytest.raises(RuntimeError):
        button._asked(button, {"ask": "file"}, [])
    assert seen_busy == [True]
    assert button.busy is False and out == []


def test_download_button_label_and_script():
    button = DownloadButton("Download my answers", lambda: None, disabled=True)
    assert button.label == "Download my answers" and button.disabled
    for needed in ('ask: "file"', "msg:custom", "createObjectURL", "revokeObjectURL",
                   'model.get("busy")'):
        assert needed in DownloadButton._esm, needed


# --------------------------------------------------------------------------- in the exercises

@pytest.fixture
def s(answers_dir) -> Session:
    new = Session(answers_dir)
    new.choose(WHO)
    return new


def on_disk(folder: Path) -> dict:
    return json.loads((folder / f"{WHO}.json").read_text(encoding="utf-8"))


def test_a_reflection_typed_in_the_browser_is_saved_without_an_echo(answers_dir, s, monkeypatch):
    monkeypatch.setattr(widget_module, "JUPYTER_WIDGETS_ECHO", True)
    ex = exercises.ReflectionExercise("walls-notice", "Which wall?", session=s)
    assert isinstance(ex.text, TextBox)
    out = sent_by(ex.text, monkeypatch)
    ex.text.set_state({"value": "The busy one"})
    assert on_disk(answers_dir)["reflections"] == {"walls-notice": "The busy one"}
    assert not any("The busy one" in json.dumps(m) for m in out)


def test_the_answers_download_sends_the_file_on_disk(answers_dir, s, monkeypatch):
    panel = exercises.MyData(s)
    s.save(("reflections", "walls-notice"), "caf\u00e9 \u2764 <b>")
    out = captured(panel.download, monkeypatch)
    panel.download._asked(panel.download, {"ask": "file"}, [])
    [(content, buffers)] = out
    assert content == {"kind": "file", "filename": f"{WHO}.json", "mime": "application/json"}
    assert buffers == [(answers_dir / f"{WHO}.json").read_bytes()]
    assert json.loads(buffers[0])["reflections"] == {"walls-notice": "caf\u00e9 \u2764 <b>"}
