"""The practice session without a window: what the person does goes in, what the pages
show comes out, the history is written as it goes. A fake clock; nothing sleeps."""

from __future__ import annotations

import pytest

from stretchdesk.core.practice.practice import Practice
from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.store.history import HistoryStore
from stretchdesk.core.store.settings import Settings
from tests.core.store.test_history import Wall
from tests.fakes import FakeClock

ROUTINE = """title: Short
steps:
  - name: Twist
    hold: 10s
    sides: 2
  - name: Child's pose
    hold: 20s
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def opened(tmp_path, clock) -> list[HistoryStore]:
    return []


@pytest.fixture
def practice(tmp_path, clock, opened) -> Practice:
    def open_history() -> HistoryStore:
        opened.append(HistoryStore(tmp_path / "history.sqlite3", now=Wall(clock)))
        return opened[-1]

    made = Practice(Settings(), clock, open_history=open_history)
    yield made
    made.close()


def routine():
    return load_routine_text(ROUTINE, "short.yaml", default_id="short").routine


def run(practice: Practice, clock: FakeClock, action) -> None:
    """Perform an action and wake when the playback says, as the window's timer does, until
    the session ends."""
    update = action()
    practice.follow(update)
    while not update.ended:
        clock.advance(practice.playback.wake_in() + 0.001)
        update = practice.playback.tick()
        practice.follow(update)


def play_for(practice: Practice, clock: FakeClock, seconds: float) -> None:
    """Let the session run `seconds`, waking when the playback says."""
    until = clock.now + seconds
    while clock.now < until:
        clock.advance(min(practice.playback.wake_in(), until - clock.now) + 0.001)
        practice.follow(practice.playback.tick())


def perform(practice: Practice, action):
    update = action()
    practice.follow(update)
    return update


def test_nothing_is_made_before_a_routine_starts(practice, opened):
    assert not practice.started and not practice.playing and opened == []
    assert practice.problems() == []


def test_a_routine_played_to_the_end_is_kept_and_shown_done(practice, clock):
    run(practice, clock, practice.start(routine()))
    [record] = practice.history.sessions()
    assert record.routine_id == "short" and record.outcome == "finished"
    assert practice.completion is not None and practice.completion.resume is None
    assert practice.asks_check_in_after
    assert practice.again() == (practice.playback.routine, None)
    assert practice.carry_on() is None, "nothing to carry on after a finish"


def test_the_first_esc_pauses_and_asks_the_next_stops(practice, clock):
    perform(practice, practice.start(routine()))
    play_for(practice, clock, 8)
    assert practice.escape() == "pause" and practice.stop_asked
    perform(practice, practice.playback.pause)
    assert practice.stop_asked, "still asking while paused"
    assert practice.escape() == "stop"
    perform(practice, practice.playback.stop)
    assert not practice.stop_asked and practice.completion is not None


def test_carrying_on_answers_the_question(practice, clock):
    perform(practice, practice.start(routine()))
    play_for(practice, clock, 8)
    practice.escape()
    perform(practice, practice.playback.pause)
    perform(practice, practice.playback.resume)
    assert not practice.stop_asked, "carried on: the question is put away"


def test_esc_while_already_paused_only_asks(practice, clock):
    perform(practice, practice.start(routine()))
    play_for(practice, clock, 8)
    perform(practice, practice.playback.pause)
    assert practice.escape() is None and practice.stop_asked


def test_a_session_stopped_early_is_offered_to_carry_on(practice, clock):
    perform(practice, practice.start(routine()))
    play_for(practice, clock, 30)  # past the twist's two sides
    perform(practice, practice.playback.stop)
    routine_now, offer = practice.carry_on()
    assert routine_now.id == "short" and offer.from_step == 1
    offers = practice.resume_offers([routine_now])
    assert practice.offers_read and offers["short"].from_step == 1


def test_check_ins_are_kept_with_their_session(practice, clock):
    start = practice.start(routine())
    practice.check_in_before(6, "stiff")
    run(practice, clock, start)
    assert practice.check_in_after(3, "") == "Thanks. Kept: 3 of 10 after, 6 before."
    [record] = practice.history.sessions()
    assert [(c.moment, c.score, c.note) for c in record.checkins] == [("before", 6, "stiff"), ("after", 3, "")]


def test_starting_another_routine_leaves_the_first_as_stopped(practice, clock):
    perform(practice, practice.start(routine()))
    play_for(practice, clock, 30)
    run(practice, clock, practice.start(routine()))
    first, second = sorted(practice.history.sessions(), key=lambda record: record.started)
    assert first.outcome == "stopped" and second.outcome == "finished"


def test_without_the_check_in_setting_nothing_is_asked_after(practice, clock):
    practice.settings.set("check_in", False)
    run(practice, clock, practice.start(routine()))
    assert not practice.asks_check_in_after


def test_a_session_is_under_way_from_its_start_to_its_end(practice, clock):
    assert not practice.under_way
    start = practice.start(routine())
    assert not practice.under_way, "nothing plays until the start is performed"
    perform(practice, start)
    assert practice.under_way
    perform(practice, practice.playback.pause)
    assert practice.under_way, "paused is still under way"
    perform(practice, practice.playback.stop)
    assert not practice.under_way and practice.playing, "ended, shown on the completion page"
    perform(practice, practice.start(*practice.again()))
    assert practice.under_way, "played again"
    practice.playback.close()  # the window put it away
    assert not practice.under_way


def test_the_window_is_kept_on_top_only_while_a_session_is_under_way_and_asked_for(practice, clock):
    practice.settings.set("keep_on_top", True)
    assert not practice.keeps_on_top, "not before a session"
    perform(practice, practice.start(routine()))
    assert practice.keeps_on_top
    practice.settings.set("keep_on_top", False)
    assert not practice.keeps_on_top, "the setting turned off mid-session"
    practice.settings.set("keep_on_top", True)
    perform(practice, practice.playback.stop)
    assert not practice.keeps_on_top, "not on the completion page"


@pytest.mark.parametrize(("choice", "windowed", "filling"), [
    ("when maximised", False, True), ("always", True, True), ("never", False, False)])
def test_a_session_starts_in_the_floor_view_as_the_setting_says(practice, choice, windowed, filling):
    practice.settings.set("floor_view", choice)
    assert practice.floor_view_at_start(fills_screen=False) is windowed
    assert practice.floor_view_at_start(fills_screen=True) is filling


def test_the_check_in_before_is_asked_as_the_setting_says(practice):
    assert practice.asks_check_in_before, "on by default"
    practice.settings.set("check_in", False)
    assert not practice.asks_check_in_before


def test_a_problem_with_the_history_is_told_when_the_call_that_met_it_is_done(tmp_path, clock):
    """A history from a newer StretchDesk is read but never written: the first write says
    so at once, and only once."""
    import sqlite3

    path = tmp_path / "history.sqlite3"
    with HistoryStore(path, now=Wall(clock)) as store:
        store.begin(routine_id="old", routine_title="Old", variant=None, step_count=1, timing={})
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    told: list[str] = []
    practice = Practice(Settings(), clock, open_history=lambda: HistoryStore(path, now=Wall(clock)), tell=told.append)
    try:
        perform(practice, practice.start(routine()))
        assert len(told) == 1 and "newer StretchDesk" in told[0]
        play_for(practice, clock, 8)
        perform(practice, practice.playback.stop)
        assert len(practice.sessions()) == 1, "the history is still read"
        assert len(told) == 1 and practice.problems() == []
    finally:
        practice.close()


class Disk:
    """SQLite's connections to the history, with a disk that can fill: while `full`, every
    statement that writes fails as SQLite fails on a full disk ('database or disk is full',
    or 'disk I/O error' where the shared-memory file cannot grow)."""

    WRITES = ("INSERT", "UPDATE", "COMMIT", "CREATE", "PRAGMA JOURNAL_MODE", "PRAGMA USER_VERSION =")

    def __init__(self, monkeypatch, error: str = "disk I/O error", code: int = 778):
        import sqlite3

        self.full = False
        self.error, self.code = error, code
        self.real_connect = sqlite3.connect
        disk = self

        class Connection:
            def __init__(self, db):
                object.__setattr__(self, "db", db)

            def execute(self, sql, parameters=()):
                if disk.full and sql.lstrip().upper().startswith(disk.WRITES):
                    failure = sqlite3.OperationalError(disk.error)
                    failure.sqlite_errorcode = disk.code
                    raise failure
                return self.db.execute(sql, parameters)

            def __getattr__(self, name):
                return getattr(self.db, name)

            def __setattr__(self, name, value):
                setattr(self.db, name, value)

        monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: Connection(self.real_connect(*args, **kwargs)))


@pytest.mark.parametrize("error, code", [("disk I/O error", 778), ("database or disk is full", 13)])
def test_a_full_disk_during_a_session_keeps_it_until_space_returns(tmp_path, clock, monkeypatch, error, code):
    """The disk is full as the routine starts (the history cannot even be opened to be
    written) and is freed before it ends: every step and both check-ins are kept, in order."""
    disk = Disk(monkeypatch, error, code)
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path, now=Wall(clock)) as store:
        store.begin(routine_id="earlier", routine_title="Earlier", variant=None, step_count=1, timing={})
    told: list[str] = []
    practice = Practice(Settings(), clock, open_history=lambda: HistoryStore(path, now=Wall(clock)), tell=told.append)
    try:
        disk.full = True
        start = practice.start(routine())
        practice.check_in_before(6, "stiff")
        perform(practice, start)
        play_for(practice, clock, 25)  # the twist's two sides
        assert practice.history.writable and practice.history.waiting >= 2
        assert told and all("kept and saved" in sentence for sentence in told), told
        disk.full = False
        run(practice, clock, lambda: practice.playback.tick())
        assert practice.check_in_after(3, "looser") == "Thanks. Kept: 3 of 10 after, 6 before."
        assert practice.history.waiting == 0
    finally:
        practice.close()
    with HistoryStore(path, now=Wall(clock), reading=True) as store:
        sessions = {record.routine_title: record for record in store.sessions()}
        assert sorted(sessions) == ["Earlier", "Short"], "nothing lost from before"
        played = sessions["Short"]
        assert played.finished and [step.step_id for step in played.steps] == ["twist", "childs-pose"]
        assert [(c.moment, c.score, c.note) for c in played.checkins] == [("before", 6, "stiff"), ("after", 3, "looser")]
