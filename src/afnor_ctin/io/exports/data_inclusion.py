"""*data·inclusion* structures (JSON, schema v0 and v1) → actors, and places when an address is given.

v0 carries a ``typologie`` code; v1 has none, so the actor type comes from the first
``reseaux_porteurs`` code of :data:`NETWORK_TYPES` (others leave the type ``Autre`` and are kept raw
in the unmapped list). Actors are keyed by SIRET (else RNA, else the structure id); several
structures with the same SIRET give one actor and one place each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from afnor_ctin.io.exports._base import ExportReading
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import locate
from afnor_ctin.io.exports._ids import actor_key, classify_pivot
from afnor_ctin.io.exports._values import Codec, parse_date, split_multi, text
from afnor_ctin.model.enums import ActorType
from afnor_ctin.model.records import Actor, Place

__all__ = ["FIELD_MAP", "NETWORK_TYPES", "V0_KEYS", "V1_KEYS", "read_structures"]

#: Source key → model attribute.
FIELD_MAP: dict[str, str] = {
    "id": "Actor.id (sans SIRET ni RNA) / Place.id",
    "siret": "Actor.siret",
    "rna": "Actor.siret (v0, sans SIRET)",
    "nom": "Actor.name / Place.name",
    "typologie": "Actor.type (v0)",
    "reseaux_porteurs": "Actor.type (v1, via NETWORK_TYPES)",
    "code_insee": "Actor.code_insee / Place.code_insee",
    "commune": "Place.code_insee (résolu avec code_postal)",
    "date_maj": "Place.updated_on",
}
#: Keys found only in v0 structures, and only in v1 structures.
V0_KEYS = frozenset({"typologie", "labels_nationaux", "rna", "antenne", "presentation_resume", "horaires_ouverture"})
V1_KEYS = frozenset({"reseaux_porteurs", "horaires_accueil", "accessibilite_lieu", "description"})
#: v1 ``reseaux_porteurs`` code → structure typology.
NETWORK_TYPES: dict[str, str] = {
    "france-service": "RFS",
    "ccas-cias": "CCAS",
    "communes": "MUNI",
    "departements": "CD",
    "regions": "REG",
    "caf": "CAF",
    "la-poste": "LA_POSTE",
    "msap": "MSAP",
    "mjc": "MJC",
    "pimms-mediation": "PIMMS",
    "espaces-publics-numeriques": "EPN",
    "france-travail": "FT",
    "mission-locale": "ML",
    "cap-emploi": "CAP_EMPLOI",
    "cpam": "CPAM",
    "msa": "MSA",
}
TYPOLOGY_CODEC: Codec[ActorType] = Codec(ActorType)
NETWORK_CODEC: Codec[ActorType] = Codec(ActorType, NETWORK_TYPES)


def read_structures(
    items: Sequence[Mapping[str, Any]], *, file: str, generation: str, description: str
) -> ExportReading:
    """Build actors and places from data·inclusion structure objects (``v0`` or ``v1``)."""
    col = Collector(file)

    def handle(line: int, item: Mapping[str, Any]) -> bool:
        if not isinstance(item, Mapping):
            raise RowRejected(None, item, "objet JSON attendu")
        sid = text(item.get("id"))
        name = text(item.get("nom"))
        if sid is None or name is None:
            raise RowRejected("id" if sid is None else "nom", sid, "structure sans id ou sans nom")
        siret, _ = classify_pivot(item.get("siret"))
        if siret is None:
            siret, _ = classify_pivot(item.get("rna"))
        aid = actor_key(siret) or f"di-{sid}"
        code = locate(
            col,
            line,
            code=item.get("code_insee"),
            name=item.get("commune"),
            postal=item.get("code_postal"),
            latitude=item.get("latitude"),
            longitude=item.get("longitude"),
        )
        kind = ActorType.AUTRE
        if generation == "v0":
            raw = text(item.get("typologie"))
            if raw is not None:
                found = TYPOLOGY_CODEC.decode(raw)
                if found is None:
                    col.keep_unmapped("acteurs", aid, "typologie", raw, line)
                else:
                    kind = found
        else:
            networks = split_multi(item.get("reseaux_porteurs"), "|,")
            types = [t for t in (NETWORK_CODEC.extra.get(n) for n in networks) if t]
            if types:
                kind = ActorType(types[0])
            else:
                for n in networks:
                    col.keep_unmapped("acteurs", aid, "reseaux_porteurs", n, line)
        created = aid not in col.actors
        col.add_actor(Actor(id=aid, name=name, type=kind, siret=siret, code_insee=code), line)
        if code is not None and (text(item.get("adresse")) or text(item.get("commune"))):
            try:
                updated = parse_date(item.get("date_maj"))
            except ValueError:
                updated = None
            pid = f"di-{sid}"
            created = created or pid not in col.places
            col.add_place(Place(id=pid, actor_id=aid, name=name, code_insee=code, updated_on=updated), line)
        return created

    run_rows(col, ((i, item) for i, item in enumerate(items, start=1)), handle)
    return col.reading("data_inclusion", generation, description)
