"""StretchDesk: a desktop player for guided stretching routines."""

__version__ = "0.1.0"
APP_NAME = "StretchDesk"
