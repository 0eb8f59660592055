"""Text from files, made safe to print: a routine's title could hold the escape sequences
that retitle a terminal, move its cursor or hide what follows; a file name could be bytes
that are not UTF-8. What comes from a file reaches a terminal with every control character
made visible, and reaches JSON as valid, escaped UTF-8.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import Any

# Control characters (C0 but newline, DEL, C1), the invisible formatting characters that
# can reorder or hide text (zero-width, bidirectional overrides and isolates, the BOM), the
# line and paragraph separators, and lone surrogates (a file name that was not UTF-8). A
# character class: matching is linear. Compiled when first used (a few ms the window's
# start does not need: it shows such text as plain text, not through these).
_INVISIBLE_CLASS = "\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff"


@lru_cache(maxsize=2)
def _invisible(newlines: bool = True) -> re.Pattern[str]:
    """The characters made visible; with `newlines` False, newlines too."""
    return re.compile(f"[{_INVISIBLE_CLASS}]" if newlines else f"[\n{_INVISIBLE_CLASS}]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape(text: str, quote: bool = True) -> str:
    """Text for markup (Qt's rich text, SVG): exactly what html.escape makes of it, without
    importing the html package, whose table of 2,000 named characters cost every start
    5 ms and 0.3 MiB that the window never uses."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


def visible(text: str, *, newlines: bool = True) -> str:
    """The text with every control and invisible formatting character written out as an
    escape (ESC becomes \\x1b); newlines are kept unless `newlines` is False."""
    return _invisible(newlines).sub(_escape, text)


def one_line(text: str) -> str:
    """For a table cell: nothing in it can start a new line or move the cursor."""
    return visible(text, newlines=False)


def xml_text(text: str) -> str:
    """Text that XML 1.0 can hold (an SVG's title): one line with its control and invisible
    characters made visible, and the two noncharacters XML forbids (U+FFFE, U+FFFF) too.
    Markup is still to be escaped (escape)."""
    return one_line(text).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def path_text(path: os.PathLike[str] | str) -> str:
    """A file name as text: bytes that are not UTF-8 are written as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: Any) -> str:
    """Indented JSON that is valid UTF-8 and safe on a terminal: besides what JSON escapes
    itself, the invisible characters above are written as \\u escapes."""
    return _invisible().sub(_json_escape, json.dumps(data, indent=2, ensure_ascii=False))


def data_stream(stream: Any) -> Any:
    """Where data that is not for a terminal goes (CSV into a file or a pipe): the stream
    under a VisibleWriter when it is not a terminal, so tabs and line breaks in a note stay
    the characters they are; on a terminal, the VisibleWriter itself."""
    if isinstance(stream, VisibleWriter) and not stream.isatty():
        return stream._stream
    return stream


class VisibleWriter:
    """A text stream (stdout, stderr) through which nothing prints raw but newlines: the last
    guard at the terminal's door, whatever a command prints."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
