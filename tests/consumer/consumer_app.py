"""A small program using the public API as a downstream project would; type-checked with ``mypy --strict``."""

from __future__ import annotations

import datetime as dt

import afnor_ctin
from afnor_ctin import (
    Action,
    ActionType,
    Actor,
    ActorType,
    Commune,
    DataError,
    Dataset,
    Period,
    Territory,
    TerritoryLevel,
    UnknownCodeError,
)


def build() -> Dataset:
    """Build a one-commune dataset with one support action."""
    territory = Territory(
        code="EX",
        name="Exemple",
        level=TerritoryLevel.parse("Autre territoire"),
        communes=(Commune(code_insee="99001", name="Alpha", population=1200, ifn_score=5.5),),
    )
    actor = Actor(id="ACT1", name="CCAS", type=ActorType.CCAS, code_insee="99001", governance_member=True)
    action = Action(
        id="A1",
        type=ActionType.ACCOMPAGNEMENT_INDIVIDUEL,
        date=dt.date(2024, 3, 1),
        actor_id=actor.id,
        code_insee="99001",
        participants=1,
    )
    return Dataset(territory, actors=[actor], actions=[action])


def summary(ds: Dataset, period: Period) -> dict[str, int]:
    """Count the actions of the period and the population of the territory."""
    actions: tuple[Action, ...] = ds.filter(period=period).actions
    population: int = ds.territory.population
    return {"actions": len(actions), "population": population, "jours": period.days}


def main() -> None:
    """Print a summary; show how errors are caught."""
    ds = build()
    print(afnor_ctin.__version__, summary(ds, Period.parse("2024")))
    start: dt.date = Period.quarter(2024, 1).start
    print(start.isoformat(), [p.label for p in Period.year(2024).quarters()])
    try:
        Territory.from_epci("000000000")
    except UnknownCodeError as exc:
        print(exc)
    try:
        Dataset(ds.territory, actions=ds.actions)
    except DataError as exc:
        print(len(exc.issues))


if __name__ == "__main__":
    main()
