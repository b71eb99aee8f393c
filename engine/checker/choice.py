"""Multiple-choice cards: a quiz question's options and the letters its model answer names.

Imported quizzes ask "Which collection keeps insertion order?" with options `A.` to `D.` and
answer "Correct Answer: B" (or "#### Answer: C,D", or "B. LinkedHashMap ..."), or number
their options `1.` to `5.` and answer "Answer: 2" (the number alone on its line). A learner
answers with the letter, the option's text, or both; the explanation after the letter is no
key point of theirs. Each correct option is one point, covered when the learner chose it; an
answer choosing a wrong option too is wrong, whatever else it chose.
"""

from __future__ import annotations

import re

from engine.model import Card, KeyPoint, PointResult, PointStatus

# "A. AWS CloudHSM", "- B) ...", "(c) ...", "D: ...": one option per question line.
_OPTION = re.compile(r"[ \t]*(?:[-*+][ \t]+)?\(?([A-Ea-e])(?:[.)]|:(?=[ \t]))[ \t]+(\S.*)")
# "Correct Answer: B", "Answer: C,D", "**Correct:** A and C", "✅ Answer - B".
# The letters are capitals: "The answer is a hash map" names no option.
_KEY = re.compile(
    r"(?i:correct(?:[ \t]+(?:answer|option))?|answer|ans|solution)(?i:s)?[ \t*_]*(?i:is)?"
    r"[ \t*_]*[:=\-\u2013]?[ \t*_`(]*([A-E](?:[ \t]*(?:,|&|and|/)[ \t]*[A-E])*)(?![\w])"
)
# An answer that opens with the letter and a mark: "B", "B.", "(B) ...", "**B** - because ...";
# not "A LinkedHashMap ...".
_LEADING = re.compile(r"[ \t]*[*_`(]*([A-E])[*_`)]*(?=[ \t]*(?:[.):,\-\u2013]|$))")
_LETTERS = re.compile(r"(?<![A-Za-z])[A-Ea-e](?![A-Za-z])")
# The learner's choice: capital letters, joined by commas, "and", "&" or "/" ("B and D"),
# then the end, a mark or a word that explains ("A because ..."; not "A LinkedHashMap ...").
_CHOSEN = re.compile(
    r"[ \t]*(?:(?:[Tt]he[ \t]+)?(?:[Aa]nswer|[Oo]ption|[Cc]orrect)[ \t]*(?:is)?[ \t]*[:\-]?[ \t]*)?"
    r"[*_`(]*([A-E](?:[ \t]*(?:,|&|and|/)[ \t]*\(?[A-E])*)[*_`)]*"
    r"(?=[ \t]*(?:[.):,;\-\u2013\u2014!]|$)|[ \t]+(?:because|since|as|is|are|it|-)\b)"
)
# Numbered options ("1. Alphabetically", "2) From the lowest level"), and the key naming them:
# "> **Answer:** 2", "Answer: 1, 3", with nothing else on its line ("Answer: 2 steps" counts).
_NUMBERED_OPTION = re.compile(r"[ \t]*([1-5])[.)][ \t]+(\S.*)")
_NUMBER_LIST = r"[1-5](?:[ \t]*(?:,|&|and|/)[ \t]*[1-5])*"
_NUMBER_KEY = re.compile(
    r"\W*(?i:correct(?:[ \t]+(?:answer|option))?|answer|ans)(?i:s)?[ \t*_]*[:=\-\u2013][ \t*_`]*"
    rf"({_NUMBER_LIST})[ \t*_`.]*"
)
# The learner's choice of numbered options: "2", "option 2", "Answer: 1 and 3", "2 - because".
_CHOSEN_NUMBER = re.compile(
    r"[ \t]*(?:(?:[Tt]he[ \t]+)?(?:[Aa]nswer|[Oo]ption|[Cc]orrect)[ \t]*(?:is)?[ \t]*[:\-]?[ \t]*)?"
    rf"[*_`(]*({_NUMBER_LIST})[*_`)]*"
    r"(?=[ \t]*(?:[.):,;\-\u2013\u2014!]|$)|[ \t]+(?:because|since|as|is|are|it|-)\b)"
)
_DIGITS = re.compile(r"[1-5]")
# A lowercase letter alone ("b", "(c)", "a, d").
_BARE = re.compile(r"[ \t]*\(?([a-e](?:[ \t]*(?:,|&|and|/)[ \t]*\(?[a-e])*)\)?[ \t.]*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s|\n")


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
        labels = _DIGITS.findall(m[1]) if m is not None else []
    else:
        head = "\n".join(lines)
        m = _KEY.search(head) or _LEADING.match(head)
        labels = [x.upper() for x in _LETTERS.findall(m[1])] if m is not None else []
    found = tuple(dict.fromkeys(labels))
    return found if found and all(x in offered for x in found) else ()


# The lines of a model answer that may name the correct letters ("#### Answer: C,D" first).
CORRECT_LINES = 3


def key_points(card: Card) -> tuple[KeyPoint, ...]:
    """Return one key point per correct option ("B: LinkedHashMap"), or none."""
    offered = options(card.question)
    return tuple(KeyPoint(f"{x}: {offered[x]}", core=True, line=card.line) for x in correct(card))


def graded(card: Card, answer: str) -> tuple[PointResult, ...] | None:
    """Grade a multiple-choice answer by the options it chooses; None for other cards."""
    right = correct(card)
    if not right:
        return None
    offered = options(card.question)
    chosen = _chosen(answer, offered)
    wrong = sorted(chosen - set(right))
    points = []
    for n, letter in enumerate(right):
        text = f"{letter}: {offered[letter]}"
        if wrong:
            status, evidence = PointStatus.CONTRADICTED, ", ".join(wrong)
        elif letter in chosen:
            status, evidence = PointStatus.COVERED, letter
        else:
            status, evidence = PointStatus.MISSED, ""
        points.append(PointResult(n, text, status, 1.0, evidence))
    return tuple(points)


def _chosen(answer: str, offered: dict[str, str]) -> set[str]:
    """Return the letters an answer chooses: named first ("B and D", "(b)", "Answer: C"), or
    the options whose text its first sentence says ("LinkedHashMap")."""
    if "1" in offered:
        m = _CHOSEN_NUMBER.match(answer)
        if m is not None and set(_DIGITS.findall(m[1])) <= set(offered):
            return set(_DIGITS.findall(m[1]))
    else:
        m = _CHOSEN.match(answer)
        if m is None and _BARE.fullmatch(answer):
            m = _BARE.fullmatch(answer)
        if m is not None:
            letters = {x.upper() for x in _LETTERS.findall(m[1])}
            if letters <= set(offered):
                return letters
    # "LAN", "443": an answer that is an option's text, however short, chooses it.
    whole = _folded(answer).strip(" .!")
    if exact := {x for x, text in offered.items() if _folded(text).strip(" .!") == whole}:
        return exact
    first = _folded(_SENTENCE_END.split(answer.strip(), maxsplit=1)[0])
    said = {
        x
        for x, text in offered.items()
        if len(_folded(text)) >= OPTION_TEXT_MIN
        and re.search(rf"(?<!\w){re.escape(_folded(text))}(?!\w)", first)
    }
    # "LinkedHashMap" says "HashMap" too: an option inside a longer one said is not chosen.
    return {
        x
        for x in said
        if not any(y != x and _folded(offered[x]) in _folded(offered[y]) for y in said)
    }


# An option's text said in an answer counts as choosing it when it is this long at least
# ("an error" would be found in too many explanations).
OPTION_TEXT_MIN = 4


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[`*_]", "", text).casefold().split())
