"""The interactive study screen: prompt_toolkit for input, rich for rendering.

`build_app(session)` returns a full-screen Application whose result is the session
`Summary` once the learner quits (q, Ctrl-C) or finishes. Input and output are
injectable, so tests drive it through a pipe and assert on what the store recorded.

Screen, top to bottom: a header (deck · topic · level, why the card is due), a notice
line (what just happened), the scrollable content (question; after submitting, the
graded answer), a rule, the panel for the current step (answer editor, ratings,
prompts) with the keys that work right now, and a toolbar (cards left, time).
"""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import ANSI, StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import (
    ConditionalContainer,
    Dimension,
    FormattedTextControl,
    HSplit,
    Layout,
    Window,
)
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style
from prompt_toolkit.widgets import TextArea
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from engine import checker
from engine.formats.common import fenced
from engine.model import PointResult, PointStatus, Rating, Verdict
from engine.session import Counts, Due, Session, Summary, format_interval

# Control characters except newline and tab, plus DEL and the C1 range: neither a deck
# nor a typed answer may drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")

MARKS = {
    PointStatus.COVERED: ("✓", "green"),
    PointStatus.MISSED: ("✗", "red"),
    PointStatus.CONTRADICTED: ("⚠", "yellow"),
}
RATING_NAMES = {r: r.name.capitalize() for r in Rating}
EDITOR_MAX_LINES = 12

STYLE = Style.from_dict(
    {
        "header": "reverse bold",
        "toolbar": "reverse",
        "key": "bold",
        "hint": "#999999",
        "label": "bold",
        "notice": "bold #00af00",
        "warning": "bold #d75f00",
        "rating.selected": "reverse bold",
        "rating.suggested": "italic",
        "input": "bg:#1c1c1c",
        "rule": "#585858",
    }
)


def clean(text: str) -> str:
    """Return `text` without terminal control characters (newlines and tabs stay)."""
    return _CONTROL.sub("", text)


def render_ansi(renderable: RenderableType, width: int) -> list[str]:
    """Render a rich renderable `width` columns wide; return its lines with ANSI styles."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(20, width),
        force_terminal=True,
        color_system="256",
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(renderable)
    return buffer.getvalue().rstrip("\n").split("\n")


def markdown(text: str) -> Markdown:
    """Return deck Markdown as a rich renderable, control characters removed."""
    return Markdown(clean(text), code_theme="ansi_dark")


def question_markdown(text: str) -> Markdown:
    """Return a question as Markdown whose lines stay lines ("Which one?", "A: ...", "B: ...").

    An imported question's line breaks are its own (a quiz's options, one per line), where
    Markdown would join them into one paragraph; code blocks (`fenced`) are left as they are.
    """
    lines = clean(text).split("\n")
    code = fenced(lines)
    for n in range(len(lines) - 1):
        if not (code[n] or code[n + 1]) and lines[n].strip() and lines[n + 1].strip():
            lines[n] = lines[n].rstrip() + "  "
    return Markdown("\n".join(lines), code_theme="ansi_dark")


def _clock(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _wrap_keys(items: list[tuple[str, str]], width: int) -> list[StyleAndTextTuples]:
    """Lay out (key, action) hints as lines no wider than `width`."""
    lines: list[StyleAndTextTuples] = []
    line: StyleAndTextTuples = []
    used = 0
    for key, action in items:
        size = len(key) + len(action) + 5
        if line and used + size > width:
            lines.append(line)
            line, used = [], 0
        line += [("", " · " if line else " "), ("class:key", key), ("class:hint", f": {action}")]
        used += size
    if line:
        lines.append(line)
    return lines


def _join_lines(lines: list[StyleAndTextTuples]) -> StyleAndTextTuples:
    out: StyleAndTextTuples = []
    for i, line in enumerate(lines):
        if i:
            out.append(("", "\n"))
        out += line
    return out


class Phase(Enum):
    """What the screen is waiting for."""

    ASK = "ask"  # typing an answer
    RESULT = "result"  # choosing a rating
    PICK = "pick"  # typing the number of a key point to mark covered
    ALIAS = "alias"  # typing the phrase to save as an alias suggestion
    DONE = "done"  # nothing left right now


@dataclass
class _State:
    phase: Phase = Phase.ASK
    due: Due | None = None
    verdict: Verdict | None = None
    answer: str = ""
    intervals: dict[Rating, timedelta] = field(default_factory=dict)
    selected: Rating = Rating.GOOD
    show_explanation: bool = False
    show_hands_on: bool = False
    shown_at: datetime | None = None
    notice: str = ""
    warning: str = ""
    offset: int = 0
    pick_index: int = 0
    overridden: set[int] = field(default_factory=set)
    counts: Counts | None = None
    waiting_until: datetime | None = None  # a learning card comes back then
    shown: int = 0  # counts screens, so each one renders afresh


class StudyScreen:
    """The study screen's state, layout, keys and actions; `app` runs it."""

    def __init__(self, session: Session, *, input: Input | None, output: Output | None) -> None:
        self.session = session
        self.state = _State()
        self._cache: dict[tuple, list[str]] = {}
        self.editor = TextArea(
            multiline=True,
            wrap_lines=True,
            style="class:input",
            height=lambda: Dimension.exact(self._editor_height()),
            get_line_prefix=lambda line, wrap: "  > " if line == 0 and wrap == 0 else "    ",
        )
        self.line_input = TextArea(multiline=False, style="class:input", height=1, prompt="  > ")
        self.content = Window(
            FormattedTextControl(self._content_text, focusable=True),
            wrap_lines=False,
            always_hide_cursor=True,
            height=lambda: Dimension.exact(self._content_height()),
        )
        self.app: Application[Summary] = Application(
            layout=Layout(self._container(), focused_element=self.editor),
            key_bindings=self._bindings(),
            style=STYLE,
            full_screen=True,
            refresh_interval=1.0,
            input=input,
            output=output,
        )
        self.app.pre_run_callables.append(
            lambda: self.app.create_background_task(self._wait_for_learning())
        )
        self._load_next()

    # -- layout -----------------------------------------------------------------------------

    def _is(self, *phases: Phase) -> Condition:
        return Condition(lambda: self.state.phase in phases)

    def _container(self) -> HSplit:
        def text(get, style: str = "", height=None) -> Window:
            size = height or (lambda: Dimension.exact(_count_lines(get())))
            return Window(FormattedTextControl(get), height=size, style=style)

        return HSplit(
            [
                text(self._header, "class:header", 1),
                ConditionalContainer(
                    text(self._notice), Condition(lambda: bool(self._notice_lines()))
                ),
                self.content,
                Window(height=1, char="─", style="class:rule"),
                ConditionalContainer(
                    text(self._panel), ~self._is(Phase.ASK, Phase.PICK, Phase.ALIAS)
                ),
                ConditionalContainer(HSplit([text(self._panel), self.editor]), self._is(Phase.ASK)),
                ConditionalContainer(
                    HSplit([text(self._panel), self.line_input]), self._is(Phase.PICK, Phase.ALIAS)
                ),
                Window(),  # the space left over, so that everything above stays together
                text(self._toolbar, "class:toolbar", 1),
            ]
        )

    def _size(self) -> tuple[int, int]:
        size = self.app.output.get_size()
        return size.rows, size.columns

    def _width(self) -> int:
        return max(20, self._size()[1] - 1)

    def _editor_height(self) -> int:
        return min(EDITOR_MAX_LINES, max(3, self.editor.document.line_count + 1))

    def _content_room(self) -> int:
        """Return the rows left for the content once everything else has its share."""
        rows, _ = self._size()
        fixed = 3 + _count_lines(self._panel())  # header, rule, toolbar, panel
        fixed += len(self._notice_lines())
        if self.state.phase == Phase.ASK:
            fixed += self._editor_height()
        elif self.state.phase in (Phase.PICK, Phase.ALIAS):
            fixed += 1
        return max(1, rows - fixed)

    def _content_height(self) -> int:
        return max(1, min(len(self._rendered()), self._content_room()))

    def _header(self) -> StyleAndTextTuples:
        due = self.state.due
        if due is None:
            return [("", " quiz")]
        card = due.card
        where = " · ".join(clean(p) for p in (card.deck, card.topic, card.level) if p)
        why = f"{clean(card.id)} · {due.reason} "
        gap = max(2, self._width() - len(where) - len(why))
        return [("", f" {where}{' ' * gap}{why}")]

    def _notice_lines(self) -> list[tuple[str, str]]:
        state = self.state
        lines = [("class:warning", state.warning)] if state.warning else []
        return lines + ([("class:notice", state.notice)] if state.notice else [])

    def _notice(self) -> StyleAndTextTuples:
        width = self._width()
        out: StyleAndTextTuples = []
        for style, line in self._notice_lines():
            # Wrap by hand so the height computed for the window is the height drawn.
            for start in range(0, len(line), width - 1):
                if out:
                    out.append(("", "\n"))
                out.append((style, " " + line[start : start + width - 1]))
        return out

    def _panel(self) -> StyleAndTextTuples:
        """Return the lines under the rule: what to do now and which keys do it."""
        phase, width = self.state.phase, self._width()
        if phase == Phase.ASK:
            label: StyleAndTextTuples = [("class:label", " Your answer")]
            keys = [
                ("Esc then Enter", "submit (empty = I don't know)"),
                ("Enter", "new line"),
                ("Esc u", "undo last rating"),
                ("Esc s", "bury"),
                ("Ctrl-C", "quit"),
            ]
            return _join_lines([label, *_wrap_keys(keys, width)])
        if phase == Phase.RESULT:
            return _join_lines([self._ratings(), *_wrap_keys(self._result_keys(), width)])
        if phase == Phase.PICK:
            numbers = ", ".join(str(p.index + 1) for p in self._missed_points())
            label = [("class:label", f" Which key point did you cover? ({numbers})")]
            keys = [("number then Enter", "mark it covered"), ("Esc", "cancel")]
            return _join_lines([label, *_wrap_keys(keys, width)])
        if phase == Phase.ALIAS:
            index = self.state.pick_index
            label = [
                ("class:label", f" Point {index + 1} marked covered. "),
                ("", "Which words of yours say it? They become a suggestion for the deck."),
            ]
            keys = [("Enter", "save the phrase (quiz.py aliases)"), ("Esc or empty Enter", "skip")]
            return _join_lines([label, *_wrap_keys(keys, width)])
        lines: list[StyleAndTextTuples] = []
        keys = [("Enter or q", "quit and show the summary"), ("u", "undo the last rating")]
        waiting = self.state.waiting_until
        if waiting is not None:
            left = _clock(waiting - self.session.clock())
            lines.append(
                [("class:label", f" A learning card comes back in {left}: it will appear here.")]
            )
            keys.insert(0, ("n", "study it now"))
        return _join_lines([*lines, *_wrap_keys(keys, width)])

    def _ratings(self) -> StyleAndTextTuples:
        verdict = self.state.verdict
        out: StyleAndTextTuples = [("class:label", " Rate:")]
        for rating in Rating:
            selected = rating == self.state.selected
            interval = format_interval(self.state.intervals.get(rating, timedelta(0)))
            out.append(("", "  "))
            out.append(
                (
                    "class:rating.selected" if selected else "",
                    f"{'▸' if selected else ' '}{int(rating)} {RATING_NAMES[rating]} · {interval} ",
                )
            )
            if verdict is not None and verdict.points and rating == verdict.rating:
                out.append(("class:rating.suggested", " suggested"))
        return out

    def _result_keys(self) -> list[tuple[str, str]]:
        card = self.state.due.card if self.state.due else None
        keys = [
            ("Enter", f"rate {RATING_NAMES[self.state.selected]}"),
            ("1-4", "rate another"),
        ]
        if card is not None and card.explanation:
            keys.append(("e", "hide explanation" if self.state.show_explanation else "explanation"))
        if card is not None and card.hands_on:
            keys.append(("h", "hide hands-on" if self.state.show_hands_on else "hands-on"))
        if self._missed_points():
            keys.append(("c", "count a point as covered"))
        keys += [("u", "undo last rating"), ("s", "bury till tomorrow"), ("q", "quit")]
        return keys

    def _toolbar(self) -> StyleAndTextTuples:
        state = self.state
        parts = []
        if state.phase == Phase.ASK:
            parts.append("Esc Enter: submit")
        elif state.phase == Phase.RESULT:
            parts.append(f"Enter: {RATING_NAMES[state.selected]}")
        if state.counts is not None:
            c = state.counts
            parts.append(f"{c.learning} learning · {c.review} review · {c.new} new left")
        now = self.session.clock()
        timer = f"⏱ {_clock(now - self.session.started)}"
        if state.phase == Phase.ASK and state.shown_at is not None:
            timer = f"⏱ {_clock(now - state.shown_at)} / {_clock(now - self.session.started)}"
        parts.append(timer)
        if self._hidden_below() > 0:
            parts.append("PgDn: more")
        elif state.offset > 0:
            parts.append("PgUp: top")
        return [("class:toolbar", " " + " │ ".join(parts))]

    # -- the scrolling content ------------------------------------------------------------

    def _rendered(self) -> list[str]:
        state = self.state
        graded = state.phase in (Phase.RESULT, Phase.PICK, Phase.ALIAS)
        key = (
            state.shown,
            state.phase == Phase.DONE,
            graded,
            id(state.due),
            id(state.verdict),
            state.show_explanation,
            state.show_hands_on,
            self._width(),
        )
        if key not in self._cache:
            self._cache.clear()
            self._cache[key] = render_ansi(self._renderable(), self._width())
        return self._cache[key]

    def _hidden_below(self) -> int:
        return len(self._rendered()) - self.state.offset - self._content_room()

    def _content_text(self) -> ANSI:
        return ANSI("\n".join(self._rendered()[self.state.offset :]))

    def _scroll_to(self, offset: int) -> None:
        limit = max(0, len(self._rendered()) - self._content_room())
        self.state.offset = max(0, min(limit, offset))

    def _scroll_to_heading(self, heading: str) -> None:
        for number, line in enumerate(self._rendered()):
            if _ANSI_CODE.sub("", line).rstrip() == heading:
                self._scroll_to(number)
                return

    def _renderable(self) -> RenderableType:
        state = self.state
        if state.phase == Phase.DONE or state.due is None:
            return self._done_renderable()
        card = state.due.card
        parts: list[RenderableType] = [
            _heading("Question"),
            _indent(question_markdown(card.question)),
        ]
        if state.phase == Phase.ASK or state.verdict is None:
            return Group(*parts)
        verdict = state.verdict
        parts += [Text(""), _heading("Your answer"), _indent(self._highlighted_answer(verdict))]
        parts += [Text(""), _heading("Key points")]
        if verdict.points:
            # A grid keeps wrapped point text indented under itself, clear of the marks.
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            for point in verdict.points:
                mark, colour = MARKS[point.status]
                grid.add_row(
                    Text(f" {mark} {point.index + 1}.", style=f"bold {colour}"),
                    self._point_line(point),
                )
            parts.append(grid)
        if verdict.points and checker.derives_points(card):
            parts.append(
                Text("  Derived from the model answer: grading is approximate.", style="dim")
            )
        if verdict.answers_other is not None:
            other = self.session.store.get_card(verdict.answers_other)
            parts.append(
                _indent(
                    Text(
                        f"This reads as the answer to a related card: “{clean(other.question)}”"
                        " — nothing it says was credited here.",
                        style="yellow",
                    )
                )
            )
        if verdict.points:
            score = Text(f"\nScore {verdict.score:.0%} · suggested rating: ", style="bold")
            score.append(RATING_NAMES[verdict.rating], style="bold underline")
            parts.append(score)
        else:
            parts.append(
                Text("  No key points to grade: compare with the model answer, then rate.")
            )
        sections = [("Model answer", card.answer, True)]
        sections.append(("Explanation", card.explanation, state.show_explanation))
        sections.append(("Hands-on", card.hands_on, state.show_hands_on))
        for title, body, shown in sections:
            if shown and body:
                parts += [Text(""), _heading(title), _indent(markdown(body))]
        return Group(*parts)

    def _point_line(self, point: PointResult) -> Text:
        _, colour = MARKS[point.status]
        line = Text(clean(point.text), style=colour if point.status != PointStatus.COVERED else "")
        if point.index in self.state.overridden:
            line.append("  (you marked it covered)", style="dim")
        elif point.status == PointStatus.CONTRADICTED and point.evidence:
            line.append("  contradicted by ", style=colour)
            line.append(f"“{clean(point.evidence)}”", style=f"bold {colour}")
        elif point.evidence:
            line.append("  ← ", style="dim")
            line.append(f"“{clean(point.evidence)}”", style=colour)
        return line

    def _highlighted_answer(self, verdict: Verdict) -> Text:
        answer = self.state.answer
        if not answer.strip():
            return Text("(nothing typed: I don't know)", style="dim italic")
        # Spans index the raw answer: highlight only when cleaning changed nothing.
        text = Text(clean(answer))
        if text.plain == answer:
            for point in verdict.points:
                if point.span is not None and point.status != PointStatus.MISSED:
                    text.stylize(f"bold {MARKS[point.status][1]}", *point.span)
        return text

    def _done_renderable(self) -> RenderableType:
        now = self.session.clock()
        summary = self.session.summary()
        title = "All done for now."
        if self.state.waiting_until is not None:
            title = "Nothing due right now: waiting for a learning step."
        return Group(Text(title, style="bold green"), Text(""), summary_text(summary, now))

    # -- state changes --------------------------------------------------------------------

    def _missed_points(self) -> list[PointResult]:
        verdict = self.state.verdict
        if verdict is None:
            return []
        return [p for p in verdict.points if p.status != PointStatus.COVERED]

    async def _wait_for_learning(self) -> None:
        """Show a learning card by itself once its step has passed."""
        while True:
            await asyncio.sleep(1)
            waiting = self.state.waiting_until
            if self.state.phase == Phase.DONE and waiting and self.session.clock() >= waiting:
                self.state.notice, self.state.warning = "A learning step is up.", ""
                self._load_next()
                self.app.invalidate()

    def _load_next(self, prefill: str = "", ahead: timedelta = timedelta(0)) -> None:
        state = self.state
        state.due = self.session.next_due(ahead)
        state.waiting_until = self.session.learning_due_later() if state.due is None else None
        state.shown += 1
        state.verdict = None
        state.answer = ""
        state.overridden = set()
        state.offset = 0
        state.show_explanation = state.show_hands_on = False
        state.shown_at = self.session.clock()
        state.counts = self.session.counts()
        self.editor.text = prefill
        self.editor.buffer.cursor_position = len(prefill)
        if state.due is None:
            state.phase = Phase.DONE
            self.app.layout.focus(self.content)
        else:
            state.phase = Phase.ASK
            self.app.layout.focus(self.editor)

    def submit(self) -> None:
        """Grade the typed answer and show the verdict with the rating choices."""
        state = self.state
        assert state.due is not None
        now = self.session.clock()
        state.answer = self.editor.text
        state.verdict = self.session.answer(
            state.due.card, state.answer, now - (state.shown_at or now)
        )
        state.intervals = self.session.intervals()
        # Without key points nothing was graded: start from Good, the learner decides.
        state.selected = state.verdict.rating if state.verdict.points else Rating.GOOD
        state.phase = Phase.RESULT
        state.offset = 0
        state.notice = state.warning = ""
        self.app.layout.focus(self.content)

    def rate(self, rating: Rating) -> None:
        """Record `rating` for the current card (committed at once), then show the next card."""
        rated = self.session.rate(rating)
        after = rated.review.after
        assert after.due is not None
        when = format_interval(after.due - rated.review.reviewed_at)
        self.state.notice = f"Saved {RATING_NAMES[rating]}: next review in {when}."
        self.state.warning = rated.leech
        self._load_next()

    def undo(self) -> None:
        """Undo the last recorded rating and show that card again."""
        review = self.session.undo()
        self.state.warning = ""
        if review is None:
            self.state.notice = "Nothing to undo."
            return
        self.state.notice = (
            f"Undid {RATING_NAMES[review.rating]} on {review.card_id}: answer it again"
            + (" (your answer is filled in)." if review.answer else ".")
        )
        self._load_next(prefill=review.answer)

    def bury(self) -> None:
        """Hide the current card until tomorrow and show the next one."""
        until = self.session.bury()
        local = until.astimezone(self.session.clock().tzinfo)
        self.state.warning = ""
        self.state.notice = f"Buried until {local:%a %H:%M}."
        self._load_next()

    def start_pick(self) -> None:
        """Ask which missed key point the learner did cover (no question if only one)."""
        missed = self._missed_points()
        if not missed:
            return
        self.line_input.text = ""
        self.app.layout.focus(self.line_input)
        if len(missed) == 1:
            self._mark_covered(missed[0].index)
        else:
            self.state.phase = Phase.PICK

    def pick(self) -> None:
        """Mark the typed key point covered."""
        text = self.line_input.text.strip()
        valid = {p.index + 1 for p in self._missed_points()}
        if not text.isdigit() or int(text) not in valid:
            self.state.warning = f"{text!r} is not one of: {', '.join(map(str, sorted(valid)))}"
            self.line_input.text = ""
            return
        self.line_input.text = ""
        self._mark_covered(int(text) - 1)

    def _mark_covered(self, index: int) -> None:
        """Re-score with point `index` covered, then ask for the learner's phrase."""
        self.state.verdict = self.session.override_point(index)
        self.state.selected = self.state.verdict.rating
        self.state.pick_index = index
        self.state.overridden.add(index)
        self.state.warning = ""
        if self.state.due is not None and checker.derives_points(self.state.due.card):
            # A derived point is no line of the deck: an alias would have nowhere to go.
            self.state.notice = f"Point {index + 1} marked covered."
            self.back_to_result()
            return
        self.state.phase = Phase.ALIAS

    def save_alias(self) -> None:
        """Save the typed phrase as an alias suggestion (skip when empty)."""
        phrase = self.line_input.text.strip()
        index = self.state.pick_index
        if phrase:
            self.session.save_alias(index, phrase)
            self.state.notice = f"Saved “{phrase}” for point {index + 1}: see quiz.py aliases."
        else:
            self.state.notice = f"Point {index + 1} marked covered."
        self.back_to_result()

    def back_to_result(self) -> None:
        """Leave the key-point prompt and return to the rating choices."""
        self.state.phase = Phase.RESULT
        self.state.warning = ""
        self.line_input.text = ""
        self.app.layout.focus(self.content)

    def toggle(self, section: str) -> None:
        """Show or hide the explanation or the hands-on, scrolling to it when shown."""
        state = self.state
        if section == "Explanation":
            state.show_explanation = not state.show_explanation
            shown = state.show_explanation
        else:
            state.show_hands_on = not state.show_hands_on
            shown = state.show_hands_on
        if shown:
            self._scroll_to_heading(section)
        else:
            self._scroll_to(state.offset)

    def quit(self) -> None:
        """End the session and leave with its summary."""
        self.app.exit(result=self.session.end())

    # -- keys -------------------------------------------------------------------------------

    def _bindings(self) -> KeyBindings:
        kb = KeyBindings()
        ask, result, done = self._is(Phase.ASK), self._is(Phase.RESULT), self._is(Phase.DONE)
        prompt = self._is(Phase.PICK, Phase.ALIAS)

        @kb.add("c-c", eager=True)
        @kb.add("q", filter=result | done, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Quit and show the session summary."""
            self.quit()

        @kb.add("escape", "enter", filter=ask, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Submit the answer."""
            self.submit()

        @kb.add("escape", "u", filter=ask, eager=True)
        @kb.add("u", filter=result | done, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Undo the last rating."""
            self.undo()

        @kb.add("escape", "s", filter=ask, eager=True)
        @kb.add("s", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Bury the card until tomorrow."""
            self.bury()

        @kb.add("enter", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Accept the selected rating."""
            self.rate(self.state.selected)

        @kb.add("enter", filter=done, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Quit from the all-done screen."""
            self.quit()

        @kb.add("n", filter=done, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Study a waiting learning card now."""
            if self.state.waiting_until is not None:
                early = self.state.waiting_until - self.session.clock() + timedelta(seconds=1)
                self.state.notice, self.state.warning = "Studying a learning step early.", ""
                self._load_next(ahead=early)

        for rating in Rating:

            @kb.add(str(int(rating)), filter=result, eager=True)
            def _(event: KeyPressEvent, rating: Rating = rating) -> None:
                """Rate with this number."""
                self.rate(rating)

        @kb.add("left", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Select the rating to the left."""
            self.state.selected = Rating(max(1, self.state.selected - 1))

        @kb.add("right", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Select the rating to the right."""
            self.state.selected = Rating(min(4, self.state.selected + 1))

        @kb.add("e", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Show or hide the explanation."""
            self.toggle("Explanation")

        @kb.add("h", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Show or hide the hands-on exercise."""
            self.toggle("Hands-on")

        @kb.add("c", filter=result, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Mark a missed key point as covered."""
            self.start_pick()

        @kb.add("enter", filter=prompt, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Confirm the key point number or the phrase."""
            if self.state.phase == Phase.PICK:
                self.pick()
            else:
                self.save_alias()

        @kb.add("escape", filter=prompt, eager=True)
        def _(event: KeyPressEvent) -> None:
            """Cancel the prompt."""
            if self.state.phase == Phase.ALIAS:
                self.state.notice = f"Point {self.state.pick_index + 1} marked covered."
            self.back_to_result()

        @kb.add("pagedown")
        @kb.add("space", filter=result | done)
        def _(event: KeyPressEvent) -> None:
            """Scroll down a page."""
            self._scroll_to(self.state.offset + max(1, self._content_room() - 2))

        @kb.add("pageup")
        def _(event: KeyPressEvent) -> None:
            """Scroll up a page."""
            self._scroll_to(self.state.offset - max(1, self._content_room() - 2))

        @kb.add("down", filter=result | done)
        def _(event: KeyPressEvent) -> None:
            """Scroll down a line."""
            self._scroll_to(self.state.offset + 1)

        @kb.add("up", filter=result | done)
        def _(event: KeyPressEvent) -> None:
            """Scroll up a line."""
            self._scroll_to(self.state.offset - 1)

        return kb


def _count_lines(fragments: StyleAndTextTuples) -> int:
    return 1 + sum(text.count("\n") for _, text, *_ in fragments)


def _heading(title: str) -> Text:
    return Text(title, style="bold cyan")


def _indent(renderable: RenderableType) -> Padding:
    return Padding(renderable, (0, 0, 0, 2))


def build_app(
    session: Session,
    *,
    input: Input | None = None,
    output: Output | None = None,
    notice: str = "",
) -> Application[Summary]:
    """Return the study screen for `session`; running it returns the session summary.

    `notice` is shown above the first card (e.g. what a first run imported) until the
    learner submits an answer.
    """
    screen = StudyScreen(session, input=input, output=output)
    screen.state.notice = notice
    return screen.app


def summary_text(summary: Summary, now: datetime) -> Text:
    """Return the end-of-session report as rich text."""
    text = Text()
    reviews = sum(summary.ratings.values())
    text.append(f"Cards studied: {summary.cards_done}", style="bold")
    text.append(f" ({reviews} ratings in {_clock(summary.elapsed)})\n")
    if reviews:
        breakdown = " · ".join(f"{RATING_NAMES[r]} {n}" for r, n in summary.ratings.items() if n)
        text.append(f"Ratings: {breakdown}\n")
    if summary.retention_today is not None:
        text.append(
            f"Retention today: {summary.retention_today:.0%} of {summary.reviews_today} "
            "review cards recalled\n"
        )
    left = summary.counts_left
    if left.total:
        text.append(
            f"Still to do today: {left.learning} learning · {left.review} review · {left.new} new\n"
        )
    if summary.next_due is not None:
        local = summary.next_due.astimezone(now.tzinfo)
        wait = summary.next_due - now
        when = "now" if wait <= timedelta(0) else f"in {format_interval(wait)}"
        text.append(f"Next card due {when} ({local:%a %d %b %H:%M}).")
    else:
        text.append("No studied cards are scheduled yet.")
    return text
