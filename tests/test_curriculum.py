"""The curriculum manifest: it loads, covers every source section, and rejects broken manifests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workshop import agenda, curriculum
from workshop.curriculum import CurriculumError

from conftest import SHARED_DIR

SOURCE_SECTIONS = SHARED_DIR / "curriculum" / "source-sections.md"
# A table row of source-sections.md: `| A1 | ...` or `| B2.3 | ...`.
SECTION_ROW = re.compile(r"^\|\s*([A-Z]\d+(?:\.\d+)?)\s*\|", re.MULTILINE)


def shared_section_ids() -> set[str]:
    if not SOURCE_SECTIONS.is_file():
        pytest.skip("../shared is absent (installed package); nothing to compare with")
    ids = set(SECTION_ROW.findall(SOURCE_SECTIONS.read_text(encoding="utf-8")))
    assert len(ids) >= 30, f"parsed only {len(ids)} section IDs from {SOURCE_SECTIONS}"
    return ids


def test_packaged_manifest_loads():
    modules = curriculum.load()
    ids = [m.id for m in modules]
    assert ids == ["welcome", "why", "fading", "perfectionism", "walls", "safe-space",
                   "fear-trust", "vulnerability", "forward", "together"]
    assert len(set(ids)) == len(ids)
    for m in modules:
        assert m.title and m.objectives and m.key_points and m.sources
        assert m.notebook.startswith("notebooks/") and m.notebook.endswith(".ipynb")


def test_notebook_paths_are_numbered_in_teaching_order():
    numbers = [m.number for m in curriculum.load(check_notebooks=False)]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))]


def test_every_shared_section_is_covered_by_a_module():
    covered = {s for m in curriculum.load(check_notebooks=False) for s in m.sources}
    missing = shared_section_ids() - covered
    assert not missing, f"sections no module covers: {sorted(missing)}"


def test_packaged_sections_list_matches_shared_file_exactly():
    assert set(curriculum.section_ids()) == shared_section_ids()


def test_manifest_sources_only_use_packaged_section_ids():
    known = set(curriculum.section_ids())
    used = {s for m in curriculum.load(check_notebooks=False) for s in m.sources}
    assert used <= known
    assert used == known  # and every packaged section is taught somewhere


# ----------------------------------------------------------------------------- broken manifests

@pytest.fixture
def manifest_text() -> str:
    return curriculum.MANIFEST_PATH.read_text(encoding="utf-8")


@pytest.fixture
def fake_root(tmp_path) -> Path:
    """A folder with an empty file for every notebook the real manifest names."""
    root = tmp_path / "root"
    for m in curriculum.load(check_notebooks=False):
        nb = root / m.notebook
        nb.parent.mkdir(parents=True, exist_ok=True)
        nb.write_text("{}")
    return root


def write_manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "curriculum.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unchanged_copy_loads_against_fake_root(tmp_path, manifest_text, fake_root):
    # Control for the tests below: the copy and the fake root are fine as they are.
    modules = curriculum.load(write_manifest(tmp_path, manifest_text), root=fake_root)
    assert len(modules) == 10


def test_missing_notebook_is_named(tmp_path, manifest_text, fake_root):
    text = manifest_text.replace('"notebooks/04-walls.ipynb"', '"notebooks/04-gone.ipynb"')
    assert text != manifest_text
    with pytest.raises(CurriculumError, match=r"notebooks/04-gone\.ipynb") as exc:
        curriculum.load(write_manifest(tmp_path, text), root=fake_root)
    assert "walls" in str(exc.value)


def test_deleted_notebook_file_is_named(tmp_path, manifest_text, fake_root):
    (fake_root / "notebooks" / "06-fear-and-trust.ipynb").unlink()
    with pytest.raises(CurriculumError, match=r"06-fear-and-trust\.ipynb"):
        curriculum.load(write_manifest(tmp_path, manifest_text), root=fake_root)


def test_unknown_section_id_is_named(tmp_path, manifest_text, fake_root):
    text = manifest_text.replace('sources = ["C8"]', 'sources = ["C8", "Z9.9"]', 1)
    assert text != manifest_text
    with pytest.raises(CurriculumError, match=r"Z9\.9"):
        curriculum.load(write_manifest(tmp_path, text), root=fake_root)


@pytest.mark.parametrize("key", ["title", "teaching_minutes", "objectives", "sources"])
def test_missing_key_is_named(tmp_path, manifest_text, fake_root, key):
    # Drop the key from the first module (the welcome module) only.
    lines = manifest_text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("[[modules]]"))
    idx = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} ="))
    end = idx + 1
    if lines[idx].rstrip().endswith("["):  # a multi-line list: drop through its closing "]"
        while lines[end].strip() != "]":
            end += 1
        end += 1
    text = "".join(lines[:idx] + lines[end:])
    with pytest.raises(CurriculumError, match=rf"missing key '{key}'") as exc:
        curriculum.load(write_manifest(tmp_path, text), root=fake_root)
    assert "welcome" in str(exc.value)


def test_uncovered_section_is_named(tmp_path, manifest_text, fake_root):
    text = manifest_text.replace('sources = ["C8"]', 'sources = ["D1"]', 1)
    with pytest.raises(CurriculumError, match=r"C8"):
        curriculum.load(write_manifest(tmp_path, text), root=fake_root)


def test_not_toml_is_a_curriculum_error(tmp_path):
    with pytest.raises(CurriculumError, match="not valid TOML"):
        curriculum.load(write_manifest(tmp_path, "[[modules]\nid = "), root=None)


# ----------------------------------------------------------------------------- timing

def test_minutes_add_up_to_about_three_hours():
    modules = curriculum.load(check_notebooks=False)
    # Modules for home (module 09) are never timed in a session.
    module_minutes = sum(m.teaching_minutes + m.exercise_minutes for m in modules
                         if m.id not in agenda.AT_HOME)
    breaks = sum(agenda.FULL_BREAKS.values())
    total = module_minutes + breaks
    assert 150 <= total <= 200, f"{module_minutes} + {breaks} break minutes = {total}"
    # The agenda the facilitator guide prints must agree with the manifest.
    assert sum(s.minutes for s in agenda.plan(modules)) == total


def test_agenda_clock_runs_through_the_session():
    modules = curriculum.load(check_notebooks=False)
    slots = agenda.plan(modules, start="09:00")
    assert slots[0].start == "09:00"
    total = sum(s.minutes for s in slots)
    end_h, end_m = divmod(9 * 60 + total, 60)
    assert slots[-1].title == "End" and slots[-1].start == f"{end_h:02d}:{end_m:02d}"


def test_module_lookup_and_next():
    assert curriculum.module("walls").title
    assert curriculum.next_module("walls").id == "safe-space"
    assert curriculum.next_module("forward").id == "together"
    assert curriculum.next_module("together") is None
    with pytest.raises(KeyError, match="nope"):
        curriculum.module("nope")
