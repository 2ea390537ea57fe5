"""*Standard des lieux de médiation numérique*: v1 and v0.1.x, CSV and JSON, and the pre-standard permanences.

Each row gives a :class:`~afnor_ctin.model.Place` and the :class:`~afnor_ctin.model.Actor` behind it:
the actor is keyed by the SIRET of ``pivot`` (else its RNA number); an all-zero pivot counts as
missing, and then the actor gets a stable id derived from the place's ``source`` and ``id``. One
SIRET may carry several places. Contact fields (phones, e-mails, the ``aidants`` of the
conseiller-numérique permanences) are never read.

The generation (v0 or v1) is read from the values of the closed vocabularies (see
:mod:`~afnor_ctin.io.exports.lieux_vocabulary`); v0 services are mapped to v1 services. Lists are
split on ``|`` (v1), ``;`` (v0) and ``, `` (permanences), none of which occurs inside a value of the
vocabularies; identifiers are never split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import ExportReading, Location
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import locate, written_in
from afnor_ctin.io.exports._ids import actor_key, classify_pivot, stable_id
from afnor_ctin.io.exports._values import CellValueError, Codec, parse_date, split_multi, text
from afnor_ctin.io.exports.lieux_vocabulary import SERVICES_V0
from afnor_ctin.model.enums import ActorType, LabelledEnum, Service
from afnor_ctin.model.records import Actor, Place

__all__ = ["FIELD_MAP", "GENERATIONS", "SERVICE_CODEC", "TYPOLOGY_CODEC", "read_rows"]

#: Source field → model attribute (``Place.*`` / ``Actor.*``); other fields are not imported.
FIELD_MAP: dict[str, str] = {
    "id": "Place.id",
    "pivot": "Actor.siret (SIRET, sinon RNA) → Place.actor_id",
    "structureId": "Actor.id sans pivot (permanences des conseillers numériques)",
    "nom": "Place.name",
    "code_insee": "Place.code_insee",
    "commune": "Place.code_insee (résolution de la commune avec code_insee, code_postal, adresse, coordonnées)",
    "code_postal": "Place.code_insee (résolution)",
    "latitude, longitude, adresse": "Place.code_insee (résolution), même lieu dans plusieurs fichiers",
    "typologie": "Actor.type (premier code reconnu)",
    "structure_parente": "Actor.name",
    "itinerance": "Place.itinerant",
    "date_maj": "Place.updated_on (1970-01-01, date de remplacement, ignorée)",
    "services": "Place.services (services v0 ramenés aux services v1)",
}

#: Generation ids with their French description.
GENERATIONS: dict[str, str] = {
    "v1-csv": "standard des lieux de médiation numérique v1 (CSV)",
    "v1-json": "standard des lieux de médiation numérique v1 (JSON)",
    "v0-csv": "standard des lieux de médiation numérique v0.1.x (CSV)",
    "v0-json": "standard des lieux de médiation numérique v0.1.x (JSON)",
    "permanences": "lieux et permanences des conseillers numériques (cartographie nationale, JSON pré-standard)",
}

#: Services codec: v1 labels (the model's labels, with the schema description's misspelling) and v0 labels.
SERVICE_CODEC: Codec[Service] = Codec(
    Service, {"Comprehension du monde numérique": "comprehension_du_monde_numerique", **SERVICES_V0}
)
TYPOLOGY_CODEC: Codec[ActorType] = Codec(ActorType)
E = TypeVar("E", bound=LabelledEnum)
_LIST_SEPARATORS = "|;,"
#: ``date_maj`` written by transformations that could read no date (the standard 2.0 drops it as absent).
_EPOCH = dt.date(1970, 1, 1)


def read_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]], *, file: str, generation: str, description: str
) -> ExportReading:
    """Build places and actors from rows of the standard (one mapping per row, with its line number).

    ``generation`` is one of :data:`GENERATIONS`. With ``permanences`` (format
    ``conseillers_numeriques``), place ids are ``cnfs-permanence-<id>`` and a place without a
    pivot belongs to ``cnfs-structure-<structureId>``: the ids the CRA v1 archive uses.
    """
    col = Collector(file)
    permanences = generation == "permanences"

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        col.warn_extra_cells(row, line)
        source_id = text(row.get("id"))
        if source_id is None:
            raise RowRejected("id", row.get("id"), "identifiant du lieu manquant")
        place_id = f"cnfs-permanence-{source_id}" if permanences else source_id
        name = text(row.get("nom"))
        if name is None:
            raise RowRejected("nom", row.get("nom"), "nom du lieu manquant")
        written = written_in(col, line, row)
        code = locate(col, line, written)
        aid = _actor_id(col, row, line, place_id, permanences)
        typologies = _decoded(col, row, line, TYPOLOGY_CODEC, "typologie", ("acteurs", aid))
        col.add_actor(
            Actor(
                id=aid,
                name=text(row.get("structure_parente")) or name,
                type=typologies[0] if typologies else ActorType.AUTRE,
                siret=classify_pivot(row.get("pivot"))[0],
                code_insee=code,
            ),
            line,
        )
        services = _decoded(col, row, line, SERVICE_CODEC, "services", ("lieux", place_id))
        mobile = split_multi(row.get("itinerance"), _LIST_SEPARATORS)
        place = Place(
            id=place_id,
            actor_id=aid,
            name=name,
            code_insee=code,
            services=tuple(services),
            itinerant=any(v.casefold().startswith("itin") for v in mobile),
            updated_on=_updated_on(col, row, line),
        )
        known = place_id in col.places
        col.add_place(place, line)
        if known:
            return False
        col.created("lieux", place_id, line)
        address = text(row.get("adresse"))
        if written.latitude is not None or address is not None:
            col.locations[place_id] = Location(
                place_id=place_id, latitude=written.latitude, longitude=written.longitude, address=address
            )
        return True

    run_rows(col, rows, handle)
    fmt = "conseillers_numeriques" if permanences else "lieux"
    return col.reading(fmt, generation, description)


def _decoded(
    col: Collector, row: Mapping[str, Any], line: int, codec: Codec[E], column: str, record: tuple[str, str]
) -> list[E]:
    """The known values of a list column, the others kept as unmapped values of ``record`` (entity, id)."""
    items = split_multi(row.get(column), _LIST_SEPARATORS)
    return col.decode_many(codec.decode, items, entity=record[0], id=record[1], column=column, line=line)


def _actor_id(col: Collector, row: Mapping[str, Any], line: int, place_id: str, permanences: bool) -> str:
    siret, other = classify_pivot(row.get("pivot"))
    if other is not None:
        col.issue(
            "pivot_non_reconnu",
            Severity.WARNING,
            "pivot ni SIRET (14 chiffres) ni RNA (W + 9 chiffres) : acteur identifié par le lieu",
            line=line,
            column="pivot",
            value=other,
        )
    found = actor_key(siret)
    if found is not None:
        return found
    structure = text(row.get("structureId")) if permanences else None
    if structure is not None:
        return f"cnfs-structure-{structure}"
    return stable_id("acteur", text(row.get("source")) or "", place_id)


def _updated_on(col: Collector, row: Mapping[str, Any], line: int) -> dt.date | None:
    try:
        updated = parse_date(row.get("date_maj"))
        problem = "1970-01-01 : date de remplacement d'une date absente" if updated == _EPOCH else None
    except CellValueError:
        updated, problem = None, "illisible"
    if problem is None:
        return updated
    col.issue(
        "date_invalide",
        Severity.WARNING,
        f"date de mise à jour {problem}, ignorée",
        line=line,
        column="date_maj",
        value=row.get("date_maj"),
    )
    return None
