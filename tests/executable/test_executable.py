"""The self-contained executable built by PyInstaller from ``packaging/afnor-ctin.spec`` runs the command.

The build takes 25 to 45 s (measured time on the install page), hence the ``slow`` mark;
the test is skipped when PyInstaller (the ``executable`` extra) is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import afnor_ctin

pytest.importorskip("PyInstaller", reason="PyInstaller n'est pas installé : pip install -e '.[executable]'")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform.startswith("linux") and shutil.which("objdump") is None,
        reason="PyInstaller a besoin d'objdump sous Linux : apt-get install binutils",
    ),
]

SPEC = Path(__file__).parents[2] / "packaging" / "afnor-ctin.spec"
BUILD_TIMEOUT = 600  # seconds; a build takes 25 to 45 s on a 2-core machine


@pytest.fixture(scope="module")
def executable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the one-folder executable into a temporary folder and return the program's path."""
    root = tmp_path_factory.mktemp("executable")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        "--distpath",
        str(root / "dist"),
        "--workpath",
        str(root / "build"),
        str(SPEC),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT, cwd=root)
    assert done.returncode == 0, done.stderr[-4000:]
    program = root / "dist" / "afnor-ctin" / ("afnor-ctin.exe" if os.name == "nt" else "afnor-ctin")
    assert program.is_file()
    return program


def _run(program: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # a bare environment: the executable must not lean on the virtual environment of the tests
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return subprocess.run([str(program), *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)


def test_the_executable_prints_its_version(executable: Path, tmp_path: Path) -> None:
    done = _run(executable, "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"afnor-ctin {afnor_ctin.__version__}"


def test_the_executable_writes_the_example_report(executable: Path, tmp_path: Path) -> None:
    done = _run(executable, "rapport", "--exemple", "la-rochelle", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Cartographie des acteurs" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_executable_writes_the_html_report_from_its_templates(executable: Path, tmp_path: Path) -> None:
    done = _run(executable, "rapport", "--exemple", "la-rochelle", "-f", "html", "-o", "r.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Cartographie des acteurs" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_usage_mistake_is_told_in_french_without_traceback(executable: Path, tmp_path: Path) -> None:
    # argparse's French catalogue is compiled by Babel inside the executable
    done = _run(executable, "rapport", "--format", "odt", cwd=tmp_path)
    assert done.returncode == 2
    assert "utilisation : afnor-ctin" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_executable_bundles_every_data_file_of_the_package(executable: Path) -> None:
    package = Path(afnor_ctin.__file__).parent
    data = [p.relative_to(package) for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert data, "le paquet n'a aucun fichier de données"
    internal = executable.parent / "_internal" / "afnor_ctin"
    missing = [str(p) for p in data if not (internal / p).is_file()]
    assert not missing, missing
