"""The main window: the pages, the menus, the banners and the status bar, wired together.

Wiring only. The practice (core/practice) owns the session, its history and check-ins,
decides what Esc does and what the window does around a session; the settings sync
(core/store/settings_sync.py) owns the settings and their file; the driver wakes the
playback on time; each page declares its own keys and renders what it is handed; the cue
player voices the cues; the page stack builds the pages other than the library when first
shown, so the first paint has only the library to draw; the floor view is its own.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from stretchdesk.core.about import APP_NAME
from stretchdesk.core.practice.practice import Practice
from stretchdesk.core.routine.library import Library, library_is_large, load_library
from stretchdesk.core.routine.model import Routine
from stretchdesk.core.store.settings import Settings, load_settings
from stretchdesk.core.store.settings_sync import SettingsSync
from stretchdesk.core.store.state import AppState
from stretchdesk.ui.menus import build_menus
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.page_stack import PageStack
from stretchdesk.ui.pages.library_page import LibraryPage
from stretchdesk.ui import window_placement
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.widgets.banner import NoticeBanner, SafetyBanner
from stretchdesk.ui.widgets.status_notes import StatusNotes

if TYPE_CHECKING:  # built when first needed: start-up shows the library only
    from stretchdesk.core.play.playback import Playback, Update
    from stretchdesk.core.views.progress import ResumeOffer
    from stretchdesk.ui.driver import SessionDriver
    from stretchdesk.ui.floor_view import FloorView
    from stretchdesk.ui.output.announcer import ScreenReaderAnnouncer
    from stretchdesk.ui.pages.checkin import CheckInPage
    from stretchdesk.ui.pages.completion_page import CompletionPage
    from stretchdesk.ui.pages.history_page import HistoryPage
    from stretchdesk.ui.pages.player_page import PlayerPage
    from stretchdesk.ui.pages.settings_dialog import SettingsDialog


#: The smallest the window can be made.
MINIMUM_SIZE = (640, 420)


class MainWindow(QMainWindow):
    #: The window has been painted for the first time: the slower parts may load now.
    firstPainted = Signal()

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, cue_player: CuePlayer | None = None,
                 library: Library | None = None, settings: Settings | None = None):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        # Small enough for a small laptop's screen with the desktop's panels and the frame
        # (its size at the first start: window_placement); each page fits, scrolling what
        # it must, from this size up.
        self.setMinimumSize(*MINIMUM_SIZE)
        notices: list[str] = []
        if settings is None:
            loaded = load_settings()
            settings, notices = loaded.settings, list(loaded.notices)
        self.settings = settings
        # The colours the setting and the desktop ask for, before any page is built.
        theme.follow(settings["theme"])
        self.settings_sync = SettingsSync(settings)
        self.practice = Practice(settings, clock, tell=self._tell)
        self.state = AppState.load()
        # The size and place it was closed with; maximised or full screen at the first show.
        self._first_show = window_placement.restore(self, self.state.window)
        self._painted = False
        self._driver: SessionDriver | None = None
        self._floor_view: FloorView | None = None  # made with the player page
        self.announcer: ScreenReaderAnnouncer | None = None  # made with the driver
        self._settings_watcher = None
        self.cues = cue_player or CuePlayer(parent=self, clock=clock)
        self.cues.unavailable.connect(self._tell)
        self.cues.voiceSettled.connect(lambda: self._do("voice_ready"))  # a waiting get-ready begins

        self.library_page = LibraryPage()
        # The preview's details come just after the first paint (see library_page).
        self.firstPainted.connect(self.library_page.build_details)
        self.pages = PageStack(self.library_page)
        self.safety_banner = SafetyBanner(self.state.acknowledge_safety, self._tell)
        self.notice_banner = NoticeBanner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.addWidget(self.safety_banner)
        layout.addWidget(self.notice_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # Only once it has a parent: a parentless widget made visible is a window of its own.
        self.safety_banner.setVisible(not self.state.safety_acknowledged)
        self.statusBar().setSizeGripEnabled(True)
        self.notices = StatusNotes()
        self.statusBar().addWidget(self.notices, 1)

        self.library_page.startRequested.connect(self._start_asked)
        self.library_page.resumeRequested.connect(self.resume_routine)
        self.library_page.changeRequested.connect(self._change_settings)
        self.library_page.historyRequested.connect(self.show_history)
        build_menus(self)
        self.cues.follow_settings(self.settings)
        # Another window or `stretchdesk settings` may change the file: the window follows.
        self.firstPainted.connect(self._watch_settings)
        self.library = Library()
        if library is None and library_is_large():
            # Thousands of files: the window first, then the library (a usual one loads
            # from its cache in about a millisecond and is in the first frame).
            self.library_page.show_loading()
            self.firstPainted.connect(lambda: self._take_library(load_library(), notices))
        else:
            self._take_library(library if library is not None else load_library(), notices)
        # Sessions to carry on come from the history, read once the window is painted
        # (after the library, which a large one loads then too).
        self.firstPainted.connect(self._offer_resumes)

    def _take_library(self, library: Library, notices: list[str]) -> None:
        self.library = library
        self.library_page.set_library(library, self.settings)
        dropped = self.settings_sync.reconcile(library.routines)
        if dropped:
            self._settings_changed()
        self.notice_banner.show_notices(notices + dropped)
        if self.practice.offers_read:  # reloaded: a routine's steps may have changed
            self._offer_resumes()

    def reload_routines(self) -> None:
        # As at start: holds and variants the files no longer have are dropped, and said.
        self._take_library(load_library(), [])

    # -- the parts built when first needed ----------------------------------------------

    @property
    def playback(self) -> Playback:
        return self.practice.playback

    @property
    def driver(self) -> SessionDriver:
        if self._driver is None:
            from stretchdesk.ui.driver import SessionDriver
            from stretchdesk.ui.output.announcer import ScreenReaderAnnouncer
            from stretchdesk.ui.output.keep_awake import KeepAwake

            self._driver = SessionDriver(self.playback, self)
            # What a screen reader is told, after the app's voice (see _on_update).
            self.announcer = ScreenReaderAnnouncer(self, self.playback.now, lambda: self.cues.muted)
            self._driver.closed.connect(self.announcer.clear)
            # The history first: the completion page shows what it kept of the session.
            self._driver.updated.connect(self._on_update)
            # The screen stays awake while a routine runs, as each Update says; its D-Bus
            # code loads at the first Start, never before the first paint, and only where
            # there is a session bus to ask.
            self.keep_awake = KeepAwake(self)
            self.keep_awake.unavailable.connect(self._tell)
            self._driver.updated.connect(self.keep_awake.follow)
            self._driver.closed.connect(self.keep_awake.release)
        return self._driver

    @property
    def player_page(self) -> PlayerPage:
        def build() -> PlayerPage:
            from stretchdesk.ui.floor_view import FloorView
            from stretchdesk.ui.pages.player_page import PlayerPage

            page = PlayerPage(view_source=lambda: self.playback.view() if self.practice.playing else None)
            self._floor_view = FloorView(self, page)
            page.floorRequested.connect(self._floor_view.set)
            page.set_muted(self.cues.muted)
            page.toggleRequested.connect(lambda: self._do("toggle"))
            page.nextRequested.connect(lambda: self._do("next_step"))
            page.previousRequested.connect(lambda: self._do("previous_step"))
            page.stopRequested.connect(lambda: self._do("stop"))
            page.escapeRequested.connect(self._escape_in_player)
            return page
        return self.pages.page("player", build)

    @property
    def completion_page(self) -> CompletionPage:
        def build() -> CompletionPage:
            from stretchdesk.ui.pages.completion_page import CompletionPage

            page = CompletionPage()
            page.backRequested.connect(self.show_library)
            page.againRequested.connect(self._play_again)
            page.resumeRequested.connect(self._carry_on)
            page.historyRequested.connect(lambda: self.show_history())
            page.checkInAnswered.connect(self._checked_in_after)
            return page
        return self.pages.page("completion", build)

    @property
    def history_page(self) -> HistoryPage:
        def build() -> HistoryPage:
            from stretchdesk.ui.pages.history_page import HistoryPage

            page = HistoryPage()
            page.backRequested.connect(self._leave_history)
            return page
        return self.pages.page("history", build)

    @property
    def checkin_page(self) -> CheckInPage:
        """Asks how the back feels before a routine started from the library."""
        def build() -> CheckInPage:
            from stretchdesk.ui.pages.checkin import CheckInPage

            page = CheckInPage()
            page.startRequested.connect(self._checked_in_before)
            page.backRequested.connect(self.show_library)
            return page
        return self.pages.page("checkin", build)

    # -- what the person does ------------------------------------------------------------

    def _do(self, action: str) -> None:
        """One of the playback's actions, for a button or a key: 'toggle', 'stop', ..."""
        if self.practice.started:
            self.driver.perform(getattr(self.playback, action))

    def _escape_in_player(self) -> None:
        action = self.practice.escape()
        if action is not None:
            self._do(action)
        self.player_page.ask_to_stop(self.practice.stop_asked)
        self.announcer.asked_to_stop(self.practice.stop_asked)

    def set_muted(self, muted: bool) -> None:
        self.cues.set_muted(muted)
        if self.pages.built("player") is not None:
            self.player_page.set_muted(muted)

    # -- navigation ---------------------------------------------------------------------

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_library(self) -> None:
        self._leave_session()
        self._leave_player()
        self.pages.show_page(self.library_page, self.library_page.list)
        if self.practice.offers_read:  # a session may have stopped, or been carried on, since
            self._offer_resumes()

    def show_history(self) -> None:
        """The History page, read afresh from the history; Back (or Esc) returns to the page
        it was opened from. Not while a routine plays."""
        if self.practice.under_way:
            return
        page = self.history_page
        page.show_history(self.practice.sessions(), self.settings["weekly_goal"], self.library.variant_name)
        self.pages.open_over(page, page.table)

    def _leave_history(self) -> None:
        back = self.pages.back()
        if back is None or back is self.library_page:
            self.show_library()
        else:
            self.pages.show_page(back)

    def toggle_floor(self) -> None:
        """F11: the floor view on or off, while the player is on show."""
        if self._floor_view is not None and self.current_page() is self.player_page:
            self._floor_view.toggle()

    def set_floor(self, on: bool) -> None:
        if self._floor_view is not None:
            self._floor_view.set(on)

    # -- a session's life ---------------------------------------------------------------

    def start_routine(self, routine: Routine, variant: str | None = None, *, from_step: int = 0,
                      resuming: str | None = None) -> None:
        """Play `routine`; with `from_step` and `resuming` (a history session's id), carry
        on a session stopped early from that step."""
        self.cues.wake()
        start = self.practice.start(routine, variant, from_step=from_step, resuming=resuming,
                                    voice_starting=self.cues.voice_starting)
        self.pages.show_page(self.player_page)
        self.setWindowTitle(f"{routine.title} – {APP_NAME}")
        self.driver.perform(start)
        self._keep_on_top()
        if self.practice.floor_view_at_start(self.isMaximized() or self.isFullScreen()):
            self.set_floor(True)

    def _start_asked(self, routine: Routine, variant: str | None) -> None:
        """Start, from the library: with the check-in on, ask how the back feels first."""
        if not self.practice.asks_check_in_before:
            self.start_routine(routine, variant)
            return
        self.checkin_page.ask(routine, variant)
        self.pages.show_page(self.checkin_page, self.checkin_page.row)

    def _checked_in_before(self, routine: Routine, variant: str | None, score: int | None, note: str) -> None:
        """Answered (kept with the session about to start) or skipped: the routine starts."""
        if score is not None:
            self.practice.check_in_before(score, note)
        self.start_routine(routine, variant)

    def _checked_in_after(self, score: int, note: str) -> None:
        kept = self.practice.check_in_after(score, note)
        self.completion_page.show_check_in_kept(kept)

    def resume_routine(self, routine: Routine, offer: ResumeOffer) -> None:
        """Carry on a session stopped early or cut off, from the step where it stopped (no
        check-in before: the session it carries on had its own)."""
        self.start_routine(routine, offer.variant, from_step=offer.from_step, resuming=offer.session_id)

    def _play_again(self) -> None:
        again = self.practice.again()
        if again is not None:
            self.start_routine(*again)

    def _carry_on(self) -> None:
        """From the completion page: the session just stopped, from where it stopped."""
        carry_on = self.practice.carry_on()
        if carry_on is not None:
            self.resume_routine(*carry_on)

    def _on_update(self, update: Update) -> None:
        self.practice.follow(update)
        self.announcer.follow(update)
        if update.view is not None:
            self.player_page.ask_to_stop(self.practice.stop_asked)
            self.announcer.asked_to_stop(self.practice.stop_asked)
            self.player_page.render(update.view)
        if update.cues:
            self.cues.play(list(update.cues))
        if update.summary is not None and self.practice.completion is not None:
            self._leave_player()
            self.completion_page.show_completion(update.summary, self.playback.timeline, self.practice.completion,
                                                 self.practice.asks_check_in_after)
            self.pages.setCurrentWidget(self.completion_page)

    def _leave_player(self) -> None:
        """The player is left, its session ended or put away: out of the floor view, still,
        the sound stream let rest, the window no longer on top or named for the routine."""
        self.set_floor(False)
        if self.pages.built("player") is not None:
            self.player_page.put_away()
        self.cues.rest()
        self._keep_on_top()
        self.setWindowTitle(APP_NAME)

    def _leave_session(self) -> None:
        """What plays is left and put away (the library shown, the window closed): the history
        keeps it as stopped there."""
        self.practice.leave()
        if self._driver is not None:
            self._driver.close()

    def _offer_resumes(self) -> None:
        self.library_page.set_resume_offers(self.practice.resume_offers(self.library.routines))

    def _keep_on_top(self) -> None:
        window_placement.keep_on_top(self, self.practice.keeps_on_top)

    # -- settings -----------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """The settings dialog; OK applies and saves. Returned so tests can drive it."""
        from stretchdesk.ui.pages.settings_dialog import open_settings_dialog

        return open_settings_dialog(self, self.settings, self.cues, self.apply_settings)

    def apply_settings(self, values: dict) -> None:
        """Set these values, in the file and here; everything that shows them follows."""
        self._settings_changed(self.settings_sync.set(values))

    def _change_settings(self, change: Callable[[Settings], None]) -> None:
        self._settings_changed(self.settings_sync.change(change))

    def _watch_settings(self) -> None:
        from stretchdesk.ui.settings_watcher import SettingsWatcher

        self._settings_watcher = SettingsWatcher(self.settings_sync, self)
        self._settings_watcher.changed.connect(self._settings_changed)

    def _settings_changed(self, notices: list[str] | None = None) -> None:
        """The settings changed, here or in the file: what a person should read of it is
        said, and everything that shows them follows."""
        self.notice_banner.show_notices(notices or [])
        theme.follow(self.settings["theme"])
        self.cues.follow_settings(self.settings)
        self.library_page.refresh_times()
        if self.pages.built("history") is not None:
            self.history_page.set_weekly_goal(self.settings["weekly_goal"])
        if self.practice.playing:
            # From the next step on; the countdown under way keeps its time.
            self.driver.perform(self.playback.settings_changed)
        self._keep_on_top()

    # -- the status bar, the report -----------------------------------------------------

    def _tell(self, message: str) -> None:
        self.notices.tell(message)

    def export_report(self) -> None:
        """File → Export report…: the period, then the file; what happened in the status bar."""
        from stretchdesk.ui.pages.report_export import export_report

        export_report(self, self.practice.history, self.settings["weekly_goal"], self._tell)

    # -- Qt's events --------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.firstPainted.emit)

    def show(self) -> None:
        # The first show is maximised or full screen if the window was closed so.
        show, self._first_show = self._first_show or super().show, None
        show()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.set_floor(False)  # remembered as the person had it, not as the floor view made it
        window_placement.remember(self)
        self._leave_session()
        self.practice.close()
        self.cues.output.shutdown()
        super().closeEvent(event)
