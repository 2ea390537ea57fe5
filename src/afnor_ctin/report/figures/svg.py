"""Low-level SVG builder shared by the charts and the maps (standard library :mod:`xml.etree.ElementTree`).

Every figure is an inline ``<svg>`` element (no XML prolog, no namespace declaration: HTML puts it in
the SVG namespace) that scales with its container (``viewBox`` and ``width="100%"``). ElementTree escapes
every text and attribute value, so a label such as ``<script>`` or ``A & B`` is written as text, never as
markup; characters that XML forbids are removed first.

The root carries ``role="img"``, a ``<title>`` and a ``<desc>`` (the text alternative) referenced by
``aria-labelledby``. Nothing refers outside the figure: no script, no link, no web font (a system font
stack), no filter (vector shapes only, so figures print sharply). Identifiers (patterns, title, desc)
start with a prefix derived from the figure's content, so that several figures can live in one page
and the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping

__all__ = [
    "BACKGROUND",
    "FONT_FAMILY",
    "GRID",
    "MUTED",
    "TEXT",
    "Attribute",
    "described",
    "figure_id",
    "halo_text",
    "number",
    "placeholder",
    "sub",
    "svg_root",
    "text_width",
    "to_string",
    "wrap",
]

#: System font stack: no font is downloaded.
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
#: Text colour: contrast 17.4:1 on white (WCAG AA asks for 4.5:1).
TEXT = "#1a1a1a"
#: Secondary text (captions, masked values): contrast 7:1 on white.
MUTED = "#595959"
#: Grid lines and axes.
GRID = "#d0d0d0"
#: Figure background.
BACKGROUND = "#ffffff"

#: Attribute values accepted by :func:`sub` (numbers are written by :func:`number`).
Attribute = str | int | float

# XML 1.0 forbids these characters anywhere in a document.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Average advance of a character of the sans-serif system fonts, in ems (used to lay out labels).
_EM = 0.56


def _clean(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def number(value: float) -> str:
    """A coordinate as written in the SVG: at most one decimal, no trailing ``.0``.

    >>> number(12.0), number(3.14159), number(-0.04)
    ('12', '3.1', '0')
    """
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def sub(parent: ET.Element, tag: str, text: str | None = None, /, **attributes: Attribute | None) -> ET.Element:
    """Append a child element; ``_`` in attribute names becomes ``-`` (``font_size`` → ``font-size``).

    Attributes whose value is ``None`` are left out; numbers go through :func:`number`; texts are
    cleaned of characters XML forbids (ElementTree escapes the rest when writing).
    """
    element = ET.SubElement(parent, tag, _attributes(attributes))
    if text is not None:
        element.text = _clean(text)
    return element


def _attributes(attributes: Mapping[str, Attribute | None]) -> dict[str, str]:
    out = {}
    for key, value in attributes.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        out[name] = number(value) if isinstance(value, float) else _clean(str(value))
    return out


def figure_id(kind: str, *parts: object) -> str:
    """A deterministic identifier prefix for one figure, e.g. ``carte-3f9a1c2b``.

    Two figures with different content get different prefixes (with overwhelming probability), the
    same content always the same one.
    """
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{digest}"


def described(description: str | None, summary: str) -> str:
    """The text alternative of a figure: the caller's French sentence, if any, then the figure's own summary."""
    return f"{description.rstrip('. ')}. {summary}" if description else summary


def svg_root(width: float, height: float, *, title: str, desc: str, ident: str) -> ET.Element:
    """The ``<svg>`` element of a figure with its accessible title and description.

    Parameters
    ----------
    width:
        Width of the ``viewBox`` in user units (the figure is drawn at most ``width`` CSS pixels wide
        and shrinks with its container).
    height:
        Height of the ``viewBox`` in user units.
    title:
        Short French title (read by screen readers, shown as a tooltip).
    desc:
        French text alternative summarising the data.
    ident:
        Identifier prefix (:func:`figure_id`).

    Returns
    -------
    xml.etree.ElementTree.Element
        The root, with ``<title>``, ``<desc>`` and a white background already appended.
    """
    root = ET.Element(
        "svg",
        _attributes(
            {
                "viewBox": f"0 0 {number(width)} {number(height)}",
                "width": "100%",
                "style": f"max-width:{number(width)}px;height:auto",
                "role": "img",
                "aria-labelledby": f"{ident}-titre {ident}-desc",
                "font-family": FONT_FAMILY,
                "font-size": 14,
                "fill": TEXT,
                "id": ident,
            }
        ),
    )
    sub(root, "title", title, id=f"{ident}-titre")
    sub(root, "desc", desc, id=f"{ident}-desc")
    sub(root, "rect", x=0, y=0, width=number(width), height=number(height), fill=BACKGROUND)
    return root


def to_string(root: ET.Element) -> str:
    """The figure as an inline ``<svg>…</svg>`` string (no XML prolog)."""
    return ET.tostring(root, encoding="unicode")


def text_width(text: str, size: float = 14) -> float:
    """Estimated width of ``text`` at font size ``size``, in user units (no font metrics needed)."""
    return len(text) * size * _EM


def wrap(text: str, width: float, *, size: float = 14, lines: int = 2) -> tuple[tuple[str, ...], bool]:
    """Break a label into at most ``lines`` lines that fit in ``width`` user units.

    Returns
    -------
    tuple
        The lines, and whether the label had to be shortened (the last line then ends with ``…``).
    """
    chars = max(int(width / (size * _EM)), 4)
    parts = textwrap.wrap(" ".join(text.split()), chars, break_long_words=True, break_on_hyphens=True)
    if not parts:
        return ("",), False
    if len(parts) <= lines:
        return tuple(parts), False
    last = parts[lines - 1][: chars - 1].rstrip(" ,;:-")
    return (*parts[: lines - 1], last + "…"), True


def halo_text(parent: ET.Element, x: float, y: float, text: str, /, **attributes: Attribute | None) -> ET.Element:
    """Text readable on any fill: a white outline drawn first, then the dark text on top of it."""
    group = sub(parent, "g", **attributes)
    sub(group, "text", text, x=x, y=y, stroke=BACKGROUND, stroke_width=3.5, stroke_linejoin="round", fill=BACKGROUND)
    sub(group, "text", text, x=x, y=y, fill=TEXT)
    return group


def placeholder(width: float, *, title: str, desc: str, ident: str, message: str) -> str:
    """A small figure that only says there is nothing to draw (``message``)."""
    root = svg_root(width, 60, title=title, desc=desc, ident=ident)
    sub(root, "text", message, x=width / 2, y=35, text_anchor="middle", fill=MUTED, font_style="italic")
    return to_string(root)
