r"""Commune maps (choropleths) as inline SVG, drawn from (longitude, latitude) commune shapes.

The shapes come from the caller (the bundled commune geometry, or any other source) as
``{insee: (polygon, …)}`` where a polygon is a tuple of rings, the first one exterior, the others holes,
and a ring a tuple of ``(longitude, latitude)`` points in WGS 84. Drawing is a pure function of them.

Projection: equirectangular, ``x = longitude · cos φ0`` and ``y = −latitude`` with φ0 the latitude at
the middle of the territory, scaled to fit the figure's width (or its maximum height). At the scale of
an EPCI or a département this keeps shapes and angles right. Coordinates are rounded to 0.1 user unit
and written as relative moves, which keeps a département's map to a few hundred kilobytes.

Each commune is one ``<path data-insee="…">`` whose ``<title>`` gives its name and value; communes with
a quartier prioritaire (QPV) are hatched; the ville-centre is named on the map; the legend below the map
gives every class in the figure's unit, with the number of communes in it. A commune that has a value
but no shape cannot be drawn: it is returned in :attr:`CommuneMap.without_shape` for the caller to list
under the map.


Examples
--------
>>> square = (((0.0, 46.0), (0.1, 46.0), (0.1, 46.1), (0.0, 46.1), (0.0, 46.0)),)
>>> m = commune_map({"17300": (square,)}, {"17300": 12, "17999": 3}, names={"17300": "La Rochelle"},
...                 title="Actions par commune", unit="actions")
>>> m.without_shape, 'data-insee="17300"' in m.svg, "La Rochelle : 12\xa0actions" in m.svg
(('17999',), True, True)
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Collection, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.french import plural
from afnor_ctin.report.figures.classes import MapClass, MapValue, classify
from afnor_ctin.report.figures.numbers import Formatter, axis_caption, format_quantity
from afnor_ctin.report.figures.svg import (
    MUTED,
    TEXT,
    described,
    figure_id,
    halo_text,
    placeholder,
    sub,
    svg_root,
    text_width,
    to_string,
)

__all__ = ["NO_DATA", "CommuneMap", "Polygon", "Ring", "Shapes", "commune_map"]

#: A closed ring of ``(longitude, latitude)`` points.
Ring = tuple[tuple[float, float], ...]
#: A polygon: its exterior ring, then its holes.
Polygon = tuple[Ring, ...]
#: INSEE code → the polygons of the commune.
Shapes = Mapping[str, tuple[Polygon, ...]]

#: Fill of a commune without data (distinct from every class colour, lighter than the darkest ones).
NO_DATA = "#c8c8c8"

_PAD = 12.0
_BORDER = "#8c8c8c"
_ROW = 23.0

IntArray = npt.NDArray[np.int64]


@attrs.frozen(kw_only=True)
class CommuneMap:
    """A drawn commune map and what the caller must print with it.

    Attributes
    ----------
    svg:
        The inline ``<svg>`` element.
    classes:
        The classes shown in the legend (light to dark, or in category order).
    without_shape:
        INSEE codes that have a value but no shape, hence are not on the map: list them under it.
    without_value:
        INSEE codes drawn with the « pas de donnée » style.
    """

    svg: str
    classes: tuple[MapClass, ...]
    without_shape: tuple[str, ...]
    without_value: tuple[str, ...]

    def __str__(self) -> str:
        return self.svg

    def __html__(self) -> str:
        """The SVG, for templates that honour ``__html__`` (Jinja2, MarkupSafe): inserted unescaped."""
        return self.svg


@attrs.frozen(kw_only=True)
class _Frame:
    """The projection of a territory into the figure."""

    lon0: float
    lat1: float
    k: float
    scale: float
    x0: float
    y0: float
    height: float

    @classmethod
    def fit(cls, points: npt.NDArray[np.float64], width: float, max_height: float) -> _Frame:
        lon_min, lat_min = points.min(axis=0)
        lon_max, lat_max = points.max(axis=0)
        k = math.cos(math.radians((lat_min + lat_max) / 2))
        dx = max((lon_max - lon_min) * k, 1e-9)
        dy = max(lat_max - lat_min, 1e-9)
        inner = width - 2 * _PAD
        scale = min(inner / dx, max_height / dy)
        return cls(
            lon0=float(lon_min),
            lat1=float(lat_max),
            k=k,
            scale=scale,
            x0=_PAD + (inner - dx * scale) / 2,
            y0=_PAD,
            height=dy * scale,
        )

    def tenths(self, ring: npt.NDArray[np.float64]) -> IntArray:
        """Projected points in tenths of a user unit."""
        x = self.x0 + (ring[:, 0] - self.lon0) * self.k * self.scale
        y = self.y0 + (self.lat1 - ring[:, 1]) * self.scale
        return np.rint(np.column_stack((x, y)) * 10).astype(np.int64)


def _tenth(value: int) -> str:
    whole, tenth = divmod(abs(value), 10)
    return ("-" if value < 0 else "") + (f"{whole}.{tenth}" if tenth else str(whole))


def _ring_path(points: IntArray) -> str:
    if len(points) > 1 and (points[0] == points[-1]).all():
        points = points[:-1]
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = (np.diff(points, axis=0) != 0).any(axis=1)
    points = points[keep]
    moves = np.diff(points, axis=0).ravel().tolist()
    head = f"M{_tenth(int(points[0, 0]))} {_tenth(int(points[0, 1]))}"
    body = " ".join(_tenth(v) for v in moves)
    return f"{head}l{body}z" if body else f"{head}z"


def _area_centroid(points: IntArray) -> tuple[float, float, float]:
    """Area and centroid (user units) of a projected ring (shoelace formula)."""
    x, y = points[:, 0] / 10, points[:, 1] / 10
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if abs(area) < 1e-9:
        return 0.0, float(x.mean()), float(y.mean())
    cx = ((x + np.roll(x, -1)) * cross).sum() / (6 * area)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (6 * area)
    return abs(float(area)), float(cx), float(cy)


def _names_of(codes: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes)


def commune_map(
    shapes: Shapes,
    values: Mapping[str, MapValue],
    *,
    names: Mapping[str, str],
    title: str,
    unit: str = "",
    qpv_communes: Collection[str] = (),
    centre: str | None = None,
    classes: int | Sequence[float] = 5,
    categories: Mapping[str, str] | Mapping[bool, str] | None = None,
    description: str | None = None,
    missing_label: str = "pas de donnée",
    formatter: Formatter = format_quantity,
    width: float = 520,
    max_height: float = 520,
) -> CommuneMap:
    """Choropleth of a territory's communes.

    Parameters
    ----------
    shapes:
        INSEE code → polygons in (longitude, latitude); every commune in it is drawn.
    values:
        INSEE code → value: a number, a boolean or a category label (one type per map), or ``None``.
        Communes of ``shapes`` missing from ``values`` are drawn as « pas de donnée ».
    names:
        INSEE code → commune name (the code is shown when a name is missing).
    title:
        French title of the figure.
    unit:
        Unit of numeric values (``part``, ``%``, ``€``, ``indice`` or a French word); the legend is
        written in it.
    qpv_communes:
        INSEE codes of the communes with a quartier prioritaire (hatched, and named in the legend).
    centre:
        INSEE code of the ville-centre, named on the map.
    classes:
        Number of quantile classes (1 to 7) or explicit class limits
        (see :func:`~afnor_ctin.report.figures.classes.classify`).
    categories:
        For booleans or category labels: value → French legend label, in legend order.
    description:
        A French sentence put first in the text alternative.
    missing_label:
        Legend and tooltip text of a commune without data (``pas de donnée``, or ``secret`` for
        values masked by statistical secrecy).
    formatter:
        How numbers are written (``(value, unit) -> str``).
    width:
        Width of the figure in user units (≈ CSS pixels at full size).
    max_height:
        Maximum height of the map itself (without its legend), in user units.

    Returns
    -------
    CommuneMap
        The SVG, its classes, and the communes that could not be drawn or have no value.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        Values of mixed types, a non-finite number, a value outside ``categories``, bad ``classes``.
    """
    drawn = sorted(shapes)
    without_shape = tuple(sorted(c for c in values if c not in shapes))
    legend = classify(
        {c: values.get(c) for c in drawn}, classes=classes, categories=categories, unit=unit, formatter=formatter
    )
    fills = {code: cls.fill for cls in legend for code in cls.communes}
    shown = _value_texts(legend, values, drawn, unit, formatter, missing_label)
    without_value = tuple(c for c in drawn if c not in fills)
    qpv = sorted(c for c in set(qpv_communes) if c in shapes)
    ident = figure_id("carte", title, unit, missing_label, sorted(values.items(), key=str), qpv, centre, drawn)
    centre_text = shown[centre] if centre in fills else None
    desc = described(
        description,
        _description(legend, drawn, without_value, without_shape, qpv, centre, centre_text, names, unit, missing_label),
    )
    if not drawn:
        svg = placeholder(width, title=title, desc=desc, ident=ident, message="Aucun contour de commune à dessiner")
        return CommuneMap(svg=svg, classes=legend, without_shape=without_shape, without_value=())

    rings = {
        code: [[np.asarray(ring, dtype=np.float64).reshape(-1, 2) for ring in polygon] for polygon in shapes[code]]
        for code in drawn
    }
    frame = _Frame.fit(
        np.concatenate([r for code in drawn for polygon in rings[code] for r in polygon]), width, max_height
    )
    projected = {code: [[frame.tenths(r) for r in polygon] for polygon in rings[code]] for code in drawn}
    paths = {code: " ".join(_ring_path(r) for polygon in projected[code] for r in polygon) for code in drawn}

    entries = _legend_entries(legend, without_value, qpv, unit, missing_label)
    columns = 2 if width >= 480 and max(text_width(e[1]) for e in entries) + 28 <= (width - 2 * _PAD) / 2 else 1
    rows = math.ceil(len(entries) / columns)
    caption = axis_caption(unit)
    legend_top = frame.y0 + frame.height + 18
    height = legend_top + (20 if caption else 0) + rows * _ROW + _PAD
    root = svg_root(width, height, title=title, desc=desc, ident=ident)
    if qpv:
        _hatch(root, f"{ident}-qpv")

    border = 0.6 if len(drawn) <= 100 else 0.3  # thinner borders when communes are small
    group = sub(root, "g", stroke=_BORDER, stroke_width=border, stroke_linejoin="round", fill_rule="evenodd")
    for code in drawn:
        name = names.get(code, code)
        text = shown[code]
        if code in qpv:
            text += " — commune comprenant un quartier prioritaire"
        path = sub(group, "path", d=paths[code].replace(" -", "-"), fill=fills.get(code, NO_DATA), data_insee=code)
        sub(path, "title", f"{name} : {text}")
    if qpv:
        overlay = sub(
            root, "g", fill=f"url(#{ident}-qpv)", stroke=TEXT, stroke_width=1.2, fill_rule="evenodd",
            pointer_events="none",
        )  # fmt: skip
        for code in qpv:
            sub(overlay, "path", d=paths[code].replace(" -", "-"))
    if centre is not None and centre in projected:
        _centre_label(root, projected[centre], names.get(centre, centre), width)
    _legend(root, entries, legend_top, caption, columns, width, f"{ident}-qpv")
    return CommuneMap(svg=to_string(root), classes=legend, without_shape=without_shape, without_value=without_value)


def _hatch(root: ET.Element, pattern_id: str) -> None:
    defs = sub(root, "defs")
    pattern = sub(
        defs, "pattern", id=pattern_id, patternUnits="userSpaceOnUse", width=7, height=7,
        patternTransform="rotate(45)",
    )  # fmt: skip
    sub(pattern, "line", x1=1, y1=0, x2=1, y2=7, stroke=TEXT, stroke_width=1.2)
    sub(pattern, "line", x1=2.2, y1=0, x2=2.2, y2=7, stroke="#ffffff", stroke_width=1.2)


def _centre_label(root: ET.Element, polygons: list[list[IntArray]], name: str, width: float) -> None:
    _, cx, cy = max(_area_centroid(polygon[0]) for polygon in polygons)
    group = sub(root, "g", font_weight="bold")
    sub(group, "circle", cx=cx, cy=cy, r=3.5, fill=TEXT, stroke="#ffffff", stroke_width=1.5)
    start = cx + 7 + text_width(name) <= width - _PAD
    halo_text(group, cx + 7 if start else cx - 7, cy + 4.5, name, text_anchor="start" if start else "end")


def _value_texts(
    legend: Sequence[MapClass],
    values: Mapping[str, MapValue],
    drawn: Sequence[str],
    unit: str,
    formatter: Formatter,
    missing_label: str,
) -> dict[str, str]:
    """How each drawn commune's value is written: its number, its category label, or ``missing_label``."""
    out = dict.fromkeys(drawn, missing_label)
    for cls in legend:
        for code in cls.communes:
            value = values[code]
            out[code] = cls.label if value is None or isinstance(value, bool | str) else formatter(float(value), unit)
    return out


def _legend_entries(
    legend: Sequence[MapClass], without_value: Sequence[str], qpv: Sequence[str], unit: str, missing_label: str
) -> list[tuple[str, str, str]]:
    """``(kind, label, fill)`` of each legend line: the classes, then no data and QPV when present."""
    entries = [("classe", f"{c.label} ({plural(len(c.communes), 'commune')})", c.fill) for c in legend]
    if without_value:
        entries.append(("classe", f"{missing_label} ({plural(len(without_value), 'commune')})", NO_DATA))
    if qpv:
        entries.append(("qpv", "commune comprenant un quartier prioritaire (QPV)", "none"))
    if not entries:
        entries.append(("classe", missing_label, NO_DATA))
    return entries


def _legend(
    root: ET.Element,
    entries: Sequence[tuple[str, str, str]],
    top: float,
    caption: str,
    columns: int,
    width: float,
    pattern_id: str,
) -> None:
    group = sub(root, "g", font_size=14)
    if caption:
        sub(group, "text", caption, x=_PAD, y=top + 10, fill=MUTED)
        top += 20
    column_width = (width - 2 * _PAD) / columns
    rows = math.ceil(len(entries) / columns)
    for i, (kind, label, fill) in enumerate(entries):
        x = _PAD + column_width * (i // rows)
        y = top + _ROW * (i % rows)
        entry = sub(group, "g")
        if kind == "qpv":
            sub(entry, "rect", x=x, y=y, width=16, height=16, fill="#ffffff", stroke=TEXT, stroke_width=1.2)
            sub(entry, "rect", x=x, y=y, width=16, height=16, fill=f"url(#{pattern_id})")
        else:
            sub(entry, "rect", x=x, y=y, width=16, height=16, fill=fill, stroke="#8c8c8c", stroke_width=0.8)
        sub(entry, "text", label, x=x + 24, y=y + 12.5)


def _description(
    legend: Sequence[MapClass],
    drawn: Sequence[str],
    without_value: Sequence[str],
    without_shape: Sequence[str],
    qpv: Sequence[str],
    centre: str | None,
    centre_text: str | None,
    names: Mapping[str, str],
    unit: str,
    missing_label: str,
) -> str:
    """The text alternative: what is drawn, each class with its communes (or their number), the rest."""
    caption = axis_caption(unit)
    parts = [f"Carte de {plural(len(drawn), 'commune')}" + (f", en {caption}" if caption else "")]
    detailed = len(drawn) <= 40
    for c in legend:
        members = _names_of(c.communes, names) if detailed else plural(len(c.communes), "commune")
        parts.append(f"{c.label} : {members or 'aucune commune'}")
    if without_value:
        parts.append(f"{missing_label} : {_names_of(without_value, names) if detailed else len(without_value)}")
    if qpv:
        parts.append(f"communes comprenant un quartier prioritaire (QPV) : {_names_of(qpv, names)}")
    if centre is not None:
        shown = f" ({centre_text})" if centre_text else ""
        parts.append(f"ville-centre : {names.get(centre, centre)}{shown}")
    if without_shape:
        parts.append(f"communes sans contour, absentes de la carte : {_names_of(without_shape, names)}")
    return ". ".join(p[0].upper() + p[1:] for p in parts) + "."
