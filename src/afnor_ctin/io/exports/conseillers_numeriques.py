"""Structures employing conseillers numériques validated in selection committee (CSV ``;`` of data.gouv.fr).

One actor per SIRET (several rows of one SIRET — several committee validations — give one actor);
per row, one mediator post per validated conseiller (role ``conseiller_numerique``, start = the
validation date, id derived from the structure and the validation: no person is named) and one
funding (funder ``etat_conseiller_numerique``, agreed amount = the *investissement financier
estimatif total de l'État*). The amount is the source's estimate and the file gives no period: the
funding covers the 24 months that follow the validation (the programme's standard agreement). Both
are marked in ``annotations.csv`` (``montant_estime``, ``periode_estimee``), as is the fact that a
validated post may not have been filled (``poste_valide``).

The places and permanences of the conseillers numériques (JSON of the national cartography) are
read by :mod:`~afnor_ctin.io.exports.lieux` (generation ``permanences`` of this format).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pendulum

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import ExportReading
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import Written, departement_code, locate
from afnor_ctin.io.exports._ids import actor_key, classify_pivot, stable_id
from afnor_ctin.io.exports._values import (
    CellValueError,
    label_key,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    text,
)
from afnor_ctin.model.enums import ActorType, Funder, MediatorRole, normalize_label
from afnor_ctin.model.records import Actor, Funding, Mediator

__all__ = ["FIELD_MAP", "FUNDING_MONTHS", "GENERATIONS", "HEADER", "read_rows"]

#: Header of the published list, in order.
HEADER: tuple[str, ...] = (
    "Raison sociale",
    "Commune INSEE",
    "Département",
    "Région",
    "Nombre de conseillers validés par le COSELEC",
    "Date de validation en comité de sélection",
    "Type",
    "SIRET",
    "Code département",
    "Adresse",
    "Code commune INSEE",
    "Code postal",
    "Investissement financier estimatif total de l’Etat",
    "ZRR",
    "QPV",
    "France services",
)
GENERATIONS: dict[str, str] = {
    "structures": "structures employant des conseillers numériques validées en comité de sélection (CSV)",
    "permanences": "lieux et permanences des conseillers numériques (cartographie nationale, JSON pré-standard)",
}
#: Source column → model attribute; other columns are not imported.
FIELD_MAP: dict[str, str] = {
    "Raison sociale": "Actor.name",
    "SIRET": "Actor.siret (un acteur par SIRET)",
    "Code commune INSEE, Commune INSEE (un nom), Code postal, Code département, Adresse": "Actor.code_insee "
    "(résolution de la commune)",
    "Nombre de conseillers validés par le COSELEC": "un poste de médiateur (conseiller numérique) par conseiller",
    "Date de validation en comité de sélection": "Mediator.start_date, Funding.start_date",
    "Investissement financier estimatif total de l’Etat": "Funding.amount_agreed (estimation)",
    "France services": "annotations.csv",
}
#: Months covered by a funding from its validation date (the programme's standard agreement: two years).
FUNDING_MONTHS = 24
_COUNT = normalize_label("Nombre de conseillers validés par le COSELEC")
_DATE = normalize_label("Date de validation en comité de sélection")
_AMOUNT = normalize_label("Investissement financier estimatif total de l'Etat")


def read_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], *, file: str) -> ExportReading:
    """Build actors, conseiller posts and fundings from the rows of the list (one mapping per row)."""
    col = Collector(file)
    occurrences: dict[tuple[str, dt.date], int] = {}

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        get = {label_key(k): v for k, v in row.items() if isinstance(k, str)}.get
        name = text(get(normalize_label("Raison sociale")))
        if name is None:
            raise RowRejected("Raison sociale", None, "raison sociale de la structure manquante")
        try:
            count = parse_int(get(_COUNT))
            day = parse_date(get(_DATE))
            amount = parse_number(get(_AMOUNT))
        except CellValueError as exc:
            raise RowRejected(None, exc.value, f"valeur illisible : {exc}") from None
        if count is None or count < 0:
            raise RowRejected("Nombre de conseillers validés par le COSELEC", count, "nombre de conseillers manquant")
        if day is None:
            raise RowRejected("Date de validation en comité de sélection", None, "date de validation manquante")
        written = Written(
            code=get(normalize_label("Code commune INSEE")),
            name=get(normalize_label("Commune INSEE")),
            postal=get(normalize_label("Code postal")),
            departement=departement_code(get(normalize_label("Code département"))),
            address=get(normalize_label("Adresse")),
            column="Code commune INSEE",
        )
        code = locate(col, line, written)
        siret, _ = classify_pivot(get("siret"))
        aid = actor_key(siret) or stable_id("acteur-cn", normalize_label(name), code)
        col.add_actor(Actor(id=aid, name=name, type=ActorType.AUTRE, siret=siret, code_insee=code), line)
        if _france_services(col, get(normalize_label("France services")), line):
            col.annotate("acteurs", aid, "label_france_services", "structure labellisée France Services")
        occurrence = occurrences[(aid, day)] = occurrences.get((aid, day), 0) + 1
        mediator_ids = tuple(stable_id("med-cn", aid, day.isoformat(), occurrence, n) for n in range(1, count + 1))
        for mid in mediator_ids:
            col.mediators[mid] = Mediator(id=mid, actor_id=aid, role=MediatorRole.CONSEILLER_NUMERIQUE, start_date=day)
            col.annotate(
                "mediateurs",
                mid,
                "poste_valide",
                f"poste validé en comité de sélection le {day.isoformat()} : recrutement et occupation non vérifiés",
            )
        if amount is None:
            col.issue(
                "nombre_invalide",
                Severity.WARNING,
                "investissement estimatif de l'État absent : aucun financement importé pour cette ligne",
                line=line,
                column="Investissement financier estimatif total de l’Etat",
            )
            if not mediator_ids:
                raise RowRejected("Nombre de conseillers validés par le COSELEC", 0, "ni conseiller ni financement")
            col.created("mediateurs", mediator_ids[0], line)
            return True
        fid = stable_id("fin-cn", aid, day.isoformat(), occurrence)
        end = pendulum.date(day.year, day.month, day.day).add(months=FUNDING_MONTHS).subtract(days=1)
        col.fundings[fid] = Funding(
            id=fid,
            funder=Funder.ETAT_CONSEILLER_NUMERIQUE,
            actor_id=aid,
            amount_agreed=amount,
            start_date=day,
            end_date=dt.date(end.year, end.month, end.day),
            mediator_ids=mediator_ids,
        )
        col.created("financements", fid, line)
        col.annotate("financements", fid, "montant_estime", "investissement financier estimatif total de l'État")
        col.annotate(
            "financements",
            fid,
            "periode_estimee",
            f"{FUNDING_MONTHS} mois à partir de la validation : convention type du dispositif, absente du fichier",
        )
        return True

    run_rows(col, rows, handle)
    if col.fundings:
        col.note_once(
            "estimation",
            "montants des financements estimés par la source et période de 24 mois conventionnelle : voir "
            "annotations.csv",
            column="Investissement financier estimatif total de l’Etat",
        )
    return col.reading("conseillers_numeriques", "structures", GENERATIONS["structures"])


def _france_services(col: Collector, value: object, line: int) -> bool:
    try:
        return bool(parse_bool(value))
    except CellValueError as exc:
        col.issue(
            "valeur_ignoree",
            Severity.WARNING,
            f"{exc} : valeur ignorée",
            line=line,
            column="France services",
            value=value,
        )
        return False
