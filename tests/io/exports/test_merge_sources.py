"""The same place in several files: merged by documented rules, reported, conflicts listed."""

import csv

from real_exports import DATA

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import import_files

HEADER = "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,source,date_maj,services\n"
FS_HEADER = (
    "id_fs,insee_dep,lib_fs,adresse,complement_adresse,insee_com,code_postal,lib_com,latitude,longitude,mail,"
    "telephone,h_lundi,h_mardi,h_mercredi,h_jeudi,h_vendredi,h_samedi,commentaire,itinerance,format_fs,groupe,"
    "labellisation\n"
)


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_same_siret_single_place_in_the_commune_is_one_place(tmp_path):
    a = _write(
        tmp_path / "hub.csv",
        HEADER + "h-1,21170300400017,Médiathèque Michel-Crépeau,La Rochelle,17000,17300,Av. Crépeau,,,Hub,"
        "2024-01-02,Aide aux démarches administratives\n",
    )
    b = _write(
        tmp_path / "coop.csv",
        HEADER + "c-9,21170300400017,Médiathèque M. Crépeau,La Rochelle,17000,17300,Av. Crépeau,,,Coop,"
        "2024-06-01,Accès internet et matériel informatique\n",
    )
    result = import_files([a, b])
    (place,) = result.dataset.places
    assert place.id == "h-1"
    assert {s.value for s in place.services} == {
        "aide_aux_demarches_administratives",
        "acces_internet_et_materiel_informatique",
    }
    assert place.updated_on.isoformat() == "2024-06-01"
    (merge,) = [m for m in result.merges if m.entity == "lieux"]
    assert (merge.kept, merge.merged, merge.rule, merge.kept_file, merge.merged_file) == (
        "h-1",
        "c-9",
        "siret_commune",
        "hub.csv",
        "coop.csv",
    )
    files = {f.file: f for f in result.files}
    assert (files["coop.csv"].imported, files["coop.csv"].merged) == (0, 1)
    (conflict,) = [i for i in result.issues if i.code == "conflit" and i.value == "c-9"]
    assert conflict.severity is Severity.WARNING
    assert "Médiathèque Michel-Crépeau" in conflict.message
    assert "Médiathèque M. Crépeau" in conflict.message


def test_one_siret_with_several_places_in_a_commune_is_not_merged_blindly(tmp_path):
    a = _write(
        tmp_path / "a.csv",
        HEADER
        + "a-1,21170300400017,Médiathèque Michel-Crépeau,La Rochelle,17000,17300,,,,A,2024-01-02,\n"
        + "a-2,21170300400017,Médiathèque de Villeneuve,La Rochelle,17000,17300,,,,A,2024-01-02,\n",
    )
    b = _write(tmp_path / "b.csv", HEADER + "b-1,21170300400017,Médiathèque,La Rochelle,17000,17300,,,,B,2024-01-02,\n")
    result = import_files([a, b])
    assert {p.id for p in result.dataset.places} == {"a-1", "a-2", "b-1"}
    assert not result.merges


def test_coordinates_within_50_m_and_similar_names_across_files(tmp_path):
    fs = _write(
        tmp_path / "fs.csv",
        FS_HEADER + '1,17,"France services de Lagord","1 place de l\'Église",,17200,17140,Lagord,46.18960,'
        '-1.15240,fs@example.org,05 46 00 00 00,,,,,,,"RDV au 05 46 00 00 00",Non,Site principal,,'
        '"Espace labellisé 01/01/2021"\n',
    )
    lieux = _write(
        tmp_path / "lieux.csv",
        HEADER
        + "L1,00000000000000,France Services Lagord,Lagord,17140,17200,1 place de l'Église,46.18975,-1.15230,Hub,"
        "2024-03-01,Aide aux démarches administratives\n"
        # 20 m away but another place: its name is not similar
        + "L2,00000000000000,Club de judo de Lagord,Lagord,17140,17200,,46.18970,-1.15250,Hub,2024-03-01,\n"
        # same name and spot but in another commune: never merged
        + "L3,00000000000000,France services de Lagord,Puilboreau,17138,17291,,46.18961,-1.15241,Hub,2024-03-01,\n",
    )
    result = import_files([fs, lieux], into=tmp_path / "jeu")
    ids = {p.id for p in result.dataset.places}
    assert ids == {"fs-1", "L2", "L3"}
    (merge,) = [m for m in result.merges if m.entity == "lieux"]
    assert (merge.kept, merge.merged, merge.rule) == ("fs-1", "L1", "coordonnees_nom")
    assert "m l'un de l'autre" in merge.note
    kept = result.dataset.place("fs-1")
    assert kept.actor_id == "acteur-fs-1"
    assert [s.value for s in kept.services] == ["aide_aux_demarches_administratives"]
    # L1's own actor (derived from the place) is left without a place: merged too, and said so
    actor_merges = [m for m in result.merges if m.entity == "acteurs"]
    assert [m.rule for m in actor_merges] == ["acteur_du_lieu_fusionne"]
    assert actor_merges[0].merged not in {a.id for a in result.dataset.actors}
    rows = list(csv.DictReader((tmp_path / "jeu" / "fusions.csv").open(encoding="utf-8")))
    assert {(r["entite"], r["conserve"], r["fusionne"], r["regle"]) for r in rows} == {
        ("lieux", "fs-1", "L1", "coordonnees_nom"),
        ("acteurs", "acteur-fs-1", actor_merges[0].merged, "acteur_du_lieu_fusionne"),
    }
    files = {f.file: f for f in result.files}
    assert (files["lieux.csv"].read, files["lieux.csv"].imported, files["lieux.csv"].merged) == (3, 2, 1)
    assert any("Fusions : 1 lieu(x)" in line for line in result.summary_lines())


def test_places_of_one_file_are_never_merged_with_each_other(tmp_path):
    same = _write(
        tmp_path / "one.csv",
        HEADER
        + "x-1,21170300400017,EPN du port,La Rochelle,17000,17300,,46.1560,-1.1520,A,2024-01-02,\n"
        + "x-2,21170300400017,EPN du port,La Rochelle,17000,17300,,46.1560,-1.1520,A,2024-01-02,\n",
    )
    result = import_files([same])
    assert {p.id for p in result.dataset.places} == {"x-1", "x-2"}
    assert not result.merges


def test_the_same_id_in_two_files_counts_as_merged(tmp_path):
    result = import_files([DATA / "lieux_v1.csv", DATA / "lieux_v1.csv"])
    first, second = result.files
    assert first.imported == 3
    assert (second.imported, second.merged, second.rejected) == (0, 3, 1)
    assert {m.rule for m in result.merges} == {"meme_identifiant"}


def test_a_row_counts_by_its_main_record_not_by_a_shared_actor(tmp_path):
    """An Aidants Connect structure of a SIRET already read from another file still adds its place."""
    aidants = _write(
        tmp_path / "ac.csv",
        "Name,ID,Is Active,City Insee Code,Zip Code,Siret,City,Nombre d'aidants\n"
        "Mairie de La Rochelle,77,True,17300,17000,21170300400017,La Rochelle,2\n"
        "Mairie de La Rochelle (ancienne habilitation),78,False,17300,17000,21170300400017,La Rochelle,0\n",
    )
    result = import_files([DATA / "conseillers_numeriques.csv", aidants])
    files = {f.file: f for f in result.files}
    # the active structure adds its place (imported); the inactive one adds nothing but counts (merged)
    assert (files["ac.csv"].imported, files["ac.csv"].merged, files["ac.csv"].rejected) == (1, 1, 0)
    assert "ac-77" in {p.id for p in result.dataset.places}
    assert {m.actor_id for m in result.dataset.mediators if m.id.startswith("med-ac-77")} == {"siret-21170300400017"}
