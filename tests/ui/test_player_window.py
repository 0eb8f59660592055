"""The whole app through its real window, offscreen, with a fake clock: pick, start, follow,
pause, skip, go back, finish. Asserts what a person sees and hears."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt

from stretchdesk.core.play.cues import Cue

from tests.fakes import RecordingCueOutput
from tests.ui.conftest import advance


def pick(window, title: str) -> None:
    page = window.library_page
    for row, text in enumerate(page.row_texts()):
        if text.startswith(title):
            page.list.setCurrentIndex(page.list.model().index(row, 0))
            return
    raise AssertionError(f"{title} not in the library")


def test_library_lists_every_routine_with_level_steps_and_time(window):
    page = window.library_page
    texts = page.row_texts()
    assert "Intermediate lower back routine\nIntermediate · 14 steps · 12:01" in texts
    assert "Lower back relief through the hips\nBeginner · 7 steps · 6:23" in texts
    pick(window, "Daily lower back")
    assert page.title.text() == "Daily lower back stretches"
    assert "physician or physiotherapist" in page.safety.text()
    assert page.variant.isVisibleTo(page) and page.variant.count() == 2
    assert page.steps.rowCount() == 6
    assert page.steps.item(2, 1).text() == "10 reps of 4s, each side"


def test_search_filters_by_title_and_step_name(window, qtbot):
    page = window.library_page
    qtbot.keyClicks(page.search, "psoas")
    assert page.visible_titles() == ["Lower back relief through the hips"]
    assert page.title.text() == "Lower back relief through the hips"
    page.search.clear()
    qtbot.keyClicks(page.search, "nothing like this")
    assert page.visible_titles() == []
    assert not page.start_button.isEnabled()


def test_choosing_a_variant_changes_the_steps_and_the_total(window):
    page = window.library_page
    pick(window, "Daily lower back")
    page.variant.setCurrentIndex(1)
    assert page.steps.item(0, 0).text() == "Knees to Chest"
    assert page.meta.text() == "Beginner · 7 steps · 6:43"
    assert "over-extension" in page.variant_note.text() or "too much arch" in page.variant_note.text()
    page.start_button.click()
    window.checkin_page.skip()  # the comfort check-in, on by default, asks first
    assert window.player_page.name.text() == "Coming up: Knees to Chest"


def test_play_a_routine_end_to_end(window, clock, output, qtbot):
    pick(window, "Short test routine")
    qtbot.mouseClick(window.library_page.start_button, Qt.MouseButton.LeftButton)
    # How does the back feel? Skipped this time: the routine starts at once.
    assert window.current_page() is window.checkin_page
    qtbot.mouseClick(window.checkin_page.row.skip_button, Qt.MouseButton.LeftButton)
    player = window.player_page
    assert window.current_page() is player

    # Get-ready: what is coming, which side first, and the announcement.
    assert player.name.text() == "Coming up: Twist"
    assert player.now.text() == "10s each side, left side first"
    assert player.countdown.text == "5" and player.countdown.caption == "Get ready"
    assert player.step_of.text() == "Step 1 of 3"
    assert player.next_up.text() == "Next: Cat cow · 2 breaths of 6s"
    assert output.spoken == ["Twist. 10 seconds each side, left side first."]

    advance(window, clock, 5)
    assert player.name.text() == "Twist"
    assert (player.countdown.text, player.countdown.caption, player.now.text()) == ("10", "Hold", "Left side")
    assert "Let the knees fall to one side." in player.instructions.text()
    assert "Put a cushion under the knees." in player.instructions.text()
    assert output.sounds == ["start"]

    advance(window, clock, 7)
    assert player.countdown.text == "3"
    advance(window, clock, 3)
    assert output.sounds == ["start", "tick", "tick", "tick", "switch"]
    assert output.spoken[-1] == "Switch sides."
    assert player.countdown.caption == "Switch sides" and player.now.text() == "Right side"

    advance(window, clock, 3)
    assert player.now.text() == "Right side" and player.countdown.text == "10"

    advance(window, clock, 10 + 5 + 3)  # finish twist, get-ready for cat cow, into the first breath
    assert player.name.text() == "Cat cow"
    assert (player.countdown.text, player.countdown.caption, player.countdown.small) == ("Out", "Breathe", "breath 1 of 2")
    assert output.spoken[-1] == "Cat cow. 2 breaths."

    advance(window, clock, 9 + 5 + 4)  # finish cat cow, get-ready, into the second rep
    assert player.countdown.text == "2/2" and player.countdown.caption == "Reps"
    assert player.next_up.text() == "Last step"

    advance(window, clock, 4)
    assert window.current_page() is window.completion_page
    assert output.sounds[-1] == "finish" and output.spoken[-1] == "Done. Well done."
    done = window.completion_page
    assert done.heading.text() == "Well done"
    assert done.stats.text() == "0:58 spent · 3 of 3 steps done"
    assert done.closing.text() == "Nicely done, see you tomorrow."

    # Every cue, in order.
    assert window.cues.history == [
        Cue(None, "Twist. 10 seconds each side, left side first."),
        Cue("start", None), Cue("tick", None), Cue("tick", None), Cue("tick", None),
        Cue("switch", "Switch sides."), Cue("start", None), Cue("tick", None), Cue("tick", None), Cue("tick", None),
        Cue(None, "Cat cow. 2 breaths."), Cue("start", None), Cue("rep", None),
        Cue(None, "Bridge. 2 reps."), Cue("start", None), Cue("rep", None),
        Cue("finish", "Done. Well done."),
    ]

    qtbot.mouseClick(done.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.library_page


def test_pause_skip_previous_and_stop_with_the_keyboard(window, clock, output, qtbot):
    pick(window, "Short test routine")
    window.library_page.start_button.click()
    window.checkin_page.skip()
    player = window.player_page
    window.activateWindow()
    qtbot.waitActive(window)
    advance(window, clock, 7)
    assert player.countdown.text == "8"

    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.countdown.caption == "Paused" and player.toggle_button.text() == "Resume"
    clock.advance(120)
    window.driver.tick()
    assert player.countdown.text == "8"  # frozen while paused
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.toggle_button.text() == "Pause"
    advance(window, clock, 1)
    assert player.countdown.text == "7"

    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.name.text() == "Coming up: Cat cow"
    assert output.spoken[-1] == "Cat cow. 2 breaths."
    qtbot.keyClick(window, Qt.Key.Key_Left)  # still in the get-ready: back to the step before
    assert player.name.text() == "Coming up: Twist"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.name.text() == "Coming up: Bridge"
    assert player.step_of.text() == "Step 3 of 3"

    qtbot.keyClick(window, Qt.Key.Key_Escape)  # a stray key: it pauses and asks
    assert window.current_page() is player and player.stop_question.isVisible()
    assert window.playback.session.paused
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # asked and answered
    done = window.completion_page
    assert window.current_page() is done
    assert done.heading.text() == "Stopped early"
    assert done.stats.text().endswith("0 of 3 steps done · 2 skipped")
    assert done.skipped.text() == "Skipped: Twist, Cat cow"


def test_controls_have_names_and_tooltips(window):
    player = window.player_page
    for button in (player.previous_button, player.toggle_button, player.next_button, player.stop_button):
        assert button.accessibleName() and button.toolTip()
    assert "Space" in player.toggle_button.toolTip()
    assert window.library_page.start_button.toolTip()
    assert window.library_page.search.accessibleName() == "Search routines"


def test_window_is_usable_at_800x600_and_fonts_follow_its_size(window, qtbot):
    window.resize(800, 600)
    window.library_page.start_button.click()
    checkin = window.checkin_page

    def all_shown(buttons, page) -> None:
        for button in buttons:
            where = QRect(button.mapTo(page, QPoint(0, 0)), button.size())
            assert button.isVisible() and page.rect().contains(where), button.text()

    # Each check is retried while the layout settles over the event loop's turns.
    qtbot.waitUntil(lambda: all_shown([*checkin.row.buttons, checkin.row.skip_button, checkin.back_button], checkin))
    assert checkin.row.buttons[0].width() >= 48, "large enough to hit from the mat"
    checkin.skip()
    player = window.player_page
    qtbot.waitUntil(lambda: all_shown([player.previous_button, player.toggle_button, player.next_button, player.stop_button], player))
    assert player.countdown.height() >= 200
    assert window.width() == 800 and window.height() == 600
    small = player.name.font().pixelSize()
    window.resize(1800, 1100)
    qtbot.waitUntil(lambda: player.name.font().pixelSize() > small)


def test_the_safety_note_shows_once_and_stays_in_the_help_menu(qtbot, clock, short_library):
    from stretchdesk.ui.main_window import MainWindow

    first = MainWindow(clock=clock, library=short_library)
    qtbot.addWidget(first)
    first.show()
    assert first.safety_banner.isVisible()
    assert "physician or physiotherapist" in first.safety_banner.text.text()
    first.safety_banner.dismiss.click()
    assert not first.safety_banner.isVisible()

    second = MainWindow(clock=clock, library=short_library)
    qtbot.addWidget(second)
    second.show()
    assert not second.safety_banner.isVisible()
    next(action for action in second.actions() if action.text() == "&Safety note").trigger()  # Help → Safety note
    assert second.safety_banner.isVisible()


def test_a_safety_note_that_cannot_be_remembered_is_put_away_and_said(qtbot, window, monkeypatch):
    import errno

    from stretchdesk.core.store.state import AppState

    def full(_state):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(AppState, "save", full)
    window.safety_banner.show()
    window.safety_banner.dismiss.click()
    assert not window.safety_banner.isVisible()
    assert "Could not remember that the safety note was read" in window.notices.text()


def test_starting_on_first_launch_is_never_held_up_by_the_safety_note(qtbot, clock, short_library):
    from stretchdesk.ui.main_window import MainWindow

    win = MainWindow(clock=clock, library=short_library)
    qtbot.addWidget(win)
    win.show()
    win.start_routine(short_library.routines[0])
    assert win.safety_banner.isVisible()  # shown, but inside the window, not as a dialog
    assert win.playback.running
    assert win.player_page.countdown.text == "5"


def test_broken_routine_files_are_listed_with_their_messages(qtbot, clock, user_routines):
    from stretchdesk.core.routine.library import load_library
    from stretchdesk.ui.main_window import MainWindow

    (user_routines / "mine.yaml").write_text("title: Mine\nsteps:\n  - name: Cobra\n    hodl: 30s\n")
    win = MainWindow(clock=clock, library=load_library())
    qtbot.addWidget(win)
    page = win.library_page
    assert page.problems.isVisibleTo(page)
    assert "1 routine file with problems" in page.problems_title.text()
    [problem] = page.problems.rows()
    assert problem.startswith("mine.yaml:4:") and "did you mean" in problem
    assert page.list.model().rowCount() == 4  # the good ones are all there


def test_the_whole_intermediate_routine_plays_to_the_end(window, clock, output):
    """Twelve minutes, renders every quarter of a second, every cue: the window keeps up to the end."""
    routine = window.library.get("intermediate-lower-back")
    window.start_routine(routine)
    total = window.playback.timeline.total_seconds
    advance(window, clock, total - 0.25)
    assert window.current_page() is window.player_page
    assert window.player_page.name.text() == "Happy Baby"
    advance(window, clock, 0.25)
    assert window.current_page() is window.completion_page
    assert window.completion_page.stats.text() == "12:01 spent · 14 of 14 steps done"
    assert output.sounds.count("switch") == 7  # seven two-sided stretches
    assert output.sounds.count("finish") == 1
    announcements = [line for line in output.spoken if line not in ("Switch sides.", "Done. Well done.")]
    assert announcements[0] == "Cat Cow. 30 seconds."
    assert len(announcements) == 14


def test_a_second_routine_shows_its_own_instructions(window, clock):
    window.start_routine(window.library.get("hip-relief"))
    advance(window, clock, 1)
    assert "wide apart" in window.player_page.instructions.text()
    window._do("stop")
    window.start_routine(window.library.get("daily-lower-back"))
    advance(window, clock, 1)
    assert "all fours" in window.player_page.instructions.text()
    assert "wide apart" not in window.player_page.instructions.text()


def test_tab_walks_the_preview_top_to_bottom_and_ends_on_start(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    pick(window, "Daily lower back")  # a routine with a variant, so every control is there
    page = window.library_page
    page.build_details()  # as just after the first paint
    page.steps.setCurrentCell(1, 0)  # Child's Pose: a hold, so its own time can be set
    page.list.setFocus()
    reached = []
    for _ in range(5):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached.append(window.focusWidget())
    # The minutes and the reset button are skipped while they are off (no fit, no own hold);
    # in the table the arrows choose a step, Tab moves on.
    assert reached == [page.variant, page.fit_check, page.steps, page.hold_spin, page.start_button]


def test_a_routine_started_before_the_output_joins_still_announces_its_first_step(qtbot, clock, short_library):
    """As `stretchdesk play` does: the routine starts with the window, and the sound and
    speech output joins after the first paint. The first announcement is heard."""
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(clock=clock, library=short_library)
    qtbot.addWidget(window)
    window.start_routine(short_library.get("short"))
    advance(window, clock, 0.25)
    output = RecordingCueOutput()
    window.cues.set_output(output)
    assert output.spoken == ["Twist. 10 seconds each side, left side first."]
    window.driver.close()


def test_the_first_get_ready_waits_for_the_voice_and_says_why(qtbot, clock, short_library):
    """Started while the speech engine is still starting: the screen says why the get-ready
    does not count down, and the announcement comes with the voice, the whole get-ready
    ahead of it."""
    from stretchdesk.ui.app import create_application
    from stretchdesk.ui.main_window import MainWindow

    create_application()
    window = MainWindow(clock=clock, library=short_library)
    qtbot.addWidget(window)
    window.cues.expect_voice()
    window.start_routine(short_library.get("short"))
    player = window.player_page
    assert player.now.text() == "Getting the voice ready…"
    assert player.toggle_button.text() == "Pause"
    output = RecordingCueOutput()
    output.starting = True
    window.cues.set_output(output)
    advance(window, clock, 1.5)
    assert player.countdown.text == "5" and output.spoken == []
    window.cues.voice_settled()  # the engine answered
    assert player.now.text() == "10s each side, left side first" and player.countdown.caption == "Get ready"
    assert output.spoken == ["Twist. 10 seconds each side, left side first."]
    advance(window, clock, 1)
    assert player.countdown.text == "4"
    window.driver.close()


def test_the_player_keeps_its_layout_from_step_to_step_and_side_to_side(window, clock, qtbot):
    """The figure as large as the ring, and neither they nor the words beside them move as
    the steps, the sides and what is said change (they followed their words' lengths)."""
    from PySide6.QtWidgets import QApplication

    window.resize(1100, 700)
    window.safety_banner.acknowledge()
    window.start_routine(window.library.get("intermediate-lower-back"))
    player = window.player_page
    seen = set()
    for _ in range(60):  # the first minutes: get-readies, holds, a switch, long and short names
        advance(window, clock, 4)
        QApplication.processEvents()
        seen.add(tuple(widget.geometry().getRect() for widget in (player.figure, player.countdown, player.name,
                                                                   player.now, player.scroll, player.next_up)))
    assert len(seen) == 1, seen
    figure, ring = player.figure.size(), player.countdown.size()
    assert figure.width() >= ring.width() and figure.height() == ring.height()


def test_the_instructions_show_whole_lines_wherever_they_are_scrolled_to(window, clock):
    from PySide6.QtWidgets import QApplication

    window.resize(1024, 560)
    window.safety_banner.acknowledge()
    window.start_routine(window.library.get("intermediate-lower-back"))
    advance(window, clock, 6)
    QApplication.processEvents()
    scroll = window.player_page.scroll
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0, "a long step's instructions scroll in this window"
    tops, bottoms = scroll.line_edges()
    for value in (0, bar.singleStep() // 2 + 3, bar.maximum() // 2, bar.maximum() - 1):
        bar.setValue(value)
        QApplication.processEvents()
        top, foot = scroll.visible_lines()
        assert min(abs(top - edge) for edge in tops + [0]) < 1, f"a line cut at the top at {value}"
        if value < bar.maximum():
            assert min(abs(foot - edge) for edge in bottoms) < 1.5, f"a line cut at the foot at {value}"
