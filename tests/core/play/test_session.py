from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.session import SLEEP_GAP_SECONDS, EventKind, Session, State
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

K = EventKind
T0 = 1000.0

ROUTINE = """title: Test
steps:
  - name: Twist
    hold: 10s
    sides: 2
  - name: Cat cow
    breaths: 2
  - name: Bridge
    reps: 2
    rep: 2s
"""


def make_session(text: str = ROUTINE, **timing) -> Session:
    routine = load_routine_text(text, "t.yaml", default_id="t").routine
    return Session(build_timeline(routine, TimingSettings(**timing)))


def play(session: Session, until: float, step: float = 0.25, start: float = T0):
    events = session.start(start)
    now = start
    while now < start + until:
        now = round(now + step, 6)
        events += session.tick(now)
    return events


def kinds(events):
    return [(e.kind, e.at, e.value) for e in events]


def test_play_through_reports_every_cue_in_order():
    session = make_session()
    events = play(session, 60)
    # Twist: get-ready 5, left 10, switch 3, right 10 -> 28; cat cow: get-ready 5, 2 breaths x 6 -> 45;
    # bridge: get-ready 5, 2 reps x 4 -> 58.
    assert kinds(events) == [
        (K.STARTED, 0, None), (K.STEP_STARTED, 0, None),
        (K.EXERCISE_STARTED, 5, None),
        (K.COUNTDOWN, 12, 3), (K.COUNTDOWN, 13, 2), (K.COUNTDOWN, 14, 1),
        (K.SWITCH_SIDES, 15, None),
        (K.SIDE_STARTED, 18, None),
        (K.COUNTDOWN, 25, 3), (K.COUNTDOWN, 26, 2), (K.COUNTDOWN, 27, 1),
        (K.STEP_COMPLETED, 28, None),
        (K.STEP_STARTED, 28, None),
        (K.EXERCISE_STARTED, 33, None), (K.BREATH, 33, 1), (K.BREATH, 36, 1), (K.BREATH, 39, 2), (K.BREATH, 42, 2),
        (K.STEP_COMPLETED, 45, None),
        (K.STEP_STARTED, 45, None),
        (K.EXERCISE_STARTED, 50, None), (K.REP, 50, 1), (K.REP, 54, 2),
        (K.STEP_COMPLETED, 58, None),
        (K.FINISHED, 58, None),
    ]
    assert session.state is State.FINISHED
    summary = session.summary(T0 + 60)
    assert summary.completed == [0, 1, 2] and summary.skipped == [] and not summary.stopped_early
    assert summary.active_time == pytest.approx(58)


def test_view_shows_countdown_side_and_next_step():
    session = make_session()
    session.start(T0)
    view = session.view(T0 + 2.2)
    assert view.state is State.GET_READY
    assert view.display_seconds == 3  # 2.8 s left reads as 3
    assert view.plan.step.name == "Twist" and view.segment.side == "left"
    assert view.next_plan.step.name == "Cat cow"
    view = session.view(T0 + 20)
    assert (view.state, view.segment.side, view.display_seconds) == (State.ACTIVE, "right", 8)
    assert view.segment_progress == pytest.approx(0.2)
    assert view.remaining == pytest.approx(38)


def test_a_stalled_loop_never_shifts_a_boundary():
    session = make_session()
    session.start(T0)
    events = session.tick(T0 + 7.9) + session.tick(T0 + 16.2) + session.tick(T0 + 25.5)
    boundaries = [(e.kind, e.at) for e in events if e.kind in (K.EXERCISE_STARTED, K.SWITCH_SIDES, K.SIDE_STARTED)]
    assert boundaries == [(K.EXERCISE_STARTED, 5), (K.SWITCH_SIDES, 15), (K.SIDE_STARTED, 18)]
    late = {e.kind for e in events if e.late}
    assert K.EXERCISE_STARTED in late and K.SIDE_STARTED in late  # stale cues are marked
    assert session.view(T0 + 25.5).display_seconds == 3


def test_pauses_are_subtracted_exactly():
    session = make_session()
    session.start(T0)
    session.tick(T0 + 9)
    paused = session.pause(T0 + 9.5)
    assert paused[-1].kind is K.PAUSED
    assert session.view(T0 + 100).state is State.PAUSED
    assert session.view(T0 + 100).display_seconds == 6  # frozen: 5.5 s left of the left side
    assert session.tick(T0 + 100) == []
    session.resume(T0 + 109.5)  # paused for exactly 100 s
    events = []
    for tenth in range(1096, 1580):
        events += session.tick(T0 + tenth / 10)
    assert session.running, "at 157.9 s, 0.1 s of the routine is still to go"
    assert session.tick(T0 + 158)[-1].kind is K.FINISHED
    assert session.summary(T0 + 158).active_time == pytest.approx(58)


def test_sleeping_computer_pauses_where_it_was():
    session = make_session()
    session.start(T0)
    session.tick(T0 + 8)
    events = session.tick(T0 + 8 + 3600)
    assert [e.kind for e in events] == [K.SLEPT]
    assert session.paused
    view = session.view(T0 + 8 + 3600)
    assert view.plan.step.name == "Twist" and view.display_seconds == 7
    session.resume(T0 + 5000)
    assert session.view(T0 + 5001).display_seconds == 6


def test_a_short_stall_is_not_sleep():
    session = make_session()
    session.start(T0)
    session.tick(T0 + 1)
    events = session.tick(T0 + 1 + SLEEP_GAP_SECONDS - 0.5)
    assert K.SLEPT not in [e.kind for e in events]
    assert session.running


def test_next_skips_and_announces_the_next_step():
    session = make_session()
    session.start(T0)
    session.tick(T0 + 7)
    events = session.next_step(T0 + 7)
    assert [(e.kind, e.step_index) for e in events] == [(K.STEP_SKIPPED, 0), (K.STEP_STARTED, 1)]
    view = session.view(T0 + 7)
    assert view.plan.step.name == "Cat cow" and view.state is State.GET_READY and view.display_seconds == 5
    for quarter in range(1, 200):
        session.tick(T0 + 7 + quarter / 4)
    assert session.state is State.FINISHED
    summary = session.summary(T0 + 60)
    assert summary.completed == [1, 2] and summary.skipped == [0]


def test_next_at_the_last_step_finishes():
    session = make_session()
    session.start(T0)
    session.next_step(T0 + 1)
    session.next_step(T0 + 2)
    events = session.next_step(T0 + 3)
    assert [e.kind for e in events] == [K.STEP_SKIPPED, K.FINISHED]
    assert session.summary(T0 + 3).skipped == [0, 1, 2]


def test_previous_goes_back_or_restarts():
    session = make_session()
    session.start(T0)
    session.next_step(T0 + 1)  # cat cow get-ready starts at position 28
    session.tick(T0 + 2)
    events = session.previous_step(T0 + 2)  # still in the get-ready: back to twist
    assert [(e.kind, e.step_index) for e in events] == [(K.STEP_STARTED, 0)]
    assert session.view(T0 + 2).plan.step.name == "Twist"
    # Well into the step, previous restarts it.
    session.tick(T0 + 12)
    session.previous_step(T0 + 12)
    view = session.view(T0 + 12)
    assert view.plan.step.name == "Twist" and view.state is State.GET_READY and view.position == 0


def test_restart_step_and_jumps_while_paused_stay_paused():
    session = make_session()
    session.start(T0)
    session.tick(T0 + 20)
    session.pause(T0 + 20)
    session.restart_step(T0 + 30)
    view = session.view(T0 + 40)
    assert view.paused and view.position == 0 and view.display_seconds == 5


def test_stop_ends_early_with_a_summary():
    session = make_session()
    session.start(T0)
    for t in range(1, 31):
        session.tick(T0 + t)
    events = session.stop(T0 + 31)
    assert events[-1].kind is K.STOPPED
    assert session.state is State.FINISHED
    summary = session.summary(T0 + 31)
    assert summary.completed == [0] and summary.stopped_early
    assert summary.active_time == pytest.approx(31)


def test_short_holds_get_no_countdown():
    session = make_session("title: T\nsteps:\n  - name: Quick\n    hold: 4s\n")
    assert K.COUNTDOWN not in [e.kind for e in play(session, 10)]


def test_toggle_starts_pauses_and_resumes():
    session = make_session()
    assert session.toggle(T0)[0].kind is K.STARTED
    assert session.toggle(T0 + 1)[-1].kind is K.PAUSED
    assert session.toggle(T0 + 2)[0].kind is K.RESUMED


def test_next_change_wakes_at_whole_seconds_and_boundaries():
    session = make_session()
    session.start(T0)
    assert session.next_change_in(T0) == pytest.approx(1.0)
    assert session.next_change_in(T0 + 4.7) == pytest.approx(0.3)
    session.pause(T0 + 5)
    assert session.next_change_in(T0 + 6) is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=9.0), min_size=1, max_size=200))
def test_any_tick_pattern_gives_the_same_events_at_the_same_positions(gaps):
    """The session never counts ticks: however irregular the ticks, the same things happen
    at the same positions in the routine, and it ends at exactly its length."""
    reference = make_session()
    expected = kinds(play(reference, 70, step=0.05))
    session = make_session()
    events = session.start(T0)
    now = T0
    for gap in gaps:
        now += gap
        events += session.tick(now)
    while session.state is not State.FINISHED:
        now += 5
        events += session.tick(now)
    assert kinds(events) == expected


def test_new_settings_apply_from_the_next_step_and_never_jump_the_countdown():
    session = make_session()
    session.start(T0)
    for t in range(1, 21):
        session.tick(T0 + t)
    before = session.view(T0 + 20)
    assert (before.plan.step.name, before.segment.side, before.display_seconds) == ("Twist", "right", 8)
    routine = session.timeline.routine
    longer = build_timeline(routine, TimingSettings(get_ready=10, breath_length=10, hold_scale=200))
    session.update_timeline(longer, T0 + 20)
    after = session.view(T0 + 20)
    assert (after.plan.step.name, after.segment.side, after.display_seconds) == ("Twist", "right", 8)
    assert after.segment_progress == before.segment_progress
    # Twist ends at 28 as before; then a 10 s get-ready and two 10 s breaths.
    events = []
    for t in range(21, 80):
        events += session.tick(T0 + t)
    starts = [(e.kind, e.at) for e in events if e.kind in (K.STEP_STARTED, K.EXERCISE_STARTED)]
    assert starts[:4] == [(K.STEP_STARTED, 28), (K.EXERCISE_STARTED, 38), (K.STEP_STARTED, 58), (K.EXERCISE_STARTED, 68)]
    assert session.timeline.total_seconds == 58 + 10 + 8


def test_new_settings_after_the_end_has_passed_leave_the_routine_ended():
    """The end passed while no tick came (a stalled loop, the settings dialog open): new
    settings that arrive before the tick that ends the routine have nothing left to change;
    they used to replace it from its first step, so it went back into a step already done."""
    session = make_session()
    session.start(T0)
    events = []
    for t in range(1, 58):
        events += session.tick(T0 + t)
    timeline = session.timeline
    session.update_timeline(build_timeline(timeline.routine, TimingSettings(get_ready=30)), T0 + 58)
    assert session.timeline is timeline
    view = session.view(T0 + 58)
    assert view.remaining == 0 and view.segment is None
    events += session.tick(T0 + 58.5)
    assert [e.kind for e in events[-2:]] == [K.STEP_COMPLETED, K.FINISHED]
    assert [e.step_index for e in events if e.kind is K.STEP_STARTED] == [1, 2]
    assert session.summary(T0 + 58.5).completed == [0, 1, 2]
