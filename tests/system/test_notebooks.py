"""The curriculum notebooks: saved clean, built only from known calls, and runnable top to bottom.

The static checks read the notebooks as JSON and their code cells with `ast`, so they run in a
blink. The `slow` test runs each notebook in a fresh kernel with nbclient, as Voila would.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from workshop import content, curriculum, exercises, instruments, lesson

REPO_ROOT = curriculum.REPO_ROOT
MODULES = curriculum.load()
IDS = [m.id for m in MODULES]
REFLECTION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def read(module: curriculum.Module) -> nbformat.NotebookNode:
    return nbformat.read(REPO_ROOT / module.notebook, as_version=4)


NOTEBOOKS = {m.id: read(m) for m in MODULES}


def code_cells(module_id: str) -> list:
    return [c for c in NOTEBOOKS[module_id].cells if c.cell_type == "code"]


def markdown(module_id: str) -> str:
    return "\n\n".join(c.source for c in NOTEBOOKS[module_id].cells if c.cell_type == "markdown")


def the_call(cell) -> ast.Call:
    """The one call a code cell makes, after an optional `from workshop import ...` line."""
    body = ast.parse(cell.source).body
    if body and isinstance(body[0], ast.ImportFrom):
        assert body[0].module == "workshop", cell.source
        body = body[1:]
    assert len(body) == 1, f"more than one statement in a cell:\n{cell.source}"
    statement = body[0]
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call), cell.source
    return statement.value


def calls(module_id: str) -> list[tuple[str, str, list]]:
    """(module, function, literal arguments) for every code cell."""
    out = []
    for cell in code_cells(module_id):
        call = the_call(cell)
        func = call.func
        assert isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name), cell.source
        assert not call.keywords, f"use positional literals only:\n{cell.source}"
        args = [ast.literal_eval(a) for a in call.args]
        out.append((func.value.id, func.attr, args))
    return out


def calls_to(name: str) -> list[tuple[str, list]]:
    return [(mid, args) for mid in IDS for mod, func, args in calls(mid)
            if mod == "exercises" and func == name]


# --------------------------------------------------------------------------- files

def test_every_module_has_its_numbered_notebook():
    for n, m in enumerate(MODULES):
        assert re.fullmatch(rf"notebooks/{n:02d}-[a-z0-9-]+\.ipynb", m.notebook), m.notebook
        assert (REPO_ROOT / m.notebook).is_file()
    on_disk = sorted(p.relative_to(REPO_ROOT).as_posix()
                     for p in (REPO_ROOT / "notebooks").glob("*.ipynb"))
    assert on_disk == sorted(m.notebook for m in MODULES), "a notebook is not in the manifest"


@pytest.mark.parametrize("module_id", IDS)
def test_saved_without_outputs_and_with_the_python3_kernel(module_id):
    """Fails when a notebook is committed after running it: strip the outputs first."""
    nb = NOTEBOOKS[module_id]
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in code_cells(module_id):
        assert cell.outputs == [], f"{module_id}: a cell was saved with outputs"
        assert cell.execution_count is None, f"{module_id}: a cell was saved with a count"
    assert "widgets" not in nb.metadata, f"{module_id}: saved widget state"
    module = curriculum.module(module_id, "en")  # the page's title is the manifest's
    assert nb.metadata["title"] == f"Module {module.number}: {module.title} · Closer"


@pytest.mark.parametrize("module_id", IDS)
def test_code_is_hidden(module_id):
    for cell in code_cells(module_id):
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, cell.source
        assert "remove-input" in cell.metadata.get("tags", []), cell.source


# --------------------------------------------------------------------------- calls

@pytest.mark.parametrize("module_id", IDS)
def test_opens_with_header_and_closes_with_footer(module_id):
    nb = NOTEBOOKS[module_id]
    assert nb.cells[0].cell_type == "code", "the header is the first thing on the page"
    first = ast.parse(nb.cells[0].source).body[0]
    assert ast.unparse(first) == "from workshop import exercises, lesson"
    found = calls(module_id)
    assert found[0] == ("lesson", "header", [module_id])
    assert found[-1] == ("lesson", "footer", [module_id])
    # between them, the only lesson call is the safety note where a page asks someone to open up
    assert [c for c in found[1:-1] if c[0] == "lesson" and c[1:] != ("safety", [])] == []
    assert nb.cells[-1].cell_type == "code", "the key points end the page"


@pytest.mark.parametrize("module_id", IDS)
def test_every_cell_is_one_known_call(module_id):
    for mod, func, args in calls(module_id):
        target = {"exercises": exercises, "lesson": lesson}[mod]
        assert callable(getattr(target, func, None)), f"{module_id}: no {mod}.{func}"
        assert not func.startswith("_")
        assert all(isinstance(a, str) for a in args), (func, args)


def test_instrument_ids_exist_and_every_instrument_is_used():
    known = set(instruments.load_all())
    used = {args[0] for _, args in calls_to("instrument")}
    assert used <= known, used - known
    assert used == known, f"instruments no notebook shows: {known - used}"
    assert (REPO_ROOT / "workshop/instruments").is_dir()


@pytest.mark.parametrize("kind, call", [("checklists", "checklist"), ("quizzes", "quiz"),
                                        ("decks", "question_deck")])
def test_content_ids_exist_and_are_used(kind, call):
    known = set(content.all_ids()[kind])
    used = {args[0] for _, args in calls_to(call)}
    assert used <= known, used - known
    assert used == known, f"{kind} no notebook shows: {known - used}"
    loader = {"checklists": content.checklist, "quizzes": content.quiz,
              "decks": content.deck}[kind]
    for content_id in used:
        loader(content_id)  # validates the entry


def test_reflection_ids_are_unique_and_named_after_their_module():
    seen: dict[str, str] = {}
    for module_id, args in calls_to("reflection"):
        assert len(args) == 1, args
        rid, = args
        prompt = content.reflection_prompt(rid)
        assert REFLECTION_ID.fullmatch(rid), rid
        assert rid.startswith(module_id + "-"), f"{rid} is in {module_id}"
        assert rid not in seen, f"{rid} is used in {seen.get(rid)} and {module_id}"
        assert prompt.strip().endswith("?"), prompt
        seen[rid] = module_id
    assert seen
    assert set(seen) == set(content._prompts(content.CONTENT_DIR / "reflections.toml")), \
        "reflections.toml has questions no notebook asks"


def test_welcome_and_ending_calls_sit_where_they_belong():
    where = {name: sorted({mid for mid, _ in calls_to(name)})
             for name in ("welcome_setup", "my_data", "action_plan", "report_button")}
    assert where["welcome_setup"] == ["welcome"]
    assert where["my_data"] == ["forward", "welcome"]
    assert where["action_plan"] == ["forward"]
    assert where["report_button"] == ["forward"]


# --------------------------------------------------------------------------- what participants read

@pytest.mark.parametrize("module_id", IDS)
def test_has_a_talk_it_over_cell(module_id):
    heads = [c.source for c in NOTEBOOKS[module_id].cells
             if c.cell_type == "markdown" and re.search(r"^#+ Talk it over", c.source, re.M)]
    assert len(heads) == 1


@pytest.mark.parametrize("module_id", ["walls", "fear-trust"])
def test_modules_on_hard_topics_point_to_professional_help(module_id):
    text = markdown(module_id).lower()
    assert re.search(r"counsell?or|therapist", text)
    assert re.search(r"doctor|helpline|hotline|therapist", text)


# Every module that asks a participant to open up, share, take a risk or look at their own part.
OPENING_UP = ["fading", "perfectionism", "walls", "safe-space", "fear-trust", "vulnerability",
              "forward", "together"]


@pytest.mark.parametrize("module_id", OPENING_UP)
def test_modules_that_ask_to_open_up_show_the_safety_note(module_id):
    """The caveat (for relationships where you feel safe, the signs of control, where help is)
    stands where the advice is given: after a lesson paragraph, before the page ends."""
    cells = NOTEBOOKS[module_id].cells
    where = [i for i, c in enumerate(cells)
             if c.cell_type == "code" and c.source.strip() == "lesson.safety()"]
    assert where, f"{module_id} asks people to open up but shows no safety note"
    for i in where:
        assert cells[i - 1].cell_type == "markdown", "the note follows the advice it qualifies"


COUPLES_WORK = re.compile(r"couples?[ -](?:counsell?(?:or|ing)|therap(?:y|ist))", re.I)
CAVEAT = re.compile(r"abuse|fear|control|afraid|unsafe", re.I)


def test_no_page_suggests_couples_work_without_the_caveat():
    texts = {m.id: markdown(m.id) for m in MODULES}
    for path in sorted((REPO_ROOT / "workshop").rglob("*.toml")):
        texts[str(path.relative_to(REPO_ROOT))] = path.read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "workshop" / "reports" / "templates").glob("*.ipynb")):
        texts[path.name] = path.read_text(encoding="utf-8")
    for where, text in texts.items():
        for match in COUPLES_WORK.finditer(text):
            nearby = text[max(0, match.start() - 400):match.end() + 400]
            assert CAVEAT.search(nearby), f"{where}: couples work without the caveat: " \
                f"...{text[match.start() - 80:match.end() + 80]}..."


def test_welcome_gives_safety_numbers_limits_and_binder_warning():
    text = markdown("welcome")
    # numbers come from the help box for the participant's country, not from the page's text
    assert re.search(r"help (?:box|lines)", text, re.I)
    assert re.search(r"\b(?:999|112|911)\b|emergency number", text)
    assert re.search(r"not\W+therapy", text, re.I)
    assert re.search(r"never a diagnosis", text, re.I)
    assert "Binder" in text and re.search(r"10 (idle )?minutes", text)


def test_self_compassion_reading_is_given():
    texts = [markdown("perfectionism"), markdown("vulnerability")]
    assert any("Kristin Neff" in t and "Self-Compassion" in t for t in texts)
