#!/usr/bin/env python3
"""Benchmark: `quiz.py stats --json` as a whole process on 100k cards and ~1M reviews.

Builds (once, cached in the temp directory) a database with the store's schema, filled
with sqlite3 `executemany`: 100k cards in 5 decks and 40 topics, one in ten never
studied; a two-year review history ending now (each interval about 1.6 times the
last, so about 1M reviews, written oldest first as studying appends them) with a
typed answer and three graded key points per review. Then times whole processes,
interleaved, median of several runs, wall and CPU time:

- `quiz.py stats --json`, the figure the [stats] issue bounds by the Anki backend's
  stats on the same history (about 0.5 s on this machine, measured separately);
- `quiz.py stats` (text, with rich);
- the reference, in the same run: `python -c` opening the database with sqlite3 and
  counting the reviews (interpreter start and one indexed count);
- `import quiz`: the start-up floor of any quiz command.

Usage: python bench/stats.py [--cards N] [--growth G] [--runs N] [--rebuild] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.store import Store, to_iso  # noqa: E402

ANKI_SECONDS = 0.5  # the Anki backend's stats on the same history, measured separately
DECKS = 5
TOPICS = 40
# A typed answer of a realistic length (about 230 characters).
ANSWER = (
    "Card {} answer: roles are assumable identities that hand out temporary credentials "
    "through STS, while users keep long-lived access keys; groups only organise users and "
    "policies attach permissions to any of them."
)


def _memory(state: int, stability: float | None, due: str | None, last: str | None, reps: int):
    s = "null" if stability is None else repr(round(stability, 4))
    due_json = "null" if due is None else f'"{due}"'
    last_json = "null" if last is None else f'"{last}"'
    return (
        f'{{"state":{state},"step":null,"stability":{s},"difficulty":'
        f'{"null" if stability is None else "5.0"},"due":{due_json},'
        f'"last_review":{last_json},"reps":{reps},"lapses":0}}'
    )


def build(path: Path, cards: int, growth: float, now: datetime, seed: int = 7) -> int:
    """Create the benchmark database at `path`; return how many reviews it holds.

    Reviews are written oldest first, as studying appends them, so that a time range
    of the log is a contiguous run of rows, as in a real database.
    """
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    with Store(path):
        pass  # the schema, exactly as the store migrates it
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    stamp = to_iso(now - timedelta(days=800))
    conn.executemany(
        "INSERT INTO decks (name, added_at) VALUES (?, ?)",
        [(f"Deck {d}", stamp) for d in range(DECKS)],
    )
    card_rows, reviews = [], []
    for n in range(cards):
        card_id = f"card-{n:06d}"
        # state, stability, due, last_review, reps, lapses, suspended, leech
        memory: tuple = (0, None, None, None, 0, 0, 0, 0)
        if rng.random() >= 0.1:  # one card in ten is still new
            # Started on a random day of the last two years; each interval about
            # `growth` times the last, until the next review would be in the future.
            at = now - timedelta(days=rng.uniform(1, 730))
            before, gap, reps, lapses = _memory(0, None, None, None, 0), 1.0, 0, 0
            while True:
                at_iso = to_iso(at)
                rating = rng.choices((1, 2, 3, 4), (10, 4, 85, 1))[0]
                lapses += rating == 1 and reps > 0
                stability = gap * rng.uniform(0.9, 1.2)
                due_at = at + timedelta(days=round(gap))
                due = to_iso(due_at)
                reps += 1
                after = _memory(2, stability, due, at_iso, reps)
                statuses = rng.choices(("covered", "missed", "contradicted"), (80, 15, 5), k=3)
                reviews.append((at_iso, card_id, n, rating, before, after, statuses))
                before = after
                next_at = due_at + timedelta(hours=rng.uniform(-6, 30))
                if next_at >= now:
                    break
                at, gap = next_at, gap * growth
            memory = (2, stability, due, at_iso, reps, lapses, int(n % 97 == 1), int(lapses >= 8))
        card_rows.append(
            (card_id, f"Deck {n % DECKS}", f"Question {n}?", f"Topic {n % TOPICS}")
            + (f'["bench","t{n % 7}"]', "h", stamp, stamp)
            + memory
        )
    conn.executemany(
        "INSERT INTO cards (id, deck, question, topic, tags, content_hash, added_at,"
        " updated_at, state, stability, due, last_review, reps, lapses, suspended, leech)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        card_rows,
    )
    reviews.sort()
    for first in range(0, len(reviews), 100_000):
        chunk = list(enumerate(reviews[first : first + 100_000], first + 1))
        conn.executemany(
            "INSERT INTO reviews (id, card_id, reviewed_at, rating, answer, duration_ms,"
            " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (i, card_id, at, rating, ANSWER.format(n), 4_000 + i * 7919 % 56_000, b, a)
                for i, (at, card_id, n, rating, b, a, _) in chunk
            ),
        )
        conn.executemany(
            "INSERT INTO review_points (review_id, card_id, point, text, status)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (i, card_id, p, f"Key point {p} of card {n}", status)
                for i, (_, card_id, n, _, _, _, statuses) in chunk
                for p, status in enumerate(statuses)
            ),
        )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return len(reviews)


def timed(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, dict]:
    """Run each command `runs` times, interleaved; return median wall and CPU seconds.

    Interleaving spreads the load of other processes on the machine evenly over the
    commands; CPU time (user + system of the child) is far less sensitive to it.
    """
    samples: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
    return {
        name: {kind: statistics.median(values) for kind, values in sample.items()}
        for name, sample in samples.items()
    }


def in_process(path: Path) -> float:
    """Return the seconds `stats.summary` takes in this (warm) process: the query part."""
    from engine import stats

    with Store(path) as store:
        now = datetime.now().astimezone()
        stats.summary(store, now)
        start = time.perf_counter()
        stats.summary(store, now)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument(
        "--growth", type=float, default=1.6, help="Interval growth a review (1.6: ~1M reviews)."
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the cached database.")
    parser.add_argument("--json", action="store_true", help="Print one JSON line of results.")
    args = parser.parse_args()
    now = datetime.now(UTC)
    path = Path(tempfile.gettempdir()) / f"quiz-bench-stats-{args.cards}-{args.growth}.db"
    if args.rebuild or not path.exists():
        start = time.perf_counter()
        count = build(path, args.cards, args.growth, now)
        print(f"built {path} ({count:,} reviews) in {time.perf_counter() - start:.0f} s")
    with Store(path):
        pass  # migrate a database built by an older version
    conn = sqlite3.connect(path)
    cards, reviews, points = (
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("cards", "reviews", "review_points")
    )
    conn.close()

    python, quiz = sys.executable, str(ROOT / "quiz.py")
    commands = {
        "stats --json": [python, quiz, "--db", str(path), "stats", "--json"],
        "stats (text)": [python, quiz, "--db", str(path), "stats"],
        "reference": [
            python,
            "-c",
            "import sqlite3, sys; sqlite3.connect(sys.argv[1])"
            ".execute('SELECT count(*) FROM reviews').fetchone()",
            str(path),
        ],
        "import quiz": [
            python,
            "-c",
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); import quiz",
        ],
    }
    # As installed Python behaves: bytecode is cached (in a temporary directory here).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "quiz-bench-pycache")
    timed(commands, 1, env)  # warm the page cache and the bytecode cache
    results = timed(commands, args.runs, env)
    summary_seconds = in_process(path)
    ours, ref = results["stats --json"], results["reference"]
    if args.json:
        print(
            json.dumps(
                {
                    "cards": cards,
                    "reviews": reviews,
                    "key_point_results": points,
                    "runs": args.runs,
                    **{
                        f"{k} {kind}": round(v, 4)
                        for k, r in results.items()
                        for kind, v in r.items()
                    },
                    "summary in process": round(summary_seconds, 4),
                    "anki seconds": ANKI_SECONDS,
                }
            )
        )
        return
    print(f"database: {cards:,} cards, {reviews:,} reviews, {points:,} key-point results")
    print(f"          {path.stat().st_size / 1e6:.0f} MB at {path}")
    print(f"median of {args.runs} interleaved runs      wall      CPU")
    for name, result in results.items():
        print(f"  {name:<30} {result['wall']:6.3f} s  {result['cpu']:6.3f} s")
    print(f"  stats.summary() in process     {summary_seconds:6.3f} s")
    print(f"stats --json / reference        {ours['wall'] / ref['wall']:6.1f}x wall")
    print(
        f"stats --json / Anki backend     {ours['wall'] / ANKI_SECONDS:6.2f}x wall"
        f"  ({ours['cpu'] / ANKI_SECONDS:.2f}x in CPU time; Anki: {ANKI_SECONDS} s)"
    )


if __name__ == "__main__":
    main()
