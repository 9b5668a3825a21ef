"""A papermill engine that runs a report template inside the current Python process.

Why: starting a Jupyter kernel and importing matplotlib cost most of a report's time. The report
batch forks one fresh worker process per participant from a parent that has already imported
everything (`build.warm_up`), and each worker runs its template with this engine. A worker serves exactly one
participant and then exits, so no report ever runs where another participant's data has been.

Registered with papermill under the name `closer-inprocess` by `register()`. (Not as an entry
point: papermill loads entry points while it is itself being imported, which would make this
module import itself half-way.)
"""

from __future__ import annotations

import sys
import traceback

import nbformat
from papermill.engines import Engine


def shell():
    """The process's IPython shell, so `display()` in a template produces rich outputs."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if InteractiveShell.initialized():
        return InteractiveShell.instance()
    # No history database: it would open ~/.ipython/.../history.sqlite and start a saving thread
    # in the parent, and neither an open SQLite connection nor a thread survives a fork safely.
    config = Config()
    config.HistoryManager.enabled = False
    # IPython puts its own module in sys.modules["__main__"]; a host process (pytest, a
    # notebook's kernel) keeps its real __main__, which `multiprocessing` spawn needs.
    main = sys.modules.get("__main__")
    try:
        return InteractiveShell.instance(config=config)
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class InProcessEngine(Engine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        from IPython.utils.capture import capture_output

        ip = shell()
        ip.reset(new_session=False)  # a clean namespace for each notebook
        for index, cell in enumerate(nb_man.nb.cells):
            if cell.cell_type != "code":
                continue
            nb_man.cell_start(cell, index)
            with capture_output(stdout=True, stderr=True, display=True) as captured:
                result = ip.run_cell(cell.source, store_history=False, silent=False)
            outputs = []
            if captured.stdout:
                outputs.append(nbformat.v4.new_output("stream", name="stdout",
                                                      text=captured.stdout))
            if captured.stderr:
                outputs.append(nbformat.v4.new_output("stream", name="stderr",
                                                      text=captured.stderr))
            for out in captured.outputs:
                outputs.append(nbformat.v4.new_output("display_data", data=out.data,
                                                      metadata=out.metadata))
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                outputs.append(nbformat.v4.new_output(
                    "error", ename=type(error).__name__, evalue=str(error),
                    traceback=traceback.format_exception(error)))
                cell.outputs = outputs
                nb_man.cell_exception(cell, index)
                nb_man.cell_complete(cell, index)
                break
            cell.outputs = outputs
            nb_man.cell_complete(cell, index)


ENGINE_NAME = "closer-inprocess"


def register() -> None:
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, InProcessEngine)
