"""What the History page shows, from a history written through the store: the calendar,
the streak, the week's goal, the comfort chart, the list of sessions and one session's
details. No window: every word and number is the core's."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

import pytest

from stretchdesk.core.views.history_view import (
    COLUMNS, EMPTY_TEXT, HEATMAP_WEEKS, NO_CHECKINS_TEXT, comfort_chart, heatmap, history_view, level_of,
    session_details, trailing_means,
)
from tests.made_history import TODAY, History


@pytest.fixture
def history(tmp_path):
    made = History(tmp_path / "history.sqlite3")
    yield made
    made.close()


def fill(history: History) -> dict[str, str]:
    """Twelve days in a row in October; then this week (Monday 16 to Friday 20 November):
    three finished, one stopped, one stopped and carried on the same evening."""
    ids = {}
    for offset in range(12):
        history.session(date(2026, 10, 1) + timedelta(days=offset), step_seconds=60)
    ids["monday"] = history.session(date(2026, 11, 16), before=6, after=4, before_note="Stiff after\nthe drive",
                                    after_note="Looser")
    history.session(date(2026, 11, 17), before=5)
    ids["stopped"] = history.session(date(2026, 11, 18), stop_at=2, after=5)
    ids["skipped"] = history.session(date(2026, 11, 19), skip=(1,), variant="flexion", before=5, after=3)
    ids["morning"] = history.session(TODAY, time(7, 5), stop_at=2)
    ids["evening"] = history.session(TODAY, time(18, 40), first_step=2, resumed_from=ids["morning"], before=4, after=2)
    return ids


def records(history: History):
    return history.store.sessions()


def test_an_empty_history_says_how_it_fills():
    view = history_view([], TODAY, 4)
    assert view.empty and view.empty_text == EMPTY_TEXT
    assert "Play a routine and it shows here" in EMPTY_TEXT and "stays on this computer" in EMPTY_TEXT
    assert len(view.rows) == 0 and view.streak == "No days in a row yet" and view.week == "0 of 4 this week"
    assert {cell.level for cell in view.heatmap.cells} == {0}
    assert view.comfort.points == () and view.comfort.empty_text == NO_CHECKINS_TEXT


def test_the_streak_and_the_week(history):
    fill(history)
    view = history_view(records(history), TODAY, 4)
    assert (view.current_streak, view.best_streak) == (5, 12)
    assert view.streak == "5 days in a row · best 12"
    # Four routines played to the end this week: the stopped one does not count, and the
    # one carried on counts once, when the carrying on finished.
    assert view.week_done == 4 and view.week == "4 of 4 this week · goal reached"
    assert history_view(records(history), TODAY, 5).week == "4 of 5 this week"
    # Saturday: the streak is not broken until the day ends; Sunday it is.
    assert history_view(records(history), TODAY + timedelta(days=1), 4).streak == "5 days in a row · best 12"
    assert history_view(records(history), TODAY + timedelta(days=2), 4).streak == \
        "Your next routine starts a new streak · best 12"
    assert history_view(records(history), TODAY + timedelta(days=3), 4).week == "0 of 4 this week"


def test_the_calendar_covers_the_last_year_in_weeks_from_monday(history):
    fill(history)
    calendar = history_view(records(history), TODAY, 4).heatmap
    assert calendar.weeks == HEATMAP_WEEKS == 53
    first, last = calendar.cells[0], calendar.cells[-1]
    assert first.day.weekday() == 0 and (first.column, first.row) == (0, 0)
    assert first.day == date(2025, 11, 17) and len(calendar.cells) == 52 * 7 + 5, "no days after today"
    assert last.day == TODAY and (last.column, last.row) == (52, 4)
    # Today: two sessions, stopped and carried on, 3 minutes each.
    today = calendar.cell(TODAY)
    assert today.minutes == pytest.approx(6) and today.sessions == 2 and today.level == 2
    assert today.text == "Friday 20 November 2026: 6 min in 2 sessions"
    thursday = calendar.cell(date(2026, 11, 19))
    assert thursday.minutes == pytest.approx(4.5) and thursday.level == 1  # one step skipped
    october = calendar.cell(date(2026, 10, 5))
    assert october.text == "Monday 5 October 2026: 4 min" and october.level == 1
    assert calendar.cell(date(2026, 11, 1)).text == "Sunday 1 November 2026: no stretching"
    assert calendar.cell(date(2026, 11, 1)).level == 0
    assert calendar.cell(TODAY + timedelta(days=1)) is None
    # Months where they begin: December 2025 in the third column, November 2026 near the end.
    assert calendar.months[0] == (2, "Dec") and calendar.months[-1] == (49, "Nov")
    assert [name for _column, name in calendar.months] == [
        "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    assert calendar.summary == "1 h 14 min of stretching on 17 days in the last year"


def test_the_calendar_summary_says_the_time_and_the_days_apart(history):
    """One day with three minutes on it reads as three minutes, not as a day of stretching."""
    history.session(date(2026, 11, 18), step_seconds=45)
    calendar = history_view(records(history), TODAY, 4).heatmap
    assert calendar.summary == "3 min of stretching on 1 day in the last year"
    assert " and " not in calendar.summary


def test_levels_follow_the_minutes():
    assert [level_of(minutes) for minutes in (0, 0.2, 4.9, 5, 9.9, 10, 19.9, 20, 300)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_the_first_column_is_named_when_its_month_has_room(history):
    # 1 January 2027 is a Friday: the first column (Monday 28 December 2025) is in December,
    # and January begins in its own first column, right beside it: December is left out.
    assert heatmap([], date(2027, 1, 1)).months[0] == (0, "Jan")
    # Today 20 November 2026: the first column is Monday 17 November 2025; December begins
    # two columns on, too close for a name before it.
    assert heatmap([], TODAY).months[0] == (2, "Dec")
    # Wednesday 8 April 2026: the first column is Monday 7 April 2025, with May three
    # columns on: April is named too.
    assert heatmap([], date(2026, 4, 8)).months[:2] == ((0, "Apr"), (3, "May"))


def test_the_comfort_chart(history):
    fill(history)
    chart = history_view(records(history), TODAY, 4).comfort
    assert not chart.weekly
    assert [(point.day, point.before, point.after) for point in chart.points] == [
        (date(2026, 11, 16), 6, 4), (date(2026, 11, 17), 5, None), (date(2026, 11, 18), None, 5),
        (date(2026, 11, 19), 5, 3), (TODAY, 4, 2)]
    assert chart.points[0].text == "Mon 16 Nov: before 6, after 4", "a day of this year, without its year"
    assert chart.points[1].text == "Tue 17 Nov: before 5, after –"
    assert chart.caption == "0 = no discomfort, 10 = the worst. The last 4 weeks, on average: 5 before, 3.5 after."
    assert (chart.first, chart.last) == (date(2026, 11, 16), TODAY)


def test_many_check_ins_are_drawn_as_weekly_averages(history):
    fill(history)
    chart = comfort_chart(records(history), TODAY, max_points=3)
    assert chart.weekly and "Each point is a week's average." in chart.caption
    [week] = chart.points
    assert week.day == date(2026, 11, 16)
    assert (week.before, week.after) == (pytest.approx(5), pytest.approx(3.5))
    assert week.text == "Week of Mon 16 Nov, on average: before 5, after 3.5"


def test_a_few_check_ins_are_lines_through_each_a_month_of_them_a_trend(history):
    fill(history)
    assert not history_view(records(history), TODAY, 4).comfort.trend, "five points: the lines go through them"
    for offset in range(1, 21):
        history.session(date(2026, 10, 20) + timedelta(days=offset), before=8 if offset % 2 else 4, after=3)
    chart = comfort_chart(records(history), TODAY)
    assert chart.trend and not chart.weekly and len(chart.points) == 25
    assert chart.caption.endswith("Dots: each session; lines: the average of the last 7.")
    # The lines follow the last seven check-ins given: 8, 4, 8, 4, ... averages out near 6.
    assert chart.points[0].before_trend == 8 and chart.points[1].before_trend == 6
    assert chart.points[6].before_trend == pytest.approx((8 * 4 + 4 * 3) / 7)
    assert chart.points[7].before_trend == pytest.approx((8 * 3 + 4 * 4) / 7)
    assert all(point.after_trend == 3 for point in chart.points[:20])


def test_trailing_means_leave_out_what_was_not_given():
    assert trailing_means([6, None, 4, 2, None, 8], 2) == [6, None, 5, 3, None, 5]


def test_sessions_without_check_ins_say_how_the_chart_fills(history):
    history.session(TODAY)
    chart = history_view(records(history), TODAY, 4).comfort
    assert chart.points == () and "comfort check-in" in chart.empty_text


def test_the_list_of_sessions_newest_first(history):
    ids = fill(history)
    view = history_view(records(history), TODAY, 4, variant_name=lambda routine, variant: "Flexion variant")
    assert len(view.rows) == 18 and len(COLUMNS) == len(view.rows[0].cells)
    assert [row.id for row in view.rows[:5]] == [ids["evening"], ids["morning"], ids["skipped"], ids["stopped"],
                                                 view.rows[4].id]
    evening, morning, skipped, stopped, tuesday, monday = view.rows[:6]
    assert evening.cells == ("Fri 20 Nov, 18:40", "Daily stretches", "3:00", "finished, carried on from step 3",
                             "", "4 → 2", "")
    assert morning.outcome == "stopped at step 3 of 4, carried on later" and morning.minutes == "3:00"
    assert skipped.routine == "Daily stretches (Flexion variant)" and skipped.skipped == "1 step"
    assert stopped.outcome == "stopped at step 3 of 4" and stopped.comfort == "– → 5"
    assert tuesday.comfort == "5 → –"
    # As a screen reader says them: the time spent and the comfort in words, no empty cell.
    assert evening.aloud == ("Fri 20 Nov, 18:40", "Daily stretches", "3 minutes", "finished, carried on from step 3",
                             "none", "4 to 2", "no notes")
    assert stopped.aloud[5] == "none to 5" and monday.aloud[6] == monday.notes
    assert monday.notes == "before: Stiff after the drive · after: Looser", "a note is one line in the list"
    assert view.rows[-1].when == "Thu 1 Oct, 07:30" and view.rows[-1].minutes == "4:00"


def test_a_variant_the_library_no_longer_has_is_named_by_its_id(history):
    history.session(TODAY, variant="flexion")
    [row] = history_view(records(history), TODAY, 4).rows
    assert row.routine == "Daily stretches (flexion)"


def test_the_details_of_a_session(history):
    ids = fill(history)
    view = history_view(records(history), TODAY, 4)
    assert view.details(ids["monday"]) == "\n".join([
        "Daily stretches",
        "Monday 16 November 2026, 07:30 to 07:36",
        "6 min of stretching · finished",
        "",
        "How your back felt (0 = no discomfort, 10 = the worst)",
        "  Before: 6",
        "    Stiff after",
        "    the drive",
        "  After: 4",
        "    Looser",
        "",
        "Steps",
        "  1. Cat-Cow: done",
        "  2. Child's Pose: done",
        "  3. Twist: done",
        "  4. Bridge: done",
        "",
        "Played with",
        "  Hold time: 120%",
        "  Where a routine gives a range: middle",
        "  Get ready: 5s",
        "  Pause to switch sides: 3s",
        "  Breath length: 6s",
        "  Rep tempo: 2s",
        "  Your own holds: Twist 40s",
    ])
    skipped = view.details(ids["skipped"])
    assert "  2. Child's Pose: skipped" in skipped and "5 min of stretching · finished" in skipped
    morning = view.details(ids["morning"]).splitlines()
    assert morning[2] == "3 min of stretching · stopped at step 3 of 4, carried on later"
    assert morning[4:9] == ["Steps", "  1. Cat-Cow: done", "  2. Child's Pose: done", "  Step 3: stopped during it",
                            "  Step 4: not reached"], "no check-ins: the steps come next"
    evening = view.details(ids["evening"]).splitlines()
    assert evening[3:7] == ["", "How your back felt (0 = no discomfort, 10 = the worst)", "  Before: 4", "  After: 2"]
    assert evening[8:12] == ["Steps", "  Steps 1 to 2: played in the session this one carries on", "  3. Twist: done",
                             "  4. Bridge: done"]
    assert view.details("no such session") == ""


def test_a_session_cut_off_and_one_playing_now(history):
    session = history.session(TODAY, stop_at=2)
    [record] = records(history)
    cut = dataclasses.replace(record, outcome="running", stopped_at_step=None, ended=None, cut_off=True)
    details = session_details(cut).splitlines()
    assert details[1] == "Friday 20 November 2026, 07:30"
    assert details[2] == "3 min of stretching · cut off" and details[7] == "  Steps 3 to 4: not reached"
    playing = dataclasses.replace(cut, cut_off=False)
    assert session_details(playing).splitlines()[7] == "  Steps 3 to 4: not played yet"
    assert history_view([cut], TODAY, 4).rows[0].outcome == "cut off" and session


def test_a_year_of_daily_sessions(history):
    for offset in range(HEATMAP_WEEKS * 7):
        history.session(TODAY - timedelta(days=offset), before=5, after=3)
    view = history_view(records(history), TODAY, 4)
    assert view.streak == "371 days in a row · your best yet" and view.week == "5 this week · goal of 4 reached"
    assert all(cell.level == 2 for cell in view.heatmap.cells)
    assert view.comfort.weekly and len(view.comfort.points) == 54
    assert len(view.rows) == 371


def test_a_day_of_another_year_is_written_with_its_year(history):
    history.session(date(2025, 12, 31), before=5)
    history.session(date(2026, 1, 2), before=4)
    view = history_view(records(history), date(2026, 1, 2), 4)
    assert [row.when for row in view.rows] == ["Fri 2 Jan, 07:30", "Wed 31 Dec 2025, 07:30"]
    assert [point.text for point in view.comfort.points] == ["Wed 31 Dec 2025: before 5, after –",
                                                             "Fri 2 Jan: before 4, after –"]
