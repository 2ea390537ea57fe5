"""afnor-ctin: the 11 indicators of the *coordination territoriale pour l'inclusion numérique*.

The public API is what ``__all__`` lists; everything else may change between minor versions.
"""

import afnor_ctin.io.frames
import afnor_ctin.report.display  # noqa: F401  (installs the notebook displays of the results)
from afnor_ctin.catalog import (
    Catalog,
    Component,
    ComponentKind,
    IndicatorSpec,
    Kind,
    Of,
    Parameter,
    Provenance,
    catalog,
)
from afnor_ctin.dataset import Dataset, check_integrity
from afnor_ctin.errors import CtinError, DataError, InvalidInputError, Issue, LoadReport, Severity, UnknownCodeError
from afnor_ctin.evaluate import Series, evaluate, evaluate_series, evaluate_territories
from afnor_ctin.io.native import read_dataset, write_dataset
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
from afnor_ctin.referential import REFERENTIAL, Referential, ReferentialEntry
from afnor_ctin.results import Flag, IndicatorResult, Report, Status

__version__ = "0.1.0"

__all__ = [
    "REFERENTIAL",
    "Action",
    "ActionType",
    "Actor",
    "ActorType",
    "AgeBand",
    "Beneficiary",
    "Catalog",
    "Certification",
    "Channel",
    "Commune",
    "Component",
    "ComponentKind",
    "CtinError",
    "DataError",
    "Dataset",
    "Flag",
    "Funder",
    "Funding",
    "Gender",
    "IndicatorResult",
    "IndicatorSpec",
    "InvalidInputError",
    "Issue",
    "Kind",
    "LoadReport",
    "Mediator",
    "MediatorRole",
    "Of",
    "Parameter",
    "Participation",
    "Period",
    "Place",
    "Provenance",
    "Qpv",
    "Referential",
    "ReferentialEntry",
    "Report",
    "Series",
    "Service",
    "Severity",
    "SocialStatus",
    "Status",
    "SubType",
    "Territory",
    "TerritoryLevel",
    "Thematique",
    "UnknownCodeError",
    "__version__",
    "catalog",
    "check_integrity",
    "evaluate",
    "evaluate_series",
    "evaluate_territories",
    "read_dataset",
    "write_dataset",
]
