"""Importing decks: all or nothing, no writes when nothing changed, identity that survives edits."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from engine.deck import card_id, parse_file
from engine.errors import DeckErrors, QuizError
from engine.importer import Counts, import_paths, lint_paths
from engine.model import CardState, Memory, PointResult, PointStatus, Rating, Review
from engine.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
T0 = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_text(
    question: str, *, id: str = "", answer: str = "An answer.", points=("A point",), related=()
) -> str:
    lines = [f"## {question}"]
    if id:
        lines.append(f"id: {id}")
    lines += ["", "### Answer", answer, "", "### Key points"]
    for point in points:
        lines += [f"- {point}", f"  match: {point.split()[-1]}"]
    if related:
        lines += ["", "### Related", *(f"- {r}" for r in related)]
    return "\n".join(lines) + "\n\n"


def deck_text(deck: str, *cards: str) -> str:
    return f"---\ndeck: {deck}\n---\n\n# Topic\n\n" + "".join(cards)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def review(store: Store, card: str, days: int = 3) -> Memory:
    """Record one Good review of `card` and return the memory it left."""
    after = Memory(
        state=CardState.REVIEW,
        stability=float(days),
        difficulty=5.0,
        due=T0 + timedelta(days=days),
        last_review=T0,
        reps=store.card_memory(card).reps + 1,
    )
    store.record_review(
        Review(
            card,
            T0,
            Rating.GOOD,
            store.card_memory(card),
            after,
            answer=f"my answer about {card}",
            points=(PointResult(0, "A point", PointStatus.COVERED, evidence="point"),),
        )
    )
    return after


def counts(report, path: Path | None = None) -> Counts:
    if path is None:
        return report.totals
    (found,) = [f.counts for f in report.files if Path(f.path).resolve() == path.resolve()]
    return found


@pytest.fixture
def store(db_path):
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def decks(tmp_path) -> Path:
    return tmp_path / "decks"


# --- round trip and no-op re-imports ------------------------------------------------------


def test_every_field_of_the_fixture_deck_reaches_the_store(store):
    report = import_paths(store, [FIXTURES / "decks"], now=T0)
    assert report.totals == Counts(added=4)
    for name in ("aws.md", "k8s.md"):
        path = FIXTURES / "decks" / name
        for parsed in parse_file(path).cards:
            assert store.get_card(parsed.id) == dataclasses.replace(
                parsed, path=str(path.resolve())
            )
    assert store.glossary("AWS") == (
        ("STS", "Security Token Service"),
        ("NACL", "network ACL", "network access control list"),
    )
    assert [i.card.id for i in store.list_cards(tag="iam")] == ["iam-basics"]


def test_reimporting_unchanged_decks_writes_nothing(db_path):
    with Store(db_path) as store:
        import_paths(store, [FIXTURES / "decks"], now=T0)
    before = digest(db_path)
    with Store(db_path) as store:
        report = import_paths(store, [FIXTURES / "decks"], now=T0 + timedelta(days=1))
    assert report.totals == Counts(unchanged=4)
    assert all(not f.parsed for f in report.files)
    assert digest(db_path) == before


def test_a_changed_file_with_unchanged_cards_only_refreshes_positions(store, decks):
    aws = write(
        decks / "aws.md", deck_text("AWS", card_text("What is S3?"), card_text("What is EC2?"))
    )
    import_paths(store, [decks], now=T0)
    ec2 = card_id("AWS", "What is EC2?")
    old = store.get_card(ec2)
    write(aws, aws.read_text().replace("# Topic\n", "# Topic\n\nAn introduction.\n"))
    report = import_paths(store, [decks], now=T0 + timedelta(hours=1))
    assert report.totals == Counts(unchanged=2)
    moved = store.get_card(ec2)
    assert (moved.line, moved.key_points[0].line) == (old.line + 2, old.key_points[0].line + 2)
    assert store.card_info(ec2).updated_at == T0


def test_a_dry_run_reports_and_writes_nothing(db_path, decks):
    write(decks / "a.md", deck_text("A", card_text("One?"), card_text("Two?")))
    with Store(db_path) as store:
        import_paths(store, [decks], now=T0)
    write(
        decks / "a.md", deck_text("A", card_text("One?", answer="New answer."), card_text("Three?"))
    )
    before = digest(db_path)
    with Store(db_path) as store:
        report = import_paths(store, [decks], now=T0, dry_run=True)
        assert report.dry_run
        assert report.totals == Counts(added=1, updated=1, retired=1)
        assert store.get_card(card_id("A", "One?")).answer == "An answer."
    assert digest(db_path) == before


# --- identity ---------------------------------------------------------------------------


def test_editing_answer_points_and_tags_keeps_history(store, decks):
    path = write(decks / "a.md", deck_text("A", card_text("What is a VPC?")))
    import_paths(store, [decks], now=T0)
    vpc = card_id("A", "What is a VPC?")
    memory = review(store, vpc)
    edited = card_text(
        "What is a VPC?", answer="A private network.", points=("Isolated network", "Has subnets")
    )
    write(path, deck_text("A", edited).replace("# Topic", "# Networking"))
    report = import_paths(store, [decks], now=T0 + timedelta(hours=1))
    assert report.totals == Counts(updated=1)
    card = store.get_card(vpc)
    assert (card.answer, len(card.key_points), card.topic) == (
        "A private network.",
        2,
        "Networking",
    )
    assert store.card_memory(vpc) == memory
    assert [r.answer for r in store.reviews_for(vpc)] == [f"my answer about {vpc}"]


def test_a_slightly_reworded_question_is_renamed_and_keeps_history(store, decks):
    path = write(
        decks / "a.md", deck_text("A", card_text("What is an IAM role?"), card_text("What is S3?"))
    )
    import_paths(store, [decks], now=T0)
    old = card_id("A", "What is an IAM role?")
    memory = review(store, old)
    store.add_alias(old, 0, "assumable identity", T0)
    write(path, deck_text("A", card_text("What is an AWS IAM role?"), card_text("What is S3?")))
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(renamed=1, unchanged=1)
    new = card_id("A", "What is an AWS IAM role?")
    (rename,) = report.renames
    assert (rename.old_id, rename.new_id) == (old, new)
    assert (rename.old_question, rename.new_question) == (
        "What is an IAM role?",
        "What is an AWS IAM role?",
    )
    assert store.card_memory(new) == memory
    assert [r.card_id for r in store.reviews_for(new)] == [new]
    assert [a.card_id for a in store.list_aliases()] == [new]
    assert [i.card.id for i in store.list_cards(include_retired=True)].count(old) == 0


def test_a_rewritten_question_is_a_new_card_and_the_old_one_retires(store, decks):
    path = write(decks / "a.md", deck_text("A", card_text("What is an IAM role?")))
    import_paths(store, [decks], now=T0)
    old = card_id("A", "What is an IAM role?")
    review(store, old)
    write(path, deck_text("A", card_text("How do security groups differ from NACLs?")))
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(added=1, retired=1)
    assert store.card_info(old).retired
    assert len(store.reviews_for(old)) == 1


def test_renames_pair_the_most_similar_questions_first(store, decks):
    path = write(
        decks / "a.md",
        deck_text("A", card_text("What is an S3 bucket policy?"), card_text("What is an S3 ACL?")),
    )
    import_paths(store, [decks], now=T0)
    review(store, card_id("A", "What is an S3 bucket policy?"))
    write(
        path,
        deck_text(
            "A", card_text("What is an S3 bucket policy for?"), card_text("What is an S3 ACL for?")
        ),
    )
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(renamed=2)
    assert {(r.old_question, r.new_question) for r in report.renames} == {
        ("What is an S3 bucket policy?", "What is an S3 bucket policy for?"),
        ("What is an S3 ACL?", "What is an S3 ACL for?"),
    }
    assert len(store.reviews_for(card_id("A", "What is an S3 bucket policy for?"))) == 1


def test_a_removed_card_retires_and_comes_back_with_its_history(store, decks):
    both = deck_text("A", card_text("Kept?"), card_text("Removed for a while?"))
    path = write(decks / "a.md", both)
    import_paths(store, [decks], now=T0)
    gone = card_id("A", "Removed for a while?")
    memory = review(store, gone)
    write(path, deck_text("A", card_text("Kept?")))
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(unchanged=1, retired=1)
    assert [i.card.id for i in store.list_cards()] == [card_id("A", "Kept?")]
    summary = store.deck_summaries(T0)[0]
    assert (summary.total, summary.retired) == (1, 1)
    write(path, both)
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(unchanged=1, restored=1)
    assert not store.card_info(gone).retired
    assert store.card_memory(gone) == memory
    assert len(store.reviews_for(gone)) == 1


def test_an_explicit_id_moving_to_another_file_and_deck_stays_the_same_card(store, decks):
    a = write(
        decks / "a.md", deck_text("A", card_text("What is IAM?", id="iam"), card_text("Other?"))
    )
    b = write(decks / "b.md", deck_text("B", card_text("Something else?")))
    import_paths(store, [decks], now=T0)
    memory = review(store, "iam")
    write(a, deck_text("A", card_text("Other?")))
    write(
        b,
        deck_text(
            "B", card_text("Something else?"), card_text("What is AWS IAM, really?", id="iam")
        ),
    )
    report = import_paths(store, [decks], now=T0)
    assert counts(report, a) == Counts(unchanged=1)
    assert counts(report, b) == Counts(unchanged=1, updated=1)
    card = store.get_card("iam")
    assert (card.deck, card.question, card.path) == (
        "B",
        "What is AWS IAM, really?",
        str(b.resolve()),
    )
    assert store.card_memory("iam") == memory
    assert not store.card_info("iam").retired


def test_adding_an_id_to_a_card_keeps_its_history(store, decks):
    path = write(decks / "a.md", deck_text("A", card_text("What is a NAT gateway?")))
    import_paths(store, [decks], now=T0)
    memory = review(store, card_id("A", "What is a NAT gateway?"))
    write(path, deck_text("A", card_text("What is a NAT gateway?", id="nat")))
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(renamed=1)
    assert store.card_memory("nat") == memory
    assert store.get_card("nat").explicit_id


def test_renaming_a_deck_keeps_the_history_of_its_cards(store, decks):
    path = write(decks / "a.md", deck_text("aws", card_text("What is a VPC?")))
    import_paths(store, [decks], now=T0)
    memory = review(store, card_id("aws", "What is a VPC?"))
    write(path, deck_text("AWS networking", card_text("What is a VPC?")))
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(renamed=1)
    assert store.card_memory(card_id("AWS networking", "What is a VPC?")) == memory
    assert store.deck_names() == ["AWS networking"]


def test_an_explicit_id_vanishing_is_never_matched_by_similarity(store, decks):
    path = write(decks / "a.md", deck_text("A", card_text("What is IAM?", id="iam")))
    import_paths(store, [decks], now=T0)
    write(path, deck_text("A", card_text("What is IAM?", id="iam-v2")))
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(added=1, retired=1)


def test_a_deleted_file_in_an_imported_directory_retires_its_cards(store, decks):
    write(decks / "a.md", deck_text("A", card_text("One?")))
    b = write(decks / "sub" / "b.md", deck_text("A", card_text("Two?"), card_text("Three?")))
    import_paths(store, [decks], now=T0)
    review(store, card_id("A", "Two?"))
    b.unlink()
    report = import_paths(store, [decks], now=T0)
    assert report.totals == Counts(unchanged=1, retired=2)
    assert [f.path for f in report.files][-1].endswith("b.md")
    assert store.count_cards() == 1
    write(b, deck_text("A", card_text("Two?"), card_text("Three?")))
    assert import_paths(store, [decks], now=T0).totals == Counts(unchanged=1, restored=2)
    assert len(store.reviews_for(card_id("A", "Two?"))) == 1


def test_a_card_moved_in_from_a_file_not_imported_now_is_moved_with_a_warning(store, tmp_path):
    a = write(tmp_path / "a.md", deck_text("A", card_text("Shared?", id="shared")))
    b = write(tmp_path / "b.md", deck_text("A", card_text("Other?")))
    import_paths(store, [a, b], now=T0)
    write(b, deck_text("A", card_text("Other?"), card_text("Shared?", id="shared")))
    report = import_paths(store, [b], now=T0)
    assert counts(report, b) == Counts(unchanged=1, updated=1)
    (warning,) = report.warnings
    assert "moved here from" in warning.message and str(b) in str(warning)
    assert store.get_card("shared").path == str(b.resolve())
    # a.md still defines it: importing a.md (unchanged bytes) re-reads it and moves it back.
    report = import_paths(store, [a], now=T0)
    assert store.get_card("shared").path == str(a.resolve())
    assert [w.message for w in report.warnings if "moved here" in w.message]
    # Imported together, the two definitions are an error.
    with pytest.raises(DeckErrors, match="already used"):
        import_paths(store, [a, b], now=T0)


def test_another_authors_deck_reusing_an_id_keeps_both_cards(store, tmp_path):
    docker = write(
        tmp_path / "docker.md", deck_text("Docker", card_text("CMD vs ENTRYPOINT?", id="cmd"))
    )
    k8s = write(
        tmp_path / "k8s.md",
        deck_text("K8s Notes", card_text("command vs args in a pod?", id="cmd")),
    )
    import_paths(store, [docker], now=T0)
    review(store, "cmd")
    report = import_paths(store, [k8s], now=T0)
    assert report.totals == Counts(added=1)
    (warning,) = [w for w in report.warnings if "already used" in w.message]
    assert (warning.path, warning.line) == (str(k8s), 7)
    assert "a card of deck 'Docker' at " in warning.message and "docker.md:7;" in warning.message
    assert "kept apart as 'k8s-notes:cmd'" in warning.message
    # The Docker card keeps its deck, file and history; the newcomer is a card of its own.
    assert (store.get_card("cmd").deck, len(store.reviews_for("cmd"))) == ("Docker", 1)
    assert store.get_card("k8s-notes:cmd").question == "command vs args in a pod?"
    # The same on every import, whichever file comes first.
    write(k8s, deck_text("K8s Notes", card_text("command vs args in a pod??", id="cmd")))
    assert import_paths(store, [k8s], now=T0).totals == Counts(updated=1)
    assert import_paths(store, [docker, k8s], now=T0).totals == Counts(unchanged=2)
    assert store.count_cards() == 2
    # The same question under the same id in another file is the same card: it moves.
    copy = write(
        tmp_path / "copy.md", deck_text("Docker", card_text("CMD vs ENTRYPOINT?", id="cmd"))
    )
    report = import_paths(store, [copy], now=T0)
    assert [w for w in report.warnings if "moved here from" in w.message]
    assert store.get_card("cmd").path == str(copy.resolve())


def test_two_decks_reusing_an_id_imported_together_keep_both(store, tmp_path):
    write(
        tmp_path / "a" / "docker.md", deck_text("Docker", card_text("CMD vs ENTRYPOINT?", id="cmd"))
    )
    k8s = write(
        tmp_path / "b" / "k8s.md",
        deck_text("K8s", card_text("command vs args in a pod?", id="cmd")),
    )
    # Kubernetes first: it keeps the id when both come together later.
    import_paths(store, [k8s], now=T0)
    review(store, "cmd")
    report = import_paths(store, [tmp_path], now=T0)
    assert report.totals == Counts(added=1, unchanged=1)
    (warning,) = [w for w in report.warnings if "already used" in w.message]
    assert warning.path.endswith("docker.md") and "kept apart as 'docker:cmd'" in warning.message
    assert (store.get_card("cmd").deck, len(store.reviews_for("cmd"))) == ("K8s", 1)
    assert store.get_card("docker:cmd").deck == "Docker"
    # Into a new database together: the first file keeps the id.
    fresh = Store(tmp_path / "fresh.db")
    with fresh:
        report = import_paths(fresh, [tmp_path / "a", tmp_path / "b"], now=T0)
        assert report.totals == Counts(added=2)
        assert (fresh.get_card("cmd").deck, fresh.get_card("k8s:cmd").deck) == ("Docker", "K8s")
    # Within one deck the same id twice is still an error.
    write(tmp_path / "b" / "more.md", deck_text("K8s", card_text("Pod vs container?", id="cmd")))
    with pytest.raises(DeckErrors, match="id 'cmd' is already used by the card at"):
        import_paths(store, [tmp_path], now=T0)


# --- errors change nothing --------------------------------------------------------------


def test_a_duplicate_id_across_files_names_both_places_and_writes_nothing(db_path, decks):
    # One deck in two files (another deck's id is kept apart: see above).
    a = write(decks / "a.md", deck_text("A", card_text("One?", id="dup")))
    with Store(db_path) as store:
        import_paths(store, [decks], now=T0)
    b = write(decks / "b.md", deck_text("A", card_text("Two?", id="dup")))
    before = digest(db_path)
    with Store(db_path) as store, pytest.raises(DeckErrors) as err:
        import_paths(store, [decks], now=T0)
    (error,) = err.value.errors
    assert (error.path, error.line) == (str(b), 7)
    assert f"{a}:7" in error.message
    assert digest(db_path) == before


def test_duplicates_among_new_files_are_all_reported(store, decks):
    write(decks / "a.md", deck_text("A", card_text("One?", id="x"), card_text("Same?")))
    write(decks / "b.md", deck_text("A", card_text("Two?", id="x"), card_text("Same?")))
    with pytest.raises(DeckErrors) as err:
        import_paths(store, [decks], now=T0)
    messages = [e.message for e in err.value.errors]
    assert len(messages) == 2
    assert "id 'x' is already used" in messages[0]
    assert "this question is the same as the one at" in messages[1]
    assert store.count_cards() == 0


def test_a_broken_file_among_valid_ones_writes_nothing(db_path, decks):
    write(decks / "a.md", deck_text("A", card_text("One?")))
    with Store(db_path) as store:
        import_paths(store, [decks], now=T0)
    write(decks / "a.md", deck_text("A", card_text("One?", answer="Changed.")))
    write(decks / "b.md", deck_text("B", card_text("Two?")))
    broken = write(decks / "c.md", (FIXTURES / "broken.md").read_text())
    before = digest(db_path)
    with Store(db_path) as store, pytest.raises(DeckErrors) as err:
        import_paths(store, [decks], now=T0)
    assert [str(e) for e in err.value.errors] == [
        f"{broken}:9: rule 'fine ; ;' has an empty group; remove the extra ';'"
    ]
    assert digest(db_path) == before


def test_a_file_that_is_not_utf8_is_an_error_naming_its_line(store, decks):
    path = decks / "latin1.md"
    path.parent.mkdir()
    path.write_bytes(b"## Caf\xe9?\n")
    with pytest.raises(DeckErrors) as err:
        import_paths(store, [path], now=T0)
    assert str(err.value).startswith(f"{path}:1: not UTF-8")


def test_a_missing_path_is_named(store, tmp_path):
    with pytest.raises(QuizError, match="nowhere.md: no such file"):
        import_paths(store, [FIXTURES / "decks", tmp_path / "nowhere.md"], now=T0)
    assert store.count_cards() == 0


# --- warnings, lint, progress -----------------------------------------------------------


def test_related_entries_are_checked_against_the_import_and_the_store(store, decks):
    write(decks / "a.md", deck_text("A", card_text("What is IAM?", id="iam")))
    import_paths(store, [decks / "a.md"], now=T0)
    b = write(
        decks / "b.md",
        deck_text(
            "B",
            card_text("Two?", related=("iam", "what is iam", "Three", "no-such-card")),
            card_text("Three?"),
        ),
    )
    report = import_paths(store, [b], now=T0)
    assert [str(w) for w in report.warnings] == [
        f"{b}:7: Related entry 'no-such-card' names no known card (neither an id nor a question); "
        "check its spelling"
    ]


def test_parser_warnings_are_reported(store):
    report = import_paths(store, [FIXTURES / "decks" / "aws.md"], now=T0)
    assert any("Pitfalls" in w.message for w in report.warnings)


def test_lint_checks_files_without_a_database(tmp_path):
    a = write(tmp_path / "a.md", deck_text("A", card_text("One?", id="x", related=("nope",))))
    b = write(tmp_path / "b.md", deck_text("A", card_text("Two?", id="x")))
    c = write(tmp_path / "c.md", deck_text("C", card_text("Three?", id="x")))
    report = lint_paths([tmp_path, FIXTURES / "broken.md"])
    assert report.files == (str(a), str(b), str(c), str(FIXTURES / "broken.md"))
    assert [f"{e.path}:{e.line}" for e in report.errors] == [
        f"{FIXTURES / 'broken.md'}:9",
        f"{b}:7",
    ]
    assert [w.message.split(" names")[0].split(" at ")[0] for w in report.warnings] == [
        "id 'x' is already used by a card of deck 'A'",
        "Related entry 'nope'",
    ]
    assert report.warnings[0].path == str(c)
    assert report.cards == 3
    assert not list(tmp_path.glob("*.db"))
    with pytest.raises(QuizError, match="no such file"):
        lint_paths([tmp_path / "missing"])


def test_progress_is_reported_while_parsing_and_writing(store):
    calls = []
    import_paths(store, [FIXTURES / "decks"], now=T0, progress=lambda *a: calls.append(a))
    parsing = [c for c in calls if c[0] == "Parsing"]
    assert parsing[-1][1] == parsing[-1][2] > 0
    assert calls[-1] == ("Writing", 4, 4)


def test_two_processes_importing_at_once_add_each_card_once(db_path, decks):
    for n in range(5):
        write(
            decks / f"d{n}.md",
            deck_text(f"D{n}", *(card_text(f"Question {n}-{i}?") for i in range(40))),
        )
    Store(db_path).close()
    script = (
        "import sys; from datetime import UTC, datetime;"
        "from engine.store import Store; from engine.importer import import_paths;"
        "s = Store(sys.argv[1]); r = import_paths(s, [sys.argv[2]], now=datetime.now(UTC));"
        "print(r.totals.added)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db_path), str(decks)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    added = sorted(int(run.communicate(timeout=60)[0]) for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    assert added == [0, 200]
    with Store(db_path) as store:
        assert store.count_cards() == 200


def test_two_new_decks_reusing_a_stored_decks_id_both_stay_apart(store, tmp_path):
    docker = write(tmp_path / "docker.md", deck_text("Docker", card_text("CMD?", id="cmd")))
    import_paths(store, [docker], now=T0)
    review(store, "cmd")
    k8s = write(tmp_path / "new" / "k8s.md", deck_text("K8s", card_text("Args?", id="cmd")))
    write(tmp_path / "new" / "helm.md", deck_text("Helm", card_text("Values?", id="cmd")))
    report = import_paths(store, [tmp_path / "new"], now=T0)
    assert report.totals == Counts(added=2)
    assert (store.get_card("cmd").deck, len(store.reviews_for("cmd"))) == ("Docker", 1)
    assert {store.get_card(i).deck for i in ("k8s:cmd", "helm:cmd")} == {"K8s", "Helm"}
    assert k8s.exists()
