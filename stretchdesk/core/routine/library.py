"""The routine library: every routine file in the built-in folder and the person's folder.

A broken file never stops the others from loading; its problems are kept so the window
and the command line can show them.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from stretchdesk.core import paths
from stretchdesk.core.files import file_identity, read_regular_file
from stretchdesk.core.routine.cache import CacheInvalid, LibraryCache, Listed, ListingCache
from stretchdesk.core.routine.model import Routine, comparable_id
from stretchdesk.core.routine.problems import LoadResult, Problem

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

    def variant_name(self, routine_id: str, variant_id: str) -> str | None:
        """The name a routine gives one of its variants, while the library has both."""
        routine = self.get(routine_id)
        return next((v.name for v in routine.variants if v.id == variant_id), None) if routine else None

    def suggest(self, routine_id: str) -> list[str]:
        import difflib

        return difflib.get_close_matches(routine_id, [r.id for r in self.routines], n=3, cutoff=0.5)

    def problems_for(self, file: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.file == file]


class RoutineNotFound(LookupError):
    """A routine asked for by id or file that cannot be played. The message is meant for a
    person; `problems` are a file's own problems, when it was a file that failed."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


def looks_like_file(reference: str) -> bool:
    path = Path(reference).expanduser()
    if path.suffix.lower() in ROUTINE_SUFFIXES or "/" in reference or "\\" in reference:
        return True
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system is no file of ours
        return False


def resolve_routine(reference: str, library_loader: Callable[[], Library] | None = None) -> Routine:
    """A routine by id from the library, or by path to a routine file. Raises
    RoutineNotFound with a plain message (and the file's problems, if it has any)."""
    if looks_like_file(reference):
        from stretchdesk.core.routine.loader import load_routine_file

        result = load_routine_file(Path(reference).expanduser())
        if result.routine is None:
            raise RoutineNotFound(f"The routine file {reference} cannot be used until its problems are fixed", result.problems)
        return result.routine
    library = (library_loader or load_library)()
    routine = library.get(reference)
    if routine is None:
        suggestions = library.suggest(reference)
        hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else " 'stretchdesk list' shows the routines."
        raise RoutineNotFound(f"There is no routine with the id '{reference}'.{hint}")
    return routine


def check_variant(routine: Routine, variant: str | None) -> None:
    """Raises RoutineNotFound when the routine has no such variant."""
    if variant is not None and not routine.has_variant(variant):
        known = ", ".join(v.id for v in routine.variants) or "none"
        raise RoutineNotFound(f"The routine '{routine.id}' has no variant '{variant}' (its variants: {known})")


def default_folders() -> list[Path]:
    return [paths.builtin_routines_dir(), paths.user_routines_dir()]


def routine_files(folder: Path) -> list[Path]:
    return [folder / name for name in _routine_names(folder)]


def _routine_names(folder: Path) -> list[str]:
    """The names of the routine files in a folder, in order (their paths' order)."""
    try:
        names = sorted(os.listdir(folder))  # by name: the paths' order, without a path made to compare
    except (FileNotFoundError, NotADirectoryError):
        return []
    # The built-in folder also holds the pose library, which is not a routine (a person's
    # own folder may have a routine of that name).
    return [name for name in names
            if name.lower().endswith(ROUTINE_SUFFIXES) and not name.startswith(".")
            and (name not in (paths.POSES_FILE, paths.FORMAT1_POSES_FILE) or not paths.is_pose_library(folder / name))]


#: More routine files than this are loaded after the window is on screen, not before it.
LARGE_LIBRARY_FILES = 300


def library_is_large(folders: Iterable[Path] | None = None) -> bool:
    """Whether the routine folders hold more files than are worth making the window wait for."""
    total = 0
    for folder in default_folders() if folders is None else folders:
        try:
            total += len(routine_files(folder))
        except OSError:
            continue
    return total > LARGE_LIBRARY_FILES


def load_library(folders: Iterable[Path] | None = None, *, use_cache: bool = True) -> Library:
    """Load every routine file in the folders, in order; an id seen before is a problem.

    What a file held is remembered in a cache (see library_cache), so an unchanged library
    loads without parsing or checking anything: start-up does not wait for YAML and the
    schema."""
    with _no_collection():
        return _load_library(folders, use_cache)


def _load_library(folders: Iterable[Path] | None, use_cache: bool) -> Library:
    library = Library()
    #: Each id as it reads (comparable_id), with the file and routine that have it.
    owners: dict[str, tuple[Path, Routine]] = {}
    cache = LibraryCache() if use_cache else None
    for file in _files(default_folders() if folders is None else folders):
        if isinstance(file, Problem):
            library.problems.append(file)
            continue
        result = _result(cache, file)
        if result.routine is None:
            library.problems.extend(result.problems)
            library.broken_files.append(str(file))
            continue
        routine = result.routine
        key = comparable_id(routine.id)
        if key in owners:
            owner, taken = owners[key]
            library.problems.append(_id_taken(file, routine.id, owner, taken.id, taken.title))
            library.broken_files.append(str(file))
            continue
        owners[key] = (file, routine)
        library.routines.append(routine)
    if cache:
        cache.save()
    return library


@dataclass
class Listing:
    """The library as a list of the routines shows it: the same routines, problems and
    broken files as load_library finds, each routine as its Listed."""

    routines: list[Listed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken_files: list[str] = field(default_factory=list)


def list_library(summarise: Callable[[Routine], tuple], stamp: Any, folders: Iterable[Path] | None = None) -> Listing:
    """The library as `stretchdesk list` shows it, as fast as the disk allows: each file
    is looked at (its identity), and an unchanged one is listed from the listing cache
    without its routine being read, decoded or checked. A file not listed before, or
    changed since, is loaded as load_library loads it and summed up by `summarise`; the
    summaries are kept under `stamp`, whatever else they depend on (the settings)."""
    with _no_collection():
        return _list_library(summarise, stamp, folders)


def _list_library(summarise: Callable[[Routine], tuple], stamp: Any, folders: Iterable[Path] | None) -> Listing:
    listing = Listing()
    index = ListingCache(stamp)
    # File names as text: ten thousand paths made, compared and printed cost more than
    # looking at the files.
    found: list[str | Problem] = []
    for folder in default_folders() if folders is None else folders:
        try:
            prefix = os.path.join(folder, "")
            found.extend(prefix + name for name in _routine_names(folder))
        except OSError as error:
            found.append(_unreadable(folder, error))
    files = [file for file in found if isinstance(file, str)]
    listed: list[Listed | None] = []
    for file in files:
        try:
            listed.append(index.get(file, file_identity(file)))
        except CacheInvalid:
            index.forget()
            listed = [None] * (len(listed) + 1)
    if None in listed:
        cache = LibraryCache()
        cache.seen.update(files)  # the others stay in it
        for position, file in enumerate(files):
            if listed[position] is None:
                before = file_identity(file)
                result = _result(cache, Path(file))
                if result.routine is None:
                    item = Listed(None, problems=tuple(result.problems))
                else:
                    item = Listed(result.routine.id, result.routine.title, tuple(summarise(result.routine)))
                index.put(file, before, item)
                listed[position] = item
        cache.save()
    owners: dict[str, tuple[str, Listed]] = {}
    items = iter(listed)
    for file in found:
        if isinstance(file, Problem):
            listing.problems.append(file)
            continue
        item = next(items)
        assert item is not None
        if item.id is None:
            listing.problems.extend(item.problems)
            listing.broken_files.append(file)
        elif (key := comparable_id(item.id)) in owners:
            owner, taken = owners[key]
            listing.problems.append(_id_taken(Path(file), item.id, Path(owner), taken.id or "", taken.title))
            listing.broken_files.append(file)
        else:
            owners[key] = (file, item)
            listing.routines.append(item)
    index.save()
    return listing


@contextmanager
def _no_collection() -> Iterator[None]:
    """Loading a library makes many small objects that all live on: Python's cycle
    collector rescanned them again and again as their number grew, so that a thousand
    files from the cache took three times as long each as ten."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _files(folders: Iterable[Path]) -> list[Path | Problem]:
    """Every routine file in the folders, in order, and in its place a problem for each
    folder that cannot be read."""
    found: list[Path | Problem] = []
    for folder in folders:
        try:
            found.extend(routine_files(folder))
        except OSError as error:
            found.append(_unreadable(folder, error))
    return found


def _unreadable(folder: Path, error: OSError) -> Problem:
    return Problem(str(folder), None, None, "", f"the folder cannot be read: {error.strerror or error}")


def _result(cache: LibraryCache | None, file: Path) -> LoadResult:
    """What the file holds: from the cache while it is unchanged, else read and checked."""
    result = _cached(cache, file) if cache else None
    if result is None:
        from stretchdesk.core.routine.loader import load_routine_file  # only when a file must be read

        before = file_identity(file)
        result = load_routine_file(file)
        if cache:
            cache.put(file, before, result)
    return result


def _id_taken(file: Path, routine_id: str, owner: Path, owner_id: str, owner_title: str) -> Problem:
    """The later of two files whose ids read the same (comparable_id), naming the other."""
    which = "the built-in routine" if owner.parent == paths.builtin_routines_dir() else "the routine"
    owned_by = f"{which} {_quoted(owner_title)} ({owner})"
    if routine_id == owner_id:
        said = f"the routine id '{routine_id}' is already used by {owned_by}"
    else:
        said = f"the routine id {_quoted(routine_id)} reads as '{owner_id}', the id of {owned_by}"
    return Problem(str(file), _id_line(file), None, "id", f"{said}; give this routine its own 'id:' (or rename the file)")


def _quoted(text: str) -> str:
    """Quoted, with what does not show written out ('\\n', '\\u200b')."""
    return repr(text) if not text.isprintable() else f"'{text}'"


def _cached(cache: LibraryCache, file: Path) -> LoadResult | None:
    try:
        return cache.get(file, file_identity(file))
    except CacheInvalid:
        # Not something the loader made: none of the cache is trusted, every file is read.
        cache.forget()
        return None


def _id_line(file: Path) -> int:
    """The line of a top-level 'id:' key, or 1 when the id comes from the file name."""
    from stretchdesk.core.routine.loader import MAX_FILE_BYTES

    try:
        text = read_regular_file(file, MAX_FILE_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("id:"):
            return number
    return 1
