"""Simplified commune boundaries (COG 2026), bundled as TopoJSON, for maps and point lookups.

The file ``data/communes-simplifiees.topojson.gz`` holds one shape per commune of the COG table
(34,875, DROM at their true positions), simplified at 165 m for choropleth maps of an EPCI, a
département or France at about 600×600 px. Lines are those of IGN ADMIN EXPRESS COG 2018, brought
to the COG 2026 commune set; **not for measuring** (areas, borders).

Coordinates are WGS 84 (longitude, latitude) [degrees]. A shape is a tuple of polygons; a polygon is
a tuple of rings, the exterior first, then its holes; a ring is a closed tuple of ``(lon, lat)``
points (first point repeated last). Exterior rings run counter-clockwise, holes clockwise (RFC 7946).

The topology is decoded once, on first use, into numpy arrays; rings are assembled only for the
communes asked for.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.reference.attribution import ATTRIBUTION
from afnor_ctin.reference.tables import read_data

__all__ = [
    "GEOMETRY_ATTRIBUTION",
    "Point",
    "Polygon",
    "Ring",
    "Shape",
    "codes_without_shape",
    "commune_at",
    "commune_shapes",
    "distance_to_commune",
]

#: A (longitude, latitude) position [degrees, WGS 84].
Point = tuple[float, float]
#: A closed ring of positions (first point repeated last).
Ring = tuple[Point, ...]
#: A polygon: its exterior ring, then its holes.
Polygon = tuple[Ring, ...]
#: The shape of one commune: one or more polygons.
Shape = tuple[Polygon, ...]

#: Attribution text of the bundled boundaries (also ``ATTRIBUTION["geometrie"]``).
GEOMETRY_ATTRIBUTION: str = ATTRIBUTION["geometrie"]

_FILE = "communes-simplifiees.topojson.gz"
_ARCS_KEY = ',"arcs":'
_CELL = 0.1  # degrees: side of the grid cells that index the bounding boxes for commune_at
_M_PER_DEGREE = 111_195.0  # metres per degree of a great circle (mean Earth radius 6,371 km)

FloatArray = npt.NDArray[np.float64]


@attrs.frozen
class _Topology:
    codes: tuple[str, ...]  # geometry number -> commune code
    index: dict[str, int]  # commune code -> geometry number
    polygons: list[list[list[list[int]]]]  # geometry -> polygons -> rings -> arc references
    starts: npt.NDArray[np.int64]  # arc i spans xy[starts[i]:starts[i + 1]]
    xy: FloatArray  # absolute (lon, lat) of every arc position


def _split(text: str) -> tuple[dict[str, Any], list[int], npt.NDArray[np.int64]]:
    """Parse the topology: geometries with ``json``, the arcs (the bulk of the file) with numpy.

    The bundled file ends with its top-level ``"arcs"`` member; a file laid out otherwise is parsed
    entirely with ``json``.
    """
    cut = text.rfind(_ARCS_KEY)
    body = text[cut + len(_ARCS_KEY) : -1] if cut > 0 else ""
    if not (body.startswith("[[[") and body.endswith("]]]")):
        topo = json.loads(text)
        arcs = topo.pop("arcs")
        counts = [len(arc) for arc in arcs]
        flat = np.array([v for arc in arcs for point in arc for v in point], dtype=np.int64)
        return topo, counts, flat
    head = json.loads(text[:cut] + "}")
    counts = [piece.count("],[") + 1 for piece in body[3:-3].split("]],[[")]
    flat = np.fromstring(body.replace("[", "").replace("]", ""), dtype=np.int64, sep=",")
    return head, counts, flat


@cache
def _topology() -> _Topology:
    head, counts, flat = _split(gzip.decompress(read_data(_FILE)).decode("utf-8"))
    lengths = np.asarray(counts, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    deltas = flat.reshape(-1, 2)
    if deltas.shape[0] != starts[-1]:
        raise ValueError(f"{_FILE} : {deltas.shape[0]} positions lues, {starts[-1]} attendues")
    # Each arc is delta-encoded from (0, 0): a running sum restarted at every arc start.
    total = np.cumsum(deltas, axis=0)
    before = np.vstack(([0, 0], total[starts[1:-1] - 1]))
    absolute = total - np.repeat(before, lengths, axis=0)
    (sx, sy), (tx, ty) = head["transform"]["scale"], head["transform"]["translate"]
    xy = np.round(absolute * np.array([sx, sy]) + np.array([tx, ty]), 6)

    geometries = head["objects"]["communes"]["geometries"]
    polygons = [[g["arcs"]] if g["type"] == "Polygon" else g["arcs"] for g in geometries]
    index = {str(g["id"]): number for number, g in enumerate(geometries)}
    return _Topology(codes=tuple(index), index=index, polygons=polygons, starts=starts, xy=xy)


@cache
def _bboxes() -> FloatArray:
    """(min lon, min lat, max lon, max lat) of every commune, from the arcs of its exterior rings."""
    topology = _topology()
    xy, first = topology.xy, topology.starts[:-1]
    arc_bbox = np.column_stack(
        [
            np.minimum.reduceat(xy[:, 0], first),
            np.minimum.reduceat(xy[:, 1], first),
            np.maximum.reduceat(xy[:, 0], first),
            np.maximum.reduceat(xy[:, 1], first),
        ]
    )
    exteriors = [[r for polygon in parts for r in polygon[0]] for parts in topology.polygons]
    offsets = np.concatenate(([0], np.cumsum([len(e) for e in exteriors])[:-1]))
    refs = np.fromiter(itertools.chain.from_iterable(exteriors), dtype=np.int64)
    used = arc_bbox[np.where(refs >= 0, refs, ~refs)]
    return np.column_stack(
        [
            np.minimum.reduceat(used[:, 0], offsets),
            np.minimum.reduceat(used[:, 1], offsets),
            np.maximum.reduceat(used[:, 2], offsets),
            np.maximum.reduceat(used[:, 3], offsets),
        ]
    )


@cache
def _grid() -> dict[tuple[int, int], tuple[int, ...]]:
    """Communes whose bounding box meets each cell of a regular grid of ``_CELL`` degrees."""
    box = np.floor(_bboxes() / _CELL).astype(np.int64)
    width, height = box[:, 2] - box[:, 0] + 1, box[:, 3] - box[:, 1] + 1
    owner = np.repeat(np.arange(len(box)), width * height)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(width * height) - width * height, width * height)
    i = box[owner, 0] + offset % width[owner]
    j = box[owner, 1] + offset // width[owner]
    order = np.lexsort((owner, j, i))
    i, j, owner = i[order], j[order], owner[order]
    starts = np.flatnonzero(np.r_[True, (i[1:] != i[:-1]) | (j[1:] != j[:-1])])
    groups = np.split(owner, starts[1:])
    return {(int(i[s]), int(j[s])): tuple(g.tolist()) for s, g in zip(starts.tolist(), groups, strict=True)}


def _ring(topology: _Topology, refs: Sequence[int]) -> FloatArray:
    """Positions of a ring: its arcs end to end (``~i`` is arc ``i`` reversed), joints kept once."""
    parts: list[FloatArray] = []
    for n, ref in enumerate(refs):
        arc = ref if ref >= 0 else ~ref
        points = topology.xy[topology.starts[arc] : topology.starts[arc + 1]]
        if ref < 0:
            points = points[::-1]
        parts.append(points if n == 0 else points[1:])
    return np.concatenate(parts)


@lru_cache(maxsize=4096)
def _rings(number: int) -> tuple[tuple[FloatArray, ...], ...]:
    topology = _topology()
    return tuple(tuple(_ring(topology, ring) for ring in polygon) for polygon in topology.polygons[number])


def _all_rings(number: int) -> list[FloatArray]:
    return [ring for polygon in _rings(number) for ring in polygon]


def commune_shapes(codes: Iterable[str]) -> dict[str, Shape]:
    """Shapes of the communes ``codes`` that have one, in the order given (duplicates once).

    Parameters
    ----------
    codes:
        INSEE codes of current communes (COG 2026).

    Returns
    -------
    dict
        ``{code: shape}``; a shape is a tuple of polygons, a polygon a tuple of rings (exterior
        first), a ring a closed tuple of ``(lon, lat)`` [degrees]. Codes without a shape are left
        out: see :func:`codes_without_shape`.

    Examples
    --------
    >>> shapes = commune_shapes(["17300", "99999"])
    >>> list(shapes), shapes["17300"][0][0][0] == shapes["17300"][0][0][-1]
    (['17300'], True)
    """
    topology = _topology()
    out: dict[str, Shape] = {}
    for code in codes:
        number = topology.index.get(code)
        if number is not None and code not in out:
            out[code] = tuple(
                tuple(tuple((x, y) for x, y in ring.tolist()) for ring in polygon) for polygon in _rings(number)
            )
    return out


def codes_without_shape(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes among ``codes`` that have no shape, in the order given (duplicates once).

    >>> codes_without_shape(["17300", "98818", "75112"])
    ('98818', '75112')
    """
    index = _topology().index
    return tuple(dict.fromkeys(c for c in codes if c not in index))


def _contains(rings: Iterable[FloatArray], x: float, y: float) -> bool:
    """Tell whether (x, y) is inside a shape, by the even-odd rule over all its rings (holes included)."""
    crossings = 0
    for ring in rings:
        x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        spans = (y0 > y) != (y1 > y)
        if spans.any():
            xa, ya, xb, yb = x0[spans], y0[spans], x1[spans], y1[spans]
            crossings += int(np.count_nonzero(xa + (y - ya) * (xb - xa) / (yb - ya) > x))
    return crossings % 2 == 1


def distance_to_commune(code: str, longitude: float, latitude: float) -> float | None:
    """Distance [m] from the point to the simplified boundary of commune ``code``; 0 inside it.

    Computed on a local equirectangular projection (good to about 1 % at the scale of a few
    kilometres); ``None`` when the commune has no shape.

    >>> distance_to_commune("17300", -1.1508, 46.1591)
    0.0
    >>> 2_000 < distance_to_commune("17300", -1.1508, 46.2) < 4_000  # north of La Rochelle
    True
    """
    number = _topology().index.get(code)
    if number is None:
        return None
    rings = _all_rings(number)
    if _contains(rings, longitude, latitude):
        return 0.0
    scale = np.array([_M_PER_DEGREE * math.cos(math.radians(latitude)), _M_PER_DEGREE])
    best = math.inf
    for ring in rings:
        start = (ring[:-1] - (longitude, latitude)) * scale
        edge = (ring[1:] - ring[:-1]) * scale
        length = np.einsum("ij,ij->i", edge, edge)
        t = np.clip(-np.einsum("ij,ij->i", start, edge) / np.where(length > 0, length, 1.0), 0.0, 1.0)
        nearest = start + edge * t[:, None]
        best = min(best, float(np.sqrt(np.einsum("ij,ij->i", nearest, nearest).min())))
    return best


def commune_at(longitude: float, latitude: float) -> str | None:
    """The commune whose simplified boundary contains the point, or ``None`` (sea, abroad, COM).

    A grid of bounding boxes keeps the few candidate communes, then the even-odd rule decides, holes
    (enclaves) included. Near a border the 165 m simplification can place a point in the neighbour.

    Parameters
    ----------
    longitude, latitude:
        WGS 84 position [degrees].

    Examples
    --------
    >>> commune_at(-1.1508, 46.1591)  # Hôtel de ville de La Rochelle
    '17300'
    >>> commune_at(-3.0, 46.0) is None  # Atlantic Ocean
    True
    """
    topology, box = _topology(), _bboxes()
    cell = (math.floor(longitude / _CELL), math.floor(latitude / _CELL))
    for number in _grid().get(cell, ()):
        x0, y0, x1, y1 = box[number]
        if x0 <= longitude <= x1 and y0 <= latitude <= y1 and _contains(_all_rings(number), longitude, latitude):
            return topology.codes[number]
    return None
