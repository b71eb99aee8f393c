"""What every foreign layout shares: clean lines, fences, topics and turning drafts into a Deck."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TypeVar

from engine.deck import (
    ANSWER_LABEL,
    QUESTION_NUMBER,
    card_id,
    navigation,
    page_section,
    undecorated,
)
from engine.errors import DeckError, DeckErrors
from engine.model import Card, Deck, DeckIssue, KeyPoint
from engine.options import KEYS_IN_OTHER_LANGUAGES, NUMBER_LIST, correct

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
# An HTML tag, comment or doctype. "<BRANCH>" or "<file>" in a question is a placeholder of
# the command it shows, not a tag: only names HTML gives elements are tags.
_ELEMENTS = frozenset(
    re.findall(
        r"\w+",
        """a abbr b big blockquote br caption center cite code col dd del details dfn div dl dt em
        figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd label li mark ol p picture pre q s
        samp script section small source span strike strong style sub summary sup table tbody td
        tfoot th thead tr tt u ul var video wbr""",
    )
)
_TAG = re.compile(r"<!--.*?-->|<![^>]*>|</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", re.DOTALL)


def _untagged(text: str) -> str:
    """Return text without its HTML tags; angle-bracketed words of other names stay."""
    return _TAG.sub(lambda m: "" if not m[1] or m[1].lower() in _ELEMENTS else m[0], text)


# "<br>", "<br/>": a line break inside a table cell or an HTML answer.
BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# "**Q**", "***Q***", "_Q_" around a whole question; not "**a** and **b**".
_EMPHASIS = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.+)(?<=\S)\1$")


@dataclass(frozen=True, slots=True)
class Draft:
    """One question found in a foreign layout, before it becomes a Card."""

    question: str
    answer: str
    line: int
    topic: str = ""
    tags: tuple[str, ...] = ()
    # What the answer must contain, when the layout says it (a cloze card's deletions).
    key_points: tuple[str, ...] = ()


def clean_lines(text: str, path: str) -> list[str]:
    """Split text into lines without BOM or CR; raise DeckErrors naming control characters."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    errors = [
        DeckError(path, n, f"control character U+{ord(m[0]):04X} in deck text; remove it")
        for n, line in enumerate(lines, 1)
        if (m := _CONTROL.search(line))
    ]
    if errors:
        raise DeckErrors(errors)
    return lines


def ends_asking(line: str) -> bool:
    """Tell whether a line ends in a question mark (Markdown around it aside)."""
    return line.strip().rstrip("*_`)> ").endswith("?")


def fenced(lines: list[str]) -> list[bool]:
    """Return, for each line, whether it is inside (or opens or closes) a fenced code block."""
    return _fences(lines)[0]


def unclosed_fence(lines: list[str]) -> int | None:
    """Return the 1-based line of a code fence that is never closed, if there is one."""
    return _fences(lines)[1]


def _fences(lines: list[str]) -> tuple[list[bool], int | None]:
    """Return `fenced`'s flags and the line of a fence still open at the end, if any."""
    inside: list[bool] = []
    fence = ""
    opened = 0
    for n, line in enumerate(lines, 1):
        m = _FENCE.match(line)
        if fence:
            inside.append(True)
            if m and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not line.strip(" `~"):
                fence = ""
        elif m and not (m[1][0] == "`" and "`" in line[m.end() :]):
            inside.append(True)
            fence, opened = m[1], n
        else:
            inside.append(False)
    return inside, (opened if fence else None)


def heading(line: str) -> tuple[int, str] | None:
    """Return (level, text) if the line is an ATX heading, else None."""
    m = _HEADING.match(line)
    if not m:
        return None
    return len(m[1]), (m[2] or "").strip()


def topic_of(title: str, topic: str) -> str:
    """Return a heading's text as the topic of what follows it, unless it only navigates or
    numbers a card ("Table of Contents", "Card 3"): then the topic above it stays."""
    return topic if navigation(title) else plain(title)


def topic_at(lines: list[str], inside: list[bool], start: int, end: int, topic: str) -> str:
    """Return the topic the headings in lines [start, end) leave, starting from `topic`."""
    for j in range(start, end):
        if not inside[j] and (h := heading(lines[j])) is not None:
            topic = topic_of(h[1], topic)
    return topic


def h2_count(lines: list[str], inside: list[bool]) -> int:
    """Return the number of `##` headings outside code blocks (native question headings).

    A heading that only navigates or numbers the card under it ("Table of Contents",
    "Question 12", above a bold question) asks nothing, so it is not counted.
    """
    return sum(
        1
        for line, code in zip(lines, inside, strict=True)
        if not code and line.startswith("## ") and not navigation(line[3:].strip())
    )


def plain(text: str) -> str:
    """Return inline text without HTML tags, entities, surrounding emphasis or numbering."""
    text = _unemphasised(undecorated(" ".join(html.unescape(_untagged(text)).split())))
    # "Q. ***What is a view?***": the emphasis after the numbering goes too.
    return _unemphasised(undecorated(QUESTION_NUMBER.sub("", text, count=1) or text).strip())


def _unemphasised(text: str) -> str:
    while (m := _EMPHASIS.match(text)) and m[1] not in m[2]:
        text = m[2].strip()
    return text


def block(lines: list[str]) -> str:
    """Return lines as one Markdown body: common indentation and surrounding blank lines gone."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    # Spaces or tabs, as long as every line starts with them ("\t\tIngressClass ...").
    leads = [line[: len(line) - len(line.lstrip(" \t"))] for line in lines if line.strip()]
    cut = len(os.path.commonprefix(leads)) if leads else 0
    return "\n".join(line[cut:].rstrip() for line in lines)


# A label naming the answer a page gives, alone on its line ("**Good answer:**").
NAMED_ANSWER = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(\*\*|__)?(?:expected|sample|model|good|short|best|ideal|suggested)"
    r"[ \t]+answer[ \t]*(?(1)(?:\1[ \t]*:|:[ \t]*\1)|:)[ \t]*",
    re.IGNORECASE,
)


# "B. Denied", "- **B)** ...": a quiz's second option, under which an "A." is the first one.
SECOND_OPTION = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?\(?[Bb][.):](?:\*\*|__)?[ \t]")


def sections_over_one(
    lines: list[str], inside: list[bool], opens: Callable[[str], object]
) -> list[str]:
    """Return the `##` headings whose section (up to the next heading) holds exactly one line
    that `opens` a card: such a heading titles that card ("## Card 3: Routing")."""
    titles = []
    for n, line in enumerate(lines):
        if inside[n] or not line.startswith("## "):
            continue
        end = next(
            (k for k in range(n + 1, len(lines)) if not inside[k] and heading(lines[k])),
            len(lines),
        )
        if sum(1 for k in range(n + 1, end) if not inside[k] and opens(lines[k])) == 1:
            titles.append(line[3:])
    return titles


def unlabelled(lines: list[str]) -> list[str]:
    """Return answer lines without an `Answer:` / `**A:**` label opening the first of them.

    A page may put a note above a label that names its answer ("**What they're testing:** ...",
    then "**Good answer:**" alone on its line): the answer starts after that label.
    """
    filled = [n for n, line in enumerate(lines) if line.strip()]
    named = next(
        (n for n in filled[1:4] if NAMED_ANSWER.fullmatch(lines[n].rstrip())),
        None,
    )
    if named is not None:
        return lines[named + 1 :]
    first = filled[0] if filled else None
    if first is None or not (m := ANSWER_LABEL.match(lines[first])):
        return lines
    if len(filled) > 1 and SECOND_OPTION.match(lines[filled[1]]):
        return lines  # "A. Allowed" over "B. Denied": a quiz's first option, no label
    rest = lines[first][m.end() :]
    return lines[:first] + ([rest] if rest.strip() else []) + lines[first + 1 :]


def _drop_repeats(
    path: str, drafts: list[Draft], repeat: Callable[[Draft, int], str]
) -> tuple[list[Draft], list[DeckIssue]]:
    """Keep the first draft of each question (same card id), warning `repeat(draft, first
    line)` at every later one: one repeated row should not stop a whole file importing."""
    name = PurePath(path).stem
    seen: dict[str, int] = {}
    kept: list[Draft] = []
    warnings: list[DeckIssue] = []
    for draft in drafts:
        key = card_id(name, draft.question)
        if key in seen:
            warnings.append(DeckIssue(path, draft.line, repeat(draft, seen[key])))
            continue
        seen[key] = draft.line
        kept.append(draft)
    return kept, warnings


def _repeated(draft: Draft, first: int) -> str:
    return f"this question is the same as the one on line {first}; kept only the first"


# "A) Provide a UI", "**B.** Enum values as keys\\": a quiz's option opening an answer.
_ANSWER_OPTION = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?\(?([A-E])(?:[.)]|:(?=[ \t]))(?:\*\*|__)?[ \t]+(\S.*?)"
    r"[ \t\\]*"
)
# "Correct: B", "✅ **Correct Answer: B**", "Answer: C": the line after a quiz's options.
_KEY_LINE = re.compile(
    rf"\W*(?:correct(?:[ \t]+answer)?|answer|ans|{KEYS_IN_OTHER_LANGUAGES})\b[^:\n]{{0,3}}:",
    re.IGNORECASE,
)


_Asked = TypeVar("_Asked", Draft, Card)
# "1. Alphabetically" ... "> **Answer:** 2": numbered options, whose key line holds the
# number(s) alone (an answer's numbered steps above "Answer: 2 steps" are no options).
_ANSWER_NUMBERED = re.compile(r"[ \t]*([1-5])[.)][ \t]+(\S.*?)[ \t\\]*")
_NUMBER_KEY_LINE = re.compile(
    rf"\W*(?:correct(?:[ \t]+answer)?|answer|ans)\b[^:\n]{{0,3}}:[ \t*_`]*{NUMBER_LIST}[ \t*_`.]*",
    re.IGNORECASE,
)


def options_asked(draft: _Asked) -> _Asked:
    """Move a quiz's options from the top of its answer into its question (of a draft or a
    card).

    "Q1) What is an Operator?" answered "A) ...", "B) ...", "Correct: B" (or "1. ...",
    "2. ...", "Answer: 2"): the options are part of what is asked, and a learner who cannot
    see them cannot choose.
    """
    lines = draft.answer.split("\n")
    for option, first, key in (
        (_ANSWER_OPTION, "A", _KEY_LINE.match),
        (_ANSWER_NUMBERED, "1", _NUMBER_KEY_LINE.fullmatch),
    ):
        k, options = 0, []
        while k < len(lines) and (not lines[k].strip() or (m := option.fullmatch(lines[k]))):
            if lines[k].strip():
                options.append(f"{m[1]}. {m[2]}")
            k += 1
        labels = [x[0] for x in options]
        if (
            len(options) >= 2
            and labels == [chr(ord(first) + n) for n in range(len(labels))]
            and k < len(lines)
            and key(lines[k].rstrip())
        ):
            break
    else:
        return draft
    return replace(
        draft,
        question="\n".join([draft.question, *options]),
        answer="\n".join(lines[k:]).strip(),
    )


# "```" then "```": a code block left empty for an answer not written yet.
_EMPTY_FENCES = re.compile(r"\s*(?:(`{3,}|~{3,})[^\n`]*\n(?:[ \t]*\n)*[ \t]*\1[ \t]*(?:\n|$)\s*)+")


def build_deck(
    path: str,
    drafts: list[Draft],
    layout: str,
    warnings: list[DeckIssue] | None = None,
    repeat: Callable[[Draft, int], str] = _repeated,
    written: bool = False,
) -> Deck:
    """Turn drafts into a Deck named after the file, each question once.

    A file may ask a question twice: the first is kept, with the warning `repeat(draft, first
    line)` at every repeat (an error would stop a whole directory importing over a file
    nobody wrote for this tool). With `written`, every draft was written as a card (a
    flashcard's front), so none is a page's section ("Index", "Usage").
    """
    name = PurePath(path).stem
    drafts = [options_asked(d) for d in drafts]
    drafts, repeats = _drop_repeats(path, drafts, repeat)
    issues = [*(warnings or []), *repeats]
    # "Table of Contents" at any level is neither a question nor a topic.
    drafts = [d for d in drafts if written or not page_section(d.question)]
    drafts = [replace(d, topic="") if navigation(d.topic) else d for d in drafts]
    cards = tuple(
        Card(
            id=card_id(name, d.question),
            deck=name,
            question=d.question,
            answer="" if _EMPTY_FENCES.fullmatch(d.answer) else d.answer,
            topic=d.topic,
            tags=d.tags,
            path=path,
            line=d.line,
            key_points=tuple(KeyPoint(text, line=d.line) for text in d.key_points),
        )
        for d in drafts
    )
    for card in cards:
        if not card.answer.strip():
            issues.append(
                DeckIssue(path, card.line, "question has no answer, so answers cannot be graded")
            )
    # A quiz question is graded exactly, by the option the answer chooses.
    graded = sum(1 for c in cards if c.answer.strip() and not c.key_points and not correct(c))
    if graded:
        issues.append(
            DeckIssue(
                path,
                1,
                f"{graded} question(s) in the {layout} layout have no key points; answers are "
                "graded against points taken from each answer, which is approximate",
            )
        )
    if not cards:
        issues.append(DeckIssue(path, 1, f"no questions found in this {layout} file"))
    return Deck(
        name=name, path=path, cards=cards, warnings=tuple(sorted(issues, key=lambda w: w.line))
    )
