"""The empty XLSX workbook of the native format, ready to be filled in.

One sheet per file of :mod:`afnor_ctin.io.schema` with its header row, a first « Instructions » sheet
describing each file and column (from the schema's French descriptions and, for the columns that
refer to another file, the entities of :mod:`afnor_ctin.entities`), and drop-down lists
(data validation) on every enumerated column, the lists living on a hidden « listes » sheet.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from afnor_ctin.io.atomic import atomic_path
from afnor_ctin.io.schema import FILES, ColumnSchema
from afnor_ctin.model.enums import LabelledEnum

__all__ = ["LISTS_SHEET", "write_template"]

#: Name of the hidden sheet holding the drop-down lists.
LISTS_SHEET = "listes"

#: Number of rows the drop-down lists are attached to on every sheet.
_ROWS = 5000

_TYPES = {
    "str": "texte",
    "int": "entier ≥ 0",
    "dec": "nombre décimal ≥ 0",
    "date": "date AAAA-MM-JJ",
    "bool": "oui / non",
    "enum": "valeur de la liste",
    "id": "identifiant",
}


def _type_label(column: ColumnSchema, targets: Mapping[str, str]) -> str:
    base = _TYPES.get(column.base_type, column.base_type)
    if column.name in targets:
        base += f" d'un enregistrement de {targets[column.name]}.csv"
    return f"{base} (plusieurs valeurs séparées par « | »)" if column.multi else base


def _choices(column: ColumnSchema) -> list[str]:
    """The values proposed by the drop-down list of ``column`` (none for free columns)."""
    enum: type[LabelledEnum] | None = column.enum
    if enum is not None:
        return [str(member.value) for member in enum.__members__.values()]
    return ["oui", "non"] if column.base_type == "bool" else []


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def write_template(path: Path, *, overwrite: bool = False) -> None:
    """Write the empty native-format workbook to ``path`` (``.xlsx``), atomically.

    Parameters
    ----------
    path:
        Destination file; its parent folder must exist.
    overwrite:
        Replace ``path`` when it exists.

    Raises
    ------
    afnor_ctin.io.atomic.OverwriteError
        When ``path`` exists and ``overwrite`` is false.
    afnor_ctin.io.atomic.WriteError
        When the file cannot be written (the previous file is intact).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDDDF5")
    info = wb.active
    info.title = "Instructions"
    info.append(["Jeu de données CTIN au format natif — modèle à remplir"])
    info["A1"].font = Font(bold=True, size=14)
    info.append(
        [
            "Une feuille par fichier ; la première ligne de chaque feuille est l'en-tête (ne pas la modifier). "
            "Les colonnes marquées « oui » sont obligatoires. Les colonnes à liste proposent leurs valeurs dans "
            "une liste déroulante (le libellé français est aussi accepté). Ne saisissez aucune donnée "
            "personnelle (nom, téléphone, courriel, notes) : les bénéficiaires et les médiateurs sont désignés "
            "par des identifiants pseudonymes."
        ]
    )
    info.append([])
    info.append(["Feuille", "Colonne", "Obligatoire", "Type", "Description"])
    for cell in info[4]:
        cell.font = bold
        cell.fill = head_fill
    lists = wb.create_sheet(LISTS_SHEET)
    list_column = 0
    ranges: dict[str, str] = {}
    for schema in FILES:
        info.append([schema.name, "", "oui" if schema.required else "non", "", schema.description])
        info.cell(row=info.max_row, column=1).font = bold
        sheet = wb.create_sheet(schema.name)
        targets = {ref.column: ref.target for ref in schema.entity.references} if schema.entity else {}
        sheet.append(list(schema.column_names))
        for index, column in enumerate(schema.columns, start=1):
            head = sheet.cell(row=1, column=index)
            head.font = bold
            head.fill = head_fill
            sheet.column_dimensions[_letter(index)].width = max(12, len(column.name) + 4)
            info.append(
                ["", column.name, "oui" if column.required else "non", _type_label(column, targets), column.description]
            )
            values = _choices(column)
            if not values:
                continue
            key = column.enum.__name__ if column.enum is not None else "bool"
            if key not in ranges:
                list_column += 1
                letter = _letter(list_column)
                lists.cell(row=1, column=list_column, value=key)
                for row, value in enumerate(values, start=2):
                    lists.cell(row=row, column=list_column, value=value)
                ranges[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
            validation = DataValidation(type="list", formula1=f"={ranges[key]}", allow_blank=True)
            if column.multi:
                # several values may be typed, separated by « | »: the list only proposes values
                validation.showErrorMessage = False
            else:
                validation.errorTitle = "Valeur inconnue"
                validation.error = f"Choisissez une valeur de la liste pour la colonne « {column.name} »."
            validation.promptTitle = column.name
            validation.prompt = column.description[:250]
            validation.showInputMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{_letter(index)}2:{_letter(index)}{_ROWS}")
        sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    wb.move_sheet(lists, offset=len(wb.sheetnames) - 1 - wb.index(lists))
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 24
    info.column_dimensions["C"].width = 12
    info.column_dimensions["D"].width = 30
    info.column_dimensions["E"].width = 100
    for row in info.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic_path(path, overwrite=overwrite) as temporary:
        wb.save(temporary)
