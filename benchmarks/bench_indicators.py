"""All 11 indicators for one EPCI-sized dataset (200,000 actions), against pandas and a numpy floor.

The territory is the real CA de La Rochelle (28 communes, real populations) filled with the synthetic
generator of :mod:`national` at 2 % of the national reference scale (about 200,000 support actions,
240,000 participations, 60,000 beneficiaries, one year). Three variants run side by side on the same
data, each timed as the median of ``--repeat`` runs after one warm-up:

- ``bibliotheque``: :func:`afnor_ctin.evaluate` — the 11 indicators with every component;
- ``pandas``: :func:`pandas_baseline.compute` — the same definitions written with DataFrames;
- ``plancher``: one ``np.bincount`` of the accompaniments by commune (the least any implementation does).

Usage::

    python benchmarks/bench_indicators.py [--scale 0.02] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import national  # noqa: E402
import pandas_baseline  # noqa: E402
from afnor_ctin import (  # noqa: E402
    Period,
    Territory,
    TerritoryLevel,
    evaluate,
    reference,
)
from afnor_ctin.columns import day_number  # noqa: E402

SIREN = "241700434"


def epci_territory() -> Territory:
    """CA de La Rochelle with the synthetic IFN scores of the national territory."""
    nat = national.national_territory()
    members = set(reference.epcis()[SIREN].communes)
    return Territory(
        code=SIREN,
        name="CA de La Rochelle (données synthétiques)",
        level=TerritoryLevel.EPCI,
        communes=tuple(c for c in nat.communes if c.code_insee in members),
        qpvs=tuple(q for q in nat.qpvs if q.code_insee in members),
    )


def timed(fn: Any, repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    territory = epci_territory()
    t0 = time.perf_counter()
    ds = national.generate(args.scale, 0, territory=territory)
    generation = time.perf_counter() - t0
    period = Period.year(2024)
    counts = ds.counts()

    library = timed(lambda: evaluate(ds, period), args.repeat)

    frames = pandas_baseline.dataframes(ds)
    members = pandas_baseline.memberships(ds, [territory])
    pandas_time = timed(lambda: pandas_baseline.compute(frames, members, period), args.repeat)

    a = ds.columns.actions
    start, end = day_number(period.start), day_number(period.end)

    def floor() -> Any:
        sel = (a.type <= 1) & (a.day >= start) & (a.day <= end)
        participants = np.where(a.participants < 0, 1, a.participants)
        return np.bincount(a.commune[sel], weights=participants[sel], minlength=len(ds.columns.communes))

    floor_time = timed(floor, args.repeat)
    result = {
        "territoire": territory.name,
        "lignes": counts,
        "generation_s": round(generation, 3),
        "bibliotheque_s": round(library, 4),
        "pandas_s": round(pandas_time, 4),
        "plancher_s": round(floor_time, 4),
        "ratio_bibliotheque_pandas": round(library / pandas_time, 3),
        "ratio_bibliotheque_plancher": round(library / floor_time, 1),
        "machine": f"{platform.machine()}, {platform.python_version()}, numpy {np.__version__}",
        "charge": Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = HERE / "results" / "indicateurs-epci.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
