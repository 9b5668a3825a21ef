"""Exercise widgets: each notebook cell makes one call here, e.g. `exercises.instrument("walls")`.

Widgets only collect input and show results: scoring, feedback and saving live in
`scoring`, `feedback` and `session`. Every change is saved at once and each exercise shows a
visible "saved" status; building the same exercise again restores what was saved.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import random
from typing import Any, Callable

import ipywidgets as w
from IPython.display import display

from workshop import content, feedback, instruments, scoring
from workshop.session import Session, current

def full() -> w.Layout:
    """A fresh full-width layout; layouts are widgets, so sharing one would share its state."""
    return w.Layout(width="100%")


def _esc(text: Any) -> str:
    return html.escape(str(text))


# --------------------------------------------------------------------------- shared pieces

class Status:
    """The small "saved" line under each exercise."""

    def __init__(self, session: Session):
        self.session = session
        self.widget = w.HTML(layout=full())
        self.widget.add_class("closer-status")
        self.idle()

    def idle(self) -> None:
        if self.session.participant:
            self.widget.value = "<span class='closer-muted'>Your answers save as you go.</span>"
        else:
            self.widget.value = ("<span class='closer-warn'>Choose a pseudonym at the top of the "
                                 "page to start; your answers are saved under it.</span>")

    def saved(self) -> None:
        stamp = _dt.datetime.now().strftime("%H:%M:%S")
        self.widget.value = f"<span class='closer-ok'>&#10003; Saved at {stamp}</span>"

    def error(self, message: str) -> None:
        self.widget.value = f"<span class='closer-warn'>{_esc(message)}</span>"


class Exercise:
    """Base for an exercise bound to the session: saves changes, reloads on a new participant."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.status = Status(self.session)
        self._loading = False
        self.session.listen(self._on_session)

    def _on_session(self, event: str, payload: Any) -> None:
        if event == "participant":
            self._loading = True
            try:
                self.load()
            finally:
                self._loading = False
            self.status.idle()
            self.enable(bool(self.session.participant))

    def save(self, section: str, group: str, key: str | None, value: Any) -> None:
        if self._loading:
            return
        if self.session.set(section, group, key, value):
            self.status.saved()
        elif self.session.participant:  # e.g. the file on disk was damaged meanwhile
            self.status.error(self.session.last_error or "Not saved.")
        else:
            self.status.error("Not saved yet: choose a pseudonym at the top of the page first.")

    def start(self) -> "Exercise":
        self._on_session("participant", self.session.participant)
        return self

    # subclasses
    def load(self) -> None: ...
    def enable(self, on: bool) -> None: ...


def _box(children: list, cls: str = "closer-exercise") -> w.VBox:
    box = w.VBox(children, layout=full())
    for name in cls.split():  # one class per call: a DOM class name cannot hold a space
        box.add_class(name)
    return box


def _title(text: str, intro: str = "") -> w.HTML:
    body = f"<h3 class='closer-h'>{_esc(text)}</h3>"
    if intro:
        body += f"<p>{_esc(intro)}</p>"
    return w.HTML(body, layout=full())


# --------------------------------------------------------------------------- self-assessment

class InstrumentExercise(Exercise):
    def __init__(self, instrument_id: str, session: Session | None = None):
        super().__init__(session)
        self.instrument = instruments.get(instrument_id)
        inst = self.instrument
        options = [(label, inst.min + i) for i, label in enumerate(inst.labels)] or \
                  [(str(v), v) for v in range(inst.min, inst.max + 1)]
        self.buttons: dict[str, w.ToggleButtons] = {}
        rows = []
        for n, item in enumerate(inst.items, start=1):
            toggle = w.ToggleButtons(options=options, value=None, layout=full(),
                                     style={"button_width": "auto"})
            toggle.add_class("closer-scale")
            toggle.observe(self._changed(item.id), names="value")
            self.buttons[item.id] = toggle
            label = w.HTML(f"<span class='closer-num'>{n}.</span> {_esc(item.text)}", layout=full())
            rows.append(_box([label, toggle], "closer-item"))
        self.chart = w.HTML(layout=full())
        self.chart.add_class("closer-chart-box")
        self.clear_button = w.Button(description="Clear my answers here")
        self.clear_button.on_click(self._clear)
        self.widget = _box([_title(inst.title, inst.intro), *rows, self.status.widget,
                            self.chart, self.clear_button])
        self.start()

    def _changed(self, item_id: str) -> Callable:
        def on_change(change):
            if self._loading:
                return  # load() and _clear() save and draw once, not once per item
            self.save("instruments", self.instrument.id, item_id, change["new"])
            self.draw()
        return on_change

    def _clear(self, _button=None) -> None:
        self._loading = True
        try:
            for toggle in self.buttons.values():
                toggle.value = None
        finally:
            self._loading = False
        self.save("instruments", self.instrument.id, None, {})
        self.draw()

    def answers(self) -> dict[str, int]:
        return {k: t.value for k, t in self.buttons.items() if t.value is not None}

    def load(self) -> None:
        saved = self.session.get("instruments", self.instrument.id, default={})
        for item_id, toggle in self.buttons.items():
            toggle.value = saved.get(item_id)
        self.draw()

    def enable(self, on: bool) -> None:
        for toggle in self.buttons.values():
            toggle.disabled = not on
        self.clear_button.disabled = not on

    def draw(self) -> None:
        given = self.answers()
        if not given:
            self.chart.value = ("<p class='closer-muted'>Your chart appears here as you answer. "
                                "It is a prompt for reflection, not a verdict.</p>")
            return
        results = scoring.score(self.instrument, given)
        from workshop import charts  # matplotlib loads only in modules that draw charts

        fig = charts.for_instrument(self.instrument.id, results)
        alt = "; ".join(f"{r.label}: {'not enough answers' if r.score is None else round(r.score)}"
                        for r in results)
        self.chart.value = (charts.to_html(fig, alt) + charts.score_table(results)
                            + "<p class='closer-muted'>Scores run from 0 to 100 and describe "
                              "how you answered today. They are prompts for reflection, never a "
                              "diagnosis.</p>")


def instrument(instrument_id: str) -> None:
    """A self-assessment with an instant chart and band words."""
    ex = InstrumentExercise(instrument_id)
    display(ex.widget)


# --------------------------------------------------------------------------- checklist

class ChecklistExercise(Exercise):
    def __init__(self, checklist_id: str, session: Session | None = None):
        super().__init__(session)
        self.id = checklist_id
        data = content.checklist(checklist_id)
        self.boxes: dict[str, w.Checkbox] = {}
        rows = []
        for item in data["items"]:
            box = w.Checkbox(value=False, indent=False, description="",
                             layout=w.Layout(width="32px"))
            box.observe(self._changed(item["id"]), names="value")
            self.boxes[item["id"]] = box
            rows.append(w.HBox([box, w.HTML(_esc(item["text"]), layout=full())],
                               layout=w.Layout(width="100%", align_items="center")))
        self.after = w.HTML(layout=full())
        self.after_text = data.get("after", "")
        self.widget = _box([_title(data["title"], data.get("intro", "")), *rows,
                            self.after, self.status.widget])
        self.start()

    def _changed(self, item_id: str) -> Callable:
        def on_change(change):
            self.save("exercises", self.id, item_id, bool(change["new"]))
            self._after()
        return on_change

    def _after(self) -> None:
        ticked = sum(b.value for b in self.boxes.values())
        self.after.value = (f"<p class='closer-note'>You ticked {ticked} of {len(self.boxes)}. "
                            f"{_esc(self.after_text)}</p>" if ticked else "")

    def load(self) -> None:
        saved = self.session.get("exercises", self.id, default={})
        for item_id, box in self.boxes.items():
            box.value = bool(saved.get(item_id, False))
        self._after()

    def enable(self, on: bool) -> None:
        for box in self.boxes.values():
            box.disabled = not on


def checklist(checklist_id: str) -> None:
    ex = ChecklistExercise(checklist_id)
    display(ex.widget)


# --------------------------------------------------------------------------- scenario quiz

class QuizExercise(Exercise):
    def __init__(self, quiz_id: str, session: Session | None = None):
        super().__init__(session)
        self.id = quiz_id
        self.data = content.quiz(quiz_id)
        self.choices: dict[str, w.ToggleButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        parts: list = [_title(self.data["title"], self.data.get("intro", ""))]
        for n, q in enumerate(self.data["questions"], start=1):
            letters = [o["id"].upper() for o in q["options"]]
            listing = "".join(f"<li><b>{_esc(o['id'].upper())}.</b> {_esc(o['text'])}</li>"
                              for o in q["options"])
            parts.append(w.HTML(
                f"<div class='closer-scenario'><p><b>Situation {n}.</b> {_esc(q['scenario'])}</p>"
                f"<p><b>{_esc(q['prompt'])}</b></p><ul class='closer-options'>{listing}</ul></div>",
                layout=full()))
            toggle = w.ToggleButtons(options=[(letter, o["id"]) for letter, o in
                                              zip(letters, q["options"])], value=None,
                                     style={"button_width": "64px"})
            toggle.observe(self._changed(q), names="value")
            self.choices[q["id"]] = toggle
            self.feedback[q["id"]] = w.HTML(layout=full())
            parts += [toggle, self.feedback[q["id"]]]
        self.widget = _box([*parts, self.status.widget])
        self.start()

    def _changed(self, question: dict) -> Callable:
        def on_change(change):
            self.save("exercises", self.id, question["id"], change["new"])
            self._show(question, change["new"])
        return on_change

    def _show(self, question: dict, option_id: str | None) -> None:
        box = self.feedback[question["id"]]
        if option_id is None:
            box.value = ""
            return
        option = next(o for o in question["options"] if o["id"] == option_id)
        head = ("<b>A strong choice.</b>" if option.get("best")
                else "<b>Worth thinking about.</b>")
        cls = "closer-good" if option.get("best") else "closer-tip"
        box.value = (f"<div class='{cls}'>{head} {_esc(option['feedback'])} "
                     f"<span class='closer-muted'>You can try the other options too.</span></div>")

    def load(self) -> None:
        saved = self.session.get("exercises", self.id, default={})
        for q in self.data["questions"]:
            value = saved.get(q["id"])
            valid = {o["id"] for o in q["options"]}
            self.choices[q["id"]].value = value if value in valid else None
            self._show(q, self.choices[q["id"]].value)

    def enable(self, on: bool) -> None:
        for toggle in self.choices.values():
            toggle.disabled = not on


def quiz(quiz_id: str) -> None:
    ex = QuizExercise(quiz_id)
    display(ex.widget)


# --------------------------------------------------------------------------- "I feel" practice

class IFeelExercise(Exercise):
    ID = "ifeel-practice"

    def __init__(self, session: Session | None = None):
        super().__init__(session)
        self.text = w.Textarea(placeholder="I feel ...", layout=w.Layout(width="100%",
                                                                         height="64px"))
        self.text.add_class("closer-ifeel-input")
        self.check_button = w.Button(description="Check my sentence", button_style="primary")
        self.check_button.on_click(self.check)
        self.result = w.HTML(layout=full())
        self.result.add_class("closer-ifeel-result")
        self.widget = _box([
            _title("Practise an \"I feel\" sentence",
                   "Write one sentence that starts with \"I feel\" and names a feeling. The "
                   "checker looks for a few common habits and suggests gentle alternatives. It "
                   "is a practice partner, not a judge."),
            self.text, self.check_button, self.result, self.status.widget])
        self.start()

    def check(self, _button=None) -> list[feedback.Note]:
        sentence = self.text.value
        notes = feedback.check_i_feel(sentence)
        items = "".join(f"<li class='closer-{n.kind}'>{_esc(n.message)}</li>" for n in notes)
        self.result.value = f"<ul class='closer-feedback'>{items}</ul>"
        if sentence.strip():
            self.save("exercises", self.ID, "last", sentence.strip()[:2000])
            self.save("exercises", self.ID, "clear",
                      any(n.kind == "good" for n in notes))
        return notes

    def load(self) -> None:
        self.text.value = self.session.get("exercises", self.ID, "last", "") or ""
        self.result.value = ""

    def enable(self, on: bool) -> None:
        self.text.disabled = self.check_button.disabled = not on


def ifeel_practice() -> None:
    ex = IFeelExercise()
    display(ex.widget)


# --------------------------------------------------------------------------- question deck

class DeckExercise(Exercise):
    def __init__(self, deck_id: str, session: Session | None = None):
        super().__init__(session)
        self.id = deck_id
        self.data = content.deck(deck_id)
        self.questions = list(self.data["questions"])
        self.card = w.HTML(layout=full())
        self.card.add_class("closer-card")
        self.deal_button = w.Button(description="Deal a question", button_style="primary")
        self.deal_button.on_click(self.deal)
        self.rng = random.Random()
        self.index: int | None = None
        self.widget = _box([_title(self.data["title"], self.data.get("intro", "")),
                            self.deal_button, self.card, self.status.widget])
        self.start()

    def deal(self, _button=None) -> str:
        """A new question, never the one just shown; counts how many were dealt."""
        choices = [i for i in range(len(self.questions)) if i != self.index]
        self.index = self.rng.choice(choices)
        self._show()
        dealt = int(self.session.get("exercises", self.id, "dealt", 0) or 0) + 1
        self.save("exercises", self.id, "current", self.index)
        self.save("exercises", self.id, "dealt", dealt)
        return self.questions[self.index]

    def _show(self) -> None:
        if self.index is None:
            self.card.value = "<p class='closer-muted'>Press the button to deal a card.</p>"
        else:
            self.card.value = (f"<div class='closer-question'>&ldquo;"
                               f"{_esc(self.questions[self.index])}&rdquo;</div>")

    def load(self) -> None:
        saved = self.session.get("exercises", self.id, "current")
        self.index = saved if isinstance(saved, int) and 0 <= saved < len(self.questions) else None
        self._show()

    def enable(self, on: bool) -> None:
        self.deal_button.disabled = not on


def question_deck(deck_id: str = "curiosity") -> None:
    ex = DeckExercise(deck_id)
    display(ex.widget)


# --------------------------------------------------------------------------- reflection

class ReflectionExercise(Exercise):
    def __init__(self, reflection_id: str, prompt: str, session: Session | None = None):
        super().__init__(session)
        self.id = reflection_id
        self.text = w.Textarea(placeholder="Write as much or as little as you like...",
                               continuous_update=True,
                               layout=w.Layout(width="100%", height="110px"))
        self.text.add_class("closer-reflection")
        self.text.observe(lambda c: self.save("reflections", self.id, None, c["new"]),
                          names="value")
        self.widget = _box([
            w.HTML(f"<p class='closer-prompt'><b>Reflect:</b> {_esc(prompt)}</p>", layout=full()),
            self.text, self.status.widget], "closer-exercise closer-reflect")
        self.start()

    def load(self) -> None:
        self.text.value = self.session.get("reflections", self.id, default="") or ""

    def enable(self, on: bool) -> None:
        self.text.disabled = not on


def reflection(reflection_id: str, prompt: str) -> None:
    ex = ReflectionExercise(reflection_id, prompt)
    display(ex.widget)


# --------------------------------------------------------------------------- action plan

ACTION_FIELDS = (
    ("step", "One small step I will take"),
    ("when", "When I will do it"),
    ("support", "Who or what can support me"),
    ("signal", "How I'll know it is helping"),
)


class ActionPlanExercise(Exercise):
    ID = "action-plan"

    def __init__(self, session: Session | None = None):
        super().__init__(session)
        self.fields: dict[str, w.Textarea] = {}
        rows = []
        for key, label in ACTION_FIELDS:
            field = w.Textarea(layout=w.Layout(width="100%", height="52px"),
                               continuous_update=True)
            field.observe(self._changed(key), names="value")
            self.fields[key] = field
            rows += [w.HTML(f"<b>{_esc(label)}</b>", layout=full()), field]
        self.widget = _box([_title("My action plan", "Keep it small and concrete: a step you "
                                   "could take this week. It appears in your personal report."),
                            *rows, self.status.widget])
        self.start()

    def _changed(self, key: str) -> Callable:
        return lambda c: self.save("exercises", self.ID, key, c["new"][:4000] or None)

    def load(self) -> None:
        saved = self.session.get("exercises", self.ID, default={})
        for key, field in self.fields.items():
            field.value = saved.get(key, "") or ""

    def enable(self, on: bool) -> None:
        for field in self.fields.values():
            field.disabled = not on


def action_plan() -> None:
    ex = ActionPlanExercise()
    display(ex.widget)


# --------------------------------------------------------------------------- who am I

def _problem_box(session: Session) -> w.VBox:
    """Tells the participant in plain words when their file was damaged, with a way back."""
    message = w.HTML(layout=full())
    restore = w.Button(description="Restore my last good copy", button_style="warning")
    fresh = w.Button(description="Start fresh instead")
    box = _box([message, w.HBox([restore, fresh])], "closer-problem")

    def refresh(*_):
        if session.problem:
            has_backup = session.path is not None and session.path.with_name(
                session.path.name + ".bak").exists()
            message.value = (f"<div class='closer-tip'><b>Something went wrong with your saved "
                             f"answers.</b> {_esc(session.problem)} "
                             + ("Restore the last good copy below, or start fresh (the copy "
                                "is then replaced as you answer)." if has_backup else
                                "There is no earlier copy; you can restore a downloaded file in "
                                "the welcome notebook.") + "</div>")
            restore.layout.display = fresh.layout.display = "" if has_backup else "none"
            box.layout.display = ""
        else:
            box.layout.display = "none"

    def on_restore(_):
        if not session.restore_backup():
            refresh()
            return
        # refresh() would hide the box now the problem is gone; keep the confirmation in view.
        message.value = "<div class='closer-good'>Your last good copy is back.</div>"
        restore.layout.display = fresh.layout.display = "none"
        box.layout.display = ""

    restore.on_click(on_restore)
    fresh.on_click(lambda _: session.start_fresh())
    session.listen(lambda event, _: refresh())
    refresh()
    return box


class PseudonymPicker:
    """Asks for a pseudonym; used by the welcome notebook and by any module opened first."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.text = w.Text(placeholder="for example river-42", value=self.session.participant or "",
                           layout=w.Layout(width="16em"))
        self.text.add_class("closer-pseudonym")
        self.button = w.Button(description="Use this pseudonym", button_style="primary")
        self.button.on_click(self.choose)
        self.message = w.HTML(layout=full())
        self.message.add_class("closer-pseudonym-message")
        self.widget = _box([w.HBox([self.text, self.button]), self.message], "closer-picker")
        self.session.listen(self._on_session)
        self._show()

    def choose(self, _=None) -> bool:
        try:
            # Phones capitalise the first letter; a pseudonym is lower-case by definition.
            self.session.choose(self.text.value.strip().lower())
        except ValueError as exc:
            reason = getattr(exc, "reason", str(exc))
            self.message.value = f"<span class='closer-warn'>{_esc(reason)}</span>"
            return False
        return True

    def _on_session(self, event, payload) -> None:
        if event == "participant":
            self.text.value = payload or ""
            self._show()

    def _show(self) -> None:
        who = self.session.participant
        if who:
            self.message.value = (f"<span class='closer-ok'>&#10003; You are working as "
                                  f"<b>{_esc(who)}</b>. Your answers save automatically to "
                                  f"<code>answers/{_esc(who)}.json</code> on this computer."
                                  "</span> <span class='closer-muted'>Not you? Type your own "
                                  "pseudonym and press the button.</span>")
        else:
            self.message.value = ("<span class='closer-muted'>Use 1 to 40 lower-case letters, "
                                  "digits and dashes. Not your real name.</span>")


class ConsentBoxes(Exercise):
    LABELS = {
        "group_report": "My scores may be counted, without my pseudonym, in the group report's "
                        "figures.",
        "reflections_in_group_report": "My written reflections may be quoted, without my "
                                       "pseudonym, in the group report.",
    }

    def __init__(self, session: Session | None = None):
        super().__init__(session)
        self.boxes = {}
        rows = []
        for key, label in self.LABELS.items():
            box = w.Checkbox(value=False, indent=False, description="",
                             layout=w.Layout(width="32px"))
            box.add_class(f"closer-consent-{key.replace('_', '-')}")
            box.observe(self._changed(key), names="value")
            self.boxes[key] = box
            rows.append(w.HBox([box, w.HTML(_esc(label), layout=full())],
                               layout=w.Layout(width="100%", align_items="center")))
        self.widget = _box([w.HTML("<b>Your consent (both are optional and start unticked; you "
                                   "can change them any time here)</b>", layout=full()),
                            *rows, self.status.widget])
        self.start()

    def _changed(self, key: str) -> Callable:
        def on_change(change):
            if self._loading:
                return
            if self.session.set_consent(key, change["new"]):
                self.status.saved()
            elif self.session.participant:
                self.status.error(self.session.last_error or "Not saved.")
        return on_change

    def load(self) -> None:
        consent = (self.session.data or {}).get("consent", {})
        for key, box in self.boxes.items():
            box.value = bool(consent.get(key, False))

    def enable(self, on: bool) -> None:
        for box in self.boxes.values():
            box.disabled = not on


def welcome_setup() -> None:
    """The welcome notebook's pseudonym and consent panel."""
    session = current()
    picker = PseudonymPicker(session)
    consents = ConsentBoxes(session)
    panel = _box([_title("Your pseudonym"), _problem_box(session), picker.widget,
                  consents.widget], "closer-exercise closer-welcome")
    display(panel)


def participant_bar() -> None:
    """Shown at the top of every module: who is answering, or a picker if nobody yet."""
    session = current()
    picker = PseudonymPicker(session)
    intro = w.HTML(layout=full())
    # A copy can be taken from every page, not only 00 and 08: Binder forgets after ~10 minutes.
    download = w.HTML(layout=full())
    download.add_class("closer-bar-download")

    def refresh(*_):
        # The picker row stays visible: its message says "Not you? Type your own pseudonym".
        if session.participant:
            intro.value = ""
        else:
            intro.value = ("<b>Before you start:</b> choose a pseudonym so your answers can be "
                           "saved. (If you already chose one in the welcome notebook, type the "
                           "same one.)")
        raw = session.download_bytes()
        download.value = "" if raw is None else (
            data_link(raw, f"{session.participant}.json", "application/json",
                      "Download a copy of my answers")
            + " <span class='closer-muted'>(keep it before a break on Binder)</span>")

    session.listen(lambda event, _: refresh())
    refresh()
    bar = _box([_problem_box(session), intro, picker.widget, download], "closer-bar")
    display(bar)


# --------------------------------------------------------------------------- my data

def data_link(payload: bytes, filename: str, mime: str, label: str) -> str:
    """A download link that carries the file itself, so it works in Voila and on Binder."""
    encoded = base64.b64encode(payload).decode("ascii")
    return (f"<a class='closer-download' download='{_esc(filename)}' "
            f"href='data:{mime};base64,{encoded}'>{_esc(label)}</a>")


class MyData:
    """Download, restore from an upload, and erase."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.download = w.HTML(layout=full())
        self.download.add_class("closer-download-box")
        self.upload = w.FileUpload(accept=".json", multiple=False,
                                   description="Restore from a file",
                                   icon="", layout=w.Layout(width="max-content"))
        self.upload.observe(self._uploaded, names="value")
        self.upload_message = w.HTML(layout=full())
        self.erase_button = w.Button(description="Erase my answers...", button_style="danger")
        self.erase_button.on_click(self._ask)
        self.confirm_text = w.HTML(layout=full())
        self.confirm_yes = w.Button(description="Yes, erase everything", button_style="danger")
        self.confirm_no = w.Button(description="Cancel")
        self.confirm_yes.on_click(self._erase)
        self.confirm_no.on_click(self._cancel)
        self.confirm = w.VBox([self.confirm_text, w.HBox([self.confirm_yes, self.confirm_no])],
                              layout=w.Layout(display="none"))
        self.erase_message = w.HTML(layout=full())
        self.widget = _box([
            _title("Your data"),
            w.HTML("<b>Download</b>: keep a copy of your answers (a small .json file). On "
                   "Binder, do this before you leave: the session ends after about 10 idle "
                   "minutes.", layout=full()),
            self.download,
            w.HTML("<b>Restore</b>: in a new session, upload the file you downloaded.",
                   layout=full()),
            self.upload, self.upload_message,
            w.HTML("<b>Erase</b>: delete your answers and their backup from this computer.",
                   layout=full()),
            self.erase_button, self.confirm, self.erase_message,
        ])
        self.session.listen(lambda event, _: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        raw = self.session.download_bytes()
        if raw is None:
            self.download.value = "<span class='closer-muted'>No answers saved yet.</span>"
        else:
            name = f"{self.session.participant}.json"
            self.download.value = data_link(raw, name, "application/json",
                                            f"Download my answers ({name})")
        self.erase_button.disabled = self.session.participant is None

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            who = self.session.import_upload(bytes(item["content"]))
        except ValueError as exc:
            reason = getattr(exc, "reason", str(exc))
            field = getattr(exc, "field", "")
            self.upload_message.value = (f"<span class='closer-warn'>That file could not be "
                                         f"restored: {_esc(field + ': ' if field else '')}"
                                         f"{_esc(reason)}</span>")
        else:
            self.upload_message.value = (f"<span class='closer-ok'>&#10003; Restored the answers "
                                         f"of <b>{_esc(who)}</b>. Every exercise now shows them."
                                         "</span>")
        self.upload.value = ()

    def _ask(self, _=None) -> None:
        self.confirm_text.value = ("<div class='closer-tip'>This deletes your answer file and its "
                                   "backup from this computer. It cannot be undone. Download "
                                   "your answers first if you want to keep them.</div>")
        self.confirm.layout.display = ""
        self.erase_message.value = ""

    def _cancel(self, _=None) -> None:
        self.confirm.layout.display = "none"

    def _erase(self, _=None) -> None:
        self.session.erase()
        self.confirm.layout.display = "none"
        self.erase_message.value = ("<span class='closer-ok'>&#10003; Your answers were erased "
                                    "from this computer.</span>")


def my_data() -> None:
    panel = MyData()
    display(panel.widget)


# --------------------------------------------------------------------------- personal report

class ReportButton:
    """Makes the participant's own report and offers it as a download (works in Voila)."""

    def __init__(self, session: Session | None = None):
        self.session = session or current()
        self.button = w.Button(description="Make my personal report", button_style="primary")
        self.button.on_click(self.make)
        self.output = w.HTML(layout=full())
        self.output.add_class("closer-report-box")
        self.widget = _box([self.button, self.output])

    def make(self, _=None) -> str | None:
        from workshop.reports import personal

        if not self.session.participant or not self.session.path.exists():
            self.output.value = ("<span class='closer-warn'>There are no saved answers yet. "
                                 "Choose a pseudonym and answer a few exercises first.</span>")
            return None
        self.button.disabled = True
        self.output.value = "<span class='closer-muted'>Making your report...</span>"
        try:
            page = personal.render_file(self.session.path)
        except Exception as exc:  # shown to the participant, never a traceback
            self.output.value = (f"<span class='closer-warn'>The report could not be made: "
                                 f"{_esc(exc)}</span>")
            return None
        finally:
            self.button.disabled = False
        name = f"closer-report-{self.session.participant}.html"
        self.output.value = (data_link(page.encode("utf-8"), name, "text/html",
                                       f"Download my report ({name})")
                             + "<p class='closer-muted'>The report is made on this computer "
                               "and saved only where you download it.</p>")
        return page


def report_button() -> None:
    button = ReportButton()
    display(button.widget)
