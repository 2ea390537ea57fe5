import pytest

pd = pytest.importorskip("pandas")

import national  # noqa: E402
import pandas_baseline as pb  # noqa: E402
from afnor_ctin.evaluate import evaluate_territories  # noqa: E402
from afnor_ctin.period import Period  # noqa: E402


@pytest.mark.parametrize(("scale", "seed"), [(0.001, 1), (0.002, 2)])
def test_pandas_and_library_agree_for_every_epci(scale: float, seed: int) -> None:
    territory = national.national_territory(seed)
    ds = national.generate(scale, seed, territory=territory)
    epcis = national.epci_territories(territory)
    period = Period.year(2024)
    ours = pb.compute(pb.dataframes(ds), pb.memberships(ds, epcis), period)
    reports = evaluate_territories(ds, period, epcis)
    assert len(ours) == len(reports) == len(epcis)
    theirs = pb.library_table({k: r.to_dict() for k, r in reports.items()}, ours.columns)
    assert pb.compare(ours, theirs) == []
    # The comparison is not vacuous: most cells are defined and activity is spread over EPCIs.
    assert ours.notna().to_numpy().mean() > 0.7
    assert (ours["I04"] > 0).sum() > 300


def test_compare_reports_differences() -> None:
    a = pd.DataFrame({"I01": [1.0, 2.0]}, index=["x", "y"])
    b = pd.DataFrame({"I01": [1.0, 3.0]}, index=["x", "y"])
    assert pb.compare(a, b) == ["y I01: pandas=2.0 bibliothèque=3.0"]
