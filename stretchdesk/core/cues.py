"""Which sound and which spoken line each session event asks for.

Pure and Qt-free, so what a person hears is decided (and tested) here; the Qt cue player
only plays what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from stretchdesk.core.model import Measure
from stretchdesk.core.session import Event, EventKind
from stretchdesk.core.timeline import StepPlan, Timeline

#: The sound files in resources/sounds/, by cue name.
SOUNDS = ("start", "switch", "tick", "rep", "finish")


@dataclass(frozen=True)
class CueSettings:
    sounds: bool = True
    #: The soft ticks in the last seconds of a hold.
    countdown_ticks: bool = True
    voice: bool = True


@dataclass(frozen=True)
class Cue:
    #: A name from SOUNDS, or None.
    sound: str | None = None
    #: A line to speak, or None.
    speech: str | None = None


def spoken_seconds(seconds: float) -> str:
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} seconds"
    minutes, rest = divmod(whole, 60)
    minute_text = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return minute_text if rest == 0 else f"{minute_text} {rest} seconds"


def announce_step(plan: StepPlan, *, first: bool) -> str:
    """'Next: Lunge. 30 seconds each side, left side first.'"""
    step = plan.step
    if step.measure is Measure.REPS:
        length = f"{step.reps} reps"
    elif step.measure is Measure.BREATHS:
        length = f"{step.breaths} breaths"
    else:
        length = spoken_seconds(plan.unit_seconds)
    if step.two_sided:
        length += f" each side, {step.first_side} side first"
    if step.rounds > 1:
        length += f", {step.rounds} rounds"
    lead = "Get ready" if first else "Next"
    return f"{lead}: {step.name}. {length}."


def cues_for(events: Iterable[Event], timeline: Timeline, settings: CueSettings = CueSettings()) -> list[Cue]:
    """The cues for a batch of events. Late events (the loop stalled) make no sound: a
    chime for something that happened seconds ago would only confuse."""
    cues: list[Cue] = []
    for event in events:
        if event.late and event.kind is not EventKind.FINISHED:
            continue
        sound: str | None = None
        speech: str | None = None
        kind = event.kind
        if kind is EventKind.STEP_STARTED and event.step_index is not None:
            speech = announce_step(timeline.steps[event.step_index], first=event.at == 0)
        elif kind in (EventKind.EXERCISE_STARTED, EventKind.SIDE_STARTED):
            sound = "start"
        elif kind is EventKind.SWITCH_SIDES:
            sound, speech = "switch", "Switch sides."
        elif kind is EventKind.REST:
            sound, speech = "switch", "Rest."
        elif kind is EventKind.COUNTDOWN:
            sound = "tick" if settings.countdown_ticks else None
        elif kind is EventKind.REP and event.value and event.value > 1:
            sound = "rep"
        elif kind is EventKind.BREATH and event.value and event.value > 1 and _is_inhale(event, timeline):
            sound = "rep"
        elif kind is EventKind.FINISHED:
            sound, speech = "finish", "Done. Well done."
        if not settings.sounds:
            sound = None
        if not settings.voice:
            speech = None
        if sound or speech:
            cues.append(Cue(sound, speech))
    return cues


def _is_inhale(event: Event, timeline: Timeline) -> bool:
    return event.segment_index is not None and timeline.segments[event.segment_index].phase == "inhale"
