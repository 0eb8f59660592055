"""What each routine file held the last time it was read, so an unchanged library loads
without parsing YAML or importing the schema checker.

The cache is data only: JSON, read back field by field with every type and bound checked
(the same bounds the routine format sets), because anyone who can write the cache folder
could have written it. A cache that is missing, damaged, too large, from other code or
fails any check is simply not used and is rebuilt; nothing depends on it.

An entry is keyed on the file's identity (device, inode, size, modification and change
times in nanoseconds) as it was before the file was read, so a file that changed while it
was read is read again next time; one that changed so recently that a second change could
leave the same identity is not cached at all.
"""

from __future__ import annotations

import gc
import math
import time
from pathlib import Path
from typing import Any, Callable, NamedTuple

from stretchdesk.core.about import VERSION
from stretchdesk.core import paths
from stretchdesk.core.routine.durations import Duration
from stretchdesk.core.files import (
    DamagedFile,
    FileRefused,
    json_bytes,
    parse_json,
    read_regular_file,
    remove_stale_temporaries,
    write_atomic,
)
from stretchdesk.core.routine.model import LIMITS, Routine, Step, Variant
from stretchdesk.core.routine.own_poses import OwnPoses, PoseValue
from stretchdesk.core.routine.problems import LoadResult, Problem

CACHE_NAME = "library.json"
CACHE_FORMAT = "stretchdesk-library-cache"
#: Ten thousand routine files of generous size fit well within this.
MAX_CACHE_BYTES = 256 * 1024 * 1024
#: A file changed less than this long ago may change again without its identity changing
#: (file systems keep times at a coarser grain than nanoseconds): read it again next time.
RECENT_SECONDS = 2.0

Identity = tuple[int, ...]


class CacheInvalid(ValueError):
    """The cache holds something the loader would never have produced."""


def read_entries(path: Path, kind: str, stamp: Any, limit: int = MAX_CACHE_BYTES, walk_depth: bool = False) -> dict[str, Any]:
    """A cache file's entries, if it is of this kind and stamp; CacheInvalid if not. For
    the library's caches only each entry's fields are looked into, by the cache reading
    them: no depth is walked first (`walk_depth` walks it, for entries read as they are)."""
    data = parse_json(read_regular_file(path, limit), walk_depth=walk_depth)
    if not isinstance(data, dict) or data.get("format") != kind or data.get("stamp") != stamp:
        raise CacheInvalid("another format, other code or other settings")
    entries = data.get("entries")
    if not isinstance(entries, dict):
        raise CacheInvalid("no entries")
    return entries


def write_entries(path: Path, kind: str, stamp: Any, entries: dict[str, Any]) -> None:
    remove_stale_temporaries(path.parent, path.name)
    data = {"format": kind, "stamp": stamp, "entries": entries}
    try:
        # ASCII: a file name that is not UTF-8 is kept as an escaped surrogate, which
        # JSON can carry and UTF-8 cannot.
        write_atomic(path, json_bytes(data, ascii_only=True))
    except OSError:
        pass  # a cache that cannot be written only means reading the files again next time


class _FileEntries:
    """What the library cache and the listing cache share: an entry for each file, kept with
    the identity the file had when it was read, and only for the files the last load saw."""

    entries: dict[str, Any]
    seen: set[str]
    changed: bool

    def _keep(self, file: Path | str, before: Identity | None, entry: Callable[[Identity], Any]) -> None:
        """Remember `entry` for a file under the identity it had before it was read: a file
        saved while it was read no longer has that identity, so it is read again next time;
        one changed moments ago may change again unseen, so it is not kept at all."""
        name = str(file)
        self.seen.add(name)
        if before is None or time.time_ns() - max(before[3], before[4]) < RECENT_SECONDS * 1e9:
            if self.entries.pop(name, None) is not None:
                self.changed = True
            return
        self.entries[name] = entry(before)  # made only for a file that is kept
        self.changed = True

    def forget(self) -> None:
        """The cache held something it should not: start again from nothing."""
        self.entries.clear()
        self.changed = True

    def _drop_unseen(self) -> None:
        """Keep exactly the files this load saw: a file deleted or moved away is forgotten,
        so the cache never outgrows the library."""
        if set(self.entries) - self.seen:
            self.entries = {name: entry for name, entry in self.entries.items() if name in self.seen}
            self.changed = True


class LibraryCache(_FileEntries):
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_cache_dir() / CACHE_NAME
        self.stamp = code_stamp()
        self.entries: dict[str, tuple[Identity, dict[str, Any]]] = {}
        self.seen: set[str] = set()
        self.changed = False
        collecting = gc.isenabled()
        gc.disable()  # reading makes many small objects; the collector would rescan them all, again and again
        try:
            self.entries = self._read()
        except (FileNotFoundError, FileRefused, DamagedFile, CacheInvalid):
            self.entries = {}
            self.changed = True  # replaced with a good one at the end of this load
        finally:
            if collecting:
                gc.enable()

    def _read(self) -> dict[str, tuple[Identity, dict[str, Any]]]:
        # Each value is taken by its field, its type checked: no depth is walked first.
        entries = read_entries(self.path, CACHE_FORMAT, self.stamp)
        result = {}
        for name, entry in entries.items():
            if not isinstance(entry, dict):
                raise CacheInvalid(name)
            identity = entry.get("identity")
            if not isinstance(identity, list) or len(identity) != 5 or not all(_is_int(part) for part in identity):
                raise CacheInvalid(name)
            result[name] = (tuple(identity), entry)
        return result

    def get(self, file: Path, identity: Identity | None) -> LoadResult | None:
        """What the file held, if it has not changed since; raises CacheInvalid if the
        entry is not something the loader could have made."""
        name = str(file)
        self.seen.add(name)
        entry = self.entries.get(name)
        if entry is None or identity is None or entry[0] != identity:
            return None
        return decode_result(entry[1], file)

    def put(self, file: Path, before: Identity | None, result: LoadResult) -> None:
        """Remember what a file held under the identity it had before it was read."""
        self._keep(file, before, lambda identity: (identity, {"identity": list(identity), **encode_result(result)}))

    def save(self) -> None:
        self._drop_unseen()
        if self.changed:
            write_entries(self.path, CACHE_FORMAT, self.stamp, {name: entry for name, (_, entry) in self.entries.items()})


def code_stamp() -> list:
    """Changes whenever the code or the schema that decide what a file means change (their
    sizes and change times; hashing them would cost start-up time for nothing)."""
    routine = Path(__file__).resolve().parent
    figure = routine.parent / "figure"
    stamp: list = [VERSION]
    # The loader checks each step's pose against the pose library, and a routine's own
    # poses as the library's are checked, so those count too.
    for source in (routine / "loader.py", routine / "model.py", routine / "durations.py", routine / "cache.py",
                   routine / "poses.py", figure / "body.py", figure / "format1.py",
                   paths.builtin_routines_dir() / "routine.schema.json", paths.poses_file(), paths.format1_poses_file()):
        try:
            info = source.stat()
            stamp.append([source.name, info.st_size, info.st_mtime_ns])
        except OSError:
            stamp.append([source.name, None])
    return stamp


# -- encoding ---------------------------------------------------------------------------------


def encode_result(result: LoadResult) -> dict[str, Any]:
    return {
        "routine": None if result.routine is None else _encode_routine(result.routine),
        "problems": [[p.file, p.line, p.column, p.field, p.message] for p in result.problems],
    }


def _encode_duration(duration: Duration | None) -> list[float] | None:
    return None if duration is None else [duration.low, duration.high]


def _encode_step(step: Step) -> dict[str, Any]:
    return {
        "id": step.id, "name": step.name, "summary": step.summary, "difficulty": step.difficulty,
        "instructions": list(step.instructions), "tips": list(step.tips), "adjustments": list(step.adjustments),
        "duration": _encode_duration(step.duration), "hold": _encode_duration(step.hold),
        "reps": step.reps, "rep": _encode_duration(step.rep), "breaths": step.breaths,
        "sides": step.sides, "first_side": step.first_side, "side_label": step.side_label, "rounds": step.rounds, "line": step.line,
        "pose": step.pose,
    }


def _encode_routine(routine: Routine) -> dict[str, Any]:
    return {
        "id": routine.id, "title": routine.title, "summary": routine.summary, "level": routine.level,
        "focus": list(routine.focus), "about": routine.about, "targets": routine.targets, "suits": routine.suits,
        "tips": routine.tips, "closing": routine.closing, "credit": routine.credit, "safety": routine.safety,
        "digest": routine.digest,
        "steps": [_encode_step(step) for step in routine.steps],
        "variants": [
            {"id": v.id, "name": v.name, "description": v.description,
             "replacements": [[target, [_encode_step(s) for s in steps]] for target, steps in v.replacements]}
            for v in routine.variants
        ],
        "poses": [[name, [[key, list(value) if isinstance(value, tuple) else value] for key, value in fields]]
                  for name, fields in routine.poses.poses],
        "motions": [[name, list(pair)] for name, pair in routine.poses.motions],
        "pose_form": routine.poses.form,
    }


# -- decoding: every field checked ------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any, limit: int = LIMITS["text"]) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise CacheInvalid("text")
    return value


def _side_label(value: Any) -> str:
    label = _text(value, LIMITS["side_label"])
    rest = label.replace("{side}", "", 1)
    if "{side}" not in label or "\n" in label or "{" in rest or "}" in rest:
        raise CacheInvalid("side label")
    return label


def _optional(value: Any, choices: tuple[str, ...]) -> str | None:
    if value is not None and value not in choices:
        raise CacheInvalid("choice")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > LIMITS["lines"]:
        raise CacheInvalid("lines")
    return tuple(_text(line) for line in value)


def _whole(value: Any, low: int, high: int) -> int:
    if not _is_int(value) or not low <= value <= high:
        raise CacheInvalid("number")
    return value


def _optional_whole(value: Any, high: int) -> int | None:
    return None if value is None else _whole(value, 1, high)


def _duration(value: Any) -> Duration | None:
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in value)
            or not 0 < value[0] <= value[1] <= LIMITS["seconds"]):
        raise CacheInvalid("duration")
    return Duration(float(value[0]), float(value[1]))


def _decode_step(data: Any) -> Step:
    if not isinstance(data, dict):
        raise CacheInvalid("step")
    lengths = [data.get(key) is not None for key in ("duration", "hold", "reps", "breaths")]
    if sum(lengths) != 1:
        raise CacheInvalid("a step says how long it lasts in exactly one way")
    line = data.get("line")
    return Step(
        id=_text(data.get("id"), LIMITS["id"]),
        name=_text(data.get("name"), LIMITS["name"]),
        summary=_text(data.get("summary")),
        difficulty=_optional(data.get("difficulty"), LIMITS["levels"]),
        instructions=_texts(data.get("instructions")),
        tips=_texts(data.get("tips")),
        adjustments=_texts(data.get("adjustments")),
        duration=_duration(data.get("duration")),
        hold=_duration(data.get("hold")),
        reps=_optional_whole(data.get("reps"), LIMITS["reps"]),
        rep=_duration(data.get("rep")),
        breaths=_optional_whole(data.get("breaths"), LIMITS["breaths"]),
        sides=_whole(data.get("sides"), 1, 2),
        first_side=_optional(data.get("first_side"), ("left", "right")) or "left",
        side_label=_side_label(data.get("side_label")),
        rounds=_whole(data.get("rounds"), 1, LIMITS["rounds"]),
        line=None if line is None else _whole(line, 1, 2**31),
        pose=None if data.get("pose") is None else _text(data.get("pose"), LIMITS["id"]),
    )


def _decode_steps(data: Any) -> tuple[Step, ...]:
    if not isinstance(data, list) or len(data) > LIMITS["steps"]:
        raise CacheInvalid("steps")
    return tuple(_decode_step(step) for step in data)


def _decode_variant(data: Any) -> Variant:
    if not isinstance(data, dict) or not isinstance(data.get("replacements"), list) or len(data["replacements"]) > LIMITS["steps"]:
        raise CacheInvalid("variant")
    replacements = []
    for pair in data["replacements"]:
        if not isinstance(pair, list) or len(pair) != 2:
            raise CacheInvalid("replacement")
        replacements.append((_text(pair[0], LIMITS["id"]), _decode_steps(pair[1])))
    return Variant(id=_text(data.get("id"), LIMITS["id"]), name=_text(data.get("name"), LIMITS["name"]),
                   description=_text(data.get("description")), replacements=tuple(replacements))


def _pose_name(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= LIMITS["id"]:
        raise CacheInvalid("pose name")
    return value


def _angle_or_name(value: Any) -> str | int | float:
    """One value of a pose: a name (of a pose, a view, a part of the figure) or an angle."""
    if isinstance(value, str):
        return _pose_name(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and -360 <= value <= 360:
        return value
    raise CacheInvalid("pose value")


def _pose_value(value: Any) -> PoseValue:
    """A name or an angle, or a flat list of them (the longest: every part of the figure)."""
    if isinstance(value, list):
        if len(value) > 20:
            raise CacheInvalid("pose value")
        return tuple(_angle_or_name(part) for part in value)
    return _angle_or_name(value)


def _decode_own_poses(poses: Any, motions: Any, form: Any) -> OwnPoses:
    """A routine's own poses and movements: names and values bounded, each pose one the
    figure can take (its base aside, which may be a pose of the library), each name once."""
    if (not isinstance(poses, list) or not isinstance(motions, list) or form not in (1, 2) or isinstance(form, bool)
            or len(poses) > LIMITS["poses"] or len(motions) > LIMITS["poses"]):
        raise CacheInvalid("own poses")
    if not poses and not motions:
        return OwnPoses(form=form)
    from stretchdesk.core.figure import body, format1
    from stretchdesk.core.routine.poses import pose_problem

    keys = {*body.FIELDS, *body.JOINTS} if form == 2 else {*format1.FIELDS, *format1.JOINTS}
    decoded_poses = []
    for item in poses:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], list) or len(item[1]) > len(keys):
            raise CacheInvalid("own pose")
        fields = []
        for pair in item[1]:
            if not isinstance(pair, list) or len(pair) != 2 or pair[0] not in keys:
                raise CacheInvalid("own pose")
            fields.append((pair[0], _pose_value(pair[1])))
        if len({key for key, _ in fields}) != len(fields):
            raise CacheInvalid("own pose")
        if pose_problem({key: list(value) if isinstance(value, tuple) else value for key, value in fields}, form) is not None:
            raise CacheInvalid("own pose")
        decoded_poses.append((_pose_name(item[0]), tuple(fields)))
    decoded_motions = []
    for item in motions:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], list) or len(item[1]) != 2:
            raise CacheInvalid("own movement")
        decoded_motions.append((_pose_name(item[0]), (_pose_name(item[1][0]), _pose_name(item[1][1]))))
    names = [name for name, _ in decoded_poses] + [name for name, _ in decoded_motions]
    if len(set(names)) != len(names):
        raise CacheInvalid("a name is given twice")
    return OwnPoses(tuple(decoded_poses), tuple(decoded_motions), form)


def _decode_routine(data: Any, file: Path) -> Routine:
    if not isinstance(data, dict):
        raise CacheInvalid("routine")
    steps = _decode_steps(data.get("steps"))
    variants = data.get("variants")
    if not steps or not isinstance(variants, list) or len(variants) > LIMITS["variants"]:
        raise CacheInvalid("routine")
    focus = _texts(data.get("focus"))
    return Routine(
        id=_text(data.get("id"), LIMITS["id"]), title=_text(data.get("title"), LIMITS["name"]), steps=steps,
        summary=_text(data.get("summary")), level=_optional(data.get("level"), LIMITS["levels"]), focus=focus,
        about=_text(data.get("about")), targets=_text(data.get("targets")), suits=_text(data.get("suits")),
        tips=_text(data.get("tips")), closing=_text(data.get("closing")), credit=_text(data.get("credit")),
        safety=_text(data.get("safety")), variants=tuple(_decode_variant(v) for v in variants),
        poses=_decode_own_poses(data.get("poses"), data.get("motions"), data.get("pose_form")), file=file,
        digest=_text(data.get("digest"), 64),
    )


def _decode_problem(data: Any) -> Problem:
    if not isinstance(data, list) or len(data) != 5:
        raise CacheInvalid("problem")
    file, line, column, field, message = data
    return Problem(_text(file, 8192), None if line is None else _whole(line, 1, 2**31),
                   None if column is None else _whole(column, 1, 2**31), _text(field, 1 << 20), _text(message, 1 << 20))


def decode_result(entry: dict[str, Any], file: Path) -> LoadResult:
    problems = entry.get("problems")
    if not isinstance(problems, list) or len(problems) > LIMITS["problems"]:
        raise CacheInvalid("problems")
    routine = entry.get("routine")
    decoded = LoadResult(None if routine is None else _decode_routine(routine, file), tuple(_decode_problem(p) for p in problems))
    if (decoded.routine is None) == (not decoded.problems):
        raise CacheInvalid("a result is a routine or its problems")
    return decoded


# -- the listing: what a list of the routines shows of each file ------------------------------

LISTING_NAME = "library-list.json"
LISTING_FORMAT = "stretchdesk-library-listing"
#: What a caller may sum a routine up in: a few numbers or short texts.
MAX_SUMMARY_VALUES = 16


class Listed(NamedTuple):
    """One routine file as a list of the routines shows it: its routine's id and title and
    what the caller summed it up in (its steps and length under the settings, say), or
    the file's problems. (A named tuple: ten thousand are made in a moment.)"""

    id: str | None
    title: str = ""
    summary: tuple[int | float | str | None, ...] = ()
    problems: tuple[Problem, ...] = ()


class ListingCache(_FileEntries):
    """What a list of the routines shows of each file, kept with the file's identity as
    the library cache keeps what a file held: an unchanged library is listed without a
    routine being read, decoded or checked. `stamp` is whatever else the summaries depend
    on (the settings they were worked out with): under another stamp, nothing is reused.
    Data only, every value checked as it is read back."""

    def __init__(self, stamp: Any, path: Path | None = None) -> None:
        self.path = path or paths.user_cache_dir() / LISTING_NAME
        # As it comes back from JSON, so that the two can be compared.
        self.stamp = parse_json(json_bytes([code_stamp(), stamp], ascii_only=True))
        self.entries: dict[str, Any] = {}
        self.seen: set[str] = set()
        self.changed = False
        try:
            self.entries = self._read()
        except (FileNotFoundError, FileRefused, DamagedFile, CacheInvalid):
            self.entries = {}
            self.changed = True

    def _read(self) -> dict[str, Any]:
        # Only lists of scalars are ever looked into, so no depth is walked first.
        return read_entries(self.path, LISTING_FORMAT, self.stamp)

    def get(self, file: Path | str, identity: Identity | None) -> Listed | None:
        """What the list showed of the file, if it has not changed since; raises
        CacheInvalid if the entry is not something this code could have written."""
        name = str(file)
        self.seen.add(name)
        entry = self.entries.get(name)
        if entry is None or identity is None:
            return None
        if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], list):
            raise CacheInvalid(name)
        if tuple(entry[0]) != identity:
            return None
        return _decode_listed(entry[1])

    def put(self, file: Path | str, before: Identity | None, listed: Listed) -> None:
        self._keep(file, before, lambda identity: [list(identity), _encode_listed(listed)])

    def save(self) -> None:
        self._drop_unseen()
        if self.changed:
            write_entries(self.path, LISTING_FORMAT, self.stamp, self.entries)


def _encode_listed(listed: Listed) -> list:
    if listed.id is None:
        return [None, [[p.file, p.line, p.column, p.field, p.message] for p in listed.problems]]
    return [listed.id, listed.title, list(listed.summary)]


def _summary_value(value: Any) -> int | float | str | None:
    kind = type(value)
    if kind is int or value is None or (kind is float and math.isfinite(value)):
        return value
    return _text(value, LIMITS["name"])


def _decode_listed(data: Any) -> Listed:
    # The usual entry, checked in one pass: a routine's id, its title and a few numbers.
    if type(data) is list and len(data) == 3:
        routine_id, title, summary = data
        if (type(routine_id) is str and type(title) is str and type(summary) is list
                and 0 < len(routine_id) <= LIMITS["id"] and len(title) <= LIMITS["name"]
                and len(summary) <= MAX_SUMMARY_VALUES
                and all(type(value) is int or (type(value) is float and math.isfinite(value)) for value in summary)):
            return Listed(routine_id, title, tuple(summary))
    if not isinstance(data, list) or not data:
        raise CacheInvalid("listed")
    if data[0] is None:
        if len(data) != 2 or not isinstance(data[1], list) or not 0 < len(data[1]) <= LIMITS["problems"]:
            raise CacheInvalid("listed problems")
        return Listed(None, problems=tuple(_decode_problem(problem) for problem in data[1]))
    if len(data) != 3 or not isinstance(data[2], list) or len(data[2]) > MAX_SUMMARY_VALUES:
        raise CacheInvalid("listed routine")
    return Listed(_text(data[0], LIMITS["id"]), _text(data[1], LIMITS["name"]),
                  tuple(_summary_value(value) for value in data[2]))
