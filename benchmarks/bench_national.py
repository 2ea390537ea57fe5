"""National benchmark: the library against a pandas baseline and a numpy floor, on the same data.

Steps (each in its own subprocess, so that peak memory is measured separately, by the parent of
the worker, with ``getrusage(RUSAGE_CHILDREN).ru_maxrss``):

1. ``generate``: build the synthetic national dataset (:mod:`national`) and write it as Parquet
   with :func:`afnor_ctin.io.parquet.write_parquet`.
2. ``library``: :func:`~afnor_ctin.io.parquet.read_parquet`, then
   :func:`~afnor_ctin.evaluate.evaluate_territories` — all 11 indicators, every EPCI, year 2024.
3. ``pandas``: the same data as plain DataFrames, :func:`pandas_baseline.compute` for every EPCI.
4. ``floor``: one ``np.bincount`` of the accompaniments of 2024 by commune.

Loading (reading the Parquet folder, building DataFrames) is timed apart from the computation.
The library's and the baseline's results are compared cell by cell at the end.

Usage::

    python benchmarks/bench_national.py --scale 0.1
    python benchmarks/bench_national.py --scale 1 --repeat 1

Results go to ``benchmarks/results/`` (one JSON and one Markdown file per run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
YEAR = 2024


def _peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# Workers (run in a grandchild process; print one JSON line)
# --------------------------------------------------------------------------------------------
def work_generate(folder: Path, scale: float, seed: int) -> dict[str, Any]:
    import national
    from afnor_ctin.io.parquet import write_parquet

    t0 = time.perf_counter()
    ds = national.generate(scale, seed)
    t1 = time.perf_counter()
    write_parquet(ds, folder)
    t2 = time.perf_counter()
    size = sum(f.stat().st_size for f in folder.iterdir())
    return {"generation_s": t1 - t0, "ecriture_parquet_s": t2 - t1, "octets": size, "lignes": ds.counts()}


def _load(folder: Path) -> tuple[Any, float]:
    from afnor_ctin.io.parquet import read_parquet

    t0 = time.perf_counter()
    ds = read_parquet(folder)
    return ds, time.perf_counter() - t0


def work_library(folder: Path, repeat: int, out: Path) -> dict[str, Any]:
    import national
    from afnor_ctin.evaluate import evaluate_territories
    from afnor_ctin.period import Period

    ds, load = _load(folder)
    territories = national.epci_territories(ds.territory)
    period = Period.year(YEAR)
    times = []
    reports: dict[str, Any] = {}
    for _ in range(repeat):
        reports = {}
        gc.collect()
        t0 = time.perf_counter()
        reports = evaluate_territories(ds, period, territories)
        times.append(time.perf_counter() - t0)
    out.write_text(json.dumps({k: r.to_dict() for k, r in reports.items()}), encoding="utf-8")
    return {"chargement_s": load, "calcul_s": min(times), "calculs_s": times, "territoires": len(territories)}


def work_pandas(folder: Path, repeat: int, out: Path) -> dict[str, Any]:
    import national
    import pandas_baseline as pb
    from afnor_ctin.period import Period

    ds, load = _load(folder)
    t0 = time.perf_counter()
    territories = national.epci_territories(ds.territory)
    frames = pb.dataframes(ds)
    members = pb.memberships(ds, territories)
    prep = time.perf_counter() - t0
    del ds
    gc.collect()
    period = Period.year(YEAR)
    times = []
    table = None
    for _ in range(repeat):
        table = None
        gc.collect()
        t0 = time.perf_counter()
        table = pb.compute(frames, members, period)
        times.append(time.perf_counter() - t0)
    assert table is not None
    table.to_pickle(out)
    return {"chargement_s": load, "dataframes_s": prep, "calcul_s": min(times), "calculs_s": times}


def work_floor(folder: Path, repeat: int) -> dict[str, Any]:
    import numpy as np

    from afnor_ctin.columns import day_number

    ds, load = _load(folder)
    a = ds.columns.actions
    start, end = day_number(dt.date(YEAR, 1, 1)), day_number(dt.date(YEAR, 12, 31))
    times = []
    total = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        sel = (a.type <= 1) & (a.day >= start) & (a.day <= end)
        weights = np.where(a.participants[sel] < 0, 1, a.participants[sel])
        per_commune = np.bincount(a.commune[sel], weights=weights, minlength=len(ds.columns.communes))
        times.append(time.perf_counter() - t0)
        total = float(per_commune.sum())
    return {"chargement_s": load, "calcul_s": min(times), "calculs_s": times, "accompagnements": total}


def worker(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(HERE))
    folder = Path(args.folder)
    if args.variant == "generate":
        result = work_generate(folder, args.scale, args.seed)
    elif args.variant == "library":
        result = work_library(folder, args.repeat, Path(args.out))
    elif args.variant == "pandas":
        result = work_pandas(folder, args.repeat, Path(args.out))
    else:
        result = work_floor(folder, args.repeat)
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# Measuring process: runs one worker and reads its peak memory
# --------------------------------------------------------------------------------------------
def measure(args: argparse.Namespace) -> None:
    cmd = [sys.executable, __file__, "worker", *args.rest]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        print(json.dumps({"erreur": proc.stderr[-2000:]}))
        return
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(processus_s=wall, memoire_max_mo=_peak_children_mb())
    print(json.dumps(result))


def _run(step: str, *rest: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "measure", step, *rest]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    if "erreur" in result:
        raise SystemExit(f"échec de l'étape {step} :\n{result['erreur']}")
    return result


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------
def _markdown(run: dict[str, Any]) -> str:
    lib, pan, flo, gen = run["library"], run["pandas"], run["floor"], run["generate"]
    rows = [
        ("bibliothèque (11 indicateurs, tous les EPCI)", lib),
        ("pandas (référence analyste)", pan),
        ("plancher numpy (un bincount)", flo),
    ]
    lines = [
        f"# Banc national — échelle {run['scale']}",
        "",
        f"{run['date']} · {run['machine']} · Python {run['python']} · commande : `{run['commande']}`",
        "",
        "Volumes : " + ", ".join(f"{k} {v:,}".replace(",", " ") for k, v in gen["lignes"].items()),
        "",
        f"Génération {gen['generation_s']:.1f} s · écriture Parquet {gen['ecriture_parquet_s']:.1f} s "
        f"({gen['octets'] / 1e6:.0f} Mo) · lecture Parquet (read_parquet) {lib['chargement_s']:.1f} s",
        "",
        "| variante | calcul (s) | mémoire max (Mo) |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {r['calcul_s']:.2f} | {r['memoire_max_mo']:.0f} |" for name, r in rows]
    lines += [
        "",
        f"Rapports : bibliothèque / pandas = {run['ratio_bibliotheque_pandas']:.3f} "
        f"(pandas {1 / run['ratio_bibliotheque_pandas']:.1f} fois plus lent) ; "
        f"bibliothèque / plancher = {run['ratio_bibliotheque_plancher']:.0f}.",
        f"Accord bibliothèque / pandas : {run['ecarts']} cellule(s) en écart sur {run['cellules']}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("worker", "measure"):
        parser = argparse.ArgumentParser()
        parser.add_argument("role")
        if argv[0] == "measure":
            parser.add_argument("rest", nargs=argparse.REMAINDER)
            return measure(parser.parse_args(argv))
        parser.add_argument("variant")
        parser.add_argument("--folder", required=True)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--repeat", type=int, default=1)
        parser.add_argument("--out", default="")
        return worker(parser.parse_args(argv))

    parser = argparse.ArgumentParser(description="Banc national : bibliothèque, pandas et plancher numpy.")
    parser.add_argument("--scale", type=float, default=0.1, help="facteur d'échelle (1 = référence)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="répétitions du calcul (on garde la meilleure)")
    parser.add_argument("--workdir", default=None, help="dossier de travail (Parquet, résultats intermédiaires)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import pandas as pd

    import pandas_baseline as pb

    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        folder = work / "parquet"
        common = ["--folder", str(folder), "--scale", str(args.scale), "--seed", str(args.seed)]
        rep = ["--repeat", str(args.repeat)]
        print(f"génération (échelle {args.scale})…", flush=True)
        generate = _run("generate", *common)
        print(json.dumps(generate), flush=True)
        print("bibliothèque…", flush=True)
        library = _run("library", *common, *rep, "--out", str(work / "library.json"))
        print(json.dumps(library), flush=True)
        print("pandas…", flush=True)
        pandas = _run("pandas", *common, *rep, "--out", str(work / "pandas.pkl"))
        print(json.dumps(pandas), flush=True)
        print("plancher…", flush=True)
        floor = _run("floor", *common, *rep)
        print(json.dumps(floor), flush=True)
        ours = pd.read_pickle(work / "pandas.pkl")
        reports = json.loads((work / "library.json").read_text(encoding="utf-8"))
        differences = pb.compare(ours, pb.library_table(reports, ours.columns), rtol=1e-6)
    run = {
        "scale": args.scale,
        "seed": args.seed,
        "repeat": args.repeat,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cœurs",
        "python": platform.python_version(),
        "commande": "python benchmarks/bench_national.py " + " ".join(argv),
        "generate": generate,
        "library": library,
        "pandas": pandas,
        "floor": floor,
        "ratio_bibliotheque_pandas": library["calcul_s"] / pandas["calcul_s"],
        "ratio_bibliotheque_plancher": library["calcul_s"] / floor["calcul_s"],
        "ecarts": len(differences),
        "cellules": int(ours.size),
        "exemples_ecarts": differences[:20],
    }
    RESULTS.mkdir(exist_ok=True)
    stem = f"national-echelle-{args.scale:g}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = _markdown(run)
    (RESULTS / f"{stem}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
