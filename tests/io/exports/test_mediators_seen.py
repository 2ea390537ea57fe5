"""A mediator named by several activities starts on the earliest one, with the actor of the first row."""

import datetime as dt

from afnor_ctin.io.exports._collect import Collector, MediatorsSeen
from afnor_ctin.model.enums import MediatorRole


def test_earliest_day_and_role_first_actor():
    seen = MediatorsSeen()
    seen.see("M1", dt.date(2024, 3, 1), MediatorRole.MEDIATEUR, "ACT1")
    seen.see("M1", dt.date(2024, 5, 1), MediatorRole.AIDANT, "ACT2")
    seen.see("M1", dt.date(2024, 1, 15), MediatorRole.CONSEILLER_NUMERIQUE, "ACT3")
    seen.see(None, dt.date(2023, 1, 1), MediatorRole.AIDANT, "ACT4")
    seen.see("M2", dt.date(2024, 2, 1), MediatorRole.AIDANT, "ACT2")
    col = Collector("f.csv")
    seen.add_to(col)
    assert sorted(col.mediators) == ["M1", "M2"]
    m1, m2 = col.mediators["M1"], col.mediators["M2"]
    assert (m1.start_date, m1.role, m1.actor_id) == (dt.date(2024, 1, 15), MediatorRole.CONSEILLER_NUMERIQUE, "ACT1")
    assert (m2.start_date, m2.role, m2.actor_id) == (dt.date(2024, 2, 1), MediatorRole.AIDANT, "ACT2")
