"""The report for a therapist, and the history as rows: plain Python, no Qt.

`build_report` adds up the sessions of a period: how many each week against the weekly
goal, each routine with its steps and the ones skipped, the comfort check-ins before and
after, and the notes. The PDF (ui/output/report_pdf.py) and the terminal (`stretchdesk report`)
draw the same Report; `write_csv` gives the sessions as a spreadsheet, one row each, for
`stretchdesk report --csv` and `stretchdesk history --csv`.

Everything here reads what the history store has already read; nothing leaves the
machine unless the person writes a file with it.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from stretchdesk.core import words
from stretchdesk.core.store.history import AFTER, BEFORE, COMPANIONS, SKIPPED, SessionRecord
from stretchdesk.core.files import file_kind
from stretchdesk.core.text import path_text
from stretchdesk.core.views.history_stats import counted, week_start

#: The report's period when none is given: this week and the three before it.
DEFAULT_WEEKS = 4
#: A report covers at most this many days (a bar a week: more would not read).
MAX_REPORT_DAYS = 3 * 366
#: How far ahead --to may go (the end of this week or month is fine; years ahead is a typo).
MAX_DAYS_AHEAD = 366
#: How many days at each end of a long period the comfort averages compare.
COMPARE_DAYS = 14

# -- the period -------------------------------------------------------------------------------


class PeriodError(ValueError):
    """A period that cannot be: the message is one plain sentence for the person, beginning
    with a capital as every message of the command line does."""


def parse_day(text: str, option: str, today: date) -> date:
    """A day given on the command line: YYYY-MM-DD, 'today' or 'yesterday'."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        if len(word) != 10:
            raise ValueError
        return date.fromisoformat(word)
    except ValueError:
        raise PeriodError(f"The day given to {option}, {text!r}, is not a date: write it as YYYY-MM-DD, like {today.isoformat()}, "
                          "or 'today'") from None


def choose_period(start_text: str | None, end_text: str | None, today: date, *,
                  default_weeks: int | None = DEFAULT_WEEKS) -> tuple[date | None, date | None]:
    """The days from --from to --to, both included. Without them: the last `default_weeks`
    weeks (this one and those before it, from a Monday to today), or everything when
    `default_weeks` is None (an open end is None). Raises PeriodError for a period that
    cannot hold a session: --from after --to, after today, or a date far in the future."""
    start = parse_day(start_text, "--from", today) if start_text is not None else None
    end = parse_day(end_text, "--to", today) if end_text is not None else None
    if end is not None and end > today + timedelta(days=MAX_DAYS_AHEAD):
        raise PeriodError(f"The last day, --to {end.isoformat()}, is far in the future: the history ends today, {today.isoformat()}")
    if start is not None and start > today:
        raise PeriodError(f"The first day, --from {start.isoformat()}, is after today ({today.isoformat()}): there are no sessions there yet")
    if start is not None and end is not None and start > end:
        raise PeriodError(f"The first day, --from {start.isoformat()}, is after the last, --to {end.isoformat()}: "
                          "choose a --from on or before the --to")
    if default_weeks is not None:
        end = end or today
        if start is None:
            try:
                start = week_start(min(end, today)) - timedelta(weeks=default_weeks - 1)
            except OverflowError:  # a --to in the first weeks of year 1
                raise PeriodError(f"The last day, --to {end.isoformat()}, is before any history could be: choose a later --to") from None
        if (end - start).days + 1 > MAX_REPORT_DAYS:
            raise PeriodError(f"A report covers at most three years; {start.isoformat()} to {end.isoformat()} "
                              f"is {(end - start).days + 1} days: choose a later --from")
    return start, end


# -- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    monday: date
    #: Sessions played to the end: what the weekly goal counts.
    finished: int
    #: Sessions started, finished or not.
    played: int
    #: All seven days are in the period and over: only such weeks count towards adherence.
    whole: bool
    met: bool


@dataclass(frozen=True)
class StepTally:
    step_id: str
    name: str
    done: int
    skipped: int


@dataclass(frozen=True)
class RoutineTally:
    routine_id: str
    title: str
    played: int
    finished: int
    stopped_early: int
    #: Of those stopped early, how many were carried on later from where they stopped.
    carried_on: int
    active_seconds: float
    steps: tuple[StepTally, ...]

    @property
    def skipped(self) -> int:
        return sum(step.skipped for step in self.steps)


@dataclass(frozen=True)
class ComfortRow:
    started: datetime
    routine: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        return self.after - self.before if self.before is not None and self.after is not None else None


@dataclass(frozen=True)
class ComfortAverage:
    """The check-ins of a stretch of the period, averaged."""

    label: str
    start: date
    end: date
    before: float | None
    after: float | None
    #: After minus before, over the sessions with both.
    change: float | None
    sessions: int


@dataclass(frozen=True)
class Note:
    at: datetime
    routine: str
    moment: str
    score: int
    text: str


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    today: date
    made: datetime
    weekly_goal: int
    sessions: tuple[SessionRecord, ...]
    weeks: tuple[Week, ...]
    routines: tuple[RoutineTally, ...]
    comfort: tuple[ComfortRow, ...]
    #: (Monday, mean before, mean after) for each week of the period, None where none.
    comfort_weeks: tuple[tuple[date, float | None, float | None], ...]
    #: The first and last stretch of the period compared (empty without check-ins).
    comfort_compared: tuple[ComfortAverage, ...]
    notes: tuple[Note, ...]

    @property
    def period(self) -> str:
        return words.period(self.start, self.end)

    @property
    def played(self) -> int:
        return len(self.sessions)

    @property
    def finished(self) -> int:
        return sum(1 for record in self.sessions if counted(record))

    @property
    def stopped_early(self) -> int:
        return sum(1 for record in self.sessions if record.ended_early)

    @property
    def active_seconds(self) -> float:
        return sum(record.active_seconds for record in self.sessions)

    @property
    def days_practised(self) -> int:
        return len({record.day for record in self.sessions if record.done_steps or record.finished})

    @property
    def whole_weeks(self) -> tuple[Week, ...]:
        return tuple(week for week in self.weeks if week.whole)

    @property
    def weeks_met(self) -> int:
        return sum(1 for week in self.whole_weeks if week.met)

    @property
    def goal_share(self) -> float | None:
        """Of the goal over the whole weeks, the share reached (a week over the goal does
        not make up for another under it)."""
        weeks = self.whole_weeks
        if not weeks:
            return None
        return sum(min(week.finished, self.weekly_goal) for week in weeks) / (self.weekly_goal * len(weeks))

    @property
    def mean_per_week(self) -> float | None:
        return _mean([week.finished for week in self.whole_weeks])

    @property
    def skipped_steps(self) -> int:
        return sum(routine.skipped for routine in self.routines)


def build_report(records: Iterable[SessionRecord], start: date, end: date, *, weekly_goal: int,
                 today: date | None = None, made: datetime | None = None) -> Report:
    """The report of the sessions that started from `start` to `end` (both included)."""
    made = made or datetime.now().astimezone()
    today = today or made.date()
    sessions = tuple(record for record in records if start <= record.day <= end)
    return Report(
        start=start, end=end, today=today, made=made, weekly_goal=weekly_goal, sessions=sessions,
        weeks=_weeks(sessions, start, end, today, weekly_goal), routines=_routines(sessions),
        comfort=_comfort(sessions), comfort_weeks=_comfort_weeks(sessions, start, end),
        comfort_compared=_compare(sessions, start, end), notes=_notes(sessions),
    )


def _weeks(sessions: Sequence[SessionRecord], start: date, end: date, today: date, goal: int) -> tuple[Week, ...]:
    finished: dict[date, int] = {}
    played: dict[date, int] = {}
    for record in sessions:
        monday = week_start(record.day)
        played[monday] = played.get(monday, 0) + 1
        if counted(record):
            finished[monday] = finished.get(monday, 0) + 1
    weeks = []
    monday = week_start(start)
    while monday <= end:
        sunday = monday + timedelta(days=6)
        count = finished.get(monday, 0)
        weeks.append(Week(monday, count, played.get(monday, 0), whole=monday >= start and sunday <= end and sunday < today,
                          met=count >= goal))
        monday += timedelta(days=7)
    return tuple(weeks)


def _routines(sessions: Sequence[SessionRecord]) -> tuple[RoutineTally, ...]:
    grouped: dict[str, list[SessionRecord]] = {}
    for record in sessions:
        grouped.setdefault(record.routine_id, []).append(record)
    tallies = []
    for routine_id, records in grouped.items():
        steps: dict[str, dict[str, Any]] = {}
        for record in records:
            for step in record.steps:
                tally = steps.setdefault(step.step_id, {"name": step.name, "position": step.position, "done": 0, "skipped": 0})
                tally["name"] = step.name  # the latest name, as the routine says it now
                tally["position"] = min(tally["position"], step.position)
                tally["skipped" if step.status == SKIPPED else "done"] += 1
        ordered = sorted(steps.items(), key=lambda item: (item[1]["position"], item[0]))
        tallies.append(RoutineTally(
            routine_id=routine_id, title=records[-1].routine_title, played=len(records),
            finished=sum(1 for record in records if counted(record)),
            stopped_early=sum(1 for record in records if record.ended_early),
            carried_on=sum(1 for record in records if record.ended_early and record.resumed_by is not None),
            active_seconds=sum(record.active_seconds for record in records),
            steps=tuple(StepTally(step_id, tally["name"], tally["done"], tally["skipped"]) for step_id, tally in ordered),
        ))
    tallies.sort(key=lambda tally: (-tally.played, tally.title.casefold(), tally.routine_id))
    return tuple(tallies)


def _score(record: SessionRecord, moment: str) -> int | None:
    checkin = record.checkin(moment)
    return checkin.score if checkin is not None else None


def _comfort(sessions: Sequence[SessionRecord]) -> tuple[ComfortRow, ...]:
    return tuple(ComfortRow(record.started, record.routine_title, _score(record, BEFORE), _score(record, AFTER))
                 for record in sessions if record.checkins)


def _comfort_weeks(sessions: Sequence[SessionRecord], start: date, end: date) -> tuple[tuple[date, float | None, float | None], ...]:
    befores: dict[date, list[int]] = {}
    afters: dict[date, list[int]] = {}
    for record in sessions:
        monday = week_start(record.day)
        if (score := _score(record, BEFORE)) is not None:
            befores.setdefault(monday, []).append(score)
        if (score := _score(record, AFTER)) is not None:
            afters.setdefault(monday, []).append(score)
    weeks = []
    monday = week_start(start)
    while monday <= end:
        weeks.append((monday, _mean(befores.get(monday, [])), _mean(afters.get(monday, []))))
        monday += timedelta(days=7)
    return tuple(weeks)


def _average(label: str, sessions: Sequence[SessionRecord], first: date, last: date) -> ComfortAverage:
    inside = [record for record in sessions if first <= record.day <= last and record.checkins]
    befores = [s for record in inside if (s := _score(record, BEFORE)) is not None]
    afters = [s for record in inside if (s := _score(record, AFTER)) is not None]
    changes = [a - b for record in inside
               if (b := _score(record, BEFORE)) is not None and (a := _score(record, AFTER)) is not None]
    return ComfortAverage(label, first, last, _mean(befores), _mean(afters), _mean(changes), len(inside))


def _compare(sessions: Sequence[SessionRecord], start: date, end: date) -> tuple[ComfortAverage, ...]:
    """The first stretch of the period against the last: two weeks each in a period of four
    weeks or more, halves in a shorter one; the whole period alone when it is a few days."""
    if not any(record.checkins for record in sessions):
        return ()
    days = (end - start).days + 1
    if days < 4:
        return (_average("the period", sessions, start, end),)
    span = COMPARE_DAYS if days >= 2 * COMPARE_DAYS else days // 2
    name = "two weeks" if span == COMPARE_DAYS else f"{span} days"
    return (_average(f"first {name}", sessions, start, start + timedelta(days=span - 1)),
            _average(f"last {name}", sessions, end - timedelta(days=span - 1), end))


def _notes(sessions: Sequence[SessionRecord]) -> tuple[Note, ...]:
    notes = []
    for record in sessions:
        for moment in (BEFORE, AFTER):
            checkin = record.checkin(moment)
            if checkin is not None and checkin.note.strip():
                notes.append(Note(checkin.at or record.started, record.routine_title, moment, checkin.score, checkin.note.strip()))
    return tuple(notes)


def summary_lines(report: Report) -> list[str]:
    """The report's figures as lines of text (`stretchdesk report` without a file). Text
    from the history is left as it is: whoever prints it makes it safe for where it goes."""
    goal = report.weekly_goal
    year = report.today.year
    lines = [f"StretchDesk practice report: {report.period}", ""]
    stopped = f", {report.stopped_early} stopped early" if report.stopped_early else ""
    lines.append(f"Sessions: {report.played} played, {report.finished} to the end{stopped}; "
                 f"{words.stretching(report.active_seconds, report.days_practised)}")
    whole = report.whole_weeks
    if whole:
        lines.append(f"Weekly goal: {goal} a week; reached in {words.count_of(report.weeks_met, len(whole), 'whole week')}, "
                     f"{round(100 * (report.goal_share or 0))}% of the goal reached, "
                     f"{words.score(round(report.mean_per_week or 0, 1))} a week on average")
    else:
        lines.append(f"Weekly goal: {goal} a week; no whole week in this period yet")
    lines += ["", "Sessions per week (played to the end):"]
    labels = [words.week_of(week.monday, year) for week in report.weeks]
    width = max(map(len, labels), default=0)
    for week, label in zip(report.weeks, labels):
        mark = words.GOAL_REACHED if week.met else ("" if week.whole else "part of the week")
        lines.append(f"  {label:<{width}} {week.finished:>3}  {'#' * min(week.finished, 40):<{max(goal, 7)}}  {mark}".rstrip())
    if report.routines:
        lines += ["", "Routines:"]
        for routine in report.routines:
            stopped = f", {routine.stopped_early} stopped early" if routine.stopped_early else ""
            lines.append(f"  {routine.title}: {routine.played} played, {routine.finished} to the end{stopped}")
            skipped = [f"{step.name} ({step.skipped}x)" for step in routine.steps if step.skipped]
            if skipped:
                lines.append(f"    skipped: {', '.join(skipped)}")
    if report.comfort:
        lines += ["", f"Comfort before and after ({words.COMFORT_SCALE}), {words.plural(len(report.comfort), 'session')} with a check-in:"]
        for average in report.comfort_compared:
            lines.append(f"  {average.label} ({words.span(average.start, average.end, year)}): before "
                         f"{words.score(_round(average.before))}, after {words.score(_round(average.after))}, "
                         f"change {words.score(_round(average.change), signed=True)}")
    if report.notes:
        lines += ["", "Notes:"]
        for note in report.notes:
            lines.append(f"  {words.short_day(note.at.date(), year)} {note.moment} {note.routine} ({note.score}): {note.text}")
    return lines


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


#: The files that belong with the history, by what follows its name: SQLite's write-ahead
#: log, its shared memory and its rollback journal, and the lock beside it. Writing over any
#: of them could lose what only it holds (a session cut off is in the -wal until it is read).
#: The files that belong with the history (the store says which).
HISTORY_COMPANIONS = COMPANIONS


def kind_problem(target: Path) -> str | None:
    """Why `target` is no file to write: it is there and not a regular file (a named pipe,
    a device, even under another name: only a regular file is written over), or None."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None  # not there (or a link to nothing): a new file
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None  # a folder is said by target_problem, with what to do
    return f"{path_text(target)} is {file_kind(mode)}, not a file; give the name of a new file or of a regular file to write over"


def companion_problem(target: Path, history: Path, what: str = "the report") -> str | None:
    """Why `target` must not be written: it is the history itself or a file that belongs
    with it, by any name (a link to its folder, a link to the file), or None."""
    real = Path(os.path.realpath(history))
    # Where the name is, and where it leads (a link to a log not made yet is refused too).
    places = {Path(os.path.realpath(target.parent)) / target.name, Path(os.path.realpath(target))}
    for ending, name in (("", None), *HISTORY_COMPANIONS.items()):
        companion = real.with_name(real.name + ending)
        same = companion in places
        if not same:
            try:
                same = os.path.samefile(target, companion)
            except OSError:
                pass  # one of them is not there
        if same:
            if name is None:
                return f"{path_text(target)} is your history itself; write {what} to another file"
            return (f"{path_text(target)} belongs with your history ({name}); nothing may be written there: "
                    f"write {what} to another file")
    return None


def target_problem(target: Path, history: Path) -> str | None:
    """Why a report cannot be written at `target`, in a sentence, or None: its folder must
    be there (nothing is made for it), it must not be a folder, nor anything but a regular
    file, nor the history or a file that belongs with it."""
    folder = target.parent
    if not folder.is_dir():
        return f"the folder {path_text(folder)} {'is not a folder' if folder.exists() else 'does not exist'}"
    if target.is_dir():
        return f"{path_text(target)} is a folder; give a file name"
    return kind_problem(target) or companion_problem(target, history)


# -- the sessions as rows -----------------------------------------------------------------------

#: The CSV's columns, one row per session (documented in the README).
CSV_COLUMNS = (
    "date", "start", "end", "routine", "routine_id", "variant", "outcome", "active_minutes",
    "steps", "steps_done", "steps_skipped", "skipped", "comfort_before", "comfort_after",
    "comfort_change", "note_before", "note_after", "session", "carried_on_from",
)

#: What a spreadsheet takes for the start of a formula (or, tab and carriage return, for a
#: cell it then reads as one): a cell of text from the history that starts with one is
#: written with a ' before it, so it shows as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Text from the history, safe in a spreadsheet cell."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_row(record: SessionRecord) -> dict[str, Any]:
    """A session as a row of the CSV: data for a spreadsheet, in the same form in any
    language (ISO days, 24-hour times, minutes with a decimal point). Every cell of text,
    identifiers too, is guarded (cell); numbers stay numbers (a change of -2)."""
    before, after = record.checkin(BEFORE), record.checkin(AFTER)
    change = after.score - before.score if before is not None and after is not None else None
    row = {
        "date": record.day.isoformat(),
        "start": f"{record.started:%H:%M}",
        "end": f"{record.ended:%H:%M}" if record.ended is not None else "",
        "routine": record.routine_title,
        "routine_id": record.routine_id,
        "variant": record.variant or "",
        "outcome": record.outcome_text,
        "active_minutes": f"{record.active_seconds / 60:.1f}",
        "steps": record.step_count,
        "steps_done": len(record.done_steps),
        "steps_skipped": len(record.skipped_steps),
        "skipped": "; ".join(step.name for step in record.skipped_steps),
        "comfort_before": before.score if before is not None else "",
        "comfort_after": after.score if after is not None else "",
        "comfort_change": change if change is not None else "",
        "note_before": before.note if before is not None else "",
        "note_after": after.note if after is not None else "",
        "session": record.id,
        "carried_on_from": record.resumed_from or "",
    }
    return {column: cell(value) if isinstance(value, str) else value for column, value in row.items()}


def write_csv(records: Iterable[SessionRecord], out: TextIO, *, lineterminator: str = "\r\n") -> None:
    """The sessions as CSV, one row each under a header (CSV_COLUMNS); lines end in CRLF,
    as CSV files do, unless told otherwise (a terminal). Text is written as it is, tabs,
    line breaks and all (the csv module quotes such cells): a CSV is for a spreadsheet;
    only a terminal shows control characters in their visible form."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator=lineterminator)
    writer.writeheader()
    for record in records:
        writer.writerow(csv_row(record))


def csv_bytes(records: Iterable[SessionRecord]) -> bytes:
    """The CSV file: UTF-8 with a byte-order mark, so spreadsheet programs read accents and
    dashes right."""
    out = io.StringIO()
    write_csv(records, out)
    return out.getvalue().encode("utf-8-sig")


def session_json(record: SessionRecord) -> dict[str, Any]:
    """One session for `stretchdesk history --json`."""
    return {
        "id": record.id,
        "routine_id": record.routine_id,
        "routine_title": record.routine_title,
        "variant": record.variant,
        "started": record.started.isoformat(timespec="seconds"),
        "ended": record.ended.isoformat(timespec="seconds") if record.ended is not None else None,
        "active_seconds": round(record.active_seconds, 1),
        "outcome": "cut off" if record.cut_off else record.outcome,
        "outcome_text": record.outcome_text,
        "step_count": record.step_count,
        "first_step": record.first_step + 1,
        "stopped_at_step": record.stopped_at_step + 1 if record.stopped_at_step is not None else None,
        "carried_on_from": record.resumed_from,
        "carried_on_by": record.resumed_by,
        "timing": record.timing,
        "steps": [{"index": step.position + 1, "id": step.step_id, "name": step.name, "status": step.status}
                  for step in record.steps],
        "checkins": [{"moment": checkin.moment, "score": checkin.score, "note": checkin.note,
                      "at": checkin.at.isoformat(timespec="seconds") if checkin.at is not None else None}
                     for checkin in record.checkins],
    }
