"""The one commune lookup of the importers: every reader asks :func:`locate` with all the fields a row offers.

:func:`locate` takes the code, name, postal code and coordinates of a row, returns the INSEE code
of its commune (or ``None``) and records in the file's issues which rule found it when it was not
a plain valid code. The lookup rules (today: a valid code, a 4-digit code with its leading zero
restored, the commune's name within the postal code's département) live in :func:`_lookup`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import attrs

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._collect import Collector
from afnor_ctin.io.exports._values import CellValueError, parse_number, text
from afnor_ctin.model.records import INSEE_PATTERN, normalize_insee

__all__ = ["CommuneFields", "coordinates", "known_commune", "locate", "locate_row", "postal_code"]

_BY_NAME: dict[str, dict[str, str | None]] = {}
_BY_DEPARTEMENT: dict[str, list[tuple[str, str]]] = {}
_FOLD = str.maketrans({"\u2019": " ", "'": " ", "-": " ", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


@functools.lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """Comparison key of a commune name: no accents, case, apostrophes nor hyphens; single spaces."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return " ".join(ascii_name.casefold().split())


def _reference_communes() -> Mapping[str, Any]:
    from afnor_ctin.io.reference import communes

    return communes()


def _name_index(departement: str) -> dict[str, str | None]:
    """Commune name key → INSEE code within one département (``None`` when two communes share the key).

    Built on first use, one département at a time: most files need a few départements only.
    """
    found = _BY_NAME.get(departement)
    if found is None:
        if not _BY_DEPARTEMENT:
            for code, commune in _reference_communes().items():
                _BY_DEPARTEMENT.setdefault(commune.departement, []).append((code, commune.name))
        found = {}
        for code, name in _BY_DEPARTEMENT.get(departement, ()):
            key = _name_key(name)
            found[key] = None if key in found else code
        _BY_NAME[departement] = found
    return found


def _departement_of_postcode(postal: str) -> str:
    if postal.startswith("97"):
        return postal[:3]
    if postal.startswith("20"):
        return "2A" if postal < "20200" else "2B"
    return postal[:2]


def postal_code(value: object) -> str | None:
    """A postal code as 5 characters: JSON integers and spreadsheet numbers get their leading zero back."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:05d}" if 0 < value < 100000 else str(value)
    s = text(value)
    if s is not None and re.fullmatch(r"\d{4}", s):
        return "0" + s
    return s


def known_commune(code: str) -> bool:
    """True when ``code`` is a commune of the bundled reference table."""
    return code in _reference_communes()


@functools.lru_cache(maxsize=1 << 14)
def _lookup(code: str | None, name: str | None, postal: str | None) -> tuple[str | None, str | None]:
    """``(code_insee, rule)`` of the first rule that applies, or ``(None, None)``."""
    if code is not None:
        c = code.upper()
        rule = "commune_par_code"
        if re.fullmatch(r"\d{4}", c):
            c, rule = "0" + c, "code_insee_complete"
        c = normalize_insee(c)
        if INSEE_PATTERN.match(c):
            return c, rule
    if name is None or postal is None or not re.fullmatch(r"\d{5}", postal):
        return None, None
    found = _name_index(_departement_of_postcode(postal)).get(_name_key(name))
    return (found, "commune_par_code_postal_nom") if found is not None else (None, None)


def locate(
    col: Collector | None,
    line: int | None,
    *,
    code: object = None,
    name: object = None,
    postal: object = None,
    latitude: object = None,
    longitude: object = None,
    column: str = "code_insee",
) -> str | None:
    """The INSEE code of a row's commune from everything the row says, or ``None``.

    Parameters
    ----------
    col:
        The file's collector: a commune found by a fallback rule gets an information issue there,
        once per distinct set of fields in the file. ``None`` records nothing.
    line:
        Line of the row, for the issue.
    code, name, postal, latitude, longitude:
        The commune code, commune name, postal code (numbers get their leading zero back) and
        WGS84 coordinates given by the row; any may be missing.
    column:
        Column named in the issue.
    """
    key = (code, name, postal, latitude, longitude)
    try:
        return col.located[key] if col is not None else _resolve(None, line, key, column)
    except KeyError:
        pass
    except TypeError:  # unhashable value (list, dict from a JSON source)
        return _resolve(col, line, key, column)
    found = _resolve(col, line, key, column)
    if col is not None and len(col.located) < 100_000:
        col.located[key] = found
    return found


def _resolve(col: Collector | None, line: int | None, key: tuple[object, ...], column: str) -> str | None:
    code, name, postal = text(key[0]), text(key[1]), postal_code(key[2])
    found, rule = _lookup(code, name, postal)
    if col is None or found is None:
        return found
    written = " ".join(v for v in (code, name, postal) if v)
    if rule == "code_insee_complete":
        col.issue(
            "code_insee_complete",
            Severity.INFO,
            f"code commune « {code} » à 4 chiffres : zéro initial rétabli → {found}",
            line=line,
            column=column,
            value=written,
        )
    elif rule == "commune_par_code_postal_nom":
        col.issue(
            "commune_par_code_postal_nom",
            Severity.INFO,
            f"code Insee absent ou invalide : commune « {name} » ({postal}) retrouvée par son nom → {found}",
            line=line,
            column=column,
            value=written,
        )
    return found


@attrs.frozen
class CommuneFields:
    """Names of the columns (or keys) where a source writes a row's commune and coordinates."""

    insee: str = "code_insee"
    name: str = "commune"
    postal: str = "code_postal"
    latitude: str = "latitude"
    longitude: str = "longitude"


def coordinates(col: Collector | None, line: int | None, latitude: object, longitude: object) -> tuple[Any, Any]:
    """WGS84 ``(latitude, longitude)`` of a row, or ``(None, None)`` when missing, unreadable or out of range."""
    try:
        lat, lon = parse_number(latitude), parse_number(longitude)
    except CellValueError as exc:
        if col is not None:
            col.issue("valeur_ignoree", Severity.WARNING, f"coordonnées ignorées : {exc}", line=line, value=exc.value)
        return None, None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def locate_row(
    col: Collector, line: int, row: Mapping[str, Any], fields: CommuneFields = CommuneFields()
) -> tuple[str | None, float | None, float | None]:
    """:func:`locate` on the columns ``fields`` of a row: ``(code_insee, latitude, longitude)``."""
    latitude, longitude = coordinates(col, line, row.get(fields.latitude), row.get(fields.longitude))
    code = locate(
        col,
        line,
        code=row.get(fields.insee),
        name=row.get(fields.name),
        postal=row.get(fields.postal),
        latitude=latitude,
        longitude=longitude,
        column=fields.insee,
    )
    return code, latitude, longitude
