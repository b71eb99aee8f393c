"""The Markdown-table layout: pipe tables with a Question and an Answer column."""

from __future__ import annotations

import re

from engine.formats.common import (
    BREAK_TAG,
    Draft,
    build_deck,
    clean_lines,
    fenced,
    heading,
    plain,
    topic_of,
)
from engine.model import Deck

_QUESTION_NAMES = frozenset({"question", "questions", "q"})
_ANSWER_NAMES = frozenset({"answer", "answers", "a"})
# "Frente (English Question)", "Front", "Prompt": a column named with one of these words asks
# when no column is named exactly "Question".
_QUESTION_WORDS = frozenset(
    {"question", "questions", "front", "prompt", "prompts", "pregunta", "pergunta", "frage"}
)
# Column names in other languages that are phrases: "Câu hỏi" (Vietnamese), "问题".
_QUESTION_PHRASES = ("câu hỏi", "问题", "вопрос", "질문")
_ANSWER_PHRASES = ("câu trả lời", "答案", "ответ", "답변", "respuesta", "resposta", "antwort")
# "Simple Explanation", "Short answer", "Solution": a column named with one of these words
# answers the questions when no column is named exactly "Answer".
_ANSWER_WORDS = frozenset(
    {
        "answer",
        "answers",
        "explanation",
        "explanations",
        "solution",
        "solutions",
        "definition",
        "back",
    }
)
# "| Term | Definition |", "| Definition | Terms |": a glossary, whose terms are asked only in a
# file no other layout reads (a Q&A page may keep a glossary beside its questions).
_TERM_WORDS = frozenset({"term", "terms", "concept", "concepts", "keyword", "keywords"})
_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def _cells(line: str) -> list[str] | None:
    """Split a table row into its cells (a `\\|` or a pipe in code is text), or None."""
    text = line.strip()
    if "|" not in text:
        return None
    cells, cell, code = [], [], False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] == "|":
            cell.append("|")
            i += 2
            continue
        if ch == "`":
            code = not code
        if ch == "|" and not code:
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(ch)
        i += 1
    cells.append("".join(cell).strip())
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        cells = cells[:-1]
    return cells


def _columns(
    lines: list[str], inside: list[bool], i: int, terms: bool = False
) -> tuple[int, int] | None:
    """Return the question and answer columns if line i heads a question/answer table (with
    `terms`, a term/definition table too)."""
    if inside[i] or i + 1 >= len(lines) or not _DELIMITER.fullmatch(lines[i + 1]):
        return None
    cells = _cells(lines[i])
    if not cells:
        return None
    names = [plain(c).lower().rstrip(":") for c in cells]
    q = next((n for n, name in enumerate(names) if name in _QUESTION_NAMES), None)
    a = next((n for n, name in enumerate(names) if name in _ANSWER_NAMES), None)
    if a is not None and q is None and len(names) == 2:
        q = 1 - a  # "| Concept | Answer |": the other column of two is what is asked
    if q is None:
        q = next(
            (n for n, name in enumerate(names) if _names(name, _QUESTION_WORDS, _QUESTION_PHRASES)),
            None,
        )
    if a is None:
        a = next(
            (n for n, name in enumerate(names) if _names(name, _ANSWER_WORDS, _ANSWER_PHRASES)),
            None,
        )
    if q is None and terms and a is not None and "definition" in _words(names[a]):
        q = next(
            (n for n, name in enumerate(names) if _TERM_WORDS.intersection(_words(name))), None
        )
    return (q, a) if q is not None and a is not None and q != a else None


def _names(name: str, words: frozenset[str], phrases: tuple[str, ...]) -> bool:
    """Tell whether a column name holds one of `words` or `phrases`."""
    return bool(words.intersection(_words(name))) or any(p in name for p in phrases)


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", name)


def detect(lines: list[str], inside: list[bool], terms: bool = False) -> bool:
    """Return whether the file has a table with Question and Answer columns (with `terms`, or
    Term and Definition columns)."""
    return any(_columns(lines, inside, i, terms) for i in range(len(lines)))


def parse(text: str, path: str) -> Deck:
    """Parse the question/answer tables of a file; headings above them are topics."""
    lines = clean_lines(text, path)
    inside = fenced(lines)
    terms = not detect(lines, inside)  # a glossary only: its terms are the questions
    drafts: list[Draft] = []
    topic = ""
    columns: tuple[int, int] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if columns is not None:
            cells = _cells(line) if not inside[i] else None
            if cells is None:
                columns = None
                continue
            q, a = columns
            question = plain(cells[q]) if q < len(cells) else ""
            answer = cells[a] if a < len(cells) else ""
            if question:
                answer = "\n".join(part.strip() for part in BREAK_TAG.split(answer))
                drafts.append(Draft(question, answer.strip(), i + 1, topic))
            i += 1
            continue
        if not inside[i] and (h := heading(line)) is not None:
            topic = topic_of(h[1], topic)
        elif (found := _columns(lines, inside, i, terms)) is not None:
            columns = found
            i += 2  # the header and the delimiter row
            continue
        i += 1
    return build_deck(path, drafts, "question table")
