"""Who the app is: its name, version and application id.

A leaf: it imports nothing, so every layer (the core, the window, the command line, the
packaging) can read it without pulling in anything else.
"""

APP_NAME = "StretchDesk"
VERSION = "0.1.0"
#: The reverse-DNS application id: desktop file, metainfo, icon and the running app share it.
APP_ID = "io.github.stretchdesk.StretchDesk"
