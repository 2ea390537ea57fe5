"""The data-quality summary every report opens with: what was loaded, rejected, ignored, and why.

:func:`quality_summary` gathers, for one report or a series, the rows read, loaded and rejected per
file (from the :class:`~afnor_ctin.errors.LoadReport`), the records ignored because they lie outside
the territory or outside the period, the indicators left incomplete and the problems grouped by
cause; :attr:`QualitySummary.verdicts` are the French sentences that make a command exit with
status 1 (too many rejected rows, a period without data). Every renderer (text, Markdown, JSON, HTML,
PDF, XLSX) prints the same summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.catalog import Kind, catalog
from afnor_ctin.columns import DAY_MAX, DAY_MIN, day_number, from_day_number
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import FileCount, IssueGroup, LoadReport, group_issues
from afnor_ctin.french import plural
from afnor_ctin.issue_codes import IssueCode
from afnor_ctin.report.figures.numbers import format_quantity
from afnor_ctin.report.french import format_number
from afnor_ctin.results import Report

__all__ = ["DEFAULT_REJECTION_THRESHOLD", "QualitySummary", "quality_summary"]

#: Days between the period's bounds and the dated actions under which a partial overlap is not noted.
_GAP_DAYS = 31

#: Share of rejected rows above which a report is said unreliable (``--seuil-rejets``).
DEFAULT_REJECTION_THRESHOLD = 0.05


@attrs.frozen(kw_only=True)
class QualitySummary:
    """What a report is built on, said before any figure.

    Attributes
    ----------
    files:
        Rows read, loaded and rejected per file (empty when the data was not read from files).
    read, loaded, rejected:
        Totals over every file.
    outside_territory:
        Rows ignored because their commune is outside the territory.
    outside_period:
        Dated actions outside the period(s) of the report (kept in the dataset, not counted).
    incomplete:
        French ``code — reason`` of each indicator not computable or flagged.
    groups:
        The issues grouped by root cause (:func:`~afnor_ctin.errors.group_issues`), errors first, the
        largest groups first.
    verdicts:
        French sentences saying why the report must not be trusted as is (the command then exits 1).
    notes:
        Other French sentences about the data (a period after the last dated action…).
    threshold:
        Share of rejected rows above which a verdict is given.
    """

    files: tuple[FileCount, ...] = ()
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    outside_territory: int = 0
    outside_period: int = 0
    incomplete: tuple[str, ...] = ()
    groups: tuple[IssueGroup, ...] = ()
    verdicts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    threshold: float = DEFAULT_REJECTION_THRESHOLD

    @property
    def failed(self) -> bool:
        """True when the report must not be trusted as is (a verdict was given)."""
        return bool(self.verdicts)

    @property
    def issue_count(self) -> int:
        """Number of issues, all causes together."""
        return sum(g.count for g in self.groups)

    def lines(self) -> list[str]:
        """The summary as French lines of text (verdicts first), for the text and Markdown reports."""
        out = [*self.verdicts, *self.facts()]
        if self.groups:
            out.append(
                f"{plural(self.issue_count, 'signalement')} : "
                + " ; ".join(f"{g.cause.label.rstrip('.')} ({g.count})" for g in self.groups)
                + "."
            )
        if not out:
            out.append(self.no_issue_sentence())
        return out

    def facts(self) -> list[str]:
        """French lines between the verdicts and the causes: rows read, ignored, notes, incomplete indicators."""
        out = []
        if self.files:
            out.append(
                f"Lignes lues : {format_number(self.read)} ; chargées : {format_number(self.loaded)} ; "
                f"rejetées : {format_number(self.rejected)}."
            )
        out += self.ignored_lines() + list(self.notes)
        if self.incomplete:
            out.append("Indicateurs incomplets ou à lire avec prudence : " + " ; ".join(self.incomplete) + ".")
        return out

    def no_issue_sentence(self) -> str:
        """The French sentence of a summary without any finding."""
        if self.files:
            return "Aucun signalement : toutes les lignes lues ont été chargées."
        return "Aucun signalement."

    def ignored_lines(self) -> list[str]:
        """French lines about ignored records (outside the territory, outside the period)."""
        out = []
        if self.outside_territory:
            out.append(f"Ignorées hors du territoire : {plural(self.outside_territory, 'ligne')}.")
        if self.outside_period:
            out.append(f"Actions datées hors de la période, non comptées : {format_number(self.outside_period)}.")
        return out

    def to_dict(self) -> dict[str, object]:
        """JSON form with stable machine keys (and the French sentences)."""
        return {
            "files": [
                {"label": f.file, "read": f.read, "loaded": f.loaded, "rejected": f.rejected} for f in self.files
            ],
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "outside_territory": self.outside_territory,
            "outside_period": self.outside_period,
            "incomplete": list(self.incomplete),
            "causes": [
                {"code": g.cause.value, "label": g.cause.label, "severity": g.severity.value, "count": g.count}
                for g in self.groups
            ],
            "verdicts": list(self.verdicts),
            "notes": list(self.notes),
            "threshold": self.threshold,
            "failed": self.failed,
        }


def _dated_days(dataset: Dataset) -> npt.NDArray[np.int32]:
    days: npt.NDArray[np.int32] = np.asarray(dataset.columns.actions.day, dtype=np.int32)
    dated: npt.NDArray[np.int32] = days[(days != DAY_MIN) & (days != DAY_MAX)]
    return dated


def _counts_actions(code: str) -> bool:
    """True for a flow indicator of the catalogue (counted over the period, from the dated actions)."""
    return code in catalog and catalog.get(code).kind is Kind.FLOW


def _period_notes(reports: Sequence[Report], dataset: Dataset) -> tuple[list[str], list[str], int]:
    days = _dated_days(dataset)
    verdicts: list[str] = []
    notes: list[str] = []
    start, end = reports[0].period.start, reports[-1].period.end
    lo, hi = day_number(start), day_number(end)
    outside = int(np.count_nonzero((days < lo) | (days > hi)))
    if len(days) == 0:
        verdicts.append("Le jeu de données ne contient aucune action datée : les indicateurs d'activité sont vides.")
        return verdicts, notes, outside
    first, last = from_day_number(int(days.min())), from_day_number(int(days.max()))
    span = f"actions du {first.strftime('%d/%m/%Y')} au {last.strftime('%d/%m/%Y')}"
    if lo > int(days.max()):
        verdicts.append(
            f"La période commence après la dernière action datée ({span}) : elle ne contient aucune action."
        )
    elif hi < int(days.min()):
        verdicts.append(
            f"La période se termine avant la première action datée ({span}) : elle ne contient aucune action."
        )
    elif outside == len(days):
        verdicts.append(f"La période ne contient aucune action datée ({span}).")
    else:
        if hi > int(days.max()) + _GAP_DAYS:
            notes.append(f"La période se prolonge après la dernière action datée ({span}).")
        if lo < int(days.min()) - _GAP_DAYS:
            notes.append(f"La période commence avant la première action datée ({span}).")
    return verdicts, notes, outside


def quality_summary(
    reports: Report | Sequence[Report],
    *,
    load: LoadReport | None = None,
    dataset: Dataset | None = None,
    threshold: float = DEFAULT_REJECTION_THRESHOLD,
) -> QualitySummary:
    """The data-quality summary of a report, or of a series of reports over successive periods.

    Parameters
    ----------
    reports:
        One report, or the reports of a series (in period order).
    load:
        The load report of the files read (rows per file); ``None`` when the data came from elsewhere.
    dataset:
        The dataset evaluated, to count the dated actions outside the period and to notice a period
        without data; ``None``: not checked.
    threshold:
        Share of rejected rows (0 to 1) above which the summary gives a verdict.

    Returns
    -------
    QualitySummary
        Its ``verdicts`` say, one sentence each, why the report must not be trusted as is.

    Examples
    --------
    >>> from afnor_ctin.errors import FileCount, LoadReport
    >>> from afnor_ctin.results import Report
    >>> from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example_territory
    >>> report = Report(territory=worked_example_territory(), period=WORKED_EXAMPLE_PERIOD)
    >>> load = LoadReport(source="x", files=(FileCount(file="actions.csv", read=10, loaded=8, rejected=2),))
    >>> print(*quality_summary(report, load=load).verdicts[0].split(chr(160)))
    2 lignes rejetées sur 10 (20 %), au-delà du seuil de 5 % : les indicateurs sont sous-estimés.
    """
    items = [reports] if isinstance(reports, Report) else list(reports)
    issues = tuple(dict.fromkeys(i for r in items for i in r.issues))
    if load is not None:
        issues = tuple(dict.fromkeys((*load.issues, *issues)))
    files = () if load is None else load.files
    read, loaded, rejected = (0, 0, 0) if load is None else (load.read, load.loaded, load.rejected)
    verdicts: list[str] = []
    if read and rejected / read > threshold:
        share = format_quantity(rejected / read, "part")
        rejected_text = f"{plural(rejected, 'ligne')} rejetée{'s' if rejected >= 2 else ''}"
        verdicts.append(
            f"{rejected_text} sur {format_number(read)} ({share}), "
            f"au-delà du seuil de {format_quantity(threshold, 'part')} : les indicateurs sont sous-estimés."
        )
    notes: list[str] = []
    outside_period = 0
    if dataset is not None and items:
        more, notes, outside_period = _period_notes(items, dataset)
        if any(_counts_actions(r.code) for r in items[0].results):
            verdicts += more
        else:  # stock indicators only: a period without actions leaves them whole
            notes = more + notes
    counts = Counter(i.code for i in issues)
    incomplete = tuple(
        dict.fromkeys(
            f"{r.code} — {r.reason or r.status.label}"
            if not r.computable
            else f"{r.code} — {', '.join(f.label for f in r.flags)}"
            for report in items
            for r in report.results
            if not r.computable or r.flags
        )
    )
    return QualitySummary(
        files=files,
        read=read,
        loaded=loaded,
        rejected=rejected,
        outside_territory=counts.get(IssueCode.COMMUNE_HORS_TERRITOIRE, 0),
        outside_period=outside_period,
        incomplete=incomplete,
        groups=group_issues(issues),
        verdicts=tuple(verdicts),
        notes=tuple(notes),
        threshold=threshold,
    )
