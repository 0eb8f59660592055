"""What the voice says of a step in its get-ready, and how long the engine takes to say it.

Pure and small: the timeline reads it to make a get-ready long enough for a step's how-to,
and the cue rules (cues.py) to fit each line before the chime that follows it. Both use
the same estimate, so what the timeline makes room for is what the cues then ask for.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from typing import TYPE_CHECKING

from stretchdesk.core.routine.model import Step

if TYPE_CHECKING:
    from stretchdesk.core.play.amount import Amount

#: What the voice says in a get-ready (the `spoken_detail` setting): the step's name and
#: length, or that and then the step's instructions, one line after another.

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
#: Kept free between the last line of a how-to and the start chime: the margin above for
#: several lines said one after another (each may be a little longer than its estimate), and
#: a moment to settle into the pose after the last word before the hold begins.
HOW_TO_SETTLE_SECONDS = 2.0
#: The longest a get-ready is made for a how-to. The built-in steps need 14 to 39 s; a
#: routine file with pages of instructions gets this much, and its first lines are said.
HOW_TO_MOST_SECONDS = 90.0

_PAUSES = re.compile(r"[,.:;!?](?=\s+\S)")


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


def step_announcements(step: Step, amount: Amount) -> list[str]:
    """What can be said of a step in its get-ready, the most detailed first: 'Lunge. 30
    seconds each side, left knee down first.', then without which side comes first (the screen
    shows it, and the switch chime and "Switch sides" mark the change), then the name alone.
    `amount`: the step's, with the settings applied (StepPlan.amount)."""
    length = amount.said()
    side_first = f", {step.side_words(step.first_side)} first" if step.two_sided else ""
    rounds = f", {step.rounds} rounds" if step.rounds > 1 else ""
    wordings = [f"{step.name}. {length}{side_first}{rounds}.", f"{step.name}. {length}{rounds}.", f"{step.name}."]
    return list(dict.fromkeys(wordings))


def how_to_lines(step: Step) -> tuple[str, ...]:
    """The step's instructions as they are said after its announcement: in order, one line
    each, blank ones left out."""
    return _how_to(step.instructions)[0]


@lru_cache(maxsize=4096)
def _how_to(instructions: tuple[str, ...]) -> tuple[tuple[str, ...], float]:
    """The lines of a how-to, and how long they take one after another. Cached: a timeline
    is built many times over (every total in the library, each try of fitting a routine to
    a time), and the instructions' words do not change."""
    lines = tuple(line.strip() for line in instructions if spoken_words(line))
    return lines, sum(speech_seconds(line) for line in lines)


def how_to_get_ready(step: Step, amount: Amount) -> float:
    """How long a get-ready has to be, in whole seconds, for the step's fullest announcement
    and then all of its instructions, said one after another, to end HOW_TO_SETTLE_SECONDS
    before the start chime (a step without instructions: its announcement, with the margin
    every line keeps). Never more than HOW_TO_MOST_SECONDS."""
    lines, seconds = _how_to(step.instructions)
    words = speech_seconds(step_announcements(step, amount)[0]) + seconds
    needed = words + (HOW_TO_SETTLE_SECONDS if lines else SPEECH_MARGIN_SECONDS)
    return float(min(math.ceil(needed), HOW_TO_MOST_SECONDS))
