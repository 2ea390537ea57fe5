"""Commune resolution on the real rows of the test fixtures, next to a plain dictionary lookup.

The rows are the commune fields (INSEE code, commune name, postal code, coordinates, address) of the
five real files of ``tests/data/real/``: Hinaura and PACA (places of the lieux standard), the ANCT list
of France Services and the Aidants Connect structures, 7,423 rows in all. Each variant runs in its own
process, so that the one-time costs are measured:

- ``froid``: :func:`afnor_ctin.reference.resolve_commune` on every row in a fresh process: reading the
  bundled tables, building the indexes (and decoding the boundaries when a row needs its coordinates);
- ``chaud``: the same rows again once the indexes exist, name lookups not memoised (median of ``--repeat``);
- ``memo``: the same rows a third time, with the memoised name lookups (median of ``--repeat``);
- ``plancher``: one dictionary lookup per row, of the INSEE code or of the (postal code, upper-case
  name) pair, in dictionaries built beforehand (the least any resolution does).

Usage::

    python benchmarks/bench_resolve.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from reference_common import run_child, write_results  # noqa: E402

REAL = HERE.parent / "tests" / "data" / "real"
PACA = "20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"


def rows() -> list[dict[str, Any]]:
    """The commune fields of every row of the real fixtures, as ``resolve_commune`` keywords."""
    out: list[dict[str, Any]] = []
    for path in (REAL / "lieux-v0-hinaura-2022" / "source.json", REAL / "lieux-paca-2023" / "v0" / PACA):
        for r in json.loads(path.read_text(encoding="utf-8")):
            out.append(
                {
                    "code": r.get("code_insee"),
                    "name": r.get("commune"),
                    "postal_code": r.get("code_postal"),
                    "latitude": r.get("latitude"),
                    "longitude": r.get("longitude"),
                }
            )
    with (REAL / "france-services-2022" / "liste-fs-20221201.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out.append(
                {
                    "code": r["insee_com"],
                    "name": r["lib_com"],
                    "postal_code": r["code_postal"],
                    "latitude": r["latitude"],
                    "longitude": r["longitude"],
                }
            )
    for r in json.loads((REAL / "aidants-connect-2023" / "aidants-connect.json").read_text(encoding="utf-8")):
        out.append({"name": r["commune"], "postal_code": r["Code postal"], "address": r["Adresse"]})
    return out


def _timed(work: Any) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``work()`` (the CPU time is what a shared machine cannot inflate)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(pairs: list[tuple[float, float]]) -> list[float]:
    return [statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)]


def child(variant: str, repeat: int) -> None:
    """Run one variant in this process and print its timings as JSON."""
    data = rows()
    if variant == "plancher":
        from afnor_ctin.reference import communes, postal_entries

        by_code = {code: code for code in communes()}
        by_postal = {(e.postal_code, e.commune_name.upper()): e.code_insee for e in postal_entries()}

        def lookup() -> int:
            return sum(
                1
                for r in data
                if by_code.get(str(r.get("code") or ""))
                or by_postal.get((str(r["postal_code"]), str(r["name"]).upper()))
            )

        found = lookup()
        print(
            json.dumps(
                {"chaud": _median([_timed(lookup) for _ in range(repeat)]), "resolved": found, "rows": len(data)}
            )
        )
        return
    results: list[Any] = []

    def first() -> None:
        from afnor_ctin.reference import resolve_commune

        results.extend(resolve_commune(**r) for r in data)

    cold = _timed(first)
    from afnor_ctin.reference import resolve, resolve_commune

    def again() -> None:
        for r in data:
            resolve_commune(**r)

    warm, memo = [], []
    for _ in range(repeat):
        resolve._by_name.cache_clear()
        warm.append(_timed(again))
        memo.append(_timed(again))
    rules: dict[str, int] = {}
    for res in results:
        name = res.rule.value if res.rule else f"non résolu : {res.failure.value if res.failure else '?'}"
        rules[name] = rules.get(name, 0) + 1
    print(
        json.dumps(
            {
                "froid": list(cold),
                "chaud": _median(warm),
                "memo": _median(memo),
                "rows": len(data),
                "resolved": sum(r.resolved for r in results),
                "rules": dict(sorted(rules.items(), key=lambda kv: -kv[1])),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=("bibliotheque", "plancher"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return
    library = run_child(__file__, "bibliotheque", "--repeat", str(args.repeat))
    floor = run_child(__file__, "plancher", "--repeat", str(args.repeat))
    n = library["rows"]
    print(f"{n} lignes réelles ({library['resolved']} résolues ; plancher : {floor['resolved']} trouvées)")
    print(f"{'variante':<34}{'s (horloge)':>12}{'s (CPU)':>10}{'µs CPU/ligne':>14}")
    timings = {
        "froid (tables + index + lignes)": library["froid"],
        "chaud (index construits)": library["chaud"],
        "mémoïsé (mêmes lignes)": library["memo"],
        "plancher (un dictionnaire)": floor["chaud"],
    }
    for name, (wall, cpu) in timings.items():
        print(f"{name:<34}{wall:>12.3f}{cpu:>10.3f}{cpu / n * 1e6:>14.1f}")
    for rule, count in library["rules"].items():
        print(f"  {rule:<40}{count:>6}")
    summary = {
        "lignes": n,
        "resolues": library["resolved"],
        "secondes_horloge_cpu": {name: [round(v, 4) for v in pair] for name, pair in timings.items()},
        "regles": library["rules"],
    }
    out = write_results("resolution-communes", summary)
    print(f"résultats : {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
