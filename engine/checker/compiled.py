"""The compiled form of a card: phrases, groups, rules, points, slots; typo and initialism keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from engine.checker.terms import _initialism_candidate, _spells
from engine.checker.words import typo_budget, typo_budget_for, word_key

# ---------------------------------------------------------------------------------------------
# Compiled cards


@dataclass(frozen=True, slots=True)
class Phrase:
    """One way of saying a concept: word keys in order, and where it came from."""

    keys: tuple[str, ...]
    # Written by the deck author (not only produced by the glossary).
    explicit: bool = True
    # Contains a negation itself ("not permanent"), so a negation before it is not looked for.
    negative: bool = False
    # Every word already appears in the question.
    weak: bool = False
    # The point's own text negates every word ("but not the management account"): an answer
    # negating it too ("NOT the mgmt account") agrees with the point.
    denied: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """A compiled concept group: any phrase satisfies it."""

    phrases: tuple[Phrase, ...]
    negatable: bool = False
    # For a `~` group: the word keys its point's text negates ("needs no inbound ports").
    absent: frozenset[str] = frozenset()
    # Verbs that assert what the point negates ("needs", and "has"/"with" for "has no X").
    absent_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled match or not rule: the anchor entity (if any) and the other groups."""

    groups: tuple[Group, ...]
    anchor: int | None = None


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    """A key point ready to check: its rules, or its content words when it has no `match:`."""

    index: int
    text: str
    weight: float
    core: bool
    match: Rule | None
    not_rules: tuple[Rule, ...]
    fallback: tuple[str, ...] = ()
    fallback_need: int = 0
    # The match rule with one group swapped for its opposites ("temporary" -> "permanent"):
    # said of the point's subject with no evidence for the point, it contradicts it.
    opposites: tuple[Rule, ...] = ()
    # Properties the key point's own text states, each with a rule for its opposite said of the
    # point's subject ("stateful" -> "stateless", "in one Region" -> "multiple Regions"). The
    # opposite contradicts the point even when other words of the answer cover it.
    stated: tuple[tuple[Rule, Rule], ...] = ()
    # What the key point's text denies ("not packet contents", "cannot edit its permissions"),
    # said of the point's subject: stated without a negation, it contradicts the point.
    denied: tuple[Rule, ...] = ()
    # A key point without `match:`: concept slots derived from its own text (see `Slot`), the
    # anchor entity its subject names on a comparison card, and the slot weight one sentence
    # (or two adjacent ones) must cover.
    slots: tuple[Slot, ...] = ()
    slot_anchor: int | None = None
    slot_need: float = 0.0
    # The point's text states a broad scope ("across AWS", "any account") and no "only".
    broad: bool = False
    # Other compared entities a rule-less point's own text names ("A Region has several AZs
    # linked by low-latency links"): what the answer says of them counts for the point too.
    slot_objects: frozenset[int] = frozenset()
    # On a card about one thing: the number of the subject the point's text opens with
    # (`CompiledCard.openings`), else -1.
    opening: int = -1
    # A rule-less point: the card's topics (`CompiledCard.topics`) its own text names.
    topics: frozenset[str] = frozenset()
    # A rule-less point's own words, lowercased, for `resemblance` with an answer sentence.
    wording: str = ""
    # The slots of the model answer's clause that states a rule-less point in its own words
    # ("is rebuilt" for "invalidates"), and the weight one sentence must fill of them
    # (see `compile._Compiler.echo`).
    echo: tuple[Slot, ...] = ()
    echo_need: float = 0.0
    # For a point that denies something: the subjects of its text's other clauses ("IAM
    # policies" in "They never grant permissions: IAM policies must still allow the action"),
    # and the words of the denying clauses' subject (none for a pronoun). What the answer says
    # of another subject denies nothing the point denies (`judge._of_other_subject`).
    other_subjects: tuple[tuple[str, ...], ...] = ()
    own_subject: tuple[str, ...] = ()


def resemblance(wording: str, sentence: str) -> float:
    """Return how closely a sentence restates a point's words (0-100, order-blind, fuzzy)."""
    return fuzz.token_set_ratio(wording, sentence)


@dataclass(frozen=True, slots=True)
class Slot:
    """One concept of a key point without rules: any phrase fills it (derived from its text)."""

    group: Group
    weight: float = 1.0
    # The point's text negates it ("no NAT for IPv6"): an answer may say it either way.
    free: bool = False
    # The list this slot is an item of (-1 for none): a list counts as at most
    # FALLBACK_LIST_CAP slots, filled by as many of its items.
    part: int = -1
    # The point's text denies it with a verb ("cannot deny", "grants nothing"): only a
    # negated mention fills it, and an asserted one contradicts.
    inverted: bool = False
    # The statement of its list this slot is a word of (-1 for none): a statement counts as
    # an item of its list when half its words are filled (see `slots._slot_weight`).
    claim: int = -1


@dataclass(frozen=True, slots=True, eq=False)
class CompiledCard:
    """Everything the checker needs about one card, computed once."""

    card_id: str
    points: tuple[CompiledPoint, ...]
    # Entity phrases with the anchor ids each one names.
    entities: tuple[tuple[Phrase, frozenset[int]], ...]
    # True when the card compares two or more entities, so hits must be attributed.
    attribute: bool
    keys: frozenset[str]
    question_keys: frozenset[str]
    known_words: frozenset[str]
    # Alias word forms by first letter, each with the key it stands for: typo targets.
    typo_index: dict[str, tuple[tuple[str, str], ...]]
    # Glossary terms naming other things than this card's subject (single-entity cards only).
    foreign: tuple[tuple[str, ...], ...] = ()
    # On a comparison card, the entity each anchor id names (anchor groups sharing a phrase,
    # "NACL | network ACL" and "NACL", name the same one).
    entity_of: tuple[int, ...] = ()
    # The points were derived from the model answer (the card has no key points): grading is
    # approximate, and the learner should be told so.
    derived: bool = False
    # Each multi-word term of the card's text with the stand-in key its phrases carry: an
    # answer word spelling the term ("IGW") matches it (`card_terms`).
    initialisms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The subjects rule-less points open with, each as its phrases: a clause of the answer
    # opening with one of them is about it, not about another point's subject.
    openings: tuple[tuple[tuple[str, ...], ...], ...] = ()
    # Word keys of the question that its key points say ("liveness", "readiness", "CPU",
    # "memory"): a clause naming only topics a rule-less point does not name is about
    # something else, and contradicts nothing in it.
    topics: frozenset[str] = frozenset()
    # On a card comparing two to four entities: each one's anchor ids, in the order the question
    # names them ("the former", "one", "the first kind" is the first; "the latter", "the other",
    # "the second kind" the second).
    ordinal: tuple[frozenset[int], ...] = ()
    # Question words the question itself negates ("without storing access keys"): said negated
    # in an answer, they restate the question.
    question_denied: frozenset[str] = frozenset()
    # Word pairs in which a one-word entity name ("public", for the public subnet) opens a
    # phrase of the card's rules ("public IP"): there it names no entity
    # (`match.MODIFIER_ALIASES`).
    modifier_pairs: frozenset[tuple[str, str]] = frozenset()
    _typos: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _initials: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def typo_keys(self, word: str) -> frozenset[str]:
        """Return the card keys that `word` is a tolerable misspelling of."""
        found = self._typos.get(word)
        if found is None:
            found = self._find_typos(word)
            if len(self._typos) > 20000:
                self._typos.clear()
            self._typos[word] = found
        return found

    def initialism_keys(self, word: str) -> frozenset[str]:
        """Return the stand-in keys of the card's terms `word` spells ("sgs": security group)."""
        if not self.initialisms or not _initialism_candidate(word):
            return frozenset()
        found = self._initials.get(word)
        if found is None:
            letters = [word]
            if word.endswith("s") and len(word) > 2:
                letters.append(word[:-1])  # "NACLs", "SGs"
            found = frozenset(
                key
                for key, words in self.initialisms
                if any(_spells(a, list(words)) for a in letters)
            )
            if len(self._initials) > 20000:
                self._initials.clear()
            self._initials[word] = found
        return found

    def initialism_words(self, key: str) -> tuple[str, ...]:
        """Return the word keys of the card term a stand-in key names."""
        for k, words in self.initialisms:
            if k == key:
                return tuple(word_key(w) for w in words)
        return ()

    def _find_typos(self, word: str) -> frozenset[str]:
        budget = typo_budget(word, self.known_words)
        if not budget:
            return frozenset()
        # A typo keeps the first letter or swaps the first two (see _same_start), so only
        # alias words starting with one of the word's first two letters can match.
        candidates = self.typo_index.get(word[0], ()) + tuple(
            (s, k) for s, k in self.typo_index.get(word[1], ()) if s[1] == word[0]
        )
        found = set()
        for surface, key in candidates:
            allowed = min(budget, typo_budget_for(min(len(word), len(surface))))
            if abs(len(word) - len(surface)) > allowed:
                continue
            if OSA.distance(word, surface, score_cutoff=allowed) <= allowed:
                found.add(key)
        return frozenset(found)
