"""Grade a typed answer against a card's key points: covered, missed or contradicted, with evidence.

Each key point is judged on its own (never a whole-answer similarity, which rewards swapped and
negated statements). The pipeline, per docs/deck-format.md "Match rules":

1. Unfold a Markdown comparison table into one statement per data cell ("NAT Gateway:
   Managed by AWS.", "NAT Instance: no Managed by AWS."; `tables.unfold_tables`, evidence
   mapped back onto the table as typed). Fold the answer (NFKD, accents stripped, casefold)
   keeping a map back to the original characters; split sentences (`. ! ? ;` and line
   breaks, except a break that only wraps a long line of prose, never in notes whose lines open
   with a label or a bullet) and clauses (`, : ( )`, dashes, "=", "->", "but", "whereas", "while",
   "although", "however", "though", "which", "who"; "=" and "->" read as a verb: what follows is
   said of what precedes); tokenise (`-` and `/` split words, "doesn't" becomes "does not", note
   shorthand such as "creds", "w/o", "x-acct", "1:1", "∩", "!=", "$/hr", "12h" and "3+" becomes the
   words it stands for, as do common shorthand ("txn", "idx", "conn",
   "params") and comparatives ("cheaper" is "cheap"); misspelt negations such as "insted of"
   and "dosent" (or written as one word, "doesnot") are read as meant; an answer's
   elliptical clause gets the predicate it leaves out, "tuples aren't" [mutable],
   `words._fill_ellipses`); key every word by its Snowball stem after merging British spellings
   into American ones, number words into digits. An abbreviation's plural ("SGs") matches its
   singular, and two neighbouring words of a rule also match written as one ("rfc1918").
2. Compile the card once (`compile_card`, cached): every `match:`/`not:` alternative is expanded
   with the deck glossary and a small built-in synonym table (`SYNONYMS`: "short-lived" =
   "temporary", "privilege" = "permission"); a key point without `match:` is cut into concept
   slots from its own text (`_Compiler.slots`: content words, list items and slashed words as
   alternatives, the question's words dropped, polarity from the point's own negations) and is
   covered when one sentence fills half of them (`FALLBACK_COVER`, at least two), or two adjacent
   sentences half a slot more (`FALLBACK_PAIR_EXTRA`), or half a slot less when the slots are
   filled in a clause about the point's own subject (`SUBJECT_BONUS`), or within a slot of that
   in an answer that covers three or four of the card's other points and contradicts none
   (`NEAR_GAP`), or restated closely by one sentence without a negation in an answer that covers
   another point (`RESEMBLANCE`; both settled last in `verdict._settle`), or, on a card about
   one thing, in the words of the model answer's clause that states it, one of them its own
   (`ECHO_FLOOR`, `_Compiler.echo`); two rule-less points
   whose words the answer traded between their subjects (compared entities, or the subjects the
   points open with) are both contradicted (`verdict._exchanged`); a function word the question
   writes in capitals ("WHERE", "HAVING") is a keyword there; on a card whose rule-less points
   open with two or more subjects named in the question (a hyphenated name such as
   "Site-to-Site VPN" may hold stop words), each subject acts as the point's `@`
   entity (what is said of another entity the point's text names counts too, and a sentence
   naming no entity counts for any); on other cards whose rule-less points open with two or more
   subjects, a clause opening with one point's subject that never names another's counts nothing
   for it (`CompiledCard.openings`), nor does a clause after a comma that names no subject and
   goes on about the one its sentence opened with (`CLAUSES_KEEP_SUBJECT`). Abbreviations the
   card's own text defines ("Security Token Service (STS)", `defined_abbreviations`) join the
   glossary, and an answer word that spells a multi-word term of the card's text ("IGW":
   internet gateway, `card_terms`) matches that term's words.
3. Answer words match alias words by stem, or with a typo budget that grows with length (none
   for words of up to three letters, words with digits, correctly spelt words the card or a
   common-word list knows, or a different first letter).
4. A multi-word alternative matches when its words occur in order in one sentence with at most
   one other word between consecutive words. A rule's groups are found in one sentence, or in
   a short sentence (`PAIRED_FIRST_WORDS`, parentheses not counted) holding the first group and
   the next sentence, or a short heading line and any bullet of the list under it, when that
   one names no compared entity and neither negates a hit ("A Security Group is a stateful
   firewall. Responses ... are automatically permitted").
5. When a card compares several entities (its `@` groups name two or more), every other hit is
   attributed to an entity mention: the one the hit's own phrase opens with, when at least two
   words follow it ("peering is the hub"), else the one a relative clause hangs on ("NACLs,
   which are..."), else the nearest preceding subject-like mention in the sentence, else an
   object right after the hit ("deny rules in a security group", not past "while"/"but"),
   else the entity a
   heading line before names alone ("Availability Zone (AZ)" over "One or more data centers
   inside a region"), else the following one, else any mention in the sentence, else the
   previous sentence's topic (pronouns; a sentence naming things only as objects leaves the
   topic as it was; the opening clause of an if/unless sentence takes none; a misconception
   rule takes it only through an opening pronoun); a predicate joined by "and is"/"and has"
   goes to the clause's mention that had its own verb
   ("An AZ is a location within a geographic region and is a data center"). Mentions
   in parentheses, in a prepositional phrase ("collections of users"), after a copula and a
   hedge in a clause opening with another entity ("Roles are basically groups of ..."),
   after one ("for AWS services or users;", when the name ends its clause and has no verb of
   its own), right after
   a modal ("ADD can copy files": a verb) or in a list continuing one are not subject-like;
   "Amazon"/"AWS" before a product name ("Amazon EC2") is no mention, nor is a label sharing
   only a stem with a name's last word ("Connection:" for Direct Connect);
   unless the phrase opens its clause with with/for/in/on ("whereas with a NAT instance you
   patch it"); a phrase opening its clause ends at its comma ("Unlike NACLs, security groups
   ..."); a list item is never the predicate of its siblings ("IAM has users, groups and roles"
   says nothing about groups), and two names of one entity side by side are no list ("groups
   collect users"). "the gateway" names the compared entity whose two-word name ends with it
   ("NAT gateway") when no other compared entity's name does, and so does that last word, or
   the first word of names sharing their last word ("trust" for trust policy, "perms" for
   permission policy), opening a statement ("gateway = managed"), and a label naming the last
   word several names share ("Managed:" for AWS and customer managed policies); a clause
   opening with "both" or "neither" is said of every compared entity (but names none for a
   rule that is only an entity). On a card about one entity the
   `@` group is implied, but a sentence whose subject is another glossary term and that never
   names the entity counts for nothing.
6. A negation (not, no, never, without, cannot, nor, neither, none, n't) up to eight words back
   in the same clause (ended early by "and"/"or" opening a new verb or subject: "can't be null
   and there's only one per table", and by the means after "by" + -ing: "without a secret by
   exchanging a token"; carried over the short items of a list after "without" or "the need
   for": "eliminates the need for a public IP, open ports and SSH keys"; a negating subject,
   "nothing"/"nobody"/"none", reaches only to the end of its verb: "if nothing matches the right
   side is NULL"), or a contrast earlier in it ("instead of", "rather than",
   "prefer X over"), cancels a hit unless its group is `~` or a negation is part of the matched
   phrase itself or of another group's ("no rotation needed" for `rotate ; no need`); a
   denial after a phrase that reaches back into it negates it too ("an SCP grants nothing"
   against `SCP grants`). A point
   whose only evidence is negated is contradicted; so is a point whose `not:` rule matches (a
   negated `not:` hit, "NACLs are not stateful", is no misconception), a point with no evidence
   whose opposite is said of its subject ("roles are permanent" against `@role ; temporary`),
   and a point whose own text denies something ("not packet contents", "cannot edit its
   permissions": the first two content words after not/never/cannot) that the answer asserts, a
   `~` group's words the point's text negates said to be needed or had ("needs inbound ports",
   "has a route to the IGW"), and evidence limited ("only within your account") for a point
   stating a broad scope ("across AWS"). "X isn't (really) needed/supported", "X is
   optional/unnecessary/overkill" negate X, "X remembers nothing" negates "remembers", "avoid
   doing X", "avoids X" and "eliminates (or replaces) the need to X" negate X, "can't X
   without Y" requires Y, and what something "wins over", "takes precedence over" or is "better
   than" (or "better then") is set aside, though what is said of a rejected option (its -ing verb,
   a relative clause: "instead of giving apps static keys that can leak") denies nothing. A need
   said in an if/unless/whether clause ("if a security group has a rule") is supposed, not required,
   an if/unless/until clause asserts nothing a point denies, and "if X has no Y" denies
   nothing. A rule met only by a contrasted group ("CloudFront with OAI instead of public
   bucket") while its first group is asserted is missed, not contradicted; a contrasted word
   right before a compared name ("instead of 1-to-1 VPC peering") describes the rejected
   option. A misconception's one-word hit that heads another two-word term of the card ("the
   implicit deny" for `~deny`) is no evidence. A `not:` match split by a
   relative clause on what something is compared with ("different from policies which grant
   permissions") is no misconception, nor are the groups of a `not:` rule without an entity
   met on both sides of "while"/"whereas"/"but" ("a boundary is set on a user, while an SCP is
   attached to an OU"). A point's examples ("for example a stateless app
   tier") give it no opposite to look for, and an opposite in capitals is a code keyword.
   Negating what the point's own text negates agrees with it ("NOT the mgmt account" for "but
   not the management account").
7. Words of the question alone, in any inflection ("referencing" for "reference"), never
   cover a point: restating the question earns nothing (said negated in a `~` group, "can't
   be reached", a question word is a statement). For a rule-less point, what a clause says
   only of other topics of the question ("liveness fails -> restarted", for a point about
   readiness) or of another point's opening subject contradicts nothing, and neither does
   one answer word unless it is a built-in opposite of the point's (`verdict._one_word`).
8. On a comparison card, a point missed for its own entity whose predicate is said of another
   compared entity, while that entity's own (uncovered) point is said of this one, is
   contradicted: the answer exchanged their properties ("NACLs sit on instances, security
   groups on subnets").
9. Given the card's related cards (`check(..., related=...)`), an answer that scores at
   least `OTHER_CARD_MIN` on one of them and `OTHER_CARD_RATIO` times its score here, and
   contradicts nothing here, answers that card's question: its covered points become missed
   and `Verdict.answers_other` names the card. A related card is only graded when the answer
   could score that much there (`verdict._reachable`: each rule group needs a phrase whose
   words the answer has).

A card without key points is graded against points derived from its Markdown answer
(`derive_key_points`: list items, else content-bearing sentences), as rule-less points.

Score = weighted covered − ½ weighted contradicted, in [0, 1]; `suggest_rating` maps it to a
rating and caps any wrong answer at Hard.
"""

from __future__ import annotations

from engine.checker.compile import compile_card
from engine.checker.compiled import CompiledCard, CompiledPoint, Group, Phrase, Rule, Slot
from engine.checker.derive import (
    DERIVED_CAP,
    DERIVED_COVER,
    DERIVED_LIST_FULL,
    DERIVED_MIN_CONTENT,
    DERIVED_TAIL_WEIGHT,
    derive_key_points,
)
from engine.checker.match import _Match
from engine.checker.slots import (
    COMMON_MIN,
    COMMON_SHARE,
    COMMON_SLOT_WEIGHT,
    FALLBACK_COVER,
    FALLBACK_LIST_CAP,
    FALLBACK_MIN_SLOTS,
    FALLBACK_PAIR_EXTRA,
)
from engine.checker.terms import card_terms, defined_abbreviations
from engine.checker.verdict import (
    OTHER_CARD_MIN,
    OTHER_CARD_RATIO,
    check,
    derives_points,
    grade,
    score_points,
    suggest_rating,
)
from engine.checker.words import (
    _APOSTROPHE_LESS_NEGATIONS,
    _MISSPELT_FUNCTION_WORDS,
    COMMON_WORDS,
    CONTRAST,
    NEGATION,
    NEGATION_REACH,
    NEGATORS,
    PREPOSITIONS,
    STOPWORDS,
    SYNONYMS,
    Glossary,
    analyse,
    fold,
    is_non_answer,
    typo_budget,
    typo_budget_for,
    word_key,
)

# What other modules and the tests use, as before the checker became a package.
__all__ = [
    "COMMON_MIN",
    "COMMON_SHARE",
    "COMMON_SLOT_WEIGHT",
    "COMMON_WORDS",
    "CONTRAST",
    "CompiledCard",
    "CompiledPoint",
    "DERIVED_CAP",
    "DERIVED_COVER",
    "DERIVED_LIST_FULL",
    "DERIVED_MIN_CONTENT",
    "DERIVED_TAIL_WEIGHT",
    "FALLBACK_COVER",
    "FALLBACK_LIST_CAP",
    "FALLBACK_MIN_SLOTS",
    "FALLBACK_PAIR_EXTRA",
    "Glossary",
    "Group",
    "NEGATION",
    "NEGATION_REACH",
    "NEGATORS",
    "OTHER_CARD_MIN",
    "OTHER_CARD_RATIO",
    "PREPOSITIONS",
    "Phrase",
    "Rule",
    "STOPWORDS",
    "SYNONYMS",
    "Slot",
    "_APOSTROPHE_LESS_NEGATIONS",
    "_MISSPELT_FUNCTION_WORDS",
    "_Match",
    "analyse",
    "card_terms",
    "check",
    "compile_card",
    "defined_abbreviations",
    "derive_key_points",
    "derives_points",
    "fold",
    "grade",
    "is_non_answer",
    "score_points",
    "suggest_rating",
    "typo_budget",
    "typo_budget_for",
    "word_key",
]
