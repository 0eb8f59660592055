import sys

from stretchdesk.cli import main

sys.exit(main())
