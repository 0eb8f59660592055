"""How much of a step there is to do: the one place that says how a step is measured.

A routine file gives a step one of four measures (`Step.measure`: a time for the whole
step, a hold, reps or breaths). With the settings applied, that becomes an `Amount`: how
many parts of how many seconds each (a hold, a rep, a breath), on how many sides and in
how many rounds. The timeline plays it, the preview, the player and `stretchdesk show`
write it (`Amount.written`), the get-ready says it (`Amount.said`), the preview's hold
box asks whether the person may set its time (`Amount.timed`) and the command line's JSON
gives its numbers (`hold_seconds`, `rep_seconds`, `breath_seconds`): none of them asks
`Step.measure` again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Protocol

from stretchdesk.core import words
from stretchdesk.core.routine.model import Measure, Step

#: One rep's own hold where the file gives none, before the rep tempo is added.
DEFAULT_REP_SECONDS = 2.0


class Pace(Protocol):
    """What an amount reads of the timing settings (core.play.timeline.TimingSettings)."""

    range_end: str
    hold_scale: float
    rep_tempo: float
    breath_length: float
    step_holds: Mapping[str, float]


@dataclass(frozen=True)
class Amount:
    measure: Measure
    #: One hold (per side and round), one rep or one breath, in seconds.
    unit_seconds: float
    #: How many reps or breaths on each side in each round; None for a hold or a duration.
    count: int | None
    sides: int
    rounds: int

    @property
    def counted(self) -> bool:
        """Reps and breaths are counted; their pace comes from the settings, not a hold."""
        return self.measure.counted

    @property
    def timed(self) -> bool:
        """A hold or a duration: the hold-time setting scales it and the person may set their own."""
        return self.measure.timed

    @property
    def counted_in(self) -> str | None:
        """'reps' or 'breaths'; None for a step that is held."""
        return {Measure.REPS: "reps", Measure.BREATHS: "breaths"}.get(self.measure)

    @property
    def each_side(self) -> bool:
        return self.sides == 2

    @property
    def hold_seconds(self) -> float | None:
        return self.unit_seconds if self.timed else None

    @property
    def rep_seconds(self) -> float | None:
        return self.unit_seconds if self.measure is Measure.REPS else None

    @property
    def breath_seconds(self) -> float | None:
        return self.unit_seconds if self.measure is Measure.BREATHS else None

    def written(self) -> str:
        """As read on screen: '30s each side', '10 reps of 4s, each side', '5 breaths of
        6s', '15s each side, 2 rounds'."""
        part = words.seconds(self.unit_seconds)
        text = f"{self.count} {self.counted_in} of {part}" if self.counted else part
        if self.each_side:
            text += ", each side" if self.counted else " each side"
        if self.rounds > 1:
            text += f", {self.rounds} rounds"
        return text

    def said(self) -> str:
        """As said aloud in a get-ready, without the pace of a rep or a breath (the knocks
        and the breathing sounds give it): '30 seconds each side', '10 reps'."""
        text = f"{self.count} {self.counted_in}" if self.counted else words.spoken_seconds(self.unit_seconds)
        return text + (" each side" if self.each_side else "")


def whole_seconds(seconds: float) -> float:
    """Holds are whole seconds: a scaled or shared hold would otherwise read '22.5s', and
    nobody holds a stretch to the half second. Halves round up; never under one second."""
    return max(1.0, float(math.floor(seconds + 0.5)))


def amount_of(step: Step, pace: Pace) -> Amount:
    """The step's amount with the settings applied."""
    measure = step.measure
    count = step.reps if measure is Measure.REPS else step.breaths if measure is Measure.BREATHS else None
    return Amount(measure, _unit_seconds(step, pace), count, step.sides, step.rounds)


def _unit_seconds(step: Step, pace: Pace) -> float:
    measure = step.measure
    if measure is Measure.REPS:
        rep = step.rep.pick(pace.range_end) if step.rep else DEFAULT_REP_SECONDS
        return rep + pace.rep_tempo
    if measure is Measure.BREATHS:
        return pace.breath_length
    override = pace.step_holds.get(step.id)
    if override is not None:
        return whole_seconds(override)
    if measure is Measure.HOLD:
        return whole_seconds(step.hold.pick(pace.range_end) * pace.hold_scale / 100)
    # A time for the whole step, shared among its holds: whole seconds each, rounded down,
    # and what that leaves over goes to the step's get-ready (see leftover_seconds).
    share = step.duration.pick(pace.range_end) * pace.hold_scale / 100 / (step.sides * step.rounds)
    return max(1.0, float(math.floor(share + 1e-9)))


def leftover_seconds(step: Step, pace: Pace, amount: Amount) -> float:
    """What a step given by duration loses to holds of whole seconds: 45 s on two sides is
    two holds of 22 s and one second more of get-ready, so the step still takes its 45 s
    and no countdown reads 22.5."""
    if step.measure is not Measure.DURATION or step.id in pace.step_holds:
        return 0.0
    whole = step.duration.pick(pace.range_end) * pace.hold_scale / 100
    # Whole seconds too, so no get-ready is 5.65 s long; a fraction of a fitted routine is
    # put right by its spare seconds.
    return max(0.0, float(math.floor(whole - amount.unit_seconds * step.sides * step.rounds + 1e-9)))
