"""The database schema as ordered migrations; the version lives in PRAGMA user_version.

Migration N (1-based) is `MIGRATIONS[N - 1]`: it takes a database at version N - 1 to
version N inside one write transaction. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for annotations: the store builds a Database when a migration is due, so
    # that read-only commands on an up-to-date database never import sqlite_utils.
    from sqlite_utils import Database


def m001_initial(db: Database) -> None:
    """Create decks, sources, cards, reviews, review_points, sessions, settings and aliases."""
    # Raw DDL rather than Table.create(): sqlite-utils cannot express ON UPDATE CASCADE,
    # which is how a renamed card carries its reviews, points and aliases with it.
    db.executescript(
        """
        CREATE TABLE decks (
            name TEXT PRIMARY KEY,
            added_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE sources (
            path TEXT PRIMARY KEY,
            deck TEXT NOT NULL REFERENCES decks(name) ON UPDATE CASCADE,
            content_hash TEXT NOT NULL,
            glossary TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX sources_deck ON sources(deck);

        CREATE TABLE cards (
            id TEXT PRIMARY KEY,
            deck TEXT NOT NULL REFERENCES decks(name) ON UPDATE CASCADE,
            question TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT '',
            key_points TEXT NOT NULL DEFAULT '[]',
            explanation TEXT NOT NULL DEFAULT '',
            hands_on TEXT NOT NULL DEFAULT '',
            related TEXT NOT NULL DEFAULT '[]',
            topic TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            path TEXT NOT NULL DEFAULT '',
            line INTEGER NOT NULL DEFAULT 0,
            explicit_id INTEGER NOT NULL DEFAULT 0,
            extra TEXT NOT NULL DEFAULT '[]',
            content_hash TEXT NOT NULL,
            retired_at TEXT,
            state INTEGER NOT NULL DEFAULT 0,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_until TEXT,
            leech INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX cards_deck ON cards(deck);
        CREATE INDEX cards_path ON cards(path);
        CREATE INDEX cards_due ON cards(due);

        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT
        ) STRICT;

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards(id) ON UPDATE CASCADE,
            session_id INTEGER REFERENCES sessions(id),
            reviewed_at TEXT NOT NULL,
            rating INTEGER NOT NULL,
            suggested INTEGER,
            answer TEXT NOT NULL DEFAULT '',
            score REAL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            before TEXT NOT NULL,
            after TEXT NOT NULL
        ) STRICT;
        CREATE INDEX reviews_card ON reviews(card_id, reviewed_at);
        CREATE INDEX reviews_time ON reviews(reviewed_at);
        CREATE INDEX reviews_session ON reviews(session_id);

        CREATE TABLE review_points (
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            card_id TEXT NOT NULL REFERENCES cards(id) ON UPDATE CASCADE,
            point INTEGER NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            weight REAL NOT NULL DEFAULT 1.0,
            evidence TEXT NOT NULL DEFAULT '',
            span_start INTEGER,
            span_end INTEGER,
            PRIMARY KEY (review_id, point)
        ) STRICT;
        CREATE INDEX review_points_card ON review_points(card_id, point);

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards(id) ON UPDATE CASCADE,
            point INTEGER NOT NULL,
            phrase TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (card_id, point, phrase)
        ) STRICT;
        """
    )


def _julian_ms(expression: str) -> str:
    """Return SQL for a stored time as whole milliseconds of the Julian day count."""
    return f"CAST(round(julianday({expression}) * 86400000) AS INTEGER)"


def m002_stats(db: Database) -> None:
    """Add what progress stats read: review facts as generated columns, covering indexes."""
    # Virtual generated columns cost no storage and always agree with `before`; their
    # values are kept in reviews_stats, so summaries of a month of reviews read neither
    # the JSON nor the typed answers.
    at, last = _julian_ms("reviewed_at"), _julian_ms("json_extract(before, '$.last_review')")
    due = _julian_ms("json_extract(before, '$.due')")
    columns = {
        "before_state": "INTEGER AS (json_extract(before, '$.state'))",
        "before_stability": "REAL AS (CAST(json_extract(before, '$.stability') AS REAL))",
        "elapsed_days": f"INTEGER AS (({at} - {last}) / 86400000)",
        "scheduled_days": f"REAL AS (({due} - {last}) / 86400000.0)",
    }
    for name, definition in columns.items():
        db.execute(f"ALTER TABLE reviews ADD COLUMN {name} {definition} VIRTUAL")
    db.execute(
        "CREATE INDEX reviews_stats ON reviews(reviewed_at, before_state, rating,"
        " before_stability, elapsed_days, scheduled_days)"
    )
    # Card rows carry the whole card text; these hold only what the summaries read:
    # per-topic counts and retrievability, leeches and the lowest cards from the first,
    # the cards due today and the forecast's due-date ranges from the second.
    db.execute(
        "CREATE INDEX cards_stats ON cards(topic, retired_at, suspended, state, stability,"
        " last_review, due, buried_until, lapses, leech, deck, id)"
    )
    db.execute(
        "CREATE INDEX cards_stats_due ON cards(due, state, suspended, retired_at, buried_until,"
        " deck)"
    )
    # Only the missed and contradicted gradings (a fraction of all): the weak points.
    db.execute(
        "CREATE INDEX review_points_missed ON review_points(review_id, card_id, point, status)"
        " WHERE status != 'covered'"
    )


Migration = Callable[["Database"], None]

MIGRATIONS: tuple[Migration, ...] = (m001_initial, m002_stats)


def schema_version(db: Database) -> int:
    """Return the schema version recorded in the database (0 for a new one)."""
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def backup_path(path: Path, version: int) -> Path:
    """Return where a database at `version` is copied before it is migrated."""
    return path.with_name(f"{path.name}.bak-v{version}")


def apply(db: Database, path: Path | None) -> int:
    """Bring the database up to `len(migrations)`, backing up a non-empty one first.

    Each migration runs in its own BEGIN IMMEDIATE transaction that re-reads the
    version, so two processes opening one database at once migrate it only once.
    Returns the version found before migrating.
    """
    migrations = MIGRATIONS
    target = len(migrations)
    found = schema_version(db)
    if found >= target:
        return found
    if found > 0 and path is not None:
        _backup(db, backup_path(path, found))
    conn = db.conn
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(db)
            if current >= target:
                conn.execute("ROLLBACK")
                return found
            migrations[current](db)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _backup(db: Database, target: Path) -> None:
    """Copy the database to `target` with SQLite's online backup, replacing an old copy."""
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        db.conn.backup(copy)
    finally:
        copy.close()
