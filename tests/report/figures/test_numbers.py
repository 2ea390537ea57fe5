import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin.report.figures.numbers import axis_caption, format_quantity, nice_ticks, tick_unit

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (12292, "actions", "12_292_actions"),
        (0.8382547, "part", "83,8_%"),
        (1.0, "part", "100_%"),
        (0.0, "part", "0_%"),
        (37.0, "%", "37_%"),
        (1250, "€", "1_250_€"),
        (283860.2163, "€", "283_860_€"),
        (14.4598, "€", "14,46_€"),
        (0.6335949, "indice", "0,63"),
        (158.25725, "accompagnements pour 1 000 habitants", "158,3_accompagnements pour 1 000 habitants"),
        (1, "accompagnements pour 1 000 habitants", "1_accompagnement pour 1 000 habitants"),
        (1, "acteurs", "1_acteur"),
        (0, "acteurs", "0_acteur"),
        (1.5, "personnes", "1,5_personne"),
        (2, "personnes", "2_personnes"),
        (1, "lieux", "1_lieu"),
        (1, "équipements et connexions", "1_équipement et connexion"),
        (1234567, "", "1_234_567"),
        (0.25, "", "0,25"),
        (-3, "", "-3"),
        (-0.001, "", "0"),
    ],
)
def test_french_quantities(value: float, unit: str, expected: str) -> None:
    assert format_quantity(value, unit) == expected.replace("_", NBSP)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_values_print_a_dash(value: float) -> None:
    assert format_quantity(value, "actions") == "—"


def test_symbol_units_stay_on_ticks_and_words_go_to_the_caption() -> None:
    assert (tick_unit("part"), axis_caption("part")) == ("part", "")
    assert (tick_unit("€"), axis_caption("€")) == ("€", "")
    assert (tick_unit("actions"), axis_caption("actions")) == ("", "actions")


@given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False), st.integers(min_value=1, max_value=10))
def test_ticks_start_at_zero_and_cover_the_maximum_in_equal_round_steps(maximum: float, count: int) -> None:
    ticks = nice_ticks(maximum, count)
    assert ticks[0] == 0
    assert ticks[-1] >= maximum * (1 - 1e-9)
    steps = {round(b - a, 9 - int(math.log10(ticks[1]))) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    mantissa = ticks[1] / 10 ** math.floor(math.log10(ticks[1]))
    assert round(mantissa, 6) in (1.0, 2.0, 2.5, 5.0)
    assert len(ticks) - 1 <= 2 * count + 1
    # The last tick is the first round step at or above the maximum.
    assert ticks[-2] < maximum


@pytest.mark.parametrize("maximum", [0.0, -5.0, math.nan])
def test_ticks_of_nothing(maximum: float) -> None:
    assert nice_ticks(maximum) == (0.0, 1.0)
