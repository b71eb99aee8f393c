"""FSRS-6 scheduling through the `fsrs` package: review, preview, retrievability, replay.

Pure functions over `model.Memory`: the clock and the random generator are arguments.
fsrs fuzzes intervals with the global `random` module, so it always runs here with
fuzzing off and the same fuzz is applied afterwards with an injected `random.Random`.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs

from engine.errors import SettingError
from engine.model import CardState, Memory, Rating, Review

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)

# fsrs.scheduler.FUZZ_RANGES: (start day, end day, factor); the fuzz window grows with
# the interval, piecewise linearly. Copied so the fuzz below matches fsrs exactly.
_FUZZ_RANGES = tuple((r["start"], r["end"], r["factor"]) for r in fsrs.scheduler.FUZZ_RANGES)


@dataclass(frozen=True, slots=True)
class SchedulerConfig:
    """The learner's scheduling settings; field names are the setting keys."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    fuzz: bool = True
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS

    def __post_init__(self) -> None:
        if not 0.0 < self.desired_retention < 1.0:
            raise SettingError(
                f"desired_retention must be between 0 and 1 (exclusive), "
                f"got {self.desired_retention}"
            )
        for key in ("learning_steps", "relearning_steps"):
            steps = getattr(self, key)
            if any(step <= timedelta(0) for step in steps):
                raise SettingError(f"{key} must all be positive durations, got {steps}")
        if not isinstance(self.maximum_interval, int) or self.maximum_interval < 1:
            raise SettingError(
                f"maximum_interval must be a whole number of days >= 1, got {self.maximum_interval}"
            )
        try:
            _fsrs_scheduler(self)
        except ValueError as exc:
            raise SettingError(f"parameters: {exc}") from exc


@functools.lru_cache(maxsize=8)
def _fsrs_scheduler(config: SchedulerConfig) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        parameters=config.parameters,
        desired_retention=config.desired_retention,
        learning_steps=config.learning_steps,
        relearning_steps=config.relearning_steps,
        maximum_interval=config.maximum_interval,
        enable_fuzzing=False,
    )


def _utc(moment: datetime, name: str = "now") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(UTC)


def _to_fsrs(memory: Memory, now: datetime) -> fsrs.Card:
    # card_id and due are always given: fsrs would otherwise read the wall clock and sleep.
    if memory.state == CardState.NEW:
        return fsrs.Card(card_id=0, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(memory.state)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=_utc(memory.due, "memory.due") if memory.due else now,
        last_review=_utc(memory.last_review, "memory.last_review") if memory.last_review else None,
    )


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """Return fsrs's (min, max) fuzzed interval in days for an unfuzzed interval."""
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


def _fuzzed_days(interval_days: int, maximum_interval: int, rng: random.Random) -> int:
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_range(interval_days, maximum_interval)
    # Same expression as fsrs's _get_fuzzed_interval, with the injected generator.
    return min(round(rng.random() * (high - low + 1) + low), maximum_interval)


def review(
    memory: Memory,
    rating: Rating,
    now: datetime,
    config: SchedulerConfig,
    rng: random.Random | None = None,
) -> Memory:
    """Return the memory after answering with `rating` at `now`.

    The interval is fuzzed when `config.fuzz` is on and `rng` is given; exactly one
    number is drawn from `rng` then, none otherwise.
    """
    now = _utc(now)
    card, _ = _fsrs_scheduler(config).review_card(
        _to_fsrs(memory, now), fsrs.Rating(int(rating)), review_datetime=now
    )
    due = card.due
    if config.fuzz and rng is not None and card.state == fsrs.State.Review:
        days = (card.due - now).days
        due = now + timedelta(days=_fuzzed_days(days, config.maximum_interval, rng))
    lapsed = memory.state == CardState.REVIEW and rating == Rating.AGAIN
    return Memory(
        state=CardState(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=due,
        last_review=now,
        reps=memory.reps + 1,
        lapses=memory.lapses + int(lapsed),
    )


def preview(
    memory: Memory,
    now: datetime,
    config: SchedulerConfig,
    rng: random.Random | None = None,
) -> dict[Rating, Memory]:
    """Return the memory each rating would give, without advancing `rng`.

    Each rating is computed from a copy of `rng`, so a following
    `review(memory, r, now, config, rng)` returns exactly `preview(...)[r]`.
    """
    out = {}
    for rating in Rating:
        copy = None
        if rng is not None:
            copy = random.Random()
            copy.setstate(rng.getstate())
        out[rating] = review(memory, rating, now, config, copy)
    return out


def retrievability(memory: Memory, now: datetime, config: SchedulerConfig) -> float:
    """Return the predicted probability of recalling the card at `now` (0 for NEW)."""
    now = _utc(now)
    if memory.state == CardState.NEW or memory.stability is None:
        return 0.0
    return float(_fsrs_scheduler(config).get_card_retrievability(_to_fsrs(memory, now), now))


def curve_terms(parameters: tuple[float, ...] = DEFAULT_PARAMETERS) -> tuple[float, float]:
    """Return (factor, power) of FSRS-6's forgetting curve R = (1 + factor * t / S) ** power.

    `t` is whole days since the last review and `S` the stability; power is minus
    parameters[20] (the decay). For code that evaluates the curve itself, e.g. in SQL.
    """
    power = -parameters[20]
    return 0.9 ** (1 / power) - 1, power


def forgetting_curve(
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS,
) -> Callable[[int, float], float]:
    """Return FSRS-6's R(elapsed_days, stability) for these parameters, as plain math.

    The same value as `retrievability` (and fsrs's own) for a card last reviewed
    `elapsed_days` whole days ago, without building an fsrs card.
    """
    factor, power = curve_terms(parameters)

    def recall(elapsed_days: int, stability: float) -> float:
        return (1 + factor * max(elapsed_days, 0) / stability) ** power

    return recall


def replay(
    reviews: Iterable[Review],
    config: SchedulerConfig,
    rng: random.Random | None = None,
) -> Memory:
    """Rebuild a card's memory by reviewing it again with each logged rating, oldest first."""
    memory = Memory()
    for item in sorted(reviews, key=lambda r: _utc(r.reviewed_at, "reviewed_at")):
        memory = review(memory, item.rating, item.reviewed_at, config, rng)
    return memory


def interval(memory: Memory, now: datetime) -> timedelta:
    """Return how long after `now` the memory is due (zero when due already or NEW)."""
    if memory.due is None:
        return timedelta(0)
    return max(timedelta(0), _utc(memory.due, "memory.due") - _utc(now))


__all__ = [
    "DEFAULT_PARAMETERS",
    "SchedulerConfig",
    "curve_terms",
    "forgetting_curve",
    "fuzz_range",
    "interval",
    "preview",
    "replay",
    "retrievability",
    "review",
]
