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
    "UNKNOWN_ACTOR_ID",
    "Aggregate",
    "Annotation",
    "ExportFileCount",
    "ExportReading",
    "Location",
    "ServiceOffer",
    "Unmapped",
]

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
