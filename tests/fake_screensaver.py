"""A stand-in for the desktop's inhibit services, run as its own process on a private bus:
org.freedesktop.ScreenSaver and, if asked, the XDG desktop portal's Inhibit. It records
every call as a line of JSON in a file, and is as strict about argument types as the real
services (QtDBus matches a call by its signature: an UnInhibit sent with a signed integer
is refused, as KDE and GNOME refuse it).

    python tests/fake_screensaver.py ADDRESS LOG [--paths /org/freedesktop/ScreenSaver,/ScreenSaver] [--portal]

`--paths ""` offers no ScreenSaver at all. Once every name and object is in place, the
first line of LOG is {"call": "ready"}. Also used by tests/dbus_session.py."""

from __future__ import annotations

import argparse
import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusObjectPath


class Log:
    def __init__(self, path: str):
        self.path = path

    def write(self, **record) -> None:
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("address")
    parser.add_argument("log")
    parser.add_argument("--paths", default="/org/freedesktop/ScreenSaver")
    parser.add_argument("--portal", action="store_true")
    options = parser.parse_args()

    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.connectToBus(options.address, "fake-screensaver")
    if not bus.isConnected():
        print(f"fake_screensaver: cannot connect: {bus.lastError().message()}", file=sys.stderr)
        return 1
    log = Log(options.log)
    cookies = iter(range(4101, 1 << 32))
    keep: list[QObject] = []

    @ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
    class ScreenSaver(QDBusAbstractAdaptor):
        def __init__(self, parent: QObject, path: str):
            super().__init__(parent)
            self.path = path
            self.held: set[int] = set()

        @Slot(str, str, result="uint")
        def Inhibit(self, app_name: str, reason: str) -> int:  # noqa: N802 - the D-Bus name
            cookie = next(cookies)
            self.held.add(cookie)
            log.write(call="Inhibit", path=self.path, app=app_name, reason=reason, cookie=cookie)
            return cookie

        @Slot("uint")
        def UnInhibit(self, cookie: int) -> None:  # noqa: N802
            log.write(call="UnInhibit", path=self.path, cookie=cookie, known=cookie in self.held)
            self.held.discard(cookie)

    @ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Request"})
    class Request(QDBusAbstractAdaptor):
        def __init__(self, parent: QObject, path: str):
            super().__init__(parent)
            self.path = path

        @Slot()
        def Close(self) -> None:  # noqa: N802
            log.write(call="Close", handle=self.path)
            bus.unregisterObject(self.path)

    @ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Inhibit"})
    class Portal(QDBusAbstractAdaptor):
        @Slot(str, "uint", "QVariantMap", result=QDBusObjectPath)
        def Inhibit(self, window: str, flags: int, options: dict) -> QDBusObjectPath:  # noqa: N802
            token = options.get("handle_token", "t")
            path = f"/org/freedesktop/portal/desktop/request/fake/{token}"
            request = QObject()
            Request(request, path)
            keep.append(request)
            bus.registerObject(path, request)
            log.write(call="PortalInhibit", window=window, flags=flags, reason=options.get("reason"), handle=path)
            return QDBusObjectPath(path)

    for path in filter(None, options.paths.split(",")):
        holder = QObject()
        ScreenSaver(holder, path)
        keep.append(holder)
        bus.registerObject(path, holder)
    if options.paths:
        bus.registerService("org.freedesktop.ScreenSaver")
    if options.portal:
        holder = QObject()
        Portal(holder)
        keep.append(holder)
        bus.registerObject("/org/freedesktop/portal/desktop", holder)
        bus.registerService("org.freedesktop.portal.Desktop")
    log.write(call="ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
