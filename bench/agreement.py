"""How far two annotators agree on the same answers, and how the checker does where they agree.

    python bench/agreement.py FIRST.jsonl SECOND.jsonl [--decks decks]

Both files hold the same answers in the same order (the labelled-set format of
`tests/data/grading/README.md`), labelled by different people who did not see each other's
labels. Prints per file pair the share of key points labelled alike, and the second
annotator's precision, recall and F1 against the first (covered = positive): the ceiling a
checker can be expected to reach against one annotator's labels. Then it grades every answer
and reports the checker's precision and recall on the key points both annotators labelled
alike, and how many of its false credits against the first annotator the second one calls
covered.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.grading import DataError, _fmt, _prf, _related, load_decks, load_split  # noqa: E402
from engine import checker  # noqa: E402
from engine.errors import QuizError  # noqa: E402
from engine.model import PointStatus  # noqa: E402

COVERED = PointStatus.COVERED


def compare(first: Path, second: Path, decks: Path) -> dict:
    """Return agreement figures for two labellings of the same answers."""
    cards, glossaries = load_decks(decks)
    a, b = load_split(first, cards), load_split(second, cards)
    if len(a) != len(b):
        raise DataError(f"{second}: {len(b)} answers, {first} has {len(a)}")
    pairs: Counter[tuple[str, str]] = Counter()
    checker_counts: Counter[str] = Counter()
    for x, y in zip(a, b, strict=True):
        if x.card.id != y.card.id or x.answer != y.answer:
            raise DataError(f"{second}:{y.line}: not the answer on line {x.line} of {first}")
        related = _related(x.card, cards)
        verdict = checker.check(x.card, x.answer, glossaries.get(x.card.deck, ()), related)
        for g, s, p in zip(x.labels, y.labels, verdict.points, strict=True):
            pairs[(g.value, s.value)] += 1
            got = p.status is COVERED
            if got and g is not COVERED:
                checker_counts["false credit, second says " + s.value] += 1
            if g is s:
                if got and g is COVERED:
                    checker_counts["tp"] += 1
                elif got:
                    checker_counts["fp"] += 1
                elif g is COVERED:
                    checker_counts["fn"] += 1
    total = sum(pairs.values())
    second = {
        "tp": pairs[("covered", "covered")],
        "fp": sum(n for (g, s), n in pairs.items() if s == "covered" and g != "covered"),
        "fn": sum(n for (g, s), n in pairs.items() if g == "covered" and s != "covered"),
    }
    return {
        "key_points": total,
        "agreement": sum(n for (g, s), n in pairs.items() if g == s) / total if total else 0.0,
        "second_vs_first": _prf(second),
        "pairs": {f"{g}/{s}": n for (g, s), n in sorted(pairs.items())},
        "checker_on_agreed": _prf(checker_counts),
        "checker_false_credit": {
            k.removeprefix("false credit, second says "): n
            for k, n in sorted(checker_counts.items())
            if k.startswith("false credit")
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--decks", type=Path, default=ROOT / "decks")
    args = parser.parse_args(argv)
    try:
        m = compare(args.first, args.second, args.decks)
    except (DataError, QuizError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    s, c = m["second_vs_first"], m["checker_on_agreed"]
    print(f"{args.second.name}: {m['key_points']} key points, agreement {m['agreement']:.3f}")
    print(f"  second vs first: P {_fmt(s['precision'])}  R {_fmt(s['recall'])}  F1 {_fmt(s['f1'])}")
    print("  first/second: " + ", ".join(f"{k} {n}" for k, n in m["pairs"].items()))
    print(f"  checker where they agree: P {_fmt(c['precision'])}  R {_fmt(c['recall'])}")
    print(
        "  checker's false credits (first says not covered), second says: "
        + ", ".join(f"{k} {n}" for k, n in m["checker_false_credit"].items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
