"""Small browser-side widgets: light on the network and usable with a keyboard and a screen reader.

`TextBox` sends what is typed about twice a second, and at once on blur or when the page is
hidden, instead of on every key; the value is not echoed back; its label is a real <label>.
`DownloadButton` asks the kernel for a file only when pressed. `Choices` is a named group of
native radio buttons (a scale, a quiz question). `Live` is a polite live region for statuses and
feedback. All are anywidget modules: plain JavaScript files beside this one.

Every word they show comes from Python, already translated; the scripts hold none. Each widget
also tells the browser its language (`lang`, the page's when it is built), so a screen reader
reads Spanish with a Spanish voice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import anywidget
import traitlets

from workshop import i18n

_HERE = Path(__file__).resolve().parent
SAVE_INTERVAL_MS = 500  # about two saves a second while typing; the last key within a second


class _Spoken(anywidget.AnyWidget):
    """A widget whose words are in one language, named on its element for screen readers."""

    lang = traitlets.Unicode("").tag(sync=True)

    @traitlets.default("lang")
    def _page_language(self) -> str:
        return i18n.current()  # when the widget is built, never at import


class TextBox(_Spoken):
    _esm = (_HERE / "textbox.js").read_text(encoding="utf-8")
    # echo_update=False: the browser already has what it typed; echoing it back would make each
    # sync cost as much as the whole text again.
    value = traitlets.Unicode("").tag(sync=True, echo_update=False)
    label_html = traitlets.Unicode("").tag(sync=True)  # trusted HTML, built with escaped text
    placeholder = traitlets.Unicode("").tag(sync=True)
    css_class = traitlets.Unicode("closer-text").tag(sync=True)
    rows = traitlets.Int(4).tag(sync=True)
    max_length = traitlets.Int(4000).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    interval_ms = traitlets.Int(SAVE_INTERVAL_MS).tag(sync=True)


Made = tuple[bytes, str, str]  # payload, file name, MIME type


class DownloadButton(_Spoken):
    _esm = (_HERE / "download.js").read_text(encoding="utf-8")
    label = traitlets.Unicode("").tag(sync=True)  # given, translated, by whoever builds it
    disabled = traitlets.Bool(False).tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, label: str, make: Callable[[], Made | None], **kwargs):
        super().__init__(label=label, **kwargs)
        self.make = make
        self.on_msg(self._asked)

    def _asked(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("ask") != "file":
            return
        self.busy = True
        try:
            made = self.make()
        finally:
            self.busy = False
        if made is not None:
            payload, filename, mime = made
            self.send({"kind": "file", "filename": filename, "mime": mime}, buffers=[payload])


class Choices(_Spoken):
    """One answer out of a few; `value` maps the chosen option to its Python value."""

    _esm = (_HERE / "choices.js").read_text(encoding="utf-8")
    legend_html = traitlets.Unicode("").tag(sync=True)  # trusted HTML, built with escaped text
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(-1).tag(sync=True)  # -1: nothing chosen
    disabled = traitlets.Bool(False).tag(sync=True)
    css_class = traitlets.Unicode("").tag(sync=True)

    def __init__(self, legend_html: str, options: Sequence[tuple[str, Any]], **kwargs):
        self.values = [value for _, value in options]
        super().__init__(legend_html=legend_html, options=[label for label, _ in options],
                         **kwargs)

    @property
    def value(self) -> Any:
        return self.values[self.index] if 0 <= self.index < len(self.values) else None

    @value.setter
    def value(self, value: Any) -> None:
        self.index = self.values.index(value) if value in self.values else -1


class Live(_Spoken):
    """A status line or feedback that screen readers announce when it changes."""

    _esm = (_HERE / "live.js").read_text(encoding="utf-8")
    value = traitlets.Unicode("").tag(sync=True)  # trusted HTML, built with escaped text
    css_class = traitlets.Unicode("").tag(sync=True)
