"""Notebook display, pandas tables and the tutorial notebook run by a real Jupyter kernel."""

from __future__ import annotations

import builtins
import math
from pathlib import Path
from typing import Any

import pytest

from afnor_ctin import Period, Status, UnknownCodeError, evaluate, evaluate_series
from afnor_ctin.report.notebook import MissingExtraError, require
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "tutorials" / "premier-calcul.ipynb"


@pytest.fixture(scope="module")
def report() -> Any:
    return evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)


def test_report_html_lists_every_indicator_with_french_values(report: Any) -> None:
    html = report._repr_html_()
    for result in report:
        assert f"<td>{result.code}</td>" in html
    assert "86,7\u00a0%" in html  # I02 = 0.8667, a share shown as a French percentage
    assert "76\u00a0117,71\u00a0€" in html  # I10 in euros with a decimal comma
    assert "borne haute" in html  # I05 flag
    assert "calculé" in html


def test_report_html_shows_not_computable_and_escapes_text() -> None:
    report = evaluate(worked_example(), Period.year(2019), indicators=["I06"])
    html = report._repr_html_()
    assert "non calculable" in html
    assert "Territoire d&#x27;exemple" in html  # apostrophe escaped


def test_result_and_dataset_html(report: Any) -> None:
    html = report["I04"]._repr_html_()
    assert "I04" in html
    assert "<code>accompagnements</code>" in html
    assert "6\u00a0actions" in html
    dataset_html = worked_example()._repr_html_()
    counts = worked_example().counts()
    assert f'<td class="num">{counts["actions"]}</td>' in dataset_html
    assert "Territoire d&#x27;exemple" in dataset_html


def test_report_to_pandas(report: Any) -> None:
    pytest.importorskip("pandas")
    frame = report.to_pandas()
    assert list(frame["code"]) == [r.code for r in report]
    assert frame.set_index("code").loc["I04", "valeur"] == report["I04"].value
    i05 = frame.set_index("code").loc["I05"]
    assert i05["codes_drapeaux"] == "upper_bound"
    assert i05["drapeaux"] == report["I05"].flags[0].label
    assert i05["drapeaux"] != "upper_bound"
    assert set(frame["code_statut"]) <= {s.value for s in Status}
    assert set(frame["statut"]) <= {s.label for s in Status}
    assert str(frame["debut"].dtype).startswith("datetime64")
    assert {str(d.date()) for d in frame["debut"]} == {"2024-01-01"}


def test_series_to_pandas_long_format() -> None:
    pytest.importorskip("pandas")
    quarters = list(Period.year(2024).quarters())
    series = evaluate_series(worked_example(), quarters, indicators=["I04", "I06"])
    frame = series.to_pandas()
    assert len(frame) == len(series.to_long()) == 8
    i04 = frame[frame["code"] == "I04"]
    assert list(i04["valeur"]) == series.values("I04")
    assert str(frame["debut"].dtype).startswith("datetime64")
    values = frame[frame["code"] == "I06"]["valeur"].tolist()
    assert [v is None or (isinstance(v, float) and math.isnan(v)) for v in values] == [
        v is None for v in series.values("I06")
    ]


def test_missing_extra_gives_french_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pas de pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(MissingExtraError, match=r"pip install 'afnor-ctin\[notebook\]'"):
        require("pandas")
    with pytest.raises(ImportError):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, indicators=["I04"]).to_pandas()


def test_tutorial_notebook_runs_in_a_jupyter_kernel(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("Cartographie des acteurs" in h for h in html)  # the report's HTML summary
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3  # the three plots


def test_tutorial_notebook_is_committed_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_series_has_a_notebook_table_with_indicators_as_rows() -> None:
    months = list(Period.year(2024).months())
    series = evaluate_series(worked_example(), months, indicators=["I04", "I06"])
    html = series._repr_html_()
    assert html.count("<tr>") == 1 + 2  # header + one row per indicator
    assert "janvier 2024" in html
    assert "décembre 2024" in html
    assert len(html) < 5000
    many = evaluate_series(worked_example(), list(Period.between("2023-01-01", "2024-12-31").months()))
    assert "<th>…</th>" in many._repr_html_()
    assert "juin 2023" in many._repr_html_()
    assert "juillet 2023" not in many._repr_html_()


def test_series_to_pandas_separates_status_labels_and_codes() -> None:
    pytest.importorskip("pandas")
    series = evaluate_series(worked_example(), list(Period.year(2024).quarters()), indicators=["I04"])
    frame = series.to_pandas()
    assert set(frame["code_statut"]) == {"ok"}
    assert set(frame["statut"]) == {Status.OK.label}


def test_report_communes_to_pandas_names_every_commune(report: Any) -> None:
    pytest.importorskip("pandas")
    frame = report.communes_to_pandas()
    with_breakdown = [r for r in report if r.by_commune is not None]
    assert len(frame) == sum(len(r.by_commune) for r in with_breakdown)
    names = {c.code_insee: c.name for c in report.territory.communes}
    assert all(frame["commune"] == frame["code_insee"].map(names))
    first = with_breakdown[0]
    insee, value = next(iter(first.by_commune.items()))
    row = frame[(frame["code"] == first.code) & (frame["code_insee"] == insee)]
    assert row["valeur"].item() == value
    assert str(frame["fin"].dtype).startswith("datetime64")


def test_dataset_to_pandas_gives_the_native_columns() -> None:
    pytest.importorskip("pandas")
    ds = worked_example()
    actions = ds.to_pandas("actions")
    assert len(actions) == len(ds.actions)
    assert list(actions["id"]) == [a.id for a in ds.actions]
    assert "code_insee" in actions.columns
    assert str(actions["date"].dtype).startswith("datetime64")
    assert len(ds.to_pandas("communes")) == len(ds.territory.communes)
    with pytest.raises(UnknownCodeError, match="inconnue"):
        ds.to_pandas("acteur")


def test_dataset_text_and_table_agree_on_the_communes() -> None:
    from afnor_ctin.examples import load_example

    ds = load_example("la-rochelle")
    communes = len(ds.territory.communes)
    assert f": {communes} communes (+ {ds.outside_communes()} hors territoire)" in repr(ds)
    assert f'Communes</td><td class="num">{communes}</td>' in ds._repr_html_()
    assert ds.outside_communes() > 0
    assert f'hors territoire citées</td><td class="num">{ds.outside_communes()}</td>' in ds._repr_html_()
