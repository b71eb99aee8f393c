"""Measure the answer checker on labelled answers: accuracy per key point, safety, ranking, speed.

Usage:
    python bench/grading.py [--data DIR] [--decks PATH] [--json] [--errors] [--repeat N]
                            [--strip-rules | --strip-not | --derive-points] [--strip-glossary]

Reads every `*.jsonl` split in DIR (default tests/data/grading: dev.jsonl, heldout.jsonl), one
labelled answer per line:

    {"card": ID, "kind": "complete|paraphrase|typo|terse|partial|negated|swapped|offtopic|
     stuffed|dontknow", "answer": TEXT, "labels": ["covered"|"missed"|"contradicted", ...],
     "rating": "again|hard|good|easy"}            # rating optional

or, in learner-style sets, kinds strong|average|rushed (correct to some degree) and
confused|vague|wrong-card (never to be suggested Good or Easy),

with one label per key point in card order. Cards come from parsing a deck file or every
`*.md` under a directory (default decks/) with engine.deck; each deck's glossary applies to
its cards. `--strip-rules` drops every `match:` and `not:` rule from the parsed cards (the
glossary stays) before grading, to measure the fallback that grades decks written by others,
whose key points rarely carry rules. `--strip-not` drops only the `not:` rules: an author who
wrote aliases but did not foresee the misconceptions. `--derive-points` drops every card's key
points, so the checker derives them from the model answer (as for web decks without key points);
the gold labels no longer line up with points then, so only ratings (agreement, Good/Easy on
wrong answers), cross-question ranking and speed are reported, next to what a learner gets
today from such a card (no suggestion: the study screen starts at Good). `--strip-glossary`
grades without the decks' glossaries (combine it with the others: `--strip-rules
--strip-glossary` is a stranger's deck with neither rules nor glossary).

Per split it prints key-point precision/recall/F1 (covered = positive), false-credit rate
(gold missed/contradicted predicted covered) overall and on adversarial kinds, Good/Easy
suggested for wrong answers (must be 0), contradiction recall, rating agreement (the gold
rating, when not given, is derived from the gold labels with the checker's own mapping),
cross-question top-1 and MRR (each answer with a gold-covered point, except off-topic ones, is
scored against every card; its own card must score highest, uniquely; also over the answers
written to be right, whole or in part (complete, paraphrase, typo, terse, partial, strong,
average, rushed: not the negated, swapped, confused or vague ones), and per kind; also the
top-1 it would reach if its own card were graded exactly as labelled, the ceiling for own-card
accuracy while the other cards score as they do), latency p50/p95 per
answer, and the latency ratio against a reference run in the same process: rapidfuzz
token_set_ratio of the answer against every key point's text, the cheapest whole-answer
similarity there is.

To grade many answers from a script in one process without labels, use the CLI instead:
`quiz.py grade --batch FILE --json` reads `{"card": ID, "answer": TEXT}` lines and prints one
result per line.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from engine import checker, deck  # noqa: E402
from engine.errors import QuizError  # noqa: E402
from engine.model import Card, PointResult, PointStatus, Rating  # noqa: E402

KINDS = (
    "complete",
    "paraphrase",
    "typo",
    "terse",
    "partial",
    "negated",
    "swapped",
    "offtopic",
    "stuffed",
    "dontknow",
    # Learner-style sets (bench/data): answers as real learners type them.
    "strong",
    "average",
    "rushed",
    "confused",
    "vague",
    "wrong-card",
)
ADVERSARIAL = ("negated", "swapped", "offtopic", "stuffed", "confused", "vague", "wrong-card")
# Answers written for another card's question: left out of the cross-question ranking.
OFF_CARD = ("offtopic", "wrong-card")
# Answers written to be right, whole or in part: the ones a learner would expect to be
# recognised as answering their own card (the others are wrong by design).
SOUND = ("complete", "paraphrase", "typo", "terse", "partial", "strong", "average", "rushed")
# Answers that must never be suggested Good or Easy.
NEVER_GOOD = (
    "swapped",
    "negated",
    "offtopic",
    "stuffed",
    "dontknow",
    "confused",
    "vague",
    "wrong-card",
)
STATUS = {s.value: s for s in PointStatus}
RATING = {r.name.lower(): r for r in Rating}


class DataError(Exception):
    """A labelled answer file has a problem at a known line."""


@dataclass
class Example:
    split: str
    line: int
    card: Card
    kind: str
    answer: str
    labels: list[PointStatus]
    rating: Rating | None


@dataclass
class Outcome:
    example: Example
    predicted: list[PointStatus]
    score: float
    rating: Rating
    gold_rating: Rating
    seconds: float
    reference_seconds: float
    rank: int | None = None
    # Rank the answer would get if its own card were graded exactly as labelled (the other
    # cards as the checker grades them): what own-card accuracy alone can bring top-1 to.
    labelled_rank: int | None = None
    evidence: list[str] = field(default_factory=list)
    baseline: list[PointStatus] = field(default_factory=list)


def load_decks(decks_dir: Path) -> tuple[dict[str, Card], dict[str, tuple]]:
    """Parse one deck file or every deck under a directory; return cards and glossaries."""
    cards: dict[str, Card] = {}
    glossaries: dict[str, list] = defaultdict(list)
    paths = [decks_dir] if decks_dir.is_file() else sorted(decks_dir.rglob("*.md"))
    for path in paths:
        parsed = deck.parse_file(path)
        for card in parsed.cards:
            cards[card.id] = card
        for entry in parsed.glossary:
            if entry not in glossaries[parsed.name]:
                glossaries[parsed.name].append(entry)
    return cards, {name: tuple(g) for name, g in glossaries.items()}


def strip_rules(cards: dict[str, Card]) -> dict[str, Card]:
    """Return the cards with every key point's `match:` and `not:` rules removed."""
    return {
        cid: replace(
            card,
            key_points=tuple(replace(kp, match=None, not_rules=()) for kp in card.key_points),
        )
        for cid, card in cards.items()
    }


def strip_not(cards: dict[str, Card]) -> dict[str, Card]:
    """Return the cards with every key point's `not:` rules removed (`match:` kept)."""
    return {
        cid: replace(card, key_points=tuple(replace(kp, not_rules=()) for kp in card.key_points))
        for cid, card in cards.items()
    }


def drop_key_points(cards: dict[str, Card]) -> dict[str, Card]:
    """Return the cards without key points: the checker derives them from the answers."""
    return {cid: replace(card, key_points=()) for cid, card in cards.items()}


def load_split(path: Path, cards: dict[str, Card]) -> list[Example]:
    """Read one JSON Lines split, checking every line against the cards."""
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: not JSON: {exc.msg}") from exc
        card = cards.get(row.get("card"))
        if card is None:
            raise DataError(f"{where}: no card with id {row.get('card')!r} in the decks")
        labels = row.get("labels", [])
        if len(labels) != len(card.key_points):
            raise DataError(
                f"{where}: {len(labels)} labels for {len(card.key_points)} key points of {card.id}"
            )
        if any(label not in STATUS for label in labels):
            raise DataError(f"{where}: labels must be covered, missed or contradicted")
        kind = row.get("kind", "")
        if kind not in KINDS:
            raise DataError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        rating = row.get("rating")
        if rating is not None and rating not in RATING:
            raise DataError(f"{where}: rating {rating!r} is not again, hard, good or easy")
        out.append(
            Example(
                path.stem,
                n,
                card,
                kind,
                row.get("answer", ""),
                [STATUS[label] for label in labels],
                RATING[rating] if rating else None,
            )
        )
    return out


def gold_rating(example: Example) -> Rating:
    """Return the given gold rating, or derive it from the gold labels with the same mapping."""
    if example.rating is not None:
        return example.rating
    if example.kind == "dontknow":
        return Rating.AGAIN
    return _rating_of(example.card, example.labels)


def _timed(fn, repeat: int) -> tuple[object, float]:
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, statistics.median(times)


def _reference(card: Card, answer: str) -> list[float]:
    return [fuzz.token_set_ratio(answer, kp.text) for kp in card.key_points]


# The whole-sentence similarity baseline of the research notes: a key point counts as covered
# when some sentence of the answer has token_set_ratio >= 45 with the key point's text.
BASELINE_THRESHOLD = 45.0
_SENTENCES = re.compile(r"[^.!?;\n]+")


def baseline(card: Card, answer: str) -> list[PointStatus]:
    """Grade with rapidfuzz token_set_ratio per key point against the best sentence."""
    sentences = [s for s in _SENTENCES.findall(answer) if s.strip()] or [""]
    return [
        PointStatus.COVERED
        if max(fuzz.token_set_ratio(kp.text, s) for s in sentences) >= BASELINE_THRESHOLD
        else PointStatus.MISSED
        for kp in card.key_points
    ]


def run(
    examples: list[Example],
    cards: dict[str, Card],
    glossaries: dict[str, tuple],
    repeat: int = 5,
    derive: bool = False,
) -> list[Outcome]:
    """Grade every example (timed), and score it against every card for cross-question rank.

    With `derive`, each answer is graded against its card stripped of key points (`cards` holds
    those), while the example keeps the authored card its labels belong to.
    """
    for card in cards.values():
        checker.compile_card(card, glossaries.get(card.deck, ()))
    outcomes = []
    related_of = {c.id: _related(c, cards) for c in cards.values()}
    for ex in examples:
        glossary = glossaries.get(ex.card.deck, ())
        card, answer = (cards[ex.card.id] if derive else ex.card), ex.answer
        related = related_of.get(card.id, ())
        verdict, seconds = _timed(
            lambda: checker.check(card, answer, glossary, related),  # noqa: B023
            repeat,
        )
        _, ref_seconds = _timed(lambda: _reference(card, answer), repeat)  # noqa: B023
        outcome = Outcome(
            ex,
            [p.status for p in verdict.points],
            verdict.score,
            verdict.rating,
            gold_rating(ex),
            seconds,
            ref_seconds,
            evidence=[p.evidence for p in verdict.points],
            baseline=[] if derive else baseline(card, answer),
        )
        # An off-topic answer's own card is the one it answers, not the one it was typed for.
        if PointStatus.COVERED in ex.labels and ex.kind not in OFF_CARD:
            own = verdict.score
            others = [
                checker.check(c, ex.answer, glossaries.get(c.deck, ()), related_of[c.id]).score
                for c in cards.values()
                if c.id != ex.card.id and checker.compile_card(c, glossaries.get(c.deck, ())).points
            ]
            outcome.rank = 1 + sum(1 for s in others if s >= own)
            if not derive:
                labelled = checker.score_points(_points_of(ex.card, ex.labels))
                outcome.labelled_rank = 1 + sum(1 for s in others if s >= labelled)
        outcomes.append(outcome)
    return outcomes


def _related(card: Card, cards: dict[str, Card]) -> tuple[Card, ...]:
    """Return the cards of `card`'s deck its Related entries name (id or question), as the store
    does for the study screen."""
    others = [(c.id, c.question) for c in cards.values() if c.deck == card.deck and c.id != card.id]
    return tuple(cards[i] for i in deck.related_ids(card.related, others))


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _point_counts(outcomes: list[Outcome]) -> dict[str, int]:
    c: Counter[str] = Counter()
    for o in outcomes:
        for gold, pred in zip(o.example.labels, o.predicted, strict=True):
            gold_pos = gold is PointStatus.COVERED
            pred_pos = pred is PointStatus.COVERED
            c["tp"] += gold_pos and pred_pos
            c["fp"] += pred_pos and not gold_pos
            c["fn"] += gold_pos and not pred_pos
            c["negatives"] += not gold_pos
            c["gold_contradicted"] += gold is PointStatus.CONTRADICTED
            c["found_contradicted"] += (
                gold is PointStatus.CONTRADICTED and pred is PointStatus.CONTRADICTED
            )
            c["false_contradicted"] += (
                gold is not PointStatus.CONTRADICTED and pred is PointStatus.CONTRADICTED
            )
    return c


def _prf(c: dict[str, int]) -> dict[str, float | None]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f1}


def _baseline_summary(outcomes: list[Outcome]) -> dict:
    as_predicted = [
        Outcome(
            o.example,
            o.baseline,
            0.0,
            _rating_of(o.example.card, o.baseline),
            o.gold_rating,
            0.0,
            0.0,
        )
        for o in outcomes
    ]
    counts = _point_counts(as_predicted)
    return {
        **_prf(counts),
        "false_credit": counts["fp"] / counts["negatives"] if counts["negatives"] else None,
        "good_or_easy_on_wrong_answers": len(_wrong_good(as_predicted)),
    }


def _points_of(card: Card, statuses: list[PointStatus]) -> list[PointResult]:
    return [
        PointResult(i, kp.text, st, kp.weight)
        for i, (kp, st) in enumerate(zip(card.key_points, statuses, strict=True))
    ]


def _rating_of(card: Card, statuses: list[PointStatus]) -> Rating:
    return checker.suggest_rating(_points_of(card, statuses), [kp.core for kp in card.key_points])


def _wrong_good(outcomes: list[Outcome]) -> list[Outcome]:
    return [
        o
        for o in outcomes
        if o.rating >= Rating.GOOD
        and (PointStatus.CONTRADICTED in o.example.labels or o.example.kind in NEVER_GOOD)
    ]


def _top1(ranked: list[Outcome]) -> float | None:
    """Return the share of ranked answers whose own card scored highest."""
    return sum(o.rank == 1 for o in ranked) / len(ranked) if ranked else None


def summarise(outcomes: list[Outcome]) -> dict:
    """Compute every metric for one split."""
    counts = _point_counts(outcomes)
    adversarial = [o for o in outcomes if o.example.kind in ADVERSARIAL]
    adv = _point_counts(adversarial)
    wrong_good = _wrong_good(outcomes)
    ranked = [o for o in outcomes if o.rank is not None]
    right = [o for o in ranked if PointStatus.CONTRADICTED not in o.example.labels]
    sound = [o for o in ranked if o.example.kind in SOUND]
    seconds = [o.seconds for o in outcomes]
    ref = [o.reference_seconds for o in outcomes]
    per_kind = {}
    for kind in KINDS:
        group = [o for o in outcomes if o.example.kind == kind]
        if not group:
            continue
        kc = _point_counts(group)
        kind_ranked = [o for o in group if o.rank is not None]
        per_kind[kind] = {
            "answers": len(group),
            **_prf(kc),
            "false_credit": kc["fp"] / kc["negatives"] if kc["negatives"] else None,
            "mean_score": statistics.fmean(o.score for o in group),
            "cross_question_top1": _top1(kind_ranked),
        }
    p50, ref50 = (
        statistics.median(seconds) if seconds else 0.0,
        (statistics.median(ref) if ref else 0.0),
    )
    return {
        "answers": len(outcomes),
        "key_points": counts["tp"] + counts["fn"] + counts["negatives"],
        **_prf(counts),
        "false_credit": counts["fp"] / counts["negatives"] if counts["negatives"] else None,
        "false_credit_adversarial": adv["fp"] / adv["negatives"] if adv["negatives"] else None,
        "good_or_easy_on_wrong_answers": len(wrong_good),
        "contradiction_recall": (
            counts["found_contradicted"] / counts["gold_contradicted"]
            if counts["gold_contradicted"]
            else None
        ),
        "false_contradictions": counts["false_contradicted"],
        "rating_exact": (
            sum(o.rating == o.gold_rating for o in outcomes) / len(outcomes) if outcomes else None
        ),
        "rating_within_one": (
            sum(abs(o.rating - o.gold_rating) <= 1 for o in outcomes) / len(outcomes)
            if outcomes
            else None
        ),
        "cross_question_answers": len(ranked),
        "cross_question_top1": _top1(ranked),
        "cross_question_mrr": (
            statistics.fmean(1 / o.rank for o in ranked) if ranked else None  # type: ignore[operator]
        ),
        # Without answers that contradict a point: their own score is lowered by design (½ per
        # contradicted weight), so they lose to any card a stray point gives credit to.
        "cross_question_right_answers": len(right),
        "cross_question_top1_right": _top1(right),
        "cross_question_sound_answers": len(sound),
        "cross_question_top1_sound": _top1(sound),
        "cross_question_top1_labelled": (
            sum(o.labelled_rank == 1 for o in ranked) / len(ranked) if ranked else None
        ),
        "latency_ms_p50": p50 * 1000,
        "latency_ms_p95": _percentile(seconds, 0.95) * 1000,
        "latency_ms_max": max(seconds, default=0.0) * 1000,
        "reference_ms_p50": ref50 * 1000,
        "latency_ratio_p50": _ratio(p50, ref50),
        "latency_ratio_p95": _ratio(_percentile(seconds, 0.95), _percentile(ref, 0.95)),
        "mean_answer_words": statistics.fmean(len(o.example.answer.split()) for o in outcomes)
        if outcomes
        else 0.0,
        "per_kind": per_kind,
        f"baseline_token_set_ratio_{BASELINE_THRESHOLD:g}": _baseline_summary(outcomes),
    }


def summarise_derived(outcomes: list[Outcome]) -> dict:
    """Compute the rating metrics for one split graded with derived key points."""
    n = len(outcomes)
    wrong = [o for o in outcomes if _wrong(o)]
    ranked = [o for o in outcomes if o.rank is not None]
    seconds = [o.seconds for o in outcomes]
    per_kind = {}
    for kind in KINDS:
        group = [o for o in outcomes if o.example.kind == kind]
        if group:
            per_kind[kind] = {
                "answers": len(group),
                "mean_score": statistics.fmean(o.score for o in group),
                "ratings": dict(Counter(o.rating.name.lower() for o in group)),
                "gold": dict(Counter(o.gold_rating.name.lower() for o in group)),
            }
    return {
        "answers": n,
        "graded": sum(bool(o.predicted) for o in outcomes),
        "rating_exact": sum(o.rating == o.gold_rating for o in outcomes) / n if n else None,
        "rating_within_one": (
            sum(abs(o.rating - o.gold_rating) <= 1 for o in outcomes) / n if n else None
        ),
        "good_or_easy_on_wrong_answers": len(_wrong_good(outcomes)),
        "wrong_answers": len(wrong),
        # Today such a card gets no suggestion and the study screen starts at Good.
        "ungraded_rating_exact": (
            sum(o.gold_rating == Rating.GOOD for o in outcomes) / n if n else None
        ),
        "ungraded_rating_within_one": (
            sum(abs(Rating.GOOD - o.gold_rating) <= 1 for o in outcomes) / n if n else None
        ),
        "ungraded_good_on_wrong_answers": len(wrong),
        "cross_question_answers": len(ranked),
        "cross_question_top1": _top1(ranked),
        "cross_question_mrr": (
            statistics.fmean(1 / o.rank for o in ranked) if ranked else None  # type: ignore[operator]
        ),
        "latency_ms_p50": (statistics.median(seconds) if seconds else 0.0) * 1000,
        "latency_ms_p95": _percentile(seconds, 0.95) * 1000,
        "per_kind": per_kind,
    }


def _wrong(o: Outcome) -> bool:
    return PointStatus.CONTRADICTED in o.example.labels or o.example.kind in NEVER_GOOD


def print_derived_report(results: dict, out=sys.stdout) -> None:
    """Print the results of a `--derive-points` run."""
    for split, m in results["splits"].items():
        print(f"== {split}: {m['answers']} answers, key points derived from answers", file=out)
        print(
            f"  rating exact {_fmt(m['rating_exact'])}  within one {_fmt(m['rating_within_one'])}"
            f"   (ungraded, default Good: exact {_fmt(m['ungraded_rating_exact'])}  within one "
            f"{_fmt(m['ungraded_rating_within_one'])})",
            file=out,
        )
        print(
            f"  Good/Easy on wrong answers: {m['good_or_easy_on_wrong_answers']} of "
            f"{m['wrong_answers']}   "
            f"(ungraded, default Good: {m['ungraded_good_on_wrong_answers']})",
            file=out,
        )
        print(
            f"  cross-question top-1 {_fmt(m['cross_question_top1'])}  "
            f"MRR {_fmt(m['cross_question_mrr'])}  ({m['cross_question_answers']} answers)",
            file=out,
        )
        print(
            f"  latency p50 {m['latency_ms_p50']:.3f} ms  p95 {m['latency_ms_p95']:.3f} ms",
            file=out,
        )
        print("  per kind: answers  mean-score  suggested | gold", file=out)
        for kind, k in m["per_kind"].items():
            got = " ".join(f"{r}:{c}" for r, c in sorted(k["ratings"].items()))
            gold = " ".join(f"{r}:{c}" for r, c in sorted(k["gold"].items()))
            print(
                f"    {kind:<10} {k['answers']:>3}  {k['mean_score']:.2f}  {got} | {gold}",
                file=out,
            )
    c = results["compile"]
    print(
        f"== compile: {c['cards']} cards, {c['ms_per_1000_cards']:.1f} ms per 1,000 cards",
        file=out,
    )


def compile_cost(cards: dict[str, Card], glossaries: dict[str, tuple]) -> dict[str, float]:
    """Time compiling every card from scratch, scaled to 1,000 cards."""
    checker.compile_card.cache_clear()
    t0 = time.perf_counter()
    for card in cards.values():
        checker.compile_card(card, glossaries.get(card.deck, ()))
    seconds = time.perf_counter() - t0
    return {"cards": len(cards), "ms_per_1000_cards": seconds * 1000 * 1000 / max(1, len(cards))}


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_report(results: dict, out=sys.stdout) -> None:
    """Print the results as a plain text report."""
    for split, m in results["splits"].items():
        print(f"== {split}: {m['answers']} answers, {m['key_points']} key points", file=out)
        print(
            f"  key points  P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  F1 {_fmt(m['f1'])}",
            file=out,
        )
        print(
            f"  false credit {_fmt(m['false_credit'])} overall, "
            f"{_fmt(m['false_credit_adversarial'])} on negated/swapped/offtopic/stuffed",
            file=out,
        )
        print(
            f"  Good/Easy on wrong answers: {m['good_or_easy_on_wrong_answers']}   "
            f"contradiction recall {_fmt(m['contradiction_recall'])}   "
            f"false contradictions {m['false_contradictions']}",
            file=out,
        )
        print(
            f"  rating exact {_fmt(m['rating_exact'])}  within one {_fmt(m['rating_within_one'])}",
            file=out,
        )
        print(
            f"  cross-question top-1 {_fmt(m['cross_question_top1'])}  "
            f"MRR {_fmt(m['cross_question_mrr'])}  ({m['cross_question_answers']} answers); "
            f"answers contradicting nothing {_fmt(m['cross_question_top1_right'])} "
            f"({m['cross_question_right_answers']}); answers written to be right "
            f"{_fmt(m['cross_question_top1_sound'])} ({m['cross_question_sound_answers']}); "
            f"own card graded as labelled {_fmt(m['cross_question_top1_labelled'])}",
            file=out,
        )
        print(
            f"  latency p50 {m['latency_ms_p50']:.3f} ms  p95 {m['latency_ms_p95']:.3f} ms  "
            f"max {m['latency_ms_max']:.3f} ms  = {_fmt(m['latency_ratio_p50'])}x the "
            f"token_set_ratio reference at p50 ({m['reference_ms_p50']:.3f} ms)",
            file=out,
        )
        b = m[f"baseline_token_set_ratio_{BASELINE_THRESHOLD:g}"]
        print(
            f"  baseline (token_set_ratio >= {BASELINE_THRESHOLD:g} on the best sentence): "
            f"P {_fmt(b['precision'])}  R {_fmt(b['recall'])}  F1 {_fmt(b['f1'])}  "
            f"false credit {_fmt(b['false_credit'])}  "
            f"Good/Easy on wrong answers {b['good_or_easy_on_wrong_answers']}",
            file=out,
        )
        print("  per kind: answers  P  R  F1  false-credit  mean-score  top-1", file=out)
        for kind, k in m["per_kind"].items():
            print(
                f"    {kind:<10} {k['answers']:>3}  {_fmt(k['precision'])}  {_fmt(k['recall'])}"
                f"  {_fmt(k['f1'])}  {_fmt(k['false_credit'])}  {k['mean_score']:.2f}"
                f"  {_fmt(k['cross_question_top1'])}",
                file=out,
            )
    c = results["compile"]
    print(
        f"== compile: {c['cards']} cards, {c['ms_per_1000_cards']:.1f} ms per 1,000 cards",
        file=out,
    )


def print_errors(outcomes: list[Outcome], out=sys.stdout) -> None:
    """List every answer whose predicted labels differ from the gold ones."""
    short = {PointStatus.COVERED: "C", PointStatus.MISSED: ".", PointStatus.CONTRADICTED: "X"}
    for o in outcomes:
        gold = "".join(short[s] for s in o.example.labels)
        pred = "".join(short[s] for s in o.predicted)
        rank = "" if o.rank in (None, 1) else f" rank {o.rank}"
        if gold == pred and not rank:
            continue
        ex = o.example
        print(
            f"{ex.split}:{ex.line} {ex.card.id} {ex.kind} gold {gold} got {pred} "
            f"{o.rating.name.lower()}{rank}",
            file=out,
        )
        print(f"    {ex.answer}", file=out)
        for kp, g, p, ev in zip(
            ex.card.key_points, ex.labels, o.predicted, o.evidence, strict=True
        ):
            if g is not p:
                print(f"    [{short[g]}->{short[p]}] {kp.text}  {ev!r}", file=out)


def print_derived_errors(outcomes: list[Outcome], out=sys.stdout) -> None:
    """List every answer whose suggested rating differs from the gold one by more than one."""
    for o in outcomes:
        wrong_good = o.rating >= Rating.GOOD and _wrong(o)
        if abs(o.rating - o.gold_rating) <= 1 and not wrong_good and o.rank in (None, 1):
            continue
        ex = o.example
        rank = "" if o.rank in (None, 1) else f" rank {o.rank}"
        print(
            f"{ex.split}:{ex.line} {ex.card.id} {ex.kind} gold {o.gold_rating.name.lower()} "
            f"got {o.rating.name.lower()} ({o.score:.2f}){rank}",
            file=out,
        )
        print(f"    {ex.answer}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "grading")
    parser.add_argument(
        "--decks", type=Path, default=ROOT / "decks", help="a deck file or a directory of them"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--errors", action="store_true", help="list mislabelled answers")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per answer")
    parser.add_argument(
        "--strip-rules",
        action="store_true",
        help="drop every match:/not: rule before grading (measures the rule-less fallback)",
    )
    parser.add_argument(
        "--strip-not",
        action="store_true",
        help="drop every not: rule before grading (misconceptions the author did not foresee)",
    )
    parser.add_argument(
        "--derive-points",
        action="store_true",
        help="drop every card's key points so the checker derives them from the model answer",
    )
    parser.add_argument(
        "--strip-glossary",
        action="store_true",
        help="grade without the decks' glossaries (a deck written without one)",
    )
    args = parser.parse_args(argv)

    try:
        cards, glossaries = load_decks(args.decks)
    except QuizError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.strip_glossary:
        glossaries = {}
    if args.strip_rules:
        cards = strip_rules(cards)
    elif args.strip_not:
        cards = strip_not(cards)
    splits = sorted(args.data.glob("*.jsonl"))
    if not splits:
        print(f"no *.jsonl files in {args.data}", file=sys.stderr)
        return 2
    results: dict = {"splits": {}}
    all_outcomes = []
    try:
        examples = {path.stem: load_split(path, cards) for path in splits}
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 2
    graded = drop_key_points(cards) if args.derive_points else cards
    for name, exs in examples.items():
        outcomes = run(exs, graded, glossaries, args.repeat, args.derive_points)
        all_outcomes += outcomes
        results["splits"][name] = (
            summarise_derived(outcomes) if args.derive_points else summarise(outcomes)
        )
    results["compile"] = compile_cost(graded, glossaries)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    elif args.derive_points:
        print_derived_report(results)
    else:
        print_report(results)
    if args.errors:
        (print_derived_errors if args.derive_points else print_errors)(all_outcomes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
