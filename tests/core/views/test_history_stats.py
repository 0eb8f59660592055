"""What the history adds up to: days in a row, the week's sessions against the goal, the
minutes of each day, from sessions made by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from stretchdesk.core.store.history import DONE, FINISHED, STOPPED, SessionRecord, StepRecord
from stretchdesk.core.views.history_stats import (
    current_streaks, day_minutes, practised_days, sessions_per_week, streaks, week_progress, week_start,
)

ZONE = timezone(timedelta(hours=1))


def record(day: date, *, finished: bool = True, minutes: float = 10, done: int = 1) -> SessionRecord:
    started_at = datetime(day.year, day.month, day.day, 8, tzinfo=ZONE)
    return SessionRecord(
        id=str(day), routine_id="t", routine_title="T", variant=None, started=started_at, ended=None,
        last_seen=started_at, active_seconds=minutes * 60, outcome=FINISHED if finished else STOPPED, step_count=4,
        stopped_at_step=None if finished else 1, first_step=0, resumed_from=None, resumed_by=None, timing={},
        cut_off=False, steps=tuple(StepRecord(i, f"s{i}", f"S{i}", DONE) for i in range(done)),
    )


def test_streaks_count_days_in_a_row():
    today = date(2026, 11, 20)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 5, 6, 7, 8)}
    assert streaks(days, today) == (3, 4)
    assert streaks(days - {today}, today) == (2, 4), "not broken until today ends"
    assert streaks(days - {today, today - timedelta(days=1)}, today) == (0, 4)
    assert streaks(set(), today) == (0, 0)


def test_the_week_counts_sessions_played_to_the_end():
    friday = date(2026, 11, 20)
    records = [record(friday - timedelta(days=n)) for n in range(6)] + [record(friday, finished=False)]
    assert week_progress(records, friday) == 5, "Monday to Friday, the stopped one not counted"
    weeks = sessions_per_week(records, date(2026, 11, 9), friday)
    assert weeks == [(date(2026, 11, 9), 1), (date(2026, 11, 16), 5)], "Sunday the 15th ends the week before"


def test_minutes_per_day_and_practised_days():
    day = date(2026, 11, 20)
    records = [record(day, minutes=12), record(day, finished=False, minutes=3), record(day - timedelta(days=1), finished=False, done=0, minutes=1)]
    assert day_minutes(records) == {day: 15, day - timedelta(days=1): 1}
    assert practised_days(records) == {day}


def test_the_streaks_of_sessions_count_days_with_a_step_done():
    friday = date(2026, 11, 20)
    records = [record(friday - timedelta(days=n)) for n in (1, 2, 4)] + [record(friday, finished=False, done=0)]
    assert current_streaks(records, friday) == (2, 2), "today, nothing done yet: not broken"
    assert week_start(friday) == date(2026, 11, 16) and week_start(date(2026, 11, 16)) == date(2026, 11, 16)
