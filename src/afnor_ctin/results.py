"""What an evaluation returns: indicator results, reports, series and the referential they follow.

The shape of :meth:`Report.to_dict` is a public interface (kept stable)::

    {"territory": {"code", "name", "level"}, "period": {"start", "end"},
     "referential": {"id", "revision", "title", "parameters"},
     "indicators": [{"code", "label", "value", "unit", "status", "flags", "reason",
                     "components", "by_commune"}],
     "issues": [...]}

Dates are ISO strings; shares are fractions in [0, 1].

This module sits below the catalogue and the renderers: it imports neither. The French HTML
summaries shown by Jupyter and the pandas tables are installed by :mod:`afnor_ctin.report.notebook`
(see :func:`install_presenter`), which :mod:`afnor_ctin` imports.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from afnor_ctin.errors import Issue, UnknownCodeError
from afnor_ctin.model._validators import dict_copy
from afnor_ctin.model.enums import LabelledEnum
from afnor_ctin.model.records import Territory
from afnor_ctin.period import Period
from afnor_ctin.referential import REFERENTIAL, Provenance, Referential, ReferentialEntry

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "REFERENTIAL",
    "CommuneBreakdown",
    "ComponentValue",
    "Flag",
    "IndicatorResult",
    "Provenance",
    "Referential",
    "ReferentialEntry",
    "Report",
    "Series",
    "Status",
    "install_presenter",
    "issue_to_dict",
]

#: A component of an indicator: a number, a list of codes, or a mapping of category → number.
ComponentValue: TypeAlias = int | float | str | tuple[str, ...] | Mapping[str, int | float | None] | None


class CommuneBreakdown(Mapping[str, int | float | None]):
    """A breakdown by commune (:attr:`IndicatorResult.by_commune`): INSEE code → value, read-only.

    The codes come in the territory's commune order. The evaluation of many territories gives each
    result a ``CommuneBreakdown`` over lists it shares, rather than a dictionary per territory and
    indicator (tens of thousands of entries for the 1,255 EPCIs); the index from code to value is
    built on the first lookup. It is equal to any mapping holding the same items.

    >>> b = CommuneBreakdown(["17300", "17028"], [12, 3])
    >>> b["17028"], list(b), b == {"17300": 12, "17028": 3}
    (3, ['17300', '17028'], True)
    """

    __slots__ = ("_codes", "_index", "_values")

    def __init__(self, codes: Sequence[str], values: Sequence[int | float | None]) -> None:
        if len(codes) != len(values):
            raise ValueError(f"{len(codes)} communes pour {len(values)} valeurs")
        self._codes = codes
        self._values = values
        self._index: dict[str, int] | None = None

    def __getitem__(self, code: str) -> int | float | None:
        index = self._index
        if index is None:
            index = self._index = dict(zip(self._codes, range(len(self._codes)), strict=True))
        return self._values[index[code]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return repr(dict(zip(self._codes, self._values, strict=True)))

    def __getstate__(self) -> tuple[Sequence[str], Sequence[int | float | None]]:
        return (list(self._codes), list(self._values))

    def __setstate__(self, state: tuple[Sequence[str], Sequence[int | float | None]]) -> None:
        self._codes, self._values = state
        self._index = None


class Status(LabelledEnum):
    """Whether an indicator could be computed."""

    OK = "ok"
    NOT_COMPUTABLE = "not_computable"

    __labels__: ClassVar[dict[str, str]] = {"ok": "calculé", "not_computable": "non calculable"}


class Flag(LabelledEnum):
    """Caveats attached to a value."""

    UPPER_BOUND = "upper_bound"
    DECLARATIVE = "declarative"

    __labels__: ClassVar[dict[str, str]] = {"upper_bound": "borne haute", "declarative": "déclaratif"}


# -- presentation hooks ------------------------------------------------------------------------------
#: Presentation functions installed by the layer above (``report_html``, ``result_html``,
#: ``report_pandas``, ``series_pandas``).
_PRESENTERS: dict[str, Callable[[Any], Any]] = {}


def install_presenter(name: str, presenter: Callable[[Any], Any]) -> None:
    """Install the function that presents results in a notebook (called by :mod:`afnor_ctin.report.notebook`).

    Parameters
    ----------
    name:
        ``report_html``, ``result_html``, ``series_html`` (French HTML summaries), ``report_pandas``,
        ``communes_pandas`` or ``series_pandas`` (pandas tables).
    presenter:
        The function; it receives the :class:`Report`, :class:`IndicatorResult` or :class:`Series`.
    """
    _PRESENTERS[name] = presenter


def _html(name: str, obj: object) -> str:
    presenter = _PRESENTERS.get(name)
    if presenter is None:  # the presentation layer is not imported: show the plain repr
        return f"<pre>{escape(repr(obj))}</pre>"
    return str(presenter(obj))


def _pandas(name: str, obj: object) -> Any:
    presenter = _PRESENTERS.get(name)
    if presenter is None:
        raise LookupError("les tables pandas sont fournies par afnor_ctin.report.notebook : importez afnor_ctin")
    return presenter(obj)


# -- results -----------------------------------------------------------------------------------------
def _flags(value: Any) -> tuple[Flag, ...]:
    if not value:
        return ()
    return tuple(sorted({Flag(v) for v in value}))


@attrs.frozen(kw_only=True)
class IndicatorResult:
    """The value of one indicator for one territory and period.

    Attributes
    ----------
    code:
        Indicator code (``I01`` … ``I11``, or a registered code).
    label, label_en:
        French and English labels.
    value:
        Headline value, in :attr:`unit`; ``None`` when :attr:`status` is ``not_computable``.
    unit:
        Unit (``acteurs``, ``part``, ``personnes``, ``€``…); a ``part`` is a fraction in [0, 1].
    status:
        :class:`Status`.
    flags:
        :class:`Flag` caveats (``upper_bound``, ``declarative``).
    reason:
        French explanation when the value is not computable, else ``None``.
    components:
        Named sub-measures (the specification's names, described by the catalogue's component records).
    by_commune:
        Breakdown by commune (INSEE code → value) where the indicator defines one, else ``None``.
    """

    code: str
    label: str
    label_en: str
    value: int | float | None
    unit: str
    status: Status = Status.OK
    flags: tuple[Flag, ...] = attrs.field(default=(), converter=_flags)
    reason: str | None = None
    components: Mapping[str, ComponentValue] = attrs.field(factory=dict, converter=dict_copy)
    by_commune: Mapping[str, int | float | None] | None = None

    @property
    def computable(self) -> bool:
        """True when the value could be computed."""
        return self.status is Status.OK

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (the ``indicators`` items of :meth:`Report.to_dict`)."""
        return {
            "code": self.code,
            "label": self.label,
            "value": _json_number(self.value),
            "unit": self.unit,
            "status": self.status.value,
            "flags": [f.value for f in self.flags],
            "reason": self.reason,
            "components": {k: _json_component(v) for k, v in self.components.items()},
            "by_commune": None if self.by_commune is None else {k: _json_number(v) for k, v in self.by_commune.items()},
        }

    def _repr_html_(self) -> str:
        """Compact French HTML summary, shown by Jupyter."""
        return _html("result_html", self)


def _json_number(value: int | float | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _json_component(value: ComponentValue) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_number(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _json_number(value)
    return value


def issue_to_dict(issue: Issue) -> dict[str, Any]:
    """JSON-serialisable form of an :class:`~afnor_ctin.errors.Issue`."""
    return {
        "code": issue.code,
        "severity": issue.severity.value,
        "message": issue.message,
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "value": issue.value,
    }


@attrs.frozen(kw_only=True)
class Report:
    """The indicators of one territory for one period, with the data-quality issues behind them.

    Attributes
    ----------
    territory:
        The territory evaluated.
    period:
        The period evaluated (stock indicators at its last day).
    referential:
        The referential of the definitions, with the parameter values in effect
        (:data:`REFERENTIAL` for the built-in catalogue).
    results:
        One :class:`IndicatorResult` per indicator, in catalogue order.
    issues:
        Data-quality issues that affect the results (load issues, unlocated actors…).
    """

    territory: Territory
    period: Period
    referential: Referential = REFERENTIAL
    results: tuple[IndicatorResult, ...] = ()
    issues: tuple[Issue, ...] = ()

    def __getitem__(self, code: str) -> IndicatorResult:
        """The result of indicator ``code`` (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        for result in self.results:
            if result.code == code.upper():
                return result
        known = ", ".join(r.code for r in self.results)
        raise UnknownCodeError(f"indicateur « {code} » absent du rapport (présents : {known})")

    def __iter__(self) -> Iterator[IndicatorResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def values(self) -> dict[str, int | float | None]:
        """Headline value of each indicator, by code."""
        return {r.code: r.value for r in self.results}

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, with the stable shape documented in this module."""
        evaluated = {r.code for r in self.results}
        parameters = {code: dict(values) for code, values in self.referential.parameters().items() if code in evaluated}
        return {
            "territory": {
                "code": self.territory.code,
                "name": self.territory.name,
                "level": self.territory.level.value,
            },
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "referential": {
                "id": self.referential.id,
                "revision": self.referential.revision,
                "title": self.referential.title,
                "parameters": parameters,
            },
            "indicators": [r.to_dict() for r in self.results],
            "issues": [issue_to_dict(i) for i in self.issues],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per indicator, as a pandas DataFrame (needs ``pip install 'afnor-ctin[notebook]'``).

        Columns: code, indicateur, valeur, unite, statut, drapeaux, raison, territoire, debut, fin.

        Raises
        ------
        afnor_ctin.report.notebook.MissingExtraError
            When pandas is not installed.
        """
        frame: pd.DataFrame = _pandas("report_pandas", self)
        return frame

    def communes_to_pandas(self) -> pd.DataFrame:
        """One row per commune and indicator breakdown, as a pandas DataFrame (needs pandas).

        Columns: code, indicateur, code_insee, commune (its name), valeur, unite, territoire, debut, fin;
        only the indicators that give a breakdown by commune have rows.
        """
        frame: pd.DataFrame = _pandas("communes_pandas", self)
        return frame

    def _repr_html_(self) -> str:
        """Compact French HTML summary (code, indicateur, valeur, statut, drapeaux), shown by Jupyter."""
        return _html("report_html", self)


@attrs.frozen(kw_only=True)
class Series:
    """Reports of one territory over successive periods."""

    territory: Territory
    reports: tuple[Report, ...]

    @property
    def periods(self) -> tuple[Period, ...]:
        """The periods, in order."""
        return tuple(r.period for r in self.reports)

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def __getitem__(self, index: int) -> Report:
        return self.reports[index]

    def values(self, code: str) -> list[int | float | None]:
        """Headline values of one indicator over the periods."""
        return [r[code].value for r in self.reports]

    def to_long(self) -> list[dict[str, Any]]:
        """Long-format rows: one per (period, indicator) with start, end, code, label, value, unit, status."""
        return [
            {
                "debut": r.period.start.isoformat(),
                "fin": r.period.end.isoformat(),
                "periode": r.period.label,
                "code": res.code,
                "indicateur": res.label,
                "valeur": res.value,
                "unite": res.unit,
                "statut": res.status.value,
            }
            for r in self.reports
            for res in r.results
        ]

    def to_pandas(self) -> pd.DataFrame:
        """The rows of :meth:`to_long` as a DataFrame with timestamps (needs pandas, as :meth:`Report.to_pandas`)."""
        frame: pd.DataFrame = _pandas("series_pandas", self)
        return frame

    def _repr_html_(self) -> str:
        """Compact French HTML table (indicators as rows, periods as columns), shown by Jupyter."""
        return _html("series_html", self)
