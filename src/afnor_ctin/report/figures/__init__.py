"""Figures for reports, as inline SVG generated without a browser: bar charts, trend charts, commune maps.

Each function is pure: data in, an ``<svg>`` element string out (for maps, a :class:`CommuneMap` that
also lists the communes it could not draw). Figures scale with their container (``viewBox`` and
``width="100%"``), carry a ``<title>`` and a ``<desc>`` text alternative, refer to nothing outside
themselves (no script, no link, no web font) and print as vector graphics.

- :func:`bar_chart`: a breakdown (label → value) as horizontal bars.
- :func:`trend_chart`: one indicator over periods, as a line or bars.
- :func:`commune_map`: a choropleth of the territory's communes, with QPV communes hatched and the
  ville-centre named.

Numbers are written by a :data:`Formatter` ``(value, unit) -> str``; the default
:func:`format_quantity` writes French numbers (``12 292``, ``83,8 %``, ``1 250 €``).
"""

from afnor_ctin.report.figures.charts import bar_chart, trend_chart
from afnor_ctin.report.figures.classes import MapClass, MapValue, classify
from afnor_ctin.report.figures.maps import NO_DATA, CommuneMap, Polygon, Ring, Shapes, commune_map
from afnor_ctin.report.figures.numbers import Formatter, format_quantity

__all__ = [
    "NO_DATA",
    "CommuneMap",
    "Formatter",
    "MapClass",
    "MapValue",
    "Polygon",
    "Ring",
    "Shapes",
    "bar_chart",
    "classify",
    "commune_map",
    "format_quantity",
    "trend_chart",
]
