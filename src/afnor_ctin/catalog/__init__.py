"""The catalogue of indicators: the single source of truth for their metadata.

The CLI listing, the generated documentation pages, statistical secrecy, the renderers and the
common tests are all driven by it. Each :class:`IndicatorSpec` names the compute function of the
indicator (:mod:`afnor_ctin.compute`) and describes what it publishes with
:class:`~afnor_ctin.catalog.records.Component` records and its
:class:`~afnor_ctin.catalog.records.Parameter` records; the wording and the parameter values come
from a referential (:class:`~afnor_ctin.referential.Referential`, the bundled one by default).

>>> catalog.get("I04").label
'Actions d’accompagnement et de formation au numérique'
>>> [s.code for s in catalog][:3]
['I01', 'I02', 'I03']
>>> [(c.name, c.kind.value, c.unit) for c in catalog.get("I04").components][:2]
[('individuels', 'count', 'actions'), ('ateliers', 'count', 'actions')]
>>> p = catalog.get("I07").parameters[0]
>>> p.name, p.key, p.default, p.range_text()
('ifn_threshold', 'seuil_ifn', 7.0, 'de 0 à 10')

Users add their own indicators with :meth:`Catalog.register` (see « Ajouter son propre indicateur »
in the documentation); the built-in specs themselves (:data:`BUILTIN`) never change.
"""

from afnor_ctin.catalog.builtin import BUILTIN
from afnor_ctin.catalog.records import (
    PUBLIC_QUANTITIES,
    Component,
    ComponentKind,
    Identity,
    Keys,
    Kind,
    Of,
    Parameter,
    Term,
)
from afnor_ctin.catalog.spec import Catalog, ComputeFunction, IndicatorFunction, IndicatorSpec
from afnor_ctin.referential import Provenance

__all__ = [
    "BUILTIN",
    "PUBLIC_QUANTITIES",
    "Catalog",
    "Component",
    "ComponentKind",
    "ComputeFunction",
    "Identity",
    "IndicatorFunction",
    "IndicatorSpec",
    "Keys",
    "Kind",
    "Of",
    "Parameter",
    "Provenance",
    "Term",
    "catalog",
]

#: The catalogue: the built-in indicators of the referential ``ctin-2021-reconstructed``, plus the
#: indicators users register.
catalog = Catalog(tuple(BUILTIN.values()))
