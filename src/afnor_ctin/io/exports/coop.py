"""*La Coop de la médiation numérique*: XLSX « Activités » exports (four generations) and API JSON.

Generations of the XLSX export (found from the header row, located by content):

``accompagnements-2025``
    Since 2025-08-26: one row per accompaniment; rows sharing an ``ID CRA`` form one activity
    (the first row creates it, the others are *merged* into it and give its participants).
``activites-2025-05``, ``activites-2024-10``, ``activites-2024-09``
    Earlier exports: one row per activity, ``Nombre de participants``, a single ``Lieu`` column.

The API (``/api/v1/activites``, JSON:API) gives one object per activity with aggregated
beneficiary counts, kept as :class:`~afnor_ctin.io.exports.Aggregate` records.

Personal data is never kept: mediator and beneficiary names only feed a keyed hash (see
:class:`~afnor_ctin.io.exports.Pseudonymizer`), the platform's own opaque ids (``ID CRA``, the API's
mediator ids) are used as they are, notes are skipped. The legacy type « Aide aux démarches
administratives » becomes an individual support action with the ``aide_aux_demarches_administratives``
thématique.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._base import UNKNOWN_ACTOR_ID, ExportReading
from afnor_ctin.io.exports._collect import Collector, MediatorsSeen, RowRejected, run_rows
from afnor_ctin.io.exports._communes import Written, locate, locate_or_keep
from afnor_ctin.io.exports._ids import Pseudonymizer, stable_id
from afnor_ctin.io.exports._values import Codec, parse_date, parse_int, split_multi, text
from afnor_ctin.model.enums import (
    ActionType,
    ActorType,
    AgeBand,
    Channel,
    Gender,
    MediatorRole,
    SocialStatus,
    Thematique,
    normalize_label,
)
from afnor_ctin.model.records import Action, Actor, Beneficiary, Participation, Place

__all__ = [
    "AGE_CODEC",
    "CHANNEL_CODEC",
    "EXPORT_HEADER",
    "FIELD_MAP",
    "GENDER_CODEC",
    "GENERATIONS",
    "STATUS_CODEC",
    "THEMATIQUE_CODEC",
    "TYPE_CODEC",
    "find_header",
    "generation_of",
    "is_admin_type",
    "read_sheet",
    "unknown_actor",
    "with_admin_thematique",
]

#: Header row of the current « Activités » export (generation ``accompagnements-2025``), in order.
EXPORT_HEADER: tuple[str, ...] = (
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Prénom du médiateur",
    "Nom du médiateur",
    "Rôle",
    "ID - Conum",
    "Type",
    "Participants",
    "Canaux d’accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l’atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d’autonomie (ou de l’atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "Source de la donnée",
    "ID CRA",
)

#: Export header (any generation) → internal key.
FIELD_MAP: dict[str, str] = {
    "Date": "date",
    "Type": "type",
    "Participants": "participants_rank",
    "Nombre de participants": "participants",
    "Prénom du médiateur": "mediator_first_name",
    "Nom du médiateur": "mediator_last_name",
    "Rôle": "role",
    "ID - Conum": "is_conum",
    "Bénéficiaire": "beneficiary",
    "Canaux d’accompagnement": "channel",
    "Nom du lieu": "place_name",
    "Lieu": "place_label",
    "Adresse": "place_address",
    "Commune": "commune",
    "Code postal": "postal",
    "Code Insee": "insee",
    "Durée (min)": "duration",
    "Thématique(s) d’accompagnement": "thematiques",
    "Commune du bénéficiaire": "beneficiary_commune",
    "Code postal du bénéficiaire": "beneficiary_postal",
    "Code Insee du bénéficiaire": "beneficiary_insee",
    "Commune de résidence du bénéficiaire": "beneficiary_residence",
    "Genre du bénéficiaire": "gender",
    "Tranche d’âge du bénéficiaire": "age",
    "Statut du bénéficiaire": "status",
    "ID CRA": "id",
}
_KEYS = {normalize_label(k): v for k, v in FIELD_MAP.items()}

#: Generation ids with their French description.
GENERATIONS: dict[str, str] = {
    "accompagnements-2025": "export XLSX « Activités » de La Coop, une ligne par accompagnement (depuis août 2025)",
    "activites-2025-05": "export XLSX « Activités » de La Coop, une ligne par activité (mai → août 2025)",
    "activites-2024-10": "export XLSX « Activités » de La Coop, une ligne par activité (octobre 2024 → mai 2025)",
    "activites-2024-09": "export XLSX « Activités » de La Coop, une ligne par activité (septembre → octobre 2024)",
    "api": "API de La Coop (/api/v1/activites, JSON:API)",
}

_ADMIN_TYPE = "Aide aux démarches administratives"
TYPE_CODEC: Codec[ActionType] = Codec(
    ActionType,
    {
        "individuel": "accompagnement_individuel",
        "collectif": "atelier_collectif",
        "Atelier": "atelier_collectif",
        _ADMIN_TYPE: "accompagnement_individuel",
        "demarche": "accompagnement_individuel",
        "demarche_administrative": "accompagnement_individuel",
    },
)
CHANNEL_CODEC: Codec[Channel] = Codec(Channel, {"autre": "autre_lieu", "Autre": "autre_lieu", "Domicile": "domicile"})
THEMATIQUE_CODEC: Codec[Thematique] = Codec(Thematique)
GENDER_CODEC: Codec[Gender] = Codec(Gender)
#: Age bands; ``mineur`` (until 2024-11-04) is the 12–17 band.
AGE_CODEC: Codec[AgeBand] = Codec(AgeBand, {"mineur": "douze_dix_huit", "Mineur": "douze_dix_huit"})
STATUS_CODEC: Codec[SocialStatus] = Codec(SocialStatus, {"Non communiqué": "non_communique"})
_ROLE: dict[str, MediatorRole] = {
    normalize_label("Conseiller Numérique"): MediatorRole.CONSEILLER_NUMERIQUE,
    normalize_label("Médiateur"): MediatorRole.MEDIATEUR,
    normalize_label("Coordinateur"): MediatorRole.COORDINATEUR,
}
_ADMIN_KEYS = {normalize_label(_ADMIN_TYPE), "demarche", "demarche_administrative"}
_RANK = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_LABEL_POSTAL = re.compile(r"^(.*?)[\s,\-–(]*(\d{5})\)?\s*$")


def is_admin_type(label: str) -> bool:
    """True for a legacy administrative type (« Aide aux démarches administratives », ``demarche``…), normalised."""
    return label in _ADMIN_KEYS


def with_admin_thematique(thematiques: list[Thematique], admin: bool) -> list[Thematique]:
    """``thematiques``, with ``aide_aux_demarches_administratives`` added for an activity of an administrative type."""
    if admin and Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES not in thematiques:
        thematiques.append(Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES)
    return thematiques


def generation_of(headers: Sequence[object]) -> str | None:
    """The export generation for a header row, or ``None`` when it is not a Coop header."""
    keys = {normalize_label(str(h)) for h in headers if isinstance(h, str)}
    if "date" not in keys or "type" not in keys:
        return None
    if "id cra" in keys:
        return "accompagnements-2025"
    if normalize_label("Le bénéficiaire va-t-il poursuivre son parcours d’accompagnement ?") in keys:
        return "activites-2024-09"
    if normalize_label("Niveau d’autonomie du bénéficiaire") in keys:
        return "activites-2024-10"
    if "nombre de participants" in keys:
        return "activites-2025-05"
    return None


def find_header(rows: Iterable[list[object]], limit: int = 60) -> tuple[int, str, list[object], list[list[object]]]:
    """Locate the header row by content among the first ``limit`` rows.

    Returns the 1-based line of the header, the generation, the header and the rows above it
    (the metadata block). Raises ``LookupError`` when no Coop header is found.
    """
    above: list[list[object]] = []
    for i, row in enumerate(rows, start=1):
        gen = generation_of(row)
        if gen is not None:
            return i, gen, row, above
        above.append(row)
        if i >= limit:
            break
    raise LookupError("en-tête introuvable")


@attrs.define
class _Pending:
    action: Action
    declared: int | None
    rows: int
    line: int


def read_sheet(
    rows: Iterable[list[object]],
    *,
    file: str,
    progress: Callable[[int, int | None, str], None] | None = None,
    pseudonyms: Pseudonymizer | None = None,
) -> ExportReading:
    """Read the rows of an « Activités » worksheet (the whole sheet, header located by content).

    Parameters
    ----------
    rows:
        The rows of the sheet, from its first line.
    file:
        File name used in the issues.
    progress:
        Optional callback ``(done, total, label)``.
    pseudonyms:
        Keyed hash giving the ids of mediators and beneficiaries known by their names (and of
        activities of the generations without ``ID CRA``); a random key when ``None``.
    """
    pseudo = pseudonyms if pseudonyms is not None else Pseudonymizer()
    it = iter(rows)
    header_line, generation, header, above = find_header(it)
    col = Collector(file)
    index: dict[str, int] = {}
    for pos, name in enumerate(header):
        if isinstance(name, str):
            key = _KEYS.get(normalize_label(name))
            if key is not None and key not in index:
                index[key] = pos
    per_row = generation == "accompagnements-2025"
    meta = {normalize_label(str(r[0])): r[1] for r in above if len(r) >= 2 and isinstance(r[0], str)}
    export_mediator: tuple[str, MediatorRole] | None = None
    if "mediator_last_name" not in index and text(meta.get("nom")) and text(meta.get("prenom")):
        role = _ROLE.get(normalize_label(str(meta.get("role") or "")), MediatorRole.MEDIATEUR)
        export_mediator = (pseudo("med", text(meta.get("prenom")), text(meta.get("nom"))), role)
    if "notes supplementaires" in {normalize_label(str(h)) for h in header if isinstance(h, str)}:
        col.note_once("colonne_ignoree", "notes libres non importées (données personnelles)", column="Notes")

    pending: dict[str, _Pending] = {}
    mediators = MediatorsSeen()
    width = len(header)
    # every key has a position; absent columns point to an always empty cell after the header's width
    positions = {key: index.get(key, width) for key in FIELD_MAP.values()}
    ctx = _Context(col, pseudo, positions.__getitem__)
    get = ctx.get

    def handle(line: int, row: list[object]) -> bool:
        n = len(row)
        if n > width:
            if any(v is not None for v in row[width:]):
                col.issue("colonnes_en_trop", Severity.WARNING, "cellules au-delà de l'en-tête ignorées", line=line)
            row = row[:width]
            n = width
        row.extend([None] * (width + 1 - n))
        if per_row:
            aid = text(get(row, "id"))
            if aid is None:
                raise RowRejected("ID CRA", None, "identifiant d'activité (ID CRA) manquant")
            known = pending.get(aid)
            if known is not None:
                known.rows += 1
                _add_beneficiary(ctx, row, aid, known.rows, line, known.action.mediator_id)
                if known.action.type is not ActionType.ATELIER_COLLECTIF and known.rows > 1:
                    col.issue(
                        "accompagnements_multiples",
                        Severity.WARNING,
                        "plusieurs lignes pour un accompagnement individuel",
                        line=line,
                        column="ID CRA",
                        value=aid,
                    )
                return False
        else:
            aid = pseudo("coop", generation, line, *(text(v) for v in row[:width]))
        action, declared = _action(ctx, row, aid, line, export_mediator, mediators)
        pending[aid] = _Pending(action=action, declared=declared, rows=1, line=line)
        col.created("actions", aid, line)
        if per_row or action.type is ActionType.ACCOMPAGNEMENT_INDIVIDUEL:
            _add_beneficiary(ctx, row, aid, 1, line, action.mediator_id)
        return True

    numbered = ((header_line + i, row) for i, row in enumerate(it, start=1) if any(v is not None for v in row))
    run_rows(col, numbered, handle, progress)

    for aid, p in pending.items():
        n = p.declared if p.declared is not None else p.rows
        if per_row and p.declared is not None and p.declared != p.rows:
            col.issue(
                "participants_incoherents",
                Severity.WARNING,
                f"{p.rows} ligne(s) trouvée(s) pour l'activité alors que « Participants » en annonce {p.declared}",
                line=p.line,
                column="ID CRA",
                value=aid,
            )
        action = p.action if n == (p.action.participants or 1) else attrs.evolve(p.action, participants=max(n, 1))
        col.actions[aid] = action
    mediators.add_to(col)
    return col.reading("coop", generation, GENERATIONS[generation])


class _Context:
    """What the row helpers share while one sheet is read: the collector, the key, column positions, caches."""

    def __init__(self, col: Collector, pseudo: Pseudonymizer, position: Callable[[str], int]) -> None:
        self.col = col
        self.pseudo = pseudo
        self.position = position
        self.labels: dict[str, str] = {}
        self.dates: dict[object, dt.date | None] = {}
        self.thematiques: dict[tuple[str, bool], tuple[Thematique, ...]] = {}
        self.places: dict[tuple[object, ...], tuple[str | None, str, str | None]] = {}
        self.roles: dict[tuple[object, object], MediatorRole] = {}

    def get(self, row: list[object], key: str) -> object:
        """The cell of ``key`` in a row padded past the header's width."""
        return row[self.position(key)]

    def label(self, value: str) -> str:
        """:func:`normalize_label`, remembered."""
        found = self.labels.get(value)
        if found is None:
            found = normalize_label(value)
            if len(self.labels) < 100_000:
                self.labels[value] = found
        return found


def _action(
    ctx: _Context,
    row: list[object],
    aid: str,
    line: int,
    export_mediator: tuple[str, MediatorRole] | None,
    mediators: MediatorsSeen,
) -> tuple[Action, int | None]:
    col, get = ctx.col, ctx.get
    raw_type = text(get(row, "type"))
    if raw_type is None:
        raise RowRejected("Type", None, "type d'activité manquant")
    kind = TYPE_CODEC.decode(raw_type)
    if kind is None:
        col.keep_unmapped("actions", aid, "Type", raw_type, line)
        raise RowRejected("Type", raw_type, "type d'activité non reconnu : ligne non importée")
    raw_date = get(row, "date")
    day = ctx.dates.get(raw_date, _UNSEEN) if isinstance(raw_date, float | str) else _UNSEEN
    if day is _UNSEEN:
        try:
            day = parse_date(raw_date)
        except ValueError:
            raise RowRejected("Date", raw_date, "date illisible") from None
        if isinstance(raw_date, float | str) and len(ctx.dates) < 100_000:
            ctx.dates[raw_date] = day
    if not isinstance(day, dt.date):
        raise RowRejected("Date", None, "date manquante")
    thematiques = _thematiques(ctx, get(row, "thematiques"), is_admin_type(ctx.label(raw_type)), aid, line)
    channel = col.decode_one(
        CHANNEL_CODEC.decode, get(row, "channel"), entity="actions", id=aid, column="Canaux d’accompagnement", line=line
    )
    raw_duration = get(row, "duration")
    try:
        duration = parse_int(raw_duration)
    except ValueError:
        raise RowRejected("Durée (min)", raw_duration, "durée illisible (minutes entières attendues)") from None
    declared: int | None = None
    raw_n = get(row, "participants")
    if raw_n is not None:
        try:
            declared = parse_int(raw_n)
        except ValueError:
            raise RowRejected("Nombre de participants", raw_n, "nombre de participants illisible") from None
    rank = text(get(row, "participants_rank"))
    if rank is not None:
        m = _RANK.match(rank)
        declared = int(m[2]) if m else parse_int(rank)
    if declared is not None and declared < 0:
        raise RowRejected("Nombre de participants", raw_n, "nombre de participants négatif")
    place_id, actor_id, code = _where(ctx, row, channel, line)
    mediator_id: str | None = None
    role: MediatorRole | None = None
    last, first = text(get(row, "mediator_last_name")), text(get(row, "mediator_first_name"))
    if last or first:
        mediator_id = ctx.pseudo("med", first, last)
        raw_role, is_conum = get(row, "role"), get(row, "is_conum")
        role = ctx.roles.get((raw_role, is_conum))
        if role is None:
            role = _ROLE.get(normalize_label(str(raw_role or "")))
            if role is None:
                role = MediatorRole.CONSEILLER_NUMERIQUE if text(is_conum) == "true" else MediatorRole.MEDIATEUR
            if len(ctx.roles) < 1000:
                ctx.roles[(raw_role, is_conum)] = role
    elif export_mediator is not None:
        mediator_id, role = export_mediator
    if role is not None:
        mediators.see(mediator_id, day, role, actor_id)
    action = Action(
        id=aid,
        type=kind,
        date=day,
        actor_id=actor_id,
        mediator_id=mediator_id,
        place_id=place_id,
        code_insee=code,
        channel=channel,
        duration_min=duration,
        participants=max(declared, 1) if declared is not None else 1,
        thematiques=thematiques,
    )
    return action, declared


_UNSEEN: Any = object()


def _thematiques(ctx: _Context, raw: object, admin: bool, aid: str, line: int) -> tuple[Thematique, ...]:
    """Thématiques of a cell; a cell whose labels are all known is decoded once."""
    key = (raw, admin) if isinstance(raw, str) or raw is None else None
    if key is not None:
        found = ctx.thematiques.get(key)  # type: ignore[arg-type]
        if found is not None:
            return found
    before = len(ctx.col.unmapped)
    thematiques = ctx.col.decode_many(
        THEMATIQUE_CODEC.decode,
        split_multi(raw, "\n"),
        entity="actions",
        id=aid,
        column="Thématique(s) d’accompagnement",
        line=line,
    )
    out = tuple(with_admin_thematique(thematiques, admin))
    if key is not None and len(ctx.col.unmapped) == before and len(ctx.thematiques) < 100_000:
        ctx.thematiques[key] = out  # type: ignore[index]
    return out


_PLACE_KEYS = ("place_name", "place_label", "place_address", "insee", "commune", "postal")


def _where(ctx: _Context, row: list[object], channel: Channel | None, line: int) -> tuple[str | None, str, str | None]:
    """Place id, actor id and commune of an activity (computed once per distinct place cells)."""
    get = ctx.get
    key = (channel, *(get(row, k) for k in _PLACE_KEYS))
    found = ctx.places.get(key)
    if found is None:
        found = _where_uncached(ctx, row, channel, line)
        if len(ctx.places) < 100_000:
            ctx.places[key] = found
    return found


def _where_uncached(
    ctx: _Context, row: list[object], channel: Channel | None, line: int
) -> tuple[str | None, str, str | None]:
    col, get = ctx.col, ctx.get
    name = text(get(row, "place_name"))
    label = text(get(row, "place_label"))
    insee, commune, postal = (text(get(row, k)) for k in ("insee", "commune", "postal"))
    # older exports write the commune and its postal code in « Lieu » only: « La Rochelle 17000 »
    m = _LABEL_POSTAL.match(label) if label is not None and not (insee or commune or postal) else None
    written = Written(
        code=insee,
        name=m[1] if m else commune,
        postal=m[2] if m else postal,
        address=get(row, "place_address"),
        column="Lieu" if m else "Code Insee",
    )
    code = locate(col, line, written)
    if name is not None and (channel is Channel.LIEU_ACTIVITE or channel is None):
        address = text(get(row, "place_address"))
        place_id = stable_id("lieu-coop", normalize_label(name), address, code)
        actor_id = stable_id("acteur-coop", normalize_label(name), address, code)
        if actor_id not in col.actors:
            col.note_once(
                "acteur_deduit",
                "structure porteuse des lieux inconnue de l'export : un acteur de type « Autre » est créé par lieu",
            )
            col.add_actor(Actor(id=actor_id, name=name, type=ActorType.AUTRE, code_insee=code), line)
            col.add_place(Place(id=place_id, actor_id=actor_id, name=name, code_insee=code), line)
        return place_id, actor_id, code
    unknown_actor(col, line)
    return None, UNKNOWN_ACTOR_ID, code


def unknown_actor(col: Collector, line: int | None) -> None:
    """Create, once per file, the actor « Structure non précisée » of activities whose structure is unknown."""
    if UNKNOWN_ACTOR_ID not in col.actors:
        col.note_once(
            "acteur_deduit",
            "structure de l'activité non précisée par la source : acteur « Structure non précisée » créé",
            column="structure",
        )
        col.add_actor(Actor(id=UNKNOWN_ACTOR_ID, name="Structure non précisée", type=ActorType.AUTRE), line)


def _add_beneficiary(
    ctx: _Context,
    row: list[object],
    aid: str,
    rank: int,
    line: int,
    mediator_id: str | None,
) -> None:
    col, get = ctx.col, ctx.get
    who = text(get(row, "beneficiary"))
    label = ctx.label(who) if who is not None else ""
    named = who is not None and "anonyme" not in label
    # a named beneficiary: keyed hash of the name within the mediator's file; otherwise the activity and rank
    bid = ctx.pseudo("benef", mediator_id, label) if named else f"benef-{aid}-{rank}"
    raw_gender, raw_age, raw_status = get(row, "gender"), get(row, "age"), get(row, "status")
    if not named and raw_gender is None and raw_age is None and raw_status is None:
        return
    if bid not in col.beneficiaries:
        gender = col.decode_one(
            GENDER_CODEC.decode, raw_gender, entity="beneficiaires", id=bid, column="Genre du bénéficiaire", line=line
        )
        age = col.decode_one(
            AGE_CODEC.decode, raw_age, entity="beneficiaires", id=bid, column="Tranche d’âge du bénéficiaire", line=line
        )
        status = col.decode_one(
            STATUS_CODEC.decode, raw_status, entity="beneficiaires", id=bid, column="Statut du bénéficiaire", line=line
        )
        insee, commune, postal = (text(get(row, f"beneficiary_{k}")) for k in ("insee", "commune", "postal"))
        where = text(get(row, "beneficiary_residence"))
        # older exports: « Commune de résidence du bénéficiaire » only, « La Rochelle 17000 »
        m = _LABEL_POSTAL.match(where) if where is not None and not (insee or commune or postal) else None
        written = Written(
            code=insee,
            name=m[1] if m else commune or where,
            postal=m[2] if m else postal,
            column="Commune de résidence du bénéficiaire" if m else "Code Insee du bénéficiaire",
        )
        residence = locate_or_keep(col, line, written, otherwise="bénéficiaire importé sans commune de résidence")
        col.beneficiaries[bid] = Beneficiary(
            id=bid, gender=gender, age_band=age, status=status, residence_code_insee=residence
        )
    col.participations.append(Participation(action_id=aid, beneficiary_id=bid))
