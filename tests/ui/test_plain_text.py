"""Text from files reaches the screen as the characters written, never as Qt rich text.

A routine is written by someone else: a step called `<img src=/dev/zero>` must be shown as
those characters, not as an image Qt tries to load. A routine whose every text holds
harmless markup is shown everywhere a person would see it, and at each stage every label,
tooltip and item in the window is checked.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtGui import Qt as GuiQt  # where PySide keeps Qt.mightBeRichText
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QListView, QTableWidget, QWidget

from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.timeline import SegmentKind

from tests.ui.conftest import advance, after_first_paint

#: Markup Qt would act on if it read it as rich text: italics, an image, an entity, bold.
MARK = '<i>X</i><img src="missing.png"> & <b>Y</b>'
RAW = "<img"


def marked(field: str) -> str:
    return f"{field} {MARK}"


def step(step_id: str, **how) -> dict:
    return {
        "id": step_id,
        "name": marked(f"{step_id} name"),
        "summary": marked(f"{step_id} summary"),
        "instructions": [marked(f"{step_id} instruction")],
        "tips": [marked(f"{step_id} tip")],
        "adjustments": [marked(f"{step_id} easier")],
        **how,
    }


HOSTILE = {
    "title": marked("title"),
    "summary": marked("summary"),
    "level": "beginner",
    "focus": [marked("focus")],
    "about": marked("about"),
    "targets": marked("targets"),
    "suits": marked("suits"),
    "tips": marked("tips"),
    "closing": marked("closing"),
    "credit": marked("credit"),
    "safety": marked("safety"),
    "steps": [
        step("sides", hold="2s", sides=2),  # get ready, hold, switch sides, hold
        step("breathing", breaths=1),
        step("replaced", hold="2s"),
    ],
    "variants": [{
        "id": "other",
        "name": marked("variant name"),
        "description": marked("variant description"),
        "replace": [{"step": "replaced", "with": [step("reps", reps=2, rep="1s")]}],
    }],
}

#: A file name can hold markup too (though never a '/', so no closing tag).
BROKEN_NAME = '<b>broken <img src="missing.png">.yaml'


def visible(text: str, text_format) -> str:
    """What a person reads in a label (or a tooltip, always AutoText) holding this text."""
    if text_format == Qt.TextFormat.PlainText or (text_format == Qt.TextFormat.AutoText and not GuiQt.mightBeRichText(text)):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText().replace("\u2029", "\n").replace("\u2028", "\n")


def label_text(label: QLabel) -> str:
    return visible(label.text(), label.textFormat())


def tooltip_text(tip: str) -> str:
    return visible(tip, Qt.TextFormat.AutoText)


def check_everything(window) -> str:
    """Every label, button, tooltip and item in the window: file text is shown as written.
    Returns all the text a person can see or hover, for the caller to look things up in."""
    seen = []
    for label in window.findChildren(QLabel):
        if RAW in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, f"{label.accessibleName() or label.objectName()}: {label.text()!r}"
        seen.append(label_text(label))
    seen += [button.text() for button in window.findChildren(QAbstractButton)]  # never rich text in Qt
    tips = [widget.toolTip() for widget in window.findChildren(QWidget)]
    for view in window.findChildren(QListView):  # the routines, the files with problems
        rows = [view.model().index(row, 0) for row in range(view.model().rowCount())]
        seen += [row.data() for row in rows]  # drawn as the characters written
        tips += [row.data(Qt.ItemDataRole.ToolTipRole) or "" for row in rows]
    for table in window.findChildren(QTableWidget):
        tips += [table.item(row, column).toolTip() for row in range(table.rowCount())
                 for column in range(table.columnCount()) if table.item(row, column) is not None]
    for combo in window.findChildren(QComboBox):
        tips += [combo.itemData(row, Qt.ItemDataRole.ToolTipRole) or "" for row in range(combo.count())]
    for tip in tips:
        assert RAW not in tip, f"tooltip read as rich text: {tip!r}"
        seen.append(tooltip_text(tip))
    return "\n".join(seen)


@pytest.fixture
def hostile_window(qtbot, clock, user_routines):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    (user_routines / BROKEN_NAME).write_text(f"title: Broken\n'{MARK}': 1\nsteps:\n  - name: A\n    hold: 5s\n")
    library = load_library()
    hostile = load_routine_text(json.dumps(HOSTILE), "hostile.yaml", default_id="hostile")
    assert hostile.ok, hostile.problems
    library.routines.insert(0, hostile.routine)
    create_application()
    win = MainWindow(clock=clock, library=library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.driver.close()


def test_the_library_shows_file_text_as_written(hostile_window):
    window = hostile_window
    page = window.library_page
    page.select("hostile")

    # What the first paint shows: the list, the title and the problems list.
    check_everything(window)
    assert label_text(page.title) == HOSTILE["title"]
    first = page.list.model().index(0, 0)
    assert first.data().split("\n")[0] == HOSTILE["title"]
    assert tooltip_text(first.data(Qt.ItemDataRole.ToolTipRole)) == HOSTILE["summary"]
    [problem] = page.problems.rows()
    assert problem.startswith(BROKEN_NAME)
    assert f"unknown key '{MARK}'" in problem
    assert BROKEN_NAME in tooltip_text(page.problems.toolTip())

    # The details, built just after it.
    page.build_details()
    seen = check_everything(window)
    for field in ("summary", "about", "targets", "suits", "tips", "safety"):
        assert HOSTILE[field] in seen, field
    assert page.variant.itemText(1) == marked("variant name")
    page.variant.setCurrentIndex(1)
    seen = check_everything(window)
    assert label_text(page.variant_note) == marked("variant description")
    holds = [": hold each side", " is counted in breaths; its pace follows the settings.",
             " is counted in reps; its pace follows the settings."]
    for row, (step_id, hold) in enumerate(zip(("sides", "breathing", "reps"), holds)):
        page.steps.setCurrentCell(row, 0)
        check_everything(window)
        assert page.steps.item(row, 0).text() == marked(f"{step_id} name")
        assert tooltip_text(page.steps.item(row, 0).toolTip()) == marked(f"{step_id} summary")
        assert label_text(page.hold_label) == marked(f"{step_id} name") + hold


def test_a_notice_quoting_a_settings_file_is_shown_as_written(hostile_window):
    window = hostile_window
    notices = [marked("an unknown setting"), 'volume & voice were put back to their defaults']
    window.notice_banner.show_notices(notices)
    check_everything(window)
    assert label_text(window.notice_banner.text) == "\n".join(notices)
    # One notice alone, with an '&' and no tag: '&amp;' must not reach the screen.
    window.notice_banner.show_notices(notices[1:])
    assert label_text(window.notice_banner.text) == notices[1]
    window.cues.unavailable.emit(marked("no sound device"))
    check_everything(window)
    assert label_text(window.notices) == marked("no sound device")


def test_the_player_and_the_end_show_file_text_as_written(hostile_window, clock):
    window = hostile_window
    page = window.library_page
    page.select("hostile")
    page.build_details()
    page.variant.setCurrentIndex(1)
    page.start_button.click()
    check_everything(window)  # the check-in before: the routine's title
    assert label_text(window.checkin_page.routine) == f"Before you start: {HOSTILE['title']}"
    window.checkin_page.skip()
    player = window.player_page
    names = [marked(f"{step_id} name") for step_id in ("sides", "breathing", "reps")]

    kinds = set()
    shown = None
    while window.current_page() is player:
        view = window.playback.view()
        if (view.plan.index, view.segment.kind, view.segment.side) != shown:
            shown = (view.plan.index, view.segment.kind, view.segment.side)
            kinds.add(view.segment.kind)
            seen = check_everything(window)
            name = names[view.plan.index]
            prefix = "Coming up: " if view.segment.kind is SegmentKind.GET_READY else ""
            assert label_text(player.name) == prefix + name
            following = names[view.plan.index + 1] if view.plan.index + 1 < len(names) else None
            if view.next_side is not None:
                assert label_text(player.next_up) == f"Next: {view.next_side.capitalize()} side"
            elif following:
                assert label_text(player.next_up).startswith(f"Next: {following} · ")
            for part in ("summary", "instruction", "tip", "easier"):
                assert marked(f"{view.plan.step.id} {part}") in seen
        advance(window, clock, 0.25)
    assert {SegmentKind.GET_READY, SegmentKind.HOLD, SegmentKind.SWITCH, SegmentKind.REP, SegmentKind.BREATH} <= kinds

    done = window.completion_page
    assert window.current_page() is done
    check_everything(window)
    assert label_text(done.routine) == HOSTILE["title"]
    assert label_text(done.closing) == HOSTILE["closing"]

    # Again, skipping the first step and stopping: the skipped step is named.
    done.again_button.click()
    window._do("next_step")
    window._do("stop")
    assert window.current_page() is done
    check_everything(window)
    assert label_text(done.skipped) == f"Skipped: {names[0]}"
    # The library offers to carry it on, in the row and the preview.
    after_first_paint(window)
    window.show_library()
    check_everything(window)
    assert window.library_page.row_texts()[0].split("\n")[0] == HOSTILE["title"]
    assert label_text(window.library_page.resume_note) == "Resume — 2 of 3 steps left"
