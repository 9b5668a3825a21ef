"""The conversation report: two partners' share files side by side, as escaped HTML sections.

It compares only what both partners chose to share, frames every difference as something to be
curious about (never as who is right), and ends with a plan for one short conversation built on
module 07's speaker and listener turns, the pause for when talking gets heated, and help lines.
Every piece of free text passes through `html.escape` before it reaches the page.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from pathlib import Path

from IPython.display import HTML, display
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from workshop import charts, resources, scoring, share
from workshop import instruments as catalogue
from workshop.scoring import SubscaleScore
from workshop.reports import handoff
from workshop.reports.render import esc

DIFFERENT_AT = 15   # points apart (0-100) from which two scores count as "seen differently"
STATEMENT_GAP = 2   # scale points apart from which two answers to one statement are shown
MAX_STATEMENTS = 8  # per self-assessment, the widest gaps first
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
REPORT_LANGUAGES = ("en",)  # the languages this report is written in so far

# For patterns seen alike, by where both scores sit: both asking for attention, neither, or mixed.
ALIKE_STARTERS = {"both": "This stands out for you both. What is it like for each of you, and "
                          "what small thing might help?",
                  "neither": "What helps the two of you keep it this way?",
                  "mixed": "What does this look like for each of you?"}
DIFFERENT_STARTERS = ("What is this like for you, day to day?",
                      "What would you like me to understand about it?",
                      "When did you last notice this?",
                      "Is there one small thing that would help?")

def number(result: SubscaleScore) -> str:
    return "not enough answers" if result.score is None else f"{result.score:.0f}"


class TogetherReport:
    """Two partners' conversation report, from two validated partner share files."""

    def __init__(self, a: dict, b: dict, generated: str = "", lang: str = ""):
        share.pair(a, b)
        self.a, self.b = a, b
        self.names = (a["from"], b["from"])
        self.generated = generated or _dt.date.today().isoformat()
        languages = {a.get("language", "en"), b.get("language", "en")}
        self.asked = lang or (languages.pop() if len(languages) == 1 else "")
        self.lang = self.asked if self.asked in REPORT_LANGUAGES else "en"
        known = catalogue.load_all()
        self.common = [known[iid] for iid in known
                       if iid in a["instruments"] and iid in b["instruments"]]
        self.scores = {inst.id: (scoring.score(inst, a["instruments"][inst.id]),
                                 scoring.score(inst, b["instruments"][inst.id]))
                       for inst in self.common}

    @classmethod
    def load(cls, path_a: str | Path, path_b: str | Path, generated: str = "",
             lang: str = "") -> "TogetherReport":
        """The report of two share files, validated here unless the builder already did."""
        a, b = (handoff.take(p) or share.load(p) for p in (path_a, path_b))
        share.pair(a, b, (str(path_a), str(path_b)))
        return cls(a, b, generated, lang)

    def both_scored(self) -> list[tuple[catalogue.Instrument, catalogue.Subscale, SubscaleScore,
                                        SubscaleScore]]:
        """Every pattern both partners have a score for, in instrument order."""
        return [(inst, inst.subscale(ra.subscale), ra, rb)
                for inst in self.common for ra, rb in zip(*self.scores[inst.id])
                if ra.score is not None and rb.score is not None]

    def _both(self, ra: SubscaleScore, rb: SubscaleScore) -> str:
        return f"{esc(self.names[0])} {number(ra)}, {esc(self.names[1])} {number(rb)}"

    # ---------------------------------------------------------------- sections as HTML
    def header_html(self) -> str:
        a, b = (esc(n) for n in self.names)
        titles = ", ".join(f"<i>{esc(inst.title)}</i>" for inst in self.common)
        counts = " and ".join(f"{esc(obj['from'])}: {len(obj['reflections'])}"
                              for obj in (self.a, self.b))
        shared = ((f"<li>The self-assessments you both shared, side by side: {titles}.</li>"
                   if self.common else "<li>No scores: you did not both share the same "
                                       "self-assessment.</li>")
                  + f"<li>The reflections each of you chose to share ({counts}).</li>"
                  "<li>A self-assessment that only one of you shared stays out of this report."
                  "</li>")
        note = ""
        if self.asked and self.asked != self.lang:
            note = (f"<p class='muted'>{LANGUAGE_NAMES.get(self.asked, self.asked)} is not "
                    "available for this report yet, so it is in English.</p>")
        elif not self.asked:
            note = ("<p class='muted'>You work in different languages, so this report is in "
                    "English, and each reflection is shown as it was written.</p>")
        return (f"<div class='kicker'>Closer &middot; conversation report</div>"
                f"<h1>A conversation for {a} and {b}</h1>"
                f"<p class='meta'>Made on {esc(self.generated)}, from the two share files you "
                f"chose to give each other.</p>"
                f"<p class='tip'><b>Only where you both feel safe.</b> This report is meant for "
                f"two people who feel safe with each other and free to say no. If either of you "
                f"feels afraid, pressured or not free to choose, you do not have to have this "
                f"conversation: your safety comes first, and <a href='#help'>the help at the end "
                f"of this page</a> is there for you.</p>"
                f"<p class='note'>This is education, not therapy. The numbers describe how each "
                f"of you answered on one day. They are starting points for a conversation, never "
                f"a verdict on either of you, and neither set of answers is the right one.</p>"
                f"<p>What is in it, and nothing more:</p><ul>{shared}</ul>{note}")

    def scores_html(self) -> str:
        if not self.common:
            return ("<p>You did not both share the same self-assessment, so there are no scores "
                    "to put side by side. Only what you both chose is compared. Your reflections "
                    "and the plan below work just as well on their own.</p>")
        return "".join(self._instrument_block(inst) for inst in self.common)

    def _instrument_block(self, inst: catalogue.Instrument) -> str:
        ra, rb = self.scores[inst.id]
        a, b = (esc(n) for n in self.names)
        rows = "".join(
            f"<tr><th scope='row'>{esc(sub.label)}<br><span class='muted' style='font-weight:"
            f"400'>A higher score means {esc(sub.higher_means)}.</span></th>"
            f"<td class='num'>{esc(number(x))}</td><td class='num'>{esc(number(y))}</td></tr>"
            for sub, x, y in zip(inst.subscales, ra, rb))
        parts = [f"<section class='closer-block'><h3>{esc(inst.title)}</h3>"]
        if any(r.score is not None for r in (*ra, *rb)):
            parts.append(charts.to_html(pair_chart(ra, rb, self.names),
                                        pair_alt_text(ra, rb, self.names)))
        parts.append(f"<table class='closer-pair'><caption>{esc(inst.title)}: scores from 0 to "
                     f"100 for {a} and {b}</caption><thead><tr><th scope='col'>Pattern</th>"
                     f"<th scope='col' class='num'>{a}</th><th scope='col' class='num'>{b}</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table></section>")
        return "".join(parts)

    def alike_html(self) -> str:
        if not self.common:
            return ""
        found = [t for t in self.both_scored() if abs(t[2].score - t[3].score) < DIFFERENT_AT]
        if not found:
            return (f"<p class='muted'>None of the patterns you both shared are within "
                    f"{DIFFERENT_AT} points of each other this time. That is common, and says "
                    f"nothing about how well you get on.</p>")
        return "<ul>" + "".join(
            f"<li><b>{esc(sub.label)}</b> ({esc(inst.title)}): {self._both(ra, rb)}. "
            f"<span class='muted'>A higher score means {esc(sub.higher_means)}.</span><br>"
            f"A question to start with: <i>{esc(ALIKE_STARTERS[_level(inst, ra, rb)])}</i>"
            f"</li>" for inst, sub, ra, rb in found) + "</ul>"

    def differently_html(self) -> str:
        if not self.common:
            return ""
        found = sorted((t for t in self.both_scored()
                        if abs(t[2].score - t[3].score) >= DIFFERENT_AT),
                       key=lambda t: -abs(t[2].score - t[3].score))
        if not found:
            return (f"<p class='muted'>None of the patterns you both shared are {DIFFERENT_AT} "
                    f"points or more apart this time.</p>")
        return "<ul>" + "".join(
            f"<li><b>{esc(sub.label)}</b> ({esc(inst.title)}): {self._both(ra, rb)}, "
            f"{abs(ra.score - rb.score):.0f} points apart. <span class='muted'>A higher score "
            f"means {esc(sub.higher_means)}.</span><br>A question to start with: "
            f"<i>{esc(DIFFERENT_STARTERS[i % len(DIFFERENT_STARTERS)])}</i></li>"
            for i, (inst, sub, ra, rb) in enumerate(found)) + "</ul>"

    def statements_html(self) -> str:
        if not self.common:
            return ""
        blocks = [self._statements(inst) for inst in self.common]
        if not any(blocks):
            return (f"<p class='muted'>No statement was answered {STATEMENT_GAP} or more points "
                    f"apart.</p>")
        return "".join(blocks)

    def _statements(self, inst: catalogue.Instrument) -> str:
        x, y = self.a["instruments"][inst.id], self.b["instruments"][inst.id]
        gaps = [item for item in inst.items
                if item.id in x and item.id in y and abs(x[item.id] - y[item.id]) >= STATEMENT_GAP]
        if not gaps:
            return ""
        gaps.sort(key=lambda item: -abs(x[item.id] - y[item.id]))  # stable: item order in ties
        shown, more = gaps[:MAX_STATEMENTS], len(gaps) - MAX_STATEMENTS
        a, b = (esc(n) for n in self.names)
        rows = "".join(f"<tr><th scope='row' style='font-weight:400'>{esc(item.text)}</th>"
                       f"<td>{esc(answer_words(inst, x[item.id]))}</td>"
                       f"<td>{esc(answer_words(inst, y[item.id]))}</td></tr>" for item in shown)
        tail = (f"<p class='muted'>{more} more statement{'s' if more > 1 else ''} differ by "
                f"{STATEMENT_GAP} points or more; these are the widest gaps.</p>"
                if more > 0 else "")
        return (f"<section class='closer-long'><h3>{esc(inst.title)}</h3><table><caption>"
                f"Statements {a} and {b} answered {STATEMENT_GAP} or more points apart</caption>"
                f"<thead><tr><th scope='col'>Statement</th><th scope='col'>{a}</th>"
                f"<th scope='col'>{b}</th></tr></thead><tbody>{rows}</tbody></table>{tail}"
                f"</section>")

    def reflections_html(self) -> str:
        if not self.a["reflections"] and not self.b["reflections"]:
            return ("<p class='muted'>Neither of you shared a reflection this time, and that is "
                    "fine.</p>")
        parts = []
        for obj in (self.a, self.b):
            who = esc(obj["from"])
            parts.append(f"<h3>{who} chose to share</h3>")
            if not obj["reflections"]:
                parts.append(f"<p class='muted'>{who} did not share a reflection this time.</p>")
            lang = obj.get("language", "en")
            attr = f" lang='{esc(lang)}'" if lang != self.lang else ""
            parts.extend(f"<div class='card'><p class='muted'>{who}, in "
                         f"{esc(share.reflection_place(rid))}:</p><blockquote{attr}>{esc(text)}"
                         f"</blockquote></div>" for rid, text in obj["reflections"].items())
        return "".join(parts)

    def plan_html(self) -> str:
        found = self.both_scored()
        # Start where both see the most of something, alike; then the smallest clear difference.
        alike = [s.label for _, s, ra, rb in
                 sorted(found, key=lambda t: -scoring.attention(t[0], t[2].score + t[3].score))
                 if abs(ra.score - rb.score) < DIFFERENT_AT]
        apart = [s.label for _, s, ra, rb in
                 sorted(found, key=lambda t: abs(t[2].score - t[3].score))
                 if abs(ra.score - rb.score) >= DIFFERENT_AT]
        start = (f"A gentle place to start is something you see alike, such as "
                 f"<b>{esc(alike[0])}</b>. " if alike else
                 "A gentle place to start is one of the reflections above. ")
        later = (f"If you both feel ready later, try one you see differently, such as "
                 f"<b>{esc(apart[0])}</b>. " if apart else "")
        steps = [
            ("Set a time (about 3 minutes).", "Choose 20 to 30 minutes when neither of you is "
             "tired, rushed or hungry, somewhere private, with phones put away. Agree a pause "
             "signal now, before you need it: a word such as \u201cpause\u201d, or a gesture. "
             "Either of you can use it, or stop altogether, at any point and without explaining."),
            ("Choose one thing to talk about.", start + later + "Pick something small and "
             "recent rather than the biggest hurt."),
            ("First turn (about 5 minutes).", "One of you is the speaker and holds something, "
             "such as a cushion or a pen. The speaker says what this is like for them, in short "
             "pieces, starting from \u201cI feel\u201d rather than guesses about the other "
             "person. The listener paraphrases, saying back in their own words what they heard "
             "(\u201cSo what you're saying is...\u201d), without arguing, defending or fixing, "
             "and the speaker corrects them until it fits."),
            ("Swap (about 5 minutes).", "The listener becomes the speaker, on the same thing or "
             "one of their own, and the turn goes the same way."),
            ("A second round, only if you both want one (5 to 10 minutes).", "Another pair of "
             "turns, on the same thing or the next one. Stopping after one round is fine: "
             "nothing has to be solved today. The aim is that both of you feel heard."),
            ("Agree one small thing (about 5 minutes).", "Each of you can put a wish in the "
             "workshop's shape: a feeling, the situation as a camera would see it, and a small "
             "request (\u201cI feel ... when ..., and I'd like ...\u201d). Agree one small, "
             "doable thing to try this week and when you will check in on it. Then thank each "
             "other for listening."),
        ]
        # The bodies are HTML: fixed words, and the pattern names escaped above.
        items = "".join(f"<li><b>{esc(head)}</b> {body}</li>" for head, body in steps)
        return (f"<p>This plan uses the speaker and listener turns from module 07.</p>"
                f"<ol>{items}</ol>"
                f"<div class='card'><h3>If it gets heated</h3><ul>"
                f"<li>If your heart races, your face feels hot or you can no longer take in what "
                f"is said, you may be flooded. Use your signal, and say when you will come back: "
                f"<i>\u201cI need a break. Can we pick this up at eight?\u201d</i></li>"
                f"<li>Spend about twenty minutes on something calming, such as a walk, music or "
                f"slow breathing, and try not to replay the conversation.</li>"
                f"<li>Come back at the time you agreed, even if only to choose another time. "
                f"Some people need longer to settle, or find writing easier than talking: agree "
                f"what suits you both.</li></ul></div>"
                f"<div class='card'><h3>When this is not the right tool</h3><p>Turns and pauses "
                f"are for two people who can both speak up and who both respect a pause. If "
                f"talking makes either of you afraid, if a pause is not respected (someone is "
                f"followed, kept from leaving or punished later), or if calming down always "
                f"means one of you giving in, that is not a communication problem, and this plan "
                f"will not fix it. Please stop here and look at the help below.</p></div>")

    def help_html(self) -> str:
        """The safety box with the help lines of the partners' countries (or the general
        pointer when neither shared one)."""
        countries = list(dict.fromkeys(c for c in (self.a.get("country"), self.b.get("country"))
                                       if c))
        first = countries[0] if countries else None
        return ("<p>If this conversation stirred up something painful, a counsellor of your own "
                "or your doctor can help.</p>" + resources.safety_html(first)
                + "".join(resources.help_html(c) for c in countries[1:]))

    # ---------------------------------------------------------------- display in a template
    def show(self, section: str) -> None:
        """Display a section with its heading; an empty section shows nothing."""
        fragment = getattr(self, f"{section}_html")()
        if fragment:
            display(HTML(SECTION_HEADINGS.get(section, "") + fragment))


SECTION_HEADINGS = {
    "scores": "<h2>Your scores side by side</h2><p>For each self-assessment you both shared, "
              "every pattern's score from 0 to 100 for each of you. Under each pattern, a line "
              "says what a higher score means: for a helpful habit, more of the habit; for a "
              "pattern that can get in the way, more of that pattern.</p>",
    "alike": f"<h2>Where you see things alike</h2><p>Patterns where your scores are less than "
             f"{DIFFERENT_AT} points apart. Similar numbers can still mean different things to "
             f"each of you, so these are gentle places to start a conversation.</p>",
    "differently": f"<h2>Where you see things differently</h2><p>Patterns where your scores are "
                   f"{DIFFERENT_AT} points or more apart. A difference is not a disagreement to "
                   f"settle, and neither score is the right one: each is how things look from "
                   f"where one of you stands. Some self-assessments ask about yourself, so a "
                   f"difference may simply mean you are two different people. Treat each one as "
                   f"a question to be curious about, not a case to win.</p>",
    "statements": f"<h2>Statements you answered differently</h2><p>The statements where your "
                  f"answers are {STATEMENT_GAP} or more points apart on the scale. Each of you "
                  f"answered about your own experience.</p>",
    "reflections": "<h2>In your own words</h2><p>The reflections each of you chose to share, "
                   "exactly as written. The person who wrote one can say more if they want to, "
                   "or leave it there.</p>",
    "plan": "<h2>A plan for a 20 to 30 minute conversation</h2>",
    "help": "<h2 id='help'>If you need support</h2>",
}


def _level(inst: catalogue.Instrument, ra: SubscaleScore, rb: SubscaleScore) -> str:
    """Whether a pattern asks for attention for both partners, neither, or one of them."""
    asks = [scoring.attention(inst, r.score) >= 50 for r in (ra, rb)]
    return "both" if all(asks) else "neither" if not any(asks) else "mixed"


def answer_words(inst: catalogue.Instrument, value: int) -> str:
    """An answer as its scale word and number, e.g. "Often (4 of 5)"."""
    span = f"{value} of {inst.max}"
    labels = inst.labels
    return f"{labels[value - inst.min]} ({span})" if labels else span


def pair_alt_text(ra, rb, names: tuple[str, str]) -> str:
    """The paired chart's numbers in words, for people who cannot see it."""
    return (f"Scores from 0 to 100 for {names[0]} and {names[1]}. " + "; ".join(
        f"{x.label}: {names[0]} {number(x)}, {names[1]} {number(y)}" for x, y in zip(ra, rb)))


def pair_chart(ra, rb, names: tuple[str, str]) -> Figure:
    """Two bars per pattern, one for each partner, told apart by colour, hatching, the legend
    and the number at the end of every bar (never by colour alone)."""
    n = len(ra)
    fig = Figure(figsize=(6.4, 0.95 * n + 1.6), dpi=100)
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    styles = ((charts.OKABE_ITO[0], "", 0.19), (charts.OKABE_ITO[1], "///", -0.19))
    for results, name, (colour, hatch, offset) in zip((ra, rb), names, styles):
        for y, r in zip(ys, results):
            if r.score is None:
                ax.text(1, y + offset, f"{name}: not enough answers", va="center",
                        fontsize=charts.FONT - 2, color="#555555")
                continue
            ax.barh(y + offset, r.score, height=0.36, color=colour, hatch=hatch,
                    edgecolor=charts.INK, linewidth=0.6)
            ax.text(r.score + 1.5, y + offset, f"{r.score:.0f}", va="center", ha="left",
                    fontsize=charts.FONT, fontweight="bold", color=charts.INK)
    ax.set_yticks(ys)
    ax.set_yticklabels([textwrap.fill(r.label, 22) for r in ra], fontsize=charts.FONT,
                       color=charts.INK)
    ax.set_xlim(0, 110)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("score (0-100)", fontsize=charts.FONT - 1, color="#444444")
    ax.legend(handles=[Patch(facecolor=c, hatch=h, edgecolor=charts.INK, label=name)
                       for name, (c, h, _) in zip(names, styles)],
              loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False,
              fontsize=charts.FONT)
    ax.grid(axis="x", color=charts.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
