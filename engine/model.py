"""Frozen value types shared by every layer: cards, key points, match rules, ratings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum


class Rating(IntEnum):
    """How well the learner recalled a card; values match fsrs.Rating."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardState(IntEnum):
    """Scheduling state; 0 is a card never reviewed, 1-3 match fsrs.State."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class MatchGroup:
    """One required concept of a match rule: any of its alternatives satisfies it.

    `anchor` (written `@`) marks the entity the key point is about; `negatable`
    (written `~`) lets a hit count even when a negation precedes it.
    """

    alternatives: tuple[str, ...]
    anchor: bool = False
    negatable: bool = False


@dataclass(frozen=True, slots=True)
class MatchRule:
    """A `match:` or `not:` line: every group must be satisfied (`;` = AND, `|` = OR)."""

    groups: tuple[MatchGroup, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One thing a good answer must say, with the rules that detect it."""

    text: str
    match: MatchRule | None = None
    not_rules: tuple[MatchRule, ...] = ()
    weight: float = 1.0
    core: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class Card:
    """One question with its model answer, key points and notes, as parsed from a deck."""

    id: str
    deck: str
    question: str
    answer: str = ""
    key_points: tuple[KeyPoint, ...] = ()
    explanation: str = ""
    hands_on: str = ""
    related: tuple[str, ...] = ()
    topic: str = ""
    level: str = ""
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    explicit_id: bool = False
    # Sections with names the format does not know, kept verbatim: (title, body).
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DeckIssue:
    """A warning or error found while reading a deck, at path:line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Deck:
    """The cards of one deck file, with its glossary and the warnings found."""

    name: str
    path: str
    cards: tuple[Card, ...]
    tags: tuple[str, ...] = ()
    # Each entry is one equivalence class of terms, e.g. ("sts", "security token service").
    glossary: tuple[tuple[str, ...], ...] = ()
    warnings: tuple[DeckIssue, ...] = field(default=())


class PointStatus(StrEnum):
    """What the checker decided about one key point."""

    COVERED = "covered"
    MISSED = "missed"
    CONTRADICTED = "contradicted"


@dataclass(frozen=True, slots=True)
class PointResult:
    """The checker's finding for one key point, with the answer text that decided it."""

    index: int
    text: str
    status: PointStatus
    weight: float = 1.0
    evidence: str = ""
    # Character offsets of the evidence in the typed answer, end exclusive.
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """A graded answer: per-point results, the score in [0, 1] and the suggested rating."""

    card_id: str
    score: float
    rating: Rating
    points: tuple[PointResult, ...]
    # A related card the answer reads as the answer to; what it said was not credited here.
    answers_other: str | None = None


@dataclass(frozen=True, slots=True)
class Memory:
    """A card's scheduling state as FSRS sees it; NEW cards have no stability yet."""

    state: CardState = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None  # UTC, timezone-aware
    last_review: datetime | None = None  # UTC, timezone-aware
    reps: int = 0
    lapses: int = 0


@dataclass(frozen=True, slots=True)
class Review:
    """One graded answer as recorded in the append-only review log."""

    card_id: str
    reviewed_at: datetime  # UTC, timezone-aware
    rating: Rating
    before: Memory
    after: Memory
    suggested: Rating | None = None
    answer: str = ""
    score: float | None = None
    duration_ms: int = 0
    points: tuple[PointResult, ...] = ()
    session_id: int | None = None
    id: int | None = None
