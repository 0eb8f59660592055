"""The routine list as a person uses it: the search, the keys, what is left to press when
nothing matches, the rows' sizes, and the files with problems."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stretchdesk.core.routine.library import Library, load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.routine.problems import Problem
from stretchdesk.core.views import preview as previews
from stretchdesk.core.views.progress import ResumeOffer


def shown_routine(page) -> str | None:
    routine = page.selected_routine()
    return routine.id if routine is not None else None


def test_a_search_with_no_match_says_so_and_leaves_nothing_that_cannot_act(window, qtbot):
    page = window.library_page
    page.build_details()
    page.select("hip-relief")
    page.steps.setCurrentCell(1, 0)  # a hold: its own time can be set
    assert page.hold_spin.isVisibleTo(page) and page.fit_check.isEnabled()
    start_on = page.start_button.grab().toImage()
    started = []
    page.startRequested.connect(lambda *args: started.append(args))

    qtbot.keyClicks(page.search, "nothing like this")
    assert page.visible_titles() == []
    assert page.title.text() == 'No routine matches "nothing like this"'
    assert "Esc clears the search" in page.meta.text()
    assert page.total_note.text() == ""
    assert not page.start_button.isEnabled()
    assert page.start_button.grab().toImage() != start_on  # and it looks it
    # Nothing to fit or hold: off, and out of sight.
    for widget in (page.fit_check, page.fit_minutes, page.steps, page.hold_spin, page.hold_reset, page.variant):
        assert not widget.isEnabled() and not widget.isVisibleTo(page), widget.accessibleName()
    assert not page.fit_check.isChecked() and page.steps.rowCount() == 0
    window.pages.page_key("Space")  # Space presses Start
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert started == [] and window.current_page() is page

    # Each keystroke says what it looked for.
    qtbot.keyClicks(page.search, "!")
    assert page.title.text() == 'No routine matches "nothing like this!"'

    # Esc clears the search: the first routine is chosen, with all it can do.
    window.pages.page_key("Esc")
    assert page.search.text() == ""
    assert shown_routine(page) == "short" and page.title.text() == "Short test routine"
    assert page.start_button.isEnabled() and page.start_button.grab().toImage() == start_on
    for widget in (page.fit_check, page.steps, page.hold_spin):  # Twist, the first step: a hold
        assert widget.isEnabled() and widget.isVisibleTo(page), widget.accessibleName()
    assert page.steps.rowCount() == 3
    page.start_button.click()
    assert [routine.id for routine, _variant in started] == ["short"]


def test_a_fitted_routine_shows_its_fit_again_after_a_search_with_no_match(window, qtbot):
    page = window.library_page
    page.build_details()
    page.select("hip-relief")
    page.fit_check.setChecked(True)  # the window runs the change on the settings
    assert page.fit_check.isChecked() and page.fit_minutes.isEnabled()
    page.search.setText("nothing like this")
    assert not page.fit_check.isChecked() and not page.fit_check.isEnabled()
    assert window.settings.routines["hip-relief"].target_seconds is not None  # only the page is blank
    page.search.setText("psoas")
    assert shown_routine(page) == "hip-relief"
    assert page.fit_check.isChecked() and page.fit_check.isEnabled() and page.fit_minutes.isEnabled()


def test_a_search_keeps_the_chosen_routine_while_it_matches(window, qtbot):
    page = window.library_page
    page.select("hip-relief")
    qtbot.keyClicks(page.search, "lower back")
    assert shown_routine(page) == "hip-relief"
    page.search.setText("psoas")
    assert shown_routine(page) == "hip-relief" and page.visible_titles() == ["Lower back relief through the hips"]
    page.search.setText("child")  # hip-relief has no child's pose: the first match is shown
    assert "Lower back relief through the hips" not in page.visible_titles()
    assert page.title.text() == page.visible_titles()[0]
    page.search.clear()
    assert page.visible_titles()[0] == "Short test routine" and len(page.visible_titles()) == 5


def test_the_keys_walk_the_list_and_the_preview_follows(window, qtbot):
    page = window.library_page
    page.build_details()
    window.activateWindow()
    page.list.setFocus()
    page.select("short")
    titles = page.visible_titles()
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.title.text() == titles[1] and page.steps.rowCount() == len(page.selected_routine().steps)
    qtbot.keyClick(page.list, Qt.Key.Key_End)
    assert page.title.text() == titles[-1]
    qtbot.keyClick(page.list, Qt.Key.Key_Home)
    assert page.title.text() == titles[0]
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.startRequested) as start:
        qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert start.args[0].title == titles[1]


def test_a_double_click_starts_the_routine(window, qtbot):
    page = window.library_page
    index = page.list.model().index(2, 0)
    rect = page.list.visualRect(index)
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.title.text() == page.visible_titles()[2]
    with qtbot.waitSignal(page.startRequested) as start:
        qtbot.mouseDClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert start.args[0].title == page.visible_titles()[2]


def test_the_list_and_its_rows_say_what_they_are(window):
    page = window.library_page
    assert page.list.accessibleName() == "Routines"
    assert "double-click to start" in page.list.toolTip()
    assert page.search.accessibleName() == "Search routines" and "step name" in page.search.toolTip()
    rows = page.list.model()
    short = rows.index(0, 0)
    assert short.data() == "Short test routine\nAny level · 3 steps · 0:58"
    assert short.data(Qt.ItemDataRole.UserRole) == "short"
    assert "Three quick steps." in short.data(Qt.ItemDataRole.ToolTipRole)


def test_a_session_to_carry_on_is_the_rows_last_line_and_offers_resume(window):
    page = window.library_page
    page.select("short")
    offer = ResumeOffer(session_id="s1", routine_id="short", variant=None, from_step=1, step_count=3, ended="stopped at step 2 of 3")
    page.set_resume_offers({"short": offer})
    assert page.row_texts()[0] == "Short test routine\nAny level · 3 steps · 0:58\nResume — 2 of 3 steps left"
    assert page.resume_button.isVisibleTo(page) and page.resume_note.text() == offer.text
    page.list.doItemsLayout()
    rows = page.list.model()
    assert page.list.visualRect(rows.index(0, 0)).height() > page.list.visualRect(rows.index(1, 0)).height()
    page.select("hip-relief")
    assert not page.resume_button.isVisibleTo(page)


def test_every_row_is_measured_as_the_style_would(qtbot, clock):
    """The list keeps each row's size, worked out from the row's shape: the same as Qt's
    own measure, for two lines and three, with pictures and without, long titles, and
    another script."""
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    library = load_library()
    bare = load_routine_text("title: Bare\nsteps:\n  - name: A\n    hold: 5s\n", "bare.yaml", default_id="bare").routine
    library.routines += [
        dataclasses.replace(bare, id="long", title="A routine whose title goes on well past the width of the list " * 2),
        dataclasses.replace(bare, id="spaced", title="  Spaced   out, with ffi and fl, AV and To  "),
        dataclasses.replace(bare, id="other", title="ストレッチ 腰 🧘"),
        dataclasses.replace(bare, id="tab", title="Tab\there"),
        bare,
    ]
    create_application()
    window = MainWindow(clock=clock, library=library)
    qtbot.addWidget(window)
    window.show()
    page = window.library_page
    rows = page.list.model()

    def check() -> None:
        for row in range(rows.rowCount()):
            index = rows.index(row, 0)
            assert index.data(Qt.ItemDataRole.SizeHintRole) == page.list.style_size(index), index.data()

    check()
    page.build_details()  # with the pictures
    page.set_resume_offers({"bare": ResumeOffer("s", "bare", None, 0, 1, "cut off")})
    check()
    assert page.list.horizontalScrollBar().maximum() > 0  # the long title can be scrolled to, as before
    # A larger font (as when the desktop's changes): the rows are measured anew.
    height = page.list.visualRect(rows.index(0, 0)).height()
    font = page.list.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    page.list.setFont(font)
    QApplication.processEvents()  # where Qt lays the rows out again
    check()
    assert page.list.visualRect(rows.index(0, 0)).height() > height
    window.driver.close()


def test_the_files_with_problems_are_listed_under_the_routines(qtbot, clock, user_routines):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    for name in ("mine.yaml", "other.yaml"):
        (user_routines / name).write_text("title: Mine\nsteps:\n  - name: Cobra\n    hodl: 30s\n")
    create_application()
    window = MainWindow(clock=clock, library=load_library())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.library_page
    problems = page.problems
    assert page.problems_title.text() == "2 routine files with problems" and page.problems_title.font().bold()
    assert problems.accessibleName() == "Routine files with problems"
    assert [row.split(":")[0] for row in problems.rows()] == ["mine.yaml", "other.yaml"]
    assert str(user_routines / "mine.yaml") in problems.toolTip()

    # Every row in view, as a label would show them: no scrolling.
    assert problems.height() == problems.heightForWidth(problems.width())
    for row in range(2):
        rect = problems.visualRect(problems.model().index(row, 0))
        assert problems.viewport().rect().contains(rect)

    # A click chooses a problem for Ctrl+C to copy; Tab passes the list by.
    rect = problems.visualRect(problems.model().index(1, 0))
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(problems, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == problems.rows()[1]
    assert problems.focusPolicy() == Qt.FocusPolicy.ClickFocus

    # Reloaded with the files put right: the list goes.
    page.set_library(Library(routines=window.library.routines))
    assert not problems.isVisibleTo(page) and not page.problems_title.isVisibleTo(page)
    window.driver.close()


def test_a_library_without_problems_builds_no_list_of_them(window):
    assert window.library_page.problems is None


def test_the_rows_follow_a_change_of_the_routines_own_choices(window):
    page = window.library_page
    page.build_details()
    page.select("daily-lower-back")
    before = page.row_texts()[1]
    page.variant.setCurrentIndex(1)  # flexion: one more step
    after = [text for text in page.row_texts() if text.startswith("Daily lower back")][0]
    assert after != before and after.endswith(page.meta.text())
    assert previews.preview(page.selected_routine(), window.settings).meta == page.meta.text()


def test_thousands_of_problems_keep_their_list_short(qtbot):
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    problems = [Problem(f"/r/b{n}.yaml", 3, 5, "steps", "should be a list") for n in range(500)]
    create_application()
    window = MainWindow(library=Library(problems=problems, broken_files=[p.file for p in problems]))
    qtbot.addWidget(window)
    window.show()
    page = window.library_page
    assert page.title.text() == "No routines yet" and not page.start_button.isEnabled()
    assert page.problems.rows()[-1] == "… and 470 more; stretchdesk check lists them all"
    window.driver.close()


def test_the_search_field_has_its_clear_button_once_the_window_is_painted(window, qtbot):
    """The button comes just after the first paint (the first one loads its icon); by the
    time a person can type, it is there."""
    from tests.ui.conftest import after_first_paint

    after_first_paint(window)
    search = window.library_page.search
    assert search.isClearButtonEnabled()
    qtbot.keyClicks(search, "psoas")
    assert window.library_page.visible_titles() == ["Lower back relief through the hips"]
