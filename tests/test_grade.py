"""`quiz.py grade`: one answer or a batch, as text or JSON, recording nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.store import Store
from quiz import cli

DECK = Path(__file__).resolve().parent / "fixtures" / "decks" / "checker_aws.md"
ANSWER = (
    "Users are permanent. Roles are long-lived identities. Groups organise users, "
    "policies are JSON docs that allow things."
)


def run(*args: object, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def _imported(db_path: Path, deck: Path) -> Path:
    assert run("--db", db_path, "import", deck).exit_code == 0
    return db_path


@pytest.fixture
def db(db_path: Path) -> Path:
    return _imported(db_path, DECK)


def test_grade_prints_each_point_with_its_evidence_score_and_rating(db):
    result = run("--db", db, "grade", "iam-basics", ANSWER)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "✓ Users are long-lived identities",
        "    Users are permanent",
        "✓ Groups organise users",
        "    Groups organise",
    ]
    assert "⚠ Roles are assumable identities with temporary credentials (STS)" in lines
    assert "    Roles are long-lived" in lines
    assert "✗ Prefer roles and federation over static access keys  (weight 0.5)" in lines
    assert lines[-1] == "score 0.56, suggested rating: hard"


def test_grade_json_has_the_documented_shape(db):
    result = run("--db", db, "grade", "iam-basics", ANSWER, "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"card", "derived_points", "score", "rating", "points", "answers_other"}
    assert data["derived_points"] is False
    assert data["answers_other"] is None
    assert data["card"] == "iam-basics"
    assert data["rating"] == "hard"
    assert data["score"] == pytest.approx(0.5556, abs=1e-4)
    assert [set(p) for p in data["points"]] == [{"text", "status", "evidence", "weight"}] * 5
    assert [p["status"] for p in data["points"]] == [
        "covered",
        "covered",
        "contradicted",
        "covered",
        "missed",
    ]
    assert data["points"][2]["evidence"] == "Roles are long-lived"
    assert data["points"][4]["weight"] == 0.5


def test_grade_reads_the_answer_from_standard_input(db):
    result = run("--db", db, "grade", "sg-vs-nacl", "--json", input="NACLs are stateless.\n")
    data = json.loads(result.stdout)
    assert [p["status"] for p in data["points"]][:2] == ["missed", "covered"]


def test_grade_records_nothing(db):
    with Store(db) as store:
        before = store.reviews_for("iam-basics")
    run("--db", db, "grade", "iam-basics", ANSWER)
    with Store(db) as store:
        assert store.reviews_for("iam-basics") == before == []


def test_a_card_without_key_points_asks_the_learner_to_rate(db):
    data = json.loads(run("--db", db, "grade", "no-points", "S3", "--json").stdout)
    assert data == {
        "card": "no-points",
        "derived_points": False,
        "score": 0.0,
        "rating": None,
        "points": [],
        "answers_other": None,
    }
    assert "rate yourself" in run("--db", db, "grade", "no-points", "S3").stdout


def test_an_unknown_card_is_named(db):
    result = run("--db", db, "grade", "nope", "hello")
    assert result.exit_code == 1
    assert "No card with id 'nope'" in result.stderr


def test_grading_without_a_database_creates_none(db_path):
    result = run("--db", db_path, "grade", "iam-basics", "roles are assumed")
    assert result.exit_code == 1
    assert not db_path.exists()


def test_batch_grades_one_answer_per_line_in_order(db, tmp_path):
    lines = [
        {"card": "sg-vs-nacl", "answer": "NACLs are stateless"},
        {"card": "iam-basics", "answer": ANSWER},
        {"card": "iam-basics", "answer": "I don't know"},
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    result = run("--db", db, "grade", "--batch", batch, "--json")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["card"] for o in out] == ["sg-vs-nacl", "iam-basics", "iam-basics"]
    assert [o["rating"] for o in out] == ["again", "hard", "again"]
    assert out[1] == json.loads(run("--db", db, "grade", "iam-basics", ANSWER, "--json").stdout)
    text = run("--db", db, "grade", "--batch", batch).stdout.splitlines()
    assert text[1] == "iam-basics\t0.56\thard\t✓✓⚠✓✗"


def test_batch_reads_standard_input(db):
    source = json.dumps({"card": "sg-vs-nacl", "answer": "SGs are stateful"}) + "\n"
    result = run("--db", db, "grade", "--batch", "-", "--json", input=source)
    assert json.loads(result.stdout)["points"][0]["status"] == "covered"


@pytest.mark.parametrize(
    "line,message",
    [
        ("not json", "<stdin>:2: not valid JSON"),
        ("[1, 2]", '<stdin>:2: expected an object like {"card": ID, "answer": TEXT}'),
        ('{"answer": "x"}', '<stdin>:2: missing "card"'),
        ('{"card": "iam-basics", "answer": 3}', '<stdin>:2: "answer" must be text'),
        ('{"card": "nope", "answer": "x"}', "<stdin>:2: No card with id 'nope'"),
    ],
)
def test_a_bad_batch_line_is_named_and_nothing_is_graded(db, line, message):
    source = json.dumps({"card": "iam-basics", "answer": "roles are assumed"}) + "\n" + line
    result = run("--db", db, "grade", "--batch", "-", "--json", input=source)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_card_id_and_batch_do_not_mix(db, tmp_path):
    batch = tmp_path / "a.jsonl"
    batch.write_text("")
    assert run("--db", db, "grade", "iam-basics", "--batch", batch).exit_code == 2
    assert run("--db", db, "grade").exit_code == 2


def test_a_web_deck_without_key_points_is_graded_against_its_answer(db_path):
    web = Path(__file__).resolve().parent / "fixtures" / "decks" / "web.md"
    assert run("--db", db_path, "import", web).exit_code == 0
    cards = json.loads(run("--db", db_path, "cards", "--json").stdout)
    ec2 = next(c for c in cards if c["question"] == "What is Amazon EC2?")

    def grade(answer: str) -> dict:
        result = run("--db", db_path, "grade", ec2["id"], answer, "--json")
        assert result.exit_code == 0
        return json.loads(result.stdout)

    good = grade(
        "EC2 gives you resizable virtual servers (instances) in the cloud; you pick an "
        "instance type for CPU and memory and you pay only for the time they run."
    )
    assert good["derived_points"] is True
    assert good["rating"] in ("good", "easy")
    assert grade("S3 is object storage for files, reached over HTTPS.")["rating"] == "again"
    assert grade("")["rating"] == "again"


RELATED = Path(__file__).resolve().parent / "fixtures" / "decks" / "related" / "azs.md"
MULTI_AZ_ANSWER = (
    "Run the app in two AZs behind a load balancer, and make the RDS database Multi-AZ so it "
    "fails over."
)


@pytest.fixture
def related_db(db_path: Path) -> Path:
    return _imported(db_path, RELATED)


def _graded(db: Path, card_id: str, answer: str) -> dict:
    return json.loads(run("--db", db, "grade", card_id, answer, "--json").stdout)


def test_an_answer_to_a_related_card_gets_no_credit_and_says_so(related_db):
    # The high-availability answer names "two AZs", which the Region/AZ card would credit.
    result = run("--db", related_db, "grade", "region-vs-az", MULTI_AZ_ANSWER)
    assert "This reads as the answer to the related card multi-az" in result.stdout
    assert result.stdout.splitlines()[-1] == "score 0.00, suggested rating: again"
    data = _graded(related_db, "region-vs-az", MULTI_AZ_ANSWER)
    assert data["answers_other"] == "multi-az"
    assert {p["status"] for p in data["points"]} == {"missed"}
    # On its own card the same answer is complete.
    own = _graded(related_db, "multi-az", MULTI_AZ_ANSWER)
    assert own["answers_other"] is None
    assert own["rating"] == "easy"


def test_an_answer_that_contradicts_the_card_is_graded_on_it(related_db):
    data = _graded(related_db, "region-vs-az", MULTI_AZ_ANSWER + " AZs aren't data centres.")
    assert data["answers_other"] is None
    assert [p["status"] for p in data["points"]] == ["missed", "contradicted", "covered", "missed"]


def test_a_right_answer_on_a_card_with_related_cards_keeps_its_credit(related_db):
    answer = "Regions are separate geographic areas and AZs are data centres inside them."
    data = _graded(related_db, "region-vs-az", answer)
    assert data["answers_other"] is None
    assert [p["status"] for p in data["points"]][:2] == ["covered", "covered"]
