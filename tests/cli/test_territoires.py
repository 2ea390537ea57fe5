"""``afnor-ctin territoires``: every territory of a national dataset, driven in a subprocess."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from tests.cli.test_cli import run

pytest.importorskip("pyarrow")

from afnor_ctin.cli.territories import COLUMNS
from afnor_ctin.evaluate import evaluate_territories
from afnor_ctin.period import Period
from afnor_ctin.territories import subdivisions

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def national(tmp_path_factory):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import national as generator
    finally:
        sys.path.remove(str(BENCHMARKS))
    from afnor_ctin.io.parquet import write_parquet

    ds = generator.generate(0.001, 8, territory=generator.national_territory(8))
    folder = tmp_path_factory.mktemp("territoires")
    return ds, write_parquet(ds, folder / "parquet")


def _table(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_one_row_per_region_and_indicator_with_the_library_values(national) -> None:  # type: ignore[no-untyped-def]
    ds, folder = national
    proc = run("territoires", folder, "--par", "region", "--periode", "2024")
    assert proc.returncode == 0, proc.stderr
    rows = _table(proc.stdout)
    regions = subdivisions(ds.territory, "region")
    assert len(rows) == len(regions) * 11
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[:2] == ("code_territoire", "territoire")
    expected = evaluate_territories(ds, Period.year(2024), regions)
    for row in rows:
        result = expected[row["code_territoire"]][row["code"]]
        if result.value is None:
            assert row["valeur"] == ""
        else:
            assert float(row["valeur"].replace(",", ".")) == pytest.approx(result.value)
    i04 = next(r for r in rows if r["code"] == "I04" and r["code_territoire"] == regions[0].code)
    assert i04["territoire"] == regions[0].name
    assert "individuels=" in i04["composantes"]
    assert "par_mois" not in i04["composantes"]


def test_partitioned_dataset_gives_the_same_table(national, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed")
    from afnor_ctin import distributed

    ds, folder = national
    partitioned = distributed.write_parquet(ds, str(tmp_path / "partitions"))
    plain = run("territoires", folder, "--par", "region", "--periode", "2024")
    split = run("territoires", partitioned, "--par", "region", "--periode", "2024")
    assert plain.returncode == split.returncode == 0, split.stderr
    assert split.stdout == plain.stdout


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_binary_formats_are_written_to_a_file(national, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    _, folder = national
    out = tmp_path / f"table.{fmt}"
    proc = run("territoires", folder, "--par", "region", "--periode", "2024", "--format", fmt, "--sortie", out)
    assert proc.returncode == 0, proc.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == 18 * 11
        assert table.column_names[0] == "code_territoire"
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        assert ws.max_row == 18 * 11 + 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_usage_errors_are_french_lines(national, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, folder = national
    proc = run("territoires", folder, "--par", "region", "--format", "xlsx")
    assert proc.returncode == 2
    assert "indiquez un fichier avec --sortie" in proc.stderr
    proc = run("territoires", folder, "--par", "commune")
    assert proc.returncode == 2
    assert "choix invalide" in proc.stderr
    proc = run("territoires", folder, "--par", "epci", "--dask", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    assert "--dask demande un jeu partitionné" in proc.stderr
