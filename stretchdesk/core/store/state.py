"""What the app remembers that is not a setting: that the safety note was read, where
the window was and how large, and the folder the last report was saved in."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from stretchdesk.core import paths
from stretchdesk.core.files import DamagedFile, read_json, remove_stale_temporaries, write_json_atomic

STATE_NAME = "state.json"
MAX_STATE_BYTES = 64 * 1024

#: A saved folder's path longer than this is not one (Linux allows 4096 bytes).
MAX_FOLDER_CHARS = 4096

#: A window side shorter than this is no window anyone used.
MIN_WINDOW_SIDE = 200
#: Screen coordinates and sides beyond this are not real: X11 and the compositors work in
#: signed 16-bit coordinates.
MAX_COORDINATE = 32767
#: A saved place is used only if at least this much of the window's top (where its title
#: bar is, to grab it by) lies on one screen: this many pixels across, and the band's height.
VISIBLE_WIDTH = 100
TOP_BAND = 50
#: What a window manager's frame usually adds around a window's inside (left, top, right,
#: bottom): a title bar above, a thin border elsewhere. A window is kept small enough for
#: its frame to fit on the screen too, so its title bar and its bottom edge can be reached.
FRAME = (4, 36, 4, 4)

Area = tuple[int, int, int, int]


def fit_size(width: int, height: int, area: Area, frame: tuple[int, int, int, int] = FRAME) -> tuple[int, int]:
    """A window's inside of `width` by `height`, shrunk where it is needed for the window
    with its frame to fit `area` (x, y, width, height: a screen's available area)."""
    left, top, right, bottom = frame
    return min(width, area[2] - left - right), min(height, area[3] - top - bottom)


@dataclass(frozen=True)
class WindowPlacement:
    """Where the main window was: its inside (without the window manager's frame) in screen
    pixels, as it is when neither maximised nor full screen, and whether it was either."""

    x: int
    y: int
    width: int
    height: int
    maximized: bool = False
    full_screen: bool = False

    @classmethod
    def from_data(cls, data: Any) -> WindowPlacement | None:
        """From the state file, or None for anything that is not a window's place (a wrong
        type, a side of a few pixels or of a million)."""
        if not isinstance(data, dict):
            return None
        numbers = [data.get(key) for key in ("x", "y", "width", "height")]
        if not all(type(number) is int for number in numbers):  # not bool, not float
            return None
        x, y, width, height = numbers
        if not all(MIN_WINDOW_SIDE <= side <= MAX_COORDINATE for side in (width, height)):
            return None
        if not all(-MAX_COORDINATE <= corner <= MAX_COORDINATE for corner in (x, y)):
            return None
        return cls(x, y, width, height, data.get("maximized") is True, data.get("full_screen") is True)

    def to_data(self) -> dict[str, Any]:
        return {
            "x": self.x, "y": self.y, "width": self.width, "height": self.height,
            "maximized": self.maximized, "full_screen": self.full_screen,
        }

    def is_on(self, screens: Iterable[tuple[int, int, int, int]]) -> bool:
        """Whether the window's top band is on one of these screens (x, y, width, height
        each, as Qt gives their available area) enough to see it and grab it there."""
        band = min(TOP_BAND, self.height)
        for left, top, width, height in screens:
            across = min(self.x + self.width, left + width) - max(self.x, left)
            if across >= min(VISIBLE_WIDTH, self.width) and top <= self.y and self.y + band <= top + height:
                return True
        return False

    def fitted(self, screens: Iterable[Area], frame: tuple[int, int, int, int] = FRAME) -> WindowPlacement:
        """The window on the screen it lies most on (the first if on none): where it was
        if it fits there whole, else shrunk to that screen's available area with room for
        its frame, and moved in from the edges it went past (a size saved on a large
        screen comes back on a small one)."""
        screens = list(screens)
        if not screens:
            return self

        def overlap(area: Area) -> int:
            across = min(self.x + self.width, area[0] + area[2]) - max(self.x, area[0])
            down = min(self.y + self.height, area[1] + area[3]) - max(self.y, area[1])
            return max(0, across) * max(0, down)

        area = max(screens, key=overlap)
        width, height = fit_size(self.width, self.height, area, frame)
        left, top, right, bottom = frame
        x, y = self.x, self.y
        if x < area[0] or x + width > area[0] + area[2]:
            x = max(area[0] + left, min(x, area[0] + area[2] - right - width))
        if y < area[1] or y + height > area[1] + area[3]:
            y = max(area[1] + top, min(y, area[1] + area[3] - bottom - height))
        return WindowPlacement(x, y, width, height, self.maximized, self.full_screen)


def _folder(data: Any) -> str | None:
    """A folder's absolute path from the state file, or None for anything that is not one."""
    if not isinstance(data, str) or not 0 < len(data) <= MAX_FOLDER_CHARS or "\x00" in data:
        return None
    return data if os.path.isabs(data) else None


@dataclass
class AppState:
    safety_acknowledged: bool = False
    window: WindowPlacement | None = None
    #: Where the last report was saved (File → Export report), to offer it again.
    report_folder: str | None = None

    @staticmethod
    def file() -> Path:
        return paths.user_data_dir() / STATE_NAME

    @classmethod
    def load(cls) -> AppState:
        path = cls.file()
        remove_stale_temporaries(path.parent, path.name)
        try:
            data = read_json(path, MAX_STATE_BYTES)
        except (DamagedFile, OSError):
            # A damaged state file only means the safety note shows again and the window
            # opens at its usual size; it is moved out of the way so it is not read at
            # every start.
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(f"{path.name}.damaged"))
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(
            safety_acknowledged=data.get("safety_acknowledged") is True,
            window=WindowPlacement.from_data(data.get("window")),
            report_folder=_folder(data.get("report_folder")),
        )

    def acknowledge_safety(self) -> str | None:
        """The safety note was read: remembered from now on. What to tell the person if it
        cannot be remembered."""
        if self.safety_acknowledged:
            return None
        self.safety_acknowledged = True
        try:
            # With the rest of the file as it is now (a report saved since this was read
            # changed the folder).
            state = type(self).load()
            state.safety_acknowledged = True
            state.save()
        except OSError as error:
            return f"Could not remember that the safety note was read: {error}"
        return None

    def save(self) -> None:
        data: dict[str, Any] = {"safety_acknowledged": self.safety_acknowledged}
        if self.window is not None:
            data["window"] = self.window.to_data()
        if self.report_folder is not None:
            data["report_folder"] = self.report_folder
        write_json_atomic(self.file(), data)

    @classmethod
    def remember_window(cls, placement: WindowPlacement) -> None:
        """Save where the window is, with the rest of the file as it is now (another window
        may have changed it since this one started)."""
        state = cls.load()
        state.window = placement
        state.save()

    @classmethod
    def remember_report_folder(cls, folder: Path) -> None:
        """Save the folder a report was just saved in, with the rest of the file as it is now."""
        state = cls.load()
        state.report_folder = str(Path(folder).absolute())
        state.save()

    def report_folder_from(self, documents: str | None) -> Path:
        """Where the save dialog of a report opens: the folder the last report was saved
        in while it is there, else the person's documents folder (`documents`, as the
        desktop names it) when there is one, else their home folder; never the folder the
        app happened to be started from."""
        for folder in (self.report_folder, documents):
            if folder and os.path.isdir(folder):
                return Path(folder)
        return Path.home()
