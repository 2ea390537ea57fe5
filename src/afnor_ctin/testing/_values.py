"""Hypothesis strategies of plain values: names, dates, INSEE and QPV codes, identifiers.

Part of :mod:`afnor_ctin.testing.strategies` (import them from there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from hypothesis import strategies as st

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "dates",
    "identifiers",
    "insee_codes",
    "names",
    "optional",
    "qpv_codes",
    "sample",
    "subset",
]

T = TypeVar("T")

#: First day of every generated date.
FIRST_DAY = dt.date(2019, 1, 1)
#: Last day of every generated date.
LAST_DAY = dt.date(2026, 12, 31)

#: Hand-picked valid names that have broken CSV/XLSX readers and writers before.
_TRICKY_NAMES: tuple[str, ...] = (
    "Médiathèque d'Aytré",
    "Centre social l’Escale",
    "Asso « Num ; Lien »",
    'Espace "Le Lien", Mireuil',
    "=SOMME(A1:A9)",
    "+33 conseil",
    "-1 (permanence)",
    "@accueil",
    "Bus numérique\nLigne 2",
    "Œuvre & Çà, là-bas",
    "Tab\tséparé",
    "ÉPN Saint-Éloi ; Villeneuve-les-Salines",
    "0012",
    "Ünïcödé 日本 ✓",
)

_TEXT_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    include_characters="\n\t;,\"'’=+-@|",
)


def _clean(text: str) -> str:
    return text.strip()


@lru_cache(maxsize=64)
def names(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Valid names: non-empty, no surrounding white space, often tricky for CSV/XLSX.

    Parameters
    ----------
    max_size:
        Maximum length of the free-form names (the hand-picked tricky names may be longer).
    """
    free = st.text(_TEXT_ALPHABET, min_size=1, max_size=max_size).map(_clean).filter(bool)
    plain = st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12}){0,2}", fullmatch=True)
    return st.one_of(plain, st.sampled_from(_TRICKY_NAMES), free)


@lru_cache(maxsize=4096)
def dates(start: dt.date = FIRST_DAY, end: dt.date = LAST_DAY) -> st.SearchStrategy[dt.date]:
    """Days between ``start`` and ``end`` (default: 2019-01-01 to 2026-12-31)."""
    return st.dates(min_value=start, max_value=end)


def insee_codes(*, exclude: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """Valid INSEE commune codes, mostly fictitious ``99xxx`` codes, some real ones (Corsica included).

    Parameters
    ----------
    exclude:
        Codes never generated (e.g. the communes of a territory, to draw outside communes).
    """
    banned = frozenset(exclude)
    fictitious = st.integers(1, 999).map(lambda n: f"99{n:03d}")
    real = st.sampled_from(("17300", "17299", "2A004", "2B033", "75056", "69123", "13055", "01001", "97411"))
    return st.one_of(fictitious, real).filter(lambda code: code not in banned)


def qpv_codes() -> st.SearchStrategy[str]:
    """Valid QPV codes: ``QN`` (or legacy ``QP``) followed by 6 digits or capital letters."""
    return st.from_regex(r"Q[NP][0-9A-Z]{6}", fullmatch=True)


_ID_STYLES: tuple[Callable[[str, int], str], ...] = (
    lambda prefix, i: f"{prefix}{i + 1}",
    lambda prefix, i: f"{i + 1:04d}",
    lambda prefix, i: f"{prefix.lower()} n°{i + 1} é",
    lambda prefix, i: f"{prefix}-{i + 1};x,y",
)


def identifiers(prefix: str, count: int) -> st.SearchStrategy[tuple[str, ...]]:
    """``count`` distinct identifiers in one of several styles (plain, zero-padded digits, accents, ``;``/``,``).

    Parameters
    ----------
    prefix:
        Entity prefix, e.g. ``"ACT"``.
    count:
        Number of identifiers.

    Notes
    -----
    Identifiers never contain ``|`` (the separator of multi-valued cells) nor surrounding white space.
    Zero-padded digits are shared between entities on purpose: ids are unique per entity only.
    """
    return st.sampled_from(_ID_STYLES).map(lambda style: tuple(style(prefix, i) for i in range(count)))


# Strategies are built once per distinct argument: building and validating them dominates otherwise.
@lru_cache(maxsize=4096)
def sample(items: tuple[T, ...]) -> st.SearchStrategy[T]:
    """One of ``items`` (built once per distinct tuple)."""
    return st.sampled_from(items)


@lru_cache(maxsize=4096)
def subset(items: tuple[T, ...], max_size: int | None = None) -> st.SearchStrategy[tuple[T, ...]]:
    """Distinct items of ``items``, as a tuple of at most ``max_size`` items."""
    if not items:
        return st.just(())
    return st.lists(sample(items), unique=True, max_size=max_size).map(tuple)


@lru_cache(maxsize=4096)
def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``None`` or a value of ``strategy``."""
    return st.one_of(st.none(), strategy)
