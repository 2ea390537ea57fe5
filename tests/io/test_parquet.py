import json
import sys
from pathlib import Path

import numpy as np
import pytest

from afnor_ctin.columns import table_columns
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import DataError, MissingExtraError
from afnor_ctin.testing.examples import worked_example

pytest.importorskip("pyarrow")

from afnor_ctin.io.parquet import FORMAT_VERSION, read_parquet, write_parquet

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RECORDS = ("actors", "places", "mediators", "actions", "beneficiaries", "participations", "fundings")


def generated(scale: float = 0.0005, seed: int = 3) -> Dataset:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import national
    finally:
        sys.path.remove(str(BENCHMARKS))
    return national.generate(scale, seed)


def assert_same_columns(a: Dataset, b: Dataset) -> None:
    import attrs

    for table in attrs.fields(type(a.columns)):
        left, right = getattr(a.columns, table.name), getattr(b.columns, table.name)
        if table.name == "persons":
            assert list(left) == list(right)
            continue
        rights = table_columns(right)
        for name, x in table_columns(left).items():
            y = rights[name]
            if hasattr(x, "indptr"):
                np.testing.assert_array_equal(x.indptr, y.indptr)
                np.testing.assert_array_equal(x.values, y.values)
            elif np.asarray(x).dtype.kind in "OT":
                assert [None if v is None else str(v) for v in x] == [None if v is None else str(v) for v in y]
            else:
                np.testing.assert_array_equal(x, y)
                assert np.asarray(x).dtype == np.asarray(y).dtype, (table.name, name)


def test_worked_example_round_trip(tmp_path: Path) -> None:
    ds = worked_example()
    write_parquet(ds, tmp_path / "ex")
    back = read_parquet(tmp_path / "ex")
    assert back.territory == ds.territory
    for name in RECORDS:
        assert getattr(back, name) == getattr(ds, name), name
    assert_same_columns(ds, back)


def test_generated_round_trip(tmp_path: Path) -> None:
    ds = generated()
    write_parquet(ds, tmp_path)
    back = read_parquet(tmp_path)
    assert back.counts() == ds.counts()
    assert back.territory == ds.territory
    assert_same_columns(ds, back)
    assert back.columns.actions.ids.dtype == np.dtypes.StringDType()
    # Records rebuilt from the Parquet columns equal those of the original columns.
    assert back.actions[:50] == ds.actions[:50]
    assert back.fundings == ds.fundings


def test_metadata_names_format_and_territory(tmp_path: Path) -> None:
    write_parquet(worked_example(), tmp_path)
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["version"] == FORMAT_VERSION
    assert meta["territoire"]["code"] == "EX001"
    assert meta["lignes"]["actions"] == 12
    assert sorted(p.stem for p in tmp_path.glob("*.parquet")) == sorted(
        [
            "communes",
            "acteurs",
            "lieux",
            "mediateurs",
            "actions",
            "beneficiaires",
            "participations",
            "financements",
            "personnes",
        ]
    )


def test_missing_metadata_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        read_parquet(tmp_path)
    assert info.value.issues[0].file == "metadata.json"
    assert "absent" in info.value.issues[0].message


def test_unsupported_version(tmp_path: Path) -> None:
    write_parquet(worked_example(), tmp_path)
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    meta["version"] = 99
    (tmp_path / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_parquet(tmp_path)
    issue = info.value.issues[0]
    assert (issue.column, issue.value) == ("version", "99")


def test_missing_file_and_missing_column(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    write_parquet(worked_example(), tmp_path)
    table = pq.read_table(tmp_path / "actions.parquet").drop_columns(["duration"])
    pq.write_table(table, tmp_path / "actions.parquet")
    with pytest.raises(DataError) as info:
        read_parquet(tmp_path)
    assert (info.value.issues[0].file, info.value.issues[0].column) == ("actions.parquet", "duration")
    (tmp_path / "lieux.parquet").unlink()
    with pytest.raises(DataError) as info:
        read_parquet(tmp_path)
    assert info.value.issues[0].file == "lieux.parquet"


def test_corrupt_file_is_a_data_error(tmp_path: Path) -> None:
    write_parquet(worked_example(), tmp_path)
    (tmp_path / "financements.parquet").write_bytes(b"pas du parquet")
    with pytest.raises(DataError) as info:
        read_parquet(tmp_path)
    assert info.value.issues[0].file == "financements.parquet"


def test_missing_pyarrow_gives_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError, match=r"afnor-ctin\[parquet\]"):
        write_parquet(worked_example(), tmp_path)


def test_a_changed_file_has_the_rules_checked_again(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_parquet(worked_example(), tmp_path)
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert set(meta["empreintes"]) == {p.stem for p in tmp_path.glob("*.parquet")}
    table = pq.read_table(tmp_path / "actions.parquet")
    ids = table.column("ids").to_pylist()
    ids[1] = ids[0]  # the second action takes the id of the first
    pq.write_table(
        table.set_column(table.schema.get_field_index("ids"), "ids", pa.array(ids)), tmp_path / "actions.parquet"
    )
    with pytest.raises(DataError) as info:
        read_parquet(tmp_path)
    first = info.value.issues[0]
    assert (first.code, first.file, first.line, first.value) == (
        "identifiant_en_double",
        "actions.parquet",
        None,
        ids[0],
    )


def test_a_folder_without_digests_is_checked_and_read(tmp_path: Path) -> None:
    ds = worked_example()
    write_parquet(ds, tmp_path)
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    del meta["empreintes"]
    (tmp_path / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    assert read_parquet(tmp_path).actions == ds.actions


def _id_columns(ds: Dataset) -> dict[str, np.ndarray]:
    import attrs

    c = ds.columns
    found = {"persons": c.persons}
    for field in attrs.fields(type(c)):
        table = getattr(c, field.name)
        if hasattr(table, "ids"):
            found[field.name] = table.ids
    return found


@pytest.mark.parametrize(
    "prefix",
    ["A", "identifiant-", "accompagné-é", "😀"],
    ids=["short", "long", "non-ascii", "astral"],
)
def test_id_columns_read_as_the_id_dtype_with_their_values(tmp_path: Path, prefix: str) -> None:
    import attrs

    from afnor_ctin.columns import ID_DTYPE

    ds = worked_example()
    # Ids of several lengths (1 to 2 digits after the prefix), ASCII or not.
    actions = [attrs.evolve(a, id=f"{prefix}{i}") for i, a in enumerate(ds.actions)]
    renamed = {a.id: b.id for a, b in zip(ds.actions, actions, strict=True)}
    participations = [attrs.evolve(p, action_id=renamed[p.action_id]) for p in ds.participations]
    ds = ds.replace(actions=actions, participations=participations)
    write_parquet(ds, tmp_path)
    back = read_parquet(tmp_path)
    for name, ids in _id_columns(back).items():
        assert ids.dtype == ID_DTYPE, name
    assert list(back.columns.actions.ids) == [a.id for a in actions]
    assert back.actions == ds.actions
    assert back.participations == ds.participations


def test_every_dataset_path_keeps_ids_in_the_id_dtype() -> None:
    from afnor_ctin.columns import ID_DTYPE

    by_records = worked_example()
    by_columns = Dataset.from_columns(by_records.territory, by_records.columns)
    for ds in (by_records, by_columns):
        for name, ids in _id_columns(ds).items():
            assert ids.dtype == ID_DTYPE, name
    assert by_columns.actions == by_records.actions


def test_files_of_several_row_groups_read_the_same(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    ds = generated()
    write_parquet(ds, tmp_path)
    for name in ("actions", "lieux", "beneficiaires", "participations", "financements", "mediateurs"):
        path = tmp_path / f"{name}.parquet"
        table = pq.read_table(path)
        pq.write_table(table, path, row_group_size=max(1, len(table) // 3 - 1))
        assert pq.ParquetFile(path).metadata.num_row_groups > 3, name
    back = read_parquet(tmp_path)
    assert_same_columns(ds, back)
    assert back.actions == ds.actions
    assert back.places == ds.places


def test_columns_of_several_chunks_some_empty() -> None:
    import pyarrow as pa

    from afnor_ctin.columns import ID_DTYPE
    from afnor_ctin.io.parquet import _numpy_column

    numbers = pa.chunked_array([pa.array([1, 2], pa.int32()), pa.array([], pa.int32())])
    assert _numpy_column(pa, numbers, False).tolist() == [1, 2]
    numbers = pa.chunked_array([pa.array([1, 2], pa.int32()), pa.array([], pa.int32()), pa.array([3], pa.int32())])
    assert _numpy_column(pa, numbers, False).tolist() == [1, 2, 3]
    kind = pa.large_list(pa.int32())
    lists = _numpy_column(pa, pa.chunked_array([pa.array([[1], [2, 3]], kind), pa.array([], kind)]), False)
    assert (lists.indptr.tolist(), lists.values.tolist()) == ([0, 1, 3], [1, 2, 3])
    lists = _numpy_column(pa, pa.chunked_array([pa.array([[1]], kind), pa.array([[], [2, 3]], kind)]), False)
    assert (lists.indptr.tolist(), lists.values.tolist()) == ([0, 1, 1, 3], [1, 2, 3])
    ids = pa.chunked_array([pa.array(["a", "bb"]), pa.array([], pa.string()), pa.array(["é"])])
    read = _numpy_column(pa, ids, True)
    assert read.dtype == ID_DTYPE
    assert list(read) == ["a", "bb", "é"]
    assert len(_numpy_column(pa, pa.chunked_array([], pa.string()), True)) == 0


@pytest.mark.parametrize("huge_pages", [True, False])
def test_huge_pages_are_off_while_reading_then_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, huge_pages: bool
) -> None:
    import importlib

    from afnor_ctin.io import parquet

    switch = importlib.import_module("numpy._core.multiarray")._set_madvise_hugepage
    folder = write_parquet(worked_example(), tmp_path / "jeu")
    during: list[bool] = []
    real = parquet._read_files

    def recording(*args: object, **kwargs: object) -> None:
        current = switch(False)  # reading the switch sets it: put it back at once
        switch(current)
        during.append(current)
        real(*args, **kwargs)  # type: ignore[arg-type]

    previous = switch(huge_pages)
    try:
        monkeypatch.setattr(parquet, "_read_files", recording)
        assert read_parquet(folder).counts() == worked_example().counts()
        assert during == [False]
        now = switch(huge_pages)
        assert now is huge_pages

        def failing(*_args: object, **_kwargs: object) -> None:
            raise OSError("disque illisible")

        monkeypatch.setattr(parquet, "_read_files", failing)
        with pytest.raises(OSError, match="disque illisible"):
            read_parquet(folder)
        now = switch(huge_pages)
        assert now is huge_pages
    finally:
        switch(previous)


def test_ids_are_converted_on_first_use_and_evaluating_needs_none(tmp_path: Path) -> None:
    from afnor_ctin.columns import ID_DTYPE, DeferredIds
    from afnor_ctin.evaluate import evaluate, evaluate_territories
    from afnor_ctin.period import Period

    ds = worked_example()
    write_parquet(ds, tmp_path)
    back = read_parquet(tmp_path)
    names = ("actors", "places", "mediators", "actions", "beneficiaries", "fundings")
    tables = {name: getattr(back.columns, name) for name in names}
    assert all(isinstance(t._ids, DeferredIds) and not t._ids.converted for t in tables.values())
    assert [len(t) for t in tables.values()] == [len(getattr(ds.columns, name)) for name in names]
    period = Period.year(2024)
    assert evaluate(back, period).to_dict() == evaluate(ds, period).to_dict()
    assert evaluate_territories(back, period, [back.territory])[back.territory.code].to_dict() == (
        evaluate(ds, period).to_dict()
    )
    assert not any(t._ids.converted for t in tables.values())
    ids = back.columns.actions.ids
    assert ids.dtype == ID_DTYPE
    assert not ids.flags.writeable
    assert list(ids) == [a.id for a in ds.actions]
    assert back.columns.actions.ids is ids
    assert tables["actions"]._ids.converted
    assert not tables["beneficiaries"]._ids.converted
    assert back.beneficiaries == ds.beneficiaries
