"""The broken-file corpus: every file says, in '# expect:' comments, which problems the
loader must report (line | field | a phrase of the message)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yaml

from stretchdesk.core.routine import loader as loader_module
from stretchdesk.core.routine.loader import MAX_FILE_BYTES, load_routine_bytes, load_routine_file, load_routine_text

from tests.conftest import DATA

BROKEN = sorted((DATA / "broken").glob("*.yaml"))
#: Files written to do harm: each either says what is wrong with it, as the broken ones do,
#: or says "# expect: ok" and must then work everywhere (tests/core/routine/test_hostile_files.py).
HOSTILE = sorted((DATA / "hostile").glob("*.yaml"))
HOSTILE_REFUSED = [path for path in HOSTILE if "# expect: ok" not in path.read_text(encoding="utf-8")]
EXPECT = re.compile(r"^# expect: (?P<line>\d+|-)\s*\|(?P<field>[^|]*)\|\s*(?P<message>.+)$")


def expectations(path: Path) -> list[tuple[int | None, str, str]]:
    found = []
    for text in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(text)
        if match:
            line = None if match["line"] == "-" else int(match["line"])
            found.append((line, match["field"].strip(), match["message"].strip()))
    return found


def test_the_corpus_is_there():
    assert len(BROKEN) >= 30 and len(HOSTILE_REFUSED) >= 6
    assert all(expectations(path) for path in BROKEN + HOSTILE_REFUSED), "every corpus file states what it expects"


@pytest.mark.parametrize("path", BROKEN + HOSTILE_REFUSED, ids=[p.stem for p in BROKEN + HOSTILE_REFUSED])
def test_broken_file_gives_file_line_field_and_plain_message(path: Path):
    result = load_routine_file(path)
    assert result.routine is None
    assert result.problems, "a broken file must report at least one problem"
    for problem in result.problems:
        assert problem.file == str(path)
        assert "could not read this file" not in problem.message, f"unexpected internal error: {problem}"
        assert "Traceback" not in problem.message
        assert "limit" not in problem.message and "Error" not in problem.message, f"words meant for programmers: {problem}"
    for line, field, message in expectations(path):
        matching = [p for p in result.problems if message in p.message and p.line == line and p.field == field]
        assert matching, f"expected line {line}, field {field!r}, message containing {message!r}; got:\n" + "\n".join(
            map(str, result.problems)
        )


def test_problem_reads_as_file_line_column_field_message():
    result = load_routine_file(DATA / "broken" / "typo_key.yaml")
    (problem,) = result.problems
    assert str(problem) == (
        f"{DATA / 'broken' / 'typo_key.yaml'}:6:5: step 1 \"Cat cow\", duraton: unknown key 'duraton'; did you mean 'duration'?"
    )


def test_one_message_per_problem():
    result = load_routine_file(DATA / "broken" / "many_problems.yaml")
    messages = [str(p) for p in result.problems]
    assert len(messages) == len(set(messages))
    assert len(result.problems) >= 4


def test_every_problem_of_a_file_is_listed_at_once():
    """A misspelt key does not hide the pose that is not there, nor the duration that cannot
    be: the schema's findings and the checks beyond it come out of one reading."""
    result = load_routine_file(DATA / "broken" / "every_kind_at_once.yaml")
    assert result.routine is None
    assert [(problem.line, problem.column, problem.field, problem.message) for problem in result.problems] == [
        (7, 5, 'step 1 "Cat cow", hodl', "unknown key 'hodl'; did you mean 'hold'?"),
        (10, 11, 'step 2 "Cobra", pose', "there is no pose 'cobar'; did you mean 'cobra'?"),
        (14, 11, 'step 3 "Lunge", hold', "'90 min' is longer than an hour; is that a typo?"),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    # A value the schema refuses is said once, by the schema: not again by the checks after it.
    ("title: T\nsteps:\n  - name: A\n    hold: forever\n  - name: B\n    hold: 2h\n    pose: nowhere\n",
     ["'forever' is not a duration", "'2h' is not a duration", "there is no pose 'nowhere'"]),
    # What the schema refuses whole (a step that is text, sides of 3) is not looked into.
    ("title: T\nsteps:\n  - Lunge\n  - name: B\n    hold: 90 min\n    sides: 3\n    side_label: '{side} leg'\n",
     ["should be a mapping", "is longer than an hour", "3 is not one of"]),
    # Nor is a missing name a blank one, nor a step with no length a rep without reps.
    ("title: T\nsteps:\n  - hold: 30s\n  - name: B\n    rpes: 5\n    rep: 2s\n    pose: cobar\n",
     ["'name' is missing", "unknown key 'rpes'", "there is no pose 'cobar'"]),
    # A variant's steps are checked too, and the ids the steps have.
    ("title: T\nsteps:\n  - name: A\n    hodl: 30s\nvariants:\n  - id: easy\n    name: Easy\n    replace:\n"
     "      - step: b\n        with:\n          - name: C\n            hold: 99 min\n",
     ["unknown key 'hodl'", "there is no step with the id 'b'", "'99 min' is longer than an hour"]),
])
def test_the_checks_after_the_schema_look_only_at_what_it_let_through(text, expected):
    result = load_routine_text(text, "t.yaml", default_id="t")
    assert result.routine is None
    messages = [problem.message for problem in result.problems]
    assert len(messages) == len(expected), messages
    for part, message in zip(expected, messages):
        assert part in message, messages


def test_huge_file_is_refused_without_reading_it(tmp_path: Path):
    huge = tmp_path / "huge.yaml"
    huge.write_text("title: Huge\nsteps:\n" + "  - name: Cat cow\n    hold: 30s\n" * 60_000)
    assert huge.stat().st_size > MAX_FILE_BYTES
    result = load_routine_file(huge)
    assert result.routine is None
    assert "at most 1 MiB" in result.problems[0].message


def test_many_values_in_a_small_file_are_refused():
    text = "title: Wide\nsteps:\n  - name: x\n    hold: 1\n    tips: [" + ", ".join(["a"] * 60_000) + "]\n"
    result = load_routine_text(text, "wide.yaml", default_id="wide")
    assert result.routine is None
    assert "too large" in result.problems[0].message


def test_deep_nesting_is_a_problem_not_a_crash():
    text = "title: Deep\nsteps: " + "[" * 5000 + "]" * 5000 + "\n"
    result = load_routine_text(text, "deep.yaml", default_id="deep")
    assert result.routine is None
    assert result.problems


def test_not_utf8_names_the_line():
    raw = "title: Caf\u00e9\nsteps:\n  - name: Cat cow\n    hold: 30s\n".encode("latin-1")
    result = load_routine_bytes(raw, "latin.yaml", default_id="latin")
    (problem,) = result.problems
    assert problem.line == 1
    assert "UTF-8" in problem.message


def test_binary_file():
    result = load_routine_bytes(b"\x00\x01\x02title", "binary.yaml", default_id="binary")
    assert result.routine is None
    assert result.problems


def test_missing_file_and_folder(tmp_path: Path):
    assert "no such file" in load_routine_file(tmp_path / "nope.yaml").problems[0].message
    assert "folder" in load_routine_file(tmp_path).problems[0].message


def test_minimal_routine_gets_its_id_from_the_file_name(tmp_path: Path):
    path = tmp_path / "My Morning.yaml"
    path.write_text("title: Morning\nsteps:\n  - name: Cat cow\n    hold: 30s\n")
    result = load_routine_file(path)
    assert result.problems == ()
    routine = result.routine
    assert routine.id == "my-morning"
    assert routine.steps[0].id == "cat-cow"
    assert routine.steps[0].sides == 1
    assert "physician or physiotherapist" in routine.safety


def test_one_text_line_is_read_as_a_list_of_one():
    result = load_routine_text(
        "title: T\nsteps:\n  - name: Cobra\n    hold: 30s\n    tips: Keep the shoulders low.\n", "t.yaml", default_id="t"
    )
    assert result.routine.steps[0].tips == ("Keep the shoulders low.",)


def test_unquoted_clock_time_is_still_read_as_minutes_and_seconds():
    # YAML 1.1 reads an unquoted 1:30 as the number 90 (base 60); that is what the person meant.
    result = load_routine_text("title: T\nsteps:\n  - name: Lunge\n    duration: 1:30\n", "t.yaml", default_id="t")
    assert result.routine.steps[0].duration.low == 90


class _ParserWithItsOwnDepthLimit(yaml.SafeLoader):
    """A parser that stops deep documents with its own words, as libyaml's does in some
    PyYAML versions (6.0.4: 'exceeded maximum nesting depth') and not in others."""

    def get_single_node(self):
        raise yaml.scanner.ScannerError("while increasing flow level", None, "exceeded maximum nesting depth", None)


@pytest.mark.parametrize("parser", [None, _ParserWithItsOwnDepthLimit], ids=["pure-python", "own-limit"])
def test_too_deep_reads_our_words_whatever_the_parser_says(monkeypatch: pytest.MonkeyPatch, parser):
    monkeypatch.setattr(loader_module, "_FAST_LOADER", parser)
    text = "title: Deep\nsteps:\n  - name: A\n    hold: 30s\n    tips: " + "[" * 2000 + "]" * 2000 + "\n"
    (problem,) = load_routine_text(text, "deep.yaml", default_id="deep").problems
    assert problem.line == 5
    assert problem.message == "the YAML is nested too deeply (more than 20 levels) to be a routine"


def test_the_shortest_duration_is_said_once_for_numbers_and_for_text():
    """A step must have time of its own: the schema's floor for a number and the duration
    reader's for a text are the same, and the shortest allowed loads."""
    import json

    from stretchdesk.core import paths
    from stretchdesk.core.routine.durations import SHORTEST_SECONDS

    schema = json.loads(paths.builtin_routines_dir().joinpath("routine.schema.json").read_text(encoding="utf-8"))
    floors = {key: schema["$defs"]["step"]["properties"][key]["minimum"] for key in ("duration", "hold", "rep")}
    assert floors == dict.fromkeys(("duration", "hold", "rep"), SHORTEST_SECONDS)
    for written in (SHORTEST_SECONDS, f"{SHORTEST_SECONDS} s"):
        result = load_routine_text(f"title: T\nsteps:\n- {{name: A, reps: 3, rep: {written}}}\n", "short.yaml", default_id="short")
        assert result.routine is not None, result.problems
