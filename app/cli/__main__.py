"""`python -m app.cli` runs the `hmskort` command line."""

import sys

from app.cli import main

sys.exit(main())
