"""The window's colours and style: the scheme the core chooses (core/colours.py) made into a
palette of our own, whole, the few style sheets, and the colours painted widgets read.

Every role of the palette is set, in every colour group, so nothing of a desktop's own
theme half-applies (its light text on our light panels); with the Fusion style (app.py)
the palette is honoured everywhere. The scheme follows the `theme` setting and the desktop
(DesktopScheme), and changes live: the palette, every style sheet made here and every
label's role colour are made anew, and `changed` tells the pages that keep pictures.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from stretchdesk.core import colours as core_colours
from stretchdesk.core.colours import LIGHT, SYSTEM, Scheme

_scheme: Scheme = LIGHT


def colours() -> Scheme:
    """The scheme on show: what painted widgets and style sheets take their colours from."""
    return _scheme


def kind_colour(kind: str, paused: bool = False) -> str:
    """The countdown ring's colour for a segment kind (get_ready, hold, switch, ...)."""
    return _scheme.kind_colour(kind, paused)



def focus_ring(selector: str, padding: str = "") -> str:
    """The ring round a control in focus, in the palette's highlight colour (whatever the
    theme), for a control whose style sheet draws its own border (Qt's style draws no ring
    then); `padding`, a pixel less than without the focus, keeps what is inside still."""
    return f"{selector}:focus {{ border: 2px solid palette(highlight); {padding}}}\n"


# Style sheets are kept off the application as a whole: an application-wide one makes Qt
# match every widget against every rule as it is built and shown, which measured 20 to 50
# ms of each start. Colours come from the palette; the few widgets that need more (the
# list, the buttons, the banners, the pages built later) carry a small sheet of their own,
# made by `style` from the builders below, so a change of scheme can make it anew.


def button_rules(s: Scheme) -> str:
    line = s.outline if s.high_contrast else s.line
    return f"""
QPushButton {{ padding: 8px 16px; border: 1px solid {line}; border-radius: 8px; background: {s.raised}; color: {s.text}; }}
QPushButton:hover {{ background: {s.tint}; }}
QPushButton:focus {{ border: 2px solid {s.focus}; }}
QPushButton#primary {{ background: {s.accent}; color: {s.on_accent}; border: 1px solid {s.accent_hover}; font-weight: 600; }}
QPushButton#primary:hover {{ background: {s.accent_hover}; }}
QPushButton#primary:focus {{ border: 2px solid {s.focus if s.dark else s.text}; }}
QPushButton#primary:disabled {{ background: {s.disabled_fill}; color: {s.disabled_text}; border: 1px solid {s.line}; }}
QPushButton:disabled {{ color: {s.disabled_text}; }}
"""


def list_style(s: Scheme) -> str:
    line = s.outline if s.high_contrast else s.line
    return f"""
QListView {{ background: {s.surface}; border: 1px solid {line}; border-radius: 8px; }}
QListView:focus {{ border: 2px solid {s.focus}; }}
QListView::item {{ padding: 8px; border-bottom: 1px solid {s.line}; color: {s.text}; }}
QListView::item:selected {{ background: {s.tint}; color: {s.text}; }}
"""


def search_style(s: Scheme) -> str:
    return (f"QLineEdit {{ padding: 6px 8px; border: 1px solid {s.outline}; border-radius: 6px; "
            f"background: {s.surface}; color: {s.text}; placeholder-text-color: {s.muted}; }}"
            # The focus ring a pixel wider and the padding a pixel narrower: the field keeps
            # its size when it takes the focus (the layout sized it without the focus).
            f"QLineEdit:focus {{ border: 2px solid {s.focus}; padding: 5px 7px; }}")


def banner_style(s: Scheme) -> str:
    return (f"#banner {{ background: {s.banner}; border: 1px solid {s.banner_line}; border-radius: 8px; color: {s.text}; }}"
            + button_rules(s))


def field_style(s: Scheme) -> str:
    """A combo box with an edge a person can see: Fusion draws it a shade darker than the
    window, which on a dark one is darker still."""
    return (f"QComboBox {{ border: 1px solid {s.outline}; border-radius: 4px; padding: 3px 8px; background: {s.raised}; "
            f"color: {s.text}; }}"
            f"QComboBox:focus {{ border: 2px solid {s.focus}; }}"
            f"QComboBox:disabled {{ color: {s.disabled_text}; background: {s.disabled_fill}; }}")


def page_style(s: Scheme) -> str:
    line = s.outline if s.high_contrast else s.line
    return f"""
QLabel[role="muted"] {{ color: {s.muted}; }}
QLabel[role="problem"] {{ color: {s.problem}; }}
QLabel[role="accent"] {{ color: {s.accent_text}; }}
QFrame#card {{ background: {s.surface}; border: 1px solid {line}; border-radius: 10px; }}
QComboBox, QSpinBox {{ min-height: 24px; }}
{field_style(s)}
QProgressBar {{ border: none; background: {s.track}; border-radius: 4px; max-height: 8px; }}
QProgressBar::chunk {{ background: {s.accent}; border-radius: 4px; }}
""" + button_rules(s)


def flat_style(s: Scheme) -> str:
    """A list or a text on a card, with no frame of its own."""
    # A chosen row tinted, as in the routine list: the highlight (the focus colour) filled
    # a whole row of a dark table with a glare.
    return (f"QPlainTextEdit, QTableView {{ background: {s.surface}; color: {s.text}; border: none; }}"
            f"QTableView {{ selection-background-color: {s.tint}; selection-color: {s.text}; }}")


def picture_rows(s: Scheme) -> str:
    """Rows with the figure in them: a chosen row is tinted, as in the routine list, so
    the figure (drawn for the page) stays clear on it; on the accent it was dark on dark."""
    # With a sheet of its own the table draws no focus frame from the style: the ring is
    # drawn here, a pixel wider and the padding a pixel narrower, so the rows keep still.
    return (f"QTableView {{ selection-background-color: {s.tint}; selection-color: {s.text}; "
            f"border: 1px solid {s.line}; padding: 1px; }}"
            f"QTableView:focus {{ border: 2px solid {s.focus}; padding: 0px; }}")


#: The style sheets `style` makes, by name (a page may add its own).
SHEETS: dict[str, Callable[[Scheme], str]] = {
    "buttons": button_rules, "list": list_style, "search": search_style, "banner": banner_style, "page": page_style,
    "flat": flat_style, "fields": field_style, "picture_rows": picture_rows,
}
#: The words' colour for each of a label's roles (set_role).
ROLES: dict[str, Callable[[Scheme], str]] = {
    "muted": lambda s: s.muted, "problem": lambda s: s.problem, "accent": lambda s: s.accent_text,
}


def style(widget: QWidget, *names: str, extra: str = "") -> None:
    """Give `widget` the named style sheets (SHEETS) in the scheme on show, and `extra`
    rules of its own (no colours: those come from the builders); made anew when the
    scheme changes."""
    widget.setProperty("sheets", " ".join(names))
    widget.setProperty("sheet_extra", extra)
    widget.setStyleSheet("".join(SHEETS[name](_scheme) for name in names) + extra)


def style_buttons(*buttons: QWidget) -> None:
    for button in buttons:
        style(button, "buttons")


def set_role(label: QWidget, role: str) -> None:
    """A quieter ("muted"), warning ("problem") or accent ("accent") text colour, through
    the palette; it follows the scheme."""
    label.setProperty("role", role)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ROLES[role](_scheme)))
    label.setPalette(palette)


# -- the palette -----------------------------------------------------------------------------


def palette(s: Scheme) -> QPalette:
    """Every role, in every group: nothing is left to the platform."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    base = {
        role.Window: s.background, role.WindowText: s.text, role.Base: s.surface, role.AlternateBase: s.alternate,
        role.Text: s.text, role.PlaceholderText: s.muted, role.Button: s.raised, role.ButtonText: s.text,
        role.BrightText: s.problem, role.ToolTipBase: s.surface, role.ToolTipText: s.text,
        # The highlight is the focus colour: Fusion rings a check box or a spin box in it, and
        # the rings the style sheets draw (focus_ring, the buttons, the fields) are the same.
        role.Highlight: s.focus, role.HighlightedText: s.on_accent, role.Accent: s.accent,
        role.Link: s.accent_text, role.LinkVisited: s.accent_text,
        # Fusion draws edges, frames and bevels from these: the outline a person must see
        # (check boxes, fields) is Dark and Shadow, which it takes for frames.
        role.Light: s.raised if s.dark else s.surface, role.Midlight: s.alternate, role.Mid: s.line,
        role.Dark: s.outline, role.Shadow: s.outline,
    }
    disabled = dict(base)
    disabled.update({role.WindowText: s.disabled_text, role.Text: s.disabled_text, role.ButtonText: s.disabled_text,
                     role.Button: s.disabled_fill, role.Base: s.background, role.Highlight: s.disabled_fill,
                     role.HighlightedText: s.disabled_text, role.PlaceholderText: s.disabled_text})
    result = QPalette()
    for colour_group, roles in ((group.Active, base), (group.Inactive, base), (group.Disabled, disabled)):
        for colour_role, colour in roles.items():
            result.setColor(colour_group, colour_role, QColor(colour))
    return result


#: The widgets whose edge Fusion draws from their palette's Window colour (see apply).
EDGED = ("QCheckBox", "QRadioButton", "QAbstractSpinBox")


def apply(app: QApplication, scheme: Scheme | None = None) -> None:
    """The scheme (by default the one on show) on the application: its palette, and every
    style sheet and role colour made here, anew."""
    global _scheme
    scheme = scheme or _scheme
    changed = scheme is not _scheme
    _scheme = scheme
    whole = palette(scheme)
    app.setPalette(whole)
    # Fusion draws the edge of a check box, a spin box and a combo box a shade darker than
    # the Window colour of its palette (and a check box's a tenth lighter again): on a dark
    # window that edge was darker still, and an unchecked box vanished. These classes get
    # a Window colour (which they never fill) whose shade is the scheme's outline;
    # tests/ui/test_colours_live.py measures the edges as drawn.
    # A copy by __copy__: QPalette's copy constructor is one of several, and choosing among
    # them made PySide build the whole Qt namespace's enums (93 classes, ~40 ms of every
    # start), which nothing else before the first paint needs.
    edged = whole.__copy__()
    window = QColor(scheme.outline).lighter(127)
    for colour_group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        edged.setColor(colour_group, QPalette.ColorRole.Window, window)
    for name in EDGED:
        app.setPalette(edged, name)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    if changed:
        from PySide6.QtWidgets import QToolTip

        QToolTip.setPalette(whole)
        _restyle(app)


def _restyle(app: QApplication) -> None:
    widgets = app.allWidgets()
    coloured = [widget for widget in widgets if widget.property("role") in ROLES
                and widget.palette().isBrushSet(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)]
    for widget in widgets:
        names = widget.property("sheets")
        if names is not None:
            style(widget, *names.split(), extra=widget.property("sheet_extra") or "")
    # After every sheet: a sheet made anew polishes its widget's children again, which
    # would put a role's colour back to the palette's.
    for widget in coloured:
        set_role(widget, widget.property("role"))
    for window in app.topLevelWidgets():
        window.update()
    notifier().changed.emit()


def tinted_icon(widget: QWidget, standard, colour: str):
    """The style's standard icon (`standard`, a QStyle.StandardPixmap) in `colour`: the
    style draws its media icons dark whatever the scheme, and on a dark button they vanished."""
    from PySide6.QtGui import QIcon, QPainter

    base = widget.style().standardIcon(standard)
    icon = QIcon()
    for side in (16, 24, 32, 48, 64):
        pixmap = base.pixmap(side, side)
        if pixmap.isNull():
            continue
        painter = QPainter(pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), QColor(colour))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def scaled_font(base: QFont, pixels: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(9, int(pixels)))
    font.setBold(bold)
    return font


# -- following the setting and the desktop --------------------------------------------------


class _Notifier(QObject):
    #: The scheme on show changed: pictures drawn in the old one are to be drawn again.
    changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


class Appearance(QObject):
    """The scheme on show: the `theme` setting and what the desktop asks (DesktopScheme),
    put together by the core (core.colours.choose) and applied to the application whenever
    either changes."""

    def __init__(self, desktop, setting: str = SYSTEM, parent: QObject | None = None):
        super().__init__(parent)
        self.setting = setting
        self.desktop = desktop
        desktop.changed.connect(self.update)

    def chosen(self) -> Scheme:
        return core_colours.choose(self.setting, self.desktop.dark(), self.desktop.high_contrast())

    def set_setting(self, setting: str) -> None:
        if setting != self.setting:
            self.setting = setting
            self.update()

    def update(self) -> None:
        scheme = self.chosen()
        app = QApplication.instance()
        if scheme is not _scheme and app is not None:
            apply(app, scheme)


_appearance: Appearance | None = None


def follow(setting: str, desktop=None) -> Appearance:
    """Show the scheme for the `theme` setting from now on, following the desktop (the real
    one, or `desktop`: a DesktopScheme over a stand-in, for tests) as it changes."""
    global _appearance
    if desktop is not None and _appearance is not None and _appearance.desktop is not desktop:
        _appearance.desktop.changed.disconnect(_appearance.update)
        _appearance = None
    if _appearance is None:
        if desktop is None:
            from stretchdesk.ui.widgets.desktop_scheme import DesktopScheme

            desktop = DesktopScheme()
        _appearance = Appearance(desktop, setting)
    _appearance.setting = setting
    _appearance.update()
    return _appearance
