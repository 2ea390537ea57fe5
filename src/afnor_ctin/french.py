r"""Numbers, durations and system errors in French, for every text a user reads (CLI, reports, messages).

>>> format_number(102957), format_number(76117.71452), format_duration(0.3)
('102\xa0957', '76\xa0117,71', '0,3\xa0s')
>>> os_error_text(FileNotFoundError(2, "No such file or directory", "x.csv"))
'fichier ou dossier introuvable (« x.csv »)'
"""

from __future__ import annotations

import errno
import math

__all__ = ["NBSP", "format_duration", "format_number", "os_error_text", "plural"]

#: Non-breaking space, between thousands and before units.
NBSP = "\u00a0"


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return NBSP.join(reversed(out))


def format_number(value: float, decimals: int | None = None) -> str:
    """French form of a number: ``76 117,71`` (non-breaking space, decimal comma).

    ``decimals=None`` prints integers without decimals and other numbers with up to 2 decimals.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    if decimals is None:
        if float(value).is_integer():
            decimals = 0
        else:
            text = f"{float(value):.2f}".rstrip("0")
            decimals = len(text.split(".")[1])
    text = f"{abs(float(value)):.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + _group(whole) + ("," + frac if frac else "")


def plural(count: int, word: str) -> str:
    r"""``count`` and ``word``, plural from 2 as in French (0 and 1 are singular).

    >>> plural(0, "ligne"), plural(1, "ligne"), plural(2, "ligne"), plural(1094, "ligne")
    ('0 ligne', '1 ligne', '2 lignes', '1\xa0094 lignes')
    """
    return f"{format_number(count)} {word}{'s' if count >= 2 else ''}"


def format_duration(seconds: float) -> str:
    """French form of a duration [s]: ``0,3 s`` under a minute, ``2 min 05 s`` above."""
    if seconds < 60:
        return f"{format_number(seconds, 1)}{NBSP}s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{format_number(minutes)}{NBSP}min{NBSP}{rest:02d}{NBSP}s"


_OS_ERRORS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EISDIR: "c'est un dossier, un fichier est attendu",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "existe déjà",
    errno.EROFS: "support en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.EDQUOT: "quota disque dépassé",
    errno.EFBIG: "fichier trop grand (limite de taille de fichier)",
    errno.EIO: "erreur d'entrée-sortie",
}


def os_error_text(exc: OSError) -> str:
    """One French phrase for a system error, with the file it concerns: ``accès refusé (« x.csv »)``."""
    what = _OS_ERRORS.get(exc.errno or -1) or f"erreur du système ({exc.strerror or exc})"
    return f"{what} (« {exc.filename} »)" if exc.filename else what
