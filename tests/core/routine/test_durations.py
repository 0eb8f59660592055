import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchdesk.core.routine.durations import DURATION_PATTERN, Duration, DurationError, format_clock, parse_duration
from stretchdesk.core.routine.loader import schema


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (30, 30, 30),
        (12.5, 12.5, 12.5),
        ("30", 30, 30),
        ("30s", 30, 30),
        ("30 seconds", 30, 30),
        ("0:30", 30, 30),
        ("1:30", 90, 90),
        ("1m30s", 90, 90),
        ("1 min 30 s", 90, 90),
        ("2 min", 120, 120),
        ("20-30s", 20, 30),
        ("20–30 seconds", 20, 30),
        ("20 to 30s", 20, 30),
        ("1-2 min", 60, 120),
        ("0:20-0:30", 20, 30),
        ("45s-1:00", 45, 60),
    ],
)
def test_durations_read_the_way_people_write_them(text, low, high):
    assert parse_duration(text) == Duration(low, high)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("3 weeks", "not a duration"),
        ("", "not a duration"),
        ("-5", "not a duration"),
        (0, "more than zero"),
        ("0s", "more than zero"),
        ("30-20s", "runs backwards"),
        ("1:75", "not a duration"),
        (True, "not a duration"),
        (None, "not a duration"),
        ([30], "not a duration"),
        (float("nan"), "not a duration"),
    ],
)
def test_unreadable_durations_say_why(text, says):
    with pytest.raises(DurationError, match=says):
        parse_duration(text)


def test_range_ends():
    duration = parse_duration("20-30s")
    assert (duration.pick("shorter"), duration.pick("middle"), duration.pick("longer")) == (20, 25, 30)
    assert str(duration) == "20-30s"
    assert [str(parse_duration(text)) for text in ("1-2 min", "45s-1:30", "90")] == ["1-2 min", "45s-1 min 30s", "1 min 30s"]


def test_clock_format():
    assert format_clock(721) == "12:01"
    assert format_clock(45) == "0:45"


def test_schema_publishes_the_same_grammar():
    step = schema()["$defs"]["step"]["properties"]
    for key in ("duration", "hold", "rep"):
        assert step[key]["pattern"] == DURATION_PATTERN


@given(st.text(alphabet="0123456789:.-– msecondinutoa", max_size=14))
def test_schema_pattern_and_parser_agree(text):
    """Whatever an editor accepts through the schema, the loader reads, and the reverse."""
    matches = re.match(DURATION_PATTERN, text) is not None
    try:
        parse_duration(text)
        parsed = True
    except DurationError as error:
        parsed = False
        if matches:  # the pattern allows it, so the only complaint may be about its value
            assert "more than zero" in str(error) or "backwards" in str(error)
    if parsed:
        assert matches
