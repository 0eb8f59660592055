"""The pose library: routines/poses.yaml, every pose and movement a step can name.

A pose starts from a base posture and gives only what differs (see core/figure/body.py for the
angles); a movement names the two poses a breath or a rep moves between. Poses come in two
forms, told apart by the file's `format`: format 2 poses a body in space (core/figure/body.py),
format 1 drew a flat figure (core/figure/format1.py), still read for routine files of that
format, whose own poses may start from the library as format 1 had it (routines/poses-format1.yaml).
A file of a newer format is refused, with a message that says so. Routine files
name a pose or a movement for each step (`pose: kneeling-lunge`), and may define poses and
movements of their own in the same form (their `poses:` and `motions:` sections, kept in
Routine.poses): own_motions() builds those, and a routine's Pictures find a step's picture
among its own first, then in the library (Routine.motion). Read like every other file: a regular file with
a size limit, YAML through the safe loader, each problem a plain sentence naming the pose
and its line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Mapping

from stretchdesk.core import paths
from stretchdesk.core.figure import format1
from stretchdesk.core.figure.body import VIEWS, Pose, PoseError, pose_from_mapping
from stretchdesk.core.figure.motion import Motion, PoseLibrary
from stretchdesk.core.files import read_regular_file
from stretchdesk.core.routine.own_poses import OwnPoses

MAX_POSES_BYTES = 512 * 1024
#: How many poses a file (or a routine) may define: plenty, and a bound on the work.
MAX_POSES = 500
#: The forms of pose this StretchDesk reads: a file's `format` (1 when a pose file gives none).
POSE_FORMS = (1, 2)
NEWEST_FORM = POSE_FORMS[-1]


def newer_form(form: object) -> str | None:
    """What to say of a `format` this StretchDesk cannot read, or None when it can."""
    if form in POSE_FORMS and not isinstance(form, bool):
        return None
    if isinstance(form, int) and not isinstance(form, bool) and form > NEWEST_FORM:
        return f"this file is format {form}, newer than this StretchDesk reads (format {NEWEST_FORM}); update StretchDesk to draw its poses"
    return f"format {form!r} is not a format of poses; use {NEWEST_FORM}"


def view_of(pose: Pose) -> str:
    """How a pose is seen, as a file would say it: the view's name (`side`, `front`, ...) or,
    for a camera no view names, its [azimuth, elevation]."""
    for name, camera in VIEWS.items():
        if camera == pose.camera:
            return name
    azimuth, elevation = pose.camera
    return f"[{azimuth:g}, {elevation:g}]"


class FormOnePoses:
    """Format 1 poses on their way in: each read against the format 1 poses before it (the
    old library's, then the file's own), then turned into a body in space."""

    def __init__(self, base: Mapping[str, format1.OldPose] | None = None):
        self.known: dict[str, format1.OldPose] = dict(base if base is not None else format1_library())

    def read(self, data: Mapping, name: str, where: str) -> Pose:
        old = format1.old_pose_from_mapping(data, self.known, where)
        self.known[name] = old
        return format1.body_pose(old)


def pose_problem(data: Mapping, form: int) -> PoseError | None:
    """What is wrong with a pose's own fields in the given form (its base aside: the
    routine's poses are read in order later, each against those before it), or None."""
    fields = {key: value for key, value in data.items() if key != "base"}
    try:
        if form == 1:
            format1.old_pose_from_mapping(fields, {}, "pose")
        else:
            pose_from_mapping(fields, {}, "pose")
    except PoseError as error:
        return error
    return None


@lru_cache(maxsize=1)
def format1_library() -> dict[str, format1.OldPose]:
    """The pose library as format 1 had it: what a format 1 routine's own poses start from."""
    import yaml  # only for a routine of format 1 whose own poses start from that library

    path = paths.format1_poses_file()
    try:
        data = yaml.load(read_regular_file(path, MAX_POSES_BYTES).decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    known: dict[str, format1.OldPose] = {}
    for name, definition in ((data or {}).get("poses") or {}).items():
        try:
            known[name] = format1.old_pose_from_mapping(definition, known, f"pose '{name}'")
        except PoseError:
            continue
    return known


@dataclass
class LoadedPoses:
    library: PoseLibrary = field(default_factory=PoseLibrary)
    problems: list[str] = field(default_factory=list)


def parse_poses(data: Any, where: str, base: PoseLibrary | None = None,
                lines: Mapping[tuple[str, str], int] | None = None) -> LoadedPoses:
    """Poses and movements from a mapping `{poses: {...}, motions: {...}}`, each pose may
    start from one defined before it (in `base` or earlier in the file). `lines` gives the
    line of each ("poses" or "motions", name), for problems to point at."""
    loaded = LoadedPoses(PoseLibrary(dict(base.poses) if base else {}, dict(base.motions) if base else {},
                                     dict(base.moves_between) if base else {}))
    lines = lines or {}

    def at(section: str, name: Any) -> str:
        line = lines.get((section, str(name)))
        return f"{where}:{line}" if line else where

    if not isinstance(data, Mapping):
        loaded.problems.append(f"{where}: expected poses and motions, not {type(data).__name__}")
        return loaded
    poses = data.get("poses") or {}
    motions = data.get("motions") or {}
    if not isinstance(poses, Mapping) or not isinstance(motions, Mapping):
        loaded.problems.append(f"{where}: 'poses' and 'motions' each map names to their definitions")
        return loaded
    if len(poses) + len(motions) > MAX_POSES:
        loaded.problems.append(f"{where}: more than {MAX_POSES} poses")
        return loaded
    form = data.get("format", 1)
    refused = newer_form(form)
    if refused:
        loaded.problems.append(f"{where}: {refused}")
        return loaded
    form_one = FormOnePoses({}) if form == 1 else None
    for name, definition in poses.items():
        if not isinstance(name, str) or not isinstance(definition, Mapping):
            loaded.problems.append(f"{at('poses', name)}: pose {name!r} should be a name with its angles below it")
            continue
        try:
            if form_one is not None:
                loaded.library.poses[name] = form_one.read(definition, name, f"pose '{name}'")
            else:
                loaded.library.poses[name] = pose_from_mapping(definition, loaded.library.poses, f"pose '{name}'")
        except PoseError as error:
            loaded.problems.append(f"{at('poses', name)}: {error}")
    for name, pair in motions.items():
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            loaded.problems.append(f"{at('motions', name)}: motion '{name}' names two poses: [from, to]")
            continue
        missing = [p for p in pair if p not in loaded.library.poses]
        if missing:
            hint = difflib.get_close_matches(missing[0], list(loaded.library.poses), n=1)
            loaded.problems.append(f"{at('motions', name)}: motion '{name}' names no pose '{missing[0]}'"
                                   + (f"; did you mean '{hint[0]}'?" if hint else ""))
            continue
        loaded.library.motions[str(name)] = Motion(loaded.library.poses[pair[0]], loaded.library.poses[pair[1]])
        loaded.library.moves_between[str(name)] = (pair[0], pair[1])
    return loaded


def read_poses(text: str, where: str) -> LoadedPoses:
    """A pose file's text, read with the safe loader; each problem names its line."""
    read = _yaml_reading(text, where)
    if isinstance(read, LoadedPoses):
        return read
    data, lines = read
    return parse_poses(data, where, lines=lines)


Lines = dict[tuple[str, str], int]


def _yaml_reading(text: str, where: str) -> tuple[Any, Lines] | LoadedPoses:
    """What the safe loader reads in a pose file, and the line of each pose and movement;
    the file's problem, if it cannot be read."""
    import yaml  # here, not with the module: a start that finds the reading kept needs none
    from yaml.nodes import MappingNode

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        return LoadedPoses(problems=[f"{where}{line}: this is not a readable pose file ({getattr(error, 'problem', None) or error})"])
    finally:
        loader.dispose()
    lines: Lines = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.value in ("poses", "motions") and isinstance(value, MappingNode):
                for name, _ in value.value:
                    lines[(key.value, str(name.value))] = name.start_mark.line + 1
    return data, lines


@lru_cache(maxsize=1)
def builtin_poses() -> LoadedPoses:
    """The shipped pose library, read once (on first use: the first paint needs no figure).
    What the safe loader read in it is kept in the cache folder (KEPT_NAME) with the text
    it was read from: while the file's text is the same, a start takes the reading from
    there and needs no YAML parser (PyYAML, 1.5 MiB of the window's memory). The poses are
    built and checked from the reading as from the file, every time."""
    path = paths.poses_file()
    try:
        text = read_regular_file(path, MAX_POSES_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return LoadedPoses(problems=[f"{path.name}: {getattr(error, 'strerror', None) or error}"])
    kept = _kept_reading(text)
    if kept is not None:
        return parse_poses(kept[0], path.name, lines=kept[1])
    read = _yaml_reading(text, path.name)
    if isinstance(read, LoadedPoses):
        return read
    loaded = parse_poses(read[0], path.name, lines=read[1])
    if not loaded.problems:  # a file with problems is read, and its problems said, every time
        _keep_reading(text, *read)
    return loaded


#: Where the pose library's reading is kept, in the cache folder.
KEPT_NAME = "poses.json"
KEPT_FORMAT = "stretchdesk-poses-reading"


def _kept_reading(text: str) -> tuple[Any, Lines] | None:
    """The reading kept for this text of the pose library by this code; None if there is
    none (or it is damaged, or for another text or other code)."""
    from stretchdesk.core.routine.cache import code_stamp, read_entries

    try:
        kept = read_entries(paths.user_cache_dir() / KEPT_NAME, KEPT_FORMAT, code_stamp(), 4 * MAX_POSES_BYTES, walk_depth=True)
    except (OSError, ValueError):  # CacheInvalid and a damaged file are ValueErrors
        return None
    if kept.get("text") != text or not isinstance(kept.get("lines"), list):
        return None
    lines: Lines = {}
    for entry in kept["lines"]:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and isinstance(entry[1], str)
                and isinstance(entry[2], int) and not isinstance(entry[2], bool)):
            return None
        lines[(entry[0], entry[1])] = entry[2]
    return kept.get("data"), lines


def _keep_reading(text: str, data: Any, lines: Lines) -> None:
    """Keep the reading for the next start, if JSON carries it exactly (the safe loader may
    read what JSON cannot: a date, a key that is a number). One that cannot be kept only
    means the file is read with YAML again."""
    import json

    from stretchdesk.core.routine.cache import code_stamp, write_entries

    try:
        if json.loads(json.dumps(data, allow_nan=False)) != data:
            return
    except (ValueError, TypeError, RecursionError):
        return
    write_entries(paths.user_cache_dir() / KEPT_NAME, KEPT_FORMAT, code_stamp(),
                  {"text": text, "data": data, "lines": [[section, name, line] for (section, name), line in lines.items()]})


#: Hears of a routine's own pose or movement that cannot be drawn: the section ("poses" or
#: "motions"), its name, the field to blame (a pose's key, the index of a movement's pose,
#: or None for the whole of it) and what is wrong, in plain words.
Report = Callable[[str, str, str | int | None, str], None]


def own_motions(own: OwnPoses, report: Report | None = None) -> dict[str, Motion]:
    """A routine's own poses and movements by name. A pose starts from a pose of the
    library or one of the routine's above it (`base`); a movement names two poses, the
    routine's own or the library's. What cannot be drawn is reported and left out; so is
    what builds on it, without a second report."""
    data = own.as_file()
    known = dict(builtin_poses().library.poses)
    found: dict[str, Motion] = {}
    failed: set[str] = set()
    # A routine of format 1 gives its own poses in that form, starting from the library as
    # format 1 had it; its movements may still name the library's poses of today.
    form_one = FormOnePoses() if own.form == 1 else None

    def refuse(section: str, name: str, key: str | int | None, detail: str) -> None:
        failed.add(name)
        if report is not None:
            report(section, name, key, detail)

    for name, definition in data["poses"].items():
        if definition.get("base") in failed:
            failed.add(name)
            continue
        try:
            if form_one is not None:
                pose = form_one.read(definition, name, f"pose '{name}'")
            else:
                pose = pose_from_mapping(definition, known, f"pose '{name}'")
        except PoseError as error:
            refuse("poses", name, error.key, error.detail)
            continue
        known[name] = pose
        found[name] = Motion(pose)
    for name, pair in data["motions"].items():
        if name in data["poses"]:
            refuse("motions", name, None, f"'{name}' is also the name of one of the routine's poses; give the movement a name of its own")
            continue
        if any(part in failed for part in pair):
            failed.add(name)
            continue
        missing = [(index, part) for index, part in enumerate(pair) if part not in known]
        if missing:
            index, part = missing[0]
            hint = difflib.get_close_matches(part, list(known), n=1)
            refuse("motions", name, index, f"there is no pose '{part}'"
                   + (f"; did you mean '{hint[0]}'?" if hint else "; a movement names two poses, the routine's own or the library's"))
            continue
        found[name] = Motion(known[pair[0]], known[pair[1]])
    return found


class Pictures:
    """A routine's pictures by the name its steps give: its own poses and movements (built
    once, or handed over by the loader, which built them to check them), then the pose
    library's. Routine.motion() asks here."""

    def __init__(self, own: OwnPoses, built: dict[str, Motion] | None = None):
        self._own = own
        self._built = built

    def motion(self, name: str | None) -> Motion | None:
        if not name:
            return None
        if self._own:
            if self._built is None:
                self._built = own_motions(self._own)
            found = self._built.get(name)
            if found is not None or name in self._own.names():
                return found
        return builtin_poses().library.motion(name)

