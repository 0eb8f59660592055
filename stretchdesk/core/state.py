"""What the app remembers that is not a setting: for now, that the safety note was read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stretchdesk.core import paths
from stretchdesk.core.storage import read_json, write_json_atomic


@dataclass
class AppState:
    safety_acknowledged: bool = False

    @staticmethod
    def file() -> Path:
        return paths.user_data_dir() / "state.json"

    @classmethod
    def load(cls) -> AppState:
        try:
            data = read_json(cls.file())
        except (ValueError, OSError):
            return cls()  # a damaged state file only means the safety note shows again
        if not isinstance(data, dict):
            return cls()
        return cls(safety_acknowledged=data.get("safety_acknowledged") is True)

    def save(self) -> None:
        write_json_atomic(self.file(), {"safety_acknowledged": self.safety_acknowledged})
