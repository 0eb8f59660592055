"""A problem found in a routine file, worded for the person who has to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stretchdesk.core.routine.model import Routine


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    #: Where in the routine, in plain words: 'step 5 "Lunge", duration'. Empty for the whole file.
    field: str
    message: str

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.location}: {where}{self.message}"

    @property
    def file_name(self) -> str:
        return Path(self.file).name


@dataclass(frozen=True)
class LoadResult:
    """A routine file read: the routine, or the problems that kept it from loading. It lives
    here, away from the loader, so the library cache can hold it without the loader (and
    the schema checker it imports) being loaded at start-up."""

    routine: Routine | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.routine is not None
