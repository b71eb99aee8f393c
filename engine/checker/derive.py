"""Derive key points from a card's Markdown answer for cards that have none."""

from __future__ import annotations

import re
from functools import lru_cache

from engine.checker import choice
from engine.checker.tables import unfold_tables
from engine.checker.words import _ABBREVIATIONS, _SLOT_STOP, _keys_of, _wordset, analyse
from engine.model import Card, KeyPoint

# ---------------------------------------------------------------------------------------------
# Key points derived from a model answer

# A card without key points is graded against points derived from its answer (see
# `derive_key_points`). Prose gives at most DERIVED_CAP sentences, each with at least
# DERIVED_MIN_CONTENT content words the question does not say; a list gives every top-level
# item, the first DERIVED_LIST_FULL at full weight and the rest sharing DERIVED_TAIL_WEIGHT, so
# that covering most of a long list is Good. A derived point is covered when one sentence fills
# DERIVED_COVER of its slots: model-answer sentences are long (tuned on the dev answers graded
# against their cards' answers with the key points dropped: bench/grading.py --derive-points;
# a lower share gives wrong answers Good, keeping only the first 3-4 sentences too).
DERIVED_CAP = 6
DERIVED_MIN_CONTENT = 3
DERIVED_LIST_FULL = 7
DERIVED_TAIL_WEIGHT = 3.0
DERIVED_COVER = 0.4

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_RULE_LINE = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|\|?[\s:|-]*-{3,}[\s:|-]*)$")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<https?://[^>]*>|https?://\S+"), " "),  # bare URLs say nothing
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),  # HTML tags
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # code spans keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])"), r"\1"),
    (re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)+"), ""),  # heading and quote markers
    (re.compile(r"\s*\|\s*"), ", "),  # table cells
)
# "Term: explanation" (a bold label in web lists): both halves are the point, and the colon
# must not turn the explanation into a list of alternatives.
_LABEL = re.compile(r"^([^:,.;()]{1,40}?):\s+(?=\S)")
# An HTML block tag opening a line ends the Markdown paragraph or list item above it.
_HTML_BLOCK = re.compile(r"\s{0,3}<(?:p|div|table|blockquote|section|center)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def _plain(markdown: str) -> str:
    """Return inline Markdown as plain text: emphasis, code, links and tags stripped."""
    text = markdown
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return " ".join(text.replace("\\", "").split()).strip(" ,")


# A fence with no language around sentences ("What is a switch?" answered in a ``` block):
# prose set in monospace, read as text. Code has symbols, prompts or few words per line.
_CODE_LINE = re.compile(
    r"^\s*(?:[$#>%]\s|//|/\*)|[{};]\s*$|\w\(|\s=\s|:=|</?\w+>|^\s*\w+:\s*\S*$|\s#\s|(?:^|\s)--?\w"
)
_PROSE_WORDS = re.compile(r"[A-Za-z][a-z'’-]+")
_PROSE_LINE_WORDS = 5
_PROSE_SHARE = 0.6


def _prose_fences(lines: list[str]) -> list[str]:
    """Return the lines with the fences of language-less prose blocks removed."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        mark = m.group(1)[:3]
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(mark)), None)
        if end is None:
            out.extend(lines[i:])
            break
        body = [x for x in lines[i + 1 : end] if x.strip()]
        prose = sum(
            1
            for x in body
            if len(_PROSE_WORDS.findall(x)) >= _PROSE_LINE_WORDS and not _CODE_LINE.search(x)
        )
        language = lines[i].strip()[len(m.group(1)) :].strip()
        if body and not language and prose >= _PROSE_SHARE * len(body):
            out.extend(x.strip() for x in lines[i + 1 : end])
        else:
            out.extend(lines[i : end + 1])
        i = end + 1
    return out


def _answer_blocks(markdown: str) -> tuple[list[str], list[str]]:
    """Split a Markdown answer into prose paragraphs and top-level list items, code dropped.

    A nested item joins its parent's text as one parenthesised list of alternatives.
    """
    paragraphs: list[str] = []
    items: list[tuple[list[str], list[str]]] = []  # (item lines, nested items)
    para: list[str] = []
    fence = ""
    base = -1  # indent of the open list's top-level items, -1 when none is open
    blank = True

    def flush() -> None:
        if para:
            paragraphs.append(" ".join(para))
            para.clear()

    for raw in _prose_fences(markdown.splitlines()):
        line = raw.expandtabs(4)
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)[:3]
            continue
        if not line.strip():
            flush()
            blank = True
            continue
        indent = len(line) - len(line.lstrip())
        if _RULE_LINE.match(line):
            flush()
            continue
        if _HTML_BLOCK.match(line):
            # '<p align="right">Context: ...</p>' under a list item is a block of its own.
            flush()
            base = -1
            para.append(line.strip())
            flush()
            blank = True
            continue
        m = _ITEM.match(line)
        if m:
            flush()
            if base < 0 or indent <= base:
                base = indent if base < 0 else base
                items.append(([m.group(2)], []))
            else:
                items[-1][1].append(m.group(2))
        elif base >= 0 and (indent > base or not blank):
            # A continuation line of the item (or of its last nested item).
            target = items[-1][1] if items[-1][1] and indent > base + 2 else items[-1][0]
            target[-1] += " " + line.strip()
        elif indent >= 4 and blank and not para:
            pass  # An indented code block.
        else:
            base = -1
            para.append(line.strip())
        blank = False
    flush()
    out_items = []
    for lines, nested in items:
        text = _LABEL.sub(r"\1 — ", _plain(" ".join(lines)))
        parts = [_plain(n).replace("(", " ").replace(")", " ") for n in nested]
        parts = [p for p in parts if p]
        if parts:
            text = f"{text.rstrip(':')} ({', '.join(parts)})"
        out_items.append(text)
    kept = [_plain(p) for p in paragraphs]
    return [p for p in kept if not _SIDE_NOTE.match(p)], out_items


# A paragraph that a page sets beside the answer ("🧠 Why it matters: ...", "Tip: ...",
# "Common mistake: ..."): context for the reader, no point a typed answer must make.
_SIDE_NOTE = re.compile(
    r"\W*(?:why it matters|why this matters|(?:pro |interview |quick )?tips?|notes?"
    r"|(?:common )?mistakes?|fun fact|real[- ]world (?:example|analogy)|analogy|follow[- ]up"
    r"|bonus|remember|examples?|context)\b\W*:",
    re.IGNORECASE,
)


def _sentences(paragraph: str) -> list[str]:
    """Split prose into sentences, keeping "e.g. S3" and "vs. EC2" whole."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        last = out[-1].rsplit(None, 1)[-1].lower().strip(".") if out else ""
        if out and (last.replace(".", "") in _ABBREVIATIONS or len(last) == 1):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


# Words of web answers that point elsewhere rather than say something ("see the docs").
_POINTERS = _wordset(
    """see docs doc documentation details detail more info information read learn click link
    links here below above following follows section article page official"""
)


def _content_keys(text: str, question: frozenset[str]) -> set[str]:
    t = analyse(text)
    return {
        k
        for w, k in zip(t.words, t.keys, strict=True)
        if w not in _SLOT_STOP
        and w not in _POINTERS
        and w.isalpha()
        and len(w) > 1
        and k not in question
    }


def _tables_as_items(answer: str) -> str:
    """Return the answer with each comparison table as a list of its cells' statements.

    "| Feature | Security Group | NACL |" over "| Level | Instance | Subnet |" gives the items
    "Security Group → Level: Instance." and "NACL → Level: Subnet.": one point per cell, said of
    its column's subject (the arrow makes the name the point's subject, so a learner who swaps
    the columns is not credited), instead of one point holding the whole table.
    """
    unfolded = unfold_tables(answer, said=" \u2192 ", between=": ")
    if unfolded is None:
        return answer
    original = set(answer.split("\n"))
    return "\n".join(
        f"- {line}" if line.strip() and line not in original else line
        for line in unfolded[0].split("\n")
    )


@lru_cache(maxsize=4096)
def derive_key_points(card: Card) -> tuple[KeyPoint, ...]:
    """Derive key points from a card's Markdown answer, for a card that has none.

    Each top-level list item is a point; without a list, the answer's sentences with content
    beyond the question's words, the first DERIVED_CAP of them. Code blocks are ignored.
    """
    if card.key_points or not card.answer.strip():
        return ()
    if chosen := choice.key_points(card):
        return chosen  # A quiz question: the correct options, not the explanation.
    question = frozenset(_keys_of(card.question))
    paragraphs, items = _answer_blocks(_tables_as_items(card.answer))
    points: list[KeyPoint] = []
    if items:
        kept = [i for i in items if _content_keys(i, question)]
        tail = len(kept) - DERIVED_LIST_FULL
        for n, text in enumerate(kept):
            weight = 1.0 if n < DERIVED_LIST_FULL else min(0.5, DERIVED_TAIL_WEIGHT / tail)
            points.append(KeyPoint(text, weight=round(weight, 3), line=card.line))
        return tuple(points)
    for paragraph in paragraphs:
        for sentence in _sentences(paragraph):
            if sentence.endswith(":"):
                continue  # An introduction to something the derivation left out (code).
            if len(_content_keys(sentence, question)) < DERIVED_MIN_CONTENT:
                continue
            points.append(KeyPoint(sentence, line=card.line))
    return tuple(points[:DERIVED_CAP])
