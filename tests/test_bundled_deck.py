"""The bundled AWS deck: lint-clean, complete, and graded fairly by the checker.

Every card's own model answer must grade Good or Easy against its key points, no model answer
may grade Good or Easy against the key points of a card it is not mutually related to, and the
classic misconceptions the deck guards against must be caught.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.checker import check
from engine.deck import parse_file
from engine.importer import lint_paths
from engine.model import Card, PointStatus, Rating
from quiz import cli

DECKS = Path(__file__).resolve().parent.parent / "decks"
AWS = DECKS / "aws"

SEED_QUESTIONS = {
    "iam-basics": "Explain the difference between IAM users, groups, roles, and policies.",
    "shared-responsibility": (
        "What is the AWS shared responsibility model, and where does the line fall?"
    ),
    "regions-azs-edge": (
        "What is the difference between a Region, an Availability Zone, and an Edge Location?"
    ),
    "vpc-core-components": "What is a VPC, and what are its core components?",
    "public-vs-private-subnet": (
        "What is the difference between a public and a private subnet, "
        "and how does each reach the internet?"
    ),
    "sg-vs-nacl": "What is the difference between a Security Group and a Network ACL?",
    "stateful-vs-stateless": (
        "Security Groups are stateful and Network ACLs are stateless: "
        "what does that mean in practice?"
    ),
    "igw-vs-nat-gateway": (
        "What is the difference between an Internet Gateway and a NAT Gateway, "
        "and when do you need each?"
    ),
    "nat-gateway-vs-nat-instance": (
        "What is the difference between a NAT Gateway and a NAT instance?"
    ),
}

TOPIC_TAGS = {"iam", "networking", "security", "fundamentals"}
LEVELS = {"basic", "intermediate", "advanced"}


@cache
def _decks():
    return tuple(parse_file(path) for path in sorted(AWS.glob("*.md")))


@cache
def _glossary() -> tuple[tuple[str, ...], ...]:
    # As the store does: the union of the deck's files' glossaries, in path order.
    seen: dict[tuple[str, ...], None] = {}
    for deck in _decks():
        for terms in deck.glossary:
            seen.setdefault(terms, None)
    return tuple(seen)


@cache
def _cards() -> dict[str, Card]:
    return {card.id: card for deck in _decks() for card in deck.cards}


def _grade(card: Card, answer: str):
    return check(card, answer, _glossary())


def _mutual(a: Card, b: Card) -> bool:
    return b.id in a.related and a.id in b.related


def _summary(verdict) -> str:
    marks = {PointStatus.COVERED: "+", PointStatus.MISSED: ".", PointStatus.CONTRADICTED: "!"}
    points = "".join(marks[p.status] for p in verdict.points)
    return f"{verdict.rating.name} {verdict.score:.2f} [{points}]"


# --- lint -----------------------------------------------------------------------------------


def test_lint_of_decks_reports_no_errors_and_no_warnings():
    report = lint_paths([DECKS])
    assert [str(e) for e in report.errors] == []
    assert [str(w) for w in report.warnings] == []
    assert report.cards == len(_cards())


def test_quiz_lint_command_is_clean_on_the_bundled_decks():
    result = CliRunner().invoke(cli, ["lint", str(DECKS)])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output
    assert "warning:" not in result.output


# --- content and structure ------------------------------------------------------------------


def test_the_deck_has_at_least_forty_cards_in_one_aws_deck():
    assert len(_cards()) >= 40
    assert {deck.name for deck in _decks()} == {"AWS"}
    assert all("aws" in deck.tags for deck in _decks())


@pytest.mark.parametrize("card_id", sorted(SEED_QUESTIONS))
def test_each_seed_question_is_present(card_id):
    questions = {card.question: card for card in _cards().values()}
    assert SEED_QUESTIONS[card_id] in questions
    assert questions[SEED_QUESTIONS[card_id]].id == card_id


def test_anchor_card_is_the_basic_iam_question_with_its_four_step_lab():
    card = _cards()["iam-basics"]
    assert card.level == "basic"
    assert card.deck == "AWS"
    assert {"iam", "security"} <= set(card.tags)
    steps = [line for line in card.hands_on.splitlines() if line[:2] in {"1.", "2.", "3.", "4."}]
    assert len(steps) == 4
    for needle in ("get-caller-identity", "AccessDenied", "accessanalyzer", "cloudtrail"):
        assert needle in card.hands_on
    for needle in ("permission boundaries", "SCPs", "session policies", "explicit `Deny`"):
        assert needle in card.explanation


@pytest.mark.parametrize("card_id", sorted(_cards()))
def test_every_card_is_complete(card_id):
    card = _cards()[card_id]
    assert card.explicit_id
    assert card.level in LEVELS
    assert TOPIC_TAGS & set(card.tags), card.tags
    assert card.answer.strip() and card.explanation.strip() and card.hands_on.strip()
    assert card.related
    assert 3 <= len(card.key_points) <= 6
    assert all(kp.match is not None for kp in card.key_points)
    assert any(kp.core for kp in card.key_points)


def test_every_related_entry_is_the_id_of_a_card_in_the_deck():
    cards = _cards()
    unknown = [(card.id, r) for card in cards.values() for r in card.related if r not in cards]
    assert unknown == []


def test_related_links_go_both_ways():
    cards = _cards()
    one_way = [
        (card.id, r) for card in cards.values() for r in card.related if not _mutual(card, cards[r])
    ]
    assert one_way == []


def test_one_file_holds_the_glossary_with_the_aws_abbreviations():
    with_glossary = [deck.path for deck in _decks() if deck.glossary]
    assert len(with_glossary) == 1
    terms = {term.lower() for terms in _glossary() for term in terms}
    for abbreviation in (
        "sts", "scp", "idc", "sso", "irsa", "oidc", "nacl", "sg", "igw", "ngw", "tgw",
        "az", "vpc", "eni", "arn", "mfa", "ec2", "eks", "iam", "cidr",
    ):  # fmt: skip
        assert abbreviation in terms


# --- self-grading ---------------------------------------------------------------------------


@pytest.mark.parametrize("card_id", sorted(_cards()))
def test_model_answer_grades_good_or_easy_on_its_own_card(card_id):
    card = _cards()[card_id]
    verdict = _grade(card, card.answer)
    assert verdict.rating >= Rating.GOOD, _summary(verdict)
    assert not any(p.status is PointStatus.CONTRADICTED for p in verdict.points)


def test_no_model_answer_grades_good_on_a_card_it_is_not_related_to():
    cards = list(_cards().values())
    offenders = []
    for source in cards:
        for target in cards:
            if source is target or _mutual(source, target):
                continue
            verdict = _grade(target, source.answer)
            if verdict.rating >= Rating.GOOD:
                offenders.append(f"{source.id} -> {target.id}: {_summary(verdict)}")
    assert offenders == []


@pytest.mark.parametrize("card_id", sorted(_cards()))
def test_each_key_point_is_covered_by_its_own_text(card_id):
    card = _cards()[card_id]
    for index, point in enumerate(card.key_points):
        verdict = _grade(card, point.text)
        assert verdict.points[index].status is PointStatus.COVERED, point.text


@pytest.mark.parametrize("card_id", sorted(_cards()))
def test_repeating_the_question_earns_nothing(card_id):
    card = _cards()[card_id]
    verdict = _grade(card, card.question)
    assert verdict.rating is Rating.AGAIN, _summary(verdict)


def test_advice_to_avoid_something_is_not_doing_it():
    # "avoid" negates like "never": the textbook advice must not read as the misconception.
    verdict = _grade(_cards()["root-user"], "Avoid using the root user for daily work.")
    assert PointStatus.CONTRADICTED not in [p.status for p in verdict.points], _summary(verdict)
    assert verdict.points[2].status is PointStatus.COVERED


def test_a_short_sentence_keeps_its_credit_inside_a_longer_answer():
    # "collect" is the group's own "collection": subject and verb, not a list of entities.
    card = _cards()["iam-basics"]
    alone = _grade(card, "Groups collect users.")
    full = _grade(
        card,
        "Users are people with long-term credentials. Groups collect users. Roles are "
        "assumed for temporary credentials. Policies are JSON documents that grant permissions.",
    )
    assert alone.points[1].status is PointStatus.COVERED
    assert full.points[1].status is PointStatus.COVERED, _summary(full)
    assert full.rating is Rating.GOOD


# --- answers in other words -----------------------------------------------------------------

PARAPHRASES = {
    "iam-basics": (
        "user - long term identity w/ password + access keys. group - bag of users, attach "
        "perms once. role - assumed via sts:AssumeRole, temp creds. policy - JSON doc w/ "
        "allow/deny. prefer roles over static keys."
    ),
    "shared-responsibility": (
        "Security OF the cloud is on AWS: hardware, facilities, network, virtualization. "
        "Security IN the cloud is on the customer: data, access management, encryption, OS "
        "patches on EC2, firewall config. Moves toward AWS for managed services like Lambda."
    ),
    "regions-azs-edge": (
        "Regions are separate geographic areas, isolated from each other. AZs are one or more "
        "discrete data centres inside a region, with separate power and networking, connected "
        "by low latency links, so you deploy across several for fault tolerance. Edge "
        "locations are the CloudFront and Route 53 POPs near users."
    ),
    "vpc-core-components": (
        "It's a private, logically isolated network in a region, with your own IP range. "
        "Components: subnets (each in one AZ), route tables, an internet gateway for internet "
        "access, NAT gateways for private subnet egress, security groups and NACLs."
    ),
    "public-vs-private-subnet": (
        "Public = route table has 0.0.0.0/0 to an IGW, instances get public IPs. Private = no "
        "IGW route, not reachable from outside, outbound goes via a NAT gateway in a public "
        "subnet, or VPC endpoints for AWS services."
    ),
    "sg-vs-nacl": (
        "Security gorups are attached to instances and are statefull, so responses come back "
        "automaticaly, and you can only write allow rules. Network ACLs protect the whole "
        "subnet, they're stateless so you need both inbound and outbound rules, and they can "
        "deny traffic and are evaluated lowest rule number first."
    ),
    "stateful-vs-stateless": (
        "With a stateful firewall like a security group, if you let a request in, the reply is "
        "let out automatically because it tracks the connection. A NACL is stateless: it "
        "doesn't track anything, so every packet is evaluated separately and you need rules in "
        "each direction, including ephemeral ports for the replies."
    ),
    "igw-vs-nat-gateway": (
        "IGW: lets resources with public IPs talk to the internet in both directions, one per "
        "VPC, highly available, free. NAT GW: for private subnets, outbound only, lives in a "
        "public subnet with an EIP and goes out via the IGW, charged per hour and per GB."
    ),
    "nat-gateway-vs-nat-instance": (
        "NAT gateway: managed service, HA within the AZ, auto scales to 100 Gbps, no security "
        "groups, pay per hour + per GB. NAT instance: self-managed EC2, you handle patching "
        "and failover, throughput limited by instance type, need to disable source/dest "
        "check, can use security groups, cheaper."
    ),
}


@pytest.mark.parametrize("card_id", sorted(PARAPHRASES))
def test_a_seed_answer_in_other_words_grades_good_or_easy(card_id):
    verdict = _grade(_cards()[card_id], PARAPHRASES[card_id])
    assert verdict.rating >= Rating.GOOD, _summary(verdict)


MISCONCEPTIONS = [
    ("iam-basics", "Roles have long-term access keys, and groups organise users."),
    ("sg-vs-nacl", "NACLs are stateful and security groups are stateless."),
    ("sg-vs-nacl", "Security groups support deny rules, so you can block an IP with them."),
    ("igw-vs-nat-gateway", "A NAT gateway allows inbound connections from the internet."),
    ("regions-azs-edge", "Availability Zones are separate regions in the same country."),
    ("peering-vs-transit-gateway", "VPC peering is transitive, so A can reach C through B."),
    ("service-control-policies", "SCPs grant permissions to every user in the account."),
    ("public-vs-private-subnet", "A private subnet is reachable from the internet via its NAT."),
    ("vpc-flow-logs", "Flow logs capture the payload of every packet."),
    ("vpn-vs-direct-connect", "Direct Connect traffic is encrypted by default."),
]


@pytest.mark.parametrize(("card_id", "answer"), MISCONCEPTIONS)
def test_a_classic_misconception_is_flagged_and_never_good(card_id, answer):
    verdict = _grade(_cards()[card_id], answer)
    assert verdict.rating <= Rating.HARD, _summary(verdict)
    assert any(p.status is PointStatus.CONTRADICTED for p in verdict.points), _summary(verdict)


def test_a_misconception_phrase_naming_its_entity_is_said_of_that_entity():
    # The sentence opens with Transit Gateway, but "peering is the hub" names its own subject.
    verdict = _grade(
        _cards()["peering-vs-transit-gateway"],
        "Transit Gateway is a direct one-to-one link between two VPCs, while VPC peering is "
        "the hub that routes between many VPCs.",
    )
    assert verdict.points[0].status is PointStatus.CONTRADICTED, _summary(verdict)
    assert verdict.points[0].evidence == "peering is the hub"


WRONG_ANSWERS = [
    ("iam-basics", "IAM has users, groups, roles and policies."),
    ("iam-basics", "Groups are temporary identities you can assume, and roles organize users."),
    ("sg-vs-nacl", "Security groups and NACLs are both firewalls in AWS."),
    ("stateful-vs-stateless", "Security groups are stateless and NACLs are stateful."),
    ("igw-vs-nat-gateway", "They're the same thing, both connect the VPC to the internet."),
    ("nat-gateway-vs-nat-instance", "A NAT instance is managed by AWS and a NAT gateway is an "
     "EC2 instance you patch yourself."),
    ("shared-responsibility", "The customer is responsible for the physical security of the "
     "data centers and AWS patches the guest OS on your EC2 instances."),
]  # fmt: skip


@pytest.mark.parametrize(("card_id", "answer"), WRONG_ANSWERS)
def test_a_wrong_swapped_or_keyword_stuffed_answer_is_never_good(card_id, answer):
    verdict = _grade(_cards()[card_id], answer)
    assert verdict.rating <= Rating.HARD, _summary(verdict)
