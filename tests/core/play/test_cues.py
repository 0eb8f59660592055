"""Which sound and which line each session event asks for, on their own."""

from __future__ import annotations

import pytest

from stretchdesk.core.words import spoken_seconds
from stretchdesk.core.play.cues import (
    SPEECH_MARGIN_SECONDS,
    Cue,
    CueSettings,
    announce_step,
    announcements,
    cues_for,
    speech_seconds,
    spoken_words,
)
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.session import Event, EventKind
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

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


def timeline(text: str = TEXT, **timing):
    return build_timeline(load_routine_text(text, "t.yaml", default_id="t").routine, TimingSettings(**timing))


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
        Cue(None, "Lunge. 30 seconds each side, right side first."),
        Cue("start", None),
        Cue("tick", None),
        Cue("switch", "Switch sides."),
        Cue("start", None),
        Cue("finish", "Done. Well done."),
    ]


def test_the_announcement_says_the_first_side_in_the_steps_own_words():
    labelled = TEXT.replace("    first_side: right\n", "    first_side: right\n    side_label: \"{side} knee down\"\n")
    assert labelled != TEXT
    [cue] = cues_for([Event(K.STEP_STARTED, 0.0, 0, 0)], timeline(labelled))
    assert cue.speech == "Lunge. 30 seconds each side, right knee down first."


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
    assert announce_step(line.steps[1]) == "Cat cow. 3 breaths."
    assert announce_step(line.steps[2]) == "Bridge. 10 reps, 2 rounds."
    assert spoken_seconds(90) == "1 minute 30 seconds" and spoken_seconds(120) == "2 minutes"


#: Lines as the speech engine said them, in seconds from the first sound to the last
#: (benchmarks/speech_timing.py --lines all: espeak-ng's default English voice through
#: speech-dispatcher, a PulseAudio null sink recorded with parec). The longest announcement
#: the app used to make, "Next: Side Bend. 15 seconds each side, left side first, 2
#: rounds.", took 5.4 s of a 5 s get-ready.
MEASURED = {
    "Side Bend. 15 seconds each side, left side first, 2 rounds.": 4.71,
    "Side Bend. 15 seconds each side, 2 rounds.": 3.49,
    "Kneeling Psoas. 30 seconds each side, left side first.": 3.84,
    "Knee-to-Chest Stretch. 25 seconds each side, left side first.": 4.51,
    "Piriformis Stretch. 25 seconds each side.": 3.22,
    "Child's Pose. 25 seconds.": 2.55,
    "Standing Forward Bend. 25 seconds.": 2.90,
    "Cat-Cow Stretch. 1 minute 30 seconds.": 2.80,
    "Switch sides.": 0.85,
    "Rest.": 0.35,
    "Done. Well done.": 1.20,
}


@pytest.mark.parametrize("line", MEASURED)
def test_the_speech_estimate_is_close_to_what_the_engine_took(line):
    """Short by less than half the margin kept before a chime (so the chime still comes
    after the last word), and not so long that detail is dropped for nothing."""
    assert MEASURED[line] - SPEECH_MARGIN_SECONDS / 2 <= speech_seconds(line) <= MEASURED[line] * 1.3 + 0.2


def test_numbers_are_counted_as_they_are_said():
    assert spoken_words("Child's Pose. 25 seconds.") == 5  # twenty-five
    assert spoken_words("Knee-to-Chest. 30 seconds.") == 5
    assert spoken_words("105 breaths") == 5  # one hundred and five


SIDE_BEND = """title: T
steps:
  - name: Side Bend
    hold: 15s
    sides: 2
    rounds: 2
"""


def announced(line) -> Cue | None:
    cues = [cue for cue in cues_for([Event(K.STEP_STARTED, 0.0, 0, 0)], line) if cue.speech]
    return cues[0] if cues else None


def test_the_announcement_is_over_before_the_start_chime():
    """The old 'Next: Side Bend. 15 seconds each side, left side first, 2 rounds.' took the
    engine 5.4 s of a 5 s get-ready, and ran under the start chime."""
    cue = announced(timeline(SIDE_BEND))
    assert cue.speech == "Side Bend. 15 seconds each side, 2 rounds."
    assert speech_seconds(cue.speech) + SPEECH_MARGIN_SECONDS <= 5
    # It is worth starting only while it can still end in time.
    assert cue.speech_within == pytest.approx(5 - SPEECH_MARGIN_SECONDS - speech_seconds(cue.speech))
    # With a longer get-ready, all of it.
    assert announced(timeline(SIDE_BEND, get_ready=10)).speech == "Side Bend. 15 seconds each side, left side first, 2 rounds."


def test_a_short_get_ready_says_the_name_only_and_none_says_nothing():
    assert announced(timeline(SIDE_BEND, get_ready=2)).speech == "Side Bend."
    assert announced(timeline(SIDE_BEND, get_ready=1)) is None
    assert announced(timeline(SIDE_BEND, get_ready=0)) is None


def test_a_switch_pause_too_short_for_the_words_keeps_the_chime_only():
    line = timeline(SIDE_BEND, switch_pause=1)
    switch = line.steps[0].first_segment + 2
    assert cues_for([Event(K.SWITCH_SIDES, line.segments[switch].start, 0, switch)], line) == [Cue("switch", None)]
    line = timeline(SIDE_BEND)
    cue = cues_for([Event(K.SWITCH_SIDES, line.segments[switch].start, 0, switch)], line)[0]
    assert cue == Cue("switch", "Switch sides.") and cue.speech_within == pytest.approx(3 - SPEECH_MARGIN_SECONDS - speech_seconds("Switch sides."))


@pytest.mark.parametrize("get_ready", [0, 1, 2, 3, 5, 8, 30])
def test_every_built_in_announcement_fits_its_get_ready(get_ready):
    for routine in load_library().routines:
        line = build_timeline(routine, TimingSettings(get_ready=get_ready))
        for plan in line.steps:
            cues = [cue for cue in cues_for([Event(K.STEP_STARTED, plan.start, plan.index, plan.first_segment)], line) if cue.speech]
            if not cues:
                assert speech_seconds(f"{plan.step.name}.") + SPEECH_MARGIN_SECONDS > plan.active_start - plan.start
                continue
            assert speech_seconds(cues[0].speech) + SPEECH_MARGIN_SECONDS <= plan.active_start - plan.start
            assert cues[0].speech in announcements(plan)


def test_a_name_with_digits_that_are_not_numbers_is_announced_without_a_crash():
    from stretchdesk.core.play.cues import speech_seconds

    routine = load_routine_text("title: T\nsteps:\n  - name: Side reach ² ①\n    hold: 10s\n", "t.yaml", default_id="t").routine
    line = announce_step(build_timeline(routine).steps[0]) or ""
    assert "Side reach" in line or line == ""
    assert speech_seconds("reach " + "9" * 5000) > speech_seconds("reach 9")
