"""Dataset: referential integrity, immutability, record round trip, lookups and filters."""

import copy
import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin import (
    Action,
    ActionType,
    Actor,
    ActorType,
    Beneficiary,
    Commune,
    DataError,
    Dataset,
    Funder,
    Funding,
    Mediator,
    MediatorRole,
    Participation,
    Period,
    Place,
    Severity,
    Territory,
    TerritoryLevel,
    UnknownCodeError,
    check_integrity,
)
from afnor_ctin.dataset import ENTITIES
from afnor_ctin.testing import datasets, periods, worked_example

D = dt.date
NAMES = [e.name for e in ENTITIES]
TERRITORY = Territory(
    code="EX",
    name="Exemple",
    level=TerritoryLevel.AUTRE,
    communes=(
        Commune(code_insee="99001", name="Alpha", population=1000),
        Commune(code_insee="99002", name="Beta", population=500),
    ),
)
INDIV = ActionType.ACCOMPAGNEMENT_INDIVIDUEL


def actor(id: str = "ACT1", code: str | None = "99001") -> Actor:
    return Actor(id=id, name=f"Acteur {id}", type=ActorType.ASSO, code_insee=code)


def place(id: str = "PL1", actor_id: str = "ACT1", code: str = "99001", **kw: Any) -> Place:
    return Place(id=id, actor_id=actor_id, name=f"Lieu {id}", code_insee=code, **kw)


def mediator(id: str = "M1", actor_id: str = "ACT1", **kw: Any) -> Mediator:
    return Mediator(id=id, actor_id=actor_id, role=MediatorRole.MEDIATEUR, start_date=D(2024, 1, 1), **kw)


def action(id: str = "A1", actor_id: str = "ACT1", **kw: Any) -> Action:
    fields: dict[str, Any] = {"type": INDIV, "date": D(2024, 3, 1), "code_insee": "99001"}
    fields.update(kw)
    return Action(id=id, actor_id=actor_id, **fields)


def funding(id: str = "F1", actor_id: str = "ACT1", **kw: Any) -> Funding:
    return Funding(
        id=id,
        funder=Funder.EPCI,
        actor_id=actor_id,
        amount_agreed=100.0,
        start_date=D(2024, 1, 1),
        end_date=D(2024, 12, 31),
        **kw,
    )


def rejections(**records: Any) -> list[tuple[str, int, str, str, str]]:
    result = check_integrity(**records)
    return [(r.entity, r.index, r.column, r.value, r.code) for r in result.rejections]


# -- referential integrity ---------------------------------------------------------------------
def test_a_coherent_dataset_has_no_rejection() -> None:
    assert (
        rejections(
            actors=[actor()],
            places=[place()],
            mediators=[mediator(place_ids=("PL1",))],
            actions=[action(mediator_id="M1", place_id="PL1")],
            beneficiaries=[Beneficiary(id="B1")],
            participations=[Participation(action_id="A1", beneficiary_id="B1")],
            fundings=[funding(mediator_ids=("M1",))],
        )
        == []
    )


@pytest.mark.parametrize(
    ("entity", "records", "key"),
    [
        ("acteurs", [actor("X"), actor("Y"), actor("X")], "actors"),
        ("lieux", [place("X"), place("X")], "places"),
        ("mediateurs", [mediator("X"), mediator("X")], "mediators"),
        ("actions", [action("X"), action("X")], "actions"),
        ("beneficiaires", [Beneficiary(id="X"), Beneficiary(id="X")], "beneficiaries"),
        ("financements", [funding("X"), funding("X")], "fundings"),
    ],
)
def test_duplicate_ids_are_rejected_after_the_first(entity: str, records: list[Any], key: str) -> None:
    base: dict[str, Any] = {"actors": [actor("ACT1")]}
    if key == "actors":
        base = {}
    base[key] = records
    found = rejections(**base)
    assert found == [(entity, len(records) - 1, "id", "X", "identifiant_en_double")]
    kept = getattr(check_integrity(**base), key)
    assert [r.id for r in kept].count("X") == 1
    assert kept[[r.id for r in kept].index("X")] is records[0]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ({"places": [place(actor_id="NOPE")]}, ("lieux", 0, "acteur_id", "NOPE")),
        ({"mediators": [mediator(actor_id="NOPE")]}, ("mediateurs", 0, "acteur_id", "NOPE")),
        ({"mediators": [mediator(place_ids=("NOPE",))]}, ("mediateurs", 0, "lieu_ids", "NOPE")),
        ({"actions": [action(actor_id="NOPE")]}, ("actions", 0, "acteur_id", "NOPE")),
        ({"actions": [action(mediator_id="NOPE")]}, ("actions", 0, "mediateur_id", "NOPE")),
        ({"actions": [action(place_id="NOPE")]}, ("actions", 0, "lieu_id", "NOPE")),
        (
            {"actions": [action(type=ActionType.COORDINATION, participating_actor_ids=("ACT1", "NOPE"))]},
            ("actions", 0, "acteurs_participants", "NOPE"),
        ),
        (
            {"participations": [Participation(action_id="NOPE", beneficiary_id="B1")]},
            ("participations", 0, "action_id", "NOPE"),
        ),
        (
            {"actions": [action()], "participations": [Participation(action_id="A1", beneficiary_id="NOPE")]},
            ("participations", 0, "beneficiaire_id", "NOPE"),
        ),
        ({"fundings": [funding(actor_id="NOPE")]}, ("financements", 0, "acteur_id", "NOPE")),
        ({"fundings": [funding(mediator_ids=("NOPE",))]}, ("financements", 0, "mediateur_ids", "NOPE")),
    ],
)
def test_unknown_references_of_every_kind(records: dict[str, Any], expected: tuple[str, int, str, str]) -> None:
    base: dict[str, Any] = {"actors": [actor()], "beneficiaries": [Beneficiary(id="B1")]}
    base.update(records)
    found = check_integrity(**base).rejections
    assert [(r.entity, r.index, r.column, r.value, r.code) for r in found] == [(*expected, "reference_inconnue")]
    assert "« NOPE » ne correspond à aucun identifiant connu" in found[0].message


def test_participation_rules() -> None:
    actions = [
        action("A1", participants=2),
        action("A2"),
        action("A3", type=ActionType.COORDINATION),
        action("A4", type=ActionType.ATELIER_COLLECTIF, participants=3),
    ]
    participations = [
        Participation(action_id="A1", beneficiary_id="B1"),
        Participation(action_id="A1", beneficiary_id="B1"),  # duplicate pair
        Participation(action_id="A1", beneficiary_id="B2"),
        Participation(action_id="A1", beneficiary_id="B3"),  # more rows than participants (2)
        Participation(action_id="A2", beneficiary_id="B1"),
        Participation(action_id="A2", beneficiary_id="B2"),  # participants None means 1
        Participation(action_id="A3", beneficiary_id="B1"),  # not a support action
        Participation(action_id="A4", beneficiary_id="B1"),
        Participation(action_id="A4", beneficiary_id="B2"),
    ]
    result = check_integrity(
        actors=[actor()],
        actions=actions,
        beneficiaries=[Beneficiary(id=f"B{i}") for i in (1, 2, 3)],
        participations=participations,
    )
    assert [(r.index, r.column, r.value, r.code) for r in result.rejections] == [
        (1, "beneficiaire_id", "B1", "participation_en_double"),
        (3, "action_id", "A1", "participations_en_exces"),
        (5, "action_id", "A2", "participations_en_exces"),
        (6, "action_id", "A3", "participation_hors_accompagnement"),
    ]
    assert len(result.participations) == 5
    messages = [r.message for r in result.rejections]
    assert "le bénéficiaire « B1 » figure déjà pour l'action « A1 »" in messages[0]
    assert "(2)" in messages[1]
    assert "n'est pas un accompagnement individuel ni un atelier collectif" in messages[3]


def test_rejections_cascade_through_dependent_records() -> None:
    result = check_integrity(
        actors=[actor("ACT1")],
        places=[place("PL1", actor_id="GONE"), place("PL2")],
        mediators=[mediator("M1", place_ids=("PL1",)), mediator("M2", place_ids=("PL2",))],
        actions=[action("A1", mediator_id="M1"), action("A2", place_id="PL1"), action("A3", mediator_id="M2")],
        beneficiaries=[Beneficiary(id="B1")],
        participations=[
            Participation(action_id="A1", beneficiary_id="B1"),
            Participation(action_id="A3", beneficiary_id="B1"),
        ],
        fundings=[funding("F1", mediator_ids=("M1",)), funding("F2", mediator_ids=("M2",))],
    )
    assert [(r.entity, r.index, r.column, r.value) for r in result.rejections] == [
        ("lieux", 0, "acteur_id", "GONE"),
        ("mediateurs", 0, "lieu_ids", "PL1"),
        ("actions", 0, "mediateur_id", "M1"),
        ("actions", 1, "lieu_id", "PL1"),
        ("participations", 0, "action_id", "A1"),
        ("financements", 0, "mediateur_ids", "M1"),
    ]
    assert [p.id for p in result.places] == ["PL2"]
    assert [m.id for m in result.mediators] == ["M2"]
    assert [a.id for a in result.actions] == ["A3"]
    assert [f.id for f in result.fundings] == ["F2"]


def test_rejection_indices_are_input_positions_even_after_duplicates() -> None:
    result = check_integrity(
        actors=[actor()],
        places=[place("PL1"), place("PL1"), place("PL2", actor_id="NOPE")],
    )
    assert [(r.index, r.code) for r in result.rejections] == [(1, "identifiant_en_double"), (2, "reference_inconnue")]


def test_rejections_are_sorted_by_entity_then_position() -> None:
    result = check_integrity(
        actors=[actor(), actor()],
        fundings=[funding(actor_id="NOPE")],
        places=[place(actor_id="NOPE")],
        actions=[action("A1", actor_id="NOPE"), action("A1")],
    )
    keys = [(NAMES.index(r.entity), r.index) for r in result.rejections]
    assert keys == sorted(keys)
    assert len(keys) == 5


def test_dataset_raises_data_error_listing_every_problem() -> None:
    with pytest.raises(DataError) as info:
        Dataset(
            TERRITORY,
            actors=[actor(), actor()],
            places=[place(actor_id="NOPE")],
            actions=[action(place_id="PL9")],
        )
    issues = info.value.issues
    assert [(i.file, i.column, i.value, i.code) for i in issues] == [
        ("acteurs.csv", "id", "ACT1", "identifiant_en_double"),
        ("lieux.csv", "acteur_id", "NOPE", "reference_inconnue"),
        ("actions.csv", "lieu_id", "PL9", "reference_inconnue"),
    ]
    assert all(i.severity is Severity.ERROR for i in issues)
    assert "3 erreur(s) dans les données" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_rejection_to_issue_keeps_file_and_line() -> None:
    (rejection,) = check_integrity(places=[place(actor_id="NOPE")]).rejections
    issue = rejection.to_issue(file="lieux.csv", line=7)
    assert (issue.file, issue.line, issue.column, issue.value) == ("lieux.csv", 7, "acteur_id", "NOPE")


# -- construction: copies, immutability ---------------------------------------------------------
def test_building_never_mutates_its_inputs() -> None:
    records: dict[str, list[Any]] = {
        "actors": [actor()],
        "places": [place()],
        "mediators": [mediator(place_ids=("PL1",))],
        "actions": [action(place_id="PL1")],
        "beneficiaries": [Beneficiary(id="B1")],
        "participations": [Participation(action_id="A1", beneficiary_id="B1")],
        "fundings": [funding()],
    }
    before = copy.deepcopy(records)
    ds = Dataset(TERRITORY, **records)
    assert records == before
    records["actions"].append(action("A2"))
    assert len(ds.actions) == 1
    ds2 = Dataset(TERRITORY, **{k: iter(v) for k, v in before.items()})
    assert ds2.counts() == ds.counts()


def test_dataset_is_immutable() -> None:
    ds = worked_example()
    with pytest.raises(AttributeError, match="immuable"):
        ds.territory = TERRITORY  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immuable"):
        ds.foo = 1  # type: ignore[attr-defined]
    assert isinstance(ds.actions, tuple)


def test_empty_dataset() -> None:
    ds = Dataset(TERRITORY)
    assert ds.counts() == dict.fromkeys(NAMES, 0)
    assert list(ds.columns.communes.codes) == ["99001", "99002"]
    assert ds.actions == ()
    assert Dataset.from_columns(TERRITORY, ds.columns).actions == ()


def test_counts_and_repr() -> None:
    ds = worked_example()
    assert ds.counts() == {e.name: len(getattr(ds, e.attribute)) for e in ENTITIES}
    assert list(ds.counts()) == [e.name for e in ENTITIES]
    assert "12 actions" in repr(ds)
    assert "Territoire d'exemple" in repr(ds)


def records_of(ds: Dataset) -> dict[str, tuple[Any, ...]]:
    return {
        "actors": ds.actors,
        "places": ds.places,
        "mediators": ds.mediators,
        "actions": ds.actions,
        "beneficiaries": ds.beneficiaries,
        "participations": ds.participations,
        "fundings": ds.fundings,
    }


@given(datasets())
def test_records_round_trip_through_columns(ds: Dataset) -> None:
    rebuilt = Dataset.from_columns(ds.territory, ds.columns)
    assert records_of(rebuilt) == records_of(ds)
    assert rebuilt.counts() == ds.counts()
    assert rebuilt.territory is ds.territory


def test_worked_example_round_trips_through_columns() -> None:
    ds = worked_example()
    assert records_of(Dataset.from_columns(ds.territory, ds.columns)) == records_of(ds)


def test_from_columns_checks_positions_and_lengths() -> None:
    from afnor_ctin import InvalidInputError

    columns = worked_example().columns
    actions = columns.actions
    bad_place = attrs.evolve(actions, place=actions.place + 100)
    with pytest.raises(InvalidInputError, match=r"actions\.place"):
        Dataset.from_columns(TERRITORY, attrs.evolve(columns, actions=bad_place))
    short = attrs.evolve(actions, day=actions.day[:-1])
    with pytest.raises(InvalidInputError, match="« day » a 11 valeurs au lieu de 12"):
        Dataset.from_columns(TERRITORY, attrs.evolve(columns, actions=short))


# -- lookups ------------------------------------------------------------------------------------
def test_lookups() -> None:
    ds = worked_example()
    assert ds.actor("ACT2").name == "Asso Num Beta"
    assert ds.place("PL4").closing_date == D(2023, 12, 31)
    assert ds.mediator("M3").fte == 0.5
    assert ds.action("A1").id == "A1"
    assert ds.beneficiary("B5").id == "B5"
    assert ds.funding("F1").id == "F1"
    assert ds.index_of("actions", "A3") == 2


@pytest.mark.parametrize("method", ["actor", "place", "mediator", "action", "beneficiary", "funding"])
def test_unknown_lookups_raise_unknown_code_error(method: str) -> None:
    ds = worked_example()
    with pytest.raises(UnknownCodeError, match="aucun enregistrement « ZZZ »"):
        getattr(ds, method)("ZZZ")
    with pytest.raises(LookupError):
        getattr(ds, method)("ZZZ")


def test_lookups_on_a_dataset_built_from_columns() -> None:
    ds = worked_example()
    rebuilt = Dataset.from_columns(ds.territory, ds.columns)
    assert rebuilt.action("A7") == ds.action("A7")


def test_replace() -> None:
    ds = worked_example()
    smaller = ds.replace(actions=[a for a in ds.actions if a.id != "A12"])
    assert len(smaller.actions) == len(ds.actions) - 1
    assert smaller.territory is ds.territory
    moved = ds.replace(TERRITORY.__class__.from_epci("241700434"))
    assert moved.territory.code == "241700434"
    assert moved.actions == ds.actions
    with pytest.raises(TypeError, match="collections inconnues : actes"):
        ds.replace(actes=[])
    with pytest.raises(DataError):
        ds.replace(actors=[])


# -- filters ------------------------------------------------------------------------------------
def _effective_commune(ds: Dataset, a: Action) -> str | None:
    return ds.place(a.place_id).code_insee if a.place_id is not None else a.code_insee


def _overlaps(start: dt.date | None, end: dt.date | None, period: Period) -> bool:
    return (start is None or start <= period.end) and (end is None or end >= period.start)


def _ids(records: tuple[Any, ...]) -> set[str]:
    return {r.id for r in records}


def _check_links(ds: Dataset, sub: Dataset) -> None:
    """What a filter keeps: participations of kept actions and their beneficiaries, trimmed links."""
    kept_actions = _ids(sub.actions)
    assert set(sub.participations) == {p for p in ds.participations if p.action_id in kept_actions}
    assert _ids(sub.beneficiaries) == {p.beneficiary_id for p in sub.participations}
    for m in sub.mediators:
        original = ds.mediator(m.id)
        assert m.place_ids == tuple(p for p in original.place_ids if p in _ids(sub.places))
        assert attrs.evolve(m, place_ids=original.place_ids) == original
    for f in sub.fundings:
        original_f = ds.funding(f.id)
        assert f.mediator_ids == tuple(m for m in original_f.mediator_ids if m in _ids(sub.mediators))
    for a in sub.actions:
        assert a == ds.action(a.id)


@st.composite
def dataset_and_subterritory(draw: st.DrawFn) -> tuple[Dataset, Territory]:
    ds = draw(datasets())
    communes = draw(st.lists(st.sampled_from(ds.territory.communes), min_size=1, unique=True))
    return ds, Territory(code="SUB", name="Sous-territoire", level=TerritoryLevel.AUTRE, communes=communes)


@given(dataset_and_subterritory())
def test_filter_by_territory_keeps_what_the_docstring_says(case: tuple[Dataset, Territory]) -> None:
    ds, territory = case
    sub = ds.filter(territory=territory)
    inside = {c.code_insee for c in territory.communes}
    assert sub.territory is territory

    actions = {a.id for a in ds.actions if _effective_commune(ds, a) in inside}
    assert _ids(sub.actions) == actions
    kept_actions = [ds.action(i) for i in actions]
    places = {
        p.id for p in ds.places if p.code_insee in inside or (p.itinerant and inside & set(p.served_communes))
    } | {a.place_id for a in kept_actions if a.place_id is not None}
    assert _ids(sub.places) == places
    local_actors = {a.id for a in ds.actors if a.code_insee in inside}
    mediators = {
        m.id
        for m in ds.mediators
        if places & set(m.place_ids) or m.actor_id in local_actors or any(a.mediator_id == m.id for a in kept_actions)
    }
    assert _ids(sub.mediators) == mediators
    actors = (
        local_actors
        | {ds.place(p).actor_id for p in places}
        | {ds.mediator(m).actor_id for m in mediators}
        | {a.actor_id for a in kept_actions}
        | {x for a in kept_actions for x in a.participating_actor_ids}
    )
    assert _ids(sub.actors) == actors
    assert _ids(sub.fundings) == {f.id for f in ds.fundings if f.actor_id in actors}
    _check_links(ds, sub)


@given(datasets(), periods())
def test_filter_by_period_keeps_what_the_docstring_says(ds: Dataset, period: Period) -> None:
    sub = ds.filter(period=period)
    assert sub.territory is ds.territory
    kept_actions = [a for a in ds.actions if period.start <= a.date <= period.end]
    assert _ids(sub.actions) == {a.id for a in kept_actions}
    places = {p.id for p in ds.places if _overlaps(p.opening_date, p.closing_date, period)}
    places |= {a.place_id for a in kept_actions if a.place_id is not None}
    assert _ids(sub.places) == places
    used = {a.mediator_id for a in kept_actions}
    assert _ids(sub.mediators) == {
        m.id for m in ds.mediators if m.id in used or _overlaps(m.start_date, m.end_date, period)
    }
    assert _ids(sub.actors) == _ids(ds.actors)
    assert _ids(sub.fundings) == {f.id for f in ds.fundings if _overlaps(f.start_date, f.end_date, period)}
    _check_links(ds, sub)


@given(datasets())
def test_filter_by_whole_territory_and_no_period_keeps_every_action(ds: Dataset) -> None:
    sub = ds.filter(territory=ds.territory)
    inside = {c.code_insee for c in ds.territory.communes}
    assert len(sub.actions) == sum(1 for a in ds.actions if _effective_commune(ds, a) in inside)
    assert ds.filter().actions == ds.actions


def test_filter_worked_example_by_commune() -> None:
    ds = worked_example()
    beta = Territory(
        code="99002",
        name="Beta",
        level=TerritoryLevel.COMMUNE,
        communes=[ds.territory.commune("99002")],
    )
    sub = ds.filter(territory=beta)
    assert all(_effective_commune(ds, a) == "99002" for a in sub.actions)
    assert _ids(sub.places) >= {"PL3"}
    assert "ACT2" in _ids(sub.actors)


@given(datasets(), st.data())
def test_integrity_accounts_for_every_record_after_removing_actors_and_places(ds: Dataset, data: st.DataObject) -> None:
    """Removing referenced records: every input is kept or rejected once, and what is kept is coherent."""
    drop_actors = (
        set(data.draw(st.lists(st.sampled_from([a.id for a in ds.actors]), unique=True))) if ds.actors else set()
    )
    drop_places = (
        set(data.draw(st.lists(st.sampled_from([p.id for p in ds.places]), unique=True))) if ds.places else set()
    )
    records = records_of(ds)
    records["actors"] = tuple(a for a in ds.actors if a.id not in drop_actors)
    records["places"] = tuple(p for p in ds.places if p.id not in drop_places)
    result = check_integrity(**records)
    entities = dict(zip(NAMES, records, strict=True))
    for entity, key in entities.items():
        rejected = [r for r in result.rejections if r.entity == entity]
        assert len(getattr(result, key)) + len(rejected) == len(records[key])
        assert len({r.index for r in rejected}) == len(rejected)
    kept_actors = {a.id for a in result.actors}
    assert all(p.actor_id in kept_actors for p in result.places)
    assert all(a.actor_id in kept_actors for a in result.actions)
    assert not any(r.code == "identifiant_en_double" for r in result.rejections)
    if not drop_actors and not drop_places:
        assert result.rejections == ()
    rebuilt = Dataset(ds.territory, **{key: getattr(result, key) for key in records})
    assert rebuilt.counts() == {entity: len(getattr(result, key)) for entity, key in entities.items()}


def test_columns_are_read_only_and_caller_arrays_untouched():
    import numpy as np
    import pytest

    from afnor_ctin.testing.examples import worked_example

    ds = worked_example()
    with pytest.raises(ValueError, match="read-only"):
        ds.columns.actions.day[0] = 0
    with pytest.raises(ValueError, match="read-only"):
        ds.columns.actions.thematiques.values[:0] = 0
    again = Dataset.from_columns(ds.territory, ds.columns)
    with pytest.raises(ValueError, match="read-only"):
        again.columns.places.opening[0] = 0
    mine = np.array(ds.columns.actions.day)
    assert mine.flags.writeable
