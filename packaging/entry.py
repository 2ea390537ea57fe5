"""Entry point of the self-contained ``afnor-ctin`` executable built by PyInstaller."""

import sys

from afnor_ctin.cli import main

if __name__ == "__main__":
    sys.exit(main())
