"""Judge a rule-less key point by the concept slots one or two sentences fill."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from engine.checker.compile import _filled
from engine.checker.compiled import CompiledPoint, Slot, resemblance
from engine.checker.match import _Hit, _Match, _pairs, _restricted, _result
from engine.checker.slots import (
    _SUBJECT_PART,
    FALLBACK_PAIR_EXTRA,
    NEAR_GAP,
    RESEMBLANCE,
    SUBJECT_BONUS,
    _contains,
    _slot_weight,
)
from engine.checker.terms import _stand_in
from engine.checker.words import _NEED_VERBS, _reported, _required, analyse
from engine.model import PointResult, PointStatus

# "It has a virtual IP" asserts what "No virtual IP" denies, as "you need one" does. ("with",
# "gets" and "creates" were tried too: many more false contradictions on the opened sets.)
_HAVE_VERBS = _NEED_VERBS | frozenset(("has", "have", "had"))


# "tag = mutable label": the clause after a compared name and "=" or ":" is said of that name,
# so it earns the half slot of a clause about the point's subject. Opened sets: 42 more
# points found (AWS without rules 24, strangers' decks 16), one false credit more.
LABEL_CLAUSES = True


def _owned_by(match: _Match, hit: _Hit, anchor: int, point: CompiledPoint, slot: Slot) -> bool:
    """Tell whether a hit may be said of a rule-less point's subject (or an entity it names).

    A hit in a sentence naming no entity ("it has a route to an internet gateway") may be, but
    not for a slot the point negates: an unattributed "has a route" denies no one's "no route".
    """
    owners = match.owners(hit)
    if not owners:
        return not slot.free
    return any(anchor in m.anchors or m.anchors & point.slot_objects for m in owners)


def _naming(match: _Match, point: CompiledPoint, hit: _Hit) -> bool:
    """Tell whether a hit is (part of) a name of the point's own subject."""
    if any(m.start < hit.end and hit.start < m.end for m in match.mentions):
        return True
    if point.opening < 0:
        return False
    keys = tuple(match.text.keys[hit.start : hit.end])
    return any(_contains(v, keys) for v in match.card.openings[point.opening])


def _subject_is_slot(match: _Match, point: CompiledPoint) -> bool:
    """Tell whether the subject a point opens with is one of its slots (not a question word)."""
    names = match.card.openings[point.opening]
    return any(p.keys in names for slot in point.slots for p in slot.group.phrases)


def _fills(point: CompiledPoint, filled: Iterable[int], extra: float = 0.0) -> bool:
    """Tell whether the filled slots cover the point (`extra` more weight for two sentences)."""
    return _slot_weight(point.slots, filled) >= point.slot_need + extra


# A sentence that fills a rule-less point stating a number, but gives other numbers and none
# of the point's, does not cover it ("AWS reserves 2 addresses per subnet" for "five"). As a
# contradiction it was wrong as often as right (8 false of 17 on the opened sets); as a miss,
# 7 statuses right and none wrong.
WRONG_NUMBERS = True


def _other_numbers(match: _Match, point: CompiledPoint, s: int, hits: dict[int, _Hit]) -> bool:
    """Tell whether sentence `s` gives numbers where the point states others it does not say."""
    own = {k for slot in point.slots for ph in slot.group.phrases for k in ph.keys if k.isdigit()}
    if not own or any(
        k in own for j in hits for ph in point.slots[j].group.phrases for k in ph.keys
    ):
        return False
    t = match.text
    # Digits as written: "the one you create" is no number.
    return any(
        t.words[i].isdigit() and match.answer[t.starts[i] : t.ends[i]].isdigit()
        for i in match.sentence_words().get(s, [])
    )


def _check_fallback(match: _Match, point: CompiledPoint) -> PointResult:
    """Judge a point without rules by its slots, or by those of the model answer's clause.

    Covered in the clause's words (`compile.ECHO_FLOOR`), the point must still be filled in
    one of its own words, and does not count towards the points that show the learner knows
    the card (`verdict._settle`).
    """
    result = _check_slots(match, point)
    if result.status is not PointStatus.MISSED or not point.echo:
        return result
    i = point.index
    # Judging the clause's slots must not leave its traces on how the point itself was missed.
    saved = (match.near.get(i), match.resembled.get(i), match.said_of_other.get(i))
    echoed = _check_slots(
        match, replace(point, slots=point.echo, slot_need=point.echo_need, echo=(), wording="")
    )
    for store, value in zip((match.near, match.resembled, match.said_of_other), saved, strict=True):
        store.pop(i, None)
        if value is not None:
            store[i] = value
    if echoed.status is PointStatus.COVERED and _filled(point, analyse(echoed.evidence).keys):
        match.echoed.add(i)
        return echoed
    return result


def _check_slots(match: _Match, point: CompiledPoint) -> PointResult:
    """Judge a point without rules by how much of its derived slots one sentence fills.

    Slots are filled by hits of the same polarity as the point's text (either polarity for a
    word the point itself negates); on a comparison card the hits must be said of the point's
    subject. A sentence that would cover the point only if its negated hits counted
    contradicts it.
    """
    if not point.slots:
        return _result(match, point, PointStatus.MISSED, [], [])
    t = match.text
    anchor = point.slot_anchor if match.card.attribute else None
    agree: dict[int, dict[int, _Hit]] = {}
    disagree: dict[int, dict[int, _Hit]] = {}
    opens, named = match.clause_topics() if point.opening >= 0 else ({}, {})
    found: list[tuple[int, _Hit, bool]] = []
    other: dict[tuple[str, int, int], dict[int, _Hit]] = {}
    for j, slot in enumerate(point.slots):
        for phrase in slot.group.phrases:
            for h in match.find(phrase.keys):
                if anchor is not None and not _owned_by(match, h, anchor, point, slot):
                    # Said of another compared entity: kept to tell a trade (`_exchanged`).
                    if not (h.negated or slot.inverted or slot.free):
                        entity_of = match.card.entity_of
                        for e in {entity_of[a] for m in match.owners(h) for a in m.anchors}:
                            key = ("e", e, t.sent[h.start])
                            other.setdefault(key, {}).setdefault(j, h)
                    continue
                c = t.clause[h.start]
                if opens.get(c, point.opening) != point.opening and point.opening not in named[c]:
                    # Said in a clause about another point's subject, which never names this
                    # point's: "Subnets are the isolated networks" is no word about the VPC.
                    if not (h.negated or slot.inverted or slot.free):
                        key = ("o", opens[c], t.sent[h.start])
                        other.setdefault(key, {}).setdefault(j, h)
                    continue
                if _reported(t, h.start):
                    continue  # "people think the payload is encrypted": not asserted
                found.append((j, h, _stand_in((phrase.keys,))))
    # One answer word fills one slot, longer phrases first: "internet gateway" is not also
    # the point's other "internet". An initialism fills every word of its term.
    # The subject takes what no other slot wants ("public" of "A public NAT gateway sits in a
    # public subnet").
    found.sort(
        key=lambda f: (
            f[1].start - f[1].end,
            point.slots[f[0]].part == _SUBJECT_PART,
            f[0],
            f[1].start,
        )
    )
    used: set[int] = set()
    for j, h, whole in found:
        span = range(h.start, h.end)
        if not whole and not used.isdisjoint(span):
            continue
        slot = point.slots[j]
        s = t.sent[h.start]
        if slot.inverted:
            target = agree if h.negated else disagree
        elif slot.free and not h.negated and _required(t, h.start, _HAVE_VERBS):
            # "without assuming a role" answered "you always have to assume a role"; "no virtual
            # IP" answered "it has a virtual IP".
            target = disagree
        else:
            target = agree if slot.free or not h.negated else disagree
        if j in target.get(s, ()):
            continue
        target.setdefault(s, {})[j] = h
        if not whole:
            used.update(span)
    mentions = match.mentions_of(anchor) if anchor is not None else []
    # Clauses said of the point's own subject: naming it there counts for half a slot ("UNION
    # gets rid of duplicate rows" on a card comparing UNION and UNION ALL).
    own = {t.clause[m.start] for m in mentions}
    if LABEL_CLAUSES:
        # "tag = mutable label", "gateway: managed": what follows a named label is said of it.
        own |= {
            t.clause[m.end]
            for m in mentions
            if m.end < len(t.words) and t.sep[m.end] in ("=", ":") and t.sent[m.end] == m.sent
        }
    if point.opening >= 0 and not _subject_is_slot(match, point):
        own |= {c for c, n in opens.items() if n == point.opening}
    near: tuple[float, list[_Hit]] | None = None
    for s in sorted(agree):
        hits = agree[s]
        said_of = any(
            t.clause[h.start] in own and not _naming(match, point, h) for h in hits.values()
        )
        bonus = SUBJECT_BONUS if said_of else 0.0
        gap = point.slot_need - bonus - _slot_weight(point.slots, hits)
        # Nearly is not enough for a word the point denies said without a denial ("no kube-proxy
        # load balancing" is not nearly stated by "client-side load balancing").
        sure = all(hit.negated or not point.slots[j].free for j, hit in hits.items())
        if sure and gap <= NEAR_GAP and (near is None or gap < near[0]):
            near = (gap, list(hits.values()))
        if _fills(point, hits, -bonus):
            status = PointStatus.COVERED
            if point.broad and _restricted(match, list(hits.values())):
                status = PointStatus.CONTRADICTED
            if WRONG_NUMBERS and _other_numbers(match, point, s, hits):
                continue
            return _result(match, point, status, list(hits.values()), mentions)
    for s, s2 in _pairs(match, sorted(agree)):
        if s2 not in agree:
            continue
        hits = {**agree[s2], **agree[s]}
        if _fills(point, hits, FALLBACK_PAIR_EXTRA):
            status = PointStatus.COVERED
            if point.broad and _restricted(match, list(hits.values())):
                status = PointStatus.CONTRADICTED
            return _result(match, point, status, list(hits.values()), mentions)
    for s in sorted(disagree):
        if match.about_other(point.topics, list(disagree[s].values())):
            continue  # "liveness fails -> restarted" is no word about readiness.
        both = {**disagree[s], **agree.get(s, {})}
        if _fills(point, both):
            return _result(
                match, point, PointStatus.CONTRADICTED, list(disagree[s].values()), mentions
            )
    for (kind, subject, _), hits in other.items():
        if _fills(point, hits):
            match.said_of_other.setdefault(point.index, {})[(kind, subject)] = list(hits.values())
    if near is not None:
        match.near[point.index] = near
    resembling = _resembling(match, point)
    if resembling is not None:
        match.resembled[point.index] = [resembling]
    return _result(match, point, PointStatus.MISSED, [], [])


def _resembling(match: _Match, point: CompiledPoint) -> _Hit | None:
    """Return the first sentence without a negation that restates the point (RESEMBLANCE)."""
    if not point.wording or (point.slot_anchor is not None and match.card.attribute):
        return None
    for start, end, sentence in match.plain_sentences():
        if resemblance(point.wording, sentence) >= RESEMBLANCE:
            return _Hit(start, end, False)
    return None
