"""Score point results, suggest a rating, and grade an answer into a Verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine.checker import choice
from engine.checker.compile import compile_card
from engine.checker.compiled import CompiledCard
from engine.checker.derive import derive_key_points
from engine.checker.judge import _check_point
from engine.checker.match import _Match, _result
from engine.checker.opposites import _stated_opposites
from engine.checker.slots import NEAR_COVERED, NEAR_PER_GAP, RESEMBLED_COVERED
from engine.checker.tables import unfold_tables
from engine.checker.words import Glossary, _Text, analyse, is_non_answer
from engine.model import Card, PointResult, PointStatus, Rating, Verdict
from engine.options import correct

# ---------------------------------------------------------------------------------------------
# Public API


def score_points(points: Sequence[PointResult]) -> float:
    """Return weighted covered minus half the weighted contradicted, clamped to [0, 1]."""
    total = sum(p.weight for p in points)
    if total <= 0:
        return 0.0
    covered = sum(p.weight for p in points if p.status is PointStatus.COVERED)
    contradicted = sum(p.weight for p in points if p.status is PointStatus.CONTRADICTED)
    return min(1.0, max(0.0, (covered - 0.5 * contradicted) / total))


def suggest_rating(points: Sequence[PointResult], core: Sequence[bool] = ()) -> Rating:
    """Suggest a rating: Easy ≥ 0.95, Good ≥ 0.70, Hard ≥ 0.40, capped at Hard when wrong.

    Any contradicted point, or a missed `{core}` point (`core[i]` for `points[i]`), caps the
    suggestion at Hard: a wrong answer must never teach the scheduler it was known.
    """
    if not points:
        return Rating.AGAIN
    score = score_points(points)
    contradicted = any(p.status is PointStatus.CONTRADICTED for p in points)
    core_flags = list(core) + [False] * (len(points) - len(core))
    core_lost = any(
        flag and p.status is not PointStatus.COVERED
        for p, flag in zip(points, core_flags, strict=False)
    )
    if score >= 0.95 and not contradicted and not core_lost:
        rating = Rating.EASY
    elif score >= 0.70:
        rating = Rating.GOOD
    elif score >= 0.40:
        rating = Rating.HARD
    else:
        rating = Rating.AGAIN
    if contradicted or core_lost:
        rating = min(rating, Rating.HARD)
    return rating


def grade(card: CompiledCard, answer: str, text: _Text | None = None) -> Verdict:
    """Grade `answer` (analysed as `text`, when given) against a compiled card."""
    if not card.points or is_non_answer(answer):
        points = tuple(
            PointResult(p.index, p.text, PointStatus.MISSED, p.weight) for p in card.points
        )
        return Verdict(card.card_id, 0.0, Rating.AGAIN, points)
    return _verdict(_Match(card, answer, text))


def _verdict(match: _Match) -> Verdict:
    card = match.card
    points = _settle(
        match,
        _one_word(match, _exchanged(match, tuple(_check_point(match, p) for p in card.points))),
    )
    return Verdict(
        card.card_id,
        score_points(points),
        suggest_rating(points, [p.core for p in card.points]),
        points,
    )


def _reachable(match: _Match) -> float:
    """Return the most the answer could score on the card: the weight of the points it could
    cover, over all. A point with a `match:` rule is covered only when each of the rule's
    groups has a phrase whose every word the answer has; a rule-less point always might be.
    """
    pos = match.pos
    total = possible = 0.0
    for p in match.card.points:
        total += p.weight
        rule = p.match
        if (
            rule is None
            or not rule.groups
            or all(any(all(k in pos for k in ph.keys) for ph in g.phrases) for g in rule.groups)
        ):
            possible += p.weight
    return possible / total if total > 0 else 0.0


def _exchanged(match: _Match, points: tuple[PointResult, ...]) -> tuple[PointResult, ...]:
    """Contradict rule-less points whose statements the answer traded between their subjects.

    "Security groups guard whole subnets, and network ACLs attach to instances": each point's
    words are said of the other point's subject (a compared entity, or the subject a point
    opens with), which is a mistake about both. Said of the other subject only one way, it
    contradicts nothing: both may share the property.
    """
    said = match.said_of_other
    if len(said) < 2:
        return points
    card = match.card
    own: dict[int, tuple[str, int]] = {}
    for p in card.points:
        if p.slot_anchor is not None and card.attribute:
            own[p.index] = ("e", card.entity_of[p.slot_anchor])
        elif p.opening >= 0:
            own[p.index] = ("o", p.opening)
    out = list(points)
    for i, subjects in said.items():
        if points[i].status is PointStatus.COVERED or i not in own:
            continue
        for b, hits in subjects.items():
            traded = any(
                q != i
                and own.get(q) == b
                and own[i] in subs
                and points[q].status is not PointStatus.COVERED
                for q, subs in said.items()
            )
            if traded:
                out[i] = _result(match, card.points[i], PointStatus.CONTRADICTED, hits, [])
                break
    return tuple(out)


# A rule-less point's contradiction resting on one answer word is dropped (the point is
# missed) unless the word is a built-in opposite or one word is all the point needs.
# Measured on the opened sets: on the twelve strangers' decks 34 false contradictions gone
# and 12 true ones lost, on the AWS deck with rules stripped 33 and 26; 27 statuses right,
# none wrong (F1 0.7417 -> 0.7428); wrong answers Good unchanged.
ONE_WORD = True


def _one_word(match: _Match, points: tuple[PointResult, ...]) -> tuple[PointResult, ...]:
    """Let a rule-less point's contradiction rest on more than one word of the answer.

    Saying a word the point denies ("adding nodes is the autoscaler's job" against "Scales
    pods, not nodes"), or denying one of its words, is too little to call a mistake; saying
    the opposite of what it states ("stateless" against "stateful") is not.
    """
    if not ONE_WORD:
        return points
    return tuple(
        replace(p, status=PointStatus.MISSED, evidence="", span=None)
        if p.status is PointStatus.CONTRADICTED
        and match.card.points[p.index].match is None
        and match.card.points[p.index].slot_need > 1
        and len(p.evidence.split()) < 2
        and not _opposite_word(p.evidence)
        else p
        for p in points
    )


def _opposite_word(evidence: str) -> bool:
    """Tell whether one answer word is written as a built-in opposite ("stateless")."""
    t = analyse(evidence)
    opposites, surfaces = _stated_opposites()
    first = t.words[0] if t.words else ""
    # "state" shares its stem with "stateful" but says neither.
    stem_only = first not in surfaces and any(w.startswith(first) for w in surfaces)
    return tuple(t.keys) in opposites and not stem_only


def _settle(match: _Match, points: tuple[PointResult, ...]) -> tuple[PointResult, ...]:
    """Cover the nearly stated rule-less points of an answer that shows it knows the card.

    A point one sentence fills to within `gap` of its need counts as covered when the answer
    covers at least NEAR_COVERED + NEAR_PER_GAP * gap of the card's points, one a sentence
    restates closely when it covers RESEMBLED_COVERED; never when it contradicts a point (see
    `slots.NEAR_GAP`, `slots.RESEMBLANCE`).
    """
    if not (match.near or match.resembled) or any(
        p.status is PointStatus.CONTRADICTED for p in points
    ):
        return points
    covered = sum(p.status is PointStatus.COVERED and p.index not in match.echoed for p in points)
    near = {
        i: hits
        for i, (gap, hits) in match.near.items()
        if covered >= NEAR_COVERED + NEAR_PER_GAP * gap
    }
    if covered >= RESEMBLED_COVERED:
        near = {**match.resembled, **near}
    return tuple(
        _result(match, match.card.points[p.index], PointStatus.COVERED, near[p.index], [])
        if p.index in near and p.status is PointStatus.MISSED
        else p
        for p in points
    )


def derives_points(card: Card) -> bool:
    """Tell whether `card` is graded against key points derived from its answer (approximate);
    a quiz question's options are graded exactly, by the letters an answer names."""
    return not correct(card) and bool(derive_key_points(card))


# An answer that scores at least OTHER_CARD_MIN on a related card, and OTHER_CARD_RATIO times
# what it scores here, answers that card's question (learners mix up "Regions and AZs" and
# "high availability across AZs"): what it says that this card's points share is not
# credited. Measured on the opened AWS sets (docs/benchmarks.md, session 7): with rules,
# precision 0.9475 -> 0.9525 and F1 0.9297 -> 0.9306; only answers written for another card
# lost credit. A ratio of 2 also took it from a strong answer, and without the contradiction
# test from two wrong answers to this very card.
OTHER_CARD_MIN = 0.6
OTHER_CARD_RATIO = 3.0


# Markdown comparison tables are graded as one statement per cell (`tables.unfold_tables`):
# 10 of 738 real answers have one.
TABLES = True


def _as_typed(verdict: Verdict, where: list[int]) -> Verdict:
    """Map evidence spans found in unfolded text back onto the answer as typed."""
    points = []
    for p in verdict.points:
        if p.span is not None and where:
            at = [where[min(k, len(where) - 1)] for k in range(p.span[0], p.span[1])]
            p = replace(p, span=(min(at), max(at) + 1)) if at else replace(p, span=None)
        points.append(p)
    return replace(verdict, points=tuple(points))


def _graded_at_least(
    card: Card, glossary: Glossary, answer: str, text: _Text, need: float
) -> Verdict | None:
    """Grade `answer` on a related card when it could score `need` there; None if it does not."""
    compiled = compile_card(card, glossary)
    if not compiled.points:
        return None
    match = _Match(compiled, answer, text)
    # Most related cards share too few words with the answer to reach `need`: their points
    # are not judged (the slowest answers were those graded against every related card).
    if _reachable(match) < need:
        return None
    verdict = _verdict(match)
    return verdict if verdict.score >= need else None


def check(
    card: Card, answer: str, glossary: Glossary = (), related: Sequence[Card] = ()
) -> Verdict:
    """Grade a typed answer against the card's key points, with evidence per point.

    A card without key points is graded against points derived from its model answer
    (`derive_key_points`; `derives_points` tells). One with neither key points nor an answer
    to derive them from gets a verdict with no points, score 0 and rating Again as a
    placeholder: there is nothing to grade, so the study screen asks the learner to rate
    themselves (`not verdict.points`). `related` are the cards the deck relates to this one
    (same glossary): an answer to one of them instead gets no credit here (`answers_other`).
    """
    if (chose := choice.graded(card, answer)) is not None:
        # A quiz question with options: graded by the options the answer chooses.
        return Verdict(
            card.id, score_points(chose), suggest_rating(chose, [True] * len(chose)), chose
        )
    unfolded = unfold_tables(answer) if TABLES else None
    if unfolded is not None:
        # Graded as statements, shown in the answer as typed.
        return _as_typed(check(card, unfolded[0], glossary, related), unfolded[1])
    compiled = compile_card(card, glossary)
    text = analyse(answer, ellipses=True)
    verdict = grade(compiled, answer, text)
    statuses = {p.status for p in verdict.points}
    if (
        not related
        or PointStatus.COVERED not in statuses  # Nothing to take back.
        or PointStatus.CONTRADICTED in statuses  # The answer is about this card's question.
        or OTHER_CARD_RATIO * verdict.score >= 1.0  # No related card could score so much more.
    ):
        return verdict
    need = max(OTHER_CARD_MIN, OTHER_CARD_RATIO * verdict.score)
    answered = next(
        (
            v
            for other in related
            if other.id != card.id
            and (v := _graded_at_least(other, glossary, answer, text, need)) is not None
        ),
        None,
    )
    if answered is None:
        return verdict
    points = tuple(
        replace(p, status=PointStatus.MISSED, evidence="", span=None)
        if p.status is PointStatus.COVERED
        else p
        for p in verdict.points
    )
    return Verdict(
        card.id,
        score_points(points),
        suggest_rating(points, [p.core for p in compiled.points]),
        points,
        answers_other=answered.card_id,
    )
