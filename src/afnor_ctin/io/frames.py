"""pandas tables of a dataset's records, with the native format's columns (:meth:`Dataset.to_pandas`).

Importing this module installs :func:`dataset_to_pandas` behind
:meth:`Dataset.to_pandas <afnor_ctin.dataset.Dataset.to_pandas>`; :mod:`afnor_ctin` imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from afnor_ctin.display import install_dataset_table
from afnor_ctin.errors import MissingExtraError, UnknownCodeError
from afnor_ctin.io._writer import table_rows
from afnor_ctin.io.schema import FILES

if TYPE_CHECKING:
    import pandas as pd

    from afnor_ctin.dataset import Dataset

__all__ = ["TABLES", "dataset_to_pandas"]

#: The entities :func:`dataset_to_pandas` knows: the native files but the territory's own row and QPVs.
TABLES = (*(f.name for f in FILES if f.entity is not None), "communes")


def dataset_to_pandas(dataset: Dataset, entity: str) -> pd.DataFrame:
    """One row per record of ``entity`` (``acteurs``, ``actions``…, ``communes``), native columns and codes.

    Dates are pandas timestamps; multi-valued cells are lists.

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When ``entity`` is not a table name of :data:`TABLES`.
    afnor_ctin.errors.MissingExtraError
        When pandas is not installed.
    """
    schema = next((f for f in FILES if f.name == entity and entity in TABLES), None)
    if schema is None:
        raise UnknownCodeError(f"table « {entity} » inconnue (connues : {', '.join(TABLES)})")
    try:
        import pandas
    except ImportError as exc:
        raise MissingExtraError(
            "cette fonction a besoin de pandas, qui n'est pas installé : pip install 'afnor-ctin[notebook]'"
        ) from exc
    columns = [c.name for c in schema.columns]
    frame: pd.DataFrame = pandas.DataFrame(list(table_rows(dataset, schema)), columns=columns)
    for column in schema.columns:
        if column.type == "date":
            frame[column.name] = pandas.to_datetime(frame[column.name])
    return frame


def _install(dataset: Any, entity: str) -> Any:
    return dataset_to_pandas(dataset, entity)


install_dataset_table(_install)
