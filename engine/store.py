"""The SQLite store: opens and migrates the database, converts rows to model values and back.

Every write runs in one `BEGIN IMMEDIATE` transaction (see `Store.write`), so two
processes on one database queue up behind SQLite's lock instead of interleaving.
Times are stored as fixed-width UTC strings (`2026-11-28T07:30:00.000000Z`) so that
comparing strings compares instants.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from engine import migrations
from engine.days import next_day_start
from engine.deck import related_ids
from engine.errors import CardNotFound, StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

from engine.model import (
    Card,
    CardState,
    KeyPoint,
    MatchGroup,
    MatchRule,
    Memory,
    PointResult,
    PointStatus,
    Rating,
    Review,
)

SQLITE_HEADER = b"SQLite format 3\x00"
# How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_SECONDS = 10.0
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit

P = ParamSpec("P")
T = TypeVar("T")


# --- time -------------------------------------------------------------------------


def to_iso(moment: datetime) -> str:
    """Format an aware datetime as the store's sortable UTC string."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware time")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> datetime:
    """Parse a stored UTC string back into an aware datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def _iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)


def _dt_or_none(text: str | None) -> datetime | None:
    return None if text is None else from_iso(text)


# --- values the store returns -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardInfo:
    """A card with its scheduling state and the learner's flags on it."""

    card: Card
    memory: Memory
    suspended: bool = False
    buried_until: datetime | None = None
    leech: bool = False
    retired_at: datetime | None = None
    added_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def retired(self) -> bool:
        """Whether the card vanished from its deck (hidden from study, history kept)."""
        return self.retired_at is not None


@dataclass(frozen=True, slots=True)
class DeckSummary:
    """Card counts of one deck; `due_today` counts reviews due before the day ends."""

    name: str
    total: int
    new: int
    due_today: int
    retired: int


@dataclass(frozen=True, slots=True)
class Alias:
    """A phrase the learner accepted as saying key point `point` of a card."""

    id: int
    card_id: str
    point: int
    phrase: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredCard:
    """What the importer needs to know about a card already in the store."""

    id: str
    deck: str
    question: str
    path: str
    line: int
    explicit_id: bool
    content_hash: str
    retired: bool


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One imported deck file: its path, deck, content hash and glossary."""

    path: str
    deck: str
    content_hash: str
    glossary: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Every change one import makes, applied by `Store.apply_import` in one transaction.

    Renames run first (the old id becomes the new one everywhere), then inserts,
    content updates, position-only moves, retirements and restorations.
    """

    decks: tuple[str, ...] = ()
    sources: tuple[SourceRow, ...] = ()
    renames: tuple[tuple[str, str], ...] = ()  # (old id, new id)
    inserts: tuple[Card, ...] = ()
    updates: tuple[Card, ...] = ()
    moves: tuple[tuple[str, str, int], ...] = ()  # (id, path, line)
    retire: tuple[str, ...] = ()
    restore: tuple[str, ...] = ()
    # Files deleted from an imported directory: their rows go (their cards are retired).
    forget_sources: tuple[str, ...] = ()
    # Files a card was moved away from: re-parse them next time they are imported.
    invalidate_sources: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """Whether applying the batch would change nothing."""
        return not any(
            (
                self.sources,
                self.renames,
                self.inserts,
                self.updates,
                self.moves,
                self.retire,
                self.restore,
                self.forget_sources,
                self.invalidate_sources,
            )
        )


# --- card <-> JSON ----------------------------------------------------------------


def _rule_to_json(rule: MatchRule) -> dict[str, Any]:
    return {
        "source": rule.source,
        "groups": [
            {"alternatives": list(g.alternatives), "anchor": g.anchor, "negatable": g.negatable}
            for g in rule.groups
        ],
    }


def _rule_from_json(data: dict[str, Any]) -> MatchRule:
    return MatchRule(
        groups=tuple(
            MatchGroup(tuple(g["alternatives"]), anchor=g["anchor"], negatable=g["negatable"])
            for g in data["groups"]
        ),
        source=data["source"],
    )


def key_point_to_json(point: KeyPoint) -> dict[str, Any]:
    """Return a key point as a JSON-ready dict (the form stored and printed by `card --json`)."""
    return {
        "text": point.text,
        "match": None if point.match is None else _rule_to_json(point.match),
        "not": [_rule_to_json(r) for r in point.not_rules],
        "weight": point.weight,
        "core": point.core,
        "line": point.line,
    }


def key_point_from_json(data: dict[str, Any]) -> KeyPoint:
    """Rebuild a key point from `key_point_to_json` output."""
    return KeyPoint(
        text=data["text"],
        match=None if data["match"] is None else _rule_from_json(data["match"]),
        not_rules=tuple(_rule_from_json(r) for r in data["not"]),
        weight=data["weight"],
        core=data["core"],
        line=data["line"],
    )


# Hand-rolled encoding of the JSON stored for key points, tags and related entries: the
# import of a big deck spends most of its non-parsing time here, and json.dumps builds
# a new encoder per call. The output is the same JSON that key_point_to_json describes.
_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_strings(items: Iterable[str]) -> str:
    return "[" + ",".join(map(_string, items)) + "]"


def _json_number(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else json.dumps(value)


def _json_rule(rule: MatchRule | None) -> str:
    if rule is None:
        return "null"
    groups = ",".join(
        f'{{"alternatives":{_json_strings(g.alternatives)},'
        f'"anchor":{"true" if g.anchor else "false"},'
        f'"negatable":{"true" if g.negatable else "false"}}}'
        for g in rule.groups
    )
    return f'{{"source":{_string(rule.source)},"groups":[{groups}]}}'


def _json_key_points(points: Sequence[KeyPoint], card_line: int) -> str:
    # Lines are stored relative to the card's line (null when unknown), so an edit above
    # a card that shifts it leaves its content, and content hash, unchanged.
    return (
        "["
        + ",".join(
            f'{{"text":{_string(p.text)},"match":{_json_rule(p.match)},'
            f'"not":[{",".join(_json_rule(r) for r in p.not_rules)}],'
            f'"weight":{_json_number(p.weight)},"core":{"true" if p.core else "false"},'
            f'"line":{p.line - card_line if p.line else "null"}}}'
            for p in points
        )
        + "]"
    )


def _loaded_key_point(data: dict[str, Any], card_line: int) -> KeyPoint:
    offset = data["line"]
    return key_point_from_json({**data, "line": 0 if offset is None else card_line + offset})


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_CONTENT = (
    "deck",
    "question",
    "answer",
    "key_points",
    "explanation",
    "hands_on",
    "related",
    "topic",
    "level",
    "tags",
    "explicit_id",
    "extra",
)


def _content_values(card: Card) -> tuple[Any, ...]:
    """Return the card's deck-derived column values (all but id, path, line) in _CONTENT order."""
    return (
        card.deck,
        card.question,
        card.answer,
        _json_key_points(card.key_points, card.line),
        card.explanation,
        card.hands_on,
        _json_strings(card.related),
        card.topic,
        card.level,
        _json_strings(card.tags),
        int(card.explicit_id),
        _dumps([list(pair) for pair in card.extra]) if card.extra else "[]",
    )


def _hash_values(values: tuple[Any, ...]) -> str:
    # Length-prefixed, so that no two different rows can produce the same payload.
    payload = "".join(f"{len(text)}:{text}" for text in map(str, values)).encode("utf-8")
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def card_content_hash(card: Card) -> str:
    """Return a hash of what the deck says about the card, ignoring where it says it.

    Path and line (and key point lines, kept relative to the card) are left out so that
    a card shifted by an edit above it is not rewritten; the importer moves it instead.
    """
    return _hash_values(_content_values(card))


def _card_from_row(row: sqlite3.Row) -> Card:
    return Card(
        id=row["id"],
        deck=row["deck"],
        question=row["question"],
        answer=row["answer"],
        key_points=tuple(_loaded_key_point(p, row["line"]) for p in json.loads(row["key_points"])),
        explanation=row["explanation"],
        hands_on=row["hands_on"],
        related=tuple(json.loads(row["related"])),
        topic=row["topic"],
        level=row["level"],
        tags=tuple(json.loads(row["tags"])),
        path=row["path"],
        line=row["line"],
        explicit_id=bool(row["explicit_id"]),
        extra=tuple((title, body) for title, body in json.loads(row["extra"])),
    )


# --- memory <-> columns and JSON --------------------------------------------------

_MEMORY = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def _memory_columns(memory: Memory) -> dict[str, Any]:
    return {
        "state": int(memory.state),
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": _iso_or_none(memory.due),
        "last_review": _iso_or_none(memory.last_review),
        "reps": memory.reps,
        "lapses": memory.lapses,
    }


def _memory_from_columns(data: Any) -> Memory:
    return Memory(
        state=CardState(data["state"]),
        step=data["step"],
        stability=data["stability"],
        difficulty=data["difficulty"],
        due=_dt_or_none(data["due"]),
        last_review=_dt_or_none(data["last_review"]),
        reps=data["reps"],
        lapses=data["lapses"],
    )


# --- errors -----------------------------------------------------------------------


def _sqlite_errors_as_store_errors(method: Callable[P, T]) -> Callable[P, T]:
    """Turn an unexpected SQLite failure into a StoreError naming the database file."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            store = args[0]
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    f"{store.path}: the database is busy in another quiz process; try again"  # type: ignore[attr-defined]
                ) from exc
            raise StoreError(f"{store.path}: database error: {exc}") from exc  # type: ignore[attr-defined]
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            store = args[0]
            raise StoreError(f"{store.path}: the database is damaged: {exc}") from exc  # type: ignore[attr-defined]

    return wrapper


def _check_header(path: Path) -> None:
    """Refuse an existing non-empty file that does not start like an SQLite database."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database: {exc.strerror}") from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a quiz database (not an SQLite file); "
            "it was left untouched: move it away or choose another with --db"
        )


# --- the store --------------------------------------------------------------------


def _narrow(where: list[str], params: list[Any], deck: str | None, tag: str | None) -> None:
    """Add the conditions keeping only one deck's cards, or only cards with one tag."""
    if deck is not None:
        where.append("deck = ?")
        params.append(deck)
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE value = ?)")
        params.append(tag)


class Store:
    """A quiz database file, migrated to the current schema when opened."""

    def __init__(self, path: str | Path) -> None:
        """Open (creating if missing) the database at `path` and migrate it.

        Raises:
            StoreError: the file is not an SQLite database, is not a quiz database,
                was written by a newer version of quiz, or cannot be opened.
        """
        self.path = Path(path)
        _check_header(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create its directory: {exc}") from exc
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from exc
        conn.row_factory = sqlite3.Row
        try:
            self._prepare(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open the database at `path`; the same as `Store(path)`."""
        return cls(path)

    def _prepare(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        conn.execute("PRAGMA foreign_keys = ON")
        # Reading the schema makes SQLite parse the file: damage shows up here, not later.
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        version = self.schema_version
        known = len(migrations.MIGRATIONS)
        if version > known:
            raise StoreError(
                f"{self.path} was written by a newer version of quiz "
                f"(schema v{version}; this version knows up to v{known}): upgrade quiz"
            )
        if version == 0 and tables:
            raise StoreError(
                f"{self.path} is an SQLite database but not a quiz database; "
                "it was left untouched: choose another file with --db"
            )
        # Setting the journal mode writes the header, so only when it is not WAL yet:
        # opening an up-to-date database must not touch the file.
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        if version < known:
            migrations.apply(self._database(), self.path)

    def _database(self) -> Database:
        """Return sqlite_utils' view of the connection, which the migrations work on."""
        # Imported here: it costs a read-only command on an up-to-date database about a
        # third of its start-up time, and only migrating needs it.
        from sqlite_utils import Database

        return Database(self._conn, execute_plugins=False)

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # --- transactions -------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[None]:
        """Run the block in one BEGIN IMMEDIATE transaction (joins an open one).

        Taking the write lock up front means a concurrent writer waits at BEGIN
        instead of failing half-way; on any exception everything is rolled back.
        """
        conn = self._conn
        if conn.in_transaction:
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"{self.path}: the database is busy in another quiz process; try again"
            ) from exc
        try:
            yield
        except BaseException:
            # Some failures (a full disk) already ended the transaction.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run the block's reads against one consistent snapshot (joins an open transaction)."""
        conn = self._conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")

    # --- cards --------------------------------------------------------------------

    def _card_infos(
        self, where: str = "1", params: Sequence[Any] = (), order: str = "deck, path, line, id"
    ) -> list[CardInfo]:
        """Return CardInfo for the cards matching an SQL condition; the base of card queries."""
        rows = self._conn.execute(f"SELECT * FROM cards WHERE {where} ORDER BY {order}", params)
        return [self._card_info(row) for row in rows]

    @staticmethod
    def _card_info(row: sqlite3.Row) -> CardInfo:
        return CardInfo(
            card=_card_from_row(row),
            memory=_memory_from_columns(row),
            suspended=bool(row["suspended"]),
            buried_until=_dt_or_none(row["buried_until"]),
            leech=bool(row["leech"]),
            retired_at=_dt_or_none(row["retired_at"]),
            added_at=_dt_or_none(row["added_at"]),
            updated_at=_dt_or_none(row["updated_at"]),
        )

    @_sqlite_errors_as_store_errors
    def card_info(self, card_id: str) -> CardInfo:
        """Return the card with its memory and flags.

        Raises:
            CardNotFound: no card has that id.
        """
        found = self._card_infos("id = ?", (card_id,))
        if not found:
            raise CardNotFound(card_id)
        return found[0]

    def get_card(self, card_id: str) -> Card:
        """Return the card with this id, retired or not.

        Raises:
            CardNotFound: no card has that id.
        """
        return self.card_info(card_id).card

    @_sqlite_errors_as_store_errors
    def related_cards(self, card: Card) -> tuple[Card, ...]:
        """Return the live cards of `card`'s deck that its Related entries name (id or question)."""
        if not card.related:
            return ()
        rows = self._conn.execute(
            "SELECT id, question FROM cards WHERE deck = ? AND retired_at IS NULL AND id != ?",
            (card.deck, card.id),
        ).fetchall()
        # An entry may name no card of this deck (another deck's, or one not imported).
        named = related_ids(card.related, ((row["id"], row["question"]) for row in rows))
        return tuple(self.get_card(card_id) for card_id in named)

    @_sqlite_errors_as_store_errors
    def card_memory(self, card_id: str) -> Memory:
        """Return the card's current scheduling state.

        Raises:
            CardNotFound: no card has that id.
        """
        row = self._conn.execute(
            f"SELECT {', '.join(_MEMORY)} FROM cards WHERE id = ?", (card_id,)
        ).fetchone()
        if row is None:
            raise CardNotFound(card_id)
        return _memory_from_columns(row)

    @_sqlite_errors_as_store_errors
    def list_cards(
        self, deck: str | None = None, tag: str | None = None, include_retired: bool = False
    ) -> list[CardInfo]:
        """Return cards ordered by deck and position, optionally of one deck or with one tag."""
        where, params = ["1"], []
        _narrow(where, params, deck, tag)
        if not include_retired:
            where.append("retired_at IS NULL")
        return self._card_infos(" AND ".join(where), params)

    @_sqlite_errors_as_store_errors
    def count_cards(self, include_retired: bool = False) -> int:
        """Return how many cards the store holds (live ones only unless asked)."""
        where = "" if include_retired else " WHERE retired_at IS NULL"
        return int(self._conn.execute(f"SELECT count(*) FROM cards{where}").fetchone()[0])

    @_sqlite_errors_as_store_errors
    def deck_names(self) -> list[str]:
        """Return the names of all decks, sorted."""
        return [r[0] for r in self._conn.execute("SELECT name FROM decks ORDER BY name")]

    @_sqlite_errors_as_store_errors
    def glossary(self, deck: str) -> tuple[tuple[str, ...], ...]:
        """Return the deck's glossary classes: the union over its source files, deduplicated."""
        seen: dict[tuple[str, ...], None] = {}
        rows = self._conn.execute(
            "SELECT glossary FROM sources WHERE deck = ? ORDER BY path", (deck,)
        )
        for row in rows:
            for terms in json.loads(row[0]):
                seen.setdefault(tuple(terms), None)
        return tuple(seen)

    @_sqlite_errors_as_store_errors
    def deck_summaries(self, now: datetime, day_start_hour: int = 4) -> list[DeckSummary]:
        """Return per-deck counts: live cards, new, due before the day ends, retired.

        `new` and `due_today` leave out suspended cards and cards buried past `now`;
        the learner's day ends at `day_start_hour` in `now`'s timezone.
        """
        live = "c.id IS NOT NULL AND c.retired_at IS NULL"
        available = (
            f"{live} AND c.suspended = 0 AND (c.buried_until IS NULL OR c.buried_until <= :now)"
        )
        rows = self._conn.execute(
            f"""
            SELECT d.name,
                   total({live}) AS total,
                   total({available} AND c.state = 0) AS new,
                   total({available} AND c.state != 0 AND c.due < :day_end) AS due_today,
                   total(c.retired_at IS NOT NULL) AS retired
            FROM decks d LEFT JOIN cards c ON c.deck = d.name
            GROUP BY d.name ORDER BY d.name
            """,
            {"now": to_iso(now), "day_end": to_iso(next_day_start(now, day_start_hour))},
        )
        return [
            DeckSummary(
                r["name"], int(r["total"]), int(r["new"]), int(r["due_today"]), int(r["retired"])
            )
            for r in rows
        ]

    # --- learner flags ------------------------------------------------------------

    def _update_card(self, card_id: str, assignments: str, params: Sequence[Any]) -> None:
        with self.write():
            cursor = self._conn.execute(
                f"UPDATE cards SET {assignments} WHERE id = ?", (*params, card_id)
            )
            if cursor.rowcount == 0:
                raise CardNotFound(card_id)

    @_sqlite_errors_as_store_errors
    def set_suspended(self, card_id: str, suspended: bool) -> None:
        """Suspend a card (never scheduled) or unsuspend it.

        Raises:
            CardNotFound: no card has that id.
        """
        self._update_card(card_id, "suspended = ?", (int(suspended),))

    @_sqlite_errors_as_store_errors
    def bury(self, card_id: str, until: datetime | None) -> None:
        """Hide a card from study until `until` (None unburies it).

        Raises:
            CardNotFound: no card has that id.
        """
        self._update_card(card_id, "buried_until = ?", (_iso_or_none(until),))

    @_sqlite_errors_as_store_errors
    def set_leech(self, card_id: str, leech: bool) -> None:
        """Mark or clear a card as a leech (lapsed too often).

        Raises:
            CardNotFound: no card has that id.
        """
        self._update_card(card_id, "leech = ?", (int(leech),))

    # --- reviews ------------------------------------------------------------------

    @_sqlite_errors_as_store_errors
    def record_review(self, review: Review) -> int:
        """Append a review with its key-point results and set the card's memory to `after`.

        All in one transaction; returns the new review's id.

        Raises:
            CardNotFound: no card has that id.
        """
        conn = self._conn
        with self.write():
            if (
                conn.execute("SELECT 1 FROM cards WHERE id = ?", (review.card_id,)).fetchone()
                is None
            ):
                raise CardNotFound(review.card_id)
            cursor = conn.execute(
                """
                INSERT INTO reviews (card_id, session_id, reviewed_at, rating, suggested,
                                     answer, score, duration_ms, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    review.card_id,
                    review.session_id,
                    to_iso(review.reviewed_at),
                    int(review.rating),
                    None if review.suggested is None else int(review.suggested),
                    review.answer,
                    review.score,
                    review.duration_ms,
                    _dumps(_memory_columns(review.before)),
                    _dumps(_memory_columns(review.after)),
                ),
            )
            review_id = int(cursor.lastrowid or 0)
            conn.executemany(
                """
                INSERT INTO review_points (review_id, card_id, point, text, status, weight,
                                           evidence, span_start, span_end)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    (
                        review_id,
                        review.card_id,
                        p.index,
                        p.text,
                        str(p.status),
                        p.weight,
                        p.evidence,
                        None if p.span is None else p.span[0],
                        None if p.span is None else p.span[1],
                    )
                    for p in review.points
                ],
            )
            self._set_memory(review.card_id, review.after)
        return review_id

    def _set_memory(self, card_id: str, memory: Memory) -> None:
        columns = _memory_columns(memory)
        self._conn.execute(
            f"UPDATE cards SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :id",
            {**columns, "id": card_id},
        )

    def _review_from_row(self, row: sqlite3.Row) -> Review:
        points = self._conn.execute(
            "SELECT * FROM review_points WHERE review_id = ? ORDER BY point", (row["id"],)
        )
        return Review(
            card_id=row["card_id"],
            reviewed_at=from_iso(row["reviewed_at"]),
            rating=Rating(row["rating"]),
            before=_memory_from_columns(json.loads(row["before"])),
            after=_memory_from_columns(json.loads(row["after"])),
            suggested=None if row["suggested"] is None else Rating(row["suggested"]),
            answer=row["answer"],
            score=row["score"],
            duration_ms=row["duration_ms"],
            points=tuple(
                PointResult(
                    index=p["point"],
                    text=p["text"],
                    status=PointStatus(p["status"]),
                    weight=p["weight"],
                    evidence=p["evidence"],
                    span=None if p["span_start"] is None else (p["span_start"], p["span_end"]),
                )
                for p in points
            ),
            session_id=row["session_id"],
            id=row["id"],
        )

    @_sqlite_errors_as_store_errors
    def undo_last_review(self, session_id: int | None = None) -> Review | None:
        """Delete the newest review (of `session_id` if given) and restore the card's memory.

        The card gets back exactly the memory it had before that review. Returns the
        deleted review, or None when there is nothing to undo.
        """
        conn = self._conn
        with self.write():
            where, params = ("1", ()) if session_id is None else ("session_id = ?", (session_id,))
            newest = self._reviews(where, params, "id DESC LIMIT 1")
            if not newest:
                return None
            review = newest[0]
            conn.execute("DELETE FROM review_points WHERE review_id = ?", (review.id,))
            conn.execute("DELETE FROM reviews WHERE id = ?", (review.id,))
            self._set_memory(review.card_id, review.before)
        return review

    @_sqlite_errors_as_store_errors
    def reviews_for(self, card_id: str) -> list[Review]:
        """Return the card's reviews, oldest first."""
        return self._reviews("card_id = ?", (card_id,), "reviewed_at, id")

    def _reviews(self, where: str, params: Sequence[Any], order: str) -> list[Review]:
        """Return the reviews matching an SQL condition, in `order`."""
        rows = self._conn.execute(
            f"SELECT * FROM reviews WHERE {where} ORDER BY {order}", params
        ).fetchall()
        return [self._review_from_row(row) for row in rows]

    # --- sessions, settings, aliases ----------------------------------------------

    @_sqlite_errors_as_store_errors
    def start_session(self, now: datetime) -> int:
        """Record the start of a study session and return its id."""
        with self.write():
            cursor = self._conn.execute(
                "INSERT INTO sessions (started_at) VALUES (?)", (to_iso(now),)
            )
        return int(cursor.lastrowid or 0)

    @_sqlite_errors_as_store_errors
    def end_session(self, session_id: int, now: datetime) -> None:
        """Record the end of a study session."""
        with self.write():
            self._conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?", (to_iso(now), session_id)
            )

    @_sqlite_errors_as_store_errors
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a setting's value (any JSON value), or `default` when it is not set."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    @_sqlite_errors_as_store_errors
    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting; `value` must be JSON-serialisable."""
        with self.write():
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, _dumps(value)),
            )

    @_sqlite_errors_as_store_errors
    def add_alias(self, card_id: str, point: int, phrase: str, now: datetime) -> int:
        """Save a phrase as saying key point `point` of a card; return the alias id.

        Adding an alias that already exists returns the existing one's id.

        Raises:
            CardNotFound: no card has that id.
        """
        conn = self._conn
        with self.write():
            if conn.execute("SELECT 1 FROM cards WHERE id = ?", (card_id,)).fetchone() is None:
                raise CardNotFound(card_id)
            conn.execute(
                "INSERT OR IGNORE INTO aliases (card_id, point, phrase, created_at) "
                "VALUES (?, ?, ?, ?)",
                (card_id, point, phrase, to_iso(now)),
            )
            row = conn.execute(
                "SELECT id FROM aliases WHERE card_id = ? AND point = ? AND phrase = ?",
                (card_id, point, phrase),
            ).fetchone()
        return int(row[0])

    @_sqlite_errors_as_store_errors
    def list_aliases(self, card_id: str | None = None) -> list[Alias]:
        """Return saved aliases, of one card or of all, oldest first."""
        where, params = ("WHERE card_id = ?", (card_id,)) if card_id is not None else ("", ())
        rows = self._conn.execute(f"SELECT * FROM aliases {where} ORDER BY id", params)
        return [
            Alias(r["id"], r["card_id"], r["point"], r["phrase"], from_iso(r["created_at"]))
            for r in rows
        ]

    # --- import support -----------------------------------------------------------

    @_sqlite_errors_as_store_errors
    def source_hashes(self, paths: Iterable[str]) -> dict[str, str]:
        """Return the stored content hash of each of these source paths that was imported."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(paths)):
            rows = self._conn.execute(
                f"SELECT path, content_hash FROM sources WHERE path IN ({_marks(chunk)})", chunk
            )
            found.update((r[0], r[1]) for r in rows)
        return found

    @_sqlite_errors_as_store_errors
    def source_paths(self) -> list[str]:
        """Return the paths of every imported source file, sorted."""
        return [r[0] for r in self._conn.execute("SELECT path FROM sources ORDER BY path")]

    @_sqlite_errors_as_store_errors
    def source_summaries(self, paths: Iterable[str]) -> dict[str, tuple[str, int]]:
        """Return (deck, live card count) of each of these source paths that was imported."""
        found: dict[str, tuple[str, int]] = {}
        for chunk in _chunks(list(paths)):
            rows = self._conn.execute(
                f"""
                SELECT s.path, s.deck,
                       (SELECT count(*) FROM cards c
                        WHERE c.path = s.path AND c.retired_at IS NULL) AS live
                FROM sources s WHERE s.path IN ({_marks(chunk)})
                """,
                chunk,
            )
            found.update((r[0], (r[1], int(r[2]))) for r in rows)
        return found

    @_sqlite_errors_as_store_errors
    def card_index(self) -> dict[str, StoredCard]:
        """Return every stored card's identity facts, keyed by id, for the importer."""
        rows = self._conn.execute(
            "SELECT id, deck, question, path, line, explicit_id, content_hash, retired_at "
            "FROM cards"
        )
        return {
            r[0]: StoredCard(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7] is not None)
            for r in rows
        }

    @_sqlite_errors_as_store_errors
    def apply_import(self, batch: ImportBatch, now: datetime) -> None:
        """Apply every change of an import in one transaction (joins an open one)."""
        conn = self._conn
        stamp = to_iso(now)
        with self.write():
            conn.executemany(
                "INSERT OR IGNORE INTO decks (name, added_at) VALUES (?, ?)",
                [(name, stamp) for name in batch.decks],
            )
            # ON UPDATE CASCADE carries reviews, review points and aliases to the new id.
            conn.executemany(
                "UPDATE cards SET id = ? WHERE id = ?", [(new, old) for old, new in batch.renames]
            )
            columns = ("id", *_CONTENT, "path", "line", "content_hash", "added_at", "updated_at")
            conn.executemany(
                f"INSERT INTO cards ({', '.join(columns)}) VALUES ({_marks(columns)})",
                (
                    (c.id, *values, c.path, c.line, _hash_values(values), stamp, stamp)
                    for c, values in ((c, _content_values(c)) for c in batch.inserts)
                ),
            )
            assignments = ", ".join(f"{c} = ?" for c in (*_CONTENT, "path", "line", "content_hash"))
            conn.executemany(
                f"UPDATE cards SET {assignments}, updated_at = ? WHERE id = ?",
                (
                    (*values, c.path, c.line, _hash_values(values), stamp, c.id)
                    for c, values in ((c, _content_values(c)) for c in batch.updates)
                ),
            )
            conn.executemany(
                "UPDATE cards SET path = ?, line = ? WHERE id = ?",
                [(path, line, card_id) for card_id, path, line in batch.moves],
            )
            conn.executemany(
                "UPDATE cards SET retired_at = ? WHERE id = ?", [(stamp, i) for i in batch.retire]
            )
            conn.executemany(
                "UPDATE cards SET retired_at = NULL WHERE id = ?", [(i,) for i in batch.restore]
            )
            conn.executemany(
                """
                INSERT INTO sources (path, deck, content_hash, glossary, imported_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET deck = excluded.deck,
                    content_hash = excluded.content_hash, glossary = excluded.glossary,
                    imported_at = excluded.imported_at
                """,
                [
                    (s.path, s.deck, s.content_hash, _dumps([list(t) for t in s.glossary]), stamp)
                    for s in batch.sources
                ],
            )
            conn.executemany(
                "DELETE FROM sources WHERE path = ?", [(p,) for p in batch.forget_sources]
            )
            conn.executemany(
                "UPDATE sources SET content_hash = '' WHERE path = ?",
                [(p,) for p in batch.invalidate_sources],
            )
            # A deck left with no cards and no files (say, renamed in front matter) goes away.
            conn.execute(
                "DELETE FROM decks"
                " WHERE NOT EXISTS (SELECT 1 FROM cards WHERE cards.deck = decks.name)"
                " AND NOT EXISTS (SELECT 1 FROM sources WHERE sources.deck = decks.name)"
            )

    # --- study queue (owned by the study session; engine/session.py) ----------------
    # Queries for today's queue. "Available" means live (not retired), not suspended
    # and not buried past `now`; `deck` and `tag` narrow the cards like list_cards.

    @staticmethod
    def _available_where(
        now: datetime, deck: str | None, tag: str | None
    ) -> tuple[list[str], list[Any]]:
        where = [
            "retired_at IS NULL",
            "suspended = 0",
            "(buried_until IS NULL OR buried_until <= ?)",
        ]
        params: list[Any] = [to_iso(now)]
        _narrow(where, params, deck, tag)
        return where, params

    @_sqlite_errors_as_store_errors
    def due_cards(
        self,
        states: Sequence[CardState],
        due_by: datetime,
        now: datetime,
        deck: str | None = None,
        tag: str | None = None,
    ) -> list[tuple[str, Memory]]:
        """Return (id, memory) of available cards in `states` due at or before `due_by`, by due."""
        where, params = self._available_where(now, deck, tag)
        where.append(f"state IN ({_marks(states)})")
        params += [int(s) for s in states]
        where.append("due <= ?")
        params.append(to_iso(due_by))
        rows = self._conn.execute(
            f"SELECT id, {', '.join(_MEMORY)} FROM cards WHERE {' AND '.join(where)} "
            "ORDER BY due, id",
            params,
        )
        return [(row["id"], _memory_from_columns(row)) for row in rows]

    @_sqlite_errors_as_store_errors
    def new_card_ids(
        self, limit: int, now: datetime, deck: str | None = None, tag: str | None = None
    ) -> list[str]:
        """Return up to `limit` available never-reviewed cards, in deck order."""
        if limit <= 0:
            return []
        where, params = self._available_where(now, deck, tag)
        where.append("state = ?")
        params.append(int(CardState.NEW))
        rows = self._conn.execute(
            f"SELECT id FROM cards WHERE {' AND '.join(where)} "
            "ORDER BY deck, path, line, id LIMIT ?",
            [*params, limit],
        )
        return [row[0] for row in rows]

    @_sqlite_errors_as_store_errors
    def available_memory(self, card_id: str, now: datetime) -> Memory | None:
        """Return the card's memory if it may be studied at `now` (else None)."""
        where, params = self._available_where(now, None, None)
        row = self._conn.execute(
            f"SELECT {', '.join(_MEMORY)} FROM cards WHERE id = ? AND {' AND '.join(where)}",
            [card_id, *params],
        ).fetchone()
        return None if row is None else _memory_from_columns(row)

    @_sqlite_errors_as_store_errors
    def next_due_at(
        self, now: datetime, deck: str | None = None, tag: str | None = None
    ) -> datetime | None:
        """Return the earliest due time of an available card that has been studied."""
        where, params = self._available_where(now, deck, tag)
        where.append("state != ?")
        params.append(int(CardState.NEW))
        row = self._conn.execute(
            f"SELECT min(due) FROM cards WHERE {' AND '.join(where)}", params
        ).fetchone()
        return _dt_or_none(row[0])

    @_sqlite_errors_as_store_errors
    def review_tally(self, since: datetime, until: datetime) -> list[tuple[CardState, Rating]]:
        """Return (state before, rating) of every review in [since, until), oldest first."""
        rows = self._conn.execute(
            "SELECT json_extract(before, '$.state'), rating FROM reviews "
            "WHERE reviewed_at >= ? AND reviewed_at < ? ORDER BY reviewed_at, id",
            (to_iso(since), to_iso(until)),
        )
        return [(CardState(row[0]), Rating(row[1])) for row in rows]

    @_sqlite_errors_as_store_errors
    def session_reviews(self, session_id: int) -> list[Review]:
        """Return the reviews recorded in one study session, oldest first."""
        return self._reviews("session_id = ?", (session_id,), "id")

    # --- end of the study queue block -------------------------------------------------

    # --- stats queries ------------------------------------------------------------
    # Read-only aggregates for engine/stats.py, kept together. Each takes the same
    # deck/tag filter (named parameters :deck and :tag) and returns plain tuples.
    # Whole days since a review are computed from julianday() in integer milliseconds
    # (exact to the millisecond, unlike a difference of doubles, which can land just
    # under a whole number of days), and the forgetting curve is evaluated by
    # SQL's pow() with the factor and power of scheduler.curve_terms, so the collection
    # is aggregated inside SQLite rather than row by row in Python.

    @staticmethod
    def _stats_cards(deck: str | None, tag: str | None) -> tuple[str, dict[str, Any]]:
        """Return an SQL condition on cards `c` for deck and tag, with its parameters."""
        where, params = ["1"], {}
        if deck is not None:
            where.append("c.deck = :deck")
            params["deck"] = deck
        if tag is not None:
            # LIKE on the JSON text first: cheap, and it rules out most cards before
            # json_each parses their tags (it may let a few through, never keep one out).
            where.append(
                "c.tags LIKE :tag_like ESCAPE '\\'"
                " AND EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = :tag)"
            )
            params["tag"] = tag
            quoted = json.encoder.encode_basestring(tag)  # type: ignore[attr-defined]
            escaped = quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params["tag_like"] = f"%{escaped}%"
        return " AND ".join(where), params

    def _stats_reviews(self, deck: str | None, tag: str | None) -> tuple[str, dict[str, Any]]:
        """Return an SQL condition keeping reviews `r` of the cards of deck and tag."""
        if deck is None and tag is None:
            return "1", {}
        where, params = self._stats_cards(deck, tag)
        return f"r.card_id IN (SELECT c.id FROM cards c WHERE {where})", params

    @staticmethod
    def _stats_ms(column: str) -> str:
        """Return SQL for a stored time as integer milliseconds of the Julian day count."""
        return f"CAST(round(julianday({column}) * 86400000) AS INTEGER)"

    def _stats_recall(self, stability: str, last_review: str, at_ms: str) -> str:
        """Return SQL for FSRS retrievability at `at_ms` (julian ms); NULL for a new card.

        The caller binds :factor and :power (scheduler.curve_terms); total() skips the
        NULLs, so summed over cards a new card counts 0.
        """
        days = f"max(({at_ms} - {self._stats_ms(last_review)}) / 86400000, 0)"
        return f"pow(1.0 + :factor * {days} / {stability}, :power)"

    def _stats_ensure_pow(self) -> None:
        """Give SQL a pow() when this SQLite was built without its math functions."""
        try:
            self._conn.execute("SELECT pow(2.0, 0.5)")
        except sqlite3.OperationalError:
            self._conn.create_function("pow", 2, math.pow, deterministic=True)

    @staticmethod
    def _stats_julian_ms(moment: datetime) -> int:
        """Return an aware datetime in milliseconds of the Julian day count, as _stats_ms."""
        epoch_ms = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
        return epoch_ms + 210_866_760_000_000  # the Unix epoch is Julian day 2440587.5

    @staticmethod
    def _stats_ranges(bounds: Sequence[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (VALUES rows, parameters) for the ranges [bounds[i], bounds[i + 1]).

        At most 300 ranges a query: old SQLite builds allow 999 variables a statement.
        """
        for first in range(0, max(len(bounds) - 1, 0), 300):
            last = min(first + 300, len(bounds) - 1)
            values = ", ".join(f"({i}, :b{i}, :b{i + 1})" for i in range(first, last))
            yield values, {f"b{i}": bounds[i] for i in range(first, last + 1)}

    @_sqlite_errors_as_store_errors
    def stats_review_overview(
        self, deck: str | None = None, tag: str | None = None
    ) -> tuple[int, datetime | None]:
        """Return how many reviews the filtered cards have and when the first one was."""
        where, params = self._stats_reviews(deck, tag)
        # Two statements, so that each is one index count or lookup.
        count = self._conn.execute(f"SELECT count(*) FROM reviews r WHERE {where}", params)
        total = int(count.fetchone()[0])
        first = self._conn.execute(
            f"SELECT min(r.reviewed_at) FROM reviews r WHERE {where}", params
        ).fetchone()[0]
        return total, _dt_or_none(first)

    @_sqlite_errors_as_store_errors
    def stats_reviews_per_range(
        self, bounds: Sequence[datetime], deck: str | None = None, tag: str | None = None
    ) -> list[int]:
        """Return how many reviews fall in each [bounds[i], bounds[i + 1]) (increasing)."""
        return self._stats_per_range(bounds, deck, tag, exists=False)

    @_sqlite_errors_as_store_errors
    def stats_study_days(
        self, bounds: Sequence[datetime], deck: str | None = None, tag: str | None = None
    ) -> list[bool]:
        """Return whether any review falls in each [bounds[i], bounds[i + 1]) (increasing).

        Without a filter, one index probe a range however many reviews there are.
        """
        return [bool(n) for n in self._stats_per_range(bounds, deck, tag, exists=True)]

    def _stats_per_range(
        self, bounds: Sequence[datetime], deck: str | None, tag: str | None, exists: bool
    ) -> list[int]:
        filtered = deck is not None or tag is not None
        if exists and filtered:
            # Each range stops at its first review of a selected card.
            cards, params = self._stats_cards(deck, tag)
            per_range = f"""
                SELECT 1 FROM reviews r INDEXED BY reviews_time JOIN cards c ON c.id = r.card_id
                WHERE r.reviewed_at >= d.lo AND r.reviewed_at < d.hi AND {cards} LIMIT 1
            """
        elif filtered:
            # One join, so that the filter's IN list is built once rather than once a
            # range; the reviews are walked by time, not probed card by card.
            where, params = self._stats_reviews(deck, tag)
            per_range = ""
        else:
            params = {}
            per_range = f"""
                SELECT {"1" if exists else "count(*)"} FROM reviews r
                WHERE r.reviewed_at >= d.lo AND r.reviewed_at < d.hi {"LIMIT 1" if exists else ""}
            """
        out: list[int] = []
        for values, ranges in self._stats_ranges([to_iso(b) for b in bounds]):
            if per_range:
                sql = f"""
                    WITH d(i, lo, hi) AS (VALUES {values})
                    SELECT d.i, coalesce(({per_range}), 0) FROM d ORDER BY d.i
                """
            else:
                sql = f"""
                    WITH d(i, lo, hi) AS (VALUES {values})
                    SELECT d.i, count(r.id) FROM d LEFT JOIN reviews r INDEXED BY reviews_time
                      ON r.reviewed_at >= d.lo AND r.reviewed_at < d.hi AND {where}
                    GROUP BY d.i ORDER BY d.i
                """
            rows = self._conn.execute(sql, {**ranges, **params})
            out.extend(int(r[1]) for r in rows)
        return out

    @_sqlite_errors_as_store_errors
    def stats_reviews_between(
        self, start: datetime, end: datetime, deck: str | None = None, tag: str | None = None
    ) -> tuple[dict[CardState, int], int, int]:
        """Return reviews in [start, end) by the card's state before, the Agains, total ms."""
        where, params = self._stats_reviews(deck, tag)
        rows = self._conn.execute(
            f"""
            SELECT r.before_state, count(*), total(r.rating = 1), total(r.duration_ms)
            FROM reviews r
            WHERE r.reviewed_at >= :start AND r.reviewed_at < :end AND {where}
            GROUP BY r.before_state
            """,
            {"start": to_iso(start), "end": to_iso(end), **params},
        ).fetchall()
        counts = dict.fromkeys(CardState, 0)
        for row in rows:
            counts[CardState(row[0])] = int(row[1])
        return counts, int(sum(r[2] for r in rows)), int(sum(r[3] for r in rows))

    @_sqlite_errors_as_store_errors
    def stats_topics(
        self,
        now: datetime,
        on: datetime | None,
        terms: tuple[float, float],
        leech_threshold: int,
        deck: str | None = None,
        tag: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """Return card counts and summed retrievability by topic and kind of card.

        One scan of the cards_stats index. Row: (topic, retired, suspended, state,
        cards, buried past `now`, leeches, retrievability summed at `now`, and at `on`
        (None without `on`)). Retired and suspended are 0/1; several rows of one kind
        may come back (one per retirement time); a new card's retrievability is 0.
        """
        self._stats_ensure_pow()
        where, params = self._stats_cards(deck, tag)
        at_on = (
            f"total({self._stats_recall('c.stability', 'c.last_review', ':on_ms')})"
            if on is not None
            else "NULL"
        )
        rows = self._conn.execute(
            f"""
            SELECT c.topic, c.retired_at IS NOT NULL, c.suspended, c.state, count(*),
                   total(c.buried_until > :now),
                   total(c.leech OR c.lapses >= :threshold),
                   total({self._stats_recall("c.stability", "c.last_review", ":now_ms")}),
                   {at_on}
            FROM cards c WHERE {where}
            GROUP BY c.topic, c.retired_at, c.suspended, c.state
            """,
            {
                "now": to_iso(now),
                "now_ms": self._stats_julian_ms(now),
                "on_ms": self._stats_julian_ms(on or now),
                "factor": terms[0],
                "power": terms[1],
                "threshold": leech_threshold,
                **params,
            },
        )
        return [(r[0], *(int(v) for v in r[1:7]), r[7], r[8]) for r in rows]

    @_sqlite_errors_as_store_errors
    def stats_due_today(
        self, now: datetime, day_end: datetime, deck: str | None = None, tag: str | None = None
    ) -> tuple[int, int]:
        """Return (learning, review) cards due before `day_end` that study would show.

        Live, unsuspended cards not buried past `now`; overdue ones included.
        """
        where, params = self._stats_cards(deck, tag)
        row = self._conn.execute(
            f"""
            SELECT total(c.state != 2), total(c.state = 2) FROM cards c
            WHERE c.due < :end AND c.state != 0 AND c.retired_at IS NULL
              AND NOT c.suspended AND (c.buried_until IS NULL OR c.buried_until <= :now)
              AND {where}
            """,
            {"end": to_iso(day_end), "now": to_iso(now), **params},
        ).fetchone()
        return int(row[0]), int(row[1])

    @_sqlite_errors_as_store_errors
    def stats_lowest(
        self, now: datetime, limit: int, deck: str | None = None, tag: str | None = None
    ) -> list[tuple[str, str, str, int, float]]:
        """Return the studied cards least likely recalled at `now`, least first.

        Rows: (id, topic, question, whole days since the last review, stability) of
        live, unsuspended, reviewed cards. Recall falls as days / stability grows, so
        that ratio orders them without evaluating the forgetting curve per card.
        """
        where, params = self._stats_cards(deck, tag)
        days = f"max((:now_ms - {self._stats_ms('c.last_review')}) / 86400000, 0)"
        rows = self._conn.execute(
            f"""
            SELECT c.id, {days} AS days, c.stability
            FROM cards c
            WHERE c.retired_at IS NULL AND NOT c.suspended AND c.stability IS NOT NULL
              AND {where}
            ORDER BY days / c.stability DESC, c.id LIMIT :limit
            """,
            {"now_ms": self._stats_julian_ms(now), "limit": limit, **params},
        ).fetchall()
        questions = self.stats_questions(r[0] for r in rows)
        return [(r[0], *questions[r[0]], int(r[1]), float(r[2])) for r in rows]

    @_sqlite_errors_as_store_errors
    def stats_due_per_range(
        self, bounds: Sequence[datetime], deck: str | None = None, tag: str | None = None
    ) -> list[int]:
        """Return how many studied cards fall due in each [bounds[i], bounds[i + 1]).

        The first range also takes every overdue card. New, retired and suspended cards
        are left out.
        """
        where, params = self._stats_cards(deck, tag)
        out: list[int] = []
        for values, ranges in self._stats_ranges(["", *(to_iso(b) for b in bounds[1:])]):
            rows = self._conn.execute(
                f"""
                WITH d(i, lo, hi) AS (VALUES {values})
                SELECT d.i, (
                    SELECT count(*) FROM cards c INDEXED BY cards_stats_due
                    WHERE c.due >= d.lo AND c.due < d.hi AND c.state != 0
                      AND c.retired_at IS NULL AND NOT c.suspended AND {where}
                )
                FROM d ORDER BY d.i
                """,
                {**ranges, **params},
            )
            out.extend(int(r[1]) for r in rows)
        return out

    @_sqlite_errors_as_store_errors
    def stats_recall(
        self,
        start: datetime,
        split: datetime,
        end: datetime,
        mature_days: int,
        terms: tuple[float, float],
        deck: str | None = None,
        tag: str | None = None,
    ) -> list[tuple[bool, bool, int, int, float]]:
        """Return true and predicted recall of the reviews in [start, end), grouped.

        Only reviews of cards in the Review state before count. Rows: (at or after
        `split`, mature, reviews, passed (not Again), predicted retrievability summed).
        Mature: the interval scheduled before the review (its due minus its last
        review) was `mature_days` or more.
        """
        self._stats_ensure_pow()
        where, params = self._stats_reviews(deck, tag)
        # INDEXED BY: the generated columns' values are read from reviews_stats, so the
        # planner's preference for the narrower reviews_time would parse JSON instead.
        rows = self._conn.execute(
            f"""
            SELECT r.reviewed_at >= :split AS recent, r.scheduled_days >= :mature AS mature,
                   count(*), total(r.rating > 1),
                   total(pow(1.0 + :factor * max(r.elapsed_days, 0) / r.before_stability,
                             :power))
            FROM reviews r INDEXED BY reviews_stats
            WHERE r.reviewed_at >= :start AND r.reviewed_at < :end AND r.before_state = 2
              AND r.before_stability IS NOT NULL AND r.elapsed_days IS NOT NULL
              AND r.scheduled_days IS NOT NULL AND {where}
            GROUP BY recent, mature
            """,
            {
                "start": to_iso(start),
                "split": to_iso(split),
                "end": to_iso(end),
                "mature": mature_days,
                "factor": terms[0],
                "power": terms[1],
                **params,
            },
        ).fetchall()
        return [(bool(r[0]), bool(r[1]), int(r[2]), int(r[3]), float(r[4])) for r in rows]

    @_sqlite_errors_as_store_errors
    def stats_weak_points(
        self,
        since: datetime,
        per_topic: int,
        min_missed: int,
        deck: str | None = None,
        tag: str | None = None,
    ) -> list[tuple[str, str, str, int, str, int, int, int]]:
        """Return the key points most often missed or contradicted since `since`, per topic.

        Rows: (card id, topic, question, point index, point text as last graded,
        times missed or contradicted, times graded, times contradicted), at most
        `per_topic` a topic, worst first: most misses, then fewest gradings. Points
        missed fewer than `min_missed` times are left out, as are retired cards.
        """
        where, params = self._stats_reviews(deck, tag)
        # Misses are grouped first (a fraction of all gradings, in review_points_missed);
        # gradings are counted only for the candidates that can make a topic's top, from
        # the card's reviews in reviews_card and the primary key of review_points.
        return self._conn.execute(
            f"""
            WITH missed AS (
                SELECT p.card_id, p.point, count(*) AS missed, max(p.review_id) AS latest,
                       total(p.status = 'contradicted') AS contradicted
                FROM reviews r CROSS JOIN review_points p ON p.review_id = r.id
                WHERE r.reviewed_at >= :since AND p.status != 'covered' AND {where}
                GROUP BY p.card_id, p.point
                HAVING missed >= :min_missed
            ), ranked AS (
                SELECT m.*, c.topic,
                       rank() OVER (PARTITION BY c.topic ORDER BY m.missed DESC) AS place
                FROM missed m JOIN cards c ON c.id = m.card_id
                WHERE c.retired_at IS NULL
            ), counted AS (
                SELECT ranked.*, (
                    SELECT count(*)
                    FROM reviews gr CROSS JOIN review_points g
                      ON g.review_id = gr.id AND g.point = ranked.point
                    WHERE gr.card_id = ranked.card_id AND gr.reviewed_at >= :since
                ) AS seen
                FROM ranked WHERE place <= :per_topic
            ), worst AS (
                SELECT counted.*, row_number() OVER (
                    PARTITION BY topic ORDER BY missed DESC, seen, card_id, point
                ) AS n
                FROM counted
            )
            SELECT w.card_id, w.topic, c.question, w.point, p.text, w.missed, w.seen,
                   CAST(w.contradicted AS INTEGER)
            FROM worst w
            JOIN review_points p ON p.review_id = w.latest AND p.point = w.point
            JOIN cards c ON c.id = w.card_id
            WHERE w.n <= :per_topic
            ORDER BY w.topic, w.n
            """,
            {"since": to_iso(since), "min_missed": min_missed, "per_topic": per_topic, **params},
        ).fetchall()

    @_sqlite_errors_as_store_errors
    def stats_leeches(
        self, threshold: int, limit: int, deck: str | None = None, tag: str | None = None
    ) -> list[tuple[str, str, str, int, int, bool]]:
        """Return the live leeches with the most lapses, at most `limit` of them.

        A leech is flagged by study or has lapsed `threshold` times or more. Rows:
        (id, topic, question, lapses, reps, suspended).
        """
        where, params = self._stats_cards(deck, tag)
        rows = self._conn.execute(
            f"""
            SELECT c.id, c.topic, c.question, c.lapses, c.reps, c.suspended
            FROM cards c
            WHERE c.retired_at IS NULL AND (c.leech OR c.lapses >= :threshold) AND {where}
            ORDER BY c.lapses DESC, c.id LIMIT :limit
            """,
            {"threshold": threshold, "limit": limit, **params},
        )
        return [(r[0], r[1], r[2], int(r[3]), int(r[4]), bool(r[5])) for r in rows]

    @_sqlite_errors_as_store_errors
    def stats_questions(self, card_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Return (topic, question) of each of these cards."""
        found: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(list(card_ids)):
            rows = self._conn.execute(
                f"SELECT id, topic, question FROM cards WHERE id IN ({_marks(chunk)})", chunk
            )
            found.update((r[0], (r[1], r[2])) for r in rows)
        return found

    @_sqlite_errors_as_store_errors
    def stats_revlog(
        self, deck: str | None = None, tag: str | None = None
    ) -> Iterator[tuple[str, int, int, int, int]]:
        """Return (card id, Unix ms, rating, state before, duration ms) per review, oldest first."""
        where, params = self._stats_reviews(deck, tag)
        return self._conn.execute(
            f"""
            SELECT r.card_id, {self._stats_ms("r.reviewed_at")} - 210866760000000, r.rating,
                   r.before_state, r.duration_ms
            FROM reviews r WHERE {where}
            ORDER BY r.reviewed_at, r.id
            """,
            params,
        )


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
