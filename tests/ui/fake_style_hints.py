"""A stand-in for Qt's QStyleHints, as far as the window reads it (ui/widgets/desktop_scheme.py):
the desktop's colour scheme and its contrast preference, which a test changes as a
person changes their desktop. Offscreen, Qt's own hints never change and say no scheme."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal


class FakeAccessibilityHints(QObject):
    contrastPreferenceChanged = Signal(Qt.ContrastPreference)

    def __init__(self) -> None:
        super().__init__()
        self.contrast = Qt.ContrastPreference.NoPreference

    def contrastPreference(self) -> Qt.ContrastPreference:  # noqa: N802 - Qt's name
        return self.contrast


class FakeStyleHints(QObject):
    colorSchemeChanged = Signal(Qt.ColorScheme)

    def __init__(self, scheme: Qt.ColorScheme = Qt.ColorScheme.Unknown) -> None:
        super().__init__()
        self.scheme = scheme
        self._accessibility = FakeAccessibilityHints()

    def colorScheme(self) -> Qt.ColorScheme:  # noqa: N802 - Qt's name
        return self.scheme

    def accessibility(self) -> FakeAccessibilityHints:
        return self._accessibility

    def set_scheme(self, scheme: Qt.ColorScheme) -> None:
        """The desktop turns light or dark, as its settings do."""
        if scheme != self.scheme:
            self.scheme = scheme
            self.colorSchemeChanged.emit(scheme)

    def set_contrast(self, high: bool) -> None:
        """The desktop asks for high contrast, or stops asking."""
        contrast = Qt.ContrastPreference.HighContrast if high else Qt.ContrastPreference.NoPreference
        if contrast != self._accessibility.contrast:
            self._accessibility.contrast = contrast
            self._accessibility.contrastPreferenceChanged.emit(contrast)
