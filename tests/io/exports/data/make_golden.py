# ruff: noqa: E501
"""Write the golden export files of this folder (run once; the files are committed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl

from afnor_ctin.io.exports.coop import EXPORT_HEADER

HERE = Path(__file__).parent

LIEUX_V1 = (
    '"id","pivot","nom","commune","code_postal","code_insee","adresse","complement_adresse","latitude","longitude",'
    '"typologie","telephone","courriels","site_web","horaires","presentation_resume","presentation_detail","source",'
    '"itinerance","structure_parente","date_maj","services","publics_specifiquement_adresses",'
    '"prise_en_charge_specifique","frais_a_charge","dispositif_programmes_nationaux",formations_labels,'
    'autres_formations_labels,modalites_acces,modalites_accompagnement,"fiche_acces_libre","prise_rdv"\n'
    '"lieu-1","21170300400017","Médiathèque Michel-Crépeau","La Rochelle","17000","17300","Avenue Michel Crépeau","",'
    '"46.16","-1.15","BIB|FABRIQUE","+33546000000","contact@example.org","","Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",'
    '"","","Hub","Fixe","Ville de La Rochelle","2024-04-02","Aide aux démarches administratives|Comprehension du monde '
    'numérique|Cours de cuisine","","","Gratuit","","","","","","",""\n'
    '"lieu-2","21170300400017","Bus numérique","La Rochelle","17000","","Place de Verdun","","","","BIB","","","","","",'
    '"","Hub","Itinérant|Fixe","Ville de La Rochelle","2024-05-10","Maîtrise des outils numériques du quotidien","","",'
    '"","","","","","","",""\n'
    '"lieu-3","00000000000000","Espace numérique Paris 12","Paris","75012","75112","1 rue X","","","","ASSO","","","",'
    '"","","","Coop","","","2024-06-01","","","","","","","","","","",""\n'
    '"lieu-4","W123456789","Lieu sans commune","Nulle-Part","99999","","","","","","","","","","","","","Coop","",'
    '"","2024-06-01","","","","","","","","","","",""\n'
)

LIEUX_V0 = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,cle_ban,typologie,"
    "telephone,courriel,site_web,horaires,presentation_resume,presentation_detail,source,structure_parente,date_maj,"
    "services,publics_accueillis,conditions_acces,labels_nationaux,labels_autres,modalites_accompagnement,"
    "accessibilite,prise_rdv\n"
    "v0-1,12345678901234,Centre social Vent des Îles,La Rochelle,17000,17300,1 rue A,,,,,CS;MQ,,,,,,,Hub,,2022-11-14,"
    '"Prendre en main un ordinateur;Accéder à du matériel;Réaliser des démarches administratives avec un '
    'accompagnement",Adultes,,,,,,\n'
)


def coop_current() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Activités"
    for row in (
        ["Informations export"],
        ["Nom", "Durand"],
        ["Prénom", "Camille"],
        ["Rôle", "Coordinateur"],
        ["Total", 5],
        [],
        ["Filtres"],
        ["Période", "Toutes"],
        [],
    ):
        ws.append(row)
    header = list(EXPORT_HEADER)
    ws.append(header)
    d1 = dt.datetime(2025, 9, 2)
    common = ["01/09/2025 à 10:00", "", "Alex", "Martin", "Conseiller Numérique", True]
    place = ["Lieu d’activité", "Médiathèque Michel-Crépeau", "Avenue Michel Crépeau", "La Rochelle", "17000", "17300"]
    them = "Navigation sur internet\nE-mail"
    for i, (g, a, s) in enumerate(
        [
            ("Féminin", "Mineur", "Scolarisé"),
            ("Masculin", "70 ans et plus", "Retraité"),
            ("Non communiqué", "Non communiqué", "Non communiqué ou hétérogène"),
        ],
        start=1,
    ):
        ws.append(
            [
                d1,
                *common,
                "Atelier collectif",
                f"{i}/3",
                *place,
                90,
                "Découvrir internet",
                "Ordinateur",
                them,
                "",
                "",
                "1/3",
                "",
                "",
                "La Rochelle",
                "17000",
                "17300",
                g,
                a,
                s,
                "La Coop (V2)",
                "cra-atelier",
            ]
        )
    ws.append(
        [
            dt.datetime(2025, 9, 3),
            *common,
            "Accompagnement individuel",
            1,
            "À domicile",
            "",
            "",
            "Aytré",
            "17440",
            "17028",
            45,
            "",
            "Téléphone",
            "Santé\nThématique inventée",
            "",
            "",
            "2/3",
            "Non",
            "",
            "Paris 12e",
            "75012",
            "75112",
            "Féminin",
            "40 - 59 ans",
            "En emploi",
            "La Coop (V2)",
            "cra-indiv",
        ]
    )
    ws.append(
        [
            dt.datetime(2025, 9, 4),
            *common,
            "Aide aux démarches administratives",
            1,
            "À distance",
            "",
            "",
            "",
            "",
            "17300",
            30,
            "",
            "",
            "",
            "",
            "CAF",
            "",
            "",
            "",
            "",
            "",
            "",
            "Masculin",
            "25 - 39 ans",
            "Sans emploi",
            "La Coop (V2)",
            "cra-demarche",
        ]
    )
    ws.append(
        [
            dt.datetime(2025, 9, 5),
            *common,
            "Type inconnu",
            1,
            "À distance",
            "",
            "",
            "",
            "",
            "17300",
            30,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Masculin",
            "25 - 39 ans",
            "Sans emploi",
            "",
            "cra-bad-type",
        ]
    )
    ws.append(
        [
            None,
            *common,
            "Accompagnement individuel",
            1,
            "À distance",
            "",
            "",
            "",
            "",
            "17300",
            30,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Masculin",
            "25 - 39 ans",
            "Sans emploi",
            "",
            "cra-no-date",
        ]
    )
    return wb


def coop_old(generation: str) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Activités"
    ws.append(["Export des activités"])
    ws.append([])
    if generation == "2025-05":
        header = [
            "Date",
            "Type",
            "Nombre de participants",
            "Bénéficiaire",
            "Canaux d’accompagnement",
            "Lieu",
            "Durée (min)",
            "Nom de l’atelier",
            "Matériel numérique utilisé",
            "Thématique(s) d’accompagnement",
            "Tags",
            "Nom de la démarche administrative",
            "Niveau d’autonomie (ou de l’atelier)",
            "Bénéficiaire réorienté",
            "Structure de redirection",
            "Commune de résidence du bénéficiaire",
            "Genre du bénéficiaire",
            "Tranche d’âge du bénéficiaire",
            "Statut du bénéficiaire",
            "Notes supplémentaires",
        ]
        rows = [
            [
                dt.datetime(2025, 6, 2),
                "Atelier collectif",
                6,
                "",
                "Lieu d’activité",
                "Médiathèque 17000",
                120,
                "IA",
                "",
                "Intelligence artificielle (IA)",
                "",
                "",
                "2/3",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                dt.datetime(2025, 6, 3),
                "Accompagnement individuel",
                1,
                "Jeanne Dupont",
                "À domicile",
                "Aytré 17440",
                30,
                "",
                "",
                "Bureautique",
                "",
                "",
                "Autonome",
                "Non",
                "",
                "Aytré 17440",
                "Féminin",
                "60 - 69 ans",
                "Retraité",
                "Notes confidentielles",
            ],
        ]
    else:
        header = [
            "Date",
            "Type",
            "Nombre de participants",
            "Bénéficiaire",
            "Canaux d’accompagnement",
            "Lieu",
            "Durée (min)",
            "Nom de l’atelier",
            "Matériel numérique utilisé",
            "Thématique(s) d’accompagnement",
            "Nom de la démarche administrative",
            "Niveau d’autonomie du bénéficiaire",
            "Niveau de l’atelier",
            "Le bénéficiaire est-il orienté vers une autre structure ?",
            "La démarche est-elle finalisée ?",
            "Structure de redirection",
        ]
        if generation == "2024-09":
            header.append("Le bénéficiaire va-t-il poursuivre son parcours d’accompagnement ?")
        header += [
            "Commune de résidence du bénéficiaire",
            "Genre du bénéficiaire",
            "Tranche d’âge du bénéficiaire",
            "Statut du bénéficiaire",
            "Notes supplémentaires",
        ]
        extra = [""] if generation == "2024-09" else []
        rows = [
            [
                "15/10/2024",
                "Aide aux démarches administratives",
                1,
                "Bénéficiaire anonyme",
                "Autre lieu",
                "Lagord 17140",
                45,
                "",
                "",
                "Logement",
                "CAF",
                "L’usager a été entièrement accompagné",
                "",
                "Non",
                "Oui",
                "",
                *extra,
                "",
                "Masculin",
                "Mineur",
                "Scolarisé",
                "",
            ],
            [
                "16/10/2024",
                "Atelier collectif",
                4,
                "",
                "Lieu d’activité",
                "Médiathèque sans code",
                60,
                "Smartphone",
                "",
                "Prendre en main du matériel",
                "",
                "",
                "Débutant",
                "",
                "",
                "",
                *extra,
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    ws.append(header)
    for r in rows:
        ws.append(r)
    return wb


def cra_xlsx() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CRA"
    header = [
        "Date Accompagnement",
        "Date Création",
        "Commune",
        "Code Commune",
        "Code Postal",
        "Département",
        "Région",
        "Lieu d'activité",
        "Type lieu d'activité",
        "SIRET",
        "Canal",
        "Type d'activité",
        "Durée (min)",
        "Nb Participants",
        "Nb Participants Récurrents",
        "Nb poursuivi individuel",
        "Nb poursuivi atelier",
        "Nb redirection",
        "Structures de redirection",
        "Statut Emploi",
        "Statut Étudiant",
        "Statut Retraité",
        "Statut Sans Emploi",
        "Statut Hétérogène",
        "Âge <12 ans",
        "Âge 12-17 ans",
        "Âge 18-35 ans",
        "Âge 35-60 ans",
        "Âge >60 ans",
        "Thèmes",
        "Annotation",
        "Sous-Thèmes Informatique",
        "Sous-Thèmes Accompagner",
        "Sous-Thèmes Santé",
        "Sous-Thèmes Bureautique",
        "ID interne",
    ]
    ws.append(header)
    ws.append(
        [
            dt.datetime(2022, 3, 1),
            dt.datetime(2022, 3, 1),
            "La Rochelle",
            "17300",
            "17000",
            "17",
            "75",
            "Médiathèque",
            "",
            "21170300400017",
            "rattachement",
            "collectif",
            120,
            5,
            2,
            0,
            0,
            0,
            "",
            1,
            0,
            3,
            1,
            0,
            0,
            0,
            1,
            1,
            3,
            "Prendre en main du matériel\nCourriels",
            "Annotation libre",
            "",
            "",
            "",
            "",
            "xlsx-1",
        ]
    )
    ws.append(
        [
            dt.datetime(2022, 3, 2),
            dt.datetime(2022, 3, 2),
            "La Rochelle",
            "17300",
            "17000",
            "17",
            "75",
            "",
            "",
            "",
            "distance",
            "ponctuel",
            30,
            1,
            0,
            0,
            0,
            0,
            "",
            0,
            0,
            1,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            "autre",
            "",
            "",
            "",
            "",
            "",
            "xlsx-2",
        ]
    )
    return wb


CRA_CSV_HEADER = (
    "id,imported_at,v1_conseiller_numerique_id,canal,activite,nb_participants,nb_participants_recurrents,"
    "age_moins_12_ans,age_de_12_a_18_ans,age_de_18_a_35_ans,age_de_35_a_60_ans,age_plus_60_ans,statut_etudiant,"
    "statut_sans_emploi,statut_en_emploi,statut_retraite,statut_heterogene,themes,sous_themes_equipement_informatique,"
    "sous_themes_sante,sous_themes_accompagner,sous_themes_traitement_texte,duree,duree_minutes,"
    "accompagnement_individuel,accompagnement_atelier,accompagnement_redirection,code_postal,nom_commune,"
    "date_accompagnement,code_commune,organismes,annotation,created_at,updated_at,structure_id,structure_id_pg,"
    "structure_type,structure_statut,structure_nom,structure_siret,structure_code_postal,structure_nom_commune,"
    "structure_code_commune,structure_code_departement,structure_code_region\n"
)
_NULLS = ",null" * 24
CRA_CSV = CRA_CSV_HEADER + (
    "61a0000000000000000000a1,2024-11-01 10:00:00.000,cn-1,rattachement,individuel,1,0,0,0,0,1,0,0,0,1,0,0,"
    '"{equipement informatique,internet}",{},{},{},{},0-30,15,0,0,0,17000,La Rochelle,2021-12-01 00:00:00.000,'
    '17300,"{""Mairie"": 1}",null,2021-12-01 10:00:00.000,null,s1,1,COMMUNE,VALIDATION_COSELEC,Ville de La Rochelle,'
    f"21170300400017,17000,La Rochelle,17300,17,75{_NULLS}\n"
    "61a0000000000000000000a2,2024-11-01 10:00:00.000,cn-1,distance,collectif,4,null,0,0,1,1,1,0,1,1,1,0,"
    '"{securite,fraude et harcelement,autre}",{},{},{},{},30-60,null,0,0,0,01500,Ambérieu-en-Bugey,'
    "2022-01-10 00:00:00.000,1004,null,null,2022-01-10 10:00:00.000,null,s2,2,PRIVATE,VALIDATION_COSELEC,null,null,"
    f"null,null,null,null,null{_NULLS}\n"
    "61a0000000000000000000a3,2024-11-01 10:00:00.000,cn-2,domicile,inconnu,1,0,0,0,0,1,0,0,0,1,0,0,{sante},{},{},{},"
    "{},60,60,0,0,0,17000,La Rochelle,2022-02-01 00:00:00.000,17300,null,null,2022-02-01 10:00:00.000,null,null,null,"
    f"null,null,null,null,null,null,null,null,null{_NULLS}\n"
)

CRA_JSON = {
    "data": [
        {
            "type": "craV1",
            "id": "json-1",
            "attributes": {
                "conseiller_numerique_id": "cn-9",
                "canal": "autre lieu",
                "activite": "ponctuel",
                "nb_participants": 2,
                "age_moins_12_ans": 0,
                "age_de_12_a_18_ans": 0,
                "age_de_18_a_35_ans": 2,
                "age_de_35_a_60_ans": 0,
                "age_plus_60_ans": 0,
                "statut_etudiant": 0,
                "statut_sans_emploi": 2,
                "statut_en_emploi": 0,
                "statut_retraite": 0,
                "statut_heterogene": 0,
                "themes": ["demarche en ligne", "smartphone"],
                "duree": "30-60",
                "duree_minutes": 45,
                "code_postal": "13008",
                "nom_commune": "Marseille 8e",
                "code_commune": "13208",
                "date_accompagnement": "2023-05-04T00:00:00.000Z",
            },
        }
    ],
    "links": {},
    "meta": {},
}


def coop_api(page: int) -> dict[str, object]:
    def item(id: str, date: str, type: str, **extra: object) -> dict[str, object]:
        attrs = {
            "type": type,
            "mediateur_id": "m-uuid-1",
            "accompagnements": 1,
            "date": date,
            "duree": 60,
            "type_lieu": "domicile",
            "structure_id": None,
            "lieu_code_postal": "17000",
            "lieu_commune": "La Rochelle",
            "lieu_code_insee": "17300",
            "creation": f"{date}T10:00:00Z",
            "modification": f"{date}T10:00:00Z",
            "suppression": None,
            "materiel": [],
            "thematiques": ["email"],
            "tags": [],
            "beneficiaires": {
                "total": 1,
                "genres": {"masculin": 0, "feminin": 1, "non_communique": 0},
                "tranches_age": {"soixante_dix_plus": 1},
                "statuts": {"retraite": 1},
            },
        }
        attrs.update(extra)
        return {"type": "activite", "id": id, "attributes": attrs, "relationships": {}}

    if page == 1:
        data = [
            item("api-1", "2025-03-01", "individuel"),
            item(
                "api-2",
                "2025-03-02",
                "collectif",
                accompagnements=8,
                type_lieu="lieu_activite",
                structure_id="lieu-1",
                thematiques=["culture_numerique", "nouvelle_thematique"],
                beneficiaires={"total": 8},
            ),
            item("api-3", "2025-03-03", "demarche_administrative", thematiques=[]),
        ]
    else:
        data = [
            item("api-3", "2025-03-03", "demarche_administrative", thematiques=[]),
            item("api-4", "2025-03-04", "individuel", suppression="2025-03-05T00:00:00Z"),
        ]
    return {"data": data, "links": {"next": None}, "meta": {"total_count": 4}}


DI_V0 = [
    {
        "source": "dora",
        "id": "dora--s1",
        "nom": "CCAS de Lagord",
        "siret": "26170176900015",
        "rna": None,
        "typologie": "CCAS",
        "labels_nationaux": ["conseiller-numerique"],
        "antenne": False,
        "commune": "Lagord",
        "code_postal": "17140",
        "code_insee": "17200",
        "adresse": "1 place de la Mairie",
        "date_maj": "2024-01-02",
        "telephone": "0546000000",
        "courriel": "x@example.org",
    },
    {
        "source": "dora",
        "id": "dora--s2",
        "nom": "Fabrique de Périgny",
        "siret": None,
        "rna": "W171000001",
        "typologie": "FABRIQUE",
        "labels_nationaux": [],
        "antenne": False,
        "commune": None,
        "code_postal": None,
        "code_insee": None,
        "adresse": None,
        "date_maj": "2024-01-02",
    },
]
DI_V1 = [
    {
        "source": "dora",
        "id": "dora--s3",
        "nom": "France Services d'Aytré",
        "siret": "20004127600012",
        "commune": "Aytré",
        "code_postal": "17440",
        "code_insee": "17028",
        "adresse": "2 rue B",
        "date_maj": "2025-10-01",
        "reseaux_porteurs": ["france-service", "conseillers-numeriques"],
        "description": None,
        "horaires_accueil": None,
        "accessibilite_lieu": None,
    },
    {
        "source": "dora",
        "id": "dora--s4",
        "nom": "Association Un",
        "siret": None,
        "commune": None,
        "code_postal": None,
        "code_insee": None,
        "adresse": None,
        "date_maj": "2025-10-01",
        "reseaux_porteurs": ["simplon"],
        "description": None,
        "horaires_accueil": None,
        "accessibilite_lieu": None,
    },
]


def main() -> None:
    (HERE / "lieux_v1.csv").write_text(LIEUX_V1, encoding="utf-8")
    (HERE / "lieux_v0.csv").write_text(LIEUX_V0, encoding="utf-8")
    (HERE / "lieux_v1.json").write_text(
        json.dumps(
            [
                {
                    "id": "json-lieu",
                    "pivot": "00000000000000",
                    "nom": "Tiers-lieu du port",
                    "commune": "La Rochelle",
                    "code_postal": "17000",
                    "code_insee": "17300",
                    "adresse": "Quai",
                    "date_maj": "2025-01-01",
                    "typologie": ["TIERS_LIEUX"],
                    "services": ["Accès internet et matériel informatique"],
                    "aidants": [{"id": "a", "nom": "Personne", "courriel": "p@example.org"}],
                }
            ],
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    coop_current().save(HERE / "coop_accompagnements.xlsx")
    for gen in ("2025-05", "2024-10", "2024-09"):
        coop_old(gen).save(HERE / f"coop_activites_{gen}.xlsx")
    cra_xlsx().save(HERE / "cra_v1_archive.xlsx")
    (HERE / "cra_v1_dump.csv").write_text(CRA_CSV, encoding="utf-8")
    (HERE / "cra_v1_api.json").write_text(json.dumps(CRA_JSON, ensure_ascii=False, indent=1), encoding="utf-8")
    for page in (1, 2):
        (HERE / f"coop_api_page{page}.json").write_text(
            json.dumps(coop_api(page), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    (HERE / "data_inclusion_v0.json").write_text(json.dumps(DI_V0, ensure_ascii=False, indent=1), encoding="utf-8")
    (HERE / "data_inclusion_v1.json").write_text(
        json.dumps({"items": DI_V1}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
