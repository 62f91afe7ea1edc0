"""`python -m bot` is the `sift` command (SPEC.md). The command line is a front end, so it lives in handlers."""
from __future__ import annotations

import sys

from handlers.cli import main

sys.exit(main())
