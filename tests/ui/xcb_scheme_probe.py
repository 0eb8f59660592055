"""The window on a real X server, following a desktop portal: run by
tests/ui/test_colours_xcb.py with the xcb platform, Qt's GNOME platform theme and a fake
org.freedesktop.portal.Settings (tests/fake_portal.py) on a private session bus.

It opens the main window, waits for the scheme the portal says (dark), then changes the
portal's settings as a person changing their desktop would (light, then high contrast),
waits for the window to follow each, and measures the page's contrast in each
(tests/ui/contrast.py). It prints what it found as one line of JSON.

    python -m tests.ui.xcb_scheme_probe
"""

from __future__ import annotations

import json
import sys
import time

#: How long the window may take to follow the portal, in seconds: only so that a broken
#: path ends the probe instead of hanging it (it follows in milliseconds).
PATIENCE = 20.0


def main() -> int:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from stretchdesk.core.colours import DARK, LIGHT, LIGHT_HIGH_CONTRAST
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow
    from stretchdesk.ui.widgets import theme
    from tests.fake_portal import CONTROL, PATH
    from tests.ui.contrast import readings

    app = create_application()
    window = MainWindow()
    window.resize(1100, 700)
    window.show()
    report: dict = {"platform": QGuiApplication.platformName(), "phases": []}

    def wait_for(scheme) -> bool:
        give_up = time.monotonic() + PATIENCE
        while time.monotonic() < give_up:
            QApplication.processEvents()
            if theme.colours() is scheme and window.palette().color(window.backgroundRole()).name() == scheme.background:
                return True
            time.sleep(0.02)
        return False

    def phase(name: str, scheme) -> None:
        reached = wait_for(scheme)
        for _ in range(5):
            QApplication.processEvents()
        found = readings(window, scheme) if reached else []
        hints = QGuiApplication.styleHints()
        report["phases"].append({
            "phase": name, "reached": reached, "shown": theme.colours().name,
            "desktop": hints.colorScheme().name, "contrast": hints.accessibility().contrastPreference().name,
            "readings": len(found), "failing": [str(reading) for reading in found if reading.fails],
        })

    def change(key: str, value: int) -> None:
        call = QDBusMessage.createMethodCall("org.freedesktop.portal.Desktop", PATH, CONTROL, "Change")
        call.setArguments([key, value])
        answer = QDBusConnection.sessionBus().call(call)
        if answer.type() == QDBusMessage.MessageType.ErrorMessage:
            report.setdefault("errors", []).append(answer.errorMessage())

    phase("dark, as the portal says at start", DARK)
    change("color-scheme", 2)
    phase("light, changed live", LIGHT)
    change("contrast", 1)
    phase("light with high contrast, changed live", LIGHT_HIGH_CONTRAST)
    window.close()
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
