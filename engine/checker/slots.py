"""Concept slots of rule-less key points: sizes, weights, list and slash spans."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from engine.checker.compiled import Slot
from engine.checker.words import _NEW_PREDICATE, PREPOSITIONS, STOPWORDS, _keys_of, _wordset
from engine.model import Card

# A key point without rules is covered when one sentence of the answer fills this share of its
# slots' weight, and at least this many slots (or all it has: a label and a list of properties
# is one list slot), and when two adjacent sentences fill FALLBACK_PAIR_EXTRA more ("It issues
# temporary credentials. They expire automatically."; without the extra, wrong answers gained
# credit). Tuned on the labelled dev answers with every rule stripped.
FALLBACK_COVER = 0.5
FALLBACK_MIN_SLOTS = 2
FALLBACK_LIST_CAP = 1
FALLBACK_PAIR_EXTRA = 0.5
# A sentence filling the slots in a clause about the point's own subject (a compared entity
# it names, or the subject it opens with) needs this much less: the subject is the point's
# concept too, though the question's words alone prove nothing. Measured on the opened AWS
# sets with rules stripped and the two opened strangers' decks: recall +0.01 to +0.02 at equal
# precision; a whole slot let twice as many wrong answers through.
SUBJECT_BONUS = 0.5
# A rule-less point one sentence fills to within NEAR_GAP of its need is nearly stated; it
# counts as covered when the answer covers NEAR_COVERED + NEAR_PER_GAP * gap other points of
# the card (three for half a slot short, four for a whole one) and contradicts none: a learner
# who has shown they know the card said it in other words ("you get back A records for each
# ready pod" for "DNS returns individual pod IPs"). Measured on the six opened strangers'
# decks: F1 +0.02 to +0.03 on each at equal precision, two more wrong answers Good (each with
# an error the checker cannot see); on three fresh decks, rating agreement +0.04 to +0.07.
# Two covered points, or a whole slot short with three, let more wrong answers through.
NEAR_GAP = 1.0
NEAR_COVERED = 2
NEAR_PER_GAP = 2
# A rule-less point the slots miss but one sentence restates closely (`resemblance` at least
# RESEMBLANCE: "multiple FROMs" for "Multiple FROM statements", "listcomp = whole list in mem"
# for "List comp builds the whole list eagerly in memory") counts as covered when the answer
# covers RESEMBLED_COVERED other points and contradicts none. Resemblance is blind to word
# order and negation, so a sentence with a negation never counts, nor does a point about one
# of several compared entities ("NACLs are stateful, SGs stateless" resembles both points).
RESEMBLANCE = 70.0
RESEMBLED_COVERED = 1
_DETERMINERS = _wordset("a an the each every all both its their your any some")
# Subject sizes (words, only a glossary or card term) tried for a compared subject, and for
# the subject any rule-less point opens with.
_NAMED_SIZES = ((3, False), (2, False), (1, False))
_OPENING_SIZES = ((3, True), (2, True), (3, False), (2, False), (1, False))
_LIST_SPAN = re.compile(r"\(([^()]*)\)|:\s+([^()]*[,/][^()]*)")
_SLASH_SPAN = re.compile(r"[^\W_][\w-]*(?:/[^\W_][\w-]*)+")


_VERBISH = (_NEW_PREDICATE - {"it", "they"}) | _wordset(
    "means mean cannot must may might should shall isn't aren't doesn't don't not never only"
)


# A word that three quarters of a card's key points say (and at least three) is the card's
# topic ("role" on a card about session policies): as a slot it weighs COMMON_SLOT_WEIGHT,
# so it cannot make up half a point with one other word ("adds permissions on top of the
# role's" is not "can only restrict: the intersection with the role's policies"). Tuned on
# the dev answers with rules stripped (at half of the points, recall fell by 0.02).
COMMON_SLOT_WEIGHT = 0.5
COMMON_SHARE = 0.75
COMMON_MIN = 3


def _common_keys(card: Card) -> frozenset[str]:
    """Return the word keys most of the card's key points say ("role" on a card about roles)."""
    points = card.key_points
    if len(points) < COMMON_MIN:
        return frozenset()
    seen: dict[str, int] = {}
    for kp in points:
        for k in set(_keys_of(kp.text)):
            seen[k] = seen.get(k, 0) + 1
    need = max(COMMON_MIN, COMMON_SHARE * len(points))
    return frozenset(k for k, n in seen.items() if n >= need)


def _fallback_need(total: float, cover: float) -> float:
    """Return the slot weight one sentence must fill to cover a point of `total` slot weight."""
    return max(cover * total, min(FALLBACK_MIN_SLOTS, total) - 0.001)


# The `Slot.part` of the words of a point's opening subject (see `_Compiler.slots`).
_SUBJECT_PART = 1_000_000


def _slot_weight(
    slots: Sequence[Slot], filled: Iterable[int], subject_whole: bool = False
) -> float:
    """Return the weight of the filled slots, each list counted as at most FALLBACK_LIST_CAP."""
    total = 0.0
    items: dict[int, int] = {}
    said: dict[tuple[int, int], float] = {}
    for j in filled:
        slot = slots[j]
        if slot.claim >= 0:
            said[(slot.part, slot.claim)] = said.get((slot.part, slot.claim), 0) + slot.weight
        elif slot.part < 0 or (subject_whole and slot.part == _SUBJECT_PART):
            total += slot.weight
        else:
            items[slot.part] = items.get(slot.part, 0) + 1
    if said:
        size: dict[tuple[int, int], float] = {}
        for slot in slots:
            if slot.claim >= 0:
                size[(slot.part, slot.claim)] = size.get((slot.part, slot.claim), 0) + slot.weight
        for (part, claim), n in said.items():
            if 2 * n >= size[(part, claim)]:
                items[part] = items.get(part, 0) + 1
    return total + sum(min(n, FALLBACK_LIST_CAP) for n in items.values())


def _predicate_follows(
    words: list[str], at: int, sep: list[str] | None = None, colon: bool = False
) -> bool:
    """Tell whether the words before `at` read as a subject ("Users get", "A NAT gateway sits").

    An imperative ("Protect it with MFA") or a phrase ("Format: ...") opens no subject; a
    symbol for a verb ("Taint = set on a node", "X -> Y") makes one, and with `colon` so do
    a colon and a spaced dash (notes in answers: "customer managed: yours, reusable").
    """
    if at >= len(words) or at == 0:
        return False
    if sep is not None and (sep[at] == "=" or (colon and sep[at] == ":")):
        return True
    nxt, last = words[at], words[at - 1]
    if nxt in _VERBISH:
        return True
    if nxt in STOPWORDS or nxt in PREPOSITIONS or not nxt.isalpha():
        return False
    return (nxt.endswith("s") and not nxt.endswith("ss")) or (
        last.endswith("s") and not last.endswith("ss")
    )


def _list_spans(text: str) -> list[tuple[int, int]]:
    """Return where a key point's text lists alternatives: parentheses, or a list after a colon."""
    out = []
    for m in _LIST_SPAN.finditer(text):
        g = 1 if m.group(1) is not None else 2
        out.append((m.start(g), m.end(g)))
    return out


def _slash_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SLASH_SPAN.finditer(text)]


def _container(at: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for span in spans:
        if span[0] <= at < span[1]:
            return span
    return None


def _contains(keys: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(keys[i : i + n] == part for i in range(len(keys) - n + 1))


def _inflections(w: str) -> list[str]:
    forms = [w]
    if w.endswith("ies"):
        forms.append(w[:-3] + "y")
    elif w.endswith("y"):
        forms.append(w[:-1] + "ies")
    elif w.endswith("s"):
        forms.append(w[:-1])
    else:
        forms.append(w + "s")
    return forms
