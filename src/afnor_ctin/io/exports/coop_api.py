"""La Coop's public API (``/api/v1/activites``, JSON:API): one object per activity, counts kept as aggregates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from afnor_ctin.io.exports._base import UNKNOWN_ACTOR_ID, Aggregate, ExportReading
from afnor_ctin.io.exports._collect import Collector, MediatorsSeen, RowRejected, required_date, run_rows
from afnor_ctin.io.exports._communes import CommuneFields, locate, locate_or_keep, written_in
from afnor_ctin.io.exports._values import parse_int, split_multi, text
from afnor_ctin.io.exports.coop import (
    CHANNEL_CODEC,
    GENERATIONS,
    THEMATIQUE_CODEC,
    TYPE_CODEC,
    is_admin_type,
    unknown_actor,
    with_admin_thematique,
)
from afnor_ctin.model.enums import Channel, MediatorRole, normalize_label
from afnor_ctin.model.records import Action

__all__ = ["read_api"]

_FIELDS = CommuneFields(
    insee="lieu_code_insee", name="lieu_commune", postal="lieu_code_postal", latitude=None, longitude=None, address=None
)


def read_api(items: Sequence[Mapping[str, Any]], *, file: str) -> ExportReading:
    """Read the ``data`` objects of one or several saved pages of ``/api/v1/activites``."""
    col = Collector(file)
    mediators = MediatorsSeen()

    def handle(line: int, item: Mapping[str, Any]) -> bool:
        if not isinstance(item, Mapping):
            raise RowRejected(None, item, "objet JSON attendu")
        aid = text(item.get("id"))
        attributes = item.get("attributes")
        if aid is None or not isinstance(attributes, Mapping):
            raise RowRejected("id", aid, "objet « activite » sans id ni attributes")
        if aid in col.actions:
            return False
        if text(attributes.get("suppression")) is not None:
            raise RowRejected(
                "suppression",
                attributes.get("suppression"),
                "activité supprimée : non importée",
                code="activite_supprimee",
            )
        raw_type = text(attributes.get("type")) or ""
        kind = TYPE_CODEC.decode(raw_type)
        if kind is None:
            col.keep_unmapped("actions", aid, "type", raw_type, line)
            raise RowRejected("type", raw_type, "type d'activité non reconnu : objet non importé")
        day = required_date(attributes.get("date"), "date")
        themes = split_multi(attributes.get("thematiques"), "")
        thematiques = with_admin_thematique(
            col.decode_many(THEMATIQUE_CODEC.decode, themes, entity="actions", id=aid, column="thematiques", line=line),
            is_admin_type(normalize_label(raw_type)),
        )
        channel = col.decode_one(
            CHANNEL_CODEC.decode, attributes.get("type_lieu"), entity="actions", id=aid, column="type_lieu", line=line
        )
        place_id = text(attributes.get("structure_id")) if channel is Channel.LIEU_ACTIVITE else None
        # the commune of an activity is required unless it took place in a known place
        written = written_in(col, line, attributes, _FIELDS)
        code = (
            locate_or_keep(col, line, written, otherwise="activité située par son lieu")
            if place_id
            else locate(col, line, written)
        )
        try:
            duration = parse_int(attributes.get("duree"))
            participants = parse_int(attributes.get("accompagnements"))
        except ValueError as exc:
            raise RowRejected("duree", str(exc), "nombre illisible") from None
        benef = attributes.get("beneficiaires")
        if isinstance(benef, Mapping):
            for dimension, key in (("genre", "genres"), ("age", "tranches_age"), ("statut", "statuts")):
                counts = benef.get(key)
                if isinstance(counts, Mapping):
                    for category, count in counts.items():
                        try:
                            n = parse_int(count)
                        except ValueError:
                            raise RowRejected(key, str(count)[:40], f"effectif « {category} » illisible") from None
                        if n:
                            col.aggregates.append(
                                Aggregate(
                                    entity="actions", id=aid, dimension=dimension, category=str(category), count=n
                                )
                            )
            if participants is None:
                try:
                    participants = parse_int(benef.get("total"))
                except ValueError:
                    raise RowRejected(
                        "total", str(benef.get("total"))[:40], "nombre de bénéficiaires illisible"
                    ) from None
        if participants is not None and participants < 0:
            raise RowRejected("accompagnements", str(participants), "nombre de participants négatif")
        raw_med = text(attributes.get("mediateur_id"))
        mediator_id = f"med-coop-{raw_med}" if raw_med else None  # the platform's opaque id
        mediators.see(mediator_id, day, MediatorRole.MEDIATEUR, UNKNOWN_ACTOR_ID)
        unknown_actor(col, line)
        col.actions[aid] = Action(
            id=aid,
            type=kind,
            date=day,
            actor_id=UNKNOWN_ACTOR_ID,
            mediator_id=mediator_id,
            place_id=place_id,
            code_insee=code,
            channel=channel,
            duration_min=duration,
            participants=max(participants or 1, 1),
            thematiques=tuple(thematiques),
        )
        col.created("actions", aid, line)
        return True

    run_rows(col, ((i, item) for i, item in enumerate(items, start=1)), handle)
    mediators.add_to(col)
    if col.actions:
        col.note_once("lieux_a_completer", "les lieux d'activité (structure_id) sont à importer depuis /lieux-activite")
    return col.reading("coop", "api", GENERATIONS["api"])
