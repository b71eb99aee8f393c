"""Pages written in HTML inside a `.md` file (`<h3>01. What is X?</h3>`, `<p>...</p>`):
rewritten as Markdown line for line, so that the other layouts can read them."""

from __future__ import annotations

import html
import re

from engine.formats.common import fenced

# A file is HTML when this share of its non-blank lines outside code hold a tag.
TAGGED_SHARE = 0.4
_TAG_LINE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*>")
_HEADING = re.compile(r"<h([1-6])\b[^<>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_BOLD = re.compile(r"</?(?:b|strong)\b[^<>]*>", re.IGNORECASE)
_ITALIC = re.compile(r"</?(?:i|em)\b[^<>]*>", re.IGNORECASE)
_CODE = re.compile(r"</?code\b[^<>]*>", re.IGNORECASE)
_ITEM = re.compile(r"<li\b[^<>]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*>")


def tagged(text: str) -> bool:
    """Tell whether most of a file's lines are HTML (then Markdown's own syntax is scarce)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    inside = fenced(lines)
    written = [x for x, code in zip(lines, inside, strict=True) if x.strip() and not code]
    tags = sum(1 for x in written if _TAG_LINE.search(x))
    return bool(written) and tags >= TAGGED_SHARE * len(written)


def as_markdown(text: str) -> str:
    """Return the text with its HTML rewritten as Markdown, one line for each line.

    Headings become `#` headings, bold and italics emphasis, `<code>` backticks and `<li>`
    bullets; other tags and comments are dropped and entities decoded. Lines lose the
    indentation HTML gives them (in Markdown four spaces would make them code).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A comment may span lines (a commented-out draft of the page): its lines stay, empty.
    text = _COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text)
    lines = text.split("\n")
    inside = fenced(lines)
    out = []
    for line, code in zip(lines, inside, strict=True):
        if code:
            out.append(line)
            continue
        line = _HEADING.sub(lambda m: "#" * int(m[1]) + " " + m[2].strip(), line)
        line = _BOLD.sub("**", line)
        line = _ITALIC.sub("*", line)
        line = _CODE.sub("`", line)
        line = _ITEM.sub("- ", line)
        line = html.unescape(_ANY_TAG.sub(" ", line))
        out.append(" ".join(line.split()) if not line.lstrip().startswith("#") else line.strip())
    return "\n".join(out)
