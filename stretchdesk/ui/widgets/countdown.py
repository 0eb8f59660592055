"""The big countdown: digits readable from across the room inside a ring that empties as
the current hold runs out. Custom painted so the digits can fill the space they have."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchdesk.core import words
from stretchdesk.ui.widgets import theme


def countdown_text(seconds: int) -> str:
    """'45' under a minute (the digits as large as they can be), '1:30' from a minute up."""
    return words.clock(seconds) if seconds >= 60 else str(seconds)


class CountdownWidget(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._seconds = 0
        #: The big text, when it is not the seconds ("3/10", "In"), and the line under the caption.
        self._big: str | None = None
        self._small = ""
        self._remaining_fraction = 1.0
        self._caption = ""
        self._colour = QColor(theme.ACCENT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Countdown")
        self.setToolTip("Seconds left in this part of the step")

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(180, 180)

    # What tests and screen readers read.
    @property
    def text(self) -> str:
        return self._big if self._big is not None else countdown_text(self._seconds)

    @property
    def small(self) -> str:
        return self._small

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def remaining_fraction(self) -> float:
        return self._remaining_fraction

    def set_state(self, seconds: int, remaining_fraction: float, caption: str, colour: str,
                  big: str | None = None, small: str = "") -> None:
        changed = (seconds, round(remaining_fraction, 3), caption, colour, big, small) != (
            self._seconds, round(self._remaining_fraction, 3), self._caption, self._colour.name(), self._big, self._small,
        )
        self._seconds = seconds
        self._big = None if big == countdown_text(seconds) else big
        self._small = small
        self._remaining_fraction = max(0.0, min(1.0, remaining_fraction))
        self._caption = caption
        self._colour = QColor(colour)
        if changed:
            # In words for a screen reader: '1 minute 30 seconds left', never '1:30 seconds'.
            self.setAccessibleDescription(f"{caption}: {words.spoken_seconds(seconds)} left" if caption else "")
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        pen_width = max(8.0, side * 0.055)
        ring = QRectF(0, 0, side - pen_width, side - pen_width)
        ring.moveCenter(QRectF(self.rect()).center())

        track = QPen(QColor(theme.TRACK), pen_width)
        painter.setPen(track)
        painter.drawEllipse(ring)
        if self._remaining_fraction > 0:
            arc = QPen(self._colour, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(arc)
            # Qt measures arcs in 1/16 degree, counter-clockwise from 3 o'clock; start at 12.
            painter.drawArc(ring, 90 * 16, int(-360 * 16 * self._remaining_fraction))

        text = self.text
        digits = QFont(self.font())
        digits.setWeight(QFont.Weight.DemiBold)
        inner = ring.width() - 2 * pen_width
        digits.setPixelSize(max(12, int(inner * (0.46 if len(text) <= 2 else 0.34))))
        metrics = QFontMetricsF(digits)
        if metrics.horizontalAdvance(text) > inner * 0.82:  # "10/10" fits inside the ring
            digits.setPixelSize(max(12, int(digits.pixelSize() * inner * 0.82 / metrics.horizontalAdvance(text))))
            metrics = QFontMetricsF(digits)
        painter.setFont(digits)
        painter.setPen(QColor(theme.TEXT))
        digits_height = metrics.capHeight()
        centre = ring.center()
        caption_font = QFont(self.font())
        caption_font.setPixelSize(max(10, int(inner * 0.075)))
        caption_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        caption_metrics = QFontMetricsF(caption_font)
        gap = inner * 0.06
        block = digits_height + (gap + caption_metrics.capHeight() if self._caption else 0)
        baseline = centre.y() - block / 2 + digits_height
        width = metrics.horizontalAdvance(text)
        painter.drawText(int(centre.x() - width / 2), int(baseline), text)
        if self._caption:
            painter.setFont(caption_font)
            painter.setPen(QColor(self._colour))
            caption = self._caption.upper()
            caption_width = caption_metrics.horizontalAdvance(caption)
            painter.drawText(
                int(centre.x() - caption_width / 2), int(baseline + gap + caption_metrics.capHeight()), caption
            )
        if self._small:
            painter.setFont(caption_font)
            painter.setPen(QColor(theme.MUTED))
            small_width = caption_metrics.horizontalAdvance(self._small)
            painter.drawText(int(centre.x() - small_width / 2),
                             int(baseline + 2 * (gap + caption_metrics.capHeight())), self._small)
        painter.end()
