"""National benchmark: the library against its peers (pandas, DuckDB, polars) and a numpy floor, on the same data.

Every step runs in its own subprocess, so that peak memory is measured separately, by the parent
of the worker, with ``getrusage(RUSAGE_CHILDREN).ru_maxrss``:

1. ``generate``: build the synthetic national dataset (:mod:`national`), write it as Parquet with
   :func:`afnor_ctin.io.parquet.write_parquet`, and write the commune → EPCI membership table
   (:func:`pandas_baseline.write_memberships`) that the SQL and polars peers join to.
2. ``library``: :func:`~afnor_ctin.io.parquet.read_parquet`, then
   :func:`~afnor_ctin.evaluate.evaluate_territories` — all 11 indicators, every EPCI, year 2024.
3. ``pandas``: the same data as plain DataFrames, :func:`pandas_baseline.compute`.
4. ``duckdb`` and ``polars``: the Parquet files loaded into DuckDB tables / polars DataFrames,
   then :func:`duckdb_baseline.compute` (SQL) / :func:`polars_baseline.compute` (lazy polars),
   on all cores (their defaults).
5. ``duckdb_fichiers`` and ``polars_fichiers``: the same queries straight over the Parquet files
   (views / ``scan_parquet``), reading included in the computation.
6. ``floor``: one ``np.bincount`` of the accompaniments of 2024 by commune.

Loading (reading Parquet, building tables) is timed apart from the computation; the best of
``--repeat`` computations is kept. Every table is compared cell by cell with the library's
reports (``ecarts`` for pandas, ``ecarts_duckdb``, ``ecarts_polars``…). The load average of the
machine is recorded before and after each step.

With ``--years`` the benchmark times :func:`~afnor_ctin.evaluate.evaluate_series` over those
years instead, on a multi-year national dataset (generated, or ``--folder`` written by
``national.py --years``), and the same periods evaluated one by one with
:func:`~afnor_ctin.evaluate.evaluate`.

Usage::

    python benchmarks/bench_national.py --scale 0.1
    python benchmarks/bench_national.py --scale 1 --repeat 2
    python benchmarks/bench_national.py --scale 1 --years 2021-2025 --repeat 1

Results go to ``benchmarks/results/`` (one JSON and one Markdown file per run), and
``results/national-resume.md`` gathers the latest runs into the table of the performance page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
YEAR = 2024
MEMBERS_FILE = "membres.parquet"
#: Variant → (label in the tables, JSON key of its agreement with the library).
VARIANTS: dict[str, tuple[str, str | None]] = {
    "library": ("bibliothèque (`read_parquet` + `evaluate_territories`)", None),
    "pandas": ("pandas (`pandas_baseline.py`)", "ecarts"),
    "duckdb": ("DuckDB, tables en mémoire (`duckdb_baseline.py`)", "ecarts_duckdb"),
    "polars": ("polars, DataFrames en mémoire (`polars_baseline.py`)", "ecarts_polars"),
    "duckdb_fichiers": ("DuckDB, requête sur les fichiers Parquet", "ecarts_duckdb_fichiers"),
    "polars_fichiers": ("polars, `scan_parquet` sur les fichiers", "ecarts_polars_fichiers"),
    "floor": ("plancher numpy (un `bincount`)", None),
}
#: Seconds between two readings of the load average while a step runs.
LOAD_SAMPLING_S = 2.0


def _peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _best(repeat: int, run: Callable[[], Any]) -> tuple[Any, list[float]]:
    """Run ``run`` ``repeat`` times (after a garbage collection); its last result and every duration."""
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return result, times


# --------------------------------------------------------------------------------------------
# Workers (run in a grandchild process; print one JSON line)
# --------------------------------------------------------------------------------------------
def work_generate(folder: Path, scale: float, seed: int, years: tuple[int, ...]) -> dict[str, Any]:
    import national
    import pandas_baseline as pb
    from afnor_ctin.io.parquet import write_parquet

    t0 = time.perf_counter()
    ds = national.generate(scale, seed, years=years)
    t1 = time.perf_counter()
    write_parquet(ds, folder, overwrite=True)
    t2 = time.perf_counter()
    if len(years) == 1:
        members = pb.memberships(ds, national.epci_territories(ds.territory))
        pb.write_memberships(members, folder.parent / MEMBERS_FILE)
    size = sum(f.stat().st_size for f in folder.iterdir())
    return {"generation_s": t1 - t0, "ecriture_parquet_s": t2 - t1, "octets": size, "lignes": ds.counts()}


def _load(folder: Path) -> tuple[Any, float]:
    from afnor_ctin.io.parquet import read_parquet

    # Imports are not timed, as for the peers (their modules import duckdb or polars beforehand):
    # read_parquet imports pyarrow's modules on first use.
    for name in ("pyarrow", "pyarrow.parquet", "pyarrow.compute"):
        importlib.import_module(name)
    t0 = time.perf_counter()
    ds = read_parquet(folder)
    return ds, time.perf_counter() - t0


def _peak_self_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def work_library(folder: Path, repeat: int, out: Path) -> dict[str, Any]:
    import national
    from afnor_ctin.evaluate import evaluate_territories
    from afnor_ctin.period import Period

    ds, load = _load(folder)
    loaded = _peak_self_mb()
    territories = national.epci_territories(ds.territory)
    reports, times = _best(repeat, lambda: evaluate_territories(ds, Period.year(YEAR), territories))
    out.write_text(json.dumps({k: r.to_dict() for k, r in reports.items()}), encoding="utf-8")
    return {
        "chargement_s": load,
        "memoire_max_lecture_mo": loaded,
        "calcul_s": min(times),
        "calculs_s": times,
        "territoires": len(territories),
        "fils": os.cpu_count() or 1,  # evaluate_territories: one thread per core by default
    }


def work_pandas(folder: Path, repeat: int, out: Path) -> dict[str, Any]:
    import national
    import pandas_baseline as pb
    from afnor_ctin.period import Period

    ds, load = _load(folder)
    t0 = time.perf_counter()
    frames = pb.dataframes(ds)
    members = pb.memberships(ds, national.epci_territories(ds.territory))
    prep = time.perf_counter() - t0
    del ds
    table, times = _best(repeat, lambda: pb.compute(frames, members, Period.year(YEAR)))
    table.to_pickle(out)
    return {"chargement_s": load + prep, "lecture_parquet_s": load, "calcul_s": min(times), "calculs_s": times}


def _threads(peer: str, state: Any) -> int:
    """Threads the peer computes with (its defaults: every core)."""
    if peer == "duckdb":
        return int(state.sql("SELECT current_setting('threads')").fetchall()[0][0])
    import polars

    return polars.thread_pool_size()


def work_peer(peer: str, folder: Path, repeat: int, out: Path, materialize: bool) -> dict[str, Any]:
    from afnor_ctin.period import Period

    module = importlib.import_module(f"{peer}_baseline")
    t0 = time.perf_counter()
    state = module.load(folder, folder.parent / MEMBERS_FILE, materialize=materialize)
    load = time.perf_counter() - t0
    table, times = _best(repeat, lambda: module.compute(state, Period.year(YEAR)))
    table.to_pickle(out)
    return {"chargement_s": load, "calcul_s": min(times), "calculs_s": times, "fils": _threads(peer, state)}


def work_floor(folder: Path, repeat: int) -> dict[str, Any]:
    import numpy as np

    from afnor_ctin.columns import day_number

    ds, load = _load(folder)
    a = ds.columns.actions
    start, end = day_number(dt.date(YEAR, 1, 1)), day_number(dt.date(YEAR, 12, 31))

    def tally() -> Any:
        sel = (a.type <= 1) & (a.day >= start) & (a.day <= end)
        weights = np.where(a.participants[sel] < 0, 1, a.participants[sel])
        return np.bincount(a.commune[sel], weights=weights, minlength=len(ds.columns.communes))

    per_commune, times = _best(repeat, tally)
    return {"chargement_s": load, "calcul_s": min(times), "calculs_s": times, "accompagnements": per_commune.sum()}


def work_series(folder: Path, repeat: int, years: tuple[int, ...]) -> dict[str, Any]:
    from afnor_ctin.evaluate import evaluate, evaluate_series
    from afnor_ctin.period import Period

    ds, load = _load(folder)
    loaded = _peak_self_mb()
    periods = [Period.year(y) for y in years]
    series, times = _best(repeat, lambda: evaluate_series(ds, periods))
    one_by_one, separate = _best(repeat, lambda: [evaluate(ds, p) for p in periods])
    same = [r.to_dict() for r in series.reports] == [r.to_dict() for r in one_by_one]
    i04 = {str(r.period): next(x.value for x in r.results if x.code == "I04") for r in series.reports}
    return {
        "chargement_s": load,
        "memoire_max_lecture_mo": loaded,
        "calcul_s": min(times),
        "calculs_s": times,
        "evaluations_separees_s": min(separate),
        "identiques": same,
        "I04": i04,
    }


def worker(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(HERE))
    folder, out, years = Path(args.folder), Path(args.out or os.devnull), tuple(args.years)
    variant = args.variant
    if variant == "generate":
        result = work_generate(folder, args.scale, args.seed, years)
    elif variant == "library":
        result = work_library(folder, args.repeat, out)
    elif variant == "pandas":
        result = work_pandas(folder, args.repeat, out)
    elif variant == "series":
        result = work_series(folder, args.repeat, years)
    elif variant == "floor":
        result = work_floor(folder, args.repeat)
    else:
        peer, _, mode = variant.partition("_")
        result = work_peer(peer, folder, args.repeat, out, materialize=mode != "fichiers")
    print(json.dumps(result, default=float))


# --------------------------------------------------------------------------------------------
# Measuring process: runs one worker and reads its peak memory
# --------------------------------------------------------------------------------------------
def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


def measure(args: argparse.Namespace) -> None:
    """Run one worker, stop it if its resident memory passes ``limite_mo``, report its peak memory."""
    cmd = [sys.executable, __file__, "worker", *args.rest]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stopped = False
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if not stopped and _rss_mb(proc.pid) > args.limite_mo:
                proc.kill()
                stopped = True
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        reason = stderr[-2000:]
        if stopped:
            reason = f"arrêté : mémoire résidente au-delà de la limite de {args.limite_mo:.0f} Mo\n{reason}"
        elif proc.returncode < 0:
            reason = f"processus arrêté par le signal {-proc.returncode} (mémoire épuisée ?)\n{reason}"
        print(json.dumps({"erreur": reason, "memoire_max_mo": _peak_children_mb(), "processus_s": wall}))
        return
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(processus_s=wall, memoire_max_mo=_peak_children_mb())
    print(json.dumps(result))


def _run(step: str, *rest: str, limit_mb: float, fatal: bool = True) -> dict[str, Any]:
    """Run one step in a measuring subprocess, sampling the machine's load average meanwhile."""
    cmd = [sys.executable, __file__, "measure", str(limit_mb), step, *rest]
    loads = [os.getloadavg()[0]]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    while True:
        try:
            stdout, _ = proc.communicate(timeout=LOAD_SAMPLING_S)
            break
        except subprocess.TimeoutExpired:
            loads.append(os.getloadavg()[0])
    if proc.returncode != 0:
        raise SystemExit(f"échec du processus de mesure de l'étape {step}")
    loads.append(os.getloadavg()[0])
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["charge"] = {"avant": loads[0], "moyenne": sum(loads) / len(loads), "max": max(loads)}
    if "erreur" in result and fatal:
        raise SystemExit(f"échec de l'étape {step} :\n{result['erreur']}")
    print(json.dumps(result), flush=True)
    return result


def _machine() -> dict[str, Any]:
    import numpy

    versions = {"python": platform.python_version(), "numpy": numpy.__version__}
    for name in ("pandas", "pyarrow", "duckdb", "polars"):
        try:
            versions[name] = importlib.import_module(name).__version__
        except ImportError:
            continue
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cœurs, {memory:.0f} Go",
        "versions": versions,
    }


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------
def _n(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")


def _scale(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _int(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _load_avg(result: dict[str, Any]) -> str:
    load = result["charge"]
    return f"{_n(load['moyenne'], 1)} (max {_n(load['max'], 1)})"


def _header(run: dict[str, Any], title: str) -> list[str]:
    gen = run["generate"]
    versions = ", ".join(f"{k} {v}" for k, v in run["versions"].items())
    return [
        f"# {title}",
        "",
        f"{run['date']} · {run['machine']} · {versions}",
        "",
        f"Commande : `{run['commande']}`",
        "",
        "Volumes : " + ", ".join(f"{k} {_int(v)}" for k, v in gen["lignes"].items()),
        "",
        (
            f"Jeu lu dans `{gen['dossier']}` (écrit à part par `national.py`), {gen['octets'] / 1e6:.0f} Mo de Parquet"
            if "dossier" in gen
            else f"Génération {_n(gen['generation_s'], 1)} s · écriture Parquet {_n(gen['ecriture_parquet_s'], 1)} s "
            f"({gen['octets'] / 1e6:.0f} Mo) · mémoire max de la génération {gen['memoire_max_mo']:.0f} Mo"
        ),
        "",
    ]


def markdown(run: dict[str, Any]) -> str:
    """The Markdown report of one run of the peers' benchmark."""
    lib = run["library"]["calcul_s"]
    lines = [
        *_header(run, f"Banc national — échelle {_scale(run['scale'])}"),
        f"11 indicateurs, {run['library']['territoires']} EPCI, année {YEAR} ; meilleur de {run['repeat']} calculs.",
        "",
        "| variante | fils | chargement (s) | calcul (s) | calcul / bibliothèque | mémoire max (Mo) "
        "| cellules en écart | charge (1 min) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for variant, (label, key) in VARIANTS.items():
        if variant not in run:
            continue
        r = run[variant]
        ecarts = "—" if key is None else f"{run[key]} / {run['cellules']}"
        lines.append(
            f"| {label} | {r.get('fils', 1)} | {_n(r['chargement_s'])} | {_n(r['calcul_s'])} "
            f"| {_n(r['calcul_s'] / lib)} | {r['memoire_max_mo']:.0f} | {ecarts} | {_load_avg(r)} |"
        )
    lines += [
        "",
        "Charge : moyenne de charge sur 1 minute (`uptime`) relevée toutes les "
        f"{LOAD_SAMPLING_S:g} s pendant l'étape (moyenne et maximum), sur {os.cpu_count()} cœurs. "
        "Les fichiers sont lus une fois, hors mesure, avant chaque variante : toutes les lisent depuis "
        "le cache de fichiers du système.",
        "",
    ]
    return "\n".join(lines)


def _series_body(run: dict[str, Any]) -> list[str]:
    s = run["series"]
    years = f"{run['years'][0]}–{run['years'][-1]}"
    if "erreur" in s:
        return [
            f"`evaluate_series` sur {years} n'a pas abouti (mémoire max {s['memoire_max_mo']:.0f} Mo) :",
            "",
            "```",
            s["erreur"].strip(),
            "```",
            "",
        ]
    counts = run["generate"]["lignes"]
    return [
        f"{_int(counts['actions'])} actions, {_int(counts['participations'])} participations, "
        f"{_int(counts['beneficiaires'])} bénéficiaires sur {years} ; meilleur de {run['repeat']} calcul(s).",
        "",
        "| étape | durée (s) |",
        "|---|---:|",
        f"| lecture Parquet (`read_parquet`) | {_n(s['chargement_s'])} |",
        f"| `evaluate_series` sur {len(run['years'])} années (territoire national) | {_n(s['calcul_s'])} |",
        f"| les mêmes années une par une (`evaluate`) | {_n(s['evaluations_separees_s'])} |",
        "",
        f"Mémoire max du processus : {s['memoire_max_mo']:.0f} Mo (dont {s['memoire_max_lecture_mo']:.0f} Mo "
        f"atteints à la fin de la lecture) · charge (1 min) {_load_avg(s)} sur {os.cpu_count()} cœurs · "
        f"rapports identiques dans les deux cas : {'oui' if s['identiques'] else 'NON'}.",
        "",
    ]


def markdown_series(run: dict[str, Any]) -> str:
    """The Markdown report of one run of the multi-year benchmark."""
    years = f"{run['years'][0]}–{run['years'][-1]}"
    title = f"Banc national pluriannuel — {years}, échelle {_scale(run['scale'])}"
    return "\n".join([*_header(run, title), *_series_body(run)])


def summary_series(run: dict[str, Any]) -> str:
    """The multi-year figures of the performance page (no heading), with the command and the date."""
    return "\n".join([*_series_body(run), f"Commande : `{run['commande']}` — {run['date']}.", ""])


def summary(results: Path = RESULTS) -> str:
    """The table of the performance page: the latest run at each scale, every variant side by side."""
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results.glob("national-echelle-*.json"))]
    # Runs written before the peers were measured side by side lack the load average.
    runs = sorted((r for r in runs if "charge" in r["library"]), key=lambda r: r["scale"])
    lines = [
        "| échelle | actions | participations | variante | chargement (s) | calcul (s) "
        "| calcul / bibliothèque | mémoire max (Mo) | écarts |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        counts = run["generate"]["lignes"]
        lib = run["library"]["calcul_s"]
        for variant, (label, key) in VARIANTS.items():
            if variant not in run:
                continue
            r = run[variant]
            lines.append(
                f"| {_scale(run['scale'])} | {_int(counts['actions'])} | {_int(counts['participations'])} | {label} "
                f"| {_n(r['chargement_s'])} | {_n(r['calcul_s'])} | {_n(r['calcul_s'] / lib)} "
                f"| {r['memoire_max_mo']:.0f} | {'—' if key is None else run[key]} |"
            )
    lines.append("")
    for run in runs:
        loads = [run[v]["charge"]["moyenne"] for v in VARIANTS if v in run]
        lines.append(
            f"- échelle {_scale(run['scale'])} : `{run['commande']}` — {run['date']}, meilleur de "
            f"{run['repeat']} calculs ; charge moyenne (1 min) des étapes de {_n(min(loads), 1)} à "
            f"{_n(max(loads), 1)} sur {os.cpu_count()} cœurs."
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------
def _compare(work: Path, variants: list[str]) -> tuple[dict[str, Any], int]:
    import pandas as pd

    import pandas_baseline as pb

    reports = json.loads((work / "library.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = {}
    cells = 0
    for variant in variants:
        key = VARIANTS[variant][1]
        if key is None:
            continue
        table = pd.read_pickle(work / f"{variant}.pkl")
        differences = pb.compare(table, pb.library_table(reports, table.columns), rtol=1e-6, label=variant)
        found[key] = len(differences)
        found[f"exemples_{key}"] = differences[:20]
        cells = int(table.size)
    return found, cells


def _write(results: Path, stem: str, run: dict[str, Any], text: str) -> None:
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{stem}.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (results / f"{stem}.md").write_text(text, encoding="utf-8")
    print(text)


def _generated(cache: Path | None, common: list[str], limit: float) -> dict[str, Any]:
    """Generate the dataset, or reuse the one of the cache folder (same scale and seed) when there is one."""
    done = None if cache is None else cache / "generation.json"
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    if done is not None and done.is_file():
        print(f"jeu de données repris de {done.parent}", flush=True)
        result: dict[str, Any] = json.loads(done.read_text(encoding="utf-8"))
        return result
    print("génération…", flush=True)
    result = _run("generate", *common, "--years", str(YEAR), limit_mb=limit)
    if done is not None:
        done.write_text(json.dumps(result), encoding="utf-8")
    return result


def _warm(folder: Path) -> None:
    """Read every file of ``folder`` and the membership table once, untimed, before a variant.

    Each variant then reads the files from the system's file cache: without it, the first variant
    after a pause (the library) may read them from the disk, the memory manager having dropped
    them from the cache meanwhile, and the others not.
    """
    for path in [*sorted(folder.iterdir()), folder.parent / MEMBERS_FILE]:
        if path.is_file():
            with path.open("rb") as fh:
                while fh.read(1 << 24):
                    pass


def run_peers(args: argparse.Namespace, argv: list[str]) -> None:
    variants = args.variants.split(",")
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or "library" not in variants:
        raise SystemExit(f"variantes : {', '.join(VARIANTS)} (« library » obligatoire) ; inconnues : {unknown}")
    limit = args.limite_memoire_mo
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        cache = None if args.cache is None else Path(args.cache) / f"echelle-{args.scale:g}-graine-{args.seed}"
        folder = (work if cache is None else cache) / "parquet"
        common = ["--folder", str(folder), "--scale", str(args.scale), "--seed", str(args.seed)]
        rep = ["--repeat", str(args.repeat)]
        run: dict[str, Any] = {"generate": _generated(cache, common, limit)}
        for variant in variants:
            print(f"{variant}…", flush=True)
            _warm(folder)
            out = work / (f"{variant}.json" if variant == "library" else f"{variant}.pkl")
            run[variant] = _run(variant, *common, *rep, "--out", str(out), limit_mb=limit)
        found, cells = _compare(work, variants)
    run = {
        "scale": args.scale,
        "seed": args.seed,
        "repeat": args.repeat,
        **_machine(),
        "commande": "python benchmarks/bench_national.py " + " ".join(argv),
        "limite_memoire_mo": limit,
        **run,
        "cellules": cells,
        **found,
    }
    lib = run["library"]["calcul_s"]
    run["rapports_au_calcul_bibliotheque"] = {v: run[v]["calcul_s"] / lib for v in variants if v != "library"}
    results = Path(args.results)
    _write(results, f"national-echelle-{args.scale:g}", run, markdown(run))
    (results / "national-resume.md").write_text(summary(results), encoding="utf-8")


def run_series(args: argparse.Namespace, argv: list[str]) -> None:
    import national

    years = national.parse_years(args.years)
    limit = args.limite_memoire_mo
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        given = args.folder is not None
        folder = Path(args.folder) if given else Path(tmp) / "parquet"
        common = ["--folder", str(folder), "--scale", str(args.scale), "--seed", str(args.seed)]
        common += ["--years", *map(str, years)]
        if given:
            metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
            size = sum(f.stat().st_size for f in folder.iterdir())
            generate = {"dossier": str(folder), "octets": size, "lignes": metadata["lignes"]}
        else:
            print(f"génération (échelle {args.scale}, {years[0]}–{years[-1]})…", flush=True)
            generate = _run("generate", *common, limit_mb=limit)
        print("evaluate_series…", flush=True)
        series = _run("series", *common, "--repeat", str(args.repeat), limit_mb=limit, fatal=False)
    run = {
        "scale": args.scale,
        "seed": args.seed,
        "years": list(years),
        "repeat": args.repeat,
        **_machine(),
        "commande": "python benchmarks/bench_national.py " + " ".join(argv),
        "limite_memoire_mo": limit,
        "generate": generate,
        "series": series,
    }
    results = Path(args.results)
    _write(results, f"national-series-{years[0]}-{years[-1]}-echelle-{args.scale:g}", run, markdown_series(run))
    (results / "national-pluriannuel-resume.md").write_text(summary_series(run), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("worker", "measure"):
        parser = argparse.ArgumentParser()
        parser.add_argument("role")
        if argv[0] == "measure":
            parser.add_argument("limite_mo", type=float)
            parser.add_argument("rest", nargs=argparse.REMAINDER)
            return measure(parser.parse_args(argv))
        parser.add_argument("variant")
        parser.add_argument("--folder", required=True)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--years", type=int, nargs="+", default=[YEAR])
        parser.add_argument("--repeat", type=int, default=1)
        parser.add_argument("--out", default="")
        return worker(parser.parse_args(argv))

    parser = argparse.ArgumentParser(
        description="Banc national : la bibliothèque, pandas, DuckDB, polars et le plancher numpy côte à côte."
    )
    parser.add_argument("--scale", type=float, default=0.1, help="facteur d'échelle (1 = référence)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="répétitions du calcul (on garde la meilleure)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="variantes à mesurer, séparées par des virgules")
    parser.add_argument("--years", default=None, help="banc pluriannuel : evaluate_series sur ces années (2021-2025)")
    parser.add_argument("--folder", default=None, help="avec --years : jeu Parquet déjà écrit par national.py")
    parser.add_argument("--workdir", default=None, help="dossier de travail (Parquet, résultats intermédiaires)")
    parser.add_argument(
        "--cache",
        default=None,
        help="dossier où garder le jeu généré (par échelle et graine) pour les lancements suivants",
    )
    parser.add_argument("--results", default=str(RESULTS), help="dossier des résultats (JSON et Markdown)")
    parser.add_argument(
        "--limite-memoire-mo",
        type=float,
        default=0.8 * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20,
        help="une étape dont la mémoire résidente dépasse cette limite est arrêtée (défaut : 80 %% de la mémoire)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    if args.years is not None:
        return run_series(args, argv)
    if args.folder is not None:
        raise SystemExit("--folder ne sert qu'avec --years")
    return run_peers(args, argv)


if __name__ == "__main__":
    main()
