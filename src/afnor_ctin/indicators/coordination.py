"""Running the territorial coordination (I11)."""

from __future__ import annotations

from afnor_ctin.catalog.builtin import BUILTIN
from afnor_ctin.dataset import Dataset
from afnor_ctin.period import Period
from afnor_ctin.results import IndicatorResult

__all__ = ["coordination_activity"]


def coordination_activity(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I11 — Running the territorial coordination [événements].

    Number of ``coordination`` actions in T and P.

    Returns
    -------
    IndicatorResult
        Components ``par_type`` (``sous_type``), ``acteurs_mobilises`` (distinct actors present at
        those events, plus governance members), ``taux_mobilisation`` = acteurs_mobilises ÷ I01.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = coordination_activity(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.components["par_type"]  # events by sous_type
    {'comite': 1, 'groupe_de_travail': 1}
    >>> r.value, r.components["acteurs_mobilises"], r.components["taux_mobilisation"]
    (2, 3, 1.0)
    """
    return BUILTIN["I11"].evaluate(dataset, period)
