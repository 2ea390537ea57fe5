"""The territory of a native dataset: ``territoire.csv``, ``communes.csv`` and ``qpv.csv``.

For an EPCI or a département without ``communes.csv``, the communes and QPVs come from the bundled
reference data. A territory that cannot be built ends the load with a :class:`~afnor_ctin.errors.DataError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from afnor_ctin.errors import InvalidInputError, IssueCode, Severity, UnknownCodeError
from afnor_ctin.io._rows import parse_rows, read_records
from afnor_ctin.io._sources import Context, Sources
from afnor_ctin.io.schema import SCHEMAS
from afnor_ctin.model.enums import TerritoryLevel
from afnor_ctin.model.records import Commune, Qpv, Territory
from afnor_ctin.rules import FIELD_SUBJECT, column_subject
from afnor_ctin.vocabulary import normalize_label

__all__ = ["Verdict", "commune_verdict", "read_territory"]

#: What a commune code of a row says about the territory: ``None`` inside, else the warning's code and message.
Verdict = Callable[[str | None], tuple[IssueCode, str] | None]

#: Words of a territory's name that say its legal form, not which one it is.
_FORM_WORDS = frozenset(
    {"ca", "cc", "cu", "ct", "ept", "communaute", "communautes", "agglomeration", "communes", "urbaine"}
    | {"metropole", "departement", "departemental", "conseil", "collectivite", "territoriale", "territoire"}
    | {"de", "des", "du", "d", "la", "le", "les", "l", "et", "en", "sur"}
)


def read_territory(sources: Sources, ctx: Context) -> Territory:
    """The territory of a load: ``territoire`` (one row), its ``communes`` and ``qpv``, or the reference data.

    Raises
    ------
    afnor_ctin.errors.DataError
        When no territory can be built (``ctx`` holds the issues).
    """
    opener = sources.get("territoire")
    table = opener() if opener is not None else None
    if table is None:
        if opener is None:
            ctx.add(IssueCode.TERRITOIRE_MANQUANT, "territoire.csv (ou la feuille territoire) est obligatoire")
        raise ctx.fail()
    schema = SCHEMAS["territoire"]
    parsed = parse_rows(schema, table, ctx)
    label = table.label
    first: tuple[int, dict[str, Any], list[Any]] | None = None
    for row in parsed.rows:
        if first is None:
            first = row
            continue
        ctx.counts["territoire"][1] += 1
        ctx.add(IssueCode.TERRITOIRE_LIGNES, "une seule ligne attendue : ligne ignorée", file=label, line=row[0])
    if first is None:
        if not any(i.file == label and i.severity is Severity.ERROR for i in ctx.issues):
            ctx.add(
                IssueCode.TERRITOIRE_LIGNES, "aucune ligne : le territoire doit être décrit sur une ligne", file=label
            )
        raise ctx.fail()
    line, values, _cells = first

    communes: list[Commune] | None = None
    communes_table = None
    records: list[Commune] = []
    lines: list[int] = []
    if "communes" in sources:
        communes_table = sources["communes"]()
        if communes_table is not None:
            records, lines = read_records("communes", Commune, communes_table, ctx)
            communes = []
            seen: set[str] = set()
            for record, at in zip(records, lines, strict=True):
                if record.code_insee in seen:
                    ctx.counts["communes"][1] += 1
                    ctx.add(
                        IssueCode.IDENTIFIANT_EN_DOUBLE,
                        f"commune « {record.code_insee} » déjà présente plus haut",
                        file=ctx.labels["communes"],
                        line=at,
                        column="code_insee",
                        value=record.code_insee,
                    )
                    continue
                seen.add(record.code_insee)
                communes.append(record)
    qpvs: list[Qpv] | None = None
    qpv_lines: list[int] = []
    if "qpv" in sources:
        qpv_table = sources["qpv"]()
        if qpv_table is not None:
            qpvs, qpv_lines = read_records("qpv", Qpv, qpv_table, ctx)
    # A sheet or file with a header and no row (as in the XLSX template) counts as absent: for an EPCI
    # or a département, the communes and QPVs then come from the bundled reference data.
    if communes is not None and not communes and ctx.counts.get("communes", [0, 0])[0] == 0:
        communes = None
    if qpvs is not None and not qpvs and ctx.counts.get("qpv", [0, 0])[0] == 0:
        qpvs = None
    level: TerritoryLevel = values["level"]
    try:
        if communes is None:
            if level is TerritoryLevel.EPCI:
                reference = Territory.from_epci(values["code"])
            elif level is TerritoryLevel.DEPARTEMENT:
                reference = Territory.from_departement(values["code"])
            else:
                raise InvalidInputError(
                    f"communes.csv est obligatoire pour un territoire de niveau « {level.value} » "
                    "(seuls les EPCI et les départements ont des communes de référence)"
                )
            communes = list(reference.communes)
            if qpvs is None:
                qpvs = list(reference.qpvs)
                qpv_lines = [0] * len(qpvs)
        kept_qpvs: list[Qpv] = []
        if qpvs is not None:
            inside = {c.code_insee for c in communes}
            pairs: set[tuple[str, str]] = set()
            for qpv, at in zip(qpvs, qpv_lines, strict=True):
                if qpv.code_insee not in inside or (qpv.code, qpv.code_insee) in pairs:
                    duplicate = qpv.code_insee in inside
                    ctx.counts["qpv"][1] += 1
                    ctx.add(
                        IssueCode.IDENTIFIANT_EN_DOUBLE if duplicate else IssueCode.COMMUNE_HORS_TERRITOIRE,
                        f"QPV « {qpv.code} » déjà présent plus haut pour cette commune"
                        if duplicate
                        else f"la commune « {qpv.code_insee} » du QPV n'est pas une commune du territoire",
                        file=ctx.labels["qpv"],
                        line=at,
                        column="code_qpv" if duplicate else "code_insee",
                        value=qpv.code if duplicate else qpv.code_insee,
                    )
                    continue
                pairs.add((qpv.code, qpv.code_insee))
                kept_qpvs.append(qpv)
        territory = Territory(
            code=values["code"],
            name=values["name"],
            level=level,
            communes=communes,
            qpvs=kept_qpvs,
            central_commune=values.get("central_commune"),
        )
        _check_name(territory, ctx, label, line)
        if communes_table is not None and _reference_name(territory) is not None:
            _check_communes(records, lines, ctx)
        return territory
    except (InvalidInputError, UnknownCodeError) as exc:
        ctx.counts["territoire"][1] += 1
        message = str(exc)
        match = FIELD_SUBJECT.search(message)
        column = "code"
        if match is not None:
            col = schema.column_for(match.group(1))
            column = col.name if col is not None else "code"
            message = message.replace(match.group(0), column_subject(column) if col is not None else "communes")
        ctx.add(IssueCode.TERRITOIRE_INVALIDE, message, file=label, line=line, column=column)
        raise ctx.fail() from None


def _words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", normalize_label(name))) - _FORM_WORDS


def _reference_name(territory: Territory) -> str | None:
    """The name of the territory's code in the reference data, for an EPCI or a département it knows."""
    from afnor_ctin import reference

    try:
        if territory.level is TerritoryLevel.EPCI:
            return reference.epci(territory.code).name
        if territory.level is TerritoryLevel.DEPARTEMENT:
            return reference.departement(territory.code).name
    except UnknownCodeError:
        pass
    return None


def _check_name(territory: Territory, ctx: Context, label: str, line: int) -> None:
    """Warn when the name of an EPCI or a département does not match the name its code has in the reference data."""
    known = _reference_name(territory)
    if known is None:
        return
    given, expected = _words(territory.name), _words(known)
    if not given or not expected or given <= expected or expected <= given:
        return
    ctx.add(
        IssueCode.TERRITOIRE_INCOHERENT,
        f"le nom « {territory.name} » ne correspond pas au code {territory.code}, qui est celui de « {known} » "
        f"dans le référentiel : le territoire évalué est « {known} » ({len(territory.communes)} communes) ; "
        "vérifiez le code et le nom",
        severity=Severity.WARNING,
        file=label,
        line=line,
        column="nom",
        value=territory.name,
    )


@cache
def _cog() -> frozenset[str]:
    from afnor_ctin import reference

    return frozenset(reference.communes())


def _uses_the_cog(territory: Territory) -> bool:
    """True when the territory's communes are communes of the COG (not a fictional coding)."""
    cog = _cog()
    return all(c.code_insee in cog for c in territory.communes)


def _check_communes(records: list[Commune], lines: list[int], ctx: Context) -> None:
    cog = _cog()
    for record, at in zip(records, lines, strict=True):
        if record.code_insee not in cog:
            ctx.add(
                IssueCode.COMMUNE_INCONNUE,
                f"la commune « {record.code_insee} » n'existe pas dans le code officiel géographique",
                severity=Severity.WARNING,
                file=ctx.labels["communes"],
                line=at,
                column="code_insee",
                value=record.code_insee,
            )


def commune_verdict(territory: Territory, *, outside: bool = True) -> Verdict:
    """What a commune code of a row says: inside the territory, outside it, or unknown to the COG.

    Parameters
    ----------
    territory:
        The territory of the load. When its communes are not all communes of the COG (a fictional
        territory), no code is checked.
    outside:
        Whether a commune of the COG outside the territory deserves a warning (``hors_territoire``):
        yes for actions and places, no for the residence of a beneficiary.
    """
    inside = {c.code_insee for c in territory.communes}
    cog = _cog() if _uses_the_cog(territory) else None
    where = f"du territoire « {territory.name} »"
    known: dict[str | None, tuple[IssueCode, str] | None] = {None: None}

    def verdict(code: str | None) -> tuple[IssueCode, str] | None:
        try:
            return known[code]
        except KeyError:
            pass
        found: tuple[IssueCode, str] | None = None
        if code not in inside and cog is not None:
            if code not in cog:
                found = (
                    IssueCode.COMMUNE_INCONNUE,
                    f"la commune « {code} » n'existe pas dans le code officiel géographique : la ligne est chargée "
                    "mais sa commune n'appartient à aucun territoire ; corrigez le code",
                )
            elif outside:
                found = (
                    IssueCode.HORS_TERRITOIRE,
                    f"la commune « {code} » n'est pas une commune {where} : la ligne est chargée mais sort du "
                    "champ géographique des indicateurs ; vérifiez-la",
                )
        known[code] = found
        return found

    return verdict
