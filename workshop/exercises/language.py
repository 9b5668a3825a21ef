"""The language a participant works in, chosen on the welcome page.

The page keeps its own language (its notebook's header set it); the choice is saved in the answer
file as `language`, so the reports speak it, and when it is not the page's a link leads to the same
page in that language, announced in that language.
"""

from __future__ import annotations

import posixpath

import ipywidgets as w

from workshop import curriculum, i18n
from workshop.exercises.base import Exercise, box, full
from workshop.exercises.frontend import Live
from workshop.i18n import _
from workshop.session import Session

# In both languages on purpose, and not translated: whoever reads either one finds the choice.
LABEL = "Language / Idioma"


def page_in(language: str, module_id: str = "welcome", page: str | None = None) -> str:
    """The link from this module's page in `page` (default: the current language) to the same
    module in `language`: from notebooks/00-welcome.ipynb, "es/00-bienvenida.ipynb"."""
    here = curriculum.module(module_id, page or i18n.current()).notebook
    there = curriculum.module(module_id, language).notebook
    return posixpath.relpath(there, posixpath.dirname(here))


def switch_html(language: str, module_id: str = "welcome", page: str | None = None) -> str:
    """The sentence offering this page in `language`, written in `language`."""
    href = page_in(language, module_id, page)
    with i18n.using(language):
        # TRANSLATORS: always name the language of your translation: the sentence is shown in
        # it, to someone who chose it, and leads to the page in it.
        return _("This page is also in English: <a href=\"{href}\">open it in English</a>."
                 ).format(href=href)


class LanguageChoice(Exercise):
    """A native drop-down with a real label; it works before a pseudonym is chosen (someone on
    the wrong page must be able to leave it), and is saved once there is an answer file."""

    def __init__(self, module_id: str = "welcome", session: Session | None = None):
        super().__init__("language", session)
        self.module_id = module_id
        self.page = i18n.current()
        self.choice = w.Dropdown(options=[(i18n.NAMES[code], code) for code in i18n.LANGUAGES],
                                 value=self.page, description=LABEL,
                                 style={"description_width": "initial"},
                                 layout=w.Layout(width="24em"))
        self.choice.add_class("closer-language")
        self.choice.observe(self._changed, names="value")
        self.link = Live(layout=full())  # polite: announced, in the chosen language
        self.link.add_class("closer-language-link")
        self.pending: str | None = None  # chosen before there was a file to save it in
        self.widget = box([self.choice, self.link, self.status.widget],
                          "closer-exercise closer-language-choice")
        self.start()

    def _changed(self, change) -> None:
        if self._loading:
            pass  # filling the choice from the file is not a choice
        elif self.session.participant:
            self.save(("language",), change["new"])
        else:
            self.pending = change["new"]
        self._show(change["new"])

    def _show(self, language: str) -> None:
        offer = "" if language == self.page else switch_html(language, self.module_id, self.page)
        with self.link.hold_sync():
            self.link.lang = language
            self.link.value = f"<p class='closer-note'>{offer}</p>" if offer else ""

    def load(self) -> None:
        saved = (self.session.data or {}).get("language")
        if saved in i18n.LANGUAGES:
            self.pending = None
        elif self.pending and self.session.data is not None and \
                self.session.save(("language",), self.pending):
            # The language was chosen before the pseudonym: the new file starts in it (and the
            # pseudonym picker, which saves the page's language in a new file, leaves it alone).
            saved, self.pending = self.pending, None
        self.choice.value = saved if saved in i18n.LANGUAGES else (self.pending or self.page)
        self._show(self.choice.value)

    def enable(self, on: bool) -> None:
        self.choice.disabled = False  # never waits for a pseudonym: see the class docstring
