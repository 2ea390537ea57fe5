"""Rows rejected because a row they refer to was rejected: where that row is, and the root cause.

A row whose reference names a rejected row (an action whose actor was rejected) is rejected in turn,
with a message naming that row (« action rejetée : son acteur ACT8, ligne 12 d'acteurs.csv, a été
rejeté ») and the root cause of the chain (:class:`Cause`), so that reports count it under that
cause. :class:`Cascade` carries the rejected rows from one entity to the next;
:class:`~afnor_ctin.rules.Screen` applies the rule :data:`~afnor_ctin.rules.REJECTED_REFERENCE`.

>>> row_place("acteurs.csv", 12), record_place("lieux", 0)
("ligne 12 d'acteurs.csv", 'enregistrement n° 1 de lieux')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import attrs

from afnor_ctin.issue_codes import IssueCode

__all__ = ["Cascade", "Cause", "Rejected", "note", "record_place", "row_place"]


class _Rejected(Protocol):
    @property
    def index(self) -> int: ...
    @property
    def code(self) -> IssueCode: ...
    @property
    def cause(self) -> IssueCode | None: ...


class Screened(Protocol):
    """What :meth:`Cascade.remember` reads of a :class:`~afnor_ctin.rules.Screen`."""

    @property
    def entity(self) -> str: ...
    @property
    def rejections(self) -> Sequence[_Rejected]: ...


def _of(name: str) -> str:
    """``d'acteurs.csv``, ``de lieux.csv``: the French « of » before a file or entity name."""
    return f"d'{name}" if name[:1] in "aeiouyéh" else f"de {name}"


def row_place(file: str, line: int) -> str:
    """Where a row of a file is, as named in messages: ``ligne 12 d'acteurs.csv``."""
    return f"ligne {line} {_of(file)}"


def record_place(entity: str, index: int) -> str:
    """Where a record is when it comes from no file: ``enregistrement n° 3 d'acteurs``."""
    return f"enregistrement n° {index + 1} {_of(entity)}"


@attrs.frozen(kw_only=True)
class Cause:
    """Why a row was rejected, for the rows that refer to it.

    Attributes
    ----------
    code:
        The root cause: the code of the first rule the row (or, for a cascade, the first row of
        the chain) broke.
    where:
        Where the rejected row is (:func:`row_place`, :func:`record_place`).
    line:
        The row's line in its file (its index when it comes from no file): when rows of the same
        id are rejected, the first one in the file is the one named, whatever the order of the checks.
    """

    code: IssueCode
    where: str
    line: int


def note(rejected: Rejected, entity: str, key: str, cause: Cause) -> None:
    """Add ``cause`` for row ``key`` of ``entity`` to ``rejected``, unless a row of that id before it was rejected.

    >>> rejected: Rejected = {}
    >>> note(rejected, "actions", "A1", Cause(code=IssueCode.VALEUR_MANQUANTE, where="ligne 4", line=4))
    >>> note(rejected, "actions", "A1", Cause(code=IssueCode.VALEUR_INVALIDE, where="ligne 2", line=2))
    >>> rejected["actions"]["A1"].where
    'ligne 2'
    """
    table = rejected.setdefault(entity, {})
    known = table.get(key)
    if known is None or cause.line < known.line:
        table[key] = cause


#: The rejected rows by entity name (``acteurs``) and identifier, with their cause.
Rejected = dict[str, dict[str, Cause]]


@attrs.frozen
class Cascade:
    """What a :class:`Screen` needs to tell a reference to a rejected row from a reference to an unknown id.

    Attributes
    ----------
    rejected:
        The rows rejected so far (:data:`Rejected`).
    nouns:
        The French singular of each entity name and whether it is feminine (``actions`` →
        ``("action", True)``), as in :data:`afnor_ctin.entities.NOUNS`.
    """

    rejected: Rejected
    nouns: Mapping[str, tuple[str, bool]]

    def remember(
        self,
        screen: Screened,
        ids: Callable[[int], object],
        where: Callable[[int], str],
        lines: Callable[[int], int] | None = None,
    ) -> None:
        """Add the rows ``screen`` rejected (except repeated ids, whose first row stays) to :attr:`rejected`.

        ``lines`` gives the line of row ``i`` in its file (by default its index): see :func:`note`.
        """
        for r in screen.rejections:
            if r.code is IssueCode.IDENTIFIANT_EN_DOUBLE:
                continue
            key = ids(r.index)
            if key is not None:
                line = r.index if lines is None else lines(r.index)
                note(
                    self.rejected,
                    screen.entity,
                    str(key),
                    Cause(code=r.cause or r.code, where=where(r.index), line=line),
                )
