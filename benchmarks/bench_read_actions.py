"""Read a large ``actions.csv`` with :func:`afnor_ctin.io.native.read_dataset`, next to a plain ``csv.reader`` pass.

Usage: ``python benchmarks/bench_read_actions.py [--rows 1000000] [--seed 7]``

A seeded dataset (small territoire/acteurs/lieux/mediateurs, ``--rows`` actions) is generated in a
temporary folder. Each variant runs in its own subprocess, so that its peak memory
(``ru_maxrss`` of the child) is measured alone; wall time is measured inside the child.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def child(variant: str, folder: Path) -> None:
    """Run one variant and print its result as JSON (wall time, rows)."""
    start = time.perf_counter()
    if variant == "read_dataset":
        from afnor_ctin.io.native import read_dataset

        ds, report = read_dataset(folder)
        rows = ds.counts()["actions"]
        extra = {"rejected": report.rejected}
    else:
        with (folder / "actions.csv").open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
        extra = {}
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "rows": rows, **extra}))


def run(variant: str, folder: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, __file__, "--child", variant, "--folder", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result: dict[str, float] = json.loads(out)
    result["peak_mib"] = max(peak, before) / 1024  # ru_maxrss is in KiB on Linux
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=("read_dataset", "csv_reader"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "jeu", args.rows, args.seed)
        size = (folder / "actions.csv").stat().st_size / 2**20
        print(f"actions.csv : {args.rows} lignes, {size:.0f} Mio")
        # The baseline runs first: RUSAGE_CHILDREN keeps the maximum over finished children.
        baseline = run("csv_reader", folder)
        measured = run("read_dataset", folder)
    print(f"{'variante':<14}{'secondes':>10}{'pic Mio':>10}{'lignes':>10}")
    for name, r in (("csv.reader", baseline), ("read_dataset", measured)):
        print(f"{name:<14}{r['seconds']:>10.2f}{r['peak_mib']:>10.0f}{int(r['rows']):>10}")
    print(f"rapport de temps read_dataset / csv.reader : {measured['seconds'] / baseline['seconds']:.1f}")


if __name__ == "__main__":
    main()
