"""Playback: one session from Start to its end, for any front end.

The controller owns everything a session is while it plays: the routine and the variant,
the one current timeline (built from the person's settings), the Session that walks it,
the cue decisions for each batch of events, and new settings arriving mid-session (they
apply from the next step, so the countdown under way never jumps). It reads an injected
clock and returns plain `Update`s: the events that happened, the cues they ask for, the
view to show, and the summary once the session is over. It decides; a front end renders
the view, plays the cues and calls `wake_in()` to know when to call `tick()` again.

The window (through ui/driver.py, which owns the one QTimer), the tests and any other
front end drive it the same way:

    playback = Playback(settings, clock)
    update = playback.start(routine, variant)
    while not update.ended:
        sleep(playback.wake_in()); update = playback.tick()
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Callable

from stretchdesk.core.play.cues import Cue, cues_for
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.play.session import Event, EventKind, Session, State, Summary, View
from stretchdesk.core.store.settings import Settings
from stretchdesk.core.play.timeline import Timeline
from stretchdesk.core.play.cues import cue_settings
from stretchdesk.core.play.timeline import timeline_for

#: The longest a front end sleeps between wake-ups while a session runs: the countdown's
#: whole seconds and segment boundaries come sooner; the progress ring moves on in calm
#: half-second steps in between.
MAX_SLEEP_SECONDS = 0.5
#: The longest the first get-ready waits for a speech engine that is still starting: its
#: announcement is the first thing a person on the mat hears, but a slow engine must not
#: keep the routine from starting.
VOICE_WAIT_SECONDS = 4.0


@dataclass(frozen=True)
class Update:
    """What a front end does after a call: show `view`, play `cues`, keep the screen awake
    or let it rest (`keep_screen_awake`); `summary` is set once, in the update in which the
    session ended (finished or stopped)."""

    events: tuple[Event, ...] = ()
    cues: tuple[Cue, ...] = ()
    view: View | None = None
    summary: Summary | None = None
    #: Playback.keeps_screen_awake as it was once this call was done.
    keep_screen_awake: bool = False

    @property
    def ended(self) -> bool:
        return self.summary is not None


class Playback:
    def __init__(self, settings: Settings | None = None, clock: Callable[[], float] = time.monotonic):
        #: The person's settings: the controller reads them at start and when told they
        #: changed (the window adopts a new reading into this same object).
        self.settings = settings if settings is not None else Settings()
        self._clock = clock
        self.session: Session | None = None
        #: While the first get-ready waits for the voice: the clock reading it waits until.
        self._voice_wait_until: float | None = None
        #: The step the session began at: 0, or where a session stopped early is carried on.
        self._from_step = 0

    # -- what is playing ------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline | None:
        """The one timeline of the session: as built at Start, with later settings spliced
        in from the step after the one they arrived in."""
        return self.session.timeline if self.session is not None else None

    @property
    def routine(self) -> Routine | None:
        return self.session.timeline.routine if self.session is not None else None

    @property
    def variant(self) -> str | None:
        return self.session.timeline.variant if self.session is not None else None

    @property
    def running(self) -> bool:
        return self.waiting_for_voice or (self.session is not None and self.session.running)

    @property
    def waiting_for_voice(self) -> bool:
        return self._voice_wait_until is not None

    @property
    def keeps_screen_awake(self) -> bool:
        """Whether the screen should be kept from blanking or locking now. The person
        follows from the floor without touching the computer, so: while the session runs
        (a get-ready or a hold), and not while it is paused (by the person, or by itself
        after the computer slept), once it stopped or finished, or once it is closed."""
        return self.running

    def now(self) -> float:
        return self._clock()

    def view(self) -> View | None:
        if self.session is None:
            return None
        view = self.session.view(self.now())
        return dataclasses.replace(view, state=State.WAITING) if self.waiting_for_voice else view

    def summary(self) -> Summary | None:
        return self.session.summary(self.now()) if self.session is not None else None

    def timeline_for(self, routine: Routine, variant: str | None) -> Timeline:
        """The timeline a routine plays with now: the settings, the person's holds and fit."""
        return timeline_for(self.settings, routine, variant)

    # -- what the person does -------------------------------------------------------------

    def start(self, routine: Routine, variant: str | None = None, *, voice_starting: bool = False,
              from_step: int = 0) -> Update:
        """Start the routine, or carry it on from step `from_step` (a session stopped early).
        `voice_starting`: the speech engine is not ready yet; the first get-ready then waits
        for voice_ready(), VOICE_WAIT_SECONDS at most, so its announcement is not lost or
        said over the hold (the view's state is WAITING)."""
        self.session = Session(self.timeline_for(routine, variant))
        self._voice_wait_until = None
        self._from_step = min(max(from_step, 0), len(self.session.timeline.steps) - 1)
        first = self.session.timeline.steps[self._from_step]
        self.session.cue_up(self._from_step)
        if voice_starting and self.settings["voice"] and first.active_start > first.start:
            self._voice_wait_until = self.now() + VOICE_WAIT_SECONDS
            return self._update([])
        return self._update(self.session.start(self.now(), self._from_step))

    def voice_ready(self) -> Update:
        """The speech engine is ready (or will not be): a waiting first get-ready begins."""
        if not self.waiting_for_voice:
            return Update()
        return self._act(lambda _session, _now: [])

    @property
    def from_step(self) -> int:
        """The step the session began at (0 unless it carries on one stopped early)."""
        return self._from_step

    def play_again(self) -> Update:
        """The same routine and variant from the beginning, with the settings as they are now."""
        if self.session is None:
            return Update()
        return self.start(self.session.timeline.routine, self.session.timeline.variant)

    def toggle(self) -> Update:
        return self._act(Session.toggle)

    def pause(self) -> Update:
        return self._act(Session.pause)

    def resume(self) -> Update:
        return self._act(Session.resume)

    def next_step(self) -> Update:
        return self._act(Session.next_step)

    def previous_step(self) -> Update:
        return self._act(Session.previous_step)

    def restart_step(self) -> Update:
        return self._act(Session.restart_step)

    def stop(self) -> Update:
        return self._act(Session.stop)

    def close(self) -> None:
        """Forget the session without reporting anything (the person left the player)."""
        self.session = None
        self._voice_wait_until = None

    # -- time and settings ----------------------------------------------------------------

    def tick(self) -> Update:
        """What happened since the last call; a front end calls it when `wake_in` says."""
        if self.waiting_for_voice and self.now() < self._voice_wait_until:
            return self._update([])
        return self._act(Session.tick)

    def wake_in(self) -> float | None:
        """Seconds until the next tick is due (the countdown's next whole second or a
        segment boundary, but at most MAX_SLEEP_SECONDS); None while nothing runs."""
        if self.session is None:
            return None
        if self.waiting_for_voice:
            return max(0.0, min(self._voice_wait_until - self.now(), MAX_SLEEP_SECONDS))
        wait = self.session.next_change_in(self.now())
        return None if wait is None else min(wait, MAX_SLEEP_SECONDS)

    def settings_changed(self) -> Update:
        """The settings changed (in this window or elsewhere): from the next step on, the
        session follows them; the step under way keeps its times."""
        session = self.session
        if session is None or session.state is State.FINISHED:
            return Update()
        routine, variant = session.timeline.routine, session.timeline.variant
        session.update_timeline(self.timeline_for(routine, variant), self.now())
        return self._update(session.tick(self.now()) if session.running else [])

    # -- internals ------------------------------------------------------------------------

    def _act(self, action: Callable[[Session, float], list[Event]]) -> Update:
        if self.session is None:
            return Update()
        events: list[Event] = []
        if self.waiting_for_voice:
            # The wait is over (the voice is ready, or it ran out), or the person acts:
            # the first get-ready begins now, and the action applies to it.
            self._voice_wait_until = None
            events = self.session.start(self.now(), self._from_step)
        return self._update(events + action(self.session, self.now()))

    def _update(self, events: list[Event]) -> Update:
        session = self.session
        assert session is not None
        now = self.now()
        cues = cues_for(events, session.timeline, cue_settings(self.settings)) if events else []
        ended = any(event.kind in (EventKind.FINISHED, EventKind.STOPPED) for event in events)
        return Update(
            events=tuple(events),
            cues=tuple(cues),
            view=self.view(),
            summary=session.summary(now) if ended else None,
            keep_screen_awake=self.keeps_screen_awake,
        )
