"""The history: what a session leaves behind as it is played, stopped, carried on and cut
off, and what a damaged, locked, read-only or full history does. A fake clock drives the
playback and a fake wall clock stamps the rows; nothing sleeps."""

from __future__ import annotations

import os
from pathlib import Path
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from stretchdesk.core.store.history import AFTER, BEFORE, BUSY_TIMEOUT_MS, DONE, FINISHED, SKIPPED, STOPPED, HistoryStore
from stretchdesk.core.views.history_stats import practised_days, week_progress
from stretchdesk.core.play.history_recorder import HistoryRecorder
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.playback import Playback
from stretchdesk.core.store.settings import Settings
from tests.fakes import FakeClock

ROUTINE = """title: Test
steps:
  - name: Twist
    hold: 10s
    sides: 2
  - name: Cat cow
    breaths: 2
  - name: Bridge
    reps: 2
    rep: 2s
  - name: Child's pose
    hold: 20s
"""
ZONE = timezone(timedelta(hours=1))
#: How long the tests' stores wait for another program's lock: a locked write is kept for
#: later at once instead of after the app's two seconds.
SHORT_BUSY_MS = 10


class Wall:
    """The wall clock, moved with the monotonic one."""

    def __init__(self, clock: FakeClock, start: datetime = datetime(2026, 11, 20, 7, 30, tzinfo=ZONE)):
        self.clock, self.start, self.origin = clock, start, clock.now

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.now - self.origin)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock) -> HistoryStore:
    made = HistoryStore(tmp_path / "history.sqlite3", now=Wall(clock), busy_timeout_ms=SHORT_BUSY_MS)
    yield made
    made.close()


def routine():
    return load_routine_text(ROUTINE, "t.yaml", default_id="t").routine


def play(playback: Playback, recorder: HistoryRecorder, clock: FakeClock, seconds: float) -> None:
    """Let the session run `seconds`, ticking when it asks to be woken."""
    end = clock.now + seconds
    while clock.now < end and playback.session is not None:
        wait = playback.wake_in()
        if wait is None:
            return
        clock.advance(min(max(wait, 0.01), end - clock.now))
        recorder.follow(playback, playback.tick())


def started(store, clock, from_step: int = 0, resuming: str | None = None):
    playback = Playback(Settings(), clock)
    recorder = HistoryRecorder(store)
    recorder.resume_next(resuming)
    recorder.follow(playback, playback.start(routine(), from_step=from_step))
    return playback, recorder


def test_a_session_played_to_the_end(store, clock):
    playback, recorder = started(store, clock)
    assert [record.outcome for record in store.sessions()] == ["running"]  # written at the start
    play(playback, recorder, clock, playback.timeline.total_seconds + 1)
    [record] = store.sessions()
    assert record.outcome == FINISHED and record.finished and not record.cut_off and not record.ended_early
    assert record.routine_id == "t" and record.routine_title == "Test" and record.step_count == 4
    assert [(step.position, step.step_id, step.status) for step in record.steps] == [
        (0, "twist", DONE), (1, "cat-cow", DONE), (2, "bridge", DONE), (3, "childs-pose", DONE)]
    assert record.active_seconds == pytest.approx(playback.timeline.total_seconds, abs=0.6)
    assert record.started == datetime(2026, 11, 20, 7, 30, tzinfo=ZONE)
    assert record.ended - record.started == timedelta(seconds=record.active_seconds)
    assert record.timing["get_ready"] == 5 and record.timing["hold_scale"] == 100
    assert record.resume_at is None and store.resumable() == {}


def test_a_session_keeps_the_timing_it_was_played_with(store, clock):
    """A routine fitted to a time plays with a hold scale and spare seconds of its own: the
    history keeps those, as the timeline was built with them."""
    settings = Settings()
    settings.preferences("t").target_seconds = 180
    playback = Playback(settings, clock)
    recorder = HistoryRecorder(store)
    recorder.follow(playback, playback.start(routine()))
    played = playback.timeline.settings
    [record] = store.sessions()
    assert played.hold_scale != 100 and record.timing["hold_scale"] == played.hold_scale
    assert record.timing["spare_seconds"] == played.spare_seconds
    assert playback.timeline.total_seconds == pytest.approx(180)


def test_each_step_is_written_when_it_ends(store, clock):
    playback, recorder = started(store, clock)
    twist = playback.timeline.steps[0]
    play(playback, recorder, clock, twist.end - 0.5)
    assert store.sessions()[0].steps == ()
    play(playback, recorder, clock, 1)
    [record] = store.sessions()
    assert [step.step_id for step in record.steps] == ["twist"] and record.outcome == "running"
    assert record.active_seconds == pytest.approx(twist.end, abs=0.6)


def test_stopped_early_and_carried_on(store, clock):
    playback, recorder = started(store, clock)
    play(playback, recorder, clock, playback.timeline.steps[1].start + 2)  # into the cat-cow's get-ready
    recorder.follow(playback, playback.next_step())  # skipped
    recorder.follow(playback, playback.stop())  # stopped in the bridge
    [first] = store.sessions()
    assert first.outcome == STOPPED and first.ended_early and first.stopped_at_step == 2
    assert [(step.step_id, step.status) for step in first.steps] == [("twist", DONE), ("cat-cow", SKIPPED)]
    assert first.outcome_text == "stopped at step 3 of 4"
    assert store.resumable() == {"t": first} and first.resume_at == 2

    clock.advance(3600)
    playback, recorder = started(store, clock, from_step=first.resume_at, resuming=first.id)
    assert playback.view().step_index == 2
    play(playback, recorder, clock, playback.timeline.total_seconds)
    old, carried = store.sessions()
    assert old.resumed_by == carried.id and carried.resumed_from == old.id and carried.first_step == 2
    assert carried.finished and [step.step_id for step in carried.steps] == ["bridge", "childs-pose"]
    assert store.resumable() == {}, "a session carried on is not offered again"
    assert week_progress(store.sessions(), carried.day) == 1, "the two parts count once"


def test_leaving_the_player_is_stopping(store, clock):
    playback, recorder = started(store, clock)
    play(playback, recorder, clock, playback.timeline.steps[1].start + 8)
    recorder.leave(playback)
    playback.close()
    [record] = store.sessions()
    assert record.outcome == STOPPED and record.stopped_at_step == 1 and record.resume_at == 1


def test_stopped_before_a_step_was_done_there_is_nothing_to_carry_on(store, clock):
    playback, recorder = started(store, clock)
    play(playback, recorder, clock, 3)  # in the first get-ready
    recorder.follow(playback, playback.stop())
    [record] = store.sessions()
    assert record.outcome == STOPPED and record.resume_at is None and store.resumable() == {}


def test_every_step_skipped_is_not_a_routine_played(store, clock):
    playback, recorder = started(store, clock)
    for _ in playback.timeline.steps:
        recorder.follow(playback, playback.next_step())
    [record] = store.sessions()
    assert record.finished and not record.done_steps
    assert week_progress([record], record.day) == 0 and practised_days([record]) == set()


def test_a_session_carried_on_twice_keeps_its_first_link(store, clock):
    playback, recorder = started(store, clock)
    play(playback, recorder, clock, playback.timeline.steps[1].start + 1)
    recorder.follow(playback, playback.stop())
    [first] = store.sessions()
    one = store.begin(routine_id="t", routine_title="Test", variant=None, step_count=4, timing={}, first_step=1, resumed_from=first.id)
    store.begin(routine_id="t", routine_title="Test", variant=None, step_count=4, timing={}, first_step=1, resumed_from=first.id)
    assert store.session(first.id).resumed_by == one


def test_a_carried_on_session_waiting_for_the_voice_shows_its_step(clock):
    playback = Playback(Settings(), clock)
    update = playback.start(routine(), from_step=2, voice_starting=True)
    assert update.view.state.name == "WAITING" and update.view.step_index == 2
    assert update.view.remaining == pytest.approx(playback.timeline.total_seconds - playback.timeline.steps[2].start)


def test_two_processes_opening_a_new_history_at_once_both_keep_it(tmp_path, clock):
    first = HistoryStore(tmp_path / "history.sqlite3", now=Wall(clock))
    second = HistoryStore(tmp_path / "history.sqlite3", now=Wall(clock))
    first.open()
    second._migrate(first._db, 0)  # as if it had read version 0 before the first migrated
    second.open()
    first.begin(routine_id="t", routine_title="T", variant=None, step_count=1, timing={})
    second.begin(routine_id="t", routine_title="T", variant=None, step_count=1, timing={})
    assert len(first.sessions()) == 2 and first.take_problems() == [] and second.take_problems() == []
    assert not list(tmp_path.glob("*damaged*"))
    first.close()
    second.close()


@pytest.mark.parametrize("edit", [
    "UPDATE sessions SET outcome = 'abandoned' WHERE routine_title = 'Odd'",
    "UPDATE sessions SET stopped_at_step = 'two' WHERE routine_title = 'Odd'",
    "UPDATE sessions SET step_count = 20000000 WHERE routine_title = 'Odd'",
    "UPDATE sessions SET active_seconds = 'x' WHERE routine_title = 'Odd'",
    "UPDATE sessions SET routine_title = x'00ff' WHERE routine_title = 'Odd'",
    "UPDATE checkins SET score = 99",
    # A note that is not UTF-8: that check-in is left out, not the history.
    "UPDATE checkins SET note = CAST(x'4e6f80ff' AS TEXT)",
    "UPDATE sessions SET routine_title = CAST(x'4e6f80ff' AS TEXT) WHERE routine_title = 'Odd'",
    # Durations that cannot be: infinite, not a number (stored as NULL: none), negative, a year.
    "UPDATE sessions SET active_seconds = 1e999 WHERE routine_title = 'Odd'",
    "UPDATE sessions SET active_seconds = -1e999 WHERE routine_title = 'Odd'",
    "UPDATE sessions SET active_seconds = 31e6 WHERE routine_title = 'Odd'",
    # Dates no clock gave.
    "UPDATE sessions SET started_at = '9999-12-31T23:59:59+14:00' WHERE routine_title = 'Odd'",
    "UPDATE sessions SET started_at = '0001-01-01T00:00:00+00:00' WHERE routine_title = 'Odd'",
    # Far longer than anything StretchDesk writes (a 20 MB title).
    "UPDATE sessions SET routine_title = printf('%.*c', 20000000, 'x') WHERE routine_title = 'Odd'",
    "UPDATE sessions SET routine_id = printf('%.*c', 1000, 'x') WHERE routine_title = 'Odd'",
    "UPDATE sessions SET id = printf('%.*c', 1000, 'x') WHERE routine_title = 'Odd'",
    "UPDATE steps SET name = printf('%.*c', 100000, 'x')",
    "UPDATE checkins SET note = printf('%.*c', 100000, 'x')",
])
def test_a_hand_edited_row_is_left_out_and_the_file_kept(store, clock, edit):
    store.begin(routine_id="t", routine_title="Good", variant=None, step_count=4, timing={})
    odd = store.begin(routine_id="t", routine_title="Odd", variant=None, step_count=4, timing={})
    store.check_in(odd, BEFORE, 5, "a note")
    store.step_ended(odd, position=0, step_id="twist", name="Twist", status=DONE, active_seconds=10)
    store.close()
    with sqlite3.connect(store.path) as db:
        db.execute("PRAGMA ignore_check_constraints = 1")
        db.execute(edit)
    with HistoryStore(store.path, now=store._now) as again:
        titles = [record.routine_title for record in again.sessions()]
        assert "Good" in titles
        [problem] = again.take_problems()
        assert "left out" in problem and "1 entry" in problem, "said, once"
        again.sessions()
        assert again.take_problems() == []
    assert not list(store.path.parent.glob("*damaged*")), "a spoilt row is not a damaged file"


def test_check_ins_before_and_after(store, clock):
    playback = Playback(Settings(), clock)
    recorder = HistoryRecorder(store)
    recorder.check_in_before(6, "stiff after the drive")
    recorder.follow(playback, playback.start(routine()))
    play(playback, recorder, clock, playback.timeline.total_seconds + 1)
    recorder.check_in_after(3, "  looser  ")
    [record] = store.sessions()
    assert (record.checkin(BEFORE).score, record.checkin(BEFORE).note) == (6, "stiff after the drive")
    assert (record.checkin(AFTER).score, record.checkin(AFTER).note) == (3, "looser")
    with pytest.raises(ValueError):
        store.check_in(record.id, AFTER, 11)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_session_whose_writer_is_gone_was_cut_off(store, clock, tmp_path):
    playback, recorder = started(store, clock)
    play(playback, recorder, clock, playback.timeline.steps[1].end + 1)
    [record] = store.sessions()
    assert record.outcome == "running" and not record.cut_off, "its writer, this process, is alive"
    with sqlite3.connect(store.path) as db:  # as if this process had been killed
        db.execute("UPDATE sessions SET owner_pid = ?", (dead_pid(),))
    [record] = store.sessions()
    assert record.cut_off and record.ended_early and record.outcome_text == "cut off"
    assert record.resume_at == 2, "carried on from the step after the last one written"
    assert store.resumable() == {"t": record}


def test_a_damaged_file_is_kept_aside_and_a_new_one_started(tmp_path, clock):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, but somebody's words" * 100)
    store = HistoryStore(path, now=Wall(clock))
    assert store.sessions() == []
    [problem] = store.take_problems()
    assert "damaged" in problem and store.kept_aside.name in problem
    assert store.kept_aside.read_bytes().startswith(b"this is not a database"), "nothing is lost"
    playback, recorder = started(store, clock)
    assert len(store.sessions()) == 1
    store.close()


def test_a_locked_file_keeps_the_writes_until_it_is_free(store, clock):
    playback, recorder = started(store, clock)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    play(playback, recorder, clock, playback.timeline.steps[0].end + 1)
    assert store.waiting == 1 and "another program" in store.take_problems()[0]
    other.execute("ROLLBACK")
    other.close()
    play(playback, recorder, clock, playback.timeline.steps[1].end + 1 - playback.view().position)
    assert store.waiting == 0
    assert [step.step_id for step in store.sessions()[0].steps] == ["twist", "cat-cow"], "nothing lost, in order"


def test_a_write_waits_a_moment_for_another_programs_lock(tmp_path, clock, store):
    """Another program's short transaction (a second window, `stretchdesk history`) is
    waited for before a write is kept for later; a test's store waits only as long as
    it is told."""
    with HistoryStore(tmp_path / "app.sqlite3", now=Wall(clock)) as app:
        app.open()
        assert app._db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS == 2000
    store.open()
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] == SHORT_BUSY_MS


def test_a_full_disk_keeps_the_writes(store, clock):
    playback, recorder = started(store, clock)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
    for count in range(1, 200):
        store.begin(routine_id="t", routine_title="T", variant=None, step_count=4, timing={"words": "x" * 3000})
        if store.waiting:
            break
    assert store.waiting == 1 and "disk is full" in store.take_problems()[0]
    store.check_in(recorder.session_id, BEFORE, 5, "kept in order, after the session that waits")
    store._db.execute("PRAGMA max_page_count = 1000000")
    assert store.flush() and store.waiting == 0
    assert len(store.sessions()) == 1 + count, "nothing lost"
    assert store.session(recorder.session_id).checkin(BEFORE).score == 5


def test_a_folder_that_cannot_be_written(tmp_path, clock, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path).startswith(str(folder)) else real_access(path, mode))
    store = HistoryStore(folder / "history.sqlite3", now=Wall(clock))
    playback, recorder = started(store, clock)  # plays all the same
    assert store.sessions() == [] and not store.available and not store.writable
    assert "cannot be written" in store.take_problems()[0]


def test_a_newer_file_is_read_and_left_alone(store, clock):
    playback, recorder = started(store, clock)
    store.close()
    with sqlite3.connect(store.path) as db:
        db.execute("PRAGMA user_version = 99")
    again = HistoryStore(store.path, now=store._now)  # closed below
    assert len(again.sessions()) == 1 and again.read_only and not again.writable
    assert "newer StretchDesk" in again.take_problems()[0]
    again.begin(routine_id="t", routine_title="T", variant=None, step_count=1, timing={})
    assert len(again.sessions()) == 1 and again.waiting == 1
    again.close()


@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_only_a_regular_file_is_opened(tmp_path, clock, kind):
    path = tmp_path / "history.sqlite3"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "elsewhere")
    store = HistoryStore(path, now=Wall(clock))
    assert store.sessions() == []
    assert "not a regular file" in store.take_problems()[0]


# -- read only to be read (the command line, a report) ------------------------------------------


def finished_history(tmp_path, clock, folder: str = "data"):
    path = tmp_path / folder / "history.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    store = HistoryStore(path, now=Wall(clock))
    playback, recorder = started(store, clock)
    play(playback, recorder, clock, playback.timeline.total_seconds + 1)
    store.check_in(recorder.session_id, AFTER, 2, "easier")
    store.close()
    return path


def test_reading_leaves_the_file_as_it_was(tmp_path, clock):
    path = finished_history(tmp_path, clock)
    before = path.read_bytes()
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        [record] = store.sessions()
        assert record.finished and record.checkin(AFTER).note == "easier"
        assert store.take_problems() == [] and store.read_only
        store.begin(routine_id="t", routine_title="T", variant=None, step_count=1, timing={})
        assert store.waiting == 1, "kept, never written"
    assert path.read_bytes() == before


def test_reading_a_damaged_file_keeps_it_aside(tmp_path, clock):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database at all " * 50)
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        assert store.sessions() == []
        [problem] = store.take_problems()
    assert "damaged" in problem and store.kept_aside.name in problem
    assert store.kept_aside.read_bytes().startswith(b"not a database at all"), "nothing is lost"


#: Reads the history at argv[1], only to read it with argv[2] "reading" (else as the window
#: does), and prints how many sessions it found and what it said.
READ_CHILD = """
import sys
from pathlib import Path
from stretchdesk.core.store.history import HistoryStore
store = HistoryStore(Path(sys.argv[1]), reading=sys.argv[2:] == ["reading"])
print(len(store.sessions()), store.take_problems())
"""


def test_reading_where_sqlite_cannot_make_its_shared_memory_file(tmp_path, clock):
    # A full disk: SQLite cannot make the file it reads a WAL database through (32 KiB).
    import resource
    import signal

    path = finished_history(tmp_path, clock)

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run([sys.executable, "-c", READ_CHILD, str(path), "reading"], capture_output=True, text=True,
                            timeout=60, preexec_fn=full_disk)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 []"


def test_a_folder_that_cannot_be_written_is_still_read(clock):
    """A history closed cleanly in WAL mode has no shared-memory file beside it, and SQLite
    cannot make one in a folder it may not write to: the file is read as it stands."""
    import shutil
    import tempfile
    from pathlib import Path

    from tests.conftest import REPO, bound_by_file_modes

    home = Path(tempfile.mkdtemp(prefix="stretchdesk-read-only-"))
    try:
        home.chmod(0o755)
        path = finished_history(home, clock)
        path.chmod(0o444)
        path.parent.chmod(0o555)
        command = bound_by_file_modes([sys.executable, "-c", READ_CHILD, str(path)])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), *sys.path[1:]]), HOME=str(home))
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, cwd=home)
        assert result.returncode == 0, result.stderr
        count, problems = result.stdout.strip().split(" ", 1)
        assert count == "1", result.stdout
        assert "can only be read" in problems and "cannot be written" not in problems
    finally:
        for folder in (home / "data", home):
            folder.chmod(0o755)
        shutil.rmtree(home, ignore_errors=True)


def test_a_relative_data_folder(tmp_path, clock, monkeypatch):
    """STRETCHDESK_DATA_DIR=rel: the history is read and written where the folder is, as
    the command line and the window see it from where they were started."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STRETCHDESK_DATA_DIR", "rel")
    from pathlib import Path

    path = finished_history(tmp_path, clock, folder="rel")
    with HistoryStore(now=Wall(clock), reading=True) as store:
        assert store.path == path and len(store.sessions()) == 1
        assert store.take_problems() == []
    result = subprocess.run([sys.executable, "-m", "stretchdesk", "history", "--json"], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ, STRETCHDESK_DATA_DIR="rel"), cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert '"finished"' in result.stdout
    assert Path("rel").is_dir()


# -- nothing stored in the file runs ------------------------------------------------------------

#: What someone else's file may carry, each made by SQL run on a history of ours.
FOREIGN = {
    # Read instead of the sessions: three made-up rows (it might as well never end).
    "a view": ["ALTER TABLE sessions RENAME TO kept",
               "CREATE VIEW sessions AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3)"
               " SELECT 'v' || x AS id, 't' AS routine_id, 'Made up' AS routine_title, NULL AS variant,"
               " '2026-11-20T07:30:00+01:00' AS started_at, x AS started_utc, NULL AS ended_at,"
               " '2026-11-20T07:30:00+01:00' AS last_seen_at, 60.0 AS active_seconds, 'finished' AS outcome,"
               " 4 AS step_count, NULL AS stopped_at_step, 0 AS first_step, NULL AS resumed_from, NULL AS resumed_by,"
               " '{}' AS timing, NULL AS owner_pid, NULL AS owner_mark FROM n"],
    # Every earlier session deleted when a routine is played.
    "a trigger": ["CREATE TRIGGER wipe AFTER INSERT ON sessions BEGIN DELETE FROM sessions WHERE id != NEW.id; END"],
    "a table of someone else's": ["CREATE TABLE extra (x)"],
    "an index of someone else's": ["CREATE INDEX by_title ON sessions (routine_title)"],
    "a column missing": ["ALTER TABLE checkins DROP COLUMN note"],
    "a column more": ["ALTER TABLE sessions ADD COLUMN extra TEXT DEFAULT 'x'"],
}


@pytest.mark.parametrize("kind", list(FOREIGN))
def test_nothing_someone_else_put_in_the_file_runs(tmp_path, clock, kind):
    path = finished_history(tmp_path, clock)
    with sqlite3.connect(path) as db:
        for statement in FOREIGN[kind]:
            db.execute(statement)
    db.close()
    before = path.read_bytes()
    store = HistoryStore(path, now=Wall(clock), busy_timeout_ms=SHORT_BUSY_MS)
    playback, recorder = started(store, clock)
    assert [record.routine_title for record in store.sessions()] == ["Test"], "only the session just played"
    [problem] = store.take_problems()
    assert "damaged" in problem and "StretchDesk did not make" in problem and store.kept_aside.name in problem
    store.close()
    assert store.kept_aside.read_bytes() == before, "kept as it was: nothing in it ran, nothing was deleted"


def test_reading_a_file_with_someone_elses_schema(tmp_path, clock):
    path = finished_history(tmp_path, clock)
    with sqlite3.connect(path) as db:
        for statement in FOREIGN["a view"]:
            db.execute(statement)
    db.close()
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        assert store.sessions() == []
        [problem] = store.take_problems()
        assert "view 'sessions'" in problem and store.kept_aside is not None


def test_a_newer_file_with_a_view_is_not_read(tmp_path, clock):
    """A newer StretchDesk may add tables, but never puts a view or a trigger where the
    sessions are read from."""
    path = finished_history(tmp_path, clock)
    with sqlite3.connect(path) as db:
        for statement in FOREIGN["a view"]:
            db.execute(statement)
        db.execute("PRAGMA user_version = 99")
    db.close()
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        assert store.sessions() == []
        assert "StretchDesk did not make" in store.take_problems()[0]


def test_a_newer_file_with_more_tables_is_read(tmp_path, clock):
    path = finished_history(tmp_path, clock)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE goals (x)")
        db.execute("ALTER TABLE sessions ADD COLUMN mood TEXT")
        db.execute("PRAGMA user_version = 99")
    db.close()
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        assert len(store.sessions()) == 1 and "newer StretchDesk" in store.take_problems()[0]


def test_no_query_runs_without_end(tmp_path, clock, monkeypatch):
    """Every statement is stopped after a bounded number of steps, whatever it meets."""
    from stretchdesk.core.store import history

    path = finished_history(tmp_path, clock)
    monkeypatch.setattr(history, "MAX_QUERY_STEPS", 50)
    monkeypatch.setattr(history, "PROGRESS_EVERY", 1)
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        assert store.sessions() == []
        assert "took too long" in store.take_problems()[0]
    assert path.exists() and not list(tmp_path.glob("data/*damaged*")), "too long is not damaged"


def test_odd_values_are_bounded_on_the_way_in(store, clock):
    session = store.begin(routine_id="r" * 1000, routine_title="T" * 100_000, variant="v" * 1000, step_count=4,
                          timing={"hold_scale": float("inf"), "words": "w" * 100_000, "step_holds": {"a": float("nan")}})
    store.step_ended(session, position=0, step_id="s" * 1000, name="N" * 100_000, status=DONE, active_seconds=float("nan"))
    store.end(session, finished=False, active_seconds=float("inf"), stopped_at_step=1)
    store.check_in(session, AFTER, 3, "n" * 100_000)
    [record] = store.sessions()
    assert store.take_problems() == []
    assert len(record.routine_title) <= 120 and len(record.routine_id) <= 64 and len(record.variant) <= 64
    assert len(record.steps[0].name) <= 120 and len(record.steps[0].step_id) <= 64
    assert len(record.checkin(AFTER).note) == 2000
    assert record.active_seconds == 0, "a time that cannot be is no time"
    assert "hold_scale" not in record.timing and len(record.timing["words"]) <= 120 and record.timing["step_holds"] == {}


def test_a_timing_no_program_wrote_is_left_empty(store, clock):
    session = store.begin(routine_id="t", routine_title="T", variant=None, step_count=4, timing={})
    store.close()
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE sessions SET timing = ?", ("[" * 100_000,))
    db.close()
    with HistoryStore(store.path, now=store._now) as again:
        [record] = again.sessions()
        assert record.id == session and record.timing == {}


# -- the journal beside the file ------------------------------------------------------------------

#: Plays sessions into the history at argv[1] (titles argv[2:]) and is killed (SIGKILL) with
#: them in the journal, not yet in the file.
KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from stretchdesk.core.store.history import HistoryStore
store = HistoryStore(Path(sys.argv[1]))
for title in sys.argv[2:]:
    store.begin(routine_id="t", routine_title=title, variant=None, step_count=1, timing={})
assert store.take_problems() == [], store.problems
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_writing(path, *titles) -> None:
    result = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), *titles], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == -9, result.stderr
    assert os.path.getsize(f"{path}-wal") > 32, "the sessions wait in the journal"


def titles_in(path, clock) -> tuple[list[str], list[str]]:
    with HistoryStore(path, now=Wall(clock)) as store:
        return sorted(record.routine_title for record in store.sessions()), store.take_problems()


def test_a_journal_of_its_own_is_read_after_a_kill(tmp_path, clock):
    path = finished_history(tmp_path, clock)
    killed_writing(path, "Killed 1", "Killed 2")
    assert titles_in(path, clock) == (["Killed 1", "Killed 2", "Test"], [])


def test_a_copy_put_back_beside_a_journal_not_its_own(tmp_path, clock):
    """A history restored from a backup next to the journal the one it replaced left when
    it was killed: the journal is set aside (kept), never merged into the copy."""
    path = finished_history(tmp_path, clock)
    backup = path.read_bytes()
    killed_writing(path, "After the backup", "Killed")
    journal = Path(f"{path}-wal").read_bytes()
    path.write_bytes(backup)  # put back over the file, in place
    titles, [problem] = titles_in(path, clock)
    assert titles == ["Test"], "the copy as it was"
    assert "not written with it" in problem and "not merged" in problem
    [aside] = path.parent.glob("history.sqlite3-wal.damaged-*")
    assert aside.name in problem and aside.read_bytes() == journal, "kept, whole"
    assert not list(path.parent.glob("history.damaged-*")), "the history itself is sound"


def test_another_databases_journal_is_set_aside(tmp_path, clock):
    other = finished_history(tmp_path, clock, folder="other")
    killed_writing(other, "Elsewhere")
    path = finished_history(tmp_path, clock)
    Path(f"{path}-wal").write_bytes(Path(f"{other}-wal").read_bytes())
    titles, [problem] = titles_in(path, clock)
    assert titles == ["Test"] and "not merged" in problem


def test_reading_beside_a_journal_not_its_own(tmp_path, clock):
    path = finished_history(tmp_path, clock)
    backup = path.read_bytes()
    killed_writing(path, "Killed")
    path.write_bytes(backup)
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        assert [record.routine_title for record in store.sessions()] == ["Test"]
        assert "not merged" in store.take_problems()[0]
    assert path.read_bytes() == backup


def test_a_journal_with_no_record_is_read_once_a_copy_is_kept(tmp_path, clock):
    """A history from before StretchDesk noted its journal: merged as SQLite does, and the
    file and its journal as they were kept first, whole."""
    path = finished_history(tmp_path, clock)
    killed_writing(path, "Killed")
    Path(f"{path}-mark").unlink()
    before, journal = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    titles, [problem] = titles_in(path, clock)
    assert titles == ["Killed", "Test"]
    [copy] = path.parent.glob("history.as-it-was-*.sqlite3")
    assert copy.name in problem and copy.read_bytes() == before
    assert Path(f"{copy}-wal").read_bytes() == journal


def test_a_journal_in_use_is_left_alone(store, clock, tmp_path):
    """Another window writing now: its journal is its own, and opening beside it merges
    nothing aside."""
    store.begin(routine_id="t", routine_title="First", variant=None, step_count=1, timing={})
    assert os.path.getsize(f"{store.path}-wal") > 32
    with HistoryStore(store.path, now=Wall(clock)) as second:
        second.begin(routine_id="t", routine_title="Second", variant=None, step_count=1, timing={})
        assert len(second.sessions()) == 2 and second.take_problems() == []
    assert len(store.sessions()) == 2 and store.take_problems() == []
    assert not list(tmp_path.glob("*damaged*"))


def test_a_fold_cut_short_keeps_its_journal(tmp_path, clock):
    """Killed while the journal was being folded into the file (the file written, the journal
    not yet emptied): the journal still belongs to the file and is read with it."""
    path = finished_history(tmp_path, clock)
    child = KILLED_WRITER.replace(
        "os.kill(", "store._note_journal(folding=True); os.utime(sys.argv[1], ns=(1, 1)); os.kill(")
    result = subprocess.run([sys.executable, "-c", child, str(path), "Killed"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == -9, result.stderr
    assert titles_in(path, clock) == (["Killed", "Test"], [])


#: Plays a session into the history at argv[1] on a disk that fills after its first check-in
#: (the process may write no file past 1 KiB) and is freed before its end.
FILLING_DISK = """
import resource, signal, sys
from pathlib import Path
from stretchdesk.core.store.history import AFTER, BEFORE, DONE, HistoryStore
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
store = HistoryStore(Path(sys.argv[1]))
session = store.begin(routine_id="t", routine_title="Full", variant=None, step_count=4, timing={})
store.check_in(session, BEFORE, 6, "stiff")
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, resource.RLIM_INFINITY))
for position in range(3):
    store.step_ended(session, position=position, step_id=f"s{position}", name="S", status=DONE, active_seconds=60.0)
full = (store.waiting, store.writable, store.take_problems())
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
store.step_ended(session, position=3, step_id="s3", name="S", status=DONE, active_seconds=240.0)
store.end(session, finished=True, active_seconds=240.0)
store.check_in(session, AFTER, 3, "looser")
print(full[0], full[1], "disk" in full[2][0], store.waiting, store.take_problems())
store.close()
"""


def test_a_disk_full_during_a_session_and_freed_before_its_end(tmp_path, clock):
    path = finished_history(tmp_path, clock)
    result = subprocess.run([sys.executable, "-c", FILLING_DISK, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "True", "True", "0", "[]"], "kept while full, written once freed"
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        full = next(record for record in store.sessions() if record.routine_title == "Full")
        assert full.finished and [step.step_id for step in full.steps] == ["s0", "s1", "s2", "s3"]
        assert [(c.moment, c.score) for c in full.checkins] == [(BEFORE, 6), (AFTER, 3)]
        assert store.take_problems() == [] and len(store.sessions()) == 2


def test_each_session_gets_a_random_uuid_as_before(store):
    import uuid

    ids = [store.begin(routine_id="r", routine_title="R", variant=None, step_count=1, timing={}) for _ in range(20)]
    assert len(set(ids)) == 20
    for session_id in ids:
        kept = uuid.UUID(hex=session_id)
        assert kept.hex == session_id and kept.version == 4 and kept.variant == uuid.RFC_4122
