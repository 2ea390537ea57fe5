"""Fixtures of the figure tests: the real commune shapes of the CA de La Rochelle."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from afnor_ctin.report.figures import Shapes

DATA = Path(__file__).parent / "data"
LA_ROCHELLE = "17300"


@cache
def _load() -> tuple[Shapes, dict[str, str]]:
    raw = json.loads((DATA / "la-rochelle-communes.json").read_text(encoding="utf-8"))
    shapes = {
        code: tuple(
            tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon) for polygon in c["polygones"]
        )
        for code, c in raw["communes"].items()
    }
    return shapes, {code: c["nom"] for code, c in raw["communes"].items()}


@pytest.fixture
def shapes() -> Shapes:
    return _load()[0]


@pytest.fixture
def names() -> dict[str, str]:
    return dict(_load()[1])


def parse(svg: str) -> ET.Element:
    """The figure parsed as XML (fails on malformed output)."""
    root = ET.fromstring(svg)
    assert root.tag == "svg"
    return root


def texts(root: ET.Element, tag: str) -> list[str]:
    """Full text of every ``tag`` element (``tspan`` children joined with a space)."""
    return [" ".join(t.strip() for t in e.itertext() if t.strip()) for e in root.iter(tag)]


_TOKEN = re.compile(r"[MlLz]|-?\d+(?:\.\d+)?")


def path_points(d: str) -> list[tuple[float, float]]:
    """Absolute points of a path written with ``M x y l dx dy … z`` moves."""
    points: list[tuple[float, float]] = []
    tokens = _TOKEN.findall(d)
    i, mode, x, y = 0, "", 0.0, 0.0
    while i < len(tokens):
        token = tokens[i]
        if token in "MlLz":
            mode = token
            i += 1
            continue
        dx, dy = float(token), float(tokens[i + 1])
        i += 2
        if mode == "M":
            x, y = dx, dy
            mode = "l"
        else:
            x, y = x + dx, y + dy
        points.append((x, y))
    return points
