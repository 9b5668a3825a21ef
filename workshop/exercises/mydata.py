"""My data (download, restore, erase) and the personal report button."""

from __future__ import annotations

import ipywidgets as w

from workshop.exercises.base import box, esc, follow, full, said, title
from workshop.exercises.frontend import DownloadButton
from workshop.exercises.panel import answers_download
from workshop.i18n import _
from workshop.session import Session, current


class MyData:
    """Download, restore from an upload, and erase."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.download = answers_download(self.session, _("Download my answers"),
                                         on_missing=self._nothing_yet)
        self.download_note = w.HTML(layout=full())
        self.download_note.add_class("closer-download-box")
        self.upload = w.FileUpload(accept=".json", multiple=False,
                                   description=_("Restore from a file"),
                                   icon="", layout=w.Layout(width="max-content"))
        self.upload.observe(self._uploaded, names="value")
        self.upload_message = w.HTML(layout=full())
        self.erase_button = w.Button(description=_("Erase my answers..."), button_style="danger")
        self.erase_button.on_click(self._ask)
        self.confirm_text = w.HTML(layout=full())
        self.confirm_yes = w.Button(description=_("Yes, erase everything"), button_style="danger")
        self.confirm_no = w.Button(description=_("Cancel"))
        self.confirm_yes.on_click(self._erase)
        self.confirm_no.on_click(self._cancel)
        self.confirm = w.VBox([self.confirm_text, w.HBox([self.confirm_yes, self.confirm_no])],
                              layout=w.Layout(display="none"))
        self.erase_message = w.HTML(layout=full())
        self.widget = box([
            title(_("Your data")),
            w.HTML(_("<b>Download</b>: keep a copy of your answers (a small .json file). On "
                     "Binder, do this before you leave: the session ends after about 10 idle "
                     "minutes."), layout=full()),
            self.download, self.download_note,
            w.HTML(_("<b>Restore</b>: in a new session, upload the file you downloaded."),
                   layout=full()),
            self.upload, self.upload_message,
            w.HTML(_("<b>Erase</b>: delete your answers and their backup from this computer."),
                   layout=full()),
            self.erase_button, self.confirm, self.erase_message,
        ])
        follow(self.session, "my-data", self.widget, self.refresh)

    def refresh(self) -> None:
        """Whether a download can be offered is decided when it is asked for (`make`): a file
        may appear after this panel was drawn, for example after "start fresh"."""
        who = self.session.participant
        self.download.disabled = who is None or self.session.waiting_backup()
        self.download.label = _("Download my answers ({file})").format(file=f"{who}.json") \
            if who else _("Download my answers")
        if who:
            self.download_note.value = ""
        else:
            self._nothing_yet()
        self.erase_button.disabled = who is None

    def _nothing_yet(self) -> None:
        nothing = _("No answers saved yet.")
        self.download_note.value = f"<span class='closer-muted'>{esc(nothing)}</span>"

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        try:
            who = self.session.import_upload(bytes(files[0]["content"]))
        except ValueError as exc:
            reason = getattr(exc, "reason", str(exc))
            field = getattr(exc, "field", "")
            reason = f"{field}: {said(reason)}" if field else said(reason)
            problem = _("That file could not be restored: {reason}").format(reason=reason)
            self.upload_message.value = f"<span class='closer-warn'>{esc(problem)}</span>"
        else:
            done = _("Restored the answers of <b>{pseudonym}</b>. Every exercise now shows "
                     "them.").format(pseudonym=esc(who))
            self.upload_message.value = f"<span class='closer-ok'>&#10003; {done}</span>"
        self.upload.value = ()

    def _ask(self, _button=None) -> None:
        warning = _("This deletes your answer file and its backup from this computer. It "
                    "cannot be undone. Download your answers first if you want to keep them.")
        self.confirm_text.value = f"<div class='closer-tip'>{esc(warning)}</div>"
        self.confirm.layout.display = ""
        self.erase_message.value = ""

    def _cancel(self, _button=None) -> None:
        self.confirm.layout.display = "none"

    def _erase(self, _button=None) -> None:
        self.session.erase()
        self.confirm.layout.display = "none"
        erased = _("Your answers were erased from this computer.")
        self.erase_message.value = f"<span class='closer-ok'>&#10003; {esc(erased)}</span>"


class ReportButton:
    """Makes the participant's own report when asked and hands it to the browser."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.button = DownloadButton(_("Make and download my personal report"), self._made)
        self.output = w.HTML(layout=full())
        self.output.add_class("closer-report-box")
        self.widget = box([self.button, self.output])

    def make(self) -> str | None:
        """The report page, or None (and a plain-words reason on the page)."""
        from workshop.reports import batch

        if not self.session.participant or not self.session.path.exists():
            nothing = _("There are no saved answers yet. Choose a pseudonym and answer a few "
                        "exercises first.")
            self.output.value = f"<span class='closer-warn'>{esc(nothing)}</span>"
            return None
        making = _("Making your report...")
        self.output.value = f"<span class='closer-muted'>{esc(making)}</span>"
        try:
            page = batch.render_file(self.session.path)
        except Exception as exc:  # shown to the participant, never a traceback
            failed = _("The report could not be made: {reason}").format(reason=exc)
            self.output.value = f"<span class='closer-warn'>{esc(failed)}</span>"
            return None
        ready = _("Your report is ready and downloading.")
        where = _("It was made on this computer and is saved only where you download it.")
        self.output.value = (f"<span class='closer-ok'>&#10003; {esc(ready)}</span> "
                             f"<span class='closer-muted'>{esc(where)}</span>")
        return page

    def _made(self):
        page = self.make()
        if page is None:
            return None
        return page.encode("utf-8"), f"closer-report-{self.session.participant}.html", "text/html"
