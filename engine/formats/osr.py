"""Obsidian Spaced Repetition notes: `question::answer` lines and `?`-separated multi-line cards.

The plugin's basic cards are `Q::A` (and `Q:::A`, reviewed both ways, read here as Q -> A)
on one line, or a question, a line holding only `?` (or `??`), and the answer, up to the next
blank line. Its review data (`<!--SR:...-->` comments) and `#flashcards` tags are dropped.
"""

from __future__ import annotations

import re

from engine.formats.common import Draft, build_deck, clean_lines, fenced, heading, plain
from engine.model import Deck

# "What does DNS do::It maps names" -- not "std::vector" (a question has two words or a "?").
_INLINE = re.compile(r"(?P<q>[^:]*?\S)[ \t]*:{2,3}[ \t]*(?P<a>\S.*)")
# "std::move", "Foo::bar": a scope operator between two identifiers, no spaces.
_SCOPE = re.compile(r"\b[A-Za-z_]\w*::[a-z_]\w*")
_SEPARATOR = re.compile(r"[ \t]*\?{1,2}[ \t]*")
_REVIEW_DATA = re.compile(r"[ \t]*<!--SR:.*?-->", re.IGNORECASE)
_TAG = re.compile(r"(?:^|[ \t])#flashcards(?:/[\w/-]*)?\b", re.IGNORECASE)


def _inline(line: str) -> tuple[str, str] | None:
    """Return the question and answer of a `Q::A` line, if it is one."""
    text = _REVIEW_DATA.sub("", line).strip()
    m = _INLINE.fullmatch(text)
    # "What does std::move do?" asks about C++; a card's answer seldom ends in "?".
    if not m or "`" in m["q"] or "://" in m["q"] or text.endswith("?") or _SCOPE.search(text):
        return None
    question = plain(m["q"])
    if len(question.split()) < 2 and not question.endswith("?"):
        return None
    return question, m["a"].strip()


def _cards(lines: list[str], inside: list[bool]) -> list[tuple[int, str, str, str]]:
    """Return (line, topic, question, answer) for every card in the file."""
    found = []
    topic = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if inside[i]:
            i += 1
            continue
        if (h := heading(line)) is not None:
            topic = plain(_TAG.sub("", h[1]))
            i += 1
            continue
        if (card := _inline(line)) is not None:
            found.append((i + 1, topic, *card))
            i += 1
            continue
        if _SEPARATOR.fullmatch(line) and i > 0 and lines[i - 1].strip():
            start = i
            while start > 0 and lines[start - 1].strip() and heading(lines[start - 1]) is None:
                start -= 1
            end = i + 1
            while end < len(lines) and (lines[end].strip() or inside[end]):
                end += 1
            question = plain(" ".join(x.strip() for x in lines[start:i]))
            answer = "\n".join(_REVIEW_DATA.sub("", x) for x in lines[i + 1 : end]).strip()
            if question:
                found.append((start + 1, topic, _TAG.sub("", question).strip(), answer))
            i = end
            continue
        i += 1
    return found


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether the file holds at least two Obsidian Spaced Repetition cards."""
    return len(_cards(lines, inside)) >= 2


def parse(text: str, path: str) -> Deck:
    """Parse the `Q::A` and `?`-separated cards of an Obsidian note."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts = [Draft(q, a, line, topic) for line, topic, q, a in _cards(lines, inside)]
    return build_deck(path, drafts, "Obsidian flashcard")
