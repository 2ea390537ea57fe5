"""Commune resolution, rule by rule, on values seen in real files."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin.reference import Resolution, Rule, Unresolved, communes, postal_entries, resolve_commune


def _check(found: Resolution, code: str, rule: Rule) -> None:
    assert (found.code_insee, found.rule) == (code, rule), found.message
    assert found.name == communes()[code].name
    assert found.failure is None
    assert 0 < found.confidence <= 1
    assert found.message.startswith(f"commune {found.name} ({code}) retenue : {rule.message}")


# -- 1. the code ------------------------------------------------------------------------------------
def test_current_code() -> None:
    found = resolve_commune(code="17300", name="La Rochelle", postal_code="17000")
    _check(found, "17300", Rule.CODE)
    assert found.confidence == 1.0
    assert found.warnings == found.notes == ()
    assert not found.fallback


@pytest.mark.parametrize("code", ["2a004", " 2A004 ", "2A004"])
def test_corsican_code_in_any_case(code: str) -> None:
    _check(resolve_commune(code=code), "2A004", Rule.CODE)


@pytest.mark.parametrize(("code", "current"), [("75112", "75056"), ("13211", "13055"), ("69383", "69123")])
def test_arrondissement_code(code: str, current: str) -> None:
    found = resolve_commune(code=code)
    _check(found, current, Rule.ARRONDISSEMENT)
    assert found.fallback


def test_former_code_of_a_commune_nouvelle() -> None:
    # Pierrefitte-sur-Seine merged into Saint-Denis on 1 January 2025 (France Services list of 2022)
    found = resolve_commune(code="93059", name="Pierrefitte-sur-Seine", postal_code="93380")
    _check(found, "93066", Rule.FORMER_CODE)
    assert found.notes == ("ancien code 93059 (Pierrefitte-sur-Seine, commune déléguée)",)
    assert found.warnings == ()  # the former name and La Poste's ligne 5 agree with the code


@pytest.mark.parametrize(("code", "current"), [("1053", "01053"), (1053, "01053"), (4049, "04049"), (4049.0, "04049")])
def test_four_digit_code_gets_its_leading_zero(code: object, current: str) -> None:
    found = resolve_commune(code=code)
    _check(found, current, Rule.COMPLETED_CODE)
    assert found.notes == (f"code INSEE « {str(code).removesuffix('.0')} » complété en {current}",)


def test_code_contradicted_by_name_and_postal_code() -> None:
    found = resolve_commune(code="17300", name="Aytré", postal_code="17440")
    _check(found, "17028", Rule.POSTAL_CODE_NAME)
    (warning,) = found.warnings
    assert "le code INSEE 17300 (La Rochelle, 17) contredit le nom « AYTRE » et le code postal 17440" in warning


def test_code_contradicted_by_name_and_coordinates() -> None:
    # ANCT list, « Antenne de Saint Hippolyte »: code 17346, written Tonnay-Charente, located in Tonnay-Charente
    found = resolve_commune(
        code="17346", name="Tonnay-Charente", postal_code="17430", latitude=45.9423043, longitude=-0.8884002
    )
    _check(found, "17449", Rule.POSTAL_CODE_NAME)
    (warning,) = found.warnings
    assert "17346 (Saint-Hippolyte, 17) contredit le nom « TONNAY CHARENTE » et les coordonnées" in warning


def test_code_kept_when_only_the_name_differs() -> None:
    # ANCT list: code of Auxi-le-Château, name of a neighbouring village, point in Auxi-le-Château
    found = resolve_commune(
        code="62060", name="Herlin-le-Sec", postal_code="62390", latitude=50.2321553548784, longitude=2.116000513011
    )
    _check(found, "62060", Rule.CODE)
    assert found.confidence < 1
    assert found.warnings == ("nom « HERLIN LE SEC » différent de celui de la commune du code INSEE, Auxi-le-Château",)


def test_code_kept_when_only_the_postal_code_differs() -> None:
    found = resolve_commune(code="11262", name="Narbonne", postal_code="11000")  # 11000 is Carcassonne's
    _check(found, "11262", Rule.CODE)
    assert found.warnings == ("le code postal 11000 ne dessert pas la commune du code INSEE, Narbonne",)


def test_new_caledonia_place_carrying_a_puy_de_dome_code() -> None:
    found = resolve_commune(code="63236", name="Nouméa", postal_code="98800")
    assert found.code_insee is None
    assert found.failure is Unresolved.OUTSIDE_COG
    assert "hors du champ du COG : collectivité d'outre-mer (Nouvelle-Calédonie)" in (found.reason or "")
    (warning,) = found.warnings
    assert "le code INSEE 63236 (Mont-Dore, 63) contredit le code postal 98800" in warning
    assert "« NOUMEA »" in warning
    # the homonym Le Mont-Dore of Nouvelle-Calédonie is not taken for the Puy-de-Dôme commune either
    homonym = resolve_commune(code="63236", name="Le Mont-Dore", postal_code="98800")
    assert homonym.failure is Unresolved.OUTSIDE_COG
    assert "Le Mont-Dore (98817)" in (homonym.reason or "")


def test_cog_code_with_a_collectivite_postal_code_and_no_name_is_kept_with_a_warning() -> None:
    found = resolve_commune(code="63236", postal_code="98800")
    _check(found, "63236", Rule.CODE)
    assert found.confidence == 0.5
    assert "contredit le code postal 98800 (collectivité d'outre-mer (Nouvelle-Calédonie))" in found.warnings[0]


def test_unreadable_code_falls_back_on_name_and_postal_code() -> None:
    # ANCT list: insee_com « 0null »
    found = resolve_commune(code="0null", name="SAINT-ETIENNE-VALLEE-FRANCAISE", postal_code="48330")
    _check(found, "48148", Rule.POSTAL_CODE_NAME)
    assert found.warnings == ("code INSEE « 0NULL » inconnu",)


# -- 2 and 3. arrondissement names; postal code and name in La Poste's table -----------------------------
@pytest.mark.parametrize(
    ("name", "postal", "code", "rule"),
    [
        ("MARSEILLE 11", "13011", "13055", Rule.ARRONDISSEMENT),
        ("LYON 3E", "69003", "69123", Rule.ARRONDISSEMENT),
        ("PARIS 15E", "75015", "75056", Rule.ARRONDISSEMENT),
        ("CHATEAU ARNOUX ST AUBAN", "04160", "04049", Rule.POSTAL_CODE_NAME),  # libellé d'acheminement
        ("Pont de Claix", "38800", "38317", Rule.POSTAL_CODE_NAME),  # leading article missing
        # former communes merged into a commune nouvelle, in La Poste's ligne 5
        ("Cran-Gevrier", "74960", "74010", Rule.POSTAL_CODE_NAME),
        ("Seynod", "74600", "74010", Rule.POSTAL_CODE_NAME),
        ("Oullins", "69600", "69149", Rule.POSTAL_CODE_NAME),
    ],
)
def test_name_and_postal_code(name: str, postal: str, code: str, rule: Rule) -> None:
    _check(resolve_commune(name=name, postal_code=postal), code, rule)


def test_ligne_5_with_a_postal_code_written_as_a_number() -> None:
    found = resolve_commune(name="SAINT AUBAN", postal_code=4600)
    _check(found, "04049", Rule.POSTAL_CODE_NAME)
    assert found.notes == ("« SAINT AUBAN » trouvé en ligne 5 du code postal 04600", "code postal « 4600 » lu 04600")


def test_leading_article_missing() -> None:
    _check(resolve_commune(name="Pont de Claix", postal_code="38800"), "38317", Rule.POSTAL_CODE_NAME)


def test_cedex_label_of_a_known_postal_code() -> None:
    found = resolve_commune(name="Annecy Cedex 03", postal_code="74000")
    _check(found, "74010", Rule.POSTAL_CODE_NAME)
    assert "mention « CEDEX » et ce qui la suit ignorées" in found.notes


# -- 4 and 5. name within the département -------------------------------------------------------------
def test_cedex_postal_code_unknown_to_la_poste() -> None:
    found = resolve_commune(name="LE MANS CEDEX 2", postal_code="72018")
    _check(found, "72181", Rule.DEPARTEMENT_NAME)
    assert found.notes == ("« LE MANS » trouvé dans le département 72", "mention « CEDEX » et ce qui la suit ignorées")


def test_name_with_a_departement_instead_of_a_postal_code() -> None:
    _check(resolve_commune(name="Chaumont-en-Vexin", departement="60"), "60143", Rule.DEPARTEMENT_NAME)
    _check(resolve_commune(name="Valserhône", departement=1), "01033", Rule.DEPARTEMENT_NAME)


def test_former_name_within_the_departement() -> None:
    # Seynod merged into Annecy in 2021; without its postal code, only the COG history knows it
    found = resolve_commune(name="Seynod", departement="74")
    _check(found, "74010", Rule.FORMER_NAME)


def test_current_names_come_before_former_names() -> None:
    # 60054 is Beaumont-les-Nonains again since 2024; « Les Hauts-Talican » is now 60694
    _check(resolve_commune(name="Les Hauts-Talican", departement="60"), "60694", Rule.DEPARTEMENT_NAME)
    _check(resolve_commune(name="Beaumont-les-Nonains", departement="60"), "60054", Rule.DEPARTEMENT_NAME)


def test_coordinates_break_a_tie_between_former_names() -> None:
    # « Saint-Mitre » is the former name of Saint-Mitre-les-Remparts and a ligne 5 of Marseille
    tied = resolve_commune(name="Saint-Mitre", departement="13")
    assert tied.failure is Unresolved.AMBIGUOUS
    assert tied.candidates == ("13055", "13098")
    found = resolve_commune(name="Saint-Mitre", departement="13", longitude=5.0121, latitude=43.458)
    _check(found, "13098", Rule.FORMER_NAME)
    assert found.notes == (
        "« SAINT MITRE » trouvé dans le département 13 ; 2 communes possibles, départagées par les coordonnées",
    )


def test_corsican_postal_codes_search_both_departements() -> None:
    _check(resolve_commune(name="Bastia", postal_code="20299"), "2B033", Rule.DEPARTEMENT_NAME)


# -- 6. the only commune of the postal code ---------------------------------------------------------
def test_only_commune_of_the_postal_code() -> None:
    found = resolve_commune(name="CHAMONIX", postal_code="74400")
    _check(found, "74056", Rule.ONLY_COMMUNE_OF_POSTAL_CODE)
    assert found.warnings == ("nom « CHAMONIX » non reconnu",)
    without_name = resolve_commune(postal_code=74400)
    _check(without_name, "74056", Rule.ONLY_COMMUNE_OF_POSTAL_CODE)
    assert without_name.warnings == ()


# -- 7. the address -------------------------------------------------------------------------------
def test_commune_written_at_the_end_of_the_address() -> None:
    # Aidants Connect: no commune field, a postal code shared by several communes
    found = resolve_commune(postal_code=33270, address="Hôtel de Ville \n6 avenue Pasteur\n33270 Floirac")
    _check(found, "33167", Rule.ADDRESS)


def test_cedex_address() -> None:
    found = resolve_commune(postal_code=44036, address="1 bis place Saint Similien - BP 63625 - 44036 Nantes Cedex 1")
    _check(found, "44109", Rule.ADDRESS)


def test_a_postal_box_number_is_no_part_of_the_commune_name() -> None:
    # Aidants Connect, a CEDEX postal code whose address ends with « BP 503 Saint-Etienne »
    found = resolve_commune(postal_code=42007, address="PL HOTEL DE VILLE\nBP 503 Saint-Etienne", departement="Loire")
    _check(found, "42218", Rule.ADDRESS)


def test_a_street_named_after_a_commune_is_no_commune() -> None:
    found = resolve_commune(postal_code=2820, address="2 Bis Route de Montaigu")
    assert found.failure is Unresolved.AMBIGUOUS
    served = {e.code_insee for e in postal_entries() if e.postal_code == "02820"}
    assert set(found.candidates) == served
    assert len(served) == 11
    assert found.reason == "code postal 02820 commun à 11 communes, sans nom de commune"


# -- 8. the coordinates -----------------------------------------------------------------------------
def test_coordinates_when_the_name_is_unknown() -> None:
    # Hinaura: « Sciez-sur-Léman » is the usual name of Sciez
    found = resolve_commune(name="Sciez-sur-Léman", postal_code="74140", latitude=46.33322, longitude=6.38359)
    _check(found, "74263", Rule.COORDINATES)
    assert found.warnings == ("nom « SCIEZ SUR LEMAN » différent de Sciez",)


def test_coordinates_next_to_a_border_prefer_the_communes_of_the_postal_code() -> None:
    # PACA: the mairie annexe of Pont-du-Loup belongs to Tourrettes-sur-Loup (06140); the simplified
    # outline puts the point a hundred metres inside Gourdon (06620)
    found = resolve_commune(name="PONT-DU-LOUP", postal_code="06140", latitude=43.71984, longitude=6.99171)
    _check(found, "06148", Rule.COORDINATES)
    assert "m de Tourrettes-sur-Loup" in found.notes[0]


def test_coordinates_alone() -> None:
    _check(resolve_commune(latitude="46,1591", longitude="-1,1508"), "17300", Rule.COORDINATES)


# -- failures ---------------------------------------------------------------------------------------
def test_nothing_to_resolve() -> None:
    found = resolve_commune(code="", name="", postal_code="", latitude="", longitude="")
    assert found.failure is Unresolved.NO_INPUT
    assert found.confidence == 0.0
    assert not found.resolved
    assert found.message == "ni code INSEE, ni nom, ni code postal, ni coordonnées exploitables"


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"code": "99999"}, "aucune valeur exploitable : code INSEE « 99999 » inconnu"),
        ({"code": "ABCDE", "postal_code": "CEDEX"}, "aucune valeur exploitable : code postal « CEDEX » invalide, "
         "ignoré ; code INSEE « ABCDE » inconnu"),
        ({"departement": "2C"}, "aucune valeur exploitable : département « 2C » inconnu, ignoré"),
    ],
)  # fmt: skip
def test_values_given_but_unusable_are_not_an_empty_row(given: dict[str, object], reason: str) -> None:
    found = resolve_commune(**given)
    assert found.failure is Unresolved.NOT_FOUND
    assert found.reason == found.message == reason
    assert found.warnings == ()  # said once, in the reason


def test_name_without_postal_code_or_departement() -> None:
    found = resolve_commune(name="Saint-Denis")
    assert found.failure is Unresolved.NOT_FOUND
    assert found.reason == "nom « SAINT DENIS » sans code postal ni département : commune introuvable"


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"code": "98818"}, "code INSEE 98818 hors du champ du COG : collectivité d'outre-mer (Nouvelle-Calédonie)"),
        ({"code": "97801"}, "code INSEE 97801 hors du champ du COG : collectivité d'outre-mer (Saint-Martin)"),
        (
            {"postal_code": "98800"},
            "code postal 98800 hors du champ du COG : collectivité d'outre-mer (Nouvelle-Calédonie)",
        ),
        (
            {"postal_code": 98714},
            "code postal 98714 hors du champ du COG : collectivité d'outre-mer (Polynésie française)",
        ),
    ],
)
def test_collectivites_d_outre_mer(given: dict[str, object], reason: str) -> None:
    found = resolve_commune(**given)
    assert found.failure is Unresolved.OUTSIDE_COG
    assert found.reason == reason


def test_unknown_name_in_a_shared_postal_code() -> None:
    found = resolve_commune(name="Nulle-Part", postal_code="33270")
    assert found.failure is Unresolved.AMBIGUOUS
    assert "le nom « NULLE PART » n'est aucune d'elles" in (found.reason or "")


def test_invalid_postal_code_and_departement_are_reported() -> None:
    found = resolve_commune(name="La Rochelle", postal_code="F-17000", departement="17", latitude=95, longitude=0)
    _check(found, "17300", Rule.DEPARTEMENT_NAME)
    assert found.warnings == ("code postal « F-17000 » invalide, ignoré",)
    unknown = resolve_commune(name="La Rochelle", departement="2C")
    assert unknown.warnings == ("département « 2C » inconnu, ignoré",)


def test_every_rule_has_a_french_message_and_a_confidence() -> None:
    assert len({r.value for r in Rule}) == len(Rule)
    for rule in Rule:
        assert rule.message[:1].islower()
        assert 0 < rule.confidence <= 1
    assert Rule.CODE.confidence > Rule.POSTAL_CODE_NAME.confidence > Rule.COORDINATES.confidence
    assert {u.value for u in Unresolved} == {
        "commune_non_renseignee",
        "commune_introuvable",
        "commune_ambigue",
        "commune_hors_cog",
    }


CELL = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["17300", "1053", "2A004", "0null", "98800", "75112", "MARSEILLE 11", "CEDEX", " "]),
    st.integers(min_value=-10, max_value=200_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


@given(
    code=CELL, name=CELL, postal_code=CELL, latitude=CELL, longitude=CELL, departement=CELL, address=CELL, label=CELL
)
def test_any_cell_gives_a_resolution_never_an_exception(**cells: object) -> None:
    found = resolve_commune(**cells)
    assert found.resolved is (found.failure is None)
    assert (found.rule is None) is (found.code_insee is None)
    if found.resolved:
        assert found.code_insee in communes()
        assert 0 < found.confidence <= 1
    else:
        assert found.confidence == 0
        assert found.reason
    assert found.message


@pytest.mark.parametrize("empty", [None, "", "  ", float("nan")])
def test_empty_cells_are_missing_values(empty: object) -> None:
    found = resolve_commune(code=empty, name="La Rochelle", postal_code="17000", departement=empty)
    _check(found, "17300", Rule.POSTAL_CODE_NAME)
    assert found.warnings == ()


def test_the_name_of_the_structure_is_the_last_resort() -> None:
    # 42300 serves Mably, Roanne and Villerest; the address names none of them
    found = resolve_commune(postal_code=42300, address="Place de l'Hôtel de Ville", label="CCAS de Roanne")
    _check(found, "42187", Rule.LABEL)
    assert "Roanne nommée dans « CCAS DE ROANNE »" in found.message
    assert resolve_commune(postal_code=42300, label="Espace 2M").failure is Unresolved.AMBIGUOUS
    # two communes named: no choice
    assert resolve_commune(postal_code=42300, label="Mably et Roanne").failure is Unresolved.AMBIGUOUS
    # Courtes is inside Saint-Trivier-de-Courtes, both served by 01560: the longer name is the one written
    _check(resolve_commune(postal_code="01560", label="France Services St Trivier de Courtes"), "01388", Rule.LABEL)
    # a commune name given as such, or a single commune of the postal code, comes first
    _check(resolve_commune(name="Mably", postal_code=42300, label="CCAS de Roanne"), "42127", Rule.POSTAL_CODE_NAME)
    _check(resolve_commune(postal_code="17000", label="CCAS de Lagord"), "17300", Rule.ONLY_COMMUNE_OF_POSTAL_CODE)
