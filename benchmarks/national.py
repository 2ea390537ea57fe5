"""Synthetic national CTIN dataset, built column by column (no record is ever created).

Every commune and EPCI of the bundled reference data (:mod:`afnor_ctin.reference`) with its real
population. Actors, places, mediators and fundings are spread in proportion to population; support
actions are skewed towards populous communes (weight ``population ** ACTION_SKEW``), so city centres
are dense and rural communes sparse; beneficiaries live in the commune where they are supported
(when someone lives there) and come back several times; part of the workshop seats stay anonymous.

Reference scale (``scale=1``): 10,000,000 support actions, about 12,000,000 participation rows,
3,000,000 beneficiaries, 60,000 places, 30,000 actors, 20,000 mediators, 50,000 fundings, over
2024, plus coordination, training and equipment actions. The generator is seeded: the same
``(scale, seed)`` always gives the same dataset.

Usage as a script (writes the dataset as Parquet)::

    python benchmarks/national.py --scale 0.01 --out /tmp/national-0.01

Usage as a module::

    from national import generate, epci_territories
    ds = generate(scale=0.001, seed=1)
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from afnor_ctin import reference
from afnor_ctin.columns import (
    DAY_MAX,
    DAY_MIN,
    ActionTable,
    ActorTable,
    BeneficiaryTable,
    Columns,
    CommuneTable,
    Csr,
    FundingTable,
    MediatorTable,
    ParticipationTable,
    PlaceTable,
    day_number,
)
from afnor_ctin.dataset import Dataset
from afnor_ctin.model import (
    ActionType,
    ActorType,
    Commune,
    Funder,
    Qpv,
    Service,
    SubType,
    Territory,
    TerritoryLevel,
    Thematique,
)

#: Counts at scale 1.
REFERENCE_COUNTS: dict[str, int] = {
    "support_actions": 10_000_000,
    "participations": 12_000_000,
    "beneficiaries": 3_000_000,
    "places": 60_000,
    "actors": 30_000,
    "mediators": 20_000,
    "fundings": 50_000,
    "coordination": 20_000,
    "training": 10_000,
    "equipment": 20_000,
    "connection": 10_000,
    "external_trainees": 20_000,
}
#: Exponent of the commune population in the weight of support actions (> 1: dense centres).
ACTION_SKEW = 1.25
#: Year of the generated activity (default).
YEAR = 2024
#: In a multi-year dataset, beneficiaries arriving each year after the first, as a share of the first year's.
NEW_BENEFICIARIES_PER_YEAR = 0.5
#: Code and name of the national territory.
TERRITORY_CODE = "FR-SYNTH"
TERRITORY_NAME = "France (synthétique)"

ACTION_TYPES = tuple(ActionType)
SUBTYPES = tuple(SubType)
FUNDERS = tuple(Funder)
SERVICES = tuple(Service)

IntArray = npt.NDArray[np.int64]


def _count(name: str, scale: float) -> int:
    return max(1, round(REFERENCE_COUNTS[name] * scale))


def _ids(prefix: str, n: int) -> npt.NDArray[Any]:
    """Cheap ids: a numpy variable-width string array ``prefix0, prefix1, …`` (no Python objects)."""
    return np.strings.add(prefix, np.arange(n).astype(np.dtypes.StringDType()))


def _obj_ids(prefix: str, n: int) -> npt.NDArray[np.object_]:
    out = np.empty(n, dtype=object)
    out[:] = [f"{prefix}{i}" for i in range(n)]
    return out


def _pick(rng: np.random.Generator, weights: npt.NDArray[np.float64], n: int) -> IntArray:
    """``n`` positions drawn with probability proportional to ``weights`` (inverse CDF, fast)."""
    cdf = np.cumsum(weights, dtype=np.float64)
    cdf /= cdf[-1]
    out = np.searchsorted(cdf, rng.random(n), side="right")
    return np.minimum(out, len(weights) - 1).astype(np.int64)


def _pick_within(
    rng: np.random.Generator, group: IntArray, order: IntArray, starts: IntArray, counts: IntArray, fallback: int
) -> IntArray:
    """For each entry of ``group``, a random member of that group (uniform), else a random member overall.

    ``order`` lists members sorted by group; ``starts``/``counts`` locate each group in it.
    """
    n = len(group)
    c = counts[group]
    u = rng.random(n)
    anywhere = np.minimum((u * fallback).astype(np.int64), fallback - 1)
    if len(order) == 0:
        return anywhere
    pos = starts[group] + np.minimum((u * c).astype(np.int64), np.maximum(c - 1, 0))
    within = order[np.minimum(pos, len(order) - 1)]
    return np.where(c > 0, within, anywhere)


def _groups(keys: IntArray, n_groups: int) -> tuple[IntArray, IntArray, IntArray]:
    order = np.argsort(keys, kind="stable").astype(np.int64)
    counts = np.bincount(keys, minlength=n_groups).astype(np.int64)
    starts = np.zeros(n_groups, dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    return order, starts, counts


def _unique(keys: IntArray) -> IntArray:
    """Sorted distinct values (sort then drop repeats: ~100× faster than ``np.unique`` on 10⁷ keys, numpy 2.4)."""
    keys = np.sort(keys)
    if len(keys) == 0:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _csr_unique(rows: IntArray, values: IntArray, n_rows: int, n_values: int, dtype: Any) -> Csr:
    """CSR from (row, value) pairs, values sorted and deduplicated within each row."""
    keys = _unique(rows * np.int64(n_values) + values)
    r = keys // n_values
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=n_rows), out=indptr[1:])
    return Csr(indptr, (keys % n_values).astype(dtype))


def parse_years(text: str) -> tuple[int, ...]:
    """Years from ``"2024"``, ``"2021-2025"`` (inclusive range) or ``"2021,2023"``.

    >>> parse_years("2021-2023")
    (2021, 2022, 2023)
    """
    years: set[int] = set()
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        years.update(range(int(first), int(last or first) + 1))
    if not years:
        raise ValueError(f"aucune année dans « {text} »")
    return tuple(sorted(years))


def national_territory(seed: int = 0) -> Territory:
    """Every commune of the reference data with its population, a synthetic IFN score and the QPVs.

    IFN scores (0–10) are drawn higher for small communes (rural fragility), so that I07 is defined.
    """
    rng = np.random.default_rng(seed + 7)
    table = sorted(reference.communes().values(), key=lambda c: c.code_insee)
    pop = np.array([c.population for c in table], dtype=np.float64)
    base = 8.5 - 1.1 * np.log10(np.maximum(pop, 1.0))
    ifn = np.clip(base + rng.normal(0.0, 1.2, len(table)), 0.0, 10.0).round(1)
    communes = tuple(
        Commune(
            code_insee=c.code_insee,
            name=c.name,
            population=c.population,
            population_year=c.population_year,
            ifn_score=float(s),
        )
        for c, s in zip(table, ifn, strict=True)
    )
    return Territory(
        code=TERRITORY_CODE,
        name=TERRITORY_NAME,
        level=TerritoryLevel.AUTRE,
        communes=communes,
        qpvs=tuple(
            Qpv(code=q.code, name=q.name, code_insee=q.code_insee, population=q.population) for q in reference.qpvs()
        ),
    )


def epci_territories(national: Territory) -> list[Territory]:
    """The 1,255 EPCIs as territories, with the communes (and IFN scores) of ``national``."""
    by_code = {c.code_insee: c for c in national.communes}
    qpvs_by_commune: dict[str, list[Qpv]] = {}
    for q in national.qpvs:
        qpvs_by_commune.setdefault(q.code_insee, []).append(q)
    out = []
    for siren, epci in sorted(reference.epcis().items()):
        members = tuple(by_code[c] for c in epci.communes if c in by_code)
        if not members:
            continue
        out.append(
            Territory(
                code=siren,
                name=epci.name,
                level=TerritoryLevel.EPCI,
                communes=members,
                qpvs=tuple(q for c in members for q in qpvs_by_commune.get(c.code_insee, ())),
            )
        )
    return out


@dataclass(frozen=True)
class _Stock:
    """What every year's actions are drawn from: communes, actors, places and mediators."""

    pop: npt.NDArray[np.float64]
    weight_pop: npt.NDArray[np.float64]
    commune_epci: IntArray
    actor_commune: IntArray
    governance: npt.NDArray[np.bool_]
    place_commune: IntArray
    place_actor: IntArray
    #: Actors grouped by EPCI and mediators grouped by actor (``order, starts, counts``).
    actors_by_epci: tuple[IntArray, IntArray, IntArray]
    mediators_by_actor: tuple[IntArray, IntArray, IntArray]
    n_m: int
    n_persons: int


class _ActionColumns:
    """The action columns of every year, allocated once and filled chunk by chunk (no concatenation copy)."""

    FIELDS: ClassVar[dict[str, Any]] = {
        "type": np.int8,
        "day": np.int32,
        "actor": np.int32,
        "mediator": np.int32,
        "place": np.int32,
        "code_insee": np.int32,
        "commune": np.int32,
        "channel": np.int8,
        "duration": np.int32,
        "participants": np.int32,
        "quantity": np.int32,
        "subtype": np.int8,
    }
    LISTS: ClassVar[dict[str, Any]] = {"thematiques": np.int8, "participating": np.int32, "trained": np.int32}

    def __init__(self, n: int) -> None:
        self.n, self.filled = n, 0
        self.arrays = {name: np.empty(n, dtype=dtype) for name, dtype in self.FIELDS.items()}
        self.indptr = {name: np.zeros(n + 1, dtype=np.int64) for name in self.LISTS}
        self.values: dict[str, list[npt.NDArray[Any]]] = {name: [] for name in self.LISTS}

    def add(self, chunk: dict[str, Any]) -> None:
        lo = self.filled
        hi = lo + len(chunk["type"])
        for name in self.FIELDS:
            self.arrays[name][lo:hi] = chunk[name]
        for name, dtype in self.LISTS.items():
            csr: Csr = chunk[name]
            self.indptr[name][lo + 1 : hi + 1] = csr.indptr[1:] + self.indptr[name][lo]
            self.values[name].append(csr.values.astype(dtype))
        self.filled = hi

    def table(self) -> ActionTable:
        assert self.filled == self.n
        lists = {name: Csr(self.indptr[name], np.concatenate(self.values[name])) for name in self.LISTS}
        return ActionTable(ids=_ids("ACN", self.n), **self.arrays, **lists)


def _support_actions(rng: np.random.Generator, s: _Stock, n_s: int, day0: int, n_days: int) -> dict[str, Any]:
    """One year of support actions (individual and workshops), dense in populous communes."""
    n_a = len(s.actor_commune)
    m_order, m_starts, m_counts = s.mediators_by_actor
    place_weight = np.maximum(s.pop[s.place_commune], 1.0) ** (ACTION_SKEW - 1.0)
    at_place = rng.random(n_s) < 0.85
    k_place = int(at_place.sum())
    s_place = np.full(n_s, -1, dtype=np.int64)
    s_place[at_place] = _pick(rng, place_weight, k_place)
    s_code = np.full(n_s, -1, dtype=np.int64)
    s_code[~at_place] = _pick(rng, s.weight_pop**ACTION_SKEW, n_s - k_place)
    s_commune = np.where(at_place, s.place_commune[np.maximum(s_place, 0)], s_code)
    # Actions without a place are carried by an actor of their EPCI.
    s_actor = np.where(
        at_place,
        s.place_actor[np.maximum(s_place, 0)],
        _pick_within(rng, s.commune_epci[np.maximum(s_code, 0)], *s.actors_by_epci, n_a),
    )
    s_mediator = _pick_within(rng, s_actor, m_order, m_starts, m_counts, s.n_m)
    s_mediator = np.where(m_counts[s_actor] > 0, s_mediator, -1)
    workshop = rng.random(n_s) < 0.2
    s_participants = np.where(workshop, rng.integers(2, 13, n_s), np.where(rng.random(n_s) < 0.5, -1, 1))
    s_day = day0 + rng.integers(0, n_days, n_s)
    s_channel = rng.choice(np.array([-1, 0, 1, 2, 3], dtype=np.int8), n_s, p=[0.1, 0.65, 0.1, 0.05, 0.1])
    s_duration = np.where(rng.random(n_s) < 0.05, -1, rng.choice([30, 45, 60, 90, 120], n_s))
    th_len = rng.integers(1, 4, n_s)
    th_indptr = np.zeros(n_s + 1, dtype=np.int64)
    np.cumsum(th_len, out=th_indptr[1:])
    # Distinct thématiques per row: a random start and consecutive codes.
    th_start = np.repeat(rng.integers(0, len(Thematique), n_s), th_len)
    th_offset = np.arange(th_indptr[-1], dtype=np.int64) - np.repeat(th_indptr[:-1], th_len)
    return {
        "type": np.where(workshop, 1, 0),
        "day": s_day,
        "actor": s_actor,
        "mediator": s_mediator,
        "place": s_place,
        "code_insee": s_code,
        "commune": s_commune,
        "channel": s_channel,
        "duration": s_duration,
        "participants": s_participants,
        "quantity": -1,
        "subtype": -1,
        "thematiques": Csr(th_indptr, ((th_start + th_offset) % len(Thematique)).astype(np.int8)),
        "participating": Csr.empty(n_s, np.int32),
        "trained": Csr.empty(n_s, np.int32),
    }


def _other_actions(rng: np.random.Generator, s: _Stock, scale: float, day0: int, n_days: int) -> dict[str, Any]:
    """One year of coordination, training, equipment and connection actions, carried by actors."""
    n_a = len(s.actor_commune)
    n_co = _count("coordination", scale)
    n_tr = _count("training", scale)
    n_eq = _count("equipment", scale)
    n_cx = _count("connection", scale)
    n_o = n_co + n_tr + n_eq + n_cx
    o_type = np.concatenate(
        [
            np.full(n_co, ACTION_TYPES.index(ActionType.COORDINATION)),
            np.full(n_tr, ACTION_TYPES.index(ActionType.FORMATION_PROFESSIONNELS)),
            np.full(n_eq, ACTION_TYPES.index(ActionType.EQUIPEMENT_SOLIDAIRE)),
            np.full(n_cx, ACTION_TYPES.index(ActionType.CONNEXION_SOLIDAIRE)),
        ]
    )
    o_actor = _pick(rng, np.where(s.governance, 5.0, 1.0), n_o)
    o_code = s.actor_commune[o_actor]
    o_epci = s.commune_epci[o_code]
    o_subtype = np.full(n_o, -1, dtype=np.int64)
    o_subtype[:n_co] = rng.integers(0, SUBTYPES.index(SubType.AUTRE) + 1, n_co)
    o_subtype[n_co + n_tr :] = rng.integers(SUBTYPES.index(SubType.RECONDITIONNE), len(SUBTYPES), n_eq + n_cx)
    o_quantity = np.full(n_o, -1, dtype=np.int64)
    o_quantity[n_co + n_tr : n_co + n_tr + n_eq] = rng.integers(1, 31, n_eq)
    o_quantity[n_co + n_tr + n_eq :] = rng.integers(1, 11, n_cx)
    o_duration = np.full(n_o, -1, dtype=np.int64)
    o_duration[: n_co + n_tr] = rng.choice([60, 120, 180, 420], n_co + n_tr)
    # Participating actors: 2–6 for coordination, 1–4 for training, from the EPCI of the carrier.
    part_len = np.zeros(n_o, dtype=np.int64)
    part_len[:n_co] = rng.integers(2, 7, n_co)
    part_len[n_co : n_co + n_tr] = rng.integers(1, 5, n_tr)
    p_rows = np.repeat(np.arange(n_o, dtype=np.int64), part_len)
    p_vals = _pick_within(rng, o_epci[p_rows], *s.actors_by_epci, n_a)
    # Trained people: mediators and external people (persons vocabulary).
    tr_len = np.zeros(n_o, dtype=np.int64)
    tr_len[n_co : n_co + n_tr] = rng.integers(3, 16, n_tr)
    t_rows = np.repeat(np.arange(n_o, dtype=np.int64), tr_len)
    t_vals = rng.integers(0, s.n_persons, len(t_rows))
    return {
        "type": o_type,
        "day": day0 + rng.integers(0, n_days, n_o),
        "actor": o_actor,
        "mediator": -1,
        "place": -1,
        "code_insee": o_code,
        "commune": o_code,
        "channel": -1,
        "duration": o_duration,
        "participants": -1,
        "quantity": o_quantity,
        "subtype": o_subtype,
        "thematiques": Csr.empty(n_o, np.int8),
        "participating": _csr_unique(p_rows, p_vals, n_o, n_a, np.int32),
        "trained": _csr_unique(t_rows, t_vals, n_o, s.n_persons, np.int32),
    }


def _participations(
    rng: np.random.Generator,
    support: dict[str, Any],
    target: int,
    by_residence: tuple[IntArray, IntArray, IntArray],
    n_arrived: int,
    n_b: int,
) -> IntArray:
    """One year of participation rows as sorted ``action * n_b + beneficiary`` keys (positions in the year).

    Seats are kept at random to reach ``target`` rows; each goes to a beneficiary living in the
    action's commune among the first ``n_arrived`` (those who have arrived by this year), the
    others stay anonymous.
    """
    seats = np.maximum(support["participants"], 1)
    total_seats = int(seats.sum())
    seat_action = np.repeat(np.arange(len(seats), dtype=np.int64), seats)
    keep = rng.random(total_seats) < min(1.0, target / total_seats * 1.01)
    seat_action = seat_action[keep]
    del keep
    who = _pick_within(rng, support["commune"][seat_action], *by_residence, n_arrived)
    return _unique(seat_action * np.int64(n_b) + who)


def _span(years: Sequence[int]) -> tuple[int, int]:
    """First day number and number of days of the years ``years[0]``…``years[-1]``."""
    first = day_number(dt.date(years[0], 1, 1))
    return first, day_number(dt.date(years[-1], 12, 31)) - first + 1


def generate(
    scale: float = 1.0, seed: int = 0, territory: Territory | None = None, years: Sequence[int] = (YEAR,)
) -> Dataset:
    """Generate the synthetic national dataset at ``scale`` (1 = reference scale).

    Parameters
    ----------
    scale:
        Multiplies every count of :data:`REFERENCE_COUNTS` (communes and populations stay real).
    seed:
        Seed of the random generator.
    territory:
        The national territory (default: :func:`national_territory` with the same seed).
    years:
        Years of activity (sorted, distinct). Each year has the actions and participations of
        :data:`REFERENCE_COUNTS`; places, mediators and fundings span the years; the first
        year's beneficiaries are joined by :data:`NEW_BENEFICIARIES_PER_YEAR` of their number
        each later year. With one year the dataset is the same as before years were added.
    """
    years = sorted(set(years))
    rng = np.random.default_rng(seed)
    territory = territory if territory is not None else national_territory(seed)
    communes = territory.communes
    n_c = len(communes)
    codes = np.empty(n_c, dtype=object)
    codes[:] = [c.code_insee for c in communes]
    order = np.argsort(codes)
    assert np.all(order == np.arange(n_c)), "communes must be sorted by code"
    pop = np.array([c.population for c in communes], dtype=np.float64)
    ifn = np.array([np.nan if c.ifn_score is None else c.ifn_score for c in communes], dtype=np.float64)
    ref = reference.communes()
    epci_codes = sorted({ref[c].epci or f"-{c}" for c in codes})
    epci_pos = {e: i for i, e in enumerate(epci_codes)}
    commune_epci = np.array([epci_pos[ref[c].epci or f"-{c}"] for c in codes], dtype=np.int64)
    n_e = len(epci_codes)
    cpos = {c: i for i, c in enumerate(codes)}
    qpv_of_commune: dict[int, list[str]] = {}
    for q in territory.qpvs:
        qpv_of_commune.setdefault(cpos[q.code_insee], []).append(q.code)

    commune_table = CommuneTable(
        codes=codes, in_territory=np.ones(n_c, dtype=bool), population=pop.astype(np.int64), ifn=ifn
    )
    weight_pop = np.maximum(pop, 1.0)
    day0, n_days = _span(years)
    n_years = len(years)

    # -- actors ----------------------------------------------------------------------------------
    n_a = _count("actors", scale)
    actor_commune = _pick(rng, weight_pop, n_a)
    actor_types = np.array([ActorType(t) for t in ("ASSO", "CCAS", "BIB", "EPN", "MUNI", "CS", "TIERS_LIEUX")])
    type_codes = np.array([list(ActorType).index(t) for t in actor_types], dtype=np.int16)
    actors = ActorTable(
        ids=_obj_ids("ACT", n_a),
        names=_obj_ids("Structure ", n_a),
        type=type_codes[rng.integers(0, len(type_codes), n_a)],
        siret=np.full(n_a, None, dtype=object),
        commune=actor_commune.astype(np.int32),
        governance=rng.random(n_a) < 0.1,
    )
    a_order, a_starts, a_counts = _groups(commune_epci[actor_commune], n_e)

    # -- places ----------------------------------------------------------------------------------
    n_p = _count("places", scale)
    place_actor = rng.integers(0, n_a, n_p)
    moved = rng.random(n_p) < 0.3
    place_commune = np.where(moved, _pick(rng, weight_pop, n_p), actor_commune[place_actor])
    # A moved place stays with an actor of its own EPCI when there is one.
    place_actor = np.where(
        moved,
        _pick_within(rng, commune_epci[place_commune], a_order, a_starts, a_counts, n_a),
        place_actor,
    )
    qpv = np.full(n_p, None, dtype=object)
    with_qpv = np.flatnonzero(rng.random(n_p) < 0.35)
    for i in with_qpv:
        options = qpv_of_commune.get(int(place_commune[i]))
        if options:
            qpv[i] = options[int(rng.integers(0, len(options)))]
    itinerant = rng.random(n_p) < 0.03
    c_order, c_starts, c_counts = _groups(commune_epci, n_e)
    it_rows = np.flatnonzero(itinerant)
    lengths = np.zeros(n_p, dtype=np.int64)
    lengths[it_rows] = rng.integers(2, 7, len(it_rows))
    rows = np.repeat(np.arange(n_p, dtype=np.int64), lengths)
    served = _csr_unique(
        rows,
        _pick_within(rng, commune_epci[place_commune[rows]], c_order, c_starts, c_counts, n_c),
        n_p,
        n_c,
        np.int32,
    )
    services = rng.integers(1, 1 << len(SERVICES), n_p).astype(np.uint16)
    opening = day_number(dt.date(2015, 1, 1)) + rng.integers(0, 10 * 365, n_p)
    opening = np.where(rng.random(n_p) < 0.1, DAY_MIN, opening).astype(np.int32)
    closed = rng.random(n_p) < 0.05
    closing = np.where(closed, day0 + rng.integers(-400, n_days, n_p), DAY_MAX)
    closing = np.where(closed & (opening != DAY_MIN), np.maximum(closing, opening), closing).astype(np.int32)
    updated = day_number(dt.date(years[-1] - 3, 1, 1)) + rng.integers(0, 4 * 365, n_p)
    updated = np.where(rng.random(n_p) < 0.05, DAY_MIN, updated).astype(np.int32)
    places = PlaceTable(
        ids=_obj_ids("LIEU", n_p),
        actor=place_actor.astype(np.int32),
        names=_obj_ids("Lieu ", n_p),
        commune=place_commune.astype(np.int32),
        qpv=qpv,
        services=services,
        itinerant=itinerant,
        served=served,
        opening=opening,
        closing=closing,
        updated=updated,
    )

    # -- mediators -------------------------------------------------------------------------------
    n_m = _count("mediators", scale)
    med_place = rng.integers(0, n_p, n_m)
    med_actor = place_actor[med_place]
    placeless = rng.random(n_m) < 0.05
    second = rng.integers(0, n_p, n_m)
    two = (rng.random(n_m) < 0.15) & ~placeless
    m_rows = np.concatenate([np.flatnonzero(~placeless), np.flatnonzero(two)])
    m_vals = np.concatenate([med_place[~placeless], second[two]])
    med_places = _csr_unique(m_rows, m_vals, n_m, n_p, np.int32)
    start = day_number(dt.date(years[0] - 5, 1, 1)) + rng.integers(0, (5 + n_years) * 365, n_m)
    ended = rng.random(n_m) < 0.15
    end = np.where(ended, np.maximum(start + 30, day0 + rng.integers(-200, n_days + 200, n_m)), DAY_MAX)
    mediators = MediatorTable(
        ids=_obj_ids("MED", n_m),
        actor=med_actor.astype(np.int32),
        role=rng.choice(np.array([0, 1, 2, 3], dtype=np.int8), n_m, p=[0.45, 0.05, 0.3, 0.2]),
        start=start.astype(np.int32),
        end=end.astype(np.int32),
        fte=np.where(rng.random(n_m) < 0.5, np.nan, rng.choice([0.5, 0.8, 1.0], n_m)),
        places=med_places,
        certifications=np.where(rng.random(n_m) < 0.4, rng.integers(1, 64, n_m), 0).astype(np.uint8),
    )
    m_order, m_starts, m_counts = _groups(med_actor, n_a)

    n_ext = _count("external_trainees", scale)
    persons = np.concatenate([mediators.ids, _obj_ids("PERS", n_ext)])
    stock = _Stock(
        pop=pop,
        weight_pop=weight_pop,
        commune_epci=commune_epci,
        actor_commune=actor_commune,
        governance=actors.governance,
        place_commune=place_commune,
        place_actor=place_actor,
        actors_by_epci=(a_order, a_starts, a_counts),
        mediators_by_actor=(m_order, m_starts, m_counts),
        n_m=n_m,
        n_persons=n_m + n_ext,
    )

    # -- actions and participations, year by year ------------------------------------------------
    n_s = _count("support_actions", scale)
    per_year = n_s + sum(_count(name, scale) for name in ("coordination", "training", "equipment", "connection"))
    action_columns = _ActionColumns(per_year * n_years)
    n_b1 = _count("beneficiaries", scale)
    n_new = round(n_b1 * NEW_BENEFICIARIES_PER_YEAR)
    n_b = n_b1 + n_new * (n_years - 1)
    beneficiaries: BeneficiaryTable | None = None
    by_residence: tuple[IntArray, IntArray, IntArray] | None = None
    action_parts: list[npt.NDArray[np.int32]] = []
    beneficiary_parts: list[npt.NDArray[np.int32]] = []
    for k, year in enumerate(years):
        year_day0, year_days = _span([year])
        support = _support_actions(rng, stock, n_s, year_day0, year_days)
        action_columns.add(support)
        action_columns.add(_other_actions(rng, stock, scale, year_day0, year_days))
        if beneficiaries is None:
            # Beneficiaries are numbered by year of arrival; they live where they are supported.
            residence = _pick(rng, weight_pop, n_b)
            beneficiaries = BeneficiaryTable(
                ids=_ids("BEN", n_b),
                gender=rng.choice(np.array([-1, 0, 1, 2], dtype=np.int8), n_b, p=[0.1, 0.42, 0.45, 0.03]),
                age_band=rng.integers(-1, 8, n_b).astype(np.int8),
                status=rng.integers(-1, 5, n_b).astype(np.int8),
                residence=np.where(rng.random(n_b) < 0.05, -1, residence).astype(np.int32),
            )
            by_residence = _groups(residence, n_c)
        assert by_residence is not None
        n_arrived = n_b1 + n_new * k
        # Within a commune, beneficiaries are sorted by number, hence by arrival: those arrived by
        # this year are the first ones of each commune.
        arrived = (by_residence[0], by_residence[1], np.bincount(residence[:n_arrived], minlength=n_c))
        pairs = _participations(rng, support, _count("participations", scale), arrived, n_arrived, n_b)
        del support
        action_parts.append((pairs // n_b + k * per_year).astype(np.int32))
        beneficiary_parts.append((pairs % n_b).astype(np.int32))
        del pairs
    assert beneficiaries is not None
    actions = action_columns.table()
    del action_columns
    participations = ParticipationTable(
        action=np.concatenate(action_parts), beneficiary=np.concatenate(beneficiary_parts)
    )
    del action_parts, beneficiary_parts

    # -- fundings --------------------------------------------------------------------------------
    n_f = _count("fundings", scale)
    f_actor = rng.integers(0, n_a, n_f)
    f_funder = rng.choice(
        np.arange(len(FUNDERS), dtype=np.int8),
        n_f,
        p=np.array([6, 2, 2, 2, 3, 3, 3, 2, 1, 1, 1, 2, 1], dtype=np.float64) / 29,
    )
    f_start = day_number(dt.date(years[0] - 2, 1, 1)) + rng.integers(0, (2 + n_years) * 365, n_f)
    f_end = f_start + rng.choice([364, 729, 1094], n_f)
    f_agreed = rng.integers(5, 101, n_f) * 1000.0
    f_paid = np.where(rng.random(n_f) < 0.2, np.nan, (f_agreed * rng.random(n_f)).round(2))
    cnfs = np.flatnonzero(f_funder == FUNDERS.index(Funder.ETAT_CONSEILLER_NUMERIQUE))
    f_rows = np.repeat(cnfs, rng.integers(1, 3, len(cnfs)))
    f_vals = _pick_within(rng, f_actor[f_rows], m_order, m_starts, m_counts, n_m)
    has_med = m_counts[f_actor[f_rows]] > 0
    funding_mediators = _csr_unique(f_rows[has_med], f_vals[has_med], n_f, n_m, np.int32)
    fundings = FundingTable(
        ids=_obj_ids("FIN", n_f),
        funder=f_funder,
        actor=f_actor.astype(np.int32),
        agreed=f_agreed,
        paid=f_paid,
        start=f_start.astype(np.int32),
        end=f_end.astype(np.int32),
        mediators=funding_mediators,
    )
    columns = Columns(
        communes=commune_table,
        actors=actors,
        places=places,
        mediators=mediators,
        actions=actions,
        beneficiaries=beneficiaries,
        participations=participations,
        fundings=fundings,
        persons=persons,
    )
    return Dataset.from_columns(territory, columns)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère le jeu de données national synthétique (Parquet).")
    parser.add_argument("--scale", type=float, default=1.0, help="facteur d'échelle (1 = référence)")
    parser.add_argument("--seed", type=int, default=0, help="graine du générateur")
    parser.add_argument("--years", type=parse_years, default=(YEAR,), help="années d'activité : 2024, 2021-2025…")
    parser.add_argument("--out", required=True, help="dossier Parquet de sortie")
    args = parser.parse_args(argv)
    from afnor_ctin.io.parquet import write_parquet

    t0 = time.perf_counter()
    ds = generate(args.scale, args.seed, years=args.years)
    t1 = time.perf_counter()
    write_parquet(ds, args.out, overwrite=True)
    t2 = time.perf_counter()
    print(ds)
    print(f"génération : {t1 - t0:.1f} s ; écriture Parquet : {t2 - t1:.1f} s")


if __name__ == "__main__":
    main()
