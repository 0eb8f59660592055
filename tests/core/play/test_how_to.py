"""'Name and how-to': the step's instructions said in its get-ready, which is made long
enough for them. Played with a fake clock, and heard through a stand-in for the speech
helper that says lines one after another at the estimate's pace and drops a line whose
time ran out, as the helper does."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from stretchdesk.core.play.cues import CueSettings, cues_for, get_ready_lines
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.playback import MAX_SLEEP_SECONDS, Playback, Update
from stretchdesk.core.play.session import Event, EventKind, State
from stretchdesk.core.store.settings import BY_KEY, NAME_AND_HOW_TO, NAME_ONLY, Settings, SettingError
from stretchdesk.core.play.spoken import (
    HOW_TO_MOST_SECONDS,
    HOW_TO_SETTLE_SECONDS,
    SPEECH_MARGIN_SECONDS,
    how_to_get_ready,
    speech_seconds,
    step_announcements,
)
from stretchdesk.core.play.timeline import SegmentKind, TimingSettings, build_timeline
from tests.fakes import FakeClock
from stretchdesk.core.play.cues import cue_settings
from stretchdesk.core.play.timeline import timeline_for, timing_for

K = EventKind

ROUTINE = """title: Test
steps:
  - name: Twist
    hold: 10s
    sides: 2
    instructions:
      - Lie on your back with your knees bent and your feet flat on the floor.
      - Let both knees fall slowly to one side, and turn your head the other way.
      - Keep both shoulders on the floor.
  - name: Cat cow
    breaths: 2
    instructions: [Get down on all fours., Round the back up as you breathe in; let it sink as you breathe out.]
  - name: Bridge
    reps: 2
    rep: 2s
  - name: Child's pose
    hold: 20s
    instructions: Sit back on your heels and reach your arms ahead.
"""


def routine(text: str = ROUTINE):
    return load_routine_text(text, "t.yaml", default_id="t").routine


def how_to_settings(**values) -> Settings:
    settings = Settings()
    settings.set("spoken_detail", NAME_AND_HOW_TO)
    for key, value in values.items():
        settings.set(key, value)
    return settings


@dataclass
class Heard:
    text: str
    asked: float
    begin: float
    end: float


class Listener:
    """What a person on the mat hears of the updates: the chimes when they are asked for,
    and the lines one after another, each at its estimated length, a line dropped when it
    could no longer begin by its deadline (as the speech helper does)."""

    def __init__(self) -> None:
        self.said: list[Heard] = []
        self.asked: list[tuple[float, str, float | None]] = []
        self.dropped: list[str] = []
        self.sounds: list[tuple[float, str]] = []
        self._free_at = -math.inf

    def hear(self, update: Update, now: float) -> None:
        for cue in update.cues:
            if cue.sound:
                self.sounds.append((now, cue.sound))
            if cue.speech:
                self.asked.append((now, cue.speech, cue.speech_within))
                begin = max(now, self._free_at)
                if cue.speech_within is not None and begin > now + cue.speech_within + 1e-9:
                    self.dropped.append(cue.speech)
                    continue
                self._free_at = begin + speech_seconds(cue.speech)
                self.said.append(Heard(cue.speech, now, begin, self._free_at))

    def next_sound_after(self, moment: float) -> float:
        return min((at for at, _ in self.sounds if at > moment + 1e-9), default=math.inf)


def play(playback: Playback, clock: FakeClock, first: Update, listener: Listener, *, until=None) -> list[Update]:
    """Wake when the controller says, as the window's timer does; every update heard."""
    updates = [first]
    listener.hear(first, clock())
    while not updates[-1].ended and (until is None or not until(playback)):
        wait = playback.wake_in()
        assert wait is not None and 0 <= wait <= MAX_SLEEP_SECONDS
        clock.advance(wait + 0.001)
        updates.append(playback.tick())
        listener.hear(updates[-1], clock())
    return updates


def test_the_setting_is_one_row_of_the_table_name_only_by_default():
    setting = BY_KEY["spoken_detail"]
    assert (setting.kind, setting.default, setting.section) == ("choice", NAME_ONLY, "Sound")
    assert setting.choices == (NAME_ONLY, NAME_AND_HOW_TO)
    assert setting.parse("name and how-to") == NAME_AND_HOW_TO
    with pytest.raises(SettingError, match="spoken_detail is one of name only, name and how-to"):
        setting.parse("everything")
    assert Settings()["spoken_detail"] == NAME_ONLY


def test_name_only_leaves_the_timeline_and_the_words_as_they_were():
    line = build_timeline(routine(), timing_for(Settings(), routine()))
    assert line == build_timeline(routine(), TimingSettings())
    assert all(plan.active_start - plan.start == 5 for plan in line.steps)
    event = Event(K.STEP_STARTED, 0.0, 0, 0)
    assert [cue.speech for cue in cues_for([event], line)] == ["Twist. 10 seconds each side, left side first."]


def test_the_get_ready_is_made_long_enough_for_the_words():
    plain = build_timeline(routine())
    line = build_timeline(routine(), timing_for(how_to_settings(), routine()))
    for plan in line.steps:
        ready = plan.active_start - plan.start
        step = plan.step
        words = speech_seconds(step_announcements(step, plan.amount)[0]) + sum(speech_seconds(text) for text in step.instructions)
        kept = HOW_TO_SETTLE_SECONDS if step.instructions else SPEECH_MARGIN_SECONDS
        assert ready == max(5, math.ceil(words + kept)) == max(5, how_to_get_ready(step, plan.amount))
        assert ready.is_integer()
        # Only the get-ready grows; the exercise is as it was.
        assert plan.end - plan.active_start == plain.steps[plan.index].end - plain.steps[plan.index].active_start
    twist = line.steps[0]
    assert twist.active_start - twist.start == 19  # 16.9 s of words, and 2 s to settle
    assert line.steps[2].active_start - line.steps[2].start == 5  # Bridge: no instructions, and its name fits in 5 s
    # The get-ready setting is the least a get-ready lasts.
    longer = build_timeline(routine(), timing_for(how_to_settings(get_ready=30), routine()))
    assert all(plan.active_start - plan.start == 30 for plan in longer.steps)


def test_with_the_voice_off_nothing_is_said_and_nothing_waits_for_words():
    settings = how_to_settings(voice=False)
    assert build_timeline(routine(), timing_for(settings, routine())) == build_timeline(routine())
    clock = FakeClock()
    playback = Playback(settings, clock)
    listener = Listener()
    play(playback, clock, playback.start(routine()), listener)
    assert listener.asked == []


def test_played_through_every_line_is_asked_for_in_order_with_a_deadline_and_ends_before_the_chime():
    clock = FakeClock()
    playback = Playback(how_to_settings(), clock)
    listener = Listener()
    first = playback.start(routine())
    # The countdown shows the whole longer get-ready from the start.
    assert first.view.state is State.GET_READY and first.view.display_seconds == 19
    updates = play(playback, clock, first, listener)
    line = playback.timeline
    expected = []
    for plan in line.steps:
        expected += [step_announcements(plan.step, plan.amount)[0], *plan.step.instructions]
        if plan.step.two_sided:
            expected.append("Switch sides.")
    assert [text for _, text, _ in listener.asked] == [*expected, "Done. Well done."]
    assert all(within is not None for _, _, within in listener.asked)
    assert listener.dropped == [], "every line is said"
    for heard in listener.said:
        chime = listener.next_sound_after(heard.asked)
        if heard.text in ("Switch sides.", "Done. Well done."):
            continue  # said with their own chime, as before
        # Said before the start chime, with the settling time after a how-to's last line
        # (the margin after an announcement alone).
        assert heard.end + SPEECH_MARGIN_SECONDS <= chime + 1e-6, heard
        plan = next(plan for plan in line.steps if plan.start <= heard.asked - 1000 < plan.active_start)
        if heard.text in plan.step.instructions:
            assert heard.end + HOW_TO_SETTLE_SECONDS <= chime + 1e-6, heard
    # The countdown never jumps: in each get-ready it goes down one second at a time.
    for plan in line.steps:
        shown = [u.view.display_seconds for u in updates if u.view.plan is plan and u.view.state is State.GET_READY]
        assert shown[0] == plan.active_start - plan.start
        assert all(0 <= before - after <= 1 for before, after in zip(shown, shown[1:]))
    assert updates[-1].summary.active_time == pytest.approx(line.total_seconds, abs=0.01)


def test_each_line_must_begin_in_time_to_end_before_the_chime():
    line = build_timeline(routine(), timing_for(how_to_settings(), routine()))
    twist = line.steps[0]
    seconds = twist.active_start - twist.start
    lines = get_ready_lines(twist, seconds, how_to=True)
    announcement, *how_to = lines
    assert announcement == ("Twist. 10 seconds each side, left side first.",
                            pytest.approx(seconds - SPEECH_MARGIN_SECONDS - speech_seconds(announcement[0])))
    for text, within in how_to:
        assert within == pytest.approx(seconds - HOW_TO_SETTLE_SECONDS - speech_seconds(text))
    # Said back to back, each begins well before its deadline.
    begin = speech_seconds(announcement[0])
    for text, within in how_to:
        assert begin <= within
        begin += speech_seconds(text)


@pytest.mark.parametrize("get_ready", [0, 1, 5, 12, 30])
def test_every_built_in_step_has_all_of_its_instructions_said_before_its_chime(get_ready):
    settings = how_to_settings(get_ready=get_ready)
    for built_in in load_library().routines:
        for variant in (None, *(v.id for v in built_in.variants)):
            line = build_timeline(built_in, timing_for(settings, built_in, variant), variant)
            for plan in line.steps:
                ready = plan.active_start - plan.start
                assert get_ready <= ready <= max(get_ready, HOW_TO_MOST_SECONDS)
                event = Event(K.STEP_STARTED, plan.start, plan.index, plan.first_segment)
                cues = cues_for([event], line, cue_settings(settings))
                assert [cue.speech for cue in cues] == [step_announcements(plan.step, plan.amount)[0], *plan.step.instructions]
                said = 0.0
                for cue in cues:
                    assert cue.sound is None and 0 <= said <= cue.speech_within
                    said += speech_seconds(cue.speech)
                assert said + (HOW_TO_SETTLE_SECONDS if plan.step.instructions else SPEECH_MARGIN_SECONDS) <= ready + 1e-6


def test_a_change_mid_session_applies_from_the_next_step():
    clock = FakeClock()
    settings = Settings()
    playback = Playback(settings, clock)
    listener = Listener()
    play(playback, clock, playback.start(routine()), listener, until=lambda p: p.view().position >= 7)  # 2 s into Twist
    before = playback.view()
    settings.set("spoken_detail", NAME_AND_HOW_TO)
    changed = playback.settings_changed()
    assert changed.view.display_seconds == before.display_seconds, "the countdown under way keeps its time"
    line = playback.timeline
    assert line.steps[0].active_start - line.steps[0].start == 5  # Twist as it began
    cat_cow = line.steps[1]
    assert cat_cow.active_start - cat_cow.start == how_to_get_ready(cat_cow.step, cat_cow.amount) > 5
    updates = play(playback, clock, changed, listener)
    asked = [text for _, text, _ in listener.asked]
    assert asked[:2] == ["Twist. 10 seconds each side, left side first.", "Switch sides."]
    assert asked[2:5] == ["Cat cow. 2 breaths.", *cat_cow.step.instructions]
    assert listener.dropped == [] and updates[-1].summary.completed == [0, 1, 2, 3]


def test_a_get_ready_from_before_the_change_says_what_fits_and_never_runs_under_the_chime():
    """Twist began with 'name only' (a 5 s get-ready). Gone back to after choosing the
    how-to, its get-ready is still 5 s: its name is said, and no how-to line that would
    run into the chime."""
    clock = FakeClock()
    settings = Settings()
    playback = Playback(settings, clock)
    listener = Listener()
    play(playback, clock, playback.start(routine()), listener, until=lambda p: p.view().position >= 6)
    settings.set("spoken_detail", NAME_AND_HOW_TO)
    playback.settings_changed()
    back = playback.restart_step()
    listener.hear(back, clock())
    assert back.view.display_seconds == 5
    said = [cue.speech for cue in back.cues]
    assert said == ["Twist. 10 seconds each side, left side first."]
    # With a little more room, the first line that fits, and none after one that does not.
    twist = playback.timeline.steps[0]
    lines = [text for text, _ in get_ready_lines(twist, 12.5, how_to=True)]
    assert lines == ["Twist. 10 seconds each side, left side first.", twist.step.instructions[0]]


def test_pages_of_instructions_get_a_long_get_ready_not_an_endless_one():
    many = "\n".join(f"      - Line number {n} of a very long set of instructions for this one stretch." for n in range(50))  # as many as a file may have
    text = f"title: T\nsteps:\n  - name: Long\n    hold: 30s\n    instructions:\n{many}\n"
    line = build_timeline(routine(text), timing_for(how_to_settings(), routine(text)))
    plan = line.steps[0]
    assert plan.active_start - plan.start == HOW_TO_MOST_SECONDS
    cues = cues_for([Event(K.STEP_STARTED, 0.0, 0, 0)], line, cue_settings(how_to_settings()))
    said = [cue.speech for cue in cues]
    assert said[1:] == list(plan.step.instructions[:len(said) - 1]) and 10 < len(said) < 50
    assert sum(speech_seconds(text) for text in said) + HOW_TO_SETTLE_SECONDS <= HOW_TO_MOST_SECONDS


def test_fitting_a_routine_to_a_time_counts_the_longer_get_readies():
    settings = how_to_settings()
    settings.preferences("t").target_seconds = 150
    line = timeline_for(settings, routine(), None)
    assert line.total_seconds == 150
    assert all(segment.duration >= 5 for segment in line.segments if segment.kind is SegmentKind.GET_READY)
    assert line.steps[0].active_start - line.steps[0].start >= 19


def test_the_voice_toggle_silences_the_how_to_and_the_sound_toggle_does_not():
    line = build_timeline(routine(), timing_for(how_to_settings(), routine()))
    event = Event(K.STEP_STARTED, 0.0, 0, 0)
    assert cues_for([event], line, CueSettings(voice=False, spoken_detail=NAME_AND_HOW_TO)) == []
    assert len(cues_for([event], line, CueSettings(sounds=False, spoken_detail=NAME_AND_HOW_TO))) == 4
