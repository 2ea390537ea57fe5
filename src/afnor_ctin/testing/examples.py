"""Small, fully known datasets: the worked example of the indicator specification.

The worked example is data: native-format files shipped in ``afnor_ctin/testing/worked-example/``
(``territoire.csv``, ``communes.csv``, ``acteurs.csv``…), read by the library's own reader
(:func:`~afnor_ctin.io.native.read_dataset`, strictly: any issue is an error of the library).

>>> ds = worked_example()
>>> ds.counts()["actions"], ds.territory.centre
(12, '99001')
"""

from __future__ import annotations

from importlib import resources

from afnor_ctin.dataset import Dataset
from afnor_ctin.io.native import read_dataset
from afnor_ctin.model import Territory
from afnor_ctin.period import Period

__all__ = ["WORKED_EXAMPLE_PERIOD", "worked_example", "worked_example_territory"]

#: Period of the worked example: the year 2024 (reference date 2024-12-31).
WORKED_EXAMPLE_PERIOD = Period.year(2024)


def worked_example_territory() -> Territory:
    """The three-commune territory of the worked example (Alpha, Beta, Gamma)."""
    return worked_example().territory


def worked_example() -> Dataset:
    """The dataset of the worked example of the indicator specification (golden test)."""
    with resources.as_file(resources.files(__package__).joinpath("worked-example")) as folder:
        dataset, _report = read_dataset(folder, strict=True)
    return dataset
