"""afnor-ctin: the 11 indicators of the *coordination territoriale pour l'inclusion numérique*.

The public API is what ``__all__`` lists; everything else may change between minor versions.
"""

from afnor_ctin.dataset import Dataset, check_integrity
from afnor_ctin.errors import CtinError, DataError, InvalidInputError, Issue, LoadReport, Severity, UnknownCodeError
from afnor_ctin.model import (
    Action,
    ActionType,
    Actor,
    ActorType,
    AgeBand,
    Beneficiary,
    Certification,
    Channel,
    Commune,
    Funder,
    Funding,
    Gender,
    Mediator,
    MediatorRole,
    Participation,
    Place,
    Qpv,
    Service,
    SocialStatus,
    SubType,
    Territory,
    TerritoryLevel,
    Thematique,
)
from afnor_ctin.period import Period

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ActionType",
    "Actor",
    "ActorType",
    "AgeBand",
    "Beneficiary",
    "Certification",
    "Channel",
    "Commune",
    "CtinError",
    "DataError",
    "Dataset",
    "Funder",
    "Funding",
    "Gender",
    "InvalidInputError",
    "Issue",
    "LoadReport",
    "Mediator",
    "MediatorRole",
    "Participation",
    "Period",
    "Place",
    "Qpv",
    "Service",
    "Severity",
    "SocialStatus",
    "SubType",
    "Territory",
    "TerritoryLevel",
    "Thematique",
    "UnknownCodeError",
    "__version__",
    "check_integrity",
]
