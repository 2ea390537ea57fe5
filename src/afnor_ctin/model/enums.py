"""Enumerations of the native format: stable slug values with French labels.

Every enumeration is a :class:`~afnor_ctin.vocabulary.LabelledEnum` (a :class:`enum.StrEnum`): its
value is the stable slug of the format specification, ``label`` is the French label shown to people,
and ``parse`` accepts a slug or a label, ignoring case, accents, apostrophe style and surrounding
spaces. :class:`ActorType`, the long typology of structures, lives in :mod:`afnor_ctin.model.actor_type`.
"""

from __future__ import annotations

from typing import ClassVar

from afnor_ctin.model.actor_type import ActorType
from afnor_ctin.vocabulary import LabelledEnum, normalize_label

__all__ = [
    "ActionType",
    "ActorType",
    "AgeBand",
    "Certification",
    "Channel",
    "Funder",
    "Gender",
    "LabelledEnum",
    "MediatorRole",
    "Service",
    "SocialStatus",
    "SubType",
    "TerritoryLevel",
    "Thematique",
    "normalize_label",
]


class TerritoryLevel(LabelledEnum):
    """Level of a territory (``territoire.csv``, column ``niveau``)."""

    EPCI = "epci"
    DEPARTEMENT = "departement"
    COMMUNE = "commune"
    AUTRE = "autre"

    __labels__: ClassVar[dict[str, str]] = {
        "epci": "EPCI",
        "departement": "Département",
        "commune": "Commune",
        "autre": "Autre territoire",
    }

    __doc_label__: ClassVar[str] = "niveau de territoire"


class Service(LabelledEnum):
    """Services of the *standard des lieux de médiation numérique* v1 (``lieux.csv``)."""

    AIDE_AUX_DEMARCHES_ADMINISTRATIVES = "aide_aux_demarches_administratives"
    MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN = "maitrise_des_outils_numeriques_du_quotidien"
    INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE = "insertion_professionnelle_via_le_numerique"
    UTILISATION_SECURISEE_DU_NUMERIQUE = "utilisation_securisee_du_numerique"
    PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE = "parentalite_et_education_avec_le_numerique"
    LOISIRS_ET_CREATIONS_NUMERIQUES = "loisirs_et_creations_numeriques"
    COMPREHENSION_DU_MONDE_NUMERIQUE = "comprehension_du_monde_numerique"
    ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE = "acces_internet_et_materiel_informatique"
    ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE = "acquisition_de_materiel_informatique_a_prix_solidaire"

    __labels__: ClassVar[dict[str, str]] = {
        "aide_aux_demarches_administratives": "Aide aux démarches administratives",
        "maitrise_des_outils_numeriques_du_quotidien": "Maîtrise des outils numériques du quotidien",
        "insertion_professionnelle_via_le_numerique": "Insertion professionnelle via le numérique",
        "utilisation_securisee_du_numerique": "Utilisation sécurisée du numérique",
        "parentalite_et_education_avec_le_numerique": "Parentalité et éducation avec le numérique",
        "loisirs_et_creations_numeriques": "Loisirs et créations numériques",
        "comprehension_du_monde_numerique": "Compréhension du monde numérique",
        "acces_internet_et_materiel_informatique": "Accès internet et matériel informatique",
        "acquisition_de_materiel_informatique_a_prix_solidaire": (
            "Acquisition de matériel informatique à prix solidaire"
        ),
    }

    __doc_label__: ClassVar[str] = "service"


class MediatorRole(LabelledEnum):
    """Role of a mediator (``mediateurs.csv``, column ``role``)."""

    CONSEILLER_NUMERIQUE = "conseiller_numerique"
    COORDINATEUR = "coordinateur"
    MEDIATEUR = "mediateur"
    AIDANT = "aidant"

    __labels__: ClassVar[dict[str, str]] = {
        "conseiller_numerique": "Conseiller numérique",
        "coordinateur": "Coordinateur",
        "mediateur": "Médiateur numérique",
        "aidant": "Aidant numérique",
    }

    __doc_label__: ClassVar[str] = "rôle"


class Certification(LabelledEnum):
    """Certifications and habilitations of a mediator."""

    CCP1 = "ccp1"
    CCP2 = "ccp2"
    CCP3 = "ccp3"
    TITRE_REMN = "titre_remn"
    PIX = "pix"
    AIDANTS_CONNECT = "aidants_connect"

    __labels__: ClassVar[dict[str, str]] = {
        "ccp1": "CCP1 (titre professionnel REMN)",
        "ccp2": "CCP2 (titre professionnel REMN)",
        "ccp3": "CCP3 (titre professionnel REMN)",
        "titre_remn": "Titre professionnel Responsable d'espace de médiation numérique",
        "pix": "Certification Pix",
        "aidants_connect": "Habilitation Aidants Connect",
    }

    __doc_label__: ClassVar[str] = "certification"


class ActionType(LabelledEnum):
    """Type of an action (``actions.csv``, column ``type``)."""

    ACCOMPAGNEMENT_INDIVIDUEL = "accompagnement_individuel"
    ATELIER_COLLECTIF = "atelier_collectif"
    FORMATION_PROFESSIONNELS = "formation_professionnels"
    EQUIPEMENT_SOLIDAIRE = "equipement_solidaire"
    CONNEXION_SOLIDAIRE = "connexion_solidaire"
    COORDINATION = "coordination"

    __labels__: ClassVar[dict[str, str]] = {
        "accompagnement_individuel": "Accompagnement individuel",
        "atelier_collectif": "Atelier collectif",
        "formation_professionnels": "Formation des professionnels",
        "equipement_solidaire": "Équipement solidaire",
        "connexion_solidaire": "Connexion solidaire",
        "coordination": "Coordination",
    }

    __doc_label__: ClassVar[str] = "type d'action"


class Channel(LabelledEnum):
    """Where a support action took place (``actions.csv``, column ``canal``)."""

    LIEU_ACTIVITE = "lieu_activite"
    AUTRE_LIEU = "autre_lieu"
    DOMICILE = "domicile"
    A_DISTANCE = "a_distance"

    __labels__: ClassVar[dict[str, str]] = {
        "lieu_activite": "Lieu d'activité",
        "autre_lieu": "Autre lieu",
        "domicile": "À domicile",
        "a_distance": "À distance",
    }

    __doc_label__: ClassVar[str] = "canal"


class Thematique(LabelledEnum):
    """Thématiques of La Coop de la médiation numérique (30 codes)."""

    DIAGNOSTIC_NUMERIQUE = "diagnostic_numerique"
    PRENDRE_EN_MAIN_DU_MATERIEL = "prendre_en_main_du_materiel"
    MAINTENANCE_DE_MATERIEL = "maintenance_de_materiel"
    GERE_SES_CONTENUS_NUMERIQUES = "gere_ses_contenus_numeriques"
    NAVIGATION_SUR_INTERNET = "navigation_sur_internet"
    EMAIL = "email"
    BUREAUTIQUE = "bureautique"
    RESEAUX_SOCIAUX = "reseaux_sociaux"
    SANTE = "sante"
    BANQUE_ET_ACHATS_EN_LIGNE = "banque_et_achats_en_ligne"
    ENTREPRENEURIAT = "entrepreneuriat"
    INSERTION_PROFESSIONNELLE = "insertion_professionnelle"
    SECURITE_NUMERIQUE = "securite_numerique"
    PARENTALITE = "parentalite"
    SCOLARITE_ET_NUMERIQUE = "scolarite_et_numerique"
    CREER_AVEC_LE_NUMERIQUE = "creer_avec_le_numerique"
    CULTURE_NUMERIQUE = "culture_numerique"
    INTELLIGENCE_ARTIFICIELLE = "intelligence_artificielle"
    AIDE_AUX_DEMARCHES_ADMINISTRATIVES = "aide_aux_demarches_administratives"
    PAPIERS_ELECTIONS_CITOYENNETE = "papiers_elections_citoyennete"
    FAMILLE_SCOLARITE = "famille_scolarite"
    SOCIAL_SANTE = "social_sante"
    TRAVAIL_FORMATION = "travail_formation"
    LOGEMENT = "logement"
    TRANSPORTS_MOBILITE = "transports_mobilite"
    ARGENT_IMPOTS = "argent_impots"
    JUSTICE = "justice"
    ETRANGERS_EUROPE = "etrangers_europe"
    LOISIRS_SPORTS_CULTURE = "loisirs_sports_culture"
    ASSOCIATIONS = "associations"

    __labels__: ClassVar[dict[str, str]] = {
        "diagnostic_numerique": "Diagnostic numérique",
        "prendre_en_main_du_materiel": "Prendre en main du matériel",
        "maintenance_de_materiel": "Maintenance de matériel",
        "gere_ses_contenus_numeriques": "Gérer ses contenus numériques",
        "navigation_sur_internet": "Navigation sur internet",
        "email": "E-mail",
        "bureautique": "Bureautique",
        "reseaux_sociaux": "Réseaux sociaux communication",
        "sante": "Santé",
        "banque_et_achats_en_ligne": "Banque et achats en ligne",
        "entrepreneuriat": "Accompagner un professionnel",
        "insertion_professionnelle": "Insertion professionnelle",
        "securite_numerique": "Prévention en sécurité numérique",
        "parentalite": "Parentalité",
        "scolarite_et_numerique": "Scolarité et numérique",
        "creer_avec_le_numerique": "Créer avec le numérique",
        "culture_numerique": "Culture numérique",
        "intelligence_artificielle": "Intelligence artificielle (IA)",
        "aide_aux_demarches_administratives": "Aide aux démarches administratives",
        "papiers_elections_citoyennete": "Papiers - Élections - Citoyenneté",
        "famille_scolarite": "Famille - Scolarité",
        "social_sante": "Social - Santé",
        "travail_formation": "Travail - Formation - Entreprise",
        "logement": "Logement",
        "transports_mobilite": "Transports - Mobilité",
        "argent_impots": "Argent - Impôts",
        "justice": "Justice",
        "etrangers_europe": "Étrangers - Europe",
        "loisirs_sports_culture": "Loisirs - Sports - Culture",
        "associations": "Associations",
    }

    __doc_label__: ClassVar[str] = "thématique"


class SubType(LabelledEnum):
    """Sub-type of a coordination event or of solidarity equipment (``sous_type``)."""

    ASSEMBLEE = "assemblee"
    COMITE = "comite"
    GROUPE_DE_TRAVAIL = "groupe_de_travail"
    ECHANGE = "echange"
    REUNION_COORDINATION = "reunion_coordination"
    WEBINAIRE = "webinaire"
    EVENEMENT = "evenement"
    PARTENARIAT = "partenariat"
    AUTRE = "autre"
    RECONDITIONNE = "reconditionne"
    NEUF = "neuf"
    PRET = "pret"
    DON = "don"

    __labels__: ClassVar[dict[str, str]] = {
        "assemblee": "Assemblée",
        "comite": "Comité",
        "groupe_de_travail": "Groupe de travail",
        "echange": "Échange",
        "reunion_coordination": "Réunion de coordination",
        "webinaire": "Webinaire",
        "evenement": "Événement",
        "partenariat": "Partenariat",
        "autre": "Autre",
        "reconditionne": "Matériel reconditionné",
        "neuf": "Matériel neuf",
        "pret": "Prêt de matériel",
        "don": "Don de matériel",
    }

    __doc_label__: ClassVar[str] = "sous-type"


class Gender(LabelledEnum):
    """Gender of a beneficiary (Coop codes)."""

    MASCULIN = "masculin"
    FEMININ = "feminin"
    NON_COMMUNIQUE = "non_communique"

    __labels__: ClassVar[dict[str, str]] = {
        "masculin": "Masculin",
        "feminin": "Féminin",
        "non_communique": "Non communiqué",
    }

    __doc_label__: ClassVar[str] = "genre"


class AgeBand(LabelledEnum):
    """Age band of a beneficiary (Coop codes)."""

    MOINS_DE_DOUZE = "moins_de_douze"
    DOUZE_DIX_HUIT = "douze_dix_huit"
    DIX_HUIT_VINGT_QUATRE = "dix_huit_vingt_quatre"
    VINGT_CINQ_TRENTE_NEUF = "vingt_cinq_trente_neuf"
    QUARANTE_CINQUANTE_NEUF = "quarante_cinquante_neuf"
    SOIXANTE_SOIXANTE_NEUF = "soixante_soixante_neuf"
    SOIXANTE_DIX_PLUS = "soixante_dix_plus"
    NON_COMMUNIQUE = "non_communique"

    __labels__: ClassVar[dict[str, str]] = {
        "moins_de_douze": "Moins de 12 ans",
        "douze_dix_huit": "12 - 17 ans",
        "dix_huit_vingt_quatre": "18 - 24 ans",
        "vingt_cinq_trente_neuf": "25 - 39 ans",
        "quarante_cinquante_neuf": "40 - 59 ans",
        "soixante_soixante_neuf": "60 - 69 ans",
        "soixante_dix_plus": "70 ans et plus",
        "non_communique": "Non communiqué",
    }

    __doc_label__: ClassVar[str] = "tranche d'âge"


class SocialStatus(LabelledEnum):
    """Social status of a beneficiary (Coop codes)."""

    SCOLARISE = "scolarise"
    SANS_EMPLOI = "sans_emploi"
    EN_EMPLOI = "en_emploi"
    RETRAITE = "retraite"
    NON_COMMUNIQUE = "non_communique"

    __labels__: ClassVar[dict[str, str]] = {
        "scolarise": "Scolarisé",
        "sans_emploi": "Sans emploi",
        "en_emploi": "En emploi",
        "retraite": "Retraité",
        "non_communique": "Non communiqué ou hétérogène",
    }

    __doc_label__: ClassVar[str] = "statut"


class Funder(LabelledEnum):
    """Kind of funder (``financements.csv``, column ``financeur``)."""

    ETAT_CONSEILLER_NUMERIQUE = "etat_conseiller_numerique"
    ETAT_FRANCE_NUMERIQUE_ENSEMBLE = "etat_france_numerique_ensemble"
    ETAT_AUTRE = "etat_autre"
    REGION = "region"
    DEPARTEMENT = "departement"
    EPCI = "epci"
    COMMUNE = "commune"
    CAF = "caf"
    CPAM = "cpam"
    CARSAT = "carsat"
    UNION_EUROPEENNE = "union_europeenne"
    FONDATION_OU_PRIVE = "fondation_ou_prive"
    AUTRE = "autre"

    __labels__: ClassVar[dict[str, str]] = {
        "etat_conseiller_numerique": "État — dispositif Conseiller numérique",
        "etat_france_numerique_ensemble": "État — France Numérique Ensemble",
        "etat_autre": "État — autre",
        "region": "Région",
        "departement": "Département",
        "epci": "EPCI",
        "commune": "Commune",
        "caf": "Caf",
        "cpam": "CPAM",
        "carsat": "Carsat",
        "union_europeenne": "Union européenne",
        "fondation_ou_prive": "Fondation ou financeur privé",
        "autre": "Autre financeur",
    }

    __doc_label__: ClassVar[str] = "financeur"
