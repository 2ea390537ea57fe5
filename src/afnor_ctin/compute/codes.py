"""Integer codes of the enumeration members the indicators select on.

The columnar tables store an enumeration member as its position in the enumeration (see
:mod:`afnor_ctin.columns`); this module is the one place in the compute layer that turns members
into those codes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from afnor_ctin.model.enums import (
    ActionType,
    ActorType,
    AgeBand,
    Certification,
    Channel,
    Funder,
    Gender,
    MediatorRole,
    Service,
    SocialStatus,
    SubType,
    Thematique,
)

__all__ = [
    "ACTION_TYPES",
    "ACTOR_TYPES",
    "AGE_BANDS",
    "AIDANTS_CONNECT",
    "CHANNELS",
    "CONNECTION",
    "COORDINATION",
    "EQUIPMENT",
    "FUNDERS",
    "GENDERS",
    "INDIVIDUAL",
    "ON_SITE",
    "OTHER_PLACE",
    "REMOTE",
    "ROLES",
    "SOLIDARITY_EQUIPMENT_SERVICE",
    "STATE_FUNDER",
    "STATUSES",
    "SUBTYPES",
    "THEMATIQUES",
    "TRAINING",
    "WORKSHOP",
]

ACTION_TYPES = tuple(ActionType)
ACTOR_TYPES = tuple(ActorType)
AGE_BANDS = tuple(AgeBand)
CHANNELS = tuple(Channel)
FUNDERS = tuple(Funder)
GENDERS = tuple(Gender)
ROLES = tuple(MediatorRole)
STATUSES = tuple(SocialStatus)
SUBTYPES = tuple(SubType)
THEMATIQUES = tuple(Thematique)

INDIVIDUAL = ACTION_TYPES.index(ActionType.ACCOMPAGNEMENT_INDIVIDUEL)
WORKSHOP = ACTION_TYPES.index(ActionType.ATELIER_COLLECTIF)
TRAINING = ACTION_TYPES.index(ActionType.FORMATION_PROFESSIONNELS)
EQUIPMENT = ACTION_TYPES.index(ActionType.EQUIPEMENT_SOLIDAIRE)
CONNECTION = ACTION_TYPES.index(ActionType.CONNEXION_SOLIDAIRE)
COORDINATION = ACTION_TYPES.index(ActionType.COORDINATION)

ON_SITE = CHANNELS.index(Channel.LIEU_ACTIVITE)
OTHER_PLACE = CHANNELS.index(Channel.AUTRE_LIEU)
REMOTE = CHANNELS.index(Channel.A_DISTANCE)

#: Bit of the Aidants Connect habilitation in a mediator's certification mask.
AIDANTS_CONNECT = 1 << tuple(Certification).index(Certification.AIDANTS_CONNECT)
#: Bit of « matériel informatique à prix solidaire » in a place's service mask.
SOLIDARITY_EQUIPMENT_SERVICE = 1 << tuple(Service).index(Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE)
#: True for the State's funders (``etat_…``), by funder code.
STATE_FUNDER: npt.NDArray[np.bool_] = np.array([f.value.startswith("etat_") for f in FUNDERS], dtype=bool)
