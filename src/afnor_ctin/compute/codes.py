"""Integer codes of the enumeration members the indicators select on.

The columnar tables store an enumeration member as its code, from the one table of codes
:data:`afnor_ctin.columns.codes`; this module names the codes the compute layer selects on.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import codes
from afnor_ctin.model import enums as e

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
    "code",
]

ACTION_TYPES = codes.members(e.ActionType)
ACTOR_TYPES = codes.members(e.ActorType)
AGE_BANDS = codes.members(e.AgeBand)
CHANNELS = codes.members(e.Channel)
FUNDERS = codes.members(e.Funder)
GENDERS = codes.members(e.Gender)
ROLES = codes.members(e.MediatorRole)
STATUSES = codes.members(e.SocialStatus)
SUBTYPES = codes.members(e.SubType)
THEMATIQUES = codes.members(e.Thematique)


def code(member: e.LabelledEnum) -> int:
    """The integer code of an enumeration member in the columnar tables (:data:`afnor_ctin.columns.codes`)."""
    return codes.of(member)


INDIVIDUAL, WORKSHOP = code(e.ActionType.ACCOMPAGNEMENT_INDIVIDUEL), code(e.ActionType.ATELIER_COLLECTIF)
TRAINING, COORDINATION = code(e.ActionType.FORMATION_PROFESSIONNELS), code(e.ActionType.COORDINATION)
EQUIPMENT, CONNECTION = code(e.ActionType.EQUIPEMENT_SOLIDAIRE), code(e.ActionType.CONNEXION_SOLIDAIRE)
ON_SITE, OTHER_PLACE = code(e.Channel.LIEU_ACTIVITE), code(e.Channel.AUTRE_LIEU)
REMOTE = code(e.Channel.A_DISTANCE)

#: Bit of the Aidants Connect habilitation in a mediator's certification mask.
AIDANTS_CONNECT = 1 << code(e.Certification.AIDANTS_CONNECT)
#: Bit of « matériel informatique à prix solidaire » in a place's service mask.
SOLIDARITY_EQUIPMENT_SERVICE = 1 << code(e.Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE)
#: True for the State's funders (``etat_…``), by funder code.
STATE_FUNDER: npt.NDArray[np.bool_] = np.array([f.value.startswith("etat_") for f in FUNDERS], dtype=bool)
