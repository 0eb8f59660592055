"""The routine files with problems, listed under the library's routines: a list model of
the problems as core.library_view words them, drawn as plain text (never read as markup)
with the file names in bold, as tall as its rows so it reads like a label. Loaded by the
library page when a library has files with problems.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize
from PySide6.QtWidgets import QListView, QStyledItemDelegate

from stretchdesk.core.views.library_view import ProblemList
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.text import plain_tooltip

#: The item roles the model answers: Qt.ItemDataRole.DisplayRole, and where a problem's row
#: keeps its words and what stands out in them (core.library_view.Span).
DISPLAY_ROLE = 0
SPANS_ROLE = 0x0101
#: The width the problems ask for; they wrap to the width they are given.
PROBLEMS_WIDTH = 200


class ProblemListModel(QAbstractListModel):
    """The files with problems, a problem a row (and a last row saying how many more), as
    core.library_view words them: plain text, never markup."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problems = ProblemList("", (), "")

    def set_problems(self, problems: ProblemList) -> None:
        self.beginResetModel()
        self.problems = problems
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.problems.lines)

    def data(self, index, role=DISPLAY_ROLE):
        if not index.isValid():
            return None
        line = self.problems.lines[index.row()]
        if role == DISPLAY_ROLE:  # also what Ctrl+C copies
            return line.text
        if role == SPANS_ROLE:
            return line.spans
        return None


class ProblemDelegate(QStyledItemDelegate):
    """A problem's row: its words laid out as plain text (never read as markup), wrapped to
    the list's width, in the problem colour, a file's name in bold and a command in italics."""

    @staticmethod
    def layout(spans, font, width: int):
        """The row's words laid out in lines `width` wide, and their height."""
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QFont, QTextCharFormat, QTextLayout, QTextOption

        layout = QTextLayout("".join(span.text for span in spans), font)
        formats, start = [], 0
        for span in spans:
            if span.emphasis and span.text:
                char_format = QTextCharFormat()
                if span.emphasis == "name":
                    char_format.setFontWeight(QFont.Weight.Bold)
                else:
                    char_format.setFontItalic(True)
                where = QTextLayout.FormatRange()
                where.start, where.length, where.format = start, len(span.text), char_format
                formats.append(where)
            start += len(span.text)
        layout.setFormats(formats)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(1, width))
            line.setPosition(QPointF(0, height))
            height += line.height()
        layout.endLayout()
        return layout, height

    def height_for(self, index, font, width: int) -> int:
        return ceil(self.layout(index.data(SPANS_ROLE) or (), font, width)[1])

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        width = self.parent().viewport().width()
        return QSize(width, self.height_for(index, option.font, width))

    def paint(self, painter, option, index) -> None:
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QStyle

        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor(theme.colours().tint))  # as in the routine list
        layout, _height = self.layout(index.data(SPANS_ROLE) or (), option.font, option.rect.width())
        painter.setPen(QColor(theme.colours().problem))
        layout.draw(painter, QPointF(option.rect.topLeft()))
        painter.restore()


class ProblemListView(QListView):
    """The problems under the routines, as tall as their rows wrapped to its width (like a
    label: no scroll bar, no frame, the page's background). A click chooses a row for Ctrl+C
    to copy; Tab passes it by."""

    def __init__(self, parent=None):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView, QFrame, QSizePolicy

        super().__init__(parent)
        self.setModel(ProblemListModel(self))
        self.setItemDelegate(ProblemDelegate(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_problems(self, problems: ProblemList) -> None:
        self.model().set_problems(problems)
        self.setToolTip(plain_tooltip(problems.tooltip))
        self.updateGeometry()

    def rows(self) -> list[str]:
        """What each row says."""
        model = self.model()
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        model, delegate = self.model(), self.itemDelegate()
        return sum(delegate.height_for(model.index(row, 0), self.font(), width) for row in range(model.rowCount()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Narrow, as a wrapping label asks: the routines beside it decide the width.
        return QSize(PROBLEMS_WIDTH, self.heightForWidth(max(self.width(), PROBLEMS_WIDTH)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(80, 0)
