"""The curriculum manifest: which modules exist, in what order, and what each one covers.

The manifest (`curriculum.toml`) is the single source for titles, minutes, objectives and key
points, so notebooks, the agenda and the facilitator guide cannot disagree with one another.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from workshop import PACKAGE_DIR, i18n
from workshop.i18n import _

MANIFEST_PATH = PACKAGE_DIR / "curriculum.toml"
SECTIONS_PATH = PACKAGE_DIR / "sections.toml"
REPO_ROOT = PACKAGE_DIR.parent

_REQUIRED = {
    "id": str,
    "notebook": str,
    "title": str,
    "summary": str,
    "teaching_minutes": int,
    "exercise_minutes": int,
    "objectives": list,
    "key_points": list,
    "sources": list,
}


class CurriculumError(ValueError):
    """The manifest is malformed; the message names the module and the key."""


@dataclass(frozen=True)
class Module:
    id: str
    notebook: str
    title: str
    summary: str
    teaching_minutes: int
    exercise_minutes: int
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]
    sources: tuple[str, ...]
    short_minutes: int = 0  # minutes in the 90-minute format; 0 leaves the module out

    @property
    def minutes(self) -> int:
        return self.teaching_minutes + self.exercise_minutes

    @property
    def number(self) -> str:
        """The two-digit prefix of the notebook file, e.g. "04"."""
        return Path(self.notebook).name[:2]


def section_ids(path: Path = SECTIONS_PATH) -> dict[str, str]:
    """All source-section IDs with a short name each."""
    with open(path, "rb") as f:
        return dict(tomllib.load(f)["sections"])


def load(path: Path | str = MANIFEST_PATH, root: Path | str | None = REPO_ROOT,
         check_notebooks: bool = True) -> list[Module]:
    """Read and validate the manifest.

    `root` is where notebook paths are resolved; notebooks are only checked when the package runs
    from a source checkout (an installed wheel has no notebooks beside it).
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise CurriculumError(f"{path}: not valid TOML: {exc}") from None
    raw_modules = data.get("modules")
    if not isinstance(raw_modules, list) or not raw_modules:
        raise CurriculumError(f"{path}: no [[modules]] tables")
    known = section_ids()
    modules: list[Module] = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(raw_modules, start=1):
        where = f"{path}: module {raw.get('id', '#' + str(index))!s}"
        for key, kind in _REQUIRED.items():
            if key not in raw:
                raise CurriculumError(f"{where}: missing key '{key}'")
            value = raw[key]
            if not isinstance(value, kind) or isinstance(value, bool):
                raise CurriculumError(f"{where}: '{key}' must be {kind.__name__}")
            if kind is list and not all(isinstance(v, str) and v for v in value):
                raise CurriculumError(f"{where}: '{key}' must be a list of non-empty strings")
        if raw["id"] in seen_ids:
            raise CurriculumError(f"{where}: duplicate module id")
        seen_ids.add(raw["id"])
        unknown = [s for s in raw["sources"] if s not in known]
        if unknown:
            raise CurriculumError(f"{where}: unknown source-section ID(s) {', '.join(unknown)}")
        if raw["teaching_minutes"] < 0 or raw["exercise_minutes"] < 0:
            raise CurriculumError(f"{where}: minutes must not be negative")
        short = raw.get("short_minutes", 0)
        if not isinstance(short, int) or isinstance(short, bool) or short < 0:
            raise CurriculumError(f"{where}: 'short_minutes' must be a whole number >= 0")
        if check_notebooks and root is not None and (Path(root) / "notebooks").is_dir():
            if not (Path(root) / raw["notebook"]).is_file():
                raise CurriculumError(f"{where}: notebook {raw['notebook']} does not exist")
        modules.append(Module(
            id=raw["id"], notebook=raw["notebook"], title=raw["title"], summary=raw["summary"],
            teaching_minutes=raw["teaching_minutes"], exercise_minutes=raw["exercise_minutes"],
            objectives=tuple(raw["objectives"]), key_points=tuple(raw["key_points"]),
            sources=tuple(raw["sources"]), short_minutes=short,
        ))
    missing = sorted(set(known) - {s for m in modules for s in m.sources})
    if missing:
        raise CurriculumError(f"{path}: source sections covered by no module: {', '.join(missing)}")
    return modules


def packaged(language: str | None = None) -> tuple[Module, ...]:
    """The packaged manifest in `language` (default: the page's), read once per process: every
    header, footer and report asks. The Spanish one is `es/curriculum.toml`, with the same ids."""
    return _packaged(i18n.localized(MANIFEST_PATH, language))


@functools.cache
def _packaged(path: Path) -> tuple[Module, ...]:
    return tuple(load(path, check_notebooks=False))


def module(module_id: str, language: str | None = None) -> Module:
    """One module by id, from the packaged manifest."""
    for m in packaged(language):
        if m.id == module_id:
            return m
    raise KeyError(f"no module '{module_id}' in the curriculum")


def next_module(module_id: str, language: str | None = None) -> Module | None:
    modules = packaged(language)
    ids = [m.id for m in modules]
    i = ids.index(module_id)
    return modules[i + 1] if i + 1 < len(modules) else None


def module_of_reflection(reflection_id: str, language: str | None = None) -> Module | None:
    """The module a reflection box belongs to: reflection ids start with the module id."""
    return next((m for m in packaged(language) if reflection_id.startswith(m.id + "-")), None)


def reflection_place(reflection_id: str) -> str:
    """Where a reflection was written, in words ("module 04, The walls we put up"), in the
    current language: share previews, reports and the hand-in panel all say it this way."""
    module = module_of_reflection(reflection_id)
    if module is None:
        return f"'{reflection_id}'"
    return _("module {number}, {title}").format(number=module.number, title=module.title)
