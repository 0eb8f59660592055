"""Colours and the application style: calm, warm and high in contrast where it matters."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

BACKGROUND = "#f6f4ef"
SURFACE = "#ffffff"
TEXT = "#1f2d35"
MUTED = "#56666e"
ACCENT = "#2c8276"
ACCENT_DARK = "#226a60"
TRACK = "#dde5e3"
GET_READY = "#c98d22"
SWITCH = "#5a6fc4"
PAUSED = "#8a949a"
PROBLEM = "#a4462f"

#: The countdown ring's colour for each segment kind.
KIND_COLOURS = {
    "get_ready": GET_READY,
    "hold": ACCENT,
    "rep": ACCENT,
    "breath": ACCENT,
    "switch": SWITCH,
    "rest": SWITCH,
}


def focus_ring(selector: str, padding: str = "") -> str:
    """The ring round a control in focus, in the palette's highlight colour (whatever the
    theme), for a control whose style sheet draws its own border (Qt's style draws no ring
    then); `padding`, a pixel less than without the focus, keeps what is inside still."""
    return f"{selector}:focus {{ border: 2px solid palette(highlight); {padding}}}\n"


# Style sheets are kept off the application as a whole: an application-wide one makes Qt
# match every widget against every rule as it is built and shown, which measured 20 to 50
# ms of each start. Colours come from the palette; the few widgets on the first page that
# need more (the list, the buttons, the banners) carry a small sheet of their own, and the
# pages built later (player, completion, settings) take PAGE_STYLE.

BUTTON_RULES = f"""
QPushButton {{ padding: 8px 16px; border: 1px solid #c9d2cf; border-radius: 8px; background: {SURFACE}; color: {TEXT}; }}
QPushButton:hover {{ background: #eef5f3; }}
QPushButton:focus {{ border: 2px solid palette(highlight); }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK}; font-weight: 600; }}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#primary:focus {{ border: 2px solid palette(window-text); }}
QPushButton#primary:disabled {{ background: #e3e8e6; color: #9aa5a9; border: 1px solid #d5dcd9; }}
QPushButton:disabled {{ color: #9aa5a9; }}
"""

LIST_STYLE = f"""
QListView {{ background: {SURFACE}; border: 1px solid #e3e0d8; border-radius: 8px; }}
QListView::item {{ padding: 8px; border-bottom: 1px solid #efede8; color: {TEXT}; }}
QListView::item:selected {{ background: #dcefeb; color: {TEXT}; }}
""" + focus_ring("QListView")

SEARCH_STYLE = (f"QLineEdit {{ padding: 6px 8px; border: 1px solid #cfd6d4; border-radius: 6px; background: {SURFACE}; }}"
                + focus_ring("QLineEdit", "padding: 5px 7px;"))

BANNER_STYLE = "#banner { background: #fff6df; border: 1px solid #ecd9a4; border-radius: 8px; }" + BUTTON_RULES

PAGE_STYLE = f"""
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="problem"] {{ color: {PROBLEM}; }}
QFrame#card {{ background: {SURFACE}; border: 1px solid #e3e0d8; border-radius: 10px; }}
QComboBox, QSpinBox {{ min-height: 24px; }}
QProgressBar {{ border: none; background: {TRACK}; border-radius: 4px; max-height: 8px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 4px; }}
""" + BUTTON_RULES

ROLE_COLOURS = {"muted": MUTED, "problem": PROBLEM}


def apply(app: QApplication) -> None:
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)


def set_role(label: QWidget, role: str) -> None:
    """A quieter ("muted") or warning ("problem") text colour, through the palette."""
    label.setProperty("role", role)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ROLE_COLOURS[role]))
    label.setPalette(palette)


def style_buttons(*buttons: QWidget) -> None:
    for button in buttons:
        button.setStyleSheet(BUTTON_RULES)


def scaled_font(base: QFont, pixels: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(9, int(pixels)))
    font.setBold(bold)
    return font
