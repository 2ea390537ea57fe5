"""The DuckDB and polars baselines agree with the library, cell by cell, reading the Parquet files."""

import math
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import national  # noqa: E402
import pandas_baseline as pb  # noqa: E402
from afnor_ctin.evaluate import evaluate, evaluate_territories  # noqa: E402
from afnor_ctin.io.parquet import write_parquet  # noqa: E402
from afnor_ctin.period import Period  # noqa: E402
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example  # noqa: E402

PEERS = ("duckdb", "polars")


def _peer(name: str):
    pytest.importorskip(name)
    return __import__(f"{name}_baseline")


def _write(ds, territories, folder: Path) -> tuple[Path, Path]:
    write_parquet(ds, folder / "parquet")
    members = pb.write_memberships(pb.memberships(ds, territories), folder / "membres.parquet")
    return folder / "parquet", members


def _pandas_inputs():
    ds = worked_example()
    return pb.dataframes(ds), pb.memberships(ds, [ds.territory])


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    ds = worked_example()
    files = _write(ds, [ds.territory], tmp_path_factory.mktemp("exemple"))
    report = evaluate(ds, WORKED_EXAMPLE_PERIOD)
    return files, {ds.territory.code: report.to_dict()}


@pytest.fixture(scope="module")
def small_national(tmp_path_factory):
    territory = national.national_territory(seed=3)
    ds = national.generate(0.002, seed=3, territory=territory)
    epcis = national.epci_territories(territory)
    files = _write(ds, epcis, tmp_path_factory.mktemp("national"))
    period = Period.year(2024)
    reports = evaluate_territories(ds, period, epcis)
    return files, {k: r.to_dict() for k, r in reports.items()}, period, len(epcis)


@pytest.mark.parametrize("materialize", [True, False], ids=["en-memoire", "fichiers"])
@pytest.mark.parametrize("peer", PEERS)
def test_peer_reproduces_the_worked_example(example, peer: str, materialize: bool) -> None:
    module = _peer(peer)
    (folder, members), reports = example
    table = module.compute(module.load(folder, members, materialize=materialize), WORKED_EXAMPLE_PERIOD)
    reference = pb.compute(*_pandas_inputs(), WORKED_EXAMPLE_PERIOD)
    assert list(table.index) == ["EX001"]
    assert list(table.columns) == list(reference.columns)
    assert pb.compare(table, pb.library_table(reports, table.columns), label=peer) == []
    # The values of the specification's table, as a reader checks them.
    row = table.loc["EX001"]
    assert row["I05"] == 10
    assert row["I04.accompagnements"] == 11
    assert round(row["I10"], 2) == 76_117.71
    assert round(row["I10.cout_par_accompagnement"], 2) == 6_919.79
    assert math.isclose(row["I06"], (4 / 11) / (5_000 / 15_000), rel_tol=1e-12)
    assert math.isclose(row["I03.etp"], 1.7, rel_tol=1e-12)
    assert math.isclose(row["I10.taux_versement"], 95_000 / 132_000, rel_tol=1e-12)


@pytest.mark.parametrize("peer", PEERS)
def test_undefined_values_are_nan(example, peer: str) -> None:
    module = _peer(peer)
    (folder, members), _ = example
    row = module.compute(module.load(folder, members), Period.year(2030)).loc["EX001"]
    assert row["I04"] == 0
    assert math.isnan(row["I06"])
    assert math.isnan(row["I10.cout_par_accompagnement"])
    assert math.isnan(row["I09.part_mutualisees"])


@pytest.mark.parametrize("materialize", [True, False], ids=["en-memoire", "fichiers"])
@pytest.mark.parametrize("peer", PEERS)
def test_peer_and_library_agree_for_every_epci(small_national, peer: str, materialize: bool) -> None:
    module = _peer(peer)
    (folder, members), reports, period, n_epcis = small_national
    table = module.compute(module.load(folder, members, materialize=materialize), period)
    assert len(table) == n_epcis
    assert pb.compare(table, pb.library_table(reports, table.columns), label=peer) == []
    # The comparison is not vacuous: most cells are defined and activity is spread over EPCIs.
    assert table.notna().to_numpy().mean() > 0.7
    assert (table["I04"] > 0).sum() > 300
    assert table["I03.etp"].notna().all()
    assert table["I10.taux_versement"].notna().sum() > 20


def test_compare_names_the_peer() -> None:
    a = pd.DataFrame({"I01": [1.0]}, index=["x"])
    b = pd.DataFrame({"I01": [2.0]}, index=["x"])
    assert pb.compare(a, b, label="duckdb") == ["x I01: duckdb=1.0 bibliothèque=2.0"]
