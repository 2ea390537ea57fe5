"""Running the territorial coordination (I11)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from afnor_ctin.compute import conventions as cv
from afnor_ctin.compute.codes import COORDINATION, SUBTYPES
from afnor_ctin.compute.context import Context, Outcome, outcomes
from afnor_ctin.compute.kernels import Pairs, by_category, category_counts, count_by, ints, share
from afnor_ctin.compute.offer import mapped_actors
from afnor_ctin.results import ComponentValue

__all__ = ["compute_coordination_activity"]


def mobilised_actors(ctx: Context, events: np.ndarray) -> Pairs:
    """Actors present at the coordination events (``events``: group of each action) ∪ governance members."""
    participating = ctx.c.actions.participating
    row_of = participating.row_index()
    present = Pairs(participating.values.astype(np.int64), events[row_of] if len(row_of) else np.zeros(0, np.int32))
    return Pairs.union(present, cv.governance_members(ctx), n_ids=len(ctx.c.actors))


def compute_coordination_activity(ctx: Context) -> list[Outcome]:
    """I11 for every group: the number of coordination actions in T and P."""
    a, n = ctx.c.actions, ctx.n
    coordination = cv.rows_of_type(ctx, COORDINATION)
    event_group = cv.actions_in_t_and_p(ctx)[coordination]
    events = np.full(len(a), -1, dtype=np.int32)
    events[coordination] = event_group
    value = ints(count_by(event_group, n))
    par_type = by_category(
        SUBTYPES, category_counts(event_group, a.subtype[coordination], len(SUBTYPES), n), positive_only=True
    )
    mobilised = ints(mobilised_actors(ctx, events).count(n))
    mapped = ints(mapped_actors(ctx).count(n))
    rates = list(map(share, mobilised, mapped))
    components: dict[str, Sequence[ComponentValue]] = {
        "par_type": par_type,
        "acteurs_mobilises": mobilised,
        "taux_mobilisation": rates,
    }
    return outcomes(value, components)
