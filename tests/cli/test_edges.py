"""Edges of the command: periods at the ends of the calendar, full disks, bad arguments, unreadable files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.test_cli import one_line_error, run

EXPORT = Path(__file__).resolve().parents[1] / "io" / "exports" / "data" / "lieux_v1.csv"


@pytest.mark.parametrize("period", ["0001-01-01..0001-01-01", "9999", "1899-12-31..1900-01-31", "", "  "])
def test_out_of_range_or_empty_periods_are_usage_errors(period: str) -> None:
    message = one_line_error(run("report", "--example", "la-rochelle", "--period", period), 2)
    assert "période" in message


def test_periods_at_the_supported_ends_are_computed() -> None:
    for period in ("1900", "2199-T4"):
        proc = run("report", "--example", "la-rochelle", "--period", period, "-f", "json")
        # the report is rendered; the command fails because the period holds no action of the example
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout.lstrip().startswith("{")
        assert "aucune action" in proc.stderr


def test_trend_to_year_9999_is_a_usage_error() -> None:
    assert "9999" in one_line_error(run("trend", "--example", "la-rochelle", "--from", "2024", "--to", "9999"), 2)


def test_full_disk_is_one_french_error_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("pas de /dev/full")
    for fmt in ("xlsx", "json"):
        proc = run("report", "--example", "la-rochelle", "-p", "2024", "-f", fmt, "-o", "/dev/full")
        assert "plus de place sur le disque" in one_line_error(proc, 1)
        assert "Exception ignored" not in proc.stderr


def test_unknown_territory_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("import", EXPORT, "--into", tmp_path / "jeu", "--territory", "123")
    assert "123" in one_line_error(proc, 2)
    assert not (tmp_path / "jeu").exists()


def test_unreadable_actions_file_gives_no_report(tmp_path: Path) -> None:
    folder = tmp_path / "jeu"
    assert run("example", "la-rochelle", folder).returncode == 0
    (folder / "actions.csv").write_bytes(b"\xff\xfe\x00\x01binaire")
    proc = run("report", folder, "-p", "2024")
    assert proc.returncode == 1
    assert "actions.csv" in proc.stderr
    assert proc.stdout == ""
