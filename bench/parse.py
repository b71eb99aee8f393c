"""Benchmark the deck parser on a generated deck against a plain markdown-it parse.

Usage: python bench/parse.py [--cards N] [--repeat R] [--paused-collector]

The deck is generated in memory, deterministically (a seeded random.Random): topics with an
introduction, questions with metadata, answers (some with code blocks), two key points with
match/not rules, explanations (a few with HTML), hands-on lists with code, related ids, `---`
separators and a glossary. The reference is `MarkdownIt("commonmark").parse(text)` over the same
text: the cost of only reading the Markdown structure of the whole file, with nothing built
from it. Both are timed in this process, best of R runs; with --paused-collector, Python's
cyclic garbage collector is off during each run, as it is during an import.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markdown_it import MarkdownIt  # noqa: E402

from engine.deck import parse_text  # noqa: E402

# A small vocabulary keeps lines short: about 30 lines and 600 bytes per card.
_VOCABULARY = (
    "role policy user group bucket object region zone subnet route table gateway endpoint "
    "instance volume snapshot queue topic stream shard key secret token session trail log "
    "metric alarm cluster node pod service ingress deployment replica cache index"
)
WORDS = _VOCABULARY.split()
_VERBS = "grants denies stores routes encrypts rotates scales caches replicates signs"
VERBS = _VERBS.split()


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _sentence(rng: random.Random) -> str:
    return f"The {_phrase(rng, 2)} {rng.choice(VERBS)} the {_phrase(rng, rng.randint(1, 3))}."


def _card(rng: random.Random, i: int) -> list[str]:
    lines = [f"## How does the {_phrase(rng, 2)} {rng.choice(VERBS)} a {_phrase(rng, 2)} ({i})?"]
    if rng.random() < 0.6:
        lines.append(f"id: card-{i}")
        if rng.random() < 0.5:
            lines.append(rng.choice(["level: basic", "level: intermediate", "level: advanced"]))
        if rng.random() < 0.5:
            lines.append(f"tags: {rng.choice(WORDS)}, {rng.choice(WORDS)}")
    lines += ["", "### Answer", _sentence(rng), _sentence(rng)]
    if rng.random() < 0.3:
        lines += ["", "```bash", f"aws {rng.choice(WORDS)} describe --id {i}", "```"]
    lines += ["", "### Key points"]
    for _ in range(2):
        attrs = rng.choice(["", "", " {core}", " {weight: 0.5}"])
        lines.append(f"- The {_phrase(rng, 2)} {rng.choice(VERBS)} data{attrs}")
        a, b, c = rng.sample(WORDS, 3)
        lines.append(f"  match: @{a} ; {b} | {c}")
        if rng.random() < 0.2:
            lines.append(f"  not: @{a} ; never {b}")
    lines += ["", "### Explanation", _sentence(rng), _sentence(rng)]
    if rng.random() < 0.5:
        lines += ["", f"- {_sentence(rng)}", f"- {_sentence(rng)}"]
    if rng.random() < 0.02:  # some HTML, which only markdown-it reads
        lines += ["", "<details>", "<summary>More</summary>", "", _sentence(rng), "", "</details>"]
    lines += ["", "### Hands-on", f"1. Create a {rng.choice(WORDS)}.", "2. Inspect it:"]
    if rng.random() < 0.4:
        lines += ["   ```sh", f"   aws {rng.choice(WORDS)} get --name demo-{i}", "   ```"]
    lines += ["", "### Related", f"- card-{rng.randrange(max(i, 1))}", "", "---", ""]
    return lines


def generate(cards: int, seed: int = 1) -> str:
    """Return a deck of `cards` cards, the same text for the same arguments."""
    rng = random.Random(seed)
    lines = ["---", "deck: Bench", "tags: [bench]", "---", ""]
    for i in range(cards):
        if i % 100 == 0:
            lines += [f"# Topic {i // 100}", "", _sentence(rng), ""]
        lines += _card(rng, i)
    lines += ["## Glossary"]
    lines += [f"- {w.upper()} = {w} thing" for w in WORDS]
    return "\n".join(lines) + "\n"


def best_of(repeat: int, run: Callable[[], object], paused: bool = False) -> float:
    """Return the fastest of `repeat` wall-clock timings of `run()`, in seconds."""
    times = []
    for _ in range(repeat):
        if paused:
            gc.disable()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--paused-collector", action="store_true")
    args = parser.parse_args()

    text = generate(args.cards)
    deck = parse_text(text, "bench.md")
    points = sum(len(card.key_points) for card in deck.cards)
    lines = text.count("\n")
    print(
        f"deck: {len(deck.cards)} cards, {points} key points, {lines} lines, "
        f"{len(text.encode()) / 1e6:.1f} MB, {len(deck.warnings)} warnings"
    )
    paused = args.paused_collector
    ours = best_of(args.repeat, lambda: parse_text(text, "bench.md"), paused)
    md = MarkdownIt("commonmark")
    reference = best_of(args.repeat, lambda: md.parse(text), paused)
    print(f"parse_text:                   {ours:7.3f} s  {len(deck.cards) / ours:9,.0f} cards/s")
    print(
        f"MarkdownIt('commonmark').parse: {reference:7.3f} s  "
        f"{len(deck.cards) / reference:9,.0f} cards/s"
    )
    print(f"ratio ours/reference: {ours / reference:.3f}")


if __name__ == "__main__":
    main()
