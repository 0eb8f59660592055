"""A routine's own poses and movements, as the file gives them: plain data, kept by the
routine (core/routine/model.py), drawn by core/routine/poses.py and kept as it is by the
library cache."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

#: A value in a pose of a routine's own: a name or an angle, or a list of them (kept as a tuple).
PoseValue = Union[str, int, float, tuple[Union[str, int, float], ...]]


@dataclass(frozen=True)
class OwnPoses:
    """The poses and movements a routine file defines for its steps (its `poses:` and
    `motions:` sections), as plain data in the file's order: each pose its fields as
    (key, value) pairs, each movement the names of its two poses. core/routine/poses.py draws them;
    the library cache keeps them as they are."""

    poses: tuple[tuple[str, tuple[tuple[str, PoseValue], ...]], ...] = ()
    motions: tuple[tuple[str, tuple[str, str]], ...] = ()
    #: The form the poses are given in: the routine file's format (core/routine/poses.py).
    form: int = 2

    def __bool__(self) -> bool:
        return bool(self.poses or self.motions)

    def names(self) -> set[str]:
        return {name for name, _ in self.poses} | {name for name, _ in self.motions}

    def as_file(self) -> dict[str, dict[str, Any]]:
        """The sections as the file gives them: {"poses": {name: {key: value}}, "motions": {name: [from, to]}}."""
        return {
            "poses": {name: {key: list(value) if isinstance(value, tuple) else value for key, value in fields}
                      for name, fields in self.poses},
            "motions": {name: list(pair) for name, pair in self.motions},
        }

    @classmethod
    def from_file(cls, poses: dict[str, dict[str, Any]], motions: dict[str, list[str]], form: int = 2) -> OwnPoses:
        return cls(
            poses=tuple((name, tuple((key, tuple(value) if isinstance(value, list) else value) for key, value in fields.items()))
                        for name, fields in poses.items()),
            motions=tuple((name, (pair[0], pair[1])) for name, pair in motions.items()),
            form=form,
        )
