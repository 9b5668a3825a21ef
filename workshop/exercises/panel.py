"""The participant's own panel: pseudonym, consents, country, language and help, a damaged file,
my data and the personal report."""

from __future__ import annotations

import itertools

import ipywidgets as w
from IPython.display import display

from workshop import i18n, resources
from workshop.exercises.base import Exercise, box, esc, follow, full, labelled_tick, said, title
from workshop.exercises.frontend import DownloadButton
from workshop.i18n import N_, _
from workshop.session import Session, current


def _country(session: Session) -> str | None:
    return (session.data or {}).get("country")


def answers_download(session: Session, label: str, on_missing=None) -> DownloadButton:
    """The participant's answer file, sent to the browser only when they press the button."""
    def make():
        raw = session.download_bytes()
        if raw is None:
            if on_missing:
                on_missing()
            return None
        return raw, f"{session.participant}.json", "application/json"

    return DownloadButton(label, make)


def problem_box(session: Session, key: str) -> w.VBox:
    """Tells the participant in plain words when their file was damaged, with a way back."""
    message = w.HTML(layout=full())
    restore = w.Button(description=_("Restore my last good copy"), button_style="warning")
    fresh = w.Button(description=_("Start fresh instead"))
    panel = box([message, w.HBox([restore, fresh])], "closer-problem")

    def refresh():
        recovery = session.recovery
        if recovery is None:
            panel.layout.display = "none"
            return
        head = _("Something went wrong with your saved answers.")
        way_back = (_("Restore the last good copy below, or start fresh (the copy is then "
                      "replaced as you answer).") if recovery.has_backup else
                    _("There is no earlier copy; you can restore a downloaded file in the "
                      "welcome notebook."))
        message.value = (f"<div class='closer-tip'><b>{esc(head)}</b> "
                         f"{esc(recovery.problem)} {esc(way_back)}</div>")
        restore.layout.display = fresh.layout.display = "" if recovery.has_backup else "none"
        panel.layout.display = ""

    def on_restore(_button):
        if not session.restore_backup():
            refresh()
            return
        # the reload hid the box now the problem is gone; keep the confirmation in view
        back = _("Your last good copy is back.")
        message.value = f"<div class='closer-good'>{esc(back)}</div>"
        restore.layout.display = fresh.layout.display = "none"
        panel.layout.display = ""

    restore.on_click(on_restore)
    fresh.on_click(lambda _button: session.start_fresh())
    follow(session, key, panel, refresh)
    return panel


def help_box(session: Session, key: str) -> w.HTML:
    """Where help is, for the participant's country: on every page, whatever the exercise."""
    shown = w.HTML(layout=full())
    shown.add_class("closer-help-box")

    def refresh():
        summary = _("Need help now? Support lines")
        shown.value = (f"<details class='closer-help-details'><summary>{esc(summary)}</summary>"
                       f"{resources.help_html(_country(session))}</details>")

    shown.refresh = refresh  # the welcome page calls it when the country changes
    follow(session, key, shown, refresh)
    return shown


_notes = itertools.count(1)


def new_page() -> None:
    """A module's header starts a page: safety notes are numbered again from 1, so running the
    page again replaces its notes instead of adding listeners."""
    global _notes
    _notes = itertools.count(1)


def safety_note(session: Session | None = None, key: str | None = None) -> w.HTML:
    """The caveat shown where a page asks someone to open up: for relationships where they feel
    safe, the signs of control, and where help is. A page may show several."""
    session = session or current()
    key = key or f"safety-{next(_notes)}"
    shown = w.HTML(layout=full())
    shown.add_class("closer-safety-box")
    follow(session, key, shown, lambda: setattr(
        shown, "value", resources.safety_html(_country(session))))
    return shown


class PseudonymPicker:
    """Asks for a pseudonym; used by the welcome notebook and by any module opened first."""

    def __init__(self, session: Session | None = None, key: str = "picker"):
        self.session = session or current()
        # Synced when the box loses focus, so the button never reads a half-sent name (typing
        # fast and pressing the button could otherwise choose "riv" for "river-42").
        self.text = w.Text(placeholder=_("for example river-42"),
                           value=self.session.participant or "", description=_("Pseudonym"),
                           continuous_update=False, layout=w.Layout(width="20em"))
        self.text.add_class("closer-pseudonym")
        self.button = w.Button(description=_("Use this pseudonym"), button_style="primary")
        self.button.on_click(self.choose)
        self.message = w.HTML(layout=full())
        self.message.add_class("closer-pseudonym-message")
        self.widget = box([w.HBox([self.text, self.button]), self.message], "closer-picker")
        follow(self.session, key, self.widget, self._show)

    def choose(self, _button=None) -> bool:
        try:
            # Phones capitalise the first letter; a pseudonym is lower-case by definition.
            self.session.choose(self.text.value.strip().lower())
        except ValueError as exc:
            reason = getattr(exc, "reason", str(exc))
            self.message.value = f"<span class='closer-warn'>{esc(said(reason))}</span>"
            return False
        data = self.session.data
        if data is not None and not data.get("language"):
            # A new file starts in the page's language: the reports speak it too.
            self.session.save(("language",), i18n.current())
        return True

    def _show(self) -> None:
        who = self.session.participant
        self.text.value = who or self.text.value
        if who:
            working = _("You are working as <b>{pseudonym}</b>. Your answers save automatically "
                        "to <code>{file}</code> on this computer.").format(
                pseudonym=esc(who), file=esc(f"answers/{who}.json"))
            other = _("Not you? Type your own pseudonym and press the button.")
            self.message.value = (f"<span class='closer-ok'>&#10003; {working}</span> "
                                  f"<span class='closer-muted'>{esc(other)}</span>")
        else:
            hint = _("Use 1 to 40 lower-case letters, digits and dashes. Not your real name.")
            self.message.value = f"<span class='closer-muted'>{esc(hint)}</span>"


class ConsentBoxes(Exercise):
    LABELS = {
        "group_report": N_("My scores may be counted, without my pseudonym, in the group "
                           "report's figures."),
        "reflections_in_group_report": N_("My written reflections may be quoted, without my "
                                          "pseudonym, in the group report."),
    }

    def __init__(self, session: Session | None = None):
        super().__init__("consent", session)
        self.boxes = {}
        rows = []
        for key, label in self.LABELS.items():
            tick = labelled_tick(_(label))
            tick.add_class(f"closer-consent-{key.replace('_', '-')}")
            tick.observe(lambda c, key=key: self.save(("consent", key), bool(c["new"])),
                         names="value")
            self.boxes[key] = tick
            rows.append(tick)
        heading = _("Your consent (both are optional and start unticked; you can change them "
                    "any time here)")
        self.widget = box([w.HTML(f"<b>{esc(heading)}</b>", layout=full()),
                           *rows, self.status.widget])
        self.start()

    def load(self) -> None:
        consent = (self.session.data or {}).get("consent", {})
        for key, tick in self.boxes.items():
            tick.value = bool(consent.get(key, False))

    def enable(self, on: bool) -> None:
        for tick in self.boxes.values():
            tick.disabled = not on


class CountryChoice(Exercise):
    """Optional: the country whose help lines every page shows."""

    NONE = "none"

    def __init__(self, session: Session | None = None):
        super().__init__("country", session)
        options = [(_("Choose a country (optional)"), self.NONE)]
        options += [(name, code) for code, name in resources.countries()]  # the page's words
        options += [(_("Another country"), "other")]
        self.choice = w.Dropdown(options=options, value=self.NONE, description=_("Country"),
                                 layout=w.Layout(width="24em"))
        self.choice.add_class("closer-country")
        self.choice.observe(self._changed, names="value")
        why = _("<b>Your country</b> (optional): every page then shows the support lines for "
                "where you are.")
        self.widget = box([w.HTML(why, layout=full()), self.choice, self.status.widget])
        self.start()

    def _changed(self, change) -> None:
        code = change["new"]
        self.save(("country",), None if code in (self.NONE, "other") else code)

    def load(self) -> None:
        code = _country(self.session)
        known = {value for _label, value in self.choice.options}
        self.choice.value = code if code in known else ("other" if code else self.NONE)

    def enable(self, on: bool) -> None:
        self.choice.disabled = not on


def welcome_setup() -> None:
    """The welcome notebook's panel: language, pseudonym, consents, country and help lines."""
    from workshop.exercises.language import LanguageChoice

    session = current()
    language = LanguageChoice("welcome", session)  # first: someone on the wrong page can leave
    picker = PseudonymPicker(session, key="welcome-picker")
    consents = ConsentBoxes(session)
    country = CountryChoice(session)
    help_lines = help_box(session, "welcome-help")
    country.choice.observe(lambda _change: help_lines.refresh(), names="value")
    display(box([language.widget, title(_("Your pseudonym")),
                 problem_box(session, "welcome-problem"), picker.widget, consents.widget,
                 country.widget, help_lines], "closer-exercise closer-welcome"))


def participant_bar() -> None:
    """Shown at the top of every module: who is answering (or a picker), a copy of the answers,
    and where help is."""
    session = current()
    picker = PseudonymPicker(session, key="bar-picker")
    intro = w.HTML(layout=full())
    # A copy can be taken from every page, not only 00 and 08: Binder forgets after ~10 minutes.
    download = answers_download(session, _("Download a copy of my answers"))
    download.add_class("closer-bar-download")
    keep = _("(keep it before a break on Binder)")
    note = w.HTML(f"<span class='closer-muted'>{esc(keep)}</span>")
    row = w.HBox([download, note], layout=w.Layout(align_items="center", flex_flow="row wrap"))

    def refresh():
        # The picker row stays visible: its message says "Not you? Type your own pseudonym".
        intro.value = "" if session.participant else _(
            "<b>Before you start:</b> choose a pseudonym so your answers can be saved. (If you "
            "already chose one in the welcome notebook, type the same one.)")
        row.layout.display = "" if session.participant else "none"

    bar = box([problem_box(session, "bar-problem"), intro, picker.widget, row,
               help_box(session, "bar-help")], "closer-bar")
    follow(session, "bar", bar, refresh)
    display(bar)
