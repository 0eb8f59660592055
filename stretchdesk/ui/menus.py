"""The window's menus and its window-wide keys, and the Keyboard help made from them, so
the help can never say a key the window does not have.

A window-wide key is the window's wherever the focus is, except where the control in focus
has a use for it that the person asked for by moving there (Space presses the button or box
in focus, the arrows move in a table, a spin box or a text), and a key the page on show
does not answer is left to the control in focus (FocusedKeys)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from PySide6.QtCore import QObject
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
    firstPainted: _Signal

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
    def answers(self, key: str) -> bool: ...


class _Signal(Protocol):
    def connect(self, slot: Callable) -> object: ...


class _Shown(Protocol):
    def show(self) -> None: ...

#: Keys the window hands to the page on show (see each page's page_keys), with what they do
#: on the pages that answer them, for the Keyboard help.
PAGE_KEYS = (
    ("Space", "Start or pause", "in the library, start the chosen routine; in the player, pause or resume; "
                                "on the completion page, back to the library"),
    ("Right", "Next step", "in the player, the next step"),
    ("Left", "Previous step", "in the player, the previous step (or back to the start of this one, once it is "
                              "under way)"),
    ("Esc", "Back or stop", "in the player, pause and ask; Esc again stops. Elsewhere: back to where you were, "
                            "clear the search, or skip the check-in"),
)
#: Keys of a page's own that no action carries, and the keys every control answers.
OTHER_KEYS = (
    ("0 to 9, + for 10", "answer the comfort check-in"),
    ("Tab, Shift+Tab", "the next or the previous control; Space presses the button or box in focus"),
    ("Enter", "start the routine chosen in the list; in a dialog, OK (Esc: cancel; M and Ctrl+Q work there too)"),
    ("Alt and the underlined letter", "the menus (not in the floor view)"),
)


def _action(window: MenuWindow, text: str, handler: Callable, *, keys: list[QKeySequence] | None = None,
            tip: str = "", checkable: bool = False, keys_help: str = "") -> QAction:
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
    if keys_help:  # what the Keyboard help says its keys do, where the action's name is not enough
        action.setData(keys_help)
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
                                tip="Read the routine folders again", keys_help="reload the routine folders"))
    file_menu.addAction(_action(window, "&Settings…", window.open_settings, keys=[QKeySequence("Ctrl+,")],
                                tip="Hold times, pauses, sound and voice", keys_help="the settings"))
    file_menu.addAction(_action(window, "&Export report…", window.export_report,
                                tip="A report of your practice for your therapist, as a PDF or a CSV spreadsheet"))
    file_menu.addSeparator()
    quit_action = _action(window, "&Quit", window.close, keys=_standard(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
    file_menu.addAction(quit_action)

    sound_menu = bar.addMenu("&Sound")
    window.mute_action = _action(window, "&Mute", window.set_muted, keys=[QKeySequence("M")],
                                 tip="Silence all sounds and spoken prompts", checkable=True,
                                 keys_help="mute the sounds and the voice, or back")
    sound_menu.addAction(window.mute_action)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(_action(window, "&History", window.show_history, keys=[QKeySequence("Ctrl+H")],
                                tip="The days you stretched, your streak, your weekly goal and every session",
                                keys_help="your history (not while a routine plays)"))
    view_menu.addAction(_action(window, "&Floor view", window.toggle_floor, keys=[QKeySequence("F11")],
                                tip="Full screen and large, to follow from a mat (while a routine plays)",
                                keys_help="the floor view, or back to the window (while a routine plays)"))

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(window, "&Safety note", window.safety_banner.show))
    help_menu.addAction(_action(window, "&Keyboard", lambda: _show_keys(window)))
    help_menu.addAction(_action(window, f"&About {APP_NAME}", lambda: _show_about(window)))

    for key, name, _help in PAGE_KEYS:
        _action(window, name, lambda *_checked, key=key: window.pages.page_key(key), keys=[QKeySequence(key)])
    # Keys come after the first paint; their Python events need not slow it down.
    everywhere = [window.mute_action, quit_action]
    window.firstPainted.connect(lambda: FocusedKeys(window, everywhere))


class FocusedKeys(QObject):
    """Made with the window's first paint. Leaves a window-wide page key (Space, the arrows)
    to the control in focus where that control has a use for it, or where the page on show
    has none for it: Qt asks the control in focus whether it takes a key before it runs a
    shortcut (a ShortcutOverride event), and what the control does not take comes up to the
    window, where this answers for it. And gives the window's dialogs, as they open, the
    keys that work everywhere (Mute and Quit): a dialog holds the window still, but a voice
    talking over it can be silenced, and the app left, from wherever the person is."""

    def __init__(self, window: MenuWindow, everywhere: list[QAction]):
        super().__init__(window)
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtWidgets import QApplication

        self._override = QEvent.Type.ShortcutOverride
        self._keys = {Qt.Key.Key_Space: "Space", Qt.Key.Key_Left: "Left", Qt.Key.Key_Right: "Right",
                      Qt.Key.Key_Escape: "Esc"}
        self._plain = Qt.KeyboardModifier.NoModifier
        self._window = window
        self._everywhere = everywhere
        window.installEventFilter(self)
        # A slot of this object: the connection goes with the window.
        QApplication.instance().focusWindowChanged.connect(self.share_with_dialog)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != self._override or event.modifiers() != self._plain:
            return False
        key = self._keys.get(event.key())
        if key is None:
            return False
        from PySide6.QtWidgets import QApplication

        if not self._window.pages.answers(key) or takes_key(QApplication.focusWidget(), key):
            event.accept()  # the key goes to the control in focus, as a key press
            return True
        return False

    def share_with_dialog(self, _focus_window=None) -> None:
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeWindow()
        if dialog is not None and dialog is not self._window and _opened_over(dialog, self._window):
            dialog.addActions(self._everywhere)  # an action a widget has already is not added twice


def _opened_over(dialog, window) -> bool:
    """Whether `dialog` is a window opened over `window` (its parent, or its parent's)."""
    parent = dialog.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


def takes_key(widget, key: str) -> bool:
    """Whether a control in focus has a use of its own for a window-wide key: Space presses
    a button or a check box and opens a combo box; the arrows move in a table or a list, a
    spin box, a slider or a text. Esc is always the page's (it goes back, or stops)."""
    from PySide6.QtWidgets import (
        QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit,
    )

    if widget is None:
        return False
    if key == "Space":
        return isinstance(widget, (QAbstractButton, QComboBox))
    if key in ("Left", "Right"):
        return isinstance(widget, (QAbstractItemView, QAbstractSpinBox, QAbstractSlider, QPlainTextEdit, QTextEdit))
    return False


def keyboard_rows(window: MenuWindow) -> list[tuple[str, str]]:
    """Every key the window answers, read from its actions: (the key, what it does)."""
    from PySide6.QtGui import QKeySequence as Sequence

    rows = [(key, what) for key, _name, what in PAGE_KEYS]
    page_key_names = {name for _key, name, _what in PAGE_KEYS}
    for action in window.actions():
        if action.text() in page_key_names or not action.shortcuts():
            continue
        keys = " or ".join(sequence.toString(Sequence.SequenceFormat.NativeText) for sequence in action.shortcuts())
        rows.append((keys, action.data() or action.text().replace("&", "").rstrip("…").lower()))
    rows.extend(OTHER_KEYS)
    return rows


def keyboard_help(window: MenuWindow) -> str:
    """The keys as lines of text: 'F11: the floor view, ...'."""
    return "\n".join(f"{key}: {what}" for key, what in keyboard_rows(window))


def _show_keys(window: MenuWindow) -> None:
    from stretchdesk.ui.pages.keys_dialog import KeysDialog

    KeysDialog(keyboard_rows(window), window).exec()


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
