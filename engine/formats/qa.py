"""The `Q:` / `A:` layout: `Q: question` lines, each followed by an `A: answer` (multi-line)."""

from __future__ import annotations

import re

from engine.deck import BREAK_LINE, web_answer_lines
from engine.errors import DeckError, DeckErrors
from engine.formats.common import (
    SECOND_OPTION,
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
)
from engine.formats.headings import asks
from engine.model import Deck

# "Q: ...", "**Q1:** ...", "**Question**: ...", "- Question: ...", and "Q. ..." (a full stop
# and a space); answers likewise ("A1.", "**Answer**:", and in italics "*A:*", "_A:_" as nested
# "- **Q:** ..." / "  - *A:* ..." bullets write them). The emphasis may close before the colon,
# after it (group "closed"), or at the end of the line ("**Q: text**").
_EMPHASIS = r"(\*\*|__|\*|_)?"
_CLOSE = r"(?:\*\*|__|\*|_)?"
_Q = re.compile(
    # "**1. Question:** What is OOP?": a number may open the label.
    rf" {{0,3}}(?:[-*+][ \t]+)?{_EMPHASIS}(?:\d{{1,4}}[.)][ \t]*)?"
    r"(?:q|question|pergunta|pregunta|frage|вопрос)"
    rf"(?:[ \t]*\d{{1,4}})?(?P<before>{_CLOSE})"
    rf"[ \t]*(?::=?|\.(?=[ \t*_]|$))(?P<after>{_CLOSE})[ \t]*(.*)",
    re.IGNORECASE,
)
_A = re.compile(
    rf" {{0,3}}(?:[-*+][ \t]+)?{_EMPHASIS}"
    r"(?:a|ans|(?:correct[ \t]+)?answer|resposta|respuesta|antwort|ответ|cevap)"
    rf"(?:[ \t]*\d{{1,4}})?(?P<before>{_CLOSE})"
    # "A1:2017-Injection" (a list item of the OWASP Top 10) is no label.
    rf"[ \t]*(?::=?(?!\d)|\.(?=[ \t]|$))(?P<after>{_CLOSE})[ \t]?(.*)",
    re.IGNORECASE,
)
# "---" then "- What is a final class?": after a rule, a bullet that asks is the next
# question (files that switch from "Q1." lines to bullets part way).
_ASKING_BULLET = re.compile(r"[-*+][ \t]+(\S.*\?)[ \t]*")
# "**Answer**: text <br/>": a line break written for HTML ends the line.
_TRAILING_BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*$", re.IGNORECASE)


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether `Q:` questions with `A:` answers outnumber `##` headings (then topics)."""
    # "# Question: ..." then "# Answer: ...": labels written as headings are labels too (not
    # "### Q1." alone over a bold question: that is the bold layout's).
    lines = _relabelled(lines, inside)
    outside = [line for line, code in zip(lines, inside, strict=True) if not code]
    titles = [h[1] for line in outside if (h := heading(line)) is not None]
    questions = sum(1 for x in outside if _Q.fullmatch(x)) + sum(
        1 for x in titles if (m := _Q.fullmatch(x)) and m[4].strip()
    )
    h2 = h2_count(lines, inside)
    return (
        questions > h2 - _titles_over_questions(lines, inside)
        # A lone "Question:" line in a file of headings is no layout of titled cards.
        and (questions > h2 or questions >= 2)
        and questions > 0
        and any(_A.fullmatch(x) for x in outside + titles)
    )


# "Ans - Help + Support.": an answer label with a dash for its colon.
_DASHED_ANSWER = re.compile(r"([ \t]*(?:\*\*)?)(ans|answer)((?:\*\*)?)[ \t]+[-\u2013][ \t]+", re.I)


# "Q1 - The following query will return ...": a numbered question label with a dash.
_DASHED_QUESTION = re.compile(
    r"([ \t]*(?:\*\*)?)(q[ \t]*\d{1,4}|question[ \t]+\d{1,4})((?:\*\*)?)[ \t]+[-\u2013][ \t]+", re.I
)


def _dashed(line: str) -> str:
    """Return a line whose label is written with a dash ("Ans - X", "Q1 - X") as "Ans: X"."""
    for label in (_DASHED_ANSWER, _DASHED_QUESTION):
        if label.match(line):
            return label.sub(r"\1\2\3: ", line, count=1)
    return line


# "Q) what does private mean?" then "A) not routable ...": labels closed by a parenthesis,
# read as labels only where "Q)" asks twice or more and no "B)" follows, since "A)" and "B)"
# open a quiz's options.
_PAREN_LABEL = re.compile(r"([ \t]*(?:\*\*)?)([qa])\)((?:\*\*)?)[ \t]+(?=\S)", re.I)
_PAREN_OPTION = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?[b-e]\)", re.I)


def _relabelled(lines: list[str], inside: list[bool]) -> list[str]:
    """Return the lines with labels written with a dash or a parenthesis ("Ans - X",
    "Q1 - X", "Q) X") written with a colon."""
    outside = [line for line, code in zip(lines, inside, strict=True) if not code]
    asked = sum(1 for x in outside if (m := _PAREN_LABEL.match(x)) and m[2] in "qQ")
    paren = asked >= 2 and not any(_PAREN_OPTION.match(x) for x in outside)
    out = []
    for line, code in zip(lines, inside, strict=True):
        if not code:
            line = _dashed(line)
            if paren and _PAREN_LABEL.match(line):
                line = _PAREN_LABEL.sub(r"\1\2\3: ", line, count=1)
        out.append(line)
    return out


def _titles_over_questions(lines: list[str], inside: list[bool]) -> int:
    """Count the `##` headings over one `Q:` line each: they title a card ("## Card 1: App
    Router", "## SAA-25-001-C001" then "**Q:** ..."), they ask no question of their own."""
    return len(sections_over_one(lines, inside, _Q.fullmatch))


def parse(text: str, path: str) -> Deck:
    """Parse a `Q:` / `A:` file; raise DeckErrors naming each misplaced `A:`."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    lines = _relabelled(lines, inside)
    drafts: list[Draft] = []
    errors: list[DeckError] = []
    topic = ""
    current: dict | None = None  # question, line, topic, question lines, answer lines or None

    def finish() -> None:
        nonlocal current
        if current is not None:
            more = current["more"]
            wrapped = _wrapped_question(current, more)
            if wrapped:
                # "**Q10. Which collection guarantees natural ordering of its" / "keys?**":
                # the question goes on to the line that ends it.
                current["question"] = " ".join(
                    [current["question"].rstrip(), *(x.strip() for x in more[:wrapped])]
                )
                current["question"] = current["question"].removesuffix(current["emphasis"])
                current["closed"], more = True, more[wrapped:]
            asked_whole = current["question"].rstrip().endswith("?")
            if current["answer"] is None and (current["closed"] or asked_whole):
                # "**Q: Explain X**" closed its question, as "Q3. What is X?" does with its
                # "?"; with no 'A:' below, the text under it is the answer, as under a
                # question heading.
                current["answer"], more = more, []
            answer = web_answer_lines(current["answer"] or [])
            asked = [x.strip() for x in more if x.strip() and not BREAK_LINE.fullmatch(x)]
            question = "\n".join([current["question"], *asked]).strip()
            if not question:
                message = "'Q:' with no question text; write the question after it"
                errors.append(DeckError(path, current["line"], message))
            drafts.append(Draft(question, block(answer), current["line"], current["topic"]))
        current = None

    after_rule = False  # the last line with text was a rule ("---")
    for n, (raw, code) in enumerate(zip(lines, inside, strict=True), 1):
        line = raw if code else _TRAILING_BREAK.sub("", raw)
        ruled, after_rule = (
            after_rule,
            ((not code and bool(BREAK_LINE.fullmatch(line))) or (after_rule and not line.strip())),
        )
        if not code and (h := heading(line)) is not None:
            if current is not None and current["answer"] is None and (a := _A.fullmatch(h[1])):
                current["answer"] = [_label_text(a)]  # "# Answer: ..." under "# Question: ..."
                continue
            finish()
            if (q := _Q.fullmatch(h[1])) or _answered_heading(lines, inside, n, h[1]):
                # "### Q1: Explain ..." (or a heading over an 'A:' line) among 'Q:' lines: a
                # question, answered below as the others are; not a topic.
                question = _label_text(q) if q else plain(h[1])
                current = {"question": question, "line": n, "topic": topic, "more": []}
                current["answer"], current["closed"] = None, True
                continue
            topic = topic_of(h[1], topic)
            continue
        q = None if code else _Q.fullmatch(line)
        a = None if code or q else _A.fullmatch(line)
        if a and _first_option(lines, inside, n):
            a = None  # "- A. No rows" over "- B. ...": the quiz's first option
        if not (q or a or code) and ruled and (bullet := _ASKING_BULLET.fullmatch(line)):
            finish()
            current = {"question": plain(bullet[1]), "line": n, "topic": topic, "more": []}
            current["answer"], current["closed"] = None, True
        elif q:
            finish()
            current = {"question": _label_text(q), "line": n, "topic": topic, "more": []}
            current["answer"], current["closed"] = None, _closed(q)
            current["emphasis"] = q[1] or ""
            if q[1] and (glued := _GLUED_ANSWER.fullmatch(q[4])):
                # "**12.Q: Do Resource Groups cost anything?**A: No, ...": both on one line.
                current["question"], current["answer"] = glued[1], [glued[2]]
        elif a and (found := _question_above(lines, inside, n - 1, current)) is not None:
            # "**2. Explain fail-fast iterators.**" then "**Answer:**": the paragraph above an
            # 'A:' with no 'Q:' of its own asks the question.
            first, question = found
            if current is not None and current["answer"] is not None:
                del current["answer"][len(current["answer"]) - (n - 1 - first) :]
            finish()
            current = {"question": question, "line": first + 1, "topic": topic, "more": []}
            current["answer"], current["closed"] = [_label_text(a)], True
        elif a:
            if current is None:
                errors.append(
                    DeckError(
                        path, n, "Found 'A:' with no 'Q:' before it; start the card with 'Q: …'"
                    )
                )
            elif current["answer"] is not None:
                errors.append(
                    DeckError(
                        path,
                        n,
                        f"a second 'A:' for the question on line {current['line']}; "
                        "join the two answers or add a 'Q:' line above this one",
                    )
                )
            else:
                current["answer"] = [_label_text(a)]
        elif current is not None:
            if current["answer"] is not None:
                current["answer"].append(line)
            else:  # question lines ("Q: ...", "---", "A: ..."), or the answer of a closed one
                current["more"].append(line)
    finish()
    if errors:
        raise DeckErrors(sorted(errors, key=lambda e: e.line))
    return build_deck(path, drafts, "Q:/A:")


def _first_option(lines: list[str], inside: list[bool], n: int) -> bool:
    """Tell whether line n (1-based) opens a quiz's options ("- A. No rows" over "- B. ..."):
    then its "A." is no answer label."""
    below = next((k for k in range(n, len(lines)) if lines[k].strip()), None)
    return below is not None and not inside[below] and bool(SECOND_OPTION.match(lines[below]))


def _closed(m: re.Match[str]) -> bool:
    """Tell whether a `Q:` line is a whole question in emphasis: `**Q: What is X?**`."""
    return bool(m[1]) and not (m["before"] or m["after"]) and m[4].rstrip().endswith(m[1])


def _answered_heading(lines: list[str], inside: list[bool], n: int, text: str) -> bool:
    """Tell whether the heading on line n (1-based) asks and has an 'A:' line next below it, or
    text and no 'Q:' line under it.

    A heading that asks nothing over an 'A:' ("# Intro", "A: orphan") is still a topic, and
    the 'A:' an error.
    """
    if not asks(text):
        return False
    below = next((i for i in range(n, len(lines)) if lines[i].strip()), None)
    if below is None or (not inside[below] and heading(lines[below]) is not None):
        return False
    if not inside[below] and _A.fullmatch(lines[below]):
        return True
    # "### 1. ❓ What is Jenkins?" over its answer, in a file whose other part writes "**Q1:**"
    # lines: a heading ending in "?" over text and no 'Q:' line is a question too (not "## How
    # to use this guide").
    if not text.rstrip().endswith("?"):
        return False
    end = next(
        (i for i in range(below, len(lines)) if not inside[i] and heading(lines[i]) is not None),
        len(lines),
    )
    return not any(not inside[i] and _Q.fullmatch(lines[i]) for i in range(below, end))


def _wrapped_question(current: dict, more: list[str]) -> int:
    """Return how many lines below an open `Q:` line end its question (0 when none do).

    "**Q10. Which collection guarantees natural ordering of its" is closed by "keys?**" on
    the next line; an answer without 'A:' follows.
    """
    if current["answer"] is not None or current["closed"] or not current.get("emphasis"):
        return 0
    if current["question"].rstrip().endswith("?"):
        return 0
    for k, x in enumerate(more[:WRAPPED_QUESTION_LINES]):
        if not x.strip():
            return 0
        if x.rstrip().endswith("?" + current["emphasis"]):
            return k + 1
    return 0


# The most lines a question in emphasis wraps over below its `Q:` line.
WRAPPED_QUESTION_LINES = 2


def _question_above(
    lines: list[str], inside: list[bool], at: int, current: dict | None
) -> tuple[int, str] | None:
    """Return (index, question) of the paragraph that asks just above an 'A:' on line `at`
    (0-based) when the 'A:' has no 'Q:' of its own: before any card, or after an answer."""
    if current is not None and current["answer"] is None:
        return None  # The 'A:' of the 'Q:' above.
    j = at - 1
    while j >= 0 and not inside[j] and not lines[j].strip():
        j -= 1
    first = j
    while (
        first > 0
        and lines[first - 1].strip()
        and not inside[first - 1]
        and not BREAK_LINE.fullmatch(lines[first - 1])  # "----" right above the question
    ):
        first -= 1
    paragraph = lines[first : j + 1]
    if (
        j < 0
        or inside[j]
        or not 0 < len(paragraph) <= ORPHAN_QUESTION_LINES + ORPHAN_OPTION_LINES
        or (len(paragraph) > ORPHAN_QUESTION_LINES and not paragraph[0].rstrip().endswith("?"))
        or (current is not None and first < current["line"])
        or any(
            heading(x) is not None or _A.fullmatch(x) or BREAK_LINE.fullmatch(x) for x in paragraph
        )
    ):
        return None
    text = " ".join(x.strip() for x in paragraph)
    if not asks(text) and not any(x.rstrip().endswith("?") for x in paragraph):
        return None
    # A question and its options ("Yes." / "No.") keep their lines.
    return (first, "\n".join(p for x in paragraph if (p := plain(x))))


# The most lines a paragraph asking above an orphan 'A:' may have (two-line bold questions).
ORPHAN_QUESTION_LINES = 3
# A question line ending in "?" may have this many option lines under it ("Yes." / "No.").
ORPHAN_OPTION_LINES = 5


_GLUED_ANSWER = re.compile(
    r"(.*?\S)[ \t]*(?:\*\*|__)[ \t]*(?:a|ans|answer)[ \t]*:[ \t]*(\S.*)", re.I
)


def _label_text(m: re.Match[str]) -> str:
    """Return the text after a label, without the closing emphasis of `**Q: text**`."""
    text = m[4].rstrip()
    # "**A:** a **bold** end" closed its label already: the text's own emphasis stays.
    if m[1] and not (m["before"] or m["after"]) and text.endswith(m[1]):
        text = text[: -len(m[1])].rstrip()
    elif m[1] and not (m["before"] or m["after"]) and text.count(m[1]) % 2:
        # "**Answer: B** - why": the emphasis the label opened closes inside the text.
        text = text.replace(m[1], "", 1)
    return text
