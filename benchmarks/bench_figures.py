"""Time and size of the SVG commune maps (EPCI and département), with matplotlib side by side.

For each territory the bench draws a choropleth with :func:`afnor_ctin.report.figures.commune_map`
(QPV communes hatched, ville-centre named) and reports the median time of ``--repeat`` runs, the SVG
size and its gzipped size. The reference is the same polygons filled by matplotlib
(``PolyCollection``, same projection) and saved as SVG, a common way of drawing such a map in Python.

Shapes: the CA de La Rochelle comes from the test fixture (28 communes). The département comes from
``--shapes FILE`` (JSON ``{"17300": [[[[lon, lat], …], …], …], …}``, the decoded commune geometry) or,
when that option is left out, from the bundled geometry (``afnor_ctin.reference.geometry``). Names,
populations and QPVs come from the bundled reference tables; the value drawn is the population.

Run: ``.venv/bin/python benchmarks/bench_figures.py [--departement 17] [--shapes FILE] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import platform
import statistics
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from afnor_ctin.model import Territory
from afnor_ctin.report.figures import Shapes, commune_map

HERE = Path(__file__).parent
FIXTURE = HERE.parent / "tests" / "report" / "figures" / "data" / "la-rochelle-communes.json"


def _shapes(raw: Mapping[str, Any]) -> Shapes:
    return {
        code: tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon) for polygon in polygons)
        for code, polygons in raw.items()
    }


def departement_shapes(code: str, path: Path | None, codes: list[str]) -> Shapes:
    """The shapes of a département's communes, from a decoded JSON file or the bundled geometry."""
    if path is not None:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return _shapes({c: raw[c] for c in codes if c in raw})
    try:
        from afnor_ctin.reference.geometry import commune_shapes  # type: ignore[import-not-found]
    except ImportError as error:
        raise SystemExit(
            f"géométrie des communes non disponible ({error}) : passer --shapes FICHIER.json (contours décodés)"
        ) from error
    shapes: Shapes = commune_shapes(codes)
    return shapes


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def matplotlib_svg(shapes: Shapes, values: Mapping[str, float]) -> bytes:
    """The same choropleth drawn by matplotlib (same projection and quantile classes), saved as SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.collections import PolyCollection

    lats = [pt[1] for polygons in shapes.values() for polygon in polygons for pt in polygon[0]]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    polys, colours = [], []
    limits = np.quantile(list(values.values()), [0.2, 0.4, 0.6, 0.8])
    palette = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
    for code in sorted(shapes):
        colour = palette[int(np.searchsorted(limits, values.get(code, 0.0)))]
        for polygon in shapes[code]:
            for ring in polygon:
                polys.append([(x * k, y) for x, y in ring])
                colours.append(colour)
    fig, ax = plt.subplots(figsize=(5.2, 5.2))
    ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="#8c8c8c", linewidths=0.4))
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    out = io.BytesIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()


def measure(name: str, territory: Territory, shapes: Shapes, repeat: int) -> dict[str, Any]:
    values = {c.code_insee: float(c.population or 0) for c in territory.communes}
    names = {c.code_insee: c.name for c in territory.communes}
    qpv = {q.code_insee for q in territory.qpvs}
    centre = territory.central_commune or max(territory.communes, key=lambda c: c.population or 0).code_insee
    seconds, drawn = timed(
        lambda: commune_map(
            shapes, values, names=names, unit="habitants", qpv_communes=qpv, centre=centre, title=f"Population — {name}"
        ),
        repeat,
    )
    svg = drawn.svg.encode("utf-8")  # type: ignore[attr-defined]
    reference_seconds, reference = timed(lambda: matplotlib_svg(shapes, values), repeat)
    assert isinstance(reference, bytes)
    points = sum(len(ring) for polygons in shapes.values() for polygon in polygons for ring in polygon)
    return {
        "territoire": name,
        "communes": len(shapes),
        "points": points,
        "sans_contour": len(drawn.without_shape),  # type: ignore[attr-defined]
        "bibliotheque_s": round(seconds, 4),
        "svg_octets": len(svg),
        "svg_gzip_octets": len(gzip.compress(svg, mtime=0)),
        "matplotlib_s": round(reference_seconds, 4),
        "matplotlib_svg_octets": len(reference),
        "matplotlib_svg_gzip_octets": len(gzip.compress(reference, mtime=0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--departement", default="17")
    parser.add_argument("--shapes", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    epci = Territory.from_epci("241700434")
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))["communes"]
    departement = Territory.from_departement(args.departement)
    codes = [c.code_insee for c in departement.communes]
    rows = [
        measure(epci.name, epci, _shapes({c: v["polygones"] for c, v in fixture.items()}), args.repeat),
        measure(departement.name, departement, departement_shapes(args.departement, args.shapes, codes), args.repeat),
    ]
    save(
        {
            "cartes": rows,
            "repetitions": args.repeat,
            "machine": f"{platform.machine()}, {platform.python_version()}",
            "charge": Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None,
        }
    )


def save(result: dict[str, Any]) -> None:
    """Print the results and write them to ``results/figures-cartes.json`` and ``.md``."""
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    print(text, end="")
    table = [
        "| territoire | communes | points | carte (s) | SVG (octets, gzip) | matplotlib (s) "
        "| SVG matplotlib (octets, gzip) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    table += [
        f"| {r['territoire']} | {r['communes']} | {r['points']} | {r['bibliotheque_s']} | {r['svg_octets']} "
        f"({r['svg_gzip_octets']}) | {r['matplotlib_s']} | {r['matplotlib_svg_octets']} "
        f"({r['matplotlib_svg_gzip_octets']}) |"
        for r in result["cartes"]
    ]
    folder = HERE / "results"
    folder.mkdir(exist_ok=True)
    (folder / "figures-cartes.json").write_text(text, encoding="utf-8")
    (folder / "figures-cartes.md").write_text("\n".join(table) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
