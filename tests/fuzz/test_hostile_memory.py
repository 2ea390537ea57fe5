"""The hostile files of the security review, read in one subprocess: bounded memory, library issues only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.fuzz.hostile import CASES

#: Peak resident memory allowed for reading all the hostile cases, in kB (1 GiB).
MEMORY_LIMIT_KB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def test_hostile_cases_read_in_bounded_memory(tmp_path: Path) -> None:
    built = []
    for name, (_kind, build) in CASES.items():
        folder = tmp_path / name
        folder.mkdir()
        built.append(f"{name}={build(folder)}")
    proc = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.hostile", *built],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,  # a guard against a hang, not a measure
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    results = dict(line.split(" ", 1) for line in lines[:-1])
    assert set(results) == set(CASES)
    assert all(kind in ("ExportReading", "tuple", "DataError") for kind in results.values()), results
    peak = int(lines[-1].removeprefix("pic-memoire-ko "))
    assert peak < MEMORY_LIMIT_KB, peak
