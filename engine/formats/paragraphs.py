"""The plain-paragraph layout: notes with no Markdown at all, each paragraph a question line
and its answer on the lines right under it (`What data structures does Redis support?`, then
`Strings, Lists, Sets, ...`)."""

from __future__ import annotations

from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    h2_count,
    plain,
    unlabelled,
)
from engine.formats.headings import asks
from engine.model import Deck

# Paragraphs that open with a question and go on with its answer: at least this many, and
# this share of the paragraphs with text, make the layout (a README's "Why?" paragraph does
# not).
ANSWERED_MIN = 3
ANSWERED_SHARE = 0.6
# A line that opens Markdown structure is no plain question: a heading, a list item, a quote,
# a table row, a label ("Q:", "**"), HTML.
_STRUCTURE = ("#", "-", "*", "+", ">", "|", "<", "`", "~", "q:", "a:")


def _paragraphs(lines: list[str], inside: list[bool]) -> list[list[int]]:
    """Return the line numbers of each paragraph outside code blocks."""
    found: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if inside[i] or not line.strip():
            if current:
                found.append(current)
                current = []
            continue
        current.append(i)
    if current:
        found.append(current)
    # "What would the Docker image be?", a blank line, then "    Answer: The blueprint ...":
    # an indented paragraph under a one-line question is its answer.
    merged: list[list[int]] = []
    for paragraph in found:
        if (
            merged
            and len(merged[-1]) == 1
            and all(lines[i][:1] in (" ", "\t") for i in paragraph)
            and not lines[merged[-1][0]][:1].isspace()
        ):
            merged[-1] = merged[-1] + paragraph
        elif (
            SPACED_ANSWERS
            and merged
            and len(merged[-1]) == 1
            and lines[merged[-1][0]].rstrip().endswith("?")
            and not lines[paragraph[0]].rstrip().endswith("?")
        ):
            # "2️⃣ What is an error budget?", a blank line, "✅ The downtime an SLO allows.":
            # a question alone on its line, then its answer a blank line below.
            merged[-1] = merged[-1] + paragraph
        else:
            merged.append(paragraph)
    return merged


# A one-line question's answer may follow a blank line below it.
SPACED_ANSWERS = True
# "2️⃣": a keycap number, which decorates a question rather than numbering a list.
_KEYCAP = "\u20e3"


def _question_at(lines: list[str], paragraph: list[int]) -> int | None:
    """Return the index in `paragraph` of its question line, if it asks and is answered.

    The question opens the paragraph, or follows one title line ("🔹 11–20: Data
    Structures", then the question and its answer).
    """
    for at in (0, 1):
        if len(paragraph) < at + 2:
            return None
        text = lines[paragraph[at]].strip()
        if text.lower().startswith(_STRUCTURE) or (text[:1].isdigit() and _KEYCAP not in text[:4]):
            return None
        # "Is Redis in-memory only? Explain.": the question is what comes before the "?".
        if asks(plain(text.split("?")[0] + "?" if "?" in text else text)):
            return at
    return None


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether question-then-answer paragraphs make most of a file without Markdown."""
    paragraphs = _paragraphs(lines, inside)
    answered = sum(1 for p in paragraphs if _question_at(lines, p) is not None)
    return (
        answered >= ANSWERED_MIN
        and answered >= ANSWERED_SHARE * len(paragraphs)
        and answered > h2_count(lines, inside)
    )


def parse(text: str, path: str) -> Deck:
    """Parse paragraphs that open with a question; a line above one is its topic."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts: list[Draft] = []
    topic = ""
    for paragraph in _paragraphs(lines, inside):
        at = _question_at(lines, paragraph)
        if at is None:
            continue
        if at == 1:
            topic = plain(lines[paragraph[0]])
        question = plain(lines[paragraph[at]])
        # Un-indented first, so that "Answer:" opening an indented answer is seen as a label.
        body = block([lines[i] for i in paragraph[at + 1 :]]).split("\n")
        answer = block(unlabelled(body))
        drafts.append(Draft(question, answer, paragraph[at] + 1, topic))
    return build_deck(path, drafts, "plain-paragraph")
