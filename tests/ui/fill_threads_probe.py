"""Which threads a fresh process has after painting the figure in a window: run by
tests/ui/test_app.py in a process of its own (Qt decides once per process whether its
painter may hand fills to a pool of threads).

    python -m tests.ui.fill_threads_probe app|bare
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.argv[1] == "app":
        from stretchdesk.ui.app import create_application

        app = create_application([sys.argv[0]])
    else:
        from PySide6.QtWidgets import QApplication

        app = QApplication([sys.argv[0]])
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QWidget

    from stretchdesk.core.figure.camera import picture
    from stretchdesk.core.figure.drawing import drawing
    from stretchdesk.core.routine.poses import builtin_poses
    from stretchdesk.ui.widgets.figure_view import paint_shapes

    shapes = drawing(picture(builtin_poses().library.poses["cat"]), 600, 600)

    class Figure(QWidget):
        def paintEvent(self, event):  # noqa: N802 - Qt's name
            painter = QPainter(self)
            paint_shapes(painter, shapes)
            painter.end()

    figure = Figure()
    figure.resize(600, 600)
    figure.show()
    for _ in range(3):
        figure.repaint()
        app.processEvents()
    threads = [open(f"/proc/self/task/{task}/comm", encoding="utf-8").read().strip() for task in os.listdir("/proc/self/task")]
    print(json.dumps(threads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
