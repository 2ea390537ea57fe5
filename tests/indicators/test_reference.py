"""Every indicator against a deliberately naive restatement of the specification, on random datasets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afnor_ctin import evaluate
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example
from afnor_ctin.testing.strategies import datasets, periods

from .naive import naive


def _check(ds, period):
    report = evaluate(ds, period)
    expected = naive(ds, period)
    for code, values in expected.items():
        result = report[code]
        for name, value in values.items():
            got = result.value if name == "value" else result.components[name]
            if value is None or got is None:
                assert got == value, (code, name, got, value)
            else:
                assert got == pytest.approx(value, rel=1e-9, abs=1e-9), (code, name, got, value)


def test_naive_restatement_agrees_on_the_worked_example():
    _check(worked_example(), WORKED_EXAMPLE_PERIOD)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(ds=datasets(), period=periods())
def test_library_matches_naive_restatement(ds, period):
    _check(ds, period)


@given(ds=datasets(max_actions=25), period=periods(), data=st.data())
def test_library_matches_naive_restatement_quick(ds, period, data):
    _check(ds, period)
