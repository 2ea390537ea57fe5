"""The figures bench runs on the test fixture (its numbers are recorded in the docs, never asserted)."""

import importlib.util
import json
from pathlib import Path

import pytest

from afnor_ctin.model import Territory

pytest.importorskip("matplotlib")

BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_figures.py"


def test_bench_measures_the_library_map_and_its_reference(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_figures", BENCH)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    fixture = json.loads(bench.FIXTURE.read_text(encoding="utf-8"))["communes"]
    shapes_file = tmp_path / "contours.json"
    shapes_file.write_text(json.dumps({c: v["polygones"] for c, v in fixture.items()}), encoding="utf-8")
    territory = Territory.from_epci("241700434")
    shapes = bench.departement_shapes("17", shapes_file, [c.code_insee for c in territory.communes])
    row = bench.measure(territory.name, territory, shapes, 1)
    assert (row["communes"], row["sans_contour"]) == (28, 0)
    assert row["points"] == sum(len(r) for polys in shapes.values() for p in polys for r in p)
    assert 0 < row["svg_gzip_octets"] < row["svg_octets"]
    assert 0 < row["matplotlib_svg_gzip_octets"] < row["matplotlib_svg_octets"]
