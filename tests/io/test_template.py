"""The XLSX template as a coordinator fills it: pre-filled territory, text codes, labels, lists, checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from afnor_ctin import read_dataset
from afnor_ctin.errors import UnknownCodeError
from afnor_ctin.io.schema import FILES, SCHEMAS
from afnor_ctin.io.template import TEMPLATE_ROWS, write_template
from afnor_ctin.model.enums import ActionType, ActorType, Thematique


def _validation(sheet: Any, column: str) -> Any:
    """The data validation of ``column`` of ``sheet`` (by header name)."""
    header = [c.value for c in sheet[1]]
    letter = openpyxl.utils.get_column_letter(header.index(column) + 1)
    found = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2:")]
    assert len(found) == 1, column
    return found[0]


def _choices(workbook: Any, sheet: Any, column: str) -> list[str]:
    """What the drop-down of ``column`` offers, read from the range its validation names."""
    formula = _validation(sheet, column).formula1.lstrip("=")
    title, cells = formula.split("!")
    return [c.value for (c,) in workbook[title][cells.replace("$", "")]]


def _row(sheet: Any, **values: object) -> list[object]:
    header = [c.value for c in sheet[1]]
    return [values.get(h) for h in header]


def test_a_coordinator_fills_the_template_and_reads_it_back_without_any_issue(tmp_path: Path) -> None:
    path = tmp_path / "modele.xlsx"
    write_template(path, territory="01")
    wb = openpyxl.load_workbook(path)
    assert wb["territoire"]["A2"].value == "01"
    communes = {row[0]: row for row in wb["communes"].iter_rows(min_row=2, values_only=True)}
    assert communes["01173"][1:3] == ("Gex", 13627)

    acteurs, actions = wb["acteurs"], wb["actions"]
    actor_type = next(label for label in _choices(wb, acteurs, "type") if label == ActorType.CCAS.label)
    atelier = _choices(wb, actions, "type")[list(ActionType).index(ActionType.ATELIER_COLLECTIF)]
    themes = [Thematique.DIAGNOSTIC_NUMERIQUE.label, Thematique.PRENDRE_EN_MAIN_DU_MATERIEL.label]
    # A code typed into a text-formatted column stays text: « 01173 », not the number 1173.
    code_column = [c.value for c in actions[1]].index("code_insee") + 1
    assert actions.column_dimensions[openpyxl.utils.get_column_letter(code_column)].number_format == "@"
    acteurs.append(_row(acteurs, id="ACT8", nom="CCAS de Gex", type=actor_type, code_insee="01173"))
    actions.append(
        _row(
            actions,
            id="A1",
            type=atelier,
            date=dt.datetime(2024, 3, 12),  # a date typed in a cell is stored as a date
            acteur_id="ACT8",
            code_insee="01173",
            participants=4,
            thematiques=" | ".join(themes),
        )
    )
    wb.save(path)

    dataset, report = read_dataset(path)

    assert report.issues == ()
    assert report.loaded == 1 + 391 + 7 + 2
    action = dataset.action("A1")
    assert (action.type, action.code_insee, action.date) == (
        ActionType.ATELIER_COLLECTIF,
        "01173",
        dt.date(2024, 3, 12),
    )
    assert action.thematiques == (Thematique.DIAGNOSTIC_NUMERIQUE, Thematique.PRENDRE_EN_MAIN_DU_MATERIEL)


def test_the_example_rows_of_the_instructions_read_back_without_any_issue(tmp_path: Path) -> None:
    path = tmp_path / "modele.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    shown: dict[str, list[object]] = {}
    sheet = None
    for name, column, _required, _type, _description, example in wb["Instructions"].iter_rows(values_only=True):
        if name in SCHEMAS and column in ("", None):
            sheet = name
            shown[sheet] = []
        elif sheet is not None and column:
            shown[sheet].append(example or None)
    assert set(shown) == {f.name for f in FILES}
    for name, row in shown.items():
        assert len(row) == len(SCHEMAS[name].columns)
        wb[name].append(row)
    wb.save(path)

    dataset, report = read_dataset(path)

    assert report.issues == ()
    assert all(n == 1 for n in dataset.counts().values() if n), dataset.counts()
    assert dataset.action("A1").channel.value == "lieu_activite"


def test_the_lists_and_checks_cover_fifty_thousand_rows_with_french_labels(tmp_path: Path) -> None:
    path = tmp_path / "modele.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb["listes"].sheet_state == "hidden"
    headers = [c.value for c in wb["listes"][1]]
    assert "Type d'action" in headers
    assert "Financeur" in headers
    assert not any(h in ("ActionType", "AgeBand", "Funder", "bool") for h in headers)
    for schema in FILES:
        sheet = wb[schema.name]
        for column in schema.columns:
            if column.enum is None and column.base_type != "bool" and not column.multi:
                continue
            validation = _validation(sheet, column.name)
            assert str(validation.sqref).endswith(f"{TEMPLATE_ROWS}")
            assert TEMPLATE_ROWS - 1 >= 50_000
            if column.multi:
                assert "|" in validation.prompt
            if column.multi and column.enum is not None:
                # each value separated by « | » is looked up in the list of labels
                assert validation.type == "custom"
                assert "FIND" in validation.formula1
            elif column.enum is not None:
                assert validation.type == "list"
                labels = _choices(wb, sheet, column.name)
                assert labels == [m.label for m in column.enum]


def test_required_columns_are_marked_and_explained(tmp_path: Path) -> None:
    path = tmp_path / "modele.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    fills = {}
    for schema in FILES:
        for cell, column in zip(wb[schema.name][1], schema.columns, strict=True):
            fills.setdefault(column.required, set()).add(cell.fill.fgColor.rgb)
            assert cell.comment is not None
            assert cell.comment.text.startswith("Obligatoire" if column.required else "Facultatif")
    assert len(fills[True]) == 1
    assert fills[True].isdisjoint(fills[False])
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "obligatoire" in text
    assert "« | »" in text
    assert "01173" in text


def test_an_unknown_territory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownCodeError, match="999999999"):
        write_template(tmp_path / "modele.xlsx", territory="999999999")
    assert list(tmp_path.iterdir()) == []
