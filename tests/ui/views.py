"""Every view of the window as a person meets it, for the tests that go through them all
(the keys, the accessible names, the focus): the library, the check-in, the player, the
floor view, the completion page, the History page and the settings dialog, each reached
the way a person reaches it, with the keyboard's focus where the window puts it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import advance, after_first_paint

VIEWS = ("library", "checkin", "player", "floor", "completion", "history", "settings")


def activate(window, qtbot) -> None:
    """The window painted and active, as on a desktop: keys and the focus go to it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    after_first_paint(window)


def open_view(window, clock, qtbot, view: str) -> QWidget:
    """Bring the window to `view`; returns what has the keyboard (the page on show, or the
    dialog)."""
    activate(window, qtbot)
    page = window.library_page
    page.build_details()
    if view == "library":
        page.select("daily-lower-back")  # a routine with a variant: every control is there
        page.steps.setCurrentCell(1, 0)  # a hold, so its own time can be set
        window.show_library()
        return page
    if view == "checkin":
        page.select("short")
        page.start_button.click()
        return window.checkin_page
    if view in ("player", "floor"):
        window.start_routine(window.library.get("short"))
        advance(window, clock, 7)  # into the first hold
        window.set_floor(view == "floor")
        return window.player_page
    if view in ("completion", "history"):
        # Stopped early, in the second step: the completion page offers to carry it on, and
        # asks how the back feels.
        window.start_routine(window.library.get("short"))
        advance(window, clock, 30)
        window._do("stop")
        assert window.current_page() is window.completion_page
        if view == "completion":
            return window.completion_page
        window.show_library()
        window.show_history()
        return window.history_page
    if view == "settings":
        dialog = window.open_settings()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
        return dialog
    raise ValueError(view)
