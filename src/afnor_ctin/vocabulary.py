"""Labelled enumerations: stable slug values with French labels, below the model and the errors.

A :class:`LabelledEnum` is a :class:`enum.StrEnum`: its value is a stable slug (the code written in
files), :attr:`LabelledEnum.label` is the French label shown to people, and
:meth:`LabelledEnum.parse` accepts a slug or a label, ignoring case, accents, apostrophe style and
surrounding spaces. The enumerations of the domain model (:mod:`afnor_ctin.model.enums`) and the
issue codes (:class:`afnor_ctin.errors.IssueCode`) are labelled enumerations.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import ClassVar, Self

from afnor_ctin.exceptions import InvalidInputError

__all__ = ["LabelledEnum", "normalize_label"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


def normalize_label(text: str) -> str:
    """Return a comparison key: no accents, lower case, one apostrophe style, single spaces.

    >>> normalize_label("  Aide aux Démarches  administratives ")
    'aide aux demarches administratives'
    >>> normalize_label("Centre communal d\u2019action sociale") == normalize_label("centre communal d'action sociale")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


class LabelledEnum(StrEnum):
    """A string enumeration whose members carry a French label.

    Subclasses define ``__labels__``, a mapping from slug to label, and ``__doc_label__``, the
    French name of the enumeration in messages (both kept out of the members).
    """

    __labels__: ClassVar[dict[str, str]]
    __doc_label__: ClassVar[str]
    __lookup__: ClassVar[dict[str, str]]

    @property
    def label(self) -> str:
        """French label of the member."""
        return type(self).__labels__[str(self)]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Mapping of every slug to its French label, in definition order."""
        return {str(m): cls.__labels__[str(m)] for m in cls}

    @classmethod
    def _key_map(cls) -> dict[str, str]:
        lookup = cls.__dict__.get("__lookup__")
        if lookup is None:
            lookup = {}
            for member in cls:
                slug = str(member)
                lookup[normalize_label(slug)] = slug
                lookup[normalize_label(cls.__labels__[slug])] = slug
            cls.__lookup__ = lookup
        return lookup

    @classmethod
    def lookup(cls, text: str) -> Self | None:
        """Return the member whose slug or French label matches ``text``, or ``None``."""
        slug = cls._key_map().get(normalize_label(text))
        return None if slug is None else cls(slug)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Return the member matching ``text`` (slug or label).

        Raises
        ------
        InvalidInputError
            When nothing matches; the French message lists the accepted slugs.
        """
        member = cls.lookup(text)
        if member is None:
            accepted = ", ".join(str(m) for m in cls)
            name = getattr(cls, "__doc_label__", cls.__name__)
            raise InvalidInputError(f"valeur « {text} » inconnue pour {name} ; valeurs acceptées : {accepted}")
        return member
