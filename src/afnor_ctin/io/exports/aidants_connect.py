"""Aidants Connect structures: the JSON of the national cartography and the statistics exports (CSV).

Each structure (habilitation) gives a place (``ac-<id>``) and its actor (keyed by SIRET, else by
the structure), one mediator post per declared aidant (role ``aidant``, certification Aidants
Connect, id ``med-ac-<structure>-<n>``: no person is named or hashed) and its activity counts as
:class:`~afnor_ctin.io.exports.Aggregate` records (mandates, people helped, démarches per
« Question … » column), never turned into invented actions. An inactive structure keeps its actor
and counts, marked ``structure_inactive``, with no place and no aidant in post. The files give no
start date for the aidants: their posts start on the file's ``date_maj``, else on the file's
modification date (annotation ``debut_estime``).

The commune comes from everything the row gives (code, city, postal code, département, address,
and the structure's name as a last resort). The JSON gives only a postal code, an address and the
name: when the postal code serves several communes and neither the address nor the name names one
of them, no rule can tell which without guessing, so the structure is kept
without commune and without place (its actor, aidants and counts are imported), with a warning
``commune_ambigue`` listing the candidate communes and the annotation ``commune_a_completer`` (the
same list, written to ``annotations.csv``): the user completes ``acteurs.csv``. Any other failure
(a postal code unknown to La Poste's base and an address naming no commune, a place outside the
COG) rejects the row. A structure without commune gives its actor no commune unless another
structure of the same actor does (no conflict then).

Shapes: ``json`` (``Data pass ID``, ``Name``, ``SIRET``, ``Adresse``, ``Code postal`` as a number,
``Nombre de mandats``, ``Nombre d'usagers accompagnés``, ``Nombre d'agents formés``, ``date_maj``),
``statistiques`` (``Name, ID, UUID, Is Active, City Insee Code, Address, Zip Code, Siret, France
Services Label, City, Nombre d'aidants`` then ``Question NNN → Nombre …``, ``,``-separated) and
``statistiques-ancien`` (the same, ``;``-separated, ``TRUE``/``FALSE``, multi-line addresses).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import Aggregate, ExportReading, Location
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import Written, departement_code, locate_or_keep, why_not_located
from afnor_ctin.io.exports._ids import actor_key, classify_pivot, stable_id
from afnor_ctin.io.exports._values import CellValueError, label_key, parse_bool, parse_date, parse_int, text
from afnor_ctin.model.enums import ActorType, Certification, MediatorRole, normalize_label
from afnor_ctin.model.records import Actor, Mediator, Place
from afnor_ctin.reference import Unresolved

__all__ = ["FIELD_MAP", "GENERATIONS", "JSON_KEYS", "STATISTICS_KEYS", "is_question", "read_rows"]

GENERATIONS: dict[str, str] = {
    "json": "structures habilitées Aidants Connect (JSON de la cartographie nationale)",
    "statistiques": "export statistique des structures Aidants Connect (CSV, séparateur « , »)",
    "statistiques-ancien": "ancien export statistique des structures Aidants Connect (CSV, séparateur « ; »)",
}
#: Keys that identify each shape (normalised labels).
JSON_KEYS = frozenset({normalize_label("Data pass ID"), normalize_label("Nombre d'agents formés")})
STATISTICS_KEYS = frozenset({"name", "is active", normalize_label("Nombre d'aidants")})
#: Source column → model attribute; other columns are not imported.
FIELD_MAP: dict[str, str] = {
    "Data pass ID / ID": "Place.id (ac-<id>), ids des postes d'aidants",
    "Name": "Place.name, Actor.name",
    "SIRET / Siret": "Actor.siret (acteur par SIRET)",
    "City Insee Code, City / commune, Zip Code / Code postal, Département, Adresse": "Place.code_insee, "
    "Actor.code_insee (résolution de la commune)",
    "Nombre d'agents formés / Nombre d'aidants": "un poste de médiateur (aidant, habilité Aidants Connect) par aidant",
    "Is Active": "structure inactive : acteur marqué, sans lieu ni aidant",
    "Nombre de mandats, Nombre d'usagers accompagnés, Question … → Nombre …": "agregats.csv",
    "France Services Label": "annotations.csv",
}
_QUESTION = re.compile(r"^\s*question\s*\d+\s*(?:→|->|:)?\s*(.*)$", re.I)
#: What is done with a structure whose commune cannot be told (a postal code of several communes, no name).
_WITHOUT_COMMUNE = (
    "structure importée sans commune ni lieu, avec ses aidants : complétez son code_insee dans acteurs.csv"
)
_ACTIVITY = {
    normalize_label("Nombre de mandats"): "mandats",
    normalize_label("Nombre d'usagers accompagnés"): "usagers_accompagnes",
}


def is_question(header: str) -> bool:
    """True for a « Question NNN → Nombre … » statistics column."""
    return _QUESTION.match(header) is not None


def read_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]], *, file: str, generation: str, file_date: dt.date
) -> ExportReading:
    """Build the structures' actors, places, aidant posts and counts (one mapping per row, with its line).

    ``file_date`` is the start date of the aidants' posts when a row has no ``date_maj``.
    """
    col = Collector(file)
    seen: set[str] = set()

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        get = _getter(row)
        name = text(get("Name"))
        if name is None:
            raise RowRejected("Name", None, "nom de la structure manquant")
        source_id = (text(get("Data pass ID")) or text(get("ID")) or "").translate(_DIGIT_SPACES) or None
        postal = get("Zip Code", "Code postal")
        address = text(get("Address", "Adresse"))
        key = source_id or stable_id("structure", name, text(postal), address)[len("structure-") :]
        place_id = f"ac-{key}"
        if key in seen:
            return False  # the same structure listed twice (a Corsican structure under both départements)
        written = Written(
            code=get("City Insee Code"),
            name=get("City", "commune"),
            postal=postal,
            departement=departement_code(get("Département")),
            address=address,
            label=name,
            column="Code postal" if generation == "json" else "City Insee Code",
        )
        code = locate_or_keep(col, line, written, otherwise=_WITHOUT_COMMUNE, kept=(Unresolved.AMBIGUOUS,))
        siret, _ = classify_pivot(get("Siret", "SIRET"))
        aid = actor_key(siret) or f"acteur-ac-{key}"
        seen.add(key)
        new_actor = aid not in col.actors
        actor = Actor(id=aid, name=name, type=ActorType.AUTRE, siret=siret, code_insee=code)
        col.add_actor(_located_actor(col, actor), line)
        _counts(col, row, aid, line)
        if _flag(col, get("France Services Label"), "France Services Label", line):
            col.annotate("acteurs", aid, "label_france_services", f"structure Aidants Connect « {name} » labellisée")
        if _flag(col, get("Is Active"), "Is Active", line) is False:
            col.annotate(
                "acteurs", aid, "structure_inactive", f"habilitation Aidants Connect {key} inactive : ni lieu ni aidant"
            )
            if new_actor:
                col.created("acteurs", aid, line)
            return new_actor  # an inactive structure of an actor already read adds nothing but its counts
        if code is None:
            col.annotate(
                "acteurs",
                aid,
                "commune_a_completer",
                f"structure Aidants Connect {key} « {name} » (ligne {line}), sans commune ni lieu : "
                f"{why_not_located(col, written)}",
            )
            posts = _aidants(col, get, key, aid, None, line, file_date)
            if new_actor or posts:
                col.created("acteurs" if new_actor else "mediateurs", aid if new_actor else posts[0], line)
            return new_actor or bool(posts)  # of an actor already read, it adds its aidants only
        col.places[place_id] = Place(id=place_id, actor_id=aid, name=name, code_insee=code)
        col.created("lieux", place_id, line)
        if address is not None:
            col.locations[place_id] = Location(place_id=place_id, address=address)
        _aidants(col, get, key, aid, place_id, line, file_date)
        return True

    run_rows(col, rows, handle)
    return col.reading("aidants_connect", generation, GENERATIONS[generation])


_DIGIT_SPACES = str.maketrans("", "", " \u00a0\u202f")


def _located_actor(col: Collector, actor: Actor) -> Actor:
    """The actor of a structure, with the commune another structure of the same actor gave, when it has none.

    One structure of a SIRET may give its commune and another not (a postal code of several
    communes): that is no conflict, the actor keeps the commune it was given.
    """
    known = col.actors.get(actor.id)
    if known is None or known.code_insee == actor.code_insee or None not in (known.code_insee, actor.code_insee):
        return actor
    if known.code_insee is None:
        col.actors[actor.id] = attrs.evolve(known, code_insee=actor.code_insee)
        return actor
    return attrs.evolve(actor, code_insee=known.code_insee)


def _getter(row: Mapping[str, Any]) -> Any:
    keys = {label_key(k): k for k in row if isinstance(k, str)}

    def get(*names: str) -> Any:
        for name in names:
            key = keys.get(label_key(name))
            if key is not None and text(row[key]) is not None:
                return row[key]
        return None

    return get


def _flag(col: Collector, value: object, column: str, line: int) -> bool | None:
    try:
        return parse_bool(value)
    except CellValueError as exc:
        col.issue("valeur_ignoree", Severity.WARNING, f"{exc} : valeur ignorée", line=line, column=column, value=value)
        return None


def _counts(col: Collector, row: Mapping[str, Any], aid: str, line: int) -> None:
    for header, value in row.items():
        question = _QUESTION.match(header)
        dimension, category = (
            ("demarche", question[1].strip() or header.strip())
            if question
            else ("activite", _ACTIVITY.get(label_key(header), ""))
        )
        if not category:
            continue
        try:
            n = parse_int(value)
        except CellValueError as exc:
            col.issue("nombre_invalide", Severity.WARNING, f"{exc} : ignoré", line=line, column=header, value=value)
            continue
        if n:
            col.aggregates.append(Aggregate(entity="acteurs", id=aid, dimension=dimension, category=category, count=n))


def _aidants(
    col: Collector, get: Any, key: str, aid: str, place_id: str | None, line: int, file_date: dt.date
) -> list[str]:
    """One mediator post per aidant the structure declares; returns their ids."""
    column = "Nombre d'aidants" if get("Nombre d'aidants") is not None else "Nombre d'agents formés"
    raw = get("Nombre d'aidants", "Nombre d'agents formés")
    try:
        count = parse_int(raw) or 0
    except CellValueError as exc:
        col.issue("nombre_invalide", Severity.WARNING, f"{exc} : aucun aidant importé", line=line, column=column)
        return []
    try:
        start = parse_date(get("date_maj"))
    except CellValueError:
        start = None
    note = (
        f"date de début inconnue : date de mise à jour du fichier ({start.isoformat()})"
        if start is not None
        else f"date de début inconnue : date du fichier ({file_date.isoformat()})"
    )
    ids = [f"med-ac-{key}-{n}" for n in range(1, count + 1)]
    for mid in ids:
        col.mediators[mid] = Mediator(
            id=mid,
            actor_id=aid,
            role=MediatorRole.AIDANT,
            start_date=start or file_date,
            place_ids=() if place_id is None or "|" in place_id else (place_id,),
            certifications=(Certification.AIDANTS_CONNECT,),
        )
        col.annotate("mediateurs", mid, "debut_estime", note)
    return ids
