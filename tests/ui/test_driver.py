"""The one Qt object with a timer: it sleeps as long as the controller says, and its timer
really fires the tick. The fake clock is moved; the timer waits two milliseconds."""

from __future__ import annotations

from stretchdesk.core.routine.loader import load_routine_text
from stretchdesk.core.play.playback import Playback
from stretchdesk.core.store.settings import Settings
from stretchdesk.ui.app import create_application
from stretchdesk.ui.driver import SessionDriver

from tests.ui.conftest import SHORT


def make_driver(clock) -> tuple[SessionDriver, Playback]:
    create_application()
    playback = Playback(Settings(), clock)
    return SessionDriver(playback), playback


def test_the_timer_is_armed_for_the_controllers_next_wake_up(qtbot, clock):
    driver, playback = make_driver(clock)
    routine = load_routine_text(SHORT, "short.yaml", default_id="short").routine
    started = driver.perform(lambda: playback.start(routine))
    assert started.view.display_seconds == 5
    # The countdown's next whole second is a second away: the timer sleeps the most it may
    # (half a second) and a millisecond, so it wakes just after, never just before.
    assert driver.timer.isActive() and driver.timer.isSingleShot()
    assert driver.timer.interval() == 501

    clock.advance(0.999)
    driver.tick()
    assert driver.timer.interval() == 2  # 1 ms to the whole second, and the 1 ms after

    clock.advance(0.002)
    with qtbot.waitSignal(driver.updated, timeout=1000) as fired:
        pass  # the timer, not the test, calls tick
    assert fired.args[0].view.display_seconds == 4


def test_the_timer_stops_when_the_session_pauses_or_ends(qtbot, clock):
    driver, playback = make_driver(clock)
    routine = load_routine_text(SHORT, "short.yaml", default_id="short").routine
    driver.perform(lambda: playback.start(routine))
    driver.perform(playback.toggle)
    assert not driver.timer.isActive()  # paused: nothing to wake for
    driver.perform(playback.toggle)
    assert driver.timer.isActive()
    ended = driver.perform(playback.stop)
    assert ended.ended and not driver.timer.isActive()
    again = driver.perform(playback.play_again)
    assert again.view.display_seconds == 5 and driver.timer.isActive()  # from the top, ticking
    driver.close()
    assert not driver.timer.isActive() and playback.session is None
