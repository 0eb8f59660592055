"""What the History page shows, worked out from the sessions: plain data and text, no Qt.

    view = history_view(store.sessions(), today, weekly_goal)

gives the calendar of the last year (minutes on each day, in five levels), the streak and
this week's progress as sentences, the comfort check-ins as points for a chart, and one
row per session for the list, newest first; `session_details(record)` is the text shown
for the session chosen in the list. The page only draws and lays out what is here, so
every word and number on it is tested without a window; what is said on other pages too
(the streak, the week, days, minutes) is said by core.words.

All of it is worked out in one pass over the records (a year of daily sessions takes a
few milliseconds); the details of a session are written only when it is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from stretchdesk.core import words
from stretchdesk.core.store.history import AFTER, BEFORE, DONE, RUNNING, SKIPPED, SessionRecord, local_now
from stretchdesk.core.views.history_stats import current_streaks, day_minutes, week_progress, week_start

#: The calendar shows this many weeks, the last one being this week: a year and a bit.
HEATMAP_WEEKS = 53
#: A day's level in the calendar from its minutes: none, then under each bound in turn,
#: then the bound's last value or more. A routine takes 6 to 12 minutes.
LEVEL_BOUNDS = (5, 10, 20)
LEVEL_TEXTS = ("no stretching", "under 5 minutes", "5 to 10 minutes", "10 to 20 minutes", "20 minutes or more")
#: Beyond this many sessions with a check-in, the chart shows each week's average instead,
#: so a year of points stays two calm lines.
MAX_COMFORT_POINTS = 60
#: The weeks whose check-ins the chart's summary averages.
RECENT_WEEKS = 4
#: With more points than this, the chart's lines follow the average of the last few points
#: (sessions, or weeks) rather than every point, which are drawn as dots: the trend, calm.
TREND_FROM = 12
TREND_SESSIONS = 7
TREND_WEEKS = 4

EMPTY_TEXT = (
    "Nothing here yet. Play a routine and it shows here: the days you stretched, your streak, "
    "this week's routines against your weekly goal and, with the comfort check-in on, how your "
    "back felt before and after. Your history stays on this computer."
)
NO_CHECKINS_TEXT = (
    "No check-ins yet. With the comfort check-in on (File → Settings), how your back feels "
    "before and after each routine is kept and drawn here."
)


def collapse_spaces(text: str) -> str:
    """A person's note in a list cell: its line breaks and runs of spaces each made one
    space, so it stays on one line."""
    return " ".join(text.split())


# -- the calendar -------------------------------------------------------------------------------


def level_of(minutes: float) -> int:
    if minutes <= 0:
        return 0
    for level, bound in enumerate(LEVEL_BOUNDS, start=1):
        if minutes < bound:
            return level
    return len(LEVEL_BOUNDS) + 1


@dataclass(frozen=True)
class DayCell:
    day: date
    #: The week, 0 the oldest; the weekday, 0 for Monday.
    column: int
    row: int
    minutes: float
    #: 0 (none) to 4 (20 minutes or more).
    level: int
    sessions: int
    #: What the cell's tooltip says: the day and the minutes.
    text: str


@dataclass(frozen=True)
class Heatmap:
    #: One for each day from the first column's Monday to today (the days after today are
    #: left out), in order.
    cells: tuple[DayCell, ...]
    weeks: int
    #: (column, 'Mar') where a month begins.
    months: tuple[tuple[int, str], ...]
    #: What each level means, for the legend.
    legend: tuple[str, ...]
    #: '23 h 53 min of stretching on 212 days in the last year'.
    summary: str

    def cell(self, day: date) -> DayCell | None:
        first = self.cells[0].day if self.cells else day
        index = (day - first).days
        return self.cells[index] if 0 <= index < len(self.cells) else None


def heatmap(records: Iterable[SessionRecord], today: date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    records = list(records)
    minutes = day_minutes(records)
    counts: dict[date, int] = {}
    for record in records:
        if record.active_seconds > 0:
            counts[record.day] = counts.get(record.day, 0) + 1
    first = week_start(today) - timedelta(weeks=weeks - 1)
    cells = []
    months = []
    day = first
    while day <= today:
        offset = (day - first).days
        column, row = divmod(offset, 7)
        spent = minutes.get(day, 0.0)
        sessions = counts.get(day, 0)
        if spent > 0:
            text = f"{words.long_day(day)}: {words.minutes(spent * 60)}" + (
                f" in {words.plural(sessions, 'session')}" if sessions > 1 else "")
        else:
            text = f"{words.long_day(day)}: no stretching"
        cells.append(DayCell(day, column, row, spent, level_of(spent), sessions, text))
        if day.day == 1:
            months.append((column, words.month_mark(day)))
        day += timedelta(days=1)
    # The first column's month too, unless the next month's name would crowd it.
    if not months or months[0][0] >= 3:
        months.insert(0, (0, words.month_mark(first)))
    shown = [cell for cell in cells if cell.minutes > 0]
    total = sum(cell.minutes for cell in shown)
    if shown:
        summary = f"{words.stretching(total * 60, len(shown))} in the last year"
    else:
        summary = "No stretching in the last year"
    return Heatmap(tuple(cells), weeks, tuple(months), LEVEL_TEXTS, summary)


# -- comfort ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComfortPoint:
    day: date
    #: 0 to 10, or None where that check-in was not given (an average, for a week).
    before: float | None
    after: float | None
    #: 'Tue 3 Mar: before 6, after 4' (or the week's averages).
    text: str
    #: Where the lines pass: the average of the last few points (None: not drawn as a trend).
    before_trend: float | None = None
    after_trend: float | None = None


@dataclass(frozen=True)
class ComfortChart:
    points: tuple[ComfortPoint, ...]
    #: Each point is a week's average (there were too many sessions to show each).
    weekly: bool
    #: Under the chart: what the numbers mean and the last weeks' averages.
    caption: str
    #: Instead of the chart when there is nothing to draw.
    empty_text: str
    #: The lines follow each point's trend, not the point.
    trend: bool = False

    @property
    def first(self) -> date | None:
        return self.points[0].day if self.points else None

    @property
    def last(self) -> date | None:
        return self.points[-1].day if self.points else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def trailing_means(values: Sequence[float | None], window: int) -> list[float | None]:
    """For each value given, the mean of it and the values given before it, `window` in
    all; None where no value was given."""
    means: list[float | None] = []
    seen: list[float] = []
    for value in values:
        if value is None:
            means.append(None)
            continue
        seen.append(value)
        recent = seen[-window:]
        means.append(sum(recent) / len(recent))
    return means


def comfort_chart(records: Iterable[SessionRecord], today: date, max_points: int = MAX_COMFORT_POINTS) -> ComfortChart:
    score, this_year = words.score, today.year
    sessions = []
    for record in records:
        before, after = record.checkin(BEFORE), record.checkin(AFTER)
        if before is not None or after is not None:
            sessions.append((record.day, before.score if before else None, after.score if after else None))
    sessions.sort(key=lambda session: session[0])
    if not sessions:
        return ComfortChart((), False, "", NO_CHECKINS_TEXT)
    weekly = len(sessions) > max_points
    points = []
    if weekly:
        weeks: dict[date, tuple[list[float], list[float]]] = {}
        for day, before, after in sessions:
            befores, afters = weeks.setdefault(week_start(day), ([], []))
            if before is not None:
                befores.append(before)
            if after is not None:
                afters.append(after)
        for monday, (befores, afters) in sorted(weeks.items()):
            mean_before, mean_after = _mean(befores), _mean(afters)
            points.append(ComfortPoint(monday, mean_before, mean_after,
                                       f"{words.capitalised(words.week_of(monday, this_year))}, on average: "
                                       f"before {score(mean_before)}, after {score(mean_after)}"))
    else:
        for day, before, after in sessions:
            points.append(ComfortPoint(day, before, after,
                                       f"{words.short_day(day, this_year)}: before {score(before)}, after {score(after)}"))
    trend = len(points) > TREND_FROM
    if trend:
        window = TREND_WEEKS if weekly else TREND_SESSIONS
        befores = trailing_means([point.before for point in points], window)
        afters = trailing_means([point.after for point in points], window)
        points = [dataclasses.replace(point, before_trend=before, after_trend=after)
                  for point, before, after in zip(points, befores, afters)]
    since = today - timedelta(weeks=RECENT_WEEKS)
    recent = [session for session in sessions if session[0] > since]
    caption = words.capitalised(words.COMFORT_SCALE) + "."
    if recent:
        mean_before = _mean([before for _day, before, _after in recent if before is not None])
        mean_after = _mean([after for _day, _before, after in recent if after is not None])
        caption += f" The last {RECENT_WEEKS} weeks, on average: {score(mean_before)} before, {score(mean_after)} after."
    if trend:
        caption += (f" Dots: each week's average; lines: the average of the last {TREND_WEEKS} weeks." if weekly
                    else f" Dots: each session; lines: the average of the last {TREND_SESSIONS}.")
    elif weekly:
        caption += " Each point is a week's average."
    return ComfortChart(tuple(points), weekly, caption, "", trend)


# -- the list of sessions -------------------------------------------------------------------------

#: The list's columns, in order.
COLUMNS = ("When", "Routine", "Time", "How it ended", "Skipped", "Before → after", "Notes")


@dataclass(frozen=True)
class SessionRow:
    id: str
    when: str
    routine: str
    minutes: str
    outcome: str
    skipped: str
    comfort: str
    notes: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.when, self.routine, self.minutes, self.outcome, self.skipped, self.comfort, self.notes)

    @property
    def aloud(self) -> tuple[str, ...]:
        """The cells as a screen reader says them: the time spent and the comfort in words
        (core.words.aloud), an empty cell as what it means; when it was, the routine and the
        notes as written."""
        return (self.when, self.routine, words.aloud(self.minutes), self.outcome, self.skipped or "none",
                words.aloud(self.comfort) if self.comfort else "no check-in", self.notes or "no notes")


#: (routine id, variant id) -> the variant's name, where the library still has it.
VariantNames = Callable[[str, str], "str | None"]


def _no_names(_routine_id: str, _variant_id: str) -> str | None:
    return None


def routine_text(record: SessionRecord, variant_name: VariantNames = _no_names) -> str:
    if not record.variant:
        return record.routine_title
    return f"{record.routine_title} ({variant_name(record.routine_id, record.variant) or record.variant})"


def outcome_text(record: SessionRecord) -> str:
    """'finished', 'stopped at step 5 of 14', 'cut off', with what carried it on or what
    it carried on."""
    return words.outcome(finished=record.finished, cut_off=record.cut_off, running=record.outcome == RUNNING,
                         stopped_at=record.stopped_at_step, step_count=record.step_count,
                         carried_on_later=record.resumed_by is not None and record.ended_early,
                         carried_on_from=record.first_step if record.resumed_from is not None else None)


def _score(record: SessionRecord, moment: str) -> int | None:
    checkin = record.checkin(moment)
    return checkin.score if checkin is not None else None


def comfort_text(record: SessionRecord) -> str:
    return words.comfort(_score(record, BEFORE), _score(record, AFTER))


def notes_text(record: SessionRecord) -> str:
    checkins = [record.checkin(moment) for moment in (BEFORE, AFTER)]
    return words.notes((checkin.moment, collapse_spaces(checkin.note)) for checkin in checkins if checkin is not None)


def session_row(record: SessionRecord, variant_name: VariantNames = _no_names, this_year: int | None = None) -> SessionRow:
    """A session as the History page's list and `stretchdesk history` show it."""
    return SessionRow(
        id=record.id,
        when=words.when(record.started, this_year),
        routine=routine_text(record, variant_name),
        minutes=words.clock(record.active_seconds),
        outcome=outcome_text(record),
        skipped=words.skipped_steps(len(record.skipped_steps)),
        comfort=comfort_text(record),
        notes=notes_text(record),
    )


class SessionRows(Sequence):
    """The list's rows, newest first, each written when first asked for: the list shows a
    screenful of a year's sessions, and measures its columns on the first few."""

    def __init__(self, records: Sequence[SessionRecord], variant_name: VariantNames = _no_names,
                 this_year: int | None = None):
        self._records = records
        self._variant_name = variant_name
        #: A day of this year is written without its year: the list stays narrow.
        self._this_year = this_year
        self._made: list[SessionRow | None] = [None] * len(records)
        self.ids = tuple(record.id for record in records)

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        row = self._made[index]
        if row is None:
            row = self._made[index] = session_row(self._records[index], self._variant_name, self._this_year)
        return row

    def index_of(self, session_id: str | None) -> int | None:
        try:
            return self.ids.index(session_id)
        except ValueError:
            return None


# -- one session's details ----------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def timing_lines(timing: dict, names: dict[str, str]) -> list[str]:
    """The timing a session was played with, as the settings name it: 'Hold time: 120%'."""
    from stretchdesk.core.store.settings import BY_KEY

    lines = []
    for key, value in timing.items():
        setting = BY_KEY.get(key)
        if setting is None or value is None:
            continue
        shown = words.quantity(value, setting.unit) if _is_number(value) else str(value)
        lines.append((list(BY_KEY).index(key), f"{setting.label}: {shown}"))
    lines.sort()
    shown = [text for _order, text in lines]
    holds = timing.get("step_holds")
    if isinstance(holds, dict) and holds:
        own = ", ".join(f"{names.get(step_id, step_id)} {words.seconds(seconds) if _is_number(seconds) else seconds}"
                        for step_id, seconds in sorted(holds.items()))
        shown.append(f"Your own holds: {own}")
    return shown


def session_details(record: SessionRecord, variant_name: VariantNames = _no_names) -> str:
    """Everything kept of one session, as plain text: when, how long, how it ended, the
    check-ins and their notes, each step, the timing it was played with."""
    lines = [routine_text(record, variant_name)]
    when = f"{words.long_day(record.day)}, {words.clock_time(record.started)}"
    if record.ended is not None:
        when += f" to {words.clock_time(record.ended)}"
    lines.append(when)
    lines.append(f"{words.minutes(record.active_seconds)} of stretching{words.SEPARATOR}{outcome_text(record)}")
    checkins = [record.checkin(BEFORE), record.checkin(AFTER)]
    if any(checkins):
        lines.append("")
        lines.append(f"How your back felt ({words.COMFORT_SCALE})")
        for label, checkin in zip(("Before", "After"), checkins):
            if checkin is not None:
                lines.append(f"  {label}: {checkin.score}")
                lines.extend(f"    {line}" for line in checkin.note.strip().splitlines() if line.strip())
    lines.append("")
    lines.append("Steps")
    recorded = {step.position: step for step in record.steps}
    if record.first_step > 0:
        which = "Step 1" if record.first_step == 1 else f"Steps 1 to {record.first_step}"
        lines.append(f"  {which}: played in the session this one carries on")
    missing: list[int] = []
    missing_reason = ""

    def flush_missing() -> None:
        if missing:
            first, last = missing[0] + 1, missing[-1] + 1
            which = f"Step {first}" if first == last else f"Steps {first} to {last}"
            lines.append(f"  {which}: {missing_reason}")
            missing.clear()

    for position in range(record.first_step, record.step_count):
        step = recorded.get(position)
        if step is not None:
            flush_missing()
            status = {DONE: "done", SKIPPED: "skipped"}.get(step.status, step.status)
            lines.append(f"  {position + 1}. {step.name}: {status}")
            continue
        if record.ended_early and position == record.stopped_at_step:
            flush_missing()
            lines.append(f"  Step {position + 1}: stopped during it")
            continue
        reason = ("not reached" if record.ended_early else "not played yet" if record.outcome == RUNNING
                  else "not kept")
        if reason != missing_reason:
            flush_missing()
            missing_reason = reason
        missing.append(position)
    flush_missing()
    timing = timing_lines(record.timing, {step.step_id: step.name for step in record.steps})
    if timing:
        lines.append("")
        lines.append("Played with")
        lines.extend(f"  {line}" for line in timing)
    return "\n".join(lines)


# -- the whole page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryView:
    empty: bool
    empty_text: str
    streak: str
    current_streak: int
    best_streak: int
    week: str
    week_done: int
    week_goal: int
    heatmap: Heatmap
    comfort: ComfortChart
    #: Newest first.
    rows: SessionRows
    #: The records by id, for a row's details.
    records: dict[str, SessionRecord]

    def details(self, session_id: str, variant_name: VariantNames = _no_names) -> str:
        record = self.records.get(session_id)
        return session_details(record, variant_name) if record is not None else ""


def history_view(records: Iterable[SessionRecord], today: date, weekly_goal: int,
                 variant_name: VariantNames = _no_names) -> HistoryView:
    records = list(records)
    current, best = current_streaks(records, today)
    done = week_progress(records, today)
    newest = sorted(records, key=lambda record: (record.started.timestamp(), record.id), reverse=True)
    return HistoryView(
        empty=not records,
        empty_text=EMPTY_TEXT,
        streak=words.streak(current, best),
        current_streak=current,
        best_streak=best,
        week=words.week(done, weekly_goal),
        week_done=done,
        week_goal=weekly_goal,
        heatmap=heatmap(records, today),
        comfort=comfort_chart(records, today),
        rows=SessionRows(newest, variant_name, today.year),
        records={record.id: record for record in records},
    )


def local_today() -> date:
    """Today on the person's clock."""
    return local_now().date()
