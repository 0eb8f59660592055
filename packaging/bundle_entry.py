"""The desktop bundle's entry point: the same command line as the installed `stretchdesk`."""

import sys

from stretchdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
