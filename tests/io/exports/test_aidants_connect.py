"""Aidants Connect structures: the real JSON of 2023 and the two shapes of the statistics CSV."""

import datetime as dt
import re
import unicodedata

from real_exports import DATA, accounted, raw_json

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import read_export
from afnor_ctin.model.enums import Certification, MediatorRole
from afnor_ctin.reference import communes, postal_entries

AC = "aidants-connect-2023.json"


def _words(value) -> str:
    """Upper case, no accents, one space between words, ST/STE spelt out (« St-Médard » → « SAINT MEDARD »)."""
    spelt = str(value).replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("’", " ")
    plain = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode().upper()
    words = re.sub(r"[^A-Z0-9]+", " ", plain).split()
    return " ".join({"ST": "SAINT", "STE": "SAINTE"}.get(w, w) for w in words)


def _digits(value) -> str:
    return "".join(c for c in str(value) if c.isdigit())


def test_real_json(real_file):
    raw = raw_json(real_file(AC))
    assert len(raw) == 3407
    assert len({r["Data pass ID"] for r in raw}) == 3363
    assert sum(int(_digits(r["Nombre de mandats"])) for r in raw) == 21891
    assert sum(int(_digits(r["Nombre d'usagers accompagnés"])) for r in raw) == 18711
    assert sum(r["Nombre d'agents formés"] for r in raw) == 9405
    assert all(r["commune"] == "" for r in raw)
    reading = read_export(real_file(AC))
    assert (reading.format, reading.generation) == ("aidants_connect", "json")
    accounted(reading)
    (count,) = reading.files
    assert count.read == 3407
    # a structure listed twice (Corsica under both départements) is merged
    assert 0 < count.merged <= 3407 - 3363
    # 2,511 structures get a place (1,108 of them by the only commune of their postal code named in the
    # structure's name); 860 have a postal code of several communes, an address and a name naming none:
    # kept without commune (their actor, aidants and counts), for the user to complete acteurs.csv
    without = [a for a in reading.annotations if a.kind == "commune_a_completer"]
    assert (len(reading.places), len(without), count.rejected) == (2511, 860, 3)
    assert count.imported == len(reading.places) + len(without)
    ambiguous = [i for i in reading.issues if i.code == "commune_ambigue"]
    assert len(ambiguous) == len(without)
    assert {i.severity for i in ambiguous} == {Severity.WARNING}
    notes = {int(re.search(r"\(ligne (\d+)\)", a.note)[1]): a.note for a in without}
    assert {i.line for i in ambiguous} == set(notes)
    served: dict[str, set[str]] = {}
    for entry in postal_entries():
        served.setdefault(entry.postal_code, set()).add(entry.code_insee)
    for issue in ambiguous:
        r = raw[issue.line - 1]
        listed = set(re.findall(r"\((\d[\dAB]\d{3})\)", issue.message))
        assert listed == served[f"{r['Code postal']:05d}"] & set(communes())  # by name and code
        assert all(f"{communes()[c].name} ({c})" in issue.message for c in listed)
        assert issue.message.endswith("complétez son code_insee dans acteurs.csv")
        reason, _, _ = issue.message.partition(" : structure importée")
        assert notes[issue.line].endswith(f"sans commune ni lieu : {reason}")  # annotations.csv lists them too
    # the 4 rows rejected: a CEDEX code unknown to La Poste's base and an address naming no commune
    errors = [i for i in reading.issues if i.severity is Severity.ERROR]
    assert [i.code for i in errors] == ["commune_introuvable"] * 3
    assert all(f"{raw[i.line - 1]['Code postal']:05d}" not in served for i in errors)
    # rows imported: neither rejected (an error on their line) nor a later copy of a structure already read
    rejected = {i.line for i in reading.issues if i.severity.value == "erreur"}
    seen: set[str] = set()
    imported = {}
    for line, r in enumerate(raw, start=1):
        key = _digits(r["Data pass ID"])
        if line in rejected or (key and key in seen):
            continue
        if key:
            seen.add(key)
        imported[line] = r
    assert len(imported) == count.imported
    assert len(reading.mediators) == sum(r["Nombre d'agents formés"] for r in imported.values())
    assert {m.role for m in reading.mediators} == {MediatorRole.AIDANT}
    assert all(m.certifications == (Certification.AIDANTS_CONNECT,) for m in reading.mediators)
    assert {m.start_date for m in reading.mediators} == {dt.date(2021, 3, 15)}
    for category, column in (("mandats", "Nombre de mandats"), ("usagers_accompagnes", "Nombre d'usagers accompagnés")):
        kept = sum(a.count for a in reading.aggregates if a.category == category)
        assert kept == sum(int(_digits(r[column])) for r in imported.values())
    first = {_digits(r["Data pass ID"]): r for r in imported.values() if _digits(r["Data pass ID"])}
    # postal codes read as JSON integers get their leading zero back; the commune is one the postal code serves
    places = {p.id: p for p in reading.places}
    for key, r in first.items():
        place = places.get(f"ac-{key}")
        if place is not None:
            postal = f"{r['Code postal']:05d}"
            if postal in served:
                assert place.code_insee in served[postal]
            else:  # a CEDEX code: the commune the address names, in the département
                assert communes()[place.code_insee].departement == postal[:2]
            if r["Code postal"] < 10000:
                assert place.code_insee.startswith("0")
    zero = [key for key, r in first.items() if r["Code postal"] < 10000 and f"ac-{key}" in places]
    assert len(zero) == 139
    # a commune found in the structure's name: one of the postal code's communes, written as whole words
    by_label = [i for i in reading.issues if i.code == "commune_par_nom_structure"]
    assert len(by_label) == 1108
    assert {i.severity for i in by_label} == {Severity.INFO}
    for issue in by_label:
        r = raw[issue.line - 1]
        code = re.search(r"\((\d[\dAB]\d{3})\) retenue", issue.message)[1]
        assert code in served[f"{r['Code postal']:05d}"]
        assert f" {_words(communes()[code].name)} " in f" {_words(r['Name'])} " or (
            f" {_words(communes()[code].name).split(' ', 1)[-1]} " in f" {_words(r['Name'])} "  # without its article
        )


def test_statistics_csv_both_shapes():
    new = read_export(DATA / "aidants_connect_statistiques.csv")
    old = read_export(DATA / "aidants_connect_statistiques_ancien.csv")
    assert (new.generation, old.generation) == ("statistiques", "statistiques-ancien")
    for reading in (new, old):
        accounted(reading)
    assert (new.files[0].imported, new.files[0].rejected) == (3, 1)
    assert {p.id for p in new.places} == {"ac-1201", "ac-1202"}  # ac-1203 is inactive
    inactive = {a.id for a in new.annotations if a.kind == "structure_inactive"}
    assert inactive == {"acteur-ac-1203"}
    assert "acteur-ac-1203" in {a.id for a in new.actors}
    assert not [m for m in new.mediators if m.id.startswith("med-ac-1203")]
    assert sorted(m.id for m in new.mediators) == [
        "med-ac-1201-1",
        "med-ac-1201-2",
        "med-ac-1201-3",
        "med-ac-1202-1",
        "med-ac-1202-2",
    ]
    demarches = {(a.id, a.category): a.count for a in new.aggregates if a.dimension == "demarche"}
    assert demarches[("siret-26170012700015", "Nombre de démarches Argent")] == 12
    assert demarches[("siret-26170012700015", "Nombre de mandats créés")] == 41
    assert {a.id for a in new.annotations if a.kind == "label_france_services"} == {"siret-21170200500013"}
    places = {p.id: p for p in new.places}
    assert places["ac-1202"].code_insee == "17200"  # City + Zip Code, no City Insee Code
    # older shape: « ; », TRUE/FALSE, addresses on several lines, « 1 094 » with a narrow no-break space
    counts = {(a.id, a.category): a.count for a in old.aggregates}
    assert counts[("siret-21170028500018", "Nombre de mandats créés")] == 1094
    assert {p.id for p in old.places} == {"ac-1201", "ac-1205"}
    assert {m.place_ids for m in old.mediators} == {("ac-1201",), ("ac-1205",)}
