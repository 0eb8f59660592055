"""The Qt-free heart of StretchDesk: routines, their loading, the timeline and the session.

Nothing in this package may import Qt; tests/core/test_no_qt.py enforces it.
"""
