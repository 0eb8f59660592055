"""The desktop's session bus, asked without ever waiting on the window's thread.

One connection, driven by the window's event loop: the socket is non-blocking, read and
written when Qt says it is ready, and every question has a timer of its own. A bus that
accepts the connection and then says nothing, a service that never answers, a socket that
closes half way: each ends, within its bound, as an answer `then` is called with (an
error, with a name saying what happened), and the window never waits for any of them.

Why not QtDBus: QDBusConnection.connectToBus waits on the calling thread for the bus's
handshake and Hello, with no bound of ours (against a bus that accepts and never answers
it does not return at all), QDBusInterface introspects synchronously when it is made, and
PySide6 cannot put an unsigned integer ('u') in a QDBusMessage: every Python int goes out
as 'i' (or 'q' through QDBusArgument), which the desktop's services refuse where they
declare 'u'. The messages are made and read by jeepney (pure Python, typed by an explicit
signature); the connection, its timers and the answers are ours, on Qt's event loop.

Only unix sockets (a path or an abstract name), the transport of every desktop session
bus, are used; an address with none is refused at once.
"""

from __future__ import annotations

import errno
import itertools
import socket
from collections.abc import Callable
from dataclasses import dataclass

from jeepney.auth import BEGIN, AuthenticationError, Authenticator
from jeepney.bus import get_connectable_addresses
from jeepney.bus_messages import message_bus
from jeepney.low_level import HeaderFields, Message, MessageType, Parser
from PySide6.QtCore import QObject, QSocketNotifier, QTimer

#: Errors of our own, for answers the bus never gave.
NO_ANSWER = "org.stretchdesk.Error.NoAnswer"  # the timeout passed
CLOSED = "org.stretchdesk.Error.Closed"  # the connection ended, or could not be made
#: The most that is read from the bus without a whole message in it (the bus's own limit
#: on a message is 128 MiB; nothing asked here has a reply of more than a few hundred bytes).
MAX_UNREAD = 1 << 20


@dataclass(frozen=True)
class Answer:
    """A reply's body, or the error's name (and message)."""

    body: tuple = ()
    error: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class DesktopBus(QObject):
    """A connection to the session bus at `address`, opened at once without waiting; the
    handshake and Hello must be over within `open_ms`, or every question gets CLOSED."""

    def __init__(self, address: str, open_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._serials = itertools.count(2)  # 1 is the Hello
        self._pending: dict[int, tuple[Callable[[Answer], None], QTimer]] = {}
        self._queued: list[bytes] = []  # until the Hello is answered
        self._out = bytearray()
        self._unread = 0
        self._parser = Parser()
        self._auth = Authenticator()
        self._ready = False
        self._closed = False
        #: No bus was there to connect to (no socket at the address, or none that can be used):
        #: there is no desktop to ask, which is not the desktop failing to answer.
        self.unreachable = False
        self._socket: socket.socket | None = None
        self._reader: QSocketNotifier | None = None
        self._writer: QSocketNotifier | None = None
        self._opening = QTimer(self, singleShot=True, interval=max(0, open_ms))
        self._opening.timeout.connect(lambda: self.close(f"the session bus did not answer within {open_ms} ms"))
        self._opening.start()
        self._open(address)

    # -- asking ---------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many questions are on their way and not yet answered."""
        return len(self._pending)

    @property
    def closed(self) -> bool:
        return self._closed

    def call(self, message: Message, timeout_ms: int, then: Callable[[Answer], None]) -> None:
        """Sends `message` and calls `then` once with its answer: later, from the event
        loop, never from inside this call; after `timeout_ms` at the latest."""
        serial = next(self._serials)
        timer = QTimer(self, singleShot=True, interval=max(0, timeout_ms))
        timer.timeout.connect(lambda: self._answer(serial, Answer(error=NO_ANSWER, message=f"no answer within {timeout_ms} ms")))
        self._pending[serial] = (then, timer)
        if self._closed:
            timer.setInterval(0)  # answered CLOSED from the event loop
            timer.timeout.disconnect()
            timer.timeout.connect(lambda: self._answer(serial, Answer(error=CLOSED, message=self._why)))
            timer.start()
            return
        timer.start()
        data = message.serialise(serial=serial)
        if self._ready:
            self._write(data)
        else:
            self._queued.append(data)

    def close(self, why: str = "closed") -> None:
        """Ends the connection; questions still on their way are answered CLOSED."""
        if self._closed:
            return
        self._closed = True
        self._why = why
        self._opening.stop()
        for notifier in (self._reader, self._writer):
            if notifier is not None:
                notifier.setEnabled(False)
                notifier.deleteLater()
        self._reader = self._writer = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        for serial in list(self._pending):
            then, timer = self._pending[serial]
            timer.stop()
            timer.timeout.disconnect()
            timer.timeout.connect(lambda serial=serial: self._answer(serial, Answer(error=CLOSED, message=why)))
            timer.setInterval(0)
            timer.start()

    def _answer(self, serial: int, answer: Answer) -> None:
        entry = self._pending.pop(serial, None)
        if entry is None:
            return
        then, timer = entry
        timer.stop()
        timer.deleteLater()
        then(answer)

    # -- the connection ---------------------------------------------------------------------

    _why = ""

    def _open(self, address: str) -> None:
        try:
            places = list(get_connectable_addresses(address))
        except (RuntimeError, ValueError) as error:
            self.unreachable = True
            self.close(f"the session bus's address cannot be used ({error})")
            return
        for place in places:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_NONBLOCK | socket.SOCK_CLOEXEC)
            try:
                sock.connect(place)  # a unix socket connects at once, or not (EAGAIN: its queue is full)
            except OSError:
                sock.close()
                continue
            self._socket = sock
            self._reader = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
            self._reader.activated.connect(self._readable)
            self._writer = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Write, self)
            self._writer.activated.connect(self._writable)
            self._writer.setEnabled(False)
            self._write(self._auth.data_to_send() or b"")
            return
        self.unreachable = True
        self.close("the session bus cannot be reached")

    def _write(self, data: bytes) -> None:
        self._out += data
        self._writable()

    def _writable(self) -> None:
        if self._socket is None:
            return
        try:
            while self._out:
                sent = self._socket.send(self._out)
                del self._out[:sent]
        except BlockingIOError:
            pass
        except OSError as error:
            self.close(f"the session bus closed the connection ({error.strerror or error})")
            return
        if self._writer is not None:
            self._writer.setEnabled(bool(self._out))

    def _readable(self) -> None:
        if self._socket is None:
            return
        try:
            data = self._socket.recv(65536)
        except BlockingIOError:
            return
        except OSError as error:
            if error.errno == errno.EINTR:
                return
            self.close(f"the session bus closed the connection ({error.strerror or error})")
            return
        if not data:
            self.close("the session bus closed the connection")
            return
        if not self._auth.authenticated:
            self._handshake(data)
            return
        self._take(data)

    def _handshake(self, data: bytes) -> None:
        try:
            self._auth.feed(data)
        except AuthenticationError as error:
            self.close(f"the session bus refused the connection ({error.msg})")
            return
        if self._auth.authenticated:
            # The authenticator has nothing more to send once it is done: BEGIN is ours.
            self._write(BEGIN + message_bus.Hello().serialise(serial=1))
        else:
            self._write(self._auth.data_to_send() or b"")

    def _take(self, data: bytes) -> None:
        self._unread += len(data)
        if self._unread > MAX_UNREAD:
            self.close("the session bus sent more than a message can hold")
            return
        try:
            messages = self._parser.feed(data)
        except Exception as error:  # noqa: BLE001 - anything unreadable ends the connection
            self.close(f"the session bus sent what is not a message ({error})")
            return
        if messages:
            self._unread = 0
        for message in messages:
            self._received(message)
            if self._closed:
                return

    def _received(self, message: Message) -> None:
        kind = message.header.message_type
        if kind not in (MessageType.method_return, MessageType.error):
            return  # signals (NameAcquired) and calls to us: not asked for
        serial = message.header.fields.get(HeaderFields.reply_serial)
        if serial == 1 and not self._ready:
            if kind is MessageType.error:
                self.close("the session bus refused its Hello")
                return
            self._ready = True
            self._opening.stop()
            queued, self._queued = self._queued, []
            self._write(b"".join(queued))
            return
        if kind is MessageType.error:
            text = message.body[0] if message.body and isinstance(message.body[0], str) else ""
            name = message.header.fields.get(HeaderFields.error_name, "org.freedesktop.DBus.Error.Failed")
            self._answer(serial, Answer(error=str(name), message=text))
        else:
            self._answer(serial, Answer(body=tuple(message.body)))
