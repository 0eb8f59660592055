"""The big countdown: digits readable from across the room inside a ring that empties as
the current hold runs out. Custom painted so the digits can fill the space they have.

Each change repaints only what it changes: as the ring empties, the stretch of ring between
where its end was and where it is now; as a second goes by, the digits; the whole of it
only when the caption, the colour or the line under the caption changes."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QRegion
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
        self._colour = QColor(theme.colours().accent)
        #: The text and the fraction the screen was last asked to show.
        self._shown = (self.text, self._remaining_fraction)
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
        whole = (caption, colour, small) != (self._caption, self._colour.name(), self._small)
        changed = whole or (seconds, round(remaining_fraction, 3), big) != (
            self._seconds, round(self._remaining_fraction, 3), self._big)
        self._seconds = seconds
        self._big = None if big == countdown_text(seconds) else big
        self._small = small
        self._remaining_fraction = max(0.0, min(1.0, remaining_fraction))
        self._caption = caption
        self._colour = QColor(colour)
        if not changed:
            return
        # In words for a screen reader: '1 minute 30 seconds left', never '1:30 seconds'.
        self.setAccessibleDescription(f"{caption}: {words.spoken_seconds(seconds)} left" if caption else "")
        # What the screen shows is what was last asked for: the region runs from there.
        shown_text, shown_fraction = self._shown
        self._shown = (self.text, self._remaining_fraction)
        if whole:
            self.update()
            return
        region = QRegion()
        if self._remaining_fraction != shown_fraction:
            region += self._arc_rect(shown_fraction, self._remaining_fraction).toAlignedRect()
        if self.text != shown_text:
            region += self._digits_rect(shown_text).toAlignedRect()
            region += self._digits_rect(self.text).toAlignedRect()
        if not region.isEmpty():
            self.update(region)

    def set_colour(self, colour: str) -> None:
        """The ring's colour in another scheme, the rest as it is."""
        self._colour = QColor(colour)
        self.update()

    # -- where things are -------------------------------------------------------------------

    def _ring(self) -> tuple[QRectF, float]:
        """The ring's rectangle (through the middle of its band) and the band's width."""
        side = min(self.width(), self.height())
        pen_width = max(8.0, side * 0.055)
        ring = QRectF(0, 0, side - pen_width, side - pen_width)
        ring.moveCenter(QRectF(self.rect()).center())
        return ring, pen_width

    def _arc_rect(self, before: float, after: float) -> QRectF:
        """What painting the ring between two fractions left can change: the band between
        the two ends of the arc, with the round cap at each end."""
        ring, pen_width = self._ring()
        radius, centre = ring.width() / 2, ring.center()
        # The arc runs clockwise from 12 o'clock: its end is at 90 - 360 * fraction degrees
        # (counter-clockwise from 3 o'clock). Qt draws an arc a quarter of the circle at a
        # time, and the quarter an end lies in comes out a shade differently as the end
        # moves: the whole of those quarters is repainted.
        low, high = sorted((90 - 360 * before, 90 - 360 * after))
        low, high = math.floor(low / 90 - 0.01) * 90, math.ceil(high / 90 + 0.01) * 90
        angles = list(range(low, high + 1, 90))
        xs = [centre.x() + radius * math.cos(math.radians(angle)) for angle in angles]
        ys = [centre.y() - radius * math.sin(math.radians(angle)) for angle in angles]
        reach = pen_width / 2 + 2  # half the band, the cap, and antialiasing
        return QRectF(min(xs) - reach, min(ys) - reach, max(xs) - min(xs) + 2 * reach, max(ys) - min(ys) + 2 * reach)

    def _digits_font(self, text: str, inner: float) -> tuple[QFont, QFontMetricsF]:
        digits = QFont(self.font())
        digits.setWeight(QFont.Weight.DemiBold)
        digits.setPixelSize(max(12, int(inner * (0.46 if len(text) <= 2 else 0.34))))
        metrics = QFontMetricsF(digits)
        if metrics.horizontalAdvance(text) > inner * 0.82:  # "10/10" fits inside the ring
            digits.setPixelSize(max(12, int(digits.pixelSize() * inner * 0.82 / metrics.horizontalAdvance(text))))
            metrics = QFontMetricsF(digits)
        return digits, metrics

    def _digits_baseline(self, digits_height: float, ring: QRectF, inner: float) -> float:
        caption_font = QFont(self.font())
        caption_font.setPixelSize(max(10, int(inner * 0.075)))
        caption_metrics = QFontMetricsF(caption_font)
        gap = inner * 0.06
        block = digits_height + (gap + caption_metrics.capHeight() if self._caption else 0)
        return ring.center().y() - block / 2 + digits_height

    def _digits_rect(self, text: str) -> QRectF:
        """Where the big text is drawn (its whole line, with room for antialiasing)."""
        ring, pen_width = self._ring()
        inner = ring.width() - 2 * pen_width
        _, metrics = self._digits_font(text, inner)
        baseline = int(self._digits_baseline(metrics.capHeight(), ring, inner))
        width = metrics.horizontalAdvance(text)
        left = int(ring.center().x() - width / 2)
        pad = 4 + metrics.height() * 0.1  # glyphs may reach past their advance
        return QRectF(left - pad, baseline - metrics.ascent() - pad, width + 2 * pad, metrics.ascent() + metrics.descent() + 2 * pad)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring, pen_width = self._ring()
        scheme = theme.colours()
        track = QPen(QColor(scheme.track), pen_width)
        painter.setPen(track)
        painter.drawEllipse(ring)
        if self._remaining_fraction > 0:
            arc = QPen(self._colour, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(arc)
            # Qt measures arcs in 1/16 degree, counter-clockwise from 3 o'clock; start at 12.
            painter.drawArc(ring, 90 * 16, int(-360 * 16 * self._remaining_fraction))

        text = self.text
        inner = ring.width() - 2 * pen_width
        digits, metrics = self._digits_font(text, inner)
        painter.setFont(digits)
        painter.setPen(QColor(scheme.text))
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
            painter.setPen(QColor(scheme.muted))
            small_width = caption_metrics.horizontalAdvance(self._small)
            painter.drawText(int(centre.x() - small_width / 2),
                             int(baseline + 2 * (gap + caption_metrics.capHeight())), self._small)
        painter.end()
