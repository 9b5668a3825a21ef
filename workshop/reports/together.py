"""The conversation report: two partners' share files side by side, as escaped HTML sections.

It compares only what both partners chose to share, frames every difference as something to be
curious about (never as who is right), and ends with a plan for one short conversation built on
module 07's speaker and listener turns, the pause for when talking gets heated, and help lines
(`talk`). Every piece of free text passes through `html.escape` before it reaches the page.

It is in the partners' shared language, or the one asked for; partners who work in different
languages get it in English, with each reflection shown as it was written.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from IPython.display import HTML, display

from workshop import charts, curriculum, i18n, scoring, share
from workshop import instruments as catalogue
from workshop.i18n import N_, _, ngettext
from workshop.reports import handoff, talk
from workshop.reports.render import esc, footer, heading, when
from workshop.scoring import SubscaleScore

DIFFERENT_AT = 15   # points apart (0-100) from which two scores count as "seen differently"
STATEMENT_GAP = 2   # scale points apart from which two answers to one statement are shown
MAX_STATEMENTS = 8  # per self-assessment, the widest gaps first
REPORT_LANGUAGES = ("en", "es")  # the languages this report is written in

# For patterns seen alike, by where both scores sit: both asking for attention, neither, or mixed.
ALIKE_STARTERS = {"both": N_("This stands out for you both. What is it like for each of you, "
                             "and what small thing might help?"),
                  "neither": N_("What helps the two of you keep it this way?"),
                  "mixed": N_("What does this look like for each of you?")}
DIFFERENT_STARTERS = (N_("What is this like for you, day to day?"),
                      N_("What would you like me to understand about it?"),
                      N_("When did you last notice this?"),
                      N_("Is there one small thing that would help?"))


def number(result: SubscaleScore) -> str:
    return _("not enough answers") if result.score is None else i18n.number(result.score, 0)


def languages_of(a: dict, b: dict) -> set[str]:
    return {obj.get("language") if obj.get("language") in REPORT_LANGUAGES else "en"
            for obj in (a, b)}


def language_for(a: dict, b: dict, lang: str = "") -> str:
    """The report's language: the one asked for, else the one both partners work in, else
    English (the header then says why)."""
    if lang:
        return i18n.check(lang)
    shared = languages_of(a, b)
    return shared.pop() if len(shared) == 1 else i18n.DEFAULT


class TogetherReport:
    """Two partners' conversation report, from two validated partner share files, in the
    current language (the builder sets it with `language_for`)."""

    def __init__(self, a: dict, b: dict, generated: str = "", lang: str = ""):
        share.pair(a, b)
        self.a, self.b = a, b
        self.names = (a["from"], b["from"])
        self.generated = generated or _dt.date.today().isoformat()
        self.lang = language_for(a, b, lang)
        self.mixed = not lang and len(languages_of(a, b)) > 1
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
        return f"{esc(self.names[0])} {esc(number(ra))}, {esc(self.names[1])} {esc(number(rb))}"

    # ---------------------------------------------------------------- sections as HTML
    def header_html(self) -> str:
        a, b = (esc(n) for n in self.names)
        titles = ", ".join(f"<i>{esc(inst.title)}</i>" for inst in self.common)
        both = (_("The self-assessments you both shared, side by side: {titles}.")
                .format(titles=titles) if self.common else
                esc(_("No scores: you did not both share the same self-assessment.")))
        counts = _("The reflections each of you chose to share ({a}: {a_count}, {b}: "
                   "{b_count}).").format(a=a, b=b, a_count=len(self.a["reflections"]),
                                         b_count=len(self.b["reflections"]))
        alone = esc(_("A self-assessment that only one of you shared stays out of this report."))
        note = ""
        if self.mixed:
            note = "<p class='muted'>" + esc(_(
                "You work in different languages, so this report is in English, and each "
                "reflection is shown as it was written.")) + "</p>"
        made = _("Made on {date}, from the two share files you chose to give each other.")
        safe = _("<b>Only where you both feel safe.</b> This report is meant for two people who "
                 "feel safe with each other and free to say no. If either of you feels afraid, "
                 "pressured or not free to choose, you do not have to have this conversation: "
                 "your safety comes first, and <a href='#help'>the help at the end of this "
                 "page</a> is there for you.")
        therapy = _("This is education, not therapy. The numbers describe how each of you "
                    "answered on one day. They are starting points for a conversation, never a "
                    "verdict on either of you, and neither set of answers is the right one.")
        return ("<div class='kicker'>Closer &middot; " + esc(_("conversation report"))
                + "</div><h1>" + _("A conversation for {a} and {b}").format(a=a, b=b) + "</h1>"
                + "<p class='meta'>" + esc(made.format(date=when(self.generated))) + "</p>"
                f"<p class='tip'>{safe}</p><p class='note'>{esc(therapy)}</p>"
                "<p>" + esc(_("What is in it, and nothing more:")) + "</p>"
                f"<ul><li>{both}</li><li>{counts}</li><li>{alone}</li></ul>{note}")

    def scores_html(self) -> str:
        if not self.common:
            return "<p>" + esc(_(
                "You did not both share the same self-assessment, so there are no scores to put "
                "side by side. Only what you both chose is compared. Your reflections and the "
                "plan below work just as well on their own.")) + "</p>"
        return "".join(self._instrument_block(inst) for inst in self.common)

    def _instrument_block(self, inst: catalogue.Instrument) -> str:
        ra, rb = self.scores[inst.id]
        a, b = (esc(n) for n in self.names)
        rows = "".join(
            f"<tr><th scope='row'>{esc(sub.label)}<br><span class='muted' style='font-weight:"
            f"400'>{esc(higher(sub))}</span></th>"
            f"<td class='num'>{esc(number(x))}</td><td class='num'>{esc(number(y))}</td></tr>"
            for sub, x, y in zip(inst.subscales, ra, rb))
        parts = [f"<section class='closer-block'><h3>{esc(inst.title)}</h3>"]
        if any(r.score is not None for r in (*ra, *rb)):
            parts.append(charts.to_html(charts.pair(ra, rb, self.names),
                                        pair_alt_text(ra, rb, self.names)))
        caption = _("{title}: scores from 0 to 100 for {a} and {b}").format(
            title=esc(inst.title), a=a, b=b)
        parts.append(f"<table class='closer-pair'><caption>{caption}</caption><thead><tr>"
                     "<th scope='col'>" + esc(_("Pattern")) + "</th>"
                     f"<th scope='col' class='num'>{a}</th><th scope='col' class='num'>{b}</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table></section>")
        return "".join(parts)

    def alike_html(self) -> str:
        if not self.common:
            return ""
        found = [t for t in self.both_scored() if abs(t[2].score - t[3].score) < DIFFERENT_AT]
        if not found:
            return "<p class='muted'>" + esc(_(
                "None of the patterns you both shared are within {points} points of each other "
                "this time. That is common, and says nothing about how well you get on.")
                .format(points=DIFFERENT_AT)) + "</p>"
        return "<ul>" + "".join(
            f"<li><b>{esc(sub.label)}</b> ({esc(inst.title)}): {self._both(ra, rb)}. "
            f"<span class='muted'>{esc(higher(sub))}</span><br>"
            f"{starter(ALIKE_STARTERS[_level(inst, ra, rb)])}</li>"
            for inst, sub, ra, rb in found) + "</ul>"

    def differently_html(self) -> str:
        if not self.common:
            return ""
        found = sorted((t for t in self.both_scored()
                        if abs(t[2].score - t[3].score) >= DIFFERENT_AT),
                       key=lambda t: -abs(t[2].score - t[3].score))
        if not found:
            return "<p class='muted'>" + esc(_(
                "None of the patterns you both shared are {points} points or more apart this "
                "time.").format(points=DIFFERENT_AT)) + "</p>"
        items = []
        for i, (inst, sub, ra, rb) in enumerate(found):
            gap = round(abs(ra.score - rb.score))
            apart = ngettext("{scores}, {n} point apart.", "{scores}, {n} points apart.",
                             gap).format(scores=self._both(ra, rb), n=gap)
            items.append(f"<li><b>{esc(sub.label)}</b> ({esc(inst.title)}): {apart} "
                         f"<span class='muted'>{esc(higher(sub))}</span><br>"
                         f"{starter(DIFFERENT_STARTERS[i % len(DIFFERENT_STARTERS)])}</li>")
        return "<ul>" + "".join(items) + "</ul>"

    def statements_html(self) -> str:
        if not self.common:
            return ""
        blocks = [self._statements(inst) for inst in self.common]
        if not any(blocks):
            return "<p class='muted'>" + esc(_(
                "No statement was answered {points} or more points apart.").format(
                points=STATEMENT_GAP)) + "</p>"
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
        tail = ""
        if more > 0:
            tail = "<p class='muted'>" + esc(ngettext(
                "{n} more statement differs by {points} points or more; these are the widest "
                "gaps.", "{n} more statements differ by {points} points or more; these are the "
                "widest gaps.", more).format(n=more, points=STATEMENT_GAP)) + "</p>"
        caption = _("Statements {a} and {b} answered {points} or more points apart").format(
            a=a, b=b, points=STATEMENT_GAP)
        return (f"<section class='closer-long'><h3>{esc(inst.title)}</h3><table><caption>"
                f"{caption}</caption><thead><tr><th scope='col'>" + esc(_("Statement"))
                + f"</th><th scope='col'>{a}</th><th scope='col'>{b}</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>{tail}</section>")

    def reflections_html(self) -> str:
        if not self.a["reflections"] and not self.b["reflections"]:
            return "<p class='muted'>" + esc(_("Neither of you shared a reflection this time, "
                                               "and that is fine.")) + "</p>"
        parts = []
        for obj in (self.a, self.b):
            who = esc(obj["from"])
            parts.append("<h3>" + _("{name} chose to share").format(name=who) + "</h3>")
            if not obj["reflections"]:
                parts.append("<p class='muted'>" + _("{name} did not share a reflection this "
                                                     "time.").format(name=who) + "</p>")
            lang = obj.get("language", "en")
            attr = f" lang='{esc(lang)}'" if lang != self.lang else ""
            for rid, text in obj["reflections"].items():
                where = _("{name}, in {place}:").format(name=who,
                                                        place=esc(curriculum.reflection_place(rid)))
                parts.append(f"<div class='card'><p class='muted'>{where}</p>"
                             f"<blockquote{attr}>{esc(text)}</blockquote></div>")
        return "".join(parts)

    def plan_html(self) -> str:
        found = self.both_scored()
        # Start where both see the most of something, alike; then the smallest clear difference.
        alike = [s.label for _i, s, ra, rb in
                 sorted(found, key=lambda t: -scoring.attention(t[0], t[2].score + t[3].score))
                 if abs(ra.score - rb.score) < DIFFERENT_AT]
        apart = [s.label for _i, s, ra, rb in
                 sorted(found, key=lambda t: abs(t[2].score - t[3].score))
                 if abs(ra.score - rb.score) >= DIFFERENT_AT]
        return talk.plan_html(alike[0] if alike else None, apart[0] if apart else None)

    def help_html(self) -> str:
        """The safety box with the help lines of the partners' countries (or the general
        pointer when neither shared one)."""
        return talk.help_html([self.a.get("country"), self.b.get("country")])

    def footer_html(self) -> str:
        return footer(FOOTER)

    # ---------------------------------------------------------------- display in a template
    def show(self, section: str) -> None:
        """Display a section with its heading; an empty section shows nothing."""
        fragment = getattr(self, f"{section}_html")()
        if fragment:
            top = (heading(SECTION_HEADINGS[section], anchor="help" if section == "help" else "",
                           points=DIFFERENT_AT, gap=STATEMENT_GAP)
                   if section in SECTION_HEADINGS else "")
            display(HTML(top + fragment))


SECTION_HEADINGS = {
    "scores": (N_("Your scores side by side"),
               N_("For each self-assessment you both shared, every pattern's score from 0 to 100 "
                  "for each of you. Under each pattern, a line says what a higher score means: "
                  "for a helpful habit, more of the habit; for a pattern that can get in the "
                  "way, more of that pattern.")),
    "alike": (N_("Where you see things alike"),
              N_("Patterns where your scores are less than {points} points apart. Similar "
                 "numbers can still mean different things to each of you, so these are gentle "
                 "places to start a conversation.")),
    "differently": (N_("Where you see things differently"),
                    N_("Patterns where your scores are {points} points or more apart. A "
                       "difference is not a disagreement to settle, and neither score is the "
                       "right one: each is how things look from where one of you stands. Some "
                       "self-assessments ask about yourself, so a difference may simply mean "
                       "you are two different people. Treat each one as a question to be "
                       "curious about, not a case to win.")),
    "statements": (N_("Statements you answered differently"),
                   N_("The statements where your answers are {gap} or more points apart on the "
                      "scale. Each of you answered about your own experience.")),
    "reflections": (N_("In your own words"),
                    N_("The reflections each of you chose to share, exactly as written. The "
                       "person who wrote one can say more if they want to, or leave it there.")),
    "plan": (N_("A plan for a 20 to 30 minute conversation"), None),
    "help": (N_("If you need support"), None),
}
FOOTER = N_("This report was made on your own computer from the two share files you chose to "
            "give each other. Nothing in it was sent anywhere. Keep your copy private, or delete "
            "it whenever you like: neither of you has to keep one. It is a reflection aid, not a "
            "diagnosis.")


def higher(sub: catalogue.Subscale) -> str:
    return _("A higher score means {meaning}.").format(meaning=sub.higher_means)


def starter(question: str) -> str:
    """A question (marked with `N_`) to open the conversation, translated now."""
    return _("A question to start with: <i>{question}</i>").format(question=esc(_(question)))


def _level(inst: catalogue.Instrument, ra: SubscaleScore, rb: SubscaleScore) -> str:
    """Whether a pattern asks for attention for both partners, neither, or one of them."""
    asks = [scoring.attention(inst, r.score) >= 50 for r in (ra, rb)]
    return "both" if all(asks) else "neither" if not any(asks) else "mixed"


def answer_words(inst: catalogue.Instrument, value: int) -> str:
    """An answer as its scale word and number, e.g. "Often (4 of 5)"."""
    span = _("{value} of {max}").format(value=value, max=inst.max)
    labels = inst.labels
    return f"{labels[value - inst.min]} ({span})" if labels else span


def pair_alt_text(ra, rb, names: tuple[str, str]) -> str:
    """The paired chart's numbers in words, for people who cannot see it."""
    intro = _("Scores from 0 to 100 for {a} and {b}.").format(a=names[0], b=names[1])
    return intro + " " + "; ".join(
        f"{x.label}: {names[0]} {number(x)}, {names[1]} {number(y)}" for x, y in zip(ra, rb))
