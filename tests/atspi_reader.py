"""Reads a running application as a screen reader does, through AT-SPI, for
tests/ui/test_screen_reader.py: its accessible tree, or the announcements it makes.

Run with a Python that has pyatspi (the system's python3 with Debian's python3-pyatspi),
not the app's own environment, which cannot see it; the test finds one. Needs the
accessibility bus of the session bus in DBUS_SESSION_BUS_ADDRESS.

    atspi_reader.py tree NAME     the tree of the application NAME, as JSON on one line
    atspi_reader.py listen NAME   'listening', then each announcement of NAME as a line of
                                  JSON ({"text", "politeness", "role"}), until stdin closes
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi
from gi.repository import GLib

#: How long the application may take to join the accessibility bus.
FIND_SECONDS = 20.0
STATES = {
    "showing": pyatspi.STATE_SHOWING,
    "focusable": pyatspi.STATE_FOCUSABLE,
    "focused": pyatspi.STATE_FOCUSED,
    "enabled": pyatspi.STATE_ENABLED,
    "checked": pyatspi.STATE_CHECKED,
    "selected": pyatspi.STATE_SELECTED,
}


def find(name: str):
    deadline = time.monotonic() + FIND_SECONDS
    while time.monotonic() < deadline:
        for application in pyatspi.Registry.getDesktop(0):
            if application is not None and application.name == name:
                return application
        time.sleep(0.1)
    sys.exit(f"atspi_reader: no application called {name!r} on the accessibility bus")


def node(accessible) -> dict:
    """A node and the nodes on show under it."""
    state = accessible.getState()
    children = []
    for child in accessible:
        if child is not None and child.getState().contains(pyatspi.STATE_SHOWING):
            children.append(node(child))
    return {
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "states": [word for word, flag in STATES.items() if state.contains(flag)],
        "children": children,
    }


def tree(name: str) -> None:
    print(json.dumps(node(find(name))), flush=True)


def listen(name: str) -> None:
    def heard(event) -> None:
        source = event.source
        application = source.getApplication() if source is not None else None
        if application is not None and application.name != name:
            return
        print(json.dumps({"text": str(event.any_data), "politeness": event.detail1,
                          "role": source.getRoleName() if source is not None else ""}), flush=True)

    find(name)
    pyatspi.Registry.registerEventListener(heard, "object:announcement")
    # Until the test closes our stdin.
    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, lambda *_: pyatspi.Registry.stop() or False)
    print("listening", flush=True)
    pyatspi.Registry.start()


if __name__ == "__main__":
    command, application_name = sys.argv[1], sys.argv[2]
    {"tree": tree, "listen": listen}[command](application_name)
