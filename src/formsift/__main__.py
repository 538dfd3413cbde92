"""``python -m formsift`` runs the command line."""

import sys

from formsift.cli import main

sys.exit(main())
