"""What every exercise shares: the session it saves to, a "saved" line, and a clean close.

Widgets only collect input and show results; every rule they apply lives in `rules`,
`feedback`, `scoring` or `session`, in functions that know nothing about widgets.
"""

from __future__ import annotations

import datetime as _dt
import html
from typing import Any, Callable

import ipywidgets as w

from workshop.i18n import _
from workshop.session import NEED_PSEUDONYM, Saved, Session, current


def full() -> w.Layout:
    """A fresh full-width layout; layouts are widgets, so sharing one would share its state."""
    return w.Layout(width="100%")


def esc(text: Any) -> str:
    return html.escape(str(text))


def said(message: str) -> str:
    """A reason written elsewhere (the session, the file checks), in the page's language when
    it was marked there with `N_`; `_("")` would be the catalog's header, so "" stays ""."""
    return _(message) if message else ""


def box(children: list, cls: str = "closer-exercise") -> w.VBox:
    out = w.VBox(children, layout=full())
    for name in cls.split():  # one class per call: a DOM class name cannot hold a space
        out.add_class(name)
    return out


def title(text: str, intro: str = "") -> w.HTML:
    body = f"<h3 class='closer-h'>{esc(text)}</h3>"
    if intro:
        body += f"<p>{esc(intro)}</p>"
    return w.HTML(body, layout=full())


def labelled_tick(text: str) -> w.Checkbox:
    """A checkbox whose visible text is its label (plain text: ipywidgets escapes it)."""
    tick = w.Checkbox(value=False, indent=False, description=text, layout=full())
    tick.add_class("closer-tick")
    return tick


class Status:
    """The small "saved" line under each exercise, announced to screen readers as it changes."""

    def __init__(self, session: Session):
        from workshop.exercises.frontend import Live

        self.session = session
        self.widget = Live(layout=full())
        self.widget.add_class("closer-status")
        self.idle()

    def idle(self) -> None:
        if self.session.participant:
            text = _("Your answers save as you go.")
            self.widget.value = f"<span class='closer-muted'>{esc(text)}</span>"
        else:
            text = _("Choose a pseudonym at the top of the page to start; your answers are saved "
                     "under it.")
            self.widget.value = f"<span class='closer-warn'>{esc(text)}</span>"

    def note(self, text: str) -> None:
        """A plain word about what was not saved, and why (not a warning: nothing went wrong)."""
        self.widget.value = f"<span class='closer-muted'>{esc(text)}</span>"

    def show(self, result: Saved) -> None:
        if result.ok:
            stamp = _dt.datetime.now().strftime("%H:%M:%S")
            text = _("Saved at {time}").format(time=stamp)
            self.widget.value = f"<span class='closer-ok'>&#10003; {esc(text)}</span>"
        else:
            self.widget.value = f"<span class='closer-warn'>{esc(said(result.message))}</span>"


# One live widget per key and session: building it again (a re-run cell) closes the one it
# replaces, so no orphan keeps listening and reloading.
_LIVE: dict[tuple[int, str], Callable[[], None]] = {}


def _replace(session: Session, key: str, close: Callable[[], None]) -> None:
    old = _LIVE.get((id(session), key))
    if old is not None:
        old()
    _LIVE[(id(session), key)] = close


def follow(session: Session, key: str, widget: w.Widget, refresh: Callable[[], None]) -> None:
    """Keep a panel up to date with the session until its widget closes or is built again."""
    stop = session.listen(refresh)

    def close() -> None:
        stop()
        widget.close()

    widget.observe(lambda change: stop() if change["new"] is None else None, names="comm")
    _replace(session, key, close)
    refresh()


class Exercise:
    """Base for an exercise bound to the session: saves changes, reloads on a new participant.

    Subclasses set `self.widget` and call `self.start()` at the end of `__init__`.
    """

    widget: w.Widget

    def __init__(self, key: str, session: Session | None = None):
        self.key = key
        self.session = session or current()
        self.status = Status(self.session)
        self._loading = False
        self._stop_listening = self.session.listen(self._reload)
        _replace(self.session, key, self.close)

    def _reload(self) -> None:
        self._loading = True
        try:
            self.load()
        finally:
            self._loading = False
        self.status.idle()
        self.enable(bool(self.session.participant))

    def save(self, where: tuple[str, ...], value: Any) -> Saved:
        if self._loading:  # filling the widgets from the file is not a change
            return Saved(True)
        if not self.session.participant:
            result = Saved(False, NEED_PSEUDONYM)
        else:
            result = self.session.save(where, value)
        self.status.show(result)
        return result

    def start(self) -> "Exercise":
        self._reload()
        self.widget.observe(self._on_comm, names="comm")
        return self

    def _on_comm(self, change) -> None:
        if change["new"] is None:  # the widget was closed
            self._stop_listening()

    def close(self) -> None:
        self._stop_listening()
        if _LIVE.get((id(self.session), self.key)) == self.close:
            del _LIVE[(id(self.session), self.key)]
        if getattr(self, "widget", None) is not None:
            self.widget.close()

    # subclasses
    def load(self) -> None: ...
    def enable(self, on: bool) -> None: ...
