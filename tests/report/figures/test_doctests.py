"""The examples in the figure modules' docstrings run and give what they show."""

import doctest
import importlib

import pytest

MODULES = ["charts", "classes", "maps", "numbers", "svg"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"afnor_ctin.report.figures.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
