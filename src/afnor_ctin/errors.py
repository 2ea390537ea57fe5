"""Exceptions and data-quality findings.

Every exception raised on purpose by the library derives from :class:`CtinError`, and also from the
builtin a caller expects (``ValueError`` for bad values, ``LookupError`` for unknown keys,
``ImportError`` for a missing optional dependency), so that ``except ValueError`` keeps working in
code that does not know this package (the classes are defined in :mod:`afnor_ctin.exceptions`).

Data-quality findings are not exceptions: they are :class:`Issue` records collected in a
:class:`LoadReport`, each with a stable :class:`IssueCode`. Strict loading turns the errors among
them into one :class:`DataError`.

>>> Issue(code="valeur_manquante", severity=Severity.ERROR, message="valeur obligatoire vide").code
<IssueCode.VALEUR_MANQUANTE: 'valeur_manquante'>
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

import attrs

from afnor_ctin.exceptions import CtinError, InvalidInputError, MissingExtraError, UnknownCodeError
from afnor_ctin.french import format_number as n
from afnor_ctin.issue_codes import IssueCode

__all__ = [
    "CtinError",
    "DataError",
    "FileCount",
    "InvalidInputError",
    "Issue",
    "IssueCode",
    "IssueGroup",
    "LoadReport",
    "MissingExtraError",
    "Severity",
    "UnknownCodeError",
    "group_issues",
    "issues_on_lines",
]


class Severity(StrEnum):
    """How serious an :class:`Issue` is.

    ``erreur``: the row or cell was rejected; ``avertissement``: the data was loaded but deserves a
    look; ``information``: a note (e.g. an ignored column).
    """

    ERROR = "erreur"
    WARNING = "avertissement"
    INFO = "information"


def _issue_code(value: IssueCode | str) -> IssueCode:
    """The :class:`IssueCode` of ``value`` (a member or its string value); unknown codes fail loudly."""
    if isinstance(value, IssueCode):
        return value
    try:
        return IssueCode(value)
    except ValueError:
        raise InvalidInputError(f"code de signalement « {value} » inconnu (voir IssueCode)") from None


@attrs.frozen(kw_only=True)
class Issue:
    """One data-quality finding, located as precisely as possible.

    Attributes
    ----------
    code:
        Stable :class:`IssueCode`, e.g. ``IssueCode.VALEUR_INCONNUE`` (listed in the reference pages);
        its string value is accepted too, an unknown string raises
        :class:`~afnor_ctin.errors.InvalidInputError`.
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
    cause:
        For a row rejected because a row it refers to was rejected (code ``reference_rejetee``), the
        root cause: the code of the issue that rejected the first row of the chain.
    """

    code: IssueCode = attrs.field(converter=_issue_code)
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    value: str | None = None
    cause: IssueCode | None = attrs.field(default=None, converter=attrs.converters.optional(_issue_code))

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


#: The slots of :class:`Issue`, in field order, and their setters (:func:`issues_on_lines`).
_FIELDS = tuple(field.name for field in attrs.fields(Issue))
_SETTERS = tuple(getattr(Issue, name).__set__ for name in _FIELDS)


def issues_on_lines(
    lines: Iterable[int | None],
    *,
    code: IssueCode | str,
    severity: Severity,
    message: str,
    file: str | None = None,
    column: str | None = None,
    value: str | None = None,
    cause: IssueCode | str | None = None,
) -> list[Issue]:
    """Issues that differ only by their line: one per line of ``lines``, in that order.

    The issues equal those built one at a time by :class:`Issue` with the same fields; the codes
    are converted (and checked) once for all, which makes many issues of one shape much cheaper.

    >>> issues = issues_on_lines((3, 7), code="hors_territoire", severity=Severity.WARNING, message="m")
    >>> issues[1].line, issues[1].code
    (7, <IssueCode.HORS_TERRITOIRE: 'hors_territoire'>)
    """
    fields = {
        "code": _issue_code(code),
        "severity": severity,
        "message": message,
        "file": file,
        "column": column,
        "value": value,
        "cause": None if cause is None else _issue_code(cause),
    }
    fixed = [(setter, fields[name]) for name, setter in zip(_FIELDS, _SETTERS, strict=True) if name != "line"]
    (s0, v0), (s1, v1), (s2, v2), (s3, v3), (s4, v4), (s5, v5), (s6, v6) = fixed
    set_line = _SETTERS[_FIELDS.index("line")]
    new = object.__new__
    out: list[Issue] = []
    append = out.append
    for line in lines:
        issue = new(Issue)
        s0(issue, v0)
        s1(issue, v1)
        s2(issue, v2)
        s3(issue, v3)
        s4(issue, v4)
        s5(issue, v5)
        s6(issue, v6)
        set_line(issue, line)
        append(issue)
    return out


#: Issue codes of a file that could not be read at all.
_WHOLE_FILE = frozenset(
    {
        IssueCode.FICHIER_ILLISIBLE,
        IssueCode.FICHIER_BINAIRE,
        IssueCode.ENCODAGE_ILLISIBLE,
        IssueCode.CLASSEUR_ILLISIBLE,
        IssueCode.JSON_INVALIDE,
        IssueCode.LIMITE_DEPASSEE,
    }
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

    @property
    def unreadable(self) -> tuple[Issue, ...]:
        """The errors that concern a whole file: unreadable, wrong encoding, binary, over a limit.

        A report computed without such a file would describe a dataset that is not the one given
        (e.g. « 0 actions » when ``actions.csv`` cannot be decoded); the command refuses it.
        """
        return tuple(i for i in self.errors if i.code in _WHOLE_FILE and i.line is None)

    def counts_by_code(self) -> dict[IssueCode, int]:
        """Number of issues per issue code."""
        return dict(Counter(i.code for i in self.issues))

    def summary(self) -> str:
        """A short French summary: rows read, loaded, rejected, issues."""
        return (
            f"{n(self.read)} ligne(s) lue(s), {n(self.loaded)} chargée(s), {n(self.rejected)} rejetée(s) ; "
            f"{n(len(self.errors))} erreur(s), {n(len(self.warnings))} avertissement(s)"
        )

    def raise_for_errors(self) -> None:
        """Raise :class:`DataError` carrying every issue when there is at least one error."""
        if self.errors:
            raise DataError(self.issues)


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@attrs.frozen(kw_only=True)
class IssueGroup:
    """The issues of one root cause (see :func:`group_issues`).

    Attributes
    ----------
    cause:
        The root cause: the issue code, or for a row rejected in cascade (``reference_rejetee``)
        the code of the issue that rejected the first row of the chain.
    severity:
        The highest severity among the issues: an error as soon as one of them is an error.
    issues:
        The issues, in reading order: those of the cause itself first, then the cascades.
    """

    cause: IssueCode
    severity: Severity
    issues: tuple[Issue, ...]

    @property
    def count(self) -> int:
        """Number of issues of the group."""
        return len(self.issues)

    @property
    def cascaded(self) -> int:
        """Number of rows rejected because a row they refer to was rejected for this cause."""
        return sum(1 for i in self.issues if i.code is IssueCode.REFERENCE_REJETEE and i.cause is not None)

    def examples(self, number: int = 3) -> tuple[Issue, ...]:
        """The first ``number`` issues (those of the cause itself come first)."""
        return self.issues[:number]


def group_issues(issues: Sequence[Issue]) -> tuple[IssueGroup, ...]:
    """Group issues by root cause, with their highest severity: errors first, then by decreasing count.

    One group per root cause, whatever the severities of its issues: a coordinator fixes a cause (a
    column of the wrong kind, a renamed identifier), not a severity, so every summary of issues (the
    ``valider`` and ``importer`` commands, the quality section of each report) gives each cause one
    section, graded by its most serious issue, even when the same code is an error on one row and a
    warning on another. A row rejected in cascade (``reference_rejetee``) counts under the cause of
    the row it refers to, so that one renamed identifier makes one group, not thousands of lines.

    >>> a = Issue(code="valeur_inconnue", severity=Severity.ERROR, message="type inconnu", file="acteurs.csv")
    >>> b = Issue(code="reference_rejetee", cause="valeur_inconnue", severity=Severity.ERROR, message="…")
    >>> c = Issue(code="valeur_inconnue", severity=Severity.WARNING, message="canal inconnu", file="actions.csv")
    >>> tuple((g.cause.value, g.severity.value, g.count, g.cascaded) for g in group_issues([c, b, a]))
    (('valeur_inconnue', 'erreur', 3, 1),)
    """
    groups: dict[IssueCode, list[Issue]] = {}
    for issue in issues:
        groups.setdefault(issue.cause or issue.code, []).append(issue)
    found = [
        IssueGroup(
            cause=cause,
            severity=min((i.severity for i in members), key=_SEVERITY_ORDER.__getitem__),
            issues=tuple(sorted(members, key=lambda i: i.code is IssueCode.REFERENCE_REJETEE and i.cause is not None)),
        )
        for cause, members in groups.items()
    ]
    return tuple(sorted(found, key=lambda g: (_SEVERITY_ORDER[g.severity], -g.count, g.cause.value)))
