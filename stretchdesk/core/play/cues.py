"""Which sound and which spoken line each session event asks for.

Pure and Qt-free, so what a person hears is decided (and tested) here; the Qt cue player
only plays what it is given.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable

from stretchdesk.core.play.session import Event, EventKind
# How long words take, and how an announcement is worded: in spoken.py, which the timeline
# reads too (a get-ready made long enough for a how-to). spoken_words is named here as
# well, as it always was; a length said aloud is words.spoken_seconds.
from stretchdesk.core.play.spoken import (  # noqa: F401
    HOW_TO_SETTLE_SECONDS,
    SPEECH_MARGIN_SECONDS,
    how_to_lines,
    speech_seconds,
    spoken_words,
    step_announcements,
)
from stretchdesk.core.play.timeline import StepPlan, Timeline
from stretchdesk.core.store.settings import NAME_AND_HOW_TO, NAME_ONLY, Settings

#: The sound files in resources/sounds/, by cue name.
SOUNDS = ("start", "switch", "tick", "rep", "finish")


@dataclass(frozen=True)
class CueSettings:
    sounds: bool = True
    #: The soft ticks in the last seconds of a hold.
    countdown_ticks: bool = True
    voice: bool = True
    #: What the get-ready says: NAME_ONLY, or NAME_AND_HOW_TO (the step's instructions after
    #: its announcement).
    spoken_detail: str = NAME_ONLY


def cue_settings(settings: Settings) -> CueSettings:
    """The cue toggles, by the settings' own names (CueSettings' fields are named so)."""
    return CueSettings(**{toggle.name: settings[toggle.name] for toggle in dataclasses.fields(CueSettings)})


#: A line with no chime after it ("Done") is still worth saying this long after it was asked.
LAST_WORDS_WITHIN_SECONDS = 3.0
#: A cue sound asked for before the sound output was there still plays if it is this fresh;
#: a chime later than that would mark a moment that has passed.
SOUND_FRESH_SECONDS = 0.5


@dataclass(frozen=True)
class Cue:
    #: A name from SOUNDS, or None.
    sound: str | None = None
    #: A line to speak, or None.
    speech: str | None = None
    #: The line is worth saying only if it can begin within this many seconds of being asked
    #: for (after that it would run into the next chime or the next step); None: any time.
    #: Not compared: two cues are equal when they sound the same.
    speech_within: float | None = field(default=None, compare=False)


def announcements(plan: StepPlan) -> list[str]:
    """What can be said of a step in its get-ready, the most detailed first (see
    spoken.step_announcements)."""
    return step_announcements(plan.step, plan.amount)


def announce_step(plan: StepPlan, seconds: float | None = None) -> str | None:
    """The most detailed announcement that can be said in `seconds` (None: no limit), or
    None when not even the step's name fits."""
    for wording in announcements(plan):
        if seconds is None or speech_seconds(wording) <= seconds:
            return wording
    return None


def fitting(text: str, seconds: float) -> tuple[str | None, float | None]:
    """`text` and how soon it must begin, if it can be said, with the margin, in the
    `seconds` before the next chime; (None, None) if it cannot."""
    spare = seconds - SPEECH_MARGIN_SECONDS - speech_seconds(text)
    return (text, spare) if spare >= 0 else (None, None)


def get_ready_lines(plan: StepPlan, seconds: float, how_to: bool = False) -> list[tuple[str, float]]:
    """What is said in a get-ready with `seconds` left before the start chime, in order,
    each line with how soon it must begin (after that it could not end in time).

    First the announcement, as much of it as fits. With `how_to`, then the step's
    instructions, one line after another, each only if, said after the lines before it,
    it ends HOW_TO_SETTLE_SECONDS before the chime; the first that would not is left out
    with all after it (a later line said without the one before it would mislead). The
    timeline makes a how-to's get-ready long enough for all of them
    (spoken.how_to_get_ready, the same estimate), so every line is said; a get-ready made
    before the how-to was asked for (the step was under way, and is gone back to) says what
    fits, and never runs under the chime."""
    announcement = announce_step(plan, seconds - SPEECH_MARGIN_SECONDS)
    if announcement is None:
        return []
    text, within = fitting(announcement, seconds)
    if text is None or within is None:
        return []
    lines = [(text, within)]
    if not how_to:
        return lines
    said = speech_seconds(announcement)  # the lines are said back to back from the start
    for line in how_to_lines(plan.step):
        length = speech_seconds(line)
        latest = seconds - HOW_TO_SETTLE_SECONDS - length
        # A microsecond's slack: the timeline added up the same estimates in another order.
        if said > latest + 1e-6:
            break
        lines.append((line, max(0.0, latest)))
        said += length
    return lines


def cues_for(events: Iterable[Event], timeline: Timeline, settings: CueSettings = CueSettings()) -> list[Cue]:
    """The cues for a batch of events. Late events (the loop stalled) make no sound: a
    chime for something that happened seconds ago would only confuse."""
    cues: list[Cue] = []
    for event in events:
        if event.late and event.kind is not EventKind.FINISHED:
            continue
        sound: str | None = None
        speech: str | None = None
        within: float | None = None
        kind = event.kind
        if kind is EventKind.STEP_STARTED and event.step_index is not None:
            # Said in the get-ready, and done before the start chime: as much as fits.
            plan = timeline.steps[event.step_index]
            if settings.voice:
                # One cue a line (the announcement, then any how-to): said one after another.
                how_to = settings.spoken_detail == NAME_AND_HOW_TO
                cues.extend(Cue(None, text, by) for text, by in get_ready_lines(plan, plan.active_start - event.at, how_to))
            continue
        elif kind in (EventKind.EXERCISE_STARTED, EventKind.SIDE_STARTED):
            sound = "start"
        elif kind in (EventKind.SWITCH_SIDES, EventKind.REST):
            # The pause ends with the start chime: the words only if they are over by then.
            sound = "switch"
            line = "Switch sides." if kind is EventKind.SWITCH_SIDES else "Rest."
            speech, within = fitting(line, _until_segment_end(event, timeline))
        elif kind is EventKind.COUNTDOWN:
            sound = "tick" if settings.countdown_ticks else None
        elif kind is EventKind.REP and event.value and event.value > 1:
            sound = "rep"
        elif kind is EventKind.BREATH and event.value and event.value > 1 and _is_inhale(event, timeline):
            sound = "rep"
        elif kind is EventKind.FINISHED:
            sound, speech, within = "finish", "Done. Well done.", LAST_WORDS_WITHIN_SECONDS
        if not settings.sounds:
            sound = None
        if not settings.voice:
            speech = None
        if sound or speech:
            cues.append(Cue(sound, speech, within if speech else None))
    return cues


def _until_segment_end(event: Event, timeline: Timeline) -> float:
    if event.segment_index is None:
        return 0.0
    return timeline.segments[event.segment_index].end - event.at


def _is_inhale(event: Event, timeline: Timeline) -> bool:
    return event.segment_index is not None and timeline.segments[event.segment_index].phase == "inhale"
