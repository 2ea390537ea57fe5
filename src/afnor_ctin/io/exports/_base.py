"""What the export readers return: the reading of one file, its side records and the issue codes."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from afnor_ctin.errors import Issue
from afnor_ctin.model.enums import Service
from afnor_ctin.model.records import (
    Action,
    Actor,
    Beneficiary,
    Commune,
    Funding,
    Mediator,
    Participation,
    Place,
)

__all__ = [
    "ISSUE_CODES",
    "UNKNOWN_ACTOR_ID",
    "Aggregate",
    "Annotation",
    "ExportFileCount",
    "ExportReading",
    "Location",
    "ServiceOffer",
    "Unmapped",
]

#: Issue codes of the importers (stable) with their French meaning; a test keeps it complete.
ISSUE_CODES: dict[str, str] = {
    "fichier_illisible": "Fichier d'export illisible ou de format non reconnu : aucune ligne importée.",
    "ligne_rejetee": "Ligne rejetée (raison dans le message) : identifiant, date, type ou commune manquant ou "
    "illisible.",
    "valeur_invalide": "Valeur refusée par le modèle (règle de validation) : la ligne est rejetée.",
    "date_invalide": "Date illisible : la ligne est rejetée ou la date ignorée, comme le dit le message.",
    "nombre_invalide": "Nombre illisible ou absent (effectif, nombre d'aidants, montant) : la valeur est ignorée, "
    "comme le dit le message.",
    "valeur_ignoree": "Valeur illisible d'une colonne facultative (coordonnées, oui/non) : ignorée, la ligne est "
    "importée.",
    "duree_invalide": "Durée illisible : ignorée (l'action est importée sans durée).",
    "valeur_non_reconnue": "Valeur d'une liste (type, thématique, canal…) qu'aucune table de correspondance ne "
    "reconnaît : conservée telle quelle dans non_reconnus.csv, jamais devinée.",
    "colonne_ignoree": "Colonne volontairement non importée (notes libres, données personnelles).",
    "colonnes_en_trop": "Ligne plus longue que l'en-tête : les cellules en trop sont ignorées.",
    "doublon": "Enregistrement déjà importé (même identifiant source) : fusionné, non dupliqué.",
    "conflit": "Même enregistrement décrit différemment par deux sources : la première description est conservée "
    "et les différences sont listées.",
    "lieu_inconnu": "Activité dont le lieu n'est dans aucun fichier importé : rattachée à sa seule commune, ou "
    "rejetée si la commune manque aussi.",
    "acteur_deduit": "La structure porteuse n'est pas dans l'export : un acteur de type « Autre » est créé.",
    "pivot_non_reconnu": "Pivot ni SIRET ni RNA : l'acteur est identifié par le lieu.",
    "activite_supprimee": "Activité supprimée sur la plateforme : non importée.",
    "accompagnements_multiples": "Plusieurs lignes pour un accompagnement individuel (même ID CRA).",
    "participants_incoherents": "Nombre de lignes d'une activité différent du nombre de participants annoncé.",
    "effectifs_incoherents": "Somme des effectifs par âge ou par statut différente du nombre de participants.",
    "lieux_a_completer": "L'export ne décrit pas les lieux d'activité : à importer depuis le fichier des lieux.",
    "cle_pseudonymes_aleatoire": "Aucune clé de pseudonymisation fournie : identifiants valables pour cet import "
    "seulement.",
    "code_insee_complete": "Code commune à 4 chiffres : le zéro initial perdu (tableur, nombre JSON) est rétabli.",
    "commune_par_arrondissement": "Code ou nom d'un arrondissement municipal (Paris, Lyon, Marseille) : la ligne "
    "est rattachée à la commune entière.",
    "commune_ancienne": "Ancien code INSEE (commune fusionnée ou renumérotée) : remplacé par celui de la commune "
    "actuelle d'après l'historique du COG.",
    "commune_par_code_postal_nom": "Commune retrouvée par le couple code postal et nom dans la base de La Poste (nom, "
    "libellé d'acheminement ou ligne 5) : règle et valeurs dans le message.",
    "commune_par_nom_departement": "Commune retrouvée par son nom parmi les communes du département du code postal "
    "ou de la ligne : règle et valeurs dans le message.",
    "commune_par_ancien_nom": "Commune retrouvée par un ancien nom ou un lieu-dit (historique du COG, ligne 5 de La "
    "Poste) : à vérifier dans le message.",
    "commune_unique_code_postal": "Commune déduite du code postal, qui ne dessert qu'elle (nom absent ou non "
    "reconnu) : à vérifier dans le message.",
    "commune_par_adresse": "Commune nommée à la fin de l'adresse (après le code postal ou un séparateur) : à "
    "vérifier dans le message.",
    "commune_par_coordonnees": "Commune dont le contour contient les coordonnées de la ligne, faute d'autre "
    "indication : à vérifier dans le message.",
    "commune_a_verifier": "Commune retenue malgré une incohérence (code INSEE contredit par le nom et le code postal, "
    "nom non reconnu, code postal qui ne la dessert pas) : les deux valeurs sont dans le message.",
    "commune_non_renseignee": "Ni code INSEE, ni nom, ni code postal, ni coordonnées : la ligne est rejetée.",
    "commune_introuvable": "Aucune commune ne correspond au code, au nom et au code postal donnés : la ligne est "
    "rejetée, ou gardée sans commune comme le dit le message.",
    "commune_ambigue": "Plusieurs communes conviennent (code postal partagé sans nom, nom porté par plusieurs "
    "communes) : elles sont listées dans le message ; la ligne est rejetée, ou gardée sans commune (structure "
    "Aidants Connect, à compléter dans acteurs.csv) comme le dit le message.",
    "commune_hors_cog": "Lieu situé hors du code officiel géographique (collectivité d'outre-mer, Monaco) : la ligne "
    "est rejetée, ou gardée sans commune comme le dit le message.",
    "generation_forcee": "Génération du format imposée par l'appelant : le vocabulaire du fichier n'a pas été "
    "consulté.",
    "hors_champ": "Ligne hors du champ de l'inclusion numérique (service sans thématique numérique, territoire "
    "autre qu'une commune) : non importée, comptée parmi les rejets.",
    "structure_inconnue": "Service data·inclusion dont la structure n'est dans aucun fichier importé : importer "
    "aussi le fichier des structures.",
    "services_sans_structures": "Fichier de services data·inclusion lu seul : les services ne se rattachent qu'aux "
    "structures d'un fichier importé avec lui.",
    "antenne_rattachee": "Antenne France Services rattachée à son site principal (même acteur), selon la règle "
    "nommée dans le message.",
    "estimation": "Montant ou date estimés par la source ou par une convention documentée : marqués dans "
    "annotations.csv.",
    "lieu_fusionne": "Même lieu décrit par plusieurs fichiers (règle dans le message) : un seul lieu est gardé, "
    "la fusion est écrite dans fusions.csv.",
    "score_ifn": "Scores de l'indice de fragilité numérique appliqués aux communes du territoire.",
}

#: Actor id used when a source says nothing about the structure that carried an activity.
UNKNOWN_ACTOR_ID = "structure-non-precisee"


@attrs.frozen(kw_only=True)
class Unmapped:
    """A source value that no code of the model matches, kept raw.

    Attributes
    ----------
    entity:
        Native entity concerned (``acteurs``, ``lieux``, ``actions``, ``beneficiaires``).
    id:
        Identifier of the record that carried the value.
    column:
        Source column (or JSON key).
    value:
        The raw value, exactly as read.
    file, line:
        Where the value was read.
    """

    entity: str
    id: str
    column: str
    value: str
    file: str | None = None
    line: int | None = None


@attrs.frozen(kw_only=True)
class Aggregate:
    """A count kept as an aggregate of a record (CRA v1 histograms, Coop API counts, Aidants Connect mandates).

    Attributes
    ----------
    entity:
        Native entity of the record the count describes (``actions``, ``acteurs``).
    id:
        The record the count describes.
    dimension:
        What is counted: ``age``, ``statut``, ``genre`` (participants of an action), ``activite`` or
        ``demarche`` (what a structure declares).
    category:
        The source category (e.g. ``de18a35ans``, ``mandats``), never re-binned.
    count:
        The count.
    """

    entity: str
    id: str
    dimension: str
    category: str
    count: int


@attrs.frozen(kw_only=True)
class Annotation:
    """A fact about an imported record that the model has no field for (estimates, antennas, inactive structures).

    Attributes
    ----------
    entity:
        Native entity of the record (``acteurs``, ``lieux``, ``mediateurs``, ``financements``).
    id:
        The record.
    kind:
        Stable code of the fact: ``montant_estime``, ``periode_estimee``, ``debut_estime``,
        ``antenne_de``, ``antenne_sans_site_principal``, ``structure_inactive``, ``label_france_services``,
        ``commune_a_completer``.
    note:
        French explanation (and the value, e.g. the id of the main site of an antenna).
    """

    entity: str
    id: str
    kind: str
    note: str


@attrs.frozen(kw_only=True)
class Location:
    """Coordinates and address of a place as its source gives them (used to recognise one place in two files).

    Attributes
    ----------
    place_id:
        The place.
    latitude, longitude:
        WGS84 degrees, when given.
    address:
        Street address as written, when given (never a person's address).
    """

    place_id: str
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None


@attrs.frozen(kw_only=True)
class ServiceOffer:
    """A data·inclusion *service* waiting for its structure: its digital services go to the structure's place.

    Attributes
    ----------
    id:
        Service id of the source.
    structure_id:
        Id of the structure offering it (``structure_id`` of the source).
    source:
        Producer of the record (``dora``, ``mes-aides``…), when given.
    services:
        The place services its digital thématiques map to (never empty).
    line:
        Position of the service in its file.
    """

    id: str
    structure_id: str
    source: str | None
    services: tuple[Service, ...]
    line: int


@attrs.frozen(kw_only=True)
class ExportFileCount:
    """What happened to the rows of one source file.

    ``read == imported + merged + rejected``: a row is imported (it created a record), merged into
    a record already created by another row (Coop accompaniments sharing one ``ID CRA``, the same
    object in several pages, the same place in two files), or rejected with an issue naming the reason.
    """

    file: str
    read: int
    imported: int
    merged: int
    rejected: int


@attrs.frozen(kw_only=True)
class ExportReading:
    """The records read from one national export file, with everything that could not be read.

    Attributes
    ----------
    format:
        Format id of :data:`~afnor_ctin.io.exports.FORMATS` (``lieux``, ``coop``, ``france_services``…).
    generation:
        Generation of the format found in the file (e.g. ``v1-csv``, ``accompagnements-2025``).
    description:
        French description of what was found.
    actors, places, mediators, actions, beneficiaries, participations, fundings:
        Model records, ids unique per entity.
    communes:
        Communes with their *indice de fragilité numérique* (``format="ifn"``).
    aggregates:
        Counts kept as aggregates (never turned into invented beneficiaries).
    annotations:
        Facts about records that the model has no field for.
    locations:
        Coordinates and addresses of places, used to recognise the same place in several files.
    service_offers:
        data·inclusion services waiting for their structures (attached by :func:`import_files`).
    unmapped:
        Enumeration values no code matches, kept raw.
    issues:
        Every finding, in reading order.
    files:
        Row accounting per file.
    origins:
        Per native entity, the line of the row that created each record (to locate later rejections).
    """

    format: str
    generation: str
    description: str
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    mediators: tuple[Mediator, ...] = ()
    actions: tuple[Action, ...] = ()
    beneficiaries: tuple[Beneficiary, ...] = ()
    participations: tuple[Participation, ...] = ()
    fundings: tuple[Funding, ...] = ()
    communes: tuple[Commune, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    locations: tuple[Location, ...] = ()
    service_offers: tuple[ServiceOffer, ...] = ()
    unmapped: tuple[Unmapped, ...] = ()
    issues: tuple[Issue, ...] = ()
    files: tuple[ExportFileCount, ...] = ()
    origins: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict, eq=False, repr=False)

    def counts(self) -> dict[str, int]:
        """Number of records per native entity name."""
        return {
            "acteurs": len(self.actors),
            "lieux": len(self.places),
            "mediateurs": len(self.mediators),
            "actions": len(self.actions),
            "beneficiaires": len(self.beneficiaries),
            "participations": len(self.participations),
            "financements": len(self.fundings),
        }
