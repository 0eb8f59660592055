"""A routine expanded, with the person's timing settings, into timed segments.

Get ready -> hold (left) -> switch sides -> hold (right) -> get ready -> ... Every segment
knows its start and length in seconds from the start of the routine, so the session only
has to ask "which segment holds this moment" and never counts ticks. The library, the
preview, the player and `stretchdesk show` all read their times from here, so they agree.
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from stretchdesk.core.durations import RANGE_PICKS, format_seconds
from stretchdesk.core.model import Routine, Step


class SegmentKind(enum.Enum):
    GET_READY = "get_ready"
    HOLD = "hold"
    SWITCH = "switch"  # the pause to change sides
    REST = "rest"  # the pause between rounds of a one-sided step
    REP = "rep"
    BREATH = "breath"

    @property
    def active(self) -> bool:
        """True for the segments in which the person does the exercise."""
        return self in (SegmentKind.HOLD, SegmentKind.REP, SegmentKind.BREATH)


@dataclass(frozen=True)
class TimingSettings:
    """The parts of the person's settings that change how long things take."""

    #: Multiplies every hold and every step given by duration (1.0 = as written).
    hold_scale: float = 1.0
    #: Which end of a range such as 20-30s: shorter, middle or longer.
    range_pick: str = "middle"
    #: The get-ready before each step, showing what comes next.
    get_ready_seconds: float = 5.0
    #: The pause to switch sides (and to rest between rounds).
    switch_seconds: float = 3.0
    #: One whole breath, inhale and exhale, for steps counted in breaths.
    breath_seconds: float = 6.0
    #: Time to move between repetitions (lower the leg, lift it again), added to each rep.
    rep_tempo_seconds: float = 2.0
    #: Length of one repetition's hold where the routine does not give one.
    default_rep_seconds: float = 2.0
    #: Per-step hold, in seconds per hold, keyed by step id: the person's own choice for
    #: one step, which wins over the scale.
    step_holds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if self.range_pick not in RANGE_PICKS:
            raise ValueError(f"range_pick must be one of {', '.join(RANGE_PICKS)}")
        if self.hold_scale <= 0:
            raise ValueError("hold_scale must be more than zero")
        for name in ("get_ready_seconds", "switch_seconds", "rep_tempo_seconds"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")
        if self.breath_seconds <= 0 or self.default_rep_seconds <= 0:
            raise ValueError("breath_seconds and default_rep_seconds must be more than zero")


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    #: Index of the step in the timeline's step list.
    step_index: int
    start: float
    duration: float
    side: str | None = None
    round: int = 1
    rounds: int = 1
    #: 1-based counters with their totals, for rep and breath segments.
    rep: int | None = None
    reps: int | None = None
    breath: int | None = None
    breaths: int | None = None
    #: "inhale" or "exhale" for breath segments.
    phase: str | None = None

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class StepPlan:
    index: int
    step: Step
    #: Where the get-ready before the step begins.
    start: float
    #: Where the exercise itself begins (after its get-ready).
    active_start: float
    end: float
    #: Time spent doing the exercise: every hold, rep and breath on every side and round.
    active_seconds: float
    #: The length of one hold (per side and round); for reps, one rep; for breaths, one breath.
    unit_seconds: float
    #: Indexes into Timeline.segments: [first, last).
    first_segment: int
    last_segment: int

    @property
    def total_seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    routine: Routine
    variant: str | None
    settings: TimingSettings
    steps: tuple[StepPlan, ...]
    segments: tuple[Segment, ...]
    _starts: tuple[float, ...] = field(repr=False, compare=False, default=())

    @property
    def total_seconds(self) -> float:
        return self.segments[-1].end if self.segments else 0.0

    @property
    def active_seconds(self) -> float:
        return sum(plan.active_seconds for plan in self.steps)

    def segment_index_at(self, elapsed: float) -> int | None:
        """The segment running `elapsed` seconds into the routine; None once it is over."""
        if elapsed < 0:
            return 0 if self.segments else None
        if elapsed >= self.total_seconds:
            return None
        return bisect.bisect_right(self._starts, elapsed) - 1

    def step_at(self, elapsed: float) -> StepPlan | None:
        index = self.segment_index_at(elapsed)
        return None if index is None else self.steps[self.segments[index].step_index]


def _half_seconds(seconds: float) -> float:
    """Holds scaled by a setting land on odd fractions; half seconds are plenty precise."""
    return max(1.0, round(seconds * 2) / 2)


def unit_seconds(step: Step, settings: TimingSettings) -> float:
    """One hold, one rep or one breath of a step, with the settings applied."""
    if step.reps is not None:
        rep = step.rep.pick(settings.range_pick) if step.rep else settings.default_rep_seconds
        return rep + settings.rep_tempo_seconds
    if step.breaths is not None:
        return settings.breath_seconds
    override = settings.step_holds.get(step.id)
    if override is not None:
        return _half_seconds(override)
    parts = step.sides * step.rounds
    if step.hold is not None:
        base = step.hold.pick(settings.range_pick)
    elif step.duration is not None:
        base = step.duration.pick(settings.range_pick) / parts
    else:  # pragma: no cover - the loader guarantees one of the four
        raise ValueError(f"step {step.id!r} has no length")
    return _half_seconds(base * settings.hold_scale)


def build_timeline(routine: Routine, settings: TimingSettings | None = None, variant: str | None = None) -> Timeline:
    settings = settings or TimingSettings()
    segments: list[Segment] = []
    plans: list[StepPlan] = []
    now = 0.0

    def add(kind: SegmentKind, duration: float, step_index: int, **extra: object) -> None:
        nonlocal now
        if duration <= 0:
            return
        segments.append(Segment(kind, step_index, now, duration, **extra))  # type: ignore[arg-type]
        now += duration

    for index, step in enumerate(routine.steps_for(variant)):
        start = now
        first = len(segments)
        add(SegmentKind.GET_READY, settings.get_ready_seconds, index, side=step.side_order[0])
        active_start = now
        unit = unit_seconds(step, settings)
        active = 0.0
        for round_number in range(1, step.rounds + 1):
            for side_number, side in enumerate(step.side_order):
                if round_number > 1 or side_number > 0:
                    gap = SegmentKind.SWITCH if step.two_sided else SegmentKind.REST
                    add(gap, settings.switch_seconds, index, side=side, round=round_number, rounds=step.rounds)
                where = dict(side=side, round=round_number, rounds=step.rounds)
                if step.reps is not None:
                    for rep in range(1, step.reps + 1):
                        add(SegmentKind.REP, unit, index, rep=rep, reps=step.reps, **where)
                elif step.breaths is not None:
                    for breath in range(1, step.breaths + 1):
                        for phase in ("inhale", "exhale"):
                            add(SegmentKind.BREATH, unit / 2, index, breath=breath, breaths=step.breaths, phase=phase, **where)
                else:
                    add(SegmentKind.HOLD, unit, index, **where)
                active += unit * (step.reps or step.breaths or 1)
        plans.append(StepPlan(index, step, start, active_start, now, active, unit, first, len(segments)))

    return Timeline(
        routine=routine,
        variant=variant,
        settings=settings,
        steps=tuple(plans),
        segments=tuple(segments),
        _starts=tuple(segment.start for segment in segments),
    )


def splice(current: Timeline, upcoming: Timeline, from_step: int) -> Timeline:
    """The steps before `from_step` as `current` has them, the rest as `upcoming` has them.

    This is how new settings reach a session under way: what has begun keeps its times,
    so the countdown on screen never jumps, and the next step on follows the new settings.
    Both timelines must be of the same routine and variant."""
    if len(current.steps) != len(upcoming.steps):
        raise ValueError("both timelines must have the same steps")
    if from_step >= len(current.steps):
        return current
    keep_segments = current.steps[from_step].first_segment
    shift = current.steps[from_step].start - upcoming.steps[from_step].start
    segment_shift = keep_segments - upcoming.steps[from_step].first_segment
    segments = list(current.segments[:keep_segments])
    for segment in upcoming.segments[upcoming.steps[from_step].first_segment :]:
        segments.append(dataclasses.replace(segment, start=segment.start + shift))
    plans = list(current.steps[:from_step])
    for plan in upcoming.steps[from_step:]:
        plans.append(dataclasses.replace(
            plan,
            start=plan.start + shift,
            active_start=plan.active_start + shift,
            end=plan.end + shift,
            first_segment=plan.first_segment + segment_shift,
            last_segment=plan.last_segment + segment_shift,
        ))
    return Timeline(
        routine=current.routine,
        variant=current.variant,
        settings=upcoming.settings,
        steps=tuple(plans),
        segments=tuple(segments),
        _starts=tuple(segment.start for segment in segments),
    )


def describe_plan(plan: StepPlan) -> str:
    """'30s each side', '10 reps of 4s, each side', '5 breaths of 6s', '15s each side, 2 rounds'."""
    step = plan.step
    unit = format_seconds(plan.unit_seconds)
    if step.reps is not None:
        text = f"{step.reps} reps of {unit}"
    elif step.breaths is not None:
        text = f"{step.breaths} breaths of {unit}"
    else:
        text = unit
    if step.two_sided:
        text += ", each side" if step.reps or step.breaths else " each side"
    if step.rounds > 1:
        text += f", {step.rounds} rounds"
    return text
