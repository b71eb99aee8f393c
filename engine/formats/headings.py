"""The question-heading layout: questions are `###` (or deeper) headings under `##` topics, or
`#` headings."""

from __future__ import annotations

import re

from engine.deck import ANSWER_LABEL as _LABEL
from engine.deck import QUESTION_NUMBER, navigation, page_section, web_answer_lines
from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    heading,
    plain,
    topic_of,
    unlabelled,
)
from engine.model import Deck

# How a heading that is a question reads: it ends with "?" or opens with one of these.
_ASKING = frozenset(
    re.findall(
        r"\w+",
        """what how why when where which who whom whose explain describe compare contrast
        define list name give discuss is are can could does do did should would will
        difference differences tell walk""",
    )
)
# Tasks set in interviews ("Find the second highest salary ...", "Design a URL shortener"):
# they ask when numbered or when the verb has an object of two words or more; "## Design
# goals" in a README asks nothing.
# Chinese asks with words, often without a question mark: "v-show 与 v-if 的区别" (the
# difference), "Overfitting如何解决" (how to solve), "何为共线性" (what is).
# Japanese too: "...を説明してください" (please explain), "...は何ですか" (what is), "なぜ" (why).
_CJK_ASKING = re.compile(
    r"什么|为什么|为何|如何|怎么|怎样|哪些|哪个|何为|是否|区别|异同|简述|描述|解释|说说|谈谈"
    r"|列举|作用|原理|吗$"
    r"|ですか|ますか|でしょうか|ください|とは何|何が|何を|何の|なぜ|どのよう|どうして|違い"
)
# "### Q1: Dimensional Data Modeling": a heading numbered as a question asks, however worded.
_Q_LABELLED = re.compile(r"\s*(?:q|question)[ \t]*\d{1,4}[ \t]*[:.)\-][ \t]+\S", re.IGNORECASE)
_TASKS = frozenset({"find", "write", "design", "implement", "determine", "predict"})
TASK_WORDS_MIN = 3
# Question headings must be at least this share of the headings of their level, and this
# many: two "#### How to review a nomination" headings in a governance document ask nothing.
QUESTION_SHARE = 0.6
QUESTIONS_MIN = 3
# "TCP vs UDP", "Process versus thread": a comparison asks for the difference.
_COMPARES = re.compile(r"\s(?:vs\.?|versus)\s|\bdifference between\b", re.IGNORECASE)


def asks(text: str) -> bool:
    """Tell whether a heading's (or line's) text asks: ends in '?', opens with what, how, ..."""
    if page_section(plain(text)):
        return False  # "## What's Inside", "## How to Use": a README's sections
    # "❓ What is Docker?": a symbol before the question is decoration.
    words = plain(text).split()
    while words and not any(ch.isalnum() for ch in words[0]):
        words = words[1:]
    if not words:
        return False
    first = words[0].lower().strip("*_`")
    return (
        words[-1].endswith("?")
        or bool(_CJK_ASKING.search(text))
        or first in _ASKING
        or bool(_COMPARES.search(plain(text)))
        or bool(_Q_LABELLED.match(re.sub(r"^[\W_]+", "", text)))
        or (first in _TASKS and (len(words) >= TASK_WORDS_MIN or bool(QUESTION_NUMBER.match(text))))
    )


_NUMBERED_HEADING = re.compile(r"\s*\d{1,4}[.)]\s")


def _numbered_question(text: str) -> bool:
    """Tell whether a heading is a numbered question ("2. How do you prevent a data race?")."""
    return bool(_NUMBERED_HEADING.match(text)) and asks(text)


def _labels_answer(text: str) -> bool:
    """Tell whether a heading only opens an answer ("#### A:", "### Answer")."""
    m = _LABEL.match(text)
    return bool(m) or plain(text).lower().rstrip(":") in ("a", "answer", "ans")


def question_level(lines: list[str], inside: list[bool]) -> int | None:
    """Return the heading level (1 or 3-6) whose headings are questions, if any level's are.

    Of the levels where at least QUESTIONS_MIN headings, and QUESTION_SHARE of them, ask
    something, the one with the most such headings wins ("#### What is a CTE?" under "## Joins",
    "# 1. What is Docker?" in notes with no deeper questions). `##` questions are native.
    """
    levels: dict[int, list[str]] = {}
    for line, code in zip(lines, inside, strict=True):
        h = None if code else heading(line)
        if h is not None and h[0] != 2 and not _labels_answer(h[1]) and not page_section(h[1]):
            levels.setdefault(h[0], []).append(h[1])
    best: tuple[int, int] | None = None
    for level, texts in sorted(levels.items()):
        asked = sum(1 for t in texts if asks(t))
        numbered = sum(1 for t in texts if _NUMBERED_HEADING.match(t))
        if sum(1 for t in texts if _numbered_question(t)) >= QUESTIONS_MIN and (
            numbered >= QUESTION_SHARE * len(texts)
        ):
            # "### 11. Pagination" among "### 12. What is schema stitching?": a numbered list
            # of headings that asks at least three times is a list of questions, titles too.
            asked = max(asked, numbered)
        enough = asked >= QUESTIONS_MIN and asked >= QUESTION_SHARE * len(texts)
        if enough and (best is None or asked > best[1]):
            best = (level, asked)
    return best[0] if best else None


def asks_at(lines: list[str], inside: list[bool], level: int) -> bool:
    """Tell whether the headings of this level are questions (QUESTION_SHARE of them ask)."""
    # A README's "Contributing" around the questions neither asks nor counts against them.
    texts = [
        h[1]
        for line, code in zip(lines, inside, strict=True)
        if not code and (h := heading(line)) is not None and h[0] == level
        if not page_section(plain(h[1]))
    ]
    asked = sum(1 for t in texts if asks(t))
    return asked > 0 and asked >= QUESTION_SHARE * len(texts)


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether questions are written as headings deeper than `##`."""
    level = question_level(lines, inside)
    if level is None:
        return False
    asked_h2 = sum(
        1
        for line, code in zip(lines, inside, strict=True)
        if not code and (h := heading(line)) is not None and h[0] == 2 and asks(h[1])
    )
    deeper = sum(
        1
        for line, code in zip(lines, inside, strict=True)
        if not code
        and (h := heading(line)) is not None
        and h[0] == level
        and not _labels_answer(h[1])
    )
    return deeper > asked_h2


# "### 💼 Common MongoDB Interview Questions & Answers": a heading that names the questions
# below it, at their level, is a title.
_QUESTIONS_TITLE = re.compile(r"\bquestions\b|\bq ?& ?a\b", re.IGNORECASE)


def _names_questions(text: str) -> bool:
    """Tell whether a heading that asks nothing names a set of questions (a page title)."""
    return not asks(text) and bool(_QUESTIONS_TITLE.search(plain(text)))


def parse(text: str, path: str) -> Deck:
    """Parse a file whose questions are headings of one level; higher headings are topics."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    level = question_level(lines, inside) or 3
    drafts: list[Draft] = []
    topic = ""
    current: tuple[str, int, str] | None = None
    answer: list[str] = []

    def finish() -> None:
        if current is not None:
            body = unlabelled(web_answer_lines(answer))
            drafts.append(Draft(current[0], block(body), current[1], current[2]))

    for i, line in enumerate(lines):
        h = heading(line) if not inside[i] else None
        if h is not None and h[0] == level and current is not None and _labels_answer(h[1]):
            answer.append(h[1])  # "#### A:" opens the answer: a label, dropped with the others
        elif h is not None and h[0] <= level:
            finish()
            answer = []
            # A `#` heading that asks nothing is a title ("# Docker Interview Questions"); a
            # numbered question a level too high among its peers is still one ("### 2. How
            # ...?" among "#### 1. What ...?").
            asking = h[0] == level and (level > 1 or asks(h[1])) and not _names_questions(h[1])
            if plain(h[1]) and (asking or (2 < h[0] < level and _numbered_question(h[1]))):
                current = (plain(h[1]), i + 1, topic)
            else:
                current = None
                if h[0] >= 2 or not topic:
                    topic = topic_of(h[1], topic)
        elif current is not None:
            answer.append(line)
    finish()
    return build_deck(path, drafts, "question-heading")


# The most lines of the asking paragraph under a heading that only numbers it.
STEM_LINES = 3


def numbered_stems(text: str) -> str:
    """Return the text with each heading that only numbers a question ("### Question 1") and
    the paragraph under it that asks ("What is an Azure region?") written as one heading,
    "### Question 1: What is an Azure region?", the paragraph's lines left blank (so every
    line keeps its number)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    inside = fenced(lines)
    for i, line in enumerate(lines):
        if not inside[i] and (number := _BOLD_NUMBER.fullmatch(line)):
            _bold_stem(lines, inside, i, number[2])
            continue
        h = heading(line) if not inside[i] else None
        if h is None or not navigation(h[1]) or not any(ch.isdigit() for ch in h[1]):
            continue
        start = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
        if start is None or start - i > 2 or inside[start] or heading(lines[start]) is not None:
            continue
        end = start
        while end + 1 < len(lines) and lines[end + 1].strip() and end + 1 - start < STEM_LINES:
            end += 1
        stem = " ".join(x.strip() for x in lines[start : end + 1])
        if end + 1 < len(lines) and lines[end + 1].strip():
            continue  # a longer paragraph: no question stem
        if not (stem.endswith("?") or asks(stem)) or inside[end]:
            continue
        lines[i] = f"{line.rstrip().rstrip(':')}: {plain(stem)}"
        for k in range(start, end + 1):
            lines[k] = ""
    return "\n".join(lines)


# The most lines of a question under a bold number alone (its stem runs to the "?").
BOLD_STEM_LINES = 5
# "**1.**" alone on its line, numbering the question its next lines ask.
_BOLD_NUMBER = re.compile(r"[ \t]*(\*\*|__)(\d{1,4})[.)]?\1[ \t]*")


def _bold_stem(lines: list[str], inside: list[bool], i: int, number: str) -> None:
    """Write "**1.**" and the lines under it up to the one ending in "?" (options and the
    answer follow) as one bold question, "**1. A developer ... What is the access?**"."""
    for k in range(i + 1, min(i + 1 + BOLD_STEM_LINES, len(lines))):
        if inside[k] or not lines[k].strip() or heading(lines[k]) is not None:
            return
        if lines[k].rstrip().endswith("?"):
            stem = plain(" ".join(x.strip() for x in lines[i + 1 : k + 1]))
            lines[i] = f"**{number}. {stem}**"
            for j in range(i + 1, k + 1):
                lines[j] = ""
            return
