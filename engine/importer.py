"""Import deck files into the store, all or nothing, keeping each card's history across edits.

Identity rules, in order (docs/ARCHITECTURE.md explains why):

1. A card's id is its explicit `id:`, else `deck.card_id(deck, question)`.
2. An id already in the store is the same card: its content is updated in place, so
   its reviews stay attached; if it was retired it is restored.
3. A new id (in no row of the store) whose normalised question is very similar to a
   card that vanished from a re-imported file of the same deck (or the same file),
   and that card had no explicit id, takes over that card's id history: "renamed".
4. Cards that vanished from a re-imported file, or whose file was deleted from an
   imported directory, are retired (hidden, history kept).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path

from engine.deck import duplicate_cards, normalise_question, parse_file
from engine.errors import DeckError, DeckErrors, QuizError, StoreError
from engine.formats import DECK_SUFFIXES, is_package, parse_package, parse_text
from engine.model import Card, Deck, DeckIssue
from engine.store import ImportBatch, SourceRow, Store, StoredCard, card_content_hash

# A reworded question must be at least this similar (difflib ratio) to the vanished one.
RENAME_SIMILARITY = 0.8
# Above this many (vanished x new) question pairs, only exact rewordings are matched:
# comparing every pair of two unrelated 10k-card decks would take minutes.
MAX_RENAME_PAIRS = 1_000_000
_ATTEMPTS = 3
_KINDS = ("added", "updated", "unchanged", "renamed", "retired", "restored")

Progress = Callable[[str, int, int], None]
"""Called as progress(label, done, total): "Parsing" counts bytes, "Writing" counts cards."""


@dataclass(frozen=True, slots=True)
class Counts:
    """What an import did to cards, by kind of change."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    renamed: int = 0
    retired: int = 0
    restored: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self))
        )

    def as_dict(self) -> dict[str, int]:
        """Return the counts keyed by name, in report order."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome for one deck file; `parsed` is False when its content was unchanged."""

    path: str
    deck: str
    counts: Counts
    parsed: bool = True


@dataclass(frozen=True, slots=True)
class Rename:
    """A card whose question was reworded and that kept its history under a new id."""

    old_id: str
    new_id: str
    old_question: str
    new_question: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Per-file counts, renames and warnings of one import (or of a dry run)."""

    files: tuple[FileReport, ...]
    warnings: tuple[DeckIssue, ...] = ()
    renames: tuple[Rename, ...] = ()
    dry_run: bool = False

    @property
    def totals(self) -> Counts:
        """The counts summed over every file."""
        total = Counts()
        for report in self.files:
            total += report.counts
        return total


@dataclass(frozen=True, slots=True)
class LintReport:
    """What `lint` found in a set of deck files, without touching any database."""

    files: tuple[str, ...]
    cards: int
    errors: tuple[DeckError, ...] = ()
    warnings: tuple[DeckIssue, ...] = ()


@dataclass(frozen=True, slots=True)
class _File:
    """A deck file named on the command line (or found in a directory named there)."""

    path: Path  # absolute and resolved: the key the store knows the file by
    shown: str  # as the user would write it, for messages


@dataclass(slots=True)
class _Plan:
    batch: ImportBatch
    files: list[FileReport]
    warnings: list[DeckIssue] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)


class _SourcesChanged(Exception):
    """Another process imported some of these files between our read and our write lock."""


# --- finding and reading files ------------------------------------------------------------


def collect_files(paths: Iterable[str | Path]) -> list[_File]:
    """Expand files and directories (recursive `*.md`, `*.csv`, `*.tsv`, `*.apkg`, sorted).

    Hidden files and directories are skipped.

    Raises:
        QuizError: a path does not exist.
    """
    found: dict[Path, _File] = {}
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise QuizError(f"{given}: no such file or directory")
        if path.is_dir():
            members = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in DECK_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            members = [path]
        for member in members:
            found.setdefault(member.resolve(), _File(member.resolve(), str(member)))
    return list(found.values())


def _directories(paths: Iterable[str | Path]) -> list[Path]:
    return [Path(p).resolve() for p in paths if Path(p).is_dir()]


def _read(file: _File) -> bytes:
    """Return the file's bytes, or raise the parser's DeckErrors naming it."""
    try:
        return file.path.read_bytes()
    except OSError:
        parse_file(file.path, file.shown)  # raises DeckErrors with the parser's wording
        raise


def _read_all(files: Sequence[_File]) -> dict[Path, bytes]:
    """Read every file; raise DeckErrors naming each one that cannot be read."""
    data, errors = {}, []
    for file in files:
        try:
            data[file.path] = _read(file)
        except DeckErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise DeckErrors(errors)
    return data


def _parse(file: _File, data: bytes) -> Deck:
    """Parse bytes already read (and hashed); raise DeckErrors naming the file as given.

    Cards come back with the absolute path (the store's key for the file); errors and
    warnings with the path as the user gave it. Anki packages are read as bytes.
    """
    try:
        if is_package(file.path):
            deck = parse_package(data, str(file.path))
        else:
            deck = parse_text(_decoded(file, data), str(file.path))
    except DeckErrors as exc:
        raise DeckErrors([DeckError(file.shown, e.line, e.message) for e in exc.errors]) from None
    warnings = tuple(DeckIssue(file.shown, w.line, w.message) for w in deck.warnings)
    return dataclasses.replace(deck, warnings=warnings)


def _decoded(file: _File, data: bytes) -> str:
    """Return the bytes as UTF-8 text, or raise the parser's DeckErrors naming the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        parse_file(file.path, file.shown)  # raises DeckErrors with the parser's wording
        raise


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _parse_all(
    files: Sequence[_File], data: dict[Path, bytes], progress: Progress | None
) -> tuple[list[Deck], list[DeckError]]:
    decks, errors = [], []
    total, done = sum(len(data[f.path]) for f in files), 0
    for file in files:
        try:
            decks.append(_parse(file, data[file.path]))
        except DeckErrors as exc:
            errors.extend(exc.errors)
        done += len(data[file.path])
        if progress is not None:
            progress("Parsing", done, total)
    return decks, errors


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block that only accumulates live objects.

    An import keeps every parsed card alive until it commits, so each full collection
    walks all of them again for nothing: about a fifth of the time at 30k cards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- lint -------------------------------------------------------------------------------


def lint_paths(paths: Iterable[str | Path]) -> LintReport:
    """Parse deck files and check ids and Related entries across them, without a database.

    Raises:
        QuizError: a path does not exist.
    """
    files = collect_files(paths)
    decks, errors = [], []
    for file in files:
        try:
            decks.append(_parse(file, _read(file)))
        except DeckErrors as exc:
            errors.extend(exc.errors)
    cards = [card for deck in decks for card in deck.cards]
    shown = {str(f.path): f.shown for f in files}
    # As an import into an empty database would: another deck's id kept apart, with a warning.
    cards, apart = _kept_apart(cards, {}, set(shown), set(shown), shown)
    errors.extend(duplicate_cards(cards, functools.partial(_shown, files=shown)))
    warnings = [w for deck in decks for w in deck.warnings] + apart
    warnings.extend(_unknown_related(cards, {}, set(), shown))
    return LintReport(
        files=tuple(f.shown for f in files),
        cards=len(cards),
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


# --- import -----------------------------------------------------------------------------


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    """Import deck files and directories into the store in one transaction.

    Files whose bytes are unchanged since the last import are not parsed; cards whose
    content is unchanged are not written; if nothing changed, nothing is written at all.
    With `dry_run`, report what would happen and write nothing.

    Raises:
        QuizError: a path does not exist.
        DeckErrors: any file has errors (all of them are listed); nothing was written.
    """
    paths = list(paths)
    files = collect_files(paths)
    for _ in range(_ATTEMPTS):
        try:
            with _gc_paused():
                report = _import_once(store, files, _directories(paths), dry_run, now, progress)
        except _SourcesChanged:
            continue
        if not report.files:
            # Nothing found and nothing retired: most likely the wrong directory.
            raise _nothing_found(paths)
        return report
    raise StoreError(f"{store.path}: other imports kept changing these decks; try again")


def require_files(paths: Iterable[str | Path]) -> None:
    """Raise QuizError when the paths hold no deck file at all (checked before a store exists)."""
    paths = list(paths)
    if not collect_files(paths):
        raise _nothing_found(paths)


def _nothing_found(paths: Sequence[str | Path]) -> QuizError:
    kinds = ", ".join(f"*{s}" for s in DECK_SUFFIXES)
    shown = ", ".join(str(p) for p in paths)
    return QuizError(f"{shown}: no deck files found (looked for {kinds})")


def _import_once(
    store: Store,
    files: list[_File],
    directories: list[Path],
    dry_run: bool,
    now: datetime,
    progress: Progress | None,
) -> ImportReport:
    data = _read_all(files)
    hashes = {str(f.path): _file_hash(data[f.path]) for f in files}
    with store.snapshot():
        stored = store.source_hashes(hashes)
        gone = _deleted_sources(store, directories, hashes)
    changed = [f for f in files if stored.get(str(f.path)) != hashes[str(f.path)]]
    decks, errors = _parse_all(changed, data, progress)
    if errors:
        raise DeckErrors(errors)
    if not changed and not gone:
        # The common re-import: answer from the store without opening a write transaction.
        with store.snapshot():
            return ImportReport(files=tuple(_unparsed_reports(store, files)), dry_run=dry_run)
    if dry_run:
        with store.snapshot():
            plan = _plan(store, files, changed, decks, hashes, gone)
        return _report(plan, dry_run=True)
    with store.write():
        if store.source_hashes(hashes) != stored:
            raise _SourcesChanged
        plan = _plan(store, files, changed, decks, hashes, gone)
        if progress is not None:
            progress("Writing", 0, len(plan.batch.inserts) + len(plan.batch.updates))
        store.apply_import(plan.batch, now)
        if progress is not None:
            written = len(plan.batch.inserts) + len(plan.batch.updates)
            progress("Writing", written, written)
    return _report(plan, dry_run=False)


def _report(plan: _Plan, dry_run: bool) -> ImportReport:
    return ImportReport(
        files=tuple(plan.files),
        warnings=tuple(plan.warnings),
        renames=tuple(plan.renames),
        dry_run=dry_run,
    )


def _deleted_sources(store: Store, directories: list[Path], present: dict[str, str]) -> list[str]:
    """Return stored source files inside an imported directory that no longer exist."""
    if not directories:
        return []
    return [
        path
        for path in store.source_paths()
        if path not in present
        and any(Path(path).is_relative_to(d) for d in directories)
        and not Path(path).exists()
    ]


def _unparsed_reports(store: Store, files: Sequence[_File]) -> list[FileReport]:
    summaries = store.source_summaries(str(f.path) for f in files)
    return [
        FileReport(
            f.shown,
            summaries[str(f.path)][0],
            Counts(unchanged=summaries[str(f.path)][1]),
            parsed=False,
        )
        for f in files
    ]


def _shown(path: str, files: dict[str, str]) -> str:
    """Return how to show a stored absolute path: as given on the command line, else relative."""
    if path in files:
        return files[path]
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path


def _plan(
    store: Store,
    files: list[_File],
    changed: list[_File],
    decks: list[Deck],
    hashes: dict[str, str],
    gone: list[str],
) -> _Plan:
    """Work out every change of this import from the parsed decks and the stored cards.

    Raises:
        DeckErrors: an id is used twice among the files imported together.
    """
    index = store.card_index()
    shown = {str(f.path): f.shown for f in files}
    reparsed = {str(f.path) for f in changed} | set(gone)
    together = set(shown)

    incoming = [card for deck in decks for card in deck.cards]
    incoming, apart = _kept_apart(incoming, index, together, reparsed, shown)
    errors = duplicate_cards(incoming, functools.partial(_shown, files=shown))
    for card in incoming:
        old = index.get(card.id)
        if old and not old.retired and old.path in together and old.path not in reparsed:
            errors.append(_clash(card, old, shown))
    if errors:
        raise DeckErrors(errors)

    by_id = {card.id: card for card in incoming}
    vanished = [
        old
        for old in index.values()
        if not old.retired and old.path in reparsed and old.id not in by_id
    ]
    new_cards = [card for card in incoming if card.id not in index]
    warnings = [w for deck in decks for w in deck.warnings] + apart
    pairs, skipped = _match_renames(vanished, new_cards)
    if skipped:
        warnings.append(skipped)
    renamed_to = {new.id: old for old, new in pairs}
    renamed_from = {old.id for old, _ in pairs}

    tally = {path: dict.fromkeys(_KINDS, 0) for path in [*(str(f.path) for f in changed), *gone]}
    renames, inserts, updates, moves, restore, invalidate = [], [], [], [], [], []
    for card in incoming:
        old = renamed_to.get(card.id) or index.get(card.id)
        if old is None:
            kind = "added"
            inserts.append(card)
        elif card.id in renamed_to:
            kind = "renamed"
            updates.append(card)
            renames.append(
                Rename(old.id, card.id, old.question, card.question, shown[card.path], card.line)
            )
        elif old.retired:
            kind = "restored"
            restore.append(card.id)
            _refresh(card, old, updates, moves)
        else:
            if old.path not in together and old.path not in reparsed:
                warnings.append(_moved_warning(card, old, shown))
                invalidate.append(old.path)
            content_changed = _refresh(card, old, updates, moves)
            kind = "updated" if content_changed or old.path != card.path else "unchanged"
        tally[card.path][kind] += 1
    retire = []
    for old in vanished:
        if old.id not in renamed_from:
            retire.append(old.id)
            tally[old.path]["retired"] += 1
    counts = {path: Counts(**kinds) for path, kinds in tally.items()}

    warnings.extend(_unknown_related(incoming, index, reparsed, shown))
    deck_of = {deck.path: deck.name for deck in decks}
    summaries = store.source_summaries(gone)
    reports = []
    unparsed = [f for f in files if str(f.path) not in counts]
    unparsed_reports = {r.path: r for r in _unparsed_reports(store, unparsed)}
    for file in files:
        key = str(file.path)
        if key in counts:
            reports.append(FileReport(file.shown, deck_of[key], counts[key]))
        else:
            reports.append(unparsed_reports[file.shown])
    for path in gone:
        reports.append(FileReport(_shown(path, shown), summaries[path][0], counts[path]))

    batch = ImportBatch(
        decks=tuple(dict.fromkeys(deck.name for deck in decks)),
        sources=tuple(
            SourceRow(deck.path, deck.name, hashes[deck.path], deck.glossary) for deck in decks
        ),
        renames=tuple((old.id, new.id) for old, new in pairs),
        inserts=tuple(inserts),
        updates=tuple(updates),
        moves=tuple(moves),
        retire=tuple(retire),
        restore=tuple(restore),
        forget_sources=tuple(gone),
        invalidate_sources=tuple(dict.fromkeys(invalidate)),
    )
    return _Plan(batch, reports, warnings, renames)


def _refresh(card: Card, old: StoredCard, updates: list[Card], moves: list) -> bool:
    """Queue the writes that bring a stored card up to date; return whether content changed."""
    if card_content_hash(card) != old.content_hash:
        updates.append(card)
        return True
    if (card.path, card.line) != (old.path, old.line):
        moves.append((card.id, card.path, card.line))
    return False


def _clash(card: Card, old: StoredCard, shown: dict[str, str]) -> DeckError:
    where = f"{_shown(old.path, shown)}:{old.line}"
    what = f"id '{card.id}'" if card.explicit_id else "this question"
    return DeckError(
        shown[card.path],
        card.line,
        f"{what} is already used by the card at {where} (imported together, unchanged); "
        "give each card its own id",
    )


def _kept_apart(
    incoming: list[Card],
    index: dict[str, StoredCard],
    together: set[str],
    reparsed: set[str],
    shown: dict[str, str],
) -> tuple[list[Card], list[DeckIssue]]:
    """Give a card whose id a card of another deck has an id of its own.

    Two authors chose the same id ("cmd-vs-entrypoint" in a Docker and a Kubernetes deck):
    moving the stored card here, with its history, would take it from the other deck while
    that deck's file still has it. The newcomer is kept as "<deck>:<id>" instead, the same on
    every import of its file; the card the store knows by the id keeps it. (Within one deck
    the same id twice stays an error; a card whose old file no longer has it still moves.)
    """
    rivals: dict[str, list[Card]] = {}
    for card in incoming:
        if card.explicit_id:
            rivals.setdefault(card.id, []).append(card)
    out, warnings = [], []
    files: dict[str, dict[str, Card]] = {}
    for card in incoming:
        if not card.explicit_id:
            out.append(card)
            continue
        apart = f"{_slug(card.deck)}:{card.id}"
        stored = index.get(apart)
        rival = _rival(card, rivals[card.id], index.get(card.id), together, reparsed, files)
        if rival is not None:
            warnings.append(
                DeckIssue(
                    shown[card.path],
                    card.line,
                    f"id '{card.id}' is already used by a card of deck "
                    f"'{rival.deck}' at {_shown(rival.path, shown)}:{rival.line}; this card is "
                    f"kept apart as '{apart}' (give it an id of its own to choose another)",
                )
            )
        if rival is not None or (stored is not None and stored.path == card.path):
            card = dataclasses.replace(card, id=apart)
        out.append(card)
    return out, warnings


def _rival(
    card: Card,
    same_id: list[Card],
    old: StoredCard | None,
    together: set[str],
    reparsed: set[str],
    files: dict[str, dict[str, Card]],
) -> Card | StoredCard | None:
    """Return the card of another deck that keeps this card's id, if one does."""
    if (
        old is not None
        and not old.retired
        and old.deck != card.deck
        and old.path != card.path
        and old.path not in reparsed  # Reparsed now, its card is in `same_id` if still there.
        and (old.path in together or card.id in _cards_in(old.path, files))
    ):
        return old  # The stored card keeps its id while its file (not reparsed) has it.
    rivals = [c for c in same_id if c is card or (c.path != card.path and c.deck != card.deck)]
    if len(rivals) > 1:
        # The card the store knows by this id keeps it; else the first one imported.
        keeper = next((c for c in rivals if old and c.path == old.path), rivals[0])
        return None if keeper is card else keeper
    return None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "deck"


def _cards_in(path: str, cache: dict[str, dict[str, Card]]) -> dict[str, Card]:
    """Return the cards a stored source file defines now, by id (none if unreadable)."""
    if path not in cache:
        file = _File(Path(path), path)
        try:
            cards = _parse(file, _read(file)).cards
        except DeckErrors:  # unreadable, not UTF-8 or broken: it defines nothing now
            cards = ()
        cache[path] = {c.id: c for c in cards}
    return cache[path]


def _moved_warning(card: Card, old: StoredCard, shown: dict[str, str]) -> DeckIssue:
    return DeckIssue(
        shown[card.path],
        card.line,
        f"card '{card.id}' moved here from {_shown(old.path, shown)}:{old.line}, which was not "
        "imported now; if it is still there too, importing that file will move it back",
    )


# --- renames ----------------------------------------------------------------------------


def _match_renames(
    vanished: list[StoredCard], new_cards: list[Card]
) -> tuple[list[tuple[StoredCard, Card]], DeckIssue | None]:
    """Pair vanished cards with new ones whose questions are near-identical, best pair first.

    Only a vanished card without an explicit id can be taken over (an explicit id is
    the learner's own statement of identity), by a new card of the same deck or file.
    """
    olds = [o for o in vanished if not o.explicit_id]
    if not olds or not new_cards:
        return [], None
    old_text = {o.id: normalise_question(o.question) for o in olds}
    new_text = {n.id: normalise_question(n.question) for n in new_cards}
    candidates = (
        [(o, n) for o in olds for n in new_cards if o.deck == n.deck or o.path == n.path]
        if len(olds) * len(new_cards) <= MAX_RENAME_PAIRS
        else None
    )
    scored: list[tuple[float, int, StoredCard, Card]] = []
    skipped = None
    if candidates is None:
        # Too many to compare pairwise: only questions that normalise identically.
        by_text: dict[str, list[Card]] = {}
        for n in new_cards:
            by_text.setdefault(new_text[n.id], []).append(n)
        for o in olds:
            for n in by_text.get(old_text[o.id], []):
                if o.deck == n.deck or o.path == n.path:
                    scored.append((1.0, len(scored), o, n))
        skipped = DeckIssue(
            new_cards[0].path,
            0,
            f"{len(olds)} questions vanished and {len(new_cards)} appeared: too many to match "
            "reworded questions, so only identical ones kept their history",
        )
    else:
        for o, n in candidates:
            a, b = old_text[o.id], new_text[n.id]
            if 2 * min(len(a), len(b)) < RENAME_SIMILARITY * (len(a) + len(b)):
                continue
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            if matcher.quick_ratio() < RENAME_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= RENAME_SIMILARITY:
                scored.append((ratio, len(scored), o, n))
    scored.sort(key=lambda item: (-item[0], item[1]))
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    pairs = []
    for _, _, o, n in scored:
        if o.id not in taken_old and n.id not in taken_new:
            taken_old.add(o.id)
            taken_new.add(n.id)
            pairs.append((o, n))
    return pairs, skipped


# --- Related --------------------------------------------------------------------------


def _unknown_related(
    cards: Sequence[Card],
    index: dict[str, StoredCard],
    reparsed: set[str],
    shown: dict[str, str],
) -> list[DeckIssue]:
    """Warn about Related entries naming neither an id nor a question of a known card.

    Known cards are those being imported plus the live stored cards of other files.
    """
    ids = {c.id for c in cards}
    ids.update(i for i, c in index.items() if not c.retired and c.path not in reparsed)
    unresolved = [(card, entry) for card in cards for entry in card.related if entry not in ids]
    if not unresolved:
        return []
    # Normalising every stored question is the slow part, so only when an id did not match.
    questions = {normalise_question(c.question) for c in cards}
    questions.update(
        normalise_question(c.question)
        for c in index.values()
        if not c.retired and c.path not in reparsed
    )
    return [
        DeckIssue(
            _shown(card.path, shown),
            card.line,
            f"Related entry '{entry}' names no known card (neither an id nor a question); "
            "check its spelling",
        )
        for card, entry in unresolved
        if normalise_question(entry) not in questions
    ]
