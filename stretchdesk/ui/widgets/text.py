"""Text from files (routines, settings, file names) reaching Qt as the characters it holds.

Someone else may have written those files, and Qt guesses rich text wherever a label is
left on its default format or a tooltip is set: a step called `<img src=/dev/zero>` would
freeze the window. So a label showing such text is told it is plain text, a label mixing
our markup with it escapes it and is told it is rich text, and a tooltip, which Qt always
guesses at, is handed escaped rich text.

This module imports no Qt: the first page uses it before its first paint.
"""

from __future__ import annotations

from stretchdesk.core.text import escape

from stretchdesk.core.words import aloud

# QLabel's textFormat values (Qt.TextFormat), set through the label's Qt property: the Qt
# namespace costs ~10 ms of start-up the first page must not spend, and PySide takes no
# plain int where a Qt.TextFormat is asked for.
PLAIN_TEXT = 0
RICH_TEXT = 1


def plain_label(label):
    """The label shows its text as the characters written, whatever they look like."""
    label.setProperty("textFormat", PLAIN_TEXT)
    return label


def rich_label(label):
    """The label shows its text as our markup; whatever it quotes from a file is escaped."""
    label.setProperty("textFormat", RICH_TEXT)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written: escaped, and wrapped in a paragraph so Qt
    reads it as rich text (which shows the escaped characters) rather than guessing from
    the text itself. Line breaks and runs of spaces are kept. Empty text gives no tooltip."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text, quote=False)}</p>"


def set_aloud(label, text: str) -> None:
    """Show the app's own words in `label`, and give a screen reader the same in words where
    the written form would be misread ('6:08' read as a time of day, '·' as a dot: see
    core.words.aloud); as shown otherwise. Only when the text changes."""
    if label.text() != text:
        label.setText(text)
        said = aloud(text)
        label.setAccessibleName(said if said != text else "")
