"""Questions a file asks that no card took: the minority layout of a file that mixes two."""

from __future__ import annotations

import re

from engine.formats.common import ends_asking, fenced
from engine.model import Deck, DeckIssue

# Lines that open a question block in some layout: a heading, a line that starts bold, or a
# "Q:" / "Q1." / "Question 2:" label. Plain lines and list items ending in "?" are too common
# inside answers ("Why? Because ...") to be told apart from questions.
_OPENER = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]|\*\*|__|(?:\*\*)?(?:q|question)[ \t]*\d*[ \t]*[:.)])", re.I
)
_NON_WORD = re.compile(r"[\W_]+")
# A card's question and the line it came from, compared without their decoration, match when
# one holds the other and the shorter is long enough not to match by chance.
_MIN_SHARED = 10


def unread_questions(lines: list[str], path: str, parsed: Deck) -> DeckIssue | None:
    """Return a warning naming the question lines outside code that no card of `parsed` took."""
    inside = fenced(lines)
    taken = {card.line for card in parsed.cards}
    # A question may go on under its first line (a multiple-choice stem, its code, options).
    questions = [
        _key(q) for card in parsed.cards for q in {card.question, card.question.split("\n")[0]}
    ]
    unread = [
        n
        for n, line in enumerate(lines, 1)
        if not inside[n - 1]
        and n not in taken
        and _OPENER.match(line)
        and ends_asking(line)
        and not _asked(_key(line), questions)
    ]
    if not unread:
        return None
    return DeckIssue(
        path,
        unread[0],
        (
            f"{len(unread)} question lines were not read as cards (lines "
            f"{', '.join(map(str, unread))})"
            if len(unread) > 1
            else "this question line was not read as a card"
        )
        + ": the rest of the file asks its questions another way; write them the same way, "
        "or move them to a file of their own",
    )


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _asked(line: str, questions: list[str]) -> bool:
    """Tell whether a card asks this line's question (numbers, labels and emphasis aside)."""
    return any(
        min(len(line), len(q)) >= _MIN_SHARED and (q in line or line in q) for q in questions
    )
