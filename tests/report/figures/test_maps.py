import math
import re

import pytest

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.figures import NO_DATA, CommuneMap, Shapes, commune_map

from .conftest import LA_ROCHELLE, parse, path_points, texts

NBSP = "\u00a0"

# Actions per commune in 2024 in the bundled La Rochelle example.
ACTIONS = {
    "17010": 29, "17028": 0, "17059": 0, "17094": 247, "17109": 0, "17136": 0, "17142": 797, "17153": 167,
    "17190": 35, "17193": 31, "17194": 453, "17200": 409, "17222": 148, "17245": 0, "17264": 327, "17274": 329,
    "17291": 165, "17300": 8297, "17315": 0, "17373": 102, "17391": 37, "17407": 352, "17413": 19, "17414": 0,
    "17420": 159, "17443": 34, "17466": 127, "17483": 28,
}  # fmt: skip


def draw(shapes: Shapes, names: dict[str, str], values=None, **kwargs) -> CommuneMap:
    options = {"title": "Actions d'accompagnement par commune", "unit": "actions", **kwargs}
    return commune_map(shapes, ACTIONS if values is None else values, names=names, **options)


def communes(root):
    return [p for p in root.iter("path") if p.get("data-insee")]


def test_one_path_per_commune_with_its_code_name_and_value(shapes: Shapes, names: dict[str, str]) -> None:
    m = draw(shapes, names)
    root = parse(m.svg)
    paths = communes(root)
    assert [p.get("data-insee") for p in paths] == sorted(shapes)
    assert len(paths) == 28
    for path in paths:
        code = path.get("data-insee")
        value = ACTIONS[code]
        unit = "action" if value < 2 else "actions"
        assert path.find("title").text.startswith(f"{names[code]} : {value:,}{NBSP}{unit}".replace(",", NBSP))
    assert m.without_shape == ()
    assert m.without_value == ()


def test_legend_classes_cover_every_value(shapes: Shapes, names: dict[str, str]) -> None:
    m = draw(shapes, names)
    members = sorted(c for cls in m.classes for c in cls.communes)
    assert members == sorted(ACTIONS)
    root = parse(m.svg)
    fills = {p.get("data-insee"): p.get("fill") for p in communes(root)}
    for cls in m.classes:
        assert {fills[c] for c in cls.communes} == {cls.fill}
        assert all(cls.lower <= ACTIONS[c] <= cls.upper for c in cls.communes)  # type: ignore[operator]
    shown = texts(root, "text")
    for cls in m.classes:
        n = len(cls.communes)
        assert f"{cls.label} ({n} commune{'s' if n > 1 else ''})" in shown
    assert shown.count("actions") == 1  # the unit, once, as the legend caption
    assert m.classes[0].label == "0"
    assert m.classes[-1].upper == 8297


def test_communes_without_shape_are_returned_not_dropped(shapes: Shapes, names: dict[str, str]) -> None:
    values = {**ACTIONS, "17999": 12, "17001": None}
    m = draw(shapes, names, values, description="Actions en 2024.")
    assert m.without_shape == ("17001", "17999")
    root = parse(m.svg)
    assert [p.get("data-insee") for p in communes(root)] == sorted(shapes)
    desc = root.find("desc").text
    assert desc.startswith("Actions en 2024. Carte de 28 communes, en actions.")
    assert "Communes sans contour, absentes de la carte : 17001, 17999." in desc


def test_communes_without_value_have_their_own_style(shapes: Shapes, names: dict[str, str]) -> None:
    values = {c: v for c, v in ACTIONS.items() if c not in ("17245", "17483")}
    values["17010"] = None  # type: ignore[assignment]
    m = draw(shapes, names, values, missing_label="secret")
    assert m.without_value == ("17010", "17245", "17483")
    root = parse(m.svg)
    paths = {p.get("data-insee"): p for p in communes(root)}
    assert {paths[c].get("fill") for c in m.without_value} == {NO_DATA}
    assert NO_DATA not in {cls.fill for cls in m.classes}
    assert paths["17245"].find("title").text == "Montroy : secret"
    assert "secret (3 communes)" in texts(root, "text")


def test_qpv_communes_are_hatched_and_in_the_legend(shapes: Shapes, names: dict[str, str]) -> None:
    root = parse(draw(shapes, names, qpv_communes={LA_ROCHELLE, "75056"}).svg)
    pattern = root.find("defs/pattern")
    assert pattern is not None
    overlays = [p for p in root.iter("path") if not p.get("data-insee")]
    group = next(g for g in root.iter("g") if g.get("fill", "").startswith("url(#"))
    assert group.get("fill") == f"url(#{pattern.get('id')})"
    assert len(overlays) == 1
    la_rochelle = next(p for p in communes(root) if p.get("data-insee") == LA_ROCHELLE)
    assert overlays[0].get("d") == la_rochelle.get("d")
    assert la_rochelle.find("title").text.endswith("commune comprenant un quartier prioritaire")
    assert "commune comprenant un quartier prioritaire (QPV)" in texts(root, "text")
    assert "quartier prioritaire" not in draw(shapes, names).svg


def test_the_ville_centre_is_named_inside_its_commune(shapes: Shapes, names: dict[str, str]) -> None:
    root = parse(draw(shapes, names, centre=LA_ROCHELLE).svg)
    labels = [t for t in root.iter("text") if t.text == "La Rochelle"]
    assert len(labels) == 2  # halo and text
    dot = next(root.iter("circle"))
    points = path_points(next(p for p in communes(root) if p.get("data-insee") == LA_ROCHELLE).get("d"))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert min(xs) < float(dot.get("cx")) < max(xs)
    assert min(ys) < float(dot.get("cy")) < max(ys)
    assert "Ville-centre : La Rochelle (8\u00a0297\u00a0actions)" in root.find("desc").text


def test_projection_keeps_the_territory_proportions(shapes: Shapes, names: dict[str, str]) -> None:
    root = parse(draw(shapes, names).svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    points = [pt for p in communes(root) for pt in path_points(p.get("d"))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    lon = [pt[0] for polys in shapes.values() for poly in polys for ring in poly for pt in ring]
    lat = [pt[1] for polys in shapes.values() for poly in polys for ring in poly for pt in ring]
    expected = (max(lon) - min(lon)) * math.cos(math.radians((max(lat) + min(lat)) / 2)) / (max(lat) - min(lat))
    assert (max(xs) - min(xs)) / (max(ys) - min(ys)) == pytest.approx(expected, rel=0.01)
    assert min(xs) >= 0
    assert max(xs) <= width
    assert min(ys) >= 0
    assert max(ys) <= height
    # North is up: the northernmost commune (Esnandes, 17153) is drawn above the southernmost (Yves, 17483).
    top = {p.get("data-insee"): min(y for _, y in path_points(p.get("d"))) for p in communes(root)}
    assert top["17153"] < top["17483"]


def test_coordinates_are_rounded_to_a_tenth(shapes: Shapes, names: dict[str, str]) -> None:
    root = parse(draw(shapes, names).svg)
    for path in communes(root):
        numbers = re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))
        assert all(len(n.split(".")[1]) == 1 for n in numbers if "." in n)
        assert re.fullmatch(r"(M[\d.]+ [\d.]+l[-\d. ]+z ?)+", path.get("d"))


def test_boolean_map_has_a_categorical_legend(shapes: Shapes, names: dict[str, str]) -> None:
    fragile = {c: c in ("17059", "17109", "17245") for c in shapes}
    m = commune_map(
        shapes,
        fragile,
        names=names,
        title="Communes fragiles",
        categories={True: "commune fragile (IFN ≥ 7)", False: "commune non fragile"},
    )
    assert [(c.label, len(c.communes)) for c in m.classes] == [
        ("commune fragile (IFN ≥ 7)", 3),
        ("commune non fragile", 25),
    ]
    root = parse(m.svg)
    montroy = next(p for p in communes(root) if p.get("data-insee") == "17245")
    assert montroy.find("title").text == "Montroy : commune fragile (IFN ≥ 7)"
    assert "commune fragile (IFN ≥ 7) (3 communes)" in texts(root, "text")


def test_share_map_writes_percentages(shapes: Shapes, names: dict[str, str]) -> None:
    shares = {c: (i % 5) / 4 for i, c in enumerate(sorted(shapes))}
    m = commune_map(shapes, shares, names=names, title="Couverture", unit="part", classes=5)
    assert [c.label for c in m.classes] == [f"{p}{NBSP}%" for p in (0, 25, 50, 75, 100)]
    assert f"Angoulins : 0{NBSP}%" in [p.find("title").text for p in communes(parse(m.svg))]


def test_all_equal_values_make_one_class(shapes: Shapes, names: dict[str, str]) -> None:
    m = draw(shapes, names, dict.fromkeys(shapes, 4))
    assert [(c.label, len(c.communes)) for c in m.classes] == [("4", 28)]
    assert len({p.get("fill") for p in communes(parse(m.svg))}) == 1


def test_hostile_names_and_titles_are_escaped(shapes: Shapes, names: dict[str, str]) -> None:
    hostile = "<script>alert(\"x\")</script> & 'quotes'"
    m = draw(shapes, {**names, LA_ROCHELLE: hostile}, title=hostile, centre=LA_ROCHELLE, qpv_communes=[LA_ROCHELLE])
    root = parse(m.svg)
    assert "<script" not in m.svg
    assert {e.tag for e in root.iter()} <= {
        "svg",
        "title",
        "desc",
        "rect",
        "g",
        "path",
        "text",
        "circle",
        "defs",
        "pattern",
        "line",
    }
    assert root.find("title").text == hostile
    assert hostile in texts(root, "text")
    assert next(p for p in communes(root) if p.get("data-insee") == LA_ROCHELLE).find("title").text.startswith(hostile)


def test_maps_are_deterministic_and_self_contained(shapes: Shapes, names: dict[str, str]) -> None:
    a = draw(shapes, names, qpv_communes=[LA_ROCHELLE], centre=LA_ROCHELLE)
    assert a == draw(dict(reversed(list(shapes.items()))), names, dict(reversed(list(ACTIONS.items()))),
                     qpv_communes=[LA_ROCHELLE], centre=LA_ROCHELLE)  # fmt: skip
    b = draw(shapes, names, {**ACTIONS, "17010": 30}, qpv_communes=[LA_ROCHELLE], centre=LA_ROCHELLE)
    assert parse(a.svg).get("id") != parse(b.svg).get("id")
    assert "http" not in a.svg
    assert "href" not in a.svg
    assert "filter" not in a.svg
    # Every internal reference points inside the figure.
    ids = {e.get("id") for e in parse(a.svg).iter() if e.get("id")}
    assert set(re.findall(r"url\(#([^)]+)\)", a.svg)) <= ids
    assert str(a) == a.svg == a.__html__()


def test_no_shape_at_all(names: dict[str, str]) -> None:
    m = commune_map({}, {"17300": 3}, names=names, title="Vide")
    assert m.without_shape == ("17300",)
    assert texts(parse(m.svg), "text") == ["Aucun contour de commune à dessiner"]


def test_shapes_with_holes_use_even_odd(names: dict[str, str]) -> None:
    outer = ((0.0, 46.0), (1.0, 46.0), (1.0, 47.0), (0.0, 47.0), (0.0, 46.0))
    hole = ((0.4, 46.4), (0.4, 46.6), (0.6, 46.6), (0.6, 46.4), (0.4, 46.4))
    inner = ((0.4, 46.4), (0.6, 46.4), (0.6, 46.6), (0.4, 46.6), (0.4, 46.4))
    m = commune_map({"17300": ((outer, hole),), "17010": ((inner,),)}, {"17300": 1, "17010": 2}, names=names, title="t")
    root = parse(m.svg)
    group = next(g for g in root.iter("g") if g.find("path") is not None)
    assert group.get("fill-rule") == "evenodd"
    d = {p.get("data-insee"): p.get("d") for p in communes(root)}
    assert d["17300"].count("M") == 2
    assert d["17010"].count("M") == 1


def test_bad_values_are_refused(shapes: Shapes, names: dict[str, str]) -> None:
    with pytest.raises(InvalidInputError, match="un seul type"):
        draw(shapes, names, {"17300": 1, "17010": True})
