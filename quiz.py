#!/usr/bin/env python3
"""quiz: terminal flashcards for interview prep. Each command parses, calls the engine, formats."""

from __future__ import annotations

import click

from engine.errors import QuizError


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Study Markdown decks with typed answers graded against key points."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def main() -> None:
    """Run the command line, turning expected errors into one clear message."""
    try:
        cli(standalone_mode=True)
    except QuizError as exc:  # pragma: no cover - click handles ClickException itself
        raise SystemExit(f"Error: {exc}") from exc


if __name__ == "__main__":
    main()
