"""Today's study queue and the answer → check → schedule → record loop, with undo.

The learner's day starts at a local hour (default 04:00, as in Anki); times are stored
in UTC. The clock is injected: it returns timezone-aware datetimes in the learner's
local timezone, which is how the day boundary is found.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from engine import checker, scheduler, settings
from engine.days import day_start, next_day_start
from engine.model import Card, CardState, Memory, PointStatus, Rating, Review, Verdict
from engine.store import Store

Clock = Callable[[], datetime]


# --- settings -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StudySettings:
    """The learner's settings and the scheduler configuration they give for this sitting."""

    values: settings.Settings
    scheduler: scheduler.SchedulerConfig


def load_settings(store: Store, *, fuzz: bool = True) -> StudySettings:
    """Read the learner's settings from the store, with defaults for unset keys.

    Raises:
        SettingError: a stored value no longer parses (edited by hand).
    """
    values = settings.load(store)
    return StudySettings(values=values, scheduler=values.scheduler_config(fuzz=fuzz))


# --- the learner's day ----------------------------------------------------------------


def format_interval(delta: timedelta) -> str:
    """Return a short human interval: `<1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


# --- the queue ------------------------------------------------------------------------


class Kind(StrEnum):
    """Why a card is in today's queue."""

    LEARNING = "learning"
    REVIEW = "review"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Counts:
    """Cards left today, as shown in the toolbar."""

    learning: int
    review: int
    new: int

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


@dataclass(frozen=True, slots=True)
class Due:
    """The card to study next and why it is due."""

    card: Card
    kind: Kind
    memory: Memory
    reason: str


@dataclass(frozen=True, slots=True)
class Rated:
    """What happened when a rating was recorded."""

    review: Review
    leech: str = ""  # a message when the card just became a leech and was suspended


@dataclass(frozen=True, slots=True)
class Summary:
    """The end-of-session report."""

    cards_done: int
    ratings: dict[Rating, int]
    elapsed: timedelta
    retention_today: float | None  # share of review-state cards passed today
    reviews_today: int
    next_due: datetime | None
    counts_left: Counts


def interleave(reviews: list[str], new: list[str]) -> list[tuple[Kind, str]]:
    """Return reviews with new cards spread evenly among them, order kept within each.

    New card k (from 1) follows review ceil(k * R / (N + 1)), so a queue with reviews
    starts with one and the new cards sit in the gaps between them.
    """
    out: list[tuple[Kind, str]] = []
    r = 0
    for k, card_id in enumerate(new, start=1):
        before = -(-k * len(reviews) // (len(new) + 1))
        out += [(Kind.REVIEW, rid) for rid in reviews[r:before]]
        r = max(r, before)
        out.append((Kind.NEW, card_id))
    return out + [(Kind.REVIEW, rid) for rid in reviews[r:]]


def rescore(card: Card, verdict: Verdict) -> Verdict:
    """Return the verdict with its score and suggested rating recomputed from its points."""
    core = [
        p.index < len(card.key_points) and card.key_points[p.index].core for p in verdict.points
    ]
    return replace(
        verdict,
        score=checker.score_points(verdict.points),
        rating=checker.suggest_rating(verdict.points, core),
    )


class Session:
    """One sitting of study: pick cards, grade answers, record ratings, undo them."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        rng: random.Random | None = None,
        *,
        deck: str | None = None,
        tag: str | None = None,
        new_limit: int | None = None,
        review_limit: int | None = None,
        settings: StudySettings | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.rng = rng
        self.deck = deck
        self.tag = tag
        self.settings = settings or load_settings(store, fuzz=rng is not None)
        self._new_override = new_limit
        self._review_override = review_limit
        self.session_id: int | None = None
        self.started = self._now()
        self._plan: list[tuple[Kind, str]] = []
        self._plan_day: datetime | None = None
        self._done: set[str] = set()  # planned cards rated (or buried) in this session
        self._front: list[str] = []  # undone cards, shown again first (last undone on top)
        self._leech_reviews: dict[int, str] = {}
        # Cards rated in this session by their state before the rating (for --new/--reviews).
        self._run = {state: 0 for state in CardState}
        self._current: Due | None = None
        self._verdict: Verdict | None = None
        self._answer = ""
        self._elapsed = timedelta(0)

    # -- time -------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return now

    def day_start(self, now: datetime | None = None) -> datetime:
        """Return when the learner's current day began."""
        return day_start(now or self._now(), self.settings.values.day_start_hour)

    def day_end(self, now: datetime | None = None) -> datetime:
        """Return when the learner's current day ends (the next day start)."""
        return next_day_start(now or self._now(), self.settings.values.day_start_hour)

    def _last_moment(self, now: datetime) -> datetime:
        # Stored times have microsecond precision: this is the last instant of today.
        return self.day_end(now) - timedelta(microseconds=1)

    # -- planning ---------------------------------------------------------------------

    def _today(self, now: datetime) -> tuple[int, int]:
        """Return (new cards introduced, review cards reviewed) today."""
        tally = self.store.review_tally(self.day_start(now), now + timedelta(seconds=1))
        new = sum(1 for state, _ in tally if state == CardState.NEW)
        reviewed = sum(1 for state, _ in tally if state == CardState.REVIEW)
        return new, reviewed

    def _limits(self, now: datetime) -> tuple[int, int]:
        """Return how many more new cards and reviews may be shown now.

        Checked before each card, against the store, so that two sessions on one
        database share the daily limits. A per-run override (`--new N`) counts only
        this session's cards, whatever was done earlier today.
        """
        new_today, reviews_today = self._today(now)
        if self._new_override is not None:
            new_left = self._new_override - self._run[CardState.NEW]
        else:
            new_left = self.settings.values.new_per_day - new_today
        if self._review_override is not None:
            reviews_left = self._review_override - self._run[CardState.REVIEW]
        else:
            reviews_left = self.settings.values.reviews_per_day - reviews_today
        return max(0, new_left), max(0, reviews_left)

    def _replan(self, now: datetime) -> None:
        new_left, reviews_left = self._limits(now)
        config = self.settings.scheduler
        due = self.store.due_cards(
            (CardState.REVIEW,), self._last_moment(now), now, deck=self.deck, tag=self.tag
        )
        due.sort(key=lambda item: (scheduler.retrievability(item[1], now, config), item[1].due))
        reviews = [card_id for card_id, _ in due[:reviews_left]]
        new = self.store.new_card_ids(new_left, now, deck=self.deck, tag=self.tag)
        self._plan = interleave(reviews, new)
        self._plan_day = self.day_start(now)
        self._done.clear()

    def _ensure_plan(self, now: datetime) -> None:
        if self._plan_day != self.day_start(now):
            self._replan(now)

    def _learning_due(self, now: datetime, until: datetime) -> list[tuple[str, Memory]]:
        states = (CardState.LEARNING, CardState.RELEARNING)
        return self.store.due_cards(states, until, now, deck=self.deck, tag=self.tag)

    def _planned(self, now: datetime) -> list[tuple[Kind, str, Memory]]:
        """Return the planned cards still waiting, checked against the store and limits."""
        out = []
        day_end = self.day_end(now)
        budget = dict(zip((Kind.NEW, Kind.REVIEW), self._limits(now), strict=True))
        for kind, card_id in self._plan:
            if budget[kind] <= 0:
                continue
            if card_id in self._done:
                continue
            memory = self.store.available_memory(card_id, now)
            if memory is None:
                continue
            if kind == Kind.NEW and memory.state != CardState.NEW:
                continue
            if kind == Kind.REVIEW and (
                memory.state != CardState.REVIEW or memory.due is None or memory.due >= day_end
            ):
                continue
            budget[kind] -= 1
            out.append((kind, card_id, memory))
        return out

    def counts(self) -> Counts:
        """Return the learning, review and new cards left today."""
        now = self._now()
        self._ensure_plan(now)
        planned = self._planned(now)
        learning = len(self._learning_due(now, self._last_moment(now)))
        return Counts(
            learning=learning,
            review=sum(1 for kind, _, _ in planned if kind == Kind.REVIEW),
            new=sum(1 for kind, _, _ in planned if kind == Kind.NEW),
        )

    def next_due(self, ahead: timedelta = timedelta(0)) -> Due | None:
        """Return the card to study now and why, or None when nothing is due yet.

        With `ahead`, a learning card due within that time is shown early once
        nothing else is left (Anki's "learn ahead").
        """
        now = self._now()
        self._ensure_plan(now)
        while self._front:
            card_id = self._front[-1]
            memory = self.store.available_memory(card_id, now)
            if memory is not None:
                kind = _kind(memory)
                return self._due(card_id, kind, memory, now, "shown again after undo")
            self._front.pop()
        learning = self._learning_due(now, now)
        if learning:
            card_id, memory = min(learning, key=lambda item: item[1].due)
            return self._due(card_id, Kind.LEARNING, memory, now)
        planned = self._planned(now)
        if planned:
            kind, card_id, memory = planned[0]
            return self._due(card_id, kind, memory, now)
        early = self._learning_due(now, now + ahead) if ahead else []
        if early:
            card_id, memory = min(early, key=lambda item: item[1].due)
            return self._due(card_id, Kind.LEARNING, memory, now)
        return None

    def learning_due_later(self) -> datetime | None:
        """Return when the next learning card comes back today, if one does."""
        now = self._now()
        waiting = self._learning_due(now, self._last_moment(now))
        return min((m.due for _, m in waiting if m.due is not None), default=None)

    def _due(
        self, card_id: str, kind: Kind, memory: Memory, now: datetime, reason: str = ""
    ) -> Due:
        card = self.store.get_card(card_id)
        if not reason:
            reason = self._reason(kind, memory, now)
        self._current = Due(card=card, kind=kind, memory=memory, reason=reason)
        return self._current

    def _reason(self, kind: Kind, memory: Memory, now: datetime) -> str:
        if kind == Kind.NEW:
            return "new card"
        assert memory.due is not None
        if memory.due > now:
            when = f"due in {format_interval(memory.due - now)}"
        else:
            when = f"due {format_interval(now - memory.due)} ago"
        if kind == Kind.LEARNING:
            step = "relearning" if memory.state == CardState.RELEARNING else "learning"
            return f"{step} step, {when}"
        recall = scheduler.retrievability(memory, now, self.settings.scheduler)
        return f"review, {when}, predicted recall {recall:.0%}"

    # -- answering --------------------------------------------------------------------

    @property
    def current(self) -> Due | None:
        """The card being studied (the last one `next_due` returned)."""
        return self._current

    def answer(self, card: Card, text: str, elapsed: timedelta) -> Verdict:
        """Grade a typed answer to `card` against its key points (empty = "I don't know")."""
        verdict = checker.check(
            card, text, self.store.glossary(card.deck), self.store.related_cards(card)
        )
        self._verdict = verdict
        self._answer = text
        self._elapsed = elapsed
        return verdict

    def override_point(self, index: int) -> Verdict:
        """Mark a missed or contradicted key point as covered; return the re-scored verdict."""
        verdict = self._verdict
        if verdict is None:
            raise ValueError("answer a card before overriding a key point")
        points = tuple(
            replace(p, status=PointStatus.COVERED) if p.index == index else p
            for p in verdict.points
        )
        card = self._require_current().card
        # The learner says the answer does address this card: no longer "another card's".
        self._verdict = rescore(card, replace(verdict, points=points, answers_other=None))
        return self._verdict

    def save_alias(self, index: int, phrase: str) -> None:
        """Record the learner's phrase as an alias suggestion for one key point."""
        due = self._current
        if due is None:
            raise ValueError("no card to attach an alias to")
        self.store.add_alias(due.card.id, index, phrase.strip(), self._now())

    def intervals(self) -> dict[Rating, timedelta]:
        """Return the next interval each rating would give the current card."""
        due = self._require_current()
        now = self._now()
        shown = scheduler.preview(due.memory, now, self.settings.scheduler, self.rng)
        return {rating: scheduler.interval(memory, now) for rating, memory in shown.items()}

    def _require_current(self) -> Due:
        if self._current is None:
            raise ValueError("no current card: call next_due() first")
        return self._current

    def rate(self, rating: Rating) -> Rated:
        """Schedule the current card with `rating` and commit the review before returning."""
        due = self._require_current()
        now = self._now()
        if self.session_id is None:
            self.session_id = self.store.start_session(self.started)
        before = self.store.card_memory(due.card.id)
        after = scheduler.review(before, rating, now, self.settings.scheduler, self.rng)
        verdict = self._verdict if self._verdict and self._verdict.card_id == due.card.id else None
        review = Review(
            card_id=due.card.id,
            reviewed_at=now,
            rating=rating,
            before=before,
            after=after,
            # A card without key points has nothing to suggest: the learner rated it alone.
            suggested=verdict.rating if verdict and verdict.points else None,
            answer=self._answer if verdict else "",
            score=verdict.score if verdict else None,
            duration_ms=int(self._elapsed.total_seconds() * 1000),
            points=verdict.points if verdict else (),
            session_id=self.session_id,
        )
        review_id = self.store.record_review(review)
        review = replace(review, id=review_id)
        self._run[before.state] += 1
        self._done.add(due.card.id)
        if self._front and self._front[-1] == due.card.id:
            self._front.pop()
        self._current = None
        self._verdict = None
        self._answer = ""
        return Rated(review=review, leech=self._check_leech(review))

    def _check_leech(self, review: Review) -> str:
        # Anki: a leech at the threshold, then again every half threshold.
        threshold = self.settings.values.leech_threshold
        lapses = review.after.lapses
        if lapses <= review.before.lapses or lapses < threshold:
            return ""
        if (lapses - threshold) % max(1, threshold // 2):
            return ""
        self.store.set_leech(review.card_id, True)
        self.store.set_suspended(review.card_id, True)
        assert review.id is not None
        self._leech_reviews[review.id] = review.card_id
        return (
            f"{review.card_id} is a leech ({lapses} lapses): marked as a leech and suspended. "
            f"Rewrite or split it, then: quiz.py unsuspend {review.card_id}"
        )

    def undo(self) -> Review | None:
        """Remove the last recorded review (of any session) and show that card next."""
        review = self.store.undo_last_review()
        if review is None:
            return None
        if review.session_id is not None and review.session_id == self.session_id:
            self._run[review.before.state] -= 1
        if review.id in self._leech_reviews:
            card_id = self._leech_reviews.pop(review.id)
            self.store.set_suspended(card_id, False)
            self.store.set_leech(card_id, False)
        self._plan_day = None  # the daily budgets changed: plan again from the store
        self._front.append(review.card_id)
        self._current = None
        self._verdict = None
        return review

    def bury(self, card_id: str | None = None) -> datetime:
        """Hide a card (the current one by default) until the next day starts; return when."""
        now = self._now()
        if card_id is None:
            card_id = self._require_current().card.id
            self._current = None
        until = self.day_end(now)
        self.store.bury(card_id, until)
        self._done.add(card_id)
        if card_id in self._front:
            self._front.remove(card_id)
        return until

    # -- the end ----------------------------------------------------------------------

    def next_due_at(self) -> datetime | None:
        """Return when the next card (not new) becomes due, for "come back at ..."."""
        now = self._now()
        return self.store.next_due_at(now, deck=self.deck, tag=self.tag)

    def summary(self) -> Summary:
        """Return what this session did and what is left."""
        now = self._now()
        mine = self.store.session_reviews(self.session_id) if self.session_id else []
        ratings = {rating: 0 for rating in Rating}
        for review in mine:
            ratings[review.rating] += 1
        tally = self.store.review_tally(self.day_start(now), now + timedelta(seconds=1))
        today = [rating for state, rating in tally if state == CardState.REVIEW]
        passed = sum(1 for rating in today if rating != Rating.AGAIN)
        return Summary(
            cards_done=len({r.card_id for r in mine}),
            ratings=ratings,
            elapsed=now - self.started,
            retention_today=passed / len(today) if today else None,
            reviews_today=len(today),
            next_due=self.next_due_at(),
            counts_left=self.counts(),
        )

    def end(self) -> Summary:
        """Close the session in the store and return its summary."""
        summary = self.summary()
        if self.session_id is not None:
            self.store.end_session(self.session_id, self._now())
        return summary


def _kind(memory: Memory) -> Kind:
    if memory.state == CardState.NEW:
        return Kind.NEW
    if memory.state == CardState.REVIEW:
        return Kind.REVIEW
    return Kind.LEARNING
