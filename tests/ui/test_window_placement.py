"""The window opens where it was closed, at the size it had, maximised or full screen if it
was; a size too large for the screen is fitted to it; a place on no screen of this
computer is left to the window manager. Offscreen, whose one screen is 800 by 800 pixels."""

from __future__ import annotations

import json

import pytest

from stretchdesk.core.store.state import FRAME, AppState, WindowPlacement
from stretchdesk.ui.output.cue_player import CuePlayer

from tests.fakes import FakeClock, RecordingCueOutput


@pytest.fixture
def open_window(qtbot, short_library):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()

    def make(show: bool = True) -> MainWindow:
        cues = CuePlayer()
        cues.set_output(RecordingCueOutput())
        window = MainWindow(clock=FakeClock(), cue_player=cues, library=short_library)
        qtbot.addWidget(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    return make


def geometry(window) -> tuple[int, int, int, int]:
    rect = window.geometry()
    return rect.x(), rect.y(), rect.width(), rect.height()


def test_size_and_place_come_back_at_the_next_start(open_window):
    first = open_window()
    first.setGeometry(30, 40, 700, 600)
    first.close()
    assert AppState.load().window == WindowPlacement(30, 40, 700, 600)

    again = open_window(show=False)
    assert geometry(again) == (30, 40, 700, 600)  # already before it is shown: one first paint
    again.show()
    assert geometry(again) == (30, 40, 700, 600)


def test_the_first_start_and_a_size_saved_on_a_larger_screen_fit_this_one(open_window):
    left, top, right, bottom = FRAME
    fitting = (800 - left - right, 800 - top - bottom)
    assert geometry(open_window(show=False))[2:] == (800 - left - right, 760)  # 1100 x 760 where there is room
    AppState.remember_window(WindowPlacement(300, 200, 1800, 1000))
    assert geometry(open_window(show=False)) == (left, top, *fitting)


def test_maximised_comes_back_maximised_over_its_normal_size(open_window, qtbot):
    first = open_window()
    first.setGeometry(30, 40, 700, 600)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    assert AppState.load().window == WindowPlacement(30, 40, 700, 600, maximized=True)

    again = open_window()
    assert again.isMaximized() and not again.isFullScreen()
    again.showNormal()
    qtbot.waitUntil(lambda: not again.isMaximized())
    assert geometry(again) == (30, 40, 700, 600)


def test_full_screen_comes_back_full_screen(open_window, qtbot):
    first = open_window()
    first.showFullScreen()
    qtbot.waitUntil(first.isFullScreen)
    first.close()
    assert AppState.load().window.full_screen
    assert open_window().isFullScreen()


def test_a_place_on_no_screen_is_left_to_the_window_manager(open_window):
    usual = geometry(open_window(show=False))
    path = AppState.file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Closed on a second monitor that is no longer there, and maximised there.
    path.write_text(json.dumps({"window": {"x": 5000, "y": 40, "width": 1000, "height": 700, "maximized": True}}))
    window = open_window()
    assert window.isMaximized()
    window.showNormal()
    assert geometry(window)[2:] == (usual[2], 700) and geometry(window)[0] < 800  # 1000 across fitted to 800


def test_a_window_never_shown_remembers_nothing_and_the_safety_note_is_kept(open_window):
    window = open_window(show=False)
    window.close()
    assert not AppState.file().exists()
    shown = open_window()
    shown.safety_banner.dismiss.click()
    shown.close()
    state = AppState.load()
    assert state.safety_acknowledged and state.window is not None
