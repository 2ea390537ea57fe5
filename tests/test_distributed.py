"""afnor_ctin.distributed: a partitioned Parquet dataset evaluated on a dask.distributed cluster."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from afnor_ctin.distributed import components, evaluate_territories, read_partitions, write_parquet
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.evaluate import evaluate_territories as evaluate_locally
from afnor_ctin.period import Period
from afnor_ctin.territories import subdivisions

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
PERIOD = Period.year(2024)


@pytest.fixture(scope="module")
def national_dataset():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import national
    finally:
        sys.path.remove(str(BENCHMARKS))
    territory = national.national_territory(6)
    return national.generate(0.001, 6, territory=territory)


@pytest.fixture(scope="module")
def folder(national_dataset, tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("partitions") / "jeu"
    return write_parquet(national_dataset, str(out), partition_by="departement")


def test_layout_has_common_tables_and_one_folder_per_departement(folder: str, national_dataset) -> None:  # type: ignore[no-untyped-def]
    root = Path(folder)
    meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    assert (root / "commun" / "acteurs.parquet").is_file()
    parts = sorted(p.name for p in root.glob("departement=*"))
    assert len(parts) == len(meta["partitions"]) > 90
    # Every action is in the partition of its département (foreign earliest participations add a few).
    own = sum(v["actions"] for v in meta["partitions"].values())
    assert own >= national_dataset.counts()["actions"]


def test_all_partitions_read_together_give_the_dataset_back(folder: str, national_dataset) -> None:  # type: ignore[no-untyped-def]
    back = read_partitions(folder, [p.name.split("=")[1] for p in Path(folder).glob("departement=*")])
    # Beneficiaries without any participation count for no indicator: they are not written.
    with_participation = len(np.unique(national_dataset.columns.participations.beneficiary))
    assert back.counts() == national_dataset.counts() | {"beneficiaires": with_participation}
    a, b = back.columns.actions, national_dataset.columns.actions
    assert list(a.ids) == list(b.ids)
    np.testing.assert_array_equal(a.commune, b.commune)
    np.testing.assert_array_equal(back.columns.participations.action, national_dataset.columns.participations.action)


def test_territories_spanning_departements_are_evaluated_together() -> None:
    from afnor_ctin.model import Territory

    charente_maritime, charente = Territory.from_departement("17"), Territory.from_departement("16")
    across = Territory(
        code="X", name="À cheval", level=charente.level, communes=charente.communes[:2] + charente_maritime.communes[:2]
    )
    found = components([charente_maritime, Territory.from_departement("33"), across, charente])
    assert found == [(["16", "17"], [0, 2, 3]), (["33"], [1])]


@pytest.mark.parametrize("by", ["departement", "region"])  # EPCIs: on the cluster below
def test_in_process_equals_one_machine(folder: str, national_dataset, by: str) -> None:  # type: ignore[no-untyped-def]
    territories = subdivisions(national_dataset.territory, by)
    expected = evaluate_locally(national_dataset, PERIOD, territories)
    got = evaluate_territories(folder, territories, PERIOD)
    assert list(got) == list(expected)
    assert [r.to_dict() for r in got.values()] == [r.to_dict() for r in expected.values()]
    # Not vacuous: many territories have new beneficiaries and active mediators.
    assert sum(r["I05"].components["nouveaux"] > 0 for r in expected.values()) >= min(len(territories), 18)
    assert sum(r["I03"].components["actifs"] > 0 for r in expected.values()) > 0


def test_local_cluster_of_two_processes_equals_one_machine(folder: str, national_dataset) -> None:  # type: ignore[no-untyped-def]
    from distributed import Client, LocalCluster

    territories = subdivisions(national_dataset.territory, "epci")
    expected = evaluate_locally(national_dataset, PERIOD, territories)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        got = evaluate_territories(folder, territories, PERIOD, client=client)
    assert list(got) == list(expected)
    assert [r.to_dict() for r in got.values()] == [r.to_dict() for r in expected.values()]


def test_bad_inputs_are_refused(folder: str, national_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError, match="partitionnement"):
        write_parquet(national_dataset, str(tmp_path / "x"), partition_by="commune")
    with pytest.raises(InvalidInputError, match=r"metadata\.json"):
        evaluate_territories(str(tmp_path), [national_dataset.territory], PERIOD)
    t = subdivisions(national_dataset.territory, "region")[0]
    with pytest.raises(InvalidInputError, match="même code"):
        evaluate_territories(folder, [t, t], PERIOD)
