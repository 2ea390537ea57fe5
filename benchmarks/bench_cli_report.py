"""Wall time of ``afnor-ctin rapport --exemple la-rochelle`` (median of 5 runs), with baselines.

Baselines run side by side: the bare interpreter starting and importing the package, and the
``indicateurs`` listing (catalogue only), so that the cost of reading the example, evaluating and
rendering can be read as the difference.

Run: ``.venv/bin/python benchmarks/bench_cli_report.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from afnor_ctin.french import format_number

COMMANDS = {
    "import afnor_ctin (référence)": [sys.executable, "-c", "import afnor_ctin"],
    "afnor-ctin indicateurs (référence)": [sys.executable, "-m", "afnor_ctin.cli", "indicateurs"],
    "afnor-ctin rapport --exemple la-rochelle": [
        sys.executable,
        "-m",
        "afnor_ctin.cli",
        "rapport",
        "--exemple",
        "la-rochelle",
    ],
    "… --format html": [
        sys.executable,
        "-m",
        "afnor_ctin.cli",
        "rapport",
        "--exemple",
        "la-rochelle",
        "--format",
        "html",
    ],
    "… --secret-statistique 11": [
        sys.executable,
        "-m",
        "afnor_ctin.cli",
        "rapport",
        "--exemple",
        "la-rochelle",
        "--secret-statistique",
        "11",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, command in COMMANDS.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        median, low, high = (format_number(t, 3) for t in (statistics.median(times), min(times), max(times)))
        print(f"{name:45s} médiane {median:>6} s  (min {low}, max {high})")


if __name__ == "__main__":
    main()
