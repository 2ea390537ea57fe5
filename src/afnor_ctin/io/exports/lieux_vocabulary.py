"""The closed vocabularies of the *standard des lieux de médiation numérique*, v0.1.x and v1, and v0 → v1.

The two generations are told apart by the values they use, not by the keys they carry: real v1
files keep v0 keys (``publics_accueillis``, ``labels_nationaux``) next to v1 values. Values are the
enumerations of the standard's Table Schemas (``schema.json`` of tag ``v0.1.1`` and of ``v1.0.2``,
LaMednum/standard-mediation-num, Licence Ouverte 2.0); a test checks them against copies of both schemas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from afnor_ctin.io.exports._values import label_key, split_multi
from afnor_ctin.model.enums import normalize_label

__all__ = [
    "SERVICES_V0",
    "V0_KEYS",
    "V0_VOCABULARIES",
    "V1_KEYS",
    "V1_VOCABULARIES",
    "VocabularyCount",
    "count_vocabulary",
]

#: v0.1.x closed vocabularies, per field (schema ``v0.1.1``).
V0_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "services": (
        "Devenir autonome dans les démarches administratives",
        "Réaliser des démarches administratives avec un accompagnement",
        "Prendre en main un smartphone ou une tablette",
        "Prendre en main un ordinateur",
        "Utiliser le numérique au quotidien",
        "Approfondir ma culture numérique",
        "Favoriser mon insertion professionnelle",
        "Accéder à une connexion internet",
        "Accéder à du matériel",
        "S'équiper en matériel informatique",
        "Créer et développer mon entreprise",
        "Créer avec le numérique",
        "Accompagner les démarches de santé",
        "Promouvoir la citoyenneté numérique",
        "Soutenir la parentalité et l'éducation avec le numérique",
    ),
    "publics_accueillis": (
        "Seniors (+ 65 ans)",
        "Familles/enfants",
        "Adultes",
        "Jeunes (16-26 ans)",
        "Public langues étrangères",
        "Déficience visuelle",
        "Surdité",
        "Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales",
        "Handicaps mentaux : déficiences limitant les activités d'une personne",
        "Uniquement femmes",
        "Personnes en situation d'illettrisme",
    ),
    "conditions_acces": (
        "Gratuit : Je peux accéder gratuitement au lieu et à ses services",
        "Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention "
        "avec un organisme social...)",
        "Payant : L'accès au lieu et/ou à ses services est payant",
        "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
        "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer",
    ),
    "labels_nationaux": (
        "France Services",
        "CNFS",
        "APTIC",
        "Aidants Connect",
        "Fabriques de Territoire",
        "Grandes écoles du numérique",
        "Point relais CAF",
        "Point numérique CAF",
        "Relais pôle emploi",
        "French Tech",
        "Campus connecté",
    ),
    "modalites_accompagnement": (
        "Seul : j'ai accès à du matériel et une connexion",
        "Avec de l'aide : je suis accompagné seul dans l'usage du numérique",
        "Dans un atelier : j'apprends collectivement à utiliser le numérique",
        "A ma place : une personne habilitée fait les démarches à ma place",
    ),
}

#: v1 closed vocabularies, per field (schema ``v1.0.2``).
V1_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "itinerance": ("Itinérant", "Fixe"),
    "services": (
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Utilisation sécurisée du numérique",
        "Parentalité et éducation avec le numérique",
        "Loisirs et créations numériques",
        "Compréhension du monde numérique",
        "Accès internet et matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ),
    "publics_specifiquement_adresses": ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes"),
    "prise_en_charge_specifique": (
        "Surdité",
        "Handicaps moteurs",
        "Handicaps mentaux",
        "Illettrisme",
        "Langues étrangères (anglais)",
        "Langues étrangères (autres)",
        "Déficience visuelle",
    ),
    "frais_a_charge": ("Gratuit", "Gratuit sous condition", "Payant"),
    "dispositif_programmes_nationaux": (
        "Aidants Connect",
        "Bibliothèques numérique de référence",
        "Certification PIX",
        "Conseillers numériques",
        "Emmaüs Connect",
        "France Services",
        "Grande école du numérique",
        "La Croix Rouge",
        "Point d'accès numérique CAF",
        "Promeneurs du net",
        "Relais numérique (Emmaüs Connect)",
    ),
    "formations_labels": (
        "Formé à « Mon Espace Santé »",
        "Formé à « DUPLEX » (illettrisme)",
        "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        "Collectif ressources et acteurs réemploi (Normandie)",
        "Étapes numériques(La Poste)",
        "Fabriques de Territoire",
        "Les Éclaireurs du numérique (Drôme)",
        "Mes Papiers (Métropole de Lyon)",
        "ORDI 3.0",
        "SUD LABS (PACA)",
    ),
    "modalites_acces": (
        "Se présenter",
        "Téléphoner",
        "Contacter par mail",
        "Prendre un RDV en ligne",
        "Ce lieu n'accueille pas de public",
        "Envoyer un mail avec une fiche de prescription",
    ),
    "modalites_accompagnement": (
        "En autonomie",
        "Accompagnement individuel",
        "Dans un atelier collectif",
        "À distance",
    ),
}

#: Keys found only in v0.1.x files, and only in v1 files (a tie-breaker when no closed value is given).
V0_KEYS = frozenset({"publics_accueillis", "conditions_acces", "labels_nationaux", "cle_ban", "courriel"})
V1_KEYS = frozenset(
    {
        "courriels",
        "itinerance",
        "frais_a_charge",
        "modalites_acces",
        "dispositif_programmes_nationaux",
        "formations_labels",
        "fiche_acces_libre",
        "publics_specifiquement_adresses",
        "prise_en_charge_specifique",
    }
)

#: v0.1.x services (15 values) → v1 services (9): the standard's "15 services condensed into 9", as
#: implemented by the ANCT's reference library (``lieux-de-mediation-numerique``, map of the
#: data·inclusion ``numerique--*`` thématiques, which mirror the 15 v0 services one to one).
SERVICES_V0: dict[str, str] = {
    "Devenir autonome dans les démarches administratives": "aide_aux_demarches_administratives",
    "Réaliser des démarches administratives avec un accompagnement": "aide_aux_demarches_administratives",
    "Accompagner les démarches de santé": "aide_aux_demarches_administratives",
    "Prendre en main un smartphone ou une tablette": "maitrise_des_outils_numeriques_du_quotidien",
    "Prendre en main un ordinateur": "maitrise_des_outils_numeriques_du_quotidien",
    "Utiliser le numérique au quotidien": "maitrise_des_outils_numeriques_du_quotidien",
    "Approfondir ma culture numérique": "comprehension_du_monde_numerique",
    "Promouvoir la citoyenneté numérique": "comprehension_du_monde_numerique",
    "Favoriser mon insertion professionnelle": "insertion_professionnelle_via_le_numerique",
    "Créer et développer mon entreprise": "insertion_professionnelle_via_le_numerique",
    "Accéder à une connexion internet": "acces_internet_et_materiel_informatique",
    "Accéder à du matériel": "acces_internet_et_materiel_informatique",
    "S'équiper en matériel informatique": "acquisition_de_materiel_informatique_a_prix_solidaire",
    "Créer avec le numérique": "loisirs_et_creations_numeriques",
    "Soutenir la parentalité et l'éducation avec le numérique": "parentalite_et_education_avec_le_numerique",
}


def _keys(vocabularies: Mapping[str, tuple[str, ...]]) -> set[str]:
    return {normalize_label(v) for values in vocabularies.values() for v in values}


_SHARED = _keys(V0_VOCABULARIES) & _keys(V1_VOCABULARIES)
_V0 = _keys(V0_VOCABULARIES) - _SHARED
_V1 = _keys(V1_VOCABULARIES) - _SHARED
_FIELDS = tuple(dict.fromkeys([*V0_VOCABULARIES, *V1_VOCABULARIES]))


class VocabularyCount:
    """Values of the closed vocabularies seen in a file, counted per generation (values of both are ignored)."""

    def __init__(self) -> None:
        self.v0 = 0
        self.v1 = 0
        self.v0_fields: set[str] = set()
        self.v1_fields: set[str] = set()
        self.keys: set[str] = set()

    def add(self, row: Mapping[str, Any]) -> None:
        """Count the closed values of one row."""
        self.keys.update(k for k in row if isinstance(k, str))
        for field in _FIELDS:
            for value in split_multi(row.get(field), "|;"):
                key = label_key(value)
                if key in _V0:
                    self.v0 += 1
                    self.v0_fields.add(field)
                elif key in _V1:
                    self.v1 += 1
                    self.v1_fields.add(field)

    def generation(self) -> str:
        """``v0`` or ``v1``: the vocabulary with the most values, else the keys, else ``v1``."""
        if self.v0 != self.v1:
            return "v0" if self.v0 > self.v1 else "v1"
        if len(self.keys & V0_KEYS) > len(self.keys & V1_KEYS):
            return "v0"
        return "v1"

    def summary(self) -> str:
        """French account of the evidence, e.g. ``1 364 valeur(s) v1 (services), 353 valeur(s) v0 (…)``."""
        parts = []
        for name, n, fields in (("v1", self.v1, self.v1_fields), ("v0", self.v0, self.v0_fields)):
            if n:
                number = f"{n:,}".replace(",", "\u202f")
                parts.append(f"{number} valeur(s) {name} ({', '.join(sorted(fields))})")
        return ", ".join(parts) if parts else "aucune valeur des listes fermées : génération déduite des clés"


def count_vocabulary(rows: Iterable[Mapping[str, Any]]) -> VocabularyCount:
    """Count the closed values of every row (rows that are not mappings are skipped)."""
    count = VocabularyCount()
    for row in rows:
        if isinstance(row, Mapping):
            count.add(row)
    return count
