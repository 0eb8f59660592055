"""The History page: the last year as a calendar of minutes, the streak and this week's
routines against the weekly goal, how the back felt before and after over time, and the
list of sessions with the details of the one chosen.

It renders core.history_view and decides nothing. The calendar and the chart are painted
(one widget each, no widget per day or per point), so a year of daily sessions opens
without a wait. Every text a person wrote (a check-in's note) or a file gave (a routine's
title, a step's name) is shown as plain text.

The list's rows are two lines high and each column as wide as its texts need to fit in
two lines, so the list shows every column whole without sideways scrolling; the notes
take what is left, their whole text in the tooltip and the details. Where the page is too
narrow for the chart beside the list, the chart goes above it, and the page scrolls.
"""

from __future__ import annotations

from typing import Callable

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.core import words
from stretchdesk.core.store.history import SessionRecord
from stretchdesk.core.views.history_view import (
    COLUMNS, ComfortChart, DayCell, Heatmap, HistoryView, SessionRow, VariantNames, history_view, local_today,
)
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.text import plain_label, plain_tooltip, set_aloud

# The calendar's five levels, from no stretching to 20 minutes or more, are the app's green
# from a faint tint to its strongest (theme.colours().heat); the chart's lines are the
# scheme's before and after, over its grid.
#: Short words for the legend, level by level.
LEVEL_LEGEND = ("none", "under 5", "5–10", "10–20", "20+ min")
#: Where a row of the list keeps its session's id (Qt.ItemDataRole.UserRole).
SESSION_ROLE = Qt.ItemDataRole.UserRole
#: How many rows the list measures to size its columns (a year has 365).
MEASURED_ROWS = 60
#: The lines of text a row of the list has room for.
ROW_LINES = 2
#: Beside a column's text: the cell's margins and a gap before the next column.
CELL_PADDING = 16
#: The narrowest the notes column and the chart are, side by side.
NOTES_WIDTH = 140
CHART_WIDTH = 300
#: Their heights, one above the other (the page scrolls).
CHART_HEIGHT = 220
SESSIONS_HEIGHT = 340


def two_line_width(metrics: QFontMetrics, text: str) -> int:
    """The narrowest a column can be for `text` to fit in two lines, broken between words."""
    parts = text.split(" ")
    best = metrics.horizontalAdvance(text)
    for cut in range(1, len(parts)):
        best = min(best, max(metrics.horizontalAdvance(" ".join(parts[:cut])),
                             metrics.horizontalAdvance(" ".join(parts[cut:]))))
    return best


def _small_font(widget: QWidget, scale: float = 0.85) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * scale))
    return font


class SessionsModel(QAbstractTableModel):
    """The sessions for the list, newest first: read-only, plain text. Qt asks for the rows
    it shows, so a year of sessions costs no more to show than a week."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: Sequence[SessionRow] = ()

    def set_rows(self, rows: Sequence[SessionRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.aloud[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1 and row.notes:
            return plain_tooltip(row.notes)  # a long note, whole
        if role == SESSION_ROLE:
            return row.id
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags


class CalendarHeatmap(QWidget):
    """The last 53 weeks, a column a week and a row a day (Monday at the top), each day a
    square as green as its minutes; month names above, a legend below. Hovering a day says
    its date and minutes."""

    GAP = 3
    MIN_CELL = 7
    MAX_CELL = 18

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._heatmap: Heatmap | None = None
        #: The largest square, in pixels: smaller in a low window, so the list keeps its room.
        self.max_cell = self.MAX_CELL
        self.setAccessibleName("Calendar of the last year")
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFont(_small_font(self))

    def set_heatmap(self, heatmap: Heatmap) -> None:
        self._heatmap = heatmap
        self.setAccessibleDescription(heatmap.summary)
        self.updateGeometry()
        self.update()

    # -- geometry ---------------------------------------------------------------------------

    def _label_width(self) -> int:
        return QFontMetrics(self.font()).horizontalAdvance("Wed") + 8

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _weeks(self) -> int:
        return self._heatmap.weeks if self._heatmap is not None else 53

    def cell_size(self, width: int | None = None) -> int:
        width = self.width() if width is None else width
        step = (width - self._label_width()) // self._weeks()
        return max(self.MIN_CELL, min(self.max_cell, step - self.GAP))

    def _height_for(self, cell: int) -> int:
        return self._line() + 4 + 7 * (cell + self.GAP) + 4 + self._line() + 2

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._height_for(self.cell_size(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        cell = 12
        return QSize(self._label_width() + self._weeks() * (cell + self.GAP), self._height_for(cell))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        cell = self.MIN_CELL
        return QSize(self._label_width() + self._weeks() * (cell + self.GAP), self._height_for(cell))

    def _origin(self) -> tuple[int, int, int]:
        """(left, top, cell): where the first day's square is, and how large squares are."""
        cell = self.cell_size()
        grid_width = self._weeks() * (cell + self.GAP)
        left = self._label_width() + max(0, (self.width() - self._label_width() - grid_width) // 2)
        return left, self._line() + 4, cell

    def cell_rect(self, column: int, row: int) -> QRectF:
        left, top, cell = self._origin()
        return QRectF(left + column * (cell + self.GAP), top + row * (cell + self.GAP), cell, cell)

    def cell_at(self, point) -> DayCell | None:
        """The day under a point of the widget, or None."""
        if self._heatmap is None or not self._heatmap.cells:
            return None
        left, top, cell = self._origin()
        step = cell + self.GAP
        column, row = int((point.x() - left) // step), int((point.y() - top) // step)
        if not (0 <= row < 7 and 0 <= column < self._heatmap.weeks):
            return None
        index = column * 7 + row
        return self._heatmap.cells[index] if index < len(self._heatmap.cells) else None

    # -- painting and hovering ------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        heatmap = self._heatmap
        if heatmap is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, top, cell = self._origin()
        step = cell + self.GAP
        scheme = theme.colours()
        muted = QColor(scheme.muted)
        painter.setPen(muted)
        line = self._line()
        for column, name in heatmap.months:
            painter.drawText(QRectF(left + column * step, 0, 6 * step, line), Qt.AlignmentFlag.AlignLeft, name)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(QRectF(0, top + row * step, left - 6, cell), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = max(1.5, cell / 5)
        colours = [QColor(colour) for colour in scheme.heat]
        for day in heatmap.cells:
            painter.setBrush(colours[day.level])
            painter.drawRoundedRect(QRectF(left + day.column * step, top + day.row * step, cell, cell), radius, radius)
        if heatmap.cells:  # today, ringed
            today = heatmap.cells[-1]
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(scheme.text), 1.5))
            painter.drawRoundedRect(QRectF(left + today.column * step - 1.5, top + today.row * step - 1.5, cell + 3, cell + 3),
                                    radius + 1, radius + 1)
        # The legend, under the grid on the right: a square and its words for each level.
        metrics = QFontMetrics(self.font())
        legend_top = top + 7 * step + 4
        square = min(cell, line - 2)
        widths = [square + 4 + metrics.horizontalAdvance(text) + 12 for text in LEVEL_LEGEND]
        x = left + heatmap.weeks * step - self.GAP - sum(widths) + 12
        for level, (text, width) in enumerate(zip(LEVEL_LEGEND, widths)):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours[level])
            painter.drawRoundedRect(QRectF(x, legend_top + (line - square) / 2, square, square), radius, radius)
            painter.setPen(muted)
            painter.drawText(QRectF(x + square + 4, legend_top, width, line), Qt.AlignmentFlag.AlignLeft, text)
            x += width
        # What the year adds up to, on the left of the legend.
        room = left + heatmap.weeks * step - self.GAP - sum(widths) - 12 - left
        painter.setPen(muted)
        painter.drawText(QRectF(left, legend_top, max(0, room), line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(heatmap.summary, Qt.TextElideMode.ElideRight, max(0, room)))
        painter.end()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            day = self.cell_at(event.pos())
            if day is not None:
                QToolTip.showText(event.globalPos(), plain_tooltip(day.text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class ComfortChartView(QWidget):
    """How the back felt before and after each routine (or each week, for many), 0 to 10,
    as two lines over time with a legend; hovering a point says its date and numbers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._chart: ComfortChart | None = None
        self.setAccessibleName("Comfort before and after, over time")
        self.setMouseTracking(True)
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: ComfortChart) -> None:
        self._chart = chart
        self.setAccessibleDescription(chart.caption or chart.empty_text)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, 240)

    def _plot(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance("10") + 12
        top = metrics.height() + 10  # the legend
        bottom = metrics.height() + 8  # the dates
        return QRectF(left, top, max(10, self.width() - left - 12), max(10, self.height() - top - bottom))

    def _x(self, plot: QRectF, day: date) -> float:
        chart = self._chart
        first, last = chart.first, chart.last
        if first is None or last is None or first == last:
            return plot.center().x()
        margin = min(12.0, plot.width() / 10)
        return plot.left() + margin + (day - first).days / (last - first).days * (plot.width() - 2 * margin)

    @staticmethod
    def _y(plot: QRectF, score: float) -> float:
        return plot.bottom() - score / 10 * plot.height()

    def point_positions(self, trend: bool = False) -> list[tuple[QPointF | None, QPointF | None]]:
        """Where each point's before and after are drawn (with `trend`, where the lines
        pass)."""
        plot = self._plot()
        positions = []
        for point in (self._chart.points if self._chart else ()):
            x = self._x(plot, point.day)
            before, after = (point.before_trend, point.after_trend) if trend else (point.before, point.after)
            positions.append((QPointF(x, self._y(plot, before)) if before is not None else None,
                              QPointF(x, self._y(plot, after)) if after is not None else None))
        return positions

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        chart = self._chart
        if chart is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scheme = theme.colours()
        muted = QColor(scheme.muted)
        if not chart.points:
            painter.setPen(muted)
            painter.drawText(self.rect().adjusted(16, 16, -16, -16),
                             int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap), chart.empty_text)
            painter.end()
            return
        plot = self._plot()
        metrics = QFontMetrics(self.font())
        # The scale: 0, 5 and 10, with faint lines across.
        for score in (0, 5, 10):
            y = self._y(plot, score)
            painter.setPen(QPen(QColor(scheme.grid), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(score))
        # Under the plot: where each month begins, or the day itself for a few days.
        dates_top = plot.bottom() + 4
        marks = _date_marks(chart.first, chart.last)
        if not marks:
            texts = [(chart.first, words.day_month(chart.first))]
            if chart.last != chart.first:
                texts.append((chart.last, words.day_month(chart.last)))
        else:
            texts = marks
        right_edge = -1e9
        for day, text in texts:
            x = self._x(plot, day)
            width = metrics.horizontalAdvance(text)
            left = min(max(plot.left(), x - width / 2 if not marks else x), plot.right() - width)
            if left < right_edge + 10:
                continue  # no room beside the one before
            if marks:
                painter.setPen(QPen(QColor(scheme.grid), 1))
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(muted)
            painter.drawText(QRectF(left, dates_top, width + 2, metrics.height()), Qt.AlignmentFlag.AlignLeft, text)
            right_edge = left + width
        # The legend, top right.
        x = plot.right()
        for text, colour in (("After", scheme.after), ("Before", scheme.before)):
            width = metrics.horizontalAdvance(text)
            x -= width
            painter.setPen(QColor(scheme.text))
            painter.drawText(QRectF(x, 0, width + 2, metrics.height()), Qt.AlignmentFlag.AlignLeft, text)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(x - 9, metrics.height() / 2), 4.5, 4.5)
            x -= 28
        # The points, then the two lines: through the points, or, for many, along their
        # trend, with the points drawn faint beneath.
        positions = self.point_positions()
        lines = self.point_positions(trend=True) if chart.trend else positions
        crowded = len(positions) > 1 and plot.width() / len(positions) < 14
        radius = 2.5 if crowded else 4.0
        for index, colour in ((0, scheme.before), (1, scheme.after)):
            dot = QColor(colour)
            if chart.trend:
                dot.setAlphaF(0.45)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            for pair in positions:
                if pair[index] is not None:
                    painter.drawEllipse(pair[index], radius, radius)
            points = [pair[index] for pair in lines if pair[index] is not None]
            if len(points) > 1:
                path = QPainterPath(points[0])
                for point in points[1:]:
                    path.lineTo(point)
                painter.setPen(QPen(QColor(colour), 2.5 if chart.trend else 2.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
        painter.end()

    def point_at(self, position) -> int | None:
        """The index of the point nearest `position`, if it is close."""
        best, nearest = 12.0 ** 2, None
        for index, pair in enumerate(self.point_positions()):
            for point in pair:
                if point is not None:
                    distance = (point.x() - position.x()) ** 2 + (point.y() - position.y()) ** 2
                    if distance <= best:
                        best, nearest = distance, index
        return nearest

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._chart is not None:
            index = self.point_at(event.pos())
            if index is not None:
                QToolTip.showText(event.globalPos(), plain_tooltip(self._chart.points[index].text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def _date_marks(first: date, last: date) -> list[tuple[date, str]]:
    """The first of each month from `first` to `last`, named ('Sep', and with its year
    where a year begins or at the first mark); none for a range of under six weeks."""
    if (last - first).days < 42:
        return []
    marks = []
    month = date(first.year, first.month, 1)
    while month <= last:
        if month > first:
            marks.append((month, words.month_mark(month, year=not marks or month.month == 1)))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return marks


class GoalDots(QWidget):
    """This week's routines against the goal: a dot for each, filled for each one done."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.done, self.goal = 0, 1
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_progress(self, done: int, goal: int) -> None:
        self.done, self.goal = done, max(1, goal)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.goal * 20 + 4, 22)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scheme = theme.colours()
        for index in range(self.goal):
            centre = QPointF(11 + index * 20, self.height() / 2)
            if index < self.done:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(scheme.accent))
            else:
                painter.setPen(QPen(QColor(scheme.accent), 1.5))
                painter.setBrush(QColor(scheme.surface))
            painter.drawEllipse(centre, 7, 7)
        painter.end()


def _card(title: str | None, *widgets: QWidget) -> QFrame:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 8, 12, 10)
    if title:
        heading = QLabel(title)
        heading_font = heading.font()
        heading_font.setBold(True)
        heading.setFont(heading_font)
        layout.addWidget(heading)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, (ComfortChartView, QSplitter)) else 0)
    return card


class HistoryPage(QWidget):
    #: Back to where the person came from.
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        theme.style(self, "page", "flat", extra="QPlainTextEdit, QTableView, QScrollArea { border: 2px solid transparent; }"
                    + theme.focus_ring("QPlainTextEdit") + theme.focus_ring("QTableView") + theme.focus_ring("QScrollArea"))
        #: Today, on the person's clock (tests give a day of their own).
        self.today: Callable[[], date] = local_today
        self._records: list[SessionRecord] = []
        self._goal = 4
        self._variant_name: VariantNames | None = None
        self.view: HistoryView | None = None

        self.back_button = QPushButton("Back")
        self.back_button.setAccessibleName("Back")
        self.back_button.setToolTip("Back to where you were (Esc)")
        self.back_button.clicked.connect(self.backRequested.emit)
        self.heading = QLabel("Your history")
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.8)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch(1)
        header.addWidget(self.back_button)

        # What it adds up to, large: the streak, and this week against the goal.
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.45)
        self.streak = plain_label(QLabel())
        self.streak.setAccessibleDescription("Streak")
        self.streak.setFont(big)
        self.week = plain_label(QLabel())
        self.week.setAccessibleDescription("This week")
        self.week.setFont(big)
        self.goal_dots = GoalDots()
        goal_tip = "Routines played to the end this week, against your weekly goal (File → Settings to change it)"
        self.week.setToolTip(goal_tip)
        self.goal_dots.setToolTip(goal_tip)
        totals = QHBoxLayout()
        totals.setSpacing(12)
        totals.addWidget(self.streak)
        totals.addSpacing(28)
        totals.addWidget(self.week)
        totals.addWidget(self.goal_dots)
        totals.addStretch(1)

        self.calendar = CalendarHeatmap()

        self.comfort = ComfortChartView()
        self.comfort_caption = plain_label(QLabel())
        self.comfort_caption.setWordWrap(True)
        self.comfort_caption.setAccessibleDescription("What the chart shows")
        theme.set_role(self.comfort_caption, "muted")

        self.sessions = SessionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.sessions)
        self.table.setAccessibleName("Sessions, newest first")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.table.font()).lineSpacing() * ROW_LINES + 8)
        header_view = self.table.horizontalHeader()
        header_view.setResizeContentsPrecision(MEASURED_ROWS)
        header_view.setStretchLastSection(True)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setMinimumSectionSize(8)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_details(current.row()))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Session details")
        self.details.setPlaceholderText("Choose a session to see its steps, its timing and your notes.")
        self.details.setFrameShape(QFrame.Shape.NoFrame)

        sessions_split = QSplitter(Qt.Orientation.Vertical)
        sessions_split.addWidget(self.table)
        sessions_split.addWidget(self.details)
        sessions_split.setStretchFactor(0, 3)
        sessions_split.setStretchFactor(1, 2)
        sessions_split.setChildrenCollapsible(False)
        self.sessions_split = sessions_split

        calendar_card = _card(None, self.calendar)
        self.comfort_card = _card("Before and after", self.comfort, self.comfort_caption)
        self.sessions_card = _card("Sessions", sessions_split)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.comfort_card)
        lower.addWidget(self.sessions_card)
        lower.setStretchFactor(0, 4)
        lower.setStretchFactor(1, 7)
        lower.setChildrenCollapsible(False)
        self.lower = lower
        #: The width the list needs for its columns whole (set with the rows).
        self._table_width = 0

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(10)
        content_layout.addLayout(totals)
        content_layout.addWidget(calendar_card)
        content_layout.addWidget(lower, 1)
        self.content = content

        self.empty = plain_label(QLabel())
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleDescription("Your history is empty")
        self.empty.setMaximumWidth(560)
        empty_font = self.empty.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.25)
        self.empty.setFont(empty_font)
        empty_page = QWidget()
        empty_layout = QHBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty, 4)
        empty_layout.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("History")
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.setObjectName("content")
        self.scroll.setStyleSheet("QScrollArea, QWidget#content { background: transparent; }")

        self.body = QStackedWidget()
        self.body.addWidget(self.scroll)
        self.body.addWidget(empty_page)
        self._empty_page = empty_page

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.body, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # In a low window the calendar's squares are smaller, so the list keeps its room.
        height = event.size().height()
        cell = CalendarHeatmap.MAX_CELL if height >= 820 else 13 if height >= 660 else 10
        if cell != self.calendar.max_cell:
            self.calendar.max_cell = cell
            self.calendar.updateGeometry()
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The chart beside the list where the page is wide enough for both (the list's
        columns whole), else above it, each as high as it needs, the page scrolling."""
        width = self.width() - 32
        side_by_side = width >= CHART_WIDTH + self._table_width + 60
        orientation = Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical
        if self.lower.orientation() != orientation:
            self.lower.setOrientation(orientation)
        self.comfort_card.setMinimumSize(CHART_WIDTH if side_by_side else 0, 0 if side_by_side else CHART_HEIGHT)
        self.sessions_card.setMinimumSize(self._table_width + 24 if side_by_side else 0, 0 if side_by_side else SESSIONS_HEIGHT)

    # -- showing -------------------------------------------------------------------------

    def page_keys(self) -> dict[str, Callable[[], None]]:
        """The window-wide keys this page answers ('Space', 'Esc', 'Left', 'Right'): the
        window hands each to the page on show."""
        return {"Esc": self.backRequested.emit}

    def show_history(self, records: Iterable[SessionRecord], weekly_goal: int,
                     variant_name: VariantNames | None = None) -> None:
        """Show these sessions (read from the history just now)."""
        self._records = list(records)
        self._goal = weekly_goal
        self._variant_name = variant_name
        self._render()

    def set_weekly_goal(self, weekly_goal: int) -> None:
        if weekly_goal != self._goal:
            self._goal = weekly_goal
            if self.view is not None:
                self._render()

    def _names(self) -> dict:
        return {"variant_name": self._variant_name} if self._variant_name is not None else {}

    def _render(self) -> None:
        chosen = self.selected_session()
        view = history_view(self._records, self.today(), self._goal, **self._names())
        self.view = view
        if view.empty:
            self.empty.setText(view.empty_text)
            self.body.setCurrentWidget(self._empty_page)
            self.sessions.set_rows(())
            self.details.clear()
            return
        self.body.setCurrentWidget(self.scroll)
        set_aloud(self.streak, view.streak)
        set_aloud(self.week, view.week)
        self.goal_dots.set_progress(view.week_done, view.week_goal)
        self.calendar.set_heatmap(view.heatmap)
        self.comfort.set_chart(view.comfort)
        self.comfort_caption.setText(view.comfort.caption)
        self.comfort_caption.setVisible(bool(view.comfort.caption))
        self._fill_table(view, chosen)

    def _fill_table(self, view: HistoryView, chosen: str | None) -> None:
        self.sessions.set_rows(view.rows)
        table = self.table
        # Sized to what the first rows hold (measured here: Qt's own sizing asks every cell
        # for its size hint, 6 ms for a year), each text in two lines at most; the notes
        # take the rest of the width.
        metrics = QFontMetrics(table.font())
        header = table.horizontalHeader()
        shown = view.rows[:MEASURED_ROWS]
        total = NOTES_WIDTH
        for column in range(len(COLUMNS) - 1):
            widest = max([header.sectionSizeFromContents(column).width() - CELL_PADDING]
                         + [two_line_width(metrics, row.cells[column]) for row in shown])
            table.setColumnWidth(column, widest + CELL_PADDING)
            total += widest + CELL_PADDING
        self._table_width = total + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth()
        self._arrange()
        self.choose_row(view.rows.index_of(chosen) or 0)

    def choose_row(self, row: int) -> None:
        """Choose the session in this row of the list (newest first) and show its details."""
        index = self.sessions.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._show_details(row)

    def row_count(self) -> int:
        return self.sessions.rowCount()

    def selected_session(self) -> str | None:
        index = self.table.currentIndex()
        rows = self.view.rows if self.view is not None else None
        return rows.ids[index.row()] if rows is not None and index.isValid() and index.row() < len(rows) else None

    def _show_details(self, row: int) -> None:
        if self.view is None or not 0 <= row < len(self.view.rows):
            self.details.clear()
            return
        self.details.setPlainText(self.view.details(self.view.rows.ids[row], **self._names()))

    def row_texts(self, row: int) -> list[str]:
        """What a row of the list shows, column by column."""
        return [self.sessions.index(row, column).data() for column in range(self.sessions.columnCount())]
