"""Match one answer against one compiled card: hits, entity mentions and attribution."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from engine.checker.compiled import CompiledCard, CompiledPoint, Group, Phrase, Rule
from engine.checker.slots import _DETERMINERS, _VERBISH, _predicate_follows
from engine.checker.words import (
    _CLAUSE_OPENERS,
    _CLAUSE_WORDS,
    _COORDINATORS,
    _LIMITED,
    _LIST_GLUE,
    _MODIFIERS,
    _NEW_PREDICATE,
    _PRONOUNS,
    _RELATIVE,
    _SCOPE,
    _SUPPOSING,
    COMMON_WORDS,
    CONTRAST,
    PREPOSITIONS,
    STOPWORDS,
    _required,
    _Text,
    _wordset,
    analyse,
    unit_start,
    word_key,
)
from engine.model import PointResult, PointStatus

# ---------------------------------------------------------------------------------------------
# Matching one answer against one compiled card


# Words that may come before the subject a clause opens with ("and the NAT gateway is").
_OPENING_GLUE = _DETERMINERS | _COORDINATORS | _CLAUSE_WORDS | _wordset("then also so")

# Words between a predicate hit and a following mention for that mention to own the hit.
_NEAR_OBJECT = 3


_POSSESSIVES = _wordset("my our your their its his her")
_MODALS = _wordset("can could will would should may might must cannot")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # first word index
    end: int  # one past the last word index
    negated: bool
    # Every word is already in the question: it may complete a point, not carry it alone.
    weak: bool = False
    # The phrase says a negation itself ("no need"), which then negates nothing else.
    negative: bool = False


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    sent: int
    anchors: frozenset[int]
    subject: bool = True
    chain: int = 0


def _abbreviation_plural(word: str, card_keys: frozenset[str]) -> str | None:
    """Return the card key of an abbreviation's plural ("SGs", "OUs"), which stems leave alone."""
    if len(word) < 3 or len(word) > 6 or word[-1] != "s" or word[-2] in "s'":
        return None
    single = word[:-1]
    if single in STOPWORDS or single in COMMON_WORDS:
        return None
    key = word_key(single)
    return key if key in card_keys else None


# Prepositions that name the topic when they open a clause ("With NACLs, ...", "For a security
# group, ..."); "unlike", "than" or "over" never do.
_TOPIC_PREPOSITIONS = _wordset("with for on in")
# "Groups let users share permissions", "a NAT gateway allows instances to reach out": the
# name after such a verb is its object; what follows is still said of the subject before.
CAUSATIVE_OBJECTS = True
_CAUSATIVES = _wordset("let lets allow allows enable enables help helps permit permits")
_CAUSATIVE_SKIP = _wordset("the your their all its any every")


_DEFINITE = _wordset("the this that")
_FUNCTION_KEYS = frozenset(word_key(w) for w in STOPWORDS | PREPOSITIONS)


@lru_cache(maxsize=256)
def _heads(
    entities: tuple[tuple[Phrase, frozenset[int]], ...],
) -> dict[str, frozenset[int]]:
    """Map the last word of each compared entity's name to it, when no other entity shares it.

    "the gateway" after "NAT gateway ... NAT instance" names the NAT gateway; on a card
    comparing an internet gateway with a NAT gateway it names neither.
    """
    heads: dict[str, set[frozenset[int]]] = {}
    # A word that is a whole name, or starts one ("JSON" in "JSON document"), is no head.
    single = {p.keys[0] for p, _ in entities}
    for phrase, anchors in entities:
        # A two-word name ("NAT gateway"), not a phrase ("to the internet", "as JSON").
        if len(phrase.keys) == 2 and not _FUNCTION_KEYS.intersection(phrase.keys):
            heads.setdefault(phrase.keys[-1], set()).add(anchors)
    return {
        head: next(iter(owners))
        for head, owners in heads.items()
        if len(owners) == 1 and head not in single
    }


def _modifiers(
    entities: tuple[tuple[Phrase, frozenset[int]], ...],
) -> dict[tuple[str, ...], frozenset[int]]:
    """Map compared names that share their last word, without it, to each one.

    Notes comparing a trust policy with a permission policy write "trust = ...", "perms = ...";
    "customer managed: yours" names the customer managed policy.
    """
    by_head: dict[str, dict[tuple[str, ...], set[frozenset[int]]]] = {}
    for phrase, anchors in entities:
        if len(phrase.keys) in (2, 3) and not _FUNCTION_KEYS.intersection(phrase.keys):
            by_head.setdefault(phrase.keys[-1], {}).setdefault(phrase.keys[:-1], set()).add(anchors)
    out: dict[tuple[str, ...], set[frozenset[int]]] = {}
    for firsts in by_head.values():
        if len({a for owners in firsts.values() for a in owners}) < 2:
            continue
        for first, owners in firsts.items():
            out.setdefault(first, set()).update(owners)
    return {first: next(iter(owners)) for first, owners in out.items() if len(owners) == 1}


def _shared_heads(
    entities: tuple[tuple[Phrase, frozenset[int]], ...],
) -> dict[str, frozenset[int]]:
    """Map the last word several compared names share (not all of them) to those names.

    Notes comparing AWS managed, customer managed and inline policies write "Managed:
    standalone and reusable" of the first two.
    """
    by_word: dict[str, set[int]] = {}
    every: set[int] = set()
    for phrase, anchors in entities:
        every |= anchors
        if len(phrase.keys) in (2, 3) and not _FUNCTION_KEYS.intersection(phrase.keys):
            by_word.setdefault(phrase.keys[-1], set()).update(anchors)
    return {
        word: frozenset(anchors)
        for word, anchors in by_word.items()
        if 1 < len(anchors) < len(every)
    }


# "Managed: standalone and reusable": a label naming the word several compared names end
# with (AWS and customer managed policies) names them all.
SHARED_LABELS = True

_ALL_OF_THEM = frozenset({"both", "neither"})
_KINDS = frozenset({"of", "kinds", "types", "options", "ones", "services", "approaches"})
_ORDINALS = {"former": 0, "first": 0, "latter": 1, "second": 1, "other": 1, "third": 2}
_OF_TWO = frozenset({"former", "latter", "other"})
_KIND_NOUNS = frozenset(
    {"kind", "type", "option", "flavour", "flavor", "half", "variant", "sort", "approach"}
)


# See `_Match.clause_topics`.
CLAUSES_KEEP_SUBJECT = True
_SUBORDINATORS = _wordset("since because as if when once unless although though after before")


# A one-word name of a compared entity ("public" for a public subnet) that opens a phrase of
# the card's rules ("public IPs") modifies the next word: it names no entity there.
MODIFIER_ALIASES = True


class _Match:
    """One answer seen through one card: where each card key occurs, entities, attribution."""

    def __init__(self, card: CompiledCard, answer: str, text: _Text | None = None) -> None:
        """`text` is the answer's analysis when another card already made it (it is not changed)."""
        self.card = card
        self.answer = answer
        self.text = text = text if text is not None else analyse(answer, ellipses=True)
        pos: dict[str, list[int]] = {}
        card_keys = card.keys
        for i, (w, k) in enumerate(zip(text.words, text.keys, strict=True)):
            if k in card_keys:
                pos.setdefault(k, []).append(i)
            elif (plural := _abbreviation_plural(w, card_keys)) is not None:
                pos.setdefault(plural, []).append(i)
            else:
                for fk in card.typo_keys(w):
                    pos.setdefault(fk, []).append(i)
                for fk in card.initialism_keys(w):
                    pos.setdefault(fk, []).append(i)
        self.pos = {k: frozenset(v) for k, v in pos.items()}
        self._found: dict[tuple[str, ...], list[_Hit]] = {}
        # Per point index: the entities its predicate is said of (comparison cards).
        self.said: dict[int, dict[int, list[_Hit]]] = {}
        self.judged: dict[int, PointResult] = {}
        # Rule-less points one sentence nearly filled: gap and hits (see `slots.NEAR_GAP`).
        self.near: dict[int, tuple[float, list[_Hit]]] = {}
        # Rule-less points covered in the words of the model answer (`CompiledPoint.echo`).
        self.echoed: set[int] = set()
        # Rule-less points a sentence restates in close wording (see `fallback._resembling`).
        self.resembled: dict[int, list[_Hit]] = {}
        # Rule-less points whose words a clause about another point's subject says, by subject.
        self.said_of_other: dict[int, dict[tuple[str, int], list[_Hit]]] = {}
        self.mentions = self._mentions() if card.attribute else []
        # Single-entity cards: sentences naming the subject, and subject-like mentions of
        # other glossary terms, which make a sentence about something else.
        self.subject_sentences: set[int] = set()
        self.foreign: dict[int, list[tuple[int, int]]] = {}
        if card.foreign:
            for phrase, _ in card.entities:
                for start, _end in self._find_exact(phrase.keys):
                    self.subject_sentences.add(text.sent[start])
            for term in card.foreign:
                for start, end in self._find_exact(term):
                    if not self._after_preposition(start, end):
                        self.foreign.setdefault(text.sent[start], []).append((start, end))
        self._owners: dict[tuple[int, int, bool], tuple[_Mention, ...]] = {}
        self.strict = False
        self._by_sent: dict[int, list[_Mention]] = {}
        chains: dict[int, list[_Mention]] = {}
        for m in self.mentions:
            self._by_sent.setdefault(m.sent, []).append(m)
            chains.setdefault(m.chain, []).append(m)
        self._chains = {c: tuple(ms) for c, ms in chains.items()}
        self._topics = self._sentence_topics()
        self._clause_topics: tuple[dict[int, int], dict[int, set[int]]] | None = None
        self._named: dict[int, frozenset[str]] = {}
        self._plain_sentences: list[tuple[int, int, str]] | None = None
        self._sentence_words: dict[int, list[int]] | None = None

    def find(self, keys: tuple[str, ...], negative: bool = False) -> list[_Hit]:
        """Return every occurrence of a phrase, allowing one extra word between its words."""
        cached = self._found.get(keys)
        if cached is not None:
            return cached
        hits: list[_Hit] = []
        first = self.pos.get(keys[0])
        if first:
            rest = [self.pos.get(k) for k in keys[1:]]
            if all(rest):
                for i in sorted(first):
                    end = self._extend(i, rest, 0, False)
                    if end is not None:
                        stop, filler_negated = end
                        negated = self.text.negated[i] or filler_negated
                        if POSTPOSED_IN_PHRASE and not negated:
                            # "An SCP grants nothing": a denial after the phrase's first
                            # word that reaches back to it ("grants") denies the phrase.
                            by = self.text.negated_by
                            negated = any(by[k] >= stop for k in range(i + 1, stop))
                        # A phrase saying a negation itself is denied only by a "not" inside
                        # it ("the key policy is not optional" for "key policy is optional").
                        hits.append(_Hit(i, stop, filler_negated if negative else negated))
        self._found[keys] = hits
        return hits

    def _extend(
        self, i: int, rest: list[frozenset[int] | None], n: int, neg: bool
    ) -> tuple[int, bool] | None:
        if n == len(rest):
            return i + 1, neg
        sent = self.text.sent
        allowed = rest[n]
        assert allowed is not None
        for step in (1, 2):
            j = i + step
            if j < len(sent) and sent[j] == sent[i] and j in allowed:
                filler = step == 2 and self.text.negator[i + 1]
                found = self._extend(j, rest, n + 1, neg or filler)
                if found is not None:
                    return found
        return None

    def _mentions(self) -> list[_Mention]:
        found = []
        keys, sep, sent = self.text.keys, self.text.sep, self.text.sent
        modifiers = self.card.modifier_pairs if MODIFIER_ALIASES else frozenset()
        for phrase, anchors in self.card.entities:
            for hit in self._find_exact(phrase.keys):
                i = hit[0]
                if (
                    modifiers
                    and len(phrase.keys) == 1
                    and i + 1 < len(keys)
                    and sent[i + 1] == sent[i]
                    and sep[i + 1] == ""
                    and (keys[i], keys[i + 1]) in modifiers
                ):
                    continue  # "public IPs" names no public subnet, though "public" alone may
                found.append((hit[0], -(hit[1] - hit[0]), hit[1], anchors))
        words = self.text.words
        for head, anchors in _heads(self.card.entities).items():
            for i in self.pos.get(head, ()):
                if len(words[i]) > len(head) + 2:
                    continue  # "Connection:" shares a stem with Direct Connect, not its name
                if i and words[i - 1] in _DEFINITE and self.text.sent[i - 1] == self.text.sent[i]:
                    found.append((i, -1, i + 1, anchors))
                elif self._opens_statement(i):
                    # Notes name the compared things by their last word: "gateway = managed,
                    # instance = EC2 you patch".
                    found.append((i, -1, i + 1, anchors))
        for first, anchors in _modifiers(self.card.entities).items():
            for i, end in self._find_exact(first):
                if self._opens_statement(i, end):
                    found.append((i, i - end, end, anchors))
        if SHARED_LABELS:
            for word, anchors in _shared_heads(self.card.entities).items():
                for i in self.pos.get(word, ()):
                    if self._opens_statement(i) and self.text.sep[i + 1 : i + 2] in ([":"], ["="]):
                        found.append((i, -1, i + 1, anchors))
        found += self._ordinal_mentions()
        found += self._all_of_them({m[0] for m in found})
        found.sort(key=lambda m: (m[0], m[1]))
        mentions: list[_Mention] = []
        taken_until = -1
        for start, _, end, anchors in found:
            if start < taken_until or (VENDOR_PRODUCTS and self._names_product(start, end)):
                continue
            mentions.append(_Mention(start, end, self.text.sent[start], anchors))
            taken_until = end
        self._mark_subjects(mentions)
        return mentions

    def _all_of_them(self, starts: set[int]) -> list[tuple[int, int, int, frozenset[int]]]:
        """Find "Both are free", "Neither supports ...": a subject naming every compared entity.

        Not "both ways" or "both directions", nor "both security groups and NACLs" (`starts`:
        where other mentions begin). A plural subject's verb does not end in "s" ("both
        encrypt with KMS").
        """
        every = frozenset().union(*(anchors for _, anchors in self.card.entities))
        words, clause = self.text.words, self.text.clause
        out = []
        for i, w in enumerate(words):
            opens = i == 0 or clause[i - 1] != clause[i]
            if w not in _ALL_OF_THEM or not opens or {i + 1, i + 2} & starts:
                continue
            nxt = words[i + 1] if i + 1 < len(words) else ""
            verb = nxt.isalpha() and not nxt.endswith("s") and nxt not in STOPWORDS
            if nxt in _KINDS or nxt in _NEW_PREDICATE or verb:
                out.append((i, -1, i + 1, every))
        return out

    def _ordinal_mentions(self) -> list[tuple[int, int, int, frozenset[int]]]:
        """Find "the former", "the second kind", "option two", "One is ... the other ...".

        The question's order tells which compared entity is which ("the difference between an
        internet gateway and a NAT gateway": one, the first, the former is the internet
        gateway); "the former", "the latter" and "the other" only when it compares two.
        """
        order = self.card.ordinal
        if not order:
            return []
        words = self.text.words
        out = []
        second_named = False
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if i and words[i - 1] == "the" and w in _ORDINALS:
                nth = _ORDINALS[w]
                if nth >= len(order) or (w in _OF_TWO and len(order) != 2):
                    continue
                n = 2 if nxt == "one" or nxt in _KIND_NOUNS else 1
                pronoun = n == 2 or w in ("former", "latter") or self._ends_phrase(i)
                if not pronoun:
                    continue  # "the first rule that matches", "the other account"
                out.append((i - 1, -(n + 1), i + n, order[nth]))
                second_named = second_named or nth == 1
            elif w == "option" and nxt in ("one", "1", "two", "2") and len(order) == 2:
                out.append((i, -2, i + 2, order[0 if nxt in ("one", "1") else 1]))
        if second_named and len(order) == 2:
            # "One is the VPC's front door ..., the other ...": "one" (or "one kind") opening a
            # statement.
            for i, w in enumerate(words):
                if w != "one":
                    continue
                nxt = words[i + 1] if i + 1 < len(words) else ""
                if nxt in _KIND_NOUNS and (
                    i == 0 or self.text.clause[i - 1] != self.text.clause[i]
                ):
                    out.append((i, -2, i + 2, order[0]))
                elif self._opens_statement(i):
                    out.append((i, -1, i + 1, order[0]))
        return out

    def _ends_phrase(self, i: int) -> bool:
        """Tell whether word `i` is followed by a verb, a clause break or the end."""
        t = self.text
        if i + 1 >= len(t.words) or t.clause[i + 1] != t.clause[i]:
            return True
        return _predicate_follows(t.words, i + 1, t.sep)

    def _opens_statement(self, i: int, end: int | None = None) -> bool:
        """Tell whether words `i` to `end` open their clause and a verb (or "=", ":") follows."""
        t = self.text
        if i and t.clause[i - 1] == t.clause[i]:
            return False
        return _predicate_follows(t.words, i + 1 if end is None else end, t.sep, colon=True)

    def _find_exact(self, keys: tuple[str, ...]) -> list[tuple[int, int]]:
        first = self.pos.get(keys[0])
        if not first:
            return []
        out = []
        for i in sorted(first):
            if all(
                i + n < len(self.text.keys)
                and self.text.sent[i + n] == self.text.sent[i]
                and i + n in self.pos.get(k, ())
                for n, k in enumerate(keys[1:], 1)
            ):
                out.append((i, i + len(keys)))
        return out

    def _mark_subjects(self, mentions: list[_Mention]) -> None:
        chain = 0
        for n, m in enumerate(mentions):
            m.subject = (
                not self._after_preposition(m.start, m.end)
                and not self._in_parentheses(m)
                and not self._after_modal(m)
                and not (LEADING_VERB_OBJECTS and self._after_leading_verb(m, mentions))
                and not (PREDICATE_NAMES and self._predicate_name(m, mentions[:n]))
                and not (CAUSATIVE_OBJECTS and self._after_causative(m, mentions[:n]))
            )
            prev = mentions[n - 1] if n else None
            if prev is not None and self._listed(prev, m):
                m.chain = prev.chain
                # A list that continues a prepositional phrase stays in it.
                m.subject = m.subject and prev.subject
            else:
                chain += 1
                m.chain = chain

    def _after_causative(self, m: _Mention, before: list[_Mention]) -> bool:
        """Tell whether a mention is what a subject before it lets do ("Groups let users share
        permissions": what users share is the group's point)."""
        t = self.text
        j = m.start - 1
        while j >= 0 and t.words[j] in _CAUSATIVE_SKIP and t.clause[j] == t.clause[m.start]:
            j -= 1
        if j < 0 or t.words[j] not in _CAUSATIVES or t.clause[j] != t.clause[m.start]:
            return False
        return any(o.subject and t.clause[o.start] == t.clause[m.start] for o in before)

    def _after_preposition(self, start: int, end: int) -> bool:
        """Tell whether a mention opens a prepositional phrase ("collections of IAM users")."""
        j = self._preposition_before(start, end)
        if j is None:
            return False
        return not (self.text.words[j] in _TOPIC_PREPOSITIONS and self._opens_clause(j))

    def _after_leading_verb(self, m: _Mention, mentions: list[_Mention]) -> bool:
        """Tell whether a mention is the object of a verb its line opens with ("- Performs 1:1
        NAT between ...", "Routes traffic to the IGW"): notes leave the subject out."""
        t = self.text
        first = unit_start(t.sent, m.start)
        if first == m.start or m.start - first > 4:
            return False
        verb = t.words[first]
        if not (verb.endswith("s") and not verb.endswith("ss") and verb.isalpha()):
            return False
        if self.answer[t.starts[first] : t.ends[first]].isupper():
            return False  # "KMS key policies are optional": an initialism, no verb
        if any(mm.start == first for mm in mentions):
            return False
        between = t.words[first + 1 : m.start]
        return all(w in _DETERMINERS or not w.isalpha() or w in ("one", "to") for w in between)

    def _predicate_name(self, m: _Mention, earlier: list[_Mention]) -> bool:
        """Tell whether a mention is what another entity is loosely said to be ("Roles are
        basically groups of permissions"): a name after a copula and a hedge, in a clause that
        opens with another entity's name, is no subject of what follows it."""
        t = self.text
        j = m.start - 1
        while j >= 0 and m.start - j <= 5 and t.words[j] in _COPULA_FILLERS:
            j -= 1
        if j < 0 or t.words[j] not in _COPULAS or t.clause[j] != t.clause[m.start]:
            return False
        if not _LOOSELY.intersection(t.words[j + 1 : m.start]):
            return False  # "A NAT instance is the managed option": a swap, said as written
        return any(
            o.subject and o.end <= j and t.clause[o.start] == t.clause[j] and o.anchors != m.anchors
            for o in earlier
        )

    def _after_modal(self, m: _Mention) -> bool:
        """Tell whether a mention is a verb after a modal ("ADD can copy files"): a name that
        is also a verb ("copy", "add", "merge") says what the subject before it does."""
        return (
            m.start > 0
            and self.text.sent[m.start - 1] == self.text.sent[m.start]
            and (self.text.words[m.start - 1] in _MODALS)
        )

    def _in_parentheses(self, m: _Mention) -> bool:
        """Tell whether a mention sits in a parenthesis ("assumed by trusted entities (users,
        applications)"), which is never what the sentence around it is said of."""
        t = self.text
        return t.sep[unit_start(t.clause, m.start)] == "("

    def _preposition_before(self, start: int, end: int) -> int | None:
        """Return the preposition whose object a mention at `start` is, if any.

        Up to two modifiers may sit between them ("of the IAM users"). So may another object
        and an "and"/"or" when the mention ends its clause ("for AWS services or users;"), but
        not when it goes on ("SGs apply to instances and NACLs to subnets") or opens a
        statement of its own ("like a firewall and security groups are stateful"), nor after a
        phrase opening the clause ("By default security groups deny inbound traffic").
        """
        t = self.text
        j = start - 1
        skipped = other = joined = 0
        while j >= 0 and t.clause[j] == t.clause[start]:
            w = t.words[j]
            if w in PREPOSITIONS or (SAME_AS and w == "as" and j and t.words[j - 1] == "same"):
                if not joined:
                    return j
                ends_clause = end >= len(t.words) or t.clause[end] != t.clause[start]
                if not ends_clause or self._opens_clause(j) or self._verb_follows(start, end):
                    return None
                return j
            if w in _MODIFIERS and skipped < 2:
                skipped += 1
            elif w in _COORDINATORS and not joined:
                joined += 1
            elif joined and not other and w.isalpha() and w not in STOPWORDS:
                other += 1
            else:
                return None
            j -= 1
        return None

    def _verb_follows(self, start: int, end: int) -> bool:
        """Tell whether the name at `start`..`end` goes straight on to a verb of its own."""
        t = self.text
        return (
            end < len(t.words)
            and t.clause[end] == t.clause[start]
            and t.words[end] in _NEW_PREDICATE
        )

    def _opens_clause(self, j: int) -> bool:
        # "With a NAT instance, you patch it": a clause that opens with the phrase is about it.
        t = self.text
        k = j - 1
        while k >= 0 and t.clause[k] == t.clause[j]:
            if t.words[k] not in _CLAUSE_OPENERS:
                return False
            k -= 1
        return True

    def _listed(self, a: _Mention, b: _Mention) -> bool:
        t = self.text
        if a.sent != b.sent:
            return False
        if any(t.sep[j] for j in range(a.end, b.start + 1)):
            return False
        glue = t.words[a.end : b.start]
        if not all(w in _LIST_GLUE for w in glue):
            return False
        if not any(w in _COORDINATORS for w in glue):
            # "Unlike NACLs, security groups ...": a phrase opening the clause ends at its comma.
            j = self._preposition_before(a.start, a.end)
            if j is not None and self._opens_clause(j):
                return False
        # A list names different things: two names of one entity side by side ("groups
        # collect users", where "collect" is the group's "collection") are subject and verb.
        if not glue and a.anchors & b.anchors:
            return False
        # "isolated from other regions, an AZ is ...": a comma with no "and"/"or" and a verb
        # right after the mention starts a new statement, not the next item of a list.
        return not (
            not any(w in _COORDINATORS for w in glue)
            and b.end < len(t.words)
            and t.clause[b.end] == t.clause[b.start]
            and t.words[b.end] in _NEW_PREDICATE
        )

    def _sentence_topics(self) -> dict[int, tuple[_Mention, ...]]:
        """Map each sentence to the entity it is about when it names none (pronouns)."""
        topics: dict[int, tuple[_Mention, ...]] = {}
        by_sent = self._by_sent
        current: tuple[_Mention, ...] = ()
        last_sent = self.text.sent[-1] if self.text.sent else 0
        for s in range(last_sent + 1):
            topics[s] = current
            ms = by_sent.get(s)
            if ms:
                subjects = [m for m in ms if m.subject]
                # A sentence naming something only as an object ("Lowest latency (no hop
                # through TGW)") leaves the topic as it was.
                if subjects or not current or not TOPIC_KEEPS:
                    current = self._chain(subjects[-1] if subjects else ms[-1])
        return topics

    def _names_product(self, start: int, end: int) -> bool:
        """Tell whether a vendor's name is the first word of a product's ("Amazon EC2")."""
        t = self.text
        if end - start != 1 or t.words[start] not in _VENDORS or end >= len(t.words):
            return False
        if t.clause[end] != t.clause[start] or self.answer[t.ends[start] : t.starts[end]] != " ":
            return False
        nxt = self.answer[t.starts[end] : t.ends[end]]
        return nxt[:1].isupper() or any(c.isdigit() for c in nxt)

    def _chain(self, m: _Mention) -> tuple[_Mention, ...]:
        return self._chains[m.chain]

    def owners(self, hit: _Hit) -> tuple[_Mention, ...]:
        """Return the entity mentions a predicate hit is said about."""
        key = (hit.start, hit.end, self.strict)
        if key in self._owners:
            return self._owners[key]
        sent = self.text.sent[hit.start]
        in_sentence = self._by_sent.get(sent, [])
        inside = [m for m in in_sentence if m.start < hit.end and hit.start < m.end]
        # A phrase that opens with an entity and goes on to say something of it ("peering is
        # the hub") is said of that entity, whoever the sentence's subject before it is; one
        # word after it is more likely a noun the entity's name qualifies ("public IPs"), and a
        # possessive owns no predicate ("your operating system").
        lead = [
            m
            for m in inside
            if m.start == hit.start
            and hit.end - m.end >= 2
            and m.subject
            and self.text.words[m.start] not in _POSSESSIVES
        ]
        if lead:
            self._owners[key] = found = self._chain(lead[0])
            return found
        siblings = {m.chain for m in inside}
        ms = [m for m in in_sentence if m not in inside and m.chain not in siblings]
        before = [m for m in ms if m.end <= hit.start]
        after = [m for m in ms if m.start >= hit.end]
        found: tuple[_Mention, ...] = ()
        relative = self._relative_owner(hit.start, before)
        if relative is not None:
            found = self._chain(relative)
            before = []
        elif COORDINATED_PREDICATES:
            before = self._coordinated_subject(hit.start, before)
        if OWN_SUBJECT_CLAUSES and self.strict and before and self._has_own_subject(hit.start):
            # "route tables decide next hops, and security groups filter traffic": the
            # misconception "route tables filter" is not what the later clause says.
            before = []
        for m in reversed(before):
            if m.subject:
                found = self._chain(m)
                break
        else:
            # An object named before the hit ("instances in your VPC") does not hide the
            # heading the line is under.
            heading = self._heading(sent) if HEADINGS else ()
            # With no mention before the hit, an object right after it ("deny rules in a
            # security group") owns it rather than the subject of a later coordinated clause.
            near = (
                [
                    m
                    for m in after
                    if m.start - hit.end <= _NEAR_OBJECT
                    # "X are reusable and shared, while inline ...": not across a contrast.
                    and not (
                        NEAR_SAME_CLAUSE
                        and _CONTRASTING.intersection(self.text.words[hit.end : m.start])
                    )
                ]
                if not before
                else []
            )
            if heading and not any(m.subject for m in after if m.start < hit.start + 4):
                # Under a heading line that only names an entity ("Availability Zone (AZ)"),
                # a line going on without a subject of its own is about it: "One or more data
                # centers inside a region".
                self._owners[key] = heading
                return heading
            if not before:
                # A later clause's subject owns nothing said before it ("A is the IPv4 address,
                # and a CNAME points a name at another name"). On the opened AWS sets: with
                # rules 2 false credits and 2 false contradictions fewer, 2 true credits lost;
                # without rules 10 more points found for 2 more false credits.
                clause = self.text.clause[hit.start]
                after = [m for m in after if self.text.clause[m.start] == clause]
            for m in near[:1] or [m for m in after if m.subject]:
                found = self._chain(m)
                break
            else:
                if before:
                    found = self._chain(before[-1])
                elif after:
                    found = self._chain(after[0])
                elif (
                    not in_sentence
                    and not self._supposed(hit.start)
                    and not (self.strict and not self._refers_back(sent))
                ):
                    found = self._topics.get(sent, ())
        self._owners[key] = found
        return found

    def _has_own_subject(self, start: int) -> bool:
        """Tell whether the clause of word `start` opens with a subject of its own before it:
        ", and security groups filter traffic" (a noun phrase that names no entity)."""
        t = self.text
        first = unit_start(t.clause, start)
        if first == 0 or t.sent[first - 1] != t.sent[start]:
            return False
        words = t.words[first:start]
        if not words or words[0] not in _COORDINATORS:
            return False
        while words and words[0] in _COORDINATORS:
            words = words[1:]
        return (
            0 < len(words) <= 3
            and all(w.isalpha() or "/" in w for w in words)
            and not any(w in _PRONOUNS or w in _VERBISH or w in STOPWORDS for w in words)
        )

    def _heading(self, sent: int) -> tuple[_Mention, ...]:
        """Return the entity the previous sentence only names (a heading line), if any."""
        t = self.text
        ms = self._by_sent.get(sent - 1, [])
        if not ms or any(m.subject for m in self._by_sent.get(sent, [])):
            return ()
        named = {i for m in ms for i in range(m.start, m.end)}
        words = self.sentence_words().get(sent - 1, [])
        first: dict[int, int] = {}
        for i in words:
            first.setdefault(t.clause[i], i)
        rest = [
            i
            for i in words
            if i not in named and t.words[i] not in STOPWORDS and t.sep[first[t.clause[i]]] != "("
        ]
        heads = [m for m in ms if not self._in_parentheses(m)]
        if rest or len({m.chain for m in heads}) != 1:
            return ()
        return self._chain(heads[0])

    def sentence_words(self) -> dict[int, list[int]]:
        """Return each sentence's word indices, in order."""
        if self._sentence_words is None:
            self._sentence_words = {}
            for i, s in enumerate(self.text.sent):
                self._sentence_words.setdefault(s, []).append(i)
        return self._sentence_words

    def _refers_back(self, sent: int) -> bool:
        """Tell whether a sentence opens with a pronoun referring to an earlier topic ("They
        are ...", "Its keys ..."; not "doing it wrong" at its end)."""
        opening = self.sentence_words().get(sent, [])[:3]
        return any(self.text.words[i] in _BACK_REFERENCES for i in opening)

    def _supposed(self, i: int) -> bool:
        """Tell whether word `i` is in the opening clause of a sentence that opens with
        if/unless/whether/until: "If a vendor asks you for a secret key, ..." supposes a case of
        its own and says nothing of the last thing named."""
        if not SUPPOSITIONS_OWN_TOPIC:
            return False
        t = self.text
        j = self.sentence_words()[t.sent[i]][0]
        return t.words[j] in _SUPPOSING and t.clause[j] == t.clause[i]

    def _coordinated_subject(self, start: int, before: list[_Mention]) -> list[_Mention]:
        """Keep, for a predicate joined by "and is" / "and has", the mentions that had a verb.

        "An AZ is an isolated location within a geographic region and is a physical data
        center": the second "is" has the AZ's subject, not the region that ends the first.
        """
        t = self.text
        j = start
        while j > 0 and t.sent[j] == t.sent[start] and t.words[j] not in _NEW_PREDICATE:
            if start - j >= 3:
                return before
            j -= 1
        if j <= 0 or t.words[j] not in _NEW_PREDICATE or t.words[j - 1] not in ("and", "or"):
            return before
        if t.words[j] in ("it", "they"):
            return before
        subjects = [
            m
            for m in before
            if m.end < len(t.words)
            and t.words[m.end] in _NEW_PREDICATE
            and m.end < j - 1
            and t.clause[m.start] == t.clause[j]
        ]
        return subjects or before

    def _relative_owner(self, start: int, before: list[_Mention]) -> _Mention | None:
        """Return the mention a relative clause hangs on ("NACLs, which are stateless")."""
        t = self.text
        c = start
        while c > 0 and t.clause[c - 1] == t.clause[start]:
            c -= 1
        if t.words[c] not in _RELATIVE:
            return None
        for m in before:
            if m.end == c:
                return m
        return None

    def plain_sentences(self) -> list[tuple[int, int, str]]:
        """Return (start, end, words joined) of each sentence without a negated word."""
        if self._plain_sentences is None:
            t = self.text
            found = []
            start = 0
            for end in range(1, len(t.words) + 1):
                if end < len(t.words) and t.sent[end] == t.sent[start]:
                    continue
                if not any(t.negated[start:end]):
                    found.append((start, end, " ".join(t.words[start:end])))
                start = end
            self._plain_sentences = found
        return self._plain_sentences

    def clause_topics(self) -> tuple[dict[int, int], dict[int, set[int]]]:
        """Map each clause opening with a point's subject to it, and each clause to those named.

        "Subnets are isolated networks, and a VPC is a smaller range": the first clause is
        about the subnets, the second about the VPC.
        """
        if self._clause_topics is not None:
            return self._clause_topics
        t = self.text
        opens: dict[int, int] = {}
        named: dict[int, set[int]] = {}
        found = [
            (n, start, end)
            for n, variants in enumerate(self.card.openings)
            for keys in variants
            for start, end in self._find_exact(keys)
        ]
        for n, start, end in found:
            # "EXPLAIN ANALYZE runs it" names EXPLAIN ANALYZE, not EXPLAIN as well.
            if any(m != n and s <= start and end <= e and e - s > end - start for m, s, e in found):
                continue
            c = t.clause[start]
            named.setdefault(c, set()).add(n)
            j = start - 1
            while j >= 0 and t.clause[j] == c and t.words[j] in _OPENING_GLUE:
                j -= 1
            if (j < 0 or t.clause[j] != c) and _predicate_follows(t.words, end, t.sep):
                opens.setdefault(c, n)
        if CLAUSES_KEEP_SUBJECT:
            # "gateway endpoints are only for S3, go in the route table and are free": a clause
            # naming no subject, after a comma, goes on about the one its sentence's last clause
            # opened with. Not the card's one subject ("Stash takes what you changed, gives
            # you a clean tree" is about every point), nor after a subordinate clause ("Since
            # NACLs are stateless, you need ...").
            main = self._main_subject()
            first: dict[int, str] = {}
            for j in range(len(t.words)):
                first.setdefault(t.clause[j], t.words[j])
            for j in range(1, len(t.words)):
                c, before = t.clause[j], t.clause[j - 1]
                if (
                    c != before
                    and c not in named
                    and t.sent[j] == t.sent[j - 1]
                    and opens.get(before, main) != main
                    and t.sep[j] == ""
                    and t.words[j] not in _CLAUSE_WORDS
                    and first[before] not in _SUBORDINATORS
                ):
                    opens[c] = opens[before]
                    named[c] = set(named.get(before, ()))
        self._clause_topics = (opens, named)
        return self._clause_topics

    def _main_subject(self) -> int:
        """Return the one point subject the question names, else -1 (none, or several)."""
        q = self.card.question_keys
        named = [
            n
            for n, variants in enumerate(self.card.openings)
            if any(all(k in q for k in v) for v in variants)
        ]
        return named[0] if len(named) == 1 else -1

    def named_topics(self, at: int) -> frozenset[str]:
        """Return the card topics the clause of word `at` names, else the nearest earlier one's.

        "For CPU it is throttled, for memory it gets killed": the second clause is about
        memory; in "liveness fails -> container restarted" the arrow's clause inherits liveness.
        """
        t = self.text
        c = t.clause[at]
        found = self._named.get(c)
        if found is None:
            topics = self.card.topics
            j = at
            while j > 0 and t.clause[j - 1] == c:
                j -= 1
            named: set[str] = set()
            for i in range(j, len(t.keys)):
                if t.clause[i] != c:
                    break
                named.add(t.keys[i])
                for key in self.card.initialism_keys(t.words[i]):
                    named.update(self.card.initialism_words(key))  # "NACLs"
            named &= topics
            if not named and j > 0 and t.sent[j - 1] == t.sent[at]:
                found = self.named_topics(j - 1)
            else:
                found = frozenset(named)
            self._named[c] = found
        return found

    def about_other(self, topics: frozenset[str], hits: list[_Hit], opening: int = -1) -> bool:
        """Tell whether every hit is said of something other than a rule-less point's subject.

        That is, in a clause naming card topics, none of them `topics`, or in a clause that
        opens with another point's subject and never names `opening`, the point's own.
        """
        if opening >= 0:
            opens, named = self.clause_topics()
            clauses = {self.text.clause[h.start] for h in hits}
            if all(opens.get(c, opening) != opening and opening not in named[c] for c in clauses):
                return True
        if not topics:
            return False
        for h in hits:
            named = self.named_topics(h.start)
            if not named or named & topics:
                return False
        return True

    def mentions_of(self, anchor: int) -> list[_Mention]:
        return [m for m in self.mentions if anchor in m.anchors]


@dataclass(slots=True)
class _Found:
    """Evidence for one rule: hits per group that count and hits that were negated."""

    positive: list[list[_Hit]]
    negated: list[list[_Hit]]
    anchor_mentions: list[_Mention]

    def all_positive(self) -> bool:
        # Restating the question's own words satisfies nothing by itself.
        return all(self.positive) and any(not h.weak for hs in self.positive for h in hs)

    def negation_only(self, groups: tuple[Group, ...]) -> bool:
        return all(p or n for p, n in zip(self.positive, self.negated, strict=True)) and any(
            # A `~` group's negated hits are only those said to be required.
            not p and n
            for p, n in zip(self.positive, self.negated, strict=True)
        )


def _usable(phrase: Phrase) -> bool:
    return phrase.explicit or not phrase.weak


def _group_hits(match: _Match, group: Group) -> list[_Hit]:
    hits = []
    pos = match.pos
    for phrase in group.phrases:
        # Most phrases' first word is not in the answer: skip them before `find`'s cache.
        if phrase.keys[0] not in pos or not _usable(phrase):
            continue
        for h in match.find(phrase.keys, phrase.negative):
            if group.negatable:
                # Either polarity fills a `~` group, but saying that what the point's text
                # negates is needed ("needs an open SSH port" against "needs no inbound
                # ports, ... or SSH keys") denies the point.
                negated = (
                    not phrase.negative
                    and group.absent.issuperset(phrase.keys)
                    and not h.negated
                    and _required(match.text, h.start, group.absent_verbs)
                )
            else:
                negated = h.negated and not phrase.denied
            # A question word said negated ("can't be reached" for "how does it reach the
            # internet?") states something the question does not.
            # Unless the question negates it too ("without storing access keys?").
            weak = phrase.weak and not (
                group.negatable
                and h.negated
                and not match.card.question_denied.issuperset(phrase.keys)
            )
            hits.append(_Hit(h.start, h.end, negated, weak, phrase.negative))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


# "An SCP grants nothing": a denial after a multi-word phrase that reaches back into it (the
# "nothing" after a verb) denies the phrase, as one before its first word does.
POSTPOSED_IN_PHRASE = True

# "X is in a region and is a data center": a coordinated predicate keeps its subject.
COORDINATED_PREDICATES = True

# "Instead of giving each application static creds that can leak": what is said of the
# rejected option (its verb, a relative clause) is no denial of the point ("STS gives
# temporary credentials", "a leak has a short window"); the option itself still is ("use
# ACLs rather than bucket policies"). Opened sets: one false contradiction fewer.
CONTRAST_VERBS = True


def _describes_rejected(t: _Text, h: _Hit) -> bool:
    """Tell whether a contrasted hit describes the rejected option rather than naming it."""
    if t.words[h.end - 1].endswith("ing"):
        return True
    return any(w in _RELATIVE for w in t.words[t.negated_by[h.start] + 1 : h.start])


def _rule_hits(match: _Match, groups: tuple[Group, ...]) -> list[list[_Hit]]:
    """Return each group's hits; a negation inside another group's phrase negates nothing.

    "no rotation needed" against `rotate ; no need`: the "no" belongs to "no need".
    """
    per_group = [_group_hits(match, g) for g in groups]
    if CONTRAST_VERBS:
        t = match.text
        named = {m.start for m in match.mentions}
        per_group = [
            [
                h
                for h in hits
                if not (
                    h.negated
                    and t.negator[t.negated_by[h.start]] == CONTRAST
                    and (
                        _describes_rejected(t, h)
                        # "instead of 1-to-1 VPC peering": what qualifies the rejected name.
                        or (REJECTED_MODIFIERS and bool(named & {h.end, h.end + 1}))
                    )
                )
            ]
            for hits in per_group
        ]
    spans = [(h.start, h.end) for hits in per_group for h in hits if h.negative]
    if not spans:
        return per_group
    by = match.text.negated_by
    return [
        [
            _Hit(h.start, h.end, False, h.weak, h.negative)
            if h.negated and any(a <= by[h.start] < b for a, b in spans)
            else h
            for h in hits
        ]
        for hits in per_group
    ]


def _evaluate_attributed(match: _Match, rule: Rule) -> _Found:
    assert rule.anchor is not None
    anchor = rule.anchor
    positive: list[list[_Hit]] = []
    negated: list[list[_Hit]] = []
    for hits in _rule_hits(match, rule.groups):
        pos, neg = [], []
        for h in hits:
            if any(anchor in m.anchors for m in match.owners(h)):
                (neg if h.negated else pos).append(h)
        positive.append(pos)
        negated.append(neg)
    mentions = match.mentions_of(anchor)
    if not rule.groups:
        # A rule that is only an anchor is satisfied by naming the entity: "both" or
        # "neither" names no entity in particular ("Both have to be there").
        named = [m for m in mentions if match.text.words[m.start] not in _ALL_OF_THEM]
        positive.append([_Hit(m.start, m.end, False) for m in named])
        negated.append([])
    return _Found(positive, negated, mentions)


def _evaluate_in_sentence(match: _Match, rule: Rule, groups: tuple[Group, ...]) -> _Found:
    """All groups in one sentence; return the first sentence that satisfies most."""
    per_group = _rule_hits(match, groups)
    sent = match.text.sent
    sentences = sorted({sent[h.start] for hits in per_group for h in hits})
    best: _Found | None = None
    for s in sentences:
        if rule.anchor is not None and _about_something_else(match, s, per_group):
            continue
        pos = [[h for h in hits if sent[h.start] == s and not h.negated] for hits in per_group]
        if CONTRASTED_HALVES and match.strict and rule.anchor is None and len(groups) > 1:
            pos = _one_half(match, s, pos)
        neg = [[h for h in hits if sent[h.start] == s and h.negated] for hits in per_group]
        found = _Found(pos, neg, [])
        if found.all_positive():
            return found
        if best is None and found.negation_only(groups):
            best = found
    if best is not None:
        return best
    if PAIRED_SENTENCES and len(groups) > 1:
        named = {m.sent for m in match.mentions}
        length = _lengths_outside_parentheses(match.text)
        for s, s2 in _pairs(match, sentences):
            if s2 in named or (rule.anchor is not None and s2 in match.foreign):
                continue
            if length[s] > PAIRED_FIRST_WORDS:
                continue
            pair = (s, s2)
            pos = [
                [h for h in hits if sent[h.start] in pair and not h.negated] for hits in per_group
            ]
            if any(h.negated for hits in per_group for h in hits if sent[h.start] in pair):
                continue
            found = _Found(pos, [[] for _ in groups], [])
            # The point's first words in the first sentence: a name, then what it does.
            if found.all_positive() and any(sent[h.start] == s for h in pos[0]):
                return found
    return _Found([[] for _ in groups], [[] for _ in groups], [])


# "A boundary is set on a single user or role, while an SCP is attached to an OU": a
# misconception's words (`boundary ; to OUs`) are not read across "while"/"whereas"/"but",
# which open a clause about something else ("A normal IGW passes traffic both ways, but the
# egress-only gateway ...").
CONTRASTED_HALVES = True
_HALVES = _wordset("while whereas whilst but")


def _one_half(match: _Match, s: int, pos: list[list[_Hit]]) -> list[list[_Hit]]:
    """Keep the hits of the first half of sentence `s` (cut at "while"/"but") that has a
    hit of every group; none if no half has."""
    t = match.text
    cuts = [i for i in match.sentence_words().get(s, []) if t.words[i] in _HALVES]
    if not cuts:
        return pos

    def half(i: int) -> int:
        return sum(1 for c in cuts if c <= i)

    for h in range(len(cuts) + 1):
        kept = [[x for x in hits if half(x.start) == h] for hits in pos]
        if all(kept):
            return kept
    return [[] for _ in pos]


def _pairs(match: _Match, sentences: list[int]) -> list[tuple[int, int]]:
    """Return the sentence pairs a rule may be met over: each sentence and the next, and a
    heading line with each bullet of the list under it ("What is the root account?" and "-
    full administrative access to the account")."""
    out = [(s, s + 1) for s in sentences]
    if not BULLETS_UNDER_HEADINGS:
        return out
    t, text = match.text, match.answer
    first = {s: words[0] for s, words in match.sentence_words().items()}

    def line_start(s: int) -> str:
        i = first[s]
        return text[text.rfind("\n", 0, t.starts[i]) + 1 : t.starts[i]]

    for s in sentences:
        if s not in first or line_start(s).strip("# "):
            continue  # a heading opens its line
        later = sorted(k for k in first if k > s)[:_BULLETS_MAX]
        for n, k in enumerate(later):
            lead = line_start(k)
            if _BULLET.fullmatch(lead):
                if n:
                    out.append((s, k))
            elif not lead.strip():
                break  # a line that is no bullet ends the list (else: a bullet's next sentence)
    return out


_BULLET = re.compile(r"\s*(?:[-*•+]|\d+[.)])\s+")
_BULLETS_MAX = 8
# A short heading line may pair with any bullet of the list under it, not only the next one.
BULLETS_UNDER_HEADINGS = True


def _lengths_outside_parentheses(t: _Text) -> Counter[int]:
    """Count each sentence's words, leaving out parentheses ("A NACL (Network Access Control
    List) is a stateless firewall" is a short sentence)."""
    first: dict[int, int] = {}
    for i, c in enumerate(t.clause):
        first.setdefault(c, i)
    return Counter(s for s, c in zip(t.sent, t.clause, strict=True) if t.sep[first[c]] != "(")


# A contrasted word right before a compared name qualifies the rejected option ("instead of
# 1-to-1 VPC peering") and denies nothing.
REJECTED_MODIFIERS = True

# "Amazon EC2", "AWS Lambda": a vendor's name before a product's is no mention of the vendor.
VENDOR_PRODUCTS = True
_VENDORS = _wordset("amazon aws")

# An object right after a hit owns it, but not across a contrast ("while", "but").
NEAR_SAME_CLAUSE = True
_CONTRASTING = _wordset("while whereas but although though however unlike")

# Words opening a sentence that refer back to the last topic (see `judge.NOT_NEEDS_REFERENCE`).
_BACK_REFERENCES = _wordset("it they its their them these those this both either neither")


# A line that only names an entity heads the line after it.
HEADINGS = True

# The opening clause of a sentence starting with if/unless/whether/until names its own case,
# not the last topic.
SUPPOSITIONS_OWN_TOPIC = True

# A sentence that names compared things only as objects does not change what the next
# sentences without a name are about. Unchanged on the opened sets; one real answer's point.
TOPIC_KEEPS = True

# "the same as customer managed": what something is likened to is no subject.
SAME_AS = True

# A misconception is not read into a coordinated clause with a subject of its own.
OWN_SUBJECT_CLAUSES = True

# "- Performs 1:1 NAT between ...": a name right after the verb a line opens with is its
# object, not the subject the next sentences' pronouns refer to.
LEADING_VERB_OBJECTS = True

# "Roles are basically groups of permissions you put users into": what follows a name that
# another entity is said to be is said of that entity, not of the name.
PREDICATE_NAMES = True
_COPULAS = _wordset("is are was were")
_LOOSELY = _wordset("basically just essentially simply like kind sort")
_COPULA_FILLERS = _LOOSELY | _wordset("really of a an the")

# "A Security Group is a stateful firewall. Responses ... are automatically permitted.": a
# rule's groups said over a short sentence (at most PAIRED_FIRST_WORDS words) and the next,
# which names no compared entity. Opened AWS sets: 19 more points found, 3 false credits
# (vague answers); with 10 words, one more found for two more false credits.
PAIRED_SENTENCES = True
PAIRED_FIRST_WORDS = 8


_COMPARED = _wordset("unlike than versus vs")
_DIFFERENT = _wordset("different differ differs distinct compared")


def _compared_with(t: _Text, j: int) -> bool:
    """Tell whether word `j` introduces what something is compared with ("different from")."""
    w = t.words[j]
    return w in _COMPARED or (
        w in ("from", "to", "with") and j > 0 and t.words[j - 1] in _DIFFERENT
    )


def _object_relatives(match: _Match, s: int) -> set[int]:
    """Word indices of sentence `s` in restrictive relative clauses on what something is
    compared with.

    "SCPs are different from identity-based policies which grant permissions": what follows
    "which" is said of the policies ("policies in AWS Organizations that grant permissions"
    is still said of the SCPs).
    """
    t = match.text
    out: set[int] = set()
    for i in match.sentence_words().get(s, []):
        if t.words[i] not in _RELATIVE or i == 0 or t.sent[i - 1] != s:
            continue
        if "," in match.answer[t.ends[i - 1] : t.starts[i]] or t.words[i - 1] in STOPWORDS:
            continue  # ", which means ..." is said of the whole clause.
        j = i - 1
        while j >= 0 and t.sent[j] == s and i - j <= 10 and t.words[j] not in _NEW_PREDICATE:
            if _compared_with(t, j):
                k = i
                while k < len(t.words) and t.clause[k] == t.clause[i]:
                    out.add(k)
                    k += 1
                break
            j -= 1
    return out


def _about_something_else(match: _Match, s: int, per_group: list[list[_Hit]]) -> bool:
    """Tell whether sentence `s` has another subject than the card's and does not name it."""
    others = match.foreign.get(s)
    if not others or s in match.subject_sentences:
        return False
    hits = [h for hits in per_group for h in hits if match.text.sent[h.start] == s]
    return any(not any(h.start < end and start < h.end for h in hits) for start, end in others)


def _anchor_group(match: _Match, anchor: int) -> Group:
    phrases = tuple(p for p, anchors in match.card.entities if anchor in anchors)
    return Group(phrases)


def _evaluate(match: _Match, rule: Rule) -> tuple[_Found, tuple[Group, ...]]:
    if rule.anchor is not None and match.card.attribute:
        return _evaluate_attributed(match, rule), rule.groups
    groups = rule.groups
    if not groups and rule.anchor is not None:
        # Only an anchor on a single-entity card: the entity must be named.
        groups = (_anchor_group(match, rule.anchor),)
    return _evaluate_in_sentence(match, rule, groups), groups


def _span(match: _Match, hits: list[_Hit], mentions: list[_Mention]) -> tuple[int, int]:
    t = match.text
    first = min(h.start for h in hits)
    last = max(h.end for h in hits) - 1
    sentences = {t.sent[h.start] for h in hits}
    # Show the entity the evidence is about when it is named in the same sentence.
    near = [m for m in mentions if m.sent in sentences and m.end <= first]
    if near:
        first = near[-1].start
    # Whole words of the answer: "Don't use it", not "n't use it".
    answer, start, end = match.answer, t.starts[first], t.ends[last]
    while start > 0 and answer[start - 1].isalnum():
        start -= 1
    while end < len(answer) and answer[end].isalnum():
        end += 1
    return start, end


def _result(
    match: _Match, point: CompiledPoint, status: PointStatus, hits: list[_Hit], mentions
) -> PointResult:
    if not hits:
        return PointResult(point.index, point.text, status, point.weight)
    start, end = _span(match, hits, mentions)
    return PointResult(
        point.index, point.text, status, point.weight, match.answer[start:end], (start, end)
    )


def _closest(groups: list[list[_Hit]]) -> list[_Hit]:
    """Pick one hit per group, as close together as possible, for a compact evidence span."""
    pivot = min(groups, key=len)[0]
    return [min(hits, key=lambda h: (abs(h.start - pivot.start), h.start)) for hits in groups]


def _restricted(match: _Match, hits: list[_Hit]) -> bool:
    """Tell whether the evidence is limited to a narrow scope ("only unique within your account").

    Checked for points whose text states a broad scope: "only" right before a scope preposition
    in the clause of the evidence says the opposite of "across AWS".
    """
    t = match.text
    clauses = {t.clause[h.start] for h in hits}
    for j in range(len(t.words) - 1):
        if t.clause[j] in clauses and t.words[j] in _LIMITED and not t.negated[j]:
            nxt = t.words[j + 1 : j + 3]
            if nxt and (nxt[0] in _SCOPE or (len(nxt) > 1 and nxt[1] in _SCOPE)):
                return True
    return False
