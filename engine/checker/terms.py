"""Abbreviations, initialisms and multi-word terms a card's own text defines."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from engine.checker.words import (
    _CLAUSE_WORDS,
    _SLOT_STOP,
    COMMON_WORDS,
    Glossary,
    _plural_of_common,
    _wordset,
    word_key,
)
from engine.model import Card

# "Security Token Service (STS)", "STS (Security Token Service)", "network ACL (NACL)": an
# abbreviation the card defines for itself, next to the words its letters start.
_DEFINED = re.compile(
    r"\(\s*([A-Za-z][A-Za-z0-9]{1,7})\s*\)"
    r"|\b([A-Z][A-Za-z0-9]{1,7})\s*\(\s*([A-Za-z][\w-]*(?:\s+[\w-]+){1,6})\s*\)"
)
_ABBREVIATION_GLUE = _wordset("of and for the to in on a an as with")


def _spells(abbr: str, words: list[str]) -> bool:
    """Tell whether `abbr` is made of the starts of `words` in order ("igw": internet gateway).

    Each word gives its first letter and may give more of its letters in order ("IGW",
    "NACL" from "network ACL"); small words ("of", "and") may give nothing.
    """

    @cache
    def fit(a: int, w: int) -> bool:
        if w == len(words):
            return a == len(abbr)
        word = words[w]
        if word in _ABBREVIATION_GLUE and fit(a, w + 1):
            return True
        if a == len(abbr) or abbr[a] != word[0]:
            return False
        # The word gives abbr[a] and then any in-order run of its other letters.
        at = 0
        for b in range(a + 1, len(abbr) + 1):
            if fit(b, w + 1):
                return True
            if b == len(abbr):
                break
            at = word.find(abbr[b], at + 1)
            if at < 0:
                break
        return False

    return fit(0, 0)


def defined_abbreviations(card: Card) -> Glossary:
    """Return the abbreviations the card's own text defines, each with its long form."""
    text = " ".join(
        [card.question, card.answer, card.explanation, *(kp.text for kp in card.key_points)]
    )
    found: dict[tuple[str, str], None] = {}
    for m in _DEFINED.finditer(text):
        if m.group(1) is not None:
            abbr = m.group(1)
            before = re.findall(r"[A-Za-z][\w-]*", text[max(0, m.start() - 100) : m.start()])
            candidates = [before[-n:] for n in range(1, min(len(before), 7) + 1)]
        else:
            abbr, candidates = m.group(2), [m.group(3).split()]
        if not any(c.isupper() for c in abbr[1:]) and not abbr.isupper():
            continue  # "(optional)", "(roles)": a word, not an abbreviation.
        letters = abbr.lower()
        plural = abbr.endswith("s") and abbr[:-1].isupper()
        for stem in (letters[:-1], letters) if plural else (letters,):
            if not stem or len(stem) < 2:
                continue
            words = None
            for cand in candidates:
                lowered = [w.lower() for w in cand]
                if len(lowered) > 1 and _spells(stem, lowered):
                    words = cand
                    break
            if words is not None:
                found[(stem, " ".join(words))] = None
                break
    return tuple((abbr, long) for abbr, long in found)


# A term the card names in two to four words ("internet gateway", "Network ACL"): an answer
# word whose letters spell it ("IGW", "NACLs") stands for it (see `card_terms`).
_TERM_WORDS = (2, 4)
_INITIALISM_LENGTH = (2, 5)


def _term_word(w: str) -> bool:
    return (
        len(w) > 1
        and w[0].isalpha()
        and w.isalnum()
        and w not in _SLOT_STOP
        and w not in _CLAUSE_WORDS
    )


@lru_cache(maxsize=4096)
def card_terms(card: Card) -> tuple[tuple[str, ...], ...]:
    """Return the multi-word terms the card's own text names, as folded words.

    A term is a run of two to four content words in one clause that is written in capitals
    ("Network Access Control List", "NAT gateway", "network ACL"), or that the card says at
    least twice followed by different words ("security groups are ... security groups
    filter"; a key point restating a sentence of the answer repeats no term): the noun
    phrases an answer may abbreviate.
    """
    followers: dict[tuple[str, ...], set[str]] = {}
    words_of: dict[tuple[str, ...], tuple[str, ...]] = {}
    named: set[tuple[str, ...]] = set()
    low, high = _TERM_WORDS
    texts = (card.question, card.answer, *(kp.text for kp in card.key_points))
    for text in texts:
        for run, after in _term_runs(text):
            run_keys = [word_key(w) for w, _ in run]
            for i in range(len(run)):
                for end in range(i + low, min(len(run), i + high) + 1):
                    part = run[i:end]
                    keys = tuple(run_keys[i:end])
                    nxt = run[end][0] if end < len(run) else after
                    followers.setdefault(keys, set()).add(nxt)
                    words_of.setdefault(keys, tuple(w for w, _ in part))
                    if _capitalised(part):
                        named.add(keys)
    return tuple(words_of[k] for k, f in followers.items() if len(f) >= 2 or k in named)


# Words, sentence ends, and any other mark (which ends a run of term words; a hyphen does not).
_TERM_TOKEN = re.compile(r"([A-Za-z0-9]+)|([.!?\n])|([^\sA-Za-z0-9-])")
# How a term word is written: "Title", "UPPER", "lower", or a sentence's first word "First".
_TITLE, _UPPER, _LOWER, _FIRST = "T", "U", "L", "F"


def _term_runs(text: str) -> list[tuple[list[tuple[str, str]], str]]:
    """Cut a text into runs of adjacent content words, each with how it is written.

    Each run comes with the word or mark that follows it ("" at the end of the text).
    """
    runs: list[tuple[list[tuple[str, str]], str]] = []
    run: list[tuple[str, str]] = []
    opening = True
    for m in _TERM_TOKEN.finditer(text):
        word = m.group(1)
        lower = (word or m.group()).lower()
        if word is None or not _term_word(lower):
            if run:
                runs.append((run, lower))
                run = []
            opening = m.group(2) is not None or (opening and word is None)
            continue
        if word.isupper() and len(word) > 1:
            case = _UPPER
        elif word[0].isupper():
            # A sentence's first word is capitalised anyway.
            case = _FIRST if opening else _TITLE
        else:
            case = _LOWER
        run.append((lower, case))
        opening = False
    if run:
        runs.append((run, ""))
    return [(r, after) for r, after in runs if len(r) >= _TERM_WORDS[0]]


def _capitalised(part: list[tuple[str, str]]) -> bool:
    """Tell whether a run of words is written as a name: Title Case, or "NAT gateway"."""
    cases = [c for _, c in part]
    if all(c in (_TITLE, _UPPER) for c in cases):
        return True
    # "NAT gateway", "network ACL"; not "cover NAT".
    return (
        len(cases) == 2
        and _UPPER in cases
        and _LOWER in cases
        and not any(c == _LOWER and w in COMMON_WORDS for w, c in part)
    )


def _stand_in(terms: tuple[tuple[str, ...], ...]) -> bool:
    """Tell whether a glossary class ends with a card term's stand-in key ("#3")."""
    return terms[-1][0].startswith("#")


def _initialism_candidate(word: str) -> bool:
    """Tell whether an answer word may be an initialism: short letters, no English word."""
    low, high = _INITIALISM_LENGTH
    return (
        low <= len(word) <= high
        and word.isalpha()
        and word not in COMMON_WORDS
        and word not in _SLOT_STOP
        and not _plural_of_common(word)
    )
