"""Properties every catalogued indicator must have (driven by the catalogue)."""

import random

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin import (
    Action,
    ActionType,
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
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example
from afnor_ctin.testing.strategies import datasets, periods, territories

SPECS = list(catalog)
CODES = [s.code for s in SPECS]
SHARE_COMPONENTS = {"taux_fraicheur", "part_communes", "part_hors_centre", "part_population_hors_centre",
                    "part_qpv", "part_mutualisees", "part_mediateurs_certifies", "part_hors_etat",
                    "taux_versement", "part_postes_securises"}


def _sub_territory(t: Territory, codes: set[str], code: str) -> Territory:
    communes = tuple(c for c in t.communes if c.code_insee in codes)
    return Territory(
        code=code,
        name=f"Partie {code}",
        level=TerritoryLevel.AUTRE,
        communes=communes,
        qpvs=tuple(q for q in t.qpvs if q.code_insee in codes),
    )


@pytest.mark.parametrize("spec", SPECS, ids=CODES)
def test_result_shape(spec):
    ds = worked_example()
    result = spec.evaluate(ds, WORKED_EXAMPLE_PERIOD)
    assert result.code == spec.code
    assert result.label == spec.label
    assert result.label_en == spec.label_en
    assert result.unit == spec.unit
    assert list(result.components) == list(spec.components)
    if spec.breakdown is None:
        assert result.by_commune is None
    else:
        assert set(result.by_commune) == {c.code_insee for c in ds.territory.communes}
    assert set(result.flags) <= set(spec.flags)
    assert (result.status is Status.OK) == (result.value is not None)
    assert (result.reason is None) == (result.status is Status.OK)


@pytest.mark.parametrize("spec", SPECS, ids=CODES)
def test_public_function_equals_catalogue_evaluation(spec):
    ds = worked_example()
    assert spec.function(ds, WORKED_EXAMPLE_PERIOD) == spec.evaluate(ds, WORKED_EXAMPLE_PERIOD)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(), period=periods())
def test_shares_are_fractions_and_results_are_consistent(ds, period):
    report = evaluate(ds, period)
    for result in report:
        if result.unit == "part" and result.value is not None:
            assert 0.0 <= result.value <= 1.0
        for name, value in result.components.items():
            if name in SHARE_COMPONENTS and value is not None:
                assert 0.0 <= value <= 1.0 + 1e-12, (result.code, name, value)
        if result.value is not None and result.unit != "indice":
            assert result.value >= 0
        assert (result.status is Status.OK) == (result.value is not None)


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


ADDITIVE = {
    "I04": ("value", "individuels", "ateliers", "accompagnements", "heures"),
    "I08": ("equipements", "connexions"),
    "I09": ("sessions", "sessions_mutualisees"),
    "I11": ("value",),
}


@given(ds=datasets(), period=periods())
def test_additive_values_add_up_over_communes(ds, period):
    whole = evaluate(ds, period)
    parts = [
        evaluate(ds.replace(territory=_sub_territory(ds.territory, {c.code_insee}, c.code_insee)), period)
        for c in ds.territory.communes
    ]
    for code, names in ADDITIVE.items():
        for name in names:
            total = sum((p[code].value if name == "value" else p[code].components[name]) for p in parts)
            expected = whole[code].value if name == "value" else whole[code].components[name]
            assert total == pytest.approx(expected), (code, name)
    for c, part in zip(ds.territory.communes, parts, strict=True):
        assert whole["I04"].by_commune[c.code_insee] == part["I04"].value


@given(ds=datasets(action_types=(ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF)),
       period=periods(), participants=st.integers(1, 5), with_beneficiary=st.booleans())
def test_adding_a_support_action_never_decreases_i04_i05_accompaniments(ds, period, participants, with_beneficiary):
    if not ds.actors:
        return
    before = evaluate(ds, period, indicators=["I04", "I05"])
    commune = ds.territory.communes[0].code_insee
    action = Action(id="A-NEW", type=ActionType.ATELIER_COLLECTIF, date=period.start, actor_id=ds.actors[0].id,
                    code_insee=commune, participants=participants)
    participations = list(ds.participations)
    if with_beneficiary and ds.beneficiaries:
        participations.append(Participation(action_id="A-NEW", beneficiary_id=ds.beneficiaries[0].id))
    after = evaluate(ds.replace(actions=[*ds.actions, action], participations=participations), period,
                     indicators=["I04", "I05"])
    assert after["I04"].value == before["I04"].value + 1
    assert after["I04"].components["accompagnements"] == before["I04"].components["accompagnements"] + participants
    assert after["I05"].value >= before["I05"].value


@given(ds=datasets(), period=periods(), cut=st.integers(1, 5))
def test_many_territories_in_one_pass_equal_separate_evaluations(ds, period, cut):
    communes = [c.code_insee for c in ds.territory.communes]
    if len(communes) < 2:
        return
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
