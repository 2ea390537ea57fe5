"""Records: every validator, with French messages naming the field and the value."""

import datetime as dt
import math
from typing import Any

import attrs
import pytest

from afnor_ctin import (
    Action,
    ActionType,
    Actor,
    ActorType,
    Beneficiary,
    Certification,
    Channel,
    Commune,
    CtinError,
    Funder,
    Funding,
    Gender,
    InvalidInputError,
    Mediator,
    MediatorRole,
    Participation,
    Place,
    Qpv,
    Service,
    Territory,
    TerritoryLevel,
    Thematique,
    UnknownCodeError,
)
from afnor_ctin.model import normalize_insee

D = dt.date


def commune(code: str = "99001", population: int = 100, **kw: Any) -> Commune:
    return Commune(code_insee=code, name=f"Commune {code}", population=population, **kw)


def territory(**kw: Any) -> Territory:
    fields: dict[str, Any] = {
        "code": "EX",
        "name": "Exemple",
        "level": TerritoryLevel.AUTRE,
        "communes": (commune("99001", 100), commune("99002", 300), commune("99003", 300)),
    }
    fields.update(kw)
    return Territory(**fields)


def action(**kw: Any) -> Action:
    fields: dict[str, Any] = {
        "id": "A1",
        "type": ActionType.ACCOMPAGNEMENT_INDIVIDUEL,
        "date": D(2024, 1, 1),
        "actor_id": "ACT1",
        "code_insee": "99001",
    }
    fields.update(kw)
    return Action(**fields)


def place(**kw: Any) -> Place:
    fields: dict[str, Any] = {"id": "PL1", "actor_id": "ACT1", "name": "Lieu", "code_insee": "99001"}
    fields.update(kw)
    return Place(**fields)


def mediator(**kw: Any) -> Mediator:
    fields: dict[str, Any] = {
        "id": "M1",
        "actor_id": "ACT1",
        "role": MediatorRole.MEDIATEUR,
        "start_date": D(2024, 1, 1),
    }
    fields.update(kw)
    return Mediator(**fields)


def funding(**kw: Any) -> Funding:
    fields: dict[str, Any] = {
        "id": "F1",
        "funder": Funder.REGION,
        "actor_id": "ACT1",
        "amount_agreed": 1000.0,
        "start_date": D(2024, 1, 1),
        "end_date": D(2024, 12, 31),
    }
    fields.update(kw)
    return Funding(**fields)


def check_error(info: pytest.ExceptionInfo[InvalidInputError], field: str, value: str) -> None:
    message = str(info.value)
    assert f"« {field} »" in message, message
    assert f"« {value} »" in message, message
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CtinError)


# -- INSEE codes -------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["17300", "01001", "2A004", "2B033", "97411", "99001", "30189"])
def test_valid_insee_codes(code: str) -> None:
    assert commune(code).code_insee == code


@pytest.mark.parametrize("code", ["1730", "173000", "2C004", "20004", "2a004", "ABCDE", "", " 17300", "17 30"])
def test_invalid_insee_codes_are_rejected(code: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        commune(code)
    check_error(info, "code_insee", code)
    assert "code INSEE" in str(info.value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("75101", "75056"),
        ("75120", "75056"),
        ("69381", "69123"),
        ("69389", "69123"),
        ("13201", "13055"),
        ("13216", "13055"),
        ("75121", "75121"),
        ("13217", "13217"),
        ("69380", "69380"),
        ("17300", "17300"),
    ],
)
def test_arrondissements_map_to_their_commune(code: str, expected: str) -> None:
    assert normalize_insee(code) == expected
    if expected != "69380":
        assert Beneficiary(id="B", residence_code_insee=code).residence_code_insee == expected


def test_every_insee_field_normalizes_and_validates() -> None:
    assert action(code_insee="75112").code_insee == "75056"
    assert Actor(id="a", name="n", type=ActorType.ASSO, code_insee="13208").code_insee == "13055"
    assert place(code_insee="69383", itinerant=True, served_communes=("75101", "99001")).served_communes == (
        "75056",
        "99001",
    )
    with pytest.raises(InvalidInputError) as info:
        place(itinerant=True, served_communes=("99001", "9900"))
    check_error(info, "served_communes", "9900")
    with pytest.raises(InvalidInputError) as info2:
        Beneficiary(id="B", residence_code_insee="XX")
    check_error(info2, "residence_code_insee", "XX")


# -- Commune, Qpv, Territory -------------------------------------------------------------------
def test_negative_population_is_rejected() -> None:
    with pytest.raises(InvalidInputError) as info:
        commune(population=-1)
    check_error(info, "population", "-1")
    assert "positif ou nul" in str(info.value)


def test_population_must_be_an_integer() -> None:
    with pytest.raises(InvalidInputError, match="entier"):
        commune(population=10.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="entier"):
        commune(population=True)


@pytest.mark.parametrize("score", [-0.1, 10.01, math.nan, math.inf])
def test_ifn_score_must_be_between_0_and_10(score: float) -> None:
    with pytest.raises(InvalidInputError) as info:
        commune(ifn_score=score)
    assert "ifn_score" in str(info.value)


@pytest.mark.parametrize("score", [0, 0.0, 5.5, 10])
def test_ifn_score_bounds_are_included(score: float) -> None:
    assert commune(ifn_score=score).ifn_score == score


def test_empty_names_are_rejected() -> None:
    with pytest.raises(InvalidInputError) as info:
        Commune(code_insee="99001", name="  ", population=1)
    check_error(info, "name", "  ")
    assert "vide" in str(info.value)


@pytest.mark.parametrize("code", ["QN01701M", "QP017001", "QN9ABCDE"])
def test_valid_qpv_codes(code: str) -> None:
    assert Qpv(code=code, name="Q", code_insee="99001").code == code


@pytest.mark.parametrize("code", ["QX01701M", "QN0170", "QN01701m", "qn01701M", "QN01701MM"])
def test_invalid_qpv_codes(code: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Qpv(code=code, name="Q", code_insee="99001")
    check_error(info, "code", code)
    with pytest.raises(InvalidInputError) as info2:
        place(code_qpv=code)
    check_error(info2, "code_qpv", code)


def test_negative_qpv_population() -> None:
    with pytest.raises(InvalidInputError):
        Qpv(code="QN01701M", name="Q", code_insee="99001", population=-5)


def test_territory_needs_communes_without_duplicates() -> None:
    with pytest.raises(InvalidInputError, match="au moins une commune"):
        territory(communes=())
    with pytest.raises(InvalidInputError) as info:
        territory(communes=(commune("99001"), commune("99001")))
    check_error(info, "communes", "99001")
    with pytest.raises(InvalidInputError) as info2:
        territory(communes=(commune("75101"), commune("75056")))
    check_error(info2, "communes", "75056")


def test_territory_qpvs_must_be_in_its_communes_and_unique() -> None:
    inside = Qpv(code="QN09901M", name="Q", code_insee="99001")
    assert territory(qpvs=[inside]).qpvs == (inside,)
    with pytest.raises(InvalidInputError) as info:
        territory(qpvs=(Qpv(code="QN09901M", name="Q", code_insee="99009"),))
    check_error(info, "qpvs", "QN09901M")
    assert "hors du territoire" in str(info.value)
    with pytest.raises(InvalidInputError, match="QPV en double"):
        territory(qpvs=(inside, inside))


def test_territory_centre_defaults_to_most_populous_then_lowest_code() -> None:
    t = territory()
    assert t.central_commune is None
    assert t.centre == "99002"
    assert territory(central_commune="99001").centre == "99001"
    assert t.population == 700


def test_territory_centre_must_be_a_member() -> None:
    with pytest.raises(InvalidInputError) as info:
        territory(central_commune="99009")
    check_error(info, "central_commune", "99009")
    with pytest.raises(InvalidInputError) as info2:
        territory(central_commune="9")
    check_error(info2, "central_commune", "9")


def test_territory_commune_lookup() -> None:
    t = territory(communes=(commune("75056"), commune("99001")))
    assert t.commune("75104").code_insee == "75056"
    with pytest.raises(UnknownCodeError, match="« 99009 »"):
        t.commune("99009")


def test_territory_level_must_be_the_enum() -> None:
    with pytest.raises(InvalidInputError, match="niveau de territoire"):
        territory(level="epci")


def test_territory_accepts_lists_and_stores_tuples() -> None:
    t = territory(communes=[commune("99001")])
    assert t.communes == (commune("99001"),)


# -- Actor -------------------------------------------------------------------------------------
@pytest.mark.parametrize("siret", ["12345678901234", "W123456789"])
def test_valid_siret_and_rna(siret: str) -> None:
    assert Actor(id="a", name="n", type=ActorType.ASSO, siret=siret).siret == siret


@pytest.mark.parametrize("siret", ["1234567890123", "123456789012345", "W12345678", "w123456789", "1234 5678901234"])
def test_invalid_siret(siret: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Actor(id="a", name="n", type=ActorType.ASSO, siret=siret)
    check_error(info, "siret", siret)


def test_actor_fields_are_type_checked() -> None:
    with pytest.raises(InvalidInputError, match="type d'acteur"):
        Actor(id="a", name="n", type="ASSO")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="booléen"):
        Actor(id="a", name="n", type=ActorType.ASSO, governance_member=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as info:
        Actor(id="", name="n", type=ActorType.ASSO)
    check_error(info, "id", "")


# -- Place -------------------------------------------------------------------------------------
def test_place_closing_not_before_opening() -> None:
    assert place(opening_date=D(2024, 1, 1), closing_date=D(2024, 1, 1)).closing_date == D(2024, 1, 1)
    assert place(closing_date=D(2020, 1, 1)).opening_date is None
    with pytest.raises(InvalidInputError) as info:
        place(opening_date=D(2024, 1, 2), closing_date=D(2024, 1, 1))
    check_error(info, "closing_date", "2024-01-01")
    assert "2024-01-02" in str(info.value)


def test_place_services_repeated_or_wrong_type() -> None:
    with pytest.raises(InvalidInputError) as info:
        place(services=(Service.LOISIRS_ET_CREATIONS_NUMERIQUES, Service.LOISIRS_ET_CREATIONS_NUMERIQUES))
    assert "répétée" in str(info.value)
    assert "services" in str(info.value)
    with pytest.raises(InvalidInputError, match="Service attendu"):
        place(services=("loisirs_et_creations_numeriques",))
    with pytest.raises(InvalidInputError, match="tuple attendu"):
        place(services=[Service.LOISIRS_ET_CREATIONS_NUMERIQUES])


def test_place_is_active() -> None:
    p = place(opening_date=D(2024, 1, 1), closing_date=D(2024, 6, 30))
    assert not p.is_active(D(2023, 12, 31))
    assert p.is_active(D(2024, 1, 1))
    assert p.is_active(D(2024, 6, 30))
    assert not p.is_active(D(2024, 7, 1))
    assert place().is_active(D(1990, 1, 1))


def test_place_dates_must_be_dates() -> None:
    with pytest.raises(InvalidInputError, match="date attendu"):
        place(opening_date="2024-01-01")


# -- Mediator ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fte", [0.01, 0.5, 1, 1.0])
def test_valid_fte(fte: float) -> None:
    assert mediator(fte=fte).fte == fte


@pytest.mark.parametrize("fte", [0, 0.0, -0.5, 1.01, 2])
def test_invalid_fte(fte: float) -> None:
    with pytest.raises(InvalidInputError) as info:
        mediator(fte=fte)
    check_error(info, "fte", str(fte))
    assert "ETP" in str(info.value)


def test_mediator_end_not_before_start() -> None:
    assert mediator(end_date=D(2024, 1, 1)).in_post(D(2024, 1, 1))
    with pytest.raises(InvalidInputError) as info:
        mediator(end_date=D(2023, 12, 31))
    check_error(info, "end_date", "2023-12-31")


def test_mediator_in_post() -> None:
    m = mediator(end_date=D(2024, 3, 31))
    assert not m.in_post(D(2023, 12, 31))
    assert m.in_post(D(2024, 3, 31))
    assert not m.in_post(D(2024, 4, 1))
    assert mediator().in_post(D(2030, 1, 1))


def test_mediator_repeated_places_and_certifications() -> None:
    with pytest.raises(InvalidInputError) as info:
        mediator(place_ids=("PL1", "PL1"))
    check_error(info, "place_ids", "PL1|PL1")
    with pytest.raises(InvalidInputError) as info2:
        mediator(place_ids=("PL1", " "))
    check_error(info2, "place_ids", " ")
    with pytest.raises(InvalidInputError, match="répétée"):
        mediator(certifications=(Certification.PIX, Certification.PIX))


# -- Action ------------------------------------------------------------------------------------
def test_action_without_place_needs_a_commune() -> None:
    with pytest.raises(InvalidInputError) as info:
        action(code_insee=None)
    check_error(info, "code_insee", "")
    assert "obligatoire" in str(info.value)
    assert action(code_insee=None, place_id="PL1").code_insee is None


@pytest.mark.parametrize("kind", [ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF])
def test_support_actions_need_at_least_one_participant(kind: ActionType) -> None:
    with pytest.raises(InvalidInputError) as info:
        action(type=kind, participants=0)
    check_error(info, "participants", "0")
    assert action(type=kind, participants=None).participants is None
    assert action(type=kind, participants=1).participants == 1


def test_other_actions_may_have_zero_participants_but_not_negative() -> None:
    assert action(type=ActionType.COORDINATION, participants=0).participants == 0
    with pytest.raises(InvalidInputError) as info:
        action(type=ActionType.COORDINATION, participants=-1)
    check_error(info, "participants", "-1")


@pytest.mark.parametrize("field", ["duration_min", "quantity"])
def test_negative_counts_are_rejected(field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        action(**{field: -3})
    check_error(info, field, "-3")


def test_action_repeated_tuple_values() -> None:
    with pytest.raises(InvalidInputError, match="thematiques"):
        action(thematiques=(Thematique.EMAIL, Thematique.EMAIL))
    with pytest.raises(InvalidInputError) as info:
        action(participating_actor_ids=("ACT1", "ACT2", "ACT1"))
    check_error(info, "participating_actor_ids", "ACT1|ACT2|ACT1")
    with pytest.raises(InvalidInputError, match="trained_person_ids"):
        action(trained_person_ids=("P1", "P1"))


def test_action_effective_channel() -> None:
    assert action().effective_channel is Channel.AUTRE_LIEU
    assert action(place_id="PL1").effective_channel is Channel.LIEU_ACTIVITE
    assert action(place_id="PL1", channel=Channel.A_DISTANCE).effective_channel is Channel.A_DISTANCE
    assert action().is_support
    assert not action(type=ActionType.COORDINATION).is_support


def test_action_date_must_be_a_date() -> None:
    with pytest.raises(InvalidInputError) as info:
        action(date="2024-01-01")
    check_error(info, "date", "2024-01-01")


def test_action_enum_fields_are_type_checked() -> None:
    with pytest.raises(InvalidInputError, match="canal"):
        action(channel="domicile")
    with pytest.raises(InvalidInputError, match="type d'action"):
        action(type="coordination")
    with pytest.raises(InvalidInputError, match="entier"):
        action(duration_min=1.5)


# -- Beneficiary, Participation, Funding -------------------------------------------------------
def test_beneficiary_categories_are_type_checked() -> None:
    assert Beneficiary(id="B1", gender=Gender.FEMININ).gender is Gender.FEMININ
    with pytest.raises(InvalidInputError, match="genre"):
        Beneficiary(id="B1", gender="feminin")  # type: ignore[arg-type]


def test_participation_ids_are_required() -> None:
    with pytest.raises(InvalidInputError) as info:
        Participation(action_id="A1", beneficiary_id="")
    check_error(info, "beneficiary_id", "")


def test_funding_amounts() -> None:
    assert funding(amount_agreed=0).amount_agreed == 0
    with pytest.raises(InvalidInputError) as info:
        funding(amount_agreed=-1.5)
    check_error(info, "amount_agreed", "-1.5")
    with pytest.raises(InvalidInputError) as info2:
        funding(amount_paid=-2)
    check_error(info2, "amount_paid", "-2")
    with pytest.raises(InvalidInputError, match="nombre fini"):
        funding(amount_agreed=math.inf)
    with pytest.raises(InvalidInputError, match="montant"):
        funding(amount_agreed="100")


def test_funding_end_not_before_start() -> None:
    assert funding(end_date=D(2024, 1, 1)).end_date == D(2024, 1, 1)
    with pytest.raises(InvalidInputError) as info:
        funding(end_date=D(2023, 12, 31))
    check_error(info, "end_date", "2023-12-31")
    assert "2024-01-01" in str(info.value)


def test_funding_repeated_mediators() -> None:
    with pytest.raises(InvalidInputError, match="identifiant répété"):
        funding(mediator_ids=("M1", "M1"))


# -- Immutability ------------------------------------------------------------------------------
def test_records_are_frozen_and_keyword_only() -> None:
    a = action()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.id = "A2"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Participation("A1", "B1")  # type: ignore[misc]


def test_evolve_revalidates() -> None:
    with pytest.raises(InvalidInputError):
        attrs.evolve(mediator(), fte=3.0)


def test_set_like_enum_tuples_are_kept_in_definition_order() -> None:
    """Services and certifications are sets: a canonical order makes the columnar round trip exact."""
    services = (Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE, Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES)
    assert place(services=services).services == services[::-1]
    assert place(services=services) == place(services=services[::-1])
    certifications = (Certification.PIX, Certification.CCP1)
    assert mediator(certifications=certifications).certifications == (Certification.CCP1, Certification.PIX)
    thematiques = (Thematique.SANTE, Thematique.EMAIL)
    assert action(thematiques=thematiques).thematiques == thematiques


def test_communes_from_rows_equal_the_constructed_ones_and_raise_the_same_errors() -> None:
    from afnor_ctin.model import Commune

    rows = [
        ("17300", "La Rochelle", 77205, 2021, 4.2),
        ("75112", "Paris 12e", 140000, None, None),  # an arrondissement: normalised by the constructor
        ("2A004", "Ajaccio", 0, None, 10),
        ("01001", "L'Abergement", 860, 2023, 0.0),
    ]
    built = Commune.from_rows(rows)
    expected = tuple(
        Commune(code_insee=c, name=n, population=p, population_year=y, ifn_score=s) for c, n, p, y, s in rows
    )
    assert built == expected
    assert [c.code_insee for c in built] == ["17300", "75056", "2A004", "01001"]
    assert len({hash(c) for c in built}) == len(built)
    for bad in [
        ("1730", "X", 1, None, None),
        ("17300", " ", 1, None, None),
        ("17300", "X", -1, None, None),
        ("17300", "X", True, None, None),
        ("17300", "X", 1, "2021", None),
        ("17300", "X", 1, None, 10.5),
        ("17300", "X", 1, None, float("nan")),
    ]:
        with pytest.raises(InvalidInputError) as direct:
            Commune(code_insee=bad[0], name=bad[1], population=bad[2], population_year=bad[3], ifn_score=bad[4])
        with pytest.raises(InvalidInputError) as by_rows:
            Commune.from_rows([rows[0], bad])
        assert str(by_rows.value) == str(direct.value)
