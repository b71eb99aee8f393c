"""The blockquote-question layout: `> question?` paragraphs, each answered below, usually after an
`**Answer:**` label (blog posts of interview questions)."""

from __future__ import annotations

import re

from engine.deck import ANSWER_LABEL, web_answer_lines
from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    h2_count,
    heading,
    plain,
    topic_at,
    unlabelled,
)
from engine.formats.headings import asks
from engine.model import Deck

_QUOTE = re.compile(r" {0,3}>[ \t]?(.*)")
# Blockquotes asked and answered under a label: at least this many make the layout.
LABELLED_MIN = 2


def _quote_end(lines: list[str], inside: list[bool], i: int) -> int | None:
    """Return the end of the blockquote paragraph starting at line i, or None if none starts.

    The paragraph opens a block (a blank line or a heading above it) and runs to the next blank
    line; lines without '>' in it are lazy continuations, as Markdown reads them.
    """
    if inside[i] or not _QUOTE.match(lines[i]):
        return None
    if i > 0 and lines[i - 1].strip() and heading(lines[i - 1]) is None:
        return None
    end = i + 1
    while end < len(lines) and lines[end].strip() and not inside[end]:
        if heading(lines[end]) is not None:
            break
        end += 1
    return end


def _label_at(lines: list[str], inside: list[bool], start: int, stop: int) -> int | None:
    """Return the first line in [start, stop) opening a paragraph with an answer label."""
    for j in range(start, stop):
        if inside[j] or (j > start and lines[j - 1].strip()):
            continue
        if ANSWER_LABEL.match(lines[j]) and lines[j].strip():
            return j
    return None


def _questions(lines: list[str], inside: list[bool]) -> list[tuple[int, int, int | None]]:
    """Return (start, end, answer label line) of each blockquote asking a question.

    A blockquote is a question when an answer label follows it before the next blockquote or
    heading, or when it asks ("> What is NaN?"): a note quoted inside an answer is neither.
    """
    quotes: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        end = _quote_end(lines, inside, i)
        if end is None:
            i += 1
            continue
        quotes.append((i, end))
        i = end
    found = []
    for n, (start, end) in enumerate(quotes):
        stop = next(
            (j for j in range(end, len(lines)) if not inside[j] and heading(lines[j]) is not None),
            len(lines),
        )
        if n + 1 < len(quotes):
            stop = min(stop, quotes[n + 1][0])
        label = _label_at(lines, inside, end, stop)
        if label is not None or asks(_text(lines[start:end])):
            found.append((start, end, label))
    return found


def _text(lines: list[str]) -> str:
    """Return a blockquote paragraph's text on one line, without its '>' markers."""
    return plain(" ".join(m[1] if (m := _QUOTE.match(x)) else x for x in lines))


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether blockquoted questions, some answered under a label, outnumber `##`s."""
    found = _questions(lines, inside)
    labelled = sum(1 for _, _, label in found if label is not None)
    return labelled >= LABELLED_MIN and len(found) > h2_count(lines, inside)


def parse(text: str, path: str) -> Deck:
    """Parse blockquoted questions; headings are topics, text before the first is ignored."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    found = _questions(lines, inside)
    drafts: list[Draft] = []
    topic = ""
    at = 0
    for n, (start, end, label) in enumerate(found):
        topic = topic_at(lines, inside, at, start, topic)
        stop = next(
            (j for j in range(end, len(lines)) if not inside[j] and heading(lines[j]) is not None),
            len(lines),
        )
        if n + 1 < len(found):
            stop = min(stop, found[n + 1][0])
        question = _text(lines[start:end])
        if label is not None:
            # What comes between the question and its answer label is part of the question:
            # the code snippet an "Example. What is the result?" asks about.
            shown = block(lines[end:label])
            if shown:
                question = f"{question}\n\n{shown}"
            body = lines[label:stop]
        else:
            body = lines[end:stop]
        if question:
            answer = block(unlabelled(web_answer_lines(body)))
            drafts.append(Draft(question, answer, start + 1, topic))
        at = start
    return build_deck(path, drafts, "blockquote-question")
