from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import TerritoryLevel
from afnor_ctin.model.records import Commune, Territory
from afnor_ctin.period import Period
from afnor_ctin.report.render import FORMATS, MARKER, apply_secrecy, render
from afnor_ctin.results import IndicatorResult, Report

N = 1000
# Small counts (below N) chosen so that their digits are recognisable in any output.
SMALL = {"a_jour": 737, "ateliers": 919, "qpv_indetermine": 863, "mediateur": 641, "beta": 577}


def _territory() -> Territory:
    return Territory(
        code="EX9",
        name="Territoire secret",
        level=TerritoryLevel.AUTRE,
        communes=(
            Commune(code_insee="99001", name="Alpha", population=100_000),
            Commune(code_insee="99002", name="Beta", population=50_000),
        ),
    )


def _report() -> Report:
    def r(code: str, value: float | None, unit: str, **kw: object) -> IndicatorResult:
        return IndicatorResult(code=code, label=f"Indicateur {code}", label_en=code, value=value, unit=unit, **kw)  # type: ignore[arg-type]

    return Report(
        territory=_territory(),
        period=Period.year(2024),
        results=(
            r(
                "I01",
                4321,
                "acteurs",
                components={
                    "lieux_actifs": 2468,
                    "a_jour": 737,
                    "a_verifier": 1234,
                    "a_actualiser": 2468 - 737 - 1234,
                    "taux_fraicheur": 737 / 2468,
                },
                by_commune={"99001": 1891, "99002": 577},
            ),
            r("I03", 5555, "personnes", components={"par_role": {"conseiller_numerique": 4914, "mediateur": 641}}),
            r(
                "I04",
                6789,
                "actions",
                components={"individuels": 5870, "ateliers": 919, "accompagnements": 8642, "heures": 3456.5},
                by_commune={"99001": 6000, "99002": 789},
            ),
            r(
                "I06",
                1.2345,
                "indice",
                components={
                    "part_hors_centre": 19 / 8642,
                    "qpv": 2222,
                    "hors_qpv": 5557,
                    "qpv_indetermine": 863,
                    "part_qpv": 2222 / 7779,
                },
                # accompaniments per 1,000 inhabitants: Alpha 8,623 (shown), Beta 0.38 × 50 = 19 (masked)
                by_commune={"99001": 86.23, "99002": 0.38},
            ),
            r("I11", 412, "événements", components={"acteurs_mobilises": 2500, "taux_mobilisation": 2500 / 4321}),
        ),
    )


def _outputs(report: Report, tmp_path: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for fmt in FORMATS:
        if fmt == "pdf":
            continue  # the HTML report printed: its text is the HTML's
        out = tmp_path / f"r.{fmt}"
        render(report, fmt, output=out, secrecy=N, specs={})
        if fmt == "xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(out)
            texts[fmt] = "\n".join(
                str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
            )
        else:
            texts[fmt] = out.read_text(encoding="utf-8")
    return texts


def _numbers(text: str) -> set[str]:
    """Every digit run in the text, thousands separators removed."""
    compact = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3})", "", text)
    return set(re.findall(r"\d+", compact))


def test_masks_small_counts_and_derived_values() -> None:
    masked, masking = apply_secrecy(_report(), N)
    i01, i03, i04, i06, i11 = masked.results
    assert i01.value == 4321
    assert i01.components["a_jour"] is None
    assert i01.components["a_actualiser"] is None  # 497: a second masked part of lieux_actifs
    assert i01.components["a_verifier"] == 1234
    assert i01.components["taux_fraicheur"] is None
    assert i01.components["lieux_actifs"] == 2468
    # 577 masked; the places of a commune only bound it (≤ lieux_actifs − 1891): 1891 stays published
    assert i01.by_commune == {"99001": 1891, "99002": None}
    assert i03.components["par_role"] == {"conseiller_numerique": None, "mediateur": None}
    assert i04.components["ateliers"] is None
    assert i04.components["individuels"] is None  # complementary: individuels + ateliers = value
    assert i04.by_commune == {"99001": None, "99002": None}  # 789 masked, 6000 its complement
    assert i04.components["heures"] == 3456.5
    assert i06.by_commune == {"99001": None, "99002": None}  # their counts add up to I04's accompaniments
    assert i06.components["qpv"] is None  # complementary of qpv_indetermine (the smallest other part)
    assert i06.components["hors_qpv"] == 5557
    assert i06.components["part_qpv"] is None  # derived from a masked count
    assert i06.components["part_hors_centre"] is None  # 19 accompaniments outside the centre
    assert i06.value is None  # derived from part_hors_centre
    assert i11.value is None
    assert i11.reason
    assert "secret" in i11.reason
    assert i11.components["taux_mobilisation"] == pytest.approx(2500 / 4321)
    assert masking.masked("I11")
    assert masking.masked("I01", "components", "a_jour")
    assert not masking.masked("I01")


def test_zero_counts_are_published() -> None:
    report = _report()
    i04 = attrs.evolve(
        report.results[2], components={**report.results[2].components, "ateliers": 0, "individuels": 6789}
    )
    masked, masking = apply_secrecy(attrs.evolve(report, results=(*report.results[:2], i04, *report.results[3:])), N)
    assert masked.results[2].components["ateliers"] == 0
    assert masked.results[2].components["individuels"] == 6789
    assert not masking.masked("I04", "components", "ateliers")


def test_no_masked_count_appears_in_any_format(tmp_path: Path) -> None:
    report = _report()
    hidden = {str(v) for v in SMALL.values()} | {"412"}
    derived = {"2986", "29,9", "0.298", "0,38", "0.38"}  # taux_fraicheur, I06 Beta rate
    for fmt, text in _outputs(report, tmp_path).items():
        numbers = _numbers(text)
        assert not hidden & numbers, fmt
        for d in derived:
            assert d not in text, (fmt, d)
        assert MARKER in text, fmt
        assert "4321" in numbers, fmt  # values above the threshold are still shown


def test_json_marks_the_masked_paths(tmp_path: Path) -> None:
    doc = json.loads(render(_report(), "json", secrecy=N, specs={}) or "")
    assert doc["secret_statistique"]["seuil"] == N
    i01 = doc["indicators"][0]
    assert i01["components"]["a_jour"] == MARKER
    assert i01["by_commune"]["99002"] == MARKER
    assert "I01/components/a_jour" in doc["secret_statistique"]["masques"]
    assert doc["indicators"][4]["value"] == MARKER


def test_threshold_must_be_positive() -> None:
    with pytest.raises(InvalidInputError):
        apply_secrecy(_report(), 0)


def test_threshold_one_masks_only_zero_counts() -> None:
    report = _report()
    masked, masking = apply_secrecy(report, 1)
    assert len(masking) == 0
    assert masked == report


def test_series_are_masked_per_report(tmp_path: Path) -> None:
    text = render([_report(), _report()], "csv", secrecy=N, specs={}) or ""
    assert not {"737", "919", "863", "641", "577", "412"} & _numbers(text)


def test_rules_are_read_from_the_component_records() -> None:
    from afnor_ctin.catalog import Catalog, Component, ComponentKind, IndicatorSpec, Kind, Of, Provenance
    from afnor_ctin.report.render.secrecy import rule_text

    def _unused(dataset: object, period: object, /) -> IndicatorResult:
        raise AssertionError

    records = Catalog(
        (
            IndicatorSpec(
                code="X10",
                label="Essai",
                label_en="Test",
                definition="x",
                formula="x",
                kind=Kind.FLOW,
                provenance=Provenance.RECONSTRUCTED,
                headline=Component(name="value", label="Actions", kind=ComponentKind.COUNT, unit="actions"),
                components=(
                    Component(name="petites", label="Petites actions", kind=ComponentKind.COUNT, unit="actions"),
                    Component(
                        name="part", label="Part", kind=ComponentKind.SHARE, unit="part", of=Of("petites", "value")
                    ),
                    Component(name="budget", label="Budget", kind=ComponentKind.AMOUNT, unit="€"),
                ),
                function=_unused,
            ),
        )
    )
    result = IndicatorResult(
        code="X10",
        label="Essai",
        label_en="Test",
        value=5000,
        unit="actions",
        components={"petites": 3, "part": 3 / 5000, "budget": 1234.5},
    )
    report = Report(territory=_territory(), period=Period.year(2024), results=(result,))
    masked, masking = apply_secrecy(report, 10, records)
    assert masking.masked("X10", "components", "petites")
    assert masking.masked("X10", "components", "part")  # its numerator is masked
    assert not masking.masked("X10", "components", "budget")  # an amount: never a count
    assert masked.results[0].value == 5000
    undescribed, _ = apply_secrecy(report, 10, Catalog())
    assert undescribed.results[0].components["budget"] is None  # without records: follows the masked counts
    assert rule_text("X10", "part", records).startswith("part : masquée avec petites ou value")
    assert rule_text("X10", "budget", records) == "jamais masqué (pas un effectif)"
    assert "reconstitué" in rule_text("I06", "by_commune")
