"""What the desktop asks of the window's colours: a dark or a light scheme, and more
contrast. The one place the window reads them (Qt's QStyleHints), so the theme follows one
small object, and tests hand it a stand-in for QStyleHints (offscreen, Qt knows no scheme:
tests/ui/fake_style_hints.py) or the real one under an X server with a desktop portal.

The two answers are Qt enums of the Qt namespace, and the first of its enums that Python
sees makes PySide build all of them (93 enum classes, 40-50 ms): the window asks before its
first paint, which needs none of them. So the real hints are asked for the answers' numbers
(Qt's own functions, called by their C++ names through ctypes, as Qt's binary
compatibility keeps them), and only where that cannot be done, or for a stand-in, through
PySide; the numbers are compared with Qt's values below, never with the enums."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

#: Qt::ColorScheme (qnamespace.h): Unknown, Light, Dark.
SCHEME_UNKNOWN, SCHEME_DARK = 0, 2
#: Qt::ContrastPreference (qnamespace.h): NoPreference, HighContrast.
CONTRAST_HIGH = 1

#: The functions read, by their names in Qt's library (the Itanium C++ ABI of Linux).
_COLOR_SCHEME = "_ZNK11QStyleHints11colorSchemeEv"  # QStyleHints::colorScheme() const
_CONTRAST_PREFERENCE = "_ZNK19QAccessibilityHints18contrastPreferenceEv"  # QAccessibilityHints::contrastPreference() const


def _number(value) -> int:
    """An enum's number (PySide's enums carry it as .value), or the number itself."""
    return int(getattr(value, "value", value))


def _native(holder: QObject, symbol: str) -> Callable[[], int] | None:
    """Qt's const function `symbol`, without arguments, called on `holder`'s C++ object for
    the number it returns; None where Qt's library does not have it under that name (another
    platform's ABI, a Qt without it)."""
    try:
        import ctypes

        import PySide6.QtGui
        import shiboken6

        # The binding module's handle finds a symbol in the Qt libraries it was linked to.
        function = getattr(ctypes.CDLL(PySide6.QtGui.__file__), symbol)
    except (ImportError, OSError, AttributeError):
        return None
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_void_p]

    def read() -> int:
        if not shiboken6.isValid(holder):  # as PySide would, rather than read freed memory
            raise RuntimeError(f"Internal C++ object ({type(holder).__name__}) already deleted.")
        return function(shiboken6.getCppPointer(holder)[0])

    return read


class DesktopScheme(QObject):
    #: The desktop changed its scheme or its contrast.
    changed = Signal()

    def __init__(self, hints=None, parent: QObject | None = None):
        """`hints`: the application's QStyleHints, or anything that answers as it does."""
        super().__init__(parent)
        real = hints is None
        self._hints = hints if hints is not None else QGuiApplication.styleHints()
        self._accessibility = self._hints.accessibility()
        self._scheme = (real and _native(self._hints, _COLOR_SCHEME)) or (lambda: _number(self._hints.colorScheme()))
        self._contrast = ((real and _native(self._accessibility, _CONTRAST_PREFERENCE))
                          or (lambda: _number(self._accessibility.contrastPreference())))
        self._hints.colorSchemeChanged.connect(self.changed)
        self._accessibility.contrastPreferenceChanged.connect(self.changed)

    def dark(self) -> bool | None:
        """True for a dark desktop, False for a light one, None where it says nothing."""
        scheme = self._scheme()
        return None if scheme == SCHEME_UNKNOWN else scheme == SCHEME_DARK

    def high_contrast(self) -> bool:
        return self._contrast() == CONTRAST_HIGH
