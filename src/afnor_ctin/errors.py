"""Exceptions and data-quality findings.

Every exception raised on purpose by the library derives from :class:`CtinError`, and also from the
builtin a caller expects (``ValueError`` for bad values, ``LookupError`` for unknown keys), so that
``except ValueError`` keeps working in code that does not know this package.

Data-quality findings are not exceptions: they are :class:`Issue` records collected in a
:class:`LoadReport`. Strict loading turns the errors among them into one :class:`DataError`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

import attrs

__all__ = [
    "CtinError",
    "DataError",
    "InvalidInputError",
    "Issue",
    "LoadReport",
    "Severity",
    "UnknownCodeError",
]


class CtinError(Exception):
    """Root of every exception raised on purpose by :mod:`afnor_ctin`."""


class InvalidInputError(CtinError, ValueError):
    """A value breaks an invariant of the domain model (message in French)."""


class UnknownCodeError(CtinError, LookupError):
    """A code (indicator, territory, example, format…) is not known (message in French)."""


class Severity(StrEnum):
    """How serious an :class:`Issue` is.

    ``erreur``: the row or cell was rejected; ``avertissement``: the data was loaded but deserves a
    look; ``information``: a note (e.g. an ignored column).
    """

    ERROR = "erreur"
    WARNING = "avertissement"
    INFO = "information"


@attrs.frozen(kw_only=True)
class Issue:
    """One data-quality finding, located as precisely as possible.

    Attributes
    ----------
    code:
        Stable machine code, e.g. ``"valeur_inconnue"`` (documented in the reference pages).
    severity:
        :class:`Severity` of the finding.
    message:
        Explanation in French, naming the value and what was expected.
    file:
        Name of the file (or sheet) concerned, when there is one.
    line:
        1-based line number in the file (the header is line 1), when known.
    column:
        Column name, when the finding concerns one cell.
    value:
        The offending raw value, as read.
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def location(self) -> str:
        """Return a French location string such as ``actions.csv, ligne 12, colonne « date »``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"ligne {self.line}")
        if self.column:
            parts.append(f"colonne « {self.column} »")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return (
            f"[{self.severity.value}] {where} : {self.message}"
            if where
            else (f"[{self.severity.value}] {self.message}")
        )


class DataError(CtinError, ValueError):
    """Input data contains errors; :attr:`issues` holds every one of them."""

    def __init__(self, issues: Sequence[Issue], message: str | None = None) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        errors = [i for i in self.issues if i.severity is Severity.ERROR]
        if message is None:
            head = f"{len(errors)} erreur(s) dans les données"
            shown = "\n".join(f"  - {i}" for i in errors[:20])
            more = f"\n  … et {len(errors) - 20} autre(s)" if len(errors) > 20 else ""
            message = f"{head} :\n{shown}{more}" if shown else head
        super().__init__(message)


@attrs.frozen(kw_only=True)
class FileCount:
    """Rows read, loaded and rejected for one input file."""

    file: str
    read: int
    loaded: int
    rejected: int


@attrs.frozen(kw_only=True)
class LoadReport:
    """What a load did: every row of every file is either loaded or rejected.

    Attributes
    ----------
    source:
        The path (or description) of what was read.
    files:
        One :class:`FileCount` per file or sheet read.
    issues:
        Every finding, in reading order.
    """

    source: str
    files: tuple[FileCount, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def read(self) -> int:
        """Number of data rows read, all files together."""
        return sum(f.read for f in self.files)

    @property
    def loaded(self) -> int:
        """Number of rows loaded into the dataset."""
        return sum(f.loaded for f in self.files)

    @property
    def rejected(self) -> int:
        """Number of rows rejected (each has at least one error issue)."""
        return sum(f.rejected for f in self.files)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of severity ``erreur``."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of severity ``avertissement``."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when no row was rejected and no error was found."""
        return not self.errors

    def counts_by_code(self) -> dict[str, int]:
        """Number of issues per issue code."""
        return dict(Counter(i.code for i in self.issues))

    def summary(self) -> str:
        """A short French summary: rows read, loaded, rejected, issues."""
        return (
            f"{self.read} ligne(s) lue(s), {self.loaded} chargée(s), {self.rejected} rejetée(s) ; "
            f"{len(self.errors)} erreur(s), {len(self.warnings)} avertissement(s)"
        )

    def raise_for_errors(self) -> None:
        """Raise :class:`DataError` carrying every issue when there is at least one error."""
        if self.errors:
            raise DataError(self.issues)


def merge_issues(*groups: Iterable[Issue]) -> tuple[Issue, ...]:
    """Concatenate issue groups into one tuple, keeping order."""
    return tuple(i for g in groups for i in g)
