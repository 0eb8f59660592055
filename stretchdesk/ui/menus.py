"""The window's menus and its window-wide keys, and the Keyboard help made from them, so
the help can never say a key the window does not have."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from PySide6.QtGui import QAction, QKeySequence

from stretchdesk.core.about import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar


class MenuWindow(Protocol):
    """The window the menus are built for, as they see it (ui/main_window.py's MainWindow):
    declared here, so the menus stand below the window and do not import it."""

    mute_action: QAction
    pages: _Pages
    safety_banner: _Shown

    def menuBar(self) -> QMenuBar: ...
    def addAction(self, action: QAction) -> None: ...
    def actions(self) -> list[QAction]: ...
    def close(self) -> bool: ...
    def reload_routines(self) -> None: ...
    def open_settings(self) -> object: ...
    def export_report(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...
    def show_history(self) -> None: ...
    def toggle_floor(self) -> None: ...


class _Pages(Protocol):
    def page_key(self, key: str) -> None: ...


class _Shown(Protocol):
    def show(self) -> None: ...

#: Keys the window hands to the page on show (see each page's page_keys), with what they do
#: on the pages that answer them, for the Keyboard help.
PAGE_KEYS = (
    ("Space", "Start or pause", "start, pause or resume; on the check-in, press the focused button"),
    ("Right", "Next step", "the next step"),
    ("Left", "Previous step", "the previous step"),
    ("Esc", "Back or stop", "in the player, pause and ask; Esc again stops. Elsewhere: back, "
                            "clear the search, or skip the check-in"),
)
#: Keys of a page's own that no action carries.
CHECK_IN_KEYS = "0 to 9, + for 10: answer the comfort check-in"


def _action(window: MenuWindow, text: str, handler: Callable, *, keys: list[QKeySequence] | None = None,
            tip: str = "", checkable: bool = False) -> QAction:
    # Two spellings here keep PySide from building Python classes the first page never
    # needs while it picks among overloads: actions take their text as a keyword (the
    # positional form also matches QAction(QIcon, text), and tried QIcon), and shortcuts
    # are given as lists (setShortcut also takes a Qt.Key, and tried the whole Qt
    # namespace, ~10 ms).
    action = QAction(window, text=text, checkable=checkable)
    if keys:
        action.setShortcuts(keys)
    if tip:
        action.setToolTip(tip)
    (action.toggled if checkable else action.triggered).connect(handler)
    # On the window too, not only in its menu: the floor view hides the menu bar, and a
    # hidden menu's shortcuts do nothing.
    window.addAction(action)
    return action


def _standard(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The desktop's keys for a standard action; ours where the platform names none (Quit
    has none outside the desktops that set one, yet a person expects Ctrl+Q)."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


def build_menus(window: MenuWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(_action(window, "&Reload routines", window.reload_routines,
                                keys=_standard(QKeySequence.StandardKey.Refresh, "F5"),
                                tip="Read the routine folders again"))
    file_menu.addAction(_action(window, "&Settings…", window.open_settings, keys=[QKeySequence("Ctrl+,")],
                                tip="Hold times, pauses, sound and voice"))
    file_menu.addAction(_action(window, "&Export report…", window.export_report,
                                tip="A report of your practice for your therapist, as a PDF or a CSV spreadsheet"))
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "&Quit", window.close, keys=_standard(QKeySequence.StandardKey.Quit, "Ctrl+Q")))

    sound_menu = bar.addMenu("&Sound")
    window.mute_action = _action(window, "&Mute", window.set_muted, keys=[QKeySequence("M")],
                                 tip="Silence all sounds and spoken prompts", checkable=True)
    sound_menu.addAction(window.mute_action)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(_action(window, "&History", window.show_history, keys=[QKeySequence("Ctrl+H")],
                                tip="The days you stretched, your streak, your weekly goal and every session"))
    view_menu.addAction(_action(window, "&Floor view", window.toggle_floor, keys=[QKeySequence("F11")],
                                tip="Full screen and large, to follow from a mat (while a routine plays)"))

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(window, "&Safety note", window.safety_banner.show))
    help_menu.addAction(_action(window, "&Keyboard", lambda: _show_keys(window)))
    help_menu.addAction(_action(window, f"&About {APP_NAME}", lambda: _show_about(window)))

    for key, name, _help in PAGE_KEYS:
        _action(window, name, lambda *_checked, key=key: window.pages.page_key(key), keys=[QKeySequence(key)])


def keyboard_help(window: MenuWindow) -> str:
    """Every key the window answers, read from its actions."""
    from PySide6.QtGui import QKeySequence as Sequence

    lines = [f"{key}: {what}" for key, _name, what in PAGE_KEYS]
    page_key_names = {name for _key, name, _what in PAGE_KEYS}
    for action in window.actions():
        if action.text() in page_key_names or not action.shortcuts():
            continue
        keys = " or ".join(sequence.toString(Sequence.SequenceFormat.NativeText) for sequence in action.shortcuts())
        lines.append(f"{keys}: {action.text().replace('&', '').rstrip('…').lower()}")
    lines.append(CHECK_IN_KEYS)
    return "\n".join(lines)


def _show_keys(window: MenuWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(window, "Keyboard", keyboard_help(window))


def _show_about(window: MenuWindow) -> None:
    from html import escape

    from PySide6.QtWidgets import QMessageBox

    from stretchdesk.core.about import VERSION
    from stretchdesk.core.routine.model import DEFAULT_SAFETY

    QMessageBox.about(
        window, f"About {APP_NAME}",
        f"<b>{APP_NAME} {VERSION}</b><p>Guided stretching routines with a large countdown and gentle cues.</p>"
        f"<p>{escape(DEFAULT_SAFETY)}</p>",
    )
