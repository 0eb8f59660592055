"""Hostile routine files that the checker accepts (tests/data/hostile, "# expect: ok"):
everything after the checker handles them: the timeline, a whole session with its cues,
and what `show --json` prints. And files that are not files at all never block."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stretchdesk.cli import routine_json
from stretchdesk.core.play.cues import CueSettings, cues_for
from stretchdesk.core.routine.library import load_library
from stretchdesk.core.routine.loader import load_routine_file
from stretchdesk.core.play.session import Session, State
from stretchdesk.core.play.timeline import TimingSettings, build_timeline

from tests.conftest import DATA
from tests.fakes import FakeClock

ACCEPTED = [path for path in sorted((DATA / "hostile").glob("*.yaml")) if "# expect: ok" in path.read_text(encoding="utf-8")]


def test_there_are_accepted_hostile_files():
    assert len(ACCEPTED) >= 3


@pytest.mark.parametrize("path", ACCEPTED, ids=[p.stem for p in ACCEPTED])
def test_an_accepted_hostile_file_plays_from_start_to_end(path: Path):
    result = load_routine_file(path)
    assert result.problems == ()
    routine = result.routine
    for variant in (None, *(v.id for v in routine.variants)):
        timeline = build_timeline(routine, TimingSettings(), variant)
        assert all(plan.amount.written() for plan in timeline.steps)
        assert json.loads(json.dumps(routine_json(timeline)))["step_count"] == len(timeline.steps)
        clock = FakeClock()
        session = Session(timeline)
        events = session.start(clock())
        while session.state is not State.FINISHED:
            clock.advance(0.5)
            events += session.tick(clock())
        cues_for(events, timeline, CueSettings())
        assert len(session.summary(clock()).completed) == len(timeline.steps)


def test_whole_numbers_written_as_floats_count_as_whole_numbers():
    routine = load_routine_file(DATA / "hostile" / "whole_numbers_as_floats.yaml").routine
    pull = routine.steps[0]
    assert (pull.reps, pull.rounds, pull.sides, routine.steps[1].breaths) == (5, 2, 2, 4)
    assert all(isinstance(n, int) for n in (pull.reps, pull.rounds, pull.sides, routine.steps[1].breaths))
    assert build_timeline(routine).steps[0].amount.written() == "5 reps of 4s, each side, 2 rounds"


def test_a_fifo_a_device_and_a_folder_in_the_routines_folder_never_block(user_routines: Path):
    os.mkfifo(user_routines / "pipe.yaml")
    (user_routines / "zero.yaml").symlink_to("/dev/zero")
    (user_routines / "folder.yaml").mkdir()
    (user_routines / "good.yaml").write_text("title: Good\nsteps:\n  - name: A\n    hold: 30s\n")
    library = load_library()
    assert library.get("good") is not None
    said = {Path(p.file).name: p.message for p in library.problems}
    assert "named pipe" in said["pipe.yaml"] and "character device" in said["zero.yaml"] and "folder" in said["folder.yaml"]
