#!/usr/bin/env python3
"""Benchmark: `quiz.py stats --json` as a whole process on 100k cards and ~1M reviews.

Builds (once, cached under the temp directory) a database through the store's schema,
filled with sqlite3 `executemany`: cards in 5 decks and 40 topics, a two-year review
history ending now with three graded key points per review, due dates spread over the
coming weeks. Then times whole processes, median of several runs:

- `quiz.py stats --json` (the figure the [stats] issue bounds by the Anki backend's
  stats on the same history, about 0.5 s on this machine);
- a reference process in the same run: `python -c` that opens the database with
  sqlite3 and counts the reviews (interpreter start + one indexed count).

Usage: python bench/stats.py [--cards N] [--growth G] [--runs N] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import random
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
        if n % 10 != 0:  # one card in ten is still new
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


def timed(command: list[str], runs: int) -> tuple[float, bytes]:
    """Return the median wall time of `runs` runs of a process, and its last output."""
    times, out = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument(
        "--growth", type=float, default=1.6, help="Interval growth a review (1.6: ~1M reviews)."
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the cached database.")
    args = parser.parse_args()
    now = datetime.now(UTC)
    name = f"quiz-bench-stats-{args.cards}-{args.growth}.db"
    path = Path(tempfile.gettempdir()) / name
    if args.rebuild or not path.exists():
        start = time.perf_counter()
        count = build(path, args.cards, args.growth, now)
        print(f"built {path} ({count:,} reviews) in {time.perf_counter() - start:.1f} s")
    conn = sqlite3.connect(path)
    reviews = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    points = conn.execute("SELECT count(*) FROM review_points").fetchone()[0]
    cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    conn.close()
    print(f"database: {cards:,} cards, {reviews:,} reviews, {points:,} key-point results")
    print(f"size: {path.stat().st_size / 1e6:.0f} MB")

    python = sys.executable
    env_cmd = [python, str(ROOT / "quiz.py"), "--db", str(path), "stats", "--json"]
    reference = [
        python,
        "-c",
        "import sqlite3, sys; sqlite3.connect(sys.argv[1])"
        ".execute('SELECT count(*) FROM reviews').fetchone()",
        str(path),
    ]
    timed(env_cmd, 1)  # warm the page cache
    ours, _ = timed(env_cmd, args.runs)
    ref, _ = timed(reference, args.runs)
    text_cmd = [python, str(ROOT / "quiz.py"), "--db", str(path), "stats"]
    text, _ = timed(text_cmd, args.runs)
    print(f"quiz.py stats --json   {ours:6.3f} s  (median of {args.runs})")
    print(f"quiz.py stats (text)   {text:6.3f} s")
    print(f"reference process      {ref:6.3f} s  (python -c: sqlite3 count of reviews)")
    print(f"ratio stats/reference  {ours / ref:6.2f}")
    print(f"ratio stats/Anki       {ours / ANKI_SECONDS:6.2f}  (Anki backend: {ANKI_SECONDS} s)")
    if os.environ.get("QUIZ_BENCH_PROFILE"):
        print(subprocess.run([*env_cmd], capture_output=True, text=True).stdout[:200])


if __name__ == "__main__":
    main()
