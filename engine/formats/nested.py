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

# A bullet, at any depth: its indentation and its text.
_BULLET = re.compile(r"([ \t]*)[-*+][ \t]+(\S.*)")
# Questions answered under them: at least this many make the layout.
ANSWERED_MIN = 3


def _depth(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _questions(lines: list[str], inside: list[bool]) -> list[tuple[int, int]]:
    """Return (line, end) of each bullet that asks and has lines indented under it.

    The answer runs over the deeper indented (or fenced) lines and blank lines after the
    bullet, up to the next line as shallow as it; a code block at column 0 right after them
    belongs to it too. A bullet that asks nothing ("- **Basic questions**:") may group asking
    bullets nested under it; bullets in an answer are its text.
    """
    found = []
    n = len(lines)
    i = 0
    while i < n:
        m = _BULLET.fullmatch(lines[i].rstrip()) if not inside[i] else None
        if m is None or not asks(plain(m[2])):
            i += 1
            continue
        depth = _depth(lines[i])
        end = i + 1
        while end < n and (not lines[end].strip() or _depth(lines[end]) > depth or inside[end]):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        # The answer may be only a code block at column 0 ("* What is a switch?", then a
        # fenced block of prose, as some repositories write their answers).
        if any(
            (_depth(lines[k]) > depth or inside[k]) and lines[k].strip() for k in range(i + 1, end)
        ):
            found.append((i, end))
            i = end
            continue
        i += 1
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
        m = _BULLET.fullmatch(lines[start].rstrip())
        question = plain(m[2]) if m else ""
        answer = block(web_answer_lines(lines[start + 1 : end]))
        if question:
            drafts.append(Draft(question, answer, start + 1, topic))
        at = start
    return build_deck(path, drafts, "nested-bullet")
