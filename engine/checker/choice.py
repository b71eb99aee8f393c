"""Multiple-choice cards graded by the options an answer chooses.

A learner answers a quiz question (`engine.options`) with the letter or number, the option's
text, or both; the explanation after the letter is no key point of theirs. Each correct
option is one point, covered when the learner chose it; an answer choosing a wrong option too
is wrong, whatever else it chose.
"""

from __future__ import annotations

import re

from engine.model import Card, KeyPoint, PointResult, PointStatus
from engine.options import DIGITS, LETTERS, NUMBER_LIST, correct, options

# The learner's choice: capital letters, joined by commas, "and", "&" or "/" ("B and D"),
# then the end, a mark or a word that explains ("A because ..."; not "A LinkedHashMap ...").
_CHOSEN = re.compile(
    r"[ \t]*(?:(?:[Tt]he[ \t]+)?(?:[Aa]nswer|[Oo]ption|[Cc]orrect)[ \t]*(?:is)?[ \t]*[:\-]?[ \t]*)?"
    r"[*_`(]*([A-E](?:[ \t]*(?:,|&|and|/)[ \t]*\(?[A-E])*)[*_`)]*"
    r"(?=[ \t]*(?:[.):,;\-\u2013\u2014!]|$)|[ \t]+(?:because|since|as|is|are|it|-)\b)"
)
# The learner's choice of numbered options: "2", "option 2", "Answer: 1 and 3", "2 - because".
_CHOSEN_NUMBER = re.compile(
    r"[ \t]*(?:(?:[Tt]he[ \t]+)?(?:[Aa]nswer|[Oo]ption|[Cc]orrect)[ \t]*(?:is)?[ \t]*[:\-]?[ \t]*)?"
    rf"[*_`(]*({NUMBER_LIST})[*_`)]*"
    r"(?=[ \t]*(?:[.):,;\-\u2013\u2014!]|$)|[ \t]+(?:because|since|as|is|are|it|-)\b)"
)
# A lowercase letter alone ("b", "(c)", "a, d").
_BARE = re.compile(r"[ \t]*\(?([a-e](?:[ \t]*(?:,|&|and|/)[ \t]*\(?[a-e])*)\)?[ \t.]*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s|\n")


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
        if m is not None and set(DIGITS.findall(m[1])) <= set(offered):
            return set(DIGITS.findall(m[1]))
    else:
        m = _CHOSEN.match(answer)
        if m is None and _BARE.fullmatch(answer):
            m = _BARE.fullmatch(answer)
        if m is not None:
            letters = {x.upper() for x in LETTERS.findall(m[1])}
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
    chosen = {
        x
        for x in said
        if not any(y != x and _folded(offered[x]) in _folded(offered[y]) for y in said)
    }
    return chosen or _shortened(whole, offered)


def _shortened(whole: str, offered: dict[str, str]) -> set[str]:
    """Return the option an answer gives the most of in fewer words ("All rows and columns"
    for "All rows and columns from the Employee table"), when no other option holds it."""
    words = whole.split()
    if len(words) < SHORTENED_WORDS_MIN:
        return set()
    holding = {
        x
        for x, text in offered.items()
        if re.search(rf"(?<!\w){re.escape(whole)}(?!\w)", _folded(text).strip(" .!"))
    }
    if len(holding) != 1:
        return set()  # "rows and columns": said by two options, chooses neither
    (x,) = holding
    return holding if 2 * len(words) >= len(_folded(offered[x]).split()) else set()


# An answer shortening an option's text chooses it with this many words at least, and half
# the option's words.
SHORTENED_WORDS_MIN = 2


# An option's text said in an answer counts as choosing it when it is this long at least
# ("an error" would be found in too many explanations).
OPTION_TEXT_MIN = 4


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[`*_]", "", text).casefold().split())
