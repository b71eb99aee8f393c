"""The titled-question layout: a `### Question 1.1: Title` heading over a `**Question:**` block
(often a blockquote) and a `**Sample Answer:**` (or `**Answer:**`) block, as interview guides
lay out design questions."""

from __future__ import annotations

import re

from engine.deck import web_answer_lines
from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    heading,
    plain,
    topic_of,
)
from engine.model import Deck

# "Question 1.1: Design a Web Crawler", "Q2 - Rate Limiter": a numbered title, not a question.
_NUMBER = re.compile(r"(?:question|q)[ \t]*\d{1,4}(?:\.\d{1,4})*[ \t]*[:.)\-][ \t]*", re.I)
_TITLE = re.compile(rf"{_NUMBER.pattern}\S", re.IGNORECASE)
# A bold label opening a paragraph: "**Question:**", "**Keywords:** BFS, ...", "__Answer__:".
_LABEL = re.compile(r" {0,3}(\*\*|__)(?P<name>[^*_\n]{1,40}?)[ \t]*(?::\1|\1[ \t]*:)[ \t]*(.*)")
_QUESTION = re.compile(r"(?:the[ \t]+)?(?:question|problem|prompt)", re.IGNORECASE)
_ANSWER = re.compile(
    r"(?:(?:sample|model|suggested|example|expected|possible|good)[ \t]+)?(?:answer|solution)",
    re.IGNORECASE,
)
# Titles with both blocks must be at least this share of the titles ("Question 1.1: ...").
ANSWERED_SHARE = 0.6
_QUOTES = ('"', "“", "”", "'")


def _blocks(lines: list[str], inside: list[bool], start: int, stop: int) -> dict[str, list[str]]:
    """Return the text of the question and answer label blocks in lines [start, stop).

    A block runs from its label to the next label opening a line ("**Keywords:**",
    "**Follow-up Questions:**"); the text after the label on its line is its first line.
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for j in range(start, stop):
        m = None if inside[j] else _LABEL.fullmatch(lines[j])
        if m:
            name = m["name"].strip()
            kind = "q" if _QUESTION.fullmatch(name) else "a" if _ANSWER.fullmatch(name) else ""
            current = found.setdefault(kind, []) if kind and kind not in found else None
            if current is not None and m[3].strip():
                current.append(m[3])
        elif current is not None:
            current.append(lines[j])
    return found


def _sections(lines: list[str], inside: list[bool]) -> list[tuple[int, int, int, str]]:
    """Return (heading line, end line, level, title) of each `Question N:` title heading."""
    headings = [
        (i, h)
        for i, (line, code) in enumerate(zip(lines, inside, strict=True))
        if not code and (h := heading(line)) is not None
    ]
    out = []
    for n, (i, (level, text)) in enumerate(headings):
        if _TITLE.match(text):
            end = next((j for j, h in headings[n + 1 :] if h[0] <= level), len(lines))
            out.append((i, end, level, text))
    return out


def _answered(lines: list[str], inside: list[bool], start: int, end: int) -> bool:
    """Tell whether a title's section holds both a question and an answer block."""
    found = _blocks(lines, inside, start + 1, end)
    return "q" in found and "a" in found


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether most `Question N:` title headings hold question and answer blocks."""
    sections = _sections(lines, inside)
    answered = sum(1 for i, end, _, _ in sections if _answered(lines, inside, i, end))
    return answered > 0 and answered >= ANSWERED_SHARE * len(sections)


def _question(lines: list[str]) -> str:
    """Return a question block's text: unquoted, on one line, without quotation marks."""
    text = plain(" ".join(x.strip().removeprefix(">").strip() for x in lines if x.strip()))
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def parse(text: str, path: str) -> Deck:
    """Parse `Question N:` sections; headings above them are topics, other headings ignored."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts: list[Draft] = []
    titles = {i: (end, level) for i, end, level, _ in _sections(lines, inside)}
    top = min((level for _, level in titles.values()), default=1)
    topic = ""
    for i, (line, code) in enumerate(zip(lines, inside, strict=True)):
        h = None if code else heading(line)
        if h is None:
            continue
        if i not in titles:
            if h[0] < top:  # "## 1. Web Crawler" above "### Question 1.1: ..."
                topic = topic_of(h[1], topic)
            continue
        end, _ = titles[i]
        found = _blocks(lines, inside, i + 1, end)
        # Without a question block the title is the question ("Question 2: What is DNS?").
        question = _question(found["q"]) if found.get("q") else plain(_NUMBER.sub("", h[1]))
        answer = block(web_answer_lines(found.get("a", [])))
        if question:
            drafts.append(Draft(question, answer, i + 1, topic))
    return build_deck(path, drafts, "titled-question")
