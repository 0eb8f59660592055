"""The app's window, run for tests/ui/test_screen_reader.py in a process of its own on a real
X display, with its accessibility bridge on, and moved by the test over stdin: the fake
clock, so the routine plays as fast as the test asks and no real seconds are waited.

    python -m tests.screen_reader_app

Commands, one a line; each is answered 'ok COMMAND' once done (the window painted, the
events it caused handled):

    ready                     once the window is painted and its library shown
    select ROUTINE_ID         choose a routine in the library
    start ROUTINE_ID          play it (as `stretchdesk play` does: no check-in)
    advance SECONDS           move the fake clock, the driver and the announcer on time
    key NAME                  a key where the focus is (Qt's name: Escape, Space, ...)
    quit
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSocketNotifier, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.ui.app import create_application
from stretchdesk.ui.main_window import MainWindow
from stretchdesk.ui.output.cue_player import CuePlayer

from tests.fakes import FakeClock, RecordingCueOutput
from tests.ui.conftest import SHORT

STEP = 0.25


class Driven:
    def __init__(self) -> None:
        self.app = create_application()
        self.clock = FakeClock()
        library = load_library()
        library.routines.insert(0, load_routine_text(SHORT, "short.yaml", default_id="short").routine)
        cues = CuePlayer()
        cues.set_output(RecordingCueOutput())
        self.window = MainWindow(clock=self.clock, cue_player=cues, library=library)
        self.window.show()
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self.read)

    def read(self) -> None:
        line = sys.stdin.readline()
        if not line:
            self.app.quit()
            return
        command, *words = line.split()
        getattr(self, f"do_{command}")(*words)
        for _ in range(5):
            QApplication.processEvents()
        print(f"ok {line.strip()}", flush=True)

    def do_ready(self) -> None:
        # Active, as on a desktop (Xvfb has no window manager to make it so): keys reach it.
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window, 10_000)
        for _ in range(500):
            if self.window.practice.offers_read:
                break
            QApplication.processEvents()
            QTest.qWait(10)

    def do_select(self, routine_id: str) -> None:
        self.window.library_page.select(routine_id)

    def do_start(self, routine_id: str) -> None:
        self.window.start_routine(self.window.library.get(routine_id))

    def do_advance(self, seconds: str) -> None:
        remaining = float(seconds)
        while remaining > 1e-9:
            self.clock.advance(STEP)
            remaining -= STEP
            if self.window.practice.running:
                self.window.driver.tick()
            self.window.announcer.release()
            QApplication.processEvents()

    def do_key(self, name: str) -> None:
        QTest.keyClick(QApplication.focusWidget() or self.window, getattr(Qt.Key, f"Key_{name}"))

    def do_quit(self) -> None:
        self.window.close()
        self.app.quit()


if __name__ == "__main__":
    driven = Driven()
    sys.exit(driven.app.exec())
