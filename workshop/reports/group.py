"""The group report: built only from participants who consented, and never naming anyone.

Privacy rules, each tested:
- only files with `consent.group_report` true contribute to any figure, count of a subgroup,
  pattern or suggestion; the only number that includes everyone is how many took part;
- below `min_group_size` consenting participants, nothing but the two counts is shown;
- a subscale with fewer scored participants than `min_group_size` shows no figure either;
- reflections are quoted only with `consent.reflections_in_group_report`, shuffled, unnamed;
- no pseudonym is ever written into the page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from IPython.display import HTML, display

from workshop import answers, charts, curriculum, instruments, scoring, stats
from workshop.reports.personal import module_title
from workshop.share import FORMAT as SHARE_FORMAT
from workshop.share import ShareError, read_either
from workshop.reports.render import esc

ALPHA_MIN = 10
COMMON_AT = 50  # a pattern counts as "present" for a person at this score or above



@dataclass
class GroupData:
    took_part: int = 0
    consented: int = 0
    rejected: int = 0
    scores: dict = field(default_factory=dict)   # (instrument, subscale) -> [score]
    answer_sets: dict = field(default_factory=dict)  # instrument -> [answers]
    reflections: list = field(default_factory=list)  # (module title, text)

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
        """Add one consenting person's scores, answers and (if agreed) reflections."""
        for iid, results in scoring.score_all(data).items():
            given = data["instruments"].get(iid)
            if given:
                self.answer_sets.setdefault(iid, []).append(dict(given))
            for r in results:
                if r.score is not None:
                    self.scores.setdefault((iid, r.subscale), []).append(r.score)
        if quote:
            for rid, text in data.get("reflections", {}).items():
                m = curriculum.module_of_reflection(rid)
                self.reflections.append((module_title(m.id) if m else rid.split("-")[0], text))


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
        text = (f"<div class='kicker'>Closer &middot; group report</div><h1>Our group at a "
                f"glance</h1><p class='meta'>Made on {esc(self.generated)}</p>"
                f"<p class='counts'><b>{g.took_part}</b> took part &middot; <b>{g.consented}</b> "
                f"agreed to be counted in this report</p>")
        if self.suppressed:
            text += (f"<p class='tip'>This report shows no figures or charts, because fewer than "
                     f"{self.min} participants agreed to be counted. With so few people, "
                     f"a chart or an average could point to one person. The counts above are all "
                     f"it shares.</p>")
        else:
            text += ("<p class='note'>Figures describe only the participants who agreed to be "
                     "counted, without names. Scores are prompts for a conversation, never "
                     "diagnoses.</p>")
        return text

    def distributions_html(self) -> str:
        if self.suppressed:
            return ""
        parts = []
        for iid, inst in instruments.load_all().items():
            labels, groups, rows = [], [], []
            for sub in inst.subscales:
                values = self.g.scores.get((iid, sub.id), [])
                summary = stats.summarise(values)
                if summary.n < self.min:
                    rows.append(f"<tr><th scope='row'>{esc(sub.label)}</th><td colspan='3' "
                                f"class='muted'>too few answers to show</td></tr>")
                    continue
                labels.append(sub.label)
                groups.append(values)
                sd = "&ndash;" if summary.sd is None else f"{summary.sd:.0f}"
                rows.append(f"<tr><th scope='row'>{esc(sub.label)}</th><td class='num'>"
                            f"{summary.n}</td><td class='num'>{summary.mean:.0f}</td>"
                            f"<td class='num'>{sd}</td></tr>")
            # heading, chart and table in one section: printing keeps them on one page
            block = [f"<section class='closer-block'><h3>{esc(inst.title)}</h3>"]
            if labels:
                alt = "; ".join(f"{label}: mean {sum(v) / len(v):.0f}"
                                for label, v in zip(labels, groups))
                block.append(charts.to_html(charts.distribution(labels, groups), alt))
            block.append("<table><thead><tr><th>Pattern</th><th class='num'>n</th>"
                         "<th class='num'>Mean</th><th class='num'>SD</th>"
                         "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>")
            parts.append("".join(block))
        return "".join(parts)

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
            return "<p class='muted'>Not enough answers to compare patterns.</p>"
        items = []
        for share, inst, sub in top:
            what = "has room to grow" if inst.direction == "strength" else "stands out"
            items.append(f"<li><b>{esc(sub.label)}</b> ({esc(inst.title)}): {what} for "
                         f"{share * 100:.0f}% of those counted</li>")
        return "<ol>" + "".join(items) + "</ol>"

    def discussion_html(self) -> str:
        if self.suppressed:
            return ""
        top = [t for t in self.common_patterns() if t[0] > 0][:3]
        if not top:
            return "<p>No single pattern stood out. Ask the group which module felt most alive.</p>"
        return "".join(
            f"<div class='card'><p><b>{esc(sub.label)}</b></p><p>{esc(sub.group_prompt)}</p>"
            f"<p class='muted'>Builds on {esc(module_title(sub.module or inst.module))}</p></div>"
            for _, inst, sub in top)

    def reflections_html(self) -> str:
        if self.suppressed:
            return ""
        quotes = list(self.g.reflections)
        if not quotes:
            return "<p class='muted'>No reflections were shared for this report.</p>"
        self.rng.shuffle(quotes)
        return "".join(f"<blockquote>{esc(text)}<br><span class='muted'>&mdash; on "
                       f"{esc(where)}</span></blockquote>" for where, text in quotes)

    def reliability_html(self) -> str:
        if self.suppressed or self.g.consented < ALPHA_MIN:
            return (f"<p class='muted'>The reliability appendix appears when at least {ALPHA_MIN} "
                    "participants agree to be counted.</p>") if not self.suppressed else ""
        rows = []
        for iid, inst in instruments.load_all().items():
            sets = self.g.answer_sets.get(iid, [])
            for sub in inst.subscales:
                alpha, n = stats.subscale_alpha(inst, sub.id, sets)
                # Neither the alpha nor the count of a group smaller than the minimum is shown.
                enough = n >= max(ALPHA_MIN, self.min)
                shown = "&ndash;" if alpha is None or not enough else f"{alpha:.2f}"
                count = n if n >= self.min else f"&lt;{self.min}"
                rows.append(f"<tr><td>{esc(inst.title)}</td><td>{esc(sub.label)}</td>"
                            f"<td class='num'>{len(inst.items_of(sub.id))}</td>"
                            f"<td class='num'>{count}</td><td class='num'>{shown}</td></tr>")
        return ("<p>Cronbach's alpha shows how consistently the items of a pattern were answered "
                "together. Around 0.7 or above is usual for a short scale; lower values in a "
                "small group are common and say more about the sample than about anyone. Only "
                "people who answered every item of a pattern are included.</p><table><thead><tr>"
                "<th>Self-assessment</th><th>Pattern</th><th class='num'>Items</th>"
                "<th class='num'>n</th><th class='num'>Alpha</th>"
                "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

    def show(self, section: str) -> None:
        """Display a section with its heading; a suppressed or empty section shows nothing."""
        fragment = getattr(self, f"{section}_html")()
        if fragment:
            display(HTML(SECTION_HEADINGS.get(section, "") + fragment))


SECTION_HEADINGS = {
    "distributions": "<h2>How the group answered</h2><p>For each self-assessment, the dots are "
                     "individual (unnamed) people, the box holds the middle half of the group, "
                     "and the diamond marks the mean.</p>",
    "patterns": "<h2>Patterns most common in this group</h2>",
    "discussion": "<h2>Suggestions for discussion</h2><p>Questions that follow from this "
                  "group's profile. Invite people to answer for themselves, and remind everyone "
                  "they can pass.</p>",
    "reflections": "<h2>In their own words</h2><p>Reflections from participants who agreed to "
                   "have them quoted. They are shuffled and carry no names.</p>",
    "reliability": "<h2>Appendix: how consistent were the self-assessments?</h2>",
}


def load(directory: str, min_group_size: int = 5, generated: str = "") -> GroupReport:
    return GroupReport(GroupData.collect(directory), min_group_size, generated)
