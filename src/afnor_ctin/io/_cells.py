"""Cell parsers of the native format: one fast, cached function per column.

A parser takes the raw cell (a ``str``; a ``list`` of values for multi-valued JSON cells) and
returns the parsed value, ``None`` for an empty cell, or a :class:`Bad` marker carrying the issue
code and a French reason. Parsers never raise on bad input, so the hot loop has no exception
handling; results of parsing repeated values (dates, enums, codes, numbers) are cached.

A column parser (:func:`make_column_parser`) parses a whole column of a block of rows at once: each
distinct raw string is parsed once, then the values are spread back with C-level ``map``; identifier
columns are only stripped. It gives exactly the values of the cell parser, cell by cell.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Final

from afnor_ctin.errors import InvalidInputError, IssueCode
from afnor_ctin.io.limits import MAX_INT_DIGITS
from afnor_ctin.io.schema import ColumnSchema, unescape_formula
from afnor_ctin.model.enums import LabelledEnum
from afnor_ctin.model.records import INSEE_PATTERN, QPV_PATTERN, SIRET_PATTERN, normalize_insee
from afnor_ctin.period import to_local_date
from afnor_ctin.reference import Rule, resolve_commune
from afnor_ctin.reference.tables import HISTORY_TABLE, raw_table

__all__ = ["Bad", "ColumnParser", "Fixed", "Parser", "make_column_parser", "make_parser"]

#: Largest integer accepted in an ``int`` column (the columns are 32-bit).
INT_MAX: Final = 2_147_483_647
#: Largest decimal accepted in a ``dec`` column.
DEC_MAX: Final = 1e15
_CACHE_LIMIT: Final = 200_000
#: The years a date of the format may have: any other is a typing slip (``0024``, ``2204``).
PLAUSIBLE_YEARS: Final = (1900, 2099)

_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_INT = re.compile(r"^[0-9]+$")
_INTEGRAL = re.compile(r"^([0-9]+)[.,]0*$")
_SPACES = str.maketrans("", "", " \u00a0\u202f")
_BOOLS: dict[str, bool] = {
    "oui": True,
    "non": False,
    "true": True,
    "false": False,
    "vrai": True,
    "faux": False,
    "1": True,
    "0": False,
}


class Bad:
    """A cell that could not be parsed: issue code and French reason."""

    __slots__ = ("code", "reason")

    def __init__(self, code: IssueCode, reason: str) -> None:
        self.code = code
        self.reason = reason


class Fixed:
    """A cell read as another value by a documented rule (a former INSEE code…): the value and its note.

    The row is kept with ``value``; ``code`` and ``reason`` make the information issue that says how.
    """

    __slots__ = ("code", "reason", "value")

    def __init__(self, value: Any, code: IssueCode, reason: str) -> None:
        self.value = value
        self.code = code
        self.reason = reason


Parser = Callable[[Any], Any]
#: Parses a column: its values (``None`` for empty cells, :class:`Bad` and :class:`Fixed` markers), the
#: positions of the bad cells and those of the fixed cells.
ColumnParser = Callable[[Sequence[Any]], tuple[list[Any], list[int], list[int]]]


def _cached(parse: Callable[[str], Any]) -> Parser:
    cache: dict[str, Any] = {}

    def parser(raw: str) -> Any:
        try:
            return cache[raw]
        except KeyError:
            value = parse(raw)
            if len(cache) < _CACHE_LIMIT:
                cache[raw] = value
            return value

    return parser


def _int(raw: str) -> Any:
    text = raw.strip().translate(_SPACES)
    if not text:
        return None
    if _INT.match(text) is None:
        m = _INTEGRAL.match(text)
        if m is None:
            why = "nombre négatif" if text.startswith("-") else "nombre entier positif ou nul attendu"
            return Bad(IssueCode.NOMBRE_INVALIDE, f"« {raw} » : {why}")
        text = m.group(1)
    if len(text.lstrip("0")) > MAX_INT_DIGITS:
        return Bad(IssueCode.VALEUR_HORS_LIMITES, f"« {raw[:40]}… » : nombre trop grand (au plus {INT_MAX})")
    value = int(text)
    if value > INT_MAX:
        return Bad(IssueCode.VALEUR_HORS_LIMITES, f"« {raw} » : nombre trop grand (au plus {INT_MAX})")
    return value


def _dec(raw: str) -> Any:
    text = raw.strip().translate(_SPACES)
    if not text:
        return None
    if "," in text:
        if "." in text or text.count(",") > 1:
            return Bad(IssueCode.NOMBRE_INVALIDE, f"« {raw} » : nombre décimal illisible")
        text = text.replace(",", ".")
    if not text.isascii() or "_" in text:
        return Bad(IssueCode.NOMBRE_INVALIDE, f"« {raw[:40]} » : nombre décimal attendu (chiffres 0 à 9)")
    try:
        value = float(text)
    except ValueError:
        return Bad(IssueCode.NOMBRE_INVALIDE, f"« {raw} » : nombre décimal attendu (virgule ou point)")
    if not math.isfinite(value):
        return Bad(IssueCode.NOMBRE_INVALIDE, f"« {raw} » : nombre fini attendu")
    if value < 0:
        return Bad(IssueCode.NOMBRE_INVALIDE, f"« {raw} » : nombre négatif")
    if value > DEC_MAX:
        return Bad(IssueCode.VALEUR_HORS_LIMITES, f"« {raw} » : nombre trop grand")
    return value


def _plausible(day: dt.date, raw: str) -> Any:
    """``day``, or a :class:`Bad` marker when its year is outside :data:`PLAUSIBLE_YEARS` (a typing slip)."""
    first, last = PLAUSIBLE_YEARS
    if first <= day.year <= last:
        return day
    return Bad(
        IssueCode.DATE_IMPROBABLE, f"« {raw} » : année {day.year} improbable (de {first} à {last} attendu), vérifiez-la"
    )


def _date(raw: str) -> Any:
    text = raw.strip()
    if not text:
        return None
    m = _ISO.match(text)
    parts: tuple[int, int, int] | None = None
    if m is not None:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _DMY.match(text)
        if m is not None:
            parts = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if parts is not None:
        try:
            return _plausible(dt.date(*parts), raw)
        except ValueError:
            return Bad(IssueCode.DATE_INVALIDE, f"« {raw} » : cette date n'existe pas")
    if ":" in text and len(text) <= 40:
        try:
            day = to_local_date(text)
            return _plausible(dt.date(day.year, day.month, day.day), raw)
        except (InvalidInputError, ValueError, OverflowError):
            pass
    return Bad(IssueCode.DATE_INVALIDE, f"« {raw} » : date illisible (AAAA-MM-JJ ou JJ/MM/AAAA attendu)")


def _bool(raw: str) -> Any:
    text = raw.strip().casefold()
    if not text:
        return None
    value = _BOOLS.get(text)
    if value is None:
        return Bad(IssueCode.BOOLEEN_INVALIDE, f"« {raw} » : oui ou non attendu")
    return value


def _enum(kind: type[LabelledEnum]) -> Callable[[str], Any]:
    accepted = ", ".join(str(m) for m in kind)

    def parse(raw: str) -> Any:
        if not raw.strip():
            return None
        member = kind.lookup(raw)
        if member is None:
            return Bad(IssueCode.VALEUR_INCONNUE, f"« {raw} » inconnu ; valeurs acceptées : {accepted}")
        return member

    return parse


@cache
def _replaced_codes() -> frozenset[str]:
    """The codes of the COG history that no current commune bears (read on first use, 7,084 rows).

    Read from the raw table: making the 7,084 :class:`~afnor_ctin.reference.FormerCommune` records
    cost more than the rest of reading a small file.
    """
    header, rows = raw_table(HISTORY_TABLE)
    code, current = header.index("ancien_code"), header.index("code_actuel")
    return frozenset(row[code] for row in rows if row[code] != row[current])


def _insee(raw: str) -> Any:
    text = raw.strip()
    if not text:
        return None
    code = normalize_insee(text.upper())
    if code in _replaced_codes() or (len(code) == 4 and code.isdigit()):
        # A former code or a 4-digit code, resolved by the reference layer's rules; other codes are
        # kept as written (fictional territories use codes of their own).
        found = resolve_commune(code=code)
        if found.code_insee is not None and found.rule is not None and found.rule is not Rule.CODE:
            return Fixed(found.code_insee, IssueCode(found.rule.value), found.message)
    if INSEE_PATTERN.match(code) is None:
        return Bad(IssueCode.FORMAT_INVALIDE, f"« {raw} » : code INSEE attendu, 5 caractères comme 17300 ou 2A004")
    return code


def _qpv(raw: str) -> Any:
    text = raw.strip().upper()
    if not text:
        return None
    if QPV_PATTERN.match(text) is None:
        return Bad(IssueCode.FORMAT_INVALIDE, f"« {raw} » : code QPV attendu (QN ou QP suivi de 6 caractères)")
    return text


def _siret(raw: str) -> Any:
    text = raw.strip().translate(_SPACES).upper()
    if not text:
        return None
    if SIRET_PATTERN.match(text) is None:
        return Bad(IssueCode.FORMAT_INVALIDE, f"« {raw} » : SIRET à 14 chiffres ou RNA W + 9 chiffres attendu")
    return text


def _identifier(spreadsheet: bool) -> Callable[[str], Any]:
    if spreadsheet:

        def parse(raw: str) -> Any:
            text = raw.strip()
            if not text:
                return None
            return unescape_formula(text) if text[0] == "'" else text

    else:

        def parse(raw: str) -> Any:
            text = raw.strip()
            return text or None

    return parse


def _text(spreadsheet: bool) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        if not raw or raw.isspace():
            return None
        return unescape_formula(raw) if spreadsheet and raw[0] == "'" else raw

    return parse


def _multi(item: Callable[[str], Any], spreadsheet: bool) -> Parser:
    def parse(raw: Any) -> Any:
        if isinstance(raw, list):
            items = raw
        else:
            if not raw or raw.isspace():
                return None
            text = raw.strip()
            if spreadsheet and text[0] == "'":
                text = unescape_formula(text)
            items = text.split("|")
        out: list[Any] = []
        notes: list[Fixed] = []
        for part in items:
            if not isinstance(part, str):
                return Bad(IssueCode.VALEUR_INVALIDE, f"« {part} » : texte attendu dans la liste")
            value = item(part)
            if value is None:
                continue
            if isinstance(value, Bad):
                return value
            if isinstance(value, Fixed):
                notes.append(value)
                value = value.value
            if value in out:
                return Bad(IssueCode.VALEUR_REPETEE, f"« {part} » figure deux fois")
            out.append(value)
        if notes:
            return Fixed(tuple(out), notes[0].code, " ; ".join(n.reason for n in notes))
        return tuple(out)

    return parse


_FORMATS: dict[str, Callable[[str], Any]] = {"insee": _insee, "qpv": _qpv, "siret": _siret}


def _item_parser(column: ColumnSchema, spreadsheet: bool) -> tuple[Callable[[str], Any], bool]:
    """The parser of one value of the column (of one item for multi-valued columns); whether to cache it."""
    base = column.base_type
    if column.format is not None:
        return _FORMATS[column.format], True
    if base == "int":
        return _int, True
    if base == "dec":
        return _dec, True
    if base == "date":
        return _date, True
    if base == "bool":
        return _bool, True
    if base == "enum":
        if column.enum is None:
            raise TypeError(f"colonne {column.name} : énumération manquante")
        return _enum(column.enum), True
    if base == "id" or column.multi:
        return _identifier(spreadsheet and not column.multi), False
    return _text(spreadsheet), False


def make_parser(column: ColumnSchema, *, spreadsheet: bool) -> Parser:
    """The parser of one column.

    Parameters
    ----------
    column:
        The column's schema.
    spreadsheet:
        True for CSV and XLSX cells (formula-injection escapes are reversed), False for JSON.
    """
    item, cached = _item_parser(column, spreadsheet)
    if column.multi:
        multi = _multi(item, spreadsheet)
        return _cached_multi(multi) if cached else multi
    return _cached(item) if cached else item


def make_column_parser(column: ColumnSchema, *, spreadsheet: bool) -> ColumnParser:
    """The parser of a whole column of a block of rows, equal cell by cell to :func:`make_parser`.

    The parameters are those of :func:`make_parser`.

    Returns
    -------
    ColumnParser
        A function taking the raw cells of the column and returning the parsed values (``None`` for
        an empty cell, a :class:`Bad` marker for a bad one, a :class:`Fixed` marker for a corrected
        one), the positions of the bad cells and those of the corrected cells.
    """
    item, cached = _item_parser(column, spreadsheet)
    parse: Callable[[Any], Any] = _multi(item, spreadsheet) if column.multi else item
    cell = make_parser(column, spreadsheet=spreadsheet)
    cache: dict[Any, Any] = {}
    plain_ids = column.base_type == "id" and not column.multi

    def by_cell(cells: Sequence[Any]) -> tuple[list[Any], list[int], list[int]]:
        values = list(map(cell, cells))
        bad = [i for i, v in enumerate(values) if v.__class__ is Bad]
        return values, bad, [i for i, v in enumerate(values) if v.__class__ is Fixed]

    def parse_column(cells: Sequence[Any]) -> tuple[list[Any], list[int], list[int]]:
        if plain_ids and cells:  # identifiers are mostly distinct: strip them, no cache
            stripped = list(map(str.strip, cells))
            # Every text starting with "'" (to unescape) or empty sorts before "(": one C-level pass.
            if min(stripped) >= "(":
                return stripped, [], []
            if not (spreadsheet and any(map(str.startswith, stripped, itertools.repeat("'")))):
                return [v or None for v in stripped], [], []
        try:
            distinct = set(cells)
        except TypeError:  # JSON lists in a multi-valued column: parsed cell by cell
            return by_cell(cells)
        known = cache if cached else {}
        if len(known) > _CACHE_LIMIT:
            known.clear()
        for raw in [raw for raw in distinct if raw not in known]:
            known[raw] = parse(raw)
        values = list(map(known.__getitem__, cells))
        bad = {raw for raw in distinct if known[raw].__class__ is Bad}
        fixed = {raw for raw in distinct if known[raw].__class__ is Fixed}
        return (
            values,
            [i for i, raw in enumerate(cells) if raw in bad] if bad else [],
            [i for i, raw in enumerate(cells) if raw in fixed] if fixed else [],
        )

    return parse_column


def _cached_multi(parse: Parser) -> Parser:
    """Cache a multi-valued parser on string cells (JSON lists are parsed each time)."""
    cached = _cached(parse)

    def parser(raw: Any) -> Any:
        return parse(raw) if isinstance(raw, list) else cached(raw)

    return parser
