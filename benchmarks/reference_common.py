"""What the reference-layer benchmarks share: the published TopoJSON decoder, child processes, results.

``readme_decoder`` is the decoding snippet published with ``communes-simplifiees.topojson.gz`` (plain
``json`` and Python loops), kept verbatim as the baseline of ``bench_geometry.py`` and as the oracle
of ``tests/reference/test_geometry.py``.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent

Shapes = dict[str, list[list[list[tuple[float, float]]]]]


def readme_decoder(raw: bytes) -> Shapes:
    """{insee: [polygon, ...]}; polygon = [ring, ...]; ring = [(lon, lat), ...] (closed)."""
    topo = json.loads(raw)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((tx + x * sx, ty + y * sy))
        arcs.append(pts)

    def ring(refs: list[int]) -> list[tuple[float, float]]:  # ~i (= -i-1) means arc i reversed
        pts: list[tuple[float, float]] = []
        for i in refs:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    return {
        g["id"]: [[ring(r) for r in p] for p in ([g["arcs"]] if g["type"] == "Polygon" else g["arcs"])]
        for g in topo["objects"]["communes"]["geometries"]
    }


def run_child(script: str, *args: str) -> dict[str, Any]:
    """Run ``script --child ARGS…`` in a fresh interpreter and return the JSON it prints."""
    out = subprocess.run([sys.executable, script, "--child", *args], check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def write_results(name: str, summary: dict[str, Any]) -> Path:
    """Write ``results/NAME.json`` with the machine and its load, and return its path."""
    load = Path("/proc/loadavg")
    summary = {
        **summary,
        "machine": f"{platform.machine()}, {platform.python_version()}, numpy {np.__version__}",
        "charge": load.read_text().split()[:3] if load.exists() else None,
    }
    out = HERE / "results" / f"{name}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out
