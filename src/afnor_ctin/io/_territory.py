"""The territory of a native dataset: ``territoire.csv``, ``communes.csv`` and ``qpv.csv``.

For an EPCI or a département without ``communes.csv``, the communes and QPVs come from the bundled
reference data. A territory that cannot be built ends the load with a :class:`~afnor_ctin.errors.DataError`.
"""

from __future__ import annotations

from typing import Any

from afnor_ctin.errors import InvalidInputError, IssueCode, Severity, UnknownCodeError
from afnor_ctin.io._rows import parse_rows, read_records
from afnor_ctin.io._sources import Context, Sources
from afnor_ctin.io.schema import SCHEMAS
from afnor_ctin.model.enums import TerritoryLevel
from afnor_ctin.model.records import Commune, Qpv, Territory
from afnor_ctin.rules import FIELD_SUBJECT, column_subject

__all__ = ["read_territory"]


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
        return Territory(
            code=values["code"],
            name=values["name"],
            level=level,
            communes=communes,
            qpvs=kept_qpvs,
            central_commune=values.get("central_commune"),
        )
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
