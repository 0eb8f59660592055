"""The main window: library, player and completion pages, menus, keyboard, the safety note.

Wiring only: the library page asks to start, the playback controller (core) runs the
session and decides its cues, the driver wakes it on time, the player page renders its
views, the cue player voices its cues, and settings changes go through the settings file
under its lock before every page (and a session under way) follows them.
"""

from __future__ import annotations

import time
from html import escape
from typing import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from typing import TYPE_CHECKING

from stretchdesk.core.about import APP_NAME, VERSION
from stretchdesk.core.routine.library import Library, library_is_large, load_library
from stretchdesk.core.routine.model import DEFAULT_SAFETY, Routine
from stretchdesk.core.files import file_identity
from stretchdesk.core.store.settings import Settings, load_settings, read_settings, reconcile, settings_file, update_settings
from stretchdesk.core.store.state import AppState
from stretchdesk.ui.widgets import theme
from stretchdesk.ui.output.cue_player import CuePlayer
from stretchdesk.ui.pages.library_page import LibraryPage
from stretchdesk.ui.widgets.text import plain_label, rich_label

if TYPE_CHECKING:  # built when first needed: start-up shows the library only
    from stretchdesk.core.store.history import HistoryStore
    from stretchdesk.core.play.history_recorder import HistoryRecorder
    from stretchdesk.core.play.playback import Playback, Update
    from stretchdesk.core.views.progress import ResumeOffer
    from stretchdesk.ui.pages.checkin import CheckInPage
    from stretchdesk.ui.pages.completion_page import CompletionPage
    from stretchdesk.ui.driver import SessionDriver
    from stretchdesk.ui.pages.history_page import HistoryPage
    from stretchdesk.ui.pages.player_page import PlayerPage
    from stretchdesk.ui.pages.settings_dialog import SettingsDialog


class Banner(QFrame):
    """A note across the top of the window with a button to put it away: never a dialog,
    so it can never hide or hold up a countdown. Its text is rich text: whatever it quotes
    from a file or an error must be escaped."""

    def __init__(self, text: str, name: str, button: str, button_tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(theme.BANNER_STYLE)
        # Rich text by choice, not by Qt's guess: a single escaped notice with no tag in it
        # (an '&' that became '&amp;') would otherwise be shown as the escape itself.
        self.text = rich_label(QLabel())
        self.text.setText(text)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(name)
        self.dismiss = QPushButton(button)
        self.dismiss.setToolTip(button_tip)
        self.dismiss.setAccessibleName(f"Dismiss the {name.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)


class SafetyBanner(Banner):
    """The safety note: shown at the first launch, and from the Help menu after."""

    def __init__(self, on_dismiss: Callable[[], None], parent: QWidget | None = None):
        super().__init__(f"<b>Before you start.</b> {escape(DEFAULT_SAFETY)}", "Safety note", "Got it",
                         "Hide this note; it stays in the Help menu", parent)
        self.dismiss.clicked.connect(on_dismiss)


class NoticeBanner(Banner):
    """Things the person should know that are not urgent: a settings file put right, a
    step hold dropped."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", "Notices", "Dismiss", "Hide these notices", parent)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def show_notices(self, notices: list[str]) -> None:
        if notices:
            from PySide6.QtCore import Qt  # not at import: the Qt namespace costs ~10 ms of start-up

            self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.text.setText("<br>".join(escape(n, quote=False) for n in notices))
            self.show()


class MainWindow(QMainWindow):
    #: The window has been painted for the first time: the slower parts may load now.
    firstPainted = Signal()

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        cue_player: CuePlayer | None = None,
        library: Library | None = None,
        settings: Settings | None = None,
    ):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(800, 600)
        self.resize(1100, 760)
        notices: list[str] = []
        if settings is None:
            loaded = load_settings()
            settings, notices = loaded.settings, list(loaded.notices)
        self.settings = settings
        self.state = AppState.load()
        from stretchdesk.ui import window_placement

        # The size and place it was closed with; maximised or full screen at the first show.
        self._first_show = window_placement.restore(self, self.state.window)
        self._painted = False

        self._clock = clock
        self._playback: Playback | None = None
        #: Esc was pressed once in the player: the next Esc stops.
        self._stop_asked = False
        #: The window's state before the floor view made it full screen.
        self._before_floor = None  # a Qt.WindowState
        self._driver: SessionDriver | None = None
        self._history: HistoryStore | None = None
        self._recorder: HistoryRecorder | None = None
        self._player_page: PlayerPage | None = None
        self._completion_page: CompletionPage | None = None
        self._history_page: HistoryPage | None = None
        #: The page the History page goes back to.
        self._before_history: QWidget | None = None
        self._checkin_page: CheckInPage | None = None
        #: The history has been read for sessions to carry on (after the first paint).
        self._offers_read = False
        #: What the completion page offers to carry on (the session just stopped).
        self._completion_offer: ResumeOffer | None = None
        self._completion_before = None  # the session's check-in before, if it had one
        self.cues = cue_player or CuePlayer(parent=self, clock=clock)
        self.cues.unavailable.connect(self._tell)
        self.cues.voiceSettled.connect(lambda: self._do("voice_ready"))  # a waiting get-ready begins

        self.library_page = LibraryPage()
        # The preview's details come just after the first paint (see library_page).
        self.firstPainted.connect(self.library_page.build_details)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.library_page)

        self.safety_banner = SafetyBanner(self.acknowledge_safety)
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
        # Quiet, lasting notes (sound or voice unavailable), one after another.
        self.notices = plain_label(QLabel())  # messages can quote device names and files
        theme.set_role(self.notices, "muted")
        self.notices.setAccessibleName("Notices")
        self.notices.setWordWrap(True)
        self.statusBar().addWidget(self.notices, 1)
        self._notices: list[str] = []

        self.library_page.startRequested.connect(self._start_asked)
        self.library_page.resumeRequested.connect(self.resume_routine)
        self.library_page.changeRequested.connect(self._change_settings)
        self.library_page.historyRequested.connect(self.show_history)

        self._build_menus()
        self._build_shortcuts()
        self.apply_sound_settings()
        # Another window or `stretchdesk settings` may change the file: the window follows.
        self._settings_seen = file_identity(settings_file())
        self._settings_watcher = None
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
        self.set_library(library)
        dropped = reconcile(self.settings, self.library.routines)
        if dropped:  # put right in the file too, once, so the notices are not repeated
            routines = self.library.routines
            self._change_settings(lambda fresh: reconcile(fresh, routines))
        notices = notices + dropped
        if notices:
            self.notice_banner.show_notices(notices)
        if self._offers_read:  # reloaded: a routine's steps may have changed
            self._offer_resumes()

    # -- set-up -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        # Two spellings here keep PySide from building Python classes the first page never
        # needs while it picks among overloads: actions take their text as a keyword (the
        # positional form also matches QAction(QIcon, text), and tried QIcon), and shortcuts
        # are given as lists (setShortcut also takes a Qt.Key, and tried the whole Qt
        # namespace, ~10 ms).
        file_menu = self.menuBar().addMenu("&File")
        reload_action = QAction(self, text="&Reload routines")
        reload_action.setShortcuts(QKeySequence.StandardKey.Refresh)
        reload_action.setToolTip("Read the routine folders again")
        # As at start: holds and variants the files no longer have are dropped, and said.
        reload_action.triggered.connect(lambda: self._take_library(load_library(), []))
        file_menu.addAction(reload_action)
        settings_action = QAction(self, text="&Settings…")
        settings_action.setShortcuts([QKeySequence("Ctrl+,")])
        settings_action.setToolTip("Hold times, pauses, sound and voice")
        settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(settings_action)
        report_action = QAction(self, text="&Export report…")
        report_action.setToolTip("A report of your practice for your therapist, as a PDF or a CSV spreadsheet")
        report_action.triggered.connect(self.export_report)
        file_menu.addAction(report_action)
        file_menu.addSeparator()
        quit_action = QAction(self, text="&Quit")
        quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        sound_menu = self.menuBar().addMenu("&Sound")
        self.mute_action = QAction(self, text="&Mute", checkable=True)
        self.mute_action.setShortcuts([QKeySequence("M")])
        self.mute_action.setToolTip("Silence all sounds and spoken prompts")
        self.mute_action.toggled.connect(self.cues.set_muted)
        self.mute_action.toggled.connect(lambda muted: self._player_page is not None and self._player_page.set_muted(muted))
        sound_menu.addAction(self.mute_action)

        view_menu = self.menuBar().addMenu("&View")
        history_action = QAction(self, text="&History")
        history_action.setShortcuts([QKeySequence("Ctrl+H")])
        history_action.setToolTip("The days you stretched, your streak, your weekly goal and every session")
        history_action.triggered.connect(self.show_history)
        view_menu.addAction(history_action)

        help_menu = self.menuBar().addMenu("&Help")
        safety_action = QAction(self, text="&Safety note")
        safety_action.triggered.connect(self.show_safety)
        help_menu.addAction(safety_action)
        keys_action = QAction(self, text="&Keyboard")
        keys_action.triggered.connect(self._show_keys)
        help_menu.addAction(keys_action)
        about_action = QAction(self, text=f"&About {APP_NAME}")
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _build_shortcuts(self) -> None:
        # Window-wide keys (an action's shortcut works anywhere in its window); a text field
        # keeps the keys it types (Qt gives it the space first).
        for key, handler, name in (
            ("Space", self._space, "Start or pause"),
            ("Right", self._right, "Next step"),
            ("Left", self._left, "Previous step"),
            ("Esc", self._escape, "Stop"),
            ("F11", self.toggle_floor, "Floor view"),
        ):
            action = QAction(self, text=name)
            action.setShortcuts([QKeySequence(key)])
            action.triggered.connect(handler)
            self.addAction(action)

    def set_library(self, library: Library) -> None:
        self.library = library
        self.library_page.set_library(library, self.settings)

    # -- the parts built when first needed ----------------------------------------------

    @property
    def playback(self) -> Playback:
        """The controller of the session: it owns the routine, the timeline and the session."""
        if self._playback is None:
            from stretchdesk.core.play.playback import Playback

            self._playback = Playback(self.settings, self._clock)
        return self._playback

    @property
    def driver(self) -> SessionDriver:
        if self._driver is None:
            from stretchdesk.ui.driver import SessionDriver

            self._driver = SessionDriver(self.playback, self)
            # The history first: the completion page shows what it kept of the session.
            self._driver.updated.connect(self._record)
            self._driver.updated.connect(self._on_update)
            # The screen stays awake while a routine runs, as each Update says; its D-Bus
            # code loads here, at the first Start, never before the first paint.
            from stretchdesk.ui.output.keep_awake import KeepAwake

            self.keep_awake = KeepAwake(self)
            self.keep_awake.unavailable.connect(self._tell)
            self._driver.updated.connect(self.keep_awake.follow)
            self._driver.closed.connect(self.keep_awake.release)
        return self._driver

    @property
    def history(self) -> HistoryStore:
        """The person's history, opened when first needed (never before the first paint)."""
        if self._history is None:
            from stretchdesk.core.store.history import HistoryStore

            self._history = HistoryStore()
        return self._history

    @property
    def recorder(self) -> HistoryRecorder:
        """Writes each session into the history as the updates come."""
        if self._recorder is None:
            from stretchdesk.core.play.history_recorder import HistoryRecorder

            self._recorder = HistoryRecorder(self.history)
        return self._recorder

    def _record(self, update: Update) -> None:
        self.recorder.follow(self.playback, update)
        self._tell_history_problems()

    def _tell_history_problems(self) -> None:
        if self._history is not None:
            for problem in self._history.take_problems():
                self._tell(problem)

    def _leave_session(self) -> None:
        """A session that runs is left (another started, the library shown, the window
        closed): the history keeps it as stopped there."""
        if self._recorder is not None and self._playback is not None:
            self._recorder.leave(self._playback)
            self._tell_history_problems()

    def _offer_resumes(self) -> None:
        """The library offers to carry on each routine's session stopped early or cut off,
        as the history has them now."""
        from stretchdesk.core.views.progress import resume_offers

        self._offers_read = True
        self.library_page.set_resume_offers(resume_offers(self.history.resumable(), self.library.routines, self.settings))
        self._tell_history_problems()

    def _do(self, action: str) -> None:
        """One of the controller's actions, for a button or a key: 'toggle', 'stop', ..."""
        if self._playback is not None:
            self.driver.perform(getattr(self._playback, action))

    @property
    def player_page(self) -> PlayerPage:
        if self._player_page is None:
            from stretchdesk.ui.pages.player_page import PlayerPage

            page = PlayerPage(view_source=lambda: self._playback.view() if self._playback is not None else None)
            page.floorRequested.connect(self.set_floor)
            page.set_muted(self.cues.muted)
            page.toggleRequested.connect(lambda: self._do("toggle"))
            page.nextRequested.connect(lambda: self._do("next_step"))
            page.previousRequested.connect(lambda: self._do("previous_step"))
            page.stopRequested.connect(lambda: self._do("stop"))
            self.pages.addWidget(page)
            self._player_page = page
        return self._player_page

    @property
    def completion_page(self) -> CompletionPage:
        if self._completion_page is None:
            from stretchdesk.ui.pages.completion_page import CompletionPage

            page = CompletionPage()
            page.backRequested.connect(self.show_library)
            page.againRequested.connect(self._play_again)
            page.resumeRequested.connect(self._carry_on)
            page.historyRequested.connect(lambda: self.show_history())
            page.checkInAnswered.connect(self._checked_in_after)
            self.pages.addWidget(page)
            self._completion_page = page
        return self._completion_page

    @property
    def history_page(self) -> HistoryPage:
        if self._history_page is None:
            from stretchdesk.ui.pages.history_page import HistoryPage

            page = HistoryPage()
            page.backRequested.connect(self._leave_history)
            self.pages.addWidget(page)
            self._history_page = page
        return self._history_page

    @property
    def checkin_page(self) -> CheckInPage:
        """Asks how the back feels before a routine started from the library."""
        if self._checkin_page is None:
            from stretchdesk.ui.pages.checkin import CheckInPage

            page = CheckInPage()
            page.startRequested.connect(self._checked_in_before)
            page.backRequested.connect(self.show_library)
            self.pages.addWidget(page)
            self._checkin_page = page
        return self._checkin_page

    def driver_running(self) -> bool:
        return self._playback is not None and self._playback.running

    # -- navigation ---------------------------------------------------------------------

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_library(self) -> None:
        self.set_floor(False)
        if self._player_page is not None:
            self._player_page.figure.stop()
        self._leave_session()
        if self._driver is not None:
            self._driver.close()
        self.cues.rest()
        self._keep_on_top(False)
        self.pages.setCurrentWidget(self.library_page)
        self.library_page.list.setFocus()
        if self._offers_read:  # a session may have stopped, or been carried on, since
            self._offer_resumes()

    def show_history(self) -> None:
        """The History page, read afresh from the history; Back (or Esc) returns to the page
        it was opened from. Not while a routine plays."""
        if self.current_page() is self._player_page and self._playback is not None and self._playback.session is not None:
            return
        page = self.history_page
        if self.current_page() is not page:
            self._before_history = self.current_page()
        routines = self.library

        def variant_name(routine_id: str, variant_id: str) -> str | None:
            routine = routines.get(routine_id)
            return next((v.name for v in routine.variants if v.id == variant_id), None) if routine else None

        page.show_history(self.history.sessions(), self.settings["weekly_goal"], variant_name)
        self._tell_history_problems()
        self.pages.setCurrentWidget(page)
        page.table.setFocus()

    def _leave_history(self) -> None:
        back = self._before_history
        self._before_history = None
        if back is None or back is self.library_page or back is self._history_page:
            self.show_library()
        else:
            self.pages.setCurrentWidget(back)
            back.setFocus()

    # -- the floor view -------------------------------------------------------------------

    def toggle_floor(self) -> None:
        if self.current_page() is self._player_page:
            self.set_floor(not self.player_page.floor)

    def set_floor(self, on: bool) -> None:
        """Full screen and large for following from a mat; back as it was when left."""
        if self._player_page is None or on == self._player_page.floor:
            return
        from PySide6.QtCore import Qt

        self._player_page.set_floor(on)
        self.menuBar().setVisible(not on)  # the keys still work: F11 leaves the floor view
        if on:
            self._before_floor = self.windowState()
            self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        elif self._before_floor is not None:
            self.setWindowState(self._before_floor)
            self._before_floor = None

    def start_routine(self, routine: Routine, variant: str | None = None, *, from_step: int = 0,
                      resuming: str | None = None) -> None:
        """Play `routine`; with `from_step` and `resuming` (a history session's id), carry
        on a session stopped early from that step."""
        self._leave_session()
        self.recorder.resume_next(resuming)
        self.pages.setCurrentWidget(self.player_page)
        self.setWindowTitle(f"{routine.title} – {APP_NAME}")
        self._keep_on_top(self.settings["keep_on_top"])
        self.cues.wake()
        voice_starting = self.cues.voice_starting
        self.driver.perform(lambda: self.playback.start(routine, variant, voice_starting=voice_starting, from_step=from_step))
        self.player_page.setFocus()
        if self.settings["floor_view"] == "always" or (
                self.settings["floor_view"] == "when maximised" and (self.isMaximized() or self.isFullScreen())):
            self.set_floor(True)

    def _start_asked(self, routine: Routine, variant: str | None) -> None:
        """Start, from the library: with the check-in on, ask how the back feels first."""
        if not self.settings["check_in"]:
            self.start_routine(routine, variant)
            return
        self.checkin_page.ask(routine, variant)
        self.pages.setCurrentWidget(self.checkin_page)
        self.checkin_page.row.setFocus()

    def _checked_in_before(self, routine: Routine, variant: str | None, score: int | None, note: str) -> None:
        """Answered (kept with the session about to start) or skipped: the routine starts."""
        if score is not None:
            self.recorder.check_in_before(score, note)
        self.start_routine(routine, variant)

    def _checked_in_after(self, score: int, note: str) -> None:
        from stretchdesk.core.views.progress import kept_text

        self.recorder.check_in_after(score, note)
        self._tell_history_problems()
        before = self._completion_before
        self.completion_page.show_check_in_kept(
            kept_text(score, before.score if before is not None else None, kept=self.history.writable))

    def resume_routine(self, routine: Routine, offer: ResumeOffer) -> None:
        """Carry on a session stopped early or cut off, from the step where it stopped (no
        check-in before: the session it carries on had its own)."""
        self.start_routine(routine, offer.variant, from_step=offer.from_step, resuming=offer.session_id)

    def _carry_on(self) -> None:
        """From the completion page: the session just stopped, from where it stopped."""
        offer, routine = self._completion_offer, self._playback.routine if self._playback is not None else None
        if offer is not None and routine is not None:
            self.resume_routine(routine, offer)

    def _show_progress(self) -> None:
        """The completion page's lines from the history: the streak, the week, carrying the
        session on if it stopped, and the check-in after it."""
        from stretchdesk.core.views.progress import completion_view

        view = completion_view(self.history.sessions(), self.recorder.session_id, self.playback.timeline,
                               self.settings["weekly_goal"])
        self._tell_history_problems()
        self._completion_offer, self._completion_before = view.resume, view.before
        page = self.completion_page
        page.show_progress(view.streak, view.week)
        page.offer_resume(view.resume.button_text if view.resume is not None else None)
        page.ask_check_in(bool(self.settings["check_in"]) and self.recorder.session_id is not None)

    def _play_again(self) -> None:
        routine = self._playback.routine if self._playback is not None else None
        if routine is not None:
            self.start_routine(routine, self._playback.variant)

    # -- keys ---------------------------------------------------------------------------

    def _space(self) -> None:
        page = self.current_page()
        if page is self._player_page:
            self._do("toggle")
        elif page is self.library_page:
            self.library_page.start_button.click()
        elif page is self._completion_page:
            self.completion_page.back_button.click()
        elif page is self._checkin_page:
            self._checkin_page.press_focused()

    def _right(self) -> None:
        if self.current_page() is self._player_page:
            self._do("next_step")

    def _left(self) -> None:
        if self.current_page() is self._player_page:
            self._do("previous_step")

    def _escape(self) -> None:
        page = self.current_page()
        if page is self._player_page:
            # A stray key must not throw ten minutes away: the first Esc pauses and asks.
            if self._stop_asked or self._playback is None or self._playback.session is None:
                self._do("stop")
            else:
                self._stop_asked = True
                if self._playback.running:
                    self._do("pause")
                self._player_page.ask_to_stop(True)
        elif page is self._completion_page:
            self.show_library()
        elif page is self._history_page:
            self._leave_history()
        elif page is self._checkin_page:
            self._checkin_page.skip()  # and the routine starts
        elif page is self.library_page:
            self.library_page.search.clear()

    # -- session ------------------------------------------------------------------------

    def _on_update(self, update: Update) -> None:
        from stretchdesk.core.play.session import State  # loaded with the session, not at start-up

        if update.view is not None:
            if self._stop_asked and update.view.state is not State.PAUSED:
                self._stop_asked = False  # carried on: the question is answered
                self.player_page.ask_to_stop(False)
            self.player_page.render(update.view)
        if update.cues:
            self.cues.play(list(update.cues))
        if update.summary is not None and self.playback.timeline is not None:
            self._stop_asked = False
            self.player_page.ask_to_stop(False)
            self.player_page.figure.stop()
            self.set_floor(False)
            self.cues.rest()
            self._keep_on_top(False)
            self.completion_page.show_summary(update.summary, self.playback.timeline)
            self._show_progress()
            self.pages.setCurrentWidget(self.completion_page)
            self.setWindowTitle(APP_NAME)

    # -- settings -----------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """The settings dialog; OK applies and saves. Returned so tests can drive it."""
        from stretchdesk.ui.pages.settings_dialog import SettingsDialog

        voices = self.cues.output.voice_names()
        dialog = SettingsDialog(self.settings, voices, self)
        self.cues.voicesListed.connect(dialog.set_voices)  # listed only now: they follow
        shown = dict(self.settings.values)
        # Only what the person changed in the dialog is applied: a value changed meanwhile
        # elsewhere (the command line, another window) and not touched here stays.
        dialog.accepted.connect(lambda: self.apply_settings({k: v for k, v in dialog.values().items() if v != shown[k]}))
        # One is made per opening: let it go once it is closed, with what it listened to.
        dialog.finished.connect(lambda _result: self.cues.voicesListed.disconnect(dialog.set_voices))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def apply_settings(self, values: dict) -> None:
        """Set these values, in the file and here; everything that shows them follows."""
        def change(fresh: Settings) -> None:
            for key, value in values.items():
                fresh.set(key, value)

        self._change_settings(change)

    def _change_settings(self, change) -> None:
        """Read the settings file as it is, change it and write it, under its lock; then show
        what it now holds. Nothing another process wrote meanwhile is lost."""
        try:
            loaded = update_settings(change)
        except OSError as error:
            change(self.settings)  # for this run at least
            self.notice_banner.show_notices([f"Your settings could not be saved: {error.strerror or error}"])
            self._settings_changed()
            return
        self._settings_seen = file_identity(settings_file())
        if loaded.notices:
            self.notice_banner.show_notices(loaded.notices)
        self.settings.adopt(loaded.settings)
        self._settings_changed()

    def _watch_settings(self) -> None:
        from PySide6.QtCore import QFileSystemWatcher

        path = settings_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        # The folder, not only the file: a file written atomically is a new file each time.
        self._settings_watcher = QFileSystemWatcher([str(path.parent)], self)
        self._settings_watcher.directoryChanged.connect(lambda _folder: self.reload_settings())

    def reload_settings(self) -> None:
        """The settings file changed on disk (not by this window): take it up."""
        path = settings_file()
        identity = file_identity(path)
        if identity == self._settings_seen:
            return
        self._settings_seen = identity
        loaded = read_settings(path)
        self.settings.adopt(loaded.settings)
        if loaded.damaged:
            self.notice_banner.show_notices(loaded.notices)
        self._settings_changed()

    def _settings_changed(self) -> None:
        self.apply_sound_settings()
        self.library_page.refresh_times()
        if self._history_page is not None:
            self._history_page.set_weekly_goal(self.settings["weekly_goal"])
        if self._playback is not None and self._playback.session is not None:
            # From the next step on; the countdown under way keeps its time.
            self.driver.perform(self._playback.settings_changed)
            if self.current_page() is self._player_page:
                self._keep_on_top(self.settings["keep_on_top"])

    def apply_sound_settings(self) -> None:
        self.cues.set_volume(self.settings["volume"] / 100)
        self.cues.output.set_voice(self.settings["voice_name"])

    def _keep_on_top(self, on: bool) -> None:
        from PySide6.QtCore import Qt

        if bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on:
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
            self.show()  # Qt hides a window whose flags change

    # -- the safety note and friends ----------------------------------------------------

    def acknowledge_safety(self) -> None:
        self.safety_banner.hide()
        if not self.state.safety_acknowledged:
            self.state.safety_acknowledged = True
            try:
                self.state.save()
            except OSError as error:
                self._tell(f"Could not remember that the safety note was read: {error}")

    def show_safety(self) -> None:
        self.safety_banner.show()

    def export_report(self) -> None:
        """File → Export report…: the period, then the file; what happened in the status bar."""
        from stretchdesk.ui.pages.report_export import export_report

        export_report(self, self.history, self.settings["weekly_goal"], self._tell)

    def _tell(self, message: str) -> None:
        if message not in self._notices:
            self._notices.append(message)
            self.notices.setText("  ·  ".join(self._notices))

    def _show_keys(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            self, "Keyboard",
            "Space: start, pause or resume\nRight arrow: next step\nLeft arrow: previous step\n"
            "Esc: stop\nM: mute\nF5: reload routines\nCtrl+H: your history\n"
            "0 to 9, + for 10: answer the comfort check-in (Esc skips it before a routine)",
        )

    def _show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<b>{APP_NAME} {VERSION}</b><p>Guided stretching routines with a large countdown and gentle cues.</p>"
            f"<p>{escape(DEFAULT_SAFETY)}</p>",
        )

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
        from stretchdesk.ui import window_placement

        self.set_floor(False)  # remembered as the person had it, not as the floor view made it
        window_placement.remember(self)
        self._leave_session()
        if self._driver is not None:
            self._driver.close()
        if self._history is not None:
            self._history.close()
        self.cues.output.shutdown()
        super().closeEvent(event)
