"""Text to read from a distance, in whole words and whole lines.

FittedLabel: a line or two of plain text (a step's name, what to do now) as large as its
room allows, never broken inside a word: where a word would not fit, or a line would break
at a hyphen ("Cat-" above "Cow"), the font is made smaller until it does not. It keeps the
height of its lines at the largest font, so what is under it stays where it is as the text
changes from step to step.

WholeLines: a scroll area for a label of rich text (the instructions) that never shows a
line cut through: it scrolls a line at a time, from the top of a line, and the foot of
what shows is the foot of the last line that fits whole.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from stretchdesk.ui.widgets.line_layout import line_spans


def lines_of(text: str, font: QFont, width: float) -> list[str] | None:
    """`text` laid out in lines `width` wide as a word-wrapping label lays it out; None if a
    word is wider than the line or a line breaks inside a word (at a hyphen)."""
    lines = []
    for start, end, natural in line_spans(text, font, width):
        if natural > width + 0.5:
            return None
        if end < len(text) and not text[end - 1].isspace() and not text[end].isspace():
            return None
        lines.append(text[start:end].strip())
    return lines


class FittedLabel(QLabel):
    """Plain text in at most `lines` lines of whole words, as large as it fits up to the
    font set with set_largest()."""

    #: The smallest the text gets, in pixels, before words are let go past the edge.
    SMALLEST = 11

    def __init__(self, lines: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self._lines = lines
        self._largest = QFont(self.font())
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Its width is the column's, whatever it says: the text fits itself to it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._reserve()

    def set_lines(self, lines: int) -> None:
        """At most this many lines from now on (the height of as many kept)."""
        if lines != self._lines:
            self._lines = lines
            self._reserve()
            self._fit()

    def set_largest(self, font: QFont) -> None:
        """The font the text has where it fits (a pixel size)."""
        self._largest = QFont(font)
        self._reserve()
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text != self.text():
            super().setText(text)
            self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def _reserve(self) -> None:
        metrics = QFontMetricsF(self._largest)
        self.setFixedHeight(int(metrics.lineSpacing() * self._lines + metrics.descent()) + 2)

    def _fit(self) -> None:
        font = QFont(self._largest)
        width = self.contentsRect().width()
        text = self.text()
        size = max(self._largest.pixelSize(), self.SMALLEST)
        while text and width > 0 and size > self.SMALLEST:
            font.setPixelSize(size)
            lines = lines_of(text, font, width)
            if lines is not None and len(lines) <= self._lines:
                break
            size -= max(1, size // 16)
        font.setPixelSize(size)
        if font != self.font():
            self.setFont(font)


class WholeLines(QScrollArea):
    """Scrolls a label of rich text a line at a time and shows whole lines only."""

    def __init__(self, label: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self._label = label
        self._tops: list[float] = []
        self._bottoms: list[float] = []
        self._snapping = False
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def relayout(self) -> None:
        """The label's text, font or width changed: where its lines are, anew."""
        label = self._label
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(label.text())
        document.setTextWidth(label.contentsRect().width())
        offset = label.contentsRect().top()
        tops, bottoms = [], []
        block = document.begin()
        layout = document.documentLayout()
        while block.isValid():
            if block.text():
                top = layout.blockBoundingRect(block).top() + offset
                lines = block.layout()
                for index in range(lines.lineCount()):
                    line = lines.lineAt(index)
                    tops.append(top + line.y())
                    bottoms.append(top + line.y() + line.height())
            block = block.next()
        self._tops, self._bottoms = sorted(tops), sorted(bottoms)
        if self._tops:
            self.verticalScrollBar().setSingleStep(max(1, round(self._bottoms[0] - self._tops[0])))
        self._trim()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.relayout()

    def _scrolled(self, value: int) -> None:
        if self._snapping:
            return
        # From the top of a line: the line scrolled to is never cut at the top either.
        tops = [top for top in self._tops if top <= value + 0.5]
        snapped = round(tops[-1]) if tops else 0
        if snapped != value and value < self.verticalScrollBar().maximum():
            self._snapping = True
            self.verticalScrollBar().setValue(snapped)
            self._snapping = False
        self._trim()

    def _trim(self) -> None:
        """Leave blank, at the foot, the part of a line that would show cut."""
        full = self.height() - 2 * self.frameWidth()
        top = self.verticalScrollBar().value()
        bottom = top + full
        if not self._bottoms or self._bottoms[-1] <= bottom + 0.5:
            margin = 0
        else:
            whole = [b for b in self._bottoms if b <= bottom + 0.5]
            margin = int(bottom - (whole[-1] if whole else top)) if whole else 0
        if self.viewportMargins().bottom() != margin:
            self.setViewportMargins(0, 0, 0, margin)

    def visible_lines(self) -> tuple[float, float]:
        """The top and the foot of what shows, in the label's own pixels (for tests)."""
        top = self.verticalScrollBar().value()
        return float(top), float(top + self.viewport().height())

    def line_edges(self) -> tuple[list[float], list[float]]:
        return list(self._tops), list(self._bottoms)

