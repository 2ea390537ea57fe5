"""The commune of every row of the real files, as the importers find it (through ``resolve_commune``).

Targets: at most 1 % of the rows that say where they are rejected or left without a commune (the rows
with no location at all are counted exactly), and no row placed in a commune other than the one
written: the file's own INSEE code where it has one (codes of the COG history followed to the current
commune), else a name of the commune found in the reference tables (COG, La Poste, history, compared
with a normalisation written here), else the file's own coordinates inside the commune found and a
warning ``commune_a_verifier`` on the row.
"""

import re
import unicodedata
from collections import Counter
from functools import cache

import pytest
from real_exports import accounted, raw_csv, raw_json

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import read_export
from afnor_ctin.reference import communes, former_communes, geometry, postal_entries

LIEUX = {
    "hinaura": "lieux-hinaura-2022-v0.json",
    "paca_v0": "lieux-paca-2023-v0.json",
    "paca_v1": "lieux-paca-2023-v1.json",
}
FS = "france-services-2022.csv"
#: How far [m] the written coordinates may lie from the simplified outline of the commune found.
NEAR_M = 500.0
CITIES = {"PARIS": "75056", "MARSEILLE": "13055", "LYON": "69123"}


def plain(name: str) -> str:
    """Upper-case words without accents; ``ST``/``STE`` spelt out; no ``CEDEX …``; no leading article."""
    spaced = re.sub(r"[\W_]+", " ", name.replace("œ", "oe").replace("Œ", "OE"))
    words = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().upper().split()
    words = words[: words.index("CEDEX")] if "CEDEX" in words else words
    words = [{"ST": "SAINT", "STE": "SAINTE"}.get(w, w) for w in words]
    return " ".join(words[1:] if len(words) > 1 and words[0] in {"LE", "LA", "LES", "L"} else words)


@cache
def names_of() -> dict[str, set[str]]:
    """Every name the reference tables give a current commune: COG, La Poste's labels and ligne 5, history."""
    names: dict[str, set[str]] = {code: {plain(c.name)} for code, c in communes().items()}
    for e in postal_entries():
        if e.code_insee in names:
            names[e.code_insee] |= {plain(n) for n in (e.commune_name, e.routing_label, e.line_5) if n}
    for f in former_communes():
        names[f.current_code].add(plain(f.name))
    return names


@cache
def current() -> dict[str, str]:
    """Former and arrondissement codes of the COG history → current code (data of the tables)."""
    return {f.code: f.current_code for f in former_communes() if f.code not in communes()}


def names_commune(written: str, code: str) -> bool:
    """Whether ``written`` is a name of commune ``code``, or one of its arrondissements (« MARSEILLE 11 »)."""
    key = plain(written)
    city = re.match(r"^(PARIS|MARSEILLE|LYON) \d", key)
    return key in names_of()[code] or (city is not None and CITIES[city[1]] == code)


def doubted_lines(reading) -> set[int]:
    return {i.line for i in reading.issues if i.code == "commune_a_verifier" and i.severity is Severity.WARNING}


def check_places(reading, raw: dict[str, dict], code_key: str, name_key: str) -> tuple[list, list]:
    """``(overridden codes, names differing)``; fails on a row placed in a commune it does not designate."""
    lines, doubted = reading.origins["lieux"], doubted_lines(reading)
    overridden, differing = [], []
    for place in reading.places:
        row, line = raw[place.id], lines[place.id]
        written = str(row.get(code_key) or "")
        if re.fullmatch(r"\d[\dAB]\d{3}", written):
            if place.code_insee != current().get(written, written):
                assert line in doubted, (row, place)  # overriding a written code is always said
                overridden.append((written, place.code_insee))
            continue
        if names_commune(row[name_key], place.code_insee):
            continue
        distance = geometry.distance_to_commune(place.code_insee, float(row["longitude"]), float(row["latitude"]))
        assert distance is not None, (row, place)
        assert distance <= NEAR_M, (row, place, distance)
        assert line in doubted, (row, place)
        differing.append((plain(row[name_key]), place.code_insee))
    return overridden, differing


@pytest.mark.parametrize(("file", "differing"), [("hinaura", 12), ("paca_v0", 8), ("paca_v1", 8)])
def test_lieux_rows_all_get_the_commune_they_name(real_file, file, differing):
    path = real_file(LIEUX[file])
    raw = {r["id"]: r for r in raw_json(path)}
    reading = read_export(path)
    accounted(reading)
    (count,) = reading.files
    assert count.rejected == 0 <= 0.01 * count.read  # was 45 (Hinaura) and 56 (PACA) with the former lookup
    assert len(reading.places) == len(raw)
    overridden, names = check_places(reading, raw, "code_insee", "commune")
    assert overridden == []
    assert len(names) == differing  # short or usual names, misspellings: the point is inside, the row warned
    assert ("SAINT AUBAN", "04049") not in names  # a former commune is a name of its commune nouvelle


def test_lieux_fallbacks_name_their_rule(real_file):
    reading = read_export(real_file(LIEUX["paca_v0"]))
    rules = Counter(i.code for i in reading.issues if i.severity is Severity.INFO and i.code.startswith("commune"))
    assert rules == {
        "commune_par_code_postal_nom": 577,
        "commune_par_arrondissement": 33,
        "commune_par_nom_departement": 11,
        "commune_par_coordonnees": 6,
        "commune_unique_code_postal": 3,
    }
    (auban,) = [i for i in reading.issues if i.value == "SAINT AUBAN 04600"]
    assert auban.code == "commune_par_code_postal_nom"
    assert auban.message.startswith("commune Château-Arnoux-Saint-Auban (04049) retenue : nom trouvé pour ce code")
    assert auban.message.endswith("« SAINT AUBAN » trouvé en ligne 5 du code postal 04600")


def test_france_services_rows_keep_their_code(real_file):
    rows = raw_csv(real_file(FS))
    raw = {f"fs-{r['id_fs']}": r for r in rows}
    reading = read_export(real_file(FS))
    accounted(reading)
    (count,) = reading.files
    empty = [r for r in rows if not any(r[k] for k in ("insee_com", "lib_com", "code_postal", "latitude"))]
    assert len(empty) == 26
    errors = Counter(i.code for i in reading.issues if i.severity is Severity.ERROR)
    assert errors == {"commune_non_renseignee": 26, "commune_hors_cog": 2}  # Saint-Martin (97150) twice
    assert count.rejected == 28
    assert count.rejected - len(empty) <= 0.01 * (count.read - len(empty))
    outside = [i for i in reading.issues if i.code == "commune_hors_cog"]
    assert all(i.value.startswith("97801 ") and " 97150" in i.value for i in outside)
    assert {"collectivité d'outre-mer (Saint-Martin)" in i.message for i in outside} == {True}
    overridden, names = check_places(reading, raw, "insee_com", "lib_com")
    # « Antenne de Saint Hippolyte »: code of Saint-Hippolyte, written Tonnay-Charente and located there
    assert overridden == [("17346", "17449")]
    assert names == []
    rules = Counter(i.code for i in reading.issues if i.severity is Severity.INFO and i.code.startswith("commune"))
    assert rules == {"commune_par_arrondissement": 24, "commune_ancienne": 3, "commune_par_code_postal_nom": 2}
    (hippolyte,) = [i for i in reading.issues if i.code == "commune_a_verifier" and "17346" in i.message]
    assert "contredit le nom « TONNAY CHARENTE »" in hippolyte.message
    assert "Tonnay-Charente (17449) retenue" in hippolyte.message
