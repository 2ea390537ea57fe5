"""The exception classes of the library, below every other module.

Every exception raised on purpose by the library derives from :class:`CtinError`, and also from the
builtin a caller expects (``ValueError`` for bad values, ``LookupError`` for unknown keys,
``ImportError`` for a missing optional dependency), so that ``except ValueError`` keeps working in
code that does not know this package. The classes are re-exported by :mod:`afnor_ctin.errors`,
where the data-quality findings live; import them from there.
"""

from __future__ import annotations

__all__ = ["CtinError", "InvalidInputError", "MissingExtraError", "UnknownCodeError"]


class CtinError(Exception):
    """Root of every exception raised on purpose by :mod:`afnor_ctin`."""


class InvalidInputError(CtinError, ValueError):
    """A value breaks an invariant of the domain model (message in French)."""


class UnknownCodeError(CtinError, LookupError):
    """A code (indicator, territory, example, format…) is not known (message in French)."""


class MissingExtraError(CtinError, ImportError):
    """An optional dependency (pandas, matplotlib, pyarrow…) is not installed (message in French).

    The message names the ``pip install 'afnor-ctin[extra]'`` command that installs it.
    """


def missing_extra(package: str, extra: str) -> MissingExtraError:
    """The error raised when ``package`` (of the optional extra ``extra``) cannot be imported.

    >>> str(missing_extra("pyarrow", "parquet"))
    "cette fonction a besoin de pyarrow, qui n'est pas installé : pip install 'afnor-ctin[parquet]'"
    """
    return MissingExtraError(
        f"cette fonction a besoin de {package}, qui n'est pas installé : pip install 'afnor-ctin[{extra}]'"
    )
