"""Screenshots of the real window for the README and the AppStream metainfo, and of every
page and dialog for the user guide.

Run under an X server (Xvfb is enough):

    xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python packaging/take_screenshots.py

It opens the app's own main window at a given size, moves a stand-in clock to a chosen
moment of a routine, and grabs the X screen, so the pictures show exactly what a person
sees, frozen at a moment worth showing. Use --size 800x600 to look at the smallest window;
without --size the window opens at the size it takes on the screen it is on.

`--all` adds the floor view and the dialogs (settings, the report's period, the keyboard
help, About): with a window manager drawing their frames, what
packaging/docs_screenshots.sh does for the user guide's pictures (docs/screenshots/,
each page and dialog on a 1366x768 screen).

The profile is a new one each time, with a history of a few months made by
packaging/make_history.py (ending yesterday), so the completion page has a streak and a
week to show, and the comfort check-in is on as it is by default: Start asks first
(`checkin`), is answered, and the routine ends on the page that asks again (`completion`).
The History page (`history`) shows these months too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "screenshots"


class StandInClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_history(days: int, seed: int) -> None:
    """A history ending yesterday, in the profile's own history file."""
    import importlib.util
    from datetime import date, timedelta

    from stretchdesk.core.store.history import history_file

    spec = importlib.util.spec_from_file_location("make_history", Path(__file__).resolve().parent / "make_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make(history_file(), days, seed=seed, until=date.today() - timedelta(days=1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", help="the window's inside, e.g. 1100x720 (default: its own size on this screen)")
    parser.add_argument("--all", action="store_true", help="the floor view and the dialogs too")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", help="library, checkin, player, completion, history or floor (the floor view, full screen)")
    parser.add_argument("--history-days", type=int, default=75, help="days of made-up history before today")
    parser.add_argument("--seed", type=int, default=7, help="make_history.py's seed")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default="light",
                        help="the colour scheme, as the setting of that name says it (default: light)")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x")) if args.size else None

    # A clean profile: no safety note acknowledged elsewhere, no personal routines.
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-shots-"))
    os.environ["STRETCHDESK_DATA_DIR"] = str(home / "data")
    os.environ["STRETCHDESK_CONFIG_DIR"] = str(home / "config")
    make_history(args.history_days, args.seed)
    from stretchdesk.core.store.settings import update_settings

    update_settings(lambda settings: settings.set("theme", args.theme))

    from PySide6.QtWidgets import QApplication

    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    if args.only in (None, "history"):
        # Three months of sessions, as the README's script makes them, before the window opens.
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from make_history import make

        from stretchdesk.core.store.history import history_file

        make(history_file(), 90)

    app = create_application()
    clock = StandInClock()
    window = MainWindow(clock=clock)
    window.safety_banner.acknowledge()
    if size is not None:
        window.move(0, 0)
        window.resize(*size)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        import time

        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)  # the window manager maps and frames a window in its own time

    def grab(name: str, shown=None) -> None:
        settle()
        frame = (shown or window).frameGeometry()
        shot = QApplication.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        path = args.out / f"{name}.png"
        shot.save(str(path))
        print(path)

    def grab_modal(name: str, action) -> None:
        """A dialog that waits for its answer: grabbed once on show, then closed."""
        from PySide6.QtCore import QTimer

        def look() -> None:
            dialog = app.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(20, look)
                return
            grab(name, dialog)
            dialog.reject()

        QTimer.singleShot(50, look)
        action()

    def advance(seconds: float) -> None:
        target = clock.now + seconds
        while clock.now < target:
            clock.now = min(target, clock.now + 0.25)
            window.driver.tick()

    library = window.library
    intermediate = library.get("intermediate-lower-back")
    start = clock.now
    if args.only in (None, "library"):
        window.library_page.select("intermediate-lower-back")
        grab("library")
    if args.only in (None, "checkin", "player", "completion"):
        # Start, as a person does: the check-in asks first; answered, the routine starts.
        window.library_page.select("intermediate-lower-back")
        window.library_page.start_button.click()
        if args.only in (None, "checkin"):
            grab("checkin")
        window.checkin_page.row.note.setText("Stiff after the drive")
        window.checkin_page.row.buttons[5].click()
    if args.only in (None, "player"):
        # Into the Lunge, left side, with 18 seconds to go.
        advance(intermediate and window.playback.timeline.steps[4].active_start + 12.2)
        grab("player")
    if args.only == "floor":
        # Run on a screen the size of a living-room display, e.g. -screen 0 1600x1000x24.
        daily = library.get("daily-lower-back")
        window.start_routine(daily)
        window.set_floor(True)
        advance(window.playback.timeline.steps[3].active_start + 2.2)  # the glute stretch, right side first
        grab("floor")
        window.close()
        return 0
    if args.only in (None, "completion"):
        advance(window.playback.timeline.total_seconds - (clock.now - start) + 1)
        grab("completion")
    if args.only in (None, "history"):
        window.show_history()
        page = window.history_page
        # A session with a note of the person's, to show its details.
        noted = next((row for row in range(page.row_count()) if page.row_texts(row)[6]), 0)
        page.choose_row(noted)
        grab("history")
    if args.all:
        dialog = window.open_settings()
        grab("settings", dialog)
        dialog.reject()
        actions = {action.text().replace("&", "").rstrip("…"): action for action in window.actions()}
        grab_modal("report-period", actions["Export report"].trigger)
        grab_modal("keyboard", actions["Keyboard"].trigger)
        grab_modal("about", actions["About StretchDesk"].trigger)
        window.show_library()
        # The floor view, full screen: the glute stretch, right side first.
        window.start_routine(library.get("daily-lower-back"))
        begun = clock.now
        window.set_floor(True)
        advance(window.playback.timeline.steps[3].active_start + 2.2 - (clock.now - begun))
        grab("floor")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
