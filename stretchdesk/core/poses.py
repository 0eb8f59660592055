"""The pose library: routines/poses.yaml, every pose and movement a step can name.

A pose starts from a base posture and gives only what differs (see core/figure.py for the
angles); a movement names the two poses a breath or a rep moves between. Routine files
name a pose or a movement for each step (`pose: kneeling-lunge`); motion_for() can also
take poses of a routine's own in the same form, which the routine format does not accept
yet. Read like every other file: a regular file with a size limit, YAML through the safe
loader, each problem a plain sentence naming the pose and its line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

import yaml
from yaml.nodes import MappingNode

from stretchdesk.core import paths
from stretchdesk.core.figure import Motion, Pose, PoseError, PoseLibrary, pose_from_mapping
from stretchdesk.core.files import read_regular_file

MAX_POSES_BYTES = 512 * 1024
#: How many poses a file (or a routine) may define: plenty, and a bound on the work.
MAX_POSES = 500


@dataclass
class LoadedPoses:
    library: PoseLibrary = field(default_factory=PoseLibrary)
    problems: list[str] = field(default_factory=list)


def parse_poses(data: Any, where: str, base: PoseLibrary | None = None,
                lines: Mapping[tuple[str, str], int] | None = None) -> LoadedPoses:
    """Poses and movements from a mapping `{poses: {...}, motions: {...}}`, each pose may
    start from one defined before it (in `base` or earlier in the file). `lines` gives the
    line of each ("poses" or "motions", name), for problems to point at."""
    loaded = LoadedPoses(PoseLibrary(dict(base.poses) if base else {}, dict(base.motions) if base else {}))
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
    for name, definition in poses.items():
        if not isinstance(name, str) or not isinstance(definition, Mapping):
            loaded.problems.append(f"{at('poses', name)}: pose {name!r} should be a name with its angles below it")
            continue
        try:
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
    return loaded


def read_poses(text: str, where: str) -> LoadedPoses:
    """A pose file's text, read with the safe loader; each problem names its line."""
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
    lines: dict[tuple[str, str], int] = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.value in ("poses", "motions") and isinstance(value, MappingNode):
                for name, _ in value.value:
                    lines[(key.value, str(name.value))] = name.start_mark.line + 1
    return parse_poses(data, where, lines=lines)


@lru_cache(maxsize=1)
def builtin_poses() -> LoadedPoses:
    """The shipped pose library, read once (on first use: the first paint needs no figure)."""
    path = paths.poses_file()
    try:
        text = read_regular_file(path, MAX_POSES_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return LoadedPoses(problems=[f"{path.name}: {getattr(error, 'strerror', None) or error}"])
    return read_poses(text, path.name)


def motion_for(name: str | None, own: Mapping[str, Any] | None = None) -> Motion | None:
    """The pose or movement a step names: the routine's own poses first, then the library's."""
    if not name:
        return None
    library = builtin_poses().library
    if own:
        extra = parse_poses(own, "routine", library).library
        found = extra.motion(name)
        if found is not None:
            return found
    return library.motion(name)


def standing() -> Pose:
    return builtin_poses().library.poses.get("standing", Pose())
