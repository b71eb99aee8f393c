"""Foreign deck layouts (Q:/A:, details, tables, bold questions, headings, Obsidian, CSV, Anki).

`parse_text` picks the parser: `.csv`/`.tsv` files are tables; any other file is read as a
native deck unless its content is clearly one of the web layouts, or asks nothing at all
(prose: a README or changelog gives no cards). Anki packages are binary:
`is_package` tells them by their suffix and `parse_package` reads their bytes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath

from engine import deck
from engine.formats import (
    anki,
    blocks,
    bold,
    details,
    headings,
    htmlpage,
    labels,
    leftover,
    nested,
    notes,
    osr,
    paragraphs,
    pipes,
    qa,
    quoted,
    table,
    titled,
)
from engine.formats.common import (
    clean_lines,
    ends_asking,
    fenced,
    h2_count,
    options_asked,
    unclosed_fence,
)
from engine.model import Deck, DeckIssue
from engine.options import correct

# A '### Answer' or '### Key points' section is written for this engine: always native.
_NATIVE_FIELD = re.compile(r"###[ \t]+(?:answer|key points)[ \t]*:?[ \t]*$", re.IGNORECASE)
TABLE_SUFFIXES = (".csv", ".tsv")
# A .colpkg is a whole-collection backup: read when named, not picked up from a directory.
PACKAGE_SUFFIXES = (".apkg", ".colpkg")
DECK_SUFFIXES = (".md", *TABLE_SUFFIXES, ".apkg")
"""Suffixes of the files an imported directory contributes."""


def is_package(path: str | PurePath) -> bool:
    """Return whether the file is an Anki package (`.apkg`, `.colpkg`), read as bytes."""
    return PurePath(path).suffix.lower() in PACKAGE_SUFFIXES


def parse_package(data: bytes, path: str) -> Deck:
    """Parse an Anki package's bytes; raise DeckErrors naming the file."""
    return anki.parse(data, path)


def layout(text: str, path: str) -> str:
    """Return a file's layout: native, labels, notes, blocks, titled, qa, details, pipes, bold,
    quoted, headings, osr, nested, paragraphs, table or prose."""
    text = asking_marks(text)
    if PurePath(path).suffix.lower() in TABLE_SUFFIXES:
        return "table"
    if text.removeprefix("\ufeff").lower().startswith("#separator:"):
        return "table"  # Anki's plain-text export, saved as .txt
    if PurePath(path).suffix.lower() == ".txt" and _tab_separated(text):
        return "table"  # Anki's older export, Quizlet's: "question<TAB>answer" lines
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    inside = fenced(lines)
    if labels.detect(lines, inside):
        return "labels"  # before native: its "### Answer" headings are labels, not fields
    if any(_NATIVE_FIELD.match(line) for line, code in zip(lines, inside, strict=True) if not code):
        return "native"
    if notes.detect(lines, inside):
        return "notes"
    if blocks.detect(lines, inside):
        return "blocks"
    if titled.detect(lines, inside):
        return "titled"
    if details.detect(lines, inside):
        return "details"
    if qa.detect(lines, inside):
        return "qa"
    if pipes.detect(lines, inside):
        return "pipes"
    if bold.detect(lines, inside):
        return "bold"
    if quoted.detect(lines, inside):
        return "quoted"
    if headings.detect(lines, inside):
        return "headings"
    if osr.detect(lines, inside):
        return "osr"
    if nested.detect(lines, inside):
        return "nested"
    if paragraphs.detect(lines, inside):
        return "paragraphs"
    if not headings.asks_at(lines, inside, 2):
        if pipes.detect(lines, inside, terms=True):
            return "pipes"  # a glossary table, in a file that asks nothing else
        # README, CONTRIBUTING, a changelog: sections, not questions ("## Why Rust?" among
        # "## Installation" and "## Usage" is a README's pitch).
        return "prose"
    return "native"


def _prose(text: str, path: str) -> Deck:
    """Read a Markdown file that asks nothing: no cards, one warning saying why."""
    lines = clean_lines(text, path)  # control characters are still refused
    name = PurePath(path).stem
    inside = fenced(lines)
    asking = sum(1 for n, line in enumerate(lines) if not inside[n] and ends_asking(line))
    if asking:
        # Questions without answers ("30 interview questions" as bare lines) are told as such:
        # advice about '##' headings would not fit them.
        why = (
            f"{asking} line(s) end in '?' but no answer follows any of them in a layout quiz "
            "reads (a heading, bold line, numbered item, 'Q:' line, table row or <details> "
            "block with its answer under it; see 'Other layouts' in docs/deck-format.md)"
        )
    elif h2_count(lines, inside):
        why = (
            "most '##' headings ask nothing (a question ends in '?' or opens with what, how, "
            "why, explain, ...); to make cards of these sections, give each a '### Answer'"
        )
    else:
        why = (
            "no heading, bold line, numbered item, 'Q:' line, table row or <details> block "
            "asks a question with its answer under it (see 'Other layouts' in "
            "docs/deck-format.md)"
        )
    warning = DeckIssue(path, 1, f"no questions found: {why}")
    return Deck(name=name, path=path, cards=(), warnings=(warning,))


def _tab_separated(text: str) -> bool:
    """Tell whether most non-blank lines hold a tab between two non-blank cells."""
    lines = [line for line in text.splitlines() if line.strip()]
    rows = sum(1 for line in lines if "\t" in line.strip("\t ") and not line.startswith("#"))
    return bool(lines) and rows >= 0.8 * len(lines)


def asking_marks(text: str) -> str:
    """Return the text with full-width question marks ("什么是 Docker？") written as "?", which
    every layout looks for."""
    return text.replace("\uff1f", "?") if "\uff1f" in text else text


def parse_text(text: str, path: str) -> Deck:
    """Parse one file's text with the parser of its layout; raise DeckErrors listing its errors."""
    text = asking_marks(text)
    parsers = {
        "table": table.parse,
        "details": details.parse,
        "qa": qa.parse,
        "bold": bold.parse,
        "quoted": quoted.parse,
        "nested": nested.parse,
        "titled": titled.parse,
        "headings": headings.parse,
        "labels": labels.parse,
        "pipes": pipes.parse,
        "notes": notes.parse,
        "osr": osr.parse,
        "blocks": blocks.parse,
        "paragraphs": paragraphs.parse,
        "prose": _prose,
        "native": deck.parse_text,
    }
    kind = layout(text, path)
    if kind == "prose" and htmlpage.tagged(text):
        # A page written in HTML: its questions show once the tags are Markdown.
        rewritten = htmlpage.as_markdown(text)
        if (again := layout(rewritten, path)) != "prose":
            text, kind = rewritten, again
    if kind == "prose":
        # "### Question 1" over "What is an Azure region?": the heading numbers the question
        # its paragraph asks.
        rewritten = headings.numbered_stems(text)
        if rewritten != text and (again := layout(rewritten, path)) != "prose":
            text, kind = rewritten, again
    parsed = parsers[kind](text, path)
    if kind == "native":
        # "## Question 1: ...?" over "A) ...", "B) ..." and "Correct answer: B": a quiz read
        # as a deck of headings asks its options too (authored key points aside).
        asked = tuple(c if c.key_points else options_asked(c) for c in parsed.cards)
        # Graded exactly, by the option chosen: no "approximate" warning for those.
        quizzes = {c.line for c in asked if correct(c)}
        kept = tuple(
            w for w in parsed.warnings if w.line not in quizzes or "approximate" not in w.message
        )
        parsed = replace(parsed, cards=asked, warnings=kept)
    if kind not in ("native", "table", "prose") and (tags := deck.front_matter_tags(text)):
        # A web page's front matter tags its questions as a native deck's does.
        parsed = replace(
            parsed,
            cards=tuple(
                replace(c, tags=tuple(dict.fromkeys((*c.tags, *tags)))) for c in parsed.cards
            ),
        )
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if kind not in ("table", "prose") and (
        unread := leftover.unread_questions(lines, path, parsed)
    ):
        # A file written by several hands mixes layouts; the one it is read in cannot take the
        # others' questions, which would otherwise vanish without a word.
        parsed = replace(parsed, warnings=tuple(sorted((*parsed.warnings, unread), key=_line)))
    if kind != "table" and (line := unclosed_fence(lines)):
        # Markdown reads the rest of the file as code, questions and all: say so.
        warning = DeckIssue(
            path,
            line,
            "this code block is never closed, so everything after it is code; close it with "
            "a line of the same backticks or tildes",
        )
        parsed = replace(parsed, warnings=tuple(sorted((*parsed.warnings, warning), key=_line)))
    return parsed


def _line(issue: DeckIssue) -> int:
    return issue.line
