"""The main window opens where it was closed: its size and place, maximised or full screen.

What is kept is plain data in the app's state file (core/store/state.py: WindowPlacement, checked
when read, written atomically). It is put back before the window is first shown, so the
first paint is already at the right size and state. A size saved on a larger screen is
fitted to the screen it comes back to, with room for the window's frame; a place that is
on no screen now (a monitor that was unplugged) is left to the window manager, the size
fitted to the main screen, while maximised or full screen still is. The first start opens
at PREFERRED_SIZE where the screen has room for it, else as large as it has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from stretchdesk.core.store.state import AppState, WindowPlacement, fit_size

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


#: The window's inside at the first start, on a screen with room for it.
PREFERRED_SIZE = (1100, 760)


def restore(window: QWidget, placement: WindowPlacement | None) -> Callable[[], None] | None:
    """Before `window` is first shown: the saved place and size, fitted to the screen they
    are on (the usual size on the first start). Returns how to show it the first time when
    it was maximised or full screen (window.showMaximized or window.showFullScreen), else
    None.

    (Not setWindowState: its argument is a Qt.WindowState, and PySide builds the whole Qt
    namespace for it, 15 ms of the start. The two show methods take no argument.)"""
    from PySide6.QtGui import QGuiApplication

    screens = []
    for screen in QGuiApplication.screens():
        area = screen.availableGeometry()
        screens.append((area.x(), area.y(), area.width(), area.height()))
    primary = QGuiApplication.primaryScreen().availableGeometry()
    main = (primary.x(), primary.y(), primary.width(), primary.height())
    if placement is None:
        window.resize(*fit_size(*PREFERRED_SIZE, main))
        return None
    if placement.is_on(screens):
        fitted = placement.fitted(screens)
        window.setGeometry(fitted.x, fitted.y, fitted.width, fitted.height)
    else:
        window.resize(*fit_size(placement.width, placement.height, main))
    if placement.full_screen:
        return window.showFullScreen
    if placement.maximized:
        return window.showMaximized
    return None


def placement_of(window: QWidget) -> WindowPlacement | None:
    """Where `window` is now: the size and place it has when neither maximised nor full
    screen (which it goes back to), and whether it is either. None for an absurd one."""
    maximized, full_screen = window.isMaximized(), window.isFullScreen()
    normal = window.normalGeometry() if maximized or full_screen else window.geometry()
    if not normal.isValid():
        normal = window.geometry()
    return WindowPlacement.from_data({
        "x": normal.x(), "y": normal.y(), "width": normal.width(), "height": normal.height(),
        "maximized": maximized, "full_screen": full_screen,
    })


def remember(window: QWidget) -> None:
    """Save where a shown window is, for the next start. A file that cannot be written only
    means the next start opens at the usual size: nothing is said as the window closes."""
    if not window.isVisible():
        return
    placement = placement_of(window)
    if placement is None:
        return
    try:
        AppState.remember_window(placement)
    except OSError:
        pass


def keep_on_top(window: QWidget, on: bool) -> None:
    """Above other windows while a routine plays, if the person asked for it."""
    from PySide6.QtCore import Qt

    if bool(window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on:
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        window.show()  # Qt hides a window whose flags change
