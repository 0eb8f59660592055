"""The floor view, for following a routine from a mat: the player large with only what is
needed to follow it, the menu bar out of the way (its actions are the window's too, so
their keys still work), the window full screen; and, when left, the window back as it
was. Made with the player page, so nothing of it loads before the first Start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from stretchdesk.ui.pages.player_page import PlayerPage


class FloorView:
    def __init__(self, window: QMainWindow, player: PlayerPage):
        self._window = window
        self._player = player
        #: The window's state before the floor view made it full screen.
        self._before: Qt.WindowState | None = None

    def toggle(self) -> None:
        self.set(not self._player.floor)

    def set(self, on: bool) -> None:
        """Full screen and large for following from a mat; back as it was when left."""
        if on == self._player.floor:
            return
        self._player.set_floor(on)
        self._window.menuBar().setVisible(not on)
        if on:
            self._before = self._window.windowState()
            self._window.setWindowState(self._before | Qt.WindowState.WindowFullScreen)
        elif self._before is not None:
            self._window.setWindowState(self._before)
            self._before = None
