"""The worked example is shipped as native-format files, written as the library writes them."""

from importlib import resources
from pathlib import Path

from afnor_ctin.io.native import write_dataset
from afnor_ctin.testing.examples import worked_example, worked_example_territory

FILES = resources.files("afnor_ctin.testing").joinpath("worked-example")


def test_the_shipped_files_are_what_the_writer_writes_for_the_example(tmp_path: Path) -> None:
    write_dataset(worked_example(), tmp_path)
    shipped = {f.name: f.read_text(encoding="utf-8") for f in FILES.iterdir() if f.name.endswith(".csv")}
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv")}
    assert shipped == written


def test_the_example_has_the_records_of_the_specification() -> None:
    ds = worked_example()
    assert ds.counts() == {
        "acteurs": 3,
        "lieux": 4,
        "mediateurs": 4,
        "actions": 12,
        "beneficiaires": 5,
        "participations": 7,
        "financements": 4,
    }
    assert worked_example_territory() == ds.territory
    assert [c.code_insee for c in ds.territory.communes] == ["99001", "99002", "99003"]
