"""Running the territorial coordination (I11)."""

from __future__ import annotations

import numpy as np

from afnor_ctin.dataset import Dataset
from afnor_ctin.indicators._engine import (
    COORDINATION,
    Context,
    Outcome,
    category_counts,
    count_by,
    pair_keys,
    share,
)
from afnor_ctin.indicators._single import evaluate_one
from afnor_ctin.model.enums import SubType
from afnor_ctin.period import Period
from afnor_ctin.report.result import IndicatorResult

__all__ = ["coordination_activity"]

_SUBTYPES = tuple(SubType)


def compute_coordination_activity(ctx: Context) -> list[Outcome]:
    """I11 for every group of ``ctx``."""
    c, n = ctx.c, ctx.n
    a = c.actions
    group = np.where(a.type == COORDINATION, ctx.action_group_p, -1).astype(np.int32)
    value = count_by(group, n)
    by_type = category_counts(group, a.subtype, len(_SUBTYPES), n)
    row_of = a.participating.row_index()
    present_group = group[row_of] if len(row_of) else np.zeros(0, dtype=np.int32)
    gov, ggroup = ctx.base.governance_pairs
    all_actor = np.concatenate([a.participating.values.astype(np.int64), gov])
    all_group = np.concatenate([present_group, ggroup]).astype(np.int32)
    keys = pair_keys(all_group, all_actor, len(c.actors))
    mobilised = np.bincount(keys // max(len(c.actors), 1), minlength=n)
    mapped = ctx.mapped_actor_count
    out = []
    for g in range(n):
        out.append(
            Outcome(
                value=int(value[g]),
                components={
                    "par_type": {s.value: int(v) for s, v in zip(_SUBTYPES, by_type[g], strict=True) if v},
                    "acteurs_mobilises": int(mobilised[g]),
                    "taux_mobilisation": share(mobilised[g], mapped[g]),
                },
            )
        )
    return out


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
    >>> r.value, r.components["acteurs_mobilises"], r.components["taux_mobilisation"]
    (2, 3, 1.0)
    """
    return evaluate_one("I11", dataset, period, {})
