"""Statistical secrecy (*secret statistique*) over a whole report, and its public audit.

A report is read as a system of linear relations between the numbers it publishes
(:mod:`afnor_ctin.secrecy.system`, from the catalogue's records); the suppressions are planned over
that system (:func:`plan`) so that no masked count can be recovered exactly from the published
values, which :func:`audit` checks by linear programming on any published report.

>>> from afnor_ctin import Period, evaluate
>>> from afnor_ctin.report.render import apply_secrecy
>>> from afnor_ctin.testing import worked_example
>>> published, masking = apply_secrecy(evaluate(worked_example(), Period.year(2024)), 5)
>>> audit(published).recovered
()
"""

from afnor_ctin.secrecy.audit import Audit, Interval, audit
from afnor_ctin.secrecy.plan import plan
from afnor_ctin.secrecy.system import Cell, Path, Relation, System, build_system

__all__ = ["Audit", "Cell", "Interval", "Path", "Relation", "System", "audit", "build_system", "plan"]
