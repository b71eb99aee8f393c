"""Read a native Markdown deck (docs/deck-format.md) into a Deck, with errors as path:line.

Only the block structure matters (headings, metadata, lists), as markdown-it-py reads it with
CommonMark rules; every field body is sliced from the original source lines, so it stays the
Markdown the author wrote. A line scanner reads the sections it can read with certainty and
markdown-it reads the rest, with its tokens' line maps (see "block structure" below).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from engine.errors import DeckError, DeckErrors
from engine.model import Card, Deck, DeckIssue, KeyPoint, MatchGroup, MatchRule

__all__ = [
    "card_id",
    "duplicate_ids",
    "normalise_question",
    "parse_file",
    "parse_match",
    "parse_text",
]

# One instance for the process. Only the block structure is needed (bodies are kept as
# source), so inline parsing is switched off: it saves a tenth to a quarter of the time.
_MD = MarkdownIt("commonmark").disable("inline")

ID_PREFIX = "q1:"

# Other names people give the fields in their own decks ("### Keypoints", "### Model answer").
_FIELDS = {
    "answer": "answer",
    "model answer": "answer",
    "key points": "key_points",
    "keypoints": "key_points",
    "key-points": "key_points",
    "key point": "key_points",
    "key ideas": "key_points",
    "key facts": "key_points",
    "explanation": "explanation",
    "hands-on": "hands_on",
    "hands on": "hands_on",
    "practice": "hands_on",
    "lab": "hands_on",
    "related": "related",
}
_FIELD_TITLES = {
    "answer": "Answer",
    "key_points": "Key points",
    "explanation": "Explanation",
    "hands_on": "Hands-on",
    "related": "Related",
}
_META_KEYS = ("id", "level", "tags")
_FRONT_KEYS = ("deck", "tags")

# C0 controls except tab and newline (CR is normalised away first), DEL and C1 controls:
# any of them could drive the learner's terminal when card text is printed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_KEY_VALUE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)")
_RULE_LINE = re.compile(r"(match|not)[ \t]*:(.*)", re.IGNORECASE)
_ID = re.compile(r"[A-Za-z0-9._:-]+")
_ATTRIBUTES = re.compile(r"(?<!\\)\{([^{}]*)\}\s*$")
_ATTRIBUTE_ITEM = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)\s*(?::\s*(.*?))?\s*")
_WHITESPACE = re.compile(r"\s+")


# --- identity -------------------------------------------------------------------------------


def normalise_question(text: str) -> str:
    """Return the canonical form of a question (or deck name) used for ids and Related lookups.

    NFKC, casefold, runs of whitespace collapsed to one space, and surrounding whitespace
    and trailing `?`, `.`, `!` and `:` removed.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split()).rstrip("?.!: ").strip()


def related_ids(entries: Iterable[str], cards: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Return the ids of the (id, question) cards that Related entries name, each once.

    An entry names a card by its id or by its question (`normalise_question`); entries naming
    none of `cards` are skipped.
    """
    ids: set[str] = set()
    by_question: dict[str, str] = {}
    for card_id_, question in cards:
        ids.add(card_id_)
        by_question.setdefault(normalise_question(question), card_id_)
    found = (e if e in ids else by_question.get(normalise_question(e)) for e in entries)
    return tuple(dict.fromkeys(i for i in found if i is not None))


def card_id(deck: str, question: str) -> str:
    """Return the derived id of a card that has no explicit `id:`.

    Contract (changing it would split every learner's history, so a new rule needs a new
    prefix): `"q1:" + blake2b(normalise_question(deck) + "\\0" + normalise_question(question),
    digest_size=8).hexdigest()`, hashing the UTF-8 bytes. `question` is the text of the `##`
    heading only; the answer, key points and any text under the heading are not part of it,
    so editing them keeps the card's history.
    """
    return _derived_id(normalise_question(deck), question)


def _derived_id(deck_key: str, question: str) -> str:
    key = deck_key + "\0" + normalise_question(question)
    return ID_PREFIX + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def duplicate_ids(decks: Iterable[Deck]) -> list[DeckError]:
    """Return an error for every card whose id an earlier card (in any of the decks) has."""
    return duplicate_cards(card for deck in decks for card in deck.cards)


def duplicate_cards(
    cards: Iterable[Card], shown: Callable[[str], str] | None = None
) -> list[DeckError]:
    """Return an error for every card whose id an earlier card has.

    `shown` maps a card's path to the one to print; with it, every place is given as
    path:line (an import names files from several folders), without it a place in the
    same file is given by its line alone.
    """
    seen: dict[str, Card] = {}
    errors = []
    for card in cards:
        first = seen.setdefault(card.id, card)
        if first is card:
            continue
        if shown is not None:
            where, here = f"at {shown(first.path)}:{first.line}", shown(card.path)
        elif first.path == card.path:
            where, here = f"on line {first.line}", card.path
        else:
            where, here = f"on {first.path}:{first.line}", card.path
        if card.explicit_id:
            message = (
                f"id '{card.id}' is already used by the card {where}; give each card its own id"
            )
        else:
            message = (
                f"this question is the same as the one {where} in deck '{card.deck}', "
                "so both would get the same id; reword one of them or give it an 'id:' line"
            )
        errors.append(DeckError(here, card.line, message))
    return errors


# --- match rules ----------------------------------------------------------------------------


def parse_match(rule: str, path: str = "", line: int = 0) -> MatchRule:
    """Parse the text of a `match:` or `not:` line; raise DeckError if it is malformed."""
    source = " ".join(rule.split())
    if not source:
        raise DeckError(
            path,
            line,
            "empty rule; write the words to look for after 'match:' or 'not:', "
            "e.g. 'match: role ; temporary'",
        )
    groups = []
    anchors = 0
    for raw in source.split(";"):
        text = raw.strip()
        if not text:
            raise _rule_error(path, line, source, "has an empty group; remove the extra ';'")
        anchor = negatable = False
        while text[0] in "@~":
            mark, text = text[0], text[1:].lstrip()
            if anchor if mark == "@" else negatable:
                raise _rule_error(
                    path, line, source, f"has '{mark}' twice on one group; write it once"
                )
            if mark == "@":
                anchor = True
            else:
                negatable = True
            if not text:
                break
        if not text:
            problem = f"has '{raw.strip()}' with no words; write the group's words after it"
            raise _rule_error(path, line, source, problem)
        alternatives = tuple(map(str.strip, text.split("|")))
        if "" in alternatives:
            raise _rule_error(path, line, source, "has an empty alternative; remove the extra '|'")
        if "@" in text or "~" in text:
            for alt in alternatives[1:]:
                if alt[0] in "@~":
                    problem = (
                        f"has '{alt[0]}' inside a group; put it before the group's first "
                        "alternative"
                    )
                    raise _rule_error(path, line, source, problem)
        groups.append(MatchGroup(alternatives, anchor, negatable))
        anchors += anchor
    if anchors > 1:
        problem = (
            "marks more than one group with '@'; keep it on the one group naming "
            "what the point is about"
        )
        raise _rule_error(path, line, source, problem)
    return MatchRule(tuple(groups), source)


def _rule_error(path: str, line: int, source: str, problem: str) -> DeckError:
    return DeckError(path, line, f"rule '{source}' {problem}")


# --- files ----------------------------------------------------------------------------------


def parse_file(path: Path, display_path: str | None = None) -> Deck:
    """Read and parse one deck file; raise DeckErrors naming the file if it is unusable."""
    shown = str(path) if display_path is None else display_path
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DeckErrors([DeckError(shown, 1, "is a directory, not a deck file")]) from None
    except OSError as e:
        reason = e.strerror or str(e)
        message = f"cannot read this file ({reason}); check that it exists and is readable"
        raise DeckErrors([DeckError(shown, 1, message)]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        message = (
            f"not UTF-8 text (byte 0x{data[e.start]:02x} at column {column}); "
            "save the file as UTF-8"
        )
        raise DeckErrors([DeckError(shown, line, message)]) from None
    return parse_text(text, shown)


def parse_text(text: str, path: str) -> Deck:
    """Parse the text of one deck file; raise DeckErrors listing every error found."""
    with _collector_paused():
        return _Parser(path).parse(text)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector; reference counting still frees everything.

    A parse builds hundreds of thousands of small objects and no reference cycles, and the
    collector's full passes over the growing result cost a third of the time of a large file.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --- the parser -----------------------------------------------------------------------------


# "1. ", "1.2. ", "Q3: ", "Question 2 -", "1.What", "Q14 -When", "Q9 What", "1. Q: " before a
# question's text: numbering, not content ("1.x vs 2.x" is a version, "Q3 revenue" a quarter).
QUESTION_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}\s*[.)]\s+(?:q|question)\s*\d{0,4}\s*[:.)\-]\s+"
    r"|(?:q|question)\s*\d{0,4}\s*[:.)\-]\s+|\d{1,4}(?:\.\d{1,3})*\s*[.):]\s+|\d{1,4}\s+-\s+"
    r"|\d{1,4}\.(?=[^\W\d_]{2})"
    r"|(?:q|question)\s*\d{1,4}\s*[-:.)](?=[^\W\d_])"
    r"|(?:q|question)\s*\d{1,4}\s+(?=(?:what|how|why|when|where|which|who|explain|define|"
    r"describe|compare|is|are|can|does|do)\b))",
    re.IGNORECASE,
)


# "***What is Docker Hub?***": emphasis around a whole question; not "**a** and **b**".
_WRAPPED = re.compile(r"^(\*{1,3})(?=\S)(.+)(?<=\S)\1$")


def unemphasised(text: str) -> str:
    """Return a question without the asterisk emphasis wrapping all of it."""
    while (m := _WRAPPED.match(text)) and m[1] not in m[2]:
        text = m[2].strip()
    return text


def undecorated(text: str) -> str:
    """Return a question without the emoji or symbols around it ("❓ What is X? ⭐⭐")."""
    # "2️⃣What is ...": a keycap number glued to the question.
    if "\u20e3" in text:
        text = _GLUED_KEYCAP.sub("", text)
    words = text.split(" ")
    while words and _decoration(words[0]):
        words = words[1:]
    while words and _decoration(words[-1]):
        words = words[:-1]
    return " ".join(words).strip() or text


_GLUED_KEYCAP = re.compile("^[0-9#*]+\ufe0f?\u20e3+(?=\\w)")


def _decoration(word: str) -> bool:
    # Symbols (emoji, stars, arrows) and their joiners and variation selectors, nothing else;
    # or a keycap number ("1️⃣": each digit followed by the keycap mark).
    if "\u20e3" in word:
        word = re.sub("[0-9#*]+\ufe0f?\u20e3", "", word)
    return all(unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf") or ch.isspace() for ch in word)


# "**Answer:**", "**Answer**:", "*A:*", "_Answer:_", "A:" or "Ans." opening an answer written
# under a question heading. Bold or italics open before the word and close right after it or
# its colon; the emphasis that opens the answer's own first words ("**Answer:** **Docker** is
# ...") stays.
# A bullet or an emoji may open the label ("- **Expected Answer**:", "📌 **Answer:**"), and
# pages name the answer they give ("Sample answer:", "Good answer:", "Answer (Natural):").
ANSWER_LABEL = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?:[\u2600-\u27bf\u2b50\U0001f300-\U0001faff\ufe0f]+[ \t]*)?"
    r"(\*\*|__|\*|_)?(?:[\u2600-\u27bf\u2b50\U0001f300-\U0001faff\ufe0f]+[ \t]*)?"
    r"(?:(?:expected|sample|model|good|short|best|ideal|suggested|example)[ \t]+answer"
    r"|answer(?:[ \t]*\([^()\n]{1,30}\))?|ans|a|答|答案|回答|resposta|respuesta)"
    r"[ \t]*(?(1)(?:\1[ \t]*[:.\uff1a]|[:.\uff1a][ \t]*\1)|[:.\uff1a])[ \t]*",
    re.IGNORECASE,
)


@dataclass
class _Draft:
    """A card being assembled while its sections are read."""

    question: str
    line: int
    topic: str
    valid: bool = True
    text: str = ""
    id: str = ""
    level: str = ""
    tags: list[str] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)
    key_points: list[KeyPoint] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    extra_lines: list[int] = field(default_factory=list)


class _Parser:
    """One pass over one file's sections, collecting cards, errors and warnings."""

    def __init__(self, path: str, *, scan: bool = True) -> None:
        self.path = path
        self.scan = scan
        self.errors: list[DeckError] = []
        self.warnings: list[DeckIssue] = []
        self.cards: list[Card] = []
        self.glossary: list[tuple[str, ...]] = []
        self.deck = PurePath(path).stem
        self.file_tags: list[str] = []
        self.tags: tuple[str, ...] = ()
        self.deck_key = ""
        self.offset = 0
        # Cards read as web Q&A (an answer under the heading, no section, key point or id), by
        # id().
        self.web: set[int] = set()
        self.lines: list[str] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(DeckError(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(DeckIssue(self.path, line, message))

    def _drop_web_repeats(self) -> None:
        """Keep the first of web Q&A cards asking the same question, with a warning.

        A page copied from the web may ask one question twice (rated differently: "What is
        Docker? ⭐" and "... ⭐⭐"); a card written for this engine must be reworded instead.
        """
        first: dict[str, Card] = {}
        kept = []
        for card in self.cards:
            seen = first.setdefault(card.id, card)
            if seen is not card and id(card) in self.web and id(seen) in self.web:
                self.warn(
                    card.line,
                    f"this question is the same as the one on line {seen.line}; "
                    "kept only the first",
                )
                continue
            kept.append(card)
        self.cards = kept

    # -- whole file

    def parse(self, text: str) -> Deck:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        text = self._refuse_controls(text)
        lines = text.split("\n")
        self.offset = self._front_matter(lines)
        self.deck_key = normalise_question(self.deck)
        self.tags = _unique(self.file_tags)
        self.lines = lines[self.offset :]
        self._walk(_sections(self.lines, scan=self.scan))
        self._drop_web_repeats()
        self.errors += duplicate_cards(self.cards)
        if self.errors:
            self.errors.sort(key=lambda e: e.line)
            raise DeckErrors(self.errors)
        if not self.cards:
            self.warn(1, "no questions found; each question is a '## ' heading")
        return Deck(
            name=self.deck,
            path=self.path,
            cards=tuple(self.cards),
            tags=self.tags,
            glossary=tuple(self.glossary),
            warnings=tuple(sorted(self.warnings, key=lambda w: w.line)),
        )

    def _refuse_controls(self, text: str) -> str:
        # Looking for the bytes in UTF-8 is a few times faster than searching the text.
        data = text.encode("utf-8", "surrogatepass")
        if len(data.translate(None, _C0_BYTES)) == len(data) and not _C1_UTF8.search(data):
            return text
        line, pos, last = 1, 0, 0
        for m in _CONTROL.finditer(text):
            line += text.count("\n", pos, m.start())
            pos = m.start()
            if line != last:  # one error per line is enough to find them
                self.error(line, f"control character U+{ord(m[0]):04X} in deck text; remove it")
                last = line
        # Keep parsing (for the other errors) without ever echoing the character.
        return _CONTROL.sub("\ufffd", text)

    def _front_matter(self, lines: list[str]) -> int:
        """Read the front matter block if there is one; return how many lines it spans."""
        if lines[0].rstrip() != "---":
            return 0
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            self.error(1, "front matter has no closing '---' line; add one after its last line")
            return 0
        seen: set[str] = set()
        key = ""  # The key whose value the lines below it may go on with.
        for index in range(1, end):
            line, raw = index + 1, lines[index]
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            if key and (raw[:1] in " \t" or text.startswith("- ") or text == "-"):
                # YAML's block style, as Obsidian and static site notes write it: a list
                # ("tags:" then "  - aws") or a nested map under the key above.
                if key == "tags" and (item := _unquote(text.removeprefix("-").strip())):
                    self.file_tags = list(_unique([*self.file_tags, *_tags(item)]))
                continue
            key = ""
            m = _KEY_VALUE.fullmatch(text)
            if m is None:
                self.error(
                    line,
                    f"front matter line '{text}' is not 'key: value'; "
                    "write lists on one line, e.g. 'tags: [aws, iam]'",
                )
                continue
            key, value = m[1].lower(), _unquote(m[2].strip())
            if key not in _FRONT_KEYS:
                self.warn(line, f"unknown front matter key '{m[1]}' is ignored; known: deck, tags")
                continue
            if key in seen:
                self.error(line, f"'{key}:' appears twice in the front matter; keep one")
                continue
            seen.add(key)
            if key == "deck":
                if not value:
                    self.error(
                        line,
                        "'deck:' has no value; write the deck name, or remove the line "
                        "to use the file name",
                    )
                else:
                    self.deck = value
            else:
                self.file_tags = _tags(value)
        return end + 1

    # -- structure

    def _walk(self, sections: Iterator[_Section]) -> None:
        """Read each `#`, `##` and `###` section in turn."""
        topic = ""
        draft: _Draft | None = None
        in_glossary = False
        base = self.offset + 1  # body line + base = file line
        following = next(sections, None)
        while following is not None:
            level, title, start, end, underlined, blocks = following
            following = next(sections, None)
            # A section runs to the next one's heading, and a thematic break closing it is a
            # separator, not part of the field.
            stop = len(self.lines) if following is None else following[2]
            if blocks and blocks[-1].kind == "hr":
                stop = blocks.pop().start
            line = start + base
            if level == 3:
                if in_glossary:
                    self.error(
                        line,
                        f"'### {title}' is under '## Glossary'; fields belong under a question, "
                        "so put a '## question' heading above it",
                    )
                elif draft is None and _field(title) is None:
                    # A page found on the web ("### Table of Contents" above the questions).
                    self.warn(line, f"'### {title}' is not under a question; it is ignored")
                elif draft is None:
                    self.error(
                        line,
                        f"'### {title}' is not under a question; put a '## question' heading "
                        "above it",
                    )
                else:
                    self._section(draft, title, line, end, blocks, stop)
                continue
            self._finish(draft)
            draft, in_glossary = None, False
            if level == 1:
                topic = "" if navigation(title) else title
            elif _is_glossary(title):
                in_glossary = True
                self._glossary(blocks)
            else:
                if underlined:
                    self.warn(
                        line,
                        "this question heading is text underlined by '---'; if the '---' was "
                        "meant as a separator, leave a blank line above it",
                    )
                draft = _Draft(title, line, topic)
                if not title:
                    draft.valid = False
                    self.error(line, "question heading has no text; write the question after '##'")
                self._question(draft, end, blocks, stop)
        self._finish(draft)

    def _question(self, draft: _Draft, begin: int, blocks: list[_Block], stop: int) -> None:
        """Read the metadata lines and any extra question text under a `##` heading."""
        if blocks and blocks[0].kind == "paragraph":
            first = blocks[0]
            m = _KEY_VALUE.match(first.text)
            if m and m[1].lower() in _META_KEYS:
                self._metadata(draft, first.start + self.offset + 1, first.text)
                begin = first.end
        draft.text = _source(self.lines, begin, stop)

    def _metadata(self, draft: _Draft, line: int, content: str) -> None:
        seen: set[str] = set()
        for number, text in enumerate(content.split("\n"), start=line):
            m = _KEY_VALUE.fullmatch(text.strip())
            if m is None:
                self.error(
                    number,
                    "line in the metadata block under the question is not 'key: value'; "
                    "leave a blank line between the metadata lines and the question text",
                )
                continue
            key, value = m[1].lower(), m[2].strip()
            if key not in _META_KEYS:
                self.warn(
                    number, f"unknown metadata key '{m[1]}' is ignored; known: id, level, tags"
                )
                continue
            if key in seen:
                self.error(number, f"'{key}:' appears twice for this question; keep one")
                continue
            seen.add(key)
            if key == "id":
                if not value:
                    self.error(number, "'id:' has no value; write an id or remove the line")
                elif not _ID.fullmatch(value):
                    self.error(
                        number,
                        f"id '{value}' may only contain letters, digits, '.', '_', '-' and ':' "
                        "(no spaces); e.g. 'iam-basics'",
                    )
                else:
                    draft.id = value
            elif key == "level":
                draft.level = value
            else:
                draft.tags = _tags(value)

    def _section(
        self, draft: _Draft, title: str, line: int, begin: int, blocks: list[_Block], stop: int
    ) -> None:
        """Read one `###` field of a card."""
        name = _field(title)
        body = _source(self.lines, begin, stop)
        if name is None:
            # Warned about in `_finish`, unless the card turns out to be web Q&A.
            draft.extra.append((title, body))
            draft.extra_lines.append(line)
            return
        if name in draft.bodies:
            self.warn(
                line,
                f"second {_FIELD_TITLES[name]} section ('### {title}') for this question; "
                "its text is added to the first",
            )
            draft.bodies[name] += "\n\n" + body
        else:
            draft.bodies[name] = body
        if name == "key_points":
            self._key_points(draft, blocks)
        elif name == "related":
            for _, paragraphs, _ in _list_items(blocks):
                entry = _strip_code(" ".join(_lines_text(paragraphs)))
                if entry:
                    draft.related.append(entry)

    def _key_points(self, draft: _Draft, blocks: list[_Block]) -> None:
        base = self.offset + 1
        for block in blocks:
            if block.kind == "list":
                continue
            content = block.text if block.kind == "paragraph" else ""
            if _RULE_LINE.match(content):
                self.error(
                    block.start + base,
                    "this rule line is not under a key point; indent it under its bullet "
                    "with no blank line above it",
                )
            else:
                self.warn(
                    block.start + base,
                    "text in '### Key points' that is not a bullet is ignored; make it a '- ' "
                    "bullet or move it to '### Explanation'",
                )
        for block in blocks:
            if block.kind != "list":
                continue
            for line, paragraphs, others in block.items:
                for other in others:
                    self.warn(
                        other + base,
                        "only text, 'match:' and 'not:' lines count in a key point; "
                        "this nested block is ignored",
                    )
                point = self._key_point(line + base, paragraphs, base)
                if point is not None:
                    draft.key_points.append(point)

    def _key_point(
        self, line: int, paragraphs: list[tuple[int, str]], base: int
    ) -> KeyPoint | None:
        """Read one key point: its text and attributes, then its rule lines.

        `line` is its file line; the paragraphs' lines are body lines (add `base`).
        """
        words: list[str] = []
        rules: list[tuple[str, int, list[str]]] = []
        for first, content in paragraphs:
            number = first + base
            for raw in content.split("\n"):
                text = raw.strip()
                m = _RULE_LINE.match(text) if text[:1] in "mMnN" else None
                if m is not None:
                    rules.append((m[1].lower(), number, [m[2]]))
                elif rules:
                    rules[-1][2].append(text)  # a long rule may wrap onto the next lines
                else:
                    words.append(text)
                number += 1
        text = " ".join(words).strip()
        weight, core = 1.0, False
        if "{" in text:
            text, weight, core = self._attributes(text, line)
        if not text:
            self.error(
                line,
                "key point has no text; write the point on the bullet line "
                "and its 'match:' on the lines under it",
            )
        match: MatchRule | None = None
        not_rules: list[MatchRule] = []
        matches = 0
        for kind, number, parts in rules:
            if kind == "match":
                matches += 1
                if matches == 2:
                    self.error(
                        number,
                        "key point has two 'match:' lines; "
                        "merge them into one rule with ';' between groups",
                    )
            try:
                rule = parse_match(" ".join(parts), self.path, number)
            except DeckError as e:
                self.errors.append(e)
                continue
            if kind == "not":
                not_rules.append(rule)
            elif matches == 1:
                match = rule
        if not text:
            return None
        if matches == 0:
            self.warn(
                line,
                "key point has no 'match:' line, so only its own words are looked for; "
                "add '  match: RULE' under it",
            )
        return KeyPoint(text, match, tuple(not_rules), weight, core, line)

    def _attributes(self, text: str, line: int) -> tuple[str, float, bool]:
        """Split `{core, weight: 2}` off the end of a key point's text."""
        m = _ATTRIBUTES.search(text)
        if m is None:
            return text, 1.0, False
        items = [_ATTRIBUTE_ITEM.fullmatch(item) for item in m[1].split(",")]
        # Braces that do not look like attributes at all (e.g. `{HOME}`) are plain text.
        if not any(
            item and (item[2] is not None or item[1].lower() in ("core", "weight"))
            for item in items
        ):
            return text, 1.0, False
        weight, core, seen = 1.0, False, set()
        usage = "write e.g. {weight: 0.5}, {core} or {core, weight: 2}"
        for raw, item in zip(m[1].split(","), items, strict=True):
            if item is None:
                self.error(line, f"malformed attribute '{raw.strip()}' in {{{m[1]}}}; {usage}")
                continue
            key, value = item[1].lower(), item[2]
            if key in seen:
                self.error(line, f"attribute '{key}' given twice in {{{m[1]}}}; keep one")
                continue
            seen.add(key)
            if key == "core":
                if value is not None:
                    self.error(line, f"'core' takes no value in {{{m[1]}}}; {usage}")
                core = True
            elif key == "weight":
                weight = self._weight(value, line, m[1], usage)
            else:
                self.error(line, f"unknown attribute '{item[1]}' in {{{m[1]}}}; {usage}")
        return text[: m.start()].rstrip(), weight, core

    def _weight(self, value: str | None, line: int, braces: str, usage: str) -> float:
        try:
            weight = float(value or "")
        except ValueError:
            self.error(line, f"weight '{value or ''}' in {{{braces}}} is not a number; {usage}")
            return 1.0
        if not math.isfinite(weight) or weight <= 0:
            self.error(line, f"weight in {{{braces}}} must be a number greater than 0; {usage}")
            return 1.0
        return weight

    def _glossary(self, blocks: list[_Block]) -> None:
        for line, paragraphs, _ in _list_items(blocks):
            entry = " ".join(_lines_text(paragraphs))
            terms = tuple(t for t in (" ".join(p.split()) for p in entry.split("=")) if t)
            if len(terms) < 2:
                self.warn(
                    line + self.offset + 1,
                    f"glossary entry '{entry}' is ignored: it needs two or more terms "
                    "separated by '=', e.g. 'STS = Security Token Service'",
                )
                continue
            self.glossary.append(terms)

    def _finish(self, draft: _Draft | None) -> None:
        """Turn a finished draft into a Card."""
        if draft is None or not draft.valid:
            return
        if page_section(draft.question) and not (draft.bodies or draft.key_points or draft.id):
            # "## Table of Contents", "## Contributing" of a page holding questions: no card.
            return
        bodies = dict(draft.bodies)
        # "❓ Question 1: ...": the number may follow an emoji.
        numbered = undecorated(draft.question)
        heading = undecorated(QUESTION_NUMBER.sub("", numbered, count=1) or draft.question)
        heading = unemphasised(heading) or heading
        question = heading
        extra = draft.extra
        if extra and not bodies and not draft.key_points:
            # Web Q&A: the answer goes on under headings of its own ("### Key features").
            parts = [draft.text] if draft.text else []
            parts += [f"### {title}\n\n{body}".rstrip() for title, body in extra]
            draft.text, extra = "\n\n".join(parts), []
        web = bool(draft.text) and not bodies and not draft.key_points and not draft.id
        for line, (title, _) in zip(draft.extra_lines, extra, strict=False):
            known = ", ".join(_FIELD_TITLES.values())
            self.warn(line, f"unknown section '### {title}' is kept but not used; known: {known}")
        if draft.text and "answer" not in bodies:
            # Interview Q&A found on the web puts the answer right under the question
            # heading; showing it as part of the question would give the answer away.
            text = "\n".join(web_answer_lines(draft.text.split("\n")))
            text = text.lstrip()
            label = ANSWER_LABEL.match(text)
            bodies["answer"] = text[label.end() :].lstrip() if label else text
        elif draft.text:
            question = f"{question}\n\n{draft.text}"
        if not draft.key_points:
            self.warn(
                draft.line,
                "question has no key points; answers are graded against points taken from "
                "its answer, which is approximate: add a '### Key points' list"
                if bodies.get("answer")
                else "question has no key points, so answers cannot be graded; "
                "add a '### Key points' list",
            )
        self.cards.append(
            Card(
                id=draft.id or _derived_id(self.deck_key, heading),
                deck=self.deck,
                question=question,
                answer=bodies.get("answer", ""),
                key_points=tuple(draft.key_points),
                explanation=bodies.get("explanation", ""),
                hands_on=bodies.get("hands_on", ""),
                related=tuple(draft.related),
                topic=draft.topic,
                level=draft.level,
                tags=_unique([*self.file_tags, *draft.tags]) if draft.tags else self.tags,
                path=self.path,
                line=draft.line,
                explicit_id=bool(draft.id),
                extra=tuple(extra),
            )
        )
        if web:
            self.web.add(id(self.cards[-1]))


# --- block structure ------------------------------------------------------------------------
#
# Only a few things need the Markdown structure: the top-level `#`, `##` and `###` headings,
# a thematic break closing a section, the metadata paragraph under a question, and the lists
# under Key points, Related and Glossary; every body is sliced from the source lines. Parsing
# a whole file with markdown-it costs seconds for ten thousand cards, so a scanner reads each
# section whose lines it can read with certainty (the sections of any ordinary deck), and
# markdown-it reads every other section, each run of adjacent ones in one call. A run starts
# at a top-level heading, which closes every open block, so markdown-it reads it exactly as
# it would inside the whole file, provided nothing is left open at its end: a heading
# appended after the run shows that (an open fence or HTML block swallows it).


# A list item: its line, its paragraphs as (first line, text), and the lines of other blocks.
_Item = tuple[int, list[tuple[int, str]], list[int]]


class _Block(NamedTuple):
    """A top-level block under a heading: a paragraph, a list, an hr (thematic break) or other.

    Lines are 0-based body lines (the lines after the front matter), as everywhere below.
    """

    kind: str
    start: int
    end: int
    text: str = ""
    items: Sequence[_Item] = ()


# A top-level `#`, `##` or `###` heading and its blocks: (level, title, line, the line after
# the heading, whether it is a setext heading underlined with '-', blocks).
_Section = tuple[int, str, int, int, bool, list[_Block]]

# A section as the scanner left it: its lines [start, end) and what it read, or None when
# markdown-it must read it.
_Chunk = tuple[int, int, _Section | None]

_BOUNDARY = re.compile(r"#{1,3}(?:[ \t]|$)")  # at column 0: a top-level heading
_SUBHEADING = re.compile(r"#{4,6}(?:[ \t]|$)")
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")  # a setext underline (or, for '---', a break)
_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_LETTER = re.compile(r"[A-Za-z]")
# An HTML block may start after list markers; it ends only at a blank line or a closing tag.
_HTML_START = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*<")
# Containers (quotes, list markers, indentation) that could nest blocks near markdown-it's
# limit of 20 levels, past which it skips the rest of the file.
_CONTAINERS = re.compile(r"[ \t>*+\-0-9.)]*")

# The scanner searches the body text with a newline before each line. Headings that may
# start a section, and fences:
_EVENT = re.compile(r"\n(?:#{1,3}(?:[ \t]|$)| {0,3}(?:```|~~~))", re.MULTILINE)
# Lines of a body that need a closer look: breaks and underlines at the top level (group 1),
# and lines that may start HTML, or a heading or break inside a list item, or nest deeply.
_RISK = re.compile(
    r"\n(?=[ \t<=*_>0-9+-])(?:"
    r"((?:=+|-+|([-*_])(?:[ \t]*\2){2,})[ \t]*$)"
    r"|[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*<"
    r"| {1,3}(?:#{1,3}(?:[ \t]|$)|(?:=+|-+|([-*_])(?:[ \t]*\3){2,})[ \t]*$)"
    r"|[ \t>*+\-0-9.)]{16}|[ >*+\-0-9.)]*\t"
    r")",
    re.MULTILINE,
)
# A plain list under Key points, Related or Glossary: items of one paragraph each, whose
# lines start with nothing that could begin another block, then perhaps a closing break.
_ITEM_LINE = r"\n(?:[-*+]|\d{1,9}[.)]) {1,4}(?=\S)(?![-*+_=#><\[]|```|~~~|\d{1,9}[.)](?:[ \t]|$))"
_ITEM_TEXT = r"(.*(?:\n *(?=\S)(?![-*+_=#><]|```|~~~|\d{1,9}[.)](?:[ \t]|$)).*)*)"
_ITEM = re.compile(_ITEM_LINE + _ITEM_TEXT, re.MULTILINE)  # group 1: the item's lines
_PLAIN_LIST = re.compile(
    r"(?:\n[ \t]*$)*(?:" + _ITEM_LINE + _ITEM_TEXT + r"(?:\n[ \t]*$)*)*"
    r"(?P<hr>\n([-*_])(?:[ \t]*\3){2,}[ \t]*$(?:\n[ \t]*$)*)?",
    re.MULTILINE,
)


def _sections(lines: list[str], scan: bool = True) -> Iterator[_Section]:
    """Yield the top-level sections of a file's body lines, in order.

    With `scan=False` markdown-it reads the whole file (the scanner's reference).
    """
    if not lines:
        return
    if not scan:
        yield from _parse_run(lines, 0, len(lines)) or ()
        return
    run = -1  # the first line of the chunks markdown-it must read, if any
    for start, _, section in _Scanner(lines).chunks():
        if section is None:
            if run < 0:
                run = start
            continue
        if run >= 0:
            found = _parse_run(lines, run, start)
            if found is None:
                # The run leaves a block open (a fence, HTML): read on to the end of the file.
                yield from _parse_run(lines, run, len(lines)) or ()
                return
            yield from found
            run = -1
        yield section
    if run >= 0:
        yield from _parse_run(lines, run, len(lines)) or ()


def _parse_run(lines: list[str], start: int, end: int) -> list[_Section] | None:
    """Return the sections of lines [start, end) as markdown-it reads them.

    Return None if they leave a block open across their end, so that markdown-it would read
    the heading at `end` as part of it.
    """
    pieces = lines[start:end]
    if end < len(lines):
        pieces.append("#")
    tokens = _MD.parse("\n".join(pieces))
    if end < len(lines):
        last = tokens[-3] if len(tokens) >= 3 else None
        if last is None or last.type != "heading_open" or last.level or _start(last) != end - start:
            return None
    sections: list[_Section] = []
    current: _Section | None = None
    for first, after in _children(tokens, 0, len(tokens), 0):
        token = tokens[first]
        line = _start(token)
        if line >= end - start:
            break  # the heading appended after the lines
        if token.type == "heading_open" and token.tag in ("h1", "h2", "h3"):
            title = tokens[first + 1].content.strip()
            underlined = token.markup == "-"
            current = (int(token.tag[1]), title, line + start, _end(token) + start, underlined, [])
            sections.append(current)
        elif current is not None:  # text before the first heading belongs to no card
            current[5].append(_token_block(tokens, first, after, start))
    return sections


def _token_block(tokens: list[Token], start: int, end: int, delta: int) -> _Block:
    """Return the block of tokens [start, end), its lines shifted by delta."""
    token = tokens[start]
    first, last = _start(token) + delta, _end(token) + delta
    if token.type == "paragraph_open":
        return _Block("paragraph", first, last, tokens[start + 1].content)
    if token.type in ("bullet_list_open", "ordered_list_open"):
        items: list[_Item] = []
        for item_start, item_end in _children(tokens, start + 1, end - 1, 1):
            item = tokens[item_start]
            paragraphs: list[tuple[int, str]] = []
            others: list[int] = []
            for a, _ in _children(tokens, item_start + 1, item_end - 1, 2):
                child = tokens[a]
                if child.type == "paragraph_open":
                    paragraphs.append((_start(child) + delta, tokens[a + 1].content))
                else:
                    others.append(_start(child if child.map else item) + delta)
            items.append((_start(item) + delta, paragraphs, others))
        return _Block("list", first, last, items=items)
    return _Block("hr" if token.type == "hr" else "other", first, last)


class _Scanner:
    """Read the sections of a file's body lines, leaving to markdown-it what it cannot read.

    It searches the lines as one text with a newline before each line, so that the regular
    expressions above find the few lines that matter; `at` and `offsets` hold the line and
    the offset (of its newline) of each line `_EVENT` finds (headings and fences), then of the
    end of the text.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.text = text = "\n" + "\n".join(lines)
        self.offsets = offsets = [m.start() for m in _EVENT.finditer(text)]
        self.at = at = []
        line, pos = 0, 0
        count = text.count
        for offset in offsets:
            line += count("\n", pos, offset)
            pos = offset
            at.append(line)
        at.append(len(lines))
        offsets.append(len(text))
        self.last = len(at) - 1  # the index of the end

    def chunks(self) -> Iterator[_Chunk]:
        """Split the lines at top-level headings, reading each section the scanner can."""
        lines, at = self.lines, self.at
        e = 0  # the event where the next section starts
        if at[0] or lines[0][:1] != "#":
            e, blocks = self.body(0, 0, 0)
            if blocks is None:  # (text before the first heading is otherwise ignored)
                yield 0, at[e], None
        offsets = self.offsets
        while e < self.last:
            i = at[e]
            line = lines[i]
            level, title = _atx(line)
            pos = offsets[e] + len(line) + 1
            if level == 2 and not _is_glossary(title):
                end, blocks = self.question(i + 1, e + 1, pos)
            elif level == 2 or (level == 3 and _field(title) in ("key_points", "related")):
                end, blocks = self.items(i + 1, e + 1, pos)
            else:
                end, blocks = self.body(i + 1, e + 1, pos)
            yield i, at[end], None if blocks is None else (level, title, i, i + 1, False, blocks)
            e = end

    def body(self, i: int, e: int, pos: int) -> tuple[int, list[_Block] | None]:
        """Scan a body from line i to the next heading (e: the first event at or after line
        i; pos: the offset of the newline before line i).

        Return the event of that heading, and the body's closing thematic break if it has one;
        or None for the blocks if markdown-it must read the body (it may hold a heading the
        scanner cannot place, or leave a block open).
        """
        lines, at, offsets, text = self.lines, self.at, self.offsets, self.text
        n = at[e]
        if (e == self.last or lines[n][0] == "#") and not _RISK.search(text, pos, offsets[e]):
            return e, []  # the common case: nothing but plain lines up to the next heading
        plain = i  # a line where '---' is a break, not an underline (after a fence)
        hr = -1
        line = i  # the line starting at pos
        while True:
            n = at[e]
            for m in _RISK.finditer(text, pos, offsets[e]):
                line += text.count("\n", pos, m.start())
                pos = m.start()
                if not m[1]:
                    if _risky(lines[line]):
                        return self.skip(line), None
                elif _UNDERLINE.fullmatch(lines[line]):
                    before = lines[line - 1] if line else ""
                    if (
                        line not in (i, plain, hr + 1)
                        and before.strip(" \t")
                        and not _SUBHEADING.match(before)
                    ):
                        return self.skip(line), None  # a setext heading, or lazy text
                    if lines[line][0] == "-" and len(lines[line].rstrip(" \t")) >= 3:
                        hr = line
                else:
                    hr = line
            if e == self.last or lines[n][0] == "#":
                break
            # A fence line.
            fence = lines[n]
            stripped = fence.lstrip(" ")
            m = _FENCE.match(stripped)
            if not (m and _opens(m)):
                e, line, pos = e + 1, n + 1, offsets[e] + len(fence) + 1
                continue
            indent = len(fence) - len(stripped)
            if indent:
                close = self._fence_end(n, indent, m[1])
                if close is None:
                    return self.skip(n), None
                e = bisect_left(at, close)
            else:
                e += 1
                while e < self.last and not _closes(lines[at[e]], m[1]):
                    e += 1
                if e == self.last:  # the fence runs to the end of the file
                    return e, []
            plain = line = at[e] + 1
            pos = offsets[e] + len(lines[at[e]]) + 1
            e += 1
        last = n - 1
        while last >= i and not lines[last].strip(" \t"):
            last -= 1
        if hr < 0:
            return e, []
        if hr == last:
            return e, [_Block("hr", hr, hr + 1)]
        if any(line.lstrip(" ")[:1] == "[" for line in lines[hr + 1 : n]):
            return self.skip(hr), None  # link definitions make no block: the break may be last
        return e, []

    def question(self, i: int, e: int, pos: int) -> tuple[int, list[_Block] | None]:
        """Scan the lines under a question heading: its metadata paragraph, then a body."""
        lines = self.lines
        j = i
        while j < len(lines) and not lines[j].strip(" \t"):
            j += 1
        if j == len(lines) or (j == self.at[e] and lines[j][0] == "#"):
            return e, []
        if lines[j].lstrip(" ")[:1] == "[":
            return self.skip(j), None  # a link definition makes no block: the next may be metadata
        if not _LETTER.match(lines[j]):
            text = lines[j].strip()
            if not text or _is_metadata(text):
                # The paragraph's text may start with metadata (indented, or on the next line
                # after one of spaces markdown-it does not count as blank).
                return self.skip(j), None
            return self.body(i, e, pos)
        if not _is_metadata(lines[j]):
            return self.body(i, e, pos)
        # A line starting with a letter can only continue the paragraph.
        k = j + 1
        while k < len(lines) and _LETTER.match(lines[k]):
            k += 1
        if k < len(lines) and lines[k].strip(" \t") and not _BOUNDARY.match(lines[k]):
            return self.skip(k), None
        end, blocks = self.body(k, e, pos + sum(len(line) + 1 for line in lines[i:k]))
        if blocks is None:
            return end, None
        return end, [_Block("paragraph", j, k, mdTrim("\n".join(lines[j:k]))), *blocks]

    def items(self, i: int, e: int, pos: int) -> tuple[int, list[_Block] | None]:
        """Scan a plain list of one-paragraph items (and a closing thematic break)."""
        lines, at, text = self.lines, self.at, self.text
        while e < self.last and lines[at[e]][0] != "#":
            e += 1
        stop = self.offsets[e]
        m = _PLAIN_LIST.fullmatch(text, pos, stop)
        if m is None:
            return self.skip(i), None
        blocks = []
        if m["hr"]:
            stop = m.start("hr")
            hr = i + text.count("\n", pos, stop)
            blocks.append(_Block("hr", hr, hr + 1))
        items: list[_Item] = []
        line = i
        for item in _ITEM.finditer(text, pos, stop):
            line += text.count("\n", pos, item.start())
            pos = item.start()
            items.append((line, [(line, item[1])], []))
        if items:
            blocks.insert(0, _Block("list", items[0][0], at[e], items=items))
        return e, blocks

    def skip(self, i: int) -> int:
        """Return the event of the next heading that seems to be at the top level, from line i.

        Used after the scanner gives up: the lines up to there go to markdown-it, and whether
        that heading really is at the top level is checked then.
        """
        lines = self.lines
        fence = ""
        html: re.Pattern[str] | None = None  # the end of an HTML block
        for n in range(i, len(lines)):
            line = lines[n]
            if fence:
                if _closes(line, fence):
                    fence = ""
                continue
            if html is not None:
                if html.search(line) if html.pattern else not line.strip(" \t"):
                    html = None
                continue
            stripped = line.lstrip(" ")
            if len(line) - len(stripped) < 4:
                if stripped[:1] in ("`", "~"):
                    m = _FENCE.match(stripped)
                    if m and _opens(m):
                        fence = m[1]
                        continue
                elif stripped[:1] == "<":
                    html = _html_end(stripped)
                    continue
            if line[:1] == "#" and _BOUNDARY.match(line):
                return bisect_left(self.at, n)
        return self.last

    def _fence_end(self, i: int, indent: int, fence: str) -> int | None:
        """Return the line closing a fence opened with 1-3 spaces of indentation on line i.

        Such a fence may be at the top level or inside a list item; return None unless it ends
        on the same line either way (every line up to there indented at least as much).
        """
        lines = self.lines
        for j in range(i + 1, len(lines)):
            line = lines[j]
            stripped = line.lstrip(" \t")
            if not stripped:
                continue
            lead = line[: len(line) - len(stripped)]
            columns = len(lead) if "\t" not in lead else len(lead.expandtabs(4))
            if columns < indent:
                return None
            if stripped.startswith(fence) and not stripped.lstrip(fence[0]).strip(" \t"):
                return j if columns <= 3 and "\t" not in lead else None
        return None


def _html_end(line: str) -> re.Pattern[str] | None:
    """Return the pattern ending an HTML block that starts with line (empty: a blank line)."""
    for begin, end, _ in HTML_SEQUENCES:
        if begin.search(line):
            if end.pattern == "^$":
                return _BLANK
            return None if end.search(line) else end
    return None


_BLANK = re.compile("")


def _risky(line: str) -> bool:
    """Tell whether a line may start a heading or HTML, or nest blocks deeply."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if 0 < indent < 4 and stripped[0] != "\t":  # at the top level, or in a list item
        mark = stripped[0]
        if (
            mark == "<"
            or (mark == "#" and _BOUNDARY.match(stripped))
            or (mark in "-=*_" and (_UNDERLINE.fullmatch(stripped) or _BREAK.fullmatch(stripped)))
        ):
            return True
    prefix = _CONTAINERS.match(line)[0]  # type: ignore[index]
    return len(prefix) + 3 * prefix.count("\t") >= 16 or _HTML_START.match(line) is not None


@functools.lru_cache(maxsize=1024)  # field headings repeat
def _atx(line: str) -> tuple[int, str]:
    """Return the level and text of a `#` heading line, as markdown-it reads it."""
    level = 3 if line.startswith("###") else 2 if line.startswith("##") else 1
    if line[-1] not in "# \t":
        return level, line[level:].strip()
    end = max(len(line.rstrip(" \t")), level)
    closing = len(line[:end].rstrip("#"))
    if level < closing < end and line[closing - 1] in " \t":
        end = closing
    return level, mdTrim(line[level:end]).strip()


def _opens(m: re.Match[str]) -> bool:
    """Tell whether a `_FENCE` match opens a fence (a backtick fence's info has no backtick)."""
    return m[1][0] == "~" or "`" not in m[2]


def _closes(line: str, fence: str) -> bool:
    """Tell whether a line closes a fence opened with `fence` at the top level."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(fence):
        return False
    return not stripped.lstrip(fence[0]).strip(" \t")


def _is_metadata(text: str) -> bool:
    m = _KEY_VALUE.match(text)
    return m is not None and m[1].lower() in _META_KEYS


# Headings that only navigate a page ("📋 Table of Contents"): no question and no topic.
_NAVIGATION = frozenset({"contents", "table of contents", "toc", "index", "questions"})
# A README's own sections around its questions: no question.
_README_SECTIONS = frozenset(
    {
        "what's inside",
        "whats inside",
        "what is inside",
        "how to use",
        "how to contribute",
        "contributing",
        "contributors",
        "contribution",
        "contributions",
        "license",
        "licence",
        "installation",
        "usage",
        "acknowledgements",
        "acknowledgments",
        "credits",
        "authors",
        "support",
        "contact",
        "disclaimer",
    }
)


def _heading_name(title: str) -> str:
    """Return a heading's words for comparing with known names: no emoji, case or colon."""
    return undecorated(title).replace("\u2019", "'").strip(" :").casefold()


# "Card 3", "Question 12", "Q4", "#7": a heading that only numbers the card under it.
_NUMBER_LABEL = re.compile(
    r"(?:card|flashcard|question|q|item|problem|exercise|no\.?|quest[aã]o|pregunta|pergunta)?\s*#?\d+"
)


def front_matter_tags(text: str) -> tuple[str, ...]:
    """Return the `tags:` of a web page's front matter ("tags: [interview, spark]", or a YAML
    list under it); other keys belong to the page's site generator and are ignored."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    if lines[0].rstrip() != "---":
        return ()
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    found: list[str] = []
    key = ""
    for raw in lines[1:end] if end is not None else ():
        text = raw.strip()
        if key == "tags" and (raw[:1] in " \t" or text.startswith("- ")):
            if item := _unquote(text.removeprefix("-").strip()):
                found.extend(_tags(item))
            continue
        m = _KEY_VALUE.fullmatch(text)
        key = m[1].lower() if m else ""
        if key == "tags" and m is not None:
            found.extend(_tags(_unquote(m[2].strip())))
    return tuple(_unique(found))


def navigation(title: str) -> bool:
    """Tell whether a heading only navigates the page ("Table of Contents") or numbers a card
    ("Card 3"): no topic."""
    name = _heading_name(title)
    return name in _NAVIGATION or _NUMBER_LABEL.fullmatch(name) is not None


def page_section(title: str) -> bool:
    """Tell whether a heading is page furniture, no question: navigation, a README section, or
    the title of a group of questions ("Additional Interview Questions")."""
    name = _heading_name(title)
    return name in _NAVIGATION or name in _README_SECTIONS or bool(_QUESTIONS_TITLE.search(name))


# "Day 1 - Essential VPC Questions", "Scenario-Based Questions & Answers": a title over
# questions, which neither asks nor makes a file's headings less of a question list.
_QUESTIONS_TITLE = re.compile(r"\bquestions(?:\s*(?:&|and)\s*answers)?$|\bq\s*&\s*a$")


def _is_glossary(title: str) -> bool:
    return title.rstrip(":").strip().casefold() == "glossary"


@functools.lru_cache(maxsize=256)
def _field(title: str) -> str | None:
    """Return the field a `###` heading names, or None."""
    return _FIELDS.get(_WHITESPACE.sub(" ", title.rstrip(":").strip().casefold()))


# --- helpers --------------------------------------------------------------------------------

# A thematic break ("---", "* * *") on a line of its own.
BREAK_LINE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
# "[back to top](#top)", "**[⬆ Back to Top](#contents)**", "[↑ top](#faq)": navigation.
_TOP_LINK = (
    r"(?:\[[^\]]*\btop\b[^\]]*\]\(#[^)]*\)"
    r"|<a\s[^>]*href=\"#[^\"]*\"[^>]*>[^<]*\btop\b[^<]*</a>)"
)
_BACK_TO_TOP = re.compile(_TOP_LINK, re.IGNORECASE)
# The link alone on its line, maybe wrapped in emphasis or tags ('<p align="right">...</p>').
_BACK_TO_TOP_LINE = re.compile(rf"(?:[\W_]|<[^>]*>)*{_TOP_LINK}(?:[\W_]|<[^>]*>)*", re.IGNORECASE)
_HTML_ONLY = re.compile(r"(?:\s*<[^>]*>)+\s*")
# '<a name="usage"></a>' opening an answer: a link target of the page, not text.
_ANCHOR_LINE = re.compile(r"(?:\s*<a\s[^>]*>\s*</a>)+\s*", re.IGNORECASE)
# A line of one dash or box-drawing character ("⸻", "———", "────"): a separator as a rule is,
# written by pasting the character.
_DASH_LINE = re.compile(r"\s*([\u2010-\u2015\u2e3a\u2e3b\u2500-\u257f\u23af])(?:\s*\1)*\s*")
_QUOTED = re.compile(r" {0,3}> ?")
# "15." alone after the last answer: a numbered item the page never filled in.
_EMPTY_ITEM = re.compile(r"\s*\d{1,4}[.)]\s*")
_SMALL_PRINT = re.compile(r"\s*(?:\*[^*].*\*|_[^_].*_|<(?:sub|small|p|div)\b.*)\s*", re.IGNORECASE)


# A link with only these words around it points elsewhere: "See 👉 **[Answer](https://...)**"
# stands for an answer a page does not give; "🔗 **Source:** [blog](https://...)" after an
# answer is the page's attribution.
_POINTER_WORDS = frozenset(
    re.findall(
        r"\w+",
        """see answer answers here read more the full details detail link click at on in check
        out this it find view""",
    )
)
_SOURCE_WORDS = frozenset(
    re.findall(r"\w+", "source sources credit credits via ref refs reference references")
)
# "**Company**: Acme", "**Topic**: `DBMS`" closing an answer: about the question, not its answer.
_ABOUT_LINE = re.compile(
    r"\s*(?:\*\*|__)(?:company|companies|asked (?:at|in|by)|topics?|tags?|category|difficulty|"
    r"level|frequency|importance|priority)(?:\*\*|__)?\s*:.*",
    re.IGNORECASE,
)
_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<a\s[^>]*>.*?</a>|https?://\S+", re.IGNORECASE)


def _only_link(line: str, words: frozenset[str]) -> bool:
    """Tell whether a line is links and nothing but `words` (and symbols) around them."""
    rest, found = _LINK.subn(" ", line)
    return found > 0 and all(w in words for w in re.findall(r"[^\W\d_]+", rest.casefold()))


_DETAILS_OPEN = re.compile(r"\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>.*?</summary>\s*)?", re.I)
_SUMMARY_LINE = re.compile(r"\s*<summary\b[^>]*>.*?</summary>\s*", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"\s*</details>\s*", re.IGNORECASE)


def _unfolded(lines: list[str]) -> list[str]:
    """Return an answer folded away in one `<details>` block ("Show Answer") without the fold."""
    text = [n for n, line in enumerate(lines) if line.strip()]
    if len(text) < 3 or not _DETAILS_CLOSE.fullmatch(lines[text[-1]]):
        return lines
    first = _DETAILS_OPEN.fullmatch(lines[text[0]])
    if first is None:
        return lines
    body = text[1:-1]
    if "<summary" not in lines[text[0]].lower() and _SUMMARY_LINE.fullmatch(lines[body[0]]):
        body = body[1:]
    inner = lines[body[0] : body[-1] + 1] if body else []
    if any(re.search(r"</?details\b", line, re.IGNORECASE) for line in inner):
        return lines  # Folds of its own inside: hints, kept as written.
    return inner


# "<!-- <Write your answer here> -->": an HTML comment a page left in, invisible when shown.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _uncommented(lines: list[str]) -> list[str]:
    """Return lines without HTML comments outside code blocks (a comment may span lines)."""
    out: list[str] = []
    prose: list[str] = []
    fence = ""

    def flush() -> None:
        if prose:
            text = "\n".join(prose)
            cut = _COMMENT.sub("", text)
            out.extend(cut.split("\n") if cut != text else prose)
            prose.clear()

    for line in lines:
        m = None if fence else _FENCE.match(line.lstrip(" "))
        if fence or (m and _opens(m)):
            flush()
            out.append(line)
            if fence and _closes(line, fence):
                fence = ""
            elif m:
                fence = m[1]
            continue
        prose.append(line)
    flush()
    return out


def web_answer_lines(lines: list[str]) -> list[str]:
    """Return an answer found on the web without what surrounds it on the page.

    Blank lines, rules, `<br>` lines, "back to top" links and source links around it go (and
    whatever follows a "back to top" link), an answer that is only a link to one elsewhere is
    none, and an answer folded in a `<details>` block ("Show Answer") or written wholly as a
    blockquote ("> The smallest deployable unit ...") is unfolded or unquoted.
    """
    lines = _uncommented(_unfolded(lines))
    start, end = 0, len(lines)
    while start < end and (not lines[start].strip() or _ANCHOR_LINE.fullmatch(lines[start])):
        start += 1
    # A "back to top" link ends the answer: what follows it is the page's (a footer).
    end = next((n for n in range(start, end) if _BACK_TO_TOP_LINE.fullmatch(lines[n])), end)
    while end > start and (
        not lines[end - 1].strip()
        or BREAK_LINE.fullmatch(lines[end - 1])
        or _DASH_LINE.fullmatch(lines[end - 1])
        or _HTML_ONLY.fullmatch(lines[end - 1])
        or _BACK_TO_TOP.search(lines[end - 1])
        or _only_link(lines[end - 1], _SOURCE_WORDS)
        or _ABOUT_LINE.fullmatch(lines[end - 1])
        or _EMPTY_ITEM.fullmatch(lines[end - 1])
    ):
        end -= 1
    breaks = [
        n
        for n in range(start, end)
        if BREAK_LINE.fullmatch(lines[n]) or _DASH_LINE.fullmatch(lines[n])
    ]
    after = [x for x in lines[breaks[-1] + 1 : end] if x.strip()] if breaks else []
    if breaks and (
        all(_SMALL_PRINT.fullmatch(x) for x in after)
        # "---" then "✅ Linux Questions": the next section's title, not written as a heading.
        or (len(after) == 1 and _section_title(after[0]))
        # "---" then "Do you want me to also prepare ...?": a chat assistant's sign-off.
        or any(_CHAT_OUTRO.search(x) for x in after)
    ):
        # "---" then "*Notes are mine, PRs welcome.*": the page's footer.
        end = breaks[-1]
        while end > start and not lines[end - 1].strip():
            end -= 1
    kept = lines[start:end]
    if kept and all(_only_link(line, _POINTER_WORDS) for line in kept if line.strip()):
        return []
    return _chosen_options(_unwrapped(unquoted(kept)))


_QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d"}


def _unwrapped(lines: list[str]) -> list[str]:
    """Return an answer written wholly inside quotation marks (a quoted sample answer,
    '> "An identity for applications."') without them."""
    filled = [n for n, line in enumerate(lines) if line.strip()]
    if not filled:
        return lines
    first, last = lines[filled[0]].strip(), lines[filled[-1]].strip()
    close = _QUOTE_PAIRS.get(first[:1])
    if close is None or not last.endswith(close) or len(first) < 2:
        return lines
    inner = "\n".join(lines[filled[0] : filled[-1] + 1]).strip()[1:-1]
    if '"' in inner or "\u201c" in inner or "\u201d" in inner:
        return lines  # '"A" and "B"': quotes of its own, not one quotation
    return lines[: filled[0]] + inner.split("\n") + lines[filled[-1] + 1 :]


_CHAT_OUTRO = re.compile(
    r"^\W*(?:do you want me to|would you like me to|want me to|shall i|should i also"
    r"|let me know if|hope (?:this|that) helps|i can also|if you want,? i can"
    r"|(?:certainly|sure|absolutely|of course)\W+here (?:are|is)|here are (?:some )?more)\b",
    re.IGNORECASE,
)


def _section_title(line: str) -> bool:
    """Tell whether a line reads as a title: a few words, no sentence, no list item."""
    text = undecorated(line.strip())
    return (
        0 < len(text.split()) <= 6
        and not text.endswith((".", ":", "?", "!"))
        and not re.match(r"[-*+>|`]|\d+[.)]", text)
    )


# "* [x] Culture" among "* [ ] Process" lines: a multiple-choice answer key.
_OPTION = re.compile(r"(\s*[-*+]\s+)\[([ xX])\]\s+(.*)")


def _chosen_options(lines: list[str]) -> list[str]:
    """Return a multiple-choice answer as its ticked options only ("* [x] Culture" -> "*
    Culture"): the unticked ones are wrong answers, which a typed answer must not be graded
    against."""
    options = [m for line in lines if (m := _OPTION.fullmatch(line))]
    ticked = [m for m in options if m[2] != " "]
    if not ticked or len(ticked) == len(options):
        return lines
    out = []
    for line in lines:
        m = _OPTION.fullmatch(line)
        if m is None:
            out.append(line)
        elif m[2] != " ":
            out.append(f"{m[1]}{m[3]}")
    return out


def unquoted(lines: list[str]) -> list[str]:
    """Return lines without their '>' markers when every non-blank one is quoted, or when the
    quote opens with an answer label ("> **Answer:**" then "> You declare ...", then code)."""
    if lines and all(_QUOTED.match(line) for line in lines if line.strip()):
        return [line[m.end() :] if (m := _QUOTED.match(line)) else line for line in lines]
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or not (m := _QUOTED.match(lines[first])):
        return lines
    if not ANSWER_LABEL.match(lines[first][m.end() :]):
        return lines
    out = list(lines)
    end = first
    while end < len(out) and (q := _QUOTED.match(out[end])):
        out[end] = out[end][q.end() :]
        end += 1
    return out


def _children(tokens: list[Token], start: int, end: int, level: int) -> Iterator[tuple[int, int]]:
    """Yield the [start, end) token ranges of the blocks at `level` between start and end."""
    i = start
    while i < end:
        token = tokens[i]
        if token.nesting == 1:
            j = i + 1
            while tokens[j].nesting != -1 or tokens[j].level != level:
                j += 1
            yield i, j + 1
            i = j + 1
        else:
            yield i, i + 1
            i += 1


def _start(token: Token) -> int:
    """Return the 0-based body line where a block token starts."""
    assert token.map is not None
    return token.map[0]


def _end(token: Token) -> int:
    """Return the 0-based body line just after a block token."""
    assert token.map is not None
    return token.map[1]


def _source(lines: list[str], start: int, stop: int) -> str:
    """Return source lines [start, stop) without the blank lines around them."""
    while start < stop and not lines[start].strip():
        start += 1
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    return "\n".join(lines[start:stop])


def _numbered_lines(paragraphs: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for first, content in paragraphs:
        for offset, text in enumerate(content.split("\n")):
            yield first + offset, text.strip()


def _list_items(blocks: list[_Block]) -> Iterator[_Item]:
    """Yield the items of the top-level lists among blocks."""
    for block in blocks:
        if block.kind == "list":
            yield from block.items


def _lines_text(paragraphs: list[tuple[int, str]]) -> list[str]:
    return [text for _, text in _numbered_lines(paragraphs)]


def _strip_code(text: str) -> str:
    text = text.strip()
    if len(text) > 2 and text[0] == "`" and text[-1] == "`" and "`" not in text[1:-1]:
        return text[1:-1].strip()
    return text


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def _tags(value: str) -> list[str]:
    """Split `[a, b]` or `a, b` into lowercased tags."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    tags = (_WHITESPACE.sub(" ", _unquote(part.strip())).lower() for part in value.split(","))
    return [tag for tag in tags if tag]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
