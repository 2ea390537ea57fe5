"""Results of the indicators and the :class:`Report` that gathers them.

The shape of :meth:`Report.to_dict` is a public interface (kept stable)::

    {"territory": {"code", "name", "level"}, "period": {"start", "end"},
     "referential": {"id", "revision"},
     "indicators": [{"code", "label", "value", "unit", "status", "flags", "reason",
                     "components", "by_commune"}],
     "issues": [...]}

Dates are ISO strings; shares are fractions in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from afnor_ctin.errors import Issue, UnknownCodeError
from afnor_ctin.model.records import Territory
from afnor_ctin.period import Period

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "REFERENTIAL",
    "ComponentValue",
    "Flag",
    "IndicatorResult",
    "Referential",
    "Report",
    "Status",
    "issue_to_dict",
]

#: A component of an indicator: a number, a list of codes, or a mapping of category → number.
ComponentValue: TypeAlias = int | float | str | tuple[str, ...] | Mapping[str, int | float | None] | None


class Status(StrEnum):
    """Whether an indicator could be computed."""

    OK = "ok"
    NOT_COMPUTABLE = "not_computable"

    @property
    def label(self) -> str:
        """French label."""
        return "calculé" if self is Status.OK else "non calculable"


class Flag(StrEnum):
    """Caveats attached to a value."""

    UPPER_BOUND = "upper_bound"
    DECLARATIVE = "declarative"

    @property
    def label(self) -> str:
        """French label."""
        return "borne haute" if self is Flag.UPPER_BOUND else "déclaratif"


@attrs.frozen(kw_only=True)
class Referential:
    """Identifier and revision of the set of indicator definitions used."""

    id: str
    revision: int


#: The referential implemented by the built-in catalogue.
REFERENTIAL = Referential(id="ctin-2021-reconstructed", revision=1)


def _flags(value: Any) -> tuple[Flag, ...]:
    if not value:
        return ()
    return tuple(sorted({Flag(v) for v in value}))


def _freeze(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(value)


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
        Named sub-measures (the specification's names).
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
    components: Mapping[str, ComponentValue] = attrs.field(factory=dict, converter=_freeze)
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
        from afnor_ctin.report.notebook import result_html

        return result_html(self)


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
        The referential of the definitions (:data:`REFERENTIAL` for the built-in catalogue).
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
        return {
            "territory": {
                "code": self.territory.code,
                "name": self.territory.name,
                "level": self.territory.level.value,
            },
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "referential": {"id": self.referential.id, "revision": self.referential.revision},
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
        from afnor_ctin.report.notebook import report_to_pandas

        return report_to_pandas(self)

    def _repr_html_(self) -> str:
        """Compact French HTML summary (code, indicateur, valeur, statut, drapeaux), shown by Jupyter."""
        from afnor_ctin.report.notebook import report_html

        return report_html(self)
