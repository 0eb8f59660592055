"""StretchDesk: a desktop player for guided stretching routines."""

from stretchdesk.core.about import APP_ID, APP_NAME
from stretchdesk.core.about import VERSION as __version__

__all__ = ["APP_ID", "APP_NAME", "__version__"]
