"""Writers of the native format: CSV folder, XLSX workbook, JSON document.

All three take their rows from :func:`table_rows`, which goes through the cattrs converter of
:mod:`afnor_ctin.io.convert`, so that column names and value spellings have one source.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.io._xlsx import escape_xstring
from afnor_ctin.io.convert import unstructure_record
from afnor_ctin.io.schema import FILES, JSON_FORMAT, JSON_VERSION, FileSchema, escape_formula

__all__ = ["table_rows", "write_csv_folder", "write_json", "write_xlsx"]


def _records(dataset: Dataset, schema: FileSchema) -> tuple[Any, ...]:
    territory = dataset.territory
    if schema.entity is not None:
        records: tuple[Any, ...] = getattr(dataset, schema.entity.attribute)
        return records
    if schema.name == "territoire":
        return (territory,)
    return territory.communes if schema.name == "communes" else territory.qpvs


def table_rows(dataset: Dataset, schema: FileSchema) -> Iterator[dict[str, Any]]:
    """The rows of one file: dictionaries keyed by column name (JSON-ready values)."""
    for record in _records(dataset, schema):
        yield unstructure_record(record)


def _cell(schema: FileSchema, column: str, value: Any, multi: bool, text: bool) -> Any:
    """A spreadsheet cell: ``None``, a number, or a (formula-safe) string."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return value
    if multi:
        for item in value:
            if "|" in item:
                raise InvalidInputError(
                    f"{schema.filename}, colonne « {column} » : la valeur « {item} » contient « | », "
                    "le séparateur des valeurs multiples"
                )
        value = "|".join(value)
    return escape_formula(value) if text else value


def _spreadsheet_rows(dataset: Dataset, schema: FileSchema) -> Iterator[list[Any]]:
    columns = [(c.name, c.multi, c.is_text) for c in schema.columns]
    for row in table_rows(dataset, schema):
        yield [_cell(schema, name, row.get(name), multi, text) for name, multi, text in columns]


def write_csv_folder(dataset: Dataset, folder: Path) -> None:
    """Write one UTF-8 CSV file per file of the format into ``folder`` (created if needed)."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError(f"« {folder} » existe et n'est pas un dossier")
    folder.mkdir(parents=True, exist_ok=True)
    for schema in FILES:
        with (folder / schema.filename).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=",", quotechar='"', lineterminator="\r\n")
            writer.writerow(schema.column_names)
            for cells in _spreadsheet_rows(dataset, schema):
                writer.writerow(["" if c is None else (repr(c) if isinstance(c, float) else c) for c in cells])


def write_xlsx(dataset: Dataset, path: Path) -> None:
    """Write a workbook with one sheet per file; the header row is bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for schema in FILES:
        sheet = workbook.create_sheet(schema.name)
        sheet.freeze_panes = "A2"
        header = []
        for name in schema.column_names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        dates = {c.name for c in schema.columns if c.type == "date"}
        for line, cells in enumerate(_spreadsheet_rows(dataset, schema), start=2):
            for name, value in zip(schema.column_names, cells, strict=True):
                if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                    raise InvalidInputError(
                        f"{schema.name}, ligne {line}, colonne « {name} » : caractère de contrôle impossible "
                        "à écrire dans un classeur XLSX"
                    )
            sheet.append(
                [
                    dt.date.fromisoformat(v)
                    if name in dates and isinstance(v, str)
                    else (escape_xstring(v) if isinstance(v, str) else v)
                    for name, v in zip(schema.column_names, cells, strict=True)
                ]
            )
    workbook.save(path)


def write_json(dataset: Dataset, path: Path) -> None:
    """Write the versioned JSON document: ``format``, ``version``, the territory and every collection."""
    document: dict[str, Any] = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "description": "Jeu de données CTIN (format natif afnor-ctin) : mêmes colonnes que les fichiers CSV.",
    }
    for schema in FILES:
        rows = list(table_rows(dataset, schema))
        document[schema.name] = rows[0] if schema.name == "territoire" else rows
    with path.open("w", encoding="utf-8") as fh:
        json.dump(document, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
