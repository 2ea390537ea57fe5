"""Conseiller numérique CRA v1 archive (2021 → 2024): API JSON, XLSX archive, CSV dump of the table.

One CRA is one support action with a participant count; the age and status histograms are kept as
:class:`~afnor_ctin.io.exports.Aggregate` records (never turned into invented beneficiaries). Duration
buckets ``0-30`` and ``30-60`` become 15 and 45 minutes. Thèmes follow the official v1 → v2
correspondence (codes and the labels of ``themesCorrespondances.json`` are both accepted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import UNKNOWN_ACTOR_ID, Aggregate, ExportReading
from afnor_ctin.io.exports._collect import Collector, MediatorsSeen, RowRejected, required_date, run_rows
from afnor_ctin.io.exports._communes import CommuneFields, Written, locate, locate_or_keep, written_in
from afnor_ctin.io.exports._ids import actor_key, classify_pivot, stable_id
from afnor_ctin.io.exports._values import parse_int, split_multi, text
from afnor_ctin.model.enums import ActionType, ActorType, Channel, MediatorRole, Thematique, normalize_label
from afnor_ctin.model.records import Action, Actor, Place

__all__ = [
    "ACTIVITY",
    "AGE_COLUMNS",
    "CHANNEL",
    "DURATION_BUCKETS",
    "STATUS_COLUMNS",
    "THEMES",
    "THEME_LABELS",
    "XLSX_FIELD_MAP",
    "decode_theme",
    "read_records",
]

_FIELDS = CommuneFields(insee="code_commune", name="nom_commune", latitude=None, longitude=None, address=None)
#: ``activite`` → action type (``ponctuel`` is an individual support).
ACTIVITY: dict[str, ActionType] = {
    "individuel": ActionType.ACCOMPAGNEMENT_INDIVIDUEL,
    "ponctuel": ActionType.ACCOMPAGNEMENT_INDIVIDUEL,
    "collectif": ActionType.ATELIER_COLLECTIF,
}
#: ``canal`` → channel.
CHANNEL: dict[str, Channel] = {
    "rattachement": Channel.LIEU_ACTIVITE,
    "autre lieu": Channel.AUTRE_LIEU,
    "autre": Channel.AUTRE_LIEU,
    "domicile": Channel.DOMICILE,
    "distance": Channel.A_DISTANCE,
    "a distance": Channel.A_DISTANCE,
}
#: Duration buckets of the v1 form [min].
DURATION_BUCKETS: dict[str, int] = {"0-30": 15, "30-60": 45}
#: Official v1 → v2 thème correspondence; ``smartphone`` → matériel is an inference; ``autre`` has none.
THEMES: dict[str, Thematique] = {
    "diagnostic": Thematique.DIAGNOSTIC_NUMERIQUE,
    "equipement informatique": Thematique.PRENDRE_EN_MAIN_DU_MATERIEL,
    "smartphone": Thematique.PRENDRE_EN_MAIN_DU_MATERIEL,
    "budget": Thematique.BANQUE_ET_ACHATS_EN_LIGNE,
    "vocabulaire": Thematique.CULTURE_NUMERIQUE,
    "internet": Thematique.NAVIGATION_SUR_INTERNET,
    "trouver emploi": Thematique.INSERTION_PROFESSIONNELLE,
    "courriel": Thematique.EMAIL,
    "echanger": Thematique.RESEAUX_SOCIAUX,
    "tpe/pme": Thematique.ENTREPRENEURIAT,
    "securite": Thematique.SECURITE_NUMERIQUE,
    "fraude et harcelement": Thematique.SECURITE_NUMERIQUE,
    "contenus numeriques": Thematique.CREER_AVEC_LE_NUMERIQUE,
    "accompagner enfant": Thematique.PARENTALITE,
    "traitement texte": Thematique.BUREAUTIQUE,
    "scolaire": Thematique.SCOLARITE_ET_NUMERIQUE,
    "sante": Thematique.SANTE,
    "demarche en ligne": Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
}
#: v1 thème code → label of the v1 form (``themesCorrespondances.json``).
THEME_LABELS: dict[str, str] = {
    "equipement informatique": "Prendre en main du matériel",
    "vocabulaire": "Culture numérique",
    "internet": "Naviguer sur Internet",
    "courriel": "Courriels",
    "securite": "Sécuriser un équipement",
    "smartphone": "Applications smartphone",
    "contenus numeriques": "Gestion de contenus numériques",
    "traitement texte": "Bureautique",
    "echanger": "Échanger avec ses proches",
    "trouver emploi": "Emploi et formation",
    "accompagner enfant": "Accompagner un aidant",
    "tpe/pme": "Numérique et TPE/PME",
    "demarche en ligne": "Démarche en ligne",
    "fraude et harcelement": "Fraude et harcèlement",
    "sante": "Santé",
    "budget": "Budget",
    "scolaire": "Scolaire",
    "diagnostic": "Diagnostic numérique",
}
_THEME_KEYS: dict[str, Thematique] = {normalize_label(k): v for k, v in THEMES.items()} | {
    normalize_label(label): THEMES[code] for code, label in THEME_LABELS.items()
}
#: Histogram columns of the flattened archive.
AGE_COLUMNS = ("age_moins_12_ans", "age_de_12_a_18_ans", "age_de_18_a_35_ans", "age_de_35_a_60_ans", "age_plus_60_ans")
STATUS_COLUMNS = ("statut_etudiant", "statut_sans_emploi", "statut_en_emploi", "statut_retraite", "statut_heterogene")

#: XLSX archive header → flattened column of the archive table.
XLSX_FIELD_MAP: dict[str, str] = {
    "Date Accompagnement": "date_accompagnement",
    "Commune": "nom_commune",
    "Code Commune": "code_commune",
    "Code Postal": "code_postal",
    "Lieu d'activité": "permanence_nom",
    "SIRET": "structure_siret",
    "Canal": "canal",
    "Type d'activité": "activite",
    "Durée (min)": "duree_minutes",
    "Nb Participants": "nb_participants",
    "Nb Participants Récurrents": "nb_participants_recurrents",
    "Statut Emploi": "statut_en_emploi",
    "Statut Étudiant": "statut_etudiant",
    "Statut Retraité": "statut_retraite",
    "Statut Sans Emploi": "statut_sans_emploi",
    "Statut Hétérogène": "statut_heterogene",
    "Âge <12 ans": "age_moins_12_ans",
    "Âge 12-17 ans": "age_de_12_a_18_ans",
    "Âge 18-35 ans": "age_de_18_a_35_ans",
    "Âge 35-60 ans": "age_de_35_a_60_ans",
    "Âge >60 ans": "age_plus_60_ans",
    "Thèmes": "themes",
    "ID interne": "id",
}
XLSX_KEYS = {normalize_label(k): v for k, v in XLSX_FIELD_MAP.items()}


def decode_theme(value: str) -> Thematique | None:
    """The v2 thématique of a v1 thème code or label, or ``None`` (``autre``, unknown)."""
    return _THEME_KEYS.get(normalize_label(value))


def _channel(value: str) -> Channel | None:
    return CHANNEL.get(normalize_label(value))


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def from_mongo(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten a CnFS back-office document (``cra.*``) into the archive's column names."""
    cra = _mapping(doc.get("cra"))
    age = _mapping(cra.get("age"))
    statut = _mapping(cra.get("statut"))

    def ref(v: object) -> object:
        if isinstance(v, Mapping):
            return v.get("$id") or v.get("$oid") or v.get("_id") or v.get("oid")
        return v

    out: dict[str, Any] = {
        "id": ref(doc.get("_id")),
        "canal": cra.get("canal"),
        "activite": cra.get("activite"),
        "nb_participants": cra.get("nbParticipants"),
        "themes": cra.get("themes"),
        "duree": cra.get("duree"),
        "code_postal": cra.get("codePostal"),
        "nom_commune": cra.get("nomCommune"),
        "code_commune": cra.get("codeCommune"),
        "date_accompagnement": ref(cra.get("dateAccompagnement")),
        "v1_conseiller_numerique_id": ref(doc.get("conseiller")),
        "structure_id": ref(doc.get("structure")),
        "permanence_id": ref(doc.get("permanence")),
    }
    for key, col in zip(
        ("moins12ans", "de12a18ans", "de18a35ans", "de35a60ans", "plus60ans"), AGE_COLUMNS, strict=True
    ):
        out[col] = age.get(key)
    for key, col in zip(("etudiant", "sansEmploi", "enEmploi", "retraite", "heterogene"), STATUS_COLUMNS, strict=True):
        out[col] = statut.get(key)
    return out


def read_records(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    file: str,
    generation: str,
    description: str,
    progress: Callable[[int, int | None, str], None] | None = None,
) -> ExportReading:
    """Build actions (and their actors, places, mediators) from flattened CRA v1 records."""
    col = Collector(file)
    mediators = MediatorsSeen()

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        col.warn_extra_cells(row, line)
        raw_id = text(row.get("id"))
        aid = f"cra-v1-{raw_id}" if raw_id else stable_id("cra-v1", line, *(text(v) for v in row.values()))
        if aid in col.actions:
            return False
        raw_kind = text(row.get("activite")) or ""
        kind = ACTIVITY.get(normalize_label(raw_kind))
        if kind is None:
            if raw_kind:
                col.keep_unmapped("actions", aid, "activite", raw_kind, line)
            raise RowRejected("activite", raw_kind, "type d'activité v1 inconnu : individuel, collectif ou ponctuel")
        day = required_date(row.get("date_accompagnement"), "date_accompagnement")
        try:
            participants = parse_int(row.get("nb_participants"))
        except ValueError:
            raise RowRejected(
                "nb_participants", row.get("nb_participants"), "nombre de participants illisible"
            ) from None
        if participants is None or participants < 1:
            raise RowRejected("nb_participants", row.get("nb_participants"), "au moins un participant attendu")
        channel = col.decode_one(_channel, row.get("canal"), entity="actions", id=aid, column="canal", line=line)
        duration = _duration(col, row, line)
        themes = split_multi(row.get("themes"), "\n,;")
        thematiques = col.decode_many(decode_theme, themes, entity="actions", id=aid, column="themes", line=line)
        place_name = text(row.get("permanence_nom"))
        at_place = place_name is not None and channel in (Channel.LIEU_ACTIVITE, None)
        permanence = Written(
            code=row.get("permanence_code_commune") or row.get("permanence_code_insee"),
            column="permanence_code_commune",
        )
        permanence_code = locate_or_keep(
            col, line, permanence, otherwise="permanence située dans la commune de l'accompagnement"
        )
        # the commune of an accompaniment is required unless its permanence is known with its commune
        written = written_in(col, line, row, _FIELDS)
        code = (
            locate_or_keep(col, line, written, otherwise="accompagnement situé par sa permanence")
            if at_place and permanence_code
            else locate(col, line, written)
        )
        actor_id = _actor(col, row, line)
        place_id = None
        place_code = permanence_code or code
        if place_name is not None and place_code is not None and at_place:
            place_id = (
                f"cnfs-permanence-{text(row.get('permanence_id'))}"
                if text(row.get("permanence_id"))
                else (stable_id("lieu-cnfs", normalize_label(place_name), place_code))
            )
            col.add_place(Place(id=place_id, actor_id=actor_id, name=place_name, code_insee=place_code), line)
        raw_cn = text(row.get("v1_conseiller_numerique_id") or row.get("conseiller_numerique_id"))
        mediator_id = f"med-cnfs-{raw_cn}" if raw_cn else None  # the platform's opaque id
        mediators.see(mediator_id, day, MediatorRole.CONSEILLER_NUMERIQUE, actor_id)
        _histograms(col, row, aid, participants, line)
        col.actions[aid] = Action(
            id=aid,
            type=kind,
            date=day,
            actor_id=actor_id,
            mediator_id=mediator_id,
            place_id=place_id,
            code_insee=code,
            channel=channel,
            duration_min=duration,
            participants=participants,
            thematiques=tuple(thematiques),
        )
        col.created("actions", aid, line)
        return True

    run_rows(col, rows, handle, progress)
    mediators.add_to(col)
    return col.reading("cra_v1", generation, description)


def _duration(col: Collector, row: Mapping[str, Any], line: int) -> int | None:
    raw = text(row.get("duree"))
    minutes = row.get("duree_minutes")
    try:
        value = parse_int(minutes)
    except ValueError:
        value = None
    if value is not None:
        return value
    if raw is None:
        return None
    if raw in DURATION_BUCKETS:
        return DURATION_BUCKETS[raw]
    try:
        return parse_int(raw)
    except ValueError:
        col.issue("duree_invalide", Severity.WARNING, "durée illisible : ignorée", line=line, column="duree", value=raw)
        return None


def _actor(col: Collector, row: Mapping[str, Any], line: int) -> str:
    siret, _other = classify_pivot(row.get("structure_siret"))
    name = text(row.get("structure_nom"))
    sid = text(row.get("structure_id"))
    aid = actor_key(siret) or (f"cnfs-structure-{sid}" if sid else None)
    if aid is None:
        if UNKNOWN_ACTOR_ID not in col.actors:
            col.note_once("acteur_deduit", "structure du CRA non précisée : acteur « Structure non précisée » créé")
            col.add_actor(Actor(id=UNKNOWN_ACTOR_ID, name="Structure non précisée", type=ActorType.AUTRE), line)
        return UNKNOWN_ACTOR_ID
    if aid not in col.actors:
        seat = locate_or_keep(
            col,
            line,
            Written(code=row.get("structure_code_commune"), column="structure_code_commune"),
            otherwise="structure importée sans commune",
        )
        col.add_actor(
            Actor(id=aid, name=name or f"Structure {siret or sid}", type=ActorType.AUTRE, siret=siret, code_insee=seat),
            line,
        )
    return aid


def _histograms(col: Collector, row: Mapping[str, Any], aid: str, participants: int, line: int) -> None:
    for dimension, columns in (("age", AGE_COLUMNS), ("statut", STATUS_COLUMNS)):
        total = 0
        seen = False
        for name in columns:
            try:
                n = parse_int(row.get(name))
            except ValueError:
                col.issue(
                    "nombre_invalide",
                    Severity.WARNING,
                    "effectif illisible : ignoré",
                    line=line,
                    column=name,
                    value=row.get(name),
                )
                continue
            if n is None:
                continue
            seen = True
            total += n
            if n:
                col.aggregates.append(Aggregate(entity="actions", id=aid, dimension=dimension, category=name, count=n))
        if seen and total != participants:
            col.issue(
                "effectifs_incoherents",
                Severity.WARNING,
                f"la somme des effectifs « {dimension} » ({total}) diffère du nombre de participants ({participants})",
                line=line,
                column=columns[0],
                value=str(total),
            )
