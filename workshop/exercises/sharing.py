"""Module 09: share what you choose with your partner, and read a conversation report together.

Nothing here is saved: the private safety check lives only in this kernel's memory, a share file
is made only when its owner presses the button, and the conversation report is built in a fresh
process from the two share files, like the personal report.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import ipywidgets as w

from workshop import curriculum, i18n, instruments, resources, share
from workshop.exercises.base import box, esc, follow, full, labelled_tick, said, title
from workshop.exercises.frontend import Choices, DownloadButton, Live
from workshop.i18n import N_, _
from workshop.session import Session, current

SAFE_ANSWERS = [(N_("Yes, I feel safe and free to choose"), "yes"), (N_("No"), "no"),
                (N_("I'm not sure"), "unsure")]

# The share a participant made in this kernel (by session), for the conversation report.
_MINE: dict[int, dict] = {}


def _reflection_label(reflection_id: str) -> str:
    module = curriculum.module_of_reflection(reflection_id)
    if module is None:
        return reflection_id
    return _("My reflection in module {number}: {title}").format(number=module.number,
                                                                  title=module.title)


class ShareStep:
    """A private safety check, then what to share (nothing ticked), a preview and a download."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.safe = Choices(_("<b>Only for you, never saved or shared:</b> do you feel safe "
                              "with your partner, and free to choose whether to share "
                              "anything?"),
                            [(_(label), value) for label, value in SAFE_ANSWERS],
                            css_class="closer-safe-check", layout=full())
        self.safe.observe(lambda _change: self.refresh(), names="index")
        self.stop = Live(layout=full())
        self.picks: dict[tuple[str, str], w.Checkbox] = {}
        self.pick_box = box([], "closer-share-picks")
        self.preview = Live(layout=full())
        self.preview.add_class("closer-share-preview")
        self.download = DownloadButton(_("Download my share file"), self._made)
        self.widget = box([title(_("Share with my partner")), self.safe, self.stop, self.pick_box,
                           self.preview, self.download], "closer-exercise closer-share")
        follow(self.session, "share-step", self.widget, self._rebuild)

    def _rebuild(self) -> None:
        """The choices offered: what this participant has answered or written."""
        data = self.session.data or {}
        self.picks = {}
        for iid in data.get("instruments", {}):
            if data["instruments"][iid]:
                tick = labelled_tick(_("My answers to \"{title}\"").format(
                    title=instruments.get(iid).title))
                self.picks[("instruments", iid)] = tick
        for rid in data.get("reflections", {}):
            self.picks[("reflections", rid)] = labelled_tick(_reflection_label(rid))
        for tick in self.picks.values():
            tick.observe(lambda _change: self.refresh(), names="value")
        if self.picks:
            what = _("<b>What to share</b> (nothing is ticked: choose only what you want your "
                     "partner to see)")
            self.pick_box.children = [w.HTML(what), *self.picks.values()]
        else:
            nothing = _("Nothing to share yet: answer a self-assessment or write a reflection "
                        "first.")
            self.pick_box.children = [w.HTML(f"<span class='closer-muted'>{esc(nothing)}</span>")]
        self.refresh()

    def chosen(self) -> tuple[list[str], list[str]]:
        ticked = [key for key, tick in self.picks.items() if tick.value]
        return ([k for kind, k in ticked if kind == "instruments"],
                [k for kind, k in ticked if kind == "reflections"])

    def current(self) -> dict | None:
        """The share file as it would be made now, or None (not safe, or nothing chosen)."""
        inst, refl = self.chosen()
        if self.safe.value != "yes" or not (inst or refl) or not self.session.data:
            return None
        return share.make(self.session.data, "partner", inst, refl)

    def refresh(self) -> None:
        answer = self.safe.value
        country = (self.session.data or {}).get("country")
        ready = answer == "yes" and self.session.participant is not None
        self.pick_box.layout.display = self.preview.layout.display = "" if ready else "none"
        self.download.layout.display = "" if ready else "none"
        if answer in ("no", "unsure"):
            thanks = _("Thank you for being honest with yourself.")
            stop = _("No share file will be made. This module is only for relationships where "
                     "you feel safe and free to choose; you can do every other module on your "
                     "own, and nobody needs to see your answers. If you feel afraid or "
                     "controlled, that is not your fault, and support is there:")
            self.stop.value = (f"<div class='closer-safety-note'><b>{esc(thanks)}</b> "
                               f"{esc(stop)}{resources.help_html(country)}</div>")
            _MINE.pop(id(self.session), None)
            return
        self.stop.value = ""
        try:
            made = self.current()
        except share.ShareError as exc:
            self.preview.value = f"<span class='closer-warn'>{esc(said(str(exc)))}</span>"
            return
        if made is None:
            nothing = _("Nothing chosen yet, so there is nothing to download.")
            self.preview.value = f"<span class='closer-muted'>{esc(nothing)}</span>"
            self.download.disabled = True
            _MINE.pop(id(self.session), None)
            return
        _MINE[id(self.session)] = made
        lines = "".join(f"<li>{esc(line)}</li>" for line in share.describe(made))
        holds = _("Your share file will hold exactly this:")
        self.preview.value = f"<b>{esc(holds)}</b><ul>{lines}</ul>"
        self.download.disabled = False

    def _made(self):
        made = self.current()
        if made is None:
            return None
        return share.dumps(made), f"closer-share-{self.session.participant}.json", \
            "application/json"


def render_together(mine: dict, theirs: dict, timeout: float = 120) -> str:
    """The conversation report, made in a fresh process from the two share files, in the
    page's language (the command hands it to `build.together_html(..., lang=...)`)."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b, out = Path(tmp) / "a.json", Path(tmp) / "b.json", Path(tmp) / "out"
        share.write(mine, a)
        share.write(theirs, b)
        proc = subprocess.run([sys.executable, "-m", "workshop", "together", str(a), str(b),
                               "--out", str(out), "--lang", i18n.current()],
                              capture_output=True, text=True,
                              timeout=timeout, env=dict(os.environ))
        page = out / "together.html"
        if proc.returncode != 0 or not page.exists():
            raise share.ShareError((proc.stderr.strip().splitlines() or ["unknown error"])[-1])
        return page.read_text(encoding="utf-8")


class TogetherPanel:
    """Upload the partner's share file; see the conversation report and download it."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.upload = w.FileUpload(accept=".json", multiple=False,
                                   description=_("Upload my partner's share file"), icon="",
                                   layout=w.Layout(width="max-content"))
        self.upload.observe(self._uploaded, names="value")
        self.message = Live(layout=full())
        self.report = w.HTML(layout=full())
        self.report.add_class("closer-together-report")
        self.page: str | None = None
        self.download = DownloadButton(_("Download our conversation report"), self._made)
        self.download.layout.display = "none"
        self.widget = box([title(_("Our conversation report")), self.upload, self.message,
                           self.download, self.report], "closer-exercise closer-together")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        self.upload.value = ()
        self.show(bytes(files[0]["content"]))

    def show(self, raw: bytes) -> str | None:
        mine = _MINE.get(id(self.session))
        if mine is None:
            first = _("First make your own share file in step 1 (only if you feel safe and free "
                      "to choose).")
            self.message.value = f"<span class='closer-warn'>{esc(first)}</span>"
            return None
        theirs_name = _("your partner's file")
        try:
            theirs = share.parse(raw, theirs_name)
            share.pair(mine, theirs, names=(_("your share file"), theirs_name))
            making = _("Making your report...")
            self.message.value = f"<span class='closer-muted'>{esc(making)}</span>"
            self.page = render_together(mine, theirs)
        except share.ShareError as exc:
            self.message.value = f"<span class='closer-warn'>{esc(said(str(exc)))}</span>"
            return None
        except subprocess.TimeoutExpired:
            slow = _("Making the report took too long. Please try again.")
            self.message.value = f"<span class='closer-warn'>{esc(slow)}</span>"
            return None
        # The page shows in a sandboxed frame: nothing in it can run, whatever a reflection says.
        frame_title = _("Our conversation report")
        self.report.value = (f"<iframe title='{esc(frame_title)}' sandbox "
                             f"class='closer-report-frame' srcdoc=\"{html.escape(self.page)}\" "
                             f"style='width:100%;height:900px;border:1px solid #D8E3EC'></iframe>")
        below = _("Your conversation report is below. It was made on this computer; download it "
                  "if you want to keep it.")
        self.message.value = f"<span class='closer-ok'>&#10003; {esc(below)}</span>"
        self.download.layout.display = ""
        return self.page

    def _made(self):
        if self.page is None:
            return None
        return self.page.encode("utf-8"), "closer-together.html", "text/html"
