"""Built-in opposites ("temporary" against "permanent") that contradict a point."""

from __future__ import annotations

from functools import lru_cache

from engine.checker.compiled import Group, Phrase, Rule
from engine.checker.words import _keys_of, _phrase_words

# Words whose opposite said of the same subject is a mistake, as classes of equivalents.
_OPPOSITES = (
    (
        "temporary | short-lived | short-term | ephemeral | transient | expiring",
        "permanent | long-lived | long-term | persistent | static | never expire",
    ),
    ("stateful", "stateless"),
    ("synchronous | sync", "asynchronous | async"),
    ("encrypted", "unencrypted | plaintext | plain text"),
    ("mutable", "immutable"),
    ("regional", "global"),
    ("reliable | guaranteed delivery", "unreliable | best effort"),
    ("connection-oriented", "connectionless"),
    (
        "outbound-only | outbound only | one-way | one direction",
        "both directions | two-way | bidirectional | inbound and outbound",
    ),
    ("free | no charge | no cost", "billed | charged | paid | per hour | hourly charge"),
    ("better | more scalable", "worse | less scalable"),
    (
        "fully managed | managed by aws",
        "self-managed | you manage | unmanaged | manage it yourself",
    ),
    ("unique | distinct", "same | identical"),
    ("automatic | automatically", "manual | manually"),
    ("horizontal | horizontally | scale out", "vertical | vertically | scale up"),
    ("ordered | in order", "unordered | out of order"),
    ("required | mandatory", "optional"),
    ("enabled | enable", "disabled | disable"),
    ("increase | increases", "decrease | decreases"),
)
_NEGATOR_KEYS = frozenset({"not", "no", "never", "without", "cannot", "nor", "none"})
# Opposites whose stem is also a common noun's: "regional" is keyed "region", which every
# answer about Regions says ("edge locations ... more of them than regions" is no "regional").
# They still state a property on a point's side; they are not looked for as its opposite.
_NOUN_STEMS = frozenset({("region",)})
_MANY = ("multipl", "sever", "mani")


def _rule_of(phrases: frozenset[tuple[str, ...]], anchor: int | None) -> Rule:
    group = Group(
        tuple(Phrase(k, negative=any(x in _NEGATOR_KEYS for x in k)) for k in sorted(phrases))
    )
    return Rule((group,), anchor)


# Rows of _OPPOSITES that describe a property of a thing (checked against a key point's own
# text); verbs like "enable" or "increase" take objects, so their opposite may be about
# something else in the same sentence ("enable Block Public Access, disable ACLs").
_STATED_ROWS = 13


@lru_cache(maxsize=1)
def _stated_opposites() -> tuple[
    dict[tuple[str, ...], tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]],
    frozenset[str],
]:
    """Map each property phrase to (its equivalents, its opposites), and the words they start.

    The starting words are kept unstemmed so "persistence" is not read as "persistent".
    """
    table = {}
    surfaces: set[str] = set()
    for left, right in _OPPOSITES[:_STATED_ROWS]:
        a = frozenset(_keys_of(t) for t in left.split("|"))
        b = frozenset(_keys_of(t) for t in right.split("|"))
        for keys in a:
            table[keys] = (a, b - _NOUN_STEMS)
        for keys in b:
            table[keys] = (b, a - _NOUN_STEMS)
        for t in (*left.split("|"), *right.split("|")):
            surfaces.add(_phrase_words(t)[0])
    return table, frozenset(surfaces)


@lru_cache(maxsize=1)
def _opposites() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for left, right in _OPPOSITES:
        a = {_keys_of(t) for t in left.split("|")}
        b = {_keys_of(t) for t in right.split("|")}
        for keys in a:
            table.setdefault(keys, set()).update(b - _NOUN_STEMS)
        for keys in b:
            table.setdefault(keys, set()).update(a - _NOUN_STEMS)
    return {k: frozenset(v) for k, v in table.items()}
