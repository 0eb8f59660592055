from __future__ import annotations

import pytest

from stretchdesk.core.routine.library import Library, load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.ui.output.cue_player import CuePlayer

from tests.fakes import FakeClock, RecordingCueOutput

SHORT = """title: Short test routine
summary: Three quick steps.
closing: Nicely done, see you tomorrow.
steps:
  - name: Twist
    summary: A gentle twist.
    hold: 10s
    sides: 2
    instructions: [Lie down., Let the knees fall to one side.]
    tips: [Keep the shoulders down.]
    adjustments: [Put a cushion under the knees.]
  - name: Cat cow
    breaths: 2
  - name: Bridge
    reps: 2
    rep: 2s
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def output() -> RecordingCueOutput:
    return RecordingCueOutput()


@pytest.fixture
def short_library() -> Library:
    library = load_library()
    library.routines.insert(0, load_routine_text(SHORT, "short.yaml", default_id="short").routine)
    return library


@pytest.fixture
def window(qtbot, clock, output, short_library):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    player = CuePlayer()
    player.set_output(output)
    win = MainWindow(clock=clock, cue_player=player, library=short_library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.driver.close()


def advance(window, clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    """Move the fake clock as a running event loop would, ticking the driver as its timer does."""
    remaining = seconds
    while remaining > 1e-9:
        delta = min(step, remaining)
        clock.advance(delta)
        remaining -= delta
        window.driver.tick()


def after_first_paint(window) -> None:
    """Let the event loop take its turn until what waits for the window's first paint (the
    preview's details, the history's sessions to carry on) has run. No real time passes."""
    from PySide6.QtWidgets import QApplication

    for _ in range(50):
        if window.practice.offers_read:
            return
        QApplication.processEvents()
    raise AssertionError("the window was not painted")
