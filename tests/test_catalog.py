"""The catalogue: lookups, metadata completeness, the registration hook."""

import pytest

from afnor_ctin import (
    REFERENTIAL,
    Catalog,
    IndicatorResult,
    IndicatorSpec,
    InvalidInputError,
    Kind,
    Provenance,
    UnknownCodeError,
    catalog,
    evaluate,
    evaluate_territories,
)
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example


def test_eleven_indicators_in_code_order():
    assert catalog.codes() == tuple(f"I{i:02d}" for i in range(1, 12))
    assert len(catalog) == 11


def test_provenance_follows_the_specification():
    named = {s.code for s in catalog if s.provenance is Provenance.NAMED}
    assert named == {"I01", "I03", "I04"}


def test_stock_and_flow():
    assert {s.code for s in catalog if s.kind is Kind.STOCK} == {"I01", "I02", "I03"}


@pytest.mark.parametrize("spec", list(catalog), ids=lambda s: s.code)
def test_metadata_is_complete(spec):
    for text in (spec.label, spec.label_en, spec.definition, spec.formula, spec.unit):
        assert text.strip()
    assert spec.components
    assert spec.referential == REFERENTIAL
    assert spec.doc_path == f"reference/indicateurs/{spec.code}.md"
    assert spec.grouped is not None


def test_lookup_is_case_insensitive_and_unknown_codes_are_explained():
    assert catalog.get("i06").code == "I06"
    assert "I06" in catalog
    with pytest.raises(UnknownCodeError, match=r"I99.*I01, I02"):
        catalog.get("I99")
    with pytest.raises(LookupError):
        catalog.get("nope")


def test_unknown_option_is_rejected():
    with pytest.raises(InvalidInputError, match="option"):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, seuil=3)
    with pytest.raises(InvalidInputError):
        catalog.get("I04").evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, ifn_threshold=5.0)


def test_ifn_threshold_option_changes_i07():
    ds = worked_example()
    strict = evaluate(ds, WORKED_EXAMPLE_PERIOD, indicators=["I07"], ifn_threshold=7.8)["I07"]
    assert strict.components["communes_fragiles"] == 1
    none = evaluate(ds, WORKED_EXAMPLE_PERIOD, indicators=["I07"], ifn_threshold=9.0)["I07"]
    assert none.value is None
    assert "aucune commune fragile" in none.reason


def _places_per_actor(dataset, period, /, *, minimum=1):
    n_actors = len(dataset.actors)
    n_places = sum(1 for p in dataset.places if p.is_active(period.end))
    return IndicatorResult(
        code="X01",
        label="Lieux actifs par acteur",
        label_en="Active places per actor",
        value=None if n_actors < minimum else n_places / n_actors,
        unit="lieux par acteur",
    )


def test_register_a_custom_indicator_in_a_private_catalogue():
    own = Catalog(tuple(catalog))
    spec = IndicatorSpec(
        code="X01",
        function=_places_per_actor,
        label="Lieux actifs par acteur",
        label_en="Active places per actor",
        definition="Lieux actifs à la date de référence rapportés au nombre d'acteurs.",
        formula="lieux actifs ÷ acteurs",
        unit="lieux par acteur",
        kind=Kind.STOCK,
        provenance=Provenance.RECONSTRUCTED,
        components=(),
        options={"minimum": 1},
    )
    own.register(spec)
    assert own.codes()[-1] == "X01"
    assert "X01" not in catalog
    with pytest.raises(InvalidInputError, match="existe déjà"):
        own.register(spec)
    result = own.get("X01").evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    assert result.value == pytest.approx(3 / 3)


def test_registered_indicator_is_evaluated_alongside_the_builtin_ones():
    spec = IndicatorSpec(
        code="X02",
        function=_places_per_actor,
        label="Lieux actifs par acteur",
        label_en="Active places per actor",
        definition="Lieux actifs rapportés aux acteurs.",
        formula="lieux actifs ÷ acteurs",
        unit="lieux par acteur",
        kind=Kind.STOCK,
        provenance=Provenance.RECONSTRUCTED,
        options={"minimum": 1},
    )
    catalog.register(spec)
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
