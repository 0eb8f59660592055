"""The pose library: routines/poses.yaml, every pose and movement a step can name.

A pose starts from a base posture and gives only what differs (see core/figure.py for the
angles); a movement names the two poses a breath or a rep moves between. Routine files
name a pose or a movement for each step (`pose: lunge`), and may add poses of their own
under `poses:` in the same form. Read like every other file: a regular file with a size
limit, YAML through the safe loader, each problem a plain sentence naming the pose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

import yaml

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


def parse_poses(data: Any, where: str, base: PoseLibrary | None = None) -> LoadedPoses:
    """Poses and movements from a mapping `{poses: {...}, motions: {...}}`, each pose may
    start from one defined before it (in `base` or earlier in the file)."""
    loaded = LoadedPoses(PoseLibrary(dict(base.poses) if base else {}, dict(base.motions) if base else {}))
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
            loaded.problems.append(f"{where}: pose {name!r} should be a name with its angles below it")
            continue
        try:
            loaded.library.poses[name] = pose_from_mapping(definition, loaded.library.poses, f"pose '{name}'")
        except PoseError as error:
            loaded.problems.append(f"{where}: {error}")
    for name, pair in motions.items():
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            loaded.problems.append(f"{where}: motion '{name}' names two poses: [from, to]")
            continue
        missing = [p for p in pair if p not in loaded.library.poses]
        if missing:
            loaded.problems.append(f"{where}: motion '{name}' names no pose '{missing[0]}'")
            continue
        loaded.library.motions[str(name)] = Motion(loaded.library.poses[pair[0]], loaded.library.poses[pair[1]])
    return loaded


@lru_cache(maxsize=1)
def builtin_poses() -> LoadedPoses:
    """The shipped pose library, read once (on first use: the first paint needs no figure)."""
    path = paths.poses_file()
    try:
        text = read_regular_file(path, MAX_POSES_BYTES).decode("utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return LoadedPoses(problems=[f"{path.name}: {error}"])
    return parse_poses(data, path.name)


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
