"""The study-related commands through click's CliRunner, on a real SQLite file."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

import quiz
from engine import ui
from engine.importer import import_paths
from engine.model import CardState, Memory, Rating, Review
from engine.store import Store
from quiz import cli

DECK = Path(__file__).parent / "fixtures" / "decks" / "study" / "aws-study.md"


@pytest.fixture
def db(db_path) -> Path:
    with Store(db_path) as store:
        import_paths(store, [DECK], now=datetime.now(UTC))
    return db_path


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_next_names_the_first_new_card_and_why(db):
    result = invoke("next", "--db", str(db))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "user-vs-role  (new card)",
        "What is the difference between an IAM user and an IAM role?",
    ]


def test_next_json_has_the_card_the_reason_and_the_counts(db):
    data = json.loads(invoke("next", "--json", "--db", str(db)).output)
    assert data["card"] == {
        "id": "user-vs-role",
        "deck": "Study",
        "topic": "IAM",
        "question": "What is the difference between an IAM user and an IAM role?",
    }
    assert (data["kind"], data["reason"], data["due"]) == ("new", "new card", None)
    assert data["counts"] == {"learning": 0, "review": 0, "new": 6}


def test_next_prefers_a_review_that_is_due_and_says_how_overdue(db):
    now = datetime.now(UTC)
    with Store(db) as store:
        after = Memory(
            state=CardState.REVIEW,
            stability=4.0,
            difficulty=5.0,
            due=now - timedelta(days=2),
            last_review=now - timedelta(days=6),
            reps=2,
        )
        store.record_review(
            Review("nacl", now - timedelta(days=6), Rating.GOOD, before=Memory(), after=after)
        )
    data = json.loads(invoke("next", "--json", "--db", str(db)).output)
    assert data["card"]["id"] == "nacl"
    assert data["kind"] == "review"
    assert data["reason"].startswith("review, due 2d ago, predicted recall ")


def test_next_with_nothing_due_says_when_to_come_back(db):
    invoke("config", "new_per_day", "0", "--db", str(db))
    result = invoke("next", "--db", str(db))
    assert result.output.startswith("Nothing to study right now.")
    assert json.loads(invoke("next", "--json", "--db", str(db)).output) == {
        "card": None,
        "next_due": None,
    }


def test_config_lists_shows_and_changes_settings(db):
    listing = invoke("config", "--db", str(db)).output
    assert "desired_retention  0.9" in listing
    assert "day_start_hour     4" in listing
    assert invoke("config", "new_per_day", "--db", str(db)).output == "10\n"
    assert invoke("config", "learning_steps", "2m,15m", "--db", str(db)).output == (
        "learning_steps = 2m 15m\n"
    )
    assert "(default 1m 10m)" in invoke("config", "--db", str(db)).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("desired_retention", "2"), "Setting desired_retention: must be between 0.70 and 0.99"),
        (("new_per_day", "ten"), "Setting new_per_day: 'ten' is not a whole number"),
        (("nonsense",), "Unknown setting 'nonsense'"),
        (("nonsense", "1"), "Unknown setting 'nonsense'"),
    ],
)
def test_config_refuses_bad_input_with_one_message_and_changes_nothing(db, args, message):
    before = invoke("config", "--db", str(db)).output
    result = invoke("config", *args, "--db", str(db))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}")
    assert "Traceback" not in result.output
    assert invoke("config", "--db", str(db)).output == before


def test_suspend_unsuspend_and_bury_change_what_comes_next(db):
    assert "Suspended user-vs-role" in invoke("suspend", "user-vs-role", "--db", str(db)).output
    assert invoke("next", "--db", str(db)).output.startswith("explicit-deny")
    bury = invoke("bury", "explicit-deny", "--db", str(db)).output
    assert bury.startswith("Buried explicit-deny until ") and "04:00" in bury
    assert invoke("next", "--db", str(db)).output.startswith("sg-stateful")
    invoke("unsuspend", "user-vs-role", "--db", str(db))
    assert invoke("next", "--db", str(db)).output.startswith("user-vs-role")


@pytest.mark.parametrize("command", ["suspend", "unsuspend", "bury"])
def test_an_unknown_card_id_is_one_clear_error(db, command):
    result = invoke(command, "no-such-card", "--db", str(db))
    assert result.exit_code == 1
    assert result.output == (
        "Error: No card with id 'no-such-card'. List ids with: quiz.py cards\n"
    )


def test_aliases_lists_saved_phrases_with_their_key_point(db):
    assert "No alias suggestions yet" in invoke("aliases", "--db", str(db)).output
    with Store(db) as store:
        store.add_alias("user-vs-role", 1, "what EC2 instances wear", datetime.now(UTC))
    text = invoke("aliases", "--db", str(db)).output
    assert "user-vs-role  point 2: Roles give temporary credentials through STS" in text
    assert '"what EC2 instances wear"' in text
    (row,) = json.loads(invoke("aliases", "--json", "--db", str(db)).output)
    assert (row["card"], row["point"], row["phrase"]) == (
        "user-vs-role",
        2,
        "what EC2 instances wear",
    )
    assert row["source"].endswith("aws-study.md:8")


def test_study_imports_the_bundled_decks_into_an_empty_database_first(db_path, monkeypatch):
    monkeypatch.setattr(quiz, "BUNDLED_DECKS", DECK.parent)
    result = invoke("study", "--db", str(db_path))  # CliRunner is not a terminal
    assert result.output.splitlines()[0].startswith("Imported 6 cards from ")
    assert result.output.splitlines()[-1] == (
        "Error: study needs an interactive terminal; for scripts use: quiz.py next --json"
    )
    assert result.exit_code == 1
    again = invoke("study", "--db", str(db_path))
    assert not again.output.startswith("Imported")  # only an empty database is filled


def test_in_a_terminal_the_first_run_import_shows_on_the_study_screen(db_path, monkeypatch):
    monkeypatch.setattr(quiz, "BUNDLED_DECKS", DECK.parent)
    monkeypatch.setattr(quiz, "_interactive", lambda: True)
    screen = io.StringIO()
    build_app = ui.build_app
    with create_pipe_input() as pipe:

        def piped(session, **kwargs):
            pipe.send_text("\x03")  # Ctrl-C: quit after the first card is drawn
            output = Vt100_Output(screen, lambda: Size(rows=40, columns=100))
            return build_app(session, input=pipe, output=output, **kwargs)

        monkeypatch.setattr(ui, "build_app", piped)
        result = invoke("study", "--db", str(db_path))
    assert result.exit_code == 0
    drawn = screen.getvalue()
    assert "Imported 6 cards from " in drawn
    assert "What is the difference between an IAM user and an IAM role?" in drawn
    # Printed before the full-screen app, it would stay hidden until the learner quits.
    assert "Imported" not in result.output
    assert result.output.startswith("Cards studied: 0")


def test_no_command_studies_in_a_terminal_and_lists_decks_otherwise(db, monkeypatch):
    result = invoke("--db", str(db))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "To study, run quiz.py in a terminal."
    assert result.output.splitlines()[1].split() == ["Study", "6", "6", "0", "0"]
    studied = []
    monkeypatch.setattr(quiz, "_interactive", lambda: True)
    monkeypatch.setattr(quiz.study_command, "callback", lambda **kw: studied.append(kw))
    assert invoke("--db", str(db)).exit_code == 0
    assert studied and studied[0]["deck"] is None and studied[0]["new"] is None


def test_study_with_nothing_due_says_so_without_opening_the_screen(db):
    result = invoke("study", "--new", "0", "--db", str(db))
    assert result.exit_code == 0
    assert result.output.startswith("Nothing to study right now.")


def test_study_options_are_checked(db):
    result = invoke("study", "--new", "-1", "--db", str(db))
    assert result.exit_code == 2
    assert "--new" in result.output


def test_day_start_hour_set_here_is_the_one_decks_uses(db):
    assert invoke("config", "day_start_hour", "6", "--db", str(db)).output == "day_start_hour = 6\n"
    with Store(db) as store:
        assert store.get_setting("day_start_hour") == 6
    result = invoke("decks", "--db", str(db))
    assert result.exit_code == 0
    assert result.output.splitlines()[1].split() == ["Study", "6", "6", "0", "0"]
