"""A session: one play-through of a timeline, driven by an injected monotonic clock.

The session never counts ticks. It keeps an anchor (a position in the timeline and the
clock reading at that position) and derives everything from "now": where we are is
`anchor_position + (now - anchor_time)` while running, and the anchor position while
paused. A stalled event loop therefore never shifts a step boundary, and a routine ends
exactly its length after it began, plus pauses.

`tick(now)` reports what happened since the previous tick as a list of events, in order.
Events carry the timeline position at which they happened, so a listener can tell a
fresh event from one that is already late (the loop stalled) and skip a stale sound.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

from stretchdesk.core.routine.model import Routine
from stretchdesk.core.play.timeline import Segment, SegmentKind, StepPlan, Timeline, splice

#: A gap between two ticks this long means the computer slept (or the process was
#: stopped): the session pauses where it was instead of skipping steps.
SLEEP_GAP_SECONDS = 10.0
#: An event more than this far in the past when it is reported is late: its cue is stale.
LATE_AFTER_SECONDS = 1.0
#: The countdown ticks in the last seconds of a hold, for holds at least this long.
COUNTDOWN_SECONDS = 3
COUNTDOWN_MIN_HOLD = 5.0
#: "Previous" within this many seconds of a step's exercise start goes to the step
#: before; later, it restarts the current step, as media players do.
PREVIOUS_GRACE_SECONDS = 3.0


class State(enum.Enum):
    IDLE = "idle"
    #: Started, but the first get-ready has not begun: it waits for the voice to be ready
    #: (Playback), so that its announcement is heard.
    WAITING = "waiting"
    GET_READY = "get_ready"
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


class EventKind(enum.Enum):
    STARTED = "started"  # the session began
    STEP_STARTED = "step_started"  # a step's get-ready began: show and announce what comes
    EXERCISE_STARTED = "exercise_started"  # the get-ready ended: begin the first hold/rep/breath
    SWITCH_SIDES = "switch_sides"
    REST = "rest"  # a pause between rounds of a one-sided step
    SIDE_STARTED = "side_started"  # the hold after a switch or rest begins
    COUNTDOWN = "countdown"  # one of the last seconds of a hold: value is 3, 2 or 1
    REP = "rep"
    BREATH = "breath"
    PAUSED = "paused"
    RESUMED = "resumed"
    SLEPT = "slept"  # the clock jumped far ahead; the session paused itself
    STEP_COMPLETED = "step_completed"
    STEP_SKIPPED = "step_skipped"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    #: The timeline position (seconds from the routine's start) at which it happened.
    at: float
    step_index: int | None = None
    segment_index: int | None = None
    #: COUNTDOWN: seconds left (3, 2, 1); REP: the rep number; BREATH: the breath number.
    value: int | None = None
    #: True when the event is reported later than LATE_AFTER_SECONDS after it happened.
    late: bool = False


@dataclass(frozen=True)
class View:
    """Everything the player window shows at one moment; widgets render this and nothing else."""

    state: State
    step_index: int | None
    step_count: int
    segment: Segment | None
    plan: StepPlan | None
    #: Seconds left in the current segment and how far through it we are (0..1).
    segment_remaining: float
    segment_progress: float
    #: Position in the routine, and what is left of it.
    position: float
    total: float
    remaining: float
    next_plan: StepPlan | None
    paused: bool
    #: The routine being played: its own poses picture its steps.
    routine: Routine
    #: The side a two-sided step turns to when this side's hold (rep, breath) ends, or
    #: None: what comes next is then the next step.
    next_side: str | None = None

    @property
    def display_seconds(self) -> int:
        """What the big countdown shows: whole seconds, rounded up, so it reads 1 until the end."""
        return max(0, math.ceil(self.segment_remaining - 1e-9))


@dataclass
class Summary:
    """What was done, for the completion view (and later, the history)."""

    completed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    #: Wall-clock seconds spent with the session running (pauses excluded).
    active_time: float = 0.0
    stopped_early: bool = False


class Session:
    def __init__(self, timeline: Timeline):
        if not timeline.segments:
            raise ValueError("a session needs a timeline with at least one segment")
        self.timeline = timeline
        self.state = State.IDLE
        self._anchor_position = 0.0
        self._anchor_time = 0.0
        self._paused = False
        self._last_tick_time: float | None = None
        #: The position up to which events have been reported.
        self._reported_position = 0.0
        self._step_status: dict[int, str] = {}
        self._run_time = 0.0
        self._stopped = False

    # -- where are we -----------------------------------------------------------------

    def cue_up(self, from_step: int) -> None:
        """Before it starts: stand at step `from_step`'s get-ready, so the view shows the step
        a session carried on begins with while it waits to start."""
        if self.state is State.IDLE:
            self._anchor_position = self.timeline.steps[min(max(from_step, 0), len(self.timeline.steps) - 1)].start

    def position(self, now: float) -> float:
        if self.state is State.IDLE:
            return self._anchor_position
        if self.state is State.FINISHED:
            return self.timeline.total_seconds if not self._stopped else self._anchor_position
        if self._paused:
            return self._anchor_position
        return min(self._anchor_position + (now - self._anchor_time), self.timeline.total_seconds)

    def view(self, now: float) -> View:
        timeline = self.timeline
        position = self.position(now)
        index = timeline.segment_index_at(position) if self.state not in (State.IDLE, State.FINISHED) else None
        if self.state is State.IDLE:
            index = timeline.segment_index_at(position) or 0
        segment = timeline.segments[index] if index is not None else None
        plan = timeline.steps[segment.step_index] if segment else None
        if segment is not None:
            remaining = max(0.0, segment.end - position)
            progress = min(1.0, max(0.0, (position - segment.start) / segment.duration))
        else:
            remaining, progress = 0.0, 1.0
        next_plan = None
        if plan is not None and plan.index + 1 < len(timeline.steps):
            next_plan = timeline.steps[plan.index + 1]
        next_side = None
        if segment is not None and segment.kind.active and segment.side:
            later = (each for each in timeline.segments[index + 1:plan.last_segment] if each.kind.active)
            following = next(later, None)
            if following is not None and following.side and following.side != segment.side:
                next_side = following.side
        return View(
            state=self._visible_state(segment),
            step_index=plan.index if plan else None,
            step_count=len(timeline.steps),
            segment=segment,
            plan=plan,
            segment_remaining=remaining,
            segment_progress=progress,
            position=position,
            total=timeline.total_seconds,
            remaining=max(0.0, timeline.total_seconds - position),
            next_plan=next_plan,
            paused=self._paused,
            routine=timeline.routine,
            next_side=next_side,
        )

    def _visible_state(self, segment: Segment | None) -> State:
        if self.state in (State.IDLE, State.FINISHED):
            return self.state
        if self._paused:
            return State.PAUSED
        if segment is not None and segment.kind is SegmentKind.GET_READY:
            return State.GET_READY
        return State.ACTIVE

    @property
    def running(self) -> bool:
        return self.state not in (State.IDLE, State.FINISHED) and not self._paused

    @property
    def paused(self) -> bool:
        return self._paused and self.state not in (State.IDLE, State.FINISHED)

    def current_step_index(self, now: float) -> int | None:
        plan = self.timeline.step_at(self.position(now))
        return plan.index if plan else None

    def next_change_in(self, now: float) -> float | None:
        """Seconds until something visible changes: the countdown's whole second or a segment
        boundary. The driver sleeps until then, so the loop wakes only when it must."""
        if not self.running:
            return None
        position = self.position(now)
        index = self.timeline.segment_index_at(position)
        if index is None:
            return 0.0
        segment = self.timeline.segments[index]
        remaining = segment.end - position
        to_next_second = remaining - math.floor(remaining - 1e-9) if remaining > 1 else remaining
        return max(0.0, min(remaining, to_next_second))

    def summary(self, now: float) -> Summary:
        run_time = self._run_time + (now - self._anchor_time if self.running else 0.0)
        return Summary(
            completed=sorted(i for i, s in self._step_status.items() if s == "completed"),
            skipped=sorted(i for i, s in self._step_status.items() if s == "skipped"),
            active_time=run_time,
            stopped_early=self._stopped,
        )

    # -- controls ---------------------------------------------------------------------

    def start(self, now: float, from_step: int = 0) -> list[Event]:
        """Start from the beginning (also after finishing), or from step `from_step`'s
        get-ready: a session stopped early, carried on where it stopped."""
        plan = self.timeline.steps[min(max(from_step, 0), len(self.timeline.steps) - 1)]
        self.state = State.GET_READY
        self._paused = False
        self._stopped = False
        self._anchor_position = plan.start
        self._anchor_time = now
        self._last_tick_time = now
        self._reported_position = plan.start
        self._step_status.clear()
        self._run_time = 0.0
        return [Event(EventKind.STARTED, plan.start, plan.index), *self._segment_events(plan.first_segment, plan.start)]

    def pause(self, now: float) -> list[Event]:
        if not self.running:
            return []
        events = self.tick(now)
        if not self.running:  # the tick finished the routine
            return events
        self._run_time += now - self._anchor_time
        self._anchor_position = self.position(now)
        self._paused = True
        events.append(Event(EventKind.PAUSED, self._anchor_position, self.current_step_index(now)))
        return events

    def resume(self, now: float) -> list[Event]:
        if not self.paused:
            return []
        self._paused = False
        self._anchor_time = now
        self._last_tick_time = now
        return [Event(EventKind.RESUMED, self._anchor_position, self.current_step_index(now))] + self.tick(now)

    def toggle(self, now: float) -> list[Event]:
        if self.state in (State.IDLE, State.FINISHED):
            return self.start(now)
        return self.resume(now) if self._paused else self.pause(now)

    def next_step(self, now: float) -> list[Event]:
        """Skip to the next step's get-ready; at the last step, finish."""
        events, index = self._catch_up(now)
        if index is None:
            return events
        if self._step_status.get(index) != "completed":
            self._step_status[index] = "skipped"
            events.append(Event(EventKind.STEP_SKIPPED, self.position(now), index))
        if index + 1 >= len(self.timeline.steps):
            return events + self._finish(now, self.position(now))
        return events + self._jump(now, self.timeline.steps[index + 1].start)

    def previous_step(self, now: float) -> list[Event]:
        """Back to the previous step, or to the start of this one if it is well under way."""
        events, index = self._catch_up(now)
        if index is None:
            return events
        plan = self.timeline.steps[index]
        if self.position(now) - plan.active_start <= PREVIOUS_GRACE_SECONDS and index > 0:
            index -= 1
        return events + self._jump(now, self.timeline.steps[index].start)

    def restart_step(self, now: float) -> list[Event]:
        events, index = self._catch_up(now)
        if index is None:
            return events
        return events + self._jump(now, self.timeline.steps[index].start)

    def _catch_up(self, now: float) -> tuple[list[Event], int | None]:
        """Before a jump: what happened up to now, and the step we are in (None when there
        is no session to jump in)."""
        if self.state in (State.IDLE, State.FINISHED):
            return [], None
        events = self.tick(now) if self.running else []
        return events, self.current_step_index(now)

    def stop(self, now: float) -> list[Event]:
        if self.state in (State.IDLE, State.FINISHED):
            return []
        events = self.tick(now) if self.running else []
        if self.state is State.FINISHED:
            return events
        position = self.position(now)
        self._end(now, position)
        self._stopped = True
        plan = self.timeline.step_at(position)
        return events + [Event(EventKind.STOPPED, position, plan.index if plan else None)]

    def update_timeline(self, upcoming: Timeline, now: float) -> None:
        """New settings mid-session: they apply from the next step on. The step under way
        keeps its times, so the countdown never jumps."""
        if self.state is State.IDLE:
            self.timeline = upcoming
            return
        if self.state is State.FINISHED:
            return
        index = self.current_step_index(now)
        if index is None:
            # The end has passed (the tick that finishes is yet to come): every step has
            # begun, so nothing is left to change. Splicing from the first step would put
            # the routine back into a step it had already done.
            return
        self.timeline = splice(self.timeline, upcoming, index + 1)

    # -- time passing -----------------------------------------------------------------

    def tick(self, now: float) -> list[Event]:
        """What happened since the last tick, in order."""
        events: list[Event] = []
        if not self.running:
            return events
        if self._last_tick_time is not None and now - self._last_tick_time > SLEEP_GAP_SECONDS:
            # The computer slept: stay where we were at the last tick, paused.
            slept_at = self._last_tick_time
            self._run_time += slept_at - self._anchor_time
            self._anchor_position = min(self._anchor_position + (slept_at - self._anchor_time), self.timeline.total_seconds)
            self._anchor_time = now
            self._paused = True
            self._last_tick_time = now
            events.extend(self._report_until(self._anchor_position, self._anchor_position))
            events.append(Event(EventKind.SLEPT, self._anchor_position, self.current_step_index(now)))
            return events
        self._last_tick_time = now
        position = self._anchor_position + (now - self._anchor_time)
        end = self.timeline.total_seconds
        events.extend(self._report_until(min(position, end), position))
        if position >= end:
            events.extend(self._finish(now, end))
        return events

    # -- internals --------------------------------------------------------------------

    def _jump(self, now: float, target: float) -> list[Event]:
        if self.running:
            self._run_time += now - self._anchor_time
        # A step once completed stays completed, whatever is revisited: going back to
        # look at it again does not undo it. A skipped step is skipped until it is done.
        self._anchor_position = target
        self._anchor_time = now
        self._last_tick_time = now
        # The segment we land in is reported as freshly started.
        self._reported_position = target
        landing = self.timeline.segment_index_at(target)
        return self._segment_events(landing, target) if landing is not None else []

    def _finish(self, now: float, position: float) -> list[Event]:
        last = len(self.timeline.steps) - 1
        events = []
        if self._step_status.get(last) != "completed" and position >= self.timeline.total_seconds:
            self._step_status[last] = "completed"
            events.append(Event(EventKind.STEP_COMPLETED, position, last))
        self._end(now, position)
        events.append(Event(EventKind.FINISHED, position))
        return events

    def _end(self, now: float, position: float) -> None:
        """The session is over at `position`, finished or stopped: count the last run time."""
        if self.running:
            self._run_time += now - self._anchor_time
        self._anchor_position = position
        self._anchor_time = now
        self._paused = False
        self.state = State.FINISHED

    def _report_until(self, position: float, now_position: float) -> list[Event]:
        """Events for every countdown second and segment boundary in (reported, position]."""
        timeline = self.timeline
        start = self._reported_position
        if position <= start:
            return []
        events: list[Event] = []
        index = timeline.segment_index_at(start)
        while index is not None and index < len(timeline.segments):
            segment = timeline.segments[index]
            if segment.kind is SegmentKind.HOLD and segment.duration >= COUNTDOWN_MIN_HOLD:
                for left in range(COUNTDOWN_SECONDS, 0, -1):
                    moment = segment.end - left
                    if start < moment <= position:
                        events.append(Event(EventKind.COUNTDOWN, moment, segment.step_index, index, left))
            if segment.end > position:
                break
            plan = timeline.steps[segment.step_index]
            if index + 1 == plan.last_segment and self._step_status.get(plan.index) != "completed":
                self._step_status[plan.index] = "completed"
                events.append(Event(EventKind.STEP_COMPLETED, segment.end, plan.index))
            if index + 1 < len(timeline.segments):
                events.extend(self._segment_events(index + 1, segment.end))
            index += 1
        self._reported_position = position
        return [self._mark_late(event, now_position) for event in events]

    def _segment_events(self, index: int, at: float) -> list[Event]:
        """What a person is told when segment `index` begins."""
        segment = self.timeline.segments[index]
        plan = self.timeline.steps[segment.step_index]
        step = segment.step_index
        previous = self.timeline.segments[index - 1] if index > plan.first_segment else None
        events: list[Event] = []
        if index == plan.first_segment:
            events.append(Event(EventKind.STEP_STARTED, at, step, index))
        if segment.kind is SegmentKind.SWITCH:
            events.append(Event(EventKind.SWITCH_SIDES, at, step, index))
        elif segment.kind is SegmentKind.REST:
            events.append(Event(EventKind.REST, at, step, index))
        elif segment.kind.active:
            if previous is None or previous.kind is SegmentKind.GET_READY:
                events.append(Event(EventKind.EXERCISE_STARTED, at, step, index))
            elif previous.kind in (SegmentKind.SWITCH, SegmentKind.REST):
                events.append(Event(EventKind.SIDE_STARTED, at, step, index))
            if segment.kind is SegmentKind.REP:
                events.append(Event(EventKind.REP, at, step, index, segment.rep))
            elif segment.kind is SegmentKind.BREATH:
                events.append(Event(EventKind.BREATH, at, step, index, segment.breath))
        return events

    def _mark_late(self, event: Event, now_position: float) -> Event:
        if now_position - event.at > LATE_AFTER_SECONDS:
            return Event(event.kind, event.at, event.step_index, event.segment_index, event.value, late=True)
        return event
