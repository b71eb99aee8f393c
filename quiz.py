#!/usr/bin/env python3
"""quiz: terminal flashcards for interview prep. Each command parses, calls the engine, formats."""

from __future__ import annotations

import contextlib
import csv
import functools
import importlib.util
import json
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from engine import settings, stats
from engine.errors import CardNotFound, DeckErrors, QuizError
from engine.model import Card, DeckIssue, Memory, PointStatus, Review, Verdict
from engine.store import CardInfo, Store, key_point_to_json

if TYPE_CHECKING:
    from engine.importer import ImportReport


def _lazy(name: str) -> ModuleType:
    """Return a module that is imported on first use, so commands not needing it start fast."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


# The checker, the study session and the importer pull in markdown-it, rapidfuzz and
# the stemmer: about half of the start-up time of a command that reads the store only.
checker = _lazy("engine.checker")
study = _lazy("engine.session")
importer = _lazy("engine.importer")

HERE = Path(__file__).resolve().parent
DEFAULT_DB = HERE / "data" / "quiz.db"
BUNDLED_DECKS = HERE / "decks"
# A progress bar is worth showing from about this much work (bytes to parse, cards to write).
PROGRESS_BYTES = 500_000
PROGRESS_CARDS = 1_000

P = ParamSpec("P")
T = TypeVar("T")


# --- plumbing ---------------------------------------------------------------------


def _local_zone() -> tzinfo | None:
    """Return the learner's named timezone when it can be found (DST-correct day starts)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        target = os.path.realpath("/etc/localtime")
        name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _clock() -> datetime:
    """Return the current time, timezone-aware in the learner's local zone."""
    zone = _local_zone()
    return datetime.now(zone) if zone is not None else datetime.now().astimezone()


def _user_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Turn expected engine errors into one clear message and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except DeckErrors as exc:
            for error in exc.errors:
                click.echo(str(error), err=True)
            raise click.ClickException(
                f"{_plural(len(exc.errors), 'error')} found; nothing was imported"
            ) from exc
        except QuizError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _db_path(ctx: click.Context, db: Path | None) -> Path:
    """Return the database chosen by the command's --db, else the group's --db/QUIZ_DB."""
    return db if db is not None else ctx.find_root().params["db"]


def _existing_store(path: Path) -> Store | None:
    """Open the database for reading, or return None when it does not exist yet (no file made)."""
    return Store(path) if path.exists() else None


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (overrides the --db given before the command).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _shown(path: str) -> str:
    """Show a stored absolute path relative to the current directory when it is below it."""
    relative = os.path.relpath(path) if path else path
    return path if relative.startswith("..") else relative


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: set[int]) -> str:
    """Format rows as aligned columns; columns in `right` are right-aligned."""
    cells = [list(map(str, headers)), *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _local(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


# --- the group --------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="QUIZ_DB",
    default=DEFAULT_DB,
    show_default="data/quiz.db next to quiz.py",
    help="Database file; the QUIZ_DB environment variable sets the default.",
)
@click.pass_context
def cli(ctx: click.Context, db: Path) -> None:
    """Study Markdown decks with typed answers graded against key points.

    Without a command: `study` (in a terminal; otherwise list the decks). On an empty
    database the bundled decks are imported first; bundled deck files imported before and
    changed since (an update) are imported again.
    """
    if ctx.invoked_subcommand is None:
        if _interactive():
            ctx.invoke(study_command)
        else:
            _user_errors(_list_instead)(db)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _bundled_import(store: Store) -> str:
    """Import the bundled decks into an empty database, or those that changed; say what, or ""."""
    bundled = BUNDLED_DECKS.is_dir() and any(BUNDLED_DECKS.rglob("*.md"))
    if not bundled:
        return ""
    if store.count_cards(include_retired=True):
        return _refresh_bundled(store)
    report = importer.import_paths(store, [BUNDLED_DECKS], now=_clock(), progress=_progress())
    return f"Imported {report.totals.added} cards from {_shown(str(BUNDLED_DECKS))}/"


def _refresh_bundled(store: Store) -> str:
    """Re-import the bundled deck files imported before that changed; say what changed, or "".

    An update of quiz (`git pull`) brings deck fixes: without this the stored cards would
    grade with the old rules until `quiz.py import decks`. Only files imported before are
    read (a deck the learner never imported, or a file gone from the bundle, is left alone),
    and unchanged files cost a hash each.
    """
    root = BUNDLED_DECKS.resolve()
    paths = (Path(p) for p in store.source_paths())
    files = [p for p in paths if p.is_relative_to(root) and p.is_file()]
    if not files:
        return ""
    try:
        report = importer.import_paths(store, files, now=_clock(), progress=_progress())
    except QuizError as e:
        # A broken bundle must not stop a study session: the stored cards stay as they were.
        return f"The bundled decks were not updated: {e}"
    counts = ("added", "updated", "renamed", "retired", "restored")
    changed = [f for f in report.files if any(f.counts.as_dict()[c] for c in counts)]
    if not changed:
        return ""
    totals = report.totals.as_dict()
    said = ", ".join(f"{totals[c]} {c}" for c in counts if totals[c])
    names = ", ".join(Path(f.path).name for f in changed)
    return f"Updated the bundled decks ({names}): {said}"


def _echo_if(message: str) -> None:
    if message:
        click.echo(message)


def _list_instead(db: Path) -> None:
    """Without a terminal there is no study screen: import if empty, list the decks."""
    with Store(db) as store:
        _echo_if(_bundled_import(store))
        _print_decks(store)
    click.echo("To study, run quiz.py in a terminal.")


# --- import and lint --------------------------------------------------------------


class _Progress:
    """A rich progress bar, shown only on a terminal and only for big imports."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if self._bar is None:
            threshold = PROGRESS_BYTES if label == "Parsing" else PROGRESS_CARDS
            if total < threshold:
                return
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._bar.start()
        if label not in self._tasks:
            self._tasks[label] = self._bar.add_task(label, total=total)
        self._bar.update(self._tasks[label], completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _progress() -> _Progress | None:
    return _Progress() if sys.stdout.isatty() else None


_COUNT_NAMES = ("added", "updated", "unchanged", "renamed", "retired", "restored")


def _issue_json(path: str | None, line: int | None, message: str) -> dict[str, Any]:
    return {"path": path, "line": line, "message": message}


def _import_json(report: ImportReport | None, errors: list[dict[str, Any]]) -> dict[str, Any]:
    totals = report.totals if report is not None else importer.Counts()
    return {
        "totals": totals.as_dict(),
        "decks": [
            {"path": f.path, "deck": f.deck, **f.counts.as_dict()}
            for f in (report.files if report is not None else ())
        ],
        "errors": errors,
        "warnings": [
            _issue_json(w.path, w.line, w.message)
            for w in (report.warnings if report is not None else ())
        ],
    }


def _grouped(warnings: Sequence[DeckIssue], shown: int = 6) -> list[str]:
    """Return one line per file and message, listing its lines (a web deck warns per point)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for w in warnings:
        groups.setdefault((w.path, w.message), []).append(w.line)
    out = []
    for (path, message), lines in groups.items():
        where = ", ".join(str(n) for n in lines[:shown])
        if len(lines) > shown:
            where += f" and {len(lines) - shown} more"
        out.append(f"{path}:{where}: {message}")
    return out


def _print_import(report: ImportReport) -> None:
    rows = [[f.path, f.deck, *f.counts.as_dict().values()] for f in report.files]
    rows.append(["total", "", *report.totals.as_dict().values()])
    click.echo(_table(["file", "deck", *_COUNT_NAMES], rows, right=set(range(2, 8))))
    for rename in report.renames:
        click.echo(
            f"renamed: {rename.old_question!r} -> {rename.new_question!r} "
            f"({rename.path}:{rename.line}, history kept)"
        )
    for warning in _grouped(report.warnings):
        click.echo(f"warning: {warning}", err=True)
    if report.dry_run:
        click.echo("Dry run: nothing was written.")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@json_option
@db_option
@click.pass_context
def import_command(
    ctx: click.Context, paths: tuple[Path, ...], dry_run: bool, as_json: bool, db: Path | None
) -> None:
    """Import deck files and directories, all or nothing.

    Directories are searched recursively for *.md, *.csv, *.tsv and *.apkg files:
    native decks, web layouts (Q:/A:, <details>, tables, bold or numbered questions,
    question headings, Front/Back headings, nested bullets, plain paragraphs, HTML pages,
    Obsidian/Logseq/Mochi/Obsidian_to_Anki flashcards, Term=Definition lines), CSV/TSV and
    Anki packages.
    Unchanged files are skipped; edited cards keep their review history. On any
    error nothing is written.
    """
    path = _db_path(ctx, db)
    if not as_json:
        _user_errors(_import_text)(path, paths, dry_run)
        return
    try:
        with _import_store(path, paths, dry_run) as store:
            report = importer.import_paths(store, paths, dry_run=dry_run, now=_clock())
    except DeckErrors as exc:
        errors = [_issue_json(e.path, e.line, e.message) for e in exc.errors]
        _echo_json(_import_json(None, errors))
        ctx.exit(1)
    except QuizError as exc:
        _echo_json(_import_json(None, [_issue_json(None, None, str(exc))]))
        ctx.exit(1)
    _echo_json(_import_json(report, []))


@contextlib.contextmanager
def _import_store(path: Path, paths: Sequence[Path], dry_run: bool) -> Iterator[Store]:
    """Open the store an import works on; a missing database is created only for a real import
    that will succeed.

    A dry run on a missing database runs against a scratch copy in a temporary directory; a
    real import first runs there as a dry run, so that a file with errors (or a wrong
    directory) leaves no empty database behind. An existing database is opened as it is.
    """
    if path.exists():
        with Store(path) as store:
            yield store
        return
    importer.require_files(paths)  # a wrong directory must not create a database
    with (
        tempfile.TemporaryDirectory(prefix="quiz-import-") as scratch_dir,
        Store(Path(scratch_dir) / "scratch.db") as scratch,
    ):
        if dry_run:
            yield scratch
            return
        # Raises DeckErrors before anything exists at `path`.
        importer.import_paths(scratch, paths, dry_run=True, now=_clock())
    with Store(path) as store:
        yield store


def _import_text(path: Path, paths: Sequence[Path], dry_run: bool) -> None:
    progress = _progress()
    try:
        with _import_store(path, paths, dry_run) as store:
            report = importer.import_paths(
                store, paths, dry_run=dry_run, now=_clock(), progress=progress
            )
    finally:
        if progress is not None:
            progress.close()
    _print_import(report)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@json_option
@click.pass_context
@_user_errors
def lint(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Check deck files for errors and warnings (no database).

    Exits with status 1 when any file has an error.
    """
    report = importer.lint_paths(paths)
    if as_json:
        _echo_json(
            {
                "files": list(report.files),
                "cards": report.cards,
                "errors": [_issue_json(e.path, e.line, e.message) for e in report.errors],
                "warnings": [_issue_json(w.path, w.line, w.message) for w in report.warnings],
            }
        )
    else:
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(
            f"{_plural(len(report.files), 'file')}, {_plural(report.cards, 'card')}: "
            f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}"
        )
    if report.errors:
        ctx.exit(1)


# --- decks, cards, card -----------------------------------------------------------


def _print_decks(store: Store | None, as_json: bool = False) -> None:
    now = _clock()
    summaries = (
        store.deck_summaries(now, day_start_hour=settings.load(store).day_start_hour)
        if store is not None
        else []
    )
    if as_json:
        _echo_json(
            [
                {
                    "deck": s.name,
                    "total": s.total,
                    "new": s.new,
                    "due_today": s.due_today,
                    "retired": s.retired,
                }
                for s in summaries
            ]
        )
    elif not summaries:
        click.echo("No decks yet. Import some with: quiz.py import decks/")
    else:
        rows = [[s.name, s.total, s.new, s.due_today, s.retired] for s in summaries]
        click.echo(_table(["deck", "cards", "new", "due today", "retired"], rows, {1, 2, 3, 4}))


@cli.command()
@json_option
@db_option
@click.pass_context
@_user_errors
def decks(ctx: click.Context, as_json: bool, db: Path | None) -> None:
    """List decks with card counts: total, new, due today, retired."""
    store = _existing_store(_db_path(ctx, db))
    try:
        _print_decks(store, as_json)
    finally:
        if store is not None:
            store.close()


def _card_row(info: CardInfo) -> dict[str, Any]:
    card = info.card
    return {
        "id": card.id,
        "deck": card.deck,
        "topic": card.topic,
        "question": card.question,
        "tags": list(card.tags),
        "key_points": len(card.key_points),
        "state": info.memory.state.name.lower(),
        "due": _iso(info.memory.due),
    }


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@cli.command()
@click.option("--deck", help="Only cards of this deck.")
@click.option("--tag", help="Only cards with this tag.")
@json_option
@db_option
@click.pass_context
@_user_errors
def cards(
    ctx: click.Context, deck: str | None, tag: str | None, as_json: bool, db: Path | None
) -> None:
    """List cards, one row each.

    Columns: id, deck, topic, question, tags, number of key points, state, due.
    """
    store = _existing_store(_db_path(ctx, db))
    infos = []
    if store is not None:
        with store:
            infos = store.list_cards(deck=deck, tag=tag)
    if as_json:
        _echo_json([_card_row(i) for i in infos])
        return
    if not infos:
        click.echo("No cards." if store is not None else "No cards yet: quiz.py import decks/")
        return
    rows = [
        [
            i.card.id,
            i.card.deck,
            _one_line(i.card.topic, 20),
            _one_line(i.card.question, 60),
            ", ".join(i.card.tags),
            len(i.card.key_points),
            i.memory.state.name.lower(),
            _local(i.memory.due),
        ]
        for i in infos
    ]
    headers = ["id", "deck", "topic", "question", "tags", "points", "state", "due"]
    click.echo(_table(headers, rows, right={5}))


def _memory_json(memory: Memory) -> dict[str, Any]:
    return {
        "state": memory.state.name.lower(),
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": _iso(memory.due),
        "last_review": _iso(memory.last_review),
        "reps": memory.reps,
        "lapses": memory.lapses,
    }


def _review_json(review: Review) -> dict[str, Any]:
    return {
        "id": review.id,
        "reviewed_at": _iso(review.reviewed_at),
        "rating": review.rating.name.lower(),
        "suggested": None if review.suggested is None else review.suggested.name.lower(),
        "answer": review.answer,
        "score": review.score,
        "duration_ms": review.duration_ms,
        "session_id": review.session_id,
        "points": [
            {
                "index": p.index,
                "text": p.text,
                "status": str(p.status),
                "weight": p.weight,
                "evidence": p.evidence,
                "span": None if p.span is None else list(p.span),
            }
            for p in review.points
        ],
        "before": _memory_json(review.before),
        "after": _memory_json(review.after),
    }


def _card_json(info: CardInfo, reviews: list[Review]) -> dict[str, Any]:
    card = info.card
    return {
        "id": card.id,
        "deck": card.deck,
        "topic": card.topic,
        "question": card.question,
        "answer": card.answer,
        "key_points": [key_point_to_json(p) for p in card.key_points],
        "explanation": card.explanation,
        "hands_on": card.hands_on,
        "related": list(card.related),
        "tags": list(card.tags),
        "level": card.level,
        "path": card.path,
        "line": card.line,
        "explicit_id": card.explicit_id,
        "extra": [{"title": title, "body": body} for title, body in card.extra],
        "memory": _memory_json(info.memory),
        "suspended": info.suspended,
        "buried_until": _iso(info.buried_until),
        "leech": info.leech,
        "retired_at": _iso(info.retired_at),
        "added_at": _iso(info.added_at),
        "updated_at": _iso(info.updated_at),
        "reviews": [_review_json(r) for r in reviews],
    }


def _section(title: str, body: str) -> None:
    if body:
        click.echo(f"\n{title}:")
        click.echo("\n".join(f"  {line}" if line else "" for line in body.splitlines()))


def _print_card(info: CardInfo, reviews: list[Review]) -> None:
    card, memory = info.card, info.memory
    where = " › ".join(part for part in (card.deck, card.topic) if part)
    click.echo(f"{card.id}  ({where})")
    details = [f"source {_shown(card.path)}:{card.line}"]
    if card.level:
        details.append(f"level {card.level}")
    if card.tags:
        details.append(f"tags {', '.join(card.tags)}")
    click.echo("  ".join(details))
    flags = [
        name
        for name, on in (
            ("retired", info.retired),
            ("suspended", info.suspended),
            ("leech", info.leech),
        )
        if on
    ]
    if info.buried_until is not None:
        flags.append(f"buried until {_local(info.buried_until)}")
    state = f"state {memory.state.name.lower()}, due {_local(memory.due)}"
    state += f", reps {memory.reps}, lapses {memory.lapses}"
    if memory.stability is not None:
        state += f", stability {memory.stability:.2f} days, difficulty {memory.difficulty:.2f}"
    click.echo(state + (f"  [{', '.join(flags)}]" if flags else ""))
    _section("Question", card.question)
    _section("Answer", card.answer)
    if card.key_points:
        click.echo("\nKey points:")
        for n, point in enumerate(card.key_points, 1):
            marks = (["core"] if point.core else []) + (
                [f"weight {point.weight:g}"] if point.weight != 1 else []
            )
            click.echo(f"  {n}. {point.text}" + (f"  {{{', '.join(marks)}}}" if marks else ""))
            if point.match is not None:
                click.echo(f"     match: {point.match.source}")
            for rule in point.not_rules:
                click.echo(f"     not: {rule.source}")
    _section("Explanation", card.explanation)
    _section("Hands-on", card.hands_on)
    _section("Related", "\n".join(f"- {r}" for r in card.related))
    for title, body in card.extra:
        _section(title, body)
    click.echo(f"\nReviews ({len(reviews)}):" if reviews else "\nNo reviews yet.")
    for review in reviews:
        suggested = f" (suggested {review.suggested.name.lower()})" if review.suggested else ""
        score = f", score {review.score:.2f}" if review.score is not None else ""
        click.echo(
            f"  {_local(review.reviewed_at)}  {review.rating.name.lower()}{suggested}{score}, "
            f"{review.duration_ms / 1000:.1f} s, then due {_local(review.after.due)}"
        )
        for p in review.points:
            evidence = f": {p.evidence!r}" if p.evidence else ""
            click.echo(f"      {p.status}  {p.text}{evidence}")


@cli.command()
@click.argument("card_id")
@json_option
@db_option
@click.pass_context
@_user_errors
def card(ctx: click.Context, card_id: str, as_json: bool, db: Path | None) -> None:
    """Show one card in full, with its review history.

    Prints the question, answer, key points with their match rules, notes, source
    file and line, scheduling state and every review.
    """
    store = _existing_store(_db_path(ctx, db))
    if store is None:
        raise CardNotFound(card_id)
    with store:
        info = store.card_info(card_id)
        reviews = store.reviews_for(card_id)
    if as_json:
        _echo_json(_card_json(info, reviews))
    else:
        _print_card(info, reviews)


# --- grade ------------------------------------------------------------------------

_MARKS = {PointStatus.COVERED: "✓", PointStatus.MISSED: "✗", PointStatus.CONTRADICTED: "⚠"}
_COLOURS = {
    PointStatus.COVERED: "green",
    PointStatus.MISSED: "red",
    PointStatus.CONTRADICTED: "yellow",
}


class _Grader:
    """Grade answers against stored cards, fetching each card, glossary and related list once."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.cards: dict[str, Card] = {}
        self.glossaries: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.related: dict[str, tuple[Card, ...]] = {}

    def card(self, card_id: str) -> Card:
        if card_id not in self.cards:
            if self.store is None:
                raise CardNotFound(card_id)
            self.cards[card_id] = self.store.get_card(card_id)
        return self.cards[card_id]

    def grade(self, card_id: str, answer: str) -> Verdict:
        card = self.card(card_id)
        assert self.store is not None  # `card` found it in the store.
        if card.deck not in self.glossaries:
            self.glossaries[card.deck] = self.store.glossary(card.deck)
        if card.id not in self.related:
            self.related[card.id] = self.store.related_cards(card)
        return checker.check(card, answer, self.glossaries[card.deck], self.related[card.id])


def _verdict_json(verdict: Verdict, derived: bool = False) -> dict[str, Any]:
    return {
        "card": verdict.card_id,
        # The card has no key points: they were derived from its answer, grading is approximate.
        "derived_points": derived,
        "score": round(verdict.score, 4),
        # A card without key points has nothing to grade: no suggestion, the learner rates.
        "rating": verdict.rating.name.lower() if verdict.points else None,
        "points": [
            {"text": p.text, "status": str(p.status), "evidence": p.evidence, "weight": p.weight}
            for p in verdict.points
        ],
        # A related card the answer reads as the answer to; nothing it said was credited.
        "answers_other": verdict.answers_other,
    }


def _print_verdict(verdict: Verdict, derived: bool = False) -> None:
    if not verdict.points:
        click.echo(f"{verdict.card_id}: no key points to grade against; rate yourself.")
        return
    if derived:
        click.echo("Key points derived from the model answer: grading is approximate.")
    for p in verdict.points:
        mark = click.style(_MARKS[p.status], fg=_COLOURS[p.status], bold=True)
        weight = f"  (weight {p.weight:g})" if p.weight != 1 else ""
        click.echo(f"{mark} {p.text}{weight}")
        if p.evidence:
            said = " ".join(p.evidence.split())
            click.echo(f"    {click.style(said, fg=_COLOURS[p.status], underline=True)}")
    if verdict.answers_other is not None:
        click.echo(
            f"This reads as the answer to the related card {verdict.answers_other}: "
            "nothing it says was credited here."
        )
    rating = verdict.rating.name.lower()
    click.echo(f"score {verdict.score:.2f}, suggested rating: {click.style(rating, bold=True)}")


def _batch_requests(source: Iterable[str], name: str) -> list[tuple[str, str]]:
    """Read JSON Lines of {"card": ID, "answer": TEXT}; raise QuizError naming a bad line."""
    requests = []
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuizError(f"{name}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise QuizError(
                f'{name}:{number}: expected an object like {{"card": ID, "answer": TEXT}}'
            )
        card_id, answer = row.get("card"), row.get("answer", "")
        if not isinstance(card_id, str) or not card_id:
            raise QuizError(f'{name}:{number}: missing "card" (a card id)')
        if not isinstance(answer, str):
            raise QuizError(f'{name}:{number}: "answer" must be text')
        requests.append((card_id, answer))
    return requests


@cli.command()
@click.argument("card_id", required=False)
@click.argument("answer", required=False)
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    help='Grade JSON Lines of {"card": ID, "answer": TEXT} from FILE (- for standard input).',
)
@json_option
@db_option
@click.pass_context
@_user_errors
def grade(
    ctx: click.Context,
    card_id: str | None,
    answer: str | None,
    batch: Any,
    as_json: bool,
    db: Path | None,
) -> None:
    """Grade a typed answer against a card's key points; records nothing.

    The answer comes from ANSWER, or from standard input when it is left out. Prints
    each key point as covered (✓), missed (✗) or contradicted (⚠) with the words that
    decided it, then the score and the suggested rating. With --batch, grades one answer
    per input line and prints one result per line, in order.
    """
    if batch is not None and card_id is not None:
        raise click.UsageError("give either CARD_ID [ANSWER] or --batch FILE, not both")
    if batch is None and card_id is None:
        raise click.UsageError("give a CARD_ID to grade against, or --batch FILE")
    store = _existing_store(_db_path(ctx, db))
    try:
        grader = _Grader(store)
        if batch is not None:
            requests = _batch_requests(batch, batch.name)
            for number, (wanted, _) in enumerate(requests, 1):
                try:
                    grader.card(wanted)
                except CardNotFound as exc:
                    raise QuizError(f"{batch.name}:{number}: {exc}") from exc
            for wanted, text in requests:
                verdict = grader.grade(wanted, text)
                if as_json:
                    derived = checker.derives_points(grader.card(wanted))
                    click.echo(json.dumps(_verdict_json(verdict, derived), ensure_ascii=False))
                else:
                    marks = "".join(_MARKS[p.status] for p in verdict.points)
                    rating = verdict.rating.name.lower() if verdict.points else "-"
                    click.echo(f"{verdict.card_id}\t{verdict.score:.2f}\t{rating}\t{marks}")
            return
        assert card_id is not None
        grader.card(card_id)
        if answer is None:
            if sys.stdin.isatty():
                click.echo("Type your answer, then Ctrl-D:", err=True)
            answer = sys.stdin.read()
        verdict = grader.grade(card_id, answer)
        derived = checker.derives_points(grader.card(card_id))
    finally:
        if store is not None:
            store.close()
    if as_json:
        _echo_json(_verdict_json(verdict, derived))
    else:
        _print_verdict(verdict, derived)


# --- study ------------------------------------------------------------------------


def _session(store: Store, **options: Any) -> study.Session:
    # The one place randomness is created: the scheduler's interval fuzz.
    return study.Session(store, _clock, random.Random(), **options)


def _nothing_due(session: study.Session) -> str:
    text = "Nothing to study right now."
    next_due = session.next_due_at()
    if next_due is not None:
        now = session.clock()
        wait = study.format_interval(next_due - now)
        text += f" Next card due in {wait} ({next_due.astimezone(now.tzinfo):%a %d %b %H:%M})."
    elif not session.store.count_cards():
        text += " There are no cards yet: quiz.py import PATH"
    else:
        text += " New cards come back when the next day starts."
    return text


@cli.command("study")
@click.option("--deck", help="Study only this deck.")
@click.option("--tag", help="Study only cards with this tag.")
@click.option(
    "--new", type=click.IntRange(min=0), help="New cards for this run (instead of the daily limit)."
)
@click.option(
    "--reviews",
    type=click.IntRange(min=0),
    help="Reviews for this run (instead of the daily limit).",
)
@db_option
@click.pass_context
@_user_errors
def study_command(
    ctx: click.Context,
    deck: str | None = None,
    tag: str | None = None,
    new: int | None = None,
    reviews: int | None = None,
    db: Path | None = None,
) -> None:
    """Study what is due today (the default command).

    Type an answer, submit it with Esc then Enter, see which key points you covered,
    then press Enter to accept the suggested rating or 1-4 for another. Each rating
    is saved at once: q, Ctrl-C or a crash loses nothing.
    """
    with Store(_db_path(ctx, db)) as store:
        imported = _bundled_import(store)
        session = _session(store, deck=deck, tag=tag, new_limit=new, review_limit=reviews)
        nothing_due = session.next_due() is None
        if nothing_due or not _interactive():
            _echo_if(imported)  # else the study screen shows it above the first card
        if nothing_due:
            click.echo(_nothing_due(session))
            return
        if not _interactive():
            raise click.ClickException(
                "study needs an interactive terminal; for scripts use: quiz.py next --json"
            )
        from rich.console import Console

        from engine import ui  # prompt_toolkit loads only when the screen is needed

        # The full-screen app would hide anything printed before it until the learner quits.
        summary = ui.build_app(session, notice=imported).run()
        Console().print(ui.summary_text(summary, session.clock()))
        if summary.counts_left.total:
            click.echo("Continue any time with: quiz.py")


@cli.command("next")
@click.option("--deck", help="Only this deck.")
@click.option("--tag", help="Only cards with this tag.")
@json_option
@db_option
@click.pass_context
@_user_errors
def next_command(
    ctx: click.Context, deck: str | None, tag: str | None, as_json: bool, db: Path | None
) -> None:
    """Show the card study would show first.

    Prints its id, question and why it is due; starts no session and writes nothing.
    """
    store = _existing_store(_db_path(ctx, db))
    if store is None:
        if as_json:
            _echo_json({"card": None, "next_due": None})
        else:
            click.echo("Nothing to study right now. There are no cards yet: quiz.py import PATH")
        return
    with store:
        session = _session(store, deck=deck, tag=tag)
        due = session.next_due()
        if as_json:
            _echo_json(_next_json(session, due))
        elif due is None:
            click.echo(_nothing_due(session))
        else:
            click.echo(f"{due.card.id}  ({due.reason})")
            click.echo(due.card.question)


def _next_json(session: study.Session, due: study.Due | None) -> dict[str, Any]:
    if due is None:
        return {"card": None, "next_due": _iso(session.next_due_at())}
    counts = session.counts()
    return {
        "card": {
            "id": due.card.id,
            "deck": due.card.deck,
            "topic": due.card.topic,
            "question": due.card.question,
        },
        "kind": due.kind.value,
        "reason": due.reason,
        "due": _iso(due.memory.due),
        "counts": {"learning": counts.learning, "review": counts.review, "new": counts.new},
    }


@cli.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@db_option
@click.pass_context
@_user_errors
def config(ctx: click.Context, key: str | None, value: str | None, db: Path | None) -> None:
    """Show the settings, show one (KEY), or change one (KEY VALUE).

    Settings: desired_retention, new_per_day, reviews_per_day, day_start_hour,
    leech_threshold, learning_steps, relearning_steps, maximum_interval.
    """
    with Store(_db_path(ctx, db)) as store:
        if key is not None and value is not None:
            click.echo(f"{key} = {settings.save(store, key, value)}")
            return
        if key is not None:
            click.echo(settings.value(store, key))
            return
        values = settings.values(store)
    width = max(len(k) for k in values)
    for name, current in values.items():
        setting = settings.SETTINGS[name]
        default = "" if current == setting.default else f"  (default {setting.default})"
        click.echo(f"{name:<{width}}  {current:<8}  {setting.help}{default}")


def _card_command(action: Callable[[Store, study.Session, str], str]) -> click.Command:
    """Make `quiz.py NAME CARD_ID` from `action(store, session, card_id) -> message`."""

    @click.argument("card_id")
    @db_option
    @click.pass_context
    @_user_errors
    def command(ctx: click.Context, card_id: str, db: Path | None) -> None:
        with Store(_db_path(ctx, db)) as store:
            click.echo(action(store, _session(store), card_id))

    command.__doc__ = action.__doc__
    return cli.command(action.__name__)(command)


@_card_command
def suspend(store: Store, _: study.Session, card_id: str) -> str:
    """Stop showing a card until it is unsuspended."""
    store.set_suspended(card_id, True)
    return f"Suspended {card_id}. Bring it back with: quiz.py unsuspend {card_id}"


@_card_command
def unsuspend(store: Store, _: study.Session, card_id: str) -> str:
    """Let a suspended card be studied again.

    Also clears its leech mark.
    """
    store.set_suspended(card_id, False)
    store.set_leech(card_id, False)
    return f"Unsuspended {card_id}."


@_card_command
def bury(_: Store, session: study.Session, card_id: str) -> str:
    """Hide a card until the next day starts."""
    until = session.bury(card_id)
    return f"Buried {card_id} until {until:%a %d %b %H:%M}."


@cli.command()
@json_option
@db_option
@click.pass_context
@_user_errors
def aliases(ctx: click.Context, as_json: bool, db: Path | None) -> None:
    """List your alias suggestions for deck authors.

    Each is a phrase you counted as covering a key point the checker missed.
    """
    store = _existing_store(_db_path(ctx, db))
    rows = []
    if store is not None:
        with store:
            for alias in store.list_aliases():
                card = store.get_card(alias.card_id)
                points = card.key_points
                rows.append(
                    {
                        "card": alias.card_id,
                        "deck": card.deck,
                        "source": f"{_shown(card.path)}:{card.line}" if card.path else "",
                        "point": alias.point + 1,
                        "key_point": points[alias.point].text if alias.point < len(points) else "",
                        "phrase": alias.phrase,
                        "created_at": _iso(alias.created_at),
                    }
                )
    if as_json:
        _echo_json(rows)
    elif not rows:
        click.echo("No alias suggestions yet: in a study session, press c on a missed point.")
    else:
        for row in rows:
            click.echo(f"{row['card']}  point {row['point']}: {row['key_point']}")
            click.echo(f'    "{row["phrase"]}"  ({row["source"]})')


# --- stats and export-revlog ------------------------------------------------------

HEAT_PLAIN = "·░▒▓█"  # heatmap levels 0-4 without colour
HEAT_COLOURS = ("grey30", "#0e4429", "#006d32", "#26a641", "#39d353")
BAR_EIGHTHS = " ▁▂▃▄▅▆▇█"
FORECAST_HEIGHT = 6


def _on_date(value: str | None, today: date) -> date | None:
    """Parse --on: one clear message naming the option unless it is a date from today on."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        example = today + timedelta(days=14)
        raise click.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. {example}",
            param_hint="'--on'",
        ) from None
    if day < today:
        raise click.BadParameter(
            f"{day} is in the past; give the day of your interview (today is {today})",
            param_hint="'--on'",
        )
    return day


def _recall_json(recall: stats.Recall) -> dict[str, Any]:
    return {
        "reviews": recall.reviews,
        "passed": recall.passed,
        "retention": recall.retention,
        "predicted": recall.predicted,
    }


def _readiness_json(readiness: stats.Readiness) -> dict[str, Any]:
    out: dict[str, Any] = {
        "topic": readiness.topic,
        "kind": readiness.kind,
        "cards": readiness.cards,
        "readiness": readiness.readiness,
    }
    if readiness.readiness_on is not None:
        out["readiness_on"] = readiness.readiness_on
    return out


def _stats_json(s: stats.Summary) -> dict[str, Any]:
    """Return the summary as JSON-ready data; the first eight keys are the documented ones."""
    return {
        "today": {
            "date": s.today.day.isoformat(),
            "reviewed": s.today.reviewed,
            "again": s.today.again,
            "new_seen": s.today.new_seen,
            "time_ms": s.today.time_ms,
            "due_left": s.today.due_left,
            "new_left": s.today.new_left,
        },
        "streak": {"days": s.streak.days, "studied_today": s.streak.studied_today},
        "heatmap": [{"date": d.day.isoformat(), "reviews": d.count} for d in s.heatmap],
        "retention": [
            {
                "days": r.days,
                "young": _recall_json(r.young),
                "mature": _recall_json(r.mature),
                "all": _recall_json(r.all),
            }
            for r in s.retention
        ],
        "forecast": [{"date": d.day.isoformat(), "due": d.count} for d in s.forecast],
        "states": {
            "new": s.states.new,
            "learning": s.states.learning,
            "review": s.states.review,
            "relearning": s.states.relearning,
            "suspended": s.states.suspended,
            "retired": s.states.retired,
        },
        "topics": [_readiness_json(t) for t in s.topics],
        "weak_points": [
            {
                "card": w.card,
                "point": w.text,
                "missed": w.missed,
                "seen": w.seen,
                "contradicted": w.contradicted,
                "index": w.point,
                "topic": w.topic,
                "question": w.question,
            }
            for w in s.weak_points
        ],
        "readiness": _readiness_json(s.overall),
        "leeches": {
            "count": s.leech_count,
            "cards": [
                {
                    "card": x.card,
                    "topic": x.topic,
                    "question": x.question,
                    "lapses": x.lapses,
                    "reps": x.reps,
                    "suspended": x.suspended,
                }
                for x in s.leeches
            ],
        },
        "lowest": [
            {
                "card": x.card,
                "topic": x.topic,
                "question": x.question,
                "retrievability": x.retrievability,
            }
            for x in s.lowest
        ],
        "reviews": s.total_reviews,
        "first_review": _iso(s.first_review),
        "as_of": _iso(s.now),
        "on": None if s.on is None else s.on.isoformat(),
        "weak_point_days": s.days,
        "day_start_hour": s.settings.day_start_hour,
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _minutes(ms: int) -> str:
    minutes = round(ms / 60_000)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def _heat_level(count: int, peak: int) -> int:
    """Return 0 for no reviews, else 1-4: the quarter of the busiest day it reaches."""
    return 0 if count == 0 else min(4, -(-4 * count // peak))


def _heatmap_lines(days: Sequence[stats.DayCount], colour: bool) -> list[str]:
    """Return the calendar grid in rich markup: one column per week, one row per weekday."""
    peak = max(d.count for d in days)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    labels = [" "] * (2 * len(weeks) + 3)
    for n, week in enumerate(weeks):
        # A month's name over the first week that starts in it; the first column's month
        # only when the next month does not start right after it.
        starts = n > 0 and week[0].day.month != weeks[n - 1][0].day.month
        if starts or (n == 0 and weeks[min(2, len(weeks) - 1)][0].day.month == week[0].day.month):
            labels[2 * n : 2 * n + 3] = week[0].day.strftime("%b")
    lines = ["    " + "".join(labels).rstrip()]

    def cell(level: int) -> str:
        return f"[{HEAT_COLOURS[level]}]■[/]" if colour else HEAT_PLAIN[level]

    for weekday in range(7):
        row = [cell(_heat_level(w[weekday].count, peak)) for w in weeks if weekday < len(w)]
        lines.append(f"{days[weekday].day.strftime('%a'):<4}" + " ".join(row))
    scale = " ".join(cell(n) for n in range(5))
    lines.append(f"    less {scale} more  (busiest day: {peak:,} reviews)")
    return lines


def _forecast_lines(days: Sequence[stats.DayCount]) -> list[str]:
    """Return a vertical bar chart of reviews due per day, eighth-block resolution."""
    peak = max(d.count for d in days)
    units = [round(d.count * FORECAST_HEIGHT * 8 / peak) if peak else 0 for d in days]
    width = len(f"{peak:,}")
    lines = []
    for row in range(FORECAST_HEIGHT, 0, -1):
        bars = "".join(BAR_EIGHTHS[max(0, min(8, u - (row - 1) * 8))] * 2 for u in units)
        label = f"{peak:,}" if row == FORECAST_HEIGHT else ""
        lines.append(f"{label:>{width}} {'┤' if label else '│'}{bars.rstrip()}")
    lines.append(f"{'0':>{width}} └{'─' * (2 * len(days))}")
    ticks = [" "] * (2 * len(days) + 6)
    for n, text in ((0, "today"), (7, "+7"), (14, "+14"), (21, "+21"), (len(days) - 1, "+29")):
        if n < len(days):
            ticks[2 * n : 2 * n + len(text)] = text
    lines.append(" " * (width + 2) + "".join(ticks).rstrip())
    return lines


def _print_welcome(s: stats.Summary, exists: bool, deck: str | None, tag: str | None) -> None:
    """The view of a collection with no reviews: what there is and what to do next."""
    scope = " ".join(p for p in (deck and f"in deck {deck!r}", tag and f"tagged {tag!r}") if p)
    cards = s.states.total - s.states.retired
    if not exists or s.states.total == 0:
        if deck is None and tag is None:
            click.echo("No cards yet. Import the bundled decks with: quiz.py import decks/")
        else:
            click.echo(f"No cards {scope}. List your decks with: quiz.py decks")
        return
    click.echo(f"No reviews yet{' ' + scope if scope else ''}.")
    click.echo(
        f"{_plural(cards, 'card')} waiting, {s.states.new:,} of them new; "
        f"today's study would show {_plural(s.today.new_left, 'new card')}."
    )
    click.echo("Start a session with: quiz.py study")
    click.echo(
        "After a few sessions this shows your streak, a 12-week heatmap, true retention, "
        "the reviews coming up, readiness per topic and the key points you keep missing."
    )


def _print_stats(s: stats.Summary, console: Any) -> None:
    """Print the summary: today, streak, heatmap, retention, forecast, cards, topics, lists."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    colour = console.is_terminal and console.color_system is not None
    out = console.print
    t = s.today
    out(
        f"[bold]Today[/] ({t.day:%a %d %b}): {t.reviewed:,} reviewed ({t.again:,} again) "
        f"in {_minutes(t.time_ms)} · {t.due_left:,} due · {t.new_left:,} new left"
    )
    if s.streak.days == 0:
        streak = "no study days in a row yet"
    elif s.streak.studied_today:
        streak = f"{_plural(s.streak.days, 'day')} in a row, today included"
    else:
        streak = f"{_plural(s.streak.days, 'day')} in a row up to yesterday: study today to keep it"
    out(f"[bold]Streak[/]: {streak}")
    first = s.first_review.astimezone(s.now.tzinfo).date() if s.first_review else None
    out(f"[bold]Reviews[/]: {s.total_reviews:,} since {first}")

    studied = sum(1 for d in s.heatmap if d.count)
    total = sum(d.count for d in s.heatmap)
    out(
        f"\n[bold]Reviews per day[/], last {stats.HEATMAP_WEEKS} weeks: {total:,} on {studied} days"
    )
    for line in _heatmap_lines(s.heatmap, colour):
        out(line, highlight=False)

    out(
        "\n[bold]True retention[/]: share of reviews not rated Again "
        f"(learning steps left out; your target is {_pct(s.settings.desired_retention)})"
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("")
    for r in s.retention:
        table.add_column(f"last {r.days} days", justify="right")

    def cell(recall: stats.Recall) -> str:
        return f"{_pct(recall.retention)} of {recall.reviews:,}" if recall.reviews else "—"

    table.add_row(
        f"young (interval < {stats.MATURE_DAYS} d)", *(cell(r.young) for r in s.retention)
    )
    table.add_row("mature", *(cell(r.mature) for r in s.retention))
    table.add_row("all", *(cell(r.all) for r in s.retention))
    table.add_row("predicted by FSRS", *(_pct(r.all.predicted) for r in s.retention))
    out(table)

    due = sum(d.count for d in s.forecast)
    out(
        f"\n[bold]Due[/] in the next {len(s.forecast)} days: {due:,} reviews "
        f"({s.forecast[0].count:,} today, overdue included)"
    )
    for line in _forecast_lines(s.forecast):
        out(line, highlight=False)

    st = s.states
    out(
        f"\n[bold]Cards[/]: {st.total:,} — {st.new:,} new · {st.learning:,} learning · "
        f"{st.review:,} review · {st.relearning:,} relearning · {st.suspended:,} suspended · "
        f"{st.retired:,} retired"
    )

    out("\n[bold]Readiness[/]: mean recall probability now (new cards count 0)")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("topic")
    table.add_column("cards", justify="right")
    table.add_column("now", justify="right")
    if s.on is not None:
        table.add_column(f"on {s.on}", justify="right")
    rows = [*s.topics, s.overall] if s.overall.kind == "all" else list(s.topics)
    for n, topic in enumerate(rows):
        name = {"tag": f"tag {topic.topic}", "all": "all"}.get(topic.kind, topic.topic)
        cells = [escape(name or "(no topic)"), f"{topic.cards:,}", _pct(topic.readiness)]
        if s.on is not None:
            cells.append(_pct(topic.readiness_on))
        # A rule under the tag's own row, and above the total.
        table.add_row(*cells, end_section=topic.kind == "tag" or n == len(rows) - 2)
    out(table)

    out(f"\n[bold]Weakest key points[/], last {_plural(s.days, 'day')}")
    if not s.weak_points:
        out(f"  No key point missed twice or more in the last {_plural(s.days, 'day')}.")
    topic = None
    for w in s.weak_points:
        if w.topic != topic:
            topic = w.topic
            out(f"  {escape(topic or '(no topic)')}")
        extra = f", {w.contradicted} contradicted" if w.contradicted else ""
        out(
            f"    {escape(w.text)} — missed {w.missed} of {w.seen}{extra}"
            f"  [dim]{escape(w.card)}[/]",
            highlight=False,
        )

    out(f"\n[bold]Leeches[/]: {s.leech_count:,}")
    for x in s.leeches:
        flag = " (suspended)" if x.suspended else ""
        out(
            f"  {escape(x.card)}  {_plural(x.lapses, 'lapse')}{flag}  "
            f"{escape(_one_line(x.question, 50))}",
            highlight=False,
        )
    out("\n[bold]Lowest recall now[/]")
    if not s.lowest:
        out("  —")
    for x in s.lowest:
        out(
            f"  {_pct(x.retrievability):>4}  {escape(x.card)}  {escape(_one_line(x.question, 50))}",
            highlight=False,
        )


@cli.command("stats")
@click.option("--deck", help="Only cards of this deck.")
@click.option("--tag", help="Only cards with this tag (readiness is also shown for the tag).")
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="How far back the weakest key points look.",
)
@click.option(
    "--on",
    "on_text",
    metavar="DATE",
    help="Interview date (YYYY-MM-DD): readiness on that day if you study nothing more.",
)
@json_option
@db_option
@click.pass_context
@_user_errors
def stats_command(
    ctx: click.Context,
    deck: str | None,
    tag: str | None,
    days: int,
    on_text: str | None,
    as_json: bool,
    db: Path | None,
) -> None:
    """Show progress: today, streak, heatmap, retention, forecast, readiness, weak points.

    Days start at the day_start_hour setting (04:00 local time by default).
    """
    now = _clock()
    path = _db_path(ctx, db)
    store = _existing_store(path)
    if store is None:
        learner = settings.Settings()
        on = _on_date(on_text, stats.learner_day(now, learner.day_start_hour, now.tzinfo))
        summary = stats.empty_summary(now, days=days, on=on)
    else:
        with store:
            learner = settings.load(store)
            on = _on_date(on_text, stats.learner_day(now, learner.day_start_hour, now.tzinfo))
            summary = stats.summary(
                store, now, deck=deck, tag=tag, days=days, on=on, settings=learner
            )
    if as_json:
        _echo_json(_stats_json(summary))
    elif not summary.has_reviews:
        _print_welcome(summary, store is not None, deck, tag)
    else:
        from rich.console import Console

        _print_stats(summary, Console(highlight=False, soft_wrap=True))


@cli.command("export-revlog")
@click.argument("out", metavar="OUT.csv", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--deck", help="Only reviews of cards of this deck.")
@click.option("--tag", help="Only reviews of cards with this tag.")
@db_option
@click.pass_context
@_user_errors
def export_revlog(
    ctx: click.Context, out: str, deck: str | None, tag: str | None, db: Path | None
) -> None:
    """Write the review log as CSV for the FSRS optimizer (`-` writes to stdout).

    Columns: card_id, review_time (ms since the Unix epoch, UTC), review_rating (1-4),
    review_state (the card's state before the review: 0 new, 1 learning, 2 review,
    3 relearning), review_duration (ms).
    """
    store = _existing_store(_db_path(ctx, db))
    with contextlib.ExitStack() as stack:
        rows: Iterable[tuple[Any, ...]] = ()
        if store is not None:
            stack.enter_context(store)
            rows = stats.revlog(store, deck=deck, tag=tag)
        if out == "-":
            count = _write_revlog(sys.stdout, rows)
            return
        target = Path(out)
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", newline="", encoding="utf-8") as handle:
                count = _write_revlog(handle, rows)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise click.ClickException(f"{out}: cannot write: {exc.strerror}") from exc
    click.echo(f"Wrote {_plural(count, 'review')} to {out}", err=True)


def _write_revlog(handle: Any, rows: Iterable[tuple[Any, ...]]) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(stats.REVLOG_COLUMNS)
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007 (the count is the result)
        writer.writerow(row)
    return count


def main() -> None:
    """Run the command line."""
    cli()


if __name__ == "__main__":
    main()
