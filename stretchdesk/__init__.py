"""StretchDesk: a desktop player for guided stretching routines."""

__version__ = "0.1.0"
APP_NAME = "StretchDesk"
#: The reverse-DNS application id: desktop file, metainfo, icon and the running app share it.
from stretchdesk.core.paths import APP_ID as APP_ID  # noqa: E402 - one id, defined beside the paths that use it
