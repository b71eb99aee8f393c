"""Anki notes written in Obsidian for the Obsidian_to_Anki plugin: `START`, the note type, its
fields, `END`.

A Basic note's first field (optionally labelled `Front:`) is the question and the text after
`Back:` the answer; a Cloze note's `Text:` gives one card per cloze number, as Anki packages
do. The plugin's `<!--ID: 1767830242931-->` lines and its `TARGET DECK:` and `FILE TAGS:`
headers are no card text.
"""

from __future__ import annotations

import re

from engine.formats.anki import cloze, deletions
from engine.formats.common import Draft, block, build_deck, clean_lines, fenced
from engine.model import Deck

_START = re.compile(r"[ \t]*START[ \t]*")
_END = re.compile(r"[ \t]*END[ \t]*")
_ID = re.compile(r"[ \t]*<!--[ \t]*ID:[ \t]*\d+[ \t]*-->[ \t]*")
# "Back:", "Front: What is X?", "Text: {{c1::...}}": a field's label opening its line.
_LABEL = re.compile(r"[ \t]*(Front|Back|Text|Extra|Back Extra)[ \t]*:[ \t]*(.*)", re.IGNORECASE)
_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
# At least this many notes make the layout.
NOTES_MIN = 2


def _notes(lines: list[str], inside: list[bool]) -> list[tuple[int, str, list[str]]]:
    """Return (START line index, note type, field lines) of every note outside code."""
    found = []
    i = 0
    while i < len(lines):
        if inside[i] or not _START.fullmatch(lines[i]):
            i += 1
            continue
        end = next(
            (k for k in range(i + 1, len(lines)) if not inside[k] and _END.fullmatch(lines[k])),
            None,
        )
        if end is None or end == i + 1:
            break
        kind, *body = lines[i + 1 : end]
        found.append((i, kind.strip(), [x for x in body if not _ID.fullmatch(x)]))
        i = end + 1
    return found


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether the file holds at least two `START` ... `END` notes."""
    return len(_notes(lines, inside)) >= NOTES_MIN


def _fields(body: list[str]) -> dict[str, list[str]]:
    """Return the note's fields by label (lowercase; the first, unlabelled one is "front")."""
    fields: dict[str, list[str]] = {"front": []}
    current = "front"
    for line in body:
        m = _LABEL.fullmatch(line)
        if m is not None:
            current = m[1].lower()
            fields[current] = [m[2]] if m[2].strip() else []
        else:
            fields.setdefault(current, []).append(line)
    return fields


def _drafts(line: int, kind: str, body: list[str]) -> list[Draft]:
    fields = _fields(body)
    text = block(fields.get("text") or fields["front"])
    if "cloze" in kind.lower() or _CLOZE_NUMBER.search(text):
        extra = block(fields.get("extra") or fields.get("back extra") or [])
        numbers = sorted({int(n) for n in _CLOZE_NUMBER.findall(text)})
        answer = "\n\n".join(x for x in (cloze(text, None), extra) if x)
        return [
            Draft(cloze(text, n), "\n".join(deletions(text, n)) or answer, line) for n in numbers
        ]
    return [Draft(text, block(fields.get("back", [])), line)]


def parse(text: str, path: str) -> Deck:
    """Parse the `START` ... `END` notes of an Obsidian_to_Anki file."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts = [d for i, kind, body in _notes(lines, inside) for d in _drafts(i + 1, kind, body)]
    return build_deck(path, drafts, "Obsidian_to_Anki", written=True)
