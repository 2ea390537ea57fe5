"""The XLSX workbook of the native format, ready to be filled in by a person with a spreadsheet program.

One sheet per file of :mod:`afnor_ctin.io.schema` with its header row (required columns in orange,
optional ones in blue), a first « Instructions » sheet describing each file and column in French
(type, required or not, description, an example value: the examples of a sheet form one example
row), and drop-down lists of French labels on every enumerated column (the reader maps labels back
to codes), the lists living on a hidden « listes » sheet with French headers. Code and identifier
columns are formatted as text, so that ``01173`` stays ``01173``. Multi-valued columns take values
separated by « | », each value checked against its list.

With a territory (:func:`write_template` ``territory=``: an EPCI SIREN or a département code), the
``territoire``, ``communes`` and ``qpv`` sheets are pre-filled from the bundled reference data.

The sheets « Instructions » and « listes » are known to the reader, which skips them without a word.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from afnor_ctin.errors import InvalidInputError, UnknownCodeError
from afnor_ctin.io.atomic import atomic_path
from afnor_ctin.io.schema import FILES, INSTRUCTIONS_SHEET, LISTS_SHEET, ColumnSchema, FileSchema
from afnor_ctin.model.enums import LabelledEnum
from afnor_ctin.model.records import Territory

__all__ = ["INSTRUCTIONS_SHEET", "LISTS_SHEET", "TEMPLATE_ROWS", "template_territory", "write_template"]

#: Last row of every sheet that the drop-down lists, checks and text format cover (50,000 data rows).
TEMPLATE_ROWS = 50_001

#: Separator of the values of a multi-valued cell.
SEPARATOR = "|"

_TYPES = {
    "str": "texte",
    "int": "entier ≥ 0",
    "dec": "nombre décimal ≥ 0 (virgule ou point)",
    "date": "date JJ/MM/AAAA ou AAAA-MM-JJ",
    "bool": "oui / non (liste)",
    "enum": "valeur de la liste",
    "id": "identifiant (texte)",
}
_REQUIRED_FILL = "F8CBAD"
_OPTIONAL_FILL = "DDEBF7"
_GUIDE = (
    "Une feuille par fichier ; la première ligne de chaque feuille est l'en-tête : ne la modifiez pas.",
    "En-tête orange = colonne obligatoire (à remplir sur chaque ligne) ; en-tête bleu = colonne facultative. "
    "Le tableau ci-dessous le redit dans la colonne « Obligatoire ».",
    "Listes déroulantes : choisissez le libellé proposé (le code, par exemple « atelier_collectif », est aussi "
    "accepté).",
    "Plusieurs valeurs dans une cellule (colonnes « plusieurs valeurs ») : séparez-les par une barre verticale "
    "« | » (AltGr + 6 sur un clavier français), par exemple « Diagnostic numérique | Prendre en main du "
    "matériel » ; chaque valeur est contrôlée.",
    "Codes et identifiants (SIREN, code INSEE, SIRET, identifiants) : les cellules sont au format texte, tapez "
    "« 01173 » tel quel, le zéro initial est conservé.",
    "Dates : JJ/MM/AAAA (12/03/2024) ou AAAA-MM-JJ.",
    "Ne saisissez aucune donnée personnelle (nom, téléphone, courriel, notes) : les bénéficiaires et les "
    "médiateurs sont désignés par des identifiants pseudonymes.",
    "La colonne « Exemple » donne, feuille par feuille, une ligne d'exemple complète.",
)


def template_territory(code: str) -> Territory:
    """The territory of code ``code`` from the bundled reference data: an EPCI (SIREN) or a département.

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When ``code`` is neither an EPCI SIREN nor a département code of the reference data.
    """
    text = code.strip()
    try:
        if len(text) == 9 and text.isdigit():
            return Territory.from_epci(text)
        return Territory.from_departement(text)
    except UnknownCodeError:
        raise UnknownCodeError(
            f"territoire « {code} » inconnu : SIREN d'un EPCI (9 chiffres) ou code de département attendu"
        ) from None


def _type_label(column: ColumnSchema, targets: Mapping[str, str]) -> str:
    base = _TYPES.get(column.base_type, column.base_type)
    if column.name in targets:
        base += f" d'une ligne de la feuille {targets[column.name]}"
    return f"{base} ; plusieurs valeurs séparées par « | »" if column.multi else base


def _labels(column: ColumnSchema) -> list[str]:
    """The French labels proposed for ``column`` (none for free columns)."""
    enum: type[LabelledEnum] | None = column.enum
    if enum is not None:
        return [member.label for member in enum]
    return ["oui", "non"] if column.base_type == "bool" else []


def _list_title(column: ColumnSchema) -> str:
    title = column.enum.__doc_label__ if column.enum is not None else "oui / non"
    return title[:1].upper() + title[1:]


def _shown(column: ColumnSchema, value: str) -> str:
    """An example value as a person types it: labels for enumerations, « | » with spaces between values."""
    enum = column.enum
    parts = value.split(SEPARATOR) if column.multi else [value]
    if enum is not None:
        parts = [member.label if (member := enum.lookup(p)) is not None else p for p in parts]
    return f" {SEPARATOR} ".join(parts)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _prefill(territory: Territory) -> dict[str, list[list[Any]]]:
    """The rows of the territory sheets for ``territory``."""
    return {
        "territoire": [[territory.code, territory.name, territory.level.label, None]],
        "communes": [[c.code_insee, c.name, c.population, c.population_year, c.ifn_score] for c in territory.communes],
        "qpv": [[q.code, q.name, q.code_insee, q.population] for q in territory.qpvs],
    }


class _Lists:
    """The hidden sheet of drop-down lists: one column per list, French header."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.ranges: dict[str, str] = {}

    def range_of(self, column: ColumnSchema) -> str:
        key = column.enum.__name__ if column.enum is not None else "bool"
        if key not in self.ranges:
            index = len(self.ranges) + 1
            letter = _letter(index)
            labels = _labels(column)
            self.sheet.cell(row=1, column=index, value=_list_title(column))
            for row, label in enumerate(labels, start=2):
                self.sheet.cell(row=row, column=index, value=label)
            self.ranges[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(labels) + 1}"
        return self.ranges[key]


def _validation(column: ColumnSchema, letter: str, lists: _Lists) -> Any:
    """The data validation of ``column`` (its cells from row 2), or ``None`` for a free column."""
    from openpyxl.worksheet.datavalidation import DataValidation

    how = f"Plusieurs valeurs : séparez-les par « {SEPARATOR} ». " if column.multi else ""
    prompt = (how + column.description)[:250]
    if not _labels(column):
        if not column.multi:
            return None
        validation = DataValidation(allow_blank=True)
    elif column.multi:
        cell = f"{letter}2"
        items = f'SUBSTITUTE(SUBSTITUTE(TRIM({cell})," {SEPARATOR}","{SEPARATOR}"),"{SEPARATOR} ","{SEPARATOR}")'
        found = f'SUMPRODUCT(--ISNUMBER(FIND("{SEPARATOR}"&{lists.range_of(column)}&"{SEPARATOR}",'
        found += f'"{SEPARATOR}"&{items}&"{SEPARATOR}")))'
        count = f'LEN({cell})-LEN(SUBSTITUTE({cell},"{SEPARATOR}",""))+1'
        validation = DataValidation(type="custom", formula1=f"{found}={count}", allow_blank=True)
        validation.errorTitle = "Valeur inconnue"
        validation.error = (
            f"Chaque valeur de la colonne « {column.name} » doit figurer dans sa liste (feuille Instructions) ; "
            f"séparez les valeurs par « {SEPARATOR} »."
        )
        validation.showErrorMessage = True
    else:
        validation = DataValidation(type="list", formula1=f"={lists.range_of(column)}", allow_blank=True)
        validation.errorTitle = "Valeur inconnue"
        validation.error = f"Choisissez une valeur de la liste pour la colonne « {column.name} »."
        validation.showErrorMessage = True
    validation.promptTitle = column.name[:32]
    validation.prompt = prompt
    validation.showInputMessage = True
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    return validation


def _data_sheet(wb: Any, schema: FileSchema, lists: _Lists, rows: list[list[Any]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    sheet = wb.create_sheet(schema.name)
    sheet.append(list(schema.column_names))
    for index, column in enumerate(schema.columns, start=1):
        letter = _letter(index)
        head = sheet.cell(row=1, column=index)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor=_REQUIRED_FILL if column.required else _OPTIONAL_FILL)
        head.comment = Comment(
            ("Obligatoire. " if column.required else "Facultatif. ") + column.description, "afnor-ctin"
        )
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(14, len(column.name) + 4)
        if column.is_text:
            dimension.number_format = "@"
        validation = _validation(column, letter, lists)
        if validation is not None:
            sheet.add_data_validation(validation)
    for values in rows:
        sheet.append(values)
        for cell, column in zip(sheet[sheet.max_row], schema.columns, strict=False):
            if column.is_text:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"


def _instructions(sheet: Any, territory: Territory | None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    sheet.append(["Jeu de données CTIN au format natif — modèle à remplir"])
    sheet["A1"].font = Font(bold=True, size=14)
    if territory is not None:
        sheet.append(
            [
                f"Territoire : {territory.name} ({territory.code}) — feuilles territoire, communes et qpv "
                f"pré-remplies d'après le référentiel intégré ({len(territory.communes)} communes)."
            ]
        )
    for text in _GUIDE:
        sheet.append([text])
    sheet.append([])
    sheet.append(["Feuille", "Colonne", "Obligatoire", "Type", "Description", "Exemple"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
        cell.fill = head_fill
    for schema in FILES:
        sheet.append([schema.name, "", "oui" if schema.required else "non", "", schema.description, ""])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        targets = {ref.column: ref.target for ref in schema.entity.references} if schema.entity else {}
        examples = schema.example or ("",) * len(schema.columns)
        for column, example in zip(schema.columns, examples, strict=True):
            sheet.append(
                [
                    "",
                    column.name,
                    "oui" if column.required else "non",
                    _type_label(column, targets),
                    column.description,
                    _shown(column, example) if example else "",
                ]
            )
            if column.required:
                sheet.cell(row=sheet.max_row, column=3).fill = PatternFill("solid", fgColor=_REQUIRED_FILL)
            sheet.cell(row=sheet.max_row, column=6).number_format = "@"
    for letter, width in zip("ABCDEF", (16, 24, 12, 34, 80, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_template(path: Path, *, territory: str | Territory | None = None, overwrite: bool = False) -> None:
    """Write the native-format workbook to ``path`` (``.xlsx``), empty or pre-filled for a territory, atomically.

    Parameters
    ----------
    path:
        Destination file; its parent folder must exist.
    territory:
        An EPCI SIREN or a département code (see :func:`template_territory`), or a
        :class:`~afnor_ctin.model.records.Territory`: the ``territoire``, ``communes`` and ``qpv``
        sheets are then pre-filled (codes, names, populations).
    overwrite:
        Replace ``path`` when it exists.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When ``path`` does not end in ``.xlsx`` or its folder does not exist.
    afnor_ctin.errors.UnknownCodeError
        When ``territory`` is a code unknown to the reference data.
    afnor_ctin.io.atomic.OverwriteError
        When ``path`` exists and ``overwrite`` is false.
    afnor_ctin.io.atomic.WriteError
        When the file cannot be written (the previous file is intact).
    """
    from openpyxl import Workbook

    if path.suffix.lower() != ".xlsx":
        raise InvalidInputError(f"le modèle est un classeur : nom de fichier en .xlsx attendu (reçu « {path.name} »)")
    if not path.parent.is_dir():
        raise InvalidInputError(f"dossier de sortie introuvable : « {path.parent} »")

    place = template_territory(territory) if isinstance(territory, str) else territory
    rows = _prefill(place) if place is not None else {}
    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    _instructions(info, place)
    lists = _Lists(wb.create_sheet(LISTS_SHEET))
    for schema in FILES:
        _data_sheet(wb, schema, lists, rows.get(schema.name, []))
    lists.sheet.sheet_state = "hidden"
    wb.move_sheet(lists.sheet, offset=len(wb.sheetnames) - 1 - wb.index(lists.sheet))
    with atomic_path(path, overwrite=overwrite) as temporary:
        wb.save(temporary)
