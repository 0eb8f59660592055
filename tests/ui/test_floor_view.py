"""The player from the floor: the figure moves with the session, the floor view fills the
screen with nothing clipped, Esc asks before it stops, muted shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from stretchdesk.core.figure.body import pose_from_mapping
from stretchdesk.core.figure.motion import Motion, pose_at
from stretchdesk.core.routine.loader import load_routine_text

from tests.ui.conftest import advance

POSED = """title: Posed
steps:
  - name: Cat and cow, slowly, with the whole spine from the tail to the head
    pose: hands-and-knees
    breaths: 3
  - name: Lying leg stretch
    pose: lying-on-back
    hold: 20s
    sides: 2
    side_label: "{side} leg folded back under the thigh"
    instructions: [Lie on your back with both legs long., Lift one leg and hold it behind the thigh., Keep the other leg heavy on the floor.]
    tips: [Bend the lifted knee a little if the back of the leg pulls too hard.]
    adjustments: [Loop a towel round the foot instead of holding the leg.]
  - name: Bridge
    reps: 10
    rep: 2s
"""


@pytest.fixture
def posed(window):
    routine = load_routine_text(POSED, "posed.yaml", default_id="posed").routine
    window.start_routine(routine)
    return window


def clipped(page) -> list[str]:
    """Labels whose text does not fit the room the layout gave them."""
    found = []
    for label in page.findChildren(QLabel):
        if not label.isVisibleTo(page) or not label.text():
            continue
        if label.wordWrap():
            if label.heightForWidth(label.width()) > label.height() + 1:
                found.append(f"{label.accessibleName()}: {label.text()[:40]!r} needs {label.heightForWidth(label.width())} px of {label.height()}")
        elif label.fontMetrics().horizontalAdvance(label.text()) > label.width() + 1:
            found.append(f"{label.accessibleName()}: {label.text()[:40]!r} is wider than {label.width()} px")
    return found


@pytest.mark.parametrize("size", [(1024, 600), (1600, 1000), (3840, 2160)])
@pytest.mark.parametrize("floor", [False, True])
def test_nothing_is_clipped_at_any_size_in_either_view(qtbot, posed, clock, size, floor):
    page = posed.player_page
    page.set_floor(floor)
    posed.resize(*size)
    qtbot.waitUntil(lambda: page.width() >= size[0] * 0.9)
    for position in (1, 7, 28.5, 30, 51, 66):  # get-ready, a breath, the lying stretch's get-ready, hold and switch, a rep
        advance(posed, clock, position - (clock.now - 1000.0))
        # The layout settles over a few passes of the event loop (more on a busy machine):
        # what is still clipped after that is clipped for the person too.
        try:
            qtbot.waitUntil(lambda: clipped(page) == [], timeout=2000)
        except qtbot.TimeoutError:
            pass
        assert clipped(page) == [], f"at {size}, {'floor' if floor else 'normal'} view, {position} s"


def test_f11_makes_the_floor_view_and_gives_the_window_back(qtbot, posed):
    page = posed.player_page
    assert not page.floor and page.scroll.isVisibleTo(page)
    qtbot.keyClick(posed, Qt.Key.Key_F11)
    assert page.floor and posed.isFullScreen() and not page.scroll.isVisibleTo(page)
    assert page.figure.isVisibleTo(page) and page.now.isVisibleTo(page) and page.next_up.isVisibleTo(page)
    qtbot.keyClick(posed, Qt.Key.Key_F11)
    assert not page.floor and not posed.isFullScreen()


def test_the_floor_view_is_the_default_in_a_maximised_window(qtbot, window, clock):
    window.showMaximized()
    window.start_routine(load_routine_text(POSED, "posed.yaml", default_id="posed").routine)
    assert window.player_page.floor
    window.show_library()
    assert not window.player_page.floor


def test_the_figure_is_the_steps_pose_and_mirrors_for_the_right_side(posed, clock):
    from stretchdesk.core.routine.poses import builtin_poses

    poses = builtin_poses().library.poses
    figure = posed.player_page.figure
    assert figure.pose == poses["hands-and-knees"]
    advance(posed, clock, 5 + 3 * 6 + 5 + 1)  # the left side of the lying stretch
    assert figure.pose == poses["lying-on-back"] and not figure.pose.mirrored
    advance(posed, clock, 20 + 1)  # switching to the right side
    assert figure.pose.mirrored


def drawn_width(figure) -> float:
    """How much of its width the figure's picture covers, as seen: the share of columns with
    something drawn (on a screenshot of the widget, shrunk to 160 px across)."""
    image = figure.grab().toImage().scaledToWidth(160)
    background = image.pixelColor(0, 0)
    drawn = [x for x in range(image.width())
             if any(image.pixelColor(x, y) != background for y in range(0, image.height(), 2))]
    return (drawn[-1] - drawn[0] + 1) / image.width() if drawn else 0.0


def test_a_figure_lying_down_fills_the_width_on_either_side(qtbot, window, clock):
    """A frame that held both sides at once would leave half the picture empty beside a
    figure lying down with a knee hugged in: each side fills it, at the same size."""
    hug = "title: Hug\nsteps:\n  - name: Knee hug\n    pose: knee-to-chest\n    hold: 20s\n    sides: 2\n"
    window.start_routine(load_routine_text(hug, "hug.yaml", default_id="hug").routine)
    page = window.player_page
    page.set_floor(True)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: page.width() >= 1500)
    advance(window, clock, 5 + 1)  # the left side
    left = drawn_width(page.figure)
    advance(window, clock, 20 + 1)
    right = drawn_width(page.figure)
    assert page.figure.pose.mirrored
    assert left > 0.8 and right > 0.8 and abs(left - right) < 0.05, (left, right)
    assert page.figure.width() > page.countdown.width(), "the figure takes the wider part of the floor view"


def test_a_moving_figure_follows_the_session_between_ticks(qtbot, window, clock):
    cat, cow = pose_from_mapping({"lean": 90, "neck": [-20, 0, 0]}), pose_from_mapping({"lean": 90, "neck": [30, 0, 0]})
    window.start_routine(load_routine_text(POSED, "posed.yaml", default_id="posed").routine)
    figure = window.player_page.figure
    figure.set_motion(Motion(cat, cow))
    advance(window, clock, 5 + 1.5)  # half way through the first breath in
    view = window.playback.view()
    assert figure.pose == pose_at(Motion(cat, cow), "breath", view.segment_progress, None, "inhale")
    assert figure._animation.isActive()  # moving: its own timer reads the session's position
    clock.advance(0.5)
    figure._animate()
    assert figure.pose.angle("neck")[0] > pose_at(Motion(cat, cow), "breath", view.segment_progress, None, "inhale").angle("neck")[0]
    window._do("pause")
    assert not figure._animation.isActive()  # still while paused


def test_the_floor_view_button_says_what_pressing_it_does(qtbot, posed):
    button = posed.player_page.floor_button
    assert button.text() == "Floor view" and button.accessibleName() == "Floor view"
    qtbot.keyClick(posed, Qt.Key.Key_F11)
    assert button.text() == "Leave floor view" and button.accessibleName() == "Leave floor view"
    assert "F11" in button.toolTip()
    button.click()
    assert not posed.player_page.floor and button.text() == "Floor view"


def test_esc_asks_and_space_carries_on(qtbot, posed):
    page = posed.player_page
    qtbot.keyClick(posed, Qt.Key.Key_Escape)
    assert page.stop_question.isVisible() and posed.playback.session.paused
    qtbot.keyClick(posed, Qt.Key.Key_Space)
    assert not page.stop_question.isVisible() and posed.playback.running
    assert posed.current_page() is page


def test_muted_is_seen_from_the_floor(qtbot, posed):
    qtbot.keyClick(posed, Qt.Key.Key_M)
    assert posed.player_page.muted.text() == "Sound off (M)"
    qtbot.keyClick(posed, Qt.Key.Key_M)
    assert posed.player_page.muted.text() == ""


def test_a_movement_timed_as_a_hold_moves_at_a_breaths_pace(qtbot, window, clock):
    from stretchdesk.core.figure.motion import HOLD_CYCLE_SECONDS

    text = "title: Timed\nsteps:\n  - name: Cat-Cow\n    pose: cat-cow\n    hold: 30s\n"
    window.start_routine(load_routine_text(text, "timed.yaml", default_id="timed").routine)
    figure = window.player_page.figure
    advance(window, clock, 5 + 0.25)  # the hold begins: the first shape
    first = figure.pose
    assert figure._animation.isActive()
    advance(window, clock, HOLD_CYCLE_SECONDS / 2)  # half a cycle on: the other shape
    assert figure.pose != first
    advance(window, clock, HOLD_CYCLE_SECONDS / 2)  # and back
    assert figure.pose == first


def test_the_completion_page_shows_each_step_done_and_faint_the_skipped(qtbot, posed, clock):
    posed._do("next_step")  # the first step skipped
    advance(posed, clock, 120)
    done = posed.completion_page
    assert posed.current_page() is done
    names = [label.accessibleName() for label in done._figure_labels]
    assert names[0].endswith(", not done") and names[1] == "Lying leg stretch"
    assert len(names) == 2  # the step with no pose has no picture


def test_closing_the_window_in_the_floor_view_remembers_it_as_it_was(qtbot, posed):
    from stretchdesk.core.store.state import AppState

    posed.resize(900, 700)
    qtbot.keyClick(posed, Qt.Key.Key_F11)
    assert posed.isFullScreen()
    posed.close()
    placement = AppState.load().window
    assert placement is not None and not placement.full_screen


def test_a_two_sided_rep_step_says_its_side_in_the_floor_view(qtbot, window, clock):
    text = "title: Reps\nsteps:\n  - name: Leg pulls\n    reps: 2\n    rep: 2s\n    sides: 2\n"
    window.start_routine(load_routine_text(text, "reps.yaml", default_id="reps").routine)
    window.set_floor(True)
    advance(window, clock, 5 + 1)
    assert window.player_page.now.text() == "Left side"  # the count is the ring's


@pytest.mark.parametrize("floor", [False, True], ids=["windowed", "floor view"])
def test_the_windows_own_keys_work_in_either_view(qtbot, posed, floor):
    """The floor view hides the menu bar; its keys still work."""
    posed.set_floor(floor)
    assert posed.menuBar().isVisible() is (not floor) or not posed.isVisible()
    qtbot.keyClick(posed, Qt.Key.Key_M)
    assert posed.cues.muted and posed.player_page.muted.text() == "Sound off (M)"
    qtbot.keyClick(posed, Qt.Key.Key_M)
    assert not posed.cues.muted
    qtbot.keyClick(posed, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not posed.isVisible(), "Ctrl+Q quits"


def test_the_keyboard_help_names_every_key_the_window_answers(posed):
    from PySide6.QtGui import QKeySequence

    from stretchdesk.ui.menus import keyboard_help

    text = keyboard_help(posed)
    for action in posed.actions():
        for sequence in action.shortcuts():
            assert sequence.toString(QKeySequence.SequenceFormat.NativeText) in text, action.text()
    assert "F11: the floor view, or back" in text and "Esc: in the player, pause and ask; Esc again stops" in text


def test_a_timed_movement_says_move_in_the_ring_and_from_the_floor(qtbot, window, clock):
    """The intermediate routine's Cat Cow is timed, and its figure goes there and back: the
    ring and the line read from the floor say to move with the breath, not to hold."""
    from stretchdesk.core.routine.library import load_library

    routine = {each.id: each for each in load_library().routines}["intermediate-lower-back"]
    window.start_routine(routine)
    page = window.player_page
    page.set_floor(True)
    advance(window, clock, 6)
    assert page.name.text() == "Cat Cow" and page.countdown.text == "29"
    assert (page.countdown.caption, page.now.text()) == ("Move", "Move with the breath")
    assert page.now.isVisibleTo(page)
    advance(window, clock, 30 + 5)  # Upward Dog: a still pose, held
    assert page.name.text() == "Upward Dog" and page.countdown.caption == "Hold"
