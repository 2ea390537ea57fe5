"""Round trips through the three native formats: CSV folder, XLSX workbook, JSON document."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from native_helpers import assert_accounted, assert_same

from afnor_ctin.dataset import Dataset
from afnor_ctin.io.convert import structure_record, unstructure_record
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.io.schema import FILES, JSON_FORMAT, JSON_VERSION, SCHEMAS
from afnor_ctin.testing.examples import worked_example
from afnor_ctin.testing.strategies import datasets

FORMATS = ["jeu", "jeu.xlsx", "jeu.json"]


@pytest.mark.parametrize("name", FORMATS)
def test_worked_example_round_trip(tmp_path: Path, name: str) -> None:
    ds = worked_example()
    write_dataset(ds, tmp_path / name)
    back, report = read_dataset(tmp_path / name)
    assert report.ok
    assert not report.warnings
    assert_same(ds, back)
    assert_accounted(back, report)


def _with_formula_names(ds: Dataset) -> Dataset:
    actors = list(ds.actors)
    actors[0] = attrs.evolve(actors[0], name='=HYPERLINK("http://x")')
    actors[1] = attrs.evolve(actors[1], name="'=déjà échappé")
    actors[2] = attrs.evolve(actors[2], name="@accueil\tbis")
    places = [attrs.evolve(ds.places[0], name="-1 (permanence)"), *ds.places[1:]]
    return ds.replace(actors=actors, places=places)


@pytest.mark.parametrize("name", FORMATS)
def test_formula_like_names_survive(tmp_path: Path, name: str) -> None:
    ds = _with_formula_names(worked_example())
    write_dataset(ds, tmp_path / name)
    back, report = read_dataset(tmp_path / name)
    assert report.ok
    assert_same(ds, back)


def test_formula_like_names_are_escaped_in_csv(tmp_path: Path) -> None:
    write_dataset(_with_formula_names(worked_example()), tmp_path / "jeu")
    with (tmp_path / "jeu" / "acteurs.csv").open(encoding="utf-8", newline="") as fh:
        names = [row[1] for row in csv.reader(fh)][1:]
    assert names[:3] == ['\'=HYPERLINK("http://x")', "''=déjà échappé", "'@accueil\tbis"]
    with (tmp_path / "jeu" / "lieux.csv").open(encoding="utf-8", newline="") as fh:
        assert [row[2] for row in csv.reader(fh)][1] == "'-1 (permanence)"


def test_formula_like_names_are_text_in_xlsx(tmp_path: Path) -> None:
    write_dataset(_with_formula_names(worked_example()), tmp_path / "jeu.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "jeu.xlsx")
    sheet = workbook["acteurs"]
    assert sheet["B2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["B2"].data_type == "s"
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert workbook.sheetnames == [f.name for f in FILES]


def test_csv_output_follows_the_format(tmp_path: Path) -> None:
    write_dataset(worked_example(), tmp_path / "jeu")
    assert sorted(p.name for p in (tmp_path / "jeu").iterdir()) == sorted(f.filename for f in FILES)
    raw = (tmp_path / "jeu" / "mediateurs.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    header, first = raw.decode("utf-8").splitlines()[:2]
    assert header.split(",") == list(SCHEMAS["mediateurs"].column_names)
    assert first == "M1,ACT1,conseiller_numerique,2021-06-01,,1.0,PL1,ccp1"


def test_json_document_is_versioned(tmp_path: Path) -> None:
    write_dataset(worked_example(), tmp_path / "jeu.json")
    document = json.loads((tmp_path / "jeu.json").read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == (JSON_FORMAT, JSON_VERSION)
    assert document["territoire"]["code"] == "EX001"
    assert document["mediateurs"][0]["lieu_ids"] == ["PL1"]


def test_converter_round_trip() -> None:
    ds = worked_example()
    for records in (ds.actors, ds.places, ds.mediators, ds.actions, ds.fundings, ds.territory.communes):
        for record in records:
            assert structure_record(unstructure_record(record), type(record)) == record


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], max_examples=10, deadline=None)
@given(ds=datasets())
def test_generated_datasets_round_trip_through_every_format(ds: Dataset) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in FORMATS:
            target = Path(tmp) / name
            write_dataset(ds, target)
            back, report = read_dataset(target)
            assert report.ok, report.issues
            assert_same(ds, back)
            assert_accounted(back, report)
