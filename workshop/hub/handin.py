"""Module 08's "Send to the facilitator" panel, for workshops run on a Closer hub.

The participant ticks what to give (nothing is ticked at first), presses the button, and a
facilitator share file (`share.make`: no pseudonym, a random id) goes into the hub's write-only
inbox. Sending again replaces it; "Withdraw" removes it. Without the consent to count in the group
report there is no send button, only the words saying why; a contribution sent earlier can
still be withdrawn. Consent is read from the answer file on disk each time, because it may have
changed on the welcome page, in another kernel, since this panel was drawn.
"""

from __future__ import annotations

import ipywidgets as w
from IPython.display import display

from workshop import answers, curriculum, instruments, share
from workshop.exercises.base import box, esc, follow, full, labelled_tick, title
from workshop.exercises.frontend import Live
from workshop.hub.client import Inbox, InboxError
from workshop.i18n import N_, _
from workshop.session import Session, current

# Shown with _(): constants are made before the page chooses its language.
NOT_ON_HUB = N_("Sending to the facilitator works on the workshop's hub only. Here nothing is "
                "sent anywhere; your answers stay on this computer.")
NO_CONSENT = N_("You have not agreed to count in the group report, so there is nothing to send, "
                "and that is completely fine. If you change your mind, tick the first consent "
                "box on the welcome page, then open this page again.")


class HandIn:
    def __init__(self, session: Session | None = None, inbox: Inbox | None = None):
        self.session = session or current()
        self.inbox = inbox if inbox is not None else Inbox.from_env()
        self.intro = w.HTML(layout=full())
        self.picks: dict[tuple[str, str], w.Checkbox] = {}
        self.pick_box = box([], "closer-handin-picks")
        self.send_button = w.Button(description=_("Send to the facilitator"),
                                    button_style="primary")
        self.send_button.on_click(lambda _button: self.send())
        self.withdraw_button = w.Button(description=_("Withdraw what I sent"))
        self.withdraw_button.on_click(lambda _button: self.withdraw())
        self.status = Live(layout=full())
        self.widget = box([title(_("Send to the facilitator")), self.intro, self.pick_box,
                           w.HBox([self.send_button, self.withdraw_button]), self.status],
                          "closer-exercise closer-handin")
        follow(self.session, "handin", self.widget, self.refresh)

    # ------------------------------------------------------------------ what is true now
    def data(self) -> dict | None:
        """The answer file as it is on disk now (consent may have changed elsewhere)."""
        path = self.session.path
        if path is None:
            return None
        try:
            return answers.load(path)
        except answers.AnswerFileError:
            return self.session.data

    def consented(self, data: dict | None) -> bool:
        return bool(data and data.get("consent", {}).get("group_report"))

    def mine(self) -> dict | None:
        """What I sent before, or None (also when the inbox cannot be reached)."""
        try:
            return self.inbox.mine() if self.inbox else None
        except InboxError:
            return None

    # ------------------------------------------------------------------ drawing
    def _show(self, widget: w.Widget, shown: bool) -> None:
        widget.layout.display = "" if shown else "none"

    def refresh(self) -> None:
        data = self.data()
        consented = self.consented(data) and self.inbox is not None
        self._show(self.send_button, consented)
        self._show(self.pick_box, consented)
        if self.inbox is None:
            self.intro.value = f"<p class='closer-muted'>{esc(_(NOT_ON_HUB))}</p>"
        elif data is None:
            first = _("Choose a pseudonym on the welcome page first: there is nothing to send "
                      "yet.")
            self.intro.value = f"<p>{esc(first)}</p>"
        elif not consented:
            self.intro.value = f"<p>{esc(_(NO_CONSENT))}</p>"
        else:
            self.intro.value = "<p>" + _(
                "Your facilitator makes a group report from what participants choose to send. "
                "What you send carries <b>no pseudonym</b>: it counts in the group's figures "
                "without your name. Tick what you want to give (nothing is ticked), then press "
                "the button. You can replace it by sending again, or withdraw it.") + "</p>"
            self._offer(data)
        sent = self.mine()
        self._show(self.withdraw_button, sent is not None)
        if sent and not self.status.value:
            self.status.value = _sent_line(sent)

    def _offer(self, data: dict) -> None:
        picks = {}
        for iid, given in data.get("instruments", {}).items():
            if given:
                picks[("instruments", iid)] = labelled_tick(
                    _("My answers to \"{title}\"").format(title=instruments.get(iid).title))
        if data.get("consent", {}).get("reflections_in_group_report"):
            for rid, text in data.get("reflections", {}).items():
                if isinstance(text, str) and text.strip():
                    picks[("reflections", rid)] = labelled_tick(
                        _("My reflection from {place}").format(place=curriculum.reflection_place(rid)))
        if set(picks) != set(self.picks):  # keep what was ticked if the choices are the same
            self.picks = picks
            what, nothing = _("What to send"), _("Nothing to send yet: answer a self-assessment "
                                                 "first.")
            self.pick_box.children = [w.HTML(f"<b>{esc(what)}</b>")] + list(picks.values()) \
                if picks else [w.HTML(f"<span class='closer-muted'>{esc(nothing)}</span>")]

    def chosen(self) -> tuple[list[str], list[str]]:
        ticked = [key for key, tick in self.picks.items() if tick.value]
        return ([k for kind, k in ticked if kind == "instruments"],
                [k for kind, k in ticked if kind == "reflections"])

    # ------------------------------------------------------------------ actions
    def send(self) -> dict | None:
        """Make the share file from the file on disk and send it; None (and why) if refused."""
        data = self.data()
        if self.inbox is None or not self.consented(data):
            self.status.value = f"<span class='closer-warn'>{esc(_(NO_CONSENT))}</span>"
            self.refresh()
            return None
        chosen_instruments, chosen_reflections = self.chosen()
        try:
            obj = share.make(data, "facilitator", chosen_instruments, chosen_reflections)
            kept = self.inbox.send(obj)
        except (share.ShareError, InboxError) as exc:
            refused = _("Not sent: {problem}").format(problem=exc)
            self.status.value = f"<span class='closer-warn'>{esc(refused)}</span>"
            return None
        lines = "".join(f"<li>{esc(line)}</li>" for line in share.describe(obj))
        self.status.value = _sent_line(kept) + f"<ul>{lines}</ul>"
        self._show(self.withdraw_button, True)
        return kept

    def withdraw(self) -> bool:
        try:
            gone = self.inbox.withdraw() if self.inbox else False
        except InboxError as exc:
            refused = _("Not withdrawn: {problem}").format(problem=exc)
            self.status.value = f"<span class='closer-warn'>{esc(refused)}</span>"
            return False
        if gone:
            done = _("Withdrawn: the facilitator's inbox no longer holds anything from you.")
            self.status.value = f"<span class='closer-ok'>&#10003; {esc(done)}</span>"
        else:
            done = _("There was nothing to withdraw.")
            self.status.value = f"<span class='closer-muted'>{esc(done)}</span>"
        self._show(self.withdraw_button, False)
        return gone


def _sent_line(kept: dict) -> str:
    day, _sep, time = kept["received"].rstrip("Z").partition("T")
    held = _("Your facilitator's inbox holds what you sent on {date} at {time} UTC. Sending "
             "again replaces it.").format(date=day, time=time)
    return f"<span class='closer-ok'>&#10003; {esc(held)}</span>"


def send_to_facilitator() -> None:
    """The notebook call (module 08): the panel, or a plain line when not on a hub."""
    display(HandIn().widget)
