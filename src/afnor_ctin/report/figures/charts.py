r"""Bar charts of a breakdown and trend charts of an indicator over periods, as inline SVG.

Both start their value axis at zero, print numbers through one :data:`~afnor_ctin.report.figures.numbers.
Formatter` (French by default), write the unit on the axis, and describe every value in the figure's
``<desc>`` so that a screen reader, a text-only reader or a search gets the whole content.


Examples
--------
>>> svg = bar_chart({"Bibliothèque / médiathèque": 4, "Association": 3}, title="Lieux par type", unit="lieux")
>>> svg.startswith("<svg") and "Bibliothèque / médiathèque : 4\xa0lieux" in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.figures.numbers import Formatter, axis_caption, format_quantity, nice_ticks, tick_unit
from afnor_ctin.report.figures.svg import (
    GRID,
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
    wrap,
)

__all__ = ["ACCENT", "bar_chart", "trend_chart"]

#: Colour of bars and lines: contrast 5.1:1 on white.
ACCENT = "#2171b5"

_PAD = 12.0
_LINE = 16.0
_SMALL = 13.0


def _checked(values: Mapping[str, float | None]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for label, value in values.items():
        if value is not None:
            number = float(value)
            if not math.isfinite(number) or number < 0:
                raise InvalidInputError(
                    f"« {label} » : valeur « {value} » impossible à représenter (un graphique part de zéro ; "
                    "seuls les nombres positifs ou nuls sont admis)"
                )
            value = number
        out[str(label)] = value
    return out


def _listing(values: Mapping[str, float | None], unit: str, formatter: Formatter, missing_label: str) -> str:
    return " ; ".join(f"{label} : {missing_label if v is None else formatter(v, unit)}" for label, v in values.items())


def _summary(kind: str, values: Mapping[str, float | None], unit: str, description: str | None) -> str:
    caption = axis_caption(unit)
    head = f"{kind}, {len(values)} {'valeur' if len(values) < 2 else 'valeurs'}"
    head += f" (en {caption})" if caption else ""
    return described(description, head)


def bar_chart(
    values: Mapping[str, float | None],
    *,
    title: str,
    unit: str = "",
    description: str | None = None,
    missing_label: str = "non disponible",
    formatter: Formatter = format_quantity,
    sort: bool = False,
    width: float = 560,
) -> str:
    """Horizontal bar chart of a breakdown (label → value).

    Parameters
    ----------
    values:
        French label → value, in display order; ``None`` is a masked or unknown value, drawn as the
        text ``missing_label`` instead of a bar.
    title:
        French title of the figure (its ``<title>``; the report prints it as a caption).
    unit:
        Unit of the values (``part``, ``%``, ``€``, ``indice`` or a French word such as ``actions``).
    description:
        A French sentence put first in the text alternative (e.g. what the breakdown measures).
    missing_label:
        Text of a ``None`` value: ``non disponible`` (default) or ``secret`` for a value masked by
        statistical secrecy.
    formatter:
        How numbers are written (``(value, unit) -> str``).
    sort:
        Sort the bars by decreasing value (masked values last) instead of keeping the given order.
    width:
        Width of the figure in user units (≈ CSS pixels at full size).

    Returns
    -------
    str
        An inline ``<svg>`` element. Long labels are wrapped on two lines, then shortened with ``…``;
        each bar's ``<title>`` holds the full label and value.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        A negative, infinite or NaN value.
    """
    data = _checked(values)
    if sort:
        data = dict(sorted(data.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0.0))))
    ident = figure_id("barres", title, unit, missing_label, list(data.items()))
    listing = _listing(data, unit, formatter, missing_label)
    desc = _summary("Diagramme en barres horizontales", data, unit, description)
    if not data:
        return placeholder(width, title=title, desc=f"{desc}.", ident=ident, message="Aucune donnée à représenter")
    desc = f"{desc} : {listing}."
    short = tick_unit(unit)
    label_width = round(width * 0.36)
    wrapped = {label: wrap(label, label_width) for label in data}
    lines = max(len(w[0]) for w in wrapped.values())
    row = 14 + _LINE * lines
    texts = {label: (missing_label if v is None else formatter(v, short)) for label, v in data.items()}
    value_width = max((text_width(t) for label, t in texts.items() if data[label] is not None), default=0.0)
    x0 = _PAD + label_width + 10
    x1 = width - _PAD - value_width - 8
    ticks = nice_ticks(max((v for v in data.values() if v is not None), default=0.0))
    scale = (x1 - x0) / ticks[-1]
    top = _PAD
    bottom = top + row * len(data)
    caption = axis_caption(unit)
    height = bottom + 24 + (18 if caption else 0) + _PAD
    root = svg_root(width, height, title=title, desc=desc, ident=ident)

    grid = sub(root, "g", stroke=GRID, stroke_width=1)
    labels = sub(root, "g", font_size=_SMALL, fill=MUTED, text_anchor="middle")
    for t in ticks:
        x = x0 + t * scale
        sub(grid, "line", x1=x, y1=top, x2=x, y2=bottom)
        sub(labels, "text", formatter(t, short), x=x, y=bottom + 16)
    if caption:
        sub(root, "text", caption, x=x1, y=bottom + 34, font_size=_SMALL, fill=MUTED, text_anchor="end")

    bars = sub(root, "g")
    for i, (label, value) in enumerate(data.items()):
        y = top + row * i
        group = sub(bars, "g")
        full = formatter(value, unit) if value is not None else missing_label
        sub(group, "title", f"{label} : {full}")
        label_lines, _ = wrapped[label]
        first = y + row / 2 - (len(label_lines) - 1) * _LINE / 2 + 4.5
        text = sub(group, "text", x=x0 - 10, y=first, text_anchor="end", fill=TEXT)
        for j, line in enumerate(label_lines):
            sub(text, "tspan", line, x=x0 - 10, y=first + j * _LINE)
        if value is None:
            sub(group, "text", missing_label, x=x0 + 4, y=y + row / 2 + 4.5, fill=MUTED, font_style="italic")
            continue
        length = value * scale
        sub(group, "rect", x=x0, y=y + row / 2 - 9, width=length, height=18, fill=ACCENT)
        sub(group, "text", texts[label], x=x0 + length + 6, y=y + row / 2 + 4.5, fill=TEXT)
    sub(root, "line", x1=x0, y1=top, x2=x0, y2=bottom, stroke=TEXT, stroke_width=1)
    return to_string(root)


def _label_step(labels: list[str], band: float) -> tuple[int, bool]:
    """Keep every ``step``-th period label, rotated when horizontal labels do not fit."""
    longest = max(text_width(label, _SMALL) for label in labels)
    if longest + 8 <= band:
        return 1, False
    spacing = _SMALL * 1.5
    return max(1, math.ceil(spacing / band)), True


def trend_chart(
    values: Mapping[str, float | None],
    *,
    title: str,
    unit: str = "",
    description: str | None = None,
    style: Literal["line", "bars"] = "line",
    missing_label: str = "non disponible",
    formatter: Formatter = format_quantity,
    width: float = 560,
    height: float = 300,
) -> str:
    """One indicator over successive periods (line or bars), the value axis from zero.

    Parameters
    ----------
    values:
        Period label → value, in chronological order (e.g. ``{"T1 2024": 3012, …}``); ``None`` (not
        computable or masked) leaves a gap in the line, or no bar, marked by a dashed
        vertical line.
    title:
        French title of the figure.
    unit:
        Unit of the values; written on the value axis.
    description:
        A French sentence put first in the text alternative.
    style:
        ``line`` (stocks, shares, ratios) or ``bars`` (flows counted per period).
    missing_label:
        Text of a ``None`` value in tooltips and in the text alternative.
    formatter:
        How numbers are written (``(value, unit) -> str``).
    width:
        Width of the figure in user units (≈ CSS pixels at full size).
    height:
        Height of the figure in user units.

    Returns
    -------
    str
        An inline ``<svg>`` element. With many periods (12 to 48 quarters or months), period labels are
        thinned out and rotated; every point keeps a ``<title>`` with its period and value, and the
        last value is printed.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        A negative, infinite or NaN value, or an unknown ``style``.
    """
    if style not in ("line", "bars"):
        raise InvalidInputError(f"style de graphique « {style} » inconnu : « line » ou « bars »")
    data = _checked(values)
    ident = figure_id("evolution", title, unit, style, missing_label, list(data.items()))
    desc = _summary(
        "Évolution sur " + ("une période" if len(data) < 2 else f"{len(data)} périodes"), data, unit, description
    )
    present = [v for v in data.values() if v is not None]
    if not present:
        message = "Aucune valeur sur ces périodes" if data else "Aucune période à représenter"
        listing = f" : {_listing(data, unit, formatter, missing_label)}" if data else ""
        return placeholder(width, title=title, desc=f"{desc}{listing}.", ident=ident, message=message)
    desc = f"{desc} : {_listing(data, unit, formatter, missing_label)}."
    short = tick_unit(unit)
    ticks = nice_ticks(max(present))
    tick_texts = [formatter(t, short) for t in ticks]
    periods = list(data)
    last = max(i for i, v in enumerate(data.values()) if v is not None)
    last_text = formatter(float(data[periods[last]] or 0.0), short)
    left = _PAD + max(text_width(t, _SMALL) for t in tick_texts) + 8
    # Room on the right for the last value, printed next to its point when it is the last period.
    right = width - _PAD - (text_width(last_text, _SMALL) + 10 if last == len(periods) - 1 else 8)
    band = (right - left) / len(periods)
    step, rotated = _label_step(periods, band)
    longest = max(text_width(p, _SMALL) for p in periods)
    if rotated:
        # A label rotated by 45° reaches left of its point by about 0.7 times its length.
        left = max(left, _PAD + longest * 0.72 - band / 2)
        band = (right - left) / len(periods)
    bottom = height - _PAD - (longest * 0.72 + 14 if rotated else 22)
    caption = axis_caption(unit)
    top = _PAD + (22 if caption else 8)
    scale = (bottom - top) / ticks[-1]
    root = svg_root(width, height, title=title, desc=desc, ident=ident)

    if caption:
        sub(root, "text", caption, x=_PAD, y=_PAD + 10, font_size=_SMALL, fill=MUTED)
    grid = sub(root, "g", stroke=GRID, stroke_width=1)
    axis = sub(root, "g", font_size=_SMALL, fill=MUTED, text_anchor="end")
    for t, text in zip(ticks, tick_texts, strict=True):
        y = bottom - t * scale
        sub(grid, "line", x1=left, y1=y, x2=right, y2=y)
        sub(axis, "text", text, x=left - 6, y=y + 4)
    xs = [left + band * (i + 0.5) for i in range(len(periods))]
    periods_group = sub(root, "g", font_size=_SMALL, fill=MUTED, text_anchor="end" if rotated else "middle")
    for i in range(0, len(periods), step):
        if rotated:
            y = bottom + 14
            sub(periods_group, "text", periods[i], x=xs[i] + 4, y=y, transform=f"rotate(-45 {xs[i] + 4:.1f} {y:.1f})")
        else:
            sub(periods_group, "text", periods[i], x=xs[i], y=bottom + 18)
    sub(root, "line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=TEXT, stroke_width=1)

    gaps = sub(root, "g", stroke=GRID, stroke_width=1.5, stroke_dasharray="4 3")
    for x, (period, v) in zip(xs, data.items(), strict=True):
        if v is None:
            gap = sub(gaps, "line", x1=x, y1=top, x2=x, y2=bottom)
            sub(gap, "title", f"{period} : {missing_label}")
    points: list[tuple[float, float | None]] = [
        (x, None if v is None else bottom - v * scale) for x, v in zip(xs, data.values(), strict=True)
    ]
    marks = sub(root, "g", fill=ACCENT)
    if style == "bars":
        thickness = band * 0.7
        for (x, py), (period, v) in zip(points, data.items(), strict=True):
            if py is None or v is None:
                continue
            bar = sub(marks, "rect", x=x - thickness / 2, y=py, width=thickness, height=bottom - py)
            sub(bar, "title", f"{period} : {formatter(v, unit)}")
    else:
        segment: list[str] = []
        runs: list[list[str]] = []
        for x, py in points:
            if py is None:
                segment = []
                continue
            if not segment:
                runs.append(segment)
            segment.append(f"{x:.1f},{py:.1f}")
        lines = sub(root, "g", fill="none", stroke=ACCENT, stroke_width=2.5, stroke_linejoin="round")
        for run in runs:
            if len(run) > 1:
                sub(lines, "polyline", points=" ".join(run))
        radius = 3.5 if len(periods) <= 24 else 2.5
        for (x, py), (period, v) in zip(points, data.items(), strict=True):
            if py is None or v is None:
                continue
            dot = sub(marks, "circle", cx=x, cy=py, r=radius)
            sub(dot, "title", f"{period} : {formatter(v, unit)}")
    x_last, y_last = points[last]
    if y_last is not None:
        if last == len(periods) - 1:
            offset = band * 0.35 + 4 if style == "bars" else 8
            halo_text(root, x_last + offset, y_last + 4.5, last_text, font_weight="bold", font_size=_SMALL)
        else:
            halo_text(root, x_last, y_last - 9, last_text, text_anchor="middle", font_weight="bold", font_size=_SMALL)
    return to_string(root)
