"""What a fresh process has done by the window's first paint: run by tests/ui/test_app.py in
a process of its own (what one test imported or built would otherwise count for the next).

It opens the window as `stretchdesk` does (its command line first, then ui.app), and at
the first paint the window receives prints one line of JSON: the modules imported and the
Python enum classes PySide has built (it builds a Qt class's enums all at once, when the
first of them is needed), then ends before the work that comes after the first paint.

    python -m tests.ui.first_paint_probe
"""

from __future__ import annotations

import enum
import json
import os
import sys


def main() -> int:
    built: list[str] = []
    create = enum.EnumType._create_

    def recorded(cls, class_name, *args, **kwargs):
        built.append(class_name)
        return create(cls, class_name, *args, **kwargs)

    enum.EnumType._create_ = recorded

    import stretchdesk.cli  # noqa: F401 - what the command has imported before the window
    from PySide6.QtCore import QEvent, QObject

    from stretchdesk.ui.app import create_application, open_window

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                print(json.dumps({"modules": sorted(sys.modules), "enums": built}), flush=True)
                os._exit(0)
            return False

    app = create_application([sys.argv[0]])
    window = open_window()
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
