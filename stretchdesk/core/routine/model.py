"""The routine model: what a validated routine file becomes. Plain, immutable data."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from stretchdesk.core.routine.durations import Duration
from stretchdesk.core.routine.own_poses import OwnPoses

if TYPE_CHECKING:
    from stretchdesk.core.figure.motion import Motion
    from stretchdesk.core.routine.poses import Pictures

LEVELS = ("beginner", "intermediate", "advanced")

#: The bounds the routine format sets (routines/routine.schema.json; a test keeps the two in
#: agreement), for what is read back from the library cache without the schema checker.
LIMITS = {
    "id": 64, "name": 120, "side_label": 40, "text": 4000, "lines": 50, "seconds": 3600, "reps": 100, "breaths": 60,
    "rounds": 10, "steps": 200, "variants": 20, "levels": LEVELS, "problems": 100_000,
    # A routine's own poses, and its own movements, each at most this many.
    "poses": 100,
}

DEFAULT_SAFETY = (
    "With a back condition, an injury, or any doubt about whether stretching suits you, get "
    "the go-ahead from your physician or physiotherapist first. Move slowly, never bounce, "
    "and come out of a stretch straight away if it hurts."
)


def slugify(text: str) -> str:
    """'Child's Pose' -> 'childs-pose': the default id of a step, and of a routine from its file name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "").replace("\u2019", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:64].rstrip("-")


#: Characters that show nothing and that no category of their own marks as such: the
#: combining grapheme joiner, variation selectors, Mongolian and Hangul fillers.
_IGNORABLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10),
     *range(0xE0100, 0xE01F0)]
)


def comparable_id(text: str) -> str:
    """An id as a person reads it, for telling whether two ids are the same: compatibility
    forms made plain (NFKC: a full-width 'ｄ' is 'd'), invisible characters (controls, a
    last newline, zero-width and formatting characters, spaces, variation selectors)
    dropped, and case folded. Letters that only look alike (a Cyrillic 'а') stay apart."""
    plain = unicodedata.normalize("NFKC", text)
    kept = "".join(ch for ch in plain if ord(ch) not in _IGNORABLE and unicodedata.category(ch)[0] not in "CZ")
    return unicodedata.normalize("NFKC", kept.casefold())


class Measure(enum.Enum):
    """How a step is measured: the one answer the timeline, the announcements, the
    command line's JSON and the preview all read."""

    #: A time for the whole step, shared evenly among its sides and rounds.
    DURATION = "duration"
    #: A time for each hold, per side and per round.
    HOLD = "hold"
    #: A number of repetitions, each held briefly and paced by the rep tempo.
    REPS = "reps"
    #: A number of whole breaths, paced by the breath length.
    BREATHS = "breaths"

    @property
    def counted(self) -> bool:
        """Reps and breaths are counted; their pace comes from the settings, not a hold."""
        return self in (Measure.REPS, Measure.BREATHS)

    @property
    def timed(self) -> bool:
        """A hold or a duration: the hold-time setting scales it and the person may set their own."""
        return not self.counted


#: A step's side_label when its file gives none.
SIDE_LABEL = "{side} side"


@dataclass(frozen=True)
class Step:
    """One exercise. Exactly one of duration, hold, reps or breaths says how long it lasts
    (see `measure`)."""

    id: str
    name: str
    summary: str = ""
    difficulty: str | None = None
    instructions: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    adjustments: tuple[str, ...] = ()
    #: The whole step: split evenly between sides and rounds.
    duration: Duration | None = None
    #: One hold, per side and per round.
    hold: Duration | None = None
    reps: int | None = None
    #: How long each repetition is held (the 2 second pull), per rep.
    rep: Duration | None = None
    breaths: int | None = None
    sides: int = 1
    first_side: str = "left"
    #: What "left" or "right" means for this step, in a few words with "{side}" where the
    #: side goes ("{side} knee down", "{side} ankle crossed"): shown and said wherever the
    #: side is, so a person on the mat knows which leg "left side" is.
    side_label: str = SIDE_LABEL
    rounds: int = 1
    #: The pose or movement that pictures the step (core/routine/poses.py), drawn for the left side.
    pose: str | None = None
    #: Where the step starts in its file, so problems found later can point at it.
    line: int | None = None

    @property
    def measure(self) -> Measure:
        if self.reps is not None:
            return Measure.REPS
        if self.breaths is not None:
            return Measure.BREATHS
        if self.hold is not None:
            return Measure.HOLD
        return Measure.DURATION

    @property
    def two_sided(self) -> bool:
        return self.sides == 2

    def side_words(self, side: str) -> str:
        """The side in this step's own words: "left knee down"."""
        return self.side_label.replace("{side}", side)

    @property
    def side_order(self) -> tuple[str | None, ...]:
        if not self.two_sided:
            return (None,)
        other = "right" if self.first_side == "left" else "left"
        return (self.first_side, other)


@dataclass(frozen=True)
class Variant:
    """A choice made before starting: some steps replaced by others (or left out)."""

    id: str
    name: str
    description: str = ""
    #: step id -> the steps done in its place (possibly none).
    replacements: tuple[tuple[str, tuple[Step, ...]], ...] = ()


class Pictured(Protocol):
    """Anything that names a step's picture: a Step, a preview's row of one."""

    pose: str | None


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    level: str | None = None
    focus: tuple[str, ...] = ()
    about: str = ""
    targets: str = ""
    suits: str = ""
    tips: str = ""
    closing: str = ""
    credit: str = ""
    safety: str = DEFAULT_SAFETY
    variants: tuple[Variant, ...] = ()
    #: The poses and movements the file defines for its own steps (a step's `pose:` may
    #: name them as it names the library's; the routine's own win).
    poses: OwnPoses = OwnPoses()
    file: Path | None = None
    #: The file's bytes hashed, so a later step editor can tell when a file changed.
    digest: str = field(default="", compare=False)
    #: Its steps' pictures, resolved once: given by the loader, which built the routine's
    #: own poses while checking them, or made on the first `motion()` (a routine read back
    #: from the library cache draws nothing before a page needs a picture).
    pictures: Pictures | None = field(default=None, compare=False, repr=False)

    def motion(self, step: Pictured) -> Motion | None:
        """What a step of this routine shows (a Step, or a preview's row of one): its pose
        or movement, the routine's own first, then the pose library's."""
        if self.pictures is None:
            from stretchdesk.core.routine.poses import Pictures  # the pose library, read on first use

            object.__setattr__(self, "pictures", Pictures(self.poses))
        return self.pictures.motion(step.pose)

    def has_variant(self, variant_id: str) -> bool:
        return any(variant.id == variant_id for variant in self.variants)

    def variant(self, variant_id: str | None) -> Variant | None:
        if variant_id is None:
            return None
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise KeyError(variant_id)

    def steps_for(self, variant_id: str | None = None) -> tuple[Step, ...]:
        """The steps in order, with the chosen variant's replacements applied."""
        variant = self.variant(variant_id)
        if variant is None:
            return self.steps
        replaced = dict(variant.replacements)
        result: list[Step] = []
        for step in self.steps:
            if step.id in replaced:
                result.extend(replaced[step.id])
            else:
                result.append(step)
        return tuple(result)
