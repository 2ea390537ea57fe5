"""The domain model: territory, actors, places, mediators, actions, beneficiaries, fundings."""

from afnor_ctin.model import enums, records
from afnor_ctin.model.enums import *  # noqa: F403  (the enumerations, listed in enums.__all__)
from afnor_ctin.model.records import *  # noqa: F403  (the records, listed in records.__all__)

#: The enumerations and records; the code patterns stay in :mod:`afnor_ctin.model.records`.
__all__ = [*enums.__all__, *(name for name in records.__all__ if not name.endswith("_PATTERN"))]
