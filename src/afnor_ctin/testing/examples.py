"""Small, fully known datasets: the worked example of the indicator specification.

>>> ds = worked_example()
>>> ds.counts()["actions"], ds.territory.centre
(12, '99001')
"""

from __future__ import annotations

from datetime import date

from afnor_ctin.dataset import Dataset
from afnor_ctin.model import (
    Action,
    ActionType,
    Actor,
    ActorType,
    Beneficiary,
    Certification,
    Channel,
    Commune,
    Funder,
    Funding,
    Mediator,
    MediatorRole,
    Participation,
    Place,
    Qpv,
    Service,
    SubType,
    Territory,
    TerritoryLevel,
)
from afnor_ctin.period import Period

__all__ = ["WORKED_EXAMPLE_PERIOD", "worked_example", "worked_example_territory"]

#: Period of the worked example: the year 2024 (reference date 2024-12-31).
WORKED_EXAMPLE_PERIOD = Period.year(2024)


def worked_example_territory() -> Territory:
    """The three-commune territory of the worked example (Alpha, Beta, Gamma)."""
    return Territory(
        code="EX001",
        name="Territoire d'exemple",
        level=TerritoryLevel.AUTRE,
        communes=(
            Commune(code_insee="99001", name="Alpha", population=10_000, ifn_score=4.0),
            Commune(code_insee="99002", name="Beta", population=3_000, ifn_score=7.5),
            Commune(code_insee="99003", name="Gamma", population=2_000, ifn_score=8.0),
        ),
        qpvs=(Qpv(code="QN09901M", name="Quartier Alpha", code_insee="99001"),),
    )


def worked_example() -> Dataset:
    """The dataset of the worked example of the indicator specification (golden test)."""
    indiv, atelier = ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF
    actors = (
        Actor(id="ACT1", name="CCAS Alpha", type=ActorType.CCAS, code_insee="99001", governance_member=True),
        Actor(id="ACT2", name="Asso Num Beta", type=ActorType.ASSO, code_insee="99002", governance_member=True),
        Actor(id="ACT3", name="Médiathèque Gamma", type=ActorType.BIB, code_insee="99003", governance_member=False),
    )
    places = (
        Place(
            id="PL1",
            actor_id="ACT1",
            name="Espace numérique Alpha",
            code_insee="99001",
            code_qpv="QN09901M",
            services=(Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN),
            opening_date=date(2021, 1, 1),
            updated_on=date(2024, 6, 1),
        ),
        Place(
            id="PL2",
            actor_id="ACT1",
            name="Boutique solidaire Alpha",
            code_insee="99001",
            services=(Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE,),
            opening_date=date(2022, 1, 1),
            updated_on=date(2023, 3, 1),
        ),
        Place(
            id="PL3",
            actor_id="ACT2",
            name="Local Asso Num",
            code_insee="99002",
            services=(Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,),
            opening_date=date(2022, 1, 1),
            updated_on=date(2023, 10, 15),
        ),
        Place(
            id="PL4",
            actor_id="ACT3",
            name="Médiathèque Gamma",
            code_insee="99003",
            opening_date=date(2020, 1, 1),
            closing_date=date(2023, 12, 31),
            updated_on=date(2023, 1, 10),
        ),
    )
    mediators = (
        Mediator(
            id="M1",
            actor_id="ACT1",
            role=MediatorRole.CONSEILLER_NUMERIQUE,
            start_date=date(2021, 6, 1),
            fte=1.0,
            place_ids=("PL1",),
            certifications=(Certification.CCP1,),
        ),
        Mediator(
            id="M2",
            actor_id="ACT1",
            role=MediatorRole.CONSEILLER_NUMERIQUE,
            start_date=date(2021, 6, 1),
            end_date=date(2024, 6, 30),
            place_ids=("PL1",),
        ),
        Mediator(
            id="M3",
            actor_id="ACT2",
            role=MediatorRole.MEDIATEUR,
            start_date=date(2022, 1, 1),
            fte=0.5,
            place_ids=("PL3",),
            certifications=(Certification.AIDANTS_CONNECT,),
        ),
        Mediator(id="M4", actor_id="ACT3", role=MediatorRole.AIDANT, start_date=date(2020, 1, 1), fte=0.2),
    )
    actions = (
        Action(
            id="A1",
            type=indiv,
            date=date(2024, 3, 10),
            actor_id="ACT1",
            mediator_id="M1",
            place_id="PL1",
            duration_min=60,
        ),
        Action(
            id="A2",
            type=indiv,
            date=date(2024, 3, 20),
            actor_id="ACT1",
            mediator_id="M1",
            place_id="PL1",
            duration_min=30,
        ),
        Action(
            id="A3",
            type=atelier,
            date=date(2024, 5, 5),
            actor_id="ACT1",
            mediator_id="M2",
            place_id="PL1",
            duration_min=120,
            participants=4,
        ),
        Action(
            id="A4",
            type=indiv,
            date=date(2024, 11, 15),
            actor_id="ACT2",
            mediator_id="M3",
            place_id="PL3",
            duration_min=45,
        ),
        Action(
            id="A5",
            type=atelier,
            date=date(2024, 2, 12),
            actor_id="ACT3",
            mediator_id="M4",
            code_insee="99003",
            duration_min=90,
            participants=3,
        ),
        Action(id="A6", type=indiv, date=date(2023, 12, 20), actor_id="ACT1", mediator_id="M1", place_id="PL1"),
        Action(
            id="A7",
            type=indiv,
            date=date(2024, 9, 1),
            actor_id="ACT1",
            mediator_id="M1",
            code_insee="99001",
            channel=Channel.A_DISTANCE,
            duration_min=30,
        ),
        Action(
            id="A8",
            type=ActionType.COORDINATION,
            date=date(2024, 4, 2),
            actor_id="ACT1",
            code_insee="99001",
            subtype=SubType.COMITE,
            participating_actor_ids=("ACT1", "ACT2"),
        ),
        Action(
            id="A9",
            type=ActionType.COORDINATION,
            date=date(2024, 10, 10),
            actor_id="ACT2",
            code_insee="99002",
            subtype=SubType.GROUPE_DE_TRAVAIL,
            participating_actor_ids=("ACT2", "ACT3"),
        ),
        Action(
            id="A10",
            type=ActionType.EQUIPEMENT_SOLIDAIRE,
            date=date(2024, 6, 15),
            actor_id="ACT1",
            place_id="PL2",
            quantity=12,
        ),
        Action(
            id="A11",
            type=ActionType.CONNEXION_SOLIDAIRE,
            date=date(2024, 7, 1),
            actor_id="ACT2",
            code_insee="99002",
            quantity=5,
        ),
        Action(
            id="A12",
            type=ActionType.FORMATION_PROFESSIONNELS,
            date=date(2024, 9, 20),
            actor_id="ACT1",
            code_insee="99001",
            duration_min=420,
            participating_actor_ids=("ACT1", "ACT2", "ACT3"),
            trained_person_ids=("M3", "M4", "P-EXT-1"),
        ),
    )
    beneficiaries = tuple(Beneficiary(id=f"B{i}") for i in range(1, 6))
    participations = (
        Participation(action_id="A1", beneficiary_id="B1"),
        Participation(action_id="A2", beneficiary_id="B1"),
        Participation(action_id="A3", beneficiary_id="B2"),
        Participation(action_id="A3", beneficiary_id="B3"),
        Participation(action_id="A4", beneficiary_id="B4"),
        Participation(action_id="A6", beneficiary_id="B1"),
        Participation(action_id="A7", beneficiary_id="B5"),
    )
    fundings = (
        Funding(
            id="F1",
            funder=Funder.ETAT_CONSEILLER_NUMERIQUE,
            actor_id="ACT1",
            amount_agreed=100_000.0,
            amount_paid=75_000.0,
            start_date=date(2023, 1, 1),
            end_date=date(2024, 12, 31),
            mediator_ids=("M1", "M2"),
        ),
        Funding(
            id="F2",
            funder=Funder.EPCI,
            actor_id="ACT2",
            amount_agreed=20_000.0,
            amount_paid=20_000.0,
            start_date=date(2024, 1, 1),
            end_date=date(2024, 12, 31),
        ),
        Funding(
            id="F3",
            funder=Funder.CAF,
            actor_id="ACT3",
            amount_agreed=12_000.0,
            amount_paid=0.0,
            start_date=date(2024, 7, 1),
            end_date=date(2025, 6, 30),
        ),
        Funding(
            id="F4",
            funder=Funder.ETAT_CONSEILLER_NUMERIQUE,
            actor_id="ACT2",
            amount_agreed=30_000.0,
            amount_paid=0.0,
            start_date=date(2025, 1, 1),
            end_date=date(2026, 12, 31),
            mediator_ids=("M3",),
        ),
    )
    return Dataset(
        worked_example_territory(),
        actors=actors,
        places=places,
        mediators=mediators,
        actions=actions,
        beneficiaries=beneficiaries,
        participations=participations,
        fundings=fundings,
    )
