"""Tells the window when another process has changed its settings file (another window,
`stretchdesk settings`). It watches the folder and asks the settings sync
(core/store/settings_sync.py), which says whether the file really changed and takes it up;
only then is `changed` emitted, with what a damaged file made of it."""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from stretchdesk.core.store.settings_sync import SettingsSync


class SettingsWatcher(QObject):
    #: The settings were taken up from the file: the notices a person should read.
    changed = Signal(list)

    def __init__(self, sync: SettingsSync, parent: QObject | None = None):
        super().__init__(parent)
        self._sync = sync
        folder = sync.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # a file where the folder should be: said when the settings were read
        # The folder, not only the file: a file written atomically is a new file each time.
        self.watcher = QFileSystemWatcher(self)
        if folder.is_dir():
            self.watcher.addPath(str(folder))
        self.watcher.directoryChanged.connect(lambda _folder: self.take_up())

    def take_up(self) -> None:
        """The folder changed: the file is taken up if it is not as this window left it."""
        changed, notices = self._sync.file_changed()
        if changed:
            self.changed.emit(notices)
