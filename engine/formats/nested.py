"""The nested-bullet layout: study notes listing questions as top-level bullets, each answered by
the bullets nested under it (`* What is a POJO?` then `  * A plain old Java object.`)."""

from __future__ import annotations

import re

from engine.deck import web_answer_lines
from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    h2_count,
    plain,
    topic_at,
)
from engine.formats.headings import asks
from engine.model import Deck

# A top-level bullet: no indentation before its marker.
_TOP = re.compile(r"[-*+][ \t]+(\S.*)")
# Questions answered under them: at least this many make the layout.
ANSWERED_MIN = 3


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t")


def _questions(lines: list[str], inside: list[bool]) -> list[tuple[int, int]]:
    """Return (line, end) of each top-level bullet that asks and has indented lines under it.

    The answer runs over the indented (or fenced) lines and blank lines after the bullet, up to
    the next top-level line; a code block at column 0 right after them belongs to it too.
    """
    found = []
    n = len(lines)
    for i, line in enumerate(lines):
        if inside[i] or not (m := _TOP.fullmatch(line.rstrip())) or not asks(plain(m[1])):
            continue
        end = i + 1
        while end < n and (not lines[end].strip() or _indented(lines[end]) or inside[end]):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        # The answer may be only a code block at column 0 ("* What is a switch?", then a
        # fenced block of prose, as some repositories write their answers).
        if any((_indented(lines[k]) or inside[k]) and lines[k].strip() for k in range(i + 1, end)):
            found.append((i, end))
    return found


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether asking bullets answered by nested ones outnumber `##` headings."""
    found = _questions(lines, inside)
    return len(found) >= ANSWERED_MIN and len(found) > h2_count(lines, inside)


def parse(text: str, path: str) -> Deck:
    """Parse asking bullets with nested answers; headings above them are topics."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts: list[Draft] = []
    topic = ""
    at = 0
    for start, end in _questions(lines, inside):
        topic = topic_at(lines, inside, at, start, topic)
        m = _TOP.fullmatch(lines[start].rstrip())
        question = plain(m[1]) if m else ""
        answer = block(web_answer_lines(lines[start + 1 : end]))
        if question:
            drafts.append(Draft(question, answer, start + 1, topic))
        at = start
    return build_deck(path, drafts, "nested-bullet")
