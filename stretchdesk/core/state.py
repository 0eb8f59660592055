"""What the app remembers that is not a setting: for now, that the safety note was read."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from stretchdesk.core import paths
from stretchdesk.core.files import DamagedFile, read_json, remove_stale_temporaries, write_json_atomic

STATE_NAME = "state.json"
MAX_STATE_BYTES = 64 * 1024


@dataclass
class AppState:
    safety_acknowledged: bool = False

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
            # A damaged state file only means the safety note shows again; it is moved out
            # of the way so it is not read at every start.
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(f"{path.name}.damaged"))
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(safety_acknowledged=data.get("safety_acknowledged") is True)

    def save(self) -> None:
        write_json_atomic(self.file(), {"safety_acknowledged": self.safety_acknowledged})
