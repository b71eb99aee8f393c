"""The bold-question layout: a line that is only `**question?**`, then its answer."""

from __future__ import annotations

import re

from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    h2_count,
    heading,
    plain,
)
from engine.model import Deck

# "**What is X?**", "1. **What is X?**", "**1. What is X?**", "__What is X?__"
_QUESTION = re.compile(
    r" {0,3}(?:\d{1,4}[.)][ \t]+)?(\*\*|__)(?=\S)(.*?\?)[ \t]*\1[ \t]*:?[ \t]*", re.DOTALL
)
_CODE = re.compile(r"`[^`]*`")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")


def _question(lines: list[str], inside: list[bool], i: int) -> str | None:
    """Return the question if line i is a bold question starting its own paragraph."""
    if inside[i] or (i > 0 and lines[i - 1].strip() and heading(lines[i - 1]) is None):
        return None
    m = _QUESTION.fullmatch(lines[i])
    if not m or m[1] in _CODE.sub("", m[2]):
        return None
    return plain(m[2]) or None


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether bold questions outnumber `##` headings (which are then topics)."""
    count = sum(1 for i in range(len(lines)) if _question(lines, inside, i))
    return count > h2_count(lines, inside)


def parse(text: str, path: str) -> Deck:
    """Parse a file of bold questions, each answered by the text below it."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts: list[Draft] = []
    topic = ""
    current: tuple[str, int, str] | None = None
    answer: list[str] = []

    def finish() -> None:
        nonlocal answer
        if current is not None:
            while answer and (not answer[-1].strip() or _BREAK.fullmatch(answer[-1])):
                answer = answer[:-1]
            drafts.append(Draft(current[0], block(answer), current[1], current[2]))
        answer = []

    for i, line in enumerate(lines):
        if not inside[i] and (h := heading(line)) is not None:
            finish()
            current = None
            topic = plain(h[1])
        elif (question := _question(lines, inside, i)) is not None:
            finish()
            current = (question, i + 1, topic)
        elif current is not None:
            answer.append(line)
    finish()
    return build_deck(path, drafts, "bold-question")
