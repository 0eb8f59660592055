"""Screenshots of the real window for the README and the AppStream metainfo.

Run under an X server (Xvfb is enough):

    xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python packaging/take_screenshots.py

It opens the app's own main window at a given size, moves a stand-in clock to a chosen
moment of a routine, and grabs the X screen, so the pictures show exactly what a person
sees, frozen at a moment worth showing. Use --size 800x600 to look at the smallest window.
The History page shows 90 days made by packaging/make_history.py (its default seed).
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1100x720")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", help="library, player, completion, history or floor (the floor view, full screen)")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))

    # A clean profile: no safety note acknowledged elsewhere, no personal routines.
    home = Path(tempfile.mkdtemp(prefix="stretchdesk-shots-"))
    os.environ["STRETCHDESK_DATA_DIR"] = str(home / "data")
    os.environ["STRETCHDESK_CONFIG_DIR"] = str(home / "config")

    from PySide6.QtWidgets import QApplication

    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    if args.only in (None, "history"):
        # Three months of sessions, as the README's script makes them, before the window opens.
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from make_history import make

        from stretchdesk.core.history import history_file

        make(history_file(), 90)

    app = create_application()
    clock = StandInClock()
    window = MainWindow(clock=clock)
    window.acknowledge_safety()
    window.move(0, 0)
    window.resize(width, height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(20):
            app.processEvents()

    def grab(name: str) -> None:
        settle()
        frame = window.frameGeometry()
        shot = QApplication.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        path = args.out / f"{name}.png"
        shot.save(str(path))
        print(path)

    def advance(seconds: float) -> None:
        target = clock.now + seconds
        while clock.now < target:
            clock.now = min(target, clock.now + 0.25)
            window.driver.tick()

    library = window.library
    intermediate = library.get("intermediate-lower-back")
    if args.only in (None, "library"):
        window.library_page.select("intermediate-lower-back")
        grab("library")
    if args.only in (None, "player"):
        window.start_routine(intermediate)
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
        if window._playback is None or window.playback.timeline is None:
            window.start_routine(intermediate)
        advance(window.playback.timeline.total_seconds)
        grab("completion")
    if args.only in (None, "history"):
        window.show_history()
        page = window.history_page
        # A session with a note of the person's, to show its details.
        noted = next((row for row in range(page.row_count()) if page.row_texts(row)[6]), 0)
        page.choose_row(noted)
        grab("history")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
