"""Build one report: run its papermill template in this process and export the page.

The launcher (`batch`) decides which process builds which report; this module only builds. Each
answer file is read and validated once per report: here, before the template runs, and handed to
the template through `handoff.provide`.

The builder also chooses the report's language (the rules are in `personal`, `group` and
`together`: `language_for`), builds the page inside `i18n.using(...)` and hands the language to
the template as a parameter, which sets it in the process that renders before anything is shown.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from workshop import answers, i18n, share
from workshop.i18n import _
from workshop.reports import (
    GROUP_TEMPLATE,
    PARTICIPANT_TEMPLATE,
    TOGETHER_TEMPLATE,
    engine,
    group,
    handoff,
    personal,
    render,
    together,
)


def today() -> str:
    return _dt.date.today().isoformat()


def execute(template: Path, parameters: dict):
    """Run a report template with papermill in this process and return the executed notebook."""
    import papermill

    engine.register()
    return papermill.execute_notebook(
        str(template), None, parameters=parameters, engine_name=engine.ENGINE_NAME,
        kernel_name="python3", progress_bar=False, log_output=False,
        request_save_on_cell_execute=False)


def participant_html(path: Path, generated: str = "", module_url: str = "",
                     language: str | None = None) -> tuple[dict, str]:
    """Validate one answer file (raises AnswerFileError) and return (data, report page), in
    `language` if given, else in the language the participant works in."""
    data = answers.load(path)  # before resolving: a link must be judged as a link
    path = Path(path).resolve()
    lang = personal.language_for(data, language)
    handoff.provide(path, data)
    try:
        with i18n.using(lang):
            nb = execute(PARTICIPANT_TEMPLATE, {"answers_path": str(path),
                                                "generated": generated or today(),
                                                "module_url": module_url, "language": lang})
            title = _("Closer report: {participant}").format(participant=data["participant"])
            return data, render.page(nb, title, lang)
    finally:
        handoff.provide(path, None)


def together_html(path_a: Path, path_b: Path, generated: str = "", lang: str = "") -> str:
    """Validate two partner share files (raises ShareError) and return their conversation
    report, in `lang` if given, else the partners' shared language (English if they differ).
    Each file is read once, here, and handed to the template."""
    a, b = share.load(path_a), share.load(path_b)
    share.pair(a, b, (str(path_a), str(path_b)))
    language = together.language_for(a, b, lang)
    paths = (Path(path_a).resolve(), Path(path_b).resolve())
    for path, data in zip(paths, (a, b)):
        handoff.provide(path, data)
    try:
        with i18n.using(language):
            nb = execute(TOGETHER_TEMPLATE, {"share_a": str(paths[0]), "share_b": str(paths[1]),
                                             "generated": generated or today(), "lang": lang,
                                             "language": language})
            title = _("Closer conversation report: {a} and {b}").format(a=a["from"], b=b["from"])
            return render.page(nb, title, language)
    finally:
        for path in paths:
            handoff.provide(path, None)


def group_html(directory: Path, min_group_size: int, generated: str = "",
               language: str | None = None) -> str:
    """The group report, in `language` if given, else the one most counted participants chose.
    The folder is read once, here, and what may be counted is handed to the template."""
    directory = Path(directory).resolve()
    data = group.GroupData.collect(directory)
    lang = group.language_for(data, language)
    handoff.provide(directory, data)
    try:
        with i18n.using(lang):
            nb = execute(GROUP_TEMPLATE, {"answers_dir": str(directory),
                                          "min_group_size": int(min_group_size),
                                          "generated": generated or today(), "language": lang})
            return render.page(nb, _("Closer group report"), lang)
    finally:
        handoff.provide(directory, None)


def warm_up() -> None:
    """Import what templates need and make one rehearsal report, so every worker forked after
    this starts warm (fonts, templates, catalogs and the first figure ready)."""
    import random
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401

    from workshop import charts, content, curriculum, demo, instruments, scoring  # noqa: F401

    engine.shell()
    for language in i18n.LANGUAGES:  # every language a worker may be asked for, read once
        i18n.translations(language)
        instruments.load_all(language=language)
        curriculum.packaged(language)
        content.action_plan_fields(language)
    render.exporter()
    # The synthetic person is no one: no real data is loaded before the fork.
    with tempfile.TemporaryDirectory() as tmp:
        data = demo.participant("rehearsal", random.Random(0), demo.START)
        path = Path(tmp) / "rehearsal.json"
        answers.write_atomic(path, answers.dumps(data))
        participant_html(path)
