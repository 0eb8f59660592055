"""Which sound and which line each session event asks for, on their own."""

from __future__ import annotations

from stretchdesk.core.cues import Cue, CueSettings, announce_step, cues_for, spoken_seconds
from stretchdesk.core.loader import load_routine_text
from stretchdesk.core.session import Event, EventKind
from stretchdesk.core.timeline import build_timeline

K = EventKind

TEXT = """title: T
steps:
  - name: Lunge
    hold: 30s
    sides: 2
    first_side: right
  - name: Cat cow
    breaths: 3
  - name: Bridge
    reps: 10
    rounds: 2
"""


def timeline():
    return build_timeline(load_routine_text(TEXT, "t.yaml", default_id="t").routine)


def test_each_kind_of_event_and_its_cue():
    line = timeline()
    events = [
        Event(K.STEP_STARTED, 0.0, 0, 0),
        Event(K.EXERCISE_STARTED, 5.0, 0, 1),
        Event(K.COUNTDOWN, 32.0, 0, 1, 3),
        Event(K.SWITCH_SIDES, 35.0, 0, 2),
        Event(K.SIDE_STARTED, 38.0, 0, 3),
        Event(K.FINISHED, 500.0),
    ]
    assert cues_for(events, line) == [
        Cue(None, "Get ready: Lunge. 30 seconds each side, right side first."),
        Cue("start", None),
        Cue("tick", None),
        Cue("switch", "Switch sides."),
        Cue("start", None),
        Cue("finish", "Done. Well done."),
    ]


def test_a_late_event_makes_no_sound_but_the_finish_still_does():
    line = timeline()
    late = [
        Event(K.STEP_STARTED, 0.0, 0, 0, late=True),
        Event(K.SWITCH_SIDES, 35.0, 0, 2, late=True),
        Event(K.COUNTDOWN, 32.0, 0, 1, 3, late=True),
        Event(K.FINISHED, 500.0, late=True),
    ]
    assert cues_for(late, line) == [Cue("finish", "Done. Well done.")]


def test_the_toggles_silence_their_part_only():
    line = timeline()
    events = [Event(K.SWITCH_SIDES, 35.0, 0, 2), Event(K.COUNTDOWN, 32.0, 0, 1, 3)]
    assert cues_for(events, line, CueSettings(sounds=False)) == [Cue(None, "Switch sides.")]
    assert cues_for(events, line, CueSettings(voice=False)) == [Cue("switch", None), Cue("tick", None)]
    assert cues_for(events, line, CueSettings(countdown_ticks=False)) == [Cue("switch", "Switch sides.")]
    assert cues_for(events, line, CueSettings(sounds=False, voice=False)) == []


def test_reps_and_breaths_tick_from_the_second_one():
    line = timeline()
    breath = line.steps[1]
    inhale, exhale = breath.first_segment + 1, breath.first_segment + 2
    assert line.segments[inhale].phase == "inhale"
    events = [
        Event(K.BREATH, 0.0, 1, inhale, 1),
        Event(K.BREATH, 0.0, 1, inhale + 2, 2),
        Event(K.BREATH, 0.0, 1, exhale, 1),
        Event(K.REP, 0.0, 2, None, 1),
        Event(K.REP, 0.0, 2, None, 2),
    ]
    assert [c.sound for c in cues_for(events, line)] == ["rep", "rep"]


def test_announcements_say_how_the_step_is_measured():
    line = timeline()
    assert announce_step(line.steps[1], first=False) == "Next: Cat cow. 3 breaths."
    assert announce_step(line.steps[2], first=False) == "Next: Bridge. 10 reps, 2 rounds."
    assert spoken_seconds(90) == "1 minute 30 seconds" and spoken_seconds(120) == "2 minutes"
