"""The report's figures from sessions made by hand: weeks against the goal, each routine's
steps, comfort before and after, notes; the period from the command line's words; the
sessions as CSV, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest

from stretchdesk.core.store.history import AFTER, BEFORE, DONE, FINISHED, RUNNING, SKIPPED, STOPPED, CheckIn, SessionRecord, StepRecord
from stretchdesk.core.views.report import (
    CSV_COLUMNS, MAX_REPORT_DAYS, PeriodError, build_report, cell, choose_period, csv_bytes, session_json, summary_lines,
    write_csv,
)

ZONE = timezone(timedelta(hours=1))
STEPS = ("cat-cow", "twist", "bridge")
#: A Monday: the report's weeks start on it.
MONDAY = date(2026, 10, 5)
TODAY = date(2026, 11, 20)


def session(day: date, *, routine: str = "daily", title: str = "Daily", outcome: str = FINISHED,
            skipped: tuple[str, ...] = (), reached: int = 3, before: int | None = None, after: int | None = None,
            note_before: str = "", note_after: str = "", hour: int = 8, resumed_by: str | None = None,
            number: int = 0) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZONE)
    steps = tuple(StepRecord(position, step_id, step_id.replace("-", " ").title(), SKIPPED if step_id in skipped else DONE)
                  for position, step_id in enumerate(STEPS[:reached]))
    checkins = []
    if before is not None:
        checkins.append(CheckIn(BEFORE, before, note_before, started))
    if after is not None:
        checkins.append(CheckIn(AFTER, after, note_after, started + timedelta(minutes=7)))
    return SessionRecord(
        id=f"{day.isoformat()}-{hour}-{number}", routine_id=routine, routine_title=title, variant=None, started=started,
        ended=started + timedelta(minutes=6), last_seen=started, active_seconds=60.0 * reached, outcome=outcome,
        step_count=3, stopped_at_step=reached if outcome == STOPPED else None, first_step=0, resumed_from=None,
        resumed_by=resumed_by, timing={}, cut_off=False, steps=steps, checkins=tuple(checkins),
    )


def week_of(monday: date, count: int, **kwargs) -> list[SessionRecord]:
    return [session(monday + timedelta(days=day), **kwargs) for day in range(count)]


# -- the period ---------------------------------------------------------------------------------


def test_the_default_period_is_this_week_and_the_three_before():
    assert choose_period(None, None, TODAY) == (date(2026, 10, 26), TODAY)  # TODAY is a Friday
    assert choose_period(None, None, TODAY, default_weeks=None) == (None, None)
    assert choose_period("2026-11-01", None, TODAY) == (date(2026, 11, 1), TODAY)
    assert choose_period(None, "2026-11-08", TODAY) == (date(2026, 10, 12), date(2026, 11, 8))
    assert choose_period("yesterday", "today", TODAY) == (date(2026, 11, 19), TODAY)
    assert choose_period(" 2026-11-02 ", "TODAY", TODAY, default_weeks=None) == (date(2026, 11, 2), TODAY)


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2026-11-20", "2026-11-01", "The first day, --from 2026-11-20, is after the last, --to 2026-11-01"),
    ("2026-13-01", None, "The day given to --from, '2026-13-01', is not a date: write it as YYYY-MM-DD"),
    ("20261101", None, "The day given to --from, '20261101', is not a date"),
    ("next week", None, "The day given to --from, 'next week', is not a date"),
    (None, "2026-2-3", "The day given to --to, '2026-2-3', is not a date"),
    ("2026-11-21", None, "The first day, --from 2026-11-21, is after today (2026-11-20)"),
    (None, "2031-01-01", "The last day, --to 2031-01-01, is far in the future"),
    (None, "9999-12-31", "far in the future"),
])
def test_a_period_that_cannot_be_is_one_plain_sentence(start, end, message):
    with pytest.raises(PeriodError) as raised:
        choose_period(start, end, TODAY, default_weeks=None)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_report_covers_at_most_three_years():
    start = TODAY - timedelta(days=MAX_REPORT_DAYS - 1)
    assert choose_period(start.isoformat(), None, TODAY)[0] == start
    with pytest.raises(PeriodError, match="at most three years"):
        choose_period("0001-01-01", None, TODAY)
    assert choose_period("0001-01-01", None, TODAY, default_weeks=None) == (date(1, 1, 1), None)  # a list may


def test_the_period_in_words():
    assert build_report([], date(2026, 10, 26), date(2026, 11, 22), weekly_goal=4, today=TODAY).period == \
        "26 Oct to 22 Nov 2026 (4 weeks)"


# -- the figures ----------------------------------------------------------------------------------


def test_weeks_against_the_goal_count_whole_weeks_only():
    records = (week_of(MONDAY, 3) + week_of(MONDAY + timedelta(weeks=1), 1)
               + week_of(MONDAY + timedelta(weeks=2), 5) + [session(MONDAY + timedelta(weeks=3), outcome=STOPPED, reached=1)]
               + week_of(MONDAY + timedelta(weeks=4), 2))
    # From a Wednesday: the first week is only partly in the period, the last is not over.
    report = build_report(records, MONDAY + timedelta(days=2), MONDAY + timedelta(weeks=4, days=6), weekly_goal=3,
                          today=MONDAY + timedelta(weeks=4, days=3))
    assert [(week.monday, week.finished, week.played, week.whole, week.met) for week in report.weeks] == [
        (MONDAY, 1, 1, False, False),
        (MONDAY + timedelta(weeks=1), 1, 1, True, False),
        (MONDAY + timedelta(weeks=2), 5, 5, True, True),
        (MONDAY + timedelta(weeks=3), 0, 1, True, False),
        (MONDAY + timedelta(weeks=4), 2, 2, False, False),
    ]
    assert report.played == 10 and report.finished == 9 and report.stopped_early == 1
    assert report.weeks_met == 1 and len(report.whole_weeks) == 3
    assert report.goal_share == pytest.approx((1 + 3 + 0) / 9), "a week over the goal does not make up for another"
    assert report.mean_per_week == pytest.approx(2.0)
    assert report.days_practised == 10


def test_the_summary_in_words():
    records = (week_of(MONDAY, 3, before=6, after=4) + week_of(MONDAY + timedelta(weeks=1), 1)
               + [session(MONDAY + timedelta(weeks=2), before=5, note_before="Stiff", reached=1, outcome=STOPPED)])
    report = build_report(records, MONDAY, MONDAY + timedelta(weeks=2, days=2), weekly_goal=3, today=TODAY)
    lines = summary_lines(report)
    assert lines[0] == "StretchDesk practice report: 5 Oct to 21 Oct 2026 (17 days)"
    assert lines[2] == "Sessions: 5 played, 4 to the end, 1 stopped early; 13 min of stretching on 5 days"
    assert lines[3] == ("Weekly goal: 3 a week; reached in 1 of 2 whole weeks, 67% of the goal reached, "
                        "2 a week on average")
    assert lines[6:9] == ["  week of Mon 5 Oct    3  ###      goal reached", "  week of Mon 12 Oct   1  #",
                          "  week of Mon 19 Oct   0           part of the week"]
    assert "  first 8 days (5 Oct to 12 Oct): before 6, after 4, change -2" in lines
    assert lines[-1] == "  Mon 19 Oct before Daily (5): Stiff", "a day of this year, as the History page writes it"


def test_no_whole_week_has_no_adherence():
    report = build_report([session(TODAY)], TODAY - timedelta(days=2), TODAY, weekly_goal=4, today=TODAY)
    assert report.whole_weeks == () and report.goal_share is None and report.mean_per_week is None
    assert "no whole week in this period yet" in "\n".join(summary_lines(report))


def test_each_routine_with_its_steps_done_and_skipped():
    records = [
        session(MONDAY, skipped=("twist",)),
        session(MONDAY + timedelta(days=1), skipped=("twist", "bridge")),
        session(MONDAY + timedelta(days=2), outcome=STOPPED, reached=1, resumed_by="later"),
        session(MONDAY + timedelta(days=3), outcome=STOPPED, reached=2),
        session(MONDAY + timedelta(days=1), routine="hips", title="Hips", hour=18),
    ]
    report = build_report(records, MONDAY, MONDAY + timedelta(days=6), weekly_goal=4, today=TODAY)
    daily, hips = report.routines
    assert (daily.title, daily.played, daily.finished, daily.stopped_early, daily.carried_on) == ("Daily", 4, 2, 2, 1)
    assert [(step.step_id, step.name, step.done, step.skipped) for step in daily.steps] == [
        ("cat-cow", "Cat Cow", 4, 0), ("twist", "Twist", 1, 2), ("bridge", "Bridge", 1, 1)]
    assert daily.skipped == 3 and report.skipped_steps == 3
    assert (hips.title, hips.played, hips.finished) == ("Hips", 1, 1)
    assert daily.active_seconds == 60.0 * (3 + 3 + 1 + 2)


def test_comfort_before_and_after_with_the_first_and_last_weeks_compared():
    start = MONDAY
    records = [
        session(start, before=7, after=5, note_before="Stiff after the drive"),
        session(start + timedelta(days=3), before=6),  # stopped before the check-in after
        session(start + timedelta(days=8), before=6, after=5),
        session(start + timedelta(days=20), before=3, after=2, note_after="Looser"),
        session(start + timedelta(days=26), before=2, after=2),
        session(start + timedelta(days=27)),  # no check-in
    ]
    report = build_report(records, start, start + timedelta(days=27), weekly_goal=4, today=TODAY)
    assert [(row.before, row.after, row.change) for row in report.comfort] == [
        (7, 5, -2), (6, None, None), (6, 5, -1), (3, 2, -1), (2, 2, 0)]
    first, last = report.comfort_compared
    assert (first.label, first.start, first.end) == ("first two weeks", start, start + timedelta(days=13))
    assert (first.before, first.after, first.change, first.sessions) == (pytest.approx(19 / 3), 5, -1.5, 3)
    assert (last.label, last.before, last.after, last.change, last.sessions) == ("last two weeks", 2.5, 2, -0.5, 2)
    assert [(monday, before, after) for monday, before, after in report.comfort_weeks] == [
        (start, 6.5, 5), (start + timedelta(weeks=1), 6, 5), (start + timedelta(weeks=2), 3, 2), (start + timedelta(weeks=3), 2, 2)]
    assert [(note.moment, note.score, note.text) for note in report.notes] == [
        (BEFORE, 7, "Stiff after the drive"), (AFTER, 2, "Looser")]


def test_a_short_period_compares_its_halves_and_a_very_short_one_nothing():
    records = [session(TODAY - timedelta(days=day), before=5, after=4) for day in range(10)]
    report = build_report(records, TODAY - timedelta(days=9), TODAY, weekly_goal=4, today=TODAY)
    assert [average.label for average in report.comfort_compared] == ["first 5 days", "last 5 days"]
    report = build_report(records, TODAY - timedelta(days=1), TODAY, weekly_goal=4, today=TODAY)
    assert [average.label for average in report.comfort_compared] == ["the period"]
    assert build_report([session(TODAY)], TODAY, TODAY, weekly_goal=4, today=TODAY).comfort_compared == ()


def test_sessions_outside_the_period_are_left_out():
    records = [session(MONDAY - timedelta(days=1)), session(MONDAY), session(MONDAY + timedelta(days=7))]
    report = build_report(records, MONDAY, MONDAY + timedelta(days=6), weekly_goal=2, today=TODAY)
    assert [record.day for record in report.sessions] == [MONDAY]


def test_an_empty_period_still_reads():
    report = build_report([], MONDAY, MONDAY + timedelta(days=27), weekly_goal=4, today=TODAY)
    assert report.played == 0 and report.routines == () and report.comfort == () and report.notes == ()
    assert report.weeks_met == 0 and report.goal_share == 0
    assert summary_lines(report)[0] == "StretchDesk practice report: 5 Oct to 1 Nov 2026 (4 weeks)"


# -- rows ---------------------------------------------------------------------------------------


def rows(records) -> list[dict[str, str]]:
    out = io.StringIO()
    write_csv(records, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_one_row_per_session_with_its_steps_check_ins_and_notes():
    record = session(MONDAY, skipped=("twist",), before=6, after=4, note_before="Sore, \"very\"\nlow down", note_after="Better")
    [row] = rows([record])
    assert tuple(row) == CSV_COLUMNS
    assert row["date"] == "2026-10-05" and row["start"] == "08:00" and row["end"] == "08:06"
    assert (row["routine"], row["routine_id"], row["outcome"], row["active_minutes"]) == ("Daily", "daily", "finished", "3.0")
    assert (row["steps"], row["steps_done"], row["steps_skipped"], row["skipped"]) == ("3", "2", "1", "Twist")
    assert (row["comfort_before"], row["comfort_after"], row["comfort_change"]) == ("6", "4", "-2"), "numbers stay numbers"
    assert row["note_before"] == "Sore, \"very\"\nlow down" and row["note_after"] == "Better"
    [empty] = rows([session(MONDAY, outcome=RUNNING, reached=0)])
    assert empty["comfort_before"] == "" and empty["note_after"] == "" and empty["end"] == "08:06"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_take_for_a_formula_is_written_as_text(text):
    record = session(MONDAY, title=text, routine=text, before=3, note_before=text, after=2, note_after=text, skipped=("twist",))
    [row] = rows([record])
    for column in ("routine", "routine_id", "note_before", "note_after"):
        assert row[column] == "'" + text, column
    assert cell("Twist") == "Twist" and cell("") == "" and cell("a=b") == "a=b"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_cell_of_the_csv_is_guarded_identifiers_too(text):
    from dataclasses import replace

    record = replace(session(MONDAY, title=text, routine=text, before=3, note_before=text, after=2, note_after=text,
                             skipped=("twist",)), id=text, variant=text, resumed_from=text)
    record = replace(record, steps=tuple(replace(step, name=text) for step in record.steps))
    [row] = rows([record])
    for column in ("routine", "routine_id", "variant", "skipped", "note_before", "note_after", "session", "carried_on_from"):
        assert row[column] == "'" + text, column
    for column, value in row.items():
        assert not value.startswith(("=", "+", "@", "\t", "\r")), column
        assert not value.startswith("-") or value.lstrip("-").isdigit(), column  # a number stays a number


def test_the_csv_file_is_utf8_with_a_byte_order_mark_and_crlf():
    data = csv_bytes([session(MONDAY, title="Rücken — sanft")])
    assert data.startswith(b"\xef\xbb\xbfdate,start,")
    assert data.count(b"\r\n") == 2 and "Rücken — sanft" in data.decode("utf-8-sig")


def test_a_session_as_json():
    record = session(MONDAY, outcome=STOPPED, reached=2, before=5, note_before="x\x1b[2J")
    data = session_json(record)
    assert data["outcome"] == STOPPED and data["stopped_at_step"] == 3 and data["first_step"] == 1
    assert data["steps"] == [{"index": 1, "id": "cat-cow", "name": "Cat Cow", "status": DONE},
                             {"index": 2, "id": "twist", "name": "Twist", "status": DONE}]
    assert data["checkins"] == [{"moment": BEFORE, "score": 5, "note": "x\x1b[2J", "at": "2026-10-05T08:00:00+01:00"}]
    assert data["started"] == "2026-10-05T08:00:00+01:00"


def test_a_to_in_the_first_weeks_of_year_one_is_a_plain_sentence():
    with pytest.raises(PeriodError, match="before any history could be"):
        choose_period(None, "0001-01-10", TODAY)


def test_where_a_report_may_go(tmp_path):
    """What the window's export and the command line both ask before writing."""
    import os

    from stretchdesk.core.views.report import target_problem

    history = tmp_path / "data" / "history.sqlite3"
    history.parent.mkdir()
    history.write_bytes(b"sessions")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link").symlink_to(history.parent)
    (tmp_path / "old.pdf").write_bytes(b"last month")
    assert target_problem(tmp_path / "new.pdf", history) is None
    assert target_problem(tmp_path / "old.pdf", history) is None
    assert target_problem(tmp_path / "pipe", history) == (
        f"{tmp_path / 'pipe'} is a named pipe (FIFO), not a file; give the name of a new file or of a regular file to write over")
    assert target_problem(tmp_path / "link" / "history.sqlite3", history).endswith("is your history itself; write the report to another file")
    for ending, name in [("-wal", "its write-ahead log"), ("-shm", "its shared memory"), ("-journal", "its journal"),
                         (".lock", "its lock")]:
        for folder in (history.parent, tmp_path / "link"):
            assert target_problem(folder / f"history.sqlite3{ending}", history) == (
                f"{folder / f'history.sqlite3{ending}'} belongs with your history ({name}); nothing may be written there: "
                "write the report to another file")
