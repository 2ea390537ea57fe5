r"""Hypothesis strategies for property-based tests of code that uses :mod:`afnor_ctin`.

The strategies generate valid, referentially coherent data: every generated :class:`~afnor_ctin.Dataset`
is accepted by its constructor. Text fields mix plain names with tricky-but-valid text (accents,
apostrophes, ``;``, ``,``, quotes, line breaks, a leading ``=``, ``+``, ``-`` or ``@``) so that readers
and writers are exercised; they never contain NUL, surrogates or other control characters besides
``\n`` and ``\t``, and never start or end with white space. Dates lie within 2019–2026.

Typical use::

    from hypothesis import given
    from afnor_ctin.testing.strategies import datasets, periods

    @given(datasets(), periods())
    def test_something(ds, period): ...

The module needs Hypothesis (the ``test`` extra of the package).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from afnor_ctin.dataset import Dataset
from afnor_ctin.model.enums import ActionType, TerritoryLevel
from afnor_ctin.model.records import (
    SUPPORT_ACTION_TYPES,
    Action,
    Commune,
    Funding,
    Mediator,
    Participation,
    Place,
    Qpv,
    Territory,
)
from afnor_ctin.period import Period
from afnor_ctin.testing._records import actions, actors, beneficiaries, fundings, mediators, outside_communes, places
from afnor_ctin.testing._values import (
    FIRST_DAY,
    LAST_DAY,
    dates,
    identifiers,
    insee_codes,
    names,
    optional,
    qpv_codes,
    subset,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "actions",
    "actors",
    "beneficiaries",
    "datasets",
    "dates",
    "fundings",
    "identifiers",
    "insee_codes",
    "mediators",
    "names",
    "periods",
    "places",
    "qpv_codes",
    "territories",
]


# ------------------------------------------------------------------------------------------------
# Territory and periods
# ------------------------------------------------------------------------------------------------
@st.composite
def territories(draw: st.DrawFn, *, min_communes: int = 1, max_communes: int = 6) -> Territory:
    """Territories of 1–6 fictitious communes (``99001``…), populations ≥ 0 with at least one > 0.

    IFN scores (0–10), QPVs and the central commune are optional.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    min_communes, max_communes:
        Bounds of the number of member communes (at most 120).
    """
    n = draw(st.integers(min_communes, max_communes))
    codes = draw(st.lists(st.integers(1, 120), min_size=n, max_size=n, unique=True))
    populations = draw(st.lists(st.integers(0, 200_000), min_size=n, max_size=n))
    if not any(populations):
        populations[draw(st.integers(0, n - 1))] = draw(st.integers(1, 200_000))
    communes = []
    for code, population in zip(codes, populations, strict=True):
        ifn = draw(optional(st.integers(0, 1000).map(lambda k: k / 100)))
        year = draw(optional(st.integers(2019, 2023)))
        communes.append(
            Commune(
                code_insee=f"99{code:03d}",
                name=draw(names()),
                population=population,
                population_year=year,
                ifn_score=ifn,
            )
        )
    member_codes = [c.code_insee for c in communes]
    qpv_codes_drawn = draw(st.lists(qpv_codes(), unique=True, max_size=3))
    qpvs = [
        Qpv(
            code=code,
            name=draw(names()),
            code_insee=draw(st.sampled_from(member_codes)),
            population=draw(optional(st.integers(0, 20_000))),
        )
        for code in qpv_codes_drawn
    ]
    return Territory(
        code=draw(st.one_of(st.just("EX001"), st.from_regex(r"2\d{8}", fullmatch=True))),
        name=draw(names()),
        level=draw(st.sampled_from(TerritoryLevel)),
        communes=communes,
        qpvs=qpvs,
        central_commune=draw(optional(st.sampled_from(member_codes))),
    )


@st.composite
def periods(draw: st.DrawFn, *, first_year: int = 2019, last_year: int = 2026) -> Period:
    """Periods within ``first_year``–``last_year``: whole years, quarters, months or spans of days.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    first_year, last_year:
        Calendar years the periods lie in (default 2019–2026).
    """
    year = draw(st.integers(first_year, last_year))
    kind = draw(st.sampled_from(("year", "quarter", "month", "span")))
    if kind == "year":
        return Period.year(year)
    if kind == "quarter":
        return Period.quarter(year, draw(st.integers(1, 4)))
    if kind == "month":
        return Period.month(year, draw(st.integers(1, 12)))
    bounds = dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    start, end = sorted((draw(bounds), draw(bounds)))
    return Period.between(start, end)


# ------------------------------------------------------------------------------------------------
# Datasets
# ------------------------------------------------------------------------------------------------
@st.composite
def datasets(
    draw: st.DrawFn,
    *,
    territory: Territory | st.SearchStrategy[Territory] | None = None,
    max_actors: int = 6,
    max_places: int = 8,
    max_mediators: int = 8,
    max_actions: int = 60,
    max_beneficiaries: int = 30,
    max_fundings: int = 6,
    action_types: Sequence[ActionType] = tuple(ActionType),
) -> Dataset:
    """Referentially coherent datasets, always accepted by :class:`~afnor_ctin.Dataset`.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    territory:
        A fixed territory, a strategy of territories, or ``None`` for :func:`territories`.
    max_actors, max_places, max_mediators, max_actions, max_beneficiaries, max_fundings:
        Upper bounds of the number of records of each entity (all may be 0).
    action_types:
        Types of the generated actions.

    Notes
    -----
    Places, mediators, actions and fundings need an actor: without actors they are empty.
    Participations link support actions only, once per (action, beneficiary), with at most
    ``participants`` rows per action. Some communes are outside the territory.
    """
    if territory is None:
        terr = draw(territories())
    elif isinstance(territory, Territory):
        terr = territory
    else:
        terr = draw(territory)
    inside = [c.code_insee for c in terr.communes]
    outside = draw(outside_communes(inside))

    n_actors = draw(st.integers(0, max_actors))
    actor_ids = draw(identifiers("ACT", n_actors))
    actor_list = [draw(actors(id=i, inside=inside, outside=outside)) for i in actor_ids]

    place_list: list[Place] = []
    mediator_list: list[Mediator] = []
    action_list: list[Action] = []
    funding_list: list[Funding] = []
    if actor_ids:
        n_places = draw(st.integers(0, max_places))
        place_ids = draw(identifiers("PL", n_places))
        place_list = [
            draw(places(id=i, actor_ids=actor_ids, inside=inside, outside=outside, qpvs=terr.qpvs)) for i in place_ids
        ]
        n_mediators = draw(st.integers(0, max_mediators))
        mediator_ids = draw(identifiers("M", n_mediators))
        mediator_list = [draw(mediators(id=i, actor_ids=actor_ids, place_ids=place_ids)) for i in mediator_ids]
        n_actions = draw(st.integers(0, max_actions))
        action_ids = draw(identifiers("A", n_actions))
        action_list = [
            draw(
                actions(
                    id=i,
                    actor_ids=actor_ids,
                    place_ids=place_ids,
                    mediator_ids=mediator_ids,
                    inside=inside,
                    outside=outside,
                    types=action_types,
                )
            )
            for i in action_ids
        ]
        n_fundings = draw(st.integers(0, max_fundings))
        funding_list = [
            draw(fundings(id=i, actor_ids=actor_ids, mediator_ids=mediator_ids))
            for i in draw(identifiers("F", n_fundings))
        ]

    n_beneficiaries = draw(st.integers(0, max_beneficiaries))
    beneficiary_ids = draw(identifiers("B", n_beneficiaries))
    beneficiary_list = [draw(beneficiaries(id=i, inside=inside, outside=outside)) for i in beneficiary_ids]

    participation_list: list[Participation] = []
    if beneficiary_ids:
        for action in action_list:
            if action.type not in SUPPORT_ACTION_TYPES:
                continue
            cap = action.participants or 1
            chosen = draw(subset(tuple(beneficiary_ids), max_size=cap))
            participation_list.extend(Participation(action_id=action.id, beneficiary_id=b) for b in chosen)

    return Dataset(
        terr,
        actors=actor_list,
        places=place_list,
        mediators=mediator_list,
        actions=action_list,
        beneficiaries=beneficiary_list,
        participations=participation_list,
        fundings=funding_list,
    )
