"""The room a screen gives a window: its available area (without the desktop's panels),
less what the window manager's frame takes around the window (core.store.state.FRAME).
Windows and dialogs are sized to it, so on a small laptop screen their title bar and
their buttons are on the screen; what does not fit then scrolls inside them."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from stretchdesk.core.store.state import FRAME, Area, fit_size


def available_area(widget: QWidget) -> Area:
    """The available area of the screen `widget` is on (or will open on): x, y, width, height."""
    from PySide6.QtGui import QGuiApplication

    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return area.x(), area.y(), area.width(), area.height()


def room(widget: QWidget) -> QSize:
    """The largest inside a window on `widget`'s screen can have with its frame on the screen."""
    area = available_area(widget)
    return QSize(area[2] - FRAME[0] - FRAME[2], area[3] - FRAME[1] - FRAME[3])


def fit_to_screen(window: QWidget) -> None:
    """Size a window (a dialog, before it is shown) to what it would like, as far as its
    screen has room for it. Where it is cut short, what scrolls in it gets a scroll bar:
    the window is that much wider, so the bar takes none of its contents' width."""
    from PySide6.QtWidgets import QStyle

    hint = window.sizeHint().expandedTo(window.minimumSizeHint())
    width, height = hint.width(), hint.height()
    if height > room(window).height():
        width += window.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    window.resize(*fit_size(width, height, available_area(window)))
