"""Import several export files (and native files) into one dataset.

Deduplication rules, applied in the order the files are given (the ``base`` dataset first):

* actors by id; ids derived from a SIRET (``siret-…``) or RNA (``rna-…``) make one actor of every
  source naming the same legal entity; the first description wins, later different ones are reported;
* places by source id (standard ``id``, data·inclusion ``id``, derived ids for Coop/CRA places), then
  the same place in two files by the rules of :mod:`~afnor_ctin.io.exports.matching` (same SIRET and
  commune, or coordinates within 50 m and similar names); every merge is written to ``fusions.csv``;
* actions by id (``ID CRA``, API id, CRA v1 id): a repeated action (same page saved twice) is counted
  as *merged* into the first;
* mediators by id, keeping the earliest start date; beneficiaries by pseudonymous id; fundings by id;
* the digital offer of a data·inclusion service goes to its structure's place (a service whose
  structure is in no file is rejected: the structures file is needed);
* an action whose place is unknown keeps its commune (warning) or is rejected when it has none; an
  action whose structure is unknown is attached to its place's actor when the place is known.

The counts of each file describe the final dataset: a row whose record is merged away counts as
merged, a row whose record the integrity check rejects counts as rejected (its issue names the file
and line). The territory is the one given, or the EPCI containing most of the imported communes;
the IFN scores of an ``ifn`` file go to its communes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from afnor_ctin.dataset import Dataset, check_integrity
from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.io.atomic import check_target, replace_folder
from afnor_ctin.io.exports._base import (
    UNKNOWN_ACTOR_ID,
    ExportFileCount,
    ExportReading,
    Location,
)
from afnor_ctin.io.exports._ids import Pseudonymizer
from afnor_ctin.io.exports.data_inclusion import missing_structures_issue, place_id_of
from afnor_ctin.io.exports.detect import read_with
from afnor_ctin.io.exports.import_result import ImportResult
from afnor_ctin.io.exports.matching import Candidate, Merge, match_places, merge_descriptions
from afnor_ctin.io.exports.native_inputs import is_native, read_native
from afnor_ctin.io.exports.side_files import write_side_files
from afnor_ctin.model.records import Action, Actor, Mediator, Place, Territory

__all__ = ["ImportResult", "import_files"]

Progress = Callable[[int, int | None, str], None]
#: The record fields shared by :class:`~afnor_ctin.dataset.IntegrityResult` and :class:`~afnor_ctin.dataset.Dataset`.
_RECORDS = ("actors", "places", "mediators", "actions", "beneficiaries", "participations", "fundings")


class _Accounts:
    """Row accounting of the files, moved when a record created by a row is merged away or rejected."""

    def __init__(self, readings: Sequence[ExportReading]) -> None:
        self.readings = readings
        self.counts = {i: [f.read, f.imported, f.merged, f.rejected] for i, r in enumerate(readings) for f in r.files}
        self._moved: set[tuple[int, int]] = set()

    def file(self, source: int | None) -> str | None:
        if source is None or source < 0 or not self.readings[source].files:
            return None
        return self.readings[source].files[0].file

    def move(self, source: int | None, entity: str, id: str, to: str) -> int | None:
        """Count the row that created ``id`` as merged or rejected; return its line (``None``: not a row)."""
        if source is None or source < 0:
            return None
        line = self.readings[source].origins.get(entity, {}).get(id)
        c = self.counts.get(source)
        if line is None or c is None or c[1] <= 0 or (source, line) in self._moved:
            return None
        self._moved.add((source, line))
        c[1] -= 1
        c[2 if to == "merged" else 3] += 1
        return line


def _territory(value: Territory | str | None, codes: Iterable[str | None]) -> tuple[Territory, bool]:
    if isinstance(value, Territory):
        return value, False
    if isinstance(value, str):
        return Territory.from_epci(value), False
    from afnor_ctin.reference import communes

    table = communes()  # the codes are resolved: current communes, arrondissements merged
    votes = Counter(commune.epci for c in codes if c and (commune := table.get(c)) is not None and commune.epci)
    if not votes:
        raise InvalidInputError(
            "territoire impossible à déduire : aucune commune importée n'appartient à un EPCI connu ; "
            "indiquez-le (territory=…)"
        )
    best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return Territory.from_epci(best), True


def import_files(
    paths: Sequence[str | Path],
    *,
    into: Path | None = None,
    base: Dataset | None = None,
    territory: Territory | str | None = None,
    progress: Progress | None = None,
    pseudonym_key: bytes | str | None = None,
    overwrite: bool = False,
) -> ImportResult:
    """Import several files into one dataset, deduplicated and merged (see the module's rules).

    Parameters
    ----------
    paths:
        Export files (any format of :func:`read_export`) and native files or folders (read with
        :func:`afnor_ctin.io.native.read_dataset`).
    into:
        When given, where the native dataset is written: a ``.xlsx`` workbook, a ``.json`` document
        or else a folder of CSV files (see :func:`~afnor_ctin.io.native.write_dataset`). The side files
        (``non_reconnus.csv``, ``agregats.csv``, ``annotations.csv``, ``fusions.csv``) go in that
        folder, or next to the workbook or document.
    base:
        An existing dataset whose records come first (they win over imported duplicates).
    territory:
        The territory (a :class:`~afnor_ctin.model.Territory` or an EPCI SIREN); inferred when ``None``.
    progress:
        Optional callback ``(done, total, label)`` for long reads.
    pseudonym_key:
        Secret key of the keyed hash (HMAC-SHA256) giving the ids of people known only by their
        names (mediators and beneficiaries of La Coop's exports); the platforms' own opaque ids are
        used when present. A territory keeps this secret and reuses it so that the same person gets
        the same id from one import to the next. When ``None``, a random key is drawn for this import
        (ids stable within it only) and an information issue says so. Neither the key nor any name is
        ever written.
    overwrite:
        Replace the dataset already in ``into`` (the folder is replaced as a whole, atomically). To
        merge new files into an existing dataset, list its folder among ``paths`` as well.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When no territory is given and none can be inferred, or when ``pseudonym_key`` is empty.
    afnor_ctin.io.atomic.OverwriteError
        When ``into`` already holds files and ``overwrite`` is false (checked before reading).
    afnor_ctin.io.atomic.UnsafePathError
        When ``into`` is a symbolic link or holds files that are not part of a dataset.
    """
    if into is not None:  # to merge, the folder is one of the paths: it is read before being replaced
        check_target(Path(into), overwrite=overwrite, hint=" ; pour fusionner, importez aussi ce dossier")
    pseudo = Pseudonymizer(pseudonym_key)
    readings: list[ExportReading] = []
    native: list[Dataset] = []
    issues: list[Issue] = []
    for i, path in enumerate(paths):
        p = Path(path)
        if progress is not None:
            progress(i, len(paths), p.name)
        if is_native(p):
            got = read_native(p, issues)
            if isinstance(got, Dataset):
                native.append(got)
            else:
                readings.append(got)
            continue
        readings.append(read_with(p, format=None, progress=progress, pseudonyms=pseudo))
    if progress is not None:
        progress(len(paths), len(paths), "fusion")
    for r in readings:
        issues.extend(r.issues)
    if pseudo.random_key and pseudo.used:
        issues.append(pseudo.random_key_issue())
    merger = _Merger(readings, issues)
    for d in ([base] if base else []) + native:
        merger.add(None, d)
    for i, r in enumerate(readings):
        merger.add(i, r)
    merger.match_places()
    merger.attach_services()
    actions = merger.final_actions()
    merger.drop_orphan_actors(actions)
    codes = [p.code_insee for p, _ in merger.places.values()] + [a.code_insee for a, _ in actions]
    codes += [merger.places[a.place_id][0].code_insee for a, _ in actions if a.place_id in merger.places]
    terr, inferred = _territory(territory if territory is not None else (base.territory if base else None), codes)
    terr = merger.apply_ifn(terr)
    dataset = merger.dataset(terr, actions)
    files = tuple(
        ExportFileCount(file=r.files[0].file, read=c[0], imported=c[1], merged=c[2], rejected=c[3])
        for i, r in enumerate(readings)
        if r.files
        for c in [merger.accounts.counts[i]]
    )
    unmapped = tuple(u for r in readings for u in r.unmapped)
    aggregates = tuple(a for r in readings for a in r.aggregates)
    annotations = tuple(a for r in readings for a in r.annotations)
    written: list[Path] = []
    if into is not None:
        from afnor_ctin.io._writer import write_csv_folder
        from afnor_ctin.io.native import DATASET_ENTRIES, write_dataset

        target = Path(into)
        if target.suffix.lower() in (".xlsx", ".json"):  # one file; the side files go next to it
            write_dataset(dataset, target, overwrite=overwrite)
            written = [target, *write_side_files(target.parent, unmapped, aggregates, annotations, merger.merges)]
        else:
            with replace_folder(target, overwrite=overwrite, managed=DATASET_ENTRIES) as fresh:
                write_csv_folder(dataset, fresh)
                sides = write_side_files(fresh, unmapped, aggregates, annotations, merger.merges)
            written = [target, *(target / p.name for p in sides)]
    return ImportResult(
        dataset=dataset,
        territory_inferred=inferred,
        readings=tuple(readings),
        files=files,
        unmapped=unmapped,
        aggregates=aggregates,
        annotations=annotations,
        merges=tuple(merger.merges),
        issues=tuple(issues),
        written=tuple(written),
    )


class _Merger:
    """The records of every source, keyed by id, with the source (file index) each came from."""

    def __init__(self, readings: Sequence[ExportReading], issues: list[Issue]) -> None:
        self.accounts = _Accounts(readings)
        self.readings = readings
        self.issues = issues
        self.actors: dict[str, tuple[Actor, int | None]] = {}
        self.places: dict[str, tuple[Place, int | None]] = {}
        self.mediators: dict[str, tuple[Mediator, int | None]] = {}
        self.actions: dict[str, tuple[Action, int | None]] = {}
        self.beneficiaries: dict[str, Any] = {}
        self.participations: dict[tuple[str, str], Any] = {}
        self.fundings: dict[str, tuple[Any, int | None]] = {}
        self.locations: dict[str, Location] = {}
        self.alias: dict[str, str] = {}
        self.merges: list[Merge] = []
        self.merged_actors: dict[str, str] = {}

    def issue(
        self, code: str, severity: Severity, message: str, source: int | None, value: str | None, **kw: Any
    ) -> None:
        self.issues.append(
            Issue(code=code, severity=severity, message=message, file=self.accounts.file(source), value=value, **kw)
        )

    def add(self, source: int | None, src: Any) -> None:
        """Add the records of one source (a dataset or a reading), merging those whose id is already known."""
        for a in src.actors:
            old = self.actors.get(a.id)
            if old is None:
                self.actors[a.id] = (a, source)
                continue
            self.accounts.move(source, "acteurs", a.id, "merged")
            if old[0] != a and a.id != UNKNOWN_ACTOR_ID:
                self.issue(
                    "conflit",
                    Severity.INFO,
                    f"acteur « {a.id} » décrit autrement ailleurs : première description conservée",
                    source,
                    a.id,
                )
        for p in src.places:
            old_p = self.places.get(p.id)
            if old_p is None:
                self.places[p.id] = (p, source)
                continue
            line = self.accounts.move(source, "lieux", p.id, "merged")
            self._merged_place(old_p[0].id, old_p[1], p, source, "meme_identifiant", "même identifiant", line)
        for m in src.mediators:
            old_m = self.mediators.get(m.id)
            if old_m is None:
                self.mediators[m.id] = (m, source)
            else:
                self.accounts.move(source, "mediateurs", m.id, "merged")
                if m.start_date < old_m[0].start_date:
                    self.mediators[m.id] = (attrs.evolve(old_m[0], start_date=m.start_date), old_m[1])
        for act in src.actions:
            if act.id in self.actions:
                self.accounts.move(source, "actions", act.id, "merged")
                self.issue("doublon", Severity.INFO, f"activité « {act.id} » déjà importée : fusionnée", source, act.id)
                continue
            self.actions[act.id] = (act, source)
        for b in src.beneficiaries:
            self.beneficiaries.setdefault(b.id, b)
        for pa in src.participations:
            self.participations.setdefault((pa.action_id, pa.beneficiary_id), pa)
        for f in src.fundings:
            if f.id in self.fundings:
                self.accounts.move(source, "financements", f.id, "merged")
            else:
                self.fundings[f.id] = (f, source)
        for loc in getattr(src, "locations", ()):
            self.locations.setdefault(loc.place_id, loc)

    def _merged_place(
        self,
        kept_id: str,
        kept_source: int | None,
        place: Place,
        source: int | None,
        rule: str,
        note: str,
        line: int | None,
    ) -> None:
        kept = self.places[kept_id][0]
        merged_place, differences = merge_descriptions(kept, place)
        self.places[kept_id] = (merged_place, kept_source)
        if place.id != kept_id:
            self.alias[place.id] = kept_id
            if place.actor_id != kept.actor_id:
                self.merged_actors[place.actor_id] = kept.actor_id
        kept_file, merged_file = self.accounts.file(kept_source), self.accounts.file(source)
        self.merges.append(
            Merge(
                entity="lieux",
                kept=kept_id,
                merged=place.id,
                rule=rule,
                kept_file=kept_file,
                merged_file=merged_file,
                note="; ".join([note, *differences]),
            )
        )
        self.issue(
            "lieu_fusionne",
            Severity.INFO,
            f"lieu « {place.name} » ({place.id}) fusionné dans « {kept.name} » ({kept_id}) de "
            f"{kept_file or 'la base'} : {note}",
            source,
            place.id,
            line=line,
        )
        if differences and place != kept:
            self.issue(
                "conflit",
                Severity.WARNING,
                f"lieu « {kept_id} » décrit différemment par {merged_file or 'une autre source'} : "
                + "; ".join(differences),
                source,
                place.id,
                line=line,
            )

    def match_places(self) -> None:
        """Merge the places that two files describe under different ids."""
        candidates = [
            Candidate(place, -1 if source is None else source, self.locations.get(pid))
            for pid, (place, source) in self.places.items()
        ]
        for kept, merged, rule, note in match_places(candidates):
            kept_id = self.alias.get(kept.place.id, kept.place.id)
            if merged.place.id not in self.places or kept_id not in self.places:
                continue
            source = None if merged.source < 0 else merged.source
            line = self.accounts.move(source, "lieux", merged.place.id, "merged")
            del self.places[merged.place.id]
            self._merged_place(kept_id, self.places[kept_id][1], merged.place, source, rule, note, line)

    def attach_services(self) -> None:
        """Give the digital offer of each data·inclusion service to its structure's place."""
        with_structures = any(r.format == "data_inclusion" and not r.service_offers and r.actors for r in self.readings)
        for source, r in enumerate(self.readings):
            if r.service_offers and not with_structures:
                self.issues.append(missing_structures_issue(r.files[0].file, len(r.service_offers)))
            for offer in r.service_offers:
                target = None
                for sid in (offer.structure_id, f"{offer.source}--{offer.structure_id}"):
                    pid = self.alias.get(place_id_of(sid), place_id_of(sid))
                    if pid in self.places:
                        target = pid
                        break
                if target is None:
                    line = self.accounts.move(source, "services", offer.id, "rejected")
                    self.issue(
                        "structure_inconnue",
                        Severity.ERROR,
                        f"service « {offer.id} » : structure « {offer.structure_id} » absente des fichiers importés "
                        "(ou sans lieu localisable) ; importez le fichier des structures data·inclusion",
                        source,
                        offer.structure_id,
                        line=line if line is not None else offer.line,
                        column="structure_id",
                    )
                    continue
                place, place_source = self.places[target]
                services = tuple(dict.fromkeys((*place.services, *offer.services)))
                self.places[target] = (attrs.evolve(place, services=services), place_source)
                self.accounts.move(source, "services", offer.id, "merged")
                self.merges.append(
                    Merge(
                        entity="lieux",
                        kept=target,
                        merged=offer.id,
                        rule="structure_data_inclusion",
                        kept_file=self.accounts.file(place_source),
                        merged_file=self.accounts.file(source),
                        note="services : " + (", ".join(s.label for s in offer.services) or "aucun service précisé"),
                    )
                )

    def final_actions(self) -> list[tuple[Action, int | None]]:
        """Actions with merged places redirected; an unknown place keeps its commune or rejects the action."""
        out: list[tuple[Action, int | None]] = []
        for act, source in self.actions.values():
            if act.place_id is not None and act.place_id in self.alias:
                act = attrs.evolve(act, place_id=self.alias[act.place_id])
            if act.place_id is not None and act.place_id not in self.places:
                if act.code_insee is None:
                    line = self.accounts.move(source, "actions", act.id, "rejected")
                    self.issue(
                        "lieu_inconnu",
                        Severity.ERROR,
                        f"lieu « {act.place_id} » inconnu et commune absente : activité rejetée",
                        source,
                        act.id,
                        line=line,
                    )
                    continue
                self.issue(
                    "lieu_inconnu",
                    Severity.WARNING,
                    f"lieu « {act.place_id} » inconnu : activité rattachée à sa seule commune",
                    source,
                    act.id,
                )
                act = attrs.evolve(act, place_id=None)
            if act.actor_id == UNKNOWN_ACTOR_ID and act.place_id is not None:
                act = attrs.evolve(act, actor_id=self.places[act.place_id][0].actor_id)
            out.append((act, source))
        for mid, (m, source) in list(self.mediators.items()):
            if any(p in self.alias for p in m.place_ids):
                ids = tuple(dict.fromkeys(self.alias.get(p, p) for p in m.place_ids))
                self.mediators[mid] = (attrs.evolve(m, place_ids=ids), source)
        return out

    def drop_orphan_actors(self, actions: Sequence[tuple[Action, int | None]]) -> None:
        """Remove actors no record refers to any more: the unknown structure, and actors of merged places."""
        used = {a.actor_id for a, _ in actions} | {m.actor_id for m, _ in self.mediators.values()}
        used |= {p.actor_id for p, _ in self.places.values()} | {f.actor_id for f, _ in self.fundings.values()}
        if UNKNOWN_ACTOR_ID in self.actors and UNKNOWN_ACTOR_ID not in used:
            del self.actors[UNKNOWN_ACTOR_ID]
        for merged, kept in self.merged_actors.items():
            if merged in used or merged not in self.actors or merged.startswith(("siret-", "rna-")):
                continue
            actor, source = self.actors.pop(merged)
            self.merges.append(
                Merge(
                    entity="acteurs",
                    kept=kept,
                    merged=merged,
                    rule="acteur_du_lieu_fusionne",
                    kept_file=self.accounts.file(self.actors[kept][1]) if kept in self.actors else None,
                    merged_file=self.accounts.file(source),
                    note=f"acteur « {actor.name} » dont le seul lieu a été fusionné",
                )
            )

    def apply_ifn(self, territory: Territory) -> Territory:
        """Give the territory's communes the IFN scores of the ``ifn`` files; the other communes are counted."""
        scored = False
        for source, r in enumerate(self.readings):
            if r.format != "ifn":
                continue
            scored = True
            scores = {c.code_insee: c.ifn_score for c in r.communes}
            codes = {c.code_insee for c in territory.communes}
            outside = [code for code in scores if code not in codes]
            for code in outside:
                self.accounts.move(source, "communes", code, "rejected")
            if outside:
                self.issue(
                    "hors_champ",
                    Severity.INFO,
                    f"{len(outside)} commune(s) hors du territoire {territory.code} : scores non utilisés",
                    source,
                    None,
                )
            territory = attrs.evolve(
                territory,
                communes=tuple(
                    attrs.evolve(c, ifn_score=scores[c.code_insee]) if c.code_insee in scores else c
                    for c in territory.communes
                ),
            )
        if scored:
            n = sum(1 for c in territory.communes if c.ifn_score is not None)
            self.issue(
                "score_ifn",
                Severity.INFO,
                f"{n} commune(s) du territoire sur {len(territory.communes)} ont un score IFN",
                None,
                None,
            )
        return territory

    def dataset(self, territory: Territory, actions: Sequence[tuple[Action, int | None]]) -> Dataset:
        """Check integrity (rejections counted against their rows) and build the dataset."""
        inputs: dict[str, list[tuple[Any, int | None]]] = {
            "acteurs": list(self.actors.values()),
            "lieux": list(self.places.values()),
            "mediateurs": list(self.mediators.values()),
            "actions": list(actions),
            "financements": list(self.fundings.values()),
        }
        result = check_integrity(
            actors=[a for a, _ in inputs["acteurs"]],
            places=[p for p, _ in inputs["lieux"]],
            mediators=[m for m, _ in inputs["mediateurs"]],
            actions=[a for a, _ in inputs["actions"]],
            beneficiaries=self.beneficiaries.values(),
            participations=self.participations.values(),
            fundings=[f for f, _ in inputs["financements"]],
        )
        for rej in result.rejections:
            located = inputs.get(rej.entity)
            record, source = located[rej.index] if located is not None and rej.index < len(located) else (None, None)
            line = None if record is None else self.accounts.move(source, rej.entity, record.id, "rejected")
            file = self.accounts.file(source) if line is not None else None
            self.issues.append(rej.to_issue(file=file, line=line) if file is not None else rej.to_issue())
        return Dataset(territory, **{name: getattr(result, name) for name in _RECORDS})
