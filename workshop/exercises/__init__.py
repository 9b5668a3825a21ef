"""Exercise widgets: each notebook cell makes one call here, e.g. `exercises.instrument("walls")`.

The package is split by job: `base` (what every exercise shares), `rules` (plain functions the
widgets call), `frontend` (the two browser-side widgets), `assessment` and `practice` (the
exercises), `panel`, `language` and `mydata` (the participant's own panel), `sharing` (module
09). Every change is saved at once and each exercise shows a visible "saved" status; building the
same exercise again restores what was saved. Everything a widget shows is in the page's language
(`i18n.current()`), looked up when the widget is built, never when this package is imported.
"""

from __future__ import annotations

from IPython.display import display

from workshop.exercises.assessment import ChecklistExercise, InstrumentExercise
from workshop.exercises.language import LanguageChoice
from workshop.exercises.mydata import MyData, ReportButton
from workshop.exercises.panel import (ConsentBoxes, CountryChoice, PseudonymPicker,
                                      participant_bar, safety_note, welcome_setup)
from workshop.exercises.practice import (ActionPlanExercise, DeckExercise, IFeelExercise,
                                         QuizExercise, ReflectionExercise)

__all__ = ["ActionPlanExercise", "ChecklistExercise", "ConsentBoxes", "CountryChoice",
           "DeckExercise", "IFeelExercise", "InstrumentExercise", "LanguageChoice", "MyData",
           "PseudonymPicker", "QuizExercise", "ReflectionExercise", "ReportButton", "action_plan",
           "checklist", "ifeel_practice", "instrument", "my_data", "participant_bar",
           "question_deck", "quiz", "reflection", "report_button", "safety_note",
           "send_to_facilitator", "share_step", "together_report", "welcome_setup"]


def instrument(instrument_id: str) -> None:
    """A self-assessment with an instant chart and band words."""
    display(InstrumentExercise(instrument_id).widget)


def checklist(checklist_id: str) -> None:
    display(ChecklistExercise(checklist_id).widget)


def quiz(quiz_id: str) -> None:
    display(QuizExercise(quiz_id).widget)


def ifeel_practice() -> None:
    display(IFeelExercise().widget)


def question_deck(deck_id: str = "curiosity") -> None:
    display(DeckExercise(deck_id).widget)


def reflection(reflection_id: str) -> None:
    """A box to think in writing; its question is in `content/reflections.toml`."""
    display(ReflectionExercise(reflection_id).widget)


def action_plan() -> None:
    display(ActionPlanExercise().widget)


def share_step() -> None:
    """Module 09, step 1: a private safety check, then a share file of what you choose."""
    from workshop.exercises.sharing import ShareStep

    display(ShareStep().widget)


def together_report() -> None:
    """Module 09, step 2: the partner's share file in, the conversation report out."""
    from workshop.exercises.sharing import TogetherPanel

    display(TogetherPanel().widget)


def send_to_facilitator() -> None:
    """Module 08 on a JupyterHub: hand a facilitator share to the group's inbox (with consent).
    Elsewhere (Binder, a laptop) it says in one line that sending only works on the hub."""
    from workshop.hub.handin import send_to_facilitator as panel

    panel()


def my_data() -> None:
    display(MyData().widget)


def report_button() -> None:
    display(ReportButton().widget)
