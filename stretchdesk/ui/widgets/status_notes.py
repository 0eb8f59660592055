"""Quiet, lasting notes in the status bar (sound or voice unavailable, the history cannot
be written), one after another, each said once."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.text import plain_label


class StatusNotes(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        plain_label(self)  # messages can quote device names and files
        theme.set_role(self, "muted")
        self.setAccessibleDescription("Notices")
        self.setWordWrap(True)
        self.said: list[str] = []

    def tell(self, message: str) -> None:
        if message not in self.said:
            self.said.append(message)
            self.setText("  ·  ".join(self.said))
