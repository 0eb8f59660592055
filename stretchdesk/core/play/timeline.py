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

from stretchdesk.core import words
from stretchdesk.core.routine.durations import RANGE_ENDS
from stretchdesk.core.play.amount import Amount, amount_of, leftover_seconds
from stretchdesk.core.routine.model import Measure, Routine, Step
from stretchdesk.core.play.spoken import how_to_get_ready
from stretchdesk.core.store.settings import NAME_AND_HOW_TO, NAME_ONLY, SPOKEN_DETAILS, Settings


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


#: The settings that change how long things take, by the names they have everywhere: in
#: settings.json, in `stretchdesk settings`, in the settings dialog and here.
TIMING_KEYS = ("hold_scale", "range_end", "get_ready", "switch_pause", "breath_length", "rep_tempo")
#: One more changes them, but only while the voice is on: `spoken_detail` (see
#: TimingSettings.spoken_detail and base_timing below).


@dataclass(frozen=True)
class TimingSettings:
    """The parts of the person's settings that change how long things take. The fields
    carry the settings' own names and units (see TIMING_KEYS)."""

    #: Every hold and every step given by duration, in percent of what the routine says.
    hold_scale: float = 100.0
    #: Which end of a range such as 20-30s: shorter, middle or longer.
    range_end: str = "middle"
    #: Seconds of get-ready before each step, showing what comes next.
    get_ready: float = 5.0
    #: Seconds to switch sides (and to rest between rounds).
    switch_pause: float = 3.0
    #: Seconds for one whole breath, inhale and exhale, in steps counted in breaths.
    breath_length: float = 6.0
    #: Seconds added to each repetition to move between them.
    rep_tempo: float = 2.0
    #: Per-step hold, in seconds per hold, keyed by step id: the person's own choice for
    #: one step, which wins over the scale.
    step_holds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: Seconds a routine fitted to a time has over once its holds are rounded to whole
    #: seconds: spread over the get-ready pauses, where a second more is not noticed, so
    #: the routine ends on the minute asked for (see fit_timing).
    spare_seconds: float = 0.0
    #: What the voice says in each get-ready. With NAME_AND_HOW_TO (the step's instructions
    #: after its announcement), a get-ready is made long enough for all of it to be said
    #: before the start chime: `get_ready` is then the least it lasts.
    spoken_detail: str = NAME_ONLY

    def __post_init__(self) -> None:
        if self.range_end not in RANGE_ENDS:
            raise ValueError(f"range_end must be one of {', '.join(RANGE_ENDS)}")
        if self.spoken_detail not in SPOKEN_DETAILS:
            raise ValueError(f"spoken_detail must be one of {', '.join(SPOKEN_DETAILS)}")
        if not self.hold_scale > 0:
            raise ValueError("hold_scale must be more than zero")
        for name in ("get_ready", "switch_pause", "rep_tempo", "spare_seconds"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name} cannot be negative")
        if not self.breath_length > 0:
            raise ValueError("breath_length must be more than zero")


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
    #: How much there is to do: parts of how many seconds, sides, rounds (core.play.amount).
    amount: Amount
    #: Indexes into Timeline.segments: [first, last).
    first_segment: int
    last_segment: int

    @property
    def total_seconds(self) -> float:
        return self.end - self.start

    @property
    def unit_seconds(self) -> float:
        """The length of one hold (per side and round); for reps, one rep; for breaths, one breath."""
        return self.amount.unit_seconds


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


def _spare_shares(spare: float, steps: int) -> list[float]:
    """The spare seconds, one whole second at a time from the first get-ready on; any part
    of a second goes to the first."""
    if steps == 0 or spare <= 0:
        return [0.0] * steps
    each, extra = divmod(int(spare), steps)
    shares = [float(each + (1 if index < extra else 0)) for index in range(steps)]
    shares[0] += spare - int(spare)
    return shares


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

    steps = routine.steps_for(variant)
    spare = _spare_shares(settings.spare_seconds, len(steps))
    for index, step in enumerate(steps):
        start = now
        first = len(segments)
        amount = amount_of(step, settings)
        unit = amount.unit_seconds
        ready = settings.get_ready
        if settings.spoken_detail == NAME_AND_HOW_TO:
            # The how-to is said in the get-ready, which is made long enough for it, rather
            # than carried on into the hold: in a hold the words would run under the start
            # chime, the countdown ticks and each rep's knock, and a person already holding
            # the stretch would hear how to get into it too late. A longer get-ready is in
            # the timeline from the start, so the countdown shows it whole and never jumps,
            # and every total, the preview and fitting to a time count it.
            ready = max(ready, how_to_get_ready(step, amount))
        ready += spare[index] + leftover_seconds(step, settings, amount)
        add(SegmentKind.GET_READY, ready, index, side=step.side_order[0])
        active_start = now
        measure, count = amount.measure, amount.count
        active = 0.0
        for round_number in range(1, step.rounds + 1):
            for side_number, side in enumerate(step.side_order):
                if round_number > 1 or side_number > 0:
                    gap = SegmentKind.SWITCH if step.two_sided else SegmentKind.REST
                    add(gap, settings.switch_pause, index, side=side, round=round_number, rounds=step.rounds)
                where = dict(side=side, round=round_number, rounds=step.rounds)
                if measure is Measure.REPS:
                    for rep in range(1, count + 1):
                        add(SegmentKind.REP, unit, index, rep=rep, reps=count, **where)
                elif measure is Measure.BREATHS:
                    for breath in range(1, count + 1):
                        for phase in ("inhale", "exhale"):
                            add(SegmentKind.BREATH, unit / 2, index, breath=breath, breaths=count, phase=phase, **where)
                else:
                    add(SegmentKind.HOLD, unit, index, **where)
                active += unit * (count or 1)
        plans.append(StepPlan(index, step, start, active_start, now, active, amount, first, len(segments)))

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
    segments = list(current.segments[:keep_segments])
    # Each start is the end of the segment before it, added up as build_timeline adds
    # them: shifting every start by one difference would leave rounding gaps and overlaps
    # of a few ulps, and a tick landing in one would never see that boundary pass.
    now = current.steps[from_step].start
    for segment in upcoming.segments[upcoming.steps[from_step].first_segment:]:
        segments.append(dataclasses.replace(segment, start=now))
        now += segment.duration
    plans = list(current.steps[:from_step])
    segment_shift = keep_segments - upcoming.steps[from_step].first_segment
    for plan in upcoming.steps[from_step:]:
        first, last = plan.first_segment + segment_shift, plan.last_segment + segment_shift
        active = next((i for i in range(first, last) if segments[i].kind is not SegmentKind.GET_READY), last)
        plans.append(dataclasses.replace(
            plan,
            start=segments[first].start,
            active_start=segments[active].start if active < last else segments[last - 1].end,
            end=segments[last - 1].end,
            first_segment=first,
            last_segment=last,
        ))
    return Timeline(
        routine=current.routine,
        variant=current.variant,
        settings=upcoming.settings,
        steps=tuple(plans),
        segments=tuple(segments),
        _starts=tuple(segment.start for segment in segments),
    )


# -- fitting a routine to a time ----------------------------------------------------------------

#: How far fitting may scale the holds: a quarter of the routine's holds to four times them.
MIN_FIT_SCALE = 25.0
MAX_FIT_SCALE = 400.0


def _total_at(routine: Routine, timing: TimingSettings, variant: str | None, scale: float) -> float:
    return build_timeline(routine, dataclasses.replace(timing, hold_scale=scale, spare_seconds=0.0), variant).total_seconds


def fit_timing(routine: Routine, timing: TimingSettings, variant: str | None, target_seconds: float) -> TimingSettings:
    """The timing that makes the routine last `target_seconds`: the largest hold scale
    whose total does not pass the target, and the seconds still missing, spread over the
    get-ready pauses (never more than one step of the total, which rounding leaves).
    Get-ready and switch pauses, reps, breaths and the person's own step holds keep their
    length; only the holds scale. A target out of reach plays the nearest end, as it is:
    minutes of padding would only be a long wait (the preview says so; see FitView)."""
    low, high = MIN_FIT_SCALE, MAX_FIT_SCALE
    if _total_at(routine, timing, variant, low) >= target_seconds:
        return dataclasses.replace(timing, hold_scale=low, spare_seconds=0.0)
    if _total_at(routine, timing, variant, high) <= target_seconds:
        return dataclasses.replace(timing, hold_scale=high, spare_seconds=0.0)
    # The total grows with the scale in whole-second steps: find the last step at or under
    # the target (low stays at or under, high over).
    for _ in range(30):
        middle = (low + high) / 2
        if _total_at(routine, timing, variant, middle) <= target_seconds:
            low = middle
        else:
            high = middle
    spare = target_seconds - _total_at(routine, timing, variant, low)
    return dataclasses.replace(timing, hold_scale=low, spare_seconds=max(0.0, spare))


def fit_limits(routine: Routine, timing: TimingSettings, variant: str | None = None) -> tuple[float, float]:
    """The shortest and longest total a routine can be fitted to."""
    return _total_at(routine, timing, variant, MIN_FIT_SCALE), _total_at(routine, timing, variant, MAX_FIT_SCALE)


# -- the timeline a person's settings give ---------------------------------------------------

def base_timing(settings: Settings) -> TimingSettings:
    """The timing settings as they are set, by the same names (one vocabulary from the file
    to the timeline); a hold scale in percent stays in percent."""
    # The how-to lengthens the get-readies only while there is a voice to say it. Muting
    # (M) does not change them: it is for a moment, and the countdown must not jump.
    spoken = settings["spoken_detail"] if settings["voice"] else NAME_ONLY
    return TimingSettings(**{key: settings[key] for key in TIMING_KEYS}, spoken_detail=spoken)


def timing_for(settings: Settings, routine: Routine, variant: str | None = None, *, fit: bool = True) -> TimingSettings:
    """The timing for one routine: the general settings, the person's own step holds, and,
    where they asked to fit the routine to a time (and `fit`), what does it."""
    prefs = settings.routines.get(routine.id)
    base = base_timing(settings)
    if prefs is None:
        return base
    timing = dataclasses.replace(base, step_holds=dict(prefs.step_holds))
    if fit and prefs.target_seconds is not None:
        timing = _fitted(routine, timing, variant, prefs.target_seconds)
    return timing


def timeline_for(settings: Settings, routine: Routine, variant: str | None) -> Timeline:
    """The timeline a routine plays with now, in this variant: the one place the list, the
    preview, the player and the command line get their times from."""
    return build_timeline(routine, timing_for(settings, routine, variant), variant)


#: Fitted timings already found: the bisection builds the timeline about forty times, and
#: the library preview asks again on every refresh. Keyed by everything the answer depends
#: on, so a changed setting, hold or target is simply a new entry.
_fits: dict[tuple, tuple[Routine, TimingSettings]] = {}


def _fitted(routine: Routine, timing: TimingSettings, variant: str | None, target: int) -> TimingSettings:
    key = (id(routine), variant, target, repr(timing))
    known = _fits.get(key)
    if known is not None and known[0] is routine:  # the routine is kept, so its id is never reused
        return known[1]
    if len(_fits) >= 64:
        _fits.clear()
    fitted = fit_timing(routine, timing, variant, target)
    _fits[key] = (routine, fitted)
    return fitted
