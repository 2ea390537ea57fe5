"""The referential as data: which indicators are followed, their wording and their parameter values.

A referential is a TOML file (read with :mod:`tomllib`, written with ``tomli-w``)::

    [referentiel]
    id = "ctin-2021-ifn6"
    revision = 1
    titre = "CTIN 2021, communes fragiles dès un score IFN de 6"

    [indicateurs.I07]
    libelle = "Couverture des communes fragiles (IFN ≥ 6)"

    [indicateurs.I07.parametres]
    seuil_ifn = 6.0

Every key of an ``[indicateurs.CODE]`` table is optional: ``actif`` (``true``/``false``), ``libelle``,
``libelle_en``, ``definition``, ``formule``, ``provenance`` (``named`` or ``reconstructed``) and the
``parametres`` table; what a file does not say keeps the built-in definition. In texts, ``{key}``
stands for the value of the indicator's parameter ``key``.

The bundled referential, ``ctin-2021-reconstructed`` revision 1, is :meth:`Referential.default`;
``afnor-ctin referentiel`` prints its file. This module checks the layout and the types it can check
alone; the catalogue checks indicator codes, parameter names, types and ranges
(:meth:`afnor_ctin.catalog.Catalog.check`), naming the key and the file in every French error.

>>> ref = Referential.default()
>>> ref.id, ref.revision, ref.entry("I07").parameters["seuil_ifn"]
('ctin-2021-reconstructed', 1, 7.0)
>>> Referential.from_toml(ref.to_toml()) == ref
True
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, TypeAlias

import attrs
import tomli_w

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import LabelledEnum

__all__ = ["REFERENTIAL", "ParameterValue", "Provenance", "Referential", "ReferentialEntry", "fill"]

#: A parameter value in a referential.
ParameterValue: TypeAlias = int | float | bool | str

#: File of the bundled referential, in the package's ``data`` folder.
DEFAULT_FILE = "referentiel-ctin-2021.toml"


class Provenance(LabelledEnum):
    """Whether the indicator's name comes from the Afnor referential or was reconstructed."""

    NAMED = "named"
    RECONSTRUCTED = "reconstructed"

    __labels__: ClassVar[dict[str, str]] = {
        "named": "nommé par le référentiel Afnor",
        "reconstructed": "reconstitué (définition de la bibliothèque)",
    }


def _parameters(value: Mapping[str, ParameterValue]) -> Mapping[str, ParameterValue]:
    return dict(value)


@attrs.frozen(kw_only=True)
class ReferentialEntry:
    """What a referential says about one indicator (``None``: the built-in definition applies).

    Attributes
    ----------
    code:
        Indicator code.
    enabled:
        False to leave the indicator out of the reports (TOML key ``actif``).
    label, label_en, definition, formula:
        French label, English label, French definition and formula (``libelle``, ``libelle_en``,
        ``definition``, ``formule``); ``{key}`` in a text stands for the value of parameter ``key``.
    provenance:
        :class:`Provenance` of the indicator.
    parameters:
        Parameter values by referential key (``parametres``), e.g. ``{"seuil_ifn": 7.0}``.
    """

    code: str
    enabled: bool = True
    label: str | None = None
    label_en: str | None = None
    definition: str | None = None
    formula: str | None = None
    provenance: Provenance | None = None
    parameters: Mapping[str, ParameterValue] = attrs.field(factory=dict, converter=_parameters)


def _entries(value: Mapping[str, ReferentialEntry]) -> Mapping[str, ReferentialEntry]:
    return dict(value)


#: TOML key of each optional text of an indicator, with the attribute it fills.
_TEXT_KEYS = {"libelle": "label", "libelle_en": "label_en", "definition": "definition", "formule": "formula"}
_ENTRY_KEYS = ("actif", *_TEXT_KEYS, "provenance", "parametres")
_HEAD_KEYS = ("id", "revision", "titre")


@attrs.frozen(kw_only=True)
class Referential:
    """A set of indicator definitions: identifier, revision, title and what it says of each indicator.

    Attributes
    ----------
    id:
        Stable identifier (``ctin-2021-reconstructed`` for the bundled referential).
    revision:
        Revision number (≥ 1): a new revision changes a definition for the same data.
    title:
        French title, printed by every report.
    indicators:
        :class:`ReferentialEntry` by indicator code, in file order.
    source:
        The file it was read from (named by error messages), else ``None``.
    """

    id: str
    revision: int
    title: str = ""
    indicators: Mapping[str, ReferentialEntry] = attrs.field(factory=dict, converter=_entries)
    source: str | None = attrs.field(default=None, eq=False, repr=False)

    # -- reading ---------------------------------------------------------------------------------
    @classmethod
    def default(cls) -> Referential:
        """The bundled referential ``ctin-2021-reconstructed`` (the built-in catalogue's)."""
        return _default()

    @staticmethod
    def default_toml() -> str:
        """The text of the bundled referential file (what ``afnor-ctin referentiel`` prints)."""
        return resources.files("afnor_ctin").joinpath("data", DEFAULT_FILE).read_text(encoding="utf-8")

    @classmethod
    def from_file(cls, path: str | Path) -> Referential:
        """Read a referential file.

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            When the file cannot be read, is not valid TOML or breaks the layout (French message
            naming the file and the key).
        """
        source = str(path)
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except FileNotFoundError as exc:
            raise InvalidInputError(f"référentiel « {source} » introuvable") from exc
        except IsADirectoryError as exc:
            raise InvalidInputError(f"référentiel « {source} » : un fichier TOML est attendu, pas un dossier") from exc
        except OSError as exc:
            raise InvalidInputError(f"référentiel « {source} » illisible ({type(exc).__name__})") from exc
        except UnicodeDecodeError as exc:
            raise InvalidInputError(f"référentiel « {source} » : le fichier n'est pas en UTF-8") from exc
        return cls.from_toml(text, source=source)

    @classmethod
    def from_toml(cls, text: str, *, source: str | None = None) -> Referential:
        """Read a referential from TOML text (``source`` names it in error messages)."""
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            at = f" (ligne {where[1]}, colonne {where[2]})" if where else ""
            raise InvalidInputError(f"{_origin(source)} : syntaxe TOML invalide{at}") from exc
        return _parse(doc, source)

    # -- writing ---------------------------------------------------------------------------------
    def to_toml(self) -> str:
        """The referential as TOML text, in the layout :meth:`from_toml` reads."""
        indicators: dict[str, Any] = {}
        for code, entry in self.indicators.items():
            table: dict[str, Any] = {"actif": entry.enabled}
            for key, attribute in _TEXT_KEYS.items():
                text = getattr(entry, attribute)
                if text is not None:
                    table[key] = text
            if entry.provenance is not None:
                table["provenance"] = entry.provenance.value
            if entry.parameters:
                table["parametres"] = dict(entry.parameters)
            indicators[code] = table
        doc: dict[str, Any] = {"referentiel": {"id": self.id, "revision": self.revision, "titre": self.title}}
        if indicators:
            doc["indicateurs"] = indicators
        return tomli_w.dumps(doc)

    # -- queries ---------------------------------------------------------------------------------
    def entry(self, code: str) -> ReferentialEntry | None:
        """What the referential says about indicator ``code`` (``None`` when it says nothing)."""
        return self.indicators.get(code.strip().upper())

    def parameters(self) -> dict[str, Mapping[str, ParameterValue]]:
        """Parameter values by indicator code (indicators with parameters only)."""
        return {code: e.parameters for code, e in self.indicators.items() if e.parameters}

    def with_parameters(self, code: str, values: Mapping[str, ParameterValue]) -> Referential:
        """A copy where indicator ``code`` takes the parameter ``values`` (by referential key)."""
        code = code.strip().upper()
        entry = self.indicators.get(code) or ReferentialEntry(code=code)
        merged = attrs.evolve(entry, parameters={**entry.parameters, **values})
        return attrs.evolve(self, indicators={**self.indicators, code: merged})

    def error(self, key: str, message: str) -> InvalidInputError:
        """A French error about ``key`` of this referential, naming its file."""
        return InvalidInputError(f"{_origin(self.source)}, clé « {key} » : {message}")


def _origin(source: str | None) -> str:
    return f"référentiel « {source} »" if source else "référentiel"


def fill(text: str, values: Mapping[str, ParameterValue]) -> str:
    """``text`` with each ``{key}`` replaced by the French form of parameter ``key``'s value.

    >>> fill("score IFN ≥ {seuil_ifn}", {"seuil_ifn": 6.5})
    'score IFN ≥ 6,5'
    """
    for key, value in values.items():
        shown = f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
        text = text.replace("{" + key + "}", shown)
    return text


# -- layout checks -----------------------------------------------------------------------------------
def _fail(source: str | None, key: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{_origin(source)}, clé « {key} » : {message}")


def _shown(value: object) -> str:
    return f"« {value!r} »" if isinstance(value, str) else f"« {value} »"


def _check_keys(table: Mapping[str, Any], allowed: tuple[str, ...], prefix: str, source: str | None) -> None:
    for key in table:
        if key not in allowed:
            where = f"{prefix}.{key}" if prefix else key
            raise _fail(source, where, f"clé inconnue (clés possibles : {', '.join(allowed)})")


def _text(table: Mapping[str, Any], key: str, where: str, source: str | None) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, where, f"texte non vide attendu (reçu {_shown(value)})")
    return value


def _parse(doc: Mapping[str, Any], source: str | None) -> Referential:
    _check_keys(doc, ("referentiel", "indicateurs"), "", source)
    head = doc.get("referentiel")
    if not isinstance(head, dict):
        raise _fail(source, "referentiel", "table [referentiel] manquante (id, revision, titre)")
    _check_keys(head, _HEAD_KEYS, "referentiel", source)
    for key in _HEAD_KEYS:
        if key not in head:
            raise _fail(source, f"referentiel.{key}", "clé obligatoire manquante")
    ident = _text(head, "id", "referentiel.id", source)
    title = _text(head, "titre", "referentiel.titre", source)
    revision = head["revision"]
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise _fail(source, "referentiel.revision", f"entier ≥ 1 attendu (reçu {_shown(revision)})")
    tables = doc.get("indicateurs", {})
    if not isinstance(tables, dict):
        raise _fail(source, "indicateurs", "table attendue ([indicateurs.I01], [indicateurs.I02]…)")
    entries: dict[str, ReferentialEntry] = {}
    for code, table in tables.items():
        entry = _parse_entry(code, table, source)
        if entry.code in entries:
            raise _fail(source, f"indicateurs.{code}", "indicateur décrit deux fois")
        entries[entry.code] = entry
    return Referential(id=ident or "", revision=revision, title=title or "", indicators=entries, source=source)


def _parse_entry(code: str, table: object, source: str | None) -> ReferentialEntry:
    prefix = f"indicateurs.{code}"
    if not isinstance(table, dict):
        raise _fail(source, prefix, f"table attendue (reçu {_shown(table)})")
    _check_keys(table, _ENTRY_KEYS, prefix, source)
    enabled = table.get("actif", True)
    if not isinstance(enabled, bool):
        raise _fail(source, f"{prefix}.actif", f"booléen attendu : true ou false (reçu {_shown(enabled)})")
    texts = {attr: _text(table, key, f"{prefix}.{key}", source) for key, attr in _TEXT_KEYS.items()}
    provenance = table.get("provenance")
    if provenance is not None:
        accepted = ", ".join(p.value for p in Provenance)
        if provenance not in {p.value for p in Provenance}:
            raise _fail(source, f"{prefix}.provenance", f"valeur {_shown(provenance)} inconnue (valeurs : {accepted})")
        provenance = Provenance(provenance)
    parameters = table.get("parametres", {})
    if not isinstance(parameters, dict):
        raise _fail(source, f"{prefix}.parametres", f"table attendue (reçu {_shown(parameters)})")
    for key, value in parameters.items():
        if not isinstance(value, int | float | str):  # bool is an int
            raise _fail(
                source, f"{prefix}.parametres.{key}", f"nombre, booléen ou texte attendu (reçu {_shown(value)})"
            )
    return ReferentialEntry(
        code=code.strip().upper(), enabled=enabled, provenance=provenance, parameters=parameters, **texts
    )


@cache
def _default() -> Referential:
    return Referential.from_toml(Referential.default_toml(), source=DEFAULT_FILE)


#: The bundled referential (``ctin-2021-reconstructed``, revision 1), followed by the built-in catalogue.
REFERENTIAL = Referential.default()
