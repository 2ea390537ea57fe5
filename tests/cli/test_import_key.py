"""`afnor-ctin import --cle-pseudonymes`: the same key gives the same pseudonymous ids."""

import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "io" / "exports" / "data"
EXPORT = DATA / "coop_activites_2024-09.xlsx"  # beneficiaries named in the export: ids come from the key


def _import(into: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "afnor_ctin.cli", "import", str(EXPORT), "--into", str(into), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    return (into / "beneficiaires.csv").read_text(encoding="utf-8")


def test_same_key_same_ids_other_key_other_ids(tmp_path):
    key = tmp_path / "cle.txt"
    key.write_text("secret du territoire\n", encoding="utf-8")
    first = _import(tmp_path / "a", "--cle-pseudonymes", str(key))
    again = _import(tmp_path / "b", "--cle-pseudonymes", str(key))
    from_env = _import(tmp_path / "c", env={"AFNOR_CTIN_CLE_PSEUDONYMES": "secret du territoire"})
    other = _import(tmp_path / "d", env={"AFNOR_CTIN_CLE_PSEUDONYMES": "autre secret"})
    assert first == again == from_env
    assert first != other
    assert first.count("\n") > 1
    for written in (tmp_path / "a").iterdir():
        assert "secret du territoire" not in written.read_text(encoding="utf-8", errors="replace")


def test_missing_or_empty_key_file_is_a_usage_error(tmp_path):
    empty = tmp_path / "vide.txt"
    empty.write_text("\n", encoding="utf-8")
    for key in (tmp_path / "absent.txt", empty):
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "afnor_ctin.cli",
                "import",
                str(EXPORT),
                "--into",
                str(tmp_path / "x"),
                "--cle-pseudonymes",
                str(key),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 2
        assert "Traceback" not in run.stderr
