"""The native CTIN dataset format, as data.

One :class:`FileSchema` per file of the format (``territoire.csv``, ``communes.csv`` …), each with its
:class:`ColumnSchema` columns: French column name, type, required flag, enumeration, French
description and the record attribute the column maps to. The readers, the writers, the XLSX
template and the generated documentation all read these tables; nothing else spells a column name.

Types (as in the format specification): ``str``, ``int`` (integer ≥ 0), ``dec`` (decimal ≥ 0),
``date``, ``bool``, ``enum``, ``enum|`` (multi-valued), ``id``, ``id|`` and ``str|``.

Formula injection
-----------------
Spreadsheet programs run a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula. The writers therefore prefix such a text cell with one apostrophe ``'`` (and
also a text that already starts with an apostrophe, so that the rule can be reversed); the readers
of CSV files and XLSX workbooks remove one leading apostrophe when it is followed by one of those
characters or by another apostrophe. Numbers, dates and JSON values are never escaped.

>>> escape_formula("=SOMME(A1:A3)"), unescape_formula("'=SOMME(A1:A3)")
("'=SOMME(A1:A3)", '=SOMME(A1:A3)')
>>> all(unescape_formula(escape_formula(t)) == t for t in ["-1", "'a", "''=", "Alpha", ""])
True
>>> SCHEMAS["actions"].column("duree_min").attribute
'duration_min'
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from afnor_ctin.entities import ENTITY, Entity
from afnor_ctin.model import enums
from afnor_ctin.model.enums import LabelledEnum

__all__ = [
    "COMPANION_FILES",
    "FILES",
    "FORMULA_TRIGGERS",
    "INSTRUCTIONS_SHEET",
    "JSON_FORMAT",
    "JSON_VERSION",
    "LISTS_SHEET",
    "PERSONAL_COLUMNS",
    "PROBLEMS_FILE_NAME",
    "SCHEMAS",
    "SIDE_FILE_NAMES",
    "TEMPLATE_SHEETS",
    "ColumnSchema",
    "ColumnType",
    "FileSchema",
    "escape_formula",
    "is_personal_column",
    "unescape_formula",
]

#: The column types of the format.
ColumnType = Literal["str", "int", "dec", "date", "bool", "enum", "enum|", "id", "id|", "str|"]

#: Value formats checked on some text columns: INSEE commune code, QPV code, SIRET/RNA number.
ValueFormat = Literal["insee", "qpv", "siret"]

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_TRIGGERS: frozenset[str] = frozenset({"=", "+", "-", "@", "\t", "\r"})

#: The sheets of the XLSX template that hold no data: skipped by the reader without a word.
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "listes"
TEMPLATE_SHEETS: frozenset[str] = frozenset({"instructions", "listes"})
#: The side files an import writes next to the dataset (see :mod:`afnor_ctin.io.exports.side_files`).
SIDE_FILE_NAMES: tuple[str, ...] = ("non_reconnus.csv", "agregats.csv", "annotations.csv", "fusions.csv")
#: The list of every problem of an import, written next to the dataset by ``afnor-ctin importer``.
PROBLEMS_FILE_NAME = "problemes.csv"
#: The files an import writes next to the native files (without ``.csv``): skipped by the reader without a word.
COMPANION_FILES: frozenset[str] = frozenset(n.removesuffix(".csv") for n in (*SIDE_FILE_NAMES, PROBLEMS_FILE_NAME))

#: Identifier of the JSON document written by the library (key ``format``).
JSON_FORMAT = "afnor-ctin/jeu-de-donnees"
#: Version of the JSON document layout (key ``version``).
JSON_VERSION = 1


def escape_formula(text: str) -> str:
    """Protect a text cell against formula injection (prefix one apostrophe when needed)."""
    if text and (text[0] in FORMULA_TRIGGERS or text[0] == "'"):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Reverse :func:`escape_formula`: drop one leading apostrophe followed by a trigger or ``'``."""
    if len(text) > 1 and text[0] == "'" and (text[1] in FORMULA_TRIGGERS or text[1] == "'"):
        return text[1:]
    return text


@attrs.frozen(kw_only=True)
class ColumnSchema:
    """One column of a file of the native format.

    Attributes
    ----------
    name:
        French column name, as written in the header row.
    type:
        One of :data:`ColumnType`; a trailing ``|`` marks a multi-valued cell.
    attribute:
        Name of the record attribute the column maps to.
    required:
        True when the column must be present and every row must fill it.
    description:
        French description (documentation and XLSX template).
    enum:
        The :class:`~afnor_ctin.model.enums.LabelledEnum` of ``enum`` columns.
    format:
        Value format checked on text columns (``insee``, ``qpv``, ``siret``), if any.
    """

    name: str
    type: ColumnType
    attribute: str
    required: bool = False
    description: str = ""
    enum: builtins.type[LabelledEnum] | None = None
    format: ValueFormat | None = None

    @property
    def multi(self) -> bool:
        """True for multi-valued columns (values separated by ``|``)."""
        return self.type.endswith("|")

    @property
    def base_type(self) -> str:
        """The type without the multi-valued marker."""
        return self.type.rstrip("|")

    @property
    def is_text(self) -> bool:
        """True for text columns (``str``, ``id`` and their multi-valued forms): escaped on writing."""
        return self.base_type in ("str", "id")


@attrs.frozen(kw_only=True)
class FileSchema:
    """One file of the native format (one sheet of the XLSX workbook, one key of the JSON document).

    Attributes
    ----------
    name:
        File name without ``.csv``; also the XLSX sheet name and the JSON key.
    columns:
        The columns, in the order the writers use.
    description:
        French description.
    required:
        True for ``territoire.csv`` only.
    example:
        One example row, one cell per column (enumerations by slug, dates ``JJ/MM/AAAA``, values of a
        multi-valued cell separated by ``|``): shown by the XLSX template's « Instructions » sheet.
    """

    name: str
    columns: tuple[ColumnSchema, ...]
    description: str
    required: bool = False
    example: tuple[str, ...] = attrs.field(default=())

    @example.validator
    def _check_example(self, _attribute: object, value: tuple[str, ...]) -> None:
        if value and len(value) != len(self.columns):
            raise ValueError(f"{self.name} : l'exemple doit avoir une valeur par colonne")

    @property
    def entity(self) -> Entity | None:
        """The entity whose records the file holds (:mod:`afnor_ctin.entities`); ``None`` for the territory files."""
        return ENTITY.get(self.name)

    @property
    def filename(self) -> str:
        """The CSV file name, e.g. ``actions.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSchema:
        """The column named ``name``.

        Raises
        ------
        KeyError
            When the file has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def column_for(self, attribute: str) -> ColumnSchema | None:
        """The column mapping to record attribute ``attribute``, if any."""
        for column in self.columns:
            if column.attribute == attribute:
                return column
        return None

    def __iter__(self) -> Iterator[ColumnSchema]:
        return iter(self.columns)


def _c(
    name: str,
    type: ColumnType,
    attribute: str,
    description: str,
    *,
    required: bool = False,
    enum: type[LabelledEnum] | None = None,
    format: ValueFormat | None = None,
) -> ColumnSchema:
    return ColumnSchema(
        name=name,
        type=type,
        attribute=attribute,
        required=required,
        description=description,
        enum=enum,
        format=format,
    )


FILES: tuple[FileSchema, ...] = (
    FileSchema(
        name="territoire",
        example=("241700434", "CA de La Rochelle", "epci", "17300"),
        required=True,
        description="Le territoire évalué (exactement une ligne).",
        columns=(
            _c(
                "code",
                "str",
                "code",
                "Code du territoire : SIREN de l'EPCI (9 chiffres), code de département ou code libre",
                required=True,
            ),
            _c("nom", "str", "name", "Nom du territoire", required=True),
            _c("niveau", "enum", "level", "Niveau du territoire", required=True, enum=enums.TerritoryLevel),
            _c(
                "ville_centre",
                "str",
                "central_commune",
                "Code INSEE de la ville-centre ; par défaut la commune la plus peuplée",
                format="insee",
            ),
        ),
    ),
    FileSchema(
        name="communes",
        example=("17300", "La Rochelle", "79961", "2022", "5,2"),
        description="Les communes du territoire et leur population. Absent pour un EPCI : référentiel intégré.",
        columns=(
            _c(
                "code_insee",
                "str",
                "code_insee",
                "Code officiel géographique (5 caractères) ; arrondissements ramenés à leur commune",
                required=True,
                format="insee",
            ),
            _c("nom", "str", "name", "Nom de la commune", required=True),
            _c("population", "int", "population", "Population municipale", required=True),
            _c("annee_population", "int", "population_year", "Millésime de la population"),
            _c("score_ifn", "dec", "ifn_score", "Indice de fragilité numérique, de 0 à 10 (10 = plus fragile)"),
        ),
    ),
    FileSchema(
        name="qpv",
        example=("QN01707M", "Villeneuve-Les-Salines", "17300", "3600"),
        description="Les quartiers prioritaires de la politique de la ville (QPV) du territoire.",
        columns=(
            _c(
                "code_qpv",
                "str",
                "code",
                "Code du QPV (QN + 6 caractères, ou ancien code QP)",
                required=True,
                format="qpv",
            ),
            _c("nom", "str", "name", "Nom du quartier", required=True),
            _c("code_insee", "str", "code_insee", "Commune qui contient le QPV", required=True, format="insee"),
            _c("population", "int", "population", "Population du quartier"),
        ),
    ),
    FileSchema(
        name="acteurs",
        example=("ACT1", "CCAS de La Rochelle", "CCAS", "26170056400012", "17300", "oui"),
        description="Les structures de l'écosystème de l'inclusion numérique du territoire.",
        columns=(
            _c("id", "id", "id", "Identifiant de l'acteur", required=True),
            _c("nom", "str", "name", "Nom de la structure", required=True),
            _c("type", "enum", "type", "Typologie de structure data·inclusion", required=True, enum=enums.ActorType),
            _c("siret", "str", "siret", "SIRET (14 chiffres) ou numéro RNA (W + 9 chiffres)", format="siret"),
            _c("code_insee", "str", "code_insee", "Commune du siège de l'acteur", format="insee"),
            _c(
                "membre_gouvernance",
                "bool",
                "governance_member",
                "Membre de la gouvernance de la coordination territoriale",
            ),
        ),
    ),
    FileSchema(
        name="lieux",
        example=(
            "LIEU1",
            "ACT1",
            "Espace numérique de Mireuil",
            "17300",
            "",
            "aide_aux_demarches_administratives|maitrise_des_outils_numeriques_du_quotidien",
            "non",
            "",
            "01/09/2022",
            "",
            "15/01/2024",
        ),
        description="Les lieux de médiation numérique.",
        columns=(
            _c("id", "id", "id", "Identifiant du lieu", required=True),
            _c("acteur_id", "id", "actor_id", "Acteur porteur du lieu", required=True),
            _c("nom", "str", "name", "Nom du lieu", required=True),
            _c("code_insee", "str", "code_insee", "Commune du lieu", required=True, format="insee"),
            _c("code_qpv", "str", "code_qpv", "QPV où se trouve le lieu, s'il est connu", format="qpv"),
            _c(
                "services",
                "enum|",
                "services",
                "Services du standard des lieux de médiation numérique",
                enum=enums.Service,
            ),
            _c("itinerant", "bool", "itinerant", "Lieu itinérant (bus, permanences)"),
            _c(
                "communes_desservies",
                "str|",
                "served_communes",
                "Codes INSEE des communes desservies par un lieu itinérant",
                format="insee",
            ),
            _c("date_ouverture", "date", "opening_date", "Date d'ouverture"),
            _c("date_fermeture", "date", "closing_date", "Dernier jour d'ouverture ; vide = toujours ouvert"),
            _c("date_maj", "date", "updated_on", "Date de dernière mise à jour des informations du lieu"),
        ),
    ),
    FileSchema(
        name="mediateurs",
        example=("MED1", "ACT1", "conseiller_numerique", "01/09/2022", "", "1", "LIEU1", "pix"),
        description="Les personnes qui accompagnent (identifiants pseudonymes, aucun nom).",
        columns=(
            _c("id", "id", "id", "Identifiant pseudonyme de la personne", required=True),
            _c("acteur_id", "id", "actor_id", "Employeur", required=True),
            _c("role", "enum", "role", "Rôle", required=True, enum=enums.MediatorRole),
            _c("date_debut", "date", "start_date", "Date de prise de poste", required=True),
            _c("date_fin", "date", "end_date", "Dernier jour en poste ; vide = en poste"),
            _c("etp", "dec", "fte", "Équivalent temps plein, 0 < etp ≤ 1 (1 par défaut)"),
            _c("lieu_ids", "id|", "place_ids", "Lieux où la personne intervient"),
            _c(
                "certifications", "enum|", "certifications", "Certifications et habilitations", enum=enums.Certification
            ),
        ),
    ),
    FileSchema(
        name="actions",
        example=(
            "A1",
            "atelier_collectif",
            "12/03/2024",
            "ACT1",
            "MED1",
            "LIEU1",
            "",
            "lieu_activite",
            "90",
            "6",
            "diagnostic_numerique|prendre_en_main_du_materiel",
            "",
            "",
            "",
            "",
        ),
        description="Une ligne par action menée par un acteur.",
        columns=(
            _c("id", "id", "id", "Identifiant de l'action", required=True),
            _c("type", "enum", "type", "Type d'action", required=True, enum=enums.ActionType),
            _c("date", "date", "date", "Jour de l'action", required=True),
            _c("acteur_id", "id", "actor_id", "Acteur qui mène ou organise l'action", required=True),
            _c("mediateur_id", "id", "mediator_id", "Médiateur"),
            _c("lieu_id", "id", "place_id", "Lieu où l'action a eu lieu"),
            _c(
                "code_insee",
                "str",
                "code_insee",
                "Commune où l'action a eu lieu (obligatoire sans lieu)",
                format="insee",
            ),
            _c(
                "canal",
                "enum",
                "channel",
                "Canal (par défaut : lieu d'activité avec un lieu, sinon autre lieu)",
                enum=enums.Channel,
            ),
            _c("duree_min", "int", "duration_min", "Durée en minutes"),
            _c(
                "participants",
                "int",
                "participants",
                "Nombre de personnes (accompagnements : au moins 1, 1 par défaut)",
            ),
            _c(
                "thematiques",
                "enum|",
                "thematiques",
                "Thématiques de La Coop de la médiation numérique",
                enum=enums.Thematique,
            ),
            _c("quantite", "int", "quantity", "Équipement ou connexion : nombre d'appareils ou de foyers"),
            _c(
                "sous_type",
                "enum",
                "subtype",
                "Coordination : type d'événement ; équipement : nature",
                enum=enums.SubType,
            ),
            _c(
                "acteurs_participants",
                "id|",
                "participating_actor_ids",
                "Coordination : acteurs présents ; formation : employeurs des personnes formées",
            ),
            _c(
                "personnes_formees",
                "str|",
                "trained_person_ids",
                "Formation : identifiants pseudonymes des personnes formées",
            ),
        ),
    ),
    FileSchema(
        name="beneficiaires",
        example=("B1", "feminin", "dix_huit_vingt_quatre", "en_emploi", "17300"),
        description="Les personnes accompagnées, connues par un identifiant pseudonyme et des catégories.",
        columns=(
            _c("id", "id", "id", "Identifiant pseudonyme", required=True),
            _c("genre", "enum", "gender", "Genre", enum=enums.Gender),
            _c("tranche_age", "enum", "age_band", "Tranche d'âge", enum=enums.AgeBand),
            _c("statut", "enum", "status", "Statut", enum=enums.SocialStatus),
            _c("code_insee_residence", "str", "residence_code_insee", "Commune de résidence", format="insee"),
        ),
    ),
    FileSchema(
        name="participations",
        example=("A1", "B1"),
        description="Les bénéficiaires identifiés de chaque action d'accompagnement.",
        columns=(
            _c("action_id", "id", "action_id", "Action d'accompagnement (individuel ou atelier)", required=True),
            _c("beneficiaire_id", "id", "beneficiary_id", "Bénéficiaire", required=True),
        ),
    ),
    FileSchema(
        name="financements",
        example=("F1", "etat_conseiller_numerique", "ACT1", "25000", "12500", "01/01/2024", "31/12/2024", "MED1"),
        description="Les financements accordés aux acteurs.",
        columns=(
            _c("id", "id", "id", "Identifiant du financement", required=True),
            _c("financeur", "enum", "funder", "Financeur", required=True, enum=enums.Funder),
            _c("acteur_id", "id", "actor_id", "Acteur bénéficiaire", required=True),
            _c("montant_accorde", "dec", "amount_agreed", "Montant accordé (€)", required=True),
            _c("montant_verse", "dec", "amount_paid", "Montant versé à ce jour (€)"),
            _c("date_debut", "date", "start_date", "Début de la période financée", required=True),
            _c("date_fin", "date", "end_date", "Dernier jour de la période financée", required=True),
            _c("mediateur_ids", "id|", "mediator_ids", "Postes (médiateurs) financés"),
        ),
    ),
)

#: The file schemas by name (``"actions"`` → :class:`FileSchema`).
SCHEMAS: Mapping[str, FileSchema] = {f.name: f for f in FILES}

#: Column names that may hold personal data: never read, whatever the file (``nom`` is handled by
#: :func:`is_personal_column`, as it is a legitimate column of some files).
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {
        "prenom",
        "prenoms",
        "nom_de_famille",
        "nom_usage",
        "nom_naissance",
        "nom_prenom",
        "prenom_nom",
        "telephone",
        "tel",
        "portable",
        "mobile",
        "email",
        "e_mail",
        "mail",
        "courriel",
        "adresse",
        "adresse_postale",
        "adresse_mail",
        "notes",
        "note",
        "commentaire",
        "commentaires",
        "observations",
        "annee_naissance",
        "date_naissance",
        "date_de_naissance",
        "lieu_naissance",
        "numero_securite_sociale",
        "nir",
    }
)


def is_personal_column(file: str, column: str) -> bool:
    """True when ``column`` of ``file`` may hold personal data and must never be read.

    ``nom`` names a structure, a place, a commune, a QPV or the territory in the files that define
    it; anywhere else (``beneficiaires``, ``mediateurs`` …) it is a person's name.

    >>> is_personal_column("beneficiaires", "nom"), is_personal_column("acteurs", "nom")
    (True, False)
    """
    if column in PERSONAL_COLUMNS:
        return True
    schema = SCHEMAS.get(file)
    return column == "nom" and (schema is None or "nom" not in schema.column_names)
