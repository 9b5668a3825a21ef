"""The shape of the package: no import circle anywhere in `workshop/`, and no module too long to
read in one sitting. Both are read from the source, so lazy imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "workshop"
MAX_LINES = 400


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every workshop module this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from workshop import answers` imports workshop.answers; `from workshop.x import y`
            # imports workshop.x (and workshop.x.y when that is a module).
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    files = {module_name(p, package): p for p in package.rglob("*.py")}
    known = set(files)
    edges = {name: imports_of(path, known) - {name} for name, path in files.items()}
    # A package's __init__ is imported by every module inside it: that is not a circle.
    return {name: {t for t in targets if not name.startswith(t + ".")}
            for name, targets in edges.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of module names, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_circle_it_is_shown():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_lazy_imports(tmp_path):
    pkg = tmp_path / "workshop"
    (pkg / "reports").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "reports" / "__init__.py").write_text("")
    (pkg / "reports" / "batch.py").write_text("def f():\n    from workshop.reports import engine\n")
    (pkg / "reports" / "engine.py").write_text("from workshop.reports.batch import f\n")
    edges = graph(pkg)
    assert edges["workshop.reports.batch"] == {"workshop.reports.engine"}
    assert find_cycle(edges) is not None


def test_no_import_circle_in_the_package():
    cycle = find_cycle(graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"


def test_every_module_has_a_test_file_that_mirrors_it():
    """workshop/X.py -> tests/test_X.py; workshop/reports/X.py -> tests/reports/test_X.py."""
    tests = PACKAGE.parent / "tests"
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        sub = path.parent.relative_to(PACKAGE)
        expected = tests / sub / f"test_{path.stem}.py"
        if not expected.exists():
            missing.append(str(expected.relative_to(PACKAGE.parent)))
    assert missing == [], f"modules without a mirroring test file: {missing}"
