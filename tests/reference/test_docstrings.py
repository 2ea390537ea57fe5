"""The examples in the docstrings of the reference layer run and give what they show."""

import doctest
from types import ModuleType

import pytest

from afnor_ctin.model import records
from afnor_ctin.reference import geometry, names, resolve, tables


@pytest.mark.parametrize("module", [names, tables, resolve, geometry], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_territory_from_epci_example() -> None:
    finder = doctest.DocTestFinder()
    (test,) = [t for t in finder.find(records.Territory.from_epci, "from_epci", globs=vars(records)) if t.examples]
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=0, attempted=2)
