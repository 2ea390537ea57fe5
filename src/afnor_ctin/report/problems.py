"""The problems of a load or an import, grouped by cause: a French summary, and every issue as JSON, CSV or XLSX.

:func:`problems_lines` gives one paragraph per root cause (:func:`afnor_ctin.errors.group_issues`):
its severity, code and meaning, how many issues, how many rows went in cascade, and a few
examples. :func:`write_problems` writes every issue, one row each, in the group order; the format
follows the file name (``.json``, ``.csv``, ``.xlsx``). CSV files are UTF-8 with a BOM and
``;``-separated, as French spreadsheets expect; text cells are protected against formula injection;
files are written atomically (a temporary file in the same folder, then :func:`os.replace`).

>>> from afnor_ctin.errors import Issue, Severity
>>> issue = Issue(code="valeur_manquante", severity=Severity.ERROR, message="valeur obligatoire vide", line=3)
>>> lines = problems_lines([issue])
>>> lines[0], lines[2]
('Signalements par cause : 1 cause, 1 signalement.', '  - ligne 3 : valeur obligatoire vide')
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from afnor_ctin.errors import InvalidInputError, Issue, IssueGroup, LoadReport, group_issues
from afnor_ctin.french import plural
from afnor_ctin.io.atomic import atomic_path
from afnor_ctin.io.schema import PROBLEMS_FILE_NAME
from afnor_ctin.report.french import format_number, issue_line
from afnor_ctin.report.render.tabular import protect

__all__ = [
    "PROBLEMS_FILE",
    "PROBLEMS_FORMAT",
    "PROBLEM_COLUMNS",
    "ProblemFormat",
    "load_lines",
    "problem_format",
    "problem_rows",
    "problems_csv",
    "problems_json",
    "problems_lines",
    "write_problems",
]

#: The formats :func:`write_problems` writes.
ProblemFormat = Literal["json", "csv", "xlsx"]
#: The file of every issue that ``afnor-ctin import`` writes next to the imported data.
PROBLEMS_FILE = PROBLEMS_FILE_NAME
#: Identifier of the JSON document (key ``format``).
PROBLEMS_FORMAT = "afnor-ctin/problemes"
_FORMATS: dict[str, ProblemFormat] = {"json": "json", "csv": "csv", "xlsx": "xlsx"}
#: The columns of the CSV and XLSX files, one row per issue.
PROBLEM_COLUMNS = ("gravite", "cause", "code", "fichier", "ligne", "colonne", "valeur", "message")

Cell = str | int | None


#: Longest example line of :func:`problems_lines` (the files written by :func:`write_problems` keep every word).
EXAMPLE_WIDTH = 240


def _shorten(text: str) -> str:
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 1].rstrip() + "…"


def problems_lines(issues: Sequence[Issue], *, examples: int = 3) -> list[str]:
    """French lines: one paragraph per root cause, with its count and up to ``examples`` examples.

    Parameters
    ----------
    issues:
        The issues of a load (:attr:`~afnor_ctin.errors.LoadReport.issues`) or an import.
    examples:
        Number of issues shown under each cause.
    """
    groups = group_issues(issues)
    if not groups:
        return ["Aucun signalement."]
    lines = [f"Signalements par cause : {plural(len(groups), 'cause')}, {plural(len(issues), 'signalement')}."]
    for group in groups:
        cascade = (
            f" (dont {format_number(group.cascaded)} en cascade : lignes qui renvoient à une ligne rejetée)"
            if group.cascaded
            else ""
        )
        head = f"[{group.severity.value}] {group.cause.value} — {group.cause.label}"
        lines.append(f"{head} : {plural(group.count, 'signalement')}{cascade}")
        lines += [f"  - {_shorten(issue_line(i).split('] ', 1)[1])}" for i in group.examples(examples)]
        if group.count > examples:
            lines.append(f"  … et {format_number(group.count - examples)} autre(s)")
    return lines


def load_lines(load: LoadReport, heading: Sequence[str] = (), *, examples: int = 3) -> list[str]:
    """French lines of a load: ``heading``, the rows read, loaded and rejected by file, then the problems by cause."""
    from afnor_ctin.report.render.text import table

    rows = [[f.file, format_number(f.read), format_number(f.loaded), format_number(f.rejected)] for f in load.files]
    rows.append(["total", format_number(load.read), format_number(load.loaded), format_number(load.rejected)])
    lines = [*heading, *table(["Fichier", "Lues", "Chargées", "Rejetées"], rows, right=[1, 2, 3])]
    return [*lines, "", load.summary(), "", *problems_lines(load.issues, examples=examples)]


def problem_format(path: str | Path, format: str | None = None) -> ProblemFormat:
    """The format of a problems file: ``format`` when given, else the suffix of ``path``.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When neither names ``json``, ``csv`` or ``xlsx``.
    """
    kind = format or Path(path).suffix.lower().lstrip(".")
    if kind in _FORMATS:
        return _FORMATS[kind]
    raise InvalidInputError(f"« {Path(path).name} » : fichier .json, .csv ou .xlsx attendu (ou --format)")


def problem_rows(issues: Sequence[Issue]) -> list[list[Cell]]:
    """Every issue as a row of :data:`PROBLEM_COLUMNS`, cause by cause (as :func:`problems_lines`)."""
    return [
        [
            i.severity.value,
            group.cause.value,
            i.code.value,
            i.file,
            i.line,
            i.column,
            i.value,
            i.message,
        ]
        for group in group_issues(issues)
        for i in group.issues
    ]


def _safe(row: list[Cell]) -> list[Cell]:
    return [protect(v) if isinstance(v, str) else v for v in row]


def problems_csv(issues: Sequence[Issue]) -> str:
    """Every issue as CSV text (``;``-separated, header :data:`PROBLEM_COLUMNS`, cells protected)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(PROBLEM_COLUMNS)
    writer.writerows(["" if v is None else v for v in _safe(row)] for row in problem_rows(issues))
    return out.getvalue()


def _cause(group: IssueGroup) -> dict[str, object]:
    return {
        "cause": group.cause.value,
        "libelle": group.cause.label,
        "gravite": group.severity.value,
        "nombre": group.count,
        "en_cascade": group.cascaded,
    }


def problems_json(issues: Sequence[Issue]) -> str:
    """Every issue as a JSON document: the causes with their counts, then one object per issue."""
    document = {
        "format": PROBLEMS_FORMAT,
        "version": 1,
        "causes": [_cause(g) for g in group_issues(issues)],
        "problemes": [dict(zip(PROBLEM_COLUMNS, row, strict=True)) for row in problem_rows(issues)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _write_xlsx(issues: Sequence[Issue], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    summary.title = "causes"
    summary.append(["cause", "libelle", "gravite", "nombre", "en_cascade"])
    for group in group_issues(issues):
        summary.append(_safe([group.cause.value, group.cause.label, group.severity.value, group.count, group.cascaded]))
    sheet = wb.create_sheet("problemes")
    sheet.append(list(PROBLEM_COLUMNS))
    for row in problem_rows(issues):
        sheet.append(_safe(row))
    for ws in (summary, sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    wb.save(path)


def write_problems(
    issues: Sequence[Issue], path: str | Path, format: ProblemFormat | None = None, *, overwrite: bool = False
) -> Path:
    """Write every issue to ``path``, cause by cause; the format follows the suffix unless given.

    Parameters
    ----------
    issues:
        The issues to write.
    path:
        Destination file (``.json``, ``.csv`` or ``.xlsx``); its folder must exist.
    format:
        ``json``, ``csv`` or ``xlsx``; by default the suffix of ``path``.
    overwrite:
        Replace ``path`` when it exists (the write is atomic, see :mod:`afnor_ctin.io.atomic`).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When the format is unknown.
    afnor_ctin.io.atomic.OverwriteError
        When ``path`` exists and ``overwrite`` is false.
    afnor_ctin.io.atomic.WriteError
        When the file cannot be written (a previous file is left intact).
    """
    target = Path(path)
    kind = problem_format(target, format)
    writers: dict[str, Callable[[Path], object]] = {
        "json": lambda p: p.write_text(problems_json(issues), encoding="utf-8"),
        "csv": lambda p: p.write_text(problems_csv(issues), encoding="utf-8-sig", newline=""),
        "xlsx": lambda p: _write_xlsx(issues, p),
    }
    with atomic_path(target, overwrite=overwrite) as temporary:
        writers[kind](temporary)
    return target
