"""The catalogue: lookups, component records, parameters, registration, and pure public functions."""

import inspect
import typing

import pytest

from afnor_ctin import (
    REFERENTIAL,
    Catalog,
    Component,
    ComponentKind,
    IndicatorResult,
    IndicatorSpec,
    InvalidInputError,
    Kind,
    Parameter,
    Provenance,
    UnknownCodeError,
    catalog,
    evaluate,
    evaluate_territories,
    indicators,
)
from afnor_ctin.catalog import BUILTIN, PUBLIC_QUANTITIES, Of
from afnor_ctin.compute.context import Outcome
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example


def test_eleven_indicators_in_code_order():
    assert catalog.codes() == tuple(f"I{i:02d}" for i in range(1, 12))
    assert len(catalog) == 11


def test_provenance_follows_the_specification():
    named = {s.code for s in catalog if s.provenance is Provenance.NAMED}
    assert named == {"I01", "I03", "I04"}


def test_stock_and_flow():
    assert {s.code for s in catalog if s.kind is Kind.STOCK} == {"I01", "I02", "I03"}


@pytest.mark.parametrize("spec", list(BUILTIN.values()), ids=list(BUILTIN))
def test_metadata_is_complete(spec):
    for text in (spec.label, spec.label_en, spec.definition, spec.formula, spec.unit):
        assert text.strip()
        assert "{" not in text  # every parameter placeholder is filled in
    assert spec.components
    assert spec.headline is not None
    assert spec.headline.name == "value"
    assert spec.unit == spec.headline.unit
    assert spec.referential == REFERENTIAL
    assert spec.doc_path == f"reference/indicateurs/{spec.code}.md"
    assert spec.compute is not None
    assert spec.function is None
    for record in (spec.headline, *spec.components, *([spec.by_commune] if spec.by_commune else [])):
        assert record.label.strip()
        assert record.label != record.name
        assert record.unit.strip()


def _resolves(spec, ref):
    return ref in PUBLIC_QUANTITIES or catalog.record(spec.code, ref) is not None


@pytest.mark.parametrize("spec", list(BUILTIN.values()), ids=list(BUILTIN))
def test_every_reference_of_the_records_names_a_published_value(spec):
    records = [spec.headline, *spec.components, *([spec.by_commune] if spec.by_commune else [])]
    for record in records:
        for ref in (*record.references, *([record.parts_of] if record.parts_of else [])):
            assert _resolves(spec, ref), (spec.code, record.name, ref)
        if record.kind in (ComponentKind.SHARE, ComponentKind.RATE, ComponentKind.RATIO):
            assert record.references or record.of is not None, (spec.code, record.name)
        if record.kind is ComponentKind.RATE and record.per is not None:
            assert f"{record.per:_}".replace("_", "\u00a0") in record.unit, (spec.code, record.name)


def test_a_dangling_reference_is_caught():
    spec = BUILTIN["I09"]
    assert not _resolves(spec, "I04.nope")
    assert not _resolves(spec, "sessions_fantomes")
    assert _resolves(spec, "I03")


@pytest.mark.parametrize("spec", list(BUILTIN.values()), ids=list(BUILTIN))
def test_parameters_are_the_keyword_only_parameters_of_the_compute_function(spec):
    signature = inspect.signature(spec.compute)
    keyword_only = {p.name: p for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY}
    assert set(keyword_only) == {p.name for p in spec.parameters}
    hints = typing.get_type_hints(spec.compute)
    entry = REFERENTIAL.entry(spec.code)
    for parameter in spec.parameters:
        assert keyword_only[parameter.name].default is inspect.Parameter.empty  # the default is data, not code
        assert parameter.type is hints[parameter.name]
        assert parameter.default == entry.parameters[parameter.key]
        assert parameter.problem(parameter.default) is None
        assert parameter.label.strip()
        assert parameter.unit.strip()
    assert set(entry.parameters) == {p.key for p in spec.parameters}


def test_parameters_are_exposed_with_label_unit_and_range():
    (ifn,) = catalog.get("I07").parameters
    assert (ifn.name, ifn.key, ifn.type, ifn.default) == ("ifn_threshold", "seuil_ifn", float, 7.0)
    assert (ifn.minimum, ifn.maximum) == (0, 10)
    assert "IFN" in ifn.label
    fresh, check = catalog.get("I01").parameters
    assert (fresh.default, check.default, check.at_least) == (12.0, 18.0, "up_to_date_months")
    assert [p.default for p in catalog.get("I03").parameters] == [2]


def test_lookup_is_case_insensitive_and_unknown_codes_are_explained():
    assert catalog.get("i06").code == "I06"
    assert "I06" in catalog
    with pytest.raises(UnknownCodeError, match=r"I99.*I01, I02"):
        catalog.get("I99")
    with pytest.raises(LookupError):
        catalog.get("nope")


def test_unknown_or_invalid_parameters_are_rejected_in_french():
    with pytest.raises(InvalidInputError, match="paramètre"):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, seuil=3)
    with pytest.raises(InvalidInputError, match="I04 n'a pas de paramètre"):
        catalog.get("I04").evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, ifn_threshold=5.0)
    with pytest.raises(InvalidInputError, match=r"hors de l'intervalle admis \(de 0 à 10\)"):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, ifn_threshold=12)
    with pytest.raises(InvalidInputError, match="nombre attendu"):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, ifn_threshold="7")
    with pytest.raises(InvalidInputError, match="fraicheur_a_verifier_mois"):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, up_to_date_months=20)


def test_ifn_threshold_changes_i07():
    ds = worked_example()
    strict = evaluate(ds, WORKED_EXAMPLE_PERIOD, indicators=["I07"], ifn_threshold=7.8)["I07"]
    assert strict.components["communes_fragiles"] == 1
    assert strict.components["seuil_ifn"] == 7.8
    none = evaluate(ds, WORKED_EXAMPLE_PERIOD, indicators=["I07"], ifn_threshold=9)["I07"]
    assert none.value is None
    assert "aucune commune fragile (score IFN ≥ 9)" in none.reason


def test_every_parameter_changes_its_indicator():
    ds = worked_example()
    base = evaluate(ds, WORKED_EXAMPLE_PERIOD)
    assert (
        evaluate(ds, WORKED_EXAMPLE_PERIOD, up_to_date_months=3, to_check_months=3)["I01"].components["a_jour"]
        < base["I01"].components["a_jour"]
    )
    assert evaluate(ds, WORKED_EXAMPLE_PERIOD, active_window_months=12)["I03"].components["actifs"] > 1
    assert evaluate(ds, WORKED_EXAMPLE_PERIOD, pooled_minimum_actors=4)["I09"].components["sessions_mutualisees"] == 0
    moved = evaluate(ds, WORKED_EXAMPLE_PERIOD, secured_horizon_months=30)["I10"].components["part_postes_securises"]
    assert moved != base["I10"].components["part_postes_securises"]


def _places_per_actor(dataset, period, /, *, minimum):
    n_actors = len(dataset.actors)
    n_places = sum(1 for p in dataset.places if p.is_active(period.end))
    return IndicatorResult(
        code="X01",
        label="Lieux actifs par acteur",
        label_en="Active places per actor",
        value=None if n_actors < minimum else n_places / n_actors,
        unit="lieux par acteur",
    )


def _custom(code):
    return IndicatorSpec(
        code=code,
        function=_places_per_actor,
        label="Lieux actifs par acteur",
        label_en="Active places per actor",
        definition="Lieux actifs à la date de référence rapportés au nombre d'acteurs.",
        formula="lieux actifs ÷ acteurs",
        kind=Kind.STOCK,
        provenance=Provenance.RECONSTRUCTED,
        headline=Component(
            name="value", label="Lieux par acteur", kind=ComponentKind.RATIO, unit="lieux par acteur", of=Of((), ())
        ),
        parameters=(Parameter(name="minimum", key="minimum", label="Acteurs minimum", type=int, default=1, minimum=1),),
    )


def test_register_a_custom_indicator_in_a_private_catalogue():
    own = Catalog(tuple(catalog))
    spec = _custom("X01")
    own.register(spec)
    assert own.codes()[-1] == "X01"
    assert "X01" not in catalog
    assert spec.unit == "lieux par acteur"
    with pytest.raises(InvalidInputError, match="existe déjà"):
        own.register(spec)
    result = own.get("X01").evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    assert result.value == pytest.approx(3 / 3)
    with pytest.raises(InvalidInputError, match="au moins 1"):
        own.get("X01").evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, minimum=0)


def test_registered_indicator_is_evaluated_alongside_the_builtin_ones():
    catalog.register(_custom("X02"))
    try:
        ds = worked_example()
        report = evaluate(ds, WORKED_EXAMPLE_PERIOD, indicators=["I04", "X02"], minimum=5)
        assert report["X02"].value is None
        assert report["I04"].value == 6
        many = evaluate_territories(ds, WORKED_EXAMPLE_PERIOD, [ds.territory], indicators=["X02"])
        assert many["EX001"]["X02"].value == pytest.approx(1.0)
    finally:
        catalog.unregister("X02")
    assert "X02" not in catalog


def _always_42(ctx):
    return [Outcome(value=42) for _ in range(ctx.n)]


def _flow(code, **how):
    texts = {"label": "Remplacé", "label_en": "Replaced", "definition": "x", "formula": "x"}
    return IndicatorSpec(code=code, kind=Kind.FLOW, provenance=Provenance.RECONSTRUCTED, unit="actions", **texts, **how)


def test_a_spec_needs_exactly_one_way_to_compute_and_declares_its_parameters():
    with pytest.raises(InvalidInputError, match="compute"):
        _flow("X03")
    with pytest.raises(InvalidInputError, match="minimum"):
        _flow("X04", function=_places_per_actor)  # its keyword-only parameter is not declared


def test_public_functions_are_bound_to_the_frozen_builtin_specs():
    ds = worked_example()
    before = {code: function(ds, WORKED_EXAMPLE_PERIOD) for code, function in indicators.FUNCTIONS.items()}
    assert {code: r.code for code, r in before.items()} == {code: code for code in indicators.FUNCTIONS}
    original = catalog.get("I04")
    fake = _flow("I04", compute=_always_42)
    catalog.register(fake, replace=True)
    try:
        assert evaluate(ds, WORKED_EXAMPLE_PERIOD, indicators=["I04"])["I04"].value == 42  # the catalogue changed
        assert indicators.support_actions(ds, WORKED_EXAMPLE_PERIOD) == before["I04"]  # the function did not
        assert indicators.support_actions(ds, WORKED_EXAMPLE_PERIOD).value == 6
        assert BUILTIN["I04"] is original
    finally:
        catalog.register(original, replace=True)
    assert catalog.get("I04") is original


def test_public_functions_take_the_parameters_of_their_indicator():
    ds = worked_example()
    assert (
        indicators.fragile_area_coverage(ds, WORKED_EXAMPLE_PERIOD, ifn_threshold=7.8).components["communes_fragiles"]
        == 1
    )
    assert indicators.mediators_in_post(ds, WORKED_EXAMPLE_PERIOD, active_window_months=12).components["actifs"] > 1
    with pytest.raises(InvalidInputError, match="inconnu"):
        indicators.professional_training(ds, WORKED_EXAMPLE_PERIOD, seuil=1)
