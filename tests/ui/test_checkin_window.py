"""The comfort check-in before and after a routine, the completion page's streak and week,
and carrying a session on from where it stopped, from the completion page and from the
library, through the real window with a fake clock. What the history keeps is read back
through a store of its own."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt

from stretchdesk.core.store.history import AFTER, BEFORE, HistoryStore, SessionRecord, history_file, local_now
from stretchdesk.core.views.history_stats import week_start
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.store.settings import update_settings

from tests.core.store.test_history import dead_pid
from tests.ui.conftest import advance, after_first_paint


def kept() -> list[SessionRecord]:
    with HistoryStore(history_file()) as store:
        return store.sessions()


def new_window(qtbot, clock, library=None):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(clock=clock, library=library or load_library())
    qtbot.addWidget(window)
    window.show()
    return window


def press(window, qtbot, key: str) -> None:
    """A key, where the window's focus is (as a person's key press goes)."""
    qtbot.keyClick(window.focusWidget(), key)


def start_short(window) -> None:
    window.library_page.select("short")
    window.library_page.start_button.click()


def test_start_asks_first_and_a_digit_answers_and_starts(window, clock, qtbot):
    start_short(window)
    checkin = window.checkin_page
    assert window.current_page() is checkin
    assert checkin.routine.text() == "Before you start: Short test routine"
    assert checkin.row.question.text() == "How does your back feel?"
    assert [button.text() for button in checkin.row.buttons] == [str(n) for n in range(11)]
    # The scale's ends as the History page and the report say what the numbers meant.
    assert (checkin.row.low.text(), checkin.row.high.text()) == ("0 = no discomfort", "10 = the worst")
    assert checkin.row.buttons[0].accessibleName() == "0 out of 10, no discomfort"
    assert not window.practice.playing, "nothing starts while it asks"

    # A note first: digits typed there are the note's; Enter leaves it, and the next digit answers.
    qtbot.mouseClick(checkin.row.note, Qt.MouseButton.LeftButton)
    checkin.row.note.setFocus()
    qtbot.keyClicks(checkin.row.note, "stiff from 5 hours in the car")
    assert window.current_page() is checkin
    assert not window.mute_action.isChecked(), "the m of 'from' was typed, not the mute key"
    qtbot.keyClick(checkin.row.note, Qt.Key.Key_Return)
    press(window, qtbot, "6")
    assert window.current_page() is window.player_page
    assert window.player_page.name.text() == "Coming up: Twist"
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    [record] = kept()
    assert record.finished
    assert (record.checkin(BEFORE).score, record.checkin(BEFORE).note) == (6, "stiff from 5 hours in the car")


def test_plus_answers_ten(window, clock, qtbot):
    start_short(window)
    press(window, qtbot, "+")
    assert window.current_page() is window.player_page
    window.show_library()
    [record] = kept()
    assert record.checkin(BEFORE).score == 10 and record.checkin(BEFORE).note == ""


def test_a_click_on_a_number_answers_too(window, qtbot):
    start_short(window)
    qtbot.mouseClick(window.checkin_page.row.buttons[2], Qt.MouseButton.LeftButton)
    assert window.current_page() is window.player_page
    window.show_library()
    assert kept()[0].checkin(BEFORE).score == 2


def test_esc_skips_with_nothing_kept(window, clock, qtbot):
    start_short(window)
    window.checkin_page.row.note.setFocus()
    qtbot.keyClicks(window.checkin_page.row.note, "never mind")
    qtbot.keyClick(window.checkin_page.row.note, Qt.Key.Key_Escape)  # from the note too
    assert window.current_page() is window.player_page
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    [record] = kept()
    assert record.finished and record.checkins == ()


def test_back_to_the_library_starts_nothing(window, qtbot):
    start_short(window)
    qtbot.mouseClick(window.checkin_page.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.library_page
    assert kept() == []


def test_with_the_check_in_off_start_starts_at_once_and_nothing_is_asked_after(window, clock, qtbot):
    window.apply_settings({"check_in": False})
    start_short(window)
    assert window.current_page() is window.player_page
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    done = window.completion_page
    assert window.current_page() is done and not done.checkin.isVisible()
    press(window, qtbot, "3")
    assert window.current_page() is done
    [record] = kept()
    assert record.checkins == ()
    assert done.streak.text() == "1 day in a row" and done.week.text() == "1 of 4 this week"


def test_the_completion_page_asks_after_and_a_digit_answers(window, clock, qtbot):
    start_short(window)
    press(window, qtbot, "7")
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    done = window.completion_page
    assert window.current_page() is done and done.heading.text() == "Well done"
    assert done.checkin.isVisible() and done.checkin.question.text() == "How does your back feel now?"
    assert (done.routine.text(), done.checkin.low.text(), done.checkin.high.text()) == (
        "Short test routine", "0 = no discomfort", "10 = the worst")
    assert not done.resume_button.isVisible(), "finished: nothing to carry on"
    assert done.history_button.isVisible()
    press(window, qtbot, "3")
    assert window.current_page() is done, "answering keeps the page"
    assert not done.checkin.question.isVisible()
    assert done.checkin.kept.text() == "Thanks. Kept: 3 of 10 after, 7 before."
    press(window, qtbot, "5")  # answered already: nothing changes
    [record] = kept()
    assert (record.checkin(BEFORE).score, record.checkin(AFTER).score) == (7, 3)


def test_a_history_that_can_only_be_read_does_not_say_kept(window, clock, qtbot):
    """A history from a newer StretchDesk is shown but never written: the answer says so."""
    with HistoryStore(history_file()) as store:
        store.begin(routine_id="old", routine_title="Old", variant=None, step_count=1, timing={})
    with sqlite3.connect(history_file()) as db:
        db.execute("PRAGMA user_version = 99")
    start_short(window)
    press(window, qtbot, "7")
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    press(window, qtbot, "3")
    assert window.completion_page.checkin.kept.text() == "Thanks. 3 of 10 after, not kept: your history can only be read just now."
    assert "newer StretchDesk" in window.notices.text()


def test_the_after_check_in_can_be_skipped(window, clock, qtbot):
    start_short(window)
    window.checkin_page.skip()
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    done = window.completion_page
    qtbot.mouseClick(done.checkin.skip_button, Qt.MouseButton.LeftButton)
    assert not done.checkin.isVisible()
    press(window, qtbot, "4")
    assert kept()[0].checkins == ()


def test_the_streak_and_the_week_come_from_the_history(window, clock, qtbot):
    """Three days before today finished (a run of four with today's), and a best of five
    in a row three weeks ago; the weekly goal from the settings."""
    today = local_now().date()
    zone = local_now().tzinfo
    moment = [None]
    with HistoryStore(history_file(), now=lambda: moment[0]) as store:
        days = [today - timedelta(days=n) for n in (3, 2, 1)] + [today - timedelta(days=n) for n in range(25, 20, -1)]
        for day in days:
            moment[0] = datetime.combine(day, time(8, 0), zone)
            made = store.begin(routine_id="short", routine_title="Short test routine", variant=None, step_count=3, timing={})
            store.step_ended(made, position=0, step_id="twist", name="Twist", status="done", active_seconds=60.0)
            store.end(made, finished=True, active_seconds=60.0)
    window.apply_settings({"weekly_goal": 6})
    start_short(window)
    window.checkin_page.skip()
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    done = window.completion_page
    this_week = 1 + sum(1 for day in days if week_start(today) <= day)
    assert done.streak.text() == "4 days in a row · best 5"
    assert done.week.text() == f"{this_week} of 6 this week"
    assert done.streak.isVisible() and done.week.isVisible()


def test_carry_on_from_the_completion_page_after_a_stop(window, clock, qtbot):
    start_short(window)
    window.checkin_page.skip()
    advance(window, clock, window.playback.timeline.steps[1].start + 1)  # into the cat cow's get-ready
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # stopped
    done = window.completion_page
    assert window.current_page() is done and done.heading.text() == "Stopped early"
    assert done.resume_button.isVisible() and done.resume_button.text() == "Carry on from step 2"
    assert done.checkin.isVisible(), "stopped is asked too"
    press(window, qtbot, "2")
    assert done.checkin.kept.text() == "Thanks. Kept: 2 of 10 after."

    qtbot.mouseClick(done.resume_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.player_page, "no check-in before a session carried on"
    assert window.player_page.name.text() == "Coming up: Cat cow"
    advance(window, clock, window.playback.timeline.total_seconds)
    assert window.current_page() is done and done.heading.text() == "Well done"
    assert not done.resume_button.isVisible()
    stopped, carried = kept()
    assert stopped.resumed_by == carried.id and carried.resumed_from == stopped.id
    assert carried.first_step == 1 and carried.finished
    assert [step.step_id for step in carried.steps] == ["cat-cow", "bridge"]
    assert stopped.checkin(AFTER).score == 2


def write_stopped(routine_id: str, title: str, step_count: int, stop_at: int, step_ids: list[str]) -> str:
    with HistoryStore(history_file()) as store:
        made = store.begin(routine_id=routine_id, routine_title=title, variant=None, step_count=step_count, timing={})
        for position in range(stop_at):
            store.step_ended(made, position=position, step_id=step_ids[position], name=step_ids[position],
                             status="done", active_seconds=30.0 * (position + 1))
        store.end(made, finished=False, active_seconds=30.0 * stop_at, stopped_at_step=stop_at)
    return made


def row_text(window, routine_id: str) -> str:
    rows = window.library_page.list.model()
    for row in range(rows.rowCount()):
        if rows.index(row, 0).data(Qt.ItemDataRole.UserRole) == routine_id:
            return rows.index(row, 0).data()
    raise AssertionError(routine_id)


def test_the_first_paint_does_not_open_the_history(qtbot, clock, monkeypatch):
    made = []
    opened = []
    original = HistoryStore.open

    def watched(store):
        opened.append(made[0]._painted)  # the window had been painted when it was opened
        return original(store)

    monkeypatch.setattr(HistoryStore, "open", watched)
    window = new_window(qtbot, clock)
    made.append(window)
    assert window.practice._history is None and opened == [] and not history_file().exists()
    after_first_paint(window)
    assert opened and all(opened)


def test_the_library_offers_to_carry_on_a_stopped_session_after_the_first_paint(qtbot, clock):
    hip = load_library().get("hip-relief")
    ids = [step.id for step in hip.steps]
    stopped = write_stopped("hip-relief", hip.title, len(ids), 2, ids)
    window = new_window(qtbot, clock)
    page = window.library_page
    assert page.resume_button is None, "nothing from the history before the first paint"
    after_first_paint(window)
    assert row_text(window, "hip-relief").endswith("\nResume — 5 of 7 steps left")
    assert "Resume" not in row_text(window, "daily-lower-back")
    page.select("daily-lower-back")
    assert not page.resume_button.isVisible()
    page.select("hip-relief")
    assert page.resume_button.isVisible() and page.resume_note.text() == "Resume — 5 of 7 steps left"
    assert page.start_button.isVisible()

    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.player_page, "no check-in before a session carried on"
    assert window.player_page.name.text() == f"Coming up: {hip.steps[2].name}"
    assert window.playback.from_step == 2
    window.show_library()  # left at once: stopped at step 3 of the carrying on
    first, carried = kept()
    assert first.id == stopped and first.resumed_by == carried.id and carried.resumed_from == stopped
    assert row_text(window, "hip-relief").endswith("\nResume — 5 of 7 steps left"), "the carrying on, now"


def test_start_still_starts_from_the_beginning(qtbot, clock):
    hip = load_library().get("hip-relief")
    write_stopped("hip-relief", hip.title, len(hip.steps), 4, [step.id for step in hip.steps])
    window = new_window(qtbot, clock)
    after_first_paint(window)
    page = window.library_page
    page.select("hip-relief")
    page.start_button.click()
    window.checkin_page.skip()
    assert window.player_page.name.text() == f"Coming up: {hip.steps[0].name}"
    window.show_library()
    old, new = kept()
    assert new.first_step == 0 and new.resumed_from is None and old.resumed_by is None


def test_a_session_cut_off_is_offered_too(qtbot, clock):
    hip = load_library().get("hip-relief")
    ids = [step.id for step in hip.steps]
    with HistoryStore(history_file()) as store:
        made = store.begin(routine_id="hip-relief", routine_title=hip.title, variant=None, step_count=7, timing={})
        for position in range(3):
            store.step_ended(made, position=position, step_id=ids[position], name=ids[position], status="done",
                             active_seconds=30.0 * (position + 1))
    with sqlite3.connect(history_file()) as db:  # as if the player had been killed
        db.execute("UPDATE sessions SET owner_pid = ?", (dead_pid(),))
    window = new_window(qtbot, clock)
    after_first_paint(window)
    assert row_text(window, "hip-relief").endswith("\nResume — 4 of 7 steps left")
    window.library_page.select("hip-relief")
    assert "cut off" in window.library_page.resume_note.toolTip()
    window.library_page.resume_button.click()
    assert window.player_page.name.text() == f"Coming up: {hip.steps[3].name}"


def test_a_routine_whose_steps_changed_is_not_offered(qtbot, clock):
    hip = load_library().get("hip-relief")
    ids = [step.id for step in hip.steps]
    write_stopped("hip-relief", hip.title, len(ids) + 1, 2, ids + ["gone"])  # it had a step more then
    window = new_window(qtbot, clock)
    after_first_paint(window)
    assert "Resume" not in row_text(window, "hip-relief")
    assert window.library_page.resume_button is None


def test_the_command_line_play_starts_without_asking(qtbot):
    """`stretchdesk play ROUTINE`: the person asked to play it, so it plays at once."""
    from stretchdesk.core.routine.library import resolve_routine
    from stretchdesk.ui.app import create_application, open_window

    update_settings(lambda settings: settings.set("check_in", True))
    create_application()
    window = open_window(resolve_routine("hip-relief"), None)
    qtbot.addWidget(window)
    assert window.current_page() is window.player_page and window.pages.built("checkin") is None
    window.driver.close()
