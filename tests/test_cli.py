"""The command line, through click's CliRunner: output, JSON shapes, exit codes, bad input."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import quiz
from engine.deck import parse_file
from engine.model import Card, CardState, Memory, PointResult, PointStatus, Rating, Review
from engine.store import Store, key_point_from_json
from quiz import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
DECKS = FIXTURES / "decks"
COUNT_KEYS = ["added", "updated", "unchanged", "renamed", "retired", "restored"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: object, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def run_json(*args: object):
    result = run(*args, "--json")
    return result, json.loads(result.stdout)


def imported(db_path: Path) -> Path:
    assert run("import", DECKS, "--db", db_path).exit_code == 0
    return db_path


def card_from_json(data: dict) -> Card:
    return Card(
        id=data["id"],
        deck=data["deck"],
        question=data["question"],
        answer=data["answer"],
        key_points=tuple(key_point_from_json(p) for p in data["key_points"]),
        explanation=data["explanation"],
        hands_on=data["hands_on"],
        related=tuple(data["related"]),
        topic=data["topic"],
        level=data["level"],
        tags=tuple(data["tags"]),
        path=data["path"],
        line=data["line"],
        explicit_id=data["explicit_id"],
        extra=tuple((e["title"], e["body"]) for e in data["extra"]),
    )


# --- import -----------------------------------------------------------------------


def test_every_field_round_trips_through_import_and_card_json(db_path):
    imported(db_path)
    parsed = [c for name in ("aws.md", "k8s.md") for c in parse_file(DECKS / name).cards]
    assert len(parsed) == 4
    for expected in parsed:
        result, data = run_json("card", expected.id, "--db", db_path)
        assert result.exit_code == 0
        absolute = str((DECKS / Path(expected.path).name).resolve())
        assert card_from_json(data) == dataclasses.replace(expected, path=absolute)
        assert data["memory"]["state"] == "new" and data["reviews"] == []
    _, basics = run_json("card", "iam-basics", "--db", db_path)
    assert basics["key_points"][1]["not"][1]["source"] == "@role ; password"
    assert basics["extra"] == [
        {"title": "Pitfalls", "body": "Root account keys are never a good idea."}
    ]
    assert basics["tags"] == ["aws", "cloud", "iam", "security"]


def test_import_prints_a_report_per_file_and_totals(db_path):
    result = run("import", DECKS, "--db", db_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "deck", *COUNT_KEYS]
    assert lines[1].split() == [str(DECKS / "aws.md"), "AWS", "3", "0", "0", "0", "0", "0"]
    assert lines[3].split() == ["total", "4", "0", "0", "0", "0", "0"]
    assert "warning: " in result.stderr and "aws.md:45" in result.stderr


def test_import_json_has_the_documented_shape(db_path):
    result, data = run_json("import", DECKS, "--db", db_path)
    assert result.exit_code == 0
    assert list(data) == ["totals", "decks", "errors", "warnings"]
    assert data["totals"] == {"added": 4, **dict.fromkeys(COUNT_KEYS[1:], 0)}
    assert [list(d) for d in data["decks"]] == [["path", "deck", *COUNT_KEYS]] * 2
    assert [(d["path"], d["deck"], d["added"]) for d in data["decks"]] == [
        (str(DECKS / "aws.md"), "AWS", 3),
        (str(DECKS / "k8s.md"), "Kubernetes", 1),
    ]
    assert data["errors"] == []
    assert data["warnings"][0]["path"] == str(DECKS / "aws.md")
    assert list(data["warnings"][0]) == ["path", "line", "message"]


def test_reimporting_unchanged_decks_reports_no_change_and_writes_nothing(db_path):
    imported(db_path)
    before = digest(db_path)
    result, data = run_json("import", DECKS, "--db", db_path)
    assert result.exit_code == 0
    assert data["totals"] == {**dict.fromkeys(COUNT_KEYS, 0), "unchanged": 4}
    assert digest(db_path) == before


def test_a_broken_file_among_valid_ones_fails_and_changes_nothing(db_path, tmp_path):
    imported(db_path)
    decks = tmp_path / "decks"
    decks.mkdir()
    for name in ("aws.md", "k8s.md"):
        (decks / name).write_text((DECKS / name).read_text().replace("An explicit", "A clear"))
    (decks / "zz-broken.md").write_text((FIXTURES / "broken.md").read_text())
    before = digest(db_path)
    result = run("import", decks, "--db", db_path)
    assert result.exit_code == 1
    assert (
        f"{decks / 'zz-broken.md'}:9: rule 'fine ; ;' has an empty group; remove the extra ';'"
        in result.stderr
    )
    assert "Error: 1 error found; nothing was imported" in result.stderr
    assert digest(db_path) == before
    result, data = run_json("import", decks, "--db", db_path)
    assert result.exit_code == 1
    assert data["errors"] == [
        {
            "path": str(decks / "zz-broken.md"),
            "line": 9,
            "message": "rule 'fine ; ;' has an empty group; remove the extra ';'",
        }
    ]
    assert data["totals"] == dict.fromkeys(COUNT_KEYS, 0) and data["decks"] == []
    assert digest(db_path) == before


def test_dry_run_writes_nothing(db_path):
    Store(db_path).close()
    before = digest(db_path)
    result = run("import", DECKS, "--dry-run", "--db", db_path)
    assert result.exit_code == 0
    assert "Dry run: nothing was written." in result.stdout
    assert result.stdout.splitlines()[3].split()[:2] == ["total", "4"]
    assert digest(db_path) == before


def test_a_dry_run_or_a_failed_import_creates_no_database(db_path, tmp_path):
    result = run("import", DECKS, "--dry-run", "--db", db_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3].split()[:2] == ["total", "4"]
    assert not db_path.exists()
    bad = tmp_path / "bad.md"
    bad.write_text("# Intro\n\nA: orphan\nQ: Fine?\nA: yes\n", encoding="utf-8")
    for args in (["import", bad], ["import", bad, "--json"], ["import", bad, "--dry-run"]):
        result = run(*args, "--db", db_path)
        assert result.exit_code != 0
        assert "Found 'A:' with no 'Q:'" in result.output
        assert not db_path.exists()
    assert run("import", DECKS, "--json", "--dry-run", "--db", db_path).exit_code == 0
    assert not db_path.exists()
    assert run("import", DECKS, "--db", db_path).exit_code == 0
    assert db_path.exists()
    before = digest(db_path)
    assert run("import", bad, "--db", db_path).exit_code != 0  # an existing one stays as it was
    assert digest(db_path) == before


def test_a_missing_path_is_named_and_no_database_is_created(db_path):
    result = run("import", DECKS, "nowhere/deck.md", "--db", db_path)
    assert result.exit_code != 0
    assert "nowhere/deck.md" in result.output and "does not exist" in result.output
    assert not db_path.exists()
    assert run("lint", "nowhere.md").exit_code != 0


def test_import_warns_once_per_file_and_message_naming_every_line(db_path, tmp_path):
    deck = tmp_path / "web.md"
    points = "\n".join(f"- Point number {n} about caching" for n in range(1, 9))
    deck.write_text(
        f"# Web\n\n## What is a CDN?\n\n### Answer\n\nA cache.\n\n### Key points\n{points}\n"
    )
    result = run("import", str(deck), "--db", db_path)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {deck}:10, 11, 12, 13, 14, 15 and 2 more: key point has no 'match:' line, "
        "so only its own words are looked for; add '  match: RULE' under it"
    ]
    # lint still lists each line for the author.
    assert run("lint", str(deck)).stderr.count("has no 'match:' line") == 8


def test_a_directory_without_deck_files_is_named_and_changes_nothing(db_path, tmp_path):
    empty = tmp_path / "notes"
    empty.mkdir()
    (empty / "todo.txt").write_text("buy milk\n")
    result = run("import", str(empty), "--db", db_path)
    assert result.exit_code == 1
    assert f"{empty}: no deck files found (looked for *.md" in result.output
    assert "Traceback" not in result.output
    assert not db_path.exists()
    # With a database already there, the same message, and the database is untouched.
    assert run("import", DECKS, "--db", db_path).exit_code == 0
    before = db_path.read_bytes()
    again = run("import", str(empty), "--db", db_path)
    assert again.exit_code == 1 and "no deck files found" in again.output
    assert db_path.read_bytes() == before


def test_a_directory_whose_decks_were_deleted_still_retires_their_cards(db_path, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    deck = folder / "d.md"
    deck.write_text("# Mine\n\n## What is X?\n\n### Answer\n\nX is Y.\n")
    assert run("import", str(folder), "--db", db_path).exit_code == 0
    deck.unlink()
    result = run("import", str(folder), "--db", db_path)
    assert result.exit_code == 0, result.output
    assert "1" in result.output.splitlines()[-1]  # the totals row counts the retired card


# --- bad databases ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [os.urandom(2048), b"just some notes\n"], ids=["random-bytes", "text-file"]
)
@pytest.mark.parametrize(
    "command", [["import", DECKS], ["decks"], ["cards"], ["card", "iam-basics"], []]
)
def test_a_corrupt_database_gets_one_clear_message_and_stays_untouched(db_path, content, command):
    db_path.write_bytes(content)
    for args in ([*command, "--db", db_path] if command else [], ["--db", db_path, *command]):
        if not args:
            continue
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"Error: {db_path} is not a quiz database (not an SQLite file); "
            "it was left untouched: move it away or choose another with --db"
        )
        assert "Traceback" not in result.output
    assert db_path.read_bytes() == content


def test_import_json_reports_a_corrupt_database_as_json(db_path):
    db_path.write_text("not a database")
    result, data = run_json("import", DECKS, "--db", db_path)
    assert result.exit_code == 1
    assert data["errors"][0]["message"].startswith(f"{db_path} is not a quiz database")


# --- decks, cards, card -----------------------------------------------------------


def test_decks_lists_counts(db_path):
    imported(db_path)
    result = run("decks", "--db", db_path)
    assert [line.split() for line in result.stdout.splitlines()] == [
        ["deck", "cards", "new", "due", "today", "retired"],
        ["AWS", "3", "3", "0", "0"],
        ["Kubernetes", "1", "1", "0", "0"],
    ]
    _, data = run_json("decks", "--db", db_path)
    assert data == [
        {"deck": "AWS", "total": 3, "new": 3, "due_today": 0, "retired": 0},
        {"deck": "Kubernetes", "total": 1, "new": 1, "due_today": 0, "retired": 0},
    ]


def test_read_commands_on_a_missing_database_create_nothing(db_path):
    assert "No decks yet" in run("decks", "--db", db_path).stdout
    assert run_json("cards", "--db", db_path)[1] == []
    assert run("card", "x", "--db", db_path).exit_code == 1
    assert not db_path.exists()


def test_cards_lists_one_row_per_card(db_path):
    imported(db_path)
    with Store(db_path) as store:
        due = datetime.now(UTC) + timedelta(days=2)
        store.record_review(
            Review(
                "iam-basics",
                due - timedelta(days=2),
                Rating.GOOD,
                Memory(),
                Memory(state=CardState.REVIEW, due=due),
            )
        )
    result, rows = run_json("cards", "--deck", "AWS", "--db", db_path)
    assert [list(r) for r in rows] == [
        ["id", "deck", "topic", "question", "tags", "key_points", "state", "due"]
    ] * 3
    first = rows[0]
    assert (first["id"], first["topic"], first["key_points"], first["state"]) == (
        "iam-basics",
        "IAM",
        3,
        "review",
    )
    assert datetime.fromisoformat(first["due"]) == due
    assert [r["id"] for r in run_json("cards", "--tag", "iam", "--db", db_path)[1]] == [
        "iam-basics"
    ]
    text = run("cards", "--db", db_path).stdout.splitlines()
    assert text[0].split() == ["id", "deck", "topic", "question", "tags", "points", "state", "due"]
    assert len(text) == 5 and text[1].startswith("iam-basics")


def test_card_shows_the_whole_card_and_its_history(db_path):
    imported(db_path)
    with Store(db_path) as store:
        at = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
        after = Memory(
            state=CardState.LEARNING,
            step=1,
            stability=2.5,
            difficulty=6.0,
            due=at + timedelta(minutes=10),
            last_review=at,
            reps=1,
        )
        store.record_review(
            Review(
                "iam-basics",
                at,
                Rating.HARD,
                Memory(),
                after,
                suggested=Rating.GOOD,
                answer="roles are temporary",
                score=0.5,
                duration_ms=4200,
                points=(
                    PointResult(
                        1,
                        "Roles are assumable",
                        PointStatus.COVERED,
                        evidence="roles are temporary",
                    ),
                ),
            )
        )
    result = run("card", "iam-basics", "--db", db_path)
    assert result.exit_code == 0
    out = result.stdout
    for expected in (
        f"source {os.path.relpath(DECKS / 'aws.md')}:10",
        "match: @role ; assume | temporary | short-lived | STS",
        "not: @role ; password",
        "{weight 0.5}",
        "{core}",
        "Hands-on:",
        "Pitfalls:",
        "- iam-policy-evaluation",
        "Reviews (1):",
        "hard (suggested good), score 0.50, 4.2 s",
        "covered  Roles are assumable: 'roles are temporary'",
    ):
        assert expected in out
    _, data = run_json("card", "iam-basics", "--db", db_path)
    (review,) = data["reviews"]
    assert (review["rating"], review["suggested"], review["duration_ms"]) == ("hard", "good", 4200)
    assert review["before"]["state"] == "new" and review["after"]["step"] == 1
    assert review["reviewed_at"] == "2026-02-03T10:00:00Z"
    assert review["points"][0]["status"] == "covered"
    assert data["memory"]["state"] == "learning"


def test_an_unknown_card_id_is_named_and_changes_nothing(db_path):
    imported(db_path)
    before = digest(db_path)
    result = run("card", "no-such-card", "--db", db_path)
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "Error: No card with id 'no-such-card'. List ids with: quiz.py cards"
    )
    assert digest(db_path) == before


# --- lint -------------------------------------------------------------------------


def test_lint_reports_errors_and_warnings_and_sets_the_exit_status(tmp_path):
    clean = run("lint", DECKS)
    assert clean.exit_code == 0
    assert clean.stdout.strip() == "2 files, 4 cards: 0 errors, 1 warning"
    assert "warning: " in clean.stderr and "Pitfalls" in clean.stderr
    broken = run("lint", FIXTURES)
    assert broken.exit_code == 1
    assert f"error: {FIXTURES / 'broken.md'}:9: rule 'fine ; ;'" in broken.stderr
    result, data = run_json("lint", FIXTURES)
    assert result.exit_code == 1
    assert list(data) == ["files", "cards", "errors", "warnings"]
    assert data["errors"][0]["line"] == 9
    assert not list(tmp_path.iterdir()) or not any(p.suffix == ".db" for p in tmp_path.iterdir())


# --- the database option ------------------------------------------------------------


def test_the_database_comes_from_db_or_quiz_db(tmp_path, monkeypatch):
    env_db = tmp_path / "from-env.db"
    monkeypatch.setenv("QUIZ_DB", str(env_db))
    assert run("import", DECKS).exit_code == 0
    assert env_db.exists()
    group_db, command_db = tmp_path / "group.db", tmp_path / "command.db"
    assert run("--db", group_db, "import", DECKS).exit_code == 0
    assert run("--db", group_db, "import", DECKS, "--db", command_db).exit_code == 0
    assert group_db.exists() and command_db.exists()
    monkeypatch.delenv("QUIZ_DB")
    default = cli.params[0].get_default(click.Context(cli))
    assert default == ROOT / "data" / "quiz.db"


# --- no command ---------------------------------------------------------------------


def test_no_command_imports_the_bundled_decks_once_and_lists_them(db_path, monkeypatch):
    monkeypatch.setattr(quiz, "BUNDLED_DECKS", DECKS)
    first = run("--db", db_path)
    assert first.exit_code == 0
    assert first.stdout.splitlines()[0] == f"Imported 4 cards from {os.path.relpath(DECKS)}/"
    assert "Kubernetes" in first.stdout
    before = digest(db_path)
    second = run("--db", db_path)
    assert not second.stdout.startswith("Imported")
    assert second.stdout.splitlines()[1].split() == ["AWS", "3", "3", "0", "0"]
    assert digest(db_path) == before


def test_a_bundled_deck_changed_by_an_update_is_re_imported_on_start(
    db_path, monkeypatch, tmp_path
):
    bundle = tmp_path / "decks"
    bundle.mkdir()
    deck = bundle / "aws.md"
    deck.write_text((DECKS / "aws.md").read_text())
    monkeypatch.setattr(quiz, "BUNDLED_DECKS", bundle)
    assert run("--db", db_path).stdout.startswith("Imported 3 cards")
    # An update ships a reworded key point: the stored card follows it, history kept.
    deck.write_text(deck.read_text().replace("Users are long-lived", "Users are permanent"))
    updated = run("--db", db_path)
    assert updated.exit_code == 0
    assert updated.stdout.splitlines()[0] == "Updated the bundled decks (aws.md): 1 updated"
    with Store(db_path) as store:
        points = [p.text for p in store.get_card("iam-basics").key_points]
    assert "Users are permanent identities" in points
    # Unchanged bundle: nothing said, nothing written.
    before = digest(db_path)
    assert not run("--db", db_path).stdout.startswith("Updated")
    assert digest(db_path) == before
    # An update that drops a card retires it; the next one that brings it back restores it.
    text = deck.read_text()
    start, end = text.index("## What does STS do?"), text.index("## Glossary")
    deck.write_text(text[:start] + text[end:])
    retired = run("--db", db_path).stdout.splitlines()[0]
    assert retired == "Updated the bundled decks (aws.md): 1 retired"
    deck.write_text(text)
    restored = run("--db", db_path).stdout.splitlines()[0]
    assert restored == "Updated the bundled decks (aws.md): 1 restored"
    before = digest(db_path)
    # A broken bundle is reported and changes nothing; the learner can still go on.
    deck.write_text(deck.read_text().replace("id: iam-basics", "id: iam-basics\nid: again"))
    broken = run("--db", db_path)
    assert broken.exit_code == 0
    assert broken.stdout.startswith("The bundled decks were not updated: ")
    assert "aws.md:" in broken.stdout.splitlines()[0]
    assert digest(db_path) == before


def test_no_command_without_bundled_decks_just_lists(db_path, monkeypatch, tmp_path):
    monkeypatch.setattr(quiz, "BUNDLED_DECKS", tmp_path / "no-decks")
    result = run("--db", db_path)
    assert result.exit_code == 0
    assert "No decks yet" in result.stdout


# --- docs stay honest ---------------------------------------------------------------


def _commands() -> dict[str, click.Command]:
    return dict(cli.commands)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_has_help(name):
    command = _commands()[name]
    assert command.help and command.help.strip()
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help text"


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_is_documented_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"quiz\.py {name}\b", readme), f"README.md never shows `quiz.py {name}`"


def test_import_names_renamed_questions(db_path, tmp_path):
    deck = tmp_path / "aws.md"
    deck.write_text((DECKS / "aws.md").read_text())
    assert run("import", deck, "--db", db_path).exit_code == 0
    deck.write_text(deck.read_text().replace("## What does STS do?", "## What does AWS STS do?"))
    result = run("import", deck, "--db", db_path)
    assert (
        f"renamed: 'What does STS do?' -> 'What does AWS STS do?' ({deck}:61, history kept)"
        in result.stdout
    )


def test_the_progress_bar_appears_only_for_big_imports():
    progress = quiz._Progress()
    progress("Parsing", 1_000, 10_000)
    progress("Writing", 10, 10)
    assert progress._bar is None
    progress("Writing", 0, 5_000)
    assert progress._bar is not None
    progress("Writing", 5_000, 5_000)
    progress.close()
