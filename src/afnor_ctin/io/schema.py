"""The native CTIN dataset format, as data.

One :class:`FileSchema` per file of the format (``territoire.csv``, ``communes.csv`` …), each with its
:class:`ColumnSchema` columns: French column name, type, required flag, enumeration, French
description, example value and the record attribute the column maps to. The tables are data: they
are read from the bundled file ``afnor_ctin/data/format-natif.toml`` (:data:`FORMAT_FILE`) when the
module is imported. The readers, the writers, the XLSX template and the generated documentation all
read these tables; nothing else spells a column name.

Types (as in the format specification): ``str``, ``int`` (integer ≥ 0), ``dec`` (decimal ≥ 0),
``date``, ``bool``, ``enum``, ``enum|`` (multi-valued), ``id``, ``id|`` and ``str|``.

Formula injection
-----------------
Spreadsheet programs run a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula. The writers therefore prefix such a text cell with one apostrophe ``'`` (and
also a text that already starts with an apostrophe, so that the rule can be reversed); the readers
of CSV files and XLSX workbooks remove one leading apostrophe when it is followed by one of those
characters or by another apostrophe. Numbers, dates and JSON values are never escaped.

>>> escape_formula("=SOMME(A1:A3)"), unescape_formula("'=SOMME(A1:A3)")
("'=SOMME(A1:A3)", '=SOMME(A1:A3)')
>>> all(unescape_formula(escape_formula(t)) == t for t in ["-1", "'a", "''=", "Alpha", ""])
True
>>> SCHEMAS["actions"].column("duree_min").attribute
'duration_min'
"""

from __future__ import annotations

import builtins
import tomllib
import typing
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any, Literal

import attrs

from afnor_ctin.entities import ENTITY, Entity
from afnor_ctin.model import enums
from afnor_ctin.model.enums import LabelledEnum

__all__ = [
    "COMPANION_FILES",
    "FILES",
    "FORMAT_FILE",
    "FORMULA_TRIGGERS",
    "INSTRUCTIONS_SHEET",
    "JSON_FORMAT",
    "JSON_VERSION",
    "LISTS_SHEET",
    "PERSONAL_COLUMNS",
    "PROBLEMS_FILE_NAME",
    "SCHEMAS",
    "SIDE_FILE_NAMES",
    "TEMPLATE_SHEETS",
    "ColumnSchema",
    "ColumnType",
    "FileSchema",
    "escape_formula",
    "is_personal_column",
    "unescape_formula",
]

#: The column types of the format.
ColumnType = Literal["str", "int", "dec", "date", "bool", "enum", "enum|", "id", "id|", "str|"]

#: Value formats checked on some text columns: INSEE commune code, QPV code, SIRET/RNA number.
ValueFormat = Literal["insee", "qpv", "siret"]

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_TRIGGERS: frozenset[str] = frozenset({"=", "+", "-", "@", "\t", "\r"})

#: The sheets of the XLSX template that hold no data: skipped by the reader without a word.
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "listes"
TEMPLATE_SHEETS: frozenset[str] = frozenset({"instructions", "listes"})
#: The side files an import writes next to the dataset (see :mod:`afnor_ctin.io.exports.side_files`).
SIDE_FILE_NAMES: tuple[str, ...] = ("non_reconnus.csv", "agregats.csv", "annotations.csv", "fusions.csv")
#: The list of every problem of an import, written next to the dataset by ``afnor-ctin importer``.
PROBLEMS_FILE_NAME = "problemes.csv"
#: The files an import writes next to the native files (without ``.csv``): skipped by the reader without a word.
COMPANION_FILES: frozenset[str] = frozenset(n.removesuffix(".csv") for n in (*SIDE_FILE_NAMES, PROBLEMS_FILE_NAME))

#: Identifier of the JSON document written by the library (key ``format``).
JSON_FORMAT = "afnor-ctin/jeu-de-donnees"
#: Version of the JSON document layout (key ``version``).
JSON_VERSION = 1


def escape_formula(text: str) -> str:
    """Protect a text cell against formula injection (prefix one apostrophe when needed)."""
    if text and (text[0] in FORMULA_TRIGGERS or text[0] == "'"):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Reverse :func:`escape_formula`: drop one leading apostrophe followed by a trigger or ``'``."""
    if len(text) > 1 and text[0] == "'" and (text[1] in FORMULA_TRIGGERS or text[1] == "'"):
        return text[1:]
    return text


@attrs.frozen(kw_only=True)
class ColumnSchema:
    """One column of a file of the native format.

    Attributes
    ----------
    name:
        French column name, as written in the header row.
    type:
        One of :data:`ColumnType`; a trailing ``|`` marks a multi-valued cell.
    attribute:
        Name of the record attribute the column maps to.
    required:
        True when the column must be present and every row must fill it.
    description:
        French description (documentation and XLSX template).
    enum:
        The :class:`~afnor_ctin.model.enums.LabelledEnum` of ``enum`` columns.
    format:
        Value format checked on text columns (``insee``, ``qpv``, ``siret``), if any.
    """

    name: str
    type: ColumnType
    attribute: str
    required: bool = False
    description: str = ""
    enum: builtins.type[LabelledEnum] | None = None
    format: ValueFormat | None = None

    @property
    def multi(self) -> bool:
        """True for multi-valued columns (values separated by ``|``)."""
        return self.type.endswith("|")

    @property
    def base_type(self) -> str:
        """The type without the multi-valued marker."""
        return self.type.rstrip("|")

    @property
    def is_text(self) -> bool:
        """True for text columns (``str``, ``id`` and their multi-valued forms): escaped on writing."""
        return self.base_type in ("str", "id")


@attrs.frozen(kw_only=True)
class FileSchema:
    """One file of the native format (one sheet of the XLSX workbook, one key of the JSON document).

    Attributes
    ----------
    name:
        File name without ``.csv``; also the XLSX sheet name and the JSON key.
    columns:
        The columns, in the order the writers use.
    description:
        French description.
    required:
        True for ``territoire.csv`` only.
    example:
        One example row, one cell per column (enumerations by slug, dates ``JJ/MM/AAAA``, values of a
        multi-valued cell separated by ``|``): shown by the XLSX template's « Instructions » sheet.
    """

    name: str
    columns: tuple[ColumnSchema, ...]
    description: str
    required: bool = False
    example: tuple[str, ...] = attrs.field(default=())

    @example.validator
    def _check_example(self, _attribute: object, value: tuple[str, ...]) -> None:
        if value and len(value) != len(self.columns):
            raise ValueError(f"{self.name} : l'exemple doit avoir une valeur par colonne")

    @property
    def entity(self) -> Entity | None:
        """The entity whose records the file holds (:mod:`afnor_ctin.entities`); ``None`` for the territory files."""
        return ENTITY.get(self.name)

    @property
    def filename(self) -> str:
        """The CSV file name, e.g. ``actions.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSchema:
        """The column named ``name``.

        Raises
        ------
        KeyError
            When the file has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def column_for(self, attribute: str) -> ColumnSchema | None:
        """The column mapping to record attribute ``attribute``, if any."""
        for column in self.columns:
            if column.attribute == attribute:
                return column
        return None

    def __iter__(self) -> Iterator[ColumnSchema]:
        return iter(self.columns)


#: The bundled data file that describes the format (``afnor_ctin/data/format-natif.toml``).
FORMAT_FILE = "format-natif.toml"

_COLUMN_KEYS = frozenset({"nom", "type", "attribut", "obligatoire", "enumeration", "format", "description", "exemple"})
_FILE_KEYS = frozenset({"nom", "description", "obligatoire", "colonnes"})


def _column(entry: dict[str, Any]) -> ColumnSchema:
    unknown = entry.keys() - _COLUMN_KEYS
    if unknown or "nom" not in entry or entry.get("type") not in typing.get_args(ColumnType):
        raise ValueError(
            f"{FORMAT_FILE} : colonne {entry.get('nom')!r} mal décrite ({sorted(unknown) or entry.get('type')})"
        )
    enum_name = entry.get("enumeration")
    enum = None if enum_name is None else getattr(enums, enum_name, None)
    if enum_name is not None and not (isinstance(enum, builtins.type) and issubclass(enum, LabelledEnum)):
        raise ValueError(f"{FORMAT_FILE} : {enum_name!r} n'est pas une énumération")
    return ColumnSchema(
        name=entry["nom"],
        type=entry["type"],
        attribute=entry.get("attribut", entry["nom"]),
        required=entry.get("obligatoire", False),
        description=entry.get("description", ""),
        enum=enum,
        format=entry.get("format"),
    )


def _files(text: str) -> tuple[FileSchema, ...]:
    """The file schemas described by the format's data file (see :data:`FORMAT_FILE`)."""
    files = []
    for entry in tomllib.loads(text)["fichiers"]:
        unknown, missing = entry.keys() - _FILE_KEYS, {"nom", "description", "colonnes"} - entry.keys()
        if unknown or missing:
            raise ValueError(
                f"{FORMAT_FILE} : fichier {entry.get('nom')!r}, clés inconnues {sorted(unknown)}, "
                f"clés manquantes {sorted(missing)}"
            )
        columns = entry["colonnes"]
        examples = tuple(c.get("exemple", "") for c in columns)
        files.append(
            FileSchema(
                name=entry["nom"],
                columns=tuple(_column(c) for c in columns),
                description=entry["description"],
                required=entry.get("obligatoire", False),
                example=examples if any(examples) else (),
            )
        )
    return tuple(files)


#: The files of the format, in the order the writers use (read from :data:`FORMAT_FILE`).
FILES: tuple[FileSchema, ...] = _files(
    resources.files("afnor_ctin").joinpath("data", FORMAT_FILE).read_text(encoding="utf-8")
)

#: The file schemas by name (``"actions"`` → :class:`FileSchema`).
SCHEMAS: Mapping[str, FileSchema] = {f.name: f for f in FILES}

#: Column names that may hold personal data: never read, whatever the file (``nom`` is handled by
#: :func:`is_personal_column`, as it is a legitimate column of some files).
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {
        "prenom",
        "prenoms",
        "nom_de_famille",
        "nom_usage",
        "nom_naissance",
        "nom_prenom",
        "prenom_nom",
        "telephone",
        "tel",
        "portable",
        "mobile",
        "email",
        "e_mail",
        "mail",
        "courriel",
        "adresse",
        "adresse_postale",
        "adresse_mail",
        "notes",
        "note",
        "commentaire",
        "commentaires",
        "observations",
        "annee_naissance",
        "date_naissance",
        "date_de_naissance",
        "lieu_naissance",
        "numero_securite_sociale",
        "nir",
    }
)


def is_personal_column(file: str, column: str) -> bool:
    """True when ``column`` of ``file`` may hold personal data and must never be read.

    ``nom`` names a structure, a place, a commune, a QPV or the territory in the files that define
    it; anywhere else (``beneficiaires``, ``mediateurs`` …) it is a person's name.

    >>> is_personal_column("beneficiaires", "nom"), is_personal_column("acteurs", "nom")
    (True, False)
    """
    if column in PERSONAL_COLUMNS:
        return True
    schema = SCHEMAS.get(file)
    return column == "nom" and (schema is None or "nom" not in schema.column_names)
