"""evaluate(), evaluate_series() and evaluate_territories() beyond the indicator values."""

import json
from typing import Any

import pytest

from afnor_ctin import Actor, ActorType, Dataset, Period, Severity, UnknownCodeError, evaluate, evaluate_series
from afnor_ctin.evaluate import data_issues
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example


def test_report_is_json_serialisable_and_indexable():
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert json.loads(text)["indicators"][3]["value"] == 6
    assert report["i04"].code == "I04"
    with pytest.raises(UnknownCodeError):
        report["I42"]
    assert report.values()["I08"] == 17


def test_selected_indicators_in_the_order_given():
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, indicators=["I11", "I02"])
    assert [r.code for r in report] == ["I11", "I02"]


def test_series_equals_separate_evaluations():
    ds = worked_example()
    periods = list(Period.year(2024).months())
    series = evaluate_series(ds, periods)
    assert series.periods == tuple(periods)
    for period, report in zip(periods, series, strict=True):
        assert report.to_dict() == evaluate(ds, period).to_dict()
    assert sum(series.values("I04")) == 6
    rows = series.to_long()
    assert len(rows) == 12 * 11
    assert rows[0]["periode"] == "janvier 2024"


def test_unlocated_actor_is_reported():
    ds = worked_example()
    lonely = Actor(id="ACT9", name="Association sans adresse", type=ActorType.ASSO, governance_member=True)
    with_lonely = ds.replace(actors=[*ds.actors, lonely])
    issues = data_issues(with_lonely)
    assert [i.value for i in issues] == ["ACT9"]
    assert issues[0].severity is Severity.WARNING
    assert "non localisé" in issues[0].message
    report = evaluate(with_lonely, WORKED_EXAMPLE_PERIOD)
    assert report.issues == issues
    assert report["I01"].value == 3


def test_load_issues_are_carried_into_the_report():
    from afnor_ctin import Issue

    extra = Issue(code="colonne_inconnue", severity=Severity.WARNING, message="colonne ignorée", file="lieux.csv")
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, issues=[extra])
    assert report.issues[0] == extra


def test_empty_dataset_evaluates():
    report = evaluate(Dataset(worked_example().territory), WORKED_EXAMPLE_PERIOD)
    assert report["I04"].value == 0
    assert report["I10"].reason == "aucun financement renseigné pour le territoire"


@pytest.mark.parametrize("threads", [2, 4])
def test_territories_on_threads_equal_one_thread(threads: int) -> None:
    """Indicators computed on a thread pool give the reports of one thread, every territory alike."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import national
    finally:
        sys.path.pop(0)
    from afnor_ctin.evaluate import evaluate_territories

    territory = national.national_territory(4)
    ds = national.generate(0.001, 4, territory=territory)
    epcis = national.epci_territories(territory)
    period = Period.year(2024)
    one = evaluate_territories(ds, period, epcis, threads=1)
    many = evaluate_territories(ds, period, epcis, threads=threads)
    assert list(many) == list(one)
    assert [r.to_dict() for r in many.values()] == [r.to_dict() for r in one.values()]
    # Not vacuous: territories have activity.
    assert sum(r["I04"].value > 0 for r in one.values()) > 100


def test_threads_must_be_positive() -> None:
    from afnor_ctin.errors import InvalidInputError
    from afnor_ctin.evaluate import evaluate_territories

    ds = worked_example()
    with pytest.raises(InvalidInputError, match="fils"):
        evaluate_territories(ds, WORKED_EXAMPLE_PERIOD, [ds.territory], threads=0)


def test_evaluate_series_reports_its_progress_after_each_period() -> None:
    from afnor_ctin.examples import load_example

    calls: list[tuple[int, int | None, str]] = []
    periods = list(Period.year(2024).quarters())
    evaluate_series(load_example("la-rochelle"), periods, indicators=["I04"], progress=lambda *a: calls.append(a))
    assert calls == [(i, 4, f"T{i} 2024") for i in range(1, 5)]


@pytest.mark.parametrize("large", [True, False], ids=["national", "small"])
def test_flow_indicators_compute_one_at_a_time_on_threads_from_the_threshold(
    large: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a thread pool, from SERIAL_FLOWS_FROM actions a flow indicator never computes alongside
    another one (stock ones may); below it, flow indicators compute side by side."""
    import importlib
    import threading
    import time

    import attrs

    from afnor_ctin.catalog import Kind
    from afnor_ctin.compute.context import Context
    from afnor_ctin.evaluate import _run, plan

    lock = threading.Lock()
    running = {Kind.FLOW: 0, Kind.STOCK: 0}
    most = {Kind.FLOW: 0, Kind.STOCK: 0}

    def watched(spec: Any) -> Any:
        inner = spec.compute

        def compute(ctx: Any, **values: Any) -> Any:
            with lock:
                running[spec.kind] += 1
                most[spec.kind] = max(most[spec.kind], running[spec.kind])
            try:
                time.sleep(0.02)  # long enough for the pool to start the others
                return inner(ctx, **values)
            finally:
                with lock:
                    running[spec.kind] -= 1

        return attrs.evolve(spec, compute=compute)

    todo = plan()
    todo = attrs.evolve(todo, specs=tuple(watched(s) for s in todo.specs))
    ds = worked_example()
    if large:  # the worked example counts as national data
        monkeypatch.setattr(importlib.import_module("afnor_ctin.evaluate"), "SERIAL_FLOWS_FROM", len(ds.actions))
    ctx = Context.single(ds, WORKED_EXAMPLE_PERIOD)
    results = _run(todo, ctx, threads=4)
    assert (most[Kind.FLOW] == 1) is large
    assert most[Kind.STOCK] > 1  # the stock indicators did run alongside
    report = evaluate(ds, WORKED_EXAMPLE_PERIOD)
    assert [r.value for r in results[0]] == [report[s.code].value for s in todo.specs]


@pytest.mark.parametrize("enabled", [True, False])
def test_territories_pause_the_garbage_collector_and_restore_it(monkeypatch: pytest.MonkeyPatch, enabled: bool) -> None:
    import gc
    import importlib

    module = importlib.import_module("afnor_ctin.evaluate")  # the module, not the function the package exports

    seen: list[bool] = []
    real_run = module._run

    def recording_run(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_run(*args, **kwargs)

    ds = worked_example()
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        monkeypatch.setattr(module, "_run", recording_run)
        reports = module.evaluate_territories(ds, WORKED_EXAMPLE_PERIOD, [ds.territory])
        assert reports[ds.territory.code]["I04"].value == 6
        assert seen == [False]
        assert gc.isenabled() is enabled

        def failing_run(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("boom")

        monkeypatch.setattr(module, "_run", failing_run)
        with pytest.raises(RuntimeError):
            module.evaluate_territories(ds, WORKED_EXAMPLE_PERIOD, [ds.territory])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_breakdowns_by_commune_are_read_only_mappings_equal_to_dicts() -> None:
    import pickle

    from afnor_ctin import evaluate_territories
    from afnor_ctin.examples import load_example
    from afnor_ctin.results import CommuneBreakdown

    ds = load_example("la-rochelle")
    period = Period.year(2024)
    many = evaluate_territories(ds, period, [ds.territory])[ds.territory.code]
    one = evaluate(ds, period)
    for result in many.results:
        if result.by_commune is None:
            continue
        breakdown = result.by_commune
        assert isinstance(breakdown, CommuneBreakdown)
        assert list(breakdown) == [c.code_insee for c in ds.territory.communes]
        assert breakdown == dict(breakdown.items()) == one[result.code].by_commune
        assert pickle.loads(pickle.dumps(breakdown)) == breakdown
        assert repr(breakdown) == repr(dict(breakdown.items()))
        with pytest.raises(KeyError):
            breakdown["99999"]
    assert many.to_dict() == one.to_dict()
    with pytest.raises(ValueError, match="2 communes pour 1 valeurs"):
        CommuneBreakdown(["17300", "17028"], [1])
