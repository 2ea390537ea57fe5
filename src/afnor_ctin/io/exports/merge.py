"""Import several export files (and native files) into one dataset.

Deduplication rules, applied in the order the files are given (the ``base`` dataset first):

* actors by id; ids derived from a SIRET (``siret-…``) or RNA (``rna-…``) make one actor of every
  source naming the same legal entity; the first description wins, later different ones are reported;
* places by source id (standard ``id``, data·inclusion ``id``, derived ids for Coop/CRA places);
* actions by id (``ID CRA``, API id, CRA v1 id): a repeated action (same page saved twice) is counted
  as *merged* into the first;
* mediators by pseudonymous id, keeping the earliest start date; beneficiaries by pseudonymous id;
* an action whose place is unknown keeps its commune (warning) or is rejected when it has none; an
  action whose structure is unknown is attached to its place's actor when the place is known.

The territory is the one given, or the EPCI containing most of the imported communes.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from afnor_ctin.dataset import Dataset, check_integrity
from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.io.exports._base import (
    UNKNOWN_ACTOR_ID,
    Aggregate,
    ExportFileCount,
    ExportReading,
    Unmapped,
)
from afnor_ctin.io.exports._ids import Pseudonymizer
from afnor_ctin.io.exports.detect import read_with
from afnor_ctin.model.records import Action, Actor, Beneficiary, Mediator, Participation, Place, Territory

__all__ = ["ImportResult", "import_files", "safe_cell", "write_side_files"]

Progress = Callable[[int, int | None, str], None]
_ENTITY_FILE = {
    "acteurs": "acteurs.csv",
    "lieux": "lieux.csv",
    "mediateurs": "mediateurs.csv",
    "actions": "actions.csv",
    "beneficiaires": "beneficiaires.csv",
    "participations": "participations.csv",
    "financements": "financements.csv",
}


@attrs.frozen(kw_only=True)
class ImportResult:
    """The outcome of :func:`import_files`.

    Attributes
    ----------
    dataset:
        The merged, referentially consistent dataset.
    territory_inferred:
        True when the territory was deduced from the imported communes.
    readings:
        One :class:`ExportReading` per export file, in the order given.
    files:
        Row accounting per file, after merging (cross-file duplicates count as merged).
    unmapped:
        Every unknown enumeration value, kept raw.
    aggregates:
        Counts kept as aggregates (CRA v1 histograms, Coop API counts).
    issues:
        Every finding: per file, then those of the merge.
    written:
        Files written when ``into`` was given.
    """

    dataset: Dataset
    territory_inferred: bool
    readings: tuple[ExportReading, ...]
    files: tuple[ExportFileCount, ...]
    unmapped: tuple[Unmapped, ...]
    aggregates: tuple[Aggregate, ...]
    issues: tuple[Issue, ...]
    written: tuple[Path, ...] = ()

    @property
    def territory(self) -> Territory:
        """The dataset's territory."""
        return self.dataset.territory

    def summary_lines(self) -> list[str]:
        """French lines saying what was imported and rejected, per file."""
        t = self.territory
        how = "déduit des communes importées" if self.territory_inferred else "indiqué"
        lines = [f"Territoire : {t.name} ({t.code}), {how}."]
        for r in self.readings:
            for f in r.files:
                if r.format == "inconnu":
                    lines.append(f"{f.file} : non importé ({r.description}).")
                    continue
                lines.append(
                    f"{f.file} : {r.description} [{r.generation}] — {f.read} ligne(s) lue(s), "
                    f"{f.imported} importée(s), "
                    f"{f.merged} fusionnée(s) dans une activité, {f.rejected} rejetée(s)."
                )
        counts = self.dataset.counts()
        lines.append("Jeu de données : " + ", ".join(f"{n} {k}" for k, n in counts.items() if n) + ".")
        errors = sum(1 for i in self.issues if i.severity is Severity.ERROR)
        warnings = sum(1 for i in self.issues if i.severity is Severity.WARNING)
        lines.append(
            f"{errors} erreur(s), {warnings} avertissement(s), {len(self.unmapped)} valeur(s) non reconnue(s)."
        )
        for path in self.written:
            lines.append(f"Écrit : {path}")
        return lines


def _territory(value: Territory | str | None, codes: Iterable[str | None]) -> tuple[Territory, bool]:
    if isinstance(value, Territory):
        return value, False
    if isinstance(value, str):
        return Territory.from_epci(value), False
    from afnor_ctin.io.reference import epci_of

    votes = Counter(e for e in (epci_of(c) for c in codes if c) if e)
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
) -> ImportResult:
    """Import several files into one dataset, deduplicated (see the module's rules).

    Parameters
    ----------
    paths:
        Export files (any format of :func:`read_export`) and native files or folders (read with
        :func:`afnor_ctin.io.native.read_dataset`).
    into:
        When given, the folder where the native dataset, ``non_reconnus.csv`` and ``agregats.csv`` are written.
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

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When no territory is given and none can be inferred, or when ``pseudonym_key`` is empty.
    """
    pseudo = Pseudonymizer(pseudonym_key)
    readings: list[ExportReading] = []
    native: list[Dataset] = []
    issues: list[Issue] = []
    for i, path in enumerate(paths):
        p = Path(path)
        if progress is not None:
            progress(i, len(paths), p.name)
        if p.is_dir() or _is_native(p):
            got = _read_native(p, issues)
            if isinstance(got, Dataset):
                native.append(got)
            elif got is not None:
                readings.append(got)
            continue
        readings.append(read_with(p, format=None, progress=progress, pseudonyms=pseudo))
    if progress is not None:
        progress(len(paths), len(paths), "fusion")
    for r in readings:
        issues.extend(r.issues)
    if pseudo.random_key and pseudo.used:
        issues.append(pseudo.random_key_issue())

    counts = {
        (r_i, f.file): [f.read, f.imported, f.merged, f.rejected] for r_i, r in enumerate(readings) for f in r.files
    }
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    mediators: dict[str, Mediator] = {}
    actions: dict[str, tuple[Action, tuple[int, str] | None]] = {}
    beneficiaries: dict[str, Beneficiary] = {}
    participations: dict[tuple[str, str], Participation] = {}
    fundings: dict[str, Any] = {}

    def merge_issue(code: str, severity: Severity, message: str, file: str | None, value: str | None) -> None:
        issues.append(Issue(code=code, severity=severity, message=message, file=file, value=value))

    sources: list[tuple[tuple[int, str] | None, Any]] = [(None, d) for d in ([base] if base else []) + native]
    sources += [((i, r.files[0].file if r.files else ""), r) for i, r in enumerate(readings)]
    for key, src in sources:
        file = key[1] if key else None
        for a in src.actors:
            old = actors.get(a.id)
            if old is None:
                actors[a.id] = a
            elif old != a and a.id != UNKNOWN_ACTOR_ID:
                merge_issue(
                    "conflit",
                    Severity.INFO,
                    f"acteur « {a.id} » décrit autrement ailleurs : première description conservée",
                    file,
                    a.id,
                )
        for p in src.places:
            old_p = places.get(p.id)
            if old_p is None:
                places[p.id] = p
            elif old_p != p:
                merge_issue(
                    "conflit",
                    Severity.WARNING,
                    f"lieu « {p.id} » décrit autrement ailleurs : première description conservée",
                    file,
                    p.id,
                )
        for m in src.mediators:
            old_m = mediators.get(m.id)
            if old_m is None or m.start_date < old_m.start_date:
                mediators[m.id] = m if old_m is None else attrs.evolve(old_m, start_date=m.start_date)
        for act in src.actions:
            if act.id in actions:
                if key is not None:
                    c = counts[key]
                    c[1] -= 1
                    c[2] += 1
                merge_issue("doublon", Severity.INFO, f"activité « {act.id} » déjà importée : fusionnée", file, act.id)
                continue
            actions[act.id] = (act, key)
        for b in src.beneficiaries:
            beneficiaries.setdefault(b.id, b)
        for pa in src.participations:
            participations.setdefault((pa.action_id, pa.beneficiary_id), pa)
        for f in src.fundings:
            fundings.setdefault(f.id, f)

    final_actions: list[Action] = []
    for act, key in actions.values():
        file = key[1] if key else None
        if act.place_id is not None and act.place_id not in places:
            if act.code_insee is None:
                merge_issue(
                    "lieu_inconnu",
                    Severity.ERROR,
                    f"lieu « {act.place_id} » inconnu et commune absente : activité rejetée",
                    file,
                    act.id,
                )
                if key is not None:
                    counts[key][1] -= 1
                    counts[key][3] += 1
                continue
            merge_issue(
                "lieu_inconnu",
                Severity.WARNING,
                f"lieu « {act.place_id} » inconnu : activité rattachée à sa seule commune",
                file,
                act.id,
            )
            act = attrs.evolve(act, place_id=None)
        if act.actor_id == UNKNOWN_ACTOR_ID and act.place_id is not None:
            act = attrs.evolve(act, actor_id=places[act.place_id].actor_id)
        final_actions.append(act)
    used = {a.actor_id for a in final_actions} | {m.actor_id for m in mediators.values()}
    if UNKNOWN_ACTOR_ID in actors and UNKNOWN_ACTOR_ID not in used:
        del actors[UNKNOWN_ACTOR_ID]

    codes = [p.code_insee for p in places.values()] + [a.code_insee for a in final_actions]
    codes += [places[a.place_id].code_insee for a in final_actions if a.place_id in places]
    terr, inferred = _territory(territory if territory is not None else (base.territory if base else None), codes)

    result = check_integrity(
        actors=actors.values(),
        places=places.values(),
        mediators=mediators.values(),
        actions=final_actions,
        beneficiaries=beneficiaries.values(),
        participations=participations.values(),
        fundings=fundings.values(),
    )
    for rej in result.rejections:
        issues.append(rej.to_issue())
    dataset = Dataset(
        terr,
        actors=result.actors,
        places=result.places,
        mediators=result.mediators,
        actions=result.actions,
        beneficiaries=result.beneficiaries,
        participations=result.participations,
        fundings=result.fundings,
    )
    files = tuple(
        ExportFileCount(file=k[1], read=v[0], imported=v[1], merged=v[2], rejected=v[3]) for k, v in counts.items()
    )
    unmapped = tuple(u for r in readings for u in r.unmapped)
    aggregates = tuple(a for r in readings for a in r.aggregates)
    written: list[Path] = []
    if into is not None:
        written = _write(dataset, Path(into), unmapped, aggregates, issues)
    return ImportResult(
        dataset=dataset,
        territory_inferred=inferred,
        readings=tuple(readings),
        files=files,
        unmapped=unmapped,
        aggregates=aggregates,
        issues=tuple(issues),
        written=tuple(written),
    )


def _is_native(p: Path) -> bool:
    try:
        with p.open(encoding="utf-8-sig") as fh:
            first = fh.readline()
    except (OSError, UnicodeError):
        return False
    return "financeur" in first and "acteur_id" in first


def _read_native(p: Path, issues: list[Issue]) -> Dataset | ExportReading | None:
    from afnor_ctin.io.native import read_dataset

    if p.is_dir():
        ds, report = read_dataset(p)
        issues.extend(report.issues)
        return ds
    return _read_fundings(p)


def _read_fundings(p: Path) -> ExportReading:
    """A lone native ``financements.csv``: its actors come from the other files of the import."""
    from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
    from afnor_ctin.io.exports._values import parse_date, split_multi, text
    from afnor_ctin.model.enums import Funder
    from afnor_ctin.model.records import Funding

    col = Collector(p.name)
    fundings: list[Funding] = []

    def handle(line: int, row: dict[str, str]) -> bool:
        try:
            funder = Funder.parse(row.get("financeur") or "")
            agreed = float((row.get("montant_accorde") or "").replace(",", "."))
            paid_text = text(row.get("montant_verse"))
            start, end = parse_date(row.get("date_debut")), parse_date(row.get("date_fin"))
        except ValueError as exc:
            raise RowRejected(None, None, f"valeur invalide : {exc}") from None
        if start is None or end is None:
            raise RowRejected("date_debut", row.get("date_debut"), "dates de début et de fin obligatoires")
        fundings.append(
            Funding(
                id=text(row.get("id")) or "",
                funder=funder,
                actor_id=text(row.get("acteur_id")) or "",
                amount_agreed=agreed,
                amount_paid=float(paid_text.replace(",", ".")) if paid_text else None,
                start_date=start,
                end_date=end,
                mediator_ids=tuple(split_multi(row.get("mediateur_ids"), "|")),
            )
        )
        return True

    with p.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        run_rows(col, ((i, r) for i, r in enumerate(reader, start=2)), handle)
    return attrs.evolve(
        col.reading("natif", "financements", "financements au format natif (financements.csv)"),
        fundings=tuple(fundings),
    )


def safe_cell(value: object) -> str:
    """Text of a cell made safe against formula injection (a leading ``'`` before ``= + - @``)."""
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def write_side_files(folder: Path, unmapped: Iterable[Unmapped], aggregates: Iterable[Aggregate]) -> list[Path]:
    """Write ``non_reconnus.csv`` (unknown values kept raw) and ``agregats.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "non_reconnus.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["entite", "id", "colonne", "valeur", "fichier", "ligne"])
        for u in unmapped:
            w.writerow([safe_cell(x) for x in (u.entity, u.id, u.column, u.value, u.file, u.line)])
    agg = folder / "agregats.csv"
    with agg.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["entite", "id", "dimension", "categorie", "effectif"])
        for a in aggregates:
            w.writerow([a.entity, safe_cell(a.id), a.dimension, safe_cell(a.category), a.count])
    return [out, agg]


def _write(
    dataset: Dataset, folder: Path, unmapped: Sequence[Unmapped], aggregates: Sequence[Aggregate], issues: list[Issue]
) -> list[Path]:
    from afnor_ctin.io.native import write_dataset

    written: list[Path] = []
    write_dataset(dataset, folder)
    written.append(folder)
    written.extend(write_side_files(folder, unmapped, aggregates))
    return written
