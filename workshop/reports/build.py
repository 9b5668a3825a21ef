"""Build one report: run its papermill template in this process and export the page.

The launcher (`batch`) decides which process builds which report; this module only builds. Each
answer file is read and validated once per report: here, before the template runs, and handed to
the template through `handoff.provide`.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from workshop import answers, share
from workshop.reports import (
    GROUP_TEMPLATE,
    PARTICIPANT_TEMPLATE,
    TOGETHER_TEMPLATE,
    engine,
    handoff,
    render,
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


def participant_html(path: Path, generated: str = "", module_url: str = "") -> tuple[dict, str]:
    """Validate one answer file (raises AnswerFileError) and return (data, report page)."""
    data = answers.load(path)  # before resolving: a link must be judged as a link
    path = Path(path).resolve()
    handoff.provide(path, data)
    try:
        nb = execute(PARTICIPANT_TEMPLATE, {"answers_path": str(path),
                                            "generated": generated or today(),
                                            "module_url": module_url})
    finally:
        handoff.provide(path, None)
    return data, render.page(nb, f"Closer report: {data['participant']}")


def together_html(path_a: Path, path_b: Path, generated: str = "", lang: str = "") -> str:
    """Validate two partner share files (raises ShareError) and return their conversation
    report. Each file is read once, here, and handed to the template."""
    a, b = share.load(path_a), share.load(path_b)
    share.pair(a, b, (str(path_a), str(path_b)))
    paths = (Path(path_a).resolve(), Path(path_b).resolve())
    for path, data in zip(paths, (a, b)):
        handoff.provide(path, data)
    try:
        nb = execute(TOGETHER_TEMPLATE, {"share_a": str(paths[0]), "share_b": str(paths[1]),
                                         "generated": generated or today(), "lang": lang})
    finally:
        for path in paths:
            handoff.provide(path, None)
    return render.page(nb, f"Closer conversation report: {a['from']} and {b['from']}")


def group_html(directory: Path, min_group_size: int, generated: str = "") -> str:
    nb = execute(GROUP_TEMPLATE, {"answers_dir": str(Path(directory).resolve()),
                                  "min_group_size": int(min_group_size),
                                  "generated": generated or today()})
    return render.page(nb, "Closer group report")


def warm_up() -> None:
    """Import what templates need and make one rehearsal report, so every worker forked after
    this starts warm (fonts, templates and the first figure ready)."""
    import random
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401

    from workshop import charts, demo, instruments, scoring  # noqa: F401
    from workshop.reports import group  # noqa: F401

    engine.shell()
    instruments.load_all()
    render.exporter()
    # The synthetic person is no one: no real data is loaded before the fork.
    with tempfile.TemporaryDirectory() as tmp:
        data = demo.participant("rehearsal", random.Random(0), demo.START)
        path = Path(tmp) / "rehearsal.json"
        answers.write_atomic(path, answers.dumps(data))
        participant_html(path)
