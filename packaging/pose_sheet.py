"""A contact sheet of the figures, to look at every pose at once.

    python packaging/pose_sheet.py                      # every built-in step, both sides
    python packaging/pose_sheet.py --routine hip-relief # one routine's steps
    python packaging/pose_sheet.py --size 48            # the same as thumbnails
    python packaging/pose_sheet.py --poses --out packaging/screenshots/poses.png

Each picture is the one `stretchdesk show ROUTINE --figures DIR` writes (a pose, or a
movement's two shapes side by side), labelled with its routine and step (and the side of
a one-sided step), or with its pose name with --poses. The SVGs go through ImageMagick's
`montage`, which lays them out and writes the PNG.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stretchdesk.core.figure.motion import Motion  # noqa: E402
from stretchdesk.core.figure.drawing import step_picture, svg  # noqa: E402
from stretchdesk.core.routine.library import load_library  # noqa: E402
from stretchdesk.core.paths import builtin_routines_dir  # noqa: E402
from stretchdesk.core.routine.poses import builtin_poses  # noqa: E402

Tile = tuple[str, Motion, "str | None"]


def step_tiles(routine_id: str | None) -> list[Tile]:
    """Every step of the built-in routines (a variant's steps too), each side of a
    one-sided step on its own."""
    library = load_library([builtin_routines_dir()], use_cache=False)
    if library.problems:
        raise SystemExit("\n".join(str(problem) for problem in library.problems))
    tiles: list[Tile] = []
    for routine in sorted(library.routines, key=lambda r: r.id):
        if routine_id and routine.id != routine_id:
            continue
        steps = [(f"{n:02d}", step) for n, step in enumerate(routine.steps, start=1)]
        for variant in routine.variants:
            for _, replacements in variant.replacements:
                steps += [(variant.id, step) for step in replacements]
        for number, step in steps:
            motion = routine.motion(step)
            if motion is None:
                raise SystemExit(f"{routine.id}: step '{step.id}' has no picture")
            for side in ("left", "right") if step.two_sided else (None,):
                label = f"{routine.id} {number}\n{step.name}" + (f" ({side})" if side else "")
                tiles.append((label, motion, side))
    if not tiles:
        raise SystemExit(f"no routine '{routine_id}'")
    return tiles


def pose_tiles() -> list[Tile]:
    """Every pose, then every movement, of the pose library, by name."""
    library = builtin_poses().library
    tiles: list[Tile] = [(name, Motion(pose), None) for name, pose in library.poses.items()]
    tiles += [(f"{name} (movement)", motion, None) for name, motion in library.motions.items()]
    return tiles


def montage(tiles: list[Tile], out: Path, size: int, columns: int) -> None:
    if shutil.which("montage") is None:
        raise SystemExit("ImageMagick's montage is needed: sudo apt-get install imagemagick")
    with tempfile.TemporaryDirectory() as folder:
        arguments: list[str] = []
        for index, (label, motion, side) in enumerate(tiles):
            shapes, width, height = step_picture(motion, side, size)
            path = Path(folder) / f"{index:03d}.svg"
            path.write_text(svg(shapes, width, height, label), encoding="utf-8")
            arguments += ["-label", label, str(path)]
        # Every cell is two figures wide, so a movement's two shapes fit beside each other.
        point = max(8, min(14, size // 12))
        subprocess.run(
            ["montage", *arguments, "-tile", f"{columns}x", "-geometry", f"{2 * size}x{size}+6+6",
             "-pointsize", str(point), "-background", "white", "-depth", "8", str(out)],
            check=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description="Render a contact sheet of the step figures as a PNG.")
    parser.add_argument("--out", type=Path, default=Path("pose-sheet.png"), help="the PNG to write")
    parser.add_argument("--size", type=int, default=160, help="the size of one figure, in pixels")
    parser.add_argument("--columns", type=int, default=5)
    parser.add_argument("--routine", help="only this routine's steps")
    parser.add_argument("--poses", action="store_true", help="every pose and movement by name, not the steps")
    args = parser.parse_args()
    tiles = pose_tiles() if args.poses else step_tiles(args.routine)
    montage(tiles, args.out, args.size, args.columns)
    print(f"{args.out}: {len(tiles)} pictures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
