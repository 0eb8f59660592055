"""Durations written the way people write them: 30, 30s, 0:30, 1:30, 1m30s, 2 min, 20-30s.

The same grammar is published in routines/routine.schema.json as a regular expression so a
text editor can check a routine file; tests keep the two in agreement.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from stretchdesk.core import words

_SECONDS_UNIT = r"(?:s|secs?|seconds?)"
_MINUTES_UNIT = r"(?:m|mins?|minutes?)"
# Every run of spaces in the grammar comes right before something it must be followed by
# (a unit, a digit, a range separator) or at the very end, never between two optional
# parts: so there is only one way to match any text, and matching takes time in proportion
# to its length. ("1" + 40,000 spaces + "x" took 33 s with the grammar before this one.)
_ONE = (
    rf"(?:\d+:[0-5]\d"  # 1:30
    rf"|\d+\s*{_MINUTES_UNIT}\s*\d+\s*{_SECONDS_UNIT}"  # 1m30s, 1 min 30 s
    rf"|\d+(?:\.\d+)?(?:\s*(?:{_SECONDS_UNIT}|{_MINUTES_UNIT}))?)"  # 30, 30s, 2 min
)
_RANGE_SEPARATOR = r"\s*(?:-|–|—|to)\s*"

#: The whole grammar, also used as the schema's "pattern" for duration strings.
DURATION_PATTERN = rf"^\s*{_ONE}(?:{_RANGE_SEPARATOR}{_ONE})?\s*$"
#: The same, with the two ends of a range captured.
_DURATION_PARTS = rf"^\s*(?P<low>{_ONE})(?:{_RANGE_SEPARATOR}(?P<high>{_ONE}))?\s*$"
#: No duration a person writes is longer ("1 minute 30 seconds - 2 minutes 30 seconds" is
#: 42); longer text is refused before any pattern sees it. The schema says the same.
MAX_DURATION_TEXT = 64

_ONE_WITH_PARTS = (
    rf"^(?:(?P<clock_m>\d+):(?P<clock_s>[0-5]\d)"
    rf"|(?P<ms_m>\d+)\s*{_MINUTES_UNIT}\s*(?P<ms_s>\d+)\s*{_SECONDS_UNIT}"
    rf"|(?P<num>\d+(?:\.\d+)?)(?:\s*(?:(?P<sec>{_SECONDS_UNIT})|(?P<min>{_MINUTES_UNIT})))?)$"
)


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    # Compiled when first needed: a library read from its cache never parses a duration.
    return re.compile(pattern)

#: Which end of a range to use: the settings call these shorter, middle and longer.
RANGE_ENDS = ("shorter", "middle", "longer")

HOW_TO_WRITE = "write it like 30, 30s, 0:30, 1m30s, 2 min or a range like 20-30s"


class DurationError(ValueError):
    """A duration that cannot be read; the message is meant for a person."""


@dataclass(frozen=True)
class Duration:
    """A length of time in seconds, possibly a range (low < high) as some sources give it."""

    low: float
    high: float

    @classmethod
    def exactly(cls, seconds: float) -> Duration:
        return cls(float(seconds), float(seconds))

    @property
    def is_range(self) -> bool:
        return self.high != self.low

    def pick(self, end: str = "middle") -> float:
        if end == "shorter":
            return self.low
        if end == "longer":
            return self.high
        if end == "middle":
            return (self.low + self.high) / 2
        raise ValueError(f"unknown range end {end!r}; expected one of {', '.join(RANGE_ENDS)}")

    def halved(self) -> Duration:
        return Duration(self.low / 2, self.high / 2)

    def __str__(self) -> str:
        if self.is_range:
            if self.low % 60 == 0 and self.high % 60 == 0:
                return f"{words.number(self.low / 60)}-{words.seconds(self.high)}"  # '1-2 min'
            # '20-30s'; the first end's unit only where the two ends' units differ.
            return f"{words.seconds(self.low, unit=self.high >= 60)}-{words.seconds(self.high)}"
        return words.seconds(self.low)


def _parse_one(text: str, *, minutes_if_bare: bool = False) -> tuple[float, bool]:
    """Return (seconds, in_minutes) for one duration without a range."""
    match = _compiled(_ONE_WITH_PARTS).match(text)
    if match is None:
        raise DurationError(f"{text!r} is not a duration; {HOW_TO_WRITE}")
    if match["clock_m"] is not None:
        return int(match["clock_m"]) * 60 + int(match["clock_s"]), False
    if match["ms_m"] is not None:
        return int(match["ms_m"]) * 60 + int(match["ms_s"]), False
    number = float(match["num"])
    if match["min"] is not None:
        return number * 60, True
    if match["sec"] is not None:
        return number, False
    return (number * 60 if minutes_if_bare else number), False


#: The shortest duration, hold or rep a routine may give (seconds). Anything shorter is
#: over before a person can do it, and a step must have time of its own in the routine:
#: added to an hour of steps, a millionth of a second vanishes in the sum.
SHORTEST_SECONDS = 0.1


def _too_short(value: object, seconds: float) -> DurationError | None:
    if seconds <= 0:
        return DurationError(f"{value!r}{' seconds' if not isinstance(value, str) else ''} is not a duration; a duration must be more than zero")
    if seconds < SHORTEST_SECONDS:
        return DurationError(f"{value!r}{' seconds' if not isinstance(value, str) else ''} is too short to do; "
                             f"a duration must be at least {SHORTEST_SECONDS:g} seconds")
    return None


def parse_duration(value: object) -> Duration:
    """Read a duration from a YAML value: a number of seconds or a string in the grammar above.

    In a range the unit of the second half also applies to a bare first half, so "1-2 min"
    means one to two minutes, as a person reading it would take it.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise DurationError(f"{value!r} is not a duration; {HOW_TO_WRITE}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise DurationError(f"{value!r} is not a duration; {HOW_TO_WRITE}")
        if (problem := _too_short(value, value)) is not None:
            raise problem
        return Duration.exactly(value)
    if len(value) > MAX_DURATION_TEXT:
        raise DurationError(f"{len(value)} characters is too long for a duration; {HOW_TO_WRITE}")
    match = _compiled(_DURATION_PARTS).match(value)
    if match is None:
        raise DurationError(f"{value!r} is not a duration; {HOW_TO_WRITE}")
    if match["high"] is None:
        seconds, _ = _parse_one(match["low"])
        if (problem := _too_short(value, seconds)) is not None:
            raise problem
        return Duration.exactly(seconds)
    high, high_in_minutes = _parse_one(match["high"])
    low, _ = _parse_one(match["low"], minutes_if_bare=high_in_minutes)
    if (problem := _too_short(value, low)) is not None:
        raise problem
    if low > high:
        raise DurationError(f"{value!r} is a range that runs backwards; write the shorter time first")
    return Duration(float(low), float(high))


#: How a length of time is written is core.words' to say; these are its names here.
format_seconds = words.seconds
format_clock = words.clock
