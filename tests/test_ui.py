"""The study screen driven through a prompt_toolkit pipe; assertions are on the SQLite file."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import ui
from engine.importer import import_paths
from engine.model import CardState, Memory, PointStatus, Rating
from engine.session import Session, Summary
from engine.store import Store

DECK = Path(__file__).parent / "fixtures" / "decks" / "study" / "aws-study.md"
TOKYO = ZoneInfo("Asia/Tokyo")
SUBMIT = "\x1b\r"  # Esc then Enter
CTRL_C = "\x03"
FIRST, SECOND = "user-vs-role", "explicit-deny"


class Clock:
    """A hand-moved clock in the learner's timezone."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 11, 19, 30, tzinfo=TOKYO)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_path, clock):
    s = Store(db_path)
    import_paths(s, [DECK], now=clock())
    yield s
    s.close()


def run(session: Session, *keys: str) -> Summary:
    """Type `keys` into the study screen and return what it returned on exit."""

    async def drive() -> Summary:
        with create_pipe_input() as pipe:
            app = ui.build_app(session, input=pipe, output=DummyOutput())
            pipe.send_text("".join(keys))
            return await asyncio.wait_for(app.run_async(), timeout=20)

    return asyncio.run(drive())


def _session(store: Store, clock: Clock, **kwargs) -> Session:
    return Session(store, clock, random.Random(3), **kwargs)


def _sessions_table(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT id, started_at, ended_at FROM sessions").fetchall()


def test_answer_then_enter_records_the_suggested_rating(store, clock, db_path):
    typed = "A user has long-lived access keys.\nA role gives temporary credentials via STS."
    summary = run(_session(store, clock), typed, SUBMIT, "\r", CTRL_C)
    (review,) = store.reviews_for(FIRST)
    assert review.answer == typed
    assert review.rating == review.suggested
    assert review.before == Memory()
    assert review.after == store.card_memory(FIRST)
    assert [p.index for p in review.points] == [0, 1]
    assert review.score is not None and 0 <= review.score <= 1
    assert store.reviews_for(SECOND) == []
    assert summary.cards_done == 1
    assert summary.ratings[review.rating] == 1
    # The session row was opened for the rating and closed on quit.
    ((_, started, ended),) = _sessions_table(db_path)
    assert started and ended


def test_a_number_key_overrides_the_suggestion(store, clock):
    run(_session(store, clock), SUBMIT, "3", CTRL_C)  # empty answer: "I don't know"
    (review,) = store.reviews_for(FIRST)
    assert review.answer == ""
    assert review.suggested == Rating.AGAIN
    assert review.rating == Rating.GOOD
    assert all(p.status == PointStatus.MISSED for p in review.points)


def test_arrows_move_the_selection_and_enter_accepts_it(store, clock):
    run(_session(store, clock), SUBMIT, "\x1b[C", "\x1b[C", "\r", CTRL_C)  # → →
    (review,) = store.reviews_for(FIRST)
    assert (review.suggested, review.rating) == (Rating.AGAIN, Rating.GOOD)


def test_undo_from_the_next_question_restores_the_card_and_asks_it_again(store, clock):
    keys = ["users: long-lived keys", SUBMIT, "1", "\x1bu", SUBMIT, "4", CTRL_C]
    run(_session(store, clock), *keys)
    (review,) = store.reviews_for(FIRST)
    # The undone Again is gone; the card was asked again with the answer filled in.
    assert review.rating == Rating.EASY
    assert review.answer == "users: long-lived keys"
    assert review.before == Memory()
    assert store.reviews_for(SECOND) == []


def test_undo_on_the_rating_screen_reaches_back_into_an_earlier_session(store, clock):
    run(_session(store, clock), SUBMIT, "4", CTRL_C)
    assert store.card_memory(FIRST).state == CardState.REVIEW
    clock.now += timedelta(hours=1)
    run(_session(store, clock), SUBMIT, "u", "u", CTRL_C)
    assert store.reviews_for(FIRST) == []
    assert store.card_memory(FIRST) == Memory()
    assert store.reviews_for(SECOND) == []


def test_bury_hides_the_card_until_the_next_day_starts(store, clock):
    run(_session(store, clock), "\x1bs", SUBMIT, "s", SUBMIT, "\r", CTRL_C)
    tomorrow_4am = datetime(2026, 5, 12, 4, 0, tzinfo=TOKYO)
    assert store.card_info(FIRST).buried_until == tomorrow_4am
    assert store.card_info(SECOND).buried_until == tomorrow_4am
    (review,) = store.reviews_for("sg-stateful")
    assert review.rating == review.suggested
    assert store.reviews_for(FIRST) == [] and store.reviews_for(SECOND) == []


def test_q_on_the_rating_screen_quits_without_rating(store, clock, db_path):
    summary = run(_session(store, clock), "half an answer", SUBMIT, "q")
    assert store.reviews_for(FIRST) == []
    assert summary.cards_done == 0
    assert _sessions_table(db_path) == []  # no rating, no session row


def test_ctrl_c_while_typing_quits_and_keeps_earlier_ratings(store, clock):
    summary = run(_session(store, clock), SUBMIT, "2", "typing the second", CTRL_C)
    assert [r.rating for r in store.reviews_for(FIRST)] == [Rating.HARD]
    assert store.reviews_for(SECOND) == []
    assert summary.cards_done == 1


def test_marking_a_missed_point_covered_rescores_and_saves_the_phrase(store, clock):
    typed = "Users keep long-lived access keys. Roles are what EC2 instances wear."
    keys = [typed, SUBMIT, "c", "what EC2 instances wear", "\r", "\r", CTRL_C]
    run(_session(store, clock), *keys)
    (review,) = store.reviews_for(FIRST)
    assert [p.status for p in review.points] == [PointStatus.COVERED, PointStatus.COVERED]
    assert review.score == pytest.approx(1.0)
    assert review.rating == review.suggested == Rating.EASY
    (alias,) = store.list_aliases(FIRST)
    assert (alias.point, alias.phrase) == (1, "what EC2 instances wear")


def test_escape_skips_the_phrase_but_keeps_the_point_covered(store, clock):
    keys = ["Users keep long-lived access keys.", SUBMIT, "c", "\x1b", "1", CTRL_C]
    run(_session(store, clock), *keys)
    (review,) = store.reviews_for(FIRST)
    assert review.points[1].status == PointStatus.COVERED
    assert review.rating == Rating.AGAIN
    assert store.list_aliases() == []


def test_the_done_screen_allows_undo_and_quits_with_enter(store, clock):
    session = _session(store, clock, new_limit=1)
    summary = run(session, SUBMIT, "1", "u", "the answer", SUBMIT, "4", "\r")
    (review,) = store.reviews_for(FIRST)
    assert (review.rating, review.answer) == (Rating.EASY, "the answer")
    assert summary.cards_done == 1
    assert summary.counts_left.new == 0


def test_a_learning_step_can_be_studied_early_from_the_waiting_screen(store, clock):
    session = _session(store, clock, new_limit=1)
    # Good on a new card: back in 10 minutes; n studies it now; Good again graduates it.
    summary = run(session, SUBMIT, "3", "n", SUBMIT, "3", "q")
    ratings = [r.rating for r in store.reviews_for(FIRST)]
    assert ratings == [Rating.GOOD, Rating.GOOD]
    assert store.card_memory(FIRST).state == CardState.REVIEW
    assert summary.counts_left.total == 0


def test_the_rating_labels_show_the_intervals_that_are_applied(store, clock):
    session = _session(store, clock)
    screen = ui.StudyScreen(session, input=None, output=DummyOutput())
    screen.editor.text = "users are long-lived"
    screen.submit()
    label = "".join(text for _, text, *_ in screen._ratings())
    shown = screen.state.intervals[Rating.HARD]
    assert f"2 Hard · {ui.format_interval(shown)}" in label
    screen.rate(Rating.HARD)
    (review,) = store.reviews_for(FIRST)
    assert review.after.due - review.reviewed_at == shown
    assert screen.state.notice.startswith("Saved Hard")


def test_control_sequences_from_a_deck_never_reach_the_terminal():
    nasty = "What is \x1b]0;pwned\x07 this?\x1b[2J \x9b31m"
    lines = ui.render_ansi(ui.markdown(nasty), 60)
    joined = "\n".join(lines)
    assert "\x1b]" not in joined and "\x1b[2J" not in joined and "\x9b" not in joined
    assert "What is ]0;pwned this?[2J 31m" in ui._ANSI_CODE.sub("", joined)


def test_a_quiz_questions_options_stay_one_per_line_and_its_code_stays_code():
    question = (
        "What does this print?\n```python\nx = 1\ny = 2\nprint(x + y)\n```\n"
        "A: 3\nB: 12\nC: an error"
    )
    lines = [
        ui._ANSI_CODE.sub("", x).strip() for x in ui.render_ansi(ui.question_markdown(question), 60)
    ]
    assert [x for x in lines if x] == [
        "What does this print?",
        "x = 1",
        "y = 2",
        "print(x + y)",
        "A: 3",
        "B: 12",
        "C: an error",
    ]


def test_with_several_missed_points_the_learner_picks_one_by_number(store, clock):
    keys = [SUBMIT, "c", "7\r", "2\r", "\r", "\r", CTRL_C]  # 7 is refused, 2 is taken
    run(_session(store, clock), *keys)
    (review,) = store.reviews_for(FIRST)
    assert [p.status for p in review.points] == [PointStatus.MISSED, PointStatus.COVERED]
    assert review.score == pytest.approx(0.5)
    assert review.rating == review.suggested == Rating.HARD
    assert store.list_aliases() == []


def test_a_card_without_key_points_is_rated_by_the_learner_alone(store, clock):
    for card_id in ("user-vs-role", "explicit-deny", "sg-stateful", "nacl", "s3-name"):
        store.set_suspended(card_id, True)
    run(_session(store, clock), "a rule that expires logs", SUBMIT, "\r", CTRL_C)
    (review,) = store.reviews_for("s3-lifecycle")
    assert review.points == ()
    assert review.suggested is None
    assert review.rating == Rating.GOOD  # preselected, since nothing was graded


def test_an_answer_to_a_related_card_is_named_on_screen_until_the_learner_credits_it(
    db_path, clock
):
    related = Path(__file__).parent / "fixtures" / "decks" / "related" / "azs.md"
    with Store(db_path) as s:
        import_paths(s, [related], now=clock())
        s.set_suspended("multi-az", True)
        session = _session(s, clock)
        screen = ui.StudyScreen(session, input=None, output=DummyOutput())
        screen.editor.text = "Run the app in two AZs behind a load balancer, with Multi-AZ RDS."
        screen.submit()
        shown = " ".join(ui._ANSI_CODE.sub("", "\n".join(screen._rendered())).split())
        assert "This reads as the answer to a related card" in shown
        assert "How do you make an application highly available within a Region?" in shown
        screen._mark_covered(2)  # The learner disagrees: "two AZs" does say that.
        assert screen.state.verdict.answers_other is None
        shown = " ".join(ui._ANSI_CODE.sub("", "\n".join(screen._rendered())).split())
        assert "This reads as the answer to a related card" not in shown
        screen.rate(screen.state.verdict.rating)
        (review,) = s.reviews_for("region-vs-az")
        covered, missed = PointStatus.COVERED, PointStatus.MISSED
        assert [p.status for p in review.points] == [missed, missed, covered, missed]
