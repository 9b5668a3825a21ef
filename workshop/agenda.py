"""The session agenda, generated from the curriculum manifest so the guide can never drift."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from workshop.curriculum import Module

# Where a full session pauses: after these modules, for this many minutes.
FULL_BREAKS = {"perfectionism": 10, "fear-trust": 10}
SHORT_BREAKS: dict[str, int] = {}
# Modules a couple may do at home, after the workshop, if both feel safe: never timed in a session,
# listed under the plan as optional so a facilitator knows they exist and can mention them.
AT_HOME = frozenset({"together"})


@dataclass(frozen=True)
class Slot:
    start: str
    title: str
    teaching: int
    exercises: int
    minutes: int
    module_id: str | None  # None for a break


def plan(modules: list[Module], start: str = "10:00", short: bool = False) -> list[Slot]:
    """Timed slots for a full session, or the short (about 90 minutes) one.

    The short format runs only modules with a `short_minutes` in the manifest, for that long,
    split between teaching and exercises in the full session's proportions. Modules in
    AT_HOME are in neither format.
    """
    clock = _dt.datetime.strptime(start, "%H:%M")
    breaks = SHORT_BREAKS if short else FULL_BREAKS
    slots = []
    for m in modules:
        if m.id in AT_HOME:
            continue
        if short:
            total = m.short_minutes
            if not total:
                continue
            teaching = round(total * m.teaching_minutes / max(1, m.minutes))
            exercises = total - teaching
        else:
            teaching, exercises, total = m.teaching_minutes, m.exercise_minutes, m.minutes
        slots.append(Slot(clock.strftime("%H:%M"), f"{m.number} {m.title}", teaching, exercises,
                          total, m.id))
        clock += _dt.timedelta(minutes=total)
        if m.id in breaks:
            slots.append(Slot(clock.strftime("%H:%M"), "Break", 0, 0, breaks[m.id], None))
            clock += _dt.timedelta(minutes=breaks[m.id])
    slots.append(Slot(clock.strftime("%H:%M"), "End", 0, 0, 0, None))
    return slots


def markdown(modules: list[Module], start: str = "10:00", short: bool = False) -> str:
    """The agenda as a Markdown table with a total line."""
    slots = plan(modules, start, short)
    lines = ["| Start | Module | Teaching | Exercises | Minutes |",
             "| --- | --- | ---: | ---: | ---: |"]
    for s in slots:
        if s.module_id is None:
            label = f"*{s.title}*"
            lines.append(f"| {s.start} | {label} | | | {s.minutes or ''} |")
        else:
            lines.append(f"| {s.start} | {s.title} | {s.teaching} | {s.exercises} | {s.minutes} |")
    total = sum(s.minutes for s in slots)
    lines.append("")
    lines.append(f"Total: {total} minutes ({total // 60} h {total % 60:02d} min), breaks included.")
    for m in at_home(modules):
        lines.append("")
        lines.append(f"*Optional, at home (not part of the session):* {m.number} {m.title}, about "
                     f"{m.minutes} minutes, only for couples who both feel safe and free to choose.")
    return "\n".join(lines) + "\n"


def at_home(modules: list[Module]) -> list[Module]:
    """The modules left out of every session's timing, for couples to do at home if they wish."""
    return [m for m in modules if m.id in AT_HOME]


GUIDE_BLOCKS = {"full": False, "short": True}


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- agenda:{name}:start -->\n", f"<!-- agenda:{name}:end -->"


def guide_block(text: str, name: str) -> str:
    """The text between a guide page's agenda markers."""
    start, end = _markers(name)
    i, j = text.index(start) + len(start), text.index(end)
    return text[i:j]


def update_guide(text: str, modules: list[Module]) -> str:
    """The guide page with every agenda block regenerated from the manifest."""
    for name, short in GUIDE_BLOCKS.items():
        start, end = _markers(name)
        i, j = text.index(start) + len(start), text.index(end)
        text = text[:i] + markdown(modules, short=short) + text[j:]
    return text
