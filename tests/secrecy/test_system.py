"""The linear system of a report, read from the catalogue's records."""

from __future__ import annotations

import pytest

from afnor_ctin import Period, evaluate
from afnor_ctin.catalog import PUBLIC_QUANTITIES, IndicatorSpec, catalog
from afnor_ctin.examples import load_example
from afnor_ctin.results import IndicatorResult, Report, Status
from afnor_ctin.secrecy import audit, build_system
from afnor_ctin.testing import worked_example, worked_example_territory


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(worked_example(), Period.year(2024))


@pytest.mark.parametrize("spec", list(catalog), ids=lambda s: s.code)
def test_every_identity_names_published_values(spec: IndicatorSpec) -> None:
    for identity in spec.identities:
        for term in (*identity.left, *identity.right):
            for ref in (term.ref, term.factor):
                if ref is None or ref in PUBLIC_QUANTITIES:
                    continue
                code, *parts = ref.split(".") if ref.split(".")[0] in catalog else [spec.code, *ref.split(".")]
                assert catalog.get(code).component(parts[0] if parts else "value") is not None, identity.equation


@pytest.mark.parametrize("period", ["2024", "2024-T2", "2023-11", "2022"])
def test_every_relation_holds_on_the_la_rochelle_example(period: str) -> None:
    system = build_system(evaluate(load_example("la-rochelle"), Period.parse(period)), catalog)
    counts = system.counts()
    assert [r.source for r in system.relations if not r.holds(counts)] == []
    assert len(system.relations) > 40


def test_cells_have_the_role_of_their_record(report: Report) -> None:
    cells = build_system(report, catalog).cells
    assert cells[("I04", "components", "individuels")].role == "count"
    assert cells[("I05", "components", "par_genre", "feminin")].role == "count"
    assert cells[("I10",)].role == "public"
    assert cells[("I10", "components", "par_financeur", "epci")].role == "public"
    share = cells[("I01", "components", "taux_fraicheur")]
    assert share.role == "derived"
    assert share.references == {("I01", "components", "a_jour"), ("I01", "components", "lieux_actifs")}
    density = cells[("I06", "by_commune", "99002")]  # 0.333 accompaniments per 1,000 of 3,000 inhabitants
    assert density.role == "count"
    assert density.count == pytest.approx(1)
    assert ("I02", "components", "communes_non_couvertes") not in cells  # a list of codes: not a number


def test_relations_come_from_parts_shares_and_identities(report: Report) -> None:
    sources = {r.source for r in build_system(report, catalog).relations}
    assert "I04 : individuels + ateliers = value" in sources
    assert "I05 : par_genre = identifies" in sources
    assert "I06 : qpv + hors_qpv + qpv_indetermine = I04.accompagnements" in sources
    assert "I09 : part_mutualisees = sessions_mutualisees ÷ sessions" in sources
    assert "I10 : cout_par_accompagnement = value ÷ I04.accompagnements" in sources
    assert "I06 : part_hors_centre * I04.accompagnements = I04.accompagnements - by_commune[ville_centre]" in sources
    per_commune = [r for r in build_system(report, catalog).relations if r.source.startswith("I02 : by_commune[*]")]
    assert len(per_commune) == 3  # one per commune


def test_an_undefined_headline_is_no_unknown() -> None:
    result = IndicatorResult(
        code="I08",
        label="Équipement et connexion solidaires",
        label_en="I08",
        value=None,
        unit="équipements et connexions",
        status=Status.NOT_COMPUTABLE,
        reason="aucune déclaration",
        components={"equipements": 0, "connexions": 0, "lieux_materiel_solidaire": 0},
    )
    report = Report(territory=worked_example_territory(), period=Period.year(2024), results=(result,))
    assert ("I08",) not in build_system(report, catalog).cells
    assert audit(report).intervals == {}
