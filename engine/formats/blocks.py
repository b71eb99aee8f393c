"""Cards written as `---` blocks, as decks made for Mochi are: a block of `key: value` fields
(`card_id: jekol9xI`), then the question's block, then the answer's, each closed by `---`."""

from __future__ import annotations

import re

from engine.formats.common import Draft, block, build_deck, clean_lines, fenced
from engine.model import Deck

_RULE = re.compile(r"-{3,}[ \t]*")
_FIELD = re.compile(r"[a-z_][a-z0-9_-]*:(?:[ \t].*)?")
# At least this many field blocks, each followed by a question and an answer, make the layout.
CARDS_MIN = 2


def _blocks(lines: list[str], inside: list[bool]) -> list[tuple[int, list[str]]]:
    """Return (first line index, lines) of the blocks between `---` rules outside code."""
    found: list[tuple[int, list[str]]] = []
    start = 0
    for i, line in enumerate(lines + ["---"]):
        if i == len(lines) or (not inside[i] and _RULE.fullmatch(line)):
            found.append((start, lines[start:i]))
            start = i + 1
    return found


def _fields(text: list[str]) -> bool:
    """Tell whether a block holds only `key: value` lines (a card's fields, no question)."""
    written = [x.strip() for x in text if x.strip()]
    return bool(written) and all(_FIELD.fullmatch(x) for x in written)


def _cards(lines: list[str], inside: list[bool]) -> list[Draft]:
    blocks = _blocks(lines, inside)
    drafts = []
    n = 0
    while n + 2 < len(blocks):
        if not _fields(blocks[n][1]):
            n += 1
            continue
        (at, question), (_, answer) = blocks[n + 1], blocks[n + 2]
        asked = " ".join(x.strip() for x in question if x.strip())
        if asked and not _fields(question):
            first = next(k for k, x in enumerate(question) if x.strip())
            drafts.append(Draft(asked, block(answer), at + first + 1, ""))
        n += 3
    return drafts


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether the file is cards written as field, question and answer blocks."""
    return len(_cards(lines, inside)) >= CARDS_MIN


def parse(text: str, path: str) -> Deck:
    """Parse cards written as `---` blocks: fields, the question, the answer."""
    lines = clean_lines(text, path)
    return build_deck(path, _cards(lines, fenced(lines)), "card-block", written=True)
