"""The ANCT list of France Services (CSV published on data.gouv.fr): one place per site.

Every site gives a :class:`~afnor_ctin.model.Place` (``fs-<id_fs>``, opening date = labelling
date, itinerant when ``itinerance`` is « Oui »). A main site (``format_fs`` « Site principal »)
gives its actor (type *Réseau France Services*, ``acteur-fs-<id_fs>``); an antenna belongs to the
actor of its main site when the main site can be identified, by these rules in order:

1. the name cites the main site's ``id_fs`` in parentheses (« Antenne … de Talence (2187) »);
2. the part of the name before « - » is the name of exactly one main site of the same département;
3. the ``groupe`` column names a group with exactly one main site in the same département.

An antenna with no identifiable main site gets its own actor and the annotation
``antenne_sans_site_principal``. E-mails, phones, opening hours and the free ``commentaire`` (which
holds phone numbers) are never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import ExportReading, Location
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import CommuneFields, locate, written_in
from afnor_ctin.io.exports._values import CellValueError, label_key, parse_bool, parse_date, text
from afnor_ctin.model.enums import ActorType, normalize_label
from afnor_ctin.model.records import Actor, Place

__all__ = ["FIELD_MAP", "GENERATIONS", "HEADER", "read_rows"]

#: Header of the list (1 December 2022).
HEADER: tuple[str, ...] = (
    "id_fs",
    "insee_dep",
    "lib_fs",
    "adresse",
    "complement_adresse",
    "insee_com",
    "code_postal",
    "lib_com",
    "latitude",
    "longitude",
    "mail",
    "telephone",
    "h_lundi",
    "h_mardi",
    "h_mercredi",
    "h_jeudi",
    "h_vendredi",
    "h_samedi",
    "commentaire",
    "itinerance",
    "format_fs",
    "groupe",
    "labellisation",
)
#: Source column → model attribute; other columns are not imported.
FIELD_MAP: dict[str, str] = {
    "id_fs": "Place.id (fs-<id_fs>), Actor.id d'un site principal (acteur-fs-<id_fs>)",
    "lib_fs": "Place.name, Actor.name",
    "insee_com, lib_com, code_postal, insee_dep": "Place.code_insee, Actor.code_insee (résolution de la commune)",
    "latitude, longitude, adresse": "Place.code_insee (résolution), même lieu dans plusieurs fichiers",
    "itinerance": "Place.itinerant",
    "format_fs, groupe, insee_dep": "rattachement des antennes à leur site principal",
    "labellisation": "Place.opening_date (date de labellisation)",
}
GENERATIONS: dict[str, str] = {"csv": "liste des France Services de l'ANCT (CSV)"}
_FIELDS = CommuneFields(insee="insee_com", name="lib_com", departement="insee_dep")
_MAIN = normalize_label("Site principal")
_ANTENNA = normalize_label("Antenne")
_CITED_ID = re.compile(r"\((\d+)\)")
_LABEL_DATE = re.compile(r"(\d{1,2}/\d{1,2}/\d{4})")


@attrs.define
class _Site:
    source_id: str
    place: Place
    antenna: bool
    departement: str
    group: str
    line: int


def read_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], *, file: str) -> ExportReading:
    """Build the places and actors of the France Services list (one mapping per row, with its line)."""
    col = Collector(file)
    sites: list[_Site] = []
    col.note_once(
        "colonne_ignoree",
        "courriels, téléphones, horaires et commentaires libres (qui contiennent des numéros de téléphone) "
        "non importés",
        column="commentaire",
    )

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        source_id = text(row.get("id_fs"))
        if source_id is None:
            raise RowRejected("id_fs", None, "identifiant France Services (id_fs) manquant")
        name = text(row.get("lib_fs"))
        if name is None:
            raise RowRejected("lib_fs", None, "nom de la France Services (lib_fs) manquant")
        place_id = f"fs-{source_id}"
        if place_id in col.places:
            raise RowRejected("id_fs", source_id, "identifiant France Services déjà lu plus haut : ligne ignorée")
        written = written_in(col, line, row, _FIELDS)
        code = locate(col, line, written)
        try:
            itinerant = bool(parse_bool(row.get("itinerance")))
        except CellValueError as exc:
            raise RowRejected("itinerance", row.get("itinerance"), f"itinérance illisible : {exc}") from None
        kind = label_key(text(row.get("format_fs")) or "Site principal")
        if kind not in (_MAIN, _ANTENNA):
            col.keep_unmapped("lieux", place_id, "format_fs", str(row.get("format_fs")), line)
        place = Place(
            id=place_id,
            actor_id=f"acteur-fs-{source_id}",
            name=name,
            code_insee=code,
            itinerant=itinerant,
            opening_date=_labelled_on(col, row, line),
        )
        col.places[place_id] = place
        col.created("lieux", place_id, line)
        address = text(row.get("adresse"))
        if written.latitude is not None or address is not None:
            col.locations[place_id] = Location(
                place_id=place_id, latitude=written.latitude, longitude=written.longitude, address=address
            )
        sites.append(
            _Site(
                source_id=source_id,
                place=place,
                antenna=kind == _ANTENNA,
                departement=text(row.get("insee_dep")) or code[:2],
                group=label_key(text(row.get("groupe")) or ""),
                line=line,
            )
        )
        return True

    run_rows(col, rows, handle)
    _attach(col, sites)
    return col.reading("france_services", "csv", GENERATIONS["csv"])


def _labelled_on(col: Collector, row: Mapping[str, Any], line: int) -> Any:
    raw = text(row.get("labellisation"))
    if raw is None:
        return None
    m = _LABEL_DATE.search(raw)
    try:
        return parse_date(m[1]) if m else None
    except CellValueError:
        col.issue(
            "date_invalide",
            Severity.WARNING,
            "date de labellisation illisible : ignorée",
            line=line,
            column="labellisation",
            value=raw,
        )
        return None


def _attach(col: Collector, sites: list[_Site]) -> None:
    """Give each main site its actor and each antenna the actor of its main site when identifiable."""
    mains = [s for s in sites if not s.antenna]
    by_id = {s.source_id: s for s in mains}
    by_name: dict[tuple[str, str], list[_Site]] = {}
    by_group: dict[tuple[str, str], list[_Site]] = {}
    for s in mains:
        by_name.setdefault((s.departement, normalize_label(s.place.name)), []).append(s)
        if s.group:
            by_group.setdefault((s.departement, s.group), []).append(s)
    for s in sites:
        main, rule = (None, "") if not s.antenna else _main_site(s, by_id, by_name, by_group)
        if main is None:
            col.actors[s.place.actor_id] = Actor(
                id=s.place.actor_id, name=s.place.name, type=ActorType.RFS, code_insee=s.place.code_insee
            )
            if s.antenna:
                col.annotate(
                    "lieux",
                    s.place.id,
                    "antenne_sans_site_principal",
                    "antenne France Services dont le site principal n'a pu être identifié : acteur propre",
                )
            continue
        col.places[s.place.id] = attrs.evolve(s.place, actor_id=main.place.actor_id)
        col.annotate("lieux", s.place.id, "antenne_de", main.place.id)
        col.issue(
            "antenne_rattachee",
            Severity.INFO,
            f"antenne « {s.place.name} » rattachée au site principal « {main.place.name} » ({main.place.id}) : {rule}",
            line=s.line,
            column="format_fs",
            value=s.place.id,
        )


def _main_site(
    site: _Site,
    by_id: Mapping[str, _Site],
    by_name: Mapping[tuple[str, str], list[_Site]],
    by_group: Mapping[tuple[str, str], list[_Site]],
) -> tuple[_Site | None, str]:
    for cited in _CITED_ID.findall(site.place.name):
        if cited in by_id and cited != site.source_id:
            return by_id[cited], "identifiant du site principal cité dans le nom"
    if " - " in site.place.name:
        prefix = normalize_label(site.place.name.split(" - ", 1)[0])
        found = by_name.get((site.departement, prefix), [])
        if len(found) == 1:
            return found[0], "nom du site principal avant « - »"
    if site.group:
        found = by_group.get((site.departement, site.group), [])
        if len(found) == 1:
            return found[0], "seul site principal du même groupe"
    return None, ""
