"""The native deck parser: fixture decks in, cards (or path:line errors) out."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.deck import (
    _Parser,
    card_id,
    duplicate_ids,
    normalise_question,
    parse_file,
    parse_match,
    parse_text,
)
from engine.errors import DeckError, DeckErrors
from engine.model import Card, KeyPoint, MatchGroup, MatchRule

DECKS = Path(__file__).resolve().parent / "fixtures" / "decks"
BROKEN = DECKS / "broken"


def _parse(name: str):
    return parse_file(DECKS / name, display_path=f"decks/{name}")


def _errors(path: Path, shown: str) -> list[str]:
    with pytest.raises(DeckErrors) as caught:
        parse_file(path, display_path=shown)
    return [str(e) for e in caught.value.errors]


# --- a deck using every construct -----------------------------------------------------------

FULL_TAGS = ("aws", "cloud")


def _rule(source: str, *groups: MatchGroup) -> MatchRule:
    return MatchRule(groups, source=source)


def _g(*alternatives: str, anchor: bool = False, negatable: bool = False) -> MatchGroup:
    return MatchGroup(alternatives, anchor=anchor, negatable=negatable)


FULL_CARDS = [
    Card(
        id=card_id("AWS Core", "What does S3 stand for?"),
        deck="AWS Core",
        question="What does S3 stand for?",
        answer="Simple Storage Service.",
        key_points=(
            KeyPoint(
                "Simple Storage Service",
                _rule("simple storage service | S3", _g("simple storage service", "S3")),
                line=15,
            ),
        ),
        topic="",
        tags=FULL_TAGS,
        path="decks/full.md",
        line=9,
    ),
    Card(
        id="iam-basics",
        deck="AWS Core",
        question=(
            "Explain the difference between IAM users, groups, roles, and policies.\n\n"
            "Consider this policy:\n\n```json\n"
            '{"Effect": "Allow"}\n'
            "```"
        ),
        answer=(
            "IAM users are long-lived identities, groups organise users, roles are\n"
            "assumable identities with temporary credentials, and policies define\n"
            "permissions.\n\n"
            "#### A subheading stays in the answer\n\n"
            "- and so does a list"
        ),
        key_points=(
            KeyPoint(
                "Users are long-lived identities",
                _rule(
                    "@user ; long-lived | long-term | permanent | access key",
                    _g("user", anchor=True),
                    _g("long-lived", "long-term", "permanent", "access key"),
                ),
                line=43,
            ),
            KeyPoint(
                "Roles are assumable identities with temporary credentials (STS)",
                _rule(
                    "@role ; assume | temporary | short-lived | STS",
                    _g("role", anchor=True),
                    _g("assume", "temporary", "short-lived", "STS"),
                ),
                not_rules=(
                    _rule(
                        "@role ; permanent | long-lived",
                        _g("role", anchor=True),
                        _g("permanent", "long-lived"),
                    ),
                    _rule(
                        "~ role ; never expires", _g("role", negatable=True), _g("never expires")
                    ),
                ),
                core=True,
                line=45,
            ),
            KeyPoint(
                "Prefer roles and federation over static access keys",
                _rule(
                    "prefer | instead of | avoid ; ~access key | federation | role",
                    _g("prefer", "instead of", "avoid"),
                    _g("access key", "federation", "role", negatable=True),
                ),
                weight=0.5,
                line=49,
            ),
            KeyPoint(
                "Policies are JSON documents that grant or deny permissions",
                _rule(
                    "@policy ; allow | deny | grant ; permission | action",
                    _g("policy", anchor=True),
                    _g("allow", "deny", "grant"),
                    _g("permission", "action"),
                ),
                weight=2.0,
                core=True,
                line=51,
            ),
            KeyPoint(
                "Groups cannot be nested",
                _rule("group ; nest", _g("group"), _g("nest")),
                weight=1.5,
                core=True,
                line=55,
            ),
        ),
        explanation="Any Markdown: paragraphs, lists, code blocks.\n\n    indented code",
        hands_on="1. Create a role.\n2. Assume it with `aws sts assume-role`.",
        related=("iam-policy-evaluation", "How does IAM policy evaluation work?"),
        topic="IAM",
        level="basic",
        tags=(*FULL_TAGS, "iam", "security"),
        path="decks/full.md",
        line=22,
        explicit_id=True,
        extra=(("Pitfalls", "Kept in extra."),),
    ),
    Card(
        id="iam-policy-evaluation",
        deck="AWS Core",
        question="How does IAM policy evaluation work?",
        key_points=(
            KeyPoint(
                "An explicit deny always wins",
                _rule(
                    "explicit deny ; wins | overrides | always",
                    _g("explicit deny"),
                    _g("wins", "overrides", "always"),
                ),
                line=81,
            ),
            KeyPoint("Keep ${HOME} {braces} as text", line=83),
        ),
        hands_on="Write a policy.\n\nRun the simulator.",
        topic="IAM",
        level="advanced",
        tags=FULL_TAGS,
        path="decks/full.md",
        line=76,
        explicit_id=True,
    ),
    Card(
        id=card_id("AWS Core", "What is a security group?"),
        deck="AWS Core",
        question="What is a security group?",
        answer="A stateful firewall.",
        topic="Networking",
        tags=(*FULL_TAGS, "vpc"),
        path="decks/full.md",
        line=98,
    ),
]


@pytest.mark.parametrize("index", range(len(FULL_CARDS)))
def test_full_deck_cards(index):
    deck = _parse("full.md")
    assert len(deck.cards) == len(FULL_CARDS)
    assert deck.cards[index] == FULL_CARDS[index]


def test_full_deck_header_glossary_and_warnings():
    deck = _parse("full.md")
    assert deck.name == "AWS Core"
    assert deck.path == "decks/full.md"
    assert deck.tags == FULL_TAGS
    assert deck.glossary == (
        ("SG", "security group"),
        ("NACL", "network ACL", "network access control list"),
        ("STS", "Security Token Service"),
    )
    assert [str(w) for w in deck.warnings] == [
        "decks/full.md:71: unknown section '### Pitfalls' is kept but not used; "
        "known: Answer, Key points, Explanation, Hands-on, Related",
        "decks/full.md:83: key point has no 'match:' line, so only its own words are "
        "looked for; add '  match: RULE' under it",
        "decks/full.md:88: second Hands-on section ('### LAB') for this question; "
        "its text is added to the first",
        "decks/full.md:98: question has no key points; answers are graded against points "
        "taken from its answer, which is approximate: add a '### Key points' list",
    ]


def test_warnings_fixture():
    deck = _parse("warnings.md")
    assert [str(w) for w in deck.warnings] == [
        "decks/warnings.md:3: unknown front matter key 'title' is ignored; known: deck, tags",
        "decks/warnings.md:6: question has no key points; answers are graded against points "
        "taken from its answer, which is approximate: add a '### Key points' list",
        "decks/warnings.md:13: unknown metadata key 'owner' is ignored; known: id, level, tags",
        "decks/warnings.md:16: text in '### Key points' that is not a bullet is ignored; "
        "make it a '- ' bullet or move it to '### Explanation'",
        "decks/warnings.md:18: key point has no 'match:' line, so only its own words are "
        "looked for; add '  match: RULE' under it",
        "decks/warnings.md:21: only text, 'match:' and 'not:' lines count in a key point; "
        "this nested block is ignored",
        "decks/warnings.md:23: unknown section '### Gotchas' is kept but not used; "
        "known: Answer, Key points, Explanation, Hands-on, Related",
        "decks/warnings.md:29: second Answer section ('### answer') for this question; "
        "its text is added to the first",
        "decks/warnings.md:32: this question heading is text underlined by '---'; "
        "if the '---' was meant as a separator, leave a blank line above it",
        "decks/warnings.md:40: glossary entry 'lonely term' is ignored: it needs two or more "
        "terms separated by '=', e.g. 'STS = Security Token Service'",
    ]
    loose = deck.cards[1]
    assert loose.answer == "First answer.\n\nSecond answer."
    assert loose.extra == (("Gotchas", "Unknown section."),)
    assert [p.text for p in loose.key_points] == [
        "A point with no match line",
        "A point with a nested list",
    ]
    assert deck.glossary == ()


# --- errors ---------------------------------------------------------------------------------

RULE_HELP = "write e.g. {weight: 0.5}, {core} or {core, weight: 2}"

BROKEN_DECKS = {
    "attribute-unknown.md": [
        f"4: unknown attribute 'wieght' in {{core, wieght: 2}}; {RULE_HELP}",
    ],
    "empty-question.md": [
        "3: question heading has no text; write the question after '##'",
    ],
    "field-before-question.md": [
        "3: '### Answer' is not under a question; put a '## question' heading above it",
    ],
    "front-matter-unclosed.md": [
        "1: front matter has no closing '---' line; add one after its last line",
    ],
    "id-malformed.md": [
        "2: id 'iam basics' may only contain letters, digits, '.', '_', '-' and ':' "
        "(no spaces); e.g. 'iam-basics'",
    ],
    "id-twice.md": [
        "4: id 'same' is already used by the card on line 1; give each card its own id",
    ],
    "match-empty-alternative.md": [
        "5: rule 'alpha || beta' has an empty alternative; remove the extra '|'",
    ],
    "match-empty-group.md": [
        "5: rule 'alpha ; ; beta' has an empty group; remove the extra ';'",
    ],
    "match-empty.md": [
        "5: empty rule; write the words to look for after 'match:' or 'not:', "
        "e.g. 'match: role ; temporary'",
    ],
    "match-two-anchors.md": [
        "5: rule '@user ; @role' marks more than one group with '@'; keep it on the one "
        "group naming what the point is about",
    ],
    "question-twice.md": [
        "3: this question is the same as the one on line 1 in deck 'question-twice', so both "
        "would get the same id; reword one of them or give it an 'id:' line",
    ],
    "rule-outside-point.md": [
        "6: this rule line is not under a key point; indent it under its bullet with no "
        "blank line above it",
    ],
    "two-match-lines.md": [
        "10: key point has two 'match:' lines; merge them into one rule with ';' between groups",
    ],
    "weight-negative.md": [
        f"4: weight in {{core, weight: -1}} must be a number greater than 0; {RULE_HELP}",
    ],
    "weight-not-a-number.md": [
        f"4: weight 'abc' in {{weight: abc}} is not a number; {RULE_HELP}",
    ],
    "many.md": [
        "2: 'deck:' has no value; write the deck name, or remove the line to use the file name",
        "4: front matter line 'aws iam' is not 'key: value'; write lists on one line, "
        "e.g. 'tags: [aws, iam]'",
        "7: '### Answer' is not under a question; put a '## question' heading above it",
        "12: 'id:' appears twice for this question; keep one",
        "13: line in the metadata block under the question is not 'key: value'; leave a blank "
        "line between the metadata lines and the question text",
        "16: key point has no text; write the point on the bullet line and its 'match:' on "
        "the lines under it",
        f"18: weight in {{weight: 0}} must be a number greater than 0; {RULE_HELP}",
        "19: rule '@x ; y | ~z' has '~' inside a group; put it before the group's first "
        "alternative",
        "20: rule 'a | b ;' has an empty group; remove the extra ';'",
        "21: key point has no text; write the point on the bullet line and its 'match:' on "
        "the lines under it",
        "24: '### Answer' is under '## Glossary'; fields belong under a question, so put a "
        "'## question' heading above it",
        "26: question heading has no text; write the question after '##'",
    ],
}


def test_every_broken_fixture_has_expectations():
    assert sorted(p.name for p in BROKEN.glob("*.md")) == sorted(BROKEN_DECKS)


@pytest.mark.parametrize("name", sorted(BROKEN_DECKS))
def test_broken_deck_reports_every_error_at_its_line(name):
    shown = f"decks/broken/{name}"
    assert _errors(BROKEN / name, shown) == [f"{shown}:{e}" for e in BROKEN_DECKS[name]]


def test_deck_errors_message_lists_one_error_per_line():
    with pytest.raises(DeckErrors) as caught:
        parse_file(BROKEN / "many.md", display_path="many.md")
    assert str(caught.value).splitlines() == [str(e) for e in caught.value.errors]
    assert len(caught.value.errors) == len(BROKEN_DECKS["many.md"])


@pytest.mark.parametrize(
    ("char", "code"),
    [("\x1b", "001B"), ("\x07", "0007"), ("\x00", "0000"), ("\x9b", "009B"), ("\x7f", "007F")],
)
def test_control_characters_are_refused_with_their_line(tmp_path, char, code):
    path = tmp_path / "evil.md"
    path.write_text(f"## Q\n\n### Answer\nred {char}[31m text{char}[0m\n", encoding="utf-8")
    assert _errors(path, "evil.md") == [
        f"evil.md:4: control character U+{code} in deck text; remove it"
    ]


def test_control_characters_do_not_hide_other_errors_or_leak_into_messages():
    text = "## Q\n\n### \x1b]0;pwned\x07\n\n### Key points\n- p {weight: x\x1b}\n"
    with pytest.raises(DeckErrors) as caught:
        parse_text(text, "evil.md")
    lines = [(e.line, e.message.split(";")[0]) for e in caught.value.errors]
    assert lines == [
        (3, "control character U+001B in deck text"),
        (6, "control character U+001B in deck text"),
        (6, "weight 'x\ufffd' in {weight: x\ufffd} is not a number"),
    ]
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)


def test_exactly_the_control_characters_are_refused():
    refused = []
    for code in [*range(0x100), 0x2028, 0xFEFF, 0xD800, 0x1F600]:
        try:
            parse_text(f"## Q\n\n### Answer\na{chr(code)}b\n", "c.md")
        except DeckErrors:
            refused.append(code)
    assert refused == [*range(0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20), *range(0x7F, 0xA0)]


def test_tabs_are_not_control_characters():
    deck = parse_text("## Q\n\n### Answer\n\tindented with a tab\n", "t.md")
    assert deck.cards[0].answer == "\tindented with a tab"


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("## Q\n\n### Answer\nCaf\u00e9 cr\u00e8me\n".encode("latin-1"))
    assert _errors(path, "decks/latin1.md") == [
        "decks/latin1.md:4: not UTF-8 text (byte 0xe9 at column 4); save the file as UTF-8"
    ]


def test_missing_file_is_one_error_naming_it(tmp_path):
    path = tmp_path / "gone.md"
    (message,) = _errors(path, "decks/gone.md")
    assert message.startswith("decks/gone.md:1: cannot read this file (")
    assert message.endswith("); check that it exists and is readable")


def test_directory_is_not_a_deck(tmp_path):
    assert _errors(tmp_path, "decks") == ["decks:1: is a directory, not a deck file"]


def test_display_path_defaults_to_the_path(tmp_path):
    path = tmp_path / "iam.md"
    path.write_text("## Q\n", encoding="utf-8")
    deck = parse_file(path)
    assert deck.path == str(path)
    assert deck.cards[0].path == str(path)
    assert deck.name == "iam"  # no front matter: the file name without .md


# --- line endings, BOM, front matter offsets ------------------------------------------------


def test_crlf_and_bom_parse_like_plain_lf(tmp_path):
    text = (DECKS / "full.md").read_text(encoding="utf-8")
    path = tmp_path / "full.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert parse_file(path, display_path="decks/full.md") == _parse("full.md")


def test_bom_before_front_matter_still_opens_it():
    deck = parse_text("\ufeff---\ndeck: X\n---\n## Q\n", "a.md")
    assert deck.name == "X"
    assert deck.cards[0].line == 4


def test_front_matter_shifts_every_line_number():
    body = "# T\n\n## Q\nid: q\n\n### Key points\n- P {core}\n  match: p\n- {weight: x}\n"
    front = "---\ndeck: D\ntags: a, b\n---\n"
    with pytest.raises(DeckErrors) as bare:
        parse_text(body, "d.md")
    with pytest.raises(DeckErrors) as shifted:
        parse_text(front + body, "d.md")
    assert [e.line for e in bare.value.errors] == [9, 9]
    assert [e.line for e in shifted.value.errors] == [13, 13]
    ok = parse_text(front + "\n\n## Q\n\n### Key points\n- P\n  match: p\n", "d.md")
    assert ok.cards[0].line == 7
    assert ok.cards[0].key_points[0].line == 10
    assert ok.tags == ("a", "b")


def test_front_matter_tag_forms():
    def tags(value: str) -> tuple[str, ...]:
        return parse_text(f"---\ntags: {value}\n---\n## Q\n", "a.md").tags

    assert tags("[AWS, 'Cloud Native' , iam]") == ("aws", "cloud native", "iam")
    assert tags('"aws", iam, , AWS') == ("aws", "iam")
    assert tags("") == ()


def test_front_matter_in_yaml_block_style_as_notes_apps_write_it():
    text = (
        "---\ntitle: Data classes\ntags:\n  - kotlin\n  - 'Interview'\nanki_cards:\n"
        "- slug: data-class-0\n  language: en\ndeck: Kotlin\n---\n\n## What is a data class?\n\n"
        "A class that holds data.\n"
    )
    deck = parse_text(text, "note.md")
    assert (deck.name, deck.tags, deck.cards[0].tags) == (
        "Kotlin",
        ("kotlin", "interview"),
        ("kotlin", "interview"),
    )
    assert [w.line for w in deck.warnings if "front matter" in w.message] == [2, 6]


# --- identity -------------------------------------------------------------------------------


def test_card_id_contract():
    expected = hashlib.blake2b(b"aws\0what is iam", digest_size=8).hexdigest()
    assert card_id("AWS", "What is IAM?") == "q1:" + expected
    assert re.fullmatch(r"q1:[0-9a-f]{16}", card_id("", ""))


@pytest.mark.parametrize(
    "variant",
    [
        "What is IAM?",
        "what is iam",
        "  What   is\tIAM ?  ",
        "WHAT IS IAM?!",
        "What is IAM:",
        "What is IAM...",
        "What is \uff29\uff21\uff2d\uff1f",  # full-width letters and question mark (NFKC)
    ],
)
def test_card_id_ignores_case_spacing_and_trailing_punctuation(variant):
    assert card_id("AWS", variant) == card_id("aws ", "What is IAM?")


def test_card_id_differs_by_deck_and_question():
    ids = {
        card_id("AWS", "What is IAM?"),
        card_id("GCP", "What is IAM?"),
        card_id("AWS", "What is STS?"),
        card_id("AWS What is", "IAM?"),
    }
    assert len(ids) == 4


def test_derived_id_uses_the_heading_only():
    plain = parse_text("## What is IAM?\n\n### Answer\nOne.\n", "aws.md").cards[0]
    edited = parse_text(
        "---\ntags: x\n---\n## What is IAM?\nlevel: basic\n\nWith extra text.\n\n"
        "### Answer\nTwo.\n",
        "aws.md",
    ).cards[0]
    assert plain.id == edited.id == card_id("aws", "What is IAM?")
    assert edited.question == "What is IAM?\n\nWith extra text."
    assert not edited.explicit_id


@given(st.text(), st.text(alphabet=" \t\n?.!:", max_size=5))
@settings(max_examples=200)
def test_card_id_ignores_trailing_whitespace_and_punctuation(question, tail):
    assert card_id("d", question + tail) == card_id("d", question)


def test_normalise_question():
    assert normalise_question("  What  IS\nIAM ?! ") == "what is iam"
    assert normalise_question("Stra\u00dfe?") == "strasse"


def test_duplicate_ids_across_decks():
    a = parse_text("## Q\nid: shared\n\n## Other\n", "a.md")
    b = parse_text("---\ndeck: a\n---\n## Other\n\n## R\nid: shared\n", "b.md")
    assert [str(e) for e in duplicate_ids([a, b])] == [
        "b.md:4: this question is the same as the one on a.md:4 in deck 'a', so both would "
        "get the same id; reword one of them or give it an 'id:' line",
        "b.md:6: id 'shared' is already used by the card on a.md:1; give each card its own id",
    ]
    assert duplicate_ids([a]) == []


# --- match rules ----------------------------------------------------------------------------


def test_parse_match_groups_and_markers():
    rule = parse_match("  @Role ; assume  |  temporary   credentials ; ~ access key  ")
    assert rule == MatchRule(
        (
            MatchGroup(("Role",), anchor=True),
            MatchGroup(("assume", "temporary credentials")),
            MatchGroup(("access key",), negatable=True),
        ),
        source="@Role ; assume | temporary credentials ; ~ access key",
    )
    assert parse_match("@~x").groups == (MatchGroup(("x",), anchor=True, negatable=True),)
    assert parse_match("user@host | a~b").groups == (MatchGroup(("user@host", "a~b")),)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "",
            "empty rule; write the words to look for after 'match:' or 'not:', "
            "e.g. 'match: role ; temporary'",
        ),
        (";", "rule ';' has an empty group; remove the extra ';'"),
        ("a |", "rule 'a |' has an empty alternative; remove the extra '|'"),
        ("| a", "rule '| a' has an empty alternative; remove the extra '|'"),
        ("@ ; a", "rule '@ ; a' has '@' with no words; write the group's words after it"),
        ("@@a", "rule '@@a' has '@' twice on one group; write it once"),
        ("~a ; ~ ~b", "rule '~a ; ~ ~b' has '~' twice on one group; write it once"),
        (
            "@a ; b ; @c",
            "rule '@a ; b ; @c' marks more than one group with '@'; keep it on "
            "the one group naming what the point is about",
        ),
        (
            "a | @b",
            "rule 'a | @b' has '@' inside a group; put it before the group's first alternative",
        ),
    ],
)
def test_parse_match_errors(rule, message):
    with pytest.raises(DeckError) as caught:
        parse_match(rule, "x.md", 7)
    assert str(caught.value) == f"x.md:7: {message}"


# --- properties -----------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "IAM",
        "role",
        "user",
        "",
        " ",
        "?",
        "{core}",
        "{weight: 0.5}",
        "{weight: x}",
        "`id`",
        "a = b",
        "@",
        "~",
        ";",
        "|",
        "\\",
        "{",
        "}",
        "é",
        "\t",
        "```",
        "<div>",
        "---",
        ">",
    ]
)
_PHRASE = st.lists(_WORDS, max_size=6).map(" ".join)
_LINE = st.one_of(
    _PHRASE,
    _PHRASE.map(lambda p: "# " + p),
    _PHRASE.map(lambda p: "## " + p),
    _PHRASE.map(lambda p: "### " + p),
    st.sampled_from(["### Key points", "### Answer", "### Related", "## Glossary", "---"]),
    st.sampled_from(["id: ", "level: ", "tags: ", "deck: ", "x: "]).flatmap(
        lambda k: _PHRASE.map(lambda p: k + p)
    ),
    _PHRASE.map(lambda p: "- " + p),
    _PHRASE.map(lambda p: "1. " + p),
    _PHRASE.map(lambda p: "  match: " + p),
    _PHRASE.map(lambda p: "  not: " + p),
    _PHRASE.map(lambda p: "    " + p),
    st.text(max_size=20),
)
_MARKDOWNISH = st.lists(_LINE, max_size=30).map("\n".join)


def _deck_or_errors(text: str) -> None:
    try:
        deck = parse_text(text, "p.md")
    except DeckErrors as e:
        assert e.errors
        assert all(isinstance(err, DeckError) and err.line >= 1 for err in e.errors)
        assert all(not any(ch in str(err) for ch in "\x1b\x07\x00") for err in e.errors)
    else:
        assert all(card.line >= 1 and card.question for card in deck.cards)
        assert len({card.id for card in deck.cards}) == len(deck.cards)


@given(st.text())
@settings(max_examples=200)
def test_any_text_gives_a_deck_or_deck_errors(text):
    _deck_or_errors(text)


@given(_MARKDOWNISH, st.booleans())
@settings(max_examples=200)
def test_any_markdownish_text_gives_a_deck_or_deck_errors(text, front):
    _deck_or_errors(("---\ndeck: P\n---\n" if front else "") + text)


# --- the format reference stays true ---------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "deck-format.md"
_DOC_EXAMPLE = re.compile(r"^(`{3,})markdown\n(.*?)^\1$", re.MULTILINE | re.DOTALL)


def _doc_examples() -> list[str]:
    return [m[2] for m in _DOC_EXAMPLE.finditer(DOC.read_text(encoding="utf-8"))]


def test_doc_has_markdown_examples():
    assert len(_doc_examples()) >= 8


@pytest.mark.parametrize("index", range(len(_doc_examples())))
def test_doc_examples_parse(index):
    example = _doc_examples()[index]
    if example.startswith("###"):  # a field shown on its own belongs under some question
        example = "## Some question\n\n" + example
    parse_text(example, "docs/deck-format.md")


def test_doc_main_example():
    deck = parse_text(_doc_examples()[0], "docs/example.md")
    (card,) = deck.cards
    assert (card.id, card.deck, card.topic, card.level) == ("iam-basics", "AWS", "IAM", "basic")
    assert card.tags == ("aws", "cloud", "iam", "security")
    assert [(p.core, p.weight, len(p.not_rules)) for p in card.key_points] == [
        (False, 1.0, 0),
        (True, 1.0, 1),
        (False, 0.5, 0),
    ]
    assert card.related == ("iam-policy-evaluation",)
    assert len(deck.glossary) == 2
    assert deck.warnings == ()


def test_separator_after_a_section_is_not_content():
    deck = parse_text(
        "## Q\n\n### Key points\n- P\n  match: p\n\n---\n\n## R\n\n### Answer\nA.\n\n***\n",
        "s.md",
    )
    assert deck.warnings[0].line == 9  # R has no key points; the separator is not text
    assert len(deck.warnings) == 1
    assert deck.cards[1].answer == "A."


# --- the line scanner reads the structure exactly as markdown-it does ------------------------
#
# parse_text reads most sections with a line scanner and hands markdown-it only the sections
# the scanner cannot read with certainty; `_Parser(..., scan=False)` hands markdown-it every
# line, which is the reference the scanner must match.


def _outcome(text: str, *, scan: bool = True):
    try:
        return _Parser("s.md", scan=scan).parse(text)
    except DeckErrors as e:
        return [str(err) for err in e.errors]


def _cards(text: str) -> list[tuple[str, str, str, str, str]]:
    deck = parse_text(text, "s.md")
    assert deck == _outcome(text, scan=False)
    return [(c.question, c.topic, c.answer, c.explanation, c.hands_on) for c in deck.cards]


def test_headings_inside_a_fence_are_code():
    text = (
        "## Q\n\n### Answer\n```bash\n# list roles\n## not a question\n### Key points\n```\n\n"
        "### Key points\n- P\n  match: p\n"
    )
    (card,) = parse_text(text, "s.md").cards
    assert card.answer == "```bash\n# list roles\n## not a question\n### Key points\n```"
    assert [p.text for p in card.key_points] == ["P"]
    assert _outcome(text) == _outcome(text, scan=False)


def test_headings_inside_an_indented_code_block_are_code():
    text = "## Q\n\n### Explanation\nText.\n\n    ## not a question\n    # nor a topic\n\n## R\n"
    assert _cards(text) == [
        ("Q", "", "", "Text.\n\n    ## not a question\n    # nor a topic", ""),
        ("R", "", "", "", ""),
    ]


def test_a_fence_left_open_runs_to_the_end_of_the_file():
    text = "## Q\n\n### Answer\n~~~\n## R\n### Key points\n- x\n"
    assert _cards(text) == [("Q", "", "~~~\n## R\n### Key points\n- x", "", "")]


def test_a_fence_inside_a_list_item_keeps_its_comment_lines():
    text = (
        "## Q\n\n### Hands-on\n1. List the roles:\n   ```sh\n   # every role\n"
        "   aws iam list-roles\n   ```\n2. Done.\n\n## R\n"
    )
    hands_on = (
        "1. List the roles:\n   ```sh\n   # every role\n   aws iam list-roles\n   ```\n2. Done."
    )
    assert _cards(text) == [("Q", "", "", "", hands_on), ("R", "", "", "", "")]


def test_an_unindented_heading_ends_a_list_item_and_its_fence():
    text = "## Q\n\n### Hands-on\n1. Run:\n   ```sh\n# Roles\n\n## R\n"
    assert _cards(text) == [("Q", "", "", "", "1. Run:\n   ```sh"), ("R", "Roles", "", "", "")]


def test_an_html_block_takes_the_heading_right_after_it():
    text = "## Q\n\n### Answer\n<details>\n## Not a question\n\n## R\n"
    assert _cards(text) == [
        ("Q", "", "<details>\n## Not a question", "", ""),
        ("R", "", "", "", ""),
    ]


def test_a_list_nested_past_markdown_its_limit_takes_the_rest_of_the_file():
    # markdown-it stops reading blocks 20 levels deep and skips to the end of the file.
    text = "## Q\n\n### Answer\n" + "1. " * 10 + "deep\n\n## R\n\n### Answer\nr\n"
    assert [card[0] for card in _cards(text)] == ["Q"]


SCANNER_EDGE_CASES = [
    "## Q\n\nText\n---\n\n### Answer\nA\n",  # a setext heading under a question
    "## Q\n\n### Answer\nText\n===\n",  # a setext topic
    "## Q\n\n### Answer\nA\n\n---\n\n## R\n",  # a separator
    "## Q\n\n### Answer\n- item\n---\n",  # a break right after a list
    "## Q\n\n### Answer\n```\ncode\n```\n---\n",  # a break right after a fence
    "## Q\n\n### Answer\n---\n\n[ref]: /url\n",  # link definitions make no block
    "## Q\n[ref]: /url\nid: x\n",  # ... so metadata may follow one
    "## Q\n\u00a0\nid: x\n",  # a no-break space is not a blank line to markdown-it
    "## Q\n  id: x\n",  # indented metadata
    "## Q\nid: x\n---\n",  # metadata underlined: a heading
    "## Q\nid: x\nlevel basic\n",
    "## Q\n\n### Answer\n  ## indented heading\n",
    "## Q\n\n### Answer\n   ```\n## R\n   ```\n",  # a fence at the top level or in a list?
    "## Q\n\n### Answer\n   ```\n   code\n       ```\n## R\n",  # too indented to close it
    "## Q\n\n### Answer\n  ```\n  code\n \t```\n## R\n",
    "## Q\n\n### Answer\n```\n```sh\n## R\n```\n",  # a closing fence has no info string
    "## Q\n\n### Answer\n- a\n\n  ```\n  # comment\n  ```\n\n## R\n",
    "## Q\n\n### Answer\n- a\n\n  ```\n# comment\n  ```\n\n## R\n",
    "## Q\n\n### Answer\n- a\n\n      <div>\n  ```\nx\n---\n  ```\n",  # HTML inside an item
    "## Q\n\n### Answer\n<!--\n\n## R\n\n-->\n\n## S\n",  # an HTML comment spans blank lines
    "## Q\n\n### Answer\n> ```\n## R\n",
    "## Q\n\n### Answer\n> quote\n===\n",  # lazy text, not an underline
    "## Q\n\n### Answer\n```a`b\n## R\n",  # not a fence: backtick in the info string
    "## Q\n\n### Answer\n````\n```\n## R\n````\n## S\n",
    "## Q\n\n### Answer\n\t```\n## R\n",  # a tab makes it indented code
    "## Q\n\n### Answer\n" + "> " * 21 + "deep\n## R\n",
    "## Q ##\n## #\n##\n#\tT #\n### Answer:\n",  # closing hashes, empty headings
    "### Key points\n- p\n",  # a field before any question
    "## Q\n\n### Key points\n- a\n  match: x\n- b {core}\n  not: y\n\n1. c\n2) d\n\n---\n",
    "## Q\n\n### Key points\nintro\n- a\n",
    "## Q\n\n### Key points\n- a\n  - nested\n",
    "## Q\n\n### Key points\n- a\nlazy: text\n- [x]: y\n",
    "## Q\n\n### Key points\n- a\n\n  second paragraph\n",
    "## Q\n\n### Key points\n-     code\n- \u00a0b\n",
    "## Q\n\n### Related\n- `iam-role`\n- What is IAM?\n\n***\n",
    "## Glossary\n- A = B\n- lonely\n- C = D\n  = E\n",
    "---\ndeck: D\n---\n## Q\r\n\r\n### Answer\r\n```\r\n## R\r\n```\r\n",
]


@pytest.mark.parametrize("text", SCANNER_EDGE_CASES)
def test_scanner_reads_edge_cases_like_markdown_it(text):
    assert _outcome(text) == _outcome(text, scan=False)


_SCANNER_LINES = st.sampled_from(
    [
        *("# T", "## Q", "### Answer", "### Key points", "### Related", "### Hands-on"),
        *("## Glossary", "### Other", "#### Sub", "##", "## Q ##", "#x", " ## Q", "    ## Q"),
        *("```", "~~~", "````", "```sh", "```a`b", " ```", "   ```", "    ```", "\t```"),
        *("---", "***", "___", "- - -", "===", "--", "-", "  ---", "---  ", " ***"),
        *("- item", "* item", "1. item", "2) item", "- [x]: y", "- ", "-  - nested"),
        *("  - nested", "  match: a | b", "  not: c", "      deep", "\tmatch: tab", "- a = b"),
        *("<div>", "</div>", "<!-- c", "-->", "<pre>", "  <span>", "- <b>", "    <div>"),
        *("> quote", "> ```", ">" * 18, "1. " * 10 + "x", " " * 20 + "- x", "\t\t\t\t\t- x"),
        *("id: x", "level: basic", "tags: a, b", "owner: me", "  id: z", "\u00a0id: w"),
        *("text", "1 thing", "[ref]: /url", "\u00a0", "", "", "  ", "\t", "  ```sh", "  x"),
    ]
)
_SCANNER_TEXT = st.lists(
    st.one_of(_SCANNER_LINES, st.text(alphabet=" \t#-*_=`~<>1.)x:{}[]", max_size=6)),
    max_size=30,
).map("\n".join)


@given(_SCANNER_TEXT)
@settings(max_examples=300)
def test_scanner_reads_any_markdownish_text_like_markdown_it(text):
    assert _outcome(text) == _outcome(text, scan=False)


def test_web_layout_answer_under_the_heading_is_the_answer():
    """Q&A Markdown from the web: numbered headings, answers right under them, no fields."""
    deck = _parse("web.md")
    ec2, storage, policy = deck.cards
    assert ec2.question == "What is Amazon EC2?"
    assert ec2.answer.startswith("Amazon EC2 provides resizable virtual servers")
    assert "pay only for the time it runs" in ec2.answer
    assert storage.question == "What is the difference between S3 and EBS?"
    assert storage.answer.startswith("They are different kinds of storage.")
    assert "- EBS is block storage" in storage.answer
    # With an Answer section, text under the heading stays part of the question.
    assert policy.question.startswith("What does this policy allow?\n\n```json")
    assert policy.answer == "Reading any object in any bucket."
    assert ec2.id == card_id("web", "What is Amazon EC2?")
    assert [str(w) for w in deck.warnings][:1] == [
        "decks/web.md:5: question has no key points; answers are graded against points "
        "taken from its answer, which is approximate: add a '### Key points' list"
    ]


def test_web_answers_with_subheadings_keep_them():
    """Web Q&A whose answers go on under '###' headings: the whole body is the answer."""
    text = (
        "## 1. What is AWS and what are its key features?\n\n"
        "**AWS** is a cloud platform.\n\n"
        "### Key features\n\n1. **Scalability**: grow and shrink.\n2. Pay as you go.\n\n"
        "### Example\n\n```python\nimport boto3\n```\n\n"
        "## 2. What is EC2?\n\nVirtual servers.\n\n"
        "## 3. What is S3?\n\n### Answer\nObject storage.\n\n### Pitfalls\nPublic buckets.\n"
    )
    deck = parse_text(text, "web.md")
    aws, ec2, s3 = deck.cards
    assert aws.answer == (
        "**AWS** is a cloud platform.\n\n### Key features\n\n1. **Scalability**: grow and "
        "shrink.\n2. Pay as you go.\n\n### Example\n\n```python\nimport boto3\n```"
    )
    assert aws.extra == ()
    assert ec2.answer == "Virtual servers."
    # A card written for this engine keeps an unknown section apart, with a warning.
    assert s3.answer == "Object storage." and s3.extra == (("Pitfalls", "Public buckets."),)
    assert [w.line for w in deck.warnings if "unknown section" in w.message] == [25]


def test_web_answers_lose_source_links_and_a_link_for_an_answer_is_none():
    text = (
        "## What is Docker?\n\nA container platform; see [the docs](https://docs.docker.com).\n\n"
        "🔗 **Source:** [blog.example](https://blog.example/docker)\n\n"
        "## What is the default CPU limit of a container?\n\n"
        " See 👉 **[Answer](https://example.com/docker)**\n\n"
        "## What is a volume?\n\n[Read more here](https://example.com/volumes)\n"
    )
    docker, cpu, volume = parse_text(text, "web.md").cards
    assert docker.answer == "A container platform; see [the docs](https://docs.docker.com)."
    assert cpu.answer == "" and volume.answer == ""


def test_web_questions_lose_their_emoji_and_answers_their_show_answer_fold():
    text = (
        "".join(
            f"## {n}. ❓ What is {x}?\n\n<details>\n<summary>Show Answer</summary>\n\n"
            f"{x} is a thing.\n\n- with a list\n\n</details>\n\n---\n\n"
            for n, x in ((1, "Docker"), (2, "a volume"))
        )
        + "## 3. What is an image? ⭐⭐\n\nA template.\n\n## 40️⃣ What is a layer?\n\nA diff.\n"
    )
    deck = parse_text(text, "docker.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is Docker?", "Docker is a thing.\n\n- with a list"),
        ("What is a volume?", "a volume is a thing.\n\n- with a list"),
        ("What is an image?", "A template."),
        ("What is a layer?", "A diff."),
    ]


def test_a_web_page_asking_a_question_twice_keeps_the_first():
    text = "## Q1: What is Docker? ⭐\n\nA platform.\n\n## Q9: What is Docker? ⭐⭐\n\nAgain.\n"
    deck = parse_text(text, "docker.md")
    assert [(c.question, c.answer) for c in deck.cards] == [("What is Docker?", "A platform.")]
    assert [str(w) for w in deck.warnings if "same" in w.message] == [
        "docker.md:5: this question is the same as the one on line 1; kept only the first"
    ]


@pytest.mark.parametrize(
    ("heading", "question"),
    [
        ("1. What is IAM?", "What is IAM?"),
        ("12) What is IAM?", "What is IAM?"),
        ("Q: What is IAM?", "What is IAM?"),
        ("q7. What is IAM?", "What is IAM?"),
        ("Question 4: What is IAM?", "What is IAM?"),
        ("1.What is IAM?", "What is IAM?"),
        ("2 - What is IAM?", "What is IAM?"),
        ("1.x vs 2.x: what changed?", "1.x vs 2.x: what changed?"),
        ("Q14 -When is IAM used?", "When is IAM used?"),
        ("Q9 What is IAM?", "What is IAM?"),
        ("Q3 revenue of IAM?", "Q3 revenue of IAM?"),
        ("3 ways to secure an S3 bucket?", "3 ways to secure an S3 bucket?"),
        ("2026 changes to IAM?", "2026 changes to IAM?"),
        ("Quotas: how do service limits work?", "Quotas: how do service limits work?"),
    ],
)
def test_question_numbering_is_not_part_of_the_question(heading, question):
    deck = parse_text(f"## {heading}\n\nSome answer text here.\n", "web.md")
    assert deck.cards[0].question == question


@pytest.mark.parametrize(
    "body",
    [
        "**Answer:**\n\n**Docker image** is the template a container starts from.",
        "**Answer:** **Docker image** is the template a container starts from.",
        "**Answer**: **Docker image** is the template a container starts from.",
        "Answer:\n\n**Docker image** is the template a container starts from.",
        "A. **Docker image** is the template a container starts from.",
    ],
)
def test_an_answer_label_goes_and_the_answers_own_bold_stays(body):
    # As in web Q&A: the label's bold closed, the answer's first words bold too.
    deck = parse_text(f"## What is a Docker image?\n\n{body}\n", "web.md")
    assert deck.cards[0].answer == "**Docker image** is the template a container starts from."


@pytest.mark.parametrize("answer", ["Answer", "Model answer:"])
@pytest.mark.parametrize("points", ["Key points", "Keypoints", "Key-Points", "Key facts"])
def test_other_names_people_give_the_answer_and_key_points_fields(answer, points):
    text = f"## What is AOF?\n\n### {answer}\nAn append-only log.\n\n### {points}\n- Logs writes\n"
    deck = parse_text(text, "redis.md")
    card = deck.cards[0]
    assert card.answer == "An append-only log."
    assert [kp.text for kp in card.key_points] == ["Logs writes"]
    assert not any("section" in w.message for w in deck.warnings)
