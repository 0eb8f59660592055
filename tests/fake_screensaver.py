"""A stand-in for the desktop's inhibit services, run as its own process on a private bus:
org.freedesktop.ScreenSaver and, if asked, the XDG desktop portal's Inhibit exporting the
real portal's interface (tests/data/dbus/org.freedesktop.portal.Inhibit.xml: no Qt
annotations). It records every call as a line of JSON in a file, and is as strict about
argument types as the real services: a call whose signature is not the declared one
('ss' and 'u' for the ScreenSaver, 'sua{sv}' for the portal) gets InvalidArgs, as KDE,
GNOME and the portal (GDBus) answer it.

    python tests/fake_screensaver.py ADDRESS LOG [--paths /org/freedesktop/ScreenSaver,/ScreenSaver]
        [--portal] [--silent introspection|everything]

`--paths ""` offers no ScreenSaver at all. `--silent introspection` never answers
Introspect (the calls are answered); `--silent everything` answers nothing at all (each
call is still recorded). Once every name is in place, the first line of LOG is
{"call": "ready"}. Also used by tests/dbus_session.py. Written with jeepney, so its replies
carry exactly the types a real service's do (an unsigned cookie, an object path)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

PORTAL_XML = (Path(__file__).resolve().parent / "data" / "dbus" / "org.freedesktop.portal.Inhibit.xml").read_text()
SCREENSAVER_XML = """<node>
  <interface name="org.freedesktop.ScreenSaver">
    <method name="Inhibit"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="u" direction="out"/></method>
    <method name="UnInhibit"><arg type="u" direction="in"/></method>
  </interface>
</node>"""
PORTAL_PATH = "/org/freedesktop/portal/desktop"
REQUESTS = "/org/freedesktop/portal/desktop/request/"


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
    parser.add_argument("--silent", choices=("", "introspection", "everything"), default="")
    options = parser.parse_args()

    bus = open_dbus_connection(options.address)
    paths = [path for path in options.paths.split(",") if path]
    if paths:
        bus.send_and_get_reply(message_bus.RequestName("org.freedesktop.ScreenSaver"))
    if options.portal:
        bus.send_and_get_reply(message_bus.RequestName("org.freedesktop.portal.Desktop"))
    log = Log(options.log)
    cookies = iter(range(4101, 1 << 32))
    held: set[int] = set()
    requests: set[str] = set()
    log.write(call="ready")

    while True:
        message = bus.receive()
        header = message.header
        if header.message_type is not MessageType.method_call:
            continue
        fields = header.fields
        path, interface, member = fields.get(HeaderFields.path), fields.get(HeaderFields.interface), fields.get(HeaderFields.member)
        signature = fields.get(HeaderFields.signature, "")
        destination = fields.get(HeaderFields.destination)
        reply = None
        if member == "Introspect":
            log.write(call="Introspect", path=path)
            if options.silent:
                continue
            xml = SCREENSAVER_XML if path in paths else PORTAL_XML if options.portal and path == PORTAL_PATH else "<node/>"
            reply = new_method_return(message, "s", (xml,))
        elif destination == "org.freedesktop.ScreenSaver" and path in paths and interface in (None, "org.freedesktop.ScreenSaver"):
            if member == "Inhibit" and signature == "ss":
                cookie = next(cookies)
                held.add(cookie)
                log.write(call="Inhibit", path=path, app=message.body[0], reason=message.body[1], cookie=cookie)
                reply = new_method_return(message, "u", (cookie,))
            elif member == "UnInhibit" and signature == "u":
                cookie = message.body[0]
                log.write(call="UnInhibit", path=path, cookie=cookie, known=cookie in held)
                held.discard(cookie)
                reply = new_method_return(message)
            else:
                log.write(call="Refused", path=path, member=member, signature=signature)
                reply = new_error(message, "org.freedesktop.DBus.Error.InvalidArgs", "s", (f"{member}({signature})",))
        elif options.portal and destination == "org.freedesktop.portal.Desktop" and path == PORTAL_PATH and interface == "org.freedesktop.portal.Inhibit" and member == "Inhibit":
            if signature != "sua{sv}":
                log.write(call="Refused", path=path, member=member, signature=signature)
                reply = new_error(message, "org.freedesktop.DBus.Error.InvalidArgs", "s", (f"Type of message, '({signature})', does not match expected type '(sua{{sv}})'",))
            else:
                window, flags, given = message.body
                token = given.get("handle_token", ("s", "t"))[1]
                handle = f"{REQUESTS}fake/{token}"
                requests.add(handle)
                log.write(call="PortalInhibit", window=window, flags=flags, reason=given.get("reason", ("s", None))[1], handle=handle)
                reply = new_method_return(message, "o", (handle,))
        elif options.portal and destination == "org.freedesktop.portal.Desktop" and path in requests and member == "Close":
            log.write(call="Close", handle=path)
            requests.discard(path)
            reply = new_method_return(message)
        else:
            log.write(call="Unknown", path=path, interface=interface, member=member, signature=signature)
            reply = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"{interface}.{member}",))
        if options.silent == "everything":
            continue
        bus.send(reply)


if __name__ == "__main__":
    sys.exit(main())
