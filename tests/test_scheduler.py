"""Scheduling agrees with the fsrs package, fuzz is reproducible, replay rebuilds state."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import scheduler
from engine.errors import SettingError
from engine.model import CardState, Memory, Rating, Review

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
NO_FUZZ = scheduler.SchedulerConfig(fuzz=False)


def _fsrs_days(ratings: list[Rating]) -> list[float]:
    """Review one card with fsrs directly, each time on its due date; return the intervals."""
    sched = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=START)
    now, out = START, []
    for rating in ratings:
        card, _ = sched.review_card(card, fsrs.Rating(int(rating)), review_datetime=now)
        out.append((card.due - now) / timedelta(days=1))
        now = card.due
    return out


def _our_days(ratings: list[Rating], config=NO_FUZZ, rng=None) -> tuple[list[float], Memory]:
    memory, now, out = Memory(), START, []
    for rating in ratings:
        memory = scheduler.review(memory, rating, now, config, rng)
        out.append((memory.due - now) / timedelta(days=1))
        now = memory.due
    return out, memory


def test_good_six_times_matches_fsrs_and_the_pinned_golden_intervals():
    ratings = [Rating.GOOD] * 6
    days, memory = _our_days(ratings)
    assert days == _fsrs_days(ratings)
    # 10 minutes (second learning step), then whole days.
    assert days == [10 / 1440, 2, 11, 46, 163, 498]
    assert memory.state == CardState.REVIEW
    assert memory.reps == 6 and memory.lapses == 0


def test_mixed_ratings_match_fsrs_including_a_lapse_and_relearning():
    ratings = [Rating.EASY, Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.GOOD]
    days, memory = _our_days(ratings)
    assert days == _fsrs_days(ratings)
    assert days == [8, 39, 10 / 1440, 15 / 1440, 3, 7]
    assert memory.lapses == 1


def test_stability_and_difficulty_equal_fsrs_after_each_review():
    sched = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=START)
    memory, now = Memory(), START
    for rating in [Rating.HARD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY]:
        card, _ = sched.review_card(card, fsrs.Rating(int(rating)), review_datetime=now)
        memory = scheduler.review(memory, rating, now, NO_FUZZ)
        assert (memory.stability, memory.difficulty, memory.due, memory.step) == (
            card.stability,
            card.difficulty,
            card.due,
            card.step,
        )
        assert int(memory.state) == int(card.state)
        now = card.due + timedelta(hours=3)


def test_a_new_card_answered_again_stays_in_learning_and_is_not_a_lapse():
    memory = scheduler.review(Memory(), Rating.AGAIN, START, NO_FUZZ)
    assert memory.state == CardState.LEARNING
    assert memory.due == START + timedelta(minutes=1)
    assert (memory.reps, memory.lapses) == (1, 0)


def test_lapses_count_only_again_on_a_review_card():
    ratings = [Rating.EASY, Rating.AGAIN, Rating.AGAIN, Rating.GOOD, Rating.AGAIN]
    memory, now = Memory(), START
    states = []
    for rating in ratings:
        states.append(memory.state)
        memory = scheduler.review(memory, rating, now, NO_FUZZ)
        now = memory.due
    # Again on REVIEW (2nd), Again on RELEARNING (3rd, not a lapse), Again on REVIEW (5th).
    assert states[1] == CardState.REVIEW and states[2] == CardState.RELEARNING
    assert memory.lapses == 2
    assert memory.reps == 5


def test_naive_datetimes_are_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduler.review(Memory(), Rating.GOOD, datetime(2024, 3, 1, 9), NO_FUZZ)
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduler.retrievability(Memory(), datetime(2024, 3, 1), NO_FUZZ)


def test_a_local_timezone_gives_the_same_result_as_utc():
    local = START.astimezone(ZoneInfo("America/New_York"))
    assert scheduler.review(Memory(), Rating.EASY, local, NO_FUZZ) == scheduler.review(
        Memory(), Rating.EASY, START, NO_FUZZ
    )


def test_fuzz_is_reproducible_with_a_seeded_generator():
    ratings = [Rating.GOOD] * 7
    config = scheduler.SchedulerConfig()
    first, _ = _our_days(ratings, config, random.Random(7))
    again, _ = _our_days(ratings, config, random.Random(7))
    other, _ = _our_days(ratings, config, random.Random(8))
    assert first == again
    assert first != other


def test_fuzz_equals_fsrs_own_fuzz_for_the_same_random_number(monkeypatch):
    """fsrs draws from the global random(); feed it the number our generator draws."""
    memory, now = Memory(), START
    card = fsrs.Card(card_id=1, due=START)
    sched = fsrs.Scheduler(enable_fuzzing=True)
    config = scheduler.SchedulerConfig()
    for seed in range(8):
        rng = random.Random(seed)
        drawn = random.Random(seed).random()
        monkeypatch.setattr(fsrs.scheduler, "random", lambda d=drawn: d)
        card, _ = sched.review_card(card, fsrs.Rating.Good, review_datetime=now)
        memory = scheduler.review(memory, Rating.GOOD, now, config, rng)
        assert memory.due == card.due
        now = card.due


def test_fuzzed_intervals_stay_in_the_fsrs_window():
    config = scheduler.SchedulerConfig()
    memory = scheduler.review(Memory(), Rating.EASY, START, NO_FUZZ)
    now = memory.due
    plain = scheduler.review(memory, Rating.GOOD, now, NO_FUZZ)
    base = (plain.due - now).days
    low, high = scheduler.fuzz_range(base, config.maximum_interval)
    assert low < base < high
    rng = random.Random(1)
    seen = set()
    for _ in range(300):
        fuzzed = scheduler.review(memory, Rating.GOOD, now, config, rng)
        seen.add((fuzzed.due - now).days)
        assert fuzzed.stability == plain.stability
    # fsrs rounds u * (high - low + 1) + low, so high + 1 is reachable (rarely).
    assert low in seen and high in seen
    assert seen <= set(range(low, high + 2))


def test_short_intervals_and_learning_steps_are_never_fuzzed():
    config = scheduler.SchedulerConfig()
    rng = random.Random(3)
    state = rng.getstate()
    memory = scheduler.review(Memory(), Rating.GOOD, START, config, rng)
    assert memory.due == START + timedelta(minutes=10)
    memory = scheduler.review(memory, Rating.GOOD, memory.due, config, rng)
    assert (memory.due - memory.last_review) == timedelta(days=2)
    assert rng.getstate() == state


def test_fuzz_respects_the_maximum_interval():
    config = scheduler.SchedulerConfig(maximum_interval=30)
    memory, now, rng = Memory(), START, random.Random(5)
    for _ in range(8):
        memory = scheduler.review(memory, Rating.EASY, now, config, rng)
        assert memory.due - now <= timedelta(days=30)
        now = memory.due
    assert memory.due - memory.last_review >= timedelta(days=27)


@settings(max_examples=40, deadline=None)
@given(
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=8),
    seed=st.integers(0, 2**32),
)
def test_preview_shows_exactly_what_review_then_applies(ratings, seed):
    config = scheduler.SchedulerConfig()
    rng = random.Random(seed)
    memory, now = Memory(), START
    for rating in ratings:
        shown = scheduler.preview(memory, now, config, rng)
        applied = scheduler.review(memory, rating, now, config, rng)
        assert applied == shown[rating]
        memory, now = applied, applied.due + timedelta(hours=5)


def test_preview_does_not_advance_the_generator():
    rng = random.Random(11)
    state = rng.getstate()
    memory = scheduler.review(Memory(), Rating.EASY, START, NO_FUZZ)
    scheduler.preview(memory, memory.due, scheduler.SchedulerConfig(), rng)
    assert rng.getstate() == state


def test_preview_intervals_grow_with_the_rating():
    memory = scheduler.review(Memory(), Rating.GOOD, START, NO_FUZZ)
    memory = scheduler.review(memory, Rating.GOOD, memory.due, NO_FUZZ)
    now = memory.due
    shown = scheduler.preview(memory, now, NO_FUZZ)
    gaps = [scheduler.interval(shown[r], now) for r in Rating]
    assert gaps == sorted(gaps)
    assert gaps[0] == timedelta(minutes=10)  # Again: first relearning step


def _log(ratings: list[Rating]) -> tuple[list[Review], Memory]:
    memory, now, log = Memory(), START, []
    for i, rating in enumerate(ratings):
        after = scheduler.review(memory, rating, now, NO_FUZZ)
        log.append(Review(card_id="c", reviewed_at=now, rating=rating, before=memory, after=after))
        memory = after
        now = after.due + timedelta(hours=i)
    return log, memory


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list(Rating)), max_size=10))
def test_replay_equals_sequential_review(ratings):
    log, memory = _log(ratings)
    assert scheduler.replay(log, NO_FUZZ) == memory
    assert scheduler.replay(reversed(log), NO_FUZZ) == memory


def test_replay_under_other_settings_reschedules():
    log, memory = _log([Rating.GOOD] * 5)
    stricter = scheduler.SchedulerConfig(desired_retention=0.95, fuzz=False)
    rebuilt = scheduler.replay(log, stricter)
    assert rebuilt.reps == memory.reps
    assert rebuilt.due < memory.due


def test_retrievability_is_zero_for_new_cards_and_decays_with_time():
    assert scheduler.retrievability(Memory(), START, NO_FUZZ) == 0.0
    memory = scheduler.review(Memory(), Rating.EASY, START, NO_FUZZ)
    at_due = scheduler.retrievability(memory, memory.due, NO_FUZZ)
    later = scheduler.retrievability(memory, memory.due + timedelta(days=30), NO_FUZZ)
    assert at_due == pytest.approx(0.9, abs=0.01)
    assert 0 < later < at_due < scheduler.retrievability(memory, START, NO_FUZZ) == 1.0


def test_desired_retention_changes_intervals():
    relaxed = scheduler.SchedulerConfig(desired_retention=0.8, fuzz=False)
    memory = scheduler.review(Memory(), Rating.EASY, START, relaxed)
    default = scheduler.review(Memory(), Rating.EASY, START, NO_FUZZ)
    assert memory.due > default.due


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"desired_retention": 1.0}, "desired_retention"),
        ({"desired_retention": 0}, "desired_retention"),
        ({"learning_steps": (timedelta(0),)}, "learning_steps"),
        ({"relearning_steps": (timedelta(minutes=-1),)}, "relearning_steps"),
        ({"maximum_interval": 0}, "maximum_interval"),
        ({"parameters": (1.0,) * 3}, "parameters"),
    ],
)
def test_bad_settings_raise_setting_error_naming_the_key(kwargs, key):
    with pytest.raises(SettingError, match=key):
        scheduler.SchedulerConfig(**kwargs)


def test_no_learning_steps_sends_a_new_card_straight_to_review():
    config = scheduler.SchedulerConfig(learning_steps=(), fuzz=False)
    memory = scheduler.review(Memory(), Rating.AGAIN, START, config)
    assert memory.state == CardState.REVIEW
    assert memory.due - START >= timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(
    stability=st.floats(min_value=0.01, max_value=36500),
    elapsed=st.integers(min_value=0, max_value=4000),
    extra_hours=st.integers(min_value=0, max_value=23),
    parameters=st.sampled_from(
        [scheduler.DEFAULT_PARAMETERS, scheduler.DEFAULT_PARAMETERS[:20] + (0.5,)]
    ),
)
def test_the_forgetting_curve_equals_fsrs_own_retrievability(
    stability, elapsed, extra_hours, parameters
):
    config = scheduler.SchedulerConfig(fuzz=False, parameters=parameters)
    memory = Memory(
        state=CardState.REVIEW, stability=stability, difficulty=5.0, due=START, last_review=START
    )
    now = START + timedelta(days=elapsed, hours=extra_hours)
    fast = scheduler.forgetting_curve(parameters)(elapsed, stability)
    assert fast == scheduler.retrievability(memory, now, config)
