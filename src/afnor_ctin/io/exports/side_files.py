"""The side files of an import, written next to the native dataset: what the model has no column for.

``non_reconnus.csv`` (values kept raw), ``agregats.csv`` (counts kept as aggregates),
``annotations.csv`` (estimates, antennas, inactive structures…) and ``fusions.csv`` (records merged
across files). Every cell is safe against formula injection and every file is written atomically
(a temporary file in the same folder, then :func:`os.replace`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from afnor_ctin.io.atomic import atomic_path
from afnor_ctin.io.exports._base import Aggregate, Annotation, Unmapped
from afnor_ctin.io.exports.matching import Merge
from afnor_ctin.io.schema import FORMULA_TRIGGERS, SIDE_FILE_NAMES

__all__ = ["SIDE_FILES", "atomic_csv", "safe_cell", "write_side_files"]

#: The side files with their header.
SIDE_FILES: dict[str, tuple[str, ...]] = dict(
    zip(
        SIDE_FILE_NAMES,
        (
            ("entite", "id", "colonne", "valeur", "fichier", "ligne"),
            ("entite", "id", "dimension", "categorie", "effectif"),
            ("entite", "id", "nature", "note"),
            ("entite", "conserve", "fusionne", "regle", "fichier_conserve", "fichier_fusionne", "note"),
        ),
        strict=True,
    )
)


def safe_cell(value: object) -> str:
    """Text of a cell made safe against formula injection (a leading ``'`` before ``= + - @``)."""
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in FORMULA_TRIGGERS else s


def atomic_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, overwrite: bool = True) -> Path:
    """Write a UTF-8 CSV file through a temporary sibling replaced atomically (never through a symlink).

    See :func:`afnor_ctin.io.atomic.atomic_path` for the guarantees and the exceptions raised.
    """
    with (
        atomic_path(path, overwrite=overwrite, within=path.parent) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as fh,
    ):
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_side_files(
    folder: Path,
    unmapped: Iterable[Unmapped],
    aggregates: Iterable[Aggregate],
    annotations: Iterable[Annotation] = (),
    merges: Iterable[Merge] = (),
) -> list[Path]:
    """Write the four side files into ``folder`` (created if needed, replacing them); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    content: dict[str, Iterable[Sequence[object]]] = {
        # a beneficiary's raw value is never linked to their id (only the file and line say where it was)
        "non_reconnus.csv": (
            (u.entity, "" if u.entity == "beneficiaires" else u.id, u.column, u.value, u.file, u.line) for u in unmapped
        ),
        "agregats.csv": ((a.entity, a.id, a.dimension, a.category, a.count) for a in aggregates),
        "annotations.csv": ((a.entity, a.id, a.kind, a.note) for a in annotations),
        "fusions.csv": ((m.entity, m.kept, m.merged, m.rule, m.kept_file, m.merged_file, m.note) for m in merges),
    }
    return [
        atomic_csv(
            folder / name,
            SIDE_FILES[name],
            ([v if isinstance(v, int) else safe_cell(v) for v in row] for row in rows),
        )
        for name, rows in content.items()
    ]
