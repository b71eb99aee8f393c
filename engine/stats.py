"""Progress summaries: today, streak, heatmap, retention, forecast, readiness, weak points.

Read-only, and values only (frozen dataclasses): quiz.py formats them. The clock is an
argument: `now` is an aware datetime in the learner's timezone, and the learner's day
starts at `day_start_hour` local time (04:00 by default, as in Anki), so a review at
01:30 counts for the day before. A ZoneInfo timezone keeps days right across DST.

Definitions (also in README's `stats` section):

- *True retention* counts reviews of cards that were in the Review state before the
  review (learning steps are left out) and is the share not rated Again.
- A review is *young* when the card's scheduled interval before it was under 21 days,
  *mature* otherwise; the scheduled interval is the previous review's due minus its
  time (Anki's `lastIvl`), so an overdue review of a 10-day card is still young.
- *Predicted recall* is the mean FSRS retrievability of the same reviews at the moment
  they happened, from the memory before each: compare it with true retention.
- *Readiness* of a topic is the mean retrievability of its live cards now, new cards
  counting 0; `readiness_on` is the same at noon of the given date if nothing more is
  studied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from engine import scheduler
from engine.model import CardState
from engine.settings import Settings
from engine.settings import load as load_settings
from engine.store import Store

MATURE_DAYS = 21
HEATMAP_WEEKS = 12
FORECAST_DAYS = 30
RETENTION_WINDOWS = (7, 30)
WEAK_POINTS_PER_TOPIC = 3
MIN_MISSED = 2  # a key point "kept missing" was missed at least twice in the window
LIST_LIMIT = 10  # leeches and lowest-retrievability cards shown
REVLOG_COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")


# --- values -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Today:
    """The learner's current day: work done and work left (within the daily limits)."""

    day: date
    reviewed: int
    again: int
    new_seen: int
    time_ms: int
    due_left: int
    new_left: int


@dataclass(frozen=True, slots=True)
class Streak:
    """Consecutive study days up to today, or up to yesterday while today has none yet."""

    days: int
    studied_today: bool


@dataclass(frozen=True, slots=True)
class DayCount:
    """A count for one learner day (reviews done, or reviews falling due)."""

    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Recall:
    """Reviews of one kind in a window: how many, how many passed, what FSRS predicted."""

    reviews: int = 0
    passed: int = 0
    predicted_sum: float = 0.0

    @property
    def retention(self) -> float | None:
        """The share of reviews not rated Again (None without reviews)."""
        return self.passed / self.reviews if self.reviews else None

    @property
    def predicted(self) -> float | None:
        """The mean predicted recall of the same reviews (None without reviews)."""
        return self.predicted_sum / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class Retention:
    """True retention over the last `days` learner days, young, mature and all."""

    days: int
    young: Recall
    mature: Recall
    all: Recall


@dataclass(frozen=True, slots=True)
class States:
    """Card counts; each card once: retired, else suspended, else its scheduling state."""

    new: int = 0
    learning: int = 0
    review: int = 0
    relearning: int = 0
    suspended: int = 0
    retired: int = 0

    @property
    def total(self) -> int:
        """Every card counted, retired ones included."""
        return (
            self.new + self.learning + self.review + self.relearning + self.suspended + self.retired
        )


@dataclass(frozen=True, slots=True)
class Readiness:
    """Mean retrievability of a group of live cards (new cards count 0)."""

    topic: str
    cards: int
    readiness: float
    readiness_on: float | None = None
    kind: str = "topic"  # "topic" (a # heading), "tag" (the --tag asked for) or "all"


@dataclass(frozen=True, slots=True)
class WeakPoint:
    """A key point the learner keeps missing: `missed` of the last `seen` gradings."""

    card: str
    topic: str
    question: str
    point: int
    text: str
    missed: int
    seen: int
    contradicted: int


@dataclass(frozen=True, slots=True)
class Leech:
    """A card that lapsed too often (flagged by study, or lapses >= leech_threshold)."""

    card: str
    topic: str
    question: str
    lapses: int
    reps: int
    suspended: bool


@dataclass(frozen=True, slots=True)
class LowCard:
    """A studied card with its retrievability now."""

    card: str
    topic: str
    question: str
    retrievability: float


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything `quiz.py stats` shows, for the cards the filters select."""

    now: datetime
    on: date | None
    days: int
    settings: Settings
    total_reviews: int
    first_review: datetime | None
    today: Today
    streak: Streak
    heatmap: tuple[DayCount, ...]
    retention: tuple[Retention, ...]
    forecast: tuple[DayCount, ...]
    states: States
    overall: Readiness
    topics: tuple[Readiness, ...]
    weak_points: tuple[WeakPoint, ...]
    leech_count: int
    leeches: tuple[Leech, ...]
    lowest: tuple[LowCard, ...]

    @property
    def has_reviews(self) -> bool:
        """Whether any selected card was ever reviewed (else the view is a welcome)."""
        return self.total_reviews > 0


# --- days ----------------------------------------------------------------------------


def learner_day(moment: datetime, hour: int, tz: tzinfo) -> date:
    """Return the learner's day `moment` belongs to: days start at `hour` local time."""
    local = moment.astimezone(tz)
    return local.date() - timedelta(days=1) if local.hour < hour else local.date()


def day_start(day: date, hour: int, tz: tzinfo) -> datetime:
    """Return when the learner's `day` starts, in UTC."""
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)


def heatmap_start(today: date) -> date:
    """Return the first day of the heatmap: the Monday HEATMAP_WEEKS - 1 weeks before."""
    return today - timedelta(days=today.weekday() + 7 * (HEATMAP_WEEKS - 1))


def _bounds(first: date, days: int, hour: int, tz: tzinfo) -> list[datetime]:
    """Return the `days + 1` instants that split `days` learner days from `first` on."""
    return [day_start(first + timedelta(days=n), hour, tz) for n in range(days + 1)]


# --- the summary ---------------------------------------------------------------------


def summary(
    store: Store,
    now: datetime,
    *,
    deck: str | None = None,
    tag: str | None = None,
    days: int = 30,
    on: date | None = None,
    settings: Settings | None = None,
) -> Summary:
    """Return the progress summary at `now` of the cards of `deck` and `tag` (all if None).

    `days` is how far back the weakest key points look; `on` (an interview date)
    adds each topic's readiness at noon that day if nothing more is studied.

    Raises:
        ValueError: `now` is naive or `days` is below 1.
        SettingError: a stored setting does not parse.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got naive {now!r}")
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    tz = now.tzinfo
    terms = scheduler.curve_terms()
    with store.snapshot():
        settings = settings or load_settings(store)
        hour = settings.day_start_hour
        today = learner_day(now, hour, tz)
        start = day_start(today, hour, tz)
        end = day_start(today + timedelta(days=1), hour, tz)
        total, first = store.stats_review_overview(deck, tag)

        heat_first = heatmap_start(today)
        heat_days = (today - heat_first).days + 1
        counts = store.stats_reviews_per_range(_bounds(heat_first, heat_days, hour, tz), deck, tag)
        heatmap = tuple(
            DayCount(heat_first + timedelta(days=n), count) for n, count in enumerate(counts)
        )
        streak = _streak(store, heatmap, first, hour, tz, deck, tag)
        retention = _retention(store, today, hour, tz, terms, deck, tag)
        due = store.stats_due_per_range(_bounds(today, FORECAST_DAYS, hour, tz), deck, tag)
        forecast = tuple(DayCount(today + timedelta(days=n), c) for n, c in enumerate(due))

        on_moment = None
        if on is not None:
            on_moment = max(now, datetime.combine(on, time(12), tzinfo=tz))
        groups = store.stats_topics(now, on_moment, terms, settings.leech_threshold, deck, tag)
        states, new_available, leech_count, topics, overall = _tally_cards(
            groups, tag, on is not None
        )
        learning_due, review_due = store.stats_due_today(now, end, deck, tag)

        by_state, again, time_ms = store.stats_reviews_between(start, end, deck, tag)
        reviews_left = max(0, settings.reviews_per_day - by_state[CardState.REVIEW])
        new_left = max(0, settings.new_per_day - by_state[CardState.NEW])
        today_value = Today(
            day=today,
            reviewed=counts[-1],
            again=again,
            new_seen=by_state[CardState.NEW],
            time_ms=time_ms,
            due_left=learning_due + min(review_due, reviews_left),
            new_left=min(new_available, new_left),
        )
        since = day_start(today - timedelta(days=days - 1), hour, tz)
        weak = tuple(
            WeakPoint(*row)
            for row in store.stats_weak_points(since, WEAK_POINTS_PER_TOPIC, MIN_MISSED, deck, tag)
        )
        leeches = tuple(
            Leech(*row)
            for row in (
                store.stats_leeches(settings.leech_threshold, LIST_LIMIT, deck, tag)
                if leech_count
                else ()
            )
        )
        recall = scheduler.forgetting_curve()
        lowest = tuple(
            LowCard(card, topic, question, recall(days, stability))
            for card, topic, question, days, stability in store.stats_lowest(
                now, LIST_LIMIT, deck, tag
            )
        )
    return Summary(
        now=now,
        on=on,
        days=days,
        settings=settings,
        total_reviews=total,
        first_review=first,
        today=today_value,
        streak=streak,
        heatmap=heatmap,
        retention=retention,
        forecast=forecast,
        states=states,
        overall=overall,
        topics=topics,
        weak_points=weak,
        leech_count=leech_count,
        leeches=leeches,
        lowest=lowest,
    )


def empty_summary(
    now: datetime,
    *,
    days: int = 30,
    on: date | None = None,
    settings: Settings | None = None,
) -> Summary:
    """Return the summary of a collection with no cards (for a database not created yet)."""
    settings = settings or Settings()
    today = learner_day(now, settings.day_start_hour, now.tzinfo or UTC)
    heat_first = heatmap_start(today)
    none = Readiness("", 0, 0.0, 0.0 if on is not None else None, "all")
    return Summary(
        now=now,
        on=on,
        days=days,
        settings=settings,
        total_reviews=0,
        first_review=None,
        today=Today(today, 0, 0, 0, 0, 0, 0),
        streak=Streak(0, False),
        heatmap=tuple(
            DayCount(heat_first + timedelta(days=n), 0)
            for n in range((today - heat_first).days + 1)
        ),
        retention=tuple(Retention(n, Recall(), Recall(), Recall()) for n in RETENTION_WINDOWS),
        forecast=tuple(DayCount(today + timedelta(days=n), 0) for n in range(FORECAST_DAYS)),
        states=States(),
        overall=none,
        topics=(),
        weak_points=(),
        leech_count=0,
        leeches=(),
        lowest=(),
    )


def _tally_cards(
    groups: list[tuple], tag: str | None, with_on: bool
) -> tuple[States, int, int, tuple[Readiness, ...], Readiness]:
    """Sum the store's per-topic groups: states, new cards available, leeches, readiness."""
    states = dict.fromkeys(("new", "learning", "review", "relearning", "suspended", "retired"), 0)
    new_available = leech_count = 0
    by_topic: dict[str, list[float]] = {}  # topic -> [live cards, sum now, sum on]
    names = ("new", "learning", "review", "relearning")
    for topic, retired, suspended, state, cards, buried, leeches, r_now, r_on in groups:
        sums = by_topic.setdefault(topic, [0, 0.0, 0.0])
        if retired:
            states["retired"] += cards
            continue
        sums[0] += cards
        sums[1] += r_now
        sums[2] += r_on or 0.0
        leech_count += leeches
        if suspended:
            states["suspended"] += cards
            continue
        states[names[state]] += cards
        if state == CardState.NEW:
            new_available += cards - buried
    topics = tuple(
        _readiness(topic, *by_topic[topic], with_on, "topic")
        for topic in sorted(by_topic, key=_topic_key)
        if by_topic[topic][0]
    )
    total = [sum(values[i] for values in by_topic.values()) for i in range(3)]
    overall = _readiness(tag or "", *total, with_on, "tag" if tag is not None else "all")
    if tag is not None:
        topics = (overall, *topics)
    return States(**states), new_available, leech_count, topics, overall


def _readiness(
    topic: str, cards: float, sum_now: float, sum_on: float, with_on: bool, kind: str
) -> Readiness:
    return Readiness(
        topic=topic,
        cards=int(cards),
        readiness=sum_now / cards if cards else 0.0,
        readiness_on=(sum_on / cards if cards else 0.0) if with_on else None,
        kind=kind,
    )


def _topic_key(topic: str) -> tuple[bool, str]:
    # Cards outside any `#` heading sort last.
    return (topic == "", topic.casefold())


def _streak(
    store: Store,
    heatmap: tuple[DayCount, ...],
    first: datetime | None,
    hour: int,
    tz: tzinfo,
    deck: str | None,
    tag: str | None,
) -> Streak:
    """Count study days back from today (from yesterday while today has no review yet)."""
    studied_today = heatmap[-1].count > 0
    counts: list[int] | list[bool] = [d.count for d in (heatmap if studied_today else heatmap[:-1])]
    earliest = heatmap[0].day
    streak = 0
    while True:
        for count in reversed(counts):
            if count == 0:
                return Streak(streak, studied_today)
            streak += 1
        # Every day of the window was a study day: look further back, a year at a time.
        if first is None or learner_day(first, hour, tz) >= earliest:
            return Streak(streak, studied_today)
        earliest -= timedelta(days=365)
        counts = store.stats_study_days(_bounds(earliest, 365, hour, tz), deck, tag)


def _retention(
    store: Store,
    today: date,
    hour: int,
    tz: tzinfo,
    terms: tuple[float, float],
    deck: str | None,
    tag: str | None,
) -> tuple[Retention, ...]:
    """Return true and predicted retention over the last 7 and 30 learner days."""
    short, long = RETENTION_WINDOWS
    end = day_start(today + timedelta(days=1), hour, tz)
    rows = store.stats_recall(
        day_start(today - timedelta(days=long - 1), hour, tz),
        day_start(today - timedelta(days=short - 1), hour, tz),
        end,
        MATURE_DAYS,
        terms,
        deck,
        tag,
    )

    def window(recent_only: bool) -> Retention:
        def kind(mature: bool) -> Recall:
            return _merged(
                [
                    Recall(count, passed, predicted)
                    for recent, is_mature, count, passed, predicted in rows
                    if is_mature == mature and (recent or not recent_only)
                ]
            )

        young, mature = kind(False), kind(True)
        return Retention(short if recent_only else long, young, mature, _merged([young, mature]))

    return (window(True), window(False))


def _merged(recalls: list[Recall]) -> Recall:
    return Recall(
        sum(r.reviews for r in recalls),
        sum(r.passed for r in recalls),
        sum(r.predicted_sum for r in recalls),
    )


# --- the review log for the FSRS optimizer --------------------------------------------


def revlog(
    store: Store, deck: str | None = None, tag: str | None = None
) -> Iterator[tuple[str, int, int, int, int]]:
    """Yield the review log as rows of REVLOG_COLUMNS, oldest first.

    The FSRS optimizer's format: review_time in ms since the epoch (UTC), rating 1-4,
    review_state the card's state before the review (0 new, 1 learning, 2 review,
    3 relearning), review_duration in ms.
    """
    return store.stats_revlog(deck, tag)
