"""A quiz question's options, and the ones its model answer names correct.

Imported quizzes ask "Which collection keeps insertion order?" with options `A.` to `D.` and
answer "Correct Answer: B" (or "#### Answer: C,D", or "B. LinkedHashMap ..."), or number
their options `1.` to `5.` and answer "Answer: 2" (the number alone on its line). The
importer asks whether a card is such a question (its grading is exact), the checker grades
the choice (`engine.checker.choice`).
"""

from __future__ import annotations

import re

from engine.model import Card

# "A. AWS CloudHSM", "- B) ...", "(c) ...", "D: ...", "**A)** ...": one option per line.
_OPTION = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?\(?([A-Ea-e])(?:[.)]|:(?=[ \t]|\*))(?:\*\*|__)?[ \t]+(\S.*)"
)
# "Correct Answer: B", "Answer: C,D", "**Correct:** A and C", "✅ Answer - B".
# The letters are capitals: "The answer is a hash map" names no option.
# "Правильна відповідь: B", "Respuesta correcta: B", "正确答案：B": the key in other languages.
KEYS_IN_OTHER_LANGUAGES = (
    r"правильна[ \t]+відповідь|правильный[ \t]+ответ|respuesta[ \t]+correcta"
    r"|resposta[ \t]+correta|正确答案"
)
_KEY = re.compile(
    r"(?i:correct(?:[ \t]+(?:answer|option))?|answer|ans|solution"
    rf"|{KEYS_IN_OTHER_LANGUAGES})"
    r"(?i:s)?[ \t*_]*(?i:is)?"
    r"[ \t*_]*[:=\-\u2013]?[ \t*_`(]*([A-E](?:[ \t]*(?:,|&|and|/)[ \t]*[A-E])*)(?![\w])"
)
# An answer that opens with the letter and a mark: "B", "B.", "(B) ...", "**B** - because ...";
# not "A LinkedHashMap ...".
_LEADING = re.compile(r"[ \t]*[*_`(]*([A-E])[*_`)]*(?=[ \t]*(?:[.):,\-\u2013]|$))")
LETTERS = re.compile(r"(?<![A-Za-z])[A-Ea-e](?![A-Za-z])")
# Numbered options ("1. Alphabetically", "2) From the lowest level"), and the key naming them:
# "> **Answer:** 2", "Answer: 1, 3", with nothing else on its line ("Answer: 2 steps" counts).
_NUMBERED_OPTION = re.compile(r"[ \t]*([1-5])[.)][ \t]+(\S.*)")
NUMBER_LIST = r"[1-5](?:[ \t]*(?:,|&|and|/)[ \t]*[1-5])*"
_NUMBER_KEY = re.compile(
    r"\W*(?i:correct(?:[ \t]+(?:answer|option))?|answer|ans)(?i:s)?[ \t*_]*[:=\-\u2013][ \t*_`]*"
    rf"({NUMBER_LIST})[ \t*_`.]*"
)
DIGITS = re.compile(r"[1-5]")


def options(question: str) -> dict[str, str]:
    """Return a question's options by letter ("A" → its text), or by number ("1" → its text),
    when it lists two or more."""
    for pattern, first in ((_OPTION, "A"), (_NUMBERED_OPTION, "1")):
        found: dict[str, str] = {}
        for line in question.split("\n"):
            m = pattern.fullmatch(line)
            if m is not None:
                found.setdefault(m[1].upper(), m[2].strip())
        labels = sorted(found)
        # A to B at least, in order: "A. x" alone or "C. y" without A and B is no list.
        if len(labels) >= 2 and labels == [chr(ord(first) + n) for n in range(len(labels))]:
            return found
    return {}


def correct(card: Card) -> tuple[str, ...]:
    """Return the letters (or numbers) a multiple-choice card's answer names as correct (none:
    not one)."""
    if card.key_points:
        return ()  # authored points: graded by them (checked first, as every answer passes here)
    offered = options(card.question)
    if not offered:
        return ()
    lines = card.answer.strip().split("\n")[:CORRECT_LINES]
    if "1" in offered:
        m = next((k for x in lines if (k := _NUMBER_KEY.fullmatch(x))), None)
        labels = DIGITS.findall(m[1]) if m is not None else []
    else:
        head = "\n".join(lines)
        m = _KEY.search(head) or _LEADING.match(head)
        labels = [x.upper() for x in LETTERS.findall(m[1])] if m is not None else []
    found = tuple(dict.fromkeys(labels))
    return found if found and all(x in offered for x in found) else ()


# The lines of a model answer that may name the correct letters ("#### Answer: C,D" first).
CORRECT_LINES = 3
