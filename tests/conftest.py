"""Shared fixtures: no test may touch the real data/ directory."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Point QUIZ_DB at a temporary file so no test can touch data/quiz.db."""
    monkeypatch.setenv("QUIZ_DB", str(tmp_path / "default.db"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    """A path for a database file that does not exist yet."""
    return tmp_path / "quiz.db"
