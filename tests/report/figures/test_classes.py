import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.figures import classify
from afnor_ctin.report.figures.classes import CATEGORY_COLOURS, SEQUENTIAL

NBSP = "\u00a0"

codes = st.text(alphabet="0123456789", min_size=5, max_size=5)
numbers = st.one_of(st.none(), st.integers(0, 10_000), st.floats(0, 1e6, allow_nan=False))


@given(st.dictionaries(codes, numbers, max_size=60), st.integers(1, 7))
def test_every_value_is_in_exactly_one_ordered_class(values: dict[str, float | None], k: int) -> None:
    classes = classify(values, classes=k, unit="actions")
    members = [c for cls in classes for c in cls.communes]
    assert sorted(members) == sorted(c for c, v in values.items() if v is not None)
    assert len(members) == len(set(members))
    assert len(classes) <= k
    for cls in classes:
        assert cls.communes
        assert cls.label
        assert cls.lower == min(float(values[c]) for c in cls.communes)  # type: ignore[arg-type]
        assert cls.upper == max(float(values[c]) for c in cls.communes)  # type: ignore[arg-type]
    for a, b in itertools.pairwise(classes):
        assert a.upper < b.lower  # type: ignore[operator]
    if classes:
        assert [c.fill for c in classes] == list(SEQUENTIAL[len(classes)])


def test_quantile_classes_hold_similar_numbers_of_communes() -> None:
    values = {f"{i:05d}": float(i) for i in range(1, 101)}
    classes = classify(values, classes=5)
    assert [len(c.communes) for c in classes] == [20, 20, 20, 20, 20]
    assert next(c.label for c in classes) == "1 – 20"


def test_zero_is_a_class_of_its_own() -> None:
    values = {"a": 0, "b": 0, "c": 1, "d": 8297, "e": 35}
    classes = classify(values, classes=3, unit="actions")
    assert [(c.label, c.communes) for c in classes] == [
        ("0", ("a", "b")),
        ("1 – 35", ("c", "e")),
        (f"8{NBSP}297", ("d",)),
    ]


def test_all_equal_and_few_values() -> None:
    assert [(c.label, c.communes) for c in classify({"a": 3, "b": 3})] == [("3", ("a", "b"))]
    assert [c.label for c in classify({"a": 0, "b": 0})] == ["0"]
    assert [c.label for c in classify({"a": 1, "b": 2, "c": 2})] == ["1", "2"]
    assert classify({}) == ()
    assert classify({"a": None}) == ()


def test_labels_are_in_the_unit() -> None:
    classes = classify({"a": 0.25, "b": 0.5, "c": 0.838}, classes=3, unit="part")
    assert [c.label for c in classes] == [f"25{NBSP}%", f"50{NBSP}%", f"83,8{NBSP}%"]
    money = classify({"a": 1250.0, "b": 6049.32}, classes=2, unit="€")
    assert [c.label for c in money] == [f"1{NBSP}250{NBSP}€", f"6{NBSP}049{NBSP}€"]


def test_explicit_limits_keep_empty_classes_and_include_upper_bounds() -> None:
    classes = classify({"a": 0.25, "b": 0.3, "c": 0.9}, classes=[0.25, 0.5, 0.75], unit="part")
    assert [c.label for c in classes] == [
        f"≤ 25{NBSP}%",
        f"> 25{NBSP}% et ≤ 50{NBSP}%",
        f"> 50{NBSP}% et ≤ 75{NBSP}%",
        f"> 75{NBSP}%",
    ]
    assert [c.communes for c in classes] == [("a",), ("b",), (), ("c",)]
    assert (classes[0].lower, classes[0].upper, classes[3].upper) == (None, 0.25, None)


def test_booleans_and_labels_are_categories() -> None:
    fragile = classify(
        {"a": True, "b": False, "c": True, "d": None}, categories={True: "fragile", False: "non fragile"}
    )
    assert [(c.label, c.communes, c.category) for c in fragile] == [
        ("fragile", ("a", "c"), True),
        ("non fragile", ("b",), False),
    ]
    assert [c.fill for c in fragile] == list(CATEGORY_COLOURS[:2])
    assert [c.label for c in classify({"a": True})] == ["oui", "non"]
    words = classify({"a": "rural", "b": "urbain", "c": "rural"})
    assert [(c.label, c.communes) for c in words] == [("rural", ("a", "c")), ("urbain", ("b",))]


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ({"a": 1, "b": True}, {}, "un seul type"),
        ({"a": float("nan")}, {}, "commune a : valeur « nan » non finie"),
        ({"a": 1}, {"classes": 8}, "entre 1 et 7"),
        ({"a": 1}, {"classes": 0}, "entre 1 et 7"),
        ({"a": 1}, {"classes": [0.5, 0.2]}, "strictement croissantes"),
        ({"a": "x"}, {"categories": {"y": "Y"}}, "commune a : valeur « x » absente des catégories"),
        ({str(i): str(i) for i in range(8)}, {}, "8 catégories"),
    ],
)
def test_bad_classes_are_refused_in_french(values: dict, kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        classify(values, **kwargs)
