"""Synthetic cohorts that behave like real groups, for demos, tests and benchmarks.

Each person has a latent level per subscale (partly shared across subscales, as real people are
more or less guarded overall), items answer that level with noise, so answers correlate within a
subscale and people differ. Some answers and whole instruments are missing, some people decline
consent, and reflections vary in length. The same seed always gives the same files.
"""

from __future__ import annotations

import datetime as _dt
import random
from pathlib import Path

from workshop import answers, instruments

_ADJECTIVES = ("amber", "brave", "calm", "clear", "coral", "daring", "early", "fern", "gentle",
               "golden", "hazel", "honest", "ivory", "jade", "kind", "lively", "mellow", "misty",
               "north", "olive", "quiet", "rosy", "sandy", "silver", "steady", "sunny", "tidal",
               "warm", "wild", "young")
_NOUNS = ("river", "harbour", "willow", "heron", "meadow", "cedar", "lantern", "otter", "pebble",
          "sparrow", "tide", "maple", "comet", "fox", "garden", "island", "juniper", "kite",
          "lark", "moss", "orchard", "pine", "quartz", "reed", "stone", "thistle", "valley",
          "wren", "aspen", "brook")

# Reflection ids match the notebooks' reflection boxes.
_REFLECTIONS = {
    "welcome-hopes": [
        "To understand why we drift apart when life gets busy.",
        "My partner suggested it. I'm curious, and a bit nervous.",
    ],
    "why-heard": [
        "A friend listened to me for an hour without once telling me what to do.",
        "When my partner asked how I really was and waited for the answer.",
        "Honestly I can't think of one recently, which surprised me.",
    ],
    "why-hope": [
        "We'd laugh more, and I'd tell him things before I tell anyone else.",
        "Fewer evenings on separate screens.",
    ],
    "fading-step": [
        "We mostly talk about the calendar and the shopping. I could ask about her day first.",
        "I notice I save my real news for my sister instead of my partner. I think it started "
        "when work got busy two years ago and we never found our way back to evening walks. "
        "One walk this week would be a start.",
        "Less than I feared.",
    ],
    "perfectionism-kind": [
        "I tidy everything before anyone sees how I'm actually doing.",
        "At work I have to be the one who never drops a ball, and I bring that home. I would "
        "tell a friend that nobody needs them to be flawless to love them.",
    ],
    "walls-notice": [
        "Busyness, definitely. I fill every evening.",
        "I go quiet and look after everyone else. When someone asks about me I change the "
        "subject to them. I learned that early, I think, in a family where my needs came last.",
        "Screens at night.",
        "Old anger about a promise that was broken last year still comes up when we argue.",
    ],
    "safe-space-fear": [
        "Fear of being left shows up as nagging about small things.",
        "I go silent instead of saying I'm scared we're growing apart.",
    ],
    "fear-trust-cycle": [
        "That if they see all of me they'll leave.",
        "Losing myself. I've done it before in a relationship and it took years to get back.",
    ],
    "vulnerability-step": [
        "With the barista first. Then 'I feel lonely' with my partner.",
        "I feel tired and a bit lonely this week, and I'd like to be able to say so.",
    ],
    "vulnerability-break-plan": [
        "Our signal could be a hand on the table. I'd walk round the block and come back in twenty minutes.",
        "I'll say 'I need a breather, back at eight' and make a cup of tea instead of replaying it.",
    ],
    "together-after": [
        "We got through two patterns and stopped. I noticed I wanted to defend myself less than I expected.",
        "We chose not to talk this week, and that felt like a good decision too.",
    ],
    "forward-stand-up": [
        "Walking out of arguments. Next time I'll say I need ten minutes and come back.",
        "Tell my partner one true feeling every day, even a small one, and notice what happens.",
    ],
}
_STEPS = ["Ask one open question each evening", "Put the phone away at dinner",
          "Say one 'I feel' sentence a day", "Book a walk together on Sundays",
          "Tell a friend how I am really doing", "Notice when I start to fix instead of listen"]
_WHEN = ["Every evening after dinner", "Sunday mornings", "This week, starting tomorrow",
         "Whenever I notice myself rushing"]
_SUPPORT = ["My partner", "A close friend", "My sister", "A counsellor", "Myself, with a reminder"]


def pseudonyms(n: int, rng: random.Random) -> list[str]:
    """n distinct, friendly pseudonyms such as `calm-heron-17`."""
    names: set[str] = set()
    out = []
    while len(out) < n:
        name = f"{rng.choice(_ADJECTIVES)}-{rng.choice(_NOUNS)}-{rng.randint(1, 99)}"
        if name not in names:
            names.add(name)
            out.append(name)
    return out


def participant(name: str, rng: random.Random, when: _dt.datetime) -> dict:
    """One realistic synthetic answer file."""
    data = answers.new(name)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    data["created"] = stamp
    data["updated"] = (when + _dt.timedelta(minutes=rng.randint(40, 170))).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    consent = rng.random() < 0.8
    data["consent"] = {"group_report": consent,
                       "reflections_in_group_report": consent and rng.random() < 0.6}
    general = rng.gauss(0, 0.7)  # how guarded this person is overall
    for inst in instruments.load_all().values():
        if rng.random() < 0.08:
            continue  # skipped the whole instrument
        mid = (inst.min + inst.max) / 2
        sign = -1 if inst.direction == "strength" else 1
        given = {}
        for sub in inst.subscales:
            level = sign * general + rng.gauss(0, 0.8)
            for item in inst.items_of(sub.id):
                if rng.random() < 0.06:
                    continue  # left this item out
                value = mid + level + rng.gauss(0, 0.6)
                if item.reverse:
                    value = inst.min + inst.max - value
                given[item.id] = int(min(inst.max, max(inst.min, round(value))))
        data["instruments"][inst.id] = given
    for rid, options in _REFLECTIONS.items():
        if rng.random() < 0.55:
            data["reflections"][rid] = rng.choice(options)
    if rng.random() < 0.6:
        data["exercises"]["action-plan"] = {
            "step": rng.choice(_STEPS), "when": rng.choice(_WHEN),
            "support": rng.choice(_SUPPORT),
            "signal": "We both feel a little more heard." if rng.random() < 0.5 else "",
        }
    return answers.validate(data)


START = _dt.datetime(2026, 11, 21, 10, 0, tzinfo=_dt.timezone.utc)


def cohort(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [participant(name, rng, START + _dt.timedelta(minutes=i))
            for i, name in enumerate(pseudonyms(n, rng))]


def write_cohort(n: int, seed: int, out: Path | str) -> list[Path]:
    """Write n answer files into `out` (created 0700, files 0600) and return their paths."""
    out = answers.ensure_dir(Path(out))
    paths = []
    for data in cohort(n, seed):
        path = out / f"{data['participant']}.json"
        answers.write_atomic(path, answers.dumps(data))
        paths.append(path)
    return paths
