"""Scores of the *indice de fragilité numérique* written into an existing territory folder.

``afnor-ctin importer ifn.csv --sortie DOSSIER`` on a folder that already holds a native dataset
(``communes.csv``): the scores of the IFN files fill the ``score_ifn`` column of ``communes.csv``,
replaced atomically, and nothing else of the folder changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.io.exports._base import ExportReading
from afnor_ctin.io.exports.detect import read_export
from afnor_ctin.io.exports.ifn import HEADER, apply_scores

__all__ = ["ScoreUpdate", "is_ifn_file", "update_ifn_scores"]


@attrs.frozen(kw_only=True)
class ScoreUpdate:
    """What :func:`update_ifn_scores` did.

    Attributes
    ----------
    readings:
        The reading of each IFN file.
    path:
        The ``communes.csv`` updated.
    scored, communes:
        Communes of the file that got a score from the IFN files, and communes of the file.
    issues:
        Every finding of the readings, then the summary.
    """

    readings: tuple[ExportReading, ...]
    path: Path
    scored: int
    communes: int
    issues: tuple[Issue, ...]

    def summary_lines(self) -> list[str]:
        """French lines saying what was read and how many communes got a score."""
        lines = []
        for r in self.readings:
            for f in r.files:
                lines.append(
                    f"{f.file} : {r.description} — {f.read} ligne(s) lue(s), {f.imported} commune(s) notée(s), "
                    f"{f.rejected} rejetée(s)."
                )
        lines.append(f"{self.path} : {self.scored} commune(s) sur {self.communes} ont reçu un score IFN.")
        errors = sum(1 for i in self.issues if i.severity is Severity.ERROR)
        lines.append(f"{errors} erreur(s).")
        return lines


def is_ifn_file(path: str | Path) -> bool:
    """True when the first line of ``path`` is the header of an IFN file (``division``, ``code``, ``total``)."""
    try:
        with Path(path).open(encoding="utf-8-sig", errors="replace") as fh:
            first = fh.readline()
    except OSError:
        return False
    names = {h.strip().strip('"') for h in first.replace(";", ",").split(",")}
    return {"division", "code", "total"} <= names and len(names & set(HEADER)) >= 4


def update_ifn_scores(paths: Sequence[str | Path], folder: str | Path) -> ScoreUpdate:
    """Read the IFN files and write their scores into ``folder/communes.csv``.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When ``folder`` holds no ``communes.csv`` (import the territory's dataset first) or it is unreadable.
    """
    target = Path(folder) / "communes.csv"
    if not target.is_file():
        raise InvalidInputError(
            f"« {target} » introuvable : les scores IFN se versent dans le communes.csv d'un jeu existant "
            "(importez d'abord les fichiers du territoire, ou donnez le fichier IFN avec eux)"
        )
    readings = tuple(read_export(p, format="ifn") for p in paths)
    scores = {c.code_insee: c.ifn_score for r in readings for c in r.communes if c.ifn_score is not None}
    scored, communes = apply_scores(target, scores)
    issues = [i for r in readings for i in r.issues]
    issues.append(
        Issue(
            code="score_ifn",
            severity=Severity.INFO,
            message=f"{scored} commune(s) sur {communes} ont reçu un score IFN",
            file="communes.csv",
        )
    )
    return ScoreUpdate(readings=readings, path=target, scored=scored, communes=communes, issues=tuple(issues))
