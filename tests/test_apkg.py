"""Anki packages (.apkg, .colpkg) made by Anki itself import as cards, through the real CLI.

The fixtures were exported by the `anki` library (tests/fixtures/anki/make_fixtures.py):
Basic, Basic (and reversed card) and Cloze notes with HTML and tags in two decks.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.deck import card_id
from engine.formats.anki import cloze, html_text
from engine.store import Store
from quiz import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "anki"
PACKAGES = ["aws-modern.apkg", "aws-legacy.apkg", "aws-anki2.apkg", "aws.colpkg"]

ROLE_ANSWER = (
    "An identity with temporary credentials that you assume.  \n"
    "Prefer it over long-lived access keys & passwords."
)
CLOZE_ANSWER = "Security groups are stateful; network ACLs are stateless.\n\nBoth filter traffic."
EXPECTED = {
    # question: (answer, topic, tags)
    "What is an IAM role?": (ROLE_ANSWER, "AWS::IAM", ["aws", "iam::roles"]),
    "Name two kinds of IAM policy": (
        "- Identity-based policies\n- Resource-based policies",
        "AWS::IAM",
        ["aws"],
    ),
    "What does `chmod 755` do?": ("Owner: rwx  \nOthers: r-x", "Linux", ["linux"]),
    "Which file is this? [image: tree.png]": (
        "/etc/fstab \\<filesystem table>",
        "Linux",
        [],
    ),
    "[...] are stateful; network ACLs are stateless.": (
        CLOZE_ANSWER,
        "AWS::IAM",
        ["aws", "vpc"],
    ),
    "Security groups are [state?]; network ACLs are [...].": (
        CLOZE_ANSWER,
        "AWS::IAM",
        ["aws", "vpc"],
    ),
}


def run(*args: object, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def copy(name: str, folder: Path, as_name: str | None = None) -> Path:
    target = folder / (as_name or name)
    shutil.copyfile(FIXTURES / name, target)
    return target


def edited(folder: Path, edit: Callable[[sqlite3.Connection], None], name: str) -> Path:
    """Return a copy of the legacy package whose collection went through `edit` (SQL)."""
    work = folder / "work.anki21"
    with zipfile.ZipFile(FIXTURES / "aws-legacy.apkg") as package:
        work.write_bytes(package.read("collection.anki21"))
        members = {n: package.read(n) for n in package.namelist()}
    conn = sqlite3.connect(work)
    with conn:
        edit(conn)
    conn.close()
    members["collection.anki21"] = work.read_bytes()
    work.unlink()
    target = folder / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(member, data)
    return target


def imported(db: Path, *paths: Path) -> dict:
    result = run("--db", db, "import", *paths, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stored_cards(db: Path) -> dict[str, tuple[str, str, list[str]]]:
    """Return question -> (answer, topic, tags) of every live card, as `quiz.py card` shows."""
    listed = json.loads(run("--db", db, "cards", "--json").stdout)
    out = {}
    for row in listed:
        card = json.loads(run("--db", db, "card", row["id"], "--json").stdout)
        out[card["question"]] = (card["answer"], card["topic"], card["tags"])
    return out


# --- what a learner sees ------------------------------------------------------------------


@pytest.mark.parametrize("name", PACKAGES)
def test_every_kind_of_anki_package_imports_its_notes_as_plain_text_cards(name, tmp_path, db_path):
    package = copy(name, tmp_path)
    report = imported(db_path, package)
    assert report["errors"] == []
    assert report["totals"]["added"] == 6
    assert stored_cards(db_path) == EXPECTED
    with Store(db_path) as store:
        assert store.deck_names() == [package.stem]
        # Ids are derived as for every other layout: the deck (file) name and the question.
        card = store.get_card(card_id(package.stem, "What is an IAM role?"))
        assert card.line == 1 and card.path == str(package.resolve())


def test_no_html_is_left_in_any_imported_field(tmp_path, db_path):
    imported(db_path, copy("aws-modern.apkg", tmp_path))
    for question, (answer, _, _) in stored_cards(db_path).items():
        for text in (question, answer):
            assert "<b>" not in text and "<div>" not in text and "<br" not in text
            assert "&nbsp;" not in text and "&amp;" not in text and "[sound:" not in text


def test_the_newest_collection_in_the_package_wins_over_the_please_update_dummy(tmp_path, db_path):
    with zipfile.ZipFile(FIXTURES / "aws-modern.apkg") as package:
        assert "collection.anki2" in package.namelist()  # the dummy note is there too
    imported(db_path, copy("aws-modern.apkg", tmp_path))
    assert not any("Please update" in q for q in stored_cards(db_path))


def test_reimporting_the_same_package_changes_nothing(tmp_path, db_path):
    package = copy("aws-modern.apkg", tmp_path)
    imported(db_path, package)
    again = imported(db_path, package)
    assert again["totals"]["unchanged"] == 6
    assert again["totals"]["added"] == again["totals"]["updated"] == 0


def test_a_new_export_of_the_same_notes_keeps_every_card(tmp_path, db_path):
    # Each export has other bytes (timestamps, compression), so it is parsed again.
    package = copy("aws-modern.apkg", tmp_path, "aws.apkg")
    imported(db_path, package)
    copy("aws.colpkg", tmp_path, "aws.apkg")
    again = imported(db_path, package)
    assert again["totals"] == {**again["totals"], "unchanged": 6, "added": 0, "retired": 0}


def test_an_answer_edited_in_anki_updates_the_card_and_keeps_its_history(tmp_path, db_path):
    package = copy("aws-legacy.apkg", tmp_path, "aws.apkg")
    imported(db_path, package)
    role = card_id("aws", "What is an IAM role?")
    graded = run("--db", db_path, "grade", role, "an identity you assume", "--json")
    assert graded.exit_code == 0

    def edit_back(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE notes SET flds = 'What is an IAM <b>role</b>?' || char(31) || "
            "'An identity assumed for <i>short-lived</i> credentials.' WHERE sfld LIKE 'What is%'"
        )

    edited(tmp_path, edit_back, "aws.apkg")
    report = imported(db_path, package)
    assert report["totals"]["updated"] == 1
    assert report["totals"]["unchanged"] == 5
    card = json.loads(run("--db", db_path, "card", role, "--json").stdout)
    assert card["answer"] == "An identity assumed for short-lived credentials."


def test_a_note_deleted_in_anki_retires_its_card(tmp_path, db_path):
    package = copy("aws-legacy.apkg", tmp_path, "aws.apkg")
    imported(db_path, package)
    edited(
        tmp_path, lambda c: c.execute("DELETE FROM notes WHERE sfld LIKE 'Name two%'"), "aws.apkg"
    )
    report = imported(db_path, package)
    assert report["totals"]["retired"] == 1
    assert "Name two kinds of IAM policy" not in stored_cards(db_path)


def test_a_studied_card_from_a_package_can_be_graded(tmp_path, db_path):
    package = copy("aws-modern.apkg", tmp_path)
    imported(db_path, package)
    role = card_id(package.stem, "What is an IAM role?")
    result = run(
        "--db",
        db_path,
        "grade",
        role,
        "A role is an identity you assume to get temporary credentials, preferred over "
        "long-lived access keys and passwords.",
        "--json",
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["card"] == role
    assert verdict["derived_points"] is True
    assert verdict["rating"] in ("good", "easy")
    assert verdict["score"] > 0.5


def test_a_cloze_card_is_graded_on_its_hidden_words(tmp_path, db_path):
    package = copy("aws-modern.apkg", tmp_path)
    imported(db_path, package)
    both = card_id(package.stem, "Security groups are [state?]; network ACLs are [...].")
    first = card_id(package.stem, "[...] are stateful; network ACLs are stateless.")

    def grade(card: str, answer: str) -> dict:
        result = run("--db", db_path, "grade", card, answer, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    right = grade(both, "stateful, stateless")
    assert [p["text"] for p in right["points"]] == ["stateful", "stateless"]
    assert right["rating"] == "easy"
    assert grade(both, "stateful")["rating"] in ("again", "hard")
    assert grade(first, "security groups")["rating"] == "easy"
    assert grade(first, "NACLs")["rating"] == "again"
    # Nothing is left to derive: the deletions are the key points.
    assert "derived_points" not in right or right["derived_points"] is False


def test_a_directory_contributes_its_apkg_files(tmp_path, db_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    copy("aws-modern.apkg", decks)
    (decks / "notes.md").write_text("## What is DNS?\n\nName resolution.\n", encoding="utf-8")
    report = imported(db_path, decks)
    assert report["totals"]["added"] == 7


def test_duplicate_questions_keep_the_first_note_with_a_warning(tmp_path, db_path):
    def duplicate(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE notes SET flds = 'What is an IAM role?' || char(31) || 'Another answer' "
            "WHERE sfld LIKE 'Name two%'"
        )

    package = edited(tmp_path, duplicate, "dup.apkg")
    report = imported(db_path, package)
    assert report["totals"]["added"] == 5
    assert any("asks the same question as note 1" in w["message"] for w in report["warnings"])
    assert stored_cards(db_path)["What is an IAM role?"][0] == ROLE_ANSWER


def test_an_empty_package_imports_nothing_and_says_so(tmp_path, db_path):
    result = run("--db", db_path, "import", copy("empty.apkg", tmp_path))
    assert result.exit_code == 0
    assert "empty.apkg:1: no questions found in this Anki file" in result.output
    assert json.loads(run("--db", db_path, "cards", "--json").stdout) == []


# --- errors: one message naming the file, nothing imported ----------------------------------


def _refused(db: Path, *paths: Path) -> str:
    result = run("--db", db, "import", *paths)
    assert result.exit_code == 1
    listed = run("--db", db, "cards", "--json")
    assert json.loads(listed.stdout) == []
    return result.output


def test_a_file_that_is_not_a_zip_is_refused_and_nothing_is_imported(tmp_path, db_path):
    bad = tmp_path / "notes.apkg"
    bad.write_text("Front,Back\n", encoding="utf-8")
    good = copy("aws-modern.apkg", tmp_path)
    output = _refused(db_path, good, bad)
    assert "notes.apkg:1: not an Anki package: cannot read it as a zip archive" in output


def test_a_zip_without_a_collection_is_refused(tmp_path, db_path):
    bad = tmp_path / "photos.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("media", "{}")
    assert "photos.apkg:1: no Anki collection inside" in _refused(db_path, bad)


def test_a_damaged_collection_is_refused(tmp_path, db_path):
    with zipfile.ZipFile(FIXTURES / "aws-modern.apkg") as package:
        compressed = package.read("collection.anki21b")
        legacy = zipfile.ZipFile(FIXTURES / "aws-legacy.apkg").read("collection.anki21")
    cases = {
        "garbage.apkg": ("collection.anki21", b"not a database at all" * 10),
        "truncated.apkg": ("collection.anki21b", compressed[: len(compressed) // 2]),
        "cut-sqlite.apkg": ("collection.anki21", legacy[:4096]),
    }
    for name, (member, data) in cases.items():
        bad = tmp_path / name
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr(member, data)
        output = _refused(db_path, bad)
        assert f"{name}:1: {member} inside " in output, output


def test_a_package_holding_only_the_please_update_dummy_is_refused(tmp_path, db_path):
    bad = tmp_path / "stripped.apkg"
    with zipfile.ZipFile(FIXTURES / "aws-modern.apkg") as package, zipfile.ZipFile(bad, "w") as z:
        z.writestr("collection.anki2", package.read("collection.anki2"))
    output = _refused(db_path, bad)
    assert "stripped.apkg:1: collection.anki2 inside only asks to update Anki" in output


def test_a_note_whose_note_type_is_missing_is_refused(tmp_path, db_path):
    def drop_cloze(conn: sqlite3.Connection) -> None:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        models = {k: v for k, v in models.items() if v["name"] != "Cloze"}
        conn.execute("UPDATE col SET models = ?", (json.dumps(models),))

    bad = edited(tmp_path, drop_cloze, "broken.apkg")
    output = _refused(db_path, bad)
    assert "broken.apkg:5: note '{{c1::Security groups}} are" in output
    assert "uses a note type that is not in the package" in output


def test_lint_reads_packages_too(tmp_path):
    result = run("lint", copy("aws-modern.apkg", tmp_path))
    assert result.exit_code == 0, result.output
    assert "1 file, 6 cards: 0 errors, 1 warning" in result.output


# --- HTML and cloze text --------------------------------------------------------------------


def test_html_fields_become_markdown_text():
    assert html_text("a<br>b") == "a  \nb"
    assert html_text("<p>one</p><p>two</p>") == "one\n\ntwo"
    assert html_text("<pre><code>ls -la\ncd /tmp</code></pre>x") == "```\nls -la\ncd /tmp\n```\n\nx"
    assert html_text("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>") == "- a\n  - b\n- c"
    assert html_text("<code>List&lt;T&gt;</code> &lt;b&gt;") == "`List<T>` \\<b>"
    assert html_text('<img src="a.png">[sound:a.mp3]') == ""
    assert html_text('<img src="a.png">', media=True) == "[image: a.png]"
    assert html_text("<style>.x{}</style>ok\x1b") == "ok"


def test_cloze_hides_one_number_and_shows_the_others():
    text = "{{c1::Paris {{c2::France}}::capital}} and {{c3::x::y::z}}"
    assert cloze(text, None) == "Paris France and x"
    assert cloze(text, 1) == "[capital] and x"
    assert cloze(text, 2) == "Paris [...] and x"
    assert cloze(text, 3) == "Paris France and [y::z]"  # as Anki: the hint is after the first ::
    assert cloze("{{c1::unclosed", 1) == "{{c1::unclosed"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_html_text_never_leaves_tags_or_control_characters(text):
    out = html_text(text)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in out)
    assert "<br" not in out.lower().replace("\\<", "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="{}")))
def test_text_without_deletions_is_its_own_cloze(text):
    assert cloze(text, 1) == cloze(text, None) == text
