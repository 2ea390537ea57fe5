"""Identifiers of imported records: SIRET/RNA pivots, stable ids derived from sources, keyed pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.io.exports._values import text

__all__ = ["Pseudonymizer", "actor_key", "classify_pivot", "stable_id"]

_PSEUDONYM_CACHE = 1 << 20
_SPACES = str.maketrans("", "", " .\u00a0\u202f\u2009")


def stable_id(prefix: str, *parts: object) -> str:
    """A stable identifier derived from non-personal parts: ``prefix-`` and 16 hex digits of their SHA-256.

    Never use it on people's names: anyone could recompute it from a list of names; use a
    :class:`Pseudonymizer` instead.
    """
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"


def classify_pivot(value: object) -> tuple[str | None, str | None]:
    """Return ``(siret_or_rna, other)`` from a SIRET/RNA pivot; all-zero pivots are missing.

    Spaces, dots and the (narrow) no-break spaces that French exports put between digit groups
    are ignored.
    """
    s = text(value)
    if s is None:
        return None, None
    s = s.translate(_SPACES)
    if set(s) <= {"0"}:
        return None, None
    if re.fullmatch(r"\d{14}", s) or re.fullmatch(r"W\d{9}", s.upper()):
        return s.upper(), None
    return None, s


def actor_key(siret: str | None) -> str | None:
    """Actor id for a SIRET (``siret-…``) or RNA (``rna-…``) number."""
    if siret is None:
        return None
    return f"rna-{siret}" if siret.startswith("W") else f"siret-{siret}"


class Pseudonymizer:
    """Keyed pseudonymous identifiers (HMAC-SHA256) for people known only by their names.

    An unkeyed hash of a name can be reversed by hashing a list of names; a keyed hash cannot
    without the key. The key is a secret kept by the territory: with the same key, the same person
    gets the same id from one import to the next. Without a key, a random one is drawn for this
    object only, so the ids are stable within one import only.

    Parameters
    ----------
    key:
        The secret key (text is encoded as UTF-8), or ``None`` to draw a random one.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When the key is empty or of another type.
    """

    def __init__(self, key: bytes | str | None = None) -> None:
        if key is None:
            self.random_key = True
            secret = secrets.token_bytes(32)
        elif isinstance(key, bytes | str) and key:
            self.random_key = False
            secret = key.encode() if isinstance(key, str) else bytes(key)
        else:
            raise InvalidInputError("clé de pseudonymisation invalide : texte ou octets non vides attendus")
        self._mac = hmac.new(secret, digestmod=hashlib.sha256)
        self._ids: dict[tuple[object, ...], str] = {}
        #: True once an id has been derived from a person's name.
        self.used = False

    def __repr__(self) -> str:
        return f"Pseudonymizer(random_key={self.random_key})"

    def __call__(self, prefix: str, *parts: object) -> str:
        """``prefix-`` and 16 hex digits of the HMAC-SHA256 of the parts (``None`` is empty)."""
        key = (prefix, *parts)
        found = self._ids.get(key)
        if found is not None:
            return found
        self.used = True
        mac = self._mac.copy()
        mac.update("\x1f".join("" if p is None else str(p) for p in key).encode())
        pid = f"{prefix}-{mac.hexdigest()[:16]}"
        if len(self._ids) < _PSEUDONYM_CACHE:
            self._ids[key] = pid
        return pid

    def random_key_issue(self, file: str | None = None) -> Issue:
        """The information issue saying that ids derived from names hold within this import only."""
        return Issue(
            code="cle_pseudonymes_aleatoire",
            severity=Severity.INFO,
            message=(
                "aucune clé de pseudonymisation fournie : identifiants des médiateurs et bénéficiaires connus "
                "par leur nom calculés avec une clé aléatoire, stables au sein de cet import seulement "
                "(fournir la clé secrète du territoire pour les retrouver d'un import à l'autre)"
            ),
            file=file,
        )
