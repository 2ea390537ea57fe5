"""Native files given to :func:`~afnor_ctin.io.exports.import_files` next to the exports.

A folder is a native dataset (read by :func:`afnor_ctin.io.native.read_dataset`); a lone native
``financements.csv`` (whose header has ``financeur`` and ``acteur_id``) gives fundings whose
actors come from the other files of the import.
"""

from __future__ import annotations

import csv
from pathlib import Path

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import DataError, Issue, UnknownCodeError
from afnor_ctin.io.exports._base import ExportFileCount, ExportReading
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._values import CellValueError, parse_date, parse_number, split_multi, text
from afnor_ctin.model.enums import Funder
from afnor_ctin.model.records import Funding

__all__ = ["is_native", "read_fundings", "read_native"]


def is_native(p: Path) -> bool:
    """True for a native dataset folder or a native ``financements.csv``."""
    if p.is_dir():
        return True
    try:
        with p.open(encoding="utf-8-sig") as fh:
            first = fh.readline(4096)
    except (OSError, UnicodeError):
        return False
    return "financeur" in first and "acteur_id" in first


def read_native(p: Path, issues: list[Issue]) -> Dataset | ExportReading:
    """A native folder as a dataset (its issues appended to ``issues``), or a lone ``financements.csv``."""
    from afnor_ctin.io.native import read_dataset

    if p.is_dir():
        try:
            ds, report = read_dataset(p)
        except DataError as exc:  # no dataset can be built from this folder: reported, the other files go on
            return ExportReading(
                format="natif",
                generation="",
                description="jeu de données natif illisible",
                issues=exc.issues,
                files=(ExportFileCount(file=p.name, read=0, imported=0, merged=0, rejected=0),),
            )
        issues.extend(report.issues)
        return ds
    return read_fundings(p)


def read_fundings(p: Path) -> ExportReading:
    """A lone native ``financements.csv``: its actors come from the other files of the import."""
    col = Collector(p.name)

    def handle(line: int, row: dict[str, str]) -> bool:
        try:
            funder = Funder.parse(row.get("financeur") or "")
            agreed = parse_number(row.get("montant_accorde"))
            paid = parse_number(row.get("montant_verse"))
            start, end = parse_date(row.get("date_debut")), parse_date(row.get("date_fin"))
        except (CellValueError, UnknownCodeError) as exc:
            raise RowRejected(None, None, f"valeur invalide : {exc}") from None
        if agreed is None:
            raise RowRejected("montant_accorde", None, "montant accordé obligatoire")
        if start is None or end is None:
            raise RowRejected("date_debut", row.get("date_debut"), "dates de début et de fin obligatoires")
        fid = text(row.get("id")) or ""
        if fid in col.fundings:
            raise RowRejected("id", fid, f"identifiant de financement « {fid} » déjà lu plus haut : ligne ignorée")
        col.fundings[fid] = Funding(
            id=fid,
            funder=funder,
            actor_id=text(row.get("acteur_id")) or "",
            amount_agreed=agreed,
            amount_paid=paid,
            start_date=start,
            end_date=end,
            mediator_ids=tuple(split_multi(row.get("mediateur_ids"), "|")),
        )
        col.created("financements", fid, line)
        return True

    with p.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        run_rows(col, ((i, r) for i, r in enumerate(reader, start=2)), handle)
    return col.reading("natif", "financements", "financements au format natif (financements.csv)")
