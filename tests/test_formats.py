"""Layouts found on the web (Q:/A:, <details>, bold questions, CSV/TSV) import as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.checker import check
from engine.deck import card_id
from engine.errors import DeckErrors
from engine.formats import (
    blocks,
    bold,
    details,
    headings,
    labels,
    layout,
    nested,
    osr,
    paragraphs,
    parse_text,
    pipes,
    qa,
    quoted,
    table,
    titled,
)
from engine.model import Deck, Rating
from engine.store import Store
from quiz import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


def run(*args: object, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def parse(name: str) -> Deck:
    path = FIXTURES / name
    return parse_text(path.read_text(encoding="utf-8"), str(path))


def rows(deck: Deck) -> list[tuple]:
    return [(c.question, c.answer, c.topic, c.tags, c.line) for c in deck.cards]


def _pairs(text: str, name: str) -> list[tuple[str, str]]:
    return [(c.question, c.answer) for c in parse_text(text, name).cards]


def errors(text: str, path: str = "deck.md") -> list[str]:
    with pytest.raises(DeckErrors) as caught:
        parse_text(text, path)
    return [str(e) for e in caught.value.errors]


# --- Q: / A: ------------------------------------------------------------------------------


def test_qa_file_reads_questions_multi_line_answers_code_and_topics():
    deck = parse("devops-qa.md")
    assert deck.name == "devops-qa"
    assert rows(deck) == [
        (
            "What does `chmod 755` do?",
            "Gives the owner read, write and execute permission,\n"
            "and everyone else read and execute permission.",
            "Linux",
            (),
            10,
        ),
        (
            "How do you find which process listens on port 8080?",
            "Use `ss` or `lsof`:\n\n```bash\nss -ltnp | grep 8080\n"
            "# Q: not a question, just a comment\nlsof -i :8080\n```",
            "Linux",
            (),
            14,
        ),
        (
            "What is the difference between a hard link and a soft link?",
            "A hard link is another name for the same inode.\n"
            "A soft (symbolic) link is a file that stores a path.\n\n"
            "- Deleting the original breaks a soft link.\n"
            "- A hard link cannot cross file systems.",
            "Linux",
            (),
            23,
        ),
        (
            "What is a Docker image?",
            "A read-only template of layers from which containers are started.",
            "Docker",
            (),
            34,
        ),
        (
            "Why keep images small?",
            "Faster pulls, less disk, and a smaller attack surface.",
            "Docker",
            (),
            37,
        ),
    ]
    assert [c.id for c in deck.cards] == [card_id("devops-qa", c.question) for c in deck.cards]
    assert not any(c.key_points or c.explicit_id for c in deck.cards)
    assert "5 question(s) in the Q:/A: layout have no key points" in deck.warnings[0].message


def test_an_answer_before_any_question_is_named_by_line():
    assert errors("Intro.\n\nA: orphan\n\nQ: Real?\nA: Yes.\n") == [
        "deck.md:3: Found 'A:' with no 'Q:' before it; start the card with 'Q: …'"
    ]


def test_an_answer_label_under_a_paragraph_that_asks_takes_it_as_its_question():
    # A converted document: bold numbered questions over "**Answer:**", and later a quiz whose
    # "**Q1.**" questions wrap over two lines, answered without a label.
    text = (
        "**Java collections: interview Q&A**\n\n"
        "**1. What is the difference between ArrayList and LinkedList?**\n\n"
        "**Answer:**\n\n- ArrayList is backed by an array.\n- LinkedList links nodes.\n\n"
        "**Follow-up:** When is LinkedList better?\n\nFor many inserts at the head.\n\n"
        "**2. Explain fail-fast iterators.**\n\n"
        "**Answer:**\n\nThey throw when the collection changes during iteration.\n\n"
        "**Q1. Which collection keeps insertion order and allows a null\nkey?**\n\n"
        "A) TreeMap B) LinkedHashMap\n\nCorrect: B\n\n"
        "**Q2. What does EnumMap require?**\n\nEnum keys.\n"
    )
    assert _pairs(text, "collections.md") == [
        (
            "What is the difference between ArrayList and LinkedList?",
            "- ArrayList is backed by an array.\n- LinkedList links nodes.\n\n"
            "**Follow-up:** When is LinkedList better?\n\nFor many inserts at the head.",
        ),
        (
            "Explain fail-fast iterators.",
            "They throw when the collection changes during iteration.",
        ),
        (
            "Which collection keeps insertion order and allows a null key?",
            "A) TreeMap B) LinkedHashMap\n\nCorrect: B",
        ),
        ("What does EnumMap require?", "Enum keys."),
    ]


def test_an_exam_dump_with_dashed_answer_labels_under_questions_and_their_options():
    text = (
        "1. Which portal blade lists planned maintenance events?\n Resource Groups.\n"
        " Azure Advisor.\n Help + Support.\n\n\nAns - Help + Support.\n\n----\n"
        "2. Are resource group tags inherited by its resources?\n Yes.\n No.\n\n\n"
        "Answer: No\n\n**Question:** Which service deploys code?\n\n**Answer:** Azure DevOps.\n"
    )
    assert _pairs(text, "az900.md") == [
        (
            "Which portal blade lists planned maintenance events?\nResource Groups.\n"
            "Azure Advisor.\nHelp + Support.",
            "Help + Support.",
        ),
        ("Are resource group tags inherited by its resources?\nYes.\nNo.", "No"),
        ("Which service deploys code?", "Azure DevOps."),
    ]


def test_an_owasp_list_item_in_an_answer_is_no_answer_label():
    text = (
        "Question 1 – What is CSRF?\n\nAns: A forged request from the victim's browser.\n\n"
        "Question 2 – What is the OWASP Top 10?\n\nAns: A list of web risks:\n"
        "  * A1:2017-Injection\n  * A2:2017-Broken Authentication\n"
    )
    assert [q for q, _ in _pairs(text, "sec.md")] == ["What is CSRF?", "What is the OWASP Top 10?"]
    assert "A2:2017-Broken Authentication" in _pairs(text, "sec.md")[1][1]


def test_question_labels_opened_by_their_number():
    text = (
        "---\ntitle: OOP\n---\n\n**1. Question:** What is OOP?\n\n**Answer:** Code built "
        "around objects.\n\n**2. Question:** What are its pillars?\n\n**Answer:** Four.\n\n"
        "**3.Q: Can a class have two parents?**\n\nA: Not in Java.\n\n"
        "**4.Q: Do interfaces cost anything?**A: No, they are free.\n"
    )
    assert _pairs(text, "oop.md") == [
        ("What is OOP?", "Code built around objects."),
        ("What are its pillars?", "Four."),
        ("Can a class have two parents?", "Not in Java."),
        ("Do interfaces cost anything?", "No, they are free."),  # glued to its question
    ]


def test_question_and_answer_labels_closed_by_a_parenthesis():
    text = (
        "## Whiteboard interview\nThe interviewer drew a network.\n\n"
        "Q) what is needed before this PC gets a web page?\n\nA) an IP address, from DHCP.\n\n"
        "Q) what does private mean?\n\nA) not routable through the internet\n"
    )
    assert _pairs(text, "interview.md") == [
        ("what is needed before this PC gets a web page?", "an IP address, from DHCP."),
        ("what does private mean?", "not routable through the internet"),
    ]
    # In a quiz, "A)" and "B)" open options: they are no labels, even under "Q)" lines.
    quiz = (
        "Q) Which port does HTTPS use?\nA) 80\nB) 443\n\nQ) Which port does SSH use?\n"
        "A) 21\nB) 22\n"
    )
    assert layout(quiz, "quiz.md") != "qa"


def test_an_answer_label_under_a_paragraph_that_asks_nothing_is_still_an_error():
    text = "Q: One?\nA: Yes.\n\nSee the docs for more.\n\nA: Again.\n"
    assert errors(text) == [
        "deck.md:6: a second 'A:' for the question on line 1; join the two answers or add a "
        "'Q:' line above this one"
    ]


def test_question_and_answer_labels_written_as_headings():
    text = (
        "# AWS Scenario Questions\n\n# 1. Scaling a web application\n\n"
        "# Question: Traffic varies a lot during the day. How do you handle it?\n\n"
        "# Answer: An Auto Scaling group with scaling policies on CloudWatch metrics.\n\n"
        "# 2. Securing a database\n\n"
        "# Question: How do you keep the database off the internet?\n\n"
        "# Answer: Put it in a private subnet with no route to the internet gateway.\n"
    )
    deck = parse_text(text, "scenarios.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        (
            "Traffic varies a lot during the day. How do you handle it?",
            "An Auto Scaling group with scaling policies on CloudWatch metrics.",
            "Scaling a web application",
        ),
        (
            "How do you keep the database off the internet?",
            "Put it in a private subnet with no route to the internet gateway.",
            "Securing a database",
        ),
    ]


def test_flashcards_titled_by_headings_over_their_q_and_a_labels():
    card = (
        "## Card {n}: {title}\n**Q:** {q}\n\n**A:** {a}\n\n**Difficulty:** Medium\n"
        "**Tags:** #nextjs\n**Frequency:** \u2b50\u2b50\u2b50\n\n---\n\n"
    )
    text = "# Next.js Flashcards\n\n---\n\n" + "".join(
        card.format(n=n, title=title, q=q, a=a)
        for n, (title, q, a) in enumerate(
            (
                ("Server Components", "What are Server Components?", "Rendered on the server."),
                ("Routing", "How are routes defined?", "By folders under app/."),
            ),
            1,
        )
    )
    assert _pairs(text, "nextjs.md") == [
        ("What are Server Components?", "Rendered on the server."),
        ("How are routes defined?", "By folders under app/."),
    ]


def test_card_id_headings_over_labelled_fields_and_portuguese_labels():
    card = (
        "## SAA-25-001-C00{n}\n\n**Objetivo:** Criptografia\n\n**Pergunta:** {q}\n\n"
        "**Resposta:** {a}\n\n**Fonte:** [Security Pillar](https://docs.aws.amazon.com/)\n\n"
    )
    text = "# 25 · KMS\n\n" + "".join(
        card.format(n=n, q=q, a=a)
        for n, (q, a) in enumerate(
            (
                ("TLS protege dados em repouso ou em trânsito?", "Em trânsito."),
                ("O KMS gira chaves gerenciadas pela AWS?", "Sim, todo ano."),
            ),
            1,
        )
    )
    assert [(q, a.split("\n")[0]) for q, a in _pairs(text, "kms.md")] == [
        ("TLS protege dados em repouso ou em trânsito?", "Em trânsito."),
        ("O KMS gira chaves gerenciadas pela AWS?", "Sim, todo ano."),
    ]


def test_portuguese_number_headings_only_number_their_cards():
    text = "".join(
        f"## Questão {n}\n* **Pergunta:** {q}\n* **Resposta:** {a}\n\n***\n\n"
        for n, (q, a) in enumerate(
            (
                ("O que é um antivírus?", "Um programa que remove malware."),
                ("O que é uma vulnerabilidade?", "Uma falha que pode ser explorada."),
            ),
            1,
        )
    )
    assert [
        (q, a, t)
        for q, a, t in [(c.question, c.answer, c.topic) for c in parse_text(text, "s.md").cards]
    ] == [
        ("O que é um antivírus?", "Um programa que remove malware.", ""),
        ("O que é uma vulnerabilidade?", "Uma falha que pode ser explorada.", ""),
    ]


def test_a_second_answer_and_an_empty_question_are_errors():
    assert errors("Q: One?\nA: Yes.\nA: Again.\nQ:\nA: x\n") == [
        "deck.md:3: a second 'A:' for the question on line 1; join the two answers or add a "
        "'Q:' line above this one",
        "deck.md:4: 'Q:' with no question text; write the question after it",
    ]


def test_a_numbered_question_without_its_answer_label_and_bullet_questions_after_rules():
    text = (
        "Q1. Why is String immutable in Java?\nA1. For performance and thread safety.\n\n---\n\n"
        "Q2. What is method overloading?\n"
        "Methods of one class share a name but take different parameters.\n"
        "It is compile-time polymorphism.\n\n---\n\n"
        "- What is a final class?\n\nA class that cannot be subclassed.\n\n---\n\n"
        "- What happens if you put a key already in a HashMap?\n\n"
        "The new value replaces the old one:\n\n- keys are unique\n- is the old value lost?\n"
    )
    assert _pairs(text, "java.md") == [
        ("Why is String immutable in Java?", "For performance and thread safety."),
        (
            "What is method overloading?",
            "Methods of one class share a name but take different parameters.\n"
            "It is compile-time polymorphism.",
        ),
        ("What is a final class?", "A class that cannot be subclassed."),
        (
            "What happens if you put a key already in a HashMap?",
            "The new value replaces the old one:\n\n- keys are unique\n- is the old value lost?",
        ),
    ]


def test_an_answer_label_with_a_note_in_parentheses_is_no_part_of_the_answer():
    text = (
        "## Section: AWS IAM\n\n"
        "**Q56. Difference between IAM User vs IAM Role?**\n\n"
        "**Answer (Natural):**  \nA user is a long-term identity; a role gives temporary "
        "credentials.\n\n---\n\n"
        "**Q57. What is an Instance Profile?**\n\n"
        "**Answer (short):** A container that hands an IAM role to an EC2 instance.\n"
    )
    assert _pairs(text, "aws.md") == [
        (
            "Difference between IAM User vs IAM Role?",
            "A user is a long-term identity; a role gives temporary credentials.",
        ),
        ("What is an Instance Profile?", "A container that hands an IAM role to an EC2 instance."),
    ]


def test_a_bold_numbered_q_label_with_its_full_stop_inside_the_emphasis():
    text = (
        "## **Excel Interview Questions (Q1–Q20)**\n\n"
        "**Q1.** What are the main differences between Excel and Google Sheets?\n\n"
        "**Answer:**\n\n* **Excel:** VBA, large datasets.\n* **Sheets:** real-time collaboration.\n"
        '<p align="right"><b><i>Context:</b> Asked at <b>TCS (2021)</b>.</i></p>\n\n---\n\n'
        "**Q2.** How do you use VLOOKUP in Excel?\n\n**Answer:**\n"
        "`=VLOOKUP(value, range, column, FALSE)` finds a value in the first column.\n"
    )
    deck = parse_text(text, "excel.md")
    assert [c.question for c in deck.cards] == [
        "What are the main differences between Excel and Google Sheets?",
        "How do you use VLOOKUP in Excel?",
    ]
    assert deck.cards[0].answer.startswith("* **Excel:** VBA, large datasets.")


def test_the_same_question_twice_is_kept_once_with_a_warning():
    # A page nobody wrote for this tool must not stop a whole directory importing.
    deck = parse_text("Q: What is DNS?\nA: Names.\n\nQ: what is dns\nA: Again.\n", "deck.md")
    assert [(c.question, c.answer) for c in deck.cards] == [("What is DNS?", "Names.")]
    assert [str(w) for w in deck.warnings if "same" in w.message] == [
        "deck.md:4: this question is the same as the one on line 1; kept only the first"
    ]


def test_numbered_answer_labels_and_a_rule_between_question_and_answer():
    text = (
        "Q1. What is the JVM?\nA1. A virtual machine.\n\nQ2. What is a JIT?\nA2: A compiler.\n\n"
        "Q: What is a pod?\n---\nA: The smallest unit.\n"
    )
    assert _pairs(text, "java.md") == [
        ("What is the JVM?", "A virtual machine."),
        ("What is a JIT?", "A compiler."),
        ("What is a pod?", "The smallest unit."),
    ]


def test_a_native_deck_with_q_labels_in_headings_stays_native():
    text = "## Q: What is DNS?\n\nA: Name resolution.\n"
    assert layout(text, "d.md") == "native"
    assert parse_text(text, "d.md").cards[0].answer == "Name resolution."


def test_a_question_without_answer_is_kept_with_a_warning():
    deck = parse_text("Q: Only a question?\n\nQ: Two?\nA: Yes.\n", "d.txt")
    assert rows(deck) == [("Only a question?", "", "", (), 1), ("Two?", "Yes.", "", (), 3)]
    assert any(
        w.line == 1 and "no answer, so answers cannot be graded" in w.message for w in deck.warnings
    )


# --- <details> ----------------------------------------------------------------------------


def test_details_readme_reads_summaries_inner_markdown_and_heading_topics():
    deck = parse("k8s-details.md")
    assert rows(deck) == [
        (
            "What is a Pod?",
            "The smallest deployable unit in Kubernetes: one or more containers that share\n"
            "a network namespace and storage volumes.",
            "Basics",
            (),
            18,
        ),
        (
            "What is the difference between a Deployment and a StatefulSet?",
            "A Deployment manages interchangeable pods; a StatefulSet gives each pod a\n"
            "stable name and its own persistent volume.\n\n"
            "```yaml\napiVersion: apps/v1\nkind: StatefulSet\n```",
            "Basics",
            (),
            25,
        ),
        (
            "What does a Service of type ClusterIP do?",
            "It gives a set of pods one stable virtual IP inside the cluster.\n\n"
            "<details>\n<summary>Hint</summary>\nThink of kube-proxy.\n</details>",
            "Networking",
            (),
            39,
        ),
        ("What is an Ingress?", "An HTTP(S) router in front of Services.", "Networking", (), 50),
    ]


def test_a_show_answer_summary_takes_its_question_from_the_paragraph_above():
    text = (
        "1. What is containerization?\n\n"
        "![Easy](https://example.com/tags/simple%20(2).svg)\n\n"
        "<details> <summary> <b> Show Answer </b> </summary>\n<blockquote>\n\n"
        "Packaging an application with its libraries so it runs the same anywhere.\n\n"
        "</blockquote>\n</details>\n\n---\n\n"
        "2. What is Docker?\n\n"
        "<details><summary>Click to see the answer</summary>\n<blockquote>\n\n"
        "- A containerization platform\n\n"
        "</Blockquote>\n</details>\n\n"
        "### What is a Docker image?\n\n"
        "<details><summary>Answer</summary>\nA read-only template for containers.\n</details>\n"
    )
    assert _pairs(text, "docker.md") == [
        (
            "What is containerization?",
            "Packaging an application with its libraries so it runs the same anywhere.",
        ),
        ("What is Docker?", "- A containerization platform"),
        ("What is a Docker image?", "A read-only template for containers."),
    ]


def test_details_revealing_hints_under_scenario_titles_and_numbered_quiz_headings():
    scenarios = "".join(
        f"---\n\n## {n}) {title}\n**Question:**  \n{ask}\n\n<details>\n"
        f"  <summary>Hints / Key Points</summary>\n\n  - {hint}\n</details>\n\n"
        for n, title, ask, hint in (
            (1, "Pipeline Security", "How do you add security steps to CI?", "SAST and scans."),
            (2, "Hardcoded Secrets", "You found passwords in scripts. What now?", "A vault."),
            (3, "Secure Images", "How do you make containers secure?", "Minimal bases."),
        )
    )
    text = "# Security\n\n## Table of Contents\n1. Pipeline Security\n\n" + scenarios
    assert _pairs(text, "sec.md")[0] == (
        "Pipeline Security\n**Question:** How do you add security steps to CI?",
        "- SAST and scans.",
    )
    quiz = "".join(
        f"### Question {n}\n{ask}\n\nA) {a}  \nB) {b}\n\n<details>\n<summary>Answer</summary>\n\n"
        f"**{key}**\n</details>\n\n"
        for n, ask, a, b, key in (
            (1, "What does a CDN do?", "Backups", "Serves content near users", "B) Serves"),
            (2, "What is a good hit ratio?", "80%+", "10%", "A) 80%+"),
        )
    )
    assert [q for q, _ in _pairs(quiz, "cdn.md")] == [
        "What does a CDN do?\nA) Backups\nB) Serves content near users",
        "What is a good hit ratio?\nA) 80%+\nB) 10%",
    ]
    # "<b>Answer</>", its closing tag mistyped, still only reveals.
    broken = "".join(
        f"##### {q}\n  <details><summary><b>Answer</></summary>\n\n  {a}\n  </details>\n\n"
        for q, a in (("Call Vs Bind Vs Apply", "They set this."), ("What is a closure?", "Scope."))
    )
    assert _pairs(broken, "js.md") == [
        ("Call Vs Bind Vs Apply", "They set this."),
        ("What is a closure?", "Scope."),
    ]


def test_a_multiple_choice_question_above_a_show_answer_block_keeps_its_options():
    text = "## Questions\n\n" + "".join(
        f"### {n}. {stem}\n\n- A. {a}\n- B. {b}\n\n<details>\n<summary>Show Answer</summary>\n"
        f"**Answer:** {key}\n</details>\n\n"
        for n, (stem, a, b, key) in enumerate(
            (
                ("Which service gives a dedicated line to AWS?", "AWS VPN", "Direct Connect", "B"),
                ("Which storage is ephemeral?", "Instance store", "Amazon EBS", "A"),
            ),
            1,
        )
    )
    assert _pairs(text, "exam.md") == [
        ("Which service gives a dedicated line to AWS?\nA. AWS VPN\nB. Direct Connect", "B"),
        ("Which storage is ephemeral?\nA. Instance store\nB. Amazon EBS", "A"),
    ]


def test_a_quiz_question_keeps_its_code_and_a_mistyped_last_closing_tag_is_forgiven():
    block = (
        "### {n}. What does this print?\n\n```python\nprint({expr})\n```\n\n"
        "Select all the right answers:\n\n- A: 2\n- B: 4\n\n"
        "<details><summary><b>Answer</b></summary>\n<p>\n\n"
        "#### Answer: {right}\n\n</p>\n{close}\n\n"
    )
    text = "# Python quiz\n\n" + "".join(
        block.format(n=n, expr=expr, right=right, close=close)
        for n, expr, right, close in (
            (1, "1 + 1", "A", "</details>"),
            (2, "2 * 2", "B", "</detai>"),
        )
    )
    deck = parse_text(text, "quiz.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What does this print?\n```python\nprint(1 + 1)\n```\nA: 2\nB: 4", "#### Answer: A"),
        ("What does this print?\n```python\nprint(2 * 2)\n```\nA: 2\nB: 4", "#### Answer: B"),
    ]
    assert [w.message for w in deck.warnings if "never closed" in w.message] == [
        "'<details>' is never closed; its answer is read to the end of the file"
    ]
    assert not any("not read as cards" in w.message for w in deck.warnings)


def test_details_that_fold_sections_of_bold_questions_are_topics_not_questions():
    text = (
        "<details>\n<summary>Basics of Git</summary>\n\n"
        "**What is origin?**\n- The remote you cloned from.\n\n"
        "**What does git fetch do?**\n- Downloads commits without merging.\n</details>\n\n"
        "<details><summary>Intermediate</summary>\n"
        "**When should a team squash commits?**\n- When the history is chatty.\n\n"
        "**When is rebase wrong?**\n- On a shared branch.\n</details>\n"
    )
    deck = parse_text(text, "git.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        ("What is origin?", "- The remote you cloned from.", "Basics of Git"),
        ("What does git fetch do?", "- Downloads commits without merging.", "Basics of Git"),
        ("When should a team squash commits?", "- When the history is chatty.", "Intermediate"),
        ("When is rebase wrong?", "- On a shared branch.", "Intermediate"),
    ]


def test_unclosed_details_and_missing_summary_are_named():
    assert errors("<details>\nno summary\n</details>\n\n<details><summary>Q?</summary>\nA\n") == [
        "deck.md:1: '<details>' block with no '<summary>' question; put the question in "
        "'<summary>…</summary>'",
        "deck.md:5: '<details>' is never closed; add '</details>' after its answer",
    ]


def test_a_details_block_inside_a_native_answer_keeps_the_file_native():
    text = "## What is X?\n\n<details><summary>Hint</summary>Think.</details>\n\n## Y?\n\nY.\n"
    assert layout(text, "d.md") == "native"


def test_a_native_deck_with_hint_details_in_answers_stays_native():
    text = (
        "## What is X?\n\n### Answer\nX.\n\n<details><summary>Hint 1</summary>A.</details>\n"
        "<details><summary>Hint 2?</summary>B.</details>\n\n**Why X?**\n\n**Why not Y?**\n"
    )
    assert layout(text, "d.md") == "native"
    assert len(parse_text(text, "d.md").cards) == 1


# --- bold questions -----------------------------------------------------------------------


def test_bold_questions_read_numbered_and_indented_answers_under_topics():
    deck = parse("python-bold.md")
    assert rows(deck) == [
        (
            "What is the difference between a list and a tuple?",
            "A list is mutable; a tuple is immutable and can be used as a dictionary key.",
            "Basics",
            (),
            12,
        ),
        (
            "What are `*args` and `**kwargs`?",
            "They collect extra positional arguments into a tuple and extra keyword\n"
            "arguments into a dict:\n\n```python\ndef f(*args, **kwargs):\n"
            "    return args, kwargs\n```",
            "Basics",
            (),
            16,
        ),
        (
            "What is the GIL?",
            "The Global Interpreter Lock lets only one thread run Python bytecode at a time.\n\n"
            "- CPU-bound threads do not run in parallel.\n- I/O releases the lock.",
            "Advanced",
            (),
            28,
        ),
        (
            "What does `yield` do?",
            "It turns a function into a generator that produces values lazily.",
            "Advanced",
            (),
            37,
        ),
    ]


def test_bold_text_that_is_not_a_question_is_answer_text():
    text = "**Note:**\n\n**What is X?**\n\n**Important** detail.\n"
    assert rows(parse_text(text, "d.md")) == [("What is X?", "**Important** detail.", "", (), 3)]


def test_numbered_questions_with_answers_indented_under_them():
    deck = parse("git-numbered.md")  # "1. What is Git?" then "   - ..." bullets; "3." twice
    assert layout((FIXTURES / "git-numbered.md").read_text(), "git-numbered.md") == "bold"
    assert len(deck.cards) == 14
    first, fourth, last = deck.cards[0], deck.cards[3], deck.cards[-1]
    assert (first.question, first.topic) == ("What is Git?", "")  # "## Questions" names none
    assert first.answer.startswith("- A distributed version control system")
    assert fourth.question == "What is the staging area (index)?"
    assert "  - `git diff --staged` shows what will be committed." in fourth.answer
    assert last.question == "What is the difference between `git reflog` and `git log`?"
    assert "Pro Git" not in last.answer  # the "## Resources" section after the list


# --- question headings --------------------------------------------------------------------


def test_question_headings_under_section_headings_with_answer_labels():
    deck = parse("sql-headings.md")  # "## Fundamentals", then "### What is ...?" + "Answer:"
    assert len(deck.cards) == 16
    first, normal, last = deck.cards[0], deck.cards[3], deck.cards[-1]
    assert first.question == "What is the difference between a primary key and a unique key?"
    assert first.topic == "Fundamentals"
    assert first.answer.startswith("A primary key uniquely identifies each row")
    assert normal.question == "What is normalization?"
    assert normal.answer.startswith("Organizing tables")  # the "Answer:" label is gone
    assert last.question == "How do you find out why a query is slow?"
    assert last.topic == "Performance & transactions"
    # The code block stays; the footer's "<br>" and "[↑ top](...)" link do not.
    assert last.answer.endswith("EXPLAIN ANALYZE SELECT * FROM orders WHERE customer_id = 42;\n```")


def test_question_headings_keep_the_bold_that_opens_an_answer_after_its_label():
    text = "## Docker\n\n" + "".join(
        f"### What is {n}?\n\nAnswer: **{n}** is a thing.\n\n" for n in ("X", "Y", "Z")
    )
    assert [c.answer for c in parse_text(text, "d.md").cards] == [
        "**X** is a thing.",
        "**Y** is a thing.",
        "**Z** is a thing.",
    ]


def test_a_file_that_asks_nothing_is_told_why_for_its_own_shape():
    # Without '##' headings, advice about '##' headings would not fit the file.
    listed = parse_text("<h2>AWS</h2>\n\nA list.\n\n1. A VPC\n2. S3\n", "list.md")
    assert [w.message for w in listed.warnings] == [
        "no questions found: no heading, bold line, numbered item, 'Q:' line, table row or "
        "<details> block asks a question with its answer under it (see 'Other layouts' in "
        "docs/deck-format.md)"
    ]
    # Questions with no answers under them are told as such, '##' headings or not.
    bare = parse_text("# K8s\n\n## Intro\n\nWhat is a Pod?\n\nWhat is a Node?\n", "q.md")
    assert bare.warnings[0].message.startswith(
        "no questions found: 2 line(s) end in '?' but no answer follows any of them"
    )
    readme = parse_text("# Tool\n\n## Install\n\nRun it.\n\n## Usage\n\nUse it.\n", "README.md")
    assert "most '##' headings ask nothing" in readme.warnings[0].message


def test_triple_emphasis_round_a_question_and_tab_indented_answers_go():
    text = "## SQL\n\n" + "".join(
        f"#### Q. ***What is {n}?***\n\n\t\t{n} is a\n\t\t  thing.\n\n" for n in ("X", "Y", "Z")
    )
    assert _pairs(text, "sql.md") == [
        (f"What is {n}?", f"{n} is a\n  thing.") for n in ("X", "Y", "Z")
    ]


def test_an_issue_template_asks_nothing():
    text = (
        "---\nname: Feature request\n---\n\n**Describe the use case**\n* What you need\n\n"
        "**Describe the solution you'd like**\nA description.\n\n"
        "**Describe alternatives you've considered**\nOthers.\n\n**Additional context**\nMore.\n"
    )
    assert layout(text, "feature_request.md") == "prose"


def test_question_labels_bold_before_the_colon_with_html_breaks_and_details_after():
    text = "# DBMS\n\n" + "".join(
        f"**Question** : What is {x}? <br/>\n**Answer**: {x} is a thing. <br/>\n"
        f"**Company**: Acme  <br/>\n**Topic**: `DBMS` <br/>\n\n<hr/>\n\n"
        for x in ("a view", "a join")
    )
    assert _pairs(text, "dbms.md") == [
        ("What is a view?", "a view is a thing."),
        ("What is a join?", "a join is a thing."),
    ]


def test_numbered_questions_with_section_numbers():
    text = (
        "**1. Basics**\n\n1.1. What is the JVM?\nA virtual machine running bytecode.\n\n"
        "1.2. How does the JVM differ from the JRE?\nThe JRE bundles it with the libraries.\n"
    )
    assert _pairs(text, "jvm.md") == [
        ("What is the JVM?", "A virtual machine running bytecode."),
        ("How does the JVM differ from the JRE?", "The JRE bundles it with the libraries."),
    ]


def test_question_and_answer_label_headings_many_per_file():
    text = (
        "### Question 1\nWhat is a Service? (intro)\n\n### Answer\nA stable endpoint for pods.\n\n"
        "### Question 2\n what types of Service are there\n\n### Answer\n- ClusterIP\n- NodePort\n"
    )
    deck = parse_text(text, "k8s.md")
    assert layout(text, "k8s.md") == "labels"
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a Service? (intro)", "A stable endpoint for pods."),
        ("what types of Service are there", "- ClusterIP\n- NodePort"),
    ]


def test_front_and_back_headings_are_a_flashcards_sides():
    text = (
        "<!-- title:Docker -->\n\n<!-- Card Start -->\n### Front\nWhat is a Docker image?\n\n"
        "### Back\nA read-only template containers are created from.\n\n<!-- Card End -->\n"
        "<!-- Card Start -->\n### Front\nWhat does EXPOSE do?\n\n### Back\nIt documents a "
        "port.\n\n#### Note\nIt publishes nothing.\n<!-- Card End -->\n"
    )
    assert _pairs(text, "docker.md") == [
        ("What is a Docker image?", "A read-only template containers are created from."),
        ("What does EXPOSE do?", "It documents a port.\n\n#### Note\nIt publishes nothing."),
    ]


def test_one_question_per_file_under_label_headings():
    # As notes repositories write them: front matter, a note between the question and its
    # answer, an answer in another language first, and sections after the answer.
    text = (
        "---\ntags:\n  - git\n---\n## Question  \nWhat is the difference between `rebase` and "
        "`merge`?\n\n### 📝 Why it is asked\nHistory matters.\n\n## Ответ (RU)\nПо-русски.\n\n"
        "## ✅ Answer (EN)\n- merge adds a merge commit\n\n### 📘 Detailed explanation\n"
        "Rebase rewrites history.\n\n## Follow-ups\n- When not to rebase?\n"
    )
    (card,) = parse_text(text, "08-merge-vs-rebase.md").cards
    assert card.question == "What is the difference between `rebase` and `merge`?"
    assert card.answer == (
        "- merge adds a merge commit\n\n### 📘 Detailed explanation\nRebase rewrites history."
    )


def test_numbered_questions_with_their_answers_below_them_unindented():
    text = (
        "## Python\n\n"
        "1. What is the GIL? Does it slow threads down?\n\n"
        "What: a lock that lets one thread run bytecode at a time.\n\n"
        "How: CPU-bound threads do not run in parallel.\n\n"
        "2. What are decorators?\n\n"
        "Functions that wrap functions:\n\n"
        "    @cache\n    def f(): ...\n\n"
        "3. What does `is` compare?\n"
        "Identity, not equality.\n"
    )
    deck = parse_text(text, "py.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        (
            "What is the GIL? Does it slow threads down?",
            "What: a lock that lets one thread run bytecode at a time.\n\n"
            "How: CPU-bound threads do not run in parallel.",
        ),
        ("What are decorators?", "Functions that wrap functions:\n\n    @cache\n    def f(): ..."),
        ("What does `is` compare?", "Identity, not equality."),
    ]
    assert {c.topic for c in deck.cards} == {"Python"}


def test_a_numbered_question_left_unanswered_is_its_own_card_not_part_of_the_answer_above():
    text = (
        "# Python interview questions\n\n"
        "1. What is a list comprehension?\n"
        "A compact way to build a list from an iterable.\n\n"
        "2. What is a generator?\n\n"
        "3. What is the GIL?\n"
        "A lock that lets one thread run bytecode at a time.\n"
    )
    deck = parse_text(text, "py.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a list comprehension?", "A compact way to build a list from an iterable."),
        ("What is a generator?", ""),
        ("What is the GIL?", "A lock that lets one thread run bytecode at a time."),
    ]
    assert [w.line for w in deck.warnings if "no answer" in w.message] == [6]
    # A number skipped, and a question that goes on after its "?" with a list under it.
    text = (
        "1. Where are fast hashes used?\n\t- Message integrity checks\n"
        "3. What types of encryption are there? Name one algorithm of each.\n"
        "\t- Symmetric: AES\n\t- Asymmetric: RSA\n"
    )
    assert _pairs(text, "sec.md") == [
        ("Where are fast hashes used?", "- Message integrity checks"),
        (
            "What types of encryption are there? Name one algorithm of each.",
            "- Symmetric: AES\n- Asymmetric: RSA",
        ),
    ]


def test_a_question_whose_number_lost_its_dot_starts_a_card_of_its_own():
    text = (
        "# DevOps interview questions\n\n"
        "12. What is a container?\n"
        "An application packed with its dependencies.\n\n"
        "13 What is Kubernetes?\n"
        "An orchestrator that schedules containers across machines.\n\n"
        "14) What is a pod?\n"
        "The smallest deployable unit: containers sharing a network namespace.\n"
    )
    assert _pairs(text, "devops.md") == [
        ("What is a container?", "An application packed with its dependencies."),
        ("What is Kubernetes?", "An orchestrator that schedules containers across machines."),
        ("What is a pod?", "The smallest deployable unit: containers sharing a network namespace."),
    ]
    # Only the very next number counts without its dot: "3 replicas ..." inside an answer, or
    # a number further on, is answer text.
    text = (
        "1. How many replicas should a production deployment run?\n"
        "At least two, spread over zones. Why?\n"
        "3 Replicas survive one zone going down?\n"
    )
    assert _pairs(text, "k8s.md") == [
        (
            "How many replicas should a production deployment run?",
            "At least two, spread over zones. Why?\n3 Replicas survive one zone going down?",
        )
    ]


def test_a_rhetorical_bold_lead_in_is_part_of_the_answer_not_a_new_card():
    text = (
        "# Serverless questions\n\n"
        "**Is serverless always cheaper?**\n\n"
        "**The truth?** Not always: it is cheaper for spiky, low-volume workloads.\n\n"
        "**Why?** You pay per request.\n\n"
        "**What is a cold start?**\n\n"
        "The delay when a function runs on a new execution environment.\n\n"
        "**The fix?**\nProvisioned concurrency keeps environments warm.\n"
    )
    assert _pairs(text, "serverless.md") == [
        (
            "Is serverless always cheaper?",
            "**The truth?** Not always: it is cheaper for spiky, low-volume workloads.\n\n"
            "**Why?** You pay per request.",
        ),
        (
            "What is a cold start?",
            "The delay when a function runs on a new execution environment.\n\n"
            "**The fix?**\nProvisioned concurrency keeps environments warm.",
        ),
    ]


def test_numbered_questions_answered_by_a_list_or_asking_without_a_question_mark():
    text = (
        "1. What are the basic commands?\n- `ls`: lists files\n- `cd`: changes directory\n"
        "2. Explain the difference between apt and yum.\n\napt is Debian's, yum Red Hat's.\n"
        "3. Explain the following policy:\n\n```json\n{}\n```\n"
    )
    deck = parse_text(text, "linux.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What are the basic commands?", "- `ls`: lists files\n- `cd`: changes directory"),
        (
            "Explain the difference between apt and yum.",
            "apt is Debian's, yum Red Hat's.\n3. Explain the following policy:\n\n```json\n{}\n```",
        ),
    ]


def test_keycap_emoji_numbered_questions_with_answer_label_lines():
    # Chat-style notes: "1️⃣ What is DevOps?  " then "Answer:  " then the answer.
    text = (
        "# DevOps Q&A\n\n✅ General\n\n"
        "1\ufe0f\u20e3 What is DevOps?  \nAnswer:  \nDev and ops work together.\n\n"
        "9\ufe0f\u20e3 Docker vs Virtual Machine  \nAnswer:  \nContainers share the kernel.\n\n"
        "\U0001f51f What is Kubernetes?  \nAnswer:  \nA container orchestrator.\n\n"
        "11\ufe0f\u20e3 Terraform workflow  \nAnswer:  \ninit, plan, apply.\n"
    )
    deck = parse_text(text, "devops.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is DevOps?", "Dev and ops work together."),
        ("Docker vs Virtual Machine", "Containers share the kernel."),
        ("What is Kubernetes?", "A container orchestrator."),
        ("Terraform workflow", "init, plan, apply."),
    ]
    ascii_numbers = (
        "1. What is DevOps?\nAnswer:\nDev and ops work together.\n\n2. Why?\nA:\nSpeed.\n"
    )
    assert _pairs(ascii_numbers, "devops.md") == [
        ("What is DevOps?", "Dev and ops work together."),
        ("Why?", "Speed."),
    ]


def test_a_code_block_never_closed_is_named():
    text = "1. What does chmod do?\n\n```bash\nchmod 755 f\n2. What is a PID?\nAn id.\n"
    deck = parse_text(text, "linux.md")
    assert [str(w) for w in deck.warnings if "never closed" in w.message] == [
        "linux.md:3: this code block is never closed, so everything after it is code; close it "
        "with a line of the same backticks or tildes"
    ]


def test_a_list_of_questions_without_answers_gives_no_answers():
    # A numbered question followed by another item, a heading or an HTML heading: no answer.
    text = (
        "<h2>Networking</h2>\n\n1. What is a VPC?\n2. What is a subnet?\n\n"
        "<h3>Storage</h3>\n\n1. What is S3?\n2. What is EBS?\n\n## Compute\n\n"
        "1. What is EC2?\n\n---\n"
    )
    assert all(not c.answer for c in parse_text(text, "aws.md").cards)


def test_bold_questions_numbered_q3_before_an_imperative():
    text = (
        "**Q1- What is variance?**\n\nSpread.\n\n**Q3- Explain how a ROC curve works.**\n\nTPR vs "
        "FPR.\n\n**Q5- Define precision and recall.**\n\nOf the predicted and the actual.\n\n"
        "**7. Walk through the OWASP API Top 10.**\n\n| # | Risk |\n|---|---|\n| 1 | BOLA |\n"
    )
    assert [c.question for c in parse_text(text, "ml.md").cards] == [
        "What is variance?",
        "Explain how a ROC curve works.",
        "Define precision and recall.",
        "Walk through the OWASP API Top 10.",
    ]


@pytest.mark.parametrize("number", ["1 - ", "1- ", "1 -  ", "1) ", "1. ", ""])
def test_bold_questions_numbered_with_a_dash_or_asking_without_a_question_mark(number):
    text = (
        f"# Terraform\n\n{number}**What is Terraform?**\n\nA tool for infrastructure as code.\n\n"
        "---\n\n2- **Define IaC**\nManaging infrastructure through code.\n\n"
        "3 - **What is state?**\n\nWhat Terraform knows about real resources.\n"
    )
    deck = parse_text(text, "tf.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is Terraform?", "A tool for infrastructure as code."),
        ("Define IaC", "Managing infrastructure through code."),
        ("What is state?", "What Terraform knows about real resources."),
    ]


def test_level_one_question_headings_with_a_title_and_subheadings_in_answers():
    text = (
        "# Docker Interview Questions\n---\n# 1. What is Docker?\n- A container platform.\n\n"
        "### Benefits\n\nPortability.\n\n---\n # 2. How do containers differ from VMs?\n\n"
        "They share the host kernel.\n\n```bash\n# a comment, not a heading\ndocker ps\n```\n\n"
        "# 3.what is a Dockerfile ?\nThe build recipe.\n"
    )
    deck = parse_text(text, "docker.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        (
            "What is Docker?",
            "- A container platform.\n\n### Benefits\n\nPortability.",
            "Docker Interview Questions",
        ),
        (
            "How do containers differ from VMs?",
            "They share the host kernel.\n\n```bash\n# a comment, not a heading\ndocker ps\n```",
            "Docker Interview Questions",
        ),
        ("what is a Dockerfile ?", "The build recipe.", "Docker Interview Questions"),
    ]


def test_a_numbered_question_heading_one_level_too_high_is_still_a_question():
    text = "## Tricky\n\n" + "".join(
        f"{'###' if n == 2 else '####'} {n}. What does snippet {n} print?\n\nIt prints {n}.\n\n"
        for n in (1, 2, 3, 4)
    )
    assert [(c.question, c.answer, c.topic) for c in parse_text(text, "go.md").cards] == [
        (f"What does snippet {n} print?", f"It prints {n}.", "Tricky") for n in (1, 2, 3, 4)
    ]


def test_question_headings_two_levels_below_their_sections():
    deck = parse("postgres-h4.md")  # "#### Question" under "## Section"
    questions = [c.question for c in deck.cards]
    assert len(questions) == 15
    # Every heading of the question level is a question, asked or imperative.
    assert "Explain the different types of JOIN" in questions
    assert "When would an index NOT be used?" in questions
    card = deck.cards[questions.index("When would an index NOT be used?")]
    assert card.topic == "Indexes & Performance"
    assert card.answer.splitlines()[-1] == "- Statistics are stale – run `ANALYZE`."


def test_question_headings_with_answer_label_headings():
    deck = parse("postgres-qa-headings.md")  # "#### Q: ...?" then "#### A:" or "**A:**"
    assert len(deck.cards) == 13
    card = next(c for c in deck.cards if "JSONB" in c.question)
    assert card.question == "What is the difference between `JSON` and `JSONB`?"
    assert card.answer.startswith("`json` stores an exact copy of the input text")
    assert not any(c.answer.startswith(("A:", "**A:**")) for c in deck.cards)


def test_question_headings_answered_in_a_blockquote_with_a_preamble_and_footer():
    deck = parse("k8s-blockquote.md")  # "## Question?", "> answer", "### Table of Contents" above
    assert len(deck.cards) == 14
    pod, last = deck.cards[1], deck.cards[-1]
    assert pod.question == "What is a Pod?"
    assert pod.answer.startswith("A Pod is the smallest deployable unit")  # unquoted
    assert pod.answer.splitlines()[1].startswith("Containers in a Pod")
    assert last.answer.endswith("lists revisions.")  # the footer after "back to top" is gone
    assert any("Table of Contents" in w.message for w in deck.warnings)


def test_q_and_a_labels_under_section_headings_and_with_full_stops():
    notes = parse("python-qa-sections.md")  # "**Q:** ...", "**A:** ...", "## Core" sections
    assert len(notes.cards) == 14
    assert notes.cards[0].question == "What is the difference between a list and a tuple?"
    assert notes.cards[0].topic == "Core"
    assert "```python" in notes.cards[2].answer
    dots = parse("k8s-q-dot.md")  # "Q. What is ...?" / "A. ..."
    assert len(dots.cards) == 15
    components = dots.cards[2]
    assert components.question == "What are the main components of the control plane?"
    assert components.answer.startswith("- kube-apiserver")


def test_italic_answer_labels_in_nested_bullets_and_under_questions():
    nested = (
        "# Kubernetes prep\n\n## 1. Architecture\n\n- **Pods:** smallest unit.\n\n"
        "## 2. Interview Questions & Answers\n"
        "- **Q:** How does Kubernetes achieve self-healing?\n"
        "  - *A:* Controllers restart failed pods.\n"
        "- **Q:** What is a StatefulSet?\n"
        "  - _A:_ Pods with stable identities and storage.\n"
        "- **Q:** What is a Service?\n"
        "  - *Answer:* A stable DNS name for **healthy** pods.\n"
        "- **Q:** What is RBAC?\n"
        "  - *A:* Roles bound to users.\n\n"
        "## 3. Commands\n\n- **Get pods:** `kubectl get pods`\n"
    )
    deck = parse_text(nested, "k8s.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        (
            "How does Kubernetes achieve self-healing?",
            "Controllers restart failed pods.",
            "Interview Questions & Answers",
        ),
        (
            "What is a StatefulSet?",
            "Pods with stable identities and storage.",
            "Interview Questions & Answers",
        ),
        (
            "What is a Service?",
            "A stable DNS name for **healthy** pods.",
            "Interview Questions & Answers",
        ),
        ("What is RBAC?", "Roles bound to users.", "Interview Questions & Answers"),
    ]
    headed = (
        "## What is a Pod?\n\n*Answer:* The smallest deployable unit.\n\n"
        "## What is a Node?\n\n_A:_\nA worker machine.\n"
    )
    assert _pairs(headed, "k8s.md") == [
        ("What is a Pod?", "The smallest deployable unit."),
        ("What is a Node?", "A worker machine."),
    ]


def test_blockquoted_questions_answered_under_an_answer_label():
    text = (
        "title: Front End Interview Questions\ndate: 2016-08-14 11:39:13\ntags:\n---\n\n"
        "Intro paragraph.\n\n# Web Core\n\n## JavaScript: basics\n\n### Types\n\n"
        "> What is `NaN`? What is its type?\n\n"
        '**Answer:** "not a number"; its type is "number".\n\n'
        "**Explanation:** It results from an operation that could not be performed.\n\n"
        "> What are the differences between `==` and `===`? To what type are\n"
        "different types converted?\n\n"
        "**Answer:** `==` converts to number first.\n\n"
        "> Note: `===` never converts.\n\n"
        "### Hoisting\n\n> Example. What is the result?\n\n```js\nsay('World');\n```\n\n"
        "**Answer:** 'undefined, World!'\n"
    )
    deck = parse_text(text, "front-end.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        (
            "What is `NaN`? What is its type?",
            '"not a number"; its type is "number".\n\n'
            "**Explanation:** It results from an operation that could not be performed.",
            "Types",
        ),
        (
            "What are the differences between `==` and `===`? To what type are different "
            "types converted?",
            "`==` converts to number first.\n\n> Note: `===` never converts.",
            "Types",
        ),
        (
            "Example. What is the result?\n\n```js\nsay('World');\n```",
            "'undefined, World!'",
            "Hoisting",
        ),
    ]


def test_titled_question_sections_with_question_and_sample_answer_blocks():
    text = (
        "# System Building Interview Questions\n\n## Overview\n\nSample answers for each.\n\n"
        "---\n\n## 1. Web Crawler\n\n### Question 1.1: Design a Multi-Threaded Web Crawler\n\n"
        "**Question:**\n"
        '> "Design a multi-threaded web crawler. How would you handle URL deduplication?"\n\n'
        "**Keywords:** BFS, locks\n\n**Sample Answer:**\n```\nA thread-safe queue for BFS.\n"
        "A locked visited set.\n```\n\n**Follow-up Questions:**\n- How would you distribute it?\n\n"
        "### Question 1.2: Handling Failures\n\n**Question:**\n"
        "> How would you handle timeouts\n> in your crawler?\n\n"
        "**Answer:** Retry with exponential backoff.\n\n"
        "## 2. Rate Limiter\n\n### Question 2.1: Implement a Rate Limiter\n\n"
        "**Question:** Implement a rate limiter allowing N requests per window.\n\n"
        "**Sample Answer:**\nToken bucket per user.\n"
    )
    deck = parse_text(text, "design.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        (
            "Design a multi-threaded web crawler. How would you handle URL deduplication?",
            "```\nA thread-safe queue for BFS.\nA locked visited set.\n```",
            "Web Crawler",
        ),
        (
            "How would you handle timeouts in your crawler?",
            "Retry with exponential backoff.",
            "Web Crawler",
        ),
        (
            "Implement a rate limiter allowing N requests per window.",
            "Token bucket per user.",
            "Rate Limiter",
        ),
    ]


def test_question_headings_mixed_with_bold_q_lines_each_make_a_card():
    text = (
        "# AWS Interview Preparation Guide\n\n## Core Concepts Questions\n\n"
        "### Q1: Explain the Shared Responsibility Model\n**Answer:**\n"
        "AWS secures the cloud; you secure what you put in it.\n\n---\n\n"
        "### What is IAM?\n**Answer:**\nIdentity and Access Management.\n\n"
        "## Service-Specific Questions\n\n### EC2 (Elastic Compute Cloud)\n\n"
        "**Q: What EC2 purchasing options are available?**\n\n"
        "On-Demand, Reserved, Spot, Savings Plans.\n\n"
        "**Q: Explain Security Groups vs NACLs**\n\n| Feature | SG | NACL |\n|---|---|---|\n"
        "| State | Stateful | Stateless |\n\n"
        "**Q: How to encrypt existing unencrypted RDS?**\n\n**Answer:**\n"
        "Copy a snapshot with encryption on and restore it.\n"
    )
    deck = parse_text(text, "aws.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        (
            "Explain the Shared Responsibility Model",
            "AWS secures the cloud; you secure what you put in it.",
            "Core Concepts Questions",
        ),
        ("What is IAM?", "Identity and Access Management.", "Core Concepts Questions"),
        (
            "What EC2 purchasing options are available?",
            "On-Demand, Reserved, Spot, Savings Plans.",
            "EC2 (Elastic Compute Cloud)",
        ),
        (
            "Explain Security Groups vs NACLs",
            "| Feature | SG | NACL |\n|---|---|---|\n| State | Stateful | Stateless |",
            "EC2 (Elastic Compute Cloud)",
        ),
        (
            "How to encrypt existing unencrypted RDS?",
            "Copy a snapshot with encryption on and restore it.",
            "EC2 (Elastic Compute Cloud)",
        ),
    ]


def test_labels_quotes_anchors_emphasis_and_dash_separators_are_not_card_text():
    details_text = (
        "## Getting started\n\n<details>\n<summary>1. What is version control?</summary>\n\n"
        ">**Answer:**\n> A system that records changes to files over time\n"
        "> so that you can recall specific versions later.\n</details>\n\n"
        "<details>\n<summary>2. What is Git?</summary>\n\n> **Answer:** A distributed VCS.\n"
        "</details>\n"
    )
    assert _pairs(details_text, "git.md") == [
        (
            "What is version control?",
            "A system that records changes to files over time\n"
            "so that you can recall specific versions later.",
        ),
        ("What is Git?", "A distributed VCS."),
    ]
    native = (
        "# Docker Interview Questions\n\n## Q. ***What is Docker Hub?***\n\n"
        "The public registry of images.\n\n## 1. What is JavaScript?\n"
        '<a name="javascript-overview"></a>\nA language for interactive pages.\n\n'
        "## 2. What is a container?\n\nA running instance of an image.\n\n⸻\n"
    )
    assert _pairs(native, "web.md") == [
        ("What is Docker Hub?", "The public registry of images."),
        ("What is JavaScript?", "A language for interactive pages."),
        ("What is a container?", "A running instance of an image."),
    ]
    q_lines = (
        "🔹 docker\n\nQ1. what is an image?\n- \tanswer: a blueprint.\n\n⸻\n\n"
        "Q2. what are layers?\n- \tanswer: cached build steps.\n\n———\n"
    )
    assert _pairs(q_lines, "dk.md") == [
        ("what is an image?", "a blueprint."),
        ("what are layers?", "cached build steps."),
    ]


def test_tables_of_contents_and_readme_sections_are_neither_cards_nor_topics():
    readme = (
        "# Welcome to the JavaScript Interview Questions & Answers repository!\n\n"
        "## What's Inside\n- Detailed Q&A.\n\n## How to Use\n- Browse the questions.\n\n"
        "## Contributing\nOpen a pull request.\n\n## License\nMIT.\n\n"
        "# Table of Contents\n\n| No. | Questions |\n|---|---|\n"
        "| 1 | [What is JavaScript?](#js) |\n\n"
        "## 1. What is JavaScript?\nA language for interactive pages.\n\n"
        "## 2. Where can I use JavaScript?\nIn browsers and servers.\n\n"
        "## 3. Understanding references.\nObjects are shared by reference.\n"
    )
    deck = parse_text(readme, "js.md")
    assert [(c.question, c.topic) for c in deck.cards] == [
        ("What is JavaScript?", ""),
        ("Where can I use JavaScript?", ""),
        ("Understanding references.", ""),
    ]
    learning_zone = (
        "# Docker Interview Questions\n\n## 📋 Table of Contents\n\n"
        "* *[Docker Session](docker-practice.md)*\n\n## Q. ***What is Docker Hub?***\n\n"
        "The public registry.\n\n## Q. ***What is a Dockerfile?***\n\nThe build recipe.\n"
    )
    deck = parse_text(learning_zone, "docker.md")
    assert [(c.question, c.topic) for c in deck.cards] == [
        ("What is Docker Hub?", "Docker Interview Questions"),
        ("What is a Dockerfile?", "Docker Interview Questions"),
    ]
    assert not any("no key points, so answers cannot" in w.message for w in deck.warnings)


def test_placeholders_in_a_summary_are_kept_as_text():
    text = (
        "### Branches\n\n<details>\n"
        "<summary>What happens when you run <code>git branch <BRANCH></code>?</summary><br><b>\n\n"
        "Git writes the SHA-1 of the current commit into a new ref.\n</b></details>\n\n"
        "<details>\n<summary>How do you run <b>git rm --cached <file></b>?</summary><br><b>\n\n"
        "It stops tracking the file and keeps it on disk.\n</b></details>\n"
    )
    assert [c.question for c in parse_text(text, "git.md").cards] == [
        "What happens when you run git branch <BRANCH>?",
        "How do you run git rm --cached <file>?",
    ]


def test_markdown_tables_with_question_and_answer_columns():
    deck = parse("docker-table.md")  # "| # | Question | Answer |" tables under "## Basics"
    assert layout((FIXTURES / "docker-table.md").read_text(), "docker-table.md") == "pipes"
    assert len(deck.cards) == 15
    vm = deck.cards[1]
    assert vm.question == "What is the difference between a container and a virtual machine?"
    assert vm.topic == "Basics"
    # "<br>" in a cell is a line break; the "#" column and "back to top" lines are no cards.
    assert vm.answer.splitlines() == [
        "A VM virtualizes hardware and runs a full guest OS on a hypervisor.",
        "A container shares the host kernel and only isolates processes, so it starts in "
        "milliseconds and uses far less memory.",
    ]
    assert deck.cards[-1].question == "What is Docker Compose?"


def test_a_table_whose_answer_column_is_named_otherwise_still_gives_cards():
    text = (
        "## Basic level\n\n"
        "| # | Question | Simple Explanation |\n"
        "| --- | --- | --- |\n"
        "| 1 | What is a Pod? | The smallest deployable unit: one or more containers. |\n"
        "| 2 | What is a Node? | A machine where Kubernetes runs pods. |\n"
        "| | |\n"
    )
    assert layout(text, "k8s.md") == "pipes"
    deck = parse_text(text, "k8s.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        ("What is a Pod?", "The smallest deployable unit: one or more containers.", "Basic level"),
        ("What is a Node?", "A machine where Kubernetes runs pods.", "Basic level"),
    ]
    # A table of questions and their difficulty is no deck.
    assert layout("| Question | Level |\n|---|---|\n| What is a Pod? | easy |\n", "t.md") != (
        "pipes"
    )


def test_a_glossary_table_is_a_deck_of_terms_only_in_a_file_that_asks_nothing_else():
    glossary = (
        "# Terms and definitions\n\n| Definition | Terms |\n| --- | --- | \n"
        "| Independent review of records to assess system controls. NIST SP 1800-15B  | Audit |  \n"
        "| Devices that filter incoming traffic based on a set of rules. | Firewalls |  \n"
    )
    assert layout(glossary, "cc.md") == "pipes"
    assert _pairs(glossary, "cc.md") == [
        ("Audit", "Independent review of records to assess system controls. NIST SP 1800-15B"),
        ("Firewalls", "Devices that filter incoming traffic based on a set of rules."),
    ]
    # A Q&A page keeps its glossary beside its questions: the questions are the cards.
    page = (
        "## What is a firewall?\nIt filters traffic by rules.\n\n"
        "## What is an audit?\nAn independent review of records.\n\n"
        "## Glossary\n\n| Term | Definition |\n|---|---|\n| ACL | Access control list |\n"
    )
    assert [q for q, _ in _pairs(page, "sec.md")] == ["What is a firewall?", "What is an audit?"]


def test_a_table_whose_question_column_is_named_otherwise_still_gives_cards():
    two = (
        "## IAM Flashcards\n\n| Concept | Answer |\n|---|---|\n"
        "| What is IAM? | AWS Identity and Access Management |\n"
        "| Default user permissions? | None; they must be granted |\n"
    )
    assert _pairs(two, "flash.md") == [
        ("What is IAM?", "AWS Identity and Access Management"),
        ("Default user permissions?", "None; they must be granted"),
    ]
    five = (
        "| ID | Domain | Front (English question) | Back (answer notes) | Mnemonic |\n"
        "| :--- | :--- | :--- | :--- | :--- |\n"
        "| FC01 | Concepts | What does the CIA triad stand for? | Confidentiality, "
        "integrity, availability. | *C-I-A* |\n"
    )
    assert _pairs(five, "secplus.md") == [
        ("What does the CIA triad stand for?", "Confidentiality, integrity, availability.")
    ]
    # A comparison table of three columns names no question column.
    assert layout("| Feature | Answer | Other |\n|---|---|---|\n| a | b | c |\n", "t.md") != (
        "pipes"
    )


def test_a_pipe_in_code_or_escaped_stays_in_its_cell():
    text = (
        "| Question | Answer |\n|---|---|\n"
        "| What does `a \\| b` do? | Pipes `ls | wc` output; a \\| is literal. |\n"
    )
    card = parse_text(text, "t.md").cards[0]
    assert card.question == "What does `a | b` do?"
    assert card.answer == "Pipes `ls | wc` output; a | is literal."


def test_html_bold_questions_under_anchors_with_html_back_to_top_links():
    deck = parse("pg-html-bold.md")  # '<a name="q1"></a>' then "<b>Q1. ...?</b><br>"
    assert len(deck.cards) == 12
    first, last = deck.cards[0], deck.cards[-1]
    assert first.question == "What is MVCC in PostgreSQL?"
    assert first.topic == ""  # "## Table of Contents" is navigation, not a topic
    assert first.answer.endswith("writers never block readers.")  # '<a href="#top">' gone
    assert "Licensed under MIT" not in last.answer


def test_mixed_question_headings_and_bold_questions_with_answers_on_the_same_line():
    deck = parse("nginx-mixed.md")  # "### 5. ...?" headings, then "**10. ...?** answer"
    questions = [c.question for c in deck.cards]
    assert len(questions) == 15
    assert questions[0] == "What is Nginx?"
    try_files = deck.cards[questions.index("What does `try_files` do?")]
    assert try_files.answer.startswith("It checks the listed files/URIs in order")


def test_questions_written_in_a_second_layout_are_named_not_dropped_silently(tmp_path):
    # Bold questions above, a bold "Q1:" / "A:" cheat sheet below: one layout reads the file,
    # and the other's questions are named by line so the learner can rewrite or split them.
    path = FIXTURES / "jenkins-cheatsheet.md"
    deck = parse("jenkins-cheatsheet.md")
    assert [c.question for c in deck.cards] == [
        "Jenkins controller vs agent?",
        "What is a multibranch pipeline?",
    ]
    assert [str(w) for w in deck.warnings if "not read as" in w.message] == [
        f"{path}:5: 3 question lines were not read as cards (lines 5, 8, 11): the rest of the "
        "file asks its questions another way; write them the same way, or move them to a file "
        "of their own"
    ]
    result = run("--db", tmp_path / "quiz.db", "import", path)
    assert result.exit_code == 0
    assert "jenkins-cheatsheet.md:5: 3 question lines were not read as cards" in result.output
    with Store(tmp_path / "quiz.db") as store:
        assert store.count_cards() == 2


def test_question_headings_over_their_answers_in_a_file_of_q_and_a_lines():
    text = (
        "# Jenkins\n\n## Basics\n\n### 1. ❓ What is a Jenkins job?\n- A task Jenkins runs.\n\n"
        "### 2. ❓ What are agents?\n**Answer:** Machines that run jobs.\n\n"
        "## How to use this guide\nRead it twice.\n\n# Cheat sheet\n\n"
        "**Q1: What is a pipeline?**  \nA: Stages written as code.\n\n"
        "**Q2: What is a multibranch pipeline?**  \nA: One pipeline per branch.\n\n"
        "**Q3: Post block?**  \nA: Steps after the stages.\n"
    )
    deck = parse_text(text, "jenkins.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        ("What is a Jenkins job?", "- A task Jenkins runs.", "Basics"),
        ("What are agents?", "Machines that run jobs.", "Basics"),
        ("What is a pipeline?", "Stages written as code.", "Cheat sheet"),
        ("What is a multibranch pipeline?", "One pipeline per branch.", "Cheat sheet"),
        ("Post block?", "Steps after the stages.", "Cheat sheet"),
    ]
    assert not [w for w in deck.warnings if "not read as" in w.message]


def test_a_file_in_one_layout_names_no_unread_questions():
    for path in sorted(FIXTURES.glob("*.md")):
        if path.name == "jenkins-cheatsheet.md":
            continue
        deck = parse_text(path.read_text(encoding="utf-8"), str(path))
        assert not [w for w in deck.warnings if "not read as" in w.message], path.name


def test_definition_list_answers_and_a_page_footer():
    deck = parse("pg-definitions.md")  # "**question?**" then ": answer" lines, one with code
    assert len(deck.cards) == 13
    cte = deck.cards[4]
    assert cte.answer.startswith("A Common Table Expression")
    assert "```sql\nWITH RECURSIVE subordinates AS (" in cte.answer
    last = deck.cards[-1]
    assert last.question == "How do you detect and deal with deadlocks?"
    assert last.answer.endswith("retry the aborted transaction in the app.")  # no footer


def test_numbered_items_holding_question_headings_without_question_marks():
    deck = parse("js-heading-items.md")  # "1. ### What is a closure" with indented answers
    questions = [c.question for c in deck.cards]
    assert len(questions) == 12
    assert questions[0] == "What are the possible ways to create objects in JavaScript"
    assert "What is a closure" in questions
    first = deck.cards[0]
    assert first.answer.startswith("There are many ways to create objects in JavaScript:")
    assert "Back to Top" not in first.answer
    assert "```javascript" in first.answer


def test_obsidian_spaced_repetition_notes_read_inline_and_multi_line_cards():
    deck = parse("osr-networking.md")
    assert [(c.question, c.topic) for c in deck.cards] == [
        ("What does DNS do", "Networking"),  # the "#flashcards/networking" tag is no topic
        ("Which port does HTTPS use by default", "Networking"),  # ":::" (both ways)
        ("TCP vs UDP", "Networking"),
        ("What is a socket", "Sockets"),
    ]
    dns, port, tcp, socket = deck.cards
    assert dns.answer == "It maps domain names to IP addresses."  # review data dropped
    assert port.answer == "443"
    assert tcp.answer.splitlines() == [
        "TCP is connection-oriented and reliable (handshake, retransmission, ordering);",
        "UDP is connectionless and best-effort.",
    ]
    assert socket.answer.endswith("bound to a protocol.")
    # "std::move" in prose and "::" in code make no cards.
    assert layout("a std::move b\n\nx::y\n", "n.md") == "prose"


def test_question_mark_lines_make_a_flashcard_note_even_without_its_tag():
    # No "#flashcards" tag, and the cards are a small share of the note's lines.
    text = (
        "---\ntags: Network\n---\n\nName the layers of the TCP/IP model\n?\nApplication\n"
        "Transport\nInternet\nLink\n\nName two kinds of network\n?\nLAN\nWAN\n\n"
        "Notes from the lecture follow.\nThe lab is on Friday.\nBring a laptop.\n"
        "Read chapter two.\nAsk about the exam.\nThe slides are online.\n"
    )
    assert _pairs(text, "lecture.md") == [
        ("Name the layers of the TCP/IP model", "Application\nTransport\nInternet\nLink"),
        ("Name two kinds of network", "LAN\nWAN"),
    ]


def test_cards_written_as_field_question_and_answer_blocks():
    text = (
        "---\ncard_id: jekol9xI\n---\nWhat is a **residual connection**?\n---\n"
        "A shortcut adding the input to the output: `F(x) + x`.\n---\ncard_id: ZwMFDIvJ\n---\n"
        "Model: a deep plain network trains worse than a shallow one. Why?\n---\n"
        "When:\n- gradients vanish\n- depth degrades accuracy\n"
    )
    assert layout(text, "resnet.md") == "blocks"
    deck = parse_text(text, "resnet.md")
    assert [(c.question, c.answer, c.line) for c in deck.cards] == [
        (
            "What is a **residual connection**?",
            "A shortcut adding the input to the output: `F(x) + x`.",
            4,
        ),
        (
            "Model: a deep plain network trains worse than a shallow one. Why?",
            "When:\n- gradients vanish\n- depth degrades accuracy",
            10,
        ),
    ]
    # A page with front matter and rules between its sections is no such deck.
    page = "---\ntitle: Notes\n---\n# Notes\n\nSome text.\n\n---\n\nMore text.\n"
    assert layout(page, "notes.md") != "blocks"


def test_inline_flashcards_keep_bullets_and_dashes_inside_their_answers():
    text = (
        "#flashcards\n\nWhat does G stand for in LTL?::**Globally** (always) - a mix of * and -\n"
        "- Which port does HTTPS use?::443 - usually TLS\n"
    )
    assert _pairs(text, "ltl.md") == [
        ("What does G stand for in LTL?", "**Globally** (always) - a mix of * and -"),
        ("Which port does HTTPS use?", "443 - usually TLS"),
    ]


def test_inline_flashcards_whose_question_holds_a_colon():
    text = (
        "What does the labelling function $L : S \\to 2^A$ define?::Which propositions hold.\n"
        'The student objects: "validation steals data!" The answer? :: K-fold rotates it.\n'
        "builds-on:: [[ml-workflow]]\n"
    )
    assert _pairs(text, "notes.md") == [
        ("What does the labelling function $L : S \\to 2^A$ define?", "Which propositions hold."),
        ('The student objects: "validation steals data!" The answer?', "K-fold rotates it."),
    ]


def test_inline_flashcards_with_the_semicolon_separator_users_set_in_obsidian():
    text = (
        "---\ntags: Network\n---\n\nName two kinds of network\n?\nLAN\nWAN\n\n"
        "How do you connect two remote LANs?;; Via WAN\n"
        "What is a unicast message?;; Sender to one receiver\n\n"
        "```c\nfor (;; i++) x;; y\n```\n"
    )
    assert _pairs(text, "lan.md") == [
        ("Name two kinds of network", "LAN\nWAN"),
        ("How do you connect two remote LANs?", "Via WAN"),
        ("What is a unicast message?", "Sender to one receiver"),
    ]


def test_anki_notes_written_for_the_obsidian_to_anki_plugin():
    text = (
        "TARGET DECK: Risk Management\n\nSTART\nBasic\n"
        "What is the definition of risk according to ISO 31000?\nBack:\n"
        "**Risk** is the effect of **uncertainty** on **objectives**.\n<!--ID: 1767830242931-->\n"
        "END\n---\nSTART\nBasic\nFront: What is ERM?\nBack: Risk management for the whole\n"
        "enterprise.\nEND\n---\nSTART\nCloze\n"
        "Text: The {{c1::kubelet}} runs pods; {{c2::etcd}} stores state.\n<!--ID: 17-->\nEND\n"
    )
    assert layout(text, "risk.md") == "notes"
    assert [(c.question, c.answer, c.line) for c in parse_text(text, "risk.md").cards] == [
        (
            "What is the definition of risk according to ISO 31000?",
            "**Risk** is the effect of **uncertainty** on **objectives**.",
            3,
        ),
        ("What is ERM?", "Risk management for the whole\nenterprise.", 11),
        ("The [...] runs pods; etcd stores state.", "kubelet", 18),
        ("The kubelet runs pods; [...] stores state.", "etcd", 18),
    ]
    # "START" and "END" as words of prose make no notes.
    prose = "# Notes\n\nSTART\n\nThe race begins.\n\nEND\n"
    assert layout(prose, "race.md") != "notes"


def test_one_word_terms_before_double_colons_are_cards_not_logseq_properties():
    text = (
        "---\nTags: SecPlusFlashCards\n---\n\n#flashcards\nAES:: Advanced Encryption Standard\n"
        "^1652738734599\nACL:: Access Control List\n^1652738734593\n"
        "Kubernetes:: A container orchestrator\ncard-repeats:: 3\ntitle:: Security terms\n"
    )
    assert _pairs(text, "secplus.md") == [
        ("AES", "Advanced Encryption Standard"),
        ("ACL", "Access Control List"),
        ("Kubernetes", "A container orchestrator"),
    ]


def test_obsidian_clozes_and_the_end_marker_of_multi_line_cards():
    text = (
        "---\ntags:\n  - flashcards/Kubernetes\n---\n\n"
        "Where does Kubernetes keep cluster state?::In `etcd`.\n"
        "The agent on every node is ==kubelet==, talking to ==the API server==.\n\n"
        "Readiness vs liveness?\n?\n- Readiness fails: no traffic.\n- Liveness fails: restart.\n"
        "+++\n\nA ==highlight== in a question\n?\nstays in the question.\n"
    )
    assert _pairs(text, "k8s.md") == [
        ("Where does Kubernetes keep cluster state?", "In `etcd`."),
        ("The agent on every node is [...], talking to the API server.", "kubelet"),
        ("The agent on every node is kubelet, talking to [...].", "the API server"),
        ("Readiness vs liveness?", "- Readiness fails: no traffic.\n- Liveness fails: restart."),
        ("A ==highlight== in a question", "stays in the question."),
    ]
    # In a note not tagged for the plugin, a highlight only highlights.
    untagged = "Kinds of network\n?\nLAN\n\nLayers\n?\nSeven\n\nThe ==kubelet== runs pods.\n"
    assert [q for q, _ in _pairs(untagged, "net.md")] == ["Kinds of network", "Layers"]


def test_a_deck_of_front_equals_back_lines_gives_one_card_per_term():
    text = (
        "# System Design Flash Cards\n# Format: Front=Back\n\n# Basic\n"
        "Load Balancing=Distributes traffic across multiple servers.\n"
        "Caching=Stores frequently accessed data in memory for faster access.\n"
        "CAP Theorem = Trade-off between consistency, availability and partition tolerance.\n"
        "\n# Databases\n"
        "Authentication & Authorization=Controls user access and verifies identity.\n"
        "Index=A data structure (often B-tree) that speeds up reads; cost: x = 2 writes.\n"
    )
    assert layout(text, "sd.md") == "osr"
    deck = parse_text(text, "sd.md")
    assert [(c.question, c.topic) for c in deck.cards] == [
        ("Load Balancing", "Basic"),
        ("Caching", "Basic"),
        ("CAP Theorem", "Basic"),
        ("Authentication & Authorization", "Databases"),
        ("Index", "Databases"),  # a term, though a page's "Index" section is no card
    ]
    assert deck.cards[2].answer.startswith("Trade-off between consistency")
    # "=" elsewhere is code or maths: a note with a few such lines among prose is no deck, and
    # assignments and comparisons never make cards.
    prose = (
        "# Notes\n\nThe speed of light c = 299792458 m/s in vacuum.\n"
        "We set the learning rate = a small number first.\nThen we train.\n"
        "It converges after a while.\nThe results are in the appendix.\n"
    )
    assert layout(prose, "notes.md") != "osr"
    code = "x = 1\ny = x + 2\nz == y\nf => g\nname = value here\n" * 2
    assert not any(q in ("x", "y", "z", "f") for q, _ in _pairs(code, "code.md"))


def test_flashcards_tagged_in_yaml_front_matter_under_section_headings():
    cards = "".join(f"Is licence {n} free?\n?\nNo\n\nCan you copy it?\n?\nOnce\n\n" for n in "AB")
    text = f"---\ntags:\n  - software\n  - flashcards\n---\n## Commercial\n\n{cards}## Other\n"
    deck = parse_text(text, "licences.md")
    assert layout(text, "licences.md") == "osr"
    assert [(c.question, c.answer, c.topic) for c in deck.cards][:2] == [
        ("Is licence A free?", "No", "Commercial"),
        ("Can you copy it?", "Once", "Commercial"),
    ]


def test_logseq_cards_tagged_before_their_question():
    text = (
        "- #card How do you add a paragraph?\n\t- shift + enter\n"
        "- #card How do you embed a video?\n\t- paste its URL\n"
    )
    assert _pairs(text, "faq.md") == [
        ("How do you add a paragraph?", "- shift + enter"),
        ("How do you embed a video?", "- paste its URL"),
    ]


def test_outliner_flashcards_from_logseq_and_remnote():
    logseq = parse("logseq-sql.md")  # "- Question #card", review properties, child blocks
    assert len(logseq.cards) == 14
    where = logseq.cards[0]
    assert where.question == "What is the difference between `WHERE` and `HAVING`?"
    assert where.answer.startswith("- `WHERE` filters individual rows **before** grouping")
    assert "card-repeats" not in where.answer
    remnote = parse("remnote-python.md")  # "- Q >> A", "- Term :: Def", "- Q >>>" + bullets
    questions = [c.question for c in remnote.cards]
    assert questions[:2] == [
        "What is the GIL in CPython?",
        "What is the difference between a list and a tuple?",
    ]
    assert "Decorator" in questions
    assert 'What does `if __name__ == "__main__":` do?' in questions  # a colon in code
    assert len(questions) == 15
    assert remnote.cards[1].answer.startswith("- list is mutable")
    # ">>> a == b" in a REPL example is code, not a card.
    assert not any(q.startswith(">") or q.startswith("a ") for q in questions)
    obsidian = parse("osr-kubernetes.md")
    assert len(obsidian.cards) == 15
    assert "kube-apiserver" in [c.question for c in obsidian.cards]  # "kube-apiserver:::..."


def test_a_repository_imports_its_questions_and_no_cards_from_its_other_documents(
    tmp_path, db_path
):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "questions.md").write_bytes((FIXTURES / "sql-headings.md").read_bytes())
    (repo / "CONTRIBUTING.md").write_text(
        "# Contributing\n\n## Why contribute?\n\nFame.\n\n## Pull requests\n\nOne "
        "change each.\n\n## Style\n\nRun the linter.\n\n## Style\n\nAgain.\n",
        encoding="utf-8",
    )
    (repo / "README.md").write_text(
        "# SQL prep\n\n<details>\n\nInstall notes folded away.\n\n</details>\n\n"
        "## Install\n\nClone it.\n",
        encoding="utf-8",
    )
    result = run("--db", db_path, "import", repo, "--json")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert any("no questions found" in w["message"] for w in report["warnings"])
    with Store(db_path) as store:
        assert store.count_cards() == 16  # all of them questions.md's


def test_comparison_headings_ask_for_the_difference():
    text = (
        "## TCP vs UDP\n\nTCP is reliable.\n\n## Process versus thread\n\nThreads share memory.\n"
    )
    assert layout(text, "d.md") == "native"
    assert [c.question for c in parse_text(text, "d.md").cards] == [
        "TCP vs UDP",
        "Process versus thread",
    ]
    assert layout("## Install\n\npip install x\n\n## Usage\n\nRun it.\n", "d.md") == "prose"


def test_numbered_task_headings_ask_like_questions():
    text = (
        "## Common SQL interview questions\n\n### Introduction:\n\nEntry-level questions.\n\n"
        '<a name="q1"></a>\n#### 1. How do you find duplicate entries in a table?\n\n'
        "Group by the column, keep `count(*) > 1`.\n\n"
        '<a name="q2"></a>\n#### 2. Find records in a table which are not present in another.\n\n'
        "Use an anti-join.\n\n"
        "#### 3. Find second highest salary employees in each department.\n\nRank them.\n\n"
        "#### 4. Write a query to list employees earning more than their manager.\n\nSelf join.\n\n"
        "#### 5. Design a URL shortener.\n\nHash the URL.\n\n#### 6. Implement an LRU cache\n\n"
        "A dict and a linked list.\n"
    )
    assert [(c.question, c.answer) for c in parse_text(text, "sql.md").cards] == [
        (
            "How do you find duplicate entries in a table?",
            "Group by the column, keep `count(*) > 1`.",
        ),
        ("Find records in a table which are not present in another.", "Use an anti-join."),
        ("Find second highest salary employees in each department.", "Rank them."),
        ("Write a query to list employees earning more than their manager.", "Self join."),
        ("Design a URL shortener.", "Hash the URL."),
        ("Implement an LRU cache", "A dict and a linked list."),
    ]
    # A README's sections named with these verbs ask nothing.
    readme = "## Design\n\nLayers.\n\n## Write tests\n\nWith pytest.\n\n## Usage\n\nRun it.\n"
    assert layout(readme, "README.md") == "prose"


def test_a_native_deck_with_section_headings_stays_native():
    text = (
        "# Topic\n\n## What is X?\n\n### Answer\nX is a thing.\n\n"
        "### Key points\n- X is a thing\n\n## What is Y?\n\n### Answer\nY.\n"
    )
    assert layout(text, "d.md") == "native"
    assert [c.question for c in parse_text(text, "d.md").cards] == ["What is X?", "What is Y?"]


# --- CSV / TSV ----------------------------------------------------------------------------


def test_csv_with_header_reads_quoted_multi_line_answers_and_tags():
    assert rows(parse("networking.csv")) == [
        ("What is DNS?", "Translates names to IP addresses.", "", ("networking", "basics"), 2),
        (
            "What does TCP guarantee?",
            "Ordered, reliable delivery:\n\n- retransmits lost segments\n- orders them",
            "",
            ("networking", "tcp"),
            3,
        ),
        ("What is a subnet?", "A range of IP addresses.", "", (), 7),
    ]


def test_anki_text_export_headers_choose_separator_html_and_tags_column():
    assert rows(parse("anki-aws.tsv")) == [
        ("What is a VPC?", "A private network in AWS.\nSpans one region.", "", ("aws", "vpc"), 4),
        ("What is S3?", "Object storage.", "", ("aws",), 5),
    ]


def test_anki_guid_notetype_and_deck_columns_are_skipped():
    text = (
        "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "#tags column:6\nabc123\tBasic\tAWS\tWhat is IAM?\tIdentity and access.\tiam aws\n"
    )
    assert rows(parse_text(text, "export.txt.tsv")) == [
        ("What is IAM?", "Identity and access.", "", ("iam", "aws"), 7)
    ]


def test_anki_export_saved_as_txt_is_read_as_a_table():
    text = (FIXTURES / "anki-aws.tsv").read_text(encoding="utf-8")
    assert layout(text, "notes.txt") == "table"
    assert [c.question for c in parse_text(text, "notes.txt").cards] == [
        "What is a VPC?",
        "What is S3?",
    ]


def test_a_tab_separated_txt_export_without_header_is_a_table(tmp_path, db_path):
    # Quizlet's export and Anki's older "Notes in Plain Text": "question<TAB>answer" lines.
    path = tmp_path / "networking.txt"
    path.write_text(
        "What is DNS?\tIt maps names to IP addresses.\n"
        "What is TCP?\tA reliable, ordered, connection-oriented transport protocol.\n",
        encoding="utf-8",
    )
    assert layout(path.read_text(), str(path)) == "table"
    result = run("--db", db_path, "import", path, "--json")
    assert result.exit_code == 0, result.stdout
    with Store(db_path) as store:
        card = store.get_card(card_id("networking", "What is DNS?"))
        assert card.answer == "It maps names to IP addresses."
    # Prose in a .txt file is not a table.
    assert layout("Some notes.\nMore notes.\n", "notes.txt") == "prose"


def test_csv_without_header_uses_the_first_two_columns():
    deck = parse_text("Back?,Front\nWhat is ARP?,Maps IPs to MACs,net\n", "x.csv")
    assert rows(deck) == [
        ("Back?", "Front", "", (), 1),
        ("What is ARP?", "Maps IPs to MACs", "", ("net",), 2),
    ]


def test_csv_cells_after_a_comma_and_space_and_a_repeated_row():
    text = (
        "question, answer\n"
        'What can only the root user do?, "Close the account, change the support plan"\n'
        "What is a VPC?, Virtual Private Cloud\n"
        "What is a VPC?, A private network\n"
    )
    deck = parse_text(text, "clf.csv")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What can only the root user do?", "Close the account, change the support plan"),
        ("What is a VPC?", "Virtual Private Cloud"),
    ]
    assert [str(w) for w in deck.warnings if "repeats" in w.message] == [
        "clf.csv:4: row repeats the question of line 3; kept only the first"
    ]


def test_csv_with_semicolons_between_cells():
    text = 'question;answer\nWhat is S3?;"Object storage; durable"\nWhat is EBS?;Block storage\n'
    assert _pairs(text, "aws.csv") == [
        ("What is S3?", "Object storage; durable"),
        ("What is EBS?", "Block storage"),
    ]


def test_csv_column_names_in_another_language_are_no_card():
    text = "pregunta;respuesta;area\n¿Qué es S3?;Almacenamiento de objetos;storage\n"
    deck = parse_text(text, "aws.csv")
    assert [(c.question, c.answer, c.tags) for c in deck.cards] == [
        ("¿Qué es S3?", "Almacenamiento de objetos", ())
    ]
    assert [str(w) for w in deck.warnings if "column names" in w.message] == [
        "aws.csv:1: first row read as column names (pregunta, respuesta, area); the first column "
        "is the question, the second the answer (name them question and answer to pick others)"
    ]
    # Two single words are a vocabulary card.
    assert [c.question for c in parse_text("hola,hello\nadiós,goodbye\n", "es.csv").cards] == [
        "hola",
        "adiós",
    ]


def test_csv_rows_too_short_or_without_question_are_named():
    assert errors("question,answer\nonly one\n,empty question\n", "x.csv") == [
        "x.csv:2: row has 1 column(s), but the question and answer need 2; check the separator",
        "x.csv:3: row has an empty question",
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "question,answer\n"])
def test_an_empty_table_warns_instead_of_failing(text):
    deck = parse_text(text, "empty.csv")
    assert deck.cards == ()
    assert [w.message for w in deck.warnings] == ["no questions found in this CSV file"]


def test_control_characters_are_refused_with_their_line():
    assert errors("q,a\nx\x00,y\n", "x.csv") == [
        "x.csv:2: control character U+0000 in deck text; remove it"
    ]


# --- through the CLI ----------------------------------------------------------------------


def test_cli_imports_every_layout_into_sqlite_and_grades_a_card(tmp_path, db_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    for fixture in FIXTURES.iterdir():
        (decks / fixture.name).write_bytes(fixture.read_bytes())
    result = run("--db", db_path, "import", decks, "--json")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["errors"] == []
    with Store(db_path) as store:
        assert sorted(store.deck_names()) == [
            "anki-aws",
            "devops-qa",
            "docker-table",
            "git-numbered",
            "jenkins-cheatsheet",
            "js-heading-items",
            "k8s-blockquote",
            "k8s-details",
            "k8s-q-dot",
            "logseq-sql",
            "networking",
            "nginx-mixed",
            "osr-kubernetes",
            "osr-networking",
            "pg-definitions",
            "pg-html-bold",
            "postgres-h4",
            "postgres-qa-headings",
            "python-bold",
            "python-qa-sections",
            "remnote-python",
            "sql-headings",
        ]
        assert store.count_cards() == (
            18 + 14 + 15 + 16 + 15 + 14 + 14 + 13 + 15 + 15 + 13 + 12 + 12 + 4 + 14 + 15 + 15 + 2
        )
        stored = store.get_card(card_id("devops-qa", "Why keep images small?"))
        assert stored.answer == "Faster pulls, less disk, and a smaller attack surface."
        assert stored.topic == "Docker"

    pod = card_id("k8s-details", "What is a Pod?")
    graded = run(
        "--db",
        db_path,
        "grade",
        pod,
        "It is the smallest deployable unit, containers sharing a "
        "network namespace and storage volumes.",
        "--json",
    )
    assert graded.exit_code == 0, graded.stdout
    verdict = json.loads(graded.stdout)
    assert verdict["card"] == pod
    assert verdict["derived_points"] is True
    assert verdict["score"] > 0.5

    lint = run("lint", decks)
    assert lint.exit_code == 0


def test_cli_reports_a_foreign_layout_error_with_its_place(tmp_path, db_path):
    bad = tmp_path / "bad.md"
    bad.write_text("# Intro\n\nA: orphan\nQ: Fine?\nA: yes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "import", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:3: Found 'A:' with no 'Q:' before it" in result.output
    assert "Traceback" not in result.output
    lint = CliRunner().invoke(cli, ["lint", str(bad)])
    assert lint.exit_code == 1
    assert ":3: Found 'A:' with no 'Q:'" in lint.output


def test_reimporting_an_edited_qa_file_renames_and_retires_as_native_decks_do(tmp_path, db_path):
    deck = tmp_path / "net.md"
    deck.write_text("Q: What is a DNS resolver?\nA: It looks names up.\n\nQ: Gone?\nA: Yes.\n")
    assert run("--db", db_path, "import", deck).exit_code == 0
    deck.write_text("Q: What is a DNS resolver for?\nA: It looks names up.\n")
    result = run("--db", db_path, "import", deck, "--json")
    totals = json.loads(result.stdout)
    assert totals["totals"]["renamed"] == 1
    assert totals["totals"]["retired"] == 1


# --- any text -----------------------------------------------------------------------------

TEXT = (
    st.text(alphabet=st.sampled_from(list('Qq A:a*_#<>/ detailsumry\n\t,"`-1.?x')), max_size=300)
    | st.text(max_size=200)
    # Cards as `---` blocks, HTML pages, full-width question marks, options and answer keys.
    | st.lists(
        st.sampled_from(
            ["---\n", "card_id: x\n", "<h3>", "</h3>", "<p>", "？", "Q1) ", "A) ", "B. "]
            + ["Correct: B\n", "Ans - ", "\n", "x"]
        ),
        max_size=60,
    ).map("".join)
)


@pytest.mark.parametrize(
    "parser",
    [
        qa.parse,
        details.parse,
        bold.parse,
        quoted.parse,
        titled.parse,
        headings.parse,
        pipes.parse,
        osr.parse,
        table.parse,
        blocks.parse,
        labels.parse,
        nested.parse,
        paragraphs.parse,
        parse_text,
    ],
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_text_gives_a_deck_or_deck_errors(parser, text):
    for path in ("any.md", "any.tsv"):
        try:
            deck = parser(text, path)
        except DeckErrors as exc:
            assert exc.errors and all(e.path == path and e.line >= 1 for e in exc.errors)
        else:
            assert isinstance(deck, Deck)
            assert all(c.question.strip() for c in deck.cards)


def test_a_multiple_choice_answer_keeps_only_its_ticked_options():
    # Quiz pages mark the right option with "[x]": the wrong ones are no part of the answer a
    # typed reply is graded against.
    text = (
        "# DevOps\n\n"
        "### Question 1: Practice area\n\n"
        "**Which DevOps practice area is about a safe place to learn and fail?**\n\n"
        "* [ ] Process\n* [x] Culture\n* [ ] Infrastructure as Code\n\n"
        "**Explanation**\n\nCulture means psychological safety.\n"
    )
    [(question, answer)] = _pairs(text, "mcq.md")
    assert question == "Which DevOps practice area is about a safe place to learn and fail?"
    assert answer.startswith("* Culture\n")
    assert "Process" not in answer and "[ ]" not in answer
    verdict = check(parse_text(text, "mcq.md").cards[0], "Culture")
    assert verdict.rating >= Rating.GOOD


def test_a_section_title_after_a_rule_is_no_part_of_the_answer_before_it():
    # Chat-style notes separate sections with "---" and a title line that is no heading.
    text = (
        "✅ General Questions\n\n"
        "1. What is DevOps?\nAnswer:\nA culture where dev and ops work together.\n\n---\n\n"
        "✅ Linux Questions\n\n"
        "2. What does chmod do?\nAnswer:\nIt changes a file's permission bits.\n"
    )
    assert _pairs(text, "notes.md") == [
        ("What is DevOps?", "A culture where dev and ops work together."),
        ("What does chmod do?", "It changes a file's permission bits."),
    ]


def test_a_heading_that_only_numbers_a_card_is_no_topic():
    text = (
        "# Storage flashcards\n\n### Card 1\n**Q:** What is S3?\n**A:** Object storage.\n\n"
        "### Card 2\n**Q:** What is EBS?\n**A:** Block storage.\n\n"
        "### Networking\n**Q:** What is a VPC?\n**A:** A private network.\n"
    )
    # The topic above them stays.
    assert [c.topic for c in parse_text(text, "cards.md").cards] == [
        "Storage flashcards",
        "Storage flashcards",
        "Networking",
    ]


def test_answer_labels_with_an_emoji_a_bullet_or_a_name_are_no_part_of_the_answer():
    emoji = (
        "# CI/CD\n\n## 1. What is Jenkins?\n\n📌 **Answer:**  \n"
        "An open-source automation server for CI/CD pipelines.\n\n---\n\n"
        "## 2. What is a pipeline?\n\n📌 **Answer:**  \nStages that build, test and deploy.\n"
    )
    assert [a for _, a in _pairs(emoji, "cicd.md")] == [
        "An open-source automation server for CI/CD pipelines.",
        "Stages that build, test and deploy.",
    ]
    bullet = (
        "### Basic Level\n\n**Q1: What is a data lake?**\n- **Expected Answer**:\n"
        "  - Raw data of any shape, stored cheaply\n\n"
        "**Q2: What is Spark's lazy evaluation?**\n- **Expected Answer**:\n"
        "  - Transformations only run when an action needs them\n"
    )
    assert [a for _, a in _pairs(bullet, "de.md")] == [
        "- Raw data of any shape, stored cheaply",
        "- Transformations only run when an action needs them",
    ]
    named = "## Junior Level\n\n" + "".join(
        f"### {n}. What does git {verb} do?\n\n**What they're testing:** the Git workflow\n\n"
        f"**Good answer:**\n- It {does}\n\n"
        for n, verb, does in (
            (1, "add", "stages changes"),
            (2, "fetch", "downloads without merging"),
            (3, "pull", "fetches and merges"),
        )
    )
    assert [a for _, a in _pairs(named, "git.md")] == [
        "- It stages changes",
        "- It downloads without merging",
        "- It fetches and merges",
    ]


def test_an_answer_written_wholly_in_quotation_marks_is_read_without_them():
    text = "## IAM\n\n" + "".join(
        f'**Q{n}: What is {term}?**\n> "{answer}"\n\n'
        for n, term, answer in (
            (1, "a service account", "An identity for applications."),
            (2, "a role", "A set of permissions."),
            (3, "a binding", 'It ties a "member" to a role.'),
        )
    )
    assert [a for _, a in _pairs(text, "gcp.md")] == [
        "An identity for applications.",
        "A set of permissions.",
        '"It ties a "member" to a role."',
    ]


def test_questions_as_bullets_with_nested_answers_are_cards():
    text = (
        "# Java review\n\n## Core Java\n\n"
        "* What is the root class every class extends?\n  * The `Object` class\n"
        "* What is a POJO? What is a bean?\n  * POJO - a plain old Java object.\n"
        "  * Bean - a POJO with getters and setters.\n"
        "* How can you force garbage collection?\n  * You cannot, only request it:\n\n"
        "```java\nSystem.gc();\n```\n"
        "* Further reading\n  * The Java Language Specification\n\n"
        "## Collections\n\n* What is a HashMap?\n  * A hash table of key-value pairs.\n"
    )
    deck = parse_text(text, "java.md")
    assert [(c.question, c.topic) for c in deck.cards] == [
        ("What is the root class every class extends?", "Core Java"),
        ("What is a POJO? What is a bean?", "Core Java"),
        ("How can you force garbage collection?", "Core Java"),
        ("What is a HashMap?", "Collections"),
    ]
    assert deck.cards[1].answer == (
        "* POJO - a plain old Java object.\n* Bean - a POJO with getters and setters."
    )
    assert "System.gc();" in deck.cards[2].answer


def test_plain_question_and_answer_paragraphs_without_markdown_are_cards():
    text = (
        "What is Redis?\nAn in-memory key-value store.\n\n"
        "Is Redis an in-memory database only? Explain.\n"
        "Mostly, but it can persist to disk.\n\n"
        "🔹 11–20: Data Structures\nHow do Sets differ from Lists?\n"
        "Sets hold unique members; lists keep order.\n\n"
        "Explain Redis Streams and use cases.\nAn append-only log with consumer groups.\n"
    )
    assert layout(text, "redis.md") == "paragraphs"
    deck = parse_text(text, "redis.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        ("What is Redis?", "An in-memory key-value store.", ""),
        (
            "Is Redis an in-memory database only? Explain.",
            "Mostly, but it can persist to disk.",
            "",
        ),
        (
            "How do Sets differ from Lists?",
            "Sets hold unique members; lists keep order.",
            "11–20: Data Structures",
        ),
        (
            "Explain Redis Streams and use cases.",
            "An append-only log with consumer groups.",
            "11–20: Data Structures",
        ),
    ]
    # A page of prose with a question or two among its paragraphs is no deck.
    prose = (
        "Redis is fast.\nIt keeps data in memory.\n\nWhy use it?\nCaching.\n\n"
        "It was written in C.\nIt is open source.\n\nInstall it with apt.\nThen run it.\n"
    )
    assert layout(prose, "notes.md") != "paragraphs"


def test_plain_questions_answered_by_an_indented_paragraph_below_them():
    text = (
        "If containers are like shipping containers, what would the Docker image be?\n\n"
        "    Answer: The blueprint the containers are built from.\n\n"
        "Which Docker feature monitors a container's health?\n\n    Answer: Health checks.\n\n"
        "How do two Compose services talk to each other?\n\n"
        "    Answer: By service name on the\n    default network.\n"
    )
    assert layout(text, "docker.md") == "paragraphs"
    assert _pairs(text, "docker.md") == [
        (
            "If containers are like shipping containers, what would the Docker image be?",
            "The blueprint the containers are built from.",
        ),
        ("Which Docker feature monitors a container's health?", "Health checks."),
        (
            "How do two Compose services talk to each other?",
            "By service name on the\ndefault network.",
        ),
    ]


def test_plain_questions_answered_a_blank_line_below_and_numbered_with_keycaps():
    text = (
        "Why might a service fail to resolve another by DNS?\n\n"
        "- Check CoreDNS, the service name and its namespace.\n\n"
        "2\ufe0f\u20e3What is an error budget?\n\n"
        "\u2705The failure an SLO allows before releases stop.\n\n"
        "3\ufe0f\u20e3How do you keep secrets out of CI?\n\n"
        "\u2705Use a secret manager and inject them at runtime.\n"
    )
    assert _pairs(text, "sre.md") == [
        (
            "Why might a service fail to resolve another by DNS?",
            "- Check CoreDNS, the service name and its namespace.",
        ),
        ("What is an error budget?", "\u2705The failure an SLO allows before releases stop."),
        (
            "How do you keep secrets out of CI?",
            "\u2705Use a secret manager and inject them at runtime.",
        ),
    ]


def test_numbered_bold_questions_with_nested_answers_under_section_headings():
    text = (
        "# Airflow Interview Questions\n\n## Simple (20 Questions)\n\n"
        "1.  **What is Airflow?**\n    *   A workflow scheduler.\n"
        "2.  **What does DAG stand for?**\n    *   Directed Acyclic Graph.\n\n"
        "## Medium (40 Questions)\n\n"
        "3.  **Explain the `BashOperator`.**\n    *   Runs shell commands.\n"
        "4.  **Secrets Backend.**\n    *   Reads connections from a vault.\n"
        "5.  **How do you define dependencies?**\n    *   `a >> b`.\n\n"
        "## Hard (40 Questions)\n\n"
        "6.  **What is a pool?**\n    *   A limit on concurrent tasks.\n"
    )
    assert [(q, a.strip()) for q, a in _pairs(text, "airflow.md")] == [
        ("What is Airflow?", "*   A workflow scheduler."),
        ("What does DAG stand for?", "*   Directed Acyclic Graph."),
        ("Explain the `BashOperator`.", "*   Runs shell commands."),
        ("Secrets Backend.", "*   Reads connections from a vault."),
        ("How do you define dependencies?", "*   `a >> b`."),
        ("What is a pool?", "*   A limit on concurrent tasks."),
    ]


def test_an_answer_that_is_only_an_empty_code_block_is_no_answer():
    text = (
        "1) What is an SLO?\n\n```\nA target for a service level indicator.\n```\n\n"
        "2) What is toil?\n\n```\n```\n\n3) What is an error budget?\n\n```\n\n```\n"
    )
    deck = parse_text(text, "sre.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is an SLO?", "```\nA target for a service level indicator.\n```"),
        ("What is toil?", ""),
        ("What is an error budget?", ""),
    ]
    assert sum("question has no answer" in w.message for w in deck.warnings) == 2


def test_asking_bullets_grouped_under_a_bullet_that_asks_nothing_are_cards():
    text = (
        "## CI/CD questions\n\n"
        "- **Basic questions**:\n"
        "    - What does CI/CD mean?\n        + Continuous integration and delivery.\n"
        "    - Can you name some CI/CD tools?\n        + Jenkins, Bamboo, Travis.\n"
        "- **Advanced questions**:\n"
        "    - What is CD?\n        + Delivering a packaged artifact to production.\n"
        "        + Is it the same as deployment?\n"
    )
    assert _pairs(text, "cicd.md") == [
        ("What does CI/CD mean?", "+ Continuous integration and delivery."),
        ("Can you name some CI/CD tools?", "+ Jenkins, Bamboo, Travis."),
        (
            "What is CD?",
            "+ Delivering a packaged artifact to production.\n+ Is it the same as deployment?",
        ),
    ]


def test_questions_as_bullets_answered_by_a_code_block_alone_are_cards():
    text = (
        "# Interview Questions\n\n## Network newbie\n\n"
        "* What is a switch?\n\n"
        "```\nA switch forwards Ethernet frames from one connected host to another.\n```\n\n"
        "* What delivery schemes are you familiar with?\n\n"
        "```\nUnicast: one to one.\n\nBroadcast: to everyone in the network.\n```\n\n"
        "* What is a router?\n\n"
        "```\nA device that forwards packets between networks.\n```\n"
    )
    deck = parse_text(text, "net.md")
    assert [(c.question, c.topic) for c in deck.cards] == [
        ("What is a switch?", "Network newbie"),
        ("What delivery schemes are you familiar with?", "Network newbie"),
        ("What is a router?", "Network newbie"),
    ]
    assert deck.cards[0].answer == (
        "```\nA switch forwards Ethernet frames from one connected host to another.\n```"
    )


def test_bold_task_lines_and_numbered_questions_ask_without_a_question_mark():
    text = "### Advanced\n\n" + "".join(
        f"**{q}**\n- {a}\n\n"
        for q, a in (
            ("Q1: Developer gets 'Permission Denied' creating a VM. Troubleshoot.", "Check IAM."),
            ("Design a network for 50 projects with central control.", "A shared VPC."),
            ("Difference between narrow and wide transformations.", "Wide ones shuffle."),
            ("Write code to find duplicates in a list.", "Use a set."),
            ("What is IAP tunneling?", "SSH through IAP."),
        )
    )
    assert [a for _, a in _pairs(text, "gcp.md")] == [
        "- Check IAM.",
        "- A shared VPC.",
        "- Wide ones shuffle.",
        "- Use a set.",
        "- SSH through IAP.",
    ]


def test_a_bold_question_numbered_with_a_keycap_is_a_question():
    text = "### Databricks\n\n" + "".join(
        f"{key} **{q}**\n- {a}\n\n"
        for key, q, a in (
            ("1\ufe0f\u20e3", "Explain how Delta Lake improves on a plain data lake.", "ACID."),
            ("2\ufe0f\u20e3", "How would you design a streaming pipeline?", "Kafka to Delta."),
            ("\U0001f51f", "What is Unity Catalog?", "Governance."),
        )
    )
    assert [q for q, _ in _pairs(text, "dbx.md")] == [
        "Explain how Delta Lake improves on a plain data lake.",
        "How would you design a streaming pipeline?",
        "What is Unity Catalog?",
    ]


def test_bold_questions_written_as_bullets_with_the_answer_below_them():
    text = (
        "# Networking quiz\n\n- **What is the OSI model?**\n1. A set of cables\n"
        "2. A conceptual model of network functions\n\n> **Answer:** 2\n\n"
        "- **What is Node.js?**\n- Node.js runs JavaScript outside the browser.\n"
        "  - **Why use it?**\n    - One language on client and server.\n\n"
        "- **Explain the event loop.**\n- It runs callbacks on a single thread.\n"
    )
    assert _pairs(text, "quiz.md") == [
        (  # the options are asked (see the checker's tests for their grading)
            "What is the OSI model?\n1. A set of cables\n"
            "2. A conceptual model of network functions",
            "> **Answer:** 2",
        ),
        (
            "What is Node.js?",  # an indented bold bullet is part of the answer
            "- Node.js runs JavaScript outside the browser.\n  - **Why use it?**\n"
            "    - One language on client and server.",
        ),
        ("Explain the event loop.", "- It runs callbacks on a single thread."),
    ]
    # Bold bullets with their answers indented under them, alone, are the nested layout's,
    # which takes questions bold ones need not ask in a known way ("Discuss ...").
    nested = (
        "## OOP\n\n- **What is a class?**\n  - A template for objects.\n\n"
        "- **How does inheritance work?**\n  - A subclass extends a class.\n\n"
        "- **Discuss abstract classes and interfaces.**\n  - Abstract classes may hold state.\n"
    )
    assert _pairs(nested, "java.md") == [
        ("What is a class?", "- A template for objects."),
        ("How does inheritance work?", "- A subclass extends a class."),
        ("Discuss abstract classes and interfaces.", "- Abstract classes may hold state."),
    ]


def test_a_chat_assistants_sign_off_after_a_rule_is_no_part_of_the_last_answer():
    text = (
        "Here are common Docker interview questions:\n\n"
        "1. What is Docker?\n\n👉 A platform that runs apps in containers.\n\n"
        "2. What is an image?\n\n👉 A read-only template for containers.\n\n"
        "3. What is port mapping?\n\n👉 It connects a container port to a host port.\n\n---\n\n"
        "👉 These are standard interview questions with clear answers.\n\n"
        "Do you want me to also prepare a one-line version of these answers?\n"
    )
    assert _pairs(text, "docker.md")[-1] == (
        "What is port mapping?",
        "👉 It connects a container port to a host port.",
    )


def test_an_ornamental_rule_or_a_chat_lead_in_after_it_ends_the_answer_above():
    text = (
        "Q1. what is a docker layer?\n- each dockerfile instruction creates a layer.\n\n"
        "⸻\n\n🔹 kubernetes (k8s)\n\n"
        "Q2. what is a pod?\n- the smallest deployable unit.\n\n"
        "Q: What is sharding?\nA: Splitting data across nodes by a key.\n\n---\n"
        "Certainly! Here are more conceptual questions that could come up:\n\n"
        "Q: What is a CDN?\nA: Servers near users that cache content.\n"
    )
    assert _pairs(text, "notes.md") == [
        ("what is a docker layer?", "- each dockerfile instruction creates a layer."),
        ("what is a pod?", "- the smallest deployable unit."),
        ("What is sharding?", "Splitting data across nodes by a key."),
        ("What is a CDN?", "Servers near users that cache content."),
    ]


def test_bold_questions_under_numbering_headings_answered_in_sections():
    text = "# Data science questions\n\n## Table of Contents\n\n- [Q1](#question-1)\n\n" + "".join(
        f"## Question {n}\n\n**{q}**\n\n**Answer:**\n\n### Definition\n{a}\n\n"
        "### Interview Tip\nGive an example.\n\n**Why?** Examples stick.\n\n---\n\n"
        for n, (q, a) in enumerate(
            (
                ("What is overfitting?", "Learning noise instead of signal."),
                ("Describe the concept of cross-validation in ML models.", "Rotating folds."),
                ("Explain regularization.", "A penalty on large weights."),
            ),
            1,
        )
    )
    assert layout(text, "ml.md") == "bold"
    pairs = _pairs(text, "ml.md")
    assert [q for q, _ in pairs] == [
        "What is overfitting?",
        "Describe the concept of cross-validation in ML models.",
        "Explain regularization.",
    ]
    assert pairs[0][1] == (
        "### Definition\nLearning noise instead of signal.\n\n"
        "### Interview Tip\nGive an example.\n\n**Why?** Examples stick."
    )
    # A deeper heading over more bold questions is still a topic.
    text = (
        "## Basics\n\n**What is a list?**\nA mutable sequence.\n\n"
        "### Advanced\n\n**What is a generator?**\nA lazy iterator.\n\n"
        "**Describe the solution you'd like**\nMore questions.\n"
    )
    deck = parse_text(text, "py.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        ("What is a list?", "A mutable sequence.", "Basics"),
        (
            "What is a generator?",
            "A lazy iterator.\n\n**Describe the solution you'd like**\nMore questions.",
            "Advanced",
        ),
    ]


def test_bold_questions_numbered_and_labelled_q_lose_both():
    text = (
        "#### **Processes and Threads**\n\n"
        "**1. Q: What is a context switch?**\n"
        "*   **A:** Saving one task's state, loading another's.\n\n"
        "**2. Q: Differentiate between internal and external fragmentation.**\n"
        "*   **A:** Waste inside blocks versus free gaps between them.\n\n"
        "**3. Q: Explain the difference between a mutex and a binary semaphore.**\n"
        "*   **A:** A mutex has an owner.\n\n"
        "**4. Q: Briefly describe FCFS, SJF, and Round Robin scheduling.**\n"
        "*   **A:** Arrival order, shortest job first, time slices.\n"
    )
    assert _pairs(text, "os.md") == [
        ("What is a context switch?", "Saving one task's state, loading another's."),
        (
            "Differentiate between internal and external fragmentation.",
            "Waste inside blocks versus free gaps between them.",
        ),
        ("Explain the difference between a mutex and a binary semaphore.", "A mutex has an owner."),
        (
            "Briefly describe FCFS, SJF, and Round Robin scheduling.",
            "Arrival order, shortest job first, time slices.",
        ),
    ]


def test_numbered_items_answered_on_an_a_line_are_questions_asking_or_not():
    text = (
        "Spring Interview Questions\n\n"
        "1. Can you run a spring application without @SpringBootApplication <br>\n"
        "A. Yes, with @Configuration, @EnableAutoConfiguration and @ComponentScan.\n\n"
        "2. What is @RestController <br>\nA. A controller whose methods return the body.\n\n"
        "3. How are beans loaded in spring ? <br>\nA. Using the application context.\n\n4.\n"
    )
    assert _pairs(text, "spring.md") == [
        (
            "Can you run a spring application without @SpringBootApplication",
            "Yes, with @Configuration, @EnableAutoConfiguration and @ComponentScan.",
        ),
        ("What is @RestController", "A controller whose methods return the body."),
        ("How are beans loaded in spring ?", "Using the application context."),
    ]


def test_an_answer_quoted_under_its_label_then_followed_by_code_is_unquoted():
    text = "# Go questions\n\n" + "".join(
        f"#### {n}. {q}\n\n> **Answer:**\n> {a}\n\n```\n{code}\n```\n\n"
        for n, (q, a, code) in enumerate(
            (
                ("How do you declare a variable in Go?", "With var or :=.", "y := 20"),
                ("What is a goroutine?", "A lightweight thread run by Go.", "go f()"),
                ("What does defer do?", "It runs a call when the function returns.", "defer f()"),
            ),
            1,
        )
    )
    assert _pairs(text, "go.md")[0] == (
        "How do you declare a variable in Go?",
        "With var or :=.\n\n```\ny := 20\n```",
    )
    # A quote that opens with no answer label is the page's own quotation: it stays.
    quoted = "## What is Go?\n\n> Simplicity is complicated.\n\nA compiled language.\n"
    assert _pairs(quoted, "go2.md")[0][1].startswith("> Simplicity is complicated.")


def _numbered_bold_qa(*pairs: tuple[str, str]) -> str:
    """A shell Q&A page: "### QN.", the bold question, a "### *Answer:*" heading, the answer."""
    return "# Shell interview Q&A\n\n" + "".join(
        f"---\n\n### Q{n}.\n**{q}**\n### *Answer:* \n{a}\n\n" for n, (q, a) in enumerate(pairs, 1)
    )


def test_an_answer_label_written_as_a_heading_under_a_bold_question_is_no_topic():
    text = _numbered_bold_qa(
        ("What is Shell?", "A command-line interpreter."),
        ("How do you pass an argument to a script?", "After its name: ./s.sh arg."),
        ("How do you print the PID of the shell?", "echo $$"),
    )
    assert _pairs(text, "shell.md") == [
        ("What is Shell?", "A command-line interpreter."),
        ("How do you pass an argument to a script?", "After its name: ./s.sh arg."),
        ("How do you print the PID of the shell?", "echo $$"),
    ]


def test_a_bold_question_that_wraps_onto_a_second_line_is_one_question():
    text = _numbered_bold_qa(
        ("What is Shell?", "A command-line interpreter."),
        ("Determine the output of this command:\n$ x=1 && echo '$x'", "$x"),
        ("Predict what this prints:\n$ echo ${y:-unset}", "unset"),
    )
    assert _pairs(text, "shell.md") == [
        ("What is Shell?", "A command-line interpreter."),
        ("Determine the output of this command: $ x=1 && echo '$x'", "$x"),
        ("Predict what this prints: $ echo ${y:-unset}", "unset"),
    ]


def test_titles_over_groups_of_questions_neither_ask_nor_hide_the_questions():
    text = (
        "# VPC Interview Questions\n\n## Day 1 - Essential VPC Questions\n\n"
        "## \u2753 Question 1: What is a subnet?\n\nA range of IP addresses in a VPC.\n\n"
        "## \u2753 Question 2: What is CIDR?\n\nA notation for IP ranges: 10.0.0.0/16.\n\n"
        "## \U0001f4dd Additional Interview Questions\n\n"
        "## \u2753 Question 3: Why use several subnets?\n\nTo isolate tiers and spread AZs.\n"
    )
    assert _pairs(text, "vpc.md") == [
        ("What is a subnet?", "A range of IP addresses in a VPC."),
        ("What is CIDR?", "A notation for IP ranges: 10.0.0.0/16."),
        ("Why use several subnets?", "To isolate tiers and spread AZs."),
    ]


def test_a_page_written_in_html_is_read_once_its_tags_are_markdown():
    text = (
        "<!-- a draft\n<h3>What is TypeScript?</h3>\n-->\n<h2>TypeScript Interview Questions</h2>\n"
        "    <h3>01. What is TypeScript...?</h3>\n    <p>\n"
        "        A typed superset of JavaScript. <br>\n        It compiles to JavaScript.\n"
        "    </p>\n    <h3>02. What does <code>unknown</code> mean?</h3>\n    <p>\n"
        "        A type you must narrow &amp; check before use.\n    </p>\n"
        "    <h3>03. Why use <b>strict</b> mode?</h3>\n    <p>It catches null errors.</p>\n"
    )
    deck = parse_text(text, "ts.md")
    assert [(c.question, c.answer, c.line) for c in deck.cards] == [
        (
            "What is TypeScript...?",
            "A typed superset of JavaScript.\nIt compiles to JavaScript.",
            5,
        ),
        ("What does `unknown` mean?", "A type you must narrow & check before use.", 10),
        ("Why use **strict** mode?", "It catches null errors.", 14),
    ]
    # A README with HTML badges and no questions stays prose, its warning unchanged.
    readme = '<p align="center"><img src="logo.png"></p>\n\n<h1>Tool</h1>\n\nIt does things.\n'
    assert parse_text(readme, "README.md").cards == ()


def test_chinese_questions_ask_with_words_or_a_full_width_question_mark():
    headings = (
        "# Vue\n\n## v-show 与 v-if 的区别\n\n+ v-show 切换 display\n+ v-if 销毁并重建\n\n"
        "## vue 如何实现双向绑定\n\n数据劫持加发布订阅。\n\n"
        "## 什么是虚拟 DOM？\n\n用对象描述的 DOM 树。\n"
    )
    assert [q for q, _ in _pairs(headings, "vue.md")] == [
        "v-show 与 v-if 的区别",
        "vue 如何实现双向绑定",
        "什么是虚拟 DOM?",
    ]
    bold = "**什么是 Docker？**\n\n一个容器平台。\n\n**什么是镜像？**\n\n容器的模板。\n"
    assert _pairs(bold, "docker.md") == [
        ("什么是 Docker?", "一个容器平台。"),
        ("什么是镜像?", "容器的模板。"),
    ]


def test_japanese_questions_ask_with_words_without_a_question_mark():
    text = (
        "# 第 11 章の課題\n\n## Check Test\n\n"
        "### Q1 HTML と CSS、JavaScript の役割を説明してください。\n\nA.\n\n"
        "    HTML: ページの骨格\n    CSS: 装飾\n\n"
        "### Q2 空要素の特徴は何ですか\n\nA.\n\n    終了タグがない。\n\n"
        "### Q3 なぜ CSS を分けるのか\n\nA.\n\n    再利用のため。\n"
    )
    assert [a for _, a in _pairs(text, "ja.md")] == [
        "HTML: ページの骨格\nCSS: 装飾",
        "終了タグがない。",
        "再利用のため。",
    ]


def test_answer_labels_in_chinese_are_dropped():
    text = (
        "1. AWS全称是什么?\n   答:Amazon Web Services\n2. AWS中哪个服务提供云存储?\n    答：S3\n"
        "3. 什么是AWS EC2?\n   答案: Elastic Compute Cloud\n"
    )
    assert _pairs(text, "aws.md") == [
        ("AWS全称是什么?", "Amazon Web Services"),
        ("AWS中哪个服务提供云存储?", "S3"),
        ("什么是AWS EC2?", "Elastic Compute Cloud"),
    ]


def test_a_lone_question_label_under_a_heading_does_not_make_options_answers():
    text = (
        "# Exam\n\n## Part 2\n\nQuestion: What is masking?\nA. Hiding digits\nB. Deleting rows\n\n"
        "**参考答案**：A\n\n**题目8**\nFill in: a ( ) governance system.\nA. multilateral\n"
        "B. democratic\n\n**参考答案**：A\n"
    )
    parse_text(text, "exam.md")  # no error: the 'A.' lines are options, not answers


def test_labels_columns_and_reveal_summaries_in_other_languages():
    german = "Frage: Was ist Kapselung?\nAntwort: Daten hinter Methoden verbergen.\n\n" * 1 + (
        "Frage: Was ist Vererbung?\nAntwort:\n- Eine Klasse erbt von einer anderen.\n"
    )
    assert _pairs(german, "se.md") == [
        ("Was ist Kapselung?", "Daten hinter Methoden verbergen."),
        ("Was ist Vererbung?", "- Eine Klasse erbt von einer anderen."),
    ]
    vietnamese = (
        "| Câu hỏi | Tag | Câu trả lời |\n|---|---|---|\n| JVM là gì? | java | Máy ảo Java. |\n"
    )
    assert _pairs(vietnamese, "java.md") == [("JVM là gì?", "Máy ảo Java.")]
    portuguese = "".join(
        f"{n}. {q}\n\n   <details><summary>Resposta</summary> {a}</details>\n\n"
        for n, (q, a) in enumerate(
            (("Qual classe é uma janela?", "JFrame"), ("E o botão?", "JButton")), 1
        )
    )
    assert _pairs(portuguese, "swing.md") == [
        ("Qual classe é uma janela?", "JFrame"),
        ("E o botão?", "JButton"),
    ]
    chinese = (
        "### Day 1\n#### 简述 JDK 的安装过程\n> 下载并配置 JAVA_HOME。\n\n"
        "#### 说说 JVM 的作用\n> 运行字节码。\n\n#### 垃圾回收的原理\n> 可达性分析。\n"
    )
    assert [q for q, _ in _pairs(chinese, "java-zh.md")] == [
        "简述 JDK 的安装过程",
        "说说 JVM 的作用",
        "垃圾回收的原理",
    ]
    go_style = (
        "# Q:= What is a singleton?\nAns:= One instance per process.\n\n"
        "# Q:= What is a factory?\nAns:= A function that builds objects.\n"
    )
    assert _pairs(go_style, "patterns.md") == [
        ("What is a singleton?", "One instance per process."),
        ("What is a factory?", "A function that builds objects."),
    ]


def test_a_folded_table_of_contents_does_not_make_a_details_deck():
    text = (
        "# Networking Interview Questions\n\n### Table of Contents\n\n<details open>\n"
        "<summary>\nHide/Show table of contents\n</summary>\n\n"
        "| No. | Questions |\n| --- | --------- |\n| 1 | [DNS](#dns) |\n\n"
        "1. ### What is DNS?\nIt translates names into IP addresses.\n\n"
        "2. ### What is DHCP?\nIt assigns IP addresses automatically.\n\n"
        "3. ### What is a router?\nIt forwards packets between networks.\n"
    )
    assert layout(text, "net.md") == "bold"
    assert _pairs(text, "net.md") == [
        ("What is DNS?", "It translates names into IP addresses."),
        ("What is DHCP?", "It assigns IP addresses automatically."),
        ("What is a router?", "It forwards packets between networks."),
    ]


def test_a_numbered_bold_line_after_a_numbered_bold_question_is_the_next_question():
    text = (
        "## **Kotlin** :-\n\n"
        "**1. Why should we use Kotlin?**\n\n\tIt is concise and null-safe.\n\n"
        "**2. Difference Between var and val**\n\n\tval cannot be reassigned.\n\n"
        "**3. Kotlin Basic Data Types**\n\n\tInt, Long, Double, Boolean, Char, String.\n\n"
        "**4. what is JvmStatic Annotation in Kotlin**\n\n\tIt makes a static method.\n\n"
        "\t**Steps:**\n\n\t**1. Annotate the method.**\n"
    )
    assert _pairs(text, "kotlin.md") == [
        ("Why should we use Kotlin?", "It is concise and null-safe."),
        ("Difference Between var and val", "val cannot be reassigned."),
        ("Kotlin Basic Data Types", "Int, Long, Double, Boolean, Char, String."),
        (
            "what is JvmStatic Annotation in Kotlin",
            "It makes a static method.\n\n**Steps:**\n\n**1. Annotate the method.**",
        ),
    ]


def test_headings_numbered_as_questions_ask_however_they_are_worded():
    text = (
        "# Data Engineering & AWS Interview Questions\n\n## Concepts\n\n"
        "### Q1: Dimensional Data Modeling\nStar and snowflake schemas.\n\n"
        "### Q2: Data Pipeline Patterns\nBatch and streaming.\n\n"
        "### Q3: Change Data Capture (CDC)\nRead the database log.\n"
    )
    assert _pairs(text, "de.md") == [
        ("Dimensional Data Modeling", "Star and snowflake schemas."),
        ("Data Pipeline Patterns", "Batch and streaming."),
        ("Change Data Capture (CDC)", "Read the database log."),
    ]


def test_a_bold_comparison_asks_and_numbered_bold_topics_follow_it():
    text = (
        "# Data Engineering Interview Q&A\n\n## SQL\n\n"
        "**1. Clustered vs Non-clustered Index**\n- Clustered: rows stored in index order.\n\n"
        "**2. Window Functions**\n- Calculations over related rows.\n\n"
        "**3. DELETE vs TRUNCATE vs DROP**\n- DELETE removes rows; DROP the table.\n"
    )
    assert [q for q, _ in _pairs(text, "de.md")] == [
        "Clustered vs Non-clustered Index",
        "Window Functions",
        "DELETE vs TRUNCATE vs DROP",
    ]


def test_a_tight_numbered_list_of_bold_questions_answered_on_their_own_lines():
    text = (
        "# NLP Interview Prep\n\n## Beginner\n\n"
        "1.  **What is Tokenization?** Splitting text into units.\n"
        "2.  **Stemming vs Lemmatization?** Stemming chops suffixes; lemmatization finds roots.\n"
        "3.  **Explain Self-Attention.** Every token attends to every other.\n\n"
        "## System design\n\n**Q: Design a News Summarization System.**\n- Scraper to Kafka.\n"
    )
    assert _pairs(text, "nlp.md") == [
        ("What is Tokenization?", "Splitting text into units."),
        ("Stemming vs Lemmatization?", "Stemming chops suffixes; lemmatization finds roots."),
        ("Explain Self-Attention.", "Every token attends to every other."),
        ("Design a News Summarization System.", "- Scraper to Kafka."),
    ]


def test_numbered_bold_topics_continue_a_list_of_questions_across_section_headings():
    text = (
        "## PySpark\n\n### General\n\n1. **What is PySpark?**\n   - The Python API for Spark.\n\n"
        "2. **How does Spark recover lost data?**\n   - From the lineage.\n\n"
        "3. **Differences between RDD and DataFrame**:\n   | | RDD | DataFrame |\n"
        "   |---|---|---|\n   | Typed | Yes | No |\n\n"
        "---\n\n### Performance\n\n4. **`cache()` vs `persist()`**\n   - persist picks a level.\n\n"
        "5. **Broadcast joins:**\n   - For a small table.\n\n### References\n\n"
        "1. **Learning Spark**, O'Reilly\n"
    )
    assert [(q, c.topic) for q, c in ((c.question, c) for c in parse_text(text, "s.md").cards)] == [
        ("What is PySpark?", "General"),
        ("How does Spark recover lost data?", "General"),
        ("Differences between RDD and DataFrame", "General"),
        ("`cache()` vs `persist()`", "Performance"),
        ("Broadcast joins:", "Performance"),
    ]


def test_a_title_at_the_question_level_an_emoji_label_and_html_comments_are_no_content():
    text = (
        "### 💼 **Common MongoDB Interview Questions & Answers**\n\nA page intro.\n\n"
        "## 📊 **1. MongoDB Basics**\n\n"
        "### ❓ **Q1. What is MongoDB?**\n**💡 Answer:**\n- A document database.\n\n"
        "### ❓ **Q2. What is BSON?**\n**💡 Answer:**\n<!-- <Write your answer here> -->\n"
        "- Binary JSON.\n\n"
        "### ❓ **Q3. How do you comment a template?**\n**💡 Answer:**\n"
        "```html\n<!-- like this -->\n```\n"
    )
    deck = parse_text(text, "mongo.md")
    assert [(c.question, c.answer, c.topic) for c in deck.cards] == [
        ("What is MongoDB?", "- A document database.", "MongoDB Basics"),
        ("What is BSON?", "- Binary JSON.", "MongoDB Basics"),
        (
            "How do you comment a template?",
            "```html\n<!-- like this -->\n```",
            "MongoDB Basics",
        ),
    ]


def test_numbered_question_headings_that_ask_make_their_titled_peers_questions_too():
    text = "# GraphQL questions\n\n## Core\n\n" + "".join(
        f"### {n}. {q}\n\n* {a}\n\n"
        for n, (q, a) in enumerate(
            (
                ("What is GraphQL?", "A query language for APIs."),
                ("What are resolvers?", "Functions that fetch each field."),
                ("Pagination", "Cursor-based connections."),
                ("What is schema stitching?", "Merging schemas into one."),
                ("Apollo Federation", "Subgraphs composed by a gateway."),
                ("Persisted queries", "Queries stored by hash."),
                ("Debugging slow queries", "Trace resolvers, batch with DataLoader."),
            ),
            1,
        )
    )
    assert [q for q, _ in _pairs(text, "graphql.md")] == [
        "What is GraphQL?",
        "What are resolvers?",
        "Pagination",
        "What is schema stitching?",
        "Apollo Federation",
        "Persisted queries",
        "Debugging slow queries",
    ]


def test_a_web_pages_front_matter_tags_its_questions():
    text = (
        "---\ntitle: Spark interview prep\ntags: [interview, spark]\npersona: de\n---\n\n"
        "### Spark Questions\n\n"
        + "".join(f"**What does {x} do?**\n- It {x}s.\n\n" for x in ("cache", "collect", "count"))
    )
    deck = parse_text(text, "spark.md")
    assert layout(text, "spark.md") == "bold"
    assert [c.tags for c in deck.cards] == [("interview", "spark")] * 3
    assert not deck.warnings or all("persona" not in w.message for w in deck.warnings)
