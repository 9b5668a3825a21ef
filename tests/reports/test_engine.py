"""`reports.engine`: papermill runs a notebook inside this process, with a clean namespace,
keeping what each cell printed and displayed, and stopping at the first error."""

from __future__ import annotations

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from papermill.engines import papermill_engines
from papermill.exceptions import PapermillExecutionError

from workshop.reports import engine


def execute(tmp_path, *cells, parameters=None):
    """Run a notebook made of `cells` with the in-process engine; return the executed one."""
    path = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=list(cells), metadata={
        "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}),
        path)
    engine.register()
    return papermill.execute_notebook(
        str(path), None, parameters=parameters or {}, engine_name=engine.ENGINE_NAME,
        kernel_name="python3", progress_bar=False, log_output=False)


def test_register_names_the_engine_for_papermill():
    engine.register()
    assert papermill_engines.get_engine(engine.ENGINE_NAME) is engine.InProcessEngine


def test_printed_and_displayed_outputs_are_kept_per_cell(tmp_path):
    nb = execute(
        tmp_path,
        new_markdown_cell("## A heading"),
        new_code_cell("print('hello')"),
        new_code_cell("from IPython.display import HTML, display\n"
                      "display(HTML('<p>shown</p>'))"),
        new_code_cell("import sys\nprint('careful', file=sys.stderr)"),
    )
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [(o.output_type, o.name, o.text) for o in code[0].outputs] == \
        [("stream", "stdout", "hello\n")]
    [shown] = code[1].outputs
    assert shown.output_type == "display_data" and shown.data["text/html"] == "<p>shown</p>"
    assert [(o.name, o.text) for o in code[2].outputs] == [("stderr", "careful\n")]
    assert nb.cells[0].source == "## A heading"


def test_parameters_reach_the_notebook(tmp_path):
    nb = execute(tmp_path, new_code_cell("print(answers_path)"),
                 parameters={"answers_path": "/somewhere/river-42.json"})
    printed = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert printed == ["/somewhere/river-42.json\n"]


def test_each_notebook_starts_with_a_clean_namespace(tmp_path):
    """A report must not see what the notebook before it left behind."""
    execute(tmp_path, new_code_cell("left_behind = 'canary-previous'"))
    nb = execute(tmp_path, new_code_cell("print(globals().get('left_behind', 'clean'))"))
    [out] = nb.cells[0].outputs
    assert out.text == "clean\n"


def test_an_error_stops_the_notebook_and_is_raised(tmp_path):
    marker = tmp_path / "ran-after-the-error"
    with pytest.raises(PapermillExecutionError) as exc:
        execute(tmp_path,
                new_code_cell("raise ValueError('no such section')"),
                new_code_cell(f"open({str(marker)!r}, 'w').close()"))
    assert exc.value.ename == "ValueError"
    assert "no such section" in exc.value.evalue
    assert not marker.exists()


def test_the_shell_leaves_the_host_processs_main_module_alone():
    """IPython swaps sys.modules["__main__"] for its own; multiprocessing's spawn in the same
    process (a kernel, or pytest) then fails with "'__main__' has no attribute '__spec__'"."""
    import sys

    from IPython.core.interactiveshell import InteractiveShell

    main = sys.modules["__main__"]
    InteractiveShell.clear_instance()  # a new shell, as in a fresh process
    engine.shell()
    assert sys.modules["__main__"] is main
