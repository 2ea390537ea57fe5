"""Time of statistical secrecy on the La Rochelle example: planning the suppressions, then the audit.

For each period and threshold the bench evaluates the 11 indicators of the bundled La Rochelle
example (CA de La Rochelle, 28 communes), then reports the median time of ``--repeat`` runs of
:func:`afnor_ctin.report.render.apply_secrecy` (primary, derived and complementary suppressions, the
interval audit included in the planning loop) and of :func:`afnor_ctin.secrecy.audit` on the masked
report, with the number of cells, relations, masked values and values recovered (always 0).

Run: ``.venv/bin/python benchmarks/bench_secrecy.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

from afnor_ctin import Period, evaluate
from afnor_ctin.catalog import catalog
from afnor_ctin.examples import load_example
from afnor_ctin.report.render import apply_secrecy
from afnor_ctin.secrecy import audit, build_system

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_common import write_results

PERIODS = ("2024", "2024-T1", "2024-03")
THRESHOLDS = (5, 11)


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time [s] of ``repeat`` runs, and the result of one more run."""
    return statistics.median(timeit.Timer(run).repeat(repeat, number=1)), run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dataset = load_example("la-rochelle")
    apply_secrecy(evaluate(dataset, Period.parse("2024")), 5)  # imports and first solver call
    rows: list[dict[str, Any]] = []
    for text in PERIODS:
        report = evaluate(dataset, Period.parse(text))
        system = build_system(report, catalog)
        for threshold in THRESHOLDS:
            plan_s, planned = timed(lambda r=report, n=threshold: apply_secrecy(r, n), args.repeat)
            published, masking = planned  # type: ignore[misc]
            audit_s, checked = timed(lambda p=published: audit(p), args.repeat)
            rows.append(
                {
                    "periode": text,
                    "seuil": threshold,
                    "cellules": len(system.cells),
                    "relations": len(system.relations),
                    "masquees": len(masking),
                    "retrouvees": len(checked.recovered),  # type: ignore[attr-defined]
                    "secret_s": round(plan_s, 4),
                    "audit_s": round(audit_s, 4),
                }
            )
    path = write_results("secret-statistique", {"mesures": rows, "repetitions": args.repeat})
    print(path.read_text(encoding="utf-8"), end="")
    table = [
        "| période | seuil | cellules | relations | valeurs masquées | retrouvées | secret (s) | audit (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    table += [
        f"| {r['periode']} | {r['seuil']} | {r['cellules']} | {r['relations']} | {r['masquees']} "
        f"| {r['retrouvees']} | {r['secret_s']} | {r['audit_s']} |"
        for r in rows
    ]
    path.with_suffix(".md").write_text("\n".join(table) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
