"""Shared machinery of the export readers: the reading, codecs, value parsers and the row collector."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.model.enums import ActorType, LabelledEnum, normalize_label
from afnor_ctin.model.records import (
    INSEE_PATTERN,
    Action,
    Actor,
    Beneficiary,
    Funding,
    Mediator,
    Participation,
    Place,
    normalize_insee,
)

__all__ = [
    "ISSUE_CODES",
    "Aggregate",
    "Codec",
    "ExportFileCount",
    "ExportReading",
    "Pseudonymizer",
    "Unmapped",
]

E = TypeVar("E", bound=LabelledEnum)
_DECODE_CACHE = 10_000

#: Issue codes of the importers (stable) with their French meaning; a test keeps it complete.
ISSUE_CODES: dict[str, str] = {
    "fichier_illisible": "Fichier d'export illisible ou de format non reconnu : aucune ligne importée.",
    "ligne_rejetee": "Ligne rejetée (raison dans le message) : identifiant, date, type ou commune manquant ou "
    "illisible.",
    "valeur_invalide": "Valeur refusée par le modèle (règle de validation) : la ligne est rejetée.",
    "date_invalide": "Date illisible : la ligne est rejetée ou la date ignorée, comme le dit le message.",
    "nombre_invalide": "Nombre illisible dans une colonne d'effectifs : la valeur est ignorée.",
    "duree_invalide": "Durée illisible : ignorée (l'action est importée sans durée).",
    "valeur_non_reconnue": "Valeur d'une liste (type, thématique, canal…) qu'aucune table de correspondance ne "
    "reconnaît : conservée telle quelle dans non_reconnus.csv, jamais devinée.",
    "colonne_ignoree": "Colonne volontairement non importée (notes libres, données personnelles).",
    "colonnes_en_trop": "Ligne plus longue que l'en-tête : les cellules en trop sont ignorées.",
    "doublon": "Enregistrement déjà importé (même identifiant source) : fusionné, non dupliqué.",
    "conflit": "Même enregistrement décrit différemment par deux sources : la première description est conservée.",
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
    """A count kept as an aggregate of an action (CRA v1 histograms, Coop API counts).

    Attributes
    ----------
    action_id:
        The action the count describes.
    dimension:
        ``age``, ``statut`` or ``genre``.
    category:
        The source category (e.g. ``de18a35ans``), never re-binned.
    count:
        Number of participants in the category.
    """

    action_id: str
    dimension: str
    category: str
    count: int


@attrs.frozen(kw_only=True)
class ExportFileCount:
    """What happened to the rows of one source file.

    ``read == imported + merged + rejected``: a row is imported (it created a record), merged into
    an activity already created by another row (Coop accompaniments sharing one ``ID CRA``, the
    same object in several pages), or rejected with an issue naming the reason.
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
        Format id: ``lieux``, ``coop``, ``cra_v1`` or ``data_inclusion``.
    generation:
        Generation of the format found in the file (e.g. ``v1-csv``, ``accompagnements-2025``).
    description:
        French description of what was found.
    actors, places, mediators, actions, beneficiaries, participations, fundings:
        Model records, ids unique per entity.
    aggregates:
        Counts kept as aggregates (never turned into invented beneficiaries).
    unmapped:
        Enumeration values no code matches, kept raw.
    issues:
        Every finding, in reading order.
    files:
        Row accounting per file.
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
    aggregates: tuple[Aggregate, ...] = ()
    unmapped: tuple[Unmapped, ...] = ()
    issues: tuple[Issue, ...] = ()
    files: tuple[ExportFileCount, ...] = ()

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


class Codec(Generic[E]):
    """Map a source's strings (codes or labels, current and historical) to a model enumeration.

    Parameters
    ----------
    enum:
        The model enumeration; its slugs and labels are always accepted.
    extra:
        Source strings (labels of the source, historical labels) to slug of ``enum``.
    """

    def __init__(self, enum: type[E], extra: Mapping[str, str] | None = None) -> None:
        self.enum = enum
        self.extra: dict[str, str] = dict(extra or {})
        self._keys: dict[str, E] = {}
        for text, slug in self.extra.items():
            self._keys[normalize_label(text)] = enum(slug)
        self._seen: dict[str, E | None] = {}

    def decode(self, text: str) -> E | None:
        """Return the member for ``text`` (case, accents, apostrophes ignored), or ``None``."""
        try:
            return self._seen[text]
        except KeyError:
            pass
        key = normalize_label(text)
        found = self._keys.get(key)
        member = found if found is not None else self.enum.lookup(text)
        if len(self._seen) < _DECODE_CACHE:
            self._seen[text] = member
        return member

    def encode(self, member: E) -> str:
        """The French label of ``member``."""
        return member.label

    def source_labels(self, member: E) -> tuple[str, ...]:
        """Every source string that decodes to ``member``, including historical ones."""
        return tuple(t for t, slug in self.extra.items() if slug == str(member))


# --------------------------------------------------------------------------------------------
# value parsers
# --------------------------------------------------------------------------------------------
_NULLS = frozenset({"", "null", "none", "nan", "\\n"})
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def text(value: object) -> str | None:
    """Stripped text of a cell; empty, ``null`` and missing give ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return None if s.casefold() in _NULLS else s


def parse_date(value: object) -> dt.date | None:
    """A day from an Excel serial, a date(time), ``YYYY-MM-DD…`` or ``dd/mm/yyyy…``.

    Raises
    ------
    ValueError
        When the value is present but is not a day.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError(value)
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    s = text(value)
    if s is None:
        return None
    m = _ISO.match(s)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.match(s)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return parse_date(float(s))
    raise ValueError(s)


def parse_int(value: object) -> int | None:
    """A non-negative integer from a number or numeric text (``12``, ``12.0``).

    Raises
    ------
    ValueError
        When the value is present but is not a whole number.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    s = text(value)
    if s is None:
        return None
    f = float(s.replace(",", "."))
    if not f.is_integer():
        raise ValueError(s)
    return int(f)


def split_multi(value: object, separators: str) -> list[str]:
    """Split a multi-valued cell (list, or text joined by any of ``separators``), dropping blanks."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [text(v) for v in value]
        return [i for i in items if i]
    s = text(value)
    if s is None:
        return []
    if s.startswith("{") and s.endswith("}"):
        s = s[1:-1]
        separators = ","
    parts = re.split("[" + re.escape(separators) + "]", s) if separators else [s]
    out: list[str] = []
    for p in parts:
        p = p.strip().strip('"').strip()
        if p and p.casefold() != "null":
            out.append(p)
    return out


def stable_id(prefix: str, *parts: object) -> str:
    """A stable identifier derived from non-personal parts: ``prefix-`` and 16 hex digits of their SHA-256.

    Never use it on people's names: anyone could recompute it from a list of names; use a
    :class:`Pseudonymizer` instead.
    """
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"


class Pseudonymizer:
    """Keyed pseudonymous identifiers (HMAC-SHA256) for people known only by their names.

    An unkeyed hash of a name can be reversed by hashing a list of names; a keyed hash cannot
    without the key. The key is a secret kept by the territory: with the same key, the same person
    gets the same id from one import to the next. Without a key, a random one is drawn for this
    object only, so the ids are stable within one import only.

    Parameters
    ----------
    key:
        The secret key (text is encoded as UTF-8), or ``None`` to draw a random one.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When the key is empty or of another type.
    """

    def __init__(self, key: bytes | str | None = None) -> None:
        if key is None:
            self.random_key = True
            secret = secrets.token_bytes(32)
        elif isinstance(key, bytes | str) and key:
            self.random_key = False
            secret = key.encode() if isinstance(key, str) else bytes(key)
        else:
            raise InvalidInputError("clé de pseudonymisation invalide : texte ou octets non vides attendus")
        self._mac = hmac.new(secret, digestmod=hashlib.sha256)
        self._ids: dict[tuple[object, ...], str] = {}
        #: True once an id has been derived from a person's name.
        self.used = False

    def __repr__(self) -> str:
        return f"Pseudonymizer(random_key={self.random_key})"

    def __call__(self, prefix: str, *parts: object) -> str:
        """``prefix-`` and 16 hex digits of the HMAC-SHA256 of the parts (``None`` is empty)."""
        key = (prefix, *parts)
        found = self._ids.get(key)
        if found is not None:
            return found
        self.used = True
        mac = self._mac.copy()
        mac.update("\x1f".join("" if p is None else str(p) for p in key).encode())
        pid = f"{prefix}-{mac.hexdigest()[:16]}"
        if len(self._ids) < _PSEUDONYM_CACHE:
            self._ids[key] = pid
        return pid

    def random_key_issue(self, file: str | None = None) -> Issue:
        """The information issue saying that ids derived from names hold within this import only."""
        return Issue(
            code="cle_pseudonymes_aleatoire",
            severity=Severity.INFO,
            message=(
                "aucune clé de pseudonymisation fournie : identifiants des médiateurs et bénéficiaires connus "
                "par leur nom calculés avec une clé aléatoire, stables au sein de cet import seulement "
                "(fournir la clé secrète du territoire pour les retrouver d'un import à l'autre)"
            ),
            file=file,
        )


_PSEUDONYM_CACHE = 1 << 20


def classify_pivot(value: object) -> tuple[str | None, str | None]:
    """Return ``(siret_or_rna, other)`` from a SIRET/RNA pivot; all-zero pivots are missing."""
    s = text(value)
    if s is None:
        return None, None
    s = s.replace(" ", "")
    if set(s) <= {"0"}:
        return None, None
    if re.fullmatch(r"\d{14}", s) or re.fullmatch(r"W\d{9}", s.upper()):
        return s.upper(), None
    return None, s


def actor_key(siret: str | None) -> str | None:
    """Actor id for a SIRET (``siret-…``) or RNA (``rna-…``) number."""
    if siret is None:
        return None
    return f"rna-{siret}" if siret.startswith("W") else f"siret-{siret}"


def _reference_communes() -> Mapping[str, Any]:
    from afnor_ctin.io.reference import communes

    return communes()


_BY_NAME: dict[tuple[str, str], str | None] = {}


def _name_index() -> dict[tuple[str, str], str | None]:
    if not _BY_NAME:
        for code, commune in _reference_communes().items():
            key = (commune.departement, normalize_label(commune.name).replace("-", " "))
            _BY_NAME[key] = None if key in _BY_NAME else code
    return _BY_NAME


def _departement_of_postcode(postal: str) -> str:
    if postal.startswith("97"):
        return postal[:3]
    if postal.startswith("20"):
        return "2A" if postal < "20200" else "2B"
    return postal[:2]


def resolve_insee(code: object, *, commune: object = None, postal: object = None) -> str | None:
    """Resolve a commune code, or return ``None``.

    From an INSEE code (4-digit codes get their leading zero back, arrondissements are normalised),
    else from the commune name within the postal code's département.
    """
    try:
        return _resolve_cached(code, commune, postal)
    except TypeError:  # unhashable value (list, dict from a JSON source)
        return _resolve(code, commune, postal)


@functools.lru_cache(maxsize=1 << 14, typed=True)
def _resolve_cached(code: object, commune: object, postal: object) -> str | None:
    return _resolve(code, commune, postal)


def _resolve(code: object, commune: object, postal: object) -> str | None:
    c = text(code)
    if c is not None:
        c = c.upper()
        if re.fullmatch(r"\d{4}", c):
            c = "0" + c
        c = normalize_insee(c)
        if INSEE_PATTERN.match(c):
            return c
        return None
    name, pc = text(commune), text(postal)
    if name is None or pc is None or not re.fullmatch(r"\d{5}", pc):
        return None
    key = (_departement_of_postcode(pc), normalize_label(name).replace("-", " "))
    return _name_index().get(key)


def known_commune(code: str) -> bool:
    """True when ``code`` is a commune of the bundled reference table."""
    return code in _reference_communes()


# --------------------------------------------------------------------------------------------
# collector
# --------------------------------------------------------------------------------------------
class RowRejected(Exception):
    """Raised inside a row handler: the row is rejected for the reason given (French)."""

    def __init__(self, column: str | None, value: object, message: str, code: str = "ligne_rejetee") -> None:
        super().__init__(message)
        self.column = column
        self.value = None if value is None else str(value)
        self.message = message
        self.code = code


class Collector:
    """Mutable accumulator used by the readers while they walk through the rows of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.mediators: dict[str, Mediator] = {}
        self.actions: dict[str, Action] = {}
        self.beneficiaries: dict[str, Beneficiary] = {}
        self.participations: list[Participation] = []
        self.aggregates: list[Aggregate] = []
        self.unmapped: list[Unmapped] = []
        self.issues: list[Issue] = []
        self.read = 0
        self.imported = 0
        self.merged = 0
        self.rejected = 0
        self._noted: set[tuple[str, str]] = set()

    def issue(
        self,
        code: str,
        severity: Severity,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        """Record a finding located in the current file."""
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                file=self.file,
                line=line,
                column=column,
                value=None if value is None else str(value),
            )
        )

    def note_once(self, code: str, message: str, *, column: str | None = None) -> None:
        """An information issue given once per file and code/column."""
        key = (code, column or "")
        if key not in self._noted:
            self._noted.add(key)
            self.issue(code, Severity.INFO, message, column=column)

    def reject(self, line: int, exc: RowRejected | InvalidInputError) -> None:
        """Count one rejected row and record why."""
        self.rejected += 1
        if isinstance(exc, RowRejected):
            self.issue(exc.code, Severity.ERROR, exc.message, line=line, column=exc.column, value=exc.value)
        else:
            self.issue("valeur_invalide", Severity.ERROR, str(exc), line=line)

    def keep_unmapped(self, entity: str, id: str, column: str, value: str, line: int | None) -> None:
        """Keep an unknown enumeration value raw and report it."""
        self.unmapped.append(Unmapped(entity=entity, id=id, column=column, value=value, file=self.file, line=line))
        self.issue(
            "valeur_non_reconnue",
            Severity.WARNING,
            f"valeur « {value} » non reconnue : conservée telle quelle dans non_reconnus.csv",
            line=line,
            column=column,
            value=value,
        )

    def decode_many(
        self, codec: Codec[E], values: Iterable[str], *, entity: str, id: str, column: str, line: int | None
    ) -> list[E]:
        """Decode several values, keeping the unknown ones raw; duplicates are dropped."""
        out: list[E] = []
        for raw in values:
            member = codec.decode(raw)
            if member is None:
                self.keep_unmapped(entity, id, column, raw, line)
            elif member not in out:
                out.append(member)
        return out

    def add_actor(self, actor: Actor, line: int | None) -> None:
        """Keep the first actor of an id; a different later one is reported as a conflict."""
        old = self.actors.get(actor.id)
        if old is None:
            self.actors[actor.id] = actor
        elif old != actor:
            _conflict(self, "acteur", actor.id, old, actor, line)

    def add_place(self, place: Place, line: int | None) -> None:
        """Keep the first place of an id; a different later one is reported as a conflict."""
        old = self.places.get(place.id)
        if old is None:
            self.places[place.id] = place
        elif old != place:
            _conflict(self, "lieu", place.id, old, place, line)

    def reading(self, fmt: str, generation: str, description: str) -> ExportReading:
        """Freeze what was collected."""
        return ExportReading(
            format=fmt,
            generation=generation,
            description=description,
            actors=tuple(self.actors.values()),
            places=tuple(self.places.values()),
            mediators=tuple(self.mediators.values()),
            actions=tuple(self.actions.values()),
            beneficiaries=tuple(self.beneficiaries.values()),
            participations=tuple(self.participations),
            aggregates=tuple(self.aggregates),
            unmapped=tuple(self.unmapped),
            issues=tuple(self.issues),
            files=(
                ExportFileCount(
                    file=self.file, read=self.read, imported=self.imported, merged=self.merged, rejected=self.rejected
                ),
            ),
        )


def _conflict(col: Collector, what: str, id: str, old: Any, new: Any, line: int | None) -> None:
    fields = [f.name for f in attrs.fields(type(old)) if getattr(old, f.name) != getattr(new, f.name)]
    col.issue(
        "conflit",
        Severity.WARNING,
        f"{what} « {id} » décrit différemment plus haut (champs : {', '.join(fields)}) : la première "
        "description est conservée",
        line=line,
        value=id,
    )


def actor_type_codec() -> Codec[ActorType]:
    """Typology codes of data·inclusion v0 and of the ANCT variant (``FABRIQUE`` … are unknown)."""
    return Codec(ActorType)


def run_rows(
    col: Collector,
    rows: Iterable[tuple[int, Any]],
    handle: Callable[[int, Any], bool],
    progress: Callable[[int, int | None, str], None] | None = None,
    total: int | None = None,
) -> None:
    """Feed every row to ``handle``, counting each one as imported, merged or rejected.

    ``handle`` returns True when the row created a record, False when it was merged; a
    :class:`RowRejected` or :class:`InvalidInputError` rejects the row.
    """
    for line, row in rows:
        col.read += 1
        try:
            if handle(line, row):
                col.imported += 1
            else:
                col.merged += 1
        except (RowRejected, InvalidInputError) as exc:
            col.reject(line, exc)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            col.reject(line, RowRejected(None, None, f"ligne illisible ({type(exc).__name__} : {exc})"))
        if progress is not None and col.read % 20000 == 0:
            progress(col.read, total, col.file)
