"""The one Settings object a window shows, kept in step with the settings file.

A change made in the window is written into the file under its lock, read-modify-write, so
nothing another process wrote meanwhile (a second window, `stretchdesk settings`) is lost;
a change made elsewhere is taken up when the file is seen to change; what the routines as
loaded no longer have (a step's hold, a variant) is dropped from both. The Settings object is
changed in place (`adopt`): the pages and a playing session hold on to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from stretchdesk.core.files import file_identity
from stretchdesk.core.store.settings import Settings, read_settings, settings_file, update_settings
from stretchdesk.core.store.settings import reconcile as drop_what_is_gone

if TYPE_CHECKING:
    from stretchdesk.core.routine.model import Routine


class SettingsSync:
    def __init__(self, settings: Settings, path: Path | None = None):
        self.settings = settings
        self._path = path
        #: The file as this window last wrote or read it: a change seen on disk that is
        #: this window's own is not taken up twice.
        self._seen = file_identity(self.path)

    @property
    def path(self) -> Path:
        return self._path or settings_file()

    def change(self, change: Callable[[Settings], None]) -> list[str]:
        """Read the file as it is, change it and write it, under its lock; then hold what it
        now holds. The notices a person should read (a value put right, a file that could
        not be written: the change then holds for this run only)."""
        try:
            loaded = update_settings(change, self.path)
        except OSError as error:
            change(self.settings)
            return [f"Your settings could not be saved: {error.strerror or error}"]
        self._seen = file_identity(self.path)
        self.settings.adopt(loaded.settings)
        return list(loaded.notices)

    def set(self, values: dict) -> list[str]:
        """Set these values (by the settings' own names)."""
        def change(fresh: Settings) -> None:
            for key, value in values.items():
                fresh.set(key, value)

        return self.change(change)

    def reconcile(self, routines: list[Routine]) -> list[str]:
        """The routines as they were loaded now: a step's hold or a chosen variant that its
        routine no longer has is dropped, here and, once, in the file, so the next start
        does not say it again. What was dropped, said; empty when nothing was. (A file that
        cannot be written is said by the next change the person makes.)"""
        dropped = drop_what_is_gone(self.settings, routines)
        if dropped:
            self.change(lambda fresh: drop_what_is_gone(fresh, routines))
        return dropped

    def file_changed(self) -> tuple[bool, list[str]]:
        """The settings' folder changed on disk: take the file up if it is not as this
        window left it. Whether the settings changed, and what a damaged file made of it."""
        identity = file_identity(self.path)
        if identity == self._seen:
            return False, []
        self._seen = identity
        loaded = read_settings(self.path)
        self.settings.adopt(loaded.settings)
        return True, list(loaded.notices) if loaded.damaged else []
