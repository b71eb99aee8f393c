"""Markdown comparison tables in answers, read as one statement per cell."""

from __future__ import annotations

import re

from engine.checker.words import _wordset

# "| Managed by AWS | Yes | No |": cells that only affirm or deny the row's label.
_YES = frozenset({"yes", "y", "true", "✓", "✔", "✅", "supported", "x"})
_NO = frozenset({"no", "n", "false", "✗", "✘", "❌", "-", "—", "none", "not supported", "n/a"})
# What a comparison table's first header cell says (the rows are what is compared); other
# tables ("| # | Action | Priority |") list items, one a row, and are read as written.
_COMPARED_BY = _wordset(
    """feature features aspect aspects criteria criterion attribute attributes property
    properties characteristic characteristics category comparison dimension dimensions parameter
    parameters factor factors point difference differences basis metric metrics capability
    capabilities option options item"""
) | {""}
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")


def _cells(line: str, start: int) -> list[tuple[str, int]] | None:
    """Return a table row's cells, each stripped, with its offset in the text; None if no row."""
    body = line.strip()
    if not (body.startswith("|") and body.endswith("|")) or body.count("|") < 3:
        return None
    at = start + line.index("|") + 1
    out = []
    for raw in body[1:-1].split("|"):
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip().strip("*_`").strip()
        offset = raw.find(cell) if cell else lead
        out.append((cell, at + max(offset, 0)))
        at += len(raw) + 1
    return out


def unfold_tables(text: str, said: str = ": ", between: str = " ") -> tuple[str, list[int]] | None:
    """Rewrite each comparison table as statements, one per data cell; None if it has none.

    Under "| Feature | Gateway endpoint | Interface endpoint |", the row "| Cost | Free |
    Hourly |" becomes "Gateway endpoint: Cost Free." and "Interface endpoint: Cost Hourly.";
    a cell that only says yes or no keeps or denies the row's label ("NAT instance: no
    Managed by AWS."). Returns the new text and, per character, its offset in `text`, so
    evidence found in it can be shown in the answer as typed. `said` goes after the column's
    name and `between` between the row's label and the cell.
    """
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((line, at))
        at += len(line) + 1
    pieces: list[tuple[str, int]] = []  # (text, offset in the original of its first char)
    keep: list[bool] = []  # whether a piece is copied, its characters keeping their offsets
    i = 0
    found = False
    while i < len(lines):
        line, start = lines[i]
        header = _cells(line, start)
        rows_at = i + 2
        # "| NACL | Security Group |": two things side by side, a row each of their traits.
        pair = (
            header is not None
            and len(header) == 2
            and all(c for c, _ in header)
            and header[0][0].lower().strip(" :?") not in _COMPARED_BY
        )
        if (
            header is not None
            and (
                pair
                or (
                    len(header) >= 3
                    and (header[0][0].lower().strip(" :?") in _COMPARED_BY or not header[-1][0])
                )
            )
            and i + 1 < len(lines)
            and _SEPARATOR.match(lines[i + 1][0])
        ):
            if not header[-1][0] and header[0][0]:
                # "| Security Group | NACL | |": a header written without its label cell.
                header = [("", header[0][1]), *header[:-1]]
            if pair:
                header = [("", header[0][1]), *header]
            j = rows_at
            while j < len(lines) and (row := _cells(*lines[j])) is not None:
                if pair:
                    row = [("", row[0][1]), *row]
                label, label_at = row[0]
                for (name, name_at), (value, value_at) in zip(header[1:], row[1:], strict=False):
                    if not name or not value:
                        continue
                    found = True
                    pieces.append((name, name_at))
                    keep.append(True)
                    pieces.append((said, name_at + len(name) - 1))
                    keep.append(False)
                    word = value.lower()
                    lead = re.split(r"[\s(,;:]", word, maxsplit=1)[0]
                    if word in _NO or lead in _NO:
                        pieces.append(("no ", value_at))
                        keep.append(False)
                    if label:
                        pieces.append((label, label_at))
                        keep.append(True)
                    if word not in _YES and word not in _NO:
                        pieces.append((between if label else " ", value_at))
                        keep.append(False)
                        pieces.append((value, value_at))
                        keep.append(True)
                    pieces.append((".\n", value_at + len(value) - 1))
                    keep.append(False)
                j += 1
            i = j
            continue
        pieces.append((line + "\n", start))
        keep.append(True)
        i += 1
    if not found:
        return None
    out, where = [], []
    for (piece, origin), copied in zip(pieces, keep, strict=True):
        out.append(piece)
        where.extend(
            min(origin + k, len(text) - 1) if copied else origin for k in range(len(piece))
        )
    # Every line got a line break; the text's last line has none of its own.
    return "".join(out)[:-1], where[:-1]
