"""Judge each key point: evidence, negation, opposites, denials and swapped properties."""

from __future__ import annotations

from engine.checker.compiled import CompiledPoint, Group, Rule
from engine.checker.fallback import _check_fallback
from engine.checker.match import (
    _closest,
    _evaluate,
    _Found,
    _Hit,
    _Match,
    _Mention,
    _object_relatives,
    _restricted,
    _result,
    _rule_hits,
)
from engine.checker.opposites import _opposites
from engine.checker.words import (
    _EXCEPTION,
    CONTRAST,
    STOPWORDS,
    _after_any,
    _compared_against,
    _in_condition,
    _Text,
    _unasserted,
    fold,
)
from engine.model import PointResult, PointStatus


def _check_point(match: _Match, point: CompiledPoint) -> PointResult:
    result = _judge(match, point)
    if result.status is PointStatus.MISSED:
        swapped = _swapped(match, point)
        if swapped is not None:
            hits, mentions = swapped
            return _result(match, point, PointStatus.CONTRADICTED, hits, mentions)
    return result


# `not:` rules take a sentence's topic from the sentences before only through a pronoun.
# Real AWS answers: 2 false contradictions fewer of 19 (206 fresh answers), 1 true one lost;
# opened labelled sets: 1 fewer, 1 point found; unread sets unchanged.
NOT_NEEDS_REFERENCE = True

# A rule whose missing groups are only said of a rejected option ("instead of a public
# bucket") is not contradicted.
CONTRASTED_ONLY = True

# A misconception's one-word hit that heads another term of the card ("the implicit deny"
# for `~deny` in "an allow overrides a deny") is about that term.
OTHER_TERMS = True


def _judge(match: _Match, point: CompiledPoint) -> PointResult:
    """Judge a point on its own rules and stated properties (not yet comparing entities)."""
    cached = match.judged.get(point.index)
    if cached is None:
        cached = match.judged[point.index] = _judge_point(match, point)
    return cached


# What something is compared with ("more secure than long-term access keys") is no
# misconception the answer holds.
COMPARED_AGAINST = True


# "Supports both plain text and encrypted values": a misconception's word joined by "and" or
# "or" to its own opposite claims neither side.
BOTH_SIDES = True
_JOINING = frozenset(("and", "or", "nor"))
_BOTH_WINDOW = 6


def _with_its_opposite(t: _Text, hit: _Hit) -> bool:
    """Tell whether a hit's property is joined by "and"/"or" to its opposite in its clause."""
    keys, table, clause = t.keys, _opposites(), t.clause[hit.start]
    near = [
        j
        for j in range(max(0, hit.start - _BOTH_WINDOW), min(len(keys), hit.end + _BOTH_WINDOW))
        if t.clause[j] == clause and not hit.start <= j < hit.end
    ]
    for start in range(hit.start, hit.end):
        for size in range(1, min(3, hit.end - start) + 1):
            for other in table.get(tuple(keys[start : start + size]), ()):
                for j in near:
                    if tuple(keys[j : j + len(other)]) == other and any(
                        t.words[k] in _JOINING for k in range(min(j, hit.end), max(j, hit.start))
                    ):
                        return True
    return False


def _judge_point(match: _Match, point: CompiledPoint) -> PointResult:
    for rule in point.not_rules:
        # A misconception is only read into a sentence naming nothing when a pronoun refers
        # back: "If a vendor asks you for a secret key ..." is no claim about the external ID.
        match.strict = NOT_NEEDS_REFERENCE
        try:
            found, _ = _evaluate(match, rule)
        finally:
            match.strict = False
        if found.all_positive():
            hits = _closest(found.positive)
            if OBJECT_RELATIVES and _split_by_relative(match, hits):
                continue
            if _unasserted(match.text, min(h.start for h in hits), max(h.end for h in hits)):
                continue
            if COMPARED_AGAINST and any(_compared_against(match.text, h.start) for h in hits):
                continue
            if OTHER_TERMS and _names_another_term(match, point, hits):
                continue
            if BOTH_SIDES and any(_with_its_opposite(match.text, h) for h in hits):
                continue
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    stated = (
        _stated_opposite(match, point)
        or _said_denied(match, point)
        or _asserted_absent(match, point)
    )
    if stated is not None:
        return stated
    if point.match is None:
        return _check_fallback(match, point)
    found, groups = _evaluate(match, point.match)
    if found.all_positive():
        hits = _closest(found.positive)
        if point.broad and _restricted(match, hits):
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
        return _result(match, point, PointStatus.COVERED, hits, found.anchor_mentions)
    if found.negation_only(groups) and not (
        CONTRASTED_ONLY and _contrasted_only(match, found, groups)
    ):
        hits = [(p or n)[0] for p, n in zip(found.positive, found.negated, strict=True)]
        return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    for rule in point.opposites:
        found, _ = _evaluate(match, rule)
        if found.all_positive():
            hits = _closest(found.positive)
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    return _result(match, point, PointStatus.MISSED, [], [])


def _contrasted_only(match: _Match, found: _Found, groups: tuple[Group, ...]) -> bool:
    """Tell whether a rule's unsatisfied groups are only said of a rejected option, while
    another is asserted: "Prefer CloudFront with OAI instead of public bucket" names the
    bucket as what it argues against, which denies nothing about a private one."""
    t = match.text
    missing = [n for p, n in zip(found.positive, found.negated, strict=True) if not p]
    # The rule's first group (what the point recommends, not the question's subject) must be
    # asserted: "point users at the bucket directly rather than going through CloudFront"
    # rejects CloudFront itself.
    first = next((i for i, g in enumerate(groups) if not all(p.weak for p in g.phrases)), None)
    return (
        first is not None
        and bool(found.positive[first])
        and all(
            h.negated and t.negator[t.negated_by[h.start]] == CONTRAST for n in missing for h in n
        )
    )


def _names_another_term(match: _Match, point: CompiledPoint, hits: list[_Hit]) -> bool:
    """Tell whether a one-word hit is the head of another two-word term of the card.

    "An Allow overrides the implicit deny" is right: "implicit deny" is a term of its own,
    and a misconception about an explicit deny (`@allow ; override ; ~deny`) does not match it.
    """
    words = match.text.words
    own = set(fold(point.text)[0].split())
    pairs = {tuple(w) for _, w in match.card.initialisms if len(w) == 2}
    return any(
        h.end - h.start == 1
        and h.start > 0
        and (words[h.start - 1], words[h.start]) in pairs
        and words[h.start - 1] not in own
        for h in hits[1:]  # not the name the rule opens with ("permission boundary")
    )


def _said_of(match: _Match, point: CompiledPoint) -> dict[int, list[_Hit]]:
    """Map each entity of a comparison card to the point's predicate hits said of it.

    Every group must have a positive hit attributed to that entity ("NACLs are stateful":
    `@security group ; stateful` is said of the NACL entity).
    """
    cached = match.said.get(point.index)
    if cached is not None:
        return cached
    out: dict[int, list[_Hit]] = {}
    rule = point.match
    if rule is not None and rule.anchor is not None and rule.groups:
        entity_of = match.card.entity_of
        per_entity: list[dict[int, list[_Hit]]] = []
        for hits in _rule_hits(match, rule.groups):
            group: dict[int, list[_Hit]] = {}
            for h in hits:
                if h.negated:
                    continue
                for e in {entity_of[a] for m in match.owners(h) for a in m.anchors}:
                    group.setdefault(e, []).append(h)
            per_entity.append(group)
        for e in set.intersection(*(set(g) for g in per_entity)):
            groups = [g[e] for g in per_entity]
            if any(not h.weak for hs in groups for h in hs):
                out[e] = _closest(groups)
    match.said[point.index] = out
    return out


def _swapped(match: _Match, point: CompiledPoint) -> tuple[list[_Hit], list[_Mention]] | None:
    """Return the evidence when a comparison answer exchanged this point's property.

    "Security groups are stateless, NACLs are stateful": the point `@security group ;
    stateful` finds its predicate said of the NACL, and the NACL's own point (`@NACL ;
    stateless`) finds its predicate said of security groups. Properties traded between the
    compared entities are a mistake about both, not an omission; a property merely said of
    the other entity (both may share it) contradicts nothing, and neither does a swap whose
    other half is right (the other entity's point covered).
    """
    card = match.card
    rule = point.match
    if not card.entity_of or rule is None or rule.anchor is None:
        return None
    own = card.entity_of[rule.anchor]
    said = _said_of(match, point)
    if own in said:
        return None
    for other, hits in said.items():
        if other == own:
            continue
        for q in card.points:
            if q is point or q.match is None or q.match.anchor is None:
                continue
            if card.entity_of[q.match.anchor] != other:
                continue
            if own in _said_of(match, q) and _judge(match, q).status is not PointStatus.COVERED:
                mentions = [
                    m for m in match.mentions if other in {card.entity_of[a] for a in m.anchors}
                ]
                return hits, mentions
    return None


def _stated_opposite(match: _Match, point: CompiledPoint) -> PointResult | None:
    """Contradict a point whose text's own property is reversed in the answer.

    "It is stateful and free" answered "it's stateless and billed per GB": the match rule may be
    satisfied by other words ("route ::/0"), but the answer says the opposite of what the point
    states, and never the property itself. Deck authors rarely write `not:` rules for every
    antonym, so the built-in opposites and counts ("one" vs "multiple") are checked here.
    """
    for own, opposite in point.stated:
        if opposite.anchor is None and match.card.attribute:
            # On a comparison card a property with no subject could be about either entity.
            continue
        found, _ = _evaluate(match, opposite)
        if not found.all_positive():
            continue
        said, _ = _evaluate(match, own)
        if said.all_positive() or any(said.negated):
            continue
        hits = _closest(found.positive)
        if point.match is None and match.about_other(point.topics, hits, point.opening):
            continue
        if CODE_WORDS and all(_shouted(match, h) for h in hits):
            # "Does an implicit DISTINCT": a keyword of code, not the property "distinct".
            continue
        return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    return None


# A misconception is not said when part of it sits in a relative clause on another noun: "SCPs
# are different from identity-based policies which grant permissions" says no "SCPs grant".
OBJECT_RELATIVES = True


def _within_relatives(match: _Match, hits: list[_Hit]) -> list[bool]:
    """Tell, per hit, whether it lies in a relative clause on what something is compared with."""
    sentences = {match.text.sent[h.start] for h in hits}
    inside = set().union(*(_object_relatives(match, s) for s in sentences))
    return [h.start in inside for h in hits]


def _split_by_relative(match: _Match, hits: list[_Hit]) -> bool:
    """Tell whether some hits lie in such a relative clause and some do not."""
    within = _within_relatives(match, hits)
    return any(within) and not all(within)


# An opposite written in capitals (SQL's DISTINCT, NULL) is a keyword, not a property.
CODE_WORDS = True


def _shouted(match: _Match, hit: _Hit) -> bool:
    """Tell whether a hit is written in capitals, as code keywords are ("DISTINCT")."""
    t = match.text
    surface = match.answer[t.starts[hit.start] : t.ends[hit.end - 1]]
    letters = [c for c in surface if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


# What an if/unless/until clause says is supposed, not asserted, so it denies nothing a point
# rules out.
SUPPOSED_DENIED = True


def _said_denied(match: _Match, point: CompiledPoint) -> PointResult | None:
    """Contradict a point when the answer asserts what its text denies.

    "They record metadata only, not packet contents" answered "they capture the full packet
    contents": the match rule may be met ("metadata"), but the answer states the very thing the
    point rules out. An answer that also negates it somewhere ("not the packet contents") is
    given the benefit of the doubt.
    """
    for rule in point.denied:
        if rule.anchor is None and match.card.attribute:
            continue
        found, _ = _evaluate(match, rule)
        if found.all_positive() and not any(found.negated):
            hits = _closest(found.positive)
            # Said as the point's words, side by side: "create admin access" does not assert
            # the "create access keys" that "Never create access keys" denies.
            if len(hits) == 1 and _content_between(match, hits[0], rule):
                continue
            if _excepted(match, hits[0].start) or (
                point.match is None and match.about_other(point.topics, hits, point.opening)
            ):
                continue
            if _of_other_subject(match, point, hits[0]):
                continue
            if _unasserted(match.text, hits[0].start, hits[0].end):
                continue
            if SUPPOSED_DENIED and _in_condition(match.text, hits[0].start):
                # "... remains until the parent calls wait": supposed, not asserted.
                continue
            if OBJECT_RELATIVES and all(_within_relatives(match, hits)):
                continue
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    return None


def _content_between(match: _Match, hit: _Hit, rule: Rule) -> bool:
    """Tell whether a hit of a denied phrase has another content word inside it."""
    own = {k for g in rule.groups for p in g.phrases for k in p.keys}
    t = match.text
    return any(
        t.words[j] not in STOPWORDS and t.keys[j] not in own for j in range(hit.start, hit.end)
    )


def _asserted_absent(match: _Match, point: CompiledPoint) -> PointResult | None:
    """Contradict a point when the answer says that what its text negates is needed or had.

    "A private subnet has no route to the internet gateway" answered "a private subnet also has
    a route to the internet gateway": the `~` group may be filled by other words of the answer
    ("not reachable"), but the answer states the very thing the point rules out, as a `not:`
    rule would have caught. The other groups must be met in the same sentence.
    """
    rule = point.match
    if rule is None or not any(g.absent for g in rule.groups):
        return None
    per_group = _rule_hits(match, rule.groups)
    sent = match.text.sent
    attributed = rule.anchor is not None and match.card.attribute
    for gi, group in enumerate(rule.groups):
        if not group.absent:
            continue
        for h in per_group[gi]:
            if not h.negated:
                continue
            if attributed and not any(rule.anchor in m.anchors for m in match.owners(h)):
                continue
            if any(m.start < h.end and h.start < m.end for m in match.mentions):
                continue  # Part of an entity's name ("Transit Gateway" is not "transitive").
            s = sent[h.start]
            others = [
                [x for x in hits if sent[x.start] == s]
                for j, hits in enumerate(per_group)
                if j != gi
            ]
            if all(others):
                mentions = match.mentions_of(rule.anchor) if attributed else []
                hits = [h, *(o[0] for o in others)]
                return _result(match, point, PointStatus.CONTRADICTED, hits, mentions)
    return None


def _excepted(match: _Match, start: int) -> bool:
    """Tell whether a word follows an exception ("except", "exempt") in its clause or sentence."""
    return _after_any(match.text, start, _EXCEPTION, match.text.sent)


def _of_other_subject(match: _Match, point: CompiledPoint, hit: _Hit) -> bool:
    """Tell whether the hit's clause is about the subject of another clause of the point's text.

    "IAM policies grant permissions" denies nothing of "They never grant permissions: IAM
    policies must still allow the action", unless it also names the point's own subject (the
    question's words when the point says "they"). Real AWS answers: one false contradiction
    fewer of eight (rules stripped too); no status changed on the labelled sets.
    """
    t = match.text
    c = t.clause[hit.start]
    keys = {t.keys[i] for i in range(len(t.words)) if t.clause[i] == c}
    if not any(keys.issuperset(subject) for subject in point.other_subjects):
        return False
    named = {k for subject in point.other_subjects for k in subject}
    own = set(point.own_subject) or (match.card.question_keys - named)
    return not keys & own
