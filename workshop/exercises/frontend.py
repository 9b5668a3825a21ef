"""Two small browser-side widgets that keep what crosses the network small.

`TextBox` sends what is typed about twice a second, and at once on blur or when the page is
hidden, instead of on every key; the value is not echoed back. `DownloadButton` asks the kernel
for a file only when pressed. Both are anywidget modules: plain JavaScript files beside this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import anywidget
import traitlets

_HERE = Path(__file__).resolve().parent
SAVE_INTERVAL_MS = 500  # about two saves a second while typing; the last key within a second


class TextBox(anywidget.AnyWidget):
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


class DownloadButton(anywidget.AnyWidget):
    _esm = (_HERE / "download.js").read_text(encoding="utf-8")
    label = traitlets.Unicode("Download").tag(sync=True)
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
