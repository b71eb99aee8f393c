"""The checker grades typed answers per key point: covered, missed or contradicted."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import checker
from engine.checker import (
    analyse,
    check,
    compile_card,
    score_points,
    suggest_rating,
    typo_budget,
    word_key,
)
from engine.checker.match import _Match
from engine.checker.verdict import _reachable, _verdict
from engine.deck import parse_file
from engine.formats import parse_text
from engine.model import Card, KeyPoint, MatchGroup, MatchRule, PointResult, PointStatus, Rating

C, M, X = PointStatus.COVERED, PointStatus.MISSED, PointStatus.CONTRADICTED


FIXTURES = Path(__file__).resolve().parent / "fixtures"
DECK = parse_file(FIXTURES / "decks" / "checker_aws.md")
CARDS = {card.id: card for card in DECK.cards}
GLOSSARY = DECK.glossary
IAM = CARDS["iam-basics"]
FIREWALLS = CARDS["sg-vs-nacl"]
LAMBDA = CARDS["lambda-limits"]
ROOT = CARDS["root-user"]
VPC = CARDS["vpc-basics"]
ENCRYPTION = CARDS["encryption-at-rest"]
EXPLICIT_DENY = CARDS["explicit-deny"]
TEMPORARY = CARDS["temporary-credentials"]
ROLES = CARDS["users-vs-roles"]
EMPTY = CARDS["no-points"]


def statuses(card: Card, answer: str) -> list[PointStatus]:
    return [p.status for p in check(card, answer, GLOSSARY).points]


# --- complete answers, paraphrase, typos -----------------------------------------------------


def test_complete_answer_covers_every_point_and_is_easy():
    answer = (
        "Users are long-lived identities with a password or access keys. Groups organise "
        "users so you attach policies once. Roles are assumed and hand out temporary "
        "credentials through STS. Policies are JSON documents that allow or deny actions. "
        "Best practice: prefer roles and federation instead of long-term access keys."
    )
    verdict = check(IAM, answer, GLOSSARY)
    assert [p.status for p in verdict.points] == [C, C, C, C, C]
    assert verdict.score == 1.0
    assert verdict.rating is Rating.EASY
    assert verdict.card_id == "iam-basics"


def test_typo_ridden_answer_is_still_covered():
    answer = (
        "Usres are long lived identites. Gropus organise users. Rols are assumable and give "
        "temprary credentails via STS. Polices define permisions."
    )
    assert statuses(IAM, answer)[:4] == [C, C, C, C]


def test_british_and_american_spellings_match():
    assert statuses(IAM, "Groups organize users.")[1] is C
    assert statuses(IAM, "Groups are used for organising users.")[1] is C


def test_terse_jargon_answer_is_covered():
    answer = "user = long-term identity w/ access keys; role = assumed via sts:AssumeRole, temp"
    assert statuses(IAM, answer)[:3] == [C, M, C]


def test_glossary_expands_abbreviations_both_ways():
    # The rule says "network ACL" and "SG"; the answer says "NACL" and "security group".
    answer = "Security groups are stateful. NACLs are stateless."
    assert statuses(FIREWALLS, answer)[:2] == [C, C]
    answer = "SGs are stateful while network access control lists are stateless."
    assert statuses(FIREWALLS, answer)[:2] == [C, C]


def test_built_in_synonyms_match_both_ways_without_a_glossary():
    # The rules say "temporary", "permission", "multiple AZs"; the answers say otherwise.
    assert statuses(ROLES, "Roles hand out time-limited credentials.")[1] is C
    assert statuses(IAM, "Policies are documents listing privileges.")[3] is C
    assert statuses(LAMBDA, "It deploys to several AZs.")[2] is C
    assert statuses(FIREWALLS, "NACLs can refuse traffic.")[4] is C
    # Words with other senses are not synonyms: a static IP is no long-lived credential.
    assert statuses(ROLES, "Users have static credentials.")[0] is M
    # Rule-less points too: "overwrite" / "blow away", "others" / "a colleague".
    force = _plain("Why is a plain force push risky?", "It can overwrite the work of others")
    assert statuses(force, "It can blow away work a colleague pushed.") == [C]
    leaked = _plain("An access key leaked. What now?", "Deactivate the exposed key immediately")
    assert statuses(leaked, "Deactivate the key straight away.") == [C]
    assert statuses(leaked, "Deactivate the key.") == [M]
    # "records" for "rows", "gets rid of" for "removes", "broadcast" for "fan-out".
    sql = _plain(
        "INNER vs LEFT JOIN? UNION vs UNION ALL?",
        "LEFT JOIN keeps all rows from the left table",
        "UNION removes duplicates",
    )
    assert statuses(sql, "Left join returns all records from the left table.") == [C, M]
    assert statuses(sql, "UNION gets rid of duplicate rows.") == [M, C]
    pubsub = _plain("Queue vs pub/sub?", "Pub/sub: every subscriber gets a copy (fan-out)")
    assert statuses(pubsub, "In pub/sub it's broadcast to all the subscribers.") == [C]


def test_glossary_terms_are_not_equivalent_without_the_glossary():
    verdict = check(FIREWALLS, "NACLs are stateless.", ())
    assert verdict.points[1].status is M


# --- what must not be fuzzed ------------------------------------------------------------------


def test_short_words_and_numbers_are_not_fuzzed():
    assert typo_budget("az") == 0
    assert typo_budget("2") == 0
    assert typo_budget("15") == 0
    assert typo_budget("s3") == 0
    assert statuses(LAMBDA, "Lambda deploys to 2 AZs.")[2] is C
    assert statuses(LAMBDA, "Lambda deploys to 2 AWS.")[2] is M
    assert statuses(LAMBDA, "Lambda deploys to 3 AZs.")[2] is M
    assert statuses(LAMBDA, "A Lambda function runs for at most 15 minutes.")[0] is C
    assert statuses(LAMBDA, "A Lambda function runs for at most 16 minutes.")[0] is M
    assert statuses(LAMBDA, "A Lambda function runs for at most 5 minutes.")[0] is M


def test_real_words_are_not_taken_for_typos():
    # "rule" is one edit from "role" and "used" from "user", but both are words.
    assert typo_budget("rule") == 0
    assert typo_budget("used") == 0
    assert typo_budget("rols") == 1
    assert typo_budget("credentails") == 2
    # Plurals of common words are words too: "lots" is not a misspelt "logs".
    assert typo_budget("lots") == 0
    assert typo_budget("boxes") == 0
    assert typo_budget("logz") == 1
    assert statuses(IAM, "A rule is assumed and gives temporary credentials.")[2] is M


def test_a_different_first_letter_is_another_word_not_a_typo():
    card = ENCRYPTION
    assert statuses(card, "It is encrypted at rest.") == [C]
    assert statuses(card, "It is encryptd at rest.") == [C]
    # Not a typo of "encrypted": the opposite of what the point states, so contradicted.
    assert statuses(card, "It is unencrypted at rest.") == [X]
    assert statuses(card, "It is decrypted at rest.") == [M]


# --- negation and misconceptions --------------------------------------------------------------


def test_negated_statement_contradicts_the_point():
    verdict = check(IAM, "Roles do not use temporary credentials.", GLOSSARY)
    assert verdict.points[2].status is X
    assert "not use temporary" in verdict.points[2].evidence
    assert verdict.rating <= Rating.HARD


@pytest.mark.parametrize(
    "answer",
    [
        "Roles don't give temporary credentials.",
        "Roles doesn’t give temporary credentials.",
        "Roles never expire.",
        "Roles work without temporary credentials.",
        "Roles cannot be assumed.",
    ],
)
def test_negation_forms(answer):
    assert statuses(IAM, answer)[2] is X


def test_negation_reaches_to_the_end_of_its_clause_only():
    assert statuses(IAM, "Roles are not permanent, they are temporary.")[2] is C
    assert statuses(IAM, "Roles are not long-lived but temporary.")[2] is C
    assert statuses(IAM, "Roles are not permanent and are temporary.")[2] is C
    # A long predicate stays negated: the negation is five words before "temporary".
    assert statuses(IAM, "Roles can never be given any temporary credentials.")[2] is X


def test_note_shorthand_reads_as_the_words_it_stands_for():
    # "temp creds" is "temporary credentials", "w/o" is "without".
    assert statuses(ROLES, "role: temp creds; user: long-term") == [C, C]
    assert statuses(IAM, "roles w/o temp creds")[2] is X
    # Abbreviations every engineer writes: JS, UI, OS, VM.
    card = _plain(
        "What is React?",
        "React is a JavaScript library for building user interfaces",
        "Most operating systems run it in a virtual machine",
    )
    assert statuses(card, "a JS lib for building UIs") == [C, M]
    assert statuses(card, "most OSs run it in a VM") == [M, C]
    # Rushed notes: "ver", "dupes", "prev val".
    for point, note in [
        ("A canary sends traffic to the new version", "5% of traffic to new ver first"),
        ("It leaves duplicate commits behind", "leaves dupes behind"),
        ("Check the previous value", "check prev val"),
    ]:
        assert statuses(_plain("What is it?", point), note) == [C], note


def test_an_abbreviation_in_the_plural_matches_its_singular():
    # The stemmer leaves "OUs" and "SGs" alone; they are the plurals of "OU" and "SG".
    card = _card(
        "Where do SCPs attach?",
        ("They attach to OUs", "OU"),
        ("Rules can reference SGs", "SG"),
    )
    assert statuses(card, "you attach them to OUs; rules reference other SGs") == [C, C]
    assert statuses(card, "you attach them to ous") == [C, M]
    assert statuses(card, "you attach them to accounts; rules reference IPs") == [M, M]


def test_two_words_of_a_rule_written_as_one_still_match():
    card = _card(
        "How do you plan VPC CIDRs?",
        ("Use private RFC 1918 ranges", "RFC 1918"),
        ("Scale out with Auto Scaling groups", "auto scaling"),
    )
    assert statuses(card, "use rfc1918 ranges; autoscaling groups") == [C, C]
    assert statuses(card, "use rfc ranges; scaling groups") == [M, M]


def test_auto_is_automatic_except_in_the_name_auto_scaling():
    card = _card(
        "Why are security groups called stateful?",
        ("Return traffic is allowed automatically", "return traffic|allowed ; automatically"),
        ("Secrets Manager rotates secrets automatically", "Secrets Manager ; automatically"),
    )
    # "Auto Scaling" names a service: nothing in this sentence happens automatically.
    assert (
        statuses(card, "Anything in that group is allowed even as IPs change with Auto Scaling")[0]
        is M
    )
    assert statuses(card, "return traffic: auto allowed. Secrets Manager = auto rotation") == [C, C]
    # The name still matches itself, and its initialism, as before.
    scaling = _card("How do you scale out?", ("Use Auto Scaling groups", "auto scaling"))
    assert statuses(scaling, "put the instances in an Auto Scaling group") == [C]


def test_misspelt_negations_and_contrasts_still_negate():
    assert statuses(FIREWALLS, "NACLs are nto stateful.")[1] is not C
    assert statuses(FIREWALLS, "NACLs are not stateful.")[1] is not C
    card = _card("How does a rule reference a group?", ("Members are allowed", "allowed"))
    # "instead of" puts what follows aside, spelt right or not.
    assert statuses(card, "it uses the group instead of allowed CIDRs") == [X]
    assert statuses(card, "it uses the group insted of allowed CIDRs") == [X]
    # "doesnot", written as one word, is "does not".
    assert statuses(FIREWALLS, "NACLs doesnot track state.")[1] is not C
    assert analyse("This subnet doesnot have a route").negated[-1]


def test_note_symbols_and_units_read_as_words():
    card = _card(
        "How do cross-account roles work?",
        ("Cross-account access needs an allow on both sides", "cross-account ; both sides"),
        ("Effective permissions are the intersection of the policies", "intersection"),
        ("Credentials last up to 12 hours", "12 hours"),
        ("Peering is a one-to-one link", "one-to-one"),
        ("NAT gateways cost per hour", "cost per hour"),
        ("Grant the minimum permissions", "minimum permissions"),
    )
    answer = "x-acct: allow both sides\nboundary ∩ identity policy\nTTL 12h\npeering 1:1\nNAT $/hr"
    assert statuses(card, answer) == [C, C, C, C, C, M]
    assert statuses(card, "min perms only")[5] is C
    # "15 min" is a duration, not a minimum.
    assert statuses(card, "sessions of 15 min perms")[5] is M
    assert statuses(card, "TTL 12m")[2] is M
    assert statuses(ROLES, "user & role: see docs") == [M, M]


def test_a_list_written_one_item_a_line_is_not_wrapped_prose():
    # The second line is long, but the short first line shows the answer is a list of notes:
    # the third line is not the end of the second one's "no static keys".
    answer = (
        "users = long-term\n"
        "roles are separate identities that come with no static keys\n"
        "temporary credentials instead, issued by STS"
    )
    assert statuses(ROLES, answer) == [C, C]


def test_not_rule_makes_the_point_contradicted():
    verdict = check(IAM, "Roles are permanent identities with static keys.", GLOSSARY)
    assert verdict.points[2].status is X
    assert verdict.points[2].evidence.startswith("Roles are permanent")
    assert verdict.rating is Rating.AGAIN


def _card(question: str, *points: tuple[str, str]) -> Card:
    return Card(
        id="stated",
        deck="t",
        question=question,
        answer="",
        key_points=tuple(
            KeyPoint(
                text,
                MatchRule(tuple(MatchGroup(tuple(g.split("|"))) for g in rule.split(";"))),
            )
            for text, rule in points
        ),
    )


def test_the_opposite_of_what_the_point_says_contradicts_it_even_when_its_rule_matches():
    # The rule is met by "route", but the answer reverses the point's own "stateful".
    egress = _card("What is an egress-only gateway?", ("It is stateful, with a route", "route"))
    assert statuses(egress, "You add a route to it. It is stateless.") == [X]
    assert statuses(egress, "You add a route to it. It is stateful, unlike NACLs.") == [C]
    # A count of one is contradicted by "multiple".
    vpc = _card("What is a VPC?", ("A VPC lives in one Region", "isolated"))
    assert statuses(vpc, "An isolated network that can span multiple Regions.") == [X]
    assert statuses(vpc, "An isolated network in a single Region.") == [C]


def test_a_property_the_point_negates_or_contrasts_is_not_asserted():
    ci = _card("How does CI get credentials?", ("No long-lived keys: OIDC instead", "OIDC"))
    assert statuses(ci, "OIDC gives it temporary credentials.") == [C]
    dx = _card("What is DX?", ("It is not encrypted by default", "encrypt"))
    assert statuses(dx, "DX is unencrypted unless you encrypt it.") != [X]


def test_negated_not_rule_is_no_misconception():
    assert statuses(FIREWALLS, "NACLs are NOT stateful.")[1] is M
    assert statuses(IAM, "Roles are not long-lived.")[2] is not X


def test_contrast_after_prefer_or_instead_of_is_not_a_misconception():
    answer = "Roles are assumed for temporary access; prefer roles over static keys."
    assert statuses(IAM, answer)[2] is C
    answer = "Roles give temporary credentials instead of static keys."
    assert statuses(IAM, answer)[2] is C


def test_a_contrast_reaches_the_end_of_its_clause():
    answer = "In production prefer roles and federation over IAM users with static access keys."
    assert statuses(IAM, answer)[2] is not X
    answer = "Roles hand out temporary credentials rather than long-lived access keys."
    assert statuses(IAM, answer)[2] is C


def test_a_negation_inside_another_groups_phrase_negates_nothing():
    assert statuses(TEMPORARY, "No rotation needed: they expire.") == [C]
    assert statuses(TEMPORARY, "If leaked there is no need to rotate anything.") == [C]
    assert statuses(TEMPORARY, "They never expire, so rotate them.") == [X]


def test_negatable_group_counts_after_a_negation():
    assert statuses(ROOT, "Never create access keys for the root user.")[1] is C
    assert statuses(IAM, "Avoid access keys.")[4] is C


def test_any_contradiction_caps_the_rating_at_hard():
    answer = (
        "Users are long-lived identities. Groups organise users. Roles are assumed with "
        "temporary credentials but roles are also permanent. Policies grant permissions. "
        "Prefer federation."
    )
    verdict = check(IAM, answer, GLOSSARY)
    assert verdict.points[2].status is X
    assert verdict.rating is Rating.HARD


# --- who said what: anchors -------------------------------------------------------------------


def test_swapped_entities_get_no_credit_and_are_never_good():
    verdict = check(FIREWALLS, "NACLs are stateful, security groups are stateless.", GLOSSARY)
    # NACLs: the `not:` line; security groups: "stateless" is the opposite of "stateful".
    assert [p.status for p in verdict.points][:2] == [X, X]
    assert verdict.rating is Rating.AGAIN
    verdict = check(IAM, "Groups give temporary credentials you assume, roles organise users.")
    assert C not in [p.status for p in verdict.points[:3]]
    assert verdict.points[1].status is X
    assert verdict.rating is Rating.AGAIN


def test_a_clause_opening_with_a_prepositional_phrase_is_about_its_entity():
    # "with NACLs you ..." is about NACLs; "unlike NACLs" never makes them the subject.
    answer = "Security groups sit on instances, whereas with NACLs you filter whole subnets."
    assert statuses(FIREWALLS, answer)[2:4] == [C, C]
    assert statuses(FIREWALLS, "For NACLs, the rules cover a subnet.")[3] is C
    assert statuses(FIREWALLS, "Unlike NACLs, security groups cover a subnet.")[3] is not C


def test_the_last_word_of_a_compared_name_refers_back_to_it():
    def point(text: str, entity: str, claim: str) -> KeyPoint:
        return KeyPoint(text, MatchRule((MatchGroup((entity,), anchor=True), MatchGroup((claim,)))))

    nat = Card(
        id="nat",
        deck="t",
        question="NAT gateway or NAT instance?",
        key_points=(
            point("A NAT gateway scales automatically", "NAT gateway", "scales automatically"),
            point("A NAT instance is patched by you", "NAT instance", "patch"),
        ),
    )
    answer = "A NAT instance is one you patch yourself. The gateway scales automatically."
    assert statuses(nat, answer) == [C, C]
    # "the instance" is the NAT instance, not the previous sentence's gateway.
    answer = "The NAT gateway is managed. The instance must be patched by you."
    assert statuses(nat, answer)[1] is C
    # A word that starts a name is no reference: "the NAT" could be either.
    assert statuses(nat, "You patch the NAT yourself.")[1] is not C


def test_properties_exchanged_between_compared_entities_contradict_both():
    # No `not:` line or built-in opposite covers instances/subnets: the swap itself does.
    answer = "Security groups work at the subnet level, NACLs are attached to instances."
    assert statuses(FIREWALLS, answer)[2:4] == [X, X]
    # Across sentences too, and the evidence shows the entity the property was given to.
    verdict = check(FIREWALLS, "NACLs sit on instances. Security groups protect subnets.", GLOSSARY)
    assert [p.status for p in verdict.points][2:4] == [X, X]
    assert verdict.points[2].evidence == "NACLs sit on instances"
    # A property said of the other entity only, with this one's own point right or absent,
    # is no swap: both may share it, or the answer is about something else.
    assert statuses(FIREWALLS, "NACLs apply to subnets and instances.")[2:4] == [M, C]
    answer = "Security groups apply to instances, and NACLs to subnets, not instances."
    assert statuses(FIREWALLS, answer)[2:4] == [C, C]
    assert statuses(FIREWALLS, "NACLs are attached to instances.")[2:4] == [M, M]


def test_a_property_given_to_the_wrong_entity_never_credits_the_right_one():
    assert statuses(FIREWALLS, "NACLs protect instances.")[2] is M
    assert statuses(FIREWALLS, "Security groups can deny traffic.")[4] is M


def test_asserting_what_the_point_text_denies_contradicts_it():
    # "Do not use it for daily work": no `not:` line, yet "use it for daily work" is the mistake.
    assert statuses(ROOT, "Use it for daily work with MFA.") == [C, M, X]
    assert statuses(ROOT, "Turn on MFA. Do not use it for daily work.")[2] is not X
    assert statuses(ROOT, "MFA on, and it is never for daily work.")[2] is not X


def test_the_opposite_said_of_the_subject_contradicts_the_point():
    # No `not:` line on these points: "permanent" is the opposite of "temporary".
    verdict = check(ROLES, "Users are long-lived. Roles are permanent too.", GLOSSARY)
    assert [p.status for p in verdict.points] == [C, X]
    assert verdict.points[1].evidence == "Roles are permanent"
    verdict = check(ROLES, "Users are long-lived and roles never expire.", GLOSSARY)
    assert [p.status for p in verdict.points] == [C, X]
    # Said of another entity, or beside evidence for the point, it contradicts nothing.
    assert statuses(ROLES, "Users are permanent. Roles are persistent.") == [C, X]
    assert statuses(ROLES, "Users are permanent. Roles are ephemeral.") == [C, M]
    assert statuses(ROLES, "Roles are temporary, unlike users which are permanent.") == [C, C]
    assert statuses(ROLES, "Roles are temporary; static keys are permanent.")[1] is C
    # Four of five points right and one said the opposite way: Hard, never Good.
    answer = (
        "Security groups are stateless and sit on instances. NACLs are stateless, work on "
        "subnets and can deny."
    )
    verdict = check(FIREWALLS, answer, GLOSSARY)
    assert [p.status for p in verdict.points] == [X, C, C, C, C]
    assert verdict.rating is Rating.HARD


def test_pronoun_takes_the_previous_sentence_subject():
    assert statuses(IAM, "Roles are for workloads. They hand out temporary credentials.")[2] is C


def test_prepositional_phrase_is_not_the_subject():
    answer = "Policies attach to users, groups or roles and grant permissions."
    assert statuses(IAM, answer) == [M, M, M, C, M]
    answer = "Groups are collections of users."
    assert statuses(IAM, answer)[:2] == [M, C]


def test_entity_named_only_inside_a_prepositional_phrase_still_owns_the_sentence():
    assert statuses(FIREWALLS, "With NACLs, filtering is stateless.")[1] is C


def test_coordinated_subjects_share_the_predicate():
    answer = "Users and roles both have permissions through policies."
    assert statuses(IAM, answer)[3] is M
    answer = "Security groups and NACLs both sit in front of an instance."
    assert statuses(FIREWALLS, answer)[2] is C


def test_relative_clause_belongs_to_the_entity_before_it():
    answer = "Security groups are stateful, unlike NACLs which are stateless."
    assert statuses(FIREWALLS, answer)[:2] == [C, C]
    assert statuses(FIREWALLS, "NACLs, which are stateless, protect subnets.")[1:4] == [C, M, C]


def test_single_entity_card_needs_no_subject():
    verdict = check(ROOT, "Turn on MFA. Only for account settings, otherwise lock it away.")
    assert [p.status for p in verdict.points] == [C, M, C]


def test_single_entity_card_ignores_sentences_about_another_subject():
    # Said about STS or MFA, not about the root user: no credit on the root card.
    assert statuses(ROOT, "STS is only for temporary credentials.")[2] is M
    assert statuses(ROOT, "The root user is only for emergencies.")[2] is C
    assert statuses(ROOT, "Only for emergencies, and never with access keys.")[1:] == [C, C]
    # The deck's own name is context, not another subject.
    assert statuses(ROOT, "AWS says: only for emergencies.")[2] is C


def test_restating_the_question_covers_nothing_even_with_an_alias_from_it():
    # "wins" is an alias, but it is also the question's word.
    assert statuses(EXPLICIT_DENY, "An explicit deny wins.") == [M]
    assert statuses(EXPLICIT_DENY, "An explicit deny always wins.") == [C]
    assert statuses(EXPLICIT_DENY, "An explicit deny overrides every allow.") == [C]


# --- answers that must get nothing ------------------------------------------------------------


@pytest.mark.parametrize(
    "card,answer",
    [
        (IAM, "IAM has users, groups, roles and policies."),
        (IAM, "Explain the difference between IAM users, groups, roles, and policies."),
        (FIREWALLS, "There are security groups and network ACLs."),
        (VPC, "A VPC is a VPC."),
    ],
)
def test_keyword_stuffed_answer_gets_nothing(card, answer):
    verdict = check(card, answer, GLOSSARY)
    assert all(p.status is M for p in verdict.points)
    assert verdict.score == 0.0
    assert verdict.rating is Rating.AGAIN


@pytest.mark.parametrize(
    "card,answer",
    [
        (IAM, "A VPC is a private network; security groups act as firewalls for instances."),
        (FIREWALLS, "Users are long-lived; roles are assumed for temporary credentials."),
        (LAMBDA, "EC2 instances run in subnets inside a VPC."),
        (ROOT, "Security groups are stateful and apply to instances."),
    ],
)
def test_off_topic_answer_gets_nothing(card, answer):
    verdict = check(card, answer, GLOSSARY)
    assert all(p.status is not C for p in verdict.points)
    assert verdict.rating is Rating.AGAIN


@pytest.mark.parametrize("answer", ["", "   ", "I don't know", "idk", "?", "No idea.", "dunno"])
def test_dont_know_is_again_with_every_point_missed(answer):
    verdict = check(IAM, answer, GLOSSARY)
    assert [p.status for p in verdict.points] == [M] * 5
    assert verdict.score == 0.0
    assert verdict.rating is Rating.AGAIN


def test_dont_know_followed_by_an_answer_is_graded():
    assert statuses(IAM, "I don't know, maybe roles give temporary credentials?")[2] is C


def test_card_without_key_points_has_nothing_to_grade():
    # Its answer ("Any answer is fine.") says nothing to derive key points from.
    verdict = check(EMPTY, "S3, because it never loses my files.")
    assert verdict.points == ()
    assert verdict.score == 0.0
    assert not checker.derives_points(EMPTY)


# --- key points without match: lines ---------------------------------------------------------


def test_point_without_match_line_uses_its_own_content_words():
    assert statuses(VPC, "It is a private isolated virtual network.") == [C, M]
    assert statuses(VPC, "It is a network, split into subnets.") == [M, M]
    assert statuses(VPC, "Subnets, each in one availability zone.") == [M, C]


def test_a_question_word_said_negated_in_a_tilde_group_is_a_statement():
    card = Card(
        id="private",
        deck="t",
        question="How does a private subnet reach the internet?",
        key_points=(
            KeyPoint(
                "A private subnet is not reachable from the internet",
                MatchRule((MatchGroup(("reachable", "reached", "isolated"), negatable=True),)),
            ),
        ),
    )
    assert statuses(card, "It can't be reached from the internet.") == [C]
    # Said without the negation it only restates the question.
    assert statuses(card, "It is reached from the internet.") == [M]


def test_content_words_from_the_question_prove_nothing():
    # "VPC" is the question's word; "virtual private cloud" only restates it.
    assert statuses(VPC, "VPC means virtual private cloud.") == [M, M]


def test_a_negated_predicate_after_its_subject_denies_the_subject():
    root = _card("How do you secure the root user?", ("Protect it with MFA", "MFA"))
    assert statuses(root, "Turn on MFA for it.") == [C]
    assert statuses(root, "MFA isn't supported on the root user.") == [X]
    assert statuses(root, "A password is enough, MFA is not needed.") == [X]
    # Only "not needed/supported/...": "MFA is not optional" asserts it.
    assert statuses(root, "MFA is not optional.") == [C]


def test_negating_what_the_point_itself_negates_agrees_with_it():
    scp = _card(
        "Whom do SCPs affect?",
        (
            "They affect member accounts, but not the management account",
            "management account | management",
        ),
    )
    assert statuses(scp, "every principal in members, NOT the mgmt acct") == [C]
    assert statuses(scp, "They don't apply to the management account.") == [C]
    assert statuses(scp, "They apply to the management account too.") == [X]


def test_what_something_wins_over_is_set_aside():
    card = _card("Which route wins?", ("The most specific route wins", "@route ; specific"))
    assert statuses(card, "The route that is more specific wins.") == [C]
    assert statuses(card, "The broadest route wins over more specific ones.") == [X]


def test_a_non_prefixed_word_is_its_own_word_not_the_word_it_negates():
    peering = Card(
        id="peering",
        deck="t",
        question="Can traffic hop across peered VPCs?",
        key_points=(
            KeyPoint(
                "Peering is not transitive",
                MatchRule(
                    (
                        MatchGroup(
                            ("non-transitive", "not transitive"),
                        ),
                    )
                ),
                (MatchRule((MatchGroup(("is transitive",)),)),),
            ),
        ),
    )
    assert statuses(peering, "Peering is non-transitive.") == [C]
    assert statuses(peering, "peering is nontransitive") == [C]
    assert statuses(peering, "Peering is transitive.") == [X]


def test_avoid_doing_something_negates_it_like_never():
    card = Card(
        id="root",
        deck="t",
        question="How should root be used?",
        key_points=(
            KeyPoint(
                "Do not use root for daily work",
                MatchRule((MatchGroup(("root",)), MatchGroup(("daily",)))),
                (MatchRule((MatchGroup(("using root for daily",)),)),),
            ),
        ),
    )
    assert statuses(card, "Start using root for daily work.") == [X]
    assert statuses(card, "Avoid using root for daily work.") != [X]
    assert statuses(card, "Never use root for daily work.") != [X]


def test_note_symbols_star_and_greater_than_read_as_words():
    assert analyse("Avoid using * in policies.").words == [
        "avoid",
        "using",
        "wildcard",
        "in",
        "policies",
    ]
    assert analyse("* first\n  * second").words == ["first", "second"]
    assert analyse("This is *important*").words == ["this", "is", "important"]
    assert analyse("explicit deny > any allow").words == [
        "explicit",
        "deny",
        "over",
        "any",
        "allow",
    ]
    card = _card("What is least privilege?", ("No wildcards in policies", "avoid;wildcard"))
    assert statuses(card, "Avoid * in actions and resources.") == [C]


def test_nothing_after_a_preposition_negates_nothing():
    card = _card("What is least privilege?", ("Grant only what each identity needs", "only;need"))
    answer = "Start from nothing and give each identity only what it actually needs."
    assert statuses(card, answer) == [C]
    assert statuses(card, "Never give each identity only what it needs.") == [X]


def test_a_main_clause_after_a_without_phrase_is_not_negated():
    card = _card("How do private subnets reach S3?", ("Through VPC endpoints", "VPC endpoint"))
    answer = "To reach S3 without going through NAT you add VPC endpoints."
    assert statuses(card, answer) == [C]
    assert statuses(card, "It works without VPC endpoints.") == [X]
    source = _card(
        "How can the app tier reach the database?",
        ("A rule can use another security group as its source instead of a CIDR", "group"),
    )
    answer = "Instead of a CIDR as the source you can put another security group's ID."
    assert statuses(source, answer) == [C]


def test_a_verb_followed_by_nothing_is_denied():
    card = _card("What does a stateful firewall do?", ("It remembers connections", "remember"))
    assert statuses(card, "It remembers every connection.") == [C]
    assert statuses(card, "It remembers nothing.") == [X]


def test_what_the_point_says_of_another_subject_denies_nothing_it_denies():
    # The point denies "grant permissions" of SCPs and says IAM policies do the granting.
    scps = _card(
        "What do SCPs do in AWS Organizations?",
        ("They never grant permissions: IAM policies must still allow the action", "SCP;never"),
    )
    assert statuses(scps, "IAM policies grant permissions.") == [M]
    assert statuses(
        scps, "The only way to grant permissions to users is by attaching IAM policies."
    ) == [M]
    assert statuses(scps, "SCPs grant permissions.") == [X]
    assert statuses(scps, "SCPs and IAM policies both grant permissions.") == [X]


def test_and_a_noun_with_an_adverbed_verb_ends_a_negation():
    card = _plain("What is a fast-forward merge?", "Git just moves the branch pointer forward")
    answer = "When the target branch has not moved and Git simply moves the pointer forward."
    assert statuses(card, answer) == [C]
    assert statuses(card, "Git never moves the pointer forward.") == [X]


def test_a_scope_word_inside_a_name_states_no_broad_scope():
    edge = _card(
        "What are edge locations?",
        ("Points of presence for CloudFront and Global Accelerator, close to users", "cache"),
    )
    # "solely to cache" limits nothing the point says: "Global" is part of a name.
    assert statuses(edge, "A mini data center used solely to cache files near users.") == [C]
    arns = _card("What is an ARN?", ("ARNs are unique across AWS", "unique"))
    assert statuses(arns, "ARNs are only unique within your account.") == [X]


def test_what_other_people_are_said_to_believe_is_not_asserted():
    jwt = _plain("What is inside a JWT?", "Payload is encoded, not encrypted")
    assert statuses(jwt, "Many people think the payload is encrypted, but it's not.") != [X]
    assert statuses(jwt, "A common misconception is that the payload is encrypted.") != [X]
    assert statuses(jwt, "I think the payload is encrypted.") == [X]
    assert statuses(jwt, "The payload is encrypted.") == [X]


def test_a_gerund_subject_said_to_be_bad_asserts_nothing():
    card = Card(
        id="root",
        deck="t",
        question="How do you protect the root user?",
        key_points=(
            KeyPoint(
                "Do not use it for daily work",
                MatchRule((MatchGroup(("daily",)), MatchGroup(("avoid", "never", "not")))),
                (MatchRule((MatchGroup(("use root for daily", "use it for daily")),)),),
            ),
        ),
    )
    assert statuses(card, "Using root for daily work is a bad idea.") != [X]
    assert statuses(card, "Using it for daily work is like leaving the door unlocked.") != [X]
    assert statuses(card, "Using root for daily work is not recommended.") != [X]
    assert statuses(card, "Using root for daily work is fine.") == [X]
    assert statuses(card, "I use root for daily work.") == [X]


def test_a_hedged_or_dismissive_predicate_denies_its_subject_too():
    root = _card("How do you secure the root user?", ("Protect it with MFA", "MFA"))
    assert statuses(root, "MFA isn't really needed for root.") == [X]
    assert statuses(root, "Honestly MFA is optional.") == [X]
    assert statuses(root, "MFA is overkill for one account.") == [X]
    assert statuses(root, "Set a strong password; MFA is always required.") == [C]


def test_saying_a_tilde_concept_is_needed_contradicts_a_point_that_negates_it():
    card = Card(
        id="ssm",
        deck="t",
        question="How does Session Manager reach private instances?",
        key_points=(
            KeyPoint(
                "Session Manager needs no inbound ports or SSH keys, so no full mesh",
                MatchRule((MatchGroup(("inbound", "open port", "SSH keys"), negatable=True),)),
            ),
            KeyPoint(
                "Peering is not transitive, so many VPCs need a full mesh",
                MatchRule((MatchGroup(("transitive", "mesh"), negatable=True),)),
            ),
        ),
    )
    assert statuses(card, "No inbound ports are opened and no SSH keys.")[0] is C
    assert statuses(card, "Session Manager needs inbound ports opened.")[0] is X
    assert statuses(card, "It requires SSH keys.")[0] is X
    assert statuses(card, "You don't need an open port.")[0] is C
    # What the point's text asserts ("need a full mesh") may be said to be needed.
    assert statuses(card, "Many VPCs need a full mesh.")[1] is C


def test_saying_a_subject_has_what_its_point_says_it_has_not_contradicts_it():
    card = Card(
        id="subnets",
        deck="t",
        question="What makes a subnet private?",
        key_points=(
            KeyPoint(
                "A private subnet has no route to the internet gateway",
                MatchRule(
                    (MatchGroup(("internet gateway", "no path", "isolated"), negatable=True),)
                ),
            ),
        ),
    )
    assert statuses(card, "It has no route to the internet gateway.") == [C]
    assert statuses(card, "It is isolated. It has a route to the internet gateway.") == [X]
    assert statuses(card, "It is isolated, with a route to the internet gateway.") == [X]
    assert statuses(card, "It is isolated. Public ones route to the internet gateway.") == [C]


def test_only_within_a_narrow_scope_contradicts_a_point_stating_a_broad_one():
    arn = _card("What is an ARN?", ("An ARN uniquely identifies a resource across AWS", "unique"))
    assert statuses(arn, "It is a unique name for a resource.") == [C]
    assert statuses(arn, "It's only unique within your account.") == [X]
    assert statuses(arn, "It's unique, not only within your account.") == [C]
    # A point that states a limit itself is not contradicted by one.
    vpc = _card("What is a subnet?", ("A subnet lives only in one AZ", "AZ"))
    assert statuses(vpc, "It exists only in one AZ.") == [C]


def _plain(question: str, *points: str) -> Card:
    """A card as other people write them: key points with no match rules."""
    return Card(
        id="plain", deck="t", question=question, key_points=tuple(KeyPoint(t) for t in points)
    )


def test_inflections_the_stemmer_keys_apart_still_match():
    card = _plain("How does JavaScript run async work?", "Callbacks get queued")
    assert statuses(card, "Each callback waits in the task queue.") == [C]


def test_a_parenthesised_list_is_one_concept_any_item_fills():
    card = _plain(
        "What are IAM users?",
        "Users are long-lived identities with long-term credentials (password, access keys)",
    )
    assert statuses(card, "They're long-term identities that sign in with an access key.") == [C]
    assert statuses(card, "They have a password.") == [M]


def test_everyday_synonyms_fill_a_rule_less_point():
    docker = _plain("Image vs container?", "An image is a read-only template for containers")
    assert statuses(docker, "The image is a read-only blueprint for containers.") == [C]
    assert statuses(docker, "The image is a read-only file.") == [M]
    tokens = _plain("How are session tokens used?", "Clients retrieve tokens")
    assert statuses(tokens, "Clients fetch a token first.") == [C]
    assert statuses(tokens, "Clients sign a token first.") == [M]
    merge = _plain("Merge or rebase?", "Merge preserves history")
    assert statuses(merge, "A merge keeps the history.") == [C]
    # An adverb is its adjective: "easily" is "easy", "slowly" is "slow".
    cmd = _plain("CMD vs ENTRYPOINT?", "CMD is easy to override")
    assert statuses(cmd, "CMD can be easily overridden.") == [C]
    assert [word_key(w) for w in ("only", "early", "family", "really", "fully")] == [
        "onli",
        "earli",
        "famili",
        "real",
        "full",
    ]
    # A noun made from a verb is the verb: "role creation" is "create roles".
    boundary = _plain("Why use a permission boundary?", "Used to delegate role creation")
    assert statuses(boundary, "It lets developers create their own roles.") == [C]
    # Irregular verbs: "sent" is a form of "send".
    cookie = _plain("What does the Secure flag do?", "Secure: only sent over HTTPS")
    assert statuses(cookie, "The browser will only send a Secure cookie over HTTPS.") == [C]


def test_slashes_and_synonyms_are_alternatives_without_rules():
    card = _plain("How do STS credentials work?", "They are short-lived and rotate/expire")
    assert statuses(card, "They're temporary and expire after an hour.") == [C]


def test_what_the_point_itself_negates_may_be_said_either_way():
    card = _plain(
        "How do you reach private instances?",
        "Session Manager needs no inbound ports, public IP or SSH keys",
    )
    assert statuses(card, "Session Manager: no inbound ports, no public IP, no SSH keys.") == [C]
    assert statuses(card, "Session Manager avoids inbound ports and SSH keys.") == [C]


def test_asserting_what_a_rule_less_point_denies_contradicts_it():
    card = _plain(
        "What do SCPs do?", "SCPs never grant permissions", "They do not apply to service roles"
    )
    assert statuses(card, "SCPs do not grant permissions; they don't apply to service roles.") == [
        C,
        C,
    ]
    assert statuses(card, "SCPs grant permissions.")[0] is X
    assert statuses(card, "They always apply to service roles.")[1] is X


def test_rule_less_comparison_card_attributes_properties_to_their_subject():
    card = _plain(
        "What is the difference between security groups and network ACLs?",
        "Security groups are stateful and apply to instances",
        "Network ACLs are stateless and apply to subnets",
    )
    right = "Security groups are stateful, on instances. Network ACLs are stateless, on subnets."
    assert statuses(card, right) == [C, C]
    swapped = "Security groups are stateless, on subnets. Network ACLs are stateful, on instances."
    verdict = check(card, swapped)
    assert C not in [p.status for p in verdict.points]
    assert verdict.rating <= Rating.HARD


def test_a_rule_less_point_is_not_covered_by_one_word_of_several():
    card = _plain(
        "How do you design for high availability?",
        "A load balancer with health checks spreads traffic over the zones",
    )
    assert statuses(card, "Use a load balancer.") == [M]
    assert statuses(card, "A load balancer runs health checks and spreads traffic.") == [C]


def test_a_label_and_a_list_of_properties_can_be_covered():
    card = _plain(
        "What are VPC gateway endpoints?",
        "Gateway endpoints: only S3 and DynamoDB, added to route tables, free",
    )
    assert statuses(card, "They work for S3 and DynamoDB and cost nothing.") == [C]
    assert statuses(card, "They are a kind of endpoint.") == [M]


def test_a_point_may_be_covered_by_two_adjacent_sentences():
    card = _plain(
        "What is an IAM role?", "Roles give temporary credentials that expire automatically"
    )
    assert statuses(card, "A role hands out temporary credentials. They expire automatically.") == [
        C
    ]
    # Sentences apart, or one word more than half the point, prove nothing together.
    apart = "A role hands out temporary credentials. Users are people. They expire automatically."
    assert statuses(card, apart) == [M]
    assert statuses(card, "A role hands out credentials. They expire.") == [M]


def test_prepositions_of_a_point_are_not_concepts_an_answer_must_say():
    card = _plain(
        "How does a private subnet reach the internet?", "Traffic leaves through a NAT gateway"
    )
    assert statuses(card, "Via a NAT gateway.") == [C]
    assert statuses(card, "Through a gateway.") == [M]


def test_one_of_a_thing_in_the_point_is_contradicted_by_many():
    card = _plain("What is a VPC?", "A VPC is a private network inside one AWS Region")
    assert statuses(card, "A private network inside a single Region.") == [C]
    assert statuses(card, "A private network that can span multiple Regions.") == [X]


def test_a_comparison_sentence_naming_no_entity_still_counts_for_the_subject():
    card = _plain(
        "How do public and private subnets differ?",
        "A public subnet has a route to an internet gateway in its route table",
        "A private subnet has no route to the internet gateway",
    )
    # No entity is named, so the route is not said of the private subnet either way.
    answer = "What makes a subnet public is its route table: it has a route to an internet gateway."
    assert statuses(card, answer) == [C, M]
    assert (
        statuses(card, "A private subnet has a route to an internet gateway in its route table.")[0]
        is M
    )


def test_a_subject_read_with_its_verb_is_the_entity_another_point_names():
    card = _plain(
        "How do public and private subnets reach the internet?",
        "Public subnets have a route to an internet gateway",
        "Private subnets have no route to an internet gateway",
        "Private subnets reach services through VPC endpoints",
    )
    # "Private subnets reach" is not a third entity: the point is about private subnets.
    assert statuses(card, "Private subnets use VPC endpoints for services.")[2] is C
    assert statuses(card, "Public subnets use VPC endpoints for services.")[2] is M


def test_what_is_said_of_an_entity_the_point_names_counts_for_the_point():
    card = _plain(
        "What are Regions, Availability Zones and edge locations?",
        "A Region is a separate geographic area",
        "An Availability Zone is one or more data centres",
        "A Region has several Availability Zones linked by low-latency links",
        "Edge locations are smaller sites, unlike Regions",
    )
    answer = (
        "A Region holds several Availability Zones. "
        "The Availability Zones are linked by low-latency links."
    )
    assert statuses(card, answer)[2] is C
    # Named in a contrast ("unlike Regions"), an entity is no object of the point.
    assert statuses(card, "Regions are smaller sites.")[3] is M


def test_an_abbreviation_the_card_defines_matches_its_long_form():
    point = "The Security Token Service issues temporary credentials on request"
    undefined = _plain("What does it do?", point)
    assert [p.status for p in check(undefined, "STS issues temporary creds.").points] == [M]
    for card in (
        _plain("What does the Security Token Service (STS) do?", point),
        replace(undefined, answer="STS (Security Token Service) hands out credentials."),
    ):
        assert [p.status for p in check(card, "STS issues temporary creds.").points] == [C]
    assert checker.defined_abbreviations(
        _plain("Why use a network ACL (NACL) or Service Control Policies (SCPs), e.g. (roles)?")
    ) == (("nacl", "network ACL"), ("scp", "Service Control Policies"))


def test_an_initialism_of_a_term_the_card_names_matches_it():
    card = _plain(
        "How does a private subnet reach the internet?",
        "Outbound traffic goes through a NAT gateway in a public subnet",
        "Only public subnets route to the internet gateway",
    )
    answer = "Outbound goes via an NGW in a public subnet. Public ones route to the IGW."
    assert statuses(card, answer) == [C, C]
    # Plurals, lower case, and letters past a word's first ("NACLs": network ACLs).
    acl = _plain(
        "How do Network ACLs differ from security groups?",
        "Network ACLs are stateless and evaluate rules in order",
        "Security groups are stateful",
    )
    assert statuses(acl, "nacls are stateless, rules in order; sgs are stateful") == [C, C]
    # A word is no initialism when it is English or spells no term of this card.
    assert statuses(card, "An NGW sits in a public subnet.")[0] is C
    assert statuses(card, "A gate sits in a public subnet.")[0] is M
    assert statuses(card, "An ALB sits in a public subnet.")[0] is M
    # "ID" is an identifier, never an initialism ("implicit deny").
    deny = _plain("How is a request evaluated?", "Every request starts as an Implicit Deny")
    assert statuses(deny, "Every request starts as an ID.") == [M]


def test_card_terms_are_names_and_repeated_phrases():
    card = Card(
        id="t",
        deck="t",
        question="What does a NAT gateway do?",
        answer="A NAT gateway lets private subnets reach out. Private subnets stay hidden. "
        "It lives in an Availability Zone.",
    )
    terms = {" ".join(t) for t in checker.card_terms(card)}
    assert {"nat gateway", "private subnets", "availability zone"} <= terms
    assert "subnets reach" not in terms
    # A key point restating a sentence of the answer repeats no term.
    restated = replace(card, key_points=(KeyPoint("A NAT gateway lets private subnets reach out"),))
    assert "subnets reach" not in {" ".join(t) for t in checker.card_terms(restated)}


def test_a_clause_about_another_points_subject_says_nothing_of_this_one():
    card = _plain(
        "What is a VPC, and what are its parts?",
        "A VPC is an isolated virtual network in one Region",
        "Subnets split the range, and each subnet sits in one zone",
    )
    assert statuses(card, "A VPC is an isolated virtual network in a Region.") == [C, M]
    # The VPC's properties said of the subnets, and the subnets' of the VPC: no credit, and
    # traded both ways ("sits in one zone" is the subnets' point), a mistake about both.
    swapped = "Subnets are the isolated virtual networks in a Region, and a VPC sits in one zone."
    assert statuses(card, swapped) == [X, X]
    assert statuses(card, "Subnets are the isolated virtual networks in a Region.")[0] is M
    # A clause naming the point's subject anywhere still counts for it.
    assert statuses(card, "Subnets hold the VPC, an isolated virtual network in a Region.")[0] is C


def test_one_answer_word_fills_one_slot():
    card = _plain("What does it do?", "An internet gateway connects the VPC to the internet")
    glossary = (("IGW", "internet gateway"),)
    # "internet" of "internet gateway" is not the point's other "internet" as well.
    assert [p.status for p in check(card, "There is an internet gateway.", glossary).points] == [M]
    answer = "An IGW connects it to the internet."
    assert [p.status for p in check(card, answer, glossary).points] == [C]


def test_a_word_most_points_say_weighs_half_a_slot():
    card = _plain(
        "What is a session policy?",
        "It is passed when the role is assumed",
        "It can only restrict permissions: the intersection with the role's policies",
        "It is never stored on the role",
    )
    # "role" is in every point: with "permissions" it is not half of the second point.
    assert statuses(card, "It adds extra permissions on top of the role's policies.")[1] is M
    assert statuses(card, "It can only restrict the permissions the role has.")[1] is C


def test_naming_a_points_subject_alone_does_not_cover_it():
    card = _plain(
        "What are ephemeral ports?",
        "Security groups don't need ephemeral port rules because they are stateful",
        "Unlike security groups, network ACLs must allow the ephemeral range",
    )
    answer = "Security groups also need an outbound rule for the ephemeral range."
    assert statuses(card, answer)[0] is not C
    assert statuses(card, "Security groups are stateful, so no ephemeral rules there.")[0] is C
    assert statuses(card, "SGs are stateful.")[0] is C


# --- sentences ---------------------------------------------------------------------------------


def test_a_wrapped_long_line_does_not_end_the_sentence():
    answer = (
        "In the console you will find that every role issues credentials which are very\n"
        "temporary by design."
    )
    assert statuses(IAM, answer)[2] is C
    # Short lines are a list: each line is its own sentence (lines 1 and 3 are not adjacent).
    assert statuses(VPC, "private isolated\nsubnets\nvirtual network") == [M, M]


def test_abbreviations_do_not_end_a_sentence():
    assert statuses(IAM, "Roles, e.g. for EC2, are assumed.")[2] is C


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_spans_point_into_the_original_answer():
    answer = "Ünïcode first — then: Rôles are assumed, giving TEMPORARY credentials. Ok"
    verdict = check(IAM, answer, GLOSSARY)
    point = verdict.points[2]
    assert point.status is C
    start, end = point.span
    assert answer[start:end] == point.evidence
    assert point.evidence == "Rôles are assumed"


def test_evidence_names_the_subject_and_the_predicate():
    answer = "We use them a lot. In short, NACLs are stateless and security groups are stateful."
    verdict = check(FIREWALLS, answer, GLOSSARY)
    assert verdict.points[0].evidence == "security groups are stateful"
    assert verdict.points[1].evidence == "NACLs are stateless"
    for p in verdict.points:
        if p.span:
            assert answer[p.span[0] : p.span[1]] == p.evidence


def test_missed_point_has_no_evidence():
    point = check(IAM, "Policies grant permissions.", GLOSSARY).points[0]
    assert point.status is M and point.evidence == "" and point.span is None


# --- score and rating -------------------------------------------------------------------------


def _points(*statuses: PointStatus, weights=None) -> list[PointResult]:
    weights = weights or [1.0] * len(statuses)
    return [
        PointResult(i, f"p{i}", s, w)
        for i, (s, w) in enumerate(zip(statuses, weights, strict=True))
    ]


@pytest.mark.parametrize(
    "marks,rating",
    [
        ("CCCCC", Rating.EASY),
        ("CCCC.", Rating.GOOD),
        ("CCC..", Rating.HARD),
        ("CC...", Rating.HARD),
        ("C....", Rating.AGAIN),
        (".....", Rating.AGAIN),
        ("CCCCX", Rating.HARD),
        ("CCXX.", Rating.AGAIN),
    ],
)
def test_rating_follows_weighted_coverage(marks, rating):
    points = _points(*[{"C": C, ".": M, "X": X}[m] for m in marks])
    assert suggest_rating(points) is rating


def test_score_is_covered_minus_half_contradicted():
    assert score_points(_points(C, C, X, M)) == pytest.approx(0.375)
    assert score_points(_points(X, X, X)) == 0.0
    assert score_points(_points(C, M, weights=[3.0, 1.0])) == 0.75
    assert score_points([]) == 0.0


def test_missed_core_point_caps_at_hard():
    points = _points(C, C, C, C, C, C, C, C, C, M)
    assert suggest_rating(points) is Rating.GOOD
    assert suggest_rating(points, [False] * 9 + [True]) is Rating.HARD
    answer = (
        "Users are long-lived. Groups organise users. Policies grant permissions. "
        "Prefer federation over access keys. Roles exist too."
    )
    verdict = check(IAM, answer, GLOSSARY)
    assert verdict.points[2].status is M
    assert verdict.rating is Rating.HARD


def test_compiled_card_is_cached():
    assert compile_card(IAM, GLOSSARY) is compile_card(IAM, GLOSSARY)
    assert compile_card(IAM, ()) is not compile_card(IAM, GLOSSARY)


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(DECK.cards), st.text(max_size=300))
def test_score_is_always_between_zero_and_one(card, answer):
    verdict = check(card, answer, GLOSSARY)
    assert 0.0 <= verdict.score <= 1.0
    assert len(verdict.points) == len(card.key_points)
    for p in verdict.points:
        if p.span is not None:
            assert answer[p.span[0] : p.span[1]] == p.evidence


AWS_DECKS = Path(__file__).resolve().parent.parent / "decks" / "aws"
AWS_CARDS = {c.id: c for f in sorted(AWS_DECKS.glob("*.md")) for c in parse_file(f).cards}
AWS_GLOSSARY = tuple(g for f in sorted(AWS_DECKS.glob("*.md")) for g in parse_file(f).glossary)


def aws_statuses(card: Card, answer: str) -> list[PointStatus]:
    """Grade an answer against a bundled AWS card with the bundled glossary."""
    return [p.status for p in check(card, answer, AWS_GLOSSARY).points]


@st.composite
def _answers_near_related_cards(draw):
    """A bundled card, its related cards, and sentences of their model answers mixed up."""
    card = draw(st.sampled_from(sorted(AWS_CARDS.values(), key=lambda c: c.id)))
    related = tuple(AWS_CARDS[r] for r in card.related if r in AWS_CARDS)
    pool = [s for c in (card, *related) for s in c.answer.split(". ") if s.strip()]
    sentences = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4))
    return card, related, ". ".join(sentences)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answers_near_related_cards())
def test_related_cards_only_ever_take_credit_away(drawn):
    card, related, answer = drawn
    alone = check(card, answer, AWS_GLOSSARY)
    verdict = check(card, answer, AWS_GLOSSARY, related)
    assert verdict.score <= alone.score
    for before, after in zip(alone.points, verdict.points, strict=True):
        assert after.status is before.status or (
            before.status is PointStatus.COVERED and after.status is PointStatus.MISSED
        )
    if verdict.answers_other is None:
        assert verdict == alone
    else:
        assert verdict.answers_other in card.related
        assert all(p.status is not PointStatus.COVERED for p in verdict.points)
        assert all(p.status is not PointStatus.CONTRADICTED for p in alone.points)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answers_near_related_cards())
def test_a_related_card_is_skipped_only_when_it_could_not_score_enough(drawn):
    # Related cards the answer cannot reach are not graded (speed): the bound must hold.
    card, related, answer = drawn
    text = analyse(answer, ellipses=True)
    for c in (card, *related):
        match = _Match(compile_card(c, AWS_GLOSSARY), answer, text)
        bound = _reachable(match)
        assert _verdict(match).score <= bound + 1e-9


_RESERVED = (
    checker.STOPWORDS
    | checker.NEGATORS
    | checker.PREPOSITIONS
    | checker.COMMON_WORDS
    | {"instead", "rather", "opposed", "over", "than", "only", "just", "matter"}
    | {"but", "whereas", "while", "although", "however", "though", "well", "plus", "either"}
    | {"dunno", "pass", "skip", "forgot", "unsure", "huh", "clueless"}
    | set(checker._APOSTROPHE_LESS_NEGATIONS)
    | set(checker._MISSPELT_FUNCTION_WORDS)
    | {"win", "wins", "won", "winning", "precedence", "priority"}
    | {"prefer", "prefers", "favor", "favour", "choose", "better", "safer"}
)
# Predicate words never start with a-d, entity names only use a-d: no typo link between them.
_word = st.text("efghijklmnoprstuvw", min_size=3, max_size=9).filter(lambda w: w not in _RESERVED)
_entity = st.text("abcd", min_size=4, max_size=6)
_alternative = st.lists(_word, min_size=1, max_size=3).map(" ".join)
_group = st.lists(_alternative, min_size=1, max_size=3)


@st.composite
def cards(draw):
    entities = draw(st.lists(_entity, min_size=0, max_size=3, unique=True))
    points = []
    for n in range(draw(st.integers(1, 5))):
        groups = draw(st.lists(_group, min_size=0, max_size=3))
        anchor = draw(st.sampled_from([None, *entities])) if entities else None
        if not groups and anchor is None:
            text = " ".join(draw(st.lists(_word, min_size=1, max_size=5)))
            points.append(KeyPoint(text))
            continue
        rule_groups = [MatchGroup((anchor,), anchor=True)] if anchor else []
        rule_groups += [MatchGroup(tuple(g)) for g in groups]
        # Misconceptions use words the answers below never contain.
        nots = (MatchRule((MatchGroup(("zzyzx",)),)),) if n % 2 else ()
        points.append(KeyPoint(f"point {n}", MatchRule(tuple(rule_groups)), nots))
    # Question words never appear in aliases: restating the question earns nothing.
    question = " ".join(draw(st.lists(st.text("xyz", min_size=3, max_size=6), max_size=6)))
    return Card(id="gen", deck="gen", question=question or "why", key_points=tuple(points))


def model_answer(card: Card) -> str:
    """One sentence per key point: the anchor's name, then each group's first alternative."""
    sentences = []
    for point in card.key_points:
        if point.match is None:
            sentences.append(point.text)
            continue
        anchors = [g.alternatives[0] for g in point.match.groups if g.anchor]
        others = [g.alternatives[0] for g in point.match.groups if not g.anchor]
        sentences.append(" ".join(anchors + others))
    return ". ".join(sentences) + "."


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards())
def test_first_alternatives_of_every_point_cover_every_point(card):
    verdict = check(card, model_answer(card))
    assert [p.status for p in verdict.points] == [C] * len(card.key_points)
    assert verdict.score == 1.0


UNRELATED = st.sampled_from(
    [
        "The weather was lovely yesterday.",
        "I had coffee before this interview!",
        "My cat sleeps on the keyboard; it is annoying.",
        "Anyway, moving on.",
        "Not sure about the rest, to be honest.",
    ]
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        cards().map(lambda c: (c, model_answer(c), ())),
        st.sampled_from(
            [
                (IAM, "Roles are assumed and give temporary credentials. Users are permanent."),
                (FIREWALLS, "Security groups are stateful. NACLs are stateless, per subnet."),
                (ROOT, "Enable MFA and never create access keys"),
                (VPC, "A private, isolated virtual network"),
            ]
        ).map(lambda t: (*t, GLOSSARY)),
    ),
    st.lists(UNRELATED, min_size=1, max_size=3),
)
def test_appending_unrelated_sentences_never_uncovers_a_point(case, extra):
    card, answer, glossary = case
    before = check(card, answer, glossary)
    after = check(card, answer + "\n" + " ".join(extra), glossary)
    for b, a in zip(before.points, after.points, strict=True):
        if b.status is C:
            assert a.status is C, (b, a)


# --- labelled answers -------------------------------------------------------------------------

ROOT_DIR = Path(__file__).resolve().parent.parent
LABELLED = [
    (FIXTURES / "grading", FIXTURES / "decks" / "checker_aws.md"),
    (FIXTURES / "grading" / "aws", ROOT_DIR / "decks" / "aws"),
]
if (ROOT_DIR / "tests" / "data" / "grading").is_dir():
    LABELLED.append((ROOT_DIR / "tests" / "data" / "grading", ROOT_DIR / "decks"))


@pytest.mark.parametrize("data,decks", LABELLED, ids=lambda p: p.name)
def test_wrong_answers_in_the_labelled_sets_are_never_good_or_easy(data, decks):
    from bench.grading import NEVER_GOOD, load_decks, load_split

    cards, glossaries = load_decks(decks)
    checked = 0
    for split in sorted(data.glob("*.jsonl")):
        for ex in load_split(split, cards):
            wrong = ex.kind in NEVER_GOOD or PointStatus.CONTRADICTED in ex.labels
            if not wrong:
                continue
            verdict = check(ex.card, ex.answer, glossaries.get(ex.card.deck, ()))
            assert verdict.rating <= Rating.HARD, f"{split.name}:{ex.line} {ex.answer!r}"
            checked += 1
    assert checked > 0


# Strangers' decks (key points without rules, tests/data/foreign): without `not:` rules a
# lexical checker cannot see every misconception, so the property is not guaranteed there.
# This ceiling is the count measured on the nine opened decks; it guards against regressions.
# Three were there when the sets were opened (one SQL answer swapping what two isolation levels
# prevent, two networking answers getting an order wrong: the TCP handshake, lowering a DNS TTL
# only at the cut-over); two more came with nearly stated points counting on answers that know
# the card (`slots.NEAR_GAP`): a rebase answer and a DNS answer each with one undetected error
# among points they state right (F1 +0.02 to +0.03 on every deck, rating agreement +0.04).
# Three came with the Docker and AWS compute decks, as measured fresh before they were opened.
# Three more with sentences that restate points closely (`slots.RESEMBLANCE`: F1 +0.02 to
# +0.07 on each deck): two Kubernetes answers and one AWS answer with swapped definitions or a
# wrong number among restated points ("maxUnavailable is how many extra pods it may create").
# Seven came with the Terraform, JavaScript and distributed-systems decks (1, 0, 6), as
# measured fresh before they were opened: 18 of about 860 wrong answers on twelve decks.
# Session 5 (the model answer's words, fewer false contradictions): one AWS compute answer
# fewer, one Kubernetes DaemonSet answer more ("nodes that join later don't get one"): 17.
FOREIGN_WRONG_GOOD_CEILING = 17


def test_wrong_answers_on_strangers_decks_stay_under_the_measured_ceiling():
    from bench.grading import NEVER_GOOD, load_decks, load_split

    foreign = ROOT_DIR / "tests" / "data" / "foreign"
    wrong = good = 0
    for split in sorted(foreign.glob("*.jsonl")):
        # Each deck on its own: strangers reuse card ids ("cmd-vs-entrypoint").
        cards, glossaries = load_decks(split.with_suffix(".md"))
        for ex in load_split(split, cards):
            if ex.kind in NEVER_GOOD or PointStatus.CONTRADICTED in ex.labels:
                wrong += 1
                verdict = check(ex.card, ex.answer, glossaries.get(ex.card.deck, ()))
                good += verdict.rating >= Rating.GOOD
    assert wrong > 100
    assert good <= FOREIGN_WRONG_GOOD_CEILING


def test_benchmark_harness_reports_every_metric(capsys):
    from bench.grading import main

    code = main(
        [
            "--data",
            str(FIXTURES / "grading"),
            "--decks",
            str(FIXTURES / "decks" / "checker_aws.md"),
            "--json",
        ]
        + ["--repeat", "1"]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    dev = report["splits"]["dev"]
    for key in (
        "precision",
        "recall",
        "f1",
        "false_credit",
        "false_credit_adversarial",
        "good_or_easy_on_wrong_answers",
        "contradiction_recall",
        "rating_exact",
        "rating_within_one",
        "cross_question_top1",
        "cross_question_mrr",
        "cross_question_top1_labelled",
        "latency_ms_p50",
        "latency_ms_p95",
        "latency_ratio_p50",
    ):
        assert key in dev
    assert dev["answers"] == 12
    assert dev["good_or_easy_on_wrong_answers"] == 0
    assert 0.0 <= dev["precision"] <= 1.0
    assert 0.0 <= dev["cross_question_top1_labelled"] <= 1.0
    # Seven answers state a point of their own card; six were written to be right (not the
    # negated one), and each kind reports its own top-1.
    assert dev["cross_question_answers"] == 7
    assert dev["cross_question_sound_answers"] == 6
    assert 0.0 <= dev["cross_question_top1_sound"] <= 1.0
    assert dev["per_kind"]["negated"]["cross_question_top1"] is not None
    assert dev["per_kind"]["offtopic"]["cross_question_top1"] is None


def test_benchmark_harness_names_the_bad_line(tmp_path, capsys):
    from bench.grading import main

    (tmp_path / "dev.jsonl").write_text(
        '{"card": "iam-basics", "kind": "complete", "answer": "x", "labels": ["covered"]}\n'
    )
    code = main(
        ["--data", str(tmp_path), "--decks", str(FIXTURES / "decks" / "checker_aws.md"), "--json"]
    )
    assert code == 2
    assert "dev.jsonl:1: 1 labels for 5 key points of iam-basics" in capsys.readouterr().err


# --- cards without key points: points derived from the answer ----------------------------------

WEB = {
    row["id"]: row
    for row in json.loads((FIXTURES / "checker" / "web_cards.json").read_text(encoding="utf-8"))
}


def web_card(card_id: str) -> Card:
    row = WEB[card_id]
    return Card(card_id, "Web", row["question"], answer=row["answer"])


def test_prose_answer_gives_one_point_per_content_sentence_and_ignores_code():
    points = checker.derive_key_points(web_card("web-ec2"))
    # The code block is ignored, and so is a sentence that only points to the docs.
    assert [p.text for p in points] == [
        "Amazon EC2 (Elastic Compute Cloud) provides resizable virtual servers, called "
        "instances, in the cloud.",
        "You pay only for the compute time you use, and you can scale the number of instances "
        "up or down in minutes.",
    ]


def test_list_items_are_the_points_with_markdown_stripped():
    points = checker.derive_key_points(web_card("web-sg-nacl"))
    assert [p.text for p in points] == [
        "Security groups — stateful, so return traffic is allowed automatically.",
        "Security groups apply at the instance level (the network interface).",
        "Network ACLs — stateless, so return traffic must be allowed by an explicit rule.",
        "Network ACLs apply at the subnet level and support deny rules.",
    ]
    assert all(p.weight == 1.0 for p in points)


def test_a_long_list_keeps_every_item_with_the_tail_weighing_less():
    points = checker.derive_key_points(web_card("web-s3-classes"))
    assert len(points) == 9
    assert [p.weight for p in points[:7]] == [1.0] * 7
    assert all(p.weight == 0.5 for p in points[7:])
    # A nested list joins its parent as alternatives.
    assert points[8].text.endswith("(for data residency requirements, uses the S3 APIs)")


def test_a_card_with_key_points_derives_nothing():
    assert checker.derive_key_points(IAM) == ()
    assert not checker.derives_points(IAM)


@pytest.mark.parametrize("card_id", sorted(WEB))
def test_complete_answer_to_a_web_card_is_good_or_easy(card_id):
    card = web_card(card_id)
    assert checker.derives_points(card)
    verdict = check(card, WEB[card_id]["complete"])
    assert verdict.rating >= Rating.GOOD, [(p.status, p.text) for p in verdict.points]


@pytest.mark.parametrize("card_id", [c for c in sorted(WEB) if WEB[c]["negated"]])
def test_negated_or_swapped_answer_to_a_web_card_is_not_good(card_id):
    verdict = check(web_card(card_id), WEB[card_id]["negated"])
    assert verdict.rating <= Rating.HARD
    assert any(p.status is X for p in verdict.points)


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "I don't know",
        "Lambda runs functions on demand and you pay per invocation.",  # off topic
        "EC2 is EC2, and what EC2 is and the difference it makes depends on the storage "
        "classes of the security group and the network ACL.",  # question words restated
    ],
)
@pytest.mark.parametrize("card_id", sorted(WEB))
def test_off_topic_stuffed_or_empty_answer_to_a_web_card_is_again(card_id, answer):
    assert check(web_card(card_id), answer).rating is Rating.AGAIN


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=st.text(max_size=200), card_id=st.sampled_from(sorted(WEB)))
def test_score_on_derived_points_is_between_zero_and_one(answer, card_id):
    verdict = check(web_card(card_id), answer)
    assert 0.0 <= verdict.score <= 1.0


@settings(max_examples=40, deadline=None)
@given(markdown=st.text(alphabet=st.sampled_from(list("ab *-_`#>|[]()1.\n:")), max_size=120))
def test_derivation_never_fails_on_odd_markdown(markdown):
    points = checker.derive_key_points(Card("odd", "Web", "What?", answer=markdown))
    assert all(p.text.strip() and p.weight > 0 for p in points)


def test_a_rule_less_term_opening_with_a_stop_word_is_matched_in_any_spelling():
    # "on-premises" starts with the stop word "on"; its short form must still count.
    card = _plain(
        "How should you plan a network's address ranges?",
        "Ranges must not overlap with other VPCs, on-premises or partner networks",
    )
    assert statuses(card, "Ranges must not overlap with on-prem.") == [C]
    assert statuses(card, "Ranges must not overlap with onprem.") == [C]
    assert statuses(card, "Ranges must not overlap.") == [M]


def test_both_says_the_predicate_of_every_compared_entity():
    card = _plain(
        "What is the difference between security groups and network ACLs?",
        "Security groups are stateful",
        "Network ACLs are stateless",
    )
    assert statuses(card, "Both are stateful.") == [C, X]
    assert statuses(card, "Security groups are stateful. Network ACLs are stateless.") == [C, C]


def test_a_clause_about_another_topic_of_the_question_contradicts_nothing():
    probes = _plain(
        "What is the difference between a liveness probe and a readiness probe?",
        "Liveness failure -> kubelet restarts the container",
        "Readiness failure does not restart the container",
    )
    notes = "liveness fail -> container restarted\nreadiness fail -> no traffic, NOT restarted"
    assert statuses(probes, notes)[1] is not X
    assert statuses(probes, "A readiness failure restarts the container.")[1] is X
    limits = _plain(
        "What happens when a container exceeds its CPU limit versus its memory limit?",
        "CPU over limit -> throttled, not killed",
        "Memory over limit -> container OOMKilled",
    )
    answer = "For CPU the container gets throttled, for memory it gets killed."
    assert statuses(limits, answer)[0] is not X


def test_a_symbol_written_for_a_verb_makes_the_point_open_with_its_subject():
    # Notes-style key points ("ClusterIP = ...", "X -> Y") name what they are about.
    card = _plain(
        "What is the difference between ClusterIP and NodePort Services?",
        "ClusterIP = default, internal-only virtual IP",
        "NodePort = opens a port on every node",
    )
    assert statuses(card, "NodePort gives an internal-only virtual IP.")[0] is M
    assert statuses(card, "ClusterIP gives an internal-only virtual IP, the default.")[0] is C


def test_notes_shorthand_and_comparatives_read_as_the_words_they_stand_for():
    card = _plain(
        "What do database transactions and indexes give you?",
        "A transaction commits or rolls back as one unit",
        "An index on a column makes lookups fast",
    )
    assert statuses(card, "txn commits or rolls back as one unit") == [C, M]
    assert statuses(card, "idx on a col -> lookups are much faster") == [M, C]


def test_more_note_shorthand_reads_as_the_words_it_stands_for():
    card = _plain(
        "What does AWS manage under the shared responsibility model?",
        "Hardware failures are handled by AWS",
    )
    assert statuses(card, "hw failures = AWS") == [C]
    assert statuses(card, "failures = AWS") == [M]


def test_networking_note_shorthand_reads_as_the_words_it_stands_for():
    card = _plain(
        "What is the difference between flow control and congestion control?",
        "The receiver advertises its window so its buffer does not overflow",
    )
    assert statuses(card, "rcvr advertises its window") == [C]
    assert statuses(card, "advertises its window") == [M]
    assert statuses(card, "rcvr buffer doesnt overflow") == [C]


def test_a_value_after_a_colon_is_no_denial():
    # "clusterIP: None" sets a value; "grants nothing" denies.
    card = _plain(
        "What is a headless Service?",
        "clusterIP: None",
        "The Service grants nothing to pods on its own",
    )
    assert statuses(card, "You set clusterIP to None.")[0] is C


def test_the_question_restated_in_another_form_of_its_words_covers_nothing():
    card = _card(
        "Why reference security groups in rules instead of IP ranges?",
        (
            "A rule can use another security group as its source",
            "security group ; source|referencing",
        ),
    )
    assert statuses(card, "Referencing security groups is cleaner and more secure.") == [M]
    assert statuses(card, "A rule can name a security group as its source.") == [C]


def test_notes_naming_compared_things_by_their_last_word_are_attributed():
    card = _plain(
        "What is the difference between a NAT gateway and a NAT instance?",
        "A NAT gateway is fully managed by AWS",
        "A NAT instance is an EC2 instance you patch yourself",
    )
    right = "gateway = managed by AWS. instance = EC2 box you patch yourself"
    swapped = "gateway = EC2 box you patch yourself. instance = managed by AWS"
    assert statuses(card, right) == [C, C]
    assert C not in statuses(card, swapped)


def test_a_negation_ends_where_a_new_subject_starts():
    card = _plain(
        "What is the difference between a primary key and a UNIQUE constraint?",
        "only one PK per table, many UNIQUE constraints",
        "PK columns are NOT NULL; UNIQUE allows NULLs",
    )
    assert statuses(card, "A primary key can't be null and there's only one per table.")[0] is C


def test_a_negation_ends_where_a_modal_after_and_starts():
    card = _plain(
        "What is the difference between var, let and const?",
        "var can be redeclared in the same scope, let/const can't",
        "const can't be reassigned (and must be initialised at declaration)",
    )
    answer = "const can't be reassigned and must be initialised at declaration."
    assert statuses(card, answer)[1] is C


def test_a_property_said_of_another_points_subject_contradicts_nothing():
    card = _plain(
        "What are ephemeral ports, and why do they matter for firewall rules?",
        "Ephemeral ports are temporary high ports chosen by the client",
        "NACLs must allow the ephemeral range for return traffic",
        "Security groups are stateful, so they need no such rules",
    )
    answer = "NACLs are stateless, so they must allow the ephemeral range."
    assert statuses(card, answer)[2] is M
    assert statuses(card, "Security groups are stateless.")[2] is X


def test_words_that_mean_the_same_in_any_technical_text_are_interchangeable():
    card = _plain(
        "What does a permissions boundary do?",
        "It restricts the maximum permissions an identity can have",
    )
    assert statuses(card, "It limits the maximum permissions of a user or role.") == [C]


FOREIGN_DECKS = ROOT_DIR / "tests" / "data" / "foreign"


def _deck_card(decks: Path, card_id: str) -> tuple[Card, tuple]:
    """Return a card of a real deck directory and its deck's glossary."""
    from bench.grading import load_decks

    cards, glossaries = load_decks(decks)
    card = cards[card_id]
    return card, glossaries.get(card.deck, ())


def test_naming_the_compared_subject_counts_for_half_a_concept():
    card, _ = _deck_card(
        FOREIGN_DECKS / "k8s.md", "requests-vs-limits"
    )  # "Limits = hard cap enforced at runtime (cgroups)"
    assert statuses(card, "Limits are the hard max at runtime.")[1] is C
    assert statuses(card, "Requests are the hard max at runtime.")[1] is M
    assert statuses(card, "It is the hard max.")[1] is M


def test_function_words_a_question_writes_in_capitals_are_keywords():
    card, _ = _deck_card(
        FOREIGN_DECKS / "sql.md", "where-vs-having"
    )  # "What is the difference between WHERE and HAVING?"
    right = "WHERE works on individual rows before any grouping happens."
    swapped = "HAVING works on individual rows before any grouping happens."
    assert statuses(card, right)[0] is C
    assert statuses(card, swapped)[0] is not C


def test_notes_name_compared_things_by_the_word_that_tells_them_apart():
    card, glossary = _deck_card(ROOT_DIR / "decks", "trust-vs-permission-policies")
    notes = "trust = who can assume (sts:AssumeRole). perms = what it can do after."
    swapped = "trust = what it can do after. perms = who can assume (sts:AssumeRole)."
    assert check(card, notes, glossary).points[1].status is C
    assert check(card, swapped, glossary).points[1].status is M


def test_one_and_the_other_follow_the_order_the_question_names_them():
    card, glossary = _deck_card(ROOT_DIR / "decks", "igw-vs-nat-gateway")
    # "What is the difference between an Internet Gateway and a NAT Gateway ...?"
    right = (
        "One is the VPC's front door to the internet, both ways, and it costs nothing. "
        "The other lets private machines reach out only, and it is billed by the hour."
    )
    swapped = (
        "One is billed by the hour and lets private machines reach out only. "
        "The other is the VPC's front door to the internet, both ways, and it costs nothing."
    )
    free = 1  # "The internet gateway is attached to the VPC, highly available and free"
    assert [p.status for p in check(card, right, glossary).points][free] is C
    assert X not in [p.status for p in check(card, right, glossary).points]
    assert check(card, swapped, glossary).points[free].status is X


def test_the_first_kind_and_option_two_name_compared_things_in_question_order():
    card, glossary = _deck_card(ROOT_DIR / "decks", "vpn-vs-direct-connect")
    for first, second in (("Option one", "Option two"), ("The first kind", "The second kind")):
        answer = (
            f"{first} is an encrypted tunnel across the internet and quick to set up. "
            f"{second} is a private circuit that takes weeks to provision."
        )
        swapped = (
            f"{second} is an encrypted tunnel across the internet and quick to set up. "
            f"{first} is a private circuit that takes weeks to provision."
        )
        assert check(card, answer, glossary).points[0].status is C
        assert check(card, swapped, glossary).points[0].status is X


def test_notes_lines_name_compared_things_before_a_colon_or_dash():
    card, glossary = _deck_card(ROOT_DIR / "decks", "managed-vs-inline-policies")
    notes = "aws managed - aws owns/updates, broad\ncust managed: yours, reusable, versioned"
    swapped = "aws managed: yours, reusable, versioned\ncust managed - aws owns/updates, broad"
    assert check(card, notes, glossary).points[1].status is C
    assert check(card, swapped, glossary).points[1].status is not C


HEADLESS_DNS = (
    "When you look the name up in DNS you get back A records for each ready pod directly."
)
HEADLESS_KNOWN = (
    "It's a Service where you set clusterIP: None. There's no virtual IP and kube-proxy "
    "doesn't load-balance it. " + HEADLESS_DNS + " StatefulSets rely on it for a stable name "
    "per pod."
)


def _headless_without_model_answer() -> Card:
    # Without the model answer, whose words ("a DNS lookup returns the IPs of the individual
    # ready pods") cover the point directly (`compile.ECHO_COVER`), only nearness can.
    card, _ = _deck_card(FOREIGN_DECKS / "k8s.md", "headless-service")
    return replace(card, answer="")


def test_a_nearly_stated_point_counts_when_the_answer_knows_the_card():
    card = _headless_without_model_answer()  # "DNS returns individual pod IPs"
    assert statuses(card, HEADLESS_DNS)[2] is M
    verdict = check(card, HEADLESS_KNOWN)
    assert [p.status for p in verdict.points] == [C, C, C, C, M]
    assert "A records for each ready pod" in verdict.points[2].evidence


def test_a_nearly_stated_point_gets_no_benefit_of_the_doubt_after_a_mistake():
    card = _headless_without_model_answer()
    wrong = HEADLESS_KNOWN + " It doesn't help with client-side load balancing or peer discovery."
    assert statuses(card, wrong) == [C, C, M, C, X]


def test_saying_there_is_what_a_point_says_there_is_none_of_contradicts_it():
    card, _ = _deck_card(
        FOREIGN_DECKS / "k8s.md", "headless-service"
    )  # "No virtual IP, no kube-proxy LB"
    assert statuses(card, "It has a virtual IP and kube-proxy load-balances it.")[1] is X
    assert statuses(card, "It has no virtual IP, so no kube-proxy load balancing.")[1] is C


NOTES_STAGES = (
    "multiple FROMs. build stage w/ full sdk, then copy --from=build just the binary into a "
    "slim img. smaller + no compilers lying around"
)


def test_a_sentence_restating_a_point_closely_covers_it_in_an_answer_that_knows_the_card():
    card, _ = _deck_card(FOREIGN_DECKS / "docker.md", "multi-stage-builds")
    # "Multiple FROM statements, each one a stage": two words, one written as shorthand.
    verdict = check(card, NOTES_STAGES)
    assert verdict.points[0].status is C
    assert verdict.points[0].evidence == "multiple FROMs"
    # Alone it proves nothing, and a negated sentence restates nothing.
    assert statuses(card, "multiple FROMs.")[0] is M
    assert statuses(card, "not " + NOTES_STAGES)[0] is M


@pytest.mark.parametrize(
    "question,points,traded,other,expected",
    [
        (  # Compared entities.
            "What is the difference between security groups and network ACLs?",
            (
                "Security groups attach to network interfaces of instances",
                "Network ACLs guard whole subnets at their edge",
                "Both filter traffic",
            ),
            "Security groups guard whole subnets at their edge, and network ACLs attach to the "
            "network interfaces of instances.",
            # One way only: both may share it, so it contradicts nothing.
            "Network ACLs attach to the network interfaces of instances.",
            [M, M, M],
        ),
        (  # The subjects the points of a card about one thing open with.
            "What are the main parts of a VPC?",
            (
                "Subnets divide the address range between zones",
                "Route tables decide where outgoing traffic goes",
                "An internet gateway connects it to the internet",
            ),
            "Subnets decide where outgoing traffic goes, and route tables divide the address "
            "range between zones.",
            "Subnets divide the address range between zones. Route tables decide where "
            "outgoing traffic goes.",
            [C, C, M],
        ),
    ],
)
def test_statements_traded_between_two_subjects_contradict_both_without_rules(
    question, points, traded, other, expected
):
    card = _plain(question, *points)
    assert statuses(card, traded) == [X, X, M]
    assert statuses(card, other) == expected


def test_a_hyphenated_subject_is_one_of_the_compared_entities():
    # "Site-to-Site VPN" holds a stop word; it is still the subject its point is said of.
    card = _plain(
        "Site-to-Site VPN or Direct Connect: how do you connect on-premises to AWS?",
        "Site-to-Site VPN is encrypted IPsec over the internet",
        "Direct Connect is a dedicated private line with consistent latency",
    )
    right = (
        "Site-to-Site VPN is an encrypted IPsec tunnel over the internet, and Direct Connect "
        "is a dedicated private line with consistent latency."
    )
    swapped = (
        "Direct Connect is an encrypted IPsec tunnel over the internet, and Site-to-Site VPN "
        "is a dedicated private line with consistent latency."
    )
    assert statuses(card, right) == [C, C]
    assert statuses(card, swapped) == [X, X]


ECHO_DECK = """# Docker

## What happens on a Docker build cache miss?

### Answer
Docker reuses a cached layer while the instruction and its parent layer are unchanged.
A cache miss invalidates every later step: each following instruction is rebuilt from scratch.

### Key points
- Layers are reused while the instruction and parent layer are unchanged
- A cache miss invalidates all the following steps
"""


def test_a_point_said_in_the_words_of_the_model_answer_is_covered(tmp_path):
    path = tmp_path / "docker.md"
    path.write_text(ECHO_DECK, encoding="utf-8")
    card = parse_file(path).cards[0]
    answer = "After a miss, every later step gets rebuilt from scratch."
    verdict = check(card, answer)
    assert verdict.points[1].status is C
    assert verdict.points[1].evidence == "later step gets rebuilt from scratch"
    # In words neither the point nor the model answer uses, it is not.
    assert statuses(replace(card, answer=""), answer)[1] is M
    # The model answer's words alone, without one of the point's own, cover nothing.
    assert statuses(card, "Every later instruction gets rebuilt from scratch.")[1] is M
    # Nor do its words after a negation.
    assert statuses(card, "After a miss, no later step gets rebuilt from scratch.")[1] is M


def test_one_before_a_noun_is_a_count_a_rule_less_point_needs():
    card, _ = _deck_card(FOREIGN_DECKS / "dist.md", "queue-vs-pubsub")
    # "Queue: each message goes to one consumer (competing consumers)"
    assert statuses(card, "In a queue a message is processed by a single consumer.")[0] is C
    assert statuses(card, "In a queue a message is processed by one consumer.")[0] is C
    assert statuses(card, "In a queue a message is processed by every consumer.")[0] is M
    assert statuses(card, "In a queue a message is processed by a consumer.")[0] is M


def test_a_negating_subject_denies_its_own_verb_not_the_clause_after_it():
    card = _plain("What does a LEFT JOIN return?", "unmatched right-side columns come back as NULL")
    # "if nothing matches" ends at its verb: the right side being NULL is asserted, not denied.
    assert statuses(card, "If nothing matches the right side columns are null.") == [C]
    assert statuses(card, "If nothing matches the right side columns never come back as null.") == [
        X
    ]
    # Carried verbs stay denied ("nothing gets stored"), and "none of" reaches as far as "not":
    # the point is not credited (one denied word is too little to show as a mistake).
    stored = _plain("Is a session policy saved?", "The session policy is stored with the role")
    assert statuses(stored, "Nothing gets stored with the role.") == [M]
    assert statuses(stored, "None of the session policy is stored with the role.") == [M]
    assert statuses(stored, "The session policy is stored with the role.") == [C]


@pytest.mark.parametrize("sign", ["!=", "≠", "=/="])
def test_a_not_equal_sign_reads_as_is_not(sign):
    card, _ = _deck_card(FOREIGN_DECKS / "docker.md", "compose-depends-on")
    # "Waits for container started, not app ready"
    assert statuses(card, f"just start order. container up {sign} app ready")[1] is C
    assert statuses(card, "just start order. container up = app ready")[1] is X


def test_a_longer_subject_is_not_also_the_shorter_one_it_contains():
    card, _ = _deck_card(FOREIGN_DECKS / "sql.md", "explain-vs-explain-analyze")
    # "EXPLAIN: shows planned execution w/ estimates, doesn't run the query"
    answer = "EXPLAIN shows the plan with estimated costs. EXPLAIN ANALYZE actually runs the query."
    assert statuses(card, answer)[:2] == [C, C]
    assert statuses(card, "EXPLAIN actually runs the query.")[0] is X


def test_note_lines_opening_with_a_label_are_items_not_wrapped_prose():
    card, glossary = _deck_card(ROOT_DIR / "decks", "secrets-manager-vs-parameter-store")
    notes = (
        "SM: auto rotation (rds built in / lambda), replication, $ per secret\n"
        "PS: cheap/free, hierarchy, SecureString, no rotation\n"
        "both kms + iam"
    )
    # "no rotation" ends with its line: "both kms + iam" is not denied.
    verdict = check(card, notes, glossary)
    assert verdict.points[0].status is C  # "Both encrypt with KMS, use IAM for access, ..."
    assert verdict.rating is Rating.EASY


def test_what_a_point_denies_is_not_asserted_around_another_content_word():
    card, glossary = _deck_card(ROOT_DIR / "decks", "root-user")
    # "Never create access keys for it, and do not use it for daily work"
    answer = (
        "MFA and a strong password, and never any access keys. Don't use it for day-to-day "
        "work: create admin access through Identity Center instead."
    )
    assert check(card, answer, glossary).points[2].status is C
    wrong = "Create an access key for root and rotate it regularly."
    assert check(card, wrong, glossary).points[2].status is X


def test_a_point_setting_two_things_against_each_other_takes_either_contrasted():
    card = _plain("HTTP/1.1 vs HTTP/2?", "HTTP/2 binary framing vs text in 1.1")
    assert statuses(card, "HTTP/2 is binary instead of text.") == [C]
    port = _plain("HTTP vs HTTPS?", "Default port 80 vs 443")
    assert statuses(port, "It runs on 443 instead of 80.") == [C]


def test_a_not_equal_sign_in_code_is_no_denial():
    card = _plain("How does Go handle errors?", "Functions return the error as a value")
    assert statuses(card, "if err != nil return the error value") == [C]
    assert statuses(card, "if (a !== b) return the error value") == [C]


def test_evidence_is_whole_words_of_the_answer():
    card, glossary = _deck_card(ROOT_DIR / "decks", "root-user")
    answer = "Never any access keys. Don't use it for day-to-day work."
    point = check(card, answer, glossary).points[2]
    assert point.status is C
    assert point.evidence.startswith("Don't use it")
    assert answer[point.span[0] : point.span[1]] == point.evidence


def test_advice_to_avoid_something_ends_at_and_with_another_verb():
    card, glossary = _deck_card(ROOT_DIR / "decks", "least-privilege")
    # "Review access regularly and put policy changes through code review"
    answer = "Avoid using * in policies and review the permissions regularly."
    assert check(card, answer, glossary).points[-1].status is C
    assert (
        check(card, "Avoid reviewing the permissions regularly.", glossary).points[-1].status is X
    )


def test_an_elliptical_clause_says_the_predicate_it_leaves_out():
    card, _ = _deck_card(FOREIGN_DECKS / "py.md", "list-vs-tuple")
    # "Lists are mutable, tuples are immutable"
    assert statuses(card, "Lists are mutable and tuples aren't.")[0] is C
    assert statuses(card, "Lists are mutable, tuples are not mutable.")[0] is C
    # Without the ellipsis nothing is said of tuples.
    assert statuses(card, "Lists are mutable.")[0] is M
    subnet, glossary = _deck_card(ROOT_DIR / "decks", "public-vs-private-subnet")
    # "A private subnet has no route to the internet gateway and is not reachable ..."
    for answer in (
        "Public subnets have a route to the internet gateway, private ones don't.",
        "A public subnet has a route to the internet gateway. A private subnet doesn't.",
        "A public subnet is connected to the internet gateway and a private subnet isn't.",
    ):
        assert check(subnet, answer, glossary).points[2].status is C, answer


def test_an_ellipsis_copies_nothing_for_a_pronoun_or_a_reason():
    t = checker.analyse("If you don't, it fails.", ellipses=True)
    assert t.words == ["if", "you", "do", "not", "it", "fails"]
    # The statement before a "so ..." aside is what the elliptical clause answers.
    t = checker.analyse(
        "A public subnet has a route to the IGW, so it is reachable. A private one doesn't.",
        ellipses=True,
    )
    start = t.words.index("private")
    copied = ["subnet", "has", "a", "route", "to", "the", "igw"]
    assert t.words[start:] == ["private", "one", "does", "not", *copied]
    assert all(t.negated[start + 4 :])
    # A positive ellipsis takes the predicate an earlier clause denied.
    t = checker.analyse("SGs aren't stateless, NACLs are.", ellipses=True)
    assert t.words[-1] == "stateless" and not t.negated[-1]
    # Key point texts are read as written.
    assert checker.analyse("TCP has flow control, UDP doesn't").words[-1] == "not"


def test_a_built_in_opposite_negated_fills_a_rule_less_slot():
    card = _plain("Are credentials from STS stored?", "The credentials are temporary")
    assert statuses(card, "The credentials are not permanent.") == [C]
    assert statuses(card, "The credentials are permanent.") != [C]


def test_statements_after_a_subjects_label_need_half_their_words():
    card, _ = _deck_card(FOREIGN_DECKS / "dist.md", "cache-strategies")
    # "Write-back: write to cache only, DB updated async later"
    stated = "With write-back you write only to the cache and the DB is updated asynchronously."
    assert statuses(card, stated)[3] is C
    # One word of a statement is not the statement ("DB" is in most of the card's points).
    stampede = "When a hot key expires, every request misses at once and they all hammer the DB."
    assert statuses(card, stampede)[2:4] == [M, M]
    # A list after a label that is not the question's subject stays a list of examples.
    effects, _ = _deck_card(FOREIGN_DECKS / "k8s.md", "taints-vs-affinity")
    # "Taint effects: NoSchedule, PreferNoSchedule, NoExecute"
    assert statuses(effects, "A taint can have the effect NoExecute.")[3] is C


def test_a_rule_less_point_is_not_contradicted_by_one_word_unless_it_is_an_opposite():
    card, _ = _deck_card(FOREIGN_DECKS / "k8s.md", "hpa")
    # "Scales pods, not nodes (that's Cluster Autoscaler)": "nodes" alone is no claim.
    answer = (
        "HPA scales pods on CPU or custom metrics; adding nodes is the cluster autoscaler's job."
    )
    assert X not in statuses(card, answer)
    # The opposite of what a point says is a mistake in one word.
    gateway = _plain("What is an egress-only internet gateway?", "It is stateful and free")
    assert statuses(gateway, "It's stateless though.") == [X]
    # "state" shares a stem with "stateful" but is neither.
    deployment = _plain(
        "Deployment vs StatefulSet?", "Deployment = stateless, pods w/ random names"
    )
    assert statuses(deployment, "It depends on whether the app needs to keep state.") == [M]
    assert statuses(deployment, "Deployments are stateful.") == [X]


def test_a_sentence_giving_other_numbers_does_not_cover_a_point_with_a_number():
    card = _plain(
        "What does AWS keep back in a subnet?", "AWS reserves five addresses in every subnet"
    )
    assert statuses(card, "AWS reserves 5 addresses in every subnet.") == [C]
    assert statuses(card, "AWS reserves 2 addresses in every subnet.") == [M]
    # A thousands separator is part of the number.
    gp3 = _plain("What does gp3 give you?", "gp3: 3,000 IOPS baseline, set independently of size")
    assert statuses(gp3, "gp3 has a 3000 IOPS baseline you set independently of size.") == [C]
    assert checker.analyse("ports 1,024-65,535").words == ["ports", "1024", "65535"]


_CLAUSE_WORDS = st.sampled_from(
    re.findall(
        r"\S+",
        "lists tuples public private subnets NACLs SGs it you are is aren't isn't don't doesn't "
        "can't do can not and but while so because , . ; mutable stateful route to the IGW "
        "though either",
    )
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CLAUSE_WORDS, max_size=30).map(" ".join))
def test_an_ellipsis_only_inserts_words_at_the_place_of_its_auxiliary(text):
    plain = checker.analyse(text)
    filled = checker.analyse(text, ellipses=True)
    # Every word read without ellipses is still there, in order; copies only come in between.
    rest = iter(zip(filled.words, filled.starts, strict=True))
    assert all(
        any(pair == other for other in rest) for pair in zip(plain.words, plain.starts, strict=True)
    )
    n = len(filled.words)
    assert all(len(x) == n for x in (filled.keys, filled.ends, filled.sent, filled.negated))
    assert all(0 <= a <= b <= len(text) for a, b in zip(filled.starts, filled.ends, strict=True))


def test_a_later_clause_subject_owns_nothing_said_before_it():
    card = _plain(
        "What's the difference between A, AAAA, CNAME and MX records?",
        "An A record maps a name to an IPv4 address",
        "A CNAME makes a name an alias for another name",
    )
    answer = "A is the IPv4 address, AAAA is the IPv6 one, and a CNAME points a name at another."
    assert statuses(card, answer)[0] is C
    # The CNAME's own clause still belongs to it.
    assert statuses(card, "A CNAME maps a name to an IPv4 address.")[0] is not C


def test_a_built_in_synonym_does_not_name_a_compared_thing():
    # "copy" means "replica" in what is said ("keeps a copy"), but "a standby copy" is no
    # mention of the read replicas: what follows it is still said of Multi-AZ.
    card = _plain(
        "What is the difference between RDS Multi-AZ and read replicas?",
        "Multi-AZ: synchronous standby in another AZ, for HA",
        "Read replicas: async replication, scale reads, can lag",
        "Replicas can be cross-region and manually promoted",
    )
    answer = "Multi-AZ is for failover, there's a standby copy in another AZ."
    assert statuses(card, answer) == [C, M, M]


def test_a_negation_of_without_makes_what_follows_required():
    card = _plain("What is different about JavaScript classes?", "A class must be called with new")
    assert statuses(card, "You can't call a class without new.") == [C]
    assert statuses(card, "You can call a class without new.") != [C]
    # "without exception" only insists: the denial stands.
    root, glossary = _deck_card(ROOT_DIR / "decks", "root-user")
    answer = "Never create access keys for it without exception."
    assert check(root, answer, glossary).points[2].status is C  # "Never create access keys ..."


def test_negating_what_the_point_negates_agrees_even_with_a_stop_word_in_the_phrase():
    card = _card(
        "How do you design for high availability?",
        ("No single points of failure", "single point of failure|stateless"),
    )
    assert statuses(card, "There is no single point of failure.") == [C]
    assert statuses(card, "Avoid having a single point of failure.") == [C]


def test_avoiding_a_thing_denies_it():
    card = _plain("What do feature flags give you?", "Avoids long-lived feature branches")
    assert statuses(card, "no long lived branches needed") == [C]
    assert statuses(card, "you avoid long-lived feature branches") == [C]


def test_a_negation_inside_a_condition_denies_nothing():
    card = _plain(
        "What is a fast-forward merge?",
        "Git just moves the branch pointer forward",
    )
    answer = "If main hasn't moved since I branched, Git moves the branch pointer forward."
    assert statuses(card, answer) == [C]
    assert statuses(card, "If main hasn't moved since I branched off, it's fine.") != [X]
    assert statuses(card, "Git never moves the branch pointer forward.") == [X]
    # Only the condition's own verb: "never" after "if possible" opens the main clause.
    assert statuses(card, "If possible Git never moves the branch pointer forward.") == [X]
    # "If possible" is a whole condition: the "not" after it belongs to the main clause.
    sg, glossary = _deck_card(ROOT_DIR / "decks", "ephemeral-ports-nacl")
    answer = (
        "If possible security groups don't need ephemeral port rules because they are stateful."
    )
    # "Security groups don't need ephemeral port rules because they are stateful"
    assert check(sg, answer, glossary).points[4].status is C


def test_what_follows_a_named_label_is_said_of_it():
    card = _plain(
        "What's the difference between git reset and git revert?",
        "Reset moves the branch pointer (HEAD) back to an earlier commit",
        "Reset rewrites/removes history",
        "Revert creates a new commit that undoes the changes",
        "Revert keeps history intact",
    )
    notes = "reset = move branch back. revert = new commit undoing it"
    assert statuses(card, notes) == [C, M, C, M]
    # Swapped labels: what follows each is said of the other one.
    assert C not in statuses(card, "revert = move branch back. reset = new commit undoing it")


def test_restating_a_question_that_negates_earns_nothing():
    question = "How do you give a CI pipeline access to AWS without storing access keys?"
    point = KeyPoint(
        "No long-lived access keys stored as CI secrets: short-lived credentials instead",
        MatchRule(
            (
                MatchGroup(("access keys", "long-lived", "stored"), negatable=True),
                MatchGroup(("no", "without", "instead", "short-lived")),
                MatchGroup(("pipeline", "CI", "workflow")),
            )
        ),
    )
    card = Card(id="ci", deck="t", question=question, key_points=(point,))
    stuffed = "You give the CI pipeline access to AWS without storing access keys."
    assert statuses(card, stuffed) == [M]
    assert statuses(card, "The workflow gets short-lived credentials, no long-lived keys.") == [C]


def test_python_none_inside_a_sentence_is_a_value_not_a_denial():
    card, _ = _deck_card(FOREIGN_DECKS / "py.md", "is-vs-eq")  # "Use `is` for None and ..."
    answer = (
        "`is` checks whether two variables point to the same object in memory and == checks "
        "whether the values are equal. You normally use `is` for None."
    )
    assert statuses(card, answer)[2] is C
    card, _ = _deck_card(FOREIGN_DECKS / "py.md", "mutable-default-args")
    answer = "Using None and creating a new list inside avoids that."
    assert statuses(card, answer)[2] is C  # "Fix: default to None and create the object ..."
    # A sentence that opens with "None" still denies.
    assert checker.analyse("None of them are encrypted").negated[-1]


def test_a_subject_said_to_be_exempt_is_denied():
    card = _plain(
        "Who do SCPs apply to?",
        "They affect all users and roles in member accounts, including root; "
        "the management account is exempt",
    )
    answer = "They apply to everyone in member accounts, even root, but not the management account."
    assert statuses(card, answer) == [C]
    assert statuses(card, "They apply to the management account too.") != [C]


def test_a_word_of_a_name_states_no_property_and_regions_are_not_regional():
    # "Global Accelerator" says nothing global; "regions" is no "regional" (same stem).
    card = _plain(
        "What is an edge location?",
        "Edge locations serve CloudFront and Global Accelerator close to users",
    )
    answer = "Edge locations are CloudFront PoPs close to users, many more of them than regions."
    assert statuses(card, answer) == [C]


def test_both_does_not_name_the_entity_a_point_is_only_about():
    # The route-table point's rule is only its entity: "Both have to be there" (said of two
    # policies, in an answer to another card) names no route table.
    card = AWS_CARDS["vpc-core-components"]
    route_tables = 2

    def status(answer: str) -> PointStatus:
        return aws_statuses(card, answer)[route_tables]

    assert status("The trust policy and the permission policy. Both have to be there.") is M
    assert status("Route tables decide where the traffic of each subnet goes.") is C


IAM_BASICS = AWS_CARDS["iam-basics"]
USERS, ROLES_POINT = 0, 2


def test_a_name_in_parentheses_is_not_what_the_sentence_is_said_of():
    # As in real answers: the users in the parenthesis are who may assume the role; "to get
    # temporary access" is still said of roles.
    answer = (
        "Roles: identities that trusted principals (users, apps or services) assume to get "
        "temporary access."
    )
    points = aws_statuses(IAM_BASICS, answer)
    assert points[USERS] is M
    assert points[ROLES_POINT] is C


def test_an_object_listed_at_the_end_of_a_clause_owns_nothing_after_it():
    # "for AWS services or users;": the users are whom a role is for, so the clause after
    # the semicolon is still about the role.
    answer = (
        "User: one person's identity with credentials (password, access keys).\n"
        "Role: an identity meant for services or users; hands out temporary credentials."
    )
    points = aws_statuses(IAM_BASICS, answer)
    assert points[USERS] is C
    assert points[ROLES_POINT] is C
    # A list that goes on is a new subject: "SGs apply to instances and NACLs to subnets".
    firewalls = AWS_CARDS["sg-vs-nacl"]
    nacl_scope = next(
        i for i, kp in enumerate(firewalls.key_points) if kp.text.startswith("Network ACLs apply")
    )
    said = aws_statuses(firewalls, "SGs apply to instances and NACLs to subnets.")
    assert said[nacl_scope] is C


def test_eliminating_the_need_for_something_denies_it():
    answer = "Roles are assumed. Using them eliminates the need to hand out long-term keys."
    assert aws_statuses(IAM_BASICS, answer)[ROLES_POINT] is not X
    negated = analyse("Roles remove the need for access keys.").negated
    assert negated[-2:] == [True, True]


def test_a_short_naming_sentence_and_the_next_state_a_point_together():
    # As real answers do: the name in one short sentence, what it does in the next.
    card = AWS_CARDS["stateful-vs-stateless"]
    stateful = 0
    answer = (
        "Security groups are stateful firewalls. Replies to traffic an inbound rule let in go "
        "back out automatically, whatever the outbound rules say."
    )
    assert aws_statuses(card, answer)[stateful] is C
    # Not when the next sentence names another compared thing, nor after a long sentence.
    other = "A Security Group is a stateful firewall. NACLs let responses back automatically."
    assert aws_statuses(card, other)[stateful] is not C
    long_first = (
        "A Security Group is a stateful firewall that you attach to the network interfaces of "
        "your instances. Responses are automatically permitted."
    )
    assert aws_statuses(card, long_first)[stateful] is M


def test_a_sentence_naming_something_only_as_an_object_keeps_the_topic():
    # Notes under a heading: the second line names Transit Gateway only after "through", so
    # the third is still about peering.
    card = AWS_CARDS["peering-vs-transit-gateway"]
    not_transitive = 1
    notes = (
        "Pick VPC peering when:\n- a handful of VPCs\n- lowest latency (no extra hop through "
        "the TGW)\n- no transitive routing needed\nPick Transit Gateway when:\n- dozens of VPCs"
    )
    assert aws_statuses(card, notes)[not_transitive] is C


def test_a_rule_supposed_in_an_if_clause_is_not_said_to_be_needed():
    card = _plain(
        "Security groups are stateful: what does that mean in practice?",
        "A security group needs no outbound rule for replies to allowed inbound traffic",
    )
    supposed = (
        "So if a security group has a rule allowing inbound port 80, the reply can get out "
        "automatically."
    )
    assert statuses(card, supposed) == [C]
    assert statuses(card, "A security group needs an outbound rule for the replies.") == [X]


def test_a_property_in_a_points_example_is_not_its_subjects():
    card = _plain(
        "How do you design for high availability?",
        "No single points of failure (for example a stateless app tier)",
    )
    assert statuses(card, "Run the stateful services, like databases, in 3 AZs.") != [X]
    stated = _plain("How do you design for high availability?", "The app tier is stateless")
    assert statuses(stated, "The app tier is stateful.") == [X]


def test_a_label_naming_what_several_compared_names_end_with_names_them_all():
    card = AWS_CARDS["managed-vs-inline-policies"]
    customer, inline = 1, 2
    notes = (
        "Inline: lives inside one user, group or role.\n"
        "Managed: standalone, reusable across many identities."
    )
    points = aws_statuses(card, notes)
    # "reusable" is said of the managed policies, not of the inline ones above it.
    assert points[inline] is not X
    assert points[customer] is C


def test_better_then_is_read_as_better_than():
    negated = analyse("Roles are better then long-term access keys.").negated
    assert negated[-4:] == [True, True, True, True]


@pytest.mark.parametrize(
    ("card_id", "point", "answer"),
    [
        ("managed-vs-inline-policies", 0, "AWS managed ones are created and managed by AWS."),
        ("managed-vs-inline-policies", 1, "Customer managed ones are created and managed by you."),
        ("permission-boundaries", 0, "With a boundary a role can't get more than it allows."),
        ("cross-account-access", 2, "Call sts:AssumeRole to get temporary credentials."),
        ("route-tables", 0, "A route table specifies how traffic is directed out of a subnet."),
    ],
)
def test_bundled_rules_know_how_real_answers_word_these_points(card_id, point, answer):
    # Wordings met in public interview answers that the deck's rules did not know.
    card = AWS_CARDS[card_id]
    assert aws_statuses(card, answer)[point] is C


def test_specifies_is_no_misspelt_specificity():
    card = AWS_CARDS["route-tables"]
    most_specific = 4
    answer = "A route table specifies how traffic is directed out of a subnet."
    assert aws_statuses(card, answer)[most_specific] is M


def test_what_an_until_clause_says_has_not_happened_yet():
    card = _plain(
        "What is a zombie process?",
        "Child exited but parent hasn't called wait()",
    )
    answer = "The child has exited, but its entry stays until the parent calls wait()."
    assert statuses(card, answer) != [X]
    assert statuses(card, "The child exited and the parent called wait() on it.") == [X]


def test_a_code_keyword_in_capitals_is_no_opposite_property():
    card = _plain(
        "What is the difference between UNION and UNION ALL?",
        "Both combine result sets (same number of columns)",
    )
    assert statuses(card, "UNION does an implicit DISTINCT on the combined rows.") != [X]
    assert statuses(card, "Both combine result sets with distinct numbers of columns.") == [X]


def test_what_is_said_of_a_rejected_option_denies_nothing():
    card = AWS_CARDS["sts-temporary-credentials"]
    answer = (
        "Instead of giving every app static keys that can leak, STS hands out temporary "
        "credentials that expire on their own."
    )
    assert X not in aws_statuses(card, answer)
    # The rejected option itself is still set aside: preferring the opposite contradicts.
    routes = AWS_CARDS["route-tables"]
    most_specific = 4
    broadest = "The broadest route always wins over more specific ones."
    assert aws_statuses(routes, broadest)[most_specific] is X


def test_a_predicate_joined_by_and_is_keeps_the_subject_that_had_the_verb():
    card = AWS_CARDS["regions-azs-edge"]
    az = 1
    answer = "An Availability Zone is a place within a geographic Region and is a data center."
    assert aws_statuses(card, answer)[az] is C
    # A new subject with its own verb is still its own: a Region called a data center.
    swapped = "An AZ is a set of buildings and a Region is a data center."
    assert aws_statuses(card, swapped)[az] is X


def test_what_a_compared_thing_does_is_not_said_of_the_subject():
    card = AWS_CARDS["service-control-policies"]
    answer = (
        "SCPs are different from both identity-based and resource-based policies which grant "
        "permissions to users and roles. An SCP does not grant anything itself."
    )
    assert X not in aws_statuses(card, answer)
    # A relative clause on the policies the SCPs are is still said of the SCPs.
    wrong = "SCPs are policies in AWS Organizations that grant permissions to the accounts."
    assert X in aws_statuses(card, wrong)


def test_a_denial_after_a_phrase_reaches_back_into_it():
    card = AWS_CARDS["service-control-policies"]
    never_grant = 1
    assert aws_statuses(card, "An SCP grants nothing by itself.")[never_grant] is C
    assert aws_statuses(card, "An SCP grants permissions.")[never_grant] is X


def test_a_name_that_is_also_a_verb_after_a_modal_is_not_the_subject():
    # As in real answers: in "ADD can copy files", "copy" is what ADD does, not COPY.
    card = _plain(
        "What is the difference between COPY and ADD in a Dockerfile?",
        "Both copy files from the build context into the image",
        "ADD auto-extracts local tar archives",
        "ADD can download from a remote URL",
        "Prefer COPY (explicit, predictable)",
    )
    answer = (
        "COPY copies local files in. ADD can copy files and also extract tar files or download "
        "from URLs."
    )
    assert statuses(card, answer)[2] is C


def test_a_negation_carries_over_the_items_of_a_list():
    # As in real answers: "the need for a public IP, open inbound ports, and SSH keys" is
    # eliminated for all three.
    card = AWS_CARDS["bastion-vs-session-manager"]
    for answer in (
        "Session Manager works without a public IP, open inbound ports, or SSH keys.",
        "Session Manager eliminates the need for a public IP, open inbound ports, and SSH keys.",
    ):
        assert aws_statuses(card, answer)[1] is C
    # A clause of its own after the list is not in it.
    answer = "You need no public IP, and the agent opens inbound ports."
    assert analyse(answer, ellipses=True).negated[-1] is False


def test_replacing_the_need_to_do_something_denies_it():
    # As in real answers: Identity Center "replaces the need to create IAM users".
    t = analyse("It replaces the need to create IAM users in every account.", ellipses=True)
    assert t.negated[t.words.index("create")]


def test_a_points_negated_list_ends_at_and_with_a_modal():
    # As in real answers: the point denies reassigning, not initialising, so "must be
    # initialized" agrees with it.
    card = _plain(
        "What's the difference between var, let and const?",
        "var is function-scoped; let and const are block-scoped",
        "const can't be reassigned (and must be initialised at declaration)",
    )
    answer = "const: Block-scoped, cannot be reassigned, must be initialized."
    assert statuses(card, answer)[1] is C


def test_a_points_negation_ends_at_a_modal_after_a_colon():
    # The point denies granting, not allowing: "IAM ... still has to allow the action" agrees
    # with it (it read as saying the denied thing is required, a contradiction).
    card = _plain(
        "What do service control policies do?",
        "SCPs set the maximum permissions for accounts in an organization",
        "They never grant permissions: IAM policies must still allow the action",
    )
    answer = (
        "SCPs set the maximum permissions for the accounts. They never grant anything; "
        "an IAM policy inside the account still has to allow the action."
    )
    assert statuses(card, answer)[1] is C


def test_the_means_after_by_is_outside_a_negation():
    # As in real answers: the token is exchanged; only the secret is done without.
    t = analyse(
        "It authenticates without any long-lived secret by exchanging a short-lived token.",
        ellipses=True,
    )
    assert t.negated[t.words.index("secret")]
    assert not t.negated[t.words.index("exchanging")]


def test_a_comparison_table_is_read_as_one_statement_per_cell():
    from engine.checker.tables import unfold_tables

    answer = (
        "They differ:\n| Feature | NAT Gateway | NAT Instance |\n| --- | --- | --- |\n"
        "| **Managed by AWS** | Yes | No |\n| Scaling | Automatic | Manual |\n"
    )
    text, where = unfold_tables(answer)
    assert text.splitlines() == [
        "They differ:",
        "NAT Gateway: Managed by AWS.",
        "NAT Instance: no Managed by AWS.",
        "NAT Gateway: Scaling Automatic.",
        "NAT Instance: Scaling Manual.",
    ]
    assert len(where) == len(text)
    # Two things side by side, a row each of their traits.
    pair = "| NACL | Security Group |\n|---|---|\n| stateless | stateful |"
    assert unfold_tables(pair)[0].split("\n") == ["NACL:  stateless.", "Security Group:  stateful."]
    # A table listing items ("| # | Action |") is no comparison and is read as written.
    assert (
        unfold_tables("| # | Action | Tool |\n|---|---|---|\n| 1 | Revoke the key | IAM |") is None
    )
    # The NAT instance is not "managed by AWS", and the evidence points into the typed table.
    card = AWS_CARDS["nat-gateway-vs-nat-instance"]
    verdict = check(card, answer, AWS_GLOSSARY)
    assert [p.status for p in verdict.points][:2] == [C, M]
    start, end = verdict.points[0].span
    assert "NAT Gateway" in answer[start:end] or "Managed by AWS" in answer[start:end]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="ab |-:\n", max_size=12), max_size=8))
def test_unfolding_tables_maps_every_character_back(lines):
    from engine.checker.tables import unfold_tables

    text = "\n".join(lines)
    unfolded = unfold_tables(text)
    if unfolded is not None:
        new, where = unfolded
        assert len(where) == len(new)
        assert all(0 <= k < max(len(text), 1) for k in where)


def test_no_after_the_verb_of_an_if_clause_denies_nothing():
    # As in real answers: the condition supposes a case; it denies the customer nothing.
    t = analyse(
        "If the customer has no access to the underlying OS, then it is AWS's job.", ellipses=True
    )
    assert not t.negated[t.words.index("access")]
    plain = analyse("The customer has no access to the OS.")
    assert plain.negated[plain.words.index("access")]


# Real answers (docs/benchmarks.md, session 10) reworded: card, answer, point, status.
REAL_ANSWER_CASES = {
    # "A NACL (Network Access Control List) is a stateless firewall." is a short sentence the
    # next one goes on with: parentheses do not count toward its length.
    "parenthesised expansion": (
        "stateful-vs-stateless",
        "A NACL (Network Access Control List) is a stateless firewall. Inbound and outbound "
        "rules are evaluated independently.",
        1,
        C,
    ),
    # The secret key belongs to the supposed IAM user, not to the external ID before.
    "if-clause takes no topic": (
        "external-id-confused-deputy",
        "Third parties assuming your roles should always use an external ID condition. If a "
        "vendor asks you for an IAM user with an access key and secret key, they're doing it "
        "wrong.",
        2,
        C,
    ),
    # The heading names the AZ; the Region after "inside" is an object.
    "heading line": (
        "regions-azs-edge",
        "Region\nGeographical area, e.g. Mumbai.\nAvailability Zone (AZ)\n"
        "One or more data centers inside a region.",
        1,
        C,
    ),
    # A plain paraphrase of what a group is for (seen on the study screen in session 18).
    "groups share permissions": (
        "iam-basics",
        "Groups let users share permissions so you manage them once.",
        1,
        C,
    ),
    # Under the heading, "your VPC" is an object: what the line says is said of the gateway.
    "heading line over an object": (
        "vpc-core-components",
        "## 3. Internet Gateway\n"
        "- *Purpose*: Allows communication between instances in your VPC and the internet.",
        3,
        C,
    ),
    # A misconception's word joined to its own opposite ("plain text and encrypted") claims
    # neither: Parameter Store is not said to store plain text only.
    "both sides of an opposite": (
        "secrets-manager-vs-parameter-store",
        "Parameter Store stores config data and secrets as key-value pairs. It supports both "
        "plain text and encrypted values (via KMS), with no built-in rotation.",
        3,
        C,
    ),
    "one side of an opposite": (
        "secrets-manager-vs-parameter-store",
        "Parameter Store stores config data and secrets, in plain text, with no built-in rotation.",
        3,
        X,
    ),
    # "the implicit deny" is a term of its own, not the explicit deny a misconception names.
    "another term: implicit deny": (
        "policy-evaluation-logic",
        "Everything starts as an implicit deny. An explicit Allow overrides the implicit deny.",
        1,
        M,
    ),
    "another term: implicit deny is covered": (
        "policy-evaluation-logic",
        "Everything starts as an implicit deny. An explicit Allow overrides the implicit deny.",
        0,
        C,
    ),
    "misconception: allow overrides a deny": (
        "policy-evaluation-logic",
        "An allow in an identity policy overrides a deny.",
        1,
        X,
    ),
    # The bucket after "instead of" is the rejected public one: CloudFront with OAI is the point.
    "rejected option": (
        "s3-block-public-access",
        "Prefer CloudFront with OAI instead of public bucket.",
        3,
        C,
    ),
    # ... but rejecting the recommendation itself is a mistake.
    "rejected recommendation": (
        "s3-block-public-access",
        "Point users at the bucket directly rather than going through CloudFront.",
        3,
        X,
    ),
    # "Stateful means ..." is about statefulness, not the NACLs named before.
    "definition takes no topic": (
        "stateful-vs-stateless",
        "Security groups are stateful; network ACLs are stateless. Stateful means the firewall "
        "remembers each connection it permits.",
        0,
        C,
    ),
    # A comparison table puts each entity's property in its column.
    "table column: gateway": (
        "vpc-endpoints",
        "| Feature | Gateway Endpoint | Interface Endpoint |\n|---|---|---|\n"
        "| Services | S3 and DynamoDB only | Most AWS services |\n"
        "| Cost | Free | Hourly rate plus data processing |\n",
        1,
        C,
    ),
    "table column: interface": (
        "vpc-endpoints",
        "| Feature | Gateway Endpoint | Interface Endpoint |\n|---|---|---|\n"
        "| Services | S3 and DynamoDB only | Most AWS services |\n"
        "| Cost | Free | Hourly rate plus data processing |\n",
        3,
        C,
    ),
    # "reusable" is said of managed policies, not of the inline ones after "while".
    "no object past a contrast": (
        "managed-vs-inline-policies",
        "Managed policies are reusable and shared, while inline policies are attached directly "
        "to one user or role.",
        2,
        C,
    ),
    # In "an Amazon EC2 instance" Amazon is no actor patching anything...
    "vendor product name": (
        "shared-responsibility",
        "If a customer deploys an Amazon EC2 instance, they are responsible for the guest "
        "operating system including updates and security patches.",
        3,
        C,
    ),
    # ... while Amazon patching the OS for you is the misconception.
    "vendor as actor": (
        "shared-responsibility",
        "Amazon patches the guest operating system for you on EC2.",
        3,
        X,
    ),
    # "instead of 1-to-1 VPC peering" rejects peering for many VPCs, it does not deny that
    # peering is one-to-one.
    "qualifier of a rejected name": (
        "peering-vs-transit-gateway",
        "So instead of 1-to-1 VPC peering connections, you bring in the Transit Gateway, a "
        "regional router, and connect all the VPCs to it.",
        0,
        M,
    ),
    # A "Connection:" label under the VPN heading is no name of Direct Connect.
    "label sharing a stem": (
        "vpn-vs-direct-connect",
        "AWS Site-to-Site VPN\n- Connection: travels over the public internet, encrypted with "
        "IPsec.\n- Setup: quick, minutes or hours.",
        2,
        M,
    ),
    # The secret key belongs to the IAM user the sentence names, not to the external ID...
    "misconception needs a pronoun": (
        "external-id-confused-deputy",
        "Give third parties access with an external ID condition. A vendor asking you for an "
        "IAM user with an access key and secret key is doing it wrong.",
        2,
        C,
    ),
    # ... while a pronoun carries it: this external ID is said to be a secret key.
    "misconception through a pronoun": (
        "external-id-confused-deputy",
        "Use an external ID condition. It is a secret key the customer picks.",
        2,
        X,
    ),
    # "Deny takes precedence over Allow" says nothing of the Allow...
    "what the hit beats": (
        "policy-evaluation-logic",
        'Access will be denied because "Deny" takes precedence over "Allow".',
        1,
        C,
    ),
    # ... an Allow taking precedence is the misconception.
    "allow beats a deny": (
        "policy-evaluation-logic",
        "An Allow takes precedence over an explicit deny.",
        1,
        X,
    ),
    # The root account is named once, its traits are bullets under it...
    "heading and bullets": (
        "root-user",
        "What is the root account?\n- email address you use to sign up\n"
        "- full administrative access to the account\n- can literally use any service",
        0,
        C,
    ),
    # ... and a line that is no bullet ends the list.
    "line that is no bullet": (
        "root-user",
        "The root account\nis old.\n- full administrative access",
        0,
        M,
    ),
}


@pytest.mark.parametrize("case", REAL_ANSWER_CASES)
def test_real_answers_are_graded_as_meant(case):
    card, answer, point, status = REAL_ANSWER_CASES[case]
    assert aws_statuses(AWS_CARDS[card], answer)[point] is status


def test_a_heading_pairs_with_its_bullets_for_points_without_rules():
    card = _plain(
        "What does a NAT gateway do?",
        "Instances in private subnets reach the internet through it",
    )
    # The heading names the private subnets, a later bullet says they reach the internet.
    answer = "Private subnets\n- no public IPs there\n- they reach the internet"
    assert statuses(card, answer) == [C]


def test_a_clause_after_a_comma_keeps_its_sentences_subject_without_rules():
    # "are free" is said of the gateway endpoints, the subject its sentence opened with: it
    # is no word on the interface endpoints' cost (it read as contradicting "per hour").
    card = AWS_CARDS["vpc-endpoints"]
    card = replace(
        card, key_points=tuple(replace(kp, match=None, not_rules=()) for kp in card.key_points)
    )
    answer = (
        "VPC endpoints give private access to AWS services. Gateway endpoints are only for S3 "
        "and DynamoDB, go in the route table and are free. Interface endpoints are ENIs with "
        "private IPs in your subnets."
    )
    assert [p.status for p in check(card, answer, ()).points] == [C, C, C, M, M]


def test_agreement_compares_two_labellings_of_the_same_answers(tmp_path, capsys):
    from bench.agreement import compare, main

    decks = FIXTURES / "decks" / "checker_aws.md"
    first = FIXTURES / "grading" / "dev.jsonl"
    rows = [json.loads(line) for line in first.read_text().splitlines() if line.strip()]
    same = compare(first, first, decks)
    assert same["agreement"] == 1.0
    assert same["second_vs_first"]["precision"] == 1.0
    # The second annotator credits one point the first called missed.
    rows[1]["labels"][4] = "covered"
    second = tmp_path / "second.jsonl"
    second.write_text("".join(json.dumps(r) + "\n" for r in rows))
    other = compare(first, second, decks)
    points = same["key_points"]
    assert other["agreement"] == (points - 1) / points
    assert other["pairs"]["missed/covered"] == 1
    assert other["second_vs_first"]["recall"] == 1.0
    assert other["second_vs_first"]["precision"] < 1.0
    # A file whose answers are not the same ones is refused, naming the line.
    rows[2]["answer"] = "something else"
    second.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main([str(first), str(second), "--decks", str(decks)]) == 2
    assert "second.jsonl:3: not the answer on line 3" in capsys.readouterr().err


def test_a_one_word_entity_name_opening_a_rule_phrase_names_no_entity():
    # "public" names the public subnet ("Public: route to the IGW"), but in "public IPs" it
    # modifies IPs: an answer about the internet gateway is no word on the public subnet.
    card = AWS_CARDS["public-vs-private-subnet"]
    first = card.key_points[0].text
    assert first.startswith("A public subnet has a route to an internet gateway")

    def route_point(answer: str) -> PointStatus:
        return check(card, answer, AWS_GLOSSARY).points[0].status

    igw = "An internet gateway gives two-way internet access to resources that have public IPs."
    assert route_point(igw) == M
    assert route_point("Public: 0.0.0.0/0 goes to the internet gateway in its route table.") == C
    assert route_point("Public subnets have a route to the internet gateway.") == C


def test_a_common_word_is_not_read_as_a_cards_initialism():
    # "sit" spells the initials of "session token" letter by letter, but it is a word: "no
    # keys sit on the box" says nothing against STS issuing a session token.
    card = AWS_CARDS["sts-temporary-credentials"]
    assert "session token" in card.key_points[0].text
    verdict = check(card, "The SDK refreshes them, so no keys sit on the box.", AWS_GLOSSARY)
    assert verdict.points[0].status != PointStatus.CONTRADICTED
    assert (
        check(card, "STS gives you a key pair, no session token.", AWS_GLOSSARY).points[0].status
        == PointStatus.CONTRADICTED
    )


def test_a_defining_verb_is_no_concept_of_its_own():
    # "defines" is what "=" says: the point is who may assume the role, not the verb.
    card = _plain(
        "What is the difference between a role's trust policy and its permission policies?",
        "The trust policy defines who can assume the role",
        "Permission policies define what the role can do once assumed",
        "The trust policy is a resource-based policy on the role",
    )
    answer = "Trust policy = who can assume the role. Nothing else about it."
    assert statuses(card, answer)[0] == C
    assert statuses(card, "The trust policy is attached to the role.")[0] == M


def test_adjectives_in_able_match_their_verb():
    card = _plain(
        "What is the difference between AWS managed, customer managed and inline policies?",
        "Customer managed policies are yours: reusable across identities, versions you control",
        "Inline policies are embedded in one identity and deleted with it",
    )
    answer = "Customer managed policies are yours and you can reuse them."
    assert statuses(card, answer) == [C, M]
    csrf = _plain(
        "What is CSRF?",
        "Request parameters are predictable (no secret token)",
        "Browser attaches cookies automatically (ambient credentials)",
    )
    assert statuses(csrf, "Their cookies are sent by the browser, auto.") == [M, C]


def test_a_relative_clause_on_what_unlike_compares_with_asserts_nothing():
    # What "where ..." says is said of the on-premises network, not of AWS subnets.
    card = AWS_CARDS["cidr-planning"]
    answer = (
        "Unlike a traditional on-premises network, where you lose only the network and "
        "broadcast addresses, AWS reserves five IPs in every subnet."
    )
    assert aws_statuses(card, answer)[3] == C
    wrong = "In AWS you lose only the network and broadcast addresses in each subnet."
    assert aws_statuses(card, wrong)[3] == X


def test_a_mistake_named_as_such_is_not_asserted():
    card = AWS_CARDS["session-policies"]
    under_heading = (
        "A session policy narrows a role's session: the result is the intersection of the "
        "role's policies and the session policy.\n\nCommon mistake\n\n"
        "Thinking a session policy can grant extra permissions."
    )
    assert aws_statuses(card, under_heading)[1] == C
    inline = "A common mistake is to believe a session policy can grant extra permissions."
    assert aws_statuses(card, inline)[1] != X
    assert aws_statuses(card, "A session policy can grant extra permissions.")[1] == X


def test_cells_of_a_table_without_its_header_are_separate_statements():
    # A table pasted without its header row is not read as a table, but its cells still
    # say one thing each: the VPN's cell says nothing of Direct Connect.
    card = AWS_CARDS["vpn-vs-direct-connect"]
    answer = (
        "Type | Direct Connect: dedicated private connection, consistent latency | "
        "Encrypted IPsec tunnel over the public internet |"
    )
    assert aws_statuses(card, answer)[2] == C


def test_a_name_after_the_verb_a_note_line_opens_with_is_no_subject():
    # "It" in the last line is still the internet gateway: "NAT" is what the gateway performs.
    card = AWS_CARDS["igw-vs-nat-gateway"]
    answer = (
        "The internet gateway connects the VPC to the internet. It does two things:\n"
        "- Routes traffic for the internet.\n"
        "- Performs 1:1 NAT for instances with public IPs.\n"
        "It has no bandwidth cap and no hourly charge."
    )
    assert aws_statuses(card, answer)[4] != X
    # An initialism opening a line is no verb: "KMS key policies" is still the subject.
    assert aws_statuses(AWS_CARDS["kms-key-policies"], "KMS key policies are optional.")[0] == X


def test_what_a_subject_lacks_may_be_listed_after_a_dash():
    card = AWS_CARDS["nat-gateway-vs-nat-instance"]
    answer = (
        "Pick a NAT instance only for a feature the gateway lacks — port forwarding, "
        "acting as a bastion, or very low traffic where its hourly cost wins."
    )
    assert aws_statuses(card, answer)[3] != X
    assert (
        aws_statuses(card, "The NAT gateway does port forwarding and works as a bastion.")[3] == X
    )


def test_a_comparison_table_gives_one_point_per_cell_said_of_its_column():
    # Graded like the other web cards below: its complete answer is Good, and the same answer
    # with the columns swapped ("negated") is not.
    points = checker.derive_key_points(web_card("web-sg-nacl-table"))
    assert [p.text for p in points[:2]] == [
        "Security Group \u2192 Level \u2014 Instance.",
        "NACL \u2192 Level \u2014 Subnet.",
    ]
    assert len(points) == 8


def test_what_something_is_compared_with_is_no_misconception():
    card = AWS_CARDS["iam-identity-center"]
    answer = (
        "You assign a permission set to users or groups per account. They get short-lived "
        "credentials based on the permission set, which is more secure than long-term access keys."
    )
    assert aws_statuses(card, answer)[2] != X
    assert aws_statuses(card, "A permission set creates IAM users with access keys.")[2] == X


def test_a_coordinated_clause_with_its_own_subject_holds_no_misconception_of_the_last():
    card = AWS_CARDS["vpc-core-components"]
    answer = (
        "Subnets place resources, route tables decide next hops, and security groups filter "
        "traffic."
    )
    assert aws_statuses(card, answer)[2] == C
    assert aws_statuses(card, "Route tables decide where traffic goes and filter it.")[2] == X


def test_groups_that_hold_users_organise_them():
    statuses = aws_statuses(
        AWS_CARDS["iam-basics"], "Groups hold users so you set permissions once for all of them."
    )
    assert statuses[1] == C


def test_a_side_note_beside_a_web_answer_is_no_derived_point():
    card = Card(
        "web-jenkins",
        "Web",
        "What is Jenkins?",
        answer=(
            "Jenkins is an open-source automation server used to build CI/CD pipelines.\n\n"
            "🧠 **Why it matters:**  \nJenkins is still widely used in enterprises.\n\n"
            "⚠️ **Common mistake:** thinking Jenkins is only for Java projects.\n\n"
            "👉 **Example:** a pipeline that builds and tests every pull request."
        ),
    )
    points = checker.derive_key_points(card)
    assert [p.text for p in points] == [
        "Jenkins is an open-source automation server used to build CI/CD pipelines."
    ]
    answer = "An open-source automation server you use to build CI/CD pipelines."
    assert check(card, answer).rating is Rating.EASY


def test_an_answer_written_as_prose_in_a_plain_code_block_gives_derived_points():
    # Some repositories set every answer in a ``` block: sentences, not code.
    card = Card(
        "web-switch",
        "Web",
        "What is a switch?",
        answer=(
            "```\n"
            "A switch is networking hardware whose ports forward Ethernet frames between hosts.\n"
            "The switch learns which MAC addresses are at which ports by observing the traffic.\n"
            "```"
        ),
    )
    assert [p.text for p in checker.derive_key_points(card)] == [
        "A switch is networking hardware whose ports forward Ethernet frames between hosts.",
        "The switch learns which MAC addresses are at which ports by observing the traffic.",
    ]
    answer = "It learns which MAC address sits on which port by watching the traffic."
    assert [p.status for p in check(card, answer).points] == [M, C]
    # A language-less block of commands stays code, with or without comments.
    commands = Card(
        "web-bisect",
        "Web",
        "How do you find which commit introduced a bug?",
        answer=(
            "Use git bisect: a binary search through history for the first bad commit.\n\n"
            "```\ngit bisect start\n"
            "git bisect bad # the current commit is broken\n"
            "git bisect good v1.2.0 # this tag was fine\n```"
        ),
    )
    assert [p.text for p in checker.derive_key_points(commands)] == [
        "Use git bisect: a binary search through history for the first bad commit."
    ]


def test_an_html_context_line_under_a_list_is_no_part_of_its_last_derived_point():
    card = Card(
        "web-sheets",
        "Web",
        "What are the main differences between Excel and Google Sheets?",
        answer=(
            "* **Excel:** More advanced formulas, VBA, better for large datasets.\n"
            "* **Google Sheets:** Cloud-based, real-time collaboration.\n"
            '<p align="right"><b><i>Context:</b> Asked at <b>TCS (2021)</b>.</i></p>'
        ),
    )
    assert [p.text for p in checker.derive_key_points(card)] == [
        "Excel — More advanced formulas, VBA, better for large datasets.",
        "Google Sheets — Cloud-based, real-time collaboration.",
    ]


def test_a_name_another_entity_is_loosely_said_to_be_is_no_subject():
    # "groups" here is what roles are said to be: what follows is said of roles.
    card = AWS_CARDS["iam-basics"]
    loose = "Roles are basically groups of permissions that you put users into."
    assert aws_statuses(card, loose)[1] == M
    plain = "Groups are collections you put users into, so permissions are set once."
    assert aws_statuses(card, plain)[1] == C


def test_a_point_counting_both_ways_is_not_contradicted_by_multiple():
    # "multiple values for one key": the "one" is no count of the point's subject.
    card = AWS_CARDS["condition-keys"]
    assert aws_statuses(card, "multiple keys AND, values OR")[5] == C
    assert aws_statuses(card, "If you list multiple conditions they are ORed together.")[5] == X


def test_a_misconception_is_not_read_across_while():
    # The OUs are the SCP's, in the clause "while" opens: no mistake about the boundary.
    card = AWS_CARDS["permission-boundaries"]
    right = (
        "A permission boundary is set on a single user or role, while an SCP is attached to an OU."
    )
    assert X not in aws_statuses(card, right)
    wrong = "A permission boundary is attached to OUs and caps the accounts in them."
    assert aws_statuses(card, wrong)[2] == X


def test_a_not_rule_that_dismisses_its_subject_fires_as_written():
    # "key policy is optional" carries its own denial: the answer saying it is the mistake.
    kms = Card(
        id="kms",
        deck="t",
        question="How is access to a KMS key controlled?",
        key_points=(
            KeyPoint(
                "Every key has a key policy, the primary control",
                MatchRule((MatchGroup(("key policy",)), MatchGroup(("primary", "every key")))),
                (MatchRule((MatchGroup(("key policy is optional",)),)),),
            ),
        ),
    )
    assert statuses(kms, "The key policy is optional, IAM alone decides.") == [X]
    assert statuses(kms, "The key policy is not optional: it is the primary control.") == [C]


def test_a_misconception_is_not_read_across_but():
    card = AWS_CARDS["ipv6-egress-only"]
    right = (
        "A normal IGW passes traffic in both directions, but the egress-only internet gateway "
        "only allows outbound IPv6 and blocks connections from the internet."
    )
    assert aws_statuses(card, right)[1] == C
    wrong = "An egress-only internet gateway passes traffic in both directions."
    assert aws_statuses(card, wrong)[1] == X


def test_a_question_word_every_list_item_repeats_fills_no_item():
    card = _plain(
        "What are resource-based policies?",
        "Examples: S3 bucket policies, KMS key policies, role trust policies",
    )
    assert statuses(card, "It is a kind of policy that sits on the resource.") == [M]
    assert statuses(card, "A bucket policy in S3 is one.") == [C]
    assert statuses(card, "The trust policy of a role, for instance.") == [C]


def test_what_an_entity_is_likened_to_is_not_the_subject_of_the_sentence():
    card = AWS_CARDS["managed-vs-inline-policies"]
    # "they" is the inline policies, not the customer managed ones they are likened to.
    answer = (
        "Inline policies are basically the same as customer managed but they're what you "
        "should default to in Terraform."
    )
    assert aws_statuses(card, answer)[3] is X
    assert (
        aws_statuses(card, "Customer managed policies are what you should use in Terraform.")[3]
        is C
    )


# --- multiple-choice questions ----------------------------------------------------------------


_QUIZ = Card(
    id="quiz",
    deck="t",
    question=(
        "Which of these are value types in C#?\nA: `class Employee`\nB: `string`\n"
        "C: `struct Point`\nD: `int`"
    ),
    answer="#### Answer: C,D\n\nStructs and the built-in numeric types are value types.",
)


def _quiz(answer: str) -> tuple[list[PointStatus], Rating]:
    verdict = check(_QUIZ, answer)
    return [p.status for p in verdict.points], verdict.rating


def test_a_quiz_question_is_graded_by_the_options_an_answer_chooses():
    assert [p.text for p in checker.derive_key_points(_QUIZ)] == ["C: `struct Point`", "D: `int`"]
    assert not checker.derives_points(_QUIZ)  # exact, not approximate
    assert _quiz("C and D") == ([C, C], Rating.EASY)
    assert _quiz("c, d") == ([C, C], Rating.EASY)
    assert _quiz("The answer is C/D, because both are copied on assignment.") == (
        [C, C],
        Rating.EASY,
    )
    assert _quiz("struct Point") == ([C, M], Rating.HARD)  # the option's text, one of two
    assert _quiz("C") == ([C, M], Rating.HARD)
    assert _quiz("I don't know") == ([M, M], Rating.AGAIN)


def test_a_model_answer_naming_no_option_letter_is_no_quiz_key():
    for answer in (
        "a hash map keeps keys unique.",
        "The answer is a design with two tiers.",
        "A LinkedHashMap keeps insertion order.",
    ):
        assert checker.derive_key_points(replace(_QUIZ, answer=answer))[0].text == answer


def test_a_quiz_answer_choosing_a_wrong_option_is_never_good():
    assert _quiz("B") == ([X, X], Rating.AGAIN)
    assert _quiz("C, D and A") == ([X, X], Rating.AGAIN)
    # "A" opening a sentence is an article, not a choice.
    assert _quiz("A struct Point is copied, and so is int.")[0] != [X, X]


def test_a_quiz_whose_options_open_its_answer_asks_them_and_grades_the_choice():
    text = (
        "Quiz prompt for a chatbot.\n\n"
        "Q1) What is the primary purpose of a Kubernetes Operator?\nA) Provide a UI\n"
        "B) Encode operational knowledge as a controller\nC) Replace the scheduler\n"
        "Correct: B\nWhy correct: operators reconcile custom resources.\n\n"
        "Q2) What is a reconcile loop responsible for?\nA) Matching observed to desired state\n"
        "B) Scheduling nodes\nCorrect: A\nWhy correct: it drives the state to the spec.\n\n"
        "Q3) Which tool scaffolds Go operators?\nA) kubebuilder\nB) kubectl\nCorrect: A\n"
    )
    first = parse_text(text, "operators.md").cards[0]
    assert first.question == (
        "What is the primary purpose of a Kubernetes Operator?\nA. Provide a UI\n"
        "B. Encode operational knowledge as a controller\nC. Replace the scheduler"
    )
    assert first.answer.startswith("Correct: B")
    assert check(first, "B").rating is Rating.EASY
    assert check(first, "Encode operational knowledge as a controller").rating is Rating.EASY
    assert check(first, "A").rating is Rating.AGAIN


def test_a_quiz_of_question_labels_and_correct_answer_lines_asks_its_options():
    text = (
        "## ML quiz\n\n***\n\n**Question 1:**  \nCustomers who buy bread often buy butter. "
        "Which technique finds this?\n\nA) Classification  \nB) Clustering  \n"
        "C) Association\n\n**Correct Answer:** C) Association  \n"
        "> *Explanation:* items bought together.\n\n***\n\n**Question 2:**  \n"
        "Which step comes first?\n\nA) Define the problem  \nB) Deploy\n\n"
        "**Correct Answer:** A) Define the problem\n"
    )
    first, second = parse_text(text, "ml.md").cards
    assert first.question == (
        "Customers who buy bread often buy butter. Which technique finds this?\n"
        "A) Classification\nB) Clustering\nC) Association"
    )
    assert first.answer.startswith("C) Association")
    assert check(first, "C").rating is Rating.EASY
    assert check(first, "association").rating is Rating.EASY
    assert check(first, "B").rating is Rating.AGAIN
    assert check(second, "A").rating is Rating.EASY


def test_quizzes_under_headings_that_only_number_their_questions():
    # "### Question N" over the stem, bold option letters, "**Answer: B** - why".
    text = "# Azure Knowledge Check\n\n## Questions\n\n" + "".join(
        f"### Question {n}\n\n{ask}\n\n**A)** {a}\n**B)** {b}\n\n**Answer: {key}** - {why}\n\n"
        for n, ask, a, b, key, why in (
            (1, "What is an Azure region?", "One data center", "An area of data centers", "B", "."),
            (2, "Which service manages identity?", "Entra ID", "Key Vault", "A", "Entra."),
            (3, "What is a resource group?", "A container", "A region", "A", "It holds."),
        )
    )
    deck = parse_text(text, "azure.md")
    first = deck.cards[0]
    assert first.question == (
        "What is an Azure region?\n**A)** One data center\n**B)** An area of data centers"
    )
    assert first.answer == "B - ."  # the bold the label opened closes after the key
    assert check(first, "B").rating is Rating.EASY
    assert check(first, "A").rating is Rating.AGAIN
    # "## Question 1:" over a stem, options and a key in Ukrainian, read as a deck of headings.
    native = "# Exam\n\n" + "".join(
        f"## Question {n}:\n\n{ask}\n\nA) {a}  \nB) {b}\n\n**Правильна відповідь:** {key}\n\n"
        for n, ask, a, b, key in (
            (1, "Which VM suits an interruptible batch job?", "Standard VM", "Spot VM", "B"),
            (2, "Where do snapshots live?", "Globally", "In one zone", "A"),
        )
    )
    deck = parse_text(native, "gcp.md")
    first = deck.cards[0]
    assert first.question == (
        "Which VM suits an interruptible batch job?\nA. Standard VM\nB. Spot VM"
    )
    assert check(first, "Spot VM").rating is Rating.EASY
    assert not [w for w in deck.warnings if "approximate" in w.message]


def test_a_quiz_numbered_by_bold_numbers_alone_over_its_stem():
    text = "# Day 1 - IAM practice set\n\n" + "".join(
        f"---\n\n**{n}.**\n{stem}\n{ask}\nA. {a}\nB. {b}\n✅ **Answer: {key}**\n💬 {why}\n\n"
        for n, stem, ask, a, b, key, why in (
            (
                1,
                "A group policy allows `s3:*`.",
                "What does an SCP deny do?",
                "Nothing",
                "It wins",
                "B",
                "Deny wins.",
            ),
            (
                2,
                "A role has two policies.",
                "Which one wins?",
                "The deny",
                "The allow",
                "A",
                "Deny.",
            ),
        )
    )
    first, second = parse_text(text, "iam.md").cards
    assert first.question == (
        "A group policy allows `s3:*`. What does an SCP deny do?\nA. Nothing\nB. It wins"
    )
    assert first.answer.startswith("✅ **Answer: B**")
    assert check(first, "B").rating is Rating.EASY
    assert check(second, "B").rating is Rating.AGAIN


def test_a_quiz_of_dashed_question_labels_and_lettered_option_bullets():
    text = (
        "Q1 - The following query will return - SELECT *\nFROM Employee\n\n"
        "- A. No rows from the Employee table\n- B. Selected rows from the Employee table\n"
        "- C. All rows and columns from the Employee table\n\n"
        "Answer - C. All rows and columns from the Employee table\n\n---\n\n"
        "Q2 - The _____ clause chooses the columns\n\n- A. Where\n- B. Select\n\n"
        "Answer - B. Select\n"
    )
    first, second = parse_text(text, "sql.md").cards
    assert first.question.splitlines()[0] == "The following query will return - SELECT *"
    assert first.question.endswith("- C. All rows and columns from the Employee table")
    assert first.answer == "C. All rows and columns from the Employee table"
    assert check(first, "C").rating is Rating.EASY
    # Fewer words of one option's text choose it; words two options share choose neither.
    assert check(first, "All rows and columns").rating is Rating.EASY
    assert check(first, "rows from the Employee table").rating is Rating.AGAIN
    assert check(second, "select").rating is Rating.EASY
    assert check(second, "A").rating is Rating.AGAIN


def test_a_quiz_with_numbered_options_is_graded_by_the_numbers_an_answer_chooses():
    text = (
        "# Networking basics\n\n- **How is the OSI model organized?**\n1. Alphabetically\n"
        "2. From the lowest to the highest level\n3. Randomly\n\n> **Answer:** 2\n\n"
        "- **What type of network is a computer at home connected to?**\n1. Internet\n"
        "2. WAN\n3. LAN\n\n> **Answer:** 3\n"
    )
    deck = parse_text(text, "quiz.md")
    osi, home = deck.cards
    # Graded exactly: the import's warning about approximate grading leaves them out.
    assert not [w for w in deck.warnings if "approximate" in w.message]
    assert osi.question == (
        "How is the OSI model organized?\n1. Alphabetically\n"
        "2. From the lowest to the highest level\n3. Randomly"
    )
    assert [p.text for p in checker.derive_key_points(osi)] == [
        "2: From the lowest to the highest level"
    ]
    assert check(osi, "2").rating is Rating.EASY
    assert check(osi, "Option 2, because the layers stack").rating is Rating.EASY
    assert check(osi, "from the lowest to the highest level").rating is Rating.EASY
    assert check(osi, "3").rating is Rating.AGAIN
    assert check(home, "LAN").rating is Rating.EASY
    assert check(home, "2").rating is Rating.AGAIN
    # Numbered steps over "Answer: 2 steps" are no options: the answer is graded as written.
    steps = Card(
        id="s",
        deck="t",
        question="How many steps does a TCP teardown take per side?",
        answer="1. Send FIN\n2. Receive ACK\n\nAnswer: 2 steps per side.",
    )
    assert checker.derives_points(steps)


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=5),
    right=st.sets(st.integers(min_value=0, max_value=4), min_size=1),
    chosen=st.sets(st.integers(min_value=0, max_value=4)),
    joiner=st.sampled_from([", ", " and ", "/", " & "]),
    letters=st.sampled_from(["ABCDE", "12345"]),
)
def test_a_quiz_answer_is_easy_only_when_it_chooses_exactly_the_right_options(
    n, right, chosen, joiner, letters
):
    right = {x % n for x in right}
    chosen = {x % n for x in chosen}
    card = Card(
        id="q",
        deck="t",
        question="Which apply?\n" + "\n".join(f"{letters[k]}. option {k}" for k in range(n)),
        answer="Answer: " + ", ".join(letters[k] for k in sorted(right)),
    )
    verdict = check(card, joiner.join(letters[k] for k in sorted(chosen)))
    assert 0.0 <= verdict.score <= 1.0
    if chosen == right:
        assert verdict.rating is Rating.EASY
    else:
        assert verdict.rating < Rating.GOOD
