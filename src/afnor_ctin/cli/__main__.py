"""``python -m afnor_ctin.cli``."""

import sys

from afnor_ctin.cli import main

sys.exit(main())
