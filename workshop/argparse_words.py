"""argparse's own words ("usage:", "options", "error:") in the language of the command.

argparse asks the standard library's gettext for them, which has no Spanish here; Closer's
catalog holds the ones a facilitator meets, so `workshop --help` and its errors read in one
language.
"""

from __future__ import annotations

import argparse

from workshop.i18n import N_, _, ngettext

WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def translate() -> None:
    """Make argparse look its words up in Closer's catalog (in the current language)."""
    argparse._ = _
    argparse.ngettext = ngettext
