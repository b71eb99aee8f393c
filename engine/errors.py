"""The exceptions the engine raises; their messages are shown to the user as they are."""

from __future__ import annotations


class QuizError(Exception):
    """Base of every expected error; its message is displayed to the user."""


class DeckError(QuizError):
    """A deck file has a problem at a known place."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


class DeckErrors(QuizError):
    """Several deck problems found in one pass; none of the input was imported."""

    def __init__(self, errors: list[DeckError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class StoreError(QuizError):
    """The database cannot be opened or used (missing, corrupt, not SQLite, too new)."""


class CardNotFound(QuizError):
    """No card with that id in the store."""

    def __init__(self, card_id: str) -> None:
        self.card_id = card_id
        super().__init__(f"No card with id {card_id!r}. List ids with: quiz.py cards")


class SettingError(QuizError):
    """An unknown setting or a value of the wrong kind."""
