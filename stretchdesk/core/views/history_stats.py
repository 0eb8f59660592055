"""What the history adds up to, in numbers: the minutes on each day, the days practised and
the streaks they make, the week's sessions against the goal. Plain Python, no Qt, no
words (core.words says them); the History page, the completion page, the report and the
command line all count here, so they count alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from stretchdesk.core.store.history import SessionRecord


def day_minutes(records: Iterable[SessionRecord]) -> dict[date, float]:
    """Active minutes on each day there was any."""
    minutes: dict[date, float] = {}
    for record in records:
        if record.active_seconds > 0:
            minutes[record.day] = minutes.get(record.day, 0.0) + record.active_seconds / 60
    return minutes


def practised_days(records: Iterable[SessionRecord]) -> set[date]:
    """The days with at least one step done."""
    return {record.day for record in records if record.done_steps}


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, best): days in a row with practice. The current streak counts back from
    today, or from yesterday while today has none yet (it is not broken until the day ends)."""
    best = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current += 1
        day -= timedelta(days=1)
    return current, best


def current_streaks(records: Iterable[SessionRecord], today: date) -> tuple[int, int]:
    """(current, best) days in a row, from the sessions."""
    return streaks(practised_days(records), today)


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def counted(record: SessionRecord) -> bool:
    """A session counts towards the weekly goal when it was played to the end (a session
    carried on later counts once, when the carrying on finishes)."""
    return record.finished and bool(record.done_steps)  # every step skipped is not playing it


def week_progress(records: Iterable[SessionRecord], today: date) -> int:
    """How many sessions count towards this week's goal so far."""
    monday = week_start(today)
    return sum(1 for record in records if counted(record) and monday <= record.day <= today)


def sessions_per_week(records: Iterable[SessionRecord], start: date, end: date) -> list[tuple[date, int]]:
    """(Monday, sessions counted) for each week from `start` to `end`."""
    counts: dict[date, int] = {}
    monday = week_start(start)
    while monday <= end:
        counts[monday] = 0
        monday += timedelta(days=7)
    for record in records:
        key = week_start(record.day)
        if key in counts and counted(record) and start <= record.day <= end:
            counts[key] += 1
    return sorted(counts.items())
