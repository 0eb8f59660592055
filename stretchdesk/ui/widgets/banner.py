"""Notes across the top of the window with a button to put them away: never a dialog, so
they can never hide or hold up a countdown."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from stretchdesk.core.text import escape
from stretchdesk.core.routine.model import DEFAULT_SAFETY
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.text import rich_label


class Banner(QFrame):
    """Its text is rich text: whatever it quotes from a file or an error must be escaped."""

    def __init__(self, text: str, name: str, button: str, button_tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        theme.style(self, "banner")
        # Rich text by choice, not by Qt's guess: a single escaped notice with no tag in it
        # (an '&' that became '&amp;') would otherwise be shown as the escape itself.
        self.text = rich_label(QLabel())
        self.text.setText(text)
        self.text.setWordWrap(True)
        self.text.setAccessibleDescription(name)
        self.dismiss = QPushButton(button)
        self.dismiss.setToolTip(button_tip)
        self.dismiss.setAccessibleName(f"Dismiss the {name.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)


class SafetyBanner(Banner):
    """The safety note: shown until it is acknowledged, and from the Help menu after.
    `acknowledge` keeps the acknowledgement (returning a problem, if it could not be kept),
    and `tell` says the problem."""

    def __init__(self, acknowledge: Callable[[], str | None], tell: Callable[[str], None],
                 parent: QWidget | None = None):
        super().__init__(f"<b>Before you start.</b> {escape(DEFAULT_SAFETY)}", "Safety note", "Got it",
                         "Hide this note; it stays in the Help menu", parent)
        self._acknowledge = acknowledge
        self._tell = tell
        self.dismiss.clicked.connect(self.acknowledge)

    def acknowledge(self) -> None:
        self.hide()
        problem = self._acknowledge()
        if problem:
            self._tell(problem)


class NoticeBanner(Banner):
    """Things the person should know that are not urgent: a settings file put right, a
    step hold dropped."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", "Notices", "Dismiss", "Hide these notices", parent)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def show_notices(self, notices: list[str]) -> None:
        if notices:
            from PySide6.QtCore import Qt  # not at import: the Qt namespace costs ~10 ms of start-up

            self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.text.setText("<br>".join(escape(n, quote=False) for n in notices))
            self.show()
