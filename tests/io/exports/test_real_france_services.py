"""The ANCT list of France Services on the real file (1 Dec 2022)."""

from collections import Counter

from real_exports import accounted, raw_csv

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import read_export
from afnor_ctin.model.enums import ActorType
from afnor_ctin.model.records import normalize_insee

FS = "france-services-2022.csv"


def test_one_place_per_site_and_every_row_accounted(real_file):
    raw = raw_csv(real_file(FS))
    assert len(raw) == 2683 == len({r["id_fs"] for r in raw})
    reading = read_export(real_file(FS))
    assert (reading.format, reading.generation) == ("france_services", "csv")
    accounted(reading)
    (count,) = reading.files
    without = [r for r in raw if not (r["insee_com"] or r["lib_com"] or r["code_postal"])]
    assert len(without) == 26
    # the rows without any location, and the two sites of Saint-Martin, outside the COG
    saint_martin = [r for r in raw if r["insee_com"] == "97801"]
    assert count.rejected == len(without) + len(saint_martin) == 28
    errors = Counter((i.code, i.message) for i in reading.issues if i.severity is Severity.ERROR)
    empty = "ni code INSEE, ni nom, ni code postal, ni coordonnées exploitables"
    assert errors[("commune_non_renseignee", empty)] == 26
    assert sum(n for (code, _), n in errors.items() if code == "commune_hors_cog") == 2
    assert count.imported == len(reading.places) == 2683 - count.rejected
    places = {p.id: p for p in reading.places}
    # former codes (Pierrefitte-sur-Seine, Champtoceaux) and the code of « Antenne de Saint Hippolyte », which
    # contradicts its commune: see test_real_communes
    replaced = {r["id_fs"] for r in raw if r["insee_com"] in {"93059", "49069"}} | {"1696"}
    assert len(replaced) == 4
    for r in raw:
        place = places.get(f"fs-{r['id_fs']}")
        if place is None:
            continue
        assert place.name == r["lib_fs"].strip()
        if len(r["insee_com"]) == 5 and r["insee_com"].isdigit() and r["id_fs"] not in replaced:
            assert place.code_insee == normalize_insee(r["insee_com"])  # arrondissements → commune
        assert place.itinerant == (r["itinerance"] == "Oui")
        assert (place.opening_date is not None) == bool(r["labellisation"])
    assert places["fs-2004"].code_insee == "48148"  # insee_com « 0null »: lib_com + code_postal
    itinerant = {r["id_fs"] for r in raw if r["itinerance"] == "Oui"}
    assert len(itinerant) == 288
    assert sum(p.itinerant for p in reading.places) == len(itinerant - {r["id_fs"] for r in without + saint_martin})


def test_antennas_belong_to_their_main_site_when_identifiable(real_file):
    raw = {f"fs-{r['id_fs']}": r for r in raw_csv(real_file(FS))}
    reading = read_export(real_file(FS))
    places = {p.id: p for p in reading.places}
    actors = {a.id: a for a in reading.actors}
    assert all(a.type is ActorType.RFS for a in actors.values())
    antennas = [pid for pid in places if raw[pid]["format_fs"] == "Antenne"]
    attached = {a.id: a.note for a in reading.annotations if a.kind == "antenne_de"}
    alone = {a.id for a in reading.annotations if a.kind == "antenne_sans_site_principal"}
    assert set(attached) | alone == set(antennas)
    assert not set(attached) & alone
    assert len(attached) == sum(1 for i in reading.issues if i.code == "antenne_rattachee") > 50
    for pid, main in attached.items():
        assert raw[main]["format_fs"] == "Site principal"
        assert places[pid].actor_id == places[main].actor_id == f"acteur-fs-{raw[main]['id_fs']}"
        assert raw[main]["insee_dep"] == raw[pid]["insee_dep"]
    assert places["fs-99"].actor_id == places["fs-103"].actor_id  # « France services de Murat - Antenne de … »
    # one actor per main site and per antenna left alone
    mains = [pid for pid in places if raw[pid]["format_fs"] != "Antenne"]
    assert len(actors) == len(mains) + len(alone)


def test_contact_columns_are_never_read(real_file):
    raw = raw_csv(real_file(FS))
    reading = read_export(real_file(FS))
    texts = repr(reading)
    for r in raw[:300]:
        for column in ("mail", "telephone", "commentaire"):
            if len(r[column]) > 6:
                assert r[column] not in texts
