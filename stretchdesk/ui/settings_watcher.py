"""Tells the window when the settings' folder changes on disk (another window, or
`stretchdesk settings`). It only watches: whether the file really changed, and what to make
of it, is the settings sync's to say (core/store/settings_sync.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal


class SettingsWatcher(QObject):
    changed = Signal()

    def __init__(self, settings_file: Path, parent: QObject | None = None):
        super().__init__(parent)
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        # The folder, not only the file: a file written atomically is a new file each time.
        self.watcher = QFileSystemWatcher([str(settings_file.parent)], self)
        self.watcher.directoryChanged.connect(lambda _folder: self.changed.emit())
