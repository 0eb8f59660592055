"""What a person would find wrong with a window on a screen too small for it: a control off
the screen or out of reach, a text cut off at an edge or through a word, a table that
needs sideways scrolling. Used by tests/ui/screens.py, which opens every page and dialog
on screens of several sizes.

A widget inside a scroll area counts as reachable when scrolling brings it whole into
view (the check scrolls to it, as a person would); the main actions of a page or dialog
(Start, OK, Cancel, Save) must be on show without any scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)

from stretchdesk.ui.widgets.line_layout import line_spans

#: What a window manager's frame takes beside a window's inside, in the screen's
#: (device-independent) pixels: a title bar above and a thin border around. A window fits a
#: screen when its inside, with this around it, fits the screen's available area.
TITLE_BAR = 36
BORDER = 4
#: Rounding of layouts and of scaled fonts: a pixel either way is no cut.
SLACK = 1
#: What a table's cell keeps of its width beside its text (the style's margins).
CELL_MARGINS = 8

ACTING = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)


def describe(widget: QWidget) -> str:
    """A name a person can find the widget by: its accessible name, text or class."""
    for name in (widget.accessibleName(), getattr(widget, "text", lambda: "")() if not isinstance(widget, QLineEdit) else "",
                 widget.objectName()):
        if isinstance(name, str) and name:
            return f"{type(widget).__name__} {name[:50]!r}"
    return type(widget).__name__


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _inside_acting(widget: QWidget) -> bool:
    """Part of another control (a spin box's line edit, a table's header or corner)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, ACTING):
            return True
        parent = parent.parentWidget()
    return False


def scroll_areas_around(widget: QWidget) -> list[QAbstractScrollArea]:
    areas = []
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            areas.append(parent)
        parent = parent.parentWidget()
    return areas


def bring_into_view(widget: QWidget) -> None:
    """Scroll every scroll area around `widget` so that it shows, innermost first, as a
    person would: the whole widget (Qt's ensureWidgetVisible shows a spin box's text
    cursor, not the box)."""
    for area in scroll_areas_around(widget):
        if not isinstance(area, QScrollArea) or area.widget() is None:
            continue
        rect = QRect(widget.mapTo(area.widget(), QPoint(0, 0)), widget.size())
        view = area.viewport().size()
        for bar, start, length, room in ((area.verticalScrollBar(), rect.top(), rect.height(), view.height()),
                                         (area.horizontalScrollBar(), rect.left(), rect.width(), view.width())):
            if start + length > bar.value() + room:
                bar.setValue(start + length - room)
            if start < bar.value():
                bar.setValue(start)
    QApplication.processEvents()


def visible_rect(widget: QWidget) -> QRect:
    """The part of `widget` its window shows, in global coordinates: its rectangle cut by
    every parent's."""
    shown = _global_rect(widget)
    parent = widget.parentWidget()
    while parent is not None:
        shown = shown.intersected(_global_rect(parent))
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return shown


def _covers(outer: QRect, inner: QRect) -> bool:
    return (inner.left() >= outer.left() - SLACK and inner.top() >= outer.top() - SLACK
            and inner.right() <= outer.right() + SLACK and inner.bottom() <= outer.bottom() + SLACK)


def window_problems(window: QWidget, area: QRect) -> list[str]:
    """The window with a title bar and borders fits the available area `area`, and what
    it must keep to lay itself out does too."""
    problems = []
    title = window.windowTitle() or type(window).__name__
    if not window.isFullScreen() and not window.isMaximized():
        need = window.size()
        if need.width() + 2 * BORDER > area.width() + SLACK or need.height() + TITLE_BAR + BORDER > area.height() + SLACK:
            problems.append(f"window {title!r} is {need.width()}x{need.height()}: with its frame it does not fit "
                            f"the {area.width()}x{area.height()} the screen has for it")
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if window.layout() is not None:
        least = least.expandedTo(window.layout().totalMinimumSize())
    if least.width() > window.width() + SLACK or least.height() > window.height() + SLACK:
        problems.append(f"window {title!r} is {window.width()}x{window.height()} but needs at least "
                        f"{least.width()}x{least.height()} to lay out what it holds")
    return problems


def control_problems(widget: QWidget, area: QRect, *, always_shown: bool = False) -> list[str]:
    """A control the person must be able to reach: on the screen, whole, and (if
    `always_shown`) without scrolling anything."""
    name = describe(widget)
    areas = scroll_areas_around(widget)
    if always_shown and areas:
        return [f"{name} is inside a scroll area ({describe(areas[0])}): it can be scrolled out of sight"]
    if areas:
        bring_into_view(widget)
    full, shown = _global_rect(widget), visible_rect(widget)
    problems = []
    room = min(area.height(), *(a.viewport().height() for a in areas)) if areas else area.height()
    if full.height() > room and isinstance(widget, QAbstractScrollArea):
        full.setHeight(shown.height())  # a list taller than its room scrolls itself
    if not _covers(shown, full):
        problems.append(f"{name} shows {shown.width()}x{shown.height()} of its {full.width()}x{full.height()}")
    if not _covers(area, shown):
        problems.append(f"{name} lies outside the screen's area: {shown.getRect()} beyond {area.getRect()}")
    # What it needs: the smaller of its two hints (a combo box under a style sheet has a
    # minimum larger than the size it asks for, and shows its text whole at either).
    least = widget.minimumSizeHint().boundedTo(widget.sizeHint())
    if isinstance(widget, QAbstractButton) and widget.text():
        text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        needs = QFontMetrics(widget.font()).horizontalAdvance(text)
        if needs > widget.width():
            problems.append(f"{name} is {widget.width()} wide; its text needs {needs}")
    if (least.width() > widget.width() + SLACK or least.height() > widget.height() + SLACK) and not isinstance(widget, QAbstractScrollArea):
        problems.append(f"{name} is squeezed to {widget.width()}x{widget.height()}, under the "
                        f"{least.width()}x{least.height()} it needs")
    return problems


def _breaks(layout_of, text: str) -> list[str]:
    """The words a laid-out text is broken inside (at a hyphen, or anywhere)."""
    broken = []
    for line_start, line_end in layout_of:
        if line_end >= len(text) or line_end <= line_start:
            continue
        before, after = text[line_end - 1], text[line_end]
        if not before.isspace() and not after.isspace() and before not in "\u2028\n":
            word_start = text.rfind(" ", 0, line_end) + 1
            word_end = text.find(" ", line_end)
            broken.append(text[word_start:word_end if word_end >= 0 else len(text)])
    return broken


def _plain_lines(text: str, label: QLabel, width: int) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _natural in line_spans(text, label.font(), width)]


def _overflows(text: str, label: QLabel, width: int) -> list[str]:
    return _overflows_words(text, QFontMetrics(label.font()), width)


def _overflows_words(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    return [word for word in text.split() if metrics.horizontalAdvance(word) > width + SLACK]


def clip_problems(widget: QWidget) -> list[str]:
    """A widget that is not a control shows whole once scrolled to (across, at least, where
    it is taller than the area it scrolls in)."""
    if isinstance(widget, QLabel) and not widget.text() and widget.pixmap().isNull():
        return []
    areas = scroll_areas_around(widget)
    if areas:
        bring_into_view(widget)
    full, shown = _global_rect(widget), visible_rect(widget)
    if areas and full.height() > min(area.viewport().height() for area in areas):
        full = QRect(full.left(), shown.top(), full.width(), shown.height())
    if _covers(shown, full):
        return []
    return [f"{describe(widget)} shows {shown.width()}x{shown.height()} of its {full.width()}x{full.height()}"]


def label_problems(label: QLabel) -> list[str]:
    """A label's text shows whole: no line cut off at an edge, no word cut in two or broken
    at its hyphen (for plain text; a paragraph of rich text may break at a hyphen)."""
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return []
    name = describe(label)
    rich = label.textFormat().value == 1 or (label.textFormat().value == 2 and "<" in text)
    margin = label.margin() * 2 + label.contentsMargins().left() + label.contentsMargins().right()
    width = label.width() - margin
    problems = []
    if not label.wordWrap():
        need = label.minimumSizeHint()
        if need.width() > label.width() + SLACK:
            problems.append(f"{name} is {label.width()} wide; its text needs {need.width()}")
        if need.height() > label.height() + SLACK:
            problems.append(f"{name} is {label.height()} high; its text needs {need.height()}")
        return problems
    need_height = label.heightForWidth(label.width())
    if need_height > label.height() + SLACK:
        problems.append(f"{name} is {label.height()} high at {label.width()} wide; its text needs {need_height}")
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setHtml(text)
        document.setTextWidth(width)
        plain = document.toPlainText()
        cut = [word for word in plain.split() if QFontMetrics(label.font()).horizontalAdvance(word) > width + SLACK]
    else:
        cut = _overflows(text, label, width) or _breaks(_plain_lines(text, label, width), text)
    if cut:
        problems.append(f"{name} breaks or cuts words at {width} wide: {cut[:3]}")
    return problems


def table_problems(view: QAbstractItemView) -> list[str]:
    """Every column of a table shows its heading and the text of its rows whole, with no
    sideways scrolling."""
    name = describe(view)
    problems = []
    if view.horizontalScrollBar().maximum() > 0:
        problems.append(f"{name} needs sideways scrolling ({view.horizontalScrollBar().maximum()} px)")
    if not isinstance(view, QTableView) or view.model() is None:
        return problems
    model, header = view.model(), view.horizontalHeader()
    rows = min(model.rowCount(), 60)
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        width = view.columnWidth(column)
        heading = header.sectionSizeFromContents(column).width()
        if heading > width + SLACK:
            problems.append(f"{name}: the heading of column {column} ({model.headerData(column, header.orientation())!r}) "
                            f"needs {heading}, has {width}")
        metrics = QFontMetrics(view.font())
        for row in range(rows):
            index = model.index(row, column)
            text = index.data() or ""
            if text and text in (index.data(Qt.ItemDataRole.ToolTipRole) or ""):
                continue  # cut short, whole in its tooltip
            if view.wordWrap():  # as many lines as the row has room for
                need = metrics.boundingRect(QRect(0, 0, width - CELL_MARGINS, 10_000),
                                            int(Qt.TextFlag.TextWordWrap), text).height()
                short = need > view.rowHeight(row) - 4 + SLACK or _overflows_words(text, metrics, width - CELL_MARGINS)
            else:
                short = view.sizeHintForIndex(index).width() > width + SLACK
            if short:
                problems.append(f"{name}: row {row} of column {column} ({text!r}) does not fit its {width} wide cell")
                break
    return problems


def problems_of(window: QWidget, *, always_shown: tuple[QWidget, ...] = ()) -> list[str]:
    """Everything wrong with `window` as it is now on its screen."""
    QApplication.processEvents()
    area = window.screen().availableGeometry()
    problems = window_problems(window, area)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, QLabel):
            problems += label_problems(widget) + clip_problems(widget)
        elif isinstance(widget, ACTING) and not isinstance(widget, QHeaderView) and not _inside_acting(widget):
            problems += control_problems(widget, area, always_shown=widget in always_shown)
            if isinstance(widget, QAbstractItemView):
                problems += table_problems(widget)
    return problems
