"""The public API type-checks in a downstream program under ``mypy --strict``, and runs."""

import subprocess
import sys
from pathlib import Path

import pytest

CONSUMER = Path(__file__).parent / "consumer" / "consumer_app.py"
ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_consumer_program_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(CONSUMER)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_consumer_program_runs() -> None:
    result = subprocess.run([sys.executable, str(CONSUMER)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "'actions': 1" in lines[0]
    assert "'population': 1200" in lines[0]
    assert lines[1] == "2024-01-01 ['T1 2024', 'T2 2024', 'T3 2024', 'T4 2024']"
    assert "EPCI « 000000000 » inconnu" in lines[2]
    assert lines[3] == "1"
