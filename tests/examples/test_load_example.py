import pytest

import afnor_ctin.examples.la_rochelle as la_rochelle
from afnor_ctin.errors import UnknownCodeError
from afnor_ctin.examples import EXAMPLES, load_example


def test_unknown_name_lists_the_known_examples() -> None:
    with pytest.raises(UnknownCodeError) as info:
        load_example("bordeaux")
    message = str(info.value)
    assert "bordeaux" in message
    assert "la-rochelle" in message
    assert isinstance(info.value, LookupError)


def test_load_example_is_cached_and_tolerant_of_case_and_spaces() -> None:
    first = load_example("la-rochelle")
    assert load_example(" La-Rochelle ") is first


def test_every_example_is_registered_and_loads() -> None:
    for name in EXAMPLES:
        assert load_example(name).counts()["actions"] > 0


def test_the_example_says_it_is_fictional_wherever_it_is_shown() -> None:
    ds = load_example("la-rochelle")
    assert "données fictives" in ds.territory.name
    assert "données fictives" in repr(ds)
    assert "fictives" in EXAMPLES["la-rochelle"].lower()
    assert la_rochelle.__doc__ is not None
    assert "données d'activité sont fictives" in la_rochelle.__doc__
