"""The `workshop` command: a thin layer over the library for facilitators and authors.

Every sub-command is a plain function over the library, so tests call the same code. Errors a
person can fix are one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop import __version__

EPILOG = """\
examples:
  workshop start                      JupyterLab on the welcome notebook
  workshop start --voila              the app view (Voila) on the welcome notebook
  workshop validate answers/*.json    check answer files before a session's reports
  workshop demo-cohort --n 30 --seed 1 --out demo/
  workshop scores demo/ --out scores.csv
  workshop reports demo/ --out reports/
  workshop agenda --start 09:30       the session plan from the curriculum

Answer files live in ./answers/ unless WORKSHOP_ANSWERS_DIR names another folder.
Nothing any command does sends data over the network.
"""


def _err(message: str) -> None:
    print(f"workshop: {message}", file=sys.stderr)


def cmd_validate(args) -> int:
    from workshop import answers

    bad = 0
    for name in args.files:
        try:
            data = answers.load(name)
        except answers.AnswerFileError as exc:
            bad += 1
            print(f"INVALID {exc}", file=sys.stderr)
        else:
            if not args.quiet:
                print(f"ok      {name} ({data['participant']})")
    if not args.quiet:
        print(f"{len(args.files) - bad} valid, {bad} invalid", file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0


def cmd_demo_cohort(args) -> int:
    from workshop import demo

    if args.n < 1:
        _err("--n must be at least 1")
        return 2
    paths = demo.write_cohort(args.n, args.seed, args.out)
    print(f"wrote {len(paths)} synthetic answer files to {args.out} (seed {args.seed})")
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
        _err(f"{directory} is not a folder")
        return 2
    count, errors = write_scores(directory, Path(args.out))
    for e in errors:
        print(f"INVALID {e}", file=sys.stderr)
    print(f"scored {count} participants into {args.out}"
          + (f"; {len(errors)} file(s) rejected" if errors else ""))
    return 1 if errors else 0


def cmd_reports(args) -> int:
    from workshop import answers
    from workshop.reports import batch

    directory = Path(args.dir)
    if not directory.is_dir():
        _err(f"{directory} is not a folder")
        return 2
    if args.workers is not None and args.workers < 1:
        _err("--workers must be at least 1")
        return 2
    try:
        answers.check_output_folder(directory, Path(args.out))
    except ValueError as exc:
        _err(str(exc))
        return 2
    result = batch.build_all(directory, Path(args.out), workers=args.workers,
                             min_group_size=args.min_group_size, pdf=args.pdf,
                             progress=not args.quiet, module_url=args.module_url)
    for e in result.errors:
        print(f"INVALID {e}", file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    print(f"{result.reports} personal report(s), group report and scores.csv in {args.out}"
          + (f"; {len(result.errors)} file(s) rejected" if result.errors else ""))
    return 1 if result.errors or result.failed else 0


def cmd_agenda(args) -> int:
    from workshop import agenda, curriculum

    modules = curriculum.load()
    if args.update_guide:
        page = Path(args.update_guide)
        page.write_text(agenda.update_guide(page.read_text(encoding="utf-8"), modules),
                        encoding="utf-8")
        print(f"updated the agenda in {page}")
        return 0
    print(agenda.markdown(modules, start=args.start, short=args.short), end="")
    return 0


def cmd_start(args) -> int:
    from workshop import launch

    return launch.start(voila=args.voila, port=args.port, open_browser=not args.no_browser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Closer: run the emotional-intimacy workshop, check answer files and make "
                    "private reports.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"closer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("start", help="open the workshop on the welcome notebook",
                       description="Start JupyterLab (or Voila with --voila) on the welcome "
                                   "notebook and print the local address to open.")
    p.add_argument("--voila", action="store_true", help="the app view: no code, only the lesson")
    p.add_argument("--port", type=int, default=8888, help="local port (default 8888)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.set_defaults(func=cmd_start)

    p = sub.add_parser("validate", help="check answer files and say what is wrong with each",
                       description="Check answer files against the format and the instruments. "
                                   "Exit 0 if all are valid, 1 if any is not.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the problems")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("demo-cohort", help="write N realistic synthetic answer files",
                       description="Write N synthetic answer files for demos and benchmarks. "
                                   "The same seed always gives the same files.")
    p.add_argument("--n", type=int, required=True, help="how many participants")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", required=True, help="folder to write into (created)")
    p.set_defaults(func=cmd_demo_cohort)

    p = sub.add_parser("scores", help="score every valid answer file in a folder into a CSV",
                       description="One CSV row per participant, instrument and subscale. "
                                   "Invalid files are listed on standard error and skipped.")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p.set_defaults(func=cmd_scores)

    p = sub.add_parser("reports", help="personal reports, a group report and scores.csv",
                       description="Write OUT/participants/<participant>.html for everyone, "
                                   "OUT/group.html from those who consented, and OUT/scores.csv. "
                                   "Invalid files are listed on standard error and skipped.")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--out", required=True, metavar="OUT")
    p.add_argument("--workers", type=int, default=None,
                   help="parallel workers (default: the number of cores)")
    p.add_argument("--min-group-size", type=int, default=5,
                   help="fewest consenting participants for any group figure (default 5)")
    p.add_argument("--pdf", action="store_true", help="also write PDFs (needs Chromium)")
    p.add_argument("--module-url", default="", metavar="URL",
                   help="where the notebooks are served, so personal reports link back to "
                        "each module (e.g. your Binder Voila address ending in "
                        "'voila/render/notebooks/'); by default modules are named, not linked")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("agenda", help="print the session plan from the curriculum",
                       description="Print the session agenda (Markdown) from curriculum.toml.")
    p.add_argument("--start", default="10:00", help="start time, HH:MM (default 10:00)")
    p.add_argument("--short", action="store_true", help="the 90-minute format")
    p.add_argument("--update-guide", metavar="PAGE",
                   help="rewrite the agenda blocks of a guide page (facilitator_guide/agenda.md)")
    p.set_defaults(func=cmd_agenda)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except (OSError, ValueError) as exc:
        _err(str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
