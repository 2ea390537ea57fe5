"""Commune boundaries: decoding the bundled TopoJSON and finding the commune of a point, next to
the published ``json`` snippet and to shapely (GEOS).

Each variant runs in its own fresh process (so that one-time costs are measured):

- ``bibliotheque``: :mod:`afnor_ctin.reference.geometry` — decode the topology, assemble the shapes of
  the CA de La Rochelle (28 communes), of Charente-Maritime (462) and of France (34,875), then
  ``commune_at`` on the 2,657 located France Services of the ANCT list (``tests/data/real/``);
- ``extrait_json``: the decoding snippet published with the file (``json.load``, Python loops),
  for every commune;
- ``shapely``: shapely polygons built from the library's shapes, an ``STRtree``, then the same points
  (``tree.query(points, predicate="within")``).

Usage::

    python benchmarks/bench_geometry.py
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from reference_common import readme_decoder, run_child, write_results  # noqa: E402

REAL = HERE.parent / "tests" / "data" / "real"


def points() -> list[tuple[str, float, float]]:
    """(INSEE code, lon, lat) of the located France Services."""
    with (REAL / "france-services-2022" / "liste-fs-20221201.csv").open(encoding="utf-8", newline="") as f:
        return [
            (r["insee_com"], float(r["longitude"]), float(r["latitude"]))
            for r in csv.DictReader(f)
            if r["latitude"] and r["longitude"]
        ]


def _timed(work: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def child(variant: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    pts = points()
    if variant == "extrait_json":
        from afnor_ctin.reference.tables import read_data

        raw = read_data("communes-simplifiees.topojson.gz")
        _, result["france_s"], result["france_cpu_s"] = _timed(lambda: len(readme_decoder(gzip.decompress(raw))))
        return result

    from afnor_ctin.reference import communes_of_departement, epci, geometry

    members = epci("241700434").communes
    departement = communes_of_departement("17")
    everything = list(geometry._topology().index) if variant == "shapely" else None
    if variant == "bibliotheque":
        _, result["decodage_s"], result["decodage_cpu_s"] = _timed(geometry._topology)
        _, result["epci_s"], result["epci_cpu_s"] = _timed(lambda: geometry.commune_shapes(members))
        _, result["departement_s"], result["departement_cpu_s"] = _timed(lambda: geometry.commune_shapes(departement))
        codes = list(geometry._topology().index)
        _, result["france_s"], result["france_cpu_s"] = _timed(lambda: geometry.commune_shapes(codes))
        found, result["points_s"], result["points_cpu_s"] = _timed(
            lambda: [geometry.commune_at(x, y) for _, x, y in pts]
        )
    else:
        import numpy as np
        import shapely

        assert everything is not None
        shapes = geometry.commune_shapes(everything)

        def build() -> Any:
            geoms = [
                shapely.MultiPolygon([shapely.Polygon(poly[0], poly[1:]) for poly in shape])
                for shape in shapes.values()
            ]
            return geoms, shapely.STRtree(geoms)

        (_geoms, tree), result["construction_s"], result["construction_cpu_s"] = _timed(build)
        codes = list(shapes)

        def query() -> list[str | None]:
            where = shapely.points(np.array([(x, y) for _, x, y in pts]))
            point_index, geom_index = tree.query(where, predicate="within")
            out: list[str | None] = [None] * len(pts)
            for p, g in zip(point_index.tolist(), geom_index.tolist(), strict=True):
                if out[p] is None:
                    out[p] = codes[g]
            return out

        found, result["points_s"], result["points_cpu_s"] = _timed(query)
        result["shapely"] = shapely.__version__
    from afnor_ctin.model.records import normalize_insee
    from afnor_ctin.reference import communes

    def epci_of(code: str) -> str | None:  # arrondissement codes -> commune, for the comparison
        commune = communes().get(normalize_insee(code))
        return None if commune is None else commune.epci

    expected = [c for c, _, _ in pts]
    result["points"] = len(pts)
    result["points_dans_leur_commune"] = sum(
        1 for want, got in zip(expected, found, strict=True) if got is not None and epci_of(want) == epci_of(got)
    )
    result["points_meme_code"] = sum(
        1 for want, got in zip(expected, found, strict=True) if got is not None and got in (want, _city(want))
    )
    return result


def _city(code: str) -> str:
    return {"751": "75056", "132": "13055", "693": "69123"}.get(code[:3], code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=("bibliotheque", "extrait_json", "shapely"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    library, snippet = run_child(__file__, "bibliotheque"), run_child(__file__, "extrait_json")
    try:
        geos: dict[str, Any] | None = run_child(__file__, "shapely")
    except subprocess.CalledProcessError:
        geos = None  # shapely is not installed: pip install -e '.[bench]'
    print(f"{'mesure':<52}{'s (horloge)':>12}{'s (CPU)':>10}")
    rows = [
        ("décodage de la topologie (bibliothèque)", library, "decodage"),
        ("contours de la CA de La Rochelle, 28 communes", library, "epci"),
        ("contours de la Charente-Maritime, 462 communes", library, "departement"),
        ("contours de la France, 34 875 communes", library, "france"),
        ("France, extrait publié (json + boucles Python)", snippet, "france"),
        (f"commune_at, {library['points']} points", library, "points"),
    ]
    if geos is not None:
        rows += [
            ("shapely : polygones + STRtree", geos, "construction"),
            (f"shapely : {geos['points']} points", geos, "points"),
        ]
    for label, source, name in rows:
        print(f"{label:<52}{source[name + '_s']:>12.3f}{source[name + '_cpu_s']:>10.3f}")
    print(
        f"points dans la commune de leur code : bibliothèque {library['points_meme_code']}/{library['points']}"
        + (f", shapely {geos['points_meme_code']}/{geos['points']}" if geos else "")
    )
    out = write_results("contours-communes", {"bibliotheque": library, "extrait_json": snippet, "shapely": geos})
    print(f"résultats : {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
