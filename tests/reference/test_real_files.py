"""Commune resolution on the commune fields of real published files (``tests/data/real/``).

Targets: at most 1 % of the rows that say where they are left without a commune, and no row resolved
to a commune other than the one written: the file's own INSEE code where it has one, else the written
name (normalised here, independently of the library), else one of the reviewed differences listed below.
"""

import csv
import json
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from afnor_ctin.reference import (
    Resolution,
    Rule,
    Unresolved,
    communes,
    former_communes,
    postal_entries,
    resolve_commune,
)

REAL = Path(__file__).parent.parent / "data" / "real"
PACA = "20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"
CITIES = {"PARIS": "75056", "MARSEILLE": "13055", "LYON": "69123"}


def key(text: str) -> str:
    """Upper case, no accents, words only, ``ST``/``STE`` spelt out, no ``CEDEX …``, no leading article."""
    text = text.replace("’", "'").replace("Œ", "OE").replace("œ", "oe")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    words = re.sub(r"[^A-Z0-9]+", " ", text).split()
    if "CEDEX" in words:
        words = words[: words.index("CEDEX")]
    words = [{"ST": "SAINT", "STE": "SAINTE"}.get(w, w) for w in words]
    if len(words) > 1 and words[0] in ("LE", "LA", "LES", "L"):
        words = words[1:]
    return " ".join(words)


#: Written names that legitimately differ from the COG name of the commune found, each reviewed:
#: (key of the written name, code found) -> why.
REVIEWED_NAMES = {
    # Hinaura (Auvergne-Rhône-Alpes, 2022)
    ("CHAMONIX", "74056"): "short name of Chamonix-Mont-Blanc, only commune of 74400",
    ("CRAN GEVRIER", "74010"): "former commune, merged into Annecy in 2017",
    ("CRAN GEVRIER ANNECY", "74010"): "former commune and its commune nouvelle, only commune of 74960",
    ("MEYTHET", "74010"): "former commune, merged into Annecy in 2017",
    ("MEYTHET ANNECY", "74010"): "former commune and its commune nouvelle, only commune of 74960",
    ("SEYNOD", "74010"): "former commune, merged into Annecy in 2017",
    ("ANNECY LE VIEUX", "74010"): "Annecy-le-Vieux, former commune, merged into Annecy in 2017",
    ("PRINGY", "74010"): "former commune, merged into Annecy in 2017",
    ("ROCHETTE", "73215"): "La Rochette, former commune, merged into Valgelon-La Rochette in 2019",
    ("OULLINS", "69149"): "former commune, merged into Oullins-Pierre-Bénite in 2024",
    ("PIERRE BENITE", "69149"): "former commune, merged into Oullins-Pierre-Bénite in 2024",
    ("TALLOIRES", "74275"): "former commune, merged into Talloires-Montmin in 2016",
    ("ENTREMONT", "74212"): "former commune, merged into Glières-Val-de-Borne in 2019",
    ("SAINT DONAT SUR LHERBASSE", "26301"): "Saint-Donat-sur-l'Herbasse without its apostrophe; point inside",
    ("SCIEZ SUR LEMAN", "74263"): "usual name of Sciez; point inside",
    ("ARDES SUR COUZE", "63009"): "usual name of Ardes; point inside",
    ("SAINT GERVAIS", "74236"): "short name of Saint-Gervais-les-Bains; point inside",
    ("VOREY SUR ARZON", "43267"): "usual name of Vorey; point inside",
    ("MOLETTES", "73159"): "Les Mollettes misspelt; point inside",
    ("LORIOL", "26166"): "short name of Loriol-sur-Drôme; point inside",
    ("LIVRON", "26165"): "short name of Livron-sur-Drôme, only commune of 26250",
    # Hub du Sud (PACA, 2023)
    ("SAINT AUBAN", "04049"): "former commune, La Poste's ligne 5 of Château-Arnoux-Saint-Auban",
    ("VALBERG", "06094"): "ski resort of Péone, La Poste's ligne 5",
    ("PLAN DU VAR", "06075"): "hamlet of Levens, La Poste's ligne 5",
    ("PUYRICARD", "13001"): "village of Aix-en-Provence, La Poste's ligne 5",
    ("MILLES", "13001"): "Les Milles, village of Aix-en-Provence, La Poste's ligne 5",
    ("AIX LA DURANNE", "13001"): "Aix-la-Duranne, district of Aix-en-Provence; point inside",
    ("MONTFAVET", "84007"): "district of Avignon, La Poste's ligne 5",
    ("MOULES", "13004"): "hamlet of Arles, La Poste's ligne 5",
    ("CANNES LA BOCCA", "06029"): "Cannes La Bocca, district of Cannes, La Poste's ligne 5",
    ("SEYNES SUR MER", "83126"): "La Seyne-sur-Mer misspelt, only commune of 83500",
    ("SAINT CHRISTOL D ALBION", "84107"): "usual name of Saint-Christol; point inside",
    ("TOURETTES SUR LOUP", "06148"): "Tourrettes-sur-Loup misspelt; point inside",
    ("PONT DU LOUP", "06148"): "hamlet whose mairie annexe belongs to Tourrettes-sur-Loup (06140); point 133 m away",
    ("LUC EN PROVENCE", "83073"): "usual name of Le Luc; point inside",
    ("7E ARRONDISSEMENT", "13055"): "arrondissement written without its city, only commune of 13007",
    ("06370", "06084"): "postal code written as the commune, only commune of 06370",
}

#: Rows whose INSEE code was not kept, each reviewed: (file, row id) -> (code written, code found, why).
REVIEWED_CODES = {
    ("france_services", "1696"): (
        "17346",
        "17449",
        "« Antenne de Saint Hippolyte » written Tonnay-Charente, at 20 avenue du Général de Gaulle in "
        "Tonnay-Charente (the address of row 590) and located there: the code of Saint-Hippolyte is wrong",
    ),
}


@cache
def former_to_current() -> dict[str, str]:
    """Former codes and arrondissements of the bundled COG history -> current code (data, not logic)."""
    return {f.code: f.current_code for f in former_communes() if f.code not in communes()}


def current(code: str) -> str:
    return former_to_current().get(code, code)


def name_agrees(written: str, code: str) -> bool:
    if key(written) == key(communes()[code].name):
        return True
    city = re.match(r"^(PARIS|MARSEILLE|LYON) \d", key(written))
    return city is not None and CITIES[city.group(1)] == code


def lieux_rows(path: Path) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "code": r.get("code_insee"),
            "name": r.get("commune"),
            "postal_code": r.get("code_postal"),
            "latitude": r.get("latitude"),
            "longitude": r.get("longitude"),
        }
        for r in json.loads(path.read_text(encoding="utf-8"))
    ]


def france_services_rows() -> list[dict[str, Any]]:
    with (REAL / "france-services-2022" / "liste-fs-20221201.csv").open(encoding="utf-8", newline="") as f:
        return [
            {
                "id": r["id_fs"],
                "code": r["insee_com"],
                "name": r["lib_com"],
                "postal_code": r["code_postal"],
                "latitude": r["latitude"],
                "longitude": r["longitude"],
            }
            for r in csv.DictReader(f)
        ]


FILES = {
    "hinaura": lambda: lieux_rows(REAL / "lieux-v0-hinaura-2022" / "source.json"),
    "paca_v0": lambda: lieux_rows(REAL / "lieux-paca-2023" / "v0" / PACA),
    "paca_v1": lambda: lieux_rows(REAL / "lieux-paca-2023" / "v1" / PACA),
    "france_services": france_services_rows,
}


def resolve(row: dict[str, Any]) -> Resolution:
    return resolve_commune(**{k: v for k, v in row.items() if k != "id"})


def says_where(row: dict[str, Any]) -> bool:
    return any(row[k] not in (None, "") for k in ("code", "name", "postal_code", "latitude", "longitude"))


@pytest.mark.parametrize("file", list(FILES))
def test_real_file_rows_get_their_commune(file: str) -> None:
    rows = FILES[file]()
    results = [(row, resolve(row)) for row in rows]
    located = [(row, r) for row, r in results if says_where(row)]
    in_scope = [(row, r) for row, r in located if r.failure is not Unresolved.OUTSIDE_COG]
    left = [(row, r.message) for row, r in in_scope if not r.resolved]
    assert len(left) <= 0.01 * len(in_scope), left[:20]
    for row, r in results:
        if not says_where(row):
            assert r.failure is Unresolved.NO_INPUT
        if r.failure is Unresolved.OUTSIDE_COG:  # Saint-Martin (97150), a collectivité d'outre-mer
            assert (row["code"], row["postal_code"]) == ("97801", "97150")


@pytest.mark.parametrize("file", list(FILES))
def test_no_row_is_placed_in_a_commune_it_does_not_name(file: str) -> None:
    wrong = []
    for row in FILES[file]():
        found = resolve(row)
        if found.code_insee is None:
            continue
        if row["code"] and re.fullmatch(r"\d[\dAB]\d{3}", row["code"]):
            expected = current(row["code"])
            if found.code_insee != expected:
                review = REVIEWED_CODES.get((file, row["id"]))
                if review is None or review[:2] != (row["code"], found.code_insee):
                    wrong.append((row, found.message))
                assert found.warnings, found  # overriding a written code is always said
        elif (
            not name_agrees(row["name"], found.code_insee)
            and (key(row["name"]), found.code_insee) not in REVIEWED_NAMES
        ):
            wrong.append((row, found.message))
    assert wrong == []


def test_the_reviewed_differences_all_occur() -> None:
    seen = set()
    for file in ("hinaura", "paca_v0"):
        for row in FILES[file]():
            found = resolve(row)
            if found.code_insee is not None and not row["code"]:
                seen.add((key(row["name"]), found.code_insee))
    assert set(REVIEWED_NAMES) <= seen


def test_paca_codes_are_those_of_the_file() -> None:
    rows = [row for row in FILES["paca_v0"]() if row["code"]]
    assert len(rows) == 17
    assert all(resolve(row).code_insee == current(row["code"]) for row in rows)


def test_france_services_accounting() -> None:
    results = [(row, resolve(row)) for row in france_services_rows()]
    causes = Counter(r.failure for _, r in results if not r.resolved)
    assert causes == {Unresolved.NO_INPUT: 26, Unresolved.OUTSIDE_COG: 2}
    rules = Counter(r.rule for _, r in results if r.resolved)
    assert rules[Rule.CODE] > 2600
    # 93059 Pierrefitte-sur-Seine (twice), now Saint-Denis; 49069 Champtoceaux, chef-lieu moved within Orée d'Anjou
    assert rules[Rule.FORMER_CODE] == 3
    assert rules[Rule.ARRONDISSEMENT] == 24  # Paris, Lyon and Marseille arrondissement codes


def aidants_connect_rows() -> list[dict[str, Any]]:
    return json.loads((REAL / "aidants-connect-2023" / "aidants-connect.json").read_text(encoding="utf-8"))


def test_aidants_connect_postal_codes_given_as_numbers() -> None:
    """The file has no commune field: a postal code (a JSON integer) and an address."""
    served: dict[str, set[str]] = {}
    for entry in postal_entries():
        served.setdefault(entry.postal_code, set()).add(entry.code_insee)
    rows = aidants_connect_rows()
    assert all(r["commune"] == "" for r in rows)
    counts: Counter[str] = Counter()
    for r in rows:
        postal = f"{r['Code postal']:05d}" if isinstance(r["Code postal"], int) else str(r["Code postal"])
        found = resolve_commune(name=r["commune"], postal_code=r["Code postal"], address=r["Adresse"], label=r["Name"])
        communes_of_postal = served.get(postal, set())
        counts[found.rule.value if found.rule else found.failure.value if found.failure else "?"] += 1
        if len(communes_of_postal) == 1:
            assert found.code_insee in communes_of_postal
        elif found.rule is Rule.ADDRESS:
            assert found.code_insee is not None
            last = re.split(r"[,;\n]|\s[-–]\s|\d{5}", r["Adresse"])[-1]
            last = re.sub(r"\b(?:BP|CS|TSA)\s*\d+\b", " ", last)  # a postal box number is no part of the name
            assert key(last) == key(communes()[found.code_insee].name)
            if communes_of_postal:
                assert found.code_insee in communes_of_postal
            else:  # a CEDEX postal code: the commune of the address in its département
                assert communes()[found.code_insee].departement == postal[:2]
        elif found.rule is Rule.LABEL:  # the structure's name names one of the postal code's communes
            assert found.code_insee in communes_of_postal
            assert f" {key(communes()[found.code_insee].name)} " in f" {key(r['Name'])} " or (
                f" {key(communes()[found.code_insee].name).split(' ', 1)[-1]} " in f" {key(r['Name'])} "
            )
        elif communes_of_postal:
            assert found.failure is Unresolved.AMBIGUOUS
            assert set(found.candidates) == communes_of_postal
        else:
            assert found.failure is Unresolved.NOT_FOUND
    # 1,236 rows have a postal code of a single commune; 172 name theirs at the end of the address, 1,124
    # in the structure's name; the other rows give only a postal code shared by several communes, an address
    # and a name that name none of them: no rule can tell which one.
    assert counts[Rule.ONLY_COMMUNE_OF_POSTAL_CODE.value] == 1236
    assert counts[Rule.ADDRESS.value] >= 170
    assert counts[Rule.LABEL.value] >= 1100
    assert counts[Unresolved.AMBIGUOUS.value] + counts[Unresolved.NOT_FOUND.value] <= 900
