"""Opens every page and dialog of the window, as a person meets them from the first start
to the History page, on the one screen this process has, and prints what does not fit as
JSON: {"case": ["problem", ...]}. tests/ui/test_screens.py runs it once for each screen,
giving it the screen through Qt's offscreen platform:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.ui.screens --fonts 1,1.25

Each font scale (the application's font, as a desktop's larger-text setting makes it)
gets a window of its own, built after the font is set, with a profile of its own: the
first start (the safety note showing), a history of a few months, and a size saved on a
large screen for the window to come back to.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from tests.ui.screen_fit import problems_of

REPO = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _profile(folder: Path) -> None:
    for name in ("DATA", "CONFIG", "CACHE"):
        os.environ[f"STRETCHDESK_{name}_DIR"] = str(folder / name.lower())


def _history() -> None:
    import importlib.util

    from stretchdesk.core.store.history import history_file

    spec = importlib.util.spec_from_file_location("make_history", REPO / "packaging" / "make_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make(history_file(), 70, seed=3, until=date.today() - timedelta(days=1))


def _modal(app, action, check) -> None:
    """Run `action`, which opens a modal dialog and waits; `check` it once on show, then
    close it."""
    from PySide6.QtCore import QTimer

    def look() -> None:
        dialog = app.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, look)
            return
        try:
            check(dialog)
        finally:
            dialog.reject()

    QTimer.singleShot(0, look)
    action()


def run(font_scale: float, results: dict[str, list[str]], base_font=None, shots: Path | None = None) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from stretchdesk.core.store.state import AppState, WindowPlacement
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow
    from stretchdesk.ui.output.cue_player import CuePlayer

    from tests.fakes import RecordingCueOutput

    app = create_application()
    font = QFont(base_font or app.font())
    font.setPointSizeF(font.pointSizeF() * font_scale)
    app.setFont(font)
    tag = f"font {font_scale:g}x"

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def look(case: str, window, *always_shown) -> None:
        settle()
        found = problems_of(window, always_shown=tuple(always_shown))
        results[f"{tag}: {case}"] = found
        if shots is not None:
            window.grab().save(str(shots / f"{font_scale:g} {case}.png"))

    clock = Clock()
    cues = CuePlayer()
    cues.set_output(RecordingCueOutput())
    window = MainWindow(clock=clock, cue_player=cues)
    window.show()
    window.firstPainted.emit()
    settle()

    def advance(seconds: float) -> None:
        target = clock.now + seconds
        while clock.now < target:
            clock.now = min(target, clock.now + 5.0)
            window.driver.tick()

    page = window.library_page
    look("the first start: the library with the safety note", window, window.safety_banner.dismiss, page.start_button)
    window.safety_banner.dismiss.click()
    page.select("intermediate-lower-back")  # the longest routine, with variants
    look("the library", window, page.start_button)
    steps, scroll = page.steps, page.build_details().scroll
    scroll.verticalScrollBar().setValue(0)
    settle()
    rows_shown = sum(1 for row in range(steps.rowCount())
                     if steps.rowViewportPosition(row) >= 0
                     and scroll.viewport().rect().contains(steps.viewport().mapTo(scroll.viewport(), QPoint(0, steps.rowViewportPosition(row) + steps.rowHeight(row) - 1))))
    if rows_shown < min(3, steps.rowCount()):
        results[f"{tag}: the library"].append(f"the preview shows {rows_shown} whole rows of its step table before it is scrolled")
    page.search.setText("no such routine")
    look("the library with nothing found", window)
    page.search.clear()
    page.select("intermediate-lower-back")

    page.start_button.click()
    checkin = window.checkin_page
    look("the check-in before", window, checkin.row.skip_button, *checkin.row.buttons)
    checkin.row.buttons[4].click()
    player = window.player_page
    controls = (player.previous_button, player.toggle_button, player.next_button, player.stop_button, player.floor_button)
    timeline = window.playback.timeline
    look("the player: get ready", window, *controls)
    moments = {}
    for plan in timeline.steps:
        step = plan.step
        kind = ("two sides" if step.sides == 2 else "one side") + (", reps" if step.reps else ", breaths" if step.breaths else "")
        moments.setdefault(kind, plan)
    for kind, plan in moments.items():
        advance(plan.active_start + 1.2 - (clock.now - 1000.0))
        look(f"the player: {plan.step.name} ({kind})", window, *controls)
    window.player_page.escapeRequested.emit()
    look("the player asking to stop", window, *controls)
    window.player_page.toggleRequested.emit()
    window.set_floor(True)
    settle()
    look("the floor view", window)
    window.set_floor(False)
    advance(timeline.total_seconds - (clock.now - 1000.0) + 1)
    completion = window.completion_page
    look("the completion page with the check-in", window, completion.back_button, completion.again_button)
    window.show_history()
    look("the History page", window, window.history_page.back_button)

    dialog = window.open_settings()
    settle()
    box = dialog.buttons
    look_dialog = look
    look_dialog("the settings dialog", dialog, box.button(QDialogButtonBox.StandardButton.Ok),
                box.button(QDialogButtonBox.StandardButton.Cancel))
    dialog.reject()
    menus = {action.text().replace("&", "").rstrip("…"): action for action in window.actions()}

    def report(shown) -> None:
        buttons = shown.findChild(QDialogButtonBox)
        look_dialog("the report's period", shown, *buttons.buttons())

    _modal(app, menus["Export report"].trigger, report)
    _modal(app, menus["Keyboard"].trigger, lambda shown: look_dialog("the keyboard help", shown))
    _modal(app, menus["About StretchDesk"].trigger, lambda shown: look_dialog("about", shown))
    window.show_library()
    window.close()
    settle()

    # Closed large on a large screen, opened on this one.
    AppState.remember_window(WindowPlacement(200, 150, 1800, 1000))
    again = MainWindow(clock=clock, cue_player=cues)
    again.show()
    again.firstPainted.emit()
    look("a size saved on a large screen", again, again.library_page.start_button)
    again.close()
    QApplication.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fonts", default="1,1.25", help="the application font's scales, each in a window of its own")
    parser.add_argument("--shots", type=Path, help="a folder to save a picture of each case in, to look at")
    args = parser.parse_args(argv)
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    results: dict[str, list[str]] = {}
    warnings: list[str] = []

    def handler(kind, _context, message) -> None:
        # Offscreen, a window's size limits go nowhere, and the platform says so.
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and "propagateSizeHints" not in message:
            warnings.append(message)

    qInstallMessageHandler(handler)
    # Never the sound server or the session bus of the person running it.
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-screens-"))
    os.environ.setdefault("PULSE_SERVER", f"unix:{home / 'no-sound-server'}")
    os.environ.setdefault("DBUS_SESSION_BUS_ADDRESS", f"unix:path={home / 'no-session-bus'}")
    base_font = None
    for number, scale in enumerate(float(text) for text in args.fonts.split(",")):
        _profile(home / str(number))
        _history()
        if base_font is None:
            from stretchdesk.ui.app import create_application

            base_font = create_application().font()
        run(scale, results, base_font, args.shots)
    if warnings:
        results["Qt's warnings"] = warnings
    json.dump(results, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
