"""The `workshop` command: a thin layer over the library for facilitators and authors.

Every sub-command is a plain function over the library, so tests call the same code. Errors a
person can fix are one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop import __version__, argparse_words, i18n
from workshop.i18n import N_, _, ngettext

EPILOG = N_("""\
examples:
  workshop start                      JupyterLab on the welcome notebook
  workshop start --voila              the app view (Voila) on the welcome notebook
  workshop validate answers/*.json    check answer files before a session's reports
  workshop demo-cohort --n 30 --seed 1 --out demo/
  workshop scores demo/ --out scores.csv
  workshop reports demo/ --out reports/
  workshop share answers/river-42.json --for partner --instruments walls --out mine.json
  workshop together mine.json theirs.json --out our-report/
  workshop agenda --start 09:30       the session plan from the curriculum
  sudo workshop hub                   Closer on JupyterHub for a group (workshop hub --help)

Answer files live in ./answers/ unless WORKSHOP_ANSWERS_DIR names another folder.
Nothing any command does sends data over the network, except `workshop hub`, which serves
the workshop to your group from this machine.
""")


def _err(message: str) -> None:
    print(f"workshop: {message}", file=sys.stderr)


def _invalid(error) -> None:
    print(_("INVALID {problem}").format(problem=error), file=sys.stderr)


def cmd_validate(args) -> int:
    from workshop import answers

    bad = 0
    for name in args.files:
        try:
            data = answers.load(name)
        except answers.AnswerFileError as exc:
            bad += 1
            _invalid(exc)
        else:
            if not args.quiet:
                print(_("ok      {file} ({participant})").format(file=name,
                                                             participant=data["participant"]))
    if not args.quiet:
        print(_("{valid} valid, {invalid} invalid").format(valid=len(args.files) - bad, invalid=bad),
              file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0


def cmd_demo_cohort(args) -> int:
    from workshop import demo

    if args.n < 1:
        _err(_("--n must be at least 1"))
        return 2
    paths = demo.write_cohort(args.n, args.seed, args.out)
    print(_("wrote {n} synthetic answer files to {folder} (seed {seed})").format(
        n=len(paths), folder=args.out, seed=args.seed))
    return 0


def write_scores(directory: Path, out: Path) -> tuple[int, list[str]]:
    """Score every valid file in a folder into a CSV; return (participants scored, errors)."""
    from workshop import answers, scoring

    errors = []
    count = 0
    with scoring.csv_writer(out) as writer:
        for _path, data, error in answers.scan(directory):
            if error is not None:
                errors.append(str(error))
                continue
            writer.writerows(scoring.csv_rows(data))
            count += 1
    return count, errors


def cmd_scores(args) -> int:
    directory = Path(args.dir)
    if not directory.is_dir():
        _err(_("{folder} is not a folder").format(folder=directory))
        return 2
    count, errors = write_scores(directory, Path(args.out))
    for e in errors:
        _invalid(e)
    print(ngettext("scored {n} participant into {file}", "scored {n} participants into {file}",
                   count).format(n=count, file=args.out) + _rejected(len(errors)))
    return 1 if errors else 0


def _rejected(n: int) -> str:
    return ngettext("; {n} file(s) rejected", "; {n} file(s) rejected", n).format(n=n) if n else ""


def cmd_reports(args) -> int:
    from workshop import answers
    from workshop.reports import batch

    directory = Path(args.dir)
    if not directory.is_dir():
        _err(_("{folder} is not a folder").format(folder=directory))
        return 2
    if args.workers is not None and args.workers < 1:
        _err(_("--workers must be at least 1"))
        return 2
    try:
        answers.check_output_folder(directory, Path(args.out))
    except ValueError as exc:
        _err(str(exc))
        return 2
    result = batch.build_all(directory, Path(args.out), workers=args.workers,
                             min_group_size=args.min_group_size, pdf=args.pdf,
                             progress=not args.quiet, module_url=args.module_url,
                             language=args.lang)
    for e in result.errors:
        _invalid(e)
    for note in result.notes:
        print(note, file=sys.stderr)
    # The English "(s)" forms are what scripts and tests read; ngettext gives Spanish its plurals.
    shares = ngettext("; {n} facilitator share file(s) counted in the group report only",
                      "; {n} facilitator share file(s) counted in the group report only",
                      len(result.shares)).format(n=len(result.shares)) if result.shares else ""
    print(ngettext("{n} personal report(s), group report and scores.csv in {folder}",
                   "{n} personal report(s), group report and scores.csv in {folder}",
                   result.reports).format(n=result.reports, folder=args.out)
          + shares + _rejected(len(result.errors)))
    return 1 if result.errors or result.failed else 0


def cmd_share(args) -> int:
    from workshop import answers, share

    source, out = Path(args.file), Path(args.out)
    try:
        data = answers.load(source)
    except answers.AnswerFileError as exc:
        if exc.field == "format" and share.is_share(source):
            _err(_("{file} is a share file already; `workshop share` makes one from your "
                   "answer file (answers/<pseudonym>.json)").format(file=source))
        else:
            _err(str(exc))
        return 1
    chosen, written = share.split_ids(args.instruments), share.split_ids(args.reflections)
    if not chosen and not written:
        answered = ", ".join(k for k, v in data["instruments"].items() if v)
        has = [_("self-assessments: {ids}").format(ids=answered) if answered else "",
               _("reflections: {ids}").format(ids=", ".join(data["reflections"]))
               if data["reflections"] else ""]
        _err(_("nothing is chosen: a share file holds only what you choose, and nothing is "
               "chosen by default; name what to share with --instruments and --reflections")
             + (_(" (your file has {what})").format(what="; ".join(h for h in has if h))
                if any(has) else ""))
        return 2
    if out.is_dir():
        _err(_("--out {path} is a folder; give the name of the share file to write").format(
            path=out))
        return 2
    if out.exists() and (out.resolve() == source.resolve() or not share.is_share(out)):
        _err(_("--out {path} already exists and is not a share file; choose another name")
             .format(path=out))
        return 2
    try:
        made = share.make(data, args.audience, chosen, written)
        share.write(made, out)
    except share.ShareError as exc:
        _err(str(exc))
        return 1
    print(_("wrote {file} (readable only by you). It holds:").format(file=out))
    for line in share.describe(made):
        print(f"  - {line}")
    if args.audience == "partner":
        print(_("Give it only to your partner, and only if you feel safe with them and free to "
                "choose.") + " " + _help_line(data.get("country")))
    else:
        print(_("Give it to your facilitator; it counts in the group report without your name."))
    return 0


def _help_line(country: str | None) -> str:
    from workshop import resources

    return _("If you feel afraid or pressured, you do not have to share anything.") + " " + \
        resources.help_text(country)


def cmd_together(args) -> int:
    from workshop import files, share
    from workshop.reports import build

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        _err(_("--out {path} is a file; give a folder for together.html").format(path=out))
        return 2
    try:
        page = build.together_html(Path(args.share_a), Path(args.share_b), lang=args.lang or "")
    except share.ShareError as exc:
        _err(str(exc))
        return 1
    except Exception as exc:  # a broken template: one line, not a traceback
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
        _err(_("the conversation report could not be made: {problem}").format(
            problem=f"{type(exc).__name__}: {detail}"))
        return 1
    files.private_dir(out)
    files.write_private(out / "together.html", page)
    print(_("wrote {file} (readable only by you). It holds only what you both chose to share; "
            "keep it private.").format(file=out / "together.html"))
    return 0


def cmd_agenda(args) -> int:
    from workshop import agenda, curriculum

    modules = curriculum.load()
    if args.update_guide:
        page = Path(args.update_guide)
        page.write_text(agenda.update_guide(page.read_text(encoding="utf-8"), modules),
                        encoding="utf-8")
        print(_("updated the agenda in {page}").format(page=page))
        return 0
    print(agenda.markdown(modules, start=args.start, short=args.short), end="")
    return 0


def cmd_start(args) -> int:
    from workshop import launch

    return launch.start(voila=args.voila, port=args.port, open_browser=not args.no_browser,
                        language=args.lang or i18n.current())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description=_("Closer: run the emotional-intimacy workshop, check answer files and make "
                      "private reports."),
        epilog=_(EPILOG), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"closer {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("start", help=_("open the workshop on the welcome notebook"),
                       description=_("Start JupyterLab (or Voila with --voila) on the welcome "
                                     "notebook and print the local address to open."))
    p.add_argument("--voila", action="store_true", help=_("the app view: no code, only the lesson"))
    p.add_argument("--port", type=int, default=8888, help=_("local port (default 8888)"))
    p.add_argument("--no-browser", action="store_true", help=_("do not open a browser window"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                   help=_("the welcome page's language: en (English) or es (Spanish); by default "
                          "the language of this terminal"))
    p.set_defaults(func=cmd_start)

    p = sub.add_parser("validate", help=_("check answer files and say what is wrong with each"),
                       description=_("Check answer files against the format and the instruments. "
                                     "Exit 0 if all are valid, 1 if any is not."))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help=_("print only the problems"))
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("demo-cohort", help=_("write N realistic synthetic answer files"),
                       description=_("Write N synthetic answer files for demos and benchmarks. "
                                     "The same seed always gives the same files."))
    p.add_argument("--n", type=int, required=True, help=_("how many participants"))
    p.add_argument("--seed", type=int, default=0, help=_("random seed (default 0)"))
    p.add_argument("--out", required=True, help=_("folder to write into (created)"))
    p.set_defaults(func=cmd_demo_cohort)

    p = sub.add_parser("scores", help=_("score every valid answer file in a folder into a CSV"),
                       description=_("One CSV row per participant, instrument and subscale. "
                                     "Invalid files are listed on standard error and skipped."))
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p.set_defaults(func=cmd_scores)

    p = sub.add_parser("reports", help=_("personal reports, a group report and scores.csv"),
                       description=_("Write OUT/participants/<participant>.html for everyone, "
                                     "OUT/group.html from those who consented, and OUT/scores.csv. "
                                     "Facilitator share files in DIR (from `workshop share --for "
                                     "facilitator`) count in the group report only, each once. "
                                     "Invalid files, and partner share files, are listed on "
                                     "standard error and skipped."))
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--out", required=True, metavar="OUT")
    p.add_argument("--workers", type=int, default=None,
                   help=_("parallel workers (default: the number of cores)"))
    p.add_argument("--min-group-size", type=int, default=5,
                   help=_("fewest consenting participants for any group figure (default 5)"))
    p.add_argument("--pdf", action="store_true", help=_("also write PDFs (needs Chromium)"))
    p.add_argument("--module-url", default="", metavar="URL",
                   help=_("where the notebooks are served, so personal reports link back to "
                          "each module (e.g. your Binder Voila address ending in "
                          "'voila/render/notebooks/'); by default modules are named, not linked"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                   help=_("the reports' language: en or es; by default each personal report "
                          "follows its participant's language and the group report the "
                          "language most participants chose"))
    p.add_argument("-q", "--quiet", action="store_true", help=_("no progress bar"))
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser(
        "share", help=_("make a share file: only what you choose, for your partner or the "
                        "facilitator"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_("Write a share file from your answer file. It holds only the self-assessments "
                      "and reflections you name, and nothing else (no consents, exercises or action "
                      "plan). Nothing is chosen by default.\n\n"
                      "--for partner: signed with your pseudonym, for `workshop together`. Share "
                      "only if you feel safe with your partner and free to choose.\n"
                      "--for facilitator: without your pseudonym, for the group report; needs "
                      "your consent to be counted (and to be quoted, for reflections).\n\n"
                      "Exit status: 0 written, 1 refused (for example no consent, or a choice you "
                      "have not answered), 2 usage (for example nothing chosen)."),
        epilog=_("example:\n  workshop share answers/river-42.json --for partner "
                 "--instruments walls,fears --reflections walls-notice --out river-42-share.json"))
    p.add_argument("file", metavar="FILE", help=_("your answer file"))
    p.add_argument("--for", dest="audience", required=True, choices=["partner", "facilitator"],
                   help=_("who the file is for"))
    p.add_argument("--instruments", metavar="a,b",
                   help=_("self-assessments to share, by id (walls, fears, connection, ...)"))
    p.add_argument("--reflections", metavar="x,y",
                   help=_("reflections to share, by id (as in your answer file, e.g. walls-notice)"))
    p.add_argument("--out", required=True, metavar="SHARE", help=_("the share file to write (0600)"))
    p.set_defaults(func=cmd_share)

    p = sub.add_parser(
        "together", help=_("a couple's conversation report from two partner share files"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_("Write DIR/together.html from your share file and your partner's (both made "
                      "with `workshop share --for partner`). The report compares only what you both "
                      "shared, and plans one short conversation. It is for two people who both "
                      "feel safe with each other and free to say no.\n\n"
                      "Exit status: 0 written, 1 refused (for example two files from the same "
                      "person, a facilitator share, or an answer file given instead of a share "
                      "file), 2 usage."))
    p.add_argument("share_a", metavar="SHARE_A")
    p.add_argument("share_b", metavar="SHARE_B")
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder for together.html (0700)"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                   help=_("the report's language: en or es; by default the partners' own "
                          "language"))
    p.set_defaults(func=cmd_together)

    p = sub.add_parser("agenda", help=_("print the session plan from the curriculum"),
                       description=_("Print the session agenda (Markdown) from curriculum.toml."))
    p.add_argument("--start", default="10:00", help=_("start time, HH:MM (default 10:00)"))
    p.add_argument("--short", action="store_true", help=_("the 90-minute format"))
    p.add_argument("--update-guide", metavar="PAGE",
                   help=_("rewrite the agenda blocks of a guide page (facilitator_guide/agenda.md)"))
    p.set_defaults(func=cmd_agenda)

    from workshop.hub import run as hub_run  # `workshop hub`: its options live with the hub

    hub_run.add_parser(sub)
    return parser


def language_of(argv: list[str]) -> str:
    """The language of this command's messages: its --lang if it has one, else the terminal's."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else (
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None)
        if value in i18n.LANGUAGES:
            return value
    return i18n.from_environment()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    i18n.use(language_of(argv))
    argparse_words.translate()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err(_("interrupted"))
        return 130
    except (OSError, ValueError) as exc:
        _err(str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
