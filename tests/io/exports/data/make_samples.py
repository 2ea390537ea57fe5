# ruff: noqa: E501
"""Write the small samples of the open datasets' shapes (run once; the files are committed).

They follow the published column lists (Aidants Connect statistics exports, the conseillers
numériques list of data.gouv.fr, the IFN file, the permanences of the national cartography) with
places of the CA de La Rochelle. Names, numbers and scores are illustrative, not real data; the
people named in ``aidants`` are invented and are there to prove that they are never read.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
NNBSP = "\u202f"

AIDANTS_CONNECT_STATISTIQUES = (
    "Name,ID,UUID,Is Active,City Insee Code,Address,Zip Code,Siret,France Services Label,City,Nombre d'aidants,"
    "Question 87 → Nombre de mandats créés,Question 88 → Nombre d'usagers accompagnés,"
    "Question 112 → Nombre de démarches Argent,Question 113 → Nombre de démarches Papiers - Citoyenneté\n"
    "CCAS de La Rochelle,1201,6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a01,True,17300,5 rue Fleuriau,17000,26170012700015,False,La Rochelle,3,41,38,12,7\n"
    "Maison France Services de Lagord,1202,6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a02,True,,1 place de l'Église,17140,21170200500013,True,Lagord,2,5,5,1,0\n"
    "Centre social Vent des Îles,1203,6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a03,False,17300,1 rue A,17000,,False,La Rochelle,0,0,0,0,0\n"
    "Association sans commune,1204,6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a04,True,,,99999,,False,Nulle-Part,1,0,0,0,0\n"
)
AIDANTS_CONNECT_ANCIEN = (
    "Name;ID;UUID;Is Active;City Insee Code;Address;Zip Code;Siret;France Services Label;City;Nombre d'aidants;"
    "Question 87 → Nombre de mandats créés\n"
    'CCAS de La Rochelle;1201;6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a01;TRUE;17300;"5 rue Fleuriau\nBâtiment B";17000;26170012700015;FALSE;La Rochelle;3;41\n'
    f'Espace numérique d\'Aytré;1205;6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a05;TRUE;17028;"Place des Charmilles\n17440 Aytré";17440;21170028500018;FALSE;Aytré;1;1{NNBSP}094\n'
    "Médiathèque de Périgny;1206;6b0c4f2e-0d1a-4c9b-9a51-2f6f0c1b7a06;FALSE;17274;Rue du Moulin;17180;21170274900014;FALSE;Périgny;2;0\n"
)
CONSEILLERS_NUMERIQUES = (
    "Raison sociale;Commune INSEE;Département;Région;Nombre de conseillers validés par le COSELEC;"
    "Date de validation en comité de sélection;Type;SIRET;Code département;Adresse;Code commune INSEE;Code postal;"
    "Investissement financier estimatif total de l’Etat;ZRR;QPV;France services\n"
    "COMMUNE DE LA ROCHELLE;LA ROCHELLE;Charente-Maritime;Nouvelle-Aquitaine;2;15/04/2021;publique;21170300400017;17;Hôtel de Ville;17300;17000;100 000;non;oui;non\n"
    "LES PETITS DEBROUILLARDS NOUVELLE-AQUITAINE;AYTRE;Charente-Maritime;Nouvelle-Aquitaine;1;03/06/2021;privée;77567227200345;17;2 rue du Port;17028;17440;70000;non;non;Non défini\n"
    "COMMUNE DE LA ROCHELLE;LA ROCHELLE;Charente-Maritime;Nouvelle-Aquitaine;1;02/02/2022;publique;21170300400017;17;Hôtel de Ville;17300;17000;50000;non;oui;non\n"
    "CC DU PAYS DE GEX;GEX;Ain;Auvergne-Rhône-Alpes;1;10/05/2021;publique;20004071500011;01;135 rue de Genève;1173;01170;50 000;non;non;oui\n"
    "STRUCTURE SANS DATE;LAGORD;Charente-Maritime;Nouvelle-Aquitaine;1;;privée;80000000000017;17;1 rue B;17200;17140;50000;non;non;non\n"
)
IFN = (
    "name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,nscol15p_rate,total\n"
    "La Rochelle,city,17300,0.02,0.01,0.21,0.24,0.27,4.1\n"
    "Aytré,city,17028,0.05,0.02,0.12,0.22,0.29,3.6\n"
    "Lagord,city,17200,0.03,0.02,0.07,0.25,0.22,3.1\n"
    "Angoulins,city,17010,0.21,0.06,0.09,0.27,0.30,6.2\n"
    "Saint-Médard-d'Aunis,city,17379,0.58,0.12,0.08,0.19,0.33,7.4\n"
    "Paris,city,75056,0.00,0.00,0.15,0.17,0.24,2.9\n"
    "CA de La Rochelle,epci,241700434,0.07,0.03,0.15,0.23,0.27,4.2\n"
    "Score hors échelle,city,17291,0.1,0.1,0.1,0.1,0.1,12\n"
)
PERMANENCES = [
    {
        "id": "62592a1d05457b0790816e01",
        "nom": "Médiathèque Michel-Crépeau",
        "services": "Prendre en main un smartphone ou une tablette;Prendre en main un ordinateur;Utiliser le numérique au quotidien",
        "pivot": "21170300400017",
        "commune": "LA ROCHELLE",
        "code_postal": "17000",
        "adresse": "Avenue Michel Crépeau",
        "latitude": 46.15622,
        "longitude": -1.15266,
        "courriel": "mediatheque@example.org",
        "conditions_access": "Gratuit : Je peux accéder gratuitement au lieu et à ses services",
        "labels_nationaux": "CNFS",
        "horaires": "Tu-Sa 10:00-18:00",
        "source": "conseiller-numerique",
        "date_maj": "2022-05-09",
        "structureId": "60994a7e838083d339a08e01",
        "aidants": [
            {
                "aidantId": "61c448f6838083d339c29401",
                "nom": "Jeanne Testeur",
                "courriel": "jeanne.testeur@example.org",
                "telephone": "+33612345678",
            }
        ],
    },
    {
        "id": "62592a1d05457b0790816e02",
        "nom": "Centre social d'Aytré",
        "services": "Accéder à une connexion internet, Accéder à du matériel, Réaliser des démarches administratives avec un accompagnement",
        "pivot": "00000000000000",
        "commune": "Aytré",
        "code_postal": 17440,
        "adresse": "Place des Charmilles",
        "latitude": 46.13521,
        "longitude": -1.11439,
        "labels_nationaux": "CNFS;Aidants Connect",
        "source": "conseiller-numerique",
        "date_maj": "2022-04-15",
        "structureId": "60994a7e838083d339a08e02",
        "aidants": [
            {
                "aidantId": "61c448f6838083d339c29402",
                "nom": "Paul Essai",
                "courriel": "paul.essai@example.org",
                "telephone": "+33698765432",
            }
        ],
    },
    {
        "id": "62592a1d05457b0790816e03",
        "nom": "Permanence sans commune",
        "services": "Prendre en main un ordinateur",
        "pivot": "00000000000000",
        "commune": "Nulle-Part",
        "code_postal": "99999",
        "adresse": "",
        "source": "conseiller-numerique",
        "date_maj": "2022-04-15",
        "structureId": "60994a7e838083d339a08e03",
        "aidants": [],
    },
]
#: Structures (data·inclusion v0) of three real services of ``real/data-inclusion-services-2022.json.gz``,
#: placed in the CA de La Rochelle for the tests.
DATA_INCLUSION_STRUCTURES = [
    {
        "source": "dora",
        "id": "010c714a-71ce-44aa-a8bf-45d63ae4d1e8",
        "nom": "France Services de La Rochelle",
        "siret": "21170300400017",
        "typologie": "MUNI",
        "commune": "La Rochelle",
        "code_postal": "17000",
        "code_insee": "17300",
        "adresse": "Place de Verdun",
        "date_maj": "2022-10-10",
    },
    {
        "source": "dora",
        "id": "0154f912-8aeb-4b74-9f7e-3905c25c1d78",
        "nom": "Espace numérique d'Aytré",
        "siret": None,
        "typologie": "EPN",
        "commune": "Aytré",
        "code_postal": "17440",
        "code_insee": "17028",
        "adresse": "Place des Charmilles",
        "latitude": 46.13525,
        "longitude": -1.11436,
        "date_maj": "2022-10-10",
    },
    {
        "source": "dora",
        "id": "04737d9e-695b-4d01-83c0-b95b4bcc2c5c",
        "nom": "Mission locale (sans adresse)",
        "siret": None,
        "typologie": "ML",
        "commune": None,
        "code_postal": None,
        "code_insee": None,
        "adresse": None,
        "date_maj": "2022-10-10",
    },
]
LIEUX_PIPE_IDS = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,source,itinerance,date_maj,services\n"
    '"hub|17|0001","21170300400017","Médiathèque Michel-Crépeau","La Rochelle","17000","17300","Avenue Michel Crépeau",'
    '46.15625,-1.15262,"Hub","Fixe","2024-04-02","Aide aux démarches administratives|Maîtrise des outils numériques du quotidien"\n'
    '"hub|17|0002","00000000000000","Espace numérique du centre social","Aytré","17440","17028","Place des Charmilles",'
    '46.13523,-1.11441,"Hub","Fixe","2024-04-02","Accès internet et matériel informatique"\n'
)


def main() -> None:
    for name, text in (
        ("aidants_connect_statistiques.csv", AIDANTS_CONNECT_STATISTIQUES),
        ("aidants_connect_statistiques_ancien.csv", AIDANTS_CONNECT_ANCIEN),
        ("conseillers_numeriques.csv", CONSEILLERS_NUMERIQUES),
        ("ifn.csv", IFN),
        ("lieux_v1_ids_pipe.csv", LIEUX_PIPE_IDS),
    ):
        (HERE / name).write_text(text, encoding="utf-8")
    for name, data in (
        ("permanences_cn.json", PERMANENCES),
        ("data_inclusion_structures_services.json", DATA_INCLUSION_STRUCTURES),
    ):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
