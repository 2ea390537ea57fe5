"""``SIGKILL`` at a random point of ``write_dataset`` over an existing dataset: old intact or new complete."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.testing.examples import worked_example

THOROUGH = settings.default.max_examples >= 200
ROOT = Path(__file__).resolve().parents[2]

#: The child loads the large example, says so, then writes it over the existing dataset.
CHILD = """
import sys
from afnor_ctin.examples import load_example
from afnor_ctin.io.native import write_dataset
dataset = load_example("la-rochelle")
print("pret", flush=True)
write_dataset(dataset, sys.argv[1], overwrite=True)
print("fini", flush=True)
"""


def fingerprint(path: Path) -> dict[str, str]:
    """Hash of every file of a dataset (folder or single file), hidden temporary entries left out."""
    files = sorted(p for p in path.iterdir()) if path.is_dir() else [path]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.mark.parametrize("name", ["jeu", "jeu.json"])
def test_kill_during_write_leaves_old_or_new(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    new_counts = {"actions": 42849, "participations": 44066}

    @settings(
        max_examples=6 if THOROUGH else 2,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(delay=st.floats(0.0, 1.0))
    def trial(delay: float) -> None:
        folder = tmp_path_factory.mktemp("kill")
        target = folder / name
        write_dataset(worked_example(), target)
        before = fingerprint(target)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "pret"
        time.sleep(delay * 3.0)  # the write takes a few seconds: the kill falls anywhere in it
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
        after = fingerprint(target)
        if after != before:
            dataset, report = read_dataset(target)
            assert report.ok, report.summary()
            assert {k: dataset.counts()[k] for k in new_counts} == new_counts
        visible = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        assert visible == [name]

    trial()
