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
    CLASSEUR_ILLISIBLE = "classeur_illisible"
    JSON_INVALIDE = "json_invalide"
    VERSION_NON_PRISE_EN_CHARGE = "version_non_prise_en_charge"
    PARQUET_INVALIDE = "parquet_invalide"
    # The territory.
    TERRITOIRE_MANQUANT = "territoire_manquant"
    TERRITOIRE_LIGNES = "territoire_lignes"
    TERRITOIRE_INVALIDE = "territoire_invalide"
    COMMUNE_HORS_TERRITOIRE = "commune_hors_territoire"
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
    DUREE_INVALIDE = "duree_invalide"
    NOMBRE_INVALIDE = "nombre_invalide"
    BOOLEEN_INVALIDE = "booleen_invalide"
    VALEUR_HORS_LIMITES = "valeur_hors_limites"
    FORMAT_INVALIDE = "format_invalide"
    VALEUR_REPETEE = "valeur_repetee"
    # Rules of the model, between rows and between files.
    VALEUR_INVALIDE = "valeur_invalide"
    LIGNE_REJETEE = "ligne_rejetee"
    IDENTIFIANT_EN_DOUBLE = "identifiant_en_double"
    REFERENCE_INCONNUE = "reference_inconnue"
    PARTICIPATION_HORS_ACCOMPAGNEMENT = "participation_hors_accompagnement"
    PARTICIPATION_EN_DOUBLE = "participation_en_double"
    PARTICIPATIONS_EN_EXCES = "participations_en_exces"
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
        "csv_invalide": "Le contenu n'est pas un CSV valide (guillemets non fermés…) : la lecture s'arrête là.",
        "classeur_illisible": "Le classeur XLSX est endommagé ou n'est pas un classeur.",
        "json_invalide": "Le document JSON est illisible ou n'a pas la forme attendue.",
        "version_non_prise_en_charge": "Version du document JSON non prise en charge.",
        "parquet_invalide": "Dossier Parquet incomplet ou illisible (fichier, colonne ou version de format) : "
        "aucun jeu de données n'en est construit.",
        "territoire_manquant": "Le fichier territoire.csv (ou la feuille territoire) est absent.",
        "territoire_lignes": "Le fichier territoire.csv doit contenir exactement une ligne.",
        "territoire_invalide": "Le territoire ne peut pas être construit (code inconnu, communes absentes…).",
        "commune_hors_territoire": "Le QPV est situé dans une commune absente de communes.csv.",
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
        "duree_invalide": "Durée illisible dans un export : ignorée (l'action est importée sans durée).",
        "nombre_invalide": "Nombre illisible, négatif ou non entier là où un entier est attendu (dans une colonne "
        "d'effectifs d'un export, la valeur est ignorée).",
        "booleen_invalide": "Booléen illisible (oui/non, vrai/faux, true/false, 1/0 attendu).",
        "valeur_hors_limites": "Nombre trop grand pour être plausible.",
        "format_invalide": "Code mal formé (code INSEE, code QPV, SIRET).",
        "valeur_repetee": "La même valeur apparaît deux fois dans une cellule à valeurs multiples.",
        "valeur_invalide": "La ligne enfreint une règle du modèle (dates incohérentes, ETP hors bornes, action sans "
        "lieu ni commune…) : elle est rejetée.",
        "ligne_rejetee": "Ligne d'un export rejetée (raison dans le message) : identifiant, date, type ou commune "
        "manquant ou illisible.",
        "identifiant_en_double": "Identifiant déjà utilisé plus haut dans le même fichier.",
        "reference_inconnue": "Référence à un identifiant absent (ou rejeté) du fichier visé.",
        "participation_hors_accompagnement": "Participation à une action qui n'est pas un accompagnement.",
        "participation_en_double": "Le bénéficiaire figure déjà pour cette action.",
        "participations_en_exces": "Plus de lignes de participation que de participants pour l'action.",
        "doublon": "Enregistrement déjà importé (même identifiant source) : fusionné, non dupliqué.",
        "conflit": "Même enregistrement décrit différemment par deux sources : la première description est conservée.",
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
    }

    __doc_label__: ClassVar[str] = "code de signalement"
