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

The connection is the app's own (not Qt's shared session bus), opened at the first
request: it reads DBUS_SESSION_BUS_ADDRESS when it is needed rather than once per process,
never starts a bus of its own (libdbus would try to "autolaunch" one without a display),
and closing it ends everything it holds, since the services watch their callers: a crash,
or a service that cannot be told, still leaves the screen free to blank.

Inhibit(app, reason) takes only strings and is asked without waiting. UnInhibit(cookie)
and the portal's Inhibit take an unsigned 32-bit integer, which PySide6 cannot put in a
plain D-Bus message: it sends every Python int as a signed one ('i'), and the services
refuse 'i' where they declare 'u'. The one way PySide6 sends a 'u' is a QDBusInterface's
typed method (QMetaObject.invokeMethod with Q_ARG("uint", ...)), and that call waits for
its reply. It is only made to a service that has just answered, with a short timeout
(WAIT_MS): a round trip on the local bus, well under a millisecond.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QCoreApplication, QMetaObject, QObject, Signal
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage, QDBusPendingCallWatcher

from stretchdesk.core.about import APP_NAME

if TYPE_CHECKING:
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
#: How long an answer that is waited for may take.
WAIT_MS = 1000
#: How long an answer that is not waited for may take before it counts as none.
ASK_MS = 5000
UNAVAILABLE = "The screen may dim or lock during a routine: the desktop did not agree to keep it awake."

#: Each KeepAwake's connection has a name of its own: Qt hands back an existing connection
#: of the same name, however stale.
_connection_numbers = itertools.count(1)


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
    when told otherwise. Never raises; without a session bus it does nothing."""

    #: Said once when a session bus is there but no service agreed: a line for the status bar.
    unavailable = Signal(str)

    def __init__(self, parent: QObject | None = None, *, app_name: str = APP_NAME, reason: str = REASON):
        super().__init__(parent)
        self._app_name = app_name
        self._reason = reason
        self._connection_name = f"stretchdesk-keep-awake-{next(_connection_numbers)}"
        self._bus: QDBusConnection | None = None
        self._wanted = False
        self._asking: QDBusPendingCallWatcher | None = None
        self._held: _Held | None = None
        self._answered: str | None = None
        self._given_up = False
        self._interfaces: dict[str, QDBusInterface] = {}
        self._tokens = itertools.count(1)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- what it is told ------------------------------------------------------------------

    @property
    def held(self) -> bool:
        """The desktop has agreed to keep the screen awake, and has not been told to stop."""
        return self._held is not None

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
        if self._asking is not None:
            self._asking.deleteLater()
            self._asking = None
        self._hang_up()

    # -- asking ---------------------------------------------------------------------------

    def _ask(self) -> None:
        if self._held is not None or self._asking is not None or self._given_up:
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
        if not self._wanted:
            return  # told to let go meanwhile: the next request starts again from the top
        if not targets:
            self._given_up = True
            self.unavailable.emit(UNAVAILABLE)
            return
        target, rest = targets[0], targets[1:]
        if target == PORTAL:
            # The portal's Inhibit is a call that waits (see the module's note), so first
            # make sure, without waiting, that the portal is running and offers it.
            message = QDBusMessage.createMethodCall(PORTAL, PORTAL_PATH, "org.freedesktop.DBus.Introspectable", "Introspect")
            self._send(message, lambda watcher: self._portal_answered(watcher, rest))
        else:
            message = QDBusMessage.createMethodCall(SCREENSAVER, target, SCREENSAVER, "Inhibit")
            message.setArguments([self._app_name, self._reason])
            self._send(message, lambda watcher: self._screensaver_answered(watcher, target, rest))

    def _send(self, message: QDBusMessage, then) -> None:
        assert self._bus is not None
        watcher = QDBusPendingCallWatcher(self._bus.asyncCall(message, ASK_MS), self)
        watcher.finished.connect(then)
        self._asking = watcher

    def _answer(self, watcher: QDBusPendingCallWatcher) -> list | None:
        """The reply's arguments, or None for an error; the call is no longer pending."""
        if watcher is self._asking:
            self._asking = None
        watcher.deleteLater()
        if watcher.isError():
            return None
        return list(watcher.reply().arguments())

    def _screensaver_answered(self, watcher: QDBusPendingCallWatcher, path: str, rest: list[str]) -> None:
        answer = self._answer(watcher)
        cookie = answer[0] if answer else None
        if not isinstance(cookie, int) or isinstance(cookie, bool) or not 0 <= cookie < 2**32:
            self._try(rest)
            return
        self._held = _Held(path, cookie)
        self._answered = path
        if not self._wanted:  # paused while the desktop was being asked
            self._let_go()

    def _portal_answered(self, watcher: QDBusPendingCallWatcher, rest: list[str]) -> None:
        answer = self._answer(watcher)
        if not answer or not isinstance(answer[0], str) or f'"{PORTAL_INHIBIT}"' not in answer[0]:
            self._try(rest)
            return
        if not self._wanted:
            return
        interface = self._interface(PORTAL, PORTAL_PATH, PORTAL_INHIBIT)
        options = {"reason": self._reason, "handle_token": f"stretchdesk{next(self._tokens)}"}
        handle = None
        if interface is not None:
            handle = QMetaObject.invokeMethod(
                interface, "Inhibit", Q_RETURN_ARG("QDBusObjectPath"),
                Q_ARG("QString", ""), Q_ARG("uint", INHIBIT_IDLE), Q_ARG("QVariantMap", options),
            )
        path = handle.path() if handle is not None and not interface.lastError().isValid() else ""
        if not path or path == "/":
            self._try(rest)
            return
        self._held = _Held(PORTAL, path)
        self._answered = PORTAL

    # -- letting go -----------------------------------------------------------------------

    def _let_go(self) -> None:
        held, self._held = self._held, None
        if held is None or self._bus is None:
            return
        if held.target == PORTAL:
            message = QDBusMessage.createMethodCall(PORTAL, str(held.token), PORTAL_REQUEST, "Close")
            if not self._bus.send(message):
                self._hang_up()
            return
        interface = self._interface(SCREENSAVER, held.target, SCREENSAVER)
        told = (
            interface is not None
            and QMetaObject.invokeMethod(interface, "UnInhibit", Q_ARG("uint", held.token))
            and not interface.lastError().isValid()
        )
        if not told:
            # Leaving the bus ends whatever this connection holds; the next request opens
            # a new connection.
            self._hang_up()

    # -- the connection -------------------------------------------------------------------

    def _connect(self) -> QDBusConnection | None:
        if self._bus is not None:
            return self._bus
        address = session_bus_address()
        if address is None:
            return None
        bus = QDBusConnection.connectToBus(address, self._connection_name)
        if not bus.isConnected():
            QDBusConnection.disconnectFromBus(self._connection_name)
            return None
        self._bus = bus
        return bus

    def _interface(self, service: str, path: str, name: str) -> QDBusInterface | None:
        """A typed proxy (the only way to send a 'u', see the module's note), made once."""
        interface = self._interfaces.get(path)
        if interface is None and self._bus is not None:
            interface = QDBusInterface(service, path, name, self._bus, self)
            interface.setTimeout(WAIT_MS)
            self._interfaces[path] = interface
        return interface if interface is not None and interface.isValid() else None

    def _hang_up(self) -> None:
        for interface in self._interfaces.values():
            interface.deleteLater()
        self._interfaces.clear()
        self._held = None
        if self._bus is not None:
            self._bus = None
            QDBusConnection.disconnectFromBus(self._connection_name)
