"""The bold-question layout: a line that is only `**question?**` (or a numbered question with
its answer indented under it), then its answer."""

from __future__ import annotations

import re

from engine.deck import ANSWER_LABEL, BREAK_LINE, web_answer_lines
from engine.formats.common import (
    Draft,
    block,
    build_deck,
    clean_lines,
    fenced,
    h2_count,
    heading,
    plain,
    topic_of,
    unlabelled,
)
from engine.model import Deck

# "**What is X?**", "1. **What is X?**", "2 - **...?**", "**1. What is X?**", "__What is X?__",
# "**Define X**" (an imperative asks without "?"; not "**Describe the bug**" of issue
# templates), and in HTML "<b>Q1. What is X?</b><br>" or "<strong>...?</strong>"; an answer
# may follow on the line.
# A list number: "1.", "1.2.", "3)", or a keycap emoji ("1️⃣", "11️⃣", "🔟") as chat-style
# notes number their questions.
_KEYCAP = r"(?:\d{1,3}\ufe0f?\u20e3)+|\U0001f51f"
# Imperatives that ask without a "?" ("Explain ...", "Walk through ...").
# "Describe" only with five words or more after it ("**Describe the concept of overfitting in
# ML models.**"): an issue template's "**Describe the solution you'd like**" asks nothing.
_IMPERATIVE = (
    r"(?:(?:briefly|clearly)[ \t]+)?"
    r"(?:define|explain|compare|differentiate|distinguish|walk|difference[ \t]+between"
    r"|describe(?=(?:[ \t]+[^ \t*_<]+){5}))\b"
)
# "**Q2: Developer gets 'Permission Denied'. Troubleshoot.**": a line numbered as a question
# ("Q2:") is one, whatever it ends with.
_Q_NUMBERED = r"q\d{1,4}[ \t]*[.:)][ \t]*[^*_<]+?"
# "**Write code to find duplicates in a list.**": a task of four words or more asks (not
# "**Describe the solution you'd like**" of an issue template).
_TASK = r"(?:write|design|implement|find|determine|predict)\b(?:[ \t]+[^ \t*_<]+){3,}"
# "**2. Clustered vs Non-clustered Index**": a comparison asks for the difference.
_VERSUS = r"[^*_<\n]*?[^\W_][ \t]+(?:vs\.?|versus)[ \t]+[^\W_][^*_<\n]*?"
_QUESTION = re.compile(
    rf"(?:[-*+][ \t]+| {{0,3}})(?:(?:\d{{1,4}}(?:[.)]|[ \t]*-)|{_KEYCAP})[ \t]+)?"
    r"(?P<open>\*\*|__|<b>|<strong>)(?=\S)"
    rf"(?P<q>.*?\?|{_Q_NUMBERED}|(?:\d{{1,4}}[ \t]*[-.):]?[ \t]*)?(?:q\d{{0,4}}[ \t]*[-.):][ \t]*)?"
    rf"{_IMPERATIVE}[^*_<]*?"
    rf"|(?:q\d{{0,4}}[ \t]*[-.):][ \t]*)?{_TASK}[^*_<]*?"
    rf"|{_VERSUS})[ \t]*"
    r"(?P<close>\*\*|__|</b>|</strong>)[ \t]*:?[ \t]*(?:<br\s*/?>)?[ \t]*(?P<rest>.*)",
    re.DOTALL | re.IGNORECASE,
)
_CLOSING = {"**": "**", "__": "__", "<b>": "</b>", "<strong>": "</strong>"}
_CODE = re.compile(r"`[^`]*`")
_DEFINITION = re.compile(r"^:(?:[ \t]|$)")
# '<a name="q1"></a>' above a question: a link target, not a paragraph.
_ANCHOR = re.compile(r"(?:\s*<a\s[^>]*>\s*</a>)+\s*", re.IGNORECASE)
# "<details><summary>Basics of Git</summary>", "</details>": a folded section of questions
# opens or closes; its summary is the topic of the questions in it.
_FOLD = re.compile(
    r"[ \t]*(?:</?details\b[^<>]*>[ \t]*)*(?:<summary\b[^<>]*>(?P<title>.*?)</summary\s*>)?[ \t]*",
    re.IGNORECASE,
)


_NUMBER = rf"(?:\d{{1,4}}(?:\.\d{{1,3}})*[.)]|{_KEYCAP})"
# "1. What is X?" (or "1.2. What is X?") with its answer indented under the item (nested
# bullets, paragraphs), and "1. ### What is a closure" (a heading in the item: a question with
# or without "?").
_NUMBERED = re.compile(
    rf"( {{0,3}}){_NUMBER}[ \t]+(?:#{{1,6}}[ \t]+(?=\S)(.+?)[ \t#]*"
    rf"|(?=\S)(.*\?[*_]{{0,3}}|{_IMPERATIVE}.*?(?<!:))[ \t]*)",
    re.IGNORECASE,
)
# Any numbered item: a question when an answer label line follows it ("13️⃣ Terraform
# workflow", then "Answer:"), asking or not.
_ITEM = re.compile(rf" {{0,3}}{_NUMBER}[ \t]+(?=\S)(.+?)[ \t]*")
# What starts a line that is no answer to a numbered question: another numbered item, a
# heading, an HTML tag or a rule. (A bullet list right under it is its answer.)
_NOT_ANSWER = re.compile(
    rf" {{0,3}}(?:(?:\d{{1,9}}[.)]|{_KEYCAP})(?:[ \t]|$)|#{{1,6}}(?:[ \t]|$)|<[a-z/!])",
    re.IGNORECASE,
)


# "**The truth?** Not always.", "**Why?** You pay per request.": a rhetorical lead-in inside
# an answer, not the next question.
_LEAD_IN = re.compile(
    r"(?:why|how|so|result|verdict|answer|catch|reason|takeaway|bottom[ \t]+line"
    r"|(?:the|my|our)(?:[ \t]+(?:short|real|simple|honest|main))?[ \t]+"
    r"(?:truth|catch|fix|answer|result|reason|problem|solution|trick|key|upshot|takeaway"
    r"|verdict|difference|twist|point|take|rule))\?",
    re.IGNORECASE,
)


_LIST_ITEM = re.compile(r" {0,3}\d{1,4}[.)][ \t]")
# The number of a numbered line ("2. What is a generator?").
_LEADING_NUMBER = re.compile(r" {0,3}(?:\*\*|__)?(\d{1,4})[.)][ \t]")
# "**5. Kotlin Basic Data Types**" after bold question 4: the list's next question, though
# it neither asks nor commands.
_BOLD_NUMBERED = re.compile(r" {0,3}(\*\*|__)(\d{1,4})[.)][ \t]+(?=\S)(.+?)[ \t]*\1[ \t]*")
_NUMBERED_BOLD = re.compile(r" {0,3}(\d{1,4})[.)][ \t]+(\*\*|__)(?=\S)(.+?)[ \t]*\2[ \t]*:?[ \t]*")


def _number(line: str) -> int | None:
    m = _LEADING_NUMBER.match(line)
    return int(m[1]) if m else None


# "13 What is Kubernetes?": a question numbered without a dot, as hand-typed lists slip.
_BARE_NUMBERED = re.compile(r" {0,3}(\d{1,4})[ \t]+(?=[A-Z])(.+\?)[ \t]*")


def _next_question(line: str, number: int | None) -> tuple[str, int] | None:
    """Return the question and number of a numbered line that asks one of the list's next
    questions ("2. What is a generator?" after question 1, a number or two skipped as files
    do) when the layout did not take it as a question (no answer under it, or no "?" at its
    end). A number without its dot counts only as the very next one, ending in "?"."""
    if number is None:
        return None
    bold = _BOLD_NUMBERED.fullmatch(line)
    if bold is not None and number < int(bold[2]) <= number + 3:
        return (question, int(bold[2])) if (question := plain(bold[3])) else None
    # "22. **Explain the PythonOperator.**" after question 21: the number outside the bold.
    outside = _NUMBERED_BOLD.fullmatch(line)
    if outside is not None and number < int(outside[1]) <= number + 3:
        return (question, int(outside[1])) if (question := plain(outside[3])) else None
    if "?" not in line:
        return None
    n = _number(line)
    if n is None:
        bare = _BARE_NUMBERED.fullmatch(line)
        if bare is None or int(bare[1]) != number + 1:
            return None
        return (question, number + 1) if (question := plain(bare[2])) else None
    if not number < n <= number + 3:
        return None
    m = _ITEM.fullmatch(line)
    return (question, n) if m is not None and (question := plain(m[1])) else None


def _question(
    lines: list[str], inside: list[bool], i: int, nested: bool = True
) -> tuple[str, str] | None:
    """Return the question, and any answer text after it, if line i is a bold question.

    The question starts its own paragraph. A plain numbered item that asks something is a
    question too when its answer is indented under it, as lists of questions with nested
    answers are written. Without `nested`, a bold bullet over bullets indented under it is
    none: a file of those alone is the nested layout's.
    """
    if inside[i]:
        return None
    if (m := _NUMBERED.fullmatch(lines[i])) is not None and _answered_below(lines, i, m):
        question = plain(m[2] or m[3])
        return (question, "") if question else None
    if (m := _ITEM.fullmatch(lines[i])) is not None and _labelled_below(lines, i):
        question = plain(m[1])
        return (question, "") if question else None
    before = lines[i - 1] if i > 0 else ""
    if (
        before.strip()
        and heading(before) is None
        and not _ANCHOR.fullmatch(before)
        and not _FOLD.fullmatch(before)
        # "1.  **What is TF-IDF?** Term frequency ..." right under item 1: a tight list of
        # questions answered on their lines.
        and not (_LIST_ITEM.match(before) and _LIST_ITEM.match(lines[i]))
    ):
        return None
    m = _QUESTION.fullmatch(lines[i]) or _QUESTION.fullmatch(_wrapped(lines, inside, i) or "")
    if (
        not m
        or m["open"] in _CODE.sub("", m["q"])
        or _CLOSING[m["open"].lower()] != m["close"].lower()
    ):
        return None
    if (
        not nested
        and lines[i][:1] in "-*+"
        and lines[i][1:2] in " \t"
        and _indented_below(lines, i)
    ):
        return None
    question = plain(m["q"])
    return (question, m["rest"].strip()) if question else None


def _indented_below(lines: list[str], i: int) -> bool:
    """Tell whether the next line with text below line i is indented."""
    below = next((x for x in lines[i + 1 :] if x.strip()), "")
    return below[:1] in (" ", "\t")


_OPEN_BOLD = re.compile(r" {0,3}(?:\d{1,4}[.)][ \t]+)?(\*\*|__)(?=\S)")


def _wrapped(lines: list[str], inside: list[bool], i: int) -> str | None:
    """Return lines i and i + 1 joined when a bold question opened on line i closes on the next.

    "**Determine the output of the following command:" then "$ echo ${new:-variable}**".
    """
    m = _OPEN_BOLD.match(lines[i])
    if m is None or m[1] in lines[i][m.end() :] or i + 1 >= len(lines) or inside[i + 1]:
        return None
    below = lines[i + 1].rstrip()
    if not below.strip() or heading(below) is not None or not below.endswith(m[1]):
        return None
    if m[1] in below[: -len(m[1])]:
        return None
    return f"{lines[i]}\n{below}"


def _answered_below(lines: list[str], i: int, item: re.Match[str]) -> bool:
    """Tell whether a numbered question on line i has its answer below it.

    The answer is indented past the item's number, or, for an item ending in "?" (or opening
    with explain, define, ...), it is text or a bullet list at the item's own indentation
    ("1. What is the GIL?", a blank line, "It is a mutex ..."), not another numbered item, a
    heading, an HTML tag or a rule.
    """
    indent = item[1]
    for line in lines[i + 1 :]:
        if line.strip():
            depth = len(line) - len(line.lstrip(" "))
            if depth >= len(indent) + 2:
                return True
            asking = bool(item[3]) or bool(item[2] and item[2].rstrip().endswith("?"))
            return (
                asking
                and depth == len(indent)
                and not _NOT_ANSWER.match(line)
                and not BREAK_LINE.fullmatch(line)
            )
    return False


def _labelled_below(lines: list[str], i: int) -> bool:
    """Tell whether the next non-blank line after line i opens with an answer label ("Answer:",
    or "A. Yes, using three annotations" under "1. Can you run Spring without ... <br>")."""
    below = next((line for line in lines[i + 1 :] if line.strip()), "")
    return bool(ANSWER_LABEL.match(below.rstrip()))


def _answer_section(lines: list[str], inside: list[bool], i: int, level: int) -> bool:
    """Tell whether the heading on line i is a section of the answer above it.

    Under "## Question 1", a bold question may be answered in "### Definition", "### Example"
    ... sections: a heading deeper than the one above the question, with no bold question
    before the next heading as high as that one, is part of the answer ("### Advanced" over
    more questions is a topic).
    """
    h = heading(lines[i])
    if not level or h is None or h[0] <= level or plain(h[1]).endswith("?"):
        return False
    for j in range(i + 1, len(lines)):
        if inside[j]:
            continue
        if (above := heading(lines[j])) is not None and above[0] <= level:
            return True
        if (found := _question(lines, inside, j)) is not None and not _LEAD_IN.fullmatch(found[0]):
            return False
    return True


def detect(lines: list[str], inside: list[bool]) -> bool:
    """Return whether bold questions outnumber `##` headings (which are then topics)."""
    count = sum(1 for i in range(len(lines)) if _question(lines, inside, i, nested=False))
    return count > h2_count(lines, inside)


def parse(text: str, path: str) -> Deck:
    """Parse a file of bold questions, each answered by the text below it."""
    # Definition-list answers (": answer" lines under the question) are indented text.
    lines = [_DEFINITION.sub("  ", line, count=1) for line in clean_lines(text, path)]
    inside = fenced(lines)
    drafts: list[Draft] = []
    topic = ""
    current: tuple[str, int, str] | None = None
    number: int | None = None  # the current question's number in a numbered list
    answer: list[str] = []

    def finish() -> None:
        nonlocal answer
        if current is not None:
            drafts.append(
                Draft(
                    current[0],
                    block(unlabelled(web_answer_lines(answer))),
                    current[1],
                    current[2],
                )
            )
        answer = []

    level = 0  # the level of the last heading that is no part of an answer
    wrapped = -1  # the second line of a bold question that wraps
    for i, line in enumerate(lines):
        h = heading(line) if not inside[i] else None
        if h is not None and current is not None and ANSWER_LABEL.fullmatch(h[1]):
            # "### *Answer:*" under "### Q1." and its bold question: a label, not a topic.
            answer.append(h[1])
        elif h is not None and current is not None and _answer_section(lines, inside, i, level):
            answer.append(line)
        elif h is not None:
            level = h[0]
            finish()
            current = None
            # The list's numbers may run on under the next section heading ("### Performance"
            # then "11. **`cache()` vs `persist()`**").
            if h[0] >= 2 and plain(h[1]).endswith("?"):
                # Files written by several people mix layouts: "### 5. What is X?" too.
                current = (plain(h[1]), i + 1, topic)
            else:
                topic = topic_of(h[1], topic)
        elif i == wrapped:
            continue  # the second line of a bold question
        elif not inside[i] and line.strip() and (fold := _FOLD.fullmatch(line)):
            if fold["title"] and plain(fold["title"]):
                topic = topic_of(fold["title"], topic)
        elif (found := _question(lines, inside, i)) is not None and not (
            current is not None and _LEAD_IN.fullmatch(found[0])
        ):
            finish()
            question, rest = found
            current = (question, i + 1, topic)
            joined = None if _QUESTION.fullmatch(line) else _wrapped(lines, inside, i)
            if joined and (m := _QUESTION.fullmatch(joined)) and plain(m["q"]) == question:
                wrapped = i + 1
            number = _number(line)
            if rest:
                answer.append(rest)
        elif not inside[i] and (ask := _next_question(line, number)):
            # "2. What is a generator?" with no answer before "3. ...": the list's next
            # question (unanswered ones are imported with a warning), not part of answer 1.
            finish()
            current = (ask[0], i + 1, topic)
            number = ask[1]
        elif current is not None:
            answer.append(line)
    finish()
    return build_deck(path, drafts, "bold-question")
