"""*data·inclusion* structures and services (JSON, schemas v0 and v1).

Structures give actors, and places when an address is given. v0 carries a ``typologie`` code; v1
has none, so the actor type comes from the first ``reseaux_porteurs`` code of :data:`NETWORK_TYPES`
(others leave the type ``Autre`` and are kept raw in the unmapped list). Actors are keyed by SIRET
(else RNA, else the structure id); several structures with the same SIRET give one actor and one
place each.

Services are not structures: a service never creates an actor. Its digital thématiques
(:data:`THEMATIQUES_V0`, :data:`THEMATIQUES_V1`) become services of its structure's place when the
structures file is imported with it (:func:`~afnor_ctin.io.exports.import_files`); a service with
no digital thématique (and no ``numerique`` type) is outside digital inclusion and is not imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from afnor_ctin.errors import Issue, Severity
from afnor_ctin.io.exports._base import ExportReading, Location, ServiceOffer
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import locate_or_keep, written_in
from afnor_ctin.io.exports._ids import actor_key, classify_pivot
from afnor_ctin.io.exports._values import CellValueError, Codec, parse_date, split_multi, text
from afnor_ctin.model.enums import ActorType, Service
from afnor_ctin.model.records import Actor, Place

__all__ = [
    "FIELD_MAP",
    "GENERATIONS",
    "NETWORK_TYPES",
    "SERVICE_V0_KEYS",
    "SERVICE_V1_KEYS",
    "THEMATIQUES_V0",
    "THEMATIQUES_V1",
    "V0_KEYS",
    "V1_KEYS",
    "missing_structures_issue",
    "place_id_of",
    "read_services",
    "read_structures",
]

#: Source key → model attribute.
FIELD_MAP: dict[str, str] = {
    "id": "Actor.id (sans SIRET ni RNA) / Place.id",
    "siret": "Actor.siret",
    "rna": "Actor.siret (v0, sans SIRET)",
    "nom": "Actor.name / Place.name",
    "typologie": "Actor.type (v0)",
    "reseaux_porteurs": "Actor.type (v1, via NETWORK_TYPES)",
    "code_insee": "Actor.code_insee / Place.code_insee",
    "commune, code_postal, adresse, latitude, longitude": "Place.code_insee (résolution de la commune)",
    "date_maj": "Place.updated_on",
    "structure_id (services)": "lieu de la structure du service",
    "thematiques (services)": "Place.services de la structure (thématiques numériques)",
}
#: Generation ids with their French description.
GENERATIONS: dict[str, str] = {
    "v0": "structures data·inclusion (schéma v0)",
    "v1": "structures data·inclusion (schéma v1)",
    "services-v0": "services data·inclusion (schéma v0)",
    "services-v1": "services data·inclusion (schéma v1)",
}
#: Keys found only in v0 structures, and only in v1 structures.
V0_KEYS = frozenset({"typologie", "labels_nationaux", "rna", "antenne", "presentation_resume", "horaires_ouverture"})
V1_KEYS = frozenset({"reseaux_porteurs", "horaires_accueil", "accessibilite_lieu", "description"})
#: Keys found only in v0 services, and only in v1 services.
SERVICE_V0_KEYS = frozenset({"types", "profils", "presentation_resume", "zone_diffusion_type", "prise_rdv"})
SERVICE_V1_KEYS = frozenset({"type", "publics", "description", "zone_eligibilite", "lien_mobilisation"})
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
#: v0 digital thématiques → place services: the ANCT's map (reference library ``lieux-de-mediation-numerique``,
#: ``THEMATIQUES_TO_SERVICES``); they mirror the 15 v0 services of the lieux standard. The bare ``numerique``
#: category names no service.
THEMATIQUES_V0: dict[str, Service] = {
    "numerique--devenir-autonome-dans-les-demarches-administratives": Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement": (
        Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES
    ),
    "numerique--accompagner-les-demarches-de-sante": Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
    "numerique--prendre-en-main-un-smartphone-ou-une-tablette": Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
    "numerique--prendre-en-main-un-ordinateur": Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
    "numerique--utiliser-le-numerique-au-quotidien": Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
    "numerique--approfondir-ma-culture-numerique": Service.COMPREHENSION_DU_MONDE_NUMERIQUE,
    "numerique--promouvoir-la-citoyennete-numerique": Service.COMPREHENSION_DU_MONDE_NUMERIQUE,
    "numerique--favoriser-mon-insertion-professionnelle": Service.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
    "numerique--creer-et-developper-mon-entreprise": Service.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
    "numerique--acceder-a-une-connexion-internet": Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
    "numerique--acceder-a-du-materiel": Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
    "numerique--s-equiper-en-materiel-informatique": Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE,
    "numerique--acquerir-un-equipement": Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE,
    "numerique--creer-avec-le-numerique": Service.LOISIRS_ET_CREATIONS_NUMERIQUES,
    "numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique": (
        Service.PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE
    ),
}
#: v1 digital thématiques → place services (no official crosswalk exists: the library's reading of their labels).
THEMATIQUES_V1: dict[str, Service] = {
    "numerique--acceder-a-des-services-en-ligne": Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
    "numerique--acceder-a-une-connexion-internet": Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
    "numerique--acquerir-un-equipement": Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE,
    "numerique--maitriser-les-fondamentaux-du-numerique": Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
}
TYPOLOGY_CODEC: Codec[ActorType] = Codec(ActorType)
NETWORK_CODEC: Codec[ActorType] = Codec(ActorType, NETWORK_TYPES)


def missing_structures_issue(file: str, offers: int) -> Issue:
    """The error of a services file read without the structures its services belong to."""
    return Issue(
        code="services_sans_structures",
        severity=Severity.ERROR,
        message=(
            f"{offers} service(s) numérique(s) à rattacher à leurs structures : importez ce fichier avec le fichier "
            "des structures data·inclusion (afnor-ctin importer structures.json services.json --sortie DOSSIER) ; "
            "sans lui, aucun service n'est importé et aucun acteur n'est créé"
        ),
        file=file,
    )


def place_id_of(structure_id: str) -> str:
    """Id of the place of a data·inclusion structure."""
    return f"di-{structure_id}"


def read_structures(
    items: Sequence[Mapping[str, Any]], *, file: str, generation: str, description: str
) -> ExportReading:
    """Build actors and places from data·inclusion structure objects (``v0`` or ``v1``)."""
    col = Collector(file)

    def handle(line: int, item: Mapping[str, Any]) -> bool:
        sid, name = _required(item, "id", "nom", "structure")
        siret, _ = classify_pivot(item.get("siret"))
        if siret is None:
            siret, _ = classify_pivot(item.get("rna"))
        aid = actor_key(siret) or f"di-{sid}"
        written = written_in(col, line, item)
        code = locate_or_keep(col, line, written, otherwise="acteur importé sans commune ni lieu")
        kind = _kind(col, item, aid, line, generation)
        new_actor = aid not in col.actors
        col.add_actor(Actor(id=aid, name=name, type=kind, siret=siret, code_insee=code), line)
        new_place = False
        if code is not None and (text(item.get("adresse")) or text(item.get("commune"))):
            try:
                updated = parse_date(item.get("date_maj"))
            except CellValueError:
                updated = None
            pid = place_id_of(sid)
            if pid not in col.places:
                new_place = True
                col.created("lieux", pid, line)
                col.locations[pid] = Location(
                    place_id=pid,
                    latitude=written.latitude,
                    longitude=written.longitude,
                    address=text(item.get("adresse")),
                )
            col.add_place(Place(id=pid, actor_id=aid, name=name, code_insee=code, updated_on=updated), line)
        if new_actor and not new_place:
            col.created("acteurs", aid, line)  # a structure without a place is its actor
        return new_actor or new_place

    run_rows(col, ((i, item) for i, item in enumerate(items, start=1)), handle)
    return col.reading("data_inclusion", generation, description)


def _required(item: object, first: str, second: str, what: str) -> tuple[str, str]:
    """The two required texts of a JSON object, else the object is rejected."""
    if not isinstance(item, Mapping):
        raise RowRejected(None, item, "objet JSON attendu")
    a, b = text(item.get(first)), text(item.get(second))
    if a is None or b is None:
        raise RowRejected(first if a is None else second, a, f"{what} sans {first} ou sans {second}")
    return a, b


def _kind(col: Collector, item: Mapping[str, Any], aid: str, line: int, generation: str) -> ActorType:
    if generation == "v0":
        found = col.decode_one(
            TYPOLOGY_CODEC.decode, item.get("typologie"), entity="acteurs", id=aid, column="typologie", line=line
        )
        return ActorType.AUTRE if found is None else found
    networks = split_multi(item.get("reseaux_porteurs"), "|,")
    types = [t for t in (NETWORK_CODEC.extra.get(n) for n in networks) if t]
    if types:
        return ActorType(types[0])
    for n in networks:
        col.keep_unmapped("acteurs", aid, "reseaux_porteurs", n, line)
    return ActorType.AUTRE


def read_services(items: Sequence[Mapping[str, Any]], *, file: str, generation: str, description: str) -> ExportReading:
    """Read data·inclusion service objects as offers waiting for their structures (never as actors).

    A digital service (a ``numerique…`` thématique, or the v0 type ``numerique``) becomes a
    :class:`~afnor_ctin.io.exports.ServiceOffer` (counted imported here; :func:`import_files`
    attaches it to its structure's place or rejects it). Any other service is outside digital
    inclusion and is rejected with an information issue (``hors_champ``).
    """
    col = Collector(file)
    mapping = THEMATIQUES_V1 if generation == "services-v1" else THEMATIQUES_V0

    def handle(line: int, item: Mapping[str, Any]) -> bool:
        sid, structure = _required(item, "id", "structure_id", "service")
        thematiques = split_multi(item.get("thematiques"), "|,")
        types = split_multi(item.get("types"), "|,") + split_multi(item.get("type"), "|,")
        digital = [t for t in thematiques if t.startswith("numerique")]
        if not digital and "numerique" not in types:
            raise RowRejected(
                "thematiques",
                ", ".join(thematiques)[:200] or None,
                "service sans thématique numérique : hors du champ de l'inclusion numérique, non importé",
                code="hors_champ",
            )
        services: list[Service] = []
        for t in digital:
            found = mapping.get(t)
            if found is None and t != "numerique":
                col.keep_unmapped("lieux", place_id_of(structure), "thematiques", t, line)
            elif found is not None and found not in services:
                services.append(found)
        col.created("services", sid, line)
        col.service_offers.append(
            ServiceOffer(
                id=sid, structure_id=structure, source=text(item.get("source")), services=tuple(services), line=line
            )
        )
        return True

    run_rows(col, ((i, item) for i, item in enumerate(items, start=1)), handle)
    return col.reading("data_inclusion", generation, description)
