"""What the player says at each moment: the big number, what to do now, the side."""

from __future__ import annotations

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.player_text import player_text
from stretchdesk.core.play.session import Session
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

TEXT = """title: T
steps:
  - name: Lunge
    hold: 10s
    sides: 2
  - name: Cat cow
    breaths: 2
  - name: Bridge
    reps: 10
    rep: 2s
"""


def words_at(position: float):
    routine = load_routine_text(TEXT, "t.yaml", default_id="t").routine
    session = Session(build_timeline(routine, TimingSettings()))
    session.start(0.0)
    now = 0.0
    while now < position:
        now = min(position, now + 0.5)
        session.tick(now)
    return player_text(session.view(now))


def test_a_hold_shows_its_seconds_and_says_hold_in_the_ring_and_the_side_once_under_it():
    words = words_at(5.5)  # half a second into the left side's 10 s hold
    assert (words.big, words.caption, words.small) == ("10", "Hold", "")
    assert words.now == "Left side"
    assert words.name == "Lunge" and words.step_of == "Step 1 of 3"


def test_the_first_side_says_the_other_side_comes_next_and_the_second_the_next_step():
    assert words_at(5.5).next_up == "Next: Right side"
    assert words_at(16).next_up == "Next: Cat cow · 2 breaths of 6s", "the switch itself names the side to come"
    assert words_at(20).next_up == "Next: Cat cow · 2 breaths of 6s"


def test_the_switch_names_the_side_to_come():
    words = words_at(16)
    assert words.now == "Right side" and words.caption == "Switch sides"


def test_a_step_says_in_its_own_words_what_the_side_means():
    """'Left side' alone does not say which leg: the step's side_label does, wherever the
    side is shown."""
    labelled = TEXT.replace("    sides: 2\n", "    sides: 2\n    side_label: \"{side} knee down\"\n", 1)
    routine = load_routine_text(labelled, "t.yaml", default_id="t").routine
    session = Session(build_timeline(routine, TimingSettings()))
    session.start(0.0)
    seen = {}
    for tenth in range(0, 200):
        now = tenth / 10
        session.tick(now)
        words = player_text(session.view(now))
        seen.setdefault(session.view(now).segment.kind.name, (words.caption, words.now))
    assert seen["GET_READY"] == ("Get ready", "10s each side, left knee down first")
    assert seen["HOLD"] == ("Hold", "Left knee down")
    assert seen["SWITCH"] == ("Switch sides", "Right knee down")


def test_a_rep_step_puts_the_count_in_the_ring_and_the_seconds_under_it():
    cat_cow_end = 5 + 10 + 3 + 10 + 5 + 2 * 6
    words = words_at(cat_cow_end + 5 + 4 * 2 + 1)  # in the third rep (each 2 s + 2 s tempo)
    assert words.big == "3/10" and words.caption == "Reps" and words.small.endswith("s") and words.small[:-1].isdigit()
    assert words.now == ""  # the ring says it all: the count is said once


def test_each_fact_is_said_once_a_rep_on_a_side_says_the_side_and_not_the_count_again():
    text = "title: Reps\nsteps:\n  - name: Leg pulls\n    reps: 10\n    rep: 2s\n    sides: 2\n    side_label: \"{side} leg up\"\n"
    session = Session(build_timeline(load_routine_text(text, "r.yaml", default_id="r").routine, TimingSettings()))
    session.start(0.0)
    for now in (1.0, 3.0, 5.5):
        session.tick(now)
    words = player_text(session.view(5.5))
    assert (words.big, words.caption, words.now) == ("1/10", "Reps", "Left leg up")
    shown = [words.name, words.now, words.next_up, words.big, words.caption, words.small]
    assert sum("left" in text.lower() for text in shown) == 1
    assert sum("10" in text for text in shown) == 1


def test_a_breath_step_says_in_or_out_big():
    words = words_at(5 + 10 + 3 + 10 + 5 + 1)
    assert (words.big, words.caption, words.now) == ("In", "Breathe", "")
    assert words.small == "breath 1 of 2"
    assert words_at(5 + 10 + 3 + 10 + 5 + 4).big == "Out"


def test_the_get_ready_says_what_comes_and_which_side_first():
    words = words_at(1)
    assert words.name == "Coming up: Lunge" and words.now == "10s each side, left side first"
    assert words.caption == "Get ready" and words.big == "4"


def test_what_comes_next_and_the_last_step_said_plainly():
    assert words_at(1).next_up == "Next: Cat cow · 2 breaths of 6s"
    cat_cow_end = 5 + 10 + 3 + 10 + 5 + 2 * 6
    last = words_at(cat_cow_end + 5 + 1)
    assert last.step_of == "Step 3 of 3" and last.next_up == "Last step"


def test_a_timed_step_whose_picture_moves_says_to_move_not_to_hold():
    """Cat-cow timed as a hold: the figure goes there and back, so the ring and the line of
    what to do say so; a still pose timed the same way says Hold."""
    from stretchdesk.core.routine.library import load_library

    intermediate = {routine.id: routine for routine in load_library().routines}["intermediate-lower-back"]
    cat_cow = intermediate.steps[0]
    assert cat_cow.measure.timed and intermediate.motion(cat_cow).end is not None
    session = Session(build_timeline(intermediate, TimingSettings()))
    session.start(0.0)
    for now in (1.0, 3.0, 5.5):
        session.tick(now)
    moving = player_text(session.view(5.5))
    assert (moving.name, moving.big) == ("Cat Cow", "30")
    assert (moving.caption, moving.now) == ("Move", "Move with the breath")

    two_sided = TEXT.replace("  - name: Lunge\n", "  - name: Lunge\n    pose: cat-cow\n", 1)
    session = Session(build_timeline(load_routine_text(two_sided, "t.yaml", default_id="t").routine, TimingSettings()))
    session.start(0.0)
    session.tick(5.5)
    words = player_text(session.view(5.5))
    assert (words.caption, words.now) == ("Move", "Move with the breath, left side")
    still = TEXT.replace("  - name: Lunge\n", "  - name: Lunge\n    pose: childs-pose\n", 1)
    session = Session(build_timeline(load_routine_text(still, "t.yaml", default_id="t").routine, TimingSettings()))
    session.start(0.0)
    session.tick(5.5)
    assert player_text(session.view(5.5)).caption == "Hold"
