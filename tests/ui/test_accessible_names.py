"""What a screen reader finds in every view: walked through Qt's accessibility tree (what
the desktop's screen reader is handed), every control a person can act on or reach has a
name, every label reads what it shows (a label's accessible name replaces its text for a
screen reader), a length reads as a length ('6 minutes 8 seconds', never the time of day
'6:08'), and the lists and tables read row by row in words. tests/ui/test_screen_reader.py
reads the same through a real screen reader's bus."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from stretchdesk.core import words

from tests.ui.test_plain_text import label_text
from tests.ui.views import VIEWS, activate, open_view

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

Role = QAccessible.Role
#: What a person acts on, whether or not it takes the keyboard's focus.
ACTING = {Role.Button, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.SpinBox, Role.Slider, Role.Dial,
          Role.EditableText, Role.List, Role.ListItem, Role.Table, Role.Cell, Role.Tree, Role.TreeItem,
          Role.PageTab, Role.ButtonMenu, Role.ButtonDropDown, Role.HotkeyField}


def nodes(iface, path=()):
    """Every node on show under `iface`, with the roles above it."""
    yield iface, path
    for index in range(iface.childCount()):
        child = iface.child(index)
        if child is not None and not child.state().invisible:
            yield from nodes(child, (*path, child.role().name))


def unnamed(top: QWidget) -> list[str]:
    """The controls under `top` a screen reader could not name."""
    found = []
    for iface, path in nodes(QAccessible.queryAccessibleInterface(top)):
        state = iface.state()
        if (iface.role() in ACTING or state.focusable) and not iface.text(QAccessible.Text.Name).strip():
            found.append(f"{iface.role().name} in {' > '.join(path[-4:])} ({iface.object()})")
    return found


def misread(top: QWidget) -> list[str]:
    """The labels on show under `top` that a screen reader would not read as shown: their
    name must be their text, or that text in words (core.words.aloud)."""
    found = []
    for label in top.findChildren(QLabel):
        text = label_text(label).strip()
        if not text or not label.isVisible():
            continue
        name = QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name).strip()
        if name not in (text, words.aloud(text), " ".join(text.split())):
            found.append(f"{label.accessibleDescription() or 'a label'} reads {name!r} but shows {text!r}")
    return found


def read_as_lengths(top: QWidget) -> list[str]:
    """Names a screen reader would say as a time of day: a length on the clock ('6:08')
    anywhere but in the History page's When column (a time of day, said well)."""
    import re

    found = []
    for iface, path in nodes(QAccessible.queryAccessibleInterface(top)):
        name = iface.text(QAccessible.Text.Name)
        if re.search(r"\b\d+:\d\d\b(?!.*\d{2}:\d{2})", name) and not re.search(r"\b\w{3} \d+ \w{3}( \d{4})?, \d\d:\d\d$", name):
            found.append(f"{iface.role().name}: {name!r}")
    return found


@pytest.mark.parametrize("view", VIEWS)
def test_every_control_has_a_name_and_every_label_reads_what_it_shows(window, clock, qtbot, view):
    root = open_view(window, clock, qtbot, view)
    tops = [window] + ([root] if root.isWindow() else [])
    for top in tops:
        assert unnamed(top) == [], f"controls without a name in the {view} view"
        assert misread(top) == [], f"labels that do not read what they show in the {view} view"
        assert read_as_lengths(top) == [], f"lengths read as times of day in the {view} view"


def test_the_library_with_a_session_to_carry_on_and_a_search(window, clock, qtbot):
    """The Resume button and its line, the search's clear button, and a search that finds
    nothing (the preview says why)."""
    open_view(window, clock, qtbot, "completion")  # stopped early: the library offers to carry on
    window.show_library()
    page = window.library_page
    page.select("short")
    assert page.resume_button.isVisible()
    assert unnamed(window) == [] and misread(window) == []
    page.search.setText("nothing matches this")
    assert unnamed(window) == [] and misread(window) == []


def test_the_report_dialog(window, qtbot):
    from stretchdesk.ui.pages.report_export import ReportPeriodDialog

    activate(window, qtbot)
    today = date(2026, 11, 20)
    dialog = ReportPeriodDialog(date(2026, 10, 24), today, today, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == [] and misread(dialog) == []
    dialog.reject()


def test_the_list_and_the_tables_read_in_words(window, clock, qtbot):
    root = open_view(window, clock, qtbot, "history")
    page = window.library_page
    rows = page.list.model()
    first = rows.index(0, 0)
    said = QAccessible.queryAccessibleInterface(page.list).child(0).text(QAccessible.Text.Name)
    title, meta = first.data().split("\n")[:2]
    assert said.startswith(f"{title}. {words.aloud(meta)}")
    assert "·" not in said and ":" not in said.split(".", 1)[1].split("Resume")[0]
    table = QAccessible.queryAccessibleInterface(root.table)
    cells = [table.child(index) for index in range(table.childCount())]
    texts = [cell.text(QAccessible.Text.Name) for cell in cells if cell.role() == Role.Cell]
    shown = root.row_texts(0)
    assert texts[:len(shown)] == [shown[0], shown[1], words.aloud(shown[2]), shown[3], shown[4] or "none",
                                  words.aloud(shown[5]) if shown[5] else "no check-in", shown[6] or "no notes"]
    assert "minute" in texts[2] or "second" in texts[2]
    assert QApplication.focusWidget() is root.table


def test_the_countdown_tells_its_seconds_in_words(qtbot):
    """The ring is painted: a screen reader reads its description, a length in words."""
    from stretchdesk.ui.widgets.countdown import CountdownWidget

    countdown = CountdownWidget()
    qtbot.addWidget(countdown)
    countdown.set_state(90, 1.0, "Hold", "#2c8276")
    assert countdown.accessibleName() == "Countdown"
    assert countdown.accessibleDescription() == "Hold: 1 minute 30 seconds left"
    countdown.set_state(1, 0.1, "Hold", "#2c8276")
    assert countdown.accessibleDescription() == "Hold: 1 second left"
