"""The structure typology of data·inclusion (``acteurs.csv``, column ``type``): 90 codes and their labels."""

from __future__ import annotations

from typing import ClassVar

from afnor_ctin.vocabulary import LabelledEnum

__all__ = ["ActorType"]


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

    __doc_label__: ClassVar[str] = "type d'acteur"
