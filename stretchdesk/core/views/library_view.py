"""What the routine list says: a row for each routine (its title, then its level, step count
and total time, then a session left to carry on), what a search matches, what the preview
says when no routine is chosen, and the files with problems listed under the routines.

Plain Python, no Qt. The library page hands these rows to Qt through a list model and
decides nothing itself.

A row's total comes from the timeline the routine would play with now, and building one
takes a moment: a row starts with its level alone, and `LibraryView.work_out_totals` fills
in the totals a batch at a time. The page asks for the first batch before its first paint
and for the rest just after, so a library of thousands of routines opens as fast as one of
four, and after a change of settings it asks again from the top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stretchdesk.core.routine.library import Library
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.routine.problems import Problem
from stretchdesk.core.store.settings import Settings
from stretchdesk.core import words
from stretchdesk.core.text import one_line
from stretchdesk.core.views import preview as previews

#: Problems listed under the routines; `stretchdesk check` lists every one.
PROBLEMS_SHOWN = 30


# The classes below are plain ones, not dataclasses: the window imports this module before
# its first paint, and a dataclass writes and compiles its methods when it is defined.


class RoutineRow:
    """A row of the routine list."""

    __slots__ = ("routine", "meta", "resume")

    def __init__(self, routine: Routine, meta: str, resume: str = ""):
        self.routine = routine
        #: "Beginner · 6 steps · 6:08" once the total is worked out; until then the level alone.
        self.meta = meta
        #: What is left of a session to carry on ("Resume — 5 of 14 steps left"), or "".
        self.resume = resume

    def __repr__(self) -> str:
        return f"RoutineRow({self.text!r})"

    @property
    def id(self) -> str:
        return self.routine.id

    @property
    def title(self) -> str:
        return self.routine.title

    @property
    def text(self) -> str:
        """The row as it reads: the title, the meta line, and the session to carry on."""
        return previews.row_text(self.routine, self.meta, self.resume)

    @property
    def aloud(self) -> str:
        """The row as a screen reader says it (previews.row_aloud)."""
        return previews.row_aloud(self.routine, self.meta, self.resume)

    @property
    def tooltip(self) -> str:
        return self.routine.summary or self.routine.title


def search_words(routine: Routine) -> str:
    """What a search looks in: the title, the summary, the focus and every step's name."""
    return " ".join([routine.title, routine.summary, " ".join(routine.focus), *(step.name for step in routine.steps)]).lower()


class LibraryView:
    """The routine list for a library, with the settings its totals follow. The rows keep
    the library's order; a search hides rows, it never reorders them."""

    def __init__(self, library: Library, settings: Settings, resume: Mapping[str, str] | None = None):
        self.settings = settings
        self.rows: list[RoutineRow] = [
            RoutineRow(routine, previews.level_text(routine), (resume or {}).get(routine.id, ""))
            for routine in library.routines
        ]
        self.problems = problem_list(library.problems, len(library.broken_files))
        self._rows_by_id = {row.id: index for index, row in reversed(list(enumerate(self.rows)))}
        #: The first row whose total has not been worked out for the settings as they are.
        self._next_total = 0
        #: What each row's search looks in, made on the first search (no start-up cost).
        self._words: list[str] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def row_of(self, routine_id: str | None) -> int | None:
        return self._rows_by_id.get(routine_id) if routine_id is not None else None

    # -- totals -----------------------------------------------------------------------------

    @property
    def totals_pending(self) -> bool:
        return self._next_total < len(self.rows)

    def work_out_totals(self, count: int) -> range:
        """Work out the totals of the next `count` rows that wait for one; the rows done."""
        first = self._next_total
        last = min(first + count, len(self.rows))
        for row in self.rows[first:last]:
            row.meta = previews.routine_meta(row.routine, previews.timeline_now(row.routine, self.settings))
        self._next_total = last
        return range(first, last)

    def settings_changed(self) -> None:
        """The settings changed: every total is to be worked out again, from the first row
        on. Until then each row keeps the total it had."""
        self._next_total = 0

    def take_meta(self, routine_id: str, meta: str) -> int | None:
        """The preview worked out a routine's meta line just now: its row says the same.
        The row, if what it says changed."""
        row = self.row_of(routine_id)
        if row is None or self.rows[row].meta == meta:
            return None
        self.rows[row].meta = meta
        return row

    # -- sessions to carry on -----------------------------------------------------------------

    def set_resume(self, resume: Mapping[str, str]) -> list[int]:
        """What is left of each routine's session to carry on, by routine id; the rows whose
        text changed."""
        changed = []
        for index, row in enumerate(self.rows):
            text = resume.get(row.id, "")
            if row.resume != text:
                row.resume = text
                changed.append(index)
        return changed

    # -- search -------------------------------------------------------------------------------

    def matching(self, search: str) -> list[bool] | None:
        """Which rows a search shows, row by row: those whose title, summary, focus or a
        step's name holds the search's words as typed, in any case. None: every row (an
        empty search)."""
        needle = search.strip().lower()
        if not needle:
            return None
        if self._words is None:
            self._words = [search_words(row.routine) for row in self.rows]
        return [needle in words for words in self._words]

    def nothing_chosen(self, search: str) -> tuple[str, str]:
        """(title, line below it) for the preview when no routine is shown: there are none,
        or none matches the search."""
        if not self.rows:
            return "No routines yet", ""
        return f'No routine matches "{search.strip()}"', "Search by title, focus or step name; Esc clears the search"


# -- files with problems ------------------------------------------------------------------


class Span:
    """A run of a problem's words, and how it stands out: "" for none, "name" for a file's
    name, "command" for a command to type."""

    __slots__ = ("text", "emphasis")

    def __init__(self, text: str, emphasis: str = ""):
        self.text = text
        self.emphasis = emphasis

    def __repr__(self) -> str:
        return f"Span({self.text!r}, {self.emphasis!r})"


class ProblemLine:
    """A problem as a row says it: its words, in runs."""

    __slots__ = ("spans",)

    def __init__(self, spans: tuple[Span, ...]):
        self.spans = spans

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    def __repr__(self) -> str:
        return f"ProblemLine({self.text!r})"


class ProblemList:
    """The files with problems, as listed under the routines."""

    __slots__ = ("heading", "lines", "tooltip")

    def __init__(self, heading: str, lines: tuple[ProblemLine, ...], tooltip: str):
        #: "3 routine files with problems"; "" when every file loaded.
        self.heading = heading
        #: A line for each problem shown, and a last one saying how many more there are.
        self.lines = lines
        #: Every problem shown, in full (its file's whole path), one a line.
        self.tooltip = tooltip


def problem_line(problem: Problem) -> ProblemLine:
    """'mine.yaml:3:5: step 1 "Cobra": ...', with the file's name standing out. What the
    file gave cannot start a new line: a row says one problem."""
    where = f"{problem.field}: " if problem.field else ""
    rest = f"{problem.location[len(problem.file):]}: {where}{problem.message}"
    return ProblemLine((Span(one_line(problem.file_name), "name"), Span(one_line(rest))))


def problem_list(problems: Sequence[Problem], broken_files: int) -> ProblemList:
    if not broken_files:
        return ProblemList("", (), "")
    shown = problems[:PROBLEMS_SHOWN]
    lines = [problem_line(problem) for problem in shown]
    if len(problems) > len(shown):
        lines.append(ProblemLine((Span(f"… and {len(problems) - len(shown)} more; "),
                                  Span("stretchdesk check", "command"), Span(" lists them all"))))
    heading = f"{words.plural(broken_files, 'routine file')} with problems"
    return ProblemList(heading, tuple(lines), "\n".join(str(problem) for problem in shown))

