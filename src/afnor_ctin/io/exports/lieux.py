"""*Standard des lieux de médiation numérique*: v1 (CSV ``|``, JSON of the national API) and v0.1.x.

Each row gives a :class:`~afnor_ctin.model.Place` and the :class:`~afnor_ctin.model.Actor` behind it:
the actor is keyed by the SIRET of ``pivot`` (else its RNA number); an all-zero pivot counts as
missing, and then the actor gets a stable id derived from the place's ``source`` and ``id``. One
SIRET may carry several places. Contact fields (phone, e-mails) are never read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import ExportReading
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import locate
from afnor_ctin.io.exports._ids import actor_key, classify_pivot, stable_id
from afnor_ctin.io.exports._values import Codec, parse_date, split_multi, text
from afnor_ctin.model.enums import ActorType, Service
from afnor_ctin.model.records import Actor, Place

__all__ = ["FIELD_MAP", "SERVICES_V0", "SERVICE_CODEC", "V0_MARKERS", "read_rows"]

#: Source field → model attribute (``Place.*`` / ``Actor.*``); other fields are not imported.
FIELD_MAP: dict[str, str] = {
    "id": "Place.id",
    "pivot": "Actor.siret (SIRET, sinon RNA) → Place.actor_id",
    "nom": "Place.name",
    "code_insee": "Place.code_insee",
    "commune": "Place.code_insee (résolu avec code_postal si code_insee manque)",
    "code_postal": "Place.code_insee (résolution)",
    "typologie": "Actor.type (premier code reconnu)",
    "structure_parente": "Actor.name",
    "itinerance": "Place.itinerant",
    "date_maj": "Place.updated_on",
    "services": "Place.services",
}

#: Headers present only in the legacy v0.1.x files.
V0_MARKERS = frozenset({"publics_accueillis", "conditions_acces", "labels_nationaux", "cle_ban", "courriel"})

#: v0.1.x services (15 values) → v1 services (9), the standard's "15 services condensed into 9".
SERVICES_V0: dict[str, str] = {
    "Devenir autonome dans les démarches administratives": "aide_aux_demarches_administratives",
    "Réaliser des démarches administratives avec un accompagnement": "aide_aux_demarches_administratives",
    "Accompagner les démarches de santé": "aide_aux_demarches_administratives",
    "Prendre en main un smartphone ou une tablette": "maitrise_des_outils_numeriques_du_quotidien",
    "Prendre en main un ordinateur": "maitrise_des_outils_numeriques_du_quotidien",
    "Utiliser le numérique au quotidien": "maitrise_des_outils_numeriques_du_quotidien",
    "Approfondir ma culture numérique": "comprehension_du_monde_numerique",
    "Promouvoir la citoyenneté numérique": "comprehension_du_monde_numerique",
    "Favoriser mon insertion professionnelle": "insertion_professionnelle_via_le_numerique",
    "Créer et développer mon entreprise": "insertion_professionnelle_via_le_numerique",
    "Accéder à une connexion internet": "acces_internet_et_materiel_informatique",
    "Accéder à du matériel": "acces_internet_et_materiel_informatique",
    "S'équiper en matériel informatique": "acquisition_de_materiel_informatique_a_prix_solidaire",
    "Créer avec le numérique": "loisirs_et_creations_numeriques",
    "Soutenir la parentalité et l'éducation avec le numérique": "parentalite_et_education_avec_le_numerique",
}

#: Services codec: v1 labels (the model's labels, with the schema description's misspelling) and v0 labels.
SERVICE_CODEC: Codec[Service] = Codec(
    Service, {"Comprehension du monde numérique": "comprehension_du_monde_numerique", **SERVICES_V0}
)
TYPOLOGY_CODEC: Codec[ActorType] = Codec(ActorType)


def read_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]], *, file: str, generation: str, description: str
) -> ExportReading:
    """Build places and actors from rows of the standard (one mapping per row, with its line number).

    ``generation`` is ``v1-csv``, ``v1-json`` or ``v0-csv``; it sets the multi-value separator
    (``|`` for v1, ``;`` for v0; JSON arrays are accepted everywhere).
    """
    col = Collector(file)
    sep = ";" if generation.startswith("v0") else "|"

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        if row.get("__extra__"):
            col.issue(
                "colonnes_en_trop",
                Severity.WARNING,
                "valeurs au-delà des colonnes de l'en-tête : ignorées",
                line=line,
                value="|".join(row["__extra__"])[:200],
            )
        place_id = text(row.get("id"))
        if place_id is None:
            raise RowRejected("id", row.get("id"), "identifiant du lieu manquant")
        name = text(row.get("nom"))
        if name is None:
            raise RowRejected("nom", row.get("nom"), "nom du lieu manquant")
        code = locate(
            col,
            line,
            code=row.get("code_insee"),
            name=row.get("commune"),
            postal=row.get("code_postal"),
            latitude=row.get("latitude"),
            longitude=row.get("longitude"),
        )
        if code is None:
            raise RowRejected(
                "code_insee",
                row.get("code_insee") or row.get("commune"),
                "commune introuvable : code_insee absent ou invalide, et commune + code_postal non reconnus",
            )
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
        source = text(row.get("source")) or ""
        aid = actor_key(siret) or stable_id("acteur", source, place_id)
        typologies = col.decode_many(
            TYPOLOGY_CODEC,
            split_multi(row.get("typologie"), sep),
            entity="acteurs",
            id=aid,
            column="typologie",
            line=line,
        )
        actor = Actor(
            id=aid,
            name=text(row.get("structure_parente")) or name,
            type=typologies[0] if typologies else ActorType.AUTRE,
            siret=siret,
            code_insee=code,
        )
        col.add_actor(actor, line)
        services = col.decode_many(
            SERVICE_CODEC,
            split_multi(row.get("services"), sep),
            entity="lieux",
            id=place_id,
            column="services",
            line=line,
        )
        mobile = [v for v in split_multi(row.get("itinerance"), "|;") if v]
        try:
            updated = parse_date(row.get("date_maj"))
        except ValueError:
            col.issue(
                "date_invalide",
                Severity.WARNING,
                "date de mise à jour illisible : ignorée",
                line=line,
                column="date_maj",
                value=row.get("date_maj"),
            )
            updated = None
        place = Place(
            id=place_id,
            actor_id=aid,
            name=name,
            code_insee=code,
            services=tuple(services),
            itinerant=any(v.casefold().startswith("itin") for v in mobile),
            updated_on=updated,
        )
        if place_id in col.places:
            col.add_place(place, line)
            return False
        col.add_place(place, line)
        return True

    run_rows(col, rows, handle)
    return col.reading("lieux", generation, description)
