"""Compile a card once: expand rules with the glossary, cut rule-less points into slots."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from engine.checker.compiled import CompiledCard, CompiledPoint, Group, Phrase, Rule, Slot
from engine.checker.derive import DERIVED_COVER, derive_key_points
from engine.checker.opposites import _MANY, _NEGATOR_KEYS, _opposites, _rule_of, _stated_opposites
from engine.checker.slots import (
    _DETERMINERS,
    _NAMED_SIZES,
    _OPENING_SIZES,
    _SUBJECT_PART,
    _VERBISH,
    COMMON_SLOT_WEIGHT,
    FALLBACK_COVER,
    _common_keys,
    _container,
    _contains,
    _fallback_need,
    _inflections,
    _list_spans,
    _predicate_follows,
    _slash_spans,
    _slot_weight,
)
from engine.checker.terms import _stand_in, card_terms, defined_abbreviations
from engine.checker.words import (
    _AUXILIARY,
    _CLAUSE_WORDS,
    _COORDINATORS,
    _NEED_VERBS,
    _POSSESSION,
    _SLOT_STOP,
    _SYNONYM_CLASSES,
    _VERB_NEGATORS,
    _WORDS,
    NEGATION,
    NEGATORS,
    STOPWORDS,
    Glossary,
    _absent_keys,
    _broad,
    _keys_of,
    _list_negated,
    _phrase,
    _phrase_words,
    _Text,
    _wordset,
    analyse,
    word_key,
)
from engine.model import Card, KeyPoint, MatchGroup, MatchRule

# A glossary compiled for substitution: each term's first key -> (term, its whole class).
_GlossaryIndex = dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]


@lru_cache(maxsize=64)
def _glossary_index(glossary: Glossary) -> _GlossaryIndex:
    index: _GlossaryIndex = {}
    for terms in glossary:
        keyed = tuple(k for k in dict.fromkeys(_keys_of(t) for t in terms) if k)
        if len(keyed) > 1:
            for term in keyed:
                index.setdefault(term[0], []).append((term, keyed))
    return index


def _expand(keys: tuple[str, ...], index: _GlossaryIndex) -> list[tuple[str, ...]]:
    """Return `keys` and its variants with glossary terms swapped for their equivalents."""
    seen = {keys: None}
    frontier = [keys]
    while frontier and len(seen) < 48:
        current = frontier.pop()
        for i, first in enumerate(current):
            for term, terms in index.get(first, ()):
                n = len(term)
                if current[i : i + n] != term:
                    continue
                for other in terms:
                    if other == term:
                        continue
                    variant = current[:i] + other + current[i + n :]
                    if variant not in seen:
                        seen[variant] = None
                        frontier.append(variant)
    return list(seen)


def _joined(words: tuple[str, ...], keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Return `keys` with each pair of neighbouring words written as one ("rfc1918", "onprem")."""
    if len(words) != len(keys):
        return []
    out = []
    for i in range(len(words) - 1):
        one = words[i] + words[i + 1]
        if len(one) >= 5 and one.isalnum():
            out.append(keys[:i] + (word_key(one),) + keys[i + 2 :])
    return out


def _negated_keys(text: str) -> frozenset[str]:
    """Return the keys of the content words a key point's own text negates."""
    t = analyse(text)
    return frozenset(
        k
        for k, w, by in zip(t.keys, t.words, t.negated_by, strict=True)
        if by >= 0 and t.negator[by] == NEGATION and w not in STOPWORDS
    )


def _code_words(text: str) -> frozenset[str]:
    """Return the function words `text` writes in capitals as keywords ("WHERE", "HAVING")."""
    caps = {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", text)}
    return frozenset(caps - NEGATORS - _COORDINATORS)


def _question_keys(question: str) -> frozenset[str]:
    """Return the keys of the question's words in any inflection ("reference": "referencing").

    The stemmer keeps some forms apart ("reference" / "referencing"); restating the question
    in another form of its own words proves nothing either.
    """
    keys = set(_keys_of(question))
    for w in _phrase_words(question):
        if len(w) < 4 or not w.isalpha():
            continue
        base = w[:-1] if w.endswith("e") else w
        for form in (w + "s", w + "d", w + "ed", base + "ing", base + "ed", base + "es"):
            keys.add(word_key(form))
    return frozenset(keys)


# Where a model answer's clauses end: sentences, lines, and a contrast inside a sentence.
_ECHO_SPLIT = re.compile(
    r"(?<=[.;!?])\s+|\n+|,\s+(?:plus|while|whereas|but)\s+|\s+(?:while|whereas)\s+"
)
# A rule-less point the model answer states in a clause of its own ("Once one step misses
# the cache, every step after it is rebuilt" for "A cache miss invalidates all the following steps")
# may also be covered in that clause's words ("once you get a miss, everything below it is
# rebuilt"): learners answer in the words they studied. The clause must fill the point's need
# and no other point's more; the words it shares with other points are dropped; an answer
# must fill ECHO_COVER of the rest (the clause says more than the point) and at least
# ECHO_FLOOR slots, one of them the point's own. Not on comparison cards (clauses about two
# subjects let wrong answers through) nor for derived points (they are the answer's own
# sentences). Measured on the twelve opened strangers' decks: F1 0.7205 -> 0.7302 at equal
# precision with half the clause; 0.7314 -> 0.7381 with 0.4 (0.35: 0.7401, 0.3: 0.7434, but
# two and five more wrong answers Good); see docs/benchmarks.md.
ECHO_FLOOR = 2.0
ECHO_COVER = 0.4
# A slot word with a built-in opposite ("immutable") is also filled by that opposite negated.
NEGATED_OPPOSITE = True
# Statements after a subject's label ("Write-back: write to cache only, DB updated async
# later") are items filled by half their words, not lists of alternatives any word fills.
# Measured on the twelve opened strangers' decks: P / R / F1 0.8670 / 0.6455 / 0.7400 ->
# 0.8780 / 0.6420 / 0.7417, wrong answers Good 15 -> 12 (all statements: F1 0.7391;
# a strict majority of each statement's words: 0.7370).
CLAIM_LISTS = True
# A question word repeated across a list's items ("policies" of "S3 bucket policies, KMS key
# policies, role trust policies" on a card about policies) fills no item: every answer says it.
# Opened sets without rules: 48 statuses right, 9 wrong (P 0.9117 -> 0.9137 on the AWS cards;
# the strangers' decks 3 right, 0 wrong).
DROP_SHARED_ITEM_WORDS = True


def _filled(point: CompiledPoint, keys: list[str]) -> float:
    """Return the slot weight of a rule-less point that a text's word keys fill."""
    words, seq = set(keys), tuple(keys)
    found = [
        j
        for j, slot in enumerate(point.slots)
        if any(
            ph.keys[0] in words if len(ph.keys) == 1 else _contains(seq, ph.keys)
            for ph in slot.group.phrases
        )
    ]
    return _slot_weight(point.slots, found)


def _share(point: CompiledPoint, keys: list[str]) -> float:
    """Return how much of a rule-less point's need a text's word keys fill."""
    return _filled(point, keys) / point.slot_need if point.slot_need > 0 else 0.0


def _hyphen_run(t: _Text, i: int, text: str) -> int:
    """Return how many words from `i` on `text` writes joined by hyphens ("site-to-site": 3)."""
    n = 1
    while (
        i + n < len(t.words)
        and t.ends[i + n - 1] < len(text)
        and text[t.ends[i + n - 1]] == "-"
        and t.starts[i + n] == t.ends[i + n - 1] + 1
    ):
        n += 1
    return n


class _Compiler:
    def __init__(self, card: Card, glossary: Glossary, cover: float = 0.5) -> None:
        self.cover = cover
        self.glossary = _glossary_index(glossary + _SYNONYM_CLASSES)
        # Names of the things a card compares expand through the deck's glossary only: the
        # built-in synonyms are for what is said of them ("a standby copy" names no replica).
        self.names = _glossary_index(glossary)
        defined = defined_abbreviations(card)
        if defined:
            # The card's own abbreviations join a copy: the shared index stays cached.
            self.glossary = {k: list(v) for k, v in self.glossary.items()}
            self.names = {k: list(v) for k, v in self.names.items()}
            for first, entries in _glossary_index(defined).items():
                self.glossary.setdefault(first, []).extend(entries)
                self.names.setdefault(first, []).extend(entries)
        self.question_keys = _question_keys(card.question)
        # "WHERE" and "HAVING" in a question about SQL are keywords, not function words.
        self.stop = _SLOT_STOP - _code_words(card.question)
        self.initialisms = self._add_terms(card)
        self.anchor_ids: dict[frozenset[tuple[str, ...]], int] = {}
        self.anchor_phrases: list[tuple[Phrase, ...]] = []
        self.context = {_keys_of(t) for t in (card.deck, card.topic, *card.tags) if t}
        self.subjects = self._compared_subjects(card)
        # Derived points restate one answer: their shared words are its topic, not padding.
        self.common = _common_keys(card) if cover == FALLBACK_COVER else frozenset()

    def _add_terms(self, card: Card) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Give each multi-word term of the card a stand-in key its initialisms will match.

        The stand-in ("#3") joins the glossary as an equivalent of the term, so every phrase
        naming the term also matches an answer word that spells it (`CompiledCard.initialism`).
        """
        terms = card_terms(card)
        if not terms:
            return ()
        self.glossary = {k: list(v) for k, v in self.glossary.items()}
        self.names = {k: list(v) for k, v in self.names.items()}
        out = []
        for n, words in enumerate(terms):
            keys = tuple(word_key(w) for w in words)
            stand_in = f"#{n}"
            cls = (keys, (stand_in,))
            for index in (self.glossary, self.names):
                index.setdefault(keys[0], []).append((keys, cls))
                index.setdefault(stand_in, []).append(((stand_in,), cls))
            if all(k in self.question_keys for k in keys):
                self.question_keys = self.question_keys | {stand_in}
            out.append((stand_in, words))
        return tuple(out)

    def group(
        self, group: MatchGroup, denied: frozenset[str] = frozenset(), names: bool = False
    ) -> Group:
        phrases: dict[tuple[str, ...], Phrase] = {}
        index = self.names if names else self.glossary
        for alt in group.alternatives:
            words, own, negative = _phrase(alt)
            if not own:
                continue
            # "single point of failure" for "No single points of failure": "of" is no content.
            content = {k for w, k in zip(words, own, strict=False) if w not in STOPWORDS} or set(
                own
            )
            agrees = not negative and not group.negatable and denied.issuperset(content)
            for keys in _expand(own, index) + _joined(words, own):
                explicit = keys == own
                if keys in phrases and not explicit:
                    continue
                weak = all(k in self.question_keys for k in keys)
                phrases[keys] = Phrase(keys, explicit, negative, weak, agrees)
        return Group(tuple(phrases.values()), group.negatable)

    def rule(
        self,
        rule: MatchRule,
        inherit_anchor: int | None = None,
        denied: frozenset[str] = frozenset(),
    ) -> Rule:
        anchor = inherit_anchor
        groups = []
        for g in rule.groups:
            compiled = self.group(g, frozenset() if g.anchor else denied, names=g.anchor)
            if not compiled.phrases:
                continue
            if g.anchor:
                anchor = self.anchor(compiled)
            else:
                groups.append(compiled)
        return Rule(tuple(groups), anchor)

    def anchor(self, group: Group) -> int:
        key = frozenset(p.keys for p in group.phrases)
        if key not in self.anchor_ids:
            self.anchor_ids[key] = len(self.anchor_phrases)
            self.anchor_phrases.append(group.phrases)
        return self.anchor_ids[key]

    def point(self, index: int, kp: KeyPoint) -> CompiledPoint:
        match = self.rule(kp.match, denied=_negated_keys(kp.text)) if kp.match else None
        if match is not None and any(g.negatable for g in match.groups):
            t = analyse(kp.text)
            absent = _absent_keys(t)
            # "has no route": an answer saying it has one, or is with one, asserts it.
            verbs = _NEED_VERBS
            if any(t.negator[j] and t.words[j - 1] in _POSSESSION for j in range(1, len(t.words))):
                verbs = verbs | _POSSESSION
            match = Rule(
                tuple(
                    replace(g, absent=absent, absent_verbs=verbs) if g.negatable else g
                    for g in match.groups
                ),
                match.anchor,
            )
        inherited = match.anchor if match else None
        not_rules = tuple(self.rule(r, inherited) for r in kp.not_rules)
        slots: tuple[Slot, ...] = ()
        slot_anchor: int | None = None
        need = 0.0
        if match is None or not (match.groups or match.anchor is not None):
            match = None
            subject = self.subjects.get(index)
            if subject is not None:
                slot_anchor = self.anchor(subject)
            slots = self.slots(kp.text, subject)
            total = _slot_weight(slots, range(len(slots)), subject_whole=True)
            need = _fallback_need(total, self.cover)
        opposites = self.opposites(match) if match is not None else ()
        anchor = match.anchor if match is not None else slot_anchor
        stated = self.stated(kp.text, anchor)
        if slot_anchor is not None:
            # A property that is the compared subject itself ("Stateless means ...") is no claim.
            subject = {p.keys for p in self.anchor_phrases[slot_anchor]}
            stated = tuple(
                pair
                for pair in stated
                if not subject & {p.keys for g in pair[0].groups for p in g.phrases}
            )
        denied = self.denied(kp.text, anchor)
        others = _other_subjects(kp.text) if denied else ((), ())
        return CompiledPoint(
            index,
            kp.text,
            kp.weight,
            kp.core,
            match,
            not_rules,
            (),
            0,
            opposites,
            stated,
            denied,
            slots,
            slot_anchor,
            need,
            _broad(kp.text),
            other_subjects=others[0],
            own_subject=others[1],
        )

    def echo(self, card: Card, points: tuple[CompiledPoint, ...]) -> tuple[CompiledPoint, ...]:
        """Give each rule-less point the slots of the model answer's clause that states it."""
        clauses = [c for c in _ECHO_SPLIT.split(card.answer) if c and c.strip()]
        keyed = [analyse(c).keys for c in clauses]
        out = []
        for p in points:
            if not p.slots or not clauses:
                out.append(p)
                continue
            shares = [_share(p, k) for k in keyed]
            best = max(range(len(clauses)), key=shares.__getitem__)
            if shares[best] < 1.0 or any(
                q.slots and q.index != p.index and _share(q, keyed[best]) > shares[best]
                for q in points
            ):
                out.append(p)
                continue
            own = {ph.keys for slot in p.slots for ph in slot.group.phrases}
            others = {
                ph.keys
                for q in points
                if q.index != p.index
                for slot in q.slots
                for ph in slot.group.phrases
            } - own
            echo = tuple(
                slot
                for slot in self.slots(clauses[best], self.subjects.get(p.index))
                if not any(ph.keys in others for ph in slot.group.phrases)
            )
            if all(any(ph.keys in own for ph in slot.group.phrases) for slot in echo):
                out.append(p)  # The clause says nothing in other words.
                continue
            total = _slot_weight(echo, range(len(echo)), subject_whole=True)
            need = max(ECHO_FLOOR, _fallback_need(total, ECHO_COVER))
            out.append(replace(p, echo=echo, echo_need=need))
        return tuple(out)

    def _compared_subjects(self, card: Card) -> dict[int, Group]:
        """Return the subject entity of each rule-less point, when the card compares several.

        A point's subject is the noun phrase it opens with ("Security groups are stateful"),
        taken when it is a glossary term or words of the question; only a card whose rule-less
        points open with two or more different such entities compares them.
        """
        found: dict[int, Group] = {}
        for index, kp in enumerate(card.key_points):
            if kp.match is not None and (kp.match.groups):
                continue
            subject = self._subject(kp.text)
            if subject is not None:
                found[index] = subject
        # "Private subnets reach" read as a subject where another point's subject is "Private
        # subnets": the shorter one is the entity.
        heads = {p.keys for g in found.values() for p in g.phrases}
        for index, group in list(found.items()):
            for p in group.phrases:
                shorter = [h for h in heads if len(h) < len(p.keys) and p.keys[: len(h)] == h]
                if shorter:
                    head = max(shorter, key=len)
                    found[index] = next(g for g in found.values() if Phrase(head) in g.phrases)
                    break
        # "VPC peering" and "Peering" name one entity: a subject ending with another one's
        # words takes its phrases too.
        heads = {p.keys for g in found.values() for p in g.phrases}
        for index, group in list(found.items()):
            extra = [
                Phrase(h)
                for p in group.phrases
                for h in heads
                if len(h) < len(p.keys) and p.keys[-len(h) :] == h
            ]
            if extra:
                found[index] = Group(tuple(dict.fromkeys((*group.phrases, *extra))))
        distinct: list[set[tuple[str, ...]]] = []
        for group in found.values():
            keys = {p.keys for p in group.phrases}
            if not any(keys & d for d in distinct):
                distinct.append(keys)
        return found if len(distinct) >= 2 else {}

    def openings(
        self, card: Card
    ) -> tuple[dict[int, int], tuple[tuple[tuple[str, ...], ...], ...]]:
        """Number the subjects rule-less points open with, on a card about one thing.

        "Subnets divide the range", "An internet gateway connects the VPC": any opening noun
        phrase followed by a verb, in the question or not. Return each point's subject number
        and each subject's phrases (glossary and initialism variants), when there are two or
        more subjects.
        """
        found: dict[int, int] = {}
        subjects: list[tuple[tuple[str, ...], ...]] = []
        for index, kp in enumerate(card.key_points):
            if kp.match is not None and kp.match.groups:
                continue
            group = self._subject(kp.text, named=False)
            if group is None:
                continue
            keys = tuple(p.keys for p in group.phrases)
            for n, other in enumerate(subjects):
                if set(keys) & set(other):
                    found[index] = n
                    break
            else:
                found[index] = len(subjects)
                subjects.append(keys)
        if len(subjects) < 2:
            return {}, ()
        return found, tuple(subjects)

    def _subject(self, text: str, named: bool = True) -> Group | None:
        t = analyse(text)
        at = self._subject_at(t, named, text)
        if at is None:
            return None
        cand = tuple(t.keys[at[0] : at[0] + at[1]])
        term = self._glossary_term(cand, self.names)
        variants = term or [cand]
        if not named:
            variants = _expand(cand, self.glossary)
        return Group(tuple(Phrase(v) for v in dict.fromkeys(variants)))

    def _subject_at(self, t: _Text, named: bool = True, text: str = "") -> tuple[int, int] | None:
        """Return where the subject a text opens with starts, and its length in words.

        A name `text` writes hyphenated ("Site-to-Site VPN", "At-most-once") may hold stop
        words, and counts as one word towards the subject's length.
        """
        words, keys = t.words, t.keys
        i = 0
        while i < len(words) and words[i] in _DETERMINERS:
            i += 1
        if i >= len(words) or t.clause[i] != t.clause[0]:
            return None
        joined = _hyphen_run(t, i, text)
        # Any opening subject: a term of the glossary or of the card first ("NAT gateway gives
        # private subnets" opens with "NAT gateway", not "NAT gateway gives").
        sizes = _NAMED_SIZES if named else _OPENING_SIZES
        for n, term_only in sizes:
            n += joined - 1
            cand = tuple(keys[i : i + n])
            if len(cand) < n or any(t.clause[j] != t.clause[i] for j in range(i, i + n)):
                continue
            if any(w in self.stop for w in words[i + (joined if joined > 1 else 0) : i + n]):
                continue
            if not _predicate_follows(words, i + n, t.sep):
                continue
            if term_only and self._glossary_term(cand) is None:
                continue
            if named and (cand in self.context or not all(k in self.question_keys for k in cand)):
                continue
            return i, n
        return None

    def _glossary_term(
        self, keys: tuple[str, ...], index: _GlossaryIndex | None = None
    ) -> list[tuple[str, ...]] | None:
        for term, terms in (self.glossary if index is None else index).get(keys[0], ()):
            if term == keys:
                return [term, *terms]
        return None

    def slots(self, text: str, subject: Group | None) -> tuple[Slot, ...]:
        """Derive concept slots from a key point's text (its content words, lists as one slot).

        A parenthesised list or one after a colon ("(password, access keys)", ": facilities,
        hardware, network") is one slot any item fills; words joined by slashes are
        alternatives; glossary terms and synonyms are interchangeable; the subject and the
        question's own words prove nothing, so they are dropped unless nothing else is left.
        """
        t = analyse(text)
        lists = _list_spans(text)
        claims = self._claim_lists(text, lists) if CLAIM_LISTS else set()
        slashes = _slash_spans(text)
        subject_keys = {p.keys for p in subject.phrases} if subject is not None else set()
        n_words = len(t.words)
        negated = _list_negated(t)
        versus = {t.sent[j] for j, w in enumerate(t.words) if w in ("vs", "versus")}
        at = self._subject_at(t, False, text) if subject is None else None
        # A subject the glossary or the card names in several words is one concept, filled by
        # any of its words ("Security groups don't need ephemeral port rules" is not half
        # said by "security groups"); the point's weight still counts its words.
        opening = range(0)
        if at is not None and at[1] > 1 and self._glossary_term(tuple(t.keys[at[0] : sum(at)])):
            opening = range(at[0], sum(at))
        # Per word: the stand-ins of the card terms it is part of.
        stand_ins: dict[int, list[tuple[str, ...]]] = {}
        for i in range(n_words):
            for term, terms in self.glossary.get(t.keys[i], ()):
                if _stand_in(terms) and tuple(t.keys[i : i + len(term)]) == term:
                    for j in range(i, i + len(term)):
                        stand_ins.setdefault(j, []).append(terms[-1])
        # The first content word after each verb negation is what the point denies.
        denied_first: set[int] = set()
        for j, w in enumerate(t.words):
            if w in _VERB_NEGATORS:
                after = [
                    k
                    for k in range(j + 1, n_words)
                    if t.negated_by[k] == j and t.words[k] not in _SLOT_STOP
                ]
                denied_first.update(after[:1])
        # Per slot: its phrases, free, strong (not only question words), list number or -1.
        built: list[tuple[dict[tuple[str, ...], None], bool, bool, int, bool, int]] = []
        where: dict[object, int] = {}
        # Per slot: the phrases of its words the question does not say, and of those it does.
        said_by: list[tuple[set[tuple[str, ...]], set[tuple[str, ...]]]] = []
        item = 0
        i = 0
        while i < n_words:
            w = t.words[i]
            if i and (t.clause[i] != t.clause[i - 1] or w in _COORDINATORS):
                item += 1  # The next item of a list ("password, access keys").
            span = 1
            for term, terms in self.glossary.get(t.keys[i], ()):
                # A card term stays words of their own (see `stand_ins`): as one concept, an
                # answer saying half of it ("the groups") would fill nothing (recall fell).
                if _stand_in(terms) or len(term) <= span:
                    continue
                if tuple(t.keys[i : i + len(term)]) == term:
                    span = len(term)
            # "one" before a noun is a count ("goes to one consumer", "lives in one AZ"), said
            # as "one", "1", "single" or "sole"; elsewhere a pronoun ("the one you create").
            # Measured on the opened sets: +53 statuses right, 18 wrong, precision up.
            counted = (
                w == "one"
                and i + 1 < n_words
                and t.words[i + 1].isalpha()
                and t.words[i + 1] not in self.stop
                and t.clause[i + 1] == t.clause[i]
            )
            # A stop word opens a slot only as the start of a term ("on-premises", "on-prem").
            if span == 1 and not counted and (w in self.stop or (not w.isalpha() and len(w) < 2)):
                i += 1
                continue
            own = tuple(t.keys[i : i + span])
            if own in subject_keys:
                i += span
                continue
            phrases = dict.fromkeys(_expand(own, self.glossary))
            if NEGATED_OPPOSITE:
                # "tuples aren't mutable" says "tuples are immutable".
                row = _stated_opposites()[0].get(own)
                for other in row[1] if row else ():
                    if not _NEGATOR_KEYS.intersection(other):
                        phrases[("not", *other)] = None
            if counted:
                phrases.update(dict.fromkeys([("singl",), ("sole",)]))
            # A word of a card term ("security" of "security groups") is also said by an
            # initialism of the term ("SGs").
            for j in range(i, i + span):
                phrases.update(dict.fromkeys(stand_ins.get(j, ())))
            # A point setting two things against each other ("binary framing vs text") may be
            # answered with either contrasted ("binary instead of text").
            free = any(negated[j] or t.sent[j] in versus for j in range(i, i + span))
            # Denied with a verb ("do not apply", "cannot deny", "grants nothing"): an answer
            # must deny it too, and asserting it is a mistake.
            inverted = i in denied_first or (
                i + span < n_words
                and t.words[i + span] in ("nothing", "none")
                and t.clause[i + span] == t.clause[i]  # "clusterIP: None" is a value
            )
            weak = all(k in self.question_keys for k in own)
            # The words of one list item, or joined by slashes, are alternatives of one slot.
            in_list = _container(t.starts[i], lists)
            part = lists.index(in_list) if in_list is not None else -1
            # A statement of a list after a subject's label is filled by half its words.
            claim = item if in_list in claims else -1
            if claim >= 0:
                in_list = None
            slash = _container(t.starts[i], slashes)
            container: object = (in_list, item) if in_list is not None else slash
            if container is None and i in opening:
                part = _SUBJECT_PART
            if container is not None and container in where:
                n = where[container]
                slot_phrases, slot_free, strong, _, slot_inv, _ = built[n]
                said_by[n][1 if weak else 0].update(phrases)
                slot_phrases.update(phrases)
                built[n] = (
                    slot_phrases,
                    slot_free or free,
                    strong or not weak,
                    part,
                    slot_inv and inverted,
                    claim,
                )
            else:
                if container is not None:
                    where[container] = len(built)
                said_by.append((set(), set(phrases)) if weak else (set(phrases), set()))
                built.append((phrases, free, not weak, part, inverted, claim))
            i += span
        slots: list[Slot] = []
        seen: set[frozenset[tuple[str, ...]]] = set()
        if DROP_SHARED_ITEM_WORDS:
            _drop_shared_question_words(built, said_by)
        strong = [b for b in built if b[2]]
        for phrases, free, _, part, inverted, claim in strong or built:
            key = (frozenset(k for k in phrases if not _stand_in((k,))), part == _SUBJECT_PART)
            if key in seen:
                continue
            seen.add(key)
            group = Group(tuple(Phrase(k) for k in phrases))
            own_keys = {k for ph in phrases for k in ph if not k.startswith("#")}
            common = bool(own_keys) and own_keys <= self.common
            weight = COMMON_SLOT_WEIGHT if common else 1.0
            slots.append(Slot(group, weight, free and not inverted, part, inverted, claim))
        return tuple(slots)

    def _claim_lists(self, text: str, lists: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """Return the lists after a colon that state properties of the label before it.

        "Write-through: write cache and DB synchronously; fresh cache, slower writes" says
        three things of write-through, while "Taint effects: NoSchedule, PreferNoSchedule,
        NoExecute" names examples any of which shows the point. A list is of statements when
        its label is the question's own words (the point's subject) and an item has two
        content words or more.
        """
        out = set()
        for start, end in lists:
            colon = text.rfind(":", 0, start)
            if colon < 0 or text[colon + 1 : start].strip() or "(" in text[colon:start]:
                continue
            label = [k for k in analyse(text[:colon]).keys if k not in self.stop]
            if not label or not all(k in self.question_keys for k in label):
                continue
            items = re.split(r"[,;]|\band\b", text[start:end])
            if any(len([w for w in analyse(x).words if w not in self.stop]) >= 2 for x in items):
                out.add((start, end))
        return out

    def denied(self, text: str, anchor: int | None) -> tuple[Rule, ...]:
        """Return rules for what the point's text negates: the first two content words after it.

        One word alone is too loose ("nothing needs rotating" is not contradicted by "keys are
        rotated automatically"); words the question says prove nothing either way.
        """
        t = analyse(text)
        out: list[Rule] = []
        for i, w in enumerate(t.words):
            if w not in _VERB_NEGATORS:
                # "No single points of failure": a noun negated by "no" or "without" is said
                # positively by answers that remove, avoid or eliminate it.
                continue
            content = [
                t.keys[j]
                for j in range(i + 1, len(t.words))
                if t.negated_by[j] == i
                and t.words[j] not in STOPWORDS
                and t.words[j] not in NEGATORS
                and t.words[j] not in _AUXILIARY
            ]
            phrase = tuple(content[:2])
            if len(phrase) == 2 and not all(k in self.question_keys for k in phrase):
                out.append(Rule((Group((Phrase(phrase),)),), anchor))
        return tuple(dict.fromkeys(out))

    def stated(self, text: str, anchor: int | None) -> tuple[tuple[Rule, Rule], ...]:
        """Return (property, its opposite) rules for what the point's text itself asserts."""
        t = analyse(text)
        words, keys = t.words, tuple(t.keys)
        table, surfaces = _stated_opposites()
        out: list[tuple[Rule, Rule]] = []
        examples = _example_clauses(words, t.clause)
        i = 0
        while i < len(keys):
            if t.clause[i] in examples:
                # "No single points of failure (for example a stateless app tier)": an example
                # is no property of the point's subject ("3 AZs for stateful services").
                i += 1
                continue
            if t.negated[i] or t.negator[i]:
                # "No long-lived keys", "instead of long-lived keys": not asserted.
                i += 1
                continue
            if i and t.sent[i - 1] == t.sent[i] and text[t.starts[i] : t.starts[i] + 1].isupper():
                # "Route 53 and Global Accelerator": a word of a name, no property.
                i += 1
                continue
            for n in (3, 2, 1):
                said = keys[i : i + n]
                if len(said) < n or said not in table or words[i] not in surfaces:
                    continue
                same, opposite = table[said]
                if any(_contains(keys, o) for o in opposite):
                    break  # The point names both sides ("short-lived instead of long-lived").
                out.append((_rule_of(same, anchor), _rule_of(opposite, anchor)))
                i += n - 1
                break
            else:
                if (
                    words[i] in ("one", "1", "single")
                    and i + 1 < len(keys)
                    # "multiple values for one key are ORed": a point that counts both ways
                    # names both sides, as "short-lived instead of long-lived" does.
                    and not any(k in _MANY for k in keys)
                ):
                    # "in one Region", "exactly one route table": a count of one is
                    # contradicted by "multiple Regions", "several route tables".
                    noun = tuple(
                        k for k in keys[i + 1 : i + 3] if k not in STOPWORDS and k.isalpha()
                    )
                    noun = noun[:1] if len(noun) == 1 or words[i + 1] in STOPWORDS else noun
                    if noun and words[i + 1] not in STOPWORDS:
                        # "one AWS Region" is also contradicted by "multiple Regions".
                        nouns = {noun, noun[-1:]}
                        same = frozenset(
                            p for n in nouns for p in (("1", *n), ("singl", *n), ("onli", "1", *n))
                        )
                        many = frozenset((q, *n) for q in _MANY for n in nouns)
                        out.append((_rule_of(same, anchor), _rule_of(many, anchor)))
            i += 1
        return tuple(out)

    def opposites(self, rule: Rule) -> tuple[Rule, ...]:
        """Return the rule with each group in turn replaced by its opposites, if it has any."""
        if rule.anchor is None:
            # Without a subject an opposite word could be about anything.
            return ()
        own = {p.keys for g in rule.groups for p in g.phrases}
        table = _opposites()
        out = []
        for i, group in enumerate(rule.groups):
            opposite = {
                o
                for p in group.phrases
                for o in table.get(p.keys, ())
                if o not in own and not all(k in self.question_keys for k in o)
            }
            if opposite:
                phrases = tuple(
                    Phrase(o, negative=any(k in _NEGATOR_KEYS for k in o)) for o in sorted(opposite)
                )
                groups = rule.groups[:i] + (Group(phrases),) + rule.groups[i + 1 :]
                out.append(Rule(groups, rule.anchor))
        return tuple(out)


def _entity_groups(anchor_phrases: list[tuple[Phrase, ...]]) -> tuple[int, ...]:
    """Number each anchor group's entity: anchor groups sharing a phrase name the same one."""
    parent = list(range(len(anchor_phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    owner: dict[tuple[str, ...], int] = {}
    for i, phrases in enumerate(anchor_phrases):
        for p in phrases:
            if p.keys in owner:
                parent[find(i)] = find(owner[p.keys])
            else:
                owner[p.keys] = i
    roots = [find(i) for i in range(len(anchor_phrases))]
    number = {r: n for n, r in enumerate(dict.fromkeys(roots))}
    return tuple(number[r] for r in roots)


@lru_cache(maxsize=4096)
def compile_card(card: Card, glossary: Glossary = ()) -> CompiledCard:
    """Precompute a card's phrases, entities and typo vocabulary (cached per card and glossary).

    A card without key points is compiled with points derived from its answer.
    """
    derived = derive_key_points(card)
    if derived:
        card = replace(card, key_points=derived)
    comp = _Compiler(card, glossary, DERIVED_COVER if derived else FALLBACK_COVER)
    points = tuple(comp.point(i, kp) for i, kp in enumerate(card.key_points))

    names: dict[tuple[str, ...], set[int]] = {}
    for anchor_id, phrases in enumerate(comp.anchor_phrases):
        for p in phrases:
            names.setdefault(p.keys, set()).add(anchor_id)
    entities = tuple((Phrase(keys), frozenset(ids)) for keys, ids in names.items())
    entity_of = _entity_groups(comp.anchor_phrases)
    attribute = len(set(entity_of)) >= 2
    if attribute:
        points = tuple(_with_objects(p, names) for p in points)
    opening_of, openings = ({}, ()) if attribute else comp.openings(card)
    if opening_of:
        points = tuple(
            replace(p, opening=opening_of[p.index]) if p.index in opening_of else p for p in points
        )

    points = tuple(
        replace(p, wording=" ".join(analyse(p.text).words)) if p.slots else p for p in points
    )
    if not derived and not attribute:
        points = comp.echo(card, points)
    topics = _topics(card)
    if topics:
        points = tuple(
            replace(p, topics=_point_topics(p.text, topics)) if p.slots else p for p in points
        )

    keys: set[str] = set()
    alias_words: set[str] = set()
    for kp in card.key_points:
        rules = ([kp.match] if kp.match else []) + list(kp.not_rules)
        for rule in rules:
            for g in rule.groups:
                for alt in g.alternatives:
                    alias_words.update(_phrase_words(alt))
    for p in points:
        keys.update(p.fallback)
        for slot in p.slots + p.echo:
            for ph in slot.group.phrases:
                keys.update(ph.keys)
        stated = [r for pair in p.stated for r in pair] + list(p.denied)
        for rule in ([p.match] if p.match else []) + [*p.not_rules, *p.opposites, *stated]:
            for g in rule.groups:
                for ph in g.phrases:
                    keys.update(ph.keys)
    for phrases in comp.anchor_phrases:
        for ph in phrases:
            keys.update(ph.keys)
    for variants in openings:
        for v in variants:
            keys.update(v)
    for terms in glossary:
        for t in terms:
            alias_words.update(_phrase_words(t))
    for kp in card.key_points:
        alias_words.update(w for w in _phrase_words(kp.text) if word_key(w) in keys)
    foreign = () if attribute or not names else _foreign_terms(card, glossary, set(names))
    for term in foreign:
        keys.update(term)

    card_text = " ".join(
        [card.question, card.answer, card.explanation, *(kp.text for kp in card.key_points)]
    )
    plain = unicodedata.normalize("NFKD", card_text).encode("ascii", "ignore").decode().lower()
    known = frozenset(_WORDS.findall(plain)) | frozenset(alias_words)

    surfaces: dict[str, str] = {}
    for w in alias_words:
        k = word_key(w)
        if k not in keys or len(w) < 4 or not w.isalpha():
            continue
        for form in _inflections(w):
            surfaces.setdefault(form, k)
    return CompiledCard(
        card_id=card.id,
        points=points,
        entities=entities,
        attribute=attribute,
        keys=frozenset(keys),
        question_keys=comp.question_keys,
        known_words=known,
        typo_index=_by_initial(surfaces),
        foreign=foreign,
        entity_of=entity_of if attribute else (),
        derived=bool(derived),
        initialisms=comp.initialisms,
        openings=openings,
        topics=topics,
        ordinal=_ordinal(card.question, comp.anchor_phrases, entity_of) if attribute else (),
        question_denied=_negated_keys(card.question),
        modifier_pairs=_modifier_pairs(points, entities),
    )


def _modifier_pairs(
    points: tuple[CompiledPoint, ...], entities: tuple[tuple[Phrase, frozenset[int]], ...]
) -> frozenset[tuple[str, str]]:
    """Return the word pairs in which a one-word entity name modifies the next word.

    The name opens a longer name of the same entity ("public" of "public subnet"), and the
    pair opens a phrase of the points' rules ("public IP").
    """
    firsts = {(p.keys[0], a) for p, a in entities if len(p.keys) > 1}
    names = {p.keys[0] for p, a in entities if len(p.keys) == 1 and (p.keys[0], a) in firsts}
    out = set()
    for point in points:
        rules = ((point.match,) if point.match is not None else ()) + point.not_rules
        for rule in rules:
            for group in rule.groups:
                for phrase in group.phrases:
                    if len(phrase.keys) > 1 and phrase.keys[0] in names:
                        out.add((phrase.keys[0], phrase.keys[1]))
    return frozenset(out)


def _ordinal(
    question: str, anchor_phrases: list[tuple[Phrase, ...]], entity_of: tuple[int, ...]
) -> tuple[frozenset[int], ...]:
    """Return the compared entities' anchor ids (two to four) in the question's order."""
    entities = sorted(set(entity_of))
    if not 2 <= len(entities) <= 4:
        return ()
    keys = _keys_of(question)
    first: list[tuple[int, frozenset[int]]] = []
    for e in entities:
        anchors = frozenset(a for a, owner in enumerate(entity_of) if owner == e)
        at = [
            i
            for a in anchors
            for p in anchor_phrases[a]
            for i in range(len(keys) - len(p.keys) + 1)
            if keys[i : i + len(p.keys)] == p.keys
        ]
        if not at:
            return ()
        first.append((min(at), anchors))
    first.sort(key=lambda f: f[0])
    if len({at for at, _ in first}) < len(first):
        return ()
    return tuple(anchors for _, anchors in first)


# Question words that name no topic of their own ("Why use X?", "How does X work?").
_QUESTION_WORDS = _wordset(
    """use used using work works happen happens differ difference differences mean means
    explain describe compare comparison versus vs why when how what which best practice
    practices purpose example common main key type types kind kinds way ways choose"""
)
_NOT_TOPICS = frozenset(word_key(w) for w in _SLOT_STOP | _QUESTION_WORDS)


_PRONOUNS = _wordset("it they this these those its their")


def _topics(card: Card) -> frozenset[str]:
    """Return the question's word keys its key points open with, when there are two or more.

    "Liveness failure -> restart", "CPU over limit -> throttled": the words a point opens
    with, up to its first stop word, name what it is about.
    """
    question = set(_keys_of(card.question)) - _NOT_TOPICS
    found: set[str] = set()
    for kp in card.key_points:
        t = analyse(kp.text)
        i = 0
        while i < len(t.words) and t.words[i] in _DETERMINERS:
            i += 1
        for j in range(i, min(i + 3, len(t.words))):
            if t.words[j] in _SLOT_STOP or t.clause[j] != t.clause[i]:
                break
            if t.keys[j] in question:
                found.add(t.keys[j])
    return frozenset(found) if len(found) >= 2 else frozenset()


def _point_topics(text: str, topics: frozenset[str]) -> frozenset[str]:
    """Return the topics a point names; all of them when it opens with a pronoun ("They")."""
    t = analyse(text)
    if t.words and t.words[0] in _PRONOUNS:
        return topics
    return topics & frozenset(t.keys)


_CONTRASTED = _wordset("than unlike versus vs whereas")


def _with_objects(point: CompiledPoint, names: dict[tuple[str, ...], set[int]]) -> CompiledPoint:
    """Return a rule-less point with the other entities its own slots name."""
    if point.slot_anchor is None:
        return point
    t = analyse(point.text)
    keys = t.keys
    named: set[int] = set()
    for name, ids in names.items():
        n = len(name)
        for i in range(len(keys) - n + 1):
            # "stateful, unlike NACLs", "cheaper than peering": a contrast, not an object.
            contrast = t.negated[i] or (i and t.words[i - 1] in _CONTRASTED)
            if keys[i : i + n] == list(name) and not contrast:
                named.update(ids)
    named.discard(point.slot_anchor)
    return replace(point, slot_objects=frozenset(named)) if named else point


def _by_initial(surfaces: dict[str, str]) -> dict[str, tuple[tuple[str, str], ...]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for surface, key in surfaces.items():
        index.setdefault(surface[0], []).append((surface, key))
    return {initial: tuple(pairs) for initial, pairs in index.items()}


def _foreign_terms(
    card: Card, glossary: Glossary, anchors: set[tuple[str, ...]]
) -> tuple[tuple[str, ...], ...]:
    """Return the glossary terms that name something other than the card's subject.

    Terms equivalent to the card's anchor are its subject; terms naming the deck, topic or a
    tag, or said in the question, are context ("AWS", "IAM"), not another subject.
    """
    context = {_keys_of(t) for t in (card.deck, card.topic, *card.tags) if t}
    question = _keys_of(card.question)
    out: list[tuple[str, ...]] = []
    for terms in glossary:
        keyed = [k for k in (_keys_of(t) for t in terms) if k]
        if any(k in anchors or k in context or _contains(question, k) for k in keyed):
            continue
        out.extend(keyed)
    return tuple(dict.fromkeys(out))


def _drop_shared_question_words(
    built: list[tuple[dict[tuple[str, ...], None], bool, bool, int, bool, int]],
    said_by: list[tuple[set[tuple[str, ...]], set[tuple[str, ...]]]],
) -> None:
    """Remove from list items the question's words that two items or more of the list share."""
    shared: dict[tuple[int, tuple[str, ...]], int] = {}
    for n, (_, weak) in enumerate(said_by):
        for k in weak:
            shared[(built[n][3], k)] = shared.get((built[n][3], k), 0) + 1
    for n, (own, weak) in enumerate(said_by):
        phrases, free, strong, part, inverted, claim = built[n]
        if not strong or part < 0 or part == _SUBJECT_PART:
            continue
        drop = {k for k in weak - own if shared[(part, k)] > 1}
        kept = {k: None for k in phrases if k not in drop}
        if drop and kept:
            built[n] = (kept, free, strong, part, inverted, claim)


_EXAMPLE_OPENERS = (("for", "example"), ("for", "instance"), ("e", "g"), ("eg",), ("such", "as"))


def _example_clauses(words: list[str], clause: list[int]) -> set[int]:
    """Return the clauses that open with "for example", "e.g." or "such as"."""
    out = set()
    for i, _ in enumerate(words):
        if i and clause[i - 1] == clause[i]:
            continue
        if any(tuple(words[i : i + len(o)]) == o for o in _EXAMPLE_OPENERS):
            out.add(clause[i])
    return out


def _other_subjects(text: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Return the subjects of a point's clauses that negate nothing, and of those that do."""
    t = analyse(text)
    clauses: dict[int, list[int]] = {}
    for i in range(len(t.words)):
        clauses.setdefault(t.clause[i], []).append(i)
    others: list[tuple[str, ...]] = []
    own: list[str] = []
    for idx in clauses.values():
        subject = _clause_subject(t, idx)
        if any(t.words[i] in _VERB_NEGATORS or t.negator[i] for i in idx):
            own.extend(subject)
        elif subject:
            others.append(subject)
    return tuple(others), tuple(own)


def _clause_subject(t: _Text, idx: list[int]) -> tuple[str, ...]:
    """Return the keys of the words a clause opens with before its verb (none for a pronoun)."""
    subject: list[str] = []
    for i in idx:
        w = t.words[i]
        if w in _VERBISH:
            return tuple(subject) if len(subject) <= 3 else ()
        if subject and w in STOPWORDS:
            break
        if w not in STOPWORDS and w not in _PRONOUNS and w not in _CLAUSE_WORDS:
            subject.append(t.keys[i])
    return ()
