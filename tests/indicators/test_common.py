"""Properties every catalogued indicator must have, driven by the catalogue's component records."""

import math
import random

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from afnor_ctin import (
    Action,
    ActionType,
    ComponentKind,
    Dataset,
    Participation,
    Period,
    Status,
    Territory,
    TerritoryLevel,
    catalog,
    evaluate,
    evaluate_territories,
)
from afnor_ctin.catalog import BUILTIN, Keys
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example
from afnor_ctin.testing.strategies import datasets, periods, territories

SPECS = list(BUILTIN.values())
CODES = [s.code for s in SPECS]

#: Python types a value of each kind may have (besides None for an undefined value).
NUMBER = (int, float)
TYPES = {
    ComponentKind.COUNT: (int,),
    ComponentKind.COMMUNES: (int,),
    ComponentKind.SHARE: NUMBER,
    ComponentKind.RATE: NUMBER,
    ComponentKind.RATIO: NUMBER,
    ComponentKind.AMOUNT: NUMBER,
    ComponentKind.DURATION: NUMBER,
    ComponentKind.FTE: NUMBER,
    ComponentKind.PARAMETER: NUMBER,
    ComponentKind.CODE: (str,),
    ComponentKind.CODES: (tuple,),
    ComponentKind.COUNTS: (dict,),
    ComponentKind.AMOUNTS: (dict,),
}


def _sub_territory(t: Territory, codes: set[str], code: str) -> Territory:
    communes = tuple(c for c in t.communes if c.code_insee in codes)
    return Territory(
        code=code,
        name=f"Partie {code}",
        level=TerritoryLevel.AUTRE,
        communes=communes,
        qpvs=tuple(q for q in t.qpvs if q.code_insee in codes),
    )


def _months(period: Period) -> set[str]:
    return {m.start.format("YYYY-MM") for m in period.months()}


def _check_described(result, spec, territory, period):
    """Every published value is described by the spec's records, with the kind, keys and zeros they say."""
    assert list(result.components) == [c.name for c in spec.components], result.code
    assert (result.by_commune is None) == (spec.by_commune is None), result.code
    published = [(spec.headline, result.value)] + [(c, result.components[c.name]) for c in spec.components]
    for record, value in published:
        where = (result.code, record.name)
        if value is None:
            continue
        assert isinstance(value, TYPES[record.kind]), (*where, value)
        assert not isinstance(value, bool), where
        numbers = list(value.values()) if isinstance(value, dict) else [value]
        assert all(math.isfinite(v) for v in numbers if isinstance(v, float)), where  # never NaN: None
        if record.kind.is_count or record.kind is ComponentKind.COMMUNES:
            values = value.values() if isinstance(value, dict) else [value]
            assert all(v >= 0 for v in values), where
        if record.kind is ComponentKind.SHARE:
            assert 0.0 <= value <= 1.0 + 1e-12, (*where, value)
        if isinstance(value, dict):
            vocabulary = record.key_vocabulary()
            if vocabulary is not None:
                assert set(value) <= set(vocabulary), where
            elif record.keys is Keys.MONTHS:
                assert set(value) <= _months(period), where
            if record.keep_zeros:
                expected = set(vocabulary) if vocabulary is not None else _months(period)
                assert set(value) == expected, where
            else:
                assert all(v != 0 for v in value.values()), where
        if record.kind in (ComponentKind.CODE, ComponentKind.CODES):
            codes = [value] if isinstance(value, str) else list(value)
            assert set(codes) <= {c.code_insee for c in territory.communes}, where
    if result.by_commune is not None:
        assert set(result.by_commune) == {c.code_insee for c in territory.communes}, result.code
        assert all(v is None or math.isfinite(v) for v in result.by_commune.values()), result.code


def _reference(report, code, ref):
    """The value a record reference names (``value``, a component, ``I04``, ``I04.accompagnements``)."""
    if "." in ref:
        other, name = ref.split(".", 1)
        return report[other].value if name == "value" else report[other].components[name]
    if ref[:1] == "I" and ref[1:].isdigit():
        return report[ref].value
    return report[code].value if ref == "value" else report[code].components[ref]


def _check_parts(report):
    """Components with one ``parts_of`` add up to that total; a mapping's entries add up to its ``parts_of``."""
    for result in report:
        spec = catalog.get(result.code)
        groups: dict[str, list[str]] = {}
        for c in spec.components:
            if c.parts_of is None:
                continue
            value = result.components[c.name]
            total = _reference(report, result.code, c.parts_of)
            if total is None or value is None:
                continue
            if isinstance(value, dict):
                assert sum(value.values()) == pytest.approx(total), (result.code, c.name)
            else:
                groups.setdefault(c.parts_of, []).append(c.name)
        for total_ref, names in groups.items():
            total = _reference(report, result.code, total_ref)
            assert sum(result.components[n] for n in names) == pytest.approx(total), (result.code, names)
        if spec.by_commune is not None and spec.by_commune.parts_of is not None and result.value is not None:
            assert sum(result.by_commune.values()) == pytest.approx(result.value), result.code


@pytest.mark.parametrize("spec", SPECS, ids=CODES)
def test_result_shape(spec):
    ds = worked_example()
    result = spec.evaluate(ds, WORKED_EXAMPLE_PERIOD)
    assert result.code == spec.code
    assert result.label == spec.label
    assert result.label_en == spec.label_en
    assert result.unit == spec.unit == spec.headline.unit
    assert set(result.flags) <= set(spec.flags)
    assert (result.status is Status.OK) == (result.value is not None)
    assert (result.reason is None) == (result.status is Status.OK)
    _check_described(result, spec, ds.territory, WORKED_EXAMPLE_PERIOD)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(), period=periods())
def test_every_published_value_is_described_by_its_records(ds, period):
    report = evaluate(ds, period)
    for result in report:
        _check_described(result, catalog.get(result.code), ds.territory, period)
        if result.value is not None and result.unit != "indice":
            assert result.value >= 0
        assert (result.status is Status.OK) == (result.value is not None)
    _check_parts(report)


def test_a_component_the_records_do_not_describe_is_caught():
    result = worked_example_result("I04")
    extra = attrs.evolve(result, components={**result.components, "inconnue": 1})
    with pytest.raises(AssertionError):
        _check_described(extra, catalog.get("I04"), worked_example().territory, WORKED_EXAMPLE_PERIOD)
    unknown_key = attrs.evolve(result, components={**result.components, "par_canal": {"pigeon_voyageur": 1}})
    with pytest.raises(AssertionError):
        _check_described(unknown_key, catalog.get("I04"), worked_example().territory, WORKED_EXAMPLE_PERIOD)


def worked_example_result(code):
    return evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, indicators=[code])[code]


EMPTY_EXPECTED = {"I01": 0, "I03": 0, "I04": 0, "I05": 0, "I09": 0, "I11": 0}


@given(territory=territories(), period=periods())
def test_empty_dataset_gives_zero_or_not_computable(territory, period):
    report = evaluate(Dataset(territory), period)
    for result in report:
        if result.code in EMPTY_EXPECTED:
            assert result.status is Status.OK
            assert result.value == EMPTY_EXPECTED[result.code]
        elif result.code in {"I06", "I08", "I10"}:
            assert result.status is Status.NOT_COMPUTABLE
            assert result.reason
        elif result.code == "I02":
            if territory.population == 0:
                assert result.status is Status.NOT_COMPUTABLE
            else:
                assert result.value == 0.0
        elif result.code == "I07":
            fragile = [c for c in territory.communes if c.ifn_score is not None and c.ifn_score >= 7.0]
            if fragile:
                assert result.value == 0.0
            else:
                assert result.status is Status.NOT_COMPUTABLE


@given(ds=datasets(), period=periods(), seed=st.integers(0, 2**32 - 1))
def test_permuting_input_records_changes_nothing(ds, period, seed):
    rng = random.Random(seed)

    def shuffled(records):
        items = list(records)
        rng.shuffle(items)
        return items

    permuted = Dataset(
        ds.territory,
        actors=shuffled(ds.actors),
        places=shuffled(ds.places),
        mediators=shuffled(ds.mediators),
        actions=shuffled(ds.actions),
        beneficiaries=shuffled(ds.beneficiaries),
        participations=shuffled(ds.participations),
        fundings=shuffled(ds.fundings),
    )
    a, b = evaluate(ds, period).to_dict(), evaluate(permuted, period).to_dict()
    assert _close(a["indicators"], b["indicators"])


def _close(x, y):
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(_close(x[k], y[k]) for k in x)
    if isinstance(x, list):
        return len(x) == len(y) and all(_close(a, b) for a, b in zip(x, y, strict=True))
    if isinstance(x, float) and isinstance(y, float):
        return x == pytest.approx(y, rel=1e-9, abs=1e-9)
    return x == y


#: (code, name) of every value the records say adds up over communes (``value``: the headline).
ADDITIVE = [
    (spec.code, record.name)
    for spec in SPECS
    for record in (spec.headline, *spec.components)
    if record.additive_over_communes
]


def test_the_records_declare_additive_values():
    assert ("I04", "value") in ADDITIVE
    assert ("I04", "par_canal") in ADDITIVE
    assert ("I05", "value") not in ADDITIVE  # distinct people are never summed


@given(ds=datasets(), period=periods())
def test_additive_values_add_up_over_communes(ds, period):
    whole = evaluate(ds, period)
    parts = [
        evaluate(ds.replace(territory=_sub_territory(ds.territory, {c.code_insee}, c.code_insee)), period)
        for c in ds.territory.communes
    ]

    def pick(report, code, name):
        return report[code].value if name == "value" else report[code].components[name]

    for code, name in ADDITIVE:
        expected = pick(whole, code, name)
        if isinstance(expected, dict):
            keys = set(expected).union(*(pick(p, code, name) for p in parts))
            for key in keys:
                total = sum(pick(p, code, name).get(key, 0) for p in parts)
                assert total == pytest.approx(expected.get(key, 0)), (code, name, key)
        else:
            total = sum(pick(p, code, name) for p in parts)
            assert total == pytest.approx(expected), (code, name)
    for spec in SPECS:
        if spec.by_commune is not None and spec.by_commune.additive_over_communes:
            for c, part in zip(ds.territory.communes, parts, strict=True):
                assert whole[spec.code].by_commune[c.code_insee] == part[spec.code].value, spec.code


@given(
    ds=datasets(action_types=(ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF)),
    period=periods(),
    participants=st.integers(1, 5),
    with_beneficiary=st.booleans(),
)
def test_adding_a_support_action_never_decreases_i04_i05_accompaniments(ds, period, participants, with_beneficiary):
    assume(ds.actors)
    before = evaluate(ds, period, indicators=["I04", "I05"])
    commune = ds.territory.communes[0].code_insee
    action = Action(
        id="A-NEW",
        type=ActionType.ATELIER_COLLECTIF,
        date=period.start,
        actor_id=ds.actors[0].id,
        code_insee=commune,
        participants=participants,
    )
    participations = list(ds.participations)
    if with_beneficiary and ds.beneficiaries:
        participations.append(Participation(action_id="A-NEW", beneficiary_id=ds.beneficiaries[0].id))
    after = evaluate(
        ds.replace(actions=[*ds.actions, action], participations=participations), period, indicators=["I04", "I05"]
    )
    assert after["I04"].value == before["I04"].value + 1
    assert after["I04"].components["accompagnements"] == before["I04"].components["accompagnements"] + participants
    assert after["I05"].value >= before["I05"].value


@given(ds=datasets(), period=periods(), cut=st.integers(1, 5))
def test_many_territories_in_one_pass_equal_separate_evaluations(ds, period, cut):
    communes = [c.code_insee for c in ds.territory.communes]
    assume(len(communes) >= 2)
    k = 1 + cut % (len(communes) - 1)
    subs = [
        _sub_territory(ds.territory, set(communes[:k]), "T1"),
        _sub_territory(ds.territory, set(communes[k:]), "T2"),
    ]
    together = evaluate_territories(ds, period, subs)
    assert list(together) == ["T1", "T2"]
    for sub in subs:
        alone = evaluate(ds.replace(territory=sub), period)
        assert _close(together[sub.code].to_dict()["indicators"], alone.to_dict()["indicators"])


def test_overlapping_territories_are_evaluated_in_layers():
    ds = worked_example()
    t = ds.territory
    a = _sub_territory(t, {"99001", "99002"}, "A")
    b = _sub_territory(t, {"99002", "99003"}, "B")
    reports = evaluate_territories(ds, WORKED_EXAMPLE_PERIOD, [a, b, t])
    assert list(reports) == ["A", "B", "EX001"]
    assert reports["EX001"]["I04"].value == 6
    assert reports["A"]["I04"].value == 5
    assert reports["B"]["I04"].value == 2


def test_period_split_flows_add_up():
    ds = worked_example()
    year = evaluate(ds, Period.year(2024))
    quarters = [evaluate(ds, q) for q in Period.year(2024).quarters()]
    for code in ("I04", "I08", "I11"):
        assert sum(q[code].value for q in quarters) == year[code].value
    assert sum(q["I10"].value for q in quarters) == pytest.approx(year["I10"].value)


def test_worked_example_is_not_mutated_by_evaluation():
    ds = worked_example()
    before = (ds.actions, ds.places, ds.fundings)
    evaluate(ds, WORKED_EXAMPLE_PERIOD)
    assert (ds.actions, ds.places, ds.fundings) == before
    assert attrs.asdict(ds.territory) == attrs.asdict(worked_example().territory)
