"""The stable codes of every data-quality finding (:class:`~afnor_ctin.errors.Issue`), with their meaning.

One :class:`IssueCode` member per code the library can emit, whichever part emits it (native
reader, importers of the national exports, Parquet reader, evaluation); its value is the code
written in reports and its :attr:`~afnor_ctin.vocabulary.LabelledEnum.label` the French description
listed on the documentation's « codes » page. Re-exported by :mod:`afnor_ctin.errors`.

>>> IssueCode("reference_inconnue") is IssueCode.REFERENCE_INCONNUE
True
>>> IssueCode.VALEUR_MANQUANTE.label
'Une valeur obligatoire est vide.'
"""

from __future__ import annotations

from typing import ClassVar

from afnor_ctin.vocabulary import LabelledEnum

__all__ = ["IssueCode"]


class IssueCode(LabelledEnum):
    """Stable code of a data-quality finding; the label is its French description."""

    # Paths, files and encodings.
    CHEMIN_INTROUVABLE = "chemin_introuvable"
    FORMAT_INCONNU = "format_inconnu"
    FICHIER_INCONNU = "fichier_inconnu"
    FICHIER_ILLISIBLE = "fichier_illisible"
    FICHIER_BINAIRE = "fichier_binaire"
    FICHIER_VIDE = "fichier_vide"
    ENCODAGE_ILLISIBLE = "encodage_illisible"
    ENCODAGE_WINDOWS_1252 = "encodage_windows_1252"
    CSV_INVALIDE = "csv_invalide"
    LIMITE_DEPASSEE = "limite_depassee"
    CARACTERE_REMPLACE = "caractere_remplace"
    CLASSEUR_ILLISIBLE = "classeur_illisible"
    JSON_INVALIDE = "json_invalide"
    VERSION_NON_PRISE_EN_CHARGE = "version_non_prise_en_charge"
    PARQUET_INVALIDE = "parquet_invalide"
    # The territory.
    TERRITOIRE_MANQUANT = "territoire_manquant"
    TERRITOIRE_LIGNES = "territoire_lignes"
    TERRITOIRE_INVALIDE = "territoire_invalide"
    COMMUNE_HORS_TERRITOIRE = "commune_hors_territoire"
    HORS_TERRITOIRE = "hors_territoire"
    COMMUNE_INCONNUE = "commune_inconnue"
    TERRITOIRE_INCOHERENT = "territoire_incoherent"
    # Header and columns.
    COLONNE_MANQUANTE = "colonne_manquante"
    COLONNE_EN_DOUBLE = "colonne_en_double"
    COLONNE_SANS_NOM = "colonne_sans_nom"
    COLONNE_INCONNUE = "colonne_inconnue"
    COLONNE_PERSONNELLE_IGNOREE = "colonne_personnelle_ignoree"
    COLONNE_IGNOREE = "colonne_ignoree"
    COLONNES_EN_TROP = "colonnes_en_trop"
    NOMBRE_DE_CELLULES = "nombre_de_cellules"
    # Cells.
    VALEUR_MANQUANTE = "valeur_manquante"
    VALEUR_INCONNUE = "valeur_inconnue"
    VALEUR_NON_RECONNUE = "valeur_non_reconnue"
    DATE_INVALIDE = "date_invalide"
    DATE_IMPROBABLE = "date_improbable"
    DUREE_INVALIDE = "duree_invalide"
    NOMBRE_INVALIDE = "nombre_invalide"
    BOOLEEN_INVALIDE = "booleen_invalide"
    VALEUR_HORS_LIMITES = "valeur_hors_limites"
    FORMAT_INVALIDE = "format_invalide"
    VALEUR_REPETEE = "valeur_repetee"
    VALEUR_IGNOREE = "valeur_ignoree"
    # Rules of the model, between rows and between files.
    VALEUR_INVALIDE = "valeur_invalide"
    LIGNE_REJETEE = "ligne_rejetee"
    IDENTIFIANT_EN_DOUBLE = "identifiant_en_double"
    REFERENCE_INCONNUE = "reference_inconnue"
    REFERENCE_REJETEE = "reference_rejetee"
    PARTICIPATION_HORS_ACCOMPAGNEMENT = "participation_hors_accompagnement"
    PARTICIPATION_EN_DOUBLE = "participation_en_double"
    PARTICIPATIONS_EN_EXCES = "participations_en_exces"
    # The commune of an imported row (resolution in the reference data).
    CODE_INSEE_COMPLETE = "code_insee_complete"
    COMMUNE_PAR_ARRONDISSEMENT = "commune_par_arrondissement"
    COMMUNE_ANCIENNE = "commune_ancienne"
    COMMUNE_PAR_CODE_POSTAL_NOM = "commune_par_code_postal_nom"
    COMMUNE_PAR_NOM_DEPARTEMENT = "commune_par_nom_departement"
    COMMUNE_PAR_ANCIEN_NOM = "commune_par_ancien_nom"
    COMMUNE_UNIQUE_CODE_POSTAL = "commune_unique_code_postal"
    COMMUNE_PAR_ADRESSE = "commune_par_adresse"
    COMMUNE_PAR_COORDONNEES = "commune_par_coordonnees"
    COMMUNE_PAR_NOM_STRUCTURE = "commune_par_nom_structure"
    COMMUNE_A_VERIFIER = "commune_a_verifier"
    COMMUNE_NON_RENSEIGNEE = "commune_non_renseignee"
    COMMUNE_INTROUVABLE = "commune_introuvable"
    COMMUNE_AMBIGUE = "commune_ambigue"
    COMMUNE_HORS_COG = "commune_hors_cog"
    # Importing the national exports.
    DOUBLON = "doublon"
    CONFLIT = "conflit"
    LIEU_INCONNU = "lieu_inconnu"
    ACTEUR_DEDUIT = "acteur_deduit"
    PIVOT_NON_RECONNU = "pivot_non_reconnu"
    ACTIVITE_SUPPRIMEE = "activite_supprimee"
    ACCOMPAGNEMENTS_MULTIPLES = "accompagnements_multiples"
    PARTICIPANTS_INCOHERENTS = "participants_incoherents"
    EFFECTIFS_INCOHERENTS = "effectifs_incoherents"
    LIEUX_A_COMPLETER = "lieux_a_completer"
    CLE_PSEUDONYMES_ALEATOIRE = "cle_pseudonymes_aleatoire"
    GENERATION_FORCEE = "generation_forcee"
    HORS_CHAMP = "hors_champ"
    STRUCTURE_INCONNUE = "structure_inconnue"
    SERVICES_SANS_STRUCTURES = "services_sans_structures"
    ANTENNE_RATTACHEE = "antenne_rattachee"
    ESTIMATION = "estimation"
    LIEU_FUSIONNE = "lieu_fusionne"
    SCORE_IFN = "score_ifn"
    # Evaluation.
    ACTEUR_NON_LOCALISE = "acteur_non_localise"

    __labels__: ClassVar[dict[str, str]] = {
        "chemin_introuvable": "Le chemin indiqué n'existe pas ou n'est pas lisible.",
        "format_inconnu": "Le chemin n'est ni un dossier de fichiers CSV, ni un classeur .xlsx, ni un fichier .json.",
        "fichier_inconnu": "Fichier, feuille ou clé qui ne fait pas partie du format : ignoré.",
        "fichier_illisible": "Le fichier ne peut pas être lu, ou c'est un export de format non reconnu : aucune "
        "ligne n'en est chargée.",
        "fichier_binaire": "Le fichier contient des octets nuls : ce n'est pas un fichier texte CSV.",
        "fichier_vide": "Le fichier ne contient pas de ligne d'en-tête.",
        "encodage_illisible": "Le fichier n'est ni en UTF-8 ni en Windows-1252 (ou pas dans l'encodage demandé).",
        "encodage_windows_1252": "Le fichier n'est pas en UTF-8 : il a été lu en Windows-1252.",
        "csv_invalide": "Ligne qui n'est pas du CSV valide (guillemet non fermé…) : rejetée, les suivantes sont lues.",
        "caractere_remplace": "Caractère nul (supprimé) ou demi-paire de substitution isolée (remplacée par "
        "« \ufffd ») : il ne pourrait pas être écrit.",
        "limite_depassee": "Fichier, ligne ou cellule au-delà d'une limite documentée (longueur d'une cellule, "
        "nombre de colonnes ou de lignes, taille, profondeur JSON…) : rejeté, sans lecture complète.",
        "classeur_illisible": "Le classeur XLSX est endommagé ou n'est pas un classeur.",
        "json_invalide": "Le document JSON est illisible ou n'a pas la forme attendue.",
        "version_non_prise_en_charge": "Version du document JSON non prise en charge.",
        "parquet_invalide": "Dossier Parquet incomplet ou illisible (fichier, colonne ou version de format) : "
        "aucun jeu de données n'en est construit.",
        "territoire_manquant": "Le fichier territoire.csv (ou la feuille territoire) est absent.",
        "territoire_lignes": "Le fichier territoire.csv doit contenir exactement une ligne.",
        "territoire_invalide": "Le territoire ne peut pas être construit (code inconnu, communes absentes…).",
        "commune_hors_territoire": "Le QPV est situé dans une commune absente de communes.csv.",
        "hors_territoire": "Ligne (action, lieu) située dans une commune du COG qui n'est pas une commune du "
        "territoire : chargée, mais comptée dans aucun chiffre par commune du territoire ; à vérifier.",
        "commune_inconnue": "Code commune bien formé mais absent du code officiel géographique (99999…) : la ligne est "
        "chargée, sa commune n'est rattachée à aucun territoire ; corrigez le code.",
        "territoire_incoherent": "Le nom du territoire ne correspond pas à son code (SIREN ou département) : le "
        "territoire évalué est celui du code, dont le nom figure dans le message.",
        "colonne_manquante": "Une colonne obligatoire est absente : aucune ligne du fichier n'est chargée.",
        "colonne_en_double": "Le même nom de colonne apparaît plusieurs fois : seule la première est lue.",
        "colonne_sans_nom": "Une colonne n'a pas de nom dans l'en-tête : elle est ignorée.",
        "colonne_inconnue": "Colonne qui ne fait pas partie du format : ignorée.",
        "colonne_personnelle_ignoree": "Colonne de données personnelles : jamais lue, ses valeurs sont ignorées.",
        "colonne_ignoree": "Colonne d'un export volontairement non importée (notes libres, données personnelles).",
        "colonnes_en_trop": "Ligne d'un export plus longue que l'en-tête : les cellules en trop sont ignorées.",
        "nombre_de_cellules": "La ligne a plus de cellules remplies que l'en-tête n'a de colonnes.",
        "valeur_manquante": "Une valeur obligatoire est vide.",
        "valeur_inconnue": "Valeur qui ne figure pas dans la liste des valeurs acceptées.",
        "valeur_non_reconnue": "Valeur d'une liste (type, thématique, canal…) d'un export qu'aucune table de "
        "correspondance ne reconnaît : conservée telle quelle dans non_reconnus.csv, jamais devinée.",
        "date_invalide": "Date illisible (AAAA-MM-JJ ou JJ/MM/AAAA attendu) : la ligne est rejetée, ou la date "
        "ignorée quand le message le dit.",
        "date_improbable": "Date dont l'année est hors de 1900–2099 (faute de frappe probable, comme 0024 ou 2204) : "
        "la ligne est rejetée.",
        "duree_invalide": "Durée illisible dans un export : ignorée (l'action est importée sans durée).",
        "nombre_invalide": "Nombre illisible, négatif ou non entier là où un entier est attendu (dans un export, un "
        "effectif, un nombre d'aidants ou un montant illisible est ignoré, comme le dit le message).",
        "booleen_invalide": "Booléen illisible (oui/non, vrai/faux, true/false, 1/0 attendu).",
        "valeur_hors_limites": "Nombre trop grand pour être plausible.",
        "format_invalide": "Code mal formé (code INSEE, code QPV, SIRET).",
        "valeur_repetee": "La même valeur apparaît deux fois dans une cellule à valeurs multiples.",
        "valeur_invalide": "La ligne enfreint une règle du modèle (dates incohérentes, ETP hors bornes, action sans "
        "lieu ni commune…) : elle est rejetée.",
        "ligne_rejetee": "Ligne d'un export rejetée (raison dans le message) : identifiant, date, type ou commune "
        "manquant ou illisible.",
        "identifiant_en_double": "Identifiant déjà utilisé plus haut dans le même fichier.",
        "reference_inconnue": "Référence à un identifiant absent du fichier visé.",
        "reference_rejetee": "Ligne rejetée parce que la ligne à laquelle elle renvoie (son acteur, son lieu, son "
        "action…) a été rejetée : la cause est signalée sur cette ligne-là, et le rejet est compté sous cette cause.",
        "participation_hors_accompagnement": "Participation à une action qui n'est pas un accompagnement.",
        "participation_en_double": "Le bénéficiaire figure déjà pour cette action.",
        "participations_en_exces": "Plus de lignes de participation que de participants pour l'action.",
        "doublon": "Enregistrement déjà importé (même identifiant source) : fusionné, non dupliqué.",
        "conflit": "Même enregistrement décrit différemment par deux sources : la première description est conservée "
        "et les différences sont listées.",
        "lieu_inconnu": "Activité dont le lieu n'est dans aucun fichier importé : rattachée à sa seule commune, ou "
        "rejetée si la commune manque aussi.",
        "acteur_deduit": "La structure porteuse n'est pas dans l'export : un acteur de type « Autre » est créé.",
        "pivot_non_reconnu": "Pivot ni SIRET ni RNA : l'acteur est identifié par le lieu.",
        "activite_supprimee": "Activité supprimée sur la plateforme : non importée.",
        "accompagnements_multiples": "Plusieurs lignes pour un accompagnement individuel (même ID CRA).",
        "participants_incoherents": "Nombre de lignes d'une activité différent du nombre de participants annoncé.",
        "effectifs_incoherents": "Somme des effectifs par âge ou par statut différente du nombre de participants.",
        "lieux_a_completer": "L'export ne décrit pas les lieux d'activité : à importer depuis le fichier des lieux.",
        "cle_pseudonymes_aleatoire": "Aucune clé de pseudonymisation fournie : identifiants valables pour cet "
        "import seulement.",
        "acteur_non_localise": "Acteur sans code INSEE ni lieu : ses financements et son rôle dans la gouvernance ne "
        "sont rattachés à aucun territoire (I01, I10, I11).",
        "valeur_ignoree": "Valeur illisible d'une colonne facultative (coordonnées, oui/non) : ignorée, la ligne est "
        "importée.",
        "code_insee_complete": "Code commune à 4 chiffres : le zéro initial perdu (tableur, nombre JSON) est rétabli.",
        "commune_par_arrondissement": "Code ou nom d'un arrondissement municipal (Paris, Lyon, Marseille) : la ligne "
        "est rattachée à la commune entière.",
        "commune_ancienne": "Ancien code INSEE (commune fusionnée ou renumérotée) : remplacé par celui de la commune "
        "actuelle d'après l'historique du COG.",
        "commune_par_code_postal_nom": "Commune retrouvée par le couple code postal et nom dans la base de La Poste "
        "(nom, libellé d'acheminement ou ligne 5) : règle et valeurs dans le message.",
        "commune_par_nom_departement": "Commune retrouvée par son nom parmi les communes du département du code "
        "postal ou de la ligne : règle et valeurs dans le message.",
        "commune_par_ancien_nom": "Commune retrouvée par un ancien nom ou un lieu-dit (historique du COG, ligne 5 de "
        "La Poste) : à vérifier dans le message.",
        "commune_unique_code_postal": "Commune déduite du code postal, qui ne dessert qu'elle (nom absent ou non "
        "reconnu) : à vérifier dans le message.",
        "commune_par_adresse": "Commune nommée à la fin de l'adresse (après le code postal ou un séparateur) : à "
        "vérifier dans le message.",
        "commune_par_coordonnees": "Commune dont le contour contient les coordonnées de la ligne, faute d'autre "
        "indication : à vérifier dans le message.",
        "commune_par_nom_structure": "Seule commune du code postal nommée dans le nom du lieu ou de la structure "
        "(« CCAS de Roanne »), faute d'autre indication : à vérifier dans le message.",
        "commune_a_verifier": "Commune retenue malgré une incohérence (code INSEE contredit par le nom et le code "
        "postal, nom non reconnu, code postal qui ne la dessert pas) : les deux valeurs sont dans le message.",
        "commune_non_renseignee": "Ni code INSEE, ni nom, ni code postal, ni coordonnées : la ligne est rejetée.",
        "commune_introuvable": "Aucune commune ne correspond au code, au nom et au code postal donnés : la ligne est "
        "rejetée, ou gardée sans commune comme le dit le message.",
        "commune_ambigue": "Plusieurs communes conviennent (code postal partagé sans nom, nom porté par plusieurs "
        "communes) : elles sont listées dans le message ; la ligne est rejetée, ou gardée sans commune (structure "
        "Aidants Connect, à compléter dans acteurs.csv) comme le dit le message.",
        "commune_hors_cog": "Lieu situé hors du code officiel géographique (collectivité d'outre-mer, Monaco) : la "
        "ligne est rejetée, ou gardée sans commune comme le dit le message.",
        "generation_forcee": "Génération du format imposée par l'appelant : le vocabulaire du fichier n'a pas été "
        "consulté.",
        "hors_champ": "Ligne hors du champ de l'inclusion numérique (service sans thématique numérique, territoire "
        "autre qu'une commune) : non importée, comptée parmi les rejets.",
        "structure_inconnue": "Service data·inclusion dont la structure n'est dans aucun fichier importé : importer "
        "aussi le fichier des structures.",
        "services_sans_structures": "Fichier de services data·inclusion lu seul : les services ne se rattachent "
        "qu'aux structures d'un fichier importé avec lui.",
        "antenne_rattachee": "Antenne France Services rattachée à son site principal (même acteur), selon la règle "
        "nommée dans le message.",
        "estimation": "Montant ou date estimés par la source ou par une convention documentée : marqués dans "
        "annotations.csv.",
        "lieu_fusionne": "Même lieu décrit par plusieurs fichiers (règle dans le message) : un seul lieu est gardé, "
        "la fusion est écrite dans fusions.csv.",
        "score_ifn": "Scores de l'indice de fragilité numérique appliqués aux communes du territoire.",
    }

    __doc_label__: ClassVar[str] = "code de signalement"
