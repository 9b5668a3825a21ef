"""The conversation report's closing sections: a plan for one short talk (module 07's speaker
and listener turns, a pause signal, what to do when it gets heated, and when this is not the
right tool), then where help is. Fixed words, in the current language; the only values put in
are pattern names, escaped here."""

from __future__ import annotations

from workshop import resources
from workshop.i18n import _
from workshop.reports.render import esc


def _steps(start: str, later: str) -> list[tuple[str, str]]:
    """(heading, body) of each step; bodies are plain text, `start`/`later` already HTML."""
    return [
        (_("Set a time (about 3 minutes)."),
         esc(_("Choose 20 to 30 minutes when neither of you is tired, rushed or hungry, "
               "somewhere private, with phones put away. Agree a pause signal now, before you "
               "need it: a word such as \u201cpause\u201d, or a gesture. Either of you can use "
               "it, or stop altogether, at any point and without explaining."))),
        (_("Choose one thing to talk about."),
         start + later + esc(_("Pick something small and recent rather than the biggest hurt."))),
        (_("First turn (about 5 minutes)."),
         esc(_("One of you is the speaker and holds something, such as a cushion or a pen. The "
               "speaker says what this is like for them, in short pieces, starting from \u201cI "
               "feel\u201d rather than guesses about the other person. The listener "
               "paraphrases, saying back in their own words what they heard (\u201cSo what "
               "you're saying is...\u201d), without arguing, defending or fixing, and the "
               "speaker corrects them until it fits."))),
        (_("Swap (about 5 minutes)."),
         esc(_("The listener becomes the speaker, on the same thing or one of their own, and "
               "the turn goes the same way."))),
        (_("A second round, only if you both want one (5 to 10 minutes)."),
         esc(_("Another pair of turns, on the same thing or the next one. Stopping after one "
               "round is fine: nothing has to be solved today. The aim is that both of you feel "
               "heard."))),
        (_("Agree one small thing (about 5 minutes)."),
         esc(_("Each of you can put a wish in the workshop's shape: a feeling, the situation as "
               "a camera would see it, and a small request (\u201cI feel ... when ..., and I'd "
               "like ...\u201d). Agree one small, doable thing to try this week and when you "
               "will check in on it. Then thank each other for listening."))),
    ]


def plan_html(alike: str | None, apart: str | None) -> str:
    """The plan, starting from a pattern both see alike (if any), then one seen differently."""
    if alike:
        start = _("A gentle place to start is something you see alike, such as "
                  "<b>{pattern}</b>.").format(pattern=esc(alike)) + " "
    else:
        start = esc(_("A gentle place to start is one of the reflections above.")) + " "
    later = (_("If you both feel ready later, try one you see differently, such as "
               "<b>{pattern}</b>.").format(pattern=esc(apart)) + " ") if apart else ""
    items = "".join(f"<li><b>{esc(head)}</b> {body}</li>" for head, body in _steps(start, later))
    heated = [
        _("If your heart races, your face feels hot or you can no longer take in what is said, "
          "you may be flooded. Use your signal, and say when you will come back: "
          "<i>\u201cI need a break. Can we pick this up at eight?\u201d</i>"),
        esc(_("Spend about twenty minutes on something calming, such as a walk, music or slow "
              "breathing, and try not to replay the conversation.")),
        esc(_("Come back at the time you agreed, even if only to choose another time. Some "
              "people need longer to settle, or find writing easier than talking: agree what "
              "suits you both.")),
    ]
    not_the_tool = _("Turns and pauses are for two people who can both speak up and who both "
                     "respect a pause. If talking makes either of you afraid, if a pause is not "
                     "respected (someone is followed, kept from leaving or punished later), or "
                     "if calming down always means one of you giving in, that is not a "
                     "communication problem, and this plan will not fix it. Please stop here "
                     "and look at the help below.")
    return ("<p>" + esc(_("This plan uses the speaker and listener turns from module 07."))
            + f"</p><ol>{items}</ol><div class='card'><h3>" + esc(_("If it gets heated"))
            + "</h3><ul>" + "".join(f"<li>{line}</li>" for line in heated) + "</ul></div>"
            "<div class='card'><h3>" + esc(_("When this is not the right tool")) + "</h3><p>"
            + esc(not_the_tool) + "</p></div>")


def help_html(countries: list[str | None]) -> str:
    """The safety box with the help lines of the partners' countries (or the general pointer
    when neither shared one)."""
    chosen = list(dict.fromkeys(c for c in countries if c))
    first = chosen[0] if chosen else None
    return ("<p>" + esc(_("If this conversation stirred up something painful, a counsellor of "
                          "your own or your doctor can help.")) + "</p>"
            + resources.safety_html(first) + "".join(resources.help_html(c) for c in chosen[1:]))
