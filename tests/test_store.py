"""The SQLite store: opening, refusing bad files, migrations, reviews, undo, flags, summaries."""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import migrations
from engine.errors import CardNotFound, StoreError
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
from engine.store import (
    ImportBatch,
    SourceRow,
    Store,
    card_content_hash,
    from_iso,
    next_day_start,
    to_iso,
)

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_card(card_id: str, deck: str = "AWS", **fields) -> Card:
    fields.setdefault("question", f"Question {card_id}?")
    fields.setdefault("path", "/decks/aws.md")
    fields.setdefault("line", 10)
    return Card(id=card_id, deck=deck, **fields)


def add_cards(store: Store, *cards: Card) -> None:
    decks = tuple(sorted({c.deck for c in cards}))
    store.apply_import(ImportBatch(decks=decks, inserts=cards), now=T0)


def learned(due: datetime, reps: int = 1) -> Memory:
    return Memory(
        state=CardState.REVIEW,
        step=None,
        stability=3.1262,
        difficulty=5.3118,
        due=due,
        last_review=due - timedelta(days=3),
        reps=reps,
        lapses=0,
    )


def review_of(card_id: str, at: datetime, before: Memory, after: Memory, **extra) -> Review:
    return Review(
        card_id=card_id, reviewed_at=at, rating=Rating.GOOD, before=before, after=after, **extra
    )


@pytest.fixture
def store(db_path):
    with Store(db_path) as opened:
        yield opened


# --- opening ----------------------------------------------------------------------


def test_open_creates_the_file_and_its_directory(tmp_path):
    path = tmp_path / "nested" / "dir" / "quiz.db"
    with Store.open(path) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_database_uses_wal_foreign_keys_and_strict_tables(store, db_path):
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    expected = {"decks", "sources", "cards", "reviews", "review_points", "sessions"}
    assert expected | {"settings", "aliases"} <= set(tables)
    assert all(sql.rstrip().endswith("STRICT") for sql in tables.values())
    # The store's own connection enforces foreign keys: a review of no card is refused.
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store._conn.execute(
            "INSERT INTO reviews (card_id, reviewed_at, rating, before, after) "
            "VALUES ('nope', 'x', 3, '{}', '{}')"
        )


def test_reopening_an_up_to_date_database_does_not_touch_the_file(db_path):
    with Store(db_path) as store:
        add_cards(store, make_card("a"))
    before = digest(db_path)
    with Store(db_path) as store:
        assert store.count_cards() == 1
        store.deck_summaries(T0)
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "content",
    [
        os.urandom(4096),
        b"deck: AWS\nThis is a text file, not a database.\n",
        b"SQLite format 3\x00" + b"\xff" * 200,
    ],
    ids=["random-bytes", "text-file", "sqlite-header-then-garbage"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(db_path, content):
    db_path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        Store(db_path)
    assert str(db_path) in str(err.value)
    assert db_path.read_bytes() == content
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_an_sqlite_database_of_another_program_is_refused_and_left_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="not a quiz database"):
        Store(db_path)
    assert digest(db_path) == before


def test_a_database_from_a_newer_version_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer version"):
        Store(db_path)
    assert digest(db_path) == before


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)


def test_an_empty_file_becomes_a_new_database(db_path):
    db_path.write_bytes(b"")
    with Store(db_path) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)


def test_migrating_backs_up_the_old_database_first(db_path, monkeypatch):
    with Store(db_path) as store:
        add_cards(store, make_card("a"))
    old = len(migrations.MIGRATIONS)

    def m_next_add_note(db):
        db.execute("ALTER TABLE cards ADD COLUMN note TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, m_next_add_note))
    with Store(db_path) as store:
        assert store.schema_version == old + 1
        assert store.get_card("a").id == "a"
    backup = db_path.with_name(f"{db_path.name}.bak-v{old}")
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old
    assert conn.execute("SELECT id FROM cards").fetchall() == [("a",)]
    assert "note" not in [r[1] for r in conn.execute("PRAGMA table_info(cards)")]


def test_a_failing_migration_changes_nothing(db_path, monkeypatch):
    with Store(db_path) as store:
        add_cards(store, make_card("a"))

    def m_broken(db):
        db.execute("ALTER TABLE cards ADD COLUMN note TEXT")
        db.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, m_broken))
    with pytest.raises(StoreError):
        Store(db_path)
    monkeypatch.undo()
    conn = sqlite3.connect(db_path)
    assert "note" not in [r[1] for r in conn.execute("PRAGMA table_info(cards)")]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)


# --- times ------------------------------------------------------------------------


def test_times_are_stored_as_sortable_utc_strings(store):
    add_cards(store, make_card("a"))
    plus_two = timezone(timedelta(hours=2))
    at = datetime(2026, 11, 28, 9, 30, tzinfo=plus_two)
    store.record_review(review_of("a", at, Memory(), learned(at + timedelta(days=2))))
    stored = store._conn.execute("SELECT reviewed_at FROM reviews").fetchone()[0]
    assert stored == "2026-11-28T07:30:00.000000Z"
    assert from_iso(stored) == at
    assert to_iso(T0) < to_iso(T0 + timedelta(microseconds=1)) < to_iso(T0 + timedelta(days=1))


def test_naive_times_are_rejected():
    with pytest.raises(ValueError, match="naive"):
        to_iso(datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("local_time", "expected_utc"),
    [
        (datetime(2026, 5, 1, 3, 59, tzinfo=UTC), datetime(2026, 5, 1, 4, tzinfo=UTC)),
        (datetime(2026, 5, 1, 4, 0, tzinfo=UTC), datetime(2026, 5, 2, 4, tzinfo=UTC)),
        (
            datetime(2026, 5, 1, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
            datetime(2026, 5, 2, 9, tzinfo=UTC),
        ),
    ],
)
def test_the_learners_day_ends_at_the_day_start_hour_in_their_timezone(local_time, expected_utc):
    assert next_day_start(local_time, 4) == expected_utc


# --- cards ------------------------------------------------------------------------


def test_a_card_round_trips_every_field(store):
    rule = MatchRule(
        groups=(
            MatchGroup(("role",), anchor=True),
            MatchGroup(("assume", "temporary credentials"), negatable=True),
        ),
        source="@role ; ~assume | temporary credentials",
    )
    card = make_card(
        "iam-roles",
        question="What is an IAM role?\n\n```json\n{}\n```",
        answer="An *assumable* identity.",
        key_points=(
            KeyPoint(
                "Roles are assumable",
                match=rule,
                not_rules=(rule, rule),
                weight=0.5,
                core=True,
                line=14,
            ),
            KeyPoint("No match rule", line=17),
        ),
        explanation="Deeper — with ünïcode.",
        hands_on="1. aws sts assume-role",
        related=("iam-basics", "What is STS?"),
        topic="IAM",
        level="basic",
        tags=("aws", "iam"),
        line=12,
        explicit_id=True,
        extra=(("Notes", "kept verbatim"),),
    )
    add_cards(store, card)
    assert store.get_card("iam-roles") == card
    info = store.card_info("iam-roles")
    assert info.memory == Memory()
    assert (info.suspended, info.leech, info.retired, info.buried_until) == (
        False,
        False,
        False,
        None,
    )
    assert info.added_at == T0


def test_unknown_card_ids_raise_card_not_found(store):
    for call in (
        lambda: store.get_card("nope"),
        lambda: store.card_memory("nope"),
        lambda: store.set_suspended("nope", True),
        lambda: store.bury("nope", T0),
        lambda: store.set_leech("nope", True),
        lambda: store.add_alias("nope", 0, "phrase", T0),
    ):
        with pytest.raises(CardNotFound, match="nope"):
            call()


def test_list_cards_filters_by_deck_and_tag_and_hides_retired(store):
    add_cards(
        store,
        make_card("a", tags=("iam",), line=1),
        make_card("b", tags=("vpc",), line=2),
        make_card("c", deck="K8s", tags=("iam",), path="/decks/k8s.md"),
        make_card("d", line=3),
    )
    store.apply_import(ImportBatch(retire=("d",)), now=T0)
    assert [i.card.id for i in store.list_cards()] == ["a", "b", "c"]
    assert [i.card.id for i in store.list_cards(deck="AWS")] == ["a", "b"]
    assert [i.card.id for i in store.list_cards(tag="iam")] == ["a", "c"]
    everything = store.list_cards(include_retired=True)
    assert [(i.card.id, i.retired) for i in everything][-2:] == [("d", True), ("c", False)]
    assert store.count_cards() == 3
    assert store.count_cards(include_retired=True) == 4


def test_related_cards_are_found_by_id_or_question_within_the_deck(store):
    related = ("b", "  what is C ", "k", "gone", "nowhere", "a")
    add_cards(
        store,
        make_card("a", related=related, line=1),
        make_card("b", line=2),
        make_card("c", question="What is c?", line=3),
        make_card("gone", line=4),
        make_card("k", deck="K8s", path="/decks/k8s.md"),
    )
    store.apply_import(ImportBatch(retire=("gone",)), now=T0)
    card = store.get_card("a")
    # Not another deck's card, a retired one, an unknown entry or the card itself.
    assert [c.id for c in store.related_cards(card)] == ["b", "c"]
    assert store.related_cards(store.get_card("b")) == ()


def test_glossary_is_the_union_over_the_decks_files(store):
    store.apply_import(
        ImportBatch(
            decks=("AWS", "K8s"),
            sources=(
                SourceRow("/d/a.md", "AWS", "h1", (("sts", "security token service"),)),
                SourceRow(
                    "/d/b.md",
                    "AWS",
                    "h2",
                    (("sg", "security group"), ("sts", "security token service")),
                ),
                SourceRow("/d/k.md", "K8s", "h3", (("pod", "smallest unit"),)),
            ),
        ),
        now=T0,
    )
    assert store.glossary("AWS") == (("sts", "security token service"), ("sg", "security group"))
    assert store.glossary("nothing") == ()


def test_deck_summaries_count_new_due_today_and_retired(store):
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    add_cards(
        store, *(make_card(c, line=i) for i, c in enumerate("abcdefg")), make_card("k", deck="K8s")
    )
    store.record_review(review_of("b", now, Memory(), learned(now + timedelta(hours=3))))
    store.record_review(review_of("c", now, Memory(), learned(now + timedelta(days=3))))
    store.record_review(review_of("d", now, Memory(), learned(now - timedelta(days=1))))
    store.record_review(review_of("e", now, Memory(), learned(now + timedelta(hours=1))))
    store.set_suspended("e", True)  # due today but suspended
    store.bury("f", now + timedelta(hours=20))  # new but buried until tomorrow
    store.apply_import(ImportBatch(retire=("g",)), now=now)
    aws, k8s = store.deck_summaries(now, day_start_hour=4)
    assert (aws.name, aws.total, aws.new, aws.due_today, aws.retired) == ("AWS", 6, 1, 2, 1)
    assert (k8s.name, k8s.total, k8s.new, k8s.due_today, k8s.retired) == ("K8s", 1, 1, 0, 0)


def test_learner_flags_are_stored(store):
    add_cards(store, make_card("a"))
    store.set_suspended("a", True)
    store.bury("a", T0 + timedelta(days=1))
    store.set_leech("a", True)
    info = store.card_info("a")
    assert (info.suspended, info.buried_until, info.leech) == (True, T0 + timedelta(days=1), True)
    store.set_suspended("a", False)
    store.bury("a", None)
    assert (store.card_info("a").suspended, store.card_info("a").buried_until) == (False, None)


def test_content_hash_ignores_position_but_not_content():
    card = make_card("a", answer="x")
    assert card_content_hash(card) == card_content_hash(
        make_card("a", answer="x", line=99, path="/b.md")
    )
    assert card_content_hash(card) != card_content_hash(make_card("a", answer="y"))
    assert card_content_hash(card) != card_content_hash(make_card("a", answer="x", tags=("t",)))


# --- reviews ----------------------------------------------------------------------


def test_record_review_round_trips_and_updates_the_card_memory(store):
    add_cards(store, make_card("a"))
    session = store.start_session(T0)
    after = learned(T0 + timedelta(days=2, microseconds=17))
    review = review_of(
        "a",
        T0,
        Memory(),
        after,
        suggested=Rating.HARD,
        answer="Roles are assumed;\nusers are long-lived.",
        score=0.6666666666666666,
        duration_ms=12345,
        points=(
            PointResult(
                0, "Roles are assumable", PointStatus.COVERED, 1.0, "Roles are assumed", (0, 17)
            ),
            PointResult(
                1, "Users are long-lived", PointStatus.CONTRADICTED, 0.5, "not long", (3, 11)
            ),
            PointResult(2, "Prefer roles", PointStatus.MISSED),
        ),
        session_id=session,
    )
    review_id = store.record_review(review)
    assert store.reviews_for("a") == [Review(**{**_fields(review), "id": review_id})]
    assert store.card_memory("a") == after
    rows = store._conn.execute("SELECT card_id, point, status FROM review_points ORDER BY point")
    assert [tuple(r) for r in rows] == [
        ("a", 0, "covered"),
        ("a", 1, "contradicted"),
        ("a", 2, "missed"),
    ]


def _fields(review: Review) -> dict:
    return {name: getattr(review, name) for name in Review.__slots__}


def test_a_review_of_an_unknown_card_writes_nothing(store):
    with pytest.raises(CardNotFound):
        store.record_review(review_of("ghost", T0, Memory(), learned(T0)))
    assert store._conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_a_failing_review_leaves_no_trace(store):
    add_cards(store, make_card("a"))
    twice = PointResult(0, "same index twice", PointStatus.COVERED)
    with pytest.raises(sqlite3.IntegrityError):
        store.record_review(review_of("a", T0, Memory(), learned(T0), points=(twice, twice)))
    assert store._conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    assert store.card_memory("a") == Memory()


def test_undo_restores_the_memory_before_the_last_review(store):
    add_cards(store, make_card("a"), make_card("b"))
    first = learned(T0 + timedelta(days=1))
    second = learned(T0 + timedelta(days=4), reps=2)
    store.record_review(review_of("a", T0, Memory(), first))
    store.record_review(review_of("a", T0 + timedelta(days=1), first, second))
    undone = store.undo_last_review()
    assert undone is not None and undone.after == second
    assert store.card_memory("a") == first
    assert [r.after for r in store.reviews_for("a")] == [first]
    assert store.undo_last_review().before == Memory()
    assert store.card_memory("a") == Memory()
    assert store.undo_last_review() is None


def test_undo_of_a_session_leaves_other_sessions_alone(store):
    add_cards(store, make_card("a"), make_card("b"))
    mine, other = store.start_session(T0), store.start_session(T0)
    store.record_review(review_of("a", T0, Memory(), learned(T0), session_id=mine))
    store.record_review(review_of("b", T0, Memory(), learned(T0), session_id=other))
    undone = store.undo_last_review(session_id=mine)
    assert undone is not None and undone.card_id == "a"
    assert store.card_memory("a") == Memory()
    assert store.card_memory("b") == learned(T0)
    assert store._conn.execute("SELECT count(*) FROM review_points").fetchone()[0] == 0
    store.end_session(mine, T0 + timedelta(minutes=20))
    ended = store._conn.execute("SELECT ended_at FROM sessions WHERE id = ?", (mine,)).fetchone()[0]
    assert from_iso(ended) == T0 + timedelta(minutes=20)


def test_renaming_a_card_carries_its_reviews_and_aliases(store):
    add_cards(store, make_card("old"))
    store.record_review(
        review_of(
            "old", T0, Memory(), learned(T0), points=(PointResult(0, "p", PointStatus.MISSED),)
        )
    )
    store.add_alias("old", 0, "temp creds", T0)
    store.apply_import(ImportBatch(renames=(("old", "new"),)), now=T0)
    assert [r.card_id for r in store.reviews_for("new")] == ["new"]
    assert store.card_memory("new") == learned(T0)
    assert [a.card_id for a in store.list_aliases()] == ["new"]
    assert store._conn.execute("SELECT card_id FROM review_points").fetchall()[0][0] == "new"
    with pytest.raises(CardNotFound):
        store.get_card("old")


# --- settings and aliases -----------------------------------------------------------


def test_settings_keep_their_json_type(store):
    assert store.get_setting("new_per_day", 20) == 20
    store.set_setting("new_per_day", 30)
    store.set_setting("retention", 0.85)
    store.set_setting("deck", "AWS")
    store.set_setting("new_per_day", 35)
    assert (store.get_setting("new_per_day"), store.get_setting("retention")) == (35, 0.85)
    assert store.get_setting("deck") == "AWS"


def test_aliases_are_saved_once(store):
    add_cards(store, make_card("a"))
    first = store.add_alias("a", 1, "temp creds", T0)
    assert store.add_alias("a", 1, "temp creds", T0 + timedelta(days=1)) == first
    store.add_alias("a", 0, "long lived", T0)
    assert [(a.point, a.phrase, a.created_at) for a in store.list_aliases("a")] == [
        (1, "temp creds", T0),
        (0, "long lived", T0),
    ]
    assert store.list_aliases("other") == []


# --- two processes ----------------------------------------------------------------

_WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from engine.model import Memory, Rating, Review
from engine.store import Store
store = Store(sys.argv[1])
t = datetime(2026, 1, 1, tzinfo=UTC)
for i in range(int(sys.argv[2])):
    before = store.card_memory("a")
    after = Memory(reps=before.reps + 1, due=t + timedelta(days=i))
    store.record_review(Review("a", t, Rating.GOOD, before, after, answer=sys.argv[3]))
store.close()
"""


def test_two_processes_writing_at_once_lose_nothing(db_path):
    with Store(db_path) as store:
        add_cards(store, make_card("a"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(db_path), "40", name], env=env)
        for name in ("left", "right")
    ]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    with Store(db_path) as store:
        answers = [r.answer for r in store.reviews_for("a")]
        assert sorted(set(answers)) == ["left", "right"]
        assert len(answers) == 80
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_rules = st.builds(
    MatchRule,
    groups=st.lists(
        st.builds(
            MatchGroup,
            st.lists(_text, min_size=1, max_size=3).map(tuple),
            st.booleans(),
            st.booleans(),
        ),
        max_size=3,
    ).map(tuple),
    source=_text,
)
_points = st.builds(
    KeyPoint,
    text=_text,
    match=st.none() | _rules,
    not_rules=st.lists(_rules, max_size=2).map(tuple),
    weight=st.floats(min_value=0, max_value=10, allow_nan=False),
    core=st.booleans(),
    line=st.integers(min_value=0, max_value=10_000),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(_points, max_size=4).map(tuple),
    tags=st.lists(_text, max_size=3).map(tuple),
    related=st.lists(_text, max_size=3).map(tuple),
    line=st.integers(min_value=0, max_value=10_000),
)
def test_any_card_content_round_trips_through_the_store(store, points, tags, related, line):
    card = make_card(f"c{next(_ids)}", key_points=points, tags=tags, related=related, line=line)
    add_cards(store, card)
    stored = store.get_card(card.id)
    assert stored == card
    assert card_content_hash(stored) == card_content_hash(card)


_ids = itertools.count()


def test_architecture_doc_describes_every_table_and_column(store):
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    model = doc[doc.index("## Data model") :]
    documented: dict[str, list[str]] = {}
    table = None
    for line in model.splitlines():
        if line.startswith("### "):
            table = line[4:].strip()
            documented[table] = []
        elif table and line.startswith("| `"):
            documented[table].append(line.split("`")[1])
    conn = store._conn
    actual = {
        name: [col[1] for col in conn.execute(f"PRAGMA table_info({name})")]
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert documented == actual
