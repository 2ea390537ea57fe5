"""Read a large ``actions.csv`` with :func:`afnor_ctin.io.native.read_dataset`, next to raw reads of the same file.

Usage: ``python benchmarks/bench_read_actions.py [--rows 1000000] [--seed 7] [--json PATH]``

A seeded dataset (small territoire/acteurs/lieux/mediateurs, ``--rows`` actions) is generated in a
temporary folder. The variants: a plain ``csv.reader`` pass; polars' raw read (every column as
text, ``pl.read_csv(path, infer_schema=False)``); pyarrow's raw read (every column as text);
``read_dataset`` with the columnar engine (:mod:`afnor_ctin.io._arrow`) and with the reference
reader alone (row by row, the engine disabled). Each variant runs in its own subprocess, so that
its peak memory (``ru_maxrss`` of the child, read by the child) is measured alone; wall time is measured inside the
child, imports excluded (for ``read_dataset``, pyarrow's modules too, which the library imports on first use).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TYPES = ("accompagnement_individuel", "atelier_collectif", "coordination", "equipement_solidaire")
THEMES = ("email", "bureautique", "sante", "navigation_sur_internet", "aide_aux_demarches_administratives")
COMMUNES = ("17300", "17028", "17200", "17274", "17299")


def generate(folder: Path, rows: int, seed: int) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "territoire.csv").write_text("code,nom,niveau\n241700434,CA de La Rochelle,epci\n", encoding="utf-8")
    with (folder / "acteurs.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "nom", "type", "code_insee"])
        w.writerows([f"ACT{i}", f"Structure {i}", "ASSO", rng.choice(COMMUNES)] for i in range(50))
    with (folder / "lieux.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "acteur_id", "nom", "code_insee"])
        w.writerows([f"PL{i}", f"ACT{i % 50}", f"Lieu {i}", rng.choice(COMMUNES)] for i in range(100))
    with (folder / "mediateurs.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "acteur_id", "role", "date_debut"])
        w.writerows([f"M{i}", f"ACT{i % 50}", "mediateur", "2020-01-01"] for i in range(200))
    header = ["id", "type", "date", "acteur_id", "mediateur_id", "lieu_id", "code_insee", "canal"]
    header += ["duree_min", "participants", "thematiques"]
    with (folder / "actions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(rows):
            kind = rng.choice(TYPES)
            with_place = rng.random() < 0.8
            day = f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.2:
                day = "/".join(reversed(day.split("-")))
            w.writerow(
                [
                    f"A{i}",
                    kind,
                    day,
                    f"ACT{rng.randrange(50)}",
                    f"M{rng.randrange(200)}" if rng.random() < 0.9 else "",
                    f"PL{rng.randrange(100)}" if with_place else "",
                    "" if with_place else rng.choice(COMMUNES),
                    "" if with_place else "a_distance",
                    rng.choice(("30", "45", "60", "")),
                    str(rng.randint(1, 12)) if kind == "atelier_collectif" else "",
                    "|".join(rng.sample(THEMES, rng.randint(0, 2))),
                ]
            )
    return folder


VARIANTS = ("csv_reader", "polars", "pyarrow", "read_dataset", "read_dataset_reference")
LABELS = {
    "csv_reader": "csv.reader",
    "polars": "polars brut",
    "pyarrow": "pyarrow brut",
    "read_dataset": "read_dataset",
    "read_dataset_reference": "read_dataset sans moteur colonnes",
}


def child(variant: str, folder: Path) -> None:
    """Run one variant and print its result as JSON (wall time, rows)."""
    path = folder / "actions.csv"
    extra: dict[str, object] = {}
    if variant.startswith("read_dataset"):
        # The engine's modules (imported on first use by the library) are imported before the clock
        # starts, as polars and pyarrow are for their variants: imports are excluded for every variant.
        import pyarrow.compute
        import pyarrow.csv

        from afnor_ctin.io import _arrow
        from afnor_ctin.io.native import read_dataset

        _arrow.ENABLED = variant == "read_dataset"
        start, cpu = time.perf_counter(), time.process_time()
        ds, report = read_dataset(folder)
        rows = ds.counts()["actions"]
        extra = {"rejected": report.rejected}
    elif variant == "polars":
        import polars as pl

        start, cpu = time.perf_counter(), time.process_time()
        rows = pl.read_csv(path, infer_schema=False).height
    elif variant == "pyarrow":
        import pyarrow as pa
        import pyarrow.csv as pacsv

        with path.open(encoding="utf-8") as fh:
            names = next(csv.reader(fh))
        start, cpu = time.perf_counter(), time.process_time()
        options = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False)
        rows = pacsv.read_csv(path, convert_options=options).num_rows
    else:
        start, cpu = time.perf_counter(), time.process_time()
        with path.open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": elapsed, "cpu_seconds": used, "rows": rows, "peak_mib": peak, **extra}))


def run(variant: str, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", variant, "--folder", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant (the fastest is kept)")
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument("--child", choices=VARIANTS)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder)
        return
    results: dict[str, dict[str, float]] = {}
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "jeu", args.rows, args.seed)
        size = (folder / "actions.csv").stat().st_size / 2**20
        print(f"actions.csv : {args.rows} lignes, {size:.0f} Mio")
        for variant in VARIANTS:
            runs = []
            for _ in range(args.repeat):
                loads.append(os.getloadavg()[0])
                runs.append(run(variant, folder))
            results[variant] = min(runs, key=lambda r: r["seconds"])
    print(f"{'variante':<36}{'secondes':>10}{'pic Mio':>10}{'lignes':>10}")
    for name, r in results.items():
        print(f"{LABELS[name]:<36}{r['seconds']:>10.2f}{r['peak_mib']:>10.0f}{int(r['rows']):>10}")
    polars = results["polars"]["seconds"]
    ratios = {name: r["seconds"] / polars for name, r in results.items()}
    print(f"rapport read_dataset / polars brut : {ratios['read_dataset']:.1f}")
    print(f"rapport read_dataset sans moteur colonnes / polars brut : {ratios['read_dataset_reference']:.1f}")
    cores = os.cpu_count()
    print(f"charge moyenne sur 1 min pendant les mesures : {min(loads):.2f} à {max(loads):.2f} ({cores} cœurs)")
    if args.json:
        document: dict[str, Any] = {
            "rows": args.rows,
            "seed": args.seed,
            "size_mib": round(size, 1),
            "repeat": args.repeat,
            "cpu_count": os.cpu_count(),
            "load_average_1min": [min(loads), max(loads)],
            "variants": results,
            "ratio_to_polars": ratios,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        args.json.with_suffix(".md").write_text(markdown(document), encoding="utf-8")


def _fr(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def markdown(document: dict[str, Any]) -> str:
    """The results as a French Markdown table, with the command and the load."""
    lines = [
        f"`actions.csv` de {_fr(document['rows'], 0)} lignes ({_fr(document['size_mib'], 1)} Mio), "
        f"meilleur de {document['repeat']} exécutions par variante, chacune dans son processus :",
        "",
        "| variante | secondes | processeur (s, tous fils) | pic mémoire (Mio) | rapport à polars brut |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in document["variants"].items():
        ratio = document["ratio_to_polars"][name]
        cells = [LABELS[name], _fr(r["seconds"], 2), _fr(r["cpu_seconds"], 2), _fr(r["peak_mib"], 0), _fr(ratio, 1)]
        lines.append("| " + " | ".join(cells) + " |")
    low, high = document["load_average_1min"]
    lines += [
        "",
        f"Charge moyenne (1 min) de {_fr(low, 1)} à {_fr(high, 1)} sur {document['cpu_count']} cœurs pendant "
        "les mesures (celle du banc lui-même et de tout autre travail de la machine). « polars brut » et "
        "« pyarrow brut » lisent toutes les colonnes en "
        "texte, sans aucune règle du format.",
        "",
        f"Commande : `python benchmarks/bench_read_actions.py --rows {document['rows']} "
        f"--repeat {document['repeat']} --json benchmarks/results/lecture-actions-csv.json` — {document['date']}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
