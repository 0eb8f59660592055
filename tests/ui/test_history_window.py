"""What the window leaves in the history: a session played to the end, one left half-way
(the library shown, the window closed), one carried on, and a real `stretchdesk play`
killed with SIGKILL mid-routine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from stretchdesk.core.store.history import DONE, FINISHED, STOPPED, HistoryStore, SessionRecord, history_file

from tests.ui.conftest import advance


def kept() -> list[SessionRecord]:
    with HistoryStore(history_file()) as store:
        return store.sessions()


def test_a_routine_played_in_the_window_is_kept(window, clock):
    short = window.library.routines[0]
    window.start_routine(short)
    advance(window, clock, window.playback.timeline.total_seconds + 1)
    assert window.current_page() is window.completion_page
    [record] = kept()
    assert record.outcome == FINISHED and record.routine_title == "Short test routine"
    assert [step.status for step in record.steps] == [DONE, DONE, DONE]


def test_leaving_the_player_keeps_the_session_as_stopped_and_it_can_be_carried_on(window, clock):
    short = window.library.routines[0]
    window.start_routine(short)
    advance(window, clock, window.playback.timeline.steps[1].start + 1)
    window.show_library()
    [record] = kept()
    assert record.outcome == STOPPED and record.stopped_at_step == 1 and record.resume_at == 1

    window.start_routine(short, from_step=record.resume_at, resuming=record.id)
    assert window.player_page.name.text() == "Coming up: Cat cow"
    advance(window, clock, window.playback.timeline.total_seconds)
    old, carried = kept()
    assert carried.finished and carried.resumed_from == old.id and old.resumed_by == carried.id
    assert [step.step_id for step in carried.steps] == ["cat-cow", "bridge"]


def test_closing_the_window_mid_routine_keeps_it_as_stopped(window, clock):
    window.start_routine(window.library.routines[0])
    advance(window, clock, 3)
    window.close()
    [record] = kept()
    assert record.outcome == STOPPED and record.stopped_at_step == 0


QUICK = """title: Quick
steps:
  - name: First
    duration: 1s
  - name: Second
    duration: 10 min
"""


def test_a_killed_player_leaves_a_session_cut_off_that_can_be_carried_on(qtbot, user_routines, tmp_path):
    """The one real process of these tests: `stretchdesk play` with a first step of a
    second, killed with SIGKILL in the second step. Only its own progress is waited for."""
    from stretchdesk.core.store.settings import update_settings

    (user_routines / "quick.yaml").write_text(QUICK, encoding="utf-8")
    update_settings(lambda settings: settings.set("get_ready", 0))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    log = (tmp_path / "player.log").open("wb")
    player = subprocess.Popen([sys.executable, "-m", "stretchdesk", "play", "quick"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        running: list[SessionRecord] = []

        def first_step_done_or_player_gone() -> bool:
            running[:] = [record for record in kept() if record.done_steps]
            return bool(running) or player.poll() is not None

        # The first step lasts a second of the player's own clock; a minute is an upper
        # bound only, for a player that starts slowly on a busy machine.
        qtbot.waitUntil(first_step_done_or_player_gone, timeout=60_000)
        assert player.poll() is None, (tmp_path / "player.log").read_text(errors="replace")
        [running] = running
        assert running.outcome == "running" and not running.cut_off
        player.send_signal(signal.SIGKILL)
        player.wait(timeout=30)
    finally:
        if player.poll() is None:
            player.kill()
            player.wait()
        log.close()
    [record] = kept()
    assert record.cut_off and record.outcome_text == "cut off"
    assert [(step.step_id, step.status) for step in record.steps] == [("first", DONE)]
    assert record.resume_at == 1
    with HistoryStore(history_file()) as store:
        assert store.resumable() == {"quick": record}
