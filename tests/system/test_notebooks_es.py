"""The Spanish notebooks: one per module, the same numbers, the same calls, the words in Spanish.

`notebooks/es/` mirrors `notebooks/`: a Spanish module runs exactly the code of its English
counterpart, except that its header sets the page language (`lesson.header("walls", "es")`),
so every exercise, chart and answer is the same and only the words change.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from workshop import curriculum, i18n

REPO_ROOT = curriculum.REPO_ROOT
ENGLISH = curriculum.load()
SPANISH = curriculum.load(i18n.localized(curriculum.MANIFEST_PATH, "es"))
PAIRS = {en.id: (en, es) for en, es in zip(ENGLISH, SPANISH)}
IDS = list(PAIRS)


def read(module: curriculum.Module) -> nbformat.NotebookNode:
    return nbformat.read(REPO_ROOT / module.notebook, as_version=4)


NOTEBOOKS = {mid: (read(en), read(es)) for mid, (en, es) in PAIRS.items()}
SPANISH_WORDS = re.compile(r"\b(?:que|de|la|el|tu|es|en|con|para|una?|las|los|y)\b", re.I)
LINK = re.compile(r"\]\(([^)#]+\.ipynb)")


def header_in_spanish(source: str) -> str:
    """The English header call as the Spanish notebook must write it."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "header":
            node.args.append(ast.Constant("es"))
    return ast.unparse(tree)


def test_every_module_has_a_spanish_notebook_with_the_same_number():
    for mid, (en, es) in PAIRS.items():
        assert re.fullmatch(r"notebooks/es/\d\d-[a-z0-9-]+\.ipynb", es.notebook), es.notebook
        assert es.number == en.number, mid
        assert (REPO_ROOT / es.notebook).is_file(), es.notebook
    on_disk = sorted(p.relative_to(REPO_ROOT).as_posix()
                     for p in (REPO_ROOT / "notebooks" / "es").glob("*.ipynb"))
    assert on_disk == sorted(es.notebook for _, es in PAIRS.values())


@pytest.mark.parametrize("module_id", IDS)
def test_the_code_cells_are_the_english_ones_with_the_page_language(module_id):
    english, spanish = NOTEBOOKS[module_id]
    en_code = [c for c in english.cells if c.cell_type == "code"]
    es_code = [c for c in spanish.cells if c.cell_type == "code"]
    assert len(es_code) == len(en_code)
    assert ast.unparse(ast.parse(es_code[0].source)) == header_in_spanish(en_code[0].source)
    for en, es in zip(en_code[1:], es_code[1:]):
        assert es.source == en.source
    for en, es in zip(en_code, es_code):
        assert es.metadata == en.metadata, "hidden, with the remove-input tag, like the English"


@pytest.mark.parametrize("module_id", IDS)
def test_cells_come_in_the_same_order(module_id):
    english, spanish = NOTEBOOKS[module_id]
    assert [c.cell_type for c in spanish.cells] == [c.cell_type for c in english.cells]


@pytest.mark.parametrize("module_id", IDS)
def test_saved_clean_in_spanish_with_the_python3_kernel(module_id):
    nb = NOTEBOOKS[module_id][1]
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["closer"]["language"] == "es"  # the Voila page says lang="es"
    spanish = PAIRS[module_id][1]
    assert nb.metadata["title"] == f"Módulo {spanish.number}: {spanish.title} · Closer"
    assert "widgets" not in nb.metadata
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("module_id", IDS)
def test_every_text_cell_is_translated(module_id):
    english, spanish = NOTEBOOKS[module_id]
    pairs = [(en.source, es.source) for en, es in zip(english.cells, spanish.cells)
             if en.cell_type == "markdown"]
    for en, es in pairs:
        assert es.strip() and es != en, f"not translated: {en[:80]!r}"
        if len(es.split()) >= 8:
            assert len(SPANISH_WORDS.findall(es)) >= 2, f"does not read as Spanish: {es[:80]!r}"
    assert not re.search(r"\bvosotros\b|\bvuestr[oa]s?\b", "\n".join(es for _, es in pairs), re.I)


@pytest.mark.parametrize("module_id", IDS)
def test_links_to_modules_stay_in_spanish(module_id):
    spanish = NOTEBOOKS[module_id][1]
    folder = (REPO_ROOT / PAIRS[module_id][1].notebook).parent
    for cell in spanish.cells:
        if cell.cell_type == "markdown":
            for target in LINK.findall(cell.source):
                assert (folder / target).resolve().is_file(), f"{module_id}: broken link {target}"
                assert (folder / target).resolve().parent == folder.resolve() or \
                    "English" in cell.source or "inglés" in cell.source, target


@pytest.mark.parametrize("module_id", IDS)
def test_pair_work_is_offered_where_the_english_offers_it(module_id):
    english, spanish = NOTEBOOKS[module_id]
    count = lambda nb, pattern: sum(  # noqa: E731
        1 for c in nb.cells if c.cell_type == "markdown" and re.search(pattern, c.source, re.M))
    assert count(spanish, r"^#+ Hablen de esto") == count(english, r"^#+ Talk it over")


COUPLES_WORK = re.compile(r"terapia de parejas?|consejer[ií]a de parejas?|"
                          r"orientaci[oó]n de parejas?", re.I)
CAVEAT = re.compile(r"abuso|maltrato|miedo|control|violencia|insegur", re.I)


def test_no_spanish_page_suggests_couples_work_without_the_caveat():
    texts = {mid: "\n\n".join(c.source for c in nbs[1].cells if c.cell_type == "markdown")
             for mid, nbs in NOTEBOOKS.items()}
    for path in sorted((REPO_ROOT / "workshop").rglob("es/*.toml")):
        texts[str(path.relative_to(REPO_ROOT))] = path.read_text(encoding="utf-8")
    for where, text in texts.items():
        for match in COUPLES_WORK.finditer(text):
            nearby = text[max(0, match.start() - 400):match.end() + 400]
            assert CAVEAT.search(nearby), f"{where}: couples work without the caveat: " \
                f"...{text[match.start() - 80:match.end() + 80]}..."


def test_the_readme_has_a_binder_badge_for_the_spanish_welcome_page_in_voila():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    pages = re.findall(r"\(https://mybinder\.org/v2/gh/[^)\s]+\?urlpath=voila/render/([^)\s]+)\)",
                       readme)
    assert "notebooks/es/00-bienvenida.ipynb" in pages, pages
    assert all((REPO_ROOT / page).is_file() for page in pages), pages
    assert (REPO_ROOT / "facilitator_guide" / "spanish.md").is_file()
