"""Progress stats and the review-log export, on a constructed history with known answers.

The history below is recorded with `Store.record_review` at fixed times, each memory
computed by `engine.scheduler.review` (fuzz off), so every state is a real FSRS one.
Counts are worked out by hand in the comments; figures that come from FSRS's
forgetting curve (predicted recall, readiness, lowest cards) are checked against
`scheduler.retrievability`, which asks the fsrs package itself.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

import quiz
from engine import migrations, scheduler, stats
from engine.importer import import_paths
from engine.model import Card, CardState, Memory, PointResult, PointStatus, Rating, Review
from engine.store import ImportBatch, Store
from quiz import cli

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "tests" / "fixtures" / "decks" / "stats"
NO_FUZZ = scheduler.SchedulerConfig(fuzz=False)
TZ = timezone(timedelta(hours=2))  # the learner's zone; days start at 04:00 local
NOW = datetime(2026, 3, 20, 15, 0, tzinfo=TZ)  # a Friday
STATUS = {"c": PointStatus.COVERED, "m": PointStatus.MISSED, "x": PointStatus.CONTRADICTED}
E, G, H, A = Rating.EASY, Rating.GOOD, Rating.HARD, Rating.AGAIN


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


# (card, when, rating, status of each key point: covered/missed/contradicted, ms taken)
HISTORY = [
    ("roles", local(2, 1, 10), E, "cc", 20_000),  # new -> review, due 02-09
    ("roles", local(2, 9, 10), G, "mc", 25_000),  # young (8 d), due 03-20 10:00
    ("old", local(3, 2, 10), E, "c", 15_000),  # new -> review, due 03-10
    ("root", local(3, 10, 9), E, "c", 10_000),  # new -> review, due 03-18: overdue now
    ("old", local(3, 13, 3, 30), G, "c", 15_000),  # 03:30 is still learner day 03-12
    ("s3-versioning", local(3, 16, 9), E, "c", 12_000),  # then suspended
    ("s3-encryption", local(3, 17, 9), G, "mx", 40_000),  # new -> learning
    ("s3-encryption", local(3, 17, 9, 10), G, "mm", 35_000),  # learning -> review, 2 d
    ("iam-users", local(3, 18, 9), G, "m", 50_000),  # new -> learning, due 09:10: overdue
    ("s3-encryption", local(3, 19, 9, 10), H, "cm", 30_000),  # young (2 d), due 03-27
    ("roles", local(3, 20, 10), A, "mx", 30_000),  # mature (39 d), lapses -> relearning
    ("roles", local(3, 20, 10, 20), G, "mc", 20_000),  # relearning -> review, due 03-23
    ("iam-groups", local(3, 20, 11), G, "m", 45_000),  # new -> learning, due 11:10
]


def record(store: Store, card_id: str, at: datetime, rating: Rating, marks: str, ms: int):
    """Grade one answer: the real FSRS memory after, the key points as marked."""
    before = store.card_memory(card_id)
    card = store.get_card(card_id)
    points = tuple(
        PointResult(index=n, text=point.text, status=STATUS[mark])
        for n, (point, mark) in enumerate(zip(card.key_points, marks, strict=True))
    )
    after = scheduler.review(before, rating, at, NO_FUZZ)
    review = Review(card_id, at, rating, before, after, duration_ms=ms, points=points)
    store.record_review(review)
    return review


def build(path: Path) -> list[Review]:
    """Import the two fixture decks, record HISTORY, then suspend, bury, flag and retire."""
    with Store(path) as store:
        import_paths(store, [DECKS], now=local(1, 1, 12))
        reviews = [record(store, *entry) for entry in HISTORY]
        store.set_suspended("s3-versioning", True)
        store.bury("s3-public", NOW + timedelta(hours=20))
        store.set_leech("root", True)
        store.apply_import(ImportBatch(retire=("old",)), now=local(3, 19, 12))
    return reviews


@pytest.fixture
def history(db_path, monkeypatch) -> list[Review]:
    monkeypatch.setattr(quiz, "_clock", lambda: NOW)
    return build(db_path)


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def stats_json(db_path: Path, *args: object) -> dict:
    result = run("--db", db_path, "stats", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fsrs_recall(memory: Memory, at: datetime) -> float:
    """Retrievability as the fsrs package computes it (through its own card objects)."""
    return scheduler.retrievability(memory, at, NO_FUZZ)


# --- the constructed history ---------------------------------------------------------


def test_the_history_has_the_fsrs_states_the_expectations_rely_on(history):
    by_card = {}
    for review in history:
        by_card.setdefault(review.card_id, []).append(review)
    roles = by_card["roles"]
    assert roles[1].after.due == local(3, 20, 10)  # scheduled 39 days: the lapse is mature
    assert roles[2].before.state == CardState.REVIEW and roles[2].after.lapses == 1
    assert roles[3].before.state == CardState.RELEARNING
    assert roles[3].after.due == local(3, 23, 10, 20)
    assert by_card["root"][0].after.due == local(3, 18, 9)
    s3 = by_card["s3-encryption"][2]
    assert s3.before.due - s3.before.last_review == timedelta(days=2)  # young
    assert by_card["s3-encryption"][2].after.due == local(3, 27, 9, 10)
    assert by_card["old"][1].before.due == local(3, 10, 10)  # scheduled 8 days: young


def test_today_counts_work_done_and_work_left(history, db_path):
    today = stats_json(db_path)["today"]
    assert today == {
        "date": "2026-03-20",
        "reviewed": 3,  # roles twice, iam-groups once
        "again": 1,
        "new_seen": 1,  # iam-groups
        "time_ms": 95_000,  # 30 + 20 + 45 s
        # learning: iam-users (overdue) and iam-groups (11:10); review: root (overdue)
        "due_left": 3,
        # new: policy-eval and pod; s3-public is buried until tomorrow
        "new_left": 2,
    }


def test_streak_counts_study_days_back_from_today(history, db_path):
    # 03-16 .. 03-20 each have a review; 03-15 has none (03:30 on the 13th counts for
    # the 12th, the learner's day starting at 04:00).
    assert stats_json(db_path)["streak"] == {"days": 5, "studied_today": True}


def test_heatmap_has_twelve_calendar_weeks_of_review_counts(history, db_path):
    heatmap = stats_json(db_path)["heatmap"]
    # From the Monday eleven weeks before this week's Monday (03-16) to today, Friday.
    assert heatmap[0]["date"] == "2025-12-29" and heatmap[-1]["date"] == "2026-03-20"
    assert len(heatmap) == 11 * 7 + 5
    counted = {d["date"]: d["reviews"] for d in heatmap if d["reviews"]}
    assert counted == {
        "2026-02-01": 1,
        "2026-02-09": 1,
        "2026-03-02": 1,
        "2026-03-10": 1,
        "2026-03-12": 1,  # 03-13 at 03:30
        "2026-03-16": 1,
        "2026-03-17": 2,
        "2026-03-18": 1,
        "2026-03-19": 1,
        "2026-03-20": 3,
    }


def test_true_retention_splits_young_and_mature_and_compares_with_fsrs(history, db_path):
    retention = {r["days"]: r for r in stats_json(db_path)["retention"]}
    # Reviews of cards in the Review state before: old on 03-13 (young, passed; 30 d
    # only), s3-encryption on 03-19 (young, passed), roles on 03-20 (mature, Again).
    old, s3, roles = history[4], history[9], history[10]

    def predicted(*reviews: Review) -> float:
        return sum(fsrs_recall(r.before, r.reviewed_at) for r in reviews) / len(reviews)

    week, month = retention[7], retention[30]
    assert (week["young"]["reviews"], week["young"]["passed"]) == (1, 1)
    assert (week["mature"]["reviews"], week["mature"]["passed"]) == (1, 0)
    assert (week["all"]["reviews"], week["all"]["passed"], week["all"]["retention"]) == (2, 1, 0.5)
    assert (month["young"]["reviews"], month["young"]["passed"]) == (2, 2)
    assert month["young"]["retention"] == 1.0
    assert (month["mature"]["reviews"], month["mature"]["retention"]) == (1, 0.0)
    assert (month["all"]["reviews"], month["all"]["passed"]) == (3, 2)
    assert week["all"]["predicted"] == pytest.approx(predicted(s3, roles), rel=1e-12)
    assert month["all"]["predicted"] == pytest.approx(predicted(old, s3, roles), rel=1e-12)
    assert month["young"]["predicted"] == pytest.approx(predicted(old, s3), rel=1e-12)
    assert month["mature"]["predicted"] == pytest.approx(predicted(roles), rel=1e-12)
    # Sanity of the hand computation: roles waited exactly its 39-day interval.
    assert predicted(roles) == pytest.approx(0.9, abs=0.005)


def test_forecast_counts_reviews_due_each_day_overdue_in_today(history, db_path):
    forecast = stats_json(db_path)["forecast"]
    assert len(forecast) == 30 and forecast[0]["date"] == "2026-03-20"
    due = {d["date"]: d["due"] for d in forecast if d["due"]}
    # Today: iam-users and root (overdue), iam-groups (11:10). Then roles on 03-23 and
    # s3-encryption on 03-27. Suspended, retired and new cards are never due.
    assert due == {"2026-03-20": 3, "2026-03-23": 1, "2026-03-27": 1}


def test_card_states_count_each_card_once(history, db_path):
    assert stats_json(db_path)["states"] == {
        "new": 3,  # policy-eval, s3-public (buried, still new), pod
        "learning": 2,  # iam-users, iam-groups
        "review": 3,  # roles, root, s3-encryption
        "relearning": 0,
        "suspended": 1,  # s3-versioning
        "retired": 1,  # old
    }


def test_readiness_is_mean_recall_per_topic_now_and_on_the_interview_day(history, db_path):
    data = stats_json(db_path, "--on", "2026-04-10")
    with Store(db_path) as store:
        memory = {i.card.id: i.memory for i in store.list_cards()}
    interview = datetime(2026, 4, 10, 12, 0, tzinfo=TZ)

    def mean(ids: list[str], at: datetime) -> float:
        return sum(fsrs_recall(memory[i], at) for i in ids) / len(ids)

    iam = ["roles", "root", "iam-users", "iam-groups", "policy-eval"]  # policy-eval is new: 0
    s3 = ["s3-encryption", "s3-versioning", "s3-public"]  # suspended counts, retired does not
    topics = data["topics"]
    assert [(t["topic"], t["kind"], t["cards"]) for t in topics] == [
        ("IAM", "topic", 5),
        ("Pods", "topic", 1),
        ("S3", "topic", 3),
    ]
    assert topics[0]["readiness"] == pytest.approx(mean(iam, NOW), rel=1e-12)
    assert topics[0]["readiness_on"] == pytest.approx(mean(iam, interview), rel=1e-12)
    assert topics[1]["readiness"] == 0.0 and topics[1]["readiness_on"] == 0.0
    assert topics[2]["readiness"] == pytest.approx(mean(s3, NOW), rel=1e-12)
    assert topics[2]["readiness_on"] == pytest.approx(mean(s3, interview), rel=1e-12)
    everything = [*iam, *s3, "pod"]
    assert data["readiness"]["cards"] == 9
    assert data["readiness"]["readiness"] == pytest.approx(mean(everything, NOW), rel=1e-12)
    # Forgetting only goes one way.
    assert all(t["readiness_on"] <= t["readiness"] for t in topics)


def test_readiness_on_is_left_out_without_an_interview_date(history, db_path):
    topics = stats_json(db_path)["topics"]
    assert all("readiness_on" not in t for t in topics)


def test_a_tag_adds_its_own_readiness_row_and_narrows_everything(history, db_path):
    data = stats_json(db_path, "--tag", "iam")
    assert [(t["topic"], t["kind"], t["cards"]) for t in data["topics"]] == [
        ("iam", "tag", 5),
        ("IAM", "topic", 5),
    ]
    assert data["topics"][0]["readiness"] == data["topics"][1]["readiness"]
    # roles 4, root 1, iam-users 1, iam-groups 1
    assert sum(d["reviews"] for d in data["heatmap"]) == 7
    assert data["states"] == {
        "new": 1,
        "learning": 2,
        "review": 2,
        "relearning": 0,
        "suspended": 0,
        "retired": 0,
    }
    assert [w["card"] for w in data["weak_points"]] == ["roles"]


@pytest.mark.parametrize("tag", ["x_y", "x%y", 'say "hi"', "back\\slash", "ünï"])
def test_a_tag_matches_exactly_whatever_its_characters(db_path, tag):
    others = ["xzy", "x_y_z", "say hi", "backslash", "UNI", "ÜNÏ"]
    cards = [
        Card(id=f"c{n}", deck="D", question=f"Q{n}?", tags=(name,))
        for n, name in enumerate([tag, *others])
    ]
    with Store(db_path) as store:
        store.apply_import(ImportBatch(decks=("D",), inserts=tuple(cards)), now=NOW)
        summary = stats.summary(store, NOW, tag=tag)
    assert summary.states.new == 1 and summary.topics[0].topic == tag


def test_a_deck_narrows_to_its_cards(history, db_path):
    data = stats_json(db_path, "--deck", "Kubernetes")
    assert data["states"]["new"] == 1 and sum(data["states"].values()) == 1
    assert data["reviews"] == 0
    assert [t["topic"] for t in data["topics"]] == ["Pods"]


def test_weakest_key_points_are_the_ones_missed_most_in_recent_reviews(history, db_path):
    weak = stats_json(db_path)["weak_points"]
    # Last 30 days. roles point 1: missed at 10:00 and 10:20 today (the miss on 02-09 is
    # older). s3-encryption: "Keys live in KMS" contradicted, missed, missed; "encrypted
    # at rest" missed, missed, covered. Points missed once are not "kept missing".
    assert [
        (w["topic"], w["card"], w["point"], w["missed"], w["seen"], w["contradicted"]) for w in weak
    ] == [
        ("IAM", "roles", "Roles give temporary credentials", 2, 2, 0),
        ("S3", "s3-encryption", "Keys live in KMS", 3, 3, 1),
        ("S3", "s3-encryption", "Data is encrypted at rest", 2, 3, 0),
    ]
    assert weak[0]["index"] == 0 and weak[1]["index"] == 1


def test_days_widens_the_window_of_the_weakest_key_points(history, db_path):
    weak = stats_json(db_path, "--days", "60")["weak_points"]
    assert (weak[0]["card"], weak[0]["missed"], weak[0]["seen"]) == ("roles", 3, 4)


def test_leeches_and_the_lowest_recall_cards(history, db_path):
    data = stats_json(db_path)
    assert data["leeches"]["count"] == 1
    assert [(x["card"], x["lapses"]) for x in data["leeches"]["cards"]] == [("root", 0)]
    with Store(db_path) as store:
        memory = {i.card.id: i.memory for i in store.list_cards()}
    studied = ["roles", "root", "iam-users", "iam-groups", "s3-encryption"]  # not suspended
    expected = sorted((fsrs_recall(memory[i], NOW), i) for i in studied)
    lowest = data["lowest"]
    assert [x["card"] for x in lowest] == [card for _, card in expected]
    assert [x["retrievability"] for x in lowest] == pytest.approx([r for r, _ in expected])
    # root waited 10 whole days on an 8-day stability; reviewed today means recall 1.
    assert lowest[0]["card"] == "root" and lowest[-1]["retrievability"] == 1.0


def test_the_leech_threshold_setting_counts_lapsed_cards(history, db_path):
    with Store(db_path) as store:
        store.set_setting("leech_threshold", "1")  # as `quiz.py config` stores it
    leeches = stats_json(db_path)["leeches"]
    assert leeches["count"] == 2
    assert [x["card"] for x in leeches["cards"]] == ["roles", "root"]  # most lapses first


def test_the_day_start_hour_setting_moves_early_reviews_to_their_calendar_day(history, db_path):
    with Store(db_path) as store:
        store.set_setting("day_start_hour", "0")
    counted = {d["date"]: d["reviews"] for d in stats_json(db_path)["heatmap"] if d["reviews"]}
    assert "2026-03-12" not in counted and counted["2026-03-13"] == 1


def test_json_has_the_documented_keys(history, db_path):
    data = stats_json(db_path, "--on", "2026-04-10")
    assert list(data)[:8] == [
        "today",
        "streak",
        "heatmap",
        "retention",
        "forecast",
        "states",
        "topics",
        "weak_points",
    ]
    assert all({"topic", "cards", "readiness", "readiness_on"} <= set(t) for t in data["topics"])
    assert all({"card", "point", "missed", "seen"} <= set(w) for w in data["weak_points"])
    assert data["reviews"] == 13 and data["on"] == "2026-04-10"


# --- text output ---------------------------------------------------------------------


def lines(output: str) -> list[str]:
    return [" ".join(line.split()) for line in output.splitlines()]


def test_text_view_shows_every_section(history, db_path):
    result = run("--db", db_path, "stats", "--on", "2026-04-10")
    assert result.exit_code == 0, result.output
    out = lines(result.output)
    assert out[0] == "Today (Fri 20 Mar): 3 reviewed (1 again) in 2 min · 3 due · 2 new left"
    assert out[1] == "Streak: 5 days in a row, today included"
    assert out[2] == "Reviews: 13 since 2026-02-01"
    assert "Reviews per day, last 12 weeks: 13 on 10 days" in out
    # Heatmap rows are weekdays, columns weeks; the busiest day (3) is the darkest.
    friday = next(line for line in out if line.startswith("Fri "))
    monday = next(line for line in out if line.startswith("Mon "))
    assert friday.endswith("█") and monday.endswith("▒")  # 3 of 3, and 1 of 3 (a half)
    assert "less · ░ ▒ ▓ █ more (busiest day: 3 reviews)" in out
    assert "young (interval < 21 d) 100% of 1 100% of 2" in out
    assert "mature 0% of 1 0% of 1" in out
    assert "all 50% of 2 67% of 3" in out
    due = out.index("Due in the next 30 days: 5 reviews (3 today, overdue included)")
    # Six rows of eighth blocks, two characters a day: today's 3 fills all six, and
    # the single reviews on days 3 and 7 fill the bottom two.
    assert out[due + 1] == "3 ┤██"
    assert out[due + 5] == out[due + 6] == "│██ ██ ██"
    assert out[due + 7].startswith("0 └")
    assert (
        "Cards: 10 — 3 new · 2 learning · 3 review · 0 relearning · 1 suspended · 1 retired" in out
    )
    header = next(line for line in out if line.startswith("topic cards now"))
    assert header == "topic cards now on 2026-04-10"
    assert any(line.startswith("Pods 1 0% 0%") for line in out)
    assert "Roles give temporary credentials — missed 2 of 2 roles" in out
    assert "Keys live in KMS — missed 3 of 3, 1 contradicted s3-encryption" in out
    assert "Leeches: 1" in out
    assert any(line.startswith("root 0 lapses") for line in out)
    low = out.index("Lowest recall now")
    assert out[low + 1] == "89% root How should the root user be protected?"


def test_text_is_plain_when_not_a_terminal(history, db_path):
    output = run("--db", db_path, "stats").output
    assert "\x1b[" not in output


def test_a_fresh_database_gets_a_welcome_not_zeros(db_path, monkeypatch):
    monkeypatch.setattr(quiz, "_clock", lambda: NOW)
    result = run("--db", db_path, "stats")
    assert result.exit_code == 0
    assert result.output == "No cards yet. Import the bundled decks with: quiz.py import decks/\n"
    assert not db_path.exists()  # looking creates nothing


def test_cards_without_reviews_say_what_to_do_next(db_path, monkeypatch):
    monkeypatch.setattr(quiz, "_clock", lambda: NOW)
    with Store(db_path) as store:
        import_paths(store, [DECKS], now=local(1, 1, 12))
    out = run("--db", db_path, "stats").output
    assert out.splitlines()[:3] == [
        "No reviews yet.",
        "10 cards waiting, 10 of them new; today's study would show 10 new cards.",
        "Start a session with: quiz.py study",
    ]
    assert "0%" not in out
    narrowed = run("--db", db_path, "stats", "--deck", "Kubernetes").output
    assert narrowed.startswith("No reviews yet in deck 'Kubernetes'.\n1 card waiting")
    unknown = run("--db", db_path, "stats", "--deck", "Nope").output
    assert unknown == "No cards in deck 'Nope'. List your decks with: quiz.py decks\n"


def test_a_fresh_database_in_json_has_every_key_and_nothing_counted(db_path, monkeypatch):
    monkeypatch.setattr(quiz, "_clock", lambda: NOW)
    data = stats_json(db_path)
    assert data["today"]["reviewed"] == 0 and data["streak"]["days"] == 0
    assert len(data["heatmap"]) == 82 and len(data["forecast"]) == 30
    assert data["topics"] == [] and data["weak_points"] == [] and data["reviews"] == 0
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a date; write it as YYYY-MM-DD"),
        ("next friday", "'next friday' is not a date"),
        ("2026-03-19", "2026-03-19 is in the past"),
    ],
)
def test_a_bad_interview_date_is_one_message_naming_the_option(history, db_path, value, message):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "stats", "--on", value])
    assert result.exit_code == 2
    assert "Invalid value for '--on'" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_days_must_be_positive(history, db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "stats", "--days", "0"])
    assert result.exit_code == 2 and "'--days'" in result.output


# --- export-revlog -------------------------------------------------------------------


def test_export_revlog_writes_the_fsrs_optimizer_columns(history, db_path, tmp_path):
    out = tmp_path / "revlog.csv"
    result = run("--db", db_path, "export-revlog", out)
    assert result.exit_code == 0
    assert "Wrote 13 reviews to" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "card_id",
        "review_time",
        "review_rating",
        "review_state",
        "review_duration",
    ]
    assert len(rows) == len(HISTORY)  # every review, oldest first
    first = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    assert rows[0] == {
        "card_id": "roles",
        "review_time": str(int(first.timestamp() * 1000)),
        "review_rating": "4",
        "review_state": "0",  # the state before the review: new
        "review_duration": "20000",
    }
    # The card's state before each review: learning (1), review (2), relearning (3).
    states = [(r["card_id"], r["review_state"], r["review_rating"]) for r in rows]
    assert states[7] == ("s3-encryption", "1", "3")
    assert states[10] == ("roles", "2", "1")
    assert states[11] == ("roles", "3", "3")
    times = [int(r["review_time"]) for r in rows]
    assert times == sorted(times)
    assert times == [int(r.reviewed_at.timestamp() * 1000) for r in history]


def test_export_revlog_to_stdout_round_trips_the_review_count(history, db_path):
    result = run("--db", db_path, "export-revlog", "-")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) - 1 == len(HISTORY) == stats_json(db_path)["reviews"]
    narrowed = run("--db", db_path, "export-revlog", "-", "--deck", "Kubernetes").stdout
    assert narrowed == "card_id,review_time,review_rating,review_state,review_duration\n"


def test_export_revlog_into_a_missing_directory_is_one_message(history, db_path, tmp_path):
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "export-revlog", str(tmp_path / "no" / "r.csv")]
    )
    assert result.exit_code == 1
    assert "r.csv: cannot write" in result.output and "Traceback" not in result.output


# --- the schema behind the summaries --------------------------------------------------


def test_migration_2_derives_the_review_facts_of_reviews_recorded_before_it(db_path, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    build(db_path)  # a version 1 database, as the store wrote it before stats existed
    monkeypatch.undo()
    with Store(db_path) as store:
        assert store.schema_version == 2
        rows = store._conn.execute(
            "SELECT before_state, before_stability, elapsed_days, scheduled_days"
            " FROM reviews ORDER BY id"
        ).fetchall()
    assert db_path.with_name(db_path.name + ".bak-v1").exists()
    assert tuple(rows[0]) == (0, None, None, None)  # roles, first review
    # old on 03-13 03:30: 10 days 17.5 hours after 03-02 10:00, scheduled 8 days.
    assert tuple(rows[4])[0::2] == (2, 10) and rows[4][3] == 8.0
    # roles' lapse: reviewed exactly on its 39-day due date.
    assert rows[10][0] == 2 and rows[10][2] == 39 and rows[10][3] == 39.0
    assert rows[10][1] == pytest.approx(38.9051, abs=1e-4)
    assert rows[11][0] == CardState.RELEARNING


def test_summaries_read_indexes_not_card_text_or_review_json(history, db_path):
    with Store(db_path) as store:
        conn = store._conn
        plans = {
            "cards": conn.execute(
                "EXPLAIN QUERY PLAN SELECT c.topic, count(*) FROM cards c"
                " GROUP BY c.topic, c.retired_at, c.suspended, c.state"
            ).fetchall(),
            "recall": conn.execute(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM reviews r INDEXED BY reviews_stats"
                " WHERE r.reviewed_at >= '2026' AND r.before_state = 2"
            ).fetchall(),
        }
    assert "COVERING INDEX cards_stats" in plans["cards"][0][3]
    assert "reviews_stats" in plans["recall"][0][3]


# --- days, timezones and the engine API ------------------------------------------------


def test_learner_days_follow_the_zone_across_a_dst_change():
    berlin = ZoneInfo("Europe/Berlin")  # clocks go forward on 2026-03-29 at 02:00
    assert stats.day_start(date(2026, 3, 28), 4, berlin) == datetime(2026, 3, 28, 3, tzinfo=UTC)
    assert stats.day_start(date(2026, 3, 29), 4, berlin) == datetime(2026, 3, 29, 2, tzinfo=UTC)
    assert stats.learner_day(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 4, berlin) == date(
        2026, 3, 28
    )  # 03:30 summer time
    assert stats.learner_day(datetime(2026, 3, 29, 2, 30, tzinfo=UTC), 4, berlin) == date(
        2026, 3, 29
    )


def test_heatmap_days_are_local_days_across_a_dst_change(db_path):
    berlin = ZoneInfo("Europe/Berlin")
    with Store(db_path) as store:
        import_paths(store, [DECKS], now=local(1, 1, 12))
        for card, at in (
            ("root", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # 03:30 CEST: the 28th
            ("pod", datetime(2026, 3, 29, 2, 30, tzinfo=UTC)),  # 04:30 CEST: the 29th
        ):
            record(store, card, at, G, "c", 1_000)
        summary = stats.summary(store, datetime(2026, 3, 30, 12, tzinfo=berlin))
    counted = {d.day: d.count for d in summary.heatmap if d.count}
    assert counted == {date(2026, 3, 28): 1, date(2026, 3, 29): 1}
    assert summary.streak == stats.Streak(2, False)  # the 28th and 29th, none today


def test_a_streak_longer_than_the_heatmap_is_counted_in_full(db_path):
    with Store(db_path) as store:
        import_paths(store, [DECKS], now=local(1, 1, 12))
        first = NOW - timedelta(days=99)
        for n in range(100):  # every day for 100 days, today included
            record(store, "pod", first + timedelta(days=n), G, "c", 1_000)
        summary = stats.summary(store, NOW)
        pods = stats.summary(store, NOW, deck="Kubernetes")
        aws = stats.summary(store, NOW, deck="AWS")
    assert len(summary.heatmap) == 82
    assert summary.streak == stats.Streak(100, True)
    assert pods.streak == stats.Streak(100, True) and aws.streak == stats.Streak(0, False)


def test_summary_refuses_a_naive_clock(db_path):
    with Store(db_path) as store, pytest.raises(ValueError, match="timezone-aware"):
        stats.summary(store, datetime(2026, 3, 20, 15, 0))


def test_a_bad_stored_setting_is_one_message(history, db_path):
    with Store(db_path) as store:
        store.set_setting("day_start_hour", "dawn")
    result = run("--db", db_path, "stats")
    assert result.exit_code == 1
    assert "day_start_hour" in result.output and "Traceback" not in result.output
