"""Text laid out in lines as Qt lays out wrapped text, for the places that must know where
each line breaks before anything is drawn: the player's fitted labels, the report's table
cells, and the tests that check no line is cut. Only QtGui: the report is written by a
command without widgets."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout, QTextOption


def line_spans(text: str, font: QFont, width: float, *, anywhere: bool = False,
               device=None) -> list[tuple[int, int, float]]:
    """`text` laid out in lines `width` wide as Qt lays out wrapped text: each line's start
    and end (in Qt's UTF-16 units) and its natural width. Lines break between words, and
    also inside a word too long for a line where `anywhere`; `device` is what the text is
    drawn on (a PDF writer measures in its own units)."""
    layout = QTextLayout(text, font, device) if device is not None else QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if anywhere else QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    spans = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textStart() + line.textLength(), line.naturalTextWidth()))
    layout.endLayout()
    return spans
