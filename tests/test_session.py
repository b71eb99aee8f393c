"""Today's queue, daily limits, the day boundary, leeches and undo, on a real SQLite file."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine import scheduler, session
from engine import settings as learner_settings
from engine.errors import SettingError
from engine.model import Card, CardState, KeyPoint, Memory, Rating, Review
from engine.session import Kind, Session, interleave
from engine.store import ImportBatch, Store

BERLIN = ZoneInfo("Europe/Berlin")
NO_FUZZ = scheduler.SchedulerConfig(fuzz=False)


class FakeClock:
    """A clock the test moves by hand; it answers in the learner's local timezone."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now

    def set(self, *args: int) -> datetime:
        self.now = datetime(*args, tzinfo=self.now.tzinfo)
        return self.now


def _card(i: int, deck: str = "AWS", tags: tuple[str, ...] = ()) -> Card:
    return Card(
        id=f"{deck.lower()}-{i:02d}",
        deck=deck,
        question=f"Question {i}?",
        answer=f"Answer {i}.",
        key_points=(KeyPoint(f"point {i} alpha"), KeyPoint(f"point {i} beta")),
        tags=tags,
        path=f"{deck.lower()}.md",
        line=10 * i,
    )


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in Berlin, after the 04:00 day start.
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN))


@pytest.fixture
def store(db_path, clock) -> Store:
    s = Store(db_path)
    s.apply_import(
        ImportBatch(
            decks=("AWS", "Linux"),
            inserts=tuple(_card(i, tags=("iam",) if i % 2 else ()) for i in range(12))
            + tuple(_card(i, deck="Linux") for i in range(3)),
        ),
        clock() - timedelta(days=30),
    )
    yield s
    s.close()


def _session(store: Store, clock: FakeClock, **kwargs) -> Session:
    settings = kwargs.pop("settings", None) or session.load_settings(store, fuzz=False)
    return Session(store, clock, random.Random(0), settings=settings, **kwargs)


def _put_in_review(store: Store, card_id: str, *, stability: float, due: datetime) -> None:
    """Give a card a review-state memory through the real review log, long ago."""
    long_ago = due - timedelta(days=max(1, round(stability)))
    memory = Memory(
        state=CardState.REVIEW,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=long_ago,
        reps=3,
    )
    store.record_review(
        Review(
            card_id=card_id, reviewed_at=long_ago, rating=Rating.GOOD, before=Memory(), after=memory
        )
    )


def _study(s: Session, rating: Rating | None = None, answer: str = "") -> tuple[str, Kind]:
    due = s.next_due()
    assert due is not None, "expected a card"
    verdict = s.answer(due.card, answer, timedelta(seconds=20))
    s.rate(rating or verdict.rating)
    return due.card.id, due.kind


def _drain(s: Session, rating: Rating = Rating.GOOD, limit: int = 200) -> list[tuple[str, Kind]]:
    """Study until nothing is due now (learning steps still waiting are not waited for)."""
    seen = []
    while s.next_due() is not None and len(seen) < limit:
        seen.append(_study(s, rating))
    return seen


# --- order ----------------------------------------------------------------------------


def test_interleave_spreads_new_cards_evenly_and_keeps_each_order():
    def kinds(reviews: int, new: int) -> str:
        plan = interleave([f"r{i}" for i in range(reviews)], [f"n{i}" for i in range(new)])
        assert [cid for _, cid in plan if cid[0] == "r"] == [f"r{i}" for i in range(reviews)]
        assert [cid for _, cid in plan if cid[0] == "n"] == [f"n{i}" for i in range(new)]
        return "".join("N" if kind == Kind.NEW else "R" for kind, _ in plan)

    assert kinds(4, 2) == "RRNRNR"
    assert kinds(6, 2) == "RRNRRNRR"
    assert kinds(1, 3) == "RNNN"
    assert kinds(0, 2) == "NN"
    assert kinds(3, 0) == "RRR"


def test_new_cards_come_in_deck_order(store, clock):
    s = _session(store, clock, deck="AWS")
    first = s.next_due()
    assert first is not None and first.card.id == "aws-00" and first.kind == Kind.NEW
    assert first.reason == "new card"


def test_reviews_come_lowest_predicted_recall_first_with_new_cards_between(store, clock):
    now = clock()
    # Same due date, different stability: the less stable card is likelier forgotten.
    _put_in_review(store, "aws-05", stability=30, due=now - timedelta(days=2))
    _put_in_review(store, "aws-06", stability=3, due=now - timedelta(days=2))
    _put_in_review(store, "aws-07", stability=10, due=now - timedelta(hours=1))
    _put_in_review(store, "aws-08", stability=10, due=now + timedelta(days=5))  # not due
    s = _session(store, clock, deck="AWS", new_limit=2)
    order = _drain(s, Rating.EASY)
    reviews = [cid for cid, kind in order if kind == Kind.REVIEW]
    memories = {cid: store.card_memory(cid) for cid in reviews}
    assert reviews == ["aws-06", "aws-05", "aws-07"]
    assert [kind for _, kind in order] == [
        Kind.REVIEW,
        Kind.NEW,
        Kind.REVIEW,
        Kind.NEW,
        Kind.REVIEW,
    ]  # ceil(1 * 3 / 3) = 1 review, then ceil(2 * 3 / 3) = 2 reviews before each new card
    assert all(m.reps == 4 for m in memories.values())
    assert store.card_memory("aws-08").reps == 3


def test_a_learning_card_that_falls_due_comes_before_anything_else(store, clock):
    s = _session(store, clock, deck="AWS")
    first, _ = _study(s, Rating.AGAIN)  # back in 1 minute
    second, _ = _study(s, Rating.GOOD)
    assert s.next_due().card.id == "aws-02"  # first is not due yet
    clock.advance(minutes=1)
    due = s.next_due()
    assert (due.card.id, due.kind) == (first, Kind.LEARNING)
    assert due.reason.startswith("learning step, due")
    assert second != first


def test_a_learning_step_is_waited_for_unless_asked_to_learn_ahead(store, clock):
    s = _session(store, clock, deck="Linux", new_limit=1)
    card, _ = _study(s, Rating.GOOD)  # next step in 10 minutes
    assert s.next_due() is None
    assert s.learning_due_later() == clock() + timedelta(minutes=10)
    assert s.next_due(ahead=timedelta(minutes=5)) is None
    due = s.next_due(ahead=timedelta(minutes=20))
    assert due is not None and due.card.id == card and "due in 10m" in due.reason
    clock.advance(minutes=10)
    assert s.next_due().card.id == card
    _study(s, Rating.GOOD)  # graduates to review, due in days
    assert s.next_due(ahead=timedelta(hours=1)) is None
    assert s.learning_due_later() is None


# --- limits and the day ---------------------------------------------------------------


def test_new_cards_stop_at_the_daily_limit_counting_earlier_sessions(store, clock):
    store.set_setting("new_per_day", "3")
    first = _drain(_session(store, clock), Rating.EASY)
    assert [kind for _, kind in first] == [Kind.NEW] * 3
    clock.advance(hours=2)
    assert _session(store, clock).next_due() is None  # same day: the limit is used up
    clock.set(2026, 3, 3, 4, 0)  # the next day starts at 04:00 local
    second = _drain(_session(store, clock), Rating.EASY)
    assert len(second) == 3
    assert not {cid for cid, _ in first} & {cid for cid, _ in second}


def test_a_per_run_limit_overrides_the_daily_one(store, clock):
    store.set_setting("new_per_day", "2")
    _drain(_session(store, clock), Rating.EASY)
    more = _drain(_session(store, clock, new_limit=4), Rating.EASY)
    assert [kind for _, kind in more] == [Kind.NEW] * 4
    none = _session(store, clock, new_limit=0)
    assert none.next_due() is None


def test_two_sessions_on_one_database_share_the_daily_limit(store, clock, db_path):
    store.set_setting("new_per_day", "4")
    with Store(db_path) as other_store:
        one, two = _session(store, clock), _session(other_store, clock)
        assert one.counts().new == two.counts().new == 4
        _study(one, Rating.EASY)
        shown_by_two = [cid for cid, _ in _drain(two, Rating.EASY)]
        assert len(shown_by_two) == 3
        assert one.next_due() is None
    assert len(store.review_tally(clock() - timedelta(hours=1), clock() + timedelta(hours=1))) == 4


def test_reviews_stop_at_the_daily_limit(store, clock):
    store.set_setting("reviews_per_day", "2")
    for i in range(5):
        _put_in_review(store, f"aws-0{i}", stability=5 + i, due=clock() - timedelta(hours=1))
    s = _session(store, clock, new_limit=0)
    assert s.counts().review == 2
    done = _drain(s, Rating.GOOD)
    assert [kind for _, kind in done] == [Kind.REVIEW] * 2
    assert _session(store, clock, new_limit=0).next_due() is None
    # Tomorrow (04:00 local) the other three are due and two more fit.
    clock.set(2026, 3, 3, 4, 0)
    assert _session(store, clock, new_limit=0).counts().review == 2


def test_the_day_starts_at_the_configured_local_hour(store, clock):
    store.set_setting("new_per_day", "1")
    clock.set(2026, 3, 2, 23, 30)
    _drain(_session(store, clock), Rating.EASY)
    clock.set(2026, 3, 3, 3, 59)  # still Monday for the learner
    assert _session(store, clock).next_due() is None
    clock.set(2026, 3, 3, 4, 0)
    assert _session(store, clock).next_due().kind == Kind.NEW
    # A later day start keeps the learner in "yesterday" longer.
    store.set_setting("day_start_hour", "6")
    clock.set(2026, 3, 3, 7, 0)
    assert len(_drain(_session(store, clock), Rating.EASY)) == 1
    clock.set(2026, 3, 4, 5, 59)
    assert _session(store, clock).next_due() is None
    clock.set(2026, 3, 4, 6, 0)
    assert _session(store, clock).next_due() is not None


def test_day_start_is_local_and_stored_times_are_utc(store, clock):
    start = session.day_start(datetime(2026, 3, 2, 3, 0, tzinfo=BERLIN), 4)
    assert start == datetime(2026, 3, 1, 4, 0, tzinfo=BERLIN)
    # Across the spring DST change the next day still starts at 04:00 local.
    assert session.next_day_start(datetime(2026, 3, 28, 12, tzinfo=BERLIN), 4) == datetime(
        2026, 3, 29, 4, 0, tzinfo=BERLIN
    )
    s = _session(store, clock)
    _study(s, Rating.GOOD)
    (review,) = store.session_reviews(s.session_id)
    assert review.reviewed_at.utcoffset() == timedelta(0)
    assert review.reviewed_at == clock()


def test_a_review_due_later_today_is_studied_today(store, clock):
    # Due at 23:00 local: before the next day start, so it is today's work.
    _put_in_review(store, "aws-03", stability=8, due=clock().replace(hour=23))
    s = _session(store, clock, new_limit=0)
    due = s.next_due()
    assert due is not None and due.card.id == "aws-03"
    assert "due in 14h" in due.reason


# --- bury, suspend, retire, filters -----------------------------------------------------


def test_a_buried_card_comes_back_when_the_next_day_starts(store, clock):
    s = _session(store, clock, deck="Linux")
    due = s.next_due()
    until = s.bury()
    assert until == datetime(2026, 3, 3, 4, 0, tzinfo=BERLIN)
    assert s.next_due().card.id != due.card.id
    assert store.card_info(due.card.id).buried_until == until
    clock.set(2026, 3, 3, 3, 59)
    assert due.card.id not in [cid for cid, _ in _drain(_session(store, clock, deck="Linux"))]
    clock.set(2026, 3, 3, 4, 0)
    assert _session(store, clock, deck="Linux").next_due().card.id == due.card.id


def test_suspended_and_retired_cards_are_never_shown(store, clock):
    store.set_suspended("linux-00", True)
    store.apply_import(ImportBatch(retire=("linux-01",)), clock())
    shown = [cid for cid, _ in _drain(_session(store, clock, deck="Linux"))]
    assert set(shown) == {"linux-02"}
    store.set_suspended("linux-00", False)
    assert _session(store, clock, deck="Linux").next_due().card.id == "linux-00"


def test_deck_and_tag_filters(store, clock):
    linux = {cid for cid, _ in _drain(_session(store, clock, deck="Linux", new_limit=50))}
    assert linux == {"linux-00", "linux-01", "linux-02"}
    iam = {cid for cid, _ in _drain(_session(store, clock, tag="iam", new_limit=50))}
    assert iam == {f"aws-{i:02d}" for i in range(1, 12, 2)}


# --- recording, undo, leeches -----------------------------------------------------------


def test_each_rating_is_committed_before_the_next_card_is_shown(store, clock, db_path):
    s = _session(store, clock)
    due = s.next_due()
    s.answer(due.card, "point 0 alpha", timedelta(seconds=42))
    s.rate(Rating.HARD)
    with Store(db_path) as other:  # a second connection sees it at once
        (review,) = other.reviews_for(due.card.id)
        assert other.card_memory(due.card.id) == review.after
    assert review.rating == Rating.HARD
    assert review.suggested is not None
    assert review.answer == "point 0 alpha"
    assert review.duration_ms == 42_000
    assert review.session_id == s.session_id
    assert review.before == Memory()
    assert len(review.points) == 2


def test_undo_restores_the_memory_exactly_and_shows_the_card_again(store, clock):
    _put_in_review(store, "aws-04", stability=12, due=clock() - timedelta(days=1))
    s = _session(store, clock, new_limit=0)
    before = store.card_memory("aws-04")
    _study(s, Rating.AGAIN)
    assert store.card_memory("aws-04").lapses == 1
    undone = s.undo()
    assert undone is not None and undone.rating == Rating.AGAIN
    assert store.card_memory("aws-04") == before
    due = s.next_due()
    assert due.card.id == "aws-04" and due.reason == "shown again after undo"
    _study(s, Rating.GOOD)
    assert [r.rating for r in store.reviews_for("aws-04")][-1] == Rating.GOOD


def test_undo_goes_back_through_the_session_and_into_earlier_ones(store, clock):
    first = _session(store, clock)
    a, _ = _study(first, Rating.EASY)
    first.end()
    clock.advance(minutes=5)
    second = _session(store, clock)
    b, _ = _study(second, Rating.EASY)
    c, _ = _study(second, Rating.EASY)
    assert [second.undo().card_id for _ in range(3)] == [c, b, a]
    assert second.undo() is None
    for card_id in (a, b, c):
        assert store.card_memory(card_id) == Memory()
        assert store.reviews_for(card_id) == []
    # The last card undone is the first shown again, and the new-card budget is back.
    assert second.next_due().card.id == a
    assert second.counts().new == 10


def test_a_card_lapsing_to_the_leech_threshold_is_suspended_with_a_message(store, clock):
    store.set_setting("leech_threshold", "2")
    _put_in_review(store, "linux-00", stability=20, due=clock() - timedelta(days=1))
    s = _session(store, clock, deck="Linux", new_limit=0)
    _study(s, Rating.AGAIN)  # lapse 1
    clock.advance(minutes=10)
    _study(s, Rating.GOOD)  # relearned
    clock.set(2026, 3, 20, 9, 0)
    s = _session(store, clock, deck="Linux", new_limit=0)
    due = s.next_due()
    s.answer(due.card, "", timedelta(seconds=3))
    rated = s.rate(Rating.AGAIN)  # lapse 2
    assert "leech" in rated.leech and "quiz.py unsuspend linux-00" in rated.leech
    info = store.card_info("linux-00")
    assert info.leech and info.suspended
    assert s.next_due() is None
    s.undo()
    info = store.card_info("linux-00")
    assert not info.leech and not info.suspended


def test_override_a_missed_point_rescores_and_saves_an_alias(store, clock):
    s = _session(store, clock)
    due = s.next_due()
    verdict = s.answer(due.card, "I'd say the first part", timedelta(seconds=5))
    assert verdict.score == 0
    better = s.override_point(0)
    assert better.score == pytest.approx(0.5)
    assert better.points[0].status == "covered"
    s.save_alias(0, "the first part")
    (alias,) = store.list_aliases(due.card.id)
    assert (alias.point, alias.phrase) == (0, "the first part")
    s.rate(Rating.GOOD)
    (review,) = store.reviews_for(due.card.id)
    assert review.score == pytest.approx(0.5)


def test_preview_intervals_are_the_ones_applied(store, clock):
    _put_in_review(store, "aws-02", stability=15, due=clock() - timedelta(days=1))
    s = Session(store, clock, random.Random(9), new_limit=0)  # fuzz on
    s.next_due()
    shown = s.intervals()
    clock.advance(seconds=30)
    rated = s.rate(Rating.GOOD)
    assert rated.review.after.due - rated.review.reviewed_at == shown[Rating.GOOD]


def test_summary_counts_ratings_retention_and_next_due(store, clock):
    for i in range(3):
        _put_in_review(store, f"aws-0{i}", stability=10, due=clock() - timedelta(hours=2))
    s = _session(store, clock, new_limit=1)
    # Two reviews (the first lapses), the new card, a review: no learning step falls due.
    for rating in [Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.EASY]:
        _study(s, rating)
        clock.advance(minutes=2)
    summary = s.end()
    assert summary.cards_done == 4
    assert summary.ratings == {Rating.AGAIN: 1, Rating.HARD: 0, Rating.GOOD: 2, Rating.EASY: 1}
    assert summary.retention_today == pytest.approx(2 / 3)
    assert summary.counts_left == session.Counts(learning=2, review=0, new=0)
    assert summary.elapsed == timedelta(minutes=8)
    assert summary.next_due is not None and summary.next_due > clock() - timedelta(minutes=8)


# --- settings ---------------------------------------------------------------------------


def test_settings_round_trip_and_shape_the_scheduler(store):
    assert learner_settings.save(store, "learning_steps", "30s, 5m 1h") == "30s 5m 1h"
    assert learner_settings.save(store, "desired_retention", "0.85") == "0.85"
    settings = session.load_settings(store)
    assert settings.scheduler.learning_steps == (
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=1),
    )
    assert settings.scheduler.desired_retention == 0.85
    assert learner_settings.values(store)["new_per_day"] == "10"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("desired_retention", "1.5"),
        ("desired_retention", "high"),
        ("new_per_day", "-1"),
        ("reviews_per_day", "lots"),
        ("day_start_hour", "24"),
        ("leech_threshold", "0"),
        ("learning_steps", "10 minutes"),
        ("relearning_steps", "0m"),
        ("maximum_interval", "0"),
    ],
)
def test_bad_setting_values_name_the_key_and_change_nothing(store, key, value):
    before = learner_settings.values(store)
    with pytest.raises(SettingError, match=key):
        learner_settings.save(store, key, value)
    assert learner_settings.values(store) == before


def test_an_unknown_setting_lists_the_known_ones(store):
    with pytest.raises(SettingError, match="Unknown setting 'retention'.*desired_retention"):
        learner_settings.save(store, "retention", "0.9")


# --- a simulated week -------------------------------------------------------------------


def test_a_week_of_daily_study_keeps_every_promise(store, clock):
    """Seven mornings: new cards within the limit, every due review shown, no surprises."""
    rng = random.Random(4)
    introduced: set[str] = set()
    for day in range(7):
        clock.set(2026, 3, 2 + day, 8, 30)
        s = Session(store, clock, random.Random(day), deck="AWS")
        due_reviews = {
            cid for cid, _ in store.due_cards((CardState.REVIEW,), s.day_end(), clock())
        } & {c.card.id for c in store.list_cards(deck="AWS")}
        shown_new: list[str] = []
        shown_reviews: set[str] = set()
        while True:
            due = s.next_due()
            if due is None:
                # Like the study screen: wait for a learning step coming back today.
                later = s.learning_due_later()
                if later is None:
                    break
                clock.now = later.astimezone(BERLIN)
                continue
            assert due.card.deck == "AWS"
            if due.kind == Kind.NEW:
                assert due.card.id not in introduced
                shown_new.append(due.card.id)
                introduced.add(due.card.id)
            elif due.kind == Kind.REVIEW:
                shown_reviews.add(due.card.id)
            rating = rng.choice([Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.GOOD, Rating.EASY])
            s.answer(due.card, "", timedelta(seconds=10))
            s.rate(rating)
            clock.advance(minutes=3)
        summary = s.end()
        assert len(shown_new) <= 10
        assert shown_reviews == due_reviews
        assert summary.counts_left.total == 0
        for info in store.list_cards(deck="AWS"):
            # Nothing studied today is left due before tomorrow unless it is still learning.
            m = info.memory
            if m.state == CardState.REVIEW:
                assert m.due >= s.day_end() or m.due > clock()
    assert introduced == {f"aws-{i:02d}" for i in range(12)}
    replayed = {
        c.card.id: scheduler.replay(store.reviews_for(c.card.id), NO_FUZZ).reps
        for c in store.list_cards(deck="AWS")
    }
    assert replayed == {c.card.id: c.memory.reps for c in store.list_cards(deck="AWS")}


def test_a_week_of_typing_the_model_answers_on_the_fixture_deck(db_path):
    """Import a real deck, answer with each card's model answer, accept the suggestion."""
    from pathlib import Path

    from engine.importer import import_paths

    deck = Path(__file__).parent / "fixtures" / "decks" / "study"
    clock = FakeClock(datetime(2026, 6, 1, 7, 45, tzinfo=ZoneInfo("America/Chicago")))
    with Store(db_path) as store:
        import_paths(store, [deck], now=clock())
        store.set_setting("new_per_day", 4)
        gaps: dict[str, list[timedelta]] = {}
        for day in range(7):
            clock.set(2026, 6, 1 + day, 7, 45)
            s = Session(store, clock, random.Random(day))
            while True:
                due = s.next_due()
                if due is None:
                    later = s.learning_due_later()
                    if later is None:
                        break
                    clock.now = later.astimezone(clock.now.tzinfo)
                    continue
                verdict = s.answer(due.card, due.card.answer, timedelta(seconds=30))
                if verdict.points:
                    assert verdict.rating >= Rating.GOOD, (due.card.id, verdict)
                rated = s.rate(verdict.rating if verdict.points else Rating.GOOD)
                after = rated.review.after
                if after.state == CardState.REVIEW:
                    gaps.setdefault(due.card.id, []).append(after.due - rated.review.reviewed_at)
                clock.advance(minutes=1)
            s.end()
        infos = store.list_cards()
    # Every card was introduced (4 on day one, the rest on day two) and is now in review,
    # and each card's intervals only grew, since every answer was right.
    assert {i.memory.state for i in infos} == {CardState.REVIEW}
    assert all(gap == sorted(gap) for gap in gaps.values())
    assert all(gap[-1] >= timedelta(days=2) for gap in gaps.values())
