"""The words a person reads, each said in one place: counts, lengths of time, days, the
streak, the week against the goal, a session's outcome and check-ins."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from stretchdesk.core import words


def test_counts():
    assert [words.plural(count, "day") for count in (0, 1, 2, 1433)] == ["0 days", "1 day", "2 days", "1433 days"]
    assert words.plural(2, "body", "bodies") == "2 bodies" and words.noun(1, "session") == "session"
    assert words.count_of(3, 14, "step") == "3 of 14 steps" and words.count_of(1, 1, "step") == "1 of 1 step"
    assert words.count_of(0, 1, "step") == "0 of 1 step", "the word agrees with the total"


def test_scores_to_one_decimal():
    assert [words.score(value) for value in (None, 4, 4.0, 4.5, -1.25, -0.0, 4.96)] == ["–", "4", "4", "4.5", "-1.2", "0", "5"]
    assert words.score(1.5, signed=True) == "+1.5" and words.score(-1, signed=True) == "-1"
    assert words.score(0, signed=True) == "0" and words.score(0.01, signed=True) == "0", "no +0"


def test_lengths_of_time():
    assert [words.clock(seconds) for seconds in (0, 45, 59.5, 721, 3600)] == ["0:00", "0:45", "1:00", "12:01", "60:00"]
    # A length in words is always a number with its unit, a minute and more too: a column
    # of them reads alike ('25s', '1 min 30s'); the clock is for the time columns.
    assert [words.seconds(value) for value in (30, 22.5, 59.5, 60, 90, 120, 150.5)] == [
        "30s", "22.5s", "59.5s", "1 min", "1 min 30s", "2 min", "2 min 30.5s"]
    assert words.seconds(20, unit=False) == "20"
    assert [words.quantity(value, unit) for value, unit in ((120, "%"), (5, "s"), (22.5, "s"), (4, ""))] == [
        "120%", "5s", "22.5s", "4"]
    assert words.unit_suffix("s") == "s", "a unit follows its number without a space, as in '30s'"


def test_time_spent_stretching_and_on_how_many_days():
    assert words.stretching(180, 1) == "3 min of stretching on 1 day"
    assert words.stretching(75 * 60, 17) == "1 h 15 min of stretching on 17 days"
    assert words.stretching_parts(180, 1) == ("3 min", "of stretching", "on 1 day")


@pytest.mark.parametrize(("seconds", "said"), [
    (0, "0 min"), (20, "under a minute"), (59.9, "under a minute"), (60, "1 min"), (89, "1 min"), (90, "2 min"),
    (59 * 60 + 29, "59 min"), (59 * 60 + 30, "1 h 00 min"), (75 * 60, "1 h 15 min"), (1433 * 60, "23 h 53 min"),
])
def test_minutes_as_a_person_says_them(seconds, said):
    assert words.minutes(seconds) == said


def test_days():
    tuesday = date(2026, 3, 3)
    assert words.short_day(tuesday) == "Tue 3 Mar 2026"
    assert words.short_day(tuesday, this_year=2026) == "Tue 3 Mar"
    assert words.short_day(date(2025, 12, 31), this_year=2026) == "Wed 31 Dec 2025", "the year only when not this year"
    assert words.long_day(tuesday) == "Tuesday 3 March 2026"
    assert words.day_month(tuesday, 2026) == "3 Mar" and words.day_month(tuesday) == "3 Mar 2026"
    assert words.month_mark(tuesday) == "Mar" and words.month_mark(date(2027, 1, 1), year=True) == "Jan 2027"
    started = datetime(2026, 3, 3, 7, 5, tzinfo=timezone(timedelta(hours=1)))
    assert words.clock_time(started) == "07:05" and words.when(started, 2026) == "Tue 3 Mar, 07:05"
    assert words.week_of(date(2026, 11, 16), 2026) == "week of Mon 16 Nov"
    assert words.capitalised(words.week_of(date(2026, 11, 16), 2026)) == "Week of Mon 16 Nov"


def test_periods():
    assert words.period(date(2026, 10, 26), date(2026, 11, 22)) == "26 Oct to 22 Nov 2026 (4 weeks)"
    assert words.period(date(2025, 12, 29), date(2026, 1, 9)) == "29 Dec 2025 to 9 Jan 2026 (12 days)"
    assert words.period(date(2026, 11, 20), date(2026, 11, 20)) == "20 Nov 2026 (1 day)"
    assert words.period(date(2026, 11, 14), date(2026, 11, 20)) == "14 Nov to 20 Nov 2026 (1 week)"
    assert words.span(date(2026, 10, 24), date(2026, 11, 6), 2026) == "24 Oct to 6 Nov"


def test_the_streak():
    assert words.streak(0, 0) == "No days in a row yet"
    assert words.streak(0, 5) == "Your next routine starts a new streak · best 5"
    assert words.streak(1, 1) == "1 day in a row"
    assert words.streak(1, 5) == "1 day in a row · best 5"
    assert words.streak(4, 9) == "4 days in a row · best 9"
    assert words.streak(9, 9) == "9 days in a row · your best yet"


def test_the_week_against_the_goal():
    assert words.week(0, 4) == "0 of 4 this week"
    assert words.week(3, 4) == "3 of 4 this week"
    assert words.week(4, 4) == "4 of 4 this week · goal reached"
    assert words.week(6, 4) == "6 this week · goal of 4 reached", "never '6 of 4'"


def test_a_session_s_row():
    assert words.comfort(6, 4) == "6 → 4" and words.comfort(None, 5) == "– → 5" and words.comfort(None, None) == ""
    assert words.outcome(finished=True) == "finished"
    assert words.outcome(finished=False, stopped_at=4, step_count=14) == "stopped at step 5 of 14"
    assert words.outcome(finished=False) == "stopped early"
    assert words.outcome(finished=False, cut_off=True, running=True) == "cut off"
    assert words.outcome(finished=False, running=True) == "playing now"
    assert words.outcome(finished=False, stopped_at=2, step_count=4, carried_on_later=True) == \
        "stopped at step 3 of 4, carried on later"
    assert words.outcome(finished=True, carried_on_from=2) == "finished, carried on from step 3"
    assert words.skipped_steps(0) == "" and words.skipped_steps(1) == "1 step" and words.skipped_steps(3) == "3 steps"
    assert words.notes([("before", "Stiff"), ("after", ""), ("after", "Looser")]) == "before: Stiff · after: Looser"


def test_the_check_in_before_a_routine_is_headed_as_a_sentence():
    assert words.before_routine("Daily lower back stretches") == "Before you start: Daily lower back stretches"
    assert words.COMFORT_SCALE == f"{words.COMFORT_LOW}, {words.COMFORT_HIGH}" == "0 = no discomfort, 10 = the worst"


@pytest.mark.parametrize("written, said", [
    ("Beginner · 6 steps · 6:08", "Beginner, 6 steps, 6 minutes 8 seconds"),
    ("1:00", "1 minute"),
    ("0:45 with get-ready and switch pauses", "45 seconds with get-ready and switch pauses"),
    ("30s each side", "30 seconds each side"),
    ("10 reps of 4s, each side", "10 reps of 4 seconds, each side"),
    ("1 min 30s", "1 minute 30 seconds"),
    ("1s", "1 second"),
    ("22.5s", "22.5 seconds"),
    ("20-30s", "20 to 30 seconds"),
    ("1 h 05 min", "1 hour 5 minutes"),
    ("6 → 4", "6 to 4"),
    ("– → 5", "none to 5"),
    ("4 days in a row · best 9", "4 days in a row, best 9"),
])
def test_a_line_said_by_a_screen_reader(written, said):
    """The clock's lengths and the app's abbreviations in words, a separator a pause: read
    as written, '6:08' is a time of day and '·' a 'middle dot'."""
    assert words.aloud(written) == said


def test_what_each_word_function_writes_can_be_said():
    for seconds in (1, 30, 59, 60, 90, 721, 4500):
        assert words.aloud(words.clock(seconds)) == words.spoken_seconds(seconds)
        said = words.aloud(words.seconds(seconds))
        assert ":" not in said and not re.search(r"\d(s|min)\b", said), said
    assert words.aloud(words.minutes(4500)) == "1 hour 15 minutes"
    assert words.aloud(words.comfort(None, None)) == ""
