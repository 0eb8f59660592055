"""The words a person reads, each idea said in one place: counts, lengths of time, days,
the streak, the week against the goal and the parts of a session's row. Every page, the
report and the command line say these through the functions here, so an idea reads the
same wherever it shows (and a translation has one place to hang on).

English, whatever the machine's language: Qt sets the C library's locale, which would
change what strftime writes. A ground module: it imports nothing of the app.

    plural(5, "day")                  '5 days'
    count_of(3, 14, "step")           '3 of 14 steps'
    clock(721)                        '12:01'
    seconds(30), seconds(90)          '30s', '1 min 30s'
    minutes(4500)                     '1 h 15 min'
    stretching(180, 1)                '3 min of stretching on 1 day'
    quantity(120, "%")                '120%'
    short_day(day, this_year=2026)    'Tue 3 Mar' ('Tue 3 Mar 2025' in another year)
    long_day(day)                     'Tuesday 3 March 2026'
    day_month(day, this_year=2026)    '3 Mar', for a chart's axis and a period
    period(start, end)                '26 Oct to 22 Nov 2026 (4 weeks)'
    streak(5, 12)                     '5 days in a row · best 12'
    week(3, 4), week(5, 4)            '3 of 4 this week', '5 this week · goal of 4 reached'
    when(started, this_year=2026)     'Tue 3 Mar, 07:30'
    comfort(6, 4)                     '6 → 4'
    before_routine(title)             'Before you start: Daily lower back stretches'
    aloud('Beginner · 6 steps · 6:08') 'Beginner, 6 steps, 6 minutes 8 seconds'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
#: Where a check-in was not given, or a number is missing.
NONE = "–"
#: Between the parts of one line: '5 days in a row · best 12'.
SEPARATOR = " · "
#: That the weekly goal is reached, in a week's line.
GOAL_REACHED = "goal reached"
#: What a comfort check-in's number means (it asks how the back feels, 0 to 10): each end,
#: as the check-in shows them beside its buttons, and both, as the history says them.
COMFORT_LOW = "0 = no discomfort"
COMFORT_HIGH = "10 = the worst"
COMFORT_SCALE = f"{COMFORT_LOW}, {COMFORT_HIGH}"


# -- counts ---------------------------------------------------------------------------------------


def noun(count: int, word: str, many: str | None = None) -> str:
    """The word as it goes with the count: 'day' for 1, 'days' for 0 or 5; `many` where
    adding an s is not the plural."""
    return word if count == 1 else many or word + "s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 day', '5 days'."""
    return f"{count} {noun(count, word, many)}"


def count_of(done: int, total: int, word: str, many: str | None = None) -> str:
    """'3 of 14 steps', '1 of 1 step': the word agrees with the total."""
    return f"{done} of {plural(total, word, many)}"


def capitalised(text: str) -> str:
    """The text with its first letter a capital, as a line or a sentence starts: 'Week of
    Mon 16 Nov' (the rest as it was, unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def number(value: float) -> str:
    """A number as a person writes it: 120, 22.5 (a whole number without '.0')."""
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{int(value)}"


def score(value: float | None, *, signed: bool = False) -> str:
    """A check-in's number or an average of them, to one decimal: '4', '4.5', '-1.2'; '+1.5'
    when `signed`; a dash for none."""
    if value is None:
        return NONE
    text = f"{value:.1f}".removesuffix(".0")
    if text == "-0":
        text = "0"
    return f"+{text}" if signed and value > 0 and text != "0" else text


# -- lengths of time -------------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """Minutes and seconds, the one clock form of the app (totals, tables, the big countdown
    from a minute up): 721 -> '12:01', 45 -> '0:45'. Halves round up, as holds do."""
    whole = int(math.floor(seconds + 0.5))
    return f"{whole // 60}:{whole % 60:02d}"


def unit_suffix(unit: str) -> str:
    """What follows a number of this unit ('s', '%'): right after it, as in '30s'."""
    return unit


def quantity(value: float, unit: str) -> str:
    """A number with its unit: '120%', '5s', '22.5s'."""
    return f"{number(value)}{unit_suffix(unit)}"


def seconds(value: float, *, unit: bool = True) -> str:
    """A length of time in words, always a number with its unit, so lengths written one
    under another read alike: 30 -> '30s', 22.5 -> '22.5s', 90 -> '1 min 30s', 120 ->
    '2 min' (the clock, '1:30', is for the time columns: clock()). Without `unit`, under a
    minute, the number alone (the first end of a range: '20-30s')."""
    if value < 60:
        return quantity(value, "s") if unit else number(value)
    whole_minutes, rest = divmod(value, 60)
    text = f"{int(whole_minutes)} min"
    return f"{text} {quantity(rest, 's')}" if rest else text


def spoken_seconds(seconds: float) -> str:
    """A length of time as the voice says it: '30 seconds', '1 minute 30 seconds', '2 minutes'."""
    whole = int(round(seconds))
    if whole < 60:
        return plural(whole, "second")
    minute_count, rest = divmod(whole, 60)
    minute_text = plural(minute_count, "minute")
    return minute_text if rest == 0 else f"{minute_text} {plural(rest, 'second')}"


def minutes(seconds: float) -> str:
    """Time spent, as a person says it: 'under a minute', '6 min', '1 h 05 min'."""
    if seconds <= 0:
        return "0 min"
    if seconds < 60:
        return "under a minute"
    whole = int(math.floor(seconds / 60 + 0.5))
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def stretching_parts(seconds: float, days: int) -> tuple[str, str, str]:
    """The time spent stretching and the days it was spread over, in three parts for a
    card: ('3 min', 'of stretching', 'on 1 day')."""
    return minutes(seconds), "of stretching", f"on {plural(days, 'day')}"


def stretching(seconds: float, days: int) -> str:
    """'3 min of stretching on 1 day': the time first and the days after it, so the days
    are never read as part of the time ('1 day and 3 min' reads as a day and more)."""
    return " ".join(stretching_parts(seconds, days))


# -- days -----------------------------------------------------------------------------------------


def _year(day: date, this_year: int | None) -> str:
    return "" if day.year == this_year else f" {day.year}"


def short_day(day: date, this_year: int | None = None) -> str:
    """'Tue 3 Mar 2026', without the year when it is `this_year`: a day in a list, a table
    or a tooltip."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}{_year(day, this_year)}"


def long_day(day: date) -> str:
    """'Tuesday 3 March 2026': a day said on its own, in full."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def day_month(day: date, this_year: int | None = None) -> str:
    """'3 Mar', with the year when it is not `this_year`: a mark on a chart's axis, an end
    of a period."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}{_year(day, this_year)}"


def month_mark(day: date, *, year: bool = False) -> str:
    """'Mar', or 'Jan 2027' with `year`: where a month begins on a chart's axis."""
    return MONTHS[day.month - 1][:3] + (f" {day.year}" if year else "")


def clock_time(moment: datetime) -> str:
    """'07:30'."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def when(moment: datetime, this_year: int | None = None) -> str:
    """'Tue 3 Mar, 07:30': when a session started."""
    return f"{short_day(moment.date(), this_year)}, {clock_time(moment)}"


def week_of(monday: date, this_year: int | None = None) -> str:
    """'week of Mon 16 Nov'."""
    return f"week of {short_day(monday, this_year)}"


def days_long(days: int) -> str:
    """How long a period is: '4 weeks' when it is whole weeks, else '12 days'."""
    return plural(days // 7, "week") if days % 7 == 0 else plural(days, "day")


def period(start: date, end: date) -> str:
    """'26 Oct to 22 Nov 2026 (4 weeks)'; the first day's year only when it is another."""
    days = (end - start).days + 1
    if start == end:
        return f"{day_month(end)} ({days_long(1)})"
    return f"{day_month(start, end.year)} to {day_month(end)} ({days_long(days)})"


def span(start: date, end: date, this_year: int | None = None) -> str:
    """'24 Oct to 6 Nov': a stretch of days inside a period, without its length."""
    return f"{day_month(start, this_year)} to {day_month(end, this_year)}"


# -- what the history adds up to ----------------------------------------------------------------


def streak(current: int, best: int) -> str:
    """Days in a row with practice: '5 days in a row · best 12', '12 days in a row · your best
    yet'; before any, and when it is broken, what comes next."""
    if best <= 0:
        return "No days in a row yet"
    if current <= 0:
        return f"Your next routine starts a new streak{SEPARATOR}best {best}"
    now = plural(current, "day") + " in a row"
    if current >= best:
        return f"{now}{SEPARATOR}your best yet" if best > 1 else now
    return f"{now}{SEPARATOR}best {best}"


def week(done: int, goal: int) -> str:
    """This week's routines against the weekly goal: '3 of 4 this week', '4 of 4 this week ·
    goal reached', '5 this week · goal of 4 reached'."""
    if done > goal:
        return f"{done} this week{SEPARATOR}goal of {goal} reached"
    text = f"{done} of {goal} this week"
    return f"{text}{SEPARATOR}{GOAL_REACHED}" if done >= goal else text


# -- a session's row -----------------------------------------------------------------------------


def comfort(before: int | None, after: int | None) -> str:
    """The check-ins before and after: '6 → 4', '– → 5'; '' when neither was given."""
    if before is None and after is None:
        return ""
    return f"{score(before)} → {score(after)}"


def outcome(*, finished: bool, cut_off: bool = False, running: bool = False, stopped_at: int | None = None,
            step_count: int = 0, carried_on_later: bool = False, carried_on_from: int | None = None) -> str:
    """How a session ended: 'finished', 'stopped at step 5 of 14', 'cut off', 'playing now';
    with what carried it on (', carried on later') or what it carried on (', carried on from
    step 3'). Steps are counted from 0 here and from 1 in the words."""
    if finished:
        text = "finished"
    elif cut_off:
        text = "cut off"
    elif running:
        text = "playing now"
    elif stopped_at is not None:
        text = f"stopped at step {stopped_at + 1} of {step_count}"
    else:
        text = "stopped early"
    if carried_on_later:
        text += ", carried on later"
    if carried_on_from is not None:
        text += f", carried on from step {carried_on_from + 1}"
    return text


def before_routine(title: str) -> str:
    """The check-in's heading before a routine starts: 'Before you start: Daily lower back
    stretches'."""
    return f"Before you start: {title}"


def skipped_steps(count: int) -> str:
    """'1 step', '3 steps'; '' for none."""
    return plural(count, "step") if count else ""


def notes(moments: Iterable[tuple[str, str]]) -> str:
    """The notes of a session's check-ins on one line: 'before: stiff · after: looser'."""
    return SEPARATOR.join(f"{moment}: {text}" for moment, text in moments if text)


# -- said by a screen reader ---------------------------------------------------------------------

_CLOCK = re.compile(r"\b(\d+):([0-5]\d)\b")
_HOURS = re.compile(r"\b(\d+) h\b")
_MINUTES = re.compile(r"\b(\d+) min\b")
_SECONDS = re.compile(r"\b(\d+(?:\.\d+)?)s\b")
_RANGE = re.compile(r"\b(\d+)-(\d+)\b")


def aloud(line: str) -> str:
    """A line in the app's own words as a screen reader should say it, where the written
    form would be read wrongly or as punctuation: a length on the clock in words ('6:08' is
    '6 minutes 8 seconds', never a time of day), the units written out ('30s', '1 min',
    '1 h'), a range said as one ('20-30s'), ' · ' a pause, '→' 'to', and the dash for
    nothing 'none'. Not for a routine's title or a person's note (said as written), nor
    for a time of day ('07:30', which a screen reader says well)."""
    text = _CLOCK.sub(lambda match: spoken_seconds(int(match[1]) * 60 + int(match[2])), line)
    text = _HOURS.sub(lambda match: plural(int(match[1]), "hour"), text)
    text = _MINUTES.sub(lambda match: plural(int(match[1]), "minute"), text)
    text = _SECONDS.sub(lambda match: f"{match[1]} {'second' if match[1] == '1' else 'seconds'}", text)
    text = _RANGE.sub(r"\1 to \2", text)
    text = text.replace(SEPARATOR, ", ").replace(" → ", " to ")
    return " ".join("none" if word == NONE else word for word in text.split(" "))
