"""Help → Keyboard: every key the window answers, a row each, the key beside what it does.

A table rather than a message: the rows read one at a time with a screen reader, the words
wrap beside their key, and on a low screen (or with a large font) the table scrolls inside
a dialog that fits, with Close always on show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchdesk.ui.widgets import theme

#: The dialog's width where the screen has room: the longest explanations on two lines.
PREFERRED_WIDTH = 680
#: Room kept for the window manager's frame and title bar round the dialog.
FRAME_ROOM = 60


class KeysDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard")
        theme.style(self, "page")
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName("Keys and what they do")
        self.table.setHorizontalHeaderLabels(["Key", "What it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        # A tinted chosen row and a ring in focus, as the routine's steps have; and room
        # round each cell's words (the style's own margin is a few pixels).
        theme.style(self.table, "picture_rows", extra="QTableView::item { padding: 3px 5px; }")
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (key, what) in enumerate(rows):
            for column, text in enumerate((key, what)):
                # Plain items: the text is shown as it is, never as markup.
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Each row as tall as its words at the column's width, whatever the width becomes.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        self._area = screen.availableGeometry()
        self.resize(min(PREFERRED_WIDTH, self._area.width() - FRAME_ROOM), 200)
        self._fitted = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit()

    def _fit(self) -> None:
        """As tall as the rows where the screen has room, less where it has not (the rows
        then scroll). Done once shown, when the columns have their widths."""
        rows = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        table = rows + self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        rest = self.height() - self.table.height()
        self.resize(self.width(), min(table + rest, self._area.height() - FRAME_ROOM))
        # Placed again, as the window manager would a dialog of this size: over the
        # window's middle, and wholly on the screen.
        area, frame = self._area, self.frameGeometry()
        parent = self.parentWidget()
        middle = parent.frameGeometry().center() if parent is not None else area.center()
        x = min(max(area.left(), middle.x() - frame.width() // 2), area.right() + 1 - frame.width())
        y = min(max(area.top(), middle.y() - frame.height() // 2), area.bottom() + 1 - frame.height())
        self.move(x, y)
