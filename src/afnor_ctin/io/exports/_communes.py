"""The one commune lookup of the importers: what a row writes of its commune, resolved by ``resolve_commune``.

A reader gathers in a :class:`Written` everything a row says of its commune (code, name, postal
code, coordinates, département, address; :func:`written_in` reads them from the row's columns) and
asks :func:`locate` (the row is rejected without a commune) or :func:`locate_or_keep` (the row is
kept without one). Both hand it to :func:`afnor_ctin.reference.resolve_commune` and turn its
:class:`~afnor_ctin.reference.Resolution` into the file's issues:

- a commune found by a fallback rule gives an information issue whose code is the rule
  (``commune_par_code_postal_nom``, ``commune_ancienne``…) and whose message is the resolution's;
- each doubt of the resolution (a code contradicted by the name and the postal code, a name not
  recognised…) gives a warning ``commune_a_verifier``;
- no commune rejects the row with the cause (``commune_introuvable``, ``commune_ambigue``,
  ``commune_hors_cog``, ``commune_non_renseignee``) and its French reason; a row kept without a
  commune gets the cause as a warning instead (none when it gives no location at all).

Each distinct :class:`Written` is resolved once per file: its information issue and warnings are
given at its first row; a rejection, or the warning of a row kept without a commune, at every row
concerned.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from typing import Any

import attrs

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._collect import Collector, RowRejected
from afnor_ctin.io.exports._values import CellValueError, parse_number, text
from afnor_ctin.reference import Resolution, Unresolved, communes, departements, name_key, resolve_commune

__all__ = [
    "CommuneFields",
    "Written",
    "coordinates",
    "departement_code",
    "locate",
    "locate_or_keep",
    "why_not_located",
    "written_in",
]


def _cell(value: object) -> object:
    """A cell as the resolution reads it: texts stripped (blank and ``null`` are missing), lists as text."""
    if isinstance(value, str) or value is None:
        return text(value)
    return value if isinstance(value, int | float) else text(str(value))


@attrs.frozen(kw_only=True)
class Written:
    """What a row writes of its commune, as read (any may be missing), and the column its issues name.

    Attributes
    ----------
    code, name, postal:
        INSEE code, commune name and postal code (numbers keep their type: the resolution restores
        lost leading zeros).
    latitude, longitude:
        WGS84 coordinates [degrees], already checked (see :func:`coordinates`).
    departement:
        Département code (see :func:`departement_code`).
    address:
        Postal address, whose last part may name the commune.
    label:
        Name of the place or structure, which may name the commune (the last resort).
    column:
        Column named in the issues (not part of the comparison).
    """

    code: object = attrs.field(default=None, converter=_cell)
    name: object = attrs.field(default=None, converter=_cell)
    postal: object = attrs.field(default=None, converter=_cell)
    latitude: float | None = None
    longitude: float | None = None
    departement: str | None = None
    address: object = attrs.field(default=None, converter=_cell)
    label: object = attrs.field(default=None, converter=_cell)
    column: str = attrs.field(default="code_insee", eq=False)

    @property
    def value(self) -> str | None:
        """The code, name, postal code and département as written, for the issues' value."""
        parts = [str(v) for v in (self.code, self.name, self.postal, self.departement) if v is not None]
        return " ".join(parts) or None


def locate(col: Collector, line: int | None, written: Written) -> str:
    """The INSEE code of the commune a row writes; the row is rejected when none is found.

    Parameters
    ----------
    col:
        The file's collector, where the issues go.
    line:
        Line of the row, for the issues.
    written:
        What the row writes of its commune.

    Raises
    ------
    afnor_ctin.io.exports._collect.RowRejected
        When no commune is found; the code of the rejection is the :class:`~afnor_ctin.reference.Unresolved`
        cause and its message the French reason (with the candidate communes, by name and code).
    """
    found = _resolution(col, line, written)
    if found.code_insee is None:
        raise _rejection(found, written)
    return found.code_insee


def locate_or_keep(
    col: Collector,
    line: int | None,
    written: Written,
    *,
    otherwise: str,
    kept: Collection[Unresolved] = tuple(Unresolved),
) -> str | None:
    """The INSEE code of the commune a row writes, or ``None`` when the reader keeps the row without one.

    Parameters
    ----------
    col, line, written:
        As for :func:`locate`.
    otherwise:
        What the reader does with a row without commune, in French (« bénéficiaire importé sans
        commune de résidence »), added to the warning that gives the cause.
    kept:
        The causes for which the row is kept; any other cause rejects it, as :func:`locate` does.
    """
    found = _resolution(col, line, written)
    if found.code_insee is not None:
        return found.code_insee
    cause = _cause(found)
    if cause not in kept:
        raise _rejection(found, written)
    if cause is not Unresolved.NO_INPUT:
        message = f"{_failure_message(found)} : {otherwise}"
        col.issue(cause.value, Severity.WARNING, message, line=line, column=written.column, value=written.value)
    return None


def why_not_located(col: Collector, written: Written) -> str:
    """The French reason why ``written`` gives no commune, with the candidate communes by name and code."""
    return _failure_message(col.located.get(written) or _resolve(written))


def _resolve(written: Written) -> Resolution:
    return resolve_commune(
        code=written.code,
        name=written.name,
        postal_code=written.postal,
        latitude=written.latitude,
        longitude=written.longitude,
        departement=written.departement,
        address=written.address,
        label=written.label,
    )


def _resolution(col: Collector, line: int | None, written: Written) -> Resolution:
    """The resolution of ``written``, made (and its issues given) on its first row in the file."""
    found = col.located.get(written)
    if found is not None:
        return found
    found = _resolve(written)
    if len(col.located) < 100_000:
        col.located[written] = found
    if found.code_insee is None:
        return found
    if found.fallback and found.rule is not None:
        col.issue(found.rule.value, Severity.INFO, found.message, line=line, column=written.column, value=written.value)
    for warning in found.warnings:
        col.issue(
            "commune_a_verifier",
            Severity.WARNING,
            f"{warning} : commune {found.name} ({found.code_insee}) retenue, à vérifier",
            line=line,
            column=written.column,
            value=written.value,
        )
    return found


def _cause(found: Resolution) -> Unresolved:
    return found.failure or Unresolved.NOT_FOUND


def _failure_message(found: Resolution) -> str:
    """The French reason of a failure, with every commune that matched equally well, by name and code."""
    if not found.candidates:
        return found.message
    table = communes()
    listed = ", ".join(f"{table[c].name} ({c})" if c in table else c for c in found.candidates)
    return f"{found.message} ; communes possibles : {listed}"


def _rejection(found: Resolution, written: Written) -> RowRejected:
    return RowRejected(written.column, written.value, _failure_message(found), code=_cause(found).value)


@cache
def _departements_by_name() -> Mapping[str, str]:
    return {name_key(d.name): code for code, d in departements().items()}


def departement_code(value: object) -> str | None:
    """The code of a département written as a code (``17``, ``2A``, ``974``) or as its name (« Aisne »).

    >>> departement_code("Pyrénées-Atlantiques"), departement_code("2a"), departement_code(1), departement_code("")
    ('64', '2A', '01', None)
    """
    written = text(value)
    if written is None:
        return None
    code = written.upper().zfill(2) if written.isdigit() or len(written) == 2 else written.upper()
    return code if code in departements() else _departements_by_name().get(name_key(written))


@attrs.frozen
class CommuneFields:
    """Names of the columns (or keys) where a source writes a row's commune, coordinates, département and address.

    ``None`` for a field the source does not have.
    """

    insee: str = "code_insee"
    name: str = "commune"
    postal: str = "code_postal"
    latitude: str | None = "latitude"
    longitude: str | None = "longitude"
    departement: str | None = None
    address: str | None = "adresse"


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


def written_in(col: Collector, line: int, row: Mapping[str, Any], fields: CommuneFields = CommuneFields()) -> Written:
    """What the columns ``fields`` of a row write of its commune; unreadable coordinates are reported and ignored."""

    def get(key: str | None) -> Any:
        return None if key is None else row.get(key)

    latitude, longitude = coordinates(col, line, get(fields.latitude), get(fields.longitude))
    return Written(
        code=row.get(fields.insee),
        name=row.get(fields.name),
        postal=row.get(fields.postal),
        latitude=latitude,
        longitude=longitude,
        departement=departement_code(get(fields.departement)),
        address=get(fields.address),
        column=fields.insee,
    )
