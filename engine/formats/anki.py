"""Anki packages (`.apkg`, `.colpkg`): every note becomes a card, each cloze number one card.

A package is a zip holding the collection as an SQLite file: `collection.anki21b`
(zstd-compressed, schema 18: note types in the `notetypes`, `fields` and `templates`
tables, protobuf configs) from Anki 2.1.50 on, `collection.anki21` or `collection.anki2`
(schema 11: note types and decks as JSON in `col`) before. When a package holds several,
the newest is the real one: the others are a dummy note asking to update Anki.

The question is the note type's sort field (Front for Basic), the answer the other
non-empty fields in order. A cloze note gives one card per cloze number: the question is
its text with that number's deletions shown as `[...]` (or `[hint]`), the answer the whole
text followed by the other fields. Fields are HTML, read as plain text (see `html_text`).
The topic is the card's Anki deck, the tags are the note's tags. The package is read from
memory: nothing is written next to it.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser

from engine.errors import DeckError, DeckErrors
from engine.formats.common import Draft, build_deck
from engine.model import Deck, DeckIssue

# Newest first: an export keeps the older names only for a dummy "please update" note.
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_DUMMY = "Please update to the latest Anki version"
_SQLITE_HEADER = b"SQLite format 3\x00"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE_FIELD = re.compile(r"\{\{(?:[^}]*:)?cloze:([^}]+)\}\}")
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_BLOCK = {
    "div", "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
    "blockquote", "pre", "hr", "dl", "dt", "dd", "section", "article",
}  # fmt: skip
_PARAGRAPH = {"p", "ul", "ol", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_LIST_ITEM = re.compile(r" *- ")
_SKIP = {"script", "style", "head", "title"}


@dataclass(frozen=True, slots=True)
class NoteType:
    """What reading a note needs from its note type."""

    name: str
    fields: tuple[str, ...]
    sort_field: int = 0
    cloze_field: int | None = None  # the field holding {{c1::...}} in a cloze note type


@dataclass(frozen=True, slots=True)
class Note:
    """One note of the collection, with the Anki deck of each of its cards by ordinal."""

    fields: tuple[str, ...]
    tags: tuple[str, ...]
    note_type: NoteType | None
    decks: dict[int, str]


def parse(data: bytes, path: str) -> Deck:
    """Parse an Anki package's bytes into a Deck named after the file; raise DeckErrors."""
    notes = _read_notes(data, path)
    drafts: list[Draft] = []
    warnings: list[DeckIssue] = []
    for line, note in enumerate(notes, 1):
        drafts += _drafts(note, line, path, warnings)
    # Anki allows duplicates; one id per question here.
    return build_deck(
        path,
        drafts,
        "Anki",
        warnings,
        lambda d, first: (
            f"note {_quote(d.question)} asks the same question as note {first}; "
            "kept only the first (reword one of them in Anki)"
        ),
    )


# --- reading the package ----------------------------------------------------------------


def _read_notes(data: bytes, path: str) -> list[Note]:
    """Return the notes of the package's real collection, oldest first."""
    name, raw = _collection_bytes(data, path)
    if raw.startswith(_ZSTD_MAGIC):
        raw = _unzstd(raw, name, path)
    if not raw.startswith(_SQLITE_HEADER):
        raise _error(path, f"{name} inside is not an SQLite database; the package is damaged")
    # A collection saved in WAL mode cannot be opened from memory: mark it rollback-journal.
    db = bytearray(raw)
    db[18:20] = b"\x01\x01"
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(bytes(db))
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        reader = _schema18_types if "notetypes" in tables else _schema11_types
        types, decks = reader(conn, path)
        rows = conn.execute("SELECT id, mid, tags, flds FROM notes ORDER BY id").fetchall()
        cards = conn.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord").fetchall()
    except sqlite3.DatabaseError as e:
        raise _error(path, f"{name} inside is not a readable Anki collection ({e})") from None
    except ValueError as e:  # a template's protobuf config
        raise _error(path, f"{name} inside has a card template that cannot be read ({e})") from None
    finally:
        conn.close()
    if len(rows) == 1 and str(rows[0][3]).startswith(_DUMMY):
        raise _error(
            path,
            f"{name} inside only asks to update Anki: the package is missing its newer "
            "collection; export it again",
        )
    note_decks: dict[int, dict[int, str]] = {}
    for nid, ord_, did in cards:
        note_decks.setdefault(nid, {})[ord_] = decks.get(did, "")
    return [
        Note(
            fields=tuple(str(flds).split("\x1f")),
            tags=tuple(dict.fromkeys(t.lower() for t in str(tags).split())),
            note_type=types.get(mid),
            decks=note_decks.get(nid, {}),
        )
        for nid, mid, tags, flds in rows
    ]


def _collection_bytes(data: bytes, path: str) -> tuple[str, bytes]:
    """Return the name and bytes of the newest collection file in the package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            for name in COLLECTIONS:
                if name in names:
                    return name, package.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as e:
        raise _error(
            path, f"not an Anki package: cannot read it as a zip archive ({e}); export it again"
        ) from None
    raise _error(
        path,
        "no Anki collection inside (expected " + ", ".join(COLLECTIONS) + "); "
        "export the deck again with Anki's File > Export",
    )


def _unzstd(raw: bytes, name: str, path: str) -> bytes:
    # Only Anki >= 2.1.50 packages need zstd, so the library is loaded for them alone.
    import zstandard

    try:
        return zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    except zstandard.ZstdError as e:
        raise _error(path, f"{name} inside is damaged ({e}); export it again") from None


def _schema11_types(
    conn: sqlite3.Connection, path: str
) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Read note types and deck names from the JSON columns of `col` (Anki before 2.1.50)."""
    row = conn.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise sqlite3.DatabaseError("its col table is empty")
    try:
        models, decks = json.loads(row[0]), json.loads(row[1])
        types = {}
        for mid, model in models.items():
            fields = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
            templates = sorted(model.get("tmpls", []), key=lambda t: t["ord"])
            qfmt = templates[0]["qfmt"] if templates else ""
            types[int(mid)] = _note_type(
                model["name"], fields, int(model.get("sortf", 0)), model.get("type") == 1, qfmt
            )
        names = {int(did): str(deck["name"]) for did, deck in decks.items()}
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise _error(path, f"its note types cannot be read ({e!r}); export it again") from None
    return types, names


def _schema18_types(
    conn: sqlite3.Connection, path: str
) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Read note types and deck names from the tables of schema 18 (Anki 2.1.50 on)."""
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in conn.execute("SELECT ntid, ord, name FROM fields"):
        fields.setdefault(ntid, []).append((ord_, name))
    qfmts: dict[int, str] = {}
    for ntid, config in conn.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        if ntid not in qfmts:
            qfmts[ntid] = _text(_proto(config).get(1, b""))
    types = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        try:
            settings = _proto(config)
        except ValueError as e:
            raise _error(
                path, f"note type '{name}' cannot be read ({e}); export it again"
            ) from None
        kind, sort_field = settings.get(1, 0), settings.get(2, 0)
        names = tuple(n for _, n in sorted(fields.get(ntid, [])))
        types[ntid] = _note_type(
            str(name),
            names,
            int(sort_field),
            kind == 1,
            qfmts.get(ntid, ""),  # 1: KIND_CLOZE
        )
    # Schema 18 separates deck levels with \x1f where Anki shows '::'.
    decks = {
        did: str(name).replace("\x1f", "::")
        for did, name in conn.execute("SELECT id, name FROM decks")
    }
    return types, decks


def _note_type(name: str, fields: tuple[str, ...], sort_field: int, cloze: bool, qfmt: str):
    cloze_field = None
    if cloze:
        m = _CLOZE_FIELD.search(qfmt)
        wanted = m[1].strip() if m else ""
        cloze_field = fields.index(wanted) if wanted in fields else 0
    if not 0 <= sort_field < len(fields):
        sort_field = 0
    return NoteType(name, fields, sort_field, cloze_field)


def _proto(blob: bytes | None) -> dict[int, int | bytes]:
    """Return the first value of each top-level field of a protobuf message."""
    out: dict[int, int | bytes] = {}
    data, i = bytes(blob or b""), 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            size, i = _varint(data, i)
            value, i = data[i : i + size], i + size
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, i = data[i : i + size], i + size
        else:
            raise ValueError(f"unknown protobuf wire type {wire}")
        if i > len(data):
            raise ValueError("truncated protobuf message")
        out.setdefault(number, value)
    return out


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(data):
            raise ValueError("truncated protobuf varint")
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i
        shift += 7


def _text(value: int | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _error(path: str, message: str) -> DeckErrors:
    return DeckErrors([DeckError(path, 1, message)])


# --- notes to cards ---------------------------------------------------------------------


def _drafts(note: Note, line: int, path: str, warnings: list[DeckIssue]) -> list[Draft]:
    """Return the cards one note gives; warn (and give none) when it cannot be studied."""
    kind = note.note_type
    if kind is None:
        raise DeckErrors(
            [
                DeckError(
                    path,
                    line,
                    f"note {_quote(html_text(note.fields[0]))} uses a note type that is not "
                    "in the package; the package is damaged, export it again",
                )
            ]
        )
    fields = list(note.fields) + [""] * (len(kind.fields) - len(note.fields))
    first_deck = note.decks[min(note.decks)] if note.decks else ""
    if kind.cloze_field is not None:
        return _cloze_drafts(note, fields, kind.cloze_field, line, path, warnings)
    # Judged without images: a question that is only a picture cannot be studied here.
    question = html_text(fields[kind.sort_field])
    answer = "\n\n".join(
        text
        for i, field in enumerate(fields)
        if i != kind.sort_field and (text := html_text(field, media=True))
    )
    if not question:
        warnings.append(
            DeckIssue(
                path,
                line,
                f"a '{kind.name}' note has no text in its '{kind.fields[kind.sort_field]}' "
                "field (only images or sounds, which cannot be shown here); skipped",
            )
        )
        return []
    question = html_text(fields[kind.sort_field], media=True)
    return [Draft(question, answer, line, topic=first_deck, tags=note.tags)]


def _cloze_drafts(
    note: Note, fields: list[str], index: int, line: int, path: str, warnings: list[DeckIssue]
) -> list[Draft]:
    text = fields[index]
    numbers = sorted({int(n) for n in _CLOZE_OPEN.findall(text)})
    if "image-occlusion:" in text:
        warnings.append(
            DeckIssue(
                path,
                line,
                "an image occlusion note is a picture, which cannot be shown here; skipped",
            )
        )
        return []
    if not numbers:
        warnings.append(
            DeckIssue(
                path,
                line,
                f"cloze note {_quote(html_text(text))} has no {{{{c1::...}}}} deletion; skipped",
            )
        )
        return []
    extra = [
        t for i, field in enumerate(fields) if i != index and (t := html_text(field, media=True))
    ]
    answer = "\n\n".join([html_text(cloze(text, None), media=True), *extra])
    first_deck = note.decks[min(note.decks)] if note.decks else ""
    return [
        Draft(
            html_text(cloze(text, n), media=True),
            answer,
            line,
            topic=note.decks.get(n - 1, first_deck),
            tags=note.tags,
            # The hidden words are what the learner must type: each deletion is a key point.
            key_points=tuple(dict.fromkeys(t for d in deletions(text, n) if (t := html_text(d)))),
        )
        for n in numbers
    ]


def deletions(text: str, active: int) -> list[str]:
    """Return the contents of deletion `active` in cloze text, other deletions shown."""
    out: list[str] = []
    for _, number, content, _hint in _top_deletions(text):
        if number == active:
            out.append(cloze(content, None))
        else:
            out.extend(deletions(content, active))
    return out


def cloze(text: str, active: int | None) -> str:
    """Return cloze text with deletion `active` hidden as `[...]` or `[hint]`, others shown."""
    out: list[str] = []
    i = 0
    for (start, end), number, content, hint in _top_deletions(text):
        out.append(text[i:start])
        if number == active:
            out.append(f"[{hint.strip()}]" if hint.strip() else "[...]")
        else:
            out.append(cloze(content, active))
        i = end
    out.append(text[i:])
    return "".join(out)


def _top_deletions(text: str) -> list[tuple[tuple[int, int], int, str, str]]:
    """Return each outermost `{{cN::content::hint}}`: its span, number, content and hint."""
    found = []
    i = 0
    while (m := _CLOZE_OPEN.search(text, i)) is not None:
        end = _cloze_end(text, m.end())
        if end is None:
            break
        content, hint = _split_hint(text[m.end() : end])
        found.append(((m.start(), end + 2), int(m[1]), content, hint))
        i = end + 2
    return found


def _cloze_end(text: str, start: int) -> int | None:
    """Return where the `}}` closing a deletion opened before `start` is, allowing nesting."""
    depth, i = 1, start
    while i < len(text):
        if _CLOZE_OPEN.match(text, i):
            depth += 1
            i = _CLOZE_OPEN.match(text, i).end()  # type: ignore[union-attr]
        elif text.startswith("}}", i):
            depth -= 1
            if depth == 0:
                return i
            i += 2
        else:
            i += 1
    return None


def _split_hint(body: str) -> tuple[str, str]:
    """Split a deletion's body at its first top-level `::` into content and hint, as Anki does."""
    depth, i = 0, 0
    while i < len(body):
        if m := _CLOZE_OPEN.match(body, i):
            depth += 1
            i = m.end()
        elif body.startswith("}}", i):
            depth -= 1
            i += 2
        elif depth == 0 and body.startswith("::", i):
            return body[:i], body[i + 2 :]
        else:
            i += 1
    return body, ""


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


# --- HTML to text -----------------------------------------------------------------------


def html_text(html: str, *, media: bool = False) -> str:
    """Return a field's HTML as plain text with Markdown lists and code.

    `<br>` and block elements end lines, entities are decoded, `<code>` becomes `code`
    and `<pre>` a fenced block, list items become `- ` lines; other tags and sounds are
    dropped. With `media`, an image is noted as `[image: name]`.
    """
    parser = _TextParser(media)
    parser.feed(_SOUND.sub(" ", html))
    parser.close()
    return parser.result()


class _TextParser(HTMLParser):
    def __init__(self, media: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.lines: list[str] = []
        self.current: list[str] = []
        self.pre = 0
        self.code = 0
        self.skip = 0
        self.blank = False
        self.list_depth = 0
        self.indent = ""  # of the list item the current line starts

    # A block boundary ends the current line; a paragraph-level one also leaves a blank line.
    def _break(self, paragraph: bool = False) -> None:
        line = "".join(self.current)
        self.current = []
        if self.pre:
            self.lines.append(line)
        elif line.strip():
            self.lines.append(self.indent + " ".join(line.split()))
        self.indent = ""
        if paragraph and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._break()
        elif tag == "img":
            src = dict(attrs).get("src") or ""
            if self.media:
                self.current.append(f" [image: {src}] " if src else " [image] ")
        elif tag == "pre":
            self._break(paragraph=True)
            self.lines.append("```")
            self.pre += 1
        elif tag == "code" and not self.pre:
            self.current.append("`")
            self.code += 1
        elif tag in ("ul", "ol"):
            self._break(paragraph=self.list_depth == 0)
            self.list_depth += 1
        elif tag == "li":
            self._break()
            self.indent = "  " * max(self.list_depth - 1, 0)
            self.current.append("- ")
        elif tag in ("td", "th"):
            self.current.append(" ")
        elif tag in _BLOCK:
            self._break(paragraph=tag in _PARAGRAPH)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
        elif tag == "pre" and self.pre:
            self._break()
            self.pre -= 1
            self.lines.append("```")
            self._break(paragraph=True)
        elif tag == "code" and not self.pre:
            self.current.append("`")
            self.code = max(self.code - 1, 0)
        elif tag in ("ul", "ol"):
            self.list_depth = max(self.list_depth - 1, 0)
            self._break(paragraph=self.list_depth == 0)
        elif tag in _BLOCK:
            self._break(paragraph=tag in _PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = data.replace("\xa0", " ")
        if not (self.pre or self.code):
            # A decoded '&lt;b&gt;' is text: escaped, Markdown shows it instead of a tag.
            data = _TAG_START.sub(r"\\<", data)
        self.current.append(data)

    def result(self) -> str:
        self._break()
        lines = [_CONTROL.sub("", line).rstrip() for line in self.lines]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        # A line break in Anki is a hard break in Markdown (two trailing spaces), not a
        # space; lines of a code block and list items break by themselves.
        fence = False
        for i, line in enumerate(lines[:-1]):
            if line == "```":
                fence = not fence
            elif (
                not fence
                and line
                and lines[i + 1] not in ("", "```")
                and not _LIST_ITEM.match(lines[i + 1])
            ):
                lines[i] = line + "  "
        # Whitespace just inside backticks would make them literal: `chmod 755 ` -> `chmod 755`.
        return re.sub(r"`[ \t]*([^`\n]*?)[ \t]*`", r"`\1`", "\n".join(lines))
