"""The group report: built only from participants who consented, and never naming anyone.

Privacy rules, each tested:
- only files with `consent.group_report` true contribute to any figure, count of a subgroup,
  pattern or suggestion; the only number that includes everyone is how many took part;
- below `min_group_size` consenting participants, nothing but the two counts is shown;
- a subscale with fewer scored participants than `min_group_size` shows no figure either;
- reflections are quoted only with `consent.reflections_in_group_report`, shuffled, unnamed;
- no pseudonym is ever written into the page.

The report is in the language most of the counted participants work in (English on a tie),
unless the facilitator asks for one; the data keeps ids, so texts are looked up when shown.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from IPython.display import HTML, display

from workshop import answers, charts, curriculum, i18n, instruments, scoring, stats
from workshop.i18n import N_, _, ngettext
from workshop.reports import handoff
from workshop.reports.personal import module_title
from workshop.reports.render import esc, footer, heading, when
from workshop.share import FORMAT as SHARE_FORMAT
from workshop.share import ShareError, read_either

ALPHA_MIN = 10
COMMON_AT = 50  # a pattern counts as "present" for a person at this score or above


@dataclass
class GroupData:
    took_part: int = 0
    consented: int = 0
    rejected: int = 0
    scores: dict = field(default_factory=dict)   # (instrument, subscale) -> [score]
    answer_sets: dict = field(default_factory=dict)  # instrument -> [answers]
    reflections: list = field(default_factory=list)  # (reflection id, text, language)
    languages: Counter = field(default_factory=Counter)  # of the counted people only

    @classmethod
    def collect(cls, directory: Path | str) -> "GroupData":
        """Stream through a folder; keep only what consenting participants allow.

        A facilitator share file counts as one consenting participant: its owner could make it
        only with that consent, and it holds reflections only if they agreed to be quoted.
        """
        g = cls()
        names = set()  # a second file for the same pseudonym must not count that person twice
        ids = set()  # nor a facilitator share handed in twice (the same random id)
        for path in answers.candidates(directory):
            try:
                data = read_either(path)
            except (answers.AnswerFileError, ShareError):
                g.rejected += 1
                continue
            is_share = data["format"] == SHARE_FORMAT
            seen, key = (ids, data["id"]) if is_share else (names, data["participant"])
            if key in seen:
                g.rejected += 1
                continue
            seen.add(key)
            g.took_part += 1
            consent = {"group_report": True} if is_share else data.get("consent", {})
            if not consent.get("group_report"):
                continue
            g.consented += 1
            # A share's reflections are there only because its owner agreed to be quoted.
            g._count(data, quote=is_share or bool(consent.get("reflections_in_group_report")))
        return g

    def _count(self, data: dict, quote: bool) -> None:
        """Add one consenting person's language, scores, answers and (if agreed) reflections."""
        language = data.get("language")
        language = language if language in i18n.LANGUAGES else i18n.DEFAULT
        self.languages[language] += 1
        for iid, results in scoring.score_all(data).items():
            given = data["instruments"].get(iid)
            if given:
                self.answer_sets.setdefault(iid, []).append(dict(given))
            for r in results:
                if r.score is not None:
                    self.scores.setdefault((iid, r.subscale), []).append(r.score)
        if quote:
            for rid, text in data.get("reflections", {}).items():
                self.reflections.append((rid, text, language))

    def language(self) -> str:
        """The language most of the counted participants chose; English on a tie or with none."""
        ranked = self.languages.most_common()
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return i18n.DEFAULT
        return ranked[0][0]


def language_for(data: GroupData, language: str | None = None) -> str:
    """The report's language: the one asked for (`workshop reports --lang`), else the group's."""
    return i18n.check(language) if language else data.language()


def where_written(reflection_id: str) -> str:
    m = curriculum.module_of_reflection(reflection_id)
    return module_title(m.id) if m else reflection_id.split("-")[0]


class GroupReport:
    def __init__(self, data: GroupData, min_group_size: int = 5, generated: str = "",
                 seed: int | None = None):
        self.g = data
        self.min = max(1, int(min_group_size))
        self.generated = generated
        self.rng = random.Random(seed) if seed is not None else random.SystemRandom()

    @property
    def suppressed(self) -> bool:
        return self.g.consented < self.min

    # ---------------------------------------------------------------- sections
    def header_html(self) -> str:
        g = self.g
        took = ngettext("<b>{n}</b> took part", "<b>{n}</b> took part", g.took_part)
        counted = ngettext("<b>{n}</b> agreed to be counted in this report",
                           "<b>{n}</b> agreed to be counted in this report", g.consented)
        text = ("<div class='kicker'>Closer &middot; " + esc(_("group report")) + "</div><h1>"
                + esc(_("Our group at a glance")) + "</h1><p class='meta'>"
                + esc(_("Made on {date}").format(date=when(self.generated))) + "</p>"
                f"<p class='counts'>{took.format(n=g.took_part)} &middot; "
                f"{counted.format(n=g.consented)}</p>")
        if self.suppressed:
            tip = ngettext("This report shows no figures or charts, because fewer than {n} "
                           "participant agreed to be counted. With so few people, a chart or "
                           "an average could point to one person. The counts above are all it "
                           "shares.",
                           "This report shows no figures or charts, because fewer than {n} "
                           "participants agreed to be counted. With so few people, a chart or "
                           "an average could point to one person. The counts above are all it "
                           "shares.", self.min)
            text += f"<p class='tip'>{esc(tip.format(n=self.min))}</p>"
        else:
            text += "<p class='note'>" + esc(_(
                "Figures describe only the participants who agreed to be counted, without "
                "names. Scores are prompts for a conversation, never diagnoses.")) + "</p>"
        return text

    def distributions_html(self) -> str:
        if self.suppressed:
            return ""
        parts = []
        too_few = esc(_("too few answers to show"))
        head = "".join(f"<th{cls}>{esc(word)}</th>" for cls, word in (
            ("", _("Pattern")), (" class='num'", "n"), (" class='num'", _("Mean")),
            (" class='num'", _("SD"))))
        for iid, inst in instruments.load_all().items():
            labels, groups, rows, alt = [], [], [], []
            for sub in inst.subscales:
                values = self.g.scores.get((iid, sub.id), [])
                summary = stats.summarise(values)
                if summary.n < self.min:
                    rows.append(f"<tr><th scope='row'>{esc(sub.label)}</th><td colspan='3' "
                                f"class='muted'>{too_few}</td></tr>")
                    continue
                labels.append(sub.label)
                groups.append(values)
                mean = i18n.number(summary.mean, 0)
                alt.append(_("{pattern}: mean {mean}").format(pattern=sub.label, mean=mean))
                sd = "&ndash;" if summary.sd is None else i18n.number(summary.sd, 0)
                rows.append(f"<tr><th scope='row'>{esc(sub.label)}</th><td class='num'>"
                            f"{summary.n}</td><td class='num'>{mean}</td>"
                            f"<td class='num'>{sd}</td></tr>")
            # heading, chart and table in one section: printing keeps them on one page
            block = [f"<section class='closer-block'><h3>{esc(inst.title)}</h3>"]
            if labels:
                block.append(charts.to_html(charts.distribution(labels, groups), "; ".join(alt)))
            block.append(f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(rows)
                         + "</tbody></table></section>")
            parts.append("".join(block))
        return "".join(parts)

    def key_html(self) -> str:
        """What a higher score means for every pattern: up for a habit is good news, up for a
        challenge is not, so the figures above need this beside them."""
        if self.suppressed:
            return ""
        rows = "".join(
            f"<tr><th scope='row'>{esc(sub.label)}</th><td>{esc(inst.title)}</td>"
            f"<td>{esc(sub.higher_means)}</td></tr>"
            for inst in instruments.load_all().values() for sub in inst.subscales)
        head = "".join("<th>" + esc(word) + "</th>" for word in (
            _("Pattern"), _("Self-assessment"), _("A higher score means")))
        # a long table: its heading stays with its first rows when printed (report.css)
        return ("<section class='closer-block closer-long'><h3>"
                + esc(_("What a higher score means")) + "</h3><table><thead><tr>" + head
                + "</tr></thead><tbody>" + rows + "</tbody></table></section>")

    def common_patterns(self) -> list[tuple[float, instruments.Instrument, instruments.Subscale]]:
        """Share of counted people for whom each pattern stands out, most common first."""
        out = []
        for iid, inst in instruments.load_all().items():
            for sub in inst.subscales:
                values = self.g.scores.get((iid, sub.id), [])
                if len(values) < self.min:
                    continue
                present = sum(scoring.attention(inst, v) >= COMMON_AT for v in values)
                out.append((present / len(values), inst, sub))
        out.sort(key=lambda t: (-t[0], t[1].id, t[2].id))
        return out

    def patterns_html(self) -> str:
        if self.suppressed:
            return ""
        top = self.common_patterns()[:5]
        if not top:
            return "<p class='muted'>" + esc(_("Not enough answers to compare patterns.")) \
                + "</p>"
        items = []
        for share, inst, sub in top:
            line = (_("<b>{pattern}</b> ({title}): has room to grow for {percent}% of those "
                      "counted") if inst.direction == "strength" else
                    _("<b>{pattern}</b> ({title}): stands out for {percent}% of those counted"))
            items.append("<li>" + line.format(pattern=esc(sub.label), title=esc(inst.title),
                                              percent=i18n.number(share * 100, 0)) + "</li>")
        return "<ol>" + "".join(items) + "</ol>"

    def discussion_html(self) -> str:
        if self.suppressed:
            return ""
        top = [t for t in self.common_patterns() if t[0] > 0][:3]
        if not top:
            return "<p>" + esc(_("No single pattern stood out. Ask the group which module felt "
                                 "most alive.")) + "</p>"
        return "".join(
            f"<div class='card'><p><b>{esc(sub.label)}</b></p><p>{esc(sub.group_prompt)}</p>"
            "<p class='muted'>" + esc(_("Builds on {module}").format(
                module=module_title(sub.module or inst.module))) + "</p></div>"
            for _share, inst, sub in top)

    def reflections_html(self) -> str:
        if self.suppressed:
            return ""
        quotes = list(self.g.reflections)
        if not quotes:
            return "<p class='muted'>" + esc(_("No reflections were shared for this report.")) \
                + "</p>"
        self.rng.shuffle(quotes)
        here = i18n.current()
        parts = []
        for rid, text, language in quotes:
            attr = f" lang='{esc(language)}'" if language != here else ""
            on = esc(_("on {module}").format(module=where_written(rid)))
            parts.append(f"<blockquote{attr}>{esc(text)}<br><span class='muted' lang='{here}'>"
                         f"&mdash; {on}</span></blockquote>")
        return "".join(parts)

    def reliability_html(self) -> str:
        if self.suppressed:
            return ""
        if self.g.consented < ALPHA_MIN:
            return "<p class='muted'>" + esc(_(
                "The reliability appendix appears when at least {n} participants agree to be "
                "counted.").format(n=ALPHA_MIN)) + "</p>"
        rows = []
        for iid, inst in instruments.load_all().items():
            sets = self.g.answer_sets.get(iid, [])
            for sub in inst.subscales:
                alpha, n = stats.subscale_alpha(inst, sub.id, sets)
                # Neither the alpha nor the count of a group smaller than the minimum is shown.
                enough = n >= max(ALPHA_MIN, self.min)
                shown = "&ndash;" if alpha is None or not enough else i18n.number(alpha, 2)
                count = n if n >= self.min else f"&lt;{self.min}"
                rows.append(f"<tr><td>{esc(inst.title)}</td><td>{esc(sub.label)}</td>"
                            f"<td class='num'>{len(inst.items_of(sub.id))}</td>"
                            f"<td class='num'>{count}</td><td class='num'>{shown}</td></tr>")
        head = "".join(f"<th{cls}>{esc(word)}</th>" for cls, word in (
            ("", _("Self-assessment")), ("", _("Pattern")), (" class='num'", _("Items")),
            (" class='num'", "n"), (" class='num'", _("Alpha"))))
        about = _("Cronbach's alpha shows how consistently the items of a pattern were answered "
                  "together. Around {usual} or above is usual for a short scale; lower values in "
                  "a small group are common and say more about the sample than about anyone. "
                  "Only people who answered every item of a pattern are included.")
        return ("<p>" + esc(about.format(usual=i18n.number(0.7))) + "</p><table><thead><tr>"
                + head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

    def footer_html(self) -> str:
        return footer(FOOTER)

    def show(self, section: str) -> None:
        """Display a section with its heading; a suppressed or empty section shows nothing."""
        fragment = getattr(self, f"{section}_html")()
        if fragment:
            top = heading(SECTION_HEADINGS[section]) if section in SECTION_HEADINGS else ""
            display(HTML(top + fragment))


SECTION_HEADINGS = {
    "distributions": (N_("How the group answered"),
                      N_("For each self-assessment, the dots are individual (unnamed) people, "
                         "the box holds the middle half of the group, and the diamond marks the "
                         "mean.")),
    "patterns": (N_("Patterns most common in this group"), None),
    "discussion": (N_("Suggestions for discussion"),
                   N_("Questions that follow from this group's profile. Invite people to answer "
                      "for themselves, and remind everyone they can pass.")),
    "reflections": (N_("In their own words"),
                    N_("Reflections from participants who agreed to have them quoted. They are "
                       "shuffled and carry no names.")),
    "reliability": (N_("Appendix: how consistent were the self-assessments?"), None),
}
FOOTER = N_("Only participants who agreed are counted. No pseudonyms appear in this report. "
            "Scores are prompts for reflection, never diagnoses.")


def load(directory: str, min_group_size: int = 5, generated: str = "") -> GroupReport:
    """The report of a folder, from what the builder already collected (or collected here)."""
    data = handoff.take(directory) or GroupData.collect(directory)
    return GroupReport(data, min_group_size, generated)
