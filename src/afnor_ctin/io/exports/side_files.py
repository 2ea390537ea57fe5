"""The side files of an import, written next to the native dataset: what the model has no column for.

``non_reconnus.csv`` (values kept raw), ``agregats.csv`` (counts kept as aggregates),
``annotations.csv`` (estimates, antennas, inactive structures…) and ``fusions.csv`` (records merged
across files). Every cell is safe against formula injection and every file is written atomically
(a temporary file in the same folder, then :func:`os.replace`).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from afnor_ctin.io.exports._base import Aggregate, Annotation, Unmapped
from afnor_ctin.io.exports.matching import Merge

__all__ = ["SIDE_FILES", "atomic_csv", "safe_cell", "write_side_files"]

#: The side files with their header.
SIDE_FILES: dict[str, tuple[str, ...]] = {
    "non_reconnus.csv": ("entite", "id", "colonne", "valeur", "fichier", "ligne"),
    "agregats.csv": ("entite", "id", "dimension", "categorie", "effectif"),
    "annotations.csv": ("entite", "id", "nature", "note"),
    "fusions.csv": ("entite", "conserve", "fusionne", "regle", "fichier_conserve", "fichier_fusionne", "note"),
}


def safe_cell(value: object) -> str:
    """Text of a cell made safe against formula injection (a leading ``'`` before ``= + - @``)."""
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def atomic_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a UTF-8 CSV file through a temporary file of the same folder replaced atomically."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_side_files(
    folder: Path,
    unmapped: Iterable[Unmapped],
    aggregates: Iterable[Aggregate],
    annotations: Iterable[Annotation] = (),
    merges: Iterable[Merge] = (),
) -> list[Path]:
    """Write the four side files into ``folder`` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    content: dict[str, Iterable[Sequence[object]]] = {
        "non_reconnus.csv": ((u.entity, u.id, u.column, u.value, u.file, u.line) for u in unmapped),
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
