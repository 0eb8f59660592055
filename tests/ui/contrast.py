"""Contrast as a person meets it: a window rendered as it is on screen, and for each thing
in it that shows words (or must be seen: a check box's edge, the figure, the ring), the
colour it is drawn in against the colour actually behind it, by WCAG 2's ratio
(core/colours.py). Used offscreen (tests/ui/test_colours_live.py) and under a real X
server (tests/ui/xcb_scheme_probe.py).

The words' colour is the widget's own palette (a style sheet's colour lands there too);
the painted widgets' are the scheme's colours they are drawn in. Either way the colour
must be found in the rendering inside the widget, so a colour that is not really used
cannot pass; what is behind is the commonest colour rendered there that is not the words'.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from stretchdesk.core.colours import GRAPHIC_RATIO, Scheme, contrast

#: How far (in any of red, green, blue) a rendered pixel may be from a colour to count as it.
CLOSE = 14


@dataclass(frozen=True)
class Reading:
    what: str
    kind: str  # "text" or "graphic"
    front: str
    back: str
    ratio: float
    least: float
    #: The front colour was found in the rendering.
    seen: bool

    @property
    def fails(self) -> bool:
        return self.ratio < self.least or not self.seen

    def __str__(self) -> str:
        seen = "" if self.seen else ", not found in the rendering"
        return f"{self.what}: {self.kind} {self.front} on {self.back} is {self.ratio:.2f}:1 (at least {self.least}){seen}"


class Picture:
    """A window rendered once, to read colours from."""

    def __init__(self, window: QWidget):
        self.window = window
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        self.width, self.height = image.width(), image.height()
        self.ratio = image.devicePixelRatio() or 1.0
        self.pixels = memoryview(bytes(image.constBits())).cast("I")
        self.stride = image.bytesPerLine() // 4

    def rect_of(self, widget: QWidget) -> QRect:
        """Where `widget` shows in the picture (its part not scrolled or covered away)."""
        visible = widget.visibleRegion().boundingRect()
        top_left = widget.mapTo(self.window, visible.topLeft())
        r = self.ratio
        rect = QRect(int(top_left.x() * r), int(top_left.y() * r), int(visible.width() * r), int(visible.height() * r))
        return rect.intersected(QRect(0, 0, self.width, self.height))

    def colours(self, rect: QRect) -> Counter:
        counts: Counter = Counter()
        for y in range(rect.top(), rect.bottom() + 1):
            start = y * self.stride
            counts.update(self.pixels[start + rect.left():start + rect.right() + 1])
        return counts


def _rgb(value: int) -> tuple[int, int, int]:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#%02x%02x%02x" % rgb


def _close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return max(abs(x - y) for x, y in zip(a, b)) <= CLOSE


def _read(picture: Picture, what: str, kind: str, front: str, least: float, rect: QRect) -> Reading | None:
    counts = picture.colours(rect)
    if not counts:
        return None
    front_rgb = QColor(front).getRgb()[:3]
    seen = any(_close(_rgb(value), front_rgb) for value in counts)
    behind = next((_rgb(value) for value, _ in counts.most_common() if not _close(_rgb(value), front_rgb)), front_rgb)
    return Reading(what, kind, front, _hex(behind), contrast(front, _hex(behind)), least, seen)


def _name(widget: QWidget) -> str:
    text = widget.accessibleName() or getattr(widget, "text", lambda: "")() or widget.objectName()
    return f"{type(widget).__name__} {str(text)[:40]!r}"


def _words_colour(widget: QWidget) -> tuple[str, QPalette.ColorRole] | None:
    """The colour `widget` writes its words in, and the role it takes it from; None when
    it shows no words of its own."""
    role = QPalette.ColorRole
    if isinstance(widget, QLabel):
        if not widget.text().strip() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return None
        return widget.palette().color(role.WindowText).name(), role.WindowText
    if isinstance(widget, QCheckBox):
        return (widget.palette().color(role.WindowText).name(), role.WindowText) if widget.text() else None
    if isinstance(widget, QAbstractButton):
        return (widget.palette().color(role.ButtonText).name(), role.ButtonText) if widget.text() else None
    if isinstance(widget, QLineEdit):
        if widget.text():
            return widget.palette().color(role.Text).name(), role.Text
        if widget.placeholderText():
            return widget.palette().color(role.PlaceholderText).name(), role.PlaceholderText
        return None
    if isinstance(widget, QComboBox):
        return (widget.palette().color(role.ButtonText).name(), role.ButtonText) if widget.currentText() else None
    if isinstance(widget, (QGroupBox, QMenuBar)):
        return widget.palette().color(role.WindowText if isinstance(widget, QGroupBox) else role.ButtonText).name(), role.WindowText
    if isinstance(widget, QHeaderView):
        return widget.palette().color(role.ButtonText).name(), role.ButtonText
    return None


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and not widget.visibleRegion().isEmpty() and (
        widget is window or window.isAncestorOf(widget))


def readings(window: QWidget, scheme: Scheme, painted: dict | None = None) -> list[Reading]:
    """Every reading of `window` as it is now. `painted` maps a painted widget to what it
    draws: [(what, "text" or "graphic", colour), ...]."""
    picture = Picture(window)
    text_least = scheme.text_ratio
    found: list[Reading] = []
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not _shown(widget, window):
            continue
        rect = picture.rect_of(widget)
        if rect.isEmpty():
            continue
        words = _words_colour(widget)
        if words is not None:
            reading = _read(picture, _name(widget), "text", words[0], text_least, rect)
            if reading is not None:
                found.append(reading)
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and widget.model() is not None \
                and _shown(widget.viewport(), window):
            found.extend(_rows(picture, widget, text_least))
        if isinstance(widget, QPlainTextEdit) and widget.toPlainText():
            reading = _read(picture, _name(widget), "text", widget.palette().color(QPalette.ColorRole.Text).name(),
                            text_least, picture.rect_of(widget.viewport()))
            if reading is not None:
                found.append(reading)
        if isinstance(widget, QCheckBox):
            found.append(_check_box_edge(picture, widget))
        if isinstance(widget, (QAbstractSpinBox, QComboBox)) or (isinstance(widget, QLineEdit) and widget.hasFrame()
                                                                  and not isinstance(widget.parent(), QAbstractSpinBox)):
            edge = _field_edge(picture, widget)
            if edge is not None:
                found.append(edge)
        for what, kind, colour in (painted or {}).get(widget, ()):
            least = text_least if kind == "text" else GRAPHIC_RATIO
            reading = _read(picture, f"{_name(widget)} {what}", kind, colour, least, rect)
            if reading is not None:
                found.append(reading)
    return found


def _rows(picture: Picture, view: QAbstractItemView, least: float) -> list[Reading]:
    """The words of a few rows on show against their row: a chosen row's words are in the
    chosen colour (the palette's, or the view's style sheet's: whichever is drawn)."""
    model, chosen = view.model(), view.selectionModel()
    area = picture.rect_of(view.viewport())
    found, plain = [], 0
    for row in range(model.rowCount()):
        rect = QRect()
        for column in range(model.columnCount()):
            rect = rect.united(view.visualRect(model.index(row, column)))
        if rect.isEmpty():
            continue
        top_left = view.viewport().mapTo(picture.window, rect.topLeft())
        rect = QRect(top_left, rect.size()).intersected(area)
        if rect.height() < 6:
            continue
        selected = chosen is not None and chosen.isRowSelected(row, model.index(row, 0).parent())
        if not selected and plain >= 3:
            continue
        plain += not selected
        palette = view.palette()
        roles = [QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Text] if selected else [QPalette.ColorRole.Text]
        what = f"{_name(view)} row {row}{' (chosen)' if selected else ''}"
        options = [_read(picture, what, "text", palette.color(role).name(), least, rect) for role in roles]
        options = [reading for reading in options if reading is not None]
        if options:
            found.append(next((reading for reading in options if reading.seen), options[0]))
    return found


def _edge(picture: Picture, what: str, inside: QRect, outside_counts: Counter) -> Reading:
    """The edge drawn round `inside` against what is around it: the ring's pixel most
    unlike the background, as a person looking for the edge would find it."""
    ring: Counter = Counter()
    for rect in (QRect(inside.left(), inside.top(), inside.width(), 2), QRect(inside.left(), inside.bottom() - 1, inside.width(), 2),
                 QRect(inside.left(), inside.top(), 2, inside.height()), QRect(inside.right() - 1, inside.top(), 2, inside.height())):
        ring.update(picture.colours(rect.intersected(QRect(0, 0, picture.width, picture.height))))
    behind = _hex(_rgb(outside_counts.most_common(1)[0][0]))
    # A pixel must be a real part of the edge, not a lone antialiased corner.
    least_count = max(2, sum(ring.values()) // 40)
    best = max((value for value, count in ring.items() if count >= least_count), key=lambda v: contrast(_hex(_rgb(v)), behind))
    edge = _hex(_rgb(best))
    return Reading(what, "graphic", edge, behind, contrast(edge, behind), GRAPHIC_RATIO, True)


def _check_box_edge(picture: Picture, box: QCheckBox) -> Reading:
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    top_left = box.mapTo(picture.window, indicator.topLeft())
    inside = QRect(top_left, indicator.size())
    around = box.mapTo(picture.window, QPoint(0, 0))
    label = QRect(around.x() + indicator.right() + 4, around.y(), 6, box.height())
    return _edge(picture, f"{_name(box)} edge", inside, picture.colours(label))


def _field_edge(picture: Picture, field: QWidget) -> Reading | None:
    inside = picture.rect_of(field)
    if inside.width() < 8 or inside.height() < 8 or inside != QRect(field.mapTo(picture.window, QPoint(0, 0)), field.size()):
        return None  # partly scrolled away: its edge is not all there
    outside = Counter()
    for rect in (QRect(inside.left() - 3, inside.top() + 4, 2, inside.height() - 8),
                 QRect(inside.right() + 2, inside.top() + 4, 2, inside.height() - 8)):
        outside.update(picture.colours(rect.intersected(QRect(0, 0, picture.width, picture.height))))
    if not outside:
        return None
    return _edge(picture, f"{_name(field)} edge", inside, outside)
