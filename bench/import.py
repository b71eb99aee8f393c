#!/usr/bin/env python3
"""Benchmark: import a generated deck of N cards, then re-import it unchanged.

Prints wall times and their ratio to a reference run in the same process: a plain
sqlite3 `executemany` of the same card rows into a fresh database (the floor any
importer that writes those rows must pay). Usage: python bench/import.py [N ...]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.importer import import_paths  # noqa: E402
from engine.store import Store  # noqa: E402

CARDS_PER_FILE = 1000
WORDS = [
    "role",
    "policy",
    "bucket",
    "subnet",
    "queue",
    "topic",
    "lambda",
    "cluster",
    "volume",
    "gateway",
]


def card_markdown(n: int) -> str:
    """Return one realistic card: question, answer, three key points with rules, notes."""
    a, b, c = WORDS[n % 10], WORDS[(n // 10) % 10], WORDS[(n // 100) % 10]
    return f"""## How does a {a} interact with a {b} when the {c} changes (case {n})?
level: intermediate
tags: generated, {a}

### Answer
A {a} reads the {b} configuration and re-evaluates it whenever the {c} changes;
the result is cached for a short time. Card number {n}.

### Key points
- The {a} re-evaluates on change
  match: @{a} ; re-evaluate | recompute | refresh
  not: @{a} ; never | ignore
- Results are cached briefly {{weight: 0.5}}
  match: cache | cached ; short | brief
- Changes to the {c} trigger it {{core}}
  match: {c} ; change | update | modify

### Explanation
See the documentation for {a} and {b}. This paragraph is here so the card has
a realistic amount of text: a few lines of Markdown with `code` and *emphasis*.

"""


def generate(directory: Path, cards: int) -> list[Path]:
    """Write `cards` cards into files of CARDS_PER_FILE cards each; return the files."""
    files = []
    for start in range(0, cards, CARDS_PER_FILE):
        path = directory / f"deck-{start // CARDS_PER_FILE:04d}.md"
        body = "".join(card_markdown(n) for n in range(start, min(start + CARDS_PER_FILE, cards)))
        path.write_text(f"---\ndeck: Bench {start // 10_000}\n---\n\n# Topic\n\n{body}")
        files.append(path)
    return files


def reference(db: Path, cards: list[dict]) -> float:
    """Time a plain executemany of the same rows (no parsing, no identity work)."""
    columns = list(cards[0])
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"CREATE TABLE cards ({', '.join(columns)}, PRIMARY KEY (id))")
    with conn:
        conn.executemany(
            f"INSERT INTO cards VALUES ({', '.join('?' * len(columns))})",
            [tuple(c.values()) for c in cards],
        )
    conn.close()
    return time.perf_counter() - started


def run(cards: int) -> dict[str, float]:
    """Generate, import, re-import and time everything for one deck size."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        decks = root / "decks"
        decks.mkdir()
        generate(decks, cards)
        now = datetime(2026, 1, 1, tzinfo=UTC)

        # The progress callback timestamps the end of parsing inside the import itself.
        parsed_at: list[float] = []

        def progress(label: str, done: int, total: int) -> None:
            if label == "Parsing" and done == total:
                parsed_at.append(time.perf_counter())

        started, cpu = time.perf_counter(), time.process_time()
        with Store(root / "quiz.db") as store:
            report = import_paths(store, [decks], now=now, progress=progress)
        first = time.perf_counter() - started
        parse = parsed_at[0] - started
        first_cpu = time.process_time() - cpu
        assert report.totals.added == cards, report.totals

        started = time.perf_counter()
        with Store(root / "quiz.db") as store:
            report = import_paths(store, [decks], now=now)
        again = time.perf_counter() - started
        assert report.totals.unchanged == cards, report.totals

        with Store(root / "quiz.db") as store:
            rows = [
                dict(r)
                for r in store._conn.execute("SELECT * FROM cards")  # noqa: SLF001
            ]
        ref = reference(root / "reference.db", rows)
    return {
        "cards": cards,
        "import_s": first,
        "import_cpu_s": first_cpu,
        "parse_s": parse,
        "reimport_s": again,
        "reference_s": ref,
    }


def main() -> None:
    """Run the benchmark for each requested size and print one line (and JSON) per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--json", action="store_true", help="print JSON lines only")
    args = parser.parse_args()
    for size in args.sizes:
        result = run(size)
        result["import_ratio"] = result["import_s"] / result["reference_s"]
        # Everything the importer does besides parsing: hashing, identity, writing.
        result["store_s"] = result["import_s"] - result["parse_s"]
        result["store_ratio"] = result["store_s"] / result["reference_s"]
        result["reimport_ratio"] = result["reimport_s"] / result["reference_s"]
        if args.json:
            print(json.dumps(result))
        else:
            print(
                f"{size:>7} cards: import {result['import_s']:.2f} s "
                f"({result['import_ratio']:.1f}x reference {result['reference_s']:.3f} s; "
                f"parsing {result['parse_s']:.2f} s, the rest {result['store_s']:.2f} s = "
                f"{result['store_ratio']:.1f}x reference; CPU {result['import_cpu_s']:.2f} s), "
                f"unchanged re-import {result['reimport_s']:.3f} s "
                f"({result['reimport_ratio']:.2f}x reference)"
            )


if __name__ == "__main__":
    main()
