"""Practice exercises: scenario quizzes, the "I feel" checker, the question deck, reflections and
the action plan."""

from __future__ import annotations

import random
from typing import Callable

import ipywidgets as w

from workshop import content, feedback, i18n
from workshop.exercises import rules
from workshop.exercises.base import Exercise, box, esc, full, title
from workshop.exercises.frontend import Choices, Live, TextBox
from workshop.i18n import N_, _
from workshop.session import Session


class QuizExercise(Exercise):
    def __init__(self, quiz_id: str, session: Session | None = None):
        self.data = content.quiz(quiz_id)
        super().__init__(f"quiz:{quiz_id}", session)
        self.id = quiz_id
        self.choices: dict[str, Choices] = {}
        self.feedback: dict[str, Live] = {}
        parts: list = [title(self.data["title"], self.data.get("intro", ""))]
        for n, q in enumerate(self.data["questions"], start=1):
            situation = _("Situation {number}.").format(number=n)
            parts.append(w.HTML(
                f"<div class='closer-scenario'><p><b>{esc(situation)}</b> {esc(q['scenario'])}</p>"
                "</div>", layout=full()))
            choice = Choices(f"<b>{esc(q['prompt'])}</b>",
                             [(f"{o['id'].upper()}. {o['text']}", o["id"]) for o in q["options"]],
                             css_class="closer-quiz-choice", layout=full())
            choice.observe(self._changed(q), names="index")
            self.choices[q["id"]] = choice
            self.feedback[q["id"]] = Live(layout=full())
            parts += [choice, self.feedback[q["id"]]]
        self.widget = box([*parts, self.status.widget])
        self.start()

    def _changed(self, question: dict) -> Callable:
        def on_change(change):
            choice = self.choices[question["id"]].value
            self.save(("exercises", self.id, question["id"]), choice)
            self._show(question, choice)
        return on_change

    def _show(self, question: dict, option_id: str | None) -> None:
        verdict = rules.quiz_verdict(question, option_id)
        if verdict is None:
            self.feedback[question["id"]].value = ""
            return
        head = _("A strong choice.") if verdict.best else _("Worth thinking about.")
        cls = "closer-good" if verdict.best else "closer-tip"
        others = _("You can try the other options too.")
        self.feedback[question["id"]].value = (
            f"<div class='{cls}'><b>{esc(head)}</b> {esc(verdict.feedback)} "
            f"<span class='closer-muted'>{esc(others)}</span></div>")

    def load(self) -> None:
        saved = self.session.get("exercises", self.id, default={})
        for q in self.data["questions"]:
            self.choices[q["id"]].value = rules.valid_choice(q, saved.get(q["id"]))
            self._show(q, self.choices[q["id"]].value)

    def enable(self, on: bool) -> None:
        for toggle in self.choices.values():
            toggle.disabled = not on


def notes_html(notes: list[feedback.Note]) -> str:
    """The checker's notes; a safety note stands alone, in its own box, before anything else."""
    safety = [n for n in notes if n.kind == "safety"]
    if safety:
        first = _("Your safety matters more than this exercise.")
        return "".join(f"<div class='closer-safety-note'><b>{esc(first)}</b> {esc(n.message)}"
                       "</div>" for n in safety)
    items = "".join(f"<li class='closer-{n.kind}'>{esc(n.message)}</li>" for n in notes)
    return f"<ul class='closer-feedback'>{items}</ul>"


class IFeelExercise(Exercise):
    ID = "ifeel-practice"

    def __init__(self, session: Session | None = None):
        super().__init__("ifeel", session)
        label = _("Your sentence")
        self.text = text_box(f"<b>{esc(label)}</b>", "closer-ifeel-input", 2, _("I feel ..."),
                             2000)
        self.check_button = w.Button(description=_("Check my sentence"), button_style="primary")
        self.check_button.on_click(self.check)
        self.result = Live(layout=full())
        self.result.add_class("closer-ifeel-result")
        self.widget = box([
            title(_("Practise an \"I feel\" sentence"),
                  _("Write one sentence that starts with \"I feel\" and names a feeling. If you "
                    "like, add the situation, described without blame, and what you would like. "
                    "The checker looks for a few common habits and suggests gentle alternatives. "
                    "It is a practice partner, not a judge.")),
            self.text, self.check_button, self.result, self.status.widget])
        self.start()

    def check(self, _button=None) -> list[feedback.Note]:
        sentence = self.text.value
        country = (self.session.data or {}).get("country")
        notes = feedback.check_i_feel(sentence, language=i18n.current(), country=country)
        self.result.value = notes_html(notes)
        # A sentence about danger is not kept in the file: someone else may read it later.
        if any(n.kind == "safety" for n in notes):
            self.status.note(_("This sentence was not saved: it is only on your screen, and you "
                               "can delete it from the box."))
        elif sentence.strip():
            self.save(("exercises", self.ID, "last"), sentence.strip()[:2000])
            self.save(("exercises", self.ID, "clear"), rules.ifeel_clear(notes))
        return notes

    def load(self) -> None:
        self.text.value = self.session.get("exercises", self.ID, "last", "") or ""
        self.result.value = ""

    def enable(self, on: bool) -> None:
        self.text.disabled = self.check_button.disabled = not on


DEPTHS = ((N_("Light questions"), "light"), (N_("Deeper questions"), "deep"))


class DeckExercise(Exercise):
    def __init__(self, deck_id: str, session: Session | None = None):
        self.data = content.deck(deck_id)
        super().__init__(f"deck:{deck_id}", session)
        self.id = deck_id
        self.cards = rules.cards(self.data)
        self.depth = Choices(esc(_("Which questions?")),
                             [(_(label), depth) for label, depth in DEPTHS
                              if any(c.depth == depth for c in self.cards)],
                             css_class="closer-depth", layout=full())
        self.depth.value = self.data.get("default_depth", "light")
        self.card = Live(layout=full())
        self.card.add_class("closer-card")
        self.deal_button = w.Button(description=_("Deal a question"), button_style="primary")
        self.deal_button.on_click(self.deal)
        self.rng = random.Random()
        self.index: int | None = None
        self.widget = box([title(self.data["title"], self.data.get("intro", "")), self.depth,
                           self.deal_button, self.card, self.status.widget])
        self.start()

    @property
    def questions(self) -> list[str]:
        return [c.text for c in self.cards]

    def deal(self, _button=None) -> str:
        """A new question of the chosen depth, never the one just shown."""
        self.index = rules.deal(self.cards, self.depth.value, self.index, self.rng)
        self._show()
        dealt = int(self.session.get("exercises", self.id, "dealt", 0) or 0) + 1
        self.save(("exercises", self.id, "current"), self.index)
        self.save(("exercises", self.id, "dealt"), dealt)
        return self.cards[self.index].text

    def _show(self) -> None:
        if self.index is None:
            press = _("Press the button to deal a card.")
            self.card.value = f"<p class='closer-muted'>{esc(press)}</p>"
        else:
            self.card.value = (f"<div class='closer-question'>&ldquo;"
                               f"{esc(self.cards[self.index].text)}&rdquo;</div>")

    def load(self) -> None:
        saved = self.session.get("exercises", self.id, "current")
        self.index = saved if isinstance(saved, int) and 0 <= saved < len(self.cards) else None
        self._show()

    def enable(self, on: bool) -> None:
        self.deal_button.disabled = self.depth.disabled = not on


REFLECTION_MAX = 20000  # the answer file's limit for one reflection


def text_box(label_html: str, css_class: str, rows: int, placeholder: str = "",
             max_length: int = 4000) -> TextBox:
    return TextBox(label_html=label_html, css_class=css_class, rows=rows,
                   placeholder=placeholder, max_length=max_length, layout=full())


class ReflectionExercise(Exercise):
    def __init__(self, reflection_id: str, prompt: str | None = None,
                 session: Session | None = None):
        super().__init__(f"reflection:{reflection_id}", session)
        self.id = reflection_id
        prompt = content.reflection_prompt(reflection_id) if prompt is None else prompt
        reflect = _("Reflect:")
        self.text = text_box(f"<b>{esc(reflect)}</b> {esc(prompt)}", "closer-reflection", 5,
                             _("Write as much or as little as you like..."),
                             max_length=REFLECTION_MAX)
        self.text.observe(lambda c: self.save(("reflections", self.id), c["new"]),
                          names="value")
        self.widget = box([self.text, self.status.widget], "closer-exercise closer-reflect")
        self.start()

    def load(self) -> None:
        self.text.value = self.session.get("reflections", self.id, default="") or ""

    def enable(self, on: bool) -> None:
        self.text.disabled = not on


class ActionPlanExercise(Exercise):
    ID = "action-plan"

    def __init__(self, session: Session | None = None):
        super().__init__("action-plan", session)
        self.fields: dict[str, TextBox] = {}
        for key, label in content.action_plan_fields():
            field = text_box(f"<b>{esc(label)}</b>", f"closer-plan-{key}", 2)
            field.observe(self._changed(key), names="value")
            self.fields[key] = field
        self.widget = box([title(_("My action plan"),
                                 _("Keep it small and concrete: a step you could take this "
                                   "week. It appears in your personal report.")),
                           *self.fields.values(), self.status.widget])
        self.start()

    def _changed(self, key: str) -> Callable:
        return lambda c: self.save(("exercises", self.ID, key), c["new"][:4000] or None)

    def load(self) -> None:
        saved = self.session.get("exercises", self.ID, default={})
        for key, field in self.fields.items():
            field.value = saved.get(key, "") or ""

    def enable(self, on: bool) -> None:
        for field in self.fields.values():
            field.disabled = not on
