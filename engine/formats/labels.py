"""The labelled-heading layout: a `Question` heading over the question, an `Answer` heading over
its answer ("### Question 1" / "### Answer", "## Question" / "## ✅ Answer", one per file or
many)."""

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

# "Question", "Question 3", "Q1", "Question (EN)", "Question:"; "Answer", "✅ Answer (EN)";
# and a flashcard's sides, "Front" and "Back".
_QUESTION = re.compile(r"(?:question|q|front)[ \t]*\d{0,4}", re.IGNORECASE)
_ANSWER = re.compile(r"(?:answer|ans|a|solution|back)[ \t]*\d{0,4}", re.IGNORECASE)
_LANGUAGE = re.compile(r"[ \t]*\([A-Za-z]{2}\)$")


def _label(text: str) -> str | None:
    """Return "q" or "a" if a heading's text is only a question or an answer label."""
    bare = _LANGUAGE.sub("", plain(text)).rstrip(" :")
    if _QUESTION.fullmatch(bare):
        return "q"
    if _ANSWER.fullmatch(bare):
        return "a"
    return None


def _labels(lines: list[str], inside: list[bool]) -> list[tuple[int, int, str]]:
    """Return (line index, level, "q" or "a") for every label heading outside code."""
    out = []
    for i, (line, code) in enumerate(zip(lines, inside, strict=True)):
        if not code and (h := heading(line)) is not None and (kind := _label(h[1])):
            out.append((i, h[0], kind))
    return out


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether questions sit under `Question` headings, each with an `Answer` heading."""
    kinds = [kind for _, _, kind in _labels(lines, inside)]
    asked = kinds.count("q")
    answered = sum(1 for n, kind in enumerate(kinds) if kind == "q" and "a" in kinds[n + 1 :])
    return asked > 0 and answered == asked


def parse(text: str, path: str) -> Deck:
    """Parse Question/Answer label headings: the text under each is the question or answer."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    labels = _labels(lines, inside)
    drafts: list[Draft] = []
    topic = ""
    headings = [
        (i, h)
        for i, (line, code) in enumerate(zip(lines, inside, strict=True))
        if not code and (h := heading(line)) is not None
    ]
    for n, (at, level, kind) in enumerate(labels):
        if kind != "q":
            continue
        # The topic: the last other heading above the question, at a higher level.
        for i, h in headings:
            if i >= at:
                break
            if h[0] < level and _label(h[1]) is None:
                topic = topic_of(h[1], topic)
        question_end = next((i for i, _ in headings if i > at), len(lines))
        asked = [x.removeprefix(">").strip() for x in lines[at + 1 : question_end]]
        question = plain(" ".join(x for x in asked if x))
        # The answer: under the answer label that comes next, up to the next heading of its
        # level or above (deeper headings are part of it: "### Detailed explanation").
        answer: list[str] = []
        if n + 1 < len(labels) and labels[n + 1][2] == "a":
            a_at, a_level, _ = labels[n + 1]
            end = next((i for i, h in headings if i > a_at and h[0] <= a_level), len(lines))
            answer = web_answer_lines(lines[a_at + 1 : end])
        if question:
            drafts.append(Draft(question, block(answer), at + 1, topic))
    return build_deck(path, drafts, "Question/Answer heading")
