"""Read a native Markdown deck (docs/deck-format.md) into a Deck, with errors as path:line.

The file is parsed once by markdown-it-py for its block structure only; every field body is
sliced from the original source lines by the tokens' line maps, so it stays the Markdown the
author wrote.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from markdown_it import MarkdownIt
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

_FIELDS = {
    "answer": "answer",
    "key points": "key_points",
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
    return _WHITESPACE.sub(" ", folded).strip().rstrip("?.!: ").strip()


def card_id(deck: str, question: str) -> str:
    """Return the derived id of a card that has no explicit `id:`.

    Contract (changing it would split every learner's history, so a new rule needs a new
    prefix): `"q1:" + blake2b(normalise_question(deck) + "\\0" + normalise_question(question),
    digest_size=8).hexdigest()`, hashing the UTF-8 bytes. `question` is the text of the `##`
    heading only; the answer, key points and any text under the heading are not part of it,
    so editing them keeps the card's history.
    """
    key = normalise_question(deck) + "\0" + normalise_question(question)
    return ID_PREFIX + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def duplicate_ids(decks: Iterable[Deck]) -> list[DeckError]:
    """Return an error for every card whose id an earlier card (in any of the decks) has."""
    return _duplicates(card for deck in decks for card in deck.cards)


def _duplicates(cards: Iterable[Card]) -> list[DeckError]:
    seen: dict[str, Card] = {}
    errors = []
    for card in cards:
        first = seen.setdefault(card.id, card)
        if first is card:
            continue
        where = f"line {first.line}" if first.path == card.path else f"{first.path}:{first.line}"
        if card.explicit_id:
            message = (
                f"id '{card.id}' is already used by the card on {where}; give each card its own id"
            )
        else:
            message = (
                f"this question is the same as the one on {where} in deck '{card.deck}', "
                "so both would get the same id; reword one of them or give it an 'id:' line"
            )
        errors.append(DeckError(card.path, card.line, message))
    return errors


# --- match rules ----------------------------------------------------------------------------


def parse_match(rule: str, path: str = "", line: int = 0) -> MatchRule:
    """Parse the text of a `match:` or `not:` line; raise DeckError if it is malformed."""
    source = _WHITESPACE.sub(" ", rule).strip()

    def fail(problem: str) -> DeckError:
        return DeckError(path, line, f"rule '{source}' {problem}")

    if not source:
        raise DeckError(
            path,
            line,
            "empty rule; write the words to look for after 'match:' or 'not:', "
            "e.g. 'match: role ; temporary'",
        )
    groups = []
    for raw in source.split(";"):
        text = raw.strip()
        if not text:
            raise fail("has an empty group; remove the extra ';'")
        anchor = negatable = False
        while text[:1] in ("@", "~"):
            mark, text = text[0], text[1:].lstrip()
            if anchor if mark == "@" else negatable:
                raise fail(f"has '{mark}' twice on one group; write it once")
            if mark == "@":
                anchor = True
            else:
                negatable = True
        alternatives = tuple(alt.strip() for alt in text.split("|"))
        if not text:
            raise fail(f"has '{raw.strip()}' with no words; write the group's words after it")
        if "" in alternatives:
            raise fail("has an empty alternative; remove the extra '|'")
        for alt in alternatives[1:]:
            if alt[0] in "@~":
                raise fail(
                    f"has '{alt[0]}' inside a group; put it before the group's first alternative"
                )
        groups.append(MatchGroup(alternatives, anchor=anchor, negatable=negatable))
    if sum(group.anchor for group in groups) > 1:
        raise fail(
            "marks more than one group with '@'; keep it on the one group naming "
            "what the point is about"
        )
    return MatchRule(tuple(groups), source=source)


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
    return _Parser(path).parse(text)


# --- the parser -----------------------------------------------------------------------------


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
    bodies: dict[str, list[str]] = field(default_factory=dict)
    key_points: list[KeyPoint] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)


class _Parser:
    """One pass over one file's tokens, collecting cards, errors and warnings."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[DeckError] = []
        self.warnings: list[DeckIssue] = []
        self.cards: list[Card] = []
        self.glossary: list[tuple[str, ...]] = []
        self.deck = PurePath(path).stem
        self.file_tags: list[str] = []
        self.offset = 0
        self.lines: list[str] = []
        self.tokens: list[Token] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(DeckError(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(DeckIssue(self.path, line, message))

    def at(self, token: Token) -> int:
        """Return the 1-based file line where a token starts."""
        assert token.map is not None
        return token.map[0] + 1 + self.offset

    # -- whole file

    def parse(self, text: str) -> Deck:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        text = self._refuse_controls(text)
        lines = text.split("\n")
        self.offset = self._front_matter(lines)
        self.lines = lines[self.offset :]
        self.tokens = _MD.parse("\n".join(self.lines))
        self._walk()
        self.errors += _duplicates(self.cards)
        if self.errors:
            self.errors.sort(key=lambda e: e.line)
            raise DeckErrors(self.errors)
        if not self.cards:
            self.warn(1, "no questions found; each question is a '## ' heading")
        return Deck(
            name=self.deck,
            path=self.path,
            cards=tuple(self.cards),
            tags=_unique(self.file_tags),
            glossary=tuple(self.glossary),
            warnings=tuple(sorted(self.warnings, key=lambda w: w.line)),
        )

    def _refuse_controls(self, text: str) -> str:
        if not _CONTROL.search(text):
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
        for index in range(1, end):
            line, text = index + 1, lines[index].strip()
            if not text or text.startswith("#"):
                continue
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

    def _walk(self) -> None:
        """Split the top-level blocks at `#`, `##` and `###` headings and read each part."""
        tokens = self.tokens
        topic = ""
        draft: _Draft | None = None
        in_glossary = False
        heading: int | None = None
        blocks: list[tuple[int, int]] = []
        sections: list[tuple[int | None, list[tuple[int, int]]]] = []
        for start, end in _children(tokens, 0, len(tokens), 0):
            token = tokens[start]
            if token.type == "heading_open" and token.tag in ("h1", "h2", "h3"):
                sections.append((heading, blocks))
                heading, blocks = start, []
            else:
                blocks.append((start, end))
        sections.append((heading, blocks))

        for index, (heading, blocks) in enumerate(sections):
            if heading is None:
                continue  # text before the first heading belongs to no card
            token = tokens[heading]
            title = tokens[heading + 1].content.strip()
            line = self.at(token)
            following = sections[index + 1][0] if index + 1 < len(sections) else None
            stop = len(self.lines) if following is None else _start(tokens[following])
            # A thematic break closing a section is a separator, not part of the field.
            if blocks and tokens[blocks[-1][0]].type == "hr":
                stop = _start(tokens[blocks.pop()[0]])
            if token.tag == "h1":
                self._finish(draft)
                draft, in_glossary, topic = None, False, title
            elif token.tag == "h2":
                self._finish(draft)
                draft, in_glossary = None, False
                if title.rstrip(":").strip().casefold() == "glossary":
                    in_glossary = True
                    self._glossary(blocks)
                    continue
                if token.markup == "-":
                    self.warn(
                        line,
                        "this question heading is text underlined by '---'; if the '---' was "
                        "meant as a separator, leave a blank line above it",
                    )
                draft = _Draft(title, line, topic)
                if not title:
                    draft.valid = False
                    self.error(line, "question heading has no text; write the question after '##'")
                self._question(draft, token, blocks, stop)
            elif in_glossary:
                self.error(
                    line,
                    f"'### {title}' is under '## Glossary'; fields belong under a question, "
                    "so put a '## question' heading above it",
                )
            elif draft is None:
                self.error(
                    line,
                    f"'### {title}' is not under a question; put a '## question' heading above it",
                )
            else:
                self._section(draft, title, line, token, blocks, stop)
        self._finish(draft)

    def _question(
        self, draft: _Draft, heading: Token, blocks: list[tuple[int, int]], stop: int
    ) -> None:
        """Read the metadata lines and any extra question text under a `##` heading."""
        begin = _end(heading)
        if blocks:
            first = self.tokens[blocks[0][0]]
            content = (
                self.tokens[blocks[0][0] + 1].content if first.type == "paragraph_open" else ""
            )
            m = _KEY_VALUE.match(content)
            if m and m[1].lower() in _META_KEYS:
                self._metadata(draft, first, content)
                begin = _end(first)
        draft.text = _source(self.lines, begin, stop)

    def _metadata(self, draft: _Draft, paragraph: Token, content: str) -> None:
        seen: set[str] = set()
        for number, text in enumerate(content.split("\n"), start=self.at(paragraph)):
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
        self,
        draft: _Draft,
        title: str,
        line: int,
        heading: Token,
        blocks: list[tuple[int, int]],
        stop: int,
    ) -> None:
        """Read one `###` field of a card."""
        name = _FIELDS.get(_WHITESPACE.sub(" ", title.rstrip(":").strip().casefold()))
        if name is None:
            known = ", ".join(_FIELD_TITLES.values())
            self.warn(line, f"unknown section '### {title}' is kept but not used; known: {known}")
            draft.extra.append((title, _source(self.lines, _end(heading), stop)))
            return
        if name in draft.bodies:
            self.warn(
                line,
                f"second {_FIELD_TITLES[name]} section ('### {title}') for this question; "
                "its text is added to the first",
            )
        draft.bodies.setdefault(name, []).append(_source(self.lines, _end(heading), stop))
        if name == "key_points":
            self._key_points(draft, blocks)
        elif name == "related":
            for _, paragraphs, _ in self._list_items(blocks):
                entry = _strip_code(" ".join(_lines_text(paragraphs)))
                if entry:
                    draft.related.append(entry)

    def _list_items(
        self, blocks: list[tuple[int, int]]
    ) -> Iterator[tuple[int, list[tuple[int, str]], list[int]]]:
        """Yield (line, paragraphs, other block lines) for each item of the top-level lists."""
        tokens = self.tokens
        for start, end in blocks:
            kind = tokens[start].type
            if kind not in ("bullet_list_open", "ordered_list_open"):
                continue
            for item_start, item_end in _children(tokens, start + 1, end - 1, 1):
                item = tokens[item_start]
                paragraphs: list[tuple[int, str]] = []
                others: list[int] = []
                for a, _ in _children(tokens, item_start + 1, item_end - 1, 2):
                    child = tokens[a]
                    if child.type == "paragraph_open":
                        paragraphs.append((self.at(child), tokens[a + 1].content))
                    else:
                        others.append(self.at(child) if child.map else self.at(item))
                yield self.at(item), paragraphs, others

    def _key_points(self, draft: _Draft, blocks: list[tuple[int, int]]) -> None:
        tokens = self.tokens
        for start, _ in blocks:
            token = tokens[start]
            if token.type in ("bullet_list_open", "ordered_list_open"):
                continue
            content = tokens[start + 1].content if token.type == "paragraph_open" else ""
            if _RULE_LINE.match(content):
                self.error(
                    self.at(token),
                    "this rule line is not under a key point; indent it under its bullet "
                    "with no blank line above it",
                )
            elif token.map is not None:
                self.warn(
                    self.at(token),
                    "text in '### Key points' that is not a bullet is ignored; make it a '- ' "
                    "bullet or move it to '### Explanation'",
                )
        for line, paragraphs, others in self._list_items(blocks):
            for other in others:
                self.warn(
                    other,
                    "only text, 'match:' and 'not:' lines count in a key point; "
                    "this nested block is ignored",
                )
            point = self._key_point(line, paragraphs)
            if point is not None:
                draft.key_points.append(point)

    def _key_point(self, line: int, paragraphs: list[tuple[int, str]]) -> KeyPoint | None:
        words: list[str] = []
        rules: list[tuple[str, int, list[str]]] = []
        for number, text in _numbered_lines(paragraphs):
            m = _RULE_LINE.match(text)
            if m is not None:
                rules.append((m[1].lower(), number, [m[2]]))
            elif rules:
                rules[-1][2].append(text)  # a long rule may wrap onto the next lines
            else:
                words.append(text)
        text, weight, core = self._attributes(" ".join(words).strip(), line)
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

    def _glossary(self, blocks: list[tuple[int, int]]) -> None:
        for line, paragraphs, _ in self._list_items(blocks):
            entry = " ".join(_lines_text(paragraphs))
            terms = tuple(t for t in (" ".join(p.split()) for p in entry.split("=")) if t)
            if len(terms) < 2:
                self.warn(
                    line,
                    f"glossary entry '{entry}' is ignored: it needs two or more terms "
                    "separated by '=', e.g. 'STS = Security Token Service'",
                )
                continue
            self.glossary.append(terms)

    def _finish(self, draft: _Draft | None) -> None:
        """Turn a finished draft into a Card."""
        if draft is None or not draft.valid:
            return
        question = draft.question
        if draft.text:
            question = f"{question}\n\n{draft.text}"
        if not draft.key_points:
            self.warn(
                draft.line,
                "question has no key points, so answers cannot be graded; "
                "add a '### Key points' list",
            )
        bodies = {name: "\n\n".join(parts) for name, parts in draft.bodies.items()}
        self.cards.append(
            Card(
                id=draft.id or card_id(self.deck, draft.question),
                deck=self.deck,
                question=question,
                answer=bodies.get("answer", ""),
                key_points=tuple(draft.key_points),
                explanation=bodies.get("explanation", ""),
                hands_on=bodies.get("hands_on", ""),
                related=tuple(draft.related),
                topic=draft.topic,
                level=draft.level,
                tags=_unique([*self.file_tags, *draft.tags]),
                path=self.path,
                line=draft.line,
                explicit_id=bool(draft.id),
                extra=tuple(draft.extra),
            )
        )


# --- helpers --------------------------------------------------------------------------------


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
