"""Scenario characters: one name, one character, one place.

Participants meet many small stories. If "Priya" is a nurse in one module and a retired teacher in
the next, the stories blur, and a reader may wonder whether it is the same person. So every named
character is registered in workshop/content/characters.toml with the places it appears, and these
tests check the notebooks, the content files and the module guide notes against that register.

A Spanish copy is the same place as its English original, under the same names:
notebooks/es/04-muros.ipynb is notebooks/04-walls.ipynb (same two-digit number), and
workshop/content/es/quizzes.toml#ifeel-quiz is workshop/content/quizzes.toml#ifeel-quiz. So the
register lists English places only, and the Spanish files are checked against them.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from workshop import curriculum

REPO_ROOT = curriculum.REPO_ROOT
REGISTER = "workshop/content/characters.toml"

# Capitalised words that are not first names but may appear mid-sentence in a scenario.
ENGLISH_NOT_NAMES = """
Example Situation Scenario Reflect Talk Try Tip Note Closer
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December
Christmas Easter Diwali Eid Ramadan Hanukkah
English French Spanish
Mum Mom Dad Nan Gran Grandma Grandad Granny Grandpa Auntie Uncle
Is Are Can Could Would Will Do Does Did How What When Where Why Who Which
OK Sorry Thanks Thank Yes No Not Oh Honestly Fine Typical Next Let Let's Never Right
"""
# The same kinds of words in the Spanish copies.
SPANISH_NOT_NAMES = """
Lunes Martes Miércoles Jueves Viernes Sábado Domingo
Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Setiembre Octubre Noviembre Diciembre
Navidad Nochebuena Pascua Año Nuevo Reyes Día Madre Padre Muertos Dios
Mamá Papá Mami Papi Abuela Abuelo Abue Tía Tío Señor Señora Don Doña
Sí Hola Gracias Perdón Perdona Disculpa Lo Siento Bueno Bien Claro Típico Nunca Siempre
Ah Ay Oye Mira Gente Ejemplo Situación Reflexiona Hablen Consejo Nota Voilà Voila
"""
NOT_NAMES = frozenset(ENGLISH_NOT_NAMES.split() + SPANISH_NOT_NAMES.split())

SPANISH = "es"  # the folder of the Spanish copies, beside each English file

# A top-level array-of-tables header in a content file: [[quizzes]], not [[quizzes.questions]].
ENTRY_HEADER = re.compile(r"^\[\[(\w+)\]\]\s*$", re.MULTILINE)
ENTRY_ID = re.compile(r'^id\s*=\s*"([^"]+)"', re.MULTILINE)
ENTRY_MODULE = re.compile(r'^module\s*=\s*"([^"]+)"', re.MULTILINE)
NUMBERED = re.compile(r"^(\d\d)-")
CAPITALISED = re.compile(r"(?<![\w'’-])([A-ZÀ-Þ][a-zß-ÿ]+)(?![\w-])")
# What may sit between a sentence end and the next sentence's first word: spaces, quotes,
# brackets and markdown marks.
OPENERS = " \t\"'“‘(*_#>|-—–¿¡«»”’"
# Marks that open a sentence even in mid-sentence, as Spanish writes them: a question (¿), an
# exclamation (¡) and a quotation (“ or «, the Spanish copies' quotation marks; the English
# files use straight quotes, which keep their old rule).
SENTENCE_OPENERS = "¿¡“«"


# --------------------------------------------------------------------------- reading the places

def notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join(_source(c) for c in cells if c["cell_type"] in ("markdown", "code"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def toml_places(rel: str, text: str) -> dict[str, str]:
    """A content file's text, split by top-level entry: "file#id" for each entry, "file" for the
    part before the first entry (comments). Raw text, so names in comments count too."""
    out: dict[str, str] = {}
    starts = [m.start() for m in ENTRY_HEADER.finditer(text)]
    out[rel] = text[:starts[0]] if starts else text
    for start, end in zip(starts, starts[1:] + [len(text)]):
        chunk = text[start:end]
        found = ENTRY_ID.search(chunk)
        key = f"{rel}#{found.group(1)}" if found else rel
        out[key] = out.get(key, "") + chunk
    return out


def places(root: Path = REPO_ROOT) -> dict[str, str]:
    """Every place a character may appear, by its register key (its own path for a Spanish copy),
    with its text. Folders that do not exist yet simply add nothing."""
    out: dict[str, str] = {}
    for folder in ("", f"{SPANISH}/"):
        for path in sorted((root / f"notebooks/{folder}").glob("*.ipynb")):
            out[path.relative_to(root).as_posix()] = notebook_text(path)
        for path in sorted((root / f"workshop/content/{folder}").glob("*.toml")):
            rel = path.relative_to(root).as_posix()
            if path.name != Path(REGISTER).name:
                out.update(toml_places(rel, path.read_text(encoding="utf-8")))
        for path in sorted((root / f"facilitator_guide/{folder}modules").glob("*.md")):
            out[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return out


def is_spanish(place: str) -> bool:
    return SPANISH in place.split("#")[0].split("/")[:-1]


def english_place(place: str, texts: dict[str, str]) -> str:
    """The English place a Spanish copy translates (an English place is its own): drop the es/
    folder; a numbered file is the English file with the same number and kind, whatever its slug.
    A Spanish file with no English original keeps its own name, so no character belongs there."""
    if not is_spanish(place):
        return place
    path, sep, entry = place.partition("#")
    folder, _, name = path.rpartition("/")
    folder = "/".join(part for part in folder.split("/") if part != SPANISH)
    if m := NUMBERED.match(name):
        same = {p for p in texts if "#" not in p and not is_spanish(p)
                and p.rpartition("/")[0] == folder and p.rpartition("/")[2].startswith(m.group(0))
                and Path(p).suffix == Path(name).suffix}
        if len(same) == 1:
            return same.pop() + sep + entry
    return f"{folder}/{name}{sep}{entry}"


def curriculum_numbers() -> dict[str, str]:
    """Module id -> its two-digit number, e.g. "safe-space" -> "05"."""
    return {m.id: m.number for m in curriculum.load(check_notebooks=False)}


def module_number(place: str, texts: dict[str, str], numbers: dict[str, str]) -> str | None:
    """The module a place belongs to: from a notebook's file name, or a content entry's module."""
    name = place.split("#")[0].rsplit("/", 1)[-1]
    if place.startswith("notebooks/") and (m := NUMBERED.match(name)):
        return m.group(1)
    if "#" in place and (m := ENTRY_MODULE.search(texts.get(place, ""))):
        return numbers.get(m.group(1))
    return None


def is_guide_note(place: str) -> bool:
    return place.startswith("facilitator_guide/modules/") and bool(
        NUMBERED.match(place.rsplit("/", 1)[-1]))


# --------------------------------------------------------------------------- the checks

def mentions(name: str, text: str) -> bool:
    """The name as a whole word, case-sensitive ("Paz's" counts, "Pazzo" does not)."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def register_problems(characters: list[dict], texts: dict[str, str],
                      numbers: dict[str, str]) -> list[str]:
    """Everything wrong with a register against the places' texts, one line each."""
    problems = []
    seen: dict[str, int] = {}
    for entry in characters:
        seen[entry.get("name", "")] = seen.get(entry.get("name", ""), 0) + 1
    problems += [f"{name}: registered {n} times" for name, n in seen.items() if n > 1]
    for entry in characters:
        name, where = entry.get("name", ""), entry.get("where", [])
        if not name or not where:
            problems.append(f"{entry}: needs a name and a where list")
            continue
        missing = [w for w in where if not any(p == w or p.startswith(w + "#") for p in texts)]
        problems += [f"{name}: place {w} does not exist" for w in missing]
        modules = {module_number(w, texts, numbers) for w in where} - {None}
        for place, text in texts.items():
            if not mentions(name, text):
                continue
            home = english_place(place, texts)
            allowed = (place in where or home in where or home.split("#")[0] in where
                       or (is_guide_note(home) and home.rsplit("/", 1)[-1][:2] in modules))
            if not allowed:
                problems.append(f"{name} appears in {place}, but is registered for {where}")
        if not missing and not any(mentions(name, text) for place, text in texts.items()
                                   if place in where or place.split("#")[0] in where):
            problems.append(f"{name}: registered for {where} but appears in none of them")
    return problems


def translation_problems(characters: list[dict], texts: dict[str, str]) -> list[str]:
    """A Spanish copy keeps every name its English original uses, spelt the same way: a renamed
    or dropped character would leave the two languages telling different stories."""
    problems = []
    copies: dict[str, list[str]] = {}
    for place in texts:
        if is_spanish(place):
            copies.setdefault(english_place(place, texts), []).append(place)
    for entry in characters:
        name = entry.get("name", "")
        for original, spanish in sorted(copies.items()):
            if original in texts and mentions(name, texts[original]):
                problems += [f"{name} is in {original} but not in its Spanish copy {copy}"
                             for copy in spanish if not mentions(name, texts[copy])]
    return problems


def first_names(text: str) -> set[str]:
    """Capitalised words that could be first names: not at a sentence start, not in NOT_NAMES."""
    found = set()
    for m in CAPITALISED.finditer(text):
        before = text[:m.start()].rstrip(OPENERS)
        opened = text[len(before):m.start()]
        word = m.group(1)
        starts_sentence = not before or before[-1] in ".!?:\n…" or any(
            c in opened for c in SENTENCE_OPENERS)
        if starts_sentence or word in NOT_NAMES or (
                word.endswith("s") and word[:-1] in NOT_NAMES):  # "Sundays"
            continue
        found.add(word)
    return found


def quiz_scenario_texts(quizzes: dict) -> list[str]:
    return [text for quiz in quizzes.get("quizzes", []) for q in quiz.get("questions", [])
            for text in [q.get("scenario", ""), q.get("prompt", "")]
            + [o.get(k, "") for o in q.get("options", []) for k in ("text", "feedback")]]


STORY_HEADING = re.compile(
    r"scenario|example|escenario|escena|ejemplo|situaci[oó]n|historia|\bcaso\b", re.IGNORECASE)
STORY_PARAGRAPH = ("**Example", "*Example", "**Ejemplo", "*Ejemplo")


def notebook_scenario_texts(path: Path) -> list[str]:
    """Paragraphs that tell a story: "**Example" paragraphs, and those under a heading that says
    "scenario" or "example" (until the next heading). The same in Spanish: "**Ejemplo", and
    headings with "escena", "escenario", "ejemplo", "situación", "historia" or "caso"."""
    out, in_scenario = [], False
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for para in re.split(r"\n\s*\n", _source(cell)):
            para = para.strip()
            if para.startswith("#"):
                heading, _, para = para.partition("\n")
                in_scenario = STORY_HEADING.search(heading) is not None
                para = para.strip()
            if not para:
                continue
            if in_scenario or para.startswith(STORY_PARAGRAPH):
                out.append(para)
    return out


def guide_quiz_answer_texts(text: str) -> list[str]:
    """The sections of a guide note headed "Quiz answers" (in Spanish "Respuestas del
    cuestionario"), where it retells the quiz stories."""
    parts = re.split(r"(?m)^(#+ .*)$", text)
    return [body for heading, body in zip(parts[1::2], parts[2::2])
            if re.search("quiz answers|respuestas del cuestionario", heading, re.IGNORECASE)]


def unregistered(texts: list[str], registered: set[str]) -> dict[str, str]:
    """Name-like words missing from the register, each with a snippet showing where."""
    out = {}
    for text in texts:
        for name in sorted(first_names(text) - registered):
            out.setdefault(name, " ".join(text.split())[:90])
    return out


# --------------------------------------------------------------------------- the real register

def load_register() -> list[dict]:
    with open(REPO_ROOT / REGISTER, "rb") as f:
        return tomllib.load(f).get("characters", [])


def test_register_has_entries_with_a_name_and_places():
    characters = load_register()
    assert len(characters) >= 20
    for entry in characters:
        assert isinstance(entry.get("name"), str) and entry["name"][:1].isupper(), entry
        assert isinstance(entry.get("where"), list) and entry["where"], entry


def test_each_name_is_one_character_in_its_own_places():
    """English and Spanish alike: a name in a Spanish copy must be registered for its original."""
    problems = register_problems(load_register(), places(), curriculum_numbers())
    assert not problems, "\n".join(problems)


def test_spanish_copies_keep_the_names_of_their_originals():
    problems = translation_problems(load_register(), places())
    assert not problems, "\n".join(problems)


def quiz_files() -> list[Path]:
    content_dir = REPO_ROOT / "workshop" / "content"
    return [content_dir / "quizzes.toml"] + sorted(content_dir.glob(f"{SPANISH}/quizzes.toml"))


def notebook_files() -> list[Path]:
    return sorted((REPO_ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (REPO_ROOT / "notebooks" / SPANISH).glob("*.ipynb"))


def test_every_named_character_in_quizzes_is_registered():
    registered = {c["name"] for c in load_register()}
    missing = {}
    for path in quiz_files():
        with open(path, "rb") as f:
            texts = quiz_scenario_texts(tomllib.load(f))
        for name, where in unregistered(texts, registered).items():
            missing.setdefault(name, f"{path.relative_to(REPO_ROOT)}: {where}")
    assert not missing, "register these names in characters.toml: " + "; ".join(
        f"{name} ({where})" for name, where in missing.items())


def test_every_named_character_in_notebook_stories_is_registered():
    registered = {c["name"] for c in load_register()}
    missing = {}
    for path in notebook_files():
        for name, where in unregistered(notebook_scenario_texts(path), registered).items():
            missing.setdefault(name, f"{path.relative_to(REPO_ROOT)}: {where}")
    assert not missing, "register these names in characters.toml: " + "; ".join(
        f"{name} ({where})" for name, where in missing.items())


def test_every_named_character_in_guide_quiz_answers_is_registered():
    """The guide retells each quiz; a renamed character must be renamed there too."""
    registered = {c["name"] for c in load_register()}
    missing = {}
    guide = REPO_ROOT / "facilitator_guide"
    for path in sorted(guide.glob("modules/*.md")) + sorted(guide.glob(f"{SPANISH}/modules/*.md")):
        texts = guide_quiz_answer_texts(path.read_text(encoding="utf-8"))
        for name, where in unregistered(texts, registered).items():
            missing.setdefault(name, f"{path.name}: {where}")
    assert not missing, "unknown names in the guide's quiz answers: " + "; ".join(
        f"{name} ({where})" for name, where in missing.items())


# --------------------------------------------------------------------------- the checker itself

TINY_TOML = """\
# A tiny quiz file
[[quizzes]]
id = "one"
module = "safe-space"
scenario = "Aroha tells her friend Bilal about her day."

[[quizzes]]
id = "two"
module = "walls"
scenario = "Later that week, Camille calls."
"""

TINY_REGISTER = [
    {"name": "Aroha", "where": ["workshop/content/quizzes.toml#one"]},
    {"name": "Bilal", "where": ["workshop/content/quizzes.toml#one"]},
    {"name": "Camille", "where": ["workshop/content/quizzes.toml#two"]},
]
TINY_NUMBERS = {"safe-space": "05", "walls": "04"}


def tiny_places(**extra: str) -> dict[str, str]:
    texts = toml_places("workshop/content/quizzes.toml", TINY_TOML)
    texts.update(extra)
    return texts


def test_checker_accepts_a_clean_register():
    assert register_problems(TINY_REGISTER, tiny_places(), TINY_NUMBERS) == []


def test_checker_catches_a_name_used_twice():
    texts = tiny_places(**{"workshop/content/quizzes.toml#two":
                           TINY_TOML.split("[[quizzes]]")[2] + "Aroha waves."})
    problems = register_problems(TINY_REGISTER, texts, TINY_NUMBERS)
    assert problems == [("Aroha appears in workshop/content/quizzes.toml#two, but is registered "
                         "for ['workshop/content/quizzes.toml#one']")]


def test_checker_catches_a_name_in_a_notebook_it_does_not_belong_to():
    texts = tiny_places(**{"notebooks/04-walls.ipynb": "Bilal and Sam go for a walk."})
    assert any("Bilal appears in notebooks/04-walls.ipynb" in p
               for p in register_problems(TINY_REGISTER, texts, TINY_NUMBERS))


def test_checker_catches_two_entries_with_one_name():
    register = TINY_REGISTER + [{"name": "Bilal", "where": ["workshop/content/quizzes.toml#two"]}]
    problems = register_problems(register, tiny_places(), TINY_NUMBERS)
    assert "Bilal: registered 2 times" in problems


def test_checker_lets_a_guide_note_mention_only_its_own_module():
    ok = tiny_places(**{"facilitator_guide/modules/05-safe-space.md": "Ask how Bilal felt."})
    assert register_problems(TINY_REGISTER, ok, TINY_NUMBERS) == []
    wrong = tiny_places(**{"facilitator_guide/modules/04-walls.md": "Ask how Bilal felt."})
    assert register_problems(TINY_REGISTER, wrong, TINY_NUMBERS) == [(
        "Bilal appears in facilitator_guide/modules/04-walls.md, but is registered for "
        "['workshop/content/quizzes.toml#one']")]


def test_checker_matches_whole_words_and_case():
    assert mentions("Paz", "Paz's interview") and mentions("Paz", "(Paz)")
    assert mentions("Tomás", "Tomás's") and not mentions("Tomá", "Tomás")
    assert not mentions("Paz", "Pazzo") and not mentions("Paz", "paz") and not mentions(
        "Wen", "Wendy")


def test_checker_catches_a_stale_entry_and_a_missing_place():
    register = TINY_REGISTER + [{"name": "Dev", "where": ["notebooks/09-gone.ipynb"]},
                                {"name": "Eitan", "where": ["workshop/content/quizzes.toml"]}]
    problems = register_problems(register, tiny_places(), TINY_NUMBERS)
    assert "Dev: place notebooks/09-gone.ipynb does not exist" in problems
    assert any(p.startswith("Eitan: registered for") for p in problems)


def test_name_finder_skips_sentence_starts_and_common_words():
    text = ("Aroha tells her friend Bilal about Saturday. Later, Camille asks: 'Is it OK?' "
            "When Dev's sister rings, Mum answers on Sundays.")
    assert first_names(text) == {"Bilal", "Camille", "Dev"}
    assert first_names("Later, Lucía and Tomás's cousin smiled.") == {"Lucía", "Tomás"}


def test_completeness_check_flags_an_unregistered_name():
    texts = ["Aroha tells her friend Bilal, and her cousin Gustavo listens."]
    assert unregistered(texts, {"Aroha", "Bilal"}) == {"Gustavo": texts[0]}
    assert unregistered(texts, {"Aroha", "Bilal", "Gustavo"}) == {}


def test_notebook_story_paragraphs_are_found(tmp_path):
    nb = {"cells": [
        {"cell_type": "markdown", "source": "## A scenario: two friends"},
        {"cell_type": "markdown", "source": "Noor and Elias talk.\n\nThey laugh; Elias smiles."},
        {"cell_type": "markdown", "source": "## Something else\n\nHere Zed is not a story."},
        {"cell_type": "markdown", "source": "**Example.** Maureen and Harold sit down."},
        {"cell_type": "code", "source": "print('Otto')"},
    ]}
    path = tmp_path / "04-x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    texts = notebook_scenario_texts(path)
    assert texts == ["Noor and Elias talk.", "They laugh; Elias smiles.",
                     "**Example.** Maureen and Harold sit down."]
    assert unregistered(texts, set()).keys() == {"Elias", "Harold"}


def test_guide_quiz_answer_sections_are_found():
    text = ("# Module\n\nIntro with Otto.\n\n## Quiz answers: \"Listening\"\n\n"
            "Aroha tells Bilal.\n\n## Timing\n\nAsk Zed.\n")
    sections = guide_quiz_answer_texts(text)
    assert len(sections) == 1 and "Bilal" in sections[0] and "Zed" not in sections[0]
    assert unregistered(sections, {"Aroha"}) == {"Bilal": "Aroha tells Bilal."}


# --------------------------------------------------------------------------- Spanish copies

SPANISH_TOML = TINY_TOML.replace(
    "tells her friend Bilal about her day", "le cuenta a su amigo Bilal cómo le fue").replace(
    "Later that week, Camille calls", "Esa semana, más tarde, llama Camille")


def spanish_places(**extra: str) -> dict[str, str]:
    texts = tiny_places(**{"notebooks/04-walls.ipynb": "Maureen and Harold sit down."})
    texts.update(toml_places("workshop/content/es/quizzes.toml", SPANISH_TOML))
    texts["notebooks/es/04-muros.ipynb"] = "Maureen y Harold se sientan."
    texts.update(extra)
    return texts


SPANISH_REGISTER = TINY_REGISTER + [{"name": "Maureen", "where": ["notebooks/04-walls.ipynb"]},
                                    {"name": "Harold", "where": ["notebooks/04-walls.ipynb"]}]


def test_a_spanish_copy_is_the_same_place_as_its_original():
    texts = spanish_places()
    assert english_place("notebooks/es/04-muros.ipynb", texts) == "notebooks/04-walls.ipynb"
    assert english_place("workshop/content/es/quizzes.toml#two", texts) == (
        "workshop/content/quizzes.toml#two")
    assert english_place("workshop/content/es/quizzes.toml", texts) == (
        "workshop/content/quizzes.toml")
    assert english_place("notebooks/04-walls.ipynb", texts) == "notebooks/04-walls.ipynb"
    # no English module 07 here: the Spanish file stays a place of its own
    assert english_place("notebooks/es/07-vulnerabilidad.ipynb", texts) == (
        "notebooks/07-vulnerabilidad.ipynb")
    assert english_place("facilitator_guide/es/modules/05-espacio-seguro.md", texts) == (
        "facilitator_guide/modules/05-espacio-seguro.md")
    assert is_guide_note(english_place("facilitator_guide/es/modules/05-espacio-seguro.md", texts))


def test_checker_accepts_names_in_their_spanish_copies():
    texts = spanish_places()
    assert register_problems(SPANISH_REGISTER, texts, TINY_NUMBERS) == []
    assert translation_problems(SPANISH_REGISTER, texts) == []


def test_checker_catches_a_name_in_the_wrong_spanish_place():
    texts = spanish_places(**{
        "workshop/content/es/quizzes.toml#two":
            SPANISH_TOML.split("[[quizzes]]")[2] + "Aroha saluda.",
        "notebooks/es/07-vulnerabilidad.ipynb": "Harold escucha."})
    problems = register_problems(SPANISH_REGISTER, texts, TINY_NUMBERS)
    assert "Aroha appears in workshop/content/es/quizzes.toml#two, but is registered for " \
           "['workshop/content/quizzes.toml#one']" in problems
    assert any(p.startswith("Harold appears in notebooks/es/07-vulnerabilidad.ipynb")
               for p in problems)
    assert len(problems) == 2


def test_checker_catches_a_spanish_copy_that_renames_a_character():
    texts = spanish_places(**{"notebooks/es/04-muros.ipynb": "Maureen y Haroldo se sientan."})
    assert translation_problems(SPANISH_REGISTER, texts) == [(
        "Harold is in notebooks/04-walls.ipynb but not in its Spanish copy "
        "notebooks/es/04-muros.ipynb")]


def test_name_finder_reads_spanish_punctuation_and_words():
    text = ("¿Qué le dijo Bilal a Camille? ¡Hola! Dice: “Perdón”. Mamá llega el Lunes, "
            "y Wen dice “Típico” en Navidad. «Bueno», contesta Ximena, "
            "como “¿Salimos?”. "
            "Le dijo *“Tengo miedo”* a Sione.")
    assert first_names(text) == {"Bilal", "Camille", "Wen", "Ximena", "Sione"}


def test_places_reads_spanish_folders_only_when_they_exist(tmp_path):
    (tmp_path / "workshop" / "content").mkdir(parents=True)
    (tmp_path / "workshop" / "content" / "quizzes.toml").write_text(TINY_TOML, encoding="utf-8")
    assert set(places(tmp_path)) == {"workshop/content/quizzes.toml",
                                     "workshop/content/quizzes.toml#one",
                                     "workshop/content/quizzes.toml#two"}
    (tmp_path / "workshop" / "content" / "es").mkdir()
    (tmp_path / "workshop" / "content" / "es" / "quizzes.toml").write_text(
        SPANISH_TOML, encoding="utf-8")
    (tmp_path / "notebooks" / "es").mkdir(parents=True)
    (tmp_path / "notebooks" / "es" / "04-muros.ipynb").write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["Maureen y ", "Harold."]}]}), encoding="utf-8")
    texts = places(tmp_path)
    assert "Bilal" in texts["workshop/content/es/quizzes.toml#one"]
    assert texts["notebooks/es/04-muros.ipynb"] == "Maureen y Harold."
