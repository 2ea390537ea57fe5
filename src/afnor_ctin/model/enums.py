"""Enumerations of the native format: stable slug values with French labels.

Every enumeration is a :class:`LabelledEnum` (a :class:`enum.StrEnum`): its value is the stable slug of
the format specification, :attr:`LabelledEnum.label` is the French label shown to people, and
:meth:`LabelledEnum.parse` accepts a slug or a label, ignoring case, accents, apostrophe style and
surrounding spaces.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import ClassVar, Self

from afnor_ctin.errors import InvalidInputError

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

    Subclasses define ``__labels__``, a mapping from slug to label (kept out of the members).
    """

    __labels__: ClassVar[dict[str, str]]
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
            raise InvalidInputError(
                f"valeur « {text} » inconnue pour {cls.__doc_label__()} ; valeurs acceptées : {accepted}"
            )
        return member

    @classmethod
    def __doc_label__(cls) -> str:
        return cls.__name__


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "niveau de territoire"


class ActorType(LabelledEnum):
    """Structure typology of data·inclusion (``acteurs.csv``, column ``type``)."""

    ACI = "ACI"
    ACIPHC = "ACIPHC"
    AFPA = "AFPA"
    AI = "AI"
    ASE = "ASE"
    ASSO = "ASSO"
    ASSO_CHOMEUR = "ASSO_CHOMEUR"
    AVIP = "AVIP"
    AUTRE = "Autre"
    BIB = "BIB"
    CAARUD = "CAARUD"
    CADA = "CADA"
    CAF = "CAF"
    CAP_EMPLOI = "CAP_EMPLOI"
    CAVA = "CAVA"
    CC = "CC"
    CCAS = "CCAS"
    CCONS = "CCONS"
    CD = "CD"
    CDAS = "CDAS"
    CFP = "CFP"
    CHRS = "CHRS"
    CHU = "CHU"
    CIAS = "CIAS"
    CIDFF = "CIDFF"
    CITMET = "CITMET"
    CMP = "CMP"
    CMS = "CMS"
    CPAM = "CPAM"
    CPH = "CPH"
    CS = "CS"
    CSAPA = "CSAPA"
    CSC = "CSC"
    DEETS = "DEETS"
    DEPT = "DEPT"
    DIPLP = "DIPLP"
    E2C = "E2C"
    EA = "EA"
    EATT = "EATT"
    EI = "EI"
    EITI = "EITI"
    ENM = "ENM"
    EPCI = "EPCI"
    EPI = "EPI"
    EPIDE = "EPIDE"
    EPN = "EPN"
    ES = "ES"
    ESS = "ESS"
    ETABL_PRI = "ETABL_PRI"
    ETABL_PUB = "ETABL_PUB"
    ETAT = "ETAT"
    ETTI = "ETTI"
    EVS = "EVS"
    FABLAB = "FABLAB"
    FAIS = "FAIS"
    FT = "FT"
    GEIQ = "GEIQ"
    HUDA = "HUDA"
    LA_POSTE = "LA_POSTE"
    MDA = "MDA"
    MDE = "MDE"
    MDEF = "MDEF"
    MDPH = "MDPH"
    MDS = "MDS"
    MJC = "MJC"
    ML = "ML"
    MQ = "MQ"
    MSA = "MSA"
    MSAP = "MSAP"
    MUNI = "MUNI"
    OACAS = "OACAS"
    ODC = "ODC"
    OF = "OF"
    OIL = "OIL"
    OPCS = "OPCS"
    PAD = "PAD"
    PENSION = "PENSION"
    PI = "PI"
    PIJ_BIJ = "PIJ_BIJ"
    PIMMS = "PIMMS"
    PJJ = "PJJ"
    PLIE = "PLIE"
    PREF = "PREF"
    PREVENTION = "PREVENTION"
    REG = "REG"
    RESSOURCERIE = "RESSOURCERIE"
    RFS = "RFS"
    RS_FJT = "RS_FJT"
    SCP = "SCP"
    SPIP = "SPIP"
    TIERS_LIEUX = "TIERS_LIEUX"
    UDAF = "UDAF"

    __labels__: ClassVar[dict[str, str]] = {
        "ACI": "Structures porteuses d’ateliers et chantiers d’insertion (ACI)",
        "ACIPHC": "SIAE — Atelier chantier d’insertion premières heures en chantier",
        "AFPA": "Agence nationale pour la formation professionnelle des adultes (AFPA)",
        "AI": "Associations intermédiaires (AI)",
        "ASE": "Aide sociale à l’enfance (ASE)",
        "ASSO": "Associations",
        "ASSO_CHOMEUR": "Associations de chômeurs",
        "AVIP": "Crèche À Vocation d’Insertion Professionnelle (AVIP)",
        "Autre": "Autre",
        "BIB": "Bibliothèque / Médiathèque",
        "CAARUD": "CAARUD - Centre d’accueil et d’accompagnement à la réduction de risques pour usagers de drogues",
        "CADA": "Centres d’accueil de demandeurs d’asile (CADA)",
        "CAF": "Caisses d’allocation familiale (CAF)",
        "CAP_EMPLOI": "Cap Emploi",
        "CAVA": "Centres d’adaptation à la vie active (CAVA)",
        "CC": "Communautés de Commune",
        "CCAS": "Centres communaux d’action sociale (CCAS)",
        "CCONS": "Chambres consulaires (CCI, CMA, CA)",
        "CD": "Conseils Départementaux (CD)",
        "CDAS": "Centre Départementale d’Action Sociale (CDAS)",
        "CFP": "Centre des Finances Publiques (CFP)",
        "CHRS": "Centres d’hébergement et de réinsertion sociale (CHRS)",
        "CHU": "Centres d’hébergement d’urgence (CHU)",
        "CIAS": "Centres intercommunaux d’action sociale (CIAS)",
        "CIDFF": "Centres d’information sur les droits des femmes et des familles (CIDFF)",
        "CITMET": "Cité des métiers",
        "CMP": "Centre Médico-Psychologique (CMP)",
        "CMS": "Centre Médico-Social (CMS)",
        "CPAM": "Caisse Primaire d’Assurance Maladie (CPAM)",
        "CPH": "Centres provisoires d’hébergement (CPH)",
        "CS": "Centre social",
        "CSAPA": "CSAPA - Centre de soins, d’accompagnement et de prévention en addictologie",
        "CSC": "Centre Socio-Culturel (CSC)",
        "DEETS": "Directions de l’Economie, de l’Emploi, du Travail et des Solidarités (DEETS)",
        "DEPT": "Services sociaux du Conseil départemental",
        "DIPLP": "Délégation interministérielles à la prévention et à la lutte contre la pauvreté",
        "E2C": "E2C - École de la 2e chance",
        "EA": "Entreprise adaptée (EA)",
        "EATT": "Entreprise Adaptée (EATT)",
        "EI": "Entreprises d’insertion (EI)",
        "EITI": "Entreprises d’insertion par le travail indépendant (EITI)",
        "ENM": "Espace Numérique Mobile (ENM)",
        "EPCI": "Intercommunalité (EPCI)",
        "EPI": "Espace Public Internet (EPI)",
        "EPIDE": "EPIDE - Établissement pour l’insertion dans l’emploi",
        "EPN": "Espace Public Numérique (EPN)",
        "ES": "Épicerie Solidaire",
        "ESS": "Entreprise de l’Économie Sociale et Solidaire",
        "ETABL_PRI": "Établissement privé",
        "ETABL_PUB": "Établissement public",
        "ETAT": "Service de l’État",
        "ETTI": "Entreprises de travail temporaire d’insertion (ETTI)",
        "EVS": "Espace de Vie Sociale (EVS)",
        "FABLAB": "Fablab / Atelier partagé",
        "FAIS": "Fédérations d’acteurs de l’insertion et de la solidarité",
        "FT": "France Travail",
        "GEIQ": "Groupements d’employeurs pour l’insertion et la qualification (GEIQ)",
        "HUDA": "HUDA - Hébergement d’urgence pour demandeurs d’asile",
        "LA_POSTE": "Bureau de poste / Agence postale",
        "MDA": "Maison Départementale de l’Autonomie",
        "MDE": "Maison de l’emploi",
        "MDEF": "Maison de l’emploi et de la formation",
        "MDPH": "Maison Départementale des Personnes Handicapées",
        "MDS": "Maison Départementale des Solidarités",
        "MJC": "Maison des jeunes et de la culture",
        "ML": "Mission Locale",
        "MQ": "Maison de quartier",
        "MSA": "Mutualité Sociale Agricole",
        "MSAP": "Maison de Services Au Public (MSAP)",
        "MUNI": "Municipalités",
        "OACAS": "Structures agréées Organisme d’accueil communautaire et d’activité solidaire (OACAS)",
        "ODC": "Organisation délégataire d’un CD",
        "OF": "Organisme de formations",
        "OIL": "Opérateur d’intermédiation locative",
        "OPCS": "Organisation porteuse de la clause sociale",
        "PAD": "Point d’Accès au Droit",
        "PENSION": "Pension de famille / résidence accueil",
        "PI": "Point Information (PI)",
        "PIJ_BIJ": "Points et bureaux information jeunesse (PIJ/BIJ)",
        "PIMMS": "Point Information Médiation Multi Services (PIMMS)",
        "PJJ": "Protection judiciaire de la jeunesse (PJJ)",
        "PLIE": "Plans locaux pour l’insertion et l’emploi (PLIE)",
        "PREF": "Préfecture, Sous-Préfecture",
        "PREVENTION": "Service ou club de prévention",
        "REG": "Région",
        "RESSOURCERIE": "Ressourcerie",
        "RFS": "Réseau France Services",
        "RS_FJT": "Résidence sociale / FJT - Foyer de Jeunes Travailleurs",
        "SCP": "Services et clubs de prévention",
        "SPIP": "Services pénitentiaires d’insertion et de probation (SPIP)",
        "TIERS_LIEUX": "Tiers lieu & coworking",
        "UDAF": "Union Départementale d’Aide aux Familles (UDAF)",
    }

    @classmethod
    def __doc_label__(cls) -> str:
        return "type d'acteur"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "service"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "rôle"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "certification"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "type d'action"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "canal"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "thématique"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "sous-type"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "genre"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "tranche d'âge"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "statut"


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

    @classmethod
    def __doc_label__(cls) -> str:
        return "financeur"
