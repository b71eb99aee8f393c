"""Flashcards written inline in notes: Obsidian Spaced Repetition, RemNote, Logseq.

Obsidian Spaced Repetition's basic cards are `Q::A` (and `Q:::A`, reviewed both ways, read
here as Q -> A) on one line, or a question, a line holding only `?` (or `??`), and the
answer, up to the next blank line; its review data (`<!--SR:...-->`) and `#flashcards` tags
are dropped. The plugin lets its users pick their own separator: `Q;;A` is read too. A file
made of `Front=Back` lines (a term and its definition each) is a deck of such cards.
Outliners write cards as bullets: RemNote's `- Q >> A` (and `- Term :: Def`), or `- Q >>>`
with the answer in the bullets indented under it; Logseq's `- Q #card` with the answer in its
child blocks, whose `key:: value` properties (review data) are dropped.
"""

from __future__ import annotations

import re

from engine.formats.common import Draft, block, build_deck, clean_lines, fenced, heading, plain
from engine.model import Deck

# "What does DNS do::It maps names", "- What is the GIL? >> A mutex ...". The question may
# hold a single ":" or ">" ("The student objects: ... The answer? :: ...").
_INLINE = re.compile(
    r"(?P<q>(?:[^:>]|:(?!:)|>(?!>))*?[^:>\s])[ \t]*(?::{2,3}|>>(?!>))[ \t]*(?P<a>\S.*)"
)
_BULLET = re.compile(r"[ \t]*[-*+][ \t]+")
_CODE_SPAN = re.compile(r"`[^`]*`")
# "How do you connect two LANs?;; Via WAN": a separator Obsidian's users set themselves.
_SEMICOLONS = re.compile(r"(?P<q>[^;]*?[^;\s])[ \t]*;;(?!;)[ \t]*(?P<a>[^;\s].*)")
# "Load Balancing=Distributes traffic ...": a term, "=", and a definition of two words or more.
# "=" is code and maths elsewhere ("x = 5", "a == b", "=>"), so only in a file made of them.
_EQUALS = re.compile(
    r"(?P<q>[^\W\d_][^=<>!`()\[\]{}\"]{0,80}?)[ \t]*=(?![=>~])[ \t]*"
    r"(?P<a>[^\W\d_][^\s=]*(?:\s+\S+)+)"
)
# "std::move", "Foo::bar": a scope operator between two identifiers, no spaces.
_SCOPE = re.compile(r"\b[A-Za-z_]\w*::[a-z_]\w*")
# "card-repeats:: 3", "title:: SQL cards": a Logseq property, not a card.
# Its keys are lowercase: "AES:: Advanced Encryption Standard" is a card.
_PROPERTY = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?[a-z][a-z0-9_-]*::[ \t].*|[ \t]*[a-z][a-z0-9_-]*::[ \t]*"
)
_SEPARATOR = re.compile(r"[ \t]*\?{1,2}[ \t]*")
# "==kubelet==": a highlight, which the plugin reads as a cloze deletion.
_CLOZE = re.compile(r"==(?=\S)([^=\n]+?)(?<=\S)==")
# "+++": the end marker the plugin's users may set for a multi-line card's answer.
_END_MARKER = re.compile(r"[ \t]*\+\+\+[ \t]*")
_REVIEW_DATA = re.compile(r"[ \t]*<!--SR:.*?-->", re.IGNORECASE)
_TAG = re.compile(r"(?:^|[ \t])#flashcards(?:/[\w/-]*)?\b", re.IGNORECASE)
# "- What is X? >>>", "- What is X? #card" ("#[[card]]") or "- #card What is X?": the answer
# is indented below.
_PARENT = re.compile(
    r"(?P<indent>[ \t]*)[-*+][ \t]+(?:"
    r"(?P<q>.*?\S)[ \t]*(?:>>>|#card\b|#\[\[card\]\])"
    r"|(?:#card|#\[\[card\]\])[ \t]+(?P<q2>.*?\S))[ \t]*",
    re.IGNORECASE,
)


def _inline(line: str, equals: bool = False) -> tuple[str, str] | None:
    """Return the question and answer of a `Q::A` (or `- Q >> A`, `Q;;A`) line, if it is one;
    with `equals`, of a `Front=Back` line too."""
    text = _REVIEW_DATA.sub("", line).strip()
    if _PROPERTY.fullmatch(line):
        return None
    # Only a bullet opening the line: "**Globally** (always)" keeps its "* ".
    body = text[m.end() :] if (m := _BULLET.match(text)) else text
    # Separators inside `code` are code ("What does `if x:` do? >> ..."): look past them.
    masked = _CODE_SPAN.sub(lambda c: "x" * len(c[0]), body)
    m = _INLINE.fullmatch(masked) or _SEMICOLONS.fullmatch(masked)
    if m is None and equals:
        m = _EQUALS.fullmatch(masked)
    # "What does std::move do?" asks about C++; a card's answer seldom ends in "?".
    if not m or "://" in m["q"] or text.endswith("?") or _SCOPE.search(masked):
        return None
    question = plain(body[: m.end("q")])
    return (question, body[m.start("a") :].strip()) if question else None


def _width(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _children(lines: list[str], i: int, indent: str) -> tuple[str, int]:
    """Return the answer indented under the bullet on line i, and the line after it."""
    end = i + 1
    while end < len(lines) and (not lines[end].strip() or _width(lines[end]) > _width(indent)):
        end += 1
    kept = [x.expandtabs(4) for x in lines[i + 1 : end] if not _PROPERTY.fullmatch(x)]
    return block(kept), end


def _equals_deck(lines: list[str], inside: list[bool]) -> bool:
    """Tell whether a file is made of `Front=Back` lines (headings and blank lines aside)."""
    text = [
        line
        for line, code in zip(lines, inside, strict=True)
        if line.strip() and not code and heading(line) is None
    ]
    cards = sum(1 for line in text if _inline(line, equals=True) is not None)
    return cards >= EQUALS_MIN and cards >= EQUALS_SHARE * len(text)


# A `Front=Back` deck: at least this many such lines, and this share of its text lines.
EQUALS_MIN = 5
EQUALS_SHARE = 0.8


def _asked_below(lines: list[str], i: int) -> bool:
    """Tell whether line i is part of a question that a `?` line below it closes."""
    for line in lines[i + 1 :]:
        if not line.strip():
            return False
        if _SEPARATOR.fullmatch(line):
            return True
    return False


def _cards(lines: list[str], inside: list[bool]) -> list[tuple[int, str, str, str]]:
    """Return (line, topic, question, answer) for every card in the file."""
    found = []
    equals = _equals_deck(lines, inside)
    # Highlights are clozes only in a note tagged for the plugin (elsewhere they highlight).
    tagged = any(_MARKER.search(line) for line, code in zip(lines, inside, strict=True) if not code)
    topic = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if inside[i]:
            i += 1
            continue
        if (h := heading(line)) is not None:
            topic = plain(_TAG.sub("", h[1]))
            i += 1
            continue
        if (m := _PARENT.fullmatch(line)) is not None:
            answer, end = _children(lines, i, m["indent"])
            found.append((i + 1, topic, plain(m["q"] or m["q2"]), answer))
            i = end
            continue
        if (card := _inline(line, equals)) is not None:
            found.append((i + 1, topic, *card))
            i += 1
            continue
        if (
            tagged
            and _CLOZE.search(line)
            and not line.lstrip().startswith(">")
            and not _asked_below(lines, i)
        ):
            # "... se jmenuje ==kubelet==.": one card per highlight, the others shown.
            for m in _CLOZE.finditer(line):
                shown = _CLOZE.sub(lambda c: c[1], line[: m.start()])
                rest = _CLOZE.sub(lambda c: c[1], line[m.end() :])
                question = plain(_TAG.sub("", f"{shown}[...]{rest}")).strip()
                found.append((i + 1, topic, question, m[1].strip()))
            i += 1
            continue
        if _SEPARATOR.fullmatch(line) and i > 0 and lines[i - 1].strip():
            start = i
            while start > 0 and lines[start - 1].strip() and heading(lines[start - 1]) is None:
                start -= 1
            end = i + 1
            while (
                end < len(lines)
                and (lines[end].strip() or inside[end])
                and not (_END_MARKER.fullmatch(lines[end]) and not inside[end])
            ):
                end += 1
            question = plain(" ".join(x.strip() for x in lines[start:i]))
            answer = "\n".join(_REVIEW_DATA.sub("", x) for x in lines[i + 1 : end]).strip()
            if question:
                found.append((start + 1, topic, _TAG.sub("", question).strip(), answer))
            i = end + (end < len(lines) and bool(_END_MARKER.fullmatch(lines[end])))
            continue
        i += 1
    return found


_MARKER = re.compile(
    r"#flashcards\b|#card\b|#\[\[card\]\]|<!--SR:|^[ \t]*[-*+][ \t].*\S[ \t]+>>>?(?:[ \t]|$)"
    # The plugin's tag in YAML front matter: "tags: [flashcards]", or "- flashcards" (or a
    # deck under it, "- flashcards/Kubernetes") under it.
    r"|^tags:.*\bflashcards\b|^[ \t]*-[ \t]+flashcards(?:/[\w/-]*)?[ \t]*$",
    re.IGNORECASE,
)


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether the file holds at least two inline flashcards.

    A note written for a flashcard tool says so (a `#flashcards` or `#card` tag, review data,
    `>>`), or is mostly cards; "fmt::Debug" twice in release notes makes no deck.
    """
    cards = _cards(lines, inside)
    if len(cards) < 2:
        return False
    if any(_MARKER.search(line) for line, code in zip(lines, inside, strict=True) if not code):
        return True
    # A line holding only "?" between a question and its answer is the plugin's own syntax;
    # notes full of prose around a few such cards are decks all the same.
    separated = sum(
        1
        for i in range(1, len(lines))
        if not inside[i] and _SEPARATOR.fullmatch(lines[i]) and lines[i - 1].strip()
    )
    if separated >= SEPARATED_MIN:
        return True
    text = [line for line, code in zip(lines, inside, strict=True) if line.strip() and not code]
    return len(cards) >= CARD_SHARE * len(text)


# Without a tool's marker, cards must be this share of a note's non-blank lines.
CARD_SHARE = 0.3
# Cards written with a "?" line that make a deck whatever surrounds them.
SEPARATED_MIN = 2


def parse(text: str, path: str) -> Deck:
    """Parse the inline flashcards of a note (Obsidian, RemNote, Logseq)."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts = [Draft(q, a, line, topic) for line, topic, q, a in _cards(lines, inside)]
    return build_deck(path, drafts, "inline flashcard", written=True)
