"""CSV and TSV decks: question, answer and optional tags columns (also Anki's text export)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath

from engine.errors import DeckError, DeckErrors
from engine.formats.common import BREAK_TAG, Draft, build_deck, clean_lines
from engine.model import Deck, DeckIssue

_QUESTION_NAMES = {"question", "questions", "front", "q", "prompt"}
_ANSWER_NAMES = {"answer", "answers", "back", "a", "response"}
_TAG_NAMES = {"tags", "tag", "topic", "topics", "category"}
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
_ANKI_HEADER = re.compile(r"#([a-z ]+):(.*)", re.IGNORECASE)


def parse(text: str, path: str) -> Deck:
    """Parse CSV (TSV for `.tsv` and `.txt` files) rows into cards; raise DeckErrors per bad row."""
    lines = clean_lines(text, path)
    # A .txt file is Anki's or Quizlet's export: tab-separated unless its header says.
    delimiter = "\t" if PurePath(path).suffix.lower() in (".tsv", ".txt") else ","
    html = False
    columns: dict[str, int] = {}
    meta: dict[str, int] = {}
    skip = 0
    # Anki's plain-text export starts with '#key:value' lines.
    while skip < len(lines) and (m := _ANKI_HEADER.fullmatch(lines[skip].strip())):
        key, value = m[1].strip().lower(), m[2].strip()
        if key == "separator":
            delimiter = _SEPARATORS.get(value.lower(), value[:1] or delimiter)
        elif key == "html":
            html = value.lower() == "true"
        elif key.endswith(" column") and value.isdigit() and 0 < int(value) <= 100:
            # Anki may put guid, notetype and deck columns before the note's fields.
            meta[key.removesuffix(" column").strip()] = int(value) - 1
        skip += 1
    if delimiter == "," and not meta and _semicolons(lines[skip:]):
        delimiter = ";"  # Spreadsheets in many locales write ';' between cells.
    if "tags" in meta:
        columns["tags"] = meta["tags"]
    fields = [i for i in range(102) if i not in meta.values()]
    columns["question"], columns["answer"] = fields[0], fields[1]
    # "question?, "an answer, with commas"": a space after the separator opens the cell.
    reader = csv.reader(
        io.StringIO("\n".join(lines[skip:])), delimiter=delimiter, skipinitialspace=True
    )
    drafts: list[Draft] = []
    errors: list[DeckError] = []
    warnings: list[DeckIssue] = []
    header_done = header_named = False
    previous = 0
    try:
        for row in reader:
            line = skip + previous + 1
            previous = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if not header_done:
                header_done = True
                names = [cell.strip().lower() for cell in row]
                found = _header(names)
                if found:
                    columns.update(found)
                    header_named = True
                    continue
                if _column_names(names):
                    # "pregunta;opciones;respuesta": names, in a language or words not known.
                    warnings.append(
                        DeckIssue(
                            path,
                            line,
                            f"first row read as column names ({', '.join(names)}); the first "
                            "column is the question, the second the answer (name them "
                            "question and answer to pick others)",
                        )
                    )
                    header_named = True
                    continue
            q, a = columns["question"], columns["answer"]
            if len(row) <= max(q, a):
                errors.append(
                    DeckError(
                        path,
                        line,
                        f"row has {len(row)} column(s), but the question and "
                        f"answer need {max(q, a) + 1}; check the separator",
                    )
                )
                continue
            question = " ".join(row[q].split())
            if not question:
                errors.append(DeckError(path, line, "row has an empty question"))
                continue
            answer = row[a].strip()
            if html:
                answer = BREAK_TAG.sub("\n", answer)
            t = columns.get("tags", 2 if not header_named and not meta else -1)
            tags = _tags(row[t]) if 0 <= t < len(row) and t not in (q, a) else ()
            drafts.append(Draft(question, answer, line, tags=tags))
    except csv.Error as e:
        errors.append(DeckError(path, skip + reader.line_num, f"not valid CSV ({e})"))
    if errors:
        raise DeckErrors(errors)
    return build_deck(
        path,
        drafts,
        "CSV",
        warnings,
        lambda d, first: f"row repeats the question of line {first}; kept only the first",
    )


def _column_names(cells: list[str]) -> bool:
    """Tell whether a first row looks like column names: short identifiers, nothing asked.

    Three or more of them, or one written as an identifier ("respuesta_correcta"): a
    vocabulary deck's first card ("hola,hello") is two single words too.
    """
    named = [c for c in cells if c]
    return (len(named) >= 3 or any("_" in c for c in named)) and all(
        re.fullmatch(r"[^\W\d][\w-]{0,30}", c) for c in named
    )


def _semicolons(lines: list[str]) -> bool:
    """Tell whether the first row (outside quotes) has semicolons and no commas between cells."""
    first = next((line for line in lines if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    return ";" in unquoted and "," not in unquoted


def _header(names: list[str]) -> dict[str, int]:
    """Return the columns a header row names, or {} if it is not a header of question/answer."""
    found: dict[str, int] = {}
    for i, name in enumerate(names):
        for key, known in (
            ("question", _QUESTION_NAMES),
            ("answer", _ANSWER_NAMES),
            ("tags", _TAG_NAMES),
        ):
            if name in known and key not in found:
                found[key] = i
    return found if "question" in found and "answer" in found else {}


def _tags(cell: str) -> tuple[str, ...]:
    """Return tags separated by spaces or commas, lowercased, in order, without repeats."""
    return tuple(dict.fromkeys(t.lower() for t in re.split(r"[\s,]+", cell) if t))
