"""What the desktop asks of the window's colours: a dark or a light scheme, and more
contrast. The one place the window reads them (Qt's QStyleHints), so the theme follows one
small object, and tests hand it a stand-in for QStyleHints (offscreen, Qt knows no scheme:
tests/fakes.py FakeStyleHints) or the real one under an X server with a desktop portal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication


class DesktopScheme(QObject):
    #: The desktop changed its scheme or its contrast.
    changed = Signal()

    def __init__(self, hints=None, parent: QObject | None = None):
        """`hints`: the application's QStyleHints, or anything that answers as it does."""
        super().__init__(parent)
        self._hints = hints if hints is not None else QGuiApplication.styleHints()
        self._accessibility = self._hints.accessibility()
        self._hints.colorSchemeChanged.connect(self.changed)
        self._accessibility.contrastPreferenceChanged.connect(self.changed)

    def dark(self) -> bool | None:
        """True for a dark desktop, False for a light one, None where it says nothing."""
        scheme = self._hints.colorScheme()
        return None if scheme == Qt.ColorScheme.Unknown else scheme == Qt.ColorScheme.Dark

    def high_contrast(self) -> bool:
        return self._accessibility.contrastPreference() == Qt.ContrastPreference.HighContrast
