"""Exemple « la-rochelle » : CA de La Rochelle, données d'activité fictives (2021–2024).

Ce jeu de données sert à essayer la bibliothèque, la documentation et la ligne de commande
(``afnor-ctin report --example la-rochelle``). **Les données d'activité sont fictives** : elles sont
générées par un tirage pseudo-aléatoire reproductible et ne décrivent pas l'activité réelle des
structures de l'agglomération.

Ce qui est réel
    Le territoire : la communauté d'agglomération de La Rochelle (SIREN 241700434), ses 28 communes
    et leurs populations légales millésime 2023, ses trois QPV de la génération 2024 (Mireuil,
    Villeneuve-Les-Salines, Port-Neuf), tels que les fournit ``Territory.from_epci("241700434")``.
    Les faits de l'étude de cas publiée sur la CTIN rochelaise, que l'exemple reproduit :

    - huit conseillers numériques (rôle ``conseiller_numerique``) entrés en poste en 2021, financés
      par l'État (``etat_conseiller_numerique``) pour 400 000 € au total sur deux ans ;
    - un diagnostic où l'offre (lieux, médiateurs, accompagnements) est dense à La Rochelle (17300)
      et dans ses QPV, mais mince dans les autres communes, dont plusieurs n'ont aucun lieu ;
    - des travaux de feuille de route (actions ``coordination``) qui ont réuni 200 participants de
      février 2021 à mai 2023, mois de l'adoption de la feuille de route, puis plus d'animation
      régulière en 2024 (communauté « informelle ») ;
    - des besoins de matériel et de connexion à tarif solidaire (actions ``equipement_solidaire`` et
      ``connexion_solidaire``, un lieu proposant l'acquisition de matériel à prix solidaire) ;
    - les partenaires cités : communes, CCAS, associations, centres sociaux, médiathèques, France
      Services, CPAM, Caf, La Poste, Département de la Charente-Maritime, l'agglomération comme
      coordinatrice, une association de médiation numérique à domicile ;
    - un coordinateur à l'agglomération à mi-temps (rôle ``coordinateur``, 0,5 ETP) ;
    - la formation des professionnels (``formation_professionnels``), de plus en plus mutualisée.

Ce qui est inventé
    Les noms des structures (génériques ou inventés), les lieux, les médiateurs
    (identifiants pseudonymes ``MED-…``), les actions, les bénéficiaires (identifiants pseudonymes
    ``BEN-…``, catégories de genre, d'âge, de statut et commune de résidence), les financements (seul
    le total de 400 000 € de l'État pour les conseillers numériques de 2021 vient de l'étude de cas ;
    sa répartition, les renouvellements de 2023 et les autres financements sont inventés), le bus
    numérique ouvert en 2023, et les **scores IFN** des communes (indice de fragilité
    numérique) : aucun fichier public de scores par commune n'est disponible ; les scores de l'exemple
    suivent une règle plausible (plus fragile dans les petites communes rurales) et ne doivent pas
    être cités.

Paramètres
    ``seed`` (2021 par défaut) fixe le tirage des actions, des bénéficiaires, des participations et
    des acteurs présents aux réunions. Le territoire, les acteurs, les lieux, les médiateurs, les
    financements, le calendrier des réunions de coordination et les scores IFN ne dépendent pas de la
    graine. Une même graine donne toujours le même jeu de données.

Volumes (graine 2021)
    Environ 40 000 actions d'accompagnement (individuels et ateliers collectifs) de 2021 à 2024, une
    majorité de participants identifiés par un bénéficiaire pseudonyme, les autres anonymes.

The large tables are built with numpy straight into :mod:`afnor_ctin.columns` and wrapped with
:meth:`~afnor_ctin.dataset.Dataset.from_columns`; the small tables are built as records first.

>>> ds = generate()
>>> ds.territory.name
'CA de La Rochelle (données fictives)'
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import (
    ActionTable,
    BeneficiaryTable,
    Columns,
    CommuneTable,
    Csr,
    ParticipationTable,
    day_number,
)
from afnor_ctin.dataset import Dataset
from afnor_ctin.model import (
    ActionType,
    Actor,
    ActorType,
    AgeBand,
    Certification,
    Channel,
    Commune,
    Funder,
    Funding,
    Gender,
    Mediator,
    MediatorRole,
    Place,
    Service,
    SocialStatus,
    SubType,
    Territory,
    Thematique,
)

__all__ = [
    "CENTRE",
    "COORDINATION_EVENTS",
    "DEFAULT_SEED",
    "FIRST_DAY",
    "LAST_DAY",
    "SIREN",
    "TERRITORY_NAME",
    "fictional_ifn_score",
    "generate",
    "territory",
]

#: SIREN of the CA de La Rochelle.
SIREN = "241700434"
#: INSEE code of La Rochelle, the central commune.
CENTRE = "17300"
#: Name shown everywhere: says that the activity data are fictional.
TERRITORY_NAME = "CA de La Rochelle (données fictives)"
#: Default seed of :func:`generate`.
DEFAULT_SEED = 2021
#: First and last day covered by the generated activity.
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Rng = np.random.Generator

S = Service
_DEMARCHES = S.AIDE_AUX_DEMARCHES_ADMINISTRATIVES
_QUOTIDIEN = S.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN
_INSERTION = S.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE
_SECURITE = S.UTILISATION_SECURISEE_DU_NUMERIQUE
_PARENTALITE = S.PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE
_LOISIRS = S.LOISIRS_ET_CREATIONS_NUMERIQUES
_COMPREHENSION = S.COMPREHENSION_DU_MONDE_NUMERIQUE
_ACCES = S.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE
_SOLIDAIRE = S.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE

_MIREUIL, _VILLENEUVE, _PORT_NEUF = "QN01701M", "QN01702M", "QN01707M"

#: Communes where the home-visit association works (La Rochelle and communes without a place of their own).
_HOME_VISITS = (
    "17300",
    "17010",
    "17153",
    "17190",
    "17193",
    "17222",
    "17391",
    "17413",
    "17420",
    "17443",
    "17466",
    "17483",
)
#: Communes outside the CA where a few beneficiaries live (Aigrefeuille-d'Aunis, Marans, Rivedoux-Plage).
_OUTSIDE = ("17003", "17218", "17297")


# --------------------------------------------------------------------------------------------
# Territory and IFN scores
# --------------------------------------------------------------------------------------------
def fictional_ifn_score(population: int, *, has_qpv: bool = False, code_insee: str = "") -> float:
    """Fictional *indice de fragilité numérique* of a commune on the 0–10 scale (higher = more fragile).

    No licensed per-commune IFN file is public, so the example uses a plausible rule: small rural
    communes are more fragile (score about 7.0 at 2,500 inhabitants, rising by 1.8 per factor ten
    fewer inhabitants), communes with a QPV get one point more, and a small fixed offset derived
    from the INSEE code (±0.3) avoids ties. Never cite these values as real scores.

    >>> fictional_ifn_score(963, code_insee="17245"), fictional_ifn_score(79851, has_qpv=True, code_insee="17300")
    (7.8, 5.3)
    """
    score = 7.0 + 1.8 * math.log10(2_500 / max(population, 1)) + (1.0 if has_qpv else 0.0)
    if code_insee.isdigit():
        score += (int(code_insee) % 7 - 3) / 10
    return round(min(10.0, max(0.0, score)), 1)


def territory() -> Territory:
    """The real territory of the CA de La Rochelle, renamed as fictional data, with fictional IFN scores.

    Communes, legal populations and QPVs come from :meth:`Territory.from_epci`; the central commune
    is La Rochelle (17300).
    """
    base = Territory.from_epci(SIREN)
    with_qpv = {q.code_insee for q in base.qpvs}
    communes = tuple(
        attrs.evolve(
            c,
            ifn_score=fictional_ifn_score(c.population, has_qpv=c.code_insee in with_qpv, code_insee=c.code_insee),
        )
        for c in base.communes
    )
    return attrs.evolve(base, name=TERRITORY_NAME, communes=communes, central_commune=CENTRE)


# --------------------------------------------------------------------------------------------
# Actors, places, mediators, fundings (fixed; fictional names)
# --------------------------------------------------------------------------------------------
T = ActorType
#: (id, name, type, commune, governance member)
_ACTORS: tuple[tuple[str, str, ActorType, str, bool], ...] = (
    ("cda", "Communauté d'agglomération de La Rochelle", T.EPCI, "17300", True),
    ("departement", "Département de la Charente-Maritime", T.CD, "17300", True),
    ("caf", "Caf de la Charente-Maritime", T.CAF, "17300", True),
    ("cpam", "CPAM de la Charente-Maritime", T.CPAM, "17300", True),
    ("la-poste", "La Poste, bureau de La Rochelle", T.LA_POSTE, "17300", False),
    ("ccas-la-rochelle", "CCAS de La Rochelle", T.CCAS, "17300", True),
    ("ccas-aytre", "CCAS d'Aytré", T.CCAS, "17028", False),
    ("ccas-perigny", "CCAS de Périgny", T.CCAS, "17274", False),
    ("ccas-chatelaillon", "CCAS de Châtelaillon-Plage", T.CCAS, "17094", False),
    ("cs-mireuil", "Centre social de Mireuil", T.CS, "17300", True),
    ("cs-villeneuve", "Centre social de Villeneuve-les-Salines", T.CS, "17300", True),
    ("cs-port-neuf", "Centre social de Port-Neuf", T.CS, "17300", False),
    ("csc-aytre", "Centre socio-culturel d'Aytré", T.CSC, "17028", False),
    ("csc-dompierre", "Centre socio-culturel de Dompierre-sur-Mer", T.CSC, "17142", False),
    ("asso-numerique", "Association rochelaise pour le numérique solidaire", T.ASSO, "17300", True),
    ("asso-connectes", "Association Les Connectés de Mireuil", T.ASSO, "17300", False),
    ("asso-domicile", "Association de médiation numérique à domicile en Aunis", T.ASSO, "17300", True),
    ("asso-reemploi", "Atelier de réemploi informatique solidaire", T.RESSOURCERIE, "17300", False),
    ("mediatheques-la-rochelle", "Médiathèques de La Rochelle", T.BIB, "17300", False),
    ("mediatheque-perigny", "Médiathèque de Périgny", T.BIB, "17274", False),
    ("mediatheque-nieul", "Médiathèque de Nieul-sur-Mer", T.BIB, "17264", False),
    ("mediatheque-chatelaillon", "Médiathèque de Châtelaillon-Plage", T.BIB, "17094", False),
    ("france-services-mireuil", "France Services de Mireuil", T.RFS, "17300", True),
    ("france-services-dompierre", "France Services de Dompierre-sur-Mer", T.RFS, "17142", False),
    ("mission-locale", "Mission locale de l'agglomération rochelaise", T.ML, "17300", False),
    ("france-travail", "France Travail, agence de La Rochelle", T.FT, "17300", False),
    ("epn-lagord", "Espace public numérique de Lagord", T.EPN, "17200", False),
    ("mairie-puilboreau", "Commune de Puilboreau", T.MUNI, "17291", False),
    ("mairie-sainte-soulle", "Commune de Sainte-Soulle", T.MUNI, "17407", False),
    ("mairie-saint-xandre", "Commune de Saint-Xandre", T.MUNI, "17414", False),
    ("mairie-la-jarrie", "Commune de La Jarrie", T.MUNI, "17194", False),
    ("mairie-marsilly", "Commune de Marsilly", T.MUNI, "17222", False),
    ("mairie-esnandes", "Commune d'Esnandes", T.MUNI, "17153", False),
    ("mairie-salles", "Commune de Salles-sur-Mer", T.MUNI, "17420", False),
)

# fmt: off
_D = dt.date
#: (id, actor, name, commune, QPV, services, opening, closing, last update)
_PLACES: tuple[
    tuple[str, str, str, str, str | None, tuple[Service, ...], dt.date, dt.date | None, dt.date | None], ...
] = (
    ("lieu-cs-mireuil", "cs-mireuil", "Espace numérique du centre social de Mireuil", "17300", _MIREUIL,
     (_DEMARCHES, _QUOTIDIEN, _PARENTALITE, _ACCES), _D(2018, 9, 1), None, _D(2024, 9, 12)),
    ("lieu-connectes-mireuil", "asso-connectes", "Local des Connectés de Mireuil", "17300", _MIREUIL,
     (_QUOTIDIEN, _SECURITE, _LOISIRS, _COMPREHENSION), _D(2021, 6, 1), None, _D(2024, 3, 4)),
    ("lieu-fs-mireuil", "france-services-mireuil", "France Services de Mireuil", "17300", _MIREUIL,
     (_DEMARCHES, _ACCES), _D(2020, 1, 6), None, _D(2024, 11, 20)),
    ("lieu-mediatheque-mireuil", "mediatheques-la-rochelle", "Médiathèque de Mireuil", "17300", _MIREUIL,
     (_QUOTIDIEN, _LOISIRS, _ACCES), _D(2015, 1, 1), None, _D(2022, 10, 3)),
    ("lieu-cs-villeneuve", "cs-villeneuve", "Centre social de Villeneuve-les-Salines", "17300", _VILLENEUVE,
     (_DEMARCHES, _QUOTIDIEN, _PARENTALITE), _D(2017, 1, 2), None, _D(2024, 6, 18)),
    ("lieu-ccas-villeneuve", "ccas-la-rochelle", "CCAS, antenne de Villeneuve-les-Salines", "17300", _VILLENEUVE,
     (_DEMARCHES, _ACCES), _D(2019, 3, 1), None, _D(2023, 12, 1)),
    ("lieu-cs-port-neuf", "cs-port-neuf", "Centre social de Port-Neuf", "17300", _PORT_NEUF,
     (_DEMARCHES, _QUOTIDIEN, _INSERTION), _D(2016, 9, 1), None, _D(2023, 2, 14)),
    ("lieu-ccas-la-rochelle", "ccas-la-rochelle", "CCAS de La Rochelle, accueil central", "17300", None,
     (_DEMARCHES, _ACCES), _D(2015, 1, 1), None, _D(2024, 10, 7)),
    ("lieu-asso-numerique", "asso-numerique", "Espace de l'association pour le numérique solidaire", "17300", None,
     (_QUOTIDIEN, _SECURITE, _INSERTION, _COMPREHENSION, _LOISIRS), _D(2019, 1, 7), None, _D(2024, 5, 21)),
    ("lieu-asso-numerique-laleu", "asso-numerique", "Permanence numérique de Laleu-La Pallice", "17300", None,
     (_QUOTIDIEN, _DEMARCHES), _D(2021, 4, 6), None, _D(2023, 4, 6)),
    ("lieu-mediatheque-centre", "mediatheques-la-rochelle", "Médiathèque du centre-ville", "17300", None,
     (_QUOTIDIEN, _LOISIRS, _COMPREHENSION, _ACCES), _D(2015, 1, 1), None, _D(2024, 1, 15)),
    ("lieu-reemploi", "asso-reemploi", "Boutique de l'atelier de réemploi informatique", "17300", None,
     (_SOLIDAIRE, _ACCES), _D(2022, 2, 1), None, _D(2024, 8, 30)),
    ("lieu-caf", "caf", "Caf, point d'accueil numérique", "17300", None,
     (_DEMARCHES,), _D(2016, 1, 4), None, _D(2022, 6, 1)),
    ("lieu-cpam", "cpam", "CPAM, espace libre-service accompagné", "17300", None,
     (_DEMARCHES,), _D(2017, 1, 2), None, _D(2023, 9, 25)),
    ("lieu-la-poste", "la-poste", "Bureau de poste, îlot numérique", "17300", None,
     (_DEMARCHES, _ACCES), _D(2019, 6, 3), None, None),
    ("lieu-mission-locale", "mission-locale", "Mission locale, espace numérique", "17300", None,
     (_INSERTION, _DEMARCHES), _D(2018, 1, 8), None, _D(2024, 2, 2)),
    ("lieu-france-travail", "france-travail", "France Travail, zone de libre accès accompagné", "17300", None,
     (_INSERTION, _DEMARCHES), _D(2018, 1, 8), None, _D(2021, 11, 30)),
    ("lieu-csc-aytre", "csc-aytre", "Centre socio-culturel d'Aytré, atelier numérique", "17028", None,
     (_QUOTIDIEN, _DEMARCHES), _D(2019, 9, 2), None, _D(2024, 4, 9)),
    ("lieu-mediatheque-perigny", "mediatheque-perigny", "Médiathèque de Périgny", "17274", None,
     (_QUOTIDIEN, _LOISIRS), _D(2016, 1, 4), None, _D(2023, 1, 10)),
    ("lieu-epn-lagord", "epn-lagord", "Espace public numérique de Lagord", "17200", None,
     (_QUOTIDIEN, _SECURITE, _ACCES), _D(2012, 9, 3), None, _D(2024, 7, 1)),
    ("lieu-mediatheque-chatelaillon", "mediatheque-chatelaillon", "Médiathèque de Châtelaillon-Plage", "17094", None,
     (_QUOTIDIEN, _LOISIRS), _D(2016, 1, 4), None, _D(2022, 3, 22)),
    ("lieu-fs-dompierre", "france-services-dompierre", "France Services de Dompierre-sur-Mer", "17142", None,
     (_DEMARCHES, _ACCES), _D(2020, 9, 1), None, _D(2024, 12, 2)),
    ("lieu-mediatheque-nieul", "mediatheque-nieul", "Médiathèque de Nieul-sur-Mer", "17264", None,
     (_QUOTIDIEN, _LOISIRS), _D(2022, 9, 1), None, _D(2024, 9, 3)),
    ("lieu-mairie-puilboreau", "mairie-puilboreau", "Mairie de Puilboreau, permanence numérique", "17291", None,
     (_DEMARCHES,), _D(2020, 2, 3), None, _D(2023, 6, 5)),
    ("lieu-mairie-sainte-soulle", "mairie-sainte-soulle", "Mairie de Sainte-Soulle, permanence numérique",
     "17407", None, (_DEMARCHES, _QUOTIDIEN), _D(2021, 10, 4), None, _D(2024, 10, 1)),
    ("lieu-mairie-saint-xandre", "mairie-saint-xandre", "Mairie de Saint-Xandre, point numérique", "17414", None,
     (_DEMARCHES,), _D(2019, 1, 7), _D(2023, 6, 30), _D(2022, 1, 17)),
    ("lieu-mairie-la-jarrie", "mairie-la-jarrie", "Mairie de La Jarrie, permanence numérique", "17194", None,
     (_DEMARCHES, _QUOTIDIEN), _D(2022, 1, 10), None, _D(2024, 1, 10)),
)
# fmt: on

#: The itinerant place opened after the roadmap (id, actor, name, base commune, served communes, opening).
_BUS = (
    "lieu-bus-numerique",
    "cda",
    "Bus numérique de l'agglomération",
    "17300",
    ("17153", "17194", "17222", "17373", "17420", "17466"),
    _D(2023, 9, 4),
)

MR = MediatorRole
C = Certification


@attrs.frozen(kw_only=True)
class _Staff:
    """One mediator of the example and how active it is."""

    id: str
    actor: str
    role: MediatorRole
    start: dt.date
    end: dt.date | None = None
    fte: float | None = None
    places: tuple[str, ...] = ()
    certifications: tuple[Certification, ...] = ()
    #: "lieu" (at its places), "bus" (stops in the served communes), "domicile" (home visits), "aidant",
    #: or "coordination" (no support action).
    kind: str = "lieu"
    rate: float = 0.0  # support actions per working day at full time
    workshops: float = 0.0  # share of workshops among the actions at a place


_CN_RATE, _MED_RATE, _HOME_RATE, _AIDANT_RATE = 3.5, 2.6, 2.0, 3.2

# fmt: off
_STAFF: tuple[_Staff, ...] = (
    # The eight conseillers numériques of 2021.
    _Staff(id="MED-01", actor="ccas-la-rochelle", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 4, 1), fte=1.0,
           places=("lieu-ccas-la-rochelle", "lieu-ccas-villeneuve"), certifications=(C.CCP1, C.CCP2, C.PIX),
           rate=_CN_RATE, workshops=0.08),
    _Staff(id="MED-02", actor="cs-mireuil", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 5, 3), end=_D(2023, 6, 30),
           places=("lieu-cs-mireuil",), certifications=(C.CCP1,), rate=_CN_RATE, workshops=0.2),
    _Staff(id="MED-03", actor="cs-villeneuve", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 5, 17),
           places=("lieu-cs-villeneuve",), certifications=(C.TITRE_REMN,), rate=_CN_RATE, workshops=0.2),
    _Staff(id="MED-04", actor="asso-numerique", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 3, 15),
           places=("lieu-asso-numerique", "lieu-asso-numerique-laleu"), certifications=(C.CCP1, C.CCP2, C.CCP3),
           rate=_CN_RATE, workshops=0.15),
    _Staff(id="MED-05", actor="asso-connectes", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 6, 1),
           places=("lieu-connectes-mireuil",), rate=_CN_RATE, workshops=0.18),
    _Staff(id="MED-06", actor="mediatheques-la-rochelle", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 6, 14),
           end=_D(2024, 8, 31), places=("lieu-mediatheque-centre", "lieu-mediatheque-mireuil"),
           certifications=(C.PIX,), rate=_CN_RATE, workshops=0.3),
    _Staff(id="MED-07", actor="csc-aytre", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 9, 1), end=_D(2023, 12, 31),
           places=("lieu-csc-aytre",), rate=_CN_RATE, workshops=0.15),
    _Staff(id="MED-08", actor="cda", role=MR.CONSEILLER_NUMERIQUE, start=_D(2021, 10, 4),
           places=("lieu-mairie-sainte-soulle", "lieu-mairie-la-jarrie"), certifications=(C.CCP1, C.AIDANTS_CONNECT),
           rate=_CN_RATE * 0.8, workshops=0.1),
    # The coordination: half of a project manager's time at the agglomeration.
    _Staff(id="MED-09", actor="cda", role=MR.COORDINATEUR, start=_D(2021, 2, 1), fte=0.5, kind="coordination"),
    # Other digital mediators.
    _Staff(id="MED-10", actor="asso-numerique", role=MR.MEDIATEUR, start=_D(2019, 1, 7),
           places=("lieu-asso-numerique",), certifications=(C.TITRE_REMN,), rate=_MED_RATE, workshops=0.25),
    _Staff(id="MED-11", actor="cs-port-neuf", role=MR.MEDIATEUR, start=_D(2022, 1, 10), fte=0.8,
           places=("lieu-cs-port-neuf",), rate=_MED_RATE, workshops=0.15),
    _Staff(id="MED-12", actor="epn-lagord", role=MR.MEDIATEUR, start=_D(2019, 9, 2), fte=0.6,
           places=("lieu-epn-lagord",), certifications=(C.PIX,), rate=_MED_RATE, workshops=0.3),
    _Staff(id="MED-13", actor="mediatheque-perigny", role=MR.MEDIATEUR, start=_D(2020, 1, 6), fte=0.5,
           places=("lieu-mediatheque-perigny",), rate=_MED_RATE, workshops=0.35),
    _Staff(id="MED-14", actor="mediatheque-nieul", role=MR.MEDIATEUR, start=_D(2022, 9, 1), fte=0.5,
           places=("lieu-mediatheque-nieul",), rate=_MED_RATE, workshops=0.35),
    _Staff(id="MED-15", actor="mediatheque-chatelaillon", role=MR.MEDIATEUR, start=_D(2021, 1, 4), fte=0.4,
           places=("lieu-mediatheque-chatelaillon",), rate=_MED_RATE, workshops=0.35),
    _Staff(id="MED-16", actor="asso-reemploi", role=MR.MEDIATEUR, start=_D(2022, 2, 1), fte=0.5,
           places=("lieu-reemploi",), rate=_MED_RATE * 0.5, workshops=0.1),
    _Staff(id="MED-17", actor="cda", role=MR.MEDIATEUR, start=_D(2023, 9, 4), places=("lieu-bus-numerique",),
           certifications=(C.CCP1,), kind="bus", rate=_MED_RATE, workshops=0.2),
    _Staff(id="MED-18", actor="asso-domicile", role=MR.MEDIATEUR, start=_D(2020, 9, 1), fte=0.8,
           certifications=(C.AIDANTS_CONNECT,), kind="domicile", rate=_HOME_RATE),
    _Staff(id="MED-19", actor="asso-domicile", role=MR.MEDIATEUR, start=_D(2022, 3, 1), fte=0.6, kind="domicile",
           rate=_HOME_RATE),
    # Aidants numériques: front-desk agents who help with online procedures.
    _Staff(id="MED-20", actor="france-services-mireuil", role=MR.AIDANT, start=_D(2020, 1, 6), fte=0.5,
           places=("lieu-fs-mireuil",), certifications=(C.AIDANTS_CONNECT,), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-21", actor="france-services-mireuil", role=MR.AIDANT, start=_D(2021, 9, 1), fte=0.5,
           places=("lieu-fs-mireuil",), certifications=(C.AIDANTS_CONNECT,), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-22", actor="france-services-mireuil", role=MR.AIDANT, start=_D(2023, 3, 1), fte=0.3,
           places=("lieu-fs-mireuil",), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-23", actor="france-services-dompierre", role=MR.AIDANT, start=_D(2020, 9, 1), fte=0.5,
           places=("lieu-fs-dompierre",), certifications=(C.AIDANTS_CONNECT,), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-24", actor="france-services-dompierre", role=MR.AIDANT, start=_D(2022, 1, 3), fte=0.3,
           places=("lieu-fs-dompierre",), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-25", actor="ccas-la-rochelle", role=MR.AIDANT, start=_D(2019, 3, 1), fte=0.3,
           places=("lieu-ccas-la-rochelle",), certifications=(C.AIDANTS_CONNECT,), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-26", actor="ccas-la-rochelle", role=MR.AIDANT, start=_D(2022, 5, 2), fte=0.3,
           places=("lieu-ccas-villeneuve",), certifications=(C.AIDANTS_CONNECT,), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-27", actor="caf", role=MR.AIDANT, start=_D(2018, 1, 8), fte=0.2, places=("lieu-caf",),
           kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-28", actor="cpam", role=MR.AIDANT, start=_D(2019, 1, 7), fte=0.2, places=("lieu-cpam",),
           kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-29", actor="la-poste", role=MR.AIDANT, start=_D(2020, 6, 1), fte=0.1, places=("lieu-la-poste",),
           kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-30", actor="mission-locale", role=MR.AIDANT, start=_D(2019, 9, 2), fte=0.2,
           places=("lieu-mission-locale",), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-31", actor="france-travail", role=MR.AIDANT, start=_D(2018, 1, 8), fte=0.2,
           places=("lieu-france-travail",), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-32", actor="mairie-puilboreau", role=MR.AIDANT, start=_D(2020, 2, 3), fte=0.2,
           places=("lieu-mairie-puilboreau",), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-33", actor="mairie-saint-xandre", role=MR.AIDANT, start=_D(2019, 1, 7), end=_D(2023, 6, 30),
           fte=0.1, places=("lieu-mairie-saint-xandre",), kind="aidant", rate=_AIDANT_RATE),
    _Staff(id="MED-34", actor="csc-dompierre", role=MR.AIDANT, start=_D(2022, 9, 5), fte=0.2,
           places=("lieu-fs-dompierre",), kind="aidant", rate=_AIDANT_RATE),
)
# fmt: on

#: Fixed calendar of the coordination events (date, sous-type, participants): 200 participants in
#: total, from the launch of the coordination (February 2021) to the roadmap adopted in May 2023.
COORDINATION_EVENTS: tuple[tuple[dt.date, SubType, int], ...] = (
    (_D(2021, 2, 11), SubType.ASSEMBLEE, 32),
    (_D(2021, 3, 18), SubType.GROUPE_DE_TRAVAIL, 12),
    (_D(2021, 4, 8), SubType.GROUPE_DE_TRAVAIL, 14),
    (_D(2021, 5, 27), SubType.EVENEMENT, 38),
    (_D(2021, 10, 14), SubType.REUNION_COORDINATION, 11),
    (_D(2022, 1, 20), SubType.WEBINAIRE, 18),
    (_D(2022, 3, 24), SubType.GROUPE_DE_TRAVAIL, 10),
    (_D(2022, 6, 16), SubType.GROUPE_DE_TRAVAIL, 9),
    (_D(2022, 10, 6), SubType.COMITE, 8),
    (_D(2023, 1, 26), SubType.GROUPE_DE_TRAVAIL, 10),
    (_D(2023, 3, 9), SubType.COMITE, 7),
    (_D(2023, 5, 25), SubType.ASSEMBLEE, 31),
)

#: Training sessions of professionals (date, carrier actor, place, duration [min], trainees, shared by
#: several employers): internal sessions first, shared (« mutualisées ») ones after the diagnostic.
_TRAININGS: tuple[tuple[dt.date, str, str, int, int, bool], ...] = (
    (_D(2021, 11, 18), "asso-numerique", "lieu-asso-numerique", 420, 6, False),
    (_D(2022, 2, 10), "france-services-mireuil", "lieu-fs-mireuil", 210, 5, False),
    (_D(2022, 5, 19), "asso-numerique", "lieu-asso-numerique", 420, 7, False),
    (_D(2022, 11, 24), "departement", "lieu-mediatheque-centre", 360, 9, True),
    (_D(2023, 3, 16), "cda", "lieu-mediatheque-centre", 420, 10, True),
    (_D(2023, 6, 22), "cda", "lieu-asso-numerique", 210, 8, True),
    (_D(2023, 10, 12), "cda", "lieu-cs-villeneuve", 420, 11, True),
    (_D(2024, 1, 25), "departement", "lieu-mediatheque-centre", 360, 9, True),
    (_D(2024, 4, 11), "cda", "lieu-csc-aytre", 210, 8, True),
    (_D(2024, 6, 13), "cda", "lieu-mediatheque-centre", 420, 12, True),
    (_D(2024, 10, 17), "cda", "lieu-cs-mireuil", 420, 10, True),
    (_D(2024, 12, 5), "asso-numerique", "lieu-asso-numerique", 210, 6, False),
)

_CN_GRANT = 50_000.0  # € per conseiller numérique over two years (8 × 50,000 = 400,000 €)


def _score(commune: Commune | None) -> float:
    return np.nan if commune is None or commune.ifn_score is None else commune.ifn_score


def _two_years(start: dt.date) -> dt.date:
    return start.replace(year=start.year + 2) - dt.timedelta(days=1)


def _fundings() -> tuple[Funding, ...]:
    f = Funder
    out: list[Funding] = []
    conseillers = [s for s in _STAFF if s.role is MR.CONSEILLER_NUMERIQUE]
    for n, s in enumerate(conseillers, start=1):
        out.append(
            Funding(
                id=f"FIN-CN-{n:02d}",
                funder=f.ETAT_CONSEILLER_NUMERIQUE,
                actor_id=s.actor,
                amount_agreed=_CN_GRANT,
                amount_paid=_CN_GRANT,
                start_date=s.start,
                end_date=_two_years(s.start),
                mediator_ids=(s.id,),
            )
        )
    # Renewals of 2023 (smaller), for the posts kept after the first two years.
    for n, s in enumerate(conseillers, start=1):
        if s.end is not None and s.end < _D(2024, 1, 1):
            continue
        start = _two_years(s.start) + dt.timedelta(days=1)
        out.append(
            Funding(
                id=f"FIN-CN-R{n:02d}",
                funder=f.ETAT_CONSEILLER_NUMERIQUE,
                actor_id=s.actor,
                amount_agreed=35_000.0,
                amount_paid=25_000.0,
                start_date=start,
                end_date=_two_years(start),
                mediator_ids=(s.id,),
            )
        )

    def yearly(
        prefix: str, funder: Funder, actor: str, amount: float, years: Sequence[int], mediators: tuple[str, ...] = ()
    ) -> None:
        for year in years:
            out.append(
                Funding(
                    id=f"FIN-{prefix}-{year}",
                    funder=funder,
                    actor_id=actor,
                    amount_agreed=amount,
                    amount_paid=amount if year < 2024 else round(amount * 0.6, 2),
                    start_date=_D(year, 1, 1),
                    end_date=_D(year, 12, 31),
                    mediator_ids=mediators,
                )
            )

    years = (2021, 2022, 2023, 2024)
    yearly("EPCI-COORD", f.EPCI, "cda", 24_000.0, years, ("MED-09",))
    yearly("EPCI-ASSO", f.EPCI, "asso-numerique", 15_000.0, years[1:])
    yearly("EPCI-DOMICILE", f.EPCI, "asso-domicile", 8_000.0, years[1:])
    yearly("DEP-DOMICILE", f.DEPARTEMENT, "asso-domicile", 22_000.0, years, ("MED-18",))
    yearly("DEP-PORT-NEUF", f.DEPARTEMENT, "cs-port-neuf", 12_000.0, years[1:], ("MED-11",))
    yearly("CAF-MIREUIL", f.CAF, "cs-mireuil", 8_000.0, years)
    yearly("CAF-VILLENEUVE", f.CAF, "cs-villeneuve", 8_000.0, years)
    yearly("CAF-PORT-NEUF", f.CAF, "cs-port-neuf", 6_000.0, years)
    yearly("COMMUNE-CCAS", f.COMMUNE, "ccas-la-rochelle", 12_000.0, years)
    yearly("CPAM-FS", f.CPAM, "france-services-mireuil", 5_000.0, years[2:])
    out.append(
        Funding(
            id="FIN-FNE-BUS",
            funder=f.ETAT_FRANCE_NUMERIQUE_ENSEMBLE,
            actor_id="cda",
            amount_agreed=90_000.0,
            amount_paid=45_000.0,
            start_date=_BUS[5],
            end_date=_D(2025, 12, 31),
            mediator_ids=("MED-17",),
        )
    )
    out.append(
        Funding(
            id="FIN-FNE-REEMPLOI",
            funder=f.ETAT_FRANCE_NUMERIQUE_ENSEMBLE,
            actor_id="asso-reemploi",
            amount_agreed=30_000.0,
            amount_paid=24_000.0,
            start_date=_D(2023, 7, 1),
            end_date=_D(2024, 12, 31),
        )
    )
    out.append(
        Funding(
            id="FIN-FONDATION-REEMPLOI",
            funder=f.FONDATION_OU_PRIVE,
            actor_id="asso-reemploi",
            amount_agreed=18_000.0,
            amount_paid=18_000.0,
            start_date=_D(2022, 1, 1),
            end_date=_D(2022, 12, 31),
            mediator_ids=("MED-16",),
        )
    )
    return tuple(out)


def _small_records() -> tuple[tuple[Actor, ...], tuple[Place, ...], tuple[Mediator, ...], tuple[Funding, ...]]:
    actors = tuple(Actor(id=i, name=n, type=t, code_insee=c, governance_member=g) for i, n, t, c, g in _ACTORS)
    places = [
        Place(
            id=i,
            actor_id=a,
            name=n,
            code_insee=c,
            code_qpv=q,
            services=s,
            opening_date=o,
            closing_date=e,
            updated_on=u,
        )
        for i, a, n, c, q, s, o, e, u in _PLACES
    ]
    bus_id, bus_actor, bus_name, bus_commune, served, opening = _BUS
    places.append(
        Place(
            id=bus_id,
            actor_id=bus_actor,
            name=bus_name,
            code_insee=bus_commune,
            services=(_DEMARCHES, _QUOTIDIEN, _SECURITE),
            itinerant=True,
            served_communes=served,
            opening_date=opening,
            updated_on=_D(2024, 11, 4),
        )
    )
    mediators = tuple(
        Mediator(
            id=s.id,
            actor_id=s.actor,
            role=s.role,
            start_date=s.start,
            end_date=s.end,
            fte=s.fte,
            place_ids=s.places,
            certifications=s.certifications,
        )
        for s in _STAFF
    )
    return actors, tuple(places), mediators, _fundings()


# --------------------------------------------------------------------------------------------
# Large tables (numpy)
# --------------------------------------------------------------------------------------------
_TH = {t: i for i, t in enumerate(Thematique)}
_CH = {c: i for i, c in enumerate(Channel)}
_TY = {t: i for i, t in enumerate(ActionType)}
_ST = {s: i for i, s in enumerate(SubType)}


def _weights(pairs: Mapping[Thematique, float]) -> F64:
    w = np.zeros(len(_TH), dtype=np.float64)
    for t, v in pairs.items():
        w[_TH[t]] = v
    return w


_TH_MEDIATION = _weights(
    {
        Thematique.PRENDRE_EN_MAIN_DU_MATERIEL: 10,
        Thematique.NAVIGATION_SUR_INTERNET: 9,
        Thematique.EMAIL: 9,
        Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 8,
        Thematique.GERE_SES_CONTENUS_NUMERIQUES: 6,
        Thematique.SECURITE_NUMERIQUE: 5,
        Thematique.BUREAUTIQUE: 4,
        Thematique.DIAGNOSTIC_NUMERIQUE: 4,
        Thematique.SANTE: 4,
        Thematique.BANQUE_ET_ACHATS_EN_LIGNE: 3,
        Thematique.RESEAUX_SOCIAUX: 3,
        Thematique.INSERTION_PROFESSIONNELLE: 3,
        Thematique.MAINTENANCE_DE_MATERIEL: 2,
        Thematique.PARENTALITE: 2,
        Thematique.SCOLARITE_ET_NUMERIQUE: 2,
        Thematique.CULTURE_NUMERIQUE: 2,
        Thematique.CREER_AVEC_LE_NUMERIQUE: 1,
        Thematique.INTELLIGENCE_ARTIFICIELLE: 1,
    }
)
_TH_DEMARCHES = _weights(
    {
        Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 40,
        Thematique.SOCIAL_SANTE: 8,
        Thematique.ARGENT_IMPOTS: 6,
        Thematique.TRAVAIL_FORMATION: 6,
        Thematique.PAPIERS_ELECTIONS_CITOYENNETE: 5,
        Thematique.LOGEMENT: 4,
        Thematique.FAMILLE_SCOLARITE: 3,
        Thematique.TRANSPORTS_MOBILITE: 2,
        Thematique.ETRANGERS_EUROPE: 2,
        Thematique.JUSTICE: 1,
        Thematique.EMAIL: 3,
    }
)


def _working_days() -> I64:
    """Working days (Monday to Friday, fixed-date public holidays excluded) of the covered years."""
    days = np.arange(day_number(FIRST_DAY), day_number(LAST_DAY) + 1, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    holidays = [
        day_number(_D(y, m, d))
        for y in range(FIRST_DAY.year, LAST_DAY.year + 1)
        for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    ]
    return days[(weekday < 5) & ~np.isin(days, holidays)]


def _day_weights(days: I64) -> F64:
    """Relative activity of each day: ramp-up in 2021, growth afterwards, half activity in August."""
    dates = days.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    factor = np.select([years <= 2021, years == 2022, years == 2023], [0.75, 0.95, 1.0], 1.05)
    return np.asarray(factor * np.where(months == 8, 0.5, 1.0), dtype=np.float64)


def _themes(rng: Rng, n: int, weights: F64) -> Csr:
    """``n`` rows of one to three distinct thématiques drawn by weight, each row sorted by code.

    A row asks for 1, 2 or 3 thématiques (probabilities 0.5, 0.35, 0.15); repeated draws are dropped.
    """
    drawn = rng.choice(len(weights), size=(n, 3), p=weights / weights.sum())
    wanted = rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15])
    keep = np.arange(3)[None, :] < wanted[:, None]
    keep[:, 1] &= drawn[:, 1] != drawn[:, 0]
    keep[:, 2] &= (drawn[:, 2] != drawn[:, 0]) & (drawn[:, 2] != drawn[:, 1])
    codes = np.sort(np.where(keep, drawn, len(weights)), axis=1)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(keep.sum(axis=1), out=indptr[1:])
    return Csr(indptr, codes[codes < len(weights)].astype(np.int8))


def _concat(parts: Sequence[Csr]) -> Csr:
    lengths = np.concatenate([p.lengths() for p in parts])
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return Csr(indptr, np.concatenate([p.values for p in parts]))


def _sparse(n: int, rows: Mapping[int, Sequence[int]], dtype: npt.DTypeLike) -> Csr:
    lengths = np.zeros(n, dtype=np.int64)
    for r, values in rows.items():
        lengths[r] = len(values)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = [v for r in sorted(rows) for v in rows[r]]
    return Csr(indptr, np.asarray(flat, dtype=dtype).reshape(-1))


def _obj(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


@attrs.define
class _Block:
    """Actions under construction (one entry per column, same lengths)."""

    type: list[I64] = attrs.Factory(list)
    day: list[I64] = attrs.Factory(list)
    actor: list[I64] = attrs.Factory(list)
    mediator: list[I64] = attrs.Factory(list)
    place: list[I64] = attrs.Factory(list)
    code_insee: list[I64] = attrs.Factory(list)
    channel: list[I64] = attrs.Factory(list)
    duration: list[I64] = attrs.Factory(list)
    participants: list[I64] = attrs.Factory(list)
    quantity: list[I64] = attrs.Factory(list)
    subtype: list[I64] = attrs.Factory(list)
    thematiques: list[Csr] = attrs.Factory(list)
    size: int = 0

    def add(self, n: int, **columns: Any) -> int:
        """Append ``n`` actions; missing columns are ``-1``; returns the position of the first."""
        first = self.size
        for name in ("type", "day", "actor", "mediator", "place", "code_insee", "channel", "duration",
                     "participants", "quantity", "subtype"):  # fmt: skip
            value = columns.get(name, -1)
            getattr(self, name).append(np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy())
        self.thematiques.append(columns.get("thematiques", Csr.empty(n, np.int8)))
        self.size += n
        return first

    def column(self, name: str) -> I64:
        """The concatenated column."""
        parts: list[I64] = getattr(self, name)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def generate(*, seed: int = DEFAULT_SEED) -> Dataset:
    """Generate the fictional La Rochelle example dataset (see the module documentation).

    Parameters
    ----------
    seed:
        Seed of :func:`numpy.random.default_rng` for the activity data (actions, beneficiaries,
        participations, actors present at coordination events). Same seed, same dataset.

    Returns
    -------
    Dataset
        The real territory of the CA de La Rochelle named « CA de La Rochelle (données fictives) »,
        with fictional actors, places, mediators, actions, beneficiaries and fundings over 2021–2024.
    """
    rng = np.random.default_rng(seed)
    terr = territory()
    actors, places, mediators, fundings = _small_records()
    small = Dataset(terr, actors=actors, places=places, mediators=mediators, fundings=fundings).columns

    # Commune vocabulary: the territory's communes and a few neighbouring communes of residence.
    codes = sorted({c.code_insee for c in terr.communes} | set(_OUTSIDE))
    cidx = {c: i for i, c in enumerate(codes)}
    members = {c.code_insee: c for c in terr.communes}
    communes = CommuneTable(
        codes=_obj(codes),
        in_territory=np.array([c in members for c in codes], dtype=bool),
        population=np.array([members[c].population if c in members else 0 for c in codes], dtype=np.int64),
        ifn=np.array([_score(members.get(c)) for c in codes], dtype=np.float64),
    )
    remap = np.array([cidx[c] for c in small.communes.codes], dtype=np.int32)
    actor_table = attrs.evolve(
        small.actors, commune=np.where(small.actors.commune >= 0, remap[small.actors.commune], -1)
    )
    place_table = attrs.evolve(
        small.places,
        commune=remap[small.places.commune],
        served=Csr(small.places.served.indptr, remap[small.places.served.values].astype(np.int32)),
    )

    actor_pos = {str(a): i for i, a in enumerate(small.actors.ids)}
    place_pos = {str(p): i for i, p in enumerate(small.places.ids)}
    staff_pos = {s.id: i for i, s in enumerate(_STAFF)}
    population = communes.population.astype(np.float64)
    pop_weights = population / population.sum()
    # Home visits: in the communes the association serves, more often where the IFN score is high.
    served = np.isin(communes.codes, _HOME_VISITS)
    home_weights = np.where(served, population * np.exp(0.6 * np.nan_to_num(communes.ifn, nan=0.0)), 0.0)
    home_weights /= home_weights.sum()

    block = _Block()
    working = _working_days()
    weights = _day_weights(working)
    opening, closing = place_table.opening, place_table.closing
    place_commune = place_table.commune
    ch = _CH
    support_kinds = {"lieu", "bus", "aidant", "domicile"}
    bus_stops = np.array([cidx[c] for c in _BUS[4]], dtype=np.int64)

    for s in _STAFF:
        if s.kind not in support_kinds:
            continue
        start = max(day_number(s.start), int(working[0]))
        end = min(day_number(s.end), int(working[-1])) if s.end is not None else int(working[-1])
        mask = (working >= start) & (working <= end)
        days, w = working[mask], weights[mask]
        if len(days) == 0:
            continue
        fte = 1.0 if s.fte is None else s.fte
        n = int(rng.poisson(s.rate * fte * w.sum()))
        day = np.sort(rng.choice(days, size=n, p=w / w.sum()))
        med = staff_pos[s.id]
        actor = actor_pos[s.actor]
        place = np.full(n, -1, dtype=np.int64)
        code = np.full(n, -1, dtype=np.int64)
        if s.kind == "domicile":
            channel = np.where(rng.random(n) < 0.88, ch[Channel.DOMICILE], ch[Channel.A_DISTANCE])
            code = rng.choice(len(codes), size=n, p=home_weights)
            workshop = np.zeros(n, dtype=bool)
        elif s.kind == "bus":
            # Sessions at the bus stops: recorded in the commune served, not at the bus's base.
            channel = np.where(rng.random(n) < 0.95, ch[Channel.AUTRE_LIEU], ch[Channel.A_DISTANCE])
            code = rng.choice(bus_stops, size=n)
            workshop = (channel == ch[Channel.AUTRE_LIEU]) & (rng.random(n) < s.workshops)
        else:
            mine = np.array([place_pos[p] for p in s.places], dtype=np.int64)
            is_open = (opening[mine][None, :] <= day[:, None]) & (closing[mine][None, :] >= day[:, None])
            keys = np.where(is_open, rng.random((n, len(mine))), -1.0)
            chosen = mine[np.argmax(keys, axis=1)]
            has_place = is_open.any(axis=1)
            probs = [0.9, 0.0, 0.0, 0.1] if s.kind == "aidant" else [0.86, 0.03, 0.03, 0.08]
            channel = rng.choice(len(ch), size=n, p=probs)
            channel[~has_place & (channel == ch[Channel.LIEU_ACTIVITE])] = ch[Channel.AUTRE_LIEU]
            base = np.where(has_place, place_commune[chosen], actor_table.commune[actor])
            at_place = channel == ch[Channel.LIEU_ACTIVITE]
            place = np.where(at_place, chosen, -1)
            code = np.where(at_place, -1, base)
            workshop = at_place & (rng.random(n) < s.workshops)
        kind = np.where(workshop, _TY[ActionType.ATELIER_COLLECTIF], _TY[ActionType.ACCOMPAGNEMENT_INDIVIDUEL])
        participants = np.where(workshop, np.minimum(2 + rng.poisson(4.0, size=n), 12), 1)
        if s.kind == "aidant":
            duration = rng.choice([15, 20, 30, 45], size=n, p=[0.3, 0.3, 0.3, 0.1])
        elif s.kind == "domicile":
            duration = rng.choice([60, 90, 120], size=n, p=[0.5, 0.35, 0.15])
        else:
            duration = rng.choice([30, 45, 60, 90], size=n, p=[0.3, 0.3, 0.3, 0.1])
        duration = np.where(workshop, rng.choice([90, 120, 150, 180], size=n), duration)
        duration = np.where(rng.random(n) < 0.05, -1, duration)
        themes = _themes(rng, n, _TH_DEMARCHES if s.kind == "aidant" else _TH_MEDIATION)
        block.add(
            n,
            type=kind,
            day=day,
            actor=actor,
            mediator=med,
            place=place,
            code_insee=code,
            channel=channel,
            duration=duration,
            participants=participants,
            thematiques=themes,
        )
    n_support = block.size

    participating: dict[int, list[int]] = {}
    trained: dict[int, list[str]] = {}

    # Coordination events, carried by the agglomeration.
    regulars = [actor_pos[a] for a, *_ in _ACTORS if a != "cda"]
    for when, subtype, count in COORDINATION_EVENTS:
        present = rng.choice(regulars, size=min(len(regulars), max(3, count // 3)), replace=False)
        row = block.add(
            1,
            type=_TY[ActionType.COORDINATION],
            day=day_number(when),
            actor=actor_pos["cda"],
            mediator=staff_pos["MED-09"],
            code_insee=cidx[CENTRE],
            duration=120 if subtype is not SubType.ASSEMBLEE else 180,
            participants=count,
            subtype=_ST[subtype],
        )
        participating[row] = sorted([actor_pos["cda"], *(int(p) for p in present)])

    # Training of professionals: trainees are mediators in post or other front-desk agents.
    externals = [f"PRO-{i:03d}" for i in range(1, 61)]
    employers = [actor_pos[a] for a, _, t, _, _ in _ACTORS if t in {T.CCAS, T.MUNI, T.CAF, T.CPAM, T.LA_POSTE, T.RFS}]
    for when, carrier, place_id, minutes, count, shared in _TRAININGS:
        d = day_number(when)
        in_post = [
            s
            for s in _STAFF
            if day_number(s.start) <= d and (s.end is None or day_number(s.end) >= d) and (shared or s.actor == carrier)
        ]
        n_staff = min(len(in_post), count // 2 + int(rng.integers(0, 2)))
        chosen_staff = [in_post[int(i)] for i in rng.choice(len(in_post), size=n_staff, replace=False)]
        outside = [externals[int(i)] for i in rng.choice(len(externals), size=count - n_staff, replace=False)]
        firms = {actor_pos[carrier]} if not shared else {actor_pos[s.actor] for s in chosen_staff}
        if shared:
            firms.update(int(e) for e in rng.choice(employers, size=max(1, len(outside) // 2), replace=True))
        row = block.add(
            1,
            type=_TY[ActionType.FORMATION_PROFESSIONNELS],
            day=d,
            actor=actor_pos[carrier],
            place=place_pos[place_id],
            duration=minutes,
        )
        participating[row] = sorted(firms)
        trained[row] = sorted(s.id for s in chosen_staff) + sorted(outside)

    # Solidarity equipment (refurbished devices) and connections at a social tariff.
    equipment_days = working[(working >= day_number(_D(2022, 2, 1)))]
    n_eq = 70
    eq_day = np.sort(rng.choice(equipment_days, size=n_eq, replace=False))
    eq_sub = rng.choice(
        [_ST[SubType.RECONDITIONNE], _ST[SubType.DON], _ST[SubType.PRET]], size=n_eq, p=[0.7, 0.15, 0.15]
    )
    block.add(
        n_eq,
        type=_TY[ActionType.EQUIPEMENT_SOLIDAIRE],
        day=eq_day,
        actor=actor_pos["asso-reemploi"],
        mediator=staff_pos["MED-16"],
        place=place_pos["lieu-reemploi"],
        quantity=rng.integers(2, 16, size=n_eq),
        subtype=eq_sub,
    )
    connection_days = working[(working >= day_number(_D(2022, 6, 1)))]
    for carrier, place_id, mediator, n_cx in (
        ("ccas-la-rochelle", "lieu-ccas-la-rochelle", "MED-25", 30),
        ("france-services-mireuil", "lieu-fs-mireuil", "MED-20", 18),
    ):
        block.add(
            n_cx,
            type=_TY[ActionType.CONNEXION_SOLIDAIRE],
            day=np.sort(rng.choice(connection_days, size=n_cx, replace=False)),
            actor=actor_pos[carrier],
            mediator=staff_pos[mediator],
            place=place_pos[place_id],
            quantity=rng.integers(1, 7, size=n_cx),
        )

    # Order every action by day (stable: generation order within a day) and number them.
    day_all = block.column("day")
    order = np.argsort(day_all, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    n_actions = len(order)

    def col(name: str, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        return block.column(name)[order].astype(dtype)

    place_col = col("place", np.int32)
    code_col = col("code_insee", np.int32)
    commune_col = np.where(place_col >= 0, place_table.commune[np.maximum(place_col, 0)], code_col).astype(np.int32)
    persons: dict[str, int] = {}
    trained_rows: dict[int, list[int]] = {}
    for row in sorted(trained, key=lambda r: int(rank[r])):
        trained_rows[int(rank[row])] = [persons.setdefault(p, len(persons)) for p in trained[row]]
    action_table = ActionTable(
        ids=_obj([f"ACT-{i:06d}" for i in range(1, n_actions + 1)]),
        type=col("type", np.int8),
        day=col("day", np.int32),
        actor=col("actor", np.int32),
        mediator=col("mediator", np.int32),
        place=place_col,
        code_insee=code_col,
        commune=commune_col,
        channel=col("channel", np.int8),
        duration=col("duration", np.int32),
        participants=col("participants", np.int32),
        thematiques=_concat(block.thematiques).take(order),
        quantity=col("quantity", np.int32),
        subtype=col("subtype", np.int8),
        participating=_sparse(n_actions, {int(rank[r]): v for r, v in participating.items()}, np.int32),
        trained=_sparse(n_actions, trained_rows, np.int32),
    )

    beneficiaries, participations = _people(rng, action_table, rank[:n_support], communes, pop_weights)
    columns = Columns(
        communes=communes,
        actors=actor_table,
        places=place_table,
        mediators=small.mediators,
        actions=action_table,
        beneficiaries=beneficiaries,
        participations=participations,
        fundings=small.fundings,
        persons=_obj(list(persons)),
    )
    return Dataset.from_columns(terr, columns)


def _in_order(members: Sequence[Any], probabilities: Mapping[Any, float]) -> F64:
    """Probabilities listed in the enumeration's order (the column codes)."""
    return np.array([probabilities.get(m, 0.0) for m in members], dtype=np.float64)


_A, _S = AgeBand, SocialStatus
_AGE_P = _in_order(
    list(AgeBand),
    {
        _A.MOINS_DE_DOUZE: 0.01,
        _A.DOUZE_DIX_HUIT: 0.03,
        _A.DIX_HUIT_VINGT_QUATRE: 0.07,
        _A.VINGT_CINQ_TRENTE_NEUF: 0.16,
        _A.QUARANTE_CINQUANTE_NEUF: 0.25,
        _A.SOIXANTE_SOIXANTE_NEUF: 0.2,
        _A.SOIXANTE_DIX_PLUS: 0.22,
        _A.NON_COMMUNIQUE: 0.06,
    },
)
_YOUNG = {_S.SCOLARISE: 0.95, _S.NON_COMMUNIQUE: 0.05}
_ACTIVE = {_S.SANS_EMPLOI: 0.45, _S.EN_EMPLOI: 0.4, _S.NON_COMMUNIQUE: 0.15}
#: Social status distribution of each age band (rows in AgeBand order, columns in SocialStatus order).
_STATUS_BY_AGE = np.stack(
    [
        _in_order(list(SocialStatus), row)
        for row in (
            _YOUNG,
            _YOUNG,
            {_S.SCOLARISE: 0.4, _S.SANS_EMPLOI: 0.35, _S.EN_EMPLOI: 0.2, _S.NON_COMMUNIQUE: 0.05},
            _ACTIVE,
            _ACTIVE,
            {_S.SANS_EMPLOI: 0.1, _S.EN_EMPLOI: 0.1, _S.RETRAITE: 0.7, _S.NON_COMMUNIQUE: 0.1},
            {_S.RETRAITE: 0.95, _S.NON_COMMUNIQUE: 0.05},
            {_S.SCOLARISE: 0.05, _S.SANS_EMPLOI: 0.1, _S.EN_EMPLOI: 0.05, _S.NON_COMMUNIQUE: 0.8},
        )
    ]
)
_GENDER_P = _in_order(list(Gender), {Gender.MASCULIN: 0.4, Gender.FEMININ: 0.56, Gender.NON_COMMUNIQUE: 0.04})


def _people(
    rng: Rng,
    actions: ActionTable,
    support_rows: I64,
    communes: CommuneTable,
    pop_weights: F64,
) -> tuple[BeneficiaryTable, ParticipationTable]:
    """Identified beneficiaries and their participations in the support actions.

    Most participants are identified (72 % of individual sessions, 55 % of workshop seats); each one
    lives in the action's commune (85 %) or elsewhere (by population; 3 % outside the territory),
    and returns several times (a skewed draw inside the pool of its commune).
    """
    rows = np.sort(support_rows)
    seats = actions.participants[rows].astype(np.int64)
    workshop = actions.type[rows] == _TY[ActionType.ATELIER_COLLECTIF]
    identified = np.where(workshop, rng.binomial(seats, 0.55), (rng.random(len(rows)) < 0.72).astype(np.int64))
    action = np.repeat(rows, identified)
    n = len(action)
    outside = ~communes.in_territory
    weights = np.where(outside, 0.03 / max(int(outside.sum()), 1), pop_weights * 0.97)
    weights /= weights.sum()
    local = rng.random(n) < 0.85
    residence = np.where(local, actions.commune[action], rng.choice(len(communes), size=n, p=weights))
    slots = np.bincount(residence, minlength=len(communes))
    pool = np.ceil(slots / 2.4).astype(np.int64) + 1
    offset = np.concatenate([[0], np.cumsum(pool)[:-1]])
    person = offset[residence] + np.floor(pool[residence] * rng.random(n) ** 1.7).astype(np.int64)
    # One row per (action, person); persons numbered by first participation.
    width = int(person.max(initial=0)) + 1
    action, person = np.divmod(np.unique(action * width + person), width)
    used, first, inverse = np.unique(person, return_index=True, return_inverse=True)
    by_first = np.argsort(first, kind="stable")
    new_number = np.empty_like(by_first)
    new_number[by_first] = np.arange(len(used))
    person = new_number[inverse.reshape(-1)]
    home_commune = np.searchsorted(offset, used, side="right") - 1
    order = np.lexsort((person, action))
    action, person = action[order], person[order]
    m = len(used)
    age = rng.choice(len(_AGE_P), size=m, p=_AGE_P)
    cum = np.cumsum(_STATUS_BY_AGE, axis=1)
    status = np.minimum((rng.random(m)[:, None] > cum[age]).sum(axis=1), len(SocialStatus) - 1)
    gender = rng.choice(len(_GENDER_P), size=m, p=_GENDER_P)
    gender = np.where(rng.random(m) < 0.03, -1, gender)
    beneficiaries = BeneficiaryTable(
        ids=_obj([f"BEN-{i:06d}" for i in range(1, m + 1)]),
        gender=gender[by_first].astype(np.int8),
        age_band=age[by_first].astype(np.int8),
        status=status[by_first].astype(np.int8),
        residence=home_commune[by_first].astype(np.int32),
    )
    return beneficiaries, ParticipationTable(action=action.astype(np.int32), beneficiary=person.astype(np.int32))
