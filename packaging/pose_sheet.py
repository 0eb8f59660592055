"""A contact sheet of the figures, to look at every pose at once.

    python packaging/pose_sheet.py                      # every built-in step, both sides
    python packaging/pose_sheet.py --routine hip-relief # one routine's steps
    python packaging/pose_sheet.py --size 48            # the same as thumbnails
    python packaging/pose_sheet.py --poses --out docs/screenshots/poses.png

Each picture is the one `stretchdesk show ROUTINE --figures DIR` writes (a pose, or a
movement's two shapes side by side), labelled with its routine and step (and the side of
a one-sided step), or with its pose name with --poses, grouped by what the poses work
(the starting positions, the back, the hips, the hamstrings, the thighs and calves, the
core, on a chair), a movement beside the poses it moves between. Qt draws the SVGs (its
SVG renderer, offscreen) into one PNG, a title over each group.
"""

from __future__ import annotations

import argparse
import sys
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


def pose_groups() -> list[tuple[str, list[Tile]]]:
    """Every pose and movement of the pose library by name, grouped by what it works: a
    movement goes with the pose it starts from, straight after it."""
    from stretchdesk.core.figure.body import WORKS

    library = builtin_poses().library
    starts: dict[str, list[str]] = {}
    for name, (first, second) in library.moves_between.items():
        # cow-cat is cat-cow the other way round: one of them is enough on the sheet.
        if not any(library.moves_between[other] == (second, first) for others in starts.values() for other in others):
            starts.setdefault(first, []).append(name)
    groups: dict[str, list[Tile]] = {works: [] for works in (*WORKS, "other")}
    for name, pose in library.poses.items():
        group = groups[pose.works or "other"]
        group.append((name, Motion(library.alone(name, pose)), None))
        group.extend((f"{movement} (movement)", library.motions[movement], None) for movement in starts.get(name, []))
    return [(works, tiles) for works, tiles in groups.items() if tiles]


def pose_tiles() -> list[Tile]:
    return [tile for _, tiles in pose_groups() for tile in tiles]


def sheet(groups: list[tuple[str | None, list[Tile]]], out: Path, size: int, columns: int) -> None:
    """The tiles in rows of `columns` cells, each cell two figures wide (a movement's two
    shapes fit beside each other) with its label under it, a title over each group."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    point = max(8, min(14, size // 12))
    cell_w, label_h, title_h, gap = 2 * size + 12, 3 * point, 4 * point, 6
    rows = [(title, tiles[i:i + columns]) for title, tiles in groups for i in range(0, len(tiles), columns)]
    titles = sum(1 for title, _ in groups if title)
    height = len(rows) * (size + label_h + gap) + titles * title_h
    image = QImage(cell_w * columns, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    y, seen_titles = 0, set()
    for title, row in rows:
        if title and title not in seen_titles:
            seen_titles.add(title)
            font = QFont()
            font.setPointSize(point + 4)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("black"))
            painter.drawText(QRectF(8, y, image.width() - 16, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             title[:1].upper() + title[1:])
            y += title_h
        font = QFont()
        font.setPointSize(point)
        painter.setFont(font)
        for column, (label, motion, side) in enumerate(row):
            shapes, width, height_ = step_picture(motion, side, size)
            renderer = QSvgRenderer(QByteArray(svg(shapes, width, height_, label).encode("utf-8")))
            x = column * cell_w + (cell_w - width) / 2
            renderer.render(painter, QRectF(x, y, width, height_))
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(column * cell_w, y + size, cell_w, label_h), Qt.AlignmentFlag.AlignCenter, label)
        y += size + label_h + gap
    painter.end()
    image.save(str(out))
    del app


def main() -> int:
    parser = argparse.ArgumentParser(description="Render a contact sheet of the step figures as a PNG.")
    parser.add_argument("--out", type=Path, default=Path("pose-sheet.png"), help="the PNG to write")
    parser.add_argument("--size", type=int, default=160, help="the size of one figure, in pixels")
    parser.add_argument("--columns", type=int, default=5)
    parser.add_argument("--routine", help="only this routine's steps")
    parser.add_argument("--poses", action="store_true", help="every pose and movement by name, not the steps")
    args = parser.parse_args()
    if args.poses:
        groups = pose_groups()
        sheet(groups, args.out, args.size, args.columns)
        print(f"{args.out}: {sum(len(tiles) for _, tiles in groups)} pictures in {len(groups)} groups")
        return 0
    tiles = step_tiles(args.routine)
    sheet([(None, tiles)], args.out, args.size, args.columns)
    print(f"{args.out}: {len(tiles)} pictures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
