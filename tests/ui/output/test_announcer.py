"""The window tells a screen reader what a routine does, as the core decides: played on the
fake clock through the real window and its keys, with Qt's accessibility on, so each
announcement goes out as a QAccessibleAnnouncementEvent (tests/ui/test_screen_reader.py
hears them through a real screen reader's bus)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from stretchdesk.core.play.announcements import STOP_QUESTION

from tests.ui.views import activate

STEP = 0.25


@pytest.fixture
def accessible():
    """Qt's accessibility on, as when a screen reader runs: events are built and sent."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


def play(window, clock, seconds: float) -> None:
    """The fake clock moved as the event loop would move it: the driver ticks and the
    announcer wakes, each when due."""
    remaining = seconds
    while remaining > 1e-9:
        clock.advance(STEP)
        remaining -= STEP
        if window.practice.running:
            window.driver.tick()
        window.announcer.release()


def told(window) -> list[str]:
    return [announcement.text for announcement in window.announcer.posted]


def test_a_routine_is_told_step_by_step_after_the_voice(accessible, window, clock, output, qtbot):
    activate(window, qtbot)
    window.start_routine(window.library.get("short"))
    play(window, clock, 80)
    assert output.spoken[0] == "Twist. 10 seconds each side, left side first."
    assert told(window) == [
        "Step 1 of 3: Twist.",
        "5 seconds left.",
        "Switch sides: right side.",
        "5 seconds left.",
        "Step 2 of 3: Cat cow.",
        "Step 3 of 3: Bridge.",
        "Finished: Short test routine. Well done.",
    ]
    assert window.current_page() is window.completion_page
    assert not any(announcement.assertive for announcement in window.announcer.posted)


def test_the_keys_are_answered_at_once(accessible, window, clock, qtbot):
    activate(window, qtbot)
    window.start_routine(window.library.get("short"))
    play(window, clock, 7)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    play(window, clock, STEP)  # the window's next turn
    assert window.announcer.posted[-1].text == f"Paused. {STOP_QUESTION}"
    assert window.announcer.posted[-1].assertive
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    play(window, clock, STEP)
    assert told(window)[-1] == "Carrying on."
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    play(window, clock, STEP)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    play(window, clock, STEP)
    assert told(window)[-2:] == [f"Paused. {STOP_QUESTION}", "Stopped: Short test routine."]
    assert window.current_page() is window.completion_page


def test_muted_the_steps_are_told_whole_and_at_once(accessible, window, clock, qtbot):
    activate(window, qtbot)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_M)
    window.start_routine(window.library.get("short"))
    play(window, clock, STEP)
    assert told(window) == ["Step 1 of 3: Twist. 10 seconds each side, left side first."]


def test_a_routine_left_is_told_no_more(accessible, window, clock, qtbot):
    activate(window, qtbot)
    window.start_routine(window.library.get("short"))
    play(window, clock, 1)
    assert told(window) == [] and window.announcer.announcer.waiting  # the step waits for the voice
    window.show_library()
    play(window, clock, 30)
    assert told(window) == []
