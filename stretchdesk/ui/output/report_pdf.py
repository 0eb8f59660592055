"""The report for a therapist as a PDF, drawn with Qt's own PDF writer.

A4, one column: the period and the summary figures, sessions per week against the goal,
comfort before and after as a chart, each routine with its steps and how often each was
skipped, the check-ins as a table and the notes. Tables carry on across pages with their
header repeated; a section's heading never ends a page. Text from the history (routine
and step names, notes) is drawn as plain text with QPainter.drawText, never as rich text,
with control and invisible formatting characters made visible. A one-line cell is cut
short with an ellipsis where it has no room; the notes and their routines wrap instead,
inside a word too when it is longer than the cell, and a note taller than what is left of
the page is split there and carries on on the next, its date repeated: no word of a note
is lost.

The page is laid out twice: once to count the pages (for "page 2 of 5"), then drawn. The
PDF is made in memory and written whole or not at all (core.files.write_atomic).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush, QColor, QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize, QPainter, QPainterPath, QPdfWriter, QPen,
)

from stretchdesk.core.about import APP_NAME, VERSION
from stretchdesk.core.files import write_atomic
from stretchdesk.core import words
from stretchdesk.core.views.report import Report
from stretchdesk.core.text import one_line, visible
from stretchdesk.ui.widgets.line_layout import line_spans
from stretchdesk.core.colours import LIGHT

TITLE = f"{APP_NAME} — practice report"
#: Dots per inch of the page's coordinates: fine enough for hairlines, small numbers.
DPI = 300
MARGIN_MM = 16
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"]

#: The report is for paper: light, whatever the window shows.
TEXT = LIGHT.text
MUTED = LIGHT.muted
ACCENT = LIGHT.accent
ACCENT_DARK = LIGHT.accent_text
PROBLEM = LIGHT.problem
PAPER = "#ffffff"
CARD = "#f3f7f6"
RULE = "#d5dedb"
LIGHT_ACCENT = "#a9d3cb"
PART_WEEK = "#cfd6d8"
BEFORE_COLOUR = LIGHT.before
AFTER_COLOUR = LIGHT.after


def pt(points: float) -> float:
    """Points (1/72 inch) in the page's coordinates."""
    return points * DPI / 72


def mm(millimetres: float) -> float:
    return millimetres * DPI / 25.4


_application = None


def ensure_application() -> QGuiApplication:
    """Fonts need a Gui application: the window's, or one made offscreen (no display is
    needed to write a PDF)."""
    global _application
    app = QGuiApplication.instance()
    if app is None:
        app = _application = QGuiApplication(["stretchdesk", "-platform", "offscreen"])
    return app


def render_pdf(report: Report) -> tuple[bytes, int]:
    """The report as the bytes of a PDF, and its number of pages."""
    ensure_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setResolution(DPI)
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setTitle(TITLE)
    writer.setCreator(f"{APP_NAME} {VERSION}")
    pages = _Layout(report, writer, None).run()  # measured only: how many pages
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        drawn = _Layout(report, writer, painter, total=pages).run()
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data()), drawn


def write_pdf(report: Report, path: Path) -> int:
    """Write the report as a PDF at `path`, whole or not at all; the number of pages.
    Raises OSError when it cannot be written (nothing is left behind then)."""
    data, pages = render_pdf(report)
    write_atomic(path, data)
    return pages


# -- laying out -----------------------------------------------------------------------------


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class Column:
    title: str
    #: A share of the table's width.
    share: float
    align: str = "left"  # or "right", "centre"
    #: The cell's text wraps onto more lines (else it is cut short with an ellipsis).
    wrap: bool = False


LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
ALIGN = {"left": LEFT, "right": RIGHT, "centre": CENTRE}
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
#: A row of up to this many lines moves to the next page whole; a taller one is split.
KEEP_WHOLE_LINES = 6


class _Layout:
    """Lays the report out page by page, measured at the writer's resolution. Without a
    painter it only measures, to count the pages; with one it draws."""

    def __init__(self, report: Report, writer: QPdfWriter, painter: QPainter | None, *, total: int = 0):
        self.report = report
        self.painter = painter
        self.writer = writer
        self.total = total
        page = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                           QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
        paint = page.paintRectPixels(DPI)
        self.width = float(paint.width())
        self.footer = pt(16)
        self.bottom = float(paint.height()) - self.footer
        self.page = 1
        self.y = 0.0
        self.body = _font(9)
        self.small = _font(7.5)
        self.bold = _font(9, bold=True)
        self.heading = _font(13, bold=True)
        self.title = _font(20, bold=True)
        self._metrics: dict[tuple, QFontMetricsF] = {}
        self._lines: dict[tuple, list[str]] = {}

    # -- the basics ---------------------------------------------------------------------------

    def metrics(self, font: QFont) -> QFontMetricsF:
        key = (font.pointSizeF(), font.bold())
        found = self._metrics.get(key)
        if found is None:
            # Measured at the page's resolution, as the writer draws.
            found = self._metrics[key] = QFontMetricsF(font, self.writer)
        return found

    def line(self, font: QFont) -> float:
        return self.metrics(font).height()

    def text(self, rect: QRectF, text: str, font: QFont, colour: str = TEXT, flags=LEFT) -> None:
        if self.painter is None:
            return
        self.painter.setFont(font)
        self.painter.setPen(QColor(colour))
        self.painter.drawText(rect, flags, text)

    def fitted(self, text: str, font: QFont, width: float) -> str:
        """One line of the text, cut short with an ellipsis if it does not fit."""
        return self.metrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)

    def wrapped_height(self, text: str, font: QFont, width: float) -> float:
        return self.metrics(font).boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()

    def fill(self, rect: QRectF, colour: str, radius: float = 0.0, border: str | None = None) -> None:
        if self.painter is None:
            return
        self.painter.setPen(QPen(QColor(border), pt(0.6)) if border else Qt.PenStyle.NoPen)
        self.painter.setBrush(QBrush(QColor(colour)))
        if radius:
            self.painter.drawRoundedRect(rect, radius, radius)
        else:
            self.painter.drawRect(rect)

    def rule(self, y: float, colour: str = RULE, width: float = 0.6) -> None:
        if self.painter is None:
            return
        self.painter.setPen(QPen(QColor(colour), pt(width)))
        self.painter.drawLine(QPointF(0, y), QPointF(self.width, y))

    def room(self) -> float:
        return self.bottom - self.y

    def ensure(self, height: float, after_break: Callable[[], None] | None = None) -> None:
        """Start a new page unless `height` fits below; `after_break` draws what a page
        carries on with (a table's header)."""
        if height > self.room() and self.y > 0:
            self.new_page()
            if after_break is not None:
                after_break()

    def new_page(self) -> None:
        self.draw_footer()
        if self.painter is not None:
            self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def draw_footer(self) -> None:
        top = self.bottom + self.footer - self.line(self.small)
        self.rule(top - pt(4))
        left = f"{TITLE} · {self.report.period}"
        right = f"page {self.page} of {self.total}" if self.total else f"page {self.page}"
        rect = QRectF(0, top, self.width, self.line(self.small))
        self.text(rect, left, self.small, MUTED, LEFT)
        self.text(rect, right, self.small, MUTED, RIGHT)

    # -- the report ---------------------------------------------------------------------------

    def run(self) -> int:
        self.header()
        self.summary()
        self.weeks_chart()
        self.comfort_chart()
        self.routines()
        self.checkins()
        self.notes()
        self.draw_footer()
        return self.page

    def header(self) -> None:
        report = self.report
        height = self.line(self.title)
        self.text(QRectF(0, self.y, self.width, height), TITLE, self.title, ACCENT_DARK)
        self.y += height + pt(2)
        height = self.line(self.heading)
        self.text(QRectF(0, self.y, self.width, height), report.period, _font(12), TEXT)
        self.y += height + pt(2)
        made = report.made
        made_on = (f"Made on {words.long_day(made.date())} at {words.clock_time(made)} from the history kept on this "
                   f"computer. Comfort check-ins: how the back feels, {words.COMFORT_SCALE}.")
        height = self.wrapped_height(made_on, self.small, self.width)
        self.text(QRectF(0, self.y, self.width, height), made_on, self.small, MUTED, WRAP)
        self.y += height + pt(8)
        self.rule(self.y, ACCENT, 1.2)
        self.y += pt(12)

    def summary(self) -> None:
        report = self.report
        whole = report.whole_weeks
        share = report.goal_share
        stopped = f"{words.SEPARATOR}{report.stopped_early} stopped early" if report.stopped_early else ""
        # A figure, what it counts, and a detail: '6' 'sessions' '5 played to the end'.
        cards = [
            (str(report.played), words.noun(report.played, "session"), f"{report.finished} played to the end{stopped}"),
            (f"{report.weeks_met} of {len(whole)}" if whole else words.NONE, f"weeks with the {words.GOAL_REACHED}",
             f"goal: {report.weekly_goal} a week" + ("" if whole else f"{words.SEPARATOR}no whole week yet")),
            (f"{round(100 * share)}%" if share is not None else words.NONE, "of the weekly goal reached",
             f"{words.score(round(report.mean_per_week, 1))} a week on average" if report.mean_per_week is not None else "over whole weeks"),
            words.stretching_parts(report.active_seconds, report.days_practised),
        ]
        gap = pt(8)
        width = (self.width - gap * (len(cards) - 1)) / len(cards)
        inner = width - pt(16)
        big = _font(17, bold=True)
        labels = max(self.wrapped_height(label, self.bold, inner) for _, label, _ in cards)
        details = max(self.wrapped_height(detail, self.small, inner) for _, _, detail in cards)
        height = pt(8) + self.line(big) + labels + pt(2) + details + pt(8)
        self.ensure(height)
        for index, (figure, label, detail) in enumerate(cards):
            left = index * (width + gap)
            self.fill(QRectF(left, self.y, width, height), CARD, pt(6), RULE)
            y = self.y + pt(8)
            font = big
            while font.pointSizeF() > 11 and self.metrics(font).horizontalAdvance(figure) > inner:
                font = _font(font.pointSizeF() - 1, bold=True)  # a long figure ("37 h 19 min") a little smaller
            self.text(QRectF(left + pt(8), y, inner, self.line(big)), self.fitted(figure, font, inner), font, ACCENT_DARK,
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            y += self.line(big)
            self.text(QRectF(left + pt(8), y, inner, labels), label, self.bold, TEXT, WRAP)
            y += labels + pt(2)
            self.text(QRectF(left + pt(8), y, inner, details), detail, self.small, MUTED, WRAP)
        self.y += height + pt(16)

    def section(self, title: str, then: float = 0.0, note: str | None = None) -> None:
        """A section's heading, on a new page unless `then` (what must follow it on the
        same page) fits below it too."""
        height = self.line(self.heading) + pt(6)
        note_height = self.wrapped_height(note, self.small, self.width) + pt(4) if note else 0.0
        self.ensure(height + note_height + then)
        self.text(QRectF(0, self.y, self.width, self.line(self.heading)), title, self.heading, TEXT)
        self.y += height
        if note:
            self.text(QRectF(0, self.y, self.width, note_height), note, self.small, MUTED, WRAP)
            self.y += note_height

    # -- charts ---------------------------------------------------------------------------------

    def plot_rect(self, top: float, height: float) -> QRectF:
        """A chart's plotting area: the axis's numbers at the left, a label's room at the right."""
        return QRectF(pt(24), top, self.width - pt(24) - pt(30), height)

    def axes(self, plot: QRectF, top_value: float, ticks: Sequence[float], label: Callable[[float], str]) -> Callable[[float], float]:
        """Grid lines and their numbers at the left; returns value -> y."""

        def y_of(value: float) -> float:
            return plot.bottom() - (value / top_value) * plot.height()

        for tick in ticks:
            y = y_of(tick)
            if self.painter is not None:
                self.painter.setPen(QPen(QColor(RULE if tick else MUTED), pt(0.5 if tick else 0.8)))
                self.painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            self.text(QRectF(0, y - self.line(self.small) / 2, plot.left() - pt(4), self.line(self.small)),
                      label(tick), self.small, MUTED, RIGHT)
        return y_of

    def weeks_chart(self) -> None:
        report = self.report
        weeks = report.weeks
        goal = report.weekly_goal
        chart = mm(52)
        self.section("Sessions per week", chart + pt(18),
                     f"Sessions played to the end, each week from Monday. The dashed line is the goal of {goal} a week; "
                     "weeks only partly in the period (or not over yet) are grey and not counted in the figures above.")
        top = max([goal, *(week.finished for week in weeks)]) + 1
        step = 1 if top <= 8 else 2 if top <= 16 else 5
        ticks = list(range(0, top + 1, step))
        plot = self.plot_rect(self.y + pt(4), chart - self.line(self.small) - pt(8))
        y_of = self.axes(plot, ticks[-1] if ticks[-1] >= top else top, ticks, lambda value: str(int(value)))
        slot = plot.width() / max(len(weeks), 1)
        bar = min(slot * 0.62, pt(34))  # a few weeks are not wide slabs
        every = max(1, math.ceil((self.metrics(self.small).horizontalAdvance("30 Nov") + pt(5)) / slot))  # labels never touch
        for index, week in enumerate(weeks):
            left = plot.left() + index * slot + (slot - bar) / 2
            top_y = y_of(week.finished)
            colour = PART_WEEK if not week.whole else ACCENT if week.met else LIGHT_ACCENT
            if week.finished:
                self.fill(QRectF(left, top_y, bar, plot.bottom() - top_y), colour, min(pt(2), bar / 4))
                if bar > self.metrics(self.small).horizontalAdvance("00"):
                    self.text(QRectF(left - slot, top_y - self.line(self.small), bar + 2 * slot, self.line(self.small)),
                              str(week.finished), self.small, MUTED, CENTRE)
            if index % every == 0:
                self.text(QRectF(plot.left() + index * slot - slot, plot.bottom() + pt(3), slot * 3, self.line(self.small)),
                          words.day_month(week.monday, week.monday.year), self.small, MUTED, CENTRE)
        if self.painter is not None:
            pen = QPen(QColor(BEFORE_COLOUR), pt(1.2), Qt.PenStyle.DashLine)
            self.painter.setPen(pen)
            self.painter.drawLine(QPointF(plot.left(), y_of(goal)), QPointF(plot.right(), y_of(goal)))
        self.text(QRectF(plot.right() + pt(4), y_of(goal) - self.line(self.small) / 2, self.width - plot.right() - pt(4),
                         self.line(self.small)), f"goal {goal}", self.small, BEFORE_COLOUR, LEFT)
        self.y += chart + pt(14)

    def comfort_chart(self) -> None:
        report = self.report
        chart = mm(56)
        self.section("Comfort before and after", chart + pt(40),
                     f"Each check-in ({words.COMFORT_SCALE}): the lines are each week's average, the dots each session; "
                     "lower is more comfortable.")
        if not report.comfort:
            height = self.line(self.body) + pt(10)
            self.text(QRectF(0, self.y, self.width, height), "No comfort check-ins in this period.", self.body, MUTED)
            self.y += height
            return
        legend = self.line(self.small) + pt(4)
        self.legend([(BEFORE_COLOUR, "before the routine"), (AFTER_COLOUR, "after it")])
        self.y += legend
        plot = self.plot_rect(self.y + pt(4), chart - legend - self.line(self.small) - pt(8))
        y_of = self.axes(plot, 10, [0, 2, 4, 6, 8, 10], lambda value: str(int(value)))
        days = (report.end - report.start).days + 1

        def x_of(moment_day: float) -> float:
            return plot.left() + (moment_day + 0.5) / days * plot.width()

        # The x axis: the first day of each month (or Mondays, in a short period).
        labels = self.day_labels(days)
        for offset, text in labels:
            x = x_of(offset - 0.5)
            if x - plot.left() < pt(14):
                continue  # its words would run into the axis's numbers
            if self.painter is not None:
                self.painter.setPen(QPen(QColor(RULE), pt(0.4)))
                self.painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            self.text(QRectF(x - pt(30), plot.bottom() + pt(3), pt(60), self.line(self.small)), text, self.small, MUTED, CENTRE)
        if self.painter is not None:
            dot = max(pt(1.1), min(pt(2.2), plot.width() / days / 3))
            for row in report.comfort:
                x = x_of((row.started.date() - report.start).days + row.started.hour / 24 - 0.5)
                for value, colour, shift in ((row.before, BEFORE_COLOUR, -dot * 0.6), (row.after, AFTER_COLOUR, dot * 0.6)):
                    if value is None:
                        continue
                    faint = QColor(colour)
                    faint.setAlphaF(0.35)
                    self.painter.setPen(Qt.PenStyle.NoPen)
                    self.painter.setBrush(QBrush(faint))
                    self.painter.drawEllipse(QPointF(x + shift, y_of(value)), dot, dot)
            for index, colour in ((1, BEFORE_COLOUR), (2, AFTER_COLOUR)):
                path = QPainterPath()
                drawing = False
                points = []
                for week in report.comfort_weeks:
                    value = week[index]
                    monday = week[0]
                    if value is None:
                        drawing = False
                        continue
                    first = max(monday, report.start)
                    last = min(monday.toordinal() + 6, report.end.toordinal())
                    middle = ((first - report.start).days + (last - report.start.toordinal())) / 2
                    point = QPointF(x_of(middle), y_of(value))
                    points.append(point)
                    if drawing:
                        path.lineTo(point)
                    else:
                        path.moveTo(point)
                        drawing = True
                self.painter.setPen(QPen(QColor(colour), pt(1.6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                         Qt.PenJoinStyle.RoundJoin))
                self.painter.setBrush(Qt.BrushStyle.NoBrush)
                self.painter.drawPath(path)
                self.painter.setBrush(QBrush(QColor(colour)))
                radius = min(pt(1.8), plot.width() / max(len(report.comfort_weeks), 1) / 5)
                for point in points:
                    self.painter.drawEllipse(point, radius, radius)
        self.y += chart - legend + pt(10)
        self.compared()

    def day_labels(self, days: int) -> list[tuple[int, str]]:
        report = self.report
        from datetime import timedelta

        labels: list[tuple[int, str]] = []
        if days <= 62:
            monday = report.start + timedelta(days=(7 - report.start.weekday()) % 7)
            while monday <= report.end:
                labels.append(((monday - report.start).days, words.day_month(monday, monday.year)))
                monday += timedelta(days=7)
            return labels
        day = report.start.replace(day=1)
        months = 0
        while day <= report.end:
            if day >= report.start:
                text = words.month_mark(day, year=day.month == 1)
                labels.append(((day - report.start).days, text))
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
            months += 1
        if len(labels) > 14:  # years: every third month
            labels = labels[::3]
        return labels

    def legend(self, items: Sequence[tuple[str, str]]) -> None:
        x = self.width
        height = self.line(self.small)
        for colour, label in reversed(items):
            width = self.metrics(self.small).horizontalAdvance(label)
            x -= width
            self.text(QRectF(x, self.y, width + pt(2), height), label, self.small, MUTED, LEFT)
            x -= pt(12)
            if self.painter is not None:
                self.painter.setPen(QPen(QColor(colour), pt(1.6)))
                self.painter.drawLine(QPointF(x, self.y + height / 2), QPointF(x + pt(9), self.y + height / 2))
            x -= pt(10)

    def compared(self) -> None:
        averages = self.report.comfort_compared
        if not averages:
            return
        year = self.report.today.year
        rows = []
        for average in averages:
            rows.append([words.capitalised(average.label), words.span(average.start, average.end, year),
                         str(average.sessions), words.score(_one(average.before)), words.score(_one(average.after)),
                         _minus(words.score(_one(average.change), signed=True))])
        self.table([Column("Average", 0.2), Column("Days", 0.32), Column("Sessions", 0.12, "right"),
                    Column("Before", 0.12, "right"), Column("After", 0.12, "right"), Column("Change", 0.12, "right")], rows)
        self.y += pt(12)

    # -- tables ---------------------------------------------------------------------------------

    def lines_of(self, text: str, font: QFont, width: float) -> list[str]:
        """The text as the lines it is drawn in, each within `width`: a line breaks at its
        newlines and between words, and inside a word longer than the width (a long note
        without a space), so nothing runs past the cell."""
        key = (text, font.pointSizeF(), font.bold(), width)
        found = self._lines.get(key)
        if found is not None:
            return found
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if not paragraph.strip():
                lines.append("")
                continue
            # Qt counts in UTF-16 units: the line's text is cut from the same units.
            units = paragraph.encode("utf-16-le", "surrogatepass")
            for start, end, _natural in line_spans(paragraph, font, width, anywhere=True, device=self.writer):
                lines.append(units[2 * start:2 * end].decode("utf-16-le", "surrogatepass").rstrip())
        self._lines[key] = lines
        return lines

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]],
              emphasis: Callable[[int, int], str | None] | None = None) -> None:
        """Rows under a header; a table that carries on to the next page repeats its header
        there. A row of a few lines moves to the next page whole; a taller one (a long note)
        is split where the page ends and carries on on the next, its one-line cells (the
        date) repeated. `emphasis(row, column)` may give a cell a colour."""
        pad = pt(4)
        widths = [self.width * column.share for column in columns]
        lefts = [sum(widths[:index]) for index in range(len(widths))]
        header_height = self.line(self.bold) + pt(6)
        line = self.line(self.body)

        def header() -> None:
            for column, left, width in zip(columns, lefts, widths):
                self.text(QRectF(left + pad, self.y, width - 2 * pad, header_height), self.fitted(column.title, self.bold, width - 2 * pad),
                          self.bold, MUTED, ALIGN[column.align])
            self.y += header_height
            self.rule(self.y, MUTED, 0.8)

        space = pt(5)

        def cells(row: Sequence[str]) -> list[list[str] | None]:
            """Each wrapping cell's lines (None for a one-line cell)."""
            return [self.lines_of(value, self.body, width - 2 * pad) if column.wrap else None
                    for column, width, value in zip(columns, widths, row)]

        def count(wrapped: list[list[str] | None]) -> int:
            return max([1, *(len(lines) for lines in wrapped if lines is not None)])

        # A table starts where its header and first rows fit (or all of it, if shorter).
        # (A tall row counts as the lines it keeps together: it is split anyway.)
        self.ensure(header_height + sum(min(count(cells(row)), KEEP_WHOLE_LINES) * line + space for row in rows[:3]))
        header()
        painter = self.painter
        inset = pt(2.5)
        for number, row in enumerate(rows):
            wrapped = cells(row)
            total = count(wrapped)
            if total <= KEEP_WHOLE_LINES:
                self.ensure(total * line + space, header)
            first = 0
            while first < total:
                fits = max(0, int((self.room() - space) // line))
                if fits < min(2, total - first) and self.y > header_height + pt(1):
                    self.new_page()
                    header()
                    continue
                part = min(total - first, max(fits, 1))
                height = part * line + space
                if painter is not None:  # the measuring pass needs only the heights
                    painter.setFont(self.body)
                    for index, (column, left, width, value) in enumerate(zip(columns, lefts, widths, row)):
                        colour = (emphasis(number, index) if emphasis else None) or TEXT
                        painter.setPen(QColor(colour))
                        lines = wrapped[index]
                        if lines is None:
                            # Beside a row's few lines; at the top of a tall row, and of each part of it.
                            rect = QRectF(left + pad, self.y + inset, width - 2 * pad,
                                          height - space if total <= KEEP_WHOLE_LINES else line)
                            painter.drawText(rect, ALIGN[column.align], self.fitted(value, self.body, rect.width()))
                            continue
                        for offset, text in enumerate(lines[first:first + part]):
                            painter.drawText(QRectF(left + pad, self.y + inset + offset * line, width - 2 * pad, line),
                                             TOP_LEFT, text)
                first += part
                self.y += height
                self.rule(self.y)

    def routines(self) -> None:
        report = self.report
        line = self.line(self.body)
        self.section("Routines and their steps", self.routine_start(),
                     "How often each routine was played, and each step done or skipped (a step not reached in a "
                     "session stopped early counts as neither).")
        if not report.routines:
            self.text(QRectF(0, self.y, self.width, line + pt(10)), "No sessions in this period.", self.body, MUTED)
            self.y += line + pt(10)
            return
        for routine in report.routines:
            title = self.fitted(one_line(routine.title), self.bold, self.width)
            parts = [f"played {routine.played}", f"to the end {routine.finished}"]
            if routine.stopped_early:
                carried = f" ({routine.carried_on} carried on later)" if routine.carried_on else ""
                parts.append(f"stopped early {routine.stopped_early}{carried}")
            parts.append(f"{words.minutes(routine.active_seconds)} in all")
            if routine.skipped:
                parts.append(f"{words.plural(routine.skipped, 'step')} skipped")
            details = words.SEPARATOR.join(parts)
            self.ensure(self.routine_start())
            self.text(QRectF(0, self.y, self.width, self.line(self.bold)), title, self.bold, ACCENT_DARK)
            self.y += self.line(self.bold)
            self.text(QRectF(0, self.y, self.width, self.line(self.small)), self.fitted(details, self.small, self.width),
                      self.small, MUTED)
            self.y += self.line(self.small) + pt(4)
            steps = routine.steps
            rows = [[str(number), one_line(step.name), str(step.done), str(step.skipped) if step.skipped else words.NONE]
                    for number, step in enumerate(steps, start=1)]
            if rows:
                self.table([Column("#", 0.06, "right"), Column("Step", 0.62), Column("Done", 0.16, "right"),
                            Column("Skipped", 0.16, "right")], rows,
                           emphasis=lambda row, column: PROBLEM if column == 3 and steps[row].skipped else None)
            self.y += pt(12)

    def table_start(self, rows: int = 3) -> float:
        """The height of a table's header and its first rows (of one line each)."""
        return self.line(self.bold) + pt(6) + rows * (self.line(self.body) + pt(5))

    def routine_start(self) -> float:
        """A routine's name, its figures and the start of its table of steps."""
        return self.line(self.bold) + self.line(self.small) + pt(4) + self.table_start()

    def checkins(self) -> None:
        report = self.report
        if not report.comfort:
            return
        self.section("Comfort check-ins", self.table_start(),
                     f"Every session with a check-in, {words.COMFORT_SCALE}; the change is after minus before.")
        year = report.today.year
        rows = []
        for row in report.comfort:
            rows.append([words.short_day(row.started.date(), year), words.clock_time(row.started), one_line(row.routine),
                         words.score(row.before), words.score(row.after), _minus(words.score(row.change, signed=True))])
        self.table([Column("Date", 0.2), Column("Time", 0.09), Column("Routine", 0.41), Column("Before", 0.1, "right"),
                    Column("After", 0.1, "right"), Column("Change", 0.1, "right")], rows)
        self.y += pt(12)

    def notes(self) -> None:
        report = self.report
        if not report.notes:
            return
        self.section("Notes", self.table_start(),
                     "What was written with a check-in, as it was written.")
        year = report.today.year
        rows = [[words.when(note.at, year), one_line(note.routine), f"{note.moment}, {note.score}",
                 visible(note.text)] for note in report.notes]
        self.table([Column("When", 0.26), Column("Routine", 0.27, wrap=True), Column("Check-in", 0.11),
                    Column("Note", 0.36, wrap=True)], rows)


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _minus(text: str) -> str:
    """A typeset minus sign, as wide as the plus."""
    return text.replace("-", "\u2212")
