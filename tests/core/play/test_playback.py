"""The playback controller driven as any front end drives it: start, tick when it says to
wake, press buttons, change settings mid-session. A fake clock; nothing sleeps."""

from __future__ import annotations

import pytest

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.playback import MAX_SLEEP_SECONDS, Playback, Update
from stretchdesk.core.play.session import SLEEP_GAP_SECONDS, EventKind, State
from stretchdesk.core.store.settings import Settings
from tests.fakes import FakeClock

K = EventKind

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
  - name: Child's pose
    hold: 20s
"""


def routine(text: str = ROUTINE):
    return load_routine_text(text, "t.yaml", default_id="t").routine


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def playback(clock) -> Playback:
    return Playback(Settings(), clock)


def run_until_ended(playback: Playback, clock: FakeClock, first: Update, limit: float = 3600) -> list[Update]:
    """Wake when the controller says, as the window's timer does, until the session ends."""
    updates = [first]
    waited = 0.0
    while not updates[-1].ended:
        wait = playback.wake_in()
        assert wait is not None and 0 <= wait <= MAX_SLEEP_SECONDS
        clock.advance(wait + 0.001)
        waited += wait + 0.001
        assert waited < limit, "the session never ended"
        updates.append(playback.tick())
    return updates


def kinds(updates: list[Update]) -> list[EventKind]:
    return [event.kind for update in updates for event in update.events]


def spoken(updates: list[Update]) -> list[str]:
    return [cue.speech for update in updates for cue in update.cues if cue.speech]


def sounds(updates: list[Update]) -> list[str]:
    return [cue.sound for update in updates for cue in update.cues if cue.sound]


def test_a_whole_routine_from_start_to_done(playback, clock):
    first = playback.start(routine())
    assert first.view.state is State.GET_READY and first.view.plan.step.name == "Twist"
    updates = run_until_ended(playback, clock, first)
    assert spoken(updates) == [
        "Twist. 10 seconds each side, left side first.",
        "Switch sides.",
        "Cat cow. 2 breaths.",
        "Bridge. 2 reps.",
        "Child's pose. 20 seconds.",
        "Done. Well done.",
    ]
    assert sounds(updates).count("start") == 5  # each step's exercise and the second side
    assert sounds(updates).count("tick") == 3 * 3  # last three seconds of each hold of 5 s or more
    assert sounds(updates)[-1] == "finish"
    last = updates[-1]
    assert last.summary.completed == [0, 1, 2, 3] and last.summary.skipped == []
    assert last.view.state is State.FINISHED and playback.wake_in() is None
    # The routine ends exactly its length after it began.
    assert last.summary.active_time == pytest.approx(playback.timeline.total_seconds, abs=0.01)


def test_it_sleeps_until_the_next_whole_second_and_never_longer_than_half_a_second(playback, clock):
    playback.start(routine())
    assert playback.wake_in() == pytest.approx(0.5)  # 5 s of get-ready: the next second is 1 s away
    clock.advance(0.8)
    playback.tick()
    assert playback.wake_in() == pytest.approx(0.2)  # the countdown turns from 5 to 4


def test_pause_holds_the_countdown_and_resume_goes_on_from_it(playback, clock):
    playback.start(routine())
    clock.advance(7)  # 2 s into the first hold
    paused = playback.toggle()
    assert paused.view.state is State.PAUSED and paused.view.display_seconds == 8
    assert playback.wake_in() is None  # nothing to wake for while paused
    clock.advance(300)
    assert playback.view().display_seconds == 8
    resumed = playback.toggle()
    assert resumed.view.state is State.ACTIVE and K.RESUMED in [e.kind for e in resumed.events]
    clock.advance(1)
    assert playback.tick().view.display_seconds == 7


def test_skip_and_previous(playback, clock):
    playback.start(routine())
    clock.advance(6)
    skipped = playback.next_step()
    assert K.STEP_SKIPPED in [e.kind for e in skipped.events]
    assert skipped.view.plan.step.name == "Cat cow" and skipped.view.state is State.GET_READY
    assert [c.speech for c in skipped.cues if c.speech] == ["Cat cow. 2 breaths."]
    back = playback.previous_step()  # within the grace: to the step before
    assert back.view.plan.step.name == "Twist"
    clock.advance(20)  # well into Twist again: previous restarts it
    assert playback.previous_step().view.plan.step.name == "Twist"
    assert playback.view().position == playback.timeline.steps[0].start


def test_a_step_done_then_revisited_is_still_done(playback, clock):
    """Done, then looked at again with Left and left with Right: done, not skipped."""
    playback.start(routine())
    twist = playback.timeline.steps[0]
    while playback.view().position < twist.end + 1:  # into Cat cow's get-ready; Twist is complete
        clock.advance(0.5)
        playback.tick()
    playback.previous_step()  # back to Twist
    assert playback.view().plan.step.name == "Twist"
    playback.next_step()  # on again without doing it a second time
    stopped = playback.stop()
    assert stopped.summary.completed == [0]
    assert 0 not in stopped.summary.skipped and stopped.summary.stopped_early


def test_stop_ends_with_a_summary_and_no_finish_chime(playback, clock):
    playback.start(routine())
    clock.advance(3)
    stopped = playback.stop()
    assert stopped.ended and stopped.summary.stopped_early and stopped.summary.completed == []
    assert "finish" not in [c.sound for c in stopped.cues]
    assert playback.wake_in() is None


def test_new_settings_apply_from_the_next_step_and_the_countdown_does_not_jump(playback, clock):
    settings = playback.settings
    playback.start(routine())
    clock.advance(7)  # 2 s into Twist's first 10 s hold
    before = playback.tick().view
    settings.set("hold_scale", 200)
    settings.set("get_ready", 10)
    after = playback.settings_changed()
    assert after.view.display_seconds == before.display_seconds == 8, "the countdown under way keeps its time"
    assert after.view.plan.unit_seconds == 10  # Twist keeps its 10 s holds
    child = playback.timeline.steps[3]
    assert child.unit_seconds == 40 and child.active_start - child.start == 10
    updates = run_until_ended(playback, clock, after)
    assert [e.step_index for u in updates for e in u.events if e.kind is K.STEP_STARTED] == [1, 2, 3]
    assert updates[-1].summary.completed == [0, 1, 2, 3]


def test_settings_changed_at_a_boundary_leaves_no_step_out(clock):
    """Starts added up one by one after a splice: a tick landing on the boundary between
    two spliced steps still sees it (no gap or overlap of a rounding error)."""
    text = "title: T\nsteps:\n- {name: A, hold: 1}\n- {name: B, reps: 5, rep: 0.3}\n- {name: C, hold: 1}\n"
    settings = Settings()
    playback = Playback(settings, clock)
    updates = [playback.start(routine(text))]
    clock.advance(5)
    updates.append(playback.tick())
    settings.set("get_ready", 10)
    updates.append(playback.settings_changed())
    while not updates[-1].ended:
        clock.advance(0.5)
        updates.append(playback.tick())
    assert [e.step_index for u in updates for e in u.events if e.kind is K.STEP_STARTED] == [0, 1, 2]
    assert updates[-1].summary.completed == [0, 1, 2]


def test_a_sleep_gap_pauses_where_it_was(playback, clock):
    playback.start(routine())
    clock.advance(6)
    playback.tick()
    clock.advance(SLEEP_GAP_SECONDS + 50)
    woke = playback.tick()
    assert K.SLEPT in [e.kind for e in woke.events]
    assert woke.view.state is State.PAUSED and woke.view.plan.step.name == "Twist"
    assert woke.view.display_seconds == 9
    assert woke.cues == ()  # nothing chimes for what was slept through


def test_cue_toggles_are_read_at_each_batch(playback, clock):
    playback.settings.set("voice", False)
    first = playback.start(routine())
    assert [c.speech for c in first.cues if c.speech] == []
    playback.settings.set("voice", True)
    playback.settings.set("sounds", False)
    updates = run_until_ended(playback, clock, first)
    assert sounds(updates) == [] and spoken(updates)[-1] == "Done. Well done."


def test_play_again_uses_the_settings_as_they_are_now(playback, clock):
    first = playback.start(routine())
    run_until_ended(playback, clock, first)
    playback.settings.set("get_ready", 0)
    again = playback.play_again()
    assert again.view.state is State.ACTIVE and again.view.plan.step.name == "Twist"


def test_the_chosen_variant_and_the_persons_holds_are_played():
    text = ROUTINE + "variants:\n  - id: gentle\n    name: Gentle\n    replace:\n      - step: bridge\n        with:\n          - name: Knee hug\n            hold: 30s\n"
    settings = Settings()
    settings.preferences("t").variant = "gentle"
    settings.preferences("t").step_holds["twist"] = 15
    playback = Playback(settings, FakeClock())
    the_routine = routine(text)
    update = playback.start(the_routine, settings.variant_for(the_routine))
    assert [plan.step.name for plan in playback.timeline.steps] == ["Twist", "Cat cow", "Knee hug", "Child's pose"]
    assert update.view.plan.unit_seconds == 15


def test_without_a_session_every_action_is_a_quiet_no_op(playback):
    for action in (playback.toggle, playback.next_step, playback.previous_step, playback.stop, playback.tick, playback.settings_changed, playback.play_again):
        assert action() == Update()
    assert playback.wake_in() is None and playback.view() is None


def test_settings_changed_after_the_end_but_before_its_tick_change_nothing(playback, clock):
    first = playback.start(routine())
    updates = [first]
    total = playback.timeline.total_seconds
    while playback.view().position < total - 1:
        clock.advance(0.5)
        updates.append(playback.tick())
    clock.advance(1.5)  # past the end; the tick that finishes has not come yet
    playback.settings.set("hold_scale", 200)
    playback.settings.set("get_ready", 30)
    changed = playback.settings_changed()
    assert changed.ended and changed.summary.completed == [0, 1, 2, 3]
    assert playback.timeline.total_seconds == total


def test_the_screen_is_kept_awake_only_while_the_session_runs(playback, clock):
    """The person is on the floor: while a get-ready or a hold runs, the screen must not
    blank; paused, stopped, done or closed, it may."""
    assert not playback.keeps_screen_awake and not Update().keep_screen_awake
    started = playback.start(routine())
    assert started.keep_screen_awake and playback.keeps_screen_awake  # the get-ready counts
    clock.advance(6)
    assert playback.tick().keep_screen_awake  # a hold
    assert not playback.pause().keep_screen_awake and not playback.keeps_screen_awake
    clock.advance(600)  # a long pause is still a pause
    assert not playback.tick().keep_screen_awake
    assert not playback.next_step().keep_screen_awake  # skipping while paused stays paused
    assert playback.resume().keep_screen_awake
    assert playback.settings_changed().keep_screen_awake
    stopped = playback.stop()
    assert stopped.ended and not stopped.keep_screen_awake and not playback.keeps_screen_awake


def test_the_screen_may_rest_once_the_routine_is_done_or_the_computer_slept(playback, clock):
    updates = run_until_ended(playback, clock, playback.start(routine()))
    assert all(update.keep_screen_awake for update in updates[:-1])
    assert not updates[-1].keep_screen_awake and not playback.keeps_screen_awake
    playback.play_again()
    assert playback.keeps_screen_awake
    clock.advance(SLEEP_GAP_SECONDS + 50)
    woke = playback.tick()
    assert K.SLEPT in [e.kind for e in woke.events] and not woke.keep_screen_awake
    playback.resume()
    assert playback.keeps_screen_awake
    playback.close()  # the person left the player
    assert not playback.keeps_screen_awake and not playback.tick().keep_screen_awake

def test_the_first_get_ready_waits_for_a_voice_that_is_starting(playback, clock):
    """Started while the speech engine starts: the get-ready is held, not counted down,
    until the voice is ready; then its announcement is asked for with the whole get-ready
    ahead of it, so it is said before the start chime."""
    from stretchdesk.core.play.cues import SPEECH_MARGIN_SECONDS, speech_seconds

    first = playback.start(routine(), voice_starting=True)
    assert first.view.state is State.WAITING and first.view.plan.step.name == "Twist"
    assert first.cues == () and playback.running
    clock.advance(1.5)
    held = playback.tick()
    assert held.view.state is State.WAITING and held.view.display_seconds == 5  # not counting down
    assert 0 < playback.wake_in() <= MAX_SLEEP_SECONDS
    ready = playback.voice_ready()
    assert ready.view.state is State.GET_READY and ready.view.display_seconds == 5
    [announcement] = [cue for cue in ready.cues if cue.speech]
    assert announcement.speech == "Twist. 10 seconds each side, left side first."
    assert announcement.speech_within == pytest.approx(5 - SPEECH_MARGIN_SECONDS - speech_seconds(announcement.speech))
    updates = run_until_ended(playback, clock, ready)
    assert updates[-1].summary.active_time == pytest.approx(playback.timeline.total_seconds, abs=0.01)  # the wait is not counted


def test_a_voice_that_does_not_come_holds_the_first_get_ready_a_few_seconds_at_most(playback, clock):
    from stretchdesk.core.play.playback import VOICE_WAIT_SECONDS

    first = playback.start(routine(), voice_starting=True)
    updates = [first]
    while updates[-1].view.state is State.WAITING:
        clock.advance(playback.wake_in() + 0.001)
        updates.append(playback.tick())
    assert playback.view().position < 0.01 and clock.now - 1000 == pytest.approx(VOICE_WAIT_SECONDS, abs=0.01)
    assert [cue.speech for cue in updates[-1].cues] == ["Twist. 10 seconds each side, left side first."]
    assert playback.voice_ready().events == ()  # a voice ready later starts nothing twice


def test_nothing_waits_for_a_voice_that_is_off_or_has_no_get_ready_to_speak_in(clock):
    settings = Settings()
    settings.set("voice", False)
    assert Playback(settings, clock).start(routine(), voice_starting=True).view.state is State.GET_READY
    settings = Settings()
    settings.set("get_ready", 0)
    assert Playback(settings, clock).start(routine(), voice_starting=True).view.state is State.ACTIVE


def test_pressing_a_key_while_waiting_for_the_voice_acts_at_once(playback, clock):
    playback.start(routine(), voice_starting=True)
    paused = playback.toggle()
    assert paused.view.state is State.PAUSED and paused.view.plan.step.name == "Twist"
    playback.start(routine(), voice_starting=True)
    skipped = playback.next_step()
    assert skipped.view.state is State.GET_READY and skipped.view.plan.step.name == "Cat cow"
    playback.start(routine(), voice_starting=True)
    assert playback.stop().ended
