"""Comparison keys of commune names and postal codes."""

import pytest

from afnor_ctin.reference.names import (
    arrondissement_commune,
    departements_of_postal_code,
    name_key,
    normalize_postal_code,
    without_article,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Château-Arnoux-Saint-Auban", "CHATEAU ARNOUX SAINT AUBAN"),
        ("CHATEAU ARNOUX ST AUBAN", "CHATEAU ARNOUX SAINT AUBAN"),
        ("chateau arnoux st-auban", "CHATEAU ARNOUX SAINT AUBAN"),
        ("Ste-Maxime", "SAINTE MAXIME"),
        ("LE MANS CEDEX 2", "LE MANS"),
        ("Annecy Cedex 03", "ANNECY"),
        ("Cedex", ""),
        ("L’Haÿ-les-Roses", "L HAY LES ROSES"),  # typographic apostrophe
        ("L'Haÿ-les-Roses", "L HAY LES ROSES"),
        ("Œuilly", "OEUILLY"),
        ("Saint‑Étienne – centre", "SAINT ETIENNE CENTRE"),  # non-breaking hyphen, en dash
        ("  Pont  de   Claix ", "PONT DE CLAIX"),
        ("ST. JEAN", "SAINT JEAN"),
        ("STADE", "STADE"),  # only whole words are abbreviations
    ],
)
def test_name_key(written: str, key: str) -> None:
    assert name_key(written) == key


@pytest.mark.parametrize(
    ("key", "bare"),
    [("LE PONT DE CLAIX", "PONT DE CLAIX"), ("LES MOLLETTES", "MOLLETTES"), ("L ESCALE", "ESCALE"), ("LA", "LA")],
)
def test_without_article(key: str, bare: str) -> None:
    assert without_article(key) == bare
    assert without_article(bare) == bare


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("MARSEILLE 11", "13055"),
        ("Marseille 1er Arrondissement", "13055"),
        ("MARSEILLE 16E", "13055"),
        ("LYON 3E", "69123"),
        ("Lyon 9ème", "69123"),
        ("PARIS 15E", "75056"),
        ("Paris 01", "75056"),
        ("PARIS 21E", None),  # Paris has 20 arrondissements
        ("LYON 10", None),
        ("MARSEILLE", None),
        ("MARSEILLE EN BEAUVAISIS", None),
    ],
)
def test_arrondissement_commune(written: str, code: str | None) -> None:
    assert arrondissement_commune(name_key(written)) == code


@pytest.mark.parametrize(
    ("value", "postal"),
    [
        (4600, "04600"),
        ("4600", "04600"),
        ("04600", "04600"),
        (1000.0, "01000"),
        ("13 500", "13500"),
        ("75\u00a0011", "75011"),
        (97150, "97150"),
        ("123", None),
        ("123456", None),
        ("F-75011", None),
        (4600.5, None),
        (None, None),
        (True, None),
        ("", None),
    ],
)
def test_normalize_postal_code(value: object, postal: str | None) -> None:
    assert normalize_postal_code(value) == postal


@pytest.mark.parametrize(
    ("postal", "deps"),
    [("20000", ("2A", "2B")), ("20600", ("2A", "2B")), ("97400", ("974",)), ("98800", ("988",)), ("01200", ("01",))],
)
def test_departements_of_postal_code(postal: str, deps: tuple[str, ...]) -> None:
    assert departements_of_postal_code(postal) == deps
