"""Keeping the screen awake while a routine plays, through the desktop's inhibit service.

The person follows a routine from a mat on the floor without touching the computer for
ten minutes or more, and most desktops dim, blank or lock the screen after five. The core
decides when the screen should stay awake (Playback.keeps_screen_awake, carried by every
Update: while a session runs, not paused, stopped or done); this object only asks the
desktop, and lets go when told to: pause, stop, the end of the routine, leaving the
player, closing the window, the app quitting.

Who is asked, on the session bus, in order (whoever answered is asked first next time):
 1. org.freedesktop.ScreenSaver (KDE, GNOME through its proxy, Xfce, ...) at
    /org/freedesktop/ScreenSaver, then at /ScreenSaver: Inhibit(app, reason) gives a
    cookie, UnInhibit(cookie) ends it;
 2. the XDG desktop portal: org.freedesktop.portal.Inhibit.Inhibit(window, 8 = idle,
    {reason}) gives a request handle; closing the request ends it.
Without a session bus nothing is asked and nothing is said. With one where no service
answers, `unavailable` says so once, in a sentence for the status bar, and nothing is
asked again in this run.

The connection is the app's own (ui/output/desktop_bus.py), opened at the first request: it
reads DBUS_SESSION_BUS_ADDRESS when it is needed rather than once per process, never
starts a bus of its own, and closing it ends everything it holds, since the services watch
their callers: a crash, or a service that cannot be told, still leaves the screen free to
blank.

Nothing here waits: every question is sent and its answer taken up from the event loop,
each within a bound (OPEN_MS for the bus to answer at all, ASK_MS for each service), and
no introspection is asked (each call is typed by its own signature: Inhibit 'ss',
UnInhibit 'u', the portal's Inhibit 'sua{sv}'). A service that answers with an error is
passed over for the next; a bus or a service that does not answer in time is given up
for the rest of the run, with one line for the status bar (NOT_ANSWERING), and the
connection is closed, which ends anything it may have been granted meanwhile.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from stretchdesk.core.about import APP_NAME

if TYPE_CHECKING:
    from stretchdesk.ui.output.desktop_bus import Answer, DesktopBus
    from stretchdesk.core.play.playback import Update

SCREENSAVER = "org.freedesktop.ScreenSaver"  # the service and its interface
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INHIBIT = "org.freedesktop.portal.Inhibit"
PORTAL_REQUEST = "org.freedesktop.portal.Request"
#: The portal's flag for "the session going idle" (1 logout, 2 user switch, 4 suspend).
INHIBIT_IDLE = 8
#: What the desktop shows beside the app's name where it lists what keeps the screen on.
REASON = "A stretching routine is playing"
#: How long the session bus may take to accept the connection and answer its Hello.
OPEN_MS = 5000
#: How long a service may take to answer (a round trip on the local bus is well under a
#: millisecond; a busy desktop, a few).
ASK_MS = 5000
UNAVAILABLE = "The screen may dim or lock during a routine: the desktop did not agree to keep it awake."
NOT_ANSWERING = "The screen may dim or lock during a routine: the desktop did not answer when asked to keep it awake."


def session_bus_address(environ: Mapping[str, str] = os.environ) -> str | None:
    """The session bus's address, or None when there is none to reach (no guess is made
    beyond the usual socket in the runtime folder)."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime:
        path = os.path.join(runtime, "bus")
        try:
            if stat.S_ISSOCK(os.stat(path).st_mode):
                return "unix:path=" + _escape_address_value(path)
        except OSError:
            pass
    return None


def _escape_address_value(value: str) -> str:
    """A value for a D-Bus address: bytes other than [-0-9A-Za-z_/.\\*] as %XX."""
    allowed = set(b"-_/.\\*0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return "".join(chr(byte) if byte in allowed else f"%{byte:02x}" for byte in os.fsencode(value))


@dataclass(frozen=True)
class _Held:
    #: One of SCREENSAVER_PATHS, or PORTAL.
    target: str
    #: The ScreenSaver's cookie, or the portal request's object path.
    token: int | str


class KeepAwake(QObject):
    """Asks the desktop to keep the screen awake while told to (`want(True)`), and lets go
    when told otherwise. Never raises and never waits; without a session bus it does
    nothing."""

    #: Said once when a session bus is there but no service agreed, or one did not answer:
    #: a line for the status bar.
    unavailable = Signal(str)

    def __init__(self, parent: QObject | None = None, *, app_name: str = APP_NAME, reason: str = REASON):
        super().__init__(parent)
        self._app_name = app_name
        self._reason = reason
        self._bus: DesktopBus | None = None
        self._wanted = False
        self._asking = False
        self._held: _Held | None = None
        self._answered: str | None = None
        self._given_up = False
        self._tokens = itertools.count(1)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- what it is told ------------------------------------------------------------------

    @property
    def held(self) -> bool:
        """The desktop has agreed to keep the screen awake, and has not been told to stop."""
        return self._held is not None

    @property
    def waiting(self) -> bool:
        """Something was asked of the desktop and is not answered yet (the window goes on
        meanwhile)."""
        return self._bus is not None and not self._bus.closed and (self._bus.pending > 0 or self._asking)

    def follow(self, update: Update) -> None:
        """Do what an Update from the playback controller says."""
        self.want(update.keep_screen_awake)

    def release(self) -> None:
        self.want(False)

    def want(self, wanted: bool) -> None:
        """True: the screen should stay awake from now on; False: it may rest again."""
        self._wanted = bool(wanted)
        if self._wanted:
            self._ask()
        else:
            self._let_go()

    def shutdown(self) -> None:
        """Let go and close the connection (the app is quitting); a later request opens a
        new one."""
        self._wanted = False
        self._let_go()
        self._hang_up()

    # -- asking ---------------------------------------------------------------------------

    def _ask(self) -> None:
        if self._held is not None or self._asking or self._given_up:
            return
        if self._connect() is None:
            self._given_up = True  # no session bus: nothing to ask, and nothing to say
            return
        targets = [*SCREENSAVER_PATHS, PORTAL]
        if self._answered in targets:
            targets.remove(self._answered)
            targets.insert(0, self._answered)
        self._try(targets)

    def _try(self, targets: list[str]) -> None:
        self._asking = False
        if not self._wanted:
            return  # told to let go meanwhile: the next request starts again from the top
        if not targets:
            self._give_up(UNAVAILABLE)
            return
        from jeepney import DBusAddress, new_method_call

        target, rest = targets[0], targets[1:]
        if target == PORTAL:
            options = {"reason": ("s", self._reason), "handle_token": ("s", f"stretchdesk{next(self._tokens)}")}
            message = new_method_call(
                DBusAddress(PORTAL_PATH, PORTAL, PORTAL_INHIBIT), "Inhibit", "sua{sv}", ("", INHIBIT_IDLE, options),
            )
        else:
            message = new_method_call(
                DBusAddress(target, SCREENSAVER, SCREENSAVER), "Inhibit", "ss", (self._app_name, self._reason),
            )
        bus = self._connect()
        assert bus is not None
        self._asking = True
        bus.call(message, ASK_MS, lambda answer: self._asked(bus, answer, target, rest))

    def _asked(self, bus: DesktopBus, answer: Answer, target: str, rest: list[str]) -> None:
        from stretchdesk.ui.output.desktop_bus import CLOSED, NO_ANSWER

        if bus is not self._bus:
            return  # an answer on a connection since closed
        self._asking = False
        if answer.error == CLOSED and bus.unreachable:
            # No session bus at all (none at its address): nothing to ask, and nothing to say.
            self._given_up = True
            self._hang_up()
            return
        if answer.error in (NO_ANSWER, CLOSED):
            self._give_up(NOT_ANSWERING)  # no answer in time, or the bus went away
            return
        token = answer.body[0] if answer.ok and answer.body else None
        if target == PORTAL:
            valid = isinstance(token, str) and token.startswith("/") and token != "/"
        else:
            valid = isinstance(token, int) and not isinstance(token, bool) and 0 <= token < 2**32
        if not valid:
            self._try(rest)
            return
        self._held = _Held(target, token)
        self._answered = target
        if not self._wanted:  # paused while the desktop was being asked
            self._let_go()

    def _give_up(self, why: str) -> None:
        """Nothing more is asked in this run, and the status bar is told once."""
        self._given_up = True
        self._hang_up()
        self.unavailable.emit(why)

    # -- letting go -----------------------------------------------------------------------

    def _let_go(self) -> None:
        held, self._held = self._held, None
        bus = self._bus
        if held is None or bus is None:
            return
        from jeepney import DBusAddress, new_method_call

        if held.target == PORTAL:
            message = new_method_call(DBusAddress(str(held.token), PORTAL, PORTAL_REQUEST), "Close")
        else:
            message = new_method_call(DBusAddress(held.target, SCREENSAVER, SCREENSAVER), "UnInhibit", "u", (held.token,))
        bus.call(message, ASK_MS, lambda answer: self._let_go_answered(bus, answer))

    def _let_go_answered(self, bus: DesktopBus, answer: Answer) -> None:
        from stretchdesk.ui.output.desktop_bus import CLOSED, NO_ANSWER

        if bus is not self._bus or answer.ok:
            return
        if answer.error not in (NO_ANSWER, CLOSED):
            # Refused: leaving the bus ends whatever this connection holds; the next
            # request opens a new connection.
            self._hang_up()
        else:
            self._give_up(NOT_ANSWERING)

    # -- the connection -------------------------------------------------------------------

    def _connect(self) -> DesktopBus | None:
        if self._bus is not None:
            return self._bus
        address = session_bus_address()
        if address is None:
            return None
        # The D-Bus code (jeepney: 1.3 MiB) loads only where there is a bus to speak to.
        from stretchdesk.ui.output.desktop_bus import DesktopBus

        self._bus = DesktopBus(address, OPEN_MS, self)
        return self._bus

    def _hang_up(self) -> None:
        self._held = None
        self._asking = False
        bus, self._bus = self._bus, None
        if bus is not None:
            bus.close()
            bus.deleteLater()
