"""Time to write the XLSX workbook of the La Rochelle example (best of 5 runs), with a baseline.

Three workbooks: the report of 2024, the series of 2021 to 2024 by year and by quarter. Baseline,
side by side: openpyxl alone writing the same flat table (the « Données » sheet) in a bare workbook,
without formats, charts or the other sheets — the floor of any XLSX writer built on openpyxl.

Run: ``.venv/bin/python benchmarks/bench_xlsx.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from afnor_ctin import Period, evaluate, evaluate_series
from afnor_ctin.examples import load_example
from afnor_ctin.report.render import catalogue_specs, render
from afnor_ctin.report.render._format import Context
from afnor_ctin.report.render.tabular import table_rows
from afnor_ctin.results import Report


def _best(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def _bare(reports: list[Report], path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    ctx = Context(specs=catalogue_specs(reports[0]))
    for row in table_rows(reports, ctx, len(reports) > 1, labels=True):
        sheet.append(row)
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    dataset = load_example("la-rochelle")
    span = Period.between("2021-01-01", "2024-12-31")
    cases: dict[str, list[Report]] = {
        "report --period 2024": [evaluate(dataset, Period.year(2024))],
        "trend 2021–2024 par année (4 périodes)": list(evaluate_series(dataset, span.years())),
        "trend 2021–2024 par trimestre (16 périodes)": list(evaluate_series(dataset, span.quarters())),
    }
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "classeur.xlsx"
        for name, reports in cases.items():
            items: Report | list[Report] = reports[0] if len(reports) == 1 else reports
            full = _best(args.runs, lambda items=items: render(items, "xlsx", output=out, overwrite=True))
            size = out.stat().st_size
            bare = _best(args.runs, lambda reports=reports: _bare(reports, out))
            print(f"{name} : {full:.3f} s ({size / 1024:.0f} Kio) ; openpyxl seul, table à plat : {bare:.3f} s")


if __name__ == "__main__":
    main()
