#!/usr/bin/env python3
"""quiz: terminal flashcards for interview prep. Each command parses, calls the engine, formats."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from engine import session as study
from engine.errors import QuizError
from engine.store import Store

ROOT = Path(__file__).resolve().parent
DEFAULT_DB = ROOT / "data" / "quiz.db"
BUNDLED_DECKS = ROOT / "decks"


# --- shared plumbing ----------------------------------------------------------------------


def _local_zone() -> tzinfo | None:
    """Return the learner's IANA timezone when it can be named (DST-correct day starts)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def clock() -> datetime:
    """Return the current time in the learner's local timezone (the one real clock)."""
    zone = _local_zone()
    return datetime.now(zone) if zone is not None else datetime.now().astimezone()


def _db_path(value: Path | None) -> Path:
    if value is not None:
        return value
    env = os.environ.get("QUIZ_DB")
    return Path(env) if env else DEFAULT_DB


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the `--db PATH` option every command shares."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Database file (default: $QUIZ_DB, else data/quiz.db next to quiz.py).",
    )(command)


def open_store(ctx: click.Context, db: Path | None) -> Store:
    """Open the database the command was pointed at."""
    return Store(_db_path(db))


def fail(exc: QuizError) -> click.ClickException:
    """Return the one-line error click prints for an expected failure."""
    return click.ClickException(str(exc))


class _StudyByDefault(click.Group):
    """A group whose default command is `study`: `quiz.py --deck AWS` studies AWS."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0].startswith("-") and args[0] not in ("--help", "-h")):
            args = ["study", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_StudyByDefault)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Study Markdown decks with typed answers graded against key points.

    Without a command, starts a study session (the `study` command).
    """


# --- study ---------------------------------------------------------------------------------


def _first_run_import(store: Store) -> str:
    """Import the bundled decks into an empty database; return what to tell the learner."""
    if store.count_cards(include_retired=True) or not BUNDLED_DECKS.is_dir():
        return ""
    from engine.importer import import_paths

    report = import_paths(store, [BUNDLED_DECKS], now=clock())
    added = report.totals.added
    return f"First run: imported {added} cards from {BUNDLED_DECKS.name}/ into {store.path}."


def _session(store: Store, **options: Any) -> study.Session:
    return study.Session(store, clock, random.Random(), **options)


def _nothing_due(session: study.Session) -> str:
    summary = session.summary()
    text = "Nothing to study right now."
    if summary.next_due is not None:
        now = session.clock()
        local = summary.next_due.astimezone(now.tzinfo)
        wait = study.format_interval(summary.next_due - now)
        text += f" Next card due in {wait} ({local:%a %d %b %H:%M})."
    elif not session.store.count_cards():
        text += " The database has no cards: add some with quiz.py import PATH."
    return text


@cli.command("study")
@click.option("--deck", help="Study only this deck.")
@click.option("--tag", help="Study only cards with this tag.")
@click.option(
    "--new", "new", type=click.IntRange(min=0), help="New cards this run (ignores the daily limit)."
)
@click.option(
    "--reviews", type=click.IntRange(min=0), help="Reviews this run (ignores the daily limit)."
)
@db_option
@click.pass_context
def study_command(
    ctx: click.Context,
    deck: str | None,
    tag: str | None,
    new: int | None,
    reviews: int | None,
    db: Path | None,
) -> None:
    """Study what is due today (the default command).

    Type an answer, submit with Esc then Enter, see what you covered and missed,
    then press Enter to accept the suggested rating or 1-4 to choose another.
    Every rating is saved at once: quitting (q, Ctrl-C) or a crash loses nothing.
    """
    from rich.console import Console

    from engine import ui

    try:
        with open_store(ctx, db) as store:
            note = _first_run_import(store)
            if note:
                click.echo(note)
            session = _session(store, deck=deck, tag=tag, new_limit=new, review_limit=reviews)
            if session.next_due() is None:
                click.echo(_nothing_due(session))
                return
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise click.ClickException(
                    "study needs an interactive terminal; for scripts use: quiz.py next --json"
                )
            summary = ui.build_app(session).run()
            Console().print(ui.summary_text(summary, session.clock()))
    except QuizError as exc:
        raise fail(exc) from exc


@cli.command("next")
@click.option("--deck", help="Only this deck.")
@click.option("--tag", help="Only cards with this tag.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@click.pass_context
def next_command(
    ctx: click.Context, deck: str | None, tag: str | None, as_json: bool, db: Path | None
) -> None:
    """Show the card `study` would show first, and why it is due."""
    try:
        with open_store(ctx, db) as store:
            session = _session(store, deck=deck, tag=tag)
            due = session.next_due()
            if as_json:
                click.echo(json.dumps(_next_json(session, due), ensure_ascii=False))
            elif due is None:
                click.echo(_nothing_due(session))
            else:
                click.echo(f"{due.card.id}  ({due.reason})")
                click.echo(due.card.question)
    except QuizError as exc:
        raise fail(exc) from exc


def _next_json(session: study.Session, due: study.Due | None) -> dict[str, Any]:
    if due is None:
        next_due = session.next_due_at()
        return {"card": None, "next_due": next_due.isoformat() if next_due else None}
    return {
        "card": {
            "id": due.card.id,
            "deck": due.card.deck,
            "topic": due.card.topic,
            "question": due.card.question,
        },
        "kind": due.kind.value,
        "reason": due.reason,
        "due": due.memory.due.isoformat() if due.memory.due else None,
        "counts": dict(zip(("learning", "review", "new"), _counts(session), strict=True)),
    }


def _counts(session: study.Session) -> tuple[int, int, int]:
    counts = session.counts()
    return counts.learning, counts.review, counts.new


# --- settings and card flags -----------------------------------------------------------------


@cli.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@db_option
@click.pass_context
def config(ctx: click.Context, key: str | None, value: str | None, db: Path | None) -> None:
    """Show the settings, show one (KEY), or change one (KEY VALUE)."""
    try:
        with open_store(ctx, db) as store:
            if key is not None and value is not None:
                shown = study.set_setting(store, key, value)
                click.echo(f"{key} = {shown}")
                return
            if key is not None:
                click.echo(study.setting_value(store, key))
                return
            values = study.setting_values(store)
            width = max(len(k) for k in values)
            for name, current in values.items():
                setting = study.SETTINGS[name]
                default = "" if current == setting.default else f"  (default {setting.default})"
                click.echo(f"{name:<{width}}  {current:<8}  {setting.help}{default}")
    except QuizError as exc:
        raise fail(exc) from exc


def _flag(
    ctx: click.Context, db: Path | None, action: Callable[[Store, study.Session], str]
) -> None:
    try:
        with open_store(ctx, db) as store:
            click.echo(action(store, _session(store)))
    except QuizError as exc:
        raise fail(exc) from exc


@cli.command()
@click.argument("card_id")
@db_option
@click.pass_context
def suspend(ctx: click.Context, card_id: str, db: Path | None) -> None:
    """Never show a card until it is unsuspended."""

    def action(store: Store, _: study.Session) -> str:
        store.set_suspended(card_id, True)
        return f"Suspended {card_id}. Bring it back with: quiz.py unsuspend {card_id}"

    _flag(ctx, db, action)


@cli.command()
@click.argument("card_id")
@db_option
@click.pass_context
def unsuspend(ctx: click.Context, card_id: str, db: Path | None) -> None:
    """Let a suspended card (a leech, say) be studied again."""

    def action(store: Store, _: study.Session) -> str:
        store.set_suspended(card_id, False)
        store.set_leech(card_id, False)
        return f"Unsuspended {card_id}."

    _flag(ctx, db, action)


@cli.command()
@click.argument("card_id")
@db_option
@click.pass_context
def bury(ctx: click.Context, card_id: str, db: Path | None) -> None:
    """Hide a card until the next day starts."""

    def action(store: Store, session: study.Session) -> str:
        until = session.bury(card_id)
        return f"Buried {card_id} until {until:%a %d %b %H:%M}."

    _flag(ctx, db, action)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@click.pass_context
def aliases(ctx: click.Context, as_json: bool, db: Path | None) -> None:
    """List phrases you accepted as covering a key point (suggestions for deck authors)."""
    try:
        with open_store(ctx, db) as store:
            rows = []
            for alias in store.list_aliases():
                card = store.get_card(alias.card_id)
                point = (
                    card.key_points[alias.point].text if alias.point < len(card.key_points) else ""
                )
                rows.append(
                    {
                        "card": alias.card_id,
                        "deck": card.deck,
                        "source": f"{card.path}:{card.line}" if card.path else "",
                        "point": alias.point + 1,
                        "key_point": point,
                        "phrase": alias.phrase,
                        "created_at": alias.created_at.isoformat(),
                    }
                )
    except QuizError as exc:
        raise fail(exc) from exc
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No alias suggestions yet. In a study session, press c on a missed point.")
        return
    for row in rows:
        click.echo(f"{row['card']}  point {row['point']}: {row['key_point']}")
        click.echo(f'    "{row["phrase"]}"   ({row["source"]})')


def main() -> None:
    """Run the command line, turning expected errors into one clear message."""
    try:
        cli(standalone_mode=True)
    except QuizError as exc:  # pragma: no cover - click handles ClickException itself
        raise SystemExit(f"Error: {exc}") from exc


if __name__ == "__main__":
    main()
