"""End to end in a real pseudo-terminal: a killed session loses nothing it had saved."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from engine.store import Store

ROOT = Path(__file__).resolve().parent.parent
DECK = ROOT / "tests" / "fixtures" / "decks" / "study" / "aws-study.md"
TIMEOUT = 60  # generous: two cores shared with other work


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the program whose bundled decks/ is the study fixture deck."""
    app = tmp_path / "app"
    shutil.copytree(ROOT / "engine", app / "engine", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "quiz.py", app / "quiz.py")
    (app / "decks").mkdir()
    shutil.copy(DECK, app / "decks" / DECK.name)
    return app


def _spawn(app: Path, db_path: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "QUIZ_DB": str(db_path)}
    return pexpect.spawn(
        sys.executable,
        ["quiz.py"],
        cwd=str(app),
        env=env,
        dimensions=(32, 110),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def _answer_and_accept(child: pexpect.spawn, answer: str) -> None:
    child.expect("Esc then Enter")
    child.send(answer)
    child.send("\x1b\r")  # Esc then Enter submits
    child.expect("Rate:")
    child.send("4")  # Easy: the card leaves today's queue whatever the grade
    child.expect("Saved Easy")


def _card_order(db_path: Path) -> list[str]:
    with Store(db_path) as store:
        return [info.card.id for info in store.list_cards()]


def test_two_answers_survive_sigkill_and_the_third_card_comes_next(checkout, db_path):
    assert not db_path.exists()
    child = _spawn(checkout, db_path)
    try:
        child.expect("Imported 6 cards from decks/")
        _answer_and_accept(child, "my first answer")
        _answer_and_accept(child, "my second answer")
        child.kill(signal.SIGKILL)
        child.wait()
    finally:
        if child.isalive():
            child.kill(signal.SIGKILL)

    order = _card_order(db_path)
    assert order[:3] == ["user-vs-role", "explicit-deny", "sg-stateful"]
    with Store(db_path) as store:
        reviewed = {cid: store.reviews_for(cid) for cid in order[:3]}
    assert [r.answer for r in reviewed[order[0]]] == ["my first answer"]
    assert [r.answer for r in reviewed[order[1]]] == ["my second answer"]
    assert reviewed[order[2]] == []

    child = _spawn(checkout, db_path)
    try:
        # The header names the card: the third one in deck order, as a new card.
        child.expect(f"{order[2]} · new card")
        child.expect("Esc then Enter")
        child.send("\x03")  # Ctrl-C ends the session cleanly with its summary
        child.expect("Cards studied: 0")
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.kill(signal.SIGKILL)
    child.close()
    assert child.exitstatus == 0
