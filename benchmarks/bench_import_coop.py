"""Time the import of a large La Coop « Activités » XLSX export, next to a bare openpyxl pass.

Usage: ``python benchmarks/bench_import_coop.py [--rows 500000] [--seed 1] [--file PATH]``.
The file is generated (seeded, openpyxl write-only mode) unless it already exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

import openpyxl

from afnor_ctin.io.exports import import_files

HEADER = [
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Prénom du médiateur",
    "Nom du médiateur",
    "Rôle",
    "ID - Conum",
    "Type",
    "Participants",
    "Canaux d’accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l’atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d’autonomie (ou de l’atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "Source de la donnée",
    "ID CRA",
]
COMMUNES = [
    ("La Rochelle", "17000", "17300"),
    ("Aytré", "17440", "17028"),
    ("Lagord", "17140", "17200"),
    ("Périgny", "17180", "17274"),
    ("Puilboreau", "17138", "17291"),
]
THEMES = [
    "Navigation sur internet",
    "E-mail",
    "Bureautique",
    "Santé",
    "Aide aux démarches administratives",
    "Prendre en main du matériel",
    "Culture numérique",
]
GENRES = ["Masculin", "Féminin", "Non communiqué"]
AGES = [
    "Moins de 12 ans",
    "12 - 17 ans",
    "18 - 24 ans",
    "25 - 39 ans",
    "40 - 59 ans",
    "60 - 69 ans",
    "70 ans et plus",
    "Non communiqué",
]
STATUTS = ["Scolarisé", "Sans emploi", "En emploi", "Retraité", "Non communiqué ou hétérogène"]


def generate(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Activités")
    ws.append(["Informations export"])
    ws.append(["Total", rows])
    ws.append([])
    ws.append(HEADER)
    mediators = [(f"P{i}", f"N{i}", rng.choice(["Conseiller Numérique", "Médiateur"])) for i in range(60)]
    places = [(f"Lieu {i}", f"{i} rue du Port", *rng.choice(COMMUNES)) for i in range(25)]
    written = 0
    activity = 0
    start = dt.datetime(2025, 9, 1)
    while written < rows:
        activity += 1
        workshop = rng.random() < 0.15
        n = min(rng.randint(2, 10) if workshop else 1, rows - written)
        first, last, role = rng.choice(mediators)
        name, address, commune, postal, insee = rng.choice(places)
        day = start + dt.timedelta(days=rng.randrange(365))
        themes = "\n".join(rng.sample(THEMES, rng.randint(1, 3)))
        for i in range(1, n + 1):
            bc = rng.choice(COMMUNES)
            ws.append(
                [
                    day,
                    "01/09/2025 à 10:00",
                    None,
                    first,
                    last,
                    role,
                    role == "Conseiller Numérique",
                    "Atelier collectif" if workshop else "Accompagnement individuel",
                    f"{i}/{n}" if n > 1 else 1,
                    "Lieu d’activité",
                    name,
                    address,
                    commune,
                    postal,
                    insee,
                    rng.choice([30, 45, 60, 90, 120]),
                    "Atelier" if workshop else None,
                    "Ordinateur",
                    themes,
                    None,
                    None,
                    "2/3",
                    "Non",
                    None,
                    bc[0],
                    bc[1],
                    bc[2],
                    rng.choice(GENRES),
                    rng.choice(AGES),
                    rng.choice(STATUTS),
                    "La Coop de la médiation numérique (V2)",
                    f"cra-{activity}",
                ]
            )
        written += n
    wb.save(path)


def progress(done: int, total: int | None, label: str) -> None:
    print(f"\r  {label} : {done} ligne(s)" + (f" / {total}" if total else ""), end="", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, default=None)
    args = parser.parse_args()
    path = args.file or Path(f"/tmp/coop-bench-{args.rows}-{args.seed}.xlsx")
    if not path.exists():
        t = time.perf_counter()
        generate(path, args.rows, args.seed)
        print(f"génération : {time.perf_counter() - t:.1f} s ({path}, {path.stat().st_size / 1e6:.1f} Mo)")

    t = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for _ in wb["Activités"].iter_rows(values_only=True))
    wb.close()
    baseline = time.perf_counter() - t
    print(f"référence openpyxl read-only iter_rows : {baseline:.1f} s ({count} lignes)")

    t = time.perf_counter()
    result = import_files([path], territory="241700434", progress=progress)
    elapsed = time.perf_counter() - t
    print(file=sys.stderr)
    f = result.files[0]
    print(
        f"import_files : {elapsed:.1f} s — {f.read} lues, {f.imported} activités, {f.merged} fusionnées, "
        f"{f.rejected} rejetées ; {result.dataset.counts()}"
    )
    print(f"rapport import / référence : {elapsed / baseline:.2f}")


if __name__ == "__main__":
    main()
