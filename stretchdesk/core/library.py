"""The routine library: every routine file in the built-in folder and the person's folder.

A broken file never stops the others from loading; its problems are kept so the window
and the command line can show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import gc
import os
import pickle

from stretchdesk import __version__
from stretchdesk.core import paths
from stretchdesk.core.model import Routine
from stretchdesk.core.problems import Problem

ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass
class Library:
    routines: list[Routine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files that could not be loaded, in the order they were found.
    broken_files: list[str] = field(default_factory=list)

    def get(self, routine_id: str) -> Routine | None:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        return None

    def suggest(self, routine_id: str) -> list[str]:
        import difflib

        return difflib.get_close_matches(routine_id, [r.id for r in self.routines], n=3, cutoff=0.5)

    def problems_for(self, file: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.file == file]


def default_folders() -> list[Path]:
    return [paths.builtin_routines_dir(), paths.user_routines_dir()]


def routine_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [entry for entry in entries if entry.suffix.lower() in ROUTINE_SUFFIXES and not entry.name.startswith(".")]


def load_library(folders: Iterable[Path] | None = None, *, use_cache: bool = True) -> Library:
    """Load every routine file in the folders, in order; an id seen before is a problem.

    What a file held is remembered in a cache (keyed by the file's path, size and change
    time, and by the loader's own code), so an unchanged library loads without parsing or
    checking anything: start-up does not wait for YAML and the schema."""
    library = Library()
    owners: dict[str, Path] = {}
    cache = _LibraryCache() if use_cache else None
    for folder in default_folders() if folders is None else folders:
        try:
            files = routine_files(folder)
        except OSError as error:
            library.problems.append(Problem(str(folder), None, None, "", f"the folder cannot be read: {error.strerror or error}"))
            continue
        for file in files:
            result = cache.get(file) if cache else None
            if result is None:
                from stretchdesk.core.loader import load_routine_file  # only when a file must be read

                result = load_routine_file(file)
                if cache:
                    cache.put(file, result)
            if result.routine is None:
                library.problems.extend(result.problems)
                library.broken_files.append(str(file))
                continue
            routine = result.routine
            if routine.id in owners:
                library.problems.append(
                    Problem(
                        str(file), _id_line(file), None, "id",
                        f"the routine id '{routine.id}' is already used by {owners[routine.id]}; "
                        "give this routine its own 'id:' (or rename the file)",
                    )
                )
                library.broken_files.append(str(file))
                continue
            owners[routine.id] = file
            library.routines.append(routine)
    if cache:
        cache.save()
    return library


class _LibraryCache:
    """What each routine file held the last time it was read. A cache that is missing,
    damaged or from other code is simply not used; nothing depends on it."""

    def __init__(self) -> None:
        self.path = paths.user_cache_dir() / "library.pickle"
        self.stamp = _code_stamp()
        self.entries: dict[str, tuple[int, int, object]] = {}
        self.seen: set[str] = set()
        self.changed = False
        collecting = gc.isenabled()
        gc.disable()  # unpickling makes many small objects; the collector would rescan them all, again and again
        try:
            with self.path.open("rb") as handle:
                stamp, entries = pickle.load(handle)
            if stamp == self.stamp and isinstance(entries, dict):
                self.entries = entries
        except Exception:  # noqa: BLE001 - any unreadable cache is no cache
            self.entries = {}
        finally:
            if collecting:
                gc.enable()

    @staticmethod
    def _key(file: Path) -> tuple[int, int] | None:
        try:
            info = file.stat()
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns

    def get(self, file: Path):
        self.seen.add(str(file))
        entry = self.entries.get(str(file))
        if entry is None or entry[:2] != self._key(file):
            return None
        return entry[2]

    def put(self, file: Path, result) -> None:
        key = self._key(file)
        if key is not None:
            self.entries[str(file)] = (*key, result)
            self.changed = True

    def save(self) -> None:
        """Keep exactly the files this load saw: a file deleted or moved away is forgotten,
        so the cache never outgrows the library."""
        if set(self.entries) - self.seen:
            self.entries = {path: entry for path, entry in self.entries.items() if path in self.seen}
            self.changed = True
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump((self.stamp, self.entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only means parsing again next time


def _code_stamp() -> tuple:
    """Changes whenever the code or the schema that decide what a file means change (their
    sizes and change times; hashing them would cost start-up time for nothing)."""
    core = Path(__file__).resolve().parent
    stamp: list = [__version__]
    for source in (core / "loader.py", core / "model.py", core / "durations.py", paths.builtin_routines_dir() / "routine.schema.json"):
        try:
            info = source.stat()
            stamp.append((source.name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((source.name, None))
    return tuple(stamp)


def _id_line(file: Path) -> int:
    """The line of a top-level 'id:' key, or 1 when the id comes from the file name."""
    try:
        for number, line in enumerate(file.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if line.startswith("id:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1
