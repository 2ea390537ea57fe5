"""What :func:`~afnor_ctin.io.exports.merge.import_files` returns: the dataset, the accounting per file, findings."""

from __future__ import annotations

from pathlib import Path

import attrs

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import Issue, Severity
from afnor_ctin.french import format_number
from afnor_ctin.io.exports._base import Aggregate, Annotation, ExportFileCount, ExportReading, Unmapped
from afnor_ctin.io.exports.matching import Merge
from afnor_ctin.model.records import Territory

__all__ = ["ImportResult"]


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
        Row accounting per file, after merging: a row merged across files counts as merged, a row
        whose record was rejected by the integrity check as rejected.
    unmapped:
        Every unknown enumeration value, kept raw.
    aggregates:
        Counts kept as aggregates (CRA v1 histograms, Coop API counts, Aidants Connect mandates).
    annotations:
        Facts the model has no field for (estimated amounts, antennas, inactive structures…).
    merges:
        Records merged across files (same place in two files, services attached to structures).
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
    annotations: tuple[Annotation, ...] = ()
    merges: tuple[Merge, ...] = ()
    written: tuple[Path, ...] = ()

    @property
    def territory(self) -> Territory:
        """The dataset's territory."""
        return self.dataset.territory

    def summary_lines(self) -> list[str]:
        """French lines saying what was imported, merged and rejected, per file."""
        t = self.territory
        how = "déduit des communes importées" if self.territory_inferred else "indiqué"
        lines = [f"Territoire : {t.name} ({t.code}), {how}."]
        counts = {f.file: f for f in self.files}
        for r in self.readings:
            for file in r.files:
                if r.format == "inconnu":
                    lines.append(f"{file.file} : non importé ({r.description}).")
                    continue
                f = counts.get(file.file, file)
                lines.append(
                    f"{f.file} : {r.description} [{r.generation}] — {format_number(f.read)} ligne(s) lue(s), "
                    f"{format_number(f.imported)} importée(s), {format_number(f.merged)} fusionnée(s), "
                    f"{format_number(f.rejected)} rejetée(s)."
                )
        places = sum(1 for m in self.merges if m.entity == "lieux" and m.rule != "structure_data_inclusion")
        if places:
            lines.append(f"Fusions : {places} lieu(x) décrit(s) par plusieurs fichiers (détail dans fusions.csv).")
        scored = sum(1 for c in t.communes if c.ifn_score is not None)
        if any(r.format == "ifn" for r in self.readings):
            lines.append(f"Indice de fragilité numérique : {scored} commune(s) sur {len(t.communes)} notée(s).")
        dataset = self.dataset.counts()
        lines.append("Jeu de données : " + ", ".join(f"{format_number(c)} {k}" for k, c in dataset.items() if c) + ".")
        errors = sum(1 for i in self.issues if i.severity is Severity.ERROR)
        warnings = sum(1 for i in self.issues if i.severity is Severity.WARNING)
        lines.append(
            f"{format_number(errors)} erreur(s), {format_number(warnings)} avertissement(s), "
            f"{format_number(len(self.unmapped))} valeur(s) non reconnue(s)."
        )
        for path in self.written:
            lines.append(f"Écrit : {path}")
        return lines
