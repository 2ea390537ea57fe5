"""The national benchmark harness runs end to end on a tiny dataset and records what it promises.

Durations are never asserted: only that every step ran in its own process, that every peer
agrees with the library and that the results files are written.
"""

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")
pytest.importorskip("polars")

import bench_national


def test_peers_run_side_by_side(tmp_path: Path) -> None:
    results = tmp_path / "resultats"
    bench_national.main(["--scale", "0.001", "--repeat", "1", "--workdir", str(tmp_path), "--results", str(results)])
    run = json.loads((results / "national-echelle-0.001.json").read_text(encoding="utf-8"))
    for variant in bench_national.VARIANTS:
        entry = run[variant]
        assert {"chargement_s", "calcul_s", "memoire_max_mo", "charge"} <= entry.keys(), variant
        assert entry["memoire_max_mo"] > 50  # measured on the worker's own process
    for peer in ("duckdb", "polars", "duckdb_fichiers", "polars_fichiers"):
        assert run[peer]["fils"] == os.cpu_count()  # each peer computes on every core
    assert run["cellules"] == 1255 * 58
    assert run["ecarts"] == run["ecarts_duckdb"] == run["ecarts_polars"] == 0
    assert run["ecarts_duckdb_fichiers"] == run["ecarts_polars_fichiers"] == 0
    assert run["floor"]["accompagnements"] > 0
    summary = (results / "national-resume.md").read_text(encoding="utf-8")
    assert summary.count("| 0,001 |") == len(bench_national.VARIANTS)
    assert "DuckDB" in (results / "national-echelle-0.001.md").read_text(encoding="utf-8")


def test_series_over_several_years(tmp_path: Path) -> None:
    results = tmp_path / "resultats"
    argv = ["--scale", "0.001", "--years", "2023-2024", "--repeat", "1", "--workdir", str(tmp_path)]
    bench_national.main([*argv, "--results", str(results)])
    run = json.loads((results / "national-series-2023-2024-echelle-0.001.json").read_text(encoding="utf-8"))
    series = run["series"]
    assert "erreur" not in series
    assert series["identiques"] is True  # evaluate_series gives what evaluate gives period by period
    assert list(series["I04"].values()) == [10_000, 10_000]
    assert run["generate"]["lignes"]["actions"] == 2 * 10_060
    assert "evaluate_series" in (results / "national-pluriannuel-resume.md").read_text(encoding="utf-8")


def test_a_step_over_the_memory_limit_is_stopped(tmp_path: Path) -> None:
    import national
    from afnor_ctin.io.parquet import write_parquet

    folder = write_parquet(national.generate(0.001, seed=1), tmp_path / "jeu")
    results = tmp_path / "resultats"
    argv = ["--scale", "0.001", "--years", "2024", "--folder", str(folder), "--results", str(results)]
    bench_national.main([*argv, "--limite-memoire-mo", "1"])
    run = json.loads((results / "national-series-2024-2024-echelle-0.001.json").read_text(encoding="utf-8"))
    assert "limite de 1 Mo" in run["series"]["erreur"]
    assert "n'a pas abouti" in (results / "national-pluriannuel-resume.md").read_text(encoding="utf-8")
