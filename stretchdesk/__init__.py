"""StretchDesk: a desktop player for guided stretching routines."""

__version__ = "0.1.0"
APP_NAME = "StretchDesk"
#: The reverse-DNS application id: desktop file, metainfo, icon and the running app share it.
APP_ID = "io.github.stretchdesk.StretchDesk"
