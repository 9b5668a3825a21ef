"""Self-assessment instruments, loaded from the TOML files in `workshop/instruments/`.

An instrument is data, not code: curriculum authors add or edit items in TOML and the loader
checks that the file is complete before any notebook or report relies on it.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from workshop import PACKAGE_DIR, i18n

INSTRUMENTS_DIR = PACKAGE_DIR / "instruments"

DEFAULT_BANDS = (
    (25.0, "Rarely part of your picture"),
    (50.0, "Shows up now and then"),
    (75.0, "A familiar pattern"),
    (100.0, "A strong pull right now"),
)


class InstrumentError(ValueError):
    """An instrument file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Item:
    id: str
    subscale: str
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class Subscale:
    id: str
    label: str
    higher_means: str = ""       # what a higher score means here; every file must state it
    description: str = ""
    suggestion: str = ""
    module: str = ""
    group_prompt: str = ""
    no_reverse_reason: str = ""  # why a subscale of 4+ items has no reversed item, if it has none


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    intro: str
    module: str
    direction: str  # "challenge": higher means more of a pattern; "strength": more of a habit
    min: int
    max: int
    labels: tuple[str, ...]
    subscales: tuple[Subscale, ...]
    items: tuple[Item, ...]
    min_answered: float = 0.8
    bands: tuple[tuple[float, str], ...] = DEFAULT_BANDS

    def items_of(self, subscale_id: str) -> list[Item]:
        return [i for i in self.items if i.subscale == subscale_id]

    def item(self, item_id: str) -> Item:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    @property
    def item_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.items)

    def subscale(self, subscale_id: str) -> Subscale:
        for s in self.subscales:
            if s.id == subscale_id:
                return s
        raise KeyError(subscale_id)

    def band(self, score: float | None) -> str:
        """The kind words shown beside a 0-100 score."""
        if score is None:
            return "Not enough answers"
        for upto, label in self.bands:
            if score <= upto:
                return label
        return self.bands[-1][1]


def _need(data: dict, key: str, kind, where: str):
    if key not in data:
        raise InstrumentError(f"{where}: missing key '{key}'")
    value = data[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise InstrumentError(f"{where}: '{key}' must be {getattr(kind, '__name__', kind)}")
    return value


def _text(data: dict, key: str, where: str) -> str:
    """An optional text key: absent is "", anything but text is an error."""
    value = data.get(key, "")
    if not isinstance(value, str):
        raise InstrumentError(f"{where}: '{key}' must be str")
    return value


def parse(data: dict, where: str = "instrument") -> Instrument:
    """Build an Instrument from parsed TOML, checking every key the scoring relies on."""
    iid = _need(data, "id", str, where)
    scale = _need(data, "scale", dict, where)
    lo, hi = _need(scale, "min", int, f"{where} [scale]"), _need(scale, "max", int, f"{where} [scale]")
    if hi <= lo:
        raise InstrumentError(f"{where} [scale]: max must be greater than min")
    labels = tuple(scale.get("labels", ()))
    if labels and len(labels) != hi - lo + 1:
        raise InstrumentError(f"{where} [scale]: {len(labels)} labels for {hi - lo + 1} points")
    subscales = []
    for s in _need(data, "subscales", list, where):
        sw = f"{where} subscale {s.get('id', '?')}"
        subscales.append(Subscale(
            id=_need(s, "id", str, sw), label=_need(s, "label", str, sw),
            higher_means=_text(s, "higher_means", sw).strip(),
            description=s.get("description", ""), suggestion=s.get("suggestion", ""),
            module=s.get("module", data.get("module", "")), group_prompt=s.get("group_prompt", ""),
            no_reverse_reason=_text(s, "no_reverse_reason", sw).strip(),
        ))
    sub_ids = [s.id for s in subscales]
    if len(set(sub_ids)) != len(sub_ids):
        raise InstrumentError(f"{where}: duplicate subscale ids")
    items = []
    for it in _need(data, "items", list, where):
        w = f"{where} item {it.get('id', '?')}"
        item = Item(id=_need(it, "id", str, w), subscale=_need(it, "subscale", str, w),
                    text=_need(it, "text", str, w), reverse=bool(it.get("reverse", False)))
        if item.subscale not in sub_ids:
            raise InstrumentError(f"{w}: unknown subscale '{item.subscale}'")
        items.append(item)
    item_ids = [i.id for i in items]
    if len(set(item_ids)) != len(item_ids):
        raise InstrumentError(f"{where}: duplicate item ids")
    for s in sub_ids:
        if not any(i.subscale == s for i in items):
            raise InstrumentError(f"{where}: subscale '{s}' has no items")
    min_answered = data.get("min_answered", 0.8)
    if not isinstance(min_answered, (int, float)) or not 0 <= min_answered <= 1:
        raise InstrumentError(f"{where}: min_answered must be between 0 and 1")
    bands = DEFAULT_BANDS
    if "bands" in data:
        try:
            bands = tuple(sorted((float(b["upto"]), str(b["label"])) for b in data["bands"]))
        except (KeyError, TypeError, ValueError):
            raise InstrumentError(f"{where}: every [[bands]] needs a number 'upto' and a "
                                  f"'label'") from None
        if not bands or bands[-1][0] < 100:
            raise InstrumentError(f"{where}: the last band must reach upto = 100")
    direction = data.get("direction", "challenge")
    if direction not in ("challenge", "strength"):
        raise InstrumentError(f"{where}: direction must be 'challenge' or 'strength'")
    return Instrument(
        id=iid, title=_need(data, "title", str, where), intro=data.get("intro", ""),
        module=data.get("module", ""), direction=direction, min=lo, max=hi, labels=labels,
        subscales=tuple(subscales), items=tuple(items), min_answered=float(min_answered),
        bands=bands,
    )


def load_file(path: Path | str) -> Instrument:
    """One instrument file. Unlike `parse` of a hand-built dict, a file must say for every
    subscale what a higher score means, because participants read that beside the score."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentError(f"{path}: not valid TOML: {exc}") from None
    inst = parse(data, where=str(path))
    if inst.id != path.stem:
        raise InstrumentError(f"{path}: id '{inst.id}' does not match the file name")
    for sub in inst.subscales:
        if not sub.higher_means:
            raise InstrumentError(f"{path} subscale {sub.id}: missing key 'higher_means' (a short "
                                  f"phrase saying what a higher score means)")
    return inst


def load_all(directory: Path | str | None = None,
             language: str | None = None) -> dict[str, Instrument]:
    """Every instrument in the folder, by id, in file-name order. The packaged folder is read in
    `language` (default: the page's): Spanish texts are in `instruments/es/`, same ids and items."""
    if directory is None:
        directory = i18n.localized(INSTRUMENTS_DIR / "any.toml", language).parent
    return _load_folder(Path(directory))


@functools.cache
def _load_folder(directory: Path) -> dict[str, Instrument]:
    return {p.stem: load_file(p) for p in sorted(directory.glob("*.toml"))}


def get(instrument_id: str, language: str | None = None) -> Instrument:
    try:
        return load_all(language=language)[instrument_id]
    except KeyError:
        raise KeyError(f"no instrument '{instrument_id}'") from None
