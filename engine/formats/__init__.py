"""Foreign deck layouts (Q:/A:, details/summary, bold questions, CSV) converted to cards.

`parse_text` picks the parser: `.csv`/`.tsv` files are tables; any other file is read as a
native deck unless its content is clearly one of the web layouts.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from engine import deck
from engine.formats import bold, details, qa, table
from engine.formats.common import fenced
from engine.model import Deck

# A '### Answer' or '### Key points' section is written for this engine: always native.
_NATIVE_FIELD = re.compile(r"###[ \t]+(?:answer|key points)[ \t]*:?[ \t]*$", re.IGNORECASE)
TABLE_SUFFIXES = (".csv", ".tsv")
DECK_SUFFIXES = (".md", *TABLE_SUFFIXES)
"""Suffixes of the files an imported directory contributes."""


def layout(text: str, path: str) -> str:
    """Return the name of the layout that reads this file: native, qa, details, bold or table."""
    if PurePath(path).suffix.lower() in TABLE_SUFFIXES:
        return "table"
    if text.removeprefix("\ufeff").lower().startswith("#separator:"):
        return "table"  # Anki's plain-text export, saved as .txt
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    inside = fenced(lines)
    if any(_NATIVE_FIELD.match(line) for line, code in zip(lines, inside, strict=True) if not code):
        return "native"
    if details.detect(lines, inside):
        return "details"
    if qa.detect(lines, inside) and not any(
        line.startswith("## ") for line, code in zip(lines, inside, strict=True) if not code
    ):
        return "qa"
    if bold.detect(lines, inside):
        return "bold"
    return "native"


def parse_text(text: str, path: str) -> Deck:
    """Parse one file's text with the parser of its layout; raise DeckErrors listing its errors."""
    parsers = {
        "table": table.parse,
        "details": details.parse,
        "qa": qa.parse,
        "bold": bold.parse,
        "native": deck.parse_text,
    }
    return parsers[layout(text, path)](text, path)
