"""Make the scripts of ``benchmarks/`` importable as modules (``national``, ``pandas_baseline``)."""

import sys
from pathlib import Path

BENCHMARKS = str(Path(__file__).resolve().parents[2] / "benchmarks")
if BENCHMARKS not in sys.path:
    sys.path.insert(0, BENCHMARKS)
