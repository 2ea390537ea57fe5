"""Enumerations: stable slugs, French labels, tolerant parsing and French errors."""

import pytest

from afnor_ctin import CtinError, InvalidInputError
from afnor_ctin.model.enums import (
    ActionType,
    ActorType,
    AgeBand,
    Certification,
    Channel,
    Funder,
    Gender,
    LabelledEnum,
    MediatorRole,
    Service,
    SocialStatus,
    SubType,
    TerritoryLevel,
    Thematique,
    normalize_label,
)

ALL_ENUMS: list[type[LabelledEnum]] = [
    TerritoryLevel,
    ActorType,
    Service,
    MediatorRole,
    Certification,
    ActionType,
    Channel,
    Thematique,
    SubType,
    Gender,
    AgeBand,
    SocialStatus,
    Funder,
]


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_a_label_and_parses_from_slug_and_label(enum: type[LabelledEnum]) -> None:
    assert set(enum.__labels__) == {str(m) for m in enum}
    for member in enum:
        assert member.label
        assert enum.parse(str(member)) is member
        assert enum.parse(member.label) is member
        assert enum.parse(member.label.upper()) is member
        assert enum.parse(f"  {member.label}  ") is member


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_labels_are_in_definition_order(enum: type[LabelledEnum]) -> None:
    labels = enum.labels()
    assert list(labels) == [str(m) for m in enum]
    assert list(labels.values()) == [m.label for m in enum]


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_slugs_and_labels_are_unambiguous(enum: type[LabelledEnum]) -> None:
    keys = [normalize_label(str(m)) for m in enum]
    assert len(set(keys)) == len(keys)
    labels = [normalize_label(m.label) for m in enum]
    assert len(set(labels)) == len(labels)


def test_counts_of_the_format_spec() -> None:
    assert len(Thematique) == 30
    assert len(Service) == 9
    assert len(ActionType) == 6
    assert len(Funder) == 13
    assert [str(m) for m in Channel] == ["lieu_activite", "autre_lieu", "domicile", "a_distance"]


def test_members_are_strings_equal_to_their_slug() -> None:
    assert ActionType.ATELIER_COLLECTIF == "atelier_collectif"
    assert f"{Channel.A_DISTANCE}" == "a_distance"
    assert ActorType.AUTRE.value == "Autre"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("accompagnement_individuel", ActionType.ACCOMPAGNEMENT_INDIVIDUEL),
        ("ACCOMPAGNEMENT_INDIVIDUEL", ActionType.ACCOMPAGNEMENT_INDIVIDUEL),
        ("Accompagnement individuel", ActionType.ACCOMPAGNEMENT_INDIVIDUEL),
        ("  accompagnement   INDIVIDUEL ", ActionType.ACCOMPAGNEMENT_INDIVIDUEL),
        ("Equipement solidaire", ActionType.EQUIPEMENT_SOLIDAIRE),
        ("équipement SOLIDAIRE", ActionType.EQUIPEMENT_SOLIDAIRE),
        ("ÉQUIPEMENT SOLIDAIRE", ActionType.EQUIPEMENT_SOLIDAIRE),
        ("Lieu d’activité", Channel.LIEU_ACTIVITE),
        ("lieu d'activite", Channel.LIEU_ACTIVITE),
        ("a domicile", Channel.DOMICILE),
    ],
)
def test_parse_ignores_case_accents_spaces_and_apostrophe_style(text: str, expected: LabelledEnum) -> None:
    assert type(expected).parse(text) is expected
    assert type(expected).lookup(text) is expected


def test_actor_type_label_with_typographic_apostrophe_parses_from_straight_one() -> None:
    assert ActorType.parse("Centres communaux d'action sociale (CCAS)") is ActorType.CCAS
    assert ActorType.parse("ccas") is ActorType.CCAS
    assert ActorType.parse("autre") is ActorType.AUTRE


def test_certification_label_with_straight_apostrophe_parses_from_typographic_one() -> None:
    assert Certification.parse("Titre professionnel Responsable d’espace de médiation numérique") is (
        Certification.TITRE_REMN
    )


def test_unknown_value_raises_a_french_error_naming_value_and_accepted_slugs() -> None:
    with pytest.raises(InvalidInputError) as info:
        Channel.parse("par pigeon")
    message = str(info.value)
    assert "« par pigeon »" in message
    assert "canal" in message
    assert "valeurs acceptées" in message
    assert "lieu_activite, autre_lieu, domicile, a_distance" in message
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CtinError)


def test_lookup_returns_none_for_unknown_and_empty_text() -> None:
    assert Gender.lookup("inconnu") is None
    assert Gender.lookup("") is None
    with pytest.raises(InvalidInputError, match="genre"):
        Gender.parse("")


def test_same_slug_in_two_enums_maps_to_each_enum() -> None:
    assert Service.parse("aide_aux_demarches_administratives") is Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES
    assert Thematique.parse("Aide aux démarches administratives") is Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES
    assert Funder.parse("epci") is Funder.EPCI
    assert TerritoryLevel.parse("EPCI") is TerritoryLevel.EPCI


def test_normalize_label() -> None:
    assert normalize_label("  Aide aux Démarches  administratives ") == "aide aux demarches administratives"
    assert normalize_label("l’été") == normalize_label("L'ÉTÉ") == "l'ete"
    assert normalize_label("Œuvre") == normalize_label("œuvre")
