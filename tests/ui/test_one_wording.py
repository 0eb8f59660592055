"""One history, said by everything that says it: the completion page, the History page,
`stretchdesk history`, `stretchdesk report` and the report's PDF. The streak, this week
against the goal, a day, minutes and a count each read the same wherever they are said;
each phrase is taken from what a person sees (labels, the terminal, the PDF's text read
back) and compared across them."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest

from stretchdesk.core.store.history import HistoryStore, history_file, local_now

from tests.test_cli_hostile import assert_plain, run
from tests.ui.conftest import advance
from tests.ui.test_plain_text import label_text
from tests.ui.test_report_pdf import read_pdf

#: A session written long enough to need hours: its minutes read the same everywhere.
LONG_SECONDS = 75 * 60
NOTE = "Stiff after the drive"

DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{4})?"
MINUTES = r"(?:under a minute|\d+ min|\d+ h \d\d min)"


@pytest.fixture(autouse=True)
def not_at_midnight():
    """The test's days are counted from today: a run that straddles midnight would count
    two different todays."""
    now = local_now()
    if now.time() >= time(23, 58) or now.time() < time(0, 0, 3):
        pytest.skip("too close to midnight for days counted from today")


def write_history() -> None:
    """Three days before today, each with a step done (the one two days ago long, with a
    check-in and a note), and two routines played to the end earlier today: with the one
    the test plays, four days in a row, the best so far, and three or more this week."""
    today = local_now().date()
    zone = local_now().tzinfo
    moment = [local_now()]
    with HistoryStore(history_file(), now=lambda: moment[0]) as store:
        played = [(today - timedelta(days=days), time(8, 0), 60.0 * (days + 1)) for days in (3, 1)]
        played += [(today - timedelta(days=2), time(8, 0), float(LONG_SECONDS))]
        played += [(today, time(0, 0, second), 120.0) for second in (1, 2)]
        for day, at, seconds in played:
            moment[0] = datetime.combine(day, at, zone)
            made = store.begin(routine_id="short", routine_title="Short test routine", variant=None, step_count=1,
                               timing={})
            if seconds == LONG_SECONDS:
                store.check_in(made, "before", 6, NOTE)
            store.step_ended(made, position=0, step_id="twist", name="Twist", status="done", active_seconds=seconds)
            store.end(made, finished=True, active_seconds=seconds)


def one(pattern: str, text: str) -> str | None:
    """The first group of the pattern's first match, or None where it is not said."""
    found = re.search(pattern, text, re.M)
    return found.group(1) if found else None


def test_the_same_history_is_said_in_the_same_words_everywhere(window, clock, qtbot, tmp_path):
    write_history()
    window.apply_settings({"weekly_goal": 2})
    window.library_page.select("short")
    window.library_page.start_button.click()
    window.checkin_page.skip()
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    done = window.completion_page
    assert window.current_page() is done
    completion = {"streak": done.streak.text(), "week": done.week.text()}

    window.show_history()
    page = window.history_page
    noted = next(row for row in range(page.row_count()) if page.row_texts(row)[6])
    calendar = page.calendar.accessibleDescription()
    history_page = {
        "streak": label_text(page.streak),
        "week": label_text(page.week),
        "day": one(rf"^({DAY}), \d\d:\d\d$", page.row_texts(noted)[0]),
        "minutes": one(r"^(.+) of stretching on \d+ days? in the last year$", calendar),
        "days": one(r" of stretching on (\d+ days?) in the last year$", calendar),
    }

    listed, _ = assert_plain(run("history"))
    summary, _ = assert_plain(run("report"))
    pdf = tmp_path / "report.pdf"
    written, _ = assert_plain(run("report", "--pdf", str(pdf)))
    text = " ".join(read_pdf(pdf.read_bytes(), tmp_path))
    terminal_history = {
        "streak": one(r"^(\d+ days? in a row.*)$", listed),
        "week": one(r"^(.* this week.*)$", listed),
        "day": one(rf"^({DAY}), \d\d:\d\d .*$\n.*{NOTE}", listed),
        "minutes": one(r"; (.+) of stretching\.$", listed),
        "sessions": one(r"^(\d+ sessions?), ", listed),
    }
    terminal_report = {
        "day": one(rf"^  ({DAY}).*{NOTE}$", summary),
        "minutes": one(r"; (.+) of stretching on ", summary),
        "days": one(r" of stretching on (\d+ days?)$", summary),
        "goal": one(r"^  week of .*  (goal \w+)$", summary),
        "sessions": one(r", (\d+ sessions?), is in ", written),
    }
    the_pdf = {
        "day": one(rf"({DAY}) \d\d:\d\d Short test routine 6", text),
        "minutes": one(rf"({MINUTES}) of stretching", text),
        "days": one(r"of stretching on (\d+ days?)", text),
        "sessions": one(r"(\d+ sessions?) \d+ played to the end", text),
        "goal": one(r"weeks with the (goal \w+)", text),
    }

    said = {"completion page": completion, "History page": history_page, "stretchdesk history": terminal_history,
            "stretchdesk report": terminal_report, "the PDF": the_pdf}
    phrases = {phrase for where in said.values() for phrase in where}
    differ = {}
    for phrase in sorted(phrases):
        ways = {where: words[phrase] for where, words in said.items() if phrase in words}
        if len(set(ways.values())) != 1 or None in ways.values():
            differ[phrase] = ways
    assert differ == {}, "said differently (None: not said):\n" + "\n".join(
        f"  {phrase}: {ways}" for phrase, ways in differ.items())

    # And what it is said as: four days in a row, the best so far; three or more this week,
    # over a goal of two; 75 minutes and more; four days; six sessions; a week's goal reached.
    assert completion["streak"] == "4 days in a row · your best yet"
    today = local_now().date()
    this_week = 3 + sum(1 for days in (1, 2, 3) if (today - timedelta(days=days)).weekday() < today.weekday())
    assert completion["week"] == f"{this_week} this week · goal of 2 reached"
    assert re.fullmatch(r"1 h \d\d min", history_page["minutes"])
    assert history_page["days"] == "4 days" and terminal_history["sessions"] == "6 sessions"
    assert terminal_report["goal"] == "goal reached"
