"""Distributed evaluation: every EPCI of the national dataset on a local Dask cluster of two processes.

Steps, on the dataset of ``bench_national.py`` (read from ``--cache`` when it is there):

1. :func:`afnor_ctin.distributed.write_parquet` (partitioned by département);
2. :func:`afnor_ctin.evaluate_territories` on one machine (reference);
3. :func:`afnor_ctin.distributed.evaluate_territories` without a cluster (tasks one after the other);
4. the same on ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``.

The reports of 3 and 4 are compared with those of 2 (``identiques``). Results go to
``results/distribue.json`` and ``results/distribue.md`` (included by the Dask how-to page).

Usage: ``python benchmarks/bench_distributed.py --scale 0.1 --cache /chemin/du/cache``
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _n(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Évaluation distribuée sur un cluster Dask local de deux processus.")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", default=None, help="dossier du jeu généré par bench_national.py --cache")
    parser.add_argument("--results", default=str(RESULTS))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from distributed import Client, LocalCluster

    import national
    from afnor_ctin import distributed
    from afnor_ctin.evaluate import evaluate_territories
    from afnor_ctin.io.parquet import read_parquet, write_parquet
    from afnor_ctin.period import Period
    from afnor_ctin.territories import subdivisions

    period = Period.year(2024)
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        cached = (
            None if args.cache is None else Path(args.cache) / f"echelle-{args.scale:g}-graine-{args.seed}" / "parquet"
        )
        if cached is not None and (cached / "metadata.json").is_file():
            ds = read_parquet(cached)
        else:
            ds = national.generate(args.scale, args.seed)
            write_parquet(ds, Path(tmp) / "parquet")
        epcis = subdivisions(ds.territory, "epci")
        folder = str(Path(tmp) / "partitions")
        t0 = time.perf_counter()
        distributed.write_parquet(ds, folder)
        written = time.perf_counter() - t0
        t0 = time.perf_counter()
        reference = evaluate_territories(ds, period, epcis)
        local = time.perf_counter() - t0
        expected = [r.to_dict() for r in reference.values()]
        del ds
        loads.append(os.getloadavg()[0])
        t0 = time.perf_counter()
        serial = distributed.evaluate_territories(folder, epcis, period)
        in_process = time.perf_counter() - t0
        loads.append(os.getloadavg()[0])
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:
            client.run(importlib.import_module, "afnor_ctin.distributed")  # workers up and ready before the clock
            t0 = time.perf_counter()
            on_cluster = distributed.evaluate_territories(folder, epcis, period, client=client)
            two_workers = time.perf_counter() - t0
        loads.append(os.getloadavg()[0])
        tasks = len(distributed.components(epcis))
    run: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "commande": "python benchmarks/bench_distributed.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "echelle": args.scale,
        "territoires": len(epcis),
        "taches": tasks,
        "ecriture_partitionnee_s": written,
        "une_machine_s": local,
        "distribue_sans_cluster_s": in_process,
        "distribue_2_processus_s": two_workers,
        "acceleration_2_processus": in_process / two_workers,
        "identiques": [r.to_dict() for r in serial.values()] == expected
        and [r.to_dict() for r in on_cluster.values()] == expected,
        "charge": {"moyenne": sum(loads) / len(loads), "max": max(loads)},
        "coeurs": os.cpu_count(),
    }
    text = "\n".join(
        [
            f"Jeu national à l'échelle {_n(args.scale, 1).rstrip('0').rstrip(',')}, {len(epcis)} EPCI, {tasks} tâches "
            "(ensembles de départements), année 2024 :",
            "",
            "| étape | durée (s) |",
            "|---|---:|",
            f"| écriture partitionnée (`distributed.write_parquet`) | {_n(written)} |",
            f"| une machine (`afnor_ctin.evaluate_territories`, jeu en mémoire) | {_n(local)} |",
            f"| `distributed.evaluate_territories`, sans cluster (tâches à la suite) | {_n(in_process)} |",
            f"| `distributed.evaluate_territories`, `LocalCluster` de 2 processus | {_n(two_workers)} |",
            "",
            f"Accélération sur 2 processus : {_n(run['acceleration_2_processus'])}× ; rapports identiques à ceux "
            f"d'une machine : {'oui' if run['identiques'] else 'NON'} ; charge moyenne (1 min) "
            f"{_n(run['charge']['moyenne'], 1)} (max {_n(run['charge']['max'], 1)}) sur {os.cpu_count()} cœurs "
            "— une charge au-delà du nombre de cœurs réduit l'accélération.",
            "",
            f"Commande : `{run['commande']}` — {run['date']}.",
            "",
        ]
    )
    results = Path(args.results)
    (results / "distribue.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (results / "distribue.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
