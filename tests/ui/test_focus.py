"""Everything that acts is reached with Tab, and shows that it has the focus: in every view,
Tab from where the window puts the focus goes round every control on show, and each one
looks different with the focus than without, in the scheme's focus colour (which is also
the palette's highlight, so the rings the style draws and the ones the style sheets draw
are one colour)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from PySide6.QtCore import Qt

from tests.ui.views import VIEWS, open_view

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

#: A highlight no theme of the app uses: a ring in this colour follows the palette.
HIGHLIGHT = QColor("#d0107a")
#: The most Tab presses a view can take to come round.
MOST_STOPS = 80


@pytest.fixture
def highlighted(monkeypatch):
    """The scheme on show with HIGHLIGHT as its focus colour, for the test's window: the
    rings the style sheets draw and the ones the style draws from the palette both take it."""
    from stretchdesk.ui.widgets import theme

    themed = theme.apply
    before: list[QPalette] = []

    def apply(app, scheme=None) -> None:
        if not before:
            before.append(QPalette(app.palette()))
        themed(app, dataclasses.replace(scheme or theme.colours(), focus=HIGHLIGHT.name()))

    monkeypatch.setattr(theme, "apply", apply)
    yield HIGHLIGHT
    if before:
        QApplication.instance().setPalette(before[0])


def acting(root: QWidget) -> list[QWidget]:
    """The controls on show that a person acts on: buttons and boxes, fields, lists and
    tables, and the check-in's row of numbers. Not the parts Qt builds inside them (a
    spin box's text, a combo box's list, a table's headers and corner button, a field's
    clear button: the field's own keys do what it does)."""
    from stretchdesk.ui.pages.checkin import CheckInRow

    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView, QPlainTextEdit, CheckInRow)
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds) or isinstance(widget, QHeaderView):
            continue
        if not widget.isVisibleTo(root) or not widget.isEnabled() or not widget.isVisible():
            continue
        parent = widget.parentWidget()
        inside = False
        while parent is not None and parent is not root:
            if isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)):
                inside = True
            parent = parent.parentWidget()
        if not inside:
            found.append(widget)
    return found


def tab_stops(qtbot, root: QWidget) -> list[QWidget]:
    """Where Tab goes, from the focus the view starts with, until it comes round."""
    stops: list[QWidget] = []
    for _ in range(MOST_STOPS):
        focus = QApplication.focusWidget()
        assert focus is not None
        if focus in stops:
            return stops
        stops.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab did not come round in {MOST_STOPS} presses")


def name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or text or widget.objectName()!r}"


@pytest.mark.parametrize("view", VIEWS)
def test_tab_reaches_every_control_on_show(window, clock, qtbot, view):
    root = open_view(window, clock, qtbot, view)
    top = root if root.isWindow() else window
    stops = tab_stops(qtbot, top)
    missed = [name(widget) for widget in acting(top) if widget not in stops]
    assert not missed, f"not reached with Tab in the {view} view"


def ringed_pixels(focused, plain, highlight: QColor) -> tuple[int, int]:
    """How many pixels differ between a control's picture with the focus and without, and
    how many of those are in the highlight colour."""
    changed = ringed = 0
    for y in range(focused.height()):
        for x in range(focused.width()):
            colour = focused.pixelColor(x, y)
            if colour != plain.pixelColor(x, y):
                changed += 1
                if max(abs(colour.red() - highlight.red()), abs(colour.green() - highlight.green()),
                       abs(colour.blue() - highlight.blue())) < 60:
                    ringed += 1
    return changed, ringed


@pytest.mark.parametrize("view", VIEWS)
def test_the_control_in_focus_shows_a_ring_in_the_highlight_colour(highlighted, window, clock, qtbot, view):
    """Each control is pictured as Tab leaves it on the focus (Qt draws some rings only for
    a focus the keyboard moved), then as the next Tab leaves it."""
    root = open_view(window, clock, qtbot, view)
    top = root if root.isWindow() else window
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    unseen, seen = [], []
    for _ in range(MOST_STOPS):
        widget = QApplication.focusWidget()
        if widget in seen:
            break
        seen.append(widget)
        focused = widget.grab().toImage()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        # A button filled with the accent is ringed in the text's colour: the highlight would not show on it.
        ring = widget.palette().color(QPalette.ColorRole.WindowText) if widget.objectName() == "primary" else highlighted
        changed, ringed = ringed_pixels(focused, widget.grab().toImage(), ring)
        if ringed < 8:
            unseen.append(f"{name(widget)}: {changed} pixels change, {ringed} in the highlight")
    assert not unseen, f"the focus is not seen in the {view} view"
