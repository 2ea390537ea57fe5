"""*Indice de fragilité numérique* (IFN) per commune: the CSV of the MedNum index (fragilite-numerique.fr).

Columns ``name, division, code, no_thd_coverage_rate, no_4g_coverage_rate, poverty_rate,
older_65_rate, nscol15p_rate, total``. A ``city`` row gives a :class:`~afnor_ctin.model.Commune`
whose ``ifn_score`` is ``total`` (0–10, 10 = most fragile) and whose population comes from the
bundled COG table; an ``epci`` row (a score of a whole EPCI) is outside what I07 uses and is not
imported. :func:`~afnor_ctin.io.exports.import_files` gives the scores to the territory's
communes; :func:`apply_scores` writes them into an existing ``communes.csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.io.exports._base import ExportReading
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._communes import Written, locate
from afnor_ctin.io.exports._values import CellValueError, parse_number, text
from afnor_ctin.io.exports.side_files import atomic_csv
from afnor_ctin.model.records import Commune

__all__ = ["FIELD_MAP", "GENERATIONS", "HEADER", "apply_scores", "read_rows"]

HEADER: tuple[str, ...] = (
    "name",
    "division",
    "code",
    "no_thd_coverage_rate",
    "no_4g_coverage_rate",
    "poverty_rate",
    "older_65_rate",
    "nscol15p_rate",
    "total",
)
GENERATIONS: dict[str, str] = {"csv": "indice de fragilité numérique par commune (CSV)"}
FIELD_MAP: dict[str, str] = {
    "code (division city)": "Commune.code_insee",
    "name": "Commune.name (nom du COG s'il est connu)",
    "total": "Commune.ifn_score (0 à 10)",
}


def read_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], *, file: str) -> ExportReading:
    """Read the communes' scores (one mapping per row, with its line number)."""
    from afnor_ctin.reference import communes

    reference = communes()
    col = Collector(file)

    def handle(line: int, row: Mapping[str, Any]) -> bool:
        division = (text(row.get("division")) or "").casefold()
        if division == "epci":
            raise RowRejected(
                "division", "epci", "score d'un EPCI : seuls les scores des communes sont importés", code="hors_champ"
            )
        if division not in ("city", "commune"):
            raise RowRejected("division", row.get("division"), "division « city » (commune) ou « epci » attendue")
        code = locate(col, line, Written(code=row.get("code"), name=row.get("name"), column="code"))
        try:
            score = parse_number(row.get("total"))
        except CellValueError as exc:
            raise RowRejected("total", exc.value, f"score illisible : {exc}") from None
        if score is None or not 0 <= score <= 10:
            raise RowRejected("total", row.get("total"), "score IFN entre 0 et 10 attendu")
        known = reference.get(code)
        if known is None:
            raise RowRejected("code", code, "commune absente du code officiel géographique intégré")
        if code in col.communes:
            if col.communes[code].ifn_score != score:
                raise RowRejected("code", code, "commune déjà notée plus haut avec un autre score : ligne ignorée")
            return False
        col.communes[code] = Commune(
            code_insee=code,
            name=known.name,
            population=known.population,
            population_year=known.population_year,
            ifn_score=score,
        )
        col.created("communes", code, line)
        return True

    run_rows(col, rows, handle)
    return col.reading("ifn", "csv", GENERATIONS["csv"])


def apply_scores(path: Path, scores: Mapping[str, float]) -> tuple[int, int]:
    """Write the IFN ``scores`` (INSEE code → score) into the ``score_ifn`` column of a native ``communes.csv``.

    The other columns and cells are kept as they are; the file is replaced atomically (a temporary
    file in the same folder, then :func:`os.replace`). Communes absent from ``scores`` keep their score.

    Returns
    -------
    tuple[int, int]
        The number of communes that got a score from ``scores``, and the number of communes of the file.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When the file is missing, unreadable or has no ``code_insee`` column.
    """
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as exc:
        raise InvalidInputError(f"« {path} » illisible : {exc}") from None
    reader = csv.reader(io.StringIO(content, newline=""))
    header = next(reader, [])
    if "code_insee" not in header:
        raise InvalidInputError(f"« {path} » : colonne « code_insee » absente, fichier communes.csv attendu")
    if "score_ifn" not in header:
        header.append("score_ifn")
    code_at, score_at = header.index("code_insee"), header.index("score_ifn")
    rows: list[list[str]] = []
    scored = 0
    for row in reader:
        row = row + [""] * (len(header) - len(row))
        score = scores.get(row[code_at].strip())
        if score is not None:
            row[score_at] = repr(float(score))
            scored += 1
        rows.append(row)
    atomic_csv(path, header, rows)
    return scored, len(rows)
