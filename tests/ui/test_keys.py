"""Every key in every view: each key of the Keyboard help pressed where the window has put
the focus, in the library, the check-in, the player, the floor view, the completion page,
the History page and the settings dialog, and what a person then sees changed. The floor
view hides the menu bar, a dialog holds the window still, and a control in focus keeps
the keys it has a use for; none of that may lose a key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.views import VIEWS, open_view

#: A dialog shown offscreen: the platform cannot size its window to it, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
#: The keys, as the Keyboard help names them: (key, modifier).
KEYS = {
    "Space": (Qt.Key.Key_Space, None),
    "Right": (Qt.Key.Key_Right, None),
    "Left": (Qt.Key.Key_Left, None),
    "Esc": (Qt.Key.Key_Escape, None),
    "Enter": (Qt.Key.Key_Return, None),
    "F11": (Qt.Key.Key_F11, None),
    "M": (Qt.Key.Key_M, None),
    "F5": (Qt.Key.Key_F5, None),
    "Ctrl+H": (Qt.Key.Key_H, CTRL),
    "Ctrl+,": (Qt.Key.Key_Comma, CTRL),
    "Ctrl+Q": (Qt.Key.Key_Q, CTRL),
    "3": (Qt.Key.Key_3, None),
}
#: A routine file added before the key is pressed: F5 reads it in.
ADDED = "Added lower back routine"

MUTED = {"muted": True}
ADDED_TO_LIBRARY = {"added": True}
SETTINGS = {"dialog": "Settings"}
#: The window closes, and the app ends with it (its last window): a dialog open over it too.
QUIT = {"open": False}
#: In the player and the floor view, on the first hold of the short routine's Twist.
PLAYER = {
    "Space": {"paused": True},
    "Right": {"step": "Coming up: Cat cow"},
    "Left": {"step": "Coming up: Twist"},  # early in the first step: it starts again
    "Esc": {"paused": True, "asked": True},
    "Enter": {},
    "F11": {"floor": True},
    "Ctrl+H": {},  # not while a routine plays
}
EXPECTED = {
    "library": {  # the focus on the list, a search typed
        "Space": {"page": "checkin"},
        "Esc": {"search": ""},
        "Enter": {"page": "checkin"},  # the list's chosen routine
        "Ctrl+H": {"page": "history"},
    },
    "checkin": {  # the focus on the question
        "Esc": {"page": "player", "step": "Coming up: Twist"},  # skipped: the routine starts
        "Ctrl+H": {"page": "history"},
        "3": {"page": "player", "step": "Coming up: Twist"},  # answered: the routine starts
    },
    "player": PLAYER,
    "floor": {**PLAYER, "F11": {"floor": False}, "Ctrl+Q": {"open": False, "floor": False}},
    "completion": {  # the focus on Back to the library; the check-in asked
        "Space": {"page": "library"},
        "Enter": {},
        "Esc": {"page": "library"},
        "Ctrl+H": {"page": "history"},
        "3": {"kept": True},
    },
    "history": {  # opened from the library; the focus on the list of sessions
        "Esc": {"page": "library"},
    },
    "settings": {  # the dialog holds the window still: its own keys, and M and Ctrl+Q
        "Esc": {"dialog": None},
        "Enter": {"dialog": None},
        "M": {},  # typed into the field in focus, as in the search (on a box, it mutes: below)
        "F5": {},
        "Ctrl+,": {},
    },
}
#: What every key does in every view unless said otherwise above.
EVERYWHERE = {"M": MUTED, "F5": ADDED_TO_LIBRARY, "Ctrl+,": SETTINGS, "Ctrl+Q": QUIT}


@pytest.fixture(scope="module")
def loaded():
    """The library with the short routine, read once for the module's many windows."""
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.core.routine.loader import load_routine_text

    from tests.ui.conftest import SHORT

    library = load_library()
    library.routines.insert(0, load_routine_text(SHORT, "short.yaml", default_id="short").routine)
    return library


@pytest.fixture
def short_library(loaded):
    """Each window its own library (the window replaces it on F5, never changes it)."""
    from stretchdesk.core.routine.library import Library

    return Library(routines=list(loaded.routines), problems=list(loaded.problems), broken_files=list(loaded.broken_files))


def seen(window) -> dict:
    """What a person sees of the window: the page on show, a dialog over it, the player's
    state, whether the sound is off, what the list and the search show."""
    pages = {window.library_page: "library"}
    for name in ("checkin", "player", "completion", "history"):
        built = window.pages.built(name)
        if built is not None:
            pages[built] = name
    dialog = QApplication.activeModalWidget()
    if dialog is not None and dialog.parentWidget() is not window:
        dialog = None
    player = window.pages.built("player")
    completion = window.pages.built("completion")
    return {
        "open": window.isVisible(),
        "page": pages[window.current_page()],
        "dialog": dialog.windowTitle() if dialog is not None and dialog.isVisible() else None,
        "muted": window.mute_action.isChecked(),
        "floor": player is not None and player.floor,
        "paused": player is not None and player.countdown.caption == "Paused",
        "asked": player is not None and player.stop_question.isVisible(),
        "step": player.name.text() if player is not None else "",
        "kept": completion is not None and completion.checkin.kept.isVisible(),
        "search": window.library_page.search.text(),
        "added": ADDED in window.library_page.visible_titles(),
    }


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("view", VIEWS)
def test_every_key_in_every_view(window, clock, qtbot, user_routines, view, key):
    open_view(window, clock, qtbot, view)
    if view == "library":
        window.library_page.search.setText("lower")
        window.library_page.list.setFocus()
    (user_routines / "added.yaml").write_text(f"title: {ADDED}\nsteps:\n  - name: Lie still\n    hold: 20s\n")
    before = seen(window)
    code, modifier = KEYS[key]
    focus = QApplication.focusWidget()
    assert focus is not None, "the keyboard's focus is somewhere"
    if modifier is None:
        qtbot.keyClick(focus, code)
    else:
        qtbot.keyClick(focus, code, modifier)
    after = seen(window)
    changed = {fact: value for fact, value in after.items() if before[fact] != value}
    expected = EXPECTED[view].get(key, EVERYWHERE.get(key, {}))
    assert changed == expected, f"{key} in the {view} view"


def test_space_presses_the_button_in_focus_and_the_arrows_stay_in_a_table(window, clock, qtbot):
    """A key the page answers is still the focused control's where that control has a use
    for it: Space on a button presses it, the arrows move between a table's cells."""
    open_view(window, clock, qtbot, "library")
    page = window.library_page
    page.fit_check.setFocus()
    qtbot.keyClick(page.fit_check, Qt.Key.Key_Space)
    assert page.fit_check.isChecked() and window.current_page() is page, "the box is ticked; nothing starts"
    page.steps.setFocus()
    page.steps.setCurrentCell(1, 0)
    qtbot.keyClick(page.steps, Qt.Key.Key_Right)
    assert page.steps.currentColumn() == 1
    page.history_button.setFocus()
    qtbot.keyClick(page.history_button, Qt.Key.Key_Space)
    assert window.current_page() is window.history_page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # nothing to press: nothing happens
    assert window.current_page() is window.history_page
    window.history_page.back_button.setFocus()
    qtbot.keyClick(window.history_page.back_button, Qt.Key.Key_Space)
    assert window.current_page() is page

    window.start_routine(window.library.get("short"))
    player = window.player_page
    player.next_button.setFocus()
    qtbot.keyClick(player.next_button, Qt.Key.Key_Space)
    assert player.name.text() == "Coming up: Cat cow", "the button in focus, pressed"


def test_mute_and_quit_work_in_a_dialog(window, clock, qtbot):
    dialog = open_view(window, clock, qtbot, "settings")
    box = dialog.fields["check_in"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_M)
    assert window.mute_action.isChecked() and dialog.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()


def test_the_keyboard_help_says_what_each_key_does(window):
    from stretchdesk.ui.menus import keyboard_help

    text = keyboard_help(window)
    for line in ("Esc: in the player, pause and ask; Esc again stops",
                 "F11: the floor view, or back to the window",
                 "M: mute the sounds and the voice",
                 "Ctrl+H: your history",
                 "Ctrl+Q: quit",
                 "0 to 9, + for 10: answer the comfort check-in",
                 "Space presses the button or box in focus"):
        assert line in text
    assert "Esc: stop" not in text


def test_help_keyboard_shows_each_key_beside_what_it_does_and_closes_with_esc(window, qtbot):
    """A row a key: the key in the first column, what it does in the second, the whole of
    both readable (the rows as tall as their words)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from stretchdesk.ui.menus import keyboard_rows
    from stretchdesk.ui.pages.keys_dialog import KeysDialog

    seen = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, KeysDialog):
            QTimer.singleShot(10, look)
            return
        table = dialog.table
        seen.extend((table.item(row, 0).text(), table.item(row, 1).text()) for row in range(table.rowCount()))
        seen.append(all(table.rowHeight(row) >= table.sizeHintForRow(row) for row in range(table.rowCount())))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look)
    next(action for action in window.actions() if action.text() == "&Keyboard").trigger()
    assert seen[:-1] == keyboard_rows(window)
    assert ("F11", "the floor view, or back to the window (while a routine plays)") in seen
    assert seen[-1], "every row tall enough for its words"
    assert QApplication.activeModalWidget() is None
