"""Which sound and which spoken line each session event asks for.

Pure and Qt-free, so what a person hears is decided (and tested) here; the Qt cue player
only plays what it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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


#: How long the speech engine takes to say a line: a word (numbers counted as they are said)
#: at 175 words a minute, a pause at each comma, colon or full stop inside the line, and the
#: engine's start. Measured (benchmarks/speech_timing.py: espeak-ng's default English voice
#: through speech-dispatcher, recorded from a private PulseAudio null sink) over the 100
#: lines the built-in routines can say: never more than 0.3 s short of what the engine took,
#: half the margin below, and 0.1 s long on average.
SPEECH_SECONDS_PER_WORD = 60 / 175
SPEECH_PAUSE_SECONDS = 0.4
SPEECH_START_SECONDS = 0.15
#: Kept free between the last word and the chime after it, so a chime never lands on words
#: (the estimate is a little off for a slower voice, and the line may start a moment late).
SPEECH_MARGIN_SECONDS = 0.6
#: A line with no chime after it ("Done") is still worth saying this long after it was asked.
LAST_WORDS_WITHIN_SECONDS = 3.0
#: A cue sound asked for before the sound output was there still plays if it is this fresh;
#: a chime later than that would mark a moment that has passed.
SOUND_FRESH_SECONDS = 0.5

_PAUSES = re.compile(r"[,.:;!?](?=\s+\S)")


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


def spoken_seconds(seconds: float) -> str:
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} seconds"
    minutes, rest = divmod(whole, 60)
    minute_text = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return minute_text if rest == 0 else f"{minute_text} {rest} seconds"


def _number_words(number: int) -> int:
    """How many words a number is said in: 'thirty' one, 'twenty-five' two, 'one hundred
    and five' four."""
    if number < 20 or (number < 100 and number % 10 == 0):
        return 1
    if number < 100:
        return 2
    if number < 1000:
        rest = number % 100
        return 2 + (1 + _number_words(rest) if rest else 0)
    return 2 * len(str(number))


def spoken_words(text: str) -> int:
    """The words of `text` as the engine says them (numbers in words)."""
    return sum(_word_count(word) for word in re.findall(r"[^\s,.:;!?-]+", text))


def _word_count(word: str) -> int:
    # Only ASCII digits are a number to read out ("²" and "①" are digits to str.isdigit
    # but not to int); a number too long to say as one is read digit by digit.
    if not (word.isascii() and word.isdigit()):
        return 1
    return _number_words(int(word)) if len(word) <= 15 else 2 * len(word)


def speech_seconds(text: str) -> float:
    """About how long the speech engine takes to say `text` (see SPEECH_SECONDS_PER_WORD)."""
    words = spoken_words(text)
    if not words:
        return 0.0
    return SPEECH_START_SECONDS + words * SPEECH_SECONDS_PER_WORD + len(_PAUSES.findall(text)) * SPEECH_PAUSE_SECONDS


def announcements(plan: StepPlan) -> list[str]:
    """What can be said of a step in its get-ready, the most detailed first: 'Lunge. 30
    seconds each side, left side first.', then without which side comes first (the screen
    shows it, and the switch chime and "Switch sides" mark the change), then the name alone."""
    step = plan.step
    if step.measure is Measure.REPS:
        length = f"{step.reps} reps"
    elif step.measure is Measure.BREATHS:
        length = f"{step.breaths} breaths"
    else:
        length = spoken_seconds(plan.unit_seconds)
    if step.two_sided:
        length += " each side"
    side_first = f", {step.first_side} side first" if step.two_sided else ""
    rounds = f", {step.rounds} rounds" if step.rounds > 1 else ""
    wordings = [f"{step.name}. {length}{side_first}{rounds}.", f"{step.name}. {length}{rounds}.", f"{step.name}."]
    return list(dict.fromkeys(wordings))


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
            # Said in the get-ready, and done before the start chime: as much detail as fits.
            plan = timeline.steps[event.step_index]
            before_chime = plan.active_start - event.at
            speech = announce_step(plan, before_chime - SPEECH_MARGIN_SECONDS)
            if speech is not None:
                speech, within = fitting(speech, before_chime)
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
