"""The Qt binding itself must be sound enough to run a whole routine.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that
returns nothing; the player calls such methods several times a second, and the process
aborts ("deallocating None") a few minutes into a routine. This pins that down, so an
upgrade of the pinned version cannot bring it back unnoticed.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QPushButton


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_none_alive(qtbot):
    label, button = QLabel(), QPushButton()
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("12")
        button.setAccessibleName("Pause")
    assert sys.getrefcount(None) - before > -100
