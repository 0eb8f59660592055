"""A stand-in for the XDG desktop portal's Settings, run as its own process on a private bus
(tests/dbus_session.py): what Qt's GNOME platform theme reads for the desktop's colour
scheme and contrast (org.freedesktop.appearance: color-scheme, contrast), answered in the
real portal's shapes (ReadAll's a{sa{sv}}, Read and ReadOne; the numbers as 32-bit
integers, where the real portal's are unsigned: Qt reads either), and changed live with
the SettingChanged signal the real one sends when a person changes their desktop.

    python tests/fake_portal.py ADDRESS [--color-scheme 1] [--contrast 0]

color-scheme is 0 (no preference), 1 (dark) or 2 (light); contrast 0 or 1 (high). A test
changes them as a desktop's settings would, by calling Change(key, value) on the control
interface org.stretchdesk.test.FakePortal at the same path. Once it is on the bus it
prints "ready"."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication, QMetaType
from PySide6.QtDBus import QDBusArgument, QDBusConnection, QDBusMessage, QDBusVariant, QDBusVirtualObject

PATH = "/org/freedesktop/portal/desktop"
SETTINGS = "org.freedesktop.portal.Settings"
CONTROL = "org.stretchdesk.test.FakePortal"
APPEARANCE = "org.freedesktop.appearance"

INTROSPECTION = f"""<interface name="{SETTINGS}">
  <method name="ReadAll"><arg type="as" name="namespaces" direction="in"/><arg type="a{{sa{{sv}}}}" direction="out"/></method>
  <method name="Read"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="v" direction="out"/></method>
  <method name="ReadOne"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="v" direction="out"/></method>
  <signal name="SettingChanged"><arg type="s"/><arg type="s"/><arg type="v"/></signal>
</interface>
<interface name="{CONTROL}">
  <method name="Change"><arg type="s" direction="in"/><arg type="u" direction="in"/></method>
</interface>
"""


class Portal(QDBusVirtualObject):
    def __init__(self, bus: QDBusConnection, values: dict[str, int]):
        super().__init__()
        self.bus = bus
        self.values = values

    def introspect(self, path: str) -> str:
        return INTROSPECTION if path == PATH else ""

    def _appearance(self) -> QDBusArgument:
        entries = QDBusArgument()
        entries.beginMap(QMetaType(QMetaType.Type.QString), QMetaType(QMetaType.Type.QVariantMap))
        entries.beginMapEntry()
        # appendVariant writes the value as its own type; '<<' would take a str for a list.
        entries.appendVariant(APPEARANCE)
        entries.appendVariant(dict(self.values))
        entries.endMapEntry()
        entries.endMap()
        return entries

    @staticmethod
    def _reply(message: QDBusMessage, value) -> QDBusMessage:
        # Arguments set as a list: createReply([...]) would send the list as one array.
        reply = message.createReply()
        reply.setArguments([value])
        return reply

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:  # noqa: N802 - Qt's name
        member, arguments = message.member(), message.arguments()
        if message.interface() == SETTINGS and member == "ReadAll":
            wanted = arguments[0] if arguments else []
            reply = self._reply(message, self._appearance() if (not wanted or APPEARANCE in wanted) else {})
        elif message.interface() == SETTINGS and member in ("Read", "ReadOne"):
            namespace, key = arguments
            if namespace != APPEARANCE or key not in self.values:
                reply = message.createErrorReply("org.freedesktop.portal.Error.NotFound", f"{namespace} {key}")
            else:
                reply = self._reply(message, QDBusVariant(self.values[key]))
        elif message.interface() == CONTROL and member == "Change":
            key, value = arguments
            self.values[key] = int(value)
            signal = QDBusMessage.createSignal(PATH, SETTINGS, "SettingChanged")
            signal.setArguments([APPEARANCE, key, QDBusVariant(int(value))])
            self.bus.send(signal)
            reply = message.createReply()
        else:
            return False
        connection.send(reply)
        return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("address")
    parser.add_argument("--color-scheme", type=int, default=0)
    parser.add_argument("--contrast", type=int, default=0)
    options = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.connectToBus(options.address, "fake-portal")
    if not bus.isConnected():
        print(f"fake_portal: cannot connect: {bus.lastError().message()}", file=sys.stderr)
        return 1
    portal = Portal(bus, {"color-scheme": options.color_scheme, "contrast": options.contrast})
    if not bus.registerVirtualObject(PATH, portal) or not bus.registerService("org.freedesktop.portal.Desktop"):
        print(f"fake_portal: cannot register: {bus.lastError().message()}", file=sys.stderr)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
