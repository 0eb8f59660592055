"""The History page as a person sees it: empty, then with a history written through the
store on days the test chooses; reached from the library, the completion page and Ctrl+H,
and left with Back or Esc. The history is not read before the window's first paint."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolTip

from stretchdesk.core.store.history import history_file
from stretchdesk.core.views.history_view import EMPTY_TEXT
from tests.core.views.test_history_view import fill
from tests.made_history import TODAY, History

from tests.ui.conftest import advance
from tests.ui.test_plain_text import MARK, RAW, check_everything, label_text, tooltip_text


#: A tooltip shown offscreen: the platform cannot raise its window, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def history():
    made = History(history_file())
    yield made
    made.close()


def open_history(window):
    window.history_page.today = lambda: TODAY
    window.show_history()
    return window.history_page


def hover(widget, point: QPoint) -> str:
    """What the tooltip says with the pointer at `point`."""
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point)))
    assert QToolTip.isVisible()
    return tooltip_text(QToolTip.text())


def test_an_empty_history_says_how_it_fills(window, qtbot):
    assert window.pages.built("history") is None, "built when first asked for"
    qtbot.mouseClick(window.library_page.history_button, Qt.MouseButton.LeftButton)
    page = window.history_page
    assert window.current_page() is page
    assert page.body.currentWidget() is not page.scroll
    assert label_text(page.empty) == EMPTY_TEXT
    assert "Play a routine and it shows here" in label_text(page.empty) and page.empty.isVisible()
    assert page.row_count() == 0
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.library_page


def test_what_the_history_adds_up_to(window, history):
    fill(history)
    page = open_history(window)
    assert page.body.currentWidget() is page.scroll
    assert label_text(page.streak) == "5 days in a row · best 12"
    assert label_text(page.week) == "4 of 4 this week · goal reached"
    assert (page.goal_dots.done, page.goal_dots.goal) == (4, 4)
    # The weekly goal is a setting: the page follows it.
    window.apply_settings({"weekly_goal": 6})
    assert label_text(page.week) == "4 of 6 this week" and page.goal_dots.goal == 6


def test_the_calendar_says_each_day_s_minutes(window, history):
    fill(history)
    page = open_history(window)
    calendar = page.calendar
    today = calendar.cell_at(calendar.cell_rect(52, 4).center())
    assert today.day == TODAY and today.minutes == pytest.approx(6)
    assert hover(calendar, calendar.cell_rect(52, 4).center().toPoint()) == "Friday 20 November 2026: 6 min in 2 sessions"
    # Monday 16 November: week 52, the top row.
    assert hover(calendar, calendar.cell_rect(52, 0).center().toPoint()) == "Monday 16 November 2026: 6 min"
    assert hover(calendar, calendar.cell_rect(51, 6).center().toPoint()) == "Sunday 15 November 2026: no stretching"
    assert calendar.cell_at(QPoint(1, 1)) is None, "no day away from the days"
    assert calendar.accessibleDescription() == "1 h 14 min of stretching on 17 days in the last year"


def test_the_comfort_chart_draws_each_check_in(window, history):
    fill(history)
    page = open_history(window)
    chart = page.comfort
    positions = chart.point_positions()
    assert len(positions) == 5
    before, after = positions[0]
    assert before.y() < after.y(), "6 before is drawn higher than 4 after"
    assert positions[1][1] is None and positions[2][0] is None, "a check-in not given is not drawn"
    assert hover(chart, before.toPoint()) == "Mon 16 Nov: before 6, after 4"
    assert "The last 4 weeks, on average: 5 before, 3.5 after." in label_text(page.comfort_caption)


def test_one_check_in_is_a_point_in_the_middle(window, history):
    history.session(TODAY, before=7, after=5)
    page = open_history(window)
    [(before, after)] = page.comfort.point_positions()
    assert before.x() == after.x() == pytest.approx(page.comfort._plot().center().x())


def test_sessions_newest_first_with_their_details(window, history, qtbot):
    fill(history)
    page = open_history(window)
    table = page.table
    assert page.row_count() == 18
    model = table.model()
    assert [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())] == [
        "When", "Routine", "Time", "How it ended", "Skipped", "Before → after", "Notes"]
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert page.row_texts(0) == ["Fri 20 Nov, 18:40", "Daily stretches", "3:00", "finished, carried on from step 3",
                                 "", "4 → 2", ""]
    assert page.row_texts(1)[3] == "stopped at step 3 of 4, carried on later"
    assert page.row_texts(5)[6] == "before: Stiff after the drive · after: Looser"
    # The newest is chosen at first, and its details shown.
    assert table.currentIndex().row() == 0
    assert page.details.toPlainText().startswith("Daily stretches\nFriday 20 November 2026, 18:40 to 18:43\n")
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert page.selected_session() == model.rows[2].id
    details = page.details.toPlainText()
    assert "  2. Child's Pose: skipped" in details and "Your own holds: Twist 40s" in details
    assert page.details.isReadOnly()
    # Opened again (a new session meanwhile): read afresh, the chosen session still chosen.
    chosen = page.selected_session()
    window.show_library()
    history.session(TODAY, time(20, 0))
    window.show_history()
    assert page.row_count() == 19 and page.selected_session() == chosen


def test_back_and_escape_return_to_the_library(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.history_page
    qtbot.keyClick(window.history_page.table, Qt.Key.Key_Escape)
    assert window.current_page() is window.library_page
    window.show_history()
    qtbot.mouseClick(window.history_page.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.library_page


def test_from_the_completion_page_and_back(window, clock, qtbot):
    short = window.library.routines[0]
    window.start_routine(short)
    # While a routine plays the history stays closed: Ctrl+H does nothing.
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.player_page
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    assert window.current_page() is window.completion_page
    window.show_history()
    page = window.history_page
    assert page.row_texts(0)[1:4] == ["Short test routine", page.row_texts(0)[2], "finished"]
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # again, over itself
    assert window.current_page() is page
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert window.current_page() is window.completion_page, "back to where it was first opened from"


def test_notes_are_shown_as_written(window, history):
    history.session(TODAY, before=6, before_note=f"Sore {MARK}", after=3, after_note=f"{MARK}\nsecond line")
    page = open_history(window)
    check_everything(window)
    assert page.row_texts(0)[6] == f"before: Sore {MARK} · after: {MARK} second line"
    tip = page.table.model().index(0, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert RAW not in tip and tooltip_text(tip) == f"before: Sore {MARK} · after: {MARK} second line"
    assert f"  Before: 6\n    Sore {MARK}\n  After: 3\n    {MARK}\n    second line" in page.details.toPlainText()


def test_a_history_that_cannot_be_read_is_said_in_the_status_bar(window):
    history_file().parent.mkdir(parents=True, exist_ok=True)
    history_file().mkdir()  # a folder where the file should be
    page = open_history(window)
    assert page.body.currentWidget() is not page.scroll
    assert "is not a regular file" in label_text(window.notices)


class PaintWatcher(QObject):
    """Looks at the history at the window's first paint."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.seen: tuple[bool, bool] | None = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = (self.window.practice._history is not None, history_file().exists())
        return False


def test_the_history_is_not_read_before_the_first_paint(qtbot, clock, output, short_library):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.output.cue_player import CuePlayer
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    player = CuePlayer()
    player.set_output(output)
    window = MainWindow(clock=clock, cue_player=player, library=short_library)
    qtbot.addWidget(window)
    watcher = PaintWatcher(window)
    window.installEventFilter(watcher)
    with qtbot.waitSignal(window.firstPainted, timeout=5000):
        window.show()
    assert watcher.seen == (False, False), "no store made and no file opened by the first paint"
    assert window.pages.built("history") is None
    window.show_history()
    assert window.practice._history is not None and history_file().exists()
    window.removeEventFilter(watcher)


def test_a_column_is_as_narrow_as_its_text_in_two_lines_broken_between_words(window):
    from PySide6.QtGui import QFontMetrics

    from stretchdesk.ui.pages.history_page import two_line_width

    metrics = QFontMetrics(window.font())
    text = "stopped at step 4 of 13, carried on later"
    width = two_line_width(metrics, text)
    assert width == max(metrics.horizontalAdvance("stopped at step 4 of"), metrics.horizontalAdvance("13, carried on later"))
    assert two_line_width(metrics, "finished") == metrics.horizontalAdvance("finished")


def test_the_chart_goes_above_the_list_where_the_page_is_too_narrow_for_both(window, history):
    from tests.made_history import TODAY

    history.session(TODAY, before=4, after=2, after_note="Looser than yesterday, and the hips felt fine")
    window.resize(900, 600)
    page = open_history(window)
    QApplication.processEvents()
    assert page.lower.orientation() == Qt.Orientation.Vertical
    assert page.table.horizontalScrollBar().maximum() == 0  # every column whole, no sideways scrolling
    window.resize(1800, 900)
    QApplication.processEvents()
    assert page.lower.orientation() == Qt.Orientation.Horizontal
    assert page.table.horizontalScrollBar().maximum() == 0
