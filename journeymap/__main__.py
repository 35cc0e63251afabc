"""``python -m journeymap`` does what the ``journeymap`` command does."""

import sys

from journeymap.cli import main

if __name__ == "__main__":
    sys.exit(main())
