"""What a screen reader is told while a routine plays, played through on the fake clock as
the window's driver plays it: every step, a switch of sides, the last seconds of a hold,
the end and what the person's keys did, each said when the app's voice is quiet, never
two at once, and never once it is out of date."""

from __future__ import annotations

from typing import Callable

from stretchdesk.core.play.announcements import GAP_SECONDS, STOP_QUESTION, Announcement, Announcer
from stretchdesk.core.play.playback import Playback, Update
from stretchdesk.core.play.session import Event, EventKind, State
from stretchdesk.core.play.spoken import SPEECH_MARGIN_SECONDS, speech_seconds
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.store.settings import Settings

from tests.fakes import FakeClock
from tests.ui.conftest import SHORT

#: How often the driver wakes at most while a routine runs (Playback.MAX_SLEEP_SECONDS is
#: 0.5; the test looks twice as often, as the window's announcement timer may).
STEP = 0.25


def short():
    return load_routine_text(SHORT, "short.yaml", default_id="short").routine


class Played:
    """A routine played to its end (and 20 s beyond) on the fake clock: what the voice said
    and what the screen reader was told, each with the clock's reading."""

    def __init__(self, *, voice: bool = True, actions: dict[float, Callable[[Played], None]] | None = None):
        self.clock = FakeClock(0.0)
        self.playback = Playback(Settings(), self.clock)
        self.announcer = Announcer()
        self.spoken: list[tuple[float, str]] = []
        self.told: list[tuple[float, Announcement]] = []
        self.voice = voice
        actions = dict(actions or {})
        update = self.playback.start(short())
        self.feed(update)
        end = None
        while end is None or self.clock.now < end + 20:
            assert self.clock.now < 600, "the routine never ended"
            self.clock.advance(STEP)
            for at in sorted(actions):
                if at <= self.clock.now:
                    actions.pop(at)(self)
            update = self.playback.tick()
            self.feed(update)
            if self.playback.session.state is State.FINISHED and end is None:
                end = self.clock.now

    def feed(self, update: Update, *, tell: bool = True) -> None:
        """An update, as the window follows it; with `tell`, what is due is posted now (the
        window posts it on its next turn, after anything else the same key did)."""
        now = self.clock.now
        self.announcer.follow(update, now, voice=self.voice)
        if self.voice:
            self.spoken += [(now, cue.speech) for cue in update.cues if cue.speech]
        if tell:
            self.tell()

    def tell(self) -> None:
        now = self.clock.now
        self.told += [(now, announcement) for announcement in self.announcer.due(now)]

    def texts(self) -> list[tuple[float, str]]:
        return [(at, announcement.text) for at, announcement in self.told]


def test_a_routine_with_the_voice_on_is_announced_in_the_voices_pauses():
    played = Played()
    assert played.texts() == [
        (4.5, "Step 1 of 3: Twist."),  # after the voice's "Twist. 10 seconds each side, left side first."
        (10.0, "5 seconds left."),
        (16.5, "Switch sides: right side."),  # after the voice's "Switch sides."
        (23.0, "5 seconds left."),
        (30.75, "Step 2 of 3: Cat cow."),
        (47.25, "Step 3 of 3: Bridge."),
        (60.25, "Finished: Short test routine. Well done."),  # after "Done. Well done."
    ]
    assert not any(announcement.assertive for _at, announcement in played.told)
    # Never over the voice: each begins after every line said before it is over, with the
    # margin the cues keep before a chime.
    voice_until = float("-inf")
    lines = iter(played.spoken)
    line = next(lines, None)
    for at, text in played.texts():
        while line is not None and line[0] <= at:
            voice_until = max(voice_until, line[0]) + speech_seconds(line[1])
            line = next(lines, None)
        assert at >= voice_until + SPEECH_MARGIN_SECONDS, text


def test_never_two_announcements_at_once():
    played = Played(voice=False)
    for (at, text), (later, _next) in zip(played.texts(), played.texts()[1:]):
        assert later >= at + speech_seconds(text) + GAP_SECONDS, text


def test_without_the_voice_each_step_is_said_whole_as_it_comes():
    played = Played(voice=False)
    texts = played.texts()
    assert texts[0] == (0.0, "Step 1 of 3: Twist. 10 seconds each side, left side first.")
    assert (28.0, "Step 2 of 3: Cat cow. 2 breaths.") in texts
    assert (45.0, "Step 3 of 3: Bridge. 2 reps.") in texts
    assert texts[-1][1] == "Finished: Short test routine. Well done."


def test_what_the_keys_did_is_said_at_once_in_one_line():
    def escape(played: Played) -> None:  # as the window does: the update, then the question
        played.feed(played.playback.pause(), tell=False)
        played.announcer.asked_to_stop(True)
        played.tell()

    def carry_on(played: Played) -> None:
        played.feed(played.playback.resume())
        played.announcer.asked_to_stop(False)

    played = Played(actions={8.0: escape, 20.0: carry_on, 30.0: lambda played: played.feed(played.playback.stop())})
    keys = [(at, announcement.text) for at, announcement in played.told if announcement.assertive]
    assert keys == [(8.0, f"Paused. {STOP_QUESTION}"), (20.0, "Carrying on."), (30.0, "Stopped: Short test routine.")]
    assert "Finished: Short test routine. Well done." not in [text for _at, text in played.texts()]


def test_a_step_skipped_before_it_was_said_is_not_said():
    """Right, Right: the voice names each step as it comes, and the screen reader only the
    one the person stopped at."""
    def next_step(played: Played) -> None:
        played.feed(played.playback.next_step())

    played = Played(actions={1.0: next_step, 1.5: next_step})
    steps = [text for _at, text in played.texts() if text.startswith("Step")]
    assert steps == ["Step 3 of 3: Bridge."]


def test_the_last_seconds_are_said_on_time_or_not_at_all():
    """A hold's last seconds are said as they begin; one that cannot be said within half a
    second of then (the voice still talking) is dropped: '5 seconds left' at 3 would be wrong."""
    announcer = Announcer()
    played = Played(voice=False)
    lefts = [at for at, text in played.texts() if text == "5 seconds left."]
    assert lefts == [10.0, 23.0]  # 5 s before each side's hold ends (5-15, 18-28)
    # The voice talking over the moment: nothing is said late.
    from stretchdesk.core.play.cues import Cue

    clock = FakeClock(0.0)
    playback = Playback(Settings(), clock)
    announcer.follow(playback.start(short()), 0.0, voice=False)
    announcer.due(0.0)
    clock.advance(10.0)
    update = playback.tick()
    talking = Update(events=(), cues=(Cue(None, "A long line that the voice takes a good few seconds to say."),),
                     view=update.view)
    announcer.follow(talking, 10.0)
    announcer.follow(update, 10.0)
    assert announcer.waiting == ["5 seconds left."]
    assert announcer.due(10.0) == []
    assert announcer.wake_in(10.0) > 0.5
    assert announcer.due(13.5) == [] and announcer.waiting == []


def test_a_late_event_is_not_announced_but_the_end_is():
    announcer = Announcer()
    clock = FakeClock(0.0)
    playback = Playback(Settings(), clock)
    announcer.follow(playback.start(short()), 0.0, voice=False)
    announcer.due(0.0)
    view = playback.view()
    announcer.follow(Update(events=(Event(EventKind.SWITCH_SIDES, 15.0, 0, 2, late=True),), view=view), 30.0, voice=False)
    assert announcer.due(30.0) == []
    announcer.follow(Update(events=(Event(EventKind.FINISHED, 60.0, late=True),), view=view), 60.0, voice=False)
    assert announcer.due(60.0) == [Announcement("Finished: Short test routine. Well done.")]


def test_a_session_left_says_nothing_more():
    announcer = Announcer()
    clock = FakeClock(0.0)
    playback = Playback(Settings(), clock)
    announcer.follow(playback.start(short()), 0.0)  # the step waits for the voice
    assert announcer.waiting and announcer.wake_in(0.0) > 0
    announcer.clear()
    assert announcer.due(10.0) == [] and announcer.wake_in(10.0) is None
