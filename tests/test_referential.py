"""The referential as data: reading, writing, checking, and evaluations that follow it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin import (
    REFERENTIAL,
    InvalidInputError,
    Period,
    Provenance,
    Referential,
    ReferentialEntry,
    catalog,
    evaluate,
    evaluate_series,
    evaluate_territories,
)
from afnor_ctin.catalog import BUILTIN
from afnor_ctin.evaluate import plan
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example

HEAD = '[referentiel]\nid = "essai"\nrevision = 3\ntitre = "Référentiel d\'essai"\n'


def test_the_bundled_referential_describes_every_builtin_indicator():
    ref = Referential.default()
    assert ref is REFERENTIAL
    assert (ref.id, ref.revision) == ("ctin-2021-reconstructed", 1)
    assert ref.title
    assert list(ref.indicators) == list(BUILTIN)
    for code, entry in ref.indicators.items():
        assert entry.enabled
        assert entry.label == BUILTIN[code].templates["label"]
        assert entry.provenance is BUILTIN[code].provenance
    assert catalog.check(ref) is ref
    doc = tomllib.loads(Referential.default_toml())
    assert doc["indicateurs"]["I07"]["parametres"] == {"seuil_ifn": 7.0}


def test_to_toml_round_trips_and_is_written_by_tomli_w():
    ref = Referential.default()
    text = ref.to_toml()
    assert Referential.from_toml(text) == ref
    assert tomllib.loads(text) == tomllib.loads(tomli_w.dumps(tomllib.loads(text)))


_codes = st.sampled_from(list(BUILTIN))
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
_values = st.one_of(st.integers(-1000, 1000), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), _texts)


@given(
    ident=_texts,
    revision=st.integers(1, 99),
    title=_texts,
    entries=st.dictionaries(
        _codes,
        st.builds(
            dict,
            enabled=st.booleans(),
            label=st.none() | _texts,
            provenance=st.none() | st.sampled_from(list(Provenance)),
            parameters=st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), _values, max_size=3),
        ),
        max_size=4,
    ),
)
def test_any_referential_round_trips_through_toml(ident, revision, title, entries):
    ref = Referential(
        id=ident,
        revision=revision,
        title=title,
        indicators={code: ReferentialEntry(code=code, **fields) for code, fields in entries.items()},
    )
    assert Referential.from_toml(ref.to_toml()) == ref


def test_from_file_names_the_file_and_reads_utf8_with_bom(tmp_path: Path):
    path = tmp_path / "mon-referentiel.toml"
    path.write_bytes(("\ufeff" + HEAD + "[indicateurs.I07.parametres]\nseuil_ifn = 6\n").encode("utf-8"))
    ref = Referential.from_file(path)
    assert ref.source == str(path)
    assert ref.entry("i07").parameters == {"seuil_ifn": 6}
    with pytest.raises(InvalidInputError, match="introuvable"):
        Referential.from_file(tmp_path / "absent.toml")
    with pytest.raises(InvalidInputError, match="pas un dossier"):
        Referential.from_file(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(HEAD.replace("Référentiel", "R\xe9f").encode("latin-1"))
    with pytest.raises(InvalidInputError, match="UTF-8"):
        Referential.from_file(latin)


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        ("", "referentiel", "manquante"),
        ('[referentiel]\nid = "x"\ntitre = "t"\n', "referentiel.revision", "obligatoire"),
        ('[referentiel]\nid = ""\nrevision = 1\ntitre = "t"\n', "referentiel.id", "texte non vide"),
        ('[referentiel]\nid = "x"\nrevision = 0\ntitre = "t"\n', "referentiel.revision", "entier ≥ 1"),
        ('[referentiel]\nid = "x"\nrevision = true\ntitre = "t"\n', "referentiel.revision", "entier ≥ 1"),
        (HEAD + "auteur = 'moi'\n", "referentiel.auteur", "clé inconnue"),
        (HEAD + "[autre]\n", "autre", "clé inconnue"),
        (HEAD + "[indicateurs.I07]\nseuil_ifn = 6\n", "indicateurs.I07.seuil_ifn", "clé inconnue"),
        (HEAD + '[indicateurs.I07]\nprovenance = "officielle"\n', "indicateurs.I07.provenance", "named"),
        (HEAD + "[indicateurs.I07]\nlibelle = 3\n", "indicateurs.I07.libelle", "texte"),
        (HEAD + "[indicateurs.I07.parametres.seuil_ifn]\nx = 1\n", "indicateurs.I07.parametres.seuil_ifn", "nombre"),
        (HEAD + "indicateurs = 3\n", "referentiel.indicateurs", "clé inconnue"),
    ],
)
def test_layout_errors_name_the_key(body, key, message):
    with pytest.raises(InvalidInputError) as raised:
        Referential.from_toml(body, source="essai.toml")
    text = str(raised.value)
    assert f"clé « {key} »" in text
    assert message in text
    assert "essai.toml" in text


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        ("[indicateurs.I42]\nactif = true\n", "indicateurs.I42", "indicateur inconnu"),
        ("[indicateurs.I07.parametres]\nseuil = 6\n", "indicateurs.I07.parametres.seuil", "paramètre inconnu"),
        ("[indicateurs.I04.parametres]\nseuil_ifn = 6\n", "indicateurs.I04.parametres.seuil_ifn", "aucun"),
        ('[indicateurs.I07.parametres]\nseuil_ifn = "6"\n', "indicateurs.I07.parametres.seuil_ifn", "nombre attendu"),
        ("[indicateurs.I07.parametres]\nseuil_ifn = 10.5\n", "indicateurs.I07.parametres.seuil_ifn", "de 0 à 10"),
        ("[indicateurs.I03.parametres]\nfenetre_actifs_mois = 2.5\n", "fenetre_actifs_mois", "nombre entier"),
        ("[indicateurs.I03.parametres]\nfenetre_actifs_mois = true\n", "fenetre_actifs_mois", "nombre entier"),
    ],
)
def test_catalogue_errors_name_the_key_and_the_file(body, key, message):
    ref = Referential.from_toml(HEAD + body, source="essai.toml")
    checks = (lambda: catalog.check(ref), lambda: evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, referential=ref))
    for check in checks:
        with pytest.raises(InvalidInputError) as raised:
            check()
        text = str(raised.value)
        assert key in text
        assert message in text
        assert "essai.toml" in text


def test_evaluation_follows_the_referential():
    ref = Referential.from_toml(
        HEAD
        + '[indicateurs.I07]\nlibelle = "Communes fragiles (IFN ≥ {seuil_ifn})"\nprovenance = "named"\n'
        + "[indicateurs.I07.parametres]\nseuil_ifn = 7.8\n"
        + "[indicateurs.I05]\nactif = false\n"
    )
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, referential=ref)
    assert [r.code for r in report] == [c for c in catalog.codes() if c != "I05"]
    assert report["I07"].label == "Communes fragiles (IFN ≥ 7,8)"
    assert report["I07"].components["communes_fragiles"] == 1
    assert report.referential.id == "essai"
    doc = report.to_dict()["referential"]
    assert (doc["id"], doc["revision"], doc["title"]) == ("essai", 3, "Référentiel d'essai")
    assert doc["parameters"]["I07"] == {"seuil_ifn": 7.8}
    assert doc["parameters"]["I01"] == {"fraicheur_a_jour_mois": 12.0, "fraicheur_a_verifier_mois": 18.0}
    assert plan(["I07"], ref).specs[0].provenance is Provenance.NAMED
    with pytest.raises(InvalidInputError, match="écarté"):
        evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, referential=ref, indicators=["I05"])


def test_keyword_parameters_override_the_referential_and_the_report_says_so():
    ref = Referential.from_toml(HEAD + "[indicateurs.I07.parametres]\nseuil_ifn = 7.8\n")
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, referential=ref, indicators=["I07"], ifn_threshold=9)
    assert report["I07"].value is None
    assert report.to_dict()["referential"]["parameters"] == {"I07": {"seuil_ifn": 9.0}}
    assert report.referential.entry("I07").parameters == {"seuil_ifn": 9.0}


def test_series_and_territories_follow_the_referential():
    ref = Referential.from_toml(HEAD + "[indicateurs.I07.parametres]\nseuil_ifn = 7.8\n")
    ds = worked_example()
    series = evaluate_series(ds, list(Period.year(2024).quarters()), indicators=["I07"], referential=ref)
    assert {r.referential.id for r in series} == {"essai"}
    assert {r["I07"].components["seuil_ifn"] for r in series} == {7.8}
    many = evaluate_territories(ds, WORKED_EXAMPLE_PERIOD, [ds.territory], indicators=["I07"], referential=ref)
    assert many["EX001"]["I07"].components["communes_fragiles"] == 1
    assert many["EX001"].referential.id == "essai"


def test_a_referential_that_says_nothing_changes_nothing():
    empty = Referential.from_toml(HEAD)
    ds = worked_example()
    default = evaluate(ds, WORKED_EXAMPLE_PERIOD).to_dict()
    followed = evaluate(ds, WORKED_EXAMPLE_PERIOD, referential=empty).to_dict()
    assert followed["indicators"] == default["indicators"]
    assert followed["referential"]["parameters"] == default["referential"]["parameters"]
