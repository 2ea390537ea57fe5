"""Time the import of real open datasets: the France Services list and conseiller-numérique permanences.

Usage: ``python benchmarks/bench_import_real.py [--permanences 4930] [--seed 1] [--repeat 3] [--out FILE.json]``.

* France Services: the real ANCT list of 1 Dec 2022 (2,683 rows, the test fixture
  ``tests/io/exports/data/real/france-services-2022.csv.gz``).
* Permanences: no real file can be shipped (it names the conseillers); a faithful file of
  ``--permanences`` rows is generated from the pre-standard schema of the national cartography
  (``id, nom, services`` joined by ``;`` or ``, ``, ``pivot, commune, code_postal, adresse, latitude,
  longitude, courriel, conditions_access, labels_nationaux, horaires, source, date_maj, structureId,
  aidants[]``), communes drawn from the bundled COG with the names written as in the real files
  (capitals, a CEDEX now and then).

Each is timed with :func:`read_export` and :func:`import_files`: the very first call of the process
(France Services, read first, pays for loading the bundled tables and the indexes of commune
resolution), then the median of the next calls, next to the bare parse of the same file with the
standard library (``csv.DictReader`` / ``json.load``). Then both files are
imported together (the places of the two files are compared to find the same place twice).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from afnor_ctin.io.exports import import_files, read_export
from afnor_ctin.io.exports.lieux_vocabulary import V0_VOCABULARIES
from afnor_ctin.reference import communes

ROOT = Path(__file__).resolve().parents[1]
FRANCE_SERVICES = ROOT / "tests" / "io" / "exports" / "data" / "real" / "france-services-2022.csv.gz"


def permanences(rows: int, seed: int) -> list[dict[str, object]]:
    """``rows`` permanences in the shape of the national cartography's JSON (people invented)."""
    rng = random.Random(seed)
    table = [c for c in communes().values() if not c.departement.startswith("97")]
    weights = [max(c.population, 1) for c in table]
    services = V0_VOCABULARIES["services"]
    out: list[dict[str, object]] = []
    structures = [f"{rng.getrandbits(96):024x}" for _ in range(rows // 2)]
    for i in range(rows):
        commune = rng.choices(table, weights)[0]
        name = commune.name.upper() if rng.random() < 0.6 else commune.name
        if rng.random() < 0.03:
            name += " CEDEX"
        postal = f"{commune.departement[:2].replace('2A', '20').replace('2B', '20')}{rng.randrange(1000):03d}"
        joined = (";" if rng.random() < 0.7 else ", ").join(rng.sample(services, rng.randint(1, 5)))
        out.append(
            {
                "id": f"{rng.getrandbits(96):024x}",
                "nom": f"Permanence numérique {i}",
                "services": joined,
                "pivot": f"{rng.randrange(10**13, 10**14)}" if rng.random() < 0.6 else "00000000000000",
                "commune": name,
                "code_postal": int(postal) if rng.random() < 0.1 else postal,
                "adresse": f"{rng.randint(1, 99)} rue de la Mairie",
                "latitude": round(rng.uniform(42.5, 50.9), 6),
                "longitude": round(rng.uniform(-4.5, 7.9), 6),
                "courriel": f"contact{i}@example.org",
                "conditions_access": "Gratuit : Je peux accéder gratuitement au lieu et à ses services",
                "labels_nationaux": "CNFS",
                "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
                "source": "conseiller-numerique",
                "date_maj": f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "structureId": rng.choice(structures),
                "aidants": [
                    {
                        "aidantId": f"{rng.getrandbits(96):024x}",
                        "nom": f"Prénom{i} Nom{k}",
                        "courriel": f"aidant{i}.{k}@example.org",
                        "telephone": f"+336{rng.randrange(10**8):08d}",
                    }
                    for k in range(rng.randint(1, 2))
                ],
            }
        )
    return out


def _times(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Wall seconds of the first call, median wall seconds and median CPU seconds of ``repeat`` further calls.

    The CPU time is what the call costs when the machine is shared (the wall time then includes waiting).
    """
    t = time.perf_counter()
    call()
    first = time.perf_counter() - t
    runs, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        call()
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return first, statistics.median(runs), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--permanences", type=int, default=4930)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    fs = folder / "liste-fs-20221201.csv"
    fs.write_bytes(gzip.decompress(FRANCE_SERVICES.read_bytes()))
    cn = folder / "permanences.json"
    cn.write_text(json.dumps(permanences(args.permanences, args.seed), ensure_ascii=False), encoding="utf-8")
    results: dict[str, dict[str, float | int]] = {}
    for label, path, parse in (
        ("france_services", fs, lambda p: list(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8"))))),
        ("permanences", cn, lambda p: json.loads(p.read_text(encoding="utf-8"))),
    ):
        cold = time.perf_counter()
        reading = read_export(path)
        cold = time.perf_counter() - cold
        count = reading.files[0]
        read_first, read_median, _ = _times(lambda path=path: read_export(path), args.repeat)
        import_first, import_median, import_cpu = _times(
            lambda path=path: import_files([path], territory="241700434"), args.repeat
        )
        _, floor, _ = _times(lambda path=path, parse=parse: parse(path), args.repeat)
        results[label] = {
            "lignes": count.read,
            "importees": count.imported,
            "rejetees": count.rejected,
            "lecture_a_froid_s": round(cold, 3),
            "lecture_premiere_s": round(read_first, 3),
            "lecture_s": round(read_median, 3),
            "import_premier_s": round(import_first, 3),
            "import_s": round(import_median, 3),
            "import_cpu_s": round(import_cpu, 3),
            "analyse_seule_s": round(floor, 3),
        }
        print(
            f"{label} ({count.read} lignes, {count.imported} importées, {count.rejected} rejetées) : "
            f"read_export {cold:.2f} s à froid, {read_first:.2f} s au deuxième appel, {read_median:.2f} s ensuite ; "
            f"import_files {import_first:.2f} s puis {import_median:.2f} s (processeur {import_cpu:.2f} s) ; "
            f"analyse seule {floor:.3f} s"
        )
    both_first, both_median, both_cpu = _times(lambda: import_files([fs, cn], territory="241700434"), args.repeat)
    merged = import_files([fs, cn], territory="241700434")
    results["ensemble"] = {
        "import_s": round(both_median, 3),
        "import_premier_s": round(both_first, 3),
        "import_cpu_s": round(both_cpu, 3),
        "fusions": sum(1 for m in merged.merges if m.entity == "lieux"),
    }
    print(
        f"les deux fichiers ensemble : import_files {both_median:.2f} s (processeur {both_cpu:.2f} s, "
        f"{results['ensemble']['fusions']} fusion(s))"
    )
    results["machine"] = {"charge_moyenne_1_min": round(os.getloadavg()[0], 2), "coeurs": os.cpu_count() or 0}
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"résultats : {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
