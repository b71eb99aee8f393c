"""The GitHub README layout: `<details><summary>question</summary> answer </details>` blocks."""

from __future__ import annotations

import re
from dataclasses import replace

from engine.deck import navigation, unquoted
from engine.errors import DeckError, DeckErrors
from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    h2_count,
    heading,
    plain,
    sections_over_one,
    topic_of,
    unlabelled,
)
from engine.formats.headings import asks
from engine.model import Deck, DeckIssue

_OPEN = re.compile(r"<details(?:[\s>]|$)", re.IGNORECASE)
_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_START = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?<details(?:[\s>]|$)", re.IGNORECASE)
# "<summary>Q</summary><br><b> answer </b></details>": inline tags wrapping a whole answer.
_EDGE_TAGS = re.compile(
    r"^(?:\s*</?(?:b|br|strong|p|em|i)\s*/?>)+|(?:</?(?:b|br|strong|p|em|i)\s*/?>\s*)+$",
    re.IGNORECASE,
)
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
# "<summary>Show Answer</summary>" under "1. What is Docker?": a summary that only reveals,
# with the question in the paragraph above the block.
_REVEAL = re.compile(
    r"(?:(?:click|tap)(?:[ \t]+(?:here|me))?[ \t]+(?:to|for)[ \t]+)?"
    r"(?:show|see|view|reveal|toggle|expand|display|check)?[ \t]*(?:the[ \t]+)?"
    r"(?:(?:sample|model|suggested|expected)[ \t]+)?"
    r"(?:answer|solution|explanation|expand|resposta|respuesta|r[ée]ponse|antwort|ответ"
    r"|答案|回答|정답|답변|cevap|câu trả lời"
    # "Hints / Key Points": what an answer should say.
    r"|hint|key[ \t]+point|hints?[ \t]*(?:/|and|&)[ \t]*key[ \t]+point)s?[ \t]*[.:!]*",
    re.IGNORECASE,
)
# Lines between a question and its block that say nothing: a badge image, a rule.
_FILLER = re.compile(r"[ \t]*!\[[^\]]*\]\(.*\)[ \t]*|[ \t]*(?:-{3,}|\*{3,})[ \t]*")
_BLOCKQUOTE = re.compile(r"</?blockquotes?\s*>", re.IGNORECASE)
# A multiple-choice option: "- A. AWS CloudHSM", "B) ...", "(c) ...".
_OPTION = re.compile(r"[ \t]*(?:[-*+][ \t]+)?\(?[A-Ea-e](?:[.)]|:(?=[ \t]))[ \t]+\S")
# Between a multiple-choice question and its options: its code, and a line of instructions
# ("Select all the right Answers:").
_INSTRUCTION = re.compile(r"[ \t]*(?:select|choose|pick)\b.*:[ \t]*", re.IGNORECASE)
_STEM_REACH = 60
_STRAY_CLOSE = re.compile(r"[ \t]*</[A-Za-z]*[ \t]*>[ \t]*")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+")


DETAILS_MIN = 2


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether `<details>` blocks with a summary outnumber `##` headings (then topics).

    Blocks without any `<summary>` in the file fold away install notes in a README; they ask
    nothing.
    """
    outside = [line for line, code in zip(lines, inside, strict=True) if not code]
    count = sum(
        1
        for i, line in enumerate(lines)
        if not inside[i] and _START.match(line) and not _folded_section(lines, inside, i)
    )
    summaries = sum(1 for line in outside if "<summary" in line.lower())
    # One block is a page's folded table of contents ("Hide/Show table of contents") more
    # often than a deck of one question.
    return count >= DETAILS_MIN and min(count, summaries) > h2_count(lines, inside) - _titles(
        lines, inside
    )


def _titles(lines: list[str], inside: list[bool]) -> int:
    """Count the `##` headings that ask nothing over one block each: they title its card ("## 1)
    Pipeline Security" over a scenario and its "Hints / Key Points"), they are no topics."""
    return sum(1 for title in sections_over_one(lines, inside, _START.match) if not asks(title))


# A bold line that asks: "**What is origin and when would you use it?**".
_BOLD_ASKING = re.compile(r"[ \t]*(?:\*\*|__).*\?[ \t*_]*")
# A block holding this many bold questions folds a section of questions away; it asks none.
SECTION_QUESTIONS = 2


def _folded_section(lines: list[str], inside: list[bool], start: int) -> bool:
    """Tell whether the `<details>` block opened on line `start` folds a section of questions
    ("<summary>Basics of Git</summary>" over bold questions and their answers)."""
    end = _closing(lines, inside, start)
    body = range(start + 1, end if end is not None else len(lines))
    asking = sum(1 for k in body if not inside[k] and _BOLD_ASKING.fullmatch(lines[k]))
    return asking >= SECTION_QUESTIONS


def parse(text: str, path: str) -> Deck:
    """Parse a file of `<details>` questions; raise DeckErrors for unclosed or summary-less ones."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    drafts: list[Draft] = []
    errors: list[DeckError] = []
    warnings: list[DeckIssue] = []
    topic = ""
    i = 0
    while i < len(lines):
        line, code = lines[i], inside[i]
        if code:
            i += 1
            continue
        if (h := heading(line)) is not None:
            topic = topic_of(h[1], topic)
            i += 1
            continue
        if not _START.match(line):
            i += 1
            continue
        end = _closing(lines, inside, i)
        unclosed = (
            end is None
            and drafts
            and not any(
                _OPEN.search(x)
                for x, c in zip(lines[i + 1 :], inside[i + 1 :], strict=True)
                if not c
            )
        )
        if unclosed:
            # The last block of a file of them, its closing tag mistyped ("</detai>"): its
            # answer runs to the end of the file, and a warning says so.
            end = len(lines)
            while end > i + 1 and (
                not lines[end - 1].strip() or _STRAY_CLOSE.fullmatch(lines[end - 1])
            ):
                end -= 1  # "</p>", "</detai>": the tags that meant to close it
            lines = [*lines[:end], "</details>", *lines[end:]]
            inside = [*inside[:end], False, *inside[end:]]
            warnings.append(
                DeckIssue(
                    path,
                    i + 1,
                    "'<details>' is never closed; its answer is read to the end of the file",
                )
            )
        if end is None:
            errors.append(
                DeckError(
                    path, i + 1, "'<details>' is never closed; add '</details>' after its answer"
                )
            )
            break
        source = "\n".join(lines[i : end + 1])
        source = source[_OPEN.search(source).end() :]
        source = source[: [m.start() for m in _CLOSE.finditer(source)][-1]]
        summary = _SUMMARY.search(source)
        question = plain(summary[1]) if summary else ""
        # "<b>Answer</>": a mistyped closing tag still only reveals.
        revealing = _REVEAL.fullmatch(question.replace("</>", "").strip())
        if revealing and (above := _question_above(lines, inside, i)):
            question = above
        if not question:
            errors.append(
                DeckError(
                    path,
                    i + 1,
                    "'<details>' block with no '<summary>' question; put the "
                    "question in '<summary>…</summary>'",
                )
            )
        else:
            body = _EDGE_TAGS.sub("", _BLOCKQUOTE.sub("", source[summary.end() :]))
            # ">**Answer:**" then "> text": unquoted and unlabelled as under question headings.
            answer = block(unlabelled(unquoted(body.split("\n"))))
            drafts.append(Draft(question, answer, i + 1, topic))
        i = end + 1
    if errors:
        raise DeckErrors(errors)
    parsed = build_deck(path, drafts, "<details>")
    return replace(parsed, warnings=(*parsed.warnings, *warnings)) if warnings else parsed


def _question_above(lines: list[str], inside: list[bool], start: int) -> str:
    """Return the paragraph or heading just above line `start` (past badges and blank lines)."""
    j = start - 1
    while j >= 0 and not inside[j] and (not lines[j].strip() or _FILLER.fullmatch(lines[j])):
        j -= 1
    if j < 0 or inside[j] or _CLOSE.search(lines[j]):
        return ""
    if (h := heading(lines[j])) is not None:
        return plain(h[1])
    first = j
    while (
        first > 0
        and lines[first - 1].strip()
        and not inside[first - 1]
        and heading(lines[first - 1]) is None
    ):
        first -= 1
    paragraph = lines[first : j + 1]
    # A heading right over the paragraph opens it ("## 1) Pipeline Security" over its
    # scenario), unless it only numbers the question ("### Question 1").
    title = heading(lines[first - 1]) if first > 0 and not inside[first - 1] else None
    titled = [plain(title[1])] if title is not None and not navigation(title[1]) else []
    if all(_OPTION.match(line) for line in paragraph):
        # "- A. AWS CloudHSM" ... "- D. Amazon Connect" under "### 1. Which of the following
        # ...?": a multiple-choice question is its stem and its options.
        top = _past_code(lines, inside, first)
        stem = _question_above(lines, inside, top)
        shown = [lines[k] for k in range(top, first) if inside[k]]  # the code it asks about
        options = [plain(_BULLET.sub("", line)) for line in paragraph]
        return "\n".join([stem, *shown, *options]) if stem else ""
    return "\n".join([*titled, plain(" ".join(paragraph))])


def _past_code(lines: list[str], inside: list[bool], start: int) -> int:
    """Return where the question above a block of options ends: past the code it shows and a
    line of instructions ("Select all the right Answers:"), up to _STEM_REACH lines up."""
    j = start
    while j > 0 and start - j < _STEM_REACH:
        above = lines[j - 1]
        if inside[j - 1] or not above.strip() or _INSTRUCTION.fullmatch(above):
            j -= 1
        else:
            break
    return j


def _closing(lines: list[str], inside: list[bool], start: int) -> int | None:
    """Return the index of the line closing the `<details>` opened at `start` (nesting counted)."""
    depth = 0
    for j in range(start, len(lines)):
        if inside[j] and j != start:
            continue
        depth += len(_OPEN.findall(lines[j])) - len(_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j
    return None
