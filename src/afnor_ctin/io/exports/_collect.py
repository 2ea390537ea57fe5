"""The row collector of the export readers: every row is imported, merged or rejected, with its issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.io.exports import _base as out
from afnor_ctin.io.exports._values import CellValueError, parse_date, text
from afnor_ctin.model import enums, records
from afnor_ctin.model.enums import LabelledEnum
from afnor_ctin.reference import Resolution

__all__ = ["Collector", "MediatorsSeen", "RowRejected", "required_date", "run_rows"]

E = TypeVar("E", bound=LabelledEnum)
#: What decodes a source string into a member of a model enumeration (``None``: unknown).
Decoder = Callable[[str], E | None]
Progress = Callable[[int, int | None, str], None]


class RowRejected(Exception):
    """Raised inside a row handler: the row is rejected for the reason given (French)."""

    def __init__(self, column: str | None, value: object, message: str, code: str = "ligne_rejetee") -> None:
        super().__init__(message)
        self.column = column
        self.value = None if value is None else str(value)
        self.message = message
        self.code = code


def required_date(value: object, column: str) -> dt.date:
    """The day of a required date cell; a missing or unreadable one rejects the row."""
    try:
        day = parse_date(value)
    except CellValueError:
        raise RowRejected(column, value, "date illisible") from None
    if day is None:
        raise RowRejected(column, None, "date manquante")
    return day


class MediatorsSeen:
    """The mediators named by the activities of a file, each in post from the earliest day it is seen.

    A mediator keeps the actor of the first row that names it and takes the role of its earliest row.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[dt.date, enums.MediatorRole, str]] = {}

    def see(self, mediator_id: str | None, day: dt.date, role: enums.MediatorRole, actor_id: str) -> None:
        """Note that ``mediator_id`` (nothing when ``None``) led an activity on ``day`` for ``actor_id``."""
        if mediator_id is None:
            return
        old = self._seen.get(mediator_id)
        if old is None:
            self._seen[mediator_id] = (day, role, actor_id)
        elif day < old[0]:
            self._seen[mediator_id] = (day, role, old[2])

    def add_to(self, col: Collector) -> None:
        """Add one :class:`~afnor_ctin.model.records.Mediator` per mediator seen to the records of ``col``."""
        for mid, (start, role, actor_id) in self._seen.items():
            col.mediators[mid] = records.Mediator(id=mid, actor_id=actor_id, role=role, start_date=start)


class Collector:
    """Mutable accumulator used by the readers while they walk through the rows of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.actors: dict[str, records.Actor] = {}
        self.places: dict[str, records.Place] = {}
        self.mediators: dict[str, records.Mediator] = {}
        self.actions: dict[str, records.Action] = {}
        self.beneficiaries: dict[str, records.Beneficiary] = {}
        self.participations: list[records.Participation] = []
        self.fundings: dict[str, records.Funding] = {}
        self.communes: dict[str, records.Commune] = {}
        self.aggregates: list[out.Aggregate] = []
        self.annotations: list[out.Annotation] = []
        self.locations: dict[str, out.Location] = {}
        self.service_offers: list[out.ServiceOffer] = []
        self.unmapped: list[out.Unmapped] = []
        self.issues: list[Issue] = []
        self.origins: dict[str, dict[str, int]] = {}
        #: Commune resolutions already made in this file, by what the rows wrote (see :mod:`._communes`).
        self.located: dict[Hashable, Resolution] = {}
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

    def warn_extra_cells(self, row: Mapping[str, Any], line: int) -> None:
        """Warn about the cells of a row beyond its header (key ``__extra__`` of the CSV reader)."""
        extra = row.get("__extra__")
        if extra:
            message = "valeurs au-delà des colonnes de l'en-tête : ignorées"
            self.issue("colonnes_en_trop", Severity.WARNING, message, line=line, value="|".join(extra)[:200])

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
            severity = Severity.INFO if exc.code == "hors_champ" else Severity.ERROR
            self.issue(exc.code, severity, exc.message, line=line, column=exc.column, value=exc.value)
        elif isinstance(exc, CellValueError):
            self.issue("valeur_invalide", Severity.ERROR, str(exc), line=line, value=exc.value)
        else:
            self.issue("valeur_invalide", Severity.ERROR, str(exc), line=line)

    def created(self, entity: str, id: str, line: int) -> None:
        """Remember that the row at ``line`` created record ``id`` of ``entity``, its main record.

        One record per row: the one whose fate (merged into a record of another file, rejected by the
        integrity check) is the row's fate in the counts of :func:`~afnor_ctin.io.exports.import_files`.
        """
        self.origins.setdefault(entity, {}).setdefault(id, line)

    def annotate(self, entity: str, id: str, kind: str, note: str) -> None:
        """Keep a fact about a record that the model has no field for."""
        self.annotations.append(out.Annotation(entity=entity, id=id, kind=kind, note=note))

    def keep_unmapped(self, entity: str, id: str, column: str, value: str, line: int | None) -> None:
        """Keep an unknown enumeration value raw and report it."""
        self.unmapped.append(out.Unmapped(entity=entity, id=id, column=column, value=value, file=self.file, line=line))
        self.issue(
            "valeur_non_reconnue",
            Severity.WARNING,
            f"valeur « {value} » non reconnue : conservée telle quelle dans non_reconnus.csv",
            line=line,
            column=column,
            value=value,
        )

    def decode_one(
        self, decode: Decoder[E], raw: object, *, entity: str, id: str, column: str, line: int | None
    ) -> E | None:
        """Decode one cell (``None`` when empty); an unknown value is kept raw and reported.

        ``decode`` is a :meth:`Codec.decode <afnor_ctin.io.exports._values.Codec.decode>` or any
        function giving the member of a source string, ``None`` when it knows none.
        """
        value = text(raw)
        if value is None:
            return None
        member = decode(value)
        if member is None:
            self.keep_unmapped(entity, id, column, value, line)
        return member

    def decode_many(
        self, decode: Decoder[E], values: Iterable[str], *, entity: str, id: str, column: str, line: int | None
    ) -> list[E]:
        """Decode several values, keeping the unknown ones raw (see :meth:`decode_one`); duplicates are dropped."""
        out: list[E] = []
        for raw in values:
            member = decode(raw)
            if member is None:
                self.keep_unmapped(entity, id, column, raw, line)
            elif member not in out:
                out.append(member)
        return out

    def add_actor(self, actor: records.Actor, line: int | None) -> None:
        """Keep the first actor of an id; a different later one is reported as a conflict."""
        self._keep(self.actors, actor, "acteur", line)

    def add_place(self, place: records.Place, line: int | None) -> None:
        """Keep the first place of an id; a different later one is reported as a conflict."""
        self._keep(self.places, place, "lieu", line)

    def _keep(self, store: dict[str, Any], record: Any, what: str, line: int | None) -> None:
        old = store.get(record.id)
        if old is None:
            store[record.id] = record
        elif old != record:
            self._conflict(what, record.id, old, record, line)

    def _conflict(self, what: str, id: str, old: Any, new: Any, line: int | None) -> None:
        fields = [f.name for f in attrs.fields(type(old)) if getattr(old, f.name) != getattr(new, f.name)]
        self.issue(
            "conflit",
            Severity.WARNING,
            f"{what} « {id} » décrit différemment plus haut (champs : {', '.join(fields)}) : la première "
            "description est conservée",
            line=line,
            value=id,
        )

    def reading(self, fmt: str, generation: str, description: str) -> out.ExportReading:
        """Freeze what was collected."""
        return out.ExportReading(
            format=fmt,
            generation=generation,
            description=description,
            actors=tuple(self.actors.values()),
            places=tuple(self.places.values()),
            mediators=tuple(self.mediators.values()),
            actions=tuple(self.actions.values()),
            beneficiaries=tuple(self.beneficiaries.values()),
            participations=tuple(self.participations),
            fundings=tuple(self.fundings.values()),
            communes=tuple(self.communes.values()),
            aggregates=tuple(self.aggregates),
            annotations=tuple(self.annotations),
            locations=tuple(self.locations.values()),
            service_offers=tuple(self.service_offers),
            unmapped=tuple(self.unmapped),
            issues=tuple(self.issues),
            files=(
                out.ExportFileCount(
                    file=self.file, read=self.read, imported=self.imported, merged=self.merged, rejected=self.rejected
                ),
            ),
            origins=self.origins,
        )


def run_rows(
    col: Collector,
    rows: Iterable[tuple[int, Any]],
    handle: Callable[[int, Any], bool],
    progress: Progress | None = None,
    total: int | None = None,
) -> None:
    """Feed every row to ``handle``, counting each one as imported, merged or rejected.

    ``handle`` returns True when the row created a record, False when it was merged. Only the
    library's data errors reject a row: a :class:`RowRejected` raised by the handler, or an
    :class:`~afnor_ctin.errors.InvalidInputError` (a model validator, a cell of the wrong kind). Any
    other exception is a defect of the reader and propagates.
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
        if progress is not None and col.read % 20000 == 0:
            progress(col.read, total, col.file)
