"""Bundled commune boundaries: coverage, decoding, point lookups."""

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from afnor_ctin import reference
from afnor_ctin.reference import geometry
from afnor_ctin.reference.tables import read_data

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import reference_common  # the published decoder, the oracle here

LA_ROCHELLE = "241700434"


def _signed_area(ring: tuple[tuple[float, float], ...]) -> float:
    xy = np.asarray(ring)
    return 0.5 * float(np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]))


def test_every_commune_of_the_cog_table_has_a_shape() -> None:
    codes = list(reference.communes())
    assert geometry.codes_without_shape(codes) == ()
    assert len(geometry._topology().index) == len(codes) == 34_875


def test_la_rochelle_communes_decode_into_closed_rings() -> None:
    members = reference.epci(LA_ROCHELLE).communes
    shapes = reference.commune_shapes(members)
    assert list(shapes) == list(members)
    assert len(shapes) == 28
    for shape in shapes.values():
        for polygon in shape:
            exterior, *holes = polygon
            for ring in polygon:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]
                assert all(-1.4 < lon < -0.8 and 46.0 < lat < 46.4 for lon, lat in ring)
            assert _signed_area(exterior) > 0  # counter-clockwise exterior (RFC 7946)
            assert all(_signed_area(h) < 0 for h in holes)


def test_decoding_matches_the_published_snippet() -> None:
    oracle = reference_common.readme_decoder(gzip.decompress(read_data("communes-simplifiees.topojson.gz")))
    assert len(oracle) == 34_875
    codes = [*reference.epci(LA_ROCHELLE).communes, "05052", "27701", "75056", "97411", "2A004"]
    shapes = reference.commune_shapes(codes)
    for code in codes:
        expected = oracle[code]
        got = shapes[code]
        assert len(got) == len(expected)
        for polygon, want in zip(got, expected, strict=True):
            assert [len(r) for r in polygon] == [len(r) for r in want]
            for ring, want_ring in zip(polygon, want, strict=True):
                assert np.allclose(np.asarray(ring), np.asarray(want_ring), atol=1e-9, rtol=0)


def test_json_fallback_parses_the_same_topology() -> None:
    doc = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [1.0, 2.0]},
        "objects": {
            "communes": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "id": "01001", "arcs": [[0, -2]]}],
            }
        },
        "arcs": [[[0, 0], [4, 0], [0, 4]], [[0, 0], [0, 4]]],
    }
    compact = json.dumps(doc, separators=(",", ":"))  # the bundled layout: "arcs" last, no spaces
    reordered = json.dumps({"arcs": doc["arcs"], **{k: v for k, v in doc.items() if k != "arcs"}})
    fast, slow = geometry._split(compact), geometry._split(reordered)
    assert fast[0] == slow[0] == {k: v for k, v in doc.items() if k != "arcs"}
    assert fast[1] == slow[1] == [3, 2]
    assert fast[2].tolist() == slow[2].tolist() == [0, 0, 4, 0, 0, 4, 0, 0, 0, 4]


def test_shapes_keep_the_order_asked_and_skip_unknown_codes() -> None:
    shapes = reference.commune_shapes(["17300", "99999", "17028", "17300"])
    assert list(shapes) == ["17300", "17028"]
    assert geometry.codes_without_shape(["17300", "98818", "75112", "98818"]) == ("98818", "75112")


@pytest.mark.parametrize(
    ("lon", "lat", "code"),
    [
        (-1.1508, 46.1591, "17300"),  # Hôtel de ville, La Rochelle
        (5.8260084241619, 46.1060711578546, "01033"),  # France services de Valserhône (ANCT list)
        (2.3522, 48.8566, "75056"),  # Paris
        (5.3698, 43.2965, "13055"),  # Marseille, Vieux-Port
        (8.7369, 41.9192, "2A004"),  # Ajaccio
        (55.4504, -20.8789, "97411"),  # Saint-Denis (La Réunion)
        (6.6245, 44.66967, "05082"),  # Mont-Dauphin, an enclave inside Eygliers (a hole of 05052)
    ],
)
def test_commune_at_real_places(lon: float, lat: float, code: str) -> None:
    assert reference.commune_at(lon, lat) == code


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(-3.0, 46.0), (7.4246, 43.7384), (-149.5, -17.5), (0.0, 0.0), (6.0, 51.5)],
)
def test_commune_at_outside_every_commune(lon: float, lat: float) -> None:
    # Atlantic Ocean, Monaco, Tahiti (a collectivité d'outre-mer), the Gulf of Guinea, the Netherlands
    assert reference.commune_at(lon, lat) is None


def test_distance_to_commune() -> None:
    assert geometry.distance_to_commune("17300", -1.1508, 46.1591) == 0.0
    # 0.01° of latitude north of the northernmost point of a commune is about 1.1 km away from it
    ring = reference.commune_shapes(["17300"])["17300"][0][0]
    lon, lat = max(ring, key=lambda p: p[1])
    distance = geometry.distance_to_commune("17300", lon, lat + 0.01)
    assert distance is not None
    assert 1_000 < distance < 1_120
    assert geometry.distance_to_commune("98818", 166.45, -22.27) is None


def test_attribution_is_the_published_text() -> None:
    # verbatim from the README that ships with communes-simplifiees.topojson.gz
    assert geometry.GEOMETRY_ATTRIBUTION == (
        "Contours des communes : IGN – ADMIN EXPRESS COG édition 2018 (via gregoiredavid/france-geojson), "
        "limites intérieures de 10 communes rétablies : IGN – ADMIN EXPRESS COG CARTO édition 2025 "
        "(via MaelTheuliere/COGiter), "
        "mouvements des communes : INSEE – COG 2026. Licence Ouverte / Open Licence (Etalab). Simplification et "
        "mise à jour au COG 2026 : afnor_ctin, 2026."
    )
