"""Shared machinery of the indicators: groups of communes, cached columnar masks, outcomes.

Every indicator is computed for *groups* of communes at once: a single territory is one group,
a national evaluation is one group per EPCI. A group is a disjoint set of communes; every record
is attributed to the group of its commune with one gather (``commune_group[commune]``) and
aggregated with ``np.bincount`` (sums, counts) or sorted distinct ``(group, id)`` keys
(distinct counts). No Python loop runs over records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import Csr, day_number
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import ActionType, Channel
from afnor_ctin.model.records import Territory
from afnor_ctin.period import Period, add_months
from afnor_ctin.report.result import ComponentValue, Flag

__all__ = ["Context", "Groups", "Outcome"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

_ACTION_TYPES = tuple(ActionType)
INDIV = _ACTION_TYPES.index(ActionType.ACCOMPAGNEMENT_INDIVIDUEL)
ATELIER = _ACTION_TYPES.index(ActionType.ATELIER_COLLECTIF)
FORMATION = _ACTION_TYPES.index(ActionType.FORMATION_PROFESSIONNELS)
EQUIPEMENT = _ACTION_TYPES.index(ActionType.EQUIPEMENT_SOLIDAIRE)
CONNEXION = _ACTION_TYPES.index(ActionType.CONNEXION_SOLIDAIRE)
COORDINATION = _ACTION_TYPES.index(ActionType.COORDINATION)
_CHANNELS = tuple(Channel)
LIEU_ACTIVITE = _CHANNELS.index(Channel.LIEU_ACTIVITE)
AUTRE_LIEU = _CHANNELS.index(Channel.AUTRE_LIEU)
A_DISTANCE = _CHANNELS.index(Channel.A_DISTANCE)

#: Days in a month for place freshness (the national platforms' convention).
DAYS_PER_MONTH = 30.44


@attrs.frozen(kw_only=True)
class Outcome:
    """What an indicator computes for one group, before the catalogue adds code, labels and unit."""

    value: int | float | None
    components: Mapping[str, ComponentValue] = attrs.field(factory=dict)
    by_commune: Mapping[str, int | float | None] | None = None
    flags: tuple[Flag, ...] = ()
    reason: str | None = None


class Groups:
    """Disjoint groups of communes (territories) mapped onto a dataset's commune vocabulary.

    The vocabulary is extended with the territories' communes that the data never mentions, so
    that their population still counts.
    """

    def __init__(self, dataset: Dataset, territories: Sequence[Territory]) -> None:
        vocab = dataset.columns.communes.codes
        index = {str(c): i for i, c in enumerate(vocab)}
        extra: list[str] = []
        for t in territories:
            for c in t.communes:
                if c.code_insee not in index:
                    index[c.code_insee] = len(vocab) + len(extra)
                    extra.append(c.code_insee)
        size = len(vocab) + len(extra)
        codes = np.empty(size, dtype=object)
        codes[: len(vocab)] = vocab
        codes[len(vocab) :] = extra
        group = np.full(size, -1, dtype=np.int32)
        population = np.zeros(size, dtype=np.int64)
        ifn = np.full(size, np.nan, dtype=np.float64)
        has_qpv = np.zeros(size, dtype=bool)
        centre = np.zeros(len(territories), dtype=np.int64)
        members: list[I64] = []
        for g, t in enumerate(territories):
            idx = np.array([index[c.code_insee] for c in t.communes], dtype=np.int64)
            if np.any(group[idx] >= 0):
                raise InvalidInputError(
                    f"le territoire « {t.name} » partage des communes avec un autre territoire évalué ensemble"
                )
            group[idx] = g
            population[idx] = [c.population for c in t.communes]
            ifn[idx] = [np.nan if c.ifn_score is None else c.ifn_score for c in t.communes]
            for q in t.qpvs:
                has_qpv[index[q.code_insee]] = True
            centre[g] = index[t.centre]
            members.append(idx)
        self.territories: tuple[Territory, ...] = tuple(territories)
        self.n: int = len(territories)
        self.codes: npt.NDArray[np.object_] = codes
        self.commune_group: npt.NDArray[np.int32] = group
        self.population: I64 = population
        self.ifn: F64 = ifn
        self.has_qpv: B = has_qpv
        self.centre: I64 = centre
        self.members: tuple[I64, ...] = tuple(members)

    @classmethod
    def single(cls, dataset: Dataset) -> Groups:
        """One group: the dataset's own territory."""
        return cls(dataset, (dataset.territory,))

    def of(self, commune: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.int32]:
        """Group of each commune position (``-1`` for ``-1`` or communes outside every group)."""
        commune = np.asarray(commune)
        if len(commune) == 0:
            return np.zeros(0, dtype=np.int32)
        out = self.commune_group[np.maximum(commune, 0)]
        return np.where(commune >= 0, out, np.int32(-1)).astype(np.int32)

    def total(self, per_commune: npt.NDArray[Any]) -> F64:
        """Sum of a per-commune (extended vocabulary) array within each group."""
        inside = self.commune_group >= 0
        weights = per_commune[inside].astype(np.float64)
        return np.bincount(self.commune_group[inside], weights=weights, minlength=self.n).astype(np.float64)

    def breakdown(
        self, g: int, per_commune: npt.NDArray[Any], *, as_int: bool = False
    ) -> dict[str, int | float | None]:
        """The values of ``per_commune`` for the communes of group ``g``, keyed by INSEE code."""
        idx = self.members[g]
        values = per_commune[idx]
        out: dict[str, int | float | None] = {}
        for code, v in zip(self.codes[idx], values.tolist(), strict=True):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                out[str(code)] = None
            else:
                out[str(code)] = int(v) if as_int else float(v)
        return out


def _index_dtype(size: int) -> type[np.signedinteger[Any]]:
    """The narrowest index type for keys below ``size`` (int32 halves the memory traffic)."""
    return np.int32 if size < 2**31 - 1 else np.int64


def count_by(group: npt.NDArray[np.integer[Any]], n: int, weights: npt.NDArray[Any] | None = None) -> F64:
    """Per-group sum of ``weights`` (or count) over rows whose group is ``>= 0``.

    Rows of group ``-1`` fall in a discarded leading bin, which avoids a boolean selection.
    """
    shifted = group.astype(_index_dtype(n + 1), copy=False) + 1
    return np.bincount(shifted, weights=weights, minlength=n + 1)[1:].astype(np.float64)


def pair_keys(group: npt.NDArray[np.integer[Any]], ids: npt.NDArray[np.integer[Any]], n_ids: int) -> I64:
    """Distinct ``group * n_ids + id`` keys for rows whose group and id are ``>= 0`` (in no particular order).

    Small key spaces use a bitmap. Large ones (e.g. 3 million beneficiaries × 1,255 EPCIs) use the
    fact that an id nearly always falls in a single group: each id's pair with one of its groups is
    taken directly, and only the rows of the other groups are sorted.
    """
    keep = (group >= 0) & (ids >= 0)
    g = group[keep].astype(np.int64)
    i = ids[keep].astype(np.int64)
    width = max(n_ids, 1)
    upper = (int(g.max()) + 1) * width if len(g) else 0
    if upper <= BITMAP_LIMIT:
        return sorted_unique(g * width + i, upper)
    first = np.full(width, -1, dtype=np.int64)
    first[i] = g
    primary_ids = np.flatnonzero(first >= 0)
    primary = first[primary_ids] * width + primary_ids
    other = g != first[i]
    secondary = sorted_unique(g[other] * width + i[other])
    return np.concatenate([primary, secondary])


#: Largest key space for which distinct keys are found with a bitmap rather than a sort.
BITMAP_LIMIT = 64_000_000


def sorted_unique(keys: I64, upper: int | None = None) -> I64:
    """Distinct values of a non-negative integer array, sorted.

    With ``upper`` (all keys < upper) no larger than :data:`BITMAP_LIMIT`, a bitmap is used (one
    scatter, linear time); otherwise a sort and a comparison of neighbours (both faster than
    ``np.unique`` on large arrays).
    """
    if len(keys) == 0:
        return keys.astype(np.int64)
    if upper is not None and upper <= BITMAP_LIMIT:
        seen = np.zeros(upper, dtype=bool)
        seen[keys] = True
        return np.flatnonzero(seen).astype(np.int64)
    keys = np.sort(keys)
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def distinct_by(group: npt.NDArray[np.integer[Any]], ids: npt.NDArray[np.integer[Any]], n_ids: int, n: int) -> I64:
    """Per-group number of distinct ``ids`` over rows whose group and id are ``>= 0``."""
    keys = pair_keys(group, ids, n_ids)
    return np.bincount(keys // max(n_ids, 1), minlength=n).astype(np.int64)


def category_counts(
    group: npt.NDArray[np.integer[Any]],
    codes: npt.NDArray[np.integer[Any]],
    n_codes: int,
    n: int,
    weights: npt.NDArray[Any] | None = None,
) -> F64:
    """A ``(n, n_codes)`` table of (weighted) counts of ``codes`` per group (group or code ``< 0`` ignored)."""
    width = n_codes + 1
    dtype = _index_dtype((n + 1) * width)
    flat = group.astype(dtype, copy=False) + 1
    flat *= width
    flat += codes
    flat += 1
    table = np.bincount(flat, weights=weights, minlength=(n + 1) * width).reshape(n + 1, width)
    return table[1:, 1:].astype(np.float64)


def expand(csr: Csr, rows: B) -> tuple[I64, npt.NDArray[Any]]:
    """``(row, value)`` pairs of a multi-valued column restricted to the selected rows."""
    row_of = csr.row_index()
    keep = rows[row_of] if len(row_of) else np.zeros(0, dtype=bool)
    return row_of[keep], csr.values[keep]


class Base:
    """Period-independent cached views of a dataset for a set of groups (shared across periods)."""

    def __init__(self, dataset: Dataset, groups: Groups) -> None:
        self.dataset = dataset
        self.groups = groups
        self.c = dataset.columns

    @cached_property
    def action_group(self) -> npt.NDArray[np.int32]:
        """Group of each action (by its effective commune)."""
        return self.groups.of(self.c.actions.commune)

    @cached_property
    def support(self) -> B:
        """True for support actions (individual support and workshops)."""
        t = self.c.actions.type
        return np.asarray((t == INDIV) | (t == ATELIER), dtype=bool)

    @cached_property
    def participants(self) -> I64:
        """Participants of each action, with the default 1."""
        p = self.c.actions.participants.astype(np.int64)
        return np.where(p < 0, 1, p)

    @cached_property
    def channel(self) -> npt.NDArray[np.int8]:
        """Effective channel code of each action (default: place → lieu_activite, else autre_lieu)."""
        a = self.c.actions
        default = np.where(a.place >= 0, LIEU_ACTIVITE, AUTRE_LIEU).astype(np.int8)
        return np.where(a.channel >= 0, a.channel, default).astype(np.int8)

    @cached_property
    def place_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """Distinct ``(place, group)`` pairs: a place is in a group by its commune or a served commune."""
        p = self.c.places
        n_places = len(p)
        located_group = self.groups.of(p.commune)
        rows, served = expand(p.served, p.itinerant)
        served_group = self.groups.of(served)
        place = np.concatenate([np.arange(n_places, dtype=np.int64), rows])
        group = np.concatenate([located_group, served_group])
        keys = pair_keys(group, place, n_places)
        n = max(n_places, 1)
        return keys % n, (keys // n).astype(np.int32)

    @cached_property
    def actor_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """Distinct ``(actor, group)`` pairs: by the actor's commune or one of its places."""
        a = self.c.actors
        n_actors = len(a)
        place, group = self.place_pairs
        actor = np.concatenate([np.arange(n_actors, dtype=np.int64), self.c.places.actor[place].astype(np.int64)])
        grp = np.concatenate([self.groups.of(a.commune), group])
        keys = pair_keys(grp, actor, n_actors)
        n = max(n_actors, 1)
        return keys % n, (keys // n).astype(np.int32)

    @cached_property
    def governance_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """``(actor, group)`` pairs of the governance members located in each group.

        A member that cannot be located (no commune, no place) counts nowhere; it is reported as
        « acteur non localisé » by :func:`afnor_ctin.evaluate.data_issues`.
        """
        actors, groups = self.actor_pairs
        keep = self.c.actors.governance[actors] if len(actors) else np.zeros(0, dtype=bool)
        return actors[keep], groups[keep]

    @cached_property
    def mediator_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """Distinct ``(mediator, group)`` pairs: by one of its places or its employer's commune."""
        m = self.c.mediators
        n_med = len(m)
        place_of_pair, group_of_pair = self.place_pairs
        # group(s) of each place, then mediator × place → groups
        rows, places = expand(m.places, np.ones(n_med, dtype=bool))
        order = np.argsort(place_of_pair, kind="stable")
        sorted_places = place_of_pair[order]
        lo = np.searchsorted(sorted_places, places, side="left")
        hi = np.searchsorted(sorted_places, places, side="right")
        counts = hi - lo
        med_rep = np.repeat(rows, counts)
        starts = np.repeat(lo, counts)
        offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        grp_rep = group_of_pair[order][starts + offsets] if len(starts) else np.zeros(0, dtype=np.int32)
        employer_group = self.groups.of(self.c.actors.commune[m.actor]) if n_med else np.zeros(0, dtype=np.int32)
        mediator = np.concatenate([np.arange(n_med, dtype=np.int64), med_rep])
        group = np.concatenate([employer_group, grp_rep])
        keys = pair_keys(group, mediator, n_med)
        n = max(n_med, 1)
        return keys % n, (keys // n).astype(np.int32)

    @cached_property
    def place_has_qpv(self) -> B:
        """True for places located in a QPV (``code_qpv`` given)."""
        return self.c.places.qpv.astype(bool)

    @cached_property
    def first_participation_day(self) -> I64:
        """Day of the first support participation of each beneficiary in the whole dataset."""
        p = self.c.participations
        out = np.full(len(self.c.beneficiaries), np.iinfo(np.int64).max, dtype=np.int64)
        if len(p):
            np.minimum.at(out, p.beneficiary, self.c.actions.day[p.action].astype(np.int64))
        return out

    @cached_property
    def group_has_equipment(self) -> B:
        """True for groups with at least one equipment or connection action at any date."""
        t = self.c.actions.type
        sel = (t == EQUIPEMENT) | (t == CONNEXION)
        return count_by(self.action_group[sel], self.groups.n) > 0

    @cached_property
    def funding_group(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """``(funding, group)`` pairs: a funding is in a group when its recipient actor is."""
        f = self.c.fundings
        actors, groups = self.actor_pairs
        order = np.argsort(actors, kind="stable")
        sorted_actors = actors[order]
        lo = np.searchsorted(sorted_actors, f.actor, side="left")
        hi = np.searchsorted(sorted_actors, f.actor, side="right")
        counts = hi - lo
        fund = np.repeat(np.arange(len(f), dtype=np.int64), counts)
        starts = np.repeat(lo, counts)
        offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        grp = groups[order][starts + offsets] if len(starts) else np.zeros(0, dtype=np.int32)
        return fund, grp.astype(np.int32)


class Context:
    """Cached views for one period on top of a :class:`Base` (what every indicator reads)."""

    def __init__(self, base: Base, period: Period) -> None:
        self.base = base
        self.period = period
        self.groups = base.groups
        self.c = base.c
        self.n = base.groups.n
        self.start = day_number(period.start)
        self.end = day_number(period.end)

    @classmethod
    def single(cls, dataset: Dataset, period: Period) -> Context:
        """Context for the dataset's own territory."""
        return cls(Base(dataset, Groups.single(dataset)), period)

    @cached_property
    def in_period(self) -> B:
        """Actions dated in the period."""
        day = self.c.actions.day
        return (day >= self.start) & (day <= self.end)

    @cached_property
    def action_group_p(self) -> npt.NDArray[np.int32]:
        """Group of each action dated in the period, ``-1`` otherwise."""
        return np.where(self.in_period, self.base.action_group, np.int32(-1)).astype(np.int32)

    @cached_property
    def support_group(self) -> npt.NDArray[np.int32]:
        """Group of each support action in T and P, ``-1`` otherwise."""
        return np.where(self.base.support, self.action_group_p, np.int32(-1)).astype(np.int32)

    @cached_property
    def active_places(self) -> B:
        """Places open at the reference date."""
        p = self.c.places
        return (p.opening <= self.end) & (p.closing >= self.end)

    @cached_property
    def active_place_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """``(place, group)`` pairs of the active places."""
        place, group = self.base.place_pairs
        keep = self.active_places[place] if len(place) else np.zeros(0, dtype=bool)
        return place[keep], group[keep]

    @cached_property
    def mediators_in_post(self) -> B:
        """Mediators in post at the reference date."""
        m = self.c.mediators
        return (m.start <= self.end) & (m.end >= self.end)

    @cached_property
    def mediator_post_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """``(mediator, group)`` pairs of the mediators in post in T at the reference date."""
        med, group = self.base.mediator_pairs
        keep = self.mediators_in_post[med] if len(med) else np.zeros(0, dtype=bool)
        return med[keep], group[keep]

    @cached_property
    def covered(self) -> B:
        """Communes (extended vocabulary) covered at the reference date (I02's definition)."""
        p = self.c.places
        out = np.zeros(len(self.groups.codes), dtype=bool)
        active = self.active_places
        out[p.commune[active]] = True
        _, served = expand(p.served, active & p.itinerant)
        out[served] = True
        return out

    @cached_property
    def support_rows(self) -> I64:
        """Positions of the support actions in T and P."""
        return np.flatnonzero(self.support_group >= 0)

    @cached_property
    def months(self) -> tuple[I64, list[str]]:
        """Month index (from the period's first month) of each day of the period, and the month labels."""
        days = np.arange(self.start, self.end + 1, dtype=np.int64).astype("datetime64[D]")
        month_of_day = days.astype("datetime64[M]").astype(np.int64)
        first = int(month_of_day[0])
        labels = [str(np.datetime64(first + k, "M")) for k in range(int(month_of_day[-1]) - first + 1)]
        return month_of_day - first, labels

    @cached_property
    def support_cube(self) -> tuple[F64, F64, F64]:
        """Support actions in T and P tallied by (group, individual/workshop, channel, month).

        Returns the number of actions, of accompaniments (Σ participants) and of minutes, each of
        shape ``(groups, 2, 4, months)``: one pass over the actions serves every I04 component.
        """
        rows = self.support_rows
        a = self.c.actions
        month_of_day, labels = self.months
        n_months = len(labels)
        size = self.n * 2 * len(_CHANNELS) * n_months
        key = self.support_group[rows].astype(_index_dtype(size))
        key *= 2
        key += a.type[rows] == ATELIER
        key *= len(_CHANNELS)
        key += self.base.channel[rows]
        key *= n_months
        key += month_of_day[a.day[rows] - self.start].astype(key.dtype)
        shape = (self.n, 2, len(_CHANNELS), n_months)
        counts = np.bincount(key, minlength=size).reshape(shape).astype(np.float64)
        people = np.bincount(key, weights=self.base.participants[rows], minlength=size).reshape(shape)
        minutes = np.bincount(key, weights=np.maximum(a.duration[rows], 0), minlength=size).reshape(shape)
        return counts, people.astype(np.float64), minutes.astype(np.float64)

    @cached_property
    def support_by_commune(self) -> tuple[F64, F64]:
        """Support actions in T and P and their accompaniments per commune (extended vocabulary)."""
        rows = self.support_rows
        commune = self.c.actions.commune[rows]
        size = len(self.groups.codes)
        counts = np.bincount(commune, minlength=size).astype(np.float64)
        people = np.bincount(commune, weights=self.base.participants[rows], minlength=size).astype(np.float64)
        return counts, people

    @cached_property
    def accompaniments_by_commune(self) -> F64:
        """Accompaniments (Σ participants of support actions in T and P) per commune (extended)."""
        return self.support_by_commune[1]

    @cached_property
    def accompaniments(self) -> F64:
        """Accompaniments (Σ participants of support actions in T and P) per group."""
        return np.asarray(self.support_cube[1].sum(axis=(1, 2, 3)), dtype=np.float64)

    @cached_property
    def mediators_in_post_count(self) -> I64:
        """Number of distinct mediators in post in T at the reference date, per group (I03)."""
        _, group = self.mediator_post_pairs
        return np.bincount(group, minlength=self.n).astype(np.int64)

    @cached_property
    def mapped_actor_pairs(self) -> tuple[I64, npt.NDArray[np.int32]]:
        """Distinct ``(actor, group)`` pairs of the actors mapped in T (I01's definition).

        An actor is mapped when it carries an active place in T, is a governance member located in
        T, or carries an action of any type in T and P.
        """
        c = self.c
        place, pgroup = self.active_place_pairs
        gov, ggroup = self.base.governance_pairs
        sel = self.action_group_p >= 0
        actor = np.concatenate([c.places.actor[place].astype(np.int64), gov, c.actions.actor[sel].astype(np.int64)])
        group = np.concatenate([pgroup, ggroup, self.action_group_p[sel]]).astype(np.int32)
        n_actors = max(len(c.actors), 1)
        keys = pair_keys(group, actor, n_actors)
        return keys % n_actors, (keys // n_actors).astype(np.int32)

    @cached_property
    def mapped_actor_count(self) -> I64:
        """Number of actors mapped in T, per group (I01)."""
        _, group = self.mapped_actor_pairs
        return np.bincount(group, minlength=self.n).astype(np.int64)

    def at_minus_months(self, months: int) -> int:
        """Day number of the reference date shifted by calendar months."""
        return day_number(add_months(self.period.end, months))


def share(num: float, den: float) -> float | None:
    """``num / den`` or ``None`` when the denominator is 0."""
    return None if den == 0 else float(num) / float(den)


def not_computable(
    reason: str,
    components: Mapping[str, ComponentValue] | None = None,
    by_commune: Mapping[str, int | float | None] | None = None,
    flags: tuple[Flag, ...] = (),
) -> Outcome:
    """An outcome whose value is undefined, with its French reason."""
    return Outcome(value=None, components=components or {}, by_commune=by_commune, reason=reason, flags=flags)
