import itertools
import re

import pytest

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.figures import bar_chart, trend_chart
from afnor_ctin.report.figures.charts import ACCENT

from .conftest import parse, texts

NBSP = "\u00a0"
HOSTILE = '<script>alert("x")</script> & \'quotes\' "double"'

BREAKDOWN = {
    "Bibliothèque / médiathèque": 4,
    "Association": 3,
    "Espace France Services (réseau France Services, label de l'État)": 2,
    "Caisse d'allocations familiales": 1,
}


def bars(root):  # the drawn bars, in order
    return [r for r in root.iter("rect") if r.get("fill") == ACCENT]


def test_bar_chart_is_an_accessible_inline_svg() -> None:
    svg = bar_chart(BREAKDOWN, title="Lieux par type", unit="lieux", description="Lieux actifs en 2024.")
    root = parse(svg)
    assert not svg.startswith("<?xml")
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    assert root.find("title").text == "Lieux par type"
    desc = root.find("desc").text
    assert desc.startswith("Lieux actifs en 2024. Diagramme en barres horizontales, 4 valeurs (en lieux)")
    for label, value in BREAKDOWN.items():
        assert f"{label} : {value}{NBSP}{'lieu' if value < 2 else 'lieux'}" in desc


def test_one_bar_per_value_proportional_from_zero() -> None:
    root = parse(bar_chart(BREAKDOWN, title="t", unit="lieux"))
    drawn = bars(root)
    assert len(drawn) == 4
    x0 = {float(r.get("x")) for r in drawn}
    assert len(x0) == 1
    widths = [float(r.get("width")) for r in drawn]
    per_unit = {round(w / v, 0) for w, v in zip(widths, BREAKDOWN.values(), strict=True)}
    assert len(per_unit) == 1
    # The axis starts at 0, written at the bars' origin, and its last tick is past the longest bar.
    ticks = [t for g in root.iter("g") if g.get("text-anchor") == "middle" for t in g.iter("text")]
    assert ticks[0].text == "0"
    assert float(ticks[0].get("x")) == pytest.approx(x0.pop())
    assert float(ticks[-1].get("x")) >= max(float(r.get("x")) + float(r.get("width")) for r in drawn) - 0.1


def test_values_are_printed_at_the_bar_end_and_titles_hold_full_labels() -> None:
    root = parse(bar_chart(BREAKDOWN, title="t", unit="lieux"))
    drawn = bars(root)
    groups = [g for g in root.iter("g") if g.find("rect") is not None and g.find("title") is not None]
    assert [g.find("title").text for g in groups] == [
        f"{label} : {v}{NBSP}{'lieu' if v < 2 else 'lieux'}" for label, v in BREAKDOWN.items()
    ]
    for rect, group, value in zip(drawn, groups, BREAKDOWN.values(), strict=True):
        end = float(rect.get("x")) + float(rect.get("width"))
        value_text = [t for t in group.findall("text") if t.text == str(value)]
        assert value_text
        assert float(value_text[0].get("x")) > end
    # The long label is wrapped and shortened on screen, complete in its title.
    shown = texts(root, "text")
    assert any(t.endswith("…") and t.startswith("Espace France Services") for t in shown)


def test_masked_values_are_written_not_drawn() -> None:
    values = {"Association": 3, "Tiers-lieu": None}
    root = parse(bar_chart(values, title="t", unit="lieux", missing_label="secret"))
    assert len(bars(root)) == 1
    assert "secret" in texts(root, "text")
    assert "Tiers-lieu : secret" in root.find("desc").text
    default = parse(bar_chart(values, title="t"))
    assert "non disponible" in texts(default, "text")


def test_empty_all_zero_one_and_forty_bars() -> None:
    empty = parse(bar_chart({}, title="Rien"))
    assert texts(empty, "text") == ["Aucune donnée à représenter"]
    zeros = parse(bar_chart({"A": 0, "B": 0}, title="z", unit="€"))
    assert [float(r.get("width")) for r in bars(zeros)] == [0.0, 0.0]
    assert texts(zeros, "text").count(f"0{NBSP}€") >= 3  # two values and the axis origin
    one = parse(bar_chart({"Seul": 7}, title="un"))
    assert len(bars(one)) == 1
    many = {f"Thématique {i}": float(i) for i in range(40)}
    forty = parse(bar_chart(many, title="40"))
    assert len(bars(forty)) == 40
    assert float(forty.get("viewBox").split()[3]) > 40 * 28


def test_sorting_puts_largest_first_and_masked_last() -> None:
    root = parse(bar_chart({"a": 1, "b": None, "c": 5, "d": 3}, title="t", sort=True))
    titles = [g.find("title").text for g in root.iter("g") if g.find("title") is not None]
    assert [t.split(" : ")[0] for t in titles] == ["c", "d", "a", "b"]


def test_hostile_labels_are_escaped() -> None:
    svg = bar_chart({HOSTILE: 1, "A & B": 2}, title=HOSTILE, unit="lieux")
    root = parse(svg)
    assert {e.tag for e in root.iter()} <= {"svg", "title", "desc", "rect", "g", "line", "text", "tspan"}
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert root.find("title").text == HOSTILE
    assert any(
        g.find("title").text == f"{HOSTILE} : 1{NBSP}lieu" for g in root.iter("g") if g.find("title") is not None
    )


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_values_that_cannot_be_drawn_are_refused_in_french(bad: float) -> None:
    with pytest.raises(InvalidInputError, match="« Association » : valeur"):
        bar_chart({"Association": bad}, title="t")
    with pytest.raises(InvalidInputError, match="T1 2024"):
        trend_chart({"T1 2024": bad}, title="t")


def quarters(n: int) -> list[str]:
    return [f"T{q % 4 + 1} {2021 + q // 4}" for q in range(n)]


def test_trend_chart_draws_gaps_for_missing_periods() -> None:
    values = dict(zip(quarters(16), [float(800 + 150 * i) for i in range(16)], strict=True))
    values["T2 2022"] = None
    root = parse(trend_chart(values, title="Actions par trimestre", unit="actions"))
    lines = list(root.iter("polyline"))
    assert [len(p.get("points").split()) for p in lines] == [5, 10]
    dots = list(root.iter("circle"))
    assert len(dots) == 15
    assert [d.find("title").text for d in dots][:2] == [f"T1 2021 : 800{NBSP}actions", f"T2 2021 : 950{NBSP}actions"]
    gaps = [ln for g in root.iter("g") if g.get("stroke-dasharray") for ln in g.iter("line")]
    assert [g.find("title").text for g in gaps] == ["T2 2022 : non disponible"]
    desc = root.find("desc").text
    assert "Évolution sur 16 périodes" in desc
    assert "T2 2022 : non disponible" in desc
    assert "(en actions)" in desc
    # Unit on the axis, value axis from 0, last value printed next to its point.
    shown = texts(root, "text")
    assert "actions" in shown
    assert "0" in shown
    assert shown.count(f"3{NBSP}050") == 2  # halo and text


def test_y_axis_starts_at_zero_and_points_scale_from_it() -> None:
    values = {"2021": 10.0, "2022": 20.0, "2023": 40.0}
    root = parse(trend_chart(values, title="t"))
    axis = [ln for g in root.iter("g") if g.get("stroke") == "#d0d0d0" for ln in g.iter("line")]
    baseline = max(float(ln.get("y1")) for ln in axis)
    ys = [baseline - float(c.get("cy")) for c in root.iter("circle")]
    assert ys[1] == pytest.approx(2 * ys[0], abs=0.2)
    assert ys[2] == pytest.approx(4 * ys[0], abs=0.2)


@pytest.mark.parametrize("n", [12, 16, 24, 48])
def test_many_period_labels_are_thinned_and_rotated(n: int) -> None:
    labels = quarters(n)
    root = parse(trend_chart(dict.fromkeys(labels, 5.0), title="t", style="bars"))
    shown = [t for t in root.iter("text") if t.text in labels]
    assert len(list(root.iter("rect"))) - 1 == n  # background + one bar per period
    assert shown[0].text == labels[0]
    assert all("rotate(-45" in t.get("transform", "") for t in shown)
    positions = [float(t.get("x")) for t in shown]
    assert min(b - a for a, b in itertools.pairwise(positions)) >= 13 * 1.5 - 0.1
    if n == 48:
        assert len(shown) < n
    # Rotated labels stay inside the figure.
    assert all(float(t.get("x")) - 7 * 13 * 0.56 * 0.72 >= 0 for t in shown)


def test_few_periods_keep_horizontal_labels() -> None:
    root = parse(trend_chart({"2022": 1.0, "2023": 2.0, "2024": 3.0}, title="t"))
    shown = [t for t in root.iter("text") if t.text in ("2022", "2023", "2024")]
    assert len(shown) == 3
    assert not any(t.get("transform") for t in shown)


def test_shares_are_percentages_on_the_axis() -> None:
    root = parse(trend_chart({"2023": 0.8, "2024": 0.838}, title="Couverture", unit="part"))
    shown = texts(root, "text")
    assert f"100{NBSP}%" in shown
    assert f"83,8{NBSP}%" in shown


def test_trend_without_any_value() -> None:
    root = parse(trend_chart({"T1 2024": None, "T2 2024": None}, title="t"))
    assert texts(root, "text") == ["Aucune valeur sur ces périodes"]
    assert "T1 2024 : non disponible" in root.find("desc").text
    assert texts(parse(trend_chart({}, title="t")), "text") == ["Aucune période à représenter"]


def test_trend_rejects_unknown_style() -> None:
    with pytest.raises(InvalidInputError, match="style"):
        trend_chart({"2024": 1.0}, title="t", style="pie")  # type: ignore[arg-type]


def test_figures_are_deterministic_self_contained_and_distinct() -> None:
    a = bar_chart(BREAKDOWN, title="t", unit="lieux")
    assert a == bar_chart(dict(BREAKDOWN), title="t", unit="lieux")
    b = bar_chart({**BREAKDOWN, "Association": 5}, title="t", unit="lieux")
    assert parse(a).get("id") != parse(b).get("id")
    t = trend_chart(dict.fromkeys(quarters(16), 3.0), title="t")
    for svg in (a, b, t):
        assert "http" not in svg
        assert "href" not in svg
        assert "<script" not in svg
        assert "filter" not in svg
        assert "@font-face" not in svg
