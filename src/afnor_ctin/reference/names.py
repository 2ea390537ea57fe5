"""Comparison keys of commune names and postal codes as people write them.

The same key is computed on both sides of every comparison (COG names, La Poste labels, history,
and the value read in a file), so ``Château-Arnoux-Saint-Auban``, ``CHATEAU ARNOUX ST AUBAN`` and
``chateau arnoux st-auban`` meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "arrondissement_commune",
    "departements_of_postal_code",
    "name_key",
    "normalize_postal_code",
    "without_article",
]

#: Ligatures spelt out; non-ASCII punctuation (typographic apostrophes, dashes, quotes, spaces) as a space.
_LIGATURES = str.maketrans(
    {"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"} | dict.fromkeys("’‘ʼ´`–—‐‑«»\u00a0\u202f", " ")
)
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "STS": "SAINTS", "STES": "SAINTES"}
_ABBREVIATED = re.compile(r"\b(?:STES|STS|STE|ST)\b")
_ARTICLE = re.compile(r"^(?:LES|LE|LA|L) (?=.)")
_ARRONDISSEMENT = re.compile(r"^(PARIS|MARSEILLE|LYON) 0?(\d{1,2})(?: ?(?:E|ER|EME|ERE))?(?: ARRONDISSEMENT)?$")
#: City, number of arrondissements, INSEE code of the whole commune.
_CITIES = {"PARIS": (20, "75056"), "MARSEILLE": (16, "13055"), "LYON": (9, "69123")}


@lru_cache(maxsize=1 << 18)
def name_key(text: str) -> str:
    """Return the comparison key of a commune name.

    Upper case without accents or ligatures; every run of characters other than letters and digits
    (hyphens, apostrophes, dots, slashes) becomes one space; ``ST``/``STE`` become ``SAINT``/``SAINTE``;
    ``CEDEX`` and everything after it is dropped.

    >>> name_key("Château-Arnoux-Saint-Auban") == name_key("CHATEAU ARNOUX ST AUBAN")
    True
    >>> name_key("LE MANS CEDEX 2"), name_key("L'Haÿ-les-Roses"), name_key("Œuilly")
    ('LE MANS', 'L HAY LES ROSES', 'OEUILLY')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode("ascii")
    words = _NON_ALNUM.sub(" ", text.upper()).split()
    if "CEDEX" in words:
        words = words[: words.index("CEDEX")]
    key = " ".join(words)
    return _ABBREVIATED.sub(_spell_out, key) if "ST" in key else key


def _spell_out(match: re.Match[str]) -> str:
    return _ABBREVIATIONS[match.group()]


@lru_cache(maxsize=1 << 18)
def without_article(key: str) -> str:
    """Return a :func:`name_key` without its leading article (``LE``, ``LA``, ``LES``, ``L``).

    >>> without_article("LE PONT DE CLAIX"), without_article("L ESCALE"), without_article("LANS")
    ('PONT DE CLAIX', 'ESCALE', 'LANS')
    """
    return _ARTICLE.sub("", key, count=1)


def arrondissement_commune(key: str) -> str | None:
    """INSEE code of the commune when ``key`` names one of its municipal arrondissements.

    >>> [arrondissement_commune(name_key(n)) for n in ("MARSEILLE 11", "Lyon 3e", "PARIS 15E", "Paris")]
    ['13055', '69123', '75056', None]
    """
    match = _ARRONDISSEMENT.match(key)
    if match is None:
        return None
    count, code = _CITIES[match.group(1)]
    return code if 1 <= int(match.group(2)) <= count else None


def normalize_postal_code(value: object) -> str | None:
    """Return a five-digit postal code, or ``None`` when ``value`` cannot be one.

    Numbers lose their leading zero in spreadsheets and JSON: it is restored. Spaces are ignored.

    >>> normalize_postal_code(4600), normalize_postal_code("13 500"), normalize_postal_code(1000.0)
    ('04600', '13500', '01000')
    >>> normalize_postal_code("CEDEX"), normalize_postal_code(None), normalize_postal_code(True)
    (None, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).replace(" ", "").replace("\u00a0", "").strip()
    if not text.isdigit() or not 4 <= len(text) <= 5:
        return None
    return text.zfill(5)


def departements_of_postal_code(postal_code: str) -> tuple[str, ...]:
    """Départements a postal code's first digits point to: ``2A`` + ``2B`` for 20xxx, 3 digits for 97x/98x.

    >>> departements_of_postal_code("20090"), departements_of_postal_code("97400"), departements_of_postal_code("04600")
    (('2A', '2B'), ('974',), ('04',))
    """
    if postal_code.startswith("20"):
        return ("2A", "2B")
    if postal_code.startswith(("97", "98")):
        return (postal_code[:3],)
    return (postal_code[:2],)
