"""A territory fills the XLSX template and reads it back."""

import openpyxl

from afnor_ctin import read_dataset
from afnor_ctin.io.template import write_template


def test_template_with_only_the_territory_row_uses_the_reference_communes(tmp_path):
    path = tmp_path / "modele.xlsx"
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    workbook["territoire"].append(["241700434", "CA de La Rochelle", "epci", None])
    workbook.save(path)

    dataset, report = read_dataset(path)

    assert report.errors == ()
    assert len(dataset.territory.communes) == 28
    assert sorted(q.name for q in dataset.territory.qpvs) == ["Mireuil", "Port-Neuf", "Villeneuve-Les-Salines"]


def test_template_with_an_action_row(tmp_path):
    path = tmp_path / "modele.xlsx"
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    workbook["territoire"].append(["241700434", "CA de La Rochelle", "epci", None])
    workbook["acteurs"].append(["ACT1", "CCAS de La Rochelle", "CCAS"])
    header = [c.value for c in workbook["actions"][1]]
    row = dict.fromkeys(header)
    row.update(
        id="A1", type="Atelier collectif", date="12/03/2024", acteur_id="ACT1", code_insee="17300", participants=4
    )
    workbook["actions"].append([row[h] for h in header])
    workbook.save(path)

    dataset, report = read_dataset(path)

    assert report.errors == ()
    assert dataset.action("A1").participants == 4
    assert dataset.action("A1").date.isoformat() == "2024-03-12"
